// The console's webhooks page (issue 15 item 5): an admin registers an endpoint (secret shown
// once), sees the delivery log, replays a delivery (same webhook-id, verified with the secret),
// rotates the secret (both signatures for 24 h), disables and enables it; a viewer may not.
import { expect } from 'chai';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { deliverDueWebhooks } from '../../src/webhooks/deliver.js';
import { recordEvent } from '../../src/webhooks/events.js';
import { useTestDb } from '../helpers/pg.js';
import { makeAccount } from '../helpers/world.js';
import { consoleApp, consoleCtx, makeUser, signIn, submit, tokenFrom } from './helpers.js';

const ENV = { ENCRYPTION_KEY: 'a'.repeat(64), WEBHOOK_ALLOW_PRIVATE: 'true' };

describe('console: webhooks page of an account', () => {
  const t = useTestDb();

  it('register (secret once), delivery log, replay with the same id, rotate, disable and enable', async () => {
    const arrivals: Array<{ id: string; body: string; headers: Record<string, string> }> = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => {
        const headers = { 'webhook-id': String(req.headers['webhook-id']), 'webhook-timestamp': String(req.headers['webhook-timestamp']), 'webhook-signature': String(req.headers['webhook-signature']) };
        arrivals.push({ id: headers['webhook-id'], body, headers });
        res.statusCode = 204;
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    try {
      const ctx = consoleCtx(t.db, { env: ENV });
      const { accountId } = await makeAccount(t.db);
      const app = consoleApp(ctx);
      await makeUser(t.db, 'hooks-admin@example.com');
      const admin = await signIn(app, 'hooks-admin@example.com');
      const page = `/accounts/${accountId}/webhooks`;
      expect((await admin.get(`/accounts/${accountId}`)).text).to.contain(`href="${page}"`);

      // Two ticked boxes, as a browser sends them: the same name twice.
      const _csrf = await tokenFrom(admin, page);
      const made = await admin.post(page).type('form').send(new URLSearchParams([['_csrf', _csrf], ['url', url], ['events', 'message.delivered'], ['events', 'campaign.completed']]).toString());
      expect(made.status).to.equal(200);
      expect(made.headers['cache-control']).to.contain('no-store');
      const secret = /whsec_[A-Za-z0-9+/=]+/.exec(made.text)?.[0];
      expect(secret, made.text.slice(0, 500)).to.be.a('string');
      const row = (await t.db.one<{ id: number; events: string[] }>('SELECT id, events FROM webhook_endpoints WHERE account_id = $1', [accountId]))!;
      expect(row.events).to.deep.equal(['message.delivered', 'campaign.completed']);
      const list = await admin.get(page);
      expect(list.text).to.contain(url).and.not.contain(secret!);

      // An event is delivered, shows in the log, and a replay sends it again with the same id.
      await recordEvent(t.db, accountId, 'message.delivered', { message_id: 'm1' });
      await deliverDueWebhooks(ctx);
      expect(arrivals).to.have.length(1);
      new Webhook(secret!).verify(arrivals[0]!.body, arrivals[0]!.headers);
      const logPage = `${page}/${row.id}`;
      const log = await admin.get(logPage);
      expect(log.status).to.equal(200);
      expect(log.text).to.contain(arrivals[0]!.id).and.contain('message.delivered').and.contain('delivered');
      const delivery = (await t.db.one<{ id: number }>('SELECT id FROM webhook_deliveries'))!.id;
      const replay = await submit(admin, logPage, `${logPage}/deliveries/${delivery}/replay`, {});
      expect([replay.status, replay.headers.location]).to.deep.equal([303, logPage]);
      await deliverDueWebhooks(ctx);
      expect(arrivals.map((a) => a.id)).to.deep.equal([arrivals[0]!.id, arrivals[0]!.id]);

      // Rotation: a new secret shown once; for 24 hours both verify.
      const rotated = await submit(admin, page, `${page}/${row.id}/rotate`, {});
      const secret2 = /whsec_[A-Za-z0-9+/=]+/.exec(rotated.text)?.[0];
      expect(secret2).to.be.a('string').and.not.equal(secret);
      expect(rotated.text).to.contain('24 hours');
      await recordEvent(t.db, accountId, 'message.delivered', { message_id: 'm2' });
      await deliverDueWebhooks(ctx);
      const third = arrivals[2]!;
      new Webhook(secret2!).verify(third.body, third.headers);
      new Webhook(secret!).verify(third.body, third.headers);

      // Disabled: nothing is queued for it; enabled again: deliveries resume.
      expect((await submit(admin, page, `${page}/${row.id}/disable`, {})).status).to.equal(303);
      expect((await admin.get(page)).text).to.contain('off (by the owner)');
      await recordEvent(t.db, accountId, 'message.delivered', { message_id: 'm3' });
      await deliverDueWebhooks(ctx);
      expect(arrivals).to.have.length(3);
      await submit(admin, page, `${page}/${row.id}/enable`, {});
      await recordEvent(t.db, accountId, 'message.delivered', { message_id: 'm4' });
      await deliverDueWebhooks(ctx);
      expect(arrivals).to.have.length(4);
      expect(JSON.parse(arrivals[3]!.body).data.message_id).to.equal('m4');

      // Refusals come back to the form as a message: no event ticked; a private address when not allowed.
      const none = await submit(admin, page, page, { url });
      expect(none.status).to.equal(303);
      expect((await admin.get(page)).text).to.contain('Tick at least one event');
      const guarded = consoleApp(consoleCtx(t.db, { env: { ENCRYPTION_KEY: 'a'.repeat(64) } }));
      const admin2 = await signIn(guarded, 'hooks-admin@example.com');
      await submit(admin2, page, page, { url, events: 'message.read' });
      expect((await admin2.get(page)).text).to.contain('private or local address');
      expect((await t.db.one<{ n: number }>('SELECT count(*)::int AS n FROM webhook_endpoints'))!.n).to.equal(1);

      await makeUser(t.db, 'hooks-viewer@example.com', 'viewer');
      const viewer = await signIn(app, 'hooks-viewer@example.com');
      expect((await viewer.get(page)).status).to.equal(403);
      expect((await viewer.get(logPage)).status).to.equal(403);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
