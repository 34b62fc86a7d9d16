// SPDX-License-Identifier: Apache-2.0
// 民生委員の活動記録 (issue 15, item 4), in Japanese:
//   GET  /commissioner-activity                      her month's form (the month being finished, or ?month=), and
//                                                    for staff the 民児協 in their charge and the town's total
//   GET  /commissioner-activity/commissioners/{id}   a commissioner's month (herself, or her 民児協's staff in charge
//                                                    entering a paper 活動記録)
//   POST /commissioner-activity/commissioners/{id}   saves the month; errors beside the fields, nothing saved
//   GET  /commissioner-activity/councils/{id}        the 民児協 roll-up of a month
//   GET  /commissioner-activity/total                the municipality's total for the 福祉行政報告例, with its files
//   GET  /commissioner-activity/commissioners/{id}/notes, POST …/notes   notes on individuals (herself and the staff)
// Each handler calls one use case of domain::CommissionerActivityService; the decisions are the policy's.

#include "web/commissioner_activity_pages.hpp"

#include <charconv>
#include <map>

#include "base/japan_time.hpp"
#include "web/page_context.hpp"
#include "web/page_routes.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"

namespace kasane::web {

namespace {

using domain::ActivityMonth;
using domain::CommissionerActivityService;
using nlohmann::json;
using std::chrono::year_month;

struct Services {
    CommissionerActivityService& activity;
    domain::Directory& directory;
    const Clock& clock;
};

Result<year_month> MonthQuery(const http::Request& request, std::string_view name, const Clock& clock) {
    const auto text = request.QueryParam(name);
    if (!text || text->empty()) return domain::DefaultActivityMonth(TodayInJapan(clock));
    return domain::ParseMonthCode(*text, name);
}

std::string NameOf(Services& services, const http::Request& request, UserId user_id) {
    auto user = services.directory.GetUser(*request.principal, user_id);
    return user ? user->display_name : "（不明な利用者）";
}

// The form's groups, each with its items: code, label, the value shown and the error beside it.
json GroupsJson(const std::map<std::string, std::string, std::less<>>& values, const json& errors) {
    json groups = json::array();
    for (const domain::ActivityItem& item : domain::kActivityItems) {
        const std::string label(domain::ActivityGroupLabel(item.group));
        if (groups.empty() || groups.back()["label"] != label) {
            groups.push_back({{"label", label}, {"items", json::array()}});
        }
        const std::string code(item.code);
        const auto value = values.find(code);
        json entry = {{"code", code},
                      {"label", item.label},
                      {"value", value == values.end() ? "0" : value->second},
                      {"max", item.code == "activity_days" ? 31 : domain::kMaxActivityCount}};
        if (errors.contains(code)) entry["error"] = errors[code];
        groups.back()["items"].push_back(std::move(entry));
    }
    return groups;
}

http::Response ShowMonth(Services& services, const http::Request& request, const domain::CommissionerMonthView& view,
                         const std::map<std::string, std::string, std::less<>>& values, json errors, int status,
                         bool saved) {
    errors["_any"] = errors.contains("_summary") && !errors["_summary"].empty();
    const bool herself = view.commissioner.user_id == request.principal->user.id;
    json data = {{"commissioner_id", view.commissioner.user_id},
                 {"commissioner_name", NameOf(services, request, view.commissioner.user_id)},
                 {"herself", herself},
                 {"month", domain::MonthCode(view.month.month)},
                 {"month_label", domain::MonthLabel(view.month.month)},
                 {"recorded", view.month.version > 0},
                 {"version", view.month.version},
                 {"groups", GroupsJson(values, errors)},
                 {"errors", std::move(errors)},
                 {"saved", saved},
                 {"council_id", view.month.council_id},
                 {"has_council", view.month.council_id != 0}};
    auto district = services.directory.GetArea(*request.principal, view.commissioner.district_area_id);
    data["district"] = district ? district->name : "";
    return RenderPage(request, "民生委員の活動記録", "commissioner_month", std::move(data), status);
}

std::map<std::string, std::string, std::less<>> ValuesOf(const ActivityMonth& month) {
    std::map<std::string, std::string, std::less<>> values;
    for (const auto& [code, count] : month.counts) values[code] = std::to_string(count);
    return values;
}

http::Response MonthPage(Services& services, const http::Request& request, UserId commissioner) {
    auto month = MonthQuery(request, "month", services.clock);
    if (!month) return RenderErrorPage(request, month.error());
    auto view = services.activity.Month(ActorOf(request), commissioner, *month);
    if (!view) return RenderErrorPage(request, view.error());
    return ShowMonth(services, request, *view, ValuesOf(view->month), json::object(), 200,
                     request.QueryParam("saved").has_value());
}

http::Response Home(Services& services, const http::Request& request) {
    auto standing = services.activity.Standing(ActorOf(request));
    if (!standing) return RenderErrorPage(request, standing.error());
    if (standing->self) return MonthPage(services, request, standing->self->user_id);
    auto month = MonthQuery(request, "month", services.clock);
    if (!month) return RenderErrorPage(request, month.error());
    json councils = json::array();
    for (const domain::CommissionerCouncilId id : standing->roll_ups) {
        if (const auto* council = standing->CouncilOf(id)) councils.push_back({{"id", id}, {"name", council->name}});
    }
    json commissioners = json::array();
    for (const domain::Commissioner& commissioner : standing->commissioners_in_charge) {
        commissioners.push_back(
            {{"id", commissioner.user_id}, {"name", NameOf(services, request, commissioner.user_id)}});
    }
    json data = {{"month", domain::MonthCode(*month)},
                 {"month_label", domain::MonthLabel(*month)},
                 {"has_councils", !councils.empty()},
                 {"has_commissioners", !commissioners.empty()},
                 {"councils", std::move(councils)},
                 {"commissioners", std::move(commissioners)},
                 {"municipal_total", standing->municipal_total},
                 {"nothing", standing->roll_ups.empty() && !standing->municipal_total}};
    return RenderPage(request, "民生委員の活動記録", "commissioner_activity", std::move(data));
}

http::Response CommissionerPage(Services& services, const http::Request& request) {
    const auto id = ParseId<UserId>(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    return MonthPage(services, request, *id);
}

http::Response SaveMonth(Services& services, const http::Request& request) {
    const auto id = ParseId<UserId>(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    const std::string month_text = FormField(request, "month");
    auto month = domain::ParseMonthCode(month_text, "month");
    if (!month) return RenderErrorPage(request, month.error());
    // The month as it stands, to show the form again on an error (and to refuse one the user may not write).
    auto current = services.activity.Month(ActorOf(request), *id, *month);
    if (!current) return RenderErrorPage(request, current.error());
    std::map<std::string, std::string, std::less<>> values;
    ActivityMonth entry{.user_id = *id, .month = *month};
    json errors = json::object();
    std::vector<std::string_view> fields;
    for (const domain::ActivityItem& item : domain::kActivityItems) fields.push_back(item.code);
    for (const domain::ActivityItem& item : domain::kActivityItems) {
        const std::string code(item.code);
        std::string text = Trim(FormField(request, code));
        values[code] = text;
        if (text.empty()) continue;  // an empty box counts 0
        int count = 0;
        const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), count);
        if (error != std::errc{} || end != text.data() + text.size()) {
            AddFieldError(
                errors,
                Error::InvalidArgument(std::string(item.label) + "は0以上の整数（半角数字）で入力してください", code),
                fields);
            continue;
        }
        entry.counts[code] = count;
    }
    if (!errors.empty()) return ShowMonth(services, request, *current, values, std::move(errors), 400, false);
    int version = 0;
    const std::string version_text = FormField(request, "version");
    std::from_chars(version_text.data(), version_text.data() + version_text.size(), version);
    auto saved = services.activity.RecordMonth(ActorOf(request), *id, std::move(entry), version);
    if (!saved) {
        const Error& error = saved.error();
        if (!error.Is(ErrorCode::kInvalidArgument) && !error.Is(ErrorCode::kConflict)) {
            return RenderErrorPage(request, error);
        }
        AddFieldError(errors, error, fields);
        return ShowMonth(services, request, *current, values, std::move(errors),
                         error.Is(ErrorCode::kConflict) ? 409 : 400, false);
    }
    return http::Response::Redirect("/commissioner-activity/commissioners/" + std::to_string(*id) +
                                    "?month=" + domain::MonthCode(*month) + "&saved=1");
}

json TotalsRows(const domain::ActivityTotals& totals,
                const std::vector<std::pair<domain::CommissionerCouncil, domain::ActivityTotals>>* councils) {
    json rows = json::array();
    for (const domain::ActivityItem& item : domain::kActivityItems) {
        json row = {{"group", domain::ActivityGroupLabel(item.group)},
                    {"label", item.label},
                    {"code", item.code},
                    {"total", totals.Count(item.code)},
                    {"councils", json::array()}};
        if (councils != nullptr) {
            for (const auto& [council, of_council] : *councils) row["councils"].push_back(of_council.Count(item.code));
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

http::Response CouncilPage(Services& services, const http::Request& request) {
    const auto id = ParseId<UserId>(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    auto month = MonthQuery(request, "month", services.clock);
    if (!month) return RenderErrorPage(request, month.error());
    auto roll_up = services.activity.CouncilMonth(ActorOf(request), *id, *month);
    if (!roll_up) return RenderErrorPage(request, roll_up.error());
    json members = json::array();
    for (const domain::CouncilMember& member : roll_up->members) {
        members.push_back({{"id", member.user_id}, {"name", member.name}, {"recorded", member.recorded}});
    }
    json data = {{"council", {{"id", roll_up->council.id}, {"name", roll_up->council.name}}},
                 {"month", domain::MonthCode(*month)},
                 {"month_label", domain::MonthLabel(*month)},
                 {"previous", domain::MonthCode(*month - std::chrono::months{1})},
                 {"rows", TotalsRows(roll_up->totals, nullptr)},
                 {"member_count", roll_up->member_count},
                 {"recorded_count", roll_up->recorded_count},
                 {"members", std::move(members)},
                 {"shows_members", !roll_up->members.empty()}};
    return RenderPage(request, "民児協の集計", "commissioner_council", std::move(data));
}

http::Response TotalPage(Services& services, const http::Request& request) {
    auto to = MonthQuery(request, "to", services.clock);
    if (!to) return RenderErrorPage(request, to.error());
    auto from = request.QueryParam("from") ? MonthQuery(request, "from", services.clock)
                                           : Result<year_month>(domain::FiscalYearStartOf(*to));
    if (!from) return RenderErrorPage(request, from.error());
    auto total = services.activity.MunicipalTotal(ActorOf(request), *from, *to);
    if (!total) return RenderErrorPage(request, total.error());
    json councils = json::array();
    for (const auto& [council, totals] : total->councils) councils.push_back({{"name", council.name}});
    const std::string query = "from=" + domain::MonthCode(*from) + "&to=" + domain::MonthCode(*to);
    json data = {{"from", domain::MonthCode(*from)},
                 {"to", domain::MonthCode(*to)},
                 {"from_label", domain::MonthLabel(*from)},
                 {"to_label", domain::MonthLabel(*to)},
                 {"councils", std::move(councils)},
                 {"rows", TotalsRows(total->totals, &total->councils)},
                 {"reporters", total->totals.reporters.size()},
                 {"commissioner_count", total->commissioner_count},
                 {"csv_utf8_href", "/api/v1/commissioner-activity/total.csv?" + query + "&encoding=utf-8"},
                 {"csv_sjis_href", "/api/v1/commissioner-activity/total.csv?" + query + "&encoding=windows-31j"},
                 {"xlsx_href", "/api/v1/commissioner-activity/total.xlsx?" + query}};
    return RenderPage(request, "福祉行政報告例（民生委員の活動）", "commissioner_total", std::move(data));
}

http::Response ShowNotes(Services& services, const http::Request& request, UserId commissioner, json form, json errors,
                         int status) {
    auto notes = services.activity.Notes(ActorOf(request), commissioner);
    if (!notes) return RenderErrorPage(request, notes.error());
    json rows = json::array();
    for (const domain::CommissionerNote& note : *notes) {
        rows.push_back({{"noted_on", FormatWareki(note.noted_on)}, {"subject", note.subject}, {"body", note.body}});
    }
    errors["_any"] = errors.contains("_summary") && !errors["_summary"].empty();
    json data = {{"commissioner_id", commissioner},
                 {"commissioner_name", NameOf(services, request, commissioner)},
                 {"herself", commissioner == request.principal->user.id},
                 {"notes", std::move(rows)},
                 {"form", std::move(form)},
                 {"errors", std::move(errors)}};
    return RenderPage(request, "個人の記録（民生委員）", "commissioner_notes", std::move(data), status);
}

http::Response NotesPage(Services& services, const http::Request& request) {
    const auto id = ParseId<UserId>(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    return ShowNotes(services, request, *id, {{"noted_on", IsoDate(TodayInJapan(services.clock))}}, json::object(),
                     200);
}

http::Response AddNote(Services& services, const http::Request& request) {
    const auto id = ParseId<UserId>(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    const json form = {{"noted_on", FormField(request, "noted_on")},
                       {"subject", FormField(request, "subject")},
                       {"body", FormField(request, "body")}};
    const std::vector<std::string_view> fields = {"noted_on", "subject", "body"};
    json errors = json::object();
    auto noted_on = ParseJapaneseDate(form["noted_on"].get<std::string>(), "noted_on");
    if (!noted_on) {
        AddFieldError(errors, noted_on.error(), fields);
        return ShowNotes(services, request, *id, form, std::move(errors), 400);
    }
    if (*id != request.principal->user.id) {
        return RenderErrorPage(request, Error::PermissionDenied("個人の記録は民生委員本人だけが書けます"));
    }
    auto saved = services.activity.AddNote(ActorOf(request), {.noted_on = *noted_on,
                                                              .subject = Trim(form["subject"].get<std::string>()),
                                                              .body = form["body"].get<std::string>()});
    if (!saved) {
        if (!saved.error().Is(ErrorCode::kInvalidArgument) && !saved.error().Is(ErrorCode::kPayloadTooLarge)) {
            return RenderErrorPage(request, saved.error());
        }
        AddFieldError(errors, saved.error(), fields);
        return ShowNotes(services, request, *id, form, std::move(errors), 400);
    }
    return http::Response::Redirect("/commissioner-activity/commissioners/" + std::to_string(*id) + "/notes");
}

}  // namespace

void AddCommissionerActivityPages(http::Router& router, CommissionerActivityService& activity,
                                  domain::Directory& directory, const Clock& clock) {
    auto services = std::make_shared<Services>(Services{activity, directory, clock});
    const auto add = SignedInPageAdder(router, services);
    add("GET", "/commissioner-activity", Home);
    add("GET", "/commissioner-activity/commissioners/{id}", CommissionerPage);
    add("POST", "/commissioner-activity/commissioners/{id}", SaveMonth);
    add("GET", "/commissioner-activity/councils/{id}", CouncilPage);
    add("GET", "/commissioner-activity/total", TotalPage);
    add("GET", "/commissioner-activity/commissioners/{id}/notes", NotesPage);
    add("POST", "/commissioner-activity/commissioners/{id}/notes", AddNote);
}

}  // namespace kasane::web
