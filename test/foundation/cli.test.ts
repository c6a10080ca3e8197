// The CLI commands an operator types, against a real database (DATABASE_URL of a test DB).
import { expect } from 'chai';
import bcrypt from 'bcryptjs';
import { runCli } from '../helpers/cli.js';
import { useTestDb } from '../helpers/pg.js';

describe('wa-chatops CLI', function () {
  this.timeout(60_000);
  const t = useTestDb();
  const env = () => ({ DATABASE_URL: t.url });

  it('--help lists the commands, and each subcommand has its own --help', () => {
    const top = runCli(['--help'], env());
    expect(top.code).to.equal(0);
    for (const c of ['start', 'migrate', 'admin', 'account']) expect(top.stdout).to.match(new RegExp(`^\\s+${c}\\b`, 'm'));
    const sub = runCli(['account', 'create', '--help'], env());
    expect(sub.code).to.equal(0);
    expect(sub.stdout).to.include('--owner <phone>').and.include('--credits <n>').and.include('--plan <name>');
  });

  it('migrate says the database is up to date on a migrated database', () => {
    const r = runCli(['migrate'], env());
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout.trim()).to.equal('database is up to date');
  });

  it('admin create reads the password from standard input, stores a bcrypt hash, never the password, and refuses a duplicate', async () => {
    const r = runCli(['admin', 'create', '--email', 'Ops@Example.com'], env(), undefined, 'correct horse battery\n');
    expect(r.code, r.stderr).to.equal(0);
    const row = await t.db.one<{ email: string; password_hash: string }>('SELECT email, password_hash FROM admin_users');
    expect(row!.email).to.equal('ops@example.com');
    expect(row!.password_hash).to.match(/^\$2[aby]\$12\$/);
    expect(await bcrypt.compare('correct horse battery', row!.password_hash)).to.equal(true);
    const again = runCli(['admin', 'create', '--email', 'ops@example.com'], env(), undefined, 'another long one here\n');
    expect(again.code).to.equal(1);
    expect(again.stderr.trim()).to.equal('wa-chatops: an admin with e-mail ops@example.com already exists');
  });

  it('admin create refuses a short or common password in one line, and no longer takes --password', () => {
    const r = runCli(['admin', 'create', '--email', 'x@example.com'], env(), undefined, 'short\n');
    expect(r.code).to.equal(1);
    expect(r.stderr.trim()).to.equal('wa-chatops: the password must have at least 10 characters');
    const common = runCli(['admin', 'create', '--email', 'x@example.com'], env(), undefined, 'password123\n');
    expect(common.code).to.equal(1);
    expect(common.stderr.trim()).to.match(/^wa-chatops: the password is too easy to guess/);
    const arg = runCli(['admin', 'create', '--email', 'x@example.com', '--password', 'correct horse battery'], env());
    expect(arg.code).to.equal(1);
    expect(arg.stderr).to.match(/unknown option '--password'/);
  });

  it('account create normalises the owner number, grants credits on the ledger, and account list shows it', async () => {
    const r = runCli(['account', 'create', '--name', 'Karachi Sweets', '--owner', '0300 765 4321', '--credits', '1500'], env());
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.match(/owner \+923007654321/);
    const list = runCli(['account', 'list'], env());
    expect(list.stdout).to.match(/Karachi Sweets\tactive\t\+923007654321\tdefault\t1500\t0/);
    const plan = await t.db.one<{ daily_limit: number; senders_allowed: number; min_campaign_size: number }>(
      'SELECT p.daily_limit, p.senders_allowed, p.min_campaign_size FROM accounts a JOIN plans p ON p.id = a.plan_id');
    expect(plan).to.deep.equal({ daily_limit: 10000, senders_allowed: 2, min_campaign_size: 1000 });
  });

  const refusals: Array<[string[], RegExp]> = [
    [['account', 'create', '--name', 'X', '--owner', '021 111 222 333'], /not a mobile phone number \(landline\)/],
    [['account', 'create', '--name', 'X', '--owner', 'hello'], /not a mobile phone number \(not a phone\)/],
    [['account', 'create', '--name', 'X', '--owner', '+923007654321'], /already a member of account/],
    [['account', 'create', '--name', 'X', '--owner', '+923001230000', '--plan', 'gold'], /no plan named "gold"/],
    [['account', 'create', '--name', 'X', '--owner', '+923001230000', '--credits', '-5'], /expected a whole number/],
    [['account', 'create', '--name', 'X'], /required option '--owner <phone>' not specified/],
    [['acount', 'list'], /unknown command 'acount'/],
  ];
  for (const [args, message] of refusals) {
    it(`refuses \`${args.join(' ')}\` with a clear message and exit 1`, () => {
      const r = runCli(args, env());
      expect(r.code).to.equal(1);
      expect(r.stderr).to.match(message);
    });
  }

  it('a dead database gives one line, not a stack trace', () => {
    const r = runCli(['account', 'list'], { DATABASE_URL: 'postgres://nobody:x@127.0.0.1:1/none' });
    expect(r.code).to.equal(1);
    expect(r.stderr.trim().split('\n')).to.have.length(1);
    expect(r.stderr).to.match(/^wa-chatops: cannot connect to PostgreSQL at postgres:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/none/);
  });
});
