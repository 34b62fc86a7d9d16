// SPDX-License-Identifier: Apache-2.0
// 多機関協働 (issue #6): support cases with their team and status per 事業, household assessments on versioned
// forms, the eco-map's relations, support plans approved at meetings and their actions, progress notes, meeting
// decisions about a case, missing social resources, and the work lists. A refusal to show a case is the domain's
// NotFound, answered exactly like a case that does not exist.

#include <charconv>
#include <chrono>
#include <limits>

#include "base/japan_time.hpp"
#include "http/api/case_json.hpp"
#include "http/api/common.hpp"
#include "http/api/routes.hpp"

namespace kasane::http::api {

namespace {

constexpr int kDefaultListLimit = 100;
constexpr int kMaxListLimit = 500;

Result<std::optional<std::int64_t>> IdParam(const Request& request, std::string_view name) {
    const auto text = request.QueryParam(name);
    if (!text) return std::optional<std::int64_t>{};
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (error != std::errc{} || end != text->data() + text->size() || value <= 0) {
        return Fail(Error::InvalidArgument("IDは正の整数で指定してください", std::string(name)));
    }
    return std::optional<std::int64_t>{value};
}

Result<int> CountParam(const Request& request, std::string_view name, int default_value, int max) {
    const auto text = request.QueryParam(name);
    if (!text) return default_value;
    int value = 0;
    const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (error != std::errc{} || end != text->data() + text->size() || value < 0 || value > max) {
        return Fail(Error::InvalidArgument("日数は0から" + std::to_string(max) + "までの整数で指定してください",
                                           std::string(name)));
    }
    return value;
}

Result<bool> BoolParam(const Request& request, std::string_view name) {
    const auto text = request.QueryParam(name);
    if (!text || *text == "false") return false;
    if (*text == "true") return true;
    return Fail(Error::InvalidArgument(std::string(name) + " は true か false で指定してください", std::string(name)));
}

Result<domain::CaseFilter> FilterOf(const Request& request, domain::Date today) {
    domain::CaseFilter filter;
    if (const auto status = request.QueryParam("status")) {
        filter.status = domain::ParseCaseStatus(*status);
        if (!filter.status) {
            return Fail(Error::InvalidArgument(
                "状態は intake、assessment、planning、supporting、monitoring、closed、suspended のいずれかです",
                "status"));
        }
    }
    if (const auto program = request.QueryParam("program")) {
        filter.program = domain::ParseProgram(*program);
        if (!filter.program) {
            return Fail(
                Error::InvalidArgument("事業は collaboration、outreach、participation のいずれかです", "program"));
        }
    }
    // Each id parameter into its filter field, as the field's id type.
    auto read_id = [&request]<class T>(std::string_view name, std::optional<T>& target) -> Status {
        auto value = IdParam(request, name);
        if (!value) return Fail(value.error());
        if (*value) target = T{**value};
        return {};
    };
    for (Status read : {read_id("lead_organization_id", filter.lead_organization_id),
                        read_id("involving_organization_id", filter.involving_organization_id),
                        read_id("coordinator_user_id", filter.coordinator_user_id), read_id("area_id", filter.area_id),
                        read_id("category_id", filter.category_id)}) {
        if (!read) return Fail(read.error());
    }
    if (request.QueryParam("no_note_days")) {
        auto days = CountParam(request, "no_note_days", 0, 3650);
        if (!days) return Fail(days.error());
        filter.no_note_since = domain::Date{std::chrono::sys_days{today} - std::chrono::days{*days}};
    }
    auto open_only = BoolParam(request, "open_only");
    if (!open_only) return Fail(open_only.error());
    filter.open_only = *open_only;
    auto limit = LimitParam(request, "limit", kDefaultListLimit, kMaxListLimit);
    if (!limit) return Fail(limit.error());
    filter.limit = *limit;
    return filter;
}

// The case as it is now, written with ages as of today in Japan: the "current" of a stale edit (ReplyUpdated).
Result<Json> CaseJsonNow(domain::CaseService& cases, const domain::Actor& actor, std::int64_t id, const Clock& clock) {
    auto view = cases.Get(actor, domain::CaseId{id});
    if (!view) return Fail(view.error());
    return ToJson(*view, TodayInJapan(clock));
}

// A handler that needs the path's {id} and the request body as a JSON object.
template <class Call>
Handler WithBody(Call call) {
    return [call](Request& request) -> Response {
        auto id = PathId(request);
        if (!id) return Response::ErrorJson(id.error());
        auto body = JsonBody(request);
        if (!body) return Response::ErrorJson(body.error());
        return call(request, *id, *body);
    };
}

Response OpenCase(domain::CaseService& cases, Request& request) {
    auto body = JsonBody(request);
    if (!body) return Response::ErrorJson(body.error());
    auto input = NewCaseFromJson(*body);
    if (!input) return Response::ErrorJson(input.error());
    return Reply(cases.Open(ActorOf(request), *input), 201);
}

Response EditCase(domain::CaseService& cases, const Clock& clock, Request& request, std::int64_t id, const Json& body) {
    auto version = RequireInteger(body, "version");
    if (!version) return Response::ErrorJson(version.error());
    auto edit = CaseEditFromJson(body);
    if (!edit) return Response::ErrorJson(edit.error());
    const domain::Actor actor = ActorOf(request);
    return ReplyUpdated(cases.Edit(actor, domain::CaseId{id}, Narrow(*version), *edit), body,
                        [&] { return CaseJsonNow(cases, actor, id, clock); });
}

Response ChangeStatus(domain::CaseService& cases, const Clock& clock, Request& request, std::int64_t id,
                      const Json& body) {
    auto version = RequireInteger(body, "version");
    if (!version) return Response::ErrorJson(version.error());
    auto change = StatusChangeFromJson(body);
    if (!change) return Response::ErrorJson(change.error());
    const domain::Actor actor = ActorOf(request);
    return ReplyUpdated(cases.ChangeStatus(actor, domain::CaseId{id}, Narrow(*version), *change), body,
                        [&] { return CaseJsonNow(cases, actor, id, clock); });
}

Response AssignRole(domain::CaseService& cases, const Clock& clock, Request& request, std::int64_t id,
                    const Json& body) {
    auto version = RequireInteger(body, "version");
    if (!version) return Response::ErrorJson(version.error());
    auto role = RoleAssignmentFromJson(body);
    if (!role) return Response::ErrorJson(role.error());
    const domain::Actor actor = ActorOf(request);
    return ReplyUpdated(cases.AssignRole(actor, domain::CaseId{id}, Narrow(*version), *role), body,
                        [&] { return CaseJsonNow(cases, actor, id, clock); });
}

Response EndRole(domain::CaseService& cases, const Clock& clock, Request& request, std::int64_t id, const Json& body) {
    auto member_id = PathId(request, "member_id");
    if (!member_id) return Response::ErrorJson(member_id.error());
    auto version = RequireInteger(body, "version");
    if (!version) return Response::ErrorJson(version.error());
    auto left_on = OptionalDateField(body, "left_on", "離脱日");
    if (!left_on) return Response::ErrorJson(left_on.error());
    const domain::Actor actor = ActorOf(request);
    return ReplyUpdated(cases.EndRole(actor, domain::CaseId{id}, Narrow(*version), *member_id, *left_on), body,
                        [&] { return CaseJsonNow(cases, actor, id, clock); });
}

Response UpdatePlan(domain::CaseService& cases, Request& request, std::int64_t id, const Json& body) {
    auto version = RequireInteger(body, "version");
    if (!version) return Response::ErrorJson(version.error());
    auto plan = SupportPlanFromJson(body);
    if (!plan) return Response::ErrorJson(plan.error());
    const domain::Actor actor = ActorOf(request);
    // Both a stale version and a plan that is no longer a draft are conflicts; either way the client is shown the
    // plan as it is now beside its own.
    return ReplyUpdated(cases.UpdatePlan(actor, id, Narrow(*version), *plan), body,
                        [&] { return cases.GetPlan(actor, id); });
}

Response UpdateAction(domain::CaseService& cases, Request& request, std::int64_t id, const Json& body) {
    auto version = RequireInteger(body, "version");
    if (!version) return Response::ErrorJson(version.error());
    auto action = PlanActionFromJson(body);
    if (!action) return Response::ErrorJson(action.error());
    return Reply(cases.UpdateAction(ActorOf(request), id, Narrow(*version), *action));
}

Response RecordDecision(domain::CaseService& cases, Request& request, std::int64_t meeting_id, const Json& body) {
    auto case_id = RequireInteger(body, "case_id");
    if (!case_id) return Response::ErrorJson(case_id.error());
    if (*case_id <= 0) return Response::ErrorJson(Error::InvalidArgument("IDは正の整数で指定してください", "case_id"));
    auto decision = CaseDecisionFromJson(body);
    if (!decision) return Response::ErrorJson(decision.error());
    return Reply(
        cases.RecordDecision(ActorOf(request), domain::MeetingId{meeting_id}, domain::CaseId{*case_id}, *decision),
        201);
}

Response Work(domain::CaseService& cases, Request& request) {
    auto days_ahead = CountParam(request, "days_ahead", 14, 365);
    if (!days_ahead) return Response::ErrorJson(days_ahead.error());
    auto quiet_days = CountParam(request, "quiet_days", 30, 3650);
    if (!quiet_days) return Response::ErrorJson(quiet_days.error());
    return Reply(cases.Work(ActorOf(request), *days_ahead, *quiet_days));
}

Response EditForm(domain::CaseService& cases, Request& request, std::int64_t id, const Json& body) {
    auto definition = FormDefinitionFromJson(body);
    if (!definition) return Response::ErrorJson(definition.error());
    const domain::Actor actor = ActorOf(request);
    // A version with answers, or an old version, is a conflict: the client is shown the version as it is.
    return ReplyUpdated(cases.EditForm(actor, id, *definition), body, [&] { return cases.Form(actor, id); });
}

Response SetResourceAddressed(domain::CaseService& cases, Request& request, std::int64_t id, const Json& body) {
    auto addressed = OptionalBool(body, "addressed", true);
    if (!addressed) return Response::ErrorJson(addressed.error());
    auto note = OptionalString(body, "addressed_note", 20000);
    if (!note) return Response::ErrorJson(note.error());
    return Reply(cases.SetResourceAddressed(
        ActorOf(request), id, *addressed ? domain::ResourceState::kAddressed : domain::ResourceState::kOpen,
        note->value_or(std::string{})));
}

Json WithVersion(Json input) {
    input["properties"]["version"] = schema::Integer();
    if (!input.contains("required")) input["required"] = Json::array();
    input["required"].push_back("version");
    return input;
}

}  // namespace

void AddCaseRoutes(Router& router, const ApiDependencies& dependencies) {
    domain::CaseService& cases = dependencies.cases;
    const Clock& clock = dependencies.clock;
    const auto add = [&router](std::string method, std::string pattern, Handler handler, RouteDoc doc) {
        AddSignedInRoute(router, std::move(method), std::move(pattern), std::move(handler), std::move(doc));
    };

    // --- cases ---
    add("GET", "/api/v1/cases",
        [&cases, &clock](Request& request) {
            auto filter = FilterOf(request, TodayInJapan(clock));
            if (!filter) return Response::ErrorJson(filter.error());
            return ReplyItems(cases.List(ActorOf(request), *filter));
        },
        {.summary = "Cases the caller may see, newest opened first (?status, program, lead_organization_id, "
                    "involving_organization_id, coordinator_user_id, area_id, category_id, no_note_days, "
                    "open_only, limit)",
         .tag = "cases",
         .response_body = schema::Items(schema::CaseListItem())});
    add("POST", "/api/v1/cases", [&cases](Request& request) { return OpenCase(cases, request); },
        {.summary = "Open a support case for a person (and household) the caller sees in full, with a lead "
                    "organisation of the municipality and its 事業 (多機関協働 when none is named)",
         .tag = "cases",
         .request_body = schema::NewCase(),
         .response_body = schema::SupportCase(),
         .success_status = 201});
    add("GET", "/api/v1/cases/{id}", ById([&cases, &clock](Request& request, std::int64_t id) {
            return Reply(cases.Get(ActorOf(request), domain::CaseId{id}), 200, TodayInJapan(clock));
        }),
        {.summary = "The case page: the case with its team and 事業, the person (masked as the access decision "
                    "requires), household and members, current and draft plan, latest assessment, eco-map "
                    "relations, the newest 20 notes and the meetings that discussed it",
         .tag = "cases",
         .response_body = schema::CaseView()});
    add("PUT", "/api/v1/cases/{id}", WithBody([&cases, &clock](Request& request, std::int64_t id, const Json& body) {
            return EditCase(cases, clock, request, id, body);
        }),
        {.summary = "Edit a case's title, household, lead, coordinator and worries; a stale version is 409 with "
                    "\"current\" and \"yours\"",
         .tag = "cases",
         .request_body = schema::CaseEdit(),
         .response_body = schema::SupportCase()});
    add("POST", "/api/v1/cases/{id}/status",
        WithBody([&cases, &clock](Request& request, std::int64_t id, const Json& body) {
            return ChangeStatus(cases, clock, request, id, body);
        }),
        {.summary = "Change the status of the case, or of one 事業 (program); 終結 and 中断 need a reason, and with "
                    "open actions a disposition (open_actions); closing 多機関協働 with carried_on_by makes that "
                    "organisation the lead",
         .tag = "cases",
         .request_body = WithVersion(schema::StatusChange()),
         .response_body = schema::SupportCase()});
    add("POST", "/api/v1/cases/{id}/team",
        WithBody([&cases, &clock](Request& request, std::int64_t id, const Json& body) {
            return AssignRole(cases, clock, request, id, body);
        }),
        {.summary = "Put an organisation of the municipality on the team with its agreed role (役割分担)",
         .tag = "cases",
         .request_body = WithVersion(schema::RoleAssignment()),
         .response_body = schema::SupportCase()});
    add("POST", "/api/v1/cases/{id}/team/{member_id}/end",
        WithBody([&cases, &clock](Request& request, std::int64_t id, const Json& body) {
            return EndRole(cases, clock, request, id, body);
        }),
        {.summary = "An organisation leaves the team (from left_on, today when absent)",
         .tag = "cases",
         .request_body = schema::Object({{"version", schema::Integer()}, {"left_on", schema::String()}}, {"version"}),
         .response_body = schema::SupportCase()});

    // --- assessments and the eco-map ---
    add("GET", "/api/v1/cases/{id}/assessments", ById([&cases](Request& request, std::int64_t id) {
            return ReplyItems(cases.Assessments(ActorOf(request), domain::CaseId{id}));
        }),
        {.summary = "The case's assessments, newest first, each with the form version it was given under",
         .tag = "cases",
         .response_body = schema::Items(schema::Assessment())});
    add("POST", "/api/v1/cases/{id}/assessments",
        WithBody([&cases, &clock](Request& request, std::int64_t id, const Json& body) {
            auto assessment = AssessmentFromJson(body, TodayInJapan(clock));
            if (!assessment) return Response::ErrorJson(assessment.error());
            return Reply(cases.RecordAssessment(ActorOf(request), domain::CaseId{id}, *assessment), 201);
        }),
        {.summary = "Record a household assessment on a form version; errors name the item (answers[i] or the "
                    "item key)",
         .tag = "cases",
         .request_body = schema::AssessmentInput(),
         .response_body = schema::Assessment(),
         .success_status = 201});
    add("POST", "/api/v1/cases/{id}/relations", WithBody([&cases](Request& request, std::int64_t id, const Json& body) {
            auto relation = EcoRelationFromJson(body);
            if (!relation) return Response::ErrorJson(relation.error());
            return Reply(cases.AddRelation(ActorOf(request), domain::CaseId{id}, *relation), 201);
        }),
        {.summary = "Add a relationship of the household to a person or agency around it (eco-map)",
         .tag = "cases",
         .request_body = schema::EcoRelationInput(),
         .response_body = schema::EcoRelation(),
         .success_status = 201});
    add("DELETE", "/api/v1/cases/{id}/relations/{relation_id}", ById([&cases](Request& request, std::int64_t id) {
            auto relation_id = PathId(request, "relation_id");
            if (!relation_id) return Response::ErrorJson(relation_id.error());
            return ReplyNoContent(cases.RemoveRelation(ActorOf(request), domain::CaseId{id}, *relation_id));
        }),
        {.summary = "Remove a relationship from the eco-map", .tag = "cases", .success_status = 204});

    // --- plans and actions ---
    add("GET", "/api/v1/cases/{id}/plans", ById([&cases](Request& request, std::int64_t id) {
            return ReplyItems(cases.Plans(ActorOf(request), domain::CaseId{id}));
        }),
        {.summary = "The case's plan versions, newest first",
         .tag = "plans",
         .response_body = schema::Items(schema::SupportPlan())});
    add("POST", "/api/v1/cases/{id}/plans", WithBody([&cases](Request& request, std::int64_t id, const Json& body) {
            auto plan = SupportPlanFromJson(body);
            if (!plan) return Response::ErrorJson(plan.error());
            return Reply(cases.DraftPlan(ActorOf(request), domain::CaseId{id}, *plan), 201);
        }),
        {.summary = "Draft a new plan version: goals in the person's words, actions each with a responsible "
                    "organisation of the municipality (actions[i].responsible_organization_id)",
         .tag = "plans",
         .request_body = schema::SupportPlanInput(),
         .response_body = schema::SupportPlan(),
         .success_status = 201});
    add("GET", "/api/v1/plans/{id}",
        ById([&cases](Request& request, std::int64_t id) { return Reply(cases.GetPlan(ActorOf(request), id)); }),
        {.summary = "One plan version with its actions", .tag = "plans", .response_body = schema::SupportPlan()});
    add("PUT", "/api/v1/plans/{id}", WithBody([&cases](Request& request, std::int64_t id, const Json& body) {
            return UpdatePlan(cases, request, id, body);
        }),
        {.summary = "Replace a draft plan; a stale version is 409 with \"current\" and \"yours\", a plan that is no "
                    "longer a draft 409 with field \"state\"",
         .tag = "plans",
         .request_body = WithVersion(schema::SupportPlanInput()),
         .response_body = schema::SupportPlan()});
    add("POST", "/api/v1/plans/{id}/approve", WithBody([&cases](Request& request, std::int64_t id, const Json& body) {
            auto meeting_id = RequireInteger(body, "meeting_id");
            if (!meeting_id) return Response::ErrorJson(meeting_id.error());
            if (*meeting_id <= 0) {
                return Response::ErrorJson(Error::InvalidArgument("IDは正の整数で指定してください", "meeting_id"));
            }
            return Reply(cases.ApprovePlan(ActorOf(request), id, domain::MeetingId{*meeting_id}));
        }),
        {.summary = "Approve a draft at a meeting (recorded as the meeting's decision); 409 with field \"state\" "
                    "when it was already approved",
         .tag = "plans",
         .request_body = schema::Object({{"meeting_id", schema::Integer()}}, {"meeting_id"}),
         .response_body = schema::SupportPlan()});
    add("PUT", "/api/v1/plan-actions/{id}", WithBody([&cases](Request& request, std::int64_t id, const Json& body) {
            return UpdateAction(cases, request, id, body);
        }),
        {.summary = "Update one action (status, result, completion) by its responsible organisation, the lead or "
                    "the coordinator; 409 on a stale version",
         .tag = "plans",
         .request_body = WithVersion(schema::PlanActionInput()),
         .response_body = schema::PlanAction()});

    // --- progress notes ---
    add("GET", "/api/v1/cases/{id}/notes", ById([&cases](Request& request, std::int64_t id) {
            auto limit = LimitParam(request, "limit", 1000, 100000);
            if (!limit) return Response::ErrorJson(limit.error());
            // Without ?limit the whole 経過一覧.
            const int count = request.QueryParam("limit") ? *limit : 0;
            return ReplyItems(cases.Notes(ActorOf(request), domain::CaseId{id}, count));
        }),
        {.summary = "The case's progress notes, oldest first (the printable 経過一覧); ?limit for the newest n",
         .tag = "cases",
         .response_body = schema::Items(schema::ProgressNote())});
    add("POST", "/api/v1/cases/{id}/notes",
        WithBody([&cases, &clock](Request& request, std::int64_t id, const Json& body) {
            auto note = ProgressNoteFromJson(body, clock.Now());
            if (!note) return Response::ErrorJson(note.error());
            return Reply(cases.AddNote(ActorOf(request), domain::CaseId{id}, *note), 201);
        }),
        {.summary = "Add a progress note (支援経過記録) with its method and fact / third-party / assessment tag",
         .tag = "cases",
         .request_body = schema::ProgressNoteInput(),
         .response_body = schema::ProgressNote(),
         .success_status = 201});

    // --- meeting decisions ---
    add("POST", "/api/v1/meetings/{id}/decisions",
        WithBody([&cases](Request& request, std::int64_t id, const Json& body) {
            return RecordDecision(cases, request, id, body);
        }),
        {.summary = "Record a meeting's decision about a case on its agenda (plan approved, roles assigned, 終結, "
                    "中断, resource missing ...): applied to the case and appended to the meeting",
         .tag = "meetings",
         .request_body = schema::CaseDecisionInput(),
         .response_body = schema::Meeting(),
         .success_status = 201});

    // --- work lists ---
    add("GET", "/api/v1/work", [&cases](Request& request) { return Work(cases, request); },
        {.summary = "The caller's work lists: my cases, my organisation's actions due within days_ahead (14), "
                    "reviews due, referrals waiting, cases without a note for quiet_days (30)",
         .tag = "cases",
         .response_body = schema::WorkList()});

    // --- forms ---
    add("GET", "/api/v1/form-definitions",
        [&cases](Request& request) {
            const auto code = request.QueryParam("code");
            if (!code || code->empty()) {
                return Response::ErrorJson(Error::InvalidArgument("様式のコードを指定してください", "code"));
            }
            return ReplyItems(cases.FormVersions(ActorOf(request), *code));
        },
        {.summary = "The versions of a form (?code=assessment), newest first",
         .tag = "forms",
         .response_body = schema::Items(schema::FormDefinition())});
    add("POST", "/api/v1/form-definitions",
        [&cases](Request& request) {
            auto body = JsonBody(request);
            if (!body) return Response::ErrorJson(body.error());
            auto definition = FormDefinitionFromJson(*body);
            if (!definition) return Response::ErrorJson(definition.error());
            return Reply(cases.PublishForm(ActorOf(request), *definition), 201);
        },
        {.summary = "Publish a new version of a form (coordinators, administrators); old versions never change",
         .tag = "forms",
         .request_body = schema::FormDefinitionInput(),
         .response_body = schema::FormDefinition(),
         .success_status = 201});
    add("GET", "/api/v1/form-definitions/{id}",
        ById([&cases](Request& request, std::int64_t id) { return Reply(cases.Form(ActorOf(request), id)); }),
        {.summary = "One form version", .tag = "forms", .response_body = schema::FormDefinition()});
    add("PUT", "/api/v1/form-definitions/{id}", WithBody([&cases](Request& request, std::int64_t id, const Json& body) {
            return EditForm(cases, request, id, body);
        }),
        {.summary = "Correct the newest version of a form while nothing was answered under it; otherwise 409 with "
                    "field \"form_version\"",
         .tag = "forms",
         .request_body = schema::FormDefinitionInput(),
         .response_body = schema::FormDefinition()});

    // --- missing social resources ---
    add("GET", "/api/v1/missing-resources",
        [&cases](Request& request) {
            auto open_only = BoolParam(request, "open_only");
            if (!open_only) return Response::ErrorJson(open_only.error());
            return ReplyItems(cases.MissingResources(
                ActorOf(request), *open_only ? domain::ResourceListing::kOpenOnly : domain::ResourceListing::kAll));
        },
        {.summary = "不足する社会資源 the town's meetings found, newest first (?open_only=true)",
         .tag = "cases",
         .response_body = schema::Items(schema::MissingResource())});
    add("POST", "/api/v1/missing-resources",
        [&cases, &clock](Request& request) {
            auto body = JsonBody(request);
            if (!body) return Response::ErrorJson(body.error());
            auto resource = MissingResourceFromJson(*body, TodayInJapan(clock));
            if (!resource) return Response::ErrorJson(resource.error());
            return Reply(cases.AddMissingResource(ActorOf(request), *resource), 201);
        },
        {.summary = "Record a missing social resource",
         .tag = "cases",
         .request_body = schema::MissingResourceInput(),
         .response_body = schema::MissingResource(),
         .success_status = 201});
    add("PUT", "/api/v1/missing-resources/{id}",
        WithBody([&cases](Request& request, std::int64_t id, const Json& body) {
            return SetResourceAddressed(cases, request, id, body);
        }),
        {.summary = "Mark a missing resource addressed (or not) with a note",
         .tag = "cases",
         .request_body = schema::Object({{"addressed", schema::Boolean()}, {"addressed_note", schema::String()}}, {}),
         .response_body = schema::MissingResource()});
}

}  // namespace kasane::http::api
