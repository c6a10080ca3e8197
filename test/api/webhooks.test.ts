import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { deliverDueWebhooks } from '../../src/webhooks/deliver.js';
import { useTestDb } from '../helpers/pg.js';
import { makeAccount, makeSender } from '../helpers/world.js';
import { apiApp, apiCtx, client, makeToken } from './helpers.js';

interface Got { id: string; timestamp: string; signature: string; body: string }

/** A real HTTP receiver; answers with the status of `answer()` (200 unless set). */
async function receiver(answer: () => number = () => 200): Promise<{ url: string; got: Got[]; close(): Promise<void> }> {
  const got: Got[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      got.push({ id: String(req.headers['webhook-id']), timestamp: String(req.headers['webhook-timestamp']), signature: String(req.headers['webhook-signature']), body });
      res.statusCode = answer();
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, got, close: () => new Promise((r) => server.close(() => r())) };
}

const ENV = { ENCRYPTION_KEY: 'a'.repeat(64), WEBHOOK_ALLOW_PRIVATE: 'true' };

describe('api: webhooks (Standard Webhooks signatures, retries, rotation, SSRF guard)', () => {
  const t = useTestDb();

  it('refuses private and loopback targets unless the admin setting allows them', async () => {
    const ctx = apiCtx(t.db, { ENCRYPTION_KEY: 'a'.repeat(64) });
    const { accountId } = await makeAccount(t.db);
    const api = client(apiApp(ctx), await makeToken(ctx, accountId));
    for (const url of ['http://127.0.0.1:9/x', 'http://10.1.2.3/x', 'http://[::1]/x', 'http://192.168.1.1/', 'http://169.254.169.254/latest']) {
      const r = await api.post('/webhooks', { url, events: ['campaign.started'] });
      expect(r.status, url).to.equal(422);
      expect(r.body.code).to.equal('webhook.url.private');
    }
    expect((await api.post('/webhooks', { url: 'ftp://example.com/x', events: ['campaign.started'] })).body.code).to.equal('webhook.url.invalid');
  });

  it('delivers events written with their change, signed and verifiable, with one id across retries; 4xx is not retried', async () => {
    const ctx = apiCtx(t.db, ENV);
    const { accountId } = await makeAccount(t.db, { credits: 100, plan: { min_campaign_size: 1 } });
    await makeSender(t.db, accountId);
    let status = 500;
    const rx = await receiver(() => status);
    try {
      const api = client(apiApp(ctx, { api: { sendWhatsApp: async () => undefined } }), await makeToken(ctx, accountId));
      const hook = await api.post('/webhooks', { url: rx.url, events: ['campaign.started', 'campaign.paused', 'contact.opted_out'] });
      expect(hook.status).to.equal(201);
      expect(hook.body.secret).to.match(/^whsec_/);
      expect((await api.get('/webhooks')).body.items[0]).to.not.have.property('secret');

      await api.post('/lists', { name: 'vip' });
      await api.post('/lists/vip/contacts', { contacts: [{ phone: '+923001110001' }, { phone: '+923001110002' }] });
      await api.post('/campaigns', { name: 'eid', list: 'vip', text: 'Hi' });
      await api.post('/campaigns/eid/demo');
      expect((await api.post('/campaigns/eid/launch')).status).to.equal(200);
      await api.post('/campaigns/eid/pause');
      await api.post('/opt-outs', { phone: '+923001110003' });
      expect((await t.db.one<{ n: number }>('SELECT count(*)::int AS n FROM webhook_events WHERE account_id = $1', [accountId]))!.n).to.equal(3);

      // The receiver fails first: nothing is lost, the retry is scheduled 5 s later.
      expect(await deliverDueWebhooks(ctx)).to.deep.include({ delivered: 0, retried: 3 });
      const firstIds = rx.got.map((g) => g.id);
      await t.db.exec("UPDATE webhook_deliveries SET next_attempt_at = now() WHERE status = 'pending'");
      status = 200;
      expect(await deliverDueWebhooks(ctx)).to.deep.include({ delivered: 3 });
      expect(rx.got.slice(3).map((g) => g.id)).to.deep.equal(firstIds); // the same ids on retry
      const wh = new Webhook(hook.body.secret);
      const events = rx.got.slice(3).map((g) => wh.verify(g.body, { 'webhook-id': g.id, 'webhook-timestamp': g.timestamp, 'webhook-signature': g.signature }) as { type: string; data: Record<string, unknown> });
      expect(events.map((e) => e.type)).to.deep.equal(['campaign.started', 'campaign.paused', 'contact.opted_out']);
      expect(events[0]!.data).to.include({ campaign: 'eid', recipients: 2 });
      // a forged body does not verify
      expect(() => wh.verify(rx.got[3]!.body.replace('eid', 'xxx'), { 'webhook-id': rx.got[3]!.id, 'webhook-timestamp': rx.got[3]!.timestamp, 'webhook-signature': rx.got[3]!.signature })).to.throw();

      const log = await api.get(`/webhooks/${hook.body.id}/deliveries`);
      expect(log.body.items.map((d: { status: string; attempts: number }) => [d.status, d.attempts])).to.deep.equal([['delivered', 2], ['delivered', 2], ['delivered', 2]]);

      // Rotation: both secrets verify for 24 hours.
      const rotated = await api.post(`/webhooks/${hook.body.id}/rotate-secret`);
      await api.post(`/webhooks/${hook.body.id}/deliveries/${log.body.items[0].id}/replay`);
      await deliverDueWebhooks(ctx);
      const replayed = rx.got[rx.got.length - 1]!;
      expect(replayed.id).to.equal(log.body.items[0].webhook_id);
      const headers = { 'webhook-id': replayed.id, 'webhook-timestamp': replayed.timestamp, 'webhook-signature': replayed.signature };
      expect(() => new Webhook(rotated.body.secret).verify(replayed.body, headers)).to.not.throw();
      expect(() => new Webhook(hook.body.secret).verify(replayed.body, headers)).to.not.throw();

      // A 400 is final: failed, never retried.
      status = 400;
      await api.post('/opt-outs', { phone: '+923001110004' });
      expect(await deliverDueWebhooks(ctx)).to.deep.include({ failed: 1 });
      await t.db.exec('UPDATE webhook_deliveries SET next_attempt_at = now()');
      const before = rx.got.length;
      await deliverDueWebhooks(ctx);
      expect(rx.got.length).to.equal(before);
    } finally { await rx.close(); }
  });

  it('disables an endpoint failing for 5 days and tells the owner', async () => {
    const ctx = apiCtx(t.db, ENV);
    const { accountId, ownerPhone } = await makeAccount(t.db);
    const rx = await receiver(() => 503);
    try {
      const api = client(apiApp(ctx), await makeToken(ctx, accountId));
      const hook = await api.post('/webhooks', { url: rx.url, events: ['contact.opted_out'] });
      await api.post('/opt-outs', { phone: '+923001110009' });
      await t.db.exec("UPDATE webhook_endpoints SET failing_since = now() - interval '5 days 1 minute' WHERE id = $1", [hook.body.id]);
      const told: Array<{ to: string; text: string }> = [];
      await deliverDueWebhooks(ctx, { sendWhatsApp: async (to, text) => { told.push({ to, text }); } });
      expect((await api.get('/webhooks')).body.items[0]).to.include({ enabled: false });
      expect(told).to.have.length(1);
      expect(told[0]!.to).to.equal(ownerPhone);
      expect(told[0]!.text).to.contain(rx.url);
    } finally { await rx.close(); }
  });
});
