// SPDX-License-Identifier: Apache-2.0
// Issue 16, item 1: the resource directory speaks Open Referral HSDS 3.0. The official schemas and examples are read
// at run time from KASANE_HSDS_DIR (CC BY-SA 4.0 data, never compiled into Kasane) and checked with a real JSON
// Schema validator (ajv with ajv-formats). The shipped examples (organization_full, service_full) are imported and
// exported back equal, ids kept; the export validates against the compiled schemas, and so do the records Kasane
// itself writes (a farm as 協力事業者 and its 農業体験); a file that fails is refused with the JSON path of each error.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import Ajv from 'ajv';
import addFormats from 'ajv-formats';

import { NewWatchedPage, SignIn, StartKasane, StopKasane, baseUrl } from './support.mjs';

const hsds = process.env.KASANE_HSDS_DIR;
const Read = (path) => JSON.parse(readFileSync(join(hsds, path), 'utf8'));

let page;
let validateOrganization;
let validateService;

before(async () => {
  assert.ok(hsds, 'KASANE_HSDS_DIR is not set');
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  validateOrganization = ajv.compile(Read('schema/compiled/organization.json'));
  validateService = ajv.compile(Read('schema/compiled/service.json'));
  await StartKasane('kasane-browser-hsds-');
  page = await NewWatchedPage('staff');
  await SignIn(page, 'demo-caseworker');
});

after(StopKasane);

function Valid(validate, document, what) {
  const ok = validate(document);
  assert.ok(ok, `${what}: ${JSON.stringify(validate.errors?.slice(0, 5), null, 1)}`);
}

async function Csrf() {
  return page.locator('meta[name="csrf-token"]').getAttribute('content');
}

async function Call(method, target, data) {
  const response = await page.request.fetch(`${baseUrl}${target}`, {
    method, headers: { 'X-CSRF-Token': await Csrf() }, data,
  });
  return { status: response.status(), body: await response.json() };
}

test('the validator refuses what the schema refuses (it can fail)', () => {
  const broken = structuredClone(Read('examples/organization_full.json'));
  broken.id = 'not-a-uuid';
  delete broken.name;
  assert.equal(validateOrganization(broken), false);
  Valid(validateOrganization, Read('examples/organization_full.json'), 'the shipped organization_full');
  Valid(validateService, Read('examples/service_full.json'), 'the shipped service_full');
});

test('the shipped examples import and export back equal, ids kept', async () => {
  const organization = Read('examples/organization_full.json');
  const service = Read('examples/service_full.json');
  const first = await Call('POST', '/api/v1/resources/import', organization);
  assert.equal(first.status, 200, JSON.stringify(first.body));
  assert.deepEqual(first.body, { organizations: 1, services: 1 });
  // The same service again, nested the other way: matched by its HSDS id, not added twice.
  const second = await Call('POST', '/api/v1/resources/import', service);
  assert.equal(second.status, 200, JSON.stringify(second.body));
  const exported = await Call('GET', '/api/v1/resources/export');
  assert.equal(exported.status, 200);
  const back = exported.body.contents.find((o) => o.id === organization.id);
  assert.ok(back, 'the organisation is in the export with its HSDS id');
  assert.deepEqual(back, organization);
  Valid(validateOrganization, back, 'the exported organization_full');
  const listed = await Call('GET', '/api/v1/resources?q=Community%20Counselling');
  assert.equal(listed.body.items.length, 1);
  const one = await Call('GET', `/api/v1/resources/${listed.body.items[0].id}/hsds`);
  assert.deepEqual(one.body, service);
  Valid(validateService, one.body, 'the exported service_full');
});

test('what Kasane writes is valid HSDS, and edits keep what Kasane does not show', async () => {
  const farm = await Call('POST', '/api/v1/resource-organizations',
    { name: 'みどり農園', sector: 'farm', cooperating_host: true, description: '米と野菜の農家' });
  assert.equal(farm.status, 201, JSON.stringify(farm.body));
  const work = await Call('POST', '/api/v1/resources', {
    organization_id: farm.body.id, name: '農作業体験', kinds: ['farm_experience', 'work_experience'],
    areas_served: ['東浜自治会'], days: ['TU', 'FR'], opens_at: '09:00', closes_at: '12:00', capacity: 2,
    location_name: 'みどり農園 作業小屋', address: '東浜町3-4', accessibility: '車いす可（一部）',
    contact_name: '農園事務所', phone: '0858-00-0000', eligibility: '体力に合わせて', minimum_age: 16,
  });
  assert.equal(work.status, 201, JSON.stringify(work.body));
  const document = await Call('GET', `/api/v1/resources/${work.body.id}/hsds`);
  Valid(validateService, document.body, 'a service Kasane wrote');
  const exported = await Call('GET', '/api/v1/resources/export');
  for (const organization of exported.body.contents) Valid(validateOrganization, organization, organization.name);
  // The shipped example edited in Kasane: its languages, funding and own attribute stay.
  const listed = await Call('GET', '/api/v1/resources?q=Community%20Counselling');
  const item = listed.body.items[0];
  const edited = await Call('PUT', `/api/v1/resources/${item.id}`, {
    organization_id: item.organization_id, name: 'Community Counselling', kinds: ['consultation_desk'],
    status: 'active', description: item.description, areas_served: item.areas_served,
  });
  assert.equal(edited.status, 200, JSON.stringify(edited.body));
  const after = await Call('GET', `/api/v1/resources/${item.id}/hsds`);
  const original = Read('examples/service_full.json');
  assert.equal(after.body.id, original.id);
  assert.deepEqual(after.body.languages, original.languages);
  assert.deepEqual(after.body.funding, original.funding);
  assert.deepEqual(after.body.attributes[0], original.attributes[0]);
  assert.ok(after.body.attributes.some((a) => a.taxonomy_term?.code === 'consultation_desk'));
  Valid(validateService, after.body, 'the edited example');
});

test('a file that fails is refused with the JSON path of each error, nothing written', async () => {
  const broken = structuredClone(Read('examples/organization_full.json'));
  broken.id = '11111111-2222-4333-8444-555555555555';
  broken.services[0].id = 'not-a-uuid';
  broken.services[0].status = 'open';
  const refused = await Call('POST', '/api/v1/resources/import', broken);
  assert.equal(refused.status, 400);
  assert.deepEqual(refused.body.problems.map((p) => p.path), ['/services/0/id', '/services/0/status']);
  const exported = await Call('GET', '/api/v1/resources/export');
  assert.equal(exported.body.contents.some((o) => o.id === broken.id), false);
});
