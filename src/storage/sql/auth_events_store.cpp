// SPDX-License-Identifier: Apache-2.0
// Sign-in events (domain::AuthEventRepository).

#include "storage/sql/sql_repositories.hpp"

#include <algorithm>
#include <charconv>
#include <string>
#include <utility>

#include "storage/sql/account_support.hpp"

namespace kasane::storage {
namespace {

// ---------------------------------------------------------------------------------------------------------------
// Auth events

Result<AuthEvent> AuthEventFromRow(const SqlRow& row) {
    auto id = row.Integer(0);
    auto kind_code = row.Text(1);
    auto username = row.Text(4);
    auto remote_address = row.Text(5);
    auto at = row.Time(6);
    if (!id || !kind_code || !username || !remote_address || !at) return Fail(Error::Internal());
    auto kind = domain::ParseAuthEventKind(*kind_code);
    if (!kind) return Fail(Error::Internal());
    return AuthEvent{.id = *id,
                     .kind = *kind,
                     .municipality_id = row.OptionalId<MunicipalityId>(2),
                     .user_id = row.OptionalId<UserId>(3),
                     .username = std::move(*username),
                     .remote_address = std::move(*remote_address),
                     .at = *at};
}

class SqlAuthEventRepository final : public domain::AuthEventRepository {
public:
    SqlAuthEventRepository(SqlExecutor& executor, MunicipalityId tenant) : executor_(executor), tenant_(tenant) {}

    Result<std::vector<AuthEvent>> ListRecent(int limit) override {
        if (limit < 0) return Fail(Error::InvalidArgument("件数は0以上で指定してください", "limit"));
        using List = std::vector<AuthEvent>;
        return ReadInto<List>(executor_, [&](SqlConnection& connection, List& out) -> Status {
            auto result = connection.Execute(kListRecentAuthEvents, {tenant_, std::int64_t{limit}});
            if (!result) return Fail(result.error());
            for (const auto& values : result->rows) {
                auto event = AuthEventFromRow(SqlRow(values));
                if (!event) return Fail(event.error());
                out.push_back(std::move(*event));
            }
            return {};
        });
    }

private:
    SqlExecutor& executor_;
    MunicipalityId tenant_;
};

}  // namespace

std::unique_ptr<domain::AuthEventRepository> MakeAuthEventRepository(SqlExecutor& executor, MunicipalityId tenant) {
    return std::make_unique<SqlAuthEventRepository>(executor, tenant);
}

}  // namespace kasane::storage
