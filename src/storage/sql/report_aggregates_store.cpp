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
constexpr SqlStatement kTownMerged{
    "aggregates_town_merged",
    "SELECT id, merged_into FROM persons WHERE municipality_id = $1 AND merged_into IS NOT NULL"};
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

// The aggregates recounted from the town's records.
Status Recount(SqlConnection& connection, MunicipalityId tenant, domain::AggregateSet& out) {
    std::unordered_map<std::int64_t, std::string> fields;
    KASANE_TRY(ReadFieldsOfCategories(connection, tenant, fields));
    std::unordered_map<std::int64_t, std::int64_t> merged_into;
    KASANE_ASSIGN(merged, connection.Execute(kTownMerged, {tenant}));
    for (const auto& values : merged->rows) {
        const SqlRow row(values);
        merged_into.emplace(row.Integer(0).value_or(0), row.Integer(1).value_or(0));
    }
    auto survivor_of = [&](std::int64_t id) -> Result<std::int64_t> {
        for (int depth = 0; depth < kMaxMergeDepth; ++depth) {
            auto found = merged_into.find(id);
            if (found == merged_into.end()) break;
            id = found->second;
        }
        return id;
    };
    KASANE_TRY(Collect(connection, tenant, kTownContacts, std::nullopt, fields, survivor_of, 1, out));
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
    KASANE_ASSIGN(migrated, connection.Execute(kAggregatesMigrated, {std::int64_t{53}}));
    if (SqlRow(migrated->rows.at(0)).Integer(0).value_or(0) == 0) active_ = false;
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

Status AggregateChange::Flush(SqlConnection& connection) {
    if (!active_) return {};
    // Zero entries (a merge's days, taken out and put back) are dropped first.
    std::erase_if(delta_.days, [](const auto& entry) { return entry.second == 0; });
    std::erase_if(delta_.members, [](const auto& entry) { return entry.second == 0; });
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
    for (const char* table : {"report_contact_days", "report_year_members", "report_year_distinct"}) {
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
    return kDistinct.Run(connection, rows);
}

Status FillReportAggregates(SqlConnection& connection) {
    KASANE_ASSIGN(towns, connection.Execute(kTowns, {}));
    for (const auto& values : towns->rows) {
        KASANE_TRY(RebuildReportAggregates(connection, MunicipalityId{SqlRow(values).Integer(0).value_or(0)}));
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
    const std::array<SqlParam, 3> params{tenant, std::int64_t{fiscal_year}, domain::kAllBucket};
    return connection.Stream(kYearPersons, params, [&](const SqlCursor& row) {
        out.persons.emplace_back(row.Integer(0), row.Integer(1));
        return true;
    });
}

std::unique_ptr<domain::ReportAggregates> MakeReportAggregates(SqlExecutor& executor, MunicipalityId tenant) {
    return std::make_unique<SqlReportAggregates>(executor, tenant);
}

}  // namespace kasane::storage
