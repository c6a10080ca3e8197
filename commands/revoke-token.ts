// revoke token NAME (or its prefix): the token stops working at once, in every process.
import { revokeApiToken } from '../src/api/tokens.js';
import { t } from '../src/i18n/t.js';
import type { CommandSpec } from '../src/router/command-spec.js';

export const revokeTokenCommand: CommandSpec = {
  id: 'revoke-token',
  usage: { en: 'revoke token NAME', tr: 'anahtarı iptal et AD', ur: 'token revoke karo NAAM' },
  patterns: {
    en: [/^(?:revoke|disable)\s+(?:the\s+)?(?:api\s+)?(?:token|key)\s+(?<name>[^\n]+)$/i],
    tr: [/^(?:anahtarı iptal et|anahtari iptal et|api anahtarını iptal et|api anahtarini iptal et|token iptal et)\s+(?<name>[^\n]+)$/i,
      /^(?<name>[^\n]+?)\s+(?:api\s+)?(?:anahtarını|anahtarini|tokenını|tokenini)\s+iptal et$/i],
    ur: [/^(?:token revoke karo|api token revoke karo)\s+(?<name>[^\n]+)$/i,
      /^(?<name>[^\n]+?)\s+(?:api\s+)?token revoke karo$/i],
  },
  examples: {
    en: ['revoke token crm', 'revoke the api key website', 'disable token shop'],
    tr: ['anahtarı iptal et crm', 'api anahtarını iptal et site', 'eski anahtarını iptal et', 'token iptal et dükkan'],
    ur: ['token revoke karo crm', 'api token revoke karo website', 'shop api token revoke karo'],
  },
  args: [{ name: 'name', type: 'name', required: true }],
  // Grammar only: "token"/"key" phrases are exact, and a new intent would move the NLU's other answers.
  grammarOnly: true,
  role: 'owner',
  confirm: false,
  async handler({ ctx, account, member, lang, args }) {
    const r = await revokeApiToken(ctx, account.id, args.name!, { type: 'member', id: member.id, label: member.phone });
    return t(lang, 'cmd.revoke-token.done', { name: r.name, prefix: r.prefix });
  },
};
