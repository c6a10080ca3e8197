// Passwords for CLI commands come from a prompt (input hidden) or standard input, never from
// an argument: arguments end up in the shell history and in `ps` for every local user.
import { createInterface } from 'node:readline';

async function prompt(question: string): Promise<string> {
  const out = process.stderr;
  const rl = createInterface({ input: process.stdin, output: out, terminal: true });
  // Echo nothing of what is typed: readline writes each key through _writeToOutput.
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
    if (s.startsWith(question)) out.write(question);
  };
  try {
    return await new Promise<string>((resolve) => rl.question(question, resolve));
  } finally {
    rl.close();
    out.write('\n');
  }
}

async function firstLineOfStdin(): Promise<string> {
  let data = '';
  for await (const chunk of process.stdin) {
    data += String(chunk);
    if (data.includes('\n') || data.length > 10_000) break;
  }
  return data.split(/\r?\n/)[0] ?? '';
}

/** At a terminal: asks twice (hidden). Otherwise: the first line of standard input. */
export async function readNewPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    const pw = await firstLineOfStdin();
    if (!pw) throw new RangeError('no password on standard input (pipe it in, e.g. from a password manager, or run at a terminal to be asked)');
    return pw;
  }
  const pw = await prompt('Password: ');
  const again = await prompt('Repeat the password: ');
  if (pw !== again) throw new RangeError('the two passwords differ');
  return pw;
}
