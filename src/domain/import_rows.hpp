// SPDX-License-Identifier: Apache-2.0
#pragma once

// Moving in: the rows of a 相談受付簿 and its 対応経過, mapped (import_mapping.hpp), read into consultations with
// their person and contacts. Every problem of a row is reported in Japanese with the row's line and the column it is
// in; a row with any problem is left out of the import, never half imported. Pure: no storage, no clock (today is
// passed in).
//
// What each field accepts:
//   dates         as ParseJapaneseDate (base/japanese_date.hpp) reads them: R5.4.3, 令和5年4月3日, 2023/4/3,
//                 full-width digits, 昭和/平成 birth dates; a day that does not exist is an error;
//   受付時間/時刻   H:MM (full-width digits too); empty is 00:00;
//   生年月日       a date not after today;
//   相談分類       several joined by 「・」 (or 、/,), each one of the town's worry categories by its label (labels
//   that hold
//                 「・」 themselves, such as 病気・医療, are matched whole); an unknown one is an error;
//   相談No         unique in the table: every row of a number that occurs twice is an error (the 対応経過 could not
//                 tell which one it belongs to);
//   氏名           empty means 匿名の相談 (the person concerned is not identified): no person is made;
//   相談経路, 性別, 対応結果  the labels Kasane shows (本人/家族/…, 男/女/…, 継続/情報提供で終了/…); 対応結果 that name
//                 something Kasane records as its own link (つなぎ → a referral, 多機関協働へ → a case) are kept as
//                 the outcome's note, because the import cannot make the referral or case they refer to;
//   方法           来所/電話/訪問/メール/関係機関経由/その他; any other word (受付, 同行 …) is その他 with the word
//   kept
//                 at the start of the contact's text.

#include <optional>
#include <string>
#include <vector>

#include "base/time.hpp"
#include "domain/consultation.hpp"
#include "domain/import_mapping.hpp"
#include "domain/import_table.hpp"
#include "domain/person.hpp"

namespace kasane::domain {

struct ImportIssue {
    ImportTableKind table = ImportTableKind::kConsultations;
    int line = 0;        // the row's line in its file or sheet
    std::string number;  // its 相談No as written (may be empty)
    ImportField field = ImportField::kIgnore;
    std::string column;   // the header of the column, as the file names it
    std::string message;  // Japanese
};

struct ImportedContact {
    int line = 0;  // in the 対応経過 (0 when made from the 受付簿 row, for a consultation without contacts)
    Instant occurred_at{};
    Channel channel = Channel::kOther;
    std::string summary;
};

struct ImportedConsultation {
    int line = 0;
    std::string number;                // 相談No, the external key of the row
    std::optional<PersonData> person;  // nullopt: 匿名の相談
    Instant received_at{};
    Source source = Source::kOther;
    std::vector<CategoryId> categories;  // in the order written; the first is the most pressing
    std::string chief_complaint;
    Outcome outcome = Outcome::kOpen;
    std::string outcome_note;
    std::vector<ImportedContact> contacts;  // oldest first; never empty
};

struct ParsedImport {
    std::vector<ImportedConsultation> consultations;  // the valid rows, in file order
    std::vector<ImportIssue> issues;                  // every problem, by table then line
    std::vector<int> excluded_lines;                  // 相談受付簿 lines left out for their problems, ascending
    int consultation_rows = 0;                        // rows read from the 相談受付簿
    int contact_rows = 0;                             // rows read from the 対応経過
    int excluded_contacts = 0;  // contacts left out with their consultation or for their own problems
};

// Reads the tables as mapped. `contacts` may be absent (then each consultation gets one contact at its 受付日).
// `categories` are the town's worry categories (active ones are matched); `today` is the date in Japan.
ParsedImport ParseImportRows(const Table& consultations, const ColumnMapping& consultation_mapping,
                             const Table* contacts, const ColumnMapping* contact_mapping,
                             const std::vector<WorryCategory>& categories, Date today);

// The categories of one cell, matched as above: the ids, or the words that are no category.
struct CategoryMatch {
    std::vector<CategoryId> ids;
    std::vector<std::string> unknown;
};
CategoryMatch MatchCategories(std::string_view cell, const std::vector<WorryCategory>& categories);

}  // namespace kasane::domain
