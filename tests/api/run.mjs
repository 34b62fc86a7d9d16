// SPDX-License-Identifier: Apache-2.0
// API scenarios against the real binary. Each file in scenarios/ is a list of exchanges written as data:
//
//   ### title                       starts an exchange
//   @as NAME                        (optional) act as NAME: each actor has its own cookie jar
//   POST /api/v1/sessions           request line; ${var} is replaced everywhere
//   Content-Type: application/json  request headers, until a blank line or the body
//   {"username": "..."}             request body, until ----
//   ----
//   201                             expected status
//   > Set-Cookie: kasane_session=   expected header containing a substring (any number of lines)
//   ~ 番号,項目,値                    the body (as UTF-8 text: a CSV file) must contain this line's text
//   {"user": {...}}                 expected JSON: objects match as subsets, "<any>" matches any value,
//                                   "<absent>" requires the key to be missing, arrays need each expected
//                                   element to match some actual element, and [] requires an empty array;
//                                   an element {"<none>": X} requires that no actual element matches X
//   @save NAME path.to.value        save a value of the response for later ${NAME}; a path segment may pick
//                                   an array element by a field: items[code=hikikomori].id
//   ${today} ${yesterday} ${tomorrow} are predefined: dates in Japan (JST), ISO 8601
//   @eval NAME EXPRESSION           before the request, set ${NAME} to arithmetic on saved values:
//                                   @eval contacts_after ${contacts_before} + 2 (digits, + - * / ( ) only)
//   @totp NAME SECRET [STEPS]       before the request, set ${NAME} to the RFC 6238 code (HMAC-SHA-1, 30 s, 6 digits)
//                                   of the saved base32 secret ${SECRET}, STEPS time steps from now (default 0)
//   @save-body NAME                 keep the raw response body (and status) as NAME
//   @same-body NAME                 the raw body must equal the one kept as NAME, byte for byte
//   @forbid TEXT                    (anywhere in a file) a protected value: no response of that file may hold it
//                                   unless its exchange says @reveals, and after the run neither the server's
//                                   output (stdout and stderr) nor any row of the audit table may hold it
//   @reveals                        this exchange's response may hold the file's @forbid values (named staff)
//   @poll N                         work done in the background (出力ファイル): the exchange is sent again, 250 ms
//                                   apart, until it passes or N attempts were made; only the last attempt counts
//   @outside-openapi                this exchange asks for a route the OpenAPI document does not have, on purpose
//                                   (an unknown path or method): its answer must be an error (400 or above) in the
//                                   one error shape instead of a documented response
//
// Characters outside printable ASCII in the request line (and spaces after the target) are percent-encoded,
// so that a query can be written as it is typed: GET /api/v1/persons?q=たかはし とみ
//
// Every response is also checked against the OpenAPI document the server serves (fetched once, before the
// first scenario; see openapi_check.mjs): a route, status or content type the document does not describe, or a
// body its schema rejects, fails the exchange with the route and status named. A run ends with the number of
// documented responses the scenarios exercised.
//
// Usage: node run.mjs [FILE-SUBSTRING]   with KASANE_BIN and KASANE_TEST_DB (sqlite:PATH or postgresql://...) set.
// tests/golden/run.mjs imports the runner (parseScenario, runScenarioText, startServer, request) to set up the
// data its golden files are made from.

import { spawn, spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { OpenApiCheck } from './openapi_check.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = process.env.KASANE_BIN;
const db = process.env.KASANE_TEST_DB;
const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain && (!bin || !db)) {
    console.error('KASANE_BIN and KASANE_TEST_DB must be set');
    process.exit(2);
}

// Every @forbid value of every file: checked against the server's output and the audit table after the run.
const forbiddenEverywhere = [];

export function parseScenario(text, file) {
    const exchanges = [];
    exchanges.forbidden = [];
    let current = null;
    let mode = 'none';
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
        const line = lines[i];
        const where = `${file}:${i + 1}`;
        if (line.startsWith('### ')) {
            current = { title: line.slice(4).trim(), where, actor: null, method: null, target: null, headers: [],
                        body: [], status: null, expectHeaders: [], expectText: [], expectJson: [], saves: [], evals: [],
                        totps: [], saveBodies: [], sameBodies: [] };
            exchanges.push(current);
            mode = 'start';
            continue;
        }
        if (line.startsWith('@forbid ')) {
            const value = line.slice('@forbid '.length).trim();
            exchanges.forbidden.push(value);
            forbiddenEverywhere.push(value);
            continue;
        }
        if (line.startsWith('#') || current === null) continue;
        if (line.trim() === '@reveals') { current.reveals = true; continue; }
        if (line.trim() === '@outside-openapi') { current.outsideOpenApi = true; continue; }
        if (line.startsWith('@as ')) { current.actor = line.slice(4).trim(); continue; }
        if (line.startsWith('@poll ')) { current.attempts = Number(line.slice(6).trim()); continue; }
        if (line.startsWith('@save ')) {
            const [, name, ...pathParts] = line.trim().split(/\s+/);
            current.saves.push({ name, jsonPath: pathParts.join(' ') });
            continue;
        }
        if (line.startsWith('@totp ')) {
            const [, name, secret, steps] = line.trim().split(/\s+/);
            current.totps.push({ name, secret, steps: Number(steps ?? 0) });
            continue;
        }
        if (line.startsWith('@save-body ')) { current.saveBodies.push(line.slice(11).trim()); continue; }
        if (line.startsWith('@same-body ')) { current.sameBodies.push(line.slice(11).trim()); continue; }
        if (line.startsWith('@eval ')) {
            const [, name, ...expression] = line.trim().split(/\s+/);
            current.evals.push({ name, expression: expression.join(' ') });
            continue;
        }
        if (mode === 'start') {
            if (line.trim() === '') continue;
            const request = line.trim();
            const space = request.indexOf(' ');
            current.method = request.slice(0, space);
            current.target = request.slice(space + 1).trim();
            mode = 'headers';
        } else if (mode === 'headers') {
            if (line === '----') { mode = 'status'; continue; }
            if (line.trim() === '') { mode = 'body'; continue; }
            const header = line.match(/^([A-Za-z0-9-]+):\s?(.*)$/);
            if (header && !line.trimStart().startsWith('{')) current.headers.push([header[1], header[2]]);
            else { mode = 'body'; current.body.push(line); }
        } else if (mode === 'body') {
            if (line === '----') { mode = 'status'; continue; }
            current.body.push(line);
        } else if (mode === 'status') {
            if (line.trim() === '') continue;
            current.status = Number(line.trim());
            mode = 'expect';
        } else if (mode === 'expect') {
            if (line.startsWith('> ')) {
                const at = line.indexOf(':');
                current.expectHeaders.push([line.slice(2, at).trim(), line.slice(at + 1).trim()]);
            } else if (line.startsWith('~ ')) {
                current.expectText.push(line.slice(2));
            } else {
                current.expectJson.push(line);
            }
        }
    }
    return exchanges;
}

// RFC 4648 base32 to bytes.
function base32Decode(text) {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
    let bits = 0;
    let value = 0;
    const bytes = [];
    for (const character of text.replace(/[=\s-]/g, '').toUpperCase()) {
        const index = alphabet.indexOf(character);
        if (index < 0) throw new Error(`not base32: ${text}`);
        value = (value << 5) | index;
        bits += 5;
        if (bits >= 8) {
            bytes.push((value >>> (bits - 8)) & 0xff);
            bits -= 8;
        }
    }
    return Buffer.from(bytes);
}

// RFC 6238 with HMAC-SHA-1, 30-second steps and 6 digits, written independently of the server's liboath.
function totp(secretBase32, stepOffset) {
    const counter = Math.floor(Date.now() / 1000 / 30) + stepOffset;
    const message = Buffer.alloc(8);
    message.writeBigUInt64BE(BigInt(counter));
    const digest = createHmac('sha1', base32Decode(secretBase32)).update(message).digest();
    const offset = digest[digest.length - 1] & 0x0f;
    const binary = digest.readUInt32BE(offset) & 0x7fffffff;
    return String(binary % 1000000).padStart(6, '0');
}

function substitute(text, vars) {
    return text.replace(/\$\{([A-Za-z0-9_.]+)\}/g, (_, name) => {
        if (!(name in vars)) throw new Error(`unknown variable \${${name}}`);
        return String(vars[name]);
    });
}

function lookup(value, jsonPath) {
    for (const segment of jsonPath.split('.')) {
        if (value === undefined || value === null) return undefined;
        const pick = segment.match(/^([^[]*)\[([^=\]]+)=([^\]]*)\]$/);
        if (pick) {
            const [, key, field, wanted] = pick;
            const array = key === '' ? value : value[key];
            if (!Array.isArray(array)) return undefined;
            value = array.find((item) => item !== null && typeof item === 'object' && String(item[field]) === wanted);
        } else {
            value = value[segment];
        }
    }
    return value;
}

function evaluate(expression, where) {
    if (!/^[0-9+\-*/(). ]+$/.test(expression)) throw new Error(`${where}: @eval accepts arithmetic only: ${expression}`);
    return Function(`"use strict"; return (${expression});`)();
}

function encodeTarget(target) {
    return target.replace(/[^\x21-\x7e]/gu, (character) => encodeURIComponent(character));
}

function matches(expected, actual, where) {
    if (expected === '<any>') return actual === undefined ? `${where}: missing` : null;
    if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
        if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return `${where}: expected an object`;
        for (const [key, value] of Object.entries(expected)) {
            if (value === '<absent>') {
                if (key in actual) return `${where}.${key}: should be absent`;
                continue;
            }
            if (!(key in actual)) return `${where}.${key}: missing`;
            const problem = matches(value, actual[key], `${where}.${key}`);
            if (problem) return problem;
        }
        return null;
    }
    if (Array.isArray(expected)) {
        if (!Array.isArray(actual)) return `${where}: expected an array`;
        if (expected.length === 0 && actual.length > 0) return `${where}: expected an empty array, got ${actual.length}`;
        for (const [index, item] of expected.entries()) {
            if (item !== null && typeof item === 'object' && !Array.isArray(item) && '<none>' in item) {
                const found = actual.find((candidate) => matches(item['<none>'], candidate, '') === null);
                if (found !== undefined) return `${where}[${index}]: an element matches ${JSON.stringify(item['<none>'])}`;
                continue;
            }
            if (!actual.some((candidate) => matches(item, candidate, '') === null)) {
                return `${where}[${index}]: no element matches ${JSON.stringify(item)}`;
            }
        }
        return null;
    }
    return expected === actual ? null : `${where}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
}

export function request(port, method, target, headers, body) {
    return new Promise((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port, method, path: target, headers }, (res) => {
            const chunks = [];
            res.on('data', (chunk) => chunks.push(chunk));
            res.on('end', () => resolve({ status: res.statusCode, headers: res.headers,
                                          body: Buffer.concat(chunks).toString('utf8') }));
        });
        req.on('error', reject);
        if (body !== undefined) req.write(body);
        req.end();
    });
}

// ${today}, ${yesterday}, ${tomorrow}: dates in Japan (JST) as ISO 8601, for rules that count days from today;
// `now` (milliseconds) is the server's clock when it is fixed for a test.
function calendarVariables(now = Date.now()) {
    const day = (offset) => new Date(now + 9 * 3600 * 1000 + offset * 86400 * 1000).toISOString().slice(0, 10);
    return { today: day(0), yesterday: day(-1), tomorrow: day(1) };
}

async function runScenario(file, port, openapi) {
    return runScenarioText(readFileSync(path.join(here, 'scenarios', file), 'utf8'), file, port, openapi);
}

// Runs the exchanges of one scenario text; `options.now` fixes ${today} and its neighbours, `options.vars` starts
// the variables (and receives every @save, so that a caller can read them afterwards).
export async function runScenarioText(text, file, port, openapi, options = {}) {
    const exchanges = parseScenario(text, file);
    const vars = options.vars ?? {};
    Object.assign(vars, calendarVariables(options.now));
    const jars = {};
    let actor = 'default';
    let failures = 0;
    for (const exchange of exchanges) {
        if (exchange.actor) actor = exchange.actor;
        for (const { name, expression } of exchange.evals) {
            vars[name] = evaluate(substitute(expression, vars), exchange.where);
        }
        for (const { name, secret, steps } of exchange.totps) {
            if (!(secret in vars)) throw new Error(`${exchange.where}: unknown secret \${${secret}}`);
            vars[name] = totp(String(vars[secret]), steps);
        }
        jars[actor] ??= {};
        const headers = { Host: `127.0.0.1:${port}` };
        for (const [name, value] of exchange.headers) headers[name] = substitute(value, vars);
        const cookies = Object.entries(jars[actor]).map(([k, v]) => `${k}=${v}`).join('; ');
        if (cookies && !('Cookie' in headers)) headers.Cookie = cookies;
        let body;
        const bodyText = exchange.body.join('\n').trim();
        if (bodyText !== '') {
            body = Buffer.from(substitute(bodyText, vars), 'utf8');
            headers['Content-Type'] ??= 'application/json';
            headers['Content-Length'] = body.length;
        }
        for (let attempt = 1; ; attempt++) {
        const response = await request(port, exchange.method, encodeTarget(substitute(exchange.target, vars)), headers,
                                       body);
        for (const cookie of [].concat(response.headers['set-cookie'] ?? [])) {
            const [pair] = cookie.split(';');
            const [name, ...rest] = pair.split('=');
            const value = rest.join('=');
            if (value === '' || /Max-Age=0/i.test(cookie)) delete jars[actor][name];
            else jars[actor][name] = value;
        }
        const problems = [];
        if (response.status !== exchange.status) problems.push(`status ${response.status}, expected ${exchange.status}`);
        for (const [name, substring] of exchange.expectHeaders) {
            const value = [].concat(response.headers[name.toLowerCase()] ?? []).join('\n');
            if (!value.includes(substitute(substring, vars))) problems.push(`header ${name} "${value}" lacks "${substring}"`);
        }
        for (const text of exchange.expectText) {
            if (!response.body.includes(substitute(text, vars))) problems.push(`body lacks "${substitute(text, vars)}"`);
        }
        let parsed;
        if (response.body !== '') {
            try { parsed = JSON.parse(response.body); } catch { parsed = undefined; }
        }
        const expectedText = exchange.expectJson.join('\n').trim();
        if (expectedText !== '') {
            const expected = JSON.parse(substitute(expectedText, vars));
            const problem = parsed === undefined ? 'body is not JSON' : matches(expected, parsed, '$');
            if (problem) problems.push(problem);
        }
        if (response.status >= 400 && parsed !== undefined) {
            // Every error has the one shape.
            const problem = matches({ error: { code: '<any>', message: '<any>' } }, parsed, '$');
            if (problem) problems.push(`error shape: ${problem}`);
        }
        if (exchange.outsideOpenApi) {
            if (response.status < 400 || parsed === undefined) {
                problems.push(`@outside-openapi: expected an error in the error shape, got ${response.status}`);
            }
        } else {
            problems.push(...openapi.check(exchange.method, substitute(exchange.target, vars), response));
        }
        if (problems.length > 0 && attempt < (exchange.attempts ?? 1)) {
            await new Promise((resolve) => setTimeout(resolve, 250));
            continue;
        }
        for (const name of exchange.saveBodies) vars[`body:${name}`] = response.body;
        for (const name of exchange.sameBodies) {
            if (!(`body:${name}` in vars)) problems.push(`@same-body ${name}: no body kept under that name`);
            else if (vars[`body:${name}`] !== response.body) {
                problems.push(`body differs from ${name}: ${JSON.stringify(vars[`body:${name}`])}`);
            }
        }
        if (!exchange.reveals) {
            for (const value of exchanges.forbidden) {
                if (response.body.includes(value)) problems.push(`response holds the protected value "${value}"`);
            }
        }
        for (const { name, jsonPath } of exchange.saves) {
            const value = lookup(parsed, substitute(jsonPath, vars));
            if (value === undefined) problems.push(`@save ${name}: ${jsonPath} not in response`);
            vars[name] = value;
        }
        if (problems.length > 0) {
            failures++;
            console.log(`not ok - ${file}: ${exchange.title} (${exchange.where})`);
            for (const problem of problems) console.log(`    ${problem}`);
            console.log(`    response: ${response.status} ${response.body.slice(0, 500)}`);
        } else {
            console.log(`ok - ${file}: ${exchange.title}`);
        }
        break;
        }
    }
    return { total: exchanges.length, failures };
}

export function startServer(serverBin = bin, serverDb = db, extraArguments = []) {
    return new Promise((resolve, reject) => {
        // Everything the server writes is kept (and passed on) for the @forbid check after the run; at the
        // "info" level, so that the check sees what a production log would hold.
        const child = spawn(serverBin, ['serve', '--db', serverDb, '--listen', '127.0.0.1:0', '--log-level', 'info',
                                         ...extraArguments],
                            { stdio: ['ignore', 'pipe', 'pipe'] });
        let output = '';
        const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), 30000);
        child.stderr.on('data', (chunk) => {
            serverOutput.push(chunk);
            process.stderr.write(chunk);
        });
        child.stdout.on('data', (chunk) => {
            serverOutput.push(chunk);
            output += chunk.toString();
            const match = output.match(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
            if (match) { clearTimeout(timer); resolve({ child, port: Number(match[1]) }); }
        });
        child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}: ${output}`)); });
    });
}

const serverOutput = [];

// The whole audit table as text, read with the database's own client.
function auditTableText() {
    const query = 'SELECT * FROM audit_entries';
    const read = db.startsWith('sqlite:')
        ? spawnSync('sqlite3', [db.slice('sqlite:'.length), query], { encoding: 'utf8', maxBuffer: 1 << 28 })
        : spawnSync('psql', [db, '-At', '-c', query], { encoding: 'utf8', maxBuffer: 1 << 28 });
    if (read.status !== 0) throw new Error(`reading the audit table failed: ${read.stderr}`);
    return read.stdout;
}

if (isMain) await main();

async function main() {
    const demo = spawnSync(bin, ['demo', '--db', db], { encoding: 'utf8' });
    if (demo.status !== 0) {
        console.error(`kasane demo failed: ${demo.stdout}${demo.stderr}`);
        process.exit(1);
    }
    const { child, port } = await startServer();
    let total = 0;
    let failures = 0;
    let openapi;
    try {
        const served = await request(port, 'GET', '/api/v1/openapi.json', { Host: `127.0.0.1:${port}` });
        if (served.status !== 200) throw new Error(`GET /api/v1/openapi.json: ${served.status}`);
        openapi = new OpenApiCheck(JSON.parse(served.body));
        const only = process.argv[2];
        for (const file of readdirSync(path.join(here, 'scenarios')).filter((f) => f.endsWith('.txt')).sort()) {
            if (only && !file.includes(only)) continue;
            const result = await runScenario(file, port, openapi);
            total += result.total;
            failures += result.failures;
        }
    } finally {
        child.kill('SIGTERM');
        await new Promise((resolve) => { if (child.exitCode !== null) resolve(); else child.on('exit', resolve); });
    }
    if (forbiddenEverywhere.length > 0) {
        const places = { 'the server output': Buffer.concat(serverOutput).toString('utf8'), 'the audit table': auditTableText() };
        for (const [place, text] of Object.entries(places)) {
            total++;
            const found = forbiddenEverywhere.filter((value) => text.includes(value));
            if (found.length > 0) {
                failures++;
                console.log(`not ok - ${place} holds protected values: ${found.join(', ')}`);
            } else {
                console.log(`ok - ${place} holds none of ${forbiddenEverywhere.length} protected values`);
            }
        }
    }
    if (openapi) console.log(`# ${openapi.described.size} documented responses (route and status) exercised`);
    console.log(`${total - failures} passed, ${failures} failed`);
    process.exit(failures === 0 && total > 0 ? 0 : 1);
}
