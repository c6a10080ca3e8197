// Time comes from a Clock so jobs and rules can be tested at any date.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests move by hand. */
export class FakeClock implements Clock {
  constructor(private current: Date = new Date('2026-01-15T09:00:00Z')) {}
  now(): Date { return new Date(this.current); }
  set(d: Date | string): void { this.current = new Date(d); }
  advance(ms: number): void { this.current = new Date(this.current.getTime() + ms); }
}
