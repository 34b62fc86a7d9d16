// SPDX-License-Identifier: Apache-2.0
#include "http/api/access_json.hpp"
#include "http/api/consent_json.hpp"
#include "http/api/meeting_body_json.hpp"
#include "http/api/meeting_json.hpp"
#include "http/api/time_json.hpp"

#include <gtest/gtest.h>

namespace kasane::http::api {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

Instant Utc(int y, unsigned m, unsigned d, int hours) {
    return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::sys_days(year{y} / month{m} / day{d}) +
                                                                   std::chrono::hours(hours));
}

Json Consent() {
    return Json::parse(R"({"organizations": [3, 8, 3], "bodies": [2], "purpose": "情報共有",
                           "given_on": "令和6年4月1日", "method": "oral", "witness": "相談 はるか",
                           "explanation_version": "v2", "expires_on": "R7.3.31"})");
}

TEST(ConsentFromJson, ReadsWarekiDatesAndDropsDuplicateOrganizations) {
    auto consent = ConsentFromJson(Consent(), domain::PersonId{42});
    ASSERT_TRUE(consent.has_value()) << consent.error().message;
    EXPECT_EQ(consent->person_id, 42);
    EXPECT_EQ(consent->organizations, (std::vector<OrganizationId>{OrganizationId{3}, OrganizationId{8}}));
    EXPECT_EQ(consent->given_on, year{2024} / month{4} / day{1});
    ASSERT_TRUE(consent->expires_on.has_value());
    EXPECT_EQ(*consent->expires_on, year{2025} / month{3} / day{31});
    EXPECT_EQ(consent->method, domain::ConsentMethod::kOral);
}

TEST(ConsentFromJson, NamesTheFieldOfEachBadInput) {
    const std::pair<const char*, Json> cases[] = {
        {"method", Json("telepathy")}, {"given_on", Json("令和6年13月1日")}, {"given_on", Json(nullptr)},
        {"organizations", Json("3")},  {"organizations", Json::array({0})},  {"bodies", Json::array({"x"})},
        {"by_proxy", Json("yes")},
    };
    for (const auto& [field, value] : cases) {
        Json body = Consent();
        body[field] = value;
        auto consent = ConsentFromJson(body, domain::PersonId{1});
        ASSERT_FALSE(consent.has_value()) << field << " = " << value.dump();
        EXPECT_EQ(consent.error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(consent.error().field, field);
    }
}

TEST(MeetingBodyFromJson, DefaultsSharingToTheLegalBasis) {
    auto article = MeetingBodyFromJson(Json::parse(R"({"legal_basis": "article_106_6", "display_name": "支援会議"})"));
    ASSERT_TRUE(article.has_value());
    EXPECT_TRUE(article->shares_without_consent);
    EXPECT_EQ(article->sharing_days, 90);
    auto multilayer =
        MeetingBodyFromJson(Json::parse(R"({"legal_basis": "multilayer_meeting", "display_name": "重層"})"));
    ASSERT_TRUE(multilayer.has_value());
    EXPECT_FALSE(multilayer->shares_without_consent);
}

TEST(MeetingBodyFromJson, RefusesAnUnknownBasisAndBadMembers) {
    auto unknown = MeetingBodyFromJson(Json::parse(R"({"legal_basis": "article_999", "display_name": "x"})"));
    ASSERT_FALSE(unknown.has_value());
    EXPECT_EQ(unknown.error().field, "legal_basis");
    auto twice = MeetingBodyFromJson(Json::parse(
        R"({"legal_basis": "other", "display_name": "x", "members": [{"organization_id": 4}, {"organization_id": 4}]})"));
    ASSERT_FALSE(twice.has_value());
    EXPECT_EQ(twice.error().field, "members.organization_id");
    auto pledge = MeetingBodyFromJson(Json::parse(
        R"({"legal_basis": "other", "display_name": "x", "members": [{"organization_id": 4, "pledge_signed_on": "昨日"}]})"));
    ASSERT_FALSE(pledge.has_value());
    EXPECT_EQ(pledge.error().field, "members.pledge_signed_on");
    auto huge = MeetingBodyFromJson(
        Json::parse(R"({"legal_basis": "other", "display_name": "x", "sharing_days": 99999999999})"));
    ASSERT_FALSE(huge.has_value());
    EXPECT_EQ(huge.error().field, "sharing_days");
}

TEST(MeetingFromJson, ReadsAgendaAndNamesNestedFields) {
    auto meeting = MeetingFromJson(Json::parse(R"({"body_id": 1, "held_on": "R6.6.3",
        "attendees": [{"name": "調整 みどり", "organization_id": 1}],
        "agenda": [{"person_id": 7, "household_id": 2, "shared_summary": "概要"}],
        "decisions": [{"kind": "roles_assigned", "text": "NPOが訪問"}]})"),
                                   BodyField::kRequired);
    ASSERT_TRUE(meeting.has_value()) << meeting.error().message;
    EXPECT_EQ(meeting->held_on, year{2024} / month{6} / day{3});
    ASSERT_EQ(meeting->agenda.size(), 1u);
    EXPECT_EQ(meeting->agenda[0].person_id, 7);
    EXPECT_EQ(meeting->agenda[0].household_id, std::optional<std::int64_t>(2));
    ASSERT_EQ(meeting->decisions.size(), 1u);
    EXPECT_EQ(meeting->decisions[0].kind, domain::DecisionKind::kRolesAssigned);
    const Json written = ToJson(*meeting);
    EXPECT_EQ(written.at("decisions").at(0).at("kind"), "roles_assigned");
    EXPECT_EQ(written.at("decisions").at(0).at("kind_label"), "役割分担");

    for (const char* decisions : {R"([{"kind": "approved", "text": "x"}])", R"([{"text": "x"}])"}) {
        auto unknown = MeetingFromJson(
            Json::parse(std::string(R"({"body_id": 1, "held_on": "2024-06-03", "decisions": )") + decisions + "}"),
            BodyField::kRequired);
        ASSERT_FALSE(unknown.has_value()) << decisions;
        EXPECT_EQ(unknown.error().field, "decisions.kind") << decisions;
        EXPECT_EQ(unknown.error().message, "決定の種類が正しくありません") << decisions;
    }

    auto no_person = MeetingFromJson(Json::parse(R"({"body_id": 1, "held_on": "2024-06-03", "agenda": [{}]})"),
                                     BodyField::kRequired);
    ASSERT_FALSE(no_person.has_value());
    EXPECT_EQ(no_person.error().field, "agenda.person_id");
    auto no_body = MeetingFromJson(Json::parse(R"({"held_on": "2024-06-03"})"), BodyField::kRequired);
    ASSERT_FALSE(no_body.has_value());
    EXPECT_EQ(no_body.error().field, "body_id");
    auto update = MeetingFromJson(Json::parse(R"({"held_on": "2024-06-03"})"), BodyField::kIgnored);
    EXPECT_TRUE(update.has_value());
    auto nameless = MeetingFromJson(Json::parse(R"({"held_on": "2024-06-03", "attendees": [{"organization_id": 1}]})"),
                                    BodyField::kIgnored);
    ASSERT_FALSE(nameless.has_value());
    EXPECT_EQ(nameless.error().field, "attendees.name");
}

TEST(InstantParam, ReadsInstantsAndWholeDaysInJapan) {
    EXPECT_EQ(*InstantParam("2024-05-01T01:30:00Z", "from", DayEdge::kStart),
              Utc(2024, 5, 1, 1) + std::chrono::minutes(30));
    // 2024-05-01 00:00 JST is 2024-04-30 15:00 UTC; the end of that day is the next midnight.
    EXPECT_EQ(*InstantParam("2024-05-01", "from", DayEdge::kStart), Utc(2024, 4, 30, 15));
    EXPECT_EQ(*InstantParam("令和6年5月1日", "to", DayEdge::kEnd), Utc(2024, 5, 1, 15));
    auto bad = InstantParam("昨日", "to", DayEdge::kEnd);
    ASSERT_FALSE(bad.has_value());
    EXPECT_EQ(bad.error().field, "to");
}

TEST(SharingJson, ExplanationCarriesTheSameAccessFieldsAsARecord) {
    const Json json = ToJson(domain::AccessExplanation{.organization_id = OrganizationId{5},
                                                       .organization_name = "NPO",
                                                       .level = domain::ViewLevel::kMeetingShared,
                                                       .basis = domain::AccessBasis::kMeeting,
                                                       .basis_detail = "meeting:3",
                                                       .explanation = "説明",
                                                       .address_and_contact = false});
    EXPECT_EQ(json["level"], "meeting_shared");
    EXPECT_EQ(json["basis"], "meeting");
    EXPECT_EQ(json["basis_detail"], "meeting:3");
    EXPECT_TRUE(json["user_id"].is_null());
    EXPECT_EQ(json["organization_name"], "NPO");
}

}  // namespace
}  // namespace kasane::http::api
