// Exact grammar: the specs' anchored patterns, tried before any guessing.
import type { Lang } from '../i18n/lang.js';
import type { CommandSpec } from './command-spec.js';

export interface GrammarMatch {
  spec: CommandSpec;
  lang: Lang;
  args: Record<string, string>;
}

/** A single-line message loses trailing ?!. and extra spaces; multi-line text (numbers) is kept. */
export function normaliseCommandText(text: string): string {
  const t = text.replace(/\r\n?/g, '\n').trim();
  if (t.includes('\n')) return t;
  return t.replace(/\s+/g, ' ').replace(/[?!.。]+$/u, '').trim();
}

export function matchGrammar(specs: readonly CommandSpec[], text: string): GrammarMatch | undefined {
  for (const spec of specs) {
    for (const lang of Object.keys(spec.patterns) as Lang[]) {
      for (const re of spec.patterns[lang]) {
        const m = re.exec(text);
        if (!m) continue;
        const args: Record<string, string> = {};
        for (const [k, v] of Object.entries(m.groups ?? {})) if (v !== undefined) args[k] = v.trim();
        return { spec, lang, args };
      }
    }
  }
  return undefined;
}
