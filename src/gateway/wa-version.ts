// The WhatsApp Web version to announce: the latest when reachable, else the one Baileys ships.
import { fetchLatestWaWebVersion, type WAVersion } from '@whiskeysockets/baileys';
import type { Logger } from '../logger.js';

// Baileys 7.0.0-rc14's own default, used when web.whatsapp.com cannot be reached.
export const PINNED_WA_VERSION: WAVersion = [2, 3000, 1043857760];

let cached: Promise<WAVersion> | undefined;

/** Asked once per process; never waits longer than timeoutMs (offline hosts must still start). */
export function resolveWaVersion(log: Logger, timeoutMs = 3_000): Promise<WAVersion> {
  cached ??= fetchLatestWaWebVersion({ signal: AbortSignal.timeout(timeoutMs) })
    .then((r) => {
      if (r.isLatest) return r.version as WAVersion;
      log.warn({ version: PINNED_WA_VERSION.join('.') }, 'could not fetch the latest WhatsApp Web version; using the pinned one');
      return PINNED_WA_VERSION;
    })
    .catch(() => PINNED_WA_VERSION);
  return cached;
}
