// Worker thread of the phone pool: judges batches of written numbers with the one phone rule.
import { parentPort } from 'node:worker_threads';
import { normalisePhone } from '../phone.js';

parentPort!.on('message', (msg: { id: number; phones: string[]; country: string }) => {
  parentPort!.postMessage({ id: msg.id, results: msg.phones.map((p) => normalisePhone(p, msg.country)) });
});
