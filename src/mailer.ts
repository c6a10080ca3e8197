// E-mail: nodemailer over SMTP_URL; without it, messages are written to the log only, so a
// reminder is never silently dropped and no SMTP server is needed to try the product.
import { createRequire } from 'node:module';

// Required only when SMTP_URL is set: most installs never load it.
const requireCjs = createRequire(import.meta.url);
import type { Config } from './config.js';
import type { Logger } from './logger.js';

export interface Mail { to: string; subject: string; text: string }
export interface Mailer { readonly configured: boolean; send(mail: Mail): Promise<void> }

export function createMailer(config: Pick<Config, 'smtpUrl' | 'mailFrom'>, log: Logger): Mailer {
  if (!config.smtpUrl) {
    return {
      configured: false,
      async send(mail) { log.info({ to: mail.to, subject: mail.subject }, 'e-mail not sent (SMTP_URL unset); logged only'); },
    };
  }
  const nodemailer = requireCjs('nodemailer') as typeof import('nodemailer');
  const transport = nodemailer.createTransport(config.smtpUrl);
  return {
    configured: true,
    async send(mail) {
      await transport.sendMail({ from: config.mailFrom, to: mail.to, subject: mail.subject, text: mail.text });
    },
  };
}
