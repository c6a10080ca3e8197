// Migrations apply in name order on a fresh database but only the missing ones on an existing
// one, so a new migration numbered below a landed one (a 0005 after 0300) would run in a
// different order in each. New migrations are numbered above the highest landed one, and a
// landed migration is never renamed, removed or edited.
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'migrations');

/** Landed migrations and the SHA-256 of their source. Add a migration here when it lands on main. */
const LANDED: Record<string, string> = {
  '0001-initial-schema': 'bb0dc8fd065289ecffb3ff52b6fe358a8f16311adee799055abf1328be64d501',
  '0002-outbox-set-based-integrity': '9fc0d532dec9803b49ab391929a106a205cab9fdc81b083d3ee87920ea5111d2',
  '0003-outbox-claimed-by': '505da6ebf689b4c40b7015adff24a896176b7d91124d3a32774174f7aaa55b8d',
  '0004-gateway-processes': '3515049d1c8265eefe58159822c195260f4fc88f1ba707420a9acd29c69c3352',
  '0300-pacing-ladder-billing-email': '2e3617823512a47747ea334601689b9d97a83c032d2fa4f4f66243c5149cd022',
  '0301-sender-state-machine': '580959c0b8950feda81aba8f259a7fec3357e06e0d388f6d2d8d0e7d659ec7fd',
};

const number = (name: string) => Number(name.slice(0, 4));

describe('structure: migration numbers', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.ts'));
  const names = files.map((f) => f.replace(/\.ts$/, ''));

  it('every migration is NNNN-name.ts with a number of its own', () => {
    expect(files.filter((f) => !/^\d{4}-[a-z0-9-]+\.ts$/.test(f))).to.deep.equal([]);
    const numbers = names.map(number);
    expect(numbers.filter((n, i) => numbers.indexOf(n) !== i)).to.deep.equal([]);
  });

  it('landed migrations are all there, unchanged', () => {
    for (const [name, sha] of Object.entries(LANDED)) {
      expect(names, `${name} was renamed or removed`).to.include(name);
      expect(createHash('sha256').update(readFileSync(path.join(DIR, `${name}.ts`))).digest('hex'), `${name} was edited`).to.equal(sha);
    }
  });

  it('new migrations are numbered above the highest landed one', () => {
    const highest = Math.max(...Object.keys(LANDED).map(number));
    expect(names.filter((n) => !(n in LANDED) && number(n) <= highest)).to.deep.equal([]);
  });
});
