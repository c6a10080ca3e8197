// `wa-chatops chat --from +E164 [--attach FILE] "text"`: plays one inbound operator message
// through the same router the server runs, on the sandbox operator session, and prints what
// the router sends back to that phone.
import { sendThroughSession } from '../channels/send-once.js';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { Ctx } from '../context.js';
import type { OutgoingContent } from '../gateway/channel.js';
import { sandboxFilesDir, storeSandboxFile } from '../gateway/sandbox-files.js';
import { SandboxChannel } from '../gateway/sandbox-channel.js';
import { ensureSandboxOperatorSession } from '../senders/ensure-sandbox-operator.js';
import { requireE164 } from '../phone.js';
import { createRouter } from '../router/router.js';
import { handleRecorded } from '../router/handle-inbound.js';
import { explainMessages } from './chat-explain.js';

type Run = (fn: (ctx: Ctx) => Promise<void>) => Promise<void>;

const MIMETYPES: Record<string, string> = {
  '.txt': 'text/plain', '.csv': 'text/csv', '.vcf': 'text/vcard', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.pdf': 'application/pdf',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', '.xls': 'application/vnd.ms-excel', '.ods': 'application/vnd.oasis.opendocument.spreadsheet',
  '.mp4': 'video/mp4', '.3gp': 'video/3gpp', '.mp3': 'audio/mpeg', '.ogg': 'audio/ogg', '.m4a': 'audio/mp4', '.aac': 'audio/aac',
};

export interface ChatResult {
  replies: Array<OutgoingContent & { savedAs?: string }>;
}

/** Plays one message and returns the replies addressed to the sender (used by the CLI and its tests). */
export async function playChatMessage(ctx: Ctx, input: { from: string; text: string; attach?: string }): Promise<ChatResult> {
  const from = requireE164(input.from, ctx.config.defaultCountry);
  let attachment: { fileName: string; mimetype: string; data: Buffer } | undefined;
  if (input.attach) {
    const size = statSync(input.attach).size;
    if (size > ctx.config.maxUploadBytes) throw new RangeError(`${input.attach} is ${size} bytes; the most accepted is ${ctx.config.maxUploadBytes}`);
    const fileName = path.basename(input.attach);
    attachment = { fileName, mimetype: MIMETYPES[path.extname(fileName).toLowerCase()] ?? 'application/octet-stream', data: readFileSync(input.attach) };
  }
  // The sandbox operator session (created if missing), driven here only for this one message.
  const sessionId = await ensureSandboxOperatorSession(ctx.db, ctx.config);
  const session = await ctx.db.one<{ phone: string | null }>('SELECT phone FROM sender_sessions WHERE id = $1', [sessionId]);
  const channel = new SandboxChannel({ sessionId, db: ctx.db, log: ctx.log, phone: session?.phone, deliveredMs: 0, readMs: -1, failureRate: 0, filesDir: sandboxFilesDir(ctx.config) });
  await channel.connect();
  const replies: Array<OutgoingContent & { savedAs?: string }> = [];
  try {
    const router = await createRouter(ctx, {
      async reply(sid, to, content, opts) {
        // An SMS / e-mail sender (a demo) sends through its own channel: its sandbox writes the row of its kind.
        if (sid !== sessionId && (await ctx.db.one('SELECT 1 FROM sender_sessions WHERE id = $1 AND channel <> $2', [sid, 'whatsapp']))) {
          await sendThroughSession(ctx, undefined, sid, to, content, { messageId: opts?.messageId, email: opts?.email });
          return;
        }
        await channel.send(to, content, { messageId: opts?.messageId, once: true });
        if (sid === sessionId && to === from) {
          const saved = content.kind !== 'text' ? await storeSandboxFile(sandboxFilesDir(ctx.config), content) : undefined;
          replies.push(saved ? { ...content, savedAs: path.join(sandboxFilesDir(ctx.config), saved) } : content);
        }
      },
    });
    const msg = await channel.inject({ fromPhone: from, text: input.text, attachment });
    if (msg) await handleRecorded(ctx, router, msg);
  } finally {
    await channel.close();
  }
  return { replies };
}

export function registerChatCommand(program: Command, run: Run): void {
  program
    .command('chat')
    .description('play one inbound operator message through the command router (sandbox) and print the replies')
    .requiredOption('--from <phone>', 'the sender, in international format (+923001234567)')
    .option('--attach <file>', 'attach a file (contacts: .txt, .csv or .vcf)')
    .option('--explain', 'print what each message resolves to (one JSON line each), running nothing; no text: read messages from stdin, one per line')
    .argument('[text...]', 'the message text')
    .action(async (words: string[], opts: { from: string; attach?: string; explain?: boolean }) => {
      if (opts.explain) {
        return run((ctx) => explainMessages(ctx, opts.from, words.length ? words.join(' ') : undefined, (l) => console.log(l)));
      }
      await run(async (ctx) => {
        const { replies } = await playChatMessage(ctx, { from: opts.from, text: words.join(' '), attach: opts.attach });
        if (!replies.length) console.log('(no reply)');
        for (const r of replies) {
          if (r.kind === 'text') console.log(r.text);
          else if (r.kind === 'media') console.log(`[${r.media} ${r.mimetype}, sha256 ${r.sha256.slice(0, 12)}…]${r.caption ? ` ${r.caption}` : ''}`);
          else {
            const size = r.kind === 'document' && r.path ? statSync(r.path, { throwIfNoEntry: false })?.size ?? 0 : r.data?.length ?? 0;
            console.log(`[${r.kind}${r.kind === 'document' ? ` ${r.fileName}` : ''}, ${size} bytes]${r.caption ? ` ${r.caption}` : ''}`);
          }
          if (r.kind !== 'text' && r.savedAs) console.log(`(saved as ${r.savedAs})`);
          console.log('');
        }
      });
    });
}
