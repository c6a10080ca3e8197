// Where a campaign's message text starts when the owner does not write the grammar's exact
// "create campaign NAME for LIST: TEXT": after a text word with a ":" or "=" ("mesaj: …",
// "message ye hai: …", "msg = …"), after the first ":", inside quotes at the end, after a
// text word alone ("mesaj Anneler gününe …"), after " - ", or on the lines after the first.
// The part before it (the head) is where the command, the new name and the list are said,
// in any order ("vip list ke liye eid naam ki campaign banao: …", "vip listesine eid kampanyası oluştur: …").

export interface CampaignTextSplit {
  /** The message before the text (the command, names and list). */
  head: string;
  /** The campaign's text as the owner wrote it (quotes around it dropped). */
  text: string;
}

const TEXT_WORD = '(?:message|msg|text|body|mesaj|mesajı|mesaji|mesajım|metin|metni|paigham|paygham|matn)';
// A text word, maybe "is" / "ye hai" / "şu", then ":" or "=".
const LABELLED = new RegExp(`(?:^|[\\s,;/|(])${TEXT_WORD}\\s*(?:(?:is|ye\\s+hai|yeh\\s+hai|hai|şu|su|olsun)\\s*)?[:=]\\s*`, 'iu');
const BARE_WORD = new RegExp(`^${TEXT_WORD}$`, 'iu');
const QUOTED = /^(.*?\S)\s*["“«]([^"“”«»]+)["”»]\s*$/u;
const DASH = /^(.+?\S)\s+[-–—]\s+(\S.*)$/u;

function unquote(s: string): string {
  const t = s.trim();
  const m = /^["“«'‘](.*)["”»'’]$/su.exec(t);
  return (m ? m[1]! : t).trim();
}

/** The head and text of a campaign message, or undefined when it holds no text part. */
export function splitCampaignText(raw: string): CampaignTextSplit | undefined {
  // Far longer than any command: not worth reading (the understanding takes no such message anyway).
  if (raw.length > 4000) return undefined;
  const t = raw.replace(/\r\n?/g, '\n').trim();
  const nl = t.indexOf('\n');
  const firstLine = nl >= 0 ? t.slice(0, nl) : t;
  const rest = nl >= 0 ? t.slice(nl + 1) : '';
  const labelled = LABELLED.exec(firstLine);
  if (labelled && labelled.index > 0) {
    const text = unquote(t.slice(labelled.index + labelled[0].length));
    if (text) return { head: firstLine.slice(0, labelled.index).trim(), text };
  }
  // A clock time's ":" ("21:00") starts no text.
  const colon = firstLine.search(/:(?!\d)|(?<!\d):/);
  if (colon > 0) {
    const text = unquote(t.slice(colon + 1));
    if (text) return { head: firstLine.slice(0, colon).trim(), text };
  }
  const quoted = QUOTED.exec(firstLine);
  if (quoted && !rest) return { head: quoted[1]!.replace(new RegExp(`[\\s,]+${TEXT_WORD}$`, 'iu'), '').trim(), text: quoted[2]!.trim() };
  // A text word alone, after two words of head and before two words of text (a word scan, no backtracking).
  const parts = firstLine.split(/\s+/);
  for (let i = 2; i < parts.length - 2; i++) {
    if (!BARE_WORD.test(parts[i]!.replace(/^[,;]+|[,;]+$/g, ''))) continue;
    const text = unquote(parts.slice(i + 1).join(' ') + (rest ? `\n${rest}` : ''));
    if (text) return { head: parts.slice(0, i).join(' ').replace(/[,;]+$/, ''), text };
  }
  const dash = DASH.exec(firstLine);
  if (dash && !rest && dash[2]!.split(/\s+/).length >= 2) return { head: dash[1]!, text: unquote(dash[2]!) };
  if (rest.trim()) return { head: firstLine, text: rest.trim() };
  return undefined;
}
