import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { BufferJSON, initAuthCreds, proto } from '@whiskeysockets/baileys';
import { AuthStateKeyError, usePostgresAuthState } from '../../src/gateway/auth-store.js';
import { addSession, removeSession } from '../../src/senders/index.js';
import { useTestDb } from '../helpers/pg.js';

describe('PostgreSQL auth store (encrypted Baileys creds and keys)', () => {
  const t = useTestDb();
  const key = randomBytes(32);
  let sessionId: number;
  beforeEach(async () => { sessionId = (await addSession(t.db, { transport: 'whatsapp', purpose: 'both' })).id; });

  it('round-trips initAuthCreds() through PostgreSQL with BufferJSON, Buffers intact', async () => {
    const a = await usePostgresAuthState(t.db, sessionId, key);
    a.state.creds.me = { id: '923001234567:3@s.whatsapp.net', lid: '123456789:3@lid' };
    await a.saveCreds();
    const b = await usePostgresAuthState(t.db, sessionId, key);
    expect(JSON.stringify(b.state.creds, BufferJSON.replacer)).to.equal(JSON.stringify(a.state.creds, BufferJSON.replacer));
    expect(Buffer.isBuffer(b.state.creds.noiseKey.private)).to.equal(true);
    expect(Buffer.from(b.state.creds.signedIdentityKey.public).equals(Buffer.from(a.state.creds.signedIdentityKey.public))).to.equal(true);
  });

  it('never stores key material in plaintext', async () => {
    const a = await usePostgresAuthState(t.db, sessionId, key);
    await a.saveCreds();
    const session = randomBytes(48);
    await a.state.keys.set({ session: { '923001234567.0': session } });
    const creds = (await t.db.one<{ data: Buffer }>('SELECT data FROM wa_creds WHERE session_id = $1', [sessionId]))!.data;
    const keyRow = (await t.db.one<{ data: Buffer }>('SELECT data FROM wa_keys WHERE session_id = $1', [sessionId]))!.data;
    const secret = Buffer.from(a.state.creds.noiseKey.private);
    for (const needle of [secret, Buffer.from(secret.toString('base64')), Buffer.from('noiseKey')]) {
      expect(creds.includes(needle), `creds contain ${needle.toString().slice(0, 12)}`).to.equal(false);
    }
    expect(keyRow.includes(session)).to.equal(false);
    expect(keyRow.includes(Buffer.from(session.toString('base64')))).to.equal(false);
  });

  it('fails with a clear error under a wrong key instead of starting a fresh link', async () => {
    const a = await usePostgresAuthState(t.db, sessionId, key);
    await a.saveCreds();
    let err: Error | undefined;
    await usePostgresAuthState(t.db, sessionId, randomBytes(32)).catch((e) => { err = e; });
    expect(err).to.be.instanceOf(AuthStateKeyError);
    expect(err!.message).to.match(new RegExp(`sender session ${sessionId} do not decrypt.*ENCRYPTION_KEY`));
    expect((await t.db.one('SELECT count(*)::int AS n FROM wa_creds WHERE session_id = $1', [sessionId]))!.n).to.equal(1);
  });

  it('stores every key type Baileys 7 uses, deletes on null, and binds each value to its row', async () => {
    const { state } = await usePostgresAuthState(t.db, sessionId, key);
    const appKey = proto.Message.AppStateSyncKeyData.fromObject({ keyData: randomBytes(32), timestamp: 1700000000 });
    await state.keys.set({
      'pre-key': { '1': { public: randomBytes(32), private: randomBytes(32) } },
      session: { 'a.0': randomBytes(20) },
      'sender-key': { 'g@g.us::a::0': randomBytes(20) },
      'sender-key-memory': { 'g@g.us': { 'a@s.whatsapp.net': true } },
      'app-state-sync-key': { AAAA: appKey },
      'app-state-sync-version': { regular: { version: 3, hash: randomBytes(128), indexValueMap: {} } },
      'lid-mapping': { '923001234567': '123456789' },
      'device-list': { '923001234567': ['0', '3'] },
      tctoken: { '923001234567@s.whatsapp.net': { token: randomBytes(16), timestamp: '1700000000' } },
      'identity-key': { '923001234567.0': randomBytes(33) },
    });
    const { state: fresh } = await usePostgresAuthState(t.db, sessionId, key);
    expect(await fresh.keys.get('lid-mapping', ['923001234567'])).to.deep.equal({ '923001234567': '123456789' });
    expect(await fresh.keys.get('device-list', ['923001234567', 'missing'])).to.deep.equal({ '923001234567': ['0', '3'] });
    const tc = (await fresh.keys.get('tctoken', ['923001234567@s.whatsapp.net']))['923001234567@s.whatsapp.net']!;
    expect(Buffer.isBuffer(tc.token)).to.equal(true);
    const ask = (await fresh.keys.get('app-state-sync-key', ['AAAA'])).AAAA!;
    expect(ask).to.be.instanceOf(proto.Message.AppStateSyncKeyData);
    expect(Buffer.from(ask.keyData!).equals(Buffer.from(appKey.keyData!))).to.equal(true);
    expect(Object.keys(await fresh.keys.get('identity-key', ['923001234567.0']))).to.deep.equal(['923001234567.0']);

    await fresh.keys.set({ 'lid-mapping': { '923001234567': null } });
    expect(await fresh.keys.get('lid-mapping', ['923001234567'])).to.deep.equal({});

    // A value copied onto another key id must not decrypt there.
    await t.db.exec(`UPDATE wa_keys SET key_id = 'forged' WHERE session_id = $1 AND type = 'session'`, [sessionId]);
    let err: Error | undefined;
    await Promise.resolve(fresh.keys.get('session', ['forged'])).catch((e: Error) => { err = e; });
    expect(err).to.be.instanceOf(AuthStateKeyError);
  });

  it('runs concurrent keys.set on overlapping ids without deadlock or lost rows', async () => {
    const { state } = await usePostgresAuthState(t.db, sessionId, key);
    const ids = Array.from({ length: 40 }, (_, i) => `k${i}`);
    const writers = Array.from({ length: 12 }, (_, w) => {
      const order = w % 2 ? [...ids].reverse() : ids;
      return state.keys.set({ session: Object.fromEntries(order.map((id) => [id, Buffer.from(`${w}:${id}`)])) });
    });
    await Promise.all(writers);
    const got = await state.keys.get('session', ids);
    expect(Object.keys(got)).to.have.length(40);
    for (const id of ids) expect(Buffer.from(got[id]!).toString()).to.match(new RegExp(`^\\d+:${id}$`));
  });

  it('does not bring back credentials of a removed session', async () => {
    const a = await usePostgresAuthState(t.db, sessionId, key);
    await a.saveCreds();
    await removeSession(t.db, sessionId);
    await a.saveCreds(); // a socket still shutting down
    expect((await t.db.one('SELECT count(*)::int AS n FROM wa_creds WHERE session_id = $1', [sessionId]))!.n).to.equal(0);
  });

  it('starts from fresh creds when none are stored', async () => {
    const a = await usePostgresAuthState(t.db, sessionId, key);
    expect(a.state.creds.registered).to.equal(false);
    expect(a.state.creds.me).to.equal(undefined);
    expect(initAuthCreds().noiseKey.private).to.not.deep.equal(a.state.creds.noiseKey.private);
  });
});
