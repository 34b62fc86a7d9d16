// SPDX-License-Identifier: Apache-2.0
// 見守り (issue 15, item 3): the list as the policy lets the caller read it (a 民生委員 her own 民生委員区 only), one
// person added with the basis, and a contact recorded. Each handler parses, calls one use case and maps its Result.

#include "http/api/watch_list.hpp"

#include "http/api/common.hpp"
#include "http/api/json_fields.hpp"
#include "http/api/time_json.hpp"

namespace kasane::http::api {

namespace {

Json RowJson(const domain::WatchRow& row) {
    const domain::WatchEntry& entry = row.entry;
    Json watchers = Json::array();
    for (const domain::Watcher& watcher : entry.watchers) {
        watchers.push_back({{"user_id", watcher.user_id ? Json(*watcher.user_id) : Json(nullptr)},
                            {"name", watcher.name},
                            {"role", watcher.role}});
    }
    return Json{{"id", entry.id},
                {"person_id", entry.person_id},
                {"person_name", entry.person_name},
                {"neighborhood_area_id", entry.neighborhood_area_id},
                {"district_area_id", entry.district_area_id},
                {"reason", entry.reason},
                {"basis", domain::WatchBasisCode(entry.basis)},
                {"consent_on", DateJson(entry.consent_on)},
                {"frequency_days", entry.frequency_days},
                {"last_contact_on", DateJson(entry.last_contact_on)},
                {"next_contact_due", DateJson(row.due)},
                {"overdue", row.overdue},
                {"watchers", std::move(watchers)}};
}

Json RowSchema() {
    return schema::Object(
        {{"id", schema::Integer()},
         {"person_id", schema::Integer()},
         {"person_name", schema::String()},
         {"neighborhood_area_id", schema::Integer()},
         {"district_area_id", schema::Integer()},
         {"reason", schema::String()},
         {"basis", EnumSchema({"own_consent", "evacuation_roster"})},
         {"consent_on", schema::String()},
         {"frequency_days", schema::Integer()},
         {"last_contact_on", NullableString()},
         {"next_contact_due", schema::String()},
         {"overdue", schema::Boolean()},
         {"watchers", schema::ArrayOf(schema::Object(
                          {{"user_id", NullableInteger()}, {"name", schema::String()}, {"role", schema::String()}},
                          {"name", "role"}))}},
        {"id", "person_id", "person_name", "district_area_id", "basis", "consent_on", "overdue", "watchers"});
}

Result<std::int64_t> IntegerField(const Json& body, const char* field) {
    if (!body.contains(field) || !body[field].is_number_integer()) {
        return Fail(Error::InvalidArgument(std::string(field) + " を整数で指定してください", field));
    }
    return body[field].get<std::int64_t>();
}

Result<domain::WatchEntry> EntryFromJson(const Json& body) {
    domain::WatchEntry entry;
    for (const char* field : {"person_id", "neighborhood_area_id", "district_area_id", "frequency_days"}) {
        auto value = IntegerField(body, field);
        if (!value) return Fail(value.error());
        if (std::string_view(field) == "person_id") entry.person_id = domain::PersonId{*value};
        if (std::string_view(field) == "neighborhood_area_id") entry.neighborhood_area_id = *value;
        if (std::string_view(field) == "district_area_id") entry.district_area_id = *value;
        if (std::string_view(field) == "frequency_days") entry.frequency_days = Narrow(*value);
    }
    entry.reason = body.value("reason", "");
    const auto basis = domain::ParseWatchBasis(body.value("basis", ""));
    if (!basis) {
        return Fail(
            Error::InvalidArgument("basis は own_consent（本人同意）か evacuation_roster（避難行動要支援者名簿、"
                                   "提供に同意）です。名簿をまとめて取り込むことはできません",
                                   "basis"));
    }
    entry.basis = *basis;
    auto consent = RequireDate(body, "consent_on", "同意した日");
    if (!consent) return Fail(consent.error());
    entry.consent_on = *consent;
    auto last = OptionalDateField(body, "last_contact_on", "最後に連絡した日");
    if (!last) return Fail(last.error());
    entry.last_contact_on = *last;
    if (!body.contains("watchers") || !body["watchers"].is_array()) {
        return Fail(Error::InvalidArgument("watchers を指定してください", "watchers"));
    }
    for (const Json& item : body["watchers"]) {
        if (!item.is_object()) return Fail(Error::InvalidArgument("watchers の要素が正しくありません", "watchers"));
        domain::Watcher watcher{
            .user_id = std::nullopt, .name = item.value("name", ""), .role = item.value("role", "")};
        if (item.contains("user_id") && !item["user_id"].is_null()) {
            if (!item["user_id"].is_number_integer()) {
                return Fail(Error::InvalidArgument("watchers の user_id は整数です", "watchers"));
            }
            watcher.user_id = UserId{item["user_id"].get<std::int64_t>()};
        }
        entry.watchers.push_back(std::move(watcher));
    }
    return entry;
}

}  // namespace

void AddWatchListRoutes(Router& router, domain::WatchListService& watch_list) {
    AddSignedInRoute(
        router, "GET", "/api/v1/watch-list",
        [&watch_list](Request& request) {
            std::optional<AreaId> neighborhood;
            if (const auto text = request.QueryParam("neighborhood")) {
                const auto id = std::atoll(text->c_str());
                if (id <= 0) {
                    return Response::ErrorJson(Error::InvalidArgument("neighborhood は自治会のidです", "neighborhood"));
                }
                neighborhood = id;
            }
            auto view = watch_list.List(ActorOf(request), neighborhood);
            if (!view) return Response::ErrorJson(view.error());
            Json items = Json::array();
            for (const domain::WatchRow& row : view->rows) items.push_back(RowJson(row));
            return Response::Json(200,
                                  Json{{"items", std::move(items)},
                                       {"district_area_id", view->district ? Json(*view->district) : Json(nullptr)},
                                       {"may_add", view->may_add},
                                       {"basis", view->basis}});
        },
        {.summary =
             "The 見守り list (query: neighborhood = a 自治会's id): a 民生委員 reads her own 民生委員区 only, the "
             "municipality's staff every district; each row with its basis, watchers and whether it is overdue",
         .tag = "watch-list",
         .response_body = schema::Object({{"items", schema::ArrayOf(RowSchema())},
                                          {"district_area_id", NullableInteger()},
                                          {"may_add", schema::Boolean()},
                                          {"basis", schema::String()}},
                                         {"items", "district_area_id", "may_add", "basis"})});

    AddSignedInRoute(
        router, "POST", "/api/v1/watch-list",
        [&watch_list](Request& request) {
            auto body = JsonBody(request);
            if (!body) return Response::ErrorJson(body.error());
            auto entry = EntryFromJson(*body);
            if (!entry) return Response::ErrorJson(entry.error());
            auto added = watch_list.Add(ActorOf(request), std::move(*entry));
            if (!added) return Response::ErrorJson(added.error());
            return Response::Json(201, Json{{"id", added->id}, {"person_name", added->person_name}});
        },
        {.summary =
             "Adds one person to the 見守り list with the basis (own_consent, or evacuation_roster with the consent "
             "to its provision) and its date, the 自治会, the 民生委員区, the reason, the frequency and the watchers "
             "(a 民生委員 by user_id, or a neighbour by name and role); the municipality's staff only",
         .tag = "watch-list",
         .request_body = schema::Object(
             {{"person_id", schema::Integer()},
              {"neighborhood_area_id", schema::Integer()},
              {"district_area_id", schema::Integer()},
              {"reason", schema::String()},
              {"basis", EnumSchema({"own_consent", "evacuation_roster"})},
              {"consent_on", schema::String()},
              {"frequency_days", schema::Integer()},
              {"last_contact_on", NullableString()},
              {"watchers", schema::ArrayOf(schema::Object(
                               {{"user_id", NullableInteger()}, {"name", schema::String()}, {"role", schema::String()}},
                               {"role"}))}},
             {"person_id", "neighborhood_area_id", "district_area_id", "reason", "basis", "consent_on",
              "frequency_days", "watchers"}),
         .response_body =
             schema::Object({{"id", schema::Integer()}, {"person_name", schema::String()}}, {"id", "person_name"}),
         .success_status = 201});

    AddSignedInRoute(router, "POST", "/api/v1/watch-list/{id}/contacts",
                     ById([&watch_list](Request& request, std::int64_t id) {
                         auto body = JsonBody(request);
                         if (!body) return Response::ErrorJson(body.error());
                         auto on = RequireDate(*body, "on", "連絡した日");
                         if (!on) return Response::ErrorJson(on.error());
                         auto row = watch_list.RecordContact(ActorOf(request), id, *on);
                         if (!row) return Response::ErrorJson(row.error());
                         return Response::Json(200, RowJson(*row));
                     }),
                     {.summary = "Records a contact (見守り) on a day: a 民生委員 of the entry's district, or the "
                                 "municipality's staff; anyone else gets 404",
                      .tag = "watch-list",
                      .request_body = schema::Object({{"on", schema::String()}}, {"on"}),
                      .response_body = RowSchema()});
}

}  // namespace kasane::http::api
