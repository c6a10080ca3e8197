// A sender's state as people see it. Two columns make it: `status`, the connection the
// owning process reports (new → connecting → open ⇄ closed, or needs_relink / logged_out /
// replaced), and `paused_reason`, set by a person or by the dispatcher's auto-pause and
// cleared by a resume. `removed` ends both. Nothing sends through a sender that is not
// open or that has a pause reason (src/dispatch/claim.ts reads the same two columns).
export type SenderStatus = 'new' | 'connecting' | 'open' | 'closed' | 'needs_relink' | 'logged_out' | 'replaced' | 'removed';

/** What a person is told: the one word of the state machine, and why when it matters. */
export type SenderState =
  | { state: 'open' }
  | { state: 'paused'; reason: string }
  | { state: 'needs_relink'; reason: string }
  | { state: 'removed' }
  | { state: 'linking' }
  | { state: 'offline'; reason: string | null };

export interface SenderStateRow {
  status: SenderStatus;
  status_reason: string | null;
  paused_reason: string | null;
}

export function senderState(r: SenderStateRow): SenderState {
  if (r.status === 'removed') return { state: 'removed' };
  if (r.status === 'needs_relink' || r.status === 'logged_out') return { state: 'needs_relink', reason: r.status_reason ?? r.status };
  if (r.paused_reason) return { state: 'paused', reason: r.paused_reason };
  if (r.status === 'open') return { state: 'open' };
  if (r.status === 'new' || r.status === 'connecting') return { state: 'linking' };
  return { state: 'offline', reason: r.status_reason };
}

/** One line for the console and the CLI: "ok", "paused: …", "3 send errors", "not linked" … */
export function describeHealth(r: SenderStateRow & { transport: string; lease_live: boolean; consecutive_errors: number }): string {
  if (r.status === 'removed') return 'removed';
  if (r.status === 'new') return r.transport === 'whatsapp' ? 'not linked yet' : 'not started';
  if (r.status === 'needs_relink' || r.status === 'logged_out') return `link again: ${r.status_reason ?? r.status}`;
  if (r.status === 'replaced') return `stopped: ${r.status_reason ?? 'another device took over'}`;
  if (r.paused_reason) return `paused: ${r.paused_reason}`;
  if (!r.lease_live) return 'no process is driving it';
  if (r.consecutive_errors > 0) return `${r.consecutive_errors} send error(s) in a row`;
  if (r.status !== 'open') return `${r.status}${r.status_reason ? `: ${r.status_reason}` : ''}`;
  return 'ok';
}
