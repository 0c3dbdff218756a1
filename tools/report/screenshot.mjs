// Saves a picture of a memchain report, for slides and for the README.
//
//   node tools/report/screenshot.mjs REPORT.html OUT.png [WIDTH HEIGHT]
//
// Opens the report in headless Chromium with every network request blocked (a report needs
// none), waits for its charts, and saves the top WIDTH x HEIGHT pixels (default 1280 x 1800).
// Needs Chromium (Debian: apt-get install chromium) and playwright-core (npm ci in tools/report).

import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [report, out, width = '1280', height = '1800'] = process.argv.slice(2);
if (!report || !out || !(Number(width) > 0) || !(Number(height) > 0)) {
  console.error('usage: node tools/report/screenshot.mjs REPORT.html OUT.png [WIDTH HEIGHT]');
  process.exit(2);
}
if (!existsSync(report)) {
  console.error(`screenshot: no report at ${report}`);
  process.exit(2);
}

const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser', process.env.MEMCHAIN_CHROMIUM]
  .find((p) => p && existsSync(p));
if (!executablePath) {
  console.error('screenshot: Chromium is not installed (Debian: apt-get install chromium)');
  process.exit(2);
}

const { chromium } = await import('playwright-core');
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: Number(width), height: Number(height) } });
  await page.route('**/*', (route) =>
    route.request().url().startsWith('file:') ? route.continue() : route.abort());
  await page.goto(pathToFileURL(path.resolve(report)).href);
  // Every chart container holds an SVG once vega-embed has drawn it.
  await page.waitForFunction(() => {
    const charts = document.querySelectorAll('.chart[data-spec]');
    return [...charts].every((c) => c.querySelector('svg, canvas'));
  }, null, { timeout: 60000 });
  await page.screenshot({ path: out });
  console.log(out);
} finally {
  await browser.close();
}
