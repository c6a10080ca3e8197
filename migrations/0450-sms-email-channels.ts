// Issue 16: campaigns over WhatsApp, SMS or e-mail. A sender session has a channel kind
// (an SMPP bind, an HTTP SMS provider or an SMTP account is a sender session of kind sms /
// email), so claim, record and reconcile stay one code path. Outbox rows carry their
// channel (a WhatsApp row may be rerouted to SMS by the fallback) and the credits they hold
// (an SMS of 3 parts holds 3 parts' worth). E-mail opt-outs live beside the phone ones.
import type { MigrationContext } from '../src/db/migrate.js';

// GSM 03.38 default alphabet and its extension table (each extension character is sent
// as escape + character). Kept here, not imported, so this landed migration never changes.
const GSM_BASIC = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '^{}\\[~]|€\f';
const sqlText = (s: string): string => `'${s.replace(/'/g, "''")}'`;

export async function up({ context: q }: MigrationContext): Promise<void> {
  await q(`
ALTER TABLE sender_sessions ADD COLUMN channel text NOT NULL DEFAULT 'whatsapp' CHECK (channel IN ('whatsapp','sms','email'));
ALTER TABLE sender_sessions DROP CONSTRAINT IF EXISTS sender_sessions_transport_check;
ALTER TABLE sender_sessions ADD CONSTRAINT sender_sessions_transport_check
  CHECK (transport IN ('whatsapp','sandbox','smpp','sms_http','smtp'));
ALTER TABLE sender_sessions ADD CONSTRAINT sender_sessions_channel_transport_check CHECK (
  (channel = 'whatsapp' AND transport IN ('whatsapp','sandbox')) OR
  (channel = 'sms' AND transport IN ('smpp','sms_http','sandbox')) OR
  (channel = 'email' AND transport IN ('smtp','sandbox')));

ALTER TABLE plans ADD COLUMN sms_credits_per_part integer NOT NULL DEFAULT 1 CHECK (sms_credits_per_part >= 0);
ALTER TABLE plans ADD COLUMN email_credits_per_message integer NOT NULL DEFAULT 1 CHECK (email_credits_per_message >= 0);
ALTER TABLE plans ADD COLUMN sms_daily_limit integer CHECK (sms_daily_limit >= 0);
ALTER TABLE plans ADD COLUMN email_daily_limit integer CHECK (email_daily_limit >= 0);

ALTER TABLE accounts ADD COLUMN owner_email text;

ALTER TABLE contacts ADD COLUMN email text CHECK (email IS NULL OR (length(email) <= 254 AND email ~ '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$'));
CREATE UNIQUE INDEX contacts_list_email_idx ON contacts(list_id, lower(email)) WHERE email IS NOT NULL;

ALTER TABLE campaigns ADD COLUMN channel text NOT NULL DEFAULT 'whatsapp' CHECK (channel IN ('whatsapp','sms','email'));
ALTER TABLE campaigns ADD COLUMN subject text CHECK (subject IS NULL OR length(subject) <= 200);
ALTER TABLE campaigns ADD COLUMN html text;
-- WhatsApp campaigns only: 'not_registered' sends SMS to numbers WhatsApp reports as not
-- registered; 'not_registered_or_failed' also to WhatsApp sends that failed.
ALTER TABLE campaigns ADD COLUMN sms_fallback text NOT NULL DEFAULT 'none'
  CHECK (sms_fallback IN ('none','not_registered','not_registered_or_failed'));
ALTER TABLE campaigns ADD CONSTRAINT campaigns_fallback_whatsapp_check CHECK (sms_fallback = 'none' OR channel = 'whatsapp');

ALTER TABLE outbox ADD COLUMN channel text NOT NULL DEFAULT 'whatsapp' CHECK (channel IN ('whatsapp','sms','email'));
ALTER TABLE outbox ADD COLUMN email text;
-- Credits this row holds; NULL = the plan's credits_per_message (rows made before issue 16).
ALTER TABLE outbox ADD COLUMN credits integer CHECK (credits >= 0);
ALTER TABLE outbox ADD COLUMN sms_parts smallint CHECK (sms_parts >= 1);
-- Set when the row was rerouted from WhatsApp to SMS (why: not_on_whatsapp / whatsapp_failed).
ALTER TABLE outbox ADD COLUMN fallback_reason text;
CREATE INDEX outbox_claim_channel_idx ON outbox(campaign_id, channel, id) WHERE status = 'queued';

ALTER TABLE sandbox_messages ADD COLUMN channel text NOT NULL DEFAULT 'whatsapp' CHECK (channel IN ('whatsapp','sms','email'));
ALTER TABLE sandbox_messages ADD COLUMN to_email text;
ALTER TABLE sandbox_messages ADD COLUMN subject text;

-- An SMS provider answers a submit with its own id; its delivery receipts name that id.
CREATE TABLE provider_message_ids (
  session_id   integer NOT NULL REFERENCES sender_sessions(id) ON DELETE CASCADE,
  provider_id  text NOT NULL,
  message_id   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (session_id, provider_id)
);
CREATE INDEX provider_message_ids_created_idx ON provider_message_ids(created_at);

CREATE TABLE email_suppressions (
  account_id  integer NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  email       text NOT NULL CHECK (email = lower(email)),
  source      text NOT NULL CHECK (source IN ('unsubscribe','bounce','admin','owner','import')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, email)
);

-- Parts of an SMS: GSM 03.38 text is 160 septets in one part or 153 per part when
-- concatenated (extension characters take two); anything else goes as UCS-2, 70 / 67
-- UTF-16 units (characters beyond the BMP take two). Launch reserves credits with it;
-- src/channels/sms-parts.ts is the same rule in TypeScript (a test keeps them equal).
CREATE FUNCTION sms_parts(body text) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$
  SELECT CASE
    WHEN n.len = 0 THEN 1
    WHEN translate(body, ${sqlText(GSM_BASIC + GSM_EXTENDED)}, '') = '' THEN
      CASE WHEN n.len + n.ext <= 160 THEN 1 ELSE ceil((n.len + n.ext) / 153.0)::int END
    WHEN n.len + n.astral <= 70 THEN 1 ELSE ceil((n.len + n.astral) / 67.0)::int END
  FROM (SELECT length(coalesce(body, '')) AS len,
               length(coalesce(body, '')) - length(translate(coalesce(body, ''), ${sqlText(GSM_EXTENDED)}, '')) AS ext,
               length(coalesce(body, '')) - length(regexp_replace(coalesce(body, ''), '[\\U00010000-\\U0010FFFF]', '', 'g')) AS astral) n
$f$;
`);
}

export async function down({ context: q }: MigrationContext): Promise<void> {
  await q(`
DROP FUNCTION IF EXISTS sms_parts(text);
DROP TABLE IF EXISTS email_suppressions;
DROP TABLE IF EXISTS provider_message_ids;
ALTER TABLE sandbox_messages DROP COLUMN IF EXISTS subject, DROP COLUMN IF EXISTS to_email, DROP COLUMN IF EXISTS channel;
DROP INDEX IF EXISTS outbox_claim_channel_idx;
ALTER TABLE outbox DROP COLUMN IF EXISTS fallback_reason, DROP COLUMN IF EXISTS sms_parts, DROP COLUMN IF EXISTS credits,
  DROP COLUMN IF EXISTS email, DROP COLUMN IF EXISTS channel;
ALTER TABLE campaigns DROP CONSTRAINT IF EXISTS campaigns_fallback_whatsapp_check;
ALTER TABLE campaigns DROP COLUMN IF EXISTS sms_fallback, DROP COLUMN IF EXISTS html, DROP COLUMN IF EXISTS subject, DROP COLUMN IF EXISTS channel;
DROP INDEX IF EXISTS contacts_list_email_idx;
ALTER TABLE contacts DROP COLUMN IF EXISTS email;
ALTER TABLE accounts DROP COLUMN IF EXISTS owner_email;
ALTER TABLE plans DROP COLUMN IF EXISTS email_daily_limit, DROP COLUMN IF EXISTS sms_daily_limit,
  DROP COLUMN IF EXISTS email_credits_per_message, DROP COLUMN IF EXISTS sms_credits_per_part;
ALTER TABLE sender_sessions DROP CONSTRAINT IF EXISTS sender_sessions_channel_transport_check;
ALTER TABLE sender_sessions DROP CONSTRAINT IF EXISTS sender_sessions_transport_check;
DELETE FROM sender_sessions WHERE transport NOT IN ('whatsapp','sandbox');
ALTER TABLE sender_sessions ADD CONSTRAINT sender_sessions_transport_check CHECK (transport IN ('whatsapp','sandbox'));
ALTER TABLE sender_sessions DROP COLUMN IF EXISTS channel;
`);
}
