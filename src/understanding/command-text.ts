// How a command message is tidied before grammar and understanding read it (one rule for both).
/** A single-line message loses trailing ?!. and extra spaces; multi-line text (numbers) is kept. */
export function normaliseCommandText(text: string): string {
  const t = text.replace(/\r\n?/g, '\n').trim();
  if (t.includes('\n')) return t;
  return t.replace(/\s+/g, ' ').replace(/[?!.。]+$/u, '').trim();
}
