// SPDX-License-Identifier: Apache-2.0
// 監査 (lawful sharing, issue #4): the privacy officer's screens — the audit trail by person, by user and of
// exports (with CSV), the roles that may export, and the removals of DV protection to acknowledge.

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

// --- 監査 ------------------------------------------------------------------------------------------------------

// The fields column in words for the screen (the CSV keeps the codes): "*" is the whole record.
std::string FieldsLabel(std::string_view fields) {
    static const std::map<std::string, std::string, std::less<>> kLabels = {{"*", "記録全体"},
                                                                            {"identity", "本人確認の項目のみ"},
                                                                            {"shared_summary", "会議で共有した内容"},
                                                                            {"accesses", "アクセスの記録"},
                                                                            {"print", "印刷"},
                                                                            {"papers", "会議資料"},
                                                                            {"audit_pick", "監査のための氏名検索"}};
    auto found = kLabels.find(fields);
    return found == kLabels.end() ? std::string(fields) : found->second;
}

// The basis detail ("meeting:3", "referral:5", "body:2", "emergency:4") in words: the kind of record that gave the
// basis and its number; a legal basis code by its label.
std::string BasisDetailLabel(std::string_view detail) {
    if (detail.empty()) return "";
    const std::size_t colon = detail.find(':');
    if (colon == std::string_view::npos) {
        const std::string basis = BasisLabelOfCode(detail);
        return basis == detail ? std::string(detail) : basis;
    }
    const std::string_view kind = detail.substr(0, colon);
    const std::string_view number = detail.substr(colon + 1);
    std::string label = kind == "body" ? "会議体" : kind == "case" ? "ケース" : RecordTypeLabel(kind);
    return label + " " + std::string(number);
}

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
             {"fields_label", FieldsLabel(entry.fields)},
             {"basis", BasisLabelOfCode(entry.basis)},
             {"basis_detail", entry.basis_detail},
             {"basis_detail_label", BasisDetailLabel(entry.basis_detail)},
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
Result<std::pair<Instant, Instant>> PeriodOf(const FormFields& fields, Date today) {
    auto from = OptionalDate(fields, "from", "期間の始め");
    if (!from) return Fail(from.error());
    auto to = OptionalDate(fields, "to", "期間の終わり");
    if (!to) return Fail(to.error());
    const Date first = from->value_or(Date{std::chrono::sys_days{today} - std::chrono::days{30}});
    const Date last = to->value_or(today);
    return std::pair<Instant, Instant>{StartOfJstDay(first), EndOfJstDay(last)};
}

// The roles that may export personal data, as checkboxes: every grantable role, ticked when granted; only the
// municipal administrator may change them.
json ExportRolesJson(const SharingPageServices& services, const domain::Actor& actor) {
    auto granted = services.audit->ExportRoles(actor);
    if (!granted) {
        json shown = json::object();
        ShowSectionError(shown, actor, "個人情報を出力できる職種", granted.error());
        return shown;
    }
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
    const Date today = TodayInJapan(*services.clock);
    json shown = json::object();  // the reads that failed (ShowSectionError)
    auto users = ValueOrShow(UsersById(services, actor), shown, actor, "職員");
    return {{"user_options", UserOptions(users, FieldOf(fields, "user_id"))},
            {"section_errors", shown.value("section_errors", json::array())},
            {"person_id", FieldOf(fields, "person_id")},
            {"q", FieldOf(fields, "q")},
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

json AuditPersonMatchesJson(const std::vector<domain::AuditPersonMatch>& matches) {
    json rows = json::array();
    for (const domain::AuditPersonMatch& match : matches) {
        rows.push_back(
            {{"id", match.id}, {"name", match.name}, {"kana", match.kana}, {"birth_date", DateJson(match.birth_date)}});
    }
    return rows;
}

// GET /audit/persons?q=: the matches alone, for htmx as the auditor types.
http::Response AuditPersonSearch(const SharingPageServices& services, http::Request& request) {
    if (!ReadsAudit(*request.principal)) return RequireAuditReader(request);
    const std::string query = Trim(FieldOf(QueryFields(request), "q"));
    json data = {{"searched", !query.empty()}, {"person_matches", json::array()}};
    if (!query.empty()) {
        auto matches = services.audit->FindPersons(ActorOf(request), query, 50);
        if (!matches) return RenderErrorPage(request, matches.error());
        data["person_matches"] = AuditPersonMatchesJson(*matches);
        data["has_matches"] = !matches->empty();
    }
    return RenderFragment(request, "audit_person_results", std::move(data));
}

http::Response AuditPerson(const SharingPageServices& services, http::Request& request) {
    if (!ReadsAudit(*request.principal)) return RequireAuditReader(request);
    const domain::Actor actor = ActorOf(request);
    const FormFields fields = QueryFields(request);
    json data = AuditIndexData(services, actor, fields);
    const std::string person_field = Trim(FieldOf(fields, "person_id"));
    auto person_id = ParseId(person_field);
    if (!person_id) {
        // The person is picked by name (issue 13, item 10): the matches, each a link to that person's trail.
        const std::string query = Trim(FieldOf(fields, "q"));
        if (person_field.empty() && !query.empty()) {
            auto matches = services.audit->FindPersons(actor, query, 50);
            if (!matches) return RenderErrorPage(request, matches.error());
            data["person_matches"] = AuditPersonMatchesJson(*matches);
            data["has_matches"] = !matches->empty();
            data["searched"] = true;
            return RenderPage(request, "監査", "audit", std::move(data));
        }
        data["errors"] = json::object();
        AddFieldError(data["errors"], Error::InvalidArgument("本人の氏名（またはふりがな）を入力してください", "q"),
                      {"q"});
        return RenderPage(request, "監査", "audit", std::move(data), 400);
    }
    auto entries = services.audit->AccessesOfPerson(actor, domain::PersonId{*person_id}, kAuditLimit);
    if (!entries) return RenderErrorPage(request, entries.error());
    auto users_read = UsersById(services, actor);
    if (!users_read) return RenderErrorPage(request, users_read.error());
    const auto& users = *users_read;
    auto organizations_read = OrganizationNames(services, actor);
    if (!organizations_read) return RenderErrorPage(request, organizations_read.error());
    const auto& organizations = *organizations_read;
    data["report"] = {{"kind_person", true},
                      {"person_id", *person_id},
                      {"rows", AuditRows(*entries, users, organizations)},
                      {"count", entries->size()}};
    // Who could see the record now, and why: for the privacy officer (the domain shows it to auditors only).
    if (request.principal->HasRole(domain::Role::kAuditor)) {
        if (auto who = services.sharing->WhoCanSee(actor, domain::PersonId{*person_id})) {
            json lines = json::array();
            for (const domain::AccessExplanation& line : *who) {
                lines.push_back({{"organization", line.organization_name},
                                 {"user", line.user_name},
                                 {"level", ViewLevelLabel(line.level)},
                                 {"explanation", line.explanation}});
            }
            data["report"]["who"] = lines;
            data["report"]["has_who"] = true;
        } else if (!IsWithheld(who.error())) {
            ShowSectionError(data, request, "いま閲覧できる人", who.error());
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
    auto period = PeriodOf(fields, TodayInJapan(*services.clock));
    if (!period) return fail(period.error());
    const bool csv = FieldOf(fields, "format") == "csv";
    auto entries = services.audit->AccessesByUser(actor, UserId{*user_id}, period->first, period->second, kAuditLimit,
                                                  csv ? domain::Delivery::kToFile : domain::Delivery::kOnScreen);
    if (!entries) return fail(entries.error());
    auto users_read = UsersById(services, actor);
    if (!users_read) return RenderErrorPage(request, users_read.error());
    const auto& users = *users_read;
    auto organizations = OrganizationNames(services, actor);
    if (!organizations) return RenderErrorPage(request, organizations.error());
    const json rows = AuditRows(*entries, users, *organizations);
    if (csv) return AuditCsv(rows, "audit-user-" + std::to_string(*user_id) + ".csv");
    std::set<std::int64_t> persons;
    for (const domain::AuditEntry& entry : *entries) {
        if (entry.person_id) persons.insert(*entry.person_id);
    }
    auto user = users.find(UserId{*user_id});
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
    auto period = PeriodOf(fields, TodayInJapan(*services.clock));
    if (!period) {
        data["errors"] = json::object();
        AddFieldError(data["errors"], period.error(), {"from", "to"});
        return RenderPage(request, "監査", "audit", std::move(data), 400);
    }
    // A user chosen in the form narrows the list to that user's exports; none lists everyone's.
    std::optional<UserId> user_id;
    if (const std::string text = FieldOf(fields, "user_id"); !text.empty()) {
        user_id = ParseId<UserId>(text);
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
    auto users_read = UsersById(services, actor);
    if (!users_read) return RenderErrorPage(request, users_read.error());
    const auto& users = *users_read;
    auto organizations = OrganizationNames(services, actor);
    if (!organizations) return RenderErrorPage(request, organizations.error());
    const json rows = AuditRows(*entries, users, *organizations);
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

// The removals of DV protection, shown and acknowledged like the emergency accesses above (one mechanism:
// AlertAcknowledgementRepository).
http::Response ListDvProtectionAlerts(const SharingPageServices& services, http::Request& request) {
    const domain::Actor actor = ActorOf(request);
    auto alerts = services.persons->DvProtectionAlerts(actor, 366);
    if (!alerts) return RenderErrorPage(request, alerts.error());
    auto users_read = UsersById(services, actor);
    if (!users_read) return RenderErrorPage(request, users_read.error());
    const auto& users = *users_read;
    auto organizations_read = OrganizationNames(services, actor);
    if (!organizations_read) return RenderErrorPage(request, organizations_read.error());
    const auto& organizations = *organizations_read;
    json rows = json::array();
    for (const domain::DvProtectionAlert& alert : *alerts) {
        auto user = users.find(alert.entry.user_id);
        auto reviewer = alert.acknowledged_by ? users.find(*alert.acknowledged_by) : users.end();
        rows.push_back({{"sequence", alert.entry.sequence},
                        {"person_id", alert.entry.person_id.value_or(domain::PersonId{})},
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

void AddAuditPages(http::Router& router, const SharingPageServices& services) {
    auto page = [&router, &services](std::string method, std::string pattern,
                                     http::Response (*handler)(const SharingPageServices&, http::Request&)) {
        AddSharingPage(router, services, std::move(method), std::move(pattern), handler);
    };
    page("GET", "/audit", ShowAuditIndex);
    page("GET", "/audit/person", AuditPerson);
    page("GET", "/audit/persons", AuditPersonSearch);
    page("GET", "/audit/user", AuditUser);
    page("GET", "/audit/exports", AuditExports);
    if (!services.persons) return;
    page("GET", "/audit/dv-protection-alerts", ListDvProtectionAlerts);
    page("POST", "/audit/dv-protection-alerts/{sequence}/acknowledge", AcknowledgeDvProtectionAlert);
    page("POST", "/audit/export-roles", SetExportRoles);
}

}  // namespace kasane::web
