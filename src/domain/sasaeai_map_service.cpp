// SPDX-License-Identifier: Apache-2.0
#include "domain/sasaeai_map_service.hpp"

#include "base/japan_time.hpp"
#include "domain/commissioner_activity_service.hpp"
#include "domain/intake_support.hpp"

namespace kasane::domain {

namespace {

bool MayRecord(const Principal& principal) {
    return IsProfessional(principal) || principal.HasRole(Role::kMunicipalAdministrator);
}

}  // namespace

SasaeaiMapService::SasaeaiMapService(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

Result<SasaeaiMapOverview> SasaeaiMapService::Overview(const Actor& actor) {
    if (!CommissionerActivityService::MayOpen(actor.principal)) {
        return Fail(Error::PermissionDenied("支え愛マップの状況を見る権限がありません"));
    }
    auto tenant = store_.Tenant(actor.Tenant());
    auto areas = tenant->Areas().List(AreaKind::kNeighborhood);
    if (!areas) return Fail(areas.error());
    auto statuses = tenant->SasaeaiMaps().List();
    if (!statuses) return Fail(statuses.error());
    SasaeaiMapOverview overview{.may_record = MayRecord(actor.principal)};
    std::vector<AreaId> districts;
    for (const Area& area : *areas) {
        districts.push_back(area.id);
        SasaeaiMapRow row{.area = area, .status = {.area_id = area.id}};
        for (const SasaeaiMapStatus& status : *statuses) {
            if (status.area_id == area.id) row.status = status;
        }
        overview.rows.push_back(std::move(row));
    }
    overview.indicator = SasaeaiIndicatorOf(districts, *statuses);
    return overview;
}

Status SasaeaiMapService::Record(const Actor& actor, SasaeaiMapStatus status) {
    if (!MayRecord(actor.principal))
        return Fail(Error::PermissionDenied("支え愛マップの状況を記録する権限がありません"));
    const Instant now = clock_.Now();
    if (auto valid = ValidateSasaeaiMapStatus(status, JstDate(now)); !valid) return valid;
    auto area = store_.Tenant(actor.Tenant())->Areas().Get(status.area_id);
    if (!area || area->kind != AreaKind::kNeighborhood) {
        return Fail(Error::InvalidArgument("支え愛マップの地区は自治会です", "area_id"));
    }
    status.recorded_by = actor.principal.user.id;
    status.recorded_at = now;
    return store_.Transaction([&](Store& transaction) -> Status {
        auto in = transaction.Tenant(actor.Tenant());
        if (auto saved = in->SasaeaiMaps().Save(status); !saved) return saved;
        std::vector<AuditEntry> entries{intake_support::EntryFor(actor, now, AuditAction::kUpdate, "sasaeai_map",
                                                                 status.area_id, std::nullopt, "*")};
        return in->Audit().Append(entries);
    });
}

}  // namespace kasane::domain
