// "2 h 5 min" style durations for estimates, in the reader's language.
import type { Lang } from './lang.js';

const UNITS: Record<Lang, { d: string; h: string; m: string; lt: string }> = {
  en: { d: 'd', h: 'h', m: 'min', lt: 'under a minute' },
  tr: { d: 'gün', h: 'sa', m: 'dk', lt: 'bir dakikadan az' },
  ur: { d: 'din', h: 'ghante', m: 'minute', lt: 'aik minute se kam' },
};

export function formatDuration(seconds: number, lang: Lang): string {
  const u = UNITS[lang];
  if (seconds < 60) return u.lt;
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.round((seconds % 3600) / 60);
  return [d && `${d} ${u.d}`, h && `${h} ${u.h}`, m && `${m} ${u.m}`].filter(Boolean).join(' ');
}
