// The pages of lawful sharing (issue #4). Who may see what is decided by the domain (access_policy.cpp quotes the
// rules); these handlers only parse forms, call one use case, and say the result in plain Japanese. A refusal is
// "not found" exactly like a missing record.

#include "web/sharing_pages.hpp"

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

namespace kasane::web {

namespace {

using nlohmann::json;

constexpr int kAgendaSearchLimit = 10;
constexpr int kAuditLimit = 2000;
constexpr int kDecisionRows = 3;

constexpr domain::LegalBasis kLegalBases[] = {domain::LegalBasis::kArticle106_6,
                                              domain::LegalBasis::kMultilayerMeeting,
                                              domain::LegalBasis::kIsolationCouncil,
                                              domain::LegalBasis::kPovertySupport,
                                              domain::LegalBasis::kChildProtection,
                                              domain::LegalBasis::kCommunityCareMeeting,
                                              domain::LegalBasis::kDisabilityCouncil,
                                              domain::LegalBasis::kPublicAssistance,
                                              domain::LegalBasis::kOther};

constexpr domain::AccessBasis kAccessBases[] = {domain::AccessBasis::kOwnRecord,    domain::AccessBasis::kCaseTeam,
                                                domain::AccessBasis::kConsent,      domain::AccessBasis::kMeeting,
                                                domain::AccessBasis::kReferral,     domain::AccessBasis::kEmergency,
                                                domain::AccessBasis::kIdentityMatch};

// The meeting form offers 支援決定 first; codes and labels come from the domain's one table.
constexpr domain::DecisionKind kDecisionKinds[] = {
    domain::DecisionKind::kSupportDecided,  domain::DecisionKind::kPlanApproved, domain::DecisionKind::kPlanChanged,
    domain::DecisionKind::kRolesAssigned,   domain::DecisionKind::kClosed,       domain::DecisionKind::kSuspended,
    domain::DecisionKind::kResourceMissing, domain::DecisionKind::kOther};

std::string DecisionKindLabel(std::string_view code) {
    if (auto kind = domain::ParseDecisionKind(code)) return std::string(domain::DecisionKindLabel(*kind));
    return std::string(code);
}

bool ManagesBodies(const domain::Principal& principal) {
    return principal.HasRole(domain::Role::kCoordinator) || principal.HasRole(domain::Role::kMunicipalAdministrator);
}

bool ReadsAudit(const domain::Principal& principal) {
    return principal.HasRole(domain::Role::kAuditor) || principal.HasRole(domain::Role::kMunicipalAdministrator);
}

// How much of the record a line of the 共有 tab opens, in the words the tab uses.
std::string_view ViewLevelLabel(domain::ViewLevel level) {
    switch (level) {
        case domain::ViewLevel::kFull: return "全部";
        case domain::ViewLevel::kMeetingShared: return "会議で共有された内容のみ";
        case domain::ViewLevel::kReferralSheet: return "紹介シートのみ";
        case domain::ViewLevel::kIdentity: return "本人確認のみ";
        case domain::ViewLevel::kNone: return "閲覧できない";
    }
    return "";
}

std::string_view ViewLevelCode(domain::ViewLevel level) {
    switch (level) {
        case domain::ViewLevel::kFull: return "full";
        case domain::ViewLevel::kMeetingShared: return "meeting";
        case domain::ViewLevel::kReferralSheet: return "sheet";
        case domain::ViewLevel::kIdentity: return "identity";
        case domain::ViewLevel::kNone: return "none";
    }
    return "";
}

// The basis column of the audit trail holds an AccessBasisCode, a LegalBasisCode (a meeting's provision), or ""
// for the organisation's own writes.
std::string BasisLabelOfCode(std::string_view code) {
    if (code.empty()) return "自機関の操作";
    for (domain::AccessBasis basis : kAccessBases) {
        if (domain::AccessBasisCode(basis) == code) return std::string(domain::AccessBasisLabel(basis));
    }
    if (auto legal = domain::ParseLegalBasis(code))
        return "会議での提供（" + std::string(domain::LegalBasisLabel(*legal)) + "）";
    return std::string(code);
}

std::string ActionLabel(std::string_view code) {
    static const std::map<std::string, std::string, std::less<>> kLabels = {
        {"read", "閲覧"},   {"search", "検索"},  {"export", "出力・提供"},    {"create", "登録"},
        {"update", "更新"}, {"merge", "名寄せ"}, {"unmerge", "名寄せの取消"}, {"status_change", "状態の変更"}};
    auto found = kLabels.find(code);
    return found == kLabels.end() ? std::string(code) : found->second;
}

std::string RecordTypeLabel(std::string_view code) {
    static const std::map<std::string, std::string, std::less<>> kLabels = {{"person", "本人"},
                                                                            {"household", "世帯"},
                                                                            {"consultation", "相談"},
                                                                            {"referral", "つなぎ"},
                                                                            {"report", "集計"},
                                                                            {"consent", "同意"},
                                                                            {"meeting", "会議"},
                                                                            {"emergency_access", "緊急時の閲覧"},
                                                                            {"person_sharing", "共有の説明"},
                                                                            {"disclosure_copy", "開示用の写し"},
                                                                            {"audit_trail", "監査記録"}};
    auto found = kLabels.find(code);
    return found == kLabels.end() ? std::string(code) : found->second;
}

http::Response NotFound(const http::Request& request) { return RenderErrorPage(request, Error::NotFound()); }

std::optional<std::int64_t> PathId(const http::Request& request, std::string_view name) {
    return ParseId(request.PathParam(name));
}

std::map<OrganizationId, std::string> OrganizationNames(const SharingPageServices& services,
                                                        const domain::Actor& actor) {
    std::map<OrganizationId, std::string> names;
    if (auto organizations = services.store->Tenant(actor.Tenant())->Organizations().List()) {
        for (const domain::Organization& organization : *organizations) names[organization.id] = organization.name;
    }
    return names;
}

std::map<UserId, domain::User> UsersById(const SharingPageServices& services, const domain::Actor& actor) {
    std::map<UserId, domain::User> users;
    if (auto list = services.store->Tenant(actor.Tenant())->Users().List()) {
        for (domain::User& user : *list) users.emplace(user.id, std::move(user));
    }
    return users;
}

std::string NameOr(const std::map<OrganizationId, std::string>& names, OrganizationId id) {
    auto found = names.find(id);
    return found == names.end() ? "機関 " + std::to_string(id) : found->second;
}

// A date typed in 和暦 or 西暦; nullopt for an empty field.
Result<std::optional<Date>> OptionalDate(const FormFields& fields, std::string_view name, std::string_view label) {
    const std::string text = FieldOf(fields, name);
    if (text.empty()) return std::optional<Date>{};
    auto date = ParseJapaneseDate(text, label);
    if (!date) {
        Error error = date.error();
        error.field = std::string(name);
        return Fail(std::move(error));
    }
    return std::optional<Date>{*date};
}

json PersonTabs(domain::PersonId id, std::string_view current) {
    return {{"id", id}, {"record", current == "record"}, {"sharing", current == "sharing"}};
}

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

    const auto organizations = OrganizationNames(services, actor);
    std::map<domain::MeetingBodyId, std::string> body_names;
    json body_options = json::array();
    if (auto bodies = services.sharing->Bodies(actor)) {
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
    }
    json shared = json::array();
    if (auto items = services.sharing->SharedWith(actor, id)) {
        for (const domain::SharedItem& item : *items) {
            shared.push_back({{"meeting_id", item.meeting_id},
                              {"body", item.body_name},
                              {"held_on", DateJson(item.held_on)},
                              {"summary", item.shared_summary}});
        }
    }

    auto value = [&](std::string_view name, std::string fallback) {
        auto found = form.fields.find(name);
        return found == form.fields.end() ? fallback : found->second;
    };
    const std::string method = value("method", "written");
    json data = {{"person", PersonHeaderJson(view->person, view->decision)},
                 {"known_to", JoinKnownTo(view->known_to)},
                 {"basis_label", domain::AccessBasisLabel(view->decision.basis)},
                 {"tabs", PersonTabs(id, "sharing")},
                 {"who", lines},
                 {"dv_protected", view->person.data.dv_protected},
                 {"consents", consents},
                 {"shared", shared},
                 {"organization_options", organization_options},
                 {"body_options", body_options},
                 {"errors", form.errors},
                 {"form",
                  {{"purpose", value("purpose", "支援のための関係機関での情報共有")},
                   {"given_on", value("given_on", FormatWareki(TodayJst()))},
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
    return RenderSharing(services, request, *id, {}, 200, notice);
}

http::Response RecordConsent(const SharingPageServices& services, http::Request& request) {
    auto id = PathId(request, "id");
    if (!id) return NotFound(request);
    ConsentForm form{.fields = request.FormFields()};
    const FormFields& fields = form.fields;
    domain::Consent consent{.person_id = *id};
    for (const auto& [name, value] : fields) {
        if (value != "1") continue;
        if (name.starts_with("org_")) {
            if (auto organization = ParseId(std::string_view(name).substr(4)))
                consent.organizations.push_back(*organization);
        } else if (name.starts_with("body_")) {
            if (auto body = ParseId(std::string_view(name).substr(5))) consent.bodies.push_back(*body);
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
        return RenderSharing(services, request, *id, form, 400, "");
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
    auto withdrawn = services.sharing->WithdrawConsent(ActorOf(request), *consent_id);
    if (!withdrawn) return RenderErrorPage(request, withdrawn.error());
    return http::Response::Redirect("/persons/" + std::to_string(*id) + "/sharing?withdrawn=1#consents");
}

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
    return RenderEmergency(request, *id, {}, json::object(), 200);
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
        return RenderEmergency(request, *id, fields, std::move(errors), 400);
    }
    auto granted = services.sharing->RequestEmergencyAccess(ActorOf(request), *id, Trim(FieldOf(fields, "reason")),
                                                            static_cast<int>(*hours));
    if (!granted) {
        if (!granted.error().Is(ErrorCode::kInvalidArgument)) return RenderErrorPage(request, granted.error());
        AddFieldError(errors, granted.error(), {"reason", "hours"});
        return RenderEmergency(request, *id, fields, std::move(errors), 400);
    }
    return http::Response::Redirect("/persons/" + std::to_string(*id));
}

// --- 開示用の写し ----------------------------------------------------------------------------------------------

json DisclosedText(const json& value) {
    if (value.is_string()) return {{"text", value}};
    const std::string withheld = value.is_object() ? value.value("withheld", "") : "";
    return {{"withheld", withheld == "third_party" ? "不開示（第三者に関する情報）" : "不開示（職員の評価・判断）"},
            {"withheld_code", withheld}};
}

http::Response ShowDisclosure(const SharingPageServices& services, http::Request& request) {
    auto id = PathId(request, "id");
    if (!id) return NotFound(request);
    auto copy = services.sharing->DisclosureCopy(ActorOf(request), *id);
    if (!copy) return RenderErrorPage(request, copy.error());
    json consultations = json::array();
    for (const json& record : (*copy)["consultations"]) {
        json contacts = json::array();
        for (const json& contact : record["contacts"]) {
            json item = DisclosedText(contact["summary"]);
            Instant at{};
            if (auto parsed = ParseIso8601(contact.value("occurred_at", ""))) at = *parsed;
            item["occurred_at"] = InstantJson(at);
            item["channel"] = contact.value("channel", "");
            item["source"] = contact.value("source", "");
            contacts.push_back(std::move(item));
        }
        consultations.push_back({{"id", record["consultation_id"]},
                                 {"chief_complaint", record.value("chief_complaint", "")},
                                 {"outcome", record.value("outcome", "")},
                                 {"contacts", contacts}});
    }
    Instant prepared{};
    if (auto parsed = ParseIso8601((*copy).value("prepared_at", ""))) prepared = *parsed;
    json data = {{"person", (*copy)["person"]},
                 {"person_id", *id},
                 {"consultations", consultations},
                 {"prepared_at", InstantJson(prepared)},
                 {"note", (*copy).value("note", "")}};
    return RenderPage(request, "開示用の写し", "disclosure_copy", std::move(data));
}

// --- 会議体 ----------------------------------------------------------------------------------------------------

const std::vector<std::string_view> kBodyFields = {
    "legal_basis", "display_name", "shares_without_consent", "sharing_days", "coordinating_organization_id", "members"};

json BodyFormJson(const SharingPageServices& services, const domain::Actor& actor, const FormFields& fields) {
    const std::string basis = FieldOf(fields, "legal_basis");
    const std::string coordinating = FieldOf(fields, "coordinating_organization_id");
    json organizations = json::array();
    json coordinating_options = json::array();
    coordinating_options.push_back({{"value", ""}, {"label", "指定しない"}, {"selected", coordinating.empty()}});
    for (const auto& [id, name] : OrganizationNames(services, actor)) {
        const std::string key = std::to_string(id);
        organizations.push_back({{"id", id},
                                 {"label", name},
                                 {"member", FieldOf(fields, "member_" + key) == "1"},
                                 {"pledge", FieldOf(fields, "pledge_" + key)},
                                 {"left", FieldOf(fields, "left_" + key)}});
        coordinating_options.push_back({{"value", key}, {"label", name}, {"selected", coordinating == key}});
    }
    // The persons who may pledge: staff who work cases (professionals and 民生委員), by organisation.
    json persons = json::array();
    const auto organization_names = OrganizationNames(services, actor);
    for (const auto& [id, user] : UsersById(services, actor)) {
        const bool works_cases = user.HasRole(domain::Role::kCaseworker) || user.HasRole(domain::Role::kCoordinator) ||
                                 user.HasRole(domain::Role::kWelfareVolunteer);
        if (user.disabled || !works_cases) continue;
        const std::string key = std::to_string(id);
        persons.push_back(
            {{"id", id},
             {"label", user.display_name + "（" + NameOr(organization_names, user.organization_id) + "）"},
             {"named", FieldOf(fields, "named_" + key) == "1"},
             {"pledge", FieldOf(fields, "npledge_" + key)},
             {"left", FieldOf(fields, "nleft_" + key)}});
    }
    return {{"legal_basis_options", EnumOptions(kLegalBases, domain::LegalBasisCode, domain::LegalBasisLabel, basis)},
            {"display_name", FieldOf(fields, "display_name")},
            {"shares_without_consent", FieldOf(fields, "shares_without_consent") == "1"},
            {"sharing_days", FieldOf(fields, "sharing_days")},
            {"coordinating_options", coordinating_options},
            {"organizations", organizations},
            {"persons", persons},
            {"version", FieldOf(fields, "version")}};
}

FormFields FieldsOfBody(const domain::MeetingBody& body) {
    FormFields fields = {{"legal_basis", std::string(domain::LegalBasisCode(body.legal_basis))},
                         {"display_name", body.display_name},
                         {"shares_without_consent", body.shares_without_consent ? "1" : ""},
                         {"sharing_days", std::to_string(body.sharing_days)},
                         {"version", std::to_string(body.version)}};
    if (body.coordinating_organization_id) {
        fields["coordinating_organization_id"] = std::to_string(*body.coordinating_organization_id);
    }
    for (const domain::BodyMember& member : body.members) {
        const std::string key = std::to_string(member.organization_id);
        fields["member_" + key] = "1";
        if (member.pledge_signed_on) fields["pledge_" + key] = FormatWareki(*member.pledge_signed_on);
        if (member.left_on) fields["left_" + key] = FormatWareki(*member.left_on);
    }
    for (const domain::NamedMember& member : body.named_members) {
        const std::string key = std::to_string(member.user_id);
        fields["named_" + key] = "1";
        fields["npledge_" + key] = FormatWareki(member.pledge_signed_on);
        if (member.left_on) fields["nleft_" + key] = FormatWareki(*member.left_on);
    }
    return fields;
}

Result<domain::MeetingBody> BodyOfFields(const FormFields& fields) {
    domain::MeetingBody body;
    auto basis = domain::ParseLegalBasis(FieldOf(fields, "legal_basis"));
    if (!basis) return Fail(Error::InvalidArgument("根拠となる法令等を選んでください", "legal_basis"));
    body.legal_basis = *basis;
    body.display_name = Trim(FieldOf(fields, "display_name"));
    body.shares_without_consent = FieldOf(fields, "shares_without_consent") == "1";
    const std::string days = FieldOf(fields, "sharing_days");
    auto parsed_days = ParseId(days);
    if (!parsed_days || *parsed_days > 3650) {
        return Fail(Error::InvalidArgument("共有期間は1〜3650日で指定してください", "sharing_days"));
    }
    body.sharing_days = static_cast<int>(*parsed_days);
    if (const std::string coordinating = FieldOf(fields, "coordinating_organization_id"); !coordinating.empty()) {
        auto id = ParseId(coordinating);
        if (!id) return Fail(Error::InvalidArgument("調整機関を選び直してください", "coordinating_organization_id"));
        body.coordinating_organization_id = *id;
    }
    for (const auto& [name, value] : fields) {
        if (!name.starts_with("member_") || value != "1") continue;
        auto id = ParseId(std::string_view(name).substr(7));
        if (!id) continue;
        const std::string key = std::to_string(*id);
        domain::BodyMember member{.organization_id = *id};
        auto pledge = OptionalDate(fields, "pledge_" + key, "誓約日");
        if (!pledge) return Fail(Error::InvalidArgument(pledge.error().message, "members"));
        member.pledge_signed_on = *pledge;
        auto left = OptionalDate(fields, "left_" + key, "脱退日");
        if (!left) return Fail(Error::InvalidArgument(left.error().message, "members"));
        member.left_on = *left;
        body.members.push_back(member);
    }
    for (const auto& [name, value] : fields) {
        if (!name.starts_with("named_") || value != "1") continue;
        auto id = ParseId(std::string_view(name).substr(6));
        if (!id) continue;
        const std::string key = std::to_string(*id);
        auto pledge = OptionalDate(fields, "npledge_" + key, "誓約日");
        if (!pledge) return Fail(Error::InvalidArgument(pledge.error().message, "named_members"));
        if (!pledge->has_value()) {
            return Fail(Error::InvalidArgument("誓約した職員には誓約日を入力してください", "named_members"));
        }
        auto left = OptionalDate(fields, "nleft_" + key, "脱退日");
        if (!left) return Fail(Error::InvalidArgument(left.error().message, "named_members"));
        body.named_members.push_back(
            domain::NamedMember{.user_id = *id, .organization_id = 0, .pledge_signed_on = **pledge, .left_on = *left});
    }
    return body;
}

http::Response ListBodies(const SharingPageServices& services, http::Request& request) {
    const domain::Actor actor = ActorOf(request);
    auto bodies = services.sharing->Bodies(actor);
    if (!bodies) return RenderErrorPage(request, bodies.error());
    const auto organizations = OrganizationNames(services, actor);
    const auto users = UsersById(services, actor);
    json rows = json::array();
    for (const domain::MeetingBody& body : *bodies) {
        json members = json::array();
        for (const domain::BodyMember& member : body.members) {
            members.push_back({{"name", NameOr(organizations, member.organization_id)},
                               {"pledged", member.pledge_signed_on.has_value()},
                               {"left", member.left_on.has_value()}});
        }
        json named = json::array();
        for (const domain::NamedMember& member : body.named_members) {
            const auto user = users.find(member.user_id);
            named.push_back(
                {{"name", user == users.end() ? "職員 " + std::to_string(member.user_id) : user->second.display_name},
                 {"pledged_on", FormatWareki(member.pledge_signed_on)},
                 {"left", member.left_on.has_value()}});
        }
        rows.push_back({{"id", body.id},
                        {"name", body.display_name},
                        {"basis", domain::LegalBasisLabel(body.legal_basis)},
                        {"shares_without_consent", body.shares_without_consent},
                        {"sharing_days", body.sharing_days},
                        {"members", members},
                        {"named_members", named},
                        {"is_council", body.legal_basis == domain::LegalBasis::kIsolationCouncil}});
    }
    json data = {{"bodies", rows}, {"can_manage", ManagesBodies(actor.principal)}};
    if (request.QueryParam("saved")) data["notice"] = "会議体を保存しました。";
    return RenderPage(request, "会議体", "meeting_bodies", std::move(data));
}

http::Response RenderBodyForm(const SharingPageServices& services, const http::Request& request,
                              std::optional<domain::MeetingBodyId> id, const FormFields& fields, json errors,
                              int status) {
    json data = {{"body", BodyFormJson(services, ActorOf(request), fields)},
                 {"errors", std::move(errors)},
                 {"action", id ? "/meeting-bodies/" + std::to_string(*id) : std::string("/meeting-bodies")},
                 {"editing", id.has_value()}};
    return RenderPage(request, id ? "会議体を編集する" : "会議体を登録する", "meeting_body_form", std::move(data),
                      status);
}

http::Response NewBody(const SharingPageServices& services, http::Request& request) {
    if (!ManagesBodies(*request.principal)) {
        return RenderErrorPage(request, Error::PermissionDenied("会議体を登録できるのは推進員と管理者です"));
    }
    return RenderBodyForm(services, request, std::nullopt,
                          {{"legal_basis", "article_106_6"}, {"sharing_days", "90"}, {"shares_without_consent", "1"}},
                          json::object(), 200);
}

http::Response EditBody(const SharingPageServices& services, http::Request& request) {
    auto id = PathId(request, "id");
    if (!id) return NotFound(request);
    if (!ManagesBodies(*request.principal)) {
        return RenderErrorPage(request, Error::PermissionDenied("会議体を変更できるのは推進員と管理者です"));
    }
    auto body = services.sharing->Body(ActorOf(request), *id);
    if (!body) return RenderErrorPage(request, body.error());
    return RenderBodyForm(services, request, *id, FieldsOfBody(*body), json::object(), 200);
}

http::Response SaveBody(const SharingPageServices& services, http::Request& request) {
    std::optional<domain::MeetingBodyId> id;
    if (!request.PathParam("id").empty()) {
        id = PathId(request, "id");
        if (!id) return NotFound(request);
    }
    const FormFields fields = request.FormFields();
    auto fail = [&](const Error& error) {
        if (!error.Is(ErrorCode::kInvalidArgument) && !error.Is(ErrorCode::kConflict) &&
            !(error.Is(ErrorCode::kNotFound) && !error.field.empty())) {
            return RenderErrorPage(request, error);
        }
        json errors = json::object();
        AddFieldError(errors, error, kBodyFields);
        return RenderBodyForm(services, request, id, fields, std::move(errors),
                              error.Is(ErrorCode::kConflict) ? 409 : 400);
    };
    auto body = BodyOfFields(fields);
    if (!body) return fail(body.error());
    const domain::Actor actor = ActorOf(request);
    Result<domain::MeetingBody> saved = Fail(Error::Internal());
    if (id) {
        auto version = ParseId(FieldOf(fields, "version"));
        if (!version) return fail(Error::InvalidArgument("版が正しくありません。開き直してください", "version"));
        saved = services.sharing->UpdateBody(actor, *id, static_cast<int>(*version), *body);
    } else {
        saved = services.sharing->CreateBody(actor, *body);
    }
    if (!saved) return fail(saved.error());
    return http::Response::Redirect("/meeting-bodies?saved=1");
}

http::Response ShowAnnouncement(const SharingPageServices& services, http::Request& request) {
    auto id = PathId(request, "id");
    if (!id) return NotFound(request);
    const domain::Actor actor = ActorOf(request);
    auto body = services.sharing->Body(actor, *id);
    if (!body) return RenderErrorPage(request, body.error());
    auto text = services.sharing->AnnouncementText(actor, *id);
    if (!text) return RenderErrorPage(request, text.error());
    json lines = json::array();
    std::string_view rest = *text;
    while (!rest.empty()) {
        const std::size_t newline = rest.find('\n');
        lines.push_back(std::string(rest.substr(0, newline)));
        if (newline == std::string_view::npos) break;
        rest.remove_prefix(newline + 1);
    }
    json data = {{"lines", lines}, {"body_name", body->display_name}};
    return RenderPage(request, "公示文", "meeting_body_announcement", std::move(data));
}

// --- 会議 ------------------------------------------------------------------------------------------------------

const std::vector<std::string_view> kMeetingFields = {"body_id", "joint_body_id", "held_on",  "agenda",
                                                      "minutes", "decisions",     "attendees"};

// The agenda choices: persons already ticked (kept across searches and re-rendered forms) and new search results.
json AgendaChoices(const SharingPageServices& services, const domain::Actor& actor, const FormFields& fields,
                   const std::string& query, std::optional<Error>* search_error) {
    json choices = json::array();
    std::set<domain::PersonId> listed;
    for (const auto& [name, value] : fields) {
        if (!name.starts_with("agenda_") || name.starts_with("agenda_name_") || value != "1") continue;
        auto id = ParseId(std::string_view(name).substr(7));
        if (!id || !listed.insert(*id).second) continue;
        const std::string key = std::to_string(*id);
        choices.push_back({{"id", *id},
                           {"name", FieldOf(fields, "agenda_name_" + key)},
                           {"checked", true},
                           {"summary", FieldOf(fields, "summary_" + key)}});
    }
    if (!query.empty()) {
        auto found = services.persons->Search(actor, query, kAgendaSearchLimit);
        if (!found) {
            if (search_error) *search_error = found.error();
        } else {
            for (const domain::PersonSummary& summary : *found) {
                if (summary.decision.level == domain::ViewLevel::kReferralSheet) continue;
                if (!listed.insert(summary.person.id).second) continue;
                json item = {{"id", summary.person.id},
                             {"name", summary.person.FullName()},
                             {"kana", summary.person.FullNameKana()},
                             {"birth_date", DateJson(summary.person.data.birth_date)},
                             {"checked", false},
                             {"summary", ""}};
                choices.push_back(std::move(item));
            }
        }
    }
    return choices;
}

http::Response RenderMeetingForm(const SharingPageServices& services, const http::Request& request,
                                 const FormFields& fields, json errors, int status) {
    const domain::Actor actor = ActorOf(request);
    if (!ManagesBodies(actor.principal)) {
        return RenderErrorPage(request, Error::PermissionDenied("会議を開催（登録）できるのは推進員と管理者です"));
    }
    const std::string selected_body = FieldOf(fields, "body_id");
    const std::string selected_joint = FieldOf(fields, "joint_body_id");
    json bodies = json::array();
    json joint_bodies = json::array();
    if (auto list = services.sharing->Bodies(actor)) {
        for (const domain::MeetingBody& body : *list) {
            const std::string label =
                body.display_name + "（" + std::string(domain::LegalBasisLabel(body.legal_basis)) + "）";
            bodies.push_back(
                {{"value", body.id}, {"label", label}, {"selected", selected_body == std::to_string(body.id)}});
            joint_bodies.push_back(
                {{"value", body.id}, {"label", label}, {"selected", selected_joint == std::to_string(body.id)}});
        }
    }
    const auto organizations = OrganizationNames(services, actor);
    json attendees = json::array();
    for (const auto& [id, user] : UsersById(services, actor)) {
        // 民生委員 attend too: what a meeting shares reaches them only by attending it in person.
        if (user.disabled || !(user.HasRole(domain::Role::kCaseworker) || user.HasRole(domain::Role::kCoordinator) ||
                               user.HasRole(domain::Role::kWelfareVolunteer))) {
            continue;
        }
        attendees.push_back({{"id", id},
                             {"label", user.display_name + "（" + NameOr(organizations, user.organization_id) + "）"},
                             {"checked", FieldOf(fields, "attendee_" + std::to_string(id)) == "1"}});
    }
    json other_organizations = json::array();
    const std::string other_organization = FieldOf(fields, "other_attendee_organization_id");
    for (const auto& [id, name] : organizations) {
        other_organizations.push_back(
            {{"value", id}, {"label", name}, {"selected", other_organization == std::to_string(id)}});
    }
    json decisions = json::array();
    for (int row = 1; row <= kDecisionRows; ++row) {
        const std::string key = std::to_string(row);
        const std::string kind = FieldOf(fields, "decision_kind_" + key);
        json options = json::array();
        options.push_back({{"value", ""}, {"label", "（なし）"}, {"selected", kind.empty()}});
        for (const domain::DecisionKind decision : kDecisionKinds) {
            const std::string_view code = domain::DecisionKindCode(decision);
            options.push_back(
                {{"value", code}, {"label", domain::DecisionKindLabel(decision)}, {"selected", kind == code}});
        }
        decisions.push_back({{"row", row}, {"options", options}, {"text", FieldOf(fields, "decision_text_" + key)}});
    }
    const std::string query = FieldOf(fields, "agenda_q");
    std::optional<Error> search_error;
    json data = {
        {"bodies", bodies},
        {"joint_bodies", joint_bodies},
        {"held_on", FieldOf(fields, "held_on").empty() ? FormatWareki(TodayJst()) : FieldOf(fields, "held_on")},
        {"attendees", attendees},
        {"other_attendee_name", FieldOf(fields, "other_attendee_name")},
        {"other_organizations", other_organizations},
        {"agenda_q", query},
        {"choices", AgendaChoices(services, actor, fields, query, &search_error)},
        {"minutes", FieldOf(fields, "minutes")},
        {"decisions", decisions},
        {"errors", std::move(errors)}};
    if (search_error) data["search_error"] = search_error->message;
    return RenderPage(request, "会議を記録する", "meeting_form", std::move(data), status);
}

http::Response NewMeeting(const SharingPageServices& services, http::Request& request) {
    FormFields fields;
    if (auto body = request.QueryParam("body_id")) fields["body_id"] = *body;
    if (auto query = request.QueryParam("agenda_q")) fields["agenda_q"] = *query;
    return RenderMeetingForm(services, request, fields, json::object(), 200);
}

// htmx: the agenda choices for the search box, keeping the persons already ticked (sent with hx-include).
http::Response AgendaSearch(const SharingPageServices& services, http::Request& request) {
    const FormFields fields = QueryFields(request);
    std::optional<Error> search_error;
    json data = {
        {"choices", AgendaChoices(services, ActorOf(request), fields, FieldOf(fields, "agenda_q"), &search_error)},
        {"agenda_q", FieldOf(fields, "agenda_q")}};
    if (search_error) data["search_error"] = search_error->message;
    return RenderFragment(request, "meeting_agenda_choices", std::move(data));
}

http::Response CreateMeeting(const SharingPageServices& services, http::Request& request) {
    const FormFields fields = request.FormFields();
    auto fail = [&](const Error& error) {
        if (!error.Is(ErrorCode::kInvalidArgument) && !(error.Is(ErrorCode::kNotFound) && !error.field.empty())) {
            return RenderErrorPage(request, error);
        }
        json errors = json::object();
        AddFieldError(errors, error, kMeetingFields);
        return RenderMeetingForm(services, request, fields, std::move(errors), 400);
    };
    // Pressing 「探す」 without scripts submits the whole form: search again, keep everything typed.
    if (FieldOf(fields, "action") == "search") return RenderMeetingForm(services, request, fields, json::object(), 200);

    domain::Meeting meeting;
    auto body_id = ParseId(FieldOf(fields, "body_id"));
    if (!body_id) return fail(Error::InvalidArgument("会議体を選んでください", "body_id"));
    meeting.body_id = *body_id;
    if (const std::string joint = FieldOf(fields, "joint_body_id"); !joint.empty()) {
        meeting.joint_body_id = ParseId(joint);
        if (!meeting.joint_body_id) return fail(Error::InvalidArgument("合同で開催する会議体を選び直してください", "joint_body_id"));
    }
    auto held_on = OptionalDate(fields, "held_on", "開催日");
    if (!held_on) return fail(held_on.error());
    if (!*held_on) return fail(Error::InvalidArgument("開催日を入力してください", "held_on"));
    meeting.held_on = **held_on;
    const auto users = UsersById(services, ActorOf(request));
    for (const auto& [name, value] : fields) {
        if (value == "1" && name.starts_with("attendee_")) {
            auto id = ParseId(std::string_view(name).substr(9));
            auto user = id ? users.find(*id) : users.end();
            if (user == users.end()) return fail(Error::InvalidArgument("出席者を選び直してください", "attendees"));
            meeting.attendees.push_back(domain::Attendee{.user_id = user->first,
                                                         .name = user->second.display_name,
                                                         .organization_id = user->second.organization_id});
        }
        if (value == "1" && name.starts_with("agenda_") && !name.starts_with("agenda_name_")) {
            auto id = ParseId(std::string_view(name).substr(7));
            if (!id) continue;
            meeting.agenda.push_back(domain::AgendaItem{
                .person_id = *id, .shared_summary = Trim(FieldOf(fields, "summary_" + std::to_string(*id)))});
        }
    }
    if (const std::string other = Trim(FieldOf(fields, "other_attendee_name")); !other.empty()) {
        auto organization = ParseId(FieldOf(fields, "other_attendee_organization_id"));
        if (!organization) return fail(Error::InvalidArgument("その他の出席者の所属機関を選んでください", "attendees"));
        meeting.attendees.push_back(domain::Attendee{.name = other, .organization_id = *organization});
    }
    for (const domain::AgendaItem& item : meeting.agenda) {
        if (item.shared_summary.empty()) {
            return fail(Error::InvalidArgument("議題にした本人ごとに、会議で共有する内容を入力してください", "agenda"));
        }
    }
    meeting.minutes = FieldOf(fields, "minutes");
    for (int row = 1; row <= kDecisionRows; ++row) {
        const std::string key = std::to_string(row);
        const std::string kind = FieldOf(fields, "decision_kind_" + key);
        const std::string text = Trim(FieldOf(fields, "decision_text_" + key));
        if (kind.empty() && text.empty()) continue;
        if (kind.empty()) return fail(Error::InvalidArgument("決定の種類を選んでください", "decisions"));
        meeting.decisions.push_back(domain::Decision{.kind = kind, .text = text});
    }
    auto created = services.sharing->CreateMeeting(ActorOf(request), meeting);
    if (!created) return fail(created.error());
    return http::Response::Redirect("/meetings/" + std::to_string(created->id) + "?created=1");
}

http::Response ListMeetings(const SharingPageServices& services, http::Request& request) {
    const domain::Actor actor = ActorOf(request);
    std::optional<domain::MeetingBodyId> body_filter;
    if (auto body = request.QueryParam("body_id"); body && !body->empty()) body_filter = ParseId(*body);
    auto meetings = services.sharing->Meetings(actor, body_filter);
    if (!meetings) return RenderErrorPage(request, meetings.error());
    std::map<domain::MeetingBodyId, domain::MeetingBody> bodies;
    if (auto list = services.sharing->Bodies(actor)) {
        for (domain::MeetingBody& body : *list) bodies.emplace(body.id, std::move(body));
    }
    json rows = json::array();
    for (const domain::Meeting& meeting : *meetings) {
        auto body = bodies.find(meeting.body_id);
        rows.push_back(
            {{"id", meeting.id},
             {"held_on", DateJson(meeting.held_on)},
             {"body", body == bodies.end() ? std::string("会議体 ") + std::to_string(meeting.body_id)
                                           : body->second.display_name},
             {"basis",
              body == bodies.end() ? std::string() : std::string(domain::LegalBasisLabel(body->second.legal_basis))},
             {"agenda_count", meeting.agenda.size()},
             {"attendee_count", meeting.attendees.size()}});
    }
    json data = {{"meetings", rows}, {"has_meetings", !rows.empty()}, {"can_convene", ManagesBodies(actor.principal)}};
    return RenderPage(request, "会議", "meetings", std::move(data));
}

// --- 会議: the cases on the agenda (多機関協働, issue #6) ----------------------------------------------------------

constexpr int kRoleRows = 3;

const std::vector<std::string_view> kDecisionFields = {
    "kind",         "text",         "plan_id",          "roles",         "program", "reason", "carried_on_by",
    "open_actions", "hand_over_to", "missing_resource", "next_review_on"};
const std::vector<std::string_view> kAgendaCaseFields = {"add_case_id", "add_summary"};

// What a failed POST on the meeting page brings back to it: the form as typed, and the messages.
struct MeetingExtras {
    FormFields fields;
    std::optional<domain::CaseId> decision_case_id;  // the case whose decision form was posted
    json errors = json::object();
    json agenda_errors = json::object();
    int status = 200;
};

json Choices(const std::vector<std::pair<std::string, std::string>>& choices, std::string_view selected,
             std::string_view empty_label) {
    json options = json::array();
    options.push_back({{"value", ""}, {"label", empty_label}, {"selected", selected.empty()}});
    for (const auto& [value, label] : choices) {
        options.push_back({{"value", value}, {"label", label}, {"selected", value == selected}});
    }
    return options;
}

std::vector<std::pair<std::string, std::string>> OrganizationChoices(
    const std::map<OrganizationId, std::string>& organizations) {
    std::vector<std::pair<std::string, std::string>> choices;
    for (const auto& [id, name] : organizations) choices.emplace_back(std::to_string(id), name);
    return choices;
}

// The 「決定事項を記録」 form of one case on the agenda: empty, or as posted when `posted` is set.
json DecisionFormJson(const domain::CaseView& view, const std::map<OrganizationId, std::string>& organizations,
                      const FormFields* posted, const json& errors) {
    auto field = [&](std::string_view name) { return posted ? FieldOf(*posted, name) : std::string(); };
    const domain::SupportCase& support_case = view.support_case;
    std::vector<std::pair<std::string, std::string>> kinds;
    for (const domain::DecisionKind kind : domain::kAllDecisionKinds) {
        kinds.emplace_back(domain::DecisionKindCode(kind), domain::DecisionKindLabel(kind));
    }
    std::vector<std::pair<std::string, std::string>> plans;
    if (view.draft_plan) {
        plans.emplace_back(std::to_string(view.draft_plan->id),
                           "第" + std::to_string(view.draft_plan->plan_version) + "版（" +
                               std::string(domain::PlanStateLabel(view.draft_plan->state)) + "）");
    }
    const auto organization_choices = OrganizationChoices(organizations);
    json roles = json::array();
    for (int row = 1; row <= kRoleRows; ++row) {
        const std::string key = std::to_string(row);
        roles.push_back({{"row", row},
                         {"organization_options",
                          Choices(organization_choices, field("role_organization_" + key), "選んでください")},
                         {"role", field("role_" + key)}});
    }
    std::vector<std::pair<std::string, std::string>> programs;
    for (const domain::ProgramStatus& program : support_case.programs) {
        programs.emplace_back(domain::ProgramCode(program.program), domain::ProgramLabel(program.program));
    }
    const std::vector<std::pair<std::string, std::string>> dispositions = {{"cancel", "中止する"},
                                                                           {"hand_over", "引き継ぐ"}};
    const std::string plan_selected =
        posted ? field("plan_id") : (view.draft_plan ? std::to_string(view.draft_plan->id) : std::string());
    json form = {{"case_id", support_case.id},
                 {"kind_options", Choices(kinds, field("kind"), "選んでください")},
                 {"text", field("text")},
                 {"plan_options", Choices(plans, plan_selected, "（なし）")},
                 {"has_draft", view.draft_plan.has_value()},
                 {"roles", roles},
                 {"program_options", Choices(programs, field("program"), "ケース全体")},
                 {"reason", field("reason")},
                 {"carried_options", Choices(organization_choices, field("carried_on_by"), "（なし）")},
                 {"open_action_options", Choices(dispositions, field("open_actions"), "（未指定）")},
                 {"hand_over_options", Choices(organization_choices, field("hand_over_to"), "（なし）")},
                 {"missing_resource", field("missing_resource")},
                 {"next_review_on", field("next_review_on")},
                 {"errors", posted ? errors : json::object()}};
    return form;
}

http::Response RenderMeeting(const SharingPageServices& services, const http::Request& request, domain::MeetingId id,
                             const MeetingExtras& extras) {
    const domain::Actor actor = ActorOf(request);
    auto meeting = services.sharing->GetMeeting(actor, id);
    if (!meeting) return RenderErrorPage(request, meeting.error());
    auto body = services.sharing->Body(actor, meeting->body_id);
    std::optional<domain::MeetingBody> joint_body;
    if (meeting->joint_body_id) {
        if (auto joint = services.sharing->Body(actor, *meeting->joint_body_id)) joint_body = std::move(*joint);
    }
    const auto organizations = OrganizationNames(services, actor);
    const auto users = UsersById(services, actor);
    json attendees = json::array();
    for (const domain::Attendee& attendee : meeting->attendees) {
        attendees.push_back(
            {{"name", attendee.name}, {"organization", NameOr(organizations, attendee.organization_id)}});
    }
    // Decisions are recorded by the convenor or a coordinator; the domain decides, the form is shown to those who
    // may be one.
    const bool may_decide = services.cases && IsProfessional(actor.principal);
    std::map<domain::CaseId, std::string> case_titles;
    std::set<domain::CaseId> on_agenda;
    bool has_cases = false;
    json agenda = json::array();
    for (const domain::AgendaItem& item : meeting->agenda) {
        json entry = {{"person_id", item.person_id}, {"summary", item.shared_summary}};
        // The name as this member may see it: a member who sees the person only through the meeting still sees
        // the identity (ViewLevel::kMeetingShared).
        if (services.persons) {
            if (auto view = services.persons->Get(actor, item.person_id)) {
                entry["name"] = view->person.FullName();
                entry["kana"] = view->person.FullNameKana();
                entry["birth_date"] = DateJson(view->person.data.birth_date);
                entry["linked"] = true;
                // Without a case yet, the meeting may decide to open one (支援決定): a link to the form, for those
                // who work cases.
                if (!item.case_id && may_decide) entry["open_case"] = {{"meeting_id", meeting->id}};
            }
        }
        // The case, when this member may see it (a refused case is left out, like a missing one).
        if (item.case_id && services.cases) {
            on_agenda.insert(*item.case_id);
            if (auto view = services.cases->Get(actor, *item.case_id)) {
                has_cases = true;
                const domain::SupportCase& support_case = view->support_case;
                case_titles[support_case.id] = support_case.title;
                entry["case"] = {{"id", support_case.id},
                                 {"title", support_case.title},
                                 {"status", domain::CaseStatusLabel(support_case.status)},
                                 {"status_code", domain::CaseStatusCode(support_case.status)}};
                if (may_decide) {
                    const bool posted = extras.decision_case_id == support_case.id;
                    entry["decision_form"] =
                        DecisionFormJson(*view, organizations, posted ? &extras.fields : nullptr, extras.errors);
                }
            }
        }
        agenda.push_back(std::move(entry));
    }
    json decisions = json::array();
    for (const domain::Decision& decision : meeting->decisions) {
        json entry = {{"kind", DecisionKindLabel(decision.kind)}, {"text", decision.text}};
        if (decision.case_id) {
            if (auto title = case_titles.find(*decision.case_id); title != case_titles.end()) {
                entry["case"] = {{"id", *decision.case_id}, {"title", title->second}};
            }
        }
        decisions.push_back(std::move(entry));
    }
    auto convenor = users.find(meeting->convenor_user_id);
    json data = {{"meeting_id", meeting->id},
                 {"meeting_version", meeting->version},
                 {"held_on", DateJson(meeting->held_on)},
                 {"body", body ? body->display_name : std::string()},
                 {"joint_body", joint_body ? joint_body->display_name : std::string()},
                 {"basis", body ? std::string(domain::LegalBasisLabel(body->legal_basis)) : std::string()},
                 {"shares_without_consent", body && body->shares_without_consent},
                 {"convenor", convenor == users.end() ? std::string() : convenor->second.display_name},
                 {"attendees", attendees},
                 {"agenda", agenda},
                 {"has_cases", has_cases},
                 {"minutes", meeting->minutes},
                 {"decisions", decisions},
                 {"errors", extras.errors}};
    // Adding a case to the agenda: the cases this member may see that are not on it yet.
    if (services.cases && (ManagesBodies(actor.principal) || IsProfessional(actor.principal))) {
        domain::CaseFilter filter;
        filter.open_only = true;
        filter.limit = 200;
        std::vector<std::pair<std::string, std::string>> choices;
        if (auto cases = services.cases->List(actor, filter)) {
            for (const domain::CaseListItem& item : *cases) {
                if (on_agenda.contains(item.support_case.id)) continue;
                choices.emplace_back(std::to_string(item.support_case.id), item.support_case.title);
            }
        }
        data["agenda_case"] = {{"options", Choices(choices, FieldOf(extras.fields, "add_case_id"), "選んでください")},
                               {"summary", FieldOf(extras.fields, "add_summary")},
                               {"errors", extras.agenda_errors}};
    }
    if (request.QueryParam("created")) data["notice"] = "会議を記録しました。";
    if (request.QueryParam("decided")) data["notice"] = "決定事項を記録しました。";
    if (request.QueryParam("agenda")) data["notice"] = "議題にケースを加えました。";
    return RenderPage(request, "会議の記録", "meeting", std::move(data), extras.status);
}

http::Response ShowMeeting(const SharingPageServices& services, http::Request& request) {
    auto id = PathId(request, "id");
    if (!id) return NotFound(request);
    return RenderMeeting(services, request, *id, MeetingExtras{});
}

// An error the meeting page shows beside the form (input kept), rather than as an error page.
bool ShownOnMeetingForm(const Error& error) {
    return error.Is(ErrorCode::kInvalidArgument) || error.Is(ErrorCode::kConflict) ||
           error.Is(ErrorCode::kPermissionDenied) || (error.Is(ErrorCode::kNotFound) && !error.field.empty());
}

Result<domain::CaseDecision> ParseCaseDecision(const FormFields& fields, domain::MeetingId meeting_id) {
    domain::CaseDecision decision;
    decision.kind = FieldOf(fields, "kind");
    if (!domain::ParseDecisionKind(decision.kind))
        return Fail(Error::InvalidArgument("決定の種類を選んでください", "kind"));
    decision.text = Trim(FieldOf(fields, "text"));
    if (const std::string plan = FieldOf(fields, "plan_id"); !plan.empty()) {
        auto plan_id = ParseId(plan);
        if (!plan_id) return Fail(Error::InvalidArgument("承認するプランを選び直してください", "plan_id"));
        decision.plan_id = *plan_id;
    }
    for (int row = 1; row <= kRoleRows; ++row) {
        const std::string key = std::to_string(row);
        const std::string organization = FieldOf(fields, "role_organization_" + key);
        const std::string role = Trim(FieldOf(fields, "role_" + key));
        if (organization.empty() && role.empty()) continue;
        auto organization_id = ParseId(organization);
        if (!organization_id) {
            return Fail(Error::InvalidArgument("役割分担 " + key + " の機関を選んでください", "roles"));
        }
        decision.roles.push_back(domain::RoleAssignment{
            .organization_id = *organization_id, .role = role, .agreed_at_meeting_id = meeting_id});
    }
    if (decision.kind == "closed" || decision.kind == "suspended") {
        domain::StatusChange change;
        change.status = decision.kind == "closed" ? domain::CaseStatus::kClosed : domain::CaseStatus::kSuspended;
        if (const std::string program = FieldOf(fields, "program"); !program.empty()) {
            change.program = domain::ParseProgram(program);
            if (!change.program) return Fail(Error::InvalidArgument("事業を選び直してください", "program"));
        }
        change.reason = Trim(FieldOf(fields, "reason"));
        if (const std::string carried = FieldOf(fields, "carried_on_by"); !carried.empty()) {
            change.carried_on_by = ParseId(carried);
            if (!change.carried_on_by)
                return Fail(Error::InvalidArgument("引き継ぐ機関を選び直してください", "carried_on_by"));
        }
        auto disposition = domain::ParseOpenActionDisposition(FieldOf(fields, "open_actions"));
        if (!disposition) {
            return Fail(Error::InvalidArgument("未完了のアクションの扱いを選び直してください", "open_actions"));
        }
        change.open_actions = *disposition;
        if (const std::string hand_over = FieldOf(fields, "hand_over_to"); !hand_over.empty()) {
            change.hand_over_to = ParseId(hand_over);
            if (!change.hand_over_to) {
                return Fail(Error::InvalidArgument("アクションを引き継ぐ機関を選び直してください", "hand_over_to"));
            }
        }
        change.decided_at_meeting_id = meeting_id;
        decision.status_change = change;
    }
    decision.missing_resource = Trim(FieldOf(fields, "missing_resource"));
    auto next_review = OptionalDate(fields, "next_review_on", "次回モニタリング予定日");
    if (!next_review) return Fail(next_review.error());
    decision.next_review_on = *next_review;
    return decision;
}

http::Response RecordCaseDecision(const SharingPageServices& services, http::Request& request) {
    auto id = PathId(request, "id");
    if (!id || !services.cases) return NotFound(request);
    MeetingExtras extras{.fields = request.FormFields()};
    auto case_id = ParseId(FieldOf(extras.fields, "case_id"));
    if (!case_id) return NotFound(request);
    extras.decision_case_id = *case_id;
    auto fail = [&](const Error& error) {
        if (!ShownOnMeetingForm(error)) return RenderErrorPage(request, error);
        AddFieldError(extras.errors, error, kDecisionFields);
        extras.status = http::HttpStatusFor(error.code);
        return RenderMeeting(services, request, *id, extras);
    };
    auto decision = ParseCaseDecision(extras.fields, *id);
    if (!decision) return fail(decision.error());
    auto recorded = services.cases->RecordDecision(ActorOf(request), *id, *case_id, *decision);
    if (!recorded) return fail(recorded.error());
    return http::Response::Redirect("/meetings/" + std::to_string(*id) + "?decided=1#case-" + std::to_string(*case_id));
}

// Adds a case to the agenda of a meeting already recorded (the meeting form puts persons on it; a case discussed
// is one of theirs): the person's agenda item gets the case, or a new item is added with what is shared for it.
http::Response AddAgendaCase(const SharingPageServices& services, http::Request& request) {
    auto id = PathId(request, "id");
    if (!id || !services.cases) return NotFound(request);
    const domain::Actor actor = ActorOf(request);
    MeetingExtras extras{.fields = request.FormFields()};
    auto fail = [&](const Error& error) {
        if (!ShownOnMeetingForm(error)) return RenderErrorPage(request, error);
        AddFieldError(extras.agenda_errors, error, kAgendaCaseFields);
        extras.status = http::HttpStatusFor(error.code);
        return RenderMeeting(services, request, *id, extras);
    };
    auto case_id = ParseId(FieldOf(extras.fields, "add_case_id"));
    if (!case_id) return fail(Error::InvalidArgument("議題にするケースを選んでください", "add_case_id"));
    const std::string summary = Trim(FieldOf(extras.fields, "add_summary"));
    auto view = services.cases->Get(actor, *case_id);
    if (!view)
        return fail(view.error().Is(ErrorCode::kNotFound)
                        ? Error::InvalidArgument("議題にするケースを選び直してください", "add_case_id")
                        : view.error());
    auto meeting = services.sharing->GetMeeting(actor, *id);
    if (!meeting) return RenderErrorPage(request, meeting.error());
    const int expected_version =
        static_cast<int>(ParseId(FieldOf(extras.fields, "version")).value_or(meeting->version));
    domain::Meeting updated = *meeting;
    bool attached = false;
    for (domain::AgendaItem& item : updated.agenda) {
        if (item.person_id == view->support_case.person_id && !item.case_id) {
            item.case_id = *case_id;
            if (!summary.empty()) item.shared_summary = summary;
            attached = true;
            break;
        }
    }
    if (!attached) {
        if (summary.empty()) {
            return fail(Error::InvalidArgument("会議で共有する内容を入力してください", "add_summary"));
        }
        updated.agenda.push_back(domain::AgendaItem{.person_id = view->support_case.person_id,
                                                    .household_id = view->support_case.household_id,
                                                    .shared_summary = summary,
                                                    .case_id = *case_id});
    }
    auto saved = services.sharing->UpdateMeeting(actor, *id, expected_version, updated);
    if (!saved) return fail(saved.error());
    return http::Response::Redirect("/meetings/" + std::to_string(*id) + "?agenda=1");
}

// 会議資料: one A4 page per case on the agenda (household, latest assessment, current and draft plan, open actions),
// printed for the meeting. Cases the viewer may not see are left out.
json PlanJson(const domain::SupportPlan& plan, const std::map<OrganizationId, std::string>& organizations) {
    json actions = json::array();
    for (const domain::PlanAction& action : plan.actions) {
        actions.push_back(
            {{"description", action.description},
             {"responsible", NameOr(organizations, action.responsible_organization_id)},
             {"due_on", DateJson(action.due_on)},
             {"status", domain::ActionStatusLabel(action.status)},
             {"program", action.program ? std::string(domain::ProgramLabel(*action.program)) : std::string()},
             {"open", domain::IsOpen(action.status)}});
    }
    json result = {{"id", plan.id},
                   {"plan_version", plan.plan_version},
                   {"state", domain::PlanStateLabel(plan.state)},
                   {"goals", plan.goals},
                   {"household_goal", plan.household_goal},
                   {"refer_participation", plan.refer_participation},
                   {"refer_outreach", plan.refer_outreach},
                   {"review_on", DateJson(plan.review_on)},
                   {"approved_on", DateJson(plan.approved_on)},
                   {"actions", actions}};
    // The papers print only what the reader may see: other organisations' actions are withheld from a partner by
    // the domain (DecideCasePart), and counted.
    if (plan.actions_withheld > 0) {
        result["actions_withheld_label"] = "他機関の担当 " + std::to_string(plan.actions_withheld) + " 件";
    }
    return result;
}

json PaperJson(const SharingPageServices& services, const domain::Actor& actor, const domain::CaseView& view,
               const std::map<OrganizationId, std::string>& organizations) {
    const domain::SupportCase& support_case = view.support_case;
    std::map<domain::PersonId, std::string> member_names;
    json members = json::array();
    for (const domain::Person& member : view.members) {
        member_names[member.id] = member.FullName();
        json row = {{"name", member.FullName()},
                    {"kana", member.FullNameKana()},
                    {"is_person", member.id == support_case.person_id}};
        if (member.data.birth_date) {
            const int age = AgeOn(*member.data.birth_date, TodayJst());
            if (age >= 0) row["age"] = age;
        }
        if (view.household) {
            for (const domain::HouseholdMember& link : view.household->members) {
                if (link.person_id != member.id || link.moved_out) continue;
                row["relationship"] =
                    link.is_head ? std::string("世帯主") : std::string(domain::RelationshipLabel(link.relationship));
            }
        }
        members.push_back(std::move(row));
    }
    json team = json::array();
    team.push_back({{"organization", NameOr(organizations, support_case.lead_organization_id)}, {"role", "主担当"}});
    for (const domain::TeamMember& member : support_case.team) {
        if (!member.active) continue;
        team.push_back({{"organization", NameOr(organizations, member.organization_id)}, {"role", member.role}});
    }
    json paper = {{"case_id", support_case.id},
                  {"title", support_case.title},
                  {"status", domain::CaseStatusLabel(support_case.status)},
                  {"opened_on", DateJson(support_case.opened_on)},
                  {"person", PersonHeaderJson(view.person, view.decision)},
                  {"household_name", view.household ? view.household->name : std::string()},
                  {"members", members},
                  {"team", team}};
    if (!view.part.whole) {
        paper["partner_notice"] = "貴機関が担当する部分だけを印刷しています（他機関の取組・支援経過は含みません）。";
        paper["assessment_withheld"] = !view.part.assessment;
    }
    if (view.latest_assessment) {
        const domain::Assessment& assessment = *view.latest_assessment;
        std::map<std::string, std::string> labels;
        if (auto form = services.cases->Form(actor, assessment.form_definition_id)) {
            for (const domain::FormItem& item : form->items) labels[item.key] = item.label;
        }
        json answers = json::array();
        for (const domain::AssessmentAnswer& answer : assessment.answers) {
            if (answer.values.empty()) continue;
            std::string values;
            for (const std::string& value : answer.values) values += (values.empty() ? "" : "、") + value;
            auto label = labels.find(answer.item_key);
            std::string item = label == labels.end() ? answer.item_key : label->second;
            if (answer.member_person_id) {
                auto name = member_names.find(*answer.member_person_id);
                if (name != member_names.end()) item += "（" + name->second + "）";
            }
            answers.push_back({{"item", item}, {"values", values}});
        }
        paper["assessment"] = {{"assessed_on", DateJson(assessment.assessed_on)},
                               {"form_version", assessment.form_version},
                               {"organization", NameOr(organizations, assessment.organization_id)},
                               {"background", assessment.background},
                               {"strengths", assessment.strengths},
                               {"answers", answers}};
    }
    if (view.current_plan) paper["current_plan"] = PlanJson(*view.current_plan, organizations);
    if (view.draft_plan) paper["draft_plan"] = PlanJson(*view.draft_plan, organizations);
    json open_actions = json::array();
    if (view.current_plan) {
        for (const json& action : paper["current_plan"]["actions"]) {
            if (action["open"].get<bool>()) open_actions.push_back(action);
        }
    }
    paper["open_actions"] = open_actions;
    return paper;
}

http::Response ShowMeetingPapers(const SharingPageServices& services, http::Request& request) {
    auto id = PathId(request, "id");
    if (!id || !services.cases) return NotFound(request);
    const domain::Actor actor = ActorOf(request);
    // Printed papers leave the system: the right to export personal data, asked before anything is read.
    if (auto allowed = domain::AuthorizeExport(*services.store, actor, domain::ExportKind::kPersonalData); !allowed) {
        return RenderErrorPage(request, allowed.error());
    }
    auto meeting = services.sharing->GetMeeting(actor, *id);
    if (!meeting) return RenderErrorPage(request, meeting.error());
    auto body = services.sharing->Body(actor, meeting->body_id);
    const auto organizations = OrganizationNames(services, actor);
    json papers = json::array();
    for (const domain::AgendaItem& item : meeting->agenda) {
        if (!item.case_id) continue;
        auto view = services.cases->Get(actor, *item.case_id);
        if (!view) continue;
        json paper = PaperJson(services, actor, *view, organizations);
        paper["shared_summary"] = item.shared_summary;
        paper["first"] = papers.empty();
        papers.push_back(std::move(paper));
    }
    json data = {{"meeting_id", meeting->id},
                 {"held_on", DateJson(meeting->held_on)},
                 {"body", body ? body->display_name : std::string()},
                 {"basis", body ? std::string(domain::LegalBasisLabel(body->legal_basis)) : std::string()},
                 {"papers", papers}};
    // Rows: one paper per case printed.
    const domain::ExportRecord record{.record_type = "meeting",
                                      .record_id = meeting->id,
                                      .person_id = std::nullopt,
                                      .fields = "papers",
                                      .rows = static_cast<long long>(papers.size()),
                                      .what = "会議資料の印刷"};
    if (auto recorded = services.sharing->RecordExport(actor, domain::ExportKind::kPersonalData, record); !recorded) {
        return RenderErrorPage(request, recorded.error());
    }
    return RenderPage(request, "会議資料", "meeting_papers", std::move(data));
}

// --- 監査 ------------------------------------------------------------------------------------------------------

json AuditRows(const std::vector<domain::AuditEntry>& entries, const std::map<UserId, domain::User>& users,
               const std::map<OrganizationId, std::string>& organizations) {
    json rows = json::array();
    for (const domain::AuditEntry& entry : entries) {
        auto user = users.find(entry.user_id);
        rows.push_back(
            {{"sequence", entry.sequence},
             {"at", InstantJson(entry.at)},
             {"user", user == users.end() ? "利用者 " + std::to_string(entry.user_id) : user->second.display_name},
             {"username", user == users.end() ? std::string() : user->second.username},
             {"organization", NameOr(organizations, entry.organization_id)},
             {"action", ActionLabel(entry.action)},
             {"record", RecordTypeLabel(entry.record_type) +
                            (entry.record_id ? " " + std::to_string(entry.record_id) : std::string())},
             {"person_id", entry.person_id ? json(*entry.person_id) : json(nullptr)},
             {"fields", entry.fields},
             {"basis", BasisLabelOfCode(entry.basis)},
             {"basis_detail", entry.basis_detail},
             {"detail", entry.detail},
             {"export_rows",
              domain::ExportRows(entry.detail) ? json(*domain::ExportRows(entry.detail)) : json(nullptr)}});
    }
    return rows;
}

json UserOptions(const std::map<UserId, domain::User>& users, std::string_view selected) {
    json options = json::array();
    for (const auto& [id, user] : users) {
        options.push_back({{"value", id},
                           {"label", user.display_name + "（" + user.username + "）"},
                           {"selected", selected == std::to_string(id)}});
    }
    return options;
}

// A period of whole days in JST, both ends included: [from 00:00, to + 1 day 00:00).
Result<std::pair<Instant, Instant>> PeriodOf(const FormFields& fields) {
    auto from = OptionalDate(fields, "from", "期間の始め");
    if (!from) return Fail(from.error());
    auto to = OptionalDate(fields, "to", "期間の終わり");
    if (!to) return Fail(to.error());
    const Date today = TodayJst();
    const Date first = from->value_or(Date{std::chrono::sys_days{today} - std::chrono::days{30}});
    const Date last = to->value_or(today);
    const auto start = std::chrono::sys_days{first} - std::chrono::hours{9};
    const auto end = std::chrono::sys_days{last} + std::chrono::days{1} - std::chrono::hours{9};
    return std::pair<Instant, Instant>{std::chrono::time_point_cast<std::chrono::milliseconds>(start),
                                       std::chrono::time_point_cast<std::chrono::milliseconds>(end)};
}

// The roles that may export personal data, as checkboxes: every grantable role, ticked when granted; only the
// municipal administrator may change them.
json ExportRolesJson(const SharingPageServices& services, const domain::Actor& actor) {
    auto granted = services.audit->ExportRoles(actor);
    if (!granted) return nullptr;
    json options = json::array();
    for (const domain::Role role : domain::kAllRoles) {
        if (!domain::MayBeGrantedPersonalDataExport(role)) continue;
        options.push_back({{"code", domain::RoleCode(role)},
                           {"label", domain::RoleLabel(role)},
                           {"granted", std::find(granted->begin(), granted->end(), role) != granted->end()}});
    }
    return {{"options", options}, {"can_change", actor.principal.HasRole(domain::Role::kMunicipalAdministrator)}};
}

json AuditIndexData(const SharingPageServices& services, const domain::Actor& actor, const FormFields& fields) {
    const Date today = TodayJst();
    return {{"user_options", UserOptions(UsersById(services, actor), FieldOf(fields, "user_id"))},
            {"person_id", FieldOf(fields, "person_id")},
            {"from", FieldOf(fields, "from").empty()
                         ? FormatWareki(Date{std::chrono::sys_days{today} - std::chrono::days{30}})
                         : FieldOf(fields, "from")},
            {"to", FieldOf(fields, "to").empty() ? FormatWareki(today) : FieldOf(fields, "to")},
            {"is_admin", domain::Administration::IsAdministrator(actor.principal)},
            {"export_roles", ExportRolesJson(services, actor)}};
}

http::Response RequireAuditReader(const http::Request& request) {
    return RenderErrorPage(request, Error::PermissionDenied("監査記録を閲覧できるのは監査担当と管理者です"));
}

http::Response ShowAuditIndex(const SharingPageServices& services, http::Request& request) {
    if (!ReadsAudit(*request.principal)) return RequireAuditReader(request);
    json data = AuditIndexData(services, ActorOf(request), QueryFields(request));
    if (request.QueryParam("export_roles")) data["notice"] = "出力の権限を変更しました。";
    return RenderPage(request, "監査", "audit", std::move(data));
}

http::Response AuditPerson(const SharingPageServices& services, http::Request& request) {
    if (!ReadsAudit(*request.principal)) return RequireAuditReader(request);
    const domain::Actor actor = ActorOf(request);
    const FormFields fields = QueryFields(request);
    json data = AuditIndexData(services, actor, fields);
    auto person_id = ParseId(Trim(FieldOf(fields, "person_id")));
    if (!person_id) {
        data["errors"] = json::object();
        AddFieldError(data["errors"], Error::InvalidArgument("本人の記録番号を数字で入力してください", "person_id"),
                      {"person_id"});
        return RenderPage(request, "監査", "audit", std::move(data), 400);
    }
    auto entries = services.audit->AccessesOfPerson(actor, *person_id, kAuditLimit);
    if (!entries) return RenderErrorPage(request, entries.error());
    const auto users = UsersById(services, actor);
    const auto organizations = OrganizationNames(services, actor);
    data["report"] = {{"kind_person", true},
                      {"person_id", *person_id},
                      {"rows", AuditRows(*entries, users, organizations)},
                      {"count", entries->size()}};
    // Who could see the record now, and why: for the privacy officer (the domain shows it to auditors only).
    if (request.principal->HasRole(domain::Role::kAuditor)) {
        if (auto who = services.sharing->WhoCanSee(actor, *person_id)) {
            json lines = json::array();
            for (const domain::AccessExplanation& line : *who) {
                lines.push_back({{"organization", line.organization_name},
                                 {"user", line.user_name},
                                 {"level", ViewLevelLabel(line.level)},
                                 {"explanation", line.explanation}});
            }
            data["report"]["who"] = lines;
            data["report"]["has_who"] = true;
        }
    }
    return RenderPage(request, "監査：本人へのアクセス", "audit", std::move(data));
}

std::string CsvField(std::string_view text) {
    std::string quoted = "\"";
    for (char c : text) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    quoted += '"';
    // A leading =, +, - or @ would be read as a formula by spreadsheet software.
    if (!text.empty() && (text.front() == '=' || text.front() == '+' || text.front() == '-' || text.front() == '@')) {
        quoted.insert(1, "'");
    }
    return quoted;
}

http::Response AuditCsv(const json& rows, std::string_view file_name) {
    std::string csv = "\xEF\xBB\xBF日時,利用者,ユーザー名,機関,操作,記録,本人の記録番号,項目,根拠,根拠の詳細,詳細\r\n";
    for (const json& row : rows) {
        const std::string person =
            row["person_id"].is_null() ? std::string() : std::to_string(row["person_id"].get<std::int64_t>());
        csv += CsvField(row["at"]["jst"].get<std::string>()) + "," + CsvField(row["user"].get<std::string>()) + "," +
               CsvField(row["username"].get<std::string>()) + "," + CsvField(row["organization"].get<std::string>()) +
               "," + CsvField(row["action"].get<std::string>()) + "," + CsvField(row["record"].get<std::string>()) +
               "," + CsvField(person) + "," + CsvField(row["fields"].get<std::string>()) + "," +
               CsvField(row["basis"].get<std::string>()) + "," + CsvField(row["basis_detail"].get<std::string>()) +
               "," + CsvField(row["detail"].get<std::string>()) + "\r\n";
    }
    http::Response response = http::Response::Text(200, std::move(csv), "text/csv; charset=utf-8");
    response.SetHeader("Content-Disposition", "attachment; filename=\"" + std::string(file_name) + "\"");
    response.SetHeader("Cache-Control", "no-store");
    return response;
}

http::Response AuditUser(const SharingPageServices& services, http::Request& request) {
    if (!ReadsAudit(*request.principal)) return RequireAuditReader(request);
    const domain::Actor actor = ActorOf(request);
    const FormFields fields = QueryFields(request);
    json data = AuditIndexData(services, actor, fields);
    auto fail = [&](const Error& error) {
        if (!error.Is(ErrorCode::kInvalidArgument)) return RenderErrorPage(request, error);
        data["errors"] = json::object();
        AddFieldError(data["errors"], error, {"user_id", "from", "to"});
        return RenderPage(request, "監査", "audit", std::move(data), 400);
    };
    auto user_id = ParseId(FieldOf(fields, "user_id"));
    if (!user_id) return fail(Error::InvalidArgument("利用者を選んでください", "user_id"));
    auto period = PeriodOf(fields);
    if (!period) return fail(period.error());
    const bool csv = FieldOf(fields, "format") == "csv";
    auto entries = services.audit->AccessesByUser(actor, *user_id, period->first, period->second, kAuditLimit,
                                                  csv ? domain::Delivery::kToFile : domain::Delivery::kOnScreen);
    if (!entries) return fail(entries.error());
    const auto users = UsersById(services, actor);
    const json rows = AuditRows(*entries, users, OrganizationNames(services, actor));
    if (csv) return AuditCsv(rows, "audit-user-" + std::to_string(*user_id) + ".csv");
    std::set<std::int64_t> persons;
    for (const domain::AuditEntry& entry : *entries) {
        if (entry.person_id) persons.insert(*entry.person_id);
    }
    auto user = users.find(*user_id);
    data["report"] = {{"kind_user", true},
                      {"user", user == users.end() ? std::string() : user->second.display_name},
                      {"rows", rows},
                      {"count", entries->size()},
                      {"distinct_persons", persons.size()},
                      {"over_hundred", persons.size() > 100},
                      {"truncated", entries->size() >= static_cast<std::size_t>(kAuditLimit)},
                      {"csv_href", "/audit/user?" + request.query + "&format=csv"}};
    return RenderPage(request, "監査：利用者のアクセス", "audit", std::move(data));
}

http::Response AuditExports(const SharingPageServices& services, http::Request& request) {
    if (!ReadsAudit(*request.principal)) return RequireAuditReader(request);
    const domain::Actor actor = ActorOf(request);
    const FormFields fields = QueryFields(request);
    json data = AuditIndexData(services, actor, fields);
    auto period = PeriodOf(fields);
    if (!period) {
        data["errors"] = json::object();
        AddFieldError(data["errors"], period.error(), {"from", "to"});
        return RenderPage(request, "監査", "audit", std::move(data), 400);
    }
    // A user chosen in the form narrows the list to that user's exports; none lists everyone's.
    std::optional<UserId> user_id;
    if (const std::string text = FieldOf(fields, "user_id"); !text.empty()) {
        user_id = ParseId(text);
        if (!user_id) {
            data["errors"] = json::object();
            AddFieldError(data["errors"], Error::InvalidArgument("利用者を選んでください", "user_id"), {"user_id"});
            return RenderPage(request, "監査", "audit", std::move(data), 400);
        }
    }
    const bool csv = FieldOf(fields, "format") == "csv";
    auto entries = services.audit->Exports(actor, period->first, period->second, kAuditLimit, user_id,
                                           csv ? domain::Delivery::kToFile : domain::Delivery::kOnScreen);
    if (!entries) return RenderErrorPage(request, entries.error());
    const auto users = UsersById(services, actor);
    const json rows = AuditRows(*entries, users, OrganizationNames(services, actor));
    if (csv) return AuditCsv(rows, "audit-exports.csv");
    std::set<std::int64_t> persons;
    long long exported_rows = 0;
    for (const domain::AuditEntry& entry : *entries) {
        if (entry.person_id) persons.insert(*entry.person_id);
        exported_rows += domain::ExportRows(entry.detail).value_or(0);
    }
    std::string user_name;
    if (user_id) {
        auto user = users.find(*user_id);
        user_name = user == users.end() ? "利用者 " + std::to_string(*user_id) : user->second.display_name;
    }
    data["report"] = {{"kind_exports", true},
                      {"rows", rows},
                      {"count", entries->size()},
                      {"user", user_name},
                      {"exported_rows", exported_rows},
                      {"distinct_persons", persons.size()},
                      {"csv_href", "/audit/exports?" + request.query + "&format=csv"}};
    return RenderPage(request, "監査：出力・提供の記録", "audit", std::move(data));
}

http::Response SetExportRoles(const SharingPageServices& services, http::Request& request) {
    const domain::Actor actor = ActorOf(request);
    const FormFields fields = request.FormFields();
    std::vector<domain::Role> roles;
    for (const domain::Role role : domain::kAllRoles) {
        if (FieldOf(fields, "export_" + std::string(domain::RoleCode(role))) == "1") roles.push_back(role);
    }
    auto set = services.audit->SetExportRoles(actor, roles);
    if (!set) {
        if (!set.error().Is(ErrorCode::kInvalidArgument)) return RenderErrorPage(request, set.error());
        json data = AuditIndexData(services, actor, {});
        data["errors"] = {{"roles", set.error().message}};
        return RenderPage(request, "監査", "audit", std::move(data), 400);
    }
    return http::Response::Redirect("/audit?export_roles=1");
}

http::Response ListEmergencies(const SharingPageServices& services, http::Request& request) {
    const domain::Actor actor = ActorOf(request);
    auto alerts = services.sharing->EmergencyAlerts(actor, false);
    if (!alerts) return RenderErrorPage(request, alerts.error());
    const auto users = UsersById(services, actor);
    const auto organizations = OrganizationNames(services, actor);
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

// The removals of DV protection, shown and acknowledged like the emergency accesses above (one mechanism:
// AlertAcknowledgementRepository).
http::Response ListDvProtectionAlerts(const SharingPageServices& services, http::Request& request) {
    const domain::Actor actor = ActorOf(request);
    auto alerts = services.persons->DvProtectionAlerts(actor, 366);
    if (!alerts) return RenderErrorPage(request, alerts.error());
    const auto users = UsersById(services, actor);
    const auto organizations = OrganizationNames(services, actor);
    json rows = json::array();
    for (const domain::DvProtectionAlert& alert : *alerts) {
        auto user = users.find(alert.entry.user_id);
        auto reviewer = alert.acknowledged_by ? users.find(*alert.acknowledged_by) : users.end();
        rows.push_back({{"sequence", alert.entry.sequence},
                        {"person_id", alert.entry.person_id.value_or(0)},
                        {"user", user == users.end() ? std::string() : user->second.display_name},
                        {"organization", NameOr(organizations, alert.entry.organization_id)},
                        {"reason", alert.entry.detail},
                        {"at", InstantJson(alert.entry.at)},
                        {"acknowledged", alert.acknowledged_by.has_value()},
                        {"reviewer", reviewer == users.end() ? std::string() : reviewer->second.display_name},
                        {"can_acknowledge",
                         !alert.acknowledged_by && actor.principal.HasRole(domain::Role::kMunicipalAdministrator)}});
    }
    json data = {{"alerts", rows}};
    if (request.QueryParam("acknowledged")) data["notice"] = "確認済みにしました。";
    return RenderPage(request, "DV等支援措置の解除の通知", "audit_dv_protection_alerts", std::move(data));
}

http::Response AcknowledgeDvProtectionAlert(const SharingPageServices& services, http::Request& request) {
    auto sequence = PathId(request, "sequence");
    if (!sequence) return NotFound(request);
    auto acknowledged = services.persons->AcknowledgeDvProtectionAlert(ActorOf(request), *sequence);
    if (!acknowledged) return RenderErrorPage(request, acknowledged.error());
    return http::Response::Redirect("/audit/dv-protection-alerts?acknowledged=1");
}

}  // namespace

http::Response RenderMeetingSharedPerson(const SharingPageServices& services, const http::Request& request,
                                         domain::PersonId id, json data) {
    json shared = json::array();
    if (auto items = services.sharing->SharedWith(ActorOf(request), id)) {
        for (const domain::SharedItem& item : *items) {
            shared.push_back({{"meeting_id", item.meeting_id},
                              {"body", item.body_name},
                              {"held_on", DateJson(item.held_on)},
                              {"summary", item.shared_summary}});
        }
    }
    data["shared"] = shared;
    data["can_request_emergency"] = IsProfessional(*request.principal);
    return RenderPage(request, "本人（会議で共有された内容のみ）", "person_meeting_shared", std::move(data));
}

void AddSharingPages(http::Router& router, const SharingPageServices& services) {
    auto page = [&router, services](std::string method, std::string pattern,
                                    http::Response (*handler)(const SharingPageServices&, http::Request&)) {
        router.Add({.method = std::move(method),
                    .pattern = std::move(pattern),
                    .access = http::Access::kSignedIn,
                    .surface = http::Surface::kPage,
                    .handler = [services, handler](http::Request& request) { return handler(services, request); }});
    };
    page("GET", "/meeting-bodies", ListBodies);
    page("GET", "/meeting-bodies/new", NewBody);
    page("POST", "/meeting-bodies", SaveBody);
    page("GET", "/meeting-bodies/{id}", EditBody);
    page("POST", "/meeting-bodies/{id}", SaveBody);
    page("GET", "/meeting-bodies/{id}/announcement", ShowAnnouncement);
    page("GET", "/audit", ShowAuditIndex);
    page("GET", "/audit/person", AuditPerson);
    page("GET", "/audit/user", AuditUser);
    page("GET", "/audit/exports", AuditExports);
    page("GET", "/audit/emergencies", ListEmergencies);
    page("POST", "/audit/emergencies/{id}/acknowledge", AcknowledgeEmergency);
    if (!services.persons) return;
    page("GET", "/audit/dv-protection-alerts", ListDvProtectionAlerts);
    page("POST", "/audit/dv-protection-alerts/{sequence}/acknowledge", AcknowledgeDvProtectionAlert);
    page("GET", "/persons/{id}/sharing", ShowSharing);
    page("POST", "/persons/{id}/consents", RecordConsent);
    page("POST", "/audit/export-roles", SetExportRoles);
    page("POST", "/persons/{id}/consents/{consent}/withdraw", WithdrawConsent);
    page("GET", "/persons/{id}/emergency", ShowEmergency);
    page("POST", "/persons/{id}/emergency", RequestEmergency);
    page("GET", "/persons/{id}/disclosure", ShowDisclosure);
    page("GET", "/meetings", ListMeetings);
    page("GET", "/meetings/new", NewMeeting);
    page("GET", "/meetings/agenda-search", AgendaSearch);
    page("POST", "/meetings", CreateMeeting);
    page("GET", "/meetings/{id}", ShowMeeting);
    if (!services.cases) return;
    page("POST", "/meetings/{id}/decisions", RecordCaseDecision);
    page("POST", "/meetings/{id}/agenda", AddAgendaCase);
    page("GET", "/meetings/{id}/papers", ShowMeetingPapers);
}

json SharingNavigation(const domain::Principal& principal) {
    return {{"meetings",
             IsProfessional(principal) || ManagesBodies(principal) || principal.HasRole(domain::Role::kAuditor)},
            {"bodies", ManagesBodies(principal)},
            {"audit", ReadsAudit(principal)},
            // 多機関協働: 支援ケース and 私の業務 for those who work cases (民生委員 never do).
            {"cases", IsProfessional(principal) || ManagesBodies(principal)}};
}

}  // namespace kasane::web
