// "2 h 5 min" style durations for estimates, in the reader's language.
import type { Lang } from './lang.js';
import { t } from './t.js';

export function formatDuration(seconds: number, lang: Lang): string {
  if (seconds < 60) return t(lang, 'duration.under_minute');
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.round((seconds % 3600) / 60);
  return [d && t(lang, 'duration.days', { n: d }), h && t(lang, 'duration.hours', { n: h }), m && t(lang, 'duration.minutes', { n: m })].filter(Boolean).join(' ');
}
