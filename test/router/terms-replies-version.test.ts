// Issue 21 (second round, item 5): the terms no longer say replies are not kept. Migration 0541
// publishes version 2026-12 where an older version was published, so an owner who accepted
// 2026-01 is asked again, by chat, with the new text.
import { expect } from 'chai';
import { up } from '../../migrations/0541-terms-replies-kept.js';
import { currentTerms, DEFAULT_TERMS_TEXT, hasAcceptedCurrentTerms, recordTermsAcceptance } from '../../src/terms.js';
import { useTestDb } from '../helpers/pg.js';
import { makeAccount } from '../helpers/world.js';

describe('terms 2026-12: replies are kept and forwarded', () => {
  const t = useTestDb();

  it('says replies are kept 90 days and forwarded, never that they are not kept', () => {
    expect(DEFAULT_TERMS_TEXT).to.not.include('not kept as conversations');
    expect(DEFAULT_TERMS_TEXT).to.include('reply and a missed call are kept as message logs (90 days) and forwarded to the account\'s owners');
  });

  it('is published over 2026-01 by the migration, and an owner who accepted 2026-01 must accept again', async () => {
    await t.db.exec('DELETE FROM terms_acceptances');
    await t.db.exec('DELETE FROM terms_versions');
    const old = await t.db.one<{ id: number }>(`INSERT INTO terms_versions (version, body, published_at) VALUES ('2026-01', 'Replies are not kept as conversations.', now() - interval '1 day') RETURNING id`);
    const { accountId, ownerId } = await makeAccount(t.db);
    await recordTermsAcceptance(t.db, { termsVersionId: old!.id, accountId, memberId: ownerId, channel: 'chat', ip: null } as never);
    expect(await hasAcceptedCurrentTerms(t.db, accountId)).to.equal(true);
    await up({ context: (sql: string, params?: unknown[]) => t.db.query(sql, params) } as never);
    await up({ context: (sql: string, params?: unknown[]) => t.db.query(sql, params) } as never); // runs once only
    expect((await currentTerms(t.db))!.version).to.equal('2026-12');
    expect(await t.db.one('SELECT count(*)::int AS n FROM terms_versions')).to.deep.equal({ n: 2 });
    expect(await hasAcceptedCurrentTerms(t.db, accountId), 'asked again').to.equal(false);
  });
});
