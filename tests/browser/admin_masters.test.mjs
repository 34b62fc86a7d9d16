// SPDX-License-Identifier: Apache-2.0
// Issue 14, item 2 in the browser: the town administrator's 「相談の分類」 and 「設定」. A category is added (a name
// taken is refused beside the field with what was typed kept), renamed and moved up; a caseworker records a
// consultation carrying it; retired (it is in use, so it cannot be deleted), it leaves the intake form while the old
// consultation still shows its name; one never used is deleted. The town words a 分野 and the 受付簿 shows the new
// wording; the town changes the overdue days (a number out of range refused beside the field) and the consent
// reminder's days, and the home page's count follows. A caseworker cannot open either screen.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import {
  JapanDate, NewWatchedPage, RecordIntake, SignIn, StartKasane, StopKasane, SubmitAndWait, UnexpectedProblems,
  backend, baseUrl, screenshotDir,
} from './support.mjs';

let admin;
let caseworker;
let consultation_url;
let person_id;

before(async () => {
  await StartKasane('kasane-browser-admin-masters-');
  admin = await NewWatchedPage();
  caseworker = await NewWatchedPage('caseworker');
});

after(StopKasane);

// The labels of the category table's rows, in order.
async function CategoryOrder() {
  return admin.locator('#categories-table tbody tr').evaluateAll((rows) => rows.map((row) => row.dataset.label));
}

function CategoryRow(label) {
  return admin.locator(`#categories-table tbody tr[data-label="${label}"]`);
}

async function DeskCount(page, part) {
  await page.goto(`${baseUrl}/`);
  return Number((await page.locator(`#home-desk-lines [data-desk-count="${part}"]`).innerText()).trim());
}

test('a category is added (a name taken refused), renamed and moved up', async () => {
  await SignIn(admin, 'demo-town-admin');
  await admin.getByRole('link', { name: '相談の分類', exact: true }).click();
  await admin.waitForURL(`${baseUrl}/admin/categories`);
  assert.equal(await admin.locator('h1').innerText(), '相談の分類の管理');

  await admin.getByLabel('分類名').fill('ひきこもり');
  const refused = await SubmitAndWait(admin, admin.getByRole('button', { name: '追加する' }));
  assert.equal(refused.status(), 409);
  assert.equal(await admin.locator('#name-error').innerText(), '「ひきこもり」という分類はすでにあります');
  assert.match(await admin.locator('#form-errors').innerText(), /すでにあります/);
  assert.equal(await admin.getByLabel('分類名').inputValue(), 'ひきこもり');
  assert.deepEqual(UnexpectedProblems(409), []);

  await admin.getByLabel('分類名').fill('　孤立（画面） ');
  await SubmitAndWait(admin, admin.getByRole('button', { name: '追加する' }));
  await admin.waitForURL(`${baseUrl}/admin/categories?saved=added`);
  let order = await CategoryOrder();
  assert.equal(order.at(-1), '孤立（画面）', 'a new category comes last, its name trimmed');

  await admin.getByRole('link', { name: '孤立（画面） の名前を変える' }).click();
  await admin.waitForURL(/\/admin\/categories\/\d+$/);
  await admin.getByLabel(/^分類名/).fill('社会的孤立（画面）');
  await SubmitAndWait(admin, admin.getByRole('button', { name: '保存する' }));
  await admin.waitForURL(`${baseUrl}/admin/categories?saved=renamed`);

  const before_move = (await CategoryOrder()).indexOf('社会的孤立（画面）');
  await SubmitAndWait(admin, CategoryRow('社会的孤立（画面）').getByRole('button', { name: '社会的孤立（画面） を上へ' }));
  await admin.waitForURL(/\/admin\/categories\?saved=moved/);
  order = await CategoryOrder();
  assert.equal(order.indexOf('社会的孤立（画面）'), before_move - 1, order.join(','));
  assert.deepEqual(UnexpectedProblems(), []);
});

test('a caseworker records a consultation carrying the new category', async () => {
  await SignIn(caseworker, 'demo-caseworker');
  await caseworker.goto(`${baseUrl}/intake`);
  assert.equal(await caseworker.getByLabel('社会的孤立（画面）', { exact: true }).count(), 1);
  const response = await RecordIntake(caseworker, {
    family_name: '分類', given_name: '孤一', family_name_kana: 'ブンルイ', given_name_kana: 'コイチ', channel: 'phone',
    chief_complaint: '誰とも話さない日が続いている。', summary: '近所の方から電話。', categories: ['社会的孤立（画面）'],
  });
  assert.equal(response.status(), 303);
  await caseworker.waitForURL(/\/persons\/\d+\?recorded=\d+$/);
  consultation_url = `${baseUrl}/consultations/${caseworker.url().match(/recorded=(\d+)$/)[1]}`;
  person_id = Number(caseworker.url().match(/\/persons\/(\d+)/)[1]);
  assert.deepEqual(UnexpectedProblems(), []);
});

test('a category in use is retired, not deleted: gone from the intake form, still on the old consultation', async () => {
  await admin.goto(`${baseUrl}/admin/categories`);
  const row = CategoryRow('社会的孤立（画面）');
  assert.match(await row.innerText(), /1件/);
  assert.equal(await row.getByRole('button', { name: /を削除/ }).count(), 0, 'a category in use offers no deletion');
  await SubmitAndWait(admin, row.getByRole('button', { name: '社会的孤立（画面） を廃止（使用中のため削除不可）' }));
  await admin.waitForURL(`${baseUrl}/admin/categories?saved=retired`);
  assert.match(await CategoryRow('社会的孤立（画面）').innerText(), /廃止/);

  // One never used is deleted.
  await admin.getByLabel('分類名').fill('未使用（画面）');
  await SubmitAndWait(admin, admin.getByRole('button', { name: '追加する' }));
  await admin.waitForURL(`${baseUrl}/admin/categories?saved=added`);
  await SubmitAndWait(admin, CategoryRow('未使用（画面）').getByRole('button', { name: '未使用（画面） を削除（未使用）' }));
  await admin.waitForURL(`${baseUrl}/admin/categories?saved=deleted`);
  assert.equal(await CategoryRow('未使用（画面）').count(), 0);

  await caseworker.goto(`${baseUrl}/intake`);
  assert.equal(await caseworker.getByLabel('社会的孤立（画面）', { exact: true }).count(), 0);
  assert.ok(await caseworker.getByLabel('ひきこもり', { exact: true }).count() === 1);
  await caseworker.goto(consultation_url);
  assert.match(await caseworker.locator('main').innerText(), /社会的孤立（画面）/);
  assert.deepEqual(UnexpectedProblems(), []);
});

test('the town words a 分野 and the 受付簿 shows it', async () => {
  await admin.getByRole('link', { name: '設定', exact: true }).click();
  await admin.waitForURL(`${baseUrl}/admin/settings`);
  assert.equal(await admin.locator('h1').innerText(), '設定');
  await admin.getByLabel('その他の名称').fill('');
  const refused = await SubmitAndWait(admin, admin.getByRole('button', { name: 'その他の名称を保存' }));
  assert.equal(refused.status(), 400);
  assert.equal(await admin.locator('#error-label_other').innerText(), '分野名を入力してください');
  assert.deepEqual(UnexpectedProblems(400), []);
  await admin.getByLabel('その他の名称').fill('その他の困りごと（画面）');
  await SubmitAndWait(admin, admin.getByRole('button', { name: 'その他の名称を保存' }));
  await admin.waitForURL(`${baseUrl}/admin/settings?saved=label`);
  assert.equal(await admin.getByLabel('その他の名称').inputValue(), 'その他の困りごと（画面）');

  await caseworker.goto(`${baseUrl}/consultations`);
  const options = await caseworker.locator('#book-field option').allInnerTexts();
  assert.ok(options.includes('その他の困りごと（画面）'), options.join(','));
  assert.ok(!options.includes('その他'), options.join(','));
  // The new category is a town's own: its 分野 is その他, shown in the town's wording.
  const row = caseworker.locator('table tbody tr').filter({ hasText: '分類 孤一' });
  assert.match(await row.innerText(), /その他の困りごと（画面）/);
  assert.deepEqual(UnexpectedProblems(), []);
});

test('the town changes its days and the home page counts by them', async () => {
  // A consent expiring in 45 days: not yet "about to expire" by the default 30 days.
  await caseworker.goto(consultation_url);
  const organizations = await (await caseworker.request.get(`${baseUrl}/api/v1/organizations`)).json();
  const welfare = organizations.items.find((item) => item.name === '福祉課');
  const csrf = await caseworker.locator('meta[name="csrf-token"]').getAttribute('content');
  const response = await caseworker.request.post(`${baseUrl}/api/v1/persons/${person_id}/consents`, {
    headers: { 'X-CSRF-Token': csrf },
    data: { organizations: [welfare.id], purpose: '孤立の解消に向けた情報共有', given_on: JapanDate(0),
            method: 'written', explanation_version: '説明文書 v2', expires_on: JapanDate(45) },
  });
  assert.equal(response.status(), 201, await response.text());
  const consents_before = await DeskCount(caseworker, 'consents');
  assert.match(await caseworker.locator('[data-desk="consents"]').innerText(), /30日以内/);

  await admin.goto(`${baseUrl}/admin/settings`);
  // Out of range: refused beside the field, the typed value kept.
  await admin.getByLabel('つなぎの返事の期限（営業日）').fill('31');
  let saved = await SubmitAndWait(admin, admin.getByRole('button', { name: '「つなぎの返事の期限」を保存' }));
  assert.equal(saved.status(), 400);
  assert.equal(await admin.locator('#error-referral_overdue_working_days').innerText(),
               'つなぎの返事の期限は1〜30営業日で指定してください');
  assert.equal(await admin.getByLabel('つなぎの返事の期限（営業日）').inputValue(), '31');
  assert.deepEqual(UnexpectedProblems(400), []);
  await admin.getByLabel('つなぎの返事の期限（営業日）').fill('５');
  await SubmitAndWait(admin, admin.getByRole('button', { name: '「つなぎの返事の期限」を保存' }));
  await admin.waitForURL(`${baseUrl}/admin/settings?saved=settings`);
  assert.equal(await admin.getByLabel('つなぎの返事の期限（営業日）').inputValue(), '5');
  assert.match(await admin.locator('#hint-referral_overdue_working_days').innerText(), /この市町村で設定済み/);
  // The referral rule asks the same setting.
  const overdue = await (await caseworker.request.get(`${baseUrl}/api/v1/settings/referral-overdue-days`)).json();
  assert.equal(overdue.working_days, 5);

  await admin.getByLabel('同意の期限が近いとみなす日数（日）').fill('60');
  await SubmitAndWait(admin, admin.getByRole('button', { name: '「同意の期限が近いとみなす日数」を保存' }));
  await admin.waitForURL(`${baseUrl}/admin/settings?saved=settings`);
  await admin.screenshot({ path: path.join(screenshotDir, `kasane-admin-settings-${backend}.png`), fullPage: true });

  assert.equal(await DeskCount(caseworker, 'consents'), consents_before + 1);
  assert.match(await caseworker.locator('[data-desk="consents"]').innerText(), /60日以内/);
  assert.deepEqual(UnexpectedProblems(), []);
});

test('相談の分類 and 設定 are for administrators only', async () => {
  for (const url of ['/admin/categories', '/admin/settings']) {
    const response = await caseworker.goto(`${baseUrl}${url}`);
    assert.equal(response.status(), 403, url);
  }
  assert.deepEqual(UnexpectedProblems(403), []);
});
