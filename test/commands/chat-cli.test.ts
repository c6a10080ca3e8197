// `wa-chatops chat`: a person trying commands from a terminal gets the router's real replies.
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { BIN, childEnv, REPO_ROOT, runCli } from '../helpers/cli.js';
import { useTestDb } from '../helpers/pg.js';

describe('wa-chatops chat (CLI)', function () {
  this.timeout(120_000);
  const t = useTestDb();
  let dir: string;
  const env = () => ({ DATABASE_URL: t.url, WA_TRANSPORT: 'sandbox', DATA_DIR: dir });
  const chat = (...args: string[]) => runCli(['chat', '--from', '+923331234567', ...args], env());

  before(() => { dir = mkdtempSync(path.join(os.tmpdir(), 'wa-chat-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('plays an owner conversation: terms, balance, a list and a file upload with rejected lines sent back', () => {
    const acc = runCli(['account', 'create', '--name', 'Chat Co', '--owner', '+923331234567', '--credits', '700'], env());
    expect(acc.code, acc.stderr).to.equal(0);
    expect(acc.stdout).to.include('with a sandbox sender');

    const first = chat('balance');
    expect(first.code, first.stderr).to.equal(0);
    expect(first.stdout).to.match(/AGREE/);
    expect(chat('AGREE').stdout).to.include('accepted');
    expect(chat('how much credit do I have left?').stdout).to.include('Credits available: 700');
    expect(chat('create list vip').stdout).to.include('List "vip" created');

    const file = path.join(dir, 'contacts.csv');
    writeFileSync(file, '\ufeffphone;name\r\n0300 1234567;Ali\r\n+92 321 7654321;Sara\r\n021 111 222 333;Office\r\nnot a number;X\r\n0300-1234567;Ali again\r\n');
    const up = chat('--attach', file, 'upload contacts to vip');
    expect(up.code, up.stderr).to.equal(0);
    expect(up.stdout).to.include('2 numbers added').and.include('landline: 1').and.match(/\[document rejected-vip\.txt, \d+ bytes\]/);
  });

  it('says so, in one line, when the sender is not a phone number', () => {
    const r = runCli(['chat', '--from', 'nobody', 'help'], env());
    expect(r.code).to.equal(1);
    expect(r.stderr.trim()).to.match(/^wa-chatops: "nobody" is not a mobile phone number/);
  });

  it('an unknown number gets one short note on what the number is for', () => {
    const r = runCli(['chat', '--from', '+923459876543', 'balance'], env());
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.include('registered businesses');
  });

  it('--explain prints one JSON line per message, from the argument or from standard input', () => {
    const one = runCli(['chat', '--explain', '--from', '+923459876543', 'balance'], env());
    expect(one.code, one.stderr).to.equal(0);
    expect(JSON.parse(one.stdout.trim())).to.include({ text: 'balance', command: null, via: null });
    // The owner of the first test, several messages on standard input, one process; nothing runs.
    const r = spawnSync(process.execPath, [BIN, 'chat', '--explain', '--from', '+923331234567'],
      { env: childEnv(env()), cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000, input: 'balance\nlauch vip\nstatus\n' });
    expect(r.status, r.stderr).to.equal(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.text, l.command])).to.deep.equal([['balance', 'balance'], ['lauch vip', 'launch'], ['status', 'status']]);
    expect(lines[0]).to.have.all.keys('text', 'command', 'args', 'missing', 'lang', 'via', 'score');
    expect(lines[2].missing).to.deep.equal(['name']);
  });
});
