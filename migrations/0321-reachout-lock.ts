// Issue 21 (2): the reach-out timelock. A sender's lock as WhatsApp last reported it (until
// when, and the end we already told the owner about), its 463 answers in a row, and the
// contacts who wrote to it: the only ones a locked sender may still send to.
import type { MigrationContext } from '../src/db/migrate.js';

export async function up({ context: q }: MigrationContext): Promise<void> {
  await q(`
ALTER TABLE sender_sessions
  ADD COLUMN reachout_locked_until timestamptz,
  ADD COLUMN reachout_told_until timestamptz,
  ADD COLUMN reachout_strikes integer NOT NULL DEFAULT 0 CHECK (reachout_strikes >= 0);
CREATE TABLE sender_contacts (
  session_id      integer NOT NULL REFERENCES sender_sessions(id) ON DELETE CASCADE,
  phone           text NOT NULL,
  last_inbound_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (session_id, phone)
);
CREATE INDEX sender_contacts_last_inbound_idx ON sender_contacts (last_inbound_at);
`);
}

export async function down({ context: q }: MigrationContext): Promise<void> {
  await q(`
DROP TABLE IF EXISTS sender_contacts;
ALTER TABLE sender_sessions DROP COLUMN IF EXISTS reachout_locked_until, DROP COLUMN IF EXISTS reachout_told_until,
  DROP COLUMN IF EXISTS reachout_strikes;
`);
}
