#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0
//
// The layer check: reads every `#include "..."` of src/, bench/, fuzz/ and tests/ against src/layers.txt (the
// rules are explained there) and exits 1 naming the file, the line and the rule of each wrong include, and each
// `pending` entry that no longer hides anything. Run by `make test` as the ctest test `layers` (label checks).
//
// Usage: node scripts/check_layers.mjs [--root DIR]     DIR defaults to the repository holding this script.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const kTrees = ['src', 'bench', 'fuzz', 'tests'];
const kCxxExtensions = new Set(['.cpp', '.hpp', '.h', '.cc', '.hh', '.cxx', '.ipp', '.inc']);
const kSkippedDirectories = new Set(['node_modules', 'build', '.git', 'corpus']);
const kLayersFile = 'src/layers.txt';

// A pattern of src/layers.txt as a regular expression: `**` crosses path segments, `*` does not.
function PatternToRegExp(pattern) {
    let source = '';
    for (let i = 0; i < pattern.length; ++i) {
        const character = pattern[i];
        if (character === '*' && pattern[i + 1] === '*') {
            source += '.*';
            ++i;
        } else if (character === '*') {
            source += '[^/]*';
        } else {
            source += character.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
        }
    }
    return new RegExp(`^${source}$`);
}

// Parses the layers file; a line it cannot read is an error (a typo must not switch a rule off).
export function ParseLayers(text, file_name = kLayersFile) {
    const rules = { layers: new Map(), trees: new Map(), test_files: [], forbids: [], pending: [], errors: [] };
    const lines = text.split('\n');
    for (let index = 0; index < lines.length; ++index) {
        const line_number = index + 1;
        const line = lines[index].replace(/#.*/, '').trim();
        if (line === '') continue;
        const where = `${file_name}:${line_number}`;
        const match = /^([a-z-]+)\s*([^:]*):\s*(.*)$/.exec(line);
        if (!match) {
            rules.errors.push(`${where}: cannot read "${lines[index].trim()}" (expected "directive NAMES: VALUES")`);
            continue;
        }
        const [, directive, head, tail] = match;
        const names = head.split(/\s+/).filter(Boolean);
        const values = tail.split(/\s+/).filter(Boolean);
        const rule = { text: line.replace(/\s+/g, ' '), where };
        if (directive === 'layer' && names.length === 1) {
            if (rules.layers.has(names[0])) rules.errors.push(`${where}: layer ${names[0]} is declared twice`);
            rules.layers.set(names[0], { ...rule, allowed: new Set(values) });
        } else if (directive === 'tree' && names.length === 1) {
            rules.trees.set(names[0], { ...rule, allowed: new Set(values) });
        } else if (directive === 'test-files' && names.length === 0) {
            for (const value of values) rules.test_files.push(PatternToRegExp(value));
        } else if (directive === 'forbid' && names.length > 0 && values.length > 0) {
            rules.forbids.push({ ...rule, layers: new Set(names), patterns: values.map(PatternToRegExp) });
        } else if (directive === 'pending' && names.length === 1 && values.length === 1) {
            rules.pending.push({ ...rule, file: names[0], include: values[0], used: false });
        } else {
            rules.errors.push(`${where}: cannot read "${line}"`);
        }
    }
    for (const [name, layer] of rules.layers) {
        for (const allowed of layer.allowed) {
            if (!rules.layers.has(allowed)) rules.errors.push(`${layer.where}: layer ${name} names ${allowed}, which is not a layer`);
        }
    }
    for (const [name, tree] of rules.trees) {
        for (const allowed of tree.allowed) {
            if (allowed !== '*' && !rules.layers.has(allowed)) rules.errors.push(`${tree.where}: tree ${name} names ${allowed}, which is not a layer`);
        }
    }
    for (const forbid of rules.forbids) {
        for (const name of forbid.layers) {
            if (!rules.layers.has(name)) rules.errors.push(`${forbid.where}: forbid names ${name}, which is not a layer`);
        }
    }
    const cycle = FindCycle(rules.layers);
    if (cycle) rules.errors.push(`${kLayersFile}: the layers include each other in a cycle: ${cycle.join(' -> ')}`);
    return rules;
}

// A cycle among the declared layers (the point of layers is that there is none), or null.
function FindCycle(layers) {
    const state = new Map();  // absent: not visited, 1: on the current path, 2: done
    const trail = [];
    function Visit(name) {
        state.set(name, 1);
        trail.push(name);
        for (const next of layers.get(name)?.allowed ?? []) {
            if (!layers.has(next)) continue;
            if (state.get(next) === 1) return [...trail.slice(trail.indexOf(next)), next];
            if (!state.has(next)) {
                const found = Visit(next);
                if (found) return found;
            }
        }
        trail.pop();
        state.set(name, 2);
        return null;
    }
    for (const name of layers.keys()) {
        if (!state.has(name)) {
            const found = Visit(name);
            if (found) return found;
        }
    }
    return null;
}

function ListCxxFiles(root, relative_directory, files) {
    const directory = path.join(root, relative_directory);
    if (!fs.existsSync(directory)) return;
    for (const entry of fs.readdirSync(directory, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        const relative = path.posix.join(relative_directory, entry.name);
        if (entry.isDirectory()) {
            if (!kSkippedDirectories.has(entry.name)) ListCxxFiles(root, relative, files);
        } else if (kCxxExtensions.has(path.extname(entry.name))) {
            files.push(relative);
        }
    }
}

// Every `#include "..."` of a file, with its line number (angle-bracket includes are system headers).
function ReadIncludes(text) {
    const includes = [];
    const lines = text.split('\n');
    for (let index = 0; index < lines.length; ++index) {
        const match = /^\s*#\s*include\s*"([^"]+)"/.exec(lines[index]);
        if (match) includes.push({ line: index + 1, path: match[1] });
    }
    return includes;
}

// Checks the tree under `root`; returns { problems: [message], files, includes, pending }.
export function CheckLayers(root) {
    const layers_path = path.join(root, kLayersFile);
    if (!fs.existsSync(layers_path)) return { problems: [`${kLayersFile} is missing under ${root}`], files: 0, includes: 0 };
    const rules = ParseLayers(fs.readFileSync(layers_path, 'utf8'));
    const problems = [...rules.errors];
    const files = [];
    for (const tree of kTrees) ListCxxFiles(root, tree, files);

    const reported_folders = new Set();
    let include_count = 0;
    for (const file of files) {
        const [tree, folder] = file.split('/');
        const is_test_file = rules.test_files.some((pattern) => pattern.test(path.posix.basename(file)));
        let layer_name = null;
        let allowed;       // the folders of src/ this file may include, or '*'
        let rule_text;     // the rule that decides, quoted in messages
        if (tree === 'src') {
            if (folder === path.posix.basename(file)) {
                problems.push(`${file}: C++ directly in src/; put it in the folder of its layer (${kLayersFile})`);
                continue;
            }
            if (!rules.layers.has(folder)) {
                if (!reported_folders.has(folder)) {
                    problems.push(`${file}: src/${folder}/ is not a layer: add "layer ${folder}: ..." to ${kLayersFile}`);
                    reported_folders.add(folder);
                }
                continue;
            }
            layer_name = folder;
            const layer = rules.layers.get(folder);
            allowed = is_test_file ? '*' : new Set([folder, ...layer.allowed]);
            rule_text = is_test_file ? `test-files (${kLayersFile})` : `"${layer.text}" (${layer.where})`;
        } else {
            const tree_rule = rules.trees.get(tree);
            if (!tree_rule) {
                problems.push(`${file}: ${tree}/ has no "tree ${tree}: ..." line in ${kLayersFile}`);
                continue;
            }
            allowed = tree_rule.allowed.has('*') ? '*' : tree_rule.allowed;
            rule_text = `"${tree_rule.text}" (${tree_rule.where})`;
        }

        const text = fs.readFileSync(path.join(root, file), 'utf8');
        for (const include of ReadIncludes(text)) {
            ++include_count;
            const where = `${file}:${include.line}: #include "${include.path}"`;
            if (include.path.split('/').includes('..')) {
                problems.push(`${where} climbs with "..": write includes from src/ (docs/style.md)`);
                continue;
            }
            const target_folder = include.path.includes('/') ? include.path.split('/')[0] : null;
            if (target_folder === null || !rules.layers.has(target_folder)) {
                const beside = path.posix.join(path.posix.dirname(file), include.path);
                if (tree !== 'src' && fs.existsSync(path.join(root, beside))) continue;  // a file of its own directory
                // A file of the same tree named from the repository's root ("tests/storage/contract_support.hpp").
                if (tree !== 'src' && include.path.startsWith(`${tree}/`) && fs.existsSync(path.join(root, include.path))) {
                    continue;
                }
                problems.push(`${where} is not a path under src/: write includes from src/, e.g. "domain/person.hpp" (docs/style.md)`);
                continue;
            }
            if (layer_name !== null && !is_test_file) {
                const forbid = rules.forbids.find(
                    (rule) => rule.layers.has(layer_name) && rule.patterns.some((pattern) => pattern.test(include.path)));
                if (forbid) {
                    const pending = rules.pending.find((entry) => entry.file === file && entry.include === include.path);
                    if (pending) {
                        pending.used = true;
                    } else {
                        problems.push(`${where}: ${layer_name} may not include it, by "${forbid.text}" (${forbid.where})`);
                    }
                    continue;
                }
            }
            if (allowed !== '*' && !allowed.has(target_folder)) {
                const permitted = [...allowed].filter((name) => name !== layer_name).join(', ') || 'nothing outside its folder';
                const who = layer_name ?? `${tree}/`;
                problems.push(`${where}: ${who} may not include ${target_folder}/ (it may include ${permitted}), by rule ${rule_text}`);
            }
        }
    }
    problems.push(...CheckDocumentCopy(root));
    for (const entry of rules.pending) {
        if (!entry.used) {
            problems.push(`${entry.where}: "${entry.text}" is no longer needed (the include is gone or allowed): delete the line`);
        }
    }
    return { problems, files: files.length, includes: include_count, pending: rules.pending.filter((entry) => entry.used).length };
}

// docs/architecture.md shows the layers file in the code block after a `<!-- src/layers.txt -->` line; a copy
// that differs would tell a reader rules that are not the ones checked.
const kDocument = 'docs/architecture.md';
const kDocumentMarker = `<!-- ${kLayersFile} -->`;
function CheckDocumentCopy(root) {
    const document_path = path.join(root, kDocument);
    if (!fs.existsSync(document_path)) return [];
    const lines = fs.readFileSync(document_path, 'utf8').split('\n');
    const marker = lines.indexOf(kDocumentMarker);
    if (marker < 0) return [];
    const end = lines.indexOf('```', marker + 2);
    if (lines[marker + 1] !== '```' || end < 0) return [`${kDocument}:${marker + 1}: ${kDocumentMarker} must be followed by a \`\`\` code block`];
    const copy = lines.slice(marker + 2, end).join('\n') + '\n';
    if (copy !== fs.readFileSync(path.join(root, kLayersFile), 'utf8')) {
        return [`${kDocument}:${marker + 3}: the copy of ${kLayersFile} shown there differs from the file: copy the file over it`];
    }
    return [];
}

function Main(argv) {
    let root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
    for (let i = 0; i < argv.length; ++i) {
        if (argv[i] === '--root' && i + 1 < argv.length) {
            root = path.resolve(argv[++i]);
        } else {
            console.error(`usage: check_layers.mjs [--root DIR] (unknown argument ${argv[i]})`);
            return 2;
        }
    }
    const result = CheckLayers(root);
    if (result.problems.length > 0) {
        for (const problem of result.problems) console.error(problem);
        console.error(`layers: ${result.problems.length} problem(s); the rules are in ${kLayersFile}`);
        return 1;
    }
    console.log(`layers: ${result.files} files, ${result.includes} includes follow ${kLayersFile}` +
                (result.pending > 0 ? ` (${result.pending} pending entries still needed)` : ''));
    return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
    process.exitCode = Main(process.argv.slice(2));
}
