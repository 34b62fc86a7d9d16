// SPDX-License-Identifier: Apache-2.0
// Issue 17, items 10 and 11 in the browser: the 国報告. The coordinator records two consultations in 平成22年度 (2010),
// sees the 年度集計 mark with 「国」 the figures the 国報告 draws from, opens the 国報告 of the 年度 from it — each item
// numbered, with its value and definition — downloads it as Shift_JIS CSV (decoded as Shift_JIS) and as XLSX (read
// back), and follows a 分野's figure to the records behind it, as many as the figure. A caseworker of 福祉課 (exact
// figures, no export right) finds no 国報告: a missing page.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import {
  ApiPost, CompactText, Download, NewWatchedPage, SheetRows, SignIn, StartKasane, StopKasane, UnexpectedProblems,
  baseUrl,
} from './support.mjs';

let staff;
let caseworker;
const ids = {};

before(async () => {
  await StartKasane('kasane-browser-national-report-');
  staff = await NewWatchedPage('staff');
  caseworker = await NewWatchedPage('caseworker');
});

after(StopKasane);

test('the coordinator records two consultations in 平成22年度', async () => {
  await SignIn(staff, 'demo-coordinator');
  await staff.goto(`${baseUrl}/`);
  const person = await ApiPost(staff, '/api/v1/persons', {
    family_name: '国報', given_name: '花子', family_name_kana: 'コクホウ', given_name_kana: 'ハナコ',
    birth_date: '1940-02-02', sex: 'female',
  });
  ids.care = (await ApiPost(staff, '/api/v1/consultations', {
    person_id: person.id, chief_complaint: '介護と借金', categories: [{ code: 'care', most_pressing: true }, { code: 'debt' }],
    first_contact: { occurred_at: '2010-05-10T01:00:00Z', channel: 'phone', source: 'agency', summary: '電話。', summary_tag: 'fact' },
  })).id;
  ids.poverty = (await ApiPost(staff, '/api/v1/consultations', {
    person_id: person.id, chief_complaint: '生活費', categories: [{ code: 'poverty', most_pressing: true }],
    first_contact: { occurred_at: '2010-10-04T01:00:00Z', channel: 'visit', source: 'self', summary: '来所。', summary_tag: 'fact' },
  })).id;
});

test('the 年度集計 marks the national items and opens the 国報告', async () => {
  await staff.goto(`${baseUrl}/reports/fiscal-year?year=2010`);
  assert.ok(await staff.locator('#report-by-field .national-mark').count() > 0);
  assert.ok((await staff.locator('#national-legend').innerText()).includes('国への報告項目'));
  assert.equal(await staff.locator('section[aria-label="経路別"] .national-mark').count(), 0);
  await Promise.all([staff.waitForURL(/\/reports\/national\?year=2010/), staff.locator('#national-report-link').click()]);
  await staff.waitForLoadState('load');
  const title = await staff.locator('#national-title').innerText();
  assert.ok(title.includes('平成22年度'), title);
  const row = (code) => staff.locator(`#national-items tr[data-code="${code}"]`);
  assert.equal((await row('contacts').locator('td').nth(1).innerText()).trim(), '2');
  assert.equal((await row('partner_share').locator('td').nth(1).innerText()).trim(), '50.0%');
  assert.equal((await row('field_contacts:poverty').locator('td').first().innerText()).trim(), '4-4');
  assert.ok((await row('contacts').innerText()).includes('受付と継続の対応'));  // its definition in words
  assert.deepEqual(UnexpectedProblems(), []);
});

test('the coordinator downloads the 国報告 as Shift_JIS CSV and as XLSX', async () => {
  const sjis = new TextDecoder('shift_jis').decode(await Download(staff, 'Shift_JIS（Excel用）'));
  assert.match(sjis, /国報告（重層的支援体制整備事業 実施状況）,平成22年度\r\n/);
  assert.match(sjis, /番号,項目,値,定義\r\n/);
  assert.match(sjis, /\r\n1,包括的相談支援：相談受付の延べ件数,2,/);
  assert.match(sjis, /\r\n4-4,包括的相談支援：分野別の延べ件数（生活困窮）,2,/);
  const rows = SheetRows(await Download(staff, 'Excel（XLSX）'), 1);
  assert.deepEqual(rows.find((cells) => cells[0] === '番号'), ['番号', '項目', '値', '定義']);
  assert.equal(rows.find((cells) => cells[0] === '国報告（重層的支援体制整備事業 実施状況）')[1], '平成22年度');
  const contacts = rows.find((cells) => cells[0] === '1');
  assert.equal(contacts[1], '包括的相談支援：相談受付の延べ件数');
  assert.equal(Number(contacts[2]), 2);
  assert.deepEqual(UnexpectedProblems(), []);
});

test('the coordinator follows a 分野 figure to the records behind it', async () => {
  const link = staff.locator('#national-items tr[data-code="field_contacts:poverty"] a.explain-link');
  await Promise.all([staff.waitForURL(/\/reports\/fiscal-year\/explain\?.*cell=field%3Apoverty%3Acontacts/), link.click()]);
  await staff.waitForLoadState('load');
  assert.equal(await staff.locator('#explain-figure').innerText(), '2');
  assert.equal(await staff.locator('#explain-listed-figure').innerText(), '2');
  assert.equal(await staff.locator(`#explain-records a[href="/consultations/${ids.care}"]`).count(), 1);
  assert.equal(await staff.locator(`#explain-records a[href="/consultations/${ids.poverty}"]`).count(), 1);
  // The 年度集計's own 分野 row links to the same records.
  await staff.goto(`${baseUrl}/reports/fiscal-year?year=2010`);
  const elderly = staff.locator('#report-by-field tr', { hasText: '高齢' });
  await Promise.all([staff.waitForURL(/cell=field%3Aelderly%3Acontacts/), elderly.locator('td a').first().click()]);
  assert.equal(await staff.locator('#explain-figure').innerText(), '1');
  assert.deepEqual(UnexpectedProblems(), []);
});

test('a caseworker without the export right finds no 国報告', async () => {
  await SignIn(caseworker, 'demo-caseworker');
  const response = await caseworker.goto(`${baseUrl}/reports/national?year=2010`);
  assert.equal(response.status(), 404);
  const text = await CompactText(caseworker);
  assert.ok(text.includes('見つかりません'), text);
  assert.ok(!text.includes('相談受付の延べ件数'), text);
  assert.deepEqual(UnexpectedProblems(404), []);
});
