// SPDX-License-Identifier: Apache-2.0
// What every browser journey shares: `kasane demo` on a fresh database, `kasane serve --listen 127.0.0.1:0`, Debian's
// Chromium driven by playwright-core, and pages watched for console errors, uncaught errors, failed requests and
// Content-Security-Policy violations. Each *.test.mjs runs in a process of its own, so the state below is one
// journey's.
//
//   KASANE_BIN            the kasane binary (CTest sets it)
//   KASANE_TEST_DB_URL    a database URL to use (PostgreSQL); default: a fresh SQLite file in a temp directory
//   KASANE_SCREENSHOT_DIR where to save screenshots (default: the current directory)

import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const kasaneBin = process.env.KASANE_BIN;
if (!kasaneBin) throw new Error('KASANE_BIN must name the kasane binary');
export const screenshotDir = process.env.KASANE_SCREENSHOT_DIR || process.cwd();
export const backend = process.env.KASANE_TEST_DB_URL ? 'postgresql' : 'sqlite';

// Set by StartKasane (live bindings: importers see the values once it has run).
export let baseUrl;
export let browser;
export let serverStdout = '';  // what `kasane serve` printed up to "listening on" (the set-up URL on an empty database)
export let databaseUrl;  // the database the server serves (sqlite:PATH or KASANE_TEST_DB_URL), for the CLI
export let demo;  // what `kasane demo` printed: municipality, code, role label and organisation of demo-caseworker

let temporaryDirectory;
let server;
let serverOutput = '';

// Problems seen by the pages since the last TakeProblems(): console errors, uncaught errors, CSP violations.
let problems = [];

export function TakeProblems() {
  const taken = problems;
  problems = [];
  return taken;
}

// Chromium logs every response of status >= 400, including the document's own. On a page expected to have
// that status (401 form, 404 page) that one line is not a problem.
export function UnexpectedProblems(expectedStatus) {
  return TakeProblems().filter(
    (problem) =>
      !(expectedStatus && problem.includes('console: Failed to load resource') &&
        problem.includes(`status of ${expectedStatus}`)),
  );
}

function StartServer(databaseUrl, extraArguments = []) {
  return new Promise((resolve, reject) => {
    const child = spawn(kasaneBin, ['serve', '--db', databaseUrl, '--listen', '127.0.0.1:0', ...extraArguments], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kasane serve did not print "listening on" within 30 s:\n${stdout}\n${serverOutput}`));
    }, 30_000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = stdout.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1], stdout });
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      serverOutput += chunk;
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`kasane serve exited early (code ${code}, signal ${signal}):\n${stdout}\n${serverOutput}`));
    });
  });
}

function StopServer(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 25_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

// "デモ自治体を読み込みました: 鳥取県栄浜町（架空・コード 319996）" and "  demo-caseworker  相談支援員  福祉課".
function ParseDemoOutput(output) {
  const municipality = output.match(/: (\S+?)（架空・コード (\d{6})）/);
  const caseworker = output.match(/^\s*demo-caseworker\s+(\S+)\s+(\S+)\s*$/m);
  assert.ok(municipality, `kasane demo did not print the municipality:\n${output}`);
  assert.ok(caseworker, `kasane demo did not print demo-caseworker:\n${output}`);
  return { municipality: municipality[1], code: municipality[2], roleLabel: caseworker[1], organization: caseworker[2] };
}

// Loads the demo town into a fresh database (a SQLite file in a temporary directory named after `prefix`, or
// KASANE_TEST_DB_URL), serves it and launches Chromium. For node:test's before(). `options.arguments` are given
// to both `kasane demo` and `kasane serve` (e.g. ['--test-mode', '--test-fixed-clock', instant]);
// `options.demoArguments` to `kasane demo` only (['--living']); `options.serveArguments` to `kasane serve` only
// (['--trust-proxy']); `options.browserArguments` to Chromium. With
// `options.empty` the demo is not loaded: the server starts on an empty database and prints its set-up URL.
export async function StartKasane(prefix, options = {}) {
  const extraArguments = options.arguments ?? [];
  temporaryDirectory = mkdtempSync(path.join(tmpdir(), prefix));
  databaseUrl = process.env.KASANE_TEST_DB_URL || `sqlite:${path.join(temporaryDirectory, 'k.db')}`;
  if (!options.empty) {
    const demoOutput = execFileSync(kasaneBin, ['demo', '--db', databaseUrl, ...extraArguments, ...(options.demoArguments ?? [])],
                                    { encoding: 'utf8', timeout: 240_000 });
    demo = ParseDemoOutput(demoOutput);
  }

  const started = await StartServer(databaseUrl, [...extraArguments, ...(options.serveArguments ?? [])]);
  server = started.child;
  baseUrl = started.url;
  serverStdout = started.stdout;

  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--headless', '--disable-gpu', '--disable-dev-shm-usage',
           ...(options.browserArguments ?? [])],
  });
}

// For node:test's after(): whatever StartKasane got to, undone.
export async function StopKasane() {
  await browser?.close();
  if (server) await StopServer(server);
  if (temporaryDirectory) rmSync(temporaryDirectory, { recursive: true, force: true });
}

// A browser context of its own (cookies apart, as two people on two machines), watched for console errors,
// uncaught errors, failed requests and CSP violations, which are reported prefixed with `who` (if given).
export async function NewWatchedPage(who = '') {
  const prefix = who ? `${who} ` : '';
  const context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1280, height: 900 } });
  // Reported through a binding, which the page's CSP cannot block; the listener is installed before any script.
  await context.exposeBinding('kasaneReportCspViolation', (_source, text) => problems.push(`${prefix}csp: ${text}`));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      window.kasaneReportCspViolation(`${event.violatedDirective} blocked ${event.blockedURI} (${event.sourceFile}:${event.lineNumber})`);
    });
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${prefix}console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`${prefix}pageerror: ${error.message}`));
  page.on('requestfailed', (request) => {
    // A navigation cancels the previous page's requests still in flight (often its favicon): not a fault.
    const reason = request.failure()?.errorText;
    if (reason !== 'net::ERR_ABORTED') problems.push(`${prefix}requestfailed: ${request.url()} ${reason}`);
  });
  return page;
}

// The page's visible text with all whitespace removed, so that "鳥取県 栄浜町" matches "鳥取県栄浜町".
export async function CompactText(page) {
  return (await page.locator('body').innerText()).replace(/\s+/g, '');
}

// Signs a demo account (or another, with its password) in through the sign-in form and waits for the home page.
export async function SignIn(page, username, password = 'kasane-demo') {
  await page.goto(`${baseUrl}/signin`);
  await page.getByLabel('ユーザー名').fill(username);
  await page.getByLabel('パスワード').fill(password);
  await Promise.all([page.waitForURL(`${baseUrl}/`), page.getByRole('button', { name: 'サインイン' }).click()]);
  await page.waitForLoadState('load');
}

// Submits a form by clicking a button and waits for the resulting document (a redirect or a re-rendered form).
export async function SubmitAndWait(page, button) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.request().resourceType() === 'document'),
    button.click(),
  ]);
  await page.waitForLoadState('load');
  return response;
}

// A date in Japan `days` from today ('YYYY-MM-DD', as <input type="date"> takes it); negative for the past.
export function JapanDate(days = 0) {
  return new Date(Date.now() + 9 * 3600_000 + days * 86400_000).toISOString().slice(0, 10);
}

// The totals of 年度集計 (the fiscal year `year`, e.g. 2025 for 令和7年度; default the current one) as the page shows
// them: { contacts (延べ), persons (実人数), households, consultations, computed (集計日時 as shown) }.
export async function ReportTotals(page, year) {
  const response = await page.goto(`${baseUrl}/reports/fiscal-year${year ? `?year=${year}` : ''}`);
  assert.equal(response.status(), 200);
  const number = async (id) => Number((await page.locator(`#${id}`).innerText()).trim());
  return {
    contacts: await number('total-contacts'),
    persons: await number('total-persons'),
    households: await number('total-households'),
    consultations: await number('total-consultations'),
    computed: (await page.locator('#report-computed-at').innerText()).trim(),
  };
}

// Fills the 相談受付 form (/intake, already open) from `intake`; what it leaves out keeps the form's default.
//   anonymous                       true: 匿名の相談 (no person fields)
//   family_name, given_name, family_name_kana, given_name_kana, birth_date, sex, phone: the new person (本人)
//   address: { prefecture, city, town, rest }
//   occurred_at ('YYYY-MM-DDTHH:MM'), channel, source, caller_name, caller_relationship: the call (code values)
//   chief_complaint, categories (labels), most_pressing (a label), summary, summary_tag (the radio's label)
//   household: { name, relationship, notes }: a new household recorded with the consultation
//   members: [{ family_name, given_name, family_name_kana, given_name_kana, relationship, birth_date }]: added inline
//   next_step ('call_back', 'refer', 'open_case'), call_back_on ('YYYY-MM-DD'), refer_to (an organisation's name)
export async function FillIntake(page, intake) {
  const fill = async (label, value) => {
    if (value !== undefined) await page.getByLabel(label, { exact: true }).fill(value);
  };
  const select = async (label, value) => {
    if (value !== undefined) await page.getByLabel(label, { exact: true }).selectOption(value);
  };
  if (intake.anonymous) {
    await page.locator('input[name="person_id"][value="anonymous"]').check();
  } else if (intake.family_name !== undefined) {
    await page.locator('input[name="person_id"][value="new"]').check();
  }
  await fill('氏', intake.family_name);
  await fill('名', intake.given_name);
  await fill('氏（ふりがな）', intake.family_name_kana);
  await fill('名（ふりがな）', intake.given_name_kana);
  await fill('生年月日', intake.birth_date);
  await select('性別', intake.sex);
  await fill('電話', intake.phone);
  await fill('都道府県', intake.address?.prefecture);
  await fill('市区町村', intake.address?.city);
  await fill('町字', intake.address?.town);
  await fill('番地以下', intake.address?.rest);
  await fill('相談日時', intake.occurred_at);
  await select('経路', intake.channel);
  await select('相談者', intake.source);
  await fill('相談者の氏名', intake.caller_name);
  await fill('本人との関係', intake.caller_relationship);
  await fill('主訴', intake.chief_complaint);
  for (const category of intake.categories ?? []) await page.getByLabel(category, { exact: true }).check();
  if (intake.most_pressing) await page.getByLabel(`${intake.most_pressing}を最も気がかりとする`).check();
  await fill('この相談の記録（最初の対応）', intake.summary);
  if (intake.summary_tag) await page.getByLabel(intake.summary_tag, { exact: true }).check();
  if (intake.household) {
    await page.getByLabel('この相談で新しい世帯を記録する').check();
    await fill('世帯の呼び名', intake.household.name);
    await select('本人の続柄', intake.household.relationship);
    await fill('世帯の生活課題・経緯', intake.household.notes);
  }
  for (const [index, member] of (intake.members ?? []).entries()) {
    const prefix = `世帯員${index + 1}`;
    if ((await page.getByLabel(`${prefix} 氏`, { exact: true }).count()) === 0) {
      // One more row: the form comes back (200) with what was typed kept.
      await SubmitAndWait(page, page.getByRole('button', { name: '世帯員の行を増やす' }));
    }
    await fill(`${prefix} 氏`, member.family_name);
    await fill(`${prefix} 名`, member.given_name);
    await fill(`${prefix} ふりがな（氏）`, member.family_name_kana);
    await fill(`${prefix} ふりがな（名）`, member.given_name_kana);
    await select(`${prefix} 続柄`, member.relationship);
    await fill(`${prefix} 生年月日（任意）`, member.birth_date);
  }
  if (intake.next_step) await page.locator(`input[name="next_step"][value="${intake.next_step}"]`).check();
  await fill('折り返し連絡の日付', intake.call_back_on);
  if (intake.refer_to) {
    await page.getByLabel(/^つなぐ先/).selectOption({ label: intake.refer_to });
  }
}

// Opens 相談受付, fills it (FillIntake) and presses 受付を記録する. When the duplicate warning comes back and
// `options.newAfterWarning` is not false, registers the person as new (the test's people are made up) and submits
// again. Returns the last response (303 when recorded); the page is then where the form led.
export async function RecordIntake(page, intake, options = {}) {
  await page.goto(`${baseUrl}/intake`);
  await FillIntake(page, intake);
  const button = () => page.getByRole('button', { name: '受付を記録する' });
  let response = await SubmitAndWait(page, button());
  if (options.newAfterWarning !== false && response.status() === 200 && (await page.locator('#duplicates').count()) > 0) {
    await page.locator('input[name="person_id"][value="new_confirmed"]').check();
    response = await SubmitAndWait(page, button());
  }
  return response;
}

// The entries of a ZIP archive (an XLSX): name → inflated bytes, read from the central directory.
export function Unzip(bytes) {
  const entries = new Map();
  let end = bytes.length - 22;
  while (end >= 0 && bytes.readUInt32LE(end) !== 0x06054b50) end -= 1;
  assert.ok(end >= 0, 'not a ZIP archive');
  const count = bytes.readUInt16LE(end + 10);
  let offset = bytes.readUInt32LE(end + 16);
  for (let i = 0; i < count; i += 1) {
    assert.equal(bytes.readUInt32LE(offset), 0x02014b50);
    const method = bytes.readUInt16LE(offset + 10);
    const compressedSize = bytes.readUInt32LE(offset + 20);
    const nameLength = bytes.readUInt16LE(offset + 28);
    const extraLength = bytes.readUInt16LE(offset + 30);
    const commentLength = bytes.readUInt16LE(offset + 32);
    const local = bytes.readUInt32LE(offset + 42);
    const name = bytes.subarray(offset + 46, offset + 46 + nameLength).toString('utf8');
    const dataStart = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    const data = bytes.subarray(dataStart, dataStart + compressedSize);
    entries.set(name, method === 8 ? inflateRawSync(data) : data);
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

// The rows of sheet `number` (1 the first) as arrays of cell texts (shared strings resolved, inline strings as
// written by a streamed workbook, numbers as written).
export function SheetRows(bytes, number = 1) {
  const entries = Unzip(bytes);
  const decode = (text) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  const shared = [...(entries.get('xl/sharedStrings.xml')?.toString('utf8') ?? '').matchAll(/<si>(.*?)<\/si>/gs)]
    .map((match) => decode([...match[1].matchAll(/<t[^>]*>(.*?)<\/t>/gs)].map((t) => t[1]).join('')));
  const sheet = entries.get(`xl/worksheets/sheet${number}.xml`).toString('utf8');
  // Each cell at its column (r="C5"): a blank cell is not written, so the position is the reference's, not the order.
  const column = (reference) => [...reference.replace(/[0-9]/g, '')].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0) - 1;
  return [...sheet.matchAll(/<row[^>]*>(.*?)<\/row>/gs)].map((row) => {
    const cells = [];
    for (const cell of row[1].matchAll(/<c ([^>]*?)(?:\/>|>(.*?)<\/c>)/gs)) {
      const value = (cell[2] ?? '').match(/<v>(.*?)<\/v>/s)?.[1] ?? '';
      const at = column(cell[1].match(/r="([A-Z]+[0-9]+)"/)?.[1] ?? String.fromCharCode(65 + cells.length));
      while (cells.length < at) cells.push('');
      const inline = /t="inlineStr"/.test(cell[1])
        ? decode([...(cell[2] ?? '').matchAll(/<t[^>]*>(.*?)<\/t>/gs)].map((t) => t[1]).join('')) : null;
      cells[at] = inline ?? (/t="s"/.test(cell[1]) ? shared[Number(value)] : value);
    }
    return cells;
  });
}

// Clicks the link named `name` and returns the file it downloads.
export async function Download(who, name) {
  const [download] = await Promise.all([who.waitForEvent('download'), who.getByRole('link', { name }).click()]);
  return readFileSync(await download.path());
}

// The CSRF token of the page's session (its <meta name="csrf-token">).
export async function Csrf(page) {
  return page.locator('meta[name="csrf-token"]').getAttribute('content');
}

// A JSON POST to the API in the page's session, for a journey's set-up: asserts the status (201 unless told) and
// answers the body.
export async function ApiPost(page, path, data, status = 201) {
  const response = await page.request.post(`${baseUrl}${path}`, { headers: { 'X-CSRF-Token': await Csrf(page) }, data });
  assert.equal(response.status(), status, await response.text());
  return response.json();
}
