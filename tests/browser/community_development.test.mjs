// SPDX-License-Identifier: Apache-2.0
// Issue 16, items 4 and 5 in the browser: the town's caseworker records a salon and a session (impossible counts
// come back with the error and what was typed), sees the month's counts; records the 協議体's workshop of 浜小学校区,
// files from it a 制度の狭間 with the three consultations that lacked a place for young adults (a bad number comes
// back with the error), opens a new 居場所 from the issue and records the action that closes it. The NPO's worker
// then sees that three consultations are linked and reads none of them.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { OpenApiCheck } from '../api/openapi_check.mjs';
import { request, runScenarioText } from '../api/run.mjs';
import { NewWatchedPage, SignIn, StartKasane, StopKasane, SubmitAndWait, UnexpectedProblems, baseUrl } from './support.mjs';

let staff;
const vars = {};

before(async () => {
  await StartKasane('kasane-browser-community-');
  const port = Number(new URL(baseUrl).port);
  const served = await request(port, 'GET', '/api/v1/openapi.json', { Host: `127.0.0.1:${port}` });
  assert.equal(served.status, 200);
  const openapi = new OpenApiCheck(JSON.parse(served.body));
  let text = `### the caseworker signs in\n@as caseworker\nPOST /api/v1/sessions\n\n` +
             `{"username": "demo-caseworker", "password": "kasane-demo"}\n----\n201\n@save csrf csrf_token\n\n`;
  for (const [i, day] of [[1, '02'], [2, '07'], [3, '14']]) {
    text += `### consultation ${i}\nPOST /api/v1/consultations\nX-CSRF-Token: \${csrf}\n\n` +
            `{"anonymous": true, "chief_complaint": "若い人が昼間に行ける場所がない（${i}）", ` +
            `"first_contact": {"occurred_at": "2024-05-${day}T01:00:00Z", "channel": "phone", "source": "anonymous"}}\n` +
            `----\n201\n@save c${i} id\n\n`;
  }
  const seeded = await runScenarioText(text, 'community-setup', port, openapi, { vars });
  assert.equal(seeded.failures, 0, 'setting up the consultations failed');
  staff = await NewWatchedPage('staff');
});

after(StopKasane);

test('a salon and its session; impossible counts come back with the error', async () => {
  await SignIn(staff, 'demo-caseworker');
  await staff.locator('nav').getByRole('link', { name: '地域づくり' }).click();
  await staff.waitForURL(`${baseUrl}/community`);
  await staff.locator('#new-place').click();
  await staff.locator('#name').fill('東浜ふれあいサロン');
  await staff.locator('#kind').selectOption('salon');
  await staff.locator('#project').selectOption('care_prevention');
  await staff.locator('#area_id').selectOption({ label: '東浜自治会（自治会）' });
  await SubmitAndWait(staff, staff.getByRole('button', { name: '保存する' }));
  assert.equal(await staff.locator('#community-saved').count(), 1);
  assert.match(await staff.locator('#place-list').innerText(), /東浜ふれあいサロン\s+サロン\s+地域介護予防活動支援事業/);

  await staff.locator('#place-list a', { hasText: '開催を記録' }).click();
  await staff.locator('#held_on').fill('2024-05-09');
  await staff.locator('#participants').fill('5');
  await staff.locator('#first_time').fill('6');
  await SubmitAndWait(staff, staff.getByRole('button', { name: '保存する' }));
  assert.match(await staff.locator('form#session-form').innerText(), /初参加の人数（6人）が参加者数（5人）を超えています/);
  assert.equal(await staff.locator('#participants').inputValue(), '5');
  assert.equal(await staff.locator('#held_on').inputValue(), '2024-05-09');
  await staff.locator('#participants').fill('12');
  await staff.locator('#first_time').fill('2');
  await staff.locator('#sex_male').fill('4');
  await staff.locator('#sex_female').fill('8');
  await SubmitAndWait(staff, staff.getByRole('button', { name: '保存する' }));
  assert.equal(new URL(staff.url()).searchParams.get('month'), '2024-05');
  assert.equal(await staff.locator('#count-places').innerText(), '1');
  assert.equal(await staff.locator('#count-total').innerText(), '12人');
  assert.match(await staff.locator('#by-sex').innerText(), /男性：4人/);
  assert.deepEqual(UnexpectedProblems(400), []);  // the impossible counts' answer was a 400
});

test('a workshop files a 制度の狭間 with three consultations, and the 居場所 opened closes it', async () => {
  await staff.goto(`${baseUrl}/community`);
  await staff.locator('#new-workshop').click();
  await staff.locator('#area_id').selectOption({ label: '浜小学校区（小学校区）' });
  await staff.locator('#held_on').fill('令和6年5月20日');
  await staff.locator('#title').fill('浜地区 住民ワークショップ');
  await staff.locator('#participants').fill('24');
  await staff.locator('#strengths').fill('自治会の見守りが厚い');
  await staff.locator('#problems').fill('若者が集える場がない');
  await staff.locator('#actions').fill('空き店舗の活用を検討');
  await SubmitAndWait(staff, staff.getByRole('button', { name: '保存する' }));
  assert.match(await staff.locator('[data-workshop]').innerText(), /若者が集える場がない/);

  await staff.locator('a.file-issue').click();
  assert.equal(await staff.locator('#workshop_id option:checked').innerText(), '浜地区 住民ワークショップ（浜小学校区）');
  await staff.locator('#area_id').selectOption({ label: '浜小学校区（小学校区）' });
  await staff.locator('#kind').selectOption('gap');
  await staff.locator('#title').fill('若者の居場所がない');
  await staff.locator('#raised_on').fill('2024-05-20');
  await staff.locator('#consultation_ids').fill(`${vars.c1}, 9999999`);
  await SubmitAndWait(staff, staff.getByRole('button', { name: '記録する' }));
  assert.match(await staff.locator('form#issue-form').innerText(), /相談 9999999 が見つかりません/);
  assert.equal(await staff.locator('#title').inputValue(), '若者の居場所がない');
  await staff.locator('#consultation_ids').fill(`${vars.c1}, ${vars.c2}、${vars.c3}`);
  await SubmitAndWait(staff, staff.getByRole('button', { name: '記録する' }));
  assert.match(new URL(staff.url()).pathname, /^\/community\/issues\/\d+$/);
  const issueUrl = staff.url();
  assert.equal(await staff.locator('#issue-kind').innerText(), '制度の狭間');
  assert.equal(await staff.locator('#linked-count').innerText(), '3件');
  assert.equal(await staff.locator('#linked-consultations li').count(), 3);
  assert.match(await staff.locator('#issue-workshop').innerText(), /自治会の見守りが厚い/);

  // The new place is opened from the issue, and comes back chosen in the action form.
  await staff.locator('#open-place').click();
  await staff.locator('#name').fill('若者の居場所 はまカフェ');
  await staff.locator('#kind').selectOption('ibasho');
  await staff.locator('#project').selectOption('needy_community');
  await SubmitAndWait(staff, staff.getByRole('button', { name: '保存する' }));
  assert.equal(new URL(staff.url()).pathname, new URL(issueUrl).pathname);
  assert.equal(await staff.locator('#place_id option:checked').innerText(), '若者の居場所 はまカフェ');
  await staff.locator('#taken_on').fill('2024-07-01');
  await staff.locator('#description').fill('若者の居場所を開設');
  await staff.locator('#effect').selectOption('resolves');
  await SubmitAndWait(staff, staff.getByRole('button', { name: '記録する' }));
  assert.equal(await staff.locator('#issue-status').innerText(), '解決');
  assert.match(await staff.locator('#action-list').innerText(), /若者の居場所を開設（拠点：若者の居場所 はまカフェ）/);
  assert.equal(await staff.locator('#action-form').count(), 0);  // a closed issue takes no more actions

  await staff.goto(`${baseUrl}/community/issues`);
  assert.match(await staff.locator('#issue-list').innerText(), /若者の居場所がない\s+制度の狭間\s+浜小学校区.*3件.*はまカフェ.*解決/s);
  assert.deepEqual(UnexpectedProblems(400), []);
});

test("the NPO's worker sees the count of linked consultations and reads none of them", async () => {
  const npo = await NewWatchedPage('npo');
  await SignIn(npo, 'demo-npo');
  await npo.locator('nav').getByRole('link', { name: '地域づくり' }).click();
  await npo.locator('#register-link').click();
  assert.match(await npo.locator('#issue-list').innerText(), /若者の居場所がない.*3件/s);
  assert.equal(await npo.locator('#new-issue').count(), 0);
  await npo.locator('#issue-list a', { hasText: '若者の居場所がない' }).click();
  assert.equal(await npo.locator('#linked-count').innerText(), '3件');
  assert.equal(await npo.locator('#linked-consultations li').count(), 0);
  assert.match(await npo.locator('#hidden-count').innerText(), /ほかの3件は、あなたには見る権限がありません/);
  assert.doesNotMatch(await npo.content(), /若い人が昼間に行ける場所がない/);
  assert.deepEqual(UnexpectedProblems(), []);
});
