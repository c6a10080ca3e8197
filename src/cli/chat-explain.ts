// `wa-chatops chat --explain --from +E164 ["text"]`: what each message would resolve to, as
// one JSON line ({"text","command","args","missing","lang","via","score"}), running nothing.
// Without a text it reads standard input, one message per line, in this one process.
import { createInterface } from 'node:readline';
import type { Ctx } from '../context.js';
import { requireE164 } from '../phone.js';
import { createRouter } from '../router/router.js';

export async function explainMessages(ctx: Ctx, from: string, text: string | undefined, write: (line: string) => void): Promise<void> {
  const phone = requireE164(from, ctx.config.defaultCountry);
  const router = await createRouter(ctx, { reply: async () => undefined });
  await router.ready();
  const one = async (t: string) => write(JSON.stringify(await router.explain(phone, t)));
  if (text !== undefined) return one(text);
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) await one(line);
}
