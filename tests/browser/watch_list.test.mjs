// SPDX-License-Identifier: Apache-2.0
// Issue 15, item 3 in the browser: the 見守り list. The town's caseworker adds two persons, one at a time with the
// basis recorded (one from the 避難行動要支援者名簿 with the consent to its provision, one by the person's own
// consent), in two 民生委員区; the demo's 民生委員 (民生委員 第1区) sees her district only — the other person is
// nowhere on her page —, sees the overdue contact and records today's; she cannot open another district's entry.

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
  await StartKasane('kasane-browser-watch-list-');
  staff = await NewWatchedPage('staff');
  volunteer = await NewWatchedPage('volunteer');
});

after(StopKasane);

test('the town adds two persons, one at a time with the basis, in two districts', async () => {
  await SignIn(staff, 'demo-caseworker');
  const areas = (await (await staff.request.get(`${baseUrl}/api/v1/areas`)).json()).items;
  const area = (name) => areas.find((a) => a.name === name).id;
  await SignIn(volunteer, 'demo-volunteer');
  const standing = await (await volunteer.request.get(`${baseUrl}/api/v1/commissioner-activity/standing`)).json();
  const volunteerId = standing.self.user_id;
  const person = async (family, given) => (await ApiPost(staff, '/api/v1/persons', {
    family_name: family, given_name: given, family_name_kana: 'ミマモリ', given_name_kana: 'テスト',
    unknown_reasons: { phone: 'refused' },
  }, 201)).id;
  ids.first = await person('見守', '第一区子');
  ids.second = await person('見守', '第二区男');
  // A whole roster cannot be sent: the basis is one person's, with its consent date.
  const refused = await staff.request.post(`${baseUrl}/api/v1/watch-list`, {
    headers: { 'X-CSRF-Token': await Csrf(staff) },
    data: { person_id: ids.first, neighborhood_area_id: area('東浜自治会'), district_area_id: area('民生委員 第1区'),
            reason: 'ひとり暮らし', basis: 'whole_roster', consent_on: JapanDate(-20), frequency_days: 7,
            watchers: [{ user_id: volunteerId, role: '民生委員' }] },
  });
  assert.equal(refused.status(), 400);
  assert.equal((await refused.json()).error.field, 'basis');
  await ApiPost(staff, '/api/v1/watch-list', {
    person_id: ids.first, neighborhood_area_id: area('東浜自治会'), district_area_id: area('民生委員 第1区'),
    reason: 'ひとり暮らし、足が悪い', basis: 'evacuation_roster', consent_on: JapanDate(-20), frequency_days: 7,
    watchers: [{ user_id: volunteerId, role: '民生委員' }, { name: '隣の山田さん', role: '近隣住民' }],
  }, 201);
  const other = await ApiPost(staff, '/api/v1/watch-list', {
    person_id: ids.second, neighborhood_area_id: area('西浜自治会'), district_area_id: area('民生委員 第2区'),
    reason: '認知症の疑い', basis: 'own_consent', consent_on: JapanDate(-3), frequency_days: 14,
    watchers: [{ name: '自治会長の田中さん', role: '自治会長' }],
  }, 201);
  ids.otherEntry = other.id;
  await staff.goto(`${baseUrl}/watch-list`);
  assert.match(await staff.locator('#watch-count').innerText(), /^2人/);
  assert.deepEqual(UnexpectedProblems(), []);
});

test('the 民生委員 sees her own district only, the overdue contact, and records today\'s', async () => {
  await volunteer.goto(`${baseUrl}/commissioner-activity`);
  await volunteer.locator('#watch-list-link').click();
  await volunteer.waitForURL(`${baseUrl}/watch-list`);
  assert.match(await volunteer.locator('#watch-title').innerText(), /民生委員 第1区/);
  const rows = volunteer.locator('#watch-list tbody tr');
  assert.equal(await rows.count(), 1);
  const text = await rows.first().innerText();
  assert.match(text, /見守 第一区子/);
  assert.match(text, /避難行動要支援者名簿（提供に同意）/);
  assert.match(text, /隣の山田さん（近隣住民）/);
  assert.match(text, /期限切れ/);  // consented 20 days ago, weekly, never contacted
  assert.equal((await volunteer.locator('body').innerText()).includes('第二区男'), false);
  assert.match(await volunteer.locator('#watch-count').innerText(), /1人（連絡の期限を過ぎた方 1人）/);

  await SubmitAndWait(volunteer, volunteer.getByRole('button', { name: '見守 第一区子さんに今日連絡した' }));
  await volunteer.locator('#contact-saved').waitFor();
  assert.equal(await volunteer.locator('#watch-list tbody tr .overdue').count(), 0);
  assert.match(await volunteer.locator('#watch-count').innerText(), /連絡の期限を過ぎた方 0人/);
  assert.deepEqual(UnexpectedProblems(), []);
});

test('another district\'s entry is not found for her, through the API as on the page', async () => {
  const response = await volunteer.request.post(`${baseUrl}/api/v1/watch-list/${ids.otherEntry}/contacts`, {
    headers: { 'X-CSRF-Token': await Csrf(volunteer) }, data: { on: JapanDate(0) },
  });
  assert.equal(response.status(), 404);
  const missing = await volunteer.request.post(`${baseUrl}/api/v1/watch-list/987654321/contacts`, {
    headers: { 'X-CSRF-Token': await Csrf(volunteer) }, data: { on: JapanDate(0) },
  });
  assert.equal(missing.status(), 404);
  assert.deepEqual(Object.keys((await response.json()).error).sort(), Object.keys((await missing.json()).error).sort());
  const list = await (await volunteer.request.get(`${baseUrl}/api/v1/watch-list`)).json();
  assert.equal(list.items.length, 1);
  assert.equal(list.basis, 'own_district');
  const page = await volunteer.goto(`${baseUrl}/watch-list?neighborhood=${list.items[0].neighborhood_area_id + 1}`);
  assert.equal(page.status(), 200);
  assert.equal(await volunteer.locator('#watch-list tbody tr').count(), 0);
  assert.deepEqual(UnexpectedProblems(), []);
});
