// SPDX-License-Identifier: Apache-2.0
#include "domain/support_case.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "domain/case_service.hpp"

namespace kasane::domain {
namespace {

TEST(SupportCase, CodesRoundTrip) {
    for (Program program : {Program::kCollaboration, Program::kOutreach, Program::kParticipation}) {
        EXPECT_EQ(ParseProgram(ProgramCode(program)), program);
    }
    EXPECT_EQ(ProgramLabel(Program::kCollaboration), "多機関協働");
    for (CaseStatus status :
         {CaseStatus::kIntake, CaseStatus::kAssessment, CaseStatus::kPlanning, CaseStatus::kSupporting,
          CaseStatus::kMonitoring, CaseStatus::kClosed, CaseStatus::kSuspended}) {
        EXPECT_EQ(ParseCaseStatus(CaseStatusCode(status)), status);
    }
    EXPECT_EQ(CaseStatusLabel(CaseStatus::kClosed), "終結");
    EXPECT_EQ(ParseActionStatus("handed_over"), ActionStatus::kHandedOver);
    EXPECT_EQ(ActionStatusLabel(ActionStatus::kHandedOver), "引継ぎ");
    EXPECT_EQ(ParsePlanState("superseded"), PlanState::kSuperseded);
    EXPECT_EQ(ParseEcoKind("neighbor"), EcoKind::kNeighbor);
    EXPECT_EQ(EcoStrengthLabel(EcoStrength::kStressful), "ストレス・対立");
    EXPECT_EQ(ParseTextTag("third_party"), TextTag::kThirdParty);
    EXPECT_EQ(NoteMethodLabel(NoteMethod::kVisit), "訪問");
    EXPECT_EQ(ParseFormItemKind("date"), FormItemKind::kDate);
    EXPECT_EQ(ParseOpenActionDisposition("hand_over"), OpenActionDisposition::kHandOver);
    EXPECT_EQ(OpenActionDispositionCode(OpenActionDisposition::kCancel), "cancel");
    EXPECT_FALSE(ParseCaseStatus("done").has_value());
    EXPECT_FALSE(ParseProgram("").has_value());
}

TEST(SupportCase, StatusTransitions) {
    EXPECT_TRUE(CaseStatusMayFollow(CaseStatus::kIntake, CaseStatus::kAssessment));
    EXPECT_TRUE(CaseStatusMayFollow(CaseStatus::kIntake, CaseStatus::kSupporting));  // skipping
    EXPECT_FALSE(CaseStatusMayFollow(CaseStatus::kSupporting, CaseStatus::kIntake));
    EXPECT_TRUE(CaseStatusMayFollow(CaseStatus::kMonitoring, CaseStatus::kPlanning));
    EXPECT_TRUE(CaseStatusMayFollow(CaseStatus::kMonitoring, CaseStatus::kSupporting));
    EXPECT_FALSE(CaseStatusMayFollow(CaseStatus::kMonitoring, CaseStatus::kAssessment));
    EXPECT_TRUE(CaseStatusMayFollow(CaseStatus::kAssessment, CaseStatus::kClosed));
    EXPECT_TRUE(CaseStatusMayFollow(CaseStatus::kPlanning, CaseStatus::kSuspended));
    EXPECT_TRUE(CaseStatusMayFollow(CaseStatus::kSuspended, CaseStatus::kIntake));
    EXPECT_TRUE(CaseStatusMayFollow(CaseStatus::kSuspended, CaseStatus::kClosed));
    for (CaseStatus to : {CaseStatus::kIntake, CaseStatus::kSupporting, CaseStatus::kSuspended, CaseStatus::kClosed}) {
        EXPECT_FALSE(CaseStatusMayFollow(CaseStatus::kClosed, to));
    }
    EXPECT_FALSE(CaseStatusMayFollow(CaseStatus::kSupporting, CaseStatus::kSupporting));
    EXPECT_TRUE(IsOpen(CaseStatus::kMonitoring));
    EXPECT_FALSE(IsOpen(CaseStatus::kSuspended));
    EXPECT_TRUE(IsOpen(ActionStatus::kInProgress));
    EXPECT_FALSE(IsOpen(ActionStatus::kHandedOver));
}

FormDefinition SmallForm() {
    FormDefinition form;
    form.code = "assessment";
    form.title = "テスト";
    form.items = {
        FormItem{.key = "housing",
                 .label = "住まい",
                 .kind = FormItemKind::kSingle,
                 .options = {"持ち家", "賃貸"},
                 .required = true},
        FormItem{.key = "issues", .label = "課題", .kind = FormItemKind::kMulti, .options = {"介護", "債務", "住まい"}},
        FormItem{.key = "health",
                 .label = "健康",
                 .kind = FormItemKind::kMulti,
                 .options = {"通院", "障害"},
                 .per_member = true},
        FormItem{.key = "since", .label = "いつから", .kind = FormItemKind::kDate},
        FormItem{.key = "note", .label = "経緯", .kind = FormItemKind::kText},
    };
    return form;
}

std::string FieldOf(const Status& status) { return status ? std::string() : status.error().field; }

TEST(SupportCase, ValidateAnswersAcceptsAValidSheet) {
    const std::vector<PersonId> members = {PersonId{10}, PersonId{11}};
    const std::vector<AssessmentAnswer> answers = {
        {.item_key = "housing", .values = {"持ち家"}},
        {.item_key = "issues", .values = {"介護", "債務"}},
        {.item_key = "health", .member_person_id = PersonId{10}, .values = {"通院"}},
        {.item_key = "health", .member_person_id = PersonId{11}, .values = {"通院", "障害"}},
        {.item_key = "since", .values = {"2024-02-29"}},
        {.item_key = "note", .values = {"母の入院をきっかけに相談"}},
    };
    EXPECT_TRUE(ValidateAnswers(SmallForm(), answers, members));
}

TEST(SupportCase, AnswerProblemsListsEveryProblemAtOnce) {
    FormDefinition form = SmallForm();
    form.items[1].required = true;  // issues
    const std::vector<PersonId> members = {PersonId{10}, PersonId{11}};
    // Two bad answers and two unanswered required items (housing, issues): four problems, in that order.
    const std::vector<Error> problems =
        AnswerProblems(form,
                       {{.item_key = "health", .member_person_id = PersonId{99}, .values = {"通院"}},
                        {.item_key = "since", .values = {"昨日"}}},
                       members);
    ASSERT_EQ(problems.size(), 4u);
    EXPECT_EQ(problems[0].field, "answers.health");
    EXPECT_EQ(problems[1].field, "answers.since");
    EXPECT_EQ(problems[2].field, "answers.housing");
    EXPECT_EQ(problems[3].field, "answers.issues");
    EXPECT_TRUE(
        AnswerProblems(form, {{.item_key = "housing", .values = {"賃貸"}}, {.item_key = "issues", .values = {"債務"}}},
                       members)
            .empty());
}

TEST(SupportCase, ValidateAnswersNamesTheItem) {
    const FormDefinition form = SmallForm();
    const std::vector<PersonId> members = {PersonId{10}, PersonId{11}};
    const AssessmentAnswer housing{.item_key = "housing", .values = {"持ち家"}};
    // Required item missing.
    EXPECT_EQ(FieldOf(ValidateAnswers(form, {}, members)), "answers.housing");
    // Unknown key.
    EXPECT_EQ(FieldOf(ValidateAnswers(form, {housing, {.item_key = "pets", .values = {"犬"}}}, members)),
              "answers.pets");
    // Value outside the options; two values for a single choice.
    EXPECT_EQ(FieldOf(ValidateAnswers(form, {{.item_key = "housing", .values = {"豪邸"}}}, members)),
              "answers.housing");
    EXPECT_EQ(FieldOf(ValidateAnswers(form, {{.item_key = "housing", .values = {"持ち家", "賃貸"}}}, members)),
              "answers.housing");
    EXPECT_EQ(FieldOf(ValidateAnswers(form, {housing, {.item_key = "issues", .values = {"介護", "宇宙"}}}, members)),
              "answers.issues");
    EXPECT_EQ(FieldOf(ValidateAnswers(form, {housing, {.item_key = "issues", .values = {"介護", "介護"}}}, members)),
              "answers.issues");
    // Dates must be ISO and real.
    EXPECT_EQ(FieldOf(ValidateAnswers(form, {housing, {.item_key = "since", .values = {"令和6年2月1日"}}}, members)),
              "answers.since");
    EXPECT_EQ(FieldOf(ValidateAnswers(form, {housing, {.item_key = "since", .values = {"2023-02-29"}}}, members)),
              "answers.since");
    // Per-member items only for members, and only per member.
    EXPECT_EQ(
        FieldOf(ValidateAnswers(
            form, {housing, {.item_key = "health", .member_person_id = PersonId{99}, .values = {"通院"}}}, members)),
        "answers.health");
    EXPECT_EQ(FieldOf(ValidateAnswers(form, {housing, {.item_key = "health", .values = {"通院"}}}, members)),
              "answers.health");
    EXPECT_EQ(
        FieldOf(ValidateAnswers(
            form, {housing, {.item_key = "issues", .member_person_id = PersonId{10}, .values = {"介護"}}}, members)),
        "answers.issues");
    // Twice for the same member.
    EXPECT_EQ(FieldOf(ValidateAnswers(form,
                                      {housing,
                                       {.item_key = "health", .member_person_id = PersonId{10}, .values = {"通院"}},
                                       {.item_key = "health", .member_person_id = PersonId{10}, .values = {"障害"}}},
                                      members)),
              "answers.health");
    const Status refused = ValidateAnswers(form, {}, members);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
}

TEST(SupportCase, DefaultAssessmentFormIsValidAndModelledOnTheNationalSheet) {
    const FormDefinition form = CaseService::DefaultAssessmentForm();
    EXPECT_TRUE(ValidateFormDefinition(form));
    EXPECT_EQ(form.code, "assessment");
    auto find = [&](std::string_view key) {
        return std::find_if(form.items.begin(), form.items.end(),
                            [&](const FormItem& item) { return item.key == key; });
    };
    for (std::string_view key : {"health", "care", "employment", "withdrawal", "income", "debt"}) {
        ASSERT_NE(find(key), form.items.end()) << key;
        EXPECT_TRUE(find(key)->per_member) << key;
    }
    ASSERT_NE(find("household_issues"), form.items.end());
    EXPECT_EQ(find("household_issues")->kind, FormItemKind::kMulti);
    EXPECT_NE(std::find(find("household_issues")->options.begin(), find("household_issues")->options.end(),
                        "食べるものがない"),
              find("household_issues")->options.end());
    for (std::string_view key : {"housing", "community", "wish"}) {
        EXPECT_NE(find(key), form.items.end()) << key;
    }
    // 経緯・背景 and 強み are the assessment's own fields; the sheet does not ask for them twice.
    EXPECT_EQ(find("background"), form.items.end());
    EXPECT_EQ(find("strengths"), form.items.end());
    EXPECT_GE(std::count_if(form.items.begin(), form.items.end(),
                            [](const FormItem& item) { return item.reported_to_state; }),
              5);
}

TEST(SupportCase, ValidateFormDefinitionRefusesBrokenForms) {
    FormDefinition form = SmallForm();
    form.items.push_back(form.items.front());
    EXPECT_EQ(FieldOf(ValidateFormDefinition(form)), "items[5].key");
    form = SmallForm();
    form.items[0].options.clear();
    EXPECT_EQ(FieldOf(ValidateFormDefinition(form)), "items[0].options");
    form = SmallForm();
    form.title.clear();
    EXPECT_EQ(FieldOf(ValidateFormDefinition(form)), "title");
    form = SmallForm();
    form.items.clear();
    EXPECT_EQ(FieldOf(ValidateFormDefinition(form)), "items");
}

}  // namespace
}  // namespace kasane::domain
