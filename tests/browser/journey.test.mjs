// The first journey through the web UI, in Debian's Chromium driven by playwright-core, against the real
// binary: sign-in page, a wrong password, signing in as the demo caseworker, the home page (municipality,
// 福祉課, the demo banner), printing, signing out, and the 404 page. Every page must load without a console
// error and without a Content-Security-Policy violation.
//
//   KASANE_BIN            the kasane binary (CTest sets it)
//   KASANE_TEST_DB_URL    a database URL to use (PostgreSQL); default: a fresh SQLite file in a temp directory
//   KASANE_SCREENSHOT_DIR where to save screenshots (default: the current directory)
//
// Run: KASANE_BIN=build/debug/src/app/kasane node --test tests/browser/

import { after, before, test } from 'node:test';
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
const screenshotDir = process.env.KASANE_SCREENSHOT_DIR || process.cwd();
const backend = process.env.KASANE_TEST_DB_URL ? 'postgresql' : 'sqlite';

let temporaryDirectory;
let server;
let serverOutput = '';
let baseUrl;
let browser;
let context;
let page;
let demo;  // what `kasane demo` printed: municipality, code, organisation of demo-caseworker

// Problems seen by the page since the last TakeProblems(): console errors, uncaught errors, CSP violations.
let problems = [];

function TakeProblems() {
  const taken = problems;
  problems = [];
  return taken;
}

// Chromium logs every response of status >= 400, including the document's own. On a page expected to have
// that status (401 form, 404 page) that one line is not a problem.
function UnexpectedProblems(expectedStatus) {
  return TakeProblems().filter(
    (problem) =>
      !(expectedStatus && problem.startsWith('console: Failed to load resource') &&
        problem.includes(`status of ${expectedStatus}`)),
  );
}

function StartServer(databaseUrl) {
  return new Promise((resolve, reject) => {
    const child = spawn(kasaneBin, ['serve', '--db', databaseUrl, '--listen', '127.0.0.1:0'], {
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
        resolve({ child, url: match[1] });
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

// The page's visible text with all whitespace removed, so that "鳥取県 栄浜町" matches "鳥取県栄浜町".
async function CompactText() {
  return (await page.locator('body').innerText()).replace(/\s+/g, '');
}

before(async () => {
  temporaryDirectory = mkdtempSync(path.join(tmpdir(), 'kasane-browser-'));
  const databaseUrl = process.env.KASANE_TEST_DB_URL || `sqlite:${path.join(temporaryDirectory, 'k.db')}`;
  const demoOutput = execFileSync(kasaneBin, ['demo', '--db', databaseUrl], { encoding: 'utf8', timeout: 120_000 });
  demo = ParseDemoOutput(demoOutput);

  const started = await StartServer(databaseUrl);
  server = started.child;
  baseUrl = started.url;

  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--headless', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1280, height: 900 } });
  // Reported through a binding, which the page's CSP cannot block; the listener is installed before any script.
  await context.exposeBinding('kasaneReportCspViolation', (_source, text) => problems.push(`csp: ${text}`));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      window.kasaneReportCspViolation(`${event.violatedDirective} blocked ${event.blockedURI} (${event.sourceFile}:${event.lineNumber})`);
    });
  });
  page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('requestfailed', (request) => {
    // A navigation cancels the previous page's requests still in flight (often its favicon): not a fault.
    const reason = request.failure()?.errorText;
    if (reason !== 'net::ERR_ABORTED') problems.push(`requestfailed: ${request.url()} ${reason}`);
  });
});

after(async () => {
  await browser?.close();
  if (server) await StopServer(server);
  if (temporaryDirectory) rmSync(temporaryDirectory, { recursive: true, force: true });
});

test('the sign-in page is Japanese, styled, and loads without console errors or CSP violations', async () => {
  const response = await page.goto(`${baseUrl}/signin`);
  assert.equal(response.status(), 200);
  const csp = response.headers()['content-security-policy'] || '';
  assert.match(csp, /script-src 'self'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);

  assert.equal(await page.locator('html').getAttribute('lang'), 'ja');
  assert.match(await page.title(), /サインイン/);
  assert.ok(await page.getByLabel('ユーザー名').isVisible());
  assert.ok(await page.getByLabel('パスワード').isVisible());
  assert.ok(await page.getByRole('button', { name: 'サインイン' }).isVisible());
  assert.ok((await CompactText()).includes('重ねKasane'));

  // The stylesheets and htmx loaded: design tokens are defined, our layout applies, htmx read its <meta> config.
  const state = await page.evaluate(() => ({
    token: getComputedStyle(document.documentElement).getPropertyValue('--color-primitive-blue-900').trim(),
    bodyFont: getComputedStyle(document.body).fontFamily,
    htmx: typeof window.htmx === 'object' && window.htmx !== null,
    indicatorStyles: window.htmx?.config?.includeIndicatorStyles,
    historyCacheSize: window.htmx?.config?.historyCacheSize,
    inlineScripts: [...document.scripts].filter((script) => !script.src).length,
    styleElements: document.querySelectorAll('style').length,
  }));
  assert.equal(state.token, '#0017c1');
  assert.match(state.bodyFont, /Noto Sans JP/);
  assert.equal(state.htmx, true, 'htmx did not load');
  assert.equal(state.indicatorStyles, false, 'htmx did not read <meta name="htmx-config">');
  assert.equal(state.historyCacheSize, 0);
  assert.equal(state.inlineScripts, 0);
  assert.equal(state.styleElements, 0, 'something injected a <style> element');

  // Keyboard: the first Tab reaches the skip link.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), '本文へ移動');

  await page.screenshot({ path: path.join(screenshotDir, `kasane-signin-${backend}.png`), fullPage: true });
  assert.deepEqual(UnexpectedProblems(), []);
});

test('a wrong password shows the Japanese error and 401', async () => {
  await page.getByLabel('ユーザー名').fill('demo-caseworker');
  await page.getByLabel('パスワード').fill('not-the-password');
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/signin') && r.request().method() === 'POST'),
    page.getByRole('button', { name: 'サインイン' }).click(),
  ]);
  await page.waitForLoadState('load');
  assert.equal(response.status(), 401);
  const alert = page.getByRole('alert');
  assert.ok(await alert.isVisible());
  assert.match(await alert.innerText(), /ユーザー名またはパスワードが正しくありません/);
  assert.equal(await page.getByLabel('ユーザー名').inputValue(), 'demo-caseworker');
  assert.equal(await page.getByLabel('パスワード').inputValue(), '');
  assert.deepEqual(UnexpectedProblems(401), []);
});

test('demo-caseworker signs in and the home page shows the municipality, 福祉課 and the demo banner', async () => {
  await page.getByLabel('パスワード').fill('kasane-demo');
  await Promise.all([page.waitForURL(`${baseUrl}/`), page.getByRole('button', { name: 'サインイン' }).click()]);
  await page.waitForLoadState('load');

  assert.match(await page.title(), /ホーム/);
  const text = await CompactText();
  assert.ok(text.includes(demo.municipality), `home page lacks ${demo.municipality}`);
  assert.ok(text.includes(demo.code), `home page lacks ${demo.code}`);
  assert.ok(text.includes('福祉課'));
  assert.ok(text.includes(demo.organization));
  assert.ok(text.includes(demo.roleLabel));
  assert.ok(text.includes('全国地方公共団体コード'));

  const banner = page.getByText('これは架空のデモデータです');
  assert.ok(await banner.isVisible(), 'the fictional-data banner is not visible');

  // The CSRF token is where scripts and htmx find it, and in the sign-out form.
  const csrf = await page.locator('meta[name="csrf-token"]').getAttribute('content');
  assert.ok(csrf && csrf.length >= 16);
  assert.equal(await page.locator('form[action="/signout"] input[name="_csrf"]').inputValue(), csrf);
  assert.deepEqual(JSON.parse(await page.locator('body').getAttribute('hx-headers')), { 'X-CSRF-Token': csrf });

  await page.screenshot({ path: path.join(screenshotDir, `kasane-home-${backend}.png`), fullPage: true });
  if (backend === 'sqlite') await page.screenshot({ path: path.join(screenshotDir, 'kasane-home.png') });
  assert.deepEqual(UnexpectedProblems(), []);
});

test('the print stylesheet hides navigation and prints black on white', async () => {
  assert.ok(await page.locator('nav.site-nav').isVisible());
  await page.emulateMedia({ media: 'print' });
  try {
    assert.equal(await page.locator('nav.site-nav').isVisible(), false);
    assert.equal(await page.getByRole('button', { name: 'サインアウト' }).isVisible(), false);
    const colours = await page.evaluate(() => ({
      color: getComputedStyle(document.body).color,
      background: getComputedStyle(document.body).backgroundColor,
    }));
    assert.deepEqual(colours, { color: 'rgb(0, 0, 0)', background: 'rgb(255, 255, 255)' });
    const pdf = await page.pdf({ format: 'A4' });
    assert.ok(pdf.length > 1000);
  } finally {
    await page.emulateMedia({ media: 'screen' });
  }
  assert.deepEqual(UnexpectedProblems(), []);
});

test('signing out returns to the sign-in page, and / then redirects to /signin', async () => {
  await Promise.all([page.waitForURL(/\/signin$/), page.getByRole('button', { name: 'サインアウト' }).click()]);
  await page.waitForLoadState('load');
  assert.ok(await page.getByLabel('ユーザー名').isVisible());
  const cookies = await context.cookies(baseUrl);
  assert.equal(cookies.find((cookie) => cookie.name === 'kasane_session'), undefined);

  await page.goto(`${baseUrl}/`);
  const url = new URL(page.url());
  assert.equal(url.pathname, '/signin');
  assert.equal(url.searchParams.get('next'), '/');
  assert.deepEqual(UnexpectedProblems(), []);
});

test('an unknown URL shows the Japanese 404 page in the layout', async () => {
  const response = await page.goto(`${baseUrl}/no/such/page`);
  assert.equal(response.status(), 404);
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'ページが見つかりません');
  assert.ok(await page.getByRole('link', { name: 'ホームに戻る' }).isVisible());
  assert.equal(await page.locator('html').getAttribute('lang'), 'ja');
  assert.deepEqual(UnexpectedProblems(404), []);
});
