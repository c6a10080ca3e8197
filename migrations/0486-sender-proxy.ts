// Issue 21 (8): a per-sender proxy (SOCKS or HTTP) for that sender's WhatsApp socket, so several
// senders on one server do not share one IP. The URL may hold a password: kept encrypted
// (AES-256-GCM with the data key, like the WhatsApp credentials).
import type { MigrationContext } from '../src/db/migrate.js';

export async function up({ context: q }: MigrationContext): Promise<void> {
  await q(`ALTER TABLE sender_sessions ADD COLUMN proxy_enc bytea;`);
}

export async function down({ context: q }: MigrationContext): Promise<void> {
  await q(`ALTER TABLE sender_sessions DROP COLUMN IF EXISTS proxy_enc;`);
}
