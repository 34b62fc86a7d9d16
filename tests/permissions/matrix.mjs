// SPDX-License-Identifier: Apache-2.0
// The permission matrix: every GET route of the API that returns one person's data (taken from the running
// server's OpenAPI document), and the write routes of identity, the case record, its team, status and notes (WRITES below), × every demo role × every basis on which an organisation may come to see a person,
// each state set up through the API on a fresh person. Each cell is checked against an expectation derived here,
// independently, from the rules in src/domain/access_policy.cpp (quoted beside each rule below); and every refusal
// must leak nothing: the same status and body as for an id that exists nowhere, and the person absent from search
// results and list responses.
//
// Usage: node matrix.mjs   with KASANE_BIN and KASANE_TEST_DB (sqlite:PATH or postgresql://...) set.

import { spawn, spawnSync } from 'node:child_process';
import http from 'node:http';

const bin = process.env.KASANE_BIN;
const db = process.env.KASANE_TEST_DB;
if (!bin || !db) {
    console.error('KASANE_BIN and KASANE_TEST_DB must be set');
    process.exit(2);
}
const PASSWORD = 'kasane-demo';
const MISSING_ID = 987654321;  // an id that exists nowhere

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
        const encoded = target.replace(/[^\x21-\x7e]/gu, (c) => encodeURIComponent(c));
        const req = http.request({ host: '127.0.0.1', port, method, path: encoded, headers }, (res) => {
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

// A setup step that must succeed.
async function must(session, method, target, body, status) {
    const response = await send(session, method, target, body);
    if (response.status !== status) {
        throw new Error(`setup ${method} ${target} as ${session?.name}: ${response.status} ${response.text.slice(0, 300)}`);
    }
    return response.json;
}

async function signIn(username) {
    const response = await send(null, 'POST', '/api/v1/sessions', { username, password: PASSWORD });
    if (response.status !== 201) throw new Error(`sign-in ${username}: ${response.status} ${response.text}`);
    const cookie = [].concat(response.headers['set-cookie'] ?? [])
        .map((c) => c.split(';')[0]).find((c) => c.startsWith('kasane_session='));
    return { name: username, cookie: cookie.slice('kasane_session='.length), csrf: response.json.csrf_token,
             user: response.json.user };
}

// --- the server ------------------------------------------------------------------------------------------------

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

// --- the policy, restated --------------------------------------------------------------------------------------

// One user per demo role. `division`: the organisation is a municipal division (名寄せ gives it identity).
const ROLES = [
    { username: 'demo-admin', role: 'system_administrator', org: 'welfare' },
    { username: 'demo-town-admin', role: 'municipal_administrator', org: 'welfare' },
    { username: 'demo-coordinator', role: 'coordinator', org: 'welfare' },
    { username: 'demo-caseworker', role: 'caseworker', org: 'welfare' },
    { username: 'demo-houkatsu', role: 'caseworker', org: 'houkatsu' },
    { username: 'demo-npo', role: 'caseworker', org: 'npo' },
    { username: 'demo-volunteer', role: 'welfare_volunteer', org: 'welfare' },
    { username: 'demo-auditor', role: 'auditor', org: 'welfare' },
    { username: 'demo-analyst', role: 'prefecture_analyst', org: 'welfare' },
];
const professional = (r) => r.role === 'caseworker' || r.role === 'coordinator';
const worksCases = (r) => professional(r) || r.role === 'welfare_volunteer';

// The basis states. The grant always goes to the NPO (demo-npo); the record's holder is 地域包括 (demo-houkatsu),
// except in `own_record`, where the NPO itself recorded the person.
// The later states add the person inside the organisation and time: a referral addressed to the 民生委員 by name, a
// declined referral, a meeting whose member pledged only after it, a meeting past its sharing period, a consent-only
// meeting after the consent was withdrawn, and a meeting the 民生委員 attended under a pledge.
const STATES = ['none', 'own_record', 'referral_pending', 'referral_accepted', 'consent_active', 'consent_expired',
                'consent_withdrawn', 'meeting_member', 'emergency', 'case_team', 'case_team_without_consent',
                'referral_to_volunteer', 'referral_declined', 'meeting_pledge_after', 'meeting_period_over',
                'meeting_consent_withdrawn', 'meeting_attended_volunteer'];

// 社会福祉法第106条の6 binds persons: the demo bodies' named members, each with a pledge signed long before today.
const DEMO_PLEDGED = ['demo-coordinator', 'demo-caseworker', 'demo-houkatsu', 'demo-npo'];
// Who reads what a meeting of `state` shared about its person today (the convenor is demo-coordinator).
function meetingReaders(state) {
    switch (state) {
        case 'meeting_member': case 'case_team': return DEMO_PLEDGED;
        // The NPO's pledge was signed the day after the meeting: only the convenor.
        case 'meeting_pledge_after': return ['demo-coordinator'];
        // The volunteer attended in person under a pledge; the NPO is a named member; the convenor.
        case 'meeting_attended_volunteer': return ['demo-coordinator', 'demo-npo', 'demo-volunteer'];
        default: return [];  // period over, consent withdrawn, no meeting
    }
}

// A pending referral's sheet ranks below identity: a division that knows the person by 名寄せ keeps that while
// a sheet to it waits (the sheet itself is read through the referral).
const RANK = { none: 0, referral_sheet: 1, identity: 2, meeting_shared: 3, full: 4 };

// The level and basis DecideAccess gives `r` in `state`: the highest level wins, the first basis at it.
function decide(r, state) {
    let best = { level: 'none', basis: null };
    const consider = (level, basis) => { if (RANK[level] > RANK[best.level]) best = { level, basis }; };
    // 「行政機関の長等は…」: administrators, auditors and the prefecture see no records at all.
    if (!worksCases(r)) return best;
    const holder = state === 'own_record' ? 'npo' : 'houkatsu';
    if (r.role === 'welfare_volunteer') {
        // 民生委員 see only what they entered themselves (they entered nothing here).
    } else {
        if (r.org === holder) consider('full', 'own_record');
        // 名寄せ: the municipality's own divisions learn who the person is (第69条第2項第2号).
        if (r.org === 'welfare') consider('identity', 'identity_match');
        // 多機関協働: the case team (the NPO, its role agreed at a 重層的支援会議) sees the record only while the person's
        // consent names the organisation or the body of that meeting (「重層的支援会議は、本人の同意を得た事例について
        // 取り扱う」); in `case_team` the consent names the body, in `case_team_without_consent` there is none.
        if (r.org === 'npo' && state === 'case_team') consider('full', 'case_team');
    }
    // A referral addressed to the 民生委員 by name: its sheet to them, and to the receiving division's professionals.
    if (state === 'referral_to_volunteer' && (r.username === 'demo-volunteer' || (r.org === 'welfare' && professional(r)))) {
        consider('referral_sheet', 'referral');
    }
    if (r.org === 'npo') {
        if (state === 'referral_pending') consider('referral_sheet', 'referral');
        if (state === 'referral_accepted') consider('full', 'referral');
        // 第69条第2項第1号「本人の同意があるとき」: only an active consent naming the organisation.
        if (r.role !== 'welfare_volunteer' && state === 'consent_active') consider('full', 'consent');
    }
    if (r.org === 'welfare' && r.role !== 'welfare_volunteer' && state === 'case_team') consider('full', 'consent');
    // 社会福祉法第106条の6 支援会議: the persons who pledged (not everyone in a member organisation) see what was shared,
    // within the sharing period. 重層的支援会議: the same, for a person whose consent covers the body.
    if (meetingReaders(state).includes(r.username)) consider('meeting_shared', 'meeting');
    // 第69条第2項第4号: the emergency access belongs to the user who asked (demo-npo).
    if (state === 'emergency' && r.username === 'demo-npo') consider('full', 'emergency');
    return best;
}

// Whether route `pattern` answers `r` in `state` (true: 200 with the data; false: a refusal indistinguishable from
// an id that exists nowhere). `undefined`: the state has no such record.
const EXPECT = {
    // A pending referral opens its sheet and nothing else: not the person's page.
    '/api/v1/persons/{id}': (r, s, d) => d.level !== 'none' && d.level !== 'referral_sheet',
    '/api/v1/persons/{id}/consultations': (r, s, d) => d.level === 'full',
    '/api/v1/persons/{id}/households': (r, s, d) => d.level === 'full',
    // The timeline (person_record.hpp): the whole record's reader only; each entry then by its own rule.
    '/api/v1/persons/{id}/timeline': (r, s, d) => d.level === 'full',
    // Consent records need the full record, not identity.
    '/api/v1/persons/{id}/consents': (r, s, d) => d.level === 'full',
    // Like the person's page: a pending referral's sheet opens nothing else.
    '/api/v1/persons/{id}/shared': (r, s, d) => d.level !== 'none' && d.level !== 'referral_sheet',
    // The 共有 tab: whoever sees the record in full, and auditors.
    '/api/v1/persons/{id}/sharing': (r, s, d) => r.role === 'auditor' || d.level === 'full',
    // A copy is an export (src/domain/export_rights.cpp): by default coordinators and town administrators export,
    // caseworkers do not; and only professionals make copies (sharing_service.cpp).
    '/api/v1/persons/{id}/disclosure-copy': (r, s, d) => r.role === 'coordinator' && d.level === 'full',
    // 参加支援 (participation_match.hpp: MayWorkParticipation): the 社協's and the town's divisions' professionals,
    // for a person they see in full; every other role is refused before the person is looked at (403 for an id that
    // exists nowhere too).
    '/api/v1/persons/{id}/participation': (r, s, d) => professional(r) && r.org === 'welfare' && d.level === 'full',
    // 課題と特性 (person_traits.hpp: MayReadPersonTraits): 要配慮個人情報, read only with the whole record and its
    // sensitive fields; a refusal looks like a missing person.
    '/api/v1/persons/{id}/traits': (r, s, d) => d.level === 'full',
    // A consultation: full view, and the organisation took it, or the basis shares the whole record, or an accepted
    // referral names it.
    '/api/v1/consultations/{id}': (r, s, d) => d.level === 'full' && r.role !== 'welfare_volunteer' &&
        (r.org === (s === 'own_record' ? 'npo' : 'houkatsu') ||
         ['case_team', 'consent', 'meeting', 'emergency'].includes(d.basis) ||
         (s === 'referral_accepted' && r.org === 'npo')),
    // A household: some member seen in full.
    '/api/v1/households/{id}': (r, s, d) => d.level === 'full',
    // A referral: the sender's professionals; the receiver's professionals until it declines; a 民生委員 only one
    // addressed to them by name.
    '/api/v1/referrals/{id}': (r, s) => {
        if (!s.startsWith('referral_')) return undefined;
        if (s === 'referral_to_volunteer') {
            return r.username === 'demo-volunteer' || (professional(r) && ['houkatsu', 'welfare'].includes(r.org));
        }
        if (s === 'referral_declined') return professional(r) && r.org === 'houkatsu';
        return professional(r) && ['houkatsu', 'npo'].includes(r.org);
    },
    // A meeting's record: its convenor (demo-coordinator, who keeps it), and the persons who pledged before it was held,
    // within the sharing period; never the auditor or a whole member organisation. 'withheld': the meeting is shown
    // without the agenda item of a person whose consent to a consent-only body was withdrawn.
    '/api/v1/meetings/{id}': (r, s) => {
        if (!s.startsWith('meeting_')) return undefined;
        if (s === 'meeting_period_over') return r.username === 'demo-coordinator';
        if (s === 'meeting_consent_withdrawn') return DEMO_PLEDGED.includes(r.username) ? 'withheld' : false;
        return meetingReaders(s).includes(r.username);
    },
    // 多機関協働 (case_service.hpp): a case, its assessments, plans and notes are shown to whoever sees the case's
    // person in full and works cases; 民生委員 never work cases. What of the case a partner reads: casePart below.
    '/api/v1/cases/{id}': (r, s, d) => professional(r) && d.level === 'full',
    '/api/v1/cases/{id}/assessments': (r, s, d) => professional(r) && d.level === 'full',
    '/api/v1/cases/{id}/plans': (r, s, d) => professional(r) && d.level === 'full',
    '/api/v1/cases/{id}/notes': (r, s, d) => professional(r) && d.level === 'full',
    '/api/v1/plans/{id}': (r, s, d) => professional(r) && d.level === 'full',
};

// The part of a case (issue 11, item 2), restated: the organisation holding the person's record (it recorded the
// person) and the case's lead (both the holder here), any 推進員 (coordinator role) and an emergency access read the
// whole case; every other organisation that sees the case — through an accepted referral, the team or a consent — is a
// partner and reads only the actions assigned to it and the notes it wrote, and no assessment unless a meeting agreed
// its role (the NPO's role in `case_team` was agreed at the 重層的支援会議).
// Returns { whole } or { whole: false, assessment }.
function casePart(r, s, d) {
    if (r.org === holderOf(s)) return { whole: true };
    if (r.role === 'coordinator') return { whole: true };
    if (d.basis === 'emergency') return { whole: true };
    return { whole: false, assessment: r.org === 'npo' && s === 'case_team' };
}
// The holder's own note and action in every state's case: a partner must not get them.
const HOLDER_NOTE = '保有機関の経過記録（検証用）';
const HOLDER_ACTION = '検証';
// Write routes (change_policy.cpp), sent with version 0 so that nothing is saved: a caller the policy allows meets
// the stale-version conflict (409), one who may read the record but not change it is refused with the reason (403),
// and one who may not read it gets exactly what an id of nowhere gets. 「本人の記録を保有する機関」: the holder (the
// creator; here also the case's lead). 'conflict' | 'refused' | 'hidden'.
const readable = (d) => d.level !== 'none' && d.level !== 'referral_sheet';
const holderOf = (s) => (s === 'own_record' ? 'npo' : 'houkatsu');
const WRITES = {
    // Identity: the holder and the lead of an open case about the person.
    'PUT /api/v1/persons/{id}': (r, s, d) => {
        if (!readable(d)) return 'hidden';
        return professional(r) && d.level === 'full' && r.org === holderOf(s) ? 'conflict' : 'refused';
    },
    // A case's status: the lead (the holder here) or the case's coordinator (none here). The case itself is shown
    // only to professionals who see its person in full.
    'POST /api/v1/cases/{id}/status': (r, s, d) => {
        if (!(professional(r) && d.level === 'full')) return 'hidden';
        return r.org === holderOf(s) ? 'conflict' : 'refused';
    },
    // The case record and its team (DecideCaseWork, kCaseRecord): members who see the whole case — the lead (the
    // holder here) and any 推進員; a team partner is refused (it cannot rewrite the lead, the team or the roles).
    'PUT /api/v1/cases/{id}': (r, s, d) => caseRecordWrite(r, s, d),
    'POST /api/v1/cases/{id}/team': (r, s, d) => caseRecordWrite(r, s, d),
    // A progress note (kProgressNote): whoever works on the case — a 推進員, the lead, a team member today — and a
    // caseworker whose full view rests on an accepted referral (it writes and reads its own notes).
    'POST /api/v1/cases/{id}/notes': (r, s, d) => {
        if (!(professional(r) && d.level === 'full')) return 'hidden';
        if (worksOnCase(r, s) || (d.basis === 'referral' && r.role === 'caseworker')) return 'created';
        return 'refused';
    },
};
// WorksOnCase (change_policy.cpp): a coordinator, or a caseworker of the lead organisation or of the team today (the
// NPO joins the team in the two case_team states).
const worksOnCase = (r, s) => r.role === 'coordinator' ||
    (r.role === 'caseworker' && (r.org === holderOf(s) ||
                                 (r.org === 'npo' && ['case_team', 'case_team_without_consent'].includes(s))));
function caseRecordWrite(r, s, d) {
    if (!(professional(r) && d.level === 'full')) return 'hidden';
    if (!worksOnCase(r, s)) return 'refused';
    return casePart(r, s, d).whole ? 'conflict' : 'refused';
}
// The body each write route is sent with: version 0 where the record has one, so that an allowed change meets the
// stale-version conflict and saves nothing; a note is new, so an allowed one is created (201).
function writeBody(pattern, state, index, ids) {
    if (pattern.startsWith('/api/v1/persons/')) {
        return { version: 0, family_name: '権限', given_name: `${KANJI_GIVEN[index]}改`, family_name_kana: 'ケンゲン',
                 given_name_kana: KANA_GIVEN[index] };
    }
    if (pattern.endsWith('/status')) return { version: 0, status: 'assessment' };
    if (pattern.endsWith('/team')) return { version: 0, organization_id: ids.npo, role: '権限の検証' };
    if (pattern.endsWith('/notes')) {
        return { occurred_at: `${jstDate(0)} 00:00`, method: 'interview', tag: 'fact', text: '書き込みの検証' };
    }
    return { version: 0, title: '権限の検証', lead_organization_id: ids[holderOf(state)], categories: [] };
}

// Search: present for identity and better, except a pending referral's sheet.
const inSearch = (d) => d.level !== 'none' && d.level !== 'referral_sheet';

// --- setup -----------------------------------------------------------------------------------------------------

const KANA_GIVEN = ['イチロウ', 'ジロウ', 'サブロウ', 'シロウ', 'ゴロウ', 'ロクロウ', 'シチロウ', 'ハチロウ', 'クロウ',
                    'ジュウロウ', 'ジュウイチロウ', 'ハルオ', 'ナツオ', 'アキオ', 'フユオ', 'ヤマオ', 'カワオ'];
const KANJI_GIVEN = ['一郎', '二郎', '三郎', '四郎', '五郎', '六郎', '七郎', '八郎', '九郎', '十郎', '十一郎', '春男', '夏男',
                     '秋男', '冬男', '山男', '川男'];

function jstDate(offsetDays) {
    return new Date(Date.now() + 9 * 3600e3 + offsetDays * 86400e3).toISOString().slice(0, 10);
}

async function setUp(state, index, s, ids) {
    const holder = state === 'own_record' ? s.npo : s.houkatsu;
    const person = await must(holder, 'POST', '/api/v1/persons', {
        family_name: '権限', given_name: KANJI_GIVEN[index], family_name_kana: 'ケンゲン',
        given_name_kana: KANA_GIVEN[index], birth_date: `19${60 + index}-05-0${1 + (index % 9)}`, sex: 'male',
        phone: `0858-11-00${10 + index}`, address: { prefecture: '鳥取県', municipality: '東伯郡栄浜町', town: '港町' },
    }, 201);
    const consultation = await must(holder, 'POST', '/api/v1/consultations', {
        person_id: person.id, chief_complaint: '権限の検証用の相談',
        categories: [{ code: 'hikikomori', most_pressing: true }],
        first_contact: { occurred_at: '令和6年5月1日 10:30', channel: 'phone', source: 'self', summary: '電話で相談' },
    }, 201);
    const household = await must(holder, 'POST', '/api/v1/households', {
        name: `権限${KANJI_GIVEN[index]}さん世帯`, members: [{ person_id: person.id, relationship: 'head', is_head: true }],
    }, 201);
    const record = { person: person.id, consultation: consultation.id, household: household.id };
    // A case about the person, led by the holder, with a draft plan: the case routes' records.
    const holderOrg = state === 'own_record' ? ids.npo : ids.houkatsu;
    const supportCase = await must(holder, 'POST', '/api/v1/cases', {
        person_id: person.id, household_id: household.id, title: `権限${KANJI_GIVEN[index]}さんのケース`,
        lead_organization_id: holderOrg, programs: ['collaboration'],
    }, 201);
    const plan = await must(holder, 'POST', `/api/v1/cases/${supportCase.id}/plans`, {
        goals: '権限の検証用のプラン', actions: [{ description: '検証', responsible_organization_id: holderOrg }],
    }, 201);
    await must(holder, 'POST', `/api/v1/cases/${supportCase.id}/notes`, {
        occurred_at: `${jstDate(0)} 00:00`, method: 'interview', tag: 'fact', text: HOLDER_NOTE,
    }, 201);
    record.case = supportCase.id;
    record.plan = plan.id;
    const consent = (extra) => must(s.houkatsu, 'POST', `/api/v1/persons/${person.id}/consents`, {
        organizations: [ids.npo], purpose: '支援のための情報共有', given_on: '2024-04-01', method: 'written',
        explanation_version: 'v2', ...extra,
    }, 201);
    switch (state) {
        case 'referral_pending':
        case 'referral_accepted': {
            const referral = await must(s.houkatsu, 'POST', '/api/v1/referrals', {
                person_id: person.id, consultation_id: consultation.id, to_organization_id: ids.npo,
                reason: 'ひきこもり支援の専門機関へ', done: '電話相談',
            }, 201);
            record.referral = referral.id;
            if (state === 'referral_accepted') {
                await must(s.npo, 'POST', `/api/v1/referrals/${referral.id}/transitions`,
                           { version: referral.version, to: 'accepted' }, 200);
            }
            break;
        }
        case 'consent_active': await consent({}); break;
        case 'consent_expired': await consent({ expires_on: jstDate(-1) }); break;
        case 'consent_withdrawn': {
            const given = await consent({});
            await must(s.houkatsu, 'POST', `/api/v1/consents/${given.id}/withdraw`, undefined, 200);
            break;
        }
        case 'meeting_member': {
            const meeting = await must(s.coordinator, 'POST', '/api/v1/meetings', {
                body_id: ids.article_body, held_on: jstDate(0),
                agenda: [{ person_id: person.id, shared_summary: '支援会議で共有した概要' }],
            }, 201);
            record.meeting = meeting.id;
            record.meeting_body = ids.article_body;
            break;
        }
        case 'emergency':
            await must(s.npo, 'POST', `/api/v1/persons/${person.id}/emergency-access`,
                       { reason: '本人と連絡が取れず安否確認が必要なため', hours: 2 }, 201);
            break;
        case 'case_team': {
            // Consent naming 福祉課 (whose coordinator convenes and records the meeting) and the 重層的支援会議, not
            // the NPO; the meeting's decision puts the NPO on the team.
            await consent({ organizations: [ids.welfare], bodies: [ids.multilayer_body] });
            const meeting = await must(s.coordinator, 'POST', '/api/v1/meetings', {
                body_id: ids.multilayer_body, held_on: jstDate(0),
                agenda: [{ person_id: person.id, case_id: supportCase.id, shared_summary: '役割分担の協議' }],
            }, 201);
            await must(s.coordinator, 'POST', `/api/v1/meetings/${meeting.id}/decisions`, {
                case_id: supportCase.id, kind: 'roles_assigned', text: '役割分担',
                roles: [{ organization_id: ids.npo, role: 'アウトリーチ' }],
            }, 201);
            break;
        }
        case 'referral_to_volunteer': {
            const referral = await must(s.houkatsu, 'POST', '/api/v1/referrals', {
                person_id: person.id, consultation_id: consultation.id, to_organization_id: ids.welfare,
                to_user_id: s.volunteer.user.id, reason: '見守りをお願いしたい', done: '電話相談',
            }, 201);
            record.referral = referral.id;
            break;
        }
        case 'referral_declined': {
            const referral = await must(s.houkatsu, 'POST', '/api/v1/referrals', {
                person_id: person.id, consultation_id: consultation.id, to_organization_id: ids.npo,
                reason: 'ひきこもり支援の専門機関へ', done: '電話相談',
            }, 201);
            record.referral = referral.id;
            await must(s.npo, 'POST', `/api/v1/referrals/${referral.id}/transitions`,
                       { version: referral.version, to: 'declined', note: '対象外のため' }, 200);
            break;
        }
        case 'meeting_pledge_after':
        case 'meeting_period_over':
        case 'meeting_attended_volunteer': {
            // A body of its own: the NPO's person pledged the day after the meeting, or the period is one day and
            // the meeting three days ago, or the 民生委員 pledged and attended.
            const pledged = state === 'meeting_pledge_after' ? jstDate(0) : '2024-01-01';
            const named = [{ user_id: s.npo.user.id, pledge_signed_on: pledged }];
            if (state === 'meeting_attended_volunteer') named.push({ user_id: s.volunteer.user.id, pledge_signed_on: pledged });
            const body = await must(s.coordinator, 'POST', '/api/v1/meeting-bodies', {
                legal_basis: 'article_106_6', display_name: `権限の検証会議${index}`,
                sharing_days: state === 'meeting_period_over' ? 1 : 90,
                members: [{ organization_id: ids.npo, pledge_signed_on: '2024-01-01' },
                          { organization_id: ids.welfare, pledge_signed_on: '2024-01-01' }],
                named_members: named,
            }, 201);
            const meeting = await must(s.coordinator, 'POST', '/api/v1/meetings', {
                body_id: body.id, held_on: jstDate(state === 'meeting_attended_volunteer' ? 0 : state === 'meeting_pledge_after' ? -1 : -3),
                attendees: state === 'meeting_attended_volunteer'
                    ? [{ user_id: s.volunteer.user.id, name: '民生 ただし', organization_id: ids.welfare }] : [],
                agenda: [{ person_id: person.id, shared_summary: '支援会議で共有した概要' }],
            }, 201);
            record.meeting = meeting.id;
            record.meeting_body = body.id;
            break;
        }
        case 'meeting_consent_withdrawn': {
            const given = await consent({ organizations: [], bodies: [ids.multilayer_body] });
            const meeting = await must(s.coordinator, 'POST', '/api/v1/meetings', {
                body_id: ids.multilayer_body, held_on: jstDate(0),
                agenda: [{ person_id: person.id, shared_summary: '支援会議で共有した概要' }],
            }, 201);
            await must(s.houkatsu, 'POST', `/api/v1/consents/${given.id}/withdraw`, undefined, 200);
            record.meeting = meeting.id;
            record.meeting_body = ids.multilayer_body;
            break;
        }
        case 'case_team_without_consent':
            // On the team by the lead's hand, with no consent at all: the team opens nothing.
            await must(holder, 'POST', `/api/v1/cases/${supportCase.id}/team`,
                       { version: supportCase.version, organization_id: ids.npo, role: 'アウトリーチ' }, 200);
            break;
        default: break;
    }
    return record;
}

// --- the checks ------------------------------------------------------------------------------------------------

// The JSON of a response without request ids, for comparing a refusal with a missing record.
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

// Which record id a route's {id} takes in a state.
function idFor(pattern, record) {
    if (pattern.startsWith('/api/v1/persons/')) return record.person;
    if (pattern.startsWith('/api/v1/consultations/')) return record.consultation;
    if (pattern.startsWith('/api/v1/households/')) return record.household;
    if (pattern.startsWith('/api/v1/referrals/')) return record.referral;
    if (pattern.startsWith('/api/v1/meetings/')) return record.meeting;
    if (pattern.startsWith('/api/v1/cases/')) return record.case;
    if (pattern.startsWith('/api/v1/plans/')) return record.plan;
    return undefined;
}

// What is wrong with a case route's answer for `part`, or null: a partner gets neither the holder's note nor its
// action (counted as withheld), and no assessment unless its role was agreed at a meeting; the whole case has both.
function partProblem(pattern, json, part) {
    const text = JSON.stringify(json);
    const hasNote = text.includes(HOLDER_NOTE);
    const plans = pattern === '/api/v1/plans/{id}' ? [json]
        : pattern === '/api/v1/cases/{id}/plans' ? json.items
        : pattern === '/api/v1/cases/{id}' ? [json.draft_plan].filter(Boolean) : [];
    for (const plan of plans) {
        const hasAction = plan.actions.some((a) => a.description === HOLDER_ACTION);
        if (part.whole && (!hasAction || plan.actions_withheld !== 0)) return 'the whole case lacks the holder\'s action';
        if (!part.whole && (hasAction || plan.actions_withheld !== 1)) {
            return `a partner got the holder's action (withheld ${plan.actions_withheld})`;
        }
    }
    if (pattern === '/api/v1/cases/{id}' || pattern === '/api/v1/cases/{id}/notes') {
        if (part.whole && !hasNote) return 'the whole case lacks the holder\'s note';
        if (!part.whole && hasNote) return 'a partner got the holder\'s note';
    }
    if (pattern === '/api/v1/cases/{id}') {
        if (json.part?.whole !== part.whole) return `part.whole is ${json.part?.whole}, expected ${part.whole}`;
        const assessment = part.whole || part.assessment;
        if (json.part.assessment !== assessment) return `part.assessment is ${json.part.assessment}, expected ${assessment}`;
    }
    return null;
}

// The person's data must be in an allowed answer: its id where the route names it.
function carriesRecord(pattern, json, record) {
    const text = JSON.stringify(json);
    switch (pattern) {
        case '/api/v1/persons/{id}': return json.id === record.person;
        case '/api/v1/persons/{id}/consultations': return Array.isArray(json.items);
        case '/api/v1/persons/{id}/households': return json.items?.some((h) => h.id === record.household);
        case '/api/v1/persons/{id}/disclosure-copy': return typeof json.person?.name === 'string';
        case '/api/v1/persons/{id}/participation': return json.person_id === record.person;
        case '/api/v1/persons/{id}/traits': return json.person_id === record.person && Array.isArray(json.traits);
        case '/api/v1/consultations/{id}': return json.id === record.consultation;
        case '/api/v1/households/{id}': return json.id === record.household;
        case '/api/v1/referrals/{id}': return json.id === record.referral && json.person_id === record.person;
        case '/api/v1/meetings/{id}': return json.id === record.meeting && text.includes(`"person_id":${record.person}`);
        case '/api/v1/cases/{id}': return json.id === record.case && json.person?.id === record.person;
        case '/api/v1/plans/{id}': return json.id === record.plan;
        default: return Array.isArray(json.items);
    }
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
let cells = 0;
const fail = (message) => { failures++; console.log(`not ok - ${message}`); };
try {
    const sessions = {};
    for (const r of ROLES) sessions[r.username] = await signIn(r.username);
    const s = { houkatsu: sessions['demo-houkatsu'], npo: sessions['demo-npo'],
                coordinator: sessions['demo-coordinator'], volunteer: sessions['demo-volunteer'] };

    // The routes, from the server's own description of itself.
    const openapi = await must(s.coordinator, 'GET', '/api/v1/openapi.json', undefined, 200);
    const personal = /^\/api\/v1\/(persons\/\{id\}(\/[a-z-]+)?|consultations\/\{id\}|households\/\{id\}|referrals\/\{id\}|meetings\/\{id\}|cases\/\{id\}(\/[a-z-]+)?|plans\/\{id\})$/;
    const routes = Object.entries(openapi.paths).filter(([path, ops]) => ops.get && personal.test(path))
        .map(([path]) => path).filter((path) => !path.endsWith('/emergency-access'));
    const unexpected = routes.filter((path) => !(path in EXPECT));
    for (const path of unexpected) fail(`GET ${path} returns personal data but the matrix has no expectation for it`);
    for (const path of Object.keys(EXPECT)) {
        if (!routes.includes(path)) fail(`GET ${path} is missing from the OpenAPI document`);
    }
    if (!openapi.paths['/api/v1/persons']?.get) fail('GET /api/v1/persons (search) is missing from the OpenAPI document');

    const organizations = await must(s.coordinator, 'GET', '/api/v1/organizations', undefined, 200);
    const orgId = (name) => organizations.items.find((o) => o.name === name).id;
    const bodies = await must(s.coordinator, 'GET', '/api/v1/meeting-bodies', undefined, 200);
    const ids = { npo: orgId('NPO法人 ひだまりの家（ひきこもり支援）'), houkatsu: orgId('栄浜町地域包括支援センター'),
                  welfare: orgId('福祉課'),
                  article_body: bodies.items.find((b) => b.legal_basis === 'article_106_6').id,
                  multilayer_body: bodies.items.find((b) => b.legal_basis === 'multilayer_meeting').id };

    const records = {};
    for (const [index, state] of STATES.entries()) records[state] = await setUp(state, index, s, ids);

    // What an id that exists nowhere answers, per user and route: a refusal must look exactly like it.
    const missing = {};
    for (const r of ROLES) {
        for (const pattern of routes) {
            missing[`${r.username} ${pattern}`] =
                normalized(await send(sessions[r.username], 'GET', pattern.replace('{id}', MISSING_ID)));
        }
    }

    for (const state of STATES) {
        const record = records[state];
        for (const r of ROLES) {
            const session = sessions[r.username];
            const decision = decide(r, state);
            for (const pattern of routes) {
                const expected = EXPECT[pattern](r, state, decision);
                const id = idFor(pattern, record);
                if (expected === undefined || id === undefined) continue;
                cells++;
                const where = `${state} × ${r.username} × GET ${pattern}`;
                const response = await send(session, 'GET', pattern.replace('{id}', id));
                if (expected === 'withheld') {
                    if (response.status !== 200 || response.text.includes(`"person_id":${record.person}`) ||
                        response.text.includes('支援会議で共有した概要')) {
                        fail(`${where}: expected the meeting without the person's item, got ${response.status} ` +
                             `${response.text.slice(0, 200)}`);
                    }
                } else if (expected) {
                    if (response.status !== 200 || !carriesRecord(pattern, response.json, record)) {
                        fail(`${where}: expected the record, got ${response.status} ${response.text.slice(0, 200)}`);
                    } else if (pattern === '/api/v1/persons/{id}' &&
                               (response.json.access.level !== decision.level ||
                                response.json.access.basis !== decision.basis)) {
                        fail(`${where}: expected ${decision.level}/${decision.basis}, got ` +
                             `${response.json.access.level}/${response.json.access.basis}`);
                    } else if (pattern === '/api/v1/persons/{id}' && decision.level !== 'full' &&
                               ('phone' in response.json || 'address' in response.json)) {
                        fail(`${where}: address or phone shown at level ${decision.level}`);
                    } else if (/^\/api\/v1\/(cases\/\{id\}|plans\/\{id\})/.test(pattern)) {
                        const problem = partProblem(pattern, response.json, casePart(r, state, decision));
                        if (problem) fail(`${where}: ${problem}`);
                    }
                } else if (normalized(response) !== missing[`${r.username} ${pattern}`]) {
                    fail(`${where}: the refusal differs from a missing record: ${normalized(response).slice(0, 200)} ` +
                         `vs ${missing[`${r.username} ${pattern}`].slice(0, 200)}`);
                } else if (response.status < 400) {
                    fail(`${where}: a refusal answered ${response.status}`);
                }
            }

            // Search by the person's name: present exactly when the policy lets the user know who they are.
            cells++;
            const index = STATES.indexOf(state);
            const search = await send(session, 'GET', `/api/v1/persons?q=権限 ${KANJI_GIVEN[index]}&limit=100`);
            const found = search.status === 200 && search.json.items.some((p) => p.id === record.person);
            if (found !== inSearch(decision)) {
                fail(`${state} × ${r.username} × search: expected ${inSearch(decision) ? 'found' : 'absent'}, got ` +
                     `${search.status} ${found ? 'found' : 'absent'}`);
            }
            // The case list: a case the user may not open is not listed either.
            cells++;
            const caseList = await send(session, 'GET', `/api/v1/cases?limit=100`);
            const caseListed = caseList.status === 200 && caseList.json.items.some((c) => c.id === record.case);
            const mayOpenCase = EXPECT['/api/v1/cases/{id}'](r, state, decision);
            if (caseListed !== mayOpenCase) {
                fail(`${state} × ${r.username} × GET /api/v1/cases: listed=${caseListed}, expected ${mayOpenCase}`);
            }
            // The meetings list: a meeting the user may not open is not counted in it either.
            if (record.meeting !== undefined) {
                cells++;
                const list = await send(session, 'GET', `/api/v1/meetings?body_id=${record.meeting_body}`);
                const listed = list.status === 200 && list.json.items.some((m) => m.id === record.meeting);
                const may = Boolean(EXPECT['/api/v1/meetings/{id}'](r, state, decision));
                if (listed !== may) fail(`${state} × ${r.username} × GET /api/v1/meetings: listed=${listed}, expected ${may}`);
                if (listed && JSON.stringify(list.json).includes('支援会議で共有した概要')) {
                    fail(`${state} × ${r.username} × GET /api/v1/meetings: the list carries a shared summary`);
                }
            }
        }
    }

    // The write routes, after every read: state × role × route.
    for (const state of STATES) {
        const record = records[state];
        const index = STATES.indexOf(state);
        for (const r of ROLES) {
            const session = sessions[r.username];
            const decision = decide(r, state);
            for (const [route, expect] of Object.entries(WRITES)) {
                cells++;
                const [method, pattern] = route.split(' ');
                const body = writeBody(pattern, state, index, ids);
                const id = pattern.startsWith('/api/v1/persons/') ? record.person : record.case;
                const expected = expect(r, state, decision);
                const where = `${state} × ${r.username} × ${route}`;
                const response = await send(session, method, pattern.replace('{id}', id), body);
                if (expected === 'created' && response.status !== 201) {
                    fail(`${where}: expected 201 (allowed), got ${response.status} ${response.text.slice(0, 200)}`);
                } else if (expected === 'conflict' && response.status !== 409) {
                    fail(`${where}: expected 409 (allowed, stale version), got ${response.status} ${response.text.slice(0, 200)}`);
                } else if (expected === 'refused' &&
                           (response.status !== 403 || response.json?.error?.code !== 'permission_denied' ||
                            !response.json?.error?.message)) {
                    fail(`${where}: expected 403 with a reason, got ${response.status} ${response.text.slice(0, 200)}`);
                } else if (expected === 'hidden') {
                    const nowhere = normalized(await send(session, method, pattern.replace('{id}', MISSING_ID), body));
                    if (normalized(response) !== nowhere) {
                        fail(`${where}: the refusal differs from a missing record: ${normalized(response).slice(0, 200)} ` +
                             `vs ${nowhere.slice(0, 200)}`);
                    }
                }
            }
        }
    }
    // 民生委員の活動記録 (issue 15, item 4; access_policy.cpp, CommissionerMonthAccess, CommissionerNotesAccess,
    // CouncilRollUpAccess, MunicipalActivityTotalAccess). The demo's 民生委員 belongs to 浜地区民児協, whose staff in
    // charge is demo-caseworker; demo-coordinator is in charge of 山手地区民児協. 民生委員法 第15条: her month and her
    // notes on individuals are hers and her 民児協's staff in charge's only — anyone else gets exactly "not found".
    {
        const standing = await must(s.volunteer, 'GET', '/api/v1/commissioner-activity/standing', undefined, 200);
        const commissioner = standing.self.user_id;
        const council = standing.self.council_id;
        const herselfOrStaff = (r) => r.username === 'demo-volunteer' || r.username === 'demo-caseworker';
        const routes = [
            { pattern: '/api/v1/commissioners/{id}/activity?month=2024-05', id: commissioner, allowed: herselfOrStaff },
            { pattern: '/api/v1/commissioners/{id}/notes', id: commissioner, allowed: herselfOrStaff },
            { pattern: '/api/v1/commissioner-councils/{id}/activity?month=2024-05', id: council,
              allowed: (r) => herselfOrStaff(r) || r.role === 'municipal_administrator' },
        ];
        for (const r of ROLES) {
            const session = sessions[r.username];
            for (const route of routes) {
                cells++;
                const where = `commissioner × ${r.username} × ${route.pattern}`;
                const response = await send(session, 'GET', route.pattern.replace('{id}', route.id));
                if (route.allowed(r)) {
                    if (response.status !== 200) fail(`${where}: expected 200, got ${response.status} ${response.text.slice(0, 200)}`);
                    continue;
                }
                const nowhere = normalized(await send(session, 'GET', route.pattern.replace('{id}', MISSING_ID)));
                if (response.status !== 404 || normalized(response) !== nowhere) {
                    fail(`${where}: the refusal differs from a missing record: ${normalized(response).slice(0, 200)} vs ${nowhere.slice(0, 200)}`);
                }
            }
            // The town's total names no one: the staff in charge of a 民児協 and the town's administrators read it;
            // anyone else is refused with the reason.
            cells++;
            const total = await send(session, 'GET', '/api/v1/commissioner-activity/total?from=2024-04&to=2025-03');
            const reads = r.username === 'demo-caseworker' || r.username === 'demo-coordinator' ||
                          r.role === 'municipal_administrator';
            if (reads ? total.status !== 200
                      : total.status !== 403 || total.json?.error?.code !== 'permission_denied') {
                fail(`commissioner × ${r.username} × total: got ${total.status} ${total.text.slice(0, 200)}`);
            }
        }
    }
} catch (error) {
    fail(error.stack ?? String(error));
} finally {
    server.child.kill('SIGTERM');
}
console.log(`${cells - failures} of ${cells} cells passed, ${failures} failed, in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(failures === 0 && cells > 0 ? 0 : 1);
