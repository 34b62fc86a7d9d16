// SPDX-License-Identifier: Apache-2.0
// Missing social resources found in casework (domain::MissingResourceRepository).

#include "storage/sql/sql_repositories.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "base/log.hpp"

#include "storage/sql/case_support.hpp"

namespace kasane::storage {
namespace {

// ---------------------------------------------------------------------------------------------------------------
// Missing social resources

#define KASANE_RESOURCE_COLUMNS \
    "id, case_id, meeting_id, description, area_id, noted_on, addressed, addressed_note, recorded_by"

constexpr SqlStatement kInsertResource{
    "case_insert_resource",
    "INSERT INTO missing_resources (municipality_id, case_id, meeting_id, description, area_id, noted_on, addressed, "
    "addressed_note, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id"};
constexpr SqlStatement kSelectResource{"case_select_resource",
                                       "SELECT " KASANE_RESOURCE_COLUMNS
                                       " FROM missing_resources WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kSelectResources{
    "case_select_resources", "SELECT " KASANE_RESOURCE_COLUMNS
                             " FROM missing_resources WHERE municipality_id = $1 ORDER BY noted_on DESC, id DESC"};
constexpr SqlStatement kSelectOpenResources{
    "case_select_open_resources",
    "SELECT " KASANE_RESOURCE_COLUMNS
    " FROM missing_resources WHERE municipality_id = $1 AND NOT addressed ORDER BY noted_on DESC, id DESC"};
constexpr SqlStatement kSetResourceAddressed{
    "case_set_resource_addressed",
    "UPDATE missing_resources SET addressed = $3, addressed_note = $4 WHERE id = $1 AND municipality_id = $2"};

Result<MissingResource> ResourceFromRow(const SqlRow& row) {
    auto id = row.Integer(0);
    auto description = row.Text(3);
    auto noted_on = RequiredDate(row, 5);
    auto addressed = row.Boolean(6);
    auto addressed_note = row.Text(7);
    auto recorded_by = row.Integer(8);
    if (!id || !description || !noted_on || !addressed || !addressed_note || !recorded_by) {
        return Fail(Corrupt("missing_resource"));
    }
    return MissingResource{.id = *id,
                           .case_id = row.OptionalId<domain::CaseId>(1),
                           .meeting_id = row.OptionalId<domain::MeetingId>(2),
                           .description = std::move(*description),
                           .area_id = row.OptionalInteger(4),
                           .noted_on = *noted_on,
                           .addressed = *addressed,
                           .addressed_note = std::move(*addressed_note),
                           .recorded_by = UserId{*recorded_by}};
}

Status ReadResource(SqlConnection& connection, MunicipalityId tenant, MissingResourceId id, MissingResource& out) {
    return ReadOneRow(connection, kSelectResource, id, tenant, ResourceFromRow,
                      "不足する社会資源の記録が見つかりません", "missing_resource_id", out);
}

// ---------------------------------------------------------------------------------------------------------------
// Repositories

class SqlMissingResourceRepository final : public domain::MissingResourceRepository, TenantRepository {
public:
    using TenantRepository::TenantRepository;

    Result<MissingResource> Create(const MissingResource& resource) override {
        const std::string noted_on = DateText(resource.noted_on);
        return WriteInto<MissingResource>([&](SqlConnection& connection, MissingResource& out) -> Status {
            if (resource.case_id) KASANE_TRY(CaseExists(connection, tenant_, *resource.case_id));
            if (resource.meeting_id) {
                KASANE_TRY(Exists(connection, kMeetingExists, *resource.meeting_id, tenant_, "会議が見つかりません",
                                  "meeting_id"));
            }
            if (resource.area_id) {
                KASANE_TRY(
                    Exists(connection, kAreaExists, *resource.area_id, tenant_, "地区が見つかりません", "area_id"));
            }
            KASANE_TRY(Exists(connection, kUserExists, resource.recorded_by, tenant_, "記録者が見つかりません",
                              "recorded_by"));
            KASANE_ASSIGN(inserted,
                          connection.Execute(kInsertResource,
                                             {tenant_, IdOrNull(resource.case_id), IdOrNull(resource.meeting_id),
                                              resource.description, IdOrNull(resource.area_id), noted_on,
                                              resource.addressed, resource.addressed_note, resource.recorded_by}));
            KASANE_ASSIGN(id, IdOf(*inserted));
            return ReadResource(connection, tenant_, *id, out);
        });
    }

    Result<std::vector<MissingResource>> List(domain::ResourceListing listing) override {
        using Resources = std::vector<MissingResource>;
        return ReadInto<Resources>([&](SqlConnection& connection, Resources& out) -> Status {
            KASANE_ASSIGN(result,
                          connection.Execute(
                              listing == domain::ResourceListing::kOpenOnly ? kSelectOpenResources : kSelectResources,
                              {tenant_}));
            for (const auto& values : result->rows) {
                KASANE_ASSIGN(resource, ResourceFromRow(SqlRow(values)));
                out.push_back(std::move(*resource));
            }
            return {};
        });
    }

    Result<MissingResource> SetAddressed(MissingResourceId id, domain::ResourceState state,
                                         std::string_view note) override {
        return WriteInto<MissingResource>([&](SqlConnection& connection, MissingResource& out) -> Status {
            KASANE_ASSIGN(updated, connection.Execute(kSetResourceAddressed,
                                                      {id, tenant_, state == domain::ResourceState::kAddressed, note}));
            if (updated->affected_rows == 0) {
                return Fail(NotFoundField("不足する社会資源の記録が見つかりません", "missing_resource_id"));
            }
            return ReadResource(connection, tenant_, id, out);
        });
    }
};

}  // namespace

std::unique_ptr<domain::MissingResourceRepository> MakeMissingResourceRepository(SqlExecutor& executor,
                                                                                 MunicipalityId tenant) {
    return std::make_unique<SqlMissingResourceRepository>(executor, tenant);
}

}  // namespace kasane::storage
