// Issue 17 item 5: sign-in lockout per console user and client address, so a stranger's
// failed attempts cannot lock the real user out from their own address.
import type { MigrationContext } from '../src/db/migrate.js';

export async function up({ context: q }: MigrationContext): Promise<void> {
  await q(`
CREATE TABLE login_lockouts (
  admin_user_id integer NOT NULL REFERENCES admin_users(id) ON DELETE CASCADE,
  ip            text NOT NULL,
  failures      integer NOT NULL DEFAULT 0,
  locked_until  timestamptz,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (admin_user_id, ip)
);
`);
}

export async function down({ context: q }: MigrationContext): Promise<void> {
  await q('DROP TABLE IF EXISTS login_lockouts');
}
