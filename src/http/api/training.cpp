// SPDX-License-Identifier: Apache-2.0
// 人材育成 (issue 17, item 9). Each handler parses, calls one use case and maps its Result.

#include "http/api/training.hpp"

#include <cmath>

#include "base/japanese_date.hpp"
#include "base/json.hpp"
#include "http/api/common.hpp"
#include "http/api/file_response.hpp"
#include "http/api/json_fields.hpp"
#include "http/api/time_json.hpp"
#include "http/query_params.hpp"

namespace kasane::http::api {

namespace {

using domain::TrainingAttendee;
using domain::TrainingCourse;
using domain::TrainingSession;

Json CountsJson(const domain::TraineeCounts& counts) {
    return Json{{"total", counts.total},
                {"citizens", counts.citizens},
                {"professionals", counts.professionals},
                {"real", counts.real},
                {"real_citizens", counts.real_citizens},
                {"real_professionals", counts.real_professionals},
                {"completed", counts.completed},
                {"sessions", counts.sessions},
                {"courses", counts.courses}};
}

Json TotalsJson(const domain::TrainingTotals& totals) {
    Json by_kind = Json::array();
    for (const auto& [kind, counts] : totals.by_kind) {
        Json row = CountsJson(counts);
        row["kind"] = domain::CourseKindCode(kind);
        row["kind_label"] = domain::CourseKindLabel(kind);
        by_kind.push_back(std::move(row));
    }
    return Json{{"fiscal_year", totals.fiscal_year},
                {"fiscal_year_label", FiscalYearLabel(totals.fiscal_year)},
                {"all", CountsJson(totals.all)},
                {"by_kind", std::move(by_kind)}};
}

Json CourseJson(const TrainingCourse& course) {
    return Json{{"id", course.id},
                {"name", course.name},
                {"kind", domain::CourseKindCode(course.kind)},
                {"kind_label", domain::CourseKindLabel(course.kind)},
                {"fiscal_year", course.fiscal_year},
                {"organizer", course.organizer},
                {"audience", course.audience}};
}

Json SessionJson(const TrainingSession& session) {
    return Json{{"id", session.id},
                {"course_id", session.course_id},
                {"held_on", IsoDate(session.held_on)},
                {"place", session.place},
                {"hours", static_cast<double>(session.minutes) / 60.0},
                {"minutes", session.minutes},
                {"citizens", session.citizens},
                {"professionals", session.professionals}};
}

Json AttendeeJson(const TrainingAttendee& attendee) {
    Json sessions = Json::array();
    for (const TrainingSessionId id : attendee.sessions) sessions.push_back(id.value());
    return Json{{"id", attendee.id},
                {"course_id", attendee.course_id},
                {"user_id", attendee.user_id ? Json(attendee.user_id->value()) : Json(nullptr)},
                {"name", attendee.name},
                {"type", domain::TraineeTypeCode(attendee.type)},
                {"completed", attendee.completion == domain::Completion::kCompleted},
                {"session_ids", std::move(sessions)}};
}

Result<long long> Count(const Json& body, const char* field) {
    auto value = OptionalInteger(body, field);
    if (!value) return Fail(value.error());
    return static_cast<long long>(value->value_or(0));
}

Result<TrainingCourse> CourseFromJson(const Json& body) {
    TrainingCourse course;
    for (auto [field, target] :
         {std::pair{"name", &course.name}, {"organizer", &course.organizer}, {"audience", &course.audience}}) {
        auto value = TextOf(body, field, 4000);
        if (!value) return Fail(value.error());
        *target = *value;
    }
    auto kind = RequireCode<domain::CourseKind>(
        body, "kind", domain::ParseCourseKind,
        "kind は basic, interpersonal, multilayer, follow_up, all_staff, cross_sector のどれかです");
    if (!kind) return Fail(kind.error());
    course.kind = *kind;
    auto year = OptionalInteger(body, "fiscal_year");
    if (!year) return Fail(year.error());
    if (!*year) return Fail(Error::InvalidArgument("fiscal_year（年度）を指定してください", "fiscal_year"));
    if (**year < 0 || **year > 9999)
        return Fail(Error::InvalidArgument("fiscal_year が正しくありません", "fiscal_year"));
    course.fiscal_year = static_cast<int>(**year);
    return course;
}

Result<TrainingSession> SessionFromJson(const Json& body, TrainingCourseId course_id) {
    TrainingSession session{.course_id = course_id};
    auto held_on = RequireDate(body, "held_on", "開催日");
    if (!held_on) return Fail(held_on.error());
    session.held_on = *held_on;
    auto place = TextOf(body, "place", 4000);
    if (!place) return Fail(place.error());
    session.place = *place;
    if (!body.contains("hours") || !body["hours"].is_number()) {
        return Fail(Error::InvalidArgument("hours（時間）を数で指定してください", "hours"));
    }
    const double hours = body["hours"].get<double>();
    if (!std::isfinite(hours) || hours <= 0 || hours > 24) {
        return Fail(Error::InvalidArgument("時間は0より長く24時間以内で入力してください", "hours"));
    }
    session.minutes = std::llround(hours * 60.0);
    for (auto [field, target] : {std::pair{"citizens", &session.citizens}, {"professionals", &session.professionals}}) {
        auto value = Count(body, field);
        if (!value) return Fail(value.error());
        *target = *value;
    }
    return session;
}

Result<TrainingAttendee> AttendeeFromJson(const Json& body, TrainingCourseId course_id) {
    TrainingAttendee attendee{.course_id = course_id};
    auto user = OptionalId<UserId>(body, "user_id");
    if (!user) return Fail(user.error());
    attendee.user_id = *user;
    auto name = TextOf(body, "name", 4000);
    if (!name) return Fail(name.error());
    attendee.name = *name;
    auto type = RequireCode<domain::TraineeType>(body, "type", domain::ParseTraineeType,
                                                 "type は citizen（市民）か professional（専門職）です");
    if (!type) return Fail(type.error());
    attendee.type = *type;
    auto sessions = IdArray<TrainingSessionId>(body, "session_ids");
    if (!sessions) return Fail(sessions.error());
    attendee.sessions = *sessions;
    auto completed = OptionalBool(body, "completed", false);
    if (!completed) return Fail(completed.error());
    attendee.completion = *completed ? domain::Completion::kCompleted : domain::Completion::kNotCompleted;
    return attendee;
}

Json CountsSchema() {
    return schema::Object({{"total", schema::Integer()},
                           {"citizens", schema::Integer()},
                           {"professionals", schema::Integer()},
                           {"real", schema::Integer()},
                           {"real_citizens", schema::Integer()},
                           {"real_professionals", schema::Integer()},
                           {"completed", schema::Integer()},
                           {"sessions", schema::Integer()},
                           {"courses", schema::Integer()}},
                          {"total", "citizens", "professionals", "real", "completed"});
}

Json KindSchema() {
    return EnumSchema({"basic", "interpersonal", "multilayer", "follow_up", "all_staff", "cross_sector"});
}

Json TotalsSchema() {
    Json by_kind = CountsSchema();
    by_kind["properties"]["kind"] = KindSchema();
    by_kind["properties"]["kind_label"] = schema::String();
    return schema::Object({{"fiscal_year", schema::Integer()},
                           {"fiscal_year_label", schema::String()},
                           {"all", CountsSchema()},
                           {"by_kind", schema::ArrayOf(std::move(by_kind))}},
                          {"fiscal_year", "all", "by_kind"});
}

Json CourseSchema() {
    return schema::Object({{"id", schema::Integer()},
                           {"name", schema::String()},
                           {"kind", KindSchema()},
                           {"kind_label", schema::String()},
                           {"fiscal_year", schema::Integer()},
                           {"organizer", schema::String()},
                           {"audience", schema::String()}},
                          {"id", "name", "kind", "fiscal_year"});
}

Json SessionSchema() {
    return schema::Object({{"id", schema::Integer()},
                           {"course_id", schema::Integer()},
                           {"held_on", schema::String()},
                           {"place", schema::String()},
                           {"hours", Json{{"type", "number"}}},
                           {"minutes", schema::Integer()},
                           {"citizens", schema::Integer()},
                           {"professionals", schema::Integer()}},
                          {"id", "course_id", "held_on", "hours", "citizens", "professionals"});
}

Json AttendeeSchema() {
    return schema::Object({{"id", schema::Integer()},
                           {"course_id", schema::Integer()},
                           {"user_id", NullableInteger()},
                           {"name", schema::String()},
                           {"type", EnumSchema({"citizen", "professional"})},
                           {"completed", schema::Boolean()},
                           {"session_ids", schema::ArrayOf(schema::Integer())}},
                          {"id", "course_id", "name", "type", "completed", "session_ids"});
}

// The 年度's totals and courses as a file: CSV (?encoding=utf-8 or windows-31j) or XLSX.
Response TotalsFile(domain::TrainingService& training, Request& request, bool xlsx) {
    auto year = FiscalYearQuery(request, "fiscal_year", training.CurrentFiscalYear());
    if (!year) return Response::ErrorJson(year.error());
    auto format = xlsx ? Result<domain::ReportFormat>(domain::ReportFormat::kXlsx) : CsvFormatParam(request);
    if (!format) return Response::ErrorJson(format.error());
    auto file = training.Export(ActorOf(request), *year, *format);
    if (!file) return Response::ErrorJson(file.error());
    return AttachmentResponse(std::move(*file));
}

}  // namespace

void AddTrainingRoutes(Router& router, domain::TrainingService& training) {
    AddSignedInRoute(
        router, "GET", "/api/v1/training",
        [&training](Request& request) {
            auto year = FiscalYearQuery(request, "fiscal_year", training.CurrentFiscalYear());
            if (!year) return Response::ErrorJson(year.error());
            auto view = training.Year(ActorOf(request), *year);
            if (!view) return Response::ErrorJson(view.error());
            Json courses = Json::array();
            for (const domain::TrainingCourseRow& row : view->courses) {
                Json course = CourseJson(row.course);
                course["counts"] = CountsJson(row.counts);
                courses.push_back(std::move(course));
            }
            return Response::Json(200, Json{{"fiscal_year", view->fiscal_year},
                                            {"courses", std::move(courses)},
                                            {"totals", TotalsJson(view->totals)},
                                            {"may_edit", view->may_edit}});
        },
        {.summary =
             "人材育成: the 年度's courses (fiscal_year=2022, 令和4年度 or R4; default the current 年度) with their "
             "counts, and the 年度's totals; an unknown 年度 is refused",
         .tag = "training",
         .response_body = [] {
             Json course = CourseSchema();
             course["properties"]["counts"] = CountsSchema();
             return schema::Object({{"fiscal_year", schema::Integer()},
                                    {"courses", schema::ArrayOf(std::move(course))},
                                    {"totals", TotalsSchema()},
                                    {"may_edit", schema::Boolean()}},
                                   {"fiscal_year", "courses", "totals", "may_edit"});
         }()});

    AddSignedInRoute(
        router, "GET", "/api/v1/training/totals",
        [&training](Request& request) {
            auto year = FiscalYearQuery(request, "fiscal_year", training.CurrentFiscalYear());
            if (!year) return Response::ErrorJson(year.error());
            return ReplyWith(training.Totals(ActorOf(request), *year), TotalsJson);
        },
        {.summary = "研修受講者数 of a 年度 (the 評価指標): 延べ and 実, 市民 and 専門職, 修了者数, in all and per "
                    "course kind",
         .tag = "training",
         .response_body = TotalsSchema()});

    AddFileRoute(
        router, "/api/v1/training/totals.csv",
        [&training](Request& request) { return TotalsFile(training, request, false); },
        "人材育成 of a 年度 (fiscal_year=2022, 令和4年度 or R4) as CSV (?encoding=utf-8 with BOM, or windows-31j): "
        "研修受講者数 in all and per course kind, then each course's counts; the export right asked, audited as an "
        "export with its row count",
        "training", FileKind::kCsv);
    AddFileRoute(
        router, "/api/v1/training/totals.xlsx",
        [&training](Request& request) { return TotalsFile(training, request, true); },
        "人材育成 of a 年度 as XLSX (sheets 研修受講者数 and 講座, 和暦 heading, frozen header); the export right "
        "asked, audited as an export with its row count",
        "training", FileKind::kXlsx);

    AddSignedInRoute(router, "POST", "/api/v1/training/courses",
                     [&training](Request& request) {
                         auto course = BodyAs(request, CourseFromJson);
                         if (!course) return Response::ErrorJson(course.error());
                         return ReplyWith(training.AddCourse(ActorOf(request), *course), CourseJson, 201);
                     },
                     {.summary = "Adds a training course of a kind and 年度",
                      .tag = "training",
                      .request_body = schema::Object({{"name", schema::String()},
                                                      {"kind", KindSchema()},
                                                      {"fiscal_year", schema::Integer()},
                                                      {"organizer", schema::String()},
                                                      {"audience", schema::String()}},
                                                     {"name", "kind", "fiscal_year"}),
                      .response_body = CourseSchema(),
                      .success_status = 201});

    AddSignedInRoute(
        router, "GET", "/api/v1/training/courses/{id}", ById([&training](Request& request, std::int64_t id) {
            auto view = training.Course(ActorOf(request), TrainingCourseId{id});
            if (!view) return Response::ErrorJson(view.error());
            Json json = CourseJson(view->course);
            Json sessions = Json::array();
            for (const TrainingSession& session : view->sessions) sessions.push_back(SessionJson(session));
            Json attendees = Json::array();
            for (const TrainingAttendee& attendee : view->attendees) attendees.push_back(AttendeeJson(attendee));
            json["sessions"] = std::move(sessions);
            json["attendees"] = std::move(attendees);
            json["counts"] = CountsJson(view->counts);
            return Response::Json(200, json);
        }),
        {.summary = "One course with its sessions, its named attendees and its counts (the read is audited)",
         .tag = "training",
         .response_body = [] {
             Json view = CourseSchema();
             view["properties"]["sessions"] = schema::ArrayOf(SessionSchema());
             view["properties"]["attendees"] = schema::ArrayOf(AttendeeSchema());
             view["properties"]["counts"] = CountsSchema();
             return view;
         }()});

    AddSignedInRoute(
        router, "POST", "/api/v1/training/courses/{id}/sessions", ById([&training](Request& request, std::int64_t id) {
            auto session = BodyAs(request, SessionFromJson, TrainingCourseId{id});
            if (!session) return Response::ErrorJson(session.error());
            return ReplyWith(training.AddSession(ActorOf(request), *session), SessionJson, 201);
        }),
        {.summary =
             "Records a session (date within the course's 年度, place, hours) with the 市民 and 専門職 counted only",
         .tag = "training",
         .request_body = schema::Object({{"held_on", DateString()},
                                         {"place", schema::String()},
                                         {"hours", Json{{"type", "number"}}},
                                         {"citizens", schema::Integer()},
                                         {"professionals", schema::Integer()}},
                                        {"held_on", "hours"}),
         .response_body = SessionSchema(),
         .success_status = 201});

    AddSignedInRoute(
        router, "POST", "/api/v1/training/courses/{id}/attendees", ById([&training](Request& request, std::int64_t id) {
            auto attendee = BodyAs(request, AttendeeFromJson, TrainingCourseId{id});
            if (!attendee) return Response::ErrorJson(attendee.error());
            return ReplyWith(training.AddAttendee(ActorOf(request), *attendee), AttendeeJson, 201);
        }),
        {.summary =
             "Adds a named attendee (a user of the town, user_id, or a name) as 市民 or 専門職 with the sessions "
             "attended; completed only for one who attended",
         .tag = "training",
         .request_body = schema::Object({{"user_id", NullableInteger()},
                                         {"name", schema::String()},
                                         {"type", EnumSchema({"citizen", "professional"})},
                                         {"session_ids", schema::ArrayOf(schema::Integer())},
                                         {"completed", schema::Boolean()}},
                                        {"type"}),
         .response_body = AttendeeSchema(),
         .success_status = 201});

    AddSignedInRoute(router, "PUT", "/api/v1/training/attendees/{id}/completion",
                     ById([&training](Request& request, std::int64_t id) {
                         auto body = JsonBody(request);
                         if (!body) return Response::ErrorJson(body.error());
                         if (!body->contains("completed") || !(*body)["completed"].is_boolean()) {
                             return Response::ErrorJson(
                                 Error::InvalidArgument("completed を true か false で指定してください", "completed"));
                         }
                         const auto completion = (*body)["completed"].get<bool>() ? domain::Completion::kCompleted
                                                                                  : domain::Completion::kNotCompleted;
                         return ReplyWith(training.SetCompletion(ActorOf(request), TrainingAttendeeId{id}, completion),
                                          AttendeeJson);
                     }),
                     {.summary = "Sets an attendee's 修了; refused for one who attended no session",
                      .tag = "training",
                      .request_body = schema::Object({{"completed", schema::Boolean()}}, {"completed"}),
                      .response_body = AttendeeSchema()});
}

}  // namespace kasane::http::api
