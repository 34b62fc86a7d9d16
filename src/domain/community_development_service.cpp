// SPDX-License-Identifier: Apache-2.0
#include "domain/community_development_service.hpp"
#include "domain/access_policy.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "base/japan_time.hpp"
#include "domain/intake_support.hpp"

namespace kasane::domain {

using intake_support::AppendOne;
using intake_support::RecordEntry;

// The basis named in this service's audit entries.
constexpr std::string_view kAuditBasis = "community_editor";

namespace {

// Saves a record an editor wrote, stamped with who and when, and its audit entry in one transaction.
template <class Record>
Result<Record> SaveStamped(Store& store, const CommunityRepositories& repositories, const Actor& actor, Instant now,
                           Record record, Result<Record> (CommunityRepository::*save)(const Record&),
                           AuditAction action, std::string_view kind) {
    record.created_by = actor.principal.user.id;
    record.created_at = now;
    Record saved;
    const Status written = store.Transaction([&](Store& transaction) -> Status {
        auto in = transaction.Tenant(actor.Tenant());
        auto stored = (*repositories(*in).*save)(record);
        if (!stored) return Fail(stored.error());
        saved = std::move(*stored);
        return AppendOne(*in, RecordEntry(actor, now, action, kind, saved.id.value(), kAuditBasis));
    });
    if (!written) return Fail(written.error());
    return saved;
}

}  // namespace

CommunityDevelopmentService::CommunityDevelopmentService(Store& store, CommunityRepositories repositories,
                                                         const Clock& clock, ConsultationService& consultations,
                                                         CaseService& cases)
    : CommunityDevelopmentService(store, AggregateReads(store), std::move(repositories), clock, consultations, cases) {}

CommunityDevelopmentService::CommunityDevelopmentService(Store& store, AggregateReads aggregates,
                                                         CommunityRepositories repositories, const Clock& clock,
                                                         ConsultationService& consultations, CaseService& cases)
    : store_(store),
      aggregates_(std::move(aggregates)),
      repositories_(std::move(repositories)),
      clock_(clock),
      consultations_(consultations),
      cases_(cases) {}

Status CommunityDevelopmentService::CheckEditor(const Actor& actor) {
    auto kind = intake_support::OrganizationKindOf(store_, actor);
    if (!kind) return Fail(kind.error());
    if (!MayEditCommunityDevelopment(actor.principal, *kind)) {
        return Fail(Error::PermissionDenied("地域づくりの記録を編集できるのは町と社会福祉協議会の職員です"));
    }
    return {};
}

Status CommunityDevelopmentService::CheckRegisterReader(const Actor& actor) {
    if (!MayReadCommunityIssues(actor.principal)) {
        return Fail(Error::PermissionDenied("地域課題の台帳を見る権限がありません"));
    }
    return {};
}

Status CommunityDevelopmentService::CheckConsultationsReadable(const Actor& actor,
                                                               const std::vector<ConsultationId>& ids) {
    for (const ConsultationId id : ids) {
        auto consultation = consultations_.Get(actor, id);
        if (!consultation) {
            if (consultation.error().Is(ErrorCode::kNotFound)) {
                return Fail(Error::NotFound("相談 " + std::to_string(id.value()) + " が見つかりません"));
            }
            return Fail(consultation.error());
        }
    }
    return {};
}

Result<CommunityOverview> CommunityDevelopmentService::Overview(const Actor& actor,
                                                                std::optional<std::chrono::year_month> month,
                                                                std::optional<AreaId> area_id) {
    auto kind = intake_support::OrganizationKindOf(store_, actor);
    if (!kind) return Fail(kind.error());
    auto tenant = store_.Tenant(actor.Tenant());
    auto community = repositories_(*tenant);
    auto places = community->Places();
    if (!places) return Fail(places.error());
    auto sessions = community->Sessions(std::nullopt);
    if (!sessions) return Fail(sessions.error());
    auto workshops = community->Workshops();
    if (!workshops) return Fail(workshops.error());
    CommunityOverview overview;
    overview.may_edit = MayEditCommunityDevelopment(actor.principal, *kind);
    std::set<CommunityPlaceId> shown;
    for (CommunityPlace& place : *places) {
        if (area_id && place.area_id != area_id) continue;
        shown.insert(place.id);
        overview.places.push_back(std::move(place));
    }
    for (CommunitySession& session : *sessions) {
        if (shown.contains(session.place_id)) overview.sessions.push_back(std::move(session));
    }
    for (CommunityWorkshop& workshop : *workshops) {
        if (!area_id || workshop.area_id == *area_id) overview.workshops.push_back(std::move(workshop));
    }
    const Date today = TodayInJapan(clock_);
    overview.counts =
        CountCommunityMonth(month.value_or(today.year() / today.month()), overview.places, overview.sessions);
    return overview;
}

Result<CommunityPublicCounts> CommunityDevelopmentService::PublicCounts(const Actor& actor,
                                                                        const PublicCountsPeriod& period) {
    const Date today = TodayInJapan(clock_);
    if (auto valid = ValidatePublicCountsPeriod(period, today); !valid) return Fail(valid.error());
    // Places and their sessions' counts, nothing personal: read where the installation counts aggregates.
    return aggregates_.Run([&](Store& counting) -> Result<CommunityPublicCounts> {
        auto tenant = counting.Tenant(actor.Tenant());
        auto community = repositories_(*tenant);
        auto places = community->Places();
        if (!places) return Fail(places.error());
        auto sessions = community->Sessions(std::nullopt);
        if (!sessions) return Fail(sessions.error());
        return CountCommunityPublic(period, today, *places, *sessions);
    });
}

Result<CommunityPlace> CommunityDevelopmentService::GetPlace(const Actor& actor, CommunityPlaceId id) {
    auto tenant = store_.Tenant(actor.Tenant());
    return repositories_(*tenant)->GetPlace(id);
}

Result<CommunityPlace> CommunityDevelopmentService::SavePlace(const Actor& actor, const CommunityPlace& place) {
    if (auto editor = CheckEditor(actor); !editor) return Fail(editor.error());
    if (place.name.empty()) return Fail(Error::InvalidArgument("拠点の名称を入力してください", "name"));
    if (place.name.size() > 200) return Fail(Error::InvalidArgument("拠点の名称が長すぎます", "name"));
    if (place.note.size() > 4000) return Fail(Error::InvalidArgument("備考が長すぎます", "note"));
    return SaveStamped(store_, repositories_, actor, clock_.Now(), place, &CommunityRepository::SavePlace,
                       place.id.value() == 0 ? AuditAction::kCreate : AuditAction::kUpdate, "community_place");
}

Result<CommunitySession> CommunityDevelopmentService::AddSession(const Actor& actor, const CommunitySession& session) {
    if (auto editor = CheckEditor(actor); !editor) return Fail(editor.error());
    if (auto valid = ValidateSessionCounts(session); !valid) return Fail(valid.error());
    return SaveStamped(store_, repositories_, actor, clock_.Now(), session, &CommunityRepository::AddSession,
                       AuditAction::kCreate, "community_session");
}

Result<CommunityWorkshop> CommunityDevelopmentService::AddWorkshop(const Actor& actor,
                                                                   const CommunityWorkshop& workshop) {
    if (auto editor = CheckEditor(actor); !editor) return Fail(editor.error());
    if (auto valid = ValidateWorkshop(workshop); !valid) return Fail(valid.error());
    return SaveStamped(store_, repositories_, actor, clock_.Now(), workshop, &CommunityRepository::AddWorkshop,
                       AuditAction::kCreate, "community_workshop");
}

Result<CommunityRegister> CommunityDevelopmentService::Register(const Actor& actor, std::optional<AreaId> area_id) {
    if (auto reader = CheckRegisterReader(actor); !reader) return Fail(reader.error());
    auto kind = intake_support::OrganizationKindOf(store_, actor);
    if (!kind) return Fail(kind.error());
    auto tenant = store_.Tenant(actor.Tenant());
    auto community = repositories_(*tenant);
    auto issues = community->Issues();
    if (!issues) return Fail(issues.error());
    auto actions = community->Actions(std::nullopt);
    if (!actions) return Fail(actions.error());
    auto links = community->Links(std::nullopt);
    if (!links) return Fail(links.error());
    std::map<CommunityIssueId, std::vector<CommunityAction>> actions_of;
    for (CommunityAction& action : *actions) actions_of[action.issue_id].push_back(std::move(action));
    std::map<CommunityIssueId, long long> links_of;
    for (const IssueConsultationLink& link : *links) ++links_of[link.issue_id];
    auto resource_links = community->MissingResourceLinks(std::nullopt);
    if (!resource_links) return Fail(resource_links.error());
    std::map<CommunityIssueId, long long> resources_of;
    for (const IssueMissingResourceLink& link : *resource_links) ++resources_of[link.issue_id];
    CommunityRegister view;
    view.may_edit = MayEditCommunityDevelopment(actor.principal, *kind);
    for (CommunityIssue& issue : *issues) {
        if (area_id && issue.area_id != *area_id) continue;
        const CommunityIssueId id = issue.id;
        view.issues.push_back(IssueRow{.issue = std::move(issue),
                                       .actions = std::move(actions_of[id]),
                                       .linked_consultations = links_of[id],
                                       .linked_missing_resources = resources_of[id]});
    }
    return view;
}

Result<IssueView> CommunityDevelopmentService::GetIssue(const Actor& actor, CommunityIssueId id) {
    if (auto reader = CheckRegisterReader(actor); !reader) return Fail(reader.error());
    auto kind = intake_support::OrganizationKindOf(store_, actor);
    if (!kind) return Fail(kind.error());
    auto tenant = store_.Tenant(actor.Tenant());
    auto community = repositories_(*tenant);
    auto issue = community->GetIssue(id);
    if (!issue) return Fail(issue.error());
    auto actions = community->Actions(id);
    if (!actions) return Fail(actions.error());
    auto links = community->Links(id);
    if (!links) return Fail(links.error());
    IssueView view;
    view.may_edit = MayEditCommunityDevelopment(actor.principal, *kind);
    if (issue->workshop_id) {
        auto workshop = community->GetWorkshop(*issue->workshop_id);
        if (workshop) view.workshop = std::move(*workshop);
    }
    view.row = IssueRow{.issue = std::move(*issue),
                        .actions = std::move(*actions),
                        .linked_consultations = static_cast<long long>(links->size())};
    // Each consultation through the one read that asks the policy and audits it; a refusal is only counted.
    for (const IssueConsultationLink& link : *links) {
        auto consultation = consultations_.Get(actor, link.consultation_id);
        if (consultation) {
            view.consultations.push_back(std::move(*consultation));
        } else if (consultation.error().Is(ErrorCode::kNotFound)) {
            ++view.hidden_consultations;
        } else {
            return Fail(consultation.error());
        }
    }
    auto resource_links = community->MissingResourceLinks(id);
    if (!resource_links) return Fail(resource_links.error());
    view.row.linked_missing_resources = static_cast<long long>(resource_links->size());
    if (!resource_links->empty()) {
        // The gaps as the case meetings' list shows them to this reader (it hides the case and meeting a reader may
        // not open); a reader who may not list them sees the count only.
        auto listed = cases_.MissingResources(actor, ResourceListing::kAll);
        if (listed) {
            std::set<std::int64_t> linked;
            for (const IssueMissingResourceLink& link : *resource_links) linked.insert(link.missing_resource_id);
            for (MissingResource& resource : *listed) {
                if (linked.contains(resource.id)) view.missing_resources.push_back(std::move(resource));
            }
        } else if (!listed.error().Is(ErrorCode::kPermissionDenied)) {
            return Fail(listed.error());
        }
    }
    return view;
}

Result<CommunityIssue> CommunityDevelopmentService::AddIssue(const Actor& actor, const CommunityIssue& issue,
                                                             const std::vector<ConsultationId>& consultation_ids,
                                                             const std::vector<std::int64_t>& missing_resource_ids) {
    if (auto editor = CheckEditor(actor); !editor) return Fail(editor.error());
    if (auto valid = ValidateIssue(issue); !valid) return Fail(valid.error());
    std::vector<ConsultationId> unique = consultation_ids;
    std::ranges::sort(unique);
    unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
    if (auto readable = CheckConsultationsReadable(actor, unique); !readable) {
        Error error = readable.error();
        return Fail(error.Is(ErrorCode::kNotFound) ? Error::NotFound(error.message + "（consultation_ids）") : error);
    }
    std::set<std::int64_t> resources(missing_resource_ids.begin(), missing_resource_ids.end());
    if (!resources.empty()) {
        auto listed = cases_.MissingResources(actor, ResourceListing::kAll);
        if (!listed) return Fail(listed.error());
        std::set<std::int64_t> known;
        for (const MissingResource& resource : *listed) known.insert(resource.id);
        for (const std::int64_t id : resources) {
            if (!known.contains(id)) {
                return Fail(Error::NotFound("不足する社会資源 " + std::to_string(id) + " が見つかりません"));
            }
        }
    }
    const Instant now = clock_.Now();
    CommunityIssue saved;
    const Status written = store_.Transaction([&](Store& transaction) -> Status {
        auto in = transaction.Tenant(actor.Tenant());
        auto community = repositories_(*in);
        CommunityIssue record = issue;
        record.status = IssueStatus::kOpen;
        record.created_by = actor.principal.user.id;
        record.created_at = now;
        auto stored = community->AddIssue(record);
        if (!stored) return Fail(stored.error());
        saved = std::move(*stored);
        if (auto step = AppendOne(
                *in, RecordEntry(actor, now, AuditAction::kCreate, "community_issue", saved.id.value(), kAuditBasis));
            !step)
            return Fail(step.error());
        for (const ConsultationId consultation_id : unique) {
            if (auto step = community->LinkConsultation({.issue_id = saved.id,
                                                         .consultation_id = consultation_id,
                                                         .linked_by = actor.principal.user.id,
                                                         .linked_at = now});
                !step)
                return Fail(step.error());
            AuditEntry entry =
                RecordEntry(actor, now, AuditAction::kUpdate, "community_issue", saved.id.value(), kAuditBasis);
            entry.detail = "consultation:" + std::to_string(consultation_id.value());
            if (auto step = AppendOne(*in, std::move(entry)); !step) return Fail(step.error());
        }
        for (const std::int64_t resource_id : resources) {
            if (auto step = community->LinkMissingResource({.issue_id = saved.id,
                                                            .missing_resource_id = resource_id,
                                                            .linked_by = actor.principal.user.id,
                                                            .linked_at = now});
                !step)
                return Fail(step.error());
            AuditEntry entry =
                RecordEntry(actor, now, AuditAction::kUpdate, "community_issue", saved.id.value(), kAuditBasis);
            entry.detail = "missing_resource:" + std::to_string(resource_id);
            if (auto step = AppendOne(*in, std::move(entry)); !step) return Fail(step.error());
        }
        return {};
    });
    if (!written) return Fail(written.error());
    return saved;
}

Status CommunityDevelopmentService::LinkConsultation(const Actor& actor, CommunityIssueId issue_id,
                                                     ConsultationId consultation_id) {
    if (auto editor = CheckEditor(actor); !editor) return editor;
    if (auto readable = CheckConsultationsReadable(actor, {consultation_id}); !readable) return readable;
    const Instant now = clock_.Now();
    return store_.Transaction([&](Store& transaction) -> Status {
        auto in = transaction.Tenant(actor.Tenant());
        auto community = repositories_(*in);
        auto issue = community->GetIssue(issue_id);
        if (!issue) return Fail(issue.error());
        if (auto step = community->LinkConsultation({.issue_id = issue->id,
                                                     .consultation_id = consultation_id,
                                                     .linked_by = actor.principal.user.id,
                                                     .linked_at = now});
            !step)
            return Fail(step.error());
        AuditEntry entry =
            RecordEntry(actor, now, AuditAction::kUpdate, "community_issue", issue_id.value(), kAuditBasis);
        entry.detail = "consultation:" + std::to_string(consultation_id.value());
        return AppendOne(*in, std::move(entry));
    });
}

Result<CommunityAction> CommunityDevelopmentService::AddAction(const Actor& actor, const CommunityAction& action) {
    if (auto editor = CheckEditor(actor); !editor) return Fail(editor.error());
    const Instant now = clock_.Now();
    CommunityAction saved;
    const Status written = store_.Transaction([&](Store& transaction) -> Status {
        auto in = transaction.Tenant(actor.Tenant());
        auto community = repositories_(*in);
        auto issue = community->GetIssue(action.issue_id);
        if (!issue) return Fail(Error::NotFound("地域課題が見つかりません"));
        if (auto step = ValidateAction(action, *issue); !step) return Fail(step.error());
        if (action.place_id) {
            auto place = community->GetPlace(*action.place_id);
            if (!place) return Fail(Error::InvalidArgument("拠点が見つかりません", "place_id"));
        }
        CommunityAction record = action;
        record.created_by = actor.principal.user.id;
        record.created_at = now;
        auto stored = community->AddAction(record);
        if (!stored) return Fail(stored.error());
        saved = std::move(*stored);
        if (auto step = AppendOne(
                *in, RecordEntry(actor, now, AuditAction::kCreate, "community_action", saved.id.value(), kAuditBasis));
            !step)
            return Fail(step.error());
        if (action.effect == ActionEffect::kResolves) {
            if (auto step = community->SetIssueStatus(action.issue_id, IssueStatus::kClosed); !step)
                return Fail(step.error());
            if (auto step = AppendOne(*in, RecordEntry(actor, now, AuditAction::kUpdate, "community_issue",
                                                       action.issue_id.value(), kAuditBasis));
                !step)
                return Fail(step.error());
        }
        return {};
    });
    if (!written) return Fail(written.error());
    return saved;
}

}  // namespace kasane::domain
