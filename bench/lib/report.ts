// Bench scripts print their figures as lines `RESULT {json}`; bench/run-all collects them.
export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** Which direction is good, for the summary. */
  better: 'higher' | 'lower';
  /** The target, in the same unit, when the issue sets one. */
  target?: number;
}

export function report(f: Figure): void {
  const mark = f.target === undefined ? '' : (f.better === 'higher' ? f.value >= f.target : f.value <= f.target) ? ' (target met)' : ' (TARGET MISSED)';
  console.log(`${f.name}: ${round(f.value)} ${f.unit}${f.target !== undefined ? ` — target ${f.better === 'higher' ? '≥' : '≤'} ${f.target}` : ''}${mark}`);
  console.log(`RESULT ${JSON.stringify(f)}`);
}

export const round = (n: number) => (Math.abs(n) >= 100 ? Math.round(n) : Math.round(n * 100) / 100);

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export const median = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);
