// SPDX-License-Identifier: Apache-2.0
// Emergency accesses (緊急時の閲覧) (domain::EmergencyAccessRepository).

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

// ---------------------------------------------------------------------------------------------------------------
// Emergency access

// The acknowledgement lives in alert_acknowledgements (migration 9), the one mechanism of the administrators'
// alerts; emergency_accesses.acknowledged_by is no longer written (migration 9 copied it over).
#define KASANE_EMERGENCY_ACKNOWLEDGEMENT                                                            \
    "(SELECT a.acknowledged_by FROM alert_acknowledgements a"                                       \
    " WHERE a.municipality_id = emergency_accesses.municipality_id AND a.kind = 'emergency_access'" \
    " AND a.subject_id = emergency_accesses.id)"
#define KASANE_EMERGENCY_COLUMNS                                                     \
    "id, municipality_id, person_id, user_id, organization_id, reason, granted_at, " \
    "expires_at, " KASANE_EMERGENCY_ACKNOWLEDGEMENT

constexpr SqlStatement kInsertEmergency{
    "sharing_insert_emergency",
    "INSERT INTO emergency_accesses (municipality_id, person_id, user_id, organization_id, reason, granted_at, "
    "expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id"};
constexpr SqlStatement kSelectEmergency{"sharing_select_emergency",
                                        "SELECT " KASANE_EMERGENCY_COLUMNS
                                        " FROM emergency_accesses WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kListEmergencies{
    "sharing_list_emergencies",
    "SELECT " KASANE_EMERGENCY_COLUMNS
    " FROM emergency_accesses WHERE municipality_id = $1 ORDER BY granted_at DESC, id DESC LIMIT $2"};
constexpr SqlStatement kListUnacknowledgedEmergencies{
    "sharing_list_unacknowledged_emergencies",
    "SELECT " KASANE_EMERGENCY_COLUMNS
    " FROM emergency_accesses WHERE municipality_id = $1 AND " KASANE_EMERGENCY_ACKNOWLEDGEMENT
    " IS NULL "
    "ORDER BY granted_at DESC, id DESC LIMIT $2"};

Result<EmergencyAccess> EmergencyFromRow(const SqlRow& row) {
    auto id = row.Integer(0);
    auto municipality_id = row.Integer(1);
    auto person_id = row.Integer(2);
    auto user_id = row.Integer(3);
    auto organization_id = row.Integer(4);
    auto reason = row.Text(5);
    auto granted_at = row.Time(6);
    auto expires_at = row.Time(7);
    if (!id || !municipality_id || !person_id || !user_id || !organization_id || !reason || !granted_at ||
        !expires_at) {
        return Fail(Corrupt("emergency_access"));
    }
    return EmergencyAccess{.id = *id,
                           .municipality_id = MunicipalityId{*municipality_id},
                           .person_id = domain::PersonId{*person_id},
                           .user_id = UserId{*user_id},
                           .organization_id = OrganizationId{*organization_id},
                           .reason = std::move(*reason),
                           .granted_at = *granted_at,
                           .expires_at = *expires_at,
                           .acknowledged_by = row.OptionalId<UserId>(8)};
}

Status ReadEmergency(SqlConnection& connection, MunicipalityId tenant, EmergencyAccessId id, EmergencyAccess& out) {
    return ReadOneRow(connection, kSelectEmergency, id, tenant, EmergencyFromRow, "緊急時閲覧の記録が見つかりません",
                      "emergency_access_id", out);
}

class SqlEmergencyAccessRepository final : public domain::EmergencyAccessRepository, TenantRepository {
public:
    using TenantRepository::TenantRepository;

    Result<EmergencyAccess> Create(const EmergencyAccess& access) override {
        if (access.expires_at < access.granted_at) {
            return Fail(Error::InvalidArgument("閲覧期限が開始時刻より前です", "expires_at"));
        }
        const std::string granted_at = FormatIso8601(access.granted_at);
        const std::string expires_at = FormatIso8601(access.expires_at);
        return WriteInto<EmergencyAccess>([&](SqlConnection& connection, EmergencyAccess& out) -> Status {
            KASANE_TRY(Exists(connection, kPersonExists, access.person_id, tenant_, "本人の記録が見つかりません",
                              "person_id"));
            KASANE_TRY(Exists(connection, kUserExists, access.user_id, tenant_, "利用者が見つかりません", "user_id"));
            KASANE_TRY(Exists(connection, kOrganizationExists, access.organization_id, tenant_, "機関が見つかりません",
                              "organization_id"));
            KASANE_ASSIGN(inserted, connection.Execute(kInsertEmergency, {tenant_, access.person_id, access.user_id,
                                                                          access.organization_id, access.reason,
                                                                          granted_at, expires_at}));
            KASANE_ASSIGN(id, IdOf(*inserted));
            return ReadEmergency(connection, tenant_, *id, out);
        });
    }

    Result<std::vector<EmergencyAccess>> List(domain::AlertListing listing, int limit) override {
        if (limit < 0) return Fail(Error::InvalidArgument("件数は0以上で指定してください", "limit"));
        using Accesses = std::vector<EmergencyAccess>;
        return ReadInto<Accesses>([&](SqlConnection& connection, Accesses& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(listing == domain::AlertListing::kUnacknowledgedOnly
                                                         ? kListUnacknowledgedEmergencies
                                                         : kListEmergencies,
                                                     {tenant_, std::int64_t{limit}}));
            for (const auto& values : result->rows) {
                KASANE_ASSIGN(access, EmergencyFromRow(SqlRow(values)));
                out.push_back(std::move(*access));
            }
            return {};
        });
    }

    // Acknowledging twice would overwrite who reviewed it first: kConflict, field "acknowledged_by".
    Result<EmergencyAccess> Acknowledge(EmergencyAccessId id, UserId administrator_id) override {
        return WriteInto<EmergencyAccess>([&](SqlConnection& connection, EmergencyAccess& out) -> Status {
            KASANE_TRY(ReadEmergency(connection, tenant_, id, out));
            KASANE_TRY(InsertAlertAcknowledgement(connection, tenant_, domain::AlertKind::kEmergencyAccess, id,
                                                  administrator_id));
            return ReadEmergency(connection, tenant_, id, out);
        });
    }
};

}  // namespace

std::unique_ptr<domain::EmergencyAccessRepository> MakeEmergencyAccessRepository(SqlExecutor& executor,
                                                                                 MunicipalityId tenant) {
    return std::make_unique<SqlEmergencyAccessRepository>(executor, tenant);
}

}  // namespace kasane::storage
