// The HTTP SMS provider's status callback (issue 16): GET or POST /hooks/sms/TOKEN with the
// message id and status in the query, a form or JSON (src/channels/sms/status-callback.ts).
// Outside the console's sessions and CSRF: the provider has neither; the token is the proof.
// A wrong token is answered as a page that does not exist; a known token always gets 200, so
// a provider does not retry a report we could not use.
import express, { type Express, type Request, type Response } from 'express';
import { applyStatusCallback, callbackTokenMatches } from '../../channels/sms/status-callback.js';
import type { Ctx } from '../../context.js';

export function mountSmsStatusCallback(app: Express, ctx: Ctx): void {
  const parse = [express.urlencoded({ extended: false, limit: '16kb' }), express.json({ limit: '16kb' })];
  const handle = async (req: Request, res: Response): Promise<void> => {
    res.setHeader('Cache-Control', 'no-store');
    if (!callbackTokenMatches(ctx, String(req.params.token ?? ''))) {
      res.status(404).type('text/plain').send('not found');
      return;
    }
    const body = req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? req.body as Record<string, unknown> : {};
    const outcome = await applyStatusCallback(ctx, { ...(req.query as Record<string, unknown>), ...body });
    res.status(200).json({ ok: true, outcome });
  };
  app.get('/hooks/sms/:token', (req, res, next) => { handle(req, res).catch(next); });
  app.post('/hooks/sms/:token', ...parse, (req: Request, res: Response, next: (e?: unknown) => void) => { handle(req, res).catch(next); });
}
