// Mounts API v1 on the console's Express app (same port), before the console's sessions and
// CSRF: a token request carries no cookie. Order per request: token → burst limit and daily
// quota → schema validation → read-only check → Idempotency-Key → the service.
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import multer from 'multer';
import { getAccountWithPlan } from '../sql/get-account-with-plan.js';
import type { Ctx } from '../context.js';
import { countApiCall, type LimitVerdict } from './limits.js';
import { claimIdempotencyKey, requestFingerprint, settleIdempotencyKey } from './idempotency.js';
import { buildOpenApi, docsPage, DOCS_SCRIPT } from './openapi.js';
import { problem, problemOf, sendProblem } from './problem.js';
import { expressPath, isWrite, type ApiCall, type ApiRoute } from './registry.js';
import { apiRoutes, type ApiDeps } from './routes.js';
import { authenticateToken, type AuthenticatedToken } from './tokens.js';
import type { AccountRow } from '../accounts.js';

export const API_VERSION = '1.0.0';
export type { ApiDeps } from './routes.js';

interface ApiLocals { token: AuthenticatedToken; account: AccountRow }

function rateHeaders(res: Response, v: LimitVerdict): void {
  // draft-ietf-httpapi-ratelimit-headers: the policies, then what is left of each.
  res.setHeader('RateLimit-Policy', `"burst";q=${v.burst};w=1, "daily";q=${v.quota};w=86400`);
  res.setHeader('RateLimit', `"burst";r=${v.burstRemaining};t=1, "daily";r=${v.remaining};t=${v.resetSeconds}`);
}

function issuesOf(err: { issues: Array<{ path: PropertyKey[]; message: string }> }, where: string) {
  return err.issues.map((i) => ({ path: [where, ...i.path.map(String)].join('.'), message: i.message }));
}

export function mountApi(app: Express, ctx: Ctx, deps: ApiDeps = {}): ApiRoute[] {
  const routes = apiRoutes(deps);
  const doc = buildOpenApi(routes, { version: API_VERSION });
  app.get('/api/v1/openapi.json', (_req, res) => { res.json(doc); });
  app.get('/api/docs', (_req, res) => { res.type('html').send(docsPage()); });
  app.get('/api/docs.js', (_req, res) => { res.type('application/javascript').send(DOCS_SCRIPT); });

  const api = express.Router();
  api.use(express.json({ limit: '20mb', type: ['application/json', 'application/*+json'] }));
  api.use(async (req: Request, res: Response, next: NextFunction) => {
    try {
      const auth = req.get('authorization') ?? '';
      const m = /^Bearer\s+(\S+)$/i.exec(auth);
      const token = m ? await authenticateToken(ctx.db, m[1]!, { recordUse: false }) : undefined;
      const account = token ? await getAccountWithPlan(ctx.db, token.accountId) : undefined;
      if (!token || !account) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="wa-chatops"');
        return sendProblem(res, problem(401, 'api.unauthorized'));
      }
      const v = await countApiCall(ctx.db, { tokenId: token.id, accountId: account.id, quota: account.plan.api_quota_per_day, burst: ctx.config.apiBurstPerSecond });
      rateHeaders(res, v);
      if (!v.ok) {
        res.setHeader('Retry-After', String(v.which === 'burst' ? 1 : v.resetSeconds));
        return sendProblem(res, v.which === 'burst' ? problem(429, 'api.rate_limited', { limit: v.burst }) : problem(429, 'api.quota_exceeded', { limit: v.quota }));
      }
      (res.locals as ApiLocals).token = token;
      (res.locals as ApiLocals).account = account;
      next();
    } catch (e) { next(e); }
  });

  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: ctx.config.maxUploadBytes, files: 1, fields: 20 } });
  for (const r of routes) {
    const handlers: express.RequestHandler[] = [];
    if (r.multipartFile) handlers.push((req, res, next) => (req.is('multipart/form-data') ? upload.single('file')(req, res, next) : next()));
    handlers.push(async (req, res, next) => {
      const { token, account } = res.locals as ApiLocals;
      try {
        const params = r.params ? r.params.safeParse(req.params) : { success: true as const, data: {} };
        const query = r.query ? r.query.safeParse(req.query) : { success: true as const, data: {} };
        const file = (req as Request & { file?: ApiCall<unknown, unknown, unknown>['file'] }).file;
        const multipart = Boolean(r.multipartFile && req.is('multipart/form-data'));
        const rawBody = req.is('application/json') || req.is('application/*+json') || (multipart && r.multipartFields) ? req.body : undefined;
        const body = r.body && (!file || r.multipartFields) ? r.body.safeParse(rawBody) : { success: true as const, data: undefined };
        const errors = [
          ...(params.success ? [] : issuesOf(params.error, 'path')),
          ...(query.success ? [] : issuesOf(query.error, 'query')),
          ...(body.success ? [] : issuesOf(body.error, 'body')),
        ];
        if (errors.length) {
          return sendProblem(res, problem(400, 'api.invalid_request', { detail: errors.map((e) => `${e.path}: ${e.message}`).join('; ') }, { errors }));
        }
        if (isWrite(r) && token.readOnly) return sendProblem(res, problem(403, 'api.read_only'));
        const call: ApiCall<unknown, unknown, unknown> = {
          ctx, token, account, actor: { type: 'system', id: token.id, label: `api token ${token.name}`, ip: req.ip ?? null },
          params: params.data, query: query.data, body: body.data, file, req,
        };
        const key = isWrite(r) ? req.get('idempotency-key') : undefined;
        if (key !== undefined) {
          if (!/^[\x21-\x7e]{1,255}$/.test(key)) return sendProblem(res, problem(400, 'api.invalid_request', { detail: 'Idempotency-Key: 1 to 255 visible ASCII characters' }));
          const claim = await claimIdempotencyKey(ctx.db, account.id, key, requestFingerprint(r.method, req.originalUrl.split('?')[0]!, body.data ?? null, file?.buffer));
          if (claim.kind === 'mismatch') return sendProblem(res, problem(422, 'api.idempotency.mismatch'));
          if (claim.kind === 'in_progress') { res.setHeader('Retry-After', '1'); return sendProblem(res, problem(409, 'api.idempotency.in_progress')); }
          if (claim.kind === 'replay') {
            res.setHeader('Idempotent-Replayed', 'true');
            const replayed = claim.response as { problem?: boolean; body: unknown };
            if (replayed.problem) return void res.status(claim.status).type('application/problem+json').send(JSON.stringify(replayed.body));
            return void res.status(claim.status).json(replayed.body);
          }
          let status = 500;
          let stored: { problem?: boolean; body: unknown } = { body: null };
          try {
            const out = await r.handler(call);
            status = r.status ?? 200;
            stored = { body: out };
          } catch (e) {
            const p = problemOf(e, req.id);
            if (p.status >= 500) req.log.error({ err: e }, 'api request failed');
            status = p.status;
            stored = { problem: true, body: p };
          } finally {
            await settleIdempotencyKey(ctx.db, account.id, key, status, stored);
          }
          if (stored.problem) return sendProblem(res, stored.body as ReturnType<typeof problemOf>);
          return void res.status(status).json(stored.body);
        }
        const out = await r.handler(call);
        res.status(r.status ?? 200).json(out);
      } catch (e) { next(e); }
    });
    api[r.method](expressPath(r.path), ...handlers);
  }
  api.use((_req, res) => sendProblem(res, problem(404, 'api.not_found')));
  api.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) return;
    const e = err as { type?: string; code?: string; status?: number };
    if (e?.type === 'entity.parse.failed') return sendProblem(res, problem(400, 'api.invalid_request', { detail: 'the body is not valid JSON' }));
    if (e?.type === 'entity.too.large' || e?.code === 'LIMIT_FILE_SIZE') return sendProblem(res, problem(413, 'api.invalid_request', { detail: 'what you sent is too large' }));
    if (e instanceof multer.MulterError) return sendProblem(res, problem(400, 'api.invalid_request', { detail: `multipart: ${e.message}` }));
    const p = problemOf(err, req.id);
    if (p.status >= 500) req.log.error({ err }, 'api request failed');
    sendProblem(res, p);
  });
  app.use('/api/v1', api);
  app.locals.apiRoutes = routes;
  return routes;
}
