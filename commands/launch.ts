// launch NAME [TIME] [only between HH:MM and HH:MM] [skip recent]: shows recipients, credits and the
// estimated duration (and, for a scheduled start, the resolved local date and time), then waits
// for the confirmation code; only a campaign whose current text was sent as a demo may launch.
// The time is read from the message as written (src/campaigns/schedule-phrase.ts) in the
// account's time zone; the resolved instant travels with the confirmation as `at`.
import { getCampaign, type Campaign } from '../src/campaigns/campaigns.js';
import { AppError } from '../src/app-error.js';
import { CampaignNotFoundError } from '../src/campaigns/errors.js';
import { campaignLaunchBlocker, preflightLaunch, launchCampaign } from '../src/campaigns/launch.js';
import { findSchedule, findSendingWindow } from '../src/campaigns/schedule-phrase.js';
import { contactCapHours, findCapSkip, setContactCapMode } from '../src/campaigns/contact-cap.js';
import { formatLocalTime, formatWindow, scheduleCampaign, type SendingWindow, setSendingWindow, zoneOf } from '../src/campaigns/schedule.js';
import type { Ctx } from '../src/context.js';
import { formatDuration } from '../src/i18n/format-duration.js';
import { statusName } from '../src/campaigns/status-name.js';
import { t } from '../src/i18n/t.js';
import type { CommandSpec } from '../src/router/command-spec.js';

const fmt = (n: number) => n.toLocaleString('en-US');

/** The campaign named, also when the name slot caught the time words too ("eid tomorrow 9am"). */
async function campaignOf(ctx: Ctx, accountId: number, name: string, zone: string): Promise<Campaign> {
  try {
    return await getCampaign(ctx, accountId, name);
  } catch (e) {
    if (!(e instanceof CampaignNotFoundError)) throw e;
    const bare = findCapSkip(name)?.rest ?? name;
    const unwindowed = findSendingWindow(bare)?.rest ?? bare;
    const rest = (findSchedule(unwindowed, ctx.clock.now(), zone)?.rest ?? (unwindowed !== name ? unwindowed : undefined))?.replace(/'(?:i|ı|u|ü|yi|yı|yu|yü)$/u, '');
    if (!rest || rest === name) throw e;
    return getCampaign(ctx, accountId, rest);
  }
}

/** The text without the campaign's name as a whole word (a Turkish suffix after it stays). */
function withoutName(text: string, name: string): string {
  const re = new RegExp(`(?<![\\p{L}\\p{N}])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'iu');
  return text.replace(re, ' ').replace(/\s+/g, ' ').trim();
}

const parseWindow = (s: string | undefined): SendingWindow | undefined => {
  const m = /^(\d+)-(\d+)$/.exec(s ?? '');
  return m ? { startMinute: Number(m[1]), endMinute: Number(m[2]) } : undefined;
};

export const launch: CommandSpec = {
  id: 'launch',
  usage: { en: 'launch NAME', tr: 'başlat AD', ur: 'NAAM launch karo' },
  patterns: {
    en: [/^schedule\s+(?:the\s+)?(?:campaign\s+)?(?<name>[^\n]+?)\s+(?:for|at|on)\s+(?<when>[^\n]*\d[^\n]*|tomorrow[^\n]*|today[^\n]*|tonight[^\n]*)$/i,
      /^schedule\s+(?:the\s+)?(?:campaign\s+)?(?<name>[^\n]+)$/i,
      /^(?:launch|start|run|go)\s+(?:the\s+)?(?:campaign\s+)?(?<name>[^\n]+)$/i, /^(?:send out|blast|kick off|go live with|fire off|push out|start sending)\s+(?:the\s+)?(?:campaign\s+)?(?<name>[^\n]+)$/i],
    tr: [/^(?:başlat|baslat|kampanyayı başlat|kampanyayi baslat)\s+(?<name>[^\n]+)$/i, /^(?<name>[^\n]+?)\s+(?:kampanyasını\s+)?(?:başlat|baslat)$/i,
      /^(?<name>[^\n]+?)\s+(?:kampanyasını\s+)?(?:yayınla|yayinla|yayına al|yayina al|çalıştır|calistir|herkese gönder|herkese gonder|herkese yolla)$/i],
    ur: [/^(?<name>[^\n]+?)\s+(?:campaign\s+)?(?:launch karo|chalao|shuru karo|chala do)$/i, /^launch karo\s+(?<name>[^\n]+)$/i,
      /^(?<name>[^\n]+?)\s+(?:campaign\s+)?(?:start karo|start kar do|live karo|live kar do|bhejna shuru karo|sab ko bhej do|sab ko bhejo)$/i],
  },
  examples: {
    en: ['launch eid', 'start sending my campaign', 'go live with the campaign', 'send the campaign to everyone now', 'begin the campaign', 'launch the promotion', 'send it out to all customers', 'start the blast now', 'kick off the campaign', 'go ahead and send the campaign', 'push the campaign live', 'start sending it to everybody'],
    tr: ['başlat bayram', 'kampanyamı göndermeye başla', 'kampanyayı yayına al', 'kampanyayı şimdi herkese gönder', 'kampanyaya başla', 'promosyonu başlat', 'kampanyayı herkese yolla', 'gönderimi başlat', 'kampanyayı çalıştır', 'tüm müşterilere gönder', 'kampanyayı yayınla', 'gönderime başlayalım'],
    ur: ['eid launch karo', 'meri campaign bhejna shuru karo', 'campaign chala do', 'campaign abhi sab ko bhej do', 'campaign shuru karo', 'promotion launch kar do', 'campaign start kar do', 'sab customers ko bhejna shuru karo', 'campaign live kar do', 'ab sab ko bhej do', 'bhejna start karo', 'campaign chalu kar do'],
  },
  args: [{ name: 'name', type: 'name', required: true, refers: 'campaign' }],
  role: 'manager',
  confirm: true,
  async describe({ ctx, account, lang, args, msg }) {
    const zone = zoneOf(account);
    // The time and window come from the message as written; the name slot may hold them too.
    const c = await campaignOf(ctx, account.id, args.name!, zone);
    // The campaign's own name is no time ("black friday", "11.11 sale", "jumma special").
    const spoken = withoutName(msg?.text ?? args.name!, c.name);
    // "skip recent": numbers another campaign reached inside the plan's cap are skipped, not waited for.
    const skip = findCapSkip(spoken);
    const said = skip?.rest ?? spoken;
    const window = findSendingWindow(said);
    const when = findSchedule(window?.rest ?? said, ctx.clock.now(), zone);
    if (when && 'incomplete' in when) throw new AppError('campaign.schedule.needs_time', { name: c.name });
    args.name = c.name;
    if (window) args.window = `${window.startMinute}-${window.endMinute}`;
    if (skip) args.capMode = 'skip';
    if (when) args.at = when.at.toISOString();
    // Asking for a code the launch would refuse anyway wastes the owner's time.
    const blocker = campaignLaunchBlocker(c);
    if (blocker === 'wrong_state') throw new AppError('campaign.launch.wrong_state', { name: c.name, status: statusName(c.status) });
    if (blocker === 'no_demo') throw new AppError('campaign.launch.no_demo', { name: c.name });
    if (when && when.at.getTime() < ctx.clock.now().getTime() + 60_000) throw new AppError('campaign.schedule.past', {});
    const est = await preflightLaunch(ctx, account.id, c.name);
    const ask = t(lang, 'cmd.launch.ask', {
      name: c.name, recipients: fmt(est.recipients), skipped: fmt(est.skippedSuppressed), credits: fmt(est.credits),
      eta: est.estimatedSeconds === null ? t(lang, 'cmd.launch.no_sender') : formatDuration(est.estimatedSeconds, lang),
    });
    const lines = [ask];
    if (when) lines.push(t(lang, 'cmd.launch.ask_at', { at: formatLocalTime(when.at, zone, lang) }));
    if (window) lines.push(t(lang, 'cmd.launch.window', { window: formatWindow(window), zone }));
    const capHours = await contactCapHours(ctx, account.id);
    if (capHours > 0) lines.push(t(lang, skip ? 'cmd.launch.cap_skip' : 'cmd.launch.cap_wait', { hours: String(capHours), name: c.name }));
    return lines.join('\n');
  },
  async handler({ ctx, account, member, lang, args }) {
    const actor = { type: 'member' as const, id: member.id, label: member.phone };
    const window = parseWindow(args.window);
    const zone = zoneOf(account);
    await setContactCapMode(ctx, account.id, args.name!, args.capMode === 'skip' ? 'skip' : 'wait');
    const windowLine = window ? `\n${t(lang, 'cmd.launch.window', { window: formatWindow(window), zone })}` : '';
    if (args.at) {
      const r = await scheduleCampaign(ctx, account.id, args.name!, new Date(args.at), actor, window ?? undefined);
      const at = formatLocalTime(r.at, r.zone, lang);
      return (r.previous
        ? t(lang, 'cmd.launch.rescheduled', { name: r.campaign.name, at, was: formatLocalTime(r.previous, r.zone, lang) })
        : t(lang, 'cmd.launch.scheduled', { name: r.campaign.name, at })) + windowLine;
    }
    if (window) await setSendingWindow(ctx, account.id, args.name!, window);
    const r = await launchCampaign(ctx, account.id, args.name!, actor);
    return t(lang, 'cmd.launch.done', { name: args.name!, recipients: fmt(r.recipients), credits: fmt(r.credits) }) + windowLine;
  },
};
