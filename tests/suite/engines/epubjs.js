// Drives headless Chromium through puppeteer-core for tests/suite/engines/epubjs.rs: opens
// `epubjs.html` once per spine document (all in one browser), waits in real time until the
// page has left its measurement in #warraq-render, screenshots the reader's first page, and
// prints one JSON array of the measurements, in the order given.
//
// Waiting on the page itself, not on Chromium's --virtual-time-budget: virtual time does not
// wait for epub.js's iframe to load, so on a busy machine the budget ran out first and the
// page was dumped with no measurement.
//
//   node epubjs.js NODE_MODULES CHROMIUM PAGE_URL INDEX=SHOT...
// PAGE_URL ends in `index=`; each INDEX=SHOT names a spine index and where its screenshot goes.
'use strict';

const { createRequire } = require('module');
const path = require('path');

const WAIT_MS = 90000;

async function main() {
  const [modules, chromium, pageUrl, ...shots] = process.argv.slice(2);
  const puppeteer = createRequire(path.join(modules, 'noop.js'))('puppeteer-core');
  const browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--allow-file-access-from-files',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const measured = await Promise.all(shots.map(async (shot) => {
      const split = shot.indexOf('=');
      const index = shot.slice(0, split);
      const page = await browser.newPage();
      await page.setViewport({ width: 600, height: 900 });
      await page.goto(pageUrl + index, { waitUntil: 'load' });
      await page.waitForFunction(
        () => document.getElementById('warraq-render').textContent !== '',
        { timeout: WAIT_MS, polling: 100 });
      const json = await page.$eval('#warraq-render', (pre) => pre.textContent);
      await page.screenshot({ path: shot.slice(split + 1) });
      await page.close();
      return JSON.parse(json);
    }));
    process.stdout.write(JSON.stringify(measured));
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack || error) + '\n');
  process.exit(1);
});
