// SPDX-License-Identifier: Apache-2.0
// Issue 13, item 1 (the whole lifecycle in the UI): demo-caseworker takes a call at 相談受付, opens the
// consultation's page from the notice, adds two follow-up contacts (each in 延べ), sets the 対応結果, tries to close
// without a reason (the message beside the field and in the summary, nothing saved), closes with a reason, reopens
// with a reason, sets the next-contact date to today and finds it on the home page's 次回連絡予定; 年度集計's 延べ
// has risen by 3 and 実人数 by 1. Every page loads without a console error or a CSP violation.
//
//   KASANE_BIN, KASANE_TEST_DB_URL, KASANE_SCREENSHOT_DIR as in journey.test.mjs.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import {
  CompactText,
  NewWatchedPage,
  RecordIntake,
  ReportTotals,
  SignIn,
  StartKasane,
  StopKasane,
  SubmitAndWait,
  UnexpectedProblems,
  backend,
  baseUrl,
  screenshotDir,
} from './support.mjs';

let page;
let before_totals;
let consultation_url;

before(async () => {
  await StartKasane('kasane-lifecycle-');
  page = await NewWatchedPage('caseworker');
});

after(StopKasane);

test('a call is taken at 相談受付 and its page opens from the notice', async () => {
  await SignIn(page, 'demo-caseworker');
  before_totals = await ReportTotals(page);
  const response = await RecordIntake(page, {
    family_name: '経過', given_name: '花子', family_name_kana: 'ケイカ', given_name_kana: 'ハナコ', channel: 'phone',
    chief_complaint: '失業して家賃が払えない。', summary: '本人から電話。家賃の滞納について聞き取った。',
  });
  assert.equal(response.status(), 303);
  await page.waitForURL(/\/persons\/\d+\?recorded=\d+$/);
  await Promise.all([page.waitForURL(/\/consultations\/\d+$/), page.locator('#open-recorded-consultation').click()]);
  consultation_url = page.url();
  assert.match(await page.title(), /相談 \d+/);
  assert.equal((await page.locator('#consultation-status').innerText()).trim(), '対応中');
  assert.equal((await page.locator('#contacts > li').count()), 1);
  const text = await CompactText(page);
  assert.match(text, /令和\d+年\d+月\d+日/, 'the thread shows 和暦');
  assert.deepEqual(UnexpectedProblems(), []);
});

test('two follow-up contacts join the thread, oldest first', async () => {
  // The date and time default to now (the injected clock); an empty 対応内容 comes back beside its field.
  assert.match(await page.getByLabel('対応日時').inputValue(), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
  let response = await SubmitAndWait(page, page.getByRole('button', { name: '対応を記録する' }));
  assert.equal(response.status(), 400);
  assert.match(await page.locator('#summary-error').innerText(), /「対応内容」を入力してください/);
  assert.match(await page.locator('#form-errors').innerText(), /「対応内容」を入力してください/);
  assert.deepEqual(UnexpectedProblems(400), []);

  await page.getByLabel('経路').selectOption('visit');
  await page.getByLabel('対応内容').fill('来所。家計の状況を確認した。');
  response = await SubmitAndWait(page, page.getByRole('button', { name: '対応を記録する' }));
  assert.equal(response.status(), 303);
  await page.getByLabel('経路').selectOption('phone');
  await page.getByLabel('相手', { exact: true }).selectOption('family');
  await page.getByLabel('相手の氏名（本人以外のとき）').fill('経過 一郎');
  await page.getByLabel('本人との関係').fill('兄');
  await page.getByLabel('対応内容').fill('兄から電話。支援の申し出。');
  await page.getByLabel('記録の種類（開示請求のときの扱い）').selectOption('third_party');
  response = await SubmitAndWait(page, page.getByRole('button', { name: '対応を記録する' }));
  assert.equal(response.status(), 303);
  await page.waitForURL(/\?done=contact$/);
  const items = page.locator('#contacts > li');
  assert.equal(await items.count(), 3);
  assert.ok((await items.nth(1).innerText()).includes('来所'));
  assert.ok((await items.nth(2).innerText()).includes('兄から電話'));
  assert.equal((await page.locator('#consultation-counted').innerText()).trim(), '3件');
  assert.deepEqual(UnexpectedProblems(400), []);
});

test('the 対応結果, a close refused without a reason, closed with one, reopened with one', async () => {
  await page.getByLabel('情報提供で終了').check();
  let response = await SubmitAndWait(page, page.getByRole('button', { name: '対応結果を記録する' }));
  assert.equal(response.status(), 303);
  assert.ok((await page.locator('#consultation-outcome').innerText()).includes('情報提供で終了'));

  response = await SubmitAndWait(page, page.getByRole('button', { name: '終了する' }));
  assert.equal(response.status(), 400);
  assert.match(await page.locator('#close_reason-error').innerText(), /終了の理由を入力してください/);
  assert.match(await page.locator('#form-errors').innerText(), /終了の理由を入力してください/);
  assert.equal((await page.locator('#consultation-status').innerText()).trim(), '対応中', 'nothing saved');
  assert.deepEqual(UnexpectedProblems(400), []);

  await page.getByLabel('終了の理由').fill('家計相談の窓口を案内して解決');
  response = await SubmitAndWait(page, page.getByRole('button', { name: '終了する' }));
  assert.equal(response.status(), 303);
  assert.equal((await page.locator('#consultation-status').innerText()).trim(), '終了');
  assert.equal(await page.getByRole('button', { name: '対応を記録する' }).count(), 0, 'a closed thread takes no contact');

  await page.getByLabel('再開の理由').fill('本人から再度の電話');
  response = await SubmitAndWait(page, page.getByRole('button', { name: '再開する' }));
  assert.equal(response.status(), 303);
  assert.equal((await page.locator('#consultation-status').innerText()).trim(), '対応中');
  const events = await page.locator('#consultation-events').innerText();
  assert.ok(events.includes('家計相談の窓口を案内して解決') && events.includes('本人から再度の電話'), events);
  await page.screenshot({ path: path.join(screenshotDir, `kasane-consultation-${backend}.png`), fullPage: true });
  assert.deepEqual(UnexpectedProblems(400), []);
});

test('the next-contact date: the past refused, today on the home page', async () => {
  await page.getByLabel('次回連絡予定日（空にすると予定なし）').fill('2020-01-01');
  let response = await SubmitAndWait(page, page.getByRole('button', { name: '次回連絡予定を記録する' }));
  assert.equal(response.status(), 400);
  assert.match(await page.locator('#next_contact_on-error').innerText(), /過去の日付です/);
  assert.deepEqual(UnexpectedProblems(400), []);
  const today = await page.locator('#next_contact_on').getAttribute('min');
  await page.getByLabel('次回連絡予定日（空にすると予定なし）').fill(today);
  response = await SubmitAndWait(page, page.getByRole('button', { name: '次回連絡予定を記録する' }));
  assert.equal(response.status(), 303);
  await page.goto(`${baseUrl}/`);
  const reminders = page.locator('#home-next-contacts');
  assert.ok(await reminders.isVisible());
  assert.ok(Number((await page.locator('#home-next-contacts-count').innerText()).trim()) >= 1);
  const id = consultation_url.replace(/.*\/consultations\//, '');
  assert.equal(await reminders.locator(`a[href="/consultations/${id}"]`).count(), 1);
  assert.deepEqual(UnexpectedProblems(400), []);
});

test('年度集計: 延べ rose by 3 (the intake and two follow-ups), 実人数 by 1', async () => {
  const totals = await ReportTotals(page);
  assert.equal(totals.contacts, before_totals.contacts + 3);
  assert.equal(totals.persons, before_totals.persons + 1);
  assert.deepEqual(UnexpectedProblems(400), []);
});
