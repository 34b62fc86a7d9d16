// SPDX-License-Identifier: Apache-2.0
#include "domain/change_policy.hpp"

#include <algorithm>

#include "base/json.hpp"

namespace kasane::domain {

namespace {

template <class T>
bool Contains(const std::vector<T>& values, const T& value) {
    return std::find(values.begin(), values.end(), value) != values.end();
}

bool IsAdministrator(const Principal& principal) { return principal.HasRole(Role::kMunicipalAdministrator); }

bool VolunteerOnly(const Principal& principal) {
    return principal.HasRole(Role::kWelfareVolunteer) && !IsProfessional(principal);
}

// The lead of an open case about the person (or the person's household).
bool LeadsOpenCase(const Viewer& viewer, const PersonAccessFacts& facts) {
    const OrganizationId organization_id = viewer.principal.user.organization_id;
    return std::any_of(facts.case_teams.begin(), facts.case_teams.end(), [&](const CaseTeamFact& team) {
        return team.lead && team.active && team.organization_id == organization_id;
    });
}

ChangeDecision Allow(std::string basis) {
    return ChangeDecision{.outcome = ChangeDecision::Outcome::kAllowed, .reason = {}, .basis = std::move(basis)};
}

ChangeDecision Refuse(std::string reason) {
    return ChangeDecision{.outcome = ChangeDecision::Outcome::kRefused, .reason = std::move(reason), .basis = {}};
}

constexpr std::string_view kHolderOnly =
    "を変更できるのは、本人の記録を保有する機関（記録を作成した機関、名寄せ後は名寄せを行った町の担当課）と"
    "ケースの主担当機関です。変更が必要なときは保有機関に依頼してください";

// 重層的支援会議 decides 終結 (さぬき市 要綱 第2条; 大山町: 支援決定及び終結の判断) — recorded through the meeting's
// decision — and otherwise the case's lead, its coordinator and the holder of the person's record close it.
ChangeDecision DecideCaseChange(const Viewer& viewer, const PersonAccessFacts& facts, const ChangeTarget& target,
                                std::string_view what) {
    const Principal& principal = viewer.principal;
    if (!IsProfessional(principal)) return Refuse(std::string(what) + "を変更する権限がありません");
    if (target.case_lead_organization_id != 0 && target.case_lead_organization_id == principal.user.organization_id) {
        return Allow("case_lead");
    }
    if (target.case_coordinator_user_id && *target.case_coordinator_user_id == principal.user.id &&
        principal.HasRole(Role::kCoordinator)) {
        return Allow("case_coordinator");
    }
    if (HoldsPrimaryRecord(viewer, facts)) return Allow("holder");
    return Refuse(std::string(what) +
                  "を変更できるのは、ケースの主担当機関、ケースを担当する推進員と本人の記録を保有する機関です");
}

}  // namespace

std::string_view ChangeKindCode(ChangeKind kind) {
    switch (kind) {
        case ChangeKind::kIdentity: return "identity";
        case ChangeKind::kAddressAndContact: return "address_and_contact";
        case ChangeKind::kHousehold: return "household";
        case ChangeKind::kDvProtectionOn: return "dv_protection_on";
        case ChangeKind::kDvProtectionOff: return "dv_protection_off";
        case ChangeKind::kCaseStatus: return "case_status";
        case ChangeKind::kCaseClosure: return "case_closure";
        case ChangeKind::kNotes: return "notes";
        case ChangeKind::kAssignedActions: return "assigned_actions";
    }
    return "";
}

Status ChangeDecision::AsStatus() const {
    switch (outcome) {
        case Outcome::kAllowed: return {};
        case Outcome::kRefused: return Fail(Error::PermissionDenied(reason));
        case Outcome::kHidden: return Fail(Error::NotFound());
    }
    return Fail(Error::NotFound());
}

bool HoldsPrimaryRecord(const Viewer& viewer, const PersonAccessFacts& facts) {
    return facts.holder_organization_id != 0 && facts.holder_organization_id == viewer.principal.user.organization_id;
}

ChangeDecision DecideChange(const Viewer& viewer, const PersonAccessFacts& facts, const AccessDecision& access,
                            ChangeKind kind, const ChangeTarget& target) {
    const Principal& principal = viewer.principal;
    // DV等支援措置: a named DV staff member or the municipality's administrator may lift the protection. The
    // administrator has no case content by right of the role (sharing-rules.md), so this is the one change that does
    // not need a read of the record.
    if (kind == ChangeKind::kDvProtectionOff) {
        if (Contains(facts.dv_named_staff, principal.user.id) && IsProfessional(principal) &&
            access.level != ViewLevel::kNone) {
            return Allow("dv_named_staff");
        }
        if (IsAdministrator(principal)) return Allow("administrator");
        if (access.level == ViewLevel::kNone || access.level == ViewLevel::kReferralSheet) return {};
        return Refuse("DV等支援措置の解除は、指定されたDV担当職員または管理者だけが行えます");
    }

    // A record the viewer may not read is not there: the refusal must not say that it exists.
    if (access.level == ViewLevel::kNone || access.level == ViewLevel::kReferralSheet) return {};

    switch (kind) {
        case ChangeKind::kDvProtectionOff: break;  // decided above
        case ChangeKind::kDvProtectionOn:
            // 保護は誤りにならない: any professional who may see the person may protect the address at once.
            if (IsProfessional(principal)) return Allow("professional");
            return Refuse("DV等支援措置の設定は相談支援員・推進員が行います");

        case ChangeKind::kIdentity:
        case ChangeKind::kAddressAndContact:
        case ChangeKind::kHousehold: {
            const std::string_view what = kind == ChangeKind::kIdentity ? "本人の氏名・生年月日などの基本情報"
                                          : kind == ChangeKind::kAddressAndContact ? "住所・連絡先"
                                                                                   : "世帯の構成";
            if (access.level != ViewLevel::kFull) return Refuse(std::string(what) + std::string(kHolderOnly));
            if (kind == ChangeKind::kAddressAndContact && !access.address_and_contact) {
                return Refuse("DV等支援措置の対象者の住所・連絡先は、指定された担当職員だけが変更できます");
            }
            if (VolunteerOnly(principal)) {
                // 民生委員 change their own entries (sharing-rules.md): a person they entered for their organisation.
                if (HoldsPrimaryRecord(viewer, facts) && Contains(facts.recording_users, principal.user.id)) {
                    return Allow("entered_by_user");
                }
                return Refuse(std::string(what) + std::string(kHolderOnly));
            }
            if (!IsProfessional(principal)) return Refuse(std::string(what) + "を変更する権限がありません");
            if (HoldsPrimaryRecord(viewer, facts)) return Allow("holder");
            if (LeadsOpenCase(viewer, facts)) return Allow("case_lead");
            return Refuse(std::string(what) + std::string(kHolderOnly));
        }

        case ChangeKind::kCaseStatus:
            if (access.level != ViewLevel::kFull) return Refuse("ケースの状態を変更する権限がありません");
            return DecideCaseChange(viewer, facts, target, "ケースの状態");
        case ChangeKind::kCaseClosure:
            if (access.level != ViewLevel::kFull) return Refuse("ケースを終結する権限がありません");
            return DecideCaseChange(viewer, facts, target, "ケースの終結");

        case ChangeKind::kNotes:
        case ChangeKind::kAssignedActions: {
            // A partner works on its part: its own notes, the actions assigned to it; the lead and the holder too.
            const std::string_view what = kind == ChangeKind::kNotes ? "経過記録" : "支援内容";
            if (!IsProfessional(principal) || access.level != ViewLevel::kFull) {
                return Refuse(std::string(what) + "を記録する権限がありません");
            }
            const OrganizationId organization_id = principal.user.organization_id;
            if (target.owner_organization_id == 0 || target.owner_organization_id == organization_id) {
                return Allow("own_part");
            }
            if (target.case_lead_organization_id == organization_id) return Allow("case_lead");
            if (HoldsPrimaryRecord(viewer, facts)) return Allow("holder");
            return Refuse(std::string(what) + "を変更できるのは、記録した機関・担当機関と主担当機関です");
        }
    }
    return {};
}

ChangeDecision DecideChange(const Viewer& viewer, const PersonAccessFacts& facts, ChangeKind kind, Instant now,
                            const ChangeTarget& target) {
    return DecideChange(viewer, facts, DecideAccess(viewer, facts, now), kind, target);
}

std::string_view ConsultationWorkCode(ConsultationWork work) {
    switch (work) {
        case ConsultationWork::kAddContact: return "add_contact";
        case ConsultationWork::kOutcome: return "outcome";
        case ConsultationWork::kCloseOrReopen: return "close_or_reopen";
        case ConsultationWork::kNextContact: return "next_contact";
        case ConsultationWork::kCancel: return "cancel";
        case ConsultationWork::kCancelContact: return "cancel_contact";
        case ConsultationWork::kJoinPerson: return "join_person";
    }
    return "";
}

ChangeDecision DecideConsultationWork(const Principal& principal, const Consultation& consultation,
                                      ConsultationWork work, const Contact* contact) {
    const bool records_consultations = principal.HasRole(Role::kCaseworker) || principal.HasRole(Role::kCoordinator) ||
                                       principal.HasRole(Role::kWelfareVolunteer);
    if (!records_consultations) return Refuse("相談を記録する権限がありません");
    if (work == ConsultationWork::kCancelContact && contact == nullptr) return {};
    const UserId user_id = principal.user.id;
    const OrganizationId organization_id = principal.user.organization_id;
    if (VolunteerOnly(principal)) {
        // 民生委員 change their own entries (sharing-rules.md).
        if (consultation.received_by_user_id != user_id)
            return Refuse("民生委員が変更できるのは、自分が受け付けた相談だけです");
        if (work == ConsultationWork::kCancelContact && contact->staff_user_id != user_id) {
            return Refuse("民生委員が取り消せるのは、自分が記録した対応だけです");
        }
        return Allow("entered_by_user");
    }
    if (work == ConsultationWork::kAddContact) return Allow("reader");
    if (consultation.receiving_organization_id == organization_id) return Allow("receiving_organization");
    if (principal.HasRole(Role::kCoordinator)) return Allow("coordinator");
    if (work == ConsultationWork::kCancelContact && contact->organization_id == organization_id) {
        return Allow("contact_organization");
    }
    if (work == ConsultationWork::kCancelContact) {
        return Refuse("対応記録を取り消せるのは、記録した機関・受け付けた機関と推進員です");
    }
    return Refuse(
        "対応結果・終了・再開・次回連絡予定・取消・本人の結び付けを記録できるのは、受け付けた機関と推進員です");
}

std::string_view CaseWorkCode(CaseWork work) {
    switch (work) {
        case CaseWork::kCaseRecord: return "case_record";
        case CaseWork::kPlan: return "plan";
        case CaseWork::kPlanAction: return "plan_action";
        case CaseWork::kAssessment: return "assessment";
        case CaseWork::kEcoMap: return "eco_map";
        case CaseWork::kEcoMapEntry: return "eco_map_entry";
        case CaseWork::kProgressNote: return "progress_note";
    }
    return "";
}

bool WorksOnCase(const Principal& principal, const SupportCase& support_case, Date today) {
    if (principal.HasRole(Role::kCoordinator)) return true;
    if (!principal.HasRole(Role::kCaseworker)) return false;
    const OrganizationId organization_id = principal.user.organization_id;
    if (support_case.lead_organization_id == organization_id) return true;
    return std::any_of(support_case.team.begin(), support_case.team.end(), [&](const TeamMember& member) {
        return member.organization_id == organization_id &&
               (!member.left_on || std::chrono::sys_days{*member.left_on} > std::chrono::sys_days{today});
    });
}

ChangeDecision DecideCaseWork(const Viewer& viewer, const AccessDecision& decision, const SupportCase& support_case,
                              CaseWork work, Date today, const CaseWorkTarget& target) {
    const Principal& principal = viewer.principal;
    // A case is shown only to a professional who sees its person in full (CaseService): anything less is not there.
    if (!IsProfessional(principal) || decision.level != ViewLevel::kFull) return {};
    const OrganizationId organization_id = principal.user.organization_id;
    const CasePart part = DecideCasePart(viewer, decision, support_case, today);
    const bool works = WorksOnCase(principal, support_case, today);
    constexpr std::string_view kMembersOnly = "このケースを変更できるのは主担当・チームの機関と推進員です";

    switch (work) {
        case CaseWork::kCaseRecord:
        case CaseWork::kPlan: {
            // sharing-rules.md: the coordinator changes "plans, meetings, case status as lead"; a partner agency
            // "their own notes, contacts and assigned actions". A partner reads only its own actions, so a plan it
            // rewrote would overwrite the other organisations' actions it cannot see; and the lead, the coordinator
            // and the team (with the roles a meeting agreed) are the case's, not a partner's, to change.
            if (!works) return Refuse(std::string(kMembersOnly));
            if (!part.whole) {
                return Refuse(work == CaseWork::kPlan
                                  ? "支援プランの作成・変更は、ケースの主担当機関と推進員が行います。"
                                    "担当する支援内容は、支援内容ごとに更新してください"
                                  : "ケースの基本情報・主担当・チームの変更は、ケースの主担当機関と推進員が行います");
            }
            return Allow(part.basis);
        }

        case CaseWork::kPlanAction: {
            // Another organisation's action is withheld from a partner (DecideCasePart): it is not there.
            if (target.action == nullptr || !part.ShowsAction(*target.action)) return {};
            const bool responsible = target.action->responsible_organization_id == organization_id;
            const bool lead = support_case.lead_organization_id == organization_id;
            const bool coordinator = principal.HasRole(Role::kCoordinator);
            if (!responsible && !lead && !coordinator) {
                return Refuse("この支援内容を更新できるのは担当機関・主担当機関・推進員です");
            }
            // Handing an action to another organisation is the plan's business (the lead's and the coordinator's):
            // a partner handing its own away would rewrite what it then no longer sees.
            if (!part.whole && target.new_responsible_organization_id != organization_id) {
                return Refuse("支援内容の担当機関を変更できるのは、ケースの主担当機関と推進員です");
            }
            return Allow(coordinator ? "coordinator" : lead ? "case_lead" : "assigned_organization");
        }

        case CaseWork::kAssessment:
        case CaseWork::kEcoMap:
            // The assessment and the eco-map drawn from it are given to a partner only for a role agreed at a
            // meeting (DecideCasePart): what a partner may not read, it does not write either.
            if (!works) return Refuse(std::string(kMembersOnly));
            if (!part.assessment) {
                return Refuse(std::string(work == CaseWork::kAssessment ? "アセスメント" : "エコマップ") +
                              "を記録できるのは、ケースの主担当機関・推進員と、会議で役割が合意されたチームの機関です");
            }
            return Allow(part.basis);

        case CaseWork::kEcoMapEntry:
            if (!part.assessment) return {};
            if (!works) return Refuse(std::string(kMembersOnly));
            return Allow(part.basis);

        case CaseWork::kProgressNote:
            if (works) return Allow(part.whole ? part.basis : "case_team");
            // sharing-rules.md, partner agency: it sees "referral sheets sent to them; the part of a case they work
            // on" and may change "their own notes, contacts and assigned actions" (issue 11, item 2: a partner that
            // accepts a referral reads "the notes it wrote"). A partner that accepted a referral works with the
            // person without joining the case team, so it writes its own progress notes on the person's case, and
            // reads only those (DecideCasePart: a partner reads the notes its organisation wrote). The basis is the
            // referral the viewer's full view rests on: accepted, in progress or completed — a referral still waiting
            // or declined opens no record, and so no case (DecideAccess).
            if (decision.basis == AccessBasis::kReferral && principal.HasRole(Role::kCaseworker)) {
                return Allow("referral_receiver");
            }
            return Refuse("経過記録を書けるのは、ケースの主担当・チームの機関、推進員と、つなぎを受理した機関です");
    }
    return {};
}

Status ValidateDvRemovalReason(std::string_view reason) {
    auto is_space_at = [&](std::size_t at, std::size_t& width) {
        if (reason[at] == ' ' || reason[at] == '\t' || reason[at] == '\n' || reason[at] == '\r') {
            width = 1;
            return true;
        }
        if (reason.substr(at, 3) == "\u3000") {
            width = 3;
            return true;
        }
        return false;
    };
    std::size_t begin = 0;
    std::size_t width = 0;
    while (begin < reason.size() && is_space_at(begin, width)) begin += width;
    std::size_t end = reason.size();
    while (end > begin) {
        // Step back over one trailing space: ASCII whitespace or U+3000 (E3 80 80).
        if (end - begin >= 3 && reason.substr(end - 3, 3) == "\u3000") {
            end -= 3;
        } else if (reason[end - 1] == ' ' || reason[end - 1] == '\t' || reason[end - 1] == '\n' ||
                   reason[end - 1] == '\r') {
            end -= 1;
        } else {
            break;
        }
    }
    const std::string_view trimmed = reason.substr(begin, end - begin);
    if (trimmed.size() > 4000) return Fail(Error::PayloadTooLarge("理由が長すぎます", "reason"));
    if (CodePointCount(trimmed) < static_cast<std::size_t>(kDvRemovalReasonMinimum)) {
        return Fail(
            Error::InvalidArgument("DV等支援措置を解除する理由を具体的に（10文字以上）入力してください", "reason"));
    }
    return {};
}

}  // namespace kasane::domain
