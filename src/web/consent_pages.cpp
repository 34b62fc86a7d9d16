// SPDX-License-Identifier: Apache-2.0
// The 共有 tab of a person (lawful sharing, issue #4): who can see the record and why, consents and their
// withdrawal, and what was shared in meetings.

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "base/japan_time.hpp"
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

// --- 共有 tab ------------------------------------------------------------------------------------------------

const std::vector<std::string_view> kConsentFields = {
    "organizations",       "purpose",   "given_on", "method", "witness", "proxy_name", "proxy_relationship",
    "explanation_version", "expires_on"};

struct ConsentForm {
    FormFields fields;
    json errors = json::object();
};

json ConsentJson(const domain::Consent& consent, const std::map<OrganizationId, std::string>& organizations,
                 const std::map<domain::MeetingBodyId, std::string>& bodies) {
    json scope = json::array();
    for (OrganizationId id : consent.organizations) scope.push_back(NameOr(organizations, id));
    for (domain::MeetingBodyId id : consent.bodies) {
        auto found = bodies.find(id);
        scope.push_back(found == bodies.end() ? "会議体 " + std::to_string(id) : found->second);
    }
    const bool withdrawn = consent.withdrawn_at.has_value();
    const bool active = consent.state == domain::ConsentState::kInForce;
    json item = {{"id", consent.id},
                 {"scope", scope},
                 {"purpose", consent.purpose},
                 {"given_on", DateJson(consent.given_on)},
                 {"method", domain::ConsentMethodLabel(consent.method)},
                 {"witness", consent.witness},
                 {"by_proxy", consent.by_proxy},
                 {"proxy_name", consent.proxy_name},
                 {"proxy_relationship", consent.proxy_relationship},
                 {"explanation_version", consent.explanation_version},
                 {"expires_on", DateJson(consent.expires_on)},
                 {"withdrawn", withdrawn},
                 {"withdrawn_at", withdrawn ? InstantJson(*consent.withdrawn_at) : json(nullptr)},
                 {"active", active},
                 {"can_withdraw", !withdrawn}};
    item["status"] = domain::ConsentStateLabel(consent.state);
    item["status_code"] = domain::ConsentStateCode(consent.state);
    return item;
}

http::Response RenderSharing(const SharingPageServices& services, const http::Request& request, domain::PersonId id,
                             const ConsentForm& form, int status, std::string notice) {
    const domain::Actor actor = ActorOf(request);
    auto view = services.persons->Get(actor, id);
    if (!view) return RenderErrorPage(request, view.error());
    // The tab explains the record's sharing to those who see the record in full (SharingService::WhoCanSee);
    // a member who sees only what a meeting shared finds that on the person page itself.
    if (view->decision.level != domain::ViewLevel::kFull) return NotFound(request);
    auto who = services.sharing->WhoCanSee(actor, id);
    if (!who) return RenderErrorPage(request, who.error());

    auto organizations_read = OrganizationNames(services, actor);
    if (!organizations_read) return RenderErrorPage(request, organizations_read.error());
    const auto& organizations = *organizations_read;
    std::map<domain::MeetingBodyId, std::string> body_names;
    json body_options = json::array();
    json shown = json::object();  // the reads that failed (ShowSectionError), shown with the request id
    if (auto bodies = services.sharing->Bodies(actor); !bodies) {
        ShowSectionError(shown, actor, "会議体", bodies.error());
    } else {
        for (const domain::MeetingBody& body : *bodies) {
            body_names[body.id] = body.display_name;
            body_options.push_back({{"id", body.id},
                                    {"label", body.display_name},
                                    {"basis", domain::LegalBasisLabel(body.legal_basis)},
                                    {"checked", FieldOf(form.fields, "body_" + std::to_string(body.id)) == "1"}});
        }
    }
    json organization_options = json::array();
    for (const auto& [organization_id, name] : organizations) {
        organization_options.push_back(
            {{"id", organization_id},
             {"label", name},
             {"checked", FieldOf(form.fields, "org_" + std::to_string(organization_id)) == "1"}});
    }

    json lines = json::array();
    for (const domain::AccessExplanation& line : *who) {
        lines.push_back({{"organization", line.organization_name},
                         {"user", line.user_name},
                         {"level", ViewLevelLabel(line.level)},
                         {"level_code", ViewLevelCode(line.level)},
                         {"basis", domain::AccessBasisLabel(line.basis)},
                         {"explanation", line.explanation},
                         {"contact_hidden", !line.address_and_contact}});
    }

    json consents = json::array();
    if (auto list = services.sharing->ConsentsOf(actor, id)) {
        for (const domain::Consent& consent : *list)
            consents.push_back(ConsentJson(consent, organizations, body_names));
    } else {
        ShowSectionError(shown, actor, "同意", list.error());
    }
    json shared = json::array();
    if (auto items = services.sharing->SharedWith(actor, id)) {
        for (const domain::SharedItem& item : *items) {
            shared.push_back({{"meeting_id", item.meeting_id},
                              {"body", item.body_name},
                              {"held_on", DateJson(item.held_on)},
                              {"summary", item.shared_summary}});
        }
    } else {
        ShowSectionError(shown, actor, "会議で共有された内容", items.error());
    }

    auto value = [&](std::string_view name, std::string fallback) {
        auto found = form.fields.find(name);
        return found == form.fields.end() ? fallback : found->second;
    };
    const std::string method = value("method", "written");
    json data = {{"person", PersonHeaderJson(view->person, view->decision, TodayInJapan(*services.clock))},
                 {"known_to", JoinKnownTo(view->known_to)},
                 {"basis_label", domain::AccessBasisLabel(view->decision.basis)},
                 {"tabs", PersonTabs(id, "sharing")},
                 {"who", lines},
                 {"dv_protected", view->person.data.dv_protected},
                 {"consents", consents},
                 {"shared", shared},
                 {"organization_options", organization_options},
                 {"body_options", body_options},
                 {"section_errors", shown.value("section_errors", json::array())},
                 {"errors", form.errors},
                 {"form",
                  {{"purpose", value("purpose", "支援のための関係機関での情報共有")},
                   {"given_on", value("given_on", FormatWareki(TodayInJapan(*services.clock)))},
                   {"written", method != "oral"},
                   {"oral", method == "oral"},
                   {"witness", value("witness", "")},
                   {"by_proxy", value("by_proxy", "") == "1"},
                   {"proxy_name", value("proxy_name", "")},
                   {"proxy_relationship", value("proxy_relationship", "")},
                   {"explanation_version", value("explanation_version", "個人情報の取扱いについて（説明文書 第1版）")},
                   {"expires_on", value("expires_on", "")}}},
                 {"can_record_consent", IsProfessional(actor.principal)}};
    if (!form.errors.empty()) data["consent_open"] = true;
    if (!notice.empty()) data["notice"] = notice;
    const std::string name = view->person.FullName();
    return RenderPage(request, (name.empty() ? std::string("本人") : name + " さん") + "：共有", "person_sharing",
                      std::move(data), status);
}

http::Response ShowSharing(const SharingPageServices& services, http::Request& request) {
    auto id = PathId(request, "id");
    if (!id) return NotFound(request);
    std::string notice;
    if (request.QueryParam("consented")) notice = "同意を記録しました。";
    if (request.QueryParam("withdrawn")) notice = "同意の撤回を記録しました。この同意による閲覧は、今から止まります。";
    return RenderSharing(services, request, domain::PersonId{*id}, {}, 200, notice);
}

http::Response RecordConsent(const SharingPageServices& services, http::Request& request) {
    auto id = PathId(request, "id");
    if (!id) return NotFound(request);
    ConsentForm form{.fields = request.FormFields()};
    const FormFields& fields = form.fields;
    domain::Consent consent{.person_id = domain::PersonId{*id}};
    for (const auto& [name, value] : fields) {
        if (value != "1") continue;
        if (name.starts_with("org_")) {
            if (auto organization = ParseId(std::string_view(name).substr(4)))
                consent.organizations.push_back(OrganizationId{*organization});
        } else if (name.starts_with("body_")) {
            if (auto body = ParseId(std::string_view(name).substr(5)))
                consent.bodies.push_back(domain::MeetingBodyId{*body});
        }
    }
    consent.purpose = Trim(FieldOf(fields, "purpose"));
    consent.by_proxy = FieldOf(fields, "by_proxy") == "1";
    if (consent.by_proxy) {
        consent.proxy_name = Trim(FieldOf(fields, "proxy_name"));
        consent.proxy_relationship = Trim(FieldOf(fields, "proxy_relationship"));
    }
    auto method = domain::ParseConsentMethod(FieldOf(fields, "method"));
    consent.method = method.value_or(domain::ConsentMethod::kWritten);
    if (consent.method == domain::ConsentMethod::kOral) consent.witness = Trim(FieldOf(fields, "witness"));
    consent.explanation_version = Trim(FieldOf(fields, "explanation_version"));

    auto fail = [&](const Error& error) {
        if (!error.Is(ErrorCode::kInvalidArgument) &&
            !(error.Is(ErrorCode::kNotFound) && !error.field.empty() && error.field != "person_id")) {
            return RenderErrorPage(request, error);
        }
        AddFieldError(form.errors, error, kConsentFields);
        return RenderSharing(services, request, domain::PersonId{*id}, form, 400, "");
    };
    if (!method) return fail(Error::InvalidArgument("同意の方法（書面・口頭）を選んでください", "method"));
    auto given_on = OptionalDate(fields, "given_on", "同意日");
    if (!given_on) return fail(given_on.error());
    if (!*given_on) return fail(Error::InvalidArgument("同意日を入力してください", "given_on"));
    consent.given_on = **given_on;
    auto expires_on = OptionalDate(fields, "expires_on", "有効期限");
    if (!expires_on) return fail(expires_on.error());
    consent.expires_on = *expires_on;

    auto recorded = services.sharing->RecordConsent(ActorOf(request), consent);
    if (!recorded) return fail(recorded.error());
    return http::Response::Redirect("/persons/" + std::to_string(*id) + "/sharing?consented=1#consents");
}

http::Response WithdrawConsent(const SharingPageServices& services, http::Request& request) {
    auto id = PathId(request, "id");
    auto consent_id = PathId(request, "consent");
    if (!id || !consent_id) return NotFound(request);
    auto withdrawn = services.sharing->WithdrawConsent(ActorOf(request), domain::ConsentId{*consent_id});
    if (!withdrawn) return RenderErrorPage(request, withdrawn.error());
    return http::Response::Redirect("/persons/" + std::to_string(*id) + "/sharing?withdrawn=1#consents");
}

}  // namespace

void AddConsentPages(http::Router& router, const SharingPageServices& services) {
    auto page = [&router, &services](std::string method, std::string pattern,
                                     http::Response (*handler)(const SharingPageServices&, http::Request&)) {
        AddSharingPage(router, services, std::move(method), std::move(pattern), handler);
    };
    if (!services.persons) return;
    page("GET", "/persons/{id}/sharing", ShowSharing);
    page("POST", "/persons/{id}/consents", RecordConsent);
    page("POST", "/persons/{id}/consents/{consent}/withdraw", WithdrawConsent);
}

}  // namespace kasane::web
