// unblock NUMBER: takes a number the owner blocked off the opt-outs. A number whose owner
// sent STOP stays: an opt-out is honoured whatever else happens (RULES).
import { removeSuppression } from '../src/suppression.js';
import { t } from '../src/i18n/t.js';
import type { CommandSpec } from '../src/router/command-spec.js';

export const unblockNumberCommand: CommandSpec = {
  id: 'unblock-number',
  usage: { en: 'unblock NUMBER', tr: 'engeli kaldır NUMARA', ur: 'NUMBER unblock karo' },
  patterns: {
    en: [/^(?:unblock|unsuppress|opt[\s-]?in|allow)\s+(?:the\s+)?(?:number\s+|contact\s+)?(?<phone>\+?\d[\d\s().-]{0,24})$/i],
    tr: [
      /^(?:engeli kaldır|engeli kaldir|engel kaldır|engel kaldir)\s+(?<phone>\+?\d[\d\s().-]{0,24})$/i,
      /^(?<phone>\+?\d[\d\s().-]{0,24})\s+(?:numarasının\s+|numarasinin\s+)?(?:engelini kaldır|engelini kaldir|engelini aç|engelini ac)$/i,
    ],
    ur: [
      /^(?:unblock karo|unblock kar do)\s+(?<phone>\+?\d[\d\s().-]{0,24})$/i,
      /^(?<phone>\+?\d[\d\s().-]{0,24})\s+(?:ko\s+)?(?:unblock karo|unblock kar do|unblock kardo|block se nikalo|block se hatao)$/i,
    ],
  },
  examples: {
    en: ['unblock 03001234567', 'allow this number to get messages again', 'take a number off the block list', 'remove a number from the do not send list'],
    tr: ['engeli kaldır 03001234567', 'bu numaranın engelini kaldır', 'numarayı kara listeden çıkar', 'bu numaraya tekrar gönderilebilsin'],
    ur: ['03001234567 unblock karo', 'is number ko block se nikalo', 'number ko dobara messages bhejne do', 'block list se number hata do'],
  },
  args: [{ name: 'phone', type: 'phone', required: true }],
  role: 'manager',
  confirm: false,
  // Reached by its grammar only: trained into the NLU it took guesses from remove-contact and the campaign verbs.
  grammarOnly: true,
  async handler({ ctx, account, lang, args }) {
    const r = await removeSuppression(ctx, account.id, args.phone!);
    return t(lang, r.removed ? 'cmd.unblock-number.done' : 'cmd.unblock-number.absent', { phone: r.phone });
  },
};
