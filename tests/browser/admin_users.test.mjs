// SPDX-License-Identifier: Apache-2.0
// Issue 14, item 2 in the browser: the town administrator disables accounts on 「サインインの安全設定」. An account
// is disabled, never deleted (it stays listed as 無効 and cannot sign in); the administrator's own account is refused
// in Japanese at the top of the page, and nothing changes.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { NewWatchedPage, SignIn, StartKasane, StopKasane, SubmitAndWait, UnexpectedProblems, baseUrl } from './support.mjs';

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
