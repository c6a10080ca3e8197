import pino, { type Logger } from 'pino';

export type { Logger };

/** Paths whose values never reach a log line, wherever they appear. */
export const REDACT_PATHS = [
  'password', '*.password', 'passwordHash', '*.passwordHash', 'password_hash', '*.password_hash',
  'token', '*.token', 'secret', '*.secret', 'encryptionKey', '*.encryptionKey', 'sessionSecret', '*.sessionSecret',
  'creds', '*.creds', 'keys', '*.keys', 'databaseUrl', '*.databaseUrl', 'smtpUrl', '*.smtpUrl',
  'req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]', '*.code_hash',
];

/** LOG_FILE: a copy of the log in files rotated daily and at `size`, `keep` old files kept. */
export interface LogFileOptions { file: string; size: string; keep: number }

/** SQL text with its string literals blanked: model queries inline values such as phones. */
export function sqlWithoutValues(sql: string): string {
  return sql.replace(/E?'(?:[^']|'')*'/g, "'…'");
}

// Properties of database errors (Sequelize's and pg's) that carry the statement's values:
// bind parameters, the failing row ("Key (phone)=(+92…) already exists"), the wrapped error.
const VALUE_KEYS = new Set(['parameters', 'detail', 'where', 'parent', 'original', 'fields', 'value', 'instance', 'errors', 'aggregateErrors']);

/** An error as logged: message, type, code and stack, never the values of a failed SQL statement. */
export function serializeError(err: unknown, depth = 0): unknown {
  const e = pino.stdSerializers.err(err as Error) as unknown as Record<string, unknown>;
  if (!e || typeof e !== 'object') return e;
  const out: Record<string, unknown> = {};
  const isDb = typeof e.type === 'string' && /^Sequelize|DatabaseError|^error$/.test(e.type) || typeof e.sql === 'string' || /^[0-9A-Z]{5}$/.test(String(e.code ?? ''));
  for (const [k, v] of Object.entries(e)) {
    if (VALUE_KEYS.has(k)) continue;
    if (k === 'sql' && typeof v === 'string') out.sql = sqlWithoutValues(v).slice(0, 500);
    else if (k === 'cause' && v && depth < 3) out.cause = serializeError(v, depth + 1);
    else out[k] = v;
  }
  const code = String((err as { parent?: { code?: string } })?.parent?.code ?? (err as { code?: string })?.code ?? '');
  if (code && out.code === undefined) out.code = code;
  // Data exceptions (SQLSTATE class 22) quote the offending value: "invalid input syntax for
  // type integer: "abc"", "value "+92…" is out of range". Other classes quote identifiers only.
  const blank = (text: string) => (code.startsWith('22') ? text.replace(/"[^"\n]*"/g, '"…"') : text.replace(/: ".*"$/s, ': "…"'));
  if (isDb && typeof out.message === 'string') out.message = blank(out.message);
  if (isDb && typeof out.stack === 'string') {
    const [first, ...rest] = out.stack.split('\n');
    out.stack = [blank(first ?? ''), ...rest].join('\n');
  }
  return out;
}

/** `toStderr` keeps stdout for a CLI command's own output; `destination` is for tests. */
export function createLogger(opts: { level?: string; pretty?: boolean; name?: string; toStderr?: boolean; file?: LogFileOptions; destination?: pino.DestinationStream } = {}): Logger {
  const fd = opts.toStderr ? 2 : 1;
  const base = {
    level: opts.level ?? 'info',
    name: opts.name ?? 'wa-chatops',
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: { err: serializeError, error: serializeError },
  };
  if (opts.destination) return pino(base, opts.destination);
  if (opts.file) {
    // One transport thread for the process's life: the terminal (as below) and the rotated files.
    const level = base.level;
    return pino({ ...base, transport: { targets: [
      opts.pretty
        ? { target: 'pino-pretty', level, options: { colorize: true, translateTime: 'SYS:HH:MM:ss', destination: fd } }
        : { target: 'pino/file', level, options: { destination: fd } },
      // pino-roll names files NAME.1.log, NAME.2.log, …: the highest number is the current one.
      { target: 'pino-roll', level, options: { file: opts.file.file, frequency: 'daily', size: opts.file.size, mkdir: true, limit: { count: opts.file.keep } } },
    ] } });
  }
  if (opts.pretty) {
    return pino({ ...base, transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss', destination: fd } } });
  }
  return pino(base, pino.destination({ fd, sync: true }));
}

/** Hides the password of a connection URL for messages shown to people. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable url)';
  }
}
