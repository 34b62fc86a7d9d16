// SPDX-License-Identifier: Apache-2.0
// Issue 16, item 3 in the browser (its Done-when): the 社協 coordinator finds a 受入先 for a withdrawn young man — a
// library volunteer post, then farm work — and tracks the trial, the start and the 3-month check. She records his
// 希望・制約 from his person page (a bad time refused with what she typed kept), proposes the library from the
// ranked suggestions, records the visit and ends it with a reason (a date before the match began refused beside the
// field), proposes the farm, records the trial, the start, the 1- and 3-month checks (the next due shown) and a
// 受入先支援 note; the host sheet holds only what he agreed to give; her list puts the due check first with the
// counts. The NPO's worker has no 参加支援 in her menu and the match reads as not found.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import {
  ApiPost, Csrf, NewWatchedPage, SignIn, StartKasane, StopKasane, SubmitAndWait, UnexpectedProblems, baseUrl,
} from './support.mjs';

let admin;
let coordinator;
let partner;
const ids = {};

before(async () => {
  await StartKasane('kasane-browser-participation-');
  admin = await NewWatchedPage('admin');
  coordinator = await NewWatchedPage('coordinator');
  partner = await NewWatchedPage('partner');
});

after(StopKasane);

// The id of what the API made.
async function Post(page, path, data) {
  return (await ApiPost(page, path, data)).id;
}

async function Step(page, to, on, reason = '') {
  await page.selectOption('#to', to);
  await page.fill('#on', on);
  await page.fill('#reason', reason);
  await SubmitAndWait(page, page.locator('#step-form').getByRole('button', { name: '記録する' }));
}

test('the town administrator adds a 社協 coordinator; she puts a library post and farm work in the directory', async () => {
  await SignIn(admin, 'demo-town-admin');
  const organizations = await (await admin.request.get(`${baseUrl}/api/v1/organizations`)).json();
  const shakyo = organizations.items.find((organization) => organization.name === '栄浜町社会福祉協議会');
  await Post(admin, '/api/v1/staff', {
    organization_id: shakyo.id, username: 'shakyo-sanka', display_name: '社協 つなぐ', roles: ['caseworker'],
    password: 'kasane-staff-2024', starts_on: '2024-04-01',
  });

  await SignIn(coordinator, 'shakyo-sanka', 'kasane-staff-2024');
  const library = await Post(coordinator, '/api/v1/resource-organizations',
                             { name: '栄浜町立図書館', sector: 'public', cooperating_host: true });
  ids.libraryPost = await Post(coordinator, '/api/v1/resources', {
    organization_id: library, name: '図書館の本の整理ボランティア', kinds: ['volunteer'],
    description: '返却された本を棚に戻す、静かな作業', areas_served: ['東浜'], days: ['TH'],
    opens_at: '10:00', closes_at: '12:00',
  });
  const farm = await Post(coordinator, '/api/v1/resource-organizations',
                          { name: 'みどり農園', sector: 'farm', cooperating_host: true });
  ids.farmWork = await Post(coordinator, '/api/v1/resources', {
    organization_id: farm, name: '農作業の手伝い', kinds: ['farm_experience'], areas_served: ['東浜'],
    days: ['TU', 'FR'], opens_at: '09:00', closes_at: '12:00',
  });
  ids.person = await Post(coordinator, '/api/v1/persons', {
    family_name: '浜田', given_name: '静', family_name_kana: 'ハマダ', given_name_kana: 'シズカ',
    birth_date: '2002-05-05', sex: 'male', unknown_reasons: { phone: 'refused' },
  });
  assert.deepEqual(UnexpectedProblems(), []);
});

test('she records his 希望・制約 from his person page; a bad time is refused with what she typed kept', async () => {
  await coordinator.goto(`${baseUrl}/persons/${ids.person}`);
  await coordinator.locator('#person-participation').click();
  await coordinator.waitForURL(`${baseUrl}/persons/${ids.person}/participation`);
  await coordinator.check('#kind_volunteer');
  await coordinator.check('#kind_farm_experience');
  await coordinator.fill('#tags', '静か、本');
  await coordinator.fill('#free_text', '人の少ないところで、本か土に触れたい');
  await coordinator.fill('#areas', '東浜');
  for (const day of ['TU', 'TH', 'FR']) await coordinator.check(`#day_${day}`);
  await coordinator.fill('#earliest', '25:00');
  await coordinator.fill('#latest', '13:00');
  await coordinator.selectOption('#transport', 'bicycle');
  await coordinator.fill('#host_share', '呼び名は「しずかさん」。最初は短い時間から。');
  await SubmitAndWait(coordinator, coordinator.getByRole('button', { name: '希望・制約を保存する' }));
  await coordinator.locator('#form-errors').waitFor();
  assert.match(await coordinator.locator('#form-errors').innerText(), /10:00 の形/);
  assert.equal(await coordinator.inputValue('#tags'), '静か、本');
  assert.equal(await coordinator.inputValue('#earliest'), '25:00');
  assert.ok(await coordinator.isChecked('#kind_farm_experience'));
  assert.deepEqual(UnexpectedProblems(400), []);

  await coordinator.fill('#earliest', '09:00');
  await SubmitAndWait(coordinator, coordinator.getByRole('button', { name: '希望・制約を保存する' }));
  await coordinator.locator('#participation-saved').waitFor();
  // Both are suggested, the library first (its kind, area, day, hours and 「静か」「本」).
  const rows = coordinator.locator('#participation-suggestions tbody tr');
  assert.equal(await rows.nth(0).getAttribute('data-service'), String(ids.libraryPost));
  assert.match(await rows.nth(0).innerText(), /図書館の本の整理ボランティア[\s\S]*希望の種類（ボランティア）/);
  assert.ok(await coordinator.locator(`#participation-suggestions tr[data-service="${ids.farmWork}"]`).count());
  assert.deepEqual(UnexpectedProblems(), []);
});

test('the library: proposed, visited, ended with a reason (a date before the match began refused)', async () => {
  await coordinator.selectOption('#service_id', String(ids.libraryPost));
  await coordinator.fill('#propose_on', '2024-05-01');
  await SubmitAndWait(coordinator, coordinator.locator('#propose-form').getByRole('button', { name: '提案する' }));
  await coordinator.locator('#match-facts').waitFor();
  ids.libraryMatch = Number(new URL(coordinator.url()).pathname.split('/').pop());
  assert.equal((await coordinator.locator('#match-stage').innerText()).trim(), '提案');

  await Step(coordinator, 'trial', '2024-04-20', '木曜の午前に見学');
  await coordinator.locator('#form-errors').waitFor();
  assert.match(await coordinator.locator('#form-errors').innerText(), /マッチを始めた日より前の日付です/);
  assert.equal(await coordinator.inputValue('#on'), '2024-04-20');
  assert.equal(await coordinator.inputValue('#reason'), '木曜の午前に見学');
  assert.deepEqual(UnexpectedProblems(400), []);

  await Step(coordinator, 'trial', '2024-05-09', '木曜の午前に見学');
  assert.equal((await coordinator.locator('#match-stage').innerText()).trim(), '見学・体験');
  await Step(coordinator, 'ended', '2024-05-16', '');
  assert.match(await coordinator.locator('#form-errors').innerText(), /終了の理由/);
  assert.deepEqual(UnexpectedProblems(400), []);
  await Step(coordinator, 'ended', '2024-05-16', '閲覧室の人の出入りが多く、疲れてしまう');
  assert.equal((await coordinator.locator('#match-stage').innerText()).trim(), '終了');
  assert.equal(await coordinator.locator('#step-form').count(), 0);
  assert.deepEqual(UnexpectedProblems(), []);
});

test('the farm: the trial, the start, the 1- and 3-month checks with the next one due, a 受入先支援 note', async () => {
  await coordinator.goto(`${baseUrl}/persons/${ids.person}/participation`);
  await coordinator.selectOption('#service_id', String(ids.farmWork));
  await coordinator.fill('#propose_on', '2024-05-20');
  await SubmitAndWait(coordinator, coordinator.locator('#propose-form').getByRole('button', { name: '提案する' }));
  await coordinator.locator('#match-facts').waitFor();
  ids.farmMatch = Number(new URL(coordinator.url()).pathname.split('/').pop());

  await Step(coordinator, 'trial', '2024-05-24', '金曜に体験');
  await Step(coordinator, 'started', '2024-06-06', '週2回から');
  assert.match(await coordinator.locator('#match-next-check').innerText(), /定着確認（1か月）.*令和6年7月6日/);
  assert.match(await coordinator.locator('#match-checks').innerText(), /定着確認（3か月）：令和6年9月6日/);
  await Step(coordinator, 'check_1', '2024-07-08', '週2回、続いている');
  await Step(coordinator, 'check_3', '2024-09-06', '農園の方とも話せるようになった');
  assert.equal((await coordinator.locator('#match-stage').innerText()).trim(), '定着確認（3か月）');
  assert.match(await coordinator.locator('#match-next-check').innerText(), /定着確認（6か月）.*令和6年12月6日/);
  assert.match(await coordinator.locator('#match-history').innerText(), /見学・体験[\s\S]*開始[\s\S]*定着確認（3か月）/);

  await coordinator.fill('#note_on', '2024-06-10');
  await coordinator.fill('#note', '農園を訪ね、作業の指示は一つずつ伝えるよう相談した');
  await SubmitAndWait(coordinator, coordinator.getByRole('button', { name: '受入先支援を記録する' }));
  assert.match(await coordinator.locator('#host-support').innerText(), /作業の指示は一つずつ/);

  // The host sheet: only what he agreed to give the farm.
  await coordinator.locator('#host-sheet-link').click();
  await coordinator.locator('#host-sheet').waitFor();
  const sheet = await coordinator.locator('#host-sheet').innerText();
  assert.match(sheet, /呼び名は「しずかさん」/);
  assert.doesNotMatch(sheet, /浜田/);
  assert.doesNotMatch(sheet, /本か土に触れたい/);
  assert.deepEqual(UnexpectedProblems(), []);
});

test('her list (from the menu) puts the due check first, with the counts', async () => {
  await coordinator.goto(`${baseUrl}/`);
  await coordinator.locator('.site-nav__link', { hasText: '参加支援' }).click();
  await coordinator.waitForURL(`${baseUrl}/participation`);
  const rows = coordinator.locator('#participation-list tbody tr');
  assert.equal(await rows.nth(0).getAttribute('data-match'), String(ids.farmMatch));
  assert.match(await rows.nth(0).innerText(), /確認の時期です/);
  assert.equal(await rows.nth(1).getAttribute('data-match'), String(ids.libraryMatch));
  assert.match(await coordinator.locator('#count-persons').innerText(), /1人/);
  assert.match(await coordinator.locator('#count-retention').innerText(), /開始 1件のうち.*1件/);
  await coordinator.screenshot({ path: `${process.env.KASANE_SCREENSHOT_DIR || '.'}/kasane-participation.png` });
  assert.deepEqual(UnexpectedProblems(), []);
});

test("the NPO's worker has no 参加支援 and the match reads as not found", async () => {
  await SignIn(partner, 'demo-npo');
  assert.equal(await partner.locator('.site-nav__link', { hasText: '参加支援' }).count(), 0);
  const response = await partner.goto(`${baseUrl}/participation/matches/${ids.farmMatch}`);
  assert.equal(response.status(), 404);
  assert.deepEqual(UnexpectedProblems(404), []);
});
