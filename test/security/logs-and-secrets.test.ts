// Issue 17 item 7: logs at debug/trace level never carry the values of SQL statements
// (phones, e-mails, texts); confirmation codes are stored hashed; the retention key is not
// in the database.
import { expect } from 'chai';
import { Writable } from 'node:stream';
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import supertest from 'supertest';
import { loadConfig } from '../../src/config.js';
import { openDb, type Db } from '../../src/db/database.js';
import { createLogger } from '../../src/logger.js';
import { pgLogLine } from '../../src/db/embedded.js';
import { anonymisePhone, runRetentionPurge } from '../../src/retention.js';
import { deriveKey } from '../../src/secrets.js';
import { confirmationCodeHash, proposeConfirmation, redeemConfirmation } from '../../src/router/confirmations.js';
import { FakeClock } from '../../src/clock.js';
import { useTestDb, silentLog } from '../helpers/pg.js';
import { consoleApp, consoleCtx, makeUser, PASSWORD, submit } from '../console/helpers.js';
import { createWorld, fileMedia } from '../router/router-world.js';

describe('security: no SQL values in logs (issue 17 item 7)', function () {
  this.timeout(120_000);
  const t = useTestDb();
  let lines: string[];
  let db: Db;
  before(async () => {
    lines = [];
    const sink = new Writable({ write(chunk, _enc, cb) { lines.push(String(chunk)); cb(); } });
    const log = createLogger({ level: 'trace', destination: sink });
    db = await openDb({ url: t.url, log, poolMax: 3 });

    // A console sign-in (right and wrong), an account page, a failing form.
    await makeUser(t.db, 'secret.person@example.com');
    const ctx = { ...consoleCtx(db), log };
    const app = consoleApp(ctx);
    const agent = supertest.agent(app);
    await submit(agent, '/login', '/login', { email: 'secret.person@example.com', password: 'not the password 9' });
    await submit(agent, '/login', '/login', { email: 'secret.person@example.com', password: PASSWORD });
    await submit(agent, '/accounts', '/accounts', { name: 'Log Shop', ownerPhone: '+923331234567', credits: '5' });
    await submit(agent, '/accounts', '/accounts', { name: 'Log Shop 2', ownerPhone: '+923331234567', credits: '5' }); // duplicate owner
    // A chat conversation with numbers and a campaign text.
    const world = await createWorld(db);
    world.ctx.log = log;
    const owner = await world.newAccount({ phone: '+923339876543', credits: 5000 });
    await world.send(owner.phone, 'create list vip');
    await world.send(owner.phone, 'upload contacts', { media: fileMedia('c.txt', '+923451112233 Ayesha\n+923452223344 Bilal\n') });
    await world.send(owner.phone, 'upload contacts to vip', { media: fileMedia('c.txt', '+923451112233 Ayesha\n+923452223344 Bilal\n') });
    await world.send(owner.phone, 'create campaign eid for vip: Secret sale for {{name}}');
    // Database errors carrying values, logged the way the app logs faults.
    await db.exec('INSERT INTO members (account_id, phone, role) VALUES ($1, $2, $3)', [owner.accountId, '+923339876543', 'owner'])
      .catch((err) => log.error({ err }, 'request failed'));
    await db.exec('SELECT $1::int', ['+923459998877']).catch((err) => log.error({ err }, 'request failed'));
    await db.exec(`SELECT * FROM contacts WHERE phone = '+923451112233' AND nosuch = 1`).catch((err) => log.error({ err }, 'request failed'));
  });
  after(async () => { await db?.close(); });

  it('the run logged at debug/trace level (SQL statements included)', () => {
    expect(lines.length).to.be.greaterThan(20);
    expect(lines.some((l) => l.includes('"msg":"sql"'))).to.equal(true);
    expect(lines.some((l) => l.includes('"level":50'))).to.equal(true);
  });

  it('no phone, e-mail or campaign text of the run appears in the log', () => {
    const all = lines.join('');
    for (const secret of ['secret.person@example.com', 'secret.person', '+923331234567', '923331234567', '+923339876543', '923339876543', '923451112233', '923452223344', '923459998877', 'Ayesha', 'Secret sale', PASSWORD, 'not the password 9']) {
      const hit = lines.find((l) => l.includes(secret));
      expect(hit, `${secret} in: ${hit?.slice(0, 400)}`).to.equal(undefined);
    }
    expect(all).to.not.match(/Key \(phone\)=/);
  });

  it('the embedded server log lines are scrubbed the same way', () => {
    expect(pgLogLine('ERROR:  duplicate key value violates unique constraint "members_phone_key"\nDETAIL:  Key (phone)=(+923001112233) already exists.\nSTATEMENT:  INSERT INTO members VALUES ($1)'))
      .to.equal('ERROR:  duplicate key value violates unique constraint "members_phone_key"');
    expect(pgLogLine('ERROR:  invalid input syntax for type integer: "+923001112233"')).to.equal('ERROR:  invalid input syntax for type integer: "…"');
  });
});

describe('security: secrets at rest (issue 17 item 7)', () => {
  const t = useTestDb();

  it('confirmation codes are stored hashed, per member, and still work once', async () => {
    const { createAccount } = await import('../../src/accounts.js');
    const { owner } = await createAccount(t.db, { name: 'Conf Co', ownerPhone: '+923007770001' }, { type: 'system' });
    const now = new Date();
    const code = await proposeConfirmation(t.db, owner.id, 'launch', { name: 'eid' }, now);
    const stored = await t.db.query<{ code: string }>('SELECT code FROM pending_confirmations');
    expect(stored.map((r) => r.code)).to.deep.equal([confirmationCodeHash(owner.id, code)]);
    expect(stored[0]!.code).to.not.contain(code);
    expect(await redeemConfirmation(t.db, owner.id, code, now)).to.deep.equal({ ok: true, commandId: 'launch', args: { name: 'eid' } });
    expect((await redeemConfirmation(t.db, owner.id, code, now)).ok).to.equal(false);
  });

  it('the retention hash key is derived from the encryption key outside the database, and migration 0530 removes an old stored key', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'wa-sec-'));
    try {
      const env = { DATA_DIR: dir, ENCRYPTION_KEY: 'ab'.repeat(32), LOG_LEVEL: 'silent' };
      const config = loadConfig(env);
      await t.db.exec(`INSERT INTO settings (key, value) VALUES ('retention_hash_key', to_jsonb('old-key-in-db'::text))`);
      const { createAccount } = await import('../../src/accounts.js');
      const { account } = await createAccount(t.db, { name: 'Ret Co', ownerPhone: '+923007770002' }, { type: 'system' });
      const c = await t.db.one<{ id: number }>(`INSERT INTO campaigns (account_id, name, body, status) VALUES ($1, 'old', 'x', 'completed') RETURNING id`, [account.id]);
      await t.db.exec(`INSERT INTO outbox (campaign_id, account_id, phone, body, status, created_at) VALUES ($1, $2, '+923001234599', 'x', 'delivered', now() - interval '200 days')`, [c!.id, account.id]);
      // The purge no longer deletes it on every call (hot path): the one-time cleanup is a migration.
      await runRetentionPurge({ config, db: t.db, log: silentLog, clock: new FakeClock(new Date()) });
      expect(await t.db.one(`SELECT 1 FROM settings WHERE key = 'retention_hash_key'`)).to.not.equal(undefined);
      const { up } = await import('../../migrations/0530-drop-stored-retention-hash-key.js');
      await up({ context: (sql: string, params?: unknown[]) => t.db.query(sql, params) });
      expect(await t.db.one(`SELECT 1 FROM settings WHERE key = 'retention_hash_key'`)).to.equal(undefined);
      const row = await t.db.one<{ phone: string }>('SELECT phone FROM outbox WHERE campaign_id = $1', [c!.id]);
      expect(row!.phone).to.equal(anonymisePhone(deriveKey(config, silentLog, 'retention-hash'), '+923001234599'));
      // Nothing in the database reproduces it: the key is not stored anywhere there.
      const settings = await t.db.query<{ value: unknown }>('SELECT value FROM settings');
      expect(JSON.stringify(settings)).to.not.contain(deriveKey(config, silentLog, 'retention-hash'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
