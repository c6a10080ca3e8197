// Senders: link a WhatsApp number by QR (the page polls a JSON endpoint as Baileys rotates
// the code), then its number, health, today's sends against its cap, warm-up step, and
// pause / resume / unlink / relink / remove.
import { ConflictError } from '../../accounts.js';
import type { Ctx } from '../../context.js';
import { senderDailyLimit, type SenderSettings } from '../../dispatch/pacing.js';
import { addSession, listSessions, removeSession, type SessionListRow, type SessionPurpose } from '../../gateway/sessions.js';
import type { ConsolePages } from '../deps.js';
import { actorOf, field, flash, formAction, HttpError, idField, idParam, type ConsoleRoutes } from '../http.js';
import { render } from '../views.js';

interface PacingRow {
  id: number; transport: 'whatsapp' | 'sandbox'; sent_today: number; sent_today_date: string | null; today: string;
  pacing_min_ms: number | null; pacing_max_ms: number | null; daily_cap: number | null; warmup: boolean; s_ladder: number[] | null;
  p_min: number | null; p_max: number | null; p_cap: number | null; p_ladder: number[] | null; days_linked: number | null;
}

export interface SenderView extends SessionListRow {
  sentToday: number;
  /** null: no per-sender limit. */
  capToday: number | null;
  /** "day 2 of 6 (50 a day)", or null when the number is past or without a ladder. */
  warmupStep: string | null;
}

async function sendersWithPacing(ctx: Ctx, accountId?: number): Promise<SenderView[]> {
  const rows = await listSessions(ctx.db, { accountId });
  const pacing = await ctx.db.query<PacingRow>(
    `SELECT s.id, s.transport, s.sent_today, s.sent_today_date::text, current_date::text AS today, s.pacing_min_ms, s.pacing_max_ms,
            s.daily_cap, s.warmup, s.warmup_ladder AS s_ladder, p.pacing_min_ms AS p_min, p.pacing_max_ms AS p_max,
            p.sender_daily_cap AS p_cap, p.warmup_ladder AS p_ladder,
            (current_date - s.linked_at::date) AS days_linked
       FROM sender_sessions s LEFT JOIN accounts a ON a.id = s.account_id LEFT JOIN plans p ON p.id = a.plan_id
      WHERE s.id = ANY($1::int[])`, [rows.map((r) => r.id)]);
  const byId = new Map(pacing.map((p) => [p.id, p]));
  return rows.map((r) => {
    const p = byId.get(r.id)!;
    const settings: SenderSettings = {
      transport: p.transport,
      session: { pacing_min_ms: p.pacing_min_ms, pacing_max_ms: p.pacing_max_ms, daily_cap: p.daily_cap, warmup: p.warmup, warmup_ladder: p.s_ladder },
      plan: { pacing_min_ms: p.p_min, pacing_max_ms: p.p_max, sender_daily_cap: p.p_cap, warmup_ladder: p.p_ladder },
      daysSinceLinked: p.days_linked ?? 0,
    };
    const ladder = p.s_ladder ?? p.p_ladder ?? (p.transport === 'sandbox' ? null : ctx.config.warmupLadder);
    const day = p.days_linked ?? 0;
    const warmupStep = p.warmup && ladder && day < ladder.length ? `day ${day + 1} of ${ladder.length} (${ladder[day]} a day)` : null;
    return { ...r, sentToday: p.sent_today_date === p.today ? p.sent_today : 0, capToday: senderDailyLimit(ctx.config, settings), warmupStep };
  });
}

export function mountSenderPages(routes: ConsoleRoutes, ctx: Ctx, deps: ConsolePages): void {
  const sandboxAllowed = () => ctx.config.waTransport === 'sandbox';
  const manager = () => {
    if (!deps.sessions) throw new ConflictError('this console process runs no WhatsApp sessions; use the process that does, or the CLI');
    return deps.sessions;
  };

  routes.get('/senders', 'viewer', async (req, res) => {
    const account = /^\d{1,9}$/.test(String(req.query.account ?? '')) ? Number(req.query.account) : undefined;
    const accounts = await ctx.db.query("SELECT id, name FROM accounts WHERE status <> 'erased' ORDER BY name");
    render(res, 'senders', { title: 'Senders', senders: await sendersWithPacing(ctx, account), accounts, sandboxAllowed: sandboxAllowed() });
  });

  routes.post('/senders', 'admin', formAction(async (req) => {
    const transport = field(req, 'transport') === 'sandbox' ? 'sandbox' : 'whatsapp';
    if (transport === 'sandbox' && !sandboxAllowed()) throw new RangeError('sandbox senders can be added only when WA_TRANSPORT=sandbox');
    const row = await addSession(ctx.db, {
      accountId: idField(req, 'accountId', 'the account'), transport,
      purpose: (field(req, 'purpose') || 'campaigns') as SessionPurpose, label: field(req, 'label').slice(0, 100) || null,
    }, actorOf(req));
    // The manager picks new sessions up on its heartbeat; ask it now so the QR shows quickly.
    await deps.sessions?.tick();
    flash(req, 'ok', transport === 'whatsapp' ? 'Sender added. Scan the QR code below with WhatsApp on the phone (Linked devices → Link a device).' : 'Sandbox sender added.');
    return `/senders/${row.id}`;
  }, () => '/senders'));

  const one = async (id: number) => {
    const rows = await sendersWithPacing(ctx);
    const s = rows.find((r) => r.id === id);
    if (!s) throw new HttpError(404, `There is no sender ${id}.`);
    return s;
  };

  routes.get('/senders/:id', 'viewer', async (req, res) => {
    const sender = await one(idParam(req));
    render(res, 'sender', { title: `Sender ${sender.label ?? sender.phone ?? sender.id}`, sender, scripts: ['sender.js'] });
  });

  // The QR links a phone to this platform: only admins see it.
  routes.get('/senders/:id/state.json', 'admin', async (req, res) => {
    const sender = await one(idParam(req));
    const qr = sender.status === 'open' ? undefined : await deps.sessions?.getQr(sender.id);
    res.json({
      id: sender.id, status: sender.status, health: sender.health, phone: sender.phone,
      sentToday: sender.sentToday, capToday: sender.capToday, warmupStep: sender.warmupStep,
      qr: qr ? { dataUrl: qr.dataUrl, expiresAt: qr.expiresAt.toISOString() } : null,
    });
  });

  const action = (path: string, run: (id: number, req: Parameters<typeof actorOf>[0]) => Promise<unknown>, done: string) =>
    routes.post(`/senders/:id/${path}`, 'admin', formAction(async (req) => {
      const id = idParam(req);
      await one(id);
      await run(id, req);
      flash(req, 'ok', done);
    }, (req) => `/senders/${req.params.id}`));

  action('pause', (id, req) => manager().pauseSession(id, field(req, 'reason') || 'paused by an admin', actorOf(req)), 'Sender paused: it sends nothing until resumed.');
  action('resume', (id, req) => manager().resumeSession(id, actorOf(req)), 'Sender resumed.');
  action('relink', (id, req) => manager().relink(id, actorOf(req)), 'Link reset: scan the new QR code.');
  action('unlink', (id, req) => manager().unlink(id, actorOf(req)), 'Number unlinked and its credentials wiped.');
  routes.post('/senders/:id/remove', 'admin', formAction(async (req) => {
    await removeSession(ctx.db, idParam(req), actorOf(req));
    flash(req, 'ok', 'Sender removed.');
    return '/senders';
  }, (req) => `/senders/${req.params.id}`));
}
