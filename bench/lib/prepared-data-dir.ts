// A data directory under the OS temp dir that has already been through a first start
// (cluster created, migrations applied, NLU cache written), holding one account with
// `senders` sandbox sender sessions: what a restart of an installed product finds.
import { chmodSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAccount } from '../../src/accounts.js';
import { SYSTEM } from '../../src/audit.js';
import { openDb } from '../../src/db/database.js';
import { addSession } from '../../src/senders/index.js';
import { embeddedUrl, freePort, startProduct } from './running-app.js';

export interface PreparedDir { dataDir: string; env: Record<string, string>; port: number; pgPort: number }

export async function preparedDataDir(repo: string, senders: number): Promise<PreparedDir> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wa-bench-dir-'));
  chmodSync(dataDir, 0o755); // the embedded server runs as the postgres user when we are root
  // BENCH_PORT / BENCH_PG_PORT pin the ports (a shared machine where each user has a range).
  const port = Number(process.env.BENCH_PORT) || await freePort();
  const pgPort = Number(process.env.BENCH_PG_PORT) || await freePort();
  const env = { DATA_DIR: dataDir, PORT: String(port), PG_PORT: String(pgPort), HOST: '127.0.0.1', WA_TRANSPORT: 'sandbox', SANDBOX_PACING_MS: '0' };
  const first = startProduct(repo, env);
  try {
    await first.waitForLog(/^wa-chatops ready/);
    await first.waitForLog(/command NLU ready/);
    const db = await openDb({ url: embeddedUrl(dataDir, pgPort), poolMax: 2 });
    try {
      await db.exec(`INSERT INTO plans (name, daily_limit, senders_allowed) VALUES ('bench', 100000, $1)`, [senders + 1]);
      const { account } = await createAccount(db, { name: 'bench', ownerPhone: '+923001112222', planName: 'bench', credits: 1000 }, SYSTEM);
      for (let i = 0; i < senders; i++) await addSession(db, { accountId: account.id, transport: 'sandbox', purpose: 'campaigns', label: `bench ${i + 1}` });
    } finally {
      await db.close();
    }
  } finally {
    await first.stop();
  }
  return { dataDir, env, port, pgPort };
}
