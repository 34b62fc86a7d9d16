// SPDX-License-Identifier: Apache-2.0
// Issue 15, item 3 in the browser: the 支え愛連絡会. The coordinator of 福祉課 follows 会議体 to 支え愛連絡会, sets one
// up for 東浜自治会 (it is then a 会議体 of its own basis), and records a meeting with the 自治会長 and a neighbour
// who have no account. A person without a consent naming the body cannot be named: the form says why, keeps what
// was typed, and nothing is saved; the concern goes in without the name, and a person who consented is named. The
// meeting page shows the residents by name and role; the 民生委員, who did not attend, cannot open it.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import {
  ApiPost, Csrf, JapanDate, NewWatchedPage, SignIn, StartKasane, StopKasane, SubmitAndWait, UnexpectedProblems,
  baseUrl,
} from './support.mjs';

let staff;
let volunteer;
const ids = {};

before(async () => {
  await StartKasane('kasane-browser-mutual-aid-liaison-');
  staff = await NewWatchedPage('staff');
  volunteer = await NewWatchedPage('volunteer');
});

after(StopKasane);

const slashDate = (days) => JapanDate(days).replaceAll('-', '/');

test('the coordinator sets up the 東浜自治会\'s 支え愛連絡会 from the 会議体 page', async () => {
  await SignIn(staff, 'demo-coordinator');
  await staff.getByRole('link', { name: '会議体', exact: true }).click();
  await staff.waitForURL(`${baseUrl}/meeting-bodies`);
  await staff.locator('#mutual-aid-liaisons-link').click();
  await staff.waitForURL(`${baseUrl}/mutual-aid-liaisons`);
  await staff.locator('#neighborhood_area_id').selectOption({ label: '東浜自治会' });
  await SubmitAndWait(staff, staff.getByRole('button', { name: '支え愛連絡会を設ける' }));
  await staff.locator('#liaison-created').waitFor();
  ids.body = new URL(staff.url()).pathname.split('/')[2];
  assert.match(await staff.locator('#liaison-title').innerText(), /東浜自治会 支え愛連絡会/);
  // It is a 会議体 of its own basis, never sharing without consent.
  await staff.goto(`${baseUrl}/meeting-bodies`);
  const panel = staff.locator('section.body', { hasText: '東浜自治会 支え愛連絡会' });
  assert.match(await panel.innerText(), /支え愛連絡会（自治会ごと・本人同意のみ）/);
  assert.match(await panel.innerText(), /できない（同意した人だけを扱う）/);
  // 東浜 is no longer offered for a second one.
  await staff.goto(`${baseUrl}/mutual-aid-liaisons`);
  assert.equal(await staff.locator('#neighborhood_area_id option', { hasText: '東浜自治会' }).count(), 0);
  assert.deepEqual(UnexpectedProblems(), []);
});

test('a person is named only with her consent; otherwise the form refuses and keeps what was typed', async () => {
  const person = async (family, given) => (await ApiPost(staff, '/api/v1/persons', {
    family_name: family, given_name: given, family_name_kana: 'ササエ', given_name_kana: 'テスト',
    unknown_reasons: { phone: 'refused' },
  }, 201)).id;
  ids.unconsented = await person('未同意', '花子');
  ids.consented = await person('同意', '愛子');
  await ApiPost(staff, `/api/v1/persons/${ids.consented}/consents`, {
    organizations: [], bodies: [Number(ids.body)], purpose: '自治会での見守りのため', given_on: JapanDate(0),
    method: 'written', explanation_version: '説明文書 v2',
  }, 201);

  await staff.goto(`${baseUrl}/mutual-aid-liaisons/${ids.body}`);
  await staff.locator('#held_on').fill(slashDate(0));
  await staff.locator('#attendee_name_0').fill('田中 一郎');
  await staff.locator('#attendee_role_0').fill('自治会長');
  await staff.locator('#attendee_name_1').fill('隣の 山田');
  await staff.locator('#attendee_role_1').fill('近隣住民');
  await staff.locator('#concern_text_0').fill('最近見かけない、買い物に困っている様子');
  await staff.locator('#concern_person_0').fill(String(ids.unconsented));
  await staff.locator('#notes').fill('民生委員が今週中に訪ねる');
  const refused = await SubmitAndWait(staff, staff.getByRole('button', { name: '記録する' }));
  assert.equal(refused.status(), 400);
  assert.match(await staff.locator('#concerns-error').innerText(), /同意.*氏名を挙げて記録できません/);
  assert.equal(await staff.locator('#attendee_name_1').inputValue(), '隣の 山田');
  assert.equal(await staff.locator('#concern_text_0').inputValue(), '最近見かけない、買い物に困っている様子');
  assert.equal(await staff.locator('#liaison-meetings li').count(), 0);  // nothing was saved
  UnexpectedProblems(400);

  // Recorded without the name, and the consented person by name.
  await staff.locator('#concern_person_0').fill('');
  await staff.locator('#concern_text_1').fill('通院の送迎を頼める人を探している');
  await staff.locator('#concern_person_1').fill(String(ids.consented));
  await SubmitAndWait(staff, staff.getByRole('button', { name: '記録する' }));
  await staff.locator('#liaison-saved').waitFor();
  ids.meeting = new URL(staff.url()).pathname.split('/')[2];
  const attendees = await staff.locator('#liaison-attendee-list').innerText();
  assert.match(attendees, /田中 一郎（自治会長）/);
  assert.match(attendees, /隣の 山田（近隣住民）/);
  const concerns = await staff.locator('#liaison-concern-list').innerText();
  assert.match(concerns, /同意 愛子さん（本人同意）：通院の送迎/);
  assert.match(concerns, /最近見かけない、買い物に困っている様子/);
  assert.equal(concerns.includes('未同意'), false);
  assert.equal(await staff.locator('.liaison-named').count(), 1);
  assert.deepEqual(UnexpectedProblems(), []);
});

test('what the meeting shared stays within its attendees: the 民生委員 who did not attend gets 404', async () => {
  await SignIn(volunteer, 'demo-volunteer');
  await volunteer.goto(`${baseUrl}/mutual-aid-liaisons/${ids.body}`);
  assert.equal(await volunteer.locator('#liaison-meetings li').count(), 0);
  const page = await volunteer.goto(`${baseUrl}/mutual-aid-liaison-meetings/${ids.meeting}`);
  assert.equal(page.status(), 404);
  assert.equal((await volunteer.locator('body').innerText()).includes('同意 愛子'), false);
  UnexpectedProblems(404);
});
