// Real `wa-chatops start` processes for the fault tests: sandbox transport, pacing 0 unless
// told otherwise, short leases and reconcile delay so a crash is recovered within seconds.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCli, type StartedProcess } from '../helpers/cli.js';

export interface AppProcess extends StartedProcess {
  /** The lease owner id this process writes into sender_sessions.owner_id. */
  ownerId: string;
  /** Sender session ids this process took a lease on, in the order it logged them. */
  tookSessions(): number[];
}

// Long enough that a live process always records its batch before reconcile looks at it,
// short enough that rows stranded by a SIGKILL are settled within seconds.
export const FAULT_ENV = {
  WA_TRANSPORT: 'sandbox', SANDBOX_PACING_MS: '0', SCHEDULER: 'on', SEND_TICK_MS: '100', SEND_BATCH: '20',
  LEASE_MS: '2000', RECONCILE_AFTER_MS: '5000', SANDBOX_DELIVERED_MS: '50', SANDBOX_READ_MS: '-1',
};

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wa-faults-'));

function logLines(p: StartedProcess): Array<Record<string, any>> {
  return p.logs().split('\n').flatMap((l) => {
    if (!l.startsWith('{')) return [];
    try { return [JSON.parse(l) as Record<string, any>]; } catch { return []; }
  });
}

export async function startApp(url: string, env: Record<string, string> = {}): Promise<AppProcess> {
  const p = await startCli({ ...FAULT_ENV, DATABASE_URL: url, DATA_DIR: dataDir, ...env }, 120_000);
  const ready = logLines(p).find((l) => typeof l.msg === 'string' && l.msg.includes('wa-chatops ready'));
  return {
    ...p,
    ownerId: String(ready?.ownerId),
    tookSessions: () => logLines(p).filter((l) => l.msg === 'took the lease on a sender session').map((l) => Number(l.sessionId)),
  };
}

export function killApp(p: StartedProcess, signal: NodeJS.Signals): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return Promise.resolve();
  p.child.kill(signal);
  return p.exited.then(() => undefined);
}
