// `link sender +E164` by chat: a pairing code from whichever process drives the new sender,
// within the plan's sender limit.
import { expect } from 'chai';
import { SessionManager } from '../../src/gateway/session-manager.js';
import { useTestDb } from '../helpers/pg.js';
import { createWorld, type World } from '../router/router-world.js';

describe('link sender by chat', () => {
  const t = useTestDb();
  // Nested, so the gateway stops before the test database closes.
  describe('with a gateway process on the sandbox', () => {
    let w: World;
    let gateway: SessionManager;

    before(async function () {
      this.timeout(120_000);
      w = await createWorld(t.db, { WA_TRANSPORT: 'sandbox' });
      // The process driving the sockets; the chat's handler reaches it only through the database.
      gateway = new SessionManager(w.ctx, { ownerId: 'gateway-proc', heartbeatMs: 50 });
      await gateway.start();
    });
    after(async () => { await gateway.stop(); });

    it('replies with a pairing code and how to enter it; the new sender links and shows in senders; the plan limit holds', async () => {
      const owner = await w.newAccount();
      const reply = (await w.send(owner.phone, 'link sender +92 300 7654321')).join('\n');
      expect(reply).to.match(/Pairing code for \+923007654321: \*[A-Z0-9]{4}-[A-Z0-9]{4}\*/);
      expect(reply).to.include('Linked devices').and.include('Link with phone number instead');
      const row = await t.db.one('SELECT transport, purpose, status, account_id FROM sender_sessions WHERE pairing_code IS NOT NULL AND account_id = $1', [owner.accountId]);
      expect(row).to.deep.include({ transport: 'sandbox', purpose: 'campaigns', account_id: owner.accountId });
      expect((await w.send(owner.phone, 'senders')).join('\n')).to.match(/1\. \+923007654321: sending/);
      expect((await w.send(owner.phone, 'link sender +923007654321')).join('\n')).to.include('+923007654321 is linked already');

      // The default plan allows 2 senders.
      expect((await w.send(owner.phone, 'link sender +923007654322')).join('\n')).to.include('Pairing code for +923007654322');
      const refused = (await w.send(owner.phone, 'link sender +923007654323')).join('\n');
      expect(refused).to.include('Your plan allows 2 sender number(s) and you have 2');
      expect((await t.db.one('SELECT count(*)::int AS n FROM sender_sessions WHERE account_id = $1', [owner.accountId]))!.n).to.equal(2);
      expect((await w.send(owner.phone, 'gönderici bağla +905321234567')).join('\n')).to.include('Planınız 2 gönderici numarasına izin veriyor');
    });

    it('is for owners only', async () => {
      const owner = await w.newAccount();
      const manager = '+923009990001';
      await w.addMember(owner.accountId, manager, 'manager');
      const r = (await w.send(manager, 'link sender +923007654399')).join('\n');
      expect(r).to.not.include('Pairing code');
    });
  });
});
