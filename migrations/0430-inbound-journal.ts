// Issue 21 (4): no inbound message is lost. Every inbound message is written here (deduplicated
// by session and WhatsApp id) before anything acts on it; `handled_at` is set once the router
// has handled it, so a message a crash left unhandled is handled again on restart. A message
// log like any other: kept MESSAGE_RETENTION_DAYS, erased with the account.
import type { MigrationContext } from '../src/db/migrate.js';

export async function up({ context: q }: MigrationContext): Promise<void> {
  await q(`
CREATE TABLE inbound_messages (
  session_id    integer NOT NULL REFERENCES sender_sessions(id) ON DELETE CASCADE,
  wa_message_id text NOT NULL,
  from_phone    text,
  from_lid      text,
  reply_jid     text,
  body          text NOT NULL DEFAULT '',
  media         jsonb,
  sent_at       timestamptz NOT NULL,
  received_at   timestamptz NOT NULL DEFAULT now(),
  handled_at    timestamptz,
  attempts      integer NOT NULL DEFAULT 0,
  next_try_at   timestamptz,
  outcome       text,
  PRIMARY KEY (session_id, wa_message_id)
);
CREATE INDEX inbound_messages_unhandled_idx ON inbound_messages (received_at) WHERE handled_at IS NULL;
CREATE INDEX inbound_messages_received_idx ON inbound_messages (received_at);
CREATE INDEX inbound_messages_phone_idx ON inbound_messages (from_phone);
`);
}

export async function down({ context: q }: MigrationContext): Promise<void> {
  await q(`DROP TABLE IF EXISTS inbound_messages;`);
}
