// send demo NAME: the rendered message goes to the asker's own number (an SMS campaign's as SMS,
// an e-mail campaign's to the account's e-mail: `set email ADDRESS`); launch needs it.
import { markDemoSent, prepareDemo } from '../src/campaigns/campaigns.js';
import { mediaContent } from '../src/content/media.js';
import { t } from '../src/i18n/t.js';
import type { CommandSpec } from '../src/router/command-spec.js';

export const sendDemo: CommandSpec = {
  id: 'send-demo',
  usage: { en: 'send demo NAME', tr: 'demo gönder AD', ur: 'demo bhejo NAAM' },
  patterns: {
    en: [/^(?:send\s+(?:a\s+)?(?:demo|test)|demo|test)\s+(?:of\s+|for\s+)?(?:campaign\s+)?(?<name>[^\n]+)$/i],
    tr: [/^(?:demo gönder|demo gonder|deneme gönder|deneme gonder|test gönder)\s+(?<name>[^\n]+)$/i, /^(?<name>[^\n]+?)\s+(?:demosunu|denemesini)\s+(?:gönder|gonder)$/i],
    ur: [/^(?:demo bhejo)\s+(?<name>[^\n]+)$/i, /^(?<name>[^\n]+?)\s+(?:ka\s+)?(?:demo|test)\s+(?:bhejo|bhej do)$/i],
  },
  examples: {
    en: ['send demo eid', 'send me a test message first', 'I want to see how the message looks', 'test the campaign on my phone', 'send a preview to my number', 'send me a sample first', 'let me preview the message on my phone', 'i want to see a test copy', 'send a trial message to me only', 'show me how it will look on whatsapp'],
    tr: ['demo gönder bayram', 'önce bana deneme mesajı gönder', 'mesajın nasıl göründüğünü görmek istiyorum', 'kampanyayı telefonumda dene', 'numarama önizleme gönder', 'bana bir örnek gönder', 'önce bir deneme mesajı at', 'mesajın önizlemesini bana yolla', 'telefonuma test mesajı gönder', 'nasıl göründüğüne bakayım bir örnek at'],
    ur: ['demo bhejo eid', 'pehle mujhe test message bhejo', 'dekhna hai message kaisa lagta hai', 'campaign mere phone par test karo', 'mere number par preview bhejo', 'pehle mujhe sample bhejo', 'mere number par test bhej do', 'preview dikhao mere phone par', 'aik demo mujhe bhejo pehle', 'dekhun message kaisa lagta hai mujhe bhejo', 'pehle demo mere number par bhejo', 'campaign ka test mere phone par bhejo', 'demo message mujhe bhej do'],
  },
  args: [{ name: 'name', type: 'name', required: true, refers: 'campaign' }],
  role: 'manager',
  confirm: false,
  async handler({ ctx, account, member, lang, args, sendTo, sendVia }) {
    const demo = await prepareDemo(ctx, account.id, args.name!, member.phone);
    // Up to 3 variants, each exactly as a recipient gets it.
    // With media, each goes as the file with that text as caption: what recipients get.
    // An SMS / e-mail campaign's demo goes over its channel, to the asker's phone or the owner's e-mail.
    for (const text of demo.texts) {
      if (demo.channel) await sendVia(demo.channel.sessionId, demo.channel.to, { kind: 'text', text }, { email: demo.channel.email });
      else await sendTo(demo.toPhone, demo.media ? await mediaContent(ctx, account.id, demo.media, text) : { kind: 'text', text });
    }
    const ok = await markDemoSent(ctx, demo.campaignId, demo.bodyHash);
    const doneKey = demo.channel?.email ? 'cmd.send-demo.done_email' : demo.channel ? 'cmd.send-demo.done_sms' : 'cmd.send-demo.done';
    const done = t(lang, ok ? doneKey : 'cmd.send-demo.changed', { name: args.name!, phone: demo.toPhone });
    return demo.variants > 1 ? `${done}\n${t(lang, 'cmd.send-demo.variants', { shown: demo.texts.length, count: demo.variants })}` : done;
  },
};
