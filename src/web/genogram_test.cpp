// SPDX-License-Identifier: Apache-2.0
// The genogram's SVG: who is drawn, with which symbol, where, and that nothing typed reaches the markup unescaped.

#include "web/genogram.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <string>

namespace kasane::web {
namespace {

using domain::EcoKind;
using domain::EcoRelation;
using domain::EcoStrength;
using domain::Relationship;
using domain::Sex;

Date Day(int year, unsigned month, unsigned day) {
    return Date{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
}

int Count(const std::string& text, const std::string& pattern) {
    const std::regex expression(pattern);
    return static_cast<int>(
        std::distance(std::sregex_iterator(text.begin(), text.end(), expression), std::sregex_iterator()));
}

// The 8050 household of the issue: an 84-year-old mother (the head) and her 52-year-old son (the case person).
GenogramInput EightyFifty() {
    GenogramInput input;
    input.case_person_id = domain::PersonId{2};
    input.today = Day(2026, 11, 27);
    input.members = {
        {.person_id = domain::PersonId{1},
         .name = "山田 ハル",
         .sex = Sex::kFemale,
         .birth_date = Day(1942, 5, 1),
         .relationship = Relationship::kHead},
        {.person_id = domain::PersonId{2},
         .name = "山田 太一",
         .sex = Sex::kMale,
         .birth_date = Day(1974, 3, 3),
         .relationship = Relationship::kChild},
    };
    input.relations = {
        {.id = 1, .kind = EcoKind::kAgency, .name = "栄浜町地域包括支援センター", .strength = EcoStrength::kStrong},
        {.id = 2,
         .member_person_id = domain::PersonId{2},
         .kind = EcoKind::kAgency,
         .name = "ひだまりの家",
         .strength = EcoStrength::kWeak},
        {.id = 3, .kind = EcoKind::kNeighbor, .name = "隣人", .strength = EcoStrength::kStressful},
        {.id = 4, .kind = EcoKind::kRelative, .name = "長女（県外）", .strength = EcoStrength::kNormal},
    };
    return input;
}

TEST(GenogramTest, IsOneSvgWithTheFixedViewBoxAndAnAccessibleName) {
    const std::string svg = RenderGenogram(EightyFifty());
    EXPECT_TRUE(svg.starts_with("<svg class=\"genogram\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 800 520\""))
        << svg.substr(0, 200);
    EXPECT_TRUE(svg.ends_with("</svg>"));
    EXPECT_EQ(Count(svg, "<svg"), 1);
    EXPECT_NE(svg.find("role=\"img\""), std::string::npos);
    EXPECT_NE(svg.find("<desc id=\"genogram-desc\">世帯員: 山田 ハル（世帯主）、山田 太一（子）［本人］"),
              std::string::npos);
}

TEST(GenogramTest, DrawsWomenAsCirclesMenAsSquaresAndMarksTheCasePerson) {
    const std::string svg = RenderGenogram(EightyFifty());
    // The mother: one circle; the son: a square with a second, larger square around it.
    EXPECT_EQ(Count(svg, "<circle class=\"genogram__symbol\""), 1);
    EXPECT_EQ(Count(svg, "<rect class=\"genogram__symbol\""), 1);
    EXPECT_EQ(Count(svg, "<rect class=\"genogram__outline\""), 1);
    EXPECT_EQ(Count(svg, "genogram__member--case"), 1);
    EXPECT_NE(svg.find("data-person-id=\"2\""), std::string::npos);
    EXPECT_NE(svg.find(">山田 ハル</text>"), std::string::npos);
    EXPECT_NE(svg.find(">山田 太一</text>"), std::string::npos);
    EXPECT_NE(svg.find(">世帯主</text>"), std::string::npos);
    EXPECT_NE(svg.find(">子・本人</text>"), std::string::npos);
}

TEST(GenogramTest, ShowsAgesOnTheDayGiven) {
    const std::string svg = RenderGenogram(EightyFifty());
    EXPECT_NE(svg.find("class=\"genogram__age\""), std::string::npos);
    EXPECT_NE(svg.find(">84</text>"), std::string::npos) << svg;
    EXPECT_NE(svg.find(">52</text>"), std::string::npos);
    GenogramInput earlier = EightyFifty();
    earlier.today = Day(2026, 4, 30);  // the day before the mother's birthday
    EXPECT_NE(RenderGenogram(earlier).find(">83</text>"), std::string::npos);
}

TEST(GenogramTest, PutsTheMotherAboveHerSonWithADescentLine) {
    GenogramInput input = EightyFifty();
    input.relations.clear();
    const std::string svg = RenderGenogram(input);
    std::smatch mother;
    std::smatch son;
    ASSERT_TRUE(std::regex_search(svg, mother,
                                  std::regex(R"re(<circle class="genogram__symbol" cx="([\d.]+)" cy="([\d.]+)")re")));
    ASSERT_TRUE(
        std::regex_search(svg, son, std::regex(R"re(<rect class="genogram__symbol" x="[\d.]+" y="([\d.]+)")re")));
    EXPECT_LT(std::stod(mother[2]), std::stod(son[1]));
    EXPECT_GE(Count(svg, "class=\"genogram__descent\""), 2);
    EXPECT_EQ(Count(svg, "class=\"genogram__couple\""), 0);
    EXPECT_EQ(Count(svg, "class=\"genogram__household\""), 1);
    EXPECT_NE(svg.find("stroke-dasharray=\"8 5\""), std::string::npos);  // the household box is dashed
}

TEST(GenogramTest, JoinsSpousesAndSortsSiblingsByBirthDate) {
    GenogramInput input;
    input.case_person_id = domain::PersonId{10};
    input.today = Day(2026, 1, 1);
    input.members = {
        {.person_id = domain::PersonId{13},
         .name = "次男",
         .sex = Sex::kMale,
         .birth_date = Day(2015, 1, 1),
         .relationship = Relationship::kChild},
        {.person_id = domain::PersonId{11},
         .name = "妻",
         .sex = Sex::kFemale,
         .birth_date = Day(1985, 1, 1),
         .relationship = Relationship::kSpouse},
        {.person_id = domain::PersonId{12},
         .name = "長女",
         .sex = Sex::kFemale,
         .birth_date = Day(2010, 1, 1),
         .relationship = Relationship::kChild},
        {.person_id = domain::PersonId{14}, .name = "祖母", .sex = Sex::kOther, .relationship = Relationship::kParent},
        {.person_id = domain::PersonId{10},
         .name = "夫",
         .sex = Sex::kMale,
         .birth_date = Day(1980, 1, 1),
         .relationship = Relationship::kHead},
    };
    const std::string svg = RenderGenogram(input);
    EXPECT_EQ(Count(svg, "class=\"genogram__couple\""), 1);
    EXPECT_EQ(Count(svg, "<polygon class=\"genogram__symbol\""), 1);  // sex other: a diamond
    EXPECT_LT(svg.find(">長女</text>"), svg.find(">次男</text>"));    // older first
    EXPECT_LT(svg.find(">祖母</text>"), svg.find(">夫</text>"));
    EXPECT_EQ(RenderGenogram(input), svg);  // deterministic
}

TEST(GenogramTest, DrawsRelationsWithTheirStrength) {
    const std::string svg = RenderGenogram(EightyFifty());
    EXPECT_EQ(Count(svg, "<g class=\"eco-node"), 4);
    EXPECT_EQ(Count(svg, "eco-line--strong\"[^>]*stroke-width=\"5\""), 1);
    EXPECT_EQ(Count(svg, "eco-line--weak\"[^>]*stroke-dasharray=\"6 5\""), 1);
    EXPECT_EQ(Count(svg, "<polyline class=\"eco-line eco-line--stressful\"[^>]*stroke=\"#c00\""), 1);
    EXPECT_EQ(Count(svg, "eco-line--normal\""), 1);
    EXPECT_NE(svg.find(">栄浜町地域包括支援セ…</text>"), std::string::npos);  // shortened to ten characters
    EXPECT_NE(svg.find(">関係機関・強い</text>"), std::string::npos);
}

TEST(GenogramTest, EscapesEveryText) {
    GenogramInput input = EightyFifty();
    input.members[0].name = "<script>alert(1)</script>";
    input.relations[0].name = "A&B \"x\"";
    const std::string svg = RenderGenogram(input);
    EXPECT_EQ(svg.find("<script"), std::string::npos);
    EXPECT_NE(svg.find("&lt;script&gt;"), std::string::npos);
    EXPECT_NE(svg.find("A&amp;B &quot;x&quot;"), std::string::npos);
}

TEST(GenogramTest, APersonWithoutAHouseholdIsDrawnAlone) {
    GenogramInput input;
    input.case_person_id = domain::PersonId{5};
    input.today = Day(2026, 1, 1);
    input.members = {{.person_id = domain::PersonId{5}, .name = "一人", .sex = Sex::kMale}};
    const std::string svg = RenderGenogram(input);
    EXPECT_EQ(Count(svg, "class=\"genogram__symbol\""), 1);
    EXPECT_NE(svg.find(">本人</text>"), std::string::npos);
    EXPECT_EQ(svg.find("genogram__age"), std::string::npos);  // no birth date, no age
}

}  // namespace
}  // namespace kasane::web
