// SPDX-License-Identifier: Apache-2.0
// Issue 14, "Done when", in one browser session from an empty database: the town's administrator sets the town up
// through the one-time set-up URL, adds the five 法人 and the 地域包括 from a list, the 63 自治会 from another, creates
// a member of staff, imports last year's Excel 相談記録 (tests/data/import-samples: the 相談受付簿 as Shift_JIS CSV, the
// 対応経過 as UTF-8 CSV with BOM), and the 年度集計 of 令和5年度 counts exactly the sheet's contacts of that year
// (expected.json) — the town had nothing before, so every figure is the sheet's.
//
//   KASANE_BIN, KASANE_TEST_DB_URL, KASANE_SCREENSHOT_DIR as in journey.test.mjs.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';

import {
  JapanDate, NewWatchedPage, ReportTotals, SignIn, StartKasane, StopKasane, SubmitAndWait, UnexpectedProblems,
  backend, baseUrl, screenshotDir, serverStdout,
} from './support.mjs';

const samples = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'data', 'import-samples');
const expected = JSON.parse(readFileSync(path.join(samples, 'expected.json'), 'utf8'));
let page;

before(async () => {
  await StartKasane('kasane-first-year-', { empty: true });
  page = await NewWatchedPage('town-admin');
});

after(StopKasane);

// A list as Excel saves 「CSV UTF-8」: a byte order mark and CRLF lines.
function Csv(lines) {
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n') + '\r\n', 'utf8')]);
}

// Sends a list from the upload form at `from` and opens its dry run; `kind` is the label of the default kind.
async function UploadList(from, buffer, name, kind) {
  await page.goto(`${baseUrl}${from}`);
  await page.getByLabel('ファイル').setInputFiles({ name, mimeType: 'text/csv', buffer });
  await page.getByLabel('種別の列がない行の種別').selectOption({ label: kind });
  await Promise.all([page.waitForURL(/\/import\?upload=\d+&kind=\w+$/),
                     page.getByRole('button', { name: '読み込んで確認する' }).click()]);
  await page.waitForLoadState('load');
  assert.equal(await page.locator('#import-errors').innerText(), '0');
  await SubmitAndWait(page, page.getByRole('button', { name: 'この内容で取り込む' }));
  await page.waitForURL(/\?saved=imported$/);
}

test('set-up from an empty database through the one-time URL', async () => {
  const match = serverStdout.match(/setup: http:\/\/127\.0\.0\.1:\d+(\/setup\?token=[A-Za-z0-9_-]+)/);
  assert.ok(match, `kasane serve printed no set-up URL:\n${serverStdout}`);
  await page.goto(`${baseUrl}${match[1]}`);
  await page.locator('#code').fill('313726');  // 北栄町, with its check digit
  await page.locator('#name').fill('北栄町');
  await page.locator('#prefecture_name').fill('鳥取県');
  await page.locator('#fiscal_year_0').fill('2023');
  await page.locator('#population_0').fill('14500');
  await page.locator('#households_0').fill('5400');
  await page.locator('#aging_rate_0').fill('35.8');
  await page.locator('#organization_name').fill('福祉課');
  await page.locator('#admin_username').fill('hokuei-admin');
  await page.locator('#admin_display_name').fill('北栄 太郎');
  await page.locator('#admin_password').fill('correct horse battery');
  const done = await SubmitAndWait(page, page.getByRole('button', { name: '初期設定を行う' }));
  assert.equal(done.status(), 200);
  await SignIn(page, 'hokuei-admin', 'correct horse battery');
  assert.deepEqual(UnexpectedProblems(), []);
});

test('the five 法人 and the 地域包括 from a list, the 63 自治会 from another', async () => {
  await UploadList('/admin/organizations/upload', Csv([
    '法人名,種別',
    '社会福祉法人 北栄福祉会,社会福祉法人',
    '社会福祉法人 こぶし会,',
    '社会福祉法人 由良の郷,',
    '社会福祉法人 大栄会,',
    '北栄町社会福祉協議会,社協',
    '北栄町地域包括支援センター,地域包括',
  ]), '法人一覧.csv', '社会福祉法人');
  const organizations = await page.locator('#organizations tbody tr').allInnerTexts();
  assert.equal(organizations.filter((row) => row.includes('社会福祉法人') && !row.includes('協議会')).length, 4);
  assert.ok(organizations.some((row) => row.includes('北栄町社会福祉協議会') && row.includes('社会福祉協議会')));

  const areas = ['名称,世帯数,年'];
  for (let i = 1; i <= 63; ++i) areas.push(`第${i}区自治会,${60 + i},2023`);
  await UploadList('/admin/areas', Csv(areas), '自治会一覧.csv', '自治会');
  const listed = await page.locator('body').innerText();
  assert.ok(listed.includes('第63区自治会'), listed);
  assert.deepEqual(UnexpectedProblems(), []);
});

test('a member of staff is created', async () => {
  await page.goto(`${baseUrl}/admin/users`);
  await page.getByLabel('氏名').fill('相談 みどり');
  await page.getByLabel('ユーザー名（半角英小文字・数字・. _ -、3〜64文字）').fill('hokuei-midori');
  await page.getByLabel('最初のパスワード').fill('midori-first-password');
  await page.getByLabel('所属機関').selectOption({ label: '福祉課' });
  await page.getByLabel('相談支援員').check();
  await page.getByLabel('職の開始日（例：令和7年4月1日、2025-04-01）').fill(JapanDate(-30));
  await SubmitAndWait(page, page.getByRole('button', { name: '職員を追加する' }));
  await page.waitForURL(/\/admin\/users\/\d+\?saved=created$/);
  assert.deepEqual(UnexpectedProblems(), []);
});

test('last year\'s Excel 相談記録 is imported and the 年度集計 counts the sheet\'s contacts exactly', async () => {
  const before = await ReportTotals(page, 2023);
  assert.equal(before.contacts, 0);
  await page.goto(`${baseUrl}/admin/import`);
  await page.locator('#import-file-1').setInputFiles(path.join(samples, 'soudan-r5-uketsuke.csv'));
  await page.locator('#import-file-2').setInputFiles(path.join(samples, 'soudan-r5-keika.csv'));
  await Promise.all([page.waitForURL(/\/admin\/import\/mapping\?uploads=\d+,\d+$/), page.locator('#import-upload-submit').click()]);
  await page.waitForLoadState('load');
  await SubmitAndWait(page, page.locator('#import-dry-run'));
  const issues = await page.locator('#import-issues tbody tr').evaluateAll((rows) => rows.map((row) => row.dataset.number));
  assert.equal(new Set(issues).size, expected.rows_with_errors.length);
  for (const box of await page.locator('.import-exclude').all()) await box.check();
  const done = await SubmitAndWait(page, page.locator('#import-confirm'));
  assert.equal(done.status(), 201);
  assert.equal(Number(await page.locator('#import-consultations-created').innerText()), expected.consultation_rows - 5);

  const after = await ReportTotals(page, 2023);
  assert.equal(after.contacts, expected.contacts_in_fy2023_of_valid_rows);
  assert.ok(after.persons > 0 && after.persons <= expected.consultation_rows - 5, JSON.stringify(after));
  await page.screenshot({ path: path.join(screenshotDir, `kasane-first-year-${backend}.png`), fullPage: true });
  assert.deepEqual(UnexpectedProblems(), []);
});
