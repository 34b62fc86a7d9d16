// SPDX-License-Identifier: Apache-2.0
#include "domain/household_survey_service.hpp"

#include <algorithm>
#include <map>

#include "base/japan_time.hpp"
#include "base/japanese_text.hpp"
#include "domain/access_policy.hpp"
#include "domain/intake_support.hpp"
#include "domain/referral_in_transaction.hpp"

namespace kasane::domain {

using intake_support::EntryFor;

bool SurveyHouseholdRow::Visited() const {
    return std::any_of(visits.begin(), visits.end(),
                       [](const SurveyVisit& visit) { return CountsAsVisited(visit.outcome); });
}

bool SurveyHouseholdRow::AwaitsRevisit() const {
    return !visits.empty() && visits.back().outcome == VisitOutcome::kAbsent;
}

struct HouseholdSurveyService::Context {
    SurveyCampaign campaign;
    OrganizationKind kind = OrganizationKind::kOther;
    std::vector<SurveyAssignment> assignments;
    bool may_run = false;

    std::optional<SurveyAssignment> AssignmentOf(AreaId area) const {
        for (const SurveyAssignment& assignment : assignments) {
            if (assignment.area_id == area) return assignment;
        }
        return std::nullopt;
    }
};

namespace {

AuditEntry SurveyAudit(const Actor& actor, Instant now, AuditAction action, std::string_view record_type,
                       std::int64_t id, AreaId area, const std::string& basis) {
    AuditEntry entry = EntryFor(actor, now, action, record_type, id, std::nullopt, "*");
    entry.basis = basis;
    entry.basis_detail = "area:" + std::to_string(area);
    return entry;
}

Error NotFoundSurvey() { return Error::NotFound("世帯訪問調査の記録が見つかりません"); }

// Whether a person under DV等支援措置 lives at a survey household's address (町字 and 番地): a person whose address
// key holds the household's, folded as the search folds them, found through the persons' address index. The number
// must end where the household's does (東浜1-1 is not 東浜1-10); an address typed differently is not found, and a
// building's rooms share the placeholder.
Result<bool> AtDvProtectedAddress(TenantStore& tenant, std::string_view address) {
    const std::string key = NormalizeForSearch(address);
    if (key.empty()) return false;
    auto hits = tenant.Persons().FindByGrams(Bigrams(key), PersonRepository::SearchField::kAddress, 500);
    if (!hits) return Fail(hits.error());
    return std::any_of(hits->begin(), hits->end(), [&](const PersonSearchHit& hit) {
        if (!hit.dv_protected) return false;
        const std::string& held = hit.keys.address_key;
        for (auto at = held.find(key); at != std::string::npos; at = held.find(key, at + 1)) {
            const std::size_t end = at + key.size();
            if (end == held.size() || held[end] < '0' || held[end] > '9') return true;
        }
        return false;
    });
}

void ShowPlaceholder(SurveyHousehold& household) {
    household.address = std::string(kDvProtectedAddress);
    household.head_name = std::string(kDvProtectedHead);
}

}  // namespace

HouseholdSurveyService::HouseholdSurveyService(Store& store, const Clock& clock, AuditRecorder& audit,
                                               ConsultationService& consultations)
    : store_(store), clock_(clock), audit_(audit), consultations_(consultations) {}

Result<HouseholdSurveyService::Context> HouseholdSurveyService::ContextOf(const Actor& actor, SurveyCampaignId id) {
    auto kind = intake_support::OrganizationKindOf(store_, actor);
    if (!kind) return Fail(kind.error());
    auto tenant = store_.Tenant(actor.Tenant());
    auto campaign = tenant->HouseholdSurveys().GetCampaign(id);
    if (!campaign) return Fail(intake_support::Hidden(campaign.error()));
    auto assignments = tenant->HouseholdSurveys().Assignments(id);
    if (!assignments) return Fail(assignments.error());
    Context context{.campaign = std::move(*campaign),
                    .kind = *kind,
                    .assignments = std::move(*assignments),
                    .may_run = MayRunSurvey(actor.principal, *kind)};
    return context;
}

Result<SurveyAssignmentRow> HouseholdSurveyService::RowOf(TenantStore& tenant, const SurveyAssignment& assignment) {
    SurveyAssignmentRow row{.assignment = assignment, .progress = {.area_id = assignment.area_id}};
    auto area = tenant.Areas().Get(assignment.area_id);
    if (!area) return Fail(area.error());
    row.area_name = area->name;
    row.area_households = area->households;
    if (assignment.body.organization_id) {
        auto organization = tenant.Organizations().Get(*assignment.body.organization_id);
        if (!organization) return Fail(organization.error());
        row.body_name = organization->name;
    } else if (assignment.body.volunteer_user_id) {
        auto user = tenant.Users().Get(*assignment.body.volunteer_user_id);
        if (!user) return Fail(user.error());
        row.body_name = "民生委員 " + user->display_name;
    } else {
        row.body_name = "（未割当）";
    }
    return row;
}

Result<bool> HouseholdSurveyService::MayRun(const Actor& actor) {
    auto kind = intake_support::OrganizationKindOf(store_, actor);
    if (!kind) return Fail(kind.error());
    return MayRunSurvey(actor.principal, *kind);
}

Result<std::vector<SurveyCampaign>> HouseholdSurveyService::Campaigns(const Actor& actor) {
    auto kind = intake_support::OrganizationKindOf(store_, actor);
    if (!kind) return Fail(kind.error());
    auto tenant = store_.Tenant(actor.Tenant());
    auto campaigns = tenant->HouseholdSurveys().Campaigns();
    if (!campaigns) return Fail(campaigns.error());
    if (MayRunSurvey(actor.principal, *kind)) return campaigns;
    std::vector<SurveyCampaign> visible;
    for (SurveyCampaign& campaign : *campaigns) {
        auto assignments = tenant->HouseholdSurveys().Assignments(campaign.id);
        if (!assignments) return Fail(assignments.error());
        const bool assigned = std::any_of(assignments->begin(), assignments->end(), [&](const SurveyAssignment& a) {
            return SurveyAreaAccess(actor.principal, *kind, a).allowed;
        });
        if (assigned) visible.push_back(std::move(campaign));
    }
    return visible;
}

Result<SurveyCampaign> HouseholdSurveyService::CreateCampaign(const Actor& actor, SurveyCampaign campaign) {
    auto kind = intake_support::OrganizationKindOf(store_, actor);
    if (!kind) return Fail(kind.error());
    if (!MayRunSurvey(actor.principal, *kind)) {
        return Fail(Error::PermissionDenied("世帯訪問調査を始められるのは町の担当課の職員です"));
    }
    if (campaign.items.empty()) campaign.items = DefaultSurveyForm();
    if (auto valid = ValidateCampaign(campaign); !valid) return Fail(valid.error());
    const Instant now = clock_.Now();
    campaign.created_by = actor.principal.user.id;
    campaign.created_at = now;
    SurveyCampaign saved;
    const Status written = store_.Transaction([&](Store& transaction) -> Status {
        auto in = transaction.Tenant(actor.Tenant());
        auto created = in->HouseholdSurveys().CreateCampaign(campaign);
        if (!created) return Fail(created.error());
        saved = std::move(*created);
        std::vector<AuditEntry> entries{
            SurveyAudit(actor, now, AuditAction::kCreate, "survey_campaign", saved.id, 0, "survey_office")};
        return in->Audit().Append(entries);
    });
    if (!written) return Fail(written.error());
    return saved;
}

Result<SurveyCampaign> HouseholdSurveyService::ReviseForm(const Actor& actor, SurveyCampaignId id,
                                                          const std::vector<SurveyFormItem>& items) {
    auto context = ContextOf(actor, id);
    if (!context) return Fail(context.error());
    if (!context->may_run) return Fail(Error::PermissionDenied("調査票を改めるのは町の担当課の職員です"));
    if (auto valid = ValidateForm(items); !valid) return Fail(valid.error());
    const Instant now = clock_.Now();
    SurveyCampaign saved;
    const Status written = store_.Transaction([&](Store& transaction) -> Status {
        auto in = transaction.Tenant(actor.Tenant());
        auto revised = in->HouseholdSurveys().ReviseForm(id, items);
        if (!revised) return Fail(revised.error());
        saved = std::move(*revised);
        AuditEntry entry = SurveyAudit(actor, now, AuditAction::kUpdate, "survey_campaign", id, 0, "survey_office");
        entry.detail = "form_version:" + std::to_string(saved.form_version);
        std::vector<AuditEntry> entries{std::move(entry)};
        return in->Audit().Append(entries);
    });
    if (!written) return Fail(written.error());
    return saved;
}

Status HouseholdSurveyService::Assign(const Actor& actor, const SurveyAssignment& assignment) {
    auto context = ContextOf(actor, assignment.campaign_id);
    if (!context) return Fail(context.error());
    if (!context->may_run) return Fail(Error::PermissionDenied("自治会を割り当てるのは町の担当課の職員です"));
    auto tenant = store_.Tenant(actor.Tenant());
    auto area = tenant->Areas().Get(assignment.area_id);
    if (!area || area->kind != AreaKind::kNeighborhood) {
        return Fail(Error::InvalidArgument("割り当てる自治会を選んでください", "area_id"));
    }
    if (assignment.body.organization_id.has_value() == assignment.body.volunteer_user_id.has_value()) {
        return Fail(Error::InvalidArgument("訪問する機関か民生委員のどちらか一方を選んでください", "organization_id"));
    }
    if (assignment.body.organization_id) {
        if (!tenant->Organizations().Get(*assignment.body.organization_id)) {
            return Fail(Error::InvalidArgument("訪問する機関がこの自治体にありません", "organization_id"));
        }
    } else {
        auto user = tenant->Users().Get(*assignment.body.volunteer_user_id);
        if (!user || !user->HasRole(Role::kWelfareVolunteer)) {
            return Fail(Error::InvalidArgument("訪問する委員に選べるのは民生委員です", "volunteer_user_id"));
        }
    }
    const Instant now = clock_.Now();
    return store_.Transaction([&](Store& transaction) -> Status {
        auto in = transaction.Tenant(actor.Tenant());
        if (auto assigned = in->HouseholdSurveys().Assign(assignment); !assigned) return assigned;
        AuditEntry entry = SurveyAudit(actor, now, AuditAction::kUpdate, "survey_campaign", assignment.campaign_id,
                                       assignment.area_id, "survey_office");
        entry.detail = assignment.body.organization_id
                           ? "assigned_organization:" + std::to_string(*assignment.body.organization_id)
                           : "assigned_commissioner:" + std::to_string(*assignment.body.volunteer_user_id);
        std::vector<AuditEntry> entries{std::move(entry)};
        return in->Audit().Append(entries);
    });
}

Result<SurveyOverview> HouseholdSurveyService::Overview(const Actor& actor, SurveyCampaignId id) {
    auto context = ContextOf(actor, id);
    if (!context) return Fail(context.error());
    auto tenant = store_.Tenant(actor.Tenant());
    // The progress of every area in one query; the viewer is shown only the areas the policy opens.
    auto progress = tenant->HouseholdSurveys().Progress(id);
    if (!progress) return Fail(progress.error());
    SurveyOverview overview{.campaign = context->campaign, .may_run = context->may_run, .areas = {}, .bodies = {}};
    std::map<AreaId, AreaProgress> by_area;
    for (const AreaProgress& row : *progress) by_area[row.area_id] = row;
    for (const SurveyAssignment& assignment : context->assignments) {
        if (!SurveyAreaAccess(actor.principal, context->kind, assignment).allowed) continue;
        auto row = RowOf(*tenant, assignment);
        if (!row) return Fail(row.error());
        if (const auto found = by_area.find(assignment.area_id); found != by_area.end()) row->progress = found->second;
        auto body = std::find_if(overview.bodies.begin(), overview.bodies.end(),
                                 [&](const BodyProgress& b) { return b.body == assignment.body; });
        if (body == overview.bodies.end()) {
            overview.bodies.push_back(BodyProgress{.body = assignment.body, .body_name = row->body_name});
            body = std::prev(overview.bodies.end());
        }
        body->areas += 1;
        body->households += row->progress.households;
        body->visited += row->progress.visited;
        body->revisit += row->progress.revisit;
        overview.areas.push_back(std::move(*row));
    }
    if (!context->may_run && overview.areas.empty()) return Fail(NotFoundSurvey());
    return overview;
}

Result<SurveyAreaView> HouseholdSurveyService::Area(const Actor& actor, SurveyCampaignId id, AreaId area_id) {
    auto context = ContextOf(actor, id);
    if (!context) return Fail(context.error());
    const auto assignment = context->AssignmentOf(area_id);
    const ActivityAccess access = SurveyAreaAccess(actor.principal, context->kind, assignment);
    if (!access.allowed) return Fail(NotFoundSurvey());
    auto tenant = store_.Tenant(actor.Tenant());
    auto area = tenant->Areas().Get(area_id);
    if (!area || area->kind != AreaKind::kNeighborhood) return Fail(NotFoundSurvey());
    SurveyAreaView view{.campaign = context->campaign, .basis = access.basis, .may_run = context->may_run};
    auto row = RowOf(*tenant, assignment.value_or(SurveyAssignment{.campaign_id = id, .area_id = area_id}));
    if (!row) return Fail(row.error());
    view.area = std::move(*row);
    auto& surveys = tenant->HouseholdSurveys();
    auto households = surveys.Households(id, area_id);
    if (!households) return Fail(households.error());
    auto notes = surveys.HearingNotes(id, area_id);
    if (!notes) return Fail(notes.error());
    auto visits = surveys.Visits(id, area_id);
    if (!visits) return Fail(visits.error());
    std::map<SurveyHouseholdId, std::size_t> index;
    for (SurveyHousehold& household : *households) {
        index[household.id] = view.rows.size();
        view.rows.push_back(SurveyHouseholdRow{.household = std::move(household), .notes = {}, .visits = {}});
    }
    for (SurveyHearingNote& note : *notes) {
        if (const auto found = index.find(note.household_id); found != index.end()) {
            view.rows[found->second].notes.push_back(std::move(note));
        }
    }
    for (SurveyVisit& visit : *visits) {
        if (const auto found = index.find(visit.household_id); found != index.end()) {
            view.rows[found->second].visits.push_back(std::move(visit));
        }
    }
    if (!SeesDvProtectedSurveyHousehold(actor.principal, context->kind)) {
        std::map<std::string, bool> protected_at;  // by address: households of one building share it
        for (SurveyHouseholdRow& household_row : view.rows) {
            auto found = protected_at.find(household_row.household.address);
            if (found == protected_at.end()) {
                auto dv = AtDvProtectedAddress(*tenant, household_row.household.address);
                if (!dv) return Fail(dv.error());
                found = protected_at.emplace(household_row.household.address, *dv).first;
            }
            if (!found->second) continue;
            household_row.dv_placeholder = true;
            ShowPlaceholder(household_row.household);
        }
    }
    const Instant now = clock_.Now();
    for (const SurveyHouseholdRow& household_row : view.rows) {
        audit_.Record(SurveyAudit(actor, now, AuditAction::kRead, "survey_household", household_row.household.id,
                                  area_id, access.basis));
    }
    int visited = 0;
    int revisit = 0;
    for (const SurveyHouseholdRow& household_row : view.rows) {
        visited += household_row.Visited() ? 1 : 0;
        revisit += household_row.AwaitsRevisit() ? 1 : 0;
    }
    view.area.progress = {
        .area_id = area_id, .households = static_cast<int>(view.rows.size()), .visited = visited, .revisit = revisit};
    return view;
}

Result<SurveyHousehold> HouseholdSurveyService::AddHousehold(const Actor& actor, SurveyHousehold household) {
    auto context = ContextOf(actor, household.campaign_id);
    if (!context) return Fail(context.error());
    const ActivityAccess access =
        SurveyAreaAccess(actor.principal, context->kind, context->AssignmentOf(household.area_id));
    if (!access.allowed) {
        return Fail(
            Error::InvalidArgument("この自治会の訪問を割り当てられていないため、世帯を加えられません", "area_id"));
    }
    auto area = store_.Tenant(actor.Tenant())->Areas().Get(household.area_id);
    if (!area || area->kind != AreaKind::kNeighborhood) {
        return Fail(Error::InvalidArgument("自治会を選んでください", "area_id"));
    }
    if (auto valid = ValidateSurveyHousehold(household); !valid) return Fail(valid.error());
    const Instant now = clock_.Now();
    household.created_by = actor.principal.user.id;
    household.created_at = now;
    SurveyHousehold saved;
    const Status written = store_.Transaction([&](Store& transaction) -> Status {
        auto in = transaction.Tenant(actor.Tenant());
        auto added = in->HouseholdSurveys().AddHousehold(household);
        if (!added) return Fail(added.error());
        saved = std::move(*added);
        std::vector<AuditEntry> entries{
            SurveyAudit(actor, now, AuditAction::kCreate, "survey_household", saved.id, saved.area_id, access.basis)};
        return in->Audit().Append(entries);
    });
    if (!written) return Fail(written.error());
    return saved;
}

Result<SurveyHearingNote> HouseholdSurveyService::AddHearingNote(const Actor& actor, SurveyCampaignId id,
                                                                 SurveyHearingNote note) {
    auto context = ContextOf(actor, id);
    if (!context) return Fail(context.error());
    auto household = store_.Tenant(actor.Tenant())->HouseholdSurveys().GetHousehold(note.household_id);
    if (!household || household->campaign_id != id) return Fail(NotFoundSurvey());
    const ActivityAccess access =
        SurveyAreaAccess(actor.principal, context->kind, context->AssignmentOf(household->area_id));
    if (!access.allowed) return Fail(NotFoundSurvey());
    if (note.note.empty()) return Fail(Error::InvalidArgument("聞き取った内容を入力してください", "note"));
    if (auto valid = ValidateFreeText(note.note, "note", 1000); !valid) return Fail(valid.error());
    const Instant now = clock_.Now();
    note.recorded_by = actor.principal.user.id;
    note.recorded_at = now;
    SurveyHearingNote saved;
    const Status written = store_.Transaction([&](Store& transaction) -> Status {
        auto in = transaction.Tenant(actor.Tenant());
        auto added = in->HouseholdSurveys().AddHearingNote(note);
        if (!added) return Fail(added.error());
        saved = std::move(*added);
        std::vector<AuditEntry> entries{SurveyAudit(actor, now, AuditAction::kCreate, "survey_hearing_note", saved.id,
                                                    household->area_id, access.basis)};
        return in->Audit().Append(entries);
    });
    if (!written) return Fail(written.error());
    return saved;
}

Result<SurveyVisit> HouseholdSurveyService::RecordVisit(const Actor& actor, SurveyCampaignId id,
                                                        const VisitInput& input) {
    auto context = ContextOf(actor, id);
    if (!context) return Fail(context.error());
    return RecordIn(actor, *context, input, nullptr);
}

Result<SurveyVisit> HouseholdSurveyService::RecordIn(const Actor& actor, const Context& context,
                                                     const VisitInput& input, const std::string* idempotency_key) {
    const SurveyCampaignId id = context.campaign.id;
    auto household = store_.Tenant(actor.Tenant())->HouseholdSurveys().GetHousehold(input.household_id);
    if (!household || household->campaign_id != id) {
        return Fail(Error::InvalidArgument("この世帯は訪問先の自治会の名簿にありません", "household_id"));
    }
    // The body a visit is made for is the one assigned to the area the visitor works from; the town's staff enter
    // a paper sheet for the body assigned.
    const auto assignment = context.AssignmentOf(input.area_id);
    std::optional<VisitingBody> body;
    if (assignment) body = AssignedBodyOf(actor.principal, *assignment);
    if (!body && assignment && context.may_run) body = assignment->body;
    const ActivityAccess access = SurveyAreaAccess(actor.principal, context.kind, assignment);
    if (!access.allowed && household->area_id != input.area_id) {
        return Fail(Error::InvalidArgument("この世帯は訪問先の自治会の名簿にありません", "household_id"));
    }
    const Instant now = clock_.Now();
    auto outcome = CheckVisit(context.campaign, *household,
                              body ? BodyAssignment::kAssigned : BodyAssignment::kNotAssigned, input, JstDate(now));
    if (!outcome) return Fail(outcome.error());
    SurveyVisit visit{.campaign_id = id,
                      .household_id = household->id,
                      .area_id = household->area_id,
                      .visited_on = input.visited_on,
                      .visitors = input.visitors,
                      .outcome = *outcome,
                      .form_version = context.campaign.form_version,
                      .answers = input.answers,
                      .notice = input.notice,
                      .body = *body,
                      .recorded_by = actor.principal.user.id,
                      .recorded_at = now};
    SurveyVisit saved;
    const Status written = store_.Transaction([&](Store& transaction) -> Status {
        auto in = transaction.Tenant(actor.Tenant());
        auto added = in->HouseholdSurveys().AddVisit(visit);
        if (!added) return Fail(added.error());
        saved = std::move(*added);
        if (idempotency_key != nullptr) {
            const SyncedVisit synced{.idempotency_key = *idempotency_key, .visit_id = saved.id, .version = 1};
            if (auto kept = in->HouseholdSurveys().RecordSyncedVisit(synced, actor.principal.user.id, now); !kept) {
                return kept;
            }
        }
        AuditEntry entry =
            SurveyAudit(actor, now, AuditAction::kCreate, "survey_visit", saved.id, saved.area_id, access.basis);
        entry.detail = "household:" + std::to_string(saved.household_id);
        if (idempotency_key != nullptr) entry.detail += ";offline:" + *idempotency_key;
        std::vector<AuditEntry> entries{std::move(entry)};
        return in->Audit().Append(entries);
    });
    if (!written) return Fail(written.error());
    return saved;
}

Result<std::vector<OfflineSyncResult>> HouseholdSurveyService::SyncVisits(const Actor& actor, SurveyCampaignId id,
                                                                          const std::vector<OfflineVisit>& visits) {
    auto context = ContextOf(actor, id);
    if (!context) return Fail(context.error());
    const bool reads_any =
        context->may_run ||
        std::any_of(context->assignments.begin(), context->assignments.end(), [&](const SurveyAssignment& assignment) {
            return SurveyAreaAccess(actor.principal, context->kind, assignment).allowed;
        });
    if (!reads_any) return Fail(NotFoundSurvey());
    std::vector<OfflineSyncResult> results;
    results.reserve(visits.size());
    for (const OfflineVisit& offline : visits) results.push_back(SyncOne(actor, *context, offline));
    return results;
}

OfflineSyncResult HouseholdSurveyService::SyncOne(const Actor& actor, const Context& context,
                                                  const OfflineVisit& offline) {
    OfflineSyncResult result{.idempotency_key = offline.idempotency_key};
    auto refuse = [&result](const Error& error) {
        result.status = OfflineSyncStatus::kRefused;
        result.refusal = error;
        return result;
    };
    if (auto valid = ValidateIdempotencyKey(offline.idempotency_key); !valid) return refuse(valid.error());
    auto tenant = store_.Tenant(actor.Tenant());
    auto& surveys = tenant->HouseholdSurveys();
    auto synced = surveys.FindSyncedVisit(offline.idempotency_key);
    if (!synced) return refuse(synced.error());
    if (*synced) {
        result.status = OfflineSyncStatus::kAlreadySynced;
        result.visit_id = (*synced)->visit_id;
        result.version = (*synced)->version;
        return result;
    }
    if (offline.visit_id) return SyncChange(actor, context, offline);
    auto recorded = RecordIn(actor, context, offline.input, &offline.idempotency_key);
    if (!recorded) {
        // A resend that raced the first send: the key is kept now, the second transaction rolled back.
        if (recorded.error().Is(ErrorCode::kConflict) && recorded.error().field == "idempotency_key") {
            auto again = surveys.FindSyncedVisit(offline.idempotency_key);
            if (again && *again) {
                result.status = OfflineSyncStatus::kAlreadySynced;
                result.visit_id = (*again)->visit_id;
                result.version = (*again)->version;
                return result;
            }
        }
        return refuse(recorded.error());
    }
    result.status = OfflineSyncStatus::kRecorded;
    result.visit_id = recorded->id;
    result.version = recorded->version;
    return result;
}

OfflineSyncResult HouseholdSurveyService::SyncChange(const Actor& actor, const Context& context,
                                                     const OfflineVisit& offline) {
    OfflineSyncResult result{.idempotency_key = offline.idempotency_key, .visit_id = offline.visit_id};
    auto refuse = [&result](const Error& error) {
        result.status = OfflineSyncStatus::kRefused;
        result.refusal = error;
        return result;
    };
    auto tenant = store_.Tenant(actor.Tenant());
    auto& surveys = tenant->HouseholdSurveys();
    auto server = surveys.GetVisit(*offline.visit_id);
    if (!server || server->campaign_id != context.campaign.id) return refuse(NotFoundSurvey());
    // Only a visit the viewer reads as a whole is compared: a refusal looks like a missing record, and no value of
    // it is shown.
    const auto assignment = context.AssignmentOf(server->area_id);
    const ActivityAccess access = SurveyAreaAccess(actor.principal, context.kind, assignment);
    if (!access.allowed) return refuse(NotFoundSurvey());
    const VisitFields theirs = FieldsOfVisit(*server);
    const VisitMerge merge = MergeVisitEdit(offline.base, theirs, FieldsOfInput(offline.input));
    if (!merge.Clean()) {
        result.status = OfflineSyncStatus::kConflict;
        result.version = server->version;
        result.conflicts = merge.conflicts;
        result.server = theirs;
        audit_.Record(SurveyAudit(actor, clock_.Now(), AuditAction::kRead, "survey_visit", server->id, server->area_id,
                                  access.basis));
        return result;
    }
    auto input = InputOfFields(*server, merge.merged);
    if (!input) return refuse(input.error());
    auto household = surveys.GetHousehold(server->household_id);
    if (!household) return refuse(household.error());
    std::optional<VisitingBody> body;
    if (assignment) body = AssignedBodyOf(actor.principal, *assignment);
    if (!body && assignment && context.may_run) body = assignment->body;
    const Instant now = clock_.Now();
    auto outcome = CheckVisit(context.campaign, *household,
                              body ? BodyAssignment::kAssigned : BodyAssignment::kNotAssigned, *input, JstDate(now));
    if (!outcome) return refuse(outcome.error());
    SurveyVisit changed = *server;
    changed.visited_on = input->visited_on;
    changed.visitors = input->visitors;
    changed.outcome = *outcome;
    changed.notice = input->notice;
    changed.answers = input->answers;
    SurveyVisit saved;
    const Status written = store_.Transaction([&](Store& transaction) -> Status {
        auto in = transaction.Tenant(actor.Tenant());
        auto updated = in->HouseholdSurveys().UpdateVisit(changed, server->version);
        if (!updated) return Fail(updated.error());
        saved = std::move(*updated);
        const SyncedVisit synced{
            .idempotency_key = offline.idempotency_key, .visit_id = saved.id, .version = saved.version};
        if (auto kept = in->HouseholdSurveys().RecordSyncedVisit(synced, actor.principal.user.id, now); !kept) {
            return kept;
        }
        AuditEntry entry =
            SurveyAudit(actor, now, AuditAction::kUpdate, "survey_visit", saved.id, saved.area_id, access.basis);
        entry.detail = "version:" + std::to_string(saved.version) + ";offline:" + offline.idempotency_key;
        std::vector<AuditEntry> entries{std::move(entry)};
        return in->Audit().Append(entries);
    });
    if (!written) return refuse(written.error());
    result.status = OfflineSyncStatus::kRecorded;
    result.version = saved.version;
    return result;
}

Result<SurveyVisitView> HouseholdSurveyService::Visit(const Actor& actor, SurveyVisitId id) {
    auto tenant = store_.Tenant(actor.Tenant());
    auto visit = tenant->HouseholdSurveys().GetVisit(id);
    if (!visit) return Fail(intake_support::Hidden(visit.error()));
    auto context = ContextOf(actor, visit->campaign_id);
    if (!context) return Fail(context.error());
    const ActivityAccess access =
        SurveyAreaAccess(actor.principal, context->kind, context->AssignmentOf(visit->area_id));
    if (!access.allowed) return Fail(NotFoundSurvey());
    auto household = tenant->HouseholdSurveys().GetHousehold(visit->household_id);
    if (!household) return Fail(household.error());
    bool dv_placeholder = false;
    if (!SeesDvProtectedSurveyHousehold(actor.principal, context->kind)) {
        auto dv = AtDvProtectedAddress(*tenant, household->address);
        if (!dv) return Fail(dv.error());
        dv_placeholder = *dv;
        if (dv_placeholder) ShowPlaceholder(*household);
    }
    SurveyCampaign campaign = context->campaign;
    if (visit->form_version != campaign.form_version) {
        auto items = tenant->HouseholdSurveys().FormItems(campaign.id, visit->form_version);
        if (!items) return Fail(items.error());
        campaign.items = std::move(*items);
    }
    audit_.Record(
        SurveyAudit(actor, clock_.Now(), AuditAction::kRead, "survey_visit", visit->id, visit->area_id, access.basis));
    const bool may_connect = RecordsConsultations(actor.principal) && !visit->consultation_id && !dv_placeholder;
    return SurveyVisitView{.campaign = std::move(campaign),
                           .household = std::move(*household),
                           .dv_placeholder = dv_placeholder,
                           .visit = std::move(*visit),
                           .basis = access.basis,
                           .may_connect = may_connect,
                           .may_refer = may_connect && MaySendReferral(actor.principal)};
}

Result<SurveyConnection> HouseholdSurveyService::Connect(const Actor& actor, SurveyVisitId id,
                                                         std::optional<OrganizationId> refer_to) {
    auto view = Visit(actor, id);
    if (!view) return Fail(view.error());
    if (view->visit.consultation_id) {
        return Fail(Error::Conflict("この訪問からはもう相談を開いています", "consultation_id"));
    }
    if (view->dv_placeholder) {
        // The new person would carry the placeholder, or the protected address into the visitor's organisation.
        return Fail(Error::PermissionDenied(
            "支援措置のある世帯の訪問から相談を開くのは町の担当課です（気づきを町の担当課に伝えてください）"));
    }
    if (!RecordsConsultations(actor.principal)) {
        return Fail(Error::PermissionDenied("相談を記録する権限がありません"));
    }
    // A referral is checked before anything is written: the right to refer, and the receiving organisation.
    std::vector<WorryCategory> categories;
    if (refer_to) {
        if (auto valid = CheckReferralReceiver(store_, actor, *refer_to); !valid) return Fail(valid.error());
        auto offered = consultations_.Categories(actor);
        if (!offered) return Fail(offered.error());
        categories = std::move(*offered);
    }
    // The 世帯主 as the person (氏 and 名 split at the first space, when there is one), the address as its 町字・番地.
    PersonData person;
    const std::string& head = view->household.head_name;
    if (const auto space = head.find_first_of(' '); space != std::string::npos) {
        person.family_name = head.substr(0, space);
        person.given_name = head.substr(space + 1);
    } else if (const auto wide = head.find("　"); wide != std::string::npos) {
        person.family_name = head.substr(0, wide);
        person.given_name = head.substr(wide + std::string_view("　").size());
    } else {
        person.family_name = head;
    }
    if (head.empty()) person.unknown_reasons["name"] = UnknownReason::kNotAsked;
    person.address.town = view->household.address;
    const Date visited_on = view->visit.visited_on;
    IntakeRequest request;
    request.new_person = person;
    request.chief_complaint = ChiefComplaintFromVisit(view->campaign, view->visit);
    // Written field by field: g++ 12 takes a designated initializer's empty Caller for uninitialised strings.
    request.first_contact.occurred_at = StartOfJstDay(visited_on);
    request.first_contact.channel = Channel::kHomeVisit;
    request.first_contact.source = Source::kSelf;
    request.first_contact.summary =
        view->visit.notice.empty() ? std::string("世帯訪問調査での訪問") : view->visit.notice;
    request.first_contact.summary_tag = TextTag::kFact;
    const std::string basis = view->basis;
    std::optional<ReferralId> referral_id;
    request.within_transaction = [&](TenantStore& tenant, const Consultation& consultation,
                                     std::vector<AuditEntry>& entries) -> Status {
        if (auto linked = tenant.HouseholdSurveys().LinkConsultation(id, consultation.id); !linked) return linked;
        AuditEntry entry =
            SurveyAudit(actor, clock_.Now(), AuditAction::kUpdate, "survey_visit", id, view->visit.area_id, basis);
        entry.detail = "connected_consultation:" + std::to_string(consultation.id);
        if (refer_to) {
            const std::string reason =
                request.chief_complaint.empty() ? std::string("世帯訪問調査での訪問") : request.chief_complaint;
            auto sent = SendReferralInTransaction(actor, tenant, consultation, *refer_to, reason, categories,
                                                  clock_.Now(), entries);
            if (!sent) return Fail(sent.error());
            referral_id = sent->id;
            entry.detail += ",referral:" + std::to_string(sent->id);
        }
        entries.push_back(std::move(entry));
        return {};
    };
    auto consultation = consultations_.Record(actor, request);
    if (!consultation) return Fail(consultation.error());
    return SurveyConnection{.consultation = std::move(*consultation), .referral_id = referral_id};
}

}  // namespace kasane::domain
