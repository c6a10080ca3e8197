// `wa-chatops backup` / `restore`: a dump of a database that is being written to, restored into a
// fresh database and into a new embedded data directory, reads back the same business.
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { BufferJSON } from '@whiskeysockets/baileys';
import { SYSTEM } from '../../src/audit.js';
import { BackupError, backupDatabase, restoreDatabase } from '../../src/backup/backup.js';
import { createCampaign, launchCampaign, markDemoSent, prepareDemo } from '../../src/campaigns/index.js';
import { createList } from '../../src/contacts/index.js';
import type { Ctx } from '../../src/context.js';
import { openDb, type Db } from '../../src/db/database.js';
import { AuthStateKeyError, usePostgresAuthState } from '../../src/gateway/auth-store.js';
import { createTestDatabase, useTestDb } from '../helpers/pg.js';
import { runCli } from '../helpers/cli.js';
import { fillList, makeAccount, makeSender, testCtx } from '../helpers/world.js';

/** What an operator would compare after a restore: accounts, balances, campaigns, outbox counts, creds. */
async function business(db: Db) {
  return {
    accounts: await db.query('SELECT id, name, status, plan_id FROM accounts ORDER BY id'),
    balances: await db.query('SELECT account_id, sum(available_delta)::int AS available, sum(reserved_delta)::int AS reserved, count(*)::int AS n FROM credit_ledger GROUP BY account_id ORDER BY account_id'),
    campaigns: await db.query('SELECT id, account_id, name, status FROM campaigns ORDER BY id'),
    outbox: await db.query('SELECT campaign_id, status, count(*)::int AS n FROM outbox GROUP BY 1, 2 ORDER BY 1, 2'),
    contacts: (await db.one<{ n: number }>('SELECT count(*)::int AS n FROM contacts'))!.n,
    creds: (await db.one<{ n: number }>('SELECT count(*)::int AS n FROM wa_creds'))!.n,
  };
}

describe('backup and restore', function () {
  this.timeout(180_000);
  const t = useTestDb();
  const key = randomBytes(32);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wa-backup-'));
  let ctx: Ctx;
  let sessionId: number;
  let creds = '';

  before(async () => {
    fs.chmodSync(tmp, 0o755); // the embedded server of the CLI restore runs as postgres when we are root
    ctx = testCtx(t.db);
    for (const [i, running] of [[0, true], [1, false]] as const) {
      const acc = await makeAccount(t.db, { credits: 3000 + i * 1000, name: `Shop ${i}` });
      const list = await createList(ctx, acc.accountId, 'vip');
      await fillList(t.db, list.id, 1000, i * 1000);
      sessionId = await makeSender(t.db, acc.accountId, { transport: 'whatsapp' });
      await createCampaign(ctx, acc.accountId, { name: 'eid', listName: 'vip', body: 'Eid Mubarak {{name|friend}}' });
      if (running) {
        const d = await prepareDemo(ctx, acc.accountId, 'eid', '0300 9999999');
        await markDemoSent(ctx, d.campaignId, d.bodyHash);
        await launchCampaign(ctx, acc.accountId, 'eid', SYSTEM);
        // some of it sent, delivered, read and failed, as a running app would have it
        await t.db.exec(`UPDATE outbox SET status = (ARRAY['sent','delivered','read','failed'])[1 + id % 4]::text, sent_at = now() WHERE id % 3 = 0`);
      }
    }
    const auth = await usePostgresAuthState(t.db, sessionId, key);
    auth.state.creds.me = { id: '923001234567:3@s.whatsapp.net', lid: '123456789:3@lid' };
    await auth.saveCreds();
    await auth.state.keys.set({ session: { '923001234567.0': randomBytes(48) } });
    creds = JSON.stringify(auth.state.creds, BufferJSON.replacer);
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('restores into a fresh database the same accounts, ledger balances, campaigns, outbox counts, and creds that open with the same key', async () => {
    const file = path.join(tmp, 'a.backup.gz');
    const s = await backupDatabase(t.db, file, { key });
    expect(s.tables.outbox).to.equal(1000);
    expect(s.tables.contacts).to.equal(2000);
    expect(fs.existsSync(`${file}.partial`)).to.equal(false);
    expect(zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n')[0]).to.equal('WA-CHATOPS-BACKUP 1');

    const fresh = await createTestDatabase();
    const db2 = await openDb({ url: fresh.url, poolMax: 3 });
    try {
      const r = await restoreDatabase(db2, file);
      expect(r.tables.outbox).to.equal(1000);
      const [before, after] = [await business(t.db), await business(db2)];
      expect(after).to.deep.equal(before);
      expect(after.outbox.length).to.be.greaterThan(3);
      const reopened = await usePostgresAuthState(db2, sessionId, key);
      expect(JSON.stringify(reopened.state.creds, BufferJSON.replacer)).to.equal(creds);
      expect(Object.keys(await reopened.state.keys.get('session', ['923001234567.0']))).to.deep.equal(['923001234567.0']);
      expect(await usePostgresAuthState(db2, sessionId, randomBytes(32)).catch((e) => e)).to.be.instanceOf(AuthStateKeyError);
      // identities continue after the restored rows, not from 1
      const acc = await makeAccount(db2, { name: 'after restore' });
      expect(acc.accountId).to.be.greaterThan(Math.max(...before.accounts.map((a) => a.id as number)));
      // a second restore into a database with data is refused, nothing changed
      const again = await restoreDatabase(db2, file).catch((e) => e);
      expect(again).to.be.instanceOf(BackupError);
      expect(again.message).to.match(/already holds accounts/);
    } finally {
      await db2.close();
      await fresh.drop();
    }
  });

  it('takes one consistent moment while writes go on (a ledger row and its audit row are both in or both out)', async () => {
    const acc = await makeAccount(t.db, { credits: 10, name: 'busy shop' });
    let stop = false;
    let writes = 0;
    const writer = (async () => {
      while (!stop) {
        await t.db.tx(async (q) => {
          await q.exec(`INSERT INTO credit_ledger (account_id, available_delta, kind, reference) VALUES ($1, 1, 'topup', 'backup test')`, [acc.accountId]);
          await q.exec(`INSERT INTO audit_log (actor_type, actor_label, action, account_id) VALUES ('system', 'test', 'backup.test', $1)`, [acc.accountId]);
        });
        writes++;
      }
    })();
    await new Promise((r) => setTimeout(r, 200));
    const file = path.join(tmp, 'busy.backup.gz');
    await backupDatabase(t.db, file, { key });
    stop = true;
    await writer;
    const fresh = await createTestDatabase();
    const db2 = await openDb({ url: fresh.url, poolMax: 3 });
    try {
      await restoreDatabase(db2, file);
      const ledger = (await db2.one<{ n: number }>(`SELECT count(*)::int AS n FROM credit_ledger WHERE reference = 'backup test'`))!.n;
      const audit = (await db2.one<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'backup.test'`))!.n;
      expect(ledger).to.be.greaterThan(0);
      expect(ledger).to.be.lessThan(writes + 1);
      expect(audit).to.equal(ledger);
    } finally {
      await db2.close();
      await fresh.drop();
    }
  });

  it('CLI: backup FILE from a running database, restore FILE into a new embedded data directory with the key file', async () => {
    const file = path.join(tmp, 'cli.backup.gz');
    const dataA = path.join(tmp, 'a');
    fs.mkdirSync(dataA);
    fs.writeFileSync(path.join(dataA, 'encryption.key'), key.toString('hex') + '\n', { mode: 0o600 });
    const b = runCli(['backup', file], { DATABASE_URL: t.url, DATA_DIR: dataA });
    expect(b.stderr).to.equal('');
    expect(b.code).to.equal(0);
    expect(b.stdout).to.match(/^backup written to .*cli\.backup\.gz: \d+ tables, [\d,]+ rows/);

    const dataB = path.join(tmp, 'b');
    const pgPort = String(30000 + Math.floor(Math.random() * 20000));
    const noKey = runCli(['restore', file], { DATA_DIR: dataB, PG_PORT: pgPort });
    expect(noKey.code).to.equal(1);
    expect(noKey.stderr).to.match(/needs the backed-up instance's encryption key: give --key-file/);
    const wrongKey = path.join(tmp, 'wrong.key');
    fs.writeFileSync(wrongKey, randomBytes(32).toString('hex'));
    const wrong = runCli(['restore', file, '--key-file', wrongKey], { DATA_DIR: path.join(tmp, 'c'), PG_PORT: pgPort });
    expect(wrong.stderr).to.match(/not the one the backup was made with/);

    const r = runCli(['restore', file, '--key-file', path.join(dataA, 'encryption.key')], { DATA_DIR: dataB, PG_PORT: pgPort });
    expect(r.stderr).to.equal('');
    expect(r.code).to.equal(0);
    expect(r.stdout).to.match(/^restored \d+ tables/);
    const listed = runCli(['account', 'list', '--json'], { DATA_DIR: dataB, PG_PORT: pgPort });
    expect(listed.code).to.equal(0);
    const accounts = JSON.parse(listed.stdout) as Array<{ name: string; available: number; reserved: number }>;
    const expected = await t.db.query<{ name: string }>('SELECT name FROM accounts ORDER BY id');
    expect(accounts.map((a) => a.name)).to.deep.equal(expected.map((a) => a.name));
    expect(accounts.find((a) => a.name === 'Shop 1')).to.include({ available: 4000, reserved: 0 });
  });
});
