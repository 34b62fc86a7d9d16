// SPDX-License-Identifier: Apache-2.0
#pragma once

// The access policy, in one place. Pure functions of the viewer and the facts about a person, so that the
// permission matrix can be generated and tested exhaustively.

#include <optional>
#include <string>
#include <vector>

#include "domain/access.hpp"
#include "domain/auth.hpp"
#include "domain/commissioner_activity.hpp"
#include "domain/consultation.hpp"
#include "domain/consultation_book.hpp"
#include "domain/household_survey.hpp"
#include "domain/master_data.hpp"
#include "domain/outreach.hpp"
#include "domain/person.hpp"
#include "domain/referral.hpp"
#include "domain/support_case.hpp"

namespace kasane::domain {

struct Viewer {
    const Principal& principal;
    OrganizationKind organization_kind = OrganizationKind::kOther;
};

// 民生委員・児童委員 (and any volunteer role) without a professional role: the narrow rights of 民生委員法 第15条
// 「民生委員は、その職務を遂行するに当たつては、個人の人格を尊重し、その身上に関する秘密を守り…」 — they see what they
// entered, what was given to them by name, and what a meeting they attended shared; never the organisation's
// referrals, 要配慮 fields, meetings they did not attend, or the town's reports.
bool IsVolunteerOnly(const Principal& principal);

// Whether the person has a consent in force that covers the meeting body (the rule of 重層的支援会議 and of any body
// that shares only with consent).
bool ConsentCoversBody(const PersonAccessFacts& facts, MeetingBodyId body_id, Instant now);

// Whether a person may be on the agenda of (and an agenda item about them be read at) a meeting of the body: a body
// that shares without consent takes anyone; any other only persons whose consent in force covers it
// (重層的支援会議: 「本人の同意を得た事例について取り扱う」).
enum class BodyConsentRule { kConsentRequired, kSharesWithoutConsent };
BodyConsentRule ConsentRuleOf(bool shares_without_consent);
bool MayBeOnAgenda(BodyConsentRule rule, MeetingBodyId body_id, const PersonAccessFacts& facts, Instant now);
// The same for a meeting, under the stricter rule of its bodies when it is held jointly: every body that shares only
// with consent must be covered by a consent in force.
bool MayBeOnAgenda(const MeetingFact& meeting, const PersonAccessFacts& facts, Instant now);
// Whether a body of the meeting shares only with consent (so its agenda depends on consents).
bool SharesOnlyWithConsent(const MeetingFact& meeting);

// How a user reads a meeting's record (its agenda, summaries, decisions and papers).
enum class MeetingReader {
    kNone,      // looks exactly like "not found"
    kConvenor,  // the person who convened it (the 事務局 keeps its record)
    kMember,    // a person who took part under a pledge in force, within the body's sharing period
};
// 社会福祉法 第106条の6 binds the persons who take part. A meeting is read by those who attended and by the persons
// named as their organisation's members of the body — each with a confidentiality pledge for the body in force on
// the meeting date and not left since — and only while the body's sharing period since the meeting runs; not by
// everyone in a member organisation. A 民生委員 reads only meetings they attended in person (and pledged for).
MeetingReader MeetingReaderOf(const Principal& principal, const MeetingFact& meeting, Instant now);
// The body's sharing period since the meeting has not run out (counted in days in Japan, the last day included).
bool WithinSharingPeriod(const MeetingFact& meeting, Instant now);

// The operator of the installation (issue 14, item 3: a prefecture or vendor running many towns): the system
// administrator. The operator lists the towns with their health and adds towns (operator_console.hpp), and is
// refused every person: DecideAccess gives the role no basis (kNone, shown as "not found"), and the operator is no
// professional, so no list, search, case or meeting opens to them.
bool IsOperator(const Principal& principal);

// May this viewer see this person, how much, and on what basis. A refusal (kNone) must be shown exactly as
// "not found".
AccessDecision DecideAccess(const Viewer& viewer, const PersonAccessFacts& facts, Instant now);

// Whether a statutory meeting opens what was shared about the person to the viewer today: the viewer reads the
// meeting as a pledged member (MeetingReaderOf), and the body's legal basis (or the person's consent to the body)
// allows sharing.
bool MeetingOpensTo(const Viewer& viewer, const MeetingFact& meeting, const PersonAccessFacts& facts, Instant now);

// Whether the user may read a referral and its sheet: the sending organisation always; the receiving organisation
// until it declines (a declined sheet disappears from the receiver at once, the sender keeps it); a 民生委員 only a
// referral addressed to them by name (or one they sent themselves), never the organisation's in/outbox.
bool MayReadReferral(const Principal& principal, OrganizationId from_organization_id, OrganizationId to_organization_id,
                     std::optional<UserId> to_user_id, std::optional<UserId> sent_by_user_id, ReferralStatus status);

// Whether a consultation about a person the viewer may see (decision.level == kFull) is itself visible: the
// viewer's organisation took it, or the basis shares the whole record (case team, consent, meeting, emergency),
// or an accepted referral to the viewer's organisation names it.
bool MayReadConsultation(const Viewer& viewer, const AccessDecision& decision, const Consultation& consultation,
                         const std::vector<Referral>& referrals);

// Whose consultations the 相談受付簿 (consultation_book.hpp) lists for a user, expressed by storage in its query.
// It is the part of MayReadConsultation that does not depend on one person's facts: a 民生委員 (IsVolunteerOnly)
// lists only what they entered themselves; professional staff list what their organisation took (it received
// the consultation or took one of its contacts) or was given by an accepted referral naming it — each of which
// also makes the person the organisation's own record or opens it by the referral (DecideAccess), so every listed
// row is one MayReadConsultation allows. A consultation read only through a case team, a consent, a meeting or an
// emergency access is read on the person's page, not listed in a window's book. Roles that do not work cases
// (administrators, auditors, the prefecture) have no book.
BookScope BookScopeOf(const Principal& principal);

// Who reads an anonymous consultation (no person, so no person's decision): exactly the 受付簿's scope
// (BookScopeOf) — a 民生委員 the entries they received; professional staff those their organisation received or
// took a contact of. Referrals, cases, consents and meetings all name a person, so none of them opens one.
bool MayReadAnonymousConsultation(const Principal& principal, const Consultation& consultation);

// The person as the decision allows it to be shown: identity only, or without address and contact for a
// DV-protected person the viewer is not named for.
Person MaskPerson(Person person, const AccessDecision& decision);

// --- the part of a case a partner reads ---------------------------------------------------------------------------

// How much of a support case a viewer who sees its person in full reads (issue 11, item 2).
struct CasePart {
    // The whole case: every plan action, every progress note, the assessment and the eco-map.
    bool whole = true;
    // Why: "holder" (the organisation holds the person's primary record or recorded the person), "case_lead",
    // "coordinator", "emergency"; "partner" for the part.
    std::string basis;
    // For the part: the viewer's organisation, whose plan actions and progress notes it reads.
    OrganizationId organization_id{};
    // The assessment (and the eco-map drawn from it): for the part, only a team member whose role was agreed at a
    // meeting.
    bool assessment = true;

    bool ShowsAction(const PlanAction& action) const {
        return whole || action.responsible_organization_id == organization_id;
    }
    bool ShowsNote(const ProgressNote& note) const { return whole || note.organization_id == organization_id; }
};

// 個人情報保護法 第69条 (利用及び提供の制限) allows a provision outside the purpose only 「必要な限度で」, and the
// minimum necessary is the rule of every sharing in this system (sharing-rules.md: a partner agency sees "the part of
// a case they work on"). The organisations answerable for the whole case keep it: the one holding the person's
// primary record or that recorded the person (自機関の記録), the case's lead (主担当), the 相談支援包括化推進員 (the
// coordinator role, who coordinates 多機関協働 across the town) and a user with a time-boxed emergency access
// (本人の生命・身体の保護, 第69条第2項第4号). Every other organisation that sees the person in full — through an
// accepted referral, the case team or a consent — is a partner and reads its part: the case header and the team
// (who does what), the plan's goals in the person's words and only the plan actions assigned to it, only the
// progress notes it wrote, the person's identity (read-only, change_policy.hpp); and the assessment only when its
// role on the team was agreed at a meeting (a 重層的支援会議 agreed its part on the assessment the meeting shared),
// never when it only accepted a referral (the referral sheet is what it was given).
// `decision` is the viewer's decision for the case's person (level kFull).
CasePart DecideCasePart(const Viewer& viewer, const AccessDecision& decision, const SupportCase& support_case,
                        Date today);

// Removes from `plan` the actions `part` withholds; returns how many it removed (「他機関の担当 N 件」).
int WithholdActions(SupportPlan& plan, const CasePart& part);

// --- 民生委員: the 活動記録 and the 見守り list (民生委員法 第15条) -------------------------------------------

// --- 民生委員の活動記録 (issue 15, item 4) ---------------------------------------------------------------------

// Who may read or write a part of the 活動記録, and on what ground (the audit entry's basis): "own_entry" (the
// commissioner herself), "council_staff" (the municipal staff member in charge of her 民児協: a professional named
// as the council's 担当職員), "council_member" (a commissioner of the 民児協), "municipal_administrator".
struct ActivityAccess {
    bool allowed = false;
    std::string basis;
};

// A commissioner's month (her counts), read or written: herself, while she serves as 民生委員 (the role and an
// assignment); and the staff in charge of her 民児協, who also enters a month handed in on paper.
// `council` is her 民児協 (nullptr when she has none).
ActivityAccess CommissionerMonthAccess(const Principal& principal, UserId commissioner,
                                       const CommissionerCouncil* council);
// Her notes on individuals: only herself and the staff in charge of her 民児協 — never other commissioners, the
// town's administrators or anyone else (民生委員法 第15条 「その身上に関する秘密を守り」: what she learns of a person
// stays with her and the office she reports to).
ActivityAccess CommissionerNotesAccess(const Principal& principal, UserId commissioner,
                                       const CommissionerCouncil* council);
// A 民児協's roll-up (sums only, no one's month): its commissioners (`self` is the principal's assignment, if
// any), its staff in charge, and the town's administrators. Which commissioner has recorded the month is shown
// to the staff in charge and administrators only (`ActivityAccess::basis` tells which).
ActivityAccess CouncilRollUpAccess(const Principal& principal, const CommissionerCouncil& council,
                                   const std::optional<Commissioner>& self);
// The municipality's total for the 福祉行政報告例 (and its files): the staff in charge of any 民児協 and the town's
// administrators. Counts only; they name no one.
ActivityAccess MunicipalActivityTotalAccess(const Principal& principal,
                                            const std::vector<CommissionerCouncil>& councils);

// --- 見守り (issue 15, item 3) ---------------------------------------------------------------------------------

// Who reads the 見守り list of a 民生委員区: a 民生委員 her own district's only ("own_district"; 民生委員法 第14条
// gives her the 区域 she serves, 第15条 her secrecy); the professional staff of the municipality's divisions every
// district's ("municipal_staff"), who keep the list. No one else: a partner agency, an administrator's role, the
// auditor and the prefecture read none of it.
ActivityAccess WatchListAccess(const Principal& principal, OrganizationKind organization_kind, AreaId district,
                               const std::optional<Commissioner>& self);
// Who adds a person to the list (with the basis, one person at a time): the municipality's professional staff.
bool MayKeepWatchList(const Principal& principal, OrganizationKind organization_kind);

// --- 支え愛連絡会 (issue 15, item 3) ------------------------------------------------------------------------------

// Who sets up a 自治会's 支え愛連絡会 and records its meetings: the municipality's professional staff, who convene it.
bool MayKeepLiaison(const Principal& principal, OrganizationKind organization_kind);
// Who reads a 支え愛連絡会 meeting (its attendees and what was shared): what it shared stays within its attendees —
// a user who attended ("liaison_attendee") or recorded it ("liaison_recorder"), while a professional or 民生委員.
// No one else, however senior: the residents who attended have no account, and a pledge gives nothing here.
ActivityAccess LiaisonMeetingAccess(const Principal& principal, const std::vector<UserId>& attendee_users,
                                    UserId recorded_by);

// --- 世帯訪問調査 (issue 15, item 2) -----------------------------------------------------------------------------

// Who runs a campaign (sets it up, revises its form, assigns 自治会 to bodies, reads every area and the whole
// progress): the municipality's professional staff (the caseworkers and coordinators of its divisions), who hold
// the survey as the town's own work ("survey_office").
bool MayRunSurvey(const Principal& principal, OrganizationKind organization_kind);
// Who reads the household list of an area (address, 世帯主, the hearing notes and visits of the campaign form) and
// records visits and households there: the staff who run the survey ("survey_office"); the body assigned to the
// area — a professional of the assigned organisation ("assigned_organization") or the 民生委員 assigned by name
// ("assigned_commissioner"). A 法人 visitor reads only the areas assigned to it, and only the campaign's own records
// (what the form needs): never a person's record, consultations or another area's households (個人情報保護法
// 第69条: 必要な限度で). `assignment` is the area's assignment in the campaign (nullopt: none yet).
ActivityAccess SurveyAreaAccess(const Principal& principal, OrganizationKind organization_kind,
                                const std::optional<SurveyAssignment>& assignment);
// Who reads the address and 世帯主 of a survey household at the address of a person under DV等支援措置 (a household
// whose member the town protects: 住民基本台帳事務処理要領 第5-10, the 支援措置 against disclosing the victim's
// whereabouts): only the town's staff who run the survey (MayRunSurvey). A visitor from outside the town's
// divisions — a 法人, the 社協, a 民生委員 — sees a placeholder instead, on the visit list, its printed copy and the
// copy kept offline alike; the household stays on the list and may be visited.
bool SeesDvProtectedSurveyHousehold(const Principal& principal, OrganizationKind organization_kind);

// The body `principal` visits for (its organisation, or itself as 民生委員), when it is the one assigned.
std::optional<VisitingBody> AssignedBodyOf(const Principal& principal, const SurveyAssignment& assignment);
// --- アウトリーチ等を通じた継続的支援 (issue 15, item 1) ---------------------------------------------------------

// Who reads and works an outreach record (its stage, attempts and, for 精神科, 受診状況 — 要配慮個人情報,
// 個人情報保護法 第2条第3項): the professional staff (caseworkers, coordinators) of the municipality's divisions,
// every record ("municipal_staff"); the professional staff of a partner organisation, only the records where their
// organisation is the responsible one or went on an attempt ("outreach_organization"). No one else: a 民生委員
// reads none of it (she passes what she notices on as a consultation or keeps it on the 見守り list; 民生委員法
// 第15条 keeps her rights narrow), nor an administrator's or auditor's role by itself, nor the prefecture.
ActivityAccess OutreachAccess(const Principal& principal, OrganizationKind organization_kind,
                              const std::vector<OrganizationId>& involved_organizations);
// Who opens a record: the municipality's professional staff (for any organisation), or a partner's professional
// staff naming their own organisation as the responsible one.
bool MayOpenOutreach(const Principal& principal, OrganizationKind organization_kind,
                     OrganizationId responsible_organization);
// Who has a caseload page at all (the menu link): the professional roles.
bool MayWorkOutreach(const Principal& principal);

// --- 資源台帳, 参加支援 and 地域づくり (issue 16) ----------------------------------------------------------------
// Who adds and edits the resource directory (organisations, 協力事業者, services): the professional staff of the
// municipality's divisions and of the 社会福祉協議会 (which coordinates 参加支援 and 地域づくり), and the town's
// administrators. Its public copy needs no sign-in: it holds no personal data.
bool MayEditResourceDirectory(const Principal& principal, OrganizationKind organization_kind);
// Who the staff's directory is for: the roles that work with people (professionals and 民生委員) and the town's
// administrators. The auditor, the prefecture's analyst and the operator have no use for it (their menus leave it out).
bool MayReadResourceDirectory(const Principal& principal);

// Matches are personal data (who goes where, and why) under the one policy, read only by staff who also see the
// person in full (DecideAccess, checked by the service).
// Who works 参加支援 (keeps a person's wishes, proposes matches, has the coordinator's list): the professional staff
// of the 社会福祉協議会 (which coordinates 参加支援) and of the municipality's divisions.
bool MayWorkParticipation(const Principal& principal, OrganizationKind organization_kind);
// Who reads and moves a match: the professional staff of the organisation that works it (the coordinator's own,
// "match_organization"), and the municipality's divisions' professional staff, who run the 重層 programme
// ("municipal_staff"). No one else: a partner agency, a 民生委員, an administrator's role by itself. The host's
// contact has no account: it is given the host sheet (HostSheetOf), what the person agreed to give it, and the giving
// is audited.
ActivityAccess ParticipationMatchAccess(const Principal& principal, OrganizationKind organization_kind,
                                        OrganizationId match_organization);

// Who records places, sessions, workshops, issues and actions: as MayEditResourceDirectory — the professional staff
// of the town's divisions and of the 社会福祉協議会 (which runs 生活支援体制整備事業 and the 協議体), and the town's
// administrators.
bool MayEditCommunityDevelopment(const Principal& principal, OrganizationKind organization_kind);
// Who reads the 地域課題 register (its issues, workshops and actions, and the count of linked consultations): the roles
// that work with people and the town's administrators, as MayReadResourceDirectory. Each linked consultation is
// shown only where MayReadConsultation allows it (ConsultationService::Get).
bool MayReadCommunityIssues(const Principal& principal);

// Who records and reads a person's loneliness scores on a consultation (孤独感の測定, loneliness.hpp): the professional
// staff (caseworkers, coordinators) — and only on a consultation they read (MayReadConsultation, at the person's full
// level; the service asks ConsultationService::Get). A 民生委員 (IsVolunteerOnly) never sees an individual score, even
// on a consultation she entered (民生委員法 第15条 keeps her rights narrow), nor the prefecture's analyst, whatever
// other role the account holds: the prefecture reads aggregates only. The outcome report (aggregates) follows the
// town's report rules (report.hpp: MayReadTownReports, FiguresFor).
bool MayWorkLonelinessScores(const Principal& principal);

// Who sees a prefecture's roll-up of its towns, keeps its settings (the floor, the 圏域) and records its support
// visits: a prefecture analyst (Role::kPrefectureAnalyst) whose account is in the municipality the operator
// designated as that prefecture's office (`prefecture_office`). A prefecture analyst of any other town keeps what
// the role gave before: that one town's own figures, suppressed (report.hpp). Everyone else is answered as if the
// prefecture's pages did not exist.
bool MayReadPrefectureRollup(const Principal& principal, std::optional<MunicipalityId> prefecture_office);

// 官民連携プラットフォーム and 協議会 (partnership_platform.hpp, issue 16 item 6).
// Who sets up a platform or council and keeps its members, 分科会, meetings, notices and 公示: the town's
// administrators, and the 相談支援包括化推進員 (coordinators) of the town's divisions and of the 社会福祉協議会, who
// run the 重層 programme's networks. A caseworker records 地域づくり but does not set up the town's councils.
bool MayManagePartnershipPlatform(const Principal& principal, OrganizationKind organization_kind);
// Who reads them: as the resource directory (MayReadResourceDirectory). They hold no personal data.
bool MayReadPartnershipPlatform(const Principal& principal);

// 人材育成 (training.hpp, issue 17 item 9).
// Who records the town's training courses, their sessions and attendees (and reads a course's named attendees): the
// town's own staff — the professional roles (推進員, 相談支援員) of the municipality's divisions — and the town's
// administrators. A partner agency's staff and 民生委員 do not manage training.
bool MayRecordTraining(const Principal& principal, OrganizationKind organization_kind);
// Who reads the 年度's totals (研修受講者数, no names): whoever records them, and the town's administrators (the
// managers who set the 評価指標).
bool MayReadTrainingTotals(const Principal& principal, OrganizationKind organization_kind);

// --- 実施計画と評価 (PDCA, issue 17, item 8) -------------------------------------------------------------------
// Who keeps the town's 実施計画 (its 評価指標, targets, アクションプラン): the 推進員 (coordinators) of the town's own
// divisions and the town's administrators (the managers who report to the state and the prefecture).
bool MayKeepEvaluationPlan(const Principal& principal, OrganizationKind organization_kind);
// Who reads it: whoever keeps it, and the caseworkers of the town's own divisions. A partner agency, a 民生委員 and
// the prefecture do not: the routes answer them as a missing page.
bool MayReadEvaluationPlan(const Principal& principal, OrganizationKind organization_kind);

}  // namespace kasane::domain
