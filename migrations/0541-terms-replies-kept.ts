// Issue 21 (second round, item 5): the terms said "Replies are not kept as conversations", but
// replies are now kept 90 days and forwarded to the owners. A new version (2026-12) is published
// where terms were already published, so every owner accepts it again before going on (the
// existing mechanism: the latest version must be accepted); a new database gets it as its default.
import type { MigrationContext } from '../src/db/migrate.js';
import { DEFAULT_TERMS_TEXT, DEFAULT_TERMS_VERSION } from '../src/terms-texts.js';

export async function up({ context: q }: MigrationContext): Promise<void> {
  await q(`INSERT INTO terms_versions (version, body) SELECT $1, $2 WHERE EXISTS (SELECT 1 FROM terms_versions)
           ON CONFLICT (version) DO NOTHING`, [DEFAULT_TERMS_VERSION, DEFAULT_TERMS_TEXT]);
}

export async function down({ context: q }: MigrationContext): Promise<void> {
  await q(`DELETE FROM terms_versions WHERE version = $1 AND NOT EXISTS (SELECT 1 FROM terms_acceptances ta JOIN terms_versions tv ON tv.id = ta.terms_version_id WHERE tv.version = $1)`,
    [DEFAULT_TERMS_VERSION]);
}
