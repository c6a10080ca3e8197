// The Sequelize models describe the tables the migrations made: a renamed or dropped column
// shows up here, not as a runtime error in a console page.
import { expect } from 'chai';
import { useTestDb } from '../helpers/pg.js';

describe('models', () => {
  const t = useTestDb();

  it('every model attribute is a column of its table, with the same nullability', async () => {
    const qi = t.db.sequelize.getQueryInterface();
    for (const model of Object.values(t.db.models)) {
      const table = await qi.describeTable(model.getTableName() as string);
      for (const [name, attr] of Object.entries(model.getAttributes())) {
        const column = (attr as { field?: string }).field ?? name;
        expect(table, `${model.name}.${name}`).to.have.property(column);
        if ((attr as { allowNull?: boolean }).allowNull === false && !(attr as { primaryKey?: boolean }).primaryKey) {
          expect(table[column]!.allowNull, `${model.name}.${name} is NOT NULL in the table`).to.equal(false);
        }
      }
    }
  });

  it('reads and writes through a typed model', async () => {
    const { Account, Member } = t.db.models;
    const account = await Account.create({ name: 'Model Co', planId: 1 });
    expect(account.status).to.equal('active');
    await Member.create({ accountId: account.id, phone: '+923001110000', role: 'owner' });
    const found = await Member.findOne({ where: { phone: '+923001110000' } });
    expect(found?.accountId).to.equal(account.id);
  });
});
