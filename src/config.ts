// The one place configuration is read. Every other module receives a Config.
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
  trustProxy: boolean;
  schedulerEnabled: boolean;
  operatorPhone: string | undefined;
  senderDailyCap: number;
  warmupLadder: number[];
  autoPauseErrors: number;
  reconcileAfterMs: number;
  sendBatch: number;
  /** E.164 prefixes the sandbox's number check reports as not on WhatsApp. */
  sandboxNotOnWhatsApp: string[];
  numberCheckBatch: number;
  numberCheckTimeoutMs: number;
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
  ['HOST', '0.0.0.0', 'interface the console listens on'],
  ['DATA_DIR', './data', 'embedded PostgreSQL cluster (DATA_DIR/pg), encryption key file, sandbox media'],
  ['DATABASE_URL', '(unset)', 'use this PostgreSQL instead of the embedded one'],
  ['PG_PORT', '54329', 'port of the embedded PostgreSQL (loopback only)'],
  ['LOG_LEVEL', 'info', 'pino level: trace, debug, info, warn, error, fatal, silent'],
  ['LOG_PRETTY', 'auto', 'pretty logs (true/false); auto = when stdout is a terminal'],
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
  ['LOGIN_RETENTION_DAYS', '365', 'how long console login events are kept'],
  ['MESSAGE_RETENTION_DAYS', '90', 'after this, message contents and recipient numbers are anonymised'],
  ['BILLING_RETENTION_YEARS', '7', 'invoices and ledger entries are kept this long'],
  ['GRACE_DAYS', '3', 'days past an unpaid due date before the account is suspended'],
  ['RETENTION_HASH_KEY', '(derived)', 'key for the keyed hash that anonymises old numbers'],
  ['SMTP_URL', '(unset)', 'smtp://user:pass@host:port for reminders and password resets; unset = log only'],
  ['MAIL_FROM', 'wa-chatops <noreply@localhost>', 'sender address of e-mails'],
  ['TRUST_PROXY', 'false', 'true when behind a TLS-terminating proxy (secure cookies, real client IP)'],
  ['SCHEDULER', 'on', 'off = do not run the Bree jobs in this process'],
  ['OPERATOR_PHONE', '(unset)', 'the operator number owners text; informational for help texts'],
  ['SENDER_DAILY_CAP', '1000', 'messages a WhatsApp sender may send per day (plan or sender setting overrides)'],
  ['WARMUP_LADDER', '20,50,100,200,400,800', 'daily sends allowed on a newly linked WhatsApp number, day by day'],
  ['AUTO_PAUSE_ERRORS', '5', 'consecutive send errors after which a sender is paused'],
  ['RECONCILE_AFTER_MS', '120000', 'a message still "sending" this long (e.g. after a crash) becomes uncertain and is refunded'],
  ['SEND_BATCH', '200', 'most messages claimed at once for a sender with no pacing delay'],
  ['SANDBOX_NOT_ON_WHATSAPP', '(unset)', 'comma-separated E.164 prefixes (+92301,+1555) the sandbox reports as not on WhatsApp'],
  ['NUMBER_CHECK_BATCH', '50', 'numbers asked of WhatsApp in one onWhatsApp check (the plan sets checks per hour)'],
  ['NUMBER_CHECK_TIMEOUT_MS', '10000', 'a number check not answered in this time counts as unknown (sent normally)'],
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
    host: env.HOST?.trim() || '0.0.0.0',
    dataDir: path.resolve(env.DATA_DIR?.trim() || './data'),
    databaseUrl,
    pgPort: int(env, 'PG_PORT', 54329, 1, 65535),
    logLevel: level,
    logPretty: bool(env, 'LOG_PRETTY', Boolean(process.stdout.isTTY)),
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
    loginRetentionDays: int(env, 'LOGIN_RETENTION_DAYS', 365, 1),
    messageRetentionDays: int(env, 'MESSAGE_RETENTION_DAYS', 90, 1),
    billingRetentionYears: int(env, 'BILLING_RETENTION_YEARS', 7, 1),
    graceDays: int(env, 'GRACE_DAYS', 3, 0),
    retentionHashKey: env.RETENTION_HASH_KEY?.trim() || undefined,
    smtpUrl,
    mailFrom: env.MAIL_FROM?.trim() || 'wa-chatops <noreply@localhost>',
    trustProxy: bool(env, 'TRUST_PROXY', false),
    schedulerEnabled: scheduler === 'on',
    operatorPhone: env.OPERATOR_PHONE?.trim() || undefined,
    senderDailyCap: int(env, 'SENDER_DAILY_CAP', 1000),
    warmupLadder: ladder(env, 'WARMUP_LADDER', [20, 50, 100, 200, 400, 800]),
    autoPauseErrors: int(env, 'AUTO_PAUSE_ERRORS', 5, 1),
    reconcileAfterMs: int(env, 'RECONCILE_AFTER_MS', 120_000, 100),
    sendBatch: int(env, 'SEND_BATCH', 200, 1, 10_000),
    sandboxNotOnWhatsApp: prefixes(env, 'SANDBOX_NOT_ON_WHATSAPP'),
    numberCheckBatch: int(env, 'NUMBER_CHECK_BATCH', 50, 1, 1000),
    numberCheckTimeoutMs: int(env, 'NUMBER_CHECK_TIMEOUT_MS', 10_000, 1),
  };
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
