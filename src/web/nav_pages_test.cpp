// SPDX-License-Identifier: Apache-2.0
// Issue 13, item 10: the menu offers a role only what it may open. For every demo account (every role of the demo
// town: system and town administrators, coordinator, caseworkers of 福祉課, 地域包括 and the NPO, 民生委員, auditor,
// prefecture analyst), each link of the main menu answers 200 for that user, and the links each role must (not)
// see are checked against the rules that guard the routes. Also the words of the printed papers' margins
// (GET /print/paper.css, issue 13, item 9).

#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "domain/commissioner_activity_service.hpp"
#include "domain/community_development_service.hpp"
#include "domain/evaluation_plan_service.hpp"
#include "domain/export_job_service.hpp"
#include "domain/household_survey_service.hpp"
#include "domain/operator_console.hpp"
#include "domain/outreach_service.hpp"
#include "domain/participation_match_service.hpp"
#include "domain/resource_directory_service.hpp"
#include "domain/training_service.hpp"
#include "storage/community_port.hpp"
#include "storage/evaluation_plan_port.hpp"
#include "storage/export_job_port.hpp"
#include "storage/participation_match_port.hpp"
#include "storage/resource_directory_port.hpp"
#include "storage/training_port.hpp"
#include "web/commissioner_activity_pages.hpp"
#include "web/community_pages.hpp"
#include "web/evaluation_plan_pages.hpp"
#include "web/export_pages.hpp"
#include "web/household_survey_pages.hpp"
#include "web/operator_pages.hpp"
#include "web/outreach_pages.hpp"
#include "web/pages.hpp"
#include "web/pages_test_fixture.hpp"
#include "web/participation_pages.hpp"
#include "web/program_result_pages.hpp"
#include "web/resource_directory_pages.hpp"
#include "web/training_pages.hpp"

namespace kasane::web {
namespace {

using page_tests::Contains;

class NavPagesTest : public page_tests::DemoTownPagesTest {
protected:
    NavPagesTest()
        : DemoTownPagesTest(
              {.name = "nav_pages_test", .today = std::chrono::sys_days{std::chrono::year{2025} / 6 / 2}}) {}

    // 民生委員の活動記録 is registered apart from AddPages, as serve.cpp does; its menu link must open too.
    void SetUp() override {
        DemoTownPagesTest::SetUp();
        activity_ = std::make_unique<domain::CommissionerActivityService>(*store_, clock_, *audit_);
        AddCommissionerActivityPages(router_, *activity_, *directory_service_, clock_);
        // アウトリーチ likewise (serve.cpp registers it apart).
        outreach_ = std::make_unique<domain::OutreachService>(*store_, clock_, *audit_, *persons_, *consultations_);
        AddOutreachPages(router_, *outreach_, *directory_service_, clock_);
        // 世帯訪問調査 and the operator's console likewise.
        surveys_ = std::make_unique<domain::HouseholdSurveyService>(*store_, clock_, *audit_, *consultations_);
        AddHouseholdSurveyPages(router_, *surveys_, *directory_service_, clock_);
        operator_console_ = std::make_unique<domain::OperatorConsole>(*store_, clock_);
        AddOperatorPages(router_, *operator_console_);
        // 資源台帳 likewise.
        resource_cache_ = std::make_unique<domain::ResourceDirectoryCache>(
            storage::ResourceDirectoryOf,
            [](domain::TenantStore& tenant) { return storage::ParticipationMatchesOf(tenant)->DirectoryVersion(); });
        resources_ = std::make_unique<domain::ResourceDirectoryService>(
            *store_, storage::ResourceDirectoryOf, clock_, *audit_, [] { return std::string(36, '0'); },
            *resource_cache_);
        AddResourceDirectoryPages(router_, *resources_, *directory_service_);
        // 地域づくり likewise.
        community_ = std::make_unique<domain::CommunityDevelopmentService>(*store_, storage::CommunityOf, clock_,
                                                                           *consultations_, *cases_);
        AddCommunityPages(router_, *community_, *directory_service_);
        // 参加支援 likewise.
        participation_ = std::make_unique<domain::ParticipationMatchService>(*store_, storage::ParticipationMatchesOf,
                                                                             storage::ResourceDirectoryOf, clock_,
                                                                             *audit_, *persons_, *resource_cache_);
        AddParticipationPages(router_, *participation_, *resources_, *directory_service_, clock_);
        // 人材育成 likewise.
        training_ = std::make_unique<domain::TrainingService>(*store_, storage::TrainingOf, clock_);
        AddTrainingPages(router_, *training_, *directory_service_);
        // 実施計画と評価 likewise.
        evaluation_plans_ = std::make_unique<domain::EvaluationPlanService>(*store_, storage::EvaluationPlansOf, clock_,
                                                                            *training_, *community_, *participation_);
        AddEvaluationPlanPages(router_, *evaluation_plans_, *directory_service_);
        AddProgramResultPages(router_, *evaluation_plans_, *directory_service_);
        // 出力ファイル likewise (no runner: the menu's page lists the jobs).
        exports_ = std::make_unique<domain::ExportJobService>(*store_, storage::ExportJobsOf, storage::BookPagesOf,
                                                              clock_, directory_ / "exports");
        AddExportPages(router_, *exports_, clock_, [] {});
    }

    void TearDown() override {
        exports_.reset();
        evaluation_plans_.reset();
        training_.reset();
        participation_.reset();
        community_.reset();
        resources_.reset();
        operator_console_.reset();
        surveys_.reset();
        outreach_.reset();
        DemoTownPagesTest::TearDown();
    }

    std::unique_ptr<domain::CommissionerActivityService> activity_;
    std::unique_ptr<domain::OutreachService> outreach_;
    std::unique_ptr<domain::HouseholdSurveyService> surveys_;
    std::unique_ptr<domain::OperatorConsole> operator_console_;
    std::unique_ptr<domain::ResourceDirectoryCache> resource_cache_;
    std::unique_ptr<domain::ResourceDirectoryService> resources_;
    std::unique_ptr<domain::CommunityDevelopmentService> community_;
    std::unique_ptr<domain::ParticipationMatchService> participation_;
    std::unique_ptr<domain::TrainingService> training_;
    std::unique_ptr<domain::EvaluationPlanService> evaluation_plans_;
    std::unique_ptr<domain::ExportJobService> exports_;

    // The hrefs of the main menu on the home page of `session`.
    std::vector<std::string> MenuLinks(const Session& session) {
        const http::Response home = Call("GET", "/", {}, &session);
        EXPECT_EQ(home.status, 200) << home.body;
        const auto nav_start = home.body.find("<nav class=\"site-nav\"");
        const auto nav_end = home.body.find("</nav>", nav_start);
        EXPECT_NE(nav_start, std::string::npos);
        const std::string nav = home.body.substr(nav_start, nav_end - nav_start);
        std::vector<std::string> links;
        const std::regex link("class=\"site-nav__link\" href=\"([^\"]+)\"");
        for (auto it = std::sregex_iterator(nav.begin(), nav.end(), link); it != std::sregex_iterator(); ++it) {
            links.push_back((*it)[1]);
        }
        return links;
    }
};

struct RoleMenu {
    const char* username;
    std::set<std::string> must_show;
    std::set<std::string> must_not_show;
};

TEST_F(NavPagesTest, EveryMenuLinkOpensForEveryRole) {
    const std::vector<RoleMenu> roles = {
        {"demo-admin",
         {"/", "/admin/security", "/account/second-factor", "/operator"},
         {"/intake", "/referrals", "/cases", "/audit"}},
        {"demo-town-admin",
         {"/", "/admin/security", "/meeting-bodies", "/reports/fiscal-year"},
         {"/intake", "/referrals"}},
        {"demo-coordinator",
         {"/intake", "/persons", "/referrals", "/cases", "/work", "/reports/fiscal-year", "/meetings",
          "/meeting-bodies", "/surveys", "/evaluation"},
         {"/audit", "/admin/security", "/operator"}},
        {"demo-caseworker",
         {"/intake", "/persons", "/referrals", "/cases", "/work", "/reports/fiscal-year", "/meetings", "/outreach",
          "/resource-directory", "/community", "/training", "/evaluation"},
         {"/audit", "/admin/security", "/meeting-bodies"}},
        // 地域包括 and the NPO are not 市町村 divisions: no town-wide 年度集計 (domain::MayReadTownReports).
        {"demo-houkatsu",
         {"/intake", "/referrals", "/cases", "/meetings", "/outreach"},
         {"/reports/fiscal-year", "/audit"}},
        // 人材育成 is the town's own programme: not the partner agencies' (domain::MayRecordTraining).
        {"demo-npo",
         {"/intake", "/referrals", "/cases", "/meetings"},
         {"/reports/fiscal-year", "/audit", "/training", "/evaluation"}},
        // 民生委員: consultations and referrals addressed to them; no cases, no town report (issue 13's 「年度集計」).
        {"demo-volunteer",
         {"/intake", "/referrals"},
         {"/reports/fiscal-year", "/cases", "/work", "/meetings", "/audit", "/admin/security", "/outreach", "/training",
          "/evaluation"}},
        {"demo-auditor",
         {"/audit", "/reports/fiscal-year"},
         {"/intake", "/referrals", "/cases", "/admin/security", "/outreach", "/resource-directory", "/community"}},
        {"demo-analyst", {"/reports/fiscal-year"}, {"/intake", "/referrals", "/cases", "/audit", "/meetings"}},
    };
    for (const RoleMenu& role : roles) {
        SCOPED_TRACE(role.username);
        const Session session = SignIn(role.username);
        const std::vector<std::string> links = MenuLinks(session);
        ASSERT_FALSE(links.empty());
        for (const std::string& link : links) {
            // The fixture's WebDependencies carry no Administration, so the administrators' pages answer nothing
            // here; the browser journeys open them (second_factor.test.mjs, admin_*.test.mjs).
            if (link.starts_with("/admin/")) continue;
            const http::Response opened = Call("GET", link, {}, &session);
            EXPECT_EQ(opened.status, 200) << role.username << " " << link << "\n" << opened.body.substr(0, 400);
        }
        for (const std::string& link : role.must_show) {
            EXPECT_NE(std::ranges::find(links, link), links.end()) << role.username << " lacks " << link;
        }
        for (const std::string& link : role.must_not_show) {
            EXPECT_EQ(std::ranges::find(links, link), links.end()) << role.username << " is offered " << link;
            // And the menu is right to leave it out: the page is closed, or shows nothing to act on.
        }
    }
}

// What a role is not offered stays closed when typed: the guard and the menu ask the same rule.
TEST_F(NavPagesTest, ALinkLeftOutIsClosedWhenTyped) {
    const Session volunteer = SignIn("demo-volunteer");
    EXPECT_NE(Call("GET", "/reports/fiscal-year", {}, &volunteer).status, 200);
    EXPECT_NE(Call("GET", "/outreach", {}, &volunteer).status, 200);  // アウトリーチ: OutreachAccess, no 民生委員
    EXPECT_NE(Call("GET", "/training", {}, &volunteer).status, 200);             // 人材育成: MayReadTrainingTotals
    EXPECT_EQ(Call("GET", "/evaluation", {}, &volunteer).status, 404);           // 実施計画: MayReadEvaluationPlan
    EXPECT_EQ(Call("GET", "/evaluation/programs", {}, &volunteer).status, 404);  // 事業別実績: the same right
    EXPECT_EQ(Call("GET", "/evaluation/surveys", {}, &volunteer).status, 404);   // 関係者調査: the same right
    const Session analyst = SignIn("demo-analyst");
    const http::Response intake = Call("POST", "/intake", "_csrf=" + analyst.csrf + "&chief_complaint=x", &analyst);
    EXPECT_NE(intake.status, 303) << intake.body.substr(0, 400);
}

TEST_F(NavPagesTest, PaperMarginsNameTheTownTheUserAndTheTime) {
    const Session coordinator = SignIn("demo-coordinator");
    const http::Response css = Call("GET", "/print/paper.css", {}, &coordinator);
    ASSERT_EQ(css.status, 200) << css.body;
    EXPECT_TRUE(Contains(css.HeaderValue("Content-Type"), "text/css"));
    EXPECT_EQ(css.HeaderValue("Cache-Control"), "no-store");
    EXPECT_TRUE(Contains(css.body, "@top-left { content: \"取扱注意\"; }")) << css.body;
    EXPECT_TRUE(Contains(css.body, "@top-right { content: \"鳥取県 栄浜町\"; }")) << css.body;
    // The manual clock starts at 2025-06-02 00:00 UTC: 09:00 in Japan, in 和暦.
    EXPECT_TRUE(Contains(css.body, "出力 調整 みどり（デモ）（福祉課）　令和7年6月2日 09:00")) << css.body;
    // Signed out: no margins (and no names).
    EXPECT_NE(Call("GET", "/print/paper.css", {}, nullptr).status, 200);
}

}  // namespace
}  // namespace kasane::web
