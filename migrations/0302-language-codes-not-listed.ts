// Issue 13: the languages come from the message catalogues (src/i18n/lang.ts), so the schema
// no longer lists them: adding a language needs no migration. Only the code's shape is checked.
import type { MigrationContext } from '../src/db/migrate.js';

export async function up({ context: q }: MigrationContext): Promise<void> {
  await q(`
ALTER TABLE accounts DROP CONSTRAINT IF EXISTS accounts_language_check;
ALTER TABLE members DROP CONSTRAINT IF EXISTS members_language_check;
ALTER TABLE accounts ADD CONSTRAINT accounts_language_code CHECK (language ~ '^[a-z]{2,3}$');
ALTER TABLE members ADD CONSTRAINT members_language_code CHECK (language ~ '^[a-z]{2,3}$');
`);
}

export async function down({ context: q }: MigrationContext): Promise<void> {
  await q(`
ALTER TABLE accounts DROP CONSTRAINT IF EXISTS accounts_language_code;
ALTER TABLE members DROP CONSTRAINT IF EXISTS members_language_code;
ALTER TABLE accounts ADD CONSTRAINT accounts_language_check CHECK (language IN ('en','tr','ur'));
ALTER TABLE members ADD CONSTRAINT members_language_check CHECK (language IN ('en','tr','ur'));
`);
}
