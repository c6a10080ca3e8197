// The sandbox: play an owner's WhatsApp conversation with the bot (through the same router,
// via the sandbox operator session) and watch the sandbox outbox, before linking a phone.
import type { Request } from 'express';
import { ConflictError } from '../../accounts.js';
import { requireE164 } from '../../phone.js';
import type { Ctx } from '../../context.js';
import { findSandboxOperatorSession, getSandboxMessageFile, listPlayableMembers, recentSandboxSends, sandboxConversation } from '../../gateway/sandbox-messages.js';
import type { ConsolePages } from '../deps.js';
import { actorOf, field, flash, formAction, HttpError, idParam, type ConsoleRoutes } from '../http.js';
import { sandboxFilePath, sandboxFilesDir } from '../../gateway/sandbox-files.js';
import { existsSync } from 'node:fs';
import { render } from '../views.js';
import { audit } from '../../audit.js';
import { ensureSandboxOperatorSession } from '../../senders/ensure-sandbox-operator.js';

const ATTACHMENT_TYPES = /^(text\/(plain|csv|x-vcard|vcard)|application\/(vnd\.ms-excel|octet-stream)|)$/;

export function mountSandboxPages(routes: ConsoleRoutes, ctx: Ctx, deps: ConsolePages): void {
  /** The sandbox session owners text; created on first need when the transport is sandbox. */
  const operatorSession = async (create: boolean): Promise<number | undefined> => {
    const found = await findSandboxOperatorSession(ctx.db);
    if (found || !create || !deps.sessions || ctx.config.waTransport !== 'sandbox') return found;
    const id = await ensureSandboxOperatorSession(ctx.db, ctx.config);
    await deps.sessions.tick();
    return id;
  };

  const phoneOf = (req: Request): string | null => {
    const raw = typeof req.query.phone === 'string' ? req.query.phone : field(req, 'fromPhone');
    if (!raw) return null;
    try { return requireE164(raw, ctx.config.defaultCountry); } catch { return null; }
  };

  routes.get('/sandbox', 'viewer', async (req, res) => {
    const sessionId = await operatorSession(false);
    const phone = phoneOf(req);
    const members = await listPlayableMembers(ctx.db);
    const conversation = phone ? await sandboxConversation(ctx.db, phone) : [];
    const outbox = await recentSandboxSends(ctx.db);
    render(res, 'sandbox', {
      title: 'Sandbox', phone, members, conversation, outbox, sessionId,
      canCreate: ctx.config.waTransport === 'sandbox' && Boolean(deps.sessions), scripts: ['sandbox.js'],
    });
  });

  routes.get('/sandbox/messages.json', 'viewer', async (req, res) => {
    const phone = phoneOf(req);
    const after = /^\d{1,18}$/.test(String(req.query.after ?? '')) ? Number(req.query.after) : 0;
    const messages = phone ? await sandboxConversation(ctx.db, phone, after) : [];
    res.json({ messages });
  });

  // A document the sandbox "sent" (rejected lines, a data export): personal data, so admins only, never cached.
  routes.get('/sandbox/files/:id', 'admin', async (req, res) => {
    const file = await getSandboxMessageFile(ctx.db, idParam(req));
    const where = file && sandboxFilePath(sandboxFilesDir(ctx.config), file.sha256);
    if (!file || !where || !existsSync(where)) throw new HttpError(404, 'That file is not kept (sent before files were stored, or removed).');
    res.set('Cache-Control', 'no-store');
    res.type(file.mimetype);
    res.attachment(file.fileName);
    res.sendFile(where);
  });

  routes.post('/sandbox/send', 'admin', formAction(async (req) => {
    if (!deps.sessions) throw new ConflictError('this console process runs no sessions, so it cannot play messages');
    const sessionId = await operatorSession(true);
    if (!sessionId) throw new ConflictError('there is no sandbox operator session; start with WA_TRANSPORT=sandbox or add a sandbox sender');
    const fromPhone = requireE164(field(req, 'fromPhone'), ctx.config.defaultCountry);
    const text = typeof req.body?.text === 'string' ? req.body.text.trim() : '';
    const data = field(req, 'attachmentData');
    const attachment = data ? {
      fileName: field(req, 'attachmentName').slice(0, 200) || 'contacts.txt',
      mimetype: ATTACHMENT_TYPES.test(field(req, 'attachmentType')) ? (field(req, 'attachmentType') || 'text/plain') : 'application/octet-stream',
      data: Buffer.from(data, 'base64'),
    } : undefined;
    if (!text && !attachment) throw new RangeError('type a message or attach a file');
    await deps.sessions.injectInbound(sessionId, { fromPhone, text, attachment });
    await audit(ctx.db, actorOf(req), 'sandbox.play', null, { fromPhone, chars: text.length, attachment: attachment?.fileName ?? null });
    return `/sandbox?phone=${encodeURIComponent(fromPhone)}`;
  }, (req) => `/sandbox?phone=${encodeURIComponent(field(req, 'fromPhone'))}`));

  routes.post('/sandbox/session', 'admin', formAction(async (req) => {
    const id = await operatorSession(true);
    if (!id) throw new ConflictError('sandbox sessions are available when WA_TRANSPORT=sandbox');
    flash(req, 'ok', `Sandbox operator session #${id} is ready.`);
    return '/sandbox';
  }, () => '/sandbox'));
}
