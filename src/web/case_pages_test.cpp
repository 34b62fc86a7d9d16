// SPDX-License-Identifier: Apache-2.0
// The pages of 多機関協働 (issue #6) with the real use cases on SQLite and the demo town: opening a case, the case page
// with its genogram, notes, roles, status, the assessment form, plan drafts with their errors and 409, the print.

#include <gtest/gtest.h>

#include <regex>

#include "web/pages_test_fixture.hpp"

namespace kasane::web {
namespace {

using page_tests::Contains;
using page_tests::Encode;

class CasePagesTest : public page_tests::DemoTownPagesTest {
protected:
    CasePagesTest()
        : DemoTownPagesTest(
              {.name = "case_pages_test", .today = std::chrono::sys_days{std::chrono::year{2026} / 11 / 27}}) {}

    void SetUp() override {
        DemoTownPagesTest::SetUp();
        if (HasFatalFailure()) return;
        coordinator_ = SignIn("demo-coordinator");
        auto principal = auth_->AuthenticateSession(coordinator_.cookie);
        ASSERT_TRUE(principal) << principal.error().message;
        const domain::Actor actor{.principal = *principal, .remote_address = "192.0.2.1", .request_id = "setup"};
        // The 8050 household: a mother (the head) and her withdrawn son, recorded by 福祉課.
        domain::PersonData mother{.family_name = "山田",
                                  .given_name = "キク",
                                  .family_name_kana = "ヤマダ",
                                  .given_name_kana = "キク",
                                  .birth_date = std::chrono::year{1942} / 1 / 20,
                                  .sex = domain::Sex::kFemale};
        domain::PersonData son{.family_name = "山田",
                               .given_name = "一郎",
                               .family_name_kana = "ヤマダ",
                               .given_name_kana = "イチロウ",
                               .birth_date = std::chrono::year{1974} / 3 / 3,
                               .sex = domain::Sex::kMale};
        auto created_mother = persons_->Create(actor, mother);
        ASSERT_TRUE(created_mother) << created_mother.error().message;
        auto created_son = persons_->Create(actor, son);
        ASSERT_TRUE(created_son) << created_son.error().message;
        son_id_ = created_son->id;
        auto household = households_->Create(
            actor, "山田さん世帯", "母の介護と長男のひきこもり",
            {{.person_id = created_mother->id, .relationship = domain::Relationship::kHead, .is_head = true},
             {.person_id = son_id_, .relationship = domain::Relationship::kChild}});
        ASSERT_TRUE(household) << household.error().message;
        household_id_ = household->id;
    }

    std::string Form(std::string fields) { return "_csrf=" + coordinator_.csrf + "&" + fields; }

    // Opens a case for the son through the form; returns its id.
    std::string OpenCase() {
        auto response = Call("POST", "/cases",
                             Form("person_id=" + std::to_string(son_id_) +
                                  "&household_id=" + std::to_string(household_id_) + "&title=" + Encode("8050世帯") +
                                  "&lead_organization_id=" + OrganizationId("福祉課") + "&program_collaboration=1"),
                             &coordinator_);
        EXPECT_EQ(response.status, 303) << response.body;
        std::smatch match;
        const std::string location(response.HeaderValue("Location"));
        EXPECT_TRUE(std::regex_match(location, match, std::regex(R"(/cases/(\d+)\?opened=1)"))) << location;
        return match.size() > 1 ? match[1].str() : "0";
    }

    std::string OrganizationId(const std::string& name) {
        auto list = store_->Tenant(town_.municipality.id)->Organizations().List();
        for (const auto& organization : *list) {
            if (organization.name == name) return std::to_string(organization.id);
        }
        ADD_FAILURE() << name;
        return "0";
    }

    Session coordinator_;
    domain::PersonId son_id_{};
    domain::HouseholdId household_id_{};
};

TEST_F(CasePagesTest, TheNewCaseFormOffersTheHouseholdAndKeepsInputOnError) {
    auto form = Call("GET", "/cases/new?person_id=" + std::to_string(son_id_), {}, &coordinator_);
    ASSERT_EQ(form.status, 200) << form.body;
    EXPECT_TRUE(Contains(form.body, "支援ケースを開始"));
    EXPECT_TRUE(Contains(form.body, "山田さん世帯"));
    EXPECT_TRUE(Contains(form.body, "name=\"_csrf\""));
    EXPECT_TRUE(Contains(form.body, "name=\"program_collaboration\" value=\"1\" checked"));

    auto refused = Call("POST", "/cases",
                        Form("person_id=" + std::to_string(son_id_) +
                             "&title=&lead_organization_id=" + OrganizationId("福祉課") + "&program_outreach=1"),
                        &coordinator_);
    EXPECT_EQ(refused.status, 400);
    EXPECT_TRUE(Contains(refused.body, "「ケースの名前」を入力してください"));
    EXPECT_TRUE(Contains(refused.body, "name=\"program_outreach\" value=\"1\" checked"));
    EXPECT_FALSE(Contains(refused.body, "name=\"program_collaboration\" value=\"1\" checked"));
}

// A meeting may decide to open a case (支援決定): its agenda links to the form, which offers the meeting and keeps it.
TEST_F(CasePagesTest, ACaseIsOpenedFromAMeetingThatDiscussedThePerson) {
    auto principal = auth_->AuthenticateSession(coordinator_.cookie);
    ASSERT_TRUE(principal) << principal.error().message;
    const domain::Actor actor{.principal = *principal, .remote_address = "192.0.2.1", .request_id = "test"};
    auto bodies = sharing_->Bodies(actor);
    ASSERT_TRUE(bodies && !bodies->empty());
    domain::Meeting meeting{.body_id = bodies->front().id,
                            .held_on = std::chrono::year{2026} / 11 / 20,
                            .agenda = {{.person_id = son_id_, .shared_summary = "長男のひきこもり"}}};
    auto created = sharing_->CreateMeeting(actor, meeting);
    ASSERT_TRUE(created) << created.error().message;
    const std::string meeting_id = std::to_string(created->id);

    auto meeting_page = Call("GET", "/meetings/" + meeting_id, {}, &coordinator_);
    ASSERT_EQ(meeting_page.status, 200) << meeting_page.body;
    EXPECT_TRUE(Contains(meeting_page.body,
                         "/cases/new?person_id=" + std::to_string(son_id_) + "&amp;meeting_id=" + meeting_id));

    auto form =
        Call("GET", "/cases/new?person_id=" + std::to_string(son_id_) + "&meeting_id=" + meeting_id, {}, &coordinator_);
    ASSERT_EQ(form.status, 200) << form.body;
    EXPECT_TRUE(Contains(form.body, "<option value=\"" + meeting_id + "\" selected>"));

    auto opened = Call("POST", "/cases",
                       Form("person_id=" + std::to_string(son_id_) + "&title=" + Encode("8050世帯") +
                            "&lead_organization_id=" + OrganizationId("福祉課") + "&program_collaboration=1" +
                            "&meeting_id=" + meeting_id),
                       &coordinator_);
    ASSERT_EQ(opened.status, 303) << opened.body;
    std::smatch match;
    const std::string location(opened.HeaderValue("Location"));
    ASSERT_TRUE(std::regex_match(location, match, std::regex(R"(/cases/(\d+)\?opened=1)"))) << location;
    auto view = cases_->Get(actor, domain::CaseId{std::stoll(match[1].str())});
    ASSERT_TRUE(view) << view.error().message;
    EXPECT_EQ(view->support_case.opened_at_meeting_id, created->id);
}

TEST_F(CasePagesTest, TheCasePageShowsTheHouseholdAsAGenogram) {
    const std::string id = OpenCase();
    auto page = Call("GET", "/cases/" + id + "?opened=1", {}, &coordinator_);
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_TRUE(Contains(page.body, "支援ケースを開始しました。"));
    EXPECT_TRUE(Contains(page.body, "<svg class=\"genogram\""));
    EXPECT_TRUE(Contains(page.body, ">山田 キク</text>"));
    EXPECT_TRUE(Contains(page.body, ">山田 一郎</text>"));
    EXPECT_TRUE(Contains(page.body, ">子・本人</text>"));
    EXPECT_TRUE(Contains(page.body, ">84</text>"));
    EXPECT_TRUE(Contains(page.body, "多機関協働"));
    EXPECT_TRUE(Contains(page.body, "id=\"case-lead\">福祉課"));
    EXPECT_FALSE(Contains(page.body, "style=\""));  // the CSP forbids inline styles
}

TEST_F(CasePagesTest, NotesRelationsAndRolesAreRecordedFromTheCasePage) {
    const std::string id = OpenCase();
    auto note = Call("POST", "/cases/" + id + "/notes",
                     Form("occurred_at=2026-11-27T08%3A30&method=visit&tag=fact&text=" +
                          Encode("自宅を訪問。長男は部屋から出てこなかった。")),
                     &coordinator_);
    EXPECT_EQ(note.status, 303) << note.body;
    auto blank = Call("POST", "/cases/" + id + "/notes",
                      Form("occurred_at=2026-11-27T10%3A00&method=visit&tag=fact&text="), &coordinator_);
    EXPECT_EQ(blank.status, 400);
    EXPECT_TRUE(Contains(blank.body, "「内容」を入力してください"));

    auto relation = Call("POST", "/cases/" + id + "/relations",
                         Form("name=" + Encode("<b>隣人</b>") + "&kind=neighbor&strength=stressful"), &coordinator_);
    EXPECT_EQ(relation.status, 303) << relation.body;

    auto page = Call("GET", "/cases/" + id, {}, &coordinator_);
    ASSERT_EQ(page.status, 200);
    EXPECT_TRUE(Contains(page.body, "自宅を訪問。長男は部屋から出てこなかった。"));
    EXPECT_TRUE(Contains(page.body, "訪問"));
    EXPECT_TRUE(Contains(page.body, "&lt;b&gt;隣人&lt;/b&gt;"));
    EXPECT_FALSE(Contains(page.body, "<b>隣人</b>"));
    EXPECT_TRUE(Contains(page.body, "eco-line--stressful"));

    // A role assigned against a stale version of the case: 409, the input kept.
    auto stale = Call("POST", "/cases/" + id + "/team",
                      Form("version=999&organization_id=" + OrganizationId("栄浜町地域包括支援センター") +
                           "&role=" + Encode("母の介護サービス調整")),
                      &coordinator_);
    EXPECT_EQ(stale.status, 409) << stale.body;
    EXPECT_TRUE(Contains(stale.body, "value=\"母の介護サービス調整\""));
}

TEST_F(CasePagesTest, ClosingNeedsAReason) {
    const std::string id = OpenCase();
    auto refused =
        Call("POST", "/cases/" + id + "/status", Form("version=1&scope=case&status=closed&reason="), &coordinator_);
    EXPECT_EQ(refused.status, 400);
    EXPECT_TRUE(Contains(refused.body, "終結・中断には「理由」を入力してください"));
}

TEST_F(CasePagesTest, TheAssessmentFormMarksRequiredAndReportedItems) {
    const std::string id = OpenCase();
    auto form = Call("GET", "/cases/" + id + "/assessment", {}, &coordinator_);
    ASSERT_EQ(form.status, 200) << form.body;
    EXPECT_TRUE(Contains(form.body, "必須"));
    EXPECT_TRUE(Contains(form.body, "国報告"));
    EXPECT_TRUE(Contains(form.body, "name=\"form_definition_id\""));
}

TEST_F(CasePagesTest, APlanActionNeedsAResponsibleOrganization) {
    const std::string id = OpenCase();
    auto form = Call("GET", "/cases/" + id + "/plans/new", {}, &coordinator_);
    ASSERT_EQ(form.status, 200) << form.body;
    EXPECT_TRUE(Contains(form.body, "name=\"action_description_2\""));  // blank rows without JavaScript
    auto refused = Call("POST", "/cases/" + id + "/plans",
                        Form("rows=0&goals=" + Encode("外に出られるようになりたい") +
                             "&action_description_0=" + Encode("週1回の訪問") + "&action_organization_id_0="),
                        &coordinator_);
    EXPECT_EQ(refused.status, 400);
    EXPECT_TRUE(Contains(refused.body, "「担当機関」を選んでください"));
    EXPECT_TRUE(Contains(refused.body, "外に出られるようになりたい"));
    EXPECT_TRUE(Contains(refused.body, "value=\"週1回の訪問\""));

    auto added = Call("POST", "/cases/" + id + "/plans", Form("rows=0&goals=x&add_rows=1"), &coordinator_);
    EXPECT_EQ(added.status, 200);
    EXPECT_TRUE(Contains(added.body, "name=\"action_description_5\""));

    auto saved = Call(
        "POST", "/cases/" + id + "/plans",
        Form("rows=0&goals=" + Encode("外に出られるようになりたい") + "&action_description_0=" + Encode("週1回の訪問") +
             "&action_organization_id_0=" + OrganizationId("NPO法人 ひだまりの家（ひきこもり支援）") +
             "&action_due_on_0=" + Encode("令和8年12月1日")),
        &coordinator_);
    EXPECT_EQ(saved.status, 303) << saved.body;
    auto page = Call("GET", "/cases/" + id, {}, &coordinator_);
    EXPECT_TRUE(Contains(page.body, "支援プラン（案）"));
    EXPECT_TRUE(Contains(page.body, "週1回の訪問"));
}

// A partner reads the part of the case it works on (DecideCasePart): the NPO that accepted a referral and is on the
// team without a role agreed at a meeting sees the goals and its own action with 「他機関の担当 1 件」, only its own
// notes, no assessment — on the case page, the 経過一覧 and the printed record; the lead (福祉課, the coordinator)
// keeps the whole case.
TEST_F(CasePagesTest, APartnerSeesOnlyItsPartOfTheCase) {
    const std::string id = OpenCase();
    const std::string npo_org = OrganizationId("NPO法人 ひだまりの家（ひきこもり支援）");
    auto plan = Call("POST", "/cases/" + id + "/plans",
                     Form("rows=0&goals=" + Encode("外に出られるようになりたい") +
                          "&action_description_0=" + Encode("居場所への同行") + "&action_organization_id_0=" + npo_org +
                          "&action_description_1=" + Encode("生活費の債務整理の相談") +
                          "&action_organization_id_1=" + OrganizationId("福祉課")),
                     &coordinator_);
    ASSERT_EQ(plan.status, 303) << plan.body;
    auto note = Call(
        "POST", "/cases/" + id + "/notes",
        Form("occurred_at=2026-11-27T08%3A30&method=visit&tag=fact&text=" + Encode("福祉課の面談記録：家計の詳細")),
        &coordinator_);
    ASSERT_EQ(note.status, 303) << note.body;

    // 福祉課 refers the son to the NPO, which accepts.
    auto principal = auth_->AuthenticateSession(coordinator_.cookie);
    ASSERT_TRUE(principal) << principal.error().message;
    const domain::Actor coordinator{.principal = *principal, .remote_address = "192.0.2.1", .request_id = "test"};
    auto sent = referrals_->Send(coordinator, son_id_, std::nullopt, kasane::OrganizationId{std::stoll(npo_org)},
                                 std::nullopt, "居場所への同行をお願いしたい", "面談を1回");
    ASSERT_TRUE(sent) << sent.error().message;
    Session npo = SignIn("demo-npo");
    auto npo_principal = auth_->AuthenticateSession(npo.cookie);
    ASSERT_TRUE(npo_principal) << npo_principal.error().message;
    const domain::Actor npo_actor{.principal = *npo_principal, .remote_address = "192.0.2.2", .request_id = "test"};
    auto accepted = referrals_->Transition(npo_actor, sent->referral.id, sent->referral.version,
                                           domain::ReferralStatus::kAccepted, "");
    ASSERT_TRUE(accepted) << accepted.error().message;
    // The lead puts the NPO on the team (no meeting agreed the role), so that it writes its notes.
    auto loaded = cases_->Get(coordinator, domain::CaseId{std::stoll(id)});
    ASSERT_TRUE(loaded) << loaded.error().message;
    auto assigned =
        cases_->AssignRole(coordinator, domain::CaseId{std::stoll(id)}, loaded->support_case.version,
                           {.organization_id = kasane::OrganizationId{std::stoll(npo_org)}, .role = "居場所への同行"});
    ASSERT_TRUE(assigned) << assigned.error().message;
    auto own = Call("POST", "/cases/" + id + "/notes",
                    "_csrf=" + npo.csrf +
                        "&occurred_at=2026-11-27T08%3A45&method=visit&tag=fact&text=" + Encode("居場所に同行した"),
                    &npo);
    ASSERT_EQ(own.status, 303) << own.body;

    auto page = Call("GET", "/cases/" + id, {}, &npo);
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_TRUE(Contains(page.body, "id=\"case-partner-notice\""));
    EXPECT_TRUE(Contains(page.body, "外に出られるようになりたい"));
    EXPECT_TRUE(Contains(page.body, "居場所への同行"));
    EXPECT_TRUE(Contains(page.body, "他機関の担当 1 件"));
    EXPECT_FALSE(Contains(page.body, "債務整理"));
    EXPECT_TRUE(Contains(page.body, "居場所に同行した"));
    EXPECT_FALSE(Contains(page.body, "家計の詳細"));
    EXPECT_TRUE(Contains(page.body, "id=\"assessment-withheld\""));

    auto notes = Call("GET", "/cases/" + id + "/notes", {}, &npo);
    ASSERT_EQ(notes.status, 200);
    EXPECT_TRUE(Contains(notes.body, "居場所に同行した"));
    EXPECT_FALSE(Contains(notes.body, "家計の詳細"));
    EXPECT_TRUE(Contains(notes.body, "他機関が記録した支援経過は表示されません"));

    // The lead keeps the whole case: both actions, both notes, no notice.
    auto whole = Call("GET", "/cases/" + id, {}, &coordinator_);
    ASSERT_EQ(whole.status, 200);
    EXPECT_TRUE(Contains(whole.body, "債務整理"));
    EXPECT_TRUE(Contains(whole.body, "家計の詳細"));
    EXPECT_TRUE(Contains(whole.body, "居場所に同行した"));
    EXPECT_FALSE(Contains(whole.body, "他機関の担当"));
    EXPECT_FALSE(Contains(whole.body, "case-partner-notice"));
    auto print = Call("GET", "/cases/" + id + "/print", {}, &coordinator_);
    ASSERT_EQ(print.status, 200);
    EXPECT_TRUE(Contains(print.body, "家計の詳細"));
}

TEST_F(CasePagesTest, TheRecordPrintsAndStrangersSeeNothing) {
    const std::string id = OpenCase();
    auto print = Call("GET", "/cases/" + id + "/print", {}, &coordinator_);
    ASSERT_EQ(print.status, 200) << print.body;
    EXPECT_TRUE(Contains(print.body, "<svg class=\"genogram\""));
    EXPECT_TRUE(Contains(print.body, "取扱注意"));
    auto notes = Call("GET", "/cases/" + id + "/notes", {}, &coordinator_);
    EXPECT_EQ(notes.status, 200);
    EXPECT_TRUE(Contains(notes.body, "支援経過記録"));

    // The NPO has no consent and no role: the case does not exist for it.
    Session npo = SignIn("demo-npo");
    EXPECT_EQ(Call("GET", "/cases/" + id, {}, &npo).status, 404);
    // Printing is an export: a caseworker without the right is refused before the case is looked up.
    EXPECT_EQ(Call("GET", "/cases/" + id + "/print", {}, &npo).status, 403);
    EXPECT_EQ(Call("GET", "/cases/999999", {}, &coordinator_).status, 404);
}

}  // namespace
}  // namespace kasane::web
