// SPDX-License-Identifier: Apache-2.0
// GET /api/v1/desk (the worker's desk, as the home page shows it) and GET /api/v1/persons/{id}/timeline (the person
// page's timeline). Both ask the domain's use cases (domain/desk.hpp, domain/person_record.hpp) and only write JSON.

#include <memory>

#include "base/japan_time.hpp"
#include "domain/desk.hpp"
#include "domain/desk_limits.hpp"
#include "domain/person_record.hpp"
#include "http/api/routes.hpp"
#include "http/api/time_json.hpp"

namespace kasane::http::api {

namespace {

// One part of the desk: its count, the page that lists it, and the ids counted; or the error that kept it from
// loading (a part never reads as zero when it failed).
// Whether a part's list is read at most kDeskListLimit at a time (desk_limits.hpp).
enum class Listed { kAll, kUpToTheLimit };

template <class T, class Id>
void AddPart(Json& parts, const domain::DeskPart<T>& part, const char* key, std::string href, Id id_of,
             Listed listed = Listed::kUpToTheLimit) {
    if (!part.shown) return;
    Json value = {{"href", std::move(href)}};
    if (part.error) {
        value["error"] = part.error->message.empty() ? std::string("読み込めませんでした") : part.error->message;
    } else {
        Json ids = Json::array();
        for (const auto& item : part.value) ids.push_back(id_of(item));
        value["count"] = ids.size();
        // The list stopped at kDeskListLimit: there may be more than the ids given (desk_limits.hpp).
        value["at_limit"] = listed == Listed::kUpToTheLimit && domain::AtDeskListLimit(ids.size());
        value["ids"] = std::move(ids);
    }
    parts[key] = std::move(value);
}

Json DeskPartSchema() {
    return schema::Object({{"href", schema::String()},
                           {"count", schema::Integer()},
                           {"contact_due", schema::Integer()},
                           {"at_limit", schema::Boolean()},
                           {"ids", schema::ArrayOf(schema::Integer())},
                           {"error", schema::String()}},
                          {"href"});
}

Json DeskJsonOf(const domain::Desk& desk) {
    Json parts = Json::object();
    if (desk.consultations.shown) {
        Json value = {{"href", "/consultations?preset=mine"}};
        if (desk.consultations.error) {
            value["error"] = desk.consultations.error->message;
        } else {
            Json ids = Json::array();
            for (const auto& reminder : desk.consultations.value.due) ids.push_back(reminder.id);
            value["count"] = desk.consultations.value.open;
            value["contact_due"] = desk.consultations.value.contact_due;
            value["ids"] = std::move(ids);  // the consultations due for contact
        }
        parts["consultations"] = std::move(value);
    }
    const auto referral_id = [](const domain::OverdueReferral& view) { return view.referral.id; };
    AddPart(parts, desk.referrals_in, "referrals_in", "/desk#desk-referrals-in", referral_id);
    AddPart(parts, desk.referrals_out, "referrals_out", "/desk#desk-referrals-out", referral_id);
    AddPart(parts, desk.reviews, "reviews", "/desk#desk-reviews",
            [](const domain::ReviewDue& review) { return review.case_id; });
    AddPart(
        parts, desk.meetings, "meetings", "/desk#desk-meetings",
        [](const domain::MeetingMention& meeting) { return meeting.id; }, Listed::kAll);
    AddPart(parts, desk.consents, "consents", "/desk#desk-consents",
            [](const domain::Consent& consent) { return consent.id; });
    return {{"today", IsoDate(desk.today)},
            {"week", {{"from", IsoDate(desk.week.from)}, {"to", IsoDate(desk.week.to)}}},
            {"parts", std::move(parts)}};
}

Json TimelineEntryJson(const domain::TimelineEntry& entry) {
    Json item = {{"kind", domain::TimelineKindCode(entry.kind)},
                 {"label", entry.label},
                 {"at", FormatIso8601(entry.at)},
                 {"day_only", entry.day_only},
                 {"date", IsoDate(JstDate(entry.at))},
                 {"detail", entry.detail},
                 {"record_type", entry.record_type},
                 {"record_id", entry.record_id}};
    return item;
}

}  // namespace

void AddDeskRoutes(Router& router, const ApiDependencies& dependencies) {
    auto desk = std::make_shared<domain::WorkerDesk>(dependencies.consultations, dependencies.referrals,
                                                     dependencies.cases, dependencies.sharing, dependencies.clock);
    AddSignedInRoute(
        router, "GET", "/api/v1/desk",
        [desk](Request& request) {
            return Response::Json(200, DeskJsonOf(desk->Of(ActorOf(request), domain::DeskDetail::kLists)));
        },
        {.summary = "The worker's desk: per part of the work the caller's role does, a count, the page listing it and "
                    "the ids counted (open consultations, overdue referrals in and out, reviews due within 7 days, "
                    "this week's meetings, consents expiring within 30 days); a part that failed carries its error",
         .tag = "desk",
         .response_body = schema::Object(
             {{"today", schema::String()},
              {"week", schema::Object({{"from", schema::String()}, {"to", schema::String()}}, {"from", "to"})},
              {"parts", schema::Object({{"consultations", DeskPartSchema()},
                                        {"referrals_in", DeskPartSchema()},
                                        {"referrals_out", DeskPartSchema()},
                                        {"reviews", DeskPartSchema()},
                                        {"meetings", DeskPartSchema()},
                                        {"consents", DeskPartSchema()}},
                                       {})}},
             {"today", "week", "parts"})});

    auto reader =
        std::make_shared<domain::PersonRecordReader>(dependencies.persons, dependencies.consultations,
                                                     dependencies.referrals, dependencies.cases, dependencies.sharing);
    AddSignedInRoute(
        router, "GET", "/api/v1/persons/{id}/timeline", ById([reader](Request& request, std::int64_t id) {
            auto record = reader->Of(ActorOf(request), domain::PersonId{id});
            if (!record) return Response::ErrorJson(record.error());
            Json items = Json::array();
            for (const domain::TimelineEntry& entry : record->timeline) items.push_back(TimelineEntryJson(entry));
            return Response::Json(200, Json{{"items", std::move(items)}, {"missing", record->timeline_missing}});
        }),
        {.summary = "A person's timeline, newest first: consultations and their follow-up contacts, referrals sent "
                    "and answered, cases opened and closed, meetings, consents given and withdrawn — each only as "
                    "the caller may see it; `missing` names the parts that could not be read",
         .tag = "persons",
         .response_body = schema::Object(
             {{"items", schema::ArrayOf(schema::Object({{"kind", schema::String()},
                                                        {"label", schema::String()},
                                                        {"at", schema::String()},
                                                        {"day_only", schema::Boolean()},
                                                        {"date", schema::String()},
                                                        {"detail", schema::String()},
                                                        {"record_type", schema::String()},
                                                        {"record_id", schema::Integer()}},
                                                       {"kind", "label", "at", "date", "record_type", "record_id"}))},
              {"missing", schema::ArrayOf(schema::String())}},
             {"items", "missing"})});
}

}  // namespace kasane::http::api
