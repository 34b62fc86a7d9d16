// SPDX-License-Identifier: Apache-2.0
// 世帯: the household page, its edit, members moving in and out.

#include <algorithm>
#include <array>
#include <set>

#include "base/japan_time.hpp"
#include "base/japanese_date.hpp"
#include "base/log.hpp"
#include "domain/master_data.hpp"
#include "web/intake_pages.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"
#include "web/person_form.hpp"
#include "web/sharing_pages.hpp"

namespace kasane::web {

namespace {

using namespace intake;
using nlohmann::json;

// --- 世帯 -----------------------------------------------------------------------------------------------------

struct HouseholdPageExtras {
    json errors = json::object();
    json values = json::object();
    int status = 200;
};

http::Response RenderHousehold(const IntakeServices& services, http::Request& request, domain::HouseholdId id,
                               HouseholdPageExtras extras) {
    const domain::Actor actor = ActorOf(request);
    auto household = services.households->Get(actor, id);
    if (!household) return RenderErrorPage(request, household.error());
    const Date today = TodayInJapan(*services.clock);

    json current = json::array();
    json former = json::array();
    for (const domain::HouseholdMember& member : household->members) {
        json item = {{"member_id", member.id},
                     {"person_id", member.person_id},
                     {"relationship", domain::RelationshipLabel(member.relationship)},
                     {"is_head", member.is_head},
                     {"moved_in", DateJson(member.moved_in)},
                     {"moved_out", DateJson(member.moved_out)},
                     {"moved_out_reason", member.moved_out_reason}};
        if (auto person = services.persons->Get(actor, member.person_id)) {
            item["person"] = PersonHeaderJson(person->person, person->decision, today);
        } else if (!IsWithheld(person.error())) {
            ShowSectionError(item, actor, "世帯員", person.error());
        }
        if (auto error = extras.errors.find("moved_out_" + std::to_string(member.id)); error != extras.errors.end()) {
            item["move_out_error"] = *error;
        }
        const bool gone = member.moved_out && std::chrono::sys_days{*member.moved_out} <= std::chrono::sys_days{today};
        (gone ? former : current).push_back(std::move(item));
    }
    json data = {{"household",
                  {{"id", household->id},
                   {"name", household->name},
                   {"notes", household->notes},
                   {"version", household->version},
                   {"created_at", InstantJson(household->created_at)}}},
                 {"current", current},
                 {"former", former},
                 {"errors", extras.errors},
                 {"values", extras.values},
                 {"today", FormatWareki(today)}};
    data["relationship_options"] = EnumOptions(kRelationships, domain::RelationshipCode, domain::RelationshipLabel,
                                               extras.values.value("relationship", std::string("child")));
    if (auto query = request.QueryParam("member_q"); query && !query->empty()) {
        data["member_q"] = *query;
        data["member_searched"] = true;
        json candidates = json::array();
        if (auto found = services.persons->Search(actor, *query, kIntakeSearchLimit)) {
            for (const domain::PersonSummary& summary : *found) {
                if (summary.decision.level != domain::ViewLevel::kFull) continue;
                candidates.push_back(SummaryJson(summary, TodayInJapan(*services.clock)));
            }
        } else {
            ShowSectionError(data, request, "世帯員の検索", found.error());
        }
        data["member_candidates"] = candidates;
    }
    return RenderPage(request, household->name.empty() ? "世帯" : household->name, "household", std::move(data),
                      extras.status);
}

std::optional<domain::HouseholdId> HouseholdIdOf(const http::Request& request) {
    return ParseId<domain::HouseholdId>(request.PathParam("id"));
}

http::Response ShowHousehold(const IntakeServices& services, http::Request& request) {
    auto id = HouseholdIdOf(request);
    if (!id) return RenderErrorPage(request, Error::NotFound());
    return RenderHousehold(services, request, *id, {});
}

http::Response UpdateHousehold(const IntakeServices& services, http::Request& request) {
    auto id = HouseholdIdOf(request);
    if (!id) return RenderErrorPage(request, Error::NotFound());
    const FormFields fields = request.FormFields();
    auto version = ParseId(FieldOf(fields, "version"));
    HouseholdPageExtras extras;
    extras.values = {{"name", FieldOf(fields, "name")}, {"notes", FieldOf(fields, "notes")}};
    if (!version) return RenderErrorPage(request, Error::InvalidArgument("版番号がありません", "version"));
    auto updated = services.households->Update(ActorOf(request), *id, static_cast<int>(*version),
                                               FieldOf(fields, "name"), FieldOf(fields, "notes"));
    if (!updated) {
        if (updated.error().Is(ErrorCode::kNotFound)) return RenderErrorPage(request, updated.error());
        AddFieldError(extras.errors, updated.error(), {"name", "notes"});
        if (updated.error().Is(ErrorCode::kConflict)) {
            extras.errors["notes"] = "ほかの人が先に更新しました。最新の内容を確かめてから、もう一度保存してください。";
        }
        extras.status = http::HttpStatusFor(updated.error().code);
        return RenderHousehold(services, request, *id, extras);
    }
    return http::Response::Redirect("/households/" + std::to_string(*id));
}

http::Response AddHouseholdMember(const IntakeServices& services, http::Request& request) {
    auto id = HouseholdIdOf(request);
    if (!id) return RenderErrorPage(request, Error::NotFound());
    const FormFields fields = request.FormFields();
    HouseholdPageExtras extras;
    extras.values = {{"relationship", FieldOf(fields, "relationship")}, {"moved_in", FieldOf(fields, "moved_in")}};
    domain::HouseholdMemberInput member;
    auto person_id = ParseId(FieldOf(fields, "person_id"));
    if (!person_id) extras.errors["person_id"] = "加える人を検索して選んでください";
    auto relationship = domain::ParseRelationship(FieldOf(fields, "relationship"));
    if (!relationship) extras.errors["relationship"] = "「続柄」を選んでください";
    if (const std::string moved_in = FieldOf(fields, "moved_in"); !moved_in.empty()) {
        if (auto date = ParseJapaneseDate(moved_in, "転入・同居開始日")) {
            member.moved_in = *date;
        } else {
            extras.errors["moved_in"] = date.error().message;
        }
    }
    if (!extras.errors.empty()) {
        extras.status = 400;
        return RenderHousehold(services, request, *id, extras);
    }
    member.person_id = domain::PersonId{*person_id};
    member.relationship = *relationship;
    member.is_head = *relationship == domain::Relationship::kHead;
    auto added = services.households->AddMember(ActorOf(request), *id, member);
    if (!added) {
        AddFieldError(extras.errors, added.error(), {"person_id", "relationship", "moved_in"});
        if (!extras.errors.contains("person_id") && added.error().Is(ErrorCode::kNotFound)) {
            extras.errors["person_id"] = "その人は加えられません（見つからないか、閲覧できない記録です）";
        }
        extras.status = http::HttpStatusFor(added.error().code);
        return RenderHousehold(services, request, *id, extras);
    }
    return http::Response::Redirect("/households/" + std::to_string(*id));
}

http::Response MoveOutMember(const IntakeServices& services, http::Request& request) {
    auto id = HouseholdIdOf(request);
    auto member_id = ParseId(request.PathParam("member"));
    if (!id || !member_id) return RenderErrorPage(request, Error::NotFound());
    const FormFields fields = request.FormFields();
    HouseholdPageExtras extras;
    const std::string error_key = "moved_out_" + std::to_string(*member_id);
    auto date = ParseJapaneseDate(FieldOf(fields, "moved_out"), "転出等の日");
    if (!date) {
        extras.errors[error_key] =
            FieldOf(fields, "moved_out").empty() ? "「転出等の日」を入力してください" : date.error().message;
        extras.status = 400;
        return RenderHousehold(services, request, *id, extras);
    }
    auto ended =
        services.households->EndMembership(ActorOf(request), *id, *member_id, *date, FieldOf(fields, "reason"));
    if (!ended) {
        if (ended.error().Is(ErrorCode::kNotFound)) return RenderErrorPage(request, ended.error());
        extras.errors[error_key] = ended.error().message;
        extras.status = http::HttpStatusFor(ended.error().code);
        return RenderHousehold(services, request, *id, extras);
    }
    return http::Response::Redirect("/households/" + std::to_string(*id));
}

}  // namespace

void AddHouseholdPages(http::Router& router, const IntakeServices& services) {
    auto page = [&router, &services](std::string method, std::string pattern, IntakePageHandler handler) {
        AddIntakePage(router, services, std::move(method), std::move(pattern), handler);
    };
    page("GET", "/households/{id}", ShowHousehold);
    page("POST", "/households/{id}", UpdateHousehold);
    page("POST", "/households/{id}/members", AddHouseholdMember);
    page("POST", "/households/{id}/members/{member}/move-out", MoveOutMember);
}

}  // namespace kasane::web
