// SPDX-License-Identifier: Apache-2.0
// The worker's desk on the home page and GET /desk (issue 13, item 5), and the person page's cases, meetings and
// timeline (item 6), against a real SQLite store holding the demo town and the real use cases: each count is what
// the role may see, each link opens for that role, and the roles that do no case work see none of it.

#include "web/pages_test_fixture.hpp"

namespace kasane::web {
namespace {

using page_tests::Contains;
using page_tests::Encode;

class DeskPagesTest : public page_tests::DemoTownPagesTest {
protected:
    // Wednesday 3 April 2024, 09:00 in Japan.
    DeskPagesTest()
        : DemoTownPagesTest(
              {.name = "desk_pages_test", .today = std::chrono::sys_days{std::chrono::year{2024} / 4 / 3}}) {}

    // A person recorded through 相談受付 on Monday 1 April.
    domain::PersonId RecordPerson(const Session& session, std::string_view family_name) {
        return DemoTownPagesTest::RecordPerson(session, family_name, "ツクエ", "2024-04-01T10:30");
    }

    // The count the page shows for a part of the desk, or -1 when the part is not shown.
    static int CountOf(const std::string& html, std::string_view key) {
        std::smatch match;
        const std::regex pattern("data-desk-count=\"" + std::string(key) + "\">(\\d+)<");
        if (!std::regex_search(html, match, pattern)) return -1;
        return std::stoi(match[1].str());
    }

    // Every href="/…" of the page's desk list (GET /desk), each answered 200 for `session`.
    void ExpectLinksOpen(const std::string& html, const Session& session) {
        const std::regex link(R"re(href="(/(?:consultations|referrals|cases|meetings|persons)[^"#]*)")re");
        int opened = 0;
        for (auto it = std::sregex_iterator(html.begin(), html.end(), link); it != std::sregex_iterator(); ++it) {
            std::string target = (*it)[1].str();
            for (std::size_t at = target.find("&amp;"); at != std::string::npos; at = target.find("&amp;"))
                target.replace(at, 5, "&");
            auto response = Call("GET", target, {}, &session);
            EXPECT_EQ(response.status, 200) << target;
            ++opened;
        }
        EXPECT_GT(opened, 0);
    }
};

TEST_F(DeskPagesTest, EachRoleSeesTheCountsOfItsOwnWorkAndEveryLinkOpens) {
    Session caseworker = SignIn("demo-caseworker");
    const domain::PersonId person = RecordPerson(caseworker, "机");
    const domain::Actor worker = ActorOf(caseworker);

    // 次回連絡予定 today on the consultation just recorded.
    auto consultations = consultations_->OfPerson(worker, person);
    ASSERT_TRUE(consultations && consultations->size() == 1);
    const domain::Date today{std::chrono::year{2024} / 4 / 3};
    ASSERT_TRUE(
        consultations_->SetNextContact(worker, consultations->front().id, consultations->front().version, today));

    // A referral from 福祉課 to 地域包括, sent a week ago (unanswered: overdue for both).
    auto organizations = directory_service_->Organizations(worker.principal);
    ASSERT_TRUE(organizations) << organizations.error().message;
    OrganizationId houkatsu{};
    for (const auto& organization : *organizations) {
        if (organization.name == "栄浜町地域包括支援センター") houkatsu = organization.id;
    }
    ASSERT_NE(houkatsu, 0);
    auto sent = referrals_->Send(worker, person, std::nullopt, houkatsu, std::nullopt, "介護の相談のため", "聞き取り");
    ASSERT_TRUE(sent) << sent.error().message;

    // A consent of the person naming 福祉課, expiring in 20 days.
    domain::Consent consent;
    consent.person_id = person;
    consent.organizations = {worker.principal.user.organization_id};
    consent.purpose = "支援のための情報共有";
    consent.given_on = domain::Date{std::chrono::year{2024} / 4 / 1};
    consent.method = domain::ConsentMethod::kWritten;
    consent.explanation_version = "説明文書 v2";
    consent.expires_on = domain::Date{std::chrono::year{2024} / 4 / 23};
    auto recorded = sharing_->RecordConsent(worker, consent);
    ASSERT_TRUE(recorded) << recorded.error().message;

    // A meeting of the 支援会議 this week (Monday), convened by the coordinator, with the person on its agenda.
    Session coordinator = SignIn("demo-coordinator");
    const domain::Actor convenor = ActorOf(coordinator);
    auto bodies = sharing_->Bodies(convenor);
    ASSERT_TRUE(bodies) << bodies.error().message;
    domain::MeetingBodyId support_meeting{};
    for (const auto& body : *bodies) {
        if (body.display_name == "栄浜町支援会議") support_meeting = body.id;
    }
    auto meeting = sharing_->CreateMeeting(
        convenor, domain::Meeting{.body_id = support_meeting,
                                  .held_on = domain::Date{std::chrono::year{2024} / 4 / 1},
                                  .agenda = {{.person_id = person, .shared_summary = "長男のひきこもり"}}});
    ASSERT_TRUE(meeting) << meeting.error().message;

    // A week later the referral is overdue (3 working days), the consent expires in 13 days.
    clock_.Advance(std::chrono::days{7});
    caseworker = SignIn("demo-caseworker");
    auto home = Call("GET", "/", {}, &caseworker);
    ASSERT_EQ(home.status, 200) << home.body;
    EXPECT_TRUE(Contains(home.body, "id=\"home-desk\""));
    EXPECT_EQ(CountOf(home.body, "consultations"), 1);
    EXPECT_TRUE(Contains(home.body, "（うち次回連絡予定が今日まで 1件）"));
    EXPECT_EQ(CountOf(home.body, "referrals_out"), 1);
    EXPECT_EQ(CountOf(home.body, "referrals_in"), 0);
    EXPECT_EQ(CountOf(home.body, "consents"), 1);
    EXPECT_EQ(CountOf(home.body, "reviews"), 0);
    EXPECT_EQ(CountOf(home.body, "meetings"), 0);  // a week later: that meeting was last week
    EXPECT_TRUE(Contains(home.body, "href=\"/consultations?preset=mine\""));
    // The home page shows the number only, so it reads no consent of the person: nothing is audited for it; the
    // desk's list names the person and its every row is an audited read (a search with the basis).
    const domain::Actor auditor = ActorOf(SignIn("demo-auditor"));
    auto desk_reads = [&] {
        EXPECT_TRUE(audit_->Flush());
        auto entries = audit_reports_->AccessesOfPerson(auditor, person, 500);
        EXPECT_TRUE(entries) << (entries ? "" : entries.error().message);
        return entries ? std::count_if(entries->begin(), entries->end(),
                                       [](const domain::AuditEntry& entry) {
                                           return entry.record_type == "consent" && entry.detail == "desk";
                                       })
                       : -1;
    };
    EXPECT_EQ(desk_reads(), 0);
    auto desk = Call("GET", "/desk", {}, &caseworker);
    ASSERT_EQ(desk.status, 200) << desk.body;
    EXPECT_EQ(desk_reads(), 1);
    EXPECT_TRUE(Contains(desk.body, "href=\"/referrals/" + std::to_string(sent->referral.id) + "\""));
    EXPECT_TRUE(Contains(desk.body, "href=\"/persons/" + std::to_string(person) + "/sharing#consent-" +
                                        std::to_string(recorded->id) + "\""));
    ExpectLinksOpen(desk.body, caseworker);
    EXPECT_EQ(Call("GET", "/consultations?preset=mine", {}, &caseworker).status, 200);

    // 地域包括 has the same referral overdue in its inbox; the link opens for it too.
    Session houkatsu_user = SignIn("demo-houkatsu");
    auto houkatsu_home = Call("GET", "/", {}, &houkatsu_user);
    EXPECT_EQ(CountOf(houkatsu_home.body, "referrals_in"), 1);
    EXPECT_EQ(CountOf(houkatsu_home.body, "referrals_out"), 0);
    EXPECT_GE(CountOf(houkatsu_home.body, "consultations"), 0);  // the demo town's own, received by 地域包括
    EXPECT_EQ(CountOf(houkatsu_home.body, "consents"), 0);       // the consent names 福祉課, not 地域包括
    ExpectLinksOpen(Call("GET", "/desk", {}, &houkatsu_user).body, houkatsu_user);

    // The 民生委員: their own consultations and the meetings they attended, nothing of the organisation's.
    Session volunteer = SignIn("demo-volunteer");
    auto volunteer_home = Call("GET", "/", {}, &volunteer);
    ASSERT_EQ(volunteer_home.status, 200);
    EXPECT_EQ(CountOf(volunteer_home.body, "consultations"), 0);
    EXPECT_EQ(CountOf(volunteer_home.body, "meetings"), 0);
    EXPECT_EQ(CountOf(volunteer_home.body, "referrals_in"), -1);
    EXPECT_EQ(CountOf(volunteer_home.body, "referrals_out"), -1);
    EXPECT_EQ(CountOf(volunteer_home.body, "consents"), -1);
    EXPECT_EQ(CountOf(volunteer_home.body, "reviews"), -1);
    EXPECT_EQ(Call("GET", "/consultations?preset=mine", {}, &volunteer).status, 200);

    // The auditor and the prefecture: no desk at all; /desk says so.
    for (std::string_view username : {"demo-auditor", "demo-analyst"}) {
        Session reader = SignIn(username);
        auto reader_home = Call("GET", "/", {}, &reader);
        ASSERT_EQ(reader_home.status, 200);
        EXPECT_FALSE(Contains(reader_home.body, "id=\"home-desk\"")) << username;
        auto reader_desk = Call("GET", "/desk", {}, &reader);
        EXPECT_EQ(reader_desk.status, 200);
        EXPECT_TRUE(Contains(reader_desk.body, "id=\"desk-none\"")) << username;
    }
}

TEST_F(DeskPagesTest, ThisWeeksMeetingsAreThoseTheUserReads) {
    Session caseworker = SignIn("demo-caseworker");
    const domain::PersonId person = RecordPerson(caseworker, "週");
    Session coordinator = SignIn("demo-coordinator");
    const domain::Actor convenor = ActorOf(coordinator);
    auto bodies = sharing_->Bodies(convenor);
    ASSERT_TRUE(bodies);
    for (const auto& body : *bodies) {
        // Monday of this week and next Monday: only the first counts.
        for (unsigned day : {1u, 8u}) {
            auto created = sharing_->CreateMeeting(
                convenor,
                domain::Meeting{
                    .body_id = body.id, .held_on = domain::Date{std::chrono::year{2024} / 4 / day}, .agenda = {}});
            ASSERT_TRUE(created) << created.error().message;
        }
    }
    (void)person;
    // The coordinator convened all three of this week; the caseworker is named for two of the bodies (not the
    // 協議会); the 民生委員 attended none; the NPO is named for all three.
    EXPECT_EQ(CountOf(Call("GET", "/", {}, &coordinator).body, "meetings"), 3);
    EXPECT_EQ(CountOf(Call("GET", "/", {}, &caseworker).body, "meetings"), 2);
    Session volunteer = SignIn("demo-volunteer");
    EXPECT_EQ(CountOf(Call("GET", "/", {}, &volunteer).body, "meetings"), 0);
    Session npo = SignIn("demo-npo");
    EXPECT_EQ(CountOf(Call("GET", "/", {}, &npo).body, "meetings"), 3);
    auto desk = Call("GET", "/desk", {}, &caseworker);
    ExpectLinksOpen(desk.body, caseworker);
}

TEST_F(DeskPagesTest, ThePersonPageListsCasesMeetingsAndOneTimelineNewestFirst) {
    Session caseworker = SignIn("demo-caseworker");
    const domain::PersonId person = RecordPerson(caseworker, "経過");
    const domain::Actor worker = ActorOf(caseworker);
    auto opened = cases_->Open(worker, domain::NewCase{.person_id = person,
                                                       .title = "机さんの世帯",
                                                       .lead_organization_id = worker.principal.user.organization_id,
                                                       .programs = {domain::Program::kCollaboration}});
    ASSERT_TRUE(opened) << opened.error().message;
    Session coordinator = SignIn("demo-coordinator");
    const domain::Actor convenor = ActorOf(coordinator);
    auto bodies = sharing_->Bodies(convenor);
    ASSERT_TRUE(bodies);
    domain::MeetingBodyId support_meeting{};
    for (const auto& body : *bodies) {
        if (body.display_name == "栄浜町支援会議") support_meeting = body.id;
    }
    auto meeting = sharing_->CreateMeeting(
        convenor, domain::Meeting{.body_id = support_meeting,
                                  .held_on = domain::Date{std::chrono::year{2024} / 4 / 2},
                                  .agenda = {{.person_id = person, .shared_summary = "長男のひきこもり"}}});
    ASSERT_TRUE(meeting) << meeting.error().message;

    auto page = Call("GET", "/persons/" + std::to_string(person), {}, &caseworker);
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_TRUE(Contains(page.body, "id=\"person-cases\""));
    EXPECT_TRUE(Contains(page.body, "href=\"/cases/" + std::to_string(opened->id) + "\">机さんの世帯</a>"));
    EXPECT_TRUE(Contains(page.body, "href=\"/meetings/" + std::to_string(meeting->id) + "\">栄浜町支援会議</a>"));
    ASSERT_TRUE(Contains(page.body, "id=\"person-timeline-list\""));
    // Newest first: the case opened today, the meeting yesterday, the consultation of 1 April; dates in 和暦.
    const std::size_t list = page.body.find("id=\"person-timeline-list\"");
    const std::size_t case_at = page.body.find("data-kind=\"case_opened\"", list);
    const std::size_t meeting_at = page.body.find("data-kind=\"meeting\"", list);
    const std::size_t consultation_at = page.body.find("data-kind=\"consultation\"", list);
    ASSERT_NE(case_at, std::string::npos);
    ASSERT_NE(meeting_at, std::string::npos);
    ASSERT_NE(consultation_at, std::string::npos);
    EXPECT_LT(case_at, meeting_at);
    EXPECT_LT(meeting_at, consultation_at);
    EXPECT_TRUE(Contains(page.body.substr(list), "令和6年4月2日"));
    EXPECT_FALSE(Contains(page.body, "id=\"person-timeline-incomplete\""));
    // Every entry's link opens for the caseworker.
    const std::size_t end = page.body.find("</ol>", list);
    ExpectLinksOpen(page.body.substr(list, end - list), caseworker);

    // The 民生委員 did not enter this person and was given nothing: the page is not theirs.
    Session volunteer = SignIn("demo-volunteer");
    EXPECT_EQ(Call("GET", "/persons/" + std::to_string(person), {}, &volunteer).status, 404);
    // The NPO (named for the 支援会議) sees the person only through the meeting: no timeline of the record.
    Session npo = SignIn("demo-npo");
    auto npo_page = Call("GET", "/persons/" + std::to_string(person), {}, &npo);
    EXPECT_FALSE(Contains(npo_page.body, "id=\"person-timeline-list\""));
}

}  // namespace
}  // namespace kasane::web
