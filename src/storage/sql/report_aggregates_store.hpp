// SPDX-License-Identifier: Apache-2.0
#pragma once

// Internal to src/storage/sql: the 年度集計's maintained aggregates (domain/report_aggregates.hpp) kept in the same
// transaction as the contacts they count. A write that changes what a contact counts takes the contacts it touches
// out of the aggregates before it (sign -1) and puts them back after it (sign +1), all in one AggregateChange whose
// Flush writes only what differs (a merge moves persons' 実 rows and leaves the 延べ days alone).

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <unordered_map>
#include <vector>

#include "base/ids.hpp"
#include "base/result.hpp"
#include "domain/report_aggregates.hpp"
#include "storage/sql/sql.hpp"

namespace kasane::storage {

class AggregateChange {
public:
    // Inactive (every call does nothing) while a bulk session is open on the executor: it rebuilds at its end.
    AggregateChange(const SqlExecutor& executor, MunicipalityId tenant);

    Status AddConsultation(SqlConnection& connection, std::int64_t consultation_id, int sign);
    Status AddContact(SqlConnection& connection, std::int64_t contact_id, int sign);
    // The contacts of `person` and of every record merged into it, directly or not.
    Status AddPersonGroup(SqlConnection& connection, std::int64_t person, int sign);
    // Before a write that can change the facets (domain/report_aggregates.hpp: PersonFacets) of these persons other
    // than through their contacts — a membership or its dates, the unknown reasons, a merge or an unmerge: takes
    // them and their survivors out of the facets as the records stand, to be put back by Flush as they stand after.
    Status TouchPersons(SqlConnection& connection, const std::vector<std::int64_t>& persons);
    Status Flush(SqlConnection& connection);

private:
    Status AddRows(SqlConnection& connection, const SqlStatement& statement, std::int64_t id, int sign);
    Status Prepare(SqlConnection& connection);
    Status FlushFacets(SqlConnection& connection, domain::AggregateSet& facets);
    Status FlushMembers(SqlConnection& connection);

    bool active_;
    MunicipalityId tenant_;
    bool prepared_ = false;
    bool facets_ = false;  // migration 65 applied
    std::unordered_map<std::int64_t, std::string> field_of_category_;
    domain::AggregateSet delta_;
    domain::AggregateSet facet_delta_;  // the touched persons taken out
    std::set<std::int64_t> touched_;    // persons taken out of the facets, put back by Flush
};

// A bulk session suspends the maintenance on its executor (bulk_load.cpp) and rebuilds at its end. A transaction
// opened on a suspended executor holds its own executor suspended too (sql_store.cpp, RunTransaction).
void SuspendReportAggregates(const SqlExecutor& executor, bool suspended);
bool ReportAggregatesSuspended(const SqlExecutor& executor);
// The town's aggregates replaced by a recount of its records.
Status RebuildReportAggregates(SqlConnection& connection, MunicipalityId tenant);
// Every town's (migration 54).
Status FillReportAggregates(SqlConnection& connection);
// Every town's facets from its stored members (migration 65).
Status FillReportFacets(SqlConnection& connection);
// What a whole 年度 holds, for the report (reports_store.cpp).
struct StoredYear {
    std::unordered_map<std::string, long long> contacts;  // bucket → 延べ
    std::unordered_map<std::string, long long> members;   // bucket → 実
    domain::Facets facets;                                // facet → persons, contacts
};
Status ReadStoredYear(SqlConnection& connection, MunicipalityId tenant, int fiscal_year, StoredYear& out);
// Only the facets of a whole 年度 (課題と特性: person_traits_store.cpp).
Status ReadYearFacets(SqlConnection& connection, MunicipalityId tenant, int fiscal_year, domain::Facets& out);

std::unique_ptr<domain::ReportAggregates> MakeReportAggregates(SqlExecutor& executor, MunicipalityId tenant);

}  // namespace kasane::storage
