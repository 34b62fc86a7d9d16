// SPDX-License-Identifier: Apache-2.0
// 人材育成 (issue 17, item 9), in Japanese:
//   GET  /training?year=令和4年度                 the 年度's courses and totals (研修受講者数)
//   GET  /training/courses/new?year=2022         a new course
//   POST /training/courses
//   GET  /training/courses/{id}                  a course: its sessions and named attendees, the forms
//   POST /training/courses/{id}/sessions         a session (date, place, hours, 市民・専門職 counted)
//   POST /training/courses/{id}/attendees        a named attendee with the sessions attended
//   POST /training/attendees/{id}/completion     修了 (or not)
// Each handler calls one use case of domain::TrainingService; the service decides who may do what.

#include "web/training_pages.hpp"

#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "base/japanese_date.hpp"
#include "web/page_context.hpp"
#include "web/page_routes.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"

namespace kasane::web {

namespace {

using nlohmann::json;

struct Services {
    domain::TrainingService& training;
    domain::Directory& directory;
};

json CountsJson(const domain::TraineeCounts& counts) {
    return json{{"total", counts.total},    {"citizens", counts.citizens},   {"professionals", counts.professionals},
                {"real", counts.real},      {"completed", counts.completed}, {"sessions", counts.sessions},
                {"courses", counts.courses}};
}

std::string HoursText(long long minutes) {
    if (minutes % 60 == 0) return std::to_string(minutes / 60);
    char text[32];
    std::snprintf(text, sizeof text, "%.2g", static_cast<double>(minutes) / 60.0);
    return text;
}

// A count typed in a form: digits (empty is 0); `valid` false for anything else. A minus sign is kept, so that the
// domain's rule refuses a negative count with its own message.
long long CountOf(const std::string& text, bool& valid) {
    const std::string trimmed = Trim(text);
    if (trimmed.empty()) return 0;
    std::size_t i = trimmed[0] == '-' ? 1 : 0;
    if (i == trimmed.size()) valid = false;
    long long value = 0;
    for (; i < trimmed.size(); ++i) {
        if (trimmed[i] < '0' || trimmed[i] > '9' || value > 1'000'000'000) {
            valid = false;
            return 0;
        }
        value = value * 10 + (trimmed[i] - '0');
    }
    return trimmed[0] == '-' ? -value : value;
}

// --- the 年度 ----------------------------------------------------------------------------------------------------

http::Response YearPage(Services& services, const http::Request& request) {
    const FormFields query = QueryFields(request);
    int year = services.training.CurrentFiscalYear();
    if (const std::string text = Trim(FieldOf(query, "year")); !text.empty()) {
        auto parsed = ParseFiscalYear(text, "年度");
        if (!parsed) return RenderErrorPage(request, Error::InvalidArgument(parsed.error().message, "year"));
        year = *parsed;
    }
    auto view = services.training.Year(ActorOf(request), year);
    if (!view) return RenderErrorPage(request, view.error());
    json courses = json::array();
    for (const domain::TrainingCourseRow& row : view->courses) {
        courses.push_back({{"id", row.course.id.value()},
                           {"name", row.course.name},
                           {"kind", domain::CourseKindLabel(row.course.kind)},
                           {"organizer", row.course.organizer},
                           {"counts", CountsJson(row.counts)}});
    }
    json kinds = json::array();
    for (const auto& [kind, counts] : view->totals.by_kind) {
        json row = CountsJson(counts);
        row["label"] = domain::CourseKindLabel(kind);
        kinds.push_back(std::move(row));
    }
    const bool has_courses = !courses.empty();
    json data = {{"year", year},
                 {"has_courses", has_courses},
                 {"year_label", FiscalYearLabel(year)},
                 {"totals", CountsJson(view->totals.all)},
                 {"kinds", std::move(kinds)},
                 {"courses", std::move(courses)},
                 {"may_edit", view->may_edit},
                 {"saved", query.contains("saved")}};
    return RenderPage(request, "人材育成", "training", std::move(data));
}

// --- a course ----------------------------------------------------------------------------------------------------

constexpr std::string_view kCourseFields[] = {"name", "kind", "fiscal_year", "organizer", "audience"};

http::Response ShowCourseForm(const http::Request& request, json form, json errors, int status) {
    errors["_any"] = errors.contains("_summary") && !errors["_summary"].empty();
    const std::string kind = form.value("kind", "basic");
    json data = {
        {"form", std::move(form)},
        {"errors", std::move(errors)},
        {"kinds", EnumOptions(domain::kAllCourseKinds, domain::CourseKindCode, domain::CourseKindLabel, kind)}};
    return RenderPage(request, "研修の講座を加える", "training_course_form", std::move(data), status);
}

http::Response NewCoursePage(Services& services, const http::Request& request) {
    const FormFields query = QueryFields(request);
    std::string year = FieldOf(query, "year");
    if (year.empty()) year = FiscalYearLabel(services.training.CurrentFiscalYear());
    return ShowCourseForm(
        request, json{{"name", ""}, {"kind", "basic"}, {"fiscal_year", year}, {"organizer", ""}, {"audience", ""}},
        json::object(), 200);
}

http::Response SaveCourse(Services& services, const http::Request& request) {
    json form = json::object();
    for (const std::string_view name : kCourseFields) form[std::string(name)] = FormField(request, name);
    json errors = json::object();
    domain::TrainingCourse course{.name = Trim(form["name"].get<std::string>()),
                                  .organizer = Trim(form["organizer"].get<std::string>()),
                                  .audience = Trim(form["audience"].get<std::string>())};
    const auto kind = domain::ParseCourseKind(form["kind"].get<std::string>());
    if (!kind) AddFieldError(errors, Error::InvalidArgument("種類を選んでください", "kind"), {"kind"});
    auto year = ParseFiscalYear(Trim(form["fiscal_year"].get<std::string>()), "年度");
    if (!year) {
        AddFieldError(errors, Error::InvalidArgument(year.error().message, "fiscal_year"), {"fiscal_year"});
    }
    if (!errors.empty()) return ShowCourseForm(request, std::move(form), std::move(errors), 400);
    course.kind = *kind;
    course.fiscal_year = *year;
    auto saved = services.training.AddCourse(ActorOf(request), course);
    if (!saved) {
        if (!saved.error().Is(ErrorCode::kInvalidArgument)) return RenderErrorPage(request, saved.error());
        AddFieldError(errors, saved.error(), {"name", "kind", "fiscal_year", "organizer", "audience"});
        return ShowCourseForm(request, std::move(form), std::move(errors), 400);
    }
    return http::Response::Redirect("/training/courses/" + std::to_string(saved->id.value()));
}

struct CourseForms {
    json session = json{{"held_on", ""}, {"place", ""}, {"hours", ""}, {"citizens", "0"}, {"professionals", "0"}};
    json session_errors = json::object();
    json attendee = json{{"name", ""}, {"user_id", ""}, {"type", "citizen"}, {"completed", false}};
    json attendee_errors = json::object();
    std::set<std::int64_t> attendee_sessions;
};

http::Response ShowCourse(Services& services, const http::Request& request, TrainingCourseId id, CourseForms forms,
                          int status) {
    auto view = services.training.Course(ActorOf(request), id);
    if (!view) return RenderErrorPage(request, view.error());
    std::map<TrainingSessionId, std::string> session_labels;
    json sessions = json::array();
    json session_choices = json::array();
    int number = 0;
    for (const domain::TrainingSession& session : view->sessions) {
        const std::string label = "第" + std::to_string(++number) + "回（" + FormatWareki(session.held_on) + "）";
        session_labels[session.id] = "第" + std::to_string(number) + "回";
        sessions.push_back({{"label", label},
                            {"place", session.place},
                            {"hours", HoursText(session.minutes)},
                            {"citizens", session.citizens},
                            {"professionals", session.professionals}});
        session_choices.push_back({{"id", session.id.value()},
                                   {"label", label},
                                   {"checked", forms.attendee_sessions.contains(session.id.value())}});
    }
    json attendees = json::array();
    for (const domain::TrainingAttendee& attendee : view->attendees) {
        std::string attended;
        for (const TrainingSessionId session : attendee.sessions) {
            attended += (attended.empty() ? "" : "・") + session_labels[session];
        }
        const bool completed = attendee.completion == domain::Completion::kCompleted;
        attendees.push_back({{"id", attendee.id.value()},
                             {"name", attendee.name},
                             {"staff", attendee.user_id.has_value()},
                             {"type", domain::TraineeTypeLabel(attendee.type)},
                             {"attended", attended.empty() ? "（出席なし）" : attended},
                             {"completed", completed},
                             {"toggle", completed ? "0" : "1"}});
    }
    json users = json::array();
    if (auto listed = services.directory.Users(*request.principal)) {
        const std::string chosen = forms.attendee.value("user_id", "");
        for (const domain::User& user : *listed) {
            const std::string value = std::to_string(user.id.value());
            users.push_back({{"value", value}, {"label", user.display_name}, {"selected", value == chosen}});
        }
    }
    forms.session_errors["_any"] = forms.session_errors.contains("_summary");
    forms.attendee_errors["_any"] = forms.attendee_errors.contains("_summary");
    const std::string type = forms.attendee.value("type", "citizen");
    const bool has_sessions = !sessions.empty();
    const bool has_attendees = !attendees.empty();
    json data = {
        {"has_sessions", has_sessions},
        {"has_attendees", has_attendees},
        {"course",
         {{"id", view->course.id.value()},
          {"name", view->course.name},
          {"kind", domain::CourseKindLabel(view->course.kind)},
          {"year_label", FiscalYearLabel(view->course.fiscal_year)},
          {"year", view->course.fiscal_year},
          {"organizer", view->course.organizer},
          {"audience", view->course.audience}}},
        {"counts", CountsJson(view->counts)},
        {"sessions", std::move(sessions)},
        {"session_choices", std::move(session_choices)},
        {"attendees", std::move(attendees)},
        {"users", std::move(users)},
        {"types", EnumOptions(domain::kAllTraineeTypes, domain::TraineeTypeCode, domain::TraineeTypeLabel, type)},
        {"session_form", std::move(forms.session)},
        {"session_errors", std::move(forms.session_errors)},
        {"attendee_form", std::move(forms.attendee)},
        {"attendee_errors", std::move(forms.attendee_errors)},
        {"may_edit", view->may_edit}};
    return RenderPage(request, "人材育成：" + view->course.name, "training_course", std::move(data), status);
}

http::Response CoursePage(Services& services, const http::Request& request) {
    const auto id = ParseId(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    return ShowCourse(services, request, TrainingCourseId{*id}, CourseForms{}, 200);
}

constexpr std::string_view kSessionFields[] = {"held_on", "place", "hours", "citizens", "professionals"};

http::Response SaveSession(Services& services, const http::Request& request) {
    const auto id = ParseId(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    CourseForms forms;
    for (const std::string_view name : kSessionFields) forms.session[std::string(name)] = FormField(request, name);
    json& errors = forms.session_errors;
    domain::TrainingSession session{.course_id = TrainingCourseId{*id},
                                    .place = Trim(forms.session["place"].get<std::string>())};
    auto held_on = ParseJapaneseDate(Trim(forms.session["held_on"].get<std::string>()), "開催日");
    if (!held_on) AddFieldError(errors, Error::InvalidArgument(held_on.error().message, "held_on"), {"held_on"});
    const std::string hours_text = Trim(forms.session["hours"].get<std::string>());
    char* end = nullptr;
    const double hours = hours_text.empty() ? 0.0 : std::strtod(hours_text.c_str(), &end);
    if (hours_text.empty() || end == nullptr || *end != '\0' || !std::isfinite(hours)) {
        AddFieldError(errors, Error::InvalidArgument("時間は 1.5 のように数字で入力してください", "hours"), {"hours"});
    } else {
        session.minutes = std::llround(hours * 60.0);
    }
    for (auto [name, target] :
         {std::pair{"citizens", &session.citizens}, std::pair{"professionals", &session.professionals}}) {
        bool valid = true;
        *target = CountOf(forms.session[name].get<std::string>(), valid);
        if (!valid) AddFieldError(errors, Error::InvalidArgument("人数は数字で入力してください", name), {name});
    }
    if (errors.empty()) {
        session.held_on = *held_on;
        auto saved = services.training.AddSession(ActorOf(request), session);
        if (saved) return http::Response::Redirect("/training/courses/" + std::to_string(*id) + "?saved=session");
        if (!saved.error().Is(ErrorCode::kInvalidArgument)) return RenderErrorPage(request, saved.error());
        AddFieldError(errors, saved.error(), {"held_on", "place", "hours", "citizens", "professionals"});
    }
    return ShowCourse(services, request, TrainingCourseId{*id}, std::move(forms), 400);
}

http::Response SaveAttendee(Services& services, const http::Request& request) {
    const auto id = ParseId(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    auto view = services.training.Course(ActorOf(request), TrainingCourseId{*id});
    if (!view) return RenderErrorPage(request, view.error());
    CourseForms forms;
    for (const char* name : {"name", "user_id", "type"}) forms.attendee[name] = FormField(request, name);
    forms.attendee["completed"] = FormField(request, "completed") == "1";
    domain::TrainingAttendee attendee{.course_id = TrainingCourseId{*id},
                                      .user_id = ParseId<UserId>(forms.attendee["user_id"].get<std::string>()),
                                      .name = Trim(forms.attendee["name"].get<std::string>())};
    for (const domain::TrainingSession& session : view->sessions) {
        if (FormField(request, "session_" + std::to_string(session.id.value())) == "1") {
            attendee.sessions.push_back(session.id);
            forms.attendee_sessions.insert(session.id.value());
        }
    }
    attendee.completion =
        forms.attendee["completed"].get<bool>() ? domain::Completion::kCompleted : domain::Completion::kNotCompleted;
    json& errors = forms.attendee_errors;
    const auto type = domain::ParseTraineeType(forms.attendee["type"].get<std::string>());
    if (!type) {
        AddFieldError(errors, Error::InvalidArgument("市民か専門職かを選んでください", "type"), {"type"});
    } else {
        attendee.type = *type;
        auto saved = services.training.AddAttendee(ActorOf(request), attendee);
        if (saved) return http::Response::Redirect("/training/courses/" + std::to_string(*id) + "?saved=attendee");
        if (!saved.error().Is(ErrorCode::kInvalidArgument)) return RenderErrorPage(request, saved.error());
        AddFieldError(errors, saved.error(), {"name", "user_id", "type", "session_ids", "completion"});
    }
    return ShowCourse(services, request, TrainingCourseId{*id}, std::move(forms), 400);
}

http::Response SaveCompletion(Services& services, const http::Request& request) {
    const auto id = ParseId(request.PathParam("id"));
    const auto course = ParseId(FormField(request, "course_id"));
    if (!id || !course) return RenderErrorPage(request, Error::NotFound());
    const auto completion =
        FormField(request, "completed") == "1" ? domain::Completion::kCompleted : domain::Completion::kNotCompleted;
    auto saved = services.training.SetCompletion(ActorOf(request), TrainingAttendeeId{*id}, completion);
    if (!saved) {
        if (!saved.error().Is(ErrorCode::kInvalidArgument)) return RenderErrorPage(request, saved.error());
        CourseForms forms;
        AddFieldError(forms.attendee_errors, saved.error(), {"completion"});
        return ShowCourse(services, request, TrainingCourseId{*course}, std::move(forms), 400);
    }
    return http::Response::Redirect("/training/courses/" + std::to_string(saved->course_id.value()));
}

}  // namespace

void AddTrainingPages(http::Router& router, domain::TrainingService& training, domain::Directory& directory) {
    const auto add = SignedInPageAdder(router, std::make_shared<Services>(Services{training, directory}));
    add("GET", "/training", YearPage);
    add("GET", "/training/courses/new", NewCoursePage);
    add("POST", "/training/courses", SaveCourse);
    add("GET", "/training/courses/{id}", CoursePage);
    add("POST", "/training/courses/{id}/sessions", SaveSession);
    add("POST", "/training/courses/{id}/attendees", SaveAttendee);
    add("POST", "/training/attendees/{id}/completion", SaveCompletion);
}

}  // namespace kasane::web
