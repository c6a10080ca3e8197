// POST /campaigns/{name}/launch with {at}: scheduled through the chat's own service
// (src/campaigns/schedule.ts), with the launch's checks at the time of asking, moved by a
// second call, taken off by /unschedule, and started by the scheduler when due.
import { expect } from 'chai';
import { startDueSchedules } from '../../src/campaigns/schedule.js';
import { useTestDb } from '../helpers/pg.js';
import { makeAccount, makeSender } from '../helpers/world.js';
import { apiApp, apiCtx, client, makeToken } from './helpers.js';

describe('api: scheduled launch (launch with at, unschedule)', () => {
  const t = useTestDb();

  it('schedules with the same checks and refusals as the chat, reschedules, unschedules, and the scheduler starts it', async () => {
    const ctx = apiCtx(t.db);
    const { accountId } = await makeAccount(t.db, { credits: 100, plan: { min_campaign_size: 1 } });
    await makeSender(t.db, accountId);
    const api = client(apiApp(ctx, { api: { sendWhatsApp: async () => undefined } }), await makeToken(ctx, accountId));
    await api.post('/lists', { name: 'vip' });
    await api.post('/lists/vip/contacts', { contacts: [{ phone: '+923001110001' }, { phone: '+923001110002' }] });
    await api.post('/campaigns', { name: 'eid', list: 'vip', text: 'Hi {{name}}' });
    const inTwoHours = new Date(Date.now() + 2 * 3600_000).toISOString();

    const noDemo = await api.post('/campaigns/eid/launch', { at: inTwoHours });
    expect(noDemo.status).to.be.within(400, 499);
    expect(noDemo.body.code).to.equal('campaign.launch.no_demo');
    await api.post('/campaigns/eid/demo');
    const past = await api.post('/campaigns/eid/launch', { at: new Date(Date.now() - 60_000).toISOString() });
    expect(past.body.code).to.equal('campaign.schedule.past');
    expect((await api.post('/campaigns/eid/launch', { at: new Date(Date.now() + 200 * 86400_000).toISOString() })).body.code).to.equal('campaign.schedule.too_far');
    expect((await api.post('/campaigns/eid/launch', { at: 'tomorrow' })).status).to.equal(400);

    const s = await api.post('/campaigns/eid/launch', { at: inTwoHours });
    expect(s.status).to.equal(200);
    expect(s.body).to.deep.include({ name: 'eid', scheduled_at: inTwoHours, previous_scheduled_at: null });
    expect((await api.get('/campaigns/eid')).body.status).to.equal('demo_sent');
    expect((await t.db.one<{ n: number }>('SELECT count(*)::int AS n FROM outbox WHERE account_id = $1', [accountId]))!.n, 'nothing queued before its time').to.equal(0);
    const later = new Date(Date.now() + 3 * 3600_000).toISOString();
    expect((await api.post('/campaigns/eid/launch', { at: later })).body).to.deep.include({ scheduled_at: later, previous_scheduled_at: inTwoHours });

    expect((await api.post('/campaigns/eid/unschedule')).body).to.deep.equal({ name: 'eid', was_scheduled_at: later });
    expect((await api.post('/campaigns/eid/unschedule')).body.code).to.equal('campaign.schedule.not_scheduled');

    // Scheduled again, then due: the scheduler's job starts it with the launch's own checks.
    await api.post('/campaigns/eid/launch', { at: inTwoHours });
    await t.db.exec("UPDATE campaigns SET scheduled_at = now() - interval '1 second' WHERE account_id = $1", [accountId]);
    const started = await startDueSchedules(ctx);
    expect(started).to.have.length(1);
    expect(started[0]).to.have.property('started');
    const c = (await api.get('/campaigns/eid')).body;
    expect(c.status).to.equal('running');
    expect(c.recipients).to.equal(2);
  });
});
