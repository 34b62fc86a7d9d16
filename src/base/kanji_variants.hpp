// SPDX-License-Identifier: Apache-2.0
#pragma once

// The variant kanji (旧字体 and 異体字) that NormalizeForSearch() folds, generated at build time by
// scripts/gen_kanji_variants.mjs from KANJIDIC2 (Debian kanjidic-xml), Unihan (Debian unicode-data: kZVariant,
// kSemanticVariant, kSpecializedSemanticVariant — never kSimplifiedVariant or kTraditionalVariant) and the few
// pairs of src/base/kanji_variants_hand.txt. The generator's header comment states the rule. Each representative
// is final (never itself a variant), so folding is one look-up.

#include <cstddef>

namespace kasane {

struct KanjiVariant {
    char32_t variant;
    char32_t representative;
};

// Sorted by variant, no variant twice.
extern const KanjiVariant kKanjiVariants[];
extern const std::size_t kKanjiVariantCount;

}  // namespace kasane
