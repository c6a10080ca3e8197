// Files the sandbox "sent" (rejected-lines files, data exports, campaign media), kept by their
// SHA-256 under DATA_DIR/sandbox-files so the console's sandbox page and `chat` can hand them out
// as WhatsApp would have. They hold personal data: only admins download them.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.js';
import type { OutgoingContent } from './channel.js';

export const sandboxFilesDir = (config: Pick<Config, 'dataDir'>) => path.join(config.dataDir, 'sandbox-files');

async function hashFile(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** Stores the content's bytes (once per content) and returns their SHA-256. */
export async function storeSandboxFile(dir: string, content: Exclude<OutgoingContent, { kind: 'text' }>): Promise<string | undefined> {
  const fromPath = 'path' in content && content.path ? content.path : undefined;
  const data = 'data' in content ? content.data : undefined;
  if (!fromPath && !data) return undefined;
  const sha = fromPath ? await hashFile(fromPath) : createHash('sha256').update(data!).digest('hex');
  const target = path.join(dir, sha);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  try {
    await fs.access(target);
  } catch {
    const tmp = `${target}.${process.pid}.tmp`;
    if (fromPath) await fs.copyFile(fromPath, tmp);
    else await fs.writeFile(tmp, data!, { mode: 0o600 });
    await fs.chmod(tmp, 0o600);
    await fs.rename(tmp, target);
  }
  return sha;
}

/** The stored file of a hash, or undefined (never a path outside the folder). */
export function sandboxFilePath(dir: string, sha256: unknown): string | undefined {
  return typeof sha256 === 'string' && /^[0-9a-f]{64}$/.test(sha256) ? path.join(dir, sha256) : undefined;
}
