#include "storage/sql/intake_store.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include <nlohmann/json.hpp>

#include "base/log.hpp"

namespace kasane::storage {
namespace {

using domain::Consultation;
using domain::Contact;
using domain::Date;
using domain::Household;
using domain::HouseholdMember;
using domain::Person;
using domain::PersonData;
using domain::PersonMerge;
using domain::PersonSearchHit;
using domain::PersonSearchKeys;
using domain::Referral;
using domain::ReferralEvent;
using domain::ReferralStatus;

// Returns the error of a failed Result/Status from the enclosing function.
#define KASANE_TRY(expression)                                                   \
    do {                                                                         \
        if (auto kasane_try_result = (expression); !kasane_try_result) {         \
            return Fail(std::move(kasane_try_result).error());                   \
        }                                                                        \
    } while (false)
// Declares `name` as the Result of `expression`, returning its error from the enclosing function.
#define KASANE_ASSIGN(name, expression)            \
    auto name = (expression);                      \
    if (!name) return Fail(std::move(name).error())

Error WithField(Error error, std::string field) {
    error.field = std::move(field);
    return error;
}

Error NotFoundField(std::string message, std::string field) {
    return WithField(Error::NotFound(std::move(message)), std::move(field));
}

Error VersionConflict() {
    return Error::Conflict("他の人が先に更新しました。画面を読み込み直してからやり直してください", "version");
}

// A value the schema guarantees was missing or malformed.
Error Corrupt(std::string_view what) {
    Log(LogLevel::kError, "unexpected value in the database", {{"what", std::string(what)}});
    return Error::Internal();
}

std::string DateText(Date date) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    return buffer;
}

std::optional<Date> ParseDate(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    int year = 0;
    unsigned month = 0;
    unsigned day = 0;
    if (std::from_chars(text.data(), text.data() + 4, year).ec != std::errc{} ||
        std::from_chars(text.data() + 5, text.data() + 7, month).ec != std::errc{} ||
        std::from_chars(text.data() + 8, text.data() + 10, day).ec != std::errc{}) {
        return std::nullopt;
    }
    const Date date{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
    if (!date.ok()) return std::nullopt;
    return date;
}

Result<std::optional<Date>> OptionalDate(const SqlRow& row, std::size_t column) {
    if (row.IsNull(column)) return std::optional<Date>{};
    auto date = ParseDate(*row.Text(column));
    if (!date) return Fail(Corrupt("date"));
    return std::optional<Date>(*date);
}

std::optional<std::string> OptionalDateText(const std::optional<Date>& date) {
    if (!date) return std::nullopt;
    return DateText(*date);
}

SqlParam TextOrNull(const std::optional<std::string>& text) {
    if (!text) return std::monostate{};
    return std::string_view(*text);
}

SqlParam IdOrNull(std::optional<std::int64_t> id) {
    if (!id) return std::monostate{};
    return *id;
}

std::int64_t IdOf(const Result<SqlResult>& result) {
    auto id = SqlRow(result->rows.at(0)).Integer(0);
    return id ? *id : 0;
}

std::string JsonArrayText(const std::vector<std::string>& values) { return nlohmann::json(values).dump(); }

std::vector<std::string> ParseJsonArray(std::string_view text) {
    std::vector<std::string> values;
    auto parsed = nlohmann::json::parse(text, nullptr, false);
    if (!parsed.is_array()) return values;
    for (const auto& value : parsed) {
        if (value.is_string()) values.push_back(value.get<std::string>());
    }
    return values;
}

std::vector<std::string> Distinct(std::vector<std::string> values) {
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    return values;
}

template <class Range, class Code>
std::string CodeList(const Range& values, Code code) {
    std::string list;
    for (auto value : values) {
        if (!list.empty()) list += ", ";
        list += "'";
        list += code(value);
        list += "'";
    }
    return list;
}

constexpr std::array kSexes{domain::Sex::kMale, domain::Sex::kFemale, domain::Sex::kOther, domain::Sex::kNoAnswer};
constexpr std::array kRelationships{
    domain::Relationship::kHead,          domain::Relationship::kSpouse,     domain::Relationship::kChild,
    domain::Relationship::kParent,        domain::Relationship::kGrandchild, domain::Relationship::kGrandparent,
    domain::Relationship::kSibling,       domain::Relationship::kChildInLaw, domain::Relationship::kOtherRelative,
    domain::Relationship::kNonRelative};
constexpr std::array kChannels{domain::Channel::kVisit, domain::Channel::kPhone,      domain::Channel::kHomeVisit,
                               domain::Channel::kEmail, domain::Channel::kViaAgency, domain::Channel::kOther};
constexpr std::array kSources{domain::Source::kSelf,     domain::Source::kFamily,
                              domain::Source::kNeighbor, domain::Source::kWelfareVolunteer,
                              domain::Source::kNeighborhoodAssociation, domain::Source::kAgency,
                              domain::Source::kOther};
constexpr std::array kOutcomes{domain::Outcome::kOpen, domain::Outcome::kInformationProvided,
                               domain::Outcome::kReferred, domain::Outcome::kEscalated};
constexpr std::array kTextTags{domain::TextTag::kFact, domain::TextTag::kThirdParty, domain::TextTag::kAssessment};
constexpr std::array kReferralStatuses{ReferralStatus::kSent, ReferralStatus::kAccepted, ReferralStatus::kDeclined,
                                       ReferralStatus::kInProgress, ReferralStatus::kCompleted};

// Executes a statement that must succeed, reading nothing.
#define KASANE_EXECUTE(connection, statement, ...) KASANE_TRY((connection).Execute(statement, {__VA_ARGS__}))

// ---------------------------------------------------------------------------------------------------------------
// Existence checks, so that a reference to another municipality's row is reported with the field it came from
// (a composite foreign key would refuse it too, but cannot say which one).

constexpr SqlStatement kPersonExists{"intake_person_exists",
                                     "SELECT merged_into FROM persons WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kOrganizationExists{"intake_organization_exists",
                                           "SELECT 1 FROM organizations WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kUserExists{"intake_user_exists",
                                   "SELECT 1 FROM users WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kHouseholdExists{"intake_household_exists",
                                        "SELECT 1 FROM households WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kCategoryExists{"intake_category_exists",
                                       "SELECT 1 FROM worry_categories WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kConsultationExists{"intake_consultation_exists",
                                           "SELECT 1 FROM consultations WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kAreaKind{"intake_area_kind",
                                 "SELECT kind FROM areas WHERE id = $1 AND municipality_id = $2"};

Status Exists(SqlConnection& connection, const SqlStatement& statement, std::int64_t id, MunicipalityId tenant,
              std::string message, std::string field) {
    KASANE_ASSIGN(result, connection.Execute(statement, {id, tenant}));
    if (result->Empty()) return Fail(NotFoundField(std::move(message), std::move(field)));
    return {};
}

// ---------------------------------------------------------------------------------------------------------------
// Persons

#define KASANE_PERSON_COLUMNS                                                                                       \
    "p.id, p.municipality_id, p.family_name, p.given_name, p.family_name_kana, p.given_name_kana, "                 \
    "p.reading_self_reported, p.birth_date, p.sex, p.phone, p.contact_notes, p.address_prefecture, "                \
    "p.address_municipality, p.address_town, p.address_block, p.address_building, p.resides_elsewhere, "            \
    "p.neighborhood_id, p.elementary_school_district_id, p.junior_high_school_district_id, "                        \
    "p.welfare_volunteer_district_id, p.unknown_reasons, p.dv_protected, p.created_by_organization_id, "            \
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
constexpr SqlStatement kSelectPerson{
    "intake_select_person", "SELECT " KASANE_PERSON_COLUMNS " FROM persons p WHERE p.id = $1 AND p.municipality_id = $2"};

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
constexpr SqlStatement kInsertGram{
    "intake_insert_gram",
    "INSERT INTO person_grams (municipality_id, field, gram, person_id) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT DO NOTHING"};
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

#define KASANE_HIT_COLUMNS                                                                                  \
    "s.person_id, s.name_key, s.kana_key, s.reading_key, s.address_key, s.phone_key, s.grams, s.address_grams, " \
    "p.birth_date"
#define KASANE_GRAM_HITS                                                                                      \
    "SELECT " KASANE_HIT_COLUMNS                                                                               \
    " FROM person_grams g JOIN persons p ON p.id = g.person_id JOIN person_search s ON s.person_id = g.person_id " \
    "WHERE g.municipality_id = $1 AND g.field = $2 AND g.gram = $3 AND g.person_id > $4 AND p.municipality_id = $1 " \
    "AND p.merged_into IS NULL"
#define KASANE_ALSO_GRAM(n)                                                                            \
    " AND EXISTS (SELECT 1 FROM person_grams g" #n " WHERE g" #n ".municipality_id = $1 AND g" #n        \
    ".field = $2 AND g" #n ".gram = $" #n " AND g" #n ".person_id = g.person_id)"
// The rarest gram drives (its posting list is walked in person order), the others are probed per candidate.
// Statements exist for 1, 2, 4 and 8 grams; a query with 3 grams repeats its rarest gram in the fourth slot.
constexpr SqlStatement kFindGrams1{"intake_find_grams_1", KASANE_GRAM_HITS " ORDER BY g.person_id LIMIT $5"};
constexpr SqlStatement kFindGrams2{"intake_find_grams_2",
                                   KASANE_GRAM_HITS KASANE_ALSO_GRAM(6) " ORDER BY g.person_id LIMIT $5"};
constexpr SqlStatement kFindGrams4{
    "intake_find_grams_4",
    KASANE_GRAM_HITS KASANE_ALSO_GRAM(6) KASANE_ALSO_GRAM(7) KASANE_ALSO_GRAM(8) " ORDER BY g.person_id LIMIT $5"};
constexpr SqlStatement kFindGrams8{
    "intake_find_grams_8",
    KASANE_GRAM_HITS KASANE_ALSO_GRAM(6) KASANE_ALSO_GRAM(7) KASANE_ALSO_GRAM(8) KASANE_ALSO_GRAM(9)
        KASANE_ALSO_GRAM(10) KASANE_ALSO_GRAM(11) KASANE_ALSO_GRAM(12) " ORDER BY g.person_id LIMIT $5"};
constexpr SqlStatement kFindByBirthDate{
    "intake_find_by_birth_date",
    "SELECT " KASANE_HIT_COLUMNS " FROM persons p JOIN person_search s ON s.person_id = p.id "
    "WHERE p.municipality_id = $1 AND p.birth_date = $2 AND p.merged_into IS NULL ORDER BY p.id LIMIT $3"};
constexpr SqlStatement kFindByPhone{
    "intake_find_by_phone",
    "SELECT " KASANE_HIT_COLUMNS " FROM person_search s JOIN persons p ON p.id = s.person_id "
    "WHERE s.municipality_id = $1 AND s.phone_key = $2 AND p.merged_into IS NULL ORDER BY s.person_id LIMIT $3"};

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
constexpr SqlStatement kSelectMerges{
    "intake_select_merges",
    "SELECT " KASANE_MERGE_COLUMNS " FROM person_merges WHERE municipality_id = $1 AND "
    "(survivor_id = $2 OR merged_id = $2) ORDER BY id"};
constexpr SqlStatement kSelectMergedInto{
    "intake_select_merged_into",
    "SELECT id FROM persons WHERE municipality_id = $1 AND merged_into = $2 ORDER BY id"};

constexpr SqlStatement kSelectDvStaff{
    "intake_select_dv_staff",
    "SELECT user_id FROM person_dv_staff WHERE person_id = $1 AND municipality_id = $2 ORDER BY user_id"};
constexpr SqlStatement kDeleteDvStaff{"intake_delete_dv_staff",
                                      "DELETE FROM person_dv_staff WHERE person_id = $1 AND municipality_id = $2"};
constexpr SqlStatement kInsertDvStaff{
    "intake_insert_dv_staff",
    "INSERT INTO person_dv_staff (person_id, municipality_id, user_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING"};
constexpr SqlStatement kSelectConsultationRecorders{
    "intake_select_consultation_recorders",
    "SELECT receiving_organization_id, received_by_user_id FROM consultations "
    "WHERE municipality_id = $1 AND person_id = $2"};
constexpr SqlStatement kSelectContactRecorders{
    "intake_select_contact_recorders",
    "SELECT k.organization_id, k.staff_user_id FROM consultations c JOIN contacts k ON k.consultation_id = c.id "
    "WHERE c.municipality_id = $1 AND c.person_id = $2 AND k.municipality_id = $1"};
constexpr SqlStatement kSelectReferralFacts{
    "intake_select_referral_facts",
    "SELECT id, from_organization_id, to_organization_id, status FROM referrals "
    "WHERE municipality_id = $1 AND person_id = $2"};

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
        !resides_elsewhere || !unknown_reasons || !dv_protected || !created_by_organization_id ||
        !created_by_user_id || !created_at || !updated_at || !version) {
        return Fail(Corrupt("person"));
    }
    person.id = *id;
    person.municipality_id = *municipality_id;
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
    person.created_by_organization_id = *created_by_organization_id;
    person.created_by_user_id = *created_by_user_id;
    person.created_at = *created_at;
    person.updated_at = *updated_at;
    person.version = static_cast<int>(*version);
    person.merged_into = row.OptionalInteger(28);
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
        params.insert(params.end(),
                      {d.family_name, d.given_name, d.family_name_kana, d.given_name_kana, d.reading_self_reported,
                       TextOrNull(birth_date),
                       d.sex ? SqlParam(domain::SexCode(*d.sex)) : SqlParam(std::monostate{}), d.phone,
                       d.contact_notes, d.address.prefecture, d.address.municipality, d.address.town, d.address.block,
                       d.address.building, d.resides_elsewhere, IdOrNull(d.neighborhood_id),
                       IdOrNull(d.elementary_school_district_id), IdOrNull(d.junior_high_school_district_id),
                       IdOrNull(d.welfare_volunteer_district_id), std::string_view(unknown_reasons),
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

Status InsertGrams(SqlConnection& connection, MunicipalityId tenant, PersonId id, std::string_view field,
                   const std::vector<std::string>& grams) {
    for (const std::string& gram : grams) KASANE_EXECUTE(connection, kInsertGram, tenant, field, gram, id);
    return {};
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
    if (!id || !name || !kana || !reading || !address || !phone || !grams || !address_grams || !birth_date) {
        return Fail(Corrupt("person_search"));
    }
    hit.person_id = *id;
    hit.keys = PersonSearchKeys{.name_key = std::move(*name),
                                .kana_key = std::move(*kana),
                                .reading_key = std::move(*reading),
                                .address_key = std::move(*address),
                                .phone_key = std::move(*phone),
                                .grams = ParseJsonArray(*grams),
                                .address_grams = ParseJsonArray(*address_grams)};
    hit.birth_date = *birth_date;
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
                       .survivor_id = *survivor,
                       .merged_id = *merged,
                       .merged_by = *by,
                       .merged_at = *at,
                       .undone_by = row.OptionalInteger(5),
                       .undone_at = *undone_at};
}

Status ReadPerson(SqlConnection& connection, MunicipalityId tenant, PersonId id, Person& out) {
    KASANE_ASSIGN(result, connection.Execute(kSelectPerson, {id, tenant}));
    if (result->Empty()) return Fail(NotFoundField("本人の記録が見つかりません", "person_id"));
    KASANE_ASSIGN(person, PersonFromRow(SqlRow(result->rows.front())));
    out = std::move(*person);
    return {};
}

// A bound on merge chains, so that a corrupted cycle cannot loop forever.
constexpr int kMaxMergeDepth = 1000;

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
        root = *parent;
    }
    out.assign(1, root);
    for (std::size_t next = 0; next < out.size(); ++next) {
        KASANE_ASSIGN(children, connection.Execute(kSelectMergedInto, {tenant, out[next]}));
        for (const auto& values : children->rows) {
            KASANE_ASSIGN(child, SqlRow(values).Integer(0));
            if (std::find(out.begin(), out.end(), *child) != out.end()) return Fail(Corrupt("merge cycle"));
            out.push_back(*child);
        }
        if (out.size() > static_cast<std::size_t>(kMaxMergeDepth) * 10) return Fail(Corrupt("identity group"));
    }
    return {};
}

void SortUnique(std::vector<std::int64_t>& values) {
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
}

class SqlPersonRepository final : public domain::PersonRepository {
public:
    SqlPersonRepository(SqlExecutor& executor, MunicipalityId tenant) : executor_(executor), tenant_(tenant) {}

    Result<Person> Create(const Person& person, const PersonSearchKeys& keys) override {
        const std::string created_at = FormatIso8601(person.created_at);
        const std::string updated_at = FormatIso8601(person.updated_at);
        const std::vector<std::string> grams = Distinct(keys.grams);
        const std::vector<std::string> address_grams = Distinct(keys.address_grams);
        const std::string grams_text = JsonArrayText(grams);
        const std::string address_grams_text = JsonArrayText(address_grams);
        PersonId id = 0;
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
            id = IdOf(inserted);
            KASANE_EXECUTE(connection, kInsertPersonSearch, id, tenant_, keys.name_key, keys.kana_key,
                           keys.reading_key, keys.address_key, keys.phone_key, grams_text, address_grams_text);
            KASANE_TRY(InsertGrams(connection, tenant_, id, "n", grams));
            return InsertGrams(connection, tenant_, id, "a", address_grams);
        });
        if (!status) return Fail(status.error());
        return Get(id);
    }

    Result<Person> Get(PersonId id) override {
        return ReadInto<Person>([&](SqlConnection& connection, Person& out) {
            return ReadPerson(connection, tenant_, id, out);
        });
    }

    Result<std::vector<Person>> GetMany(const std::vector<PersonId>& ids) override {
        using List = std::vector<Person>;
        return ReadInto<List>([&](SqlConnection& connection, List& out) -> Status {
            for (PersonId id : ids) {
                KASANE_ASSIGN(result, connection.Execute(kSelectPerson, {id, tenant_}));
                if (result->Empty()) continue;
                KASANE_ASSIGN(person, PersonFromRow(SqlRow(result->rows.front())));
                out.push_back(std::move(*person));
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
            KASANE_EXECUTE(connection, kUpdatePersonSearch, id, tenant_, keys.name_key, keys.kana_key,
                           keys.reading_key, keys.address_key, keys.phone_key, grams_text, address_grams_text);
            KASANE_TRY(InsertGrams(connection, tenant_, id, "n", grams));
            return InsertGrams(connection, tenant_, id, "a", address_grams);
        });
        if (!status) return Fail(status.error());
        return Get(id);
    }

    // Intersects the posting lists of all grams. The grams are ordered rarest first (each list counted up to
    // kCountCap entries, which is cheap and enough to tell rare from common); the rarest list is walked in person
    // order and the next seven are probed per candidate inside the same statement, so a page costs about
    // limit × grams index probes whatever the size of the table. Grams beyond the eighth (long address queries)
    // are probed one by one on the few candidates left.
    Result<std::vector<PersonSearchHit>> FindByGrams(const std::vector<std::string>& grams, SearchField field,
                                                     int limit) override {
        using List = std::vector<PersonSearchHit>;
        const std::vector<std::string> distinct = Distinct(grams);
        if (distinct.empty() || limit <= 0) return List{};
        const std::string_view field_code = field == SearchField::kName ? "n" : "a";
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
            PersonId after = 0;
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
            KASANE_ASSIGN(set, connection.Execute(kSetMergedInto, {merged_id, tenant_, survivor_id}));
            if (set->affected_rows == 0) {
                return Fail(Error::Conflict("この記録は既に名寄せされています", "merged_id"));
            }
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
            KASANE_EXECUTE(connection, kClearMergedInto, merge.merged_id, tenant_, merge.survivor_id);
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

    // Facts over the whole identity group: a merged record's consultations and referrals are read as the
    // survivor's, so the organisations that recorded them keep their access after 名寄せ.
    Result<domain::PersonAccessFacts> AccessFacts(PersonId id) override {
        using Facts = domain::PersonAccessFacts;
        return ReadInto<Facts>([&](SqlConnection& connection, Facts& out) -> Status {
            Person person;
            KASANE_TRY(ReadPerson(connection, tenant_, id, person));
            out.person_id = id;
            out.dv_protected = person.data.dv_protected;
            KASANE_ASSIGN(staff, connection.Execute(kSelectDvStaff, {id, tenant_}));
            for (const auto& values : staff->rows) out.dv_named_staff.push_back(SqlRow(values).Integer(0).value_or(0));
            std::vector<PersonId> group;
            KASANE_TRY(ReadIdentityGroup(connection, tenant_, id, group));
            for (PersonId member : group) {
                Person record;
                KASANE_TRY(ReadPerson(connection, tenant_, member, record));
                out.recording_organizations.push_back(record.created_by_organization_id);
                out.recording_users.push_back(record.created_by_user_id);
                for (const SqlStatement* statement : {&kSelectConsultationRecorders, &kSelectContactRecorders}) {
                    KASANE_ASSIGN(rows, connection.Execute(*statement, {tenant_, member}));
                    for (const auto& values : rows->rows) {
                        const SqlRow row(values);
                        out.recording_organizations.push_back(row.Integer(0).value_or(0));
                        out.recording_users.push_back(row.Integer(1).value_or(0));
                    }
                }
                KASANE_ASSIGN(referrals, connection.Execute(kSelectReferralFacts, {tenant_, member}));
                for (const auto& values : referrals->rows) {
                    const SqlRow row(values);
                    auto status = domain::ParseReferralStatus(row.Text(3).value_or(""));
                    if (!status) return Fail(Corrupt("referral.status"));
                    out.referrals.push_back(domain::ReferralFact{.referral_id = row.Integer(0).value_or(0),
                                                                 .from_organization_id = row.Integer(1).value_or(0),
                                                                 .to_organization_id = row.Integer(2).value_or(0),
                                                                 .status = *status});
                }
            }
            SortUnique(out.recording_organizations);
            SortUnique(out.recording_users);
            std::sort(out.referrals.begin(), out.referrals.end(),
                      [](const auto& a, const auto& b) { return a.referral_id < b.referral_id; });
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

private:
    static constexpr std::int64_t kCountCap = 5000;

    template <class T, class Fill>
    Result<T> ReadInto(Fill&& fill) {
        T out{};
        const Status status = executor_.Read([&](SqlConnection& connection) { return fill(connection, out); });
        if (!status) return Fail(status.error());
        return out;
    }

    SqlExecutor& executor_;
    MunicipalityId tenant_;
};

}  // namespace
}  // namespace kasane::storage
