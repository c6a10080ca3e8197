// RFC 8058 one-click unsubscribe (issue 16): mail clients POST "List-Unsubscribe=One-Click"
// to the link in the List-Unsubscribe header, a person opens the same link from the footer.
// Both suppress the address at once; no sign-in and no CSRF token (the signed link is the proof).
import type { Express } from 'express';
import { unsubscribeByToken } from '../../channels/unsubscribe.js';
import type { Ctx } from '../../context.js';
import { t } from '../../i18n/t.js';

export function mountUnsubscribe(app: Express, ctx: Ctx): void {
  const handle = async (token: string, res: import('express').Response): Promise<void> => {
    const done = await unsubscribeByToken(ctx, token);
    res.setHeader('Cache-Control', 'no-store');
    res.status(done ? 200 : 404).type('text/plain; charset=utf-8')
      .send(done ? t('en', 'unsubscribe.done', { email: done.email }) : t('en', 'unsubscribe.invalid'));
  };
  app.post('/u/:token', (req, res, next) => { handle(req.params.token, res).catch(next); });
  app.get('/u/:token', (req, res, next) => { handle(req.params.token, res).catch(next); });
}
