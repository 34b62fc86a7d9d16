// SPDX-License-Identifier: Apache-2.0
// Issue 14, item 2 in the browser: the town administrator disables accounts on 「サインインの安全設定」. An account
// is disabled, never deleted (it stays listed as 無効 and cannot sign in); the administrator's own account is refused
// in Japanese at the top of the page, and nothing changes.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { JapanDate, NewWatchedPage, SignIn, StartKasane, StopKasane, SubmitAndWait, UnexpectedProblems, baseUrl } from './support.mjs';

let page;

before(async () => {
  await StartKasane('kasane-browser-admin-users-');
  page = await NewWatchedPage();
});

after(StopKasane);

function UserRow(username) {
  return page.locator('section[aria-labelledby="security-reset"] tbody tr').filter({ hasText: username });
}

test('an account is disabled, stays listed as 無効, and cannot sign in', async () => {
  await SignIn(page, 'demo-town-admin');
  await page.goto(`${baseUrl}/admin/security`);
  const row = UserRow('demo-analyst');
  assert.match(await row.innerText(), /有効/);
  await SubmitAndWait(page, row.getByRole('button', { name: 'demo-analyst を無効にする' }));
  await page.locator('#settings-saved').waitFor();
  assert.match(await UserRow('demo-analyst').innerText(), /無効/);
  assert.equal(await UserRow('demo-analyst').getByRole('button', { name: 'demo-analyst を無効にする' }).count(), 0);
  assert.deepEqual(UnexpectedProblems(), []);

  const analyst = await NewWatchedPage('analyst');
  await analyst.goto(`${baseUrl}/signin`);
  await analyst.getByLabel('ユーザー名').fill('demo-analyst');
  await analyst.getByLabel('パスワード').fill('kasane-demo');
  const refused = await SubmitAndWait(analyst, analyst.getByRole('button', { name: 'サインイン' }));
  assert.equal(refused.status(), 401);
  assert.match(new URL(analyst.url()).pathname, /\/signin/);
  await analyst.context().close();
  assert.deepEqual(UnexpectedProblems(401), []);
});

test("the administrator's own account is refused in Japanese, and nothing changes", async () => {
  await page.goto(`${baseUrl}/admin/security`);
  const response = await SubmitAndWait(page, UserRow('demo-town-admin').getByRole('button', { name: 'demo-town-admin を無効にする' }));
  assert.equal(response.status(), 400);
  assert.match(await page.locator('#form-errors').innerText(), /自分自身のアカウントは無効にできません/);
  assert.match(await UserRow('demo-town-admin').innerText(), /有効/);
  assert.deepEqual(UnexpectedProblems(400), []);
});

// 利用者の管理 (/admin/users): a staff member created with a first post, moved to another organisation on a date
// (one action: the old post ends the day before, the new one starts that day), locked out by failed sign-ins and
// unlocked.

function ListRow(username) {
  return page.locator('#users tbody tr').filter({ hasText: username });
}

test('利用者の管理: a new staff member with roles and a first post; errors beside the fields, nothing saved', async () => {
  await page.goto(`${baseUrl}/`);
  await page.getByRole('link', { name: '利用者', exact: true }).click();
  await page.waitForURL(`${baseUrl}/admin/users`);
  assert.equal(await page.locator('h1').innerText(), '利用者の管理');
  const before = await page.locator('#users tbody tr').count();

  // Nothing chosen: every error beside its field and in the summary; nothing saved.
  await page.getByLabel('氏名').fill('異動 はるか');
  await page.getByLabel('ユーザー名（半角英小文字・数字・. _ -、3〜64文字）').fill('staff-haruka');
  await page.getByLabel('職の開始日（例：令和7年4月1日、2025-04-01）').fill('令和7年2月30日');
  const refused = await SubmitAndWait(page, page.getByRole('button', { name: '職員を追加する' }));
  assert.equal(refused.status(), 400);
  const summary = await page.locator('#form-errors').innerText();
  assert.match(summary, /所属機関を選んでください/);
  assert.match(summary, /役割を1つ以上選んでください/);
  assert.match(summary, /存在しない日付/);
  assert.equal(await page.locator('#organization_id-error').innerText(), '所属機関を選んでください');
  assert.match(await page.locator('#starts_on-error').innerText(), /存在しない日付/);
  assert.equal(await page.getByLabel('氏名').inputValue(), '異動 はるか');
  assert.equal(await page.locator('#users tbody tr').count(), before);
  assert.deepEqual(UnexpectedProblems(400), []);

  await page.getByLabel('最初のパスワード').fill('haruka-first-password');
  await page.getByLabel('所属機関').selectOption({ label: '福祉課' });
  await page.getByLabel('相談支援員').check();
  await page.getByLabel('職の開始日（例：令和7年4月1日、2025-04-01）').fill(JapanDate(-30));
  await SubmitAndWait(page, page.getByRole('button', { name: '職員を追加する' }));
  await page.waitForURL(/\/admin\/users\/\d+\?saved=created$/);
  assert.match(await page.locator('#user-saved').innerText(), /利用者を作成しました/);
  assert.match(await page.locator('#posts').innerText(), /福祉課[\s\S]*相談支援員[\s\S]*有効/);
  assert.deepEqual(UnexpectedProblems(), []);
});

test('利用者の管理: a move on a date ends the old post the day before and starts the new one', async () => {
  // A move date not after the post's first day is refused beside the field; nothing changes.
  await page.getByLabel('異動先の機関').selectOption({ label: '栄浜町地域包括支援センター' });
  await page.getByLabel('異動日（新しい職の初日。例：令和8年4月1日）').fill(JapanDate(-40));
  const refused = await SubmitAndWait(page, page.getByRole('button', { name: '異動を登録する' }));
  assert.equal(refused.status(), 400);
  assert.match(await page.locator('#moves_on-error').innerText(), /異動日は今の所属の開始日/);
  assert.equal(await page.locator('#posts tbody tr').count(), 1);
  assert.deepEqual(UnexpectedProblems(400), []);

  await page.getByLabel('異動先の機関').selectOption({ label: '栄浜町地域包括支援センター' });
  await page.getByLabel('異動日（新しい職の初日。例：令和8年4月1日）').fill(JapanDate(0));
  await SubmitAndWait(page, page.getByRole('button', { name: '異動を登録する' }));
  await page.waitForURL(/\?saved=moved$/);
  const rows = page.locator('#posts tbody tr');
  assert.equal(await rows.count(), 2);
  assert.match(await rows.nth(0).innerText(), /福祉課[\s\S]*期間外/);
  assert.match(await rows.nth(1).innerText(), /栄浜町地域包括支援センター[\s\S]*相談支援員[\s\S]*有効/);
  await page.goto(`${baseUrl}/admin/users`);
  assert.match(await ListRow('staff-haruka').innerText(), /栄浜町地域包括支援センター/);
  assert.doesNotMatch(await ListRow('staff-haruka').innerText(), /福祉課/);
  assert.deepEqual(UnexpectedProblems(), []);
});

test('利用者の管理: an account locked out after failed sign-ins is unlocked and signs in again', async () => {
  const other = await NewWatchedPage('haruka');
  for (let i = 0; i < 5; ++i) {
    const failed = await other.request.post(`${baseUrl}/api/v1/sessions`,
                                            { data: { username: 'staff-haruka', password: 'wrong-password' } });
    assert.equal(failed.status(), 401);
  }
  await page.goto(`${baseUrl}/admin/users`);
  assert.match(await ListRow('staff-haruka').innerText(), /ロック中/);
  await ListRow('staff-haruka').getByRole('link').click();
  assert.match(await page.locator('#user-state').innerText(), /ロック中/);
  await SubmitAndWait(page, page.getByRole('button', { name: 'ロックを解除する' }));
  await page.waitForURL(/\?saved=unlocked$/);
  assert.equal((await page.locator('#user-state').innerText()).trim(), '有効');

  const signedIn = await other.request.post(`${baseUrl}/api/v1/sessions`,
                                            { data: { username: 'staff-haruka', password: 'haruka-first-password' } });
  assert.equal(signedIn.status(), 201);
  await other.context().close();
  assert.deepEqual(UnexpectedProblems(401), []);
});

test('利用者の管理 is for administrators only', async () => {
  const caseworker = await NewWatchedPage('caseworker');
  await SignIn(caseworker, 'demo-caseworker');
  assert.equal(await caseworker.getByRole('link', { name: '利用者', exact: true }).count(), 0);
  const response = await caseworker.goto(`${baseUrl}/admin/users`);
  assert.equal(response.status(), 403);
  await caseworker.context().close();
  assert.deepEqual(UnexpectedProblems(403), []);
});
