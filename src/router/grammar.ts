// Exact grammar: the specs' anchored patterns, tried before any guessing.
import type { Lang } from '../i18n/lang.js';
import type { CommandSpec } from './command-spec.js';

export interface GrammarMatch {
  spec: CommandSpec;
  lang: Lang;
  args: Record<string, string>;
}

export { normaliseCommandText } from '../understanding/command-text.js';

// Words that are never a list or campaign name: "campaign chala do" is a sentence, not launch "campaign".
const GENERIC = new Set(['campaign', 'campaigns', 'kampanya', 'kampanyayı', 'kampanyamı', 'kampanyam', 'list', 'lists', 'liste', 'listeyi', 'listemi',
  'my', 'the', 'a', 'it', 'this', 'that', 'all', 'meri', 'mera', 'mere', 'yeh', 'woh', 'bu', 'şu', 'demo', 'test', 'account', 'hesap', 'hesabımı',
  'sending', 'messages', 'message', 'mesaj', 'mesajları', 'now', 'abhi', 'şimdi', 'please', 'lütfen', 'sab', 'ko', 'to', 'for', 'bhejna', 'göndermeye']);

function looksLikeSentence(value: string): boolean {
  const words = value.toLowerCase().split(/\s+/).filter(Boolean);
  const generic = words.filter((w) => GENERIC.has(w)).length;
  return generic === words.length || (words.length >= 3 && generic > 0);
}

/**
 * `raw` is the message as written: a free-text argument (a campaign's text) is taken from it,
 * so the normalisation meant for command words never eats the text's own final "." or spaces.
 */
export function matchGrammar(specs: readonly CommandSpec[], text: string, raw?: string): GrammarMatch | undefined {
  for (const spec of specs) {
    for (const lang of Object.keys(spec.patterns) as Lang[]) {
      for (const re of spec.patterns[lang]) {
        const m = re.exec(text);
        if (!m) continue;
        const args: Record<string, string> = {};
        for (const [k, v] of Object.entries(m.groups ?? {})) if (v !== undefined) args[k] = v.trim();
        if ((args.name !== undefined && looksLikeSentence(args.name)) || (args.list !== undefined && looksLikeSentence(args.list))) continue;
        const rawText = args.text !== undefined && raw !== undefined ? re.exec(raw.trim())?.groups?.text : undefined;
        if (rawText !== undefined) args.text = rawText.trim();
        return { spec, lang, args };
      }
    }
  }
  return undefined;
}
