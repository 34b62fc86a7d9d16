// SPDX-License-Identifier: Apache-2.0
// Issue 13, item 4 (never lose typing): (a) the caseworker types an intake, the session ends (the cookie is gone, as
// after an expiry or a closed browser), 受付を記録する leads to sign-in, and after signing in the form comes back filled
// from the server-side draft with 「保存されていない入力を復元しました（HH:MM 時点）」; submitting records one
// consultation. Another user on the same PC sees nothing of it. (b) A double click on 受付を記録する, then back and
// submit again, record exactly one consultation. Real binary, Debian's Chromium, both databases.
//
//   KASANE_BIN, KASANE_TEST_DB_URL, KASANE_SCREENSHOT_DIR as in journey.test.mjs.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import {
  FillIntake, NewWatchedPage, ReportTotals, SignIn, StartKasane, StopKasane, UnexpectedProblems, baseUrl,
} from './support.mjs';

let page;

async function TotalPersons() {
  return (await ReportTotals(page)).persons;
}

// The intake typed in both parts: a person living alone who calls about shopping.
async function TypeIntake(family, given, kana = ['ヤマダ', 'ハナコ'], birth = '昭和30年1月2日') {
  await FillIntake(page, {
    family_name: family, given_name: given, family_name_kana: kana[0], given_name_kana: kana[1], birth_date: birth,
    channel: 'phone', source: 'self', chief_complaint: '一人暮らしで買い物に困っている。', categories: ['ひきこもり'],
    summary: '本人から電話。',
  });
}

async function SignInAgain(username) {
  await page.getByLabel('ユーザー名').fill(username);
  await page.getByLabel('パスワード').fill('kasane-demo');
  await Promise.all([page.waitForURL(`${baseUrl}/intake`), page.getByRole('button', { name: 'サインイン' }).click()]);
  await page.waitForLoadState('load');
}

before(async () => {
  await StartKasane('kasane-drafts-');
  page = await NewWatchedPage('caseworker');
});

after(StopKasane);

test('(a) typing survives the end of the session: restored after sign-in with a message, then one record', async () => {
  await SignIn(page, 'demo-caseworker');
  const before_persons = await TotalPersons();
  await page.goto(`${baseUrl}/intake`);
  await TypeIntake('山田', '花子');
  // The autosave one second after typing stops.
  await page.waitForResponse((r) => r.url().startsWith(`${baseUrl}/drafts?`) && r.request().method() === 'POST' && r.status() === 204);

  // The session ends (the cookie is gone), then the user presses the button.
  await page.context().clearCookies();
  await Promise.all([page.waitForURL(/\/signin\?next=%2Fintake/), page.getByRole('button', { name: '受付を記録する' }).click()]);

  // Another user of the same PC signs in first: nothing of the draft is shown to them.
  await page.getByLabel('ユーザー名').fill('demo-coordinator');
  await page.getByLabel('パスワード').fill('kasane-demo');
  const coordinatorDraft =
      page.waitForResponse((r) => r.url().startsWith(`${baseUrl}/drafts?`) && r.request().method() === 'GET');
  await Promise.all([page.waitForURL(`${baseUrl}/intake`), page.getByRole('button', { name: 'サインイン' }).click()]);
  await coordinatorDraft;
  assert.equal(await page.locator('.draft-restored').count(), 0);
  assert.equal(await page.getByLabel('主訴', { exact: true }).inputValue(), '');
  await page.context().clearCookies();

  // The caseworker signs in again and finds the form as typed, with the message.
  await page.goto(`${baseUrl}/signin?next=%2Fintake`);
  await SignInAgain('demo-caseworker');
  const notice = page.locator('.draft-restored');
  await notice.waitFor();
  assert.match(await notice.innerText(), /保存されていない入力を復元しました（\d\d:\d\d 時点）/);
  assert.ok(await notice.getByRole('button', { name: '復元した入力を破棄' }).isVisible());
  assert.equal(await page.getByLabel('氏', { exact: true }).inputValue(), '山田');
  assert.equal(await page.getByLabel('主訴', { exact: true }).inputValue(), '一人暮らしで買い物に困っている。');
  assert.equal(await page.getByLabel('ひきこもり', { exact: true }).isChecked(), true);
  assert.equal(await page.locator('input[name="person_id"][value="new"]').isChecked(), true);

  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.url() === `${baseUrl}/intake`),
    page.getByRole('button', { name: '受付を記録する' }).click(),
  ]);
  assert.equal(response.status(), 303);
  await page.waitForURL(/\/persons\/\d+/);
  assert.equal(await TotalPersons(), before_persons + 1);
  // The submit discarded the draft: the form opens empty.
  const emptyDraft =
      page.waitForResponse((r) => r.url().startsWith(`${baseUrl}/drafts?`) && r.request().method() === 'GET');
  await page.goto(`${baseUrl}/intake`);
  await emptyDraft;
  assert.equal(await page.locator('.draft-restored').count(), 0);
  assert.deepEqual(UnexpectedProblems(), []);
});

test('(b) a double click, then back and submit again, record one consultation', async () => {
  const before_persons = await TotalPersons();
  await page.goto(`${baseUrl}/intake`);
  await TypeIntake('川上', '一郎', ['カワカミ', 'イチロウ'], '昭和40年3月4日');  // not a duplicate of (a)'s person
  const button = page.getByRole('button', { name: '受付を記録する' });
  // The second click's submit may abort the first's navigation (net::ERR_ABORTED): then wait for the one that lands.
  const landed = page.waitForURL(/\/persons\/\d+/).catch(async (error) => {
    if (!String(error).includes('ERR_ABORTED')) throw error;
    await page.waitForURL(/\/persons\/\d+/);
  });
  await Promise.all([landed, button.dblclick()]);
  await page.waitForLoadState('load');
  const recorded = page.url();

  await page.goBack();
  await page.waitForLoadState('load');
  if (await page.getByLabel('主訴', { exact: true }).inputValue() !== '') {
    // Chromium renders the page again (a new submit key) and restores only some of the typed fields: the resubmit
    // then meets a field error or the duplicate warning for the person just recorded; with the old key it would get
    // the first answer again. Either way nothing is recorded twice.
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: '受付を記録する' }).click()]);
    if (page.url() !== recorded) await page.locator('#duplicates, #form-errors').first().waitFor();
  }
  assert.equal(await TotalPersons(), before_persons + 1);
  // Problems: the request of the double click's first submit is cancelled by the second.
  UnexpectedProblems();
});
