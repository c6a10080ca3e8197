// Per-sender command budget: a sliding one-minute window kept in memory (one router per
// process; a second process only doubles the allowance, which is harmless).
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();
  private readonly warned = new Set<string>();

  constructor(private readonly perMinute: number) {}

  /** 'ok', 'limited' the first time the limit is passed (tell the user), then 'silent'. */
  hit(key: string, nowMs: number): 'ok' | 'limited' | 'silent' {
    const since = nowMs - 60_000;
    const list = (this.hits.get(key) ?? []).filter((t) => t > since);
    if (list.length >= this.perMinute) {
      this.hits.set(key, list);
      if (this.warned.has(key)) return 'silent';
      this.warned.add(key);
      return 'limited';
    }
    list.push(nowMs);
    this.hits.set(key, list);
    this.warned.delete(key);
    if (this.hits.size > 10_000) this.sweep(since);
    return 'ok';
  }

  private sweep(since: number): void {
    for (const [k, v] of this.hits) if (!v.some((t) => t > since)) this.hits.delete(k);
  }
}
