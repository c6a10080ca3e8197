// Prometheus metrics (prom-client) for GET /metrics. Database figures are read when scraped
// (one query each, not kept in memory); command latency and process figures are this
// process's own. Answered only with METRICS_TOKEN as a bearer token, or — when that is
// unset — only to clients on the loopback interface.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import client from 'prom-client';
import type { Ctx } from '../context.js';
import type { JobState } from '../scheduler.js';

export interface Metrics {
  observeCommand(command: string, seconds: number, outcome: 'ok' | 'refused' | 'error'): void;
  /** Answers /metrics; false when the request is not for /metrics. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
}

export function createMetrics(ctx: Ctx, deps: { jobs?: () => JobState[] }): Metrics {
  const register = new client.Registry();
  client.collectDefaultMetrics({ register, prefix: 'wa_chatops_' });
  const db = ctx.db;

  new client.Gauge({
    name: 'wa_chatops_messages', help: 'Outbox messages by channel (the sender\'s transport; none before a sender claims one) and status',
    labelNames: ['channel', 'status'], registers: [register],
    async collect() {
      this.reset();
      const rows = await db.query<{ channel: string; status: string; n: number }>(
        `SELECT coalesce(s.transport, 'none') AS channel, o.status, count(*)::int AS n
           FROM outbox o LEFT JOIN sender_sessions s ON s.id = o.sender_session_id GROUP BY 1, 2`);
      for (const r of rows) this.set({ channel: r.channel, status: r.status }, r.n);
    },
  });
  new client.Gauge({
    name: 'wa_chatops_outbox_depth', help: 'Messages waiting (queued) or in flight (sending)', labelNames: ['state'], registers: [register],
    async collect() {
      const r = await db.one<{ queued: number; sending: number }>(
        // From the per-campaign counters (migration 0460), not a count of the outbox.
        `SELECT coalesce(sum(n) FILTER (WHERE status = 'queued'), 0)::int AS queued, coalesce(sum(n) FILTER (WHERE status = 'sending'), 0)::int AS sending
           FROM campaign_counts WHERE status IN ('queued', 'sending')`);
      this.set({ state: 'queued' }, r?.queued ?? 0);
      this.set({ state: 'sending' }, r?.sending ?? 0);
    },
  });
  new client.Gauge({
    name: 'wa_chatops_sender_sent_today', help: 'Messages each sender has sent today (its own day counter)', labelNames: ['sender', 'transport'], registers: [register],
    async collect() {
      this.reset();
      const rows = await db.query<{ id: number; transport: string; n: number }>(
        `SELECT id, transport, CASE WHEN sent_today_date = current_date THEN sent_today ELSE 0 END AS n
           FROM sender_sessions WHERE status <> 'removed' AND account_id IS NOT NULL`);
      for (const r of rows) this.set({ sender: String(r.id), transport: r.transport }, r.n);
    },
  });
  new client.Gauge({
    name: 'wa_chatops_senders', help: 'Sender sessions by state; paused="yes" when paused (by the owner or automatically)', labelNames: ['state', 'paused'], registers: [register],
    async collect() {
      this.reset();
      const rows = await db.query<{ status: string; paused: boolean; n: number }>(
        `SELECT status, paused_reason IS NOT NULL AS paused, count(*)::int AS n FROM sender_sessions WHERE status <> 'removed' GROUP BY 1, 2`);
      for (const r of rows) this.set({ state: r.status, paused: r.paused ? 'yes' : 'no' }, r.n);
    },
  });
  const commands = new client.Histogram({
    name: 'wa_chatops_command_seconds', help: 'Time from a command being recognised to its reply sent, by command and outcome',
    labelNames: ['command', 'outcome'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5], registers: [register],
  });
  const jobs = () => deps.jobs?.() ?? [];
  new client.Gauge({
    name: 'wa_chatops_job_runs_total', help: 'Runs of each scheduled job since this process started', labelNames: ['job'], registers: [register],
    collect() { for (const j of jobs()) this.set({ job: j.name }, j.runs); },
  });
  new client.Gauge({
    name: 'wa_chatops_job_last_run_failed', help: '1 when the last run of the job failed', labelNames: ['job'], registers: [register],
    collect() { for (const j of jobs()) this.set({ job: j.name }, j.lastError ? 1 : 0); },
  });

  const want = ctx.config.metricsToken ? Buffer.from(ctx.config.metricsToken) : undefined;
  const allowed = (req: IncomingMessage) => {
    if (!want) {
      // The socket's own address, not X-Forwarded-For: a proxy in front makes every request remote.
      const ip = req.socket.remoteAddress ?? '';
      return ip === '127.0.0.1' || ip === '::1' || ip === '::ffff:127.0.0.1';
    }
    const given = Buffer.from(/^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '');
    return given.length === want.length && timingSafeEqual(given, want);
  };

  return {
    observeCommand(command, seconds, outcome) { commands.observe({ command, outcome }, seconds); },
    handle(req, res) {
      if (req.method !== 'GET' || (req.url !== '/metrics' && !req.url?.startsWith('/metrics?'))) return false;
      if (!allowed(req)) {
        res.writeHead(ctx.config.metricsToken ? 401 : 403, { 'content-type': 'text/plain' }).end(ctx.config.metricsToken ? 'bearer token required\n' : 'metrics are served to localhost only (set METRICS_TOKEN)\n');
        return true;
      }
      register.metrics().then(
        (body) => res.writeHead(200, { 'content-type': register.contentType }).end(body),
        (e) => { ctx.log.error({ err: e }, 'metrics could not be collected'); res.writeHead(503, { 'content-type': 'text/plain' }).end('metrics unavailable\n'); },
      );
      return true;
    },
  };
}
