// Message variation (issue 14 item 3): a campaign has its text and up to 4 alternative texts
// (5 in all, as Ticketz offers), and any of them may hold spintax `{Hi|Hello|Salam}`.
// Every combination is one numbered variant; each recipient gets one, chosen by a pure
// function of (campaign id, phone), so the same recipient gets the same variant after a
// restart, in the demo's numbering, at launch (SQL) and at claim (JS). The choice is the
// first 32 bits of md5("campaignId:phone") modulo the number of variants, the same digest
// in both languages, kept in step by a test.
import { createHash } from 'node:crypto';
import { renderTemplate, templateToSql, type TemplateVars } from './templates.js';

/** Texts of one campaign, the main one first. */
export const MAX_TEXTS = 5;
/** Combinations of texts and spintax choices one campaign may have (each is counted in status). */
export const MAX_VARIANTS = 100;

/** `{a|b|c}` with single braces (never the `{{name|fallback}}` of a variable); no nesting. */
const SPIN = /(?<!\{)\{([^{}]*\|[^{}]*)\}(?!\})/g;

export interface VariantSource {
  id: number;
  body: string;
  alternates?: readonly string[] | null;
}

/** The campaign's texts, main text first. */
export function campaignTexts(c: Pick<VariantSource, 'body' | 'alternates'>): string[] {
  return [c.body, ...(c.alternates ?? [])];
}

/** Every variant (a template with `{{vars}}` left in), in a fixed order: text by text, spintax choices in order. */
export function expandVariants(texts: readonly string[]): string[] {
  const out: string[] = [];
  for (const text of texts) {
    let partial = [''];
    let last = 0;
    for (const m of text.matchAll(SPIN)) {
      const literal = text.slice(last, m.index);
      const choices = m[1]!.split('|');
      partial = partial.flatMap((p) => choices.map((ch) => p + literal + ch));
      last = m.index + m[0].length;
      if (partial.length > MAX_VARIANTS) return new Array(MAX_VARIANTS + 1).fill(''); // too many: the caller refuses
    }
    for (const p of partial) out.push(p + text.slice(last));
    if (out.length > MAX_VARIANTS) break;
  }
  return out;
}

/** How many variants, counted without building them (for the refusal's number). */
export function countVariants(texts: readonly string[]): number {
  let n = 0;
  for (const text of texts) {
    let k = 1;
    for (const m of text.matchAll(SPIN)) k *= m[1]!.split('|').length;
    n += k;
  }
  return n;
}

/** The variant index (0-based) a recipient gets. Pure: same campaign and phone, same variant. */
export function variantIndex(campaignId: number, phone: string, count: number): number {
  if (count <= 1) return 0;
  const h = createHash('md5').update(`${campaignId}:${phone}`, 'utf8').digest();
  return h.readUInt32BE(0) % count;
}

/** The same choice in SQL over a phone expression; `$campaignParam` holds the campaign id. */
export function variantIndexSql(campaignParam: string, phoneExpr: string, count: number): string {
  if (count <= 1) return '0';
  return `((('x' || substr(md5(${campaignParam}::int::text || ':' || ${phoneExpr}), 1, 8))::bit(32)::bigint % ${count})::smallint)`;
}

export interface RenderedMessage {
  text: string;
  /** 0-based variant; stored in `outbox.variant`, shown to owners 1-based. */
  variant: number;
}

/**
 * The one rendering of a campaign's message for a recipient (demo, launch's SQL twin below,
 * claim): the recipient's variant, then its variables.
 */
export function renderMessage(c: VariantSource, phone: string, vars: TemplateVars, variant?: number): RenderedMessage {
  const variants = expandVariants(campaignTexts(c));
  const v = variant ?? variantIndex(c.id, phone, variants.length);
  return { text: renderTemplate(variants[v] ?? variants[0]!, { phone, ...vars }), variant: v };
}

/**
 * Launch's twin of renderMessage: the variant index and the body as SQL expressions over a
 * contact row `c`; user text travels as bind parameters from `$firstParam`.
 */
export function messageToSql(c: VariantSource, campaignParam: string, firstParam: number): { variantSql: string; bodySql: string; params: string[] } {
  const variants = expandVariants(campaignTexts(c));
  const variantSql = variantIndexSql(campaignParam, 'c.phone', variants.length);
  if (variants.length === 1) {
    const one = templateToSql(variants[0]!, firstParam);
    return { variantSql, bodySql: one.sql, params: one.params };
  }
  const params: string[] = [];
  const arms = variants.map((v, i) => {
    const part = templateToSql(v, firstParam + params.length);
    params.push(...part.params);
    return `WHEN ${i} THEN ${part.sql}`;
  });
  return { variantSql, bodySql: `CASE ${variantSql} ${arms.join(' ')} END`, params };
}

/** Splits an owner's text into the main text and alternatives: a line of only `---` between them. */
export function splitAlternatives(text: string): string[] {
  return text.split(/\r?\n[ \t]*(?:-{3,}|—+|–{2,})[ \t]*(?:\r?\n|$)/).map((s) => s.trim()).filter(Boolean);
}
