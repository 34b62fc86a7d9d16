// SPDX-License-Identifier: Apache-2.0
// The pages of 断らない相談 against a real SQLite store holding the demo town and the real use cases of
// domain/intake.hpp: what is checked is the HTML the handlers produce and the status they answer with.

#include "web/pages_test_fixture.hpp"

namespace kasane::web {
namespace {

using page_tests::Contains;
using page_tests::Encode;

class IntakePagesTest : public page_tests::DemoTownPagesTest {
protected:
    IntakePagesTest()
        : DemoTownPagesTest(
              {.name = "intake_pages_test", .today = std::chrono::sys_days{std::chrono::year{2024} / 4 / 3}}) {}

    std::string IntakeBody(const Session& session, const std::string& form_html, std::string_view chief_complaint) {
        const std::string hikikomori = CategoryId(form_html, "ひきこもり");
        return "_csrf=" + Encode(session.csrf) + "&action=save&person_id=new&family_name=" + Encode("髙橋") +
               "&given_name=" + Encode("誠") + "&family_name_kana=" + Encode("タカハシ") +
               "&given_name_kana=" + Encode("マコト") + "&birth_date=" + Encode("昭和47年8月20日") +
               "&sex=male&phone=0858-99-0000&occurred_at=2024-04-02T10%3A30&channel=phone&source=family" +
               "&caller_name=" + Encode("髙橋 トミ") + "&caller_relationship=" + Encode("母") +
               "&chief_complaint=" + Encode(chief_complaint) + "&category_" + hikikomori +
               "=1&most_pressing=" + hikikomori + "&summary=" + Encode("母から電話。") +
               "&summary_tag=third_party&new_household=1" + "&household_name=" + Encode("髙橋さん世帯") +
               "&household_relationship=head";
    }
};

TEST_F(IntakePagesTest, IntakeFormHasEveryPartAndTheNavigation) {
    const Session session = SignIn("demo-caseworker");
    auto response = Call("GET", "/intake", {}, &session);
    ASSERT_EQ(response.status, 200) << response.body;
    const std::string& html = response.body;
    EXPECT_TRUE(Contains(html, "<title>相談受付 | 重ね Kasane</title>"));
    EXPECT_TRUE(Contains(html, "href=\"/intake\" aria-current=\"page\">相談受付</a>"));
    EXPECT_TRUE(Contains(html, ">検索</a>"));
    EXPECT_TRUE(Contains(html, ">つなぎ</a>"));
    EXPECT_TRUE(Contains(html, ">年度集計</a>"));
    EXPECT_TRUE(Contains(html, "name=\"_csrf\" value=\"" + session.csrf + "\""));
    EXPECT_TRUE(Contains(html, "hx-get=\"/intake/person-search\""));
    EXPECT_TRUE(Contains(html, ">回答拒否</option>"));
    EXPECT_TRUE(Contains(html, ">未聴取</option>"));
    EXPECT_TRUE(Contains(html, "第三者からの情報"));
    EXPECT_TRUE(Contains(html, "所見"));
    EXPECT_FALSE(CategoryId(html, "ひきこもり").empty());
    EXPECT_FALSE(Contains(html, "<script>"));
    EXPECT_FALSE(Contains(html, "style=\""));
}

// Regression (issue 11): the NPO saw 年度集計 in the navigation though the report refuses it. The link and the route
// follow one rule (MayReadTownReports).
TEST_F(IntakePagesTest, APartnerOrganisationIsNotOfferedTheTownsReport) {
    const Session npo = SignIn("demo-npo");
    auto home = Call("GET", "/intake", {}, &npo);
    ASSERT_EQ(home.status, 200) << home.body;
    EXPECT_TRUE(Contains(home.body, ">つなぎ</a>"));
    EXPECT_FALSE(Contains(home.body, ">年度集計</a>"));
    EXPECT_FALSE(Contains(home.body, "/reports/fiscal-year"));
    auto report = Call("GET", "/reports/fiscal-year?year=2024", {}, &npo);
    EXPECT_EQ(report.status, 403);
}

TEST_F(IntakePagesTest, SearchFindsTheVariantSpellingAsIdentityOnly) {
    const Session session = SignIn("demo-caseworker");
    auto fragment = Call("GET", "/intake/person-search?person_q=" + Encode("高橋 とみ"), {}, &session);
    ASSERT_EQ(fragment.status, 200) << fragment.body;
    EXPECT_FALSE(Contains(fragment.body, "<html"));  // a fragment, not a page
    EXPECT_TRUE(Contains(fragment.body, "髙橋")) << fragment.body;
    EXPECT_TRUE(Contains(fragment.body, "栄浜町地域包括支援センターが把握（詳細は閲覧できません）")) << fragment.body;

    auto page = Call("GET", "/persons?q=" + Encode("高橋 とみ"), {}, &session);
    ASSERT_EQ(page.status, 200);
    EXPECT_TRUE(Contains(page.body, "昭和15年6月15日")) << page.body;
    EXPECT_TRUE(Contains(page.body, "1940年6月15日"));
    EXPECT_TRUE(Contains(page.body, "本人確認のみ"));
    EXPECT_FALSE(Contains(page.body, "<a href=\"/persons/"));  // identity only: no link into the record
}

TEST_F(IntakePagesTest, AnErrorKeepsWhatWasTypedAndNamesTheField) {
    const Session session = SignIn("demo-caseworker");
    const std::string form = Call("GET", "/intake", {}, &session).body;
    auto response = Call("POST", "/intake", IntakeBody(session, form, ""), &session);
    EXPECT_EQ(response.status, 400);
    EXPECT_TRUE(Contains(response.body, "id=\"chief_complaint-error\">「主訴」を入力してください</p>"))
        << response.body;
    EXPECT_TRUE(Contains(response.body, "name=\"family_name\" value=\"髙橋\""));
    EXPECT_TRUE(Contains(response.body, "name=\"birth_date\" value=\"昭和47年8月20日\""));
    EXPECT_TRUE(Contains(response.body, "name=\"household_name\" value=\"髙橋さん世帯\""));

    std::string bad_date = IntakeBody(session, form, "息子のこと");
    bad_date = std::regex_replace(bad_date, std::regex("birth_date=[^&]*"), "birth_date=" + Encode("令和7年2月30日"));
    response = Call("POST", "/intake", bad_date, &session);
    EXPECT_EQ(response.status, 400);
    EXPECT_TRUE(Contains(response.body, "id=\"birth_date-error\">")) << response.body;
    EXPECT_TRUE(Contains(response.body, "存在しない日付"));
}

// The figure of a total on the 年度集計 page (id="total-<name>"), a link to its records or not.
std::string TotalOnPage(const std::string& body, const std::string& name) {
    std::smatch match;
    if (!std::regex_search(body, match, std::regex("id=\"total-" + name + "\">(?:<a [^>]*>)?(\\d+)"))) return "";
    return match[1];
}

TEST_F(IntakePagesTest, IntakeRecordsPersonHouseholdAndConsultationThenTheReportCountsThem) {
    const Session session = SignIn("demo-caseworker");
    const auto before = Call("GET", "/reports/fiscal-year?year=" + Encode("令和6年度"), {}, &session);
    ASSERT_EQ(before.status, 200) << before.body;
    EXPECT_TRUE(Contains(before.body, "令和6年度の相談の状況"));
    EXPECT_EQ(TotalOnPage(before.body, "persons"), "0") << before.body;

    const std::string form = Call("GET", "/intake", {}, &session).body;
    auto response = Call("POST", "/intake", IntakeBody(session, form, "息子が長くひきこもっている"), &session);
    ASSERT_EQ(response.status, 303) << response.body;
    const std::string location(response.HeaderValue("Location"));
    std::smatch match;
    ASSERT_TRUE(std::regex_match(location, match, std::regex(R"(/persons/(\d+)\?recorded=\d+)"))) << location;

    auto person = Call("GET", location, {}, &session);
    ASSERT_EQ(person.status, 200) << person.body;
    EXPECT_TRUE(Contains(person.body, "閲覧の根拠: 自機関の記録"));
    EXPECT_TRUE(Contains(person.body, "昭和47年8月20日"));
    EXPECT_TRUE(Contains(person.body, "髙橋さん世帯"));
    EXPECT_TRUE(Contains(person.body, "◎ ひきこもり"));
    EXPECT_TRUE(Contains(person.body, "息子が長くひきこもっている"));

    const auto after = Call("GET", "/reports/fiscal-year?year=2024", {}, &session);
    EXPECT_EQ(TotalOnPage(after.body, "persons"), "1") << after.body;
    EXPECT_EQ(TotalOnPage(after.body, "contacts"), "1");
    EXPECT_FALSE(Contains(after.body, "suppression-note"));

    // The prefecture analyst reads the same year with the small cells hidden as 「χ」, and a note says why.
    const Session analyst = SignIn("demo-analyst");
    const auto suppressed = Call("GET", "/reports/fiscal-year?year=2024", {}, &analyst);
    ASSERT_EQ(suppressed.status, 200) << suppressed.body;
    EXPECT_TRUE(Contains(suppressed.body, "id=\"total-persons\">χ</dd>")) << suppressed.body;
    EXPECT_TRUE(Contains(suppressed.body, "id=\"total-contacts\">χ</dd>"));
    EXPECT_TRUE(Contains(suppressed.body, "id=\"suppression-note\""));
    EXPECT_TRUE(Contains(suppressed.body, "「χ」は秘匿した数です"));
}

TEST_F(IntakePagesTest, AStaleEditShowsBothVersions) {
    const Session session = SignIn("demo-caseworker");
    const std::string form = Call("GET", "/intake", {}, &session).body;
    auto created = Call("POST", "/intake", IntakeBody(session, form, "相談"), &session);
    ASSERT_EQ(created.status, 303) << created.body;
    const std::string path(created.HeaderValue("Location").substr(0, created.HeaderValue("Location").find('?')));

    const std::string edit = "_csrf=" + Encode(session.csrf) + "&family_name=" + Encode("髙橋") +
                             "&given_name=" + Encode("誠") + "&birth_date=" + Encode("S47.8.20") +
                             "&phone=0858-11-2222";
    auto first = Call("POST", path, edit + "&version=1", &session);
    ASSERT_EQ(first.status, 303) << first.body;
    auto stale = Call("POST", path, edit + "&address_town=" + Encode("西浜") + "&version=1", &session);
    EXPECT_EQ(stale.status, 409);
    EXPECT_TRUE(Contains(stale.body, "あなたの入力と現在の記録"));
    EXPECT_TRUE(Contains(stale.body, "西浜"));
    EXPECT_TRUE(Contains(stale.body, "name=\"version\" value=\"2\""));  // re-applying targets the current version
    auto reapplied = Call("POST", path, edit + "&address_town=" + Encode("西浜") + "&version=2", &session);
    EXPECT_EQ(reapplied.status, 303) << reapplied.body;
}

TEST_F(IntakePagesTest, TheReceiverSeesOnlyTheSheetUntilItAccepts) {
    const Session caseworker = SignIn("demo-caseworker");
    const std::string form = Call("GET", "/intake", {}, &caseworker).body;
    auto created = Call("POST", "/intake", IntakeBody(caseworker, form, "相談"), &caseworker);
    ASSERT_EQ(created.status, 303);
    const std::string person_path(created.HeaderValue("Location").substr(0, created.HeaderValue("Location").find('?')));

    auto new_form = Call("GET", person_path + "/referrals/new", {}, &caseworker);
    ASSERT_EQ(new_form.status, 200) << new_form.body;
    std::smatch match;
    ASSERT_TRUE(std::regex_search(
        new_form.body, match, std::regex("<option value=\"(\\d+)\">NPO法人 ひだまりの家（ひきこもり支援）</option>")));
    const std::string npo_id = match[1];
    auto missing_reason = Call("POST", person_path + "/referrals",
                               "_csrf=" + Encode(caseworker.csrf) + "&to_organization_id=" + npo_id, &caseworker);
    EXPECT_EQ(missing_reason.status, 400);
    EXPECT_TRUE(Contains(missing_reason.body, "「紹介する理由」を入力してください"));
    auto sent = Call("POST", person_path + "/referrals",
                     "_csrf=" + Encode(caseworker.csrf) + "&to_organization_id=" + npo_id +
                         "&reason=" + Encode("訪問支援が必要") + "&done=" + Encode("電話相談"),
                     &caseworker);
    ASSERT_EQ(sent.status, 303) << sent.body;
    const std::string referral_path(sent.HeaderValue("Location").substr(0, sent.HeaderValue("Location").find('?')));

    const Session npo = SignIn("demo-npo");
    auto inbox = Call("GET", "/referrals", {}, &npo);
    EXPECT_TRUE(Contains(inbox.body, "href=\"" + referral_path + "\"")) << inbox.body;
    EXPECT_EQ(Call("GET", person_path, {}, &npo).status, 404);
    auto sheet = Call("GET", referral_path, {}, &npo);
    ASSERT_EQ(sheet.status, 200);
    EXPECT_TRUE(Contains(sheet.body, "訪問支援が必要"));
    EXPECT_FALSE(Contains(sheet.body, "本人の記録を開く"));

    auto decline =
        Call("POST", referral_path + "/transition", "_csrf=" + Encode(npo.csrf) + "&to=declined&version=1&note=", &npo);
    EXPECT_EQ(decline.status, 400);
    EXPECT_TRUE(Contains(decline.body, "辞退するときは、その理由を入力してください"));
    auto accept =
        Call("POST", referral_path + "/transition", "_csrf=" + Encode(npo.csrf) + "&to=accepted&version=1", &npo);
    ASSERT_EQ(accept.status, 303) << accept.body;
    EXPECT_TRUE(Contains(Call("GET", referral_path, {}, &npo).body, "id=\"referral-status\">受理</span>"));
    EXPECT_EQ(Call("GET", person_path, {}, &npo).status, 200);
}

// Regression (issue 11): a referral addressed to a 民生委員 by name did not name them on the つなぐシート.
TEST_F(IntakePagesTest, TheSheetNamesTheVolunteerItIsAddressedTo) {
    const Session caseworker = SignIn("demo-caseworker");
    const std::string form = Call("GET", "/intake", {}, &caseworker).body;
    auto created = Call("POST", "/intake", IntakeBody(caseworker, form, "見守りの相談"), &caseworker);
    ASSERT_EQ(created.status, 303);
    const std::string person_path(created.HeaderValue("Location").substr(0, created.HeaderValue("Location").find('?')));
    auto new_form = Call("GET", person_path + "/referrals/new", {}, &caseworker);
    ASSERT_EQ(new_form.status, 200) << new_form.body;
    std::smatch match;
    ASSERT_TRUE(std::regex_search(new_form.body, match,
                                  std::regex("<option value=\"(\\d+)\">民生 ただし（デモ）[^<]*</option>")))
        << new_form.body;
    const std::string volunteer_id = match[1];
    auto sent = Call("POST", person_path + "/referrals",
                     "_csrf=" + Encode(caseworker.csrf) + "&to_user_id=" + volunteer_id +
                         "&reason=" + Encode("見守りをお願いしたい") + "&done=" + Encode("電話相談"),
                     &caseworker);
    ASSERT_EQ(sent.status, 303) << sent.body;
    const std::string referral_path(sent.HeaderValue("Location").substr(0, sent.HeaderValue("Location").find('?')));

    auto sheet = Call("GET", referral_path, {}, &caseworker);
    ASSERT_EQ(sheet.status, 200);
    EXPECT_TRUE(Contains(sheet.body, "<dt>宛先（指名）</dt><dd id=\"referral-addressee\">民生 ただし（デモ） 様</dd>"))
        << sheet.body;
    const Session volunteer = SignIn("demo-volunteer");
    auto received = Call("GET", referral_path, {}, &volunteer);
    ASSERT_EQ(received.status, 200);
    EXPECT_TRUE(Contains(received.body, "民生 ただし（デモ） 様"));
    // The outbox row names the addressee too.
    EXPECT_TRUE(Contains(Call("GET", "/referrals", {}, &caseworker).body, "（民生 ただし（デモ） 様）"));
}

std::string PathOf(const http::Response& redirect) {
    const std::string location(redirect.HeaderValue("Location"));
    return location.substr(0, location.find('?'));
}

std::string FirstMatch(const std::string& text, const std::string& pattern) {
    std::smatch match;
    if (!std::regex_search(text, match, std::regex(pattern))) return {};
    return match[1];
}

TEST_F(IntakePagesTest, ANewPersonLikeAnExistingOneIsShownDuplicatesFirst) {
    const Session session = SignIn("demo-caseworker");
    const std::string form = Call("GET", "/intake", {}, &session).body;
    auto first = Call("POST", "/intake", IntakeBody(session, form, "最初の相談"), &session);
    ASSERT_EQ(first.status, 303) << first.body;
    const std::string first_path = PathOf(first);
    const std::string first_id = first_path.substr(std::string("/persons/").size());

    // The same name reading and birth date: nothing is saved, the candidates are offered.
    auto again = Call("POST", "/intake", IntakeBody(session, form, "二度目の相談"), &session);
    ASSERT_EQ(again.status, 200) << again.body;
    EXPECT_TRUE(Contains(again.body, "id=\"duplicates\""));
    EXPECT_TRUE(Contains(again.body, "氏名の読みと生年月日が同じ"));
    EXPECT_TRUE(Contains(again.body, "name=\"person_id\" value=\"" + first_id + "\""));
    EXPECT_TRUE(Contains(again.body, "value=\"new_confirmed\""));
    EXPECT_TRUE(Contains(again.body, "二度目の相談"));  // what was typed is kept
    const std::string key = FirstMatch(again.body, "name=\"duplicates_key\" value=\"([0-9a-f]+)\"");
    ASSERT_FALSE(key.empty());

    // Picking the existing person records the consultation about them.
    std::string pick = IntakeBody(session, form, "二度目の相談");
    pick = std::regex_replace(pick, std::regex("person_id=new"), "person_id=" + first_id);
    auto picked = Call("POST", "/intake", pick, &session);
    ASSERT_EQ(picked.status, 303) << picked.body;
    EXPECT_EQ(PathOf(picked), first_path);

    // Starting from the person page, the intake form offers the person's household.
    auto from_person = Call("GET", "/intake?person_id=" + first_id, {}, &session);
    EXPECT_TRUE(Contains(from_person.body, "name=\"person_id\" value=\"" + first_id + "\" checked"));
    EXPECT_TRUE(Contains(from_person.body, ">髙橋さん世帯</option>")) << from_person.body;

    // Confirming "new" with the key of the data checked saves a second record.
    std::string confirm = IntakeBody(session, form, "三度目の相談");
    confirm = std::regex_replace(confirm, std::regex("person_id=new"), "person_id=new_confirmed&duplicates_key=" + key);
    auto confirmed = Call("POST", "/intake", confirm, &session);
    ASSERT_EQ(confirmed.status, 303) << confirmed.body;
    EXPECT_NE(PathOf(confirmed), first_path);

    // 名寄せ: the second record merged into the first, then undone.
    const std::string second_id = PathOf(confirmed).substr(std::string("/persons/").size());
    auto merged =
        Call("POST", first_path + "/merge", "_csrf=" + Encode(session.csrf) + "&merged_id=" + second_id, &session);
    ASSERT_EQ(merged.status, 303) << merged.body;
    auto page = Call("GET", std::string(merged.HeaderValue("Location")), {}, &session);
    EXPECT_TRUE(Contains(page.body, "記録を統合しました"));
    EXPECT_TRUE(Contains(page.body, "三度目の相談"));  // the merged record's consultation is read with the survivor
    const std::string merge_id = FirstMatch(page.body, "name=\"merge_id\" value=\"(\\d+)\"");
    ASSERT_FALSE(merge_id.empty()) << page.body;
    auto undone =
        Call("POST", first_path + "/unmerge", "_csrf=" + Encode(session.csrf) + "&merge_id=" + merge_id, &session);
    ASSERT_EQ(undone.status, 303) << undone.body;
    page = Call("GET", first_path, {}, &session);
    EXPECT_TRUE(Contains(page.body, "取消済み"));
    EXPECT_FALSE(Contains(page.body, "三度目の相談"));
}

// A 世帯員 typed inline is checked for duplicates as the subject is: the page offers the person on record, and
// choosing 同じ人 adds that person to the household instead of making a second one.
TEST_F(IntakePagesTest, AMemberTypedInlineLikeAPersonOnRecordIsOfferedAsTheSamePerson) {
    const Session session = SignIn("demo-caseworker");
    const std::string form = Call("GET", "/intake", {}, &session).body;
    auto son = Call("POST", "/intake", IntakeBody(session, form, "息子本人の相談"), &session);
    ASSERT_EQ(son.status, 303) << son.body;
    const std::string son_id = PathOf(son).substr(std::string("/persons/").size());

    // The mother calls; her son, typed again as a member of her new household, is the person already on record.
    const std::string hikikomori = CategoryId(form, "ひきこもり");
    const std::string call =
        "_csrf=" + Encode(session.csrf) + "&action=save&person_id=new&family_name=" + Encode("髙橋") +
        "&given_name=" + Encode("トミ") + "&family_name_kana=" + Encode("タカハシ") +
        "&given_name_kana=" + Encode("トミ") + "&birth_date=" + Encode("昭和20年1月5日") +
        "&occurred_at=2024-04-02T11%3A00&channel=phone&source=self&chief_complaint=" + Encode("息子のことで相談") +
        "&category_" + hikikomori + "=1&summary=" + Encode("母から電話。") +
        "&summary_tag=fact&new_household=1&household_name=" + Encode("髙橋トミさん世帯") +
        "&household_relationship=head&member_rows=2&member_0_family_name=" + Encode("髙橋") +
        "&member_0_given_name=" + Encode("誠") + "&member_0_family_name_kana=" + Encode("タカハシ") +
        "&member_0_given_name_kana=" + Encode("マコト") + "&member_0_birth_date=" + Encode("昭和47年8月20日") +
        "&member_0_relationship=child";
    auto warned = Call("POST", "/intake", call, &session);
    ASSERT_EQ(warned.status, 200) << warned.body;
    EXPECT_TRUE(Contains(warned.body, "世帯員1に似ている記録があります"));
    EXPECT_TRUE(Contains(warned.body, "name=\"member_0_person\" value=\"" + son_id + "\""));
    EXPECT_TRUE(Contains(warned.body, "name=\"member_0_person\" value=\"new_confirmed\""));
    EXPECT_TRUE(Contains(warned.body, "息子のことで相談"));  // what was typed is kept
    const std::string key = FirstMatch(warned.body, "name=\"member_0_duplicates_key\" value=\"([0-9a-f]+)\"");
    ASSERT_FALSE(key.empty()) << warned.body;

    // 同じ人: the household is made with the son as he is.
    auto recorded =
        Call("POST", "/intake", call + "&member_0_person=" + son_id + "&member_0_duplicates_key=" + key, &session);
    ASSERT_EQ(recorded.status, 303) << recorded.body;
    const std::string mother_page = Call("GET", PathOf(recorded), {}, &session).body;
    const std::string household_path = FirstMatch(mother_page, "href=\"(/households/\\d+)\"");
    ASSERT_FALSE(household_path.empty()) << mother_page;
    const std::string household = Call("GET", household_path, {}, &session).body;
    EXPECT_TRUE(Contains(household, "href=\"/persons/" + son_id + "\"")) << household;
}

TEST_F(IntakePagesTest, HouseholdMembersAreAddedAndMoveOutIsKeptApart) {
    const Session session = SignIn("demo-caseworker");
    const std::string form = Call("GET", "/intake", {}, &session).body;
    auto son = Call("POST", "/intake", IntakeBody(session, form, "相談"), &session);
    ASSERT_EQ(son.status, 303);
    const std::string household_path =
        FirstMatch(Call("GET", PathOf(son), {}, &session).body, "href=\"(/households/\\d+)\"");
    ASSERT_FALSE(household_path.empty());

    // A second person, recorded without a household.
    std::string sister = IntakeBody(session, form, "妹の相談");
    sister = std::regex_replace(sister, std::regex("given_name=[^&]*"), "given_name=" + Encode("花子"));
    sister = std::regex_replace(sister, std::regex("given_name_kana=[^&]*"), "given_name_kana=" + Encode("ハナコ"));
    sister = std::regex_replace(sister, std::regex("birth_date=[^&]*"), "birth_date=1975-01-05");
    sister = std::regex_replace(sister, std::regex("&new_household=1"), "");
    sister = std::regex_replace(sister, std::regex("phone=[^&]*"), "phone=0858-77-6666");
    auto created = Call("POST", "/intake", sister, &session);
    ASSERT_EQ(created.status, 303) << created.body;
    const std::string sister_id = PathOf(created).substr(std::string("/persons/").size());

    auto search = Call("GET", household_path + "?member_q=" + Encode("はなこ"), {}, &session);
    EXPECT_TRUE(Contains(search.body, "name=\"person_id\" value=\"" + sister_id + "\"")) << search.body;
    auto bad_date = Call("POST", household_path + "/members",
                         "_csrf=" + Encode(session.csrf) + "&person_id=" + sister_id +
                             "&relationship=sibling&moved_in=" + Encode("令和6年13月1日"),
                         &session);
    EXPECT_EQ(bad_date.status, 400);
    auto added = Call("POST", household_path + "/members",
                      "_csrf=" + Encode(session.csrf) + "&person_id=" + sister_id +
                          "&relationship=sibling&moved_in=" + Encode("R6.4.1"),
                      &session);
    ASSERT_EQ(added.status, 303) << added.body;
    auto page = Call("GET", household_path, {}, &session);
    EXPECT_TRUE(Contains(page.body, "髙橋 花子"));
    EXPECT_TRUE(Contains(page.body, "令和6年4月1日"));
    EXPECT_TRUE(Contains(page.body, ">世帯主</span>"));

    std::vector<std::string> actions;
    const std::regex move_out("action=\"(" + household_path + "/members/\\d+/move-out)\"");
    for (auto it = std::sregex_iterator(page.body.begin(), page.body.end(), move_out); it != std::sregex_iterator();
         ++it) {
        actions.push_back((*it)[1]);
    }
    ASSERT_EQ(actions.size(), 2u);
    auto missing = Call("POST", actions[1], "_csrf=" + Encode(session.csrf) + "&moved_out=", &session);
    EXPECT_EQ(missing.status, 400);
    EXPECT_TRUE(Contains(missing.body, "「転出等の日」を入力してください"));
    // The page counts days by the domain's clock (2024-04-03 here), so the move-out is dated before it.
    auto moved =
        Call("POST", actions[1],
             "_csrf=" + Encode(session.csrf) + "&moved_out=" + Encode("令和6年4月2日") + "&reason=" + Encode("転出"),
             &session);
    ASSERT_EQ(moved.status, 303) << moved.body;
    page = Call("GET", household_path, {}, &session);
    const std::size_t former = page.body.find("以前の世帯員");
    ASSERT_NE(former, std::string::npos);
    EXPECT_NE(page.body.find("髙橋 花子", former), std::string::npos) << page.body;
    EXPECT_NE(page.body.find("転出", former), std::string::npos);
}

// Issue 13's done-when: a call about an old man with his son added inline on the intake screen; the son is referred
// to the 生活困窮 window with the father's consultation as もとの相談, and that referral is then the father's 対応結果
// 「他機関へつなぎ」. Before, the son's form offered no consultation and the father's outcome no referral.
TEST_F(IntakePagesTest, TheSonOfAHouseholdCalledAboutIsReferredFromItsConsultation) {
    const Session session = SignIn("demo-caseworker");
    const std::string form = Call("GET", "/intake", {}, &session).body;
    const std::string body = IntakeBody(session, form, "近所の方から、父と息子の様子が心配との電話") +
                             "&member_rows=2&member_0_family_name=" + Encode("髙橋") +
                             "&member_0_given_name=" + Encode("浩") + "&member_0_relationship=child";
    auto father = Call("POST", "/intake", body, &session);
    ASSERT_EQ(father.status, 303) << father.body;
    const std::string consultation_id = FirstMatch(std::string(father.HeaderValue("Location")), "recorded=(\\d+)");
    ASSERT_FALSE(consultation_id.empty());
    const std::string household_path =
        FirstMatch(Call("GET", PathOf(father), {}, &session).body, "href=\"(/households/\\d+)\"");
    const std::string household = Call("GET", household_path, {}, &session).body;
    const std::string son_path = FirstMatch(household, "href=\"(/persons/\\d+)\"[^>]*>髙橋 浩");
    ASSERT_FALSE(son_path.empty()) << household;

    auto new_form = Call("GET", son_path + "/referrals/new", {}, &session);
    ASSERT_EQ(new_form.status, 200) << new_form.body;
    EXPECT_TRUE(Contains(new_form.body, "<option value=\"" + consultation_id + "\" selected>")) << new_form.body;
    const std::string window = FirstMatch(new_form.body, "<option value=\"(\\d+)\">栄浜町社会福祉協議会</option>");
    ASSERT_FALSE(window.empty());
    auto sent =
        Call("POST", son_path + "/referrals",
             "_csrf=" + Encode(session.csrf) + "&to_organization_id=" + window + "&consultation_id=" + consultation_id +
                 "&reason=" + Encode("失職して収入がない") + "&done=" + Encode("電話で聞き取り"),
             &session);
    ASSERT_EQ(sent.status, 303) << sent.body;
    const std::string referral_id = FirstMatch(std::string(sent.HeaderValue("Location")), "/referrals/(\\d+)");

    const std::string consultation_path = "/consultations/" + consultation_id;
    auto page = Call("GET", consultation_path, {}, &session);
    EXPECT_TRUE(Contains(page.body, "<option value=\"" + referral_id + "\"")) << page.body;
    const std::string version = FirstMatch(page.body, "name=\"version\" value=\"(\\d+)\"");
    auto outcome =
        Call("POST", consultation_path + "/outcome",
             "_csrf=" + Encode(session.csrf) + "&version=" + version + "&outcome=referred&referral_id=" + referral_id,
             &session);
    ASSERT_EQ(outcome.status, 303) << outcome.body;
    EXPECT_TRUE(Contains(Call("GET", consultation_path, {}, &session).body, "href=\"/referrals/" + referral_id + "\""));

    // A consultation about someone else, outside his household, is no もとの相談 of the son's.
    std::string stranger = IntakeBody(session, form, "別の人の相談");
    stranger = std::regex_replace(stranger, std::regex("family_name=[^&]*"), "family_name=" + Encode("浜野"));
    stranger =
        std::regex_replace(stranger, std::regex("family_name_kana=[^&]*"), "family_name_kana=" + Encode("ハマノ"));
    stranger = std::regex_replace(stranger, std::regex("phone=[^&]*"), "phone=0858-77-1111");
    stranger = std::regex_replace(stranger, std::regex("&new_household=1"), "");
    auto other = Call("POST", "/intake", stranger, &session);
    ASSERT_EQ(other.status, 303) << other.body;
    const std::string other_id = FirstMatch(std::string(other.HeaderValue("Location")), "recorded=(\\d+)");
    const std::string son_form = Call("GET", son_path + "/referrals/new", {}, &session).body;
    const std::size_t origins = son_form.find("id=\"consultation_id\"");
    ASSERT_NE(origins, std::string::npos);
    const std::string origin_options = son_form.substr(origins, son_form.find("</select>", origins) - origins);
    EXPECT_TRUE(Contains(origin_options, "<option value=\"" + consultation_id + "\""));
    EXPECT_FALSE(Contains(origin_options, "<option value=\"" + other_id + "\"")) << origin_options;
    auto refused = Call("POST", son_path + "/referrals",
                        "_csrf=" + Encode(session.csrf) + "&to_organization_id=" + window +
                            "&consultation_id=" + other_id + "&reason=" + Encode("別件") + "&done=",
                        &session);
    EXPECT_NE(refused.status, 303) << refused.body;
}

// 相談受付簿 (issue 13, item 2): opens on today, filters by GET parameters, shows labels and 和暦, links the person,
// offers the CSV only with the export right, and lists only the caller's scope.
TEST_F(IntakePagesTest, TheBookListsTheDaysConsultationsWithLabels) {
    const Session session = SignIn("demo-caseworker");
    const std::string form = Call("GET", "/intake", {}, &session).body;
    auto recorded = Call("POST", "/intake", IntakeBody(session, form, "息子が長くひきこもっている"), &session);
    ASSERT_EQ(recorded.status, 303) << recorded.body;

    auto today = Call("GET", "/consultations", {}, &session);
    ASSERT_EQ(today.status, 200) << today.body;
    EXPECT_TRUE(Contains(today.body, "<title>相談受付簿 | 重ね Kasane</title>"));
    EXPECT_TRUE(Contains(today.body, "href=\"/consultations\" aria-current=\"page\">受付簿</a>"));
    EXPECT_TRUE(Contains(today.body, "相談受付簿（令和6年4月3日）")) << today.body;
    EXPECT_TRUE(Contains(today.body, "id=\"book-empty\""));
    EXPECT_TRUE(Contains(today.body, "href=\"/consultations?preset=mine\""));

    auto day = Call("GET", "/consultations?from=2024-04-02&to=" + Encode("令和6年4月2日"), {}, &session);
    ASSERT_EQ(day.status, 200) << day.body;
    EXPECT_TRUE(Contains(day.body, ">髙橋 誠</a>")) << day.body;
    EXPECT_TRUE(Contains(day.body, ">令和6年4月2日 10:30</a></td>"));
    EXPECT_TRUE(Contains(day.body, "<td>家族（電話）</td>"));
    EXPECT_TRUE(Contains(day.body, "<td>ひきこもり</td>"));
    EXPECT_TRUE(Contains(day.body, "<td>障がい</td>"));
    EXPECT_TRUE(Contains(day.body, "<td>対応中</td>"));
    EXPECT_TRUE(Contains(day.body, "name=\"from\" value=\"2024-04-02\""));
    // The caseworker has no export right in the demo town: no export buttons.
    EXPECT_FALSE(Contains(day.body, "consultations.csv"));

    auto mine = Call("GET", "/consultations?preset=mine", {}, &session);
    ASSERT_EQ(mine.status, 200);
    EXPECT_TRUE(Contains(mine.body, ">髙橋 誠</a>"));
    auto done = Call("GET", "/consultations?preset=mine&status=done", {}, &session);
    EXPECT_FALSE(Contains(done.body, ">髙橋 誠</a>"));

    auto bad = Call("GET", "/consultations?status=lost", {}, &session);
    ASSERT_EQ(bad.status, 200);
    EXPECT_TRUE(Contains(bad.body, "状態の指定が正しくありません"));

    // The coordinator of the same 福祉課 sees it and may export it, in both encodings.
    const Session coordinator = SignIn("demo-coordinator");
    auto coordinators = Call("GET", "/consultations?from=2024-04-02&to=2024-04-02", {}, &coordinator);
    EXPECT_TRUE(Contains(coordinators.body, ">髙橋 誠</a>"));
    EXPECT_TRUE(
        Contains(coordinators.body,
                 "/api/v1/consultations.csv?from=2024-04-02&amp;to=2024-04-02&amp;status=any&amp;encoding=windows-31j"))
        << coordinators.body;

    // A 民生委員 lists only what they entered; the auditor has no book and no link.
    const Session volunteer = SignIn("demo-volunteer");
    auto volunteers = Call("GET", "/consultations?from=2024-04-02&to=2024-04-02", {}, &volunteer);
    ASSERT_EQ(volunteers.status, 200);
    EXPECT_FALSE(Contains(volunteers.body, "髙橋 誠"));
    const Session auditor = SignIn("demo-auditor");
    auto auditors = Call("GET", "/consultations", {}, &auditor);
    EXPECT_EQ(auditors.status, 403);
    EXPECT_FALSE(Contains(Call("GET", "/audit", {}, &auditor).body, "href=\"/consultations\""));
}

}  // namespace
}  // namespace kasane::web
