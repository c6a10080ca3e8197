// Role × route matrix: walks every route the console registered (not a hand-kept list), so a
// new page cannot ship without an access rule that this test checks.
import { expect } from 'chai';
import supertest from 'supertest';
import type { RouteSpec } from '../../src/console/http.js';
import { useTestDb } from '../helpers/pg.js';
import { consoleApp, consoleCtx, makeUser, signIn, tokenFrom, type Agent } from './helpers.js';

const MISSING_ID = '999999';
const concrete = (path: string) => path.replace(/:action/g, 'pause').replace(/:\w+/g, MISSING_ID);

describe('console: role × route matrix', () => {
  const t = useTestDb();

  it('anonymous → sign-in, viewer → read-only, admin → everything, for every registered route', async function () {
    this.timeout(120_000);
    await makeUser(t.db, 'matrix-admin@example.com', 'admin');
    await makeUser(t.db, 'matrix-viewer@example.com', 'viewer');
    const app = consoleApp(consoleCtx(t.db));
    const specs = app.locals.consoleRoutes as RouteSpec[];
    expect(specs.length).to.be.greaterThan(30);
    expect(specs.filter((s) => s.method === 'post' && s.access === 'viewer').map((s) => s.path).sort())
      .to.deep.equal(['/logout', '/password', '/terms'], 'only sign-out, own password and terms acceptance are open to viewers among POST routes');

    const anonymous = supertest.agent(app);
    const viewer = await signIn(app, 'matrix-viewer@example.com');
    let admin = await signIn(app, 'matrix-admin@example.com');
    const send = async (agent: Agent, spec: RouteSpec) => {
      const path = concrete(spec.path);
      if (spec.method === 'get') return agent.get(path);
      const _csrf = await tokenFrom(agent, '/terms'); // before post(): the request takes the cookie jar as it is then
      return agent.post(path).type('form').send({ _csrf });
    };

    const rows: string[] = [];
    for (const spec of specs) {
      const label = `${spec.method.toUpperCase()} ${spec.path}`;
      const anonToken = await tokenFrom(anonymous, '/login');
      const anon = spec.method === 'get' ? await anonymous.get(concrete(spec.path)) : await anonymous.post(concrete(spec.path)).type('form').send({ _csrf: anonToken });
      if (spec.access === 'public') expect(anon.status, label).to.be.oneOf([200, 303, 401, 404]); // 401: a refused sign-in; 404: reset without SMTP
      else expect([anon.status, anon.headers.location?.replace(/\?.*/, '')], label).to.deep.equal([303, '/login']);

      if (spec.access !== 'public' && spec.path !== '/logout') {
        const v = await send(viewer, spec);
        if (spec.access === 'admin') expect(v.status, label).to.equal(403);
        else expect(v.status, label).to.not.be.oneOf([401, 403]);
      }
      if (spec.access !== 'public') {
        const a = await send(admin, spec);
        expect(a.status, label).to.not.be.oneOf([401, 403]);
        expect(a.status, `${label}: no internal error on a missing id`).to.be.below(500);
        if (!['/logout', '/terms'].includes(spec.path)) expect(a.headers.location ?? '', label).to.not.match(/^\/(login|terms)\b/);
        if (spec.path === '/logout') admin = await signIn(app, 'matrix-admin@example.com');
      }
      rows.push(`${label} ${spec.access}`);
    }
    expect(rows.length).to.equal(specs.length);
  });
});
