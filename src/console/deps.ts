// What the console needs from parts that run elsewhere in the process (the gateway's
// session manager, mail); the lead passes the real objects in src/app.ts.
import type { SessionManager } from '../gateway/session-manager.js';
import type { SendMail } from './password-reset.js';

export interface ConsolePages {
  /** Live sender sessions: QR codes, pause/unlink/relink, sandbox inbound. */
  sessions?: SessionManager;
  /** Sends e-mail (password reset codes); absent = no reset by e-mail. Defaults to SMTP_URL via nodemailer. */
  sendMail?: SendMail;
  /** Sign-in attempts per IP per 15 minutes (default 20). */
  loginAttemptsPerWindow?: number;
  /** Prune expired sessions on a timer (default true; tests turn it off). */
  pruneSessions?: boolean;
}
