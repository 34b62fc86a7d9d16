// SPDX-License-Identifier: Apache-2.0
// The administrators' acknowledgements of alerts (domain::AlertAcknowledgementRepository).

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

#include "storage/sql/sharing_support.hpp"

namespace kasane::storage {
namespace {

class SqlAlertAcknowledgementRepository final : public domain::AlertAcknowledgementRepository, TenantRepository {
public:
    using TenantRepository::TenantRepository;

    Status Acknowledge(domain::AlertKind kind, std::int64_t subject_id, UserId administrator_id) override {
        return executor_.Write([&](SqlConnection& connection) -> Status {
            return InsertAlertAcknowledgement(connection, tenant_, kind, subject_id, administrator_id);
        });
    }

    Result<std::map<std::int64_t, UserId>> List(domain::AlertKind kind) override {
        using Acknowledged = std::map<std::int64_t, UserId>;
        return ReadInto<Acknowledged>([&](SqlConnection& connection, Acknowledged& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(kListAlertAcknowledgements,
                                                     {tenant_, std::string(domain::AlertKindCode(kind))}));
            for (const auto& values : result->rows) {
                const SqlRow row(values);
                auto subject_id = row.Integer(0);
                auto administrator_id = row.Integer(1);
                if (!subject_id || !administrator_id) return Fail(Corrupt("alert_acknowledgement"));
                out[*subject_id] = UserId{*administrator_id};
            }
            return {};
        });
    }
};

}  // namespace

std::unique_ptr<domain::AlertAcknowledgementRepository> MakeAlertAcknowledgementRepository(SqlExecutor& executor,
                                                                                           MunicipalityId tenant) {
    return std::make_unique<SqlAlertAcknowledgementRepository>(executor, tenant);
}

}  // namespace kasane::storage
