// Issue 17: list and campaign names are unique by their normalised form (src/text/normalise.ts),
// so "eid" and a Cyrillic "еid" cannot coexist in one account. The key is computed in the
// application (the normaliser uses the Unicode confusables table), so the column is filled
// here for existing rows; look-alikes that already coexist keep distinct keys (suffixed by id).
import type { MigrationContext } from '../src/db/migrate.js';
import { normalise } from '../src/text/normalise.js';

async function fill(q: MigrationContext['context'], table: 'contact_lists' | 'campaigns'): Promise<void> {
  const rows = (await q(`SELECT id, account_id, name FROM ${table} ORDER BY id`)) as Array<{ id: number; account_id: number; name: string }>;
  const seen = new Set<string>();
  for (const r of rows) {
    let key = normalise(r.name);
    if (seen.has(`${r.account_id}\u0000${key}`)) key = `${key}#${r.id}`;
    seen.add(`${r.account_id}\u0000${key}`);
    await q(`UPDATE ${table} SET name_key = $2 WHERE id = $1`, [r.id, key]);
  }
}

export async function up({ context: q }: MigrationContext): Promise<void> {
  await q(`
ALTER TABLE contact_lists ADD COLUMN name_key text;
ALTER TABLE campaigns ADD COLUMN name_key text;
`);
  await fill(q, 'contact_lists');
  await fill(q, 'campaigns');
  await q(`
CREATE UNIQUE INDEX contact_lists_name_key_idx ON contact_lists(account_id, name_key);
CREATE UNIQUE INDEX campaigns_name_key_idx ON campaigns(account_id, name_key);
`);
}

export async function down({ context: q }: MigrationContext): Promise<void> {
  await q(`
ALTER TABLE contact_lists DROP COLUMN IF EXISTS name_key;
ALTER TABLE campaigns DROP COLUMN IF EXISTS name_key;
`);
}
