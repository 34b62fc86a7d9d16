// SPDX-License-Identifier: Apache-2.0
// 人材育成 (domain::TrainingRepository): courses, their sessions, named attendees and the sessions each attended.

#include <map>
#include <string>

#include "domain/training_repositories.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {

std::unique_ptr<domain::TrainingRepository> MakeTrainingRepository(SqlExecutor& executor, MunicipalityId tenant);

namespace {

using domain::TrainingAttendee;
using domain::TrainingCourse;
using domain::TrainingSession;
using sql_support::IdOrNull;
using sql_support::RequiredDate;
using sql_support::TenantRepository;

constexpr SqlStatement kInsertCourse{
    "training_insert_course",
    "INSERT INTO training_courses (municipality_id, name, kind, fiscal_year, organizer, audience, created_by, "
    "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id"};
constexpr SqlStatement kSelectCourses{
    "training_select_courses",
    "SELECT id, name, kind, fiscal_year, organizer, audience, created_by, created_at FROM training_courses "
    "WHERE municipality_id = $1 AND (id = $2 OR $2 IS NULL) AND (fiscal_year = $3 OR $3 IS NULL) "
    "ORDER BY fiscal_year, id"};
constexpr SqlStatement kInsertSession{
    "training_insert_session",
    "INSERT INTO training_sessions (municipality_id, course_id, held_on, place, minutes, citizens, professionals, "
    "created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id"};
constexpr SqlStatement kSelectSessions{
    "training_select_sessions",
    "SELECT s.id, s.course_id, s.held_on, s.place, s.minutes, s.citizens, s.professionals, s.created_by, "
    "s.created_at FROM training_sessions s JOIN training_courses c ON c.id = s.course_id "
    "AND c.municipality_id = s.municipality_id WHERE s.municipality_id = $1 AND (s.course_id = $2 OR $2 IS NULL) "
    "AND (c.fiscal_year = $3 OR $3 IS NULL) ORDER BY s.held_on, s.id"};
constexpr SqlStatement kInsertAttendee{
    "training_insert_attendee",
    "INSERT INTO training_attendees (municipality_id, course_id, user_id, name, trainee_type, completion, "
    "created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id"};
constexpr SqlStatement kInsertAttendance{
    "training_insert_attendance",
    "INSERT INTO training_attendances (municipality_id, attendee_id, session_id) VALUES ($1, $2, $3)"};
constexpr SqlStatement kSelectAttendees{
    "training_select_attendees",
    "SELECT a.id, a.course_id, a.user_id, a.name, a.trainee_type, a.completion, a.created_by, a.created_at "
    "FROM training_attendees a JOIN training_courses c ON c.id = a.course_id AND c.municipality_id = a.municipality_id "
    "WHERE a.municipality_id = $1 AND (a.course_id = $2 OR $2 IS NULL) AND (c.fiscal_year = $3 OR $3 IS NULL) "
    "AND (a.id = $4 OR $4 IS NULL) ORDER BY a.id"};
constexpr SqlStatement kSelectAttendances{
    "training_select_attendances",
    "SELECT t.attendee_id, t.session_id FROM training_attendances t JOIN training_attendees a "
    "ON a.id = t.attendee_id AND a.municipality_id = t.municipality_id JOIN training_courses c ON c.id = a.course_id "
    "AND c.municipality_id = a.municipality_id WHERE t.municipality_id = $1 AND (a.course_id = $2 OR $2 IS NULL) "
    "AND (c.fiscal_year = $3 OR $3 IS NULL) AND (a.id = $4 OR $4 IS NULL) ORDER BY t.attendee_id, t.session_id"};
constexpr SqlStatement kSetCompletion{
    "training_set_completion", "UPDATE training_attendees SET completion = $3 WHERE municipality_id = $1 AND id = $2"};

Error Internal(std::string_view what) { return Error::Internal("人材育成の記録が読めません: " + std::string(what)); }

std::string_view CompletionCode(domain::Completion completion) {
    return completion == domain::Completion::kCompleted ? "completed" : "not_completed";
}

Result<TrainingCourse> CourseOf(const SqlRow& row) {
    KASANE_ASSIGN(id, row.Id<TrainingCourseId>(0));
    KASANE_ASSIGN(name, row.Text(1));
    KASANE_ASSIGN(kind_code, row.Text(2));
    KASANE_ASSIGN(fiscal_year, row.Integer(3));
    KASANE_ASSIGN(organizer, row.Text(4));
    KASANE_ASSIGN(audience, row.Text(5));
    KASANE_ASSIGN(created_by, row.Id<UserId>(6));
    KASANE_ASSIGN(created_at, row.Time(7));
    const auto kind = domain::ParseCourseKind(*kind_code);
    if (!kind) return Fail(Internal("training_course"));
    return TrainingCourse{.id = *id,
                          .name = std::move(*name),
                          .kind = *kind,
                          .fiscal_year = static_cast<int>(*fiscal_year),
                          .organizer = std::move(*organizer),
                          .audience = std::move(*audience),
                          .created_by = *created_by,
                          .created_at = *created_at};
}

Result<TrainingSession> SessionOf(const SqlRow& row) {
    KASANE_ASSIGN(id, row.Id<TrainingSessionId>(0));
    KASANE_ASSIGN(course_id, row.Id<TrainingCourseId>(1));
    KASANE_ASSIGN(held_on, RequiredDate(row, 2));
    KASANE_ASSIGN(place, row.Text(3));
    KASANE_ASSIGN(minutes, row.Integer(4));
    KASANE_ASSIGN(citizens, row.Integer(5));
    KASANE_ASSIGN(professionals, row.Integer(6));
    KASANE_ASSIGN(created_by, row.Id<UserId>(7));
    KASANE_ASSIGN(created_at, row.Time(8));
    return TrainingSession{.id = *id,
                           .course_id = *course_id,
                           .held_on = *held_on,
                           .place = std::move(*place),
                           .minutes = *minutes,
                           .citizens = *citizens,
                           .professionals = *professionals,
                           .created_by = *created_by,
                           .created_at = *created_at};
}

Result<TrainingAttendee> AttendeeOf(const SqlRow& row) {
    KASANE_ASSIGN(id, row.Id<TrainingAttendeeId>(0));
    KASANE_ASSIGN(course_id, row.Id<TrainingCourseId>(1));
    KASANE_ASSIGN(name, row.Text(3));
    KASANE_ASSIGN(type_code, row.Text(4));
    KASANE_ASSIGN(completion_code, row.Text(5));
    KASANE_ASSIGN(created_by, row.Id<UserId>(6));
    KASANE_ASSIGN(created_at, row.Time(7));
    const auto type = domain::ParseTraineeType(*type_code);
    if (!type) return Fail(Internal("training_attendee"));
    return TrainingAttendee{.id = *id,
                            .course_id = *course_id,
                            .user_id = row.OptionalId<UserId>(2),
                            .name = std::move(*name),
                            .type = *type,
                            .completion = *completion_code == "completed" ? domain::Completion::kCompleted
                                                                          : domain::Completion::kNotCompleted,
                            .sessions = {},
                            .created_by = *created_by,
                            .created_at = *created_at};
}

// A reference to a record not of this municipality (a foreign key refused) as the field the caller named.
Error Reference(const Error& error, std::string_view field, std::string_view message) {
    if (error.Is(ErrorCode::kNotFound)) return Error::InvalidArgument(std::string(message), std::string(field));
    return error;
}

SqlParam Param(const std::string& text) { return std::string_view(text); }

SqlParam YearOrNull(std::optional<int> fiscal_year) {
    if (!fiscal_year) return std::monostate{};
    return std::int64_t{*fiscal_year};
}

class SqlTrainingRepository final : public domain::TrainingRepository, TenantRepository {
public:
    using TenantRepository::TenantRepository;

    Result<TrainingCourse> AddCourse(const TrainingCourse& course) override {
        const std::string created_at = FormatIso8601(course.created_at);
        const std::string kind(domain::CourseKindCode(course.kind));
        return WriteInto<TrainingCourse>([&](SqlConnection& connection, TrainingCourse& out) -> Status {
            out = course;
            KASANE_ASSIGN(inserted, connection.Execute(kInsertCourse, {tenant_, Param(course.name), Param(kind),
                                                                       std::int64_t{course.fiscal_year},
                                                                       Param(course.organizer), Param(course.audience),
                                                                       course.created_by.value(), Param(created_at)}));
            KASANE_ASSIGN(new_id, SqlRow(inserted->rows.front()).Integer(0));
            out.id = TrainingCourseId{*new_id};
            return {};
        });
    }

    Result<TrainingCourse> GetCourse(TrainingCourseId id) override {
        KASANE_ASSIGN(found,
                      SelectRows<TrainingCourse>(kSelectCourses, {tenant_, id.value(), std::monostate{}}, CourseOf));
        if (found->empty()) return Fail(Error::NotFound("研修の講座が見つかりません"));
        return std::move(found->front());
    }

    Result<std::vector<TrainingCourse>> Courses(std::optional<int> fiscal_year) override {
        return SelectRows<TrainingCourse>(kSelectCourses, {tenant_, std::monostate{}, YearOrNull(fiscal_year)},
                                          CourseOf);
    }

    Result<TrainingSession> AddSession(const TrainingSession& session) override {
        const std::string held_on = sql_support::DateText(session.held_on);
        const std::string created_at = FormatIso8601(session.created_at);
        return WriteInto<TrainingSession>([&](SqlConnection& connection, TrainingSession& out) -> Status {
            out = session;
            auto inserted = connection.Execute(
                kInsertSession, {tenant_, session.course_id.value(), Param(held_on), Param(session.place),
                                 std::int64_t{session.minutes}, std::int64_t{session.citizens},
                                 std::int64_t{session.professionals}, session.created_by.value(), Param(created_at)});
            if (!inserted) return Fail(Reference(inserted.error(), "course_id", "研修の講座が見つかりません"));
            KASANE_ASSIGN(new_id, SqlRow(inserted->rows.front()).Integer(0));
            out.id = TrainingSessionId{*new_id};
            return {};
        });
    }

    Result<std::vector<TrainingSession>> Sessions(std::optional<TrainingCourseId> course_id,
                                                  std::optional<int> fiscal_year) override {
        std::optional<std::int64_t> id;
        if (course_id) id = course_id->value();
        return SelectRows<TrainingSession>(kSelectSessions, {tenant_, IdOrNull(id), YearOrNull(fiscal_year)},
                                           SessionOf);
    }

    Result<TrainingAttendee> AddAttendee(const TrainingAttendee& attendee) override {
        const std::string created_at = FormatIso8601(attendee.created_at);
        const std::string type(domain::TraineeTypeCode(attendee.type));
        const std::string completion(CompletionCode(attendee.completion));
        std::optional<std::int64_t> user;
        if (attendee.user_id) user = attendee.user_id->value();
        return WriteInto<TrainingAttendee>([&](SqlConnection& connection, TrainingAttendee& out) -> Status {
            out = attendee;
            auto inserted = connection.Execute(
                kInsertAttendee, {tenant_, attendee.course_id.value(), IdOrNull(user), Param(attendee.name),
                                  Param(type), Param(completion), attendee.created_by.value(), Param(created_at)});
            if (!inserted) return Fail(Reference(inserted.error(), "course_id", "講座または職員が見つかりません"));
            KASANE_ASSIGN(new_id, SqlRow(inserted->rows.front()).Integer(0));
            out.id = TrainingAttendeeId{*new_id};
            for (const TrainingSessionId session : attendee.sessions) {
                auto attended = connection.Execute(kInsertAttendance, {tenant_, out.id.value(), session.value()});
                if (!attended) {
                    if (attended.error().Is(ErrorCode::kConflict)) {
                        return Fail(Error::InvalidArgument("同じ回が二度選ばれています", "session_ids"));
                    }
                    return Fail(Reference(attended.error(), "session_ids", "研修の回が見つかりません"));
                }
            }
            return {};
        });
    }

    Result<TrainingAttendee> GetAttendee(TrainingAttendeeId id) override {
        KASANE_ASSIGN(found, SelectAttendees(std::nullopt, std::nullopt, id.value()));
        if (found->empty()) return Fail(Error::NotFound("受講者が見つかりません"));
        return std::move(found->front());
    }

    Result<std::vector<TrainingAttendee>> Attendees(std::optional<TrainingCourseId> course_id,
                                                    std::optional<int> fiscal_year) override {
        std::optional<std::int64_t> id;
        if (course_id) id = course_id->value();
        return SelectAttendees(id, fiscal_year, std::nullopt);
    }

    Status SetCompletion(TrainingAttendeeId id, domain::Completion completion) override {
        const std::string code(CompletionCode(completion));
        return executor_.Write([&](SqlConnection& connection) -> Status {
            KASANE_ASSIGN(updated, connection.Execute(kSetCompletion, {tenant_, id.value(), Param(code)}));
            if (updated->affected_rows == 0) return Fail(Error::NotFound("受講者が見つかりません"));
            return {};
        });
    }

private:
    Result<std::vector<TrainingAttendee>> SelectAttendees(std::optional<std::int64_t> course_id,
                                                          std::optional<int> fiscal_year,
                                                          std::optional<std::int64_t> attendee_id) {
        using Rows = std::vector<TrainingAttendee>;
        return ReadInto<Rows>([&](SqlConnection& connection, Rows& out) -> Status {
            const std::vector<SqlParam> params = {tenant_, IdOrNull(course_id), YearOrNull(fiscal_year),
                                                  IdOrNull(attendee_id)};
            KASANE_ASSIGN(attendees, connection.Execute(kSelectAttendees, params));
            std::map<std::int64_t, std::size_t> index;
            for (const auto& values : attendees->rows) {
                KASANE_ASSIGN(record, AttendeeOf(SqlRow(values)));
                index[record->id.value()] = out.size();
                out.push_back(std::move(*record));
            }
            KASANE_ASSIGN(attendances, connection.Execute(kSelectAttendances, params));
            for (const auto& values : attendances->rows) {
                const SqlRow row(values);
                KASANE_ASSIGN(attendee, row.Integer(0));
                KASANE_ASSIGN(session, row.Id<TrainingSessionId>(1));
                const auto found = index.find(*attendee);
                if (found != index.end()) out[found->second].sessions.push_back(*session);
            }
            return {};
        });
    }
};

}  // namespace

std::unique_ptr<domain::TrainingRepository> MakeTrainingRepository(SqlExecutor& executor, MunicipalityId tenant) {
    return std::make_unique<SqlTrainingRepository>(executor, tenant);
}

}  // namespace kasane::storage
