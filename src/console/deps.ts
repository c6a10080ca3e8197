// What the console needs from parts that run elsewhere in the process (the gateway's
// session manager, mail). Described by shape so the console builds and tests on its own;
// the lead passes the real objects in src/app.ts.
import type { SendMail } from './password-reset.js';

export interface ConsolePages {
  /** Live sender sessions: QR codes, pause/unlink/relink, sandbox inbound. */
  sessions?: ConsoleSessions;
  /** Sends e-mail (password reset codes); absent = no reset by e-mail. Defaults to SMTP_URL via nodemailer. */
  sendMail?: SendMail;
  /** Sign-in attempts per IP per 15 minutes (default 20). */
  loginAttemptsPerWindow?: number;
  /** Prune expired sessions on a timer (default true; tests turn it off). */
  pruneSessions?: boolean;
}

export interface ConsoleSessions {
  getQr(sessionId: number): { dataUrl: string; expiresAt: Date } | undefined | Promise<{ dataUrl: string; expiresAt: Date } | undefined>;
  injectInbound(sessionId: number, msg: { fromPhone: string; text?: string; attachment?: { fileName: string; mimeType: string; data: Buffer } }): Promise<unknown>;
  pauseSession(sessionId: number, reason?: string): Promise<unknown>;
  resumeSession?(sessionId: number): Promise<unknown>;
  relink(sessionId: number): Promise<unknown>;
  unlink(sessionId: number): Promise<unknown>;
}
