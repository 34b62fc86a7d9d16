// SPDX-License-Identifier: Apache-2.0
// Issue 14, item 2 in the browser: the town administrator's 「地域（エリア）の管理」. A list of the town's 63 自治会 with
// their 世帯数 is imported from a CSV saved as Excel's 「CSV UTF-8」: the dry run names the row with an error by its row number and writes
// nothing; the list fixed, the dry run shows 63 to add and the import adds them. An area is renamed with its count,
// and retired (it stays listed as 廃止). A caseworker cannot open the screen.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { NewWatchedPage, SignIn, StartKasane, StopKasane, SubmitAndWait, UnexpectedProblems, baseUrl } from './support.mjs';

let page;

before(async () => {
  await StartKasane('kasane-browser-admin-areas-');
  page = await NewWatchedPage();
});

after(StopKasane);

function ListCsv(broken) {
  const lines = ['名称,世帯数,年'];
  for (let i = 1; i <= 63; ++i) {
    const households = broken && i === 5 ? '約百' : String(40 + i * 3);
    lines.push(`第${i}区自治会（地域管理）,${households},2025`);
  }
  // As Excel saves 「CSV UTF-8」: with a byte order mark and CRLF lines.
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n') + '\r\n', 'utf8')]);
}

async function Upload(buffer) {
  await page.goto(`${baseUrl}/admin/areas`);
  await page.getByLabel('ファイル').setInputFiles({ name: '自治会一覧.csv', mimeType: 'text/csv', buffer });
  await page.getByLabel('種別の列がない行の種別').selectOption({ label: '自治会' });
  await Promise.all([page.waitForURL(/\/admin\/areas\/import\?upload=\d+&kind=neighborhood$/),
                     page.getByRole('button', { name: '読み込んで確認する' }).click()]);
  await page.waitForLoadState('load');
}

test('the dry run of a list with an error row names it by its row number and writes nothing', async () => {
  await SignIn(page, 'demo-town-admin');
  await page.getByRole('link', { name: '地域', exact: true }).click();
  await page.waitForURL(`${baseUrl}/admin/areas`);
  assert.equal(await page.locator('h1').innerText(), '地域（エリア）の管理');
  await Upload(ListCsv(true));
  assert.match(await page.locator('section[aria-labelledby="area-import-summary"]').innerText(), /UTF-8（BOM付き）/);
  assert.equal(await page.locator('#import-errors').innerText(), '1');
  // Row 6 of the file: the header is row 1.
  assert.match(await page.locator('#import-row-errors').innerText(), /6行目：世帯数「約百」は数字で書いてください/);
  assert.equal(await page.getByRole('button', { name: 'この内容で取り込む' }).count(), 0);
  await page.goto(`${baseUrl}/admin/areas`);
  assert.doesNotMatch(await page.locator('body').innerText(), /第1区自治会（地域管理）/);
  assert.deepEqual(UnexpectedProblems(), []);
});

test('the fixed list of 63 自治会 is confirmed and imported with its counts', async () => {
  await Upload(ListCsv(false));
  assert.equal(await page.locator('#import-errors').innerText(), '0');
  assert.equal(await page.locator('#import-create').innerText(), '63');
  await SubmitAndWait(page, page.getByRole('button', { name: 'この内容で取り込む' }));
  await page.waitForURL(`${baseUrl}/admin/areas?saved=imported`);
  const table = page.locator('#areas-table-neighborhood');
  assert.equal(await table.locator('tbody tr').filter({ hasText: '（地域管理）' }).count(), 63);
  assert.match(await table.locator('tbody tr').filter({ hasText: '第63区自治会（地域管理）' }).innerText(), /229[\s\S]*2025年/);
  assert.deepEqual(UnexpectedProblems(), []);
});

test('an area is renamed with its count, and retired (still listed as 廃止)', async () => {
  await page.getByRole('link', { name: '第1区自治会（地域管理） を変更' }).click();
  await page.waitForURL(/\/admin\/areas\/\d+$/);
  await page.getByLabel('世帯数（任意）').fill('abc');
  const refused = await SubmitAndWait(page, page.getByRole('button', { name: '保存する' }));
  assert.equal(refused.status(), 400);
  assert.match(await page.locator('#households-error').innerText(), /数字で入力してください/);
  assert.match(await page.locator('#form-errors').innerText(), /数字で入力してください/);
  assert.deepEqual(UnexpectedProblems(400), []);

  await page.getByLabel('名称').fill('本町第1区自治会（地域管理）');
  await page.getByLabel('世帯数（任意）').fill('１２０');
  await page.getByLabel('世帯数の時点（西暦の年、任意。例：2025）').fill('2025');
  await SubmitAndWait(page, page.getByRole('button', { name: '保存する' }));
  await page.waitForURL(`${baseUrl}/admin/areas?saved=updated`);
  const row = page.locator('#areas-table-neighborhood tbody tr').filter({ hasText: '本町第1区自治会（地域管理）' });
  assert.match(await row.innerText(), /120/);

  await SubmitAndWait(page, row.getByRole('button', { name: '本町第1区自治会（地域管理） を廃止' }));
  await page.waitForURL(`${baseUrl}/admin/areas?saved=retired`);
  assert.match(await page.locator('#areas-table-neighborhood tbody tr').filter({ hasText: '本町第1区自治会（地域管理）' }).innerText(), /廃止/);
  assert.deepEqual(UnexpectedProblems(), []);
});

test('地域の管理 is for administrators only', async () => {
  const caseworker = await NewWatchedPage('caseworker');
  await SignIn(caseworker, 'demo-caseworker');
  const response = await caseworker.goto(`${baseUrl}/admin/areas`);
  assert.equal(response.status(), 403);
  await caseworker.context().close();
  assert.deepEqual(UnexpectedProblems(403), []);
});
