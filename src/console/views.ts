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

/** Renders views/<name>.eta with the request's common locals (user, CSRF token, flash). */
export function render(res: Response, name: string, data: Record<string, unknown> = {}, status = 200): void {
  const html = eta.render(name, { ...res.locals, ...data });
  res.status(status).type('html').send(html);
}
