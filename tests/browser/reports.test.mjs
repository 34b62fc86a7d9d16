// SPDX-License-Identifier: Apache-2.0
// Issue 17, items 1 and 2 in the browser: the coordinator records a 支援会議 with nobody on its agenda, a meeting held
// jointly with the 地域協議会 and a 協議会 meeting in October of 平成28年度 (2016, a year nothing else writes), then
// reads the 年度集計: every meeting held, by body (the joint one under both, once in the total); chooses 「9月まで」 and
// sees 平成28年度（～9月） marked as a part year; a range of days; a range that ends before it starts refused in
// Japanese; and the 推移 of three 年度, the last to September. Last, an internal 連携責任者連絡会 (no legal basis) is set
// up and recorded on its pages, refuses a person on its agenda, and is counted apart from the statutory meetings; and
// 本人 attends a 支援会議 (in 平成28年度 still: the figures above do not change, as this comes after them).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import {
  ApiPost, Csrf, Download, NewWatchedPage, SheetRows, SignIn, StartKasane, StopKasane, SubmitAndWait,
  UnexpectedProblems, baseUrl,
} from './support.mjs';

let staff;
const ids = {};

before(async () => {
  await StartKasane('kasane-browser-reports-');
  staff = await NewWatchedPage('staff');
});

after(StopKasane);

// The report forms are GET forms: wait for the document they load.
async function ShowWith(page, button) {
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'GET' && r.request().resourceType() === 'document'),
    button.click(),
  ]);
  await page.waitForLoadState('load');
}

async function Cells(page, selector) {
  return (await page.locator(`${selector} td`).allInnerTexts()).map((text) => text.trim());
}

test('the coordinator records three meetings of two bodies in 平成28年度', async () => {
  await SignIn(staff, 'demo-coordinator');
  await staff.goto(`${baseUrl}/`);
  const me = await (await staff.request.get(`${baseUrl}/api/v1/me`)).json();
  const organization = me.user.organization_id;
  const person = await ApiPost(staff, '/api/v1/persons', {
    family_name: '集計', given_name: '花子', family_name_kana: 'シュウケイ', given_name_kana: 'ハナコ',
    birth_date: '1960-02-02', sex: 'female',
  });
  ids.support = (await ApiPost(staff, '/api/v1/meeting-bodies', {
    legal_basis: 'article_106_6', display_name: '報告町支援会議', shares_without_consent: true,
  })).id;
  ids.council = (await ApiPost(staff, '/api/v1/meeting-bodies', {
    legal_basis: 'isolation_council', display_name: '報告町地域協議会',
  })).id;
  // A joint meeting is read under the stricter of its bodies' rules: the 協議会 discusses a person with her consent.
  await ApiPost(staff, `/api/v1/persons/${person.id}/consents`, {
    organizations: [organization], bodies: [ids.support, ids.council], purpose: '見守りのための会議での情報共有',
    given_on: '2016-04-04', method: 'written', explanation_version: '説明文書 v2',
  });
  const attendees = [{ name: '調整 みどり', organization_id: organization }];
  await ApiPost(staff, '/api/v1/meetings', { body_id: ids.support, held_on: '2016-05-10', attendees, agenda: [] });
  await ApiPost(staff, '/api/v1/meetings', {
    body_id: ids.support, joint_body_id: ids.council, held_on: '2016-07-01', attendees,
    agenda: [{ person_id: person.id, shared_summary: '生活の状況' }],
  });
  await ApiPost(staff, '/api/v1/meetings', {
    body_id: ids.council, held_on: '2016-10-03', attendees,
    agenda: [{ person_id: person.id, shared_summary: 'その後' }],
  });
});

test('the 年度集計 counts every meeting held, by body', async () => {
  const response = await staff.goto(`${baseUrl}/reports/fiscal-year?year=2016`);
  assert.equal(response.status(), 200);
  assert.equal((await staff.locator('#report-title').innerText()).trim(), '平成28年度の相談の状況');
  // 開催回数, うち共同開催, 検討人数（実）, 検討人数（延べ）, 検討ケース（実）, 検討ケース（延べ）
  assert.deepEqual((await Cells(staff, `#meetings-by-body tr[data-body="${ids.support}"]`)).slice(1),
                   ['2', '1', '1', '1', '0', '0']);
  assert.deepEqual((await Cells(staff, `#meetings-by-body tr[data-body="${ids.council}"]`)).slice(1),
                   ['2', '1', '1', '2', '0', '0']);
  assert.deepEqual((await Cells(staff, '#meetings-total')).slice(1), ['3', '1', '1', '2', '0', '0']);
  assert.equal(await staff.locator('#partial-note').count(), 0);
  assert.deepEqual(UnexpectedProblems(), []);
});

test('a part year from April to September is labelled and marked as such', async () => {
  await staff.locator('#through').selectOption('9');
  await ShowWith(staff, staff.getByRole('button', { name: '表示する', exact: true }));
  assert.match(staff.url(), /through=9/);
  assert.equal((await staff.locator('#report-title').innerText()).trim(), '平成28年度（～9月）の相談の状況');
  assert.equal(await staff.locator('#partial-note').count(), 1);
  assert.deepEqual((await Cells(staff, `#meetings-by-body tr[data-body="${ids.council}"]`)).slice(1, 2), ['1']);
  assert.deepEqual((await Cells(staff, '#meetings-total')).slice(1, 2), ['2']);
  assert.deepEqual(UnexpectedProblems(), []);
});

test('the town staff choose any range of days; one that ends before it starts is refused in Japanese', async () => {
  await staff.locator('#range-from').fill('H28.7.1');
  await staff.locator('#range-to').fill('2016-10-31');
  await ShowWith(staff, staff.getByRole('button', { name: 'この期間で表示する' }));
  assert.equal((await staff.locator('#report-title').innerText()).trim(), '平成28年7月1日～平成28年10月31日の相談の状況');
  assert.deepEqual((await Cells(staff, '#meetings-total')).slice(1, 2), ['2']);
  await staff.locator('#range-from').fill('2016-10-31');
  await staff.locator('#range-to').fill('2016-07-01');
  await ShowWith(staff, staff.getByRole('button', { name: 'この期間で表示する' }));
  assert.match(await staff.locator('main').innerText(), /期間の終わりが始まりより前です/);
  UnexpectedProblems(400);
});

test('the 推移 shows three 年度 side by side, the last to September', async () => {
  const response = await staff.goto(`${baseUrl}/reports/trend?from=2014&to=2016&through=9`);
  assert.equal(response.status(), 200);
  const headings = (await staff.locator('#trend-table thead th').allInnerTexts()).map((text) => text.trim());
  assert.deepEqual(headings, ['区分', '平成26年度', '平成27年度', '平成28年度（～9月）']);
  assert.equal(await staff.locator('#trend-table thead th.partial').count(), 1);
  const support = staff.locator('#trend-table tr.trend-body', { hasText: '報告町支援会議' });
  assert.deepEqual((await support.locator('td').allInnerTexts()).map((text) => text.trim()), ['0', '0', '2']);
  const council = staff.locator('#trend-table tr.trend-body', { hasText: '報告町地域協議会' });
  assert.deepEqual((await council.locator('td').allInnerTexts()).map((text) => text.trim()), ['0', '0', '1']);
  assert.deepEqual(UnexpectedProblems(), []);
});

test('the 推移 is drawn as charts beside its tables, and leaves as XLSX and Shift_JIS CSV with the same figures', async () => {
  // Already on /reports/trend?from=2014&to=2016&through=9.
  const people = staff.locator('svg#trend-chart-people');
  assert.equal(await people.getAttribute('role'), 'img');
  assert.match(await people.locator('desc').textContent(), /平成28年度（～9月）: 実人数 \d+、延べ件数 \d+。/);
  assert.equal(await people.locator('rect.chart__bar').count(), 6);
  const meetings = staff.locator('svg#trend-chart-meetings');
  assert.match(await meetings.locator('desc').textContent(), /平成28年度（～9月）: [^。]*報告町支援会議の開催回数 2/);
  assert.equal(await staff.locator('svg#trend-chart-sources').count(), 1);
  assert.ok(await staff.locator('#trend-sources-table tbody tr').count() > 0);

  const xlsx = await Download(staff, 'Excel（XLSX）');
  const rows = SheetRows(xlsx, 1);
  const heading = rows.find((cells) => cells[0] === '区分');
  assert.deepEqual(heading, ['区分', '平成26年度', '平成27年度', '平成28年度（～9月）']);
  assert.deepEqual(rows.find((cells) => cells[0] === '報告町支援会議の開催回数').slice(1).map(Number), [0, 0, 2]);
  assert.deepEqual(rows.find((cells) => cells[0] === '報告町地域協議会の開催回数').slice(1).map(Number), [0, 0, 1]);
  assert.ok(SheetRows(xlsx, 2).some((cells) => cells[0] === '区分'));  // 相談者別の推移

  const sjis = new TextDecoder('shift_jis').decode(await Download(staff, 'Shift_JIS（Excel用）'));
  assert.match(sjis, /区分,平成26年度,平成27年度,平成28年度（～9月）\r\n/);
  assert.match(sjis, /報告町支援会議の開催回数,0,0,2\r\n/);
  assert.deepEqual(UnexpectedProblems(), []);
});

test('the 年度集計 leaves as XLSX too, its meetings on a sheet of their own', async () => {
  await staff.goto(`${baseUrl}/reports/fiscal-year?year=2016`);
  const xlsx = await Download(staff, 'Excel（XLSX）');
  const meetings = SheetRows(xlsx, 2);
  assert.deepEqual(meetings.find((cells) => cells[0] === '合計（共同開催は1回）').slice(2, 4).map(Number), [3, 1]);
  assert.deepEqual(UnexpectedProblems(), []);
});

test('an internal 連携責任者連絡会 is recorded without persons and counted apart from the statutory meetings', async () => {
  await staff.goto(`${baseUrl}/meeting-bodies/new`);
  await staff.locator('#legal_basis').selectOption('internal_liaison');
  await staff.getByLabel('会議体の名称（町での呼び名）').fill('報告町連携責任者連絡会');
  // Left ticked, sharing without consent is refused for a body with no statute, in Japanese, the name kept.
  await staff.locator('#shares_without_consent').check();
  let response = await SubmitAndWait(staff, staff.getByRole('button', { name: '保存する' }));
  assert.equal(response.status(), 400);
  assert.match(await staff.locator('#shares_without_consent-error').innerText(), /同意なしに情報を共有できません/);
  assert.equal(await staff.getByLabel('会議体の名称（町での呼び名）').inputValue(), '報告町連携責任者連絡会');
  await staff.locator('#shares_without_consent').uncheck();
  response = await SubmitAndWait(staff, staff.getByRole('button', { name: '保存する' }));
  assert.equal(response.status(), 303);

  await staff.goto(`${baseUrl}/meetings/new`);
  const option = staff.locator('#body_id option').filter({ hasText: /^\s*報告町連携責任者連絡会（/ });
  ids.internal = await option.getAttribute('value');
  await staff.locator('#body_id').selectOption(ids.internal);
  await staff.locator('#held_on').fill('2016-06-15');
  await staff.locator('input[name^="attendee_"]').first().check();
  // A person on its agenda is refused: nothing personal is recorded for a meeting with no legal basis.
  const fragment = staff.waitForResponse((r) => r.url().includes('/meetings/agenda-search') && r.status() === 200);
  await staff.getByLabel('議題にする本人を探す').pressSequentially('集計', { delay: 20 });
  await fragment;
  await staff.getByLabel(/議題にする: 集計 花子/).check();
  await staff.getByLabel('共有する内容（集計 花子）').fill('生活の状況');
  await staff.getByLabel('議事録', { exact: true }).fill('各課の相談の傾向を共有した。');
  response = await SubmitAndWait(staff, staff.getByRole('button', { name: '会議を記録する' }));
  assert.equal(response.status(), 400);
  assert.match(await staff.locator('main').innerText(), /法的根拠のない庁内の会議のため、個人の情報を記録できません/);
  await staff.getByLabel(/議題にする: 集計 花子/).uncheck();
  response = await SubmitAndWait(staff, staff.getByRole('button', { name: '会議を記録する' }));
  assert.equal(response.status(), 303);

  await staff.goto(`${baseUrl}/reports/fiscal-year?year=2016`);
  // The statutory bodies' total is unchanged; the 連絡会 has a table of its own.
  assert.deepEqual((await Cells(staff, '#meetings-total')).slice(1, 2), ['3']);
  assert.equal(await staff.locator(`#meetings-by-body tr[data-body="${ids.internal}"]`).count(), 0);
  assert.deepEqual(await Cells(staff, `#internal-meetings tr[data-body="${ids.internal}"]`), ['1']);
  assert.deepEqual(await Cells(staff, '#internal-meetings-total'), ['1']);
  assert.deepEqual(UnexpectedProblems(400), []);
});

test('本人 and a family member attend a 支援会議, recorded by kind without an organisation of their own', async () => {
  await staff.goto(`${baseUrl}/meetings/new`);
  const option = staff.locator('#body_id option').filter({ hasText: /^\s*報告町支援会議（/ });
  await staff.locator('#body_id').selectOption(await option.getAttribute('value'));
  await staff.locator('#held_on').fill('2017-01-10');
  await staff.locator('input[name^="attendee_"]').first().check();
  await staff.getByLabel('その他の出席者の氏名').fill('集計 花子');
  await staff.getByLabel('その他の出席者の区分').selectOption({ label: '本人' });
  await staff.getByLabel('議事録', { exact: true }).fill('本人から暮らしの希望を聞いた。');
  const response = await SubmitAndWait(staff, staff.getByRole('button', { name: '会議を記録する' }));
  assert.equal(response.status(), 303);
  await staff.waitForURL(/\/meetings\/\d+\?created=1$/);
  assert.match(await staff.locator('main').innerText(), /集計 花子（本人）/);
  assert.deepEqual(UnexpectedProblems(), []);
});
