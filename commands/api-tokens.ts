// api tokens: names, visible prefixes and last use of the account's live API tokens.
import { listApiTokens } from '../src/api/tokens.js';
import { t } from '../src/i18n/t.js';
import type { CommandSpec } from '../src/router/command-spec.js';

export const apiTokens: CommandSpec = {
  id: 'api-tokens',
  usage: { en: 'api tokens', tr: 'api anahtarları', ur: 'api tokens' },
  patterns: {
    en: [/^(?:api tokens|api keys|my api tokens|my api keys|show (?:my\s+)?api (?:tokens|keys)|list (?:my\s+)?api (?:tokens|keys))$/i],
    tr: [/^(?:api anahtarları|api anahtarlari|api anahtarlarım|api anahtarlarim|api anahtarlarını göster|api anahtarlarini goster)$/i],
    ur: [/^(?:api tokens dikhao|mere api tokens|api keys dikhao|mere api tokens dikhao)$/i],
  },
  examples: {
    en: ['api tokens', 'show my api tokens', 'which api keys do I have', 'list my api keys'],
    tr: ['api anahtarları', 'api anahtarlarımı göster', 'hangi api anahtarlarım var', 'api anahtarlarını listele'],
    ur: ['api tokens dikhao', 'mere api tokens', 'mere paas kaun se api tokens hain', 'api keys dikhao'],
  },
  args: [],
  // Grammar only: "token"/"key" phrases are exact, and a new intent would move the NLU's other answers.
  grammarOnly: true,
  role: 'owner',
  confirm: false,
  async handler({ ctx, account, lang }) {
    const rows = await listApiTokens(ctx.db, account.id);
    if (!rows.length) return t(lang, 'cmd.api-tokens.none');
    return [t(lang, 'cmd.api-tokens.head'), ...rows.map((r) => t(lang, 'cmd.api-tokens.line', {
      name: r.name, prefix: r.prefix, readonly: r.read_only ? t(lang, 'cmd.api-tokens.read_only') : '',
      used: r.last_used_at ? r.last_used_at.toISOString().slice(0, 16).replace('T', ' ') + ' UTC' : t(lang, 'cmd.api-tokens.never'),
    }))].join('\n');
  },
};
