// SPDX-License-Identifier: Apache-2.0
// The persons of a municipality (domain::PersonRepository): records, search by name grams, 名寄せ (merging),
// and the access facts of persons read for the access policy.

#include "storage/sql/sql_repositories.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cstdio>
#include <deque>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include <nlohmann/json.hpp>

#include "base/log.hpp"
#include "domain/master_data.hpp"
#include "domain/person_search_reach.hpp"
#include "storage/sql/access_facts.hpp"
#include "storage/sql/access_facts_cache.hpp"
#include "storage/sql/read_ahead.hpp"

#include "storage/sql/intake_support.hpp"
#include "storage/sql/report_aggregates_store.hpp"
#include "storage/sql/rows_insert.hpp"

namespace kasane::storage {
namespace {

std::string JsonArrayText(const std::vector<std::string>& values) { return nlohmann::json(values).dump(); }

// The arrays JsonArrayText writes hold strings that rarely need an escape (the grams are folded text): those are
// read by splitting at the quotes, which a search does for every candidate — the general parser cost 14% of a
// search's instructions on the prefecture set (docs/performance.md). Anything else (an escape, a number, spaces) is
// left to the JSON parser; nullopt means "not that simple form".
std::optional<std::vector<std::string>> SimpleStringArray(std::string_view text) {
    if (text.size() < 2 || text.front() != '[' || text.back() != ']' || text.find('\\') != std::string_view::npos) {
        return std::nullopt;
    }
    std::vector<std::string> values;
    const std::size_t end = text.size() - 1;
    for (std::size_t at = 1; at < end;) {
        if (text[at] != '"') return std::nullopt;
        const std::size_t close = text.find('"', at + 1);
        if (close == std::string_view::npos || close >= end) return std::nullopt;
        values.emplace_back(text.substr(at + 1, close - at - 1));
        at = close + 1;
        if (at == end) break;
        if (text[at] != ',' || at + 1 == end) return std::nullopt;
        ++at;
    }
    return values;
}

std::vector<std::string> ParseJsonArray(std::string_view text) {
    if (auto simple = SimpleStringArray(text)) return std::move(*simple);
    std::vector<std::string> values;
    auto parsed = nlohmann::json::parse(text, nullptr, false);
    if (!parsed.is_array()) return values;
    for (const auto& value : parsed) {
        if (value.is_string()) values.push_back(value.get<std::string>());
    }
    return values;
}

// ---------------------------------------------------------------------------------------------------------------
// Persons

#define KASANE_PERSON_COLUMNS                                                                            \
    "p.id, p.municipality_id, p.family_name, p.given_name, p.family_name_kana, p.given_name_kana, "      \
    "p.reading_self_reported, p.birth_date, p.sex, p.phone, p.contact_notes, p.address_prefecture, "     \
    "p.address_municipality, p.address_town, p.address_block, p.address_building, p.resides_elsewhere, " \
    "p.neighborhood_id, p.elementary_school_district_id, p.junior_high_school_district_id, "             \
    "p.welfare_volunteer_district_id, p.unknown_reasons, p.dv_protected, p.created_by_organization_id, " \
    "p.created_by_user_id, p.created_at, p.updated_at, p.version, p.merged_into"

constexpr SqlStatement kInsertPerson{
    "intake_insert_person",
    "INSERT INTO persons (municipality_id, family_name, given_name, family_name_kana, given_name_kana, "
    "reading_self_reported, birth_date, sex, phone, contact_notes, address_prefecture, address_municipality, "
    "address_town, address_block, address_building, resides_elsewhere, neighborhood_id, "
    "elementary_school_district_id, junior_high_school_district_id, welfare_volunteer_district_id, unknown_reasons, "
    "dv_protected, created_by_organization_id, created_by_user_id, created_at, updated_at, version) VALUES ($1, $2, "
    "$3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, "
    "$26, 1) RETURNING id"};
constexpr SqlStatement kUpdatePerson{
    "intake_update_person",
    "UPDATE persons SET family_name = $3, given_name = $4, family_name_kana = $5, given_name_kana = $6, "
    "reading_self_reported = $7, birth_date = $8, sex = $9, phone = $10, contact_notes = $11, "
    "address_prefecture = $12, address_municipality = $13, address_town = $14, address_block = $15, "
    "address_building = $16, resides_elsewhere = $17, neighborhood_id = $18, elementary_school_district_id = $19, "
    "junior_high_school_district_id = $20, welfare_volunteer_district_id = $21, unknown_reasons = $22, "
    "dv_protected = $23, updated_at = $24, version = version + 1 "
    "WHERE id = $1 AND municipality_id = $2 AND version = $25"};
constexpr SqlStatement kSelectPerson{"intake_select_person",
                                     "SELECT " KASANE_PERSON_COLUMNS
                                     " FROM persons p WHERE p.id = $1 AND p.municipality_id = $2"};

constexpr IdSetStatement kSelectPersonsOfMany KASANE_ID_SET_STATEMENT(
    "intake_select_persons_of_many",
    "SELECT " KASANE_PERSON_COLUMNS " FROM persons p WHERE p.municipality_id = $1 AND p.id IN (", ")");

constexpr SqlStatement kInsertPersonSearch{
    "intake_insert_person_search",
    "INSERT INTO person_search (person_id, municipality_id, name_key, kana_key, reading_key, address_key, phone_key, "
    "grams, address_grams) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"};
constexpr SqlStatement kUpdatePersonSearch{
    "intake_update_person_search",
    "UPDATE person_search SET name_key = $3, kana_key = $4, reading_key = $5, address_key = $6, phone_key = $7, "
    "grams = $8, address_grams = $9 WHERE person_id = $1 AND municipality_id = $2"};
constexpr SqlStatement kSelectPersonGrams{
    "intake_select_person_grams",
    "SELECT grams, address_grams FROM person_search WHERE person_id = $1 AND municipality_id = $2"};
constexpr SqlStatement kDeleteGram{
    "intake_delete_gram",
    "DELETE FROM person_grams WHERE municipality_id = $1 AND field = $2 AND gram = $3 AND person_id = $4"};
constexpr SqlStatement kGramExists{
    "intake_gram_exists",
    "SELECT 1 FROM person_grams WHERE municipality_id = $1 AND field = $2 AND gram = $3 AND person_id = $4"};
// The length of a posting list, counted no further than $4: enough to tell the rare grams from the common ones.
constexpr SqlStatement kCountGram{
    "intake_count_gram",
    "SELECT count(*) FROM (SELECT 1 FROM person_grams WHERE municipality_id = $1 AND field = $2 AND gram = $3 "
    "LIMIT $4) t"};
// kCountGram's limit: enough to tell a rare gram from a common one; counting further would cost more than it saves.
constexpr std::int64_t kCountCap = 1000;

#define KASANE_HIT_COLUMNS                                                                                       \
    "s.person_id, s.name_key, s.kana_key, s.reading_key, s.address_key, s.phone_key, s.grams, s.address_grams, " \
    "p.birth_date, p.dv_protected"
// The posting list drives, in person order, and each candidate is looked up by its key. "+ 0" keeps it so: with a
// bare g.person_id PostgreSQL's custom plan for a common gram (佐藤) merge-joins persons' whole key in id order, about
// 20 rows read for each one kept (1.1 ms against 0.25 ms for a page of 100 on the prefecture set).
#define KASANE_GRAM_HITS                                                                                             \
    "SELECT " KASANE_HIT_COLUMNS                                                                                     \
    " FROM person_grams g JOIN persons p ON p.id = g.person_id + 0 "                                                 \
    "JOIN person_search s ON s.person_id = g.person_id + 0 "                                                         \
    "WHERE g.municipality_id = $1 AND g.field = $2 AND g.gram = $3 AND g.person_id > $4 AND p.municipality_id = $1 " \
    "AND p.merged_into IS NULL"
#define KASANE_ALSO_GRAM(n)                                                                       \
    " AND EXISTS (SELECT 1 FROM person_grams g" #n " WHERE g" #n ".municipality_id = $1 AND g" #n \
    ".field = $2 AND g" #n ".gram = $" #n " AND g" #n ".person_id = g.person_id)"
// The rarest gram drives (its posting list is walked in person order), the others are probed per candidate.
// Statements exist for 1, 2, 4 and 8 grams; a query with 3 grams repeats its rarest gram in the fourth slot.
// person_grams.field: "n" for the name grams, "a" for the address grams.
constexpr std::string_view FieldCode(domain::PersonRepository::SearchField field) {
    return field == domain::PersonRepository::SearchField::kName ? "n" : "a";
}

constexpr SqlStatement kFindGrams1{"intake_find_grams_1", KASANE_GRAM_HITS " ORDER BY g.person_id LIMIT $5"};
constexpr SqlStatement kFindGrams2{"intake_find_grams_2",
                                   KASANE_GRAM_HITS KASANE_ALSO_GRAM(6) " ORDER BY g.person_id LIMIT $5"};
constexpr SqlStatement kFindGrams4{"intake_find_grams_4", KASANE_GRAM_HITS KASANE_ALSO_GRAM(6) KASANE_ALSO_GRAM(7)
                                                              KASANE_ALSO_GRAM(8) " ORDER BY g.person_id LIMIT $5"};
constexpr SqlStatement kFindGrams8{"intake_find_grams_8",
                                   KASANE_GRAM_HITS KASANE_ALSO_GRAM(6) KASANE_ALSO_GRAM(7) KASANE_ALSO_GRAM(8)
                                       KASANE_ALSO_GRAM(9) KASANE_ALSO_GRAM(10) KASANE_ALSO_GRAM(11)
                                           KASANE_ALSO_GRAM(12) " ORDER BY g.person_id LIMIT $5"};
constexpr SqlStatement kFindByBirthDate{
    "intake_find_by_birth_date",
    "SELECT " KASANE_HIT_COLUMNS
    " FROM persons p JOIN person_search s ON s.person_id = p.id "
    "WHERE p.municipality_id = $1 AND p.birth_date = $2 AND p.merged_into IS NULL ORDER BY p.id LIMIT $3"};
constexpr SqlStatement kFindByPhone{
    "intake_find_by_phone",
    "SELECT " KASANE_HIT_COLUMNS
    " FROM person_search s JOIN persons p ON p.id = s.person_id "
    "WHERE s.municipality_id = $1 AND s.phone_key = $2 AND p.municipality_id = $1 AND p.merged_into IS NULL "
    "ORDER BY s.person_id LIMIT $3"};

// The import's check of many keys at once (RecordedKeys): every birth date recorded (a few tens of thousands at most,
// compared in the domain's type, which both backends read alike), and the phone and address keys among a set (the
// keys of a JSON object, as KASANE_ID_SET).
constexpr SqlStatement kRecordedBirthDates{
    "intake_recorded_birth_dates",
    "SELECT DISTINCT birth_date FROM persons WHERE municipality_id = $1 AND birth_date IS NOT NULL"};
constexpr SqlStatement kRecordedPhoneKeys{"intake_recorded_phone_keys",
                                          "SELECT DISTINCT phone_key FROM person_search WHERE municipality_id = $1 AND "
                                          "phone_key IN (SELECT key FROM json_each($2))"};
constexpr SqlStatement kRecordedAddressKeys{"intake_recorded_address_keys",
                                            "SELECT DISTINCT address_key FROM person_search WHERE municipality_id = $1 "
                                            "AND address_key IN (SELECT key FROM json_each($2))"};

constexpr SqlStatement kPersonIdsAfter{
    "intake_person_ids_after", "SELECT id FROM persons WHERE municipality_id = $1 AND id > $2 ORDER BY id LIMIT $3"};

constexpr SqlStatement kSetMergedInto{
    "intake_set_merged_into",
    "UPDATE persons SET merged_into = $3 WHERE id = $1 AND municipality_id = $2 AND merged_into IS NULL"};
constexpr SqlStatement kClearMergedInto{
    "intake_clear_merged_into",
    "UPDATE persons SET merged_into = NULL WHERE id = $1 AND municipality_id = $2 AND merged_into = $3"};
#define KASANE_MERGE_COLUMNS "id, survivor_id, merged_id, merged_by, merged_at, undone_by, undone_at"
constexpr SqlStatement kInsertMerge{
    "intake_insert_merge",
    "INSERT INTO person_merges (municipality_id, survivor_id, merged_id, merged_by, merged_at) "
    "VALUES ($1, $2, $3, $4, $5) RETURNING id"};
constexpr SqlStatement kSelectOpenMerge{
    "intake_select_open_merge",
    "SELECT " KASANE_MERGE_COLUMNS " FROM person_merges WHERE id = $1 AND municipality_id = $2 AND undone_at IS NULL"};
constexpr SqlStatement kUndoMerge{
    "intake_undo_merge",
    "UPDATE person_merges SET undone_by = $3, undone_at = $4 WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kSelectMerges{"intake_select_merges", "SELECT " KASANE_MERGE_COLUMNS
                                                             " FROM person_merges WHERE municipality_id = $1 AND "
                                                             "(survivor_id = $2 OR merged_id = $2) ORDER BY id"};
constexpr SqlStatement kSelectMergedInto{
    "intake_select_merged_into", "SELECT id FROM persons WHERE municipality_id = $1 AND merged_into = $2 ORDER BY id"};

constexpr SqlStatement kUpdateHolder{
    "intake_update_holder", "UPDATE persons SET holder_organization_id = $3 WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kDeleteDvStaff{"intake_delete_dv_staff",
                                      "DELETE FROM person_dv_staff WHERE person_id = $1 AND municipality_id = $2"};
constexpr SqlStatement kInsertDvStaff{
    "intake_insert_dv_staff",
    "INSERT INTO person_dv_staff (person_id, municipality_id, user_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING"};
// The identity groups of merged records (名寄せ) for PersonRepository::AccessFactsOfMany, read a level of merge
// chains at a time: each statement takes the municipality ($1) and an id set ($2, IdSetText). The facts
// themselves are read in one statement (access_facts_store.cpp), which gives these persons' rows too.
#define KASANE_ACCESS_PERSON_COLUMNS                                                  \
    "id, merged_into, dv_protected, created_by_organization_id, created_by_user_id, " \
    "COALESCE(holder_organization_id, created_by_organization_id)"
// One level of merge chains upwards (the persons themselves, then the records they were merged into)…
constexpr IdSetStatement kSelectAccessPersons KASANE_ID_SET_STATEMENT(
    "intake_select_access_persons",
    "SELECT " KASANE_ACCESS_PERSON_COLUMNS " FROM persons WHERE municipality_id = $1 AND id IN (", ")");
// …and downwards (the records merged into them), by persons_by_merged_into.
constexpr IdSetStatement kSelectAccessMergedInto KASANE_ID_SET_STATEMENT(
    "intake_select_access_merged_into",
    "SELECT " KASANE_ACCESS_PERSON_COLUMNS " FROM persons WHERE municipality_id = $1 AND merged_into IN (",
    ") ORDER BY merged_into, id");
Result<Person> PersonFromRow(const SqlRow& row) {
    Person person;
    PersonData& d = person.data;
    auto id = row.Integer(0);
    auto municipality_id = row.Integer(1);
    auto family_name = row.Text(2);
    auto given_name = row.Text(3);
    auto family_name_kana = row.Text(4);
    auto given_name_kana = row.Text(5);
    auto reading = row.Text(6);
    auto birth_date = OptionalDate(row, 7);
    auto phone = row.Text(9);
    auto contact_notes = row.Text(10);
    auto prefecture = row.Text(11);
    auto municipality = row.Text(12);
    auto town = row.Text(13);
    auto block = row.Text(14);
    auto building = row.Text(15);
    auto resides_elsewhere = row.Boolean(16);
    auto unknown_reasons = row.Text(21);
    auto dv_protected = row.Boolean(22);
    auto created_by_organization_id = row.Integer(23);
    auto created_by_user_id = row.Integer(24);
    auto created_at = row.Time(25);
    auto updated_at = row.Time(26);
    auto version = row.Integer(27);
    if (!id || !municipality_id || !family_name || !given_name || !family_name_kana || !given_name_kana || !reading ||
        !birth_date || !phone || !contact_notes || !prefecture || !municipality || !town || !block || !building ||
        !resides_elsewhere || !unknown_reasons || !dv_protected || !created_by_organization_id || !created_by_user_id ||
        !created_at || !updated_at || !version) {
        return Fail(Corrupt("person"));
    }
    person.id = domain::PersonId{*id};
    person.municipality_id = MunicipalityId{*municipality_id};
    d.family_name = std::move(*family_name);
    d.given_name = std::move(*given_name);
    d.family_name_kana = std::move(*family_name_kana);
    d.given_name_kana = std::move(*given_name_kana);
    d.reading_self_reported = std::move(*reading);
    d.birth_date = *birth_date;
    if (!row.IsNull(8)) {
        d.sex = domain::ParseSex(*row.Text(8));
        if (!d.sex) return Fail(Corrupt("person.sex"));
    }
    d.phone = std::move(*phone);
    d.contact_notes = std::move(*contact_notes);
    d.address = domain::Address{.prefecture = std::move(*prefecture),
                                .municipality = std::move(*municipality),
                                .town = std::move(*town),
                                .block = std::move(*block),
                                .building = std::move(*building)};
    d.resides_elsewhere = *resides_elsewhere;
    d.neighborhood_id = row.OptionalInteger(17);
    d.elementary_school_district_id = row.OptionalInteger(18);
    d.junior_high_school_district_id = row.OptionalInteger(19);
    d.welfare_volunteer_district_id = row.OptionalInteger(20);
    auto reasons = nlohmann::json::parse(*unknown_reasons, nullptr, false);
    if (!reasons.is_object()) return Fail(Corrupt("person.unknown_reasons"));
    for (const auto& [field, code] : reasons.items()) {
        if (!code.is_string()) return Fail(Corrupt("person.unknown_reasons"));
        auto reason = domain::ParseUnknownReason(code.get<std::string>());
        if (!reason) return Fail(Corrupt("person.unknown_reasons"));
        d.unknown_reasons.emplace(field, *reason);
    }
    d.dv_protected = *dv_protected;
    person.created_by_organization_id = OrganizationId{*created_by_organization_id};
    person.created_by_user_id = UserId{*created_by_user_id};
    person.created_at = *created_at;
    person.updated_at = *updated_at;
    person.version = static_cast<int>(*version);
    person.merged_into = row.OptionalId<domain::PersonId>(28);
    return person;
}

// The 21 data parameters of kInsertPerson ($2…$22) and kUpdatePerson ($3…$23), in column order. The strings
// the parameters point into live in this object, which therefore must not be moved after Append().
struct PersonDataParams {
    std::optional<std::string> birth_date;
    std::string unknown_reasons;

    void Append(const PersonData& d, std::vector<SqlParam>& params) {
        birth_date = OptionalDateText(d.birth_date);
        nlohmann::json reasons = nlohmann::json::object();
        for (const auto& [field, reason] : d.unknown_reasons) reasons[field] = domain::UnknownReasonCode(reason);
        unknown_reasons = reasons.dump();
        params.insert(params.end(), {d.family_name,
                                     d.given_name,
                                     d.family_name_kana,
                                     d.given_name_kana,
                                     d.reading_self_reported,
                                     TextOrNull(birth_date),
                                     d.sex ? SqlParam(domain::SexCode(*d.sex)) : SqlParam(std::monostate{}),
                                     d.phone,
                                     d.contact_notes,
                                     d.address.prefecture,
                                     d.address.municipality,
                                     d.address.town,
                                     d.address.block,
                                     d.address.building,
                                     d.resides_elsewhere,
                                     IdOrNull(d.neighborhood_id),
                                     IdOrNull(d.elementary_school_district_id),
                                     IdOrNull(d.junior_high_school_district_id),
                                     IdOrNull(d.welfare_volunteer_district_id),
                                     std::string_view(unknown_reasons),
                                     d.dv_protected});
    }
};

// An area field must name an area of this municipality and of the field's kind.
Status CheckAreas(SqlConnection& connection, MunicipalityId tenant, const PersonData& d) {
    const std::array<std::tuple<const std::optional<AreaId>*, domain::AreaKind, const char*>, 4> fields{{
        {&d.neighborhood_id, domain::AreaKind::kNeighborhood, "neighborhood_id"},
        {&d.elementary_school_district_id, domain::AreaKind::kElementarySchoolDistrict,
         "elementary_school_district_id"},
        {&d.junior_high_school_district_id, domain::AreaKind::kJuniorHighSchoolDistrict,
         "junior_high_school_district_id"},
        {&d.welfare_volunteer_district_id, domain::AreaKind::kWelfareVolunteerDistrict,
         "welfare_volunteer_district_id"},
    }};
    for (const auto& [area_id, kind, field] : fields) {
        if (!area_id->has_value()) continue;
        KASANE_ASSIGN(result, connection.Execute(kAreaKind, {**area_id, tenant}));
        if (result->Empty() || SqlRow(result->rows.front()).Text(0).value_or("") != domain::AreaKindCode(kind)) {
            return Fail(NotFoundField("指定された地区が見つかりません", field));
        }
    }
    return {};
}

// A person's name has a dozen grams or more: they go many rows a statement (an import writes hundreds of thousands).
const sql_support::RowsInsert& GramsInsert() {
    static const sql_support::RowsInsert insert(
        "intake_insert_grams", "INSERT INTO person_grams (municipality_id, field, gram, person_id) VALUES ", 4,
        " ON CONFLICT DO NOTHING");
    return insert;
}

void AppendGrams(std::vector<SqlParam>& rows, MunicipalityId tenant, PersonId id, std::string_view field,
                 const std::vector<std::string>& grams) {
    for (const std::string& gram : grams) {
        rows.insert(rows.end(), {SqlParam(tenant.value()), SqlParam(field), SqlParam(std::string_view(gram)),
                                 SqlParam(id.value())});
    }
}

Status InsertGrams(SqlConnection& connection, MunicipalityId tenant, PersonId id, std::string_view field,
                   const std::vector<std::string>& grams) {
    std::vector<SqlParam> rows;
    rows.reserve(grams.size() * 4);
    AppendGrams(rows, tenant, id, field, grams);
    return GramsInsert().Run(connection, rows);
}

// Many persons as SqlPersonRepository::Create writes one, a batch at a time: each batch's persons, their search
// keys and their name grams go many rows a statement (rows_insert.hpp), the organisations, users and combinations of
// areas they name are checked once each, and nothing is read back. The tables being filled have their statistics
// refreshed each time the persons written double (1,000, 2,000, 4,000 …), as InsertConsultations does: the plans of
// what follows (the foreign-key checks, the households' and consultations' checks of these persons) are then made for
// tables of about their real size, not for the empty ones of before an import (docs/performance.md).
Result<std::vector<PersonId>> InsertPersons(SqlConnection& connection, MunicipalityId tenant,
                                            const std::vector<domain::NewPerson>& persons) {
    static const sql_support::RowsInsert kInsertPersons(
        "intake_insert_persons",
        "INSERT INTO persons (municipality_id, family_name, given_name, family_name_kana, given_name_kana, "
        "reading_self_reported, birth_date, sex, phone, contact_notes, address_prefecture, address_municipality, "
        "address_town, address_block, address_building, resides_elsewhere, neighborhood_id, "
        "elementary_school_district_id, junior_high_school_district_id, welfare_volunteer_district_id, "
        "unknown_reasons, dv_protected, created_by_organization_id, created_by_user_id, created_at, updated_at, "
        "version) VALUES ",
        27, " RETURNING id");
    static const sql_support::RowsInsert kInsertSearches(
        "intake_insert_person_searches",
        "INSERT INTO person_search (person_id, municipality_id, name_key, kana_key, reading_key, address_key, "
        "phone_key, grams, address_grams) VALUES ",
        9, "");
    static constexpr std::array<std::string_view, 3> kFilled{"persons", "person_search", "person_grams"};
    constexpr std::size_t kBatch = 500;

    std::set<std::int64_t> organizations_checked;
    std::set<std::int64_t> users_checked;
    std::set<std::array<std::int64_t, 4>> areas_checked;  // the four area fields, as a combination checked once
    std::vector<PersonId> out;
    out.reserve(persons.size());
    std::size_t next_refresh = 1000;
    for (std::size_t first = 0; first < persons.size(); first += kBatch) {
        const std::size_t last = std::min(persons.size(), first + kBatch);
        std::deque<std::string> texts;       // what the parameters view; a deque keeps them in place as it grows
        std::deque<PersonDataParams> datas;  // likewise
        std::vector<std::vector<std::string>> grams(last - first);
        std::vector<std::vector<std::string>> address_grams(last - first);
        std::vector<SqlParam> rows;
        for (std::size_t n = first; n < last; ++n) {
            const Person& person = persons[n].person;
            const PersonData& d = person.data;
            auto area = [](const std::optional<AreaId>& id) -> std::int64_t { return id.value_or(0); };
            if (areas_checked
                    .insert(std::array<std::int64_t, 4>{area(d.neighborhood_id), area(d.elementary_school_district_id),
                                                        area(d.junior_high_school_district_id),
                                                        area(d.welfare_volunteer_district_id)})
                    .second) {
                KASANE_TRY(CheckAreas(connection, tenant, d));
            }
            if (organizations_checked.insert(person.created_by_organization_id.value()).second) {
                KASANE_TRY(Exists(connection, kOrganizationExists, person.created_by_organization_id, tenant,
                                  "機関が見つかりません", "created_by_organization_id"));
            }
            if (users_checked.insert(person.created_by_user_id.value()).second) {
                KASANE_TRY(Exists(connection, kUserExists, person.created_by_user_id, tenant, "利用者が見つかりません",
                                  "created_by_user_id"));
            }
            rows.emplace_back(tenant.value());
            datas.emplace_back().Append(person.data, rows);
            rows.insert(rows.end(), {SqlParam(person.created_by_organization_id.value()),
                                     SqlParam(person.created_by_user_id.value()),
                                     SqlParam(std::string_view(texts.emplace_back(FormatIso8601(person.created_at)))),
                                     SqlParam(std::string_view(texts.emplace_back(FormatIso8601(person.updated_at)))),
                                     SqlParam(std::int64_t{1})});
        }
        KASANE_ASSIGN(ids, kInsertPersons.RunReturningIds(connection, rows));
        rows.clear();
        for (std::size_t n = first; n < last; ++n) {
            const PersonSearchKeys& keys = persons[n].keys;
            const PersonId id{(*ids)[n - first]};
            out.push_back(id);
            grams[n - first] = Distinct(keys.grams);
            address_grams[n - first] = Distinct(keys.address_grams);
            rows.insert(rows.end(),
                        {SqlParam(id.value()), SqlParam(tenant.value()), SqlParam(std::string_view(keys.name_key)),
                         SqlParam(std::string_view(keys.kana_key)), SqlParam(std::string_view(keys.reading_key)),
                         SqlParam(std::string_view(keys.address_key)), SqlParam(std::string_view(keys.phone_key)),
                         SqlParam(std::string_view(texts.emplace_back(JsonArrayText(grams[n - first])))),
                         SqlParam(std::string_view(texts.emplace_back(JsonArrayText(address_grams[n - first]))))});
        }
        KASANE_TRY(kInsertSearches.Run(connection, rows));
        rows.clear();
        for (std::size_t n = first; n < last; ++n) {
            AppendGrams(rows, tenant, out[n], "n", grams[n - first]);
            AppendGrams(rows, tenant, out[n], "a", address_grams[n - first]);
        }
        KASANE_TRY(GramsInsert().Run(connection, rows));
        if (last >= next_refresh && last < persons.size()) {
            KASANE_TRY(connection.RefreshStatistics(kFilled));
            next_refresh *= 2;
        }
    }
    return out;
}

Status DeleteGrams(SqlConnection& connection, MunicipalityId tenant, PersonId id, std::string_view field,
                   const std::vector<std::string>& grams) {
    for (const std::string& gram : grams) KASANE_EXECUTE(connection, kDeleteGram, tenant, field, gram, id);
    return {};
}

Result<PersonSearchHit> HitFromRow(const SqlRow& row) {
    PersonSearchHit hit;
    auto id = row.Integer(0);
    auto name = row.Text(1);
    auto kana = row.Text(2);
    auto reading = row.Text(3);
    auto address = row.Text(4);
    auto phone = row.Text(5);
    auto grams = row.Text(6);
    auto address_grams = row.Text(7);
    auto birth_date = OptionalDate(row, 8);
    auto dv_protected = row.Boolean(9);
    if (!id || !name || !kana || !reading || !address || !phone || !grams || !address_grams || !birth_date ||
        !dv_protected) {
        return Fail(Corrupt("person_search"));
    }
    hit.person_id = domain::PersonId{*id};
    hit.keys = PersonSearchKeys{.name_key = std::move(*name),
                                .kana_key = std::move(*kana),
                                .reading_key = std::move(*reading),
                                .address_key = std::move(*address),
                                .phone_key = std::move(*phone),
                                .grams = ParseJsonArray(*grams),
                                .address_grams = ParseJsonArray(*address_grams)};
    hit.birth_date = *birth_date;
    hit.dv_protected = *dv_protected;
    return hit;
}

Status AppendHits(const Result<SqlResult>& result, std::vector<PersonSearchHit>& out) {
    if (!result) return Fail(result.error());
    for (const auto& values : result->rows) {
        KASANE_ASSIGN(hit, HitFromRow(SqlRow(values)));
        out.push_back(std::move(*hit));
    }
    return {};
}

Result<PersonMerge> MergeFromRow(const SqlRow& row) {
    auto id = row.Integer(0);
    auto survivor = row.Integer(1);
    auto merged = row.Integer(2);
    auto by = row.Integer(3);
    auto at = row.Time(4);
    auto undone_at = row.OptionalTime(6);
    if (!id || !survivor || !merged || !by || !at || !undone_at) return Fail(Corrupt("person_merges"));
    return PersonMerge{.id = *id,
                       .survivor_id = domain::PersonId{*survivor},
                       .merged_id = domain::PersonId{*merged},
                       .merged_by = UserId{*by},
                       .merged_at = *at,
                       .undone_by = row.OptionalId<UserId>(5),
                       .undone_at = *undone_at};
}

Status ReadPerson(SqlConnection& connection, MunicipalityId tenant, PersonId id, Person& out) {
    return ReadOneRow(connection, kSelectPerson, id, tenant, PersonFromRow, "本人の記録が見つかりません", "person_id",
                      out);
}

// The identity group of `id`: the survivor at the top of its merge chain first, then every record merged into
// it, transitively, in breadth-first order.
Status ReadIdentityGroup(SqlConnection& connection, MunicipalityId tenant, PersonId id, std::vector<PersonId>& out) {
    PersonId root = id;
    for (int depth = 0;; ++depth) {
        KASANE_ASSIGN(result, connection.Execute(kPersonExists, {root, tenant}));
        if (result->Empty()) return Fail(NotFoundField("本人の記録が見つかりません", "person_id"));
        auto parent = SqlRow(result->rows.front()).OptionalInteger(0);
        if (!parent) break;
        if (depth >= kMaxMergeDepth) return Fail(Corrupt("merge chain"));
        root = domain::PersonId{*parent};
    }
    out.assign(1, root);
    for (std::size_t next = 0; next < out.size(); ++next) {
        KASANE_ASSIGN(children, connection.Execute(kSelectMergedInto, {tenant, out[next]}));
        for (const auto& values : children->rows) {
            KASANE_ASSIGN(child, SqlRow(values).Integer(0));
            if (std::find(out.begin(), out.end(), *child) != out.end()) return Fail(Corrupt("merge cycle"));
            out.push_back(domain::PersonId{*child});
        }
        if (out.size() > static_cast<std::size_t>(kMaxMergeDepth) * 10) return Fail(Corrupt("identity group"));
    }
    return {};
}

// A person's row as the access facts need it.
struct AccessPerson {
    std::optional<PersonId> merged_into;
    bool dv_protected = false;
    OrganizationId created_by_organization_id{};
    UserId created_by_user_id{};
    OrganizationId holder_organization_id{};
};

// Adds rows with the columns of kSelectAccessPersons to `persons`; with `children`, also records each row under the
// record it was merged into, in the order of the rows.
Status AddAccessPersons(const SqlResult& result, std::unordered_map<PersonId, AccessPerson>& persons,
                        std::unordered_map<PersonId, std::vector<PersonId>>* children) {
    for (const auto& values : result.rows) {
        const SqlRow row(values);
        auto id = row.Integer(0);
        auto dv_protected = row.Boolean(2);
        auto organization_id = row.Integer(3);
        auto user_id = row.Integer(4);
        auto holder_id = row.Integer(5);
        if (!id || !dv_protected || !organization_id || !user_id || !holder_id) return Fail(Corrupt("person"));
        const std::optional<PersonId> merged_into = row.OptionalId<domain::PersonId>(1);
        persons[domain::PersonId{*id}] = AccessPerson{.merged_into = merged_into,
                                                      .dv_protected = *dv_protected,
                                                      .created_by_organization_id = OrganizationId{*organization_id},
                                                      .created_by_user_id = UserId{*user_id},
                                                      .holder_organization_id = OrganizationId{*holder_id}};
        if (children != nullptr && merged_into) (*children)[*merged_into].push_back(domain::PersonId{*id});
    }
    return {};
}

// Runs one of kSelectAccessPersons / kSelectAccessMergedInto over `keys` into `persons` (AddAccessPersons).
Status ReadAccessPersons(SqlConnection& connection, MunicipalityId tenant, const IdSetStatement& statement,
                         const std::vector<PersonId>& keys, std::unordered_map<PersonId, AccessPerson>& persons,
                         std::unordered_map<PersonId, std::vector<PersonId>>* children) {
    const IdSet key_set(keys);
    KASANE_ASSIGN(result, connection.Execute(statement.For(key_set), {tenant, key_set.Param()}));
    return AddAccessPersons(*result, persons, children);
}

// The identity group of each of `ids` that the tenant has, exactly as ReadIdentityGroup gives it (the survivor at
// the top of the chain first, then the records merged into it, breadth first, each level in id order), with the
// rows of every person of the groups. Read one level of merge chains at a time for all ids together: two
// statements when nothing was merged, whatever the number of ids. An id missing from the tenant (or whose chain
// leads out of it) gets no group.
Status ReadIdentityGroups(SqlConnection& connection, MunicipalityId tenant, const std::vector<PersonId>& ids,
                          std::unordered_map<PersonId, AccessPerson>& persons,
                          std::unordered_map<PersonId, std::vector<PersonId>>& groups) {
    // Upwards: the persons, then the records they were merged into, until each chain reaches its survivor (a
    // corrupted cycle stops too: its records are read once).
    std::vector<PersonId> wanted = ids;
    SortUnique(wanted);
    while (!wanted.empty()) {
        KASANE_TRY(ReadAccessPersons(connection, tenant, kSelectAccessPersons, wanted, persons, nullptr));
        std::vector<PersonId> parents;
        for (PersonId id : wanted) {
            const auto found = persons.find(id);
            if (found == persons.end() || !found->second.merged_into) continue;
            if (!persons.contains(*found->second.merged_into)) parents.push_back(*found->second.merged_into);
        }
        SortUnique(parents);
        wanted = std::move(parents);
    }
    std::unordered_map<PersonId, PersonId> root_of;
    std::vector<PersonId> roots;
    for (PersonId id : ids) {
        if (root_of.contains(id)) continue;
        PersonId root = id;
        bool reached = true;
        for (int depth = 0;; ++depth) {
            const auto found = persons.find(root);
            if (found == persons.end()) {
                reached = false;
                break;
            }
            if (!found->second.merged_into) break;
            if (depth >= kMaxMergeDepth) return Fail(Corrupt("merge chain"));
            root = *found->second.merged_into;
        }
        if (!reached) continue;
        root_of.emplace(id, root);
        roots.push_back(root);
    }
    // Downwards: the records merged into the survivors, a level at a time.
    std::unordered_map<PersonId, std::vector<PersonId>> children;
    std::unordered_set<PersonId> expanded;
    std::vector<PersonId> frontier = roots;
    SortUnique(frontier);
    for (int level = 0; !frontier.empty(); ++level) {
        if (level > kMaxMergeDepth * 10) return Fail(Corrupt("identity group"));
        expanded.insert(frontier.begin(), frontier.end());
        KASANE_TRY(ReadAccessPersons(connection, tenant, kSelectAccessMergedInto, frontier, persons, &children));
        std::vector<PersonId> next;
        for (PersonId parent : frontier) {
            for (PersonId child : children[parent]) {
                if (!expanded.contains(child)) next.push_back(child);
            }
        }
        SortUnique(next);
        frontier = std::move(next);
    }
    std::unordered_map<PersonId, std::vector<PersonId>> group_of_root;
    for (PersonId root : roots) {
        if (group_of_root.contains(root)) continue;
        std::vector<PersonId> group(1, root);
        for (std::size_t next = 0; next < group.size(); ++next) {
            for (PersonId child : children[group[next]]) {
                if (std::find(group.begin(), group.end(), child) != group.end()) return Fail(Corrupt("merge cycle"));
                group.push_back(child);
            }
            if (group.size() > static_cast<std::size_t>(kMaxMergeDepth) * 10) return Fail(Corrupt("identity group"));
        }
        group_of_root.emplace(root, std::move(group));
    }
    for (const auto& [id, root] : root_of) groups.emplace(id, group_of_root.at(root));
    return {};
}

// PersonRepository::AccessFactsOfMany on `connection`: facts over each person's whole identity group (a merged
// record's consultations and referrals are read as the survivor's, so the organisations that recorded them keep
// their access after 名寄せ), in the order of `ids`, skipping ids the tenant does not have. One statement
// (ReadAccessFactRows) however many ids; when one of them belongs to a group of merged records, its identity group
// is read (two statements, plus one per level of merge chains) and the facts once more over every record of the
// groups.
// alone[i] (when given) says whether out[i]'s identity group is its one record, for the cache (access_facts_cache.hpp).
Status ReadAccessFacts(SqlConnection& connection, MunicipalityId tenant, const std::vector<PersonId>& ids,
                       std::vector<domain::PersonAccessFacts>& out, std::vector<bool>* alone = nullptr) {
    if (ids.empty()) return {};
    std::vector<PersonId> distinct_ids = ids;
    SortUnique(distinct_ids);
    AccessFactRows rows;
    KASANE_TRY(ReadAccessFactRows(connection, tenant, IdSet(distinct_ids), rows));
    std::unordered_map<PersonId, AccessPerson> persons;
    KASANE_TRY(AddAccessPersons(rows.persons, persons, nullptr));
    const bool merged = !rows.merged_into.Empty() || std::any_of(persons.begin(), persons.end(), [](const auto& entry) {
        return entry.second.merged_into.has_value();
    });
    std::unordered_map<PersonId, std::vector<PersonId>> group_of;
    if (merged) {
        persons.clear();
        KASANE_TRY(ReadIdentityGroups(connection, tenant, ids, persons, group_of));
        std::vector<PersonId> members;
        for (const auto& [id, group] : group_of) members.insert(members.end(), group.begin(), group.end());
        if (members.empty()) return {};
        SortUnique(members);
        rows = AccessFactRows{};
        KASANE_TRY(ReadAccessFactRows(connection, tenant, IdSet(members), rows));
    } else {
        for (PersonId id : distinct_ids) {
            if (persons.contains(id)) group_of.emplace(id, std::vector<PersonId>{id});
        }
    }
    std::vector<PersonId> asked;
    std::vector<std::vector<PersonId>> groups;
    for (PersonId id : ids) {
        const auto group = group_of.find(id);
        if (group == group_of.end()) continue;
        asked.push_back(id);
        groups.push_back(group->second);
    }
    if (asked.empty()) return {};
    if (alone != nullptr) {
        alone->clear();
        for (const std::vector<PersonId>& group : groups) alone->push_back(group.size() == 1);
    }
    KASANE_ASSIGN(staff, RowsByKey(rows.dv_staff));
    KASANE_ASSIGN(recorders, RowsByKey(rows.recorders));
    KASANE_ASSIGN(referrals, RowsByKey(rows.referrals));

    out.assign(asked.size(), domain::PersonAccessFacts{});
    for (std::size_t i = 0; i < asked.size(); ++i) {
        domain::PersonAccessFacts& facts = out[i];
        facts.person_id = asked[i];
        facts.dv_protected = persons.at(asked[i]).dv_protected;
        // The group's survivor (its first member) holds the primary record of the whole identity group.
        facts.holder_organization_id = persons.at(groups[i].front()).holder_organization_id;
        for (const SqlValues* values : RowsOf(*staff, asked[i])) {
            facts.dv_named_staff.push_back(UserId{SqlRow(*values).Integer(1).value_or(0)});
        }
        for (PersonId member : groups[i]) {
            const AccessPerson& record = persons.at(member);
            facts.recording_organizations.push_back(record.created_by_organization_id);
            facts.recording_users.push_back(record.created_by_user_id);
            for (const SqlValues* values : RowsOf(*recorders, member)) {
                const SqlRow row(*values);
                facts.recording_organizations.push_back(OrganizationId{row.Integer(1).value_or(0)});
                facts.recording_users.push_back(UserId{row.Integer(2).value_or(0)});
            }
            for (const SqlValues* values : RowsOf(*referrals, member)) {
                const SqlRow row(*values);
                auto status = domain::ParseReferralStatus(row.Text(4).value_or(""));
                if (!status) return Fail(Corrupt("referral.status"));
                facts.referrals.push_back(
                    domain::ReferralFact{.referral_id = domain::ReferralId{row.Integer(1).value_or(0)},
                                         .from_organization_id = OrganizationId{row.Integer(2).value_or(0)},
                                         .to_organization_id = OrganizationId{row.Integer(3).value_or(0)},
                                         .to_user_id = row.OptionalId<UserId>(5),
                                         .status = *status});
            }
        }
    }
    // A DV-protected housemate at the same address protects the person's address and contact too: only staff named
    // for every protected housemate (and for the person, when protected itself) see them. A person's rows come by
    // housemate, one per user named for it (one with no user when none is).
    KASANE_ASSIGN(housemates, RowsByKey(rows.housemates));
    for (domain::PersonAccessFacts& facts : out) {
        const std::vector<const SqlValues*>& mine = RowsOf(*housemates, facts.person_id);
        for (std::size_t next = 0; next < mine.size();) {
            const std::int64_t housemate = SqlRow(*mine[next]).Integer(1).value_or(0);
            std::vector<UserId> named;
            for (; next < mine.size() && SqlRow(*mine[next]).Integer(1).value_or(0) == housemate; ++next) {
                if (auto user = SqlRow(*mine[next]).OptionalInteger(2)) named.push_back(UserId{*user});
            }
            SortUnique(named);
            if (!facts.dv_protected) {
                facts.dv_protected = true;
                facts.dv_named_staff = std::move(named);
                continue;
            }
            SortUnique(facts.dv_named_staff);
            std::vector<UserId> both;
            std::set_intersection(facts.dv_named_staff.begin(), facts.dv_named_staff.end(), named.begin(), named.end(),
                                  std::back_inserter(both));
            facts.dv_named_staff = std::move(both);
        }
    }
    // Consents, meetings and emergency accesses of the whole group: a consent given under the merged record still
    // binds, and a meeting that discussed it still shared it.
    KASANE_TRY(AssembleSharingFacts(rows, groups, out));
    // 多機関協働: the teams of the cases about the group's persons or their households.
    KASANE_TRY(AssembleCaseFacts(rows, groups, out));
    for (domain::PersonAccessFacts& facts : out) {
        SortUnique(facts.recording_organizations);
        SortUnique(facts.recording_users);
        std::sort(facts.referrals.begin(), facts.referrals.end(),
                  [](const auto& a, const auto& b) { return a.referral_id < b.referral_id; });
    }
    return {};
}

class SqlPersonRepository final : public domain::PersonRepository, TenantRepository {
public:
    using TenantRepository::TenantRepository;

    Result<Person> Create(const Person& person, const PersonSearchKeys& keys) override {
        const std::string created_at = FormatIso8601(person.created_at);
        const std::string updated_at = FormatIso8601(person.updated_at);
        const std::vector<std::string> grams = Distinct(keys.grams);
        const std::vector<std::string> address_grams = Distinct(keys.address_grams);
        const std::string grams_text = JsonArrayText(grams);
        const std::string address_grams_text = JsonArrayText(address_grams);
        PersonId id{};
        const Status status = executor_.Write([&](SqlConnection& connection) -> Status {
            KASANE_TRY(CheckAreas(connection, tenant_, person.data));
            KASANE_TRY(Exists(connection, kOrganizationExists, person.created_by_organization_id, tenant_,
                              "機関が見つかりません", "created_by_organization_id"));
            KASANE_TRY(Exists(connection, kUserExists, person.created_by_user_id, tenant_, "利用者が見つかりません",
                              "created_by_user_id"));
            PersonDataParams data;
            std::vector<SqlParam> params{tenant_};
            data.Append(person.data, params);
            params.insert(params.end(), {person.created_by_organization_id, person.created_by_user_id,
                                         std::string_view(created_at), std::string_view(updated_at)});
            KASANE_ASSIGN(inserted, connection.Execute(kInsertPerson, params));
            id = domain::PersonId{IdOf(inserted)};
            KASANE_EXECUTE(connection, kInsertPersonSearch, id, tenant_, keys.name_key, keys.kana_key, keys.reading_key,
                           keys.address_key, keys.phone_key, grams_text, address_grams_text);
            KASANE_TRY(InsertGrams(connection, tenant_, id, "n", grams));
            return InsertGrams(connection, tenant_, id, "a", address_grams);
        });
        if (!status) return Fail(status.error());
        return Get(id);
    }

    Result<std::vector<PersonId>> CreateMany(const std::vector<domain::NewPerson>& persons) override {
        std::vector<PersonId> out;
        const Status status = executor_.Write([&](SqlConnection& connection) -> Status {
            KASANE_ASSIGN(created, InsertPersons(connection, tenant_, persons));
            out = std::move(*created);
            return {};
        });
        if (!status) return Fail(status.error());
        return out;
    }

    Result<Person> Get(PersonId id) override {
        return ReadInto<Person>(
            [&](SqlConnection& connection, Person& out) { return ReadPerson(connection, tenant_, id, out); });
    }

    Result<std::vector<Person>> GetMany(const std::vector<PersonId>& ids) override {
        using List = std::vector<Person>;
        return ReadInto<List>([&](SqlConnection& connection, List& out) -> Status {
            if (ids.empty()) return {};
            // One statement for all of them, then back into the order asked (a repeated id appears once).
            const IdSet id_set(ids);
            KASANE_ASSIGN(result, connection.Execute(kSelectPersonsOfMany.For(id_set), {tenant_, id_set.Param()}));
            std::unordered_map<PersonId, Person> found;
            for (const auto& values : result->rows) {
                KASANE_ASSIGN(person, PersonFromRow(SqlRow(values)));
                const PersonId id = person->id;
                found.emplace(id, std::move(*person));
            }
            for (PersonId id : ids) {
                auto person = found.find(id);
                if (person == found.end()) continue;
                out.push_back(std::move(person->second));
                found.erase(person);
            }
            return {};
        });
    }

    Result<Person> Update(PersonId id, int expected_version, const PersonData& data, Instant at,
                          const PersonSearchKeys& keys) override {
        const std::string updated_at = FormatIso8601(at);
        const std::vector<std::string> grams = Distinct(keys.grams);
        const std::vector<std::string> address_grams = Distinct(keys.address_grams);
        const std::string grams_text = JsonArrayText(grams);
        const std::string address_grams_text = JsonArrayText(address_grams);
        const Status status = executor_.Write([&](SqlConnection& connection) -> Status {
            KASANE_TRY(CheckAreas(connection, tenant_, data));
            // The unknown reasons are a facet of the 年度集計 (データの質).
            AggregateChange change(executor_, tenant_);
            KASANE_TRY(change.TouchPersons(connection, {id.value()}));
            PersonDataParams data_params;
            std::vector<SqlParam> params{id, tenant_};
            data_params.Append(data, params);
            params.insert(params.end(), {std::string_view(updated_at), std::int64_t{expected_version}});
            KASANE_ASSIGN(updated, connection.Execute(kUpdatePerson, params));
            if (updated->affected_rows == 0) {
                KASANE_TRY(Exists(connection, kPersonExists, id, tenant_, "本人の記録が見つかりません", "person_id"));
                return Fail(VersionConflict());
            }
            // Replace the postings: the old ones are named by the stored gram lists.
            KASANE_ASSIGN(old, connection.Execute(kSelectPersonGrams, {id, tenant_}));
            if (!old->Empty()) {
                const SqlRow row(old->rows.front());
                KASANE_TRY(DeleteGrams(connection, tenant_, id, "n", ParseJsonArray(row.Text(0).value_or("[]"))));
                KASANE_TRY(DeleteGrams(connection, tenant_, id, "a", ParseJsonArray(row.Text(1).value_or("[]"))));
            }
            KASANE_EXECUTE(connection, kUpdatePersonSearch, id, tenant_, keys.name_key, keys.kana_key, keys.reading_key,
                           keys.address_key, keys.phone_key, grams_text, address_grams_text);
            KASANE_TRY(InsertGrams(connection, tenant_, id, "n", grams));
            KASANE_TRY(InsertGrams(connection, tenant_, id, "a", address_grams));
            return change.Flush(connection);
        });
        if (!status) return Fail(status.error());
        return Get(id);
    }

    Result<std::vector<PersonId>> IdsAfter(PersonId after, int limit) override {
        using List = std::vector<PersonId>;
        return ReadInto<List>([&](SqlConnection& connection, List& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(kPersonIdsAfter, {tenant_, after, std::int64_t{limit}}));
            for (const auto& values : result->rows)
                out.push_back(domain::PersonId{SqlRow(values).Integer(0).value_or(0)});
            return {};
        });
    }

    Status ReplaceSearchKeys(PersonId id, const PersonSearchKeys& keys) override {
        const std::vector<std::string> grams = Distinct(keys.grams);
        const std::vector<std::string> address_grams = Distinct(keys.address_grams);
        const std::string grams_text = JsonArrayText(grams);
        const std::string address_grams_text = JsonArrayText(address_grams);
        return executor_.Write([&](SqlConnection& connection) -> Status {
            KASANE_ASSIGN(old, connection.Execute(kSelectPersonGrams, {id, tenant_}));
            if (old->Empty()) return Fail(NotFoundField("本人の記録が見つかりません", "person_id"));
            const SqlRow row(old->rows.front());
            KASANE_TRY(DeleteGrams(connection, tenant_, id, "n", ParseJsonArray(row.Text(0).value_or("[]"))));
            KASANE_TRY(DeleteGrams(connection, tenant_, id, "a", ParseJsonArray(row.Text(1).value_or("[]"))));
            KASANE_EXECUTE(connection, kUpdatePersonSearch, id, tenant_, keys.name_key, keys.kana_key, keys.reading_key,
                           keys.address_key, keys.phone_key, grams_text, address_grams_text);
            KASANE_TRY(InsertGrams(connection, tenant_, id, "n", grams));
            return InsertGrams(connection, tenant_, id, "a", address_grams);
        });
    }

    // Intersects the posting lists of all grams. The grams are ordered rarest first (each list counted up to
    // kCountCap entries); the rarest list is walked in person
    // order and the next seven are probed per candidate inside the same statement, so a page costs about
    // limit × grams index probes whatever the size of the table. Grams beyond the eighth (long address queries)
    // are probed one by one on the few candidates left.
    Result<std::vector<PersonSearchHit>> FindByGrams(const std::vector<std::string>& grams, SearchField field,
                                                     int limit) override {
        using List = std::vector<PersonSearchHit>;
        const std::vector<std::string> distinct = Distinct(grams);
        if (distinct.empty() || limit <= 0) return List{};
        const std::string_view field_code = FieldCode(field);
        return ReadInto<List>([&](SqlConnection& connection, List& out) -> Status {
            std::vector<std::pair<std::int64_t, const std::string*>> ordered;
            for (const std::string& gram : distinct) {
                std::int64_t count = 0;
                if (distinct.size() > 1) {
                    KASANE_ASSIGN(counted, connection.Execute(kCountGram, {tenant_, field_code, gram, kCountCap}));
                    count = SqlRow(counted->rows.at(0)).Integer(0).value_or(0);
                    if (count == 0) return {};  // one empty posting list empties the intersection
                }
                ordered.emplace_back(count, &gram);
            }
            std::stable_sort(ordered.begin(), ordered.end(),
                             [](const auto& a, const auto& b) { return a.first < b.first; });
            const std::size_t in_statement = std::min<std::size_t>(ordered.size(), 8);
            const SqlStatement& statement = in_statement == 1   ? kFindGrams1
                                            : in_statement == 2 ? kFindGrams2
                                            : in_statement <= 4 ? kFindGrams4
                                                                : kFindGrams8;
            const std::size_t slots = in_statement == 1 ? 1 : in_statement == 2 ? 2 : in_statement <= 4 ? 4 : 8;
            PersonId after{};
            for (;;) {
                std::vector<SqlParam> params{tenant_, field_code, std::string_view(*ordered[0].second), after,
                                             std::int64_t{limit}};
                for (std::size_t slot = 1; slot < slots; ++slot) {
                    params.emplace_back(std::string_view(*ordered[slot < in_statement ? slot : 0].second));
                }
                List page;
                KASANE_TRY(AppendHits(connection.Execute(statement, params), page));
                for (PersonSearchHit& hit : page) {
                    bool all = true;
                    for (std::size_t rest = in_statement; rest < ordered.size() && all; ++rest) {
                        KASANE_ASSIGN(found, connection.Execute(kGramExists, {tenant_, field_code,
                                                                              *ordered[rest].second, hit.person_id}));
                        all = !found->Empty();
                    }
                    after = hit.person_id;
                    if (all) out.push_back(std::move(hit));
                    if (out.size() >= static_cast<std::size_t>(limit)) return {};
                }
                if (page.size() < static_cast<std::size_t>(limit)) return {};
            }
        });
    }

    Result<std::vector<PersonSearchHit>> FindByBirthDate(Date birth_date, int limit) override {
        using List = std::vector<PersonSearchHit>;
        const std::string date = DateText(birth_date);
        return ReadInto<List>([&](SqlConnection& connection, List& out) {
            return AppendHits(connection.Execute(kFindByBirthDate, {tenant_, date, std::int64_t{limit}}), out);
        });
    }

    Result<std::vector<PersonSearchHit>> FindByPhone(std::string_view phone_key, int limit) override {
        using List = std::vector<PersonSearchHit>;
        if (phone_key.empty()) return List{};  // "no phone" is not a match
        return ReadInto<List>([&](SqlConnection& connection, List& out) {
            return AppendHits(connection.Execute(kFindByPhone, {tenant_, phone_key, std::int64_t{limit}}), out);
        });
    }

    Result<domain::RecordedPersonKeys> RecordedKeys(const std::set<Date>& birth_dates,
                                                    const std::set<std::string>& phone_keys,
                                                    const std::set<std::string>& address_keys) override {
        using Keys = domain::RecordedPersonKeys;
        return ReadInto<Keys>([&](SqlConnection& connection, Keys& out) -> Status {
            if (!birth_dates.empty()) {
                KASANE_ASSIGN(dates, connection.Execute(kRecordedBirthDates, {tenant_}));
                for (const auto& values : dates->rows) {
                    KASANE_ASSIGN(date, RequiredDate(SqlRow(values), 0));
                    if (birth_dates.contains(*date)) out.birth_dates.insert(*date);
                }
            }
            const std::array<std::tuple<const std::set<std::string>*, const SqlStatement*, std::set<std::string>*>, 2>
                sets{{{&phone_keys, &kRecordedPhoneKeys, &out.phone_keys},
                      {&address_keys, &kRecordedAddressKeys, &out.address_keys}}};
            for (const auto& [keys, statement, found] : sets) {
                if (keys->empty()) continue;
                nlohmann::json set = nlohmann::json::object();
                for (const std::string& key : *keys) set[key] = 0;
                KASANE_ASSIGN(rows, connection.Execute(
                                        *statement,
                                        {tenant_, set.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)}));
                for (const auto& values : rows->rows) {
                    auto key = SqlRow(values).Text(0);
                    if (!key) return Fail(Corrupt("person_search"));
                    if (keys->contains(*key)) found->insert(std::move(*key));
                }
            }
            return {};
        });
    }

    Result<PersonMerge> Merge(PersonId survivor_id, PersonId merged_id, UserId user_id, Instant at) override {
        if (survivor_id == merged_id) {
            return Fail(Error::InvalidArgument("同じ記録どうしは名寄せできません", "merged_id"));
        }
        const std::string at_text = FormatIso8601(at);
        PersonMerge merge;
        const Status status = executor_.Write([&](SqlConnection& connection) -> Status {
            KASANE_ASSIGN(survivor, connection.Execute(kPersonExists, {survivor_id, tenant_}));
            if (survivor->Empty()) return Fail(NotFoundField("本人の記録が見つかりません", "survivor_id"));
            if (!SqlRow(survivor->rows.front()).IsNull(0)) {
                return Fail(Error::Conflict("残す記録は既に別の記録に名寄せされています", "survivor_id"));
            }
            KASANE_ASSIGN(merged, connection.Execute(kPersonExists, {merged_id, tenant_}));
            if (merged->Empty()) return Fail(NotFoundField("本人の記録が見つかりません", "merged_id"));
            KASANE_TRY(Exists(connection, kUserExists, user_id, tenant_, "利用者が見つかりません", "user_id"));
            // The merged record's contacts (and those of the records merged into it) move to the survivor's 実人数.
            // The survivor's 世帯人員 now counts the merged record's memberships too.
            AggregateChange change(executor_, tenant_);
            KASANE_TRY(change.TouchPersons(connection, {survivor_id.value(), merged_id.value()}));
            KASANE_TRY(change.AddPersonGroup(connection, merged_id, -1));
            KASANE_ASSIGN(set, connection.Execute(kSetMergedInto, {merged_id, tenant_, survivor_id}));
            if (set->affected_rows == 0) {
                return Fail(Error::Conflict("この記録は既に名寄せされています", "merged_id"));
            }
            KASANE_TRY(change.AddPersonGroup(connection, merged_id, +1));
            KASANE_TRY(change.Flush(connection));
            KASANE_ASSIGN(inserted, connection.Execute(kInsertMerge, {tenant_, survivor_id, merged_id, user_id,
                                                                      std::string_view(at_text)}));
            merge = PersonMerge{.id = IdOf(inserted),
                                .survivor_id = survivor_id,
                                .merged_id = merged_id,
                                .merged_by = user_id,
                                .merged_at = at,
                                .undone_by = std::nullopt,
                                .undone_at = std::nullopt};
            return {};
        });
        if (!status) return Fail(status.error());
        return merge;
    }

    Result<PersonMerge> Unmerge(std::int64_t merge_id, UserId user_id, Instant at) override {
        const std::string at_text = FormatIso8601(at);
        PersonMerge merge;
        const Status status = executor_.Write([&](SqlConnection& connection) -> Status {
            KASANE_ASSIGN(found, connection.Execute(kSelectOpenMerge, {merge_id, tenant_}));
            if (found->Empty()) return Fail(NotFoundField("名寄せの記録が見つかりません", "merge_id"));
            KASANE_ASSIGN(read, MergeFromRow(SqlRow(found->rows.front())));
            merge = std::move(*read);
            KASANE_TRY(Exists(connection, kUserExists, user_id, tenant_, "利用者が見つかりません", "user_id"));
            KASANE_EXECUTE(connection, kUndoMerge, merge_id, tenant_, user_id, std::string_view(at_text));
            AggregateChange change(executor_, tenant_);
            KASANE_TRY(change.TouchPersons(connection, {merge.survivor_id.value(), merge.merged_id.value()}));
            KASANE_TRY(change.AddPersonGroup(connection, merge.merged_id, -1));
            KASANE_EXECUTE(connection, kClearMergedInto, merge.merged_id, tenant_, merge.survivor_id);
            KASANE_TRY(change.AddPersonGroup(connection, merge.merged_id, +1));
            KASANE_TRY(change.Flush(connection));
            merge.undone_by = user_id;
            merge.undone_at = at;
            return {};
        });
        if (!status) return Fail(status.error());
        return merge;
    }

    Result<std::vector<PersonMerge>> Merges(PersonId person_id) override {
        using List = std::vector<PersonMerge>;
        return ReadInto<List>([&](SqlConnection& connection, List& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(kSelectMerges, {tenant_, person_id}));
            for (const auto& values : result->rows) {
                KASANE_ASSIGN(merge, MergeFromRow(SqlRow(values)));
                out.push_back(std::move(*merge));
            }
            return {};
        });
    }

    Result<std::vector<PersonId>> IdentityGroup(PersonId person_id) override {
        using List = std::vector<PersonId>;
        return ReadInto<List>([&](SqlConnection& connection, List& out) {
            return ReadIdentityGroup(connection, tenant_, person_id, out);
        });
    }

    // One implementation for one person and for many: ReadAccessFacts with a single id costs no more statements
    // than reading one person's facts directly would.
    Result<domain::PersonAccessFacts> AccessFacts(PersonId id) override {
        auto many = AccessFactsOfMany({id});
        if (!many) return Fail(many.error());
        if (many->empty()) return Fail(NotFoundField("本人の記録が見つかりません", "person_id"));
        return std::move(many->front());
    }

    Result<std::vector<domain::PersonAccessFacts>> AccessFactsOfMany(const std::vector<PersonId>& ids) override {
        using List = std::vector<domain::PersonAccessFacts>;
        // Through the store's cache, checked against the persons' access versions (migration 60), when it has one.
        if (const auto cache = AccessFactsCacheOf(executor_)) {
            return ReadInto<List>([&](SqlConnection& connection, List& out) {
                return cache->Read(
                    connection, tenant_, ids, out,
                    [](SqlConnection& on, MunicipalityId tenant, const std::vector<PersonId>& asked, List& facts,
                       std::vector<bool>& alone) { return ReadAccessFacts(on, tenant, asked, facts, &alone); });
            });
        }
        return ReadInto<List>(
            [&](SqlConnection& connection, List& out) { return ReadAccessFacts(connection, tenant_, ids, out); });
    }

    Status SetHolder(PersonId id, OrganizationId organization_id) override {
        return executor_.Write([&](SqlConnection& connection) -> Status {
            KASANE_TRY(Exists(connection, kPersonExists, id, tenant_, "本人の記録が見つかりません", "person_id"));
            KASANE_TRY(Exists(connection, kOrganizationExists, organization_id, tenant_, "機関が見つかりません",
                              "organization_id"));
            KASANE_EXECUTE(connection, kUpdateHolder, id, tenant_, organization_id);
            return {};
        });
    }

    Status SetDvNamedStaff(PersonId id, const std::vector<UserId>& user_ids) override {
        return executor_.Write([&](SqlConnection& connection) -> Status {
            KASANE_TRY(Exists(connection, kPersonExists, id, tenant_, "本人の記録が見つかりません", "person_id"));
            KASANE_EXECUTE(connection, kDeleteDvStaff, id, tenant_);
            for (UserId user_id : user_ids) {
                KASANE_TRY(Exists(connection, kUserExists, user_id, tenant_, "利用者が見つかりません", "user_id"));
                KASANE_EXECUTE(connection, kInsertDvStaff, id, tenant_, user_id);
            }
            return {};
        });
    }
};

// ---------------------------------------------------------------------------------------------------------------
// Search within a reach (domain::PersonSearchRepository, person_search_reach.hpp)

// The persons tied to the caller (PersonSearchReach::kTied), each tie one branch read by an index of migration 55
// (or an older one), then each merged-away record's tie carried up to the record it was merged into. A tie the
// reach does not have is given the id 0, which no row has: its branch is one empty index probe. Parameters: $1 the
// municipality, $4 the organisation of its records, $5 the user of their entries, $6 the organisation and $7 the
// user referrals are addressed to, $8 the organisation of case teams, $9 of consents, $10 the user of meetings,
// $11 of emergency accesses. Every branch mirrors a basis of DecideAccess (WithinReach states the same in C++).
// Household members and agenda items are reached by their household or meeting alone (their composite foreign keys
// keep them in the case's or meeting's municipality): with the municipality written beside, SQLite without statistics
// read them through the (municipality, person) index — every member or item of the town — instead.
#define KASANE_REFERRAL_GIVES_RECORD "status IN ('accepted', 'in_progress', 'completed')"
#define KASANE_TIED_PERSONS                                                                                     \
    "WITH RECURSIVE tied(person_id) AS ("                                                                       \
    "SELECT id FROM persons WHERE municipality_id = $1 AND created_by_organization_id = $4 "                    \
    "UNION SELECT id FROM persons WHERE municipality_id = $1 AND holder_organization_id = $4 "                  \
    "UNION SELECT person_id FROM consultations WHERE municipality_id = $1 AND receiving_organization_id = $4 "  \
    "UNION SELECT person_id FROM contacts WHERE municipality_id = $1 AND organization_id = $4 "                 \
    "UNION SELECT id FROM persons WHERE municipality_id = $1 AND created_by_user_id = $5 "                      \
    "UNION SELECT person_id FROM consultations WHERE municipality_id = $1 AND received_by_user_id = $5 "        \
    "UNION SELECT person_id FROM contacts WHERE municipality_id = $1 AND staff_user_id = $5 "                   \
    "UNION SELECT person_id FROM referrals WHERE municipality_id = $1 AND to_organization_id = $6 "             \
    "AND " KASANE_REFERRAL_GIVES_RECORD                                                                         \
    " "                                                                                                         \
    "UNION SELECT person_id FROM referrals WHERE municipality_id = $1 AND to_user_id = $7 "                     \
    "AND " KASANE_REFERRAL_GIVES_RECORD                                                                         \
    " "                                                                                                         \
    "UNION SELECT person_id FROM cases WHERE municipality_id = $1 AND lead_organization_id = $8 "               \
    "UNION SELECT c.person_id FROM case_team_members t CROSS JOIN cases c WHERE t.municipality_id = $1 "        \
    "AND t.organization_id = $8 AND c.id = t.case_id AND c.municipality_id = $1 "                               \
    "UNION SELECT hm.person_id FROM cases c CROSS JOIN household_members hm WHERE c.municipality_id = $1 "      \
    "AND c.lead_organization_id = $8 AND hm.household_id = c.household_id AND hm.moved_out IS NULL "            \
    "UNION SELECT hm.person_id FROM case_team_members t CROSS JOIN cases c CROSS JOIN household_members hm "    \
    "WHERE t.municipality_id = $1 AND t.organization_id = $8 AND c.id = t.case_id AND c.municipality_id = $1 "  \
    "AND hm.household_id = c.household_id AND hm.moved_out IS NULL "                                            \
    "UNION SELECT c.person_id FROM consent_organizations o CROSS JOIN consents c WHERE o.municipality_id = $1 " \
    "AND o.organization_id = $9 AND c.id = o.consent_id AND c.municipality_id = $1 AND c.withdrawn_at IS NULL " \
    "UNION SELECT a.person_id FROM meetings m CROSS JOIN meeting_agenda_items a WHERE m.municipality_id = $1 "  \
    "AND m.convenor_user_id = $10 AND a.meeting_id = m.id "                                                     \
    "UNION SELECT a.person_id FROM meeting_attendees x CROSS JOIN meeting_agenda_items a "                      \
    "WHERE x.municipality_id = $1 AND x.user_id = $10 AND a.meeting_id = x.meeting_id "                         \
    "UNION SELECT a.person_id FROM meeting_body_named_members n CROSS JOIN meetings m CROSS JOIN "              \
    "meeting_agenda_items a WHERE n.municipality_id = $1 AND n.user_id = $10 AND m.municipality_id = $1 "       \
    "AND m.body_id = n.body_id AND a.meeting_id = m.id "                                                        \
    "UNION SELECT a.person_id FROM meeting_body_named_members n CROSS JOIN meetings m CROSS JOIN "              \
    "meeting_agenda_items a WHERE n.municipality_id = $1 AND n.user_id = $10 AND m.municipality_id = $1 "       \
    "AND m.joint_body_id = n.body_id AND a.meeting_id = m.id "                                                  \
    "UNION SELECT person_id FROM emergency_accesses WHERE municipality_id = $1 AND user_id = $11"               \
    "), reach(person_id) AS (SELECT person_id FROM tied WHERE person_id IS NOT NULL "                           \
    "UNION SELECT p.merged_into FROM reach r CROSS JOIN persons p WHERE p.id = r.person_id "                    \
    "AND p.municipality_id = $1 AND p.merged_into IS NOT NULL) "
// The tied persons first (CROSS JOIN keeps SQLite's order), each probed in the postings by their primary key
// (municipality, field, gram, person): the cost is the tied persons × the grams, whatever the town's size. $12 the
// last person of the previous page, $13 the limit, $14… the other grams.
#define KASANE_REACH_GRAM_HITS                                                                           \
    KASANE_TIED_PERSONS                                                                                  \
    "SELECT " KASANE_HIT_COLUMNS                                                                         \
    " FROM reach r CROSS JOIN person_grams g CROSS JOIN persons p CROSS JOIN person_search s "           \
    "WHERE g.municipality_id = $1 AND g.field = $2 AND g.gram = $3 AND g.person_id = r.person_id "       \
    "AND r.person_id > $12 AND p.id = r.person_id AND p.municipality_id = $1 AND p.merged_into IS NULL " \
    "AND s.person_id = r.person_id"
#define KASANE_REACH_ALSO_GRAM(n)                                                                 \
    " AND EXISTS (SELECT 1 FROM person_grams g" #n " WHERE g" #n ".municipality_id = $1 AND g" #n \
    ".field = $2 AND g" #n ".gram = $" #n " AND g" #n ".person_id = r.person_id)"
constexpr SqlStatement kFindGramsWithin1{"intake_find_grams_within_1",
                                         KASANE_REACH_GRAM_HITS " ORDER BY r.person_id LIMIT $13"};
constexpr SqlStatement kFindGramsWithin2{
    "intake_find_grams_within_2", KASANE_REACH_GRAM_HITS KASANE_REACH_ALSO_GRAM(14) " ORDER BY r.person_id LIMIT $13"};
constexpr SqlStatement kFindGramsWithin4{"intake_find_grams_within_4",
                                         KASANE_REACH_GRAM_HITS KASANE_REACH_ALSO_GRAM(14) KASANE_REACH_ALSO_GRAM(15)
                                             KASANE_REACH_ALSO_GRAM(16) " ORDER BY r.person_id LIMIT $13"};
constexpr SqlStatement kFindGramsWithin8{"intake_find_grams_within_8",
                                         KASANE_REACH_GRAM_HITS KASANE_REACH_ALSO_GRAM(14) KASANE_REACH_ALSO_GRAM(15)
                                             KASANE_REACH_ALSO_GRAM(16) KASANE_REACH_ALSO_GRAM(17)
                                                 KASANE_REACH_ALSO_GRAM(18) KASANE_REACH_ALSO_GRAM(19)
                                                     KASANE_REACH_ALSO_GRAM(20) " ORDER BY r.person_id LIMIT $13"};

// Of the candidates ($2, an id set, twice), those the organisation ($3) created, holds, or recorded a consultation or
// a contact of, over each candidate's records merged into it: persons, then consultations_by_receiver and
// contacts_by_organization, probed per member of the group.
#define KASANE_RECORDED_BY_AMONG(set)                                                                               \
    "WITH grp(member, root) AS (SELECT id, id FROM persons WHERE municipality_id = $1 AND id IN (" set              \
    ") UNION ALL SELECT id, merged_into FROM persons WHERE municipality_id = $1 AND merged_into IN (" set           \
    ")) "                                                                                                           \
    "SELECT g.root FROM grp g CROSS JOIN persons p WHERE p.id = g.member AND p.municipality_id = $1 "               \
    "AND (p.created_by_organization_id = $3 OR p.holder_organization_id = $3) "                                     \
    "UNION SELECT g.root FROM grp g CROSS JOIN consultations c WHERE c.municipality_id = $1 "                       \
    "AND c.receiving_organization_id = $3 AND c.person_id = g.member "                                              \
    "UNION SELECT g.root FROM grp g CROSS JOIN contacts k WHERE k.municipality_id = $1 AND k.organization_id = $3 " \
    "AND k.person_id = g.member"
constexpr IdSetStatement kRecordedByAmong{{"intake_recorded_by_among", KASANE_RECORDED_BY_AMONG(KASANE_ID_SET("$2"))},
                                          {"intake_recorded_by_among_one", KASANE_RECORDED_BY_AMONG("$2")}};
#undef KASANE_RECORDED_BY_AMONG

class SqlPersonSearchRepository final : public domain::PersonSearchRepository, TenantRepository {
public:
    using SearchField = domain::PersonRepository::SearchField;

    SqlPersonSearchRepository(SqlExecutor& executor, MunicipalityId tenant)
        : TenantRepository(executor, tenant), persons_(executor, tenant) {}

    Result<std::vector<PersonSearchHit>> FindByGramsWithin(const std::vector<std::string>& grams, SearchField field,
                                                           const domain::PersonSearchReach& reach, int limit) override {
        using List = std::vector<PersonSearchHit>;
        using Kind = domain::PersonSearchReach::Kind;
        if (reach.kind == Kind::kNobody) return List{};
        if (reach.kind == Kind::kTown) return persons_.FindByGrams(grams, field, limit);
        const std::vector<std::string> distinct = Distinct(grams);
        if (distinct.empty() || limit <= 0) return List{};
        const std::string_view field_code = FieldCode(field);
        // Which side is smaller: the rarest gram's postings (counted no further than kDriveFromPostings + 1) or the
        // tied persons. A rare gram (a full name, a rare family name) is walked in the town's postings and each of
        // its few candidates kept when its access facts are within the reach (WithinReach, the policy's own rule
        // over the same facts); a common one is probed per tied person below. An empty posting list ends the search.
        std::int64_t rarest = kDriveFromPostings + 1;
        {
            auto counted = ReadInto<std::int64_t>([&](SqlConnection& connection, std::int64_t& out) -> Status {
                out = kDriveFromPostings + 1;
                for (const std::string& gram : distinct) {
                    KASANE_ASSIGN(count, connection.Execute(kCountGram, {tenant_, field_code, gram,
                                                                         std::int64_t{kDriveFromPostings + 1}}));
                    out = std::min(out, SqlRow(count->rows.at(0)).Integer(0).value_or(0));
                    if (out == 0) return {};
                }
                return {};
            });
            if (!counted) return Fail(counted.error());
            rarest = *counted;
        }
        if (rarest == 0) return List{};
        if (rarest <= kDriveFromPostings) {
            auto candidates = persons_.FindByGrams(grams, field, static_cast<int>(kDriveFromPostings));
            if (!candidates) return Fail(candidates.error());
            std::vector<PersonId> ids;
            for (const PersonSearchHit& hit : *candidates) ids.push_back(hit.person_id);
            auto facts = persons_.AccessFactsOfMany(ids);
            if (!facts) return Fail(facts.error());
            std::unordered_set<PersonId> within;
            for (const domain::PersonAccessFacts& person_facts : *facts) {
                if (domain::WithinReach(reach, person_facts)) within.insert(person_facts.person_id);
            }
            List out;
            for (PersonSearchHit& hit : *candidates) {
                if (static_cast<int>(out.size()) >= limit) break;
                if (within.contains(hit.person_id)) out.push_back(std::move(hit));
            }
            return out;
        }
        using Tie = domain::PersonSearchReach::Tie;
        const auto organization_for = [&](Tie tie) -> std::int64_t {
            return reach.Has(tie) ? reach.organization_id.value() : 0;
        };
        const auto user_for = [&](Tie tie) -> std::int64_t { return reach.Has(tie) ? reach.user_id.value() : 0; };
        const std::size_t in_statement = std::min<std::size_t>(distinct.size(), 8);
        const SqlStatement& statement = in_statement == 1   ? kFindGramsWithin1
                                        : in_statement == 2 ? kFindGramsWithin2
                                        : in_statement <= 4 ? kFindGramsWithin4
                                                            : kFindGramsWithin8;
        const std::size_t slots = in_statement == 1 ? 1 : in_statement == 2 ? 2 : in_statement <= 4 ? 4 : 8;
        return ReadInto<List>([&](SqlConnection& connection, List& out) -> Status {
            PersonId after{};
            for (;;) {
                std::vector<SqlParam> params{tenant_,
                                             field_code,
                                             std::string_view(distinct[0]),
                                             organization_for(Tie::kOrganizationRecords),
                                             user_for(Tie::kUserEntries),
                                             organization_for(Tie::kReferralsToOrganization),
                                             user_for(Tie::kReferralsToUser),
                                             organization_for(Tie::kCaseTeams),
                                             organization_for(Tie::kConsentsToOrganization),
                                             user_for(Tie::kMeetingsOfUser),
                                             user_for(Tie::kEmergencyAccessesOfUser),
                                             after,
                                             std::int64_t{limit}};
                // A query with 3 grams repeats its first in the fourth slot (as FindByGrams does).
                for (std::size_t slot = 1; slot < slots; ++slot) {
                    params.emplace_back(std::string_view(distinct[slot < in_statement ? slot : 0]));
                }
                List page;
                KASANE_TRY(AppendHits(connection.Execute(statement, params), page));
                for (PersonSearchHit& hit : page) {
                    after = hit.person_id;
                    // Grams beyond the eighth (a long address) are compared on the hit's own keys.
                    const std::vector<std::string>& own =
                        field == SearchField::kName ? hit.keys.grams : hit.keys.address_grams;
                    const bool all = std::all_of(
                        distinct.begin() + static_cast<std::ptrdiff_t>(in_statement), distinct.end(),
                        [&](const std::string& gram) { return std::find(own.begin(), own.end(), gram) != own.end(); });
                    if (all) out.push_back(std::move(hit));
                    if (out.size() >= static_cast<std::size_t>(limit)) return {};
                }
                if (page.size() < static_cast<std::size_t>(limit)) return {};
            }
        });
    }

    Result<std::vector<PersonId>> RecordedByAmong(const std::vector<PersonId>& ids,
                                                  OrganizationId organization_id) override {
        using List = std::vector<PersonId>;
        if (ids.empty()) return List{};
        std::vector<PersonId> distinct = ids;
        std::sort(distinct.begin(), distinct.end());
        distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
        const IdSet set(distinct);
        return ReadInto<List>([&](SqlConnection& connection, List& out) -> Status {
            KASANE_ASSIGN(result,
                          connection.Execute(kRecordedByAmong.For(set), {tenant_, set.Param(), organization_id}));
            for (const auto& values : result->rows) out.push_back(PersonId{SqlRow(values).Integer(0).value_or(0)});
            return {};
        });
    }

private:
    // A rarest posting list at most this long is walked (with its candidates' access facts) rather than the reach.
    static constexpr std::int64_t kDriveFromPostings = 200;
    SqlPersonRepository persons_;
};

}  // namespace

std::unique_ptr<domain::PersonRepository> MakePersonRepository(SqlExecutor& executor, MunicipalityId tenant) {
    return std::make_unique<SqlPersonRepository>(executor, tenant);
}

std::unique_ptr<domain::PersonSearchRepository> MakePersonSearchRepository(SqlExecutor& executor,
                                                                           MunicipalityId tenant) {
    return std::make_unique<SqlPersonSearchRepository>(executor, tenant);
}

// As FindByGrams begins: one gram, its page of kFindGrams1 after person 0; more, kCountGram for each.
std::vector<ReadCall> GramCandidatesToReadAhead(MunicipalityId tenant, const std::vector<std::string>& grams,
                                                domain::PersonRepository::SearchField field, int limit) {
    const std::vector<std::string> distinct = Distinct(grams);  // as FindByGrams reads them
    std::vector<ReadCall> calls;
    if (distinct.empty() || limit <= 0) return calls;
    const std::string field_code(FieldCode(field));
    if (distinct.size() == 1) {
        calls.push_back({kFindGrams1,
                         {SqlParamText(tenant), field_code, distinct.front(), SqlParamText(PersonId{}),
                          SqlParamText(std::int64_t{limit})}});
        return calls;
    }
    for (const std::string& gram : distinct) {
        calls.push_back({kCountGram, {SqlParamText(tenant), field_code, gram, SqlParamText(kCountCap)}});
    }
    return calls;
}

bool RunsOnGenericPlan(const SqlStatement& statement) {
    const std::string_view name = statement.name != nullptr ? statement.name : "";
    return name == kFindGrams1.name || name == kFindGrams2.name;
}

ReadCall PersonsOfManyToReadAhead(MunicipalityId tenant, const std::vector<PersonId>& ids) {
    const IdSet id_set(ids);  // as GetMany asks
    return ReadCall{.statement = kSelectPersonsOfMany.For(id_set),
                    .params = {SqlParamText(tenant), SqlParamText(id_set.Param())}};
}

}  // namespace kasane::storage
