// SPDX-License-Identifier: Apache-2.0
#include "domain/access_policy.hpp"

#include <gtest/gtest.h>

#include "domain/loneliness.hpp"
#include "domain/test_principal.hpp"

namespace kasane::domain {
namespace {

constexpr OrganizationId kWelfareDivision = OrganizationId{1};
constexpr OrganizationId kCareCenter = OrganizationId{2};
constexpr OrganizationId kNpo = OrganizationId{3};

PersonAccessFacts KnownToCareCenter() {
    PersonAccessFacts facts;
    facts.person_id = PersonId{10};
    facts.recording_organizations = {kCareCenter};
    facts.recording_users = {UserId{20}};
    return facts;
}

const Instant kNow{};

TEST(AccessPolicy, OwnRecordOpensTheRecord) {
    const Principal houkatsu = MakePrincipal(UserId{20}, kCareCenter, {Role::kCaseworker});
    const auto decision = DecideAccess({houkatsu, OrganizationKind::kCommunityCareCenter}, KnownToCareCenter(), kNow);
    EXPECT_EQ(decision.level, ViewLevel::kFull);
    EXPECT_EQ(decision.basis, AccessBasis::kOwnRecord);
    EXPECT_TRUE(decision.address_and_contact);
    EXPECT_TRUE(decision.sensitive_fields);
}

TEST(AccessPolicy, MunicipalDivisionSeesIdentityOnly) {
    const Principal caseworker = MakePrincipal(UserId{30}, kWelfareDivision, {Role::kCaseworker});
    const auto decision = DecideAccess({caseworker, OrganizationKind::kMunicipalDivision}, KnownToCareCenter(), kNow);
    EXPECT_EQ(decision.level, ViewLevel::kIdentity);
    EXPECT_EQ(decision.basis, AccessBasis::kIdentityMatch);
}

TEST(AccessPolicy, OtherOrganisationSeesNothing) {
    const Principal npo = MakePrincipal(UserId{40}, kNpo, {Role::kCaseworker});
    EXPECT_EQ(DecideAccess({npo, OrganizationKind::kNpo}, KnownToCareCenter(), kNow).level, ViewLevel::kNone);
}

TEST(AccessPolicy, ReferralOpensSheetThenRecord) {
    const Principal npo = MakePrincipal(UserId{40}, kNpo, {Role::kCaseworker});
    PersonAccessFacts facts = KnownToCareCenter();
    facts.referrals.push_back({.referral_id = ReferralId{5},
                               .from_organization_id = kCareCenter,
                               .to_organization_id = kNpo,
                               .status = ReferralStatus::kSent});
    auto decision = DecideAccess({npo, OrganizationKind::kNpo}, facts, kNow);
    EXPECT_EQ(decision.level, ViewLevel::kReferralSheet);
    EXPECT_EQ(decision.basis_detail, "referral:5");
    facts.referrals.back().status = ReferralStatus::kAccepted;
    decision = DecideAccess({npo, OrganizationKind::kNpo}, facts, kNow);
    EXPECT_EQ(decision.level, ViewLevel::kFull);
    EXPECT_EQ(decision.basis, AccessBasis::kReferral);
    facts.referrals.back().status = ReferralStatus::kDeclined;
    EXPECT_EQ(DecideAccess({npo, OrganizationKind::kNpo}, facts, kNow).level, ViewLevel::kNone);
}

// A sheet sent to a municipal division while it waits: its staff keep the identity 名寄せ gave them (the sheet is
// read through the referral), instead of losing the person's page, search and agenda.
TEST(AccessPolicy, PendingReferralToDivisionKeepsIdentity) {
    const Principal caseworker = MakePrincipal(UserId{30}, kWelfareDivision, {Role::kCaseworker});
    PersonAccessFacts facts = KnownToCareCenter();
    facts.referrals.push_back({.referral_id = ReferralId{6},
                               .from_organization_id = kCareCenter,
                               .to_organization_id = kWelfareDivision,
                               .status = ReferralStatus::kSent});
    auto decision = DecideAccess({caseworker, OrganizationKind::kMunicipalDivision}, facts, kNow);
    EXPECT_EQ(decision.level, ViewLevel::kIdentity);
    EXPECT_EQ(decision.basis, AccessBasis::kIdentityMatch);
    facts.referrals.back().status = ReferralStatus::kAccepted;
    decision = DecideAccess({caseworker, OrganizationKind::kMunicipalDivision}, facts, kNow);
    EXPECT_EQ(decision.level, ViewLevel::kFull);
    EXPECT_EQ(decision.basis, AccessBasis::kReferral);
}

TEST(AccessPolicy, AggregateAndAdministrativeRolesSeeNoRecords) {
    const PersonAccessFacts facts = KnownToCareCenter();
    for (const Role role :
         {Role::kPrefectureAnalyst, Role::kAuditor, Role::kMunicipalAdministrator, Role::kSystemAdministrator}) {
        const Principal principal = MakePrincipal(UserId{50}, kCareCenter, {role});
        EXPECT_EQ(DecideAccess({principal, OrganizationKind::kCommunityCareCenter}, facts, kNow).level,
                  ViewLevel::kNone)
            << RoleCode(role);
    }
}

TEST(AccessPolicy, WelfareVolunteerSeesOnlyWhatTheyEntered) {
    PersonAccessFacts facts = KnownToCareCenter();
    const Principal volunteer = MakePrincipal(UserId{60}, kCareCenter, {Role::kWelfareVolunteer});
    EXPECT_EQ(DecideAccess({volunteer, OrganizationKind::kCommunityCareCenter}, facts, kNow).level, ViewLevel::kNone);
    facts.recording_users.push_back(UserId{60});
    const auto decision = DecideAccess({volunteer, OrganizationKind::kCommunityCareCenter}, facts, kNow);
    EXPECT_EQ(decision.level, ViewLevel::kFull);
    EXPECT_FALSE(decision.sensitive_fields);
}

TEST(AccessPolicy, DvProtectionHidesAddressExceptFromNamedStaff) {
    PersonAccessFacts facts = KnownToCareCenter();
    facts.dv_protected = true;
    facts.dv_named_staff = {UserId{21}};
    const Principal other = MakePrincipal(UserId{20}, kCareCenter, {Role::kCaseworker});
    const Principal named = MakePrincipal(UserId{21}, kCareCenter, {Role::kCaseworker});
    const auto hidden = DecideAccess({other, OrganizationKind::kCommunityCareCenter}, facts, kNow);
    EXPECT_EQ(hidden.level, ViewLevel::kFull);
    EXPECT_FALSE(hidden.address_and_contact);
    EXPECT_TRUE(DecideAccess({named, OrganizationKind::kCommunityCareCenter}, facts, kNow).address_and_contact);

    Person person;
    person.data.phone = "0858-00-0000";
    person.data.address.town = "東浜";
    const Person masked = MaskPerson(person, hidden);
    EXPECT_TRUE(masked.data.phone.empty());
    EXPECT_TRUE(masked.data.address.Empty());
}

TEST(AccessPolicy, IdentityViewIsMasked) {
    Person person;
    person.data.family_name = "髙橋";
    person.data.phone = "0858-00-0000";
    person.data.address.town = "東浜";
    AccessDecision identity;
    identity.level = ViewLevel::kIdentity;
    identity.address_and_contact = true;
    const Person masked = MaskPerson(person, identity);
    EXPECT_EQ(masked.data.family_name, "髙橋");
    EXPECT_TRUE(masked.data.phone.empty());
    EXPECT_TRUE(masked.data.address.Empty());
}

TEST(AccessPolicy, ConsultationsOfOtherOrganisationsStayClosed) {
    const Principal welfare = MakePrincipal(UserId{30}, kWelfareDivision, {Role::kCaseworker});
    AccessDecision own{.level = ViewLevel::kFull, .basis = AccessBasis::kOwnRecord};
    Consultation theirs{.receiving_organization_id = kCareCenter};
    Consultation ours{.receiving_organization_id = kWelfareDivision};
    const Viewer viewer{welfare, OrganizationKind::kMunicipalDivision};
    EXPECT_FALSE(MayReadConsultation(viewer, own, theirs, {}));
    EXPECT_TRUE(MayReadConsultation(viewer, own, ours, {}));
    AccessDecision identity{.level = ViewLevel::kIdentity, .basis = AccessBasis::kIdentityMatch};
    EXPECT_FALSE(MayReadConsultation(viewer, identity, ours, {}));
}

TEST(AccessPolicy, SupportMeetingSharesWithoutConsentUntilTheCaseMovesToConsent) {
    using namespace std::chrono;
    const Instant now = sys_days{2024y / June / 10} + hours{1};
    const Principal npo = MakePrincipal(UserId{40}, kNpo, {Role::kCaseworker});
    PersonAccessFacts facts = KnownToCareCenter();
    facts.meetings.push_back(
        {.meeting_id = MeetingId{7},
         .body_id = MeetingBodyId{1},
         .legal_basis = LegalBasis::kArticle106_6,
         .shares_without_consent = true,
         .sharing_days = 90,
         .held_on = 2024y / June / 1,
         .named_members = {{.user_id = UserId{40}, .organization_id = kNpo, .pledge_signed_on = 2024y / April / 1}}});
    auto decision = DecideAccess({npo, OrganizationKind::kNpo}, facts, now);
    EXPECT_EQ(decision.level, ViewLevel::kMeetingShared);
    EXPECT_EQ(decision.basis_detail, "meeting:7");
    EXPECT_FALSE(decision.address_and_contact);

    // A colleague in the same member organisation who did not pledge: nothing.
    const Principal colleague = MakePrincipal(UserId{41}, kNpo, {Role::kCaseworker});
    EXPECT_EQ(DecideAccess({colleague, OrganizationKind::kNpo}, facts, now).level, ViewLevel::kNone);
    // The pledge signed after the meeting: nothing of that meeting.
    facts.meetings.back().named_members.back().pledge_signed_on = 2024y / June / 2;
    EXPECT_EQ(DecideAccess({npo, OrganizationKind::kNpo}, facts, now).level, ViewLevel::kNone);
    facts.meetings.back().named_members.back().pledge_signed_on = 2024y / April / 1;

    // He consents (to the NPO and the 重層的支援会議): the consent regime applies.
    facts.consents.push_back({.consent_id = ConsentId{3},
                              .organizations = {kNpo},
                              .bodies = {MeetingBodyId{2}},
                              .given_on = 2024y / June / 5});
    decision = DecideAccess({npo, OrganizationKind::kNpo}, facts, now);
    EXPECT_EQ(decision.level, ViewLevel::kFull);
    EXPECT_EQ(decision.basis, AccessBasis::kConsent);

    // He withdraws: access stops at once, and the old 支援会議 does not reopen it.
    facts.consents.back().withdrawn_at = now - minutes{1};
    EXPECT_EQ(DecideAccess({npo, OrganizationKind::kNpo}, facts, now).level, ViewLevel::kNone);
}

TEST(AccessPolicy, ConsentOnlyBodyNeedsConsentAndPeriodEnds) {
    using namespace std::chrono;
    const Principal npo = MakePrincipal(UserId{40}, kNpo, {Role::kCaseworker});
    PersonAccessFacts facts = KnownToCareCenter();
    facts.meetings.push_back(
        {.meeting_id = MeetingId{8},
         .body_id = MeetingBodyId{2},
         .legal_basis = LegalBasis::kMultilayerMeeting,
         .shares_without_consent = false,
         .sharing_days = 30,
         .held_on = 2024y / June / 1,
         .named_members = {{.user_id = UserId{40}, .organization_id = kNpo, .pledge_signed_on = 2024y / April / 1}}});
    const Instant within = sys_days{2024y / June / 20};
    EXPECT_EQ(DecideAccess({npo, OrganizationKind::kNpo}, facts, within).level, ViewLevel::kNone);
    facts.consents.push_back({.consent_id = ConsentId{4}, .bodies = {MeetingBodyId{2}}, .given_on = 2024y / May / 20});
    EXPECT_EQ(DecideAccess({npo, OrganizationKind::kNpo}, facts, within).level, ViewLevel::kMeetingShared);
    const Instant after = sys_days{2024y / July / 5};
    EXPECT_EQ(DecideAccess({npo, OrganizationKind::kNpo}, facts, after).level, ViewLevel::kNone);
}

TEST(AccessPolicy, CaseTeamNeedsConsentToTheBodyThatAgreedTheRole) {
    using namespace std::chrono;
    const Instant now = sys_days{2024y / June / 10} + hours{1};
    const Principal npo = MakePrincipal(UserId{40}, kNpo, {Role::kCaseworker});
    PersonAccessFacts facts = KnownToCareCenter();
    facts.case_teams.push_back(
        {.case_id = CaseId{11}, .organization_id = kNpo, .active = true, .agreed_body_id = MeetingBodyId{2}});

    // On the team, but the person has not consented: nothing through the team.
    EXPECT_EQ(DecideAccess({npo, OrganizationKind::kNpo}, facts, now).level, ViewLevel::kNone);

    // A consent to another body opens nothing either.
    facts.consents.push_back({.consent_id = ConsentId{5}, .bodies = {MeetingBodyId{9}}, .given_on = 2024y / June / 1});
    EXPECT_EQ(DecideAccess({npo, OrganizationKind::kNpo}, facts, now).level, ViewLevel::kNone);

    // Consent to the 重層的支援会議 that agreed the role: the record, on the case-team basis.
    facts.consents.push_back({.consent_id = ConsentId{6}, .bodies = {MeetingBodyId{2}}, .given_on = 2024y / June / 1});
    auto decision = DecideAccess({npo, OrganizationKind::kNpo}, facts, now);
    EXPECT_EQ(decision.level, ViewLevel::kFull);
    EXPECT_EQ(decision.basis, AccessBasis::kCaseTeam);
    EXPECT_EQ(decision.basis_detail, "case:11");

    // Withdrawn: nothing.
    facts.consents.back().withdrawn_at = now - minutes{1};
    EXPECT_EQ(DecideAccess({npo, OrganizationKind::kNpo}, facts, now).level, ViewLevel::kNone);
}

TEST(AccessPolicy, CaseTeamWithConsentNamingTheOrganisation) {
    using namespace std::chrono;
    const Instant now = sys_days{2024y / June / 10};
    const Principal npo = MakePrincipal(UserId{40}, kNpo, {Role::kCaseworker});
    PersonAccessFacts facts = KnownToCareCenter();
    facts.case_teams.push_back({.case_id = CaseId{12}, .organization_id = kNpo, .active = true});
    facts.consents.push_back({.consent_id = ConsentId{7}, .organizations = {kNpo}, .given_on = 2024y / June / 1});
    auto decision = DecideAccess({npo, OrganizationKind::kNpo}, facts, now);
    EXPECT_EQ(decision.level, ViewLevel::kFull);
    EXPECT_EQ(decision.basis, AccessBasis::kCaseTeam);

    // Left the team (or the case closed): the consent alone still names the organisation.
    facts.case_teams.back().active = false;
    decision = DecideAccess({npo, OrganizationKind::kNpo}, facts, now);
    EXPECT_EQ(decision.basis, AccessBasis::kConsent);
}

TEST(AccessPolicy, LeftTeamSeesNothing) {
    using namespace std::chrono;
    const Instant now = sys_days{2024y / June / 10};
    const Principal npo = MakePrincipal(UserId{40}, kNpo, {Role::kCaseworker});
    PersonAccessFacts facts = KnownToCareCenter();
    facts.case_teams.push_back(
        {.case_id = CaseId{13}, .organization_id = kNpo, .active = false, .agreed_body_id = MeetingBodyId{2}});
    facts.consents.push_back({.consent_id = ConsentId{8}, .bodies = {MeetingBodyId{2}}, .given_on = 2024y / June / 1});
    EXPECT_EQ(DecideAccess({npo, OrganizationKind::kNpo}, facts, now).level, ViewLevel::kNone);
}

TEST(AccessPolicy, WelfareVolunteerNeverSeesThroughTheTeam) {
    using namespace std::chrono;
    const Instant now = sys_days{2024y / June / 10};
    const Principal volunteer = MakePrincipal(UserId{50}, kNpo, {Role::kWelfareVolunteer});
    PersonAccessFacts facts = KnownToCareCenter();
    facts.case_teams.push_back(
        {.case_id = CaseId{14}, .organization_id = kNpo, .active = true, .agreed_body_id = MeetingBodyId{2}});
    facts.consents.push_back({.consent_id = ConsentId{9},
                              .organizations = {kNpo},
                              .bodies = {MeetingBodyId{2}},
                              .given_on = 2024y / June / 1});
    EXPECT_EQ(DecideAccess({volunteer, OrganizationKind::kNpo}, facts, now).level, ViewLevel::kNone);
}

TEST(AccessPolicy, EmergencyAccessIsTimeBoxedAndPersonal) {
    using namespace std::chrono;
    const Instant now = sys_days{2024y / June / 10};
    PersonAccessFacts facts = KnownToCareCenter();
    facts.emergencies.push_back({.id = 9, .user_id = UserId{40}, .expires_at = now + hours{2}});
    const Principal asker = MakePrincipal(UserId{40}, kNpo, {Role::kCaseworker});
    const Principal colleague = MakePrincipal(UserId{41}, kNpo, {Role::kCaseworker});
    EXPECT_EQ(DecideAccess({asker, OrganizationKind::kNpo}, facts, now).basis, AccessBasis::kEmergency);
    EXPECT_EQ(DecideAccess({colleague, OrganizationKind::kNpo}, facts, now).level, ViewLevel::kNone);
    EXPECT_EQ(DecideAccess({asker, OrganizationKind::kNpo}, facts, now + hours{3}).level, ViewLevel::kNone);
}

TEST(Referral, WorkingDaysSkipWeekendsAndHolidays) {
    using namespace std::chrono;
    // Friday 2024-05-02 10:00 JST = 01:00 UTC; three working days later skips the 5/3–5/6 holidays and weekend.
    const Instant sent = sys_days{2024y / May / 2} + hours{1};
    const Instant due = AddWorkingDays(sent, 3);
    EXPECT_EQ(FormatIso8601(due), "2024-05-09T01:00:00.000Z");
    Referral referral{.status = ReferralStatus::kSent, .sent_at = sent};
    EXPECT_FALSE(IsOverdue(referral, due - minutes{1}, 3));
    EXPECT_TRUE(IsOverdue(referral, due, 3));
    referral.status = ReferralStatus::kAccepted;
    EXPECT_FALSE(IsOverdue(referral, due, 3));
}

TEST(Referral, TransitionsFollowTheClosedLoop) {
    EXPECT_TRUE(IsAllowedTransition(ReferralStatus::kSent, ReferralStatus::kAccepted));
    EXPECT_TRUE(IsAllowedTransition(ReferralStatus::kSent, ReferralStatus::kDeclined));
    EXPECT_TRUE(IsAllowedTransition(ReferralStatus::kAccepted, ReferralStatus::kInProgress));
    EXPECT_TRUE(IsAllowedTransition(ReferralStatus::kInProgress, ReferralStatus::kCompleted));
    EXPECT_FALSE(IsAllowedTransition(ReferralStatus::kDeclined, ReferralStatus::kAccepted));
    EXPECT_FALSE(IsAllowedTransition(ReferralStatus::kSent, ReferralStatus::kCompleted));
    EXPECT_FALSE(IsAllowedTransition(ReferralStatus::kCompleted, ReferralStatus::kInProgress));
}

TEST(Audit, ChainHashDependsOnEveryFieldAndThePreviousHash) {
    AuditEntry entry{.sequence = 1,
                     .municipality_id = MunicipalityId{1},
                     .user_id = UserId{2},
                     .action = "read",
                     .record_type = "person"};
    const std::string first = ChainHash("", entry);
    EXPECT_EQ(first.size(), 64u);
    EXPECT_NE(ChainHash("x", entry), first);
    entry.fields = "*";
    EXPECT_NE(ChainHash("", entry), first);
    // Length prefixes: moving a character between fields changes the text.
    AuditEntry a{.action = "ab", .record_type = "c"};
    AuditEntry b{.action = "a", .record_type = "bc"};
    EXPECT_NE(CanonicalAuditText(a), CanonicalAuditText(b));
}

// 社会福祉法第106条の6 binds persons: who reads a meeting's record, and until when.
TEST(AccessPolicy, MeetingRecordIsReadByPledgedPersonsWithinThePeriod) {
    using namespace std::chrono;
    MeetingFact meeting{
        .meeting_id = MeetingId{7},
        .body_id = MeetingBodyId{1},
        .legal_basis = LegalBasis::kArticle106_6,
        .shares_without_consent = true,
        .sharing_days = 90,
        .held_on = 2024y / June / 1,
        .convenor_user_id = UserId{30},
        .attendee_user_ids = {UserId{50}},
        .named_members = {
            {.user_id = UserId{40}, .organization_id = kNpo, .pledge_signed_on = 2024y / May / 1},
            {.user_id = UserId{50}, .organization_id = kWelfareDivision, .pledge_signed_on = 2024y / May / 1}}};
    const Instant within = sys_days{2024y / June / 20};
    const Principal convenor = MakePrincipal(UserId{30}, kWelfareDivision, {Role::kCoordinator});
    const Principal member = MakePrincipal(UserId{40}, kNpo, {Role::kCaseworker});
    const Principal colleague = MakePrincipal(UserId{41}, kNpo, {Role::kCaseworker});
    const Principal volunteer = MakePrincipal(UserId{50}, kWelfareDivision, {Role::kWelfareVolunteer});
    const Principal absent_volunteer = MakePrincipal(UserId{51}, kWelfareDivision, {Role::kWelfareVolunteer});
    const Principal auditor = MakePrincipal(UserId{60}, kWelfareDivision, {Role::kAuditor});
    EXPECT_EQ(MeetingReaderOf(convenor, meeting, within), MeetingReader::kConvenor);
    EXPECT_EQ(MeetingReaderOf(member, meeting, within), MeetingReader::kMember);
    EXPECT_EQ(MeetingReaderOf(colleague, meeting, within), MeetingReader::kNone);
    EXPECT_EQ(MeetingReaderOf(volunteer, meeting, within), MeetingReader::kMember);  // attended and pledged
    EXPECT_EQ(MeetingReaderOf(absent_volunteer, meeting, within), MeetingReader::kNone);
    EXPECT_EQ(MeetingReaderOf(auditor, meeting, within), MeetingReader::kNone);
    // A volunteer who pledged but did not attend: nothing.
    meeting.attendee_user_ids.clear();
    EXPECT_EQ(MeetingReaderOf(volunteer, meeting, within), MeetingReader::kNone);
    // After the sharing period (held 6/1 + 90 days = 8/30): members read nothing more; the convenor keeps it.
    const Instant last_day = sys_days{2024y / August / 30} + hours{14};  // 23:00 in Japan
    const Instant after = sys_days{2024y / August / 30} + hours{15};     // 8/31 00:00 in Japan
    EXPECT_EQ(MeetingReaderOf(member, meeting, last_day), MeetingReader::kMember);
    EXPECT_EQ(MeetingReaderOf(member, meeting, after), MeetingReader::kNone);
    EXPECT_EQ(MeetingReaderOf(convenor, meeting, after), MeetingReader::kConvenor);
    // A member who has left reads nothing more, even within the period.
    meeting.named_members.front().left_on = 2024y / June / 15;
    EXPECT_EQ(MeetingReaderOf(member, meeting, within), MeetingReader::kNone);
}

TEST(AccessPolicy, ConsentOnlyAgendaFollowsConsentInForce) {
    using namespace std::chrono;
    PersonAccessFacts facts = KnownToCareCenter();
    const Instant now = sys_days{2024y / June / 10};
    EXPECT_TRUE(MayBeOnAgenda(BodyConsentRule::kSharesWithoutConsent, MeetingBodyId{2}, facts, now));
    EXPECT_FALSE(MayBeOnAgenda(BodyConsentRule::kConsentRequired, MeetingBodyId{2}, facts, now));
    facts.consents.push_back({.consent_id = ConsentId{4}, .bodies = {MeetingBodyId{2}}, .given_on = 2024y / May / 20});
    EXPECT_TRUE(MayBeOnAgenda(BodyConsentRule::kConsentRequired, MeetingBodyId{2}, facts, now));
    EXPECT_FALSE(MayBeOnAgenda(BodyConsentRule::kConsentRequired, MeetingBodyId{3}, facts, now));
    facts.consents.back().expires_on = 2024y / June / 9;
    EXPECT_FALSE(MayBeOnAgenda(BodyConsentRule::kConsentRequired, MeetingBodyId{2}, facts, now));
    facts.consents.back().expires_on.reset();
    facts.consents.back().withdrawn_at = now;
    EXPECT_FALSE(MayBeOnAgenda(BodyConsentRule::kConsentRequired, MeetingBodyId{2}, facts, now));
}

// 民生委員 attached to 福祉課: never the division's referrals, only what is addressed to them by name.
TEST(AccessPolicy, VolunteerSeesOnlyReferralsAddressedToThemByName) {
    const Principal volunteer = MakePrincipal(UserId{50}, kWelfareDivision, {Role::kWelfareVolunteer});
    const Principal caseworker = MakePrincipal(UserId{30}, kWelfareDivision, {Role::kCaseworker});
    EXPECT_FALSE(
        MayReadReferral(volunteer, kCareCenter, kWelfareDivision, std::nullopt, UserId{20}, ReferralStatus::kSent));
    EXPECT_FALSE(MayReadReferral(volunteer, kWelfareDivision, kNpo, std::nullopt, UserId{30}, ReferralStatus::kSent));
    EXPECT_TRUE(
        MayReadReferral(volunteer, kCareCenter, kWelfareDivision, UserId{50}, UserId{20}, ReferralStatus::kSent));
    EXPECT_TRUE(MayReadReferral(volunteer, kWelfareDivision, kNpo, std::nullopt, UserId{50}, ReferralStatus::kSent));
    EXPECT_TRUE(
        MayReadReferral(caseworker, kCareCenter, kWelfareDivision, std::nullopt, UserId{20}, ReferralStatus::kSent));
    // Declined: gone from the receiver at once, kept by the sender.
    EXPECT_FALSE(MayReadReferral(caseworker, kCareCenter, kWelfareDivision, std::nullopt, UserId{20},
                                 ReferralStatus::kDeclined));
    EXPECT_FALSE(
        MayReadReferral(volunteer, kCareCenter, kWelfareDivision, UserId{50}, UserId{20}, ReferralStatus::kDeclined));
    const Principal sender = MakePrincipal(UserId{20}, kCareCenter, {Role::kCaseworker});
    EXPECT_TRUE(
        MayReadReferral(sender, kCareCenter, kWelfareDivision, std::nullopt, UserId{20}, ReferralStatus::kDeclined));

    PersonAccessFacts facts = KnownToCareCenter();
    facts.referrals.push_back({.referral_id = ReferralId{5},
                               .from_organization_id = kCareCenter,
                               .to_organization_id = kWelfareDivision,
                               .status = ReferralStatus::kAccepted});
    EXPECT_EQ(DecideAccess({volunteer, OrganizationKind::kMunicipalDivision}, facts, kNow).level, ViewLevel::kNone);
    facts.referrals.back().to_user_id = UserId{50};
    const AccessDecision named = DecideAccess({volunteer, OrganizationKind::kMunicipalDivision}, facts, kNow);
    EXPECT_EQ(named.level, ViewLevel::kFull);
    EXPECT_FALSE(named.sensitive_fields);  // never 要配慮 fields
}

// A meeting held jointly by two bodies is read under the stricter of their rules.
TEST(AccessPolicy, JointMeetingIsReadUnderTheStricterRules) {
    using namespace std::chrono;
    const Principal npo = MakePrincipal(UserId{40}, kNpo, {Role::kCaseworker});
    PersonAccessFacts facts = KnownToCareCenter();
    const NamedMember pledge{.user_id = UserId{40}, .organization_id = kNpo, .pledge_signed_on = 2024y / April / 1};
    MeetingFact meeting{.meeting_id = MeetingId{9},
                        .body_id = MeetingBodyId{1},
                        .legal_basis = LegalBasis::kArticle106_6,
                        .shares_without_consent = true,
                        .sharing_days = 90,
                        .held_on = 2024y / June / 1,
                        .convenor_user_id = UserId{30},
                        .attendee_user_ids = {},
                        .named_members = {pledge},
                        .joint = JointBodyFact{.body_id = MeetingBodyId{3},
                                               .shares_without_consent = false,
                                               .sharing_days = 30,
                                               .named_members = {pledge}}};
    facts.meetings.push_back(meeting);
    const Instant within = sys_days{2024y / June / 20};
    // The 協議会 shares only with consent: without it the 支援会議 half opens nothing.
    EXPECT_EQ(DecideAccess({npo, OrganizationKind::kNpo}, facts, within).level, ViewLevel::kNone);
    EXPECT_FALSE(MayBeOnAgenda(facts.meetings.back(), facts, within));
    facts.consents.push_back(
        {.consent_id = ConsentId{4}, .bodies = {MeetingBodyId{1}, MeetingBodyId{3}}, .given_on = 2024y / May / 20});
    EXPECT_TRUE(MayBeOnAgenda(facts.meetings.back(), facts, within));
    EXPECT_EQ(DecideAccess({npo, OrganizationKind::kNpo}, facts, within).level, ViewLevel::kMeetingShared);
    // The shorter period (30 days) ends it.
    EXPECT_EQ(DecideAccess({npo, OrganizationKind::kNpo}, facts, sys_days{2024y / July / 5}).level, ViewLevel::kNone);
    // A pledge for each body: without the 協議会's, nothing.
    facts.meetings.back().joint->named_members.clear();
    EXPECT_EQ(MeetingReaderOf(npo, facts.meetings.back(), within), MeetingReader::kNone);
}

TEST(Sharing, EmergencyReasonMustSaySomething) {
    EXPECT_FALSE(ValidateEmergencyReason(""));
    EXPECT_FALSE(ValidateEmergencyReason("          "));
    EXPECT_FALSE(ValidateEmergencyReason("\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000"));
    EXPECT_FALSE(ValidateEmergencyReason("緊急"));
    EXPECT_FALSE(ValidateEmergencyReason("ああああああああああああ"));
    EXPECT_FALSE(ValidateEmergencyReason("緊 急 で す 。 見 ま す"));
    EXPECT_TRUE(ValidateEmergencyReason("本人と連絡が取れず安否確認が必要なため"));
}

TEST(Sharing, MeetingInTheFutureIsNotHeld) {
    using namespace std::chrono;
    const Instant now = sys_days{2024y / June / 10} + hours{15};  // 6/11 00:00 in Japan
    EXPECT_TRUE(MeetingHeld(2024y / June / 11, now));
    EXPECT_FALSE(MeetingHeld(2024y / June / 12, now));
}

// --- the part of a case a partner reads (DecideCasePart) -----------------------------------------------------------

namespace case_part {

constexpr OrganizationId kLead = kWelfareDivision;

SupportCase CaseLedByWelfare() {
    SupportCase support_case;
    support_case.id = CaseId{7};
    support_case.person_id = PersonId{10};
    support_case.lead_organization_id = kLead;
    return support_case;
}

AccessDecision FullOn(AccessBasis basis, bool holds_record = false) {
    AccessDecision decision;
    decision.level = ViewLevel::kFull;
    decision.basis = basis;
    decision.holds_record = holds_record;
    return decision;
}

const Date kToday{std::chrono::year{2025}, std::chrono::month{6}, std::chrono::day{1}};

TEST(CasePart, HolderLeadCoordinatorAndEmergencyKeepTheWholeCase) {
    const SupportCase support_case = CaseLedByWelfare();
    const Principal houkatsu = MakePrincipal(UserId{20}, kCareCenter, {Role::kCaseworker});
    const CasePart holder = DecideCasePart({houkatsu}, FullOn(AccessBasis::kOwnRecord, true), support_case, kToday);
    EXPECT_TRUE(holder.whole);
    EXPECT_EQ(holder.basis, "holder");
    // The holder after a hand-over reads on another basis but still holds the record.
    EXPECT_TRUE(DecideCasePart({houkatsu}, FullOn(AccessBasis::kReferral, true), support_case, kToday).whole);

    const Principal welfare = MakePrincipal(UserId{30}, kLead, {Role::kCaseworker});
    const CasePart lead = DecideCasePart({welfare}, FullOn(AccessBasis::kCaseTeam), support_case, kToday);
    EXPECT_TRUE(lead.whole);
    EXPECT_EQ(lead.basis, "case_lead");

    const Principal coordinator = MakePrincipal(UserId{50}, kNpo, {Role::kCoordinator});
    EXPECT_EQ(DecideCasePart({coordinator}, FullOn(AccessBasis::kCaseTeam), support_case, kToday).basis, "coordinator");
    SupportCase coordinated = support_case;
    coordinated.coordinator_user_id = UserId{40};
    const Principal named = MakePrincipal(UserId{40}, kNpo, {Role::kCaseworker});
    EXPECT_TRUE(DecideCasePart({named}, FullOn(AccessBasis::kCaseTeam), coordinated, kToday).whole);

    const Principal npo = MakePrincipal(UserId{41}, kNpo, {Role::kCaseworker});
    const CasePart emergency = DecideCasePart({npo}, FullOn(AccessBasis::kEmergency), support_case, kToday);
    EXPECT_TRUE(emergency.whole);
    EXPECT_EQ(emergency.basis, "emergency");
}

TEST(CasePart, ReferralPartnerReadsItsOwnActionsAndNotesWithoutTheAssessment) {
    const Principal npo = MakePrincipal(UserId{41}, kNpo, {Role::kCaseworker});
    const CasePart part = DecideCasePart({npo}, FullOn(AccessBasis::kReferral), CaseLedByWelfare(), kToday);
    EXPECT_FALSE(part.whole);
    EXPECT_EQ(part.basis, "partner");
    EXPECT_EQ(part.organization_id, kNpo);
    EXPECT_FALSE(part.assessment);  // it only accepted a referral

    EXPECT_TRUE(part.ShowsNote(ProgressNote{.organization_id = kNpo}));
    EXPECT_FALSE(part.ShowsNote(ProgressNote{.organization_id = kLead}));

    SupportPlan plan;
    plan.goals = "また働きたい";
    plan.actions = {PlanAction{.id = 1, .description = "訪問", .responsible_organization_id = kNpo},
                    PlanAction{.id = 2, .description = "受診同行", .responsible_organization_id = kLead},
                    PlanAction{.id = 3, .description = "家計相談", .responsible_organization_id = kCareCenter}};
    EXPECT_EQ(WithholdActions(plan, part), 2);
    ASSERT_EQ(plan.actions.size(), 1u);
    EXPECT_EQ(plan.actions.front().id, 1);
    EXPECT_EQ(plan.actions_withheld, 2);
    EXPECT_EQ(plan.goals, "また働きたい");  // the goals in the person's words stay
}

TEST(CasePart, TeamMemberWithARoleAgreedAtAMeetingReadsTheAssessment) {
    const Principal npo = MakePrincipal(UserId{41}, kNpo, {Role::kCaseworker});
    SupportCase support_case = CaseLedByWelfare();
    support_case.team.push_back(TeamMember{.id = 1, .organization_id = kNpo, .role = "アウトリーチ"});
    // On the team by the lead's hand, without a meeting: its part, no assessment.
    EXPECT_FALSE(DecideCasePart({npo}, FullOn(AccessBasis::kCaseTeam), support_case, kToday).assessment);

    support_case.team.front().agreed_at_meeting_id = MeetingId{9};
    const CasePart agreed = DecideCasePart({npo}, FullOn(AccessBasis::kCaseTeam), support_case, kToday);
    EXPECT_FALSE(agreed.whole);
    EXPECT_TRUE(agreed.assessment);

    // A member that has left the team is given no assessment any more.
    support_case.team.front().left_on = kToday;
    EXPECT_FALSE(DecideCasePart({npo}, FullOn(AccessBasis::kCaseTeam), support_case, kToday).assessment);
}

TEST(CasePart, WholeCaseWithholdsNothing) {
    const Principal welfare = MakePrincipal(UserId{30}, kLead, {Role::kCaseworker});
    const CasePart whole = DecideCasePart({welfare}, FullOn(AccessBasis::kOwnRecord, true), CaseLedByWelfare(), kToday);
    SupportPlan plan;
    plan.actions = {PlanAction{.id = 1, .responsible_organization_id = kNpo}};
    EXPECT_EQ(WithholdActions(plan, whole), 0);
    EXPECT_EQ(plan.actions.size(), 1u);
    EXPECT_TRUE(whole.ShowsNote(ProgressNote{.organization_id = kNpo}));
}

TEST(CasePart, DecideAccessMarksTheHolderAndRecordingOrganisations) {
    PersonAccessFacts facts = KnownToCareCenter();
    facts.holder_organization_id = kWelfareDivision;  // after 名寄せ by the division
    const Principal houkatsu = MakePrincipal(UserId{20}, kCareCenter, {Role::kCaseworker});
    EXPECT_TRUE(DecideAccess({houkatsu, OrganizationKind::kCommunityCareCenter}, facts, kNow).holds_record);
    const Principal welfare = MakePrincipal(UserId{30}, kWelfareDivision, {Role::kCaseworker});
    EXPECT_TRUE(DecideAccess({welfare, OrganizationKind::kMunicipalDivision}, facts, kNow).holds_record);
    const Principal npo = MakePrincipal(UserId{40}, kNpo, {Role::kCaseworker});
    facts.referrals.push_back({.referral_id = ReferralId{5},
                               .from_organization_id = kCareCenter,
                               .to_organization_id = kNpo,
                               .status = ReferralStatus::kAccepted});
    const AccessDecision partner = DecideAccess({npo, OrganizationKind::kNpo}, facts, kNow);
    EXPECT_EQ(partner.level, ViewLevel::kFull);
    EXPECT_FALSE(partner.holds_record);
}

}  // namespace case_part

// 孤独感の測定: individual scores are for the professional staff; a 民生委員 and the prefecture's analyst never see
// one.
TEST(LonelinessScores, ProfessionalsOnlyNeverAVolunteerOrThePrefecture) {
    EXPECT_TRUE(MayWorkLonelinessScores(MakePrincipal(UserId{30}, kWelfareDivision, {Role::kCaseworker})));
    EXPECT_TRUE(MayWorkLonelinessScores(MakePrincipal(UserId{31}, kWelfareDivision, {Role::kCoordinator})));
    EXPECT_FALSE(MayWorkLonelinessScores(MakePrincipal(UserId{32}, kWelfareDivision, {Role::kWelfareVolunteer})));
    EXPECT_FALSE(MayWorkLonelinessScores(MakePrincipal(UserId{33}, kWelfareDivision, {Role::kPrefectureAnalyst})));
    EXPECT_FALSE(MayWorkLonelinessScores(
        MakePrincipal(UserId{34}, kWelfareDivision, {Role::kCaseworker, Role::kPrefectureAnalyst})));
    EXPECT_FALSE(MayWorkLonelinessScores(MakePrincipal(UserId{35}, kWelfareDivision, {Role::kAuditor})));
    EXPECT_FALSE(MayWorkLonelinessScores(MakePrincipal(UserId{36}, kWelfareDivision, {Role::kMunicipalAdministrator})));
}

}  // namespace
}  // namespace kasane::domain
