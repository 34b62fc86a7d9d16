// SPDX-License-Identifier: Apache-2.0
// Issue 14, item 2 in the browser: the town administrator's 「機関の管理」. The list shows the demo town's
// organisations with their kinds; adding one without a name or kind is refused with the errors beside the fields
// and in the summary, and nothing is saved; a name already taken is refused; an organisation is added, renamed and
// given another kind; the town's 法人 are imported from a Shift_JIS list (機種依存文字 髙, 﨑 and ① kept) after a dry run
// that names the row with an error by its number and writes nothing; a caseworker cannot open the screen.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { NewWatchedPage, SignIn, StartKasane, StopKasane, SubmitAndWait, UnexpectedProblems, baseUrl } from './support.mjs';

let page;

before(async () => {
  await StartKasane('kasane-browser-admin-organizations-');
  page = await NewWatchedPage();
});

after(StopKasane);

async function RowCount() {
  return page.locator('#organizations tbody tr').count();
}

function Row(name) {
  return page.locator('#organizations tbody tr').filter({ has: page.getByRole('cell', { name, exact: true }) });
}

test('the administrator sees the organisations with their kinds', async () => {
  await SignIn(page, 'demo-town-admin');
  await page.getByRole('link', { name: '機関', exact: true }).click();
  await page.waitForURL(`${baseUrl}/admin/organizations`);
  assert.equal(await page.locator('h1').innerText(), '機関の管理');
  await assert.doesNotReject(Row('福祉課').getByRole('cell', { name: '市町村担当課', exact: true }).waitFor());
  await assert.doesNotReject(Row('栄浜町地域包括支援センター').getByRole('cell', { name: '地域包括支援センター', exact: true }).waitFor());
  assert.deepEqual(UnexpectedProblems(), []);
});

test('an organisation without a name or kind is refused beside each field and in the summary; nothing saved', async () => {
  const before = await RowCount();
  const response = await SubmitAndWait(page, page.getByRole('button', { name: '追加する' }));
  assert.equal(response.status(), 400);
  const summary = page.locator('#form-errors');
  assert.match(await summary.innerText(), /入力内容を確かめてください/);
  assert.match(await summary.innerText(), /名称を入力してください/);
  assert.match(await summary.innerText(), /機関の種別を選んでください/);
  assert.equal(await page.locator('#name-error').innerText(), '名称を入力してください');
  assert.equal(await page.locator('#kind-error').innerText(), '機関の種別を選んでください');
  assert.equal(await page.getByLabel('名称').getAttribute('aria-invalid'), 'true');
  assert.equal(await RowCount(), before);
  assert.deepEqual(UnexpectedProblems(400), []);
});

test('a name already taken is refused beside the name, keeping what was typed', async () => {
  const before = await RowCount();
  await page.getByLabel('名称').fill('福祉課');
  await page.getByLabel('種別').selectOption({ label: 'NPO法人' });
  const response = await SubmitAndWait(page, page.getByRole('button', { name: '追加する' }));
  assert.equal(response.status(), 409);
  assert.match(await page.locator('#name-error').innerText(), /同じ名前の機関/);
  assert.equal(await page.getByLabel('名称').inputValue(), '福祉課');
  assert.equal(await RowCount(), before);
  assert.deepEqual(UnexpectedProblems(409), []);
});

test('an organisation is added, renamed and given another kind', async () => {
  const before = await RowCount();
  await page.getByLabel('名称').fill('社会福祉法人 さかえ福祉会');
  await page.getByLabel('種別').selectOption({ label: '社会福祉法人' });
  await SubmitAndWait(page, page.getByRole('button', { name: '追加する' }));
  await page.locator('#organization-saved').waitFor();
  assert.equal(await RowCount(), before + 1);
  await Row('社会福祉法人 さかえ福祉会').getByRole('cell', { name: '社会福祉法人', exact: true }).waitFor();

  await page.getByRole('link', { name: '社会福祉法人 さかえ福祉会 を変更' }).click();
  await page.waitForURL(/\/admin\/organizations\/\d+$/);
  assert.equal(await page.locator('h1').innerText(), '機関の変更');
  // An empty name is refused and nothing changes.
  await page.getByLabel('名称').fill('');
  const refused = await SubmitAndWait(page, page.getByRole('button', { name: '保存する' }));
  assert.equal(refused.status(), 400);
  assert.equal(await page.locator('#name-error').innerText(), '名称を入力してください');
  assert.match(await page.locator('#form-errors').innerText(), /名称を入力してください/);
  await page.getByLabel('名称').fill('株式会社 さかえ配食');
  await page.getByLabel('種別').selectOption({ label: '企業' });
  await SubmitAndWait(page, page.getByRole('button', { name: '保存する' }));
  await page.waitForURL(/\/admin\/organizations\?saved=\d+$/);
  await Row('株式会社 さかえ配食').getByRole('cell', { name: '企業', exact: true }).waitFor();
  assert.equal(await Row('社会福祉法人 さかえ福祉会').count(), 0);
  assert.equal(await RowCount(), before + 1);
  assert.deepEqual(UnexpectedProblems(400), []);
});

// A list as a town's Excel saves 「CSV」 in Japanese Windows: Shift_JIS (Windows-31J) with CRLF lines. Made with
// Python's cp932 codec; its last row names a kind Kasane does not have (農家).
const kShiftJisList = Buffer.from(
  'lryPzCyO7ZXKDQqO0InvlZ+Og5ZAkGwglmuJaJWfjoOJ7yyO0InvlZ+Og5ZAkGwNCo7Qie+Vn46DlkCQbCCCsYLUgrWJ7yyO0InvlZ+Og5ZAkGwNCo7Q' +
  'ie+Vn46DlkCQbCDu4O2Vie8sjtCJ75WfjoOWQJBsDQqO0InvlZ+Og5ZAkGwgh0CC3YLHguiJ7yyO0InvlZ+Og5ZAkGwNCpZriWiSrI7Qie+Vn46Di6aLY4nv' +
  'LI7Qi6YNCpHliWiDdINAgVuDgCyUX4nGDQo=', 'base64');

async function UploadList(buffer) {
  await page.goto(`${baseUrl}/admin/organizations`);
  await page.getByRole('link', { name: '一覧から取り込む（法人・事業所をまとめて登録）' }).click();
  await page.waitForURL(`${baseUrl}/admin/organizations/upload`);
  await page.getByLabel('ファイル').setInputFiles({ name: '法人一覧.csv', mimeType: 'text/csv', buffer });
  await page.getByLabel('種別の列がない行の種別').selectOption({ label: '社会福祉法人' });
  await Promise.all([page.waitForURL(/\/admin\/organizations\/import\?upload=\d+&kind=social_welfare_corporation$/),
                     page.getByRole('button', { name: '読み込んで確認する' }).click()]);
  await page.waitForLoadState('load');
}

test('a list of the town\'s 法人 is checked row by row, then imported once fixed', async () => {
  const before = await RowCount();
  await UploadList(kShiftJisList);
  assert.match(await page.locator('section[aria-labelledby="organization-import-summary"]').innerText(), /Shift_JIS/);
  assert.equal(await page.locator('#import-errors').innerText(), '1');
  assert.match(await page.locator('#import-row-errors').innerText(), /7行目：種別「農家」はありません/);
  assert.equal(await page.getByRole('button', { name: 'この内容で取り込む' }).count(), 0);
  await page.goto(`${baseUrl}/admin/organizations`);
  assert.equal(await RowCount(), before);

  // Fixed in the file (the farm is a 企業; one row leaves its kind to the default), saved as 「CSV UTF-8」.
  const fixed = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(
    '法人名,種別\r\n社会福祉法人 北栄福祉会,\r\n社会福祉法人 こぶし会,社会福祉法人\r\n社会福祉法人 髙﨑会,社会福祉法人\r\n' +
    '社会福祉法人 ①みどり会,社会福祉法人\r\n北栄町社会福祉協議会,社協\r\n大栄ファーム,企業\r\n', 'utf8')]);
  await UploadList(fixed);
  assert.equal(await page.locator('#import-errors').innerText(), '0');
  assert.equal(await page.locator('#import-create').innerText(), '6');
  await SubmitAndWait(page, page.getByRole('button', { name: 'この内容で取り込む' }));
  await page.waitForURL(`${baseUrl}/admin/organizations?saved=imported`);
  assert.match(await page.locator('#organization-saved').innerText(), /一覧を取り込みました/);
  assert.equal(await RowCount(), before + 6);
  await Row('社会福祉法人 髙﨑会').getByRole('cell', { name: '社会福祉法人', exact: true }).waitFor();
  await Row('社会福祉法人 ①みどり会').waitFor();
  await Row('北栄町社会福祉協議会').getByRole('cell', { name: '社会福祉協議会', exact: true }).waitFor();
  await Row('大栄ファーム').getByRole('cell', { name: '企業', exact: true }).waitFor();

  // The same list again adds nothing.
  await UploadList(fixed);
  assert.equal(await page.locator('#import-create').innerText(), '0');
  assert.equal(await page.locator('#import-update').innerText(), '0');
  assert.deepEqual(UnexpectedProblems(), []);
});

test('a caseworker cannot open the screen', async () => {
  const caseworker = await NewWatchedPage('caseworker');
  await SignIn(caseworker, 'demo-caseworker');
  assert.equal(await caseworker.getByRole('link', { name: '機関', exact: true }).count(), 0);
  const response = await caseworker.goto(`${baseUrl}/admin/organizations`);
  assert.equal(response.status(), 403);
  assert.equal((await caseworker.goto(`${baseUrl}/admin/organizations/upload`)).status(), 403);
  assert.deepEqual(UnexpectedProblems(403), []);
  await caseworker.context().close();
});
