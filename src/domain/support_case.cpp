// SPDX-License-Identifier: Apache-2.0
#include "domain/support_case.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <set>
#include <utility>

#include "base/japanese_text.hpp"
#include "domain/case_service.hpp"
#include "domain/code_table.hpp"

namespace kasane::domain {

namespace {

constexpr CodeTable<Program, 3> kPrograms{{{
    {Program::kCollaboration, "collaboration", "多機関協働"},
    {Program::kOutreach, "outreach", "アウトリーチ"},
    {Program::kParticipation, "participation", "参加支援"},
}}};

constexpr CodeTable<CaseStatus, 7> kCaseStatuses{{{
    {CaseStatus::kIntake, "intake", "受付"},
    {CaseStatus::kAssessment, "assessment", "アセスメント"},
    {CaseStatus::kPlanning, "planning", "プラン作成"},
    {CaseStatus::kSupporting, "supporting", "支援中"},
    {CaseStatus::kMonitoring, "monitoring", "モニタリング"},
    {CaseStatus::kClosed, "closed", "終結"},
    {CaseStatus::kSuspended, "suspended", "中断"},
}}};

constexpr CodeTable<FormItemKind, 4> kFormItemKinds{{{
    {FormItemKind::kSingle, "single", "単一選択"},
    {FormItemKind::kMulti, "multi", "複数選択"},
    {FormItemKind::kText, "text", "記述"},
    {FormItemKind::kDate, "date", "日付"},
}}};

constexpr CodeTable<EcoKind, 7> kEcoKinds{{{
    {EcoKind::kRelative, "relative", "親族"},
    {EcoKind::kFriend, "friend", "友人"},
    {EcoKind::kNeighbor, "neighbor", "近隣"},
    {EcoKind::kAgency, "agency", "関係機関"},
    {EcoKind::kService, "service", "サービス"},
    {EcoKind::kCommunity, "community", "地域"},
    {EcoKind::kOther, "other", "その他"},
}}};

constexpr CodeTable<EcoStrength, 4> kEcoStrengths{{{
    {EcoStrength::kStrong, "strong", "強い"},
    {EcoStrength::kNormal, "normal", "普通"},
    {EcoStrength::kWeak, "weak", "弱い"},
    {EcoStrength::kStressful, "stressful", "ストレス・対立"},
}}};

constexpr CodeTable<PlanState, 3> kPlanStates{{{
    {PlanState::kDraft, "draft", "作成中"},
    {PlanState::kApproved, "approved", "承認済み"},
    {PlanState::kSuperseded, "superseded", "旧版"},
}}};

constexpr CodeTable<ActionStatus, 5> kActionStatuses{{{
    {ActionStatus::kPlanned, "planned", "未着手"},
    {ActionStatus::kInProgress, "in_progress", "実施中"},
    {ActionStatus::kDone, "done", "完了"},
    {ActionStatus::kCancelled, "cancelled", "中止"},
    {ActionStatus::kHandedOver, "handed_over", "引継ぎ"},
}}};

constexpr CodeTable<NoteMethod, 5> kNoteMethods{{{
    {NoteMethod::kInterview, "interview", "面談"},
    {NoteMethod::kPhone, "phone", "電話"},
    {NoteMethod::kVisit, "visit", "訪問"},
    {NoteMethod::kMeeting, "meeting", "会議"},
    {NoteMethod::kOther, "other", "その他"},
}}};

constexpr CodeTable<OpenActionDisposition, 3> kDispositions{{{
    {OpenActionDisposition::kUnspecified, "", "未指定"},
    {OpenActionDisposition::kCancel, "cancel", "中止"},
    {OpenActionDisposition::kHandOver, "hand_over", "引継ぎ"},
}}};

// Position in the forward order of the working statuses; 終結 and 中断 are not on it.
int WorkingRank(CaseStatus status) {
    switch (status) {
        case CaseStatus::kIntake: return 0;
        case CaseStatus::kAssessment: return 1;
        case CaseStatus::kPlanning: return 2;
        case CaseStatus::kSupporting: return 3;
        case CaseStatus::kMonitoring: return 4;
        case CaseStatus::kClosed:
        case CaseStatus::kSuspended: return -1;
    }
    return -1;
}

}  // namespace

std::string_view ProgramCode(Program program) { return kPrograms.Code(program); }
std::string_view ProgramLabel(Program program) { return kPrograms.Label(program); }
std::optional<Program> ParseProgram(std::string_view code) { return kPrograms.Parse(code); }

std::string_view CaseStatusCode(CaseStatus status) { return kCaseStatuses.Code(status); }
std::string_view CaseStatusLabel(CaseStatus status) { return kCaseStatuses.Label(status); }
std::optional<CaseStatus> ParseCaseStatus(std::string_view code) { return kCaseStatuses.Parse(code); }

bool CaseStatusMayFollow(CaseStatus from, CaseStatus to) {
    if (from == CaseStatus::kClosed) return false;
    if (from == to) return false;
    if (to == CaseStatus::kClosed || to == CaseStatus::kSuspended) return true;
    if (from == CaseStatus::kSuspended) return true;  // resumes at any working status
    const int from_rank = WorkingRank(from);
    const int to_rank = WorkingRank(to);
    if (to_rank > from_rank) return true;  // forward, skipping allowed
    // A plan revised after review: モニタリング back to プラン作成 or 支援中.
    return from == CaseStatus::kMonitoring && (to == CaseStatus::kPlanning || to == CaseStatus::kSupporting);
}

bool IsOpen(CaseStatus status) { return status != CaseStatus::kClosed && status != CaseStatus::kSuspended; }

Status RequireReasonToEnd(CaseStatus status, std::string_view reason) {
    const bool ending = status == CaseStatus::kClosed || status == CaseStatus::kSuspended;
    if (ending) return RequireStatedReason(reason, "終結・中断の理由を入力してください");
    return {};
}

bool IsActiveMember(const TeamMember& member, Date today) {
    return !member.left_on || std::chrono::sys_days{*member.left_on} > std::chrono::sys_days{today};
}

std::string_view FormItemKindCode(FormItemKind kind) { return kFormItemKinds.Code(kind); }
std::optional<FormItemKind> ParseFormItemKind(std::string_view code) { return kFormItemKinds.Parse(code); }

std::string_view EcoKindCode(EcoKind kind) { return kEcoKinds.Code(kind); }
std::string_view EcoKindLabel(EcoKind kind) { return kEcoKinds.Label(kind); }
std::optional<EcoKind> ParseEcoKind(std::string_view code) { return kEcoKinds.Parse(code); }

std::string_view EcoStrengthCode(EcoStrength strength) { return kEcoStrengths.Code(strength); }
std::string_view EcoStrengthLabel(EcoStrength strength) { return kEcoStrengths.Label(strength); }
std::optional<EcoStrength> ParseEcoStrength(std::string_view code) { return kEcoStrengths.Parse(code); }

std::string_view PlanStateCode(PlanState state) { return kPlanStates.Code(state); }
std::string_view PlanStateLabel(PlanState state) { return kPlanStates.Label(state); }
std::optional<PlanState> ParsePlanState(std::string_view code) { return kPlanStates.Parse(code); }

std::string_view ActionStatusCode(ActionStatus status) { return kActionStatuses.Code(status); }
std::string_view ActionStatusLabel(ActionStatus status) { return kActionStatuses.Label(status); }
std::optional<ActionStatus> ParseActionStatus(std::string_view code) { return kActionStatuses.Parse(code); }
bool IsOpen(ActionStatus status) { return status == ActionStatus::kPlanned || status == ActionStatus::kInProgress; }

bool ReviewIsDue(Date review_on, Date today, int within_days) {
    return std::chrono::sys_days{review_on} <= std::chrono::sys_days{today} + std::chrono::days{within_days};
}

Status SettleCompletion(PlanAction& action, Date today) {
    if (action.status == ActionStatus::kDone && !action.completed_on) action.completed_on = today;
    if (action.completed_on && std::chrono::sys_days{*action.completed_on} > std::chrono::sys_days{today}) {
        return Fail(Error::InvalidArgument("完了日が未来になっています", "completed_on"));
    }
    return {};
}

std::string_view NoteMethodCode(NoteMethod method) { return kNoteMethods.Code(method); }
std::string_view NoteMethodLabel(NoteMethod method) { return kNoteMethods.Label(method); }
std::optional<NoteMethod> ParseNoteMethod(std::string_view code) { return kNoteMethods.Parse(code); }

std::string_view OpenActionDispositionCode(OpenActionDisposition disposition) {
    return kDispositions.Code(disposition);
}
std::optional<OpenActionDisposition> ParseOpenActionDisposition(std::string_view code) {
    return kDispositions.Parse(code);
}

}  // namespace kasane::domain

namespace kasane::domain {

namespace {

bool ParsesAsIsoDate(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
    int parts[3] = {0, 0, 0};
    const std::size_t starts[3] = {0, 5, 8};
    const std::size_t lengths[3] = {4, 2, 2};
    for (int i = 0; i < 3; ++i) {
        for (std::size_t j = starts[i]; j < starts[i] + lengths[i]; ++j) {
            if (text[j] < '0' || text[j] > '9') return false;
            parts[i] = parts[i] * 10 + (text[j] - '0');
        }
    }
    const std::chrono::year_month_day day{std::chrono::year{parts[0]},
                                          std::chrono::month{static_cast<unsigned>(parts[1])},
                                          std::chrono::day{static_cast<unsigned>(parts[2])}};
    return day.ok();
}

bool Contains(const std::vector<std::string>& values, const std::string& value) {
    return std::find(values.begin(), values.end(), value) != values.end();
}

Error AnswerError(const FormItem& item, std::string_view problem) {
    return Error::InvalidArgument("「" + item.label + "」" + std::string(problem), "answers." + item.key);
}

}  // namespace

namespace {

// The first problem of one answer, or none.
Status CheckAnswer(const FormDefinition& form, const AssessmentAnswer& answer, const std::vector<PersonId>& members,
                   std::set<std::pair<std::string, PersonId>>& seen) {
    const auto item = std::find_if(form.items.begin(), form.items.end(),
                                   [&](const FormItem& candidate) { return candidate.key == answer.item_key; });
    if (item == form.items.end()) {
        return Fail(
            Error::InvalidArgument("様式にない項目です（" + answer.item_key + "）", "answers." + answer.item_key));
    }
    if (item->per_member) {
        if (!answer.member_person_id) return Fail(AnswerError(*item, "は世帯員ごとに回答してください"));
        if (std::find(members.begin(), members.end(), *answer.member_person_id) == members.end()) {
            return Fail(AnswerError(*item, "の回答先が本人・世帯員ではありません"));
        }
    } else if (answer.member_person_id) {
        return Fail(AnswerError(*item, "は世帯員ごとの項目ではありません"));
    }
    if (!seen.insert({answer.item_key, answer.member_person_id.value_or(PersonId{})}).second) {
        return Fail(AnswerError(*item, "に同じ回答が2回あります"));
    }
    switch (item->kind) {
        case FormItemKind::kSingle:
            if (answer.values.size() > 1) return Fail(AnswerError(*item, "は1つだけ選んでください"));
            for (const std::string& value : answer.values) {
                if (!Contains(item->options, value)) return Fail(AnswerError(*item, "の選択肢にない値です"));
            }
            break;
        case FormItemKind::kMulti: {
            std::set<std::string> distinct;
            for (const std::string& value : answer.values) {
                if (!Contains(item->options, value)) return Fail(AnswerError(*item, "の選択肢にない値です"));
                if (!distinct.insert(value).second) return Fail(AnswerError(*item, "で同じ選択肢が重複しています"));
            }
            break;
        }
        case FormItemKind::kText:
            if (answer.values.size() > 1) return Fail(AnswerError(*item, "は1つの文章で入力してください"));
            if (!answer.values.empty()) {
                if (auto valid = ValidateFreeText(answer.values.front(), "answers." + item->key, 4000); !valid) {
                    return Fail(valid.error());
                }
            }
            break;
        case FormItemKind::kDate:
            if (answer.values.size() > 1) return Fail(AnswerError(*item, "は日付を1つ入力してください"));
            if (!answer.values.empty() && !ParsesAsIsoDate(answer.values.front())) {
                return Fail(AnswerError(*item, "の日付が正しくありません（例: 2024-04-01）"));
            }
            break;
    }
    return {};
}

}  // namespace

std::vector<Error> AnswerProblems(const FormDefinition& form, const std::vector<AssessmentAnswer>& answers,
                                  const std::vector<PersonId>& members) {
    std::vector<Error> problems;
    std::set<std::pair<std::string, PersonId>> seen;
    for (const AssessmentAnswer& answer : answers) {
        if (auto checked = CheckAnswer(form, answer, members, seen); !checked) problems.push_back(checked.error());
    }
    for (const FormItem& item : form.items) {
        if (!item.required) continue;
        const bool answered = std::any_of(answers.begin(), answers.end(), [&](const AssessmentAnswer& answer) {
            return answer.item_key == item.key && !answer.values.empty() &&
                   !(answer.values.size() == 1 && answer.values.front().empty());
        });
        if (!answered) problems.push_back(AnswerError(item, "は必須です"));
    }
    return problems;
}

Status ValidateAnswers(const FormDefinition& form, const std::vector<AssessmentAnswer>& answers,
                       const std::vector<PersonId>& members) {
    std::vector<Error> problems = AnswerProblems(form, answers, members);
    if (!problems.empty()) return Fail(std::move(problems.front()));
    return {};
}

Status ValidateFormDefinition(const FormDefinition& form) {
    if (form.code.empty()) return Fail(Error::InvalidArgument("様式のコードを入力してください", "code"));
    if (auto valid = ValidateFreeText(form.code, "code", 50); !valid) return Fail(valid.error());
    if (form.title.empty()) return Fail(Error::InvalidArgument("様式の名称を入力してください", "title"));
    if (auto valid = ValidateFreeText(form.title, "title", 200); !valid) return Fail(valid.error());
    if (form.items.empty()) return Fail(Error::InvalidArgument("項目を1つ以上定義してください", "items"));
    if (form.items.size() > 500) return Fail(Error::InvalidArgument("項目が多すぎます（500まで）", "items"));
    std::set<std::string> keys;
    for (std::size_t i = 0; i < form.items.size(); ++i) {
        const FormItem& item = form.items[i];
        const std::string at = "items[" + std::to_string(i) + "]";
        if (item.key.empty()) return Fail(Error::InvalidArgument("項目のキーを入力してください", at + ".key"));
        if (!keys.insert(item.key).second) {
            return Fail(Error::InvalidArgument("項目のキーが重複しています（" + item.key + "）", at + ".key"));
        }
        if (item.label.empty()) return Fail(Error::InvalidArgument("項目名を入力してください", at + ".label"));
        for (const auto& [text, field] :
             {std::pair{std::string_view(item.key), ".key"}, std::pair{std::string_view(item.label), ".label"},
              std::pair{std::string_view(item.section), ".section"}}) {
            if (auto valid = ValidateFreeText(text, at + field, 200); !valid) return Fail(valid.error());
        }
        const bool choice = item.kind == FormItemKind::kSingle || item.kind == FormItemKind::kMulti;
        if (choice && item.options.empty()) {
            return Fail(
                Error::InvalidArgument("選択式の項目には選択肢が必要です（" + item.label + "）", at + ".options"));
        }
        std::set<std::string> options;
        for (const std::string& option : item.options) {
            if (option.empty() || !options.insert(option).second) {
                return Fail(
                    Error::InvalidArgument("選択肢が空か重複しています（" + item.label + "）", at + ".options"));
            }
            if (auto valid = ValidateFreeText(option, at + ".options", 200); !valid) return Fail(valid.error());
        }
    }
    return {};
}

}  // namespace kasane::domain
