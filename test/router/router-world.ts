// A router on a real test database with a fake clock; replies are collected per phone,
// the way the sandbox channel would deliver them.
import os from 'node:os';
import path from 'node:path';
import { addMember, type MemberRole } from '../../src/accounts.js';
import { FakeClock } from '../../src/clock.js';
import type { Ctx } from '../../src/context.js';
import type { Db } from '../../src/db/database.js';
import type { InboundMessage, MediaHandle, OutgoingContent } from '../../src/gateway/channel.js';
import type { CommandSpec } from '../../src/router/command-spec.js';
import { createRouter, type Router } from '../../src/router/router.js';
import { makeAccount, nextPhone, testCtx } from '../helpers/world.js';

export { nextPhone };

export interface Sent {
  sessionId: number;
  to: string;
  content: OutgoingContent;
}

export interface World {
  ctx: Ctx;
  clock: FakeClock;
  router: Router;
  sent: Sent[];
  /** Plays one inbound message and returns the texts sent back to that phone. */
  send(from: string, text: string, opts?: { id?: string; media?: MediaHandle; sessionId?: number; lid?: string }): Promise<string[]>;
  /** Documents sent back for the last message. */
  lastFiles: Array<Extract<OutgoingContent, { kind: 'document' }>>;
  newAccount(opts?: { phone?: string; credits?: number; acceptTerms?: boolean; language?: 'en' | 'tr' | 'ur' }): Promise<{ accountId: number; phone: string; memberId: number }>;
  addMember(accountId: number, phone: string, role: MemberRole): Promise<void>;
}

let seq = 0;

export async function createWorld(db: Db, env: Record<string, string> = {}, opts: { commands?: readonly CommandSpec[] } = {}): Promise<World> {
  const clock = new FakeClock(new Date('2026-03-02T09:00:00Z'));
  const ctx = testCtx(db, { DATA_DIR: path.join(os.tmpdir(), 'wa-chatops-test-data'), COMMAND_RATE_LIMIT: '1000', ...env }, clock);
  const sent: Sent[] = [];
  const router = await createRouter(ctx, { reply: async (sessionId, to, content) => { sent.push({ sessionId, to, content }); } }, opts);
  await router.ready();
  const world: World = {
    ctx, clock, router, sent, lastFiles: [],
    async send(from, text, opts = {}) {
      const start = sent.length;
      const msg: InboundMessage = {
        sessionId: opts.sessionId ?? 1, id: opts.id ?? `test-${process.pid}-${seq++}`, fromPhone: from, fromLid: opts.lid,
        text, media: opts.media, timestamp: clock.now(),
      };
      await router.handle(msg);
      const mine = sent.slice(start);
      world.lastFiles = mine.flatMap((s) => (s.content.kind === 'document' ? [s.content] : []));
      return mine.filter((s) => s.to === from && s.content.kind === 'text').map((s) => (s.content as { text: string }).text);
    },
    async newAccount(opts = {}) {
      const a = await makeAccount(db, { phone: opts.phone, credits: opts.credits, language: opts.language, acceptTerms: opts.acceptTerms !== false });
      return { accountId: a.accountId, phone: a.ownerPhone, memberId: a.ownerId };
    },
    async addMember(accountId, phone, role) {
      await addMember(db, accountId, phone, role, { type: 'system' });
    },
  };
  return world;
}

/** An attachment as the gateway hands it over. */
export function fileMedia(fileName: string, content: string | Buffer, kind: MediaHandle['kind'] = 'document', mimetype = 'text/plain'): MediaHandle {
  const data = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
  return {
    kind, fileName, mimetype, sizeBytes: data.length,
    async download(maxBytes) {
      if (data.length > maxBytes) throw new RangeError(`file larger than ${maxBytes} bytes`);
      return data;
    },
  };
}
