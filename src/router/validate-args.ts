// Argument checks with a precise message, before a handler or a confirmation code.
import { normalisePhone } from '../phone.js';
import { say, type Lang } from '../i18n/lang.js';
import { M } from '../i18n/router-messages.js';
import { isMessageKey, t } from '../i18n/t.js';
import type { CommandSpec } from './command-spec.js';

const NAME = /^[\p{L}\p{N}][\p{L}\p{N} _.\-]{0,63}$/u;
const MAX_CREDITS = 10_000_000;

/** An argument's name as the usage line writes it in this language (NAME, AD, NAAM). */
function argName(name: string, lang: Lang): string {
  const key = `arg.${name}`;
  return isMessageKey(key) ? t(lang, key) : name.toUpperCase();
}

export type Validated = { ok: true; args: Record<string, string> } | { ok: false; message: string };

/** Strips quotes people put around names: "create list 'vip'". */
function unquote(s: string): string {
  return s.replace(/^["'“”‘’«»]+|["'“”‘’«»]+$/gu, '').trim();
}

export function validateArgs(spec: CommandSpec, raw: Record<string, string>, lang: Lang, country: string): Validated {
  const args: Record<string, string> = {};
  for (const a of spec.args) {
    const value = raw[a.name] === undefined ? '' : a.type === 'lines' || a.type === 'text' ? raw[a.name]!.trim() : unquote(raw[a.name]!);
    if (!value) {
      if (a.required) return { ok: false, message: say(M.missingArg, lang, { arg: argName(a.name, lang), usage: say(spec.usage, lang) }) };
      continue;
    }
    switch (a.type) {
      case 'name':
        if (!NAME.test(value)) return { ok: false, message: say(M.badName, lang, { value: value.slice(0, 80) }) };
        args[a.name] = value;
        break;
      case 'phone': {
        const r = normalisePhone(value, country);
        if (!r.ok) return { ok: false, message: say(M.badPhone, lang, { value: value.slice(0, 40), reason: t(lang, `reason.phone.${r.reason}`) }) };
        args[a.name] = r.e164;
        break;
      }
      case 'amount': {
        const digits = value.replace(/[,._\s]/g, '');
        const n = /^\d{1,9}$/.test(digits) ? Number(digits) : NaN;
        if (!(n >= 1 && n <= MAX_CREDITS)) return { ok: false, message: say(M.badAmount, lang, { value: value.slice(0, 40) }) };
        args[a.name] = String(n);
        break;
      }
      default:
        args[a.name] = value;
    }
  }
  return { ok: true, args };
}
