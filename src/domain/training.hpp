// SPDX-License-Identifier: Apache-2.0
#pragma once

// 人材育成 (issue 17, item 9), the domain's records and rules: the town's training courses (基礎, 対人援助,
// 重層的支援力強化, フォローアップ, 全職員, 分野横断) of a 年度, their sessions (date, place, hours) and who attended:
// named attendees (a user of the town, or a 市民 or 専門職 named as text — never a resident's person record, no
// welfare data) with the sessions they attended and their 修了, or counts only per session (市民 n, 専門職 m). The
// 年度's totals (TrainingTotalsOf) give 研修受講者数: 延べ (every attendance), 実 (named attendees who attended), split
// 市民/専門職, and 修了者数 — the 評価指標 of the PDCA (e.g. 米子市 R4: 延べ95名, 市民33名, 専門職62名).

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/ids.hpp"
#include "base/japanese_date.hpp"
#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/auth.hpp"
#include "domain/master_data.hpp"

namespace kasane {
// 人材育成's typed ids.
using TrainingCourseId = Id<struct TrainingCourseTag>;
using TrainingSessionId = Id<struct TrainingSessionTag>;
using TrainingAttendeeId = Id<struct TrainingAttendeeTag>;
}  // namespace kasane

namespace kasane::domain {

// The kinds of course.
enum class CourseKind {
    kBasic,          // 基礎
    kInterpersonal,  // 対人援助
    kMultilayer,     // 重層的支援力強化
    kFollowUp,       // フォローアップ
    kAllStaff,       // 全職員
    kCrossSector,    // 分野横断
};
inline constexpr CourseKind kAllCourseKinds[] = {CourseKind::kBasic,      CourseKind::kInterpersonal,
                                                 CourseKind::kMultilayer, CourseKind::kFollowUp,
                                                 CourseKind::kAllStaff,   CourseKind::kCrossSector};
std::string_view CourseKindCode(CourseKind kind);  // "basic", "interpersonal", "multilayer", "follow_up", …
std::string_view CourseKindLabel(CourseKind kind);
std::optional<CourseKind> ParseCourseKind(std::string_view code);

// Who an attendee is, for the totals.
enum class TraineeType {
    kCitizen,       // 市民
    kProfessional,  // 専門職
};
inline constexpr TraineeType kAllTraineeTypes[] = {TraineeType::kCitizen, TraineeType::kProfessional};
std::string_view TraineeTypeCode(TraineeType type);  // "citizen", "professional"
std::string_view TraineeTypeLabel(TraineeType type);
std::optional<TraineeType> ParseTraineeType(std::string_view code);

enum class Completion { kNotCompleted, kCompleted };  // 修了

struct TrainingCourse {
    TrainingCourseId id{};
    std::string name;
    CourseKind kind = CourseKind::kBasic;
    int fiscal_year = 0;    // 年度, by the western year it starts in (2022 = 令和4年度)
    std::string organizer;  // 主催
    std::string audience;   // 対象
    UserId created_by{};
    Instant created_at{};
};

struct TrainingSession {
    TrainingSessionId id{};
    TrainingCourseId course_id{};
    Date held_on{};
    std::string place;
    long long minutes = 0;        // 時間, in minutes (1.5時間 = 90)
    long long citizens = 0;       // 市民 counted only (not named)
    long long professionals = 0;  // 専門職 counted only (not named)
    UserId created_by{};
    Instant created_at{};
};

// A named attendee of a course: a user of the town, or a name typed as text (no person record of a resident).
struct TrainingAttendee {
    TrainingAttendeeId id{};
    TrainingCourseId course_id{};
    std::optional<UserId> user_id;
    std::string name;  // the user's name when user_id is given
    TraineeType type = TraineeType::kCitizen;
    Completion completion = Completion::kNotCompleted;
    std::vector<TrainingSessionId> sessions;  // the sessions attended
    UserId created_by{};
    Instant created_at{};
};

// The 年度 the town may record and count: from 2015 (the 年度 before any 重層 records) to the 年度 after the current
// one (planning). kInvalidArgument ("fiscal_year") for any other: an unknown 年度.
Status ValidateFiscalYear(int fiscal_year, Date today);
Status ValidateCourse(const TrainingCourse& course, Date today);
// A session of its course: within the course's 年度, a place of at most 200 bytes, hours above 0 and at most 24, no
// negative count.
Status ValidateSession(const TrainingSession& session, const TrainingCourse& course);
// A named attendee: a name (or a user), each session attended one of the course's, and 修了 only for an attendee who
// attended at least one session (kInvalidArgument "completion").
Status ValidateAttendee(const TrainingAttendee& attendee, const std::vector<TrainingSession>& course_sessions);

// 研修受講者数 of a group of courses.
struct TraineeCounts {
    long long total = 0;          // 延べ: every attendance (named and counted)
    long long citizens = 0;       // of the 延べ, 市民
    long long professionals = 0;  // of the 延べ, 専門職
    long long real = 0;           // 実: named attendees who attended at least once
    long long real_citizens = 0;  // of the 実, 市民
    long long real_professionals = 0;
    long long completed = 0;  // 修了者数 (named)
    long long sessions = 0;   // 開催回数
    long long courses = 0;    // 講座数
};

struct TrainingTotals {
    int fiscal_year = 0;
    TraineeCounts all;
    std::map<CourseKind, TraineeCounts> by_kind;  // every kind, zero when none
};

// The 年度's totals from its courses, their sessions and attendees (those of other 年度 ignored). Pure.
TrainingTotals TrainingTotalsOf(int fiscal_year, const std::vector<TrainingCourse>& courses,
                                const std::vector<TrainingSession>& sessions,
                                const std::vector<TrainingAttendee>& attendees);

}  // namespace kasane::domain
