// SPDX-License-Identifier: Apache-2.0
// The households of a municipality and their members (domain::HouseholdRepository).

#include "storage/sql/read_ahead.hpp"
#include "storage/sql/sql_repositories.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cstdio>
#include <deque>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "storage/sql/intake_support.hpp"
#include "storage/sql/report_aggregates_store.hpp"
#include "storage/sql/rows_insert.hpp"

namespace kasane::storage {
namespace {

// ---------------------------------------------------------------------------------------------------------------
// Households

constexpr SqlStatement kInsertHousehold{
    "intake_insert_household",
    "INSERT INTO households (municipality_id, name, notes, created_by_organization_id, created_at, version) "
    "VALUES ($1, $2, $3, $4, $5, 1) RETURNING id"};
constexpr SqlStatement kSelectHousehold{
    "intake_select_household",
    "SELECT id, municipality_id, name, notes, created_by_organization_id, created_at, version FROM households "
    "WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kUpdateHousehold{"intake_update_household",
                                        "UPDATE households SET name = $3, notes = $4, version = version + 1 "
                                        "WHERE id = $1 AND municipality_id = $2 AND version = $5"};
constexpr SqlStatement kInsertMember{
    "intake_insert_member",
    "INSERT INTO household_members (household_id, municipality_id, person_id, relationship, is_head, moved_in, "
    "moved_out, moved_out_reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id"};
constexpr SqlStatement kSelectMembers{
    "intake_select_members",
    "SELECT id, person_id, relationship, is_head, moved_in, moved_out, moved_out_reason FROM household_members "
    "WHERE household_id = $1 AND municipality_id = $2 ORDER BY id"};
constexpr SqlStatement kEndMembership{"intake_end_membership",
                                      "UPDATE household_members SET moved_out = $4, moved_out_reason = $5 "
                                      "WHERE id = $1 AND household_id = $2 AND municipality_id = $3"};
constexpr SqlStatement kHouseholdsOfPerson{
    "intake_households_of_person",
    "SELECT DISTINCT household_id FROM household_members WHERE municipality_id = $1 AND person_id = $2"};

Status ReadHousehold(SqlConnection& connection, MunicipalityId tenant, HouseholdId id, Household& out) {
    KASANE_ASSIGN(result, connection.Execute(kSelectHousehold, {id, tenant}));
    if (result->Empty()) return Fail(NotFoundField("世帯が見つかりません", "household_id"));
    const SqlRow row(result->rows.front());
    auto household_id = row.Integer(0);
    auto municipality_id = row.Integer(1);
    auto name = row.Text(2);
    auto notes = row.Text(3);
    auto organization_id = row.Integer(4);
    auto created_at = row.Time(5);
    auto version = row.Integer(6);
    if (!household_id || !municipality_id || !name || !notes || !organization_id || !created_at || !version) {
        return Fail(Corrupt("household"));
    }
    out = Household{.id = domain::HouseholdId{*household_id},
                    .municipality_id = MunicipalityId{*municipality_id},
                    .name = std::move(*name),
                    .notes = std::move(*notes),
                    .members = {},
                    .created_by_organization_id = OrganizationId{*organization_id},
                    .created_at = *created_at,
                    .version = static_cast<int>(*version)};
    KASANE_ASSIGN(members, connection.Execute(kSelectMembers, {id, tenant}));
    for (const auto& values : members->rows) {
        const SqlRow member_row(values);
        auto member_id = member_row.Integer(0);
        auto person_id = member_row.Integer(1);
        auto relationship = domain::ParseRelationship(member_row.Text(2).value_or(""));
        auto is_head = member_row.Boolean(3);
        auto moved_in = OptionalDate(member_row, 4);
        auto moved_out = OptionalDate(member_row, 5);
        auto reason = member_row.Text(6);
        if (!member_id || !person_id || !relationship || !is_head || !moved_in || !moved_out || !reason) {
            return Fail(Corrupt("household_member"));
        }
        out.members.push_back(HouseholdMember{.id = *member_id,
                                              .person_id = domain::PersonId{*person_id},
                                              .relationship = *relationship,
                                              .is_head = *is_head,
                                              .moved_in = *moved_in,
                                              .moved_out = *moved_out,
                                              .moved_out_reason = std::move(*reason)});
    }
    // By moved_in, unknown dates first (the two databases order NULLs differently, so the order is made here).
    std::stable_sort(out.members.begin(), out.members.end(), [](const HouseholdMember& a, const HouseholdMember& b) {
        if (a.moved_in.has_value() != b.moved_in.has_value()) return !a.moved_in.has_value();
        return a.moved_in.has_value() && *a.moved_in < *b.moved_in;
    });
    return {};
}

Status InsertMember(SqlConnection& connection, MunicipalityId tenant, HouseholdId household_id,
                    const HouseholdMember& member) {
    KASANE_TRY(Exists(connection, kPersonExists, member.person_id, tenant, "本人の記録が見つかりません", "person_id"));
    const auto moved_in = OptionalDateText(member.moved_in);
    const auto moved_out = OptionalDateText(member.moved_out);
    KASANE_EXECUTE(connection, kInsertMember, household_id, tenant, member.person_id,
                   domain::RelationshipCode(member.relationship), member.is_head, TextOrNull(moved_in),
                   TextOrNull(moved_out), member.moved_out_reason);
    return {};
}

// A change to a household's members can move the 世帯人員 of each of them (report_aggregates_store.hpp): they, and the
// persons `added`, are taken out of the 年度集計's facets before it.
Status TouchMembers(SqlConnection& connection, AggregateChange& change, MunicipalityId tenant,
                    std::optional<HouseholdId> household, std::vector<std::int64_t> added) {
    if (household) {
        KASANE_ASSIGN(members, connection.Execute(kSelectMembers, {*household, tenant}));
        for (const auto& values : members->rows) added.push_back(SqlRow(values).Integer(1).value_or(0));
    }
    return change.TouchPersons(connection, added);
}

constexpr IdSetStatement kPersonsOfTenant KASANE_ID_SET_STATEMENT(
    "intake_persons_of_tenant", "SELECT id FROM persons WHERE municipality_id = $1 AND id IN (", ")");

// Many households with their members as SqlHouseholdRepository::Create writes one, a batch at a time: each batch's
// households and members go many rows a statement (rows_insert.hpp), the members' persons are checked in one read
// a batch, and nothing is read back. The two tables have their statistics refreshed each time the households
// written double, as InsertConsultations does (docs/performance.md).
Result<std::vector<HouseholdId>> InsertHouseholds(SqlConnection& connection, MunicipalityId tenant,
                                                  const std::vector<Household>& households) {
    static const sql_support::RowsInsert kInsertHouseholds(
        "intake_insert_households",
        "INSERT INTO households (municipality_id, name, notes, created_by_organization_id, created_at, version) "
        "VALUES ",
        6, " RETURNING id");
    static const sql_support::RowsInsert kInsertMembers(
        "intake_insert_members",
        "INSERT INTO household_members (household_id, municipality_id, person_id, relationship, is_head, moved_in, "
        "moved_out, moved_out_reason) VALUES ",
        8, "");
    static constexpr std::array<std::string_view, 2> kFilled{"households", "household_members"};
    constexpr std::size_t kBatch = 500;

    std::set<std::int64_t> organizations_checked;
    std::vector<HouseholdId> out;
    out.reserve(households.size());
    std::size_t next_refresh = 1000;
    for (std::size_t first = 0; first < households.size(); first += kBatch) {
        const std::size_t last = std::min(households.size(), first + kBatch);
        std::deque<std::string> texts;  // what the parameters view; a deque keeps them in place as it grows
        auto text = [&](std::string value) { return SqlParam(std::string_view(texts.emplace_back(std::move(value)))); };
        auto optional_text = [&](const std::optional<std::string>& value) {
            return value ? text(*value) : SqlParam(std::monostate{});
        };
        std::vector<SqlParam> rows;
        std::vector<std::int64_t> person_ids;
        for (std::size_t n = first; n < last; ++n) {
            const Household& household = households[n];
            if (organizations_checked.insert(household.created_by_organization_id.value()).second) {
                KASANE_TRY(Exists(connection, kOrganizationExists, household.created_by_organization_id, tenant,
                                  "機関が見つかりません", "created_by_organization_id"));
            }
            for (const HouseholdMember& member : household.members) person_ids.push_back(member.person_id.value());
            rows.insert(rows.end(), {SqlParam(tenant.value()), SqlParam(std::string_view(household.name)),
                                     SqlParam(std::string_view(household.notes)),
                                     SqlParam(household.created_by_organization_id.value()),
                                     text(FormatIso8601(household.created_at)), SqlParam(std::int64_t{1})});
        }
        std::sort(person_ids.begin(), person_ids.end());
        person_ids.erase(std::unique(person_ids.begin(), person_ids.end()), person_ids.end());
        if (!person_ids.empty()) {
            const IdSet id_set(person_ids);
            KASANE_ASSIGN(found, connection.Execute(kPersonsOfTenant.For(id_set), {tenant, id_set.Param()}));
            if (found->rows.size() != person_ids.size()) {
                return Fail(NotFoundField("本人の記録が見つかりません", "person_id"));
            }
        }
        KASANE_ASSIGN(ids, kInsertHouseholds.RunReturningIds(connection, rows));
        rows.clear();
        for (std::size_t n = first; n < last; ++n) {
            const HouseholdId id{(*ids)[n - first]};
            out.push_back(id);
            for (const HouseholdMember& member : households[n].members) {
                rows.insert(rows.end(),
                            {SqlParam(id.value()), SqlParam(tenant.value()), SqlParam(member.person_id.value()),
                             SqlParam(domain::RelationshipCode(member.relationship)), SqlParam(member.is_head),
                             optional_text(OptionalDateText(member.moved_in)),
                             optional_text(OptionalDateText(member.moved_out)),
                             SqlParam(std::string_view(member.moved_out_reason))});
            }
        }
        KASANE_TRY(kInsertMembers.Run(connection, rows));
        if (last >= next_refresh && last < households.size()) {
            KASANE_TRY(connection.RefreshStatistics(kFilled));
            next_refresh *= 2;
        }
    }
    return out;
}

class SqlHouseholdRepository final : public domain::HouseholdRepository, TenantRepository {
public:
    using TenantRepository::TenantRepository;

    Result<Household> Create(const Household& household) override {
        const std::string created_at = FormatIso8601(household.created_at);
        HouseholdId id{};
        const Status status = executor_.Write([&](SqlConnection& connection) -> Status {
            KASANE_TRY(Exists(connection, kOrganizationExists, household.created_by_organization_id, tenant_,
                              "機関が見つかりません", "created_by_organization_id"));
            KASANE_ASSIGN(inserted, connection.Execute(kInsertHousehold, {tenant_, household.name, household.notes,
                                                                          household.created_by_organization_id,
                                                                          std::string_view(created_at)}));
            id = domain::HouseholdId{IdOf(inserted)};
            AggregateChange change(executor_, tenant_);
            std::vector<std::int64_t> persons;
            for (const HouseholdMember& member : household.members) persons.push_back(member.person_id.value());
            KASANE_TRY(TouchMembers(connection, change, tenant_, std::nullopt, persons));
            for (const HouseholdMember& member : household.members) {
                KASANE_TRY(InsertMember(connection, tenant_, id, member));
            }
            return change.Flush(connection);
        });
        if (!status) return Fail(status.error());
        return Get(id);
    }

    Result<std::vector<HouseholdId>> CreateMany(const std::vector<Household>& households) override {
        std::vector<HouseholdId> out;
        const Status status = executor_.Write([&](SqlConnection& connection) -> Status {
            AggregateChange change(executor_, tenant_);
            std::vector<std::int64_t> persons;
            for (const Household& household : households) {
                for (const HouseholdMember& member : household.members) persons.push_back(member.person_id.value());
            }
            KASANE_TRY(TouchMembers(connection, change, tenant_, std::nullopt, persons));
            KASANE_ASSIGN(created, InsertHouseholds(connection, tenant_, households));
            out = std::move(*created);
            return change.Flush(connection);
        });
        if (!status) return Fail(status.error());
        return out;
    }

    Result<Household> Get(HouseholdId id) override {
        return ReadInto<Household>(
            [&](SqlConnection& connection, Household& out) { return ReadHousehold(connection, tenant_, id, out); });
    }

    Result<Household> Update(HouseholdId id, int expected_version, std::string_view name,
                             std::string_view notes) override {
        const Status status = executor_.Write([&](SqlConnection& connection) -> Status {
            KASANE_ASSIGN(updated, connection.Execute(kUpdateHousehold,
                                                      {id, tenant_, name, notes, std::int64_t{expected_version}}));
            if (updated->affected_rows == 0) {
                KASANE_TRY(Exists(connection, kHouseholdExists, id, tenant_, "世帯が見つかりません", "household_id"));
                return Fail(VersionConflict());
            }
            return {};
        });
        if (!status) return Fail(status.error());
        return Get(id);
    }

    Result<Household> AddMember(HouseholdId id, const HouseholdMember& member) override {
        const Status status = executor_.Write([&](SqlConnection& connection) -> Status {
            KASANE_TRY(Exists(connection, kHouseholdExists, id, tenant_, "世帯が見つかりません", "household_id"));
            AggregateChange change(executor_, tenant_);
            KASANE_TRY(TouchMembers(connection, change, tenant_, id, {member.person_id.value()}));
            KASANE_TRY(InsertMember(connection, tenant_, id, member));
            return change.Flush(connection);
        });
        if (!status) return Fail(status.error());
        return Get(id);
    }

    Result<Household> EndMembership(HouseholdId id, std::int64_t member_id, Date moved_out,
                                    std::string_view reason) override {
        const std::string moved_out_text = DateText(moved_out);
        const Status status = executor_.Write([&](SqlConnection& connection) -> Status {
            AggregateChange change(executor_, tenant_);
            KASANE_TRY(TouchMembers(connection, change, tenant_, id, {}));
            KASANE_ASSIGN(updated, connection.Execute(kEndMembership, {member_id, id, tenant_,
                                                                       std::string_view(moved_out_text), reason}));
            if (updated->affected_rows == 0) return Fail(NotFoundField("世帯員が見つかりません", "member_id"));
            return change.Flush(connection);
        });
        if (!status) return Fail(status.error());
        return Get(id);
    }

    Result<std::vector<Household>> OfPersons(const std::vector<PersonId>& person_ids) override {
        using List = std::vector<Household>;
        return ReadInto<List>([&](SqlConnection& connection, List& out) {
            return ReadEachFound(connection, tenant_, kHouseholdsOfPerson, person_ids, ReadHousehold,
                                 NewestCreatedFirst<Household>, out);
        });
    }
};

}  // namespace

std::unique_ptr<domain::HouseholdRepository> MakeHouseholdRepository(SqlExecutor& executor, MunicipalityId tenant) {
    return std::make_unique<SqlHouseholdRepository>(executor, tenant);
}

HouseholdReadStatements HouseholdStatementsToReadAhead() { return {kSelectHousehold, kSelectMembers}; }

}  // namespace kasane::storage
