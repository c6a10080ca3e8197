// Server-rendered pages: eta templates from the repository's views/ folder. Every
// interpolation is HTML-escaped (`<%= %>`); raw output (`<%~ %>`) is only used for
// markup we build ourselves (layout body, SVG charts).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Eta } from 'eta';
import type { Response } from 'express';

/** The repository root: the nearest folder above this file with a package.json. */
function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('cannot find the repository root (package.json) above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
  return dir;
}

export const VIEWS_DIR = path.join(repoRoot(), 'views');
export const STATIC_DIR = path.join(VIEWS_DIR, 'static');

export const eta = new Eta({ views: VIEWS_DIR, autoEscape: true, cache: process.env.NODE_ENV === 'production' });

/** Formatting helpers every template gets as `it.fmt`. */
export const fmt = {
  /** "2026-01-15 09:00" (UTC), or '' */
  date: (d: Date | string | null | undefined): string => (d ? new Date(d).toISOString().slice(0, 16).replace('T', ' ') : ''),
  num: (n: number | null | undefined): string => (n ?? 0).toLocaleString('en-US'),
  money: (minor: number, currency = 'PKR'): string => `${(minor / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency}`,
  pct: (part: number, whole: number): number => (whole > 0 ? Math.min(100, Math.round((part / whole) * 100)) : 0),
};

/** Renders views/<name>.eta with the request's common locals (user, CSRF token, flash). */
export function render(res: Response, name: string, data: Record<string, unknown> = {}, status = 200): void {
  const html = eta.render(name, { fmt, ...res.locals, ...data });
  res.status(status).type('html').send(html);
}
