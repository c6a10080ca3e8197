import { expect } from 'chai';
import { useTestDb } from '../helpers/pg.js';
import { createWorld, type World } from './router-world.js';

describe('router smoke', () => {
  const t = useTestDb();
  let w: World;
  before(async function () { this.timeout(120_000); w = await createWorld(t.db); });

  it('answers balance by grammar and by free text in three languages', async () => {
    const a = await w.newAccount({ credits: 500 });
    for (const text of ['balance', 'how much credit do I have left?', 'bakiyem ne kadar', 'mera balance kitna hai']) {
      const r = await w.send(a.phone, text);
      console.log(text, '→', r);
      expect(r.join('\n')).to.match(/500/);
    }
    console.log(w.router.nluInfo());
  });
});
