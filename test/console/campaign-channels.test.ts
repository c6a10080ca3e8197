import { expect } from 'chai';
import { createAccount } from '../../src/accounts.js';
import { useTestDb } from '../helpers/pg.js';
import { consoleApp, consoleCtx, makeUser, signIn } from './helpers.js';

// Issue 16 item 6: a WhatsApp campaign with SMS fallback shows its counts per channel.
describe('console: per-channel counts on the campaign page', () => {
  const t = useTestDb();

  it('shows a row per channel for a WhatsApp campaign with SMS fallback, and none for WhatsApp alone', async () => {
    const { account } = await createAccount(t.db, { name: 'Chan', ownerPhone: '+923001234560' }, { type: 'system' });
    const list = await t.db.one<{ id: number }>("INSERT INTO contact_lists (account_id, name) VALUES ($1, 'all') RETURNING id", [account.id]);
    const mk = async (name: string, fallback: string) => (await t.db.one<{ id: number }>(
      `INSERT INTO campaigns (account_id, list_id, name, body, status, launched_at, sms_fallback) VALUES ($1, $2, $3, 'Hi', 'running', now(), $4) RETURNING id`,
      [account.id, list!.id, name, fallback]))!.id;
    const withFallback = await mk('mixed', 'not_registered');
    const plain = await mk('plain', 'none');
    for (const id of [withFallback, plain]) {
      await t.db.exec(
        `INSERT INTO outbox (campaign_id, account_id, phone, body, status, sent_at, delivered_at, channel, credit_state) VALUES
          ($1, $2, '+923011111111', 'Hi', 'delivered', now(), now(), 'whatsapp', 'debited'),
          ($1, $2, '+923022222222', 'Hi', 'sent', now(), NULL, 'whatsapp', 'debited'),
          ($1, $2, '+923033333333', 'Hi', 'sent', now(), NULL, 'sms', 'debited'),
          ($1, $2, '+923044444444', 'Hi', 'queued', NULL, NULL, 'sms', 'none')`, [id, account.id]);
    }
    await makeUser(t.db, 'chan@example.com', 'admin');
    const admin = await signIn(consoleApp(consoleCtx(t.db)), 'chan@example.com');
    const page = (await admin.get(`/campaigns/${withFallback}`)).text;
    expect(page).to.contain('<table class="counts channels">');
    expect(page).to.match(/<tr data-channel="whatsapp"><td>WhatsApp<\/td><td class="num" data-count="sent">2<\/td><td class="num" data-count="delivered">1<\/td><td class="num" data-count="failed">0<\/td><td class="num" data-count="queued">0<\/td><\/tr>/);
    expect(page).to.match(/<tr data-channel="sms"><td>SMS<\/td><td class="num" data-count="sent">1<\/td><td class="num" data-count="delivered">0<\/td><td class="num" data-count="failed">0<\/td><td class="num" data-count="queued">1<\/td><\/tr>/);
    expect((await admin.get(`/campaigns/${plain}`)).text).to.not.contain('counts channels');
  });
});
