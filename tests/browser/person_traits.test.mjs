// SPDX-License-Identifier: Apache-2.0
// Issue 17, item 3 in the browser: the 課題と特性 of a person. The caseworker opens the person's 「課題と特性」 tab,
// checks ひきこもり with the mouse and 8050 with the keyboard (Tab to it, Space), and saves; the page says so and keeps
// them checked. A refused submit (a code not in the list, as a tampered form would send) shows the error in Japanese
// beside the list and keeps what was checked. The 年度集計 of 平成21年度 (2009, a year nothing else writes) shows
// 「課題と特性別（N=実人数）」 with N, the person under both traits, a second person under 未記入, and its bar chart.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import {
  ApiPost, CompactText, NewWatchedPage, SignIn, StartKasane, StopKasane, UnexpectedProblems, baseUrl,
} from './support.mjs';

let staff;
const ids = {};

before(async () => {
  await StartKasane('kasane-browser-person-traits-');
  staff = await NewWatchedPage('staff');
});

after(StopKasane);

async function Person(page, family, given, familyKana, givenKana) {
  return (await ApiPost(page, '/api/v1/persons', {
    family_name: family, given_name: given, family_name_kana: familyKana, given_name_kana: givenKana,
    birth_date: '1965-06-06', sex: 'male',
  })).id;
}

async function Consultation(page, person, occurredAt) {
  return (await ApiPost(page, '/api/v1/consultations', {
    person_id: person, chief_complaint: '課題と特性の確認', categories: [{ code: 'poverty', most_pressing: true }],
    first_contact: { occurred_at: occurredAt, channel: 'phone', source: 'self', summary: '電話。', summary_tag: 'fact' },
  })).id;
}

test('the caseworker records two traits through the form', async () => {
  await SignIn(staff, 'demo-caseworker');
  await staff.goto(`${baseUrl}/`);
  ids.person = await Person(staff, '特性', '太郎', 'トクセイ', 'タロウ');
  ids.other = await Person(staff, '未記', '次郎', 'ミキ', 'ジロウ');
  await staff.goto(`${baseUrl}/persons/${ids.person}`);
  await Promise.all([staff.waitForURL(`${baseUrl}/persons/${ids.person}/traits`),
    staff.getByRole('link', { name: '課題と特性', exact: true }).click()]);
  await staff.waitForLoadState('load');
  const form = staff.locator('#traits-form');
  assert.equal(await form.locator('input[type="checkbox"]:checked').count(), 0);
  await staff.getByLabel('ひきこもり', { exact: true }).check();
  // The keyboard: from ひきこもり, Tab reaches 8050 and Space checks it.
  await staff.getByLabel('ひきこもり', { exact: true }).focus();
  await staff.keyboard.press('Tab');
  assert.equal(await staff.evaluate(() => document.activeElement.id), 'trait_eighty_fifty');
  await staff.keyboard.press('Space');
  await Promise.all([staff.waitForURL(/\/traits\?saved=1$/), staff.getByRole('button', { name: '保存する' }).click()]);
  await staff.waitForLoadState('load');
  assert.ok((await CompactText(staff)).includes('課題と特性を保存しました'));
  assert.ok(await staff.locator('#trait_withdrawal').isChecked());
  assert.ok(await staff.locator('#trait_eighty_fifty').isChecked());
  assert.equal(await form.locator('input[type="checkbox"]:checked').count(), 2);
  assert.ok((await staff.locator('#traits-updated').innerText()).includes('最終更新'));
  assert.deepEqual(UnexpectedProblems(), []);
});

test('a refused submit shows the error in Japanese and keeps what was checked', async () => {
  await staff.getByLabel('経済的困窮', { exact: true }).check();
  // A code not in the list, as a tampered or outdated form would send it.
  await staff.evaluate(() => {
    const box = document.getElementById('trait_other');
    box.name = 'trait_aliens';
    box.checked = true;
  });
  const [response] = await Promise.all([staff.waitForResponse((r) => r.request().method() === 'POST'),
    staff.getByRole('button', { name: '保存する' }).click()]);
  assert.equal(response.status(), 400);
  await staff.waitForLoadState('load');
  const text = await CompactText(staff);
  assert.ok(text.includes('入力内容を確かめてください'), text);
  assert.ok(text.includes('一覧にありません'), text);
  assert.equal(await staff.locator('#traits[aria-invalid="true"]').count(), 1);
  for (const id of ['trait_withdrawal', 'trait_eighty_fifty', 'trait_poverty']) {
    assert.ok(await staff.locator(`#${id}`).isChecked(), id);
  }
  // Nothing of it was saved.
  await staff.goto(`${baseUrl}/persons/${ids.person}/traits`);
  assert.equal(await staff.locator('#traits-form input[type="checkbox"]:checked').count(), 2);
  assert.ok(!(await staff.locator('#trait_poverty').isChecked()));
  assert.deepEqual(UnexpectedProblems(400), []);
});

test('the 年度集計 shows 課題と特性別 with N = 実人数 beside its chart', async () => {
  await Consultation(staff, ids.person, '2009-03-31T15:00:00Z');  // 2009-04-01 00:00 JST: 平成21年度
  await Consultation(staff, ids.other, '2009-10-01T01:00:00Z');
  await Consultation(staff, ids.other, '2009-03-31T14:59:00Z');  // 平成20年度: not counted in 平成21年度
  await staff.goto(`${baseUrl}/reports/fiscal-year?year=2009`);
  const section = staff.locator('#report-by-trait');
  assert.equal(await section.locator('h2').innerText(), '課題と特性別（N=実人数）');
  assert.equal(await staff.locator('#total-persons').innerText().then((t) => t.replace(/\D/g, '')), '2');
  assert.equal(await staff.locator('#report-by-trait-n').innerText(), '2');
  const cell = async (code) => (await section.locator(`tr[data-trait="${code}"] td`).first().innerText()).trim();
  assert.equal(await cell('withdrawal'), '1');
  assert.equal(await cell('eighty_fifty'), '1');
  assert.equal(await cell('none'), '1');
  assert.equal(await cell('poverty'), '0');
  assert.ok((await CompactText(staff)).includes('合計は実人数を超えます'));
  assert.equal(await section.locator('svg#report-chart-trait').count(), 1);
  assert.equal(await section.locator('table').count(), 1);
  // The cell's records: the person's contact.
  await Promise.all([staff.waitForURL(/cell=trait%3Aeighty_fifty%3Apersons/),
    section.locator('tr[data-trait="eighty_fifty"] td a').click()]);
  assert.equal(await staff.locator('#explain-figure').innerText(), '1');
  assert.equal(await staff.locator('#explain-listed-figure').innerText(), '1');
  assert.ok((await CompactText(staff)).includes('特性太郎'));
  assert.deepEqual(UnexpectedProblems(), []);
});
