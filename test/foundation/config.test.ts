import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_DOCS, ConfigError, loadConfig } from '../../src/config.js';
import { REPO_ROOT } from '../helpers/cli.js';

describe('config', () => {
  it('has working defaults with an empty environment', () => {
    const c = loadConfig({});
    expect(c.port).to.equal(3000);
    expect(c.dataDir).to.equal(path.resolve('./data'));
    expect(c.databaseUrl).to.equal(undefined);
    expect(c.pacingMs).to.deep.equal([8000, 30000]);
    expect(c.defaultCountry).to.equal('PK');
    expect(c.messageRetentionDays).to.equal(90);
  });

  it('reads ranges such as SANDBOX_PACING_MS=0 and min,max', () => {
    expect(loadConfig({ SANDBOX_PACING_MS: '0' }).sandboxPacingMs).to.deep.equal([0, 0]);
    expect(loadConfig({ SANDBOX_PACING_MS: '10, 50' }).sandboxPacingMs).to.deep.equal([10, 50]);
  });

  const bad: Array<[Record<string, string>, string, RegExp]> = [
    [{ PORT: 'eighty' }, 'PORT', /whole number/],
    [{ PORT: '70000' }, 'PORT', /between 0 and 65535/],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL', /postgres/],
    [{ WA_TRANSPORT: 'telegram' }, 'WA_TRANSPORT', /whatsapp.*sandbox/],
    [{ SANDBOX_PACING_MS: '50,10' }, 'SANDBOX_PACING_MS', /below min/],
    [{ SANDBOX_FAILURE_RATE: '2' }, 'SANDBOX_FAILURE_RATE', /0 to 1/],
    [{ DEFAULT_COUNTRY: 'Pakistan' }, 'DEFAULT_COUNTRY', /two-letter/],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL', /unknown level/],
    [{ TRUST_PROXY: 'maybe' }, 'TRUST_PROXY', /hop count/],
    [{ TRUST_PROXY: 'true' }, 'TRUST_PROXY', /blanket/],
  ];
  for (const [env, variable, message] of bad) {
    it(`names ${variable} when it is invalid (${JSON.stringify(env)})`, () => {
      try {
        loadConfig(env);
        expect.fail('should have thrown');
      } catch (e) {
        expect(e).to.be.instanceOf(ConfigError);
        expect((e as ConfigError).variable).to.equal(variable);
        expect((e as Error).message).to.match(message).and.to.match(new RegExp(`^${variable}:`));
      }
    });
  }

  it('.env.example lists every variable loadConfig reads, with its default', () => {
    const example = readFileSync(path.join(REPO_ROOT, '.env.example'), 'utf8');
    for (const [name, def] of CONFIG_DOCS) {
      expect(example, name).to.match(new RegExp(`^#? ?${name}=`, 'm'));
      if (!def.startsWith('(')) expect(example).to.include(`${name}=${def}`);
    }
    const src = readFileSync(path.join(REPO_ROOT, 'src', 'config.ts'), 'utf8');
    const read = new Set([...src.matchAll(/env(?:\.|, ')([A-Z_]{3,})/g)].map((m) => m[1]!));
    read.delete('NODE_ENV');
    for (const name of read) expect(CONFIG_DOCS.map((d) => d[0]), `${name} is read but undocumented`).to.include(name);
  });
});
