// The constraints that keep data honest, as the database enforces them.
import { expect } from 'chai';
import { useTestDb } from '../helpers/pg.js';

async function refused(p: Promise<unknown>): Promise<string> {
  try { await p; } catch (e) { const pg = e as { message: string; constraint?: string }; return `${pg.message} [${pg.constraint ?? ''}]`; }
  return 'not refused';
}

describe('schema constraints', () => {
  const t = useTestDb();
  let campaignA: number;
  before(async () => {
    await t.db.exec(`INSERT INTO accounts (name, plan_id) VALUES ('A', 1), ('B', 1)`);
    await t.db.exec(`INSERT INTO contact_lists (account_id, name) VALUES (1, 'vip')`);
    campaignA = (await t.db.one<{ id: number }>(`INSERT INTO campaigns (account_id, name, body) VALUES (1, 'eid', 'hi') RETURNING id`))!.id;
  });

  it('an outbox row must belong to an existing campaign of the same account', async () => {
    expect(await refused(t.db.exec(`INSERT INTO outbox (campaign_id, account_id, phone) VALUES (999, 1, '+923001234567')`)))
      .to.match(/refers to campaign 999 of account 1, which does not exist/);
    expect(await refused(t.db.exec(`INSERT INTO outbox (campaign_id, account_id, phone) VALUES ($1, 2, '+923001234567')`, [campaignA])))
      .to.match(/which does not exist/);
    expect(await refused(t.db.exec(`INSERT INTO outbox (campaign_id, account_id, phone, sender_session_id) VALUES ($1, 1, '+923001234567', 77)`, [campaignA])))
      .to.match(/sender session 77, which does not exist/);
  });

  it('one outbox row per campaign and phone; status only from the known set', async () => {
    await t.db.exec(`INSERT INTO outbox (campaign_id, account_id, phone) VALUES ($1, 1, '+923001234567')`, [campaignA]);
    expect(await refused(t.db.exec(`INSERT INTO outbox (campaign_id, account_id, phone) VALUES ($1, 1, '+923001234567')`, [campaignA])))
      .to.match(/outbox_campaign_id_phone_key/);
    expect(await refused(t.db.exec(`UPDATE outbox SET status = 'lost' WHERE campaign_id = $1`, [campaignA]))).to.match(/outbox_status_check/);
    expect(await refused(t.db.exec(`UPDATE outbox SET sender_session_id = 55 WHERE campaign_id = $1`, [campaignA]))).to.match(/sender session 55/);
  });

  it('a message id is unique once assigned; many rows may still wait without one', async () => {
    const c2 = (await t.db.one<{ id: number }>(`INSERT INTO campaigns (account_id, name, body) VALUES (1, 'c2', 'x') RETURNING id`))!.id;
    await t.db.exec(`INSERT INTO outbox (campaign_id, account_id, phone) VALUES ($1, 1, '+923001111111'), ($1, 1, '+923002222222')`, [c2]);
    await t.db.exec(`UPDATE outbox SET wa_message_id = 'ID1' WHERE campaign_id = $1 AND phone = '+923001111111'`, [c2]);
    expect(await refused(t.db.exec(`UPDATE outbox SET wa_message_id = 'ID1' WHERE campaign_id = $1 AND phone = '+923002222222'`, [c2])))
      .to.match(/outbox_wa_message_id_key/);
  });

  it('deleting a campaign deletes its outbox rows', async () => {
    await t.db.exec(`DELETE FROM campaigns WHERE id = $1`, [campaignA]);
    expect((await t.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE campaign_id = $1`, [campaignA]))!.n).to.equal(0);
  });

  it('contacts are unique per list and stored in E.164', async () => {
    await t.db.exec(`INSERT INTO contacts (list_id, phone) VALUES (1, '+923001234567')`);
    expect(await refused(t.db.exec(`INSERT INTO contacts (list_id, phone) VALUES (1, '+923001234567')`))).to.match(/contacts_list_id_phone_key/);
    expect(await refused(t.db.exec(`INSERT INTO contacts (list_id, phone) VALUES (1, '03001234567')`))).to.match(/contacts_phone_check/);
  });
});
