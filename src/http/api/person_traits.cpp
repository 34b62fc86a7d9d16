// SPDX-License-Identifier: Apache-2.0
// 課題と特性 of a person (issue 17, item 3). Each handler parses, calls one use case and maps its Result.

#include "http/api/person_traits.hpp"

#include <vector>

#include "base/json.hpp"
#include "http/api/common.hpp"
#include "http/api/json_fields.hpp"

namespace kasane::http::api {

namespace {

Json TraitsJson(const domain::PersonTraitsView& view) {
    Json traits = Json::array();
    for (const domain::PersonTrait trait : view.traits.traits) {
        traits.push_back({{"code", domain::PersonTraitCode(trait)}, {"label", domain::PersonTraitLabel(trait)}});
    }
    return Json{{"person_id", view.traits.person_id.value()},
                {"traits", std::move(traits)},
                {"updated_at", InstantJson(view.traits.updated_at)},
                {"updated_by", view.traits.updated_by
                                   ? Json{{"id", view.traits.updated_by->value()}, {"name", view.updated_by_name}}
                                   : Json(nullptr)},
                {"may_edit", view.may_edit}};
}

Json TraitCodeSchema() {
    std::vector<std::string_view> codes;
    for (const domain::PersonTrait trait : domain::AllPersonTraits()) codes.push_back(domain::PersonTraitCode(trait));
    return EnumSchema(codes);
}

Json TraitsSchema() {
    return schema::Object(
        {{"person_id", schema::Integer()},
         {"traits", schema::ArrayOf(
                        schema::Object({{"code", TraitCodeSchema()}, {"label", schema::String()}}, {"code", "label"}))},
         {"updated_at", NullableString()},
         {"updated_by",
          Json{{"type", {"object", "null"}}, {"properties", {{"id", schema::Integer()}, {"name", schema::String()}}}}},
         {"may_edit", schema::Boolean()}},
        {"person_id", "traits", "updated_at", "updated_by", "may_edit"});
}

Response Answer(const Result<domain::PersonTraitsView>& result) {
    if (!result) return Response::ErrorJson(result.error());
    return Response::Json(200, TraitsJson(*result));
}

}  // namespace

void AddPersonTraitRoutes(Router& router, domain::PersonTraitService& traits) {
    AddSignedInRoute(
        router, "GET", "/api/v1/persons/{id}/traits", ById([&traits](Request& request, std::int64_t id) {
            return Answer(traits.Get(ActorOf(request), domain::PersonId{id}));
        }),
        {.summary = "課題と特性 of a person (the union over the records merged into it), with when and by whom they "
                    "were last set; a person the caller may not see is 404, one whose sensitive fields the caller may "
                    "not see 403. The read is audited",
         .tag = "persons",
         .response_body = TraitsSchema()});

    AddSignedInRoute(
        router, "PUT", "/api/v1/persons/{id}/traits", ById([&traits](Request& request, std::int64_t id) {
            auto body = JsonBody(request);
            if (!body) return Response::ErrorJson(body.error());
            if (!body->contains("traits")) {
                return Response::ErrorJson(
                    Error::InvalidArgument("traits（課題と特性のコードの配列）を指定してください", "traits"));
            }
            auto codes = StringArray(*body, "traits", "traits");
            if (!codes) return Response::ErrorJson(codes.error());
            return Answer(traits.Set(ActorOf(request), domain::PersonId{id}, *codes));
        }),
        {.summary = "Sets a person's 課題と特性 to the codes given (an empty array clears them; a code given twice "
                    "counts once; an unknown code is 400 naming the field traits). Who may change the person's record "
                    "may; audited as an update of the person",
         .tag = "persons",
         .request_body = schema::Object({{"traits", schema::ArrayOf(TraitCodeSchema())}}, {"traits"}),
         .response_body = TraitsSchema()});
}

}  // namespace kasane::http::api
