// Retargeting (issue 14 item 6): "create campaign NAME2 from NAME not read" (failed, not
// delivered, read) goes to the source campaign's recipients by result, minus opt-outs, through
// the same demo and launch rules.
import { expect } from 'chai';
import { createList } from '../../src/contacts/index.js';
import { addSuppression } from '../../src/suppression.js';
import { useTestDb } from '../helpers/pg.js';
import { fillList, makeAccount } from '../helpers/world.js';
import { createWorld, type World } from '../router/router-world.js';

describe('retargeting by delivery result', () => {
  const t = useTestDb();
  let w: World;
  before(async () => { w = await createWorld(t.db); });

  /** An owner whose campaign "eid" went to 10 numbers: 0–3 read, 4–5 delivered, 6 sent, 7–8 failed, 9 not on WhatsApp. */
  async function sentCampaign(language: 'en' | 'tr' | 'ur' = 'en') {
    const made = await makeAccount(t.db, { credits: 1000, language, acceptTerms: true, plan: { min_campaign_size: 1 } });
    const a = { accountId: made.accountId, phone: made.ownerPhone };
    const list = await createList(w.ctx, a.accountId, 'vip');
    await fillList(t.db, list.id, 10);
    const c = (await t.db.one<{ id: number }>(
      `INSERT INTO campaigns (account_id, list_id, name, body, status, launched_at, name_key) VALUES ($1, $2, 'eid', 'Eid offer {{name|friend}}', 'completed', now(), 'eid') RETURNING id`,
      [a.accountId, list.id]))!.id;
    await t.db.exec(
      `INSERT INTO outbox (campaign_id, account_id, phone, name, variables, body, status, reason, credit_state)
       SELECT $1, $2, c.phone, c.name, c.variables, 'Eid offer', s.status, CASE WHEN s.status = 'skipped' THEN 'not_on_whatsapp' END, 'none'
         FROM contacts c JOIN (VALUES (0,'read'),(1,'read'),(2,'read'),(3,'read'),(4,'delivered'),(5,'delivered'),(6,'sent'),(7,'failed'),(8,'failed'),(9,'skipped'))
              AS s(i, status) ON c.phone = '+9230' || lpad(s.i::text, 8, '0')
        WHERE c.list_id = $3`, [c, a.accountId, list.id]);
    await t.db.exec(`INSERT INTO sender_sessions (account_id, transport, purpose, status, warmup, owner_id, lease_until) VALUES ($1, 'sandbox', 'campaigns', 'open', false, NULL, now() + interval '1 hour')`, [a.accountId]);
    return a;
  }

  it('builds the audience from the source\'s results minus opt-outs, and goes through demo and launch', async () => {
    const a = await sentCampaign();
    // Number 5 (delivered, not read) has opted out since.
    await addSuppression(w.ctx, a.accountId, '+923000000005', 'reply');
    const created = (await w.send(a.phone, 'create campaign eid2 from eid not read')).join('\n');
    expect(created).to.include('Campaign "eid2" created for 2 recipients of "eid" (not read)');
    expect(created).to.include('Eid offer Name 4');
    expect((await w.send(a.phone, 'launch eid2')).join('\n')).to.include('send demo eid2');
    await w.send(a.phone, 'send demo eid2');
    const prompt = (await w.send(a.phone, 'launch eid2')).join('\n');
    const code = /\b(\d{6})\b/.exec(prompt)?.[1];
    expect(code, prompt).to.be.a('string');
    await w.send(a.phone, `YES ${code}`);
    const rows = await t.db.query<{ phone: string; status: string; body: string | null }>(
      `SELECT o.phone, o.status, o.body FROM outbox o JOIN campaigns c ON c.id = o.campaign_id WHERE c.account_id = $1 AND c.name = 'eid2' ORDER BY o.phone`, [a.accountId]);
    // 4 and 5 delivered, 6 sent: "not read"; 5 opted out is written skipped, never sent.
    expect(rows.map((r) => [r.phone.slice(-1), r.status])).to.deep.equal([['4', 'queued'], ['5', 'skipped'], ['6', 'queued']]);
    expect(rows[0]!.body).to.equal('Eid offer Name 4');
  });

  it('takes failed, not delivered and read, with a new text; refuses an empty audience and a source never launched', async () => {
    const a = await sentCampaign();
    expect((await w.send(a.phone, 'create campaign again from eid failed: Try again {{name|friend}}')).join('\n')).to.include('for 2 recipients').and.include('Try again Name 8');
    expect((await w.send(a.phone, 'create campaign nd from eid not delivered')).join('\n')).to.include('for 3 recipients');
    expect((await w.send(a.phone, 'create campaign readers from eid read: Thanks!')).join('\n')).to.include('for 4 recipients');
    await w.send(a.phone, 'create campaign draft1 for vip: hello');
    expect((await w.send(a.phone, 'create campaign x from draft1 read')).join('\n')).to.include('has not been launched yet');
    await t.db.exec(`UPDATE outbox SET status = 'read' WHERE campaign_id = (SELECT id FROM campaigns WHERE account_id = $1 AND name = 'eid') AND status = 'failed'`, [a.accountId]);
    expect((await w.send(a.phone, 'create campaign none from eid failed')).join('\n')).to.include('Nobody in "eid" is failed');
  });

  it('reads the Turkish and Urdu forms', async () => {
    const a = await sentCampaign('tr');
    expect((await w.send(a.phone, "kampanya oluştur tekrar eid'in okumayanlar")).join('\n')).to.include('"eid" kampanyasının 3 alıcısı (okumayan)');
    const u = await sentCampaign('ur');
    expect((await w.send(u.phone, 'campaign banao dobara eid fail hue walon ko')).join('\n')).to.include('"eid" ke 2 recipients (fail hue)');
  });
});
