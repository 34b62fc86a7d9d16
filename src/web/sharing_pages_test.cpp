// SPDX-License-Identifier: Apache-2.0
// The pages of lawful sharing (issue #4) against a real SQLite store holding the demo town and the real use cases
// of domain/sharing_service.hpp: forms keep what was typed and name the field in error, refusals look like "not
// found", the navigation follows the roles, withheld parts of a disclosure copy are marked, and text is escaped.

#include "web/pages_test_fixture.hpp"

namespace kasane::web {
namespace {

using page_tests::Contains;
using page_tests::Encode;

class SharingPagesTest : public page_tests::DemoTownPagesTest {
protected:
    SharingPagesTest()
        : DemoTownPagesTest(
              {.name = "sharing_pages_test", .today = std::chrono::sys_days{std::chrono::year{2024} / 4 / 3}}) {}

    // A person recorded by 福祉課 (demo-coordinator) through 相談受付, with one contact tagged as third-party
    // information. Returns the person's id.
    std::string RecordPerson(const Session& session, std::string_view family_name,
                             std::string_view birth_date = "昭和56年5月5日", std::string_view phone = "0858-99-1111") {
        auto form = Call("GET", "/intake", {}, &session);
        const std::string hikikomori = CategoryId(form.body, "ひきこもり");
        const std::string body =
            "_csrf=" + Encode(session.csrf) + "&action=save&person_id=new&family_name=" + Encode(family_name) +
            "&given_name=" + Encode("修") + "&family_name_kana=" + Encode("ハマノ") +
            "&given_name_kana=" + Encode("オサム") + "&birth_date=" + Encode(birth_date) +
            "&sex=male&phone=" + std::string(phone) + "&occurred_at=2024-04-02T10%3A30&channel=phone&source=family" +
            "&caller_name=" + Encode("浜野 キヨ") + "&caller_relationship=" + Encode("母") +
            "&chief_complaint=" + Encode("息子がひきこもっている") + "&category_" + hikikomori +
            "=1&most_pressing=" + hikikomori + "&summary=" + Encode("近所の人の話では、夜中に大声がするという。") +
            "&summary_tag=third_party";
        auto response = Call("POST", "/intake", body, &session);
        EXPECT_EQ(response.status, 303) << response.body;
        const std::string location(response.HeaderValue("Location"));
        std::smatch match;
        const std::regex id("/persons/(\\d+)");
        EXPECT_TRUE(std::regex_search(location, match, id)) << location;
        return match.size() > 1 ? match[1].str() : "0";
    }

    std::string OrganizationIdOf(const std::string& html, std::string_view prefix, std::string_view name) {
        std::smatch match;
        const std::regex pattern("name=\"" + std::string(prefix) + "(\\d+)\" value=\"1\"[^>]*> " + std::string(name) +
                                 "<");
        EXPECT_TRUE(std::regex_search(html, match, pattern)) << name;
        return match.size() > 1 ? match[1].str() : "";
    }
};

TEST_F(SharingPagesTest, NavigationFollowsTheRoles) {
    const Session coordinator = SignIn("demo-coordinator");
    auto home = Call("GET", "/", {}, &coordinator);
    EXPECT_TRUE(Contains(home.body, "href=\"/meetings\">会議</a>"));
    EXPECT_TRUE(Contains(home.body, "href=\"/meeting-bodies\">会議体</a>"));
    EXPECT_FALSE(Contains(home.body, "href=\"/audit\""));
    const Session auditor = SignIn("demo-auditor");
    home = Call("GET", "/", {}, &auditor);
    EXPECT_TRUE(Contains(home.body, "href=\"/audit\">監査</a>"));
    EXPECT_FALSE(Contains(home.body, "href=\"/meeting-bodies\""));
    const Session caseworker = SignIn("demo-caseworker");
    home = Call("GET", "/", {}, &caseworker);
    EXPECT_TRUE(Contains(home.body, "href=\"/meetings\">会議</a>"));
    EXPECT_FALSE(Contains(home.body, "href=\"/meeting-bodies\""));
    EXPECT_FALSE(Contains(home.body, "href=\"/audit\""));
    // The pages themselves refuse, whatever the navigation shows.
    EXPECT_EQ(Call("GET", "/audit", {}, &caseworker).status, 403);
    EXPECT_EQ(Call("GET", "/meeting-bodies/new", {}, &caseworker).status, 403);
    auto current = Call("GET", "/meetings", {}, &caseworker);
    EXPECT_TRUE(Contains(current.body, "href=\"/meetings\" aria-current=\"page\">会議</a>"));
}

TEST_F(SharingPagesTest, BodyFormNamesTheFieldAndKeepsWhatWasTyped) {
    const Session coordinator = SignIn("demo-coordinator");
    auto form = Call("GET", "/meeting-bodies/new", {}, &coordinator);
    ASSERT_EQ(form.status, 200) << form.body;
    EXPECT_TRUE(Contains(form.body, ">社会福祉法第106条の6（支援会議）</option>"));
    EXPECT_TRUE(Contains(form.body, ">孤独・孤立対策推進法第15条（孤独・孤立対策地域協議会）</option>"));
    const std::string welfare = OrganizationIdOf(form.body, "member_", "福祉課");
    // A 重層的支援会議 cannot share without consent.
    std::string body = "_csrf=" + Encode(coordinator.csrf) +
                       "&legal_basis=multilayer_meeting&display_name=" + Encode("<b>北地区</b>重層会議") +
                       "&shares_without_consent=1&sharing_days=60&member_" + welfare + "=1&pledge_" + welfare + "=" +
                       Encode("R6.3.1");
    auto refused = Call("POST", "/meeting-bodies", body, &coordinator);
    EXPECT_EQ(refused.status, 400);
    EXPECT_TRUE(Contains(refused.body, "id=\"shares_without_consent-error\">この会議体の根拠では本人の同意なしに"));
    EXPECT_TRUE(Contains(refused.body, "value=\"&lt;b&gt;北地区&lt;/b&gt;重層会議\""));
    EXPECT_TRUE(Contains(refused.body, "value=\"令和6年3月1日\"") || Contains(refused.body, "value=\"R6.3.1\""));
    // A pledge date that does not exist is named too.
    body = "_csrf=" + Encode(coordinator.csrf) +
           "&legal_basis=multilayer_meeting&display_name=" + Encode("北地区重層会議") + "&sharing_days=60&member_" +
           welfare + "=1&pledge_" + welfare + "=" + Encode("令和6年2月30日");
    refused = Call("POST", "/meeting-bodies", body, &coordinator);
    EXPECT_EQ(refused.status, 400);
    EXPECT_TRUE(Contains(refused.body, "存在しない日付")) << refused.body;
    body = "_csrf=" + Encode(coordinator.csrf) +
           "&legal_basis=multilayer_meeting&display_name=" + Encode("北地区重層会議") + "&sharing_days=60&member_" +
           welfare + "=1&pledge_" + welfare + "=" + Encode("R6.3.1");
    auto saved = Call("POST", "/meeting-bodies", body, &coordinator);
    ASSERT_EQ(saved.status, 303) << saved.body;
    auto list = Call("GET", "/meeting-bodies?saved=1", {}, &coordinator);
    EXPECT_TRUE(Contains(list.body, "北地区重層会議"));
    EXPECT_TRUE(Contains(list.body, "会議の日から 60日"));
    EXPECT_TRUE(Contains(list.body, "会議体を保存しました"));
}

TEST_F(SharingPagesTest, ConsentOpensTheRecordToTheNpoAndWithdrawalClosesIt) {
    const Session coordinator = SignIn("demo-coordinator");
    const Session npo = SignIn("demo-npo");
    const std::string id = RecordPerson(coordinator, "浜野");
    EXPECT_EQ(Call("GET", "/persons/" + id, {}, &npo).status, 404);
    EXPECT_EQ(Call("GET", "/persons/" + id + "/sharing", {}, &npo).status, 404);

    auto tab = Call("GET", "/persons/" + id + "/sharing", {}, &coordinator);
    ASSERT_EQ(tab.status, 200) << tab.body;
    EXPECT_TRUE(Contains(tab.body, "aria-current=\"page\">共有</a>"));
    EXPECT_TRUE(Contains(tab.body, "同意の記録はありません"));
    const std::string npo_id = OrganizationIdOf(tab.body, "org_", "NPO法人 ひだまりの家（ひきこもり支援）");
    const std::string base = "_csrf=" + Encode(coordinator.csrf) + "&org_" + npo_id +
                             "=1&purpose=" + Encode("支援のための情報共有") + "&given_on=" + Encode("令和6年4月2日") +
                             "&explanation_version=" + Encode("説明文書 第2版");
    // Oral consent without a witness, and a proxy without a name: the form comes back, the scope still ticked.
    auto refused = Call("POST", "/persons/" + id + "/consents", base + "&method=oral", &coordinator);
    EXPECT_EQ(refused.status, 400);
    EXPECT_TRUE(Contains(refused.body, "id=\"witness-error\">口頭での同意には立会人を記録してください"));
    EXPECT_TRUE(Contains(refused.body, "name=\"org_" + npo_id + "\" value=\"1\" checked"));
    EXPECT_TRUE(Contains(refused.body, "value=\"oral\" checked"));
    refused = Call("POST", "/persons/" + id + "/consents", base + "&method=written&by_proxy=1", &coordinator);
    EXPECT_EQ(refused.status, 400);
    EXPECT_TRUE(Contains(refused.body, "id=\"proxy_name-error\">"));
    refused = Call("POST", "/persons/" + id + "/consents",
                   base + "&method=written&expires_on=" + Encode("令和6年3月1日"), &coordinator);
    EXPECT_EQ(refused.status, 400);
    EXPECT_TRUE(Contains(refused.body, "id=\"expires_on-error\">有効期限が同意日より前です"));

    auto recorded = Call("POST", "/persons/" + id + "/consents",
                         base + "&method=written&by_proxy=1&proxy_name=" + Encode("浜野 キヨ") +
                             "&proxy_relationship=" + Encode("成年後見人"),
                         &coordinator);
    ASSERT_EQ(recorded.status, 303) << recorded.body;
    tab = Call("GET", "/persons/" + id + "/sharing?consented=1", {}, &coordinator);
    EXPECT_TRUE(Contains(tab.body, "同意を記録しました"));
    EXPECT_TRUE(Contains(tab.body, "浜野 キヨ（成年後見人）"));
    EXPECT_TRUE(Contains(tab.body, "説明文書 第2版"));
    std::smatch match;
    const std::regex withdraw("/persons/" + id + "/consents/(\\d+)/withdraw");
    ASSERT_TRUE(std::regex_search(tab.body, match, withdraw));
    const std::string consent_id = match[1];

    auto npo_tab = Call("GET", "/persons/" + id + "/sharing", {}, &npo);
    ASSERT_EQ(npo_tab.status, 200) << npo_tab.body;
    EXPECT_TRUE(Contains(npo_tab.body, "本人の同意（令和6年4月2日）により閲覧できます"));
    EXPECT_TRUE(Contains(npo_tab.body, "<span class=\"level level--full\">全部</span>"));

    auto withdrawn = Call("POST", "/persons/" + id + "/consents/" + consent_id + "/withdraw",
                          "_csrf=" + Encode(coordinator.csrf), &coordinator);
    ASSERT_EQ(withdrawn.status, 303) << withdrawn.body;
    EXPECT_EQ(Call("GET", "/persons/" + id + "/sharing", {}, &npo).status, 404);
    EXPECT_EQ(Call("GET", "/persons/" + id, {}, &npo).status, 404);
    tab = Call("GET", "/persons/" + id + "/sharing", {}, &coordinator);
    EXPECT_TRUE(Contains(tab.body, "撤回済み"));
}

TEST_F(SharingPagesTest, DisclosureCopyMarksWithheldThirdPartyInformation) {
    const Session coordinator = SignIn("demo-coordinator");
    const std::string id = RecordPerson(coordinator, "浜野");
    auto copy = Call("GET", "/persons/" + id + "/disclosure", {}, &coordinator);
    ASSERT_EQ(copy.status, 200) << copy.body;
    EXPECT_TRUE(Contains(copy.body, "不開示（第三者に関する情報）"));
    EXPECT_FALSE(Contains(copy.body, "夜中に大声がする"));
    EXPECT_TRUE(Contains(copy.body, "息子がひきこもっている"));
    // A caseworker may not export personal data unless the town grants it: refused before the person is looked up.
    const Session npo = SignIn("demo-npo");
    auto refused = Call("GET", "/persons/" + id + "/disclosure", {}, &npo);
    EXPECT_EQ(refused.status, 403);
    EXPECT_TRUE(Contains(refused.body, "個人情報を出力（ファイル・印刷・写し）する権限がありません"));
    // Granted, another organisation still cannot make one of a person it does not see.
    const Session town_admin = SignIn("demo-town-admin");
    auto granted = Call("POST", "/audit/export-roles",
                        "_csrf=" + Encode(town_admin.csrf) +
                            "&export_coordinator=1&export_municipal_administrator=1&export_caseworker=1",
                        &town_admin);
    ASSERT_EQ(granted.status, 303) << granted.body;
    EXPECT_EQ(Call("GET", "/persons/" + id + "/disclosure", {}, &npo).status, 404);
}

TEST_F(SharingPagesTest, ExportRightsAreSetByTheTownAdministratorAndExportsListedByUserWithRows) {
    const Session coordinator = SignIn("demo-coordinator");
    const std::string id = RecordPerson(coordinator, "浜野");
    ASSERT_EQ(Call("GET", "/persons/" + id + "/disclosure", {}, &coordinator).status, 200);

    // The auditor sees the grant but cannot change it.
    const Session auditor = SignIn("demo-auditor");
    auto index = Call("GET", "/audit", {}, &auditor);
    ASSERT_EQ(index.status, 200) << index.body;
    EXPECT_TRUE(Contains(index.body, "個人情報の出力の権限"));
    EXPECT_TRUE(Contains(index.body, "name=\"export_coordinator\" value=\"1\" checked disabled"));
    EXPECT_TRUE(Contains(index.body, "name=\"export_caseworker\" value=\"1\" disabled"));
    EXPECT_EQ(
        Call("POST", "/audit/export-roles", "_csrf=" + Encode(auditor.csrf) + "&export_caseworker=1", &auditor).status,
        403);

    // The exports of the coordinator, with the copy's row count.
    std::smatch match;
    ASSERT_TRUE(std::regex_search(index.body, match,
                                  std::regex("<option value=\"(\\d+)\">調整 みどり（デモ）（demo-coordinator）")));
    const std::string user_id = match[1];
    const std::string april = "&from=" + Encode("令和6年4月1日") + "&to=" + Encode("令和6年4月30日");
    auto exports = Call("GET", "/audit/exports?user_id=" + user_id + april, {}, &auditor);
    ASSERT_EQ(exports.status, 200) << exports.body;
    EXPECT_TRUE(Contains(exports.body, "期間中の出力・提供（調整 みどり（デモ））（1件"));
    EXPECT_TRUE(Contains(exports.body, "rows=")) << exports.body;
    EXPECT_TRUE(Contains(exports.body, "開示請求"));

    // The town administrator takes the right from coordinators: the copy is refused, and the change is audited.
    const Session town_admin = SignIn("demo-town-admin");
    auto narrowed = Call("POST", "/audit/export-roles",
                         "_csrf=" + Encode(town_admin.csrf) + "&export_municipal_administrator=1", &town_admin);
    ASSERT_EQ(narrowed.status, 303) << narrowed.body;
    EXPECT_EQ(Call("GET", "/persons/" + id + "/disclosure", {}, &coordinator).status, 403);
    auto trail = Call("GET", "/audit", {}, &town_admin);
    EXPECT_TRUE(Contains(trail.body, "name=\"export_coordinator\" value=\"1\">"));

    // The auditor's CSV of the exports is itself an export of the trail.
    auto csv = Call("GET", "/audit/exports?" + april.substr(1) + "&format=csv", {}, &auditor);
    EXPECT_EQ(csv.status, 200);
    auto listed = Call("GET", "/audit/exports?" + april.substr(1), {}, &auditor);
    EXPECT_TRUE(Contains(listed.body, "監査記録（出力の一覧）のCSV")) << listed.body;
}

TEST_F(SharingPagesTest, MeetingSharesOnlyTheSummaryAndEscapesIt) {
    const Session coordinator = SignIn("demo-coordinator");
    const std::string id = RecordPerson(coordinator, "浜野");
    auto form = Call("GET", "/meetings/new?agenda_q=" + Encode("浜野"), {}, &coordinator);
    ASSERT_EQ(form.status, 200) << form.body;
    EXPECT_TRUE(Contains(form.body, "name=\"agenda_" + id + "\""));
    std::smatch match;
    const std::regex body_option("<option value=\"(\\d+)\">栄浜町支援会議（");
    ASSERT_TRUE(std::regex_search(form.body, match, body_option));
    const std::string body_id = match[1];
    // The htmx search keeps a ticked person with the summary typed for them.
    auto fragment =
        Call("GET",
             "/meetings/agenda-search?agenda_q=" + Encode("存在しない名前") + "&agenda_" + id + "=1&agenda_name_" + id +
                 "=" + Encode("浜野 修") + "&summary_" + id + "=" + Encode("下書き"),
             {}, &coordinator);
    EXPECT_TRUE(Contains(fragment.body, "name=\"agenda_" + id + "\" value=\"1\" checked"));
    EXPECT_TRUE(Contains(fragment.body, ">下書き</textarea>"));
    EXPECT_FALSE(Contains(fragment.body, "<html"));

    const std::string meeting = "_csrf=" + Encode(coordinator.csrf) + "&action=save&body_id=" + body_id +
                                "&held_on=" + Encode("R6.4.2") + "&agenda_" + id + "=1&summary_" + id + "=" +
                                Encode("<script>alert(1)</script>訪問の機会を探る");
    auto missing_kind = Call("POST", "/meetings", meeting + "&decision_text_1=" + Encode("役割を決めた"), &coordinator);
    EXPECT_EQ(missing_kind.status, 400);
    EXPECT_TRUE(Contains(missing_kind.body, "id=\"decisions-error\">決定の種類を選んでください"));
    auto created = Call("POST", "/meetings", meeting, &coordinator);
    ASSERT_EQ(created.status, 303) << created.body;
    const std::string location(created.HeaderValue("Location"));
    auto page = Call("GET", location, {}, &coordinator);
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_TRUE(Contains(page.body, "非公開"));
    EXPECT_TRUE(Contains(page.body, "&lt;script&gt;alert(1)&lt;/script&gt;訪問の機会を探る"));
    EXPECT_FALSE(Contains(page.body, "<script>alert"));
    EXPECT_TRUE(Contains(page.body, "令和6年4月2日"));

    // The NPO, a pledged member, sees the summary and not the record.
    const Session npo = SignIn("demo-npo");
    auto person = Call("GET", "/persons/" + id, {}, &npo);
    ASSERT_EQ(person.status, 200) << person.body;
    EXPECT_TRUE(Contains(person.body, "本人（会議で共有された内容のみ）"));
    EXPECT_TRUE(Contains(person.body, "訪問の機会を探る"));
    EXPECT_FALSE(Contains(person.body, "0858-99-1111"));
    EXPECT_FALSE(Contains(person.body, "息子がひきこもっている"));
}

TEST_F(SharingPagesTest, AuditReportsCountDistinctPersonsAndExportCsv) {
    const Session coordinator = SignIn("demo-coordinator");
    const std::string id = RecordPerson(coordinator, "浜野");
    RecordPerson(coordinator, "浜中", "昭和60年1月2日", "0858-99-2222");
    ASSERT_TRUE(audit_->Flush());
    const Session auditor = SignIn("demo-auditor");
    auto bad = Call("GET", "/audit/person?person_id=abc", {}, &auditor);
    EXPECT_EQ(bad.status, 400);
    EXPECT_TRUE(Contains(bad.body, "id=\"q-error\">本人の氏名（またはふりがな）を入力してください")) << bad.body;
    // Issue 13, item 10: the auditor picks the person by name; each match links to that person's trail.
    auto found = Call("GET", "/audit/person?q=" + page_tests::Encode("浜野"), {}, &auditor);
    ASSERT_EQ(found.status, 200) << found.body;
    EXPECT_TRUE(Contains(found.body, "href=\"/audit/person?person_id=" + id + "\"")) << found.body;
    auto typed = Call("GET", "/audit/persons?q=" + page_tests::Encode("はまの"), {}, &auditor);
    ASSERT_EQ(typed.status, 200) << typed.body;
    EXPECT_TRUE(Contains(typed.body, "person_id=" + id)) << typed.body;
    EXPECT_FALSE(Contains(typed.body, "<html"));  // the fragment alone, for htmx
    const Session caseworker = SignIn("demo-caseworker");
    EXPECT_EQ(Call("GET", "/audit/persons?q=" + page_tests::Encode("浜野"), {}, &caseworker).status, 403);
    auto report = Call("GET", "/audit/person?person_id=" + id, {}, &auditor);
    ASSERT_EQ(report.status, 200) << report.body;
    EXPECT_TRUE(Contains(report.body, "調整 みどり（デモ）"));
    EXPECT_TRUE(Contains(report.body, "自機関の操作"));  // the create, by 福祉課 itself
    EXPECT_TRUE(Contains(report.body, "id=\"audit-who\""));

    auto users = Call("GET", "/audit", {}, &auditor);
    std::smatch match;
    const std::regex coordinator_option("<option value=\"(\\d+)\">調整 みどり（デモ）（demo-coordinator）");
    ASSERT_TRUE(std::regex_search(users.body, match, coordinator_option));
    const std::string user_id = match[1];
    auto by_user =
        Call("GET",
             "/audit/user?user_id=" + user_id + "&from=" + Encode("令和6年4月1日") + "&to=" + Encode("令和6年4月30日"),
             {}, &auditor);
    ASSERT_EQ(by_user.status, 200) << by_user.body;
    EXPECT_TRUE(Contains(by_user.body, "id=\"audit-distinct-persons\">2<")) << by_user.body;
    auto csv = Call("GET",
                    "/audit/user?user_id=" + user_id + "&from=" + Encode("令和6年4月1日") +
                        "&to=" + Encode("令和6年4月30日") + "&format=csv",
                    {}, &auditor);
    EXPECT_EQ(csv.status, 200);
    EXPECT_EQ(csv.HeaderValue("Content-Type"), "text/csv; charset=utf-8");
    EXPECT_TRUE(Contains(csv.body, "日時,利用者,ユーザー名"));
    EXPECT_TRUE(Contains(csv.body, "\"demo-coordinator\""));
    // A period that ends before it starts is named.
    auto reversed =
        Call("GET",
             "/audit/user?user_id=" + user_id + "&from=" + Encode("令和6年4月30日") + "&to=" + Encode("令和6年4月1日"),
             {}, &auditor);
    EXPECT_EQ(reversed.status, 400);
    EXPECT_TRUE(Contains(reversed.body, "期間の終わりが始まりより前です"));
}

TEST_F(SharingPagesTest, EmergencyAccessRaisesTheAdministratorsBannerUntilAcknowledged) {
    const Session coordinator = SignIn("demo-coordinator");
    const std::string id = RecordPerson(coordinator, "浜野");
    const Session houkatsu = SignIn("demo-houkatsu");
    EXPECT_EQ(Call("GET", "/persons/" + id, {}, &houkatsu).status, 404);
    auto form = Call("GET", "/persons/" + id + "/emergency", {}, &houkatsu);
    ASSERT_EQ(form.status, 200);
    EXPECT_TRUE(Contains(form.body, "管理者に通知されます"));
    auto short_reason = Call("POST", "/persons/" + id + "/emergency",
                             "_csrf=" + Encode(houkatsu.csrf) + "&reason=" + Encode("急ぎ") + "&hours=2", &houkatsu);
    EXPECT_EQ(short_reason.status, 400);
    EXPECT_TRUE(Contains(short_reason.body, "id=\"reason-error\">"));
    auto granted = Call(
        "POST", "/persons/" + id + "/emergency",
        "_csrf=" + Encode(houkatsu.csrf) + "&reason=" + Encode("母から息子が倒れていると電話があったため") + "&hours=2",
        &houkatsu);
    ASSERT_EQ(granted.status, 303) << granted.body;
    EXPECT_EQ(Call("GET", "/persons/" + id, {}, &houkatsu).status, 200);

    const Session admin = SignIn("demo-town-admin");
    auto home = Call("GET", "/", {}, &admin);
    EXPECT_TRUE(Contains(home.body, "確認されていない緊急時の閲覧が 1件 あります"));
    auto alerts = Call("GET", "/audit/emergencies", {}, &admin);
    std::smatch match;
    const std::regex acknowledge("/audit/emergencies/(\\d+)/acknowledge");
    ASSERT_TRUE(std::regex_search(alerts.body, match, acknowledge)) << alerts.body;
    auto done = Call("POST", match[0].str(), "_csrf=" + Encode(admin.csrf), &admin);
    EXPECT_EQ(done.status, 303);
    home = Call("GET", "/", {}, &admin);
    EXPECT_FALSE(Contains(home.body, "確認されていない緊急時の閲覧"));
    // A caseworker's home page never shows the banner.
    EXPECT_FALSE(Contains(Call("GET", "/", {}, &coordinator).body, "emergency-banner"));
}

TEST_F(SharingPagesTest, DvProtectionRemovalRaisesTheAdministratorsBannerUntilAcknowledged) {
    const Session coordinator = SignIn("demo-coordinator");
    const std::string id = RecordPerson(coordinator, "霧島");
    auto protect = Call("POST", "/persons/" + id + "/dv-protection", "_csrf=" + Encode(coordinator.csrf) + "&protect=1",
                        &coordinator);
    ASSERT_EQ(protect.status, 303) << protect.body;
    const Session admin = SignIn("demo-town-admin");
    // Setting the protection alerts nobody.
    EXPECT_FALSE(Contains(Call("GET", "/", {}, &admin).body, "dv-protection-banner"));

    // The town administrator lifts it with a reason (a named DV staff member or an administrator may).
    const std::string reason = "住民基本台帳の支援措置の期間が終了し本人の意思も確認したため";
    auto lifted = Call("POST", "/persons/" + id + "/dv-protection",
                       "_csrf=" + Encode(admin.csrf) + "&protect=0&reason=" + Encode(reason), &admin);
    ASSERT_EQ(lifted.status, 303) << lifted.body;

    auto home = Call("GET", "/", {}, &admin);
    EXPECT_TRUE(Contains(home.body, "確認されていないDV等支援措置の解除が 1件 あります")) << home.body;
    EXPECT_TRUE(Contains(home.body, "href=\"/audit/dv-protection-alerts\""));
    auto alerts = Call("GET", "/audit/dv-protection-alerts", {}, &admin);
    ASSERT_EQ(alerts.status, 200) << alerts.body;
    EXPECT_TRUE(Contains(alerts.body, reason));
    std::smatch match;
    const std::regex acknowledge("/audit/dv-protection-alerts/(\\d+)/acknowledge");
    ASSERT_TRUE(std::regex_search(alerts.body, match, acknowledge)) << alerts.body;
    const std::string action = match[0].str();

    // The auditor reads the list but may not acknowledge; a caseworker may not read it.
    const Session auditor = SignIn("demo-auditor");
    auto audited = Call("GET", "/audit/dv-protection-alerts", {}, &auditor);
    EXPECT_EQ(audited.status, 200);
    EXPECT_FALSE(Contains(audited.body, "/acknowledge"));
    EXPECT_EQ(Call("POST", action, "_csrf=" + Encode(auditor.csrf), &auditor).status, 403);
    const Session caseworker = SignIn("demo-caseworker");
    EXPECT_EQ(Call("GET", "/audit/dv-protection-alerts", {}, &caseworker).status, 403);
    // An audit entry that is no DV removal cannot be acknowledged.
    EXPECT_EQ(Call("POST", "/audit/dv-protection-alerts/1/acknowledge", "_csrf=" + Encode(admin.csrf), &admin).status,
              404);

    auto done = Call("POST", action, "_csrf=" + Encode(admin.csrf), &admin);
    EXPECT_EQ(done.status, 303);
    home = Call("GET", "/", {}, &admin);
    EXPECT_FALSE(Contains(home.body, "確認されていないDV等支援措置の解除"));
    alerts = Call("GET", "/audit/dv-protection-alerts", {}, &admin);
    EXPECT_TRUE(Contains(alerts.body, "確認済み"));
    EXPECT_FALSE(std::regex_search(alerts.body, match, acknowledge));
    // Acknowledging twice keeps the first reviewer: refused.
    EXPECT_EQ(Call("POST", action, "_csrf=" + Encode(admin.csrf), &admin).status, 409);
    // A caseworker's home page never shows the banner.
    EXPECT_FALSE(Contains(Call("GET", "/", {}, &coordinator).body, "dv-protection-banner"));
}

}  // namespace

}  // namespace kasane::web
