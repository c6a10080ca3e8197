// Baileys auth state in PostgreSQL: the creds object in wa_creds, signal keys in wa_keys,
// every value AES-256-GCM encrypted (bound to its row) so a database dump holds no key material.
import { BufferJSON, initAuthCreds, makeCacheableSignalKeyStore, proto, type AuthenticationCreds, type AuthenticationState,
  type SignalDataSet, type SignalDataTypeMap, type SignalKeyStore } from '@whiskeysockets/baileys';
import type { Db } from '../db/database.js';
import { decrypt, DecryptionError, encrypt } from '../secrets.js';

export interface PgAuthState {
  state: AuthenticationState;
  /** Saves the whole creds object (call on every creds.update). */
  saveCreds(): Promise<void>;
  /** Forgets the link: creds and keys deleted, fresh creds in memory. */
  clear(): Promise<void>;
}

/** Credentials that exist but do not decrypt: never replaced silently. */
export class AuthStateKeyError extends Error {
  override name = 'AuthStateKeyError';
}

const seal = (key: Buffer, value: unknown, aad: string) => encrypt(key, Buffer.from(JSON.stringify(value, BufferJSON.replacer)), aad);

function open<T>(key: Buffer, blob: Buffer, aad: string, sessionId: number): T {
  try {
    return JSON.parse(decrypt(key, blob, aad).toString('utf8'), BufferJSON.reviver) as T;
  } catch (e) {
    if (e instanceof DecryptionError) {
      throw new AuthStateKeyError(`WhatsApp credentials of sender session ${sessionId} do not decrypt with this encryption key ` +
        '(ENCRYPTION_KEY or DATA_DIR/encryption.key changed?). Restore the old key, or relink the session.');
    }
    throw e;
  }
}

/**
 * `cache` (default on): the signal keys are read through Baileys' own
 * makeCacheableSignalKeyStore (values found are kept 5 minutes in this process; a set updates
 * the cache, then writes through to PostgreSQL), so a send to a known contact reads no key
 * row. Safe because one process drives a session at a time (its lease), and a process that
 * takes a session over builds a fresh auth state, so a fresh cache.
 */
export async function usePostgresAuthState(db: Db, sessionId: number, key: Buffer, opts: { cache?: boolean } = {}): Promise<PgAuthState> {
  const credsAad = `wa_creds:${sessionId}`;
  const keyAad = (type: string, id: string) => `wa_keys:${sessionId}:${type}:${id}`;
  const row = await db.one<{ data: Buffer }>('SELECT data FROM wa_creds WHERE session_id = $1', [sessionId]);
  const store: SignalKeyStore = {
      async get<T extends keyof SignalDataTypeMap>(type: T, ids: string[]) {
        const out: { [id: string]: SignalDataTypeMap[T] } = {};
        if (!ids.length) return out;
        const rows = await db.query<{ key_id: string; data: Buffer }>(
          'SELECT key_id, data FROM wa_keys WHERE session_id = $1 AND type = $2 AND key_id = ANY($3::text[])',
          [sessionId, type, ids],
        );
        for (const r of rows) {
          let value = open<any>(key, r.data, keyAad(type, r.key_id), sessionId);
          if (type === 'app-state-sync-key' && value) value = proto.Message.AppStateSyncKeyData.fromObject(value);
          out[r.key_id] = value;
        }
        return out;
      },
      async set(data: SignalDataSet) {
        const upserts: Array<[string, string, Buffer]> = [];
        const deletes: Array<[string, string]> = [];
        for (const [type, byId] of Object.entries(data)) {
          for (const [id, value] of Object.entries(byId ?? {})) {
            if (value === null || value === undefined) deletes.push([type, id]);
            else upserts.push([type, id, seal(key, value, keyAad(type, id))]);
          }
        }
        // One order for every writer, so concurrent sets lock rows alike and never deadlock.
        upserts.sort((a, b) => (a[0] + '\0' + a[1] < b[0] + '\0' + b[1] ? -1 : 1));
        await db.tx(async (t) => {
          if (upserts.length) {
            await t.exec(
              `INSERT INTO wa_keys (session_id, type, key_id, data)
               SELECT $1, u.type, u.key_id, u.data FROM unnest($2::text[], $3::text[], $4::bytea[]) AS u(type, key_id, data)
               ON CONFLICT (session_id, type, key_id) DO UPDATE SET data = EXCLUDED.data`,
              [sessionId, upserts.map((u) => u[0]), upserts.map((u) => u[1]), upserts.map((u) => u[2])],
            );
          }
          if (deletes.length) {
            await t.exec(
              `DELETE FROM wa_keys w USING unnest($2::text[], $3::text[]) AS d(type, key_id)
                WHERE w.session_id = $1 AND w.type = d.type AND w.key_id = d.key_id`,
              [sessionId, deletes.map((d) => d[0]), deletes.map((d) => d[1])],
            );
          }
        });
      },
  };
  const keys = opts.cache === false ? store : withoutDeleted(makeCacheableSignalKeyStore(store));
  const state: AuthenticationState = {
    creds: row ? open<AuthenticationCreds>(key, row.data, credsAad, sessionId) : initAuthCreds(),
    keys,
  };
  return {
    state,
    async saveCreds() {
      // A removed session gets no credentials back from a socket still shutting down.
      await db.exec(
        `INSERT INTO wa_creds (session_id, data, updated_at)
         SELECT $1, $2, now() WHERE EXISTS (SELECT 1 FROM sender_sessions WHERE id = $1 AND status <> 'removed')
         ON CONFLICT (session_id) DO UPDATE SET data = EXCLUDED.data, updated_at = now()`,
        [sessionId, seal(key, state.creds, credsAad)],
      );
    },
    async clear() {
      await db.tx(async (t) => {
        await t.exec('DELETE FROM wa_keys WHERE session_id = $1', [sessionId]);
        await t.exec('DELETE FROM wa_creds WHERE session_id = $1', [sessionId]);
      });
      await keys.clear?.(); // the cache forgets the deleted keys too
      state.creds = initAuthCreds();
    },
  };
}

/** Baileys' cache keeps a deleted key as null and returns it; the store answers as before: absent. */
function withoutDeleted(cached: SignalKeyStore): SignalKeyStore {
  return {
    async get(type, ids) {
      const found = await cached.get(type, ids);
      for (const id of Object.keys(found)) if (found[id] === null || found[id] === undefined) delete found[id];
      return found;
    },
    set: (data) => cached.set(data),
    clear: () => cached.clear?.(),
  };
}
