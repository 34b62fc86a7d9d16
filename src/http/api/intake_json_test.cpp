// SPDX-License-Identifier: Apache-2.0
#include "http/api/consultation_json.hpp"
#include "http/api/household_json.hpp"
#include "http/api/person_json.hpp"
#include "http/api/time_json.hpp"

#include <gtest/gtest.h>

namespace kasane::http::api {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

Instant Utc(int y, unsigned m, unsigned d, int hours, int minutes) {
    return std::chrono::time_point_cast<std::chrono::milliseconds>(
        std::chrono::sys_days(year{y} / month{m} / day{d}) + std::chrono::hours(hours) + std::chrono::minutes(minutes));
}

TEST(ParseInstantText, ReadsIsoUtc) {
    auto instant = ParseInstantText("2024-05-01T01:30:00Z", "occurred_at");
    ASSERT_TRUE(instant.has_value());
    EXPECT_EQ(*instant, Utc(2024, 5, 1, 1, 30));
}

TEST(ParseInstantText, ReadsIsoWithAnOffsetOrWithoutAZoneAsJapanTime) {
    EXPECT_EQ(*ParseInstantText("2024-05-01T10:30+09:00", "occurred_at"), Utc(2024, 5, 1, 1, 30));
    EXPECT_EQ(*ParseInstantText("2024-05-01T10:30", "occurred_at"), Utc(2024, 5, 1, 1, 30));
    EXPECT_EQ(*ParseInstantText("令和6年5月1日 午前10時30分", "occurred_at"), Utc(2024, 5, 1, 1, 30));
    EXPECT_EQ(*ParseInstantText("令和6年5月1日 午後1:30", "occurred_at"), Utc(2024, 5, 1, 4, 30));
}

TEST(ParseInstantText, ReadsWarekiDateAndJstTime) {
    auto instant = ParseInstantText("令和6年5月1日 10:30", "occurred_at");
    ASSERT_TRUE(instant.has_value());
    EXPECT_EQ(*instant, Utc(2024, 5, 1, 1, 30));  // 10:30 JST is 01:30 UTC
}

TEST(ParseInstantText, ReadsShorthandWithFullWidthSpaceAndSeconds) {
    auto instant = ParseInstantText("R6.6.3\u30009:05:00", "occurred_at");
    ASSERT_TRUE(instant.has_value());
    EXPECT_EQ(*instant, Utc(2024, 6, 3, 0, 5));
}

TEST(ParseInstantText, JstMidnightIsThePreviousUtcDay) {
    auto instant = ParseInstantText("2024-04-01 00:00", "occurred_at");
    ASSERT_TRUE(instant.has_value());
    EXPECT_EQ(*instant, Utc(2024, 3, 31, 15, 0));
}

TEST(ParseInstantText, RefusesADayThatDoesNotExistNamingTheField) {
    auto instant = ParseInstantText("令和7年2月30日 10:00", "first_contact.occurred_at");
    ASSERT_FALSE(instant.has_value());
    EXPECT_EQ(instant.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(instant.error().field, "first_contact.occurred_at");
}

TEST(ParseInstantText, RefusesMissingOrImpossibleTimes) {
    for (const char* text : {"令和6年5月1日", "2024-05-01 25:00", "2024-05-01 10:60", "2024-05-01 10",
                             "2024-05-01 1:2:3:4", "2024-05-01 ten", ""}) {
        auto instant = ParseInstantText(text, "occurred_at");
        EXPECT_FALSE(instant.has_value()) << text;
        if (!instant) {
            EXPECT_EQ(instant.error().field, "occurred_at") << text;
        }
    }
}

TEST(PersonDataFromJson, ReadsEveryField) {
    auto data = PersonDataFromJson(Json::parse(R"({
        "family_name": "髙橋", "given_name": "誠", "family_name_kana": "タカハシ", "given_name_kana": "マコト",
        "birth_date": "S49.4.10", "sex": "male", "phone": "0858-00-5678",
        "address": {"prefecture": "鳥取県", "town": "東浜"}, "resides_elsewhere": true, "neighborhood_id": 3,
        "unknown_reasons": {"sex": "refused"}, "dv_protected": true})"));
    ASSERT_TRUE(data.has_value()) << data.error().message;
    EXPECT_EQ(data->family_name, "髙橋");
    EXPECT_EQ(data->birth_date, domain::Date(year{1974} / 4 / 10));
    EXPECT_EQ(data->sex, domain::Sex::kMale);
    EXPECT_EQ(data->address.town, "東浜");
    EXPECT_TRUE(data->resides_elsewhere);
    EXPECT_EQ(data->neighborhood_id, 3);
    EXPECT_EQ(data->unknown_reasons.at("sex"), domain::UnknownReason::kRefused);
    EXPECT_TRUE(data->dv_protected);
}

TEST(PersonDataFromJson, NamesTheOffendingField) {
    const std::pair<const char*, const char*> cases[] = {
        {R"({"birth_date": "令和7年2月30日"})", "birth_date"},
        {R"({"birth_date": 19740410})", "birth_date"},
        {R"({"sex": "woman"})", "sex"},
        {R"({"family_name": 1})", "family_name"},
        {R"({"address": "東浜"})", "address"},
        {R"({"address": {"block": false}})", "address.block"},
        {R"({"unknown_reasons": {"hobby": "unknown"}})", "unknown_reasons"},
        {R"({"unknown_reasons": {"phone": "later"}})", "unknown_reasons"},
        {R"({"neighborhood_id": "3"})", "neighborhood_id"},
        {R"({"dv_protected": "yes"})", "dv_protected"},
    };
    for (const auto& [body, field] : cases) {
        auto data = PersonDataFromJson(Json::parse(body));
        ASSERT_FALSE(data.has_value()) << body;
        EXPECT_EQ(data.error().field, field) << body;
    }
}

TEST(PersonJson, IdentityLevelShowsNoAddressOrContact) {
    domain::Person person;
    person.data.family_name = "髙橋";
    person.data.phone = "0858-00-1234";
    person.data.address.town = "東浜";
    person.data.contact_notes = "夕方に在宅";
    person.data.birth_date = domain::Date{std::chrono::year{1950}, std::chrono::June, std::chrono::day{15}};
    // The day the age is counted on is given, not read from a clock: the day before the 74th birthday.
    const domain::Date today{std::chrono::year{2024}, std::chrono::June, std::chrono::day{14}};
    const Json identity = PersonJson(
        person, domain::AccessDecision{.level = domain::ViewLevel::kIdentity, .address_and_contact = true}, today);
    EXPECT_EQ(identity.at("age"), 73);
    EXPECT_EQ(identity.at("family_name"), "髙橋");
    for (const char* hidden : {"phone", "address", "address_line", "contact_notes", "version", "unknown_reasons"}) {
        EXPECT_FALSE(identity.contains(hidden)) << hidden;
    }
    const Json dv = PersonJson(
        person, domain::AccessDecision{.level = domain::ViewLevel::kFull, .address_and_contact = false}, today);
    EXPECT_TRUE(dv.contains("version"));
    for (const char* hidden : {"phone", "address", "address_line", "contact_notes"}) {
        EXPECT_FALSE(dv.contains(hidden)) << hidden;
    }
    const Json full = PersonJson(
        person, domain::AccessDecision{.level = domain::ViewLevel::kFull, .address_and_contact = true}, today);
    EXPECT_EQ(full.at("age"), 73);
    EXPECT_EQ(PersonJson(person, domain::AccessDecision{.level = domain::ViewLevel::kFull},
                         domain::Date{std::chrono::year{2024}, std::chrono::June, std::chrono::day{15}})
                  .at("age"),
              74);
    EXPECT_EQ(full.at("phone"), "0858-00-1234");
    EXPECT_EQ(full.at("address").at("town"), "東浜");
}

TEST(HouseholdMemberFromJson, PrefixesFieldsAndDefaultsTheHead) {
    auto head = HouseholdMemberFromJson(Json::parse(R"({"person_id": 1, "relationship": "head"})"), "members");
    ASSERT_TRUE(head.has_value());
    EXPECT_TRUE(head->is_head);
    auto bad = HouseholdMemberFromJson(Json::parse(R"({"person_id": 1, "relationship": "cousin"})"), "members");
    ASSERT_FALSE(bad.has_value());
    EXPECT_EQ(bad.error().field, "members.relationship");
    auto missing = HouseholdMemberFromJson(Json::parse(R"({"relationship": "child"})"), "members");
    ASSERT_FALSE(missing.has_value());
    EXPECT_EQ(missing.error().field, "members.person_id");
}

TEST(ContactFromJson, PrefixesFieldsOfTheFirstContact) {
    auto contact =
        ContactFromJson(Json::parse(R"({"occurred_at": "2024-05-01T01:30:00Z", "channel": "phone", "source": "family",
                        "caller": {"name": "髙橋 トミ", "organization_id": "x"}})"),
                        "first_contact.");
    ASSERT_FALSE(contact.has_value());
    EXPECT_EQ(contact.error().field, "first_contact.caller.organization_id");
    auto no_channel =
        ContactFromJson(Json::parse(R"({"occurred_at": "2024-05-01T01:30:00Z", "source": "self"})"), "first_contact.");
    ASSERT_FALSE(no_channel.has_value());
    EXPECT_EQ(no_channel.error().field, "first_contact.channel");
}

}  // namespace
}  // namespace kasane::http::api
