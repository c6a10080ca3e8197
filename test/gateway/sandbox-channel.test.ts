import { expect } from 'chai';
import type { Receipt } from '../../src/gateway/channel.js';
import { SandboxChannel } from '../../src/gateway/sandbox-channel.js';
import { addSession } from '../../src/senders/index.js';
import { silentLog, useTestDb } from '../helpers/pg.js';
import { waitFor } from '../helpers/wait-for.js';

describe('sandbox channel', () => {
  const t = useTestDb();
  let sessionId: number;
  before(async () => { sessionId = (await addSession(t.db, { transport: 'sandbox', purpose: 'both' })).id; });

  function channel(over: Partial<ConstructorParameters<typeof SandboxChannel>[0]> = {}) {
    return new SandboxChannel({ sessionId, db: t.db, log: silentLog, deliveredMs: 5, readMs: 10, failureRate: 0, ...over });
  }

  it('writes a send to sandbox_messages with the caller-chosen id, then delivers and reads it', async () => {
    const ch = channel({ phone: '+15550000001' });
    const receipts: Receipt[] = [];
    ch.on('receipt', (r) => receipts.push(r));
    await ch.connect();
    const res = await ch.send('+923001234567', { kind: 'text', text: 'Eid offer' }, { messageId: '3EB0AAAA' });
    expect(res.messageId).to.equal('3EB0AAAA');
    const row = await t.db.one(`SELECT * FROM sandbox_messages WHERE wa_message_id = '3EB0AAAA'`);
    expect(row).to.include({ direction: 'out', from_phone: '+15550000001', to_phone: '+923001234567', body: 'Eid offer', session_id: sessionId });
    await waitFor(() => receipts.some((r) => r.status === 'read'), 'read receipt');
    expect(receipts.map((r) => r.status)).to.deep.equal(['server-ack', 'delivered', 'read']);
    await waitFor(async () => (await t.db.one(`SELECT status FROM sandbox_messages WHERE wa_message_id = '3EB0AAAA'`))!.status === 'read', 'status row');
    await ch.close();
  });

  it('fails every send when the failure rate is 1, and records documents as media', async () => {
    const ch = channel({ failureRate: 1 });
    const receipts: Receipt[] = [];
    ch.on('receipt', (r) => receipts.push(r));
    await ch.connect();
    await ch.send('+923001234568', { kind: 'document', data: Buffer.from('a,b'), mimetype: 'text/csv', fileName: 'l.csv', caption: 'list' }, { messageId: 'DOC1' });
    await waitFor(() => receipts.some((r) => r.status === 'failed'), 'failed receipt');
    expect(receipts.find((r) => r.status === 'failed')!.reason).to.match(/simulated/);
    expect(receipts.some((r) => r.status === 'delivered')).to.equal(false);
    const row = await t.db.one(`SELECT body, media FROM sandbox_messages WHERE wa_message_id = 'DOC1'`);
    expect(row!.body).to.equal('list');
    expect(row!.media).to.include({ kind: 'document', fileName: 'l.csv', sizeBytes: 3 });
    await ch.close();
  });

  it('refuses to send when not connected', async () => {
    const ch = channel();
    let err: Error | undefined;
    await ch.send('+923001234567', { kind: 'text', text: 'x' }).catch((e) => { err = e; });
    expect(err?.message).to.match(/not connected/);
  });

  it('emits an injected inbound message once per id, attachment downloadable within its limit', async () => {
    const ch = channel();
    await ch.connect();
    const seen: string[] = [];
    ch.on('inbound', (m) => seen.push(m.id));
    const first = await ch.inject({ fromPhone: '+923001111111', text: 'upload contacts to vip', id: 'IN1',
      attachment: { fileName: 'vip.txt', mimetype: 'text/plain', data: Buffer.from('+923001234567\n') } });
    const again = await ch.inject({ fromPhone: '+923001111111', text: 'upload contacts to vip', id: 'IN1' });
    expect(again).to.equal(null);
    expect(seen).to.deep.equal(['IN1']);
    expect((await first!.media!.download(1000)).toString()).to.equal('+923001234567\n');
    let err: Error | undefined;
    await first!.media!.download(3).catch((e) => { err = e; });
    expect(err?.message).to.match(/limit is 3/);
    const rows = await t.db.query(`SELECT direction, from_phone, body FROM sandbox_messages WHERE wa_message_id = 'IN1'`);
    expect(rows[0]).to.deep.equal({ direction: 'in', from_phone: '+923001111111', body: 'upload contacts to vip' });
    await ch.close();
  });
});
