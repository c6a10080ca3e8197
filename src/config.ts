// The one place configuration is read. Every other module receives a Config.
import { isIP } from 'node:net';
import { isSupportedCountry } from 'libphonenumber-js';
import path from 'node:path';

export type Transport = 'whatsapp' | 'sandbox';

export interface Config {
  nodeEnv: string;
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  pgPort: number;
  logLevel: string;
  logPretty: boolean;
  /** LOG_FILE: also write the log to rotated files (unset = stdout only). */
  logFile: { file: string; size: string; keep: number } | undefined;
  encryptionKey: string | undefined;
  sessionSecret: string | undefined;
  waTransport: Transport | undefined;
  sandboxPacingMs: [number, number];
  sandboxDeliveredMs: number;
  sandboxReadMs: number;
  sandboxFailureRate: number;
  pacingMs: [number, number];
  sendTickMs: number;
  leaseMs: number;
  defaultCountry: string;
  maxUploadBytes: number;
  commandRateLimitPerMinute: number;
  loginRetentionDays: number;
  messageRetentionDays: number;
  billingRetentionYears: number;
  graceDays: number;
  retentionHashKey: string | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Bearer token for /metrics; unset = /metrics answers loopback clients only. */
  metricsToken: string | undefined;
  /**
   * Which proxies' X-Forwarded-For to believe: false (none), a hop count, or the proxies'
   * addresses/subnets. Never a blanket true: the client writes the first entry itself.
   */
  trustProxy: false | number | string[];
  /** Behind a TLS-terminating proxy (TRUST_PROXY set): Secure cookies, HTTPS-only CSP. */
  behindTlsProxy: boolean;
  /** Idle and absolute limits of a console session. */
  sessionIdleHours: number;
  sessionMaxHours: number;
  /** A failed sign-in is answered no sooner than this, whatever the reason it failed. */
  loginFailureMs: number;
  schedulerEnabled: boolean;
  operatorPhone: string | undefined;
  /** How a stranger who writes to the operator number can get an account (a website, e-mail or phone). */
  accessContact: string | undefined;
  senderDailyCap: number;
  warmupLadder: number[];
  autoPauseErrors: number;
  reconcileAfterMs: number;
  sendBatch: number;
  /** E.164 prefixes the sandbox's number check reports as not on WhatsApp. */
  sandboxNotOnWhatsApp: string[];
  numberCheckBatch: number;
  numberCheckTimeoutMs: number;
  /** An inbound message still unhandled this long after it was written (a crash) is handled again. */
  inboundRecoverAfterMs: number;
  senderNoAckMs: number;
  /** An open socket that receives nothing this long is restarted (0 = never). */
  senderSilentMs: number;
  /** Fault tests only: wait this long between writing an inbound message and handling it. */
  inboundHandleDelayMs: number;
  apiBurstPerSecond: number;
  webhookAllowPrivate: boolean;
  webhookTickMs: number;
  /** Issue 16: SMS and e-mail providers (see src/channels/). */
  channels: ChannelsConfig;
}

export interface ChannelsConfig {
  /** Base of links in messages (e-mail unsubscribe); default http://localhost:PORT. */
  publicUrl: string;
  /** SMTP account that sends campaign e-mail: smtp:// (STARTTLS when offered) or smtps://. */
  campaignSmtpUrl: string | undefined;
  campaignMailFrom: string;
  emailPoolSize: number;
  /** Refuse plain-text SMTP: STARTTLS must succeed (smtps:// is TLS from the start). */
  smtpRequireTls: boolean;
  smppUrl: string | undefined;
  smppSourceAddr: string | undefined;
  /** Most submit_sm a second per bind. */
  smppThroughput: number;
  smppEnquireLinkMs: number;
  smsHttp: {
    url: string | undefined; method: string; body: string; contentType: string; headers: Record<string, string>;
    success: string; messageId: string | undefined;
  };
  /** Shared secret in the HTTP provider's status-callback URL (/hooks/sms/TOKEN). */
  smsCallbackToken: string | undefined;
  /** Where the status callback names the message, its status and why (query or form / JSON fields), and which statuses mean what. */
  smsCallback: { idField: string; statusField: string; reasonField: string; delivered: string; failed: string };
  /** Delay range of SMS / e-mail sandbox senders and provider senders (they pace by throughput, not by a human rhythm). */
  smsEmailPacingMs: [number, number];
  /** Sends an SMS or e-mail sender may make per day (per bind / SMTP account). */
  smsEmailDailyCap: number;
  /** Attempts of a temporarily refused send (SMTP 4xx, SMPP throttled) before it is failed. */
  temporaryRetries: number;
}

export class ConfigError extends Error {
  constructor(readonly variable: string, message: string) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

/** Documented defaults; `.env.example` mirrors this table. */
export const CONFIG_DOCS: Array<[name: string, def: string, meaning: string]> = [
  ['PORT', '3000', 'HTTP port of the console and /healthz'],
  ['HOST', '127.0.0.1', 'interface the console listens on: 127.0.0.1 behind a proxy on the same machine, 0.0.0.0 to accept connections from anywhere (then put TLS in front; see README)'],
  ['DATA_DIR', './data', 'embedded PostgreSQL cluster (DATA_DIR/pg), encryption key file, sandbox media'],
  ['DATABASE_URL', '(unset)', 'use this PostgreSQL instead of the embedded one'],
  ['PG_PORT', '54329', 'port of the embedded PostgreSQL (loopback only)'],
  ['LOG_LEVEL', 'info', 'pino level: trace, debug, info, warn, error, fatal, silent'],
  ['LOG_PRETTY', 'auto', 'pretty logs (true/false); auto = when stdout is a terminal'],
  ['METRICS_TOKEN', '(unset)', 'bearer token Prometheus sends for /metrics; unset = /metrics answers only clients on 127.0.0.1/::1'],
  ['LOG_FILE', '(unset)', 'also write the log (JSON lines) to this file, rotated daily and at LOG_FILE_SIZE: NAME.1.log, NAME.2.log, … (the highest number is the newest)'],
  ['LOG_FILE_SIZE', '10m', 'rotate the log file when it reaches this size (k, m or g)'],
  ['LOG_FILE_KEEP', '7', 'rotated log files kept besides the current one'],
  ['ENCRYPTION_KEY', '(key file)', '32-byte key, hex or base64, for WhatsApp credentials at rest; unset = DATA_DIR/encryption.key generated on first start'],
  ['SESSION_SECRET', '(random per start)', 'secret signing console session cookies and CSRF tokens'],
  ['WA_TRANSPORT', '(per session)', 'sandbox = run every sender session on the sandbox channel'],
  ['SANDBOX_PACING_MS', '8000,30000', 'min,max delay between sends of a sandbox sender; 0 for tests and benchmarks'],
  ['SANDBOX_DELIVERED_MS', '200', 'simulated delay before a sandbox message is delivered'],
  ['SANDBOX_READ_MS', '1000', 'simulated delay before a sandbox message is read (-1 = never)'],
  ['SANDBOX_FAILURE_RATE', '0', 'fraction (0..1) of sandbox sends that fail'],
  ['PACING_MS', '8000,30000', 'min,max random delay between sends of a WhatsApp sender'],
  ['SEND_TICK_MS', '2000', 'how often the send-campaigns job looks for due messages'],
  ['LEASE_MS', '30000', 'how long a process owns a sender session without renewing its lease'],
  ['DEFAULT_COUNTRY', 'PK', 'country for numbers written without a country code (ISO 3166 alpha-2)'],
  ['MAX_UPLOAD_BYTES', '104857600', 'largest contact file accepted (bytes)'],
  ['COMMAND_RATE_LIMIT', '20', 'commands a member may send per minute'],
  ['API_BURST_PER_SECOND', '20', 'API calls one token may make in one second (the plan sets the daily quota)'],
  ['WEBHOOK_ALLOW_PRIVATE', 'false', 'allow webhook endpoints on private and loopback addresses (off: SSRF guard)'],
  ['WEBHOOK_TICK_MS', '1000', 'how often the deliver-webhooks job looks for due deliveries'],
  ['LOGIN_RETENTION_DAYS', '365', 'how long console login events are kept'],
  ['MESSAGE_RETENTION_DAYS', '90', 'after this, message contents and recipient numbers are anonymised'],
  ['BILLING_RETENTION_YEARS', '7', 'invoices and ledger entries are kept this long'],
  ['GRACE_DAYS', '3', 'days past an unpaid due date before the account is suspended'],
  ['RETENTION_HASH_KEY', '(derived)', 'key for the keyed hash that anonymises old numbers; unset = derived from the encryption key (never stored in the database)'],
  ['SMTP_URL', '(unset)', 'smtp://user:pass@host:port for reminders and password resets; unset = log only'],
  ['MAIL_FROM', 'wa-chatops <noreply@localhost>', 'sender address of e-mails'],
  ['TRUST_PROXY', 'false', 'behind a TLS-terminating proxy: the number of proxies in front (1 for one nginx/Caddy) or their addresses/subnets, comma-separated (e.g. 10.0.0.5,loopback); client IPs are then read from X-Forwarded-For as those proxies vouch for, and cookies are Secure. "true" is refused: it would let any client choose its own address'],
  ['SESSION_IDLE_HOURS', '8', 'a console session ends after this long without a request'],
  ['SESSION_MAX_HOURS', '12', 'a console session ends this long after sign-in, however active'],
  ['LOGIN_FAILURE_MS', '1000', 'a failed console sign-in is answered after this long (unknown e-mail, wrong password and a locked user alike); keep it above the time of one bcrypt check'],
  ['SCHEDULER', 'on', 'off = do not run the Bree jobs in this process'],
  ['OPERATOR_PHONE', '(unset)', 'the operator number owners text; informational for help texts'],
  ['ACCESS_CONTACT', '(unset)', 'where a stranger writing to the operator number can ask for an account (website, e-mail or phone); in its one reply a day'],
  ['SENDER_DAILY_CAP', '1000', 'messages a WhatsApp sender may send per day (plan or sender setting overrides)'],
  ['WARMUP_LADDER', '20,50,100,200,400,800', 'daily sends allowed on a newly linked WhatsApp number, day by day'],
  ['AUTO_PAUSE_ERRORS', '5', 'consecutive send errors after which a sender is paused'],
  ['RECONCILE_AFTER_MS', '120000', 'a message still "sending" this long (e.g. after a crash) becomes uncertain and is refunded'],
  ['SEND_BATCH', '200', 'most messages claimed at once for a sender with no pacing delay'],
  ['SANDBOX_NOT_ON_WHATSAPP', '(unset)', 'comma-separated E.164 prefixes (+92301,+1555) the sandbox reports as not on WhatsApp'],
  ['NUMBER_CHECK_BATCH', '50', 'numbers asked of WhatsApp in one onWhatsApp check (the plan sets checks per hour)'],
  ['NUMBER_CHECK_TIMEOUT_MS', '10000', 'a number check not answered in this time counts as unknown (sent normally)'],
  ['SENDER_NO_ACK_MINUTES', '10', 'an open WhatsApp sender whose sends get no answer from the server this long is marked unhealthy (0 = never)'],
  ['SENDER_SILENT_MINUTES', '10', 'an open WhatsApp socket that receives nothing at all (no frame, no event) this long is ended and connected again (0 = never)'],
  ['INBOUND_RECOVER_AFTER_MS', '30000', 'an inbound message written but not handled this long (e.g. after a crash) is handled again by the process driving its sender'],
  ['INBOUND_HANDLE_DELAY_MS', '0', 'fault testing only: wait this long between writing an inbound message and handling it (a test kills the process in the gap)'],
  ['PUBLIC_URL', '(http://localhost:PORT)', 'address people reach this server at; unsubscribe links in e-mails point there'],
  ['CAMPAIGN_SMTP_URL', '(unset)', 'SMTP account for campaign e-mail (smtp://user:pass@host:587 with STARTTLS, or smtps://…:465); an e-mail sender session sends through it'],
  ['CAMPAIGN_MAIL_FROM', '(MAIL_FROM)', 'From address of campaign e-mail'],
  ['EMAIL_POOL_SIZE', '5', 'pooled SMTP connections per e-mail sender'],
  ['SMTP_REQUIRE_TLS', 'true', 'refuse to send campaign e-mail over an SMTP connection that did not upgrade to TLS'],
  ['SMPP_URL', '(unset)', 'SMPP 3.4 provider for SMS: smpp://system_id:password@host:2775 (ssmpp:// for TLS); bound as transceiver'],
  ['SMPP_SOURCE_ADDR', '(unset)', 'sender id or number SMS are sent from'],
  ['SMPP_THROUGHPUT', '10', 'most submit_sm per second on one SMPP bind'],
  ['SMPP_ENQUIRE_LINK_MS', '30000', 'keep-alive interval of an SMPP bind'],
  ['SMS_HTTP_URL', '(unset)', 'HTTP SMS provider (NetGSM/Mutlucell style): URL, {{to}} {{text}} {{from}} {{id}} are filled in'],
  ['SMS_HTTP_METHOD', 'POST', 'method of the HTTP SMS provider'],
  ['SMS_HTTP_BODY', '(unset)', 'request body template, e.g. {"to":"{{to}}","msg":"{{text}}"} (values escaped for SMS_HTTP_CONTENT_TYPE)'],
  ['SMS_HTTP_CONTENT_TYPE', 'application/json', 'content type of SMS_HTTP_BODY (application/json, application/x-www-form-urlencoded or text/xml)'],
  ['SMS_HTTP_HEADERS', '(unset)', 'extra request headers as JSON, e.g. {"Authorization":"Basic …"}'],
  ['SMS_HTTP_SUCCESS', '^2', 'a send succeeded when "STATUS BODY" matches this regular expression'],
  ['SMS_HTTP_MESSAGE_ID', '(unset)', 'regular expression whose first group is the provider message id in the answer'],
  ['SMS_CALLBACK_TOKEN', '(unset)', 'secret path part of the HTTP provider status callback: /hooks/sms/TOKEN?id=…&status=… (unset: no callback; at least 16 characters)'],
  ['SMS_CALLBACK_ID_FIELD', 'id', 'field of the status callback (query, form or JSON) with the provider message id (or ours, {{id}})'],
  ['SMS_CALLBACK_STATUS_FIELD', 'status', 'field of the status callback with the delivery status'],
  ['SMS_CALLBACK_REASON_FIELD', 'reason', 'field of the status callback with why it failed'],
  ['SMS_CALLBACK_DELIVERED', '^(delivered|delivrd|success|1)$', 'a status matching this (case-insensitive) means delivered'],
  ['SMS_CALLBACK_FAILED', '^(failed|undelivered|undeliv|rejected|rejectd|expired|error|2|3)$', 'a status matching this (case-insensitive) means failed; others are ignored'],
  ['SMS_EMAIL_PACING_MS', '0,0', 'min,max delay between sends of an SMS or e-mail sender (providers pace by throughput)'],
  ['SMS_EMAIL_DAILY_CAP', '100000', 'sends an SMS bind or SMTP account may make per day'],
  ['TEMPORARY_RETRIES', '5', 'attempts of a temporarily refused SMS or e-mail (SMTP 4xx) before it counts as failed'],
];

function int(env: NodeJS.ProcessEnv, name: string, def: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (!/^-?\d+$/.test(raw.trim())) throw new ConfigError(name, `expected a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

function num(env: NodeJS.ProcessEnv, name: string, def: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) throw new ConfigError(name, `must be a number from ${min} to ${max}, got "${raw}"`);
  return n;
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** TRUST_PROXY: false, a hop count, or proxy addresses / CIDR subnets / express's names. */
function trustProxy(env: NodeJS.ProcessEnv): false | number | string[] {
  const raw = env.TRUST_PROXY?.trim().toLowerCase();
  if (raw === undefined || raw === '' || ['0', 'false', 'no', 'off'].includes(raw)) return false;
  if (['true', 'yes', 'on'].includes(raw)) {
    throw new ConfigError('TRUST_PROXY', 'a blanket "true" would believe the X-Forwarded-For a client writes itself; give the number of proxies in front (e.g. 1) or their addresses (e.g. 127.0.0.1 or 10.0.0.0/8)');
  }
  if (/^\d+$/.test(raw)) {
    const n = Number(raw);
    if (n > 10) throw new ConfigError('TRUST_PROXY', `expected a hop count from 1 to 10, got ${n}`);
    return n;
  }
  const parts = raw.split(',').map((p) => p.trim()).filter(Boolean);
  for (const p of parts) {
    const [addr, bits, extra] = p.split('/');
    const family = isIP(addr ?? '');
    const okBits = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32));
    if (!PROXY_NAMES.includes(p) && (!family || !okBits || extra !== undefined)) {
      throw new ConfigError('TRUST_PROXY', `"${p}" is not a hop count, an IP address, a subnet (10.0.0.0/8) or one of ${PROXY_NAMES.join(', ')}`);
    }
  }
  return parts;
}

function bool(env: NodeJS.ProcessEnv, name: string, def: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '' || raw === 'auto') return def;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(name, `expected true or false, got "${env[name]}"`);
}

/** "min,max" or a single number meaning min = max. */
function range(env: NodeJS.ProcessEnv, name: string, def: [number, number]): [number, number] {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  const parts = raw.split(',').map((s) => s.trim());
  if (parts.length > 2 || parts.some((p) => !/^\d+$/.test(p))) {
    throw new ConfigError(name, `expected "min,max" in milliseconds, got "${raw}"`);
  }
  const min = Number(parts[0]);
  const max = Number(parts[1] ?? parts[0]);
  if (max < min) throw new ConfigError(name, `max (${max}) is below min (${min})`);
  return [min, max];
}

/** Comma-separated daily limits, e.g. "20,50,100"; empty = no ladder. */
function ladder(env: NodeJS.ProcessEnv, name: string, def: number[]): number[] {
  const raw = env[name];
  if (raw === undefined) return def;
  if (raw.trim() === '') return [];
  const parts = raw.split(',').map((s) => s.trim());
  if (parts.some((p) => !/^\d+$/.test(p))) throw new ConfigError(name, `expected whole numbers separated by commas, got "${raw}"`);
  return parts.map(Number);
}

/** Comma-separated E.164 prefixes ("+92301,+1555"); empty = none. */
function prefixes(env: NodeJS.ProcessEnv, name: string): string[] {
  const raw = env[name]?.trim();
  if (!raw) return [];
  const parts = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = parts.find((p) => !/^\+\d{1,15}$/.test(p));
  if (bad) throw new ConfigError(name, `expected E.164 prefixes such as +92301 separated by commas, got "${bad}"`);
  return parts;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const transport = env.WA_TRANSPORT?.trim() || undefined;
  if (transport !== undefined && transport !== 'whatsapp' && transport !== 'sandbox') {
    throw new ConfigError('WA_TRANSPORT', `expected "whatsapp" or "sandbox", got "${transport}"`);
  }
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL', 'expected a postgres:// or postgresql:// URL');
  }
  const country = (env.DEFAULT_COUNTRY ?? 'PK').trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) throw new ConfigError('DEFAULT_COUNTRY', `expected a two-letter country code, got "${env.DEFAULT_COUNTRY}"`);
  if (!isSupportedCountry(country)) throw new ConfigError('DEFAULT_COUNTRY', `"${country}" is not a country libphonenumber has numbering rules for`);
  const smtpUrl = env.SMTP_URL?.trim() || undefined;
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) throw new ConfigError('SMTP_URL', 'expected an smtp:// or smtps:// URL');
  const level = (env.LOG_LEVEL ?? 'info').trim();
  if (!['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'].includes(level)) {
    throw new ConfigError('LOG_LEVEL', `unknown level "${level}"`);
  }
  const scheduler = (env.SCHEDULER ?? 'on').trim().toLowerCase();
  if (!['on', 'off'].includes(scheduler)) throw new ConfigError('SCHEDULER', `expected on or off, got "${env.SCHEDULER}"`);

  return {
    nodeEnv: env.NODE_ENV ?? 'development',
    port: int(env, 'PORT', 3000, 0, 65535),
    host: env.HOST?.trim() || '127.0.0.1',
    dataDir: path.resolve(env.DATA_DIR?.trim() || './data'),
    databaseUrl,
    pgPort: int(env, 'PG_PORT', 54329, 1, 65535),
    logLevel: level,
    logPretty: bool(env, 'LOG_PRETTY', Boolean(process.stdout.isTTY)),
    logFile: logFile(env),
    encryptionKey: env.ENCRYPTION_KEY?.trim() || undefined,
    sessionSecret: env.SESSION_SECRET?.trim() || undefined,
    waTransport: transport as Transport | undefined,
    sandboxPacingMs: range(env, 'SANDBOX_PACING_MS', [8000, 30000]),
    sandboxDeliveredMs: int(env, 'SANDBOX_DELIVERED_MS', 200),
    sandboxReadMs: int(env, 'SANDBOX_READ_MS', 1000, -1),
    sandboxFailureRate: num(env, 'SANDBOX_FAILURE_RATE', 0, 0, 1),
    pacingMs: range(env, 'PACING_MS', [8000, 30000]),
    sendTickMs: int(env, 'SEND_TICK_MS', 2000, 10),
    leaseMs: int(env, 'LEASE_MS', 30000, 1000),
    defaultCountry: country,
    maxUploadBytes: int(env, 'MAX_UPLOAD_BYTES', 100 * 1024 * 1024, 1),
    commandRateLimitPerMinute: int(env, 'COMMAND_RATE_LIMIT', 20, 1),
    apiBurstPerSecond: int(env, 'API_BURST_PER_SECOND', 20, 1),
    webhookAllowPrivate: bool(env, 'WEBHOOK_ALLOW_PRIVATE', false),
    webhookTickMs: int(env, 'WEBHOOK_TICK_MS', 1000, 10),
    loginRetentionDays: int(env, 'LOGIN_RETENTION_DAYS', 365, 1),
    messageRetentionDays: int(env, 'MESSAGE_RETENTION_DAYS', 90, 1),
    billingRetentionYears: int(env, 'BILLING_RETENTION_YEARS', 7, 1),
    graceDays: int(env, 'GRACE_DAYS', 3, 0),
    retentionHashKey: env.RETENTION_HASH_KEY?.trim() || undefined,
    smtpUrl,
    mailFrom: env.MAIL_FROM?.trim() || 'wa-chatops <noreply@localhost>',
    metricsToken: env.METRICS_TOKEN?.trim() || undefined,
    trustProxy: trustProxy(env),
    behindTlsProxy: trustProxy(env) !== false,
    sessionIdleHours: num(env, 'SESSION_IDLE_HOURS', 8, 0.01, 24 * 30),
    sessionMaxHours: num(env, 'SESSION_MAX_HOURS', 12, 0.01, 24 * 90),
    loginFailureMs: int(env, 'LOGIN_FAILURE_MS', 1000, 0, 10_000),
    schedulerEnabled: scheduler === 'on',
    operatorPhone: env.OPERATOR_PHONE?.trim() || undefined,
    accessContact: env.ACCESS_CONTACT?.trim() || undefined,
    senderDailyCap: int(env, 'SENDER_DAILY_CAP', 1000),
    warmupLadder: ladder(env, 'WARMUP_LADDER', [20, 50, 100, 200, 400, 800]),
    autoPauseErrors: int(env, 'AUTO_PAUSE_ERRORS', 5, 1),
    reconcileAfterMs: int(env, 'RECONCILE_AFTER_MS', 120_000, 100),
    sendBatch: int(env, 'SEND_BATCH', 200, 1, 10_000),
    sandboxNotOnWhatsApp: prefixes(env, 'SANDBOX_NOT_ON_WHATSAPP'),
    numberCheckBatch: int(env, 'NUMBER_CHECK_BATCH', 50, 1, 1000),
    numberCheckTimeoutMs: int(env, 'NUMBER_CHECK_TIMEOUT_MS', 10_000, 1),
    inboundRecoverAfterMs: int(env, 'INBOUND_RECOVER_AFTER_MS', 30_000, 100),
    senderNoAckMs: int(env, 'SENDER_NO_ACK_MINUTES', 10, 0, 24 * 60) * 60_000,
    senderSilentMs: int(env, 'SENDER_SILENT_MINUTES', 10, 0, 24 * 60) * 60_000,
    inboundHandleDelayMs: int(env, 'INBOUND_HANDLE_DELAY_MS', 0, 0, 600_000),
    channels: channelsConfig(env, int(env, 'PORT', 3000, 0, 65535), env.MAIL_FROM?.trim() || 'wa-chatops <noreply@localhost>'),
  };
}

function channelsConfig(env: NodeJS.ProcessEnv, port: number, mailFrom: string): ChannelsConfig {
  const url = (name: string, schemes: RegExp, what: string): string | undefined => {
    const v = env[name]?.trim() || undefined;
    if (v && !schemes.test(v)) throw new ConfigError(name, `expected ${what}`);
    return v;
  };
  let headers: Record<string, string> = {};
  if (env.SMS_HTTP_HEADERS?.trim()) {
    try { headers = JSON.parse(env.SMS_HTTP_HEADERS) as Record<string, string>; } catch { throw new ConfigError('SMS_HTTP_HEADERS', 'expected a JSON object'); }
  }
  const regex = (name: string, def?: string): string | undefined => {
    const v = env[name]?.trim() || def;
    if (v !== undefined) { try { new RegExp(v); } catch { throw new ConfigError(name, `not a valid regular expression: ${v}`); } }
    return v;
  };
  return {
    publicUrl: (env.PUBLIC_URL?.trim() || `http://localhost:${port}`).replace(/\/+$/, ''),
    campaignSmtpUrl: url('CAMPAIGN_SMTP_URL', /^smtps?:\/\//, 'an smtp:// or smtps:// URL'),
    campaignMailFrom: env.CAMPAIGN_MAIL_FROM?.trim() || mailFrom,
    emailPoolSize: int(env, 'EMAIL_POOL_SIZE', 5, 1, 100),
    smtpRequireTls: bool(env, 'SMTP_REQUIRE_TLS', true),
    smppUrl: url('SMPP_URL', /^s?smpp:\/\//, 'an smpp:// or ssmpp:// URL'),
    smppSourceAddr: env.SMPP_SOURCE_ADDR?.trim() || undefined,
    smppThroughput: int(env, 'SMPP_THROUGHPUT', 10, 1, 10_000),
    smppEnquireLinkMs: int(env, 'SMPP_ENQUIRE_LINK_MS', 30_000, 100),
    smsHttp: {
      url: url('SMS_HTTP_URL', /^https?:\/\//, 'an http:// or https:// URL'),
      method: (env.SMS_HTTP_METHOD?.trim() || 'POST').toUpperCase(),
      body: env.SMS_HTTP_BODY ?? '',
      contentType: env.SMS_HTTP_CONTENT_TYPE?.trim() || 'application/json',
      headers,
      success: regex('SMS_HTTP_SUCCESS', '^2')!,
      messageId: regex('SMS_HTTP_MESSAGE_ID'),
    },
    smsCallbackToken: callbackToken(env),
    smsCallback: {
      idField: env.SMS_CALLBACK_ID_FIELD?.trim() || 'id',
      statusField: env.SMS_CALLBACK_STATUS_FIELD?.trim() || 'status',
      reasonField: env.SMS_CALLBACK_REASON_FIELD?.trim() || 'reason',
      delivered: regex('SMS_CALLBACK_DELIVERED', '^(delivered|delivrd|success|1)$')!,
      failed: regex('SMS_CALLBACK_FAILED', '^(failed|undelivered|undeliv|rejected|rejectd|expired|error|2|3)$')!,
    },
    smsEmailPacingMs: range(env, 'SMS_EMAIL_PACING_MS', [0, 0]),
    smsEmailDailyCap: int(env, 'SMS_EMAIL_DAILY_CAP', 100_000),
    temporaryRetries: int(env, 'TEMPORARY_RETRIES', 5, 1, 100),
  };
}

/** A guessable token would let anyone forge delivery receipts: 16 characters at least. */
function callbackToken(env: NodeJS.ProcessEnv): string | undefined {
  const v = env.SMS_CALLBACK_TOKEN?.trim() || undefined;
  if (v !== undefined && (v.length < 16 || !/^[A-Za-z0-9._~-]+$/.test(v))) throw new ConfigError('SMS_CALLBACK_TOKEN', 'expected at least 16 characters of A-Z a-z 0-9 . _ ~ -');
  return v;
}

function logFile(env: NodeJS.ProcessEnv): Config['logFile'] {
  const file = env.LOG_FILE?.trim();
  const size = (env.LOG_FILE_SIZE ?? '10m').trim().toLowerCase();
  if (!/^\d+[kmg]?$/.test(size)) throw new ConfigError('LOG_FILE_SIZE', `expected a size such as 500k, 10m or 1g, got "${env.LOG_FILE_SIZE}"`);
  const keep = int(env, 'LOG_FILE_KEEP', 7, 0, 1000);
  return file ? { file: path.resolve(file), size, keep } : undefined;
}

/** The text of `.env.example`: every variable, its meaning and its default. */
export function envExample(): string {
  let out = '# wa-chatops configuration. Copy to .env (read at start if present) and edit.\n'
    + '# Every variable is optional; the value shown is the default.\n\n';
  for (const [name, def, meaning] of CONFIG_DOCS) {
    out += `# ${meaning}\n` + (def.startsWith('(') ? `# ${name}=   ${def}\n\n` : `${name}=${def}\n\n`);
  }
  return out;
}
