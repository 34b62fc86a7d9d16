// SPDX-License-Identifier: Apache-2.0
#pragma once

// Moving in: which column of a town's sheet holds which Kasane field. Towns' sheets differ in column names and
// order, so the import never assumes them: GuessMapping proposes a mapping from the header's words, and the
// administrator corrects it on the mapping screen (or in the API) before the dry run.
//
// Two kinds of table are imported: the 相談受付簿 (one row a consultation, with its person) and the 対応経過 (one row
// a contact, linked to its consultation by the 相談No).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "domain/import_table.hpp"

namespace kasane::domain {

enum class ImportTableKind { kConsultations, kContacts };
std::string_view ImportTableKindCode(ImportTableKind kind);   // "consultations", "contacts"
std::string_view ImportTableKindLabel(ImportTableKind kind);  // 相談受付簿 / 対応経過
std::optional<ImportTableKind> ParseImportTableKind(std::string_view code);

// The fields a column may hold. kIgnore: the column is not imported.
enum class ImportField {
    kIgnore,
    // 相談受付簿
    kNumber,          // 相談No: the row's key in the file (external id), and the contacts' link
    kReceivedOn,      // 受付日
    kReceivedTime,    // 受付時間
    kName,            // 氏名 (family and given name, split at the first space)
    kKana,            // ふりがな
    kBirthDate,       // 生年月日
    kSex,             // 性別
    kAddress,         // 住所
    kPhone,           // 電話
    kSource,          // 相談経路
    kCategories,      // 相談分類 (several joined by 「・」)
    kChiefComplaint,  // 主訴
    kOutcome,         // 対応結果
    kNote,            // 備考 (kept with the consultation's outcome note)
    // 対応経過
    kContactNumber,   // 相談No of the consultation
    kContactDate,     // 日付
    kContactTime,     // 時刻
    kContactChannel,  // 方法
    kContactSummary,  // 内容
};
std::string_view ImportFieldCode(ImportField field);   // "ignore", "number", "received_on", …
std::string_view ImportFieldLabel(ImportField field);  // 取り込まない / 相談No / 受付日 …
std::optional<ImportField> ParseImportField(std::string_view code);
// The fields a table of the kind may map to, kIgnore first (the choices of the mapping screen).
const std::vector<ImportField>& FieldsOf(ImportTableKind kind);
// The fields the kind cannot do without: 相談No and 受付日 (相談受付簿), 相談No and 日付 (対応経過).
const std::vector<ImportField>& RequiredFieldsOf(ImportTableKind kind);

// One entry per column of the table's header, in order.
struct ColumnMapping {
    ImportTableKind kind = ImportTableKind::kConsultations;
    std::vector<ImportField> columns;

    // The column of a field, when mapped (the first, if mapped twice: CheckMapping refuses that).
    std::optional<std::size_t> ColumnOf(ImportField field) const;
};

// The kind a table most likely is: a table with a 内容/経過 column and no 氏名 column is 対応経過.
ImportTableKind GuessTableKind(const Table& table);
// The default mapping from the header's words (NFKC, spaces ignored): 「受付日」「相談日」 → kReceivedOn,
// 「氏名」「相談者氏名」 → kName, and so on; unknown headers are kIgnore.
ColumnMapping GuessMapping(const Table& table, ImportTableKind kind);
// A mapping as edited: one field per column of the header; each field at most once; the kind's required fields
// present; fields of the kind only. kInvalidArgument (Japanese, field "mapping") otherwise.
Status CheckMapping(const Table& table, const ColumnMapping& mapping);

}  // namespace kasane::domain
