// block NUMBER: the owner adds a number to the account's opt-outs (the same list a
// recipient's STOP feeds); queued messages to it are skipped at once and their credits freed.
import { addSuppression } from '../src/suppression.js';
import { t } from '../src/i18n/t.js';
import type { CommandSpec } from '../src/router/command-spec.js';

export const blockNumberCommand: CommandSpec = {
  id: 'block-number',
  usage: { en: 'block NUMBER', tr: 'engelle NUMARA', ur: 'NUMBER block karo' },
  patterns: {
    en: [
      /^(?:block|blacklist|suppress|opt[\s-]?out|(?:do\s+not|don'?t|never)\s+(?:send|message|text)(?:\s+to)?)\s+(?:the\s+)?(?:number\s+|contact\s+)?(?<phone>\+?\d[\d\s().-]{0,24})$/i,
      /^(?:add\s+)?(?<phone>\+?\d[\d\s().-]{0,24})\s+(?:to\s+(?:the\s+)?(?:opt[\s-]?outs?|block\s*list|blacklist|do\s+not\s+send(?:\s+list)?))$/i,
    ],
    tr: [
      /^(?:engelle|kara listeye al)\s+(?<phone>\+?\d[\d\s().-]{0,24})$/i,
      /^(?<phone>\+?\d[\d\s().-]{0,24})\s+(?:numarasını\s+|numarasini\s+|nolu numarayı\s+)?(?:engelle|kara listeye al|yasakla)$/i,
    ],
    ur: [
      /^(?:block karo|block kar do)\s+(?<phone>\+?\d[\d\s().-]{0,24})$/i,
      /^(?<phone>\+?\d[\d\s().-]{0,24})\s+(?:ko\s+|wala number\s+)?(?:block karo|block kar do|block kardo|mat bhejo|ko message mat bhejo|kabhi mat bhejo)$/i,
    ],
  },
  examples: {
    en: ['block 03001234567', 'never message this number again', 'add a number to the do not send list', 'stop sending to this customer forever', 'put a number on the block list'],
    tr: ['engelle 03001234567', 'bu numaraya bir daha mesaj atma', 'numarayı kara listeye al', 'bu müşteriye asla gönderme', 'bir numarayı engelle'],
    ur: ['03001234567 block karo', 'is number ko kabhi message mat bhejo', 'number ko block list mein daal do', 'is customer ko aage se mat bhejna', 'aik number block kar do'],
  },
  args: [{ name: 'phone', type: 'phone', required: true }],
  role: 'manager',
  confirm: false,
  // Reached by its grammar only: trained into the NLU it took guesses from remove-contact and the campaign verbs.
  grammarOnly: true,
  async handler({ ctx, account, lang, args }) {
    const r = await addSuppression(ctx, account.id, args.phone!, 'owner', 'chat');
    return t(lang, r.added ? 'cmd.block-number.done' : 'cmd.block-number.already', { phone: r.phone });
  },
};
