// CSRF: the double-submit pattern (csrf-csrf), bound to the signed-in session's id, or for a
// visitor not signed in to a random visitor cookie, so that showing the sign-in page to a
// cookieless request stores no session row. Every form carries the token in a hidden `_csrf`
// field; plain-JS fetches send it as x-csrf-token.
import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { doubleCsrf } from 'csrf-csrf';

export function createCsrf(secret: string, secure: boolean) {
  const visitorCookie = secure ? '__Host-wa.visitor' : 'wa.visitor';
  const visitorId = (req: Request, res?: Response): string => {
    const known = (req.cookies as Record<string, string> | undefined)?.[visitorCookie];
    if (known && /^[\w-]{22}$/.test(known)) return known;
    if (!res) return '';
    const id = randomBytes(16).toString('base64url');
    (req.cookies as Record<string, string>)[visitorCookie] = id;
    res.cookie(visitorCookie, id, { httpOnly: true, sameSite: 'lax', secure, path: '/' });
    return id;
  };
  const { generateCsrfToken, doubleCsrfProtection } = doubleCsrf({
    getSecret: () => secret,
    getSessionIdentifier: (req) => (req.session?.adminId ? `s:${req.sessionID}` : `v:${visitorId(req)}`),
    cookieName: secure ? '__Host-wa.csrf' : 'wa.csrf',
    cookieOptions: { sameSite: 'strict', secure, path: '/', httpOnly: true },
    getCsrfTokenFromRequest: (req) => (req.body as Record<string, string> | undefined)?._csrf ?? req.get('x-csrf-token'),
  });
  /** Puts a token in res.locals for the forms of the page being rendered. */
  const provideToken = (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'GET' || req.method === 'HEAD') {
      if (!req.session?.adminId) visitorId(req, res);
      res.locals.csrfToken = generateCsrfToken(req, res);
    }
    next();
  };
  return { protect: doubleCsrfProtection, provideToken };
}
