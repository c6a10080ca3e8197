// The held-out understanding set (test/fixtures/understanding/{en,tr,ur}.tsv, written by
// someone who never saw the grammar or the training examples): per language, the share of
// messages resolved to the right command with the right arguments, through the router's
// explain path on a real database. Prints the figure and the categories of misses (command
// ids), never the lines, so nobody tunes against them. Fails on any costly misfire, on a
// line shared with the training examples, and below the accuracy floor.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { allCommands } from '../../commands/index.js';
import { createCampaign } from '../../src/campaigns/campaigns.js';
import { createList } from '../../src/contacts/lists.js';
import type { Lang } from '../../src/i18n/lang.js';
import { nameKey } from '../../src/understanding/account-vocabulary.js';
import { TRAINING_PHRASINGS } from '../../src/understanding/training-phrasings.js';
import { COSTLY_COMMANDS } from '../../src/understanding/understand.js';
import { useTestDb } from '../helpers/pg.js';
import { createWorld, type World } from './router-world.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const FIXTURES = path.resolve(here, '..', '..', '..', 'test', 'fixtures', 'understanding');

/**
 * The target is 95% in every language; it is NOT reached yet. The floor below is what the
 * understanding reaches today (README "Understanding"), so a change that understands less fails;
 * UNDERSTANDING_FLOOR=0.95 checks the target itself.
 */
export const ACCURACY_TARGET = 0.95;
const FLOORS: Record<Lang, number> = { en: 0.92, tr: 0.89, ur: 0.865 };
const floorOf = (lang: Lang) => (process.env.UNDERSTANDING_FLOOR ? Number(process.env.UNDERSTANDING_FLOOR) : FLOORS[lang]);

interface Line { want: string; args: Record<string, string | number>; text: string }

function readSet(lang: Lang): Line[] {
  return readFileSync(path.join(FIXTURES, `${lang}.tsv`), 'utf8').split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => {
      const [want, args, ...text] = l.split('\t');
      return { want: want!.trim(), args: JSON.parse(args || '{}'), text: text.join('\t') };
    });
}

const digits = (s: string) => s.replace(/\D/g, '');

function argMatches(key: string, want: string | number, got: string | undefined): boolean {
  if (got === undefined) return false;
  if (key === 'phone') return digits(String(want)).slice(-10) === digits(got).slice(-10);
  if (key === 'amount' || key === 'n') return digits(String(want)) === digits(got);
  if (key === 'text') return String(want).trim() === got.trim();
  return nameKey(String(want)) === nameKey(got);
}

const normaliseLine = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();

describe('understanding on the held-out set', function () {
  this.timeout(600_000);
  const t = useTestDb();
  let w: World;
  let phone: string;
  const known = new Set(allCommands.map((c) => c.id));

  before(async () => {
    w = await createWorld(t.db);
    const a = await w.newAccount({ credits: 10_000 });
    phone = a.phone;
    for (const l of ['vip', 'wholesale', 'karachi', 'test']) await createList(w.ctx, a.accountId, l);
    // A campaign needs someone to send to (issue 14): one contact on the list the campaigns use.
    await t.db.exec(`INSERT INTO contacts (list_id, phone) SELECT id, '+923001112233' FROM contact_lists WHERE account_id = $1 AND name = 'vip'`, [a.accountId]);
    for (const c of ['eid', 'jumma', 'promo', 'newyear']) await createCampaign(w.ctx, a.accountId, { name: c, listName: 'vip', body: `${c} offer` });
  });

  it('no line of the set is a training example (a bare command word of one or two words aside)', () => {
    const held = new Set((['en', 'tr', 'ur'] as Lang[]).flatMap((l) => readSet(l)).map((x) => normaliseLine(x.text)));
    // Named by command, language and position, so the clash can be fixed without reading the set.
    const shared = allCommands.flatMap((c) => (Object.entries(c.examples) as Array<[Lang, string[]]>)
      .flatMap(([lang, list]) => list.map((e, i) => ({ at: `${c.id}.${lang}[${i}]`, e: normaliseLine(e) }))))
      .filter(({ e }) => e.split(' ').length >= 3 && held.has(e)).map(({ at }) => at);
    expect(shared, 'training examples that are lines of the held-out set').to.deep.equal([]);
  });

  it('no line of the set is a training-only phrasing, of any length', () => {
    const held = new Set((['en', 'tr', 'ur'] as Lang[]).flatMap((l) => readSet(l)).map((x) => normaliseLine(x.text)));
    const shared = Object.entries(TRAINING_PHRASINGS).flatMap(([id, byLang]) => Object.entries(byLang)
      .flatMap(([lang, list]) => (list ?? []).map((e, i) => ({ at: `${id}.${lang}[${i}]`, e: normaliseLine(e) }))))
      .filter(({ e }) => held.has(e)).map(({ at }) => at);
    expect(shared, 'training phrasings that are lines of the held-out set').to.deep.equal([]);
  });

  for (const lang of ['en', 'tr', 'ur'] as Lang[]) {
    it(`${lang}: command and arguments right at least as often as the floor, and no costly misfire`, async () => {
      const set = readSet(lang);
      const skipped = new Map<string, number>();
      const missesBy = new Map<string, number>();
      const costly = new Map<string, number>();
      let ok = 0;
      let scored = 0;
      for (const line of set) {
        if (line.want !== 'none' && !known.has(line.want)) {
          skipped.set(line.want, (skipped.get(line.want) ?? 0) + 1);
          continue;
        }
        scored++;
        const got = await w.router.explain(phone, line.text);
        const good = line.want === 'none'
          ? got.command === null || got.command === 'help'
          : got.command === line.want && Object.entries(line.args).every(([k, v]) => argMatches(k, v, got.args[k] ?? (k === 'n' ? got.args.number : undefined)));
        if (good) ok++;
        else {
          const what = got.command === line.want ? `${line.want} (arguments)` : `${line.want} → ${got.command ?? 'nothing'}`;
          missesBy.set(what, (missesBy.get(what) ?? 0) + 1);
          // UNDERSTANDING_MISSES=1 prints each miss, for comparing two builds line by line.
          if (process.env.UNDERSTANDING_MISSES) console.log(`      miss ${lang}\t${line.want}\t${line.text}\t-> ${got.command} ${JSON.stringify(got.args)}`);
        }
        if (got.command && COSTLY_COMMANDS.has(got.command) && got.command !== line.want) {
          const what = `${line.want} → ${got.command}`;
          costly.set(what, (costly.get(what) ?? 0) + 1);
        }
      }
      const accuracy = ok / scored;
      const list = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ×${n}`).join(', ');
      console.log(`      understood ${lang}: ${(accuracy * 100).toFixed(1)}% (${ok}/${scored}); costly misfires ${[...costly.values()].reduce((a, b) => a + b, 0)}`
        + (skipped.size ? `; skipped (command not registered): ${list(skipped)}` : ''));
      if (missesBy.size) console.log(`      misses by kind: ${list(missesBy)}`);
      expect(list(costly), 'costly misfires').to.equal('');
      if (accuracy < ACCURACY_TARGET) console.log(`      below the ${ACCURACY_TARGET * 100}% target`);
      expect(accuracy).to.be.at.least(floorOf(lang));
    });
  }
});
