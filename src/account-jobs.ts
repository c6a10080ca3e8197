// Heavy work an owner starts from the chat (a contact upload, a data export) runs one at a
// time per account and kind in this process: a second request waits its turn, and its owner
// is told so at once. This bounds memory and database load whatever one owner sends.
export type AccountJobKind = 'upload' | 'export';

const running = new Map<string, Promise<unknown>>();

/**
 * Runs fn after the account's earlier job of this kind ends. `onQueued` is called (before
 * waiting) when one is still running.
 */
export async function runAccountJob<T>(kind: AccountJobKind, accountId: number, onQueued: () => Promise<void>, fn: () => Promise<T>): Promise<T> {
  const key = `${kind}:${accountId}`;
  const before = running.get(key);
  if (before) await onQueued().catch(() => undefined);
  const mine = (async () => {
    if (before) await before.catch(() => undefined);
    return fn();
  })();
  const settled = mine.catch(() => undefined);
  running.set(key, settled);
  try {
    return await mine;
  } finally {
    if (running.get(key) === settled) running.delete(key);
  }
}
