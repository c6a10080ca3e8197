import { expect } from 'chai';
import { openDb } from '../../src/db/database.js';
import { createMigrator, migrate } from '../../src/db/migrate.js';
import { createTestDatabase } from '../helpers/pg.js';

describe('migrations', () => {
  it('apply from an empty database, record names without extensions, and re-run as a no-op', async () => {
    const { url, drop } = await createTestDatabase();
    const db = await openDb({ url, poolMax: 2 });
    try {
      // The template is already migrated: roll everything back to prove "up from empty".
      await (await createMigrator(db)).down({ to: 0 as const });
      const tables = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname='public' AND tablename <> 'schema_migrations'`);
      expect(tables[0]!.n).to.equal(0);
      const applied = await migrate(db);
      expect(applied).to.include('0001-initial-schema');
      const names = await db.query<{ name: string }>('SELECT name FROM schema_migrations');
      expect(names.every((r) => !/\.(js|ts)$/.test(r.name))).to.equal(true);
      expect(await migrate(db)).to.deep.equal([]);
    } finally {
      await db.close();
      await drop();
    }
  });
});
