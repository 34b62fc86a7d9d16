// SPDX-License-Identifier: Apache-2.0
// 見守り: the entries and their watchers (domain::WatchListRepository).

#include <map>
#include <string>

#include "domain/watch_list_repositories.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {

std::unique_ptr<domain::WatchListRepository> MakeWatchListRepository(SqlExecutor& executor, MunicipalityId tenant);

namespace {

using domain::WatchEntry;
using sql_support::TenantRepository;

constexpr SqlStatement kInsertEntry{
    "watch_insert_entry",
    "INSERT INTO watch_entries (municipality_id, person_id, person_name, neighborhood_area_id, district_area_id, "
    "reason, basis, consent_on, frequency_days, last_contact_on, created_by, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id"};
constexpr SqlStatement kInsertWatcher{
    "watch_insert_watcher",
    "INSERT INTO watch_watchers (municipality_id, entry_id, position, user_id, name, role) "
    "VALUES ($1, $2, $3, $4, $5, $6)"};
#define KASANE_WATCH_COLUMNS                                                                                          \
    "id, person_id, person_name, neighborhood_area_id, district_area_id, reason, basis, consent_on, frequency_days, " \
    "last_contact_on, created_by, created_at"
constexpr SqlStatement kSelectEntry{
    "watch_select_entry", "SELECT " KASANE_WATCH_COLUMNS " FROM watch_entries WHERE municipality_id = $1 AND id = $2"};
constexpr SqlStatement kSelectEntries{
    "watch_select_entries", "SELECT " KASANE_WATCH_COLUMNS
                            " FROM watch_entries WHERE municipality_id = $1 "
                            "AND (district_area_id = $2 OR $2 IS NULL) AND (neighborhood_area_id = $3 OR $3 IS NULL) "
                            "ORDER BY neighborhood_area_id, id"};
#undef KASANE_WATCH_COLUMNS
constexpr SqlStatement kSelectWatchers{
    "watch_select_watchers",
    "SELECT entry_id, user_id, name, role FROM watch_watchers WHERE municipality_id = $1 ORDER BY entry_id, position"};
constexpr SqlStatement kUpdateContact{
    "watch_update_contact", "UPDATE watch_entries SET last_contact_on = $3 WHERE municipality_id = $1 AND id = $2"};

Result<WatchEntry> EntryOf(const SqlRow& row) {
    KASANE_ASSIGN(entry_id, row.Integer(0));
    KASANE_ASSIGN(person_id, row.Integer(1));
    KASANE_ASSIGN(person_name, row.Text(2));
    KASANE_ASSIGN(neighborhood, row.Integer(3));
    KASANE_ASSIGN(district, row.Integer(4));
    KASANE_ASSIGN(reason, row.Text(5));
    KASANE_ASSIGN(basis_code, row.Text(6));
    KASANE_ASSIGN(consent_on, sql_support::RequiredDate(row, 7));
    KASANE_ASSIGN(frequency, row.Integer(8));
    KASANE_ASSIGN(last_contact, sql_support::OptionalDate(row, 9));
    KASANE_ASSIGN(created_by, row.Integer(10));
    KASANE_ASSIGN(created_at, row.Time(11));
    const auto basis = domain::ParseWatchBasis(*basis_code);
    if (!basis) return Fail(Error::Internal("見守りの根拠が読めません: " + *basis_code));
    return WatchEntry{.id = *entry_id,
                      .person_id = domain::PersonId{*person_id},
                      .person_name = *person_name,
                      .neighborhood_area_id = *neighborhood,
                      .district_area_id = *district,
                      .reason = *reason,
                      .basis = *basis,
                      .consent_on = *consent_on,
                      .frequency_days = static_cast<int>(*frequency),
                      .last_contact_on = *last_contact,
                      .watchers = {},
                      .created_by = UserId{*created_by},
                      .created_at = *created_at};
}

class SqlWatchListRepository final : public domain::WatchListRepository, TenantRepository {
public:
    using TenantRepository::TenantRepository;

    Result<WatchEntry> Add(const WatchEntry& entry) override {
        const std::string consent_on = sql_support::DateText(entry.consent_on);
        const std::string last_contact = entry.last_contact_on ? sql_support::DateText(*entry.last_contact_on) : "";
        const std::string created_at = FormatIso8601(entry.created_at);
        return WriteInto<WatchEntry>([&](SqlConnection& connection, WatchEntry& out) -> Status {
            SqlParam last = std::monostate{};
            if (entry.last_contact_on) last = std::string_view(last_contact);
            auto inserted = connection.Execute(
                kInsertEntry, {tenant_, static_cast<std::int64_t>(entry.person_id), std::string_view(entry.person_name),
                               static_cast<std::int64_t>(entry.neighborhood_area_id),
                               static_cast<std::int64_t>(entry.district_area_id), std::string_view(entry.reason),
                               domain::WatchBasisCode(entry.basis), std::string_view(consent_on),
                               static_cast<std::int64_t>(entry.frequency_days), last,
                               static_cast<std::int64_t>(entry.created_by), std::string_view(created_at)});
            if (!inserted) {
                if (inserted.error().Is(ErrorCode::kNotFound)) {
                    return Fail(Error::InvalidArgument("人・地区・利用者がこの市町村にありません", "person_id"));
                }
                return Fail(inserted.error());
            }
            KASANE_ASSIGN(new_id, SqlRow(inserted->rows.front()).Integer(0));
            std::int64_t position = 0;
            for (const domain::Watcher& watcher : entry.watchers) {
                SqlParam user = std::monostate{};
                if (watcher.user_id) user = static_cast<std::int64_t>(*watcher.user_id);
                auto added = connection.Execute(kInsertWatcher,
                                                {tenant_, *new_id, position++, user, std::string_view(watcher.name),
                                                 std::string_view(watcher.role)});
                if (!added) {
                    if (added.error().Is(ErrorCode::kNotFound)) {
                        return Fail(Error::InvalidArgument("見守る人の利用者がこの市町村にいません", "watchers"));
                    }
                    return Fail(added.error());
                }
            }
            out = entry;
            out.id = *new_id;
            return {};
        });
    }

    Result<WatchEntry> Get(domain::WatchEntryId id) override {
        return ReadInto<WatchEntry>([&](SqlConnection& connection, WatchEntry& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(kSelectEntry, {tenant_, static_cast<std::int64_t>(id)}));
            if (result->Empty()) return Fail(Error::NotFound("見守りの記録が見つかりません"));
            KASANE_ASSIGN(entry, EntryOf(SqlRow(result->rows.front())));
            std::vector<WatchEntry> one{std::move(*entry)};
            if (auto filled = FillWatchers(connection, one); !filled) return filled;
            out = std::move(one.front());
            return {};
        });
    }

    Result<std::vector<WatchEntry>> List(std::optional<AreaId> district, std::optional<AreaId> neighborhood) override {
        using Entries = std::vector<WatchEntry>;
        return ReadInto<Entries>([&](SqlConnection& connection, Entries& out) -> Status {
            SqlParam district_param = std::monostate{};
            if (district) district_param = static_cast<std::int64_t>(*district);
            SqlParam neighborhood_param = std::monostate{};
            if (neighborhood) neighborhood_param = static_cast<std::int64_t>(*neighborhood);
            KASANE_ASSIGN(result, connection.Execute(kSelectEntries, {tenant_, district_param, neighborhood_param}));
            for (const auto& values : result->rows) {
                KASANE_ASSIGN(entry, EntryOf(SqlRow(values)));
                out.push_back(std::move(*entry));
            }
            return FillWatchers(connection, out);
        });
    }

    Status RecordContact(domain::WatchEntryId id, Date on) override {
        const std::string day = sql_support::DateText(on);
        return executor_.Write([&](SqlConnection& connection) -> Status {
            KASANE_ASSIGN(result, connection.Execute(kUpdateContact,
                                                     {tenant_, static_cast<std::int64_t>(id), std::string_view(day)}));
            if (result->affected_rows == 0) return Fail(Error::NotFound("見守りの記録が見つかりません"));
            return {};
        });
    }

private:
    Status FillWatchers(SqlConnection& connection, std::vector<WatchEntry>& entries) {
        if (entries.empty()) return {};
        std::map<std::int64_t, WatchEntry*> by_id;
        for (WatchEntry& entry : entries) by_id[entry.id] = &entry;
        KASANE_ASSIGN(result, connection.Execute(kSelectWatchers, {tenant_}));
        for (const auto& values : result->rows) {
            const SqlRow row(values);
            KASANE_ASSIGN(entry_id, row.Integer(0));
            const auto found = by_id.find(*entry_id);
            if (found == by_id.end()) continue;
            KASANE_ASSIGN(name, row.Text(2));
            KASANE_ASSIGN(role, row.Text(3));
            domain::Watcher watcher{.user_id = std::nullopt, .name = *name, .role = *role};
            if (const auto user = row.OptionalInteger(1)) watcher.user_id = UserId(*user);
            found->second->watchers.push_back(std::move(watcher));
        }
        return {};
    }
};

}  // namespace

std::unique_ptr<domain::WatchListRepository> MakeWatchListRepository(SqlExecutor& executor, MunicipalityId tenant) {
    return std::make_unique<SqlWatchListRepository>(executor, tenant);
}

}  // namespace kasane::storage
