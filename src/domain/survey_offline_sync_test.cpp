// SPDX-License-Identifier: Apache-2.0
// Visits without a network: the three-way merge of a device's change (a field changed on one side only is taken,
// a field changed on both sides to different values is a conflict that keeps both values), the idempotency key's
// form, and the fields a visit is compared by.

#include "domain/survey_offline_sync.hpp"

#include <gtest/gtest.h>

namespace kasane::domain {
namespace {

using std::chrono::day;
using std::chrono::June;
using std::chrono::year;

VisitFields Base() {
    return VisitFields{{"visited_on", "2024-06-03"},
                       {"visitors", "はまかぜ会 山本"},
                       {"outcome", "absent"},
                       {"notice", ""},
                       {"answers.trouble_health", "膝が痛い"}};
}

TEST(SurveyOfflineSync, AFieldChangedOnOneSideOnlyIsTaken) {
    VisitFields server = Base();
    server["visitors"] = "はまかぜ会 山本・田中";
    VisitFields device = Base();
    device["outcome"] = "met";
    device["answers.housing_repair"] = "屋根の雨漏り";
    const VisitMerge merge = MergeVisitEdit(Base(), server, device);
    ASSERT_TRUE(merge.Clean());
    EXPECT_EQ(merge.merged.at("visitors"), "はまかぜ会 山本・田中");
    EXPECT_EQ(merge.merged.at("outcome"), "met");
    EXPECT_EQ(merge.merged.at("answers.housing_repair"), "屋根の雨漏り");
    EXPECT_EQ(merge.merged.at("answers.trouble_health"), "膝が痛い");
}

TEST(SurveyOfflineSync, AFieldChangedOnBothSidesIsAConflictKeepingBothValues) {
    VisitFields server = Base();
    server["notice"] = "民生委員から: 夜は息子が帰る";
    VisitFields device = Base();
    device["notice"] = "ひとり暮らしで買い物に困っている";
    device["outcome"] = "met";
    const VisitMerge merge = MergeVisitEdit(Base(), server, device);
    ASSERT_EQ(merge.conflicts.size(), 1U);
    EXPECT_EQ(merge.conflicts[0].field, "notice");
    EXPECT_EQ(merge.conflicts[0].server_value, "民生委員から: 夜は息子が帰る");
    EXPECT_EQ(merge.conflicts[0].device_value, "ひとり暮らしで買い物に困っている");
}

TEST(SurveyOfflineSync, AnAnswerClearedOnOneSideAndChangedOnTheOtherIsAConflict) {
    VisitFields server = Base();
    server.erase("answers.trouble_health");
    VisitFields device = Base();
    device["answers.trouble_health"] = "膝と腰が痛い";
    const VisitMerge merge = MergeVisitEdit(Base(), server, device);
    ASSERT_EQ(merge.conflicts.size(), 1U);
    EXPECT_EQ(merge.conflicts[0].field, "answers.trouble_health");
    EXPECT_EQ(merge.conflicts[0].server_value, "");
    EXPECT_EQ(merge.conflicts[0].device_value, "膝と腰が痛い");
}

TEST(SurveyOfflineSync, BothSidesMakingTheSameChangeIsNoConflict) {
    VisitFields server = Base();
    server["outcome"] = "met";
    VisitFields device = server;
    EXPECT_TRUE(MergeVisitEdit(Base(), server, device).Clean());
}

TEST(SurveyOfflineSync, TheUsersDecisionSentOnTheServersVersionMergesClean) {
    VisitFields server = Base();
    server["notice"] = "サーバーの値";
    VisitFields decided = server;
    decided["notice"] = "端末の値";
    const VisitMerge merge = MergeVisitEdit(server, server, decided);
    ASSERT_TRUE(merge.Clean());
    EXPECT_EQ(merge.merged.at("notice"), "端末の値");
}

TEST(SurveyOfflineSync, IdempotencyKeysAreUuids) {
    EXPECT_TRUE(ValidateIdempotencyKey("0f8fad5b-d9cb-469f-a165-70867728950e"));
    EXPECT_TRUE(ValidateIdempotencyKey("0F8FAD5B-D9CB-469F-A165-70867728950E"));
    for (const std::string_view bad :
         {"", "1", "0f8fad5b-d9cb-469f-a165-70867728950", "0f8fad5bxd9cb-469f-a165-70867728950e",
          "0f8fad5b-d9cb-469f-a165-70867728950g"}) {
        const Status status = ValidateIdempotencyKey(bad);
        ASSERT_FALSE(status) << bad;
        EXPECT_EQ(status.error().field, "idempotency_key");
    }
}

TEST(SurveyOfflineSync, AVisitsFieldsRoundTripThroughTheInput) {
    const SurveyVisit visit{.id = SurveyVisitId{7},
                            .household_id = SurveyHouseholdId{5},
                            .area_id = 20,
                            .visited_on = Date{year{2024}, June, day{3}},
                            .visitors = "山本",
                            .outcome = VisitOutcome::kMet,
                            .answers = {{"trouble_health", "膝"}, {"housing_repair", ""}},
                            .notice = "気づき"};
    const VisitFields fields = FieldsOfVisit(visit);
    EXPECT_EQ(fields.at("visited_on"), "2024-06-03");
    EXPECT_EQ(fields.at("outcome"), "met");
    EXPECT_FALSE(fields.contains("answers.housing_repair"));
    auto input = InputOfFields(visit, fields);
    ASSERT_TRUE(input);
    EXPECT_EQ(input->household_id, SurveyHouseholdId{5});
    EXPECT_EQ(input->area_id, 20);
    EXPECT_EQ(input->visited_on, visit.visited_on);
    EXPECT_EQ(input->answers.at("trouble_health"), "膝");
    EXPECT_EQ(FieldsOfInput(*input), fields);
    VisitFields bad = fields;
    bad["visited_on"] = "いつか";
    auto refused = InputOfFields(visit, bad);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().field, "visited_on");
}

}  // namespace
}  // namespace kasane::domain
