// SPDX-License-Identifier: Apache-2.0
// Issue 17, items 5 and 11 in the browser: the 年度集計 of 平成23年度 (2011, a year nothing else writes) draws its
// breakdowns as bars and 関係機関 against the others as a stacked share, each beside its table, and shows its
// definition (fiscal-year-report v5). The coordinator (exact figures) clicks 延べ件数 and sees the records behind it —
// as many as the figure, the contact at 2011-04-01 00:00 JST in and the one a minute before out — with links to the
// consultations, and a category's 実人数 the same way; a body's 開催回数 lists the meetings behind it, no person named. The privacy officer (figures suppressed) has no link on a
// figure, and the explanation's address is a missing page for them.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import {
  ApiPost, CompactText, NewWatchedPage, SignIn, StartKasane, StopKasane, UnexpectedProblems, baseUrl,
} from './support.mjs';

let staff;
let auditor;
const ids = {};

before(async () => {
  await StartKasane('kasane-browser-report-explain-');
  staff = await NewWatchedPage('staff');
  auditor = await NewWatchedPage('auditor');
});

after(StopKasane);

async function Consultation(page, person, occurredAt, source) {
  return (await ApiPost(page, '/api/v1/consultations', {
    person_id: person, chief_complaint: '根拠の確認', categories: [{ code: 'poverty', most_pressing: true }],
    first_contact: { occurred_at: occurredAt, channel: 'phone', source, summary: '電話。', summary_tag: 'fact' },
  })).id;
}

test('the coordinator records contacts at the edge of 平成23年度', async () => {
  await SignIn(staff, 'demo-coordinator');
  await staff.goto(`${baseUrl}/`);
  const person = await ApiPost(staff, '/api/v1/persons', {
    family_name: '根拠', given_name: '花子', family_name_kana: 'コンキョ', given_name_kana: 'ハナコ',
    birth_date: '1955-05-05', sex: 'female',
  });
  ids.person = person.id;
  ids.first = await Consultation(staff, person.id, '2011-03-31T15:00:00Z', 'agency');  // 2011-04-01 00:00 JST
  ids.second = await Consultation(staff, person.id, '2011-09-01T01:00:00Z', 'self');
  ids.before = await Consultation(staff, person.id, '2011-03-31T14:59:00Z', 'self');  // 平成22年度
});

test('the 年度集計 draws its charts beside its tables and shows its definition', async () => {
  await staff.goto(`${baseUrl}/reports/fiscal-year?year=2011`);
  assert.equal(await staff.locator('#total-contacts').innerText(), '2');
  for (const id of ['report-chart-category', 'report-chart-channel', 'report-chart-source',
    'report-chart-partner-share']) {
    assert.equal(await staff.locator(`svg#${id}`).count(), 1, id);
  }
  // The bars' table is beside them: the same section holds the chart and the table.
  const category = staff.locator('section[aria-label="困りごと別"]');
  assert.equal(await category.locator('svg').count(), 1);
  assert.equal(await category.locator('table').count(), 1);
  const definition = (await staff.locator('#report-definition').innerText()).replace(/\s+/g, '');
  assert.ok(definition.includes('fiscal-year-reportv5'), definition);  // spaces removed above
  assert.ok(definition.includes('日本時間'), definition);
  assert.deepEqual(UnexpectedProblems(), []);
});

test('the coordinator clicks 延べ件数 and sees the records behind it', async () => {
  await Promise.all([staff.waitForURL(/\/reports\/fiscal-year\/explain\?/), staff.locator('#total-contacts a').click()]);
  await staff.waitForLoadState('load');
  assert.equal(await staff.locator('#explain-figure').innerText(), '2');
  assert.equal(await staff.locator('#explain-listed-figure').innerText(), '2');
  const rows = staff.locator('#explain-records tbody tr');
  assert.equal(await rows.count(), 2);
  const text = (await staff.locator('#explain-records').innerText()).replace(/\s+/g, '');
  assert.ok(text.includes('根拠花子'), text);
  assert.equal(await staff.locator(`#explain-records a[href="/consultations/${ids.first}"]`).count(), 1);
  assert.equal(await staff.locator(`#explain-records a[href="/consultations/${ids.second}"]`).count(), 1);
  assert.equal(await staff.locator(`#explain-records a[href="/consultations/${ids.before}"]`).count(), 0);
  // The consultation opens from the list.
  await Promise.all([staff.waitForURL(`${baseUrl}/consultations/${ids.first}`),
    staff.locator(`#explain-records a[href="/consultations/${ids.first}"]`).click()]);
  assert.equal((await staff.goBack()).status(), 200);
  // Back on the report: a category's 実人数 is one person, behind two contacts.
  await staff.goto(`${baseUrl}/reports/fiscal-year?year=2011`);
  const poverty = staff.locator('section[aria-label="困りごと別"] tr', { hasText: '生活困窮' });
  await Promise.all([staff.waitForURL(/cell=category%3Apoverty%3Apersons/), poverty.locator('td a').nth(1).click()]);
  assert.equal(await staff.locator('#explain-figure').innerText(), '1');
  assert.equal(await staff.locator('#explain-listed-figure').innerText(), '1');
  assert.equal(await staff.locator('#explain-record-count').innerText(), '2');
  assert.deepEqual(UnexpectedProblems(), []);
});

test('the coordinator follows a body\'s 開催回数 to the meetings behind it, no person named', async () => {
  const me = await (await staff.request.get(`${baseUrl}/api/v1/me`)).json();
  const attendees = [{ name: '調整 みどり', organization_id: me.user.organization_id }];
  const body = (await ApiPost(staff, '/api/v1/meeting-bodies', {
    legal_basis: 'article_106_6', display_name: '根拠町支援会議', shares_without_consent: true,
  })).id;
  const held = (await ApiPost(staff, '/api/v1/meetings', {
    body_id: body, held_on: '2011-06-01', attendees,
    agenda: [{ person_id: ids.person, shared_summary: '生活の状況を共有' }], minutes: '',
  })).id;
  const next = (await ApiPost(staff, '/api/v1/meetings', {
    body_id: body, held_on: '2012-04-01', attendees, agenda: [], minutes: '',  // 平成24年度
  })).id;
  await staff.goto(`${baseUrl}/reports/fiscal-year?year=2011`);
  const row = staff.locator(`#meetings-by-body tr[data-body="${body}"]`);
  assert.equal(await row.locator('a.explain-link').innerText(), '1');
  await Promise.all([staff.waitForURL(/cell=meetings%3Abody%3A\d+%3Aheld/), row.locator('a.explain-link').click()]);
  await staff.waitForLoadState('load');
  assert.equal(await staff.locator('#explain-figure').innerText(), '1');
  assert.equal(await staff.locator('#explain-listed-figure').innerText(), '1');
  assert.equal(await staff.locator('#explain-meeting-count').innerText(), '1');
  assert.equal(await staff.locator('#explain-meetings tbody tr').count(), 1);
  assert.equal(await staff.locator(`#explain-meetings tr[data-meeting="${held}"]`).count(), 1);
  assert.equal(await staff.locator(`#explain-meetings tr[data-meeting="${next}"]`).count(), 0);
  const text = (await staff.locator('#explain-meetings').innerText()).replace(/\s+/g, '');
  assert.ok(text.includes('根拠町支援会議'), text);
  assert.ok(!text.includes('花子'), text);  // meetings are listed, not persons
  assert.equal(await staff.locator('#explain-records').count(), 0);
  assert.deepEqual(UnexpectedProblems(), []);
});

test('the coordinator follows ケース開始件数 to the cases behind it, each with its title', async () => {
  const me = await (await staff.request.get(`${baseUrl}/api/v1/me`)).json();
  const opened = (await ApiPost(staff, '/api/v1/cases', {
    person_id: ids.person, title: '根拠確認のケース', lead_organization_id: me.user.organization_id,
    coordinator_user_id: me.user.id, programs: ['collaboration'],
  })).id;
  await staff.goto(`${baseUrl}/reports/fiscal-year`);  // this 年度: the case opened today
  await Promise.all([staff.waitForURL(/cell=cases%3Aopened/), staff.locator('#cases-opened a').click()]);
  await staff.waitForLoadState('load');
  assert.equal(await staff.locator('#explain-listed-figure').innerText(),
    await staff.locator('#explain-figure').innerText());
  const row = staff.locator(`#explain-cases tr[data-case="${opened}"]`);
  assert.equal(await row.count(), 1);
  assert.ok((await row.innerText()).includes('根拠確認のケース'));
  assert.equal(await row.locator(`a[href="/cases/${opened}"]`).count(), 1);
  assert.deepEqual(UnexpectedProblems(), []);
});

test('the privacy officer has no link on a figure and the explanation is a missing page', async () => {
  await SignIn(auditor, 'demo-auditor');
  await auditor.goto(`${baseUrl}/reports/fiscal-year?year=2011`);
  assert.equal(await auditor.locator('#total-contacts a').count(), 0);
  assert.equal(await auditor.locator('a.explain-link').count(), 0);
  assert.equal(await auditor.locator('#report-definition').count(), 1);
  const response = await auditor.goto(`${baseUrl}/reports/fiscal-year/explain?year=2011&cell=contacts`);
  assert.equal(response.status(), 404);
  const text = await CompactText(auditor);
  assert.ok(text.includes('見つかりません'), text);
  assert.ok(!text.includes('根拠'), text);
  assert.deepEqual(UnexpectedProblems(404), []);
});
