// A router on a real test database with a fake clock; replies are collected per phone,
// the way the sandbox channel would deliver them.
import { readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAccount, addMember, type MemberRole } from '../../src/accounts.js';
import { FakeClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import type { Ctx } from '../../src/context.js';
import type { Db } from '../../src/db/database.js';
import type { InboundMessage, MediaHandle, OutgoingContent } from '../../src/gateway/channel.js';
import { createRouter, type Router } from '../../src/router/router.js';
import { recordTermsAcceptance } from '../../src/terms.js';
import { silentLog } from '../helpers/pg.js';

export interface Sent {
  sessionId: number;
  to: string;
  content: OutgoingContent;
}

export interface World {
  ctx: Ctx;
  clock: FakeClock;
  router: Router;
  sent: Sent[];
  /** Plays one inbound message and returns the texts sent back to that phone. */
  send(from: string, text: string, opts?: { id?: string; media?: MediaHandle; sessionId?: number; lid?: string }): Promise<string[]>;
  /** Documents sent back for the last message. */
  lastFiles: Array<Extract<OutgoingContent, { kind: 'document' }>>;
  newAccount(opts?: { phone?: string; credits?: number; acceptTerms?: boolean; language?: 'en' | 'tr' | 'ur' }): Promise<{ accountId: number; phone: string; memberId: number }>;
  addMember(accountId: number, phone: string, role: MemberRole): Promise<void>;
}

let seq = 0;
let phoneSeq = 1000000;

export function nextPhone(): string {
  return `+92300${String(phoneSeq++).padStart(7, '0')}`;
}

export async function createWorld(db: Db, env: Record<string, string> = {}): Promise<World> {
  const clock = new FakeClock(new Date('2026-03-02T09:00:00Z'));
  const config = loadConfig({ DATA_DIR: path.join(os.tmpdir(), 'wa-chatops-test-data'), COMMAND_RATE_LIMIT: '1000', ...env });
  const ctx: Ctx = { config, db, log: silentLog, clock };
  const sent: Sent[] = [];
  const router = await createRouter(ctx, {
    reply: async (sessionId, to, content) => {
      // A document sent from a file is read now, as a channel would: the router deletes temporary files after sending.
      // (Large ones, as in the memory test, are only measured: reading them would be the memory under test.)
      if (content.kind === 'document' && content.path) {
        content = statSync(content.path).size <= 5 * 1024 * 1024 ? { ...content, data: readFileSync(content.path), path: undefined } : { ...content };
      }
      sent.push({ sessionId, to, content });
    },
  });
  await router.ready();
  const world: World = {
    ctx, clock, router, sent, lastFiles: [],
    async send(from, text, opts = {}) {
      const start = sent.length;
      const msg: InboundMessage = {
        sessionId: opts.sessionId ?? 1, id: opts.id ?? `test-${process.pid}-${seq++}`, fromPhone: from, fromLid: opts.lid,
        text, media: opts.media, timestamp: clock.now(),
      };
      await router.handle(msg);
      const mine = sent.slice(start);
      world.lastFiles = mine.flatMap((s) => (s.content.kind === 'document' ? [s.content] : []));
      return mine.filter((s) => s.to === from && s.content.kind === 'text').map((s) => (s.content as { text: string }).text);
    },
    async newAccount(opts = {}) {
      const phone = opts.phone ?? nextPhone();
      const { account, owner } = await createAccount(db, { name: `acc ${phone}`, ownerPhone: phone, credits: opts.credits, language: opts.language }, { type: 'system' });
      if (opts.acceptTerms !== false) await recordTermsAcceptance(db, { accountId: account.id, memberId: owner.id, phone });
      return { accountId: account.id, phone, memberId: owner.id };
    },
    async addMember(accountId, phone, role) {
      await addMember(db, accountId, phone, role, { type: 'system' });
    },
  };
  return world;
}

/** An attachment as the gateway hands it over. */
export function fileMedia(fileName: string, content: string | Buffer, kind: MediaHandle['kind'] = 'document', mimetype = 'text/plain'): MediaHandle {
  const data = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
  return {
    kind, fileName, mimetype, sizeBytes: data.length,
    async download(maxBytes) {
      if (data.length > maxBytes) throw new RangeError(`file larger than ${maxBytes} bytes`);
      return data;
    },
  };
}
