// SPDX-License-Identifier: Apache-2.0
#include "domain/training_service.hpp"
#include "domain/report_delivery.hpp"

#include <utility>

#include "base/japan_time.hpp"
#include "base/japanese_date.hpp"
#include "domain/access_policy.hpp"
#include "domain/export_rights.hpp"
#include "domain/intake_support.hpp"
#include "domain/training_file.hpp"

namespace kasane::domain {

using intake_support::AppendOne;
using intake_support::RecordEntry;

namespace {

// The basis named in this service's audit entries.
constexpr std::string_view kAuditBasis = "training_recorder";

TraineeCounts CountsOfCourse(const TrainingCourse& course, const std::vector<TrainingSession>& sessions,
                             const std::vector<TrainingAttendee>& attendees) {
    return TrainingTotalsOf(course.fiscal_year, {course}, sessions, attendees).all;
}

}  // namespace

TrainingService::TrainingService(Store& store, TrainingRepositories repositories, const Clock& clock)
    : store_(store), repositories_(std::move(repositories)), clock_(clock) {}

int TrainingService::CurrentFiscalYear() const { return FiscalYearOf(TodayInJapan(clock_)); }

Result<OrganizationKind> TrainingService::KindOf(const Actor& actor) {
    return intake_support::OrganizationKindOf(store_, actor);
}

Status TrainingService::CheckRecorder(const Actor& actor) {
    auto kind = KindOf(actor);
    if (!kind) return Fail(kind.error());
    if (!MayRecordTraining(actor.principal, *kind)) {
        return Fail(
            Error::PermissionDenied("人材育成の記録をつけられるのは町の職員（推進員・相談支援員・管理者）です"));
    }
    return {};
}

Result<TrainingTotals> TrainingService::Totals(const Actor& actor, int fiscal_year) {
    auto year = Year(actor, fiscal_year);
    if (!year) return Fail(year.error());
    return std::move(year->totals);
}

Result<TrainingYear> TrainingService::Year(const Actor& actor, int fiscal_year) {
    auto kind = KindOf(actor);
    if (!kind) return Fail(kind.error());
    if (!MayReadTrainingTotals(actor.principal, *kind)) {
        return Fail(Error::PermissionDenied("人材育成の集計を見る権限がありません"));
    }
    if (auto known = ValidateFiscalYear(fiscal_year, TodayInJapan(clock_)); !known) return Fail(known.error());
    auto tenant = store_.Tenant(actor.Tenant());
    auto training = repositories_(*tenant);
    auto courses = training->Courses(fiscal_year);
    if (!courses) return Fail(courses.error());
    auto sessions = training->Sessions(std::nullopt, fiscal_year);
    if (!sessions) return Fail(sessions.error());
    auto attendees = training->Attendees(std::nullopt, fiscal_year);
    if (!attendees) return Fail(attendees.error());
    TrainingYear year{.fiscal_year = fiscal_year,
                      .courses = {},
                      .totals = TrainingTotalsOf(fiscal_year, *courses, *sessions, *attendees),
                      .may_edit = MayRecordTraining(actor.principal, *kind)};
    for (TrainingCourse& course : *courses) {
        TraineeCounts counts = CountsOfCourse(course, *sessions, *attendees);
        year.courses.push_back({.course = std::move(course), .counts = counts});
    }
    return year;
}

Result<ReportExport> TrainingService::Export(const Actor& actor, int fiscal_year, ReportFormat format) {
    auto year = Year(actor, fiscal_year);
    if (!year) return Fail(year.error());
    if (auto allowed = AuthorizeExport(store_, actor, ExportKind::kPersonalData); !allowed)
        return Fail(allowed.error());
    return DeliverReportFile(store_, actor, clock_, TrainingYearFile(*year),
                             "jinzai-ikusei-" + std::to_string(fiscal_year), format,
                             {.record_type = "training_totals",
                              .record_id = fiscal_year,
                              .what = "人材育成（" + FiscalYearLabel(fiscal_year) + "）"});
}

Result<TrainingCourseView> TrainingService::Course(const Actor& actor, TrainingCourseId id) {
    if (auto recorder = CheckRecorder(actor); !recorder) return Fail(recorder.error());
    auto tenant = store_.Tenant(actor.Tenant());
    auto training = repositories_(*tenant);
    auto course = training->GetCourse(id);
    if (!course) return Fail(course.error());
    auto sessions = training->Sessions(id, std::nullopt);
    if (!sessions) return Fail(sessions.error());
    auto attendees = training->Attendees(id, std::nullopt);
    if (!attendees) return Fail(attendees.error());
    // The page names the attendees: the read is audited.
    if (auto audited = AppendOne(
            *tenant, RecordEntry(actor, clock_.Now(), AuditAction::kRead, "training_course", id.value(), kAuditBasis));
        !audited)
        return Fail(audited.error());
    TrainingCourseView view{.course = std::move(*course),
                            .sessions = std::move(*sessions),
                            .attendees = std::move(*attendees),
                            .counts = {},
                            .may_edit = true};
    view.counts = CountsOfCourse(view.course, view.sessions, view.attendees);
    return view;
}

template <class T, class Write>
Result<T> TrainingService::Record(const Actor& actor, std::string_view record_type, Write write) {
    if (auto recorder = CheckRecorder(actor); !recorder) return Fail(recorder.error());
    const Instant now = clock_.Now();
    T saved;
    const Status written = store_.Transaction([&](Store& transaction) -> Status {
        auto in = transaction.Tenant(actor.Tenant());
        auto training = repositories_(*in);
        Result<T> stored = write(*in, *training, now);
        if (!stored) return Fail(stored.error());
        saved = std::move(*stored);
        return AppendOne(*in,
                         RecordEntry(actor, now, AuditAction::kCreate, record_type, saved.id.value(), kAuditBasis));
    });
    if (!written) return Fail(written.error());
    return saved;
}

Result<TrainingCourse> TrainingService::AddCourse(const Actor& actor, const TrainingCourse& course) {
    return Record<TrainingCourse>(
        actor, "training_course",
        [&](TenantStore&, TrainingRepository& training, Instant now) -> Result<TrainingCourse> {
            if (auto valid = ValidateCourse(course, TodayInJapan(clock_)); !valid) return Fail(valid.error());
            TrainingCourse record = course;
            record.created_by = actor.principal.user.id;
            record.created_at = now;
            return training.AddCourse(record);
        });
}

Result<TrainingSession> TrainingService::AddSession(const Actor& actor, const TrainingSession& session) {
    return Record<TrainingSession>(
        actor, "training_session",
        [&](TenantStore&, TrainingRepository& training, Instant now) -> Result<TrainingSession> {
            auto course = training.GetCourse(session.course_id);
            if (!course) return Fail(course.error());
            if (auto valid = ValidateSession(session, *course); !valid) return Fail(valid.error());
            TrainingSession record = session;
            record.created_by = actor.principal.user.id;
            record.created_at = now;
            return training.AddSession(record);
        });
}

Result<TrainingAttendee> TrainingService::AddAttendee(const Actor& actor, const TrainingAttendee& attendee) {
    return Record<TrainingAttendee>(
        actor, "training_attendee",
        [&](TenantStore& in, TrainingRepository& training, Instant now) -> Result<TrainingAttendee> {
            auto course = training.GetCourse(attendee.course_id);
            if (!course) return Fail(course.error());
            TrainingAttendee record = attendee;
            if (record.user_id) {
                auto user = in.Users().Get(*record.user_id);
                if (!user) return Fail(Error::InvalidArgument("職員が見つかりません", "user_id"));
                record.name = user->display_name;
            }
            auto sessions = training.Sessions(course->id, std::nullopt);
            if (!sessions) return Fail(sessions.error());
            if (auto valid = ValidateAttendee(record, *sessions); !valid) return Fail(valid.error());
            record.created_by = actor.principal.user.id;
            record.created_at = now;
            return training.AddAttendee(record);
        });
}

Result<TrainingAttendee> TrainingService::SetCompletion(const Actor& actor, TrainingAttendeeId id,
                                                        Completion completion) {
    if (auto recorder = CheckRecorder(actor); !recorder) return Fail(recorder.error());
    const Instant now = clock_.Now();
    TrainingAttendee saved;
    const Status written = store_.Transaction([&](Store& transaction) -> Status {
        auto in = transaction.Tenant(actor.Tenant());
        auto training = repositories_(*in);
        auto attendee = training->GetAttendee(id);
        if (!attendee) return Fail(attendee.error());
        auto sessions = training->Sessions(attendee->course_id, std::nullopt);
        if (!sessions) return Fail(sessions.error());
        attendee->completion = completion;
        if (auto valid = ValidateAttendee(*attendee, *sessions); !valid) return Fail(valid.error());
        if (auto step = training->SetCompletion(id, completion); !step) return Fail(step.error());
        saved = std::move(*attendee);
        AuditEntry entry = RecordEntry(actor, now, AuditAction::kUpdate, "training_attendee", id.value(), kAuditBasis);
        entry.fields = "completion";
        return AppendOne(*in, std::move(entry));
    });
    if (!written) return Fail(written.error());
    return saved;
}

}  // namespace kasane::domain
