// SPDX-License-Identifier: Apache-2.0
// Issue 15, item 4 in the browser: a 民生委員's month. She signs in, the form opens at the month she is finishing,
// she enters the counts by keyboard alone (a sum that does not add up is refused beside the field, nothing saved),
// saves, and sees her 民児協's roll-up; she cannot open the town's total. The staff member in charge of her 民児協
// opens the town's total for the 福祉行政報告例 and downloads it as CSV (UTF-8 with a BOM, and Shift_JIS) and XLSX;
// the numbers in each file are checked, and the XLSX is opened by Kasane's own XLSX reader (the import's upload).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import {
  Download, JapanDate, NewWatchedPage, SheetRows, SignIn, StartKasane, StopKasane, SubmitAndWait, UnexpectedProblems,
  baseUrl,
} from './support.mjs';

let page;

before(async () => {
  await StartKasane('kasane-browser-commissioner-month-');
  page = await NewWatchedPage('volunteer');
});

after(StopKasane);

// The month the form opens at (domain::DefaultActivityMonth): the month before until the 10th, then this month.
function ExpectedMonth() {
  const [year, month, day] = JapanDate(0).split('-').map(Number);
  if (day > 10) return `${year}-${String(month).padStart(2, '0')}`;
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}

// What she enters, in the form's order; every other box stays 0.
const entered = {
  home_welfare: 2, long_term_care: 1, daily_support: 3,
  field_elderly: 5, field_other: 1,
  visits: 18, liaison_commissioners: 2, liaison_agencies: 4, activity_days: 9,
  survey: 2, council_training: 1, certificates: 1,
};
const itemOrder = [
  'home_welfare', 'long_term_care', 'health', 'child_rearing', 'child_community', 'child_school', 'living_costs',
  'pension_insurance', 'work', 'family', 'housing', 'living_environment', 'daily_support', 'content_other',
  'field_elderly', 'field_disability', 'field_child', 'field_other', 'visits', 'liaison_commissioners',
  'liaison_agencies', 'activity_days', 'survey', 'events', 'community_activity', 'council_training', 'certificates',
  'child_protection_report',
];

// Types the month into the form with the keyboard only: focus the first box, then for each box select all, type
// the number (or leave 0) and Tab to the next.
async function TypeMonth(values) {
  await page.locator('#item-home_welfare').focus();
  for (const code of itemOrder) {
    if (values[code] !== undefined) {
      await page.keyboard.press('Control+A');
      await page.keyboard.type(String(values[code]));
    }
    await page.keyboard.press('Tab');
  }
}

test('she opens the month she is finishing and a wrong sum is refused beside the field, nothing saved', async () => {
  await SignIn(page, 'demo-volunteer');
  await page.getByRole('link', { name: '民生委員活動', exact: true }).click();
  await page.waitForURL(`${baseUrl}/commissioner-activity`);
  assert.equal(await page.locator('input[name="month"][type="hidden"]').inputValue(), ExpectedMonth());
  assert.equal(await page.locator('#activity-state').innerText(), '未記録');
  // 分野別 one short of 内容別.
  await TypeMonth({ ...entered, field_other: 0 });
  const refused = await SubmitAndWait(page, page.getByRole('button', { name: /の記録を保存する$/ }));
  assert.equal(refused.status(), 400);
  assert.match(await page.locator('#form-errors').innerText(), /分野別の合計（5件）が内容別の合計（6件）と合いません/);
  assert.match(await page.locator('#item-field_elderly-error').innerText(), /分野別の合計/);
  assert.equal(await page.locator('#item-visits').inputValue(), '18');  // what she typed is kept
  assert.equal(await page.locator('#activity-state').innerText(), '未記録');
  assert.deepEqual(UnexpectedProblems(400), []);
});

test('she enters her month by keyboard in one form, well under two minutes, and sees her 民児協 roll-up', async () => {
  const started = Date.now();
  await page.goto(`${baseUrl}/commissioner-activity`);
  await TypeMonth(entered);
  // Enter in the last box submits the form.
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.request().resourceType() === 'document'),
    page.keyboard.press('Enter'),
  ]);
  await page.waitForLoadState('load');
  assert.ok(response.status() < 400, `saving answered ${response.status()}`);
  await page.locator('#activity-saved').waitFor();
  assert.match(await page.locator('#activity-state').innerText(), /記録済み（版 1）/);
  assert.equal(await page.locator('#item-visits').inputValue(), '18');
  assert.ok(Date.now() - started < 120_000, 'the month took two minutes or more');

  await page.locator('#council-link').click();
  await page.waitForURL(/\/commissioner-activity\/councils\/\d+\?month=/);
  assert.equal(await page.locator('#council-recorded').innerText(), '記録した委員 1人／1人');
  const cell = async (code) => Number(await page.locator(`#council-totals tr[data-item="${code}"] td.number`).innerText());
  assert.equal(await cell('visits'), 18);
  assert.equal(await cell('field_elderly'), 5);
  assert.equal(await cell('events'), 0);
  // Who has recorded is the staff's to see, not a fellow commissioner's.
  assert.equal(await page.locator('#council-members').count(), 0);
  // The town's total is not hers.
  const total = await page.goto(`${baseUrl}/commissioner-activity/total`);
  assert.equal(total.status(), 403);
  assert.deepEqual(UnexpectedProblems(403), []);
});

test('the staff in charge takes the town total out as CSV (UTF-8, Shift_JIS) and XLSX with her numbers', async () => {
  const staff = await NewWatchedPage('staff');
  await SignIn(staff, 'demo-caseworker');
  await staff.getByRole('link', { name: '民生委員活動', exact: true }).click();
  await staff.waitForURL(`${baseUrl}/commissioner-activity`);
  await staff.locator('#total-link').click();
  await staff.waitForURL(/\/commissioner-activity\/total\?to=/);
  assert.match(await staff.locator('#total-reporters').innerText(), /記録した委員 1人/);
  assert.equal(Number(await staff.locator('#total-table tr[data-item="visits"] td.number').first().innerText()), 18);

  const utf8 = await Download(staff, 'CSV出力（UTF-8）');
  assert.deepEqual([...utf8.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const lines = utf8.subarray(3).toString('utf8').split('\r\n');
  assert.match(lines[0], /^区分,項目,合計,/);
  assert.equal(lines.filter(Boolean).length, 30);  // header, 28 items, 記録した委員
  const total = (text, label) => Number(text.split('\r\n').find((line) => line.split(',')[1] === label).split(',')[2]);
  const text = lines.join('\r\n');
  assert.equal(total(text, '訪問回数'), 18);
  assert.equal(total(text, '在宅福祉'), 2);
  assert.equal(total(text, '高齢者に関すること'), 5);
  assert.equal(total(text, '活動日数'), 9);
  assert.equal(total(text, '証明事務'), 1);
  assert.equal(total(text, '人数'), 1);

  const sjis = new TextDecoder('shift_jis').decode(await Download(staff, 'CSV出力（Shift_JIS・古いExcel用）'));
  assert.equal(total(sjis, '訪問回数'), 18);
  assert.equal(total(sjis, '民児協運営・研修'), 1);

  const xlsx = await Download(staff, 'Excel（XLSX）出力');
  const rows = SheetRows(xlsx);
  assert.deepEqual(rows[0].slice(0, 3), ['区分', '項目', '合計']);
  const row = (label) => rows.find((cells) => cells[1] === label);
  assert.equal(Number(row('訪問回数')[2]), 18);
  assert.equal(Number(row('日常的な支援')[2]), 3);
  assert.equal(Number(row('その他の関係機関')[2]), 4);
  assert.equal(Number(row('調査・実態把握')[2]), 2);

  // Kasane's own XLSX reader (the import's upload, for the town's administrator) opens the file.
  const admin = await NewWatchedPage('admin');
  await SignIn(admin, 'demo-town-admin');
  const csrf = await admin.locator('meta[name="csrf-token"]').getAttribute('content');
  const uploaded = await admin.request.post(`${baseUrl}/api/v1/imports/uploads`, {
    headers: { 'X-CSRF-Token': csrf },
    data: { file_name: 'minsei-katsudo.xlsx', content_base64: xlsx.toString('base64') },
  });
  assert.equal(uploaded.status(), 201);
  const table = (await uploaded.json()).tables[0];
  assert.equal(table.name, '民生委員活動状況');
  assert.deepEqual(table.header.slice(0, 3), ['区分', '項目', '合計']);
  assert.ok(table.header.includes('浜地区民生委員児童委員協議会'));
  assert.equal(table.rows, 29);
  assert.deepEqual(UnexpectedProblems(), []);
  await staff.context().close();
  await admin.context().close();
});
