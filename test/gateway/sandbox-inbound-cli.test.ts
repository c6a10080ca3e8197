// `wa-chatops sandbox inbound`: a recipient or an owner writes to a sandbox sender, through
// the real CLI on a real database; a LID-only message is matched by the member's LID and
// answered to that LID.
import { expect } from 'chai';
import { createAccount } from '../../src/accounts.js';
import { SYSTEM } from '../../src/audit.js';
import { ensureDefaultTerms, recordTermsAcceptance } from '../../src/terms.js';
import { runCli } from '../helpers/cli.js';
import { useTestDb } from '../helpers/pg.js';

describe('sandbox inbound (CLI)', () => {
  const t = useTestDb();

  it('a STOP to the sender that last wrote to the number suppresses it; an owner writing by LID only is answered at that LID', async () => {
    await ensureDefaultTerms(t.db);
    const { account, owner } = await createAccount(t.db, { name: 'Inbound Co', ownerPhone: '+923008880001', credits: 5 }, SYSTEM);
    await recordTermsAcceptance(t.db, { accountId: account.id, memberId: owner.id, phone: '+923008880001' });
    const sid = (await t.db.one<{ id: number }>(`INSERT INTO sender_sessions (account_id, transport, status, purpose, warmup) VALUES ($1, 'sandbox', 'open', 'both', false) RETURNING id`, [account.id]))!.id;
    await t.db.exec(`INSERT INTO sandbox_messages (session_id, direction, from_phone, to_phone, body, wa_message_id, status)
                     VALUES ($1, 'out', '+15550000001', '+923458880002', 'Eid offer', 'X1', 'sent')`, [sid]);
    const env = { DATABASE_URL: t.url, LOG_LEVEL: 'warn' };

    const stop = runCli(['sandbox', 'inbound', '--from', '+923458880002', 'STOP'], env);
    expect(stop.stderr).to.equal('');
    expect(stop.stdout).to.include(`received by sender ${sid}`);
    expect(await t.db.one('SELECT count(*)::int AS n FROM suppressions WHERE account_id = $1 AND phone = $2', [account.id, '+923458880002'])).to.deep.equal({ n: 1 });
    const contact = await t.db.one('SELECT count(*)::int AS n FROM sender_contacts WHERE session_id = $1 AND phone = $2', [sid, '+923458880002']);
    expect(contact, 'a locked sender may still answer them').to.deep.equal({ n: 1 });

    await t.db.exec(`UPDATE members SET lid = '84440001@lid' WHERE id = $1`, [owner.id]);
    const cmd = runCli(['sandbox', 'inbound', '--from', '+923008880001', '--lid', '84440001', '--sender', String(sid), 'balance'], env);
    expect(cmd.stdout).to.include('→ 84440001@lid: ').and.include('Credits available: 5');

    const nobody = runCli(['sandbox', 'inbound', '--from', '+923458889999', 'hi'], env);
    expect(nobody.code).to.equal(1);
    expect(nobody.stderr).to.include('no sender has written to +923458889999');
  });
});
