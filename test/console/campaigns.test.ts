import { expect } from 'chai';
import { createAccount } from '../../src/accounts.js';
import { useTestDb } from '../helpers/pg.js';
import { consoleApp, consoleCtx, makeUser, signIn, submit } from './helpers.js';

describe('console: campaign pages, data rights, senders', () => {
  const t = useTestDb();
  let accountId: number;
  let campaignId: number;

  before(async () => {
    const { account } = await createAccount(t.db, { name: 'Shop', ownerPhone: '+923001234567' }, { type: 'system' });
    accountId = account.id;
    const list = await t.db.one<{ id: number }>("INSERT INTO contact_lists (account_id, name) VALUES ($1, 'vip') RETURNING id", [accountId]);
    const c = await t.db.one<{ id: number }>(
      `INSERT INTO campaigns (account_id, list_id, name, body, status, launched_at) VALUES ($1, $2, 'eid', 'Hi {{name}}', 'running', now()) RETURNING id`, [accountId, list!.id]);
    campaignId = c!.id;
    await t.db.exec(
      `INSERT INTO outbox (campaign_id, account_id, phone, name, body, status, sent_at, delivered_at, credit_state) VALUES
        ($1, $2, '+923011111111', '<script>x</script>', 'Hi <script>x</script>', 'delivered', now() - interval '2 minutes', now() - interval '1 minute', 'debited'),
        ($1, $2, '+923022222222', 'Sara', 'Hi Sara', 'sent', now() - interval '1 minute', NULL, 'debited'),
        ($1, $2, '+923033333333', 'Omar', 'Hi Omar', 'queued', NULL, NULL, 'none'),
        ($1, $2, '+923044444444', '=cmd()', 'Hi', 'skipped', NULL, NULL, 'none')`, [campaignId, accountId]);
  });

  it('shows counts by status, an SVG chart, the escaped rendered text and a CSV per recipient', async () => {
    await makeUser(t.db, 'camp@example.com', 'viewer');
    const viewer = await signIn(consoleApp(consoleCtx(t.db)), 'camp@example.com');
    const list = await viewer.get('/campaigns');
    expect(list.text).to.match(/<progress max="3" value="2">/);
    const page = await viewer.get(`/campaigns/${campaignId}`);
    expect(page.text).to.contain('<svg class="chart"').and.contain('Hi &lt;script&gt;x&lt;/script&gt;').and.not.contain('<script>x');
    expect(page.text).to.match(/data-count="delivered">1</).and.match(/data-count="queued">1</);
    // Delivered and read as parts of sent, as `status` says it (the table keeps each row's latest status).
    expect(page.text).to.match(/Sent: <strong data-field="sent-all">2<\/strong> \(<span data-field="delivered-all">1<\/span> delivered, <span data-field="read-all">0<\/span> read\)/);
    expect(page.text).to.not.contain('Pause…'); // a viewer gets no controls
    const json = await viewer.get(`/campaigns/${campaignId}/progress.json`);
    expect(json.body.counts.sent).to.equal(1);
    const csv = await viewer.get(`/campaigns/${campaignId}/recipients.csv`);
    expect(csv.headers['content-type']).to.contain('text/csv');
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).to.equal('phone,name,status,reason,sent_at,delivered_at,read_at,failed_at,channel,email');
    expect(lines).to.have.length(5);
    expect(csv.text).to.contain("'=cmd()"); // no formula injection into spreadsheets
  });

  it('shows a scheduled start and the sending window in the account\'s time zone', async () => {
    const list = await t.db.one<{ id: number }>("INSERT INTO contact_lists (account_id, name) VALUES ($1, 'later') RETURNING id", [accountId]);
    const c = await t.db.one<{ id: number }>(
      `INSERT INTO campaigns (account_id, list_id, name, body, status, scheduled_at, window_start_minute, window_end_minute)
       VALUES ($1, $2, 'friday', 'Hi', 'demo_sent', '2026-12-04T05:00:00Z', 600, 1200) RETURNING id`, [accountId, list!.id]);
    await makeUser(t.db, 'sched@example.com', 'viewer');
    const viewer = await signIn(consoleApp(consoleCtx(t.db)), 'sched@example.com');
    const page = await viewer.get(`/campaigns/${c!.id}`);
    expect(page.text).to.contain('data-field="schedule">Friday 04.12.2026 10:00 (Asia/Karachi)<');
    expect(page.text).to.contain('data-field="window">10:00–20:00 (Asia/Karachi)<');
    const plain = await viewer.get(`/campaigns/${campaignId}`);
    expect(plain.text).to.not.contain('Scheduled start');
  });

  it('a draft shows its list size as its recipients, not 0', async () => {
    const list = await t.db.one<{ id: number }>("INSERT INTO contact_lists (account_id, name) VALUES ($1, 'draft list') RETURNING id", [accountId]);
    await t.db.exec(`INSERT INTO contacts (list_id, phone) SELECT $1, '+92305' || lpad(i::text, 7, '0') FROM generate_series(1, 1234) i`, [list!.id]);
    const d = await t.db.one<{ id: number }>(`INSERT INTO campaigns (account_id, list_id, name, body) VALUES ($1, $2, 'draft one', 'Hi') RETURNING id`, [accountId, list!.id]);
    await makeUser(t.db, 'drafts@example.com', 'viewer');
    const viewer = await signIn(consoleApp(consoleCtx(t.db)), 'drafts@example.com');
    const page = await viewer.get('/campaigns');
    const row = page.text.slice(page.text.indexOf(`data-campaign="${d!.id}"`)).split('</tr>')[0]!;
    expect(row).to.contain('<td class="num">1,234</td>').and.contain('0 / 1234');
    await t.db.exec('DELETE FROM campaigns WHERE id = $1', [d!.id]);
  });

  it('pauses a campaign only after confirmation, and audits it', async () => {
    await makeUser(t.db, 'camp-admin@example.com');
    const admin = await signIn(consoleApp(consoleCtx(t.db)), 'camp-admin@example.com');
    const confirm = await admin.get(`/campaigns/${campaignId}/pause`);
    expect(confirm.text).to.contain('Pause campaign eid?');
    const unconfirmed = await submit(admin, `/campaigns/${campaignId}/pause`, `/campaigns/${campaignId}/pause`, {});
    expect((await admin.get(unconfirmed.headers.location!)).text).to.contain('confirm the action first');
    expect((await t.db.one('SELECT status FROM campaigns WHERE id = $1', [campaignId]))!.status).to.equal('running');
    await submit(admin, `/campaigns/${campaignId}/pause`, `/campaigns/${campaignId}/pause`, { confirm: 'yes' });
    expect((await t.db.one('SELECT status FROM campaigns WHERE id = $1', [campaignId]))!.status).to.equal('paused');
    expect(await t.db.one("SELECT 1 FROM audit_log WHERE action LIKE 'campaign.pause%' AND actor_label = 'camp-admin@example.com'")).to.not.equal(undefined);
  });

  it('exports an account as JSON and erases it only with the exact typed name, both audited', async () => {
    const admin = await signIn(consoleApp(consoleCtx(t.db)), 'camp-admin@example.com');
    const exported = await admin.get(`/accounts/${accountId}/export.json`);
    expect(exported.headers['content-disposition']).to.contain('attachment');
    expect(JSON.parse(exported.text).members[0].phone).to.equal('+923001234567');
    const wrong = await submit(admin, `/accounts/${accountId}/erase`, `/accounts/${accountId}/erase`, { confirmName: 'shop' });
    expect((await admin.get(wrong.headers.location!)).text).to.contain('type the account&#39;s name exactly');
    expect((await t.db.one('SELECT status FROM accounts WHERE id = $1', [accountId]))!.status).to.equal('active');
    await submit(admin, `/accounts/${accountId}/erase`, `/accounts/${accountId}/erase`, { confirmName: 'Shop' });
    expect((await t.db.one('SELECT status FROM accounts WHERE id = $1', [accountId]))!.status).to.equal('erased');
    expect(await t.db.one('SELECT 1 FROM members WHERE account_id = $1', [accountId])).to.equal(undefined);
    const actions = (await t.db.query<{ action: string }>('SELECT action FROM audit_log WHERE account_id = $1', [accountId])).map((r) => r.action);
    expect(actions).to.include.members(['account.export', 'account.erase']);
  });

  it('lists senders with state and cap, and refuses sandbox senders unless the transport is sandbox', async () => {
    const admin = await signIn(consoleApp(consoleCtx(t.db)), 'camp-admin@example.com');
    const refused = await submit(admin, '/senders', '/senders', { transport: 'sandbox', purpose: 'campaigns' });
    expect((await admin.get(refused.headers.location!)).text).to.contain('only when WA_TRANSPORT=sandbox');
    const added = await submit(admin, '/senders', '/senders', { transport: 'whatsapp', purpose: 'campaigns', label: 'Phone <1>' });
    expect(added.headers.location).to.match(/^\/senders\/\d+$/);
    const list = await admin.get('/senders');
    expect(list.text).to.contain('Phone &lt;1&gt;').and.contain('not linked yet').and.match(/0 \/ 20/);
    const state = await admin.get(`${added.headers.location}/state.json`);
    expect(state.body).to.include({ status: 'new', capToday: 20, qr: null });
  });
});
