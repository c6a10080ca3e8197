// replies now | hourly | off: how customers' replies to the account's senders reach the owners
// (at once, in one digest an hour with the missed calls, or not at all: still kept and counted).
import { t } from '../src/i18n/t.js';
import { setRepliesMode, type RepliesMode } from '../src/replies/customer-replies.js';
import type { CommandSpec } from '../src/router/command-spec.js';

const MODE_WORDS: Record<string, RepliesMode> = {
  now: 'now', instant: 'now', immediately: 'now', 'at once': 'now', hourly: 'hourly', digest: 'hourly', off: 'off', none: 'off',
  'şimdi': 'now', hemen: 'now', anında: 'now', saatlik: 'hourly', 'özet': 'hourly', kapalı: 'off', kapat: 'off',
  abhi: 'now', foran: 'now', 'har ghante': 'hourly', ghanta: 'hourly', band: 'off', 'band karo': 'off',
};

export const repliesMode: CommandSpec = {
  id: 'replies-mode',
  usage: { en: 'replies now|hourly|off', tr: 'yanıtlar şimdi|saatlik|kapalı', ur: 'replies abhi|har ghante|band' },
  patterns: {
    en: [/^(?:customer\s+)?replies\s+(?<mode>now|instant|immediately|at once|hourly|digest|off|none)$/i],
    tr: [/^(?:müşteri\s+)?yanıtlar(?:ı)?\s+(?<mode>şimdi|hemen|anında|saatlik|özet|kapalı|kapat)$/i],
    ur: [/^(?:customer\s+)?(?:replies|jawab)\s+(?<mode>abhi|foran|har ghante|ghanta|band karo|band)$/i],
  },
  examples: {
    en: ['replies now', 'replies hourly', 'replies off', 'forward customer replies to me as they come', 'send me the replies once an hour', 'stop forwarding customer replies'],
    tr: ['yanıtlar şimdi', 'yanıtlar saatlik', 'yanıtlar kapalı'],
    ur: ['replies abhi', 'replies har ghante', 'replies band', 'customers ke jawab foran mujhe bhejo', 'jawab har ghante ikatthe bhejo', 'customers ke jawab bhejna band karo'],
  },
  args: [{ name: 'mode', type: 'text', required: true }],
  role: 'manager',
  confirm: false,
  async handler({ ctx, account, lang, args }) {
    const mode = MODE_WORDS[args.mode!.toLowerCase().replace(/\s+/g, ' ')] ?? 'now';
    await setRepliesMode(ctx.db, account.id, mode);
    return t(lang, `cmd.replies-mode.${mode}`);
  },
};
