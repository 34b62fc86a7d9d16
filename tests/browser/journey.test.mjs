// SPDX-License-Identifier: Apache-2.0
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
import path from 'node:path';

import {
  CompactText,
  NewWatchedPage,
  StartKasane,
  StopKasane,
  UnexpectedProblems,
  backend,
  baseUrl,
  demo,
  screenshotDir,
} from './support.mjs';

let context;
let page;

before(async () => {
  await StartKasane('kasane-browser-');
  page = await NewWatchedPage();
  context = page.context();
});

after(StopKasane);

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
  assert.ok((await CompactText(page)).includes('重ねKasane'));

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
  const text = await CompactText(page);
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
