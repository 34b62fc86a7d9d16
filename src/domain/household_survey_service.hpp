// SPDX-License-Identifier: Apache-2.0
#pragma once

// The use cases of 世帯訪問調査 (household_survey.hpp). Every decision of who reads or records what is the access
// policy's (MayRunSurvey, SurveyAreaAccess): the town's staff run a campaign and read every area; a body assigned to
// a 自治会 reads and records that area's households only. Every read of a household names it in the audit trail
// with its basis; every change is audited in its transaction.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/audit_recorder.hpp"
#include "domain/household_survey.hpp"
#include "domain/intake.hpp"
#include "domain/master_data.hpp"
#include "domain/repositories.hpp"
#include "domain/survey_household_import.hpp"
#include "domain/survey_offline_sync.hpp"

namespace kasane::domain {

// An assignment with the names shown for it.
struct SurveyAssignmentRow {
    SurveyAssignment assignment;
    std::string area_name;
    std::optional<int> area_households;  // the 自治会's own household count (Area::households)
    std::string body_name;               // the organisation, or 「民生委員 〇〇」
    AreaProgress progress;               // of the campaign's list in the area
};

// Progress of one body over the areas assigned to it.
struct BodyProgress {
    VisitingBody body;
    std::string body_name;
    int areas = 0;
    int households = 0;
    int visited = 0;
    int revisit = 0;
};

struct SurveyOverview {
    SurveyCampaign campaign;
    bool may_run = false;                    // the viewer runs the campaign (and sees every area)
    std::vector<SurveyAssignmentRow> areas;  // the areas the viewer may read, with their progress
    std::vector<BodyProgress> bodies;        // per body, over those areas
};

// What a visitor who may not read a DV-protected household (SeesDvProtectedSurveyHousehold) sees in its place.
inline constexpr std::string_view kDvProtectedAddress = "（支援措置のため住所は表示しません）";
inline constexpr std::string_view kDvProtectedHead = "（表示しません）";

struct SurveyHouseholdRow {
    SurveyHousehold household;  // address and 世帯主 replaced by the placeholders when `dv_placeholder`
    bool dv_placeholder = false;
    std::vector<SurveyHearingNote> notes;  // a note flags a 気になる世帯
    std::vector<SurveyVisit> visits;       // by date
    bool Flagged() const { return !notes.empty(); }
    bool Visited() const;        // a visit whose outcome is not 不在
    bool AwaitsRevisit() const;  // the last visit was 不在
};

struct SurveyAreaView {
    SurveyCampaign campaign;
    SurveyAssignmentRow area;
    std::vector<SurveyHouseholdRow> rows;
    std::string basis;  // the policy's basis for the viewer
    bool may_run = false;
};

struct SurveyVisitView {
    SurveyCampaign campaign;    // with the items of the version the visit used
    SurveyHousehold household;  // with the placeholders when `dv_placeholder`
    bool dv_placeholder = false;
    SurveyVisit visit;
    std::string basis;
    bool may_connect = false;  // the viewer records consultations and the visit has none yet
    bool may_refer = false;    // 「つなぐ」 may also refer it to an organisation (MaySendReferral)
};

// What 「つなぐ」 opened: the consultation, and the referral when the visit was referred to an organisation.
struct SurveyConnection {
    Consultation consultation;
    std::optional<ReferralId> referral_id;
};

class HouseholdSurveyService {
public:
    HouseholdSurveyService(Store& store, const Clock& clock, AuditRecorder& audit, ConsultationService& consultations);

    // Whether the viewer runs campaigns (MayRunSurvey): the set-up forms are offered to them only.
    Result<bool> MayRun(const Actor& actor);
    // The campaigns the viewer runs (all) or has an area assigned in. Empty for anyone else.
    Result<std::vector<SurveyCampaign>> Campaigns(const Actor& actor);
    // A new campaign (ValidateCampaign); the default form when `campaign.items` is empty. The town's staff only.
    Result<SurveyCampaign> CreateCampaign(const Actor& actor, SurveyCampaign campaign);
    // A new version of the form; visits entered before keep the version they used. The town's staff only.
    Result<SurveyCampaign> ReviseForm(const Actor& actor, SurveyCampaignId id,
                                      const std::vector<SurveyFormItem>& items);
    // Assigns a 自治会 to a body: an organisation of the town, or a 民生委員 (a user with that role). The town's
    // staff only. kInvalidArgument naming "area_id" / "organization_id" / "volunteer_user_id".
    Status Assign(const Actor& actor, const SurveyAssignment& assignment);
    // The campaign with the areas the viewer may read and the progress of each area and body (one query).
    // kNotFound when the viewer reads no area of it.
    Result<SurveyOverview> Overview(const Actor& actor, SurveyCampaignId id);
    // The visit list of one area: its households with hearing notes and visits. kNotFound when the viewer may not
    // read the area (a refusal looks like a missing record). A household at the address of a person under DV等支援措置
    // shows the placeholders (kDvProtectedAddress, kDvProtectedHead) to a viewer the policy does not let read it
    // (SeesDvProtectedSurveyHousehold); the same for Visit, and 「つなぐ」 from it is left to the town's staff.
    Result<SurveyAreaView> Area(const Actor& actor, SurveyCampaignId id, AreaId area_id);
    // A household added to an area's list (from a list, or on the doorstep).
    Result<SurveyHousehold> AddHousehold(const Actor& actor, SurveyHousehold household);
    // --- 世帯名簿の取り込み (survey_household_import.cpp): whoever sets up the campaign (MayRunSurvey) ---
    // The most bytes a household list may have.
    static constexpr std::size_t kMaxHouseholdListBytes = 5 * 1024 * 1024;
    // Keeps a household list (CSV in UTF-8 or Shift_JIS, or XLSX) for the dry run (KeepListUpload's refusals).
    // kPermissionDenied for a viewer who does not run the campaign; kNotFound for a campaign they cannot read.
    Result<std::int64_t> UploadHouseholdList(const Actor& actor, SurveyCampaignId id, std::string_view file_name,
                                             std::string_view bytes);
    // What the list would add, writing nothing: every row with its error and its row number. Columns (headers
    // matched after NFKC): 住所 (required), 世帯主 / 氏名, optionally 自治会 / 地区 (a 自治会 of the town by name);
    // other columns (世帯人数 …) are not read. A row without a 自治会 goes to `default_area` (a 自治会);
    // kInvalidArgument ("file") without an address column or rows.
    Result<SurveyHouseholdImportPlan> PlanHouseholdImport(const Actor& actor, SurveyCampaignId id,
                                                          std::int64_t upload_id, std::optional<AreaId> default_area);
    // The import: refused (kInvalidArgument, field "file", nothing written) while any row has an error; else the new
    // households in one transaction, each audited with the file's SHA-256. Households already on the list are left.
    Result<SurveyHouseholdImportPlan> ImportHouseholds(const Actor& actor, SurveyCampaignId id, std::int64_t upload_id,
                                                       std::optional<AreaId> default_area);
    // A hearing note (自治会長 / 民生委員) that flags a 気になる世帯 before the visit.
    Result<SurveyHearingNote> AddHearingNote(const Actor& actor, SurveyCampaignId id, SurveyHearingNote note);
    // A visit, on the doorstep or from the paper sheet: CheckVisit's rules, the body being the one assigned.
    Result<SurveyVisit> RecordVisit(const Actor& actor, SurveyCampaignId id, const VisitInput& input);
    Result<SurveyVisitView> Visit(const Actor& actor, SurveyVisitId id);
    // Visits a device sends back on the network (survey_offline_sync.hpp), each in its own transaction and audited
    // as an online visit is. A key synced already records nothing again (kAlreadySynced). A new visit follows
    // RecordVisit's rules; a change of a downloaded visit is merged with MergeVisitEdit — a conflict records nothing
    // and returns, per field, the server's and the device's values (the viewer reads the whole visit, or it is
    // refused as not found) — and, when clean, is checked by the same rules and stored with a new version. A visit
    // refused carries its reason; the device keeps it. kNotFound only when the viewer reads no area of the campaign.
    Result<std::vector<OfflineSyncResult>> SyncVisits(const Actor& actor, SurveyCampaignId id,
                                                      const std::vector<OfflineVisit>& visits);
    // 「つなぐ」: opens a consultation at the viewer's organisation pre-filled from the visit (世帯主 and address as a
    // new person, 気づき and 困りごと as the 主訴, a home visit as the first contact) and links the visit to it, in ONE
    // transaction (ConsultationService::Record with IntakeRequest::within_transaction). With `refer_to`, the same
    // transaction also sends the consultation's referral to that organisation (the 主訴 as the reason, the つなぐシート
    // from the new person: SendReferralInTransaction), checked first (CheckReferralReceiver: a caseworker or
    // coordinator, another organisation of the town). kConflict (field "consultation_id") when the visit has one.
    Result<SurveyConnection> Connect(const Actor& actor, SurveyVisitId id,
                                     std::optional<OrganizationId> refer_to = std::nullopt);

private:
    struct Context;
    Result<Context> ContextOf(const Actor& actor, SurveyCampaignId id);
    Result<SurveyAssignmentRow> RowOf(TenantStore& tenant, const SurveyAssignment& assignment);
    // RecordVisit's rules and its one transaction; with `idempotency_key`, the key is kept in the same transaction.
    Result<SurveyVisit> RecordIn(const Actor& actor, const Context& context, const VisitInput& input,
                                 const std::string* idempotency_key);
    OfflineSyncResult SyncOne(const Actor& actor, const Context& context, const OfflineVisit& offline);
    OfflineSyncResult SyncChange(const Actor& actor, const Context& context, const OfflineVisit& offline);

    Store& store_;
    const Clock& clock_;
    AuditRecorder& audit_;
    ConsultationService& consultations_;
};

}  // namespace kasane::domain
