// SPDX-License-Identifier: Apache-2.0
// The audit trail: hash-chained entries appended and read (domain::AuditRepository).

#include "storage/sql/sql_repositories.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cstdio>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "storage/sql/intake_support.hpp"

namespace kasane::storage {
namespace {

// ---------------------------------------------------------------------------------------------------------------
// The audit trail

#define KASANE_AUDIT_COLUMNS                                                                                       \
    "municipality_id, sequence, at, user_id, organization_id, action, record_type, record_id, person_id, fields, " \
    "basis, basis_detail, remote_address, request_id, detail, previous_hash, hash, post_id"
constexpr std::size_t kAuditColumnCount = 18;

// Creates the head row the first time and otherwise takes its row lock (PostgreSQL) inside the transaction, in one
// statement (one round trip): the no-op DO UPDATE locks the row as an UPDATE would, so concurrent appenders in other
// processes queue here and each sees the previous one's head; RETURNING gives the head either way (0 and '' when just
// created). SQLite serialises writers with BEGIN IMMEDIATE already.
constexpr SqlStatement kLockChainHead{
    "intake_lock_chain_head_upsert",
    "INSERT INTO audit_chain_heads (municipality_id, last_sequence, last_hash) VALUES ($1, 0, '') "
    "ON CONFLICT (municipality_id) DO UPDATE SET last_sequence = audit_chain_heads.last_sequence "
    "RETURNING last_sequence, last_hash"};
constexpr SqlStatement kAdvanceChainHead{
    "intake_advance_chain_head",
    "UPDATE audit_chain_heads SET last_sequence = $2, last_hash = $3 WHERE municipality_id = $1"};
constexpr SqlStatement kSelectChainHead{"intake_select_chain_head",
                                        "SELECT last_sequence FROM audit_chain_heads WHERE municipality_id = $1"};
constexpr SqlStatement kSelectChainHeadWithHash{
    "intake_select_chain_head_with_hash",
    "SELECT last_sequence, last_hash FROM audit_chain_heads WHERE municipality_id = $1"};
constexpr SqlStatement kAuditForPerson{"intake_audit_for_person",
                                       "SELECT " KASANE_AUDIT_COLUMNS
                                       " FROM audit_entries WHERE municipality_id = $1 AND person_id = $2 "
                                       "ORDER BY sequence DESC LIMIT $3"};
constexpr SqlStatement kAuditByUser{"intake_audit_by_user",
                                    "SELECT " KASANE_AUDIT_COLUMNS
                                    " FROM audit_entries WHERE municipality_id = $1 AND user_id = $2 AND at >= $3 "
                                    "AND at < $4 ORDER BY at, sequence LIMIT $5"};
constexpr SqlStatement kAuditByAction{"intake_audit_by_action",
                                      "SELECT " KASANE_AUDIT_COLUMNS
                                      " FROM audit_entries WHERE municipality_id = $1 AND action = $2 AND at >= $3 "
                                      "AND at < $4 ORDER BY at, sequence LIMIT $5"};
constexpr SqlStatement kAuditRange{"intake_audit_range",
                                   "SELECT " KASANE_AUDIT_COLUMNS
                                   " FROM audit_entries WHERE municipality_id = $1 AND sequence >= $2 "
                                   "AND sequence < $3 ORDER BY sequence"};

// Rows per multi-row INSERT at most. Each count of rows from 1 to this has its own statement, so that a batch is
// ceil(rows / 32) statements: the 21 entries of one name search (20 persons shown and the search itself) are one
// INSERT, one round trip to PostgreSQL rather than 21 (docs/performance.md, "One search, fewer round trips"); a batch
// of 1,000 is 31 statements of 32 rows and one of 8. SQLite gains less, but still saves a bind-step-reset per row.
constexpr std::size_t kAuditRowsPerInsert = 32;

// The INSERT of `rows` entries (1 to kAuditRowsPerInsert), made once per process.
const SqlStatement& InsertAuditRows(std::size_t rows) {
    // Names and texts first, in their final place: the statements below point into them.
    using Texts = std::array<std::pair<std::string, std::string>, kAuditRowsPerInsert>;
    static const Texts texts = [] {
        Texts out;
        for (std::size_t count = 1; count <= kAuditRowsPerInsert; ++count) {
            std::string sql = "INSERT INTO audit_entries (" KASANE_AUDIT_COLUMNS ") VALUES ";
            std::size_t parameter = 1;
            for (std::size_t row = 0; row < count; ++row) {
                sql += row == 0 ? "(" : ", (";
                for (std::size_t column = 0; column < kAuditColumnCount; ++column) {
                    if (column > 0) sql += ", ";
                    // Appended piecewise, not "$" + to_string(…): g++ 12 -O3 reports a false -Wrestrict there.
                    sql += '$';
                    sql += std::to_string(parameter++);
                }
                sql += ")";
            }
            out[count - 1] = {"intake_insert_audit_rows_" + std::to_string(count), std::move(sql)};
        }
        return out;
    }();
    static const std::array<SqlStatement, kAuditRowsPerInsert> statements = [] {
        std::array<SqlStatement, kAuditRowsPerInsert> out{};
        for (std::size_t index = 0; index < kAuditRowsPerInsert; ++index) {
            out[index] = SqlStatement{texts[index].first.c_str(), texts[index].second.c_str()};
        }
        return out;
    }();
    return statements.at(rows - 1);
}

void AppendAuditParams(const domain::AuditEntry& entry, const std::string& at, std::vector<SqlParam>& params) {
    params.insert(params.end(),
                  {entry.municipality_id, entry.sequence, std::string_view(at), entry.user_id, entry.organization_id,
                   std::string_view(entry.action), std::string_view(entry.record_type), entry.record_id,
                   IdOrNull(entry.person_id), std::string_view(entry.fields), std::string_view(entry.basis),
                   std::string_view(entry.basis_detail), std::string_view(entry.remote_address),
                   std::string_view(entry.request_id), std::string_view(entry.detail),
                   std::string_view(entry.previous_hash), std::string_view(entry.hash),
                   IdOrNull(entry.post_id == 0 ? std::nullopt : std::optional<std::int64_t>(entry.post_id))});
}

Result<domain::AuditEntry> AuditFromRow(const SqlRow& row) {
    domain::AuditEntry entry;
    auto municipality_id = row.Integer(0);
    auto sequence = row.Integer(1);
    auto at = row.Time(2);
    auto user_id = row.Integer(3);
    auto organization_id = row.Integer(4);
    auto record_id = row.Integer(7);
    if (!municipality_id || !sequence || !at || !user_id || !organization_id || !record_id) {
        return Fail(Corrupt("audit_entry"));
    }
    entry.municipality_id = MunicipalityId{*municipality_id};
    entry.sequence = *sequence;
    entry.at = *at;
    entry.user_id = UserId{*user_id};
    entry.organization_id = OrganizationId{*organization_id};
    entry.record_id = *record_id;
    entry.person_id = row.OptionalId<domain::PersonId>(8);
    entry.post_id = row.OptionalInteger(17).value_or(0);
    std::string* texts[] = {&entry.action,
                            &entry.record_type,
                            nullptr,
                            nullptr,
                            &entry.fields,
                            &entry.basis,
                            &entry.basis_detail,
                            &entry.remote_address,
                            &entry.request_id,
                            &entry.detail,
                            &entry.previous_hash,
                            &entry.hash};
    const std::size_t columns[] = {5, 6, 0, 0, 9, 10, 11, 12, 13, 14, 15, 16};
    for (std::size_t i = 0; i < std::size(columns); ++i) {
        if (texts[i] == nullptr) continue;
        auto value = row.Text(columns[i]);
        if (!value) return Fail(Corrupt("audit_entry"));
        *texts[i] = std::move(*value);
    }
    return entry;
}

Status AppendAuditRows(const Result<SqlResult>& result, std::vector<domain::AuditEntry>& out) {
    if (!result) return Fail(result.error());
    for (const auto& values : result->rows) {
        KASANE_ASSIGN(entry, AuditFromRow(SqlRow(values)));
        out.push_back(std::move(*entry));
    }
    return {};
}

class SqlAuditRepository final : public domain::AuditRepository, TenantRepository {
public:
    using TenantRepository::TenantRepository;

    Status Append(std::vector<domain::AuditEntry>& entries) override {
        if (entries.empty()) return {};
        // Sequences and hashes are assigned to a copy and handed back only once the transaction committed, so a
        // failed append leaves the caller's entries as they were.
        std::vector<domain::AuditEntry> chained = entries;
        std::vector<std::string> at_texts;
        at_texts.reserve(chained.size());
        for (const auto& entry : chained) at_texts.push_back(FormatIso8601(entry.at));
        const Status status = executor_.Write([&](SqlConnection& connection) -> Status {
            KASANE_ASSIGN(head, connection.Execute(kLockChainHead, {tenant_}));
            if (head->Empty()) return Fail(Corrupt("audit_chain_heads"));
            const SqlRow head_row(head->rows.front());
            KASANE_ASSIGN(last_sequence, head_row.Integer(0));
            KASANE_ASSIGN(last_hash, head_row.Text(1));
            std::int64_t sequence = *last_sequence;
            std::string previous = std::move(*last_hash);
            for (auto& entry : chained) {
                entry.municipality_id = tenant_;
                entry.sequence = ++sequence;
                entry.previous_hash = previous;
                entry.hash = domain::ChainHash(previous, entry);
                previous = entry.hash;
            }
            std::vector<SqlParam> params;
            params.reserve(kAuditColumnCount * std::min(chained.size(), kAuditRowsPerInsert));
            for (std::size_t next = 0; next < chained.size(); next += kAuditRowsPerInsert) {
                const std::size_t rows = std::min(kAuditRowsPerInsert, chained.size() - next);
                params.clear();
                for (std::size_t i = next; i < next + rows; ++i) AppendAuditParams(chained[i], at_texts[i], params);
                KASANE_TRY(connection.Execute(InsertAuditRows(rows), params));
            }
            KASANE_EXECUTE(connection, kAdvanceChainHead, tenant_, sequence, std::string_view(previous));
            return {};
        });
        if (!status) return status;
        entries = std::move(chained);
        return {};
    }

    Result<std::vector<domain::AuditEntry>> ForPersons(const std::vector<PersonId>& person_ids, int limit) override {
        using List = std::vector<domain::AuditEntry>;
        return ReadInto<List>([&](SqlConnection& connection, List& out) -> Status {
            for (PersonId person_id : person_ids) {
                KASANE_TRY(AppendAuditRows(
                    connection.Execute(kAuditForPerson, {tenant_, person_id, std::int64_t{limit}}), out));
            }
            std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.sequence > b.sequence; });
            out.erase(std::unique(out.begin(), out.end(),
                                  [](const auto& a, const auto& b) { return a.sequence == b.sequence; }),
                      out.end());
            if (out.size() > static_cast<std::size_t>(std::max(limit, 0))) out.resize(std::max(limit, 0));
            return {};
        });
    }

    Result<std::vector<domain::AuditEntry>> ByUser(UserId user_id, Instant from, Instant to, int limit) override {
        return Between(kAuditByUser, user_id, from, to, limit);
    }

    Result<std::vector<domain::AuditEntry>> ByAction(std::string_view action, Instant from, Instant to,
                                                     int limit) override {
        return Between(kAuditByAction, action, from, to, limit);
    }

    // Pages of kScanPage sequences, each read on its own and visited after the connection is given back, so that
    // a slow visitor holds no connection and memory stays at one page.
    Result<std::pair<std::int64_t, std::string>> Head() override {
        std::pair<std::int64_t, std::string> head{0, std::string{}};
        KASANE_TRY(executor_.Read([&](SqlConnection& connection) -> Status {
            KASANE_ASSIGN(rows, connection.Execute(kSelectChainHeadWithHash, {tenant_}));
            if (rows->Empty()) return {};
            const SqlRow row(rows->rows.front());
            KASANE_ASSIGN(sequence, row.Integer(0));
            KASANE_ASSIGN(hash, row.Text(1));
            head = {*sequence, std::move(*hash)};
            return {};
        }));
        return head;
    }

    Status Scan(std::int64_t from_sequence, const std::function<bool(const domain::AuditEntry&)>& visit) override {
        std::int64_t last = 0;
        KASANE_TRY(executor_.Read([&](SqlConnection& connection) -> Status {
            KASANE_ASSIGN(head, connection.Execute(kSelectChainHead, {tenant_}));
            if (!head->Empty()) last = SqlRow(head->rows.front()).Integer(0).value_or(0);
            return {};
        }));
        for (std::int64_t begin = std::max<std::int64_t>(from_sequence, 1); begin <= last; begin += kScanPage) {
            std::vector<domain::AuditEntry> page;
            KASANE_TRY(executor_.Read([&](SqlConnection& connection) {
                return AppendAuditRows(connection.Execute(kAuditRange, {tenant_, begin, begin + kScanPage}), page);
            }));
            for (const auto& entry : page) {
                if (!visit(entry)) return {};
            }
        }
        return {};
    }

private:
    static constexpr std::int64_t kScanPage = 10'000;

    Result<std::vector<domain::AuditEntry>> Between(const SqlStatement& statement, SqlParam key, Instant from,
                                                    Instant to, int limit) {
        using List = std::vector<domain::AuditEntry>;
        const std::string from_text = FormatIso8601(from);
        const std::string to_text = FormatIso8601(to);
        return ReadInto<List>([&](SqlConnection& connection, List& out) {
            return AppendAuditRows(connection.Execute(statement, {tenant_, key, std::string_view(from_text),
                                                                  std::string_view(to_text), std::int64_t{limit}}),
                                   out);
        });
    }
};

}  // namespace

std::unique_ptr<domain::AuditRepository> MakeAuditRepository(SqlExecutor& executor, MunicipalityId tenant) {
    return std::make_unique<SqlAuditRepository>(executor, tenant);
}

}  // namespace kasane::storage
