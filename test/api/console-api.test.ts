import { expect } from 'chai';
import supertest from 'supertest';
import { useTestDb } from '../helpers/pg.js';
import { makeAccount } from '../helpers/world.js';
import { consoleApp, consoleCtx, makeUser, signIn, submit } from '../console/helpers.js';

describe('console: API tokens of an account', () => {
  const t = useTestDb();

  it('an admin creates a token shown once, sees its prefix and last use, and revokes it; a viewer may not', async () => {
    const { accountId } = await makeAccount(t.db);
    const app = consoleApp(consoleCtx(t.db));
    await makeUser(t.db, 'api-admin@example.com');
    const admin = await signIn(app, 'api-admin@example.com');
    const made = await submit(admin, `/accounts/${accountId}/api`, `/accounts/${accountId}/api/tokens`, { name: 'erp' });
    expect(made.status).to.equal(200);
    const token = /wac_[a-z0-9]{8}_[\w-]{43}/.exec(made.text)?.[0];
    expect(token).to.be.a('string');
    expect(made.headers['cache-control']).to.contain('no-store');
    expect((await supertest(app).get('/api/v1/balance').set('Authorization', `Bearer ${token}`)).status).to.equal(200);
    const again = await admin.get(`/accounts/${accountId}/api`);
    expect(again.text).to.contain(token!.slice(0, 12)).and.not.contain(token!.slice(13)).and.not.contain('never');
    await submit(admin, `/accounts/${accountId}/api`, `/accounts/${accountId}/api/tokens/revoke`, { prefix: token!.slice(0, 12) });
    expect((await supertest(app).get('/api/v1/balance').set('Authorization', `Bearer ${token}`)).status).to.equal(401);

    await makeUser(t.db, 'api-viewer@example.com', 'viewer');
    const viewer = await signIn(app, 'api-viewer@example.com');
    expect((await viewer.get(`/accounts/${accountId}/api`)).status).to.equal(403);
  });
});
