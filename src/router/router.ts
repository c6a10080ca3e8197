// The command router: one inbound operator message → at most one command run → replies.
// Pipeline (issue 4): dedupe → identify sender (unknown: opt-out check only, no reply) →
// rate limit, size and media checks → grammar, then NLU → terms gate → suspension gate →
// role → argument validation → confirmation code → handler → reply in the sender's language.
import { rm } from 'node:fs/promises';
import type { AccountRow, MemberRow } from '../accounts.js';
import { findMember, getAccount, setMemberLanguage } from '../accounts.js';
import type { Ctx } from '../context.js';
import type { EmailParts, InboundMessage, OutgoingContent } from '../gateway/channel.js';
import { suspensionReason } from '../billing/suspension-reason.js';
import { markHandledByRouter } from '../gateway/inbound-seen.js';
import { noNul, replyMessageId } from '../gateway/inbound-journal.js';
import { say, type Lang } from '../i18n/lang.js';
import { M } from '../i18n/router-messages.js';
import { t } from '../i18n/t.js';
import { IntentClassifier } from '../nlu/intent-classifier.js';
import { applyHeldLidOptOuts, holdLidOptOut } from '../gateway/lid-mappings.js';
import { recordOptOutReply } from '../suppression.js';
import type { SendWhatsApp } from '../dispatch/notify-owner.js';
import { forwardReplies, recordCustomerReply } from '../replies/customer-replies.js';
import { currentTerms, ensureDefaultTerms, hasAcceptedCurrentTerms } from '../terms.js';
import { allCommands } from '../../commands/index.js';
import { commandSummary, mayRun, UserError, type CommandCall, type CommandReply, type CommandSpec } from './command-spec.js';
import { CONFIRM_PATTERN, proposeConfirmation, redeemConfirmation } from './confirmations.js';
import { normaliseCommandText } from './grammar.js';
import { commandTakesMedia, mediaExtension, isAcceptedMedia } from './media.js';
import { buildTrainingCorpus } from './nlu-training.js';
import { RateLimiter } from './rate-limiter.js';
import { toUserMessage } from './user-message.js';
import { validateArgs } from './validate-args.js';
import { forgetAccountVocabulary, loadAccountVocabulary } from '../understanding/account-vocabulary.js';
import { askQuestion, dropQuestion, pendingQuestion } from '../understanding/pending-questions.js';
import { questionText } from '../understanding/question-messages.js';
import { guessLanguage } from '../understanding/reply-language.js';
import { messageWords } from '../understanding/normalise-text.js';
import { Understander, type Understanding } from '../understanding/understand.js';
import { replyToStranger } from '../understanding/unknown-numbers.js';

export const MAX_MESSAGE_CHARS = 4096;

export interface RouterDeps {
  /**
   * Sends the platform's own messages to owners (over the operator number): a customer's
   * reply is forwarded through it at once in `replies now` mode. Without it, the digest job does.
   */
  notifyOwner?: SendWhatsApp;
  /**
   * Sends an answer. `messageId` is derived from the inbound message and the answer's place
   * among its answers, the same each time the message is handled: send it with `once`.
   */
  reply(sessionId: number, toPhone: string, content: OutgoingContent, opts?: { messageId?: string; email?: EmailParts }): Promise<void>;
  /** Told how long each command took, handler and reply (the /metrics histogram). */
  observeCommand?(command: string, seconds: number, outcome: 'ok' | 'refused' | 'error'): void;
}

export interface Router {
  /**
   * Handles one inbound message; never throws (failures are logged). True when it was handled
   * (or had been), false when it failed and may be tried again. `replay`: the message comes
   * back from the inbound journal after a crash, so the router's own "already handled" mark
   * (made before the crash) does not stop it.
   */
  handle(msg: InboundMessage, opts?: { replay?: boolean }): Promise<boolean>;
  /** Resolves once the NLU is trained (or loaded from its cache). */
  ready(): Promise<void>;
  readonly commands: readonly CommandSpec[];
  /** How the last start-up got its model, for logs and the bench. */
  nluInfo(): { trainedMs: number; fromCache: boolean; modelHash: string } | undefined;
  /** What a message from this phone would resolve to, running nothing (`chat --explain`). */
  explain(fromPhone: string, text: string): Promise<Explained>;
}

/** One line of `wa-chatops chat --explain`. */
export interface Explained {
  text: string;
  command: string | null;
  args: Record<string, string>;
  missing: string[];
  lang: Lang;
  via: Understanding['via'] | null;
  score: number;
}

/** Commands after which the account's names (or their states) differ. */
const CHANGES_NAMES = new Set(['create-list', 'create-campaign', 'delete-account', 'launch', 'pause', 'resume', 'cancel', 'send-demo']);

interface Resolved {
  spec: CommandSpec;
  lang: Lang;
  args: Record<string, string>;
  confirmed: boolean;
  /** How the message was read (absent for a redeemed confirmation code). */
  understanding?: Understanding;
}

export async function createRouter(ctx: Ctx, deps: RouterDeps, opts: { commands?: readonly CommandSpec[] } = {}): Promise<Router> {
  const commands = opts.commands ?? allCommands;
  const byId = new Map(commands.map((c) => [c.id, c]));
  const limiter = new RateLimiter(ctx.config.commandRateLimitPerMinute);
  await ensureDefaultTerms(ctx.db);

  let classifier: IntentClassifier | undefined;
  const training = IntentClassifier.load(buildTrainingCorpus(commands), ctx.config.dataDir ? `${ctx.config.dataDir}/nlu-cache` : undefined)
    .then((c) => { classifier = c; ctx.log.info({ trainedMs: Math.round(c.trainedMs), fromCache: c.fromCache }, 'command NLU ready'); });
  training.catch((e) => ctx.log.error({ err: e }, 'command NLU failed to train'));

  // Answers to one message are numbered, so each has the same id every time it is handled.
  const answered = new WeakMap<InboundMessage, number>();
  async function send(sessionId: number, to: string, content: OutgoingContent, msg?: InboundMessage): Promise<void> {
    if (!msg) return deps.reply(sessionId, to, content);
    const seq = answered.get(msg) ?? 0;
    answered.set(msg, seq + 1);
    await deps.reply(sessionId, to, content, { messageId: replyMessageId(msg.sessionId, msg.id, seq) });
  }

  const understander = new Understander(commands, async () => {
    await training.catch(() => undefined);
    return classifier;
  });

  async function understandFor(member: MemberRow, account: AccountRow, text: string): Promise<Understanding> {
    const now = ctx.clock.now();
    const [vocab, pending] = await Promise.all([
      loadAccountVocabulary(ctx.db, account.id), pendingQuestion(ctx.db, member.id, now),
    ]);
    return understander.understand({ text, vocab, lastLang: member.language, accountLang: account.language, pending });
  }

  async function process(msg: InboundMessage, replay: boolean): Promise<void> {
    if (!Number.isInteger(msg.sessionId) || typeof msg.id !== 'string' || !msg.id) {
      ctx.log.warn({ sessionId: msg.sessionId }, 'inbound message without session or id ignored');
      return;
    }
    const text = typeof msg.text === 'string' ? msg.text : '';
    if (!(await markHandledByRouter(ctx.db, msg.sessionId, msg.id)) && !replay) return;

    // A message showing both ids settles any STOP that LID sent before its phone was known.
    if (msg.fromPhone && msg.fromLid) await applyHeldLidOptOuts(ctx, msg.fromLid, msg.fromPhone);
    const member = await findMember(ctx.db, { phone: msg.fromPhone, lid: msg.fromLid });
    if (!member) {
      // A STOP from a stranger is honoured (the words, including those an admin added in settings,
      // are judged by recordOptOutReply alone) and confirmed once; the operator number tells other
      // strangers, once a day, what it is for.
      // A STOP from a LID whose phone is not known yet is kept until a message shows the pair.
      if (!msg.fromPhone) {
        if (msg.fromLid) await holdLidOptOut(ctx, { sessionId: msg.sessionId, lid: msg.fromLid, text, at: msg.timestamp });
        await keepCustomerReply(msg);
        return;
      }
      const optedOut = await recordOptOutReply(ctx, { sessionId: msg.sessionId, fromPhone: msg.fromPhone, text });
      if (!optedOut) await keepCustomerReply(msg);
      const answer = await replyToStranger(ctx, { sessionId: msg.sessionId, phone: msg.fromPhone, text, optedOut });
      if (answer) await send(msg.sessionId, msg.replyJid ?? msg.fromPhone, { kind: 'text', text: answer }, msg);
      return;
    }
    const account = await getAccount(ctx.db, member.account_id);
    if (!account || account.status === 'erased') return;
    const to = msg.replyJid ?? msg.fromPhone ?? member.phone; // answered where it came from (a LID stays a LID)
    const guess = guessLanguage(messageWords(text.slice(0, 500)), text.slice(0, 500));
    let lang: Lang = guess.sure ? guess.lang : member.language ?? account.language;
    const reply = (body: string) => send(msg.sessionId, to, { kind: 'text', text: body }, msg);

    const gate = limiter.hit(String(member.id), ctx.clock.now().getTime());
    if (gate === 'silent') return;
    if (gate === 'limited') return reply(say(M.rateLimited, lang, { limit: ctx.config.commandRateLimitPerMinute }));
    if (text.length > MAX_MESSAGE_CHARS) return reply(say(M.tooLong, lang, { length: text.length.toLocaleString('en-US') }));
    if (msg.media && !isAcceptedMedia(msg.media)) {
      return reply(say(M.unsupportedMedia, lang, { kind: mediaExtension(msg.media) || msg.media.kind }));
    }

    const normalised = normaliseCommandText(text);
    let resolved: Resolved | undefined;
    const confirm = CONFIRM_PATTERN.exec(normalised);
    if (confirm) {
      const code = confirm.groups!.code!;
      const r = await redeemConfirmation(ctx.db, member.id, code, ctx.clock.now());
      if (!r.ok) return reply(say(r.reason === 'expired' ? M.confirmExpired : M.confirmUnknown, lang, { code }));
      const spec = byId.get(r.commandId);
      if (!spec) return reply(say(M.confirmUnknown, lang, { code }));
      resolved = { spec, lang, args: r.args, confirmed: true };
    } else {
      const u = await understandFor(member, account, text);
      if (u.closesQuestion) await dropQuestion(ctx.db, member.id);
      lang = u.lang;
      await rememberLanguage(member, lang);
      if (u.action === 'unknown' || !u.spec) return reply(say(msg.media ? M.mediaNeedsCaption : M.notUnderstood, lang));
      if (u.action === 'suggest') return reply(say(M.didYouMean, lang, { usage: say(u.spec.usage, lang), summary: commandSummary(u.spec, lang) }));
      resolved = { spec: u.spec, lang, args: u.args, confirmed: false, understanding: u };
    }
    await rememberLanguage(member, resolved.lang);
    await run(msg, member, account, resolved, reply);
  }

  /** A customer's message to an account's sender: kept, and forwarded at once in `replies now` mode. */
  async function keepCustomerReply(msg: InboundMessage): Promise<void> {
    const r = await recordCustomerReply(ctx, { ...msg, text: noNul(msg.text).slice(0, MAX_MESSAGE_CHARS) });
    if (!r || r.mode !== 'now' || !deps.notifyOwner) return;
    try {
      await forwardReplies(ctx, r.accountId, deps.notifyOwner, { digest: false });
    } catch (e) {
      ctx.log.warn({ err: e, accountId: r.accountId }, 'a customer reply could not be forwarded at once; the digest job tries again');
    }
  }

  async function rememberLanguage(member: MemberRow, lang: Lang): Promise<void> {
    if (member.language === lang) return;
    await setMemberLanguage(ctx.db, member.id, lang);
    member.language = lang;
  }

  async function run(msg: InboundMessage, member: MemberRow, account: AccountRow, r: Resolved, reply: (t: string) => Promise<void>): Promise<void> {
    const { spec, lang } = r;
    if (!spec.allowBeforeTerms && !(await hasAcceptedCurrentTerms(ctx.db, account.id))) {
      if (member.role !== 'owner') return reply(say(M.termsNeededNotOwner, lang));
      const terms = (await currentTerms(ctx.db))!;
      return reply(say(M.termsNeeded, lang, { version: terms.version, body: terms.body }));
    }
    if (account.status === 'suspended' && !spec.allowWhenSuspended) {
      const reason = suspensionReason(account.suspended_reason, lang);
      return reply(say(M.suspended, lang, { reason: reason ? t(lang, 'router.suspended_reason', { reason }) : '' }));
    }
    if (!mayRun(member.role, spec)) return reply(say(M.notAllowed, lang, { role: t(lang, `role.${member.role}`), command: say(spec.usage, lang) }));
    const u = r.understanding;
    if (u?.action === 'ask' && u.question && !msg.media) {
      await askQuestion(ctx.db, member.id, { commandId: spec.id, args: u.args, arg: u.question.arg, candidates: u.question.candidates, lang }, ctx.clock.now());
      return reply(questionText(u.question, lang));
    }
    if (u && u.action !== 'run') {
      return reply(say(M.usageHint, lang, { summary: commandSummary(spec, lang), usage: say(spec.usage, lang), example: spec.examples[lang][0] ?? '' }));
    }
    let args = r.args;
    if (!r.confirmed) {
      const v = validateArgs(spec, r.args, lang, account.default_country);
      if (!v.ok) return reply(v.message);
      args = v.args;
    }
    // An attachment the command does not take is said so, not silently dropped (a poster sent to "upload contacts").
    const takesMedia = !!msg.media && !r.confirmed && commandTakesMedia(spec, msg.media);
    if (msg.media && !r.confirmed && !takesMedia && (spec.acceptsMedia || spec.acceptsCampaignMedia)) {
      return reply(say(M.unsupportedMedia, lang, { kind: mediaExtension(msg.media) || msg.media.kind }));
    }
    const call: CommandCall = {
      ctx, member, account, lang, args, msg, commands,
      media: takesMedia ? msg.media : undefined,
      sendTo: (phone, content) => send(msg.sessionId, phone, content, msg),
      sendVia: (sessionId, to, content, o) => deps.reply(sessionId, to, content, o),
    };
    const began = performance.now();
    const observe = (outcome: 'ok' | 'refused' | 'error') => deps.observeCommand?.(spec.id, (performance.now() - began) / 1000, outcome);
    try {
      if (spec.confirm && !r.confirmed) {
        const description = spec.describe ? await spec.describe(call) : commandSummary(spec, lang);
        const code = await proposeConfirmation(ctx.db, member.id, spec.id, args, ctx.clock.now());
        return await reply(say(M.confirmPrompt, lang, { description, code }));
      }
      const out: CommandReply = await spec.handler(call).then((o) => (typeof o === 'string' ? { text: o } : o));
      if (CHANGES_NAMES.has(spec.id)) forgetAccountVocabulary(ctx.db, account.id);
      await reply(out.text);
      for (const f of out.files ?? []) {
        try {
          await send(msg.sessionId, msg.replyJid ?? msg.fromPhone ?? member.phone, { kind: 'document', data: f.data, path: f.path, mimetype: f.mimetype, fileName: f.fileName, caption: f.caption }, msg);
        } finally {
          if (f.temporary && f.path) await rm(f.path, { force: true });
        }
      }
      observe('ok');
    } catch (e) {
      const userText = toUserMessage(e, lang);
      if (userText === undefined) {
        ctx.log.error({ err: e, command: spec.id, accountId: account.id }, 'command failed');
        observe('error');
        return reply(say(M.internalError, lang));
      }
      observe('refused');
      return reply(userText);
    }
  }

  return {
    commands,
    ready: () => training,
    nluInfo: () => classifier && { trainedMs: classifier.trainedMs, fromCache: classifier.fromCache, modelHash: classifier.modelHash },
    async explain(fromPhone, text) {
      const member = await findMember(ctx.db, { phone: fromPhone });
      const account = member && await getAccount(ctx.db, member.account_id);
      if (!member || !account) {
        const g = guessLanguage(messageWords(text), text);
        return { text, command: null, args: {}, missing: [], lang: g.lang, via: null, score: 0 };
      }
      const u = await understandFor(member, account, text);
      const known = u.spec && u.action !== 'suggest' && u.action !== 'unknown';
      return {
        text, command: known ? u.spec!.id : null, args: known ? u.args : {}, missing: known ? u.missing : [],
        lang: u.lang, via: known ? u.via ?? null : null, score: Math.round(u.score * 1000) / 1000,
      };
    },
    async handle(msg, opts = {}) {
      try {
        await process(msg, opts.replay === true);
        return true;
      } catch (e) {
        ctx.log.error({ err: e, sessionId: msg?.sessionId, messageId: msg?.id }, 'inbound message could not be handled');
        return false;
      }
    },
  };
}
