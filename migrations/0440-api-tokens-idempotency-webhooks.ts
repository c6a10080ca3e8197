// Issue 15: API tokens (hashed, visible prefix), the per-account daily API call count, the
// Idempotency-Key store, and webhooks (endpoints, events written in the transaction that
// causes them, one delivery per event and endpoint with its attempts).
import type { MigrationContext } from '../src/db/migrate.js';

export async function up({ context: q }: MigrationContext): Promise<void> {
  await q(`
CREATE TABLE api_tokens (
  id           serial PRIMARY KEY,
  account_id   integer NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
  prefix       text NOT NULL UNIQUE,
  token_hash   bytea NOT NULL,
  read_only    boolean NOT NULL DEFAULT false,
  created_by   text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at   timestamptz,
  -- The burst limit's fixed one-second window, counted in the row every process updates anyway.
  burst_window timestamptz,
  burst_calls  integer NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX api_tokens_live_name ON api_tokens (account_id, lower(name)) WHERE revoked_at IS NULL;

CREATE TABLE api_usage (
  account_id integer NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  day        date NOT NULL,
  calls      integer NOT NULL DEFAULT 0,
  PRIMARY KEY (account_id, day)
);

CREATE TABLE api_idempotency (
  account_id  integer NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  key         text NOT NULL,
  request_fp  text NOT NULL,
  status      integer,
  response    jsonb,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, key)
);
CREATE INDEX api_idempotency_created ON api_idempotency (created_at);

CREATE TABLE webhook_endpoints (
  id                    serial PRIMARY KEY,
  account_id            integer NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  url                   text NOT NULL,
  events                text[] NOT NULL,
  secret_enc            bytea NOT NULL,
  previous_secret_enc   bytea,
  previous_secret_until timestamptz,
  enabled               boolean NOT NULL DEFAULT true,
  disabled_reason       text,
  failing_since         timestamptz,
  created_at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_endpoints_account ON webhook_endpoints (account_id) WHERE enabled;

CREATE TABLE webhook_events (
  id         bigserial PRIMARY KEY,
  account_id integer NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  type       text NOT NULL,
  payload    jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_events_account ON webhook_events (account_id, id);

CREATE TABLE webhook_deliveries (
  id              bigserial PRIMARY KEY,
  event_id        bigint NOT NULL REFERENCES webhook_events(id) ON DELETE CASCADE,
  endpoint_id     integer NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  locked_until    timestamptz,
  last_status     integer,
  last_error      text,
  delivered_at    timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (event_id, endpoint_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, id DESC);

CREATE TABLE webhook_attempts (
  id          bigserial PRIMARY KEY,
  delivery_id bigint NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
  at          timestamptz NOT NULL DEFAULT now(),
  http_status integer,
  error       text,
  ms          integer NOT NULL
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id);
`);
}

export async function down({ context: q }: MigrationContext): Promise<void> {
  await q('DROP TABLE IF EXISTS webhook_attempts, webhook_deliveries, webhook_events, webhook_endpoints, api_idempotency, api_usage, api_tokens');
}
