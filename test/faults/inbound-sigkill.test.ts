// Issue 21 (4): no inbound message is lost. A real `wa-chatops sandbox inbound` process writes
// a STOP and an owner's command to the journal and is SIGKILLed before it answers (the gap is
// held open by INBOUND_HANDLE_DELAY_MS); a real `wa-chatops start` then honours the STOP and
// answers the command, each exactly once, and a second restart answers nothing again.
import { spawn } from 'node:child_process';
import { expect } from 'chai';
import { createAccount } from '../../src/accounts.js';
import { SYSTEM } from '../../src/audit.js';
import { ensureDefaultTerms, recordTermsAcceptance } from '../../src/terms.js';
import { BIN, childEnv, REPO_ROOT } from '../helpers/cli.js';
import { useTestDb } from '../helpers/pg.js';
import { waitFor } from '../helpers/wait-for.js';
import { killApp, startApp } from './app-process.js';

const OWNER = '+923008880101';
const CUSTOMER = '+923458880102';

describe('fault: SIGKILL between writing an inbound message and answering it', function () {
  this.timeout(180_000);
  const t = useTestDb();

  async function killedAfterWrite(args: string[], text: string): Promise<void> {
    const before = (await t.db.one<{ n: number }>('SELECT count(*)::int AS n FROM inbound_messages'))!.n;
    const child = spawn(process.execPath, [BIN, 'sandbox', 'inbound', ...args, text], {
      env: childEnv({ DATABASE_URL: t.url, LOG_LEVEL: 'warn', LOG_PRETTY: 'false', INBOUND_HANDLE_DELAY_MS: '120000' }), cwd: REPO_ROOT, stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await waitFor(async () => (await t.db.one<{ n: number }>('SELECT count(*)::int AS n FROM inbound_messages'))!.n > before, 'the inbound message written', 60_000, 20);
    child.kill('SIGKILL');
    await exited;
  }

  const outTo = async (phone: string) => t.db.query<{ body: string }>(
    `SELECT body FROM sandbox_messages WHERE direction = 'out' AND to_phone = $1 ORDER BY id`, [phone]);

  it('the STOP is honoured and the command answered exactly once after the restart', async () => {
    await ensureDefaultTerms(t.db);
    const { account, owner } = await createAccount(t.db, { name: 'Crash Co', ownerPhone: OWNER, credits: 7 }, SYSTEM);
    await recordTermsAcceptance(t.db, { accountId: account.id, memberId: owner.id, phone: OWNER });
    const sid = (await t.db.one<{ id: number }>(
      `INSERT INTO sender_sessions (account_id, transport, status, purpose, warmup) VALUES ($1, 'sandbox', 'open', 'both', false) RETURNING id`, [account.id]))!.id;

    await killedAfterWrite(['--from', CUSTOMER, '--sender', String(sid)], 'STOP');
    await killedAfterWrite(['--from', OWNER, '--sender', String(sid)], 'balance');
    const journal = await t.db.query<{ body: string; handled_at: Date | null }>('SELECT body, handled_at FROM inbound_messages ORDER BY received_at');
    expect(journal.map((r) => [r.body, r.handled_at])).to.deep.equal([['STOP', null], ['balance', null]]);
    expect(await t.db.one('SELECT count(*)::int AS n FROM suppressions WHERE phone = $1', [CUSTOMER]), 'nothing acted on yet').to.deep.equal({ n: 0 });
    expect(await outTo(OWNER)).to.deep.equal([]);

    const app = await startApp(t.url, { INBOUND_RECOVER_AFTER_MS: '500' });
    try {
      await waitFor(async () => (await t.db.one<{ n: number }>('SELECT count(*)::int AS n FROM inbound_messages WHERE handled_at IS NULL'))!.n === 0, 'the journal handled', 60_000, 50);
      expect(await t.db.one('SELECT count(*)::int AS n FROM suppressions WHERE account_id = $1 AND phone = $2', [account.id, CUSTOMER])).to.deep.equal({ n: 1 });
      await waitFor(async () => (await outTo(OWNER)).length > 0, 'the answer', 10_000, 50);
      const answers = await outTo(OWNER);
      expect(answers).to.have.length(1);
      expect(answers[0]!.body).to.include('Credits available: 7');
      expect(await outTo(CUSTOMER), 'one opt-out confirmation').to.have.length(1);
    } finally {
      await killApp(app, 'SIGKILL');
    }

    // Handled messages stay handled: a second start answers nothing again.
    const again = await startApp(t.url, { INBOUND_RECOVER_AFTER_MS: '500' });
    try {
      await new Promise((r) => setTimeout(r, 2000));
      expect(await outTo(OWNER)).to.have.length(1);
      expect(await outTo(CUSTOMER)).to.have.length(1);
    } finally {
      await killApp(again, 'SIGTERM');
    }
  });
});
