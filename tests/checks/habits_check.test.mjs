// SPDX-License-Identifier: Apache-2.0
//
// Tests of the other checks of `make test`: scripts/check_tidy.sh must fail on a use after move (its CI checks
// are not switched off by a typo), and scripts/spdx.sh must add the licence line in each language's comment,
// keep a #! line first, leave third-party files alone, be idempotent, and fail its --check on a file without it.
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

function Run(command, args, options = {}) {
    const run = spawnSync(command, args, { encoding: 'utf8', ...options });
    return { status: run.status, output: run.stdout + run.stderr };
}

function HaveClangTidy() {
    return ['clang-tidy-14', 'clang-tidy'].some((name) => Run('sh', ['-c', `command -v ${name}`]).status === 0);
}

test('the clang-tidy check fails on a use after move and passes the fixed file', { skip: !HaveClangTidy() && 'clang-tidy is not installed' }, () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'kasane-tidy-'));
    const source = path.join(directory, 'moved.cpp');
    const database = [{ directory, file: source, command: `c++ -std=c++20 -c ${source} -o /dev/null` }];
    fs.writeFileSync(path.join(directory, 'compile_commands.json'), JSON.stringify(database));

    fs.writeFileSync(source, [
        '#include <string>',
        '#include <utility>',
        'std::size_t Keep(std::string&& text);',
        'std::size_t Twice(std::string text) {',
        '    const std::size_t first = Keep(std::move(text));',
        '    return first + text.size();',
        '}',
        ''].join('\n'));
    const bad = Run(path.join(kRepository, 'scripts/check_tidy.sh'), ['-p', directory, source]);
    assert.equal(bad.status, 1, bad.output);
    assert.match(bad.output, /moved\.cpp:6:\d+: error: 'text' used after it was moved \[bugprone-use-after-move/);

    fs.writeFileSync(source, [
        '#include <string>',
        '#include <utility>',
        'std::size_t Keep(std::string&& text);',
        'std::size_t Twice(std::string text) {',
        '    const std::size_t size = text.size();',
        '    return Keep(std::move(text)) + size;',
        '}',
        ''].join('\n'));
    const good = Run(path.join(kRepository, 'scripts/check_tidy.sh'), ['-p', directory, source]);
    fs.rmSync(directory, { recursive: true, force: true });
    assert.equal(good.status, 0, good.output);
    assert.match(good.output, /clang-tidy: 1 file\(s\)/);
});

test('clang-14 parse limits are noted, not failed, and do not hide a finding beside them', { skip: !HaveClangTidy() && 'clang-tidy is not installed' }, () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'kasane-tidy-'));
    const source = path.join(directory, 'binding.cpp');
    const database = [{ directory, file: source, command: `c++ -std=c++20 -c ${source} -o /dev/null` }];
    fs.writeFileSync(path.join(directory, 'compile_commands.json'), JSON.stringify(database));
    // A lambda capturing a structured binding: C++20, compiled by g++ 12, refused by clang before 16.
    const binding = [
        '#include <string>',
        '#include <utility>',
        'std::size_t Keep(std::string&& text);',
        'std::size_t Size(std::pair<int, std::string> found) {',
        '    auto& [number, text] = found;',
        '    return [&] { return text.size() + number; }();',
        '}',
        ''];
    fs.writeFileSync(source, binding.join('\n'));
    const limited = Run(path.join(kRepository, 'scripts/check_tidy.sh'), ['-p', directory, source]);
    assert.equal(limited.status, 0, limited.output);
    assert.match(limited.output, /note: clang-14 cannot parse part of .*binding\.cpp/);
    assert.match(limited.output, /1 file\(s\) partly beyond clang-14/);

    fs.writeFileSync(source, [...binding,
        'std::size_t Twice(std::string text) {',
        '    const std::size_t first = Keep(std::move(text));',
        '    return first + text.size();',
        '}',
        ''].join('\n'));
    const found = Run(path.join(kRepository, 'scripts/check_tidy.sh'), ['-p', directory, source]);
    fs.rmSync(directory, { recursive: true, force: true });
    assert.equal(found.status, 1, found.output);
    assert.match(found.output, /binding\.cpp:11:\d+: error: 'text' used after it was moved \[bugprone-use-after-move/);
});

test('spdx.sh marks each language, keeps #! first, leaves third-party files, and its --check fails before', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kasane-spdx-'));
    const files = {
        'src/base/a.hpp': '#pragma once\n',
        'src/web/CMakeLists.txt': 'add_library(x a.cpp)\n',
        'scripts/run.sh': '#!/usr/bin/env bash\necho hello\n',
        'tests/api/run.mjs': "import fs from 'node:fs';\n",
        'bench/report.lua': 'done = function() end\n',
        'Makefile': 'all:\n\ttrue\n',
        'src/base/vendored.hpp': '// SPDX-License-Identifier: MIT\n// Copyright someone else\n',
        'src/web/templates/page.html': '<p>not marked: served as it is</p>\n',
    };
    for (const [file, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
        fs.writeFileSync(path.join(root, file), text);
    }
    fs.chmodSync(path.join(root, 'scripts/run.sh'), 0o755);
    const script = path.join(kRepository, 'scripts/spdx.sh');

    const before = Run(script, ['--check', '--root', root]);
    assert.equal(before.status, 1, before.output);
    assert.match(before.output, /spdx: 6 file\(s\) lack/);
    assert.match(before.output, /^src\/base\/a\.hpp$/m);

    const add = Run(script, ['--root', root]);
    assert.equal(add.status, 0, add.output);
    const read = (file) => fs.readFileSync(path.join(root, file), 'utf8');
    assert.equal(read('src/base/a.hpp'), '// SPDX-License-Identifier: Apache-2.0\n#pragma once\n');
    assert.equal(read('src/web/CMakeLists.txt'), '# SPDX-License-Identifier: Apache-2.0\nadd_library(x a.cpp)\n');
    assert.equal(read('scripts/run.sh'), '#!/usr/bin/env bash\n# SPDX-License-Identifier: Apache-2.0\necho hello\n');
    assert.equal(read('tests/api/run.mjs'), "// SPDX-License-Identifier: Apache-2.0\nimport fs from 'node:fs';\n");
    assert.equal(read('bench/report.lua'), '-- SPDX-License-Identifier: Apache-2.0\ndone = function() end\n');
    assert.equal(read('Makefile'), '# SPDX-License-Identifier: Apache-2.0\nall:\n\ttrue\n');
    assert.equal(read('src/base/vendored.hpp'), files['src/base/vendored.hpp']);
    assert.equal(read('src/web/templates/page.html'), files['src/web/templates/page.html']);

    const again = Run(script, ['--root', root]);
    assert.match(again.output, /spdx: 0 file\(s\) changed/);
    const after = Run(script, ['--check', '--root', root]);
    fs.rmSync(root, { recursive: true, force: true });
    assert.equal(after.status, 0, after.output);
});
