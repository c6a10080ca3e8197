// WhatsApp-Web-shaped message ids ("3EB0" + 16 hex), so pre-generated ids look like real ones.
import { randomBytes } from 'node:crypto';

export function newMessageId(): string {
  return '3EB0' + randomBytes(8).toString('hex').toUpperCase();
}
