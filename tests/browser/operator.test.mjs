// SPDX-License-Identifier: Apache-2.0
// Issue 14, item 3 in the browser: the operator of many towns. A caseworker is refused 自治体（運用）. The operator
// (the demo's system administrator) sees the demo town's health — counts, the versions, the last backup once
// `kasane backup` ran — with no resident's name anywhere on the page, and finds no person in the search. They add a
// town: a wrong 全国地方公共団体コード is refused in Japanese with what was typed kept, the right one adds the town
// with its first administrator, who then signs in to their own town.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { NewWatchedPage, SignIn, StartKasane, StopKasane, SubmitAndWait, UnexpectedProblems, baseUrl, databaseUrl } from './support.mjs';

let operator;
const residentNames = ['髙橋', 'トミ', '山田 ハル', 'タカハシ'];

before(async () => {
  await StartKasane('kasane-browser-operator-');
  operator = await NewWatchedPage('operator');
});

after(StopKasane);

test('a caseworker is refused 自治体（運用）', async () => {
  const caseworker = await NewWatchedPage('caseworker');
  await SignIn(caseworker, 'demo-caseworker');
  assert.equal(await caseworker.getByRole('link', { name: '自治体（運用）' }).count(), 0);
  const response = await caseworker.goto(`${baseUrl}/operator`);
  assert.equal(response.status(), 403);
  assert.doesNotMatch(await caseworker.locator('main').innerText(), /319996/);
  await caseworker.context().close();
  assert.deepEqual(UnexpectedProblems(403), []);
});

test('the operator sees the demo town\'s health and no personal data', async () => {
  await SignIn(operator, 'demo-admin');
  await operator.getByRole('link', { name: '自治体（運用）' }).click();
  await operator.waitForURL(`${baseUrl}/operator`);
  const row = operator.locator('#town-319996');
  await row.waitFor();
  const cells = await row.locator('td').allInnerTexts();
  assert.match(cells[1], /栄浜町（デモ）/);
  assert.ok(Number(cells[2]) > 0, `persons: ${cells[2]}`);
  assert.ok(Number(cells[4]) > 0, `users: ${cells[4]}`);
  assert.match(await operator.locator('#kasane-version').innerText(), /^\d+\.\d+\.\d+$/);
  // The whole database's size (every town's rows together): the demo town alone is well over a hundred KB.
  const size = (await operator.locator('#stored-size').innerText()).match(/^(\d+) (KB|MB)（全自治体の合計/);
  assert.ok(size && (size[2] === 'MB' || Number(size[1]) >= 100), `stored size: ${size}`);
  assert.match(await operator.locator('#last-backup').innerText(), /記録がありません/);
  const page = await operator.locator('body').innerText();
  for (const name of residentNames) assert.ok(!page.includes(name), `the operator's page shows ${name}`);
  // The search answers nothing to the operator, and a person's page is "not found".
  await operator.goto(`${baseUrl}/persons?q=${encodeURIComponent('たかはし とみ')}`);
  const found = await operator.locator('main').innerText();
  for (const name of residentNames) assert.ok(!found.includes(name), `the search shows ${name} to the operator`);
  const person = await operator.goto(`${baseUrl}/persons/1`);
  assert.equal(person.status(), 404);
  assert.deepEqual(UnexpectedProblems(404), []);
});

test('a backup taken with kasane backup shows on the operator\'s page', async () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'kasane-operator-backup-'));
  try {
    execFileSync(process.env.KASANE_BIN, ['backup', '--db', databaseUrl, '--to', path.join(directory, 'backup.db')],
                 { encoding: 'utf8', timeout: 120_000 });
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
  await operator.goto(`${baseUrl}/operator`);
  const last = await operator.locator('#last-backup').innerText();
  assert.doesNotMatch(last, /記録がありません/);
  assert.match(last, /\d{4}年\d{1,2}月\d{1,2}日/);
  assert.doesNotMatch(await operator.locator('#town-319996').innerText(), /記録なし/);
  assert.deepEqual(UnexpectedProblems(), []);
});

test('a wrong code is refused in Japanese with what was typed kept; the right one adds the town', async () => {
  await operator.goto(`${baseUrl}/operator`);
  const form = operator.locator('#add-town-form');
  await form.getByLabel('全国地方公共団体コード').fill('313719');
  await form.getByLabel('自治体名').fill('琴浦町');
  await form.getByLabel('都道府県名').fill('鳥取県');
  await form.getByLabel('人口').fill('16000');
  await form.getByLabel('世帯数').fill('6100');
  await form.getByLabel('年度（西暦）').fill('2025');
  await form.getByLabel('高齢化率（%）').fill('38.2');
  await form.getByLabel('所属（市町村の課）').fill('福祉あんしん課');
  await form.getByLabel('ユーザー名').fill('kotoura-admin');
  await form.getByLabel('氏名').fill('琴浦 花子');
  await form.getByLabel('初期パスワード').fill('correct horse battery');
  let response = await SubmitAndWait(operator, form.getByRole('button', { name: '自治体を追加する' }));
  assert.equal(response.status(), 400);
  assert.match(await operator.locator('#code-error').innerText(), /検査数字が正しくありません/);
  assert.match(await operator.locator('#form-errors').innerText(), /入力内容を確かめてください/);
  assert.equal(await form.getByLabel('全国地方公共団体コード').inputValue(), '313719');
  assert.equal(await form.getByLabel('自治体名').inputValue(), '琴浦町');
  assert.equal(await form.getByLabel('人口').inputValue(), '16000');
  assert.equal(await form.getByLabel('ユーザー名').inputValue(), 'kotoura-admin');
  assert.equal(await operator.locator('#town-313719').count(), 0);
  assert.deepEqual(UnexpectedProblems(400), []);

  await form.getByLabel('全国地方公共団体コード').fill('313718');
  await form.getByLabel('初期パスワード').fill('correct horse battery');
  response = await SubmitAndWait(operator, form.getByRole('button', { name: '自治体を追加する' }));
  assert.equal(response.status(), 200);
  assert.match(await operator.locator('#town-added').innerText(), /鳥取県琴浦町（団体コード 313718）を追加しました/);
  const cells = await operator.locator('#town-313718 td').allInnerTexts();
  assert.deepEqual(cells.slice(2, 5), ['0', '0', '1']);
  assert.match(cells[5], /2025年度 16000人・6100世帯/);
  assert.deepEqual(UnexpectedProblems(), []);
});

test('the new town\'s administrator signs in to their own town and is no operator', async () => {
  const town = await NewWatchedPage('kotoura');
  await SignIn(town, 'kotoura-admin', 'correct horse battery');
  assert.match(await town.locator('header').innerText(), /琴浦町/);
  assert.equal(await town.getByRole('link', { name: '自治体（運用）' }).count(), 0);
  await town.goto(`${baseUrl}/admin/users`);
  assert.match(await town.locator('main').innerText(), /琴浦 花子/);
  const refused = await town.goto(`${baseUrl}/operator`);
  assert.equal(refused.status(), 403);
  await town.context().close();
  assert.deepEqual(UnexpectedProblems(403), []);
});
