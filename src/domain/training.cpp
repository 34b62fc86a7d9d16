// SPDX-License-Identifier: Apache-2.0
#include "domain/training.hpp"

#include <algorithm>
#include <set>

#include "base/japanese_date.hpp"
#include "domain/code_table.hpp"
#include "domain/record_text.hpp"

namespace kasane::domain {

namespace {

constexpr CodeTable<CourseKind, 6> kCourseKinds{{{
    {CourseKind::kBasic, "basic", "基礎"},
    {CourseKind::kInterpersonal, "interpersonal", "対人援助"},
    {CourseKind::kMultilayer, "multilayer", "重層的支援力強化"},
    {CourseKind::kFollowUp, "follow_up", "フォローアップ"},
    {CourseKind::kAllStaff, "all_staff", "全職員"},
    {CourseKind::kCrossSector, "cross_sector", "分野横断"},
}}};

constexpr CodeTable<TraineeType, 2> kTraineeTypes{{{
    {TraineeType::kCitizen, "citizen", "市民"},
    {TraineeType::kProfessional, "professional", "専門職"},
}}};

constexpr int kFirstFiscalYear = 2015;
constexpr long long kMaxMinutes = 24 * 60;

Status Invalid(std::string message, std::string field) {
    return Fail(Error::InvalidArgument(std::move(message), std::move(field)));
}

void Count(TraineeCounts& counts, TraineeType type, long long attendances) {
    counts.total += attendances;
    (type == TraineeType::kCitizen ? counts.citizens : counts.professionals) += attendances;
}

}  // namespace

std::string_view CourseKindCode(CourseKind kind) { return kCourseKinds.Code(kind); }
std::string_view CourseKindLabel(CourseKind kind) { return kCourseKinds.Label(kind); }
std::optional<CourseKind> ParseCourseKind(std::string_view code) { return kCourseKinds.Parse(code); }

std::string_view TraineeTypeCode(TraineeType type) { return kTraineeTypes.Code(type); }
std::string_view TraineeTypeLabel(TraineeType type) { return kTraineeTypes.Label(type); }
std::optional<TraineeType> ParseTraineeType(std::string_view code) { return kTraineeTypes.Parse(code); }

Status ValidateFiscalYear(int fiscal_year, Date today) {
    const int last = FiscalYearOf(today) + 1;
    if (fiscal_year < kFirstFiscalYear || fiscal_year > last) {
        return Invalid("年度 " + std::to_string(fiscal_year) + " は記録できません（" +
                           FiscalYearLabel(kFirstFiscalYear) + "から" + FiscalYearLabel(last) + "まで）",
                       "fiscal_year");
    }
    return {};
}

Status ValidateCourse(const TrainingCourse& course, Date today) {
    if (auto name = CheckText(course.name, "講座名", "name", 200, true); !name) return name;
    if (auto organizer = CheckText(course.organizer, "主催", "organizer", 200, false); !organizer) return organizer;
    if (auto audience = CheckText(course.audience, "対象", "audience", 400, false); !audience) return audience;
    return ValidateFiscalYear(course.fiscal_year, today);
}

Status ValidateSession(const TrainingSession& session, const TrainingCourse& course) {
    if (!session.held_on.ok()) return Invalid("開催日がありえない日付です", "held_on");
    if (FiscalYearOf(session.held_on) != course.fiscal_year) {
        return Invalid("開催日が講座の年度（" + FiscalYearLabel(course.fiscal_year) + "）の外です", "held_on");
    }
    if (auto place = CheckText(session.place, "会場", "place", 200, false); !place) return place;
    if (session.minutes <= 0 || session.minutes > kMaxMinutes) {
        return Invalid("時間は0より長く24時間以内で入力してください", "hours");
    }
    if (session.citizens < 0) return Invalid("市民の人数に負の数は入りません", "citizens");
    if (session.professionals < 0) return Invalid("専門職の人数に負の数は入りません", "professionals");
    return {};
}

Status ValidateAttendee(const TrainingAttendee& attendee, const std::vector<TrainingSession>& course_sessions) {
    if (!attendee.user_id) {
        if (auto name = CheckText(attendee.name, "受講者の氏名", "name", 200, true); !name) return name;
    }
    for (const TrainingSessionId id : attendee.sessions) {
        const bool of_course = std::ranges::any_of(course_sessions, [&](const TrainingSession& session) {
            return session.id == id && session.course_id == attendee.course_id;
        });
        if (!of_course)
            return Invalid("この講座の回ではありません（" + std::to_string(id.value()) + "）", "session_ids");
    }
    if (attendee.completion == Completion::kCompleted && attendee.sessions.empty()) {
        return Invalid("どの回にも出席していない人を修了にはできません", "completion");
    }
    return {};
}

TrainingTotals TrainingTotalsOf(int fiscal_year, const std::vector<TrainingCourse>& courses,
                                const std::vector<TrainingSession>& sessions,
                                const std::vector<TrainingAttendee>& attendees) {
    TrainingTotals totals{.fiscal_year = fiscal_year};
    for (const CourseKind kind : kAllCourseKinds) totals.by_kind[kind];
    std::map<TrainingCourseId, CourseKind> kind_of;
    for (const TrainingCourse& course : courses) {
        if (course.fiscal_year != fiscal_year) continue;
        kind_of[course.id] = course.kind;
        ++totals.all.courses;
        ++totals.by_kind[course.kind].courses;
    }
    std::set<TrainingSessionId> counted_sessions;
    for (const TrainingSession& session : sessions) {
        const auto kind = kind_of.find(session.course_id);
        if (kind == kind_of.end()) continue;
        counted_sessions.insert(session.id);
        for (TraineeCounts* counts : {&totals.all, &totals.by_kind[kind->second]}) {
            ++counts->sessions;
            Count(*counts, TraineeType::kCitizen, session.citizens);
            Count(*counts, TraineeType::kProfessional, session.professionals);
        }
    }
    for (const TrainingAttendee& attendee : attendees) {
        const auto kind = kind_of.find(attendee.course_id);
        if (kind == kind_of.end()) continue;
        const auto attended = static_cast<long long>(std::ranges::count_if(
            attendee.sessions, [&](TrainingSessionId id) { return counted_sessions.contains(id); }));
        for (TraineeCounts* counts : {&totals.all, &totals.by_kind[kind->second]}) {
            Count(*counts, attendee.type, attended);
            if (attended > 0) {
                ++counts->real;
                ++(attendee.type == TraineeType::kCitizen ? counts->real_citizens : counts->real_professionals);
            }
            if (attendee.completion == Completion::kCompleted && attended > 0) ++counts->completed;
        }
    }
    return totals;
}

}  // namespace kasane::domain
