// Issue 21 (3): contacts known only by LID. Every LID↔phone pair WhatsApp has shown us (a
// message carrying both), so a later LID-only message still maps to the phone; and opt-outs
// from a LID no mapping knows yet, applied to the phone once the pair is learned.
import type { MigrationContext } from '../src/db/migrate.js';

export async function up({ context: q }: MigrationContext): Promise<void> {
  await q(`
CREATE TABLE lid_mappings (
  lid     text PRIMARY KEY,
  phone   text NOT NULL,
  seen_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX lid_mappings_seen_idx ON lid_mappings (seen_at);
CREATE TABLE pending_lid_opt_outs (
  lid         text NOT NULL,
  session_id  integer NOT NULL REFERENCES sender_sessions(id) ON DELETE CASCADE,
  body        text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (lid, session_id)
);
`);
}

export async function down({ context: q }: MigrationContext): Promise<void> {
  await q(`DROP TABLE IF EXISTS pending_lid_opt_outs; DROP TABLE IF EXISTS lid_mappings;`);
}
