// Issue 13: one state machine for a sender. "Paused" is a reason (paused_reason), beside the
// connection state in `status`, so an auto-pause and an admin pause are the same thing and a
// resume undoes either. Link requests (relink, unlink, link by pairing code) are written by
// any process and carried out by the one driving the socket: it notices link_generation move.
import type { MigrationContext } from '../src/db/migrate.js';

export async function up({ context: q }: MigrationContext): Promise<void> {
  await q(`
UPDATE sender_sessions SET status = 'closed', paused_reason = coalesce(paused_reason, 'paused by an admin') WHERE status = 'paused';
ALTER TABLE sender_sessions DROP CONSTRAINT IF EXISTS sender_sessions_status_check;
ALTER TABLE sender_sessions ADD CONSTRAINT sender_sessions_status_check
  CHECK (status IN ('new','connecting','open','closed','needs_relink','logged_out','replaced','removed'));
ALTER TABLE sender_sessions
  ADD COLUMN link_generation integer NOT NULL DEFAULT 0,
  ADD COLUMN pairing_phone text,
  ADD COLUMN pairing_code text,
  ADD COLUMN pairing_code_at timestamptz;
`);
}

export async function down({ context: q }: MigrationContext): Promise<void> {
  await q(`
ALTER TABLE sender_sessions
  DROP COLUMN IF EXISTS link_generation,
  DROP COLUMN IF EXISTS pairing_phone,
  DROP COLUMN IF EXISTS pairing_code,
  DROP COLUMN IF EXISTS pairing_code_at;
ALTER TABLE sender_sessions DROP CONSTRAINT IF EXISTS sender_sessions_status_check;
ALTER TABLE sender_sessions ADD CONSTRAINT sender_sessions_status_check
  CHECK (status IN ('new','connecting','open','closed','needs_relink','logged_out','paused','replaced','removed'));
`);
}
