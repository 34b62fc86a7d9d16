// SPDX-License-Identifier: Apache-2.0
// 緊急時の閲覧 (lawful sharing, issue #4): the request of a professional, and the administrators' review of the
// emergency accesses (acknowledged through AlertAcknowledgementRepository).

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "base/japanese_date.hpp"
#include "base/japanese_text.hpp"
#include "domain/access_policy.hpp"
#include "domain/administration.hpp"
#include "domain/master_data.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"
#include "web/sharing_page_support.hpp"
#include "web/sharing_pages.hpp"

namespace kasane::web {

namespace {

using namespace sharing;
using nlohmann::json;

// --- 緊急時の閲覧 ------------------------------------------------------------------------------------------------

http::Response RenderEmergency(const http::Request& request, domain::PersonId id, const FormFields& fields, json errors,
                               int status) {
    json data = {{"person_id", id},
                 {"reason", FieldOf(fields, "reason")},
                 {"hours", FieldOf(fields, "hours").empty() ? std::string("2") : FieldOf(fields, "hours")},
                 {"errors", std::move(errors)}};
    return RenderPage(request, "緊急時の閲覧", "emergency_access", std::move(data), status);
}

// Shown to any professional for any id: whether the person exists is not revealed before the request is made
// (and recorded), so that the form cannot be used to probe for records.
http::Response ShowEmergency(const SharingPageServices&, http::Request& request) {
    auto id = PathId(request, "id");
    if (!id) return NotFound(request);
    if (!IsProfessional(*request.principal))
        return RenderErrorPage(request, Error::PermissionDenied("緊急時の閲覧を行う権限がありません"));
    return RenderEmergency(request, domain::PersonId{*id}, {}, json::object(), 200);
}

http::Response RequestEmergency(const SharingPageServices& services, http::Request& request) {
    auto id = PathId(request, "id");
    if (!id) return NotFound(request);
    const FormFields fields = request.FormFields();
    json errors = json::object();
    const std::string hours_text = FieldOf(fields, "hours");
    const auto hours = ParseId(hours_text);
    if (!hours || *hours > 24) {
        AddFieldError(errors, Error::InvalidArgument("閲覧できる時間は1〜24時間です", "hours"), {"reason", "hours"});
        return RenderEmergency(request, domain::PersonId{*id}, fields, std::move(errors), 400);
    }
    auto granted = services.sharing->RequestEmergencyAccess(ActorOf(request), domain::PersonId{*id},
                                                            Trim(FieldOf(fields, "reason")), static_cast<int>(*hours));
    if (!granted) {
        if (!granted.error().Is(ErrorCode::kInvalidArgument)) return RenderErrorPage(request, granted.error());
        AddFieldError(errors, granted.error(), {"reason", "hours"});
        return RenderEmergency(request, domain::PersonId{*id}, fields, std::move(errors), 400);
    }
    return http::Response::Redirect("/persons/" + std::to_string(*id));
}

http::Response ListEmergencies(const SharingPageServices& services, http::Request& request) {
    const domain::Actor actor = ActorOf(request);
    auto alerts = services.sharing->EmergencyAlerts(actor, domain::AlertListing::kAll);
    if (!alerts) return RenderErrorPage(request, alerts.error());
    auto users_read = UsersById(services, actor);
    if (!users_read) return RenderErrorPage(request, users_read.error());
    const auto& users = *users_read;
    auto organizations_read = OrganizationNames(services, actor);
    if (!organizations_read) return RenderErrorPage(request, organizations_read.error());
    const auto& organizations = *organizations_read;
    json rows = json::array();
    for (const domain::EmergencyAccess& access : *alerts) {
        auto user = users.find(access.user_id);
        auto reviewer = access.acknowledged_by ? users.find(*access.acknowledged_by) : users.end();
        rows.push_back(
            {{"id", access.id},
             {"person_id", access.person_id},
             {"user", user == users.end() ? std::string() : user->second.display_name},
             {"organization", NameOr(organizations, access.organization_id)},
             {"reason", access.reason},
             {"granted_at", InstantJson(access.granted_at)},
             {"expires_at", InstantJson(access.expires_at)},
             {"acknowledged", access.acknowledged_by.has_value()},
             {"reviewer", reviewer == users.end() ? std::string() : reviewer->second.display_name},
             {"can_acknowledge", !access.acknowledged_by && domain::Administration::IsAdministrator(actor.principal)}});
    }
    json data = {{"alerts", rows}};
    if (request.QueryParam("acknowledged")) data["notice"] = "確認済みにしました。";
    return RenderPage(request, "緊急時の閲覧の通知", "audit_emergencies", std::move(data));
}

http::Response AcknowledgeEmergency(const SharingPageServices& services, http::Request& request) {
    auto id = PathId(request, "id");
    if (!id) return NotFound(request);
    auto acknowledged = services.sharing->AcknowledgeEmergency(ActorOf(request), *id);
    if (!acknowledged) return RenderErrorPage(request, acknowledged.error());
    return http::Response::Redirect("/audit/emergencies?acknowledged=1");
}

}  // namespace

void AddEmergencyPages(http::Router& router, const SharingPageServices& services) {
    auto page = [&router, &services](std::string method, std::string pattern,
                                     http::Response (*handler)(const SharingPageServices&, http::Request&)) {
        AddSharingPage(router, services, std::move(method), std::move(pattern), handler);
    };
    page("GET", "/audit/emergencies", ListEmergencies);
    page("POST", "/audit/emergencies/{id}/acknowledge", AcknowledgeEmergency);
    if (!services.persons) return;
    page("GET", "/persons/{id}/emergency", ShowEmergency);
    page("POST", "/persons/{id}/emergency", RequestEmergency);
}

}  // namespace kasane::web
