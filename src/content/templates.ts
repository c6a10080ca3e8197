// Message templates: `{{name}}`, `{{city}}`, `{{name|customer}}` (fallback when the contact
// has no value). The same template renders in JS (demo, preview) and in SQL (launch writes
// every outbox body in one INSERT … SELECT); a test keeps the two in step.
// A variable that comes out empty takes its surrounding space with it, so "Hi {{name}}, new
// stock" reads "Hi, new stock" and "Eid Mubarak {{name}}!" reads "Eid Mubarak!" (issue 14):
// the text before it loses its trailing spaces when what follows is punctuation, a space or the
// end; the text after it loses its leading spaces when the variable opened the message or a line.

export type TemplateVars = Record<string, string | number | null | undefined>;

/** One `{{ key | fallback }}` placeholder; keys are letters, digits, `_`, `-`, `.`. */
const PLACEHOLDER = /\{\{\s*([\p{L}\p{N}_.-]+)\s*(?:\|([^{}]*))?\}\}/gu;

type Part = { text: string } | { key: string; fallback: string };

/** Variable names are matched case-insensitively and with spaces as `_` (CSV headers). */
export function variableKey(raw: string): string {
  return raw.trim().toLowerCase().replace(/\s+/g, '_');
}

export function parseTemplate(body: string): Part[] {
  const parts: Part[] = [];
  let last = 0;
  for (const m of body.matchAll(PLACEHOLDER)) {
    if (m.index > last) parts.push({ text: body.slice(last, m.index) });
    parts.push({ key: variableKey(m[1]!), fallback: (m[2] ?? '').trim() });
    last = m.index + m[0].length;
  }
  if (last < body.length) parts.push({ text: body.slice(last) });
  return parts;
}

/** Names of the variables a template uses, in order of first use. */
export function templateVariables(body: string): string[] {
  return [...new Set(parseTemplate(body).flatMap((p) => ('key' in p ? [p.key] : [])))];
}

type TextPart = { text: string };
type VarPart = { key: string; fallback: string };

const isVar = (p: Part | undefined): p is VarPart => p !== undefined && 'key' in p;
/** What may follow an empty variable for the space before it to go: punctuation, a space, the end. */
const CLOSES = /^(?:$|[\s,.!?;:)\]}…،؟।])/u;

/**
 * A text part as it reads when the variable before it (`prevEmpty`) and after it (`nextEmpty`)
 * render empty. Only the text's own edges change; the parts around decide which edge may go.
 */
function tidy(parts: Part[], i: number, prevEmpty: boolean, nextEmpty: boolean): string {
  let text = (parts[i] as TextPart).text;
  const after = parts[i + 2];
  if (nextEmpty && isVar(parts[i + 1]) && (after === undefined || (!isVar(after) && CLOSES.test(after.text)))) text = text.replace(/[ \t]+$/, '');
  const before = parts[i - 2];
  if (prevEmpty && isVar(parts[i - 1]) && (before === undefined || (!isVar(before) && /\n[ \t]*$/.test(before.text)) || /^[ \t]+[,.!?;:)\]}…،؟]/u.test(text))) {
    text = text.replace(/^[ \t]+/, '');
  }
  return text;
}

export function renderTemplate(body: string, vars: TemplateVars): string {
  const lookup = new Map<string, string>();
  for (const [k, v] of Object.entries(vars)) {
    if (v !== null && v !== undefined) lookup.set(variableKey(k), String(v).trim());
  }
  const parts = parseTemplate(body);
  const values = parts.map((p) => (isVar(p) ? lookup.get(p.key) || p.fallback : ''));
  const empty = (j: number) => isVar(parts[j]) && values[j] === '';
  return parts.map((p, i) => (isVar(p) ? values[i]! : tidy(parts, i, empty(i - 1), empty(i + 1)))).join('');
}

/**
 * The template as one SQL text expression over a contact row aliased `c`
 * (c.name, c.phone, c.variables). Only the shape is built here; every piece of
 * user text travels as a bind parameter starting at `$firstParam`.
 */
export function templateToSql(body: string, firstParam: number): { sql: string; params: string[] } {
  const params: string[] = [];
  const param = (v: string): string => {
    params.push(v);
    return `$${firstParam + params.length - 1}::text`;
  };
  const parts = parseTemplate(body);
  const valueOf = (p: VarPart) => (p.key === 'name' ? 'c.name' : p.key === 'phone' ? 'c.phone' : `c.variables->>${param(p.key)}`);
  // Whether variable j may render empty (one with a fallback never does), and that test as SQL.
  const mayBeEmpty = (j: number) => isVar(parts[j]) && !(parts[j] as VarPart).fallback;
  const emptySql = (j: number) => `(nullif(btrim(${valueOf(parts[j] as VarPart)}), '') IS NULL)`;
  const pieces = parts.map((p, i) => {
    if (isVar(p)) return `coalesce(nullif(btrim(${valueOf(p)}), ''), ${param(p.fallback)})`;
    const prev = mayBeEmpty(i - 1);
    const next = mayBeEmpty(i + 1);
    const v00 = tidy(parts, i, false, false);
    const v10 = prev ? tidy(parts, i, true, false) : v00;
    const v01 = next ? tidy(parts, i, false, true) : v00;
    const v11 = prev && next ? tidy(parts, i, true, true) : prev ? v10 : v01;
    if (v00 === v10 && v00 === v01 && v00 === v11) return param(v00);
    const cases: string[] = [];
    if (prev && next) cases.push(`WHEN ${emptySql(i - 1)} AND ${emptySql(i + 1)} THEN ${param(v11)}`);
    if (prev && v10 !== v00) cases.push(`WHEN ${emptySql(i - 1)} THEN ${param(v10)}`);
    if (next && v01 !== v00) cases.push(`WHEN ${emptySql(i + 1)} THEN ${param(v01)}`);
    return `CASE ${cases.join(' ')} ELSE ${param(v00)} END`;
  });
  return { sql: pieces.length ? `concat(${pieces.join(', ')})` : `''::text`, params };
}
