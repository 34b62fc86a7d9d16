// SPDX-License-Identifier: Apache-2.0
// 世帯 (households): members with their 続柄, who moved in and out when (rows are kept), and the notes on the
// household's life as a whole.

#include "base/japan_time.hpp"
#include "http/api/common.hpp"
#include "http/api/household_json.hpp"
#include "http/api/routes.hpp"
#include "http/api/time_json.hpp"

namespace kasane::http::api {

namespace {

constexpr std::size_t kTextCap = 20000;  // the domain checks the real limits

Response Create(domain::HouseholdService& households, const Clock& clock, Request& request) {
    auto body = JsonBody(request);
    if (!body) return Response::ErrorJson(body.error());
    auto name = RequireString(*body, "name", kTextCap);
    if (!name) return Response::ErrorJson(name.error());
    auto notes = OptionalString(*body, "notes", kTextCap);
    if (!notes) return Response::ErrorJson(notes.error());
    std::vector<domain::HouseholdMemberInput> members;
    if (const auto it = body->find("members"); it != body->end() && !it->is_null()) {
        if (!it->is_array()) {
            return Response::ErrorJson(Error::InvalidArgument("世帯員は配列で指定してください", "members"));
        }
        for (const Json& item : *it) {
            auto member = HouseholdMemberFromJson(item, "members");
            if (!member) return Response::ErrorJson(member.error());
            members.push_back(*member);
        }
    }
    return Reply(households.Create(ActorOf(request), *name, notes->value_or(""), members), 201, TodayInJapan(clock));
}

Response Update(domain::HouseholdService& households, const Clock& clock, Request& request) {
    auto id = PathId(request);
    if (!id) return Response::ErrorJson(id.error());
    auto body = JsonBody(request);
    if (!body) return Response::ErrorJson(body.error());
    auto version = RequireInteger(*body, "version");
    if (!version) return Response::ErrorJson(version.error());
    auto name = RequireString(*body, "name", kTextCap);
    if (!name) return Response::ErrorJson(name.error());
    auto notes = OptionalString(*body, "notes", kTextCap);
    if (!notes) return Response::ErrorJson(notes.error());
    return Reply(households.Update(ActorOf(request), domain::HouseholdId{*id}, static_cast<int>(*version), *name,
                                   notes->value_or("")),
                 200, TodayInJapan(clock));
}

Response AddMember(domain::HouseholdService& households, const Clock& clock, Request& request) {
    auto id = PathId(request);
    if (!id) return Response::ErrorJson(id.error());
    auto body = JsonBody(request);
    if (!body) return Response::ErrorJson(body.error());
    auto member = HouseholdMemberFromJson(*body, "");
    if (!member) return Response::ErrorJson(member.error());
    return Reply(households.AddMember(ActorOf(request), domain::HouseholdId{*id}, *member), 201, TodayInJapan(clock));
}

Response MoveOut(domain::HouseholdService& households, const Clock& clock, Request& request) {
    auto id = PathId(request);
    if (!id) return Response::ErrorJson(id.error());
    auto member_id = PathId(request, "member_id");
    if (!member_id) return Response::ErrorJson(member_id.error());
    auto body = JsonBody(request);
    if (!body) return Response::ErrorJson(body.error());
    auto moved_out = OptionalDateField(*body, "moved_out", "転出・別居日");
    if (!moved_out) return Response::ErrorJson(moved_out.error());
    if (!moved_out->has_value()) {
        return Response::ErrorJson(Error::InvalidArgument("転出・別居日を入力してください", "moved_out"));
    }
    auto reason = OptionalString(*body, "reason", kTextCap);
    if (!reason) return Response::ErrorJson(reason.error());
    return Reply(households.EndMembership(ActorOf(request), domain::HouseholdId{*id}, *member_id, **moved_out,
                                          reason->value_or("")),
                 200, TodayInJapan(clock));
}

}  // namespace

void AddHouseholdRoutes(Router& router, const ApiDependencies& dependencies) {
    domain::HouseholdService& households = dependencies.households;
    const Clock& clock = dependencies.clock;

    AddSignedInRoute(router, "POST", "/api/v1/households",
                     [&households, &clock](Request& request) { return Create(households, clock, request); },
                     {.summary = "Record a household with its members (the caller must see every member)",
                      .tag = "households",
                      .request_body = schema::Object({{"name", schema::String()},
                                                      {"notes", schema::String()},
                                                      {"members", schema::ArrayOf(schema::HouseholdMemberInput())}},
                                                     {"name"}),
                      .response_body = schema::Household(),
                      .success_status = 201});

    AddSignedInRoute(
        router, "GET", "/api/v1/households/{id}", ById([&households, &clock](Request& request, std::int64_t id) {
            return Reply(households.Get(ActorOf(request), domain::HouseholdId{id}), 200, TodayInJapan(clock));
        }),
        {.summary = "One household; members the caller may not see are left out",
         .tag = "households",
         .response_body = schema::Household()});

    AddSignedInRoute(router, "PUT", "/api/v1/households/{id}",
                     [&households, &clock](Request& request) { return Update(households, clock, request); },
                     {.summary = "Rename a household or rewrite its notes; 409 on a stale version",
                      .tag = "households",
                      .request_body = schema::Object(
                          {{"version", schema::Integer()}, {"name", schema::String()}, {"notes", schema::String()}},
                          {"version", "name"}),
                      .response_body = schema::Household()});

    AddSignedInRoute(router, "POST", "/api/v1/households/{id}/members",
                     [&households, &clock](Request& request) { return AddMember(households, clock, request); },
                     {.summary = "Add a member (moved in, born, came to live together)",
                      .tag = "households",
                      .request_body = schema::HouseholdMemberInput(),
                      .response_body = schema::Household(),
                      .success_status = 201});

    AddSignedInRoute(
        router, "POST", "/api/v1/households/{id}/members/{member_id}/move-out",
        [&households, &clock](Request& request) { return MoveOut(households, clock, request); },
        {.summary = "End a membership (moved out, died, lives apart); the row is kept",
         .tag = "households",
         .request_body = schema::Object({{"moved_out", schema::String()}, {"reason", schema::String()}}, {"moved_out"}),
         .response_body = schema::Household()});

    AddSignedInRoute(router, "GET", "/api/v1/persons/{id}/households",
                     ById([&households, &clock](Request& request, std::int64_t id) {
                         return ReplyItems(households.OfPerson(ActorOf(request), domain::PersonId{id}),
                                           TodayInJapan(clock));
                     }),
                     {.summary = "Households the person was ever a member of, newest first",
                      .tag = "households",
                      .response_body = schema::Items(schema::Household())});
}

}  // namespace kasane::http::api
