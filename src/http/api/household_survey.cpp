// SPDX-License-Identifier: Apache-2.0
// 世帯訪問調査 (issue 15, item 2): campaigns, their form, the 自治会 assigned to bodies, households and hearing notes
// per area, visits, progress, and 「つなぐ」. Each handler parses, calls one use case and maps its Result; who may
// read or record what is the access policy's (SurveyAreaAccess), so a 法人 visitor reads its assigned areas only.

#include "http/api/household_survey.hpp"

#include "http/api/common.hpp"
#include "http/api/imports.hpp"
#include "http/api/json_fields.hpp"
#include "http/api/time_json.hpp"

namespace kasane::http::api {

namespace {

Json ItemsJson(const std::vector<domain::SurveyFormItem>& items) {
    Json array = Json::array();
    for (const domain::SurveyFormItem& item : items) {
        array.push_back({{"key", item.key}, {"label", item.label}, {"section", item.section}});
    }
    return array;
}

Json CampaignJson(const domain::SurveyCampaign& campaign) {
    return Json{{"id", campaign.id},
                {"name", campaign.name},
                {"purpose", campaign.purpose},
                {"starts_on", DateJson(campaign.starts_on)},
                {"ends_on", DateJson(campaign.ends_on)},
                {"form_version", campaign.form_version},
                {"items", ItemsJson(campaign.items)}};
}

Json BodyJson(const domain::VisitingBody& body) {
    return Json{{"organization_id", body.organization_id ? Json(*body.organization_id) : Json(nullptr)},
                {"volunteer_user_id", body.volunteer_user_id ? Json(*body.volunteer_user_id) : Json(nullptr)}};
}

Json ProgressJson(const domain::AreaProgress& progress) {
    return Json{{"households", progress.households}, {"visited", progress.visited}, {"revisit", progress.revisit}};
}

Json VisitJson(const domain::SurveyVisit& visit) {
    return Json{{"id", visit.id},
                {"household_id", visit.household_id},
                {"area_id", visit.area_id},
                {"visited_on", DateJson(visit.visited_on)},
                {"visitors", visit.visitors},
                {"outcome", domain::VisitOutcomeCode(visit.outcome)},
                {"form_version", visit.form_version},
                {"answers", visit.answers},
                {"notice", visit.notice},
                {"body", BodyJson(visit.body)},
                {"consultation_id", visit.consultation_id ? Json(*visit.consultation_id) : Json(nullptr)},
                {"version", visit.version}};
}

Json HouseholdJson(const domain::SurveyHousehold& household) {
    return Json{{"id", household.id},
                {"area_id", household.area_id},
                {"address", household.address},
                {"head_name", household.head_name},
                {"origin", domain::HouseholdOriginCode(household.origin)}};
}

const Json& ItemSchema() {
    static const Json schema =
        schema::Object({{"key", schema::String()}, {"label", schema::String()}, {"section", schema::String()}},
                       {"key", "label", "section"});
    return schema;
}

Json CampaignSchema() {
    return schema::Object({{"id", schema::Integer()},
                           {"name", schema::String()},
                           {"purpose", schema::String()},
                           {"starts_on", schema::String()},
                           {"ends_on", schema::String()},
                           {"form_version", schema::Integer()},
                           {"items", schema::ArrayOf(ItemSchema())}},
                          {"id", "name", "starts_on", "ends_on", "form_version", "items"});
}

Json BodySchema() {
    return schema::Object({{"organization_id", NullableInteger()}, {"volunteer_user_id", NullableInteger()}}, {});
}

Json ProgressSchema() {
    return schema::Object(
        {{"households", schema::Integer()}, {"visited", schema::Integer()}, {"revisit", schema::Integer()}},
        {"households", "visited", "revisit"});
}

Json OutcomeSchema() { return EnumSchema({"met", "absent", "refused", "vacant", "moved_out"}); }

Json VisitSchema() {
    return schema::Object({{"id", schema::Integer()},
                           {"household_id", schema::Integer()},
                           {"area_id", schema::Integer()},
                           {"visited_on", schema::String()},
                           {"visitors", schema::String()},
                           {"outcome", OutcomeSchema()},
                           {"form_version", schema::Integer()},
                           {"answers", schema::Object({}, {})},
                           {"notice", schema::String()},
                           {"body", BodySchema()},
                           {"consultation_id", NullableInteger()},
                           {"version", schema::Integer()}},
                          {"id", "household_id", "visited_on", "outcome", "form_version"});
}

Json HouseholdSchema() {
    return schema::Object({{"id", schema::Integer()},
                           {"area_id", schema::Integer()},
                           {"address", schema::String()},
                           {"head_name", schema::String()},
                           {"origin", EnumSchema({"list", "doorstep"})}},
                          {"id", "area_id", "address", "head_name", "origin"});
}

Json HouseholdImportPlanJson(const domain::SurveyHouseholdImportPlan& plan) {
    Json rows = Json::array();
    for (const domain::SurveyHouseholdImportRow& row : plan.rows) {
        rows.push_back({{"line", row.line},
                        {"area_id", row.area_id != 0 ? Json(row.area_id) : Json(nullptr)},
                        {"area_name", row.area_name},
                        {"address", row.address},
                        {"head_name", row.head_name},
                        {"existing", row.existing},
                        {"error", row.error}});
    }
    return {{"file_name", plan.file_name}, {"sha256", plan.sha256},  {"table_name", plan.table_name},
            {"encoding", plan.encoding},   {"errors", plan.errors},  {"to_create", plan.to_create},
            {"existing", plan.existing},   {"rows", std::move(rows)}};
}

Json HouseholdImportPlanSchema() {
    return schema::Object({{"file_name", schema::String()},
                           {"sha256", schema::String()},
                           {"table_name", schema::String()},
                           {"encoding", schema::String()},
                           {"errors", schema::Integer()},
                           {"to_create", schema::Integer()},
                           {"existing", schema::Integer()},
                           {"rows", schema::ArrayOf(schema::Object({{"line", schema::Integer()},
                                                                    {"area_id", NullableInteger()},
                                                                    {"area_name", schema::String()},
                                                                    {"address", schema::String()},
                                                                    {"head_name", schema::String()},
                                                                    {"existing", schema::Boolean()},
                                                                    {"error", schema::String()}},
                                                                   {"line", "address", "existing", "error"}))}},
                          {"rows", "errors", "to_create", "existing"});
}

Json HouseholdImportInput() {
    return schema::Object({{"upload_id", schema::Integer()}, {"area_id", NullableInteger()}}, {"upload_id"});
}

Result<std::vector<domain::SurveyFormItem>> ItemsFromJson(const Json& body) {
    std::vector<domain::SurveyFormItem> items;
    if (!body.contains("items") || body["items"].is_null()) return items;
    if (!body["items"].is_array()) return Fail(Error::InvalidArgument("items は配列です", "items"));
    for (const Json& item : body["items"]) {
        if (!item.is_object()) return Fail(Error::InvalidArgument("items の要素が正しくありません", "items"));
        items.push_back(
            {.key = item.value("key", ""), .label = item.value("label", ""), .section = item.value("section", "")});
    }
    return items;
}

Result<std::int64_t> IntegerField(const Json& body, const char* field) {
    if (!body.contains(field) || !body[field].is_number_integer()) {
        return Fail(Error::InvalidArgument(std::string(field) + " を整数で指定してください", field));
    }
    return body[field].get<std::int64_t>();
}

std::optional<std::int64_t> OptionalInteger(const Json& body, const char* field) {
    if (!body.contains(field) || !body[field].is_number_integer()) return std::nullopt;
    return body[field].get<std::int64_t>();
}

Result<domain::VisitInput> VisitFromJson(const Json& body) {
    domain::VisitInput input;
    auto household = IntegerField(body, "household_id");
    if (!household) return Fail(household.error());
    input.household_id = SurveyHouseholdId{*household};
    auto area = IntegerField(body, "area_id");
    if (!area) return Fail(area.error());
    input.area_id = *area;
    auto visited_on = RequireDate(body, "visited_on", "訪問日");
    if (!visited_on) return Fail(visited_on.error());
    input.visited_on = *visited_on;
    input.visitors = body.value("visitors", "");
    if (body.contains("outcome") && !body["outcome"].is_string()) {
        return Fail(Error::InvalidArgument("outcome は文字列です", "outcome"));
    }
    input.outcome = body.value("outcome", "");
    input.notice = body.value("notice", "");
    if (body.contains("answers")) {
        if (!body["answers"].is_object()) return Fail(Error::InvalidArgument("answers はオブジェクトです", "answers"));
        for (const auto& [key, value] : body["answers"].items()) {
            if (!value.is_string()) return Fail(Error::InvalidArgument("answers の値は文字列です", "answers"));
            input.answers[key] = value.get<std::string>();
        }
    }
    return input;
}

Json ErrorDetailJson(const Error& error) {
    return Json{{"code", ErrorCodeName(error.code)},
                {"message", error.message},
                {"field", error.field.empty() ? Json(nullptr) : Json(error.field)}};
}

// One visit as a device sends it: the visit's fields as VisitFromJson reads them, its idempotency key, and for a
// change of a downloaded visit, its id, the version it started from and that version's values ("base").
Result<domain::OfflineVisit> OfflineVisitFromJson(const Json& body) {
    domain::OfflineVisit offline;
    if (!body.is_object()) return Fail(Error::InvalidArgument("visits の要素はオブジェクトです", "visits"));
    if (body.contains("idempotency_key") && !body["idempotency_key"].is_string()) {
        return Fail(Error::InvalidArgument("idempotency_key は文字列です", "idempotency_key"));
    }
    offline.idempotency_key = body.value("idempotency_key", "");
    if (const auto visit_id = OptionalInteger(body, "visit_id")) {
        offline.visit_id = SurveyVisitId{*visit_id};
        auto version = IntegerField(body, "base_version");
        if (!version) return Fail(version.error());
        offline.base_version = static_cast<int>(*version);
        if (!body.contains("base") || !body["base"].is_object()) {
            return Fail(Error::InvalidArgument("base は変更前の値のオブジェクトです", "base"));
        }
        for (const auto& [field, value] : body["base"].items()) {
            if (!value.is_string()) return Fail(Error::InvalidArgument("base の値は文字列です", "base"));
            offline.base[field] = value.get<std::string>();
        }
    }
    auto input = VisitFromJson(body);
    if (!input) return Fail(input.error());
    offline.input = std::move(*input);
    return offline;
}

Json SyncResultJson(const domain::OfflineSyncResult& result) {
    Json json{{"idempotency_key", result.idempotency_key},
              {"status", domain::OfflineSyncStatusCode(result.status)},
              {"visit_id", result.visit_id ? Json(*result.visit_id) : Json(nullptr)},
              {"version", result.version}};
    if (result.status == domain::OfflineSyncStatus::kConflict) {
        Json conflicts = Json::array();
        for (const domain::FieldConflict& conflict : result.conflicts) {
            conflicts.push_back({{"field", conflict.field},
                                 {"server_value", conflict.server_value},
                                 {"device_value", conflict.device_value}});
        }
        json["conflicts"] = std::move(conflicts);
        json["server"] = result.server;
    }
    if (result.refusal) json["error"] = ErrorDetailJson(*result.refusal);
    return json;
}

Json AreaViewJson(const domain::SurveyAreaView& view) {
    Json households = Json::array();
    for (const domain::SurveyHouseholdRow& row : view.rows) {
        Json json = HouseholdJson(row.household);
        Json notes = Json::array();
        for (const domain::SurveyHearingNote& note : row.notes) {
            notes.push_back(
                {{"id", note.id}, {"informant", domain::HearingInformantCode(note.informant)}, {"note", note.note}});
        }
        Json visits = Json::array();
        for (const domain::SurveyVisit& visit : row.visits) visits.push_back(VisitJson(visit));
        json["hearing_notes"] = std::move(notes);
        json["flagged"] = row.Flagged();
        json["dv_placeholder"] = row.dv_placeholder;
        json["visited"] = row.Visited();
        json["awaits_revisit"] = row.AwaitsRevisit();
        json["visits"] = std::move(visits);
        households.push_back(std::move(json));
    }
    return Json{{"campaign_id", view.campaign.id},
                {"area_id", view.area.assignment.area_id},
                {"area_name", view.area.area_name},
                {"body", BodyJson(view.area.assignment.body)},
                {"body_name", view.area.body_name},
                {"progress", ProgressJson(view.area.progress)},
                {"basis", view.basis},
                {"households", std::move(households)}};
}

}  // namespace

void AddHouseholdSurveyRoutes(Router& router, domain::HouseholdSurveyService& surveys) {
    AddSignedInRoute(
        router, "GET", "/api/v1/survey-campaigns",
        [&surveys](Request& request) {
            auto campaigns = surveys.Campaigns(ActorOf(request));
            if (!campaigns) return Response::ErrorJson(campaigns.error());
            Json items = Json::array();
            for (const domain::SurveyCampaign& campaign : *campaigns) items.push_back(CampaignJson(campaign));
            return Response::Json(200, Json{{"items", std::move(items)}});
        },
        {.summary = "The 世帯訪問調査 campaigns the caller runs (the town's staff) or has a 自治会 assigned in",
         .tag = "household-survey",
         .response_body = schema::Object({{"items", schema::ArrayOf(CampaignSchema())}}, {"items"})});

    AddSignedInRoute(
        router, "POST", "/api/v1/survey-campaigns",
        [&surveys](Request& request) {
            auto body = JsonBody(request);
            if (!body) return Response::ErrorJson(body.error());
            domain::SurveyCampaign campaign;
            campaign.name = body->value("name", "");
            campaign.purpose = body->value("purpose", "");
            auto starts = RequireDate(*body, "starts_on", "調査の開始日");
            if (!starts) return Response::ErrorJson(starts.error());
            auto ends = RequireDate(*body, "ends_on", "調査の終了日");
            if (!ends) return Response::ErrorJson(ends.error());
            campaign.starts_on = *starts;
            campaign.ends_on = *ends;
            auto items = ItemsFromJson(*body);
            if (!items) return Response::ErrorJson(items.error());
            campaign.items = std::move(*items);
            auto created = surveys.CreateCampaign(ActorOf(request), std::move(campaign));
            if (!created) return Response::ErrorJson(created.error());
            return Response::Json(201, CampaignJson(*created));
        },
        {.summary = "Starts a campaign with its period, purpose and form (住環境, 生活環境, 困りごと, 気づき; the "
                    "default form when items are left out), as version 1; the town's staff only",
         .tag = "household-survey",
         .request_body = schema::Object({{"name", schema::String()},
                                         {"purpose", schema::String()},
                                         {"starts_on", schema::String()},
                                         {"ends_on", schema::String()},
                                         {"items", schema::ArrayOf(ItemSchema())}},
                                        {"name", "starts_on", "ends_on"}),
         .response_body = CampaignSchema(),
         .success_status = 201});

    AddSignedInRoute(
        router, "GET", "/api/v1/survey-campaigns/{id}", ById([&surveys](Request& request, std::int64_t id) {
            auto overview = surveys.Overview(ActorOf(request), SurveyCampaignId{id});
            if (!overview) return Response::ErrorJson(overview.error());
            Json areas = Json::array();
            for (const domain::SurveyAssignmentRow& row : overview->areas) {
                areas.push_back({{"area_id", row.assignment.area_id},
                                 {"area_name", row.area_name},
                                 {"area_households", row.area_households ? Json(*row.area_households) : Json(nullptr)},
                                 {"body", BodyJson(row.assignment.body)},
                                 {"body_name", row.body_name},
                                 {"progress", ProgressJson(row.progress)}});
            }
            Json bodies = Json::array();
            for (const domain::BodyProgress& body : overview->bodies) {
                bodies.push_back({{"body", BodyJson(body.body)},
                                  {"body_name", body.body_name},
                                  {"areas", body.areas},
                                  {"progress", ProgressJson({.households = body.households,
                                                             .visited = body.visited,
                                                             .revisit = body.revisit})}});
            }
            return Response::Json(200, Json{{"campaign", CampaignJson(overview->campaign)},
                                            {"may_run", overview->may_run},
                                            {"areas", std::move(areas)},
                                            {"bodies", std::move(bodies)}});
        }),
        {.summary = "A campaign with the 自治会 the caller may read (the town's staff: all; a visiting body: those "
                    "assigned to it), each with its body and progress (visited of households, revisit queue), and "
                    "the progress per body; 404 for a caller with no area in it",
         .tag = "household-survey",
         .response_body =
             schema::Object({{"campaign", CampaignSchema()},
                             {"may_run", schema::Boolean()},
                             {"areas", schema::ArrayOf(schema::Object({{"area_id", schema::Integer()},
                                                                       {"area_name", schema::String()},
                                                                       {"area_households", NullableInteger()},
                                                                       {"body", BodySchema()},
                                                                       {"body_name", schema::String()},
                                                                       {"progress", ProgressSchema()}},
                                                                      {"area_id", "area_name", "body", "progress"}))},
                             {"bodies", schema::ArrayOf(schema::Object({{"body", BodySchema()},
                                                                        {"body_name", schema::String()},
                                                                        {"areas", schema::Integer()},
                                                                        {"progress", ProgressSchema()}},
                                                                       {"body", "areas", "progress"}))}},
                            {"campaign", "may_run", "areas", "bodies"})});

    AddSignedInRoute(
        router, "PUT", "/api/v1/survey-campaigns/{id}/form", ById([&surveys](Request& request, std::int64_t id) {
            auto body = JsonBody(request);
            if (!body) return Response::ErrorJson(body.error());
            auto items = ItemsFromJson(*body);
            if (!items) return Response::ErrorJson(items.error());
            auto revised = surveys.ReviseForm(ActorOf(request), SurveyCampaignId{id}, *items);
            if (!revised) return Response::ErrorJson(revised.error());
            return Response::Json(200, CampaignJson(*revised));
        }),
        {.summary = "Stores the form's items as its next version (visits keep the version they used); the town's "
                    "staff only",
         .tag = "household-survey",
         .request_body = schema::Object({{"items", schema::ArrayOf(ItemSchema())}}, {"items"}),
         .response_body = CampaignSchema()});

    AddSignedInRoute(
        router, "POST", "/api/v1/survey-campaigns/{id}/assignments",
        ById([&surveys](Request& request, std::int64_t id) {
            auto body = JsonBody(request);
            if (!body) return Response::ErrorJson(body.error());
            auto area = IntegerField(*body, "area_id");
            if (!area) return Response::ErrorJson(area.error());
            domain::SurveyAssignment assignment{.campaign_id = SurveyCampaignId{id}, .area_id = *area, .body = {}};
            if (auto organization = OptionalInteger(*body, "organization_id")) {
                assignment.body.organization_id = OrganizationId{*organization};
            }
            if (auto volunteer = OptionalInteger(*body, "volunteer_user_id")) {
                assignment.body.volunteer_user_id = UserId{*volunteer};
            }
            return ReplyNoContent(surveys.Assign(ActorOf(request), assignment));
        }),
        {.summary = "Assigns a 自治会 to the body that visits it: an organisation (organization_id) or a 民生委員 "
                    "(volunteer_user_id); replaces the body assigned before; the town's staff only",
         .tag = "household-survey",
         .request_body = schema::Object({{"area_id", schema::Integer()},
                                         {"organization_id", NullableInteger()},
                                         {"volunteer_user_id", NullableInteger()}},
                                        {"area_id"}),
         .success_status = 204});

    AddSignedInRoute(
        router, "GET", "/api/v1/survey-campaigns/{id}/households", ById([&surveys](Request& request, std::int64_t id) {
            const auto text = request.QueryParam("area");
            const std::int64_t area = text ? std::atoll(text->c_str()) : 0;
            if (area <= 0) return Response::ErrorJson(Error::InvalidArgument("area は自治会のidです", "area"));
            auto view = surveys.Area(ActorOf(request), SurveyCampaignId{id}, area);
            if (!view) return Response::ErrorJson(view.error());
            return Response::Json(200, AreaViewJson(*view));
        }),
        {.summary = "The visit list of one 自治会 (query: area): its households with the hearing notes that flag a "
                    "気になる世帯 and the visits; the town's staff or the body assigned to it, 404 for anyone else",
         .tag = "household-survey",
         .response_body = schema::Object({{"campaign_id", schema::Integer()},
                                          {"area_id", schema::Integer()},
                                          {"area_name", schema::String()},
                                          {"body", BodySchema()},
                                          {"body_name", schema::String()},
                                          {"progress", ProgressSchema()},
                                          {"basis", schema::String()},
                                          {"households", schema::ArrayOf(HouseholdSchema())}},
                                         {"area_id", "progress", "basis", "households"})});

    AddSignedInRoute(
        router, "POST", "/api/v1/survey-campaigns/{id}/households", ById([&surveys](Request& request, std::int64_t id) {
            auto body = JsonBody(request);
            if (!body) return Response::ErrorJson(body.error());
            auto area = IntegerField(*body, "area_id");
            if (!area) return Response::ErrorJson(area.error());
            const auto origin = domain::ParseHouseholdOrigin(body->value("origin", "list"));
            if (!origin) {
                return Response::ErrorJson(
                    Error::InvalidArgument("origin は list（名簿から）か doorstep（訪問先で）です", "origin"));
            }
            domain::SurveyHousehold household{.campaign_id = SurveyCampaignId{id},
                                              .area_id = *area,
                                              .address = body->value("address", ""),
                                              .head_name = body->value("head_name", ""),
                                              .origin = *origin};
            auto added = surveys.AddHousehold(ActorOf(request), std::move(household));
            if (!added) return Response::ErrorJson(added.error());
            return Response::Json(201, HouseholdJson(*added));
        }),
        {.summary = "Adds a household (address and 世帯主, no 住基 link) to a 自治会's list, from a list or on the "
                    "doorstep; the town's staff or the body assigned to the area",
         .tag = "household-survey",
         .request_body = schema::Object({{"area_id", schema::Integer()},
                                         {"address", schema::String()},
                                         {"head_name", schema::String()},
                                         {"origin", EnumSchema({"list", "doorstep"})}},
                                        {"area_id", "address"}),
         .response_body = HouseholdSchema(),
         .success_status = 201});

    AddSignedInRoute(
        router, "POST", "/api/v1/survey-campaigns/{id}/household-uploads",
        ById([&surveys](Request& request, std::int64_t id) {
            auto file = ListFileOf(request);
            if (!file) return Response::ErrorJson(file.error());
            auto kept =
                surveys.UploadHouseholdList(ActorOf(request), SurveyCampaignId{id}, file->file_name, file->bytes);
            if (!kept) return Response::ErrorJson(kept.error());
            return Response::Json(201, Json{{"id", *kept}});
        }),
        {.summary = "Upload a household list (CSV in UTF-8 or Shift_JIS, or XLSX; columns 住所, 世帯主, optionally "
                    "自治会) as {file_name, content_base64}, for the dry run; whoever runs the campaign",
         .tag = "household-survey",
         .request_body = ListUploadInput(),
         .response_body = schema::Object({{"id", schema::Integer()}}, {"id"}),
         .success_status = 201});

    const auto household_import = [&surveys](bool confirm) {
        return ById([&surveys, confirm](Request& request, std::int64_t id) {
            auto body = JsonBody(request);
            if (!body) return Response::ErrorJson(body.error());
            auto upload = IntegerField(*body, "upload_id");
            if (!upload) return Response::ErrorJson(upload.error());
            const std::optional<AreaId> area = OptionalInteger(*body, "area_id");
            auto plan = confirm ? surveys.ImportHouseholds(ActorOf(request), SurveyCampaignId{id}, *upload, area)
                                : surveys.PlanHouseholdImport(ActorOf(request), SurveyCampaignId{id}, *upload, area);
            if (!plan) return Response::ErrorJson(plan.error());
            return Response::Json(confirm ? 201 : 200, HouseholdImportPlanJson(*plan));
        });
    };
    AddSignedInRoute(router, "POST", "/api/v1/survey-campaigns/{id}/household-imports/dry-run", household_import(false),
                     {.summary = "What a household list would add, writing nothing: every row with its error in "
                                 "Japanese and its row number; rows already on their 自治会's list (same address and "
                                 "世帯主) are marked existing. area_id: the 自治会 of rows that name none",
                      .tag = "household-survey",
                      .request_body = HouseholdImportInput(),
                      .response_body = HouseholdImportPlanSchema()});
    AddSignedInRoute(router, "POST", "/api/v1/survey-campaigns/{id}/household-imports", household_import(true),
                     {.summary = "Import a household list in one transaction, refused while any row has an error; "
                                 "rows already on the list add nothing (audited with the file's SHA-256)",
                      .tag = "household-survey",
                      .request_body = HouseholdImportInput(),
                      .response_body = HouseholdImportPlanSchema(),
                      .success_status = 201});

    AddSignedInRoute(
        router, "POST", "/api/v1/survey-campaigns/{id}/hearing-notes",
        ById([&surveys](Request& request, std::int64_t id) {
            auto body = JsonBody(request);
            if (!body) return Response::ErrorJson(body.error());
            auto household = IntegerField(*body, "household_id");
            if (!household) return Response::ErrorJson(household.error());
            const auto informant = domain::ParseHearingInformant(body->value("informant", ""));
            if (!informant) {
                return Response::ErrorJson(Error::InvalidArgument(
                    "informant は neighborhood_chief（自治会長）か welfare_volunteer（民生委員）です", "informant"));
            }
            domain::SurveyHearingNote note{.household_id = SurveyHouseholdId{*household},
                                           .informant = *informant,
                                           .note = body->value("note", "")};
            auto added = surveys.AddHearingNote(ActorOf(request), SurveyCampaignId{id}, std::move(note));
            if (!added) return Response::ErrorJson(added.error());
            return Response::Json(201, Json{{"id", added->id}});
        }),
        {.summary = "A hearing note of the 自治会長 or 民生委員 that flags a 気になる世帯 before the visit",
         .tag = "household-survey",
         .request_body = schema::Object({{"household_id", schema::Integer()},
                                         {"informant", EnumSchema({"neighborhood_chief", "welfare_volunteer"})},
                                         {"note", schema::String()}},
                                        {"household_id", "informant", "note"}),
         .response_body = schema::Object({{"id", schema::Integer()}}, {"id"}),
         .success_status = 201});

    AddSignedInRoute(
        router, "POST", "/api/v1/survey-campaigns/{id}/visits", ById([&surveys](Request& request, std::int64_t id) {
            auto body = JsonBody(request);
            if (!body) return Response::ErrorJson(body.error());
            auto input = VisitFromJson(*body);
            if (!input) return Response::ErrorJson(input.error());
            auto visit = surveys.RecordVisit(ActorOf(request), SurveyCampaignId{id}, *input);
            if (!visit) return Response::ErrorJson(visit.error());
            return Response::Json(201, VisitJson(*visit));
        }),
        {.summary = "Records a visit (on the doorstep or from the paper sheet): refused with the reason when dated "
                    "outside the campaign, to a household of another 自治会, by a body not assigned, or with an "
                    "unknown outcome",
         .tag = "household-survey",
         .request_body = schema::Object({{"household_id", schema::Integer()},
                                         {"area_id", schema::Integer()},
                                         {"visited_on", schema::String()},
                                         {"visitors", schema::String()},
                                         {"outcome", OutcomeSchema()},
                                         {"answers", schema::Object({}, {})},
                                         {"notice", schema::String()}},
                                        {"household_id", "area_id", "visited_on", "visitors", "outcome"}),
         .response_body = VisitSchema(),
         .success_status = 201});

    AddSignedInRoute(
        router, "POST", "/api/v1/survey-campaigns/{id}/offline-sync",
        ById([&surveys](Request& request, std::int64_t id) {
            auto body = JsonBody(request);
            if (!body) return Response::ErrorJson(body.error());
            if (!body->contains("visits") || !(*body)["visits"].is_array()) {
                return Response::ErrorJson(Error::InvalidArgument("visits は配列です", "visits"));
            }
            const Json& sent = (*body)["visits"];
            if (sent.size() > 500) {
                return Response::ErrorJson(Error::InvalidArgument("一度に送れる訪問は500件までです", "visits"));
            }
            // A visit that cannot be read is refused on its own, with its reason; the others go on.
            std::vector<Json> results(sent.size());
            std::vector<domain::OfflineVisit> readable;
            std::vector<std::size_t> positions;
            for (std::size_t i = 0; i < sent.size(); ++i) {
                auto offline = OfflineVisitFromJson(sent[i]);
                if (!offline) {
                    const std::string key = sent[i].is_object() && sent[i].contains("idempotency_key") &&
                                                    sent[i]["idempotency_key"].is_string()
                                                ? sent[i]["idempotency_key"].get<std::string>()
                                                : std::string();
                    results[i] = SyncResultJson(domain::OfflineSyncResult{.idempotency_key = key,
                                                                          .status = domain::OfflineSyncStatus::kRefused,
                                                                          .refusal = offline.error()});
                    continue;
                }
                positions.push_back(i);
                readable.push_back(std::move(*offline));
            }
            auto synced = surveys.SyncVisits(ActorOf(request), SurveyCampaignId{id}, readable);
            if (!synced) return Response::ErrorJson(synced.error());
            for (std::size_t j = 0; j < synced->size(); ++j) results[positions[j]] = SyncResultJson((*synced)[j]);
            Json array = Json::array();
            for (Json& result : results) array.push_back(std::move(result));
            return Response::Json(200, Json{{"results", std::move(array)}});
        }),
        {.summary =
             "Syncs visits entered without a network: each with its idempotency key (a UUID; a key synced "
             "already records nothing again), a change of a downloaded visit with its base_version and base "
             "values; per visit \"recorded\", \"already_synced\", \"refused\" (with its error, the same rules as "
             "an online visit) or \"conflict\" (nothing recorded; per field the server's and the device's value)",
         .tag = "household-survey",
         .request_body = schema::Object(
             {{"visits",
               schema::ArrayOf(schema::Object({{"idempotency_key", schema::String()},
                                               {"visit_id", schema::Integer()},
                                               {"base_version", schema::Integer()},
                                               {"base", schema::Object({}, {})},
                                               {"household_id", schema::Integer()},
                                               {"area_id", schema::Integer()},
                                               {"visited_on", schema::String()},
                                               {"visitors", schema::String()},
                                               {"outcome", schema::String()},
                                               {"answers", schema::Object({}, {})},
                                               {"notice", schema::String()}},
                                              {"idempotency_key", "household_id", "area_id", "visited_on"}))}},
             {"visits"}),
         .response_body = schema::Object(
             {{"results",
               schema::ArrayOf(schema::Object(
                   {{"idempotency_key", schema::String()},
                    {"status", EnumSchema({"recorded", "already_synced", "conflict", "refused"})},
                    {"visit_id", NullableInteger()},
                    {"version", schema::Integer()},
                    {"conflicts", schema::ArrayOf(schema::Object({{"field", schema::String()},
                                                                  {"server_value", schema::String()},
                                                                  {"device_value", schema::String()}},
                                                                 {"field", "server_value", "device_value"}))},
                    {"server", schema::Object({}, {})},
                    {"error", schema::Object({}, {})}},
                   {"idempotency_key", "status"}))}},
             {"results"})});

    AddSignedInRoute(router, "GET", "/api/v1/survey-visits/{id}", ById([&surveys](Request& request, std::int64_t id) {
                         auto view = surveys.Visit(ActorOf(request), SurveyVisitId{id});
                         if (!view) return Response::ErrorJson(view.error());
                         Json json = VisitJson(view->visit);
                         json["household"] = HouseholdJson(view->household);
                         json["items"] = ItemsJson(view->campaign.items);
                         json["may_connect"] = view->may_connect;
                         return Response::Json(200, json);
                     }),
                     {.summary = "One visit with its household and the form items of the version it used",
                      .tag = "household-survey",
                      .response_body = VisitSchema()});

    AddSignedInRoute(
        router, "POST", "/api/v1/survey-visits/{id}/connect", ById([&surveys](Request& request, std::int64_t id) {
            // The body is optional: none (or {}) opens a consultation; to_organization_id refers it there too.
            std::optional<OrganizationId> refer_to;
            if (!request.body.empty()) {
                auto body = JsonBody(request);
                if (!body) return Response::ErrorJson(body.error());
                if (body->contains("to_organization_id") && !(*body)["to_organization_id"].is_null()) {
                    if (!(*body)["to_organization_id"].is_number_integer()) {
                        return Response::ErrorJson(
                            Error::InvalidArgument("to_organization_id は機関のidです", "to_organization_id"));
                    }
                    refer_to = OrganizationId{(*body)["to_organization_id"].get<std::int64_t>()};
                }
            }
            auto connected = surveys.Connect(ActorOf(request), SurveyVisitId{id}, refer_to);
            if (!connected) return Response::ErrorJson(connected.error());
            const domain::Consultation& consultation = connected->consultation;
            return Response::Json(
                201, Json{{"consultation_id", consultation.id},
                          {"person_id", consultation.person_id ? Json(*consultation.person_id) : Json(nullptr)},
                          {"referral_id", connected->referral_id ? Json(*connected->referral_id) : Json(nullptr)}});
        }),
        {.summary = "「つなぐ」: opens a consultation pre-filled from the visit (世帯主 and address as the "
                    "person, 気づき as the 主訴) and links the visit to it, in one transaction; with "
                    "to_organization_id the same transaction refers it to that organisation (the 主訴 as the "
                    "reason); 409 when the visit has one already",
         .tag = "household-survey",
         .request_body = schema::Object({{"to_organization_id", NullableInteger()}}, {}),
         .response_body = schema::Object({{"consultation_id", schema::Integer()},
                                          {"person_id", NullableInteger()},
                                          {"referral_id", NullableInteger()}},
                                         {"consultation_id"}),
         .success_status = 201});
}

}  // namespace kasane::http::api
