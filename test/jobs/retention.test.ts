import { expect } from 'chai';
import { existsSync, mkdtempSync, rmSync, utimesSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sandboxFilesDir, storeSandboxFile } from '../../src/gateway/sandbox-files.js';
import { FakeClock } from '../../src/clock.js';
import { getBalance } from '../../src/credits.js';
import { runRetentionPurge } from '../../src/retention.js';
import { useTestDb } from '../helpers/pg.js';
import { makeAccount, makeCampaign, testCtx } from './fixtures.js';

describe('retention purge', () => {
  const t = useTestDb();

  it('anonymises old message data with a keyed hash, drops expired logs and billing rows, keeps balances, and is idempotent', async () => {
    const ctx = testCtx(t.db, new FakeClock(new Date()), { RETENTION_HASH_KEY: 'k1' });
    const { accountId } = await makeAccount(t.db, { credits: 1000 });
    const cid = await makeCampaign(t.db, accountId, 4);
    await t.db.exec(`UPDATE outbox SET created_at = now() - interval '91 days' WHERE campaign_id = $1 AND id IN (SELECT id FROM outbox WHERE campaign_id = $1 ORDER BY id LIMIT 3)`, [cid]);
    await t.db.exec(`UPDATE outbox SET status = 'delivered' WHERE campaign_id = $1`, [cid]);
    await t.db.exec(`INSERT INTO sandbox_messages (direction, from_phone, to_phone, body, created_at) VALUES
      ('out', '+15550000001', '+923001112233', 'old', now() - interval '100 days'), ('out', '+15550000001', '+923001112233', 'new', now())`);
    await t.db.exec(`INSERT INTO login_events (email, success, at) VALUES ('a@b.c', true, now() - interval '400 days'), ('a@b.c', true, now())`);
    const inv = await t.db.one<{ id: number }>(`INSERT INTO invoices (account_id, amount_minor, due_at, created_at) VALUES ($1, 100, now() - interval '8 years', now() - interval '8 years') RETURNING id`, [accountId]);
    await t.db.exec(`INSERT INTO billing_reminders (invoice_id, day, kind) VALUES ($1, '2018-01-01', 'due-0')`, [inv!.id]);
    await t.db.exec(`INSERT INTO credit_ledger (account_id, kind, available_delta, created_at) VALUES ($1, 'topup', 50, now() - interval '8 years')`, [accountId]);
    const before = await getBalance(t.db, accountId);

    const c = await runRetentionPurge(ctx);
    expect(c).to.include({ outboxAnonymised: 3, sandboxAnonymised: 1, loginEventsDeleted: 1, invoicesDeleted: 1, ledgerEntriesDeleted: 1 });
    const rows = await t.db.query(`SELECT phone, body, name, anonymised_at FROM outbox WHERE campaign_id = $1 ORDER BY id`, [cid]);
    expect(rows.slice(0, 3).every((r) => r.phone.startsWith('anon:') && r.body === null && r.name === null)).to.equal(true);
    expect(rows[3]!.phone).to.match(/^\+92/);
    // Statistics stay countable: the campaign still has 4 delivered rows and distinct recipients.
    const stats = await t.db.one(`SELECT count(*)::int AS n, count(DISTINCT phone)::int AS d FROM outbox WHERE campaign_id = $1 AND status = 'delivered'`, [cid]);
    expect(stats).to.deep.equal({ n: 4, d: 4 });
    const sb = await t.db.query(`SELECT to_phone, body FROM sandbox_messages ORDER BY id`);
    expect(sb[0]!.to_phone).to.match(/^anon:/);
    expect(sb[0]!.body).to.equal(null);
    expect(sb[1]!.body).to.equal('new');
    expect(await getBalance(t.db, accountId)).to.deep.equal(before);
    expect((await t.db.query(`SELECT 1 FROM audit_log WHERE action = 'retention.purge'`))).to.have.length(1);

    const again = await runRetentionPurge(ctx);
    expect(Object.values(again).every((n) => n === 0)).to.equal(true);
    expect(await getBalance(t.db, accountId)).to.deep.equal(before);
  });

  it('purges the sandbox\'s stored files by the 90-day message rule: old and no longer named by a recent message', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wa-ret-files-'));
    try {
      const ctx = testCtx(t.db, new FakeClock(new Date()), { RETENTION_HASH_KEY: 'k1', DATA_DIR: dataDir });
      const dir = sandboxFilesDir(ctx.config);
      const doc = (text: string) => ({ kind: 'document' as const, data: Buffer.from(text), fileName: 'rejected.csv', mimetype: 'text/csv' });
      const oldSha = (await storeSandboxFile(dir, doc('old rejected lines')))!;
      const resentSha = (await storeSandboxFile(dir, doc('the same export, sent again last week')))!;
      const newSha = (await storeSandboxFile(dir, doc('todays rejected lines')))!;
      const past = new Date(Date.now() - 100 * 86_400_000);
      for (const f of [oldSha, resentSha]) utimesSync(path.join(dir, f), past, past);
      // A temporary file an interrupted write left behind, as old.
      const tmp = path.join(dir, `${'a'.repeat(64)}.123.tmp`);
      (await import('node:fs')).writeFileSync(tmp, 'x');
      utimesSync(tmp, past, past);
      const media = (sha: string) => JSON.stringify({ kind: 'document', mimetype: 'text/csv', sha256: sha });
      await t.db.exec(`INSERT INTO sandbox_messages (direction, from_phone, to_phone, body, media, media_sha256, created_at) VALUES
        ('out', '+15550000001', '+923001112233', NULL, $1, $4, now() - interval '100 days'),
        ('out', '+15550000001', '+923001112233', NULL, $2, $5, now() - interval '7 days'),
        ('out', '+15550000001', '+923001112233', NULL, $3, $6, now())`, [media(oldSha), media(resentSha), media(newSha), oldSha, resentSha, newSha]);

      const c = await runRetentionPurge(ctx);
      expect(c.sandboxFilesDeleted).to.equal(2);
      expect(existsSync(path.join(dir, oldSha))).to.equal(false);
      expect(existsSync(tmp)).to.equal(false);
      expect(existsSync(path.join(dir, resentSha))).to.equal(true); // a message within 90 days still hands it out
      expect(existsSync(path.join(dir, newSha))).to.equal(true);
      expect((await runRetentionPurge(ctx)).sandboxFilesDeleted).to.equal(0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
