// create campaign NAME2 from NAME not read | failed | not delivered | read [: TEXT] — a campaign
// to another campaign's recipients by their result (issue 14 item 6). Without a text it sends
// the source's texts and media; the same demo and launch rules apply.
import { createRetargetCampaign } from '../src/campaigns/campaigns.js';
import type { Audience } from '../src/campaigns/audience.js';
import { t } from '../src/i18n/t.js';
import type { CommandSpec } from '../src/router/command-spec.js';

/** The words of each audience in the three languages (folded to lower case). */
const AUDIENCE_WORDS: Array<[RegExp, Audience]> = [
  [/^(not read|unread|did not read|didn't read|okumayanlar|okumayanlara|okumayan|jinhon ne nahi parha|nahi parha)$/, 'not_read'],
  [/^(not delivered|undelivered|ulaşmayanlar|ulaşmayanlara|ulasmayanlar|iletilmeyenler|iletilmeyenlere|deliver nahi hua|deliver nahi huay|nahi pohancha|nahi pohanche)$/, 'not_delivered'],
  [/^(failed|başarısızlar|başarısız olanlar|başarısız olanlara|basarisizlar|fail|fail hue|fail huay)$/, 'failed'],
  [/^(read|okuyanlar|okuyanlara|jinhon ne parha|parha)$/, 'read'],
];

export function audienceOf(words: string): Audience | undefined {
  const w = words.trim().toLocaleLowerCase('tr').replace(/\s+/g, ' ');
  return AUDIENCE_WORDS.find(([re]) => re.test(w))?.[1];
}

const EN_AUDIENCE = `not read|unread|did not read|didn't read|not delivered|undelivered|failed|read`;
const TR_AUDIENCE = `okumayanlar|okumayanlara|okuyanlar|okuyanlara|başarısızlar|başarısız olanlar|başarısız olanlara|ulaşmayanlar|ulaşmayanlara|iletilmeyenler|iletilmeyenlere`;
const UR_AUDIENCE = `jinhon ne nahi parha|jinhon ne parha|nahi parha|parha|fail hue|fail huay|fail|deliver nahi hua|deliver nahi huay|nahi pohancha|nahi pohanche`;

export const retargetCommand: CommandSpec = {
  id: 'retarget',
  usage: { en: 'create campaign NAME2 from NAME not read|failed|not delivered|read', tr: 'kampanya oluştur AD2 AD okumayanlar|başarısızlar|ulaşmayanlar|okuyanlar', ur: 'campaign banao NAAM2 NAAM nahi parha|fail|deliver nahi hua|parha' },
  patterns: {
    en: [new RegExp(`^(?:create|make|new)\\s+(?:a\\s+)?campaign\\s+(?<name>[^\\n:]+?)\\s+from\\s+(?:campaign\\s+)?(?<source>[^\\n:]+?)\\s+(?:(?:for|to)\\s+(?:those|people|recipients|contacts)\\s+(?:who\\s+)?)?(?<audience>${EN_AUDIENCE})(?:\\s+it)?\\s*(?::\\s*(?<text>[\\s\\S]+))?$`, 'i')],
    tr: [new RegExp(`^(?:kampanya oluştur|kampanya olustur|yeni kampanya)\\s+(?<name>[^\\n:\\s]+)\\s+(?<source>[^\\n:\\s]+?)(?:'?(?:nin|nın|nun|nün|in|ın|un|ün))?\\s+(?<audience>${TR_AUDIENCE})\\s*(?::\\s*(?<text>[\\s\\S]+))?$`, 'i')],
    ur: [new RegExp(`^(?:campaign banao|nayi campaign)\\s+(?<name>[^\\n:\\s]+)\\s+(?<source>[^\\n:\\s]+)\\s+(?:(?:ke|ki|se)\\s+)?(?<audience>${UR_AUDIENCE})(?:\\s+(?:walon ke liye|walon ko|wale|walay))?\\s*(?::\\s*(?<text>[\\s\\S]+))?$`, 'i')],
  },
  examples: {
    en: ['create campaign eid2 from eid not read'],
    tr: ['kampanya oluştur bayram2 bayram okumayanlar'],
    ur: ['campaign banao eid2 eid nahi parha'],
  },
  args: [
    { name: 'name', type: 'name', required: true, creates: 'campaign' }, { name: 'source', type: 'name', required: true, refers: 'campaign' },
    { name: 'audience', type: 'text', required: true }, { name: 'text', type: 'text', required: false },
  ],
  role: 'manager',
  confirm: false,
  grammarOnly: true,
  async handler({ ctx, account, member, lang, args }) {
    const audience = audienceOf(args.audience!) ?? 'not_read';
    const r = await createRetargetCampaign(ctx, account.id, { name: args.name!, sourceName: args.source!, audience, body: args.text, createdBy: member.id });
    return t(lang, 'cmd.retarget.done', {
      name: r.campaign.name, source: r.source.name, count: r.audienceSize.toLocaleString('en-US'), audience: t(lang, `campaign.audience.${audience}`), preview: r.preview,
    });
  },
};
