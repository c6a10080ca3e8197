// Judging numbers is the CPU cost of an upload (tens of µs each in libphonenumber); a few
// worker threads do it in parallel while the main thread reads the file and feeds COPY.
// Small uploads (a chat message) never start a worker.
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { normalisePhone, type PhoneResult } from '../phone.js';

export const PHONE_BATCH = 2_000;

export class PhonePool {
  private workers: Worker[] = [];
  private next = 0;
  private seq = 0;
  private pending = new Map<number, { resolve: (r: PhoneResult[]) => void; reject: (e: Error) => void }>();
  private failure: Error | undefined;

  // One core stays with the main thread (reading, COPY) and PostgreSQL.
  constructor(readonly size = Math.max(1, Math.min(os.availableParallelism() - 1, 3))) {}

  /** Results in input order; a batch smaller than PHONE_BATCH is judged on this thread. */
  normalise(phones: string[], country: string): Promise<PhoneResult[]> {
    if (phones.length < PHONE_BATCH) return Promise.resolve(phones.map((p) => normalisePhone(p, country)));
    if (this.failure) return Promise.reject(this.failure);
    if (!this.workers.length) this.start();
    const id = this.seq++;
    const worker = this.workers[this.next++ % this.workers.length]!;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, phones, country });
    });
  }

  private start(): void {
    for (let i = 0; i < this.size; i++) {
      const w = new Worker(new URL('./phone-worker.js', import.meta.url));
      w.on('message', (m: { id: number; results: PhoneResult[] }) => {
        this.pending.get(m.id)?.resolve(m.results);
        this.pending.delete(m.id);
      });
      w.on('error', (e) => this.fail(e));
      w.unref();
      this.workers.push(w);
    }
  }

  private fail(e: Error): void {
    this.failure = e;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers = [];
  }
}
