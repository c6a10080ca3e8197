// The sandbox pacing of the process that sends. SANDBOX_PACING_MS is read by each process, and
// `chat` in another terminal may not have it set: its launch estimate would use the default
// 8–30 s while the running app sends at 0. The sending process records its range at start, and
// estimates use that one.
import type { Queryable } from '../db/database.js';

const KEY = 'sandbox_pacing_ms';

export async function recordSandboxPacing(q: Queryable, range: [number, number]): Promise<void> {
  await q.exec(`INSERT INTO settings (key, value) VALUES ($1, $2::jsonb) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, [KEY, JSON.stringify(range)]);
}

/** The range the sending process recorded, if any. */
export async function sandboxPacingInUse(q: Queryable): Promise<[number, number] | undefined> {
  const row = await q.one<{ value: unknown }>('SELECT value FROM settings WHERE key = $1', [KEY]);
  const v = row?.value;
  return Array.isArray(v) && v.length === 2 && v.every((n) => Number.isFinite(n) && n >= 0) ? [Number(v[0]), Number(v[1])] : undefined;
}
