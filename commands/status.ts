// status NAME [details]: progress, sent, delivered, read, failed, uncertain, skipped (opted out,
// not on WhatsApp), ETA; with "details", the numbers not sent come back as a file.
import { getCampaign } from '../src/campaigns/campaigns.js';
import { campaignStats, notSentLines } from '../src/campaigns/stats.js';
import { formatDuration } from '../src/i18n/format-duration.js';
import { say } from '../src/i18n/lang.js';
import type { CommandSpec } from '../src/router/command-spec.js';

const TEXT = {
  body: {
    en: 'Campaign "{name}" ({status}): {progress}% done\nQueued: {queued} · Sending: {sending}\nSent: {sent} · Delivered: {delivered} · Read: {read}\nFailed: {failed}{failedWhy} · Uncertain (refunded): {uncertain}\nSkipped (opted out): {optedOut} · Not on WhatsApp (not charged): {notOnWhatsApp} · Skipped (other): {skippedOther}\nETA: {eta}',
    tr: '"{name}" kampanyası ({status}): %{progress} tamam\nSırada: {queued} · Gönderiliyor: {sending}\nGönderildi: {sent} · Ulaştı: {delivered} · Okundu: {read}\nBaşarısız: {failed}{failedWhy} · Belirsiz (iade): {uncertain}\nAtlanan (çıkış yapmış): {optedOut} · WhatsApp’ta yok (ücret alınmadı): {notOnWhatsApp} · Atlanan (diğer): {skippedOther}\nTahmini bitiş: {eta}',
    ur: '"{name}" campaign ({status}): {progress}% mukammal\nQatar mein: {queued} · Ja rahe: {sending}\nBheje: {sent} · Pohanche: {delivered} · Parhe: {read}\nNakaam: {failed}{failedWhy} · Ghair yaqeeni (refund): {uncertain}\nChhore (opt-out): {optedOut} · WhatsApp par nahi (koi charge nahi): {notOnWhatsApp} · Chhore (deegar): {skippedOther}\nAndaazan khatam: {eta}',
  },
  noEta: { en: '—', tr: '—', ur: '—' },
  fileCaption: {
    en: 'Campaign "{name}": {total} numbers not sent (number, status, reason)',
    tr: '"{name}" kampanyası: gönderilmeyen {total} numara (numara, durum, neden)',
    ur: '"{name}" campaign: {total} numbers nahi bheje gaye (number, status, wajah)',
  },
  fileCut: {
    en: '\nThe file lists the first {shown}; the data export has them all.',
    tr: '\nDosyada ilk {shown} numara var; tamamı veri dışa aktarımında.',
    ur: '\nFile mein pehle {shown} hain; poori list data export mein hai.',
  },
};

const fmt = (n: number) => n.toLocaleString('en-US');

export const status: CommandSpec = {
  id: 'status',
  usage: { en: 'status NAME', tr: 'durum AD', ur: 'status NAAM' },
  summary: { en: 'progress of a campaign', tr: 'kampanyanın ilerlemesi', ur: 'campaign ki pesh raft' },
  patterns: {
    en: [/^(?:status|progress|report|stats)\s+(?:of\s+|for\s+)?(?:campaign\s+)?(?<name>[^\n]+?)\s+(?<details>details|tafseel|ayrıntı|ayrıntılar|detay)$/i,
      /^(?:status|progress|report|stats)\s+(?:of\s+|for\s+)?(?:campaign\s+)?(?<name>[^\n]+)$/i],
    tr: [/^(?:durum|durumu|rapor)\s+(?<name>[^\n]+?)\s+(?<details>ayrıntı|ayrıntılar|detay)$/i, /^(?:durum|durumu|rapor)\s+(?<name>[^\n]+)$/i, /^(?<name>[^\n]+?)\s+(?:kampanyasının\s+)?(?:durumu|raporu)$/i],
    ur: [/^status\s+(?<name>[^\n]+?)\s+(?<details>tafseel)$/i,
      /^(?<name>[^\n]+?)\s+(?:campaign\s+)?(?:ka status|ki report|ka haal|ki halat)$/i, /^status\s+(?<name>[^\n]+)$/i],
  },
  examples: {
    en: ['status eid', 'how is my campaign doing', 'how many messages were delivered', 'campaign progress report', 'when will the campaign finish', 'how many people read it'],
    tr: ['durum bayram', 'kampanyam nasıl gidiyor', 'kaç mesaj ulaştı', 'kampanya ilerleme raporu', 'kampanya ne zaman biter', 'kaç kişi okudu'],
    ur: ['eid ka status', 'meri campaign kaisi chal rahi hai', 'kitne messages deliver huay', 'campaign ki report do', 'campaign kab khatam hogi', 'kitne logon ne parha'],
  },
  args: [{ name: 'name', type: 'name', required: true }, { name: 'details', type: 'text', required: false }],
  role: 'viewer',
  confirm: false,
  async handler({ ctx, account, lang, args }) {
    const c = await getCampaign(ctx, account.id, args.name!);
    const s = await campaignStats(ctx, c.id);
    const failedWhy = Object.keys(s.failedByReason).length
      ? ` (${Object.entries(s.failedByReason).map(([r, n]) => `${r}: ${fmt(n)}`).join(', ')})` : '';
    const optedOut = s.skippedByReason.suppressed ?? 0;
    const notOnWhatsApp = s.skippedByReason.not_on_whatsapp ?? 0;
    const text = say(TEXT.body, lang, {
      name: s.name, status: s.status.replace('_', ' '), progress: Math.floor(s.progress * 100),
      queued: fmt(s.counts.queued), sending: fmt(s.counts.sending), sent: fmt(s.counts.sent), delivered: fmt(s.counts.delivered),
      read: fmt(s.counts.read), failed: fmt(s.counts.failed), failedWhy, uncertain: fmt(s.counts.uncertain),
      optedOut: fmt(optedOut), notOnWhatsApp: fmt(notOnWhatsApp), skippedOther: fmt(s.counts.skipped - optedOut - notOnWhatsApp),
      eta: s.etaSeconds === null ? say(TEXT.noEta, lang) : formatDuration(s.etaSeconds, lang),
    });
    if (!args.details) return text;
    // "details": the numbers that were not sent, as a file like upload's rejected lines.
    const { lines, total } = await notSentLines(ctx, c.id);
    if (!total) return text;
    return {
      text: lines.length < total ? text + say(TEXT.fileCut, lang, { shown: fmt(lines.length) }) : text,
      files: [{
        fileName: `not-sent-${s.name.replace(/[^\w.-]+/g, '_')}.csv`, mimetype: 'text/csv',
        data: Buffer.from('phone,status,reason\n' + lines.join('\n') + '\n', 'utf8'),
        caption: say(TEXT.fileCaption, lang, { name: s.name, total: fmt(total) }),
      }],
    };
  },
};
