// SPDX-License-Identifier: Apache-2.0
//
// Tests of the layer check (scripts/check_layers.mjs): it is run as `make test` runs it, as a process over a tree,
// on small fixture trees and on a copy of this repository with a wrong include written into it. A check that
// passes everything would fail here.
//
// Run: node --test tests/checks/

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const kRepository = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const kChecker = path.join(kRepository, 'scripts/check_layers.mjs');

const kLayers = `
layer base:
layer domain:  base
layer storage: base domain
layer http:    base domain
layer web:     base domain http
layer app:     base domain storage http web
layer cli:     base domain storage http web app
tree tests: *
tree fuzz: base
test-files: *_test.cpp
forbid web http: storage/** domain/*repositories.hpp
`;

// A tree that follows kLayers; each test changes one thing in a copy of it.
const kGoodTree = {
    'src/layers.txt': kLayers,
    'src/base/result.hpp': '#pragma once\n#include <expected>\n',
    'src/domain/person.hpp': '#pragma once\n#include "base/result.hpp"\n',
    'src/domain/repositories.hpp': '#pragma once\n#include "domain/person.hpp"\n',
    'src/storage/sql/store.cpp': '#include "domain/repositories.hpp"\n#include "base/result.hpp"\n',
    'src/http/router.hpp': '#pragma once\n#include "domain/person.hpp"\n',
    'src/web/pages.cpp': '#include "http/router.hpp"\n#include "domain/person.hpp"\n',
    'src/web/pages_test.cpp': '#include "web/pages.hpp"\n#include "storage/sql/store.hpp"\n',
    'src/app/services.cpp': '#include "storage/sql/store.hpp"\n#include "web/pages.hpp"\n',
    'src/cli/main.cpp': '#include "app/services.hpp"\n',
    'tests/storage/contract_test.cpp': '#include "contract_support.hpp"\n#include "storage/sql/store.hpp"\n',
    'tests/storage/contract_support.hpp': '#pragma once\n#include "cli/commands.hpp"\n',
    'fuzz/text_fuzz.cpp': '// #include "web/pages.hpp" in a comment is not an include\n#include "base/result.hpp"\n',
};

function MakeTree(changes = {}) {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kasane-layers-'));
    for (const [file, text] of Object.entries({ ...kGoodTree, ...changes })) {
        if (text === null) continue;
        fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
        fs.writeFileSync(path.join(root, file), text);
    }
    return root;
}

function RunChecker(root) {
    const run = spawnSync(process.execPath, [kChecker, '--root', root], { encoding: 'utf8' });
    fs.rmSync(root, { recursive: true, force: true });
    return { status: run.status, output: run.stdout + run.stderr };
}

test('a tree that follows the layers passes', () => {
    const { status, output } = RunChecker(MakeTree());
    assert.equal(status, 0, output);
    assert.match(output, /layers: 12 files/);
});

test('a wrong include fails, naming the file, the line and the rule', () => {
    const { status, output } = RunChecker(
        MakeTree({ 'src/domain/person.hpp': '#pragma once\n#include "base/result.hpp"\n#include "storage/sql/store.hpp"\n' }));
    assert.equal(status, 1, output);
    assert.match(output, /src\/domain\/person\.hpp:3: #include "storage\/sql\/store\.hpp": domain may not include storage\//);
    assert.match(output, /by rule "layer domain: base" \(src\/layers\.txt:3\)/);
});

test('nothing may include cli, and app may not include it back (the cycle that was)', () => {
    const { status, output } = RunChecker(MakeTree({ 'src/app/main.cpp': '#include "cli/commands.hpp"\n' }));
    assert.equal(status, 1, output);
    assert.match(output, /src\/app\/main\.cpp:1: #include "cli\/commands\.hpp": app may not include cli\//);
});

test('web and http may not include a repository port or storage, though domain is allowed', () => {
    const { status, output } = RunChecker(MakeTree({
        'src/web/pages.cpp': '#include "domain/person.hpp"\n#include "domain/case_repositories.hpp"\n',
        'src/http/router.hpp': '#pragma once\n#include "storage/sql/store.hpp"\n',
    }));
    assert.equal(status, 1, output);
    assert.match(output, /src\/web\/pages\.cpp:2: #include "domain\/case_repositories\.hpp": web may not include it, by "forbid web http:/);
    assert.match(output, /src\/http\/router\.hpp:2: #include "storage\/sql\/store\.hpp": http may not include it/);
});

test('a pending entry hides its one include, and fails once it is no longer needed', () => {
    const pending = `${kLayers}pending src/web/pages.cpp: domain/repositories.hpp\n`;
    const hidden = RunChecker(MakeTree({
        'src/layers.txt': pending,
        'src/web/pages.cpp': '#include "domain/repositories.hpp"\n',
    }));
    assert.equal(hidden.status, 0, hidden.output);
    assert.match(hidden.output, /1 pending entries still needed/);

    const stale = RunChecker(MakeTree({ 'src/layers.txt': pending }));
    assert.equal(stale.status, 1, stale.output);
    assert.match(stale.output, /src\/layers\.txt:13: "pending src\/web\/pages\.cpp: domain\/repositories\.hpp" is no longer needed/);

    // A pending entry excuses only a forbid rule, never a break of the layer order.
    const misuse = RunChecker(MakeTree({
        'src/layers.txt': `${kLayers}pending src/domain/person.hpp: web/pages.hpp\n`,
        'src/domain/person.hpp': '#include "web/pages.hpp"\n',
    }));
    assert.equal(misuse.status, 1, misuse.output);
    assert.match(misuse.output, /domain may not include web\//);
    assert.match(misuse.output, /is no longer needed/);
});

test('a folder of src/ without a layer line, a bare include in src/ and ".." fail', () => {
    const { status, output } = RunChecker(MakeTree({
        'src/demo/town.cpp': '#include "domain/person.hpp"\n',
        'src/base/time.cpp': '#include "result.hpp"\n#include "../base/result.hpp"\n',
        'tests/api/run_test.cpp': '#include "missing_support.hpp"\n',
    }));
    assert.equal(status, 1, output);
    assert.match(output, /src\/demo\/ is not a layer: add "layer demo: \.\.\."/);
    assert.match(output, /src\/base\/time\.cpp:1: #include "result\.hpp" is not a path under src\//);
    assert.match(output, /src\/base\/time\.cpp:2: #include "\.\.\/base\/result\.hpp" climbs with "\.\."/);
    assert.match(output, /tests\/api\/run_test\.cpp:1: #include "missing_support\.hpp" is not a path under src\//);
});

test('outside src/ a tree follows its own line', () => {
    const { status, output } = RunChecker(MakeTree({ 'fuzz/text_fuzz.cpp': '#include "http/router.hpp"\n' }));
    assert.equal(status, 1, output);
    assert.match(output, /fuzz\/text_fuzz\.cpp:1: #include "http\/router\.hpp": fuzz\/ may not include http\//);
});

test('a layers file with a cycle, an unknown name or an unreadable line fails', () => {
    const cycle = RunChecker(MakeTree({ 'src/layers.txt': kLayers.replace('layer base:', 'layer base: web') }));
    assert.equal(cycle.status, 1, cycle.output);
    assert.match(cycle.output, /cycle: base -> web -> base|cycle: .*base.*web/);

    const unknown = RunChecker(MakeTree({ 'src/layers.txt': `${kLayers}layer demo: base domian\n` }));
    assert.equal(unknown.status, 1, unknown.output);
    assert.match(unknown.output, /layer demo names domian, which is not a layer/);

    const typo = RunChecker(MakeTree({ 'src/layers.txt': `${kLayers}forbidd web: storage/**\n` }));
    assert.equal(typo.status, 1, typo.output);
    assert.match(typo.output, /src\/layers\.txt:13: cannot read/);
});

// The repository's own layers file, on a copy of its C++ with one wrong include written into a domain header.
test('the real layers file fails a copy of this repository with a wrong include, and passes the copy without', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kasane-layers-copy-'));
    for (const tree of ['src', 'bench', 'fuzz', 'tests']) {
        fs.cpSync(path.join(kRepository, tree), path.join(root, tree), {
            recursive: true,
            filter: (source) => !source.includes(`${path.sep}node_modules`),
        });
    }
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'kasane-layers-copy2-'));
    fs.cpSync(root, copy, { recursive: true });

    const clean = RunChecker(root);
    assert.equal(clean.status, 0, clean.output);

    const header = path.join(copy, 'src/domain/person.hpp');
    const lines = fs.readFileSync(header, 'utf8').split('\n');
    const first_include = lines.findIndex((line) => line.startsWith('#include "'));
    lines.splice(first_include, 0, '#include "web/pages.hpp"');
    fs.writeFileSync(header, lines.join('\n'));
    const broken = RunChecker(copy);
    assert.equal(broken.status, 1, broken.output);
    assert.match(broken.output, new RegExp(`src/domain/person\\.hpp:${first_include + 1}: #include "web/pages\\.hpp": domain may not include web/`));
});

test('the copy of the layers file in docs/architecture.md must be the file', () => {
    const document = (copy) => `# Architecture\n\n<!-- src/layers.txt -->\n\`\`\`\n${copy}\`\`\`\n`;
    const same = RunChecker(MakeTree({ 'docs/architecture.md': document(kLayers) }));
    assert.equal(same.status, 0, same.output);

    const stale = RunChecker(MakeTree({ 'docs/architecture.md': document(kLayers.replace('layer web:     base domain http', 'layer web: base domain')) }));
    assert.equal(stale.status, 1, stale.output);
    assert.match(stale.output, /docs\/architecture\.md:5: the copy of src\/layers\.txt shown there differs from the file/);
});
