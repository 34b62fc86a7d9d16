#pragma once

// Small helpers shared by the API handlers.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>

#include "base/json.hpp"
#include "base/result.hpp"
#include "domain/intake.hpp"
#include "domain/master_data.hpp"
#include "domain/user.hpp"
#include "http/api/intake_json.hpp"   // its ToJson overloads must precede Reply() and ItemsJson()
#include "http/api/sharing_json.hpp"  // likewise
#include "http/message.hpp"

namespace kasane::http::api {

// A path parameter that must be a positive integer id. Anything else is "not found", like an id that exists
// nowhere.
Result<std::int64_t> PathId(const Request& request, std::string_view name = "id");

// The request body as a JSON object.
Result<Json> JsonBody(const Request& request);

const domain::Principal& PrincipalOf(const Request& request);

// Who acts in this request, from where, under which request id: what the audit trail of personal data records.
domain::Actor ActorOf(const Request& request);

// An optional positive integer query parameter (?limit=20) between 1 and `max`; `default_value` when absent.
// kInvalidArgument naming the parameter otherwise.
Result<int> LimitParam(const Request& request, std::string_view name, int default_value, int max);

Json ToJson(const domain::Municipality& municipality);
Json ToJson(const domain::Organization& organization);
Json ToJson(const domain::Area& area);
Json ToJson(const domain::User& user);  // never the password hash
Json ToJson(const domain::ApiToken& token);  // never the token hash
Json ToJson(const domain::AuthEvent& event);

// {"items": [...]} of a list.
template <class T>
Json ItemsJson(const std::vector<T>& items) {
    Json array = Json::array();
    for (const T& item : items) array.push_back(ToJson(item));
    return Json{{"items", std::move(array)}};
}

// Maps a Result to a response: the value as JSON with `status`, or the error.
template <class T>
Response Reply(const Result<T>& result, int status = 200) {
    if (!result) return Response::ErrorJson(result.error());
    return Response::Json(status, ToJson(*result));
}

// JSON Schemas used in the OpenAPI document.
namespace schema {
Json Object(std::initializer_list<std::pair<const char*, Json>> properties, std::initializer_list<const char*> required);
Json String();
Json Integer();
Json Boolean();
Json ArrayOf(Json item);
Json Items(Json item);
Json Organization();
Json Area();
Json User();
Json Municipality();
Json ApiToken();
Json AuthEvent();
}  // namespace schema

}  // namespace kasane::http::api
