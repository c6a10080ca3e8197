// RFC 9457 problem details. `code` is the catalogue code the chat refusal uses (an AppError's),
// so a program can branch on it and a person reads `detail` (English).
import type { Response } from 'express';
import { isAppError, type AppError } from '../app-error.js';
import { ConflictError, NotFoundError } from '../base-errors.js';
import { t, type MessageKey, type Params } from '../i18n/t.js';

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance?: string;
  errors?: Array<{ path: string; message: string }>;
}

const TITLES: Record<number, string> = {
  400: 'Bad request', 401: 'Unauthorized', 402: 'Payment required', 403: 'Forbidden', 404: 'Not found',
  409: 'Conflict', 413: 'Content too large', 415: 'Unsupported media type', 422: 'Unprocessable content',
  429: 'Too many requests', 500: 'Internal server error', 501: 'Not implemented',
};

export const problemType = (code: string) => `urn:wa-chatops:problem:${code}`;

/** The HTTP status of a service refusal, read from its class and code. */
export function statusOfAppError(e: AppError): number {
  const code = e.code as string;
  if (e.name === 'InsufficientCreditsError') return 402;
  if (e.name === 'UploadTooLargeError') return 413;
  if (/not_found|\.gone$/.test(code) || /NotFound/.test(e.name)) return 404;
  if (/exists|AlreadyLinked/.test(code + e.name)) return 409;
  if (/Invalid|Name|ContactFile|Phone/.test(e.name) || /invalid|bad_|\.url\./.test(code)) return 422;
  return 409; // the state of the thing does not allow it (running campaign, paused sender, no demo…)
}

export function problem(status: number, code: MessageKey, params: Params = {}, extra: Partial<Problem> = {}): Problem {
  return { type: problemType(code), title: TITLES[status] ?? 'Error', status, code, detail: t('en', code, params), ...extra };
}

export function problemOf(e: unknown, requestId: string): Problem {
  if (isAppError(e)) {
    const status = statusOfAppError(e);
    return { type: problemType(e.code), title: TITLES[status] ?? 'Error', status, code: e.code, detail: e.message };
  }
  if (e instanceof NotFoundError) return { ...problem(404, 'api.not_found'), detail: e.message };
  if (e instanceof ConflictError) return { type: problemType('conflict'), title: 'Conflict', status: 409, code: 'conflict', detail: e.message };
  return problem(500, 'api.internal', { id: requestId });
}

export function sendProblem(res: Response, p: Problem): void {
  res.status(p.status).type('application/problem+json').send(JSON.stringify(p));
}
