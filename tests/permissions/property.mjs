// SPDX-License-Identifier: Apache-2.0
// The property test of the access policy (issue 11, "Tests that must exist"): random sequences of consents (to
// organisations and to meeting bodies, some already expired), withdrawals, referrals sent, accepted and declined
// (one kind addressed to the 民生委員 by name), meetings of the demo 支援会議 (shares without consent) and
// 重層的支援会議 (consent only), with or without the 民生委員 attending, and named members' pledges changed through
// PUT /api/v1/meeting-bodies/{id} (pledge dates before and after meetings, the sharing period shortened). After
// every few steps, for every demo user, what GET /api/v1/persons/{id} (level and basis), /api/v1/meetings/{id}
// (and which agenda items it shows) and /api/v1/referrals/{id} answer must equal the small reference model below,
// written from ../shared/docs/sharing-rules.md and the rules quoted in the policy's comments, not from its code. A
// refusal must be indistinguishable from an id that exists nowhere (status and body).
//
// Usage: node property.mjs   with KASANE_BIN and KASANE_TEST_DB (sqlite:PATH or postgresql://...) set.
//   KASANE_PROPERTY_SEED   the PRNG seed (default: random; always printed, so a failure can be replayed)
//   KASANE_PROPERTY_STEPS  steps per sequence (default 40)
//   KASANE_PROPERTY_RUNS   sequences, each on fresh persons in the same database (default 3)

import { spawn, spawnSync } from 'node:child_process';
import http from 'node:http';

const bin = process.env.KASANE_BIN;
const db = process.env.KASANE_TEST_DB;
if (!bin || !db) {
    console.error('KASANE_BIN and KASANE_TEST_DB must be set');
    process.exit(2);
}
const SEED = process.env.KASANE_PROPERTY_SEED !== undefined ? Number(process.env.KASANE_PROPERTY_SEED)
                                                             : Math.floor(Math.random() * 2 ** 31);
const STEPS = Number(process.env.KASANE_PROPERTY_STEPS ?? 40);
const RUNS = Number(process.env.KASANE_PROPERTY_RUNS ?? 3);
const CHECK_EVERY = 4;
const PASSWORD = 'kasane-demo';
const MISSING_ID = 987654321;  // an id that exists nowhere
console.log(`seed ${SEED} (replay with KASANE_PROPERTY_SEED=${SEED}), ${RUNS} × ${STEPS} steps`);

// mulberry32: small, seeded, good enough to pick steps.
function Prng(seed) {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}
const random = Prng(SEED);
const int = (n) => Math.floor(random() * n);           // 0..n-1
const pick = (values) => values[int(values.length)];
const chance = (p) => random() < p;
const subset = (values) => values.filter(() => chance(0.5));

// --- HTTP ------------------------------------------------------------------------------------------------------

let port = 0;
function send(session, method, target, body) {
    return new Promise((resolve, reject) => {
        const headers = { Host: `127.0.0.1:${port}` };
        if (session) {
            headers.Cookie = `kasane_session=${session.cookie}`;
            headers['X-CSRF-Token'] = session.csrf;
        }
        let payload;
        if (body !== undefined) {
            payload = Buffer.from(JSON.stringify(body), 'utf8');
            headers['Content-Type'] = 'application/json';
            headers['Content-Length'] = payload.length;
        }
        const req = http.request({ host: '127.0.0.1', port, method, path: target, headers }, (res) => {
            const chunks = [];
            res.on('data', (chunk) => chunks.push(chunk));
            res.on('end', () => {
                const text = Buffer.concat(chunks).toString('utf8');
                let json;
                try { json = JSON.parse(text); } catch { json = undefined; }
                resolve({ status: res.statusCode, headers: res.headers, text, json });
            });
        });
        req.on('error', reject);
        if (payload) req.write(payload);
        req.end();
    });
}

async function must(session, method, target, body, status) {
    const response = await send(session, method, target, body);
    if (response.status !== status) {
        throw new Error(`${method} ${target} as ${session?.name}: expected ${status}, got ${response.status} ` +
                        `${response.text.slice(0, 300)}`);
    }
    return response.json;
}

async function signIn(username) {
    const response = await send(null, 'POST', '/api/v1/sessions', { username, password: PASSWORD });
    if (response.status !== 201) throw new Error(`sign-in ${username}: ${response.status} ${response.text}`);
    const cookie = [].concat(response.headers['set-cookie'] ?? []).map((c) => c.split(';')[0])
        .find((c) => c.startsWith('kasane_session='));
    return { name: username, cookie: cookie.slice('kasane_session='.length), csrf: response.json.csrf_token,
             user: response.json.user };
}

function startServer() {
    return new Promise((resolve, reject) => {
        const child = spawn(bin, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--log-level', 'error'],
                            { stdio: ['ignore', 'pipe', 'inherit'] });
        let output = '';
        const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), 30000);
        child.stdout.on('data', (chunk) => {
            output += chunk.toString();
            const match = output.match(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
            if (match) { clearTimeout(timer); resolve({ child, port: Number(match[1]) }); }
        });
        child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}: ${output}`)); });
    });
}

// Dates are day offsets from today in Japan (0 = today, -3 = three days ago).
function jstDate(offsetDays) {
    return new Date(Date.now() + 9 * 3600e3 + offsetDays * 86400e3).toISOString().slice(0, 10);
}

// --- the reference model -----------------------------------------------------------------------------------------

// The demo users, their role and organisation ('division': 福祉課 is one of the town's own divisions).
const USERS = {
    'demo-admin': { role: 'system_administrator', org: 'welfare' },
    'demo-town-admin': { role: 'municipal_administrator', org: 'welfare' },
    'demo-coordinator': { role: 'coordinator', org: 'welfare' },
    'demo-caseworker': { role: 'caseworker', org: 'welfare' },
    'demo-houkatsu': { role: 'caseworker', org: 'houkatsu' },
    'demo-npo': { role: 'caseworker', org: 'npo' },
    'demo-volunteer': { role: 'welfare_volunteer', org: 'welfare' },
    'demo-auditor': { role: 'auditor', org: 'welfare' },
    'demo-analyst': { role: 'prefecture_analyst', org: 'welfare' },
};
const DIVISIONS = ['welfare'];
const professional = (u) => USERS[u].role === 'caseworker' || USERS[u].role === 'coordinator';
const volunteer = (u) => USERS[u].role === 'welfare_volunteer';
// A pending referral's sheet ranks below identity: a division that knows the person by 名寄せ keeps that while
// a sheet to it waits (the sheet itself is read through the referral).
const RANK = { none: 0, referral_sheet: 1, identity: 2, meeting_shared: 3, full: 4 };

// The world as the test made it: persons (holder organisation), consents, referrals, meetings and the two bodies.
const model = { persons: [], consents: [], referrals: [], meetings: [], bodies: {} };

// 「本人の同意」 is in force from the day it was given until its expiry day (inclusive), unless withdrawn.
const inForce = (c) => !c.withdrawn && c.given <= 0 && (c.expires === null || c.expires >= 0);
const consentsOf = (p) => model.consents.filter((c) => c.person === p);
// A consent in force that names the body (重層的支援会議: 「本人の同意を得た事例について取り扱う」).
const consentCovers = (p, body) => consentsOf(p).some((c) => inForce(c) && c.bodies.includes(body));
// The town sets how long a meeting's sharing lasts: the meeting day plus sharing_days, the last day included.
const withinPeriod = (m) => 0 <= m.held + model.bodies[m.body].sharing_days;

// 社会福祉法第106条の6 binds persons: a meeting is read by its convenor (who keeps the record), and, within the
// sharing period, by the persons named for the body whose pledge was signed on or before the meeting day; a
// 民生委員 only for a meeting they attended in person (and pledged for). Administrators, auditors and the
// prefecture read no case content through meetings either.
function meetingReader(u, m) {
    if (m.convenor === u) return 'convenor';
    if (!professional(u) && !volunteer(u)) return null;
    if (!withinPeriod(m)) return null;
    if (volunteer(u) && !m.attendees.includes(u)) return null;
    const pledge = model.bodies[m.body].named[u];
    if (pledge === undefined || pledge > m.held) return null;
    return 'member';
}

// What a meeting about person p opens to u. A 支援会議 shares without consent only while the case is in the
// before-consent stage: once the person consents on or after the meeting day (whatever became of that consent
// later), that meeting opens nothing by itself; a body that needs consent opens only with a consent in force.
function meetingOpens(u, m, p) {
    if (!withinPeriod(m) || meetingReader(u, m) === null) return false;
    const body = model.bodies[m.body];
    const beforeConsentStage = body.without_consent && !consentsOf(p).some((c) => c.given >= m.held);
    return beforeConsentStage || consentCovers(p, m.body);
}

// The level and basis user u has on person p: the highest level wins; at equal level the first ground in the
// order own record, 名寄せ, referral, consent, meeting.
function decide(u, p) {
    let best = { level: 'none', basis: null };
    const consider = (level, basis) => { if (RANK[level] > RANK[best.level]) best = { level, basis }; };
    if (!professional(u) && !volunteer(u)) return best;  // no case content by right of these roles
    const { org } = USERS[u];
    const person = model.persons.find((x) => x.id === p);
    if (!volunteer(u)) {
        if (person.holder === org) consider('full', 'own_record');
        // 名寄せ inside the municipality (個人情報保護法第69条第2項第2号): identity only.
        if (DIVISIONS.includes(org)) consider('identity', 'identity_match');
    }
    // A referral to the user's organisation (to a 民生委員: to them by name): the sheet while it waits, the record
    // once accepted, nothing once declined.
    for (const r of model.referrals.filter((x) => x.person === p)) {
        const addressed = volunteer(u) ? r.to_user === u : r.to === org;
        if (!addressed) continue;
        if (r.status === 'sent') consider('referral_sheet', 'referral');
        if (r.status === 'accepted') consider('full', 'referral');
    }
    // 第69条第2項第1号「本人の同意があるとき」: a consent in force naming the organisation (not for 民生委員).
    if (!volunteer(u) && consentsOf(p).some((c) => inForce(c) && c.organizations.includes(org))) {
        consider('full', 'consent');
    }
    for (const m of model.meetings.filter((x) => x.agenda.includes(p))) {
        if (meetingOpens(u, m, p)) consider('meeting_shared', 'meeting');
    }
    return best;
}
// The person's page: anything but nothing, and a pending referral's sheet opens the sheet only.
const personVisible = (d) => d.level !== 'none' && d.level !== 'referral_sheet';

// The agenda items u reads on meeting m (null: the meeting is hidden). A body that needs consent withholds the
// item of a person without a consent in force covering it, from everyone.
function meetingView(u, m) {
    if (meetingReader(u, m) === null) return null;
    const body = model.bodies[m.body];
    return m.agenda.filter((p) => body.without_consent || consentCovers(p, m.body)).sort((a, b) => a - b);
}

// A referral's sheet: the sending organisation's professionals; the receiving one's until it declines; a 民生委員
// only one addressed to them by name (民生委員法第15条), never the organisation's in/outbox.
function referralVisible(u, r) {
    if (volunteer(u)) return r.to_user === u && r.status !== 'declined';
    if (!professional(u)) return false;
    return r.from === USERS[u].org || (r.to === USERS[u].org && r.status !== 'declined');
}

// --- the run -----------------------------------------------------------------------------------------------------

function normalized(response) {
    const strip = (value) => {
        if (Array.isArray(value)) return value.map(strip);
        if (value !== null && typeof value === 'object') {
            return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'request_id')
                .map(([k, v]) => [k, strip(v)]));
        }
        return value;
    };
    return JSON.stringify({ status: response.status, body: response.json === undefined ? response.text : strip(response.json) });
}

const started = Date.now();
const demo = spawnSync(bin, ['demo', '--db', db], { encoding: 'utf8' });
if (demo.status !== 0) {
    console.error(`kasane demo failed: ${demo.stdout}${demo.stderr}`);
    process.exit(1);
}
const server = await startServer();
port = server.port;
let failures = 0;
let checks = 0;
const log = [];
const seen = {};  // how often each expected outcome was checked: the sequence reached the interesting states  // the steps so far, printed on failure
const fail = (message) => {
    failures++;
    if (failures <= 20) console.log(`not ok - ${message}`);
};

try {
    const sessions = {};
    for (const username of Object.keys(USERS)) sessions[username] = await signIn(username);
    const userId = (u) => sessions[u].user.id;
    const organizations = await must(sessions['demo-coordinator'], 'GET', '/api/v1/organizations', undefined, 200);
    const orgIds = {
        welfare: organizations.items.find((o) => o.name === '福祉課').id,
        houkatsu: organizations.items.find((o) => o.name === '栄浜町地域包括支援センター').id,
        npo: organizations.items.find((o) => o.name === 'NPO法人 ひだまりの家（ひきこもり支援）').id,
    };
    const bodies = await must(sessions['demo-coordinator'], 'GET', '/api/v1/meeting-bodies', undefined, 200);
    const bodyIds = {
        article: bodies.items.find((b) => b.legal_basis === 'article_106_6').id,
        multilayer: bodies.items.find((b) => b.legal_basis === 'multilayer_meeting').id,
    };
    // The model starts from the demo town's bodies as the server describes them (data, not rules).
    const today = Date.parse(jstDate(0));
    for (const [key, id] of Object.entries(bodyIds)) {
        const body = bodies.items.find((b) => b.id === id);
        const named = {};
        for (const member of body.named_members) {
            const u = Object.keys(USERS).find((name) => userId(name) === member.user_id);
            if (u && member.left_on === null) named[u] = Math.round((Date.parse(member.pledge_signed_on) - today) / 86400e3);
        }
        model.bodies[key] = { id, without_consent: body.shares_without_consent, sharing_days: body.sharing_days, named };
    }
    const coordinator = sessions['demo-coordinator'];

    // What an id of nowhere answers, per user and route.
    const missing = {};
    for (const u of Object.keys(USERS)) {
        for (const route of ['persons', 'meetings', 'referrals']) {
            missing[`${u} ${route}`] = normalized(await send(sessions[u], 'GET', `/api/v1/${route}/${MISSING_ID}`));
        }
    }
    const refusedLikeMissing = (u, route, response, where) => {
        checks++;
        if (normalized(response) !== missing[`${u} ${route}`]) {
            fail(`${where}: expected a refusal like a missing id, got ${response.status} ${response.text.slice(0, 200)}`);
        }
    };

    async function checkAll(label) {
        for (const u of Object.keys(USERS)) {
            const session = sessions[u];
            for (const person of model.persons) {
                const where = `${label} × ${u} × GET /persons/${person.id} (${person.name})`;
                const expected = decide(u, person.id);
                seen[`${expected.level}/${expected.basis}`] = (seen[`${expected.level}/${expected.basis}`] ?? 0) + 1;
                const response = await send(session, 'GET', `/api/v1/persons/${person.id}`);
                if (!personVisible(expected)) {
                    refusedLikeMissing(u, 'persons', response, `${where} [model ${expected.level}]`);
                    continue;
                }
                checks++;
                if (response.status !== 200 || response.json?.access?.level !== expected.level ||
                    response.json?.access?.basis !== expected.basis) {
                    fail(`${where}: expected ${expected.level}/${expected.basis}, got ${response.status} ` +
                         `${response.json?.access ? `${response.json.access.level}/${response.json.access.basis}`
                                                  : response.text.slice(0, 200)}`);
                }
            }
            for (const m of model.meetings) {
                const where = `${label} × ${u} × GET /meetings/${m.id}`;
                const expected = meetingView(u, m);
                const kind = expected === null ? 'meeting hidden'
                    : expected.length < m.agenda.length ? 'meeting with items withheld' : 'meeting shown';
                seen[kind] = (seen[kind] ?? 0) + 1;
                const response = await send(session, 'GET', `/api/v1/meetings/${m.id}`);
                if (expected === null) {
                    refusedLikeMissing(u, 'meetings', response, where);
                    continue;
                }
                checks++;
                const shown = response.status === 200
                    ? response.json.agenda.map((item) => item.person_id).sort((a, b) => a - b) : null;
                if (JSON.stringify(shown) !== JSON.stringify(expected)) {
                    fail(`${where}: expected agenda ${JSON.stringify(expected)}, got ${response.status} ` +
                         `${shown ? JSON.stringify(shown) : response.text.slice(0, 200)}`);
                }
            }
            for (const r of model.referrals) {
                const where = `${label} × ${u} × GET /referrals/${r.id} (${r.from}→${r.to}${r.to_user ? `:${r.to_user}` : ''}, ${r.status})`;
                const response = await send(session, 'GET', `/api/v1/referrals/${r.id}`);
                const kind = referralVisible(u, r) ? 'referral shown' : 'referral hidden';
                seen[kind] = (seen[kind] ?? 0) + 1;
                if (!referralVisible(u, r)) {
                    refusedLikeMissing(u, 'referrals', response, where);
                    continue;
                }
                checks++;
                if (response.status !== 200 || response.json.id !== r.id || response.json.status !== r.status) {
                    fail(`${where}: expected the referral, got ${response.status} ${response.text.slice(0, 200)}`);
                }
            }
        }
    }

    // --- the steps ----------------------------------------------------------------------------------------------

    const SENDERS = ['demo-coordinator', 'demo-caseworker', 'demo-houkatsu', 'demo-npo'];
    const KANJI = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
    const KANA = ['イチ', 'ニ', 'サン', 'シ', 'ゴ', 'ロク', 'シチ', 'ハチ', 'ク', 'ジュウ'];

    const steps = {
        async consent() {
            const person = pick(model.persons);
            const holder = person.holder_user;
            const organizations = subset(['npo', 'houkatsu', 'welfare']);
            const bodyKeys = subset(['article', 'multilayer']);
            if (organizations.length + bodyKeys.length === 0) organizations.push(pick(['npo', 'houkatsu', 'welfare']));
            const given = -int(7);
            // Sometimes already expired, sometimes with a future expiry, mostly none.
            let expires = null;
            if (given < 0 && chance(0.3)) expires = given + int(-given);
            else if (chance(0.2)) expires = 30;
            const created = await must(sessions[holder], 'POST', `/api/v1/persons/${person.id}/consents`, {
                organizations: organizations.map((o) => orgIds[o]), bodies: bodyKeys.map((b) => model.bodies[b].id),
                purpose: '支援のための情報共有', given_on: jstDate(given), method: 'written', explanation_version: 'v2',
                ...(expires === null ? {} : { expires_on: jstDate(expires) }),
            }, 201);
            model.consents.push({ id: created.id, person: person.id, organizations, bodies: bodyKeys, given, expires,
                                  withdrawn: false });
            return `consent ${created.id} of ${person.name} to [${organizations}] bodies [${bodyKeys}] given ${given} expires ${expires}`;
        },
        async withdraw() {
            const open = model.consents.filter((c) => !c.withdrawn);
            if (open.length === 0) return null;
            const c = pick(open);
            const person = model.persons.find((p) => p.id === c.person);
            await must(sessions[person.holder_user], 'POST', `/api/v1/consents/${c.id}/withdraw`, undefined, 200);
            c.withdrawn = true;
            return `withdraw consent ${c.id} of ${person.name}`;
        },
        async refer() {
            const person = pick(model.persons);
            // Whoever sees the person in full (and may send) sends: anyone else is told the person does not exist.
            const sender = pick(SENDERS);
            const from = USERS[sender].org;
            const targets = [['npo', null], ['houkatsu', null], ['welfare', null], ['welfare', 'demo-volunteer']]
                .filter(([to, toUser]) => toUser !== null || to !== from);
            const [to, toUser] = pick(targets);
            const body = { person_id: person.id, to_organization_id: orgIds[to], reason: '支援をお願いしたい',
                           done: '電話相談', ...(toUser ? { to_user_id: userId(toUser) } : {}) };
            const allowed = decide(sender, person.id).level === 'full';
            const response = await send(sessions[sender], 'POST', '/api/v1/referrals', body);
            if (!allowed) {
                checks++;
                if (response.status !== 404) fail(`refer as ${sender} without a full view: got ${response.status} ${response.text.slice(0, 200)}`);
                return `refer ${person.name} as ${sender}: refused (no full view)`;
            }
            if (response.status !== 201) throw new Error(`refer as ${sender}: ${response.status} ${response.text.slice(0, 300)}`);
            model.referrals.push({ id: response.json.id, person: person.id, from, to, to_user: toUser, status: 'sent' });
            return `referral ${response.json.id} of ${person.name}: ${sender} → ${to}${toUser ? `:${toUser}` : ''}`;
        },
        async answer() {
            const waiting = model.referrals.filter((r) => r.status === 'sent');
            if (waiting.length === 0) return null;
            const r = pick(waiting);
            // The receiver: the person named, or a professional of the receiving organisation.
            const receivers = r.to_user ? [r.to_user]
                : Object.keys(USERS).filter((u) => USERS[u].org === r.to && professional(u));
            const receiver = pick(receivers);
            const current = await must(sessions[receiver], 'GET', `/api/v1/referrals/${r.id}`, undefined, 200);
            const to = chance(0.6) ? 'accepted' : 'declined';
            await must(sessions[receiver], 'POST', `/api/v1/referrals/${r.id}/transitions`,
                       { version: current.version, to, ...(to === 'declined' ? { note: '対象外のため' } : {}) }, 200);
            r.status = to;
            return `referral ${r.id} ${to} by ${receiver}`;
        },
        async meeting() {
            const key = pick(['article', 'multilayer']);
            const body = model.bodies[key];
            const agenda = [...new Set([pick(model.persons).id, ...(chance(0.4) ? [pick(model.persons).id] : [])])];
            const attendees = chance(0.4) ? ['demo-volunteer'] : [];
            const held = -int(6);
            const response = await send(coordinator, 'POST', '/api/v1/meetings', {
                body_id: body.id, held_on: jstDate(held),
                attendees: attendees.map((u) => ({ user_id: userId(u), name: '民生 ただし', organization_id: orgIds[USERS[u].org] })),
                agenda: agenda.map((p) => ({ person_id: p, shared_summary: `共有した概要（本人 ${p}）` })),
            });
            // The convenor must know each person (a pending referral's sheet is not enough); a body that needs
            // consent takes only persons whose consent in force covers it, and says why.
            const known = agenda.every((p) => personVisible(decide('demo-coordinator', p)));
            const consented = body.without_consent || agenda.every((p) => consentCovers(p, key));
            const expected = !known ? 404 : !consented ? 400 : 201;
            checks++;
            if (response.status !== expected) {
                fail(`meeting of ${key} on ${held} about [${agenda}]: expected ${expected}, got ${response.status} ${response.text.slice(0, 200)}`);
                return `meeting refused unexpectedly`;
            }
            if (expected === 400 && !/同意がある事例だけ/.test(response.json?.error?.message ?? '')) {
                fail(`meeting of ${key}: the refusal does not say why: ${response.text.slice(0, 200)}`);
            }
            if (expected !== 201) return `meeting of ${key} about [${agenda}]: refused ${expected}`;
            model.meetings.push({ id: response.json.id, body: key, held, agenda, attendees, convenor: 'demo-coordinator' });
            return `meeting ${response.json.id} of ${key} held ${held} about [${agenda}] attended by [${attendees}]`;
        },
        async pledge() {
            const key = pick(['article', 'multilayer']);
            const current = await must(coordinator, 'GET', `/api/v1/meeting-bodies/${model.bodies[key].id}`, undefined, 200);
            const u = pick(['demo-npo', 'demo-houkatsu', 'demo-caseworker', 'demo-volunteer']);
            const named = { ...model.bodies[key].named };
            let what;
            if (chance(0.15) && named[u] !== undefined) {
                delete named[u];
                what = `${u} no longer named`;
            } else {
                named[u] = -int(7);
                what = `${u} pledged on ${named[u]}`;
            }
            // Now and then the town shortens (or restores) the sharing period.
            let sharingDays = model.bodies[key].sharing_days;
            if (chance(0.2)) {
                sharingDays = sharingDays === 90 ? 2 : 90;
                what += `, sharing ${sharingDays} days`;
            }
            const named_members = Object.entries(named).map(([name, offset]) => ({
                user_id: userId(name), organization_id: orgIds[USERS[name].org], pledge_signed_on: jstDate(offset) }));
            await must(coordinator, 'PUT', `/api/v1/meeting-bodies/${model.bodies[key].id}`,
                       { ...current, sharing_days: sharingDays, named_members }, 200);
            model.bodies[key].named = named;
            model.bodies[key].sharing_days = sharingDays;
            return `body ${key}: ${what}`;
        },
    };
    const WEIGHTS = [['consent', 4], ['withdraw', 2], ['refer', 3], ['answer', 3], ['meeting', 4], ['pledge', 3]];
    const total = WEIGHTS.reduce((sum, [, w]) => sum + w, 0);
    const nextStep = () => {
        let roll = int(total);
        for (const [name, weight] of WEIGHTS) {
            if (roll < weight) return name;
            roll -= weight;
        }
        return WEIGHTS[0][0];
    };

    for (let run = 0; run < RUNS && failures === 0; ++run) {
        // Fresh persons for each sequence: 3 or 4, each held by 地域包括 or by the NPO.
        model.persons = [];
        model.consents = [];
        model.referrals = [];
        model.meetings = [];
        const count = 3 + int(2);
        for (let i = 0; i < count; ++i) {
            const holder = pick(['demo-houkatsu', 'demo-npo']);
            const n = (run * 4 + i) % KANJI.length;
            const person = await must(sessions[holder], 'POST', '/api/v1/persons', {
                family_name: '性質', given_name: `${KANJI[n]}郎${run}`, family_name_kana: 'セイシツ',
                given_name_kana: `${KANA[n]}ロウ`, birth_date: `19${50 + run * 4 + i}-03-0${1 + i}`, sex: 'male',
            }, 201);
            model.persons.push({ id: person.id, name: `${KANJI[n]}郎${run}`, holder: USERS[holder].org, holder_user: holder });
            log.push(`run ${run}: person ${person.id} held by ${holder}`);
        }
        await checkAll(`run ${run} start`);
        for (let step = 1; step <= STEPS && failures === 0; ++step) {
            const name = nextStep();
            const done = await steps[name]();
            if (done) log.push(`run ${run} step ${step}: ${done}`);
            if (step % CHECK_EVERY === 0 || step === STEPS) await checkAll(`run ${run} after step ${step}`);
        }
    }
} catch (error) {
    fail(error.stack ?? String(error));
} finally {
    server.child.kill('SIGTERM');
}
console.log(`expected outcomes checked: ${Object.entries(seen).sort().map(([k, n]) => `${k} ${n}`).join(', ')}`);
if (failures > 0) {
    console.log(`the steps (seed ${SEED}):`);
    for (const line of log) console.log(`  ${line}`);
}
console.log(`${checks - Math.min(failures, checks)} of ${checks} checks passed, ${failures} failed, seed ${SEED}, ` +
            `in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(failures === 0 && checks > 0 ? 0 : 1);
