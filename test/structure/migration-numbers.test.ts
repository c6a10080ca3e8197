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
  '0302-language-codes-not-listed': 'b70a943d7a871bc925c452f0c640dacbaeb47e078057d8a2f6a5e08c1c78aa15',
  '0304-follow-up-questions-unknown-replies': 'da29343210d5e6619bffdfe36582283dcf22c55813a08c0d865df256b0a5e2b9',
  '0320-number-checks': '4e07e549c2cae3da52abfdc968dc147683e0929fce2656ef6d5b307b1dff0d56',
  '0321-reachout-lock': 'dd65745d86e17c609906cce3e3975dd901c47a78b623bee5dca69a4920035838',
  '0322-lid-mappings': '1b81b604331b739bb891e97bbc73ddfcf5fb42d19f6d412bfd3491cc4ebbd81c',
  '0330-name-keys': '4052dd85f290f83ea03ac567c6fd40108b3bef8ac6172d04261ea69604e467ac',
  '0331-login-lockouts': 'ba8d7a2b734be2064f59254b63b1f829ac6c9b5e7994f77059a2cf5f034ec652',
  '0410-campaign-schedule-window-packages': 'a46c883eebf6b699622405c23ec76543800c8f34e7f1be3d219afb3ed8aca83b',
  '0420-campaign-variants': '3a421fc736b6a05951ff07affa8f336eec67a960bb92f789ae83597a927a972d',
  '0421-campaign-media': '4d6495976b2284767bdea01e0cf38fcfe7ac98cdd89c36320d1b9a0398a8c99b',
  '0422-retarget-campaigns': '83b1184f281f5746b3b945dc40235c6f2a3d567c24255e398ff4081ac8f0ff6f',
  '0430-inbound-journal': '64399f3cc895b63ba04b4b63b1b22cf1dc223bb9a4fdeaab68613e2748180715',
  '0431-replies-and-calls': 'f7ee80eaac35272ef1b9734d3abd9901296605db60e68c4aa351f78d49c26e09',
  '0432-sender-health': 'a739b44e94043524c6414dbc836845455b33af577a64b5ab3a7a6398447932de',
  '0440-api-tokens-idempotency-webhooks': '4c11f4b567653f678aad091e08e74b20370423324b8501052dc31dde1d356654',
  '0450-sms-email-channels': 'c8e26606dc5df5ed9e95d42542c51c67f919d7a1a1c48342966d3fbcca763691',
  '0460-campaign-counts': 'ba3bc2e1e480deefe039dd836314fc8eb0bd9a5957550582ef8496f2696d9131',
  '0480-credit-low-alerts': '2d5a16fc72ae69aa7e86337c0699a8e267330ef9fae0ccb0e7723dd7a1c2e6bf',
  '0485-contact-frequency-cap': '675e4619f6d4ac56807db407bdc4e57736b205dc1dce6fdd4979849dad47da13',
  '0486-sender-proxy': 'ec10e44575fb303d816944c5b0b81f0535552b74e057fc7bf70c80f5d8fec7e8',
  '0500-counts-by-variant-and-channel': '4d35f8b18055dd75e175609ea618a0a29462d7cdff1ec47162dd69222d03c884',
  '0520-webhook-delivery-notify': 'aae10f3ca2ecf9ae12bf070e318feb45fd0623899f2332cd500b3d19eb166325',
  '0530-drop-stored-retention-hash-key': '7906941145bd1afc1b5a9c57ec2bd3cdb023e55a1b6c4386398e213da3e1c776',
  '0540-outbox-due-at': 'b5a73f57e22a77d545b2c4acadc6fa26ff06a98fe7d069a08d89bf2f2b84f031',
  '0541-terms-replies-kept': '3f63aa58ff06975fa9c9d5730d96d707d9c495ba0d12b4c072fea0bc45ec1c4d',
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
