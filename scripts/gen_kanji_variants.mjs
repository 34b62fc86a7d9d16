// SPDX-License-Identifier: Apache-2.0
// Generates the table of variant kanji (旧字体 and 異体字) that NormalizeForSearch() folds to one representative,
// at build time, from two published sources shipped by Debian:
//   - KANJIDIC2 (package kanjidic-xml, /usr/share/edict/kanjidic2.xml.gz): each kanji's Japanese variant links
//     (<variant var_type="jis208|jis212|jis213|ucs">, e.g. 澤 → 沢, 邊 → 辺, 濱 → 浜, 國 → 国) and its <grade>
//     (1–8: 常用漢字, 9: 人名用漢字, 10: 人名用漢字 that are variants of 常用漢字);
//   - Unihan (package unicode-data, /usr/share/unicode/Unihan_Variants.txt.bz2): kZVariant, kSemanticVariant and
//     kSpecializedSemanticVariant (e.g. 髙 → 高, 黑 → 黒, 眞 → 真). kSimplifiedVariant and kTraditionalVariant are
//     NOT used: they relate Chinese simplified forms (发 for both 發 and 髮), which would fold distinct Japanese
//     characters (発 / 髪, 后 / 後) together.
// Rule (the same for both sources): a character that is not 常用 (grade 1–8) folds to the linked character of the
// best standing — a 常用 kanji, else a 人名用 kanji — when that one is unique and stands better than the character
// itself (two 人名用 kanji linked to each other, 亘 and 亙, both stay). KANJIDIC2's Japanese links are
// tried first, Unihan's only for characters KANJIDIC2 leaves unresolved; a character linked to two kanji of the
// same best standing (嵜 → 崎 or 埼; Unihan's 關 → 関 or 寡) is ambiguous and not folded from that source.
// A 常用 kanji is never folded by the sources (斉 and 斎 stay two keys there). The hand table
// (src/base/kanji_variants_hand.txt) then adds or overrides pairs, and chains are resolved (齊 → 斉 → 斎).
//
// Unihan's links are used only from characters with a Japanese source (kIRG_JSource, or J in kIICore, in
// Unihan_IRGSources) that are not themselves a Chinese simplified form (no kTraditionalVariant other than
// themselves: 垩 or 壳 fold nowhere) and not a 人名用 kanji (graded in KANJIDIC2: 耀 stays apart from 曜).
//
// Usage: node gen_kanji_variants.mjs <kanjidic2.xml.gz> <Unihan_Variants.txt.bz2> <Unihan_IRGSources.txt.bz2>
//        <hand.txt> <out.cpp>

import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

const [kanjidicPath, unihanPath, irgPath, handPath, outPath] = process.argv.slice(2);
if (!outPath) {
  console.error('usage: gen_kanji_variants.mjs <kanjidic2.xml.gz> <Unihan_Variants.txt.bz2> <Unihan_IRGSources.txt.bz2> <hand.txt> <out.cpp>');
  process.exit(2);
}

const hex = (cp) => cp.toString(16).toUpperCase().padStart(4, '0');
const charOf = (cp) => String.fromCodePoint(cp);

// --- KANJIDIC2 --------------------------------------------------------------------------------------------------
const xml = gunzipSync(readFileSync(kanjidicPath)).toString('utf8');
const grade = new Map();       // code point -> grade
const byJis = new Map();       // "jis208:1-34-84" -> code point
const jpLinks = new Map();     // code point -> [ "jis208:…" | "ucs:…" ]
for (const block of xml.split('<character>').slice(1)) {
  const literal = /<literal>([^<]+)<\/literal>/.exec(block);
  if (!literal) continue;
  const cp = literal[1].codePointAt(0);
  for (const m of block.matchAll(/<cp_value cp_type="(jis208|jis212|jis213)">([^<]+)<\/cp_value>/g)) {
    byJis.set(`${m[1]}:${m[2]}`, cp);
  }
  const g = /<grade>(\d+)<\/grade>/.exec(block);
  if (g) grade.set(cp, Number(g[1]));
  const links = [];
  for (const m of block.matchAll(/<variant var_type="(jis208|jis212|jis213|ucs)">([^<]+)<\/variant>/g)) {
    links.push(`${m[1]}:${m[2]}`);
  }
  if (links.length) jpLinks.set(cp, links);
}
const resolveLink = (link) => {
  if (link.startsWith('ucs:')) return parseInt(link.slice(4), 16);
  return byJis.get(link);
};

// --- Unihan -----------------------------------------------------------------------------------------------------
const unihanText = execFileSync('bzip2', ['-dc', unihanPath], { maxBuffer: 64 << 20 }).toString('utf8');
const unihanKinds = new Set(['kZVariant', 'kSemanticVariant', 'kSpecializedSemanticVariant']);
const unihanLinks = new Map();  // code point -> [code point]
const simplifiedForms = new Set();
for (const line of unihanText.split('\n')) {
  if (!line.startsWith('U+')) continue;
  const [from, kind, values] = line.split('\t');
  if (kind === 'kTraditionalVariant' && values.split(' ').some((v) => v.split('<')[0] !== from)) {
    simplifiedForms.add(parseInt(from.slice(2), 16));
  }
  if (!unihanKinds.has(kind)) continue;
  const cp = parseInt(from.slice(2), 16);
  const list = unihanLinks.get(cp) ?? [];
  for (const value of values.split(' ')) {
    const m = /^U\+([0-9A-F]+)/.exec(value);
    if (m) list.push(parseInt(m[1], 16));
  }
  unihanLinks.set(cp, list);
}

const irgText = execFileSync('bzip2', ['-dc', irgPath], { maxBuffer: 64 << 20 }).toString('utf8');
const japaneseSource = new Set();
for (const line of irgText.split('\n')) {
  const [from, kind] = line.split('\t');
  const source = line.split('\t')[2] ?? '';
  if (kind === 'kIRG_JSource' || (kind === 'kIICore' && source.includes('J'))) {
    japaneseSource.add(parseInt(from.slice(2), 16));
  }
}

// --- The rule ---------------------------------------------------------------------------------------------------
const isJoyo = (cp) => (grade.get(cp) ?? 99) <= 8;
const standing = (cp) => {  // lower is better; Infinity: not a representative
  const g = grade.get(cp);
  if (g === undefined) return Infinity;
  return g <= 8 ? 0 : 1;
};
const bestOf = (cp, candidates) => {
  let best = Infinity;
  let chosen = [];
  for (const c of new Set(candidates)) {
    if (c === undefined || c === cp) continue;
    const s = standing(c);
    if (s >= standing(cp)) continue;  // only towards a kanji of better standing: 亘 and 亙 (both 人名用) stay
    if (s < best) {
      best = s;
      chosen = [c];
    } else if (s === best && s !== Infinity) {
      chosen.push(c);
    }
  }
  return best === Infinity ? { kind: 'none' } : chosen.length === 1 ? { kind: 'one', to: chosen[0] } : { kind: 'ambiguous' };
};

const fold = new Map();
const stats = { kanjidic: 0, unihan: 0, hand: 0, ambiguous: 0 };
const candidates = new Set([...jpLinks.keys(), ...unihanLinks.keys()]);
for (const cp of [...candidates].sort((a, b) => a - b)) {
  if (isJoyo(cp)) continue;
  const jp = bestOf(cp, (jpLinks.get(cp) ?? []).map(resolveLink));
  if (jp.kind === 'one') {
    fold.set(cp, jp.to);
    stats.kanjidic++;
    continue;
  }
  // A 人名用 kanji (graded) is a name character of its own: only KANJIDIC2's Japanese links fold it (耀 ≠ 曜).
  const usedInJapan = !grade.has(cp) && japaneseSource.has(cp) && !simplifiedForms.has(cp);
  const uh = usedInJapan ? bestOf(cp, unihanLinks.get(cp) ?? []) : { kind: 'none' };
  if (uh.kind === 'one') {
    fold.set(cp, uh.to);
    stats.unihan++;
  } else if (jp.kind === 'ambiguous' || uh.kind === 'ambiguous') {
    stats.ambiguous++;
  }
}

// --- The hand table: "variant representative  # why" per line ----------------------------------------------------
for (const raw of readFileSync(handPath, 'utf8').split('\n')) {
  const line = raw.replace(/#.*/, '').trim();
  if (!line) continue;
  const [variant, representative] = [...line.replace(/\s+/g, '')];
  if (!variant || !representative) throw new Error(`hand table: bad line: ${raw}`);
  fold.set(variant.codePointAt(0), representative.codePointAt(0));
  stats.hand++;
}

// Resolve chains (齊 → 斉 → 斎) so that folding is one look-up and idempotent; refuse cycles.
const final = new Map();
for (const [from] of fold) {
  let to = fold.get(from);
  const seen = new Set([from]);
  while (fold.has(to)) {
    if (seen.has(to)) throw new Error(`variant cycle through U+${hex(to)}`);
    seen.add(to);
    to = fold.get(to);
  }
  if (to !== from) final.set(from, to);
}

const rows = [...final.entries()].sort((a, b) => a[0] - b[0]);
let out = '// SPDX-License-Identifier: Apache-2.0\n';
out += '// GENERATED by scripts/gen_kanji_variants.mjs from KANJIDIC2 (kanjidic-xml), Unihan_Variants.txt (unicode-data)\n';
out += `// and src/base/kanji_variants_hand.txt. Do not edit. ${rows.length} pairs: ${stats.kanjidic} from KANJIDIC2, `;
out += `${stats.unihan} from Unihan, ${stats.hand} by hand; ${stats.ambiguous} ambiguous left unfolded.\n`;
out += '#include "base/kanji_variants.hpp"\n\nnamespace kasane {\n\n';
out += 'const KanjiVariant kKanjiVariants[] = {\n';
for (const [from, to] of rows) out += `    {0x${hex(from)}, 0x${hex(to)}},  // ${charOf(from)} → ${charOf(to)}\n`;
out += '};\n\nconst std::size_t kKanjiVariantCount = sizeof kKanjiVariants / sizeof kKanjiVariants[0];\n\n}  // namespace kasane\n';
writeFileSync(outPath, out);
console.log(`gen_kanji_variants: ${rows.length} pairs (${JSON.stringify(stats)})`);
