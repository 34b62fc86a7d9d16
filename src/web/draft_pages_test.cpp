// SPDX-License-Identifier: Apache-2.0
// Never lose typing (issue 13, item 4): drafts per user and idempotent submits, through the page routes as the
// server runs them (AddDraftPages and MakeSubmitsIdempotent over the real intake pages and a real SQLite store).

#include "http/idempotency.hpp"
#include "web/pages_test_fixture.hpp"

namespace kasane::web {
namespace {

using page_tests::Contains;
using page_tests::Encode;

class DraftPagesTest : public page_tests::DemoTownPagesTest {
protected:
    DraftPagesTest()
        : DemoTownPagesTest(
              {.name = "draft_pages_test", .today = std::chrono::sys_days{std::chrono::year{2024} / 4 / 3}}) {}

    void SetUp() override {
        DemoTownPagesTest::SetUp();
        drafts_ = std::make_unique<domain::DraftService>(*store_, clock_, "a test key of the server, 32 bytes+");
        AddDraftPages(router_, *drafts_);
        http::MakeSubmitsIdempotent(router_, *drafts_, RenderErrorPage);
    }

    void TearDown() override {
        drafts_.reset();
        DemoTownPagesTest::TearDown();
    }

    static std::string SubmitKey(const std::string& html) {
        std::smatch match;
        EXPECT_TRUE(std::regex_search(html, match, std::regex(R"re(name="_submit_key" value="([^"]+)")re")));
        return match.size() > 1 ? match[1].str() : "";
    }

    std::string IntakeBody(const Session& session, const std::string& form_html, const std::string& key) {
        const std::string hikikomori = CategoryId(form_html, "ひきこもり");
        return "_csrf=" + Encode(session.csrf) + "&_submit_key=" + Encode(key) +
               "&action=save&person_id=new&family_name=" + Encode("髙橋") + "&given_name=" + Encode("誠") +
               "&family_name_kana=" + Encode("タカハシ") + "&given_name_kana=" + Encode("マコト") +
               "&birth_date=" + Encode("昭和47年8月20日") +
               "&sex=male&phone=0858-99-0000&occurred_at=2024-04-02T10%3A30&channel=phone&source=family" +
               "&caller_name=" + Encode("髙橋 トミ") + "&caller_relationship=" + Encode("母") +
               "&chief_complaint=" + Encode("息子のこと") + "&category_" + hikikomori +
               "=1&most_pressing=" + hikikomori + "&summary=" + Encode("母から電話。") +
               "&summary_tag=third_party&new_household=1&household_name=" + Encode("髙橋さん世帯") +
               "&household_relationship=head";
    }

    std::string TotalPersons(const Session& session) {
        const auto report = Call("GET", "/reports/fiscal-year?year=2024", {}, &session);
        std::smatch match;
        EXPECT_TRUE(std::regex_search(report.body, match,
                                      std::regex(R"re(id="total-persons">(?:<a [^>]*>)?(\d+)(?:</a>)?</dd>)re")));
        return match.size() > 1 ? match[1].str() : "";
    }

    std::unique_ptr<domain::DraftService> drafts_;
};

TEST_F(DraftPagesTest, ARepeatedSubmitWithTheSameKeyCreatesOneConsultation) {
    const Session session = SignIn("demo-caseworker");
    const std::string form = Call("GET", "/intake", {}, &session).body;
    const std::string key = SubmitKey(form);
    ASSERT_GE(key.size(), 16u);
    EXPECT_TRUE(Contains(form, "<form data-draft"));
    EXPECT_EQ(TotalPersons(session), "0");

    auto first = Call("POST", "/intake", IntakeBody(session, form, key), &session);
    ASSERT_EQ(first.status, 303) << first.body;
    auto again = Call("POST", "/intake", IntakeBody(session, form, key), &session);
    EXPECT_EQ(again.status, 303);
    EXPECT_EQ(again.HeaderValue("Location"), first.HeaderValue("Location"));
    EXPECT_EQ(again.HeaderValue("Idempotent-Replayed"), "true");
    EXPECT_EQ(TotalPersons(session), "1");

    // A new form (a new key) is a new submit: the check can fail.
    const std::string second_form = Call("GET", "/intake", {}, &session).body;
    EXPECT_NE(SubmitKey(second_form), key);
    // Another person (the same one again would stop at the duplicate warning).
    std::string another = IntakeBody(session, second_form, SubmitKey(second_form));
    for (const auto& [from, to] : {std::pair{Encode("誠"), Encode("剛")}, std::pair{Encode("マコト"), Encode("ツヨシ")},
                                   std::pair{std::string("0858-99-0000"), std::string("0858-99-0001")}}) {
        another.replace(another.find(from), from.size(), to);
    }
    auto other = Call("POST", "/intake", another, &session);
    EXPECT_EQ(other.status, 303);
    EXPECT_EQ(other.HeaderValue("Idempotent-Replayed"), "");
    EXPECT_EQ(TotalPersons(session), "2");
}

TEST_F(DraftPagesTest, AFailedSubmitReleasesItsKey) {
    const Session session = SignIn("demo-caseworker");
    const std::string form = Call("GET", "/intake", {}, &session).body;
    const std::string key = SubmitKey(form);
    std::string bad = IntakeBody(session, form, key);
    bad.replace(bad.find("birth_date="), std::string("birth_date=").size(), "birth_date=x");
    auto refused = Call("POST", "/intake", bad, &session);
    EXPECT_EQ(refused.status, 400) << refused.body;
    auto corrected = Call("POST", "/intake", IntakeBody(session, form, key), &session);
    EXPECT_EQ(corrected.status, 303) << corrected.body;
    EXPECT_EQ(corrected.HeaderValue("Idempotent-Replayed"), "");
    EXPECT_EQ(TotalPersons(session), "1");
}

TEST_F(DraftPagesTest, ADraftIsTheUsersOwnAndASubmitDiscardsIt) {
    const Session caseworker = SignIn("demo-caseworker");
    const std::string typed = "_csrf=" + Encode(caseworker.csrf) +
                              "&chief_complaint=" + Encode("息子が長くひきこもっている") +
                              "&family_name=" + Encode("髙橋");
    auto saved = Call("POST", "/drafts?form=%2Fintake", typed, &caseworker);
    ASSERT_EQ(saved.status, 204) << saved.body;

    auto mine = Call("GET", "/drafts?form=%2Fintake", {}, &caseworker);
    ASSERT_EQ(mine.status, 200) << mine.body;
    const auto draft = nlohmann::json::parse(mine.body);
    EXPECT_EQ(draft["content"],
              "chief_complaint=" + Encode("息子が長くひきこもっている") + "&family_name=" + Encode("髙橋"));
    EXPECT_TRUE(Contains(draft["message"].get<std::string>(), "保存されていない入力を復元しました（"));
    EXPECT_TRUE(Contains(draft["message"].get<std::string>(), " 時点）"));
    EXPECT_EQ(mine.HeaderValue("Cache-Control"), "no-store");

    // At rest it is sealed: the stored text holds no typed word.
    const auto principal = auth_->AuthenticateSession(caseworker.cookie);
    ASSERT_TRUE(principal);
    auto row = store_->Drafts().FindDraft(principal->user.id, "/intake");
    ASSERT_TRUE(row && row->has_value());
    EXPECT_TRUE((*row)->sealed_content.starts_with("sb1:"));
    EXPECT_FALSE(Contains((*row)->sealed_content, "chief_complaint"));

    // Another user of the same office PC never sees it.
    const Session other = SignIn("demo-coordinator");
    EXPECT_EQ(Call("GET", "/drafts?form=%2Fintake", {}, &other).status, 204);
    // Signed out, the draft routes answer the way to sign in, and save nothing.
    EXPECT_EQ(Call("POST", "/drafts?form=%2Fintake", "chief_complaint=x", nullptr).status, 303);
    // Not a path of this site: refused.
    EXPECT_EQ(Call("POST", "/drafts?form=https%3A%2F%2Fexample.org", typed, &caseworker).status, 400);

    // A successful submit of the form discards the draft.
    const std::string form = Call("GET", "/intake", {}, &caseworker).body;
    auto created = Call("POST", "/intake", IntakeBody(caseworker, form, SubmitKey(form)), &caseworker);
    ASSERT_EQ(created.status, 303) << created.body;
    EXPECT_EQ(Call("GET", "/drafts?form=%2Fintake", {}, &caseworker).status, 204);
}

TEST_F(DraftPagesTest, DiscardRemovesTheDraft) {
    const Session session = SignIn("demo-caseworker");
    ASSERT_EQ(Call("POST", "/drafts?form=%2Fintake", "summary=abc", &session).status, 204);
    ASSERT_EQ(Call("POST", "/drafts/discard?form=%2Fintake", "", &session).status, 204);
    EXPECT_EQ(Call("GET", "/drafts?form=%2Fintake", {}, &session).status, 204);
}

}  // namespace
}  // namespace kasane::web
