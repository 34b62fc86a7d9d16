// SPDX-License-Identifier: Apache-2.0
#include "http/api/common.hpp"

#include <charconv>
#include <limits>

namespace kasane::http::api {

int Narrow(std::int64_t value) {
    if (value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max()) return -1;
    return static_cast<int>(value);
}

Result<std::int64_t> PathId(const Request& request, std::string_view name) {
    const std::string_view text = request.PathParam(name);
    std::int64_t id = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (error != std::errc{} || end != text.data() + text.size() || id <= 0) return Fail(Error::NotFound());
    return id;
}

Result<Json> JsonBody(const Request& request) { return ParseJsonObject(request.body); }

const domain::Principal& PrincipalOf(const Request& request) {
    // Routes with Access::kSignedIn are only called with a principal; the server guarantees it.
    return *request.principal;
}

domain::Actor ActorOf(const Request& request) {
    return domain::Actor{
        .principal = PrincipalOf(request), .remote_address = request.remote_address, .request_id = request.request_id};
}

Result<domain::AlertListing> UnacknowledgedParam(const Request& request) {
    const auto text = request.QueryParam("unacknowledged");
    if (!text || *text == "false") return domain::AlertListing::kAll;
    if (*text == "true") return domain::AlertListing::kUnacknowledgedOnly;
    return Fail(Error::InvalidArgument("unacknowledged は true か false で指定してください", "unacknowledged"));
}

Result<int> LimitParam(const Request& request, std::string_view name, int default_value, int max) {
    const auto text = request.QueryParam(name);
    if (!text) return default_value;
    int value = 0;
    const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (error != std::errc{} || end != text->data() + text->size() || value < 1 || value > max) {
        return Fail(Error::InvalidArgument("件数は1から" + std::to_string(max) + "までの整数で指定してください",
                                           std::string(name)));
    }
    return value;
}

Response StaleVersionReply(const Error& conflict, const Json& current, const Json& yours) {
    Json reply = Json::parse(Response::ErrorJson(conflict).body);
    if (!current.is_null()) reply["current"] = current;
    reply["yours"] = yours;
    return Response::Json(HttpStatusFor(ErrorCode::kConflict), reply);
}

void AddSignedInRoute(Router& router, std::string method, std::string pattern, Handler handler, RouteDoc doc,
                      std::function<domain::SessionFollowUp(const Request&)> follow_up) {
    router.Add(Route{.method = std::move(method),
                     .pattern = std::move(pattern),
                     .access = Access::kSignedIn,
                     .surface = Surface::kApi,
                     .handler = std::move(handler),
                     .doc = std::move(doc),
                     .follow_up = std::move(follow_up)});
}

Json ToJson(const domain::Municipality& municipality) {
    return {{"id", municipality.id},
            {"code", municipality.code},
            {"name", municipality.name},
            {"prefecture_name", municipality.prefecture_name},
            {"fictional", municipality.fictional}};
}

Json ToJson(const domain::Prefecture& prefecture) {
    return {{"code", prefecture.code},
            {"local_government_code", domain::PrefectureLocalGovernmentCode(prefecture.code)},
            {"name", prefecture.name},
            {"created_at", FormatIso8601(prefecture.created_at)}};
}

Json ToJson(const domain::Organization& organization) {
    return {{"id", organization.id},
            {"municipality_id", organization.municipality_id},
            {"kind", domain::OrganizationKindCode(organization.kind)},
            {"kind_label", domain::OrganizationKindLabel(organization.kind)},
            {"name", organization.name}};
}

Json ToJson(const domain::Area& area) {
    return {{"id", area.id},
            {"municipality_id", area.municipality_id},
            {"kind", domain::AreaKindCode(area.kind)},
            {"kind_label", domain::AreaKindLabel(area.kind)},
            {"name", area.name},
            {"households", area.households ? Json(*area.households) : Json(nullptr)},
            {"households_year", area.households_year ? Json(*area.households_year) : Json(nullptr)},
            {"active", area.active}};
}

Json ToJson(const domain::User& user) {
    Json roles = Json::array();
    for (const domain::Role role : user.roles) roles.push_back(domain::RoleCode(role));
    return {{"id", user.id},
            {"municipality_id", user.municipality_id},
            {"organization_id", user.organization_id},
            {"username", user.username},
            {"display_name", user.display_name},
            {"roles", roles},
            {"disabled", user.disabled},
            {"locked_until", user.locked_until ? Json(FormatIso8601(*user.locked_until)) : Json(nullptr)},
            {"created_at", FormatIso8601(user.created_at)}};
}

Json ToJson(const domain::Post& post) {
    Json roles = Json::array();
    for (const domain::Role role : post.roles) roles.push_back(domain::RoleCode(role));
    return {{"id", post.id},
            {"user_id", post.user_id},
            {"organization_id", post.organization_id},
            {"roles", roles},
            {"starts_on", IsoDate(post.starts_on)},
            {"ends_on", post.ends_on ? Json(IsoDate(*post.ends_on)) : Json(nullptr)},
            {"created_at", FormatIso8601(post.created_at)}};
}

Json ToJson(const domain::ApiToken& token) {
    return {{"id", token.id},
            {"user_id", token.user_id},
            {"name", token.name},
            {"created_at", FormatIso8601(token.created_at)},
            {"expires_at", token.expires_at ? Json(FormatIso8601(*token.expires_at)) : Json(nullptr)},
            {"revoked_at", token.revoked_at ? Json(FormatIso8601(*token.revoked_at)) : Json(nullptr)}};
}

Json ToJson(const domain::AuthEvent& event) {
    return {{"id", event.id},
            {"kind", domain::AuthEventKindCode(event.kind)},
            {"user_id", event.user_id ? Json(*event.user_id) : Json(nullptr)},
            {"username", event.username},
            {"remote_address", event.remote_address},
            {"at", FormatIso8601(event.at)}};
}

namespace schema {

Json Object(std::initializer_list<std::pair<const char*, Json>> properties,
            std::initializer_list<const char*> required) {
    Json object = {{"type", "object"}, {"properties", Json::object()}};
    for (const auto& [name, property] : properties) object["properties"][name] = property;
    if (required.size() > 0) {
        object["required"] = Json::array();
        for (const char* name : required) object["required"].push_back(name);
    }
    return object;
}
Json String() { return {{"type", "string"}}; }
Json Integer() { return {{"type", "integer"}}; }
Json Boolean() { return {{"type", "boolean"}}; }
Json ArrayOf(Json item) { return {{"type", "array"}, {"items", std::move(item)}}; }
Json Items(Json item) { return Object({{"items", ArrayOf(std::move(item))}}, {"items"}); }

Json Municipality() {
    return Object({{"id", Integer()},
                   {"code", String()},
                   {"name", String()},
                   {"prefecture_name", String()},
                   {"fictional", Boolean()}},
                  {"id", "code", "name"});
}
Json Prefecture() {
    return Object(
        {{"code", String()}, {"local_government_code", String()}, {"name", String()}, {"created_at", String()}},
        {"code", "local_government_code", "name", "created_at"});
}
Json Organization() {
    return Object({{"id", Integer()},
                   {"municipality_id", Integer()},
                   {"kind", String()},
                   {"kind_label", String()},
                   {"name", String()},
                   {"households", {{"type", {"integer", "null"}}}},
                   {"households_year", {{"type", {"integer", "null"}}}},
                   {"active", Boolean()}},
                  {"id", "kind", "name"});
}
Json Area() {
    return Object({{"id", Integer()},
                   {"municipality_id", Integer()},
                   {"kind", String()},
                   {"kind_label", String()},
                   {"name", String()}},
                  {"id", "kind", "name"});
}
Json User() {
    return Object({{"id", Integer()},
                   {"municipality_id", Integer()},
                   {"organization_id", Integer()},
                   {"username", String()},
                   {"display_name", String()},
                   {"roles", ArrayOf(String())},
                   {"disabled", Boolean()},
                   {"locked_until", {{"type", {"string", "null"}}}},
                   {"created_at", String()}},
                  {"id", "username", "roles"});
}
Json Post() {
    return Object({{"id", Integer()},
                   {"user_id", Integer()},
                   {"organization_id", Integer()},
                   {"roles", ArrayOf(String())},
                   {"starts_on", String()},
                   {"ends_on", {{"type", {"string", "null"}}}},
                   {"created_at", String()}},
                  {"id", "user_id", "organization_id", "roles", "starts_on"});
}
Json ApiToken() {
    return Object({{"id", Integer()},
                   {"user_id", Integer()},
                   {"name", String()},
                   {"created_at", String()},
                   {"expires_at", {{"type", {"string", "null"}}}},
                   {"revoked_at", {{"type", {"string", "null"}}}}},
                  {"id", "name"});
}
Json AuthEvent() {
    return Object({{"id", Integer()},
                   {"kind", String()},
                   {"user_id", Integer()},
                   {"username", String()},
                   {"remote_address", String()},
                   {"at", String()}},
                  {"id", "kind", "at"});
}

}  // namespace schema

}  // namespace kasane::http::api
