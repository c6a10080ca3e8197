// Message templates: `{{name}}`, `{{city}}`, `{{name|customer}}` (fallback when the contact
// has no value). The same template renders in JS (demo, preview) and in SQL (launch writes
// every outbox body in one INSERT … SELECT); a test keeps the two in step.

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

export function renderTemplate(body: string, vars: TemplateVars): string {
  const lookup = new Map<string, string>();
  for (const [k, v] of Object.entries(vars)) {
    if (v !== null && v !== undefined) lookup.set(variableKey(k), String(v).trim());
  }
  return parseTemplate(body)
    .map((p) => ('text' in p ? p.text : lookup.get(p.key) || p.fallback))
    .join('');
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
  const pieces = parseTemplate(body).map((p) => {
    if ('text' in p) return param(p.text);
    const value = p.key === 'name' ? 'c.name' : p.key === 'phone' ? 'c.phone' : `c.variables->>${param(p.key)}`;
    return `coalesce(nullif(btrim(${value}), ''), ${param(p.fallback)})`;
  });
  return { sql: pieces.length ? `concat(${pieces.join(', ')})` : `''::text`, params };
}
