// SPDX-License-Identifier: Apache-2.0
// Issue 15, item 2 in the browser: a 世帯訪問調査 campaign from set-up to progress. The town's caseworker starts it and
// assigns 東浜自治会 to 地域包括支援センター and 西浜自治会 to the NPO, puts households on the lists and a 自治会長's
// hearing note; the 地域包括 visitor signs in, sees only 東浜, records a 不在 and a 面会 with 気づき (a date outside the
// campaign refused with what was typed kept), presses つなぐ and lands on the new consultation pre-filled; progress
// shows visited of total and the revisit queue; the NPO cannot see 東浜's household or its visit.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { JapanDate, NewWatchedPage, SignIn, StartKasane, StopKasane, SubmitAndWait, UnexpectedProblems, baseUrl } from './support.mjs';

let staff;
let visitor;
let npo;
const ids = {};

before(async () => {
  await StartKasane('kasane-browser-household-survey-');
  staff = await NewWatchedPage('staff');
  visitor = await NewWatchedPage('visitor');
  npo = await NewWatchedPage('npo');
});

after(StopKasane);

const slashDate = (days) => JapanDate(days).replaceAll('-', '/');

async function AddHousehold(page, address, head) {
  await page.getByLabel('住所（町字・番地）').fill(address);
  await page.getByLabel('世帯主（氏と名の間に空白）').fill(head);
  await SubmitAndWait(page, page.getByRole('button', { name: '世帯を加える' }));
}

test('the town starts a campaign and assigns two 自治会 to two bodies', async () => {
  await SignIn(staff, 'demo-caseworker');
  await staff.getByRole('link', { name: '世帯訪問調査' }).click();
  await staff.waitForURL(`${baseUrl}/surveys`);
  await staff.getByLabel('調査の名前').fill('全戸訪問テスト');
  await staff.getByLabel('目的').fill('困りごとを早く知り、つなぐ');
  await staff.getByLabel('開始日').fill(slashDate(-30));
  await staff.getByLabel('終了日').fill(slashDate(30));
  await SubmitAndWait(staff, staff.getByRole('button', { name: '調査を始める' }));
  ids.campaign = new URL(staff.url()).pathname.split('/')[2];
  assert.match(await staff.locator('#survey-title').innerText(), /全戸訪問テスト/);
  for (const [area, body] of [['東浜自治会', '栄浜町地域包括支援センター'], ['西浜自治会', 'NPO法人 ひだまりの家（ひきこもり支援）']]) {
    await staff.locator('#area_id').selectOption({ label: area });
    await staff.locator('#body').selectOption({ label: body });
    await SubmitAndWait(staff, staff.getByRole('button', { name: '割り当てる' }));
    await staff.locator('#assigned').waitFor();
  }
  assert.equal(await staff.locator('#survey-areas tbody tr').count(), 2);
  await staff.getByRole('link', { name: '東浜自治会' }).click();
  await staff.locator('#area-title').waitFor();
  ids.east = new URL(staff.url()).pathname.split('/')[4];
  await AddHousehold(staff, '東浜5-6', '調査 一郎');
  await AddHousehold(staff, '東浜7-8', '留守 二郎');
  await staff.locator('#household_id').selectOption({ label: '東浜5-6（調査 一郎）' });
  await staff.getByLabel('聞き取った内容').fill('最近姿を見かけないと自治会長から');
  await SubmitAndWait(staff, staff.getByRole('button', { name: '聞き取りを記録' }));
  assert.equal(await staff.locator('#survey-households tbody tr.is-flagged').count(), 1);
  await staff.goto(`${baseUrl}/surveys/${ids.campaign}`);
  await staff.getByRole('link', { name: '西浜自治会' }).click();
  await staff.locator('#area-title').waitFor();
  await AddHousehold(staff, '西浜3-4', '西浜 花子');
  assert.deepEqual(UnexpectedProblems(), []);
});

test('the 地域包括 visitor sees only 東浜, records 不在 and 面会, and つなぐ opens the consultation', async () => {
  await SignIn(visitor, 'demo-houkatsu');
  await visitor.getByRole('link', { name: '世帯訪問調査' }).click();
  await visitor.getByRole('link', { name: '全戸訪問テスト' }).click();
  await visitor.locator('#survey-areas').waitFor();
  const rows = visitor.locator('#survey-areas tbody tr');
  assert.equal(await rows.count(), 1);
  assert.match(await rows.first().innerText(), /東浜自治会/);
  assert.equal(await visitor.locator('#survey-areas').getByText('西浜自治会').count(), 0);
  assert.equal(await visitor.locator('#survey-assign').count(), 0);
  await visitor.getByRole('link', { name: '東浜自治会' }).click();
  await visitor.locator('#area-title').waitFor();
  assert.equal(await visitor.locator('#survey-households tbody tr').count(), 2);
  assert.match(await visitor.locator('#survey-households').innerText(), /気になる世帯/);

  // 留守 二郎: 不在 — he waits for a revisit.
  await visitor.locator('tr', { hasText: '東浜7-8' }).getByRole('link', { name: '訪問を記録' }).click();
  await visitor.getByLabel('訪問日').fill(slashDate(-1));
  await visitor.getByLabel('訪問した人').fill('包括 さとし');
  await visitor.getByLabel('不在（再訪）').check();
  await SubmitAndWait(visitor, visitor.getByRole('button', { name: '訪問を記録' }));
  assert.match(await visitor.locator('#visit-outcome').innerText(), /不在（再訪）/);
  await visitor.getByRole('link', { name: '訪問リストへ戻る' }).click();

  // 調査 一郎: a date outside the campaign is refused with what was typed kept, then 面会 with 気づき.
  await visitor.locator('tr', { hasText: '東浜5-6' }).getByRole('link', { name: '訪問を記録' }).click();
  await visitor.getByLabel('訪問日').fill('2020/1/1');
  await visitor.getByLabel('訪問した人').fill('包括 さとし、はまかぜ会 山本');
  await visitor.getByLabel('面会').check();
  await visitor.getByLabel('健康や介護のことで困っている').fill('膝が痛く通院が大変');
  await visitor.getByLabel('気づき').fill('ひとり暮らしで買い物に困っている');
  const refused = await SubmitAndWait(visitor, visitor.getByRole('button', { name: '訪問を記録' }));
  assert.equal(refused.status(), 400);
  assert.match(await visitor.locator('#visited_on-error').innerText(), /期間/);
  assert.equal(await visitor.getByLabel('訪問した人').inputValue(), '包括 さとし、はまかぜ会 山本');
  assert.equal(await visitor.getByLabel('気づき').inputValue(), 'ひとり暮らしで買い物に困っている');
  UnexpectedProblems(400);
  await visitor.getByLabel('訪問日').fill(slashDate(-1));
  await SubmitAndWait(visitor, visitor.getByRole('button', { name: '訪問を記録' }));
  assert.match(await visitor.locator('#visit-outcome').innerText(), /面会/);
  ids.visit = new URL(visitor.url()).pathname.split('/')[2];

  await SubmitAndWait(visitor, visitor.getByRole('button', { name: 'つなぐ' }));
  assert.match(new URL(visitor.url()).pathname, /^\/consultations\/\d+$/);
  const consultation = await visitor.locator('body').innerText();
  assert.match(consultation, /ひとり暮らしで買い物に困っている/);
  assert.match(consultation, /膝が痛く通院が大変/);
  assert.match(consultation, /調査/);
  await visitor.goto(`${baseUrl}/survey-visits/${ids.visit}`);
  await visitor.locator('#visit-consultation').waitFor();
  assert.equal(await visitor.locator('#visit-connect').count(), 0);
  assert.deepEqual(UnexpectedProblems(), []);
});

test('progress shows visited of total and the revisit queue, per area and per body', async () => {
  await visitor.goto(`${baseUrl}/surveys/${ids.campaign}`);
  const east = visitor.locator('#survey-areas tbody tr', { hasText: '東浜自治会' });
  assert.equal((await east.locator('.progress').innerText()).trim(), '1 / 2');
  assert.equal((await east.locator('.revisit').innerText()).trim(), '1');
  await staff.goto(`${baseUrl}/surveys/${ids.campaign}`);
  const body = staff.locator('#survey-bodies tbody tr', { hasText: '栄浜町地域包括支援センター' });
  assert.equal((await body.locator('.progress').innerText()).trim(), '1 / 2');
  const west = staff.locator('#survey-areas tbody tr', { hasText: '西浜自治会' });
  assert.equal((await west.locator('.progress').innerText()).trim(), '0 / 1');
  assert.deepEqual(UnexpectedProblems(), []);
});

test('the NPO sees 西浜 only: 東浜\'s household and its visit are not found', async () => {
  await SignIn(npo, 'demo-npo');
  await npo.goto(`${baseUrl}/surveys/${ids.campaign}`);
  assert.equal(await npo.locator('#survey-areas tbody tr').count(), 1);
  assert.match(await npo.locator('#survey-areas').innerText(), /西浜自治会/);
  assert.doesNotMatch(await npo.locator('body').innerText(), /東浜5-6|調査 一郎/);
  const list = await npo.goto(`${baseUrl}/surveys/${ids.campaign}/areas/${ids.east}`);
  assert.equal(list.status(), 404);
  assert.doesNotMatch(await npo.locator('body').innerText(), /調査 一郎/);
  const visit = await npo.goto(`${baseUrl}/survey-visits/${ids.visit}`);
  assert.equal(visit.status(), 404);
  UnexpectedProblems(404);
});

test('つなぐ to an organisation: the revisit of 東浜7-8 opens the consultation and its referral to the NPO at once', async () => {
  await visitor.goto(`${baseUrl}/surveys/${ids.campaign}/areas/${ids.east}`);
  await visitor.locator('tr', { hasText: '東浜7-8' }).getByRole('link', { name: '訪問を記録' }).click();
  await visitor.getByLabel('訪問日').fill(slashDate(-1));
  await visitor.getByLabel('訪問した人').fill('包括 さとし');
  await visitor.getByLabel('面会').check();
  await visitor.getByLabel('気づき').fill('息子が長くひきこもっている');
  await SubmitAndWait(visitor, visitor.getByRole('button', { name: '訪問を記録' }));
  const visitPath = new URL(visitor.url()).pathname;
  // The choice is offered beside the one action: no organisation opens a consultation only.
  assert.equal(await visitor.locator('#to_organization_id option', { hasText: '栄浜町地域包括支援センター' }).count(), 0);
  await visitor.locator('#to_organization_id').selectOption({ label: 'NPO法人 ひだまりの家（ひきこもり支援）' });
  await SubmitAndWait(visitor, visitor.getByRole('button', { name: 'つなぐ' }));
  assert.match(new URL(visitor.url()).pathname, /^\/referrals\/\d+$/);
  const referralId = new URL(visitor.url()).pathname.split('/')[2];
  const sheet = await visitor.locator('body').innerText();
  assert.match(sheet, /NPO法人 ひだまりの家/);
  assert.match(sheet, /息子が長くひきこもっている/);
  await visitor.goto(`${baseUrl}${visitPath}`);
  await visitor.locator('#visit-consultation').waitFor();
  assert.equal(await visitor.locator('#visit-connect').count(), 0);
  // The NPO receives it.
  const received = await npo.request.get(`${baseUrl}/api/v1/referrals/${referralId}`);
  assert.equal(received.status(), 200);
  assert.equal((await received.json()).status, 'sent');
  assert.deepEqual(UnexpectedProblems(), []);
});
