// Drives the page of a running `warraq serve` in headless Chromium through puppeteer-core, for
// tests/suite/serve/browser.rs: a person's whole visit in one interface language. It opens
// the printed address, makes books (the sample, a Word file, an English file, a page by its
// address, three files as one book), pages each preview, downloads through the page's own
// links, sends files the page or the server must refuse, checks and fixes a book, runs
// axe-core on the page in each state and screenshots each step. It decides nothing: it
// prints one JSON object of what it saw, and the Rust test asserts on it.
//
//   node page.js NODE_MODULES CHROMIUM CONFIG.json
//
// CONFIG: {"address": "http://127.0.0.1:P/?token=T", "lang": "ar"|"en", "shots": dir,
// "downloads": dir, "url": page address, "files": {"sample", "docx", "english", "bomb",
// "pdf", "huge", "book": path; "next": [3 paths]; "anthology": [3 paths]}}.
// A wait that times out fails the run with what did not happen.
'use strict';

const { createRequire } = require('module');
const fs = require('fs');
const path = require('path');

const WAIT_MS = 30000;
// A build, a check or a fix: longer than a page's answer on a busy machine.
const BUILD_WAIT_MS = 60000;
// The most pages a preview walk turns; the books here have a few.
const MAX_PAGES = 60;

async function main() {
  const [modules, chromium, configPath] = process.argv.slice(2);
  const config = JSON.parse(fs.readFileSync(configPath, 'utf8'));
  const load = createRequire(path.join(modules, 'noop.js'));
  const puppeteer = load('puppeteer-core');
  const axeSource = fs.readFileSync(load.resolve('axe-core/axe.min.js'), 'utf8');
  const browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--font-render-hinting=none'],
  });
  try {
    const visit = new Visit(await browser.newPage(), config, axeSource);
    process.stdout.write(JSON.stringify(await visit.run()));
  } finally {
    await browser.close();
  }
}

class Visit {
  constructor(page, config, axeSource) {
    this.page = page;
    this.config = config;
    this.lang = config.lang;
    this.axeSource = axeSource;
    this.shotNumber = 0;
    this.result = { console: [], axe: {}, shots: [], downloads: {} };
    page.on('console', (message) => {
      // A refused upload is a 4xx answer, which Chromium logs; anything else is the page's.
      if (['error', 'warning'].includes(message.type()) &&
          !/^Failed to load resource: the server responded with a status of 4\d\d/.test(message.text())) {
        this.result.console.push(`${message.type()}: ${message.text()}`);
      }
    });
    page.on('pageerror', (error) => this.result.console.push(`uncaught: ${error.message}`));
  }

  async run() {
    const { page, config, result } = this;
    const files = config.files;
    await page.setViewport({ width: 1100, height: 900 });
    // The interface language comes from the browser's languages, as a visitor's would.
    await page.evaluateOnNewDocument((lang) => {
      Object.defineProperty(navigator, 'languages',
        { get: () => (lang === 'ar' ? ['ar-EG', 'ar', 'en'] : ['en-GB', 'en']) });
    }, this.lang);

    // First load: the printed address (a redirect that sets the cookie), then the page.
    await page.goto(config.address, { waitUntil: 'load', timeout: WAIT_MS });
    const ready = await this.waitFor(
      () => document.getElementById('version').textContent !== '' && performance.now(),
      'the page to load its limits and show the version');
    result.timings = {
      first_load: await page.evaluate((ready) => {
        const nav = performance.getEntriesByType('navigation')[0];
        return {
          redirect_ms: nav.redirectEnd - nav.redirectStart,
          dom_content_loaded_ms: nav.domContentLoadedEventEnd,
          load_ms: nav.loadEventEnd,
          ready_ms: ready,
        };
      }, ready),
    };
    result.root = await page.evaluate(() => ({
      lang: document.documentElement.lang,
      dir: document.documentElement.dir,
      version: document.getElementById('version').textContent,
    }));
    await this.shot('start');
    await this.axe('start');

    // The sample, timed from choosing the file to its preview's first page.
    const started = await page.evaluate(() => performance.now());
    const sample = await this.sources([files.sample], 'the sample article');
    const formShown = await page.evaluate(() => performance.now());
    const sampleBook = await this.build('the sample book');
    result.timings.sample = {
      upload_to_form_ms: formShown - started,
      upload_to_first_page_ms: sampleBook.first_page_at - started,
      upload_to_all_pages_counted_ms: sampleBook.ready_at - started,
    };
    result.sample = { ...sample, books: sampleBook.books, preview: await this.walk('sample') };

    // The Arabic Word file: its form, its book's right-to-left preview, its download.
    const docx = await this.sources([files.docx], 'the Word file');
    await this.shot('docx-form');
    await this.axe('form');
    const docxBook = await this.build('the book of the Word file');
    await this.shot('docx-built');
    await this.axe('built+preview');
    result.docx = { ...docx, books: docxBook.books, preview: await this.walk('docx') };
    result.downloads.docx = await this.download('#books .book a.download', 'docx');

    // The English file: a left-to-right preview.
    const english = await this.sources([files.english], 'the English file');
    const englishBook = await this.build('the book of the English file');
    result.english = { ...english, books: englishBook.books, preview: await this.walk('english') };

    // A page by its address.
    result.url = await this.sources(null, 'the page at the address', async () => {
      await page.click('#url', { clickCount: 3 });
      await page.type('#url', config.url);
      await page.click('#url-go');
    });
    await this.shot('url-form');

    // Three files, "one book per file" left unchecked: one book.
    const anthology = await this.sources(files.anthology, 'the three files');
    anthology.each = await page.$eval('#each', (box) => ({
      shown: !box.closest('#each-field').hidden, checked: box.checked,
    }));
    const anthologyBook = await this.build('the anthology');
    anthology.books = anthologyBook.books;
    anthology.zip_shown = await page.$eval('#zip', (zip) => !zip.hidden);
    await this.shot('anthology-built');
    result.anthology = anthology;
    result.downloads.anthology = await this.download('#books .book a.download', 'anthology');

    // What must be refused, each followed by a request that must be served.
    result.refused = [];
    const refusals = [[files.bomb, 'bomb'], [files.pdf, 'pdf'], [files.huge, 'too-large']];
    for (const [index, [file, name]] of refusals.entries()) {
      const refused = await this.sources([file], `the refusal of ${path.basename(file)}`);
      await this.shot(`error-${name}`, false);
      if (index === 0) await this.axe('error');
      const next = await this.sources([files.next[index]], `the upload after ${path.basename(file)}`);
      result.refused.push({ file: path.basename(file), error: refused.error, details: refused.details, next });
    }

    // Check and fix.
    await page.click('#tab-check');
    await this.waitFor(() => !document.getElementById('panel-check').hidden, 'the check tab to open');
    await this.mark('#check-results > *');
    await (await page.$('#check-files')).uploadFile(files.book);
    await this.waitFor(
      () => document.querySelector('#check-results > :not([data-old])') ||
        document.getElementById('error').textContent,
      'the check of the book to be shown', BUILD_WAIT_MS);
    const checked = await page.evaluate(() => ({
      error: document.getElementById('error').innerText,
      books: [...document.querySelectorAll('#check-results .checked-book')].map((book) => ({
        name: book.querySelector('h4').textContent,
        findings: [...book.querySelectorAll('.finding[data-rule]')].map((f) => ({
          rule: f.dataset.rule, severity: f.dataset.severity, text: f.innerText,
        })),
      })),
      fix_shown: !document.getElementById('fix').hidden,
    }));
    await this.shot('checked');
    await page.click('#fix');
    await this.waitFor(
      () => document.querySelector('#fix-results .fixed-book') ||
        document.getElementById('error').textContent,
      'the fixed book to be shown', BUILD_WAIT_MS);
    checked.fixed = await page.evaluate(() => ({
      error: document.getElementById('error').innerText,
      books: [...document.querySelectorAll('#fix-results .fixed-book')].map((book) => ({
        repairs: [...book.querySelectorAll('.repairs li')].map((li) => li.textContent),
        findings_after: [...book.querySelectorAll('.finding[data-rule]')].map((f) => f.dataset.rule),
        download: Boolean(book.querySelector('a.download')),
      })),
    }));
    await this.shot('fixed');
    await this.axe('check+fix');
    result.check = checked;
    result.downloads.fixed = await this.download('#fix-results .fixed-book a.download', 'fixed');
    return result;
  }

  // Waits until `predicate` (run in the page) returns something truthy, and returns it;
  // on timeout, fails naming what did not happen and what the page shows in its error box.
  async waitFor(predicate, what, timeout = WAIT_MS, ...args) {
    try {
      const handle = await this.page.waitForFunction(predicate, { timeout, polling: 'raf' }, ...args);
      return await handle.jsonValue();
    } catch (error) {
      if (error.name !== 'TimeoutError') throw error;
      const shown = await this.page.evaluate(() => ({
        error: document.getElementById('error').innerText,
        progress: document.getElementById('progress').innerText,
      })).catch(() => ({}));
      throw new Error(`[${this.lang}] waited ${timeout / 1000} s for ${what}, in vain ` +
        `(the page's error box: ${JSON.stringify(shown.error)}, progress: ${JSON.stringify(shown.progress)})`);
    }
  }

  // Marks what `selector` finds now, so a wait can tell what comes after from what was there.
  async mark(selector) {
    await this.page.$$eval(selector, (nodes) => nodes.forEach((node) => { node.dataset.old = ''; }));
  }

  // Sends sources (files chosen in #files, or `act` for another way) and waits for the
  // form or the error; returns what the page shows.
  async sources(paths, what, act) {
    const { page } = this;
    await page.evaluate(() => document.getElementById('tab-make').click());
    await this.mark('#source-list li, #error > *');
    if (act) await act();
    else await (await page.$('#files')).uploadFile(...paths);
    await this.waitFor(
      () => (document.querySelector('#source-list li:not([data-old])') && !document.getElementById('step-meta').hidden) ||
        document.querySelector('#error > :not([data-old])'),
      `the form or an error after sending ${what}`);
    return page.evaluate(() => {
      const value = (id) => document.getElementById(id).value;
      return {
        error: document.getElementById('error').innerText,
        // The server's own words, under the page's lead-in.
        details: [...document.querySelectorAll('#error .detail [lang=en]')].map((n) => n.textContent),
        sources: [...document.querySelectorAll('#source-list li:not([data-old]) .name')].map((n) => n.textContent),
        form: {
          title: value('form-title'),
          authors: value('form-authors'),
          language: value('form-language'),
          direction: value('form-direction'),
        },
      };
    });
  }

  // Presses "make the book" and waits for the books and the first book's preview, laid out
  // on its first page and every document counted.
  async build(what) {
    const { page } = this;
    await this.mark('#books .book');
    await page.click('#build');
    await this.waitFor(
      () => document.querySelector('#books .book:not([data-old])') || document.getElementById('error').textContent,
      `${what} to be made`, BUILD_WAIT_MS);
    const error = await page.$eval('#error', (box) => box.innerText);
    if (error) throw new Error(`[${this.lang}] ${what} was not made: ${error}`);
    // The first page is shown when the frame holds the new book's first document, moved to
    // its first page (showPage sets the transform after the layout).
    const firstPageAt = await this.waitFor(() => {
      const box = document.getElementById('preview');
      const id = document.querySelector('#books .book').dataset.id;
      const frame = document.getElementById('preview-frame');
      const doc = frame.contentDocument;
      return !box.hidden && box.dataset.bookId === id && doc && doc.body &&
        frame.contentWindow.location.pathname.startsWith(`/api/books/${id}/`) &&
        doc.body.style.transform.startsWith('translateX') && box.dataset.page === '1' &&
        performance.now();
    }, `the first page of ${what}'s preview`);
    const readyAt = await this.waitFor(
      () => document.getElementById('preview').dataset.ready === 'true' && performance.now(),
      `the pages of ${what}'s preview to be counted`);
    const books = await page.$$eval('#books .book', (items) => items.map((item) => ({
      title: item.querySelector('h4').textContent,
      file_name: item.querySelector('.name').textContent,
      findings: [...item.querySelectorAll('.finding[data-rule]')].map((f) => f.dataset.rule),
    })));
    return { books, first_page_at: firstPageAt, ready_at: readyAt };
  }

  // Where the preview stands, and how the document in the frame is laid out.
  previewState() {
    return this.page.evaluate(() => {
      const box = document.getElementById('preview');
      const frame = document.getElementById('preview-frame');
      const doc = frame.contentDocument;
      const width = frame.clientWidth;
      // The first block of text (in document order) that lies on the page shown.
      const blocks = [...doc.body.querySelectorAll('h1, h2, h3, h4, h5, h6, p, li, img, svg, figure')];
      const first = blocks.findIndex((block) => [...block.getClientRects()]
        .some((rect) => rect.width > 0 && rect.right > 1 && rect.left < width - 1));
      return {
        page: Number(box.dataset.page),
        pages: Number(box.dataset.pages),
        item: Number(box.dataset.item),
        item_page: Number(box.dataset.itemPage),
        book_direction: box.dataset.direction,
        src: frame.contentWindow.location.pathname,
        direction: getComputedStyle(doc.body).direction,
        transform: doc.body.style.transform,
        first_block: first,
        counter: document.getElementById('preview-page').textContent,
        next_x: document.getElementById('preview-next').getBoundingClientRect().x,
        prev_x: document.getElementById('preview-prev').getBoundingClientRect().x,
      };
    });
  }

  // Turns the preview's pages from the first to the last: the first turn with the arrow key
  // of the book's reading direction, the others with the "next page" button; then one turn
  // back with the other arrow key. Screenshots the first three pages.
  async walk(name) {
    const { page } = this;
    await page.$eval('#preview', (box) => box.scrollIntoView());
    const states = [await this.previewState()];
    const rtl = states[0].book_direction === 'rtl';
    const forwardKey = rtl ? 'ArrowLeft' : 'ArrowRight';
    await this.shot(`${name}-preview-1`, '#preview');
    while (states.length < MAX_PAGES) {
      const at = states[states.length - 1];
      if (at.page >= at.pages) break;
      if (states.length === 1) {
        await page.focus('#preview-next');
        await page.keyboard.press(forwardKey);
      } else {
        await page.click('#preview-next');
      }
      await this.waitFor((from) => {
        const frame = document.getElementById('preview-frame');
        return Number(document.getElementById('preview').dataset.page) === from + 1 &&
          frame.contentDocument && frame.contentDocument.body &&
          frame.contentDocument.body.style.transform.startsWith('translateX');
      }, `page ${at.page + 1} of the ${name} preview after ${states.length === 1 ? forwardKey : 'the next button'}`,
      WAIT_MS, at.page);
      states.push(await this.previewState());
      if (states.length <= 3) await this.shot(`${name}-preview-${states.length}`, '#preview');
    }
    const last = states[states.length - 1];
    let back = null;
    if (last.page > 1) {
      await page.focus('#preview-next');
      await page.keyboard.press(rtl ? 'ArrowRight' : 'ArrowLeft');
      await this.waitFor((from) => Number(document.getElementById('preview').dataset.page) === from - 1,
        `the ${name} preview to go back a page with ${rtl ? 'ArrowRight' : 'ArrowLeft'}`, WAIT_MS, last.page);
      back = await this.previewState();
    }
    return { states, back };
  }

  // Fetches the link's href in the page (with the page's cookie, as a click would download
  // it) and keeps the bytes in the downloads folder.
  async download(selector, name) {
    const got = await this.page.$eval(selector, async (link) => {
      const response = await fetch(link.href);
      const bytes = new Uint8Array(await response.arrayBuffer());
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000) {
        binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      }
      return {
        status: response.status,
        content_type: response.headers.get('content-type'),
        disposition: response.headers.get('content-disposition'),
        download: link.getAttribute('download'),
        base64: btoa(binary),
      };
    });
    const file = path.join(this.config.downloads, `${this.lang}-${name}.epub`);
    fs.writeFileSync(file, Buffer.from(got.base64, 'base64'));
    delete got.base64;
    return { ...got, path: file };
  }

  async shot(name, what = true) {
    this.shotNumber += 1;
    const number = String(this.shotNumber).padStart(2, '0');
    const file = path.join(this.config.shots, `${this.lang}-${number}-${name}.png`);
    if (typeof what === 'string') {
      // The element and a margin round it, so its edges show.
      const box = await this.page.$eval(what, (node) => {
        const rect = node.getBoundingClientRect();
        return { x: rect.x + window.scrollX, y: rect.y + window.scrollY, width: rect.width, height: rect.height };
      });
      const margin = 16;
      const x = Math.max(0, box.x - margin);
      const y = Math.max(0, box.y - margin);
      const clip = { x, y, width: box.width + box.x - x + margin, height: box.height + box.y - y + margin };
      await this.page.screenshot({ path: file, clip, captureBeyondViewport: true });
    } else {
      await this.page.screenshot({ path: file, fullPage: what });
    }
    this.result.shots.push(file);
  }

  // axe-core on the application's own page. The preview's frames hold the book, whose
  // accessibility Ace judges elsewhere, so they are left out (iframes: false); their
  // <iframe> elements are still judged as part of the page.
  async axe(state) {
    const { page } = this;
    if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(this.axeSource);
    this.result.axe[state] = await page.evaluate(async () => {
      const found = await window.axe.run(document, { iframes: false, resultTypes: ['violations'] });
      return found.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary}`),
      }));
    });
  }
}

main().catch((error) => {
  process.stderr.write(String((error && error.stack) || error) + '\n');
  process.exit(1);
});
