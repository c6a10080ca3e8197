// A follow-up question waiting for the member's next message ("Which campaign? 1) eid
// 2) jumma"). One per member (a new question replaces the old); it lasts five minutes and,
// being a row, survives a restart.
import type { Queryable } from '../db/database.js';
import type { Lang } from '../i18n/lang.js';

export const QUESTION_TTL_MS = 5 * 60 * 1000;

export interface PendingQuestion {
  commandId: string;
  /** Arguments already known. */
  args: Record<string, string>;
  /** The argument asked for. */
  arg: string;
  /** Numbered choices offered, in order; empty for an open question (a new name, an amount). */
  candidates: string[];
  lang: Lang;
  expiresAt: Date;
}

export async function askQuestion(q: Queryable, memberId: number, question: Omit<PendingQuestion, 'expiresAt'>, now: Date): Promise<void> {
  await q.exec(
    `INSERT INTO pending_questions (member_id, command_id, args, arg, candidates, lang, expires_at, created_at)
     VALUES ($1, $2, $3::jsonb, $4, $5::jsonb, $6, $7, $8)
     ON CONFLICT (member_id) DO UPDATE SET command_id = EXCLUDED.command_id, args = EXCLUDED.args, arg = EXCLUDED.arg,
       candidates = EXCLUDED.candidates, lang = EXCLUDED.lang, expires_at = EXCLUDED.expires_at, created_at = EXCLUDED.created_at`,
    [memberId, question.commandId, JSON.stringify(question.args), question.arg, JSON.stringify(question.candidates), question.lang,
      new Date(now.getTime() + QUESTION_TTL_MS), now]);
}

/** The member's unexpired question, if any (reading never changes it). */
export async function pendingQuestion(q: Queryable, memberId: number, now: Date): Promise<PendingQuestion | undefined> {
  const row = await q.one<{ command_id: string; args: Record<string, string>; arg: string; candidates: string[]; lang: Lang; expires_at: Date }>(
    'SELECT command_id, args, arg, candidates, lang, expires_at FROM pending_questions WHERE member_id = $1 AND expires_at > $2', [memberId, now]);
  if (!row) return undefined;
  return { commandId: row.command_id, args: row.args, arg: row.arg, candidates: row.candidates, lang: row.lang, expiresAt: row.expires_at };
}

/** The next message answered the question or left it: either way it is gone. */
export async function dropQuestion(q: Queryable, memberId: number): Promise<void> {
  await q.exec('DELETE FROM pending_questions WHERE member_id = $1', [memberId]);
}
