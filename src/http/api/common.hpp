// SPDX-License-Identifier: Apache-2.0
#pragma once

// Small helpers shared by the API handlers.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "base/ids.hpp"
#include "base/json.hpp"
#include "base/result.hpp"
#include "domain/intake.hpp"
#include "domain/master_data.hpp"
#include "domain/user.hpp"
#include "http/api/access_json.hpp"            // likewise
#include "http/api/audit_json.hpp"             // likewise
#include "http/api/case_json.hpp"              // its ToJson overloads must precede Reply() and ItemsJson()
#include "http/api/consent_json.hpp"           // likewise
#include "http/api/consultation_json.hpp"      // likewise
#include "http/api/emergency_access_json.hpp"  // likewise
#include "http/api/household_json.hpp"         // likewise
#include "http/api/meeting_body_json.hpp"      // likewise
#include "http/api/meeting_json.hpp"           // likewise
#include "http/api/person_json.hpp"            // likewise
#include "http/api/referral_json.hpp"          // likewise
#include "http/api/report_json.hpp"            // likewise
#include "http/api/time_json.hpp"              // likewise
#include "http/message.hpp"
#include "http/router.hpp"

namespace kasane::http::api {

// A path parameter that must be a positive integer id. Anything else is "not found", like an id that exists
// nowhere.
// An integer that the domain range-checks (hours, versions); values an int cannot hold become -1, which every
// such check refuses with its own message and field (a version: answered as stale, like any other wrong version).
int Narrow(std::int64_t value);

Result<std::int64_t> PathId(const Request& request, std::string_view name = "id");
// The same, as the id type the route names: `PathId<PersonId>(request)`.
template <AnyId T>
Result<T> PathId(const Request& request, std::string_view name = "id") {
    auto id = PathId(request, name);
    if (!id) return Fail(id.error());
    return T{*id};
}

// The request body as a JSON object.
Result<Json> JsonBody(const Request& request);
// The request body read by `parse(body, args...)` (a reader of the resource's JSON); the body's error or the
// reader's.
template <class Parse, class... Args>
auto BodyAs(const Request& request, Parse parse, const Args&... args)
    -> decltype(parse(std::declval<const Json&>(), args...)) {
    auto body = JsonBody(request);
    if (!body) return Fail(body.error());
    return parse(*body, args...);
}

const domain::Principal& PrincipalOf(const Request& request);

// Who acts in this request, from where, under which request id: what the audit trail of personal data records.
domain::Actor ActorOf(const Request& request);

// An optional positive integer query parameter (?limit=20) between 1 and `max`; `default_value` when absent.
// kInvalidArgument naming the parameter otherwise.
Result<int> LimitParam(const Request& request, std::string_view name, int default_value, int max);

// ?unacknowledged=true|false of the administrators' alert lists (false, all of them, when absent);
// kInvalidArgument otherwise.
Result<domain::AlertListing> UnacknowledgedParam(const Request& request);

Json ToJson(const domain::Municipality& municipality);
Json ToJson(const domain::Prefecture& prefecture);
Json ToJson(const domain::Organization& organization);
Json ToJson(const domain::Area& area);
Json ToJson(const domain::User& user);  // never the password hash
Json ToJson(const domain::Post& post);
Json ToJson(const domain::ApiToken& token);  // never the token hash
Json ToJson(const domain::AuthEvent& event);

// The replies below write each record with ToJson(record, as_of...): `as_of` is what a writer that shows a
// time-dependent fact needs (a date `today` for ages and current household members, an instant `now` for an
// emergency access still in force), from the handler's injected clock; none for the others.

// {"items": [...]} of a list.
template <class T, class... AsOf>
Json ItemsJson(const std::vector<T>& items, const AsOf&... as_of) {
    Json array = Json::array();
    for (const T& item : items) array.push_back(ToJson(item, as_of...));
    return Json{{"items", std::move(array)}};
}

// Maps a Result to a response: the value as JSON with `status`, or the error.
template <class T, class... AsOf>
Response Reply(const Result<T>& result, int status = 200, const AsOf&... as_of) {
    if (!result) return Response::ErrorJson(result.error());
    return Response::Json(status, ToJson(*result, as_of...));
}

// A Result written by `to_json` (a writer of the resource's own file, not a ToJson overload) with `status`, or its
// error.
template <class T, class Write>
Response ReplyWith(const Result<T>& result, Write to_json, int status = 200) {
    if (!result) return Response::ErrorJson(result.error());
    return Response::Json(status, to_json(*result));
}

// A listed Result as {"items": [...]}, or its error.
template <class T, class... AsOf>
Response ReplyItems(const Result<std::vector<T>>& result, const AsOf&... as_of) {
    if (!result) return Response::ErrorJson(result.error());
    return Response::Json(200, ItemsJson(*result, as_of...));
}

// 204 No Content for a use case that returns nothing to show, or its error.
template <class R>
Response ReplyNoContent(const R& result) {
    if (!result) return Response::ErrorJson(result.error());
    return Response{.status = 204};
}

// A stale edit (kConflict) answered with both versions beside the error: "current", the record as it is now (left
// out when null), and "yours", what the client sent; so that a client can show what changed meanwhile and let the
// person merge by hand rather than lose either edit.
Response StaleVersionReply(const Error& conflict, const Json& current, const Json& yours);

// The reply to an update: the saved record; a stale version as StaleVersionReply with `current()` (a Result of
// the record as it is now, read only then, or already written as Json); any other error as it is.
template <class T, class Current>
Response ReplyUpdated(const Result<T>& updated, const Json& yours, Current current) {
    if (updated) return Response::Json(200, ToJson(*updated));
    if (!updated.error().Is(ErrorCode::kConflict)) return Response::ErrorJson(updated.error());
    auto record = current();
    if (!record) return StaleVersionReply(updated.error(), Json(), yours);
    if constexpr (std::is_same_v<std::remove_cvref_t<decltype(*record)>, Json>) {
        return StaleVersionReply(updated.error(), *record, yours);  // written by `current` (it needed more than ToJson)
    } else {
        return StaleVersionReply(updated.error(), ToJson(*record), yours);
    }
}

// A handler of the resource named by the path's {id}: parses the id (anything but a positive integer is "not
// found") and passes it to `call(request, id)`.
template <class Call>
Handler ById(Call call) {
    return [call](Request& request) -> Response {
        auto id = PathId(request);
        if (!id) return Response::ErrorJson(id.error());
        return call(request, *id);
    };
}

// Registers a route of the JSON API for signed-in callers (a session or an API token). `follow_up` names what the
// handler reads first (Route::follow_up).
void AddSignedInRoute(Router& router, std::string method, std::string pattern, Handler handler, RouteDoc doc,
                      std::function<domain::SessionFollowUp(const Request&)> follow_up = {});

// JSON Schemas used in the OpenAPI document.
namespace schema {
Json Object(std::initializer_list<std::pair<const char*, Json>> properties,
            std::initializer_list<const char*> required);
Json String();
Json Integer();
Json Boolean();
Json ArrayOf(Json item);
Json Items(Json item);
Json Organization();
Json Area();
Json User();
Json Post();
Json Municipality();
Json Prefecture();
Json ApiToken();
Json AuthEvent();
}  // namespace schema

}  // namespace kasane::http::api
