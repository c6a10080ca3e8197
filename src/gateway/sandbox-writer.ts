// Writes sandbox_messages for every sandbox channel of a process in shared batches: sends
// made in the same tick become one multi-row INSERT, receipt statuses one UPDATE per 100 ms.
// This keeps 50 sandbox senders at thousands of messages a second on a small machine.
import type { Db } from '../db/database.js';
import type { Logger } from '../logger.js';

export interface SandboxRow {
  sessionId: number; direction: 'in' | 'out'; fromPhone: string | null; toPhone: string | null;
  body: string | null; media: string | null; messageId: string; status: string;
  /** A media send's kind (image, video, audio, document), MIME type and SHA-256 of the file; null for text. */
  mediaKind?: string | null; mediaMime?: string | null; mediaSha256?: string | null;
  /** Issue 16: the SMS and e-mail sandboxes write their channel, and the address and subject of an e-mail. */
  channel?: 'whatsapp' | 'sms' | 'email'; toEmail?: string | null; subject?: string | null;
}

const STATUS_FLUSH_MS = 100;

export class SandboxWriter {
  private rows: Array<{ row: SandboxRow; done: (e?: unknown) => void }> = [];
  private statuses = new Map<string, { sessionId: number; status: string }>();
  private statusTimer: NodeJS.Timeout | undefined;

  constructor(private readonly db: Db, private readonly log: Logger) {}

  /** Resolves once the row is committed. */
  insert(row: SandboxRow): Promise<void> {
    return new Promise((resolve, reject) => {
      this.rows.push({ row, done: (e) => (e ? reject(e) : resolve()) });
      if (this.rows.length === 1) setImmediate(() => void this.flushRows());
    });
  }

  private async flushRows(): Promise<void> {
    const batch = this.rows;
    this.rows = [];
    const col = <K extends keyof SandboxRow>(k: K) => batch.map((b) => b.row[k] ?? null);
    try {
      await this.db.exec(
        `INSERT INTO sandbox_messages (session_id, direction, from_phone, to_phone, body, media, wa_message_id, status, media_kind, media_mime, media_sha256, channel, to_email, subject)
         SELECT s, d, f, t, b, m::jsonb, i, st, mk, mm, ms, coalesce(ch, 'whatsapp'), te, sj
           FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[])
             AS u(s, d, f, t, b, m, i, st, mk, mm, ms, ch, te, sj)`,
        [col('sessionId'), col('direction'), col('fromPhone'), col('toPhone'), col('body'), col('media'), col('messageId'), col('status'),
          col('mediaKind'), col('mediaMime'), col('mediaSha256'),
          batch.map((b) => b.row.channel ?? null), batch.map((b) => b.row.toEmail ?? null), batch.map((b) => b.row.subject ?? null)],
      );
      for (const b of batch) b.done();
    } catch (e) {
      for (const b of batch) b.done(e);
    }
  }

  queueStatus(sessionId: number, messageId: string, status: string): void {
    this.statuses.set(messageId, { sessionId, status });
    if (this.statusTimer) return;
    this.statusTimer = setTimeout(() => { void this.flushStatus(); }, STATUS_FLUSH_MS);
    this.statusTimer.unref(); // simulated receipts never keep the process alive
  }

  async flushStatus(): Promise<void> {
    if (this.statusTimer) clearTimeout(this.statusTimer);
    this.statusTimer = undefined;
    if (this.statuses.size === 0) return;
    const batch = [...this.statuses];
    this.statuses = new Map();
    try {
      await this.db.exec(
        `UPDATE sandbox_messages m SET status = u.status
           FROM unnest($1::text[], $2::int[], $3::text[]) AS u(id, session_id, status)
          WHERE m.wa_message_id = u.id AND m.session_id = u.session_id AND m.direction = 'out'`,
        [batch.map(([id]) => id), batch.map(([, v]) => v.sessionId), batch.map(([, v]) => v.status)],
      );
    } catch (e) {
      this.log.warn({ err: e }, 'could not record sandbox receipt statuses');
    }
  }
}

const writers = new WeakMap<Db, SandboxWriter>();

export function sandboxWriter(db: Db, log: Logger): SandboxWriter {
  let w = writers.get(db);
  if (!w) { w = new SandboxWriter(db, log); writers.set(db, w); }
  return w;
}
