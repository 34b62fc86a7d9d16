// SPDX-License-Identifier: Apache-2.0
#pragma once

// 名寄せ inside an imported file, with the folding of the duplicate check (PersonService::KeysOf, which is
// NormalizeForSearch: 髙→高, 﨑→崎, 邊→辺, カナ→かな, spaces removed):
//   - rows whose name is written the same (after NFKC, spaces ignored) and whose birth date agrees — or, when a
//     birth date is missing, whose phone agrees — are one person (a person who comes back later in the year);
//   - rows of different persons whose name or reading folds to the same key and whose birth date, phone or address
//     agrees are *likely* the same person (渡辺 / 渡邊): they stay separate persons and are listed for review,
//     never merged silently.
// Pure.

#include <optional>
#include <string>
#include <vector>

#include "domain/import_rows.hpp"

namespace kasane::domain {

struct RowPair {
    std::size_t first = 0;  // indexes into the rows, first < second
    std::size_t second = 0;
    bool variant_kanji = false;  // the names differ as written but fold to the same key
    std::string reason;          // Japanese: 生年月日が同じ / 電話番号が同じ / 住所が同じ
};

struct PersonGroups {
    // Per row: the index of the first row of its person, nullopt for an anonymous row.
    std::vector<std::optional<std::size_t>> group_of;
    std::vector<RowPair> likely_same;  // at most one pair per two persons, in row order
};

PersonGroups GroupPersons(const std::vector<ImportedConsultation>& rows);

}  // namespace kasane::domain
