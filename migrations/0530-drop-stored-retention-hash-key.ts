// A retention hash key an earlier version kept in settings: deleted once here instead of on
// every hashKey() call (src/retention.ts). Numbers anonymised with it keep their old stand-ins;
// the key now comes from RETENTION_HASH_KEY or is derived from the encryption key, never stored.
import type { MigrationContext } from '../src/db/migrate.js';

export async function up({ context: q }: MigrationContext): Promise<void> {
  await q(`DELETE FROM settings WHERE key = 'retention_hash_key'`);
}

export async function down(): Promise<void> {
  // The deleted key is not brought back: keeping it beside the hashes is what this removes.
}
