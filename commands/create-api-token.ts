// create api token [NAME]: a token for the HTTP API, shown in this reply only.
import { createApiToken } from '../src/api/tokens.js';
import { t } from '../src/i18n/t.js';
import type { CommandSpec } from '../src/router/command-spec.js';

export const createApiTokenCommand: CommandSpec = {
  id: 'create-api-token',
  usage: { en: 'create api token [NAME]', tr: 'api anahtarı oluştur [AD]', ur: 'api token banao [NAAM]' },
  patterns: {
    en: [/^(?:create|make|new|generate|get)\s+(?:an?\s+|my\s+)?(?:new\s+)?api\s+(?:token|key)(?:\s+(?:called\s+|named\s+|for\s+)?(?<name>[^\n]+))?$/i],
    tr: [/^(?:api anahtarı oluştur|api anahtari olustur|yeni api anahtarı|yeni api anahtari|api token oluştur|api token olustur)(?:\s+(?<name>[^\n]+))?$/i,
      /^(?<name>[^\n]+?)\s+(?:adlı|adli|adında|adinda)\s+api (?:anahtarı|anahtari|token) (?:oluştur|olustur)$/i],
    ur: [/^(?:api token banao|api token bana do|naya api token|api key banao)(?:\s+(?<name>[^\n]+))?$/i,
      /^(?<name>[^\n]+?)\s+(?:naam ka\s+)?api (?:token|key) (?:banao|bana do)$/i],
  },
  examples: {
    en: ['create api token', 'create api token crm', 'make a new api key', 'I need an api token for my website', 'generate an api key', 'give me a token for the api'],
    tr: ['api anahtarı oluştur', 'api anahtarı oluştur crm', 'yeni api anahtarı', 'web sitem için api anahtarı lazım', 'bana bir api anahtarı ver', 'api token oluştur'],
    ur: ['api token banao', 'api token banao crm', 'naya api token chahiye', 'website ke liye api key bana do', 'mujhe api token do', 'api key banao'],
  },
  args: [{ name: 'name', type: 'name', required: false }],
  // Grammar only: "token"/"key" phrases are exact, and a new intent would move the NLU's other answers.
  grammarOnly: true,
  role: 'owner',
  confirm: false,
  async handler({ ctx, account, member, lang, args }) {
    const tok = await createApiToken(ctx, account.id, { name: args.name }, { type: 'member', id: member.id, label: member.phone });
    return t(lang, 'cmd.create-api-token.done', { name: tok.name, token: tok.token });
  },
};
