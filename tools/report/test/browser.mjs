// What the report's browser tests share: their command-line arguments and finding Chromium.

import { accessSync, constants } from 'node:fs';
import path from 'node:path';

// The value after `name` on the command line; exits 2 with `usage` when it is missing.
export function argument(name, usage) {
  const i = process.argv.indexOf(name);
  if (i < 0 || i + 1 >= process.argv.length) {
    console.error(`usage: ${usage} (missing ${name})`);
    process.exit(2);
  }
  return process.argv[i + 1];
}

// MEMCHAIN_CHROMIUM, else the first Chromium or Chrome on PATH; null when there is none.
export function findChromium() {
  const candidates = [process.env.MEMCHAIN_CHROMIUM];
  for (const dir of (process.env.PATH || '/usr/bin').split(':')) {
    for (const name of ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome']) {
      candidates.push(path.join(dir, name));
    }
  }
  for (const c of candidates) {
    if (!c) continue;
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {
      // not this one
    }
  }
  return null;
}
