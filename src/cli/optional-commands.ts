// Subcommands that belong to other parts (sessions: gateway; chat: router) register here.
import type { Command } from 'commander';
import type { WithDb } from './run-with-db.js';

export async function registerOptionalCommands(program: Command, run: WithDb): Promise<void> {
  const parts: Array<[string, string]> = [
    ['./session-command.js', 'registerSessionCommands'],
    ['./chat-command.js', 'registerChatCommand'],
    ['./sandbox-command.js', 'registerSandboxCommands'],
    ['./backup-command.js', 'registerBackupCommands'],
    ['./channels-command.js', 'registerChannelCommands'],
  ];
  for (const [file, fn] of parts) {
    let mod: Record<string, unknown>;
    try {
      mod = await import(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && String((e as Error).message).includes(file.slice(2))) continue;
      throw e;
    }
    (mod[fn] as (p: Command, r: WithDb) => void)(program, run);
  }
}
