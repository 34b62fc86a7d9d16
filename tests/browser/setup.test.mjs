// SPDX-License-Identifier: Apache-2.0
// Issue 14, item 1: the first run in the browser. `kasane serve` starts on an empty database and prints a set-up URL
// with a one-time token; every other page says set-up is pending; a wrong token is refused; the form with a wrong
// check digit and more households than people answers with the errors beside the fields and in a summary, keeps
// what was typed and saves nothing; corrected, it sets the town up; the URL does not work twice; and the new
// administrator signs in and finds the statutory meeting bodies, unconfigured.
//
// Run: KASANE_BIN=build/release/src/app/kasane node --test tests/browser/setup.test.mjs

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import {
  CompactText,
  NewWatchedPage,
  SignIn,
  StartKasane,
  StopKasane,
  SubmitAndWait,
  UnexpectedProblems,
  baseUrl,
  screenshotDir,
  serverStdout,
} from './support.mjs';

let page;
let setupPath;

before(async () => {
  await StartKasane('kasane-setup-', { empty: true });
  page = await NewWatchedPage();
  const match = serverStdout.match(/setup: http:\/\/127\.0\.0\.1:\d+(\/setup\?token=[A-Za-z0-9_-]+)/);
  assert.ok(match, `kasane serve printed no set-up URL:\n${serverStdout}`);
  setupPath = match[1];
});

after(StopKasane);

test('before set-up, every page says set-up is pending, and a wrong token is refused', async () => {
  for (const target of ['/signin', '/', '/persons']) {
    const response = await page.goto(`${baseUrl}${target}`);
    assert.equal(response.status(), 503, target);
    assert.ok((await CompactText(page)).includes('初期設定されていません'), target);
  }
  const api = await page.request.get(`${baseUrl}/api/v1/openapi.json`);
  assert.equal(api.status(), 200);
  assert.deepEqual(UnexpectedProblems(503), []);
  const wrong = await page.goto(`${baseUrl}/setup?token=not-the-token`);
  assert.equal(wrong.status(), 403);
  assert.deepEqual(UnexpectedProblems(403), []);
});

test('errors are shown beside their fields and in a summary, what was typed is kept, and nothing is saved', async () => {
  const response = await page.goto(`${baseUrl}${setupPath}`);
  assert.equal(response.status(), 200);
  assert.match(await page.title(), /初期設定/);
  await page.locator('#code').fill('313727');  // 北栄町 is 313726: a wrong check digit
  await page.locator('#name').fill('北栄町');
  await page.locator('#prefecture_name').fill('鳥取県');
  await page.locator('#fiscal_year_0').fill('2025');
  await page.locator('#population_0').fill('14300');
  await page.locator('#households_0').fill('143000');  // more households than people
  await page.locator('#aging_rate_0').fill('36.2');
  await page.locator('#fiscal_year_1').fill('2024');
  await page.locator('#population_1').fill('14500');
  await page.locator('#households_1').fill('5400');
  await page.locator('#aging_rate_1').fill('35.8');
  await page.locator('#organization_name').fill('福祉課');
  await page.locator('#admin_username').fill('hokuei-admin');
  await page.locator('#admin_display_name').fill('北栄 太郎');
  await page.locator('#admin_password').fill('correct horse battery');
  const submitted = await SubmitAndWait(page, page.getByRole('button', { name: '初期設定を行う' }));
  assert.equal(submitted.status(), 400);
  assert.ok((await page.locator('#code-error').innerText()).includes('検査数字'));
  assert.ok((await page.locator('#households_0-error').innerText()).includes('人口より多く'));
  const summary = await page.locator('#form-errors').innerText();
  assert.ok(summary.includes('検査数字') && summary.includes('人口より多く'), summary);
  assert.equal(await page.locator('#code').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('#name').inputValue(), '北栄町');
  assert.equal(await page.locator('#aging_rate_1').inputValue(), '35.8');
  assert.equal(await page.locator('#admin_password').inputValue(), '');  // never sent back
  assert.deepEqual(UnexpectedProblems(400), []);
  // Nothing saved: the rest of the site still waits.
  const other = await page.context().newPage();
  assert.equal((await other.goto(`${baseUrl}/signin`)).status(), 503);
  await other.close();
  UnexpectedProblems(503);
});

test('corrected, the town is set up; the URL works once; the administrator signs in', async () => {
  await page.locator('#code').fill('313726');
  await page.locator('#households_0').fill('5420');
  await page.locator('#admin_password').fill('correct horse battery');
  const submitted = await SubmitAndWait(page, page.getByRole('button', { name: '初期設定を行う' }));
  assert.equal(submitted.status(), 200);
  const done = await CompactText(page);
  assert.ok(done.includes('初期設定が完了しました'), done);
  assert.ok(done.includes('鳥取県北栄町'), done);
  await page.screenshot({ path: path.join(screenshotDir, 'kasane-setup-done.png'), fullPage: true });

  const again = await page.goto(`${baseUrl}${setupPath}`);
  assert.ok(again.status() >= 400, `the set-up URL answered ${again.status()} a second time`);
  UnexpectedProblems(again.status());

  await SignIn(page, 'hokuei-admin', 'correct horse battery');
  const home = await CompactText(page);
  assert.ok(home.includes('北栄町'), home);
  assert.ok(home.includes('北栄太郎'), home);
  const bodies = await page.goto(`${baseUrl}/meeting-bodies`);
  assert.equal(bodies.status(), 200);
  const list = await CompactText(page);
  for (const name of ['支援会議', '重層的支援会議', '孤独・孤立対策地域協議会', '要保護児童対策地域協議会', '地域ケア会議']) {
    assert.ok(list.includes(name), `${name} is not listed:\n${list}`);
  }
  assert.deepEqual(UnexpectedProblems(), []);
});
