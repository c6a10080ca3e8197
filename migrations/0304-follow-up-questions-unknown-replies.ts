// Issue 12: a follow-up question waiting for its answer (one per member, it survives a
// restart and expires), and the day's log of replies to numbers that are not members
// (at most one a day per number; rows older than two days are deleted as new ones come).
import type { MigrationContext } from '../src/db/migrate.js';

export async function up({ context: q }: MigrationContext): Promise<void> {
  await q(`
CREATE TABLE pending_questions (
  member_id   integer PRIMARY KEY REFERENCES members(id) ON DELETE CASCADE,
  command_id  text NOT NULL,
  args        jsonb NOT NULL DEFAULT '{}'::jsonb,
  arg         text NOT NULL,
  candidates  jsonb NOT NULL DEFAULT '[]'::jsonb,
  lang        text NOT NULL CHECK (lang IN ('en','tr','ur')),
  expires_at  timestamptz NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE unknown_number_replies (
  phone       text NOT NULL,
  day         date NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('access','opt_out')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (phone, day, kind)
);
CREATE INDEX unknown_number_replies_day_idx ON unknown_number_replies(day);
`);
}

export async function down({ context: q }: MigrationContext): Promise<void> {
  await q(`DROP TABLE IF EXISTS pending_questions, unknown_number_replies;`);
}
