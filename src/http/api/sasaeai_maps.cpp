// SPDX-License-Identifier: Apache-2.0
// 支え愛マップ (issue 15, item 3): every 地区's status with the prefecture's indicator, and a 地区's status recorded.

#include "http/api/sasaeai_maps.hpp"

#include "http/api/common.hpp"
#include "http/api/json_fields.hpp"
#include "http/api/time_json.hpp"

namespace kasane::http::api {

void AddSasaeaiMapRoutes(Router& router, domain::SasaeaiMapService& maps) {
    AddSignedInRoute(
        router, "GET", "/api/v1/sasaeai-maps",
        [&maps](Request& request) {
            auto overview = maps.Overview(ActorOf(request));
            if (!overview) return Response::ErrorJson(overview.error());
            Json items = Json::array();
            for (const domain::SasaeaiMapRow& row : overview->rows) {
                items.push_back({{"area_id", row.area.id},
                                 {"name", row.area.name},
                                 {"made", row.status.Made()},
                                 {"made_on", DateJson(row.status.made_on)},
                                 {"updated_on", DateJson(row.status.updated_on)},
                                 {"meeting_held_on", DateJson(row.status.meeting_held_on)},
                                 {"drill_held_on", DateJson(row.status.drill_held_on)}});
            }
            return Response::Json(200, Json{{"items", std::move(items)},
                                            {"indicator",
                                             {{"districts", overview->indicator.districts},
                                              {"with_map", overview->indicator.with_map},
                                              {"share", overview->indicator.share}}},
                                            {"may_record", overview->may_record}});
        },
        {.summary =
             "支え愛マップ per 地区 (every 自治会): made, last updated, 地域支え愛会議 and 避難訓練 held; and the "
             "prefecture's indicator (地区 with a map, and their share)",
         .tag = "sasaeai-maps",
         .response_body =
             schema::Object({{"items", schema::ArrayOf(schema::Object({{"area_id", schema::Integer()},
                                                                       {"name", schema::String()},
                                                                       {"made", schema::Boolean()},
                                                                       {"made_on", NullableString()},
                                                                       {"updated_on", NullableString()},
                                                                       {"meeting_held_on", NullableString()},
                                                                       {"drill_held_on", NullableString()}},
                                                                      {"area_id", "name", "made"}))},
                             {"indicator", schema::Object({{"districts", schema::Integer()},
                                                           {"with_map", schema::Integer()},
                                                           {"share", Json{{"type", "number"}}}},
                                                          {"districts", "with_map", "share"})},
                             {"may_record", schema::Boolean()}},
                            {"items", "indicator", "may_record"})});

    AddSignedInRoute(router, "PUT", "/api/v1/sasaeai-maps/{area_id}",
                     [&maps](Request& request) {
                         auto area_id = PathId(request, "area_id");
                         if (!area_id) return Response::ErrorJson(area_id.error());
                         auto body = JsonBody(request);
                         if (!body) return Response::ErrorJson(body.error());
                         domain::SasaeaiMapStatus status{.area_id = *area_id};
                         for (auto [field, target] :
                              {std::pair{"made_on", &status.made_on}, std::pair{"updated_on", &status.updated_on},
                               std::pair{"meeting_held_on", &status.meeting_held_on},
                               std::pair{"drill_held_on", &status.drill_held_on}}) {
                             auto date = OptionalDateField(*body, field, field);
                             if (!date) return Response::ErrorJson(date.error());
                             *target = *date;
                         }
                         auto recorded = maps.Record(ActorOf(request), status);
                         if (!recorded) return Response::ErrorJson(recorded.error());
                         return Response{.status = 204};
                     },
                     {.summary = "Records a 地区's 支え愛マップ status (made_on, updated_on, meeting_held_on, "
                                 "drill_held_on; null for none): the municipality's professional staff and "
                                 "administrators",
                      .tag = "sasaeai-maps",
                      .request_body = schema::Object({{"made_on", NullableString()},
                                                      {"updated_on", NullableString()},
                                                      {"meeting_held_on", NullableString()},
                                                      {"drill_held_on", NullableString()}},
                                                     {}),
                      .success_status = 204});
}

}  // namespace kasane::http::api
