// The per-contact frequency cap, as an owner chooses it at launch (issue 21 item 8). The plan
// caps every number at one campaign message per `contact_cap_hours` (24 by default) across the
// account's campaigns; a campaign meeting a number another campaign reached inside that time
// waits for it (the default: nothing new to say) or, launched with "skip recent", skips it
// (`skipped`, reason `frequency_cap`, not charged). The claim enforces it (src/dispatch/claim.ts).
import type { Ctx } from '../context.js';
import { findCampaign } from './campaigns.js';
import { CampaignNotFoundError } from './errors.js';

export type ContactCapMode = 'wait' | 'skip';

// "launch eid skip recent", "eid'i yakın zamanda alanları atlayarak başlat", "eid recent walon ko chhor kar chalao".
const SKIP_PATTERNS = [
  /(?:,\s*)?(?:and\s+)?skip(?:ping)?\s+(?:the\s+)?recent(?:ly\s+(?:reached|messaged|contacted))?(?:\s+(?:ones|numbers|contacts))?\b/iu,
  /(?:,\s*)?(?:yakın|yakin)\s+zamanda\s+(?:mesaj\s+)?(?:alanları|alanlari)\s+(?:atla(?:yarak)?)(?![\p{L}])/iu,
  /(?:,\s*)?son\s+(?:24\s+saatte\s+)?(?:mesaj\s+)?(?:alanları|alanlari)\s+(?:atla(?:yarak)?)(?![\p{L}])/iu,
  /(?:,\s*)?(?:recent|haal\s+(?:hi\s+)?(?:mein|ke))\s+(?:walon|walo|wale|numbers?)\s+(?:ko\s+)?(?:chhor|chor|chhod|chod)\s*(?:kar|ke|do|dena)?(?![\p{L}])/iu,
];

/** The launch message's "skip recent" choice and the text without it, or undefined. */
export function findCapSkip(text: string): { rest: string } | undefined {
  for (const re of SKIP_PATTERNS) {
    const m = re.exec(text);
    if (!m) continue;
    return { rest: `${text.slice(0, m.index)} ${text.slice(m.index + m[0].length)}`.replace(/\s+/g, ' ').trim() };
  }
  return undefined;
}

/** What campaign NAME does with recently reached numbers; set at every launch. */
export async function setContactCapMode(ctx: Ctx, accountId: number, name: string, mode: ContactCapMode): Promise<void> {
  const c = await findCampaign(ctx.db, accountId, name);
  if (!c) throw new CampaignNotFoundError(name.trim());
  await ctx.db.exec('UPDATE campaigns SET contact_cap_mode = $2, updated_at = now() WHERE id = $1', [c.id, mode]);
}

/** The account's plan cap in hours (0 = off). */
export async function contactCapHours(ctx: Ctx, accountId: number): Promise<number> {
  const r = await ctx.db.one<{ h: number }>(
    'SELECT p.contact_cap_hours AS h FROM accounts a JOIN plans p ON p.id = a.plan_id WHERE a.id = $1', [accountId]);
  return r?.h ?? 0;
}
