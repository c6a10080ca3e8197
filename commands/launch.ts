// launch NAME: shows recipients, credits and the estimated duration, then waits for the
// confirmation code; only a campaign whose current text was sent as a demo may launch.
import { getCampaign } from '../src/campaigns/campaigns.js';
import { LaunchRefusedError } from '../src/campaigns/errors.js';
import { translateServiceError } from '../src/i18n/service-errors.js';
import { campaignLaunchBlocker, launchCampaign, preflightLaunch } from '../src/campaigns/launch.js';
import { formatDuration } from '../src/i18n/format-duration.js';
import { campaignStatusName } from '../src/i18n/campaign-status-names.js';
import { say, type Lang } from '../src/i18n/lang.js';
import { UserError, type CommandSpec } from '../src/router/command-spec.js';

const TEXT = {
  ask: {
    en: 'Launch "{name}"?\nRecipients: {recipients} ({skipped} opted out, skipped)\nCredits to reserve: {credits}\nEstimated duration: {eta}',
    tr: '"{name}" başlatılsın mı?\nAlıcı: {recipients} ({skipped} çıkış yapmış, atlanacak)\nAyrılacak kredi: {credits}\nTahmini süre: {eta}',
    ur: '"{name}" launch karein?\nRecipients: {recipients} ({skipped} opt-out, chhor diye jayenge)\nReserve honay walay credits: {credits}\nAndaazan waqt: {eta}',
  },
  noSender: { en: 'unknown until a sender number is connected', tr: 'gönderen numara bağlanana kadar bilinmiyor', ur: 'sender number connect hone tak maloom nahi' },
  done: {
    en: 'Campaign "{name}" is running: {recipients} messages queued, {credits} credits reserved. Messages go out one at a time; ask *status {name}* any time.',
    tr: '"{name}" kampanyası başladı: {recipients} mesaj sırada, {credits} kredi ayrıldı. Mesajlar tek tek gider; istediğiniz zaman *durum {name}* yazın.',
    ur: '"{name}" campaign chal rahi hai: {recipients} messages qatar mein, {credits} credits reserve. Messages aik aik kar ke jate hain; kabhi bhi *status {name}* likhein.',
  },
  noDemo: {
    en: 'Send a demo of "{name}" first (*send demo {name}*): a campaign launches only after a demo of its current text.',
    tr: 'Önce "{name}" için demo gönderin (*demo gönder {name}*): kampanya ancak güncel metninin demosundan sonra başlar.',
    ur: 'Pehle "{name}" ka demo bhejein (*demo bhejo {name}*): campaign sirf mojooda text ke demo ke baad launch hoti hai.',
  },
  launched: {
    en: 'Campaign "{name}" is already {status}; it cannot be launched again.',
    tr: '"{name}" kampanyası zaten {status} durumunda; yeniden başlatılamaz.',
    ur: '"{name}" campaign pehle se {status} hai; dobara launch nahi ho sakti.',
  },
  refused: {
    en: 'Launch refused: {message}',
    tr: 'Başlatma reddedildi ({code}): {message}',
    ur: 'Launch nahi hui ({code}): {message}',
  },
};

const fmt = (n: number) => n.toLocaleString('en-US');

function refusal(e: unknown, lang: Lang): never {
  if (e instanceof LaunchRefusedError) throw new UserError(say(TEXT.refused, lang, { code: e.code, message: translateServiceError(e, lang) ?? e.message }));
  throw e;
}

export const launch: CommandSpec = {
  id: 'launch',
  usage: { en: 'launch NAME', tr: 'başlat AD', ur: 'NAAM launch karo' },
  summary: { en: 'start sending a campaign', tr: 'kampanya gönderimini başlat', ur: 'campaign bhejna shuru karein' },
  patterns: {
    en: [/^(?:launch|start|run|go)\s+(?:the\s+)?(?:campaign\s+)?(?<name>[^\n]+)$/i, /^(?:send out|blast|kick off|go live with|fire off|push out|start sending)\s+(?:the\s+)?(?:campaign\s+)?(?<name>[^\n]+)$/i],
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
  async describe({ ctx, account, lang, args }) {
    const c = await getCampaign(ctx, account.id, args.name!);
    // Asking for a code the launch would refuse anyway wastes the owner's time.
    const blocker = campaignLaunchBlocker(c);
    if (blocker === 'wrong_state') throw new UserError(say(TEXT.launched, lang, { name: c.name, status: campaignStatusName(c.status, lang) }));
    if (blocker === 'no_demo') throw new UserError(say(TEXT.noDemo, lang, { name: c.name }));
    const est = await preflightLaunch(ctx, account.id, c.name).catch((e) => refusal(e, lang));
    return say(TEXT.ask, lang, {
      name: c.name, recipients: fmt(est.recipients), skipped: fmt(est.skippedSuppressed), credits: fmt(est.credits),
      eta: est.estimatedSeconds === null ? say(TEXT.noSender, lang) : formatDuration(est.estimatedSeconds, lang),
    });
  },
  async handler({ ctx, account, member, lang, args }) {
    const r = await launchCampaign(ctx, account.id, args.name!, { type: 'member', id: member.id, label: member.phone }).catch((e) => refusal(e, lang));
    return say(TEXT.done, lang, { name: args.name!, recipients: fmt(r.recipients), credits: fmt(r.credits) });
  },
};
