// Signal key-store queries per WhatsApp send (issue 19 item 6), without the network: Baileys'
// own signal repository (makeLibSignalRepository, wrapped with addTransactionCapability as
// makeWASocket does) over our PostgreSQL auth store (src/gateway/auth-store.ts), a session
// with a contact set up from the contact's key bundle, then BENCH_SENDS 1:1 messages
// encrypted to that contact: the per-message key work of a send (the socket's usync, media
// and the stanza itself are the fake socket's and touch no key). Counts the statements the
// store sends to PostgreSQL, with Baileys' makeCacheableSignalKeyStore (the product's
// default) and without it (cache: false), interleaved, 3 rounds.
// Run: node dist/bench/key-store.js
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { addTransactionCapability, generateSignalPubKey } from '@whiskeysockets/baileys';
// Not re-exported from the package root; the same module makeWASocket uses.
import { makeLibSignalRepository } from '@whiskeysockets/baileys/lib/Signal/libsignal.js';
import { openDb, type Db, type Queryable } from '../src/db/database.js';
import { usePostgresAuthState } from '../src/gateway/auth-store.js';
import { createTestDatabase, startTestServer, stopTestServer } from '../test/helpers/pg.js';
import { median, report } from './lib/report.js';

const SENDS = Number(process.env.BENCH_SENDS ?? 200);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, fatal() {}, child() { return quiet; }, level: 'silent' } as any;

/** A Db that counts the statements it sends (BEGIN and COMMIT of a transaction included). */
function counting(db: Db): { db: Db; count: () => number } {
  let n = 0;
  const trace = process.env.BENCH_TRACE ? (s: string, p?: unknown[]) => console.log(s.replace(/\s+/g, ' ').slice(0, 60), JSON.stringify(p?.slice(1, 3))?.slice(0, 80)) : () => undefined;
  const wrap = (q: Queryable): Queryable => ({
    transaction: q.transaction,
    query: (s, p) => { n++; trace(s, p); return q.query(s, p); },
    one: (s, p) => { n++; trace(s, p); return q.one(s, p); },
    exec: (s, p) => { n++; trace(s, p); return q.exec(s, p); },
  } as Queryable);
  const w = wrap(db) as Db;
  return {
    db: { ...db, ...w, url: db.url, tx: (fn) => { n += 2; return db.tx((t) => fn(wrap(t))); }, withClient: db.withClient, ping: db.ping, close: db.close } as Db,
    count: () => n,
  };
}

async function perSend(db: Db, cache: boolean): Promise<{ perSend: number; setup: number }> {
  const [alice, bob] = [
    (await db.one<{ id: number }>(`INSERT INTO sender_sessions (transport, status, purpose) VALUES ('whatsapp', 'open', 'campaigns') RETURNING id`))!.id,
    (await db.one<{ id: number }>(`INSERT INTO sender_sessions (transport, status, purpose) VALUES ('whatsapp', 'open', 'campaigns') RETURNING id`))!.id,
  ];
  const key = randomBytes(32);
  const c = counting(db);
  const a = await usePostgresAuthState(c.db, alice, key, { cache });
  const b = await usePostgresAuthState(db, bob, key);
  const repo = makeLibSignalRepository({ creds: a.state.creds, keys: addTransactionCapability(a.state.keys, quiet, { maxCommitRetries: 1, delayBetweenTriesMs: 10 }) }, quiet, async () => undefined);
  const jid = '923001234567@s.whatsapp.net';
  const bc = b.state.creds;
  await repo.injectE2ESession({ jid, session: {
    registrationId: bc.registrationId,
    identityKey: generateSignalPubKey(bc.signedIdentityKey.public),
    signedPreKey: { keyId: bc.signedPreKey.keyId, publicKey: generateSignalPubKey(bc.signedPreKey.keyPair.public), signature: bc.signedPreKey.signature },
  } as any });
  const setup = c.count();
  for (let i = 0; i < SENDS; i++) await repo.encryptMessage({ jid, data: Buffer.from(`message ${i}`) });
  return { perSend: (c.count() - setup) / SENDS, setup };
}

await startTestServer();
try {
  const created = await createTestDatabase();
  const db = await openDb({ url: created.url, poolMax: 4 });
  try {
    const with_: number[] = [];
    const without: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      for (const cache of r % 2 ? [true, false] : [false, true]) {
        const x = await perSend(db, cache);
        (cache ? with_ : without).push(x.perSend);
        console.log(`round ${r + 1}, ${cache ? 'cached' : 'no cache'}: ${x.perSend.toFixed(2)} statements per send over ${SENDS} sends (${x.setup} to set the session up)`);
      }
    }
    console.log(`load ${os.loadavg()[0]!.toFixed(1)}`);
    report({ name: 'signal key-store statements per 1:1 send, no cache', value: median(without), unit: 'statements', better: 'lower' });
    report({ name: 'signal key-store statements per 1:1 send, makeCacheableSignalKeyStore', value: median(with_), unit: 'statements', better: 'lower' });
  } finally {
    await db.close();
    await created.drop();
  }
} finally {
  await stopTestServer();
}
