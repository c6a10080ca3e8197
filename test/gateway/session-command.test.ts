import { expect } from 'chai';
import { Command } from 'commander';
import { createAccount } from '../../src/accounts.js';
import { SYSTEM } from '../../src/audit.js';
import { registerSessionCommands } from '../../src/cli/session-command.js';
import type { Ctx } from '../../src/context.js';
import { addSession } from '../../src/senders/index.js';
import { useTestDb } from '../helpers/pg.js';
import { gatewayCtx } from './helpers/ctx.js';

describe('CLI: wa-chatops session', () => {
  const t = useTestDb();
  let accountId: number;
  before(async () => {
    accountId = (await createAccount(t.db, { name: 'Shop', ownerPhone: '+923001230000' }, SYSTEM)).account.id;
  });

  /** Runs one CLI line; returns what it printed, or the error line a person would see. */
  async function cli(line: string, ctx: Ctx = gatewayCtx(t.db)): Promise<{ out: string; error?: string }> {
    const program = new Command().exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
    registerSessionCommands(program, (fn) => fn(ctx));
    const lines: string[] = [];
    const log = console.log;
    console.log = (...a: unknown[]) => { lines.push(a.join(' ')); };
    try {
      await program.parseAsync(['node', 'wa-chatops', ...line.split(' ')]);
      return { out: lines.join('\n') };
    } catch (e) {
      return { out: lines.join('\n'), error: (e as Error).message };
    } finally {
      console.log = log;
    }
  }

  it('adds, lists and removes sessions', async () => {
    const added = await cli(`session add --account ${accountId} --transport sandbox --purpose campaigns`);
    expect(added.error).to.equal(undefined);
    const id = Number(/session (\d+) added/.exec(added.out)![1]);
    const listed = await cli('session list');
    expect(listed.out.split('\n')[0]).to.match(/^ID\s+ACCOUNT\s+TRANSPORT\s+PURPOSE\s+STATUS\s+PHONE\s+HEALTH$/);
    expect(listed.out).to.match(new RegExp(`^${id}\\s+${accountId}\\s+sandbox\\s+campaigns\\s+new\\s+-\\s+not started$`, 'm'));
    expect((await cli(`session remove ${id}`)).out).to.match(/removed/);
    expect((await cli('session list')).out).not.to.match(new RegExp(`^${id}\\s`, 'm'));
    expect((await cli(`session remove ${id}`)).error).to.equal(`There is no sender session with id ${id}.`);
  });

  it('explains bad input in one line and adds nothing', async () => {
    const before = (await t.db.one<{ n: number }>('SELECT count(*)::int AS n FROM sender_sessions'))!.n;
    expect((await cli(`session add --account ${accountId} --transport telegram`)).error).to.match(/expected one of whatsapp, sandbox, smpp, sms_http, smtp, got "telegram"/);
    expect((await cli('session add --account abc')).error).to.match(/positive whole number/);
    expect((await cli('session add')).error).to.match(/give --account ID, or --operator/);
    expect((await cli('session add --account 99999')).error).to.equal('no account with id 99999');
    await cli(`session add --account ${accountId}`);
    await cli(`session add --account ${accountId}`);
    expect((await cli(`session add --account ${accountId}`)).error).to.match(/plan allows 2 sender numbers/);
    const after = (await t.db.one<{ n: number }>('SELECT count(*)::int AS n FROM sender_sessions'))!.n;
    expect(after).to.equal(before + 2);
  });

  it('refuses to link a sandbox session or one another process drives', async () => {
    const sandbox = await addSession(t.db, { transport: 'sandbox', purpose: 'both' });
    expect((await cli(`session link ${sandbox.id}`)).error).to.match(/runs on the sandbox/);
    const wa = await addSession(t.db, { transport: 'whatsapp', purpose: 'both' });
    await t.db.exec(`UPDATE sender_sessions SET owner_id = 'server-1', lease_until = now() + interval '1 minute' WHERE id = $1`, [wa.id]);
    expect((await cli(`session link ${wa.id}`)).error).to.match(/driven by server-1/);
    await t.db.exec(`UPDATE sender_sessions SET status = 'open', phone = '+923004444444' WHERE id = $1`, [wa.id]);
    expect((await cli(`session link ${wa.id}`)).error).to.match(/is linked \(\+923004444444\); use --force/);
  });
});
