import { expect } from 'chai';
import { renderTemplate, templateToSql, templateVariables } from '../../src/content/templates.js';
import { useTestDb } from '../helpers/pg.js';

describe('message templates', () => {
  const t = useTestDb();

  it('fills per-contact variables, case-insensitively and with spaces inside the braces', () => {
    expect(renderTemplate('Salam {{name}}, your {{ Package }} offer in {{city}}!', { name: 'Ali', package: 'Gold', city: 'Lahore' }))
      .to.equal('Salam Ali, your Gold offer in Lahore!');
  });

  it('uses the fallback when the contact has no value or an empty one, and nothing when there is no fallback', () => {
    expect(renderTemplate('Dear {{name|customer}}', {})).to.equal('Dear customer');
    expect(renderTemplate('Dear {{name | valued customer }}', { name: '  ' })).to.equal('Dear valued customer');
    expect(renderTemplate('Dear {{name}}!', {})).to.equal('Dear!');
    expect(renderTemplate('Hi {{first_name|there}}', { 'First Name': 'Sana' })).to.equal('Hi Sana');
  });

  it('an empty variable leaves no stray space or punctuation gap; spaces a value needs stay', () => {
    expect(renderTemplate('Hi {{name}}, new stock arrived', {})).to.equal('Hi, new stock arrived');
    expect(renderTemplate('Eid Mubarak {{name}} !', {})).to.equal('Eid Mubarak!');
    expect(renderTemplate('Eid Mubarak {{name}}!', {})).to.equal('Eid Mubarak!');
    expect(renderTemplate('Eid Mubarak {{name}}', {})).to.equal('Eid Mubarak');
    expect(renderTemplate('Dear {{name}} welcome back', {})).to.equal('Dear welcome back');
    expect(renderTemplate('{{name}} welcome back', {})).to.equal('welcome back');
    expect(renderTemplate('Salam!\n{{name}} your order is ready', {})).to.equal('Salam!\nyour order is ready');
    expect(renderTemplate('Hi {{first}} {{last}}, sale', { first: 'Ali' })).to.equal('Hi Ali, sale');
    expect(renderTemplate('Hi {{first}} {{last}}, sale', { last: 'Khan' })).to.equal('Hi Khan, sale');
    expect(renderTemplate('Hi {{first}} {{last}}, sale', {})).to.equal('Hi, sale');
    expect(renderTemplate('Hi {{name}}, new stock', { name: 'Sana' })).to.equal('Hi Sana, new stock');
    expect(renderTemplate('Hi {{name|friend}}, new stock', {})).to.equal('Hi friend, new stock');
    expect(renderTemplate('Code: {{code}} today', {})).to.equal('Code: today');
  });

  it('leaves text that is not a placeholder alone', () => {
    expect(renderTemplate('50% off {{ }} {name} {{a b}} }}', { name: 'x' })).to.equal('50% off {{ }} {name} {{a b}} }}');
  });

  it('lists the variables a template uses', () => {
    expect(templateVariables('{{name}} {{City|x}} {{name|y}}')).to.deep.equal(['name', 'city']);
  });

  it('renders the same text in SQL (launch) as in JS (demo) for every contact shape', async () => {
    for (const body of ["Salam {{name|customer}}! {{city}} — code {{code|NONE}}; it's 100% \\ safe $1 {{phone}}",
      'Hi {{name}}, new stock in {{city}}!', 'Eid Mubarak {{name}} !', '{{name}} {{city}}, offer\n{{code}} ends', 'Hi {{first}} {{city}}, {{code}}']) {
    const contacts = [
      { phone: '+923001234567', name: 'Ali', variables: { city: 'Lahore', code: 'A1' } },
      { phone: '+923011234567', name: null, variables: {} },
      { phone: '+923021234567', name: '  ', variables: { city: '', code: '  ' } },
      { phone: '+905321234567', name: 'Şule', variables: { city: 'İstanbul' } },
    ];
    const sql = templateToSql(body, 1);
    for (const c of contacts) {
      const row = await t.db.one<{ body: string }>(
        `SELECT ${sql.sql} AS body FROM (SELECT $${sql.params.length + 1}::text AS phone, $${sql.params.length + 2}::text AS name, $${sql.params.length + 3}::jsonb AS variables) c`,
        [...sql.params, c.phone, c.name, JSON.stringify(c.variables)]);
      expect(row!.body).to.equal(renderTemplate(body, { ...c.variables, phone: c.phone, name: c.name }));
    }
    }
  });
});
