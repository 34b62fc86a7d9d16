// SPDX-License-Identifier: Apache-2.0
// Tenant isolation with a second municipality made the way an operator makes one (issue 11, item 13): through the
// CLI (`kasane tenant add-prefecture`, `tenant add-municipality`, `tenant add-organization`, `user add --municipality`),
// not SQL inserts. The demo registers 鳥取県; from then on a municipality is added only in a registered prefecture.
// A caseworker of each town records a consultation; neither sees the other's person, by id or by search.
//
// Usage: node run.mjs   with KASANE_BIN and KASANE_TEST_DB (sqlite:PATH or postgresql://...) set.

import { spawnSync } from 'node:child_process';
import { Check, CreateConsultation, Describe, Environment, Finish, Request, RunKasane, SignIn, StartServer,
         StopServer } from '../crash/harness.mjs';

const { bin, db } = Environment();
const kasane = (args, input) => {
    const result = spawnSync(bin, args, { encoding: 'utf8', input });
    return { code: result.status, output: `${result.stdout}${result.stderr}`.trim() };
};

RunKasane(bin, ['demo', '--db', db]);
const bad = kasane(['tenant', 'add-municipality', '--db', db, '--code', '313727', '--name', '北栄町',
                    '--prefecture-name', '鳥取県']);
Check(bad.code !== 0 && bad.output.includes('(code)'), 'a wrong check digit is refused, naming the flag', bad.output);
const added = kasane(['tenant', 'add-municipality', '--db', db, '--code', '313726', '--name', '北栄町',
                      '--prefecture-name', '鳥取県']);
Check(added.code === 0, 'the operator adds 北栄町 (313726) with the CLI', added.output);
const again = kasane(['tenant', 'add-municipality', '--db', db, '--code', '313726', '--name', '北栄町',
                      '--prefecture-name', '鳥取県']);
Check(again.code !== 0, 'the same code twice is refused', again.output);
const tottoriAgain = kasane(['tenant', 'add-prefecture', '--db', db, '--code', '31', '--name', '鳥取県']);
Check(tottoriAgain.code !== 0 && tottoriAgain.output.includes('(code)'),
      'the demo registered 鳥取県, so registering it again is refused', tottoriAgain.output);
const chiyodaEarly = kasane(['tenant', 'add-municipality', '--db', db, '--code', '131016', '--name', '千代田区',
                             '--prefecture-name', '東京都']);
Check(chiyodaEarly.code !== 0 && chiyodaEarly.output.includes('(code)') && chiyodaEarly.output.includes('東京都'),
      'a municipality in a prefecture not registered is refused, naming the prefecture', chiyodaEarly.output);
const badPrefecture = kasane(['tenant', 'add-prefecture', '--db', db, '--code', '130002', '--name', '東京都']);
Check(badPrefecture.code !== 0 && badPrefecture.output.includes('(code)'),
      'a prefecture code with a wrong check digit is refused', badPrefecture.output);
const wrongName = kasane(['tenant', 'add-prefecture', '--db', db, '--code', '13', '--name', '大阪府']);
Check(wrongName.code !== 0 && wrongName.output.includes('(name)'), 'a name that is not the code’s is refused',
      wrongName.output);
const tokyo = kasane(['tenant', 'add-prefecture', '--db', db, '--code', '130001', '--name', '東京都']);
Check(tokyo.code === 0 && tokyo.output.includes('13'), 'the operator registers 東京都 by its 6-digit code',
      tokyo.output);
const chiyoda = kasane(['tenant', 'add-municipality', '--db', db, '--code', '131016', '--name', '千代田区']);
Check(chiyoda.code === 0 && chiyoda.output.includes('東京都千代田区'),
      'then 千代田区 is added, taking the registered prefecture’s name', chiyoda.output);
const organization = kasane(['tenant', 'add-organization', '--db', db, '--municipality', '313726', '--kind',
                             'municipal_division', '--name', '福祉課']);
Check(organization.code === 0, 'and an organisation in it', organization.output);
const user = kasane(['user', 'add', '--db', db, '--municipality', '313726', '--organization', '福祉課', '--username',
                     'hokuei-caseworker', '--display-name', '北栄 相談員', '--roles', 'caseworker', '--password-stdin'],
                    'hokuei-password-1234\n');
Check(user.code === 0, 'and a caseworker of that town', user.output);

const server = await StartServer(bin, db);
const demo = await SignIn(server.port, 'demo-caseworker');
const hokuei = await (async () => {
    const body = JSON.stringify({ username: 'hokuei-caseworker', password: 'hokuei-password-1234' });
    const response = await Request(server.port, 'POST', '/api/v1/sessions',
                                   { headers: { 'Content-Type': 'application/json' }, body });
    const cookie = [].concat(response.headers?.['set-cookie'] ?? []).map((c) => c.split(';')[0])
        .find((c) => c.startsWith('kasane_session='));
    return { cookie, csrf: response.status === 201 ? JSON.parse(response.body).csrf_token : undefined,
             status: response.status };
})();
Check(hokuei.status === 201, 'the new town’s caseworker signs in', `${hokuei.status}`);
const town = await Request(server.port, 'GET', '/api/v1/municipality', { headers: { Cookie: hokuei.cookie } });
Check(town.status === 200 && JSON.parse(town.body).code === '313726', 'in 北栄町', Describe(town));

const mine = await CreateConsultation(server.port, hokuei, `tenants-${process.pid}-hokuei`, 1);
const theirs = await CreateConsultation(server.port, demo, `tenants-${process.pid}-demo`, 2);
Check(mine.status === 201 && theirs.status === 201, 'each town records a consultation', `${Describe(mine)} / ${Describe(theirs)}`);
const myPerson = JSON.parse(mine.body).person_id ?? JSON.parse(mine.body).person?.id;
const theirPerson = JSON.parse(theirs.body).person_id ?? JSON.parse(theirs.body).person?.id;
for (const [who, session, other] of [['北栄町', hokuei, theirPerson], ['the demo town', demo, myPerson]]) {
    const byId = await Request(server.port, 'GET', `/api/v1/persons/${other}`, { headers: { Cookie: session.cookie } });
    Check(byId.status === 404, `${who}'s caseworker gets 404 for the other town's person`, Describe(byId));
    const search = await Request(server.port, 'GET', `/api/v1/persons?q=${encodeURIComponent('しけん')}`,
                                 { headers: { Cookie: session.cookie } });
    const ids = search.status === 200 ? (JSON.parse(search.body).items ?? []).map((p) => p.id) : [];
    Check(search.status === 200 && !ids.includes(other), `and does not find them by name`, Describe(search));
}
const exit = await StopServer(server);
Check(exit.code === 0, 'the server stops cleanly', JSON.stringify(exit));
Finish();
