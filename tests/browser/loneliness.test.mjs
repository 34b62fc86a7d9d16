// SPDX-License-Identifier: Apache-2.0
// Issue 17, item 7 in the browser: 孤独感の測定. A caseworker of 福祉課 opens a consultation of 令和6年5月 and, from
// it, records the intake answers (the 内閣府 直接質問 and the three UCLA items, as radio buttons); a UCLA item left out
// is refused with what she chose kept; three months later she records the follow-up; the consultation's page shows
// the person's change, and 孤独感の変化 (from the 年度集計) the paired change of 令和6年度 with the national
// distribution labelled as a population reference. The town administrator sets the town's own alert level (町の目安, a
// local setting refused outside 3–12 or 0), and the report counts the persons at or above it, labelled as local.
// A 民生委員 gets a missing page for the scores and the report.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import {
  ApiPost, Csrf, NewWatchedPage, SignIn, StartKasane, StopKasane, SubmitAndWait, UnexpectedProblems, baseUrl,
} from './support.mjs';

let staff;
let volunteer;
let admin;
const ids = {};

before(async () => {
  await StartKasane('kasane-browser-loneliness-');
  staff = await NewWatchedPage('staff');
  volunteer = await NewWatchedPage('volunteer');
  admin = await NewWatchedPage('admin');
});

after(StopKasane);

async function Answer(page, { phase, on, direct, ucla }) {
  const form = page.locator('#loneliness-form');
  await form.locator(`input[name="phase"][value="${phase}"]`).check();
  await form.locator('#administered_on').fill(on);
  if (direct) await form.locator(`input[name="direct"][value="${direct}"]`).check();
  for (const [index, code] of ucla.entries()) {
    if (code) await form.locator(`input[name="ucla_${index + 1}"][value="${code}"]`).check();
  }
}

test('the caseworker records the intake answers on the consultation', async () => {
  await SignIn(staff, 'demo-caseworker');
  ids.person = (await ApiPost(staff, '/api/v1/persons', {
    family_name: '孤島', given_name: '独男', family_name_kana: 'コジマ', given_name_kana: 'ドクオ',
    unknown_reasons: { phone: 'refused' },
  }, 201)).id;
  ids.consultation = (await ApiPost(staff, '/api/v1/consultations', {
    person_id: ids.person, chief_complaint: '話し相手がいない',
    categories: [{ code: 'hikikomori', most_pressing: true }],
    first_contact: { occurred_at: '令和6年5月1日 10:30', channel: 'visit', source: 'self', summary: '来所。', summary_tag: 'fact' },
  }, 201)).id;

  await staff.goto(`${baseUrl}/consultations/${ids.consultation}`);
  await staff.locator('#loneliness-link').click();
  await staff.waitForURL(`${baseUrl}/consultations/${ids.consultation}/loneliness`);
  // The items in their own wording and order: たまにある below 時々ある.
  const direct = staff.locator('#direct');
  assert.match(await direct.innerText(), /あなたはどの程度、孤独であると感じることがありますか/);
  assert.match(await direct.innerText(), /決してない.*ほとんどない.*たまにある.*時々ある.*しばしばある・常にある/s);
  assert.match(await staff.locator('#ucla').innerText(), /自分は取り残されていると感じることがありますか/);

  // A UCLA item left out: refused, nothing saved, what she chose kept.
  await Answer(staff, { phase: 'intake', on: '2024-05-01', direct: 4, ucla: [3, 3, null] });
  const refused = await SubmitAndWait(staff, staff.getByRole('button', { name: '記録する' }));
  assert.equal(refused.status(), 400);
  assert.match(await staff.locator('#form-errors').innerText(), /3問すべてに回答してください/);
  assert.equal(await staff.locator('input[name="direct"][value="4"]').isChecked(), true);
  assert.equal(await staff.locator('input[name="ucla_1"][value="3"]').isChecked(), true);
  assert.equal(await staff.locator('#loneliness-history').count(), 0);
  UnexpectedProblems(400);

  await staff.locator('input[name="ucla_3"][value="3"]').check();
  await SubmitAndWait(staff, staff.getByRole('button', { name: '記録する' }));
  await staff.locator('#loneliness-saved').waitFor();
  const rows = staff.locator('#loneliness-history tbody tr');
  assert.equal(await rows.count(), 1);
  assert.match(await rows.first().innerText(), /受付時.*4（時々ある）.*9点（7〜9点）/s);
  assert.deepEqual(UnexpectedProblems(), []);
});

test('a date before the consultation is refused, and the follow-up shows the change', async () => {
  await Answer(staff, { phase: 'follow_up', on: '2024-04-30', direct: 2, ucla: [2, 2, 1] });
  const refused = await SubmitAndWait(staff, staff.getByRole('button', { name: '記録する' }));
  assert.equal(refused.status(), 400);
  assert.match(await staff.locator('#form-errors').innerText(), /相談を受け付けた日より前の日付です/);
  assert.equal(await staff.locator('#administered_on').inputValue(), '2024-04-30');
  UnexpectedProblems(400);

  await staff.locator('#administered_on').fill('2024-08-01');
  await SubmitAndWait(staff, staff.getByRole('button', { name: '記録する' }));
  await staff.locator('#loneliness-saved').waitFor();
  assert.equal(await staff.locator('#loneliness-history tbody tr').count(), 2);
  assert.equal(await staff.locator('.loneliness-direct-change').innerText(), '4（時々ある） → 2（ほとんどない）（−2）');
  assert.equal(await staff.locator('.loneliness-ucla-change').innerText(), '9点（7〜9点） → 5点（4〜6点）（−4）');
  assert.deepEqual(UnexpectedProblems(), []);
});

test('the outcome report of 令和6年度 shows the case\'s change beside the national reference', async () => {
  await staff.goto(`${baseUrl}/reports/fiscal-year?year=2024`);
  await staff.locator('#loneliness-report-link').click();
  await staff.waitForURL(`${baseUrl}/reports/loneliness`);
  await staff.locator('#year').selectOption('2024');
  await Promise.all([staff.waitForURL(/year=2024/), staff.getByRole('button', { name: '表示する' }).click()]);
  assert.match(await staff.locator('#loneliness-report-title').innerText(), /令和6年度の孤独感の変化/);
  const version = staff.locator('.loneliness-version');
  assert.equal(await version.count(), 1);
  assert.equal(await version.locator('.loneliness-version-name').innerText(), '内閣府 人々のつながりに関する基礎調査（令和6年）');
  const change = version.locator('.loneliness-change tbody tr');
  assert.deepEqual(
    (await change.first().locator('td').allInnerTexts()).map((text) => text.trim()), ['1', '1', '0', '0', '-2.00']);
  assert.deepEqual(
    (await change.nth(1).locator('td').allInnerTexts()).map((text) => text.trim()), ['1', '1', '0', '0', '-4.00']);
  const intake = version.locator('.loneliness-direct tbody tr').first();
  assert.deepEqual((await intake.locator('td').allInnerTexts()).map((text) => text.trim()), ['0', '0', '0', '1', '0', '1']);
  const reference = staff.locator('#loneliness-reference');
  assert.match(await reference.locator('h2').innerText(), /全国（参考・母集団）/);
  assert.match(await reference.innerText(), /しばしばある・常にある\s*4\.3%/);
  assert.deepEqual(UnexpectedProblems(), []);
});

test('the town sets its own alert level, and the report counts the persons at or above it, labelled local', async () => {
  // Until the town sets one, Kasane shows no level of its own.
  assert.equal(await staff.locator('.loneliness-local-alert').count(), 0);
  await SignIn(admin, 'demo-town-admin');
  await admin.goto(`${baseUrl}/admin/settings`);
  const level = admin.getByLabel('孤独感の町の目安（地域独自）（点）');
  assert.match(await admin.locator('#hint-loneliness_local_alert_level').innerText(), /国の基準ではありません/);
  await level.fill('2');
  const refused = await SubmitAndWait(admin, admin.getByRole('button', { name: '「孤独感の町の目安（地域独自）」を保存' }));
  assert.equal(refused.status(), 400);
  assert.equal(await admin.locator('#error-loneliness_local_alert_level').innerText(),
               '孤独感の町の目安（地域独自）は3〜12点（使わないときは0）で指定してください');
  assert.deepEqual(UnexpectedProblems(400), []);
  await level.fill('9');
  await SubmitAndWait(admin, admin.getByRole('button', { name: '「孤独感の町の目安（地域独自）」を保存' }));
  await admin.waitForURL(`${baseUrl}/admin/settings?saved=settings`);

  await staff.goto(`${baseUrl}/reports/loneliness?year=2024`);
  const table = staff.locator('.loneliness-local-alert');
  assert.match(await table.locator('caption').innerText(), /町の目安（地域独自の設定・国の基準ではありません）：UCLA合計9点以上/);
  assert.equal(await table.locator('.local-alert-intake').innerText(), '1');
  assert.equal(await table.locator('.local-alert-latest').innerText(), '0');
  assert.deepEqual(UnexpectedProblems(), []);
});

test('a 民生委員 gets a missing page for the scores and for the report', async () => {
  await SignIn(volunteer, 'demo-volunteer');
  const scores = await volunteer.goto(`${baseUrl}/consultations/${ids.consultation}/loneliness`);
  assert.equal(scores.status(), 404);
  UnexpectedProblems(404);
  const report = await volunteer.goto(`${baseUrl}/reports/loneliness?year=2024`);
  assert.equal(report.status(), 404);
  UnexpectedProblems(404);
});
