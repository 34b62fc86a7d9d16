// SPDX-License-Identifier: Apache-2.0
#include "domain/import_mapping.hpp"

#include <algorithm>
#include <set>

#include "base/japanese_text.hpp"
#include "domain/code_table.hpp"

namespace kasane::domain {

namespace {

constexpr CodeTable<ImportTableKind, 2> kKinds{{{{ImportTableKind::kConsultations, "consultations", "相談受付簿"},
                                                 {ImportTableKind::kContacts, "contacts", "対応経過"}}}};

constexpr CodeTable<ImportField, 20> kFields{{{
    {ImportField::kIgnore, "ignore", "取り込まない"},
    {ImportField::kNumber, "number", "相談No"},
    {ImportField::kReceivedOn, "received_on", "受付日"},
    {ImportField::kReceivedTime, "received_time", "受付時間"},
    {ImportField::kName, "name", "氏名"},
    {ImportField::kKana, "kana", "ふりがな"},
    {ImportField::kBirthDate, "birth_date", "生年月日"},
    {ImportField::kSex, "sex", "性別"},
    {ImportField::kAddress, "address", "住所"},
    {ImportField::kPhone, "phone", "電話"},
    {ImportField::kSource, "source", "相談経路"},
    {ImportField::kCategories, "categories", "相談分類"},
    {ImportField::kChiefComplaint, "chief_complaint", "主訴"},
    {ImportField::kOutcome, "outcome", "対応結果"},
    {ImportField::kNote, "note", "備考"},
    {ImportField::kContactNumber, "contact_number", "相談No"},
    {ImportField::kContactDate, "contact_date", "日付"},
    {ImportField::kContactTime, "contact_time", "時刻"},
    {ImportField::kContactChannel, "contact_channel", "方法"},
    {ImportField::kContactSummary, "contact_summary", "内容"},
}}};

// Header words people use for each field, compared after NFKC with spaces removed; the first word a header
// contains wins, so longer, more specific words come first.
struct HeaderWords {
    ImportField field;
    std::vector<std::string_view> words;
};

const std::vector<HeaderWords>& ConsultationWords() {
    static const std::vector<HeaderWords> kWords = {
        {ImportField::kPhone, {"電話", "tel", "連絡先"}},  // before kNumber: 「電話番号」 is no 相談No
        {ImportField::kNumber, {"相談no", "相談番号", "受付no", "受付番号", "no", "番号", "№"}},
        {ImportField::kReceivedTime, {"受付時間", "受付時刻", "時間", "時刻"}},
        {ImportField::kReceivedOn, {"受付日", "相談日", "受付年月日", "日付", "年月日"}},
        {ImportField::kKana, {"ふりがな", "フリガナ", "かな", "カナ", "よみ"}},
        {ImportField::kBirthDate, {"生年月日", "誕生日"}},
        {ImportField::kName, {"氏名", "名前", "相談者", "本人", "対象者"}},
        {ImportField::kSex, {"性別"}},
        {ImportField::kAddress, {"住所", "所在地"}},
        {ImportField::kSource, {"相談経路", "経路", "相談元"}},
        {ImportField::kCategories, {"相談分類", "分類", "相談種別", "課題"}},
        {ImportField::kChiefComplaint, {"主訴", "相談内容", "内容"}},
        {ImportField::kOutcome, {"対応結果", "結果"}},
        {ImportField::kNote, {"備考", "メモ"}},
    };
    return kWords;
}

const std::vector<HeaderWords>& ContactWords() {
    static const std::vector<HeaderWords> kWords = {
        {ImportField::kContactNumber, {"相談no", "相談番号", "受付no", "no", "番号"}},
        {ImportField::kContactTime, {"時間", "時刻"}},
        {ImportField::kContactDate, {"日付", "対応日", "年月日", "日時"}},
        {ImportField::kContactChannel, {"方法", "手段", "対応方法"}},
        {ImportField::kContactSummary, {"内容", "経過", "対応内容", "記録"}},
    };
    return kWords;
}

// NFKC, lower case ASCII, no white space: "相談 No" → "相談no".
std::string HeaderKey(std::string_view header) {
    std::string key;
    for (char c : NormalizeNfkc(header)) {
        if (c == ' ' || c == '\t') continue;
        key += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    return key;
}

}  // namespace

std::string_view ImportTableKindCode(ImportTableKind kind) { return kKinds.Code(kind); }
std::string_view ImportTableKindLabel(ImportTableKind kind) { return kKinds.Label(kind); }
std::optional<ImportTableKind> ParseImportTableKind(std::string_view code) { return kKinds.Parse(code); }
std::string_view ImportFieldCode(ImportField field) { return kFields.Code(field); }
std::string_view ImportFieldLabel(ImportField field) { return kFields.Label(field); }
std::optional<ImportField> ParseImportField(std::string_view code) { return kFields.Parse(code); }

const std::vector<ImportField>& FieldsOf(ImportTableKind kind) {
    static const std::vector<ImportField> kConsultationFields = {
        ImportField::kIgnore,         ImportField::kNumber,  ImportField::kReceivedOn, ImportField::kReceivedTime,
        ImportField::kName,           ImportField::kKana,    ImportField::kBirthDate,  ImportField::kSex,
        ImportField::kAddress,        ImportField::kPhone,   ImportField::kSource,     ImportField::kCategories,
        ImportField::kChiefComplaint, ImportField::kOutcome, ImportField::kNote};
    static const std::vector<ImportField> kContactFields = {ImportField::kIgnore,         ImportField::kContactNumber,
                                                            ImportField::kContactDate,    ImportField::kContactTime,
                                                            ImportField::kContactChannel, ImportField::kContactSummary};
    return kind == ImportTableKind::kConsultations ? kConsultationFields : kContactFields;
}

const std::vector<ImportField>& RequiredFieldsOf(ImportTableKind kind) {
    static const std::vector<ImportField> kConsultationRequired = {ImportField::kNumber, ImportField::kReceivedOn};
    static const std::vector<ImportField> kContactRequired = {ImportField::kContactNumber, ImportField::kContactDate};
    return kind == ImportTableKind::kConsultations ? kConsultationRequired : kContactRequired;
}

std::optional<std::size_t> ColumnMapping::ColumnOf(ImportField field) const {
    for (std::size_t i = 0; i < columns.size(); ++i) {
        if (columns[i] == field) return i;
    }
    return std::nullopt;
}

ImportTableKind GuessTableKind(const Table& table) {
    bool has_name = false;
    bool has_summary = false;
    for (const std::string& header : table.header) {
        const std::string key = HeaderKey(header);
        if (key.find("氏名") != std::string::npos || key.find("名前") != std::string::npos) has_name = true;
        if (key == "内容" || key.find("経過") != std::string::npos || key == "方法") has_summary = true;
    }
    return has_summary && !has_name ? ImportTableKind::kContacts : ImportTableKind::kConsultations;
}

ColumnMapping GuessMapping(const Table& table, ImportTableKind kind) {
    ColumnMapping mapping{.kind = kind, .columns = std::vector<ImportField>(table.header.size(), ImportField::kIgnore)};
    const auto& words = kind == ImportTableKind::kConsultations ? ConsultationWords() : ContactWords();
    std::set<ImportField> taken;
    // Exact matches first, so that 「No」 is not taken by a 「相談No」 elsewhere; then headers containing a word.
    for (const bool exact : {true, false}) {
        for (std::size_t column = 0; column < table.header.size(); ++column) {
            if (mapping.columns[column] != ImportField::kIgnore) continue;
            const std::string key = HeaderKey(table.header[column]);
            if (key.empty()) continue;
            for (const HeaderWords& entry : words) {
                if (taken.contains(entry.field)) continue;
                const bool matches = std::any_of(entry.words.begin(), entry.words.end(), [&](std::string_view word) {
                    return exact ? key == word : key.find(word) != std::string::npos;
                });
                if (!matches) continue;
                mapping.columns[column] = entry.field;
                taken.insert(entry.field);
                break;
            }
        }
    }
    return mapping;
}

Status CheckMapping(const Table& table, const ColumnMapping& mapping) {
    if (mapping.columns.size() != table.header.size()) {
        return Fail(Error::InvalidArgument(
            "「" + table.name + "」の列の数（" + std::to_string(table.header.size()) + "列）と対応づけの数が合いません",
            "mapping"));
    }
    const auto& allowed = FieldsOf(mapping.kind);
    std::set<ImportField> seen;
    for (std::size_t column = 0; column < mapping.columns.size(); ++column) {
        const ImportField field = mapping.columns[column];
        if (std::find(allowed.begin(), allowed.end(), field) == allowed.end()) {
            return Fail(Error::InvalidArgument(
                "「" + table.header[column] + "」列の「" + std::string(ImportFieldLabel(field)) + "」は" +
                    std::string(ImportTableKindLabel(mapping.kind)) + "の項目ではありません",
                "mapping"));
        }
        if (field != ImportField::kIgnore && !seen.insert(field).second) {
            return Fail(Error::InvalidArgument(
                "「" + std::string(ImportFieldLabel(field)) + "」が2つの列に割り当てられています", "mapping"));
        }
    }
    for (ImportField required : RequiredFieldsOf(mapping.kind)) {
        if (!seen.contains(required)) {
            return Fail(Error::InvalidArgument(
                "「" + table.name + "」の「" + std::string(ImportFieldLabel(required)) + "」にあたる列を選んでください",
                "mapping"));
        }
    }
    return {};
}

}  // namespace kasane::domain
