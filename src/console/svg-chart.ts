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

export interface DayBar { day: string; sent: number; delivered: number; read: number; failed: number }

/**
 * Messages per day as bars (sent, with the delivered and read parts of it inside, failed beside),
 * one group a day. Scales to its container's width (viewBox), so it fits a phone.
 */
export function renderDailyChart(days: DayBar[]): string {
  const w = 560;
  const h = 200;
  const pad = { left: 44, right: 8, top: 10, bottom: 26 };
  const yMax = Math.max(1, ...days.map((d) => Math.max(d.sent, d.failed)));
  const slot = (w - pad.left - pad.right) / Math.max(1, days.length);
  const y = (n: number) => h - pad.bottom - (n / yMax) * (h - pad.top - pad.bottom);
  const bar = (x: number, bw: number, n: number, color: string, label: string) =>
    n > 0 ? `<rect x="${x.toFixed(1)}" y="${y(n).toFixed(1)}" width="${bw.toFixed(1)}" height="${(y(0) - y(n)).toFixed(1)}" fill="${color}"><title>${esc(label)}</title></rect>` : '';
  const groups = days.map((d, i) => {
    const x0 = pad.left + i * slot + slot * 0.15;
    const bw = slot * 0.5;
    const label = `${d.day}: ${d.sent} sent, ${d.delivered} delivered, ${d.read} read, ${d.failed} failed`;
    return bar(x0, bw, d.sent, COLORS.sent, label) + bar(x0, bw, d.delivered, COLORS.delivered, label) + bar(x0, bw, d.read, '#0d5c46', label)
      + bar(x0 + bw + slot * 0.05, slot * 0.2, d.failed, COLORS.failed, label)
      + `<text x="${(x0 + bw / 2).toFixed(1)}" y="${h - 8}" text-anchor="middle">${esc(d.day.slice(5))}</text>`;
  });
  const ticks = [0, 0.5, 1].map((f) => {
    const n = Math.round(yMax * f);
    return `<line x1="${pad.left}" x2="${w - pad.right}" y1="${y(n).toFixed(1)}" y2="${y(n).toFixed(1)}" stroke="#e3e6e8"/><text x="${pad.left - 6}" y="${(y(n) + 4).toFixed(1)}" text-anchor="end">${n.toLocaleString('en-US')}</text>`;
  });
  return `<svg class="chart fluid" role="img" aria-label="messages per day, last 7 days" viewBox="0 0 ${w} ${h}" preserveAspectRatio="xMidYMid meet">${ticks.join('')}${groups.join('')}</svg>`;
}
