// Receipts are applied a few at a time, in arrival order. Each is a transaction of its own
// (src/dispatch/receipts.ts); a sandbox or WhatsApp sender at full speed brings one per
// message, and started all at once they held every connection of the main pool, so the
// dispatcher's records and the sandbox's writes waited past the pool's 30 s connect timeout
// (3,236 rows failed "timeout exceeded when trying to connect" in bench/scale-out.ts).
// Queued receipts wait in memory instead; stop() waits for them.
export class ReceiptQueue<T> {
  private readonly waiting: T[] = [];
  private active = 0;
  private idle: Array<() => void> = [];

  constructor(private readonly apply: (item: T) => Promise<unknown>, private readonly concurrency = 3) {}

  push(item: T): void {
    this.waiting.push(item);
    this.pump();
  }

  get backlog(): number { return this.waiting.length + this.active; }

  /** Resolves once every queued receipt has been applied (or failed). */
  drained(): Promise<void> {
    if (this.backlog === 0) return Promise.resolve();
    return new Promise((r) => this.idle.push(r));
  }

  private pump(): void {
    while (this.active < this.concurrency && this.waiting.length) {
      const item = this.waiting.shift()!;
      this.active++;
      void this.apply(item).catch(() => undefined).finally(() => {
        this.active--;
        this.pump();
        if (this.backlog === 0) for (const r of this.idle.splice(0)) r();
      });
    }
  }
}
