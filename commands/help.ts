// help: what the asker may run, one example each; `help <command>` explains one.
import { say } from '../src/i18n/lang.js';
import { msg, t } from '../src/i18n/t.js';
import { commandSummary, mayRun, type CommandSpec } from '../src/router/command-spec.js';

/** The literal words of a usage line ("create list NAME" → "create list"). */
function literal(usage: string): string {
  return usage.split(/\s+/).filter((w) => !/^[A-ZÇĞİÖŞÜ_:]{2,}[:]?$/.test(w) && !/^\[/.test(w)).join(' ').toLowerCase();
}

function findCommand(all: readonly CommandSpec[], asked: string): CommandSpec | undefined {
  const q = asked.toLowerCase().replace(/[-_]/g, ' ').trim();
  return all.find((c) => c.id.replace(/-/g, ' ') === q)
    ?? all.find((c) => Object.values(c.usage).some((u) => literal(u) === q))
    ?? all.find((c) => Object.values(c.usage).some((u) => literal(u) !== '' && (literal(u).startsWith(q) || q.startsWith(literal(u)))));
}

export const help: CommandSpec = {
  id: 'help',
  usage: { en: 'help [COMMAND]', tr: 'yardım [KOMUT]', ur: 'madad [COMMAND]' },
  patterns: {
    en: [/^(?:help|menu|commands|start|hi|hello|\?)$/i, /^help\s+(?<command>.+)$/i],
    tr: [/^(?:yardım|yardim|komutlar|menü|merhaba)$/i, /^(?:yardım|yardim)\s+(?<command>.+)$/i],
    ur: [/^(?:madad|salam|assalam o alaikum)$/i, /^madad\s+(?<command>.+)$/i],
  },
  examples: {
    en: ['help', 'what can you do', 'show me the commands', 'how does this work', 'I need help', 'what commands are there', 'list all commands', 'how do I use this bot'],
    tr: ['yardım', 'neler yapabilirsin', 'komutları göster', 'bu nasıl çalışıyor', 'yardıma ihtiyacım var', 'hangi komutlar var', 'tüm komutları listele', 'botu nasıl kullanırım'],
    ur: ['madad', 'tum kya kar sakte ho', 'commands dikhao', 'yeh kaise kaam karta hai', 'mujhe madad chahiye', 'kaun si commands hain', 'sari commands batao', 'bot kaise use karun'],
  },
  args: [{ name: 'command', type: 'text', required: false }],
  role: 'viewer',
  confirm: false,
  allowWhenSuspended: true,
  allowBeforeTerms: true,
  async handler({ args, lang, member, commands }) {
    const allowed = commands.filter((c) => mayRun(member.role, c));
    if (args.command) {
      const c = findCommand(commands, args.command);
      if (!c) return t(lang, 'cmd.help.unknown', { command: args.command.slice(0, 60) });
      const lines = [`*${say(c.usage, lang)}* — ${commandSummary(c, lang)}`, `${t(lang, 'cmd.help.example')} ${c.examples[lang][0] ?? ''}`];
      if (c.confirm) lines.push(t(lang, 'cmd.help.confirm_note'));
      if (!mayRun(member.role, c)) lines.push(t(lang, 'cmd.help.role_note', { role: msg(`role.${c.role}`) }));
      return lines.join('\n');
    }
    const lines = allowed.map((c) => `• *${say(c.usage, lang)}* — ${commandSummary(c, lang)}\n   ${t(lang, 'cmd.help.example')} ${c.examples[lang][0] ?? ''}`);
    return [t(lang, 'cmd.help.title'), ...lines, '', t(lang, 'cmd.help.more')].join('\n');
  },
};
