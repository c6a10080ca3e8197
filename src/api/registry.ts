// The API's routes as data: method, path, zod schemas of params/query/body/response, and the
// handler. Express validates with the schemas and the OpenAPI document is generated from the
// same ones (src/api/openapi.ts): one source of truth.
import type { Request } from 'express';
import { z } from 'zod';
import type { AccountRow } from '../accounts.js';
import type { Actor } from '../audit.js';
import type { Ctx } from '../context.js';
import type { AuthenticatedToken } from './tokens.js';

export interface ApiCall<P, Q, B> {
  ctx: Ctx;
  token: AuthenticatedToken;
  account: AccountRow;
  actor: Actor;
  params: P;
  query: Q;
  body: B;
  /** The uploaded file of a multipart request. */
  file?: { originalname: string; buffer: Buffer; size: number; mimetype?: string };
  req: Request;
}

export interface ApiRoute {
  method: 'get' | 'post' | 'delete' | 'patch';
  /** OpenAPI form: /lists/{name}. */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Also accepts multipart/form-data with a `file` part (contact uploads, campaign media). */
  multipartFile?: boolean;
  /** With multipartFile: the body's fields come as form fields beside an optional `file` (validated by `body`). */
  multipartFields?: boolean;
  /** What the `file` part is, for the OpenAPI document. */
  fileDescription?: string;
  response: z.ZodType;
  status?: number;
  handler(call: ApiCall<any, any, any>): Promise<unknown>;
}

export function route<P extends z.ZodObject | undefined, Q extends z.ZodObject | undefined, B extends z.ZodType | undefined>(r: Omit<ApiRoute, 'handler' | 'params' | 'query' | 'body'> & {
  params?: P; query?: Q; body?: B;
  handler(call: ApiCall<P extends z.ZodObject ? z.infer<P> : Record<string, never>, Q extends z.ZodObject ? z.infer<Q> : Record<string, never>, B extends z.ZodType ? z.infer<B> : undefined>): Promise<unknown>;
}): ApiRoute {
  return r as ApiRoute;
}

export const isWrite = (r: Pick<ApiRoute, 'method'>) => r.method !== 'get';
export const expressPath = (p: string) => p.replace(/\{(\w+)\}/g, ':$1');
