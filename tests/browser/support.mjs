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
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

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
// to both `kasane demo` and `kasane serve` (e.g. ['--test-mode', '--test-fixed-clock', instant]). With
// `options.empty` the demo is not loaded: the server starts on an empty database and prints its set-up URL.
export async function StartKasane(prefix, options = {}) {
  const extraArguments = options.arguments ?? [];
  temporaryDirectory = mkdtempSync(path.join(tmpdir(), prefix));
  const databaseUrl = process.env.KASANE_TEST_DB_URL || `sqlite:${path.join(temporaryDirectory, 'k.db')}`;
  if (!options.empty) {
    const demoOutput = execFileSync(kasaneBin, ['demo', '--db', databaseUrl, ...extraArguments], { encoding: 'utf8', timeout: 120_000 });
    demo = ParseDemoOutput(demoOutput);
  }

  const started = await StartServer(databaseUrl, extraArguments);
  server = started.child;
  baseUrl = started.url;
  serverStdout = started.stdout;

  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--headless', '--disable-gpu', '--disable-dev-shm-usage'],
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
