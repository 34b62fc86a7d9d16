// SPDX-License-Identifier: Apache-2.0
// Issue 15, item 1 in the browser: アウトリーチ等を通じた継続的支援. A caseworker of 福祉課 opens 精神科 outreach from
// the person page of a withdrawn man, logs a visit with nobody in (不在) and a visit where they met him (会えた,
// 受診中断), sees the visit overdue on her caseload, moves the stage to 初回接触 (closing without a reason is refused
// with what she typed kept), turns the visit into a consultation with one action, and sees the counts in the
// 年度集計. 地域包括 (not involved) is refused the record and finds nothing on its caseload.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import {
  Csrf, JapanDate, NewWatchedPage, SignIn, StartKasane, StopKasane, SubmitAndWait, UnexpectedProblems, baseUrl,
} from './support.mjs';

let staff;
let partner;
const ids = {};

before(async () => {
  await StartKasane('kasane-browser-outreach-');
  staff = await NewWatchedPage('staff');
  partner = await NewWatchedPage('partner');
});

after(StopKasane);

async function OutreachCounts(page) {
  const response = await page.goto(`${baseUrl}/reports/fiscal-year`);
  assert.equal(response.status(), 200);
  const number = async (selector) => Number((await page.locator(selector).innerText()).trim());
  return {
    visits: await number('#outreach-visits'),
    persons: await number('#outreach-persons'),
    firstContact: await number('#outreach-by-stage tr[data-stage="first_contact"] td'),
  };
}

test('the caseworker opens 精神科 outreach from the person page of a withdrawn man', async () => {
  await SignIn(staff, 'demo-caseworker');
  ids.before = await OutreachCounts(staff);
  await staff.goto(`${baseUrl}/`);
  const created = await staff.request.post(`${baseUrl}/api/v1/persons`, {
    headers: { 'X-CSRF-Token': await Csrf(staff) },
    data: { family_name: '外山', given_name: '籠男', family_name_kana: 'トヤマ', given_name_kana: 'コモオ',
            unknown_reasons: { phone: 'refused' } },
  });
  assert.equal(created.status(), 201, await created.text());
  ids.person = (await created.json()).id;

  await staff.goto(`${baseUrl}/persons/${ids.person}`);
  await staff.locator('#person-outreach').click();
  await staff.waitForURL(`${baseUrl}/outreach?person=${ids.person}`);
  await staff.locator('#open-outreach').click();
  await staff.locator('#outreach-new').waitFor();
  await staff.selectOption('#kind', 'psychiatric');
  await staff.selectOption('#stage', 'trying_contact');
  await staff.fill('#opened_on', JapanDate(-2));
  await staff.fill('#next_visit_on', JapanDate(-1));
  // No reason: refused beside the field, with the dates typed kept.
  await SubmitAndWait(staff, staff.getByRole('button', { name: '始める' }));
  await staff.locator('#form-errors').waitFor();
  assert.match(await staff.locator('#form-errors').innerText(), /アウトリーチの理由を入力してください/);
  assert.equal(await staff.inputValue('#next_visit_on'), JapanDate(-1));
  assert.deepEqual(UnexpectedProblems(400), []);
  await staff.fill('#reason', '長期のひきこもり、母親から相談');
  await SubmitAndWait(staff, staff.getByRole('button', { name: '始める' }));
  await staff.locator('#outreach-facts').waitFor();
  ids.outreach = Number(new URL(staff.url()).pathname.split('/').pop());
  assert.equal((await staff.locator('#outreach-stage').innerText()).trim(), '接触試行');
  assert.deepEqual(UnexpectedProblems(), []);
});

test('she logs 不在, then 会えた with 受診中断, and sees the visit overdue on her caseload', async () => {
  await staff.fill('#attempted_at', `${JapanDate(-1)}T10:00`);
  await staff.selectOption('#method', 'visit');
  await staff.selectOption('#outcome', 'absent');
  await staff.fill('#note', '呼び鈴に応答なし。手紙を置いた');
  await SubmitAndWait(staff, staff.getByRole('button', { name: '記録する' }));
  await staff.locator('#outreach-saved').waitFor();

  // A time not yet come is refused, and what she typed stays.
  await staff.fill('#attempted_at', `${JapanDate(1)}T10:00`);
  await staff.fill('#note', '玄関先で10分。通院をやめて半年');
  await SubmitAndWait(staff, staff.getByRole('button', { name: '記録する' }));
  await staff.locator('#form-errors').waitFor();
  assert.match(await staff.locator('#form-errors').innerText(), /未来/);
  assert.equal(await staff.inputValue('#note'), '玄関先で10分。通院をやめて半年');
  assert.deepEqual(UnexpectedProblems(400), []);

  await staff.fill('#attempted_at', `${JapanDate(-1)}T15:30`);
  await staff.selectOption('#outcome', 'met');
  await staff.selectOption('#treatment', 'interrupted');
  await SubmitAndWait(staff, staff.getByRole('button', { name: '記録する' }));
  await staff.locator('#outreach-saved').waitFor();
  const rows = staff.locator('#outreach-attempts tbody tr');
  assert.equal(await rows.count(), 2);
  assert.match(await rows.nth(0).innerText(), /不在/);
  assert.match(await rows.nth(1).innerText(), /会えた/);
  assert.match(await rows.nth(1).innerText(), /受診中断/);

  // The home page counts her overdue visits and opens them.
  await staff.goto(`${baseUrl}/`);
  assert.match(await staff.locator('#outreach-overdue-link').innerText(), /訪問予定日を過ぎたアウトリーチ: 1件/);
  await staff.locator('#outreach-overdue-link').click();
  await staff.waitForURL(/\/outreach\?worker=\d+&overdue=1$/);
  assert.equal(await staff.isChecked('#overdue'), true);
  const row = staff.locator(`#outreach-list tr[data-outreach="${ids.outreach}"]`);
  assert.match(await row.innerText(), /外山 籠男/);
  assert.match(await row.innerText(), /期限切れ/);
  // The menu's caseload, filtered by stage, shows it too.
  await staff.locator('.site-nav').getByRole('link', { name: 'アウトリーチ' }).click();
  await staff.waitForURL(`${baseUrl}/outreach`);
  await staff.selectOption('#stage', 'trying_contact');
  await Promise.all([staff.waitForURL(/\/outreach\?.*stage=trying_contact/),
                     staff.getByRole('button', { name: '絞り込む' }).click()]);  // a GET form
  assert.equal(await staff.locator(`#outreach-list tr[data-outreach="${ids.outreach}"]`).count(), 1);
  assert.deepEqual(UnexpectedProblems(), []);
});

test('she moves the stage, and closing without a reason is refused', async () => {
  await staff.goto(`${baseUrl}/outreach/${ids.outreach}`);
  await staff.selectOption('#new-stage', 'closed');
  await SubmitAndWait(staff, staff.getByRole('button', { name: '段階を変える' }));
  await staff.locator('#form-errors').waitFor();
  assert.match(await staff.locator('#form-errors').innerText(), /終了する理由を入力してください/);
  assert.equal(await staff.inputValue('#new-stage'), 'closed');
  assert.deepEqual(UnexpectedProblems(400), []);
  await staff.selectOption('#new-stage', 'first_contact');
  await staff.fill('#stage-on', JapanDate(-1));
  await SubmitAndWait(staff, staff.getByRole('button', { name: '段階を変える' }));
  await staff.locator('#outreach-saved').waitFor();
  assert.equal((await staff.locator('#outreach-stage').innerText()).trim(), '初回接触');
  assert.match(await staff.locator('#outreach-stage-history').innerText(), /接触試行 → 初回接触/);
  assert.deepEqual(UnexpectedProblems(), []);
});

test('the visit that found trouble becomes a consultation with one action', async () => {
  const met = staff.locator('#outreach-attempts tbody tr').nth(1);
  await met.locator('input[name="chief_complaint"]').fill('通院中断、母親の介護負担');
  await SubmitAndWait(staff, met.getByRole('button', { name: 'この訪問を相談として受け付ける' }));
  await staff.waitForURL(/\/consultations\/\d+$/);
  assert.match(await staff.locator('body').innerText(), /通院中断、母親の介護負担/);
  await staff.goto(`${baseUrl}/outreach/${ids.outreach}`);
  assert.match(await staff.locator('#outreach-attempts tbody tr').nth(1).innerText(), /相談として受付済み/);
  assert.deepEqual(UnexpectedProblems(), []);
});

test('the 年度集計 counts the two visits, the person and the record in 初回接触', async () => {
  const counts = await OutreachCounts(staff);
  assert.equal(counts.visits, ids.before.visits + 2);
  assert.equal(counts.persons, ids.before.persons + 1);
  assert.equal(counts.firstContact, ids.before.firstContact + 1);
  assert.deepEqual(UnexpectedProblems(), []);
});

test('地域包括, not involved, is refused the record and finds nothing on its caseload', async () => {
  await SignIn(partner, 'demo-houkatsu');
  const response = await partner.goto(`${baseUrl}/outreach/${ids.outreach}`);
  assert.equal(response.status(), 404);
  assert.deepEqual(UnexpectedProblems(404), []);
  await partner.goto(`${baseUrl}/outreach`);
  assert.equal(await partner.locator(`#outreach-list tr[data-outreach="${ids.outreach}"]`).count(), 0);
  assert.equal((await partner.locator('body').innerText()).includes('籠男'), false);
  const api = await partner.request.get(`${baseUrl}/api/v1/outreach/${ids.outreach}`);
  assert.equal(api.status(), 404);
  assert.deepEqual(UnexpectedProblems(), []);
});
