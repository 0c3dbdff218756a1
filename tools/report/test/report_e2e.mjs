// End-to-end test of memchain reports in headless Chromium.
//
//   node report_e2e.mjs --memchain PATH --fixture PATH --out DIR
//
// For each case it writes a fixture database (make_fixture_db), writes its report with
// `memchain report`, opens the page in headless Chromium with every network request blocked,
// and checks that the page asks for nothing, that every chart drew an SVG with marks, that the
// console shows no error and no chart warning, that no dialog opened (names are hostile in one
// case), that at 1400 and 800 px no table is wider than its box, and that in print every chart
// fits the page width. It saves
// a full-page screenshot per case into DIR. Exits 77 (skipped) when Chromium is not installed.

import { execFileSync } from 'node:child_process';
import { argument, findChromium } from './browser.mjs';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const USAGE = 'node report_e2e.mjs --memchain PATH --fixture PATH --out DIR';
const memchain = argument('--memchain', USAGE);
const fixture = argument('--fixture', USAGE);
const out = argument('--out', USAGE);
mkdirSync(out, { recursive: true });

const executablePath = findChromium();
if (!executablePath) {
  console.log('SKIP: Chromium is not installed (Debian: apt-get install chromium); the browser test did not run');
  process.exit(77);
}

let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch (e) {
  console.error('playwright-core is missing: run tools/report/setup.sh (npm ci in tools/report)');
  console.error(String(e));
  process.exit(1);
}

const cases = [
  { name: 'compare', flags: ['--failed-runs', '--markets'], charts: 10 },
  { name: 'hostile-names', flags: ['--hostile-names'], charts: 8 },
  { name: 'minimal', flags: ['--single-variant', '--replications', '1', '--no-orders', '--no-shocks', '--no-earlier', '--markets'], charts: 8 },
  { name: 'sweep', flags: ['--sweep', '--replications', '2', '--extra-nodes', '24'], charts: 9 },
];

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

let failures = 0;
let passed = 0;
function check(ok, what) {
  if (ok) return true;
  console.error(`  FAIL: ${what}`);
  failures += 1;
  return false;
}

try {
  for (const c of cases) {
    console.log(`case ${c.name}`);
    const failuresBefore = failures;
    const db = path.join(out, `${c.name}.db`);
    const html = path.join(out, `${c.name}.html`);
    execFileSync(fixture, [db, ...c.flags], { stdio: ['ignore', 'ignore', 'inherit'] });
    execFileSync(memchain, ['report', db, '-o', html], { stdio: ['ignore', 'ignore', 'inherit'] });
    check(existsSync(html), `${html} was written`);
    const url = pathToFileURL(html).href;

    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const attempts = [];
    await context.route('**/*', (route) => {
      const request = route.request().url();
      if (request === url) return route.continue();
      attempts.push(request);
      return route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    const errors = [];
    const warnings = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
      if (message.type() === 'warning') warnings.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
    page.on('request', (request) => {
      const u = request.url();
      if (u !== url && !u.startsWith('data:') && !u.startsWith('blob:') && !attempts.includes(u)) attempts.push(u);
    });
    page.on('dialog', async (dialog) => {
      errors.push(`a dialog opened: ${dialog.message()}`);
      await dialog.dismiss();
    });

    await page.goto(url, { waitUntil: 'load' });
    await page.waitForFunction(() => document.documentElement.dataset.chartsDone === 'true', null,
      { timeout: 60000 });
    const result = await page.evaluate(() => {
      const charts = Array.from(document.querySelectorAll('.chart[data-spec]'));
      return {
        title: document.title,
        total: Number(document.documentElement.dataset.chartsTotal),
        rendered: Number(document.documentElement.dataset.chartsRendered),
        charts: charts.map((el) => {
          const svg = el.querySelector('svg');
          const box = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 };
          return {
            id: el.id,
            svg: Boolean(svg),
            marks: svg ? svg.querySelectorAll('g[class^="mark-"] > *, g[class*=" mark-"] > *').length : 0,
            width: box.width,
            height: box.height,
          };
        }),
      };
    });
    check(result.total >= c.charts, `at least ${c.charts} charts on the page (found ${result.total})`);
    check(result.rendered === result.total, `every chart rendered (${result.rendered} of ${result.total})`);
    for (const chart of result.charts) {
      check(chart.svg && chart.marks > 3 && chart.width > 100 && chart.height > 40,
        `${chart.id} drew an SVG with content (marks ${chart.marks}, ${Math.round(chart.width)}x${Math.round(chart.height)})`);
    }
    check(attempts.length === 0, `no network request (attempted: ${attempts.join(', ')})`);
    check(errors.length === 0, `no console errors (${errors.join(' | ')})`);
    // Vega logs what it had to guess or drop as "WARN ..."; a clean specification has none.
    const vegaWarnings = warnings.filter((w) => w.startsWith('WARN'));
    check(vegaWarnings.length === 0, `no chart warnings (${vegaWarnings.join(' | ')})`);

    // Tables wrap rather than overflow: at a wide and a narrow window, with every collapsed
    // table opened, no table's content is wider than its box.
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
    for (const width of [1400, 800]) {
      await page.setViewportSize({ width, height: 900 });
      const wide = await page.evaluate(() => Array.from(document.querySelectorAll('table'))
        .filter((t) => t.scrollWidth > t.parentElement.clientWidth + 1)
        .map((t) => `${t.closest('section')?.id}: ${t.scrollWidth} > ${t.parentElement.clientWidth} px`));
      check(wide.length === 0, `at ${width} px no table is wider than its box (${wide.join('; ')})`);
    }
    const executive = await page.evaluate(() => {
      const summary = document.querySelector('#summary');
      return Boolean(summary && summary.querySelector('table.headline'));
    });
    check(executive, 'the executive summary renders with its headline table');
    await page.setViewportSize({ width: 1200, height: 900 });
    await page.screenshot({ path: path.join(out, `${c.name}.png`), fullPage: true });
    await page.emulateMedia({ media: 'print' });
    const printed = await page.evaluate(() => {
      const svgs = Array.from(document.querySelectorAll('.chart svg'));
      const page = document.body.getBoundingClientRect().width;
      return svgs.every((s) => s.getBoundingClientRect().width <= page + 1);
    });
    check(printed, 'in print, every chart fits the page width');
    await context.close();
    if (failures === failuresBefore) passed += 1;
    console.log(`  ${result.rendered}/${result.total} charts, screenshot ${path.join(out, `${c.name}.png`)}`);
  }
} finally {
  await browser.close();
}

console.log(`${passed} passed, ${cases.length - passed} failed`);
process.exit(failures === 0 ? 0 : 1);
