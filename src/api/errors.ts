// Refusals of the API and its tokens, as catalogue codes (see src/app-error.ts).
import { AppError } from '../app-error.js';

export class TokenNameError extends AppError {
  override name = 'TokenNameError';
  constructor(name: string) { super('api.token.bad_name', { name }); }
}
export class TokenExistsError extends AppError {
  override name = 'TokenExistsError';
  constructor(name: string) { super('api.token.exists', { name }); }
}
export class TokenNotFoundError extends AppError {
  override name = 'TokenNotFoundError';
  constructor(name: string) { super('api.token.not_found', { name }); }
}
export class WebhookUrlError extends AppError {
  override name = 'WebhookUrlError';
  constructor(code: 'webhook.url.invalid' | 'webhook.url.private', url: string) { super(code, { url }); }
}
export class WebhookNotFoundError extends AppError {
  override name = 'WebhookNotFoundError';
  constructor(id: string) { super('webhook.not_found', { id }); }
}
