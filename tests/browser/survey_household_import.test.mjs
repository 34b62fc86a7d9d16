// SPDX-License-Identifier: Apache-2.0
// Issue 15, item 2 in the browser: a campaign's household list imported from a file (世帯名簿の取り込み). The town's
// caseworker starts a campaign, opens 東浜自治会's visit list and follows 「名簿をファイルから取り込む」; a Shift_JIS
// list with an error row is refused row by row (nothing written); the fixed list — rows naming their 自治会, or none
// (they go to 東浜) — is confirmed and imported, shows on the visit lists, and the same file again adds nothing. The
// 地域包括 visitor assigned to 東浜 is not offered the import and is refused it; once the person at 東浜10-1 comes under
// DV等支援措置, she sees that household's placeholder instead of its address and 世帯主 (the caseworker still reads it).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';

import { JapanDate, NewWatchedPage, SignIn, StartKasane, StopKasane, SubmitAndWait, UnexpectedProblems, baseUrl } from './support.mjs';

let staff;
const ids = {};

before(async () => {
  await StartKasane('kasane-browser-survey-household-import-');
  staff = await NewWatchedPage('staff');
});

after(StopKasane);

const slashDate = (days) => JapanDate(days).replaceAll('-', '/');

// As a town's 住民 system exports it: Shift_JIS (Windows-31J), CRLF.
function ListCsv(broken) {
  const lines = ['住所,世帯主,自治会,世帯人数'];
  lines.push('東浜10-1,名簿 一郎,東浜自治会,3');
  lines.push(broken ? ',名簿 次郎,東浜自治会,2' : '東浜10-2,名簿 次郎,,2');
  lines.push('西浜20-1,名簿 三郎,西浜自治会,1');
  return execFileSync('iconv', ['-f', 'UTF-8', '-t', 'CP932'], { input: lines.join('\r\n') + '\r\n' });
}

async function Upload(buffer) {
  await staff.goto(`${baseUrl}/surveys/${ids.campaign}/areas/${ids.east}`);
  await staff.getByRole('link', { name: '名簿をファイルから取り込む' }).click();
  await staff.locator('#household-import-form').waitFor();
  assert.equal(await staff.getByLabel('自治会の列がない行の自治会').inputValue(), ids.east);
  await staff.getByLabel('ファイル', { exact: true }).setInputFiles({ name: '世帯名簿.csv', mimeType: 'text/csv', buffer });
  await Promise.all([staff.waitForURL(/\/households\/import\?upload=\d+&area=\d+$/),
                     staff.getByRole('button', { name: '読み込んで確認する' }).click()]);
  await staff.waitForLoadState('load');
}

test('the caseworker starts a campaign and assigns 東浜 to 地域包括', async () => {
  await SignIn(staff, 'demo-caseworker');
  await staff.goto(`${baseUrl}/surveys`);
  await staff.getByLabel('調査の名前').fill('名簿取込テスト');
  await staff.getByLabel('開始日').fill(slashDate(-30));
  await staff.getByLabel('終了日').fill(slashDate(30));
  await SubmitAndWait(staff, staff.getByRole('button', { name: '調査を始める' }));
  ids.campaign = new URL(staff.url()).pathname.split('/')[2];
  for (const [area, body] of [['東浜自治会', '栄浜町地域包括支援センター'], ['西浜自治会', 'NPO法人 ひだまりの家（ひきこもり支援）']]) {
    await staff.locator('#area_id').selectOption({ label: area });
    await staff.locator('#body').selectOption({ label: body });
    await SubmitAndWait(staff, staff.getByRole('button', { name: '割り当てる' }));
    await staff.locator('#assigned').waitFor();
  }
  await staff.getByRole('link', { name: '東浜自治会' }).click();
  await staff.locator('#area-title').waitFor();
  ids.east = new URL(staff.url()).pathname.split('/')[4];
  assert.deepEqual(UnexpectedProblems(), []);
});

test('a list with an error row is shown row by row and nothing is written', async () => {
  await Upload(ListCsv(true));
  const summary = staff.locator('section[aria-labelledby="household-import-summary"]');
  assert.match(await summary.innerText(), /Shift_JIS/);
  assert.equal(await staff.locator('#import-errors').innerText(), '1');
  assert.match(await staff.locator('#import-row-errors').innerText(), /3行目：住所を入力してください/);
  assert.equal(await staff.getByRole('button', { name: 'この内容で取り込む' }).count(), 0);
  await staff.goto(`${baseUrl}/surveys/${ids.campaign}/areas/${ids.east}`);
  assert.equal(await staff.locator('#survey-households tbody tr').count(), 0);
  assert.deepEqual(UnexpectedProblems(), []);
});

test('the fixed list is confirmed and imported; the same file again adds nothing', async () => {
  await Upload(ListCsv(false));
  assert.equal(await staff.locator('#import-errors').innerText(), '0');
  assert.equal(await staff.locator('#import-create').innerText(), '3');
  const rows = staff.locator('#household-import-rows tbody tr');
  assert.match(await rows.nth(1).innerText(), /東浜自治会[\s\S]*東浜10-2[\s\S]*名簿 次郎[\s\S]*追加/);
  await SubmitAndWait(staff, staff.getByRole('button', { name: 'この内容で取り込む' }));
  await staff.locator('#imported').waitFor();
  assert.match(await staff.locator('#imported').innerText(), /3世帯を追加/);
  const east = staff.locator('#survey-areas tbody tr').filter({ hasText: '東浜自治会' });
  assert.match(await east.locator('.progress').innerText(), /0 \/ 2/);
  const west = staff.locator('#survey-areas tbody tr').filter({ hasText: '西浜自治会' });
  assert.match(await west.locator('.progress').innerText(), /0 \/ 1/);

  await Upload(ListCsv(false));
  assert.equal(await staff.locator('#import-create').innerText(), '0');
  assert.equal(await staff.locator('#import-existing').innerText(), '3');
  await SubmitAndWait(staff, staff.getByRole('button', { name: 'この内容で取り込む' }));
  await staff.locator('#imported').waitFor();
  assert.match(await staff.locator('#survey-areas tbody tr').filter({ hasText: '東浜自治会' }).locator('.progress').innerText(), /0 \/ 2/);
  await staff.goto(`${baseUrl}/surveys/${ids.campaign}/areas/${ids.east}`);
  assert.match(await staff.locator('#survey-households').innerText(), /東浜10-1[\s\S]*名簿 一郎[\s\S]*東浜10-2[\s\S]*名簿 次郎/);
  assert.deepEqual(UnexpectedProblems(), []);
});

test('the 地域包括 visitor is not offered the import and is refused it; a DV-protected household shows its placeholder', async () => {
  // The person at 東浜10-1 comes under DV等支援措置 (through the API, as the caseworker).
  await staff.goto(`${baseUrl}/surveys/${ids.campaign}`);
  const headers = { 'X-CSRF-Token': await staff.locator('meta[name="csrf-token"]').getAttribute('content') };
  const person = await staff.request.post(`${baseUrl}/api/v1/persons`, { headers, data: {
    family_name: '名簿', given_name: '一郎', family_name_kana: 'メイボ', given_name_kana: 'イチロウ', birth_date: '1950-01-01',
    sex: 'male', address: { prefecture: '鳥取県', municipality: '東伯郡栄浜町', town: '東浜', block: '10-1' } } });
  assert.equal(person.status(), 201, await person.text());
  const protectedPerson = await staff.request.post(`${baseUrl}/api/v1/persons/${(await person.json()).id}/dv-protection`,
                                                   { headers, data: { protected: true } });
  assert.equal(protectedPerson.status(), 200, await protectedPerson.text());
  // The caseworker who runs the survey still reads it.
  await staff.goto(`${baseUrl}/surveys/${ids.campaign}/areas/${ids.east}`);
  assert.match(await staff.locator('#survey-households').innerText(), /東浜10-1[\s\S]*名簿 一郎/);

  const visitor = await NewWatchedPage('visitor');
  await SignIn(visitor, 'demo-houkatsu');
  await visitor.goto(`${baseUrl}/surveys/${ids.campaign}/areas/${ids.east}`);
  await visitor.locator('#area-title').waitFor();
  assert.equal(await visitor.locator('#area-import-link').count(), 0);
  const list = await visitor.locator('#survey-households').innerText();
  assert.match(list, /（支援措置のため住所は表示しません）[\s\S]*訪問の前に町の担当課に確かめてください[\s\S]*（表示しません）/);
  assert.doesNotMatch(list, /東浜10-1|名簿 一郎/);
  assert.match(list, /東浜10-2[\s\S]*名簿 次郎/);
  const refused = await visitor.goto(`${baseUrl}/surveys/${ids.campaign}/households/import`);
  assert.equal(refused.status(), 403);
  await visitor.context().close();
  assert.deepEqual(UnexpectedProblems(403), []);
});
