// SMS and e-mail send rates (issue 16): 2,000 SMS through one SMPP bind to a local SMPP
// server (the smpp package's server side; throughput cap 10,000/s so the pipeline is what is
// measured) and 1,000 e-mails through a pooled SMTP channel (5 connections) to a local
// smtp-server, each from claim to recorded outcome through the real dispatcher.
// Run: npm run build && node dist/bench/channels.js
import type { AddressInfo } from 'node:net';
import smpp, { type PDU, type Session } from 'smpp';
import { SMTPServer } from 'smtp-server';
import { SYSTEM } from '../src/audit.js';
import { createAccount } from '../src/accounts.js';
import { systemClock } from '../src/clock.js';
import { reserve } from '../src/credits.js';
import { openDb, type Db } from '../src/db/database.js';
import { claimForSender } from '../src/dispatch/claim.js';
import { Dispatcher } from '../src/dispatch/dispatcher.js';
import type { Channel } from '../src/gateway/channel.js';
import { SmppChannel } from '../src/channels/sms/smpp-channel.js';
import { SmtpChannel } from '../src/channels/email/smtp-channel.js';
import { createTestDatabase, silentLog, startTestServer, stopTestServer } from '../test/helpers/pg.js';
import { testConfig } from '../test/jobs/fixtures.js';
import { report } from './lib/report.js';

async function campaign(db: Db, run: string, channel: 'sms' | 'email', transport: string, n: number) {
  await db.exec(`INSERT INTO plans (name, daily_limit) VALUES ($1, 1000000)`, [run]);
  const { account } = await createAccount(db, { name: run, ownerPhone: `+9230098${String(Date.now() % 100000).padStart(5, '0')}`, planName: run, credits: n }, SYSTEM);
  const sid = (await db.one<{ id: number }>(`INSERT INTO sender_sessions (account_id, transport, channel, status, purpose, warmup, next_send_at, pacing_min_ms, pacing_max_ms)
    VALUES ($1, $2, $3, 'open', 'campaigns', false, '2000-01-01', 0, 0) RETURNING id`, [account.id, transport, channel]))!.id;
  const c = await db.one<{ id: number }>(`INSERT INTO campaigns (account_id, name, body, subject, channel, status, launched_at) VALUES ($1, $2, 'Eid sale: 50% off today', 'Eid sale', $3, 'running', now()) RETURNING id`, [account.id, run, channel]);
  await db.exec(`INSERT INTO outbox (campaign_id, account_id, phone, body, channel, email, credits)
    SELECT $1, $2, '+92345' || lpad(i::text, 7, '0'), 'Eid sale: 50% off today', $4, CASE WHEN $4 = 'email' THEN 'c' || i || '@example.com' END, 1 FROM generate_series(1, $3::int) i`,
  [c!.id, account.id, n, channel]);
  await reserve(db, account.id, n, c!.id);
  return sid;
}

async function drain(ctx: { db: Db; config: ReturnType<typeof testConfig> }, d: Dispatcher, sid: number): Promise<void> {
  for (;;) {
    await ctx.db.exec(`UPDATE sender_sessions SET next_send_at = '2000-01-01' WHERE id = $1`, [sid]);
    const b = await claimForSender(ctx.db, ctx.config, systemClock, sid);
    if (!b) return;
    await d.dispatch(b);
  }
}

await startTestServer();
const { url, drop } = await createTestDatabase();
const db = await openDb({ url, poolMax: 10 });
const config = testConfig({ SEND_BATCH: '200' });
const ctx = { db, clock: systemClock, log: silentLog, config };
try {
  // SMPP
  let seq = 0;
  const smsc = smpp.createServer((s: Session) => {
    s.on('bind_transceiver', (p: PDU) => s.send(p.response()));
    s.on('enquire_link', (p: PDU) => s.send(p.response()));
    s.on('unbind', (p: PDU) => { s.send(p.response()); s.close(); });
    s.on('submit_sm', (p: PDU) => s.send(p.response({ message_id: `m${++seq}` })));
  });
  await new Promise<void>((r) => smsc.listen(0, '127.0.0.1', () => r()));
  const smsSid = await campaign(db, 'bench-sms', 'sms', 'smpp', 2000);
  const sms = new SmppChannel(ctx, { sessionId: smsSid, url: `smpp://b:b@127.0.0.1:${(smsc as unknown as { address(): AddressInfo }).address().port}`, throughputPerSecond: 10_000, enquireLinkMs: 60_000 });
  await sms.connect();
  let t0 = performance.now();
  await drain(ctx, new Dispatcher(ctx, { channel: (id) => (id === smsSid ? sms as Channel : undefined), ownedSessionIds: () => [smsSid] }), smsSid);
  const smsRate = 2000 / ((performance.now() - t0) / 1000);
  await sms.close();
  smsc.close();
  console.log(`SMPP: ${seq} submits, ${Math.round(smsRate)} SMS/s`);
  report({ name: 'SMS submit rate, one SMPP bind to a local SMPP server (2,000 single-part SMS)', value: smsRate, unit: 'SMS/s', better: 'higher' });

  // SMTP
  let received = 0;
  const smtp = new SMTPServer({ authOptional: true, logger: false, disabledCommands: ['STARTTLS'],
    onData(stream, _s, cb) { stream.on('data', () => undefined); stream.on('end', () => { received++; cb(); }); } });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  const mailSid = await campaign(db, 'bench-mail', 'email', 'smtp', 1000);
  const mail = new SmtpChannel(ctx, { sessionId: mailSid, url: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`, from: 'Bench <b@bench.example>', poolSize: 5, requireTls: false });
  await mail.connect();
  t0 = performance.now();
  await drain(ctx, new Dispatcher(ctx, { channel: (id) => (id === mailSid ? mail as Channel : undefined), ownedSessionIds: () => [mailSid] }), mailSid);
  const mailRate = 1000 / ((performance.now() - t0) / 1000);
  await mail.close();
  await new Promise<void>((r) => smtp.close(() => r()));
  console.log(`SMTP: ${received} received, ${Math.round(mailRate)} e-mails/s`);
  report({ name: 'e-mail send rate, pooled SMTP (5 connections) to a local smtp-server (1,000 e-mails)', value: mailRate, unit: 'e-mails/s', better: 'higher' });
} finally {
  await db.close();
  await drop();
  await stopTestServer();
}
