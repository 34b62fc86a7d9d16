// SPDX-License-Identifier: Apache-2.0
#include "domain/change_policy.hpp"

#include <gtest/gtest.h>

#include "domain/test_principal.hpp"

namespace kasane::domain {
namespace {

constexpr OrganizationId kWelfareDivision = OrganizationId{1};  // 福祉課
constexpr OrganizationId kCareCenter = OrganizationId{2};       // 地域包括: created the person
constexpr OrganizationId kNpo = OrganizationId{3};              // accepted one referral
constexpr OrganizationId kCouncil = OrganizationId{4};          // 社協: leads the case
constexpr UserId kNamedStaff = UserId{77};

// A person created by the care centre, referred to the NPO (accepted), with an open case led by the council whose
// team the NPO is on with consent.
PersonAccessFacts Facts() {
    PersonAccessFacts facts;
    facts.person_id = PersonId{10};
    facts.recording_organizations = {kCareCenter};
    facts.recording_users = {UserId{20}};
    facts.holder_organization_id = kCareCenter;
    facts.referrals.push_back({.referral_id = ReferralId{5},
                               .from_organization_id = kCareCenter,
                               .to_organization_id = kNpo,
                               .status = ReferralStatus::kAccepted});
    facts.consents.push_back({.consent_id = ConsentId{1},
                              .organizations = {kCouncil, kNpo},
                              .bodies = {},
                              .given_on = Date{std::chrono::year{1970}, std::chrono::month{1}, std::chrono::day{1}},
                              .expires_on = std::nullopt,
                              .withdrawn_at = std::nullopt});
    facts.case_teams.push_back({.case_id = CaseId{9}, .organization_id = kCouncil, .active = true, .lead = true});
    facts.case_teams.push_back({.case_id = CaseId{9}, .organization_id = kNpo, .active = true, .lead = false});
    return facts;
}

const Instant kNow{};

enum class Expect { kAllowed, kRefused, kHidden };

struct Row {
    const char* who;
    UserId user_id;
    OrganizationId organization;
    OrganizationKind organization_kind;
    std::vector<Role> roles;
    ChangeKind kind;
    Expect expected;
    bool dv_protected = false;
};

ChangeDecision::Outcome OutcomeOf(Expect expect) {
    switch (expect) {
        case Expect::kAllowed: return ChangeDecision::Outcome::kAllowed;
        case Expect::kRefused: return ChangeDecision::Outcome::kRefused;
        case Expect::kHidden: return ChangeDecision::Outcome::kHidden;
    }
    return ChangeDecision::Outcome::kHidden;
}

TEST(ChangePolicy, HolderAndCaseLeadChangeIdentityOthersAreRefusedOrHidden) {
    using enum ChangeKind;
    using K = OrganizationKind;
    const std::vector<Row> rows = {
        // The holder (creator) changes identity, address, household; may set DV protection, not lift it.
        {"holder", UserId{20}, kCareCenter, K::kCommunityCareCenter, {Role::kCaseworker}, kIdentity, Expect::kAllowed},
        {"holder",
         UserId{20},
         kCareCenter,
         K::kCommunityCareCenter,
         {Role::kCaseworker},
         kAddressAndContact,
         Expect::kAllowed},
        {"holder", UserId{20}, kCareCenter, K::kCommunityCareCenter, {Role::kCaseworker}, kHousehold, Expect::kAllowed},
        {"holder",
         UserId{20},
         kCareCenter,
         K::kCommunityCareCenter,
         {Role::kCaseworker},
         kDvProtectionOn,
         Expect::kAllowed},
        {"holder",
         UserId{20},
         kCareCenter,
         K::kCommunityCareCenter,
         {Role::kCaseworker},
         kDvProtectionOff,
         Expect::kRefused},
        // The NPO that accepted a referral and sits on the team reads, but does not change identity or close.
        {"npo", UserId{40}, kNpo, K::kNpo, {Role::kCaseworker}, kIdentity, Expect::kRefused},
        {"npo", UserId{40}, kNpo, K::kNpo, {Role::kCaseworker}, kAddressAndContact, Expect::kRefused},
        {"npo", UserId{40}, kNpo, K::kNpo, {Role::kCaseworker}, kHousehold, Expect::kRefused},
        {"npo", UserId{40}, kNpo, K::kNpo, {Role::kCaseworker}, kCaseStatus, Expect::kRefused},
        {"npo", UserId{40}, kNpo, K::kNpo, {Role::kCaseworker}, kCaseClosure, Expect::kRefused},
        {"npo", UserId{40}, kNpo, K::kNpo, {Role::kCaseworker}, kDvProtectionOn, Expect::kAllowed},
        {"npo", UserId{40}, kNpo, K::kNpo, {Role::kCaseworker}, kDvProtectionOff, Expect::kRefused},
        {"npo", UserId{40}, kNpo, K::kNpo, {Role::kCaseworker}, kNotes, Expect::kAllowed},
        // The case lead changes identity and the case.
        {"lead", UserId{60}, kCouncil, K::kSocialWelfareCouncil, {Role::kCaseworker}, kIdentity, Expect::kAllowed},
        {"lead", UserId{60}, kCouncil, K::kSocialWelfareCouncil, {Role::kCaseworker}, kCaseClosure, Expect::kAllowed},
        {"lead", UserId{60}, kCouncil, K::kSocialWelfareCouncil, {Role::kCaseworker}, kCaseStatus, Expect::kAllowed},
        // The municipal division sees identity only (名寄せ): it may read, so it is refused, not hidden.
        {"division",
         UserId{30},
         kWelfareDivision,
         K::kMunicipalDivision,
         {Role::kCaseworker},
         kIdentity,
         Expect::kRefused},
        {"division",
         UserId{30},
         kWelfareDivision,
         K::kMunicipalDivision,
         {Role::kCaseworker},
         kCaseClosure,
         Expect::kRefused},
        // An organisation with no basis sees nothing: every change is hidden, DV lifting included.
        {"stranger", UserId{50}, OrganizationId{99}, K::kNpo, {Role::kCaseworker}, kIdentity, Expect::kHidden},
        {"stranger", UserId{50}, OrganizationId{99}, K::kNpo, {Role::kCaseworker}, kDvProtectionOn, Expect::kHidden},
        {"stranger", UserId{50}, OrganizationId{99}, K::kNpo, {Role::kCaseworker}, kDvProtectionOff, Expect::kHidden},
        // The administrator lifts DV protection without reading the record, and changes nothing else.
        {"administrator",
         UserId{90},
         kWelfareDivision,
         K::kMunicipalDivision,
         {Role::kMunicipalAdministrator},
         kDvProtectionOff,
         Expect::kAllowed},
        {"administrator",
         UserId{90},
         kWelfareDivision,
         K::kMunicipalDivision,
         {Role::kMunicipalAdministrator},
         kIdentity,
         Expect::kHidden},
        // A named DV staff member lifts it; the holder cannot change a protected address it may not see.
        {"named", kNamedStaff, kNpo, K::kNpo, {Role::kCaseworker}, kDvProtectionOff, Expect::kAllowed, true},
        {"holder",
         UserId{20},
         kCareCenter,
         K::kCommunityCareCenter,
         {Role::kCaseworker},
         kAddressAndContact,
         Expect::kRefused,
         true},
        {"holder",
         UserId{20},
         kCareCenter,
         K::kCommunityCareCenter,
         {Role::kCaseworker},
         kIdentity,
         Expect::kAllowed,
         true},
    };
    for (const Row& row : rows) {
        PersonAccessFacts facts = Facts();
        facts.dv_protected = row.dv_protected;
        facts.dv_named_staff = {kNamedStaff};
        const Principal principal = MakePrincipal(row.user_id, row.organization, row.roles);
        const ChangeDecision decision = DecideChange({principal, row.organization_kind}, facts, row.kind, kNow,
                                                     ChangeTarget{.case_lead_organization_id = kCouncil});
        EXPECT_EQ(decision.outcome, OutcomeOf(row.expected)) << row.who << " " << ChangeKindCode(row.kind);
        if (row.expected == Expect::kRefused) {
            EXPECT_FALSE(decision.reason.empty()) << row.who << " " << ChangeKindCode(row.kind);
            EXPECT_EQ(decision.AsStatus().error().code, ErrorCode::kPermissionDenied);
        }
        if (row.expected == Expect::kHidden) {
            EXPECT_EQ(decision.AsStatus().error().code, ErrorCode::kNotFound);
        }
    }
}

TEST(ChangePolicy, AfterMergeTheMunicipalDivisionHoldsTheRecordUntilHandedOver) {
    PersonAccessFacts facts = Facts();
    facts.holder_organization_id = kWelfareDivision;
    facts.recording_organizations.push_back(kWelfareDivision);
    const Principal division = MakePrincipal(UserId{30}, kWelfareDivision, {Role::kCaseworker});
    const Principal creator = MakePrincipal(UserId{20}, kCareCenter, {Role::kCaseworker});
    EXPECT_TRUE(
        DecideChange({division, OrganizationKind::kMunicipalDivision}, facts, ChangeKind::kIdentity, kNow).Allowed());
    EXPECT_FALSE(
        DecideChange({creator, OrganizationKind::kCommunityCareCenter}, facts, ChangeKind::kIdentity, kNow).Allowed());
    facts.holder_organization_id = kCareCenter;  // handed over back
    EXPECT_TRUE(
        DecideChange({creator, OrganizationKind::kCommunityCareCenter}, facts, ChangeKind::kIdentity, kNow).Allowed());
}

TEST(ChangePolicy, ClosedCaseNoLongerMakesItsLeadAnEditorOfIdentity) {
    PersonAccessFacts facts = Facts();
    for (CaseTeamFact& team : facts.case_teams) team.active = false;
    facts.consents.front().organizations = {kCouncil};
    const Principal lead = MakePrincipal(UserId{60}, kCouncil, {Role::kCaseworker});
    const auto decision =
        DecideChange({lead, OrganizationKind::kSocialWelfareCouncil}, facts, ChangeKind::kIdentity, kNow);
    EXPECT_EQ(decision.outcome, ChangeDecision::Outcome::kRefused);
}

TEST(ChangePolicy, CaseCoordinatorChangesTheCaseItCoordinates) {
    PersonAccessFacts facts = Facts();
    facts.consents.front().organizations.push_back(kWelfareDivision);
    const Principal coordinator = MakePrincipal(UserId{31}, kWelfareDivision, {Role::kCoordinator});
    const ChangeTarget coordinated{.case_lead_organization_id = kCouncil, .case_coordinator_user_id = UserId{31}};
    const ChangeTarget other{.case_lead_organization_id = kCouncil, .case_coordinator_user_id = UserId{32}};
    const Viewer viewer{coordinator, OrganizationKind::kMunicipalDivision};
    EXPECT_TRUE(DecideChange(viewer, facts, ChangeKind::kCaseClosure, kNow, coordinated).Allowed());
    EXPECT_EQ(DecideChange(viewer, facts, ChangeKind::kCaseClosure, kNow, other).outcome,
              ChangeDecision::Outcome::kRefused);
}

TEST(ChangePolicy, NotesAndActionsBelongToTheirOrganisation) {
    const PersonAccessFacts facts = Facts();
    const Principal npo = MakePrincipal(UserId{40}, kNpo, {Role::kCaseworker});
    const Viewer viewer{npo, OrganizationKind::kNpo};
    EXPECT_TRUE(DecideChange(viewer, facts, ChangeKind::kAssignedActions, kNow,
                             {.case_lead_organization_id = kCouncil, .owner_organization_id = kNpo})
                    .Allowed());
    EXPECT_FALSE(DecideChange(viewer, facts, ChangeKind::kAssignedActions, kNow,
                              {.case_lead_organization_id = kCouncil, .owner_organization_id = kCouncil})
                     .Allowed());
    EXPECT_FALSE(DecideChange(viewer, facts, ChangeKind::kNotes, kNow,
                              {.case_lead_organization_id = kCouncil, .owner_organization_id = kCareCenter})
                     .Allowed());
}

// --- the records of a support case (DecideCaseWork) ------------------------------------------------------------------

namespace case_work {

const Date kToday{std::chrono::year{2025}, std::chrono::month{6}, std::chrono::day{1}};

// The council's case (kCouncil leads it); the NPO is on the team, by the lead's hand, with no meeting agreeing its
// role.
SupportCase CouncilCase() {
    SupportCase support_case;
    support_case.id = CaseId{9};
    support_case.person_id = PersonId{10};
    support_case.lead_organization_id = kCouncil;
    support_case.team.push_back(TeamMember{.id = 1, .organization_id = kNpo, .role = "居場所への同行"});
    return support_case;
}

AccessDecision FullOn(AccessBasis basis, bool holds_record = false) {
    AccessDecision decision;
    decision.level = ViewLevel::kFull;
    decision.basis = basis;
    decision.holds_record = holds_record;
    return decision;
}

ChangeDecision::Outcome Decide(const Principal& principal, const AccessDecision& decision,
                               const SupportCase& support_case, CaseWork work, const CaseWorkTarget& target = {}) {
    return DecideCaseWork(Viewer{principal}, decision, support_case, work, kToday, target).outcome;
}

using Outcome = ChangeDecision::Outcome;

TEST(CaseWorkPolicy, APartnerOnTheTeamDoesNotRewriteThePlanTheTeamOrTheAssessment) {
    const Principal npo = MakePrincipal(UserId{40}, kNpo, {Role::kCaseworker});
    const SupportCase support_case = CouncilCase();
    const AccessDecision team = FullOn(AccessBasis::kCaseTeam);
    // It reads only its own actions: a plan it wrote or rewrote would overwrite the others' it cannot see.
    EXPECT_EQ(Decide(npo, team, support_case, CaseWork::kPlan), Outcome::kRefused);
    EXPECT_EQ(Decide(npo, team, support_case, CaseWork::kCaseRecord), Outcome::kRefused);
    // Without a role agreed at a meeting it reads no assessment and no eco-map, so it writes neither; an eco-map
    // entry it cannot read is not there at all.
    EXPECT_EQ(Decide(npo, team, support_case, CaseWork::kAssessment), Outcome::kRefused);
    EXPECT_EQ(Decide(npo, team, support_case, CaseWork::kEcoMap), Outcome::kRefused);
    EXPECT_EQ(Decide(npo, team, support_case, CaseWork::kEcoMapEntry), Outcome::kHidden);
    // Its own notes it writes.
    EXPECT_EQ(Decide(npo, team, support_case, CaseWork::kProgressNote), Outcome::kAllowed);
    const std::string reason = DecideCaseWork(Viewer{npo}, team, support_case, CaseWork::kPlan, kToday).reason;
    EXPECT_NE(reason.find("主担当機関"), std::string::npos) << reason;

    // Once a meeting agreed its role, the assessment and eco-map are its to read, and to write.
    SupportCase agreed = support_case;
    agreed.team.front().agreed_at_meeting_id = MeetingId{3};
    EXPECT_EQ(Decide(npo, team, agreed, CaseWork::kAssessment), Outcome::kAllowed);
    EXPECT_EQ(Decide(npo, team, agreed, CaseWork::kEcoMap), Outcome::kAllowed);
    EXPECT_EQ(Decide(npo, team, agreed, CaseWork::kEcoMapEntry), Outcome::kAllowed);
    EXPECT_EQ(Decide(npo, team, agreed, CaseWork::kPlan), Outcome::kRefused);  // still only its own actions

    // Having left the team, it no longer works on the case.
    SupportCase left = support_case;
    left.team.front().left_on = kToday;
    EXPECT_EQ(Decide(npo, team, left, CaseWork::kProgressNote), Outcome::kRefused);
}

TEST(CaseWorkPolicy, AnotherOrganisationsActionIsNotThereForAPartner) {
    const Principal npo = MakePrincipal(UserId{40}, kNpo, {Role::kCaseworker});
    const SupportCase support_case = CouncilCase();
    const AccessDecision team = FullOn(AccessBasis::kCaseTeam);
    const PlanAction own{.id = 1, .description = "居場所への同行", .responsible_organization_id = kNpo};
    const PlanAction councils{.id = 2, .description = "債務整理の同行", .responsible_organization_id = kCouncil};
    EXPECT_EQ(Decide(npo, team, support_case, CaseWork::kPlanAction,
                     {.action = &own, .new_responsible_organization_id = kNpo}),
              Outcome::kAllowed);
    // Withheld from it (DecideCasePart): exactly like an action that does not exist.
    EXPECT_EQ(Decide(npo, team, support_case, CaseWork::kPlanAction,
                     {.action = &councils, .new_responsible_organization_id = kNpo}),
              Outcome::kHidden);
    // Handing its own action to another organisation is the lead's business.
    EXPECT_EQ(Decide(npo, team, support_case, CaseWork::kPlanAction,
                     {.action = &own, .new_responsible_organization_id = kCouncil}),
              Outcome::kRefused);
    // The lead updates and reassigns any action; so does a coordinator.
    const Principal council = MakePrincipal(UserId{60}, kCouncil, {Role::kCaseworker});
    EXPECT_EQ(Decide(council, team, support_case, CaseWork::kPlanAction,
                     {.action = &own, .new_responsible_organization_id = kCouncil}),
              Outcome::kAllowed);
    EXPECT_EQ(Decide(council, team, support_case, CaseWork::kPlan), Outcome::kAllowed);
    EXPECT_EQ(Decide(council, team, support_case, CaseWork::kCaseRecord), Outcome::kAllowed);
    const Principal coordinator = MakePrincipal(UserId{61}, kWelfareDivision, {Role::kCoordinator});
    EXPECT_EQ(Decide(coordinator, team, support_case, CaseWork::kPlanAction,
                     {.action = &councils, .new_responsible_organization_id = kNpo}),
              Outcome::kAllowed);
    // The holder of the person's record reads the whole case, but updates only actions it is given (or leads).
    const Principal holder = MakePrincipal(UserId{20}, kCareCenter, {Role::kCaseworker});
    EXPECT_EQ(Decide(holder, FullOn(AccessBasis::kOwnRecord, true), support_case, CaseWork::kPlanAction,
                     {.action = &councils, .new_responsible_organization_id = kCouncil}),
              Outcome::kRefused);
}

TEST(CaseWorkPolicy, AReceiverOfAnAcceptedReferralWritesItsOwnNotesOnly) {
    // The NPO accepted a referral and is not on the team: its full view rests on the referral.
    const Principal npo = MakePrincipal(UserId{40}, kNpo, {Role::kCaseworker});
    SupportCase support_case = CouncilCase();
    support_case.team.clear();
    const AccessDecision referral = FullOn(AccessBasis::kReferral);
    EXPECT_EQ(Decide(npo, referral, support_case, CaseWork::kProgressNote), Outcome::kAllowed);
    EXPECT_EQ(DecideCaseWork(Viewer{npo}, referral, support_case, CaseWork::kProgressNote, kToday).basis,
              "referral_receiver");
    EXPECT_EQ(Decide(npo, referral, support_case, CaseWork::kPlan), Outcome::kRefused);
    EXPECT_EQ(Decide(npo, referral, support_case, CaseWork::kAssessment), Outcome::kRefused);
    // A consent naming the organisation lets it read, not work on the case.
    EXPECT_EQ(Decide(npo, FullOn(AccessBasis::kConsent), support_case, CaseWork::kProgressNote), Outcome::kRefused);
    // A sheet still waiting (or declined, which opens nothing) is no full view: the case is not there.
    AccessDecision sheet;
    sheet.level = ViewLevel::kReferralSheet;
    sheet.basis = AccessBasis::kReferral;
    EXPECT_EQ(Decide(npo, sheet, support_case, CaseWork::kProgressNote), Outcome::kHidden);
    // A 民生委員 never works cases.
    const Principal volunteer = MakePrincipal(UserId{70}, kNpo, {Role::kWelfareVolunteer});
    EXPECT_EQ(Decide(volunteer, referral, support_case, CaseWork::kProgressNote), Outcome::kHidden);
}

}  // namespace case_work

TEST(ChangePolicy, DvRemovalNeedsAConcreteReason) {
    EXPECT_FALSE(ValidateDvRemovalReason(""));
    EXPECT_FALSE(ValidateDvRemovalReason("   \u3000\u3000  "));
    EXPECT_FALSE(ValidateDvRemovalReason("  措置終了  "));
    EXPECT_FALSE(ValidateDvRemovalReason("\u3000\u3000支援措置の期間終了\u3000\u3000"));  // 9 characters
    EXPECT_TRUE(ValidateDvRemovalReason("住民基本台帳の支援措置の期間が終了したため"));
    EXPECT_EQ(ValidateDvRemovalReason("短い").error().field, "reason");
}

}  // namespace
}  // namespace kasane::domain
