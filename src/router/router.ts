// The command router: one inbound operator message → at most one command run → replies.
// Pipeline (issue 4): dedupe → identify sender (unknown: opt-out check only, no reply) →
// rate limit, size and media checks → grammar, then NLU → terms gate → suspension gate →
// role → argument validation → confirmation code → handler → reply in the sender's language.
import type { AccountRow, MemberRow } from '../accounts.js';
import { findMember, getAccount, setMemberLanguage } from '../accounts.js';
import type { Ctx } from '../context.js';
import type { InboundMessage, OutgoingContent } from '../gateway/channel.js';
import { suspensionReason } from '../billing/suspension-reason.js';
import { markHandledByRouter } from '../gateway/inbound-seen.js';
import { detectLanguage } from '../i18n/detect-language.js';
import { LANGS, say, type Lang } from '../i18n/lang.js';
import { M } from '../i18n/router-messages.js';
import { t } from '../i18n/t.js';
import { IntentClassifier } from '../nlu/intent-classifier.js';
import { applyHeldLidOptOuts, holdLidOptOut } from '../gateway/lid-mappings.js';
import { recordOptOutReply } from '../suppression.js';
import { currentTerms, ensureDefaultTerms, hasAcceptedCurrentTerms } from '../terms.js';
import { allCommands } from '../../commands/index.js';
import { commandSummary, mayRun, UserError, type CommandCall, type CommandReply, type CommandSpec } from './command-spec.js';
import { CONFIRM_PATTERN, proposeConfirmation, redeemConfirmation } from './confirmations.js';
import { matchGrammar, normaliseCommandText } from './grammar.js';
import { mediaExtension, isAcceptedMedia } from './media.js';
import { buildTrainingCorpus, NLU_RUN_THRESHOLD, NLU_SUGGEST_THRESHOLD } from './nlu-training.js';
import { RateLimiter } from './rate-limiter.js';
import { toUserMessage } from './user-message.js';
import { validateArgs } from './validate-args.js';

export const MAX_MESSAGE_CHARS = 4096;

export interface RouterDeps {
  reply(sessionId: number, toPhone: string, content: OutgoingContent): Promise<void>;
}

export interface Router {
  /** Handles one inbound message; never throws (failures are logged). */
  handle(msg: InboundMessage): Promise<void>;
  /** Resolves once the NLU is trained (or loaded from its cache). */
  ready(): Promise<void>;
  readonly commands: readonly CommandSpec[];
  /** How the last start-up got its model, for logs and the bench. */
  nluInfo(): { trainedMs: number; fromCache: boolean; modelHash: string } | undefined;
}

interface Resolved {
  spec: CommandSpec;
  lang: Lang;
  args: Record<string, string>;
  /** Came from the grammar (arguments present) rather than the NLU (intent only). */
  exact: boolean;
  confirmed: boolean;
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

  async function send(sessionId: number, to: string, content: OutgoingContent): Promise<void> {
    await deps.reply(sessionId, to, content);
  }

  async function resolve(text: string, lang: Lang, raw: string): Promise<Resolved | { suggest: CommandSpec; lang: Lang } | undefined> {
    const g = matchGrammar(commands, text, raw);
    if (g) return { spec: g.spec, lang: g.lang, args: g.args, exact: true, confirmed: false };
    if (!text || text.length > 300) return undefined;
    await training;
    if (!classifier) return undefined;
    // The detected language's model first; the others only if it is unsure.
    let best: { intent: string; score: number; lang: Lang } | undefined;
    for (const l of [lang, ...LANGS.filter((x) => x !== lang)]) {
      const guess = await classifier.classify(text, l);
      if (guess && (!best || guess.score > best.score)) best = { ...guess, lang: l };
      if (best && best.score >= NLU_RUN_THRESHOLD) break;
    }
    const spec = best && byId.get(best.intent);
    if (!best || !spec) return undefined;
    if (best.score >= NLU_RUN_THRESHOLD) return { spec, lang: best.lang, args: {}, exact: false, confirmed: false };
    if (best.score >= NLU_SUGGEST_THRESHOLD) return { suggest: spec, lang };
    return undefined;
  }

  async function process(msg: InboundMessage): Promise<void> {
    if (!Number.isInteger(msg.sessionId) || typeof msg.id !== 'string' || !msg.id) {
      ctx.log.warn({ sessionId: msg.sessionId }, 'inbound message without session or id ignored');
      return;
    }
    const text = typeof msg.text === 'string' ? msg.text : '';
    if (!(await markHandledByRouter(ctx.db, msg.sessionId, msg.id))) return;

    // A message showing both ids settles any STOP that LID sent before its phone was known.
    if (msg.fromPhone && msg.fromLid) await applyHeldLidOptOuts(ctx, msg.fromLid, msg.fromPhone);
    const member = await findMember(ctx.db, { phone: msg.fromPhone, lid: msg.fromLid });
    if (!member) {
      // Strangers get no reply at all; a STOP from one is still honoured (the words, including
      // those an admin added in settings, are judged by recordOptOutReply alone), and one from
      // a LID whose phone is not known yet is kept until it is.
      if (msg.fromPhone) await recordOptOutReply(ctx, { sessionId: msg.sessionId, fromPhone: msg.fromPhone, text });
      else if (msg.fromLid) await holdLidOptOut(ctx, { sessionId: msg.sessionId, lid: msg.fromLid, text, at: msg.timestamp });
      return;
    }
    const account = await getAccount(ctx.db, member.account_id);
    if (!account || account.status === 'erased') return;
    const to = msg.replyJid ?? msg.fromPhone ?? member.phone; // answered where it came from (a LID stays a LID)
    let lang = detectLanguage(text.slice(0, 500), member.language ?? account.language);
    const reply = (body: string) => send(msg.sessionId, to, { kind: 'text', text: body });

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
      resolved = { spec, lang, args: r.args, exact: true, confirmed: true };
    } else {
      const found = await resolve(normalised, lang, text);
      if (!found) return reply(say(msg.media ? M.mediaNeedsCaption : M.notUnderstood, lang));
      if ('suggest' in found) {
        return reply(say(M.didYouMean, found.lang, { usage: say(found.suggest.usage, found.lang), summary: commandSummary(found.suggest, found.lang) }));
      }
      resolved = found;
    }
    lang = resolved.lang;
    if (member.language !== lang) {
      await setMemberLanguage(ctx.db, member.id, lang);
      member.language = lang;
    }
    await run(msg, member, account, resolved, reply);
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
    if (!r.exact && spec.args.some((a) => a.required)) {
      return reply(say(M.usageHint, lang, { summary: commandSummary(spec, lang), usage: say(spec.usage, lang), example: spec.examples[lang][0] ?? '' }));
    }
    let args = r.args;
    if (!r.confirmed) {
      const v = validateArgs(spec, r.args, lang, account.default_country);
      if (!v.ok) return reply(v.message);
      args = v.args;
    }
    const call: CommandCall = {
      ctx, member, account, lang, args, msg, commands,
      media: spec.acceptsMedia && !r.confirmed ? msg.media : undefined,
      sendTo: (phone, content) => send(msg.sessionId, phone, content),
    };
    try {
      if (spec.confirm && !r.confirmed) {
        const description = spec.describe ? await spec.describe(call) : commandSummary(spec, lang);
        const code = await proposeConfirmation(ctx.db, member.id, spec.id, args, ctx.clock.now());
        return await reply(say(M.confirmPrompt, lang, { description, code }));
      }
      const out: CommandReply = await spec.handler(call).then((o) => (typeof o === 'string' ? { text: o } : o));
      await reply(out.text);
      for (const f of out.files ?? []) {
        await send(msg.sessionId, msg.replyJid ?? msg.fromPhone ?? member.phone, { kind: 'document', data: f.data, mimetype: f.mimetype, fileName: f.fileName, caption: f.caption });
      }
    } catch (e) {
      const userText = toUserMessage(e, lang);
      if (userText === undefined) {
        ctx.log.error({ err: e, command: spec.id, accountId: account.id }, 'command failed');
        return reply(say(M.internalError, lang));
      }
      return reply(userText);
    }
  }

  return {
    commands,
    ready: () => training,
    nluInfo: () => classifier && { trainedMs: classifier.trainedMs, fromCache: classifier.fromCache, modelHash: classifier.modelHash },
    async handle(msg) {
      try {
        await process(msg);
      } catch (e) {
        ctx.log.error({ err: e, sessionId: msg?.sessionId, messageId: msg?.id }, 'inbound message could not be handled');
      }
    },
  };
}
