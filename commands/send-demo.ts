// send demo NAME: the rendered message goes to the asker's own number; launch needs it.
import { markDemoSent, prepareDemo } from '../src/campaigns/campaigns.js';
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
    en: ['send demo eid', 'send me a test message first', 'I want to see how the message looks', 'test the campaign on my phone', 'send a preview to my number'],
    tr: ['demo gönder bayram', 'önce bana deneme mesajı gönder', 'mesajın nasıl göründüğünü görmek istiyorum', 'kampanyayı telefonumda dene', 'numarama önizleme gönder'],
    ur: ['demo bhejo eid', 'pehle mujhe test message bhejo', 'dekhna hai message kaisa lagta hai', 'campaign mere phone par test karo', 'mere number par preview bhejo'],
  },
  args: [{ name: 'name', type: 'name', required: true }],
  role: 'manager',
  confirm: false,
  async handler({ ctx, account, member, lang, args, sendTo }) {
    const demo = await prepareDemo(ctx, account.id, args.name!, member.phone);
    await sendTo(demo.toPhone, { kind: 'text', text: demo.text });
    const ok = await markDemoSent(ctx, demo.campaignId, demo.bodyHash);
    return t(lang, ok ? 'cmd.send-demo.done' : 'cmd.send-demo.changed', { name: args.name!, phone: demo.toPhone });
  },
};
