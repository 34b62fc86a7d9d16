// SPDX-License-Identifier: Apache-2.0
// The work pages of 多機関協働 (issue #6) against a real SQLite store holding the demo town and the real use cases of
// domain/case_service.hpp: 私の業務 and the case list show the cases the viewer may see and leave the others out,
// form versions are published and an old one refuses edits, missing resources are kept and addressed, a meeting
// records a decision on a case on its agenda and prints its papers, and the fiscal-year page counts the cases.

#include "web/pages_test_fixture.hpp"

namespace kasane::web {
namespace {

using page_tests::Contains;
using page_tests::Encode;

class CaseWorkPagesTest : public page_tests::DemoTownPagesTest {
protected:
    CaseWorkPagesTest()
        : DemoTownPagesTest(
              {.name = "case_work_pages_test", .today = std::chrono::sys_days{std::chrono::year{2024} / 4 / 3}}) {}

    // A person recorded by 福祉課 through 相談受付. Returns the person's id.
    std::string RecordPerson(const Session& session, std::string_view family_name) {
        return std::to_string(DemoTownPagesTest::RecordPerson(session, family_name, "ハマノ", "2024-04-02T10:30"));
    }

    // A case led by the session's organisation.
    domain::SupportCase OpenCase(const Session& session, const std::string& person_id, std::string title) {
        const domain::Actor actor = ActorOf(session);
        auto opened = cases_->Open(actor, domain::NewCase{.person_id = domain::PersonId{std::stoll(person_id)},
                                                          .title = std::move(title),
                                                          .lead_organization_id = actor.principal.user.organization_id,
                                                          .programs = {domain::Program::kCollaboration}});
        EXPECT_TRUE(opened) << (opened ? "" : opened.error().message);
        return opened ? *opened : domain::SupportCase{};
    }

    static std::string Location(const http::Response& response) {
        return std::string(response.HeaderValue("Location"));
    }
};

TEST_F(CaseWorkPagesTest, WorkAndCaseListShowOnlyTheCasesTheViewerMaySee) {
    const Session coordinator = SignIn("demo-coordinator");
    const std::string person = RecordPerson(coordinator, "浜野");
    const domain::SupportCase opened = OpenCase(coordinator, person, "浜野さん世帯（<b>8050</b>）");
    ASSERT_NE(opened.id, 0);
    const std::string href = "href=\"/cases/" + std::to_string(opened.id) + "\"";
    const std::string escaped_title = "浜野さん世帯（&lt;b&gt;8050&lt;/b&gt;）";

    auto work = Call("GET", "/work", {}, &coordinator);
    ASSERT_EQ(work.status, 200) << work.body;
    EXPECT_TRUE(Contains(work.body, "<h1 class=\"page-title\">私の業務</h1>"));
    for (const char* heading : {"担当ケース", "自機関の期限が近い・過ぎたアクション", "モニタリング予定",
                                "回答待ちのつなぎ", "記録が途絶えているケース"}) {
        EXPECT_TRUE(Contains(work.body, heading)) << heading;
    }
    EXPECT_TRUE(Contains(work.body, href));
    EXPECT_TRUE(Contains(work.body, escaped_title));
    EXPECT_FALSE(Contains(work.body, "<b>8050</b>"));
    EXPECT_TRUE(Contains(work.body, "href=\"/work\" aria-current=\"page\">私の業務</a>"));
    EXPECT_TRUE(Contains(work.body, "<option value=\"30\" selected>30日</option>"));
    EXPECT_TRUE(Contains(Call("GET", "/work?quiet_days=60", {}, &coordinator).body,
                         "<option value=\"60\" selected>60日</option>"));
    EXPECT_EQ(Call("GET", "/work?quiet_days=abc", {}, &coordinator).status, 400);

    auto list = Call("GET", "/cases", {}, &coordinator);
    ASSERT_EQ(list.status, 200) << list.body;
    EXPECT_TRUE(Contains(list.body, "<h1 class=\"page-title\">支援ケース</h1>"));
    EXPECT_TRUE(Contains(list.body, href));
    for (const char* label : {"状態", "事業", "主担当機関", "地区", "相談分類", "記録なし日数"}) {
        EXPECT_TRUE(Contains(list.body, std::string(">") + label + "</label>")) << label;
    }
    auto open_only = Call("GET", "/cases?status=open&program=collaboration", {}, &coordinator);
    EXPECT_TRUE(Contains(open_only.body, href));
    EXPECT_TRUE(Contains(open_only.body, "<option value=\"open\" selected>"));
    auto closed = Call("GET", "/cases?status=closed", {}, &coordinator);
    ASSERT_EQ(closed.status, 200);
    EXPECT_FALSE(Contains(closed.body, href));
    // A filter that cannot be read is named, and what was typed is kept.
    auto wrong = Call("GET", "/cases?no_note_days=" + Encode("三十"), {}, &coordinator);
    EXPECT_EQ(wrong.status, 400);
    EXPECT_TRUE(Contains(wrong.body, "id=\"no_note_days-error\">「記録なし日数」は1から"));
    EXPECT_TRUE(Contains(wrong.body, "value=\"三十\""));

    // The NPO is neither lead nor on the team, and the person has not consented: the case is not listed for it.
    const Session npo = SignIn("demo-npo");
    auto npo_list = Call("GET", "/cases", {}, &npo);
    ASSERT_EQ(npo_list.status, 200) << npo_list.body;
    EXPECT_FALSE(Contains(npo_list.body, href));
    EXPECT_FALSE(Contains(npo_list.body, "浜野さん世帯"));
    auto npo_work = Call("GET", "/work", {}, &npo);
    ASSERT_EQ(npo_work.status, 200) << npo_work.body;
    EXPECT_FALSE(Contains(npo_work.body, "浜野さん世帯"));
    // 民生委員 do not work cases: no link in the navigation.
    const Session volunteer = SignIn("demo-volunteer");
    EXPECT_FALSE(Contains(Call("GET", "/", {}, &volunteer).body, "href=\"/work\""));
}

TEST_F(CaseWorkPagesTest, FormVersionsArePublishedAndAnOldOneIsNotEdited) {
    const Session coordinator = SignIn("demo-coordinator");
    auto forms = Call("GET", "/forms", {}, &coordinator);
    ASSERT_EQ(forms.status, 200) << forms.body;
    EXPECT_TRUE(Contains(forms.body, "<h1 class=\"page-title\">アセスメントシートの版</h1>"));
    EXPECT_TRUE(Contains(forms.body, "新しい版を作成する"));
    EXPECT_TRUE(Contains(forms.body, "name=\"item_1_label\""));

    const std::string items = "&item_count=3&item_1_key=health&item_1_section=" + Encode("本人の状況") +
                              "&item_1_label=" + Encode("健康状態") +
                              "&item_1_kind=single&item_1_options=" + Encode("良好\n通院中\n未受診") +
                              "&item_1_required=1&item_1_reported=1" + "&item_2_section=" + Encode("世帯の状況") +
                              "&item_2_label=" + Encode("<i>家族関係</i>") +
                              "&item_2_kind=text&item_2_per_member=1&item_3_key=&item_3_label=";
    auto published = Call(
        "POST", "/forms",
        "_csrf=" + Encode(coordinator.csrf) + "&title=" + Encode("アセスメントシート（町版）") + items, &coordinator);
    ASSERT_EQ(published.status, 303) << published.body;
    const std::string first = Location(published);
    auto version = Call("GET", first, {}, &coordinator);
    ASSERT_EQ(version.status, 200) << version.body;
    EXPECT_TRUE(Contains(version.body, "新しい版を公開しました"));
    EXPECT_TRUE(Contains(version.body, "健康状態"));
    EXPECT_TRUE(Contains(version.body, "&lt;i&gt;家族関係&lt;/i&gt;"));
    EXPECT_TRUE(Contains(version.body, "<td>単一</td>"));
    EXPECT_TRUE(Contains(version.body, "<td>記述</td>"));
    EXPECT_TRUE(Contains(version.body, "<span class=\"tag\">通院中</span>"));
    EXPECT_TRUE(Contains(version.body, "<td>国報告</td>"));
    EXPECT_TRUE(Contains(version.body, "<td>世帯員ごと</td>"));

    // A newer version makes the first one old: editing it is refused with the reason, and what was typed is kept.
    auto newer = Call("POST", "/forms",
                      "_csrf=" + Encode(coordinator.csrf) + "&title=" + Encode("アセスメントシート（第二）") + items,
                      &coordinator);
    ASSERT_EQ(newer.status, 303) << newer.body;
    ASSERT_NE(Location(newer), first);
    auto refused = Call("POST", first, "_csrf=" + Encode(coordinator.csrf) + "&title=" + Encode("古い版を直す") + items,
                        &coordinator);
    EXPECT_EQ(refused.status, 409) << refused.body;
    EXPECT_TRUE(Contains(refused.body, "回答のある版・旧版は編集できません。新しい版を作成してください。"));

    // Only coordinators and administrators publish: the domain's refusal is shown on the form.
    const Session caseworker = SignIn("demo-caseworker");
    auto denied = Call("POST", "/forms", "_csrf=" + Encode(caseworker.csrf) + "&title=" + Encode("勝手な版") + items,
                       &caseworker);
    EXPECT_EQ(denied.status, 403) << denied.body;
    EXPECT_TRUE(Contains(denied.body, "value=\"勝手な版\""));
}

TEST_F(CaseWorkPagesTest, MissingResourcesAreKeptAndAddressed) {
    const Session coordinator = SignIn("demo-coordinator");
    auto empty = Call("GET", "/resources", {}, &coordinator);
    ASSERT_EQ(empty.status, 200) << empty.body;
    EXPECT_TRUE(Contains(empty.body, "<h1 class=\"page-title\">不足する社会資源</h1>"));
    auto wrong = Call(
        "POST", "/resources",
        "_csrf=" + Encode(coordinator.csrf) + "&description=" + Encode("夜間の居場所") + "&case_id=" + Encode("いち"),
        &coordinator);
    EXPECT_EQ(wrong.status, 400);
    EXPECT_TRUE(Contains(wrong.body, "id=\"case_id-error\">ケース番号は数字で入力してください"));
    EXPECT_TRUE(Contains(wrong.body, ">夜間の居場所</textarea>"));
    auto added = Call("POST", "/resources",
                      "_csrf=" + Encode(coordinator.csrf) + "&description=" + Encode("夜間の居場所"), &coordinator);
    ASSERT_EQ(added.status, 303) << added.body;
    auto list = Call("GET", "/resources", {}, &coordinator);
    std::smatch match;
    const std::regex form("action=\"/resources/(\\d+)\"");
    ASSERT_TRUE(std::regex_search(list.body, match, form)) << list.body;
    const std::string id = match[1];
    auto addressed =
        Call("POST", "/resources/" + id,
             "_csrf=" + Encode(coordinator.csrf) + "&addressed=1&note=" + Encode("社協がサロンを開設"), &coordinator);
    ASSERT_EQ(addressed.status, 303) << addressed.body;
    list = Call("GET", "/resources", {}, &coordinator);
    EXPECT_TRUE(Contains(list.body, "対応：社協がサロンを開設"));
    EXPECT_TRUE(Contains(list.body, "未対応のものはありません"));
}

// A gap found in a case is listed for every professional, but the case is named only to those who may open it: a
// partner outside the case team sees the gap without a link that would answer a refusal.
TEST_F(CaseWorkPagesTest, MissingResourcesNameOnlyTheCasesTheReaderMayOpen) {
    const Session coordinator = SignIn("demo-coordinator");
    const std::string person = RecordPerson(coordinator, "浦辺");
    const domain::SupportCase opened = OpenCase(coordinator, person, "浦辺さん世帯");
    ASSERT_NE(opened.id, 0);
    const std::string case_id = std::to_string(opened.id);
    auto added = Call(
        "POST", "/resources",
        "_csrf=" + Encode(coordinator.csrf) + "&description=" + Encode("送迎のない通いの場") + "&case_id=" + case_id,
        &coordinator);
    ASSERT_EQ(added.status, 303) << added.body;
    auto own = Call("GET", "/resources", {}, &coordinator);
    EXPECT_TRUE(Contains(own.body, "href=\"/cases/" + case_id + "\"")) << own.body;
    const Session partner = SignIn("demo-npo");
    auto theirs = Call("GET", "/resources", {}, &partner);
    ASSERT_EQ(theirs.status, 200) << theirs.body;
    EXPECT_TRUE(Contains(theirs.body, "送迎のない通いの場"));
    EXPECT_FALSE(Contains(theirs.body, "href=\"/cases/" + case_id + "\"")) << theirs.body;
}

TEST_F(CaseWorkPagesTest, MeetingRecordsADecisionOnItsCaseAndPrintsItsPapers) {
    const Session coordinator = SignIn("demo-coordinator");
    const std::string person = RecordPerson(coordinator, "浜野");
    const domain::SupportCase opened = OpenCase(coordinator, person, "浜野さん世帯（8050）");
    ASSERT_NE(opened.id, 0);
    const std::string case_id = std::to_string(opened.id);

    auto form = Call("GET", "/meetings/new", {}, &coordinator);
    std::smatch match;
    const std::regex body_option("<option value=\"(\\d+)\">栄浜町支援会議（");
    ASSERT_TRUE(std::regex_search(form.body, match, body_option)) << form.body;
    const std::string body_id = match[1];
    auto created =
        Call("POST", "/meetings",
             "_csrf=" + Encode(coordinator.csrf) + "&action=save&body_id=" + body_id + "&held_on=" + Encode("R6.4.3") +
                 "&agenda_" + person + "=1&summary_" + person + "=" + Encode("母の介護と長男の状況"),
             &coordinator);
    ASSERT_EQ(created.status, 303) << created.body;
    const std::string meeting = Location(created).substr(0, Location(created).find('?'));

    // The meeting form put the person on the agenda; the case is attached from the meeting page.
    auto page = Call("GET", meeting, {}, &coordinator);
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_TRUE(Contains(page.body, "議題にケースを加える"));
    EXPECT_TRUE(Contains(page.body, "<option value=\"" + case_id + "\">浜野さん世帯（8050）</option>"));
    auto attached =
        Call("POST", meeting + "/agenda",
             "_csrf=" + Encode(coordinator.csrf) + "&add_case_id=" + case_id + "&add_summary=", &coordinator);
    ASSERT_EQ(attached.status, 303) << attached.body;
    page = Call("GET", meeting, {}, &coordinator);
    EXPECT_TRUE(Contains(page.body, "ケース：<a href=\"/cases/" + case_id + "\">浜野さん世帯（8050）</a>"));
    EXPECT_TRUE(Contains(page.body, "決定事項を記録"));
    EXPECT_TRUE(Contains(page.body, "href=\"" + meeting + "/papers\">会議資料を印刷</a>"));

    // 中断 without a reason: the form comes back with the message and what was typed.
    auto refused = Call("POST", meeting + "/decisions",
                        "_csrf=" + Encode(coordinator.csrf) + "&case_id=" + case_id +
                            "&kind=suspended&text=" + Encode("本人と連絡が取れない"),
                        &coordinator);
    EXPECT_EQ(refused.status, 400) << refused.body;
    EXPECT_TRUE(Contains(refused.body, ">本人と連絡が取れない</textarea>"));
    EXPECT_TRUE(Contains(refused.body, "<option value=\"suspended\" selected>中断</option>"));
    EXPECT_TRUE(Contains(refused.body, "form-field__error"));
    auto decided = Call("POST", meeting + "/decisions",
                        "_csrf=" + Encode(coordinator.csrf) + "&case_id=" + case_id +
                            "&kind=support_decided&text=" + Encode("多機関協働で支援する"),
                        &coordinator);
    ASSERT_EQ(decided.status, 303) << decided.body;
    EXPECT_EQ(Location(decided), meeting + "?decided=1#case-" + case_id);
    page = Call("GET", meeting + "?decided=1", {}, &coordinator);
    EXPECT_TRUE(Contains(page.body, "決定事項を記録しました"));
    EXPECT_TRUE(Contains(page.body, "多機関協働で支援する"));

    auto papers = Call("GET", meeting + "/papers", {}, &coordinator);
    ASSERT_EQ(papers.status, 200) << papers.body;
    EXPECT_TRUE(Contains(papers.body, "<h1 class=\"page-title\">会議資料</h1>"));
    EXPECT_TRUE(Contains(papers.body, "浜野さん世帯（8050）"));
    EXPECT_TRUE(Contains(papers.body, "アセスメント（最新）"));
    EXPECT_TRUE(Contains(papers.body, "未完了のアクション"));
    // Printing papers is an export: the NPO's caseworker may not, until the town grants caseworkers the right.
    const Session npo = SignIn("demo-npo");
    EXPECT_EQ(Call("GET", meeting + "/papers", {}, &npo).status, 403);
    const Session town_admin = SignIn("demo-town-admin");
    ASSERT_EQ(Call("POST", "/audit/export-roles",
                   "_csrf=" + Encode(town_admin.csrf) + "&export_coordinator=1&export_caseworker=1", &town_admin)
                  .status,
              303);
    // The NPO is a pledged member of the body and sees the meeting, but not the case: its papers leave it out.
    auto npo_papers = Call("GET", meeting + "/papers", {}, &npo);
    ASSERT_EQ(npo_papers.status, 200) << npo_papers.body;
    EXPECT_FALSE(Contains(npo_papers.body, "浜野さん世帯"));
    EXPECT_TRUE(Contains(npo_papers.body, "議題に閲覧できるケースはありません"));

    auto report = Call("GET", "/reports/fiscal-year?year=2024", {}, &coordinator);
    ASSERT_EQ(report.status, 200) << report.body;
    EXPECT_TRUE(Contains(report.body, "id=\"report-collaboration\" class=\"panel__title\">多機関協働"));
    EXPECT_TRUE(Contains(report.body, "ケース開始件数"));
    EXPECT_TRUE(Contains(report.body, "検討ケース数（延べ）"));
    EXPECT_TRUE(std::regex_search(report.body, std::regex("id=\"meetings-held\">[1-9]")));
    EXPECT_TRUE(Contains(report.body, "<th scope=\"row\">アウトリーチ</th>"));
}

}  // namespace
}  // namespace kasane::web
