// SPDX-License-Identifier: Apache-2.0
// 民生委員の活動記録 (issue 15, item 4): a commissioner's month, the 民児協 roll-up, the municipality's total for the
// 福祉行政報告例 as JSON and as a file (CSV UTF-8 with BOM / Windows-31J, XLSX), notes on individuals, and the
// administrators' set-up of 民児協 and assignments. Each handler parses, calls one use case of
// domain::CommissionerActivityService and maps its Result; the decisions are the access policy's.

#include "http/api/commissioner_activity.hpp"

#include "base/csv.hpp"
#include "base/japan_time.hpp"
#include "http/api/common.hpp"
#include "http/api/file_response.hpp"
#include "http/api/json_fields.hpp"
#include "http/api/time_json.hpp"

namespace kasane::http::api {

namespace {

using domain::ActivityMonth;
using domain::CommissionerActivityService;
using std::chrono::year_month;

Json CountsJson(const std::map<std::string, long long, std::less<>>& counts) {
    Json json = Json::object();
    for (const domain::ActivityItem& item : domain::kActivityItems) {
        const auto found = counts.find(item.code);
        json[std::string(item.code)] = found == counts.end() ? 0 : found->second;
    }
    return json;
}

Json MonthJson(const domain::CommissionerMonthView& view) {
    std::map<std::string, long long, std::less<>> counts;
    for (const auto& [code, count] : view.month.counts) counts[code] = count;
    return Json{{"user_id", view.commissioner.user_id}, {"district_area_id", view.commissioner.district_area_id},
                {"council_id", view.month.council_id},  {"month", domain::MonthCode(view.month.month)},
                {"recorded", view.month.version > 0},   {"version", view.month.version},
                {"counts", CountsJson(counts)},         {"basis", view.basis}};
}

Json CouncilJson(const domain::CommissionerCouncil& council) {
    return Json{{"id", council.id},
                {"name", council.name},
                {"staff_user_id", council.staff_user_id ? Json(*council.staff_user_id) : Json(nullptr)}};
}

Json TotalsJson(const domain::ActivityTotals& totals) {
    return Json{{"counts", CountsJson(totals.counts)},
                {"months", totals.months},
                {"reporters", static_cast<int>(totals.reporters.size())}};
}

Result<year_month> MonthParam(const Request& request, std::string_view name, const Clock& clock) {
    const auto text = request.QueryParam(name);
    if (!text) return domain::DefaultActivityMonth(TodayInJapan(clock));
    return domain::ParseMonthCode(*text, name);
}

Result<std::int64_t> PathIdNamed(const Request& request, std::string_view name) { return PathId(request, name); }

// {"month": "2024-04", "version": 0, "counts": {"visits": 3, ...}}: every count a whole number.
Result<std::pair<ActivityMonth, int>> MonthBody(const Json& body) {
    ActivityMonth month;
    if (!body.contains("month") || !body["month"].is_string()) {
        return Fail(Error::InvalidArgument("month（2024-04 の形）を指定してください", "month"));
    }
    auto parsed = domain::ParseMonthCode(body["month"].get<std::string>(), "month");
    if (!parsed) return Fail(parsed.error());
    month.month = *parsed;
    int version = 0;
    if (body.contains("version")) {
        if (!body["version"].is_number_integer()) return Fail(Error::InvalidArgument("version は整数です", "version"));
        version = Narrow(body["version"].get<std::int64_t>());
    }
    if (!body.contains("counts") || !body["counts"].is_object()) {
        return Fail(Error::InvalidArgument("counts を指定してください", "counts"));
    }
    for (const auto& [code, value] : body["counts"].items()) {
        if (!value.is_number_integer()) {
            return Fail(Error::InvalidArgument(code + " は0以上の整数で指定してください", code));
        }
        month.counts[code] = Narrow(value.get<std::int64_t>());
    }
    return std::pair{std::move(month), version};
}

Response PutMonth(CommissionerActivityService& activity, Request& request) {
    auto user_id = PathIdNamed(request, "user_id");
    if (!user_id) return Response::ErrorJson(user_id.error());
    auto body = JsonBody(request);
    if (!body) return Response::ErrorJson(body.error());
    auto parsed = MonthBody(*body);
    if (!parsed) return Response::ErrorJson(parsed.error());
    auto saved = activity.RecordMonth(ActorOf(request), UserId(*user_id), std::move(parsed->first), parsed->second);
    if (!saved) return Response::ErrorJson(saved.error());
    return Response::Json(200, MonthJson(*saved));
}

// The total as a file: `xlsx`, or CSV in the encoding of ?encoding= (utf-8 with BOM, or windows-31j).
Response ExportTotal(CommissionerActivityService& activity, const Clock& clock, Request& request, bool xlsx) {
    auto to = MonthParam(request, "to", clock);
    if (!to) return Response::ErrorJson(to.error());
    auto from = request.QueryParam("from") ? MonthParam(request, "from", clock)
                                           : Result<year_month>(domain::FiscalYearStartOf(*to));
    if (!from) return Response::ErrorJson(from.error());
    domain::ReportFormat format = domain::ReportFormat::kXlsx;
    if (!xlsx) {
        auto csv_format = CsvFormatParam(request);
        if (!csv_format) return Response::ErrorJson(csv_format.error());
        format = *csv_format;
    }
    auto file = activity.ExportMunicipalTotal(ActorOf(request), *from, *to, format);
    if (!file) return Response::ErrorJson(file.error());
    return AttachmentResponse(std::move(*file));
}

Json CountsSchema() {
    Json properties = Json::object();
    for (const domain::ActivityItem& item : domain::kActivityItems) {
        properties[std::string(item.code)] = schema::Integer();
    }
    return Json{{"type", "object"}, {"properties", std::move(properties)}};
}

Json MonthSchema() {
    return schema::Object({{"user_id", schema::Integer()},
                           {"district_area_id", schema::Integer()},
                           {"council_id", schema::Integer()},
                           {"month", schema::String()},
                           {"recorded", schema::Boolean()},
                           {"version", schema::Integer()},
                           {"counts", CountsSchema()},
                           {"basis", schema::String()}},
                          {"user_id", "month", "recorded", "version", "counts", "basis"});
}

Json CouncilSchema() {
    return schema::Object({{"id", schema::Integer()}, {"name", schema::String()}, {"staff_user_id", NullableInteger()}},
                          {"id", "name"});
}

Json TotalsSchema() {
    return schema::Object({{"counts", CountsSchema()}, {"months", schema::Integer()}, {"reporters", schema::Integer()}},
                          {"counts", "months", "reporters"});
}

}  // namespace

void AddCommissionerActivityRoutes(Router& router, CommissionerActivityService& activity, const Clock& clock) {
    AddSignedInRoute(
        router, "GET", "/api/v1/commissioner-activity/items",
        [](Request&) {
            Json items = Json::array();
            for (const domain::ActivityItem& item : domain::kActivityItems) {
                items.push_back(
                    {{"code", item.code}, {"label", item.label}, {"group", domain::ActivityGroupLabel(item.group)}});
            }
            return Response::Json(200, Json{{"items", std::move(items)}});
        },
        {.summary =
             "The items of the 福祉行政報告例 (民生委員・児童委員の活動状況) a month records, in the form's order",
         .tag = "commissioner-activity",
         .response_body = schema::Items(
             schema::Object({{"code", schema::String()}, {"label", schema::String()}, {"group", schema::String()}},
                            {"code", "label", "group"}))});

    AddSignedInRoute(router, "GET", "/api/v1/commissioner-activity/standing",
                     [&activity](Request& request) {
                         auto standing = activity.Standing(ActorOf(request));
                         if (!standing) return Response::ErrorJson(standing.error());
                         Json councils = Json::array();
                         for (const auto& council : standing->councils) councils.push_back(CouncilJson(council));
                         Json in_charge = Json::array();
                         for (const auto& commissioner : standing->commissioners_in_charge) {
                             in_charge.push_back(commissioner.user_id);
                         }
                         Json self = nullptr;
                         if (standing->self) {
                             self = {{"user_id", standing->self->user_id},
                                     {"district_area_id", standing->self->district_area_id},
                                     {"council_id", standing->self->council_id}};
                         }
                         return Response::Json(200, Json{{"self", self},
                                                         {"councils", std::move(councils)},
                                                         {"roll_ups", standing->roll_ups},
                                                         {"municipal_total", standing->municipal_total},
                                                         {"commissioners_in_charge", std::move(in_charge)}});
                     },
                     {.summary = "The caller as 民生委員 (her 民生委員区 and 民児協), the 民児協 of the town, and "
                                 "which roll-ups and totals "
                                 "she may read",
                      .tag = "commissioner-activity",
                      .response_body = schema::Object(
                          {{"self", Json{{"type", Json::array({"object", "null"})}}},
                           {"councils", schema::ArrayOf(CouncilSchema())},
                           {"roll_ups", schema::ArrayOf(schema::Integer())},
                           {"municipal_total", schema::Boolean()},
                           {"commissioners_in_charge", schema::ArrayOf(schema::Integer())}},
                          {"self", "councils", "roll_ups", "municipal_total", "commissioners_in_charge"})});

    AddSignedInRoute(router, "GET", "/api/v1/commissioners/{user_id}/activity",
                     [&activity, &clock](Request& request) {
                         auto user_id = PathIdNamed(request, "user_id");
                         if (!user_id) return Response::ErrorJson(user_id.error());
                         auto month = MonthParam(request, "month", clock);
                         if (!month) return Response::ErrorJson(month.error());
                         auto view = activity.Month(ActorOf(request), UserId(*user_id), *month);
                         if (!view) return Response::ErrorJson(view.error());
                         return Response::Json(200, MonthJson(*view));
                     },
                     {.summary = "A commissioner's month (query: month=YYYY-MM, default the month being finished): "
                                 "herself or her 民児協's staff in charge; anyone else gets 404",
                      .tag = "commissioner-activity",
                      .response_body = MonthSchema()});

    AddSignedInRoute(router, "PUT", "/api/v1/commissioners/{user_id}/activity",
                     [&activity](Request& request) { return PutMonth(activity, request); },
                     {.summary = "Records a commissioner's month at once: {month, version (0 for a new month), counts "
                                 "by item code}; 分野別 must add up to 内容別, 活動日数 at most the month's days",
                      .tag = "commissioner-activity",
                      .request_body = schema::Object(
                          {{"month", schema::String()}, {"version", schema::Integer()}, {"counts", CountsSchema()}},
                          {"month", "counts"}),
                      .response_body = MonthSchema()});

    AddSignedInRoute(
        router, "GET", "/api/v1/commissioner-councils/{id}/activity",
        ById([&activity, &clock](Request& request, std::int64_t id) {
            auto month = MonthParam(request, "month", clock);
            if (!month) return Response::ErrorJson(month.error());
            auto roll_up = activity.CouncilMonth(ActorOf(request), id, *month);
            if (!roll_up) return Response::ErrorJson(roll_up.error());
            Json members = Json::array();
            for (const auto& member : roll_up->members) {
                members.push_back({{"user_id", member.user_id}, {"name", member.name}, {"recorded", member.recorded}});
            }
            return Response::Json(200, Json{{"council", CouncilJson(roll_up->council)},
                                            {"month", domain::MonthCode(roll_up->month)},
                                            {"totals", TotalsJson(roll_up->totals)},
                                            {"member_count", roll_up->member_count},
                                            {"recorded_count", roll_up->recorded_count},
                                            {"members", std::move(members)},
                                            {"basis", roll_up->basis}});
        }),
        {.summary = "The 民児協's roll-up of a month (sums only): its commissioners, its staff in charge (who also see "
                    "who has recorded) and the town's administrators",
         .tag = "commissioner-activity",
         .response_body = schema::Object(
             {{"council", CouncilSchema()},
              {"month", schema::String()},
              {"totals", TotalsSchema()},
              {"member_count", schema::Integer()},
              {"recorded_count", schema::Integer()},
              {"members",
               schema::ArrayOf(schema::Object(
                   {{"user_id", schema::Integer()}, {"name", schema::String()}, {"recorded", schema::Boolean()}},
                   {"user_id", "recorded"}))},
              {"basis", schema::String()}},
             {"council", "month", "totals", "member_count", "recorded_count", "members", "basis"})});

    AddSignedInRoute(
        router, "GET", "/api/v1/commissioner-activity/total",
        [&activity, &clock](Request& request) {
            auto to = MonthParam(request, "to", clock);
            if (!to) return Response::ErrorJson(to.error());
            auto from = request.QueryParam("from") ? MonthParam(request, "from", clock)
                                                   : Result<year_month>(domain::FiscalYearStartOf(*to));
            if (!from) return Response::ErrorJson(from.error());
            auto total = activity.MunicipalTotal(ActorOf(request), *from, *to);
            if (!total) return Response::ErrorJson(total.error());
            Json councils = Json::array();
            for (const auto& [council, totals] : total->councils) {
                councils.push_back({{"council", CouncilJson(council)}, {"totals", TotalsJson(totals)}});
            }
            return Response::Json(200, Json{{"from", domain::MonthCode(total->from)},
                                            {"to", domain::MonthCode(total->to)},
                                            {"totals", TotalsJson(total->totals)},
                                            {"councils", std::move(councils)},
                                            {"commissioner_count", total->commissioner_count},
                                            {"basis", total->basis}});
        },
        {.summary = "The municipality's total for the 福祉行政報告例 (query: from, to as YYYY-MM, at most 12 months; "
                    "default the 年度 up to the month being finished), with each 民児協",
         .tag = "commissioner-activity",
         .response_body = schema::Object(
             {{"from", schema::String()},
              {"to", schema::String()},
              {"totals", TotalsSchema()},
              {"councils", schema::ArrayOf(schema::Object({{"council", CouncilSchema()}, {"totals", TotalsSchema()}},
                                                          {"council", "totals"}))},
              {"commissioner_count", schema::Integer()},
              {"basis", schema::String()}},
             {"from", "to", "totals", "councils", "commissioner_count", "basis"})});

    const std::string period =
        " (query: from, to as YYYY-MM, default the 年度 up to the month being finished); one line "
        "per item of the 福祉行政報告例 with the total and each 民児協; audited as an export";
    AddFileRoute(
        router, "/api/v1/commissioner-activity/total.csv",
        [&activity, &clock](Request& request) { return ExportTotal(activity, clock, request, false); },
        "The municipality's total as CSV (encoding=utf-8 with BOM, or windows-31j)" + period, "commissioner-activity",
        FileKind::kCsv);
    AddFileRoute(
        router, "/api/v1/commissioner-activity/total.xlsx",
        [&activity, &clock](Request& request) { return ExportTotal(activity, clock, request, true); },
        "The municipality's total as an Excel workbook (XLSX)" + period, "commissioner-activity", FileKind::kXlsx);

    AddSignedInRoute(
        router, "GET", "/api/v1/commissioners/{user_id}/notes",
        [&activity](Request& request) {
            auto user_id = PathIdNamed(request, "user_id");
            if (!user_id) return Response::ErrorJson(user_id.error());
            auto notes = activity.Notes(ActorOf(request), UserId(*user_id));
            if (!notes) return Response::ErrorJson(notes.error());
            Json items = Json::array();
            for (const auto& note : *notes) {
                items.push_back({{"id", note.id},
                                 {"noted_on", DateJson(note.noted_on)},
                                 {"subject", note.subject},
                                 {"body", note.body}});
            }
            return Response::Json(200, Json{{"items", std::move(items)}});
        },
        {.summary = "A commissioner's notes on individuals, newest first: only herself and her 民児協's staff in "
                    "charge (民生委員法 第15条); anyone else gets 404",
         .tag = "commissioner-activity",
         .response_body = schema::Items(schema::Object({{"id", schema::Integer()},
                                                        {"noted_on", schema::String()},
                                                        {"subject", schema::String()},
                                                        {"body", schema::String()}},
                                                       {"id", "noted_on", "subject", "body"}))});

    AddSignedInRoute(
        router, "POST", "/api/v1/commissioners/{user_id}/notes",
        [&activity](Request& request) {
            auto user_id = PathIdNamed(request, "user_id");
            if (!user_id) return Response::ErrorJson(user_id.error());
            auto body = JsonBody(request);
            if (!body) return Response::ErrorJson(body.error());
            if (*user_id != PrincipalOf(request).user.id) {
                return Response::ErrorJson(Error::PermissionDenied("個人の記録は民生委員本人だけが書けます"));
            }
            domain::CommissionerNote note;
            auto noted_on = RequireDate(*body, "noted_on", "日付");
            if (!noted_on) return Response::ErrorJson(noted_on.error());
            note.noted_on = *noted_on;
            note.subject = body->value("subject", "");
            note.body = body->value("body", "");
            auto saved = activity.AddNote(ActorOf(request), std::move(note));
            if (!saved) return Response::ErrorJson(saved.error());
            return Response::Json(201, Json{{"id", saved->id},
                                            {"noted_on", DateJson(saved->noted_on)},
                                            {"subject", saved->subject},
                                            {"body", saved->body}});
        },
        {.summary = "A commissioner writes a note on an individual (her own only), kept apart from the counts",
         .tag = "commissioner-activity",
         .request_body =
             schema::Object({{"noted_on", schema::String()}, {"subject", schema::String()}, {"body", schema::String()}},
                            {"noted_on", "subject", "body"}),
         .response_body = schema::Object({{"id", schema::Integer()},
                                          {"noted_on", schema::String()},
                                          {"subject", schema::String()},
                                          {"body", schema::String()}},
                                         {"id", "noted_on", "subject", "body"}),
         .success_status = 201});

    AddSignedInRoute(
        router, "POST", "/api/v1/commissioner-councils",
        [&activity](Request& request) {
            auto body = JsonBody(request);
            if (!body) return Response::ErrorJson(body.error());
            std::optional<UserId> staff;
            if (body->contains("staff_user_id") && !(*body)["staff_user_id"].is_null()) {
                if (!(*body)["staff_user_id"].is_number_integer()) {
                    return Response::ErrorJson(Error::InvalidArgument("staff_user_id は整数です", "staff_user_id"));
                }
                staff = UserId{(*body)["staff_user_id"].get<std::int64_t>()};
            }
            auto council = activity.CreateCouncil(ActorOf(request), body->value("name", ""), staff);
            if (!council) return Response::ErrorJson(council.error());
            return Response::Json(201, CouncilJson(*council));
        },
        {.summary = "The town's administrator registers a 民児協 with its staff member in charge (a caseworker or "
                    "coordinator)",
         .tag = "commissioner-activity",
         .request_body = schema::Object({{"name", schema::String()}, {"staff_user_id", NullableInteger()}}, {"name"}),
         .response_body = CouncilSchema(),
         .success_status = 201});

    AddSignedInRoute(
        router, "PUT", "/api/v1/commissioners/{user_id}",
        [&activity](Request& request) {
            auto user_id = PathIdNamed(request, "user_id");
            if (!user_id) return Response::ErrorJson(user_id.error());
            auto body = JsonBody(request);
            if (!body) return Response::ErrorJson(body.error());
            for (const char* field : {"district_area_id", "council_id"}) {
                if (!body->contains(field) || !(*body)[field].is_number_integer()) {
                    return Response::ErrorJson(
                        Error::InvalidArgument(std::string(field) + " を指定してください", field));
                }
            }
            const domain::Commissioner commissioner{.user_id = UserId{*user_id},
                                                    .district_area_id = (*body)["district_area_id"].get<std::int64_t>(),
                                                    .council_id = (*body)["council_id"].get<std::int64_t>()};
            auto assigned = activity.AssignCommissioner(ActorOf(request), commissioner);
            if (!assigned) return Response::ErrorJson(assigned.error());
            return Response::Json(200, Json{{"user_id", commissioner.user_id},
                                            {"district_area_id", commissioner.district_area_id},
                                            {"council_id", commissioner.council_id}});
        },
        {.summary = "The town's administrator assigns a 民生委員 (a user with that role) to a 民生委員区 and a 民児協",
         .tag = "commissioner-activity",
         .request_body = schema::Object({{"district_area_id", schema::Integer()}, {"council_id", schema::Integer()}},
                                        {"district_area_id", "council_id"}),
         .response_body = schema::Object({{"user_id", schema::Integer()},
                                          {"district_area_id", schema::Integer()},
                                          {"council_id", schema::Integer()}},
                                         {"user_id", "district_area_id", "council_id"})});
}

}  // namespace kasane::http::api
