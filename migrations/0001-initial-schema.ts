// The whole data model of DESIGN.md section 4. Landed migrations are never edited:
// a change is a new numbered file.
import type { MigrationContext } from '../src/db/migrate.js';

export async function up({ context: q }: MigrationContext): Promise<void> {
  await q(`
CREATE TABLE plans (
  id                  integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name                text NOT NULL UNIQUE,
  price_minor         integer NOT NULL DEFAULT 0 CHECK (price_minor >= 0),
  currency            text NOT NULL DEFAULT 'PKR',
  period              text NOT NULL DEFAULT 'monthly' CHECK (period IN ('monthly','quarterly','yearly')),
  daily_limit         integer NOT NULL DEFAULT 10000 CHECK (daily_limit >= 0),
  senders_allowed     integer NOT NULL DEFAULT 2 CHECK (senders_allowed >= 0),
  min_campaign_size   integer NOT NULL DEFAULT 1000 CHECK (min_campaign_size >= 0),
  credits_per_message integer NOT NULL DEFAULT 1 CHECK (credits_per_message >= 0),
  api_quota_per_day   integer NOT NULL DEFAULT 1000 CHECK (api_quota_per_day >= 0),
  pacing_min_ms       integer CHECK (pacing_min_ms >= 0),
  pacing_max_ms       integer CHECK (pacing_max_ms >= pacing_min_ms),
  sender_daily_cap    integer CHECK (sender_daily_cap >= 0),
  created_at          timestamptz NOT NULL DEFAULT now()
);
INSERT INTO plans (name) VALUES ('default');

CREATE TABLE accounts (
  id                integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name              text NOT NULL,
  status            text NOT NULL DEFAULT 'active' CHECK (status IN ('active','suspended','erased')),
  plan_id           integer NOT NULL REFERENCES plans(id),
  default_country   text NOT NULL DEFAULT 'PK' CHECK (default_country ~ '^[A-Z]{2}$'),
  timezone          text NOT NULL DEFAULT 'Asia/Karachi',
  quiet_start_hour  smallint CHECK (quiet_start_hour BETWEEN 0 AND 23),
  quiet_end_hour    smallint CHECK (quiet_end_hour BETWEEN 0 AND 23),
  language          text NOT NULL DEFAULT 'en' CHECK (language IN ('en','tr','ur')),
  suspended_reason  text,
  suspended_at      timestamptz,
  erased_at         timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE members (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id  integer NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  phone       text NOT NULL UNIQUE CHECK (phone ~ '^\\+[1-9][0-9]{6,14}$'),
  lid         text UNIQUE,
  name        text,
  role        text NOT NULL DEFAULT 'owner' CHECK (role IN ('owner','manager','viewer')),
  language    text CHECK (language IN ('en','tr','ur')),
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX members_account_idx ON members(account_id);

CREATE TABLE admin_users (
  id                    integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email                 text NOT NULL,
  password_hash         text NOT NULL,
  role                  text NOT NULL DEFAULT 'admin' CHECK (role IN ('admin','viewer')),
  must_change_password  boolean NOT NULL DEFAULT false,
  failed_logins         integer NOT NULL DEFAULT 0,
  locked_until          timestamptz,
  last_login_at         timestamptz,
  last_login_ip         text,
  created_at            timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX admin_users_email_idx ON admin_users (lower(email));

CREATE TABLE login_events (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  admin_user_id  integer REFERENCES admin_users(id) ON DELETE SET NULL,
  email          text,
  ip             text,
  user_agent     text,
  success        boolean NOT NULL,
  at             timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_events_at_idx ON login_events(at);
CREATE INDEX login_events_user_idx ON login_events(admin_user_id, at DESC);

CREATE TABLE password_resets (
  id             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  admin_user_id  integer NOT NULL REFERENCES admin_users(id) ON DELETE CASCADE,
  code_hash      text NOT NULL,
  expires_at     timestamptz NOT NULL,
  used_at        timestamptz,
  created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE terms_versions (
  id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  version       text NOT NULL UNIQUE,
  body          text NOT NULL,
  published_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE terms_acceptances (
  id                integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  terms_version_id  integer NOT NULL REFERENCES terms_versions(id),
  account_id        integer REFERENCES accounts(id) ON DELETE SET NULL,
  member_id         integer REFERENCES members(id) ON DELETE SET NULL,
  admin_user_id     integer REFERENCES admin_users(id) ON DELETE SET NULL,
  phone             text,
  ip                text,
  user_agent        text,
  accepted_at       timestamptz NOT NULL DEFAULT now(),
  CHECK (member_id IS NOT NULL OR admin_user_id IS NOT NULL OR account_id IS NOT NULL)
);
CREATE INDEX terms_acceptances_member_idx ON terms_acceptances(member_id, terms_version_id);
CREATE INDEX terms_acceptances_admin_idx ON terms_acceptances(admin_user_id, terms_version_id);

CREATE TABLE subscriptions (
  id                    integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id            integer NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  plan_id               integer NOT NULL REFERENCES plans(id),
  status                text NOT NULL DEFAULT 'active' CHECK (status IN ('active','past_due','cancelled')),
  period                text NOT NULL CHECK (period IN ('monthly','quarterly','yearly')),
  current_period_start  timestamptz NOT NULL,
  current_period_end    timestamptz NOT NULL CHECK (current_period_end > current_period_start),
  created_at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX subscriptions_account_idx ON subscriptions(account_id);

-- Billing rows carry no ON DELETE CASCADE: they are kept 7 years even after an erasure.
CREATE TABLE invoices (
  id               integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id       integer NOT NULL REFERENCES accounts(id),
  subscription_id  integer REFERENCES subscriptions(id) ON DELETE SET NULL,
  amount_minor     integer NOT NULL CHECK (amount_minor >= 0),
  currency         text NOT NULL DEFAULT 'PKR',
  period_start     timestamptz,
  period_end       timestamptz,
  due_at           timestamptz NOT NULL,
  status           text NOT NULL DEFAULT 'open' CHECK (status IN ('open','paid','void')),
  paid_at          timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX invoices_due_idx ON invoices(status, due_at);
CREATE INDEX invoices_created_idx ON invoices(created_at);

CREATE TABLE payments (
  id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id    integer NOT NULL REFERENCES accounts(id),
  invoice_id    integer REFERENCES invoices(id),
  amount_minor  integer NOT NULL CHECK (amount_minor >= 0),
  credits       integer NOT NULL DEFAULT 0 CHECK (credits >= 0),
  method        text NOT NULL CHECK (method IN ('jazzcash','easypaisa','bank','cash','other')),
  reference     text NOT NULL,
  recorded_by   integer REFERENCES admin_users(id) ON DELETE SET NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payments_created_idx ON payments(created_at);

CREATE TABLE topup_requests (
  id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id   integer NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  member_id    integer REFERENCES members(id) ON DELETE SET NULL,
  credits      integer NOT NULL CHECK (credits > 0),
  status       text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','approved','rejected')),
  decided_by   integer REFERENCES admin_users(id) ON DELETE SET NULL,
  decided_at   timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE contact_lists (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id  integer NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX contact_lists_name_idx ON contact_lists(account_id, lower(name));

CREATE TABLE contacts (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  list_id     integer NOT NULL REFERENCES contact_lists(id) ON DELETE CASCADE,
  phone       text NOT NULL CHECK (phone ~ '^\\+[1-9][0-9]{6,14}$'),
  name        text,
  variables   jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (list_id, phone)
);

CREATE TABLE suppressions (
  account_id  integer NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  phone       text NOT NULL,
  source      text NOT NULL CHECK (source IN ('reply','admin','owner','import')),
  note        text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, phone)
);

CREATE TABLE sender_sessions (
  id                   integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id           integer REFERENCES accounts(id) ON DELETE CASCADE,
  label                text,
  phone                text,
  lid                  text,
  purpose              text NOT NULL DEFAULT 'both' CHECK (purpose IN ('commands','campaigns','both')),
  transport            text NOT NULL DEFAULT 'whatsapp' CHECK (transport IN ('whatsapp','sandbox')),
  status               text NOT NULL DEFAULT 'new'
                       CHECK (status IN ('new','connecting','open','closed','needs_relink','logged_out','paused','replaced','removed')),
  status_reason        text,
  consecutive_errors   integer NOT NULL DEFAULT 0,
  paused_reason        text,
  owner_id             text,
  lease_until          timestamptz,
  next_send_at         timestamptz NOT NULL DEFAULT now(),
  pacing_min_ms        integer CHECK (pacing_min_ms >= 0),
  pacing_max_ms        integer CHECK (pacing_max_ms >= pacing_min_ms),
  daily_cap            integer CHECK (daily_cap >= 0),
  warmup               boolean NOT NULL DEFAULT true,
  sent_today           integer NOT NULL DEFAULT 0,
  sent_today_date      date,
  linked_at            timestamptz,
  last_seen_at         timestamptz,
  created_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sender_sessions_lease_idx ON sender_sessions(lease_until);
CREATE INDEX sender_sessions_account_idx ON sender_sessions(account_id);

CREATE TABLE wa_creds (
  session_id  integer PRIMARY KEY REFERENCES sender_sessions(id) ON DELETE CASCADE,
  data        bytea NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE wa_keys (
  session_id  integer NOT NULL REFERENCES sender_sessions(id) ON DELETE CASCADE,
  type        text NOT NULL,
  key_id      text NOT NULL,
  data        bytea NOT NULL,
  PRIMARY KEY (session_id, type, key_id)
);

CREATE TABLE campaigns (
  id               integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id       integer NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  list_id          integer REFERENCES contact_lists(id) ON DELETE SET NULL,
  name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
  body             text NOT NULL,
  status           text NOT NULL DEFAULT 'draft'
                   CHECK (status IN ('draft','demo_sent','running','paused','completed','cancelled')),
  demo_body_hash   text,
  demo_sent_at     timestamptz,
  recipients       integer NOT NULL DEFAULT 0,
  skipped          integer NOT NULL DEFAULT 0,
  credits_reserved integer NOT NULL DEFAULT 0,
  created_by       integer REFERENCES members(id) ON DELETE SET NULL,
  launched_at      timestamptz,
  paused_at        timestamptz,
  completed_at     timestamptz,
  cancelled_at     timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX campaigns_name_idx ON campaigns(account_id, lower(name));
CREATE INDEX campaigns_running_idx ON campaigns(status) WHERE status = 'running';

-- One row per recipient of a launched campaign (stable table name; see DESIGN.md §5).
CREATE TABLE outbox (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  campaign_id        integer NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  account_id         integer NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  phone              text NOT NULL,
  name               text,
  variables          jsonb NOT NULL DEFAULT '{}'::jsonb,
  body               text,
  status             text NOT NULL DEFAULT 'queued'
                     CHECK (status IN ('queued','sending','sent','delivered','read','failed','uncertain','skipped')),
  reason             text,
  wa_message_id      text UNIQUE,
  sender_session_id  integer REFERENCES sender_sessions(id) ON DELETE SET NULL,
  attempts           integer NOT NULL DEFAULT 0,
  credit_state       text NOT NULL DEFAULT 'reserved' CHECK (credit_state IN ('reserved','debited','released','none')),
  claimed_at         timestamptz,
  sent_at            timestamptz,
  delivered_at       timestamptz,
  read_at            timestamptz,
  failed_at          timestamptz,
  anonymised_at      timestamptz,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  UNIQUE (campaign_id, phone)
);
-- The claim query: oldest queued rows of a campaign.
CREATE INDEX outbox_claim_idx ON outbox(campaign_id, id) WHERE status = 'queued';
-- Crash reconciliation looks only at rows left in flight.
CREATE INDEX outbox_sending_idx ON outbox(claimed_at) WHERE status = 'sending';
-- Retention walks old, not yet anonymised rows.
CREATE INDEX outbox_retention_idx ON outbox(created_at) WHERE anonymised_at IS NULL;
CREATE INDEX outbox_campaign_status_idx ON outbox(campaign_id, status);

-- Sent WAMessages so Baileys' getMessage can answer retry requests.
CREATE TABLE sent_messages (
  wa_message_id  text PRIMARY KEY,
  session_id     integer REFERENCES sender_sessions(id) ON DELETE CASCADE,
  message        bytea NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sent_messages_created_idx ON sent_messages(created_at);

-- Inbound message ids already handled: a restart or a redelivery never re-runs a command.
CREATE TABLE inbound_seen (
  wa_message_id  text NOT NULL,
  session_id     integer NOT NULL,
  received_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (session_id, wa_message_id)
);
CREATE INDEX inbound_seen_received_idx ON inbound_seen(received_at);

CREATE TABLE pending_confirmations (
  code        text NOT NULL,
  member_id   integer NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  command_id  text NOT NULL,
  args        jsonb NOT NULL DEFAULT '{}'::jsonb,
  expires_at  timestamptz NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (member_id, code)
);

CREATE TABLE audit_log (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at          timestamptz NOT NULL DEFAULT now(),
  actor_type  text NOT NULL CHECK (actor_type IN ('admin','member','system')),
  actor_id    integer,
  actor_label text,
  account_id  integer REFERENCES accounts(id) ON DELETE SET NULL,
  action      text NOT NULL,
  details     jsonb NOT NULL DEFAULT '{}'::jsonb,
  ip          text
);
CREATE INDEX audit_log_at_idx ON audit_log(at);
CREATE INDEX audit_log_account_idx ON audit_log(account_id, at);

-- Stable table name; see DESIGN.md §5.
CREATE TABLE sandbox_messages (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  session_id     integer REFERENCES sender_sessions(id) ON DELETE SET NULL,
  direction      text NOT NULL CHECK (direction IN ('in','out')),
  from_phone     text,
  to_phone       text,
  body           text,
  media          jsonb,
  wa_message_id  text,
  status         text,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sandbox_messages_created_idx ON sandbox_messages(created_at);
CREATE INDEX sandbox_messages_msgid_idx ON sandbox_messages(wa_message_id);

CREATE TABLE billing_reminders (
  invoice_id  integer NOT NULL REFERENCES invoices(id),
  day         date NOT NULL,
  kind        text NOT NULL,
  sent_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (invoice_id, day, kind)
);

CREATE TABLE settings (
  key    text PRIMARY KEY,
  value  jsonb NOT NULL
);

-- express-session store (connect-pg-simple's layout).
CREATE TABLE http_sessions (
  sid     varchar NOT NULL PRIMARY KEY,
  sess    json NOT NULL,
  expire  timestamp(6) NOT NULL
);
CREATE INDEX http_sessions_expire_idx ON http_sessions(expire);

-- Credit ledger: append-only. "available" is spendable balance, "reserved" is held for
-- running campaigns; both are sums of deltas and may never go below zero.
CREATE TABLE credit_ledger (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id       integer NOT NULL REFERENCES accounts(id),
  kind             text NOT NULL CHECK (kind IN ('topup','reserve','debit','release','refund','adjustment')),
  available_delta  integer NOT NULL,
  reserved_delta   integer NOT NULL DEFAULT 0,
  campaign_id      integer REFERENCES campaigns(id) ON DELETE SET NULL,
  reference        text,
  actor            text,
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX credit_ledger_account_idx ON credit_ledger(account_id);
CREATE INDEX credit_ledger_created_idx ON credit_ledger(created_at);

CREATE FUNCTION credit_ledger_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    -- Only the foreign key cleanup of a deleted campaign may touch a row.
    IF NEW.campaign_id IS NULL AND OLD.campaign_id IS NOT NULL
       AND (to_jsonb(NEW) - 'campaign_id') = (to_jsonb(OLD) - 'campaign_id') THEN
      RETURN NEW;
    END IF;
    RAISE EXCEPTION 'credit_ledger is append-only';
  END IF;
  -- Deletion only for rows past the billing retention period (retention-purge job).
  IF OLD.created_at > now() - make_interval(years => coalesce(nullif(current_setting('wa.billing_retention_years', true), '')::int, 7)) THEN
    RAISE EXCEPTION 'credit_ledger is append-only';
  END IF;
  RETURN OLD;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER credit_ledger_append_only BEFORE UPDATE OR DELETE ON credit_ledger
  FOR EACH ROW EXECUTE FUNCTION credit_ledger_append_only();
`);
}

export async function down({ context: q }: MigrationContext): Promise<void> {
  await q(`
DROP TABLE IF EXISTS credit_ledger, http_sessions, settings, billing_reminders, sandbox_messages, audit_log,
  pending_confirmations, inbound_seen, sent_messages, outbox, campaigns, wa_keys, wa_creds, sender_sessions,
  suppressions, contacts, contact_lists, topup_requests, payments, invoices, subscriptions, terms_acceptances,
  terms_versions, password_resets, login_events, admin_users, members, accounts, plans CASCADE;
DROP FUNCTION IF EXISTS credit_ledger_append_only();
`);
}
