// status NAME [details]: progress, sent, delivered, read, failed, uncertain, skipped (opted out,
// not on WhatsApp), ETA; with "details", the numbers not sent come back as a file.
import { getCampaign } from '../src/campaigns/campaigns.js';
import { campaignStats, notSentLines } from '../src/campaigns/stats.js';
import { formatDuration } from '../src/i18n/format-duration.js';
import { formatLocalTime, formatWindow, windowOf, zoneOf } from '../src/campaigns/schedule.js';
import { outboxReasonName, statusName } from '../src/campaigns/status-name.js';
import { t } from '../src/i18n/t.js';
import { campaignReplyCounts } from '../src/replies/customer-replies.js';
import type { CommandSpec } from '../src/router/command-spec.js';

const fmt = (n: number) => n.toLocaleString('en-US');

export const status: CommandSpec = {
  id: 'status',
  usage: { en: 'status NAME', tr: 'durum AD', ur: 'status NAAM' },
  patterns: {
    en: [/^(?:status|progress|report|stats)\s+(?:of\s+|for\s+)?(?:campaign\s+)?(?<name>[^\n]+?)\s+(?<details>details|tafseel|ayrıntı|ayrıntılar|detay)$/i,
      /^(?:status|progress|report|stats)\s+(?:of\s+|for\s+)?(?:campaign\s+)?(?<name>[^\n]+)$/i],
    tr: [/^(?:durum|durumu|rapor)\s+(?<name>[^\n]+?)\s+(?<details>ayrıntı|ayrıntılar|detay)$/i, /^(?:durum|durumu|rapor)\s+(?<name>[^\n]+)$/i, /^(?<name>[^\n]+?)\s+(?:kampanyasının\s+)?(?:durumu|raporu)$/i],
    ur: [/^status\s+(?<name>[^\n]+?)\s+(?<details>tafseel)$/i,
      /^(?<name>[^\n]+?)\s+(?:campaign\s+)?(?:ka status|ki report|ka haal|ki halat)$/i, /^status\s+(?<name>[^\n]+)$/i,
      /^(?<name>[^\n]+?)\s+(?:campaign\s+)?(?:ka|ki)\s+(?:kya haal hai|update do|update batao|status batao|report dikhao|progress batao|progress kya hai)$/i],
  },
  examples: {
    en: ['status eid', 'how is my campaign doing', 'how many messages were delivered', 'campaign progress report', 'when will the campaign finish', 'how many people read it', 'how far along is the campaign', 'did the messages go out', 'has it finished sending', 'give me an update on the campaign', 'how many got through so far', 'show delivery numbers for the campaign', 'is the campaign still going'],
    tr: ['durum bayram', 'kampanyam nasıl gidiyor', 'kaç mesaj ulaştı', 'kampanya ilerleme raporu', 'kampanya ne zaman biter', 'kaç kişi okudu', 'kampanya ne durumda', 'mesajlar gitti mi', 'gönderim bitti mi', 'kampanyanın son durumu nedir', 'kaç kişiye ulaştı', 'kampanya hala devam ediyor mu', 'gönderim raporunu göster'],
    ur: ['eid ka status', 'meri campaign kaisi chal rahi hai', 'kitne messages deliver huay', 'campaign ki report do', 'campaign kab khatam hogi', 'kitne logon ne parha', 'campaign ka kya haal hai', 'messages chale gaye kya', 'bhejna khatam hua ya nahi', 'campaign kahan tak pohanchi', 'kitne logon tak pohancha', 'campaign ki update batao', 'kya campaign abhi bhi chal rahi hai'],
  },
  args: [{ name: 'name', type: 'name', required: true, refers: 'campaign' }, { name: 'details', type: 'text', required: false }],
  role: 'viewer',
  confirm: false,
  async handler({ ctx, account, lang, args }) {
    const c = await getCampaign(ctx, account.id, args.name!);
    const s = await campaignStats(ctx, c.id);
    const failedWhy = Object.keys(s.failedByReason).length
      ? ` (${Object.entries(s.failedByReason).map(([r, n]) => `${outboxReasonName(r, lang)}: ${fmt(n)}`).join(', ')})` : '';
    const optedOut = s.skippedByReason.suppressed ?? 0;
    const notOnWhatsApp = s.skippedByReason.not_on_whatsapp ?? 0;
    const capped = s.skippedByReason.frequency_cap ?? 0;
    let text = t(lang, 'cmd.status.body', {
      name: s.name, status: statusName(s.status), progress: Math.floor(s.progress * 100),
      queued: fmt(s.counts.queued), sending: fmt(s.counts.sending),
      // A read message was delivered and a delivered one sent: each count includes the next (a row has its latest status only).
      sent: fmt(s.counts.sent + s.counts.delivered + s.counts.read), delivered: fmt(s.counts.delivered + s.counts.read),
      read: fmt(s.counts.read), failed: fmt(s.counts.failed), failedWhy, uncertain: fmt(s.counts.uncertain),
      optedOut: fmt(optedOut), notOnWhatsApp: fmt(notOnWhatsApp), skippedOther: fmt(s.counts.skipped - optedOut - notOnWhatsApp - capped),
      eta: s.etaSeconds === null ? t(lang, 'cmd.status.no_eta') : formatDuration(s.etaSeconds, lang),
    });
    if (capped) text += t(lang, 'cmd.status.capped', { count: fmt(capped) });
    const r = await campaignReplyCounts(ctx.db, c.id);
    text += t(lang, 'cmd.status.replies', {
      replies: fmt(r.replies), repliers: fmt(r.repliers), rate: r.reached ? (Math.round((r.repliers / r.reached) * 1000) / 10).toString() : '0',
    });
    const channels = Object.entries(s.byChannel);
    // Issue 16: per-channel counts when the campaign is not WhatsApp alone.
    if (channels.length > 1 || (channels.length === 1 && channels[0]![0] !== 'whatsapp')) {
      text += '\n' + t(lang, 'cmd.status.by_channel', { counts: channels.map(([ch, n]) => t(lang, 'cmd.status.channel_counts', {
        channel: ch === 'sms' ? 'SMS' : ch === 'email' ? 'e-mail' : 'WhatsApp',
        sent: fmt(n.sent + n.delivered + n.read), delivered: fmt(n.delivered + n.read), read: fmt(n.read), failed: fmt(n.failed), queued: fmt(n.queued + n.sending),
      })).join(' · ') });
    }
    const zone = zoneOf(account);
    const window = windowOf(c);
    const extra = [
      // Per-variant counts of a campaign with variation, numbered from 1 as the demo and console show them.
      ...(s.variants.length ? [t(lang, 'cmd.status.variants', { list: s.variants.map((v) => `${v.variant + 1}: ${fmt(v.sent)} / ${fmt(v.read)}`).join(' · ') })] : []),
      ...(c.scheduled_at ? [t(lang, 'cmd.status.scheduled', { at: formatLocalTime(c.scheduled_at, zone, lang) })] : []),
      ...(window ? [t(lang, 'cmd.status.window', { window: formatWindow(window), zone })] : []),
    ];
    const full = [text, ...extra].join('\n');
    if (!args.details) return full;
    // "details": the numbers that were not sent, as a file like upload's rejected lines.
    const { lines, total } = await notSentLines(ctx, c.id);
    if (!total) return full;
    return {
      text: lines.length < total ? full + t(lang, 'cmd.status.file_cut', { shown: fmt(lines.length) }) : full,
      files: [{
        fileName: `not-sent-${s.name.replace(/[^\w.-]+/g, '_')}.csv`, mimetype: 'text/csv',
        data: Buffer.from('phone,status,reason\n' + lines.join('\n') + '\n', 'utf8'),
        caption: t(lang, 'cmd.status.file_caption', { name: s.name, total: fmt(total) }),
      }],
    };
  },
};
