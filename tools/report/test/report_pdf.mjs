// The printed report of a three-variant comparison: how many pages, and whether any chart
// would cross a page break.
//
//   node report_pdf.mjs --memchain PATH --source DIR --out DIR
//
// Runs `memchain compare configs/baseline.yaml configs/shocks/fab_fire.yaml
// configs/shocks/taiwan_earthquake.yaml -n 2`, prints its report with `memchain report --pdf`
// and checks that the PDF has fewer than 25 pages. Then it lays the page out for print at the
// width of an A4 sheet inside the report's margins and checks that every chart's figure is
// shorter than the sheet: a figure that fits is never split, because the print stylesheet
// forbids breaks inside it. Also checks, at 1400 and 800 px, that no table is wider than its
// box. Exits 77 (skipped) when Chromium is not installed.

import { execFileSync } from 'node:child_process';
import { argument, findChromium } from './browser.mjs';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const USAGE = 'node report_pdf.mjs --memchain PATH --source DIR --out DIR';
const memchain = argument('--memchain', USAGE);
const source = argument('--source', USAGE);
const out = argument('--out', USAGE);
mkdirSync(out, { recursive: true });
const executablePath = findChromium();
if (!executablePath) {
  console.log('SKIP: Chromium is not installed; the PDF test did not run');
  process.exit(77);
}
const { chromium } = await import('playwright-core');

let failures = 0;
function check(ok, what) {
  console.log(`  ${ok ? 'ok' : 'FAIL'}: ${what}`);
  if (!ok) failures += 1;
}

const db = path.join(out, 'compare.db');
const html = path.join(out, 'compare.html');
const pdf = path.join(out, 'compare.pdf');
rmSync(db, { force: true });
execFileSync(memchain, ['compare', ...['baseline.yaml', 'shocks/fab_fire.yaml', 'shocks/taiwan_earthquake.yaml']
  .map((f) => path.join(source, 'configs', f)), '-n', '2', '--db', db, '-q'], { stdio: ['ignore', 'ignore', 'inherit'] });
execFileSync(memchain, ['report', db, '-o', html, '--pdf', pdf], { stdio: ['ignore', 'ignore', 'inherit'] });

// Chromium writes one page object per page, uncompressed: "/Type /Page" (not "/Pages").
const pages = (readFileSync(pdf).toString('latin1').match(/\/Type\s*\/Page(?![a-z])/g) || []).length;
check(pages > 1 && pages < 25, `the PDF of a three-variant comparison has under 25 pages (${pages})`);

const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
try {
  for (const width of [1400, 800]) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.goto(pathToFileURL(html).href);
    await page.waitForFunction(() => document.documentElement.dataset.chartsDone === 'true', null, { timeout: 120000 });
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
    const wide = await page.evaluate(() => Array.from(document.querySelectorAll('table'))
      .filter((t) => t.scrollWidth > t.parentElement.clientWidth + 1)
      .map((t) => `${t.closest('section')?.id}: ${t.scrollWidth} > ${t.parentElement.clientWidth} px`));
    check(wide.length === 0, `at ${width} px no table is wider than its box (${wide.join('; ')})`);
    await page.close();
  }
  // A4 is 210 x 297 mm; the report's @page margins are 12 mm at the sides and 14 mm top and
  // bottom: 186 x 269 mm of content, at 96 px per inch.
  const mm = 96 / 25.4;
  const page = await browser.newPage({ viewport: { width: Math.floor(186 * mm), height: Math.floor(269 * mm) } });
  await page.goto(pathToFileURL(html).href);
  await page.emulateMedia({ media: 'print' });
  await page.waitForFunction(() => document.documentElement.dataset.chartsDone === 'true', null, { timeout: 120000 });
  const sheet = 269 * mm;
  const tall = await page.evaluate((limit) => Array.from(document.querySelectorAll('.chart-figure'))
    .map((f) => [f.id, Math.round(f.getBoundingClientRect().height)])
    .filter(([, h]) => h > limit), sheet);
  check(tall.length === 0, `every chart fits on one printed page, so none crosses a break (too tall: ${JSON.stringify(tall)})`);
  const summary = await page.evaluate(() => document.querySelector('#summary')?.getBoundingClientRect().height || 0);
  check(summary > 0 && summary < 3 * sheet, `the executive summary prints on at most three pages (${(summary / sheet).toFixed(2)})`);
  await page.close();
} finally {
  await browser.close();
}
process.exit(failures === 0 ? 0 : 1);
