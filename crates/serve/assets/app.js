// warraq serve's page: sends articles and books to the local server (the contract is
// serve-api.md), shows what comes back, and pages a built book the way a reader does.
// No framework and no build step: the server embeds this file as it is.
"use strict";

const $ = (id) => document.getElementById(id);

// ---------------------------------------------------------------------------------------
// Interface language

const TABLES = window.WARRAQ_STRINGS;
// Readers of these languages get the Arabic interface until their own table exists: a
// right-to-left page in a script close to theirs serves them better than English does.
const RTL_LANGUAGES = ["ar", "fa", "ur", "he"];
const LANG_KEY = "warraq.lang";
let ui = "en";

function pickLanguage() {
  const saved = readSaved();
  if (saved && TABLES[saved]) return saved;
  for (const tag of navigator.languages || [navigator.language || "en"]) {
    const primary = String(tag).toLowerCase().split("-")[0];
    if (TABLES[primary]) return primary;
    if (RTL_LANGUAGES.includes(primary)) return "ar";
  }
  return "en";
}

// localStorage throws when the browser forbids storage; the choice is then not remembered.
function readSaved() {
  try {
    return localStorage.getItem(LANG_KEY);
  } catch {
    return null;
  }
}

function save(lang) {
  try {
    localStorage.setItem(LANG_KEY, lang);
  } catch {
    // Nothing to do: the page works, it only forgets the choice.
  }
}

// The string `key` in the interface language with `{name}` filled from `vars`. When
// `vars.count` is a number, `key_one`, `key_two`, `key_few`… are tried first, by the
// language's plural rules (Arabic has six forms).
function template(key, vars) {
  const own = TABLES[ui].strings;
  const en = TABLES.en.strings;
  let text;
  if (typeof vars.count === "number") {
    const form = `${key}_${new Intl.PluralRules(ui).select(vars.count)}`;
    text = own[form] ?? own[`${key}_other`] ?? en[form] ?? en[`${key}_other`];
  }
  return text ?? own[key] ?? en[key] ?? key;
}

const PLACEHOLDER = /\{(\w+)\}/g;

// As plain text, for attributes (title, alt).
function t(key, vars = {}) {
  return template(key, vars).replace(PLACEHOLDER, (whole, name) => (name in vars ? formatValue(vars[name]) : whole));
}

// As nodes, for an element's content. A value that is text from elsewhere (a file name, a
// title, the server's message) goes in a <bdi>: a Latin name inside an Arabic sentence, or
// the reverse, then keeps its own order and its own parentheses.
function tNodes(key, vars = {}) {
  const parts = [];
  let last = 0;
  const text = template(key, vars);
  for (const match of text.matchAll(PLACEHOLDER)) {
    parts.push(text.slice(last, match.index));
    const name = match[1];
    const value = vars[name];
    if (!(name in vars)) parts.push(match[0]);
    else if (typeof value === "string") parts.push(h("bdi", {}, value));
    else parts.push(formatValue(value));
    last = match.index + match[0].length;
  }
  parts.push(text.slice(last));
  return parts.filter((part) => part !== "");
}

// A value is formatted when the string is made, so it follows a change of language too:
// a number in the language's digits, {bytes: n} as a size.
function formatValue(value) {
  if (typeof value === "number") return new Intl.NumberFormat(ui).format(value);
  if (value && typeof value.bytes === "number") return formatSize(value.bytes);
  return String(value);
}

function formatSize(bytes) {
  const [unit, amount] =
    bytes >= 1e6 ? ["megabyte", bytes / 1e6] : bytes >= 1e3 ? ["kilobyte", bytes / 1e3] : ["byte", bytes];
  return new Intl.NumberFormat(ui, {
    style: "unit",
    unit,
    unitDisplay: unit === "byte" ? "narrow" : "short", // "short" says "7 byte" in English
    maximumFractionDigits: 1,
  }).format(amount);
}

// An element's words are named by data-i18n (and data-i18n-vars, JSON), so switching the
// language re-translates everything on the page, what was built at run time included.
function translate(node) {
  const vars = node.dataset.i18nVars ? JSON.parse(node.dataset.i18nVars) : {};
  if (node.dataset.i18n) node.replaceChildren(...tNodes(node.dataset.i18n, vars));
  if (node.dataset.i18nAttr) {
    for (const pair of node.dataset.i18nAttr.split(";")) {
      const [attr, key] = pair.split(":");
      node.setAttribute(attr, t(key, vars));
    }
  }
}

function setText(node, key, vars) {
  if (!key) {
    delete node.dataset.i18n;
    delete node.dataset.i18nVars;
    node.textContent = "";
    return;
  }
  node.dataset.i18n = key;
  if (vars) node.dataset.i18nVars = JSON.stringify(vars);
  else delete node.dataset.i18nVars;
  translate(node);
}

function applyLanguage(lang) {
  ui = TABLES[lang] ? lang : "en";
  document.documentElement.lang = ui;
  document.documentElement.dir = TABLES[ui].dir;
  document.querySelectorAll("[data-i18n], [data-i18n-attr]").forEach(translate);
  const pageCounter = $("preview-page");
  pageCounter.lang = ui;
  pageCounter.dir = TABLES[ui].dir;
  fillLanguageMenu();
}

function fillLanguageMenu() {
  const menu = $("lang-switch");
  menu.replaceChildren(
    ...Object.entries(TABLES).map(([tag, table]) => {
      const option = new Option(table.name, tag, false, tag === ui);
      option.lang = tag; // each name is spoken in its own language
      return option;
    }),
  );
}

// ---------------------------------------------------------------------------------------
// Building elements

// h("p", {class: "x", text: ["key", {vars}], attrs: {dir: "ltr"}}, child…); a string child
// is text as it came (a server's message or a file name), never translated.
function h(tag, options = {}, ...children) {
  const node = document.createElement(tag);
  if (options.class) node.className = options.class;
  for (const [name, value] of Object.entries(options.attrs || {})) {
    if (value !== null && value !== undefined) node.setAttribute(name, value);
  }
  if (options.text) setText(node, options.text[0], options.text[1]);
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

// Text from the server or a book: English messages, file names, titles in any script.
// dir=auto (or ltr for paths) keeps it whole inside a sentence of the other direction.
function foreign(text, { lang = null, dir = "auto", tag = "span" } = {}) {
  return h(tag, { attrs: { lang, dir } }, String(text));
}

// A link's fragment as an id; a book's bad escape (`#%zz`) is taken as it is written.
function decodedId(fragment) {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}

// What the rule asks for and how to mend a breach, in the check's own words (English).
function ruleWords(finding) {
  const words = [finding.meaning, finding.fix].filter(Boolean).join(" ");
  if (!words) return null;
  return h("div", { class: "rule-words", attrs: { lang: "en", dir: "ltr" } }, words);
}

function show(node, visible) {
  node.hidden = !visible;
}

// A busy button stays focusable (aria-disabled, not disabled), so a keyboard user who
// pressed it does not lose their place.
function setBusy(button, busy) {
  if (busy) button.setAttribute("aria-disabled", "true");
  else button.removeAttribute("aria-disabled");
}

function isBusy(button) {
  return button.getAttribute("aria-disabled") === "true";
}

// ---------------------------------------------------------------------------------------
// Talking to the server

class ApiError extends Error {
  // `code` is the contract's code ("too-large"…), "network", or a page-side key whose
  // lead-in is the whole message (`local` true, no server text to show under it).
  constructor(code, message, file = null, { local = false, vars = {} } = {}) {
    super(message);
    this.code = code;
    this.file = file;
    this.local = local;
    this.vars = vars;
  }
}

function localError(code, vars = {}) {
  return new ApiError(code, "", null, { local: true, vars });
}

const CODE_BY_STATUS = { 400: "bad-input", 404: "not-found", 413: "too-large", 422: "bad-input" };

async function api(url, { method = "GET", form = null, json = undefined, signal } = {}) {
  const init = { method, headers: {}, credentials: "same-origin", signal };
  // The server refuses a POST without it: a form on another site cannot add a header.
  if (method !== "GET") init.headers["X-Warraq"] = "1";
  if (form) init.body = form;
  if (json !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(json);
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new ApiError("network", String(error.message || error));
  }
  const body = await readJson(response);
  if (!response.ok) {
    const code = body && typeof body.code === "string" ? body.code : CODE_BY_STATUS[response.status] || "internal";
    const message = body && body.error ? body.error : `${response.status} ${response.statusText}`.trim();
    throw new ApiError(code, message, body ? body.file ?? null : null);
  }
  return body;
}

async function readJson(response) {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

// path("/api/books/", id, ".epub"): the odd parts are values, escaped for a URL.
function path(...parts) {
  return parts.map((part, i) => (i % 2 ? encodeURIComponent(part) : part)).join("");
}

// ---------------------------------------------------------------------------------------
// Errors

function showError(error) {
  if (error && error.name === "AbortError") return;
  if (!(error instanceof ApiError)) {
    console.error(error);
    error = new ApiError("internal", String((error && error.message) || error));
  }
  const known = `error_${error.code}` in TABLES.en.strings;
  const box = $("error");
  const parts = [h("p", { class: "lead", text: [known ? `error_${error.code}` : "error_internal", error.vars] })];
  // The server's own words are English; they stay under the lead-in for whoever can use them.
  if (!error.local && error.message) parts.push(h("p", { class: "detail" }, foreign(error.message, { lang: "en", dir: "ltr" })));
  if (error.file) parts.push(h("p", { class: "detail", text: ["errorFile", { file: error.file }] }));
  const close = h("button", { class: "close", attrs: { type: "button" }, text: ["close"] });
  close.addEventListener("click", () => {
    clearError();
    document.querySelector("[role=tabpanel]:not([hidden])").focus();
  });
  box.replaceChildren(h("div", { class: "alert-text" }, ...parts), close);
}

function clearError() {
  $("error").replaceChildren();
}

// ---------------------------------------------------------------------------------------
// Make a book: sources

const SOURCE_EXTENSIONS = [".txt", ".md", ".markdown", ".html", ".htm", ".xhtml", ".docx"];
const BOOK_EXTENSIONS = [".epub"]; // .kepub.epub ends the same way
let maxUpload = null; // bytes, from /api/limits; the server checks again in any case

const make = {
  job: null,
  sources: [],
  warnings: [],
  books: [],
  zip: null,
};

// Files the server would refuse are refused here first, naming the file, without a round trip.
function acceptFiles(files, extensions) {
  const list = Array.from(files);
  if (list.length === 0) throw localError("noFiles");
  for (const file of list) {
    const name = file.name.toLowerCase();
    if (!extensions.some((ext) => name.endsWith(ext))) {
      throw localError("badType", { name: file.name });
    }
    if (maxUpload && file.size > maxUpload) {
      throw localError("tooLargeLocal", { name: file.name, size: { bytes: maxUpload } });
    }
  }
  return list;
}

async function sendSources(fill) {
  const status = $("sources-status");
  clearError();
  const form = new FormData();
  try {
    fill(form);
  } catch (error) {
    showError(error);
    return;
  }
  setText(status, "reading");
  try {
    const answer = await api("/api/sources", { method: "POST", form });
    // The job before this one is done with: the server removes its files now, not in an hour.
    if (make.job) api(path("/api/jobs/", make.job), { method: "DELETE" }).catch(() => {});
    make.job = answer.job;
    make.sources = answer.sources || [];
    make.warnings = answer.warnings || [];
    make.books = [];
    make.zip = null;
    fillForm(answer.form || {});
    renderSources();
    renderBooks();
    closePreview();
    setText($("progress"), null);
    show($("progress-bar"), false);
    for (const id of ["step-meta", "step-cover", "step-build"]) show($(id), true);
    show($("each-field"), make.sources.length > 1);
    updateCover();
  } catch (error) {
    showError(error);
  } finally {
    setText(status, null);
  }
}

function sendFiles(files) {
  sendSources((form) => {
    for (const file of acceptFiles(files, SOURCE_EXTENSIONS)) form.append("file", file, file.name);
  });
}

function sendUrl() {
  sendSources((form) => {
    const text = $("url").value.trim();
    let url;
    try {
      url = new URL(text);
    } catch {
      url = null;
    }
    if (!url || !["http:", "https:"].includes(url.protocol)) throw localError("noUrl");
    form.append("url", url.href);
  });
}

function renderSources() {
  const list = $("source-list");
  list.replaceChildren(
    ...make.sources.map((source) =>
      h(
        "li",
        {},
        h("bdi", { class: "name" }, source.name),
        " ",
        h("span", {
          class: "meta",
          text: ["sourceKind", { kind: String(source.kind).toUpperCase(), size: { bytes: source.bytes || 0 } }],
        }),
      ),
    ),
  );
  $("source-warnings").replaceChildren(warningList(make.warnings, "h5"));
  show($("sources"), make.sources.length > 0);
}

function warningList(warnings, headingTag) {
  if (!warnings || warnings.length === 0) return "";
  const box = h("div", { class: "warnings" });
  box.append(
    h(headingTag, { text: ["hWarnings"] }),
    h("ul", {}, ...warnings.map((line) => h("li", {}, foreign(line, { lang: "en" })))),
  );
  return box;
}

// ---------------------------------------------------------------------------------------
// Make a book: the metadata form

const field = (name) => $(`form-${name}`);

function fillForm(form) {
  field("title").value = form.title || "";
  field("authors").value = (form.authors || []).join("\n");
  field("language").value = form.language || "";
  field("direction").value = ["rtl", "ltr", "auto"].includes(form.direction) ? form.direction : "auto";
  field("date").value = form.date || "";
  field("publisher").value = form.publisher || "";
  field("description").value = form.description || "";
  field("subjects").value = (form.subjects || []).join("\n");
  field("series").value = form.series || "";
  field("series-index").value = form.series_index || "";
}

// One name per line; a single line may be a comma list (the Arabic comma too). When there
// are several lines the commas stay, so "Smith, John" on its own line is one name.
function splitList(text) {
  const lines = text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
  if (lines.length !== 1) return lines;
  return lines[0].split(/[,،]/).map((part) => part.trim()).filter(Boolean);
}

function readForm() {
  const text = (name) => field(name).value.trim();
  return {
    title: text("title"),
    authors: splitList(field("authors").value),
    language: text("language"),
    direction: field("direction").value,
    date: text("date") || null,
    publisher: text("publisher") || null,
    description: text("description") || null,
    subjects: splitList(field("subjects").value),
    series: text("series") || null,
    // Sent as typed: the server checks it is a number and names the field if not.
    series_index: text("series-index") || null,
  };
}

// ---------------------------------------------------------------------------------------
// Make a book: the cover

let coverTimer = null;
let coverRequest = null;
let coverUrl = null;

function scheduleCover() {
  clearTimeout(coverTimer);
  coverTimer = setTimeout(updateCover, 300);
}

function updateCover() {
  const choice = $("cover-choice").value;
  show($("cover-figure"), choice === "drawn");
  show($("cover-file-field"), choice === "upload");
  if (choice === "drawn") drawCover();
  else setText($("cover-note"), null);
}

// The drawn cover is fetched rather than set as the img's src, so a title no font can set
// shows the server's reason, and a slower answer for an older title cannot win.
async function drawCover() {
  if (coverRequest) coverRequest.abort();
  coverRequest = new AbortController();
  const form = readForm();
  const query = new URLSearchParams({
    title: form.title,
    authors: form.authors.join("\n"),
    language: form.language,
  });
  const note = $("cover-note");
  try {
    const response = await fetch(`/api/cover.png?${query}`, { signal: coverRequest.signal });
    if (!response.ok) {
      const body = await readJson(response);
      throw new Error(body && body.error ? body.error : `${response.status} ${response.statusText}`);
    }
    const blob = await response.blob();
    if (coverUrl) URL.revokeObjectURL(coverUrl);
    coverUrl = URL.createObjectURL(blob);
    const img = $("cover-preview");
    img.src = coverUrl;
    img.dataset.i18nAttr = "alt:coverAlt";
    translate(img);
    img.classList.remove("failed");
    setText(note, null);
  } catch (error) {
    if (error.name === "AbortError") return;
    $("cover-preview").classList.add("failed");
    setText(note, "coverNoFont", { message: error.message });
  }
}

function fontFileChosen() {
  const file = $("font-file").files[0];
  if (file) setText($("font-file-name"), "fontFileChosen", { name: file.name });
  else setText($("font-file-name"), "fontFileHint", { fonts: ".ttf, .otf, .woff, .woff2" });
}

function coverFileChosen() {
  const file = $("cover-file").files[0];
  if (file) setText($("cover-file-name"), "coverFileChosen", { name: file.name });
  else setText($("cover-file-name"), "coverFileHint");
}

// ---------------------------------------------------------------------------------------
// Make a book: building

async function build() {
  const button = $("build");
  if (isBusy(button) || !make.job) return;
  clearError();
  const form = readForm();
  if (!form.title) {
    showError(localError("noTitle"));
    field("title").focus();
    return;
  }
  const cover = $("cover-choice").value;
  const coverFile = $("cover-file").files[0];
  if (cover === "upload" && !coverFile) {
    showError(localError("noCoverFile"));
    return;
  }

  setBusy(button, true);
  setText($("progress"), "building");
  const bar = $("progress-bar");
  bar.removeAttribute("value"); // indeterminate until the first event says how many
  show(bar, true);
  const events = followProgress(make.job);
  try {
    if (cover === "upload") {
      const upload = new FormData();
      upload.append("file", coverFile, coverFile.name);
      await api(path("/api/jobs/", make.job, "/cover"), { method: "POST", form: upload });
    }
    const fontFile = $("font-file").files[0];
    if (fontFile) {
      const upload = new FormData();
      upload.append("file", fontFile, fontFile.name);
      await api(path("/api/jobs/", make.job, "/font"), { method: "POST", form: upload });
    }
    const answer = await api(path("/api/jobs/", make.job, "/build"), {
      method: "POST",
      json: {
        form,
        cover,
        each: $("each").checked && make.sources.length > 1,
        kobo: $("kobo").checked,
        font: Boolean($("font-file").files[0]),
      },
    });
    make.books = answer.books || [];
    make.zip = answer.zip || null;
    bar.max = 1;
    bar.value = 1;
    setText($("progress"), "built", { count: make.books.length });
    renderBooks();
    if (make.books.length > 0) openPreview(make.books[0]);
  } catch (error) {
    setText($("progress"), "step_failed");
    show(bar, false);
    showError(error);
  } finally {
    events.close();
    setBusy(button, false);
  }
}

// Progress comes as server-sent events while the build request is open; the build's
// answer, not the stream, says when it is over, so a lost stream costs only the progress.
function followProgress(job) {
  let source;
  try {
    source = new EventSource(path("/api/jobs/", job, "/events"));
  } catch {
    return { close() {} };
  }
  source.addEventListener("progress", (event) => {
    let step;
    try {
      step = JSON.parse(event.data);
    } catch {
      return;
    }
    showStep(step);
    if (step.step === "done" || step.step === "failed") source.close();
  });
  return source;
}

function showStep(step) {
  const known = ["reading", "building", "checking", "done", "failed"];
  if (!known.includes(step.step)) return;
  const bar = $("progress-bar");
  if (step.total > 0) {
    bar.max = step.total;
    bar.value = Math.min(step.done || 0, step.total);
  }
  setText($("progress"), `step_${step.step}`, {
    name: step.name || "",
    done: step.done || 0,
    total: step.total || 0,
  });
}

function renderBooks() {
  $("books").replaceChildren(...make.books.map(bookItem));
  const several = make.books.length > 1 && make.zip;
  if (several) $("zip-link").href = make.zip;
  show($("zip"), Boolean(several));
  show($("step-books"), make.books.length > 0);
}

function bookItem(book) {
  const previewButton = h("button", { class: "button secondary preview-button", attrs: { type: "button" }, text: ["preview"] });
  previewButton.addEventListener("click", () => openPreview(book));
  const download = h("a", {
    class: "button download",
    attrs: { href: path("/api/books/", book.id, ".epub"), download: book.file_name || "" },
    text: ["download", { name: book.file_name }],
  });
  return h(
    "li",
    { class: "book", attrs: { "data-id": book.id } },
    h("h4", { attrs: { lang: book.language || null, dir: "auto" } }, book.title || book.file_name),
    h(
      "p",
      { class: "meta" },
      h("bdi", { class: "name" }, book.file_name),
      " · ",
      h("span", { text: ["bookFacts", { size: { bytes: book.bytes || 0 }, language: book.language || "?" }] }),
      h("span", { text: [book.direction === "ltr" ? "direction_ltr" : "direction_rtl"] }),
    ),
    h("div", { class: "actions" }, download, previewButton),
    warningList(book.warnings, "h5"),
    h("h5", { text: ["hFindings"] }),
    findingList(book.findings),
  );
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 };

function findingList(findings) {
  if (!findings || findings.length === 0) return h("p", { class: "clean", text: ["noFindings"] });
  const sorted = [...findings].sort(
    (a, b) => (SEVERITY_ORDER[a.severity] ?? 3) - (SEVERITY_ORDER[b.severity] ?? 3),
  );
  return h(
    "ul",
    { class: "findings" },
    ...sorted.map((finding) => {
      const severity = SEVERITY_ORDER[finding.severity] === undefined ? "info" : finding.severity;
      return h(
        "li",
        { class: `finding sev-${severity}`, attrs: { "data-rule": finding.rule, "data-severity": severity } },
        h("span", { class: `badge sev-${severity}`, text: [`severity_${severity}`] }),
        " ",
        h("code", { class: "rule", attrs: { dir: "ltr" } }, finding.rule),
        " ",
        // The server's words are English: a block of their own, so that in an Arabic page
        // they wrap as English does rather than start their last line at the right edge.
        foreign(finding.message, { lang: "en", dir: "ltr", tag: "div" }),
        ruleWords(finding),
        finding.file ? h("span", { class: "file", text: ["inFile", { file: finding.file }] }) : null,
      );
    }),
  );
}

// ---------------------------------------------------------------------------------------
// Preview: a book paged like a reader pages it
//
// Each spine document is loaded, one at a time, into a same-origin iframe. Its body becomes
// a multi-column box exactly one frame tall whose columns are one frame wide (less the
// margins), so the document flows into a row of pages. A page is shown by moving the body
// sideways with a transform. Scrolling would do it too, but for a right-to-left document
// Chromium counts scrollLeft from the right and negative, other engines differently; a
// transform means the same thing everywhere.
//
// data-page on #preview is 1-based across the whole book (the cover is page 1); data-item
// is the 1-based spine document shown and data-item-page the page within it. A second,
// unseen iframe loads every document once to count the pages, so "of N" and data-pages
// appear when it is done (then data-ready="true").

const preview = {
  book: null, // the spine answer: direction, language, title, items
  item: 0, // index in book.items of the document in the frame
  page: 0, // page in that document, from 0
  pages: 1, // pages in that document
  counts: [], // pages of each document, null until counted
  pendingPage: 0, // where the document being loaded opens: a page index or "last"
  run: 0, // bumped to stop a counting run that no longer fits the book or the frame size
  loaded: false, // the frame holds the document preview.item names, laid out
  size: "", // the frame's size when it was laid out
};

async function openPreview(book) {
  clearError();
  const box = $("preview");
  let spine;
  try {
    spine = await api(path("/api/books/", book.id, "/spine"));
  } catch (error) {
    showError(error);
    return;
  }
  if (!spine || !Array.isArray(spine.items) || spine.items.length === 0) return;
  preview.book = { ...spine, direction: spine.direction === "ltr" ? "ltr" : "rtl" };
  preview.counts = spine.items.map(() => null);
  preview.item = 0;
  preview.page = 0;
  preview.pages = 1;

  const rtl = preview.book.direction === "rtl";
  box.dataset.direction = preview.book.direction;
  box.dataset.bookId = book.id;
  delete box.dataset.ready;
  setText($("preview-heading"), "previewOf", { title: spine.title || book.title || "" });
  // The book's direction, not the interface's, places the buttons: in a right-to-left book
  // the next page lies to the left, so "next" sits on the left and its arrow points left.
  $("preview-pager").dir = preview.book.direction;
  $("preview-prev").querySelector(".arrow").textContent = rtl ? "→" : "←";
  $("preview-next").querySelector(".arrow").textContent = rtl ? "←" : "→";
  setText($("preview-page"), "loadingPreview");
  show(box, true);
  loadItem(0, 0);
  countAllPages();
}

function closePreview() {
  preview.book = null;
  preview.run += 1;
  $("preview-frame").removeAttribute("src");
  $("preview-measure").removeAttribute("src");
  show($("preview"), false);
}

function loadItem(index, where) {
  preview.loaded = false;
  preview.item = index;
  preview.pendingPage = where;
  $("preview-frame").src = preview.book.items[index];
}

function itemIndexOf(frame) {
  let here;
  try {
    here = frame.contentWindow.location.pathname;
  } catch {
    return -1;
  }
  return preview.book.items.findIndex((item) => new URL(item, location.href).pathname === here);
}

async function onFrameLoad() {
  const frame = $("preview-frame");
  const doc = frame.contentDocument;
  if (!preview.book || !doc || !doc.body) return;
  // A link inside the book may have brought another spine document in.
  const index = itemIndexOf(frame);
  if (index >= 0) preview.item = index;
  const target = frame.contentWindow.location.hash.slice(1);
  await doc.fonts.ready;
  preview.pages = layOut(frame);
  if (index >= 0) preview.counts[index] = preview.pages;
  let page = preview.pendingPage === "last" ? preview.pages - 1 : preview.pendingPage;
  if (target) page = pageOfElement(frame, doc.getElementById(decodedId(target)), page);
  preview.pendingPage = 0;
  preview.loaded = true;
  doc.addEventListener("keydown", onPreviewKey);
  // Focus or a fragment can scroll the frame's viewport; the transform alone must place the page.
  frame.contentWindow.addEventListener("scroll", () => resetScroll(doc));
  showPage(page);
}

function resetScroll(doc) {
  const scroller = doc.scrollingElement || doc.documentElement;
  if (scroller.scrollLeft !== 0 || scroller.scrollTop !== 0) scroller.scrollTo(0, 0);
}

function important(node, properties) {
  for (const [name, value] of Object.entries(properties)) node.style.setProperty(name, value, "important");
}

// Lays the frame's document out as pages and returns how many there are. The styles are
// set on the elements (the book's own CSP may forbid an added <style>), with !important
// so the book's style sheet cannot undo them.
function layOut(frame) {
  const doc = frame.contentDocument;
  const width = frame.clientWidth;
  const height = frame.clientHeight;
  const margin = Math.round(Math.max(16, Math.min(width, height) * 0.06));
  if (frame.id === "preview-frame") preview.size = `${width}x${height}`;
  important(doc.documentElement, { overflow: "hidden", height: `${height}px`, margin: "0", padding: "0" });
  important(doc.body, {
    margin: "0",
    padding: `${margin}px`,
    "box-sizing": "border-box",
    width: `${width}px`,
    height: `${height}px`,
    // One column per page: a column as wide as the frame less both margins, and a gap of two
    // margins, so each column starts one frame width after the last.
    "column-width": `${width - 2 * margin}px`,
    "column-gap": `${2 * margin}px`,
    "column-fill": "auto",
    overflow: "visible",
    transform: "none",
  });
  // Pictures fit one page, or they would be cut at the page's foot.
  for (const media of doc.querySelectorAll("img, svg, video, table, pre")) {
    if (media.parentElement && media.parentElement.closest("svg")) continue;
    important(media, { "max-width": "100%", "break-inside": "avoid" });
    if (media.localName !== "table" && media.localName !== "pre") {
      important(media, { "max-height": `${height - 2 * margin}px`, "object-fit": "contain" });
    }
    if (media.localName === "pre") important(media, { "white-space": "pre-wrap" });
  }
  resetScroll(doc);
  return countPages(doc, width, margin);
}

// Pages are counted from where the content ends: the farthest edge of anything in the body,
// on the right for a left-to-right document, on the left for a right-to-left one (whose
// columns run leftwards from the frame's right edge). Column k ends k frame widths less one
// margin from the start edge.
function countPages(doc, width, margin) {
  const rtl = isRtl(doc);
  const range = doc.createRange();
  range.selectNodeContents(doc.body);
  let extent = 0;
  for (const rect of range.getClientRects()) {
    if (rect.width === 0 && rect.height === 0) continue;
    extent = Math.max(extent, rtl ? width - rect.left : rect.right);
  }
  return Math.max(1, Math.ceil((extent + margin - 1) / width));
}

// The direction the columns run is the document's own (cover.xhtml may say none and be
// left to right in a right-to-left book), so it comes from the laid-out body, not the spine.
function isRtl(doc) {
  return doc.defaultView.getComputedStyle(doc.body).direction === "rtl";
}

function pageOfElement(frame, element, fallback) {
  if (!element) return fallback;
  const width = frame.clientWidth;
  const rect = element.getBoundingClientRect(); // the body is untransformed right after layOut
  const page = isRtl(frame.contentDocument) ? Math.floor((width - rect.right) / width) : Math.floor(rect.left / width);
  return Math.max(0, page);
}

function showPage(page) {
  const frame = $("preview-frame");
  const doc = frame.contentDocument;
  preview.page = Math.max(0, Math.min(page, preview.pages - 1));
  // Page n of a left-to-right document lies n widths to the right, so the body moves left;
  // in a right-to-left document it lies to the left, so the body moves right.
  const sign = isRtl(doc) ? 1 : -1;
  important(doc.body, { transform: `translateX(${sign * preview.page * frame.clientWidth}px)` });
  resetScroll(doc);
  renderPager();
}

function renderPager() {
  const box = $("preview");
  const known = preview.counts.every((count) => count !== null);
  const before = preview.counts.slice(0, preview.item);
  const whole = before.every((count) => count !== null);
  const page = (whole ? before.reduce((sum, count) => sum + count, 0) : 0) + preview.page + 1;
  const total = known ? preview.counts.reduce((sum, count) => sum + count, 0) : null;
  box.dataset.page = String(page);
  box.dataset.item = String(preview.item + 1);
  box.dataset.itemPage = String(preview.page + 1);
  box.dataset.pages = total === null ? "" : String(total);
  if (total !== null) setText($("preview-page"), "pageOf", { page, total });
  else setText($("preview-page"), "pageOnly", { page });
  const atStart = preview.item === 0 && preview.page === 0;
  const atEnd = preview.item === preview.book.items.length - 1 && preview.page === preview.pages - 1;
  setBusy($("preview-prev"), atStart);
  setBusy($("preview-next"), atEnd);
}

function nextPage() {
  if (!preview.book) return;
  if (preview.page < preview.pages - 1) showPage(preview.page + 1);
  else if (preview.item < preview.book.items.length - 1) loadItem(preview.item + 1, 0);
}

function previousPage() {
  if (!preview.book) return;
  if (preview.page > 0) showPage(preview.page - 1);
  else if (preview.item > 0) loadItem(preview.item - 1, "last");
}

// The book's direction decides the keys: in a right-to-left book the left arrow goes forward.
function onPreviewKey(event) {
  if (!preview.book || event.altKey || event.ctrlKey || event.metaKey) return;
  const forward = preview.book.direction === "rtl" ? "ArrowLeft" : "ArrowRight";
  const back = preview.book.direction === "rtl" ? "ArrowRight" : "ArrowLeft";
  if (event.key === forward || event.key === "PageDown") nextPage();
  else if (event.key === back || event.key === "PageUp") previousPage();
  else return;
  event.preventDefault();
}

// Counts every document's pages in the unseen frame, one after the other, at the size of
// the seen one.
async function countAllPages() {
  const run = ++preview.run;
  const frame = $("preview-frame");
  const measure = $("preview-measure");
  measure.style.width = `${frame.clientWidth}px`;
  measure.style.height = `${frame.clientHeight}px`;
  const items = preview.book.items;
  for (let i = 0; i < items.length; i += 1) {
    await loadInto(measure, items[i]);
    if (run !== preview.run) return;
    const doc = measure.contentDocument;
    if (doc && doc.body) {
      await doc.fonts.ready;
      if (run !== preview.run) return;
      preview.counts[i] = layOut(measure);
    } else {
      preview.counts[i] = 1;
    }
    if (i === preview.item) preview.counts[i] = preview.pages; // the seen frame has the last word
    renderPager();
  }
  measure.removeAttribute("src");
  $("preview").dataset.ready = "true";
}

function loadInto(frame, url) {
  return new Promise((resolve) => {
    frame.addEventListener("load", resolve, { once: true });
    frame.src = url;
  });
}

// A new frame size means new pages: lay the document out again near the same place, and
// count the book again.
let resizeTimer = null;
function onPreviewResize() {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    const frame = $("preview-frame");
    if (!preview.book || !preview.loaded || frame.clientWidth === 0) return;
    if (preview.size === `${frame.clientWidth}x${frame.clientHeight}`) return;
    const where = preview.pages > 1 ? preview.page / preview.pages : 0;
    preview.pages = layOut(frame);
    preview.counts = preview.counts.map(() => null);
    preview.counts[preview.item] = preview.pages;
    delete $("preview").dataset.ready;
    showPage(Math.round(where * preview.pages));
    countAllPages();
  }, 200);
}

// ---------------------------------------------------------------------------------------
// Check and fix

const checking = { files: [] };

async function checkBooks(files) {
  clearError();
  try {
    checking.files = acceptFiles(files, BOOK_EXTENSIONS);
  } catch (error) {
    showError(error);
    return;
  }
  const status = $("check-status");
  $("fix-results").replaceChildren();
  setText($("fix-status"), null);
  setText(status, "checking");
  try {
    const answer = await api("/api/check", { method: "POST", form: booksForm() });
    const books = answer.books || [];
    $("check-results").replaceChildren(...books.map(checkedBook));
    setText(status, "checked", { count: books.length });
    show($("fix"), books.length > 0);
  } catch (error) {
    setText(status, null);
    showError(error);
  }
}

function booksForm() {
  const form = new FormData();
  for (const file of checking.files) form.append("file", file, file.name);
  return form;
}

function checkedBook(book) {
  return h(
    "article",
    { class: "checked-book" },
    h("h4", {}, h("bdi", {}, book.name)),
    book.error ? bookError(book.error) : findingList(book.findings),
  );
}

function bookError(message) {
  return h("p", { class: "book-error", text: ["bookError", { message }] });
}

async function fixBooks() {
  const button = $("fix");
  if (isBusy(button) || checking.files.length === 0) return;
  clearError();
  const status = $("fix-status");
  setBusy(button, true);
  setText(status, "fixing");
  try {
    const answer = await api("/api/fix", { method: "POST", form: booksForm() });
    const books = answer.books || [];
    $("fix-results").replaceChildren(...books.map(fixedBook));
    setText(status, "fixed", { count: books.filter((book) => !book.error).length });
  } catch (error) {
    setText(status, null);
    showError(error);
  } finally {
    setBusy(button, false);
  }
}

function fixedBook(book) {
  if (book.error) {
    return h("article", { class: "fixed-book" }, h("h4", {}, h("bdi", {}, book.name)), bookError(book.error));
  }
  const repairs = book.repairs || [];
  return h(
    "article",
    { class: "fixed-book" },
    h("h4", {}, h("bdi", {}, book.name)),
    h("h5", { text: ["hRepairs"] }),
    repairs.length
      ? h("ul", { class: "repairs" }, ...repairs.map((line) => h("li", {}, foreign(line, { lang: "en", dir: "ltr" }))))
      : h("p", { text: ["noRepairs"] }),
    h("h5", { text: ["hFindingsAfter"] }),
    findingList(book.findings_after),
    h(
      "div",
      { class: "actions" },
      h("a", {
        class: "button download",
        attrs: { href: path("/api/books/", book.id, ".epub"), download: "" },
        text: ["download", { name: book.name }],
      }),
    ),
  );
}

// ---------------------------------------------------------------------------------------
// Tabs (the WAI-ARIA tabs pattern, selection follows focus)

const TABS = ["tab-make", "tab-check"];

function selectTab(id, focus) {
  for (const tabId of TABS) {
    const tab = $(tabId);
    const selected = tabId === id;
    tab.setAttribute("aria-selected", String(selected));
    tab.tabIndex = selected ? 0 : -1;
    show($(tab.getAttribute("aria-controls")), selected);
  }
  if (focus) $(id).focus();
}

function onTabKey(event) {
  const at = TABS.indexOf(event.target.id);
  if (at < 0) return;
  // "Next" follows the interface's reading direction: in Arabic the next tab is to the left.
  const forward = document.documentElement.dir === "rtl" ? "ArrowLeft" : "ArrowRight";
  const back = forward === "ArrowLeft" ? "ArrowRight" : "ArrowLeft";
  let to;
  if (event.key === forward) to = (at + 1) % TABS.length;
  else if (event.key === back) to = (at - 1 + TABS.length) % TABS.length;
  else if (event.key === "Home") to = 0;
  else if (event.key === "End") to = TABS.length - 1;
  else return;
  event.preventDefault();
  selectTab(TABS[to], true);
}

// ---------------------------------------------------------------------------------------
// Drop zones

function dropZone(zone, onFiles) {
  const hasFiles = (event) => event.dataTransfer && Array.from(event.dataTransfer.types).includes("Files");
  zone.addEventListener("dragover", (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
    zone.classList.add("over");
  });
  zone.addEventListener("dragleave", (event) => {
    if (!zone.contains(event.relatedTarget)) zone.classList.remove("over");
  });
  zone.addEventListener("drop", (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    zone.classList.remove("over");
    onFiles(event.dataTransfer.files);
  });
}

// A file dropped beside a zone would otherwise make the browser leave the page to open it.
function guardWindowDrops() {
  for (const type of ["dragover", "drop"]) {
    window.addEventListener(type, (event) => {
      if (event.dataTransfer && Array.from(event.dataTransfer.types).includes("Files")) event.preventDefault();
    });
  }
}

// ---------------------------------------------------------------------------------------
// Start

async function loadLimits() {
  try {
    const limits = await api("/api/limits");
    if (limits && Number.isFinite(limits.max_upload)) maxUpload = limits.max_upload;
    if (limits && limits.version) $("version").textContent = `warraq ${limits.version}`;
  } catch {
    // Without the limits the server's own check still stands.
  }
}

function start() {
  applyLanguage(pickLanguage());
  $("lang-switch").addEventListener("change", (event) => {
    save(event.target.value);
    applyLanguage(event.target.value);
  });

  for (const id of TABS) $(id).addEventListener("click", () => selectTab(id, false));
  document.querySelector("[role=tablist]").addEventListener("keydown", onTabKey);

  $("files").addEventListener("change", (event) => {
    sendFiles(event.target.files);
    event.target.value = ""; // so choosing the same file again is a change
  });
  dropZone($("drop-make"), sendFiles);
  $("url-form").addEventListener("submit", (event) => {
    event.preventDefault();
    sendUrl();
  });

  for (const name of ["title", "authors", "language"]) field(name).addEventListener("input", scheduleCover);
  $("cover-choice").addEventListener("change", updateCover);
  $("cover-file").addEventListener("change", coverFileChosen);
  $("font-file").addEventListener("change", fontFileChosen);
  $("build").addEventListener("click", build);

  $("preview-next").addEventListener("click", nextPage);
  $("preview-prev").addEventListener("click", previousPage);
  $("preview").addEventListener("keydown", onPreviewKey);
  $("preview-frame").addEventListener("load", onFrameLoad);
  new ResizeObserver(onPreviewResize).observe($("preview-frame"));

  $("check-files").addEventListener("change", (event) => {
    checkBooks(event.target.files);
    event.target.value = "";
  });
  dropZone($("drop-check"), checkBooks);
  $("fix").addEventListener("click", fixBooks);

  guardWindowDrops();
  loadLimits();
}

start();
