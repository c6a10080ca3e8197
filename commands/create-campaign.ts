// create campaign NAME for LIST: TEXT — a draft with {{name}}-style variables, and a preview.
// Variation: spintax `{Hi|Hello|Salam}` and alternative texts after a line of `---` (5 texts at most).
// Issue 16: `… for LIST by sms: TEXT`, `… by email: SUBJECT | TEXT`, `… with sms fallback: TEXT` (numbers not on
// WhatsApp) and `… with sms fallback on failure: TEXT` (those and WhatsApp sends that failed).
import { createCampaign } from '../src/campaigns/campaigns.js';
import { smsParts } from '../src/channels/sms-parts.js';
import { formatSize, humanKind, storeMedia } from '../src/content/media.js';
import { render, t } from '../src/i18n/t.js';
import type { CommandSpec } from '../src/router/command-spec.js';

export const createCampaignCommand: CommandSpec = {
  id: 'create-campaign',
  usage: { en: 'create campaign NAME for LIST: TEXT', tr: 'kampanya oluştur AD LİSTE: METİN', ur: 'campaign banao NAAM LIST: TEXT' },
  patterns: {
    en: [/^(?:create|make|new)\s+(?:a\s+)?campaign\s+(?<name>[^\n:]+?)\s+(?:for|to)\s+(?:list\s+)?(?<list>[^\n:]+?)\s+(?:(?:by|via|over)\s+(?<channel>sms|e-?mail)|with\s+(?<fallback>sms)\s+fallback(?:\s+(?<onfail>on\s+failure|on\s+fail(?:ed)?|if\s+(?:it\s+)?fail(?:s|ed)?|for\s+failures?))?)\s*:\s*(?<text>[\s\S]+)$/i,
      /^(?:create|make|new)\s+(?:a\s+)?campaign\s+(?<name>[^\n:]+?)\s+(?:for|to)\s+(?:list\s+)?(?<list>[^\n:]+?)\s*:\s*(?<text>[\s\S]+)$/i],
    tr: [/^(?:kampanya oluştur|kampanya olustur|yeni kampanya)\s+(?<name>[^\n:\s]+)\s+(?<list>[^\n:]+?)\s+(?:(?<channel>sms|e-?posta|e-?mail)\s+ile|(?<fallback>sms)\s+yedekli(?:\s+(?<onfail>hata\s+durumunda|hatada\s+da|başarısızsa|basarisizsa|başarısız\s+olursa))?)\s*:\s*(?<text>[\s\S]+)$/i,
      /^(?:kampanya oluştur|kampanya olustur|yeni kampanya)\s+(?<name>[^\n:\s]+)\s+(?<list>[^\n:]+?)\s*:\s*(?<text>[\s\S]+)$/i],
    ur: [/^(?:campaign banao|nayi campaign)\s+(?<name>[^\n:\s]+)\s+(?<list>[^\n:]+?)\s+(?:(?<channel>sms|e-?mail)\s+(?:se|par|pe)|(?<fallback>sms)\s+fallback\s+ke\s+saath(?:\s+(?<onfail>fail\s+par\s+bhi|fail\s+par|fail\s+ho\s+to))?)\s*:\s*(?<text>[\s\S]+)$/i,
      /^(?:campaign banao|nayi campaign)\s+(?<name>[^\n:\s]+)\s+(?<list>[^\n:]+?)\s*:\s*(?<text>[\s\S]+)$/i],
  },
  examples: {
    en: ['create campaign eid for vip: Eid Mubarak {{name}}!', 'I want to write a new campaign', 'make a campaign message for my customers', 'start drafting a new promotion', 'new campaign for a list', 'prepare a marketing message', 'create a new campaign', 'make a campaign named sale', 'set up a campaign for a list', 'i want to make a new promotion message', 'write a new campaign'],
    tr: ['kampanya oluştur bayram vip: Bayramınız kutlu olsun {{name}}!', 'yeni bir kampanya yazmak istiyorum', 'müşterilerim için kampanya mesajı hazırla', 'yeni bir promosyon taslağı', 'liste için yeni kampanya', 'pazarlama mesajı hazırla', 'yeni kampanya oluştur', 'bir kampanya yap', 'yeni bir kampanya kurmak istiyorum', 'kampanya hazırla', 'yeni kampanya aç'],
    ur: ['campaign banao eid vip: Eid Mubarak {{name}}!', 'mujhe nayi campaign likhni hai', 'customers ke liye campaign message banao', 'naya promotion tayyar karo', 'list ke liye nayi campaign', 'marketing ka message banao', 'nayi campaign banao', 'aik campaign create karo', 'campaign bana do list ke liye', 'naya promotion banana hai', 'nayi campaign tayyar karo'],
  },
  args: [{ name: 'name', type: 'name', required: true, creates: 'campaign' }, { name: 'list', type: 'name', required: true, refers: 'list' }, { name: 'text', type: 'text', required: true },
    { name: 'channel', type: 'name', required: false }, { name: 'fallback', type: 'name', required: false }, { name: 'onfail', type: 'name', required: false }],
  role: 'manager',
  confirm: false,
  acceptsCampaignMedia: true,
  async handler({ ctx, account, member, lang, args, media }) {
    const channel = !args.channel ? 'whatsapp' : /^sms$/i.test(args.channel) ? 'sms' : 'email';
    // Sent with an image, video, audio or document: the campaign carries it, the text as its caption.
    const stored = media ? await storeMedia(ctx, account.id, media) : undefined;
    // An e-mail's text is "SUBJECT | TEXT"; without the bar the service refuses for want of a subject.
    const bar = channel === 'email' ? args.text!.indexOf('|') : -1;
    const draft = await createCampaign(ctx, account.id, {
      name: args.name!, listName: args.list!, createdBy: member.id, channel, media: stored,
      body: bar >= 0 ? args.text!.slice(bar + 1).trim() : args.text!,
      subject: bar >= 0 ? args.text!.slice(0, bar).trim() : undefined,
      // `with sms fallback`: numbers not on WhatsApp; `… on failure`: also WhatsApp sends that failed.
      smsFallback: !args.fallback ? undefined : args.onfail ? 'not_registered_or_failed' : 'not_registered',
    });
    const lines = [t(lang, 'cmd.create-campaign.done', { name: draft.campaign.name, list: draft.campaign.list_name ?? args.list!, preview: draft.preview })];
    const c = draft.campaign;
    if (c.channel === 'sms') lines.push(t(lang, 'cmd.create-campaign.by_sms', { parts: smsParts(draft.preview) }));
    if (c.channel === 'email') lines.push(t(lang, 'cmd.create-campaign.by_email', { subject: c.subject ?? '' }));
    if (c.sms_fallback !== 'none') lines.push(t(lang, c.sms_fallback === 'not_registered_or_failed' ? 'cmd.create-campaign.sms_fallback_failed' : 'cmd.create-campaign.sms_fallback'));
    if (stored) lines.push('', t(lang, 'cmd.create-campaign.media', { kind: humanKind(stored.kind), size: formatSize(stored.sizeBytes) }));
    if (draft.variants > 1) lines.push('', t(lang, 'cmd.create-campaign.variants', { count: draft.variants, name: draft.campaign.name }));
    if (draft.warnings.length) lines.push('', t(lang, 'cmd.create-campaign.warnings', { w: draft.warnings.map((m) => render(lang, m)).join('; ') }));
    return lines.join('\n');
  },
};
