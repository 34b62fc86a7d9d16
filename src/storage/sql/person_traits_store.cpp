// SPDX-License-Identifier: Apache-2.0
// 課題と特性 (domain::PersonTraitRepository): a person's traits, the union over the records merged into it, and the
// traits of the persons a period's 実人数 counts.

#include <array>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/person_trait_repositories.hpp"
#include "domain/report_aggregates.hpp"
#include "storage/sql/merged_persons.hpp"
#include "storage/sql/report_aggregates_store.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {

std::unique_ptr<domain::PersonTraitRepository> MakePersonTraitRepository(SqlExecutor& executor, MunicipalityId tenant);

namespace {

using domain::CountedPersonTraits;
using domain::PersonId;
using domain::PersonTrait;
using domain::PersonTraits;
using domain::TraitCounts;
using sql_support::TenantRepository;

// The person $2 and every record merged into it, at any depth (the merges of persons_store.cpp; the index
// persons_by_merged_into serves each step). The depth bound is intake_support.hpp's kMaxMergeDepth.
#define KASANE_TRAIT_CHAIN                                                                                           \
    "WITH RECURSIVE chain (id, depth) AS (SELECT p.id, 0 FROM persons p WHERE p.municipality_id = $1 AND p.id = $2 " \
    "UNION ALL SELECT p.id, chain.depth + 1 FROM persons p JOIN chain ON p.merged_into = chain.id "                  \
    "WHERE p.municipality_id = $1 AND chain.depth < 1000) "

constexpr SqlStatement kSelectTraits{
    "person_traits_select", KASANE_TRAIT_CHAIN
    "SELECT DISTINCT t.trait_code FROM person_traits t JOIN chain ON t.person_id = chain.id "
    "WHERE t.municipality_id = $1"};
constexpr SqlStatement kSelectSet{
    "person_traits_select_set",
    "SELECT updated_by, updated_at FROM person_trait_sets WHERE municipality_id = $1 AND person_id = $2"};
constexpr SqlStatement kDeleteTraits{
    "person_traits_delete",
    KASANE_TRAIT_CHAIN "DELETE FROM person_traits WHERE municipality_id = $1 AND person_id IN (SELECT id FROM chain)"};
constexpr SqlStatement kInsertTrait{
    "person_traits_insert", "INSERT INTO person_traits (municipality_id, person_id, trait_code) VALUES ($1, $2, $3)"};
constexpr SqlStatement kUpsertSet{
    "person_traits_upsert_set",
    "INSERT INTO person_trait_sets (municipality_id, person_id, updated_by, updated_at) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (municipality_id, person_id) DO UPDATE SET updated_by = excluded.updated_by, "
    "updated_at = excluded.updated_at"};
// A whole 年度: its counted persons (already survivors) read from the maintained aggregates
// (report_aggregates_store.cpp), and the town's traits each carried up its merges to the survivor in the program —
// instead of walking down the merges from every counted person (135,575 recursive steps a 年度 on the prefecture set,
// for a few thousand trait rows at most). A survivor's traits are those of every record whose survivor it is, the
// same union as the walk down gives.
constexpr SqlStatement kYearCountedPersons{
    "person_traits_year_counted_persons",
    "SELECT member_id FROM report_year_members WHERE municipality_id = $1 AND fiscal_year = $2 AND bucket = $3 "
    "ORDER BY member_id"};
constexpr SqlStatement kTownTraits{"person_traits_of_town",
                                   "SELECT person_id, trait_code FROM person_traits WHERE municipality_id = $1"};
// The persons of the 実人数 (reports_store.cpp, CountConsultations): the persons of the counted contacts of the period
// (contacts.counted, occurred_at in [$2, $3)), each followed up its merges to the survivor (`up`, as survivor_of does);
// the survivors (`counted`); each survivor with every record merged into it (`down`), joined to their traits. One row
// per record and trait (a NULL trait for a record with none); the repository folds them per survivor.
constexpr SqlStatement kCountedPersonTraits{
    "person_traits_counted",
    "WITH RECURSIVE up (id, depth) AS ("
    " SELECT DISTINCT c.person_id, 0 FROM contacts c WHERE c.municipality_id = $1 AND c.occurred_at >= $2"
    " AND c.occurred_at < $3 AND c.counted = $4 AND c.person_id IS NOT NULL"
    " UNION ALL SELECT p.merged_into, up.depth + 1 FROM up JOIN persons p ON p.municipality_id = $1 AND p.id = up.id"
    " WHERE p.merged_into IS NOT NULL AND up.depth < 1000), "
    "counted (person_id) AS (SELECT DISTINCT up.id FROM up JOIN persons p ON p.municipality_id = $1 AND p.id = up.id"
    " WHERE p.merged_into IS NULL), "
    "down (survivor, id, depth) AS (SELECT person_id, person_id, 0 FROM counted"
    " UNION ALL SELECT down.survivor, p.id, down.depth + 1 FROM down JOIN persons p ON p.municipality_id = $1"
    " AND p.merged_into = down.id WHERE down.depth < 1000) "
    "SELECT down.survivor, t.trait_code FROM down LEFT JOIN person_traits t ON t.municipality_id = $1"
    " AND t.person_id = down.id ORDER BY down.survivor"};

#undef KASANE_TRAIT_CHAIN

Error Corrupt() { return Error::Internal("課題と特性の記録が読めません"); }

// The traits of stored codes, in AllPersonTraits' order, each once.
Result<std::vector<PersonTrait>> TraitsOf(const std::vector<std::string>& codes) {
    auto traits = domain::ParsePersonTraits(codes, "trait_code");
    if (!traits) return Fail(Corrupt());
    return traits;
}

class SqlPersonTraitRepository final : public domain::PersonTraitRepository, TenantRepository {
public:
    using TenantRepository::TenantRepository;

    Result<PersonTraits> Get(PersonId id) override {
        return ReadInto<PersonTraits>([&](SqlConnection& connection, PersonTraits& out) -> Status {
            KASANE_TRY(CheckPerson(connection, id));
            out.person_id = id;
            KASANE_ASSIGN(rows, connection.Execute(kSelectTraits, {tenant_, id.value()}));
            std::vector<std::string> codes;
            for (const auto& values : rows->rows) {
                KASANE_ASSIGN(code, SqlRow(values).Text(0));
                codes.push_back(std::move(*code));
            }
            KASANE_ASSIGN(traits, TraitsOf(codes));
            out.traits = std::move(*traits);
            KASANE_ASSIGN(set, connection.Execute(kSelectSet, {tenant_, id.value()}));
            if (!set->rows.empty()) {
                const SqlRow row(set->rows.front());
                out.updated_by = row.OptionalId<UserId>(0);
                KASANE_ASSIGN(at, row.Time(1));
                out.updated_at = *at;
            }
            return {};
        });
    }

    Status Replace(PersonId id, const std::vector<PersonTrait>& traits, UserId by, Instant at) override {
        const std::string at_text = FormatIso8601(at);
        return executor_.Write([&](SqlConnection& connection) -> Status {
            KASANE_TRY(CheckPerson(connection, id));
            // The traits are a facet of the 年度集計 (課題と特性).
            AggregateChange change(executor_, tenant_);
            KASANE_TRY(change.TouchPersons(connection, {id.value()}));
            KASANE_TRY(connection.Execute(kDeleteTraits, {tenant_, id.value()}));
            for (const PersonTrait trait : traits) {
                KASANE_TRY(connection.Execute(kInsertTrait, {tenant_, id.value(), domain::PersonTraitCode(trait)}));
            }
            KASANE_TRY(connection.Execute(kUpsertSet, {tenant_, id.value(), by.value(), std::string_view(at_text)}));
            return change.Flush(connection);
        });
    }

    Result<TraitCounts> Count(Instant from, Instant to) override {
        if (const auto year = domain::WholeFiscalYearBetween(from, to)) {
            return ReadInto<TraitCounts>([&](SqlConnection& connection, TraitCounts& out) -> Status {
                domain::Facets facets;
                KASANE_TRY(ReadYearFacets(connection, tenant_, *year, facets));
                out = domain::TraitCountsFromFacets(facets);
                return {};
            });
        }
        auto persons = CountedPersons(from, to);
        if (!persons) return Fail(persons.error());
        return domain::CountTraits(*persons);
    }

    Result<std::vector<CountedPersonTraits>> CountedPersons(Instant from, Instant to) override {
        const std::string from_text = FormatIso8601(from);
        const std::string to_text = FormatIso8601(to);
        using Rows = std::vector<CountedPersonTraits>;
        return ReadInto<Rows>([&](SqlConnection& connection, Rows& out) -> Status {
            const auto year = domain::WholeFiscalYearBetween(from, to);
            if (year) return CountedPersonsOfYear(connection, *year, out);
            KASANE_ASSIGN(rows, connection.Execute(kCountedPersonTraits, {tenant_, std::string_view(from_text),
                                                                          std::string_view(to_text), true}));
            std::map<std::int64_t, std::vector<std::string>> codes;  // by survivor
            for (const auto& values : rows->rows) {
                const SqlRow row(values);
                KASANE_ASSIGN(survivor, row.Integer(0));
                auto& person = codes[*survivor];
                if (!row.IsNull(1)) {
                    KASANE_ASSIGN(code, row.Text(1));
                    person.push_back(std::move(*code));
                }
            }
            out.reserve(codes.size());
            for (const auto& [survivor, person_codes] : codes) {
                KASANE_ASSIGN(traits, TraitsOf(person_codes));
                out.push_back({.person_id = PersonId{survivor}, .traits = std::move(*traits)});
            }
            return {};
        });
    }

private:
    Status CountedPersonsOfYear(SqlConnection& connection, int year, std::vector<CountedPersonTraits>& out) {
        MergedPersons merged;
        KASANE_TRY(merged.Read(connection, tenant_));
        std::unordered_map<std::int64_t, std::vector<std::string>> codes;  // by survivor
        KASANE_ASSIGN(traits, connection.Execute(kTownTraits, {tenant_}));
        for (const auto& values : traits->rows) {
            const SqlRow row(values);
            KASANE_ASSIGN(person, row.Integer(0));
            KASANE_ASSIGN(code, row.Text(1));
            codes[merged.SurvivorOf(*person)].push_back(std::move(*code));
        }
        std::vector<std::int64_t> counted;
        const std::array<SqlParam, 3> params{tenant_, std::int64_t{year}, domain::kAllBucket};
        KASANE_TRY(connection.Stream(kYearCountedPersons, params, [&](const SqlCursor& row) {
            counted.push_back(row.Integer(0));
            return true;
        }));
        out.reserve(counted.size());
        for (const std::int64_t survivor : counted) {
            const auto found = codes.find(survivor);
            if (found == codes.end()) {
                out.push_back({.person_id = PersonId{survivor}, .traits = {}});
                continue;
            }
            KASANE_ASSIGN(person_traits, TraitsOf(found->second));
            out.push_back({.person_id = PersonId{survivor}, .traits = std::move(*person_traits)});
        }
        return {};
    }

    Status CheckPerson(SqlConnection& connection, PersonId id) {
        KASANE_ASSIGN(found, connection.Execute(kPersonExists, {id.value(), tenant_}));
        if (found->rows.empty()) return Fail(Error::NotFound("本人が見つかりません"));
        return {};
    }
};

}  // namespace

std::unique_ptr<domain::PersonTraitRepository> MakePersonTraitRepository(SqlExecutor& executor, MunicipalityId tenant) {
    return std::make_unique<SqlPersonTraitRepository>(executor, tenant);
}

}  // namespace kasane::storage
