// The `wa-chatops` command line. Every failure ends as one line on stderr and exit code 1.
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { createApiToken, listApiTokens, revokeApiToken } from '../api/tokens.js';
import { createAccount, listAccounts } from '../accounts.js';
import { createAdmin } from '../admins.js';
import { unlockLogin } from '../console/login.js';
import { readNewPassword } from './read-password.js';
import { migrate } from '../db/migrate.js';
import { envExample } from '../config.js';
import { describeError } from './describe-error.js';
import { registerOptionalCommands } from './optional-commands.js';
import { runWithDb } from './run-with-db.js';

const cliActor = { type: 'system' as const, label: 'cli' };

function positiveInt(v: string): number {
  if (!/^\d+$/.test(v)) throw new InvalidArgumentError('expected a whole number');
  return Number(v);
}

export function buildProgram(): Command {
  const program = new Command('wa-chatops')
    .description('WhatsApp campaign platform operated through WhatsApp itself')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  program.command('start')
    .description('run everything: database, migrations, gateway, command router, scheduler, console')
    // Its own module (the launcher imports it directly for a plain `start`, skipping the rest of the CLI).
    .action(async () => { await (await import('./start-command.js')).runStart(); });

  program.command('migrate')
    .description('apply pending database migrations and exit')
    .action(() => runWithDb(async ({ db }) => {
      const applied = await migrate(db);
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
    }));

  program.command('config')
    .description('print every configuration variable with its default (the text of .env.example)')
    .action(() => { process.stdout.write(envExample()); });

  const admin = program.command('admin').description('console users');
  admin.command('create')
    .description('create a console user; the password is asked for (hidden), or read from standard input')
    .requiredOption('--email <email>', 'login e-mail')
    .option('--role <role>', 'admin or viewer', 'admin')
    .action((o: { email: string; role: string }) => runWithDb(async ({ db }) => {
      if (o.role !== 'admin' && o.role !== 'viewer') throw new RangeError('--role must be admin or viewer');
      const password = await readNewPassword();
      const row = await createAdmin(db, { email: o.email, password, role: o.role }, cliActor);
      console.log(`admin ${row.email} created (id ${row.id}, role ${row.role})`);
    }));
  admin.command('unlock')
    .description('lift the sign-in pause of a console user after repeated failed attempts')
    .requiredOption('--email <email>', 'login e-mail')
    .option('--ip <address>', 'only the pause for this client address')
    .action((o: { email: string; ip?: string }) => runWithDb(async (ctx) => {
      const n = await unlockLogin(ctx, o.email, cliActor, o.ip);
      console.log(n ? `sign-in of ${o.email.trim().toLowerCase()} unlocked (${n} address${n === 1 ? '' : 'es'})` : `${o.email.trim().toLowerCase()} had no sign-in pause`);
    }));

  const account = program.command('account').description('customer accounts');
  account.command('create')
    .description('create an account with its owner phone')
    .requiredOption('--name <name>', 'account name')
    .requiredOption('--owner <phone>', 'owner WhatsApp number, +E164')
    .option('--credits <n>', 'initial credits', positiveInt)
    .option('--plan <name>', 'plan name', 'default')
    .option('--country <cc>', 'default country for contact numbers', 'PK')
    .action((o: { name: string; owner: string; credits?: number; plan: string; country: string }) => runWithDb(async ({ db, config }) => {
      const sandboxSender = config.waTransport === 'sandbox';
      const { account: a, owner } = await createAccount(db, {
        name: o.name, ownerPhone: o.owner, credits: o.credits, planName: o.plan, defaultCountry: o.country, sandboxSender,
      }, cliActor);
      console.log(`account ${a.id} "${a.name}" created; owner ${owner.phone}; plan ${a.plan_name}; credits ${o.credits ?? 0}`
        + (sandboxSender ? '; with a sandbox sender (WA_TRANSPORT=sandbox)' : ''));
    }));
  account.command('list')
    .description('list accounts with owner, plan and credits')
    .option('--json', 'machine-readable output')
    .action((o: { json?: boolean }) => runWithDb(async ({ db }) => {
      const rows = await listAccounts(db);
      if (o.json) return void console.log(JSON.stringify(rows, null, 2));
      if (!rows.length) return void console.log('no accounts yet (create one with: wa-chatops account create --name NAME --owner +E164)');
      console.log(['id', 'name', 'status', 'owner', 'plan', 'available', 'reserved'].join('\t'));
      for (const r of rows) console.log([r.id, r.name, r.status, r.owner_phone ?? '-', r.plan_name, r.available, r.reserved].join('\t'));
    }));

  const token = program.command('token').description('API tokens of an account');
  token.command('create')
    .description('create an API token (printed once; only its hash is kept)')
    .requiredOption('--account <id>', 'account id', positiveInt)
    .option('--name <name>', 'a name to tell it apart')
    .option('--read-only', 'the token may only read')
    .action((o: { account: number; name?: string; readOnly?: boolean }) => runWithDb(async (ctx) => {
      const tok = await createApiToken(ctx, o.account, { name: o.name, readOnly: o.readOnly }, cliActor);
      console.error(`token "${tok.name}" (${tok.prefix}…) created for account ${o.account}${tok.read_only ? ', read-only' : ''}; it is shown only now:`);
      console.log(tok.token);
    }));
  token.command('list')
    .description("list an account's live API tokens")
    .requiredOption('--account <id>', 'account id', positiveInt)
    .action((o: { account: number }) => runWithDb(async ({ db }) => {
      for (const r of await listApiTokens(db, o.account)) console.log([r.name, r.prefix, r.read_only ? 'read-only' : 'read-write', r.last_used_at?.toISOString() ?? 'never'].join('\t'));
    }));
  token.command('revoke')
    .description('revoke an API token by name or prefix')
    .requiredOption('--account <id>', 'account id', positiveInt)
    .argument('<name>', 'token name or prefix')
    .action((name: string, o: { account: number }) => runWithDb(async (ctx) => {
      const r = await revokeApiToken(ctx, o.account, name, cliActor);
      console.log(`token "${r.name}" (${r.prefix}…) revoked`);
    }));

  return program;
}

export async function main(argv = process.argv): Promise<void> {
  const program = buildProgram();
  await registerOptionalCommands(program, runWithDb);
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version are "errors" to commander; they already printed.
      process.exit(e.exitCode);
    }
    console.error(`wa-chatops: ${describeError(e)}`);
    process.exit(1);
  }
}

await main();
