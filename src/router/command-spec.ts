// The shape of one operator command (Hubot's CommandBus idea): the grammar, the NLU
// training examples, the help text and the handler all come from this one spec.
import type { AccountRow, MemberRow, MemberRole } from '../accounts.js';
import type { Ctx } from '../context.js';
import type { EmailParts, InboundMessage, MediaHandle, OutgoingContent } from '../gateway/channel.js';
import { say, type Lang, type Localized } from '../i18n/lang.js';
import { isMessageKey, t } from '../i18n/t.js';

export type ArgType = 'name' | 'text' | 'phone' | 'amount' | 'command' | 'lines';

export interface ArgSpec {
  name: string;
  type: ArgType;
  required: boolean;
  /** A name the account already has: filled from its own lists or campaigns found in the message. */
  refers?: 'list' | 'campaign';
  /** A new name, taken from the slot the phrase gives it ("list called X", "X adında", "X naam ki"). */
  creates?: 'list' | 'campaign';
}

export interface CommandFile {
  fileName: string;
  mimetype: string;
  /** The content in memory, or `path`: a file on disk (large exports), deleted once sent when `temporary`. */
  data?: Buffer;
  path?: string;
  temporary?: boolean;
  caption?: string;
}

/** What a handler sends back: text, and optionally files (rejected lines, data export). */
export interface CommandReply {
  text: string;
  files?: CommandFile[];
}

export interface CommandCall {
  ctx: Ctx;
  member: MemberRow;
  account: AccountRow;
  lang: Lang;
  args: Record<string, string>;
  msg: InboundMessage;
  /** The attachment of the message, when the command accepts one. */
  media?: MediaHandle;
  /** Sends an extra message to a phone through the session the command came in on (send demo). */
  sendTo(phone: string, content: OutgoingContent): Promise<void>;
  /** Sends through another of the account's senders (an owner's answer to a customer, an SMS / e-mail demo). */
  sendVia(sessionId: number, to: string, content: OutgoingContent, opts?: { messageId?: string; email?: EmailParts }): Promise<void>;
  commands: readonly CommandSpec[];
}

export interface CommandSpec {
  id: string;
  /**
   * How the command is written, shown in help (`create list NAME`). It is grammar, so it
   * stays beside the patterns; what the command does is the catalogue's `cmd.<id>.summary`.
   */
  usage: Localized;
  /** Only for a command whose summary is not in the catalogues yet; prefer `cmd.<id>.summary`. */
  summary?: Localized;
  /** Exact grammar, tried before the NLU; named groups are the arguments. Anchored, case-insensitive. */
  patterns: Record<Lang, RegExp[]>;
  /** Training utterances for the NLU, per language; the first is help's example. */
  examples: Record<Lang, string[]>;
  args: ArgSpec[];
  /** Least role that may run it (viewer < manager < owner). */
  role: MemberRole;
  /** Side effects that spend credits, reach customers or delete wait for a confirmation code. */
  confirm: boolean;
  /** Allowed while the account is suspended (help, balance, plan, pay). */
  allowWhenSuspended?: boolean;
  /** Allowed before the current terms are accepted (help, terms, agree). */
  allowBeforeTerms?: boolean;
  /** Accepts an attached file of these extensions. */
  acceptsMedia?: readonly string[];
  /**
   * Reached by its grammar only, not trained into the NLU: a command whose words are the
   * campaign words others use (attach, retarget), which would only take guesses from them.
   */
  grammarOnly?: boolean;
  /** Accepts an image, video, audio or document as a campaign's media (create campaign, attach). */
  acceptsCampaignMedia?: boolean;
  /**
   * For confirmed commands: checks that the action can go ahead and describes it (recipients,
   * credits…) in the confirmation prompt. Throws a UserError to refuse before a code is issued.
   */
  describe?(call: CommandCall): Promise<string>;
  handler(call: CommandCall): Promise<CommandReply | string>;
}

/** A refusal the user should read as is (already in their language). */
export class UserError extends Error {
  override name = 'UserError';
}

/** What a command does, in one line of the reader's language (help, "did you mean"). */
export function commandSummary(spec: CommandSpec, lang: Lang): string {
  const key = `cmd.${spec.id}.summary`;
  if (isMessageKey(key)) return t(lang, key);
  return spec.summary ? say(spec.summary, lang) : spec.id;
}

const RANK: Record<MemberRole, number> = { viewer: 0, manager: 1, owner: 2 };
export function mayRun(role: MemberRole, spec: CommandSpec): boolean {
  return RANK[role] >= RANK[spec.role];
}
