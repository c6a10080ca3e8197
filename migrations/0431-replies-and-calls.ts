// Issue 21 (5, 6): replies reach the owner, calls are rejected with a short text. A customer's
// reply to a campaign sender is kept (attributed to the latest campaign that reached that
// number from that sender) and forwarded to the owners at once or in a digest; calls are
// kept for the digest. Message logs: kept MESSAGE_RETENTION_DAYS, exported, erased with the account.
import type { MigrationContext } from '../src/db/migrate.js';

export async function up({ context: q }: MigrationContext): Promise<void> {
  await q(`
ALTER TABLE accounts
  ADD COLUMN replies_mode text NOT NULL DEFAULT 'now' CHECK (replies_mode IN ('now', 'hourly', 'off')),
  ADD COLUMN replies_digest_at timestamptz,
  ADD COLUMN call_reply text;
CREATE TABLE customer_replies (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id    integer NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  campaign_id   integer REFERENCES campaigns(id) ON DELETE SET NULL,
  session_id    integer REFERENCES sender_sessions(id) ON DELETE SET NULL,
  wa_message_id text NOT NULL,
  phone         text NOT NULL,
  reply_jid     text,
  name          text,
  body          text NOT NULL DEFAULT '',
  media_kind    text,
  received_at   timestamptz NOT NULL DEFAULT now(),
  forwarded_at  timestamptz,
  UNIQUE (session_id, wa_message_id)
);
CREATE INDEX customer_replies_campaign_idx ON customer_replies (campaign_id, received_at);
CREATE INDEX customer_replies_pending_idx ON customer_replies (account_id) WHERE forwarded_at IS NULL;
CREATE INDEX customer_replies_phone_idx ON customer_replies (account_id, phone, received_at);
CREATE INDEX customer_replies_received_idx ON customer_replies (received_at);
CREATE TABLE missed_calls (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id  integer REFERENCES accounts(id) ON DELETE CASCADE,
  session_id  integer REFERENCES sender_sessions(id) ON DELETE SET NULL,
  call_id     text NOT NULL,
  phone       text,
  lid         text,
  called_at   timestamptz NOT NULL DEFAULT now(),
  texted      boolean NOT NULL DEFAULT false,
  reported_at timestamptz,
  UNIQUE (session_id, call_id)
);
CREATE INDEX missed_calls_pending_idx ON missed_calls (account_id) WHERE reported_at IS NULL;
CREATE INDEX missed_calls_called_idx ON missed_calls (called_at);
CREATE TABLE owner_replies (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id   integer NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  session_id   integer REFERENCES sender_sessions(id) ON DELETE SET NULL,
  member_id    integer REFERENCES members(id) ON DELETE SET NULL,
  phone        text NOT NULL,
  body         text NOT NULL,
  wa_message_id text NOT NULL,
  send_at      timestamptz NOT NULL,
  status       text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX owner_replies_created_idx ON owner_replies (created_at);
`);
}

export async function down({ context: q }: MigrationContext): Promise<void> {
  await q(`DROP TABLE IF EXISTS owner_replies; DROP TABLE IF EXISTS missed_calls; DROP TABLE IF EXISTS customer_replies;
ALTER TABLE accounts DROP COLUMN IF EXISTS replies_mode, DROP COLUMN IF EXISTS replies_digest_at, DROP COLUMN IF EXISTS call_reply;`);
}
