import { expect } from 'chai';
import supertest from 'supertest';
import { FakeClock } from '../../src/clock.js';
import type { MailMessage } from '../../src/console/password-reset.js';
import { LOCK_MINUTES, LOGIN_FAILED_TEXT, MAX_FAILED_LOGINS } from '../../src/console/login.js';
import { issueSetupToken } from '../../src/console/setup-token.js';
import { useTestDb } from '../helpers/pg.js';
import { consoleApp, consoleCtx, makeUser, PASSWORD, signIn, submit, tokenFrom } from './helpers.js';

describe('console: first-run setup, sign-in, sessions and terms', () => {
  const t = useTestDb();

  it('with no admin, every page leads to setup, which creates the first admin once', async () => {
    const ctx = consoleCtx(t.db);
    const token = (await issueSetupToken(ctx))!;
    const app = consoleApp(ctx);
    const agent = supertest.agent(app);
    expect((await agent.get('/')).headers.location).to.match(/^\/login/);
    expect((await agent.get('/login')).headers.location).to.equal('/setup');
    const page = await agent.get('/setup');
    expect(page.text).to.contain('create the first admin');

    const noToken = await agent.post('/setup').type('form').send({ token, email: 'a@example.com', password: PASSWORD, password2: PASSWORD });
    expect(noToken.status).to.equal(403);
    expect(noToken.text).to.contain('form has expired');

    const noSetupToken = await submit(agent, '/setup', '/setup', { email: 'a@example.com', password: PASSWORD, password2: PASSWORD });
    expect(noSetupToken.status).to.equal(400);
    expect(noSetupToken.text).to.contain('not the setup token');
    const mismatch = await submit(agent, '/setup', '/setup', { token, email: 'a@example.com', password: PASSWORD, password2: 'other password!' });
    expect(mismatch.status).to.equal(400);
    expect(mismatch.text).to.contain('The two passwords differ');
    const short = await submit(agent, '/setup', '/setup', { token, email: 'a@example.com', password: 'short', password2: 'short' });
    expect(short.text).to.contain('at least 10 characters');

    const ok = await submit(agent, '/setup', '/setup', { token, email: 'First@Example.com', password: PASSWORD, password2: PASSWORD });
    expect(ok.status).to.equal(303);
    expect(ok.headers.location).to.equal('/terms');
    const admins = await t.db.query('SELECT email, role FROM admin_users');
    expect(admins).to.deep.equal([{ email: 'first@example.com', role: 'admin' }]);
    expect((await agent.get('/terms')).text).to.contain('Prepaid credits');

    // Setup is closed from now on, for everyone.
    const other = supertest.agent(app);
    expect((await other.get('/setup')).headers.location).to.equal('/login');
  });

  it('keeps sessions in PostgreSQL with HttpOnly SameSite cookies, Secure behind TLS', async () => {
    await makeUser(t.db, 'cookie@example.com');
    const plain = consoleApp(consoleCtx(t.db));
    const agent = supertest.agent(plain);
    const res = await submit(agent, '/login', '/login', { email: 'cookie@example.com', password: PASSWORD });
    const cookie = res.headers['set-cookie'] as unknown as string[];
    const sid = cookie.find((c) => c.startsWith('wa.sid='))!;
    expect(sid).to.match(/HttpOnly/i).and.match(/SameSite=Lax/i).and.not.match(/Secure/i);
    const id = /^s:([^.]+)\./.exec(decodeURIComponent(sid.slice('wa.sid='.length).split(';')[0]!))![1]!;
    const row = await t.db.one<{ sess: { adminId: number } }>('SELECT sess FROM http_sessions WHERE sid = $1', [id]);
    expect(row!.sess.adminId).to.be.a('number');

    const tls = consoleApp(consoleCtx(t.db, { env: { TRUST_PROXY: '1' } }));
    const page = await supertest(tls).get('/login').set('x-forwarded-proto', 'https');
    const csrfCookie = (page.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('__Host-wa.csrf='))!;
    expect(csrfCookie).to.match(/Secure/).and.match(/HttpOnly/i).and.match(/SameSite=Strict/i);
    expect(page.headers['content-security-policy']).to.contain("script-src 'self'");
  });

  it('records every attempt, locks after repeated failures, and shows the previous login', async () => {
    const clock = new FakeClock(new Date());
    const user = await makeUser(t.db, 'lock@example.com');
    const app = consoleApp(consoleCtx(t.db, { clock }));
    const agent = supertest.agent(app);

    const first = await signIn(app, 'lock@example.com');
    const home1 = await first.get('/');
    expect(home1.text).to.contain('Last login: this is your first sign-in');

    for (let i = 1; i < MAX_FAILED_LOGINS; i++) {
      const bad = await submit(agent, '/login', '/login', { email: 'lock@example.com', password: 'wrong password' });
      expect(bad.status).to.equal(401);
      expect(bad.text).to.contain('Wrong e-mail or password');
    }
    const locking = await submit(agent, '/login', '/login', { email: 'lock@example.com', password: 'wrong password' });
    expect(locking.text).to.contain(LOGIN_FAILED_TEXT);
    const whileLocked = await submit(agent, '/login', '/login', { email: 'lock@example.com', password: PASSWORD });
    expect(whileLocked.status).to.equal(401);
    expect(whileLocked.text).to.contain(LOGIN_FAILED_TEXT); // the same words as a wrong password

    clock.advance((LOCK_MINUTES + 1) * 60_000);
    const again = await supertest.agent(app);
    const ok = await submit(again, '/login', '/login', { email: 'lock@example.com', password: PASSWORD });
    expect(ok.status).to.equal(303);
    const home2 = await again.get('/');
    expect(home2.text).to.match(/Last login: \d{4}-\d\d-\d\d \d\d:\d\d UTC from (::ffff:)?127\.0\.0\.1/);

    const events = await t.db.query<{ success: boolean; ip: string; user_agent: string | null }>(
      'SELECT success, ip, user_agent FROM login_events WHERE admin_user_id = $1 ORDER BY id', [user.id]);
    expect(events.map((e) => e.success)).to.deep.equal([true, ...Array(MAX_FAILED_LOGINS + 1).fill(false), true]);
    expect(events.every((e) => e.ip && e.ip.includes('127.0.0.1'))).to.equal(true);
    const unknown = await submit(agent, '/login', '/login', { email: 'nobody@example.com', password: 'whatever12345' });
    expect(unknown.text).to.contain('Wrong e-mail or password');
    expect(await t.db.one('SELECT 1 FROM login_events WHERE email = $1 AND success = false', ['nobody@example.com'])).to.not.equal(undefined);
  });

  it('rate-limits sign-in attempts per address', async () => {
    const app = consoleApp(consoleCtx(t.db), { loginAttemptsPerWindow: 3 });
    const agent = supertest.agent(app);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await submit(agent, '/login', '/login', { email: 'x@example.com', password: 'nope nope nope' })).status);
    expect(statuses).to.deep.equal([401, 401, 401, 429]);
  });

  it('shows only the terms until the current version is accepted, and records who, where and when', async () => {
    const user = await makeUser(t.db, 'terms@example.com', 'viewer', { acceptTerms: false });
    const app = consoleApp(consoleCtx(t.db));
    const agent = await signIn(app, 'terms@example.com');
    for (const path of ['/', '/accounts', '/campaigns', '/audit']) {
      expect((await agent.get(path)).headers.location, path).to.equal('/terms');
    }
    const terms = await agent.get('/terms');
    expect(terms.text).to.contain('Minimum campaign size').and.contain('Demo before launch').and.contain('Banned content');
    const unticked = await submit(agent, '/terms', '/terms', { version: '2026-12' });
    expect(unticked.headers.location).to.equal('/terms');
    expect(await t.db.one('SELECT 1 FROM terms_acceptances WHERE admin_user_id = $1', [user.id])).to.equal(undefined);

    const accepted = await submit(agent, '/terms', '/terms', { version: '2026-12', agree: 'yes' });
    expect(accepted.headers.location).to.equal('/');
    const row = await t.db.one('SELECT v.version, a.ip, a.user_agent FROM terms_acceptances a JOIN terms_versions v ON v.id = a.terms_version_id WHERE a.admin_user_id = $1', [user.id]);
    expect(row!.version).to.equal('2026-12');
    expect(row!.ip).to.contain('127.0.0.1');
    expect((await agent.get('/')).status).to.equal(200);

    // A new version asks again.
    await t.db.exec("INSERT INTO terms_versions (version, body, published_at) VALUES ('2026-02', 'New text', now() + interval '1 second')");
    expect((await agent.get('/')).headers.location).to.equal('/terms');
    const stale = await submit(agent, '/terms', '/terms', { version: '2026-12', agree: 'yes' });
    expect(stale.headers.location).to.equal('/terms');
    expect((await agent.get('/terms')).text).to.contain('New text');
    await t.db.exec("DELETE FROM terms_versions WHERE version = '2026-02'");
  });

  it('resets a password with a one-time e-mailed code', async () => {
    await makeUser(t.db, 'reset@example.com');
    const mails: MailMessage[] = [];
    const app = consoleApp(consoleCtx(t.db), { sendMail: async (m) => { mails.push(m); } });
    const agent = supertest.agent(app);
    expect((await agent.get('/login')).text).to.contain('Forgot your password?');
    await submit(agent, '/password-reset', '/password-reset', { email: 'nobody@example.com' });
    expect(mails).to.have.length(0);
    const asked = await submit(agent, '/password-reset', '/password-reset', { email: 'reset@example.com' });
    expect(asked.status).to.equal(303);
    expect(mails).to.have.length(1);
    expect(mails[0]!.to).to.equal('reset@example.com');
    const code = /code is (\d{8})/.exec(mails[0]!.text)![1]!;
    expect(await t.db.one('SELECT 1 FROM password_resets WHERE code_hash = $1', [code])).to.equal(undefined); // stored hashed

    const wrong = await submit(agent, '/password-reset/code', '/password-reset/code', { email: 'reset@example.com', code: '00000000', password: 'a new password 1' });
    expect((await agent.get(wrong.headers.location!)).text).to.contain('wrong or has expired');
    const ok = await submit(agent, '/password-reset/code', '/password-reset/code', { email: 'reset@example.com', code, password: 'a new password 1' });
    expect(ok.headers.location).to.equal('/login');
    await signIn(app, 'reset@example.com', 'a new password 1');
    const reused = await submit(agent, '/password-reset/code', '/password-reset/code', { email: 'reset@example.com', code, password: 'another password 2' });
    expect(reused.headers.location).to.not.equal('/login');

    // Without SMTP there is no reset page, and the login page says how to get help.
    const noMail = consoleApp(consoleCtx(t.db));
    expect((await supertest(noMail).get('/password-reset')).status).to.equal(404);
    expect((await supertest(noMail).get('/login')).text).to.contain('SMTP_URL');
  });

  it('rejects a form posted without the session it was issued for', async () => {
    await makeUser(t.db, 'csrf@example.com');
    const app = consoleApp(consoleCtx(t.db));
    const victim = await signIn(app, 'csrf@example.com');
    const attacker = supertest.agent(app);
    const foreignToken = await tokenFrom(attacker, '/login');
    const res = await victim.post('/password').type('form').send({ _csrf: foreignToken, current: PASSWORD, password: 'hijacked password' });
    expect(res.status).to.equal(403);
  });

  it('signs out, and the old cookie no longer works', async () => {
    await makeUser(t.db, 'out@example.com');
    const app = consoleApp(consoleCtx(t.db));
    const agent = await signIn(app, 'out@example.com');
    expect((await agent.get('/')).status).to.equal(200);
    const out = await submit(agent, '/', '/logout', {});
    expect(out.headers.location).to.equal('/login');
    expect((await agent.get('/')).headers.location).to.match(/^\/login/);
  });
});
