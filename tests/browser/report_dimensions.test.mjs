// SPDX-License-Identifier: Apache-2.0
// Issue 17, items 3 and 10 in the browser: the coordinator records two consultations on 相談受付 in June 2013 (a
// period nothing else writes) — one about a son under ひきこもり and 8050 (障がい and 高齢 at once), living with his
// mother, one about a woman alone under 生活困窮 — marks on her record that she refused her birth date and that her
// phone was not asked, then reads the 年度集計 of June 2013: by 分野 (the sum above the total, as the page says), by
// 世帯人員 (2人 and 不明), and データの質 (回答拒否 and 未聴取 as a share of the 実人数), and downloads the CSV file that
// carries them.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import {
  CompactText, Download, NewWatchedPage, RecordIntake, SignIn, StartKasane, StopKasane, SubmitAndWait,
  UnexpectedProblems, baseUrl,
} from './support.mjs';

let staff;
let woman_url;

before(async () => {
  await StartKasane('kasane-browser-report-dimensions-');
  staff = await NewWatchedPage('staff');
});

after(StopKasane);

async function Cells(page, selector) {
  return (await page.locator(`${selector} td`).allInnerTexts()).map((text) => text.trim());
}

// The cells of the row headed `label` in the section `section`.
async function Row(page, section, label) {
  const row = page.locator(`#${section} tbody tr`).filter({ has: page.getByRole('rowheader', { name: label, exact: true }) });
  return (await row.locator('td').allInnerTexts()).map((text) => text.trim());
}

test('two consultations recorded on 相談受付 with their 分野', async () => {
  await SignIn(staff, 'demo-coordinator');
  let response = await RecordIntake(staff, {
    family_name: '分野', given_name: '一郎', family_name_kana: 'ブンヤ', given_name_kana: 'イチロウ', sex: 'male',
    occurred_at: '2013-06-10T10:00', channel: 'phone', source: 'family',
    chief_complaint: '長男が家から出ない。母も高齢で先が心配。', categories: ['ひきこもり', '8050'],
    most_pressing: 'ひきこもり', summary: '母から電話。', summary_tag: '事実',
    members: [{ family_name: '分野', given_name: 'トメ', family_name_kana: 'ブンヤ', given_name_kana: 'トメ' }],
  });
  assert.equal(response.status(), 303, await CompactText(staff));
  assert.match(await CompactText(staff), /現在2人/);
  response = await RecordIntake(staff, {
    family_name: '困窮', given_name: '春子', family_name_kana: 'コンキュウ', given_name_kana: 'ハルコ', sex: 'female',
    occurred_at: '2013-06-11T10:00', channel: 'visit', source: 'self',
    chief_complaint: '家賃が払えない。', categories: ['生活困窮'], most_pressing: '生活困窮',
    summary: '来所。', summary_tag: '事実',
  });
  assert.equal(response.status(), 303, await CompactText(staff));
  await staff.waitForURL(/\/persons\/\d+\?recorded=\d+$/);
  woman_url = staff.url().replace(/\?.*$/, '');
  assert.deepEqual(UnexpectedProblems(), []);
});

test('her record says why her birth date and phone are empty', async () => {
  await staff.goto(woman_url);
  await staff.locator('summary', { hasText: '編集する' }).click();
  await staff.getByLabel('生年月日が空欄の理由').selectOption({ label: '回答拒否' });
  await staff.getByLabel('電話が空欄の理由').selectOption({ label: '未聴取' });
  const response = await SubmitAndWait(staff, staff.getByRole('button', { name: '保存する', exact: true }));
  assert.equal(response.status(), 303, await CompactText(staff));
  assert.deepEqual(UnexpectedProblems(), []);
});

test('June 2013 by 分野, by 世帯人員 and the データの質', async () => {
  const response = await staff.goto(`${baseUrl}/reports/fiscal-year?from=2013-06-01&to=2013-06-30`);
  assert.equal(response.status(), 200);
  assert.equal((await staff.locator('#total-contacts').innerText()).trim(), '2');
  assert.equal((await staff.locator('#total-persons').innerText()).trim(), '2');
  // 延べ件数, 実人数: the son's consultation counts under 障がい and 高齢, so the 分野 add up to 3 of 2.
  assert.deepEqual(await Row(staff, 'report-by-field', '高齢'), ['1', '1']);
  assert.deepEqual(await Row(staff, 'report-by-field', '障がい'), ['1', '1']);
  assert.deepEqual(await Row(staff, 'report-by-field', '生活困窮'), ['1', '1']);
  assert.deepEqual(await Row(staff, 'report-by-field', '子ども'), ['0', '0']);
  assert.match(await staff.locator('#report-by-field').innerText(), /合計は総数を超えます/);
  assert.deepEqual(await Row(staff, 'report-by-household-size', '2人'), ['1', '1']);
  assert.deepEqual(await Row(staff, 'report-by-household-size', '不明'), ['1', '1']);
  assert.deepEqual(await Row(staff, 'report-by-household-size', '1人'), ['0', '0']);
  // 不明, 回答拒否, 未聴取 of the 2 persons.
  assert.deepEqual(await Cells(staff, '#report-quality tr[data-field="birth_date"]'), ['0（0.0%）', '1（50.0%）', '0（0.0%）']);
  assert.deepEqual(await Cells(staff, '#report-quality tr[data-field="phone"]'), ['0（0.0%）', '0（0.0%）', '1（50.0%）']);
  assert.deepEqual(UnexpectedProblems(), []);
});

test('the CSV file carries the new rows', async () => {
  const csv = (await Download(staff, 'UTF-8')).toString('utf8');
  assert.match(csv, /分野別（複数該当）,障がい,1,1\r\n/);
  assert.match(csv, /世帯人員別,2人,1,1\r\n/);
  assert.match(csv, /項目,不明,回答拒否,未聴取\r\n/);
  assert.match(csv, /生年月日,0,1,0\r\n/);
  assert.deepEqual(UnexpectedProblems(), []);
});
