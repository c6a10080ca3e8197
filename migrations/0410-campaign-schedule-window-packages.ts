// Issue 14 items 2 and 4: a campaign's scheduled start (and who set it, to tell them if the start
// is refused), its own sending window in the account's time zone (minutes after midnight, on top
// of the account's quiet hours), a sender's count of messages left before its next long pause,
// and a plan's own package sizes and pauses (NULL: the defaults in src/senders/human-pacing.ts).
import type { MigrationContext } from '../src/db/migrate.js';

export async function up({ context: q }: MigrationContext): Promise<void> {
  await q(`
ALTER TABLE campaigns
  ADD COLUMN scheduled_at        timestamptz,
  ADD COLUMN scheduled_by        integer REFERENCES members(id) ON DELETE SET NULL,
  ADD COLUMN window_start_minute smallint CHECK (window_start_minute BETWEEN 0 AND 1439),
  ADD COLUMN window_end_minute   smallint CHECK (window_end_minute BETWEEN 0 AND 1439),
  ADD CONSTRAINT campaigns_window_pair CHECK ((window_start_minute IS NULL) = (window_end_minute IS NULL));
CREATE INDEX campaigns_scheduled_idx ON campaigns(scheduled_at) WHERE scheduled_at IS NOT NULL;
ALTER TABLE sender_sessions ADD COLUMN package_left integer;
ALTER TABLE plans
  ADD COLUMN package_size_min     smallint CHECK (package_size_min >= 1),
  ADD COLUMN package_size_max     smallint CHECK (package_size_max >= package_size_min),
  ADD COLUMN package_pause_min_ms integer CHECK (package_pause_min_ms >= 0),
  ADD COLUMN package_pause_max_ms integer CHECK (package_pause_max_ms >= package_pause_min_ms);
`);
}

export async function down({ context: q }: MigrationContext): Promise<void> {
  await q(`
ALTER TABLE plans DROP COLUMN IF EXISTS package_pause_max_ms, DROP COLUMN IF EXISTS package_pause_min_ms,
  DROP COLUMN IF EXISTS package_size_max, DROP COLUMN IF EXISTS package_size_min;
ALTER TABLE sender_sessions DROP COLUMN IF EXISTS package_left;
DROP INDEX IF EXISTS campaigns_scheduled_idx;
ALTER TABLE campaigns DROP CONSTRAINT IF EXISTS campaigns_window_pair,
  DROP COLUMN IF EXISTS window_end_minute, DROP COLUMN IF EXISTS window_start_minute,
  DROP COLUMN IF EXISTS scheduled_by, DROP COLUMN IF EXISTS scheduled_at;
`);
}
