// SPDX-License-Identifier: Apache-2.0
// Moving in: the readers (CSV in Shift_JIS and UTF-8, XLSX), the mapping guess, the row parser and 名寄せ, on the
// samples of a fictional town's year (tests/data/import-samples, with what a correct import must find).

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <numeric>
#include <random>
#include <set>
#include <sstream>

#include "base/japan_time.hpp"
#include "base/japanese_date.hpp"
#include "base/japanese_text.hpp"
#include "domain/import_mapping.hpp"
#include "domain/import_matching.hpp"
#include "domain/import_rows.hpp"
#include "domain/import_table.hpp"
#include "domain/intake.hpp"

namespace kasane::domain {
namespace {

using std::chrono::year;

std::string Sample(const std::string& name) {
    std::ifstream in(std::string(KASANE_IMPORT_SAMPLES) + "/" + name, std::ios::binary);
    std::stringstream content;
    content << in.rdbuf();
    return content.str();
}

std::vector<WorryCategory> TownCategories() {
    std::vector<WorryCategory> categories;
    CategoryId id = 1;
    for (const SeedCategory& seed : DefaultWorryCategories()) {
        categories.push_back({.id = id++, .code = std::string(seed.code), .label = std::string(seed.label)});
    }
    return categories;
}

const Date kToday = year{2026} / 12 / 3;

TEST(ImportTable, ShiftJisCsvIsDetectedAndReadWithMachineDependentCharacters) {
    auto tables = ReadTables("soudan-r5-uketsuke.csv", Sample("soudan-r5-uketsuke.csv"));
    ASSERT_TRUE(tables) << tables.error().message;
    ASSERT_EQ(tables->size(), 1u);
    const Table& table = tables->front();
    EXPECT_EQ(table.encoding, TextEncoding::kWindows31j);
    EXPECT_EQ(TextEncodingLabel(*table.encoding), "Shift_JIS（Windows-31J）");
    EXPECT_EQ(table.header_line, 1);
    EXPECT_EQ(table.header.front(), "No");
    EXPECT_EQ(table.header.size(), 16u);
    EXPECT_EQ(table.rows.size(), 121u);
    EXPECT_EQ(table.rows.front().line, 2);
    // 﨑 (an IBM extension of code page 932) and full-width digits arrive as written.
    bool saw_saki = false;
    bool saw_full_width = false;
    for (const TableRow& row : table.rows) {
        saw_saki = saw_saki || row.cells[3].find("﨑") != std::string::npos;
        saw_full_width = saw_full_width || row.cells[1].find("５") != std::string::npos;
    }
    EXPECT_TRUE(saw_saki);
    EXPECT_TRUE(saw_full_width);
}

TEST(ImportTable, ShiftJisWithIbmExtensionsAndFullWidthDigits) {
    // "No,氏名,受付日 / 1,髙橋　﨑子,令和５年４月３日" as Excel saves it in code page 932: 髙 (FB FC) and 﨑 (FA B1)
    // are IBM extensions that plain Shift_JIS lacks. Every byte escaped, so that no escape runs into the next letter.
    const std::string bytes =
        "\x4E\x6F\x2C\x8E\x81\x96\xBC\x2C\x8E\xF3\x95\x74\x93\xFA\x0D\x0A\x31\x2C\xFB\xFC\x8B\xB4\x81\x40\xFA\xB1\x8E"
        "\x71\x2C\x97\xDF\x98\x61\x82\x54\x94\x4E\x82\x53\x8C\x8E\x82\x52\x93\xFA\x0D\x0A";
    auto tables = ReadTables("sjis.csv", bytes);
    ASSERT_TRUE(tables) << tables.error().message;
    EXPECT_EQ(tables->front().encoding, TextEncoding::kWindows31j);
    ASSERT_EQ(tables->front().rows.size(), 1u);
    EXPECT_EQ(tables->front().rows[0].cells[1], "髙橋　﨑子");
    EXPECT_EQ(tables->front().rows[0].cells[2], "令和５年４月３日");
}

TEST(ImportTable, Utf8CsvWithBomIsDetected) {
    auto tables = ReadTables("soudan-r5-keika.csv", Sample("soudan-r5-keika.csv"));
    ASSERT_TRUE(tables) << tables.error().message;
    EXPECT_EQ(tables->front().encoding, TextEncoding::kUtf8WithBom);
    EXPECT_EQ(tables->front().header.front(), "相談No");
    EXPECT_EQ(tables->front().rows.size(), 446u);
}

TEST(ImportTable, XlsxSheetsWithATitleRowAgreeWithTheCsvFiles) {
    auto sheets = ReadTables("soudan-r5.xlsx", Sample("soudan-r5.xlsx"));
    ASSERT_TRUE(sheets) << sheets.error().message;
    ASSERT_EQ(sheets->size(), 2u);
    EXPECT_EQ((*sheets)[0].name, "相談受付簿");
    EXPECT_EQ((*sheets)[1].name, "対応経過");
    EXPECT_EQ((*sheets)[0].format, FileFormat::kXlsx);
    EXPECT_FALSE((*sheets)[0].encoding.has_value());
    EXPECT_EQ((*sheets)[0].header_line, 2);  // below the title row
    EXPECT_EQ((*sheets)[0].rows.front().line, 3);
    auto csv = ReadTables("u.csv", Sample("soudan-r5-uketsuke.csv"));
    auto keika = ReadTables("k.csv", Sample("soudan-r5-keika.csv"));
    ASSERT_TRUE(csv && keika);
    EXPECT_EQ((*sheets)[0].header, csv->front().header);
    ASSERT_EQ((*sheets)[0].rows.size(), csv->front().rows.size());
    for (std::size_t i = 0; i < csv->front().rows.size(); ++i) {
        EXPECT_EQ((*sheets)[0].rows[i].cells, csv->front().rows[i].cells) << "row " << i;
    }
    ASSERT_EQ((*sheets)[1].rows.size(), keika->front().rows.size());
    for (std::size_t i = 0; i < keika->front().rows.size(); ++i) {
        EXPECT_EQ((*sheets)[1].rows[i].cells, keika->front().rows[i].cells) << "row " << i;
    }
}

TEST(ImportTable, CsvQuotingTitleRowsAndBadFiles) {
    auto records = ParseCsvRecords("a,\"b,\"\"c\"\"\",\"d\r\ne\"\r\n1,2,3\n");
    ASSERT_TRUE(records);
    ASSERT_EQ(records->size(), 2u);
    EXPECT_EQ((*records)[0], (std::vector<std::string>{"a", "b,\"c\"", "d\r\ne"}));
    EXPECT_FALSE(ParseCsvRecords("a,\"b\n"));

    auto titled = ReadTables("t.csv", "令和5年度 相談受付簿,,\r\n,,\r\nNo,受付日,氏名\r\n1,R5.4.3,林　翔\r\n");
    ASSERT_TRUE(titled) << titled.error().message;
    EXPECT_EQ(titled->front().header_line, 3);
    EXPECT_EQ(titled->front().encoding, TextEncoding::kUtf8);
    ASSERT_EQ(titled->front().rows.size(), 1u);
    EXPECT_EQ(titled->front().rows.front().line, 4);

    auto garbage = ReadTables("x.csv", std::string("\xFF\xFE\xFF\x80\x81", 5));
    ASSERT_FALSE(garbage);
    EXPECT_NE(garbage.error().message.find("文字コード"), std::string::npos);
    EXPECT_FALSE(ReadTables("x.xlsx", std::string("PK\x03\x04garbage", 11)));
    EXPECT_FALSE(ReadTables("empty.csv", ""));
    TableLimits limits;
    limits.max_rows = 3;
    EXPECT_FALSE(ReadTables("many.csv", "No\n1\n2\n3\n4\n5\n", limits));
}

TEST(ImportMapping, GuessedFromTheHeaderAndChecked) {
    auto tables = ReadTables("soudan-r5.xlsx", Sample("soudan-r5.xlsx"));
    ASSERT_TRUE(tables);
    const Table& book = (*tables)[0];
    const Table& keika = (*tables)[1];
    EXPECT_EQ(GuessTableKind(book), ImportTableKind::kConsultations);
    EXPECT_EQ(GuessTableKind(keika), ImportTableKind::kContacts);
    const ColumnMapping mapping = GuessMapping(book, ImportTableKind::kConsultations);
    const std::vector<ImportField> expected = {
        ImportField::kNumber,         ImportField::kReceivedOn, ImportField::kReceivedTime, ImportField::kName,
        ImportField::kKana,           ImportField::kBirthDate,  ImportField::kSex,          ImportField::kAddress,
        ImportField::kPhone,          ImportField::kIgnore,     ImportField::kSource,       ImportField::kCategories,
        ImportField::kChiefComplaint, ImportField::kIgnore,     ImportField::kOutcome,      ImportField::kNote};
    EXPECT_EQ(mapping.columns, expected);
    EXPECT_TRUE(CheckMapping(book, mapping));
    const ColumnMapping contacts = GuessMapping(keika, ImportTableKind::kContacts);
    EXPECT_EQ(contacts.columns, (std::vector<ImportField>{ImportField::kContactNumber, ImportField::kContactDate,
                                                          ImportField::kContactChannel, ImportField::kContactSummary,
                                                          ImportField::kIgnore}));

    ColumnMapping twice = mapping;
    twice.columns[9] = ImportField::kName;
    EXPECT_FALSE(CheckMapping(book, twice));
    ColumnMapping missing = mapping;
    missing.columns[1] = ImportField::kIgnore;
    auto refused = CheckMapping(book, missing);
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message.find("受付日"), std::string::npos);
    ColumnMapping wrong_kind = mapping;
    wrong_kind.columns[9] = ImportField::kContactSummary;
    EXPECT_FALSE(CheckMapping(book, wrong_kind));
}

TEST(ImportRows, CategoriesJoinedByNakaguroIncludingLabelsThatHoldOne) {
    const auto categories = TownCategories();
    const CategoryMatch match = MatchCategories("病気・医療・8050・介護", categories);
    EXPECT_EQ(match.ids.size(), 3u);
    EXPECT_TRUE(match.unknown.empty());
    const CategoryMatch unknown = MatchCategories("宇宙人・介護", categories);
    EXPECT_EQ(unknown.ids.size(), 1u);
    EXPECT_EQ(unknown.unknown, std::vector<std::string>{"宇宙人"});
}

struct SampleImport {
    ParsedImport parsed;
    std::map<std::string, const ImportedConsultation*> by_number;
};

SampleImport ParseSample() {
    auto tables = ReadTables("soudan-r5.xlsx", Sample("soudan-r5.xlsx"));
    EXPECT_TRUE(tables);
    const ColumnMapping book = GuessMapping((*tables)[0], ImportTableKind::kConsultations);
    const ColumnMapping keika = GuessMapping((*tables)[1], ImportTableKind::kContacts);
    SampleImport sample{.parsed = ParseImportRows((*tables)[0], book, &(*tables)[1], &keika, TownCategories(), kToday),
                        .by_number = {}};
    return sample;
}

TEST(ImportRows, TheSampleYearAsExpected) {
    SampleImport sample = ParseSample();
    const ParsedImport& parsed = sample.parsed;
    EXPECT_EQ(parsed.consultation_rows, 121);
    EXPECT_EQ(parsed.contact_rows, 446);
    // expected.json: rows with errors 11 date, 21 categories, 41 born, 51 duplicate number (both rows of No 51).
    std::set<std::pair<std::string, ImportField>> problems;
    for (const ImportIssue& issue : parsed.issues) {
        EXPECT_EQ(issue.table, ImportTableKind::kConsultations) << issue.message;
        EXPECT_FALSE(issue.message.empty());
        EXPECT_GT(issue.line, 0);
        problems.insert({issue.number, issue.field});
    }
    EXPECT_EQ(problems, (std::set<std::pair<std::string, ImportField>>{{"11", ImportField::kReceivedOn},
                                                                       {"21", ImportField::kCategories},
                                                                       {"41", ImportField::kBirthDate},
                                                                       {"51", ImportField::kNumber}}));
    for (const ImportIssue& issue : parsed.issues) {
        if (issue.number == "11") {
            EXPECT_NE(issue.message.find("令和5年2月30日は存在しない日付です"), std::string::npos) << issue.message;
            EXPECT_EQ(issue.column, "受付日");
        }
        if (issue.number == "21") {
            EXPECT_NE(issue.message.find("宇宙人"), std::string::npos);
        }
        if (issue.number == "41") {
            EXPECT_NE(issue.message.find("未来"), std::string::npos);
        }
    }
    EXPECT_EQ(parsed.excluded_lines.size(), 5u);  // 11, 21, 41 and the two rows of 51
    EXPECT_EQ(parsed.consultations.size(), 116u);

    // The anonymous row: no person.
    int anonymous = 0;
    for (const ImportedConsultation& row : parsed.consultations) {
        if (!row.person) {
            ++anonymous;
            EXPECT_EQ(row.number, "31");
        }
    }
    EXPECT_EQ(anonymous, 1);

    // Contacts of valid rows in 令和5年度: 414.
    const Instant from = StartOfJstDay(year{2023} / 4 / 1);
    const Instant to = StartOfJstDay(year{2024} / 4 / 1);
    int in_year = 0;
    int all = 0;
    for (const ImportedConsultation& row : parsed.consultations) {
        for (const ImportedContact& contact : row.contacts) {
            ++all;
            if (contact.occurred_at >= from && contact.occurred_at < to) ++in_year;
        }
    }
    EXPECT_EQ(in_year, 414);
    EXPECT_EQ(all + parsed.excluded_contacts, 446);
}

TEST(ImportRows, DatesAsPeopleWriteThemAndNamesWithAFullWidthSpace) {
    SampleImport sample = ParseSample();
    std::map<std::string, const ImportedConsultation*> rows;
    for (const ImportedConsultation& row : sample.parsed.consultations) rows[row.number] = &row;
    ASSERT_TRUE(rows.contains("1") && rows.contains("4"));
    // 1: R5.8.27 16:00, 林　翔, born S56.8.9.
    EXPECT_EQ(rows["1"]->received_at,
              FromJstLocal(JstLocalTime(std::chrono::local_days(year{2023} / 8 / 27)) + std::chrono::hours{16}));
    ASSERT_TRUE(rows["1"]->person);
    EXPECT_EQ(rows["1"]->person->family_name, "林");
    EXPECT_EQ(rows["1"]->person->given_name, "翔");
    EXPECT_EQ(rows["1"]->person->birth_date, year{1981} / 8 / 9);
    EXPECT_EQ(rows["1"]->source, Source::kSelf);
    EXPECT_EQ(rows["1"]->outcome, Outcome::kContinuing);
    EXPECT_EQ(rows["1"]->categories.size(), 3u);
    // 4: 令和５年１１月２３日 and 昭和４５年４月１２日 in full-width digits.
    EXPECT_EQ(JstDate(rows["4"]->received_at), year{2023} / 11 / 23);
    EXPECT_EQ(rows["4"]->person->birth_date, year{1970} / 4 / 12);
    // Contacts in date order; the first is the 受付.
    EXPECT_EQ(rows["1"]->contacts.front().summary.find("【受付】"), 0u);
    for (const auto& [number, row] : rows) {
        for (std::size_t k = 1; k < row->contacts.size(); ++k) {
            EXPECT_LE(row->contacts[k - 1].occurred_at, row->contacts[k].occurred_at);
        }
    }
}

TEST(ImportRows, ProblemsNameTheRowAndColumnAndFutureDatesAreRefused) {
    auto tables = ReadTables("t.csv",
                             "No,受付日,氏名,生年月日,相談分類,相談経路\n"
                             "1,R5.4.3,林 翔,R30.1.1,介護,本人\n"
                             "2,令和5年13月1日,森 大輔,,介護,宇宙\n"
                             "3,2099/1/1,,,,\n"
                             "4,R5.4.3,森 一,S50.1.1,介護・債務,家族\n");
    ASSERT_TRUE(tables);
    const Table& table = tables->front();
    const ParsedImport parsed = ParseImportRows(table, GuessMapping(table, ImportTableKind::kConsultations), nullptr,
                                                nullptr, TownCategories(), kToday);
    ASSERT_EQ(parsed.consultations.size(), 1u);
    EXPECT_EQ(parsed.consultations[0].number, "4");
    ASSERT_EQ(parsed.consultations[0].contacts.size(), 1u);  // made from the 受付日 when there is no 対応経過
    EXPECT_EQ(parsed.excluded_lines, (std::vector<int>{2, 3, 4}));
    std::vector<std::pair<int, std::string>> where;
    for (const ImportIssue& issue : parsed.issues) where.emplace_back(issue.line, issue.column);
    EXPECT_EQ(where, (std::vector<std::pair<int, std::string>>{
                         {2, "生年月日"}, {3, "受付日"}, {3, "相談経路"}, {4, "受付日"}}));
}

TEST(ImportMatching, LikelyDuplicatesByVariantKanjiAreListedNotMerged) {
    SampleImport sample = ParseSample();
    const auto& rows = sample.parsed.consultations;
    const PersonGroups groups = GroupPersons(rows);
    std::set<std::pair<std::string, std::string>> pairs;
    for (const RowPair& pair : groups.likely_same) {
        pairs.insert({rows[pair.first].number, rows[pair.second].number});
        EXPECT_TRUE(pair.variant_kanji);
        EXPECT_NE(groups.group_of[pair.first], groups.group_of[pair.second]);
    }
    // expected.json's pairs (by 相談No, the smaller first as in the file's order).
    std::set<std::pair<std::string, std::string>> expected;
    for (auto [a, b] : {std::pair{19, 20}, {43, 44}, {61, 62}, {67, 68}}) {
        expected.insert({std::to_string(a), std::to_string(b)});
    }
    std::set<std::pair<std::string, std::string>> ordered;
    for (const auto& [a, b] : pairs) ordered.insert(std::stoi(a) < std::stoi(b) ? std::pair{a, b} : std::pair{b, a});
    EXPECT_EQ(ordered, expected);
    // A person who comes back later in the year (same name and birth date) is one person: 1 and 2.
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < rows.size(); ++i) index[rows[i].number] = i;
    EXPECT_EQ(groups.group_of[index["1"]], groups.group_of[index["2"]]);
    EXPECT_FALSE(groups.group_of[index["31"]].has_value());
}

// GroupPersons as it was first written, comparing every pair of rows that share a written name (grouping) or a
// name or kana key (likely duplicates): the reference that the indexed version must equal, output and order.
PersonGroups GroupPersonsByEveryPair(const std::vector<ImportedConsultation>& rows) {
    std::vector<PersonSearchKeys> keys(rows.size());
    std::vector<std::string> written(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (!rows[i].person) continue;
        keys[i] = PersonService::KeysOf(*rows[i].person);
        for (char c : NormalizeNfkc(rows[i].person->family_name + rows[i].person->given_name)) {
            if (c != ' ' && c != '\t') written[i] += c;
        }
    }
    std::vector<std::size_t> parent(rows.size());
    std::iota(parent.begin(), parent.end(), 0);
    const auto find = [&parent](std::size_t i) {
        while (parent[i] != i) i = parent[i];
        return i;
    };
    for (std::size_t i = 0; i < rows.size(); ++i) {
        for (std::size_t j = i + 1; j < rows.size(); ++j) {
            if (!rows[i].person || !rows[j].person || written[i] != written[j]) continue;
            const PersonData& a = *rows[i].person;
            const PersonData& b = *rows[j].person;
            const bool both_born = a.birth_date && b.birth_date;
            const bool same_phone = !keys[i].phone_key.empty() && keys[i].phone_key == keys[j].phone_key;
            if ((both_born && *a.birth_date == *b.birth_date) || (!both_born && same_phone)) {
                const std::size_t x = find(i);
                const std::size_t y = find(j);
                if (x != y) parent[std::max(x, y)] = std::min(x, y);
            }
        }
    }
    PersonGroups result;
    result.group_of.resize(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (rows[i].person) result.group_of[i] = find(i);
    }
    std::set<std::pair<std::size_t, std::size_t>> reported;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        for (std::size_t j = i + 1; j < rows.size(); ++j) {
            if (!rows[i].person || !rows[j].person) continue;
            const bool same_key = (!keys[i].name_key.empty() && keys[i].name_key == keys[j].name_key) ||
                                  (!keys[i].kana_key.empty() && keys[i].kana_key == keys[j].kana_key);
            if (!same_key || find(i) == find(j)) continue;
            const PersonData& a = *rows[i].person;
            const PersonData& b = *rows[j].person;
            std::string reason;
            if (a.birth_date && b.birth_date && *a.birth_date == *b.birth_date) {
                reason = "生年月日が同じ";
            } else if (!keys[i].phone_key.empty() && keys[i].phone_key == keys[j].phone_key) {
                reason = "電話番号が同じ";
            } else if (!keys[i].address_key.empty() && keys[i].address_key == keys[j].address_key) {
                reason = "住所が同じ";
            }
            if (reason.empty() || !reported.insert({find(i), find(j)}).second) continue;
            result.likely_same.push_back(
                {.first = i,
                 .second = j,
                 .variant_kanji = keys[i].name_key == keys[j].name_key && written[i] != written[j],
                 .reason = reason});
        }
    }
    return result;
}

// Many rows of few names, birth dates, phones and addresses, some missing, variant kanji among them: every rule
// of GroupPersons meets every other. The indexed version gives what comparing every pair gives.
TEST(ImportMatching, IndexedGroupingEqualsComparingEveryPair) {
    const std::vector<std::pair<std::string, std::string>> families = {{"渡辺", "わたなべ"}, {"渡邊", "わたなべ"},
                                                                       {"山崎", "やまざき"}, {"山﨑", "やまさき"},
                                                                       {"林", "はやし"},     {"", ""}};
    const std::vector<std::string> givens = {"和子", "翔", "和子 "};
    for (unsigned seed = 1; seed <= 20; ++seed) {
        std::mt19937 random(seed);
        const auto pick = [&random](int n) { return static_cast<int>(random() % static_cast<unsigned>(n)); };
        std::vector<ImportedConsultation> rows;
        for (int i = 0; i < 300; ++i) {
            ImportedConsultation row{.line = i + 2, .number = std::to_string(i + 1)};
            const int family = pick(static_cast<int>(families.size()));
            if (!families[family].first.empty() || pick(2) == 0) {
                PersonData data;
                data.family_name = families[family].first.empty() ? "森" : families[family].first;
                data.given_name = givens[pick(3)];
                data.family_name_kana = pick(4) == 0 ? "" : families[family].second;
                if (pick(4) != 0) data.birth_date = year{1940 + pick(3)} / 4 / (1 + pick(2));
                if (pick(3) != 0) data.phone = "0858-55-100" + std::to_string(pick(4));
                if (pick(3) != 0) data.address.town = "由良宿" + std::to_string(pick(4));
                row.person = data;
            }
            rows.push_back(std::move(row));
        }
        const PersonGroups indexed = GroupPersons(rows);
        const PersonGroups every_pair = GroupPersonsByEveryPair(rows);
        EXPECT_EQ(indexed.group_of, every_pair.group_of) << "seed " << seed;
        ASSERT_EQ(indexed.likely_same.size(), every_pair.likely_same.size()) << "seed " << seed;
        ASSERT_FALSE(every_pair.likely_same.empty());
        for (std::size_t k = 0; k < indexed.likely_same.size(); ++k) {
            const RowPair& a = indexed.likely_same[k];
            const RowPair& b = every_pair.likely_same[k];
            EXPECT_EQ(std::tie(a.first, a.second, a.variant_kanji, a.reason),
                      std::tie(b.first, b.second, b.variant_kanji, b.reason))
                << "seed " << seed << ", pair " << k;
        }
    }
}

}  // namespace
}  // namespace kasane::domain
