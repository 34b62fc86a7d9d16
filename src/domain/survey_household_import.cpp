// SPDX-License-Identifier: Apache-2.0
// 世帯名簿の取り込み (issue 15, item 2): a campaign's household list brought in from a file — CSV in UTF-8 or
// Shift_JIS, or XLSX — through the lists' shared machinery (list_upload.hpp): kept for a dry run that shows every
// row's error with its row number, then imported in one transaction while no row has an error, each household
// audited with the file's SHA-256. A household already on its 自治会's list (the same address and 世帯主) is left, so
// that importing the same file again adds nothing. Who may: whoever sets up the campaign (MayRunSurvey).

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "domain/access_policy.hpp"
#include "domain/household_survey_service.hpp"
#include "domain/intake_support.hpp"
#include "domain/list_upload.hpp"
#include "domain/survey_household_import.hpp"

namespace kasane::domain {

namespace {

// An area of the town (HouseholdSurveyService::Area hides the type's name in its members).
using AreaRecord = Area;

struct Columns {
    std::optional<std::size_t> address;
    std::optional<std::size_t> head;
    std::optional<std::size_t> area;
};

Columns ColumnsOf(const std::vector<std::string>& header) {
    Columns columns;
    for (std::size_t i = 0; i < header.size(); ++i) {
        if (!columns.address && HeaderIs(header[i], {"住所", "所在地", "世帯の住所", "住所(町字・番地)"})) {
            columns.address = i;
        } else if (!columns.head &&
                   HeaderIs(header[i], {"世帯主", "世帯主氏名", "世帯主名", "世帯主の氏名", "氏名", "名前"})) {
            columns.head = i;
        } else if (!columns.area &&
                   HeaderIs(header[i], {"自治会", "自治会名", "町内会", "町内会名", "地区", "地区名"})) {
            columns.area = i;
        }
    }
    return columns;
}

// The key a household is matched by within its 自治会: the address and 世帯主 as compared (NFKC, trimmed).
using HouseholdKey = std::tuple<AreaId, std::string, std::string>;
HouseholdKey KeyOf(AreaId area, std::string_view address, std::string_view head) {
    return {area, CleanedCell(address), CleanedCell(head)};
}

Status RequireRunner(HouseholdSurveyService& service, const Actor& actor) {
    auto may_run = service.MayRun(actor);
    if (!may_run) return Fail(may_run.error());
    if (!*may_run) return Fail(Error::PermissionDenied("世帯名簿を取り込めるのは調査を運営する町の担当課の職員です"));
    return {};
}

}  // namespace

Result<SurveyHouseholdImportPlan> PlanHouseholdRows(const Table& table, const std::vector<Area>& areas,
                                                    const std::vector<SurveyHousehold>& on_list,
                                                    std::optional<AreaId> default_area) {
    std::map<std::string, const AreaRecord*> by_name;
    std::map<AreaId, const AreaRecord*> by_id;
    for (const AreaRecord& area : areas) {
        if (area.kind != AreaKind::kNeighborhood) continue;
        by_id[area.id] = &area;
        if (area.active) by_name.emplace(CleanedCell(area.name), &area);
    }
    const AreaRecord* fallback = nullptr;
    if (default_area) {
        const auto found = by_id.find(*default_area);
        if (found == by_id.end() || !found->second->active) {
            return Fail(Error::InvalidArgument("取り込み先の自治会を選んでください", "area_id"));
        }
        fallback = found->second;
    }
    SurveyHouseholdImportPlan plan{.table_name = table.name};
    const Columns columns = ColumnsOf(table.header);
    if (!columns.address) {
        return Fail(Error::InvalidArgument(
            "住所の列（見出し「住所」）が見つかりません（見出しは" + std::to_string(table.header_line) + "行目）",
            "file"));
    }
    std::set<HouseholdKey> listed;
    for (const SurveyHousehold& household : on_list) {
        listed.insert(KeyOf(household.area_id, household.address, household.head_name));
    }
    std::map<HouseholdKey, int> seen;  // → the first line naming it
    auto cell = [](const TableRow& row, std::optional<std::size_t> column) -> std::string_view {
        if (!column || *column >= row.cells.size()) return {};
        return row.cells[*column];
    };
    for (const TableRow& row : table.rows) {
        SurveyHouseholdImportRow out{.line = row.line,
                                     .address = TrimmedCell(cell(row, columns.address)),
                                     .head_name = TrimmedCell(cell(row, columns.head))};
        std::vector<std::string> problems;
        const AreaRecord* area = fallback;
        if (const std::string area_cell = CleanedCell(cell(row, columns.area)); !area_cell.empty()) {
            const auto found = by_name.find(area_cell);
            if (found == by_name.end()) {
                problems.push_back("自治会「" + TrimmedCell(cell(row, columns.area)) + "」はこの町にありません");
                area = nullptr;
            } else {
                area = found->second;
            }
        } else if (area == nullptr) {
            problems.emplace_back("自治会がありません（自治会の列に書くか、取り込み先の自治会を選んでください）");
        }
        if (area != nullptr) {
            out.area_id = area->id;
            out.area_name = area->name;
        }
        const SurveyHousehold candidate{.area_id = out.area_id, .address = out.address, .head_name = out.head_name};
        if (auto valid = ValidateSurveyHousehold(candidate); !valid) problems.push_back(valid.error().message);
        const HouseholdKey key = KeyOf(out.area_id, out.address, out.head_name);
        if (problems.empty()) {
            if (const auto first = seen.find(key); first != seen.end()) {
                problems.push_back("同じ自治会・住所・世帯主の行が" + std::to_string(first->second) +
                                   "行目にもあります");
            } else {
                seen[key] = row.line;
            }
        }
        if (!problems.empty()) {
            for (const std::string& problem : problems) out.error += (out.error.empty() ? "" : "／") + problem;
            ++plan.errors;
        } else if (listed.contains(key)) {
            out.existing = true;
            ++plan.existing;
        } else {
            ++plan.to_create;
        }
        plan.rows.push_back(std::move(out));
    }
    if (plan.rows.empty()) return Fail(Error::InvalidArgument("取り込む行がありません", "file"));
    return plan;
}

Result<std::int64_t> HouseholdSurveyService::UploadHouseholdList(const Actor& actor, SurveyCampaignId id,
                                                                 std::string_view file_name, std::string_view bytes) {
    if (auto allowed = RequireRunner(*this, actor); !allowed) return Fail(allowed.error());
    auto campaign = store_.Tenant(actor.Tenant())->HouseholdSurveys().GetCampaign(id);
    if (!campaign) return Fail(intake_support::Hidden(campaign.error()));
    return KeepListUpload(store_, clock_, actor.principal, file_name, bytes, kMaxHouseholdListBytes, "households.csv");
}

Result<SurveyHouseholdImportPlan> HouseholdSurveyService::PlanHouseholdImport(const Actor& actor, SurveyCampaignId id,
                                                                              std::int64_t upload_id,
                                                                              std::optional<AreaId> default_area) {
    if (auto allowed = RequireRunner(*this, actor); !allowed) return Fail(allowed.error());
    auto tenant = store_.Tenant(actor.Tenant());
    auto campaign = tenant->HouseholdSurveys().GetCampaign(id);
    if (!campaign) return Fail(intake_support::Hidden(campaign.error()));
    auto areas = tenant->Areas().List(AreaKind::kNeighborhood);
    if (!areas) return Fail(areas.error());
    auto households = tenant->HouseholdSurveys().Households(id, std::nullopt);
    if (!households) return Fail(households.error());
    auto list = ReadListUpload(store_, actor.principal, upload_id);
    if (!list) return Fail(list.error());
    auto plan = PlanHouseholdRows(list->table, *areas, *households, default_area);
    if (!plan) return Fail(plan.error());
    plan->file_name = list->upload.file_name;
    plan->sha256 = list->upload.sha256;
    plan->encoding = list->encoding;
    return plan;
}

Result<SurveyHouseholdImportPlan> HouseholdSurveyService::ImportHouseholds(const Actor& actor, SurveyCampaignId id,
                                                                           std::int64_t upload_id,
                                                                           std::optional<AreaId> default_area) {
    auto plan = PlanHouseholdImport(actor, id, upload_id, default_area);
    if (!plan) return Fail(plan.error());
    if (auto refused = RefuseWhileRowsHaveErrors(plan->errors); !refused) return Fail(refused.error());
    const Instant now = clock_.Now();
    const Status written = store_.Transaction([&](Store& transaction) -> Status {
        auto in = transaction.Tenant(actor.Tenant());
        std::vector<AuditEntry> entries;
        for (const SurveyHouseholdImportRow& row : plan->rows) {
            if (row.existing) continue;
            auto added = in->HouseholdSurveys().AddHousehold(SurveyHousehold{.campaign_id = id,
                                                                             .area_id = row.area_id,
                                                                             .address = row.address,
                                                                             .head_name = row.head_name,
                                                                             .origin = HouseholdOrigin::kList,
                                                                             .created_by = actor.principal.user.id,
                                                                             .created_at = now});
            if (!added) return Fail(added.error());
            AuditEntry entry = intake_support::EntryFor(actor, now, AuditAction::kCreate, "survey_household", added->id,
                                                        std::nullopt, "*");
            entry.basis = "survey_office";
            entry.basis_detail = "area:" + std::to_string(row.area_id);
            entry.detail = "import_sha256=" + plan->sha256 + " line=" + std::to_string(row.line);
            entries.push_back(std::move(entry));
        }
        AuditEntry summary = intake_support::EntryFor(actor, now, AuditAction::kUpdate, "survey_campaign", id,
                                                      std::nullopt, "households");
        summary.basis = "survey_office";
        summary.detail = "household_import added=" + std::to_string(plan->to_create) +
                         " existing=" + std::to_string(plan->existing) + " file=" + plan->file_name +
                         " import_sha256=" + plan->sha256;
        entries.push_back(std::move(summary));
        return in->Audit().Append(entries);
    });
    if (!written) return Fail(written.error());
    return plan;
}

}  // namespace kasane::domain
