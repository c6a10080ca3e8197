import { expect } from 'chai';
import supertest from 'supertest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { useTestDb } from '../helpers/pg.js';
import { createWorld, nextPhone, type World } from '../router/router-world.js';
import { apiApp, apiCtx } from './helpers.js';

const run = promisify(execFile);

describe('api tokens by chat (three languages) and by the CLI', () => {
  const t = useTestDb();
  let w: World;
  before(async function () { this.timeout(60_000); w = await createWorld(t.db); });

  it('creates a token shown once, lists it by name and prefix without the secret, and revokes it (English)', async () => {
    const { phone, accountId } = await w.newAccount({ acceptTerms: true });
    const [made] = await w.send(phone, 'create api token crm');
    const token = /wac_[a-z0-9]{8}_[\w-]{43}/.exec(made!)?.[0];
    expect(token, made).to.be.a('string');
    const app = apiApp(apiCtx(t.db));
    expect((await supertest(app).get('/api/v1/balance').set('Authorization', `Bearer ${token}`)).status).to.equal(200);
    const [listed] = await w.send(phone, 'api tokens');
    expect(listed).to.contain('crm').and.contain(token!.slice(0, 12)).and.not.contain(token!.slice(13));
    expect(listed).to.not.contain('never'); // it was used just now
    const [revoked] = await w.send(phone, 'revoke token crm');
    expect(revoked).to.contain('crm').and.contain('revoked');
    expect((await supertest(app).get('/api/v1/balance').set('Authorization', `Bearer ${token}`)).status).to.equal(401);
    expect((await w.send(phone, 'revoke token crm'))[0]).to.contain('no API token named "crm"');
    expect((await w.send(phone, 'api tokens'))[0]).to.contain('no API tokens');
    expect(await t.db.one("SELECT 1 FROM api_tokens WHERE account_id = $1 AND revoked_at IS NOT NULL", [accountId])).to.not.equal(undefined);
  });

  it('works in Turkish and Roman Urdu, and only for the owner', async () => {
    const tr = await w.newAccount({ acceptTerms: true, language: 'tr' });
    const [trMade] = await w.send(tr.phone, 'api anahtarı oluştur site');
    expect(trMade).to.contain('API anahtarı oluşturuldu').and.match(/wac_[a-z0-9]{8}_/);
    expect((await w.send(tr.phone, 'api anahtarları'))[0]).to.contain('site');
    expect((await w.send(tr.phone, 'anahtarı iptal et site'))[0]).to.contain('iptal edildi');

    const ur = await w.newAccount({ acceptTerms: true, language: 'ur' });
    const [urMade] = await w.send(ur.phone, 'api token banao dukaan');
    expect(urMade).to.contain('API token "dukaan" ban gaya');
    expect((await w.send(ur.phone, 'mere api tokens'))[0]).to.contain('dukaan');
    expect((await w.send(ur.phone, 'token revoke karo dukaan'))[0]).to.contain('band kar diya');

    const manager = nextPhone();
    await w.addMember(ur.accountId, manager, 'manager');
    const refused = await w.send(manager, 'create api token x');
    expect(refused.join(' ')).to.not.match(/wac_/);
  });

  it('wa-chatops token create --account N prints the token once; list shows the prefix only', async function () {
    this.timeout(60_000);
    const { accountId } = await w.newAccount({ acceptTerms: true });
    const env = { ...process.env, DATABASE_URL: t.url, LOG_LEVEL: 'warn' };
    const made = await run(process.execPath, ['bin/wa-chatops.js', 'token', 'create', '--account', String(accountId), '--name', 'ci', '--read-only'], { env });
    const token = made.stdout.trim();
    expect(token).to.match(/^wac_[a-z0-9]{8}_[\w-]{43}$/);
    expect(made.stderr).to.contain('read-only').and.not.contain(token);
    const listed = await run(process.execPath, ['bin/wa-chatops.js', 'token', 'list', '--account', String(accountId)], { env });
    expect(listed.stdout).to.contain('ci\t' + token.slice(0, 12)).and.contain('read-only').and.not.contain(token.slice(13));
    const res = await supertest(apiApp(apiCtx(t.db))).post('/api/v1/lists').set('Authorization', `Bearer ${token}`).send({ name: 'x' });
    expect(res.status).to.equal(403);
  });
});
