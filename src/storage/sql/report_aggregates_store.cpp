// SPDX-License-Identifier: Apache-2.0
// The 年度集計's maintained aggregates (domain/report_aggregates.hpp): kept by every write that changes what a contact
// counts, recounted by `kasane report verify`, rebuilt after a bulk session and by migration 54.

#include "storage/sql/report_aggregates_store.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <mutex>
#include <set>
#include <string>

#include "base/log.hpp"
#include "base/time.hpp"
#include "domain/consultation_book.hpp"
#include "storage/sql/intake_support.hpp"
#include "storage/sql/merged_persons.hpp"
#include "storage/sql/rows_insert.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {
namespace {

#define KASANE_AGGREGATE_COLUMNS                                                                            \
    "SELECT c.occurred_at, c.consultation_id, c.person_id, c.household_id, c.channel, c.source, c.result, " \
    "c.organization_id, c.category_ids FROM contacts c WHERE c.counted = $2 AND "
// The few contacts of a write: the municipality is written `+c.municipality_id` so that no index can serve it. Without
// statistics SQLite otherwise reads them through contacts_by_occurred_at, which covers every column here and starts
// with the municipality — every contact of the town (1.25 s of CPU a new consultation at 5,000,000 contacts) — instead
// of contacts_by_consultation. PostgreSQL plans the same statement from its statistics either way.
constexpr SqlStatement kConsultationContacts{
    "aggregates_consultation_contacts", KASANE_AGGREGATE_COLUMNS "+c.municipality_id = $1 AND c.consultation_id = $3"};
constexpr SqlStatement kOneContact{"aggregates_one_contact",
                                   KASANE_AGGREGATE_COLUMNS "+c.municipality_id = $1 AND c.id = $3"};
// A person's contacts are found through their consultations (contacts carry a copy of the consultation's person).
constexpr SqlStatement kPersonContacts{
    "aggregates_person_contacts", KASANE_AGGREGATE_COLUMNS
    "+c.municipality_id = $1 AND c.person_id = $3 AND c.consultation_id IN (SELECT s.id FROM consultations s "
    "WHERE s.municipality_id = $1 AND s.person_id = $3)"};
constexpr SqlStatement kTownContacts{"aggregates_town_contacts", KASANE_AGGREGATE_COLUMNS "c.municipality_id = $1"};
constexpr SqlStatement kMergedInto{"aggregates_merged_into",
                                   "SELECT merged_into FROM persons WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kMergedChildren{"aggregates_merged_children",
                                       "SELECT id FROM persons WHERE municipality_id = $1 AND merged_into = $2"};
constexpr SqlStatement kAggregatesMigrated{"aggregates_migrated",
                                           "SELECT COUNT(*) FROM schema_migrations WHERE version = $1"};
constexpr SqlStatement kTowns{"aggregates_towns", "SELECT id FROM municipalities ORDER BY id"};

constexpr SqlStatement kDropEmptyDay{
    "aggregates_drop_empty_day",
    "DELETE FROM report_contact_days WHERE municipality_id = $1 AND day = $2 AND bucket = $3 AND contacts = 0"};
constexpr SqlStatement kSelectMember{
    "aggregates_select_member",
    "SELECT contacts FROM report_year_members WHERE municipality_id = $1 AND fiscal_year = $2 AND bucket = $3 "
    "AND member_id = $4"};
constexpr SqlStatement kUpdateMember{
    "aggregates_update_member",
    "UPDATE report_year_members SET contacts = $5 WHERE municipality_id = $1 AND fiscal_year = $2 AND bucket = $3 "
    "AND member_id = $4"};
constexpr SqlStatement kDeleteMember{
    "aggregates_delete_member",
    "DELETE FROM report_year_members WHERE municipality_id = $1 AND fiscal_year = $2 AND bucket = $3 "
    "AND member_id = $4"};
constexpr SqlStatement kDropEmptyDistinct{
    "aggregates_drop_empty_distinct",
    "DELETE FROM report_year_distinct WHERE municipality_id = $1 AND fiscal_year = $2 AND bucket = $3 "
    "AND members = 0"};

constexpr SqlStatement kStoredDays{"aggregates_stored_days",
                                   "SELECT day, bucket, contacts FROM report_contact_days WHERE municipality_id = $1"};
constexpr SqlStatement kStoredMembers{
    "aggregates_stored_members",
    "SELECT fiscal_year, bucket, member_id, contacts FROM report_year_members WHERE municipality_id = $1"};
constexpr SqlStatement kStoredDistinct{
    "aggregates_stored_distinct",
    "SELECT fiscal_year, bucket, members FROM report_year_distinct WHERE municipality_id = $1"};

constexpr SqlStatement kYearDays{
    "aggregates_year_days",
    "SELECT bucket, SUM(contacts) FROM report_contact_days WHERE municipality_id = $1 AND day >= $2 AND day < $3 "
    "GROUP BY bucket"};
constexpr SqlStatement kYearDistinct{
    "aggregates_year_distinct",
    "SELECT bucket, members FROM report_year_distinct WHERE municipality_id = $1 AND fiscal_year = $2"};
constexpr SqlStatement kYearPersons{
    "aggregates_year_persons",
    "SELECT member_id, contacts FROM report_year_members WHERE municipality_id = $1 AND fiscal_year = $2 "
    "AND bucket = $3"};

// The facets (migration 65): what decides those of a few persons, read as the records stand.
constexpr IdSetStatement kMergedChildrenOf
    KASANE_ID_SET_STATEMENT("aggregates_merged_children_of",
                            "SELECT id, merged_into FROM persons WHERE municipality_id = $1 AND merged_into IN (", ")");
constexpr IdSetStatement kMergedIntoOf KASANE_ID_SET_STATEMENT(
    "aggregates_merged_into_of",
    "SELECT merged_into FROM persons WHERE municipality_id = $1 AND merged_into IS NOT NULL AND id IN (", ")");
constexpr IdSetStatement kMembershipsOf KASANE_ID_SET_STATEMENT(
    "aggregates_memberships_of",
    "SELECT DISTINCT household_id FROM household_members WHERE municipality_id = $1 AND person_id IN (", ")");
// `+municipality_id`: SQLite without statistics would otherwise take household_members_by_person, which starts with
// the municipality, and read every membership of the town (as kConsultationContacts above).
constexpr IdSetStatement kHouseholdMembersOf KASANE_ID_SET_STATEMENT(
    "aggregates_household_members_of",
    "SELECT id, household_id, person_id, moved_in, moved_out FROM household_members WHERE +municipality_id = $1 "
    "AND household_id IN (",
    ")");
constexpr IdSetStatement kTraitsOf KASANE_ID_SET_STATEMENT(
    "aggregates_traits_of",
    "SELECT person_id, trait_code FROM person_traits WHERE municipality_id = $1 AND person_id IN (", ")");
constexpr IdSetStatement kUnknownReasonsOf
    KASANE_ID_SET_STATEMENT("aggregates_unknown_reasons_of",
                            "SELECT id, unknown_reasons FROM persons WHERE municipality_id = $1 AND id IN (", ")");
// The 年度 a few persons are counted in ("all" members), each 年度 with a member found by the primary key.
constexpr IdSetStatement kCountedYearsOf KASANE_ID_SET_STATEMENT(
    "aggregates_counted_years_of",
    "SELECT m.fiscal_year, m.member_id, m.contacts FROM report_year_members m WHERE m.municipality_id = $1 "
    "AND m.fiscal_year IN (SELECT d.fiscal_year FROM report_year_distinct d WHERE d.municipality_id = $1 "
    "AND d.bucket = $3) AND m.bucket = $3 AND m.member_id IN (",
    ")");
constexpr SqlStatement kCountedYears{
    "aggregates_counted_years",
    "SELECT fiscal_year FROM report_year_distinct WHERE municipality_id = $1 AND bucket = $2 ORDER BY fiscal_year"};
constexpr SqlStatement kStoredFacets{
    "aggregates_stored_facets",
    "SELECT fiscal_year, facet, persons, contacts FROM report_year_facets WHERE municipality_id = $1"};
constexpr SqlStatement kYearFacets{
    "aggregates_year_facets",
    "SELECT facet, persons, contacts FROM report_year_facets WHERE municipality_id = $1 AND fiscal_year = $2"};
constexpr SqlStatement kDropEmptyFacet{
    "aggregates_drop_empty_facet",
    "DELETE FROM report_year_facets WHERE municipality_id = $1 AND fiscal_year = $2 AND facet = $3 AND persons = 0 "
    "AND contacts = 0"};
const sql_support::RowsInsert kUpsertFacets(
    "aggregates_upsert_facets",
    "INSERT INTO report_year_facets (municipality_id, fiscal_year, facet, persons, contacts) VALUES ", 5,
    " ON CONFLICT (municipality_id, fiscal_year, facet) DO UPDATE SET persons = report_year_facets.persons + "
    "excluded.persons, contacts = report_year_facets.contacts + excluded.contacts");

// A person counted in a 年度 with its contacts, to be added (+1) or taken (-1) from the facets.
struct FacetEntry {
    int fiscal_year = 0;
    long long contacts = 0;
    int sign = 1;
};
using FacetEntries = std::map<std::int64_t, std::vector<FacetEntry>>;  // surviving person → entries

std::vector<std::int64_t> KeysOf(const auto& map) {
    std::vector<std::int64_t> out;
    out.reserve(map.size());
    for (const auto& entry : map) out.push_back(entry.first);
    return out;
}

// The 年度 each of `persons` is counted in, with its contacts, as the members stand (`sign` on each entry).
Status ReadCountedYears(SqlConnection& connection, MunicipalityId tenant, const std::vector<std::int64_t>& persons,
                        int sign, FacetEntries& out) {
    if (persons.empty()) return {};
    const IdSet ids(persons);
    KASANE_ASSIGN(found, connection.Execute(kCountedYearsOf.For(ids), {tenant, ids.Param(), domain::kAllBucket}));
    for (const auto& values : found->rows) {
        const SqlRow row(values);
        out[row.Integer(1).value_or(0)].push_back({.fiscal_year = static_cast<int>(row.Integer(0).value_or(0)),
                                                   .contacts = row.Integer(2).value_or(0),
                                                   .sign = sign});
    }
    return {};
}

// What decides the facets of some persons (survivors), read as the records stand: for a few persons by their ids
// (ReadFacetRecords), for the whole town each table streamed once (ReadTownFacetRecords, after a bulk load or in a
// migration, where a million lookups would cost minutes).
struct FacetRecords {
    std::unordered_map<std::int64_t, std::int64_t> root_of;          // merged record → its survivor (absent: itself)
    std::unordered_map<std::int64_t, domain::Household> households;  // with their members' ids and dates
    std::unordered_map<std::int64_t, std::vector<std::int64_t>> households_of;  // survivor → its group's households
    std::unordered_map<std::int64_t, std::vector<domain::PersonTrait>> traits_of;  // survivor → traits, repeats too
    std::map<std::string, std::vector<std::optional<domain::UnknownReason>>, std::less<>> parsed;  // text → reasons
    std::unordered_map<std::int64_t, const std::vector<std::optional<domain::UnknownReason>>*> reasons_of;

    std::int64_t Root(std::int64_t id) const {
        const auto found = root_of.find(id);
        return found == root_of.end() ? id : found->second;
    }

    // A membership as kTownMemberships and kHouseholdMembersOf read it: id, household, person, moved_in, moved_out.
    template <class Row>
    Status AddMembership(const Row& row) {
        std::optional<domain::Date> dates[2];
        for (std::size_t column : {3U, 4U}) {
            if (row.IsNull(column)) continue;
            const auto date = ParseDate(Text(row, column));
            if (!date) return Fail(Corrupt("household_member"));
            dates[column - 3] = *date;
        }
        const std::int64_t household = Integer(row, 1);
        const domain::PersonId person{Integer(row, 2)};
        households[household].members.push_back({.id = Integer(row, 0),
                                                 .person_id = person,
                                                 .relationship = domain::Relationship::kOtherRelative,
                                                 .is_head = false,
                                                 .moved_in = dates[0],
                                                 .moved_out = dates[1],
                                                 .moved_out_reason = {}});
        auto& own = households_of[Root(person.value())];
        if (std::find(own.begin(), own.end(), household) == own.end()) own.push_back(household);
        return {};
    }
    // The two row types read alike (a materialised row's failure is a NULL where the schema has none: 0 or "").
    static std::int64_t Integer(const SqlRow& row, std::size_t column) { return row.Integer(column).value_or(0); }
    static std::int64_t Integer(const SqlCursor& row, std::size_t column) { return row.Integer(column); }
    static std::string Text(const SqlRow& row, std::size_t column) { return row.Text(column).value_or(""); }
    static std::string_view Text(const SqlCursor& row, std::size_t column) { return row.Text(column); }

    Status AddTrait(std::int64_t person, std::string_view code) {
        const auto trait = domain::ParsePersonTrait(code);
        if (!trait) return Fail(Corrupt("person_traits.trait_code"));
        traits_of[Root(person)].push_back(*trait);
        return {};
    }

    Status AddReasons(std::int64_t person, std::string_view text) {
        auto known = parsed.find(text);
        if (known == parsed.end()) {
            auto reasons = domain::QualityReasons(text);
            if (!reasons) return Fail(Corrupt("person.unknown_reasons"));
            known = parsed.emplace(std::string(text), std::move(*reasons)).first;
        }
        reasons_of[person] = &known->second;
        return {};
    }

    // Adds each entry's person (a survivor) with its facets in the entry's 年度 to the facets of `set`.
    void AddTo(const FacetEntries& entries, domain::AggregateSet& set) const {
        std::unordered_map<std::int64_t, std::vector<domain::PersonId>> groups;  // survivor → its merged records
        for (const auto& [record, root] : root_of) groups[root].push_back(domain::PersonId{record});
        static const std::vector<std::optional<domain::UnknownReason>> kNoReasons;
        static const std::vector<domain::PersonTrait> kNoTraits;
        for (const auto& [person, counted] : entries) {
            std::vector<domain::PersonId> group{domain::PersonId{person}};
            if (const auto found = groups.find(person); found != groups.end()) {
                group.insert(group.end(), found->second.begin(), found->second.end());
            }
            std::vector<const domain::Household*> own;
            if (const auto found = households_of.find(person); found != households_of.end()) {
                for (const std::int64_t household : found->second) own.push_back(&households.at(household));
            }
            const auto reasons = reasons_of.find(person);
            const auto traits = traits_of.find(person);
            for (const FacetEntry& entry : counted) {
                const domain::Date last_day{std::chrono::year{entry.fiscal_year + 1} / 3 / 31};
                const auto facets = domain::PersonFacets(domain::HouseholdSizeOn(group, own, last_day),
                                                         reasons == reasons_of.end() ? kNoReasons : *reasons->second,
                                                         traits == traits_of.end() ? kNoTraits : traits->second);
                domain::AddPersonFacets(set, entry.fiscal_year, facets, entry.contacts, entry.sign);
            }
        }
    }
};

// The records of `persons` (survivors) and of every record merged into them: five statements, and one more a link of
// merges (their merged records, households, those households' members, traits, unknown reasons).
Status ReadFacetRecords(SqlConnection& connection, MunicipalityId tenant, const std::vector<std::int64_t>& persons,
                        FacetRecords& out) {
    std::vector<std::int64_t> frontier = persons;
    std::vector<std::int64_t> members = persons;
    for (int depth = 0; depth < kMaxMergeDepth && !frontier.empty(); ++depth) {
        const IdSet ids(frontier);
        KASANE_ASSIGN(children, connection.Execute(kMergedChildrenOf.For(ids), {tenant, ids.Param()}));
        frontier.clear();
        for (const auto& values : children->rows) {
            const SqlRow row(values);
            const std::int64_t child = row.Integer(0).value_or(0);
            if (out.root_of.emplace(child, out.Root(row.Integer(1).value_or(0))).second) {
                frontier.push_back(child);
                members.push_back(child);
            }
        }
    }
    const IdSet member_ids(members);
    KASANE_ASSIGN(memberships, connection.Execute(kMembershipsOf.For(member_ids), {tenant, member_ids.Param()}));
    std::vector<std::int64_t> household_ids;
    for (const auto& values : memberships->rows) household_ids.push_back(SqlRow(values).Integer(0).value_or(0));
    if (!household_ids.empty()) {
        const IdSet ids(household_ids);
        KASANE_ASSIGN(rows, connection.Execute(kHouseholdMembersOf.For(ids), {tenant, ids.Param()}));
        for (const auto& values : rows->rows) KASANE_TRY(out.AddMembership(SqlRow(values)));
    }
    KASANE_ASSIGN(traits, connection.Execute(kTraitsOf.For(member_ids), {tenant, member_ids.Param()}));
    for (const auto& values : traits->rows) {
        const SqlRow row(values);
        KASANE_TRY(out.AddTrait(row.Integer(0).value_or(0), row.Text(1).value_or("")));
    }
    const IdSet ids(persons);
    KASANE_ASSIGN(reasons, connection.Execute(kUnknownReasonsOf.For(ids), {tenant, ids.Param()}));
    for (const auto& values : reasons->rows) {
        const SqlRow row(values);
        KASANE_TRY(out.AddReasons(row.Integer(0).value_or(0), row.Text(1).value_or("{}")));
    }
    return {};
}

constexpr SqlStatement kTownMemberships{
    "aggregates_town_memberships",
    "SELECT id, household_id, person_id, moved_in, moved_out FROM household_members WHERE municipality_id = $1"};
constexpr SqlStatement kTownTraits{"aggregates_town_traits",
                                   "SELECT person_id, trait_code FROM person_traits WHERE municipality_id = $1"};
constexpr SqlStatement kTownReasons{
    "aggregates_town_reasons",
    "SELECT id, unknown_reasons FROM persons WHERE municipality_id = $1 AND merged_into IS NULL"};

// The same for the whole town, each table read once (the persons' reasons kept for those of `entries` only).
Status ReadTownFacetRecords(SqlConnection& connection, MunicipalityId tenant, const FacetEntries& entries,
                            FacetRecords& out) {
    MergedPersons merged;
    KASANE_TRY(merged.Read(connection, tenant));
    for (const auto& [record, parent] : merged.MergedInto()) {
        out.root_of.emplace(record, merged.SurvivorOf(parent));
    }
    Status failure;
    const std::array<SqlParam, 1> params{tenant};
    KASANE_TRY(connection.Stream(kTownMemberships, params, [&](const SqlCursor& row) {
        failure = out.AddMembership(row);
        return static_cast<bool>(failure);
    }));
    KASANE_TRY(failure);
    KASANE_ASSIGN(traits, connection.Execute(kTownTraits, {tenant}));
    for (const auto& values : traits->rows) {
        const SqlRow row(values);
        KASANE_TRY(out.AddTrait(row.Integer(0).value_or(0), row.Text(1).value_or("")));
    }
    KASANE_TRY(connection.Stream(kTownReasons, params, [&](const SqlCursor& row) {
        if (!entries.contains(row.Integer(0))) return true;
        failure = out.AddReasons(row.Integer(0), row.IsNull(1) ? std::string_view("{}") : row.Text(1));
        return static_cast<bool>(failure);
    }));
    return failure;
}

// Adds each entry's person, with its facets in the entry's 年度 as the records stand, to the facets of `set`, a batch
// of persons at a time (a write's few).
Status AddFacets(SqlConnection& connection, MunicipalityId tenant, const FacetEntries& entries,
                 domain::AggregateSet& set) {
    constexpr std::size_t kBatch = 500;
    for (auto first = entries.begin(); first != entries.end();) {
        FacetEntries batch;
        for (; first != entries.end() && batch.size() < kBatch; ++first) batch.insert(*first);
        FacetRecords records;
        KASANE_TRY(ReadFacetRecords(connection, tenant, KeysOf(batch), records));
        records.AddTo(batch, set);
    }
    return {};
}

// The facets of every member of "all" in `counted` ((年度, bucket, member) → contacts), as the records stand, read
// for the whole town (the recount of `kasane report verify` so checks the writes' batched reads against it).
Status FacetsOfMembers(SqlConnection& connection, MunicipalityId tenant,
                       const std::map<std::tuple<int, std::string, std::int64_t>, long long>& counted,
                       domain::AggregateSet& set) {
    FacetEntries entries;
    for (const auto& [key, contacts] : counted) {
        const auto& [year, bucket, member] = key;
        if (bucket == domain::kAllBucket && contacts > 0) {
            entries[member].push_back({.fiscal_year = year, .contacts = contacts, .sign = 1});
        }
    }
    FacetRecords records;
    KASANE_TRY(ReadTownFacetRecords(connection, tenant, entries, records));
    records.AddTo(entries, set);
    return {};
}

// Adds the facet changes of `set` to the table, dropping the rows left at zero.
Status WriteFacets(SqlConnection& connection, MunicipalityId tenant, const domain::AggregateSet& set) {
    std::map<std::pair<int, std::string>, std::pair<long long, long long>> changes;
    for (const auto& [key, persons] : set.facet_persons) changes[key].first += persons;
    for (const auto& [key, contacts] : set.facet_contacts) changes[key].second += contacts;
    std::erase_if(changes, [](const auto& entry) { return entry.second.first == 0 && entry.second.second == 0; });
    std::vector<SqlParam> rows;
    for (const auto& [key, change] : changes) {
        rows.insert(rows.end(), {tenant, std::int64_t{key.first}, std::string_view(key.second),
                                 std::int64_t{change.first}, std::int64_t{change.second}});
    }
    KASANE_TRY(kUpsertFacets.Run(connection, rows));
    for (const auto& [key, change] : changes) {
        if (change.first < 0 || change.second < 0) {
            KASANE_EXECUTE(connection, kDropEmptyFacet, tenant, std::int64_t{key.first}, std::string_view(key.second));
        }
    }
    return {};
}

std::mutex suspended_mutex;
std::set<const SqlExecutor*>& Suspended() {
    static std::set<const SqlExecutor*> executors;
    return executors;
}

bool IsSuspended(const SqlExecutor& executor) {
    const std::lock_guard lock(suspended_mutex);
    return Suspended().contains(&executor);
}

Status ReadFieldsOfCategories(SqlConnection& connection, MunicipalityId tenant,
                              std::unordered_map<std::int64_t, std::string>& out) {
    std::vector<domain::WorryCategory> categories;
    KASANE_TRY(ReadCategories(connection, tenant, categories));
    for (const auto& category : categories) {
        out.emplace(category.id, std::string(domain::FieldCode(domain::FieldOfCategory(category.code))));
    }
    return {};
}

// One row of KASANE_AGGREGATE_COLUMNS as a contact, its person as recorded (the caller resolves the survivor).
Result<domain::AggregatedContact> ContactOf(const SqlCursor& row) {
    auto occurred_at = ParseIso8601(row.Text(0));
    if (!occurred_at) return Fail(Corrupt("contact instant"));
    domain::AggregatedContact contact{.occurred_at = *occurred_at,
                                      .consultation_id = row.Integer(1),
                                      .person_id = std::nullopt,
                                      .household_id = std::nullopt,
                                      .channel = std::string(row.Text(4)),
                                      .source = std::string(row.Text(5)),
                                      .outcome = std::string(row.Text(6)),
                                      .organization_id = row.Integer(7),
                                      .category_ids = {}};
    if (!row.IsNull(2)) contact.person_id = row.Integer(2);
    if (!row.IsNull(3)) contact.household_id = row.Integer(3);
    const std::string_view ids = row.Text(8);
    for (std::size_t begin = 0; begin < ids.size();) {
        std::size_t end = ids.find(',', begin);
        if (end == std::string_view::npos) end = ids.size();
        std::int64_t category_id = 0;
        std::from_chars(ids.data() + begin, ids.data() + end, category_id);
        contact.category_ids.push_back(category_id);
        begin = end + 1;
    }
    return contact;
}

// Streams the contacts `statement` selects (with $3 = id when given), each added to `set` with its survivor.
template <class Survivor>
Status Collect(SqlConnection& connection, MunicipalityId tenant, const SqlStatement& statement,
               std::optional<std::int64_t> id, const std::unordered_map<std::int64_t, std::string>& fields,
               Survivor survivor_of, int sign, domain::AggregateSet& set) {
    std::vector<domain::AggregatedContact> contacts;
    Status failure;
    auto visit = [&](const SqlCursor& row) {
        auto contact = ContactOf(row);
        if (!contact) {
            failure = Fail(contact.error());
            return false;
        }
        contacts.push_back(std::move(*contact));
        return true;
    };
    if (id) {
        const std::array<SqlParam, 3> params{tenant, true, *id};
        KASANE_TRY(connection.Stream(statement, params, visit));
    } else {
        const std::array<SqlParam, 2> params{tenant, true};
        KASANE_TRY(connection.Stream(statement, params, visit));
    }
    if (!failure) return failure;
    for (auto& contact : contacts) {
        if (contact.person_id) {
            auto survivor = survivor_of(*contact.person_id);
            if (!survivor) return Fail(survivor.error());
            contact.person_id = *survivor;
        }
        domain::AddContact(set, contact, fields, sign);
    }
    return {};
}

Result<bool> Migrated(SqlConnection& connection, int version) {
    KASANE_ASSIGN(migrated, connection.Execute(kAggregatesMigrated, {std::int64_t{version}}));
    return SqlRow(migrated->rows.at(0)).Integer(0).value_or(0) != 0;
}

// The aggregates recounted from the town's records; the facets too once migration 65 has made their table.
Status Recount(SqlConnection& connection, MunicipalityId tenant, domain::AggregateSet& out) {
    std::unordered_map<std::int64_t, std::string> fields;
    KASANE_TRY(ReadFieldsOfCategories(connection, tenant, fields));
    MergedPersons merged;
    KASANE_TRY(merged.Read(connection, tenant));
    // Every contact of the town, counted as it streams (the survivors are known already, so nothing else is read
    // meanwhile) under integer keys: on 5,000,000 contacts the largest cost of a bulk load's end.
    domain::AggregateCounter counter(fields);
    Status failure;
    const std::array<SqlParam, 2> params{tenant, true};
    KASANE_TRY(connection.Stream(kTownContacts, params, [&](const SqlCursor& row) {
        auto contact = ContactOf(row);
        if (!contact) {
            failure = Fail(contact.error());
            return false;
        }
        if (contact->person_id) contact->person_id = merged.SurvivorOf(*contact->person_id);
        counter.Add(*contact);
        return true;
    }));
    KASANE_TRY(failure);
    counter.AddTo(out);
    KASANE_ASSIGN(facets, Migrated(connection, 65));
    if (*facets) KASANE_TRY(FacetsOfMembers(connection, tenant, out.members, out));
    domain::FinishAggregateSet(out);
    return {};
}

Status ReadStored(SqlConnection& connection, MunicipalityId tenant, domain::AggregateSet& out) {
    KASANE_ASSIGN(days, connection.Execute(kStoredDays, {tenant}));
    for (const auto& values : days->rows) {
        const SqlRow row(values);
        out.days[{static_cast<int>(row.Integer(0).value_or(0)), row.Text(1).value_or("")}] = row.Integer(2).value_or(0);
    }
    KASANE_ASSIGN(members, connection.Execute(kStoredMembers, {tenant}));
    for (const auto& values : members->rows) {
        const SqlRow row(values);
        out.members[{static_cast<int>(row.Integer(0).value_or(0)), row.Text(1).value_or(""),
                     row.Integer(2).value_or(0)}] = row.Integer(3).value_or(0);
    }
    KASANE_ASSIGN(distinct, connection.Execute(kStoredDistinct, {tenant}));
    for (const auto& values : distinct->rows) {
        const SqlRow row(values);
        out.distinct[{static_cast<int>(row.Integer(0).value_or(0)), row.Text(1).value_or("")}] =
            row.Integer(2).value_or(0);
    }
    KASANE_ASSIGN(facets, Migrated(connection, 65));
    if (!*facets) return {};
    KASANE_ASSIGN(stored_facets, connection.Execute(kStoredFacets, {tenant}));
    for (const auto& values : stored_facets->rows) {
        const SqlRow row(values);
        const std::pair<int, std::string> key{static_cast<int>(row.Integer(0).value_or(0)), row.Text(1).value_or("")};
        out.facet_persons[key] = row.Integer(2).value_or(0);
        out.facet_contacts[key] = row.Integer(3).value_or(0);
    }
    return {};
}

class SqlReportAggregates final : public domain::ReportAggregates {
public:
    SqlReportAggregates(SqlExecutor& executor, MunicipalityId tenant) : executor_(executor), tenant_(tenant) {}

    Result<std::vector<std::string>> Verify() override {
        std::vector<std::string> out;
        const Status status = executor_.Read([&](SqlConnection& connection) -> Status {
            domain::AggregateSet recounted;
            domain::AggregateSet stored;
            KASANE_TRY(Recount(connection, tenant_, recounted));
            KASANE_TRY(ReadStored(connection, tenant_, stored));
            out = domain::AggregateDifferences(recounted, stored);
            return {};
        });
        if (!status) return Fail(status.error());
        return out;
    }

    Status Rebuild() override {
        return executor_.Write([&](SqlConnection& connection) { return RebuildReportAggregates(connection, tenant_); });
    }

private:
    SqlExecutor& executor_;
    MunicipalityId tenant_;
};

}  // namespace

void SuspendReportAggregates(const SqlExecutor& executor, bool suspended) {
    const std::lock_guard lock(suspended_mutex);
    if (suspended) {
        Suspended().insert(&executor);
    } else {
        Suspended().erase(&executor);
    }
}

bool ReportAggregatesSuspended(const SqlExecutor& executor) { return IsSuspended(executor); }

AggregateChange::AggregateChange(const SqlExecutor& executor, MunicipalityId tenant)
    : active_(!IsSuspended(executor)), tenant_(tenant) {}

Status AggregateChange::Prepare(SqlConnection& connection) {
    if (prepared_) return {};
    // A database still before migration 53 (only a test writes with this program before migrating: migration 54
    // counts what it finds) has no aggregates to keep.
    KASANE_ASSIGN(migrated, Migrated(connection, 53));
    if (!*migrated) active_ = false;
    KASANE_ASSIGN(facets, Migrated(connection, 65));
    facets_ = *facets;
    KASANE_TRY(ReadFieldsOfCategories(connection, tenant_, field_of_category_));
    prepared_ = true;
    return {};
}

Status AggregateChange::AddRows(SqlConnection& connection, const SqlStatement& statement, std::int64_t id, int sign) {
    if (!active_) return {};
    KASANE_TRY(Prepare(connection));
    if (!active_) return {};
    // The survivor as the persons stand now (a merge adds its contacts again after merged_into has changed).
    // Looked up once per person in this call (not across calls: a merge changes them between its two).
    std::unordered_map<std::int64_t, std::int64_t> survivors;
    auto survivor_of = [&](std::int64_t person) -> Result<std::int64_t> {
        if (auto known = survivors.find(person); known != survivors.end()) return known->second;
        std::int64_t current = person;
        for (int depth = 0; depth < kMaxMergeDepth; ++depth) {
            KASANE_ASSIGN(found, connection.Execute(kMergedInto, {current, tenant_}));
            if (found->Empty() || SqlRow(found->rows.front()).IsNull(0)) break;
            current = SqlRow(found->rows.front()).Integer(0).value_or(current);
        }
        survivors.emplace(person, current);
        return current;
    };
    return Collect(connection, tenant_, statement, id, field_of_category_, survivor_of, sign, delta_);
}

Status AggregateChange::TouchPersons(SqlConnection& connection, const std::vector<std::int64_t>& persons) {
    if (!active_) return {};
    KASANE_TRY(Prepare(connection));
    if (!active_ || !facets_) return {};
    // The persons and their survivors, a link of the merges at a time for all of them.
    std::set<std::int64_t> fresh;
    std::vector<std::int64_t> next;
    for (const std::int64_t person : persons) {
        if (!touched_.contains(person) && fresh.insert(person).second) next.push_back(person);
    }
    for (int depth = 0; depth < kMaxMergeDepth && !next.empty(); ++depth) {
        const IdSet ids(next);
        KASANE_ASSIGN(found, connection.Execute(kMergedIntoOf.For(ids), {tenant_, ids.Param()}));
        next.clear();
        for (const auto& values : found->rows) {
            const std::int64_t survivor = SqlRow(values).Integer(0).value_or(0);
            if (!touched_.contains(survivor) && fresh.insert(survivor).second) next.push_back(survivor);
        }
    }
    if (fresh.empty()) return {};
    FacetEntries entries;
    KASANE_TRY(ReadCountedYears(connection, tenant_, {fresh.begin(), fresh.end()}, -1, entries));
    KASANE_TRY(AddFacets(connection, tenant_, entries, facet_delta_));
    touched_.insert(fresh.begin(), fresh.end());
    return {};
}

Status AggregateChange::AddConsultation(SqlConnection& connection, std::int64_t consultation_id, int sign) {
    return AddRows(connection, kConsultationContacts, consultation_id, sign);
}

Status AggregateChange::AddContact(SqlConnection& connection, std::int64_t contact_id, int sign) {
    return AddRows(connection, kOneContact, contact_id, sign);
}

Status AggregateChange::AddPersonGroup(SqlConnection& connection, std::int64_t person, int sign) {
    if (!active_) return {};
    std::vector<std::int64_t> group{person};
    for (std::size_t next = 0; next < group.size() && group.size() < static_cast<std::size_t>(kMaxMergeDepth); ++next) {
        KASANE_ASSIGN(children, connection.Execute(kMergedChildren, {tenant_, group[next]}));
        for (const auto& values : children->rows) group.push_back(SqlRow(values).Integer(0).value_or(0));
    }
    for (const std::int64_t id : group) KASANE_TRY(AddRows(connection, kPersonContacts, id, sign));
    return {};
}

namespace {

constexpr SqlStatement kCountMembers{
    "aggregates_count_members",
    "SELECT COUNT(*) FROM report_year_members WHERE municipality_id = $1 AND fiscal_year = $2 AND bucket = $3"};
constexpr SqlStatement kSetDistinct{
    "aggregates_set_distinct",
    "INSERT INTO report_year_distinct (municipality_id, fiscal_year, bucket, members) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (municipality_id, fiscal_year, bucket) DO UPDATE SET members = excluded.members"};

// Many additions at once (CreateMany: an import's batch): the rows added with multi-row upserts, about N / 64
// statements, then the distinct counts of the (年度, bucket) touched counted again — instead of a read and a write
// per member, which would cost an import of 100,000 consultations millions of round trips on PostgreSQL.
const sql_support::RowsInsert kUpsertDays(
    "aggregates_upsert_days", "INSERT INTO report_contact_days (municipality_id, day, bucket, contacts) VALUES ", 4,
    " ON CONFLICT (municipality_id, day, bucket) DO UPDATE SET contacts = report_contact_days.contacts + "
    "excluded.contacts");
const sql_support::RowsInsert kUpsertMembers(
    "aggregates_upsert_members",
    "INSERT INTO report_year_members (municipality_id, fiscal_year, bucket, member_id, contacts) VALUES ", 5,
    " ON CONFLICT (municipality_id, fiscal_year, bucket, member_id) DO UPDATE SET contacts = "
    "report_year_members.contacts + excluded.contacts");
const sql_support::RowsInsert kUpsertDistinct(
    "aggregates_upsert_distinct",
    "INSERT INTO report_year_distinct (municipality_id, fiscal_year, bucket, members) VALUES ", 4,
    " ON CONFLICT (municipality_id, fiscal_year, bucket) DO UPDATE SET members = report_year_distinct.members + "
    "excluded.members");
// The buckets a member has rows in, in one 年度 (report_year_members_by_member).
constexpr SqlStatement kMemberBuckets{
    "aggregates_member_buckets",
    "SELECT bucket FROM report_year_members WHERE municipality_id = $1 AND fiscal_year = $2 AND member_id = $3"};

// Every day's change in multi-row upserts (about N / 64 statements), then the rows a removal left at zero deleted.
Status FlushDays(SqlConnection& connection, MunicipalityId tenant, const domain::AggregateSet& delta) {
    std::vector<SqlParam> rows;
    for (const auto& [key, change] : delta.days) {
        rows.insert(rows.end(), {tenant, std::int64_t{key.first}, std::string_view(key.second), std::int64_t{change}});
    }
    KASANE_TRY(kUpsertDays.Run(connection, rows));
    for (const auto& [key, change] : delta.days) {
        if (change < 0) {
            KASANE_EXECUTE(connection, kDropEmptyDay, tenant, std::int64_t{key.first}, std::string_view(key.second));
        }
    }
    return {};
}

Status FlushAdditions(SqlConnection& connection, MunicipalityId tenant, const domain::AggregateSet& delta) {
    KASANE_TRY(FlushDays(connection, tenant, delta));
    std::vector<SqlParam> rows;
    std::set<std::pair<int, std::string>> touched;
    for (const auto& [key, change] : delta.members) {
        rows.insert(rows.end(), {tenant, std::int64_t{std::get<0>(key)}, std::string_view(std::get<1>(key)),
                                 std::get<2>(key), std::int64_t{change}});
        touched.emplace(std::get<0>(key), std::get<1>(key));
    }
    KASANE_TRY(kUpsertMembers.Run(connection, rows));
    for (const auto& [year, bucket] : touched) {
        KASANE_ASSIGN(counted,
                      connection.Execute(kCountMembers, {tenant, std::int64_t{year}, std::string_view(bucket)}));
        const std::int64_t members = SqlRow(counted->rows.at(0)).Integer(0).value_or(0);
        KASANE_EXECUTE(connection, kSetDistinct, tenant, std::int64_t{year}, std::string_view(bucket), members);
    }
    return {};
}

}  // namespace

// The persons whose contacts alone change (not touched: their facets stay) move within their facets by the change of
// their contacts, read before the members are written; the touched persons are put back after.
Status AggregateChange::FlushFacets(SqlConnection& connection, domain::AggregateSet& facets) {
    std::map<std::int64_t, std::map<int, long long>> changes;  // person → 年度 → change of its contacts
    for (const auto& [key, change] : delta_.members) {
        const auto& [year, bucket, member] = key;
        if (bucket == domain::kAllBucket && !touched_.contains(member)) changes[member][year] += change;
    }
    if (changes.empty()) return {};
    FacetEntries before;
    KASANE_TRY(ReadCountedYears(connection, tenant_, KeysOf(changes), 1, before));
    FacetEntries entries;
    for (const auto& [person, years] : changes) {
        for (const auto& [year, change] : years) {
            long long contacts = 0;
            for (const FacetEntry& entry : before[person]) {
                if (entry.fiscal_year == year) contacts = entry.contacts;
            }
            entries[person].push_back({.fiscal_year = year, .contacts = contacts, .sign = -1});
            entries[person].push_back({.fiscal_year = year, .contacts = std::max(0LL, contacts + change), .sign = 1});
        }
    }
    return AddFacets(connection, tenant_, entries, facets);
}

Status AggregateChange::Flush(SqlConnection& connection) {
    if (!active_) return {};
    // Zero entries (a merge's days, taken out and put back) are dropped first.
    std::erase_if(delta_.days, [](const auto& entry) { return entry.second == 0; });
    std::erase_if(delta_.members, [](const auto& entry) { return entry.second == 0; });
    KASANE_TRY(Prepare(connection));
    if (!active_) return {};
    if (facets_) KASANE_TRY(FlushFacets(connection, facet_delta_));
    KASANE_TRY(FlushMembers(connection));
    if (!facets_) return {};
    FacetEntries entries;
    KASANE_TRY(ReadCountedYears(connection, tenant_, {touched_.begin(), touched_.end()}, 1, entries));
    KASANE_TRY(AddFacets(connection, tenant_, entries, facet_delta_));
    KASANE_TRY(WriteFacets(connection, tenant_, facet_delta_));
    facet_delta_ = {};
    touched_.clear();
    return {};
}

Status AggregateChange::FlushMembers(SqlConnection& connection) {
    constexpr std::size_t kManyMembers = 256;
    if (delta_.members.size() >= kManyMembers &&
        std::ranges::all_of(delta_.days, [](const auto& entry) { return entry.second > 0; }) &&
        std::ranges::all_of(delta_.members, [](const auto& entry) { return entry.second > 0; })) {
        KASANE_TRY(FlushAdditions(connection, tenant_, delta_));
        delta_ = {};
        return {};
    }
    KASANE_TRY(FlushDays(connection, tenant_, delta_));
    std::map<std::pair<int, std::string>, long long> distinct;
    // Additions: which of a member's rows exist already (one read per member and 年度: a contact's dozen buckets of
    // one person), then every addition in multi-row upserts.
    std::map<std::pair<int, std::int64_t>, std::set<std::string>> existing;
    for (const auto& [key, change] : delta_.members) {
        if (change > 0) existing.try_emplace({std::get<0>(key), std::get<2>(key)});
    }
    for (auto& [member, buckets] : existing) {
        KASANE_ASSIGN(found, connection.Execute(kMemberBuckets, {tenant_, std::int64_t{member.first}, member.second}));
        for (const auto& values : found->rows) buckets.insert(SqlRow(values).Text(0).value_or(""));
    }
    std::vector<SqlParam> rows;
    for (const auto& [key, change] : delta_.members) {
        if (change <= 0) continue;
        const auto& [year, bucket, member] = key;
        rows.insert(rows.end(), {tenant_, std::int64_t{year}, std::string_view(bucket), member, std::int64_t{change}});
        if (!existing.at({year, member}).contains(bucket)) ++distinct[{year, bucket}];
    }
    KASANE_TRY(kUpsertMembers.Run(connection, rows));
    // Removals, one by one: the row goes when nothing is left (its CHECK keeps contacts > 0).
    for (const auto& [key, change] : delta_.members) {
        if (change >= 0) continue;
        const auto& [year, bucket, member] = key;
        const std::array<SqlParam, 4> where{tenant_, std::int64_t{year}, std::string_view(bucket), member};
        KASANE_ASSIGN(found, connection.Execute(kSelectMember, where));
        const long long before = found->Empty() ? 0 : SqlRow(found->rows.front()).Integer(0).value_or(0);
        long long after = before + change;
        if (after < 0) {
            // Only a damaged table can take more than it holds: kept at zero, and `kasane report verify` names it.
            Log(LogLevel::kError, "report aggregates out of step",
                {{"fiscal_year", year}, {"bucket", bucket}, {"member", member}});
            after = 0;
        }
        if (after == 0) {
            KASANE_EXECUTE(connection, kDeleteMember, tenant_, std::int64_t{year}, std::string_view(bucket), member);
            if (before > 0) --distinct[{year, bucket}];
        } else {
            KASANE_EXECUTE(connection, kUpdateMember, tenant_, std::int64_t{year}, std::string_view(bucket), member,
                           std::int64_t{after});
        }
    }
    std::erase_if(distinct, [](const auto& entry) { return entry.second == 0; });
    rows.clear();
    for (const auto& [key, change] : distinct) {
        rows.insert(rows.end(), {tenant_, std::int64_t{key.first}, std::string_view(key.second), std::int64_t{change}});
    }
    KASANE_TRY(kUpsertDistinct.Run(connection, rows));
    for (const auto& [key, change] : distinct) {
        if (change < 0) {
            KASANE_EXECUTE(connection, kDropEmptyDistinct, tenant_, std::int64_t{key.first},
                           std::string_view(key.second));
        }
    }
    delta_ = {};
    return {};
}

Status RebuildReportAggregates(SqlConnection& connection, MunicipalityId tenant) {
    domain::AggregateSet set;
    KASANE_TRY(Recount(connection, tenant, set));
    KASANE_ASSIGN(facets, Migrated(connection, 65));
    for (const char* table :
         {"report_contact_days", "report_year_members", "report_year_distinct", "report_year_facets"}) {
        if (!*facets && std::string_view(table) == "report_year_facets") continue;
        KASANE_TRY(connection.ExecuteScript(std::string("DELETE FROM ") + table +
                                            " WHERE municipality_id = " + std::to_string(tenant.value())));
    }
    static const sql_support::RowsInsert kDays("aggregates_rebuild_days",
                                               "INSERT INTO report_contact_days (municipality_id, day, bucket, "
                                               "contacts) VALUES ",
                                               4, "");
    static const sql_support::RowsInsert kMembers("aggregates_rebuild_members",
                                                  "INSERT INTO report_year_members (municipality_id, fiscal_year, "
                                                  "bucket, member_id, contacts) VALUES ",
                                                  5, "");
    static const sql_support::RowsInsert kDistinct("aggregates_rebuild_distinct",
                                                   "INSERT INTO report_year_distinct (municipality_id, fiscal_year, "
                                                   "bucket, members) VALUES ",
                                                   4, "");
    std::vector<SqlParam> rows;
    for (const auto& [key, contacts] : set.days) {
        rows.insert(rows.end(),
                    {tenant, std::int64_t{key.first}, std::string_view(key.second), std::int64_t{contacts}});
    }
    KASANE_TRY(kDays.Run(connection, rows));
    rows.clear();
    constexpr std::size_t kChunk = 64 * 5 * 1024;  // values a call holds, so that memory stays bounded
    for (const auto& [key, contacts] : set.members) {
        rows.insert(rows.end(), {tenant, std::int64_t{std::get<0>(key)}, std::string_view(std::get<1>(key)),
                                 std::get<2>(key), std::int64_t{contacts}});
        if (rows.size() >= kChunk) {
            KASANE_TRY(kMembers.Run(connection, rows));
            rows.clear();
        }
    }
    KASANE_TRY(kMembers.Run(connection, rows));
    rows.clear();
    for (const auto& [key, members] : set.distinct) {
        rows.insert(rows.end(), {tenant, std::int64_t{key.first}, std::string_view(key.second), std::int64_t{members}});
    }
    KASANE_TRY(kDistinct.Run(connection, rows));
    return WriteFacets(connection, tenant, set);
}

Status FillReportAggregates(SqlConnection& connection) {
    KASANE_ASSIGN(towns, connection.Execute(kTowns, {}));
    for (const auto& values : towns->rows) {
        KASANE_TRY(RebuildReportAggregates(connection, MunicipalityId{SqlRow(values).Integer(0).value_or(0)}));
    }
    return {};
}

Status FillReportFacets(SqlConnection& connection) {
    KASANE_ASSIGN(towns, connection.Execute(kTowns, {}));
    for (const auto& town : towns->rows) {
        const MunicipalityId tenant{SqlRow(town).Integer(0).value_or(0)};
        KASANE_TRY(connection.ExecuteScript("DELETE FROM report_year_facets WHERE municipality_id = " +
                                            std::to_string(tenant.value())));
        // The members of each 年度 (read by the primary key), then the town's records once.
        std::map<std::tuple<int, std::string, std::int64_t>, long long> members;
        KASANE_ASSIGN(years, connection.Execute(kCountedYears, {tenant, domain::kAllBucket}));
        for (const auto& year_row : years->rows) {
            const std::int64_t year = SqlRow(year_row).Integer(0).value_or(0);
            const std::array<SqlParam, 3> params{tenant, year, domain::kAllBucket};
            KASANE_TRY(connection.Stream(kYearPersons, params, [&](const SqlCursor& row) {
                members.emplace(std::tuple{static_cast<int>(year), std::string(domain::kAllBucket), row.Integer(0)},
                                row.Integer(1));
                return true;
            }));
        }
        domain::AggregateSet set;
        KASANE_TRY(FacetsOfMembers(connection, tenant, members, set));
        KASANE_TRY(WriteFacets(connection, tenant, set));
    }
    return {};
}

Status ReadStoredYear(SqlConnection& connection, MunicipalityId tenant, int fiscal_year, StoredYear& out) {
    const std::int64_t first = std::int64_t{fiscal_year} * 10000 + 401;
    const std::int64_t end = std::int64_t{fiscal_year + 1} * 10000 + 401;
    KASANE_ASSIGN(days, connection.Execute(kYearDays, {tenant, first, end}));
    for (const auto& values : days->rows) {
        const SqlRow row(values);
        out.contacts[row.Text(0).value_or("")] = row.Integer(1).value_or(0);
    }
    KASANE_ASSIGN(distinct, connection.Execute(kYearDistinct, {tenant, std::int64_t{fiscal_year}}));
    for (const auto& values : distinct->rows) {
        const SqlRow row(values);
        out.members[row.Text(0).value_or("")] = row.Integer(1).value_or(0);
    }
    return ReadYearFacets(connection, tenant, fiscal_year, out.facets);
}

Status ReadYearFacets(SqlConnection& connection, MunicipalityId tenant, int fiscal_year, domain::Facets& out) {
    KASANE_ASSIGN(facets, connection.Execute(kYearFacets, {tenant, std::int64_t{fiscal_year}}));
    for (const auto& values : facets->rows) {
        const SqlRow row(values);
        out[row.Text(0).value_or("")] = {.persons = row.Integer(1).value_or(0), .contacts = row.Integer(2).value_or(0)};
    }
    return {};
}

std::unique_ptr<domain::ReportAggregates> MakeReportAggregates(SqlExecutor& executor, MunicipalityId tenant) {
    return std::make_unique<SqlReportAggregates>(executor, tenant);
}

}  // namespace kasane::storage
