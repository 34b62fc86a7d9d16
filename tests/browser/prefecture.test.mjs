// SPDX-License-Identifier: Apache-2.0
// Issue 17, item 6 in the browser: 県の集計. The operator designates the demo town as 鳥取県's office and adds four
// towns; two of them record one and two persons. The prefecture analyst sees the five towns side by side and in total
// with 「χ」 where a figure is small (and where a second one must hide with it), 「-」 for none and 「…」 for a town
// not collected, and cannot work a hidden figure out from the 総計; the CSV holds χ, never the hidden figure. A floor
// below 3 is refused in Japanese with what was typed kept. A caseworker has no such page.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { Download, NewWatchedPage, SignIn, StartKasane, StopKasane, SubmitAndWait, UnexpectedProblems, baseUrl, browser } from './support.mjs';

// The current 年度 in Japan, and a day of it before today (April 1st, or the 1st of this month).
const now = new Date(Date.now() + 9 * 3600_000);
const fiscalYear = now.getUTCMonth() >= 3 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
const contactDay = `${fiscalYear}-04-01T01:00:00Z`;

let analyst;

// A JSON API call in a browser context of its own (its cookie jar), with the CSRF token once signed in.
async function Api(context, method, path, body, csrf) {
  const response = await context.request.fetch(`${baseUrl}${path}`, {
    method,
    headers: csrf ? { 'X-CSRF-Token': csrf } : {},
    data: body,
  });
  const text = await response.text();
  assert.ok(response.status() < 300, `${method} ${path}: ${response.status()} ${text}`);
  return JSON.parse(text);
}

async function SignedIn(username, password = 'kasane-demo') {
  const context = await browser.newContext();
  const session = await Api(context, 'POST', '/api/v1/sessions', { username, password });
  return { context, csrf: session.csrf_token };
}

// A town added by the operator; `persons` persons each with one consultation recorded by a caseworker of the town.
async function AddTown(operator, code, name, population, persons) {
  const town = await Api(operator.context, 'POST', '/api/v1/operator/municipalities', {
    code, name, prefecture_name: '鳥取県', organization_name: '福祉課',
    figures: population ? [{ fiscal_year: fiscalYear, population, households: Math.round(population / 2.5), aging_rate: 40.0 }] : [],
    admin_username: `${code}-admin`, admin_display_name: `${name} 管理者`, admin_password: 'correct horse battery',
  }, operator.csrf);
  if (persons === 0) return;
  const admin = await SignedIn(`${code}-admin`, 'correct horse battery');
  await Api(admin.context, 'POST', '/api/v1/users', {
    organization_id: town.organization.id, username: `${code}-worker`, display_name: `${name} 相談員`,
    roles: ['caseworker'], password: 'a-long-password-1',
  }, admin.csrf);
  const worker = await SignedIn(`${code}-worker`, 'a-long-password-1');
  for (let i = 0; i < persons; ++i) {
    const person = await Api(worker.context, 'POST', '/api/v1/persons', {
      family_name: '試験', given_name: `花子${'一二三'[i]}`, family_name_kana: 'シケン', given_name_kana: 'ハナコ',
      birth_date: '1950-06-01', sex: 'female',
      address: { prefecture: '鳥取県', municipality: name, town: '本町', block: `${i + 1}` },
      unknown_reasons: { phone: 'refused' },
    }, worker.csrf);
    await Api(worker.context, 'POST', '/api/v1/consultations', {
      person_id: person.id, chief_complaint: '買い物に困っている。',
      categories: [{ code: 'hikikomori', most_pressing: true }],
      first_contact: { occurred_at: contactDay, channel: 'phone', source: 'self', summary: '本人から電話。', summary_tag: 'fact' },
    }, worker.csrf);
  }
  await admin.context.close();
  await worker.context.close();
}

before(async () => {
  await StartKasane('kasane-browser-prefecture-');
  const operator = await SignedIn('demo-admin');
  await Api(operator.context, 'PUT', '/api/v1/operator/prefecture-offices',
            { prefecture_code: '31', municipality_code: '319996' }, operator.csrf);
  await AddTown(operator, '313025', '岩美町', 10500, 1);
  await AddTown(operator, '313254', '若桜町', 2900, 2);
  await AddTown(operator, '313289', '智頭町', 6400, 0);
  await AddTown(operator, '313297', '八頭町', 0, 0);
  await operator.context.close();
  analyst = await NewWatchedPage('analyst');
});

after(StopKasane);

test('a caseworker has no 県の集計', async () => {
  const caseworker = await NewWatchedPage('caseworker');
  await SignIn(caseworker, 'demo-caseworker');
  assert.equal(await caseworker.getByRole('link', { name: '県の集計' }).count(), 0);
  const response = await caseworker.goto(`${baseUrl}/prefecture`);
  assert.equal(response.status(), 404);
  await caseworker.context().close();
  assert.deepEqual(UnexpectedProblems(404), []);
});

// The persons column (実人数) of a row as shown.
async function Persons(row) {
  return (await analyst.locator(`#row-${row} td[data-measure="persons"]`).innerText()).trim();
}

test('the analyst sees five towns and the 総計 with χ where needed, and cannot recover one', async () => {
  await SignIn(analyst, 'demo-analyst');
  await analyst.getByRole('link', { name: '県の集計' }).click();
  await analyst.waitForURL(`${baseUrl}/prefecture`);
  await analyst.locator('#rollup-table').waitFor();
  const rows = await analyst.locator('#rollup-table tbody tr').count();
  assert.equal(rows, 5);
  assert.equal(await Persons('313025'), 'χ');  // one person
  assert.equal(await Persons('313254'), 'χ');  // two persons
  assert.equal(await Persons('313289'), '-');  // none
  assert.equal(await Persons('313297'), '…');  // no figures, nothing recorded: not collected
  // The 総計 counts every town's figure, hidden ones too; whatever is hidden, there are at least two of them, so
  // the 総計 minus the shown figures is a sum of at least two unknowns each of at least 1, and never pins one down.
  const total = await Persons('total');
  const shown = [];
  let hidden = 0;
  for (const code of ['319996', '313025', '313254', '313289', '313297']) {
    const text = await Persons(code);
    if (text === 'χ') hidden += 1;
    else if (/^\d+$/.test(text)) shown.push(Number(text));
  }
  assert.ok(hidden >= 2, `hidden: ${hidden}`);
  if (/^\d+$/.test(total)) {
    const rest = Number(total) - shown.reduce((a, b) => a + b, 0);
    assert.ok(rest > hidden, `the hidden figures add up to ${rest} over ${hidden} cells: each would be 1`);
    assert.ok(rest >= 3, `rest ${rest}`);  // 1 + 2 at least
  }
  // The marks are explained on the page.
  assert.match(await analyst.locator('#suppression-note').innerText(), /「χ」は秘匿した数/);
  assert.deepEqual(UnexpectedProblems(), []);
});

test('the CSV holds χ, never the hidden figure', async () => {
  const bytes = await Download(analyst, 'CSVで出力');
  const text = bytes.toString('utf8');
  const lines = text.split(/\r?\n/);
  const iwami = lines.find((line) => line.startsWith('岩美町,'));
  const wakasa = lines.find((line) => line.startsWith('若桜町,'));
  assert.ok(iwami && wakasa, text);
  assert.equal(iwami.split(',')[2], 'χ');
  assert.equal(wakasa.split(',')[2], 'χ');
  assert.ok(!iwami.split(',').includes('1'), iwami);
  assert.deepEqual(UnexpectedProblems(), []);
});

test('a floor below 3 is refused in Japanese with what was typed kept; 10 is saved', async () => {
  await analyst.goto(`${baseUrl}/prefecture`);
  await analyst.locator('#floor').fill('2');
  const refused = await SubmitAndWait(analyst, analyst.getByRole('button', { name: '基準と圏域を保存する' }));
  assert.equal(refused.status(), 400);
  assert.match(await analyst.locator('#floor-error').innerText(), /3以上100以下/);
  assert.equal(await analyst.locator('#floor').inputValue(), '2');
  await analyst.locator('#floor').fill('10');
  await SubmitAndWait(analyst, analyst.getByRole('button', { name: '基準と圏域を保存する' }));
  await analyst.locator('#settings-saved').waitFor();
  assert.equal(await analyst.locator('#floor').inputValue(), '10');
  assert.deepEqual(UnexpectedProblems(400), []);
});

test('each town\'s 事業実施状況: a 年度 that is no number is refused with what was typed kept; then saved', async () => {
  await analyst.goto(`${baseUrl}/prefecture`);
  await analyst.getByLabel('若桜町の事業').selectOption('transition');
  await analyst.getByLabel('若桜町の開始年度').fill('令和五');
  const refused = await SubmitAndWait(analyst, analyst.getByRole('button', { name: '事業実施状況を保存する' }));
  assert.equal(refused.status(), 400);
  assert.match(await analyst.locator('#programs-error').innerText(), /若桜町の開始年度を西暦の数字で入力してください/);
  assert.equal(await analyst.getByLabel('若桜町の開始年度').inputValue(), '令和五');
  await analyst.getByLabel('若桜町の開始年度').fill('2024');
  await SubmitAndWait(analyst, analyst.getByRole('button', { name: '事業実施状況を保存する' }));
  await analyst.locator('#programs-saved').waitFor();
  assert.match(await analyst.locator('#program-313254').innerText(), /移行準備事業（2024年度から）/);
  assert.deepEqual(UnexpectedProblems(400), []);
});
