// A server-rendered line chart (SVG) of a campaign's sends, deliveries and failures over
// time, cumulative. Only numbers and escaped labels go into the markup.
export interface Series { name: 'sent' | 'delivered' | 'failed'; points: Array<{ at: Date; n: number }> }

const COLORS: Record<Series['name'], string> = { sent: '#2f6fb0', delivered: '#1f9d55', failed: '#c0392b' };
const W = 720;
const H = 240;
const PAD = { left: 52, right: 16, top: 12, bottom: 28 };

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const clock = (d: Date, seconds: boolean) => d.toISOString().slice(11, seconds ? 19 : 16);

/** Cumulative counts per time bucket → one polyline per series. */
export function renderProgressChart(series: Series[]): string {
  const all = series.flatMap((s) => s.points);
  if (!all.length) return `<svg class="chart" role="img" aria-label="no sends yet" width="${W}" height="60" viewBox="0 0 ${W} 60"><text x="${W / 2}" y="34" text-anchor="middle">No messages sent yet.</text></svg>`;
  const t0 = Math.min(...all.map((p) => p.at.getTime()));
  const t1 = Math.max(...all.map((p) => p.at.getTime()), t0 + 10_000);
  const totals = series.map((s) => s.points.reduce((a, p) => a + p.n, 0));
  const yMax = Math.max(1, ...totals);
  const x = (t: number) => PAD.left + ((t - t0) / (t1 - t0)) * (W - PAD.left - PAD.right);
  const y = (n: number) => H - PAD.bottom - (n / yMax) * (H - PAD.top - PAD.bottom);
  const lines = series.map((s) => {
    let sum = 0;
    const pts = [`${x(t0).toFixed(1)},${y(0).toFixed(1)}`];
    for (const p of [...s.points].sort((a, b) => a.at.getTime() - b.at.getTime())) {
      sum += p.n;
      pts.push(`${x(p.at.getTime()).toFixed(1)},${y(sum).toFixed(1)}`);
    }
    return `<polyline fill="none" stroke="${COLORS[s.name]}" stroke-width="2" points="${pts.join(' ')}"><title>${esc(s.name)}: ${sum}</title></polyline>`;
  });
  const ticks = [0, 0.5, 1].map((f) => {
    const n = Math.round(yMax * f);
    return `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(n).toFixed(1)}" y2="${y(n).toFixed(1)}" stroke="#e3e6e8"/><text x="${PAD.left - 6}" y="${(y(n) + 4).toFixed(1)}" text-anchor="end">${n}</text>`;
  });
  const xLabels = [t0, (t0 + t1) / 2, t1].map((tm, i) =>
    `<text x="${x(tm).toFixed(1)}" y="${H - 8}" text-anchor="${['start', 'middle', 'end'][i]}">${esc(clock(new Date(tm), t1 - t0 < 3600_000))} UTC</text>`);
  return `<svg class="chart" role="img" aria-label="messages sent, delivered and failed over time" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">${ticks.join('')}${xLabels.join('')}${lines.join('')}</svg>`;
}
