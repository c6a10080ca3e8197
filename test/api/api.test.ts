import { expect } from 'chai';
import supertest from 'supertest';
import { listApiTokens, revokeApiToken } from '../../src/api/tokens.js';
import { SYSTEM } from '../../src/audit.js';
import { useTestDb } from '../helpers/pg.js';
import { makeAccount, makeSender } from '../helpers/world.js';
import { apiApp, apiCtx, client, makeToken } from './helpers.js';

describe('api v1: tokens, the stable paths, idempotency, problems', () => {
  const t = useTestDb();

  it('stores only a hash with a visible prefix, records last use, and a revoked token fails at once', async () => {
    const ctx = apiCtx(t.db);
    const { accountId } = await makeAccount(t.db, { credits: 10 });
    const token = await makeToken(ctx, accountId, { name: 'crm' });
    expect(token).to.match(/^wac_[a-z0-9]{8}_[\w-]{43}$/);
    const row = await t.db.one<{ prefix: string; token_hash: Buffer }>('SELECT prefix, token_hash FROM api_tokens WHERE account_id = $1', [accountId]);
    expect(token.startsWith(row!.prefix + '_')).to.equal(true);
    expect(JSON.stringify(await t.db.query('SELECT * FROM api_tokens'))).to.not.contain(token.slice(13));
    const app = apiApp(ctx);
    expect((await listApiTokens(t.db, accountId))[0]!.last_used_at).to.equal(null);
    const ok = await client(app, token).get('/balance');
    expect(ok.status).to.equal(200);
    expect(ok.body).to.include({ available: 10, reserved: 0 });
    expect((await listApiTokens(t.db, accountId))[0]!.last_used_at).to.be.instanceOf(Date);
    // a token with one character changed, none, and another scheme: 401 problem
    const wrong = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    for (const r of [await client(app, wrong).get('/balance'), await supertest(app).get('/api/v1/balance'), await supertest(app).get('/api/v1/balance').set('Authorization', `Basic ${token}`)]) {
      expect(r.status).to.equal(401);
      expect(r.headers['content-type']).to.contain('application/problem+json');
      expect(r.body.code).to.equal('api.unauthorized');
    }
    // Revoked through another Ctx (another process would share only the database): refused at once.
    await revokeApiToken(apiCtx(t.db), accountId, 'crm', SYSTEM);
    expect((await client(app, token).get('/balance')).status).to.equal(401);
  });

  it('a read-only token reads but cannot write', async () => {
    const ctx = apiCtx(t.db);
    const { accountId } = await makeAccount(t.db);
    const api = client(apiApp(ctx), await makeToken(ctx, accountId, { readOnly: true }));
    expect((await api.get('/lists')).status).to.equal(200);
    const w = await api.post('/lists', { name: 'vip' });
    expect(w.status).to.equal(403);
    expect(w.body.code).to.equal('api.read_only');
    expect(await t.db.one('SELECT 1 FROM contact_lists WHERE account_id = $1', [accountId])).to.equal(undefined);
  });

  it('runs list → upload (JSON and multipart CSV/vCard) → campaign → demo → launch → status → messages, with chat refusal codes', async () => {
    const ctx = apiCtx(t.db);
    const { accountId, ownerPhone } = await makeAccount(t.db, { credits: 100, plan: { min_campaign_size: 1 } });
    await makeSender(t.db, accountId);
    const sent: Array<{ to: string; text: string }> = [];
    const app = apiApp(ctx, { api: { sendWhatsApp: async (to, text) => { sent.push({ to, text }); } } });
    const api = client(app, await makeToken(ctx, accountId));

    const list = await api.post('/lists', { name: 'vip' });
    expect(list.status).to.equal(201);
    expect(list.body).to.include({ name: 'vip', contacts: 0 });
    const dup = await api.post('/lists', { name: 'vip' });
    expect(dup.status).to.equal(409);
    expect(dup.body).to.include({ code: 'list.exists', status: 409 });
    expect(dup.body.type).to.equal('urn:wa-chatops:problem:list.exists');

    const json = await api.post('/lists/vip/contacts', { contacts: [{ phone: '03001234567', name: 'Ali', city: 'Lahore' }, { phone: '042 3571 4444' }, { phone: '+923001234567' }] });
    expect(json.status).to.equal(200);
    expect(json.body).to.include({ accepted: 1, duplicates_in_file: 1, rejected_total: 1 });
    expect(json.body.rejected.landline).to.equal(1);
    expect(json.body.rejected_lines[0]).to.contain('landline');

    const csv = await api.post('/lists/vip/contacts').attach('file', Buffer.from('phone,name\n+923011112222,Sara\n+923011113333,Omar\n'), 'more.csv');
    expect(csv.status).to.equal(200);
    expect(csv.body).to.include({ format: 'csv', accepted: 2 });
    const vcf = await api.post('/lists/vip/contacts').attach('file', Buffer.from('BEGIN:VCARD\nVERSION:3.0\nFN:Zed\nTEL:+923011114444\nEND:VCARD\n'), 'z.vcf');
    expect(vcf.body).to.include({ format: 'vcard', accepted: 1 });
    expect((await api.get('/lists/vip')).body).to.include({ contacts: 4 });
    const bad = await api.post('/lists/vip/contacts', { contacts: [] });
    expect(bad.status).to.equal(400);
    expect(bad.body.errors[0].path).to.equal('body.contacts');

    const camp = await api.post('/campaigns', { name: 'eid', list: 'vip', text: 'Eid Mubarak {{name}}!' });
    expect(camp.status).to.equal(201);
    expect(camp.body).to.include({ name: 'eid', status: 'draft', list: 'vip' });
    const early = await api.post('/campaigns/eid/launch');
    expect(early.status).to.equal(409);
    expect(early.body.code).to.equal('campaign.launch.no_demo');

    const demo = await api.post('/campaigns/eid/demo');
    expect(demo.status).to.equal(200);
    expect(sent).to.deep.equal([{ to: ownerPhone, text: sent[0]!.text }]);
    expect(sent[0]!.text).to.contain('Eid Mubarak');

    // Twice with one key: one launch, the same answer, credits reserved once.
    const first = await api.post('/campaigns/eid/launch', {}, 'launch-eid-1');
    const again = await api.post('/campaigns/eid/launch', {}, 'launch-eid-1');
    expect(first.status).to.equal(200);
    expect(first.body).to.include({ recipients: 4, credits: 4 });
    expect(again.status).to.equal(200);
    expect(again.body).to.deep.equal(first.body);
    expect(again.headers['idempotent-replayed']).to.equal('true');
    expect((await t.db.one<{ n: number }>('SELECT count(*)::int AS n FROM outbox WHERE account_id = $1', [accountId]))!.n).to.equal(4);
    expect((await t.db.one<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE account_id = $1 AND action LIKE 'campaign.launch%'", [accountId]))!.n).to.be.at.most(1);
    expect((await api.get('/balance')).body).to.include({ available: 96, reserved: 4 });
    // The same key with another request is refused; without a key a second launch is the chat's refusal.
    expect((await api.post('/campaigns/eid/pause', {}, 'launch-eid-1')).body.code).to.equal('api.idempotency.mismatch');
    expect((await api.post('/campaigns/eid/launch')).body.code).to.equal('campaign.launch.wrong_state');

    const status = await api.get('/campaigns/eid');
    expect(status.body).to.include({ status: 'running', total: 4 });
    expect(status.body.counts.queued).to.equal(4);

    const page1 = await api.get('/campaigns/eid/messages?limit=3');
    expect(page1.body.items).to.have.length(3);
    const page2 = await api.get(`/campaigns/eid/messages?limit=3&cursor=${page1.body.next}`);
    expect(page2.body.items).to.have.length(1);
    expect(page2.body.next).to.equal(null);
    expect(new Set([...page1.body.items, ...page2.body.items].map((m: { phone: string }) => m.phone)).size).to.equal(4);
    expect((await api.get('/campaigns/eid/messages?status=delivered')).body.items).to.deep.equal([]);
    expect((await api.get('/campaigns/eid/messages?status=nope')).status).to.equal(400);

    expect((await api.post('/campaigns/eid/pause')).body.status).to.equal('paused');
    expect((await api.post('/campaigns/eid/resume')).body.status).to.equal('running');
    expect((await api.post('/campaigns/eid/cancel')).body.status).to.equal('cancelled');
    const missing = await api.get('/campaigns/nope');
    expect(missing.status).to.equal(404);
    expect(missing.body.code).to.equal('campaign.not_found');
    expect((await api.get('/nowhere')).body.code).to.equal('api.not_found');
  });

  it('opt-outs: add, list, remove; senders show their state', async () => {
    const ctx = apiCtx(t.db);
    const { accountId } = await makeAccount(t.db);
    await makeSender(t.db, accountId);
    const api = client(apiApp(ctx), await makeToken(ctx, accountId));
    expect((await api.post('/opt-outs', { phone: '03001112223' })).body).to.deep.equal({ phone: '+923001112223', added: true });
    expect((await api.get('/opt-outs')).body.items.map((s: { phone: string }) => s.phone)).to.deep.equal(['+923001112223']);
    expect((await api.delete('/opt-outs/+923001112223')).body).to.deep.equal({ removed: true });
    expect((await api.get('/opt-outs')).body.items).to.deep.equal([]);
    const senders = await api.get('/senders');
    expect(senders.body.items[0]).to.include({ status: 'open', transport: 'sandbox' });
  });

  it('counts calls against the plan quota and a per-token burst limit: 429 with Retry-After and RateLimit', async () => {
    const ctx = apiCtx(t.db, { API_BURST_PER_SECOND: '1000' });
    const { accountId } = await makeAccount(t.db, { plan: { api_quota_per_day: 3 } });
    const api = client(apiApp(ctx), await makeToken(ctx, accountId));
    for (let i = 0; i < 3; i++) expect((await api.get('/balance')).status).to.equal(200);
    const over = await api.get('/balance');
    expect(over.status).to.equal(429);
    expect(over.body.code).to.equal('api.quota_exceeded');
    expect(Number(over.headers['retry-after'])).to.be.within(1, 86400);
    expect(over.headers['ratelimit']).to.match(/"daily";r=0;t=\d+/);
    expect(over.headers['ratelimit-policy']).to.contain('"daily";q=3;w=86400');

    const burstCtx = apiCtx(t.db, { API_BURST_PER_SECOND: '2' });
    const b = await makeAccount(t.db, { plan: { api_quota_per_day: 1000 } });
    const burst = client(apiApp(burstCtx), await makeToken(burstCtx, b.accountId));
    const answers = await Promise.all(Array.from({ length: 6 }, () => burst.get('/lists')));
    const limited = answers.filter((r) => r.status === 429);
    expect(limited.length).to.be.at.least(1);
    expect(limited[0]!.body.code).to.equal('api.rate_limited');
    expect(limited[0]!.headers['retry-after']).to.equal('1');
  });

  it('never writes the token to the log', async () => {
    const lines: string[] = [];
    const { createLogger } = await import('../../src/logger.js');
    const log = createLogger({ level: 'trace', destination: { write: (s: string) => { lines.push(s); return true; } } as never });
    const ctx = { ...apiCtx(t.db), log };
    const { accountId } = await makeAccount(t.db);
    const token = await makeToken(ctx, accountId, { name: 'logged' });
    const api = client(apiApp(ctx), token);
    await api.get('/balance');
    await api.get('/campaigns/x');
    await api.post('/lists', { name: 'x' }, 'k1');
    expect(lines.length).to.be.greaterThan(0);
    expect(lines.join('')).to.not.contain(token.slice(13, 40));
  });
});
