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

/** `toStderr` keeps stdout for a CLI command's own output. */
export function createLogger(opts: { level?: string; pretty?: boolean; name?: string; toStderr?: boolean; file?: LogFileOptions } = {}): Logger {
  const fd = opts.toStderr ? 2 : 1;
  const base = {
    level: opts.level ?? 'info',
    name: opts.name ?? 'wa-chatops',
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
  };
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
