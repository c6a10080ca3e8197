// One "process" of the two-process quota test: its own pool on the shared database, its own
// app, N calls with the token; prints how many were answered 200 and 429.
import supertest from 'supertest';
import { openDb } from '../../src/db/database.js';
import { apiApp, apiCtx } from './helpers.js';

const [url, token, n, startAt] = process.argv.slice(2) as [string, string, string, string];
const db = await openDb({ url, poolMax: 5 });
const app = apiApp(apiCtx(db));
// Both processes fire at one agreed moment, so their calls interleave.
await Promise.all(Array.from({ length: 5 }, () => db.query('SELECT 1'))); // pool connections open before the start
await new Promise((r) => setTimeout(r, Math.max(0, Number(startAt) - Date.now())));
// Four lanes of sequential calls: both processes keep calling for the whole run.
const codes: number[] = [];
await Promise.all(Array.from({ length: 4 }, async () => {
  for (let i = 0; i < Number(n) / 4; i++) codes.push((await supertest(app).get('/api/v1/lists').set('Authorization', `Bearer ${token}`)).status);
}));
console.log(JSON.stringify({ ok: codes.filter((c) => c === 200).length, limited: codes.filter((c) => c === 429).length }));
await db.close();
