// SPDX-License-Identifier: Apache-2.0
#include "domain/import_rows.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include "base/japan_time.hpp"
#include "base/japanese_date.hpp"
#include "base/japanese_text.hpp"

namespace kasane::domain {

namespace {

constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";

// Splits "林　翔" / "林 翔" at the first space into family and given name; a name without a space is all family name.
std::pair<std::string, std::string> SplitName(std::string_view name) {
    std::size_t at = name.find(kIdeographicSpace);
    std::size_t width = kIdeographicSpace.size();
    const std::size_t ascii = name.find(' ');
    if (ascii != std::string_view::npos && (at == std::string_view::npos || ascii < at)) {
        at = ascii;
        width = 1;
    }
    if (at == std::string_view::npos) return {std::string(name), {}};
    std::string family(name.substr(0, at));
    std::string given(name.substr(at + width));
    while (given.starts_with(' ')) given.erase(0, 1);
    while (given.starts_with(kIdeographicSpace)) given.erase(0, kIdeographicSpace.size());
    return {family, given};
}

std::string Compact(std::string_view text) {
    std::string out;
    for (char c : NormalizeNfkc(text)) {
        if (c != ' ' && c != '\t') out += c;
    }
    return out;
}

// "16:00", "９:３０", "16時00分" → minutes after midnight.
std::optional<int> ParseTimeOfDay(std::string_view text) {
    const std::string value = Compact(text);
    int hours = -1;
    int minutes = 0;
    std::size_t i = 0;
    auto number = [&](int& out) {
        int digits = 0;
        out = 0;
        while (i < value.size() && value[i] >= '0' && value[i] <= '9' && digits < 2) {
            out = out * 10 + (value[i] - '0');
            ++i;
            ++digits;
        }
        return digits > 0;
    };
    if (!number(hours)) return std::nullopt;
    if (i < value.size()) {
        if (value[i] == ':') {
            ++i;
        } else if (value.compare(i, 3, "時") == 0) {
            i += 3;
        } else {
            return std::nullopt;
        }
        if (i < value.size() && !number(minutes)) return std::nullopt;
        if (value.compare(i, 3, "分") == 0) i += 3;
    }
    if (i != value.size() || hours > 23 || minutes > 59) return std::nullopt;
    return hours * 60 + minutes;
}

Instant AtJst(Date date, int minutes) {
    return FromJstLocal(JstLocalTime(std::chrono::local_days(date)) + std::chrono::minutes(minutes));
}

class RowReader {
public:
    RowReader(const Table& table, const ColumnMapping& mapping, const TableRow& row, std::vector<ImportIssue>& issues)
        : table_(table), mapping_(mapping), row_(row), issues_(issues) {
        if (auto column = mapping.ColumnOf(
                mapping.kind == ImportTableKind::kConsultations ? ImportField::kNumber : ImportField::kContactNumber);
            column) {
            number_ = Compact(row.cells[*column]);
        }
    }

    std::string Cell(ImportField field) const {
        const auto column = mapping_.ColumnOf(field);
        return column && *column < row_.cells.size() ? row_.cells[*column] : std::string();
    }
    const std::string& Number() const { return number_; }
    bool Failed() const { return failed_; }

    void Problem(ImportField field, std::string message) {
        failed_ = true;
        const auto column = mapping_.ColumnOf(field);
        issues_.push_back({.table = mapping_.kind,
                           .line = row_.line,
                           .number = number_,
                           .field = field,
                           .column = column ? table_.header[*column] : std::string(ImportFieldLabel(field)),
                           .message = std::move(message)});
    }

    // A date; problems reported with the column's own name.
    std::optional<Date> DateOf(ImportField field, bool required, Date today, std::string_view future_message) {
        const std::string text = Cell(field);
        if (Compact(text).empty()) {
            if (required) Problem(field, "「" + ColumnName(field) + "」が空です");
            return std::nullopt;
        }
        auto parsed = ParseJapaneseDate(text, ColumnName(field));
        if (!parsed) {
            Problem(field, parsed.error().message);
            return std::nullopt;
        }
        if (*parsed > today) {
            Problem(field, "「" + ColumnName(field) + "」の" + FormatWareki(*parsed) + std::string(future_message));
            return std::nullopt;
        }
        return *parsed;
    }

    std::optional<int> TimeOf(ImportField field) {
        const std::string text = Cell(field);
        if (Compact(text).empty()) return 0;
        auto minutes = ParseTimeOfDay(text);
        if (!minutes)
            Problem(field, "「" + ColumnName(field) + "」の「" + text + "」を時刻として読めません（例：16:00）");
        return minutes;
    }

    std::string ColumnName(ImportField field) const {
        const auto column = mapping_.ColumnOf(field);
        return column && !table_.header[*column].empty() ? table_.header[*column]
                                                         : std::string(ImportFieldLabel(field));
    }

private:
    const Table& table_;
    const ColumnMapping& mapping_;
    const TableRow& row_;
    std::vector<ImportIssue>& issues_;
    std::string number_;
    bool failed_ = false;
};

template <class Enum, class Label>
std::optional<Enum> ByLabel(std::string_view text, std::initializer_list<Enum> values, Label label) {
    const std::string wanted = Compact(text);
    for (Enum value : values) {
        if (Compact(label(value)) == wanted) return value;
    }
    return std::nullopt;
}

}  // namespace

CategoryMatch MatchCategories(std::string_view cell, const std::vector<WorryCategory>& categories) {
    // Split at 「・」 (and 、 , ／ /), then join neighbouring parts again where the joined text is a label
    // (病気・医療), longest first.
    std::vector<std::string> parts;
    std::string current;
    const std::string text = NormalizeNfkc(cell);
    for (std::size_t i = 0; i < text.size();) {
        const std::string_view rest = std::string_view(text).substr(i);
        std::size_t separator = 0;
        for (std::string_view mark : {"・", "、", "，", ",", "/", "／", "･"}) {
            if (rest.starts_with(mark)) separator = mark.size();
        }
        if (separator > 0) {
            parts.push_back(Compact(current));
            current.clear();
            i += separator;
        } else {
            current += text[i];
            ++i;
        }
    }
    parts.push_back(Compact(current));
    std::map<std::string, CategoryId> by_label;
    for (const WorryCategory& category : categories) {
        if (category.active) by_label[Compact(category.label)] = category.id;
    }
    CategoryMatch match;
    for (std::size_t i = 0; i < parts.size();) {
        if (parts[i].empty()) {
            ++i;
            continue;
        }
        bool found = false;
        for (std::size_t length = parts.size() - i; length >= 1 && !found; --length) {
            std::string joined = parts[i];
            for (std::size_t k = 1; k < length; ++k) joined += "・" + parts[i + k];
            if (auto hit = by_label.find(joined); hit != by_label.end()) {
                if (std::find(match.ids.begin(), match.ids.end(), hit->second) == match.ids.end()) {
                    match.ids.push_back(hit->second);
                }
                i += length;
                found = true;
            }
        }
        if (!found) {
            match.unknown.push_back(parts[i]);
            ++i;
        }
    }
    return match;
}

ParsedImport ParseImportRows(const Table& consultations, const ColumnMapping& consultation_mapping,
                             const Table* contacts, const ColumnMapping* contact_mapping,
                             const std::vector<WorryCategory>& categories, Date today) {
    ParsedImport parsed;
    parsed.consultation_rows = static_cast<int>(consultations.rows.size());

    // 相談No that occur more than once: every such row is an error.
    std::map<std::string, int> number_counts;
    if (auto column = consultation_mapping.ColumnOf(ImportField::kNumber); column) {
        for (const TableRow& row : consultations.rows) ++number_counts[Compact(row.cells[*column])];
    }

    std::map<std::string, std::size_t> by_number;  // valid rows
    for (const TableRow& row : consultations.rows) {
        RowReader reader(consultations, consultation_mapping, row, parsed.issues);
        ImportedConsultation imported{.line = row.line, .number = reader.Number()};
        if (reader.Number().empty()) {
            reader.Problem(ImportField::kNumber, "相談Noが空です");
        } else if (number_counts[reader.Number()] > 1) {
            reader.Problem(ImportField::kNumber, "相談No " + reader.Number() + " が" +
                                                     std::to_string(number_counts[reader.Number()]) +
                                                     "行にあります（相談Noは1行に1つです）");
        }
        const auto received_on = reader.DateOf(ImportField::kReceivedOn, true, today, "は未来の日付です");
        const auto received_time = reader.TimeOf(ImportField::kReceivedTime);
        if (received_on && received_time) imported.received_at = AtJst(*received_on, *received_time);

        const std::string name = reader.Cell(ImportField::kName);
        if (!Compact(name).empty()) {
            PersonData person;
            std::tie(person.family_name, person.given_name) = SplitName(name);
            std::tie(person.family_name_kana, person.given_name_kana) = SplitName(reader.Cell(ImportField::kKana));
            person.birth_date = reader.DateOf(ImportField::kBirthDate, false, today,
                                              "は未来の日付です（生年月日が未来になっています）");
            if (const std::string sex = Compact(reader.Cell(ImportField::kSex)); !sex.empty()) {
                person.sex = ByLabel(sex, {Sex::kMale, Sex::kFemale, Sex::kOther, Sex::kNoAnswer}, SexLabel);
                if (!person.sex) {
                    reader.Problem(ImportField::kSex, "「" + reader.ColumnName(ImportField::kSex) + "」の「" + sex +
                                                          "」は選べません（男・女・その他・未回答）");
                }
            }
            person.address.town = reader.Cell(ImportField::kAddress);
            person.phone = NormalizeNfkc(reader.Cell(ImportField::kPhone));
            if (auto valid = ValidatePersonData(person, today); !valid) {
                reader.Problem(ImportField::kName, valid.error().message);
            }
            imported.person = std::move(person);
        }

        if (const std::string source = Compact(reader.Cell(ImportField::kSource)); !source.empty()) {
            auto found =
                ByLabel(source,
                        {Source::kSelf, Source::kFamily, Source::kNeighbor, Source::kWelfareVolunteer,
                         Source::kNeighborhoodAssociation, Source::kAgency, Source::kOther, Source::kAnonymous},
                        SourceLabel);
            if (found) {
                imported.source = *found;
            } else {
                reader.Problem(ImportField::kSource,
                               "相談経路「" + source +
                                   "」は選べません（本人・家族・近隣・民生委員・自治会・関係機関・その他・匿名）");
            }
        }

        const CategoryMatch match = MatchCategories(reader.Cell(ImportField::kCategories), categories);
        for (const std::string& unknown : match.unknown) {
            reader.Problem(
                ImportField::kCategories,
                "相談分類「" + unknown +
                    "」はこの町の相談分類にありません（相談分類の設定で追加するか、ファイルを直してください）");
        }
        imported.categories = match.ids;

        imported.chief_complaint = reader.Cell(ImportField::kChiefComplaint);
        if (auto valid =
                ValidateFreeText(imported.chief_complaint, reader.ColumnName(ImportField::kChiefComplaint), 4000);
            !valid) {
            reader.Problem(ImportField::kChiefComplaint, valid.error().message);
        } else {
            imported.chief_complaint = *valid;
        }

        const std::string outcome = Compact(reader.Cell(ImportField::kOutcome));
        if (!outcome.empty()) {
            if (auto found = ByLabel(outcome, {Outcome::kContinuing, Outcome::kInformationProvided, Outcome::kOpen},
                                     OutcomeLabel);
                found) {
                imported.outcome = *found;
            } else if (outcome == "つなぎ" || outcome == Compact(OutcomeLabel(Outcome::kReferred)) ||
                       outcome == Compact(OutcomeLabel(Outcome::kEscalated))) {
                // A referral or a case is a record of its own that the old sheet does not hold: the words are kept.
                imported.outcome_note = "取込元の対応結果: " + outcome;
            } else {
                reader.Problem(ImportField::kOutcome,
                               "対応結果「" + outcome + "」は選べません（継続・情報提供で終了・つなぎ・多機関協働へ）");
            }
        }
        if (const std::string note = reader.Cell(ImportField::kNote); !Compact(note).empty()) {
            imported.outcome_note += (imported.outcome_note.empty() ? "" : "\n") + ("備考: " + note);
        }

        if (reader.Failed()) {
            parsed.excluded_lines.push_back(row.line);
            continue;
        }
        by_number[imported.number] = parsed.consultations.size();
        parsed.consultations.push_back(std::move(imported));
    }

    // Contacts, linked by 相談No. Those of excluded rows go with them.
    std::set<std::string> excluded_numbers;
    for (const ImportIssue& issue : parsed.issues) excluded_numbers.insert(issue.number);
    if (contacts != nullptr && contact_mapping != nullptr) {
        parsed.contact_rows = static_cast<int>(contacts->rows.size());
        for (const TableRow& row : contacts->rows) {
            RowReader reader(*contacts, *contact_mapping, row, parsed.issues);
            const auto target = by_number.find(reader.Number());
            if (target == by_number.end()) {
                ++parsed.excluded_contacts;
                if (!excluded_numbers.contains(reader.Number())) {
                    reader.Problem(ImportField::kContactNumber,
                                   "相談No " + reader.Number() + " が" +
                                       std::string(ImportTableKindLabel(ImportTableKind::kConsultations)) +
                                       "にありません");
                }
                continue;
            }
            const auto on = reader.DateOf(ImportField::kContactDate, true, today, "は未来の日付です");
            const auto time = reader.TimeOf(ImportField::kContactTime);
            std::string summary = reader.Cell(ImportField::kContactSummary);
            const std::string method = Compact(reader.Cell(ImportField::kContactChannel));
            Channel channel = Channel::kOther;
            if (auto found = ByLabel(method,
                                     {Channel::kVisit, Channel::kPhone, Channel::kHomeVisit, Channel::kEmail,
                                      Channel::kViaAgency, Channel::kOther},
                                     ChannelLabel);
                found) {
                channel = *found;
            } else if (!method.empty()) {
                summary = "【" + method + "】" + summary;
            }
            if (auto valid = ValidateFreeText(summary, reader.ColumnName(ImportField::kContactSummary), 4000); !valid) {
                reader.Problem(ImportField::kContactSummary, valid.error().message);
            }
            if (reader.Failed() || !on || !time) {
                ++parsed.excluded_contacts;
                continue;
            }
            parsed.consultations[target->second].contacts.push_back(
                {.line = row.line, .occurred_at = AtJst(*on, *time), .channel = channel, .summary = summary});
        }
    }
    for (ImportedConsultation& consultation : parsed.consultations) {
        if (consultation.contacts.empty()) {
            consultation.contacts.push_back({.line = 0,
                                             .occurred_at = consultation.received_at,
                                             .channel = Channel::kOther,
                                             .summary = consultation.chief_complaint});
        }
        std::stable_sort(
            consultation.contacts.begin(), consultation.contacts.end(),
            [](const ImportedContact& a, const ImportedContact& b) { return a.occurred_at < b.occurred_at; });
    }
    std::stable_sort(parsed.issues.begin(), parsed.issues.end(), [](const ImportIssue& a, const ImportIssue& b) {
        return std::pair(a.table, a.line) < std::pair(b.table, b.line);
    });
    return parsed;
}

}  // namespace kasane::domain
