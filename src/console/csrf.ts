// CSRF: the double-submit pattern (csrf-csrf), bound to the session id. Every form carries
// the token in a hidden `_csrf` field; plain-JS fetches send it as x-csrf-token.
import type { NextFunction, Request, Response } from 'express';
import { doubleCsrf } from 'csrf-csrf';

export function createCsrf(secret: string, secure: boolean) {
  const { generateCsrfToken, doubleCsrfProtection } = doubleCsrf({
    getSecret: () => secret,
    getSessionIdentifier: (req) => req.sessionID,
    cookieName: secure ? '__Host-wa.csrf' : 'wa.csrf',
    cookieOptions: { sameSite: 'strict', secure, path: '/', httpOnly: true },
    getCsrfTokenFromRequest: (req) => (req.body as Record<string, string> | undefined)?._csrf ?? req.get('x-csrf-token'),
  });
  /** Puts a token in res.locals for the forms of the page being rendered. */
  const provideToken = (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'GET' || req.method === 'HEAD') {
      // A visitor's session must persist for its id (and so the token) to stay the same.
      req.session.started ??= Date.now();
      res.locals.csrfToken = generateCsrfToken(req, res);
    }
    next();
  };
  return { protect: doubleCsrfProtection, provideToken };
}
