// Senders: link a WhatsApp number by QR (the page polls a JSON endpoint as Baileys rotates
// the code), then its number, health, today's sends against its cap, warm-up step, and
// pause / resume / unlink / relink / remove.
import type { Ctx } from '../../context.js';
import {
  addSession, describeWarmupStep, pauseSender, removeSession, requestRelink, requestUnlink, resumeSender, senderOverview,
  type SenderOverview, type SessionPurpose,
} from '../../senders/index.js';
import type { ConsolePages } from '../deps.js';
import { actorOf, field, flash, formAction, HttpError, idField, idParam, type ConsoleRoutes } from '../http.js';
import { render } from '../views.js';
import { listAccountNames } from '../../accounts.js';
import { loadEncryptionKey } from '../../secrets.js';
import { getSenderProxy, maskProxy, setSenderProxy } from '../../senders/sender-proxy.js';

export interface SenderView extends SenderOverview {
  /** "day 2 of 6 (50 a day)", or null when the number is past or without a ladder. */
  warmupStep: string | null;
}

async function sendersWithPacing(ctx: Ctx, accountId?: number): Promise<SenderView[]> {
  return (await senderOverview(ctx, { accountId })).map((s) => ({ ...s, warmupStep: describeWarmupStep(s.warmup) }));
}

export function mountSenderPages(routes: ConsoleRoutes, ctx: Ctx, deps: ConsolePages): void {
  const sandboxAllowed = () => ctx.config.waTransport === 'sandbox';

  routes.get('/senders', 'viewer', async (req, res) => {
    const account = /^\d{1,9}$/.test(String(req.query.account ?? '')) ? Number(req.query.account) : undefined;
    const accounts = await listAccountNames(ctx.db);
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

  // The sender's own proxy (issue 21 item 8): shown to admins with its password hidden.
  const key = () => loadEncryptionKey(ctx.config, ctx.log);
  routes.get('/senders/:id', 'viewer', async (req, res) => {
    const sender = await one(idParam(req));
    const proxy = req.user?.role === 'admin' && sender.transport === 'whatsapp' ? await getSenderProxy(ctx.db, key(), sender.id) : undefined;
    render(res, 'sender', { title: `Sender ${sender.label ?? sender.phone ?? sender.id}`, sender, proxy: proxy ? maskProxy(proxy) : null, scripts: ['sender.js'] });
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
      // The state is in the database for whichever process drives the socket; when it is
      // this one, let it act now (a relink's QR shows at once) instead of at its heartbeat.
      await deps.sessions?.tick();
      flash(req, 'ok', done);
    }, (req) => `/senders/${req.params.id}`));

  action('pause', (id, req) => pauseSender(ctx.db, id, field(req, 'reason') || 'paused by an admin', actorOf(req)), 'Sender paused: it sends nothing until resumed.');
  action('resume', (id, req) => resumeSender(ctx.db, id, actorOf(req)), 'Sender resumed.');
  action('relink', (id, req) => requestRelink(ctx.db, id, actorOf(req)), 'Link reset: scan the new QR code.');
  action('unlink', (id, req) => requestUnlink(ctx.db, id, actorOf(req)), 'Number unlinked and its credentials wiped.');
  action('proxy', (id, req) => setSenderProxy(ctx.db, key(), id, field(req, 'url').trim() || null, actorOf(req)),
    'Proxy saved: the sender uses it from its next connect (relink or restart to apply now).');
  routes.post('/senders/:id/remove', 'admin', formAction(async (req) => {
    await removeSession(ctx.db, idParam(req), actorOf(req));
    flash(req, 'ok', 'Sender removed.');
    return '/senders';
  }, (req) => `/senders/${req.params.id}`));
}
