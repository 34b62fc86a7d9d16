// SPDX-License-Identifier: Apache-2.0
// The work pages of 多機関協働 (issue #6). Which cases, actions and resources a user sees, and who may publish a form
// version, are decided by domain/case_service.cpp; these handlers parse the query or form, call one use case, and
// show the result in Japanese. A case the viewer may not see is simply not listed (the domain leaves it out).

#include "web/case_work_pages.hpp"
#include "base/japan_time.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "base/japanese_date.hpp"
#include "domain/master_data.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"

namespace kasane::web {

namespace {

using nlohmann::json;

constexpr std::string_view kAssessmentFormCode = "assessment";
constexpr int kDaysAhead = 14;  // actions and reviews due within two weeks are listed with the overdue ones
constexpr int kDefaultQuietDays = 30;
constexpr int kMaxDays = 3650;
constexpr int kQuietDayChoices[] = {14, 30, 60, 90, 180};
constexpr int kBlankItemRows = 5;  // rows to add items to a form version without scripts
constexpr int kMaxItemRows = 500;
constexpr int kCaseListLimit = 200;

std::string_view ItemKindLabel(domain::FormItemKind kind) {
    switch (kind) {
        case domain::FormItemKind::kSingle: return "単一";
        case domain::FormItemKind::kMulti: return "複数";
        case domain::FormItemKind::kText: return "記述";
        case domain::FormItemKind::kDate: return "日付";
    }
    return "";
}

// The organisations' names; a failed read fails (the page shows it, never a list without names).
Result<std::map<OrganizationId, std::string>> OrganizationNames(const CaseWorkPageServices& services,
                                                                const domain::Actor& actor) {
    std::map<OrganizationId, std::string> names;
    if (auto organizations = services.directory->Organizations(actor.principal)) {
        for (const domain::Organization& organization : *organizations) names[organization.id] = organization.name;
    } else {
        return Fail(organizations.error());
    }
    return names;
}

std::string NameOr(const std::map<OrganizationId, std::string>& names, OrganizationId id) {
    auto found = names.find(id);
    return found == names.end() ? "機関 " + std::to_string(id) : found->second;
}

json Options(const std::vector<std::pair<std::string, std::string>>& choices, std::string_view selected,
             std::string_view empty_label) {
    json options = json::array();
    if (!empty_label.empty())
        options.push_back({{"value", ""}, {"label", empty_label}, {"selected", selected.empty()}});
    for (const auto& [value, label] : choices) {
        options.push_back({{"value", value}, {"label", label}, {"selected", value == selected}});
    }
    return options;
}

json OrganizationOptions(const std::map<OrganizationId, std::string>& names, std::string_view selected,
                         std::string_view empty_label) {
    std::vector<std::pair<std::string, std::string>> choices;
    for (const auto& [id, name] : names) choices.emplace_back(std::to_string(id), name);
    return Options(choices, selected, empty_label);
}

// "多機関協働（支援中）、参加支援（終結）"
std::string ProgramsText(const domain::SupportCase& support_case) {
    std::string text;
    for (const domain::ProgramStatus& program : support_case.programs) {
        if (!text.empty()) text += "、";
        text += std::string(domain::ProgramLabel(program.program)) + "（" +
                std::string(domain::CaseStatusLabel(program.status)) + "）";
    }
    return text;
}

json CaseRow(const domain::CaseListItem& item, const std::map<OrganizationId, std::string>& organizations) {
    const domain::SupportCase& support_case = item.support_case;
    return {{"id", support_case.id},
            {"title", support_case.title.empty() ? "ケース " + std::to_string(support_case.id) : support_case.title},
            {"status", domain::CaseStatusLabel(support_case.status)},
            {"status_code", domain::CaseStatusCode(support_case.status)},
            {"programs", ProgramsText(support_case)},
            {"lead", NameOr(organizations, support_case.lead_organization_id)},
            {"opened_on", DateJson(support_case.opened_on)},
            {"last_note_at", item.last_note_at ? InstantJson(*item.last_note_at) : json(nullptr)}};
}

// A table's rows as {"rows": [...]} for a section that renders the table once, or null when there are none (the
// template then says so instead).
json Listed(const json& rows) { return rows.empty() ? json(nullptr) : json{{"rows", rows}}; }

json CaseRows(const std::vector<domain::CaseListItem>& items,
              const std::map<OrganizationId, std::string>& organizations) {
    json rows = json::array();
    for (const domain::CaseListItem& item : items) rows.push_back(CaseRow(item, organizations));
    return rows;
}

// A whole number of days, 1 to kMaxDays; nullopt for an empty field.
Result<std::optional<int>> DaysField(const FormFields& fields, std::string_view name, std::string_view label) {
    const std::string text = Trim(FieldOf(fields, name));
    if (text.empty()) return std::optional<int>{};
    auto days = ParseId(text);
    if (!days || *days > kMaxDays) {
        return Fail(Error::InvalidArgument(
            "「" + std::string(label) + "」は1から" + std::to_string(kMaxDays) + "までの日数を数字で入力してください",
            std::string(name)));
    }
    return std::optional<int>{static_cast<int>(*days)};
}

http::Response FormErrorOr(const http::Request& request, const Error& error) { return RenderErrorPage(request, error); }

// --- 私の業務 --------------------------------------------------------------------------------------------------

// The name on the つなぐシート snapshot: the receiver may see nothing else of the person before answering.
std::string ReferralPersonName(const domain::Referral& referral) {
    const json& sheet = referral.sheet;
    if (!sheet.is_object() || !sheet.contains("person") || !sheet["person"].is_object()) return "";
    const json& person = sheet["person"];
    for (const char* key : {"name", "full_name"}) {
        if (person.contains(key) && person[key].is_string()) return person[key].get<std::string>();
    }
    if (person.contains("family_name") && person["family_name"].is_string()) {
        std::string name = person["family_name"].get<std::string>();
        if (person.contains("given_name") && person["given_name"].is_string()) {
            name += " " + person["given_name"].get<std::string>();
        }
        return name;
    }
    return "";
}

http::Response ShowWork(const CaseWorkPageServices& services, http::Request& request) {
    const domain::Actor actor = ActorOf(request);
    const FormFields fields = QueryFields(request);
    auto quiet = DaysField(fields, "quiet_days", "記録なしの日数");
    if (!quiet) return RenderErrorPage(request, quiet.error());
    const int quiet_days = quiet->value_or(kDefaultQuietDays);
    auto work = services.cases->Work(actor, kDaysAhead, quiet_days);
    if (!work) return RenderErrorPage(request, work.error());

    auto organizations_read = OrganizationNames(services, actor);
    if (!organizations_read) return RenderErrorPage(request, organizations_read.error());
    const auto& organizations = *organizations_read;
    const Date today = TodayInJapan(*services.clock);
    json actions = json::array();
    int overdue_actions = 0;
    for (const domain::ActionDue& due : work->actions_due) {
        const bool overdue = due.action.due_on && *due.action.due_on < today;
        overdue_actions += overdue ? 1 : 0;
        actions.push_back(
            {{"case_id", due.case_id},
             {"case_title", due.case_title},
             {"description", due.action.description},
             {"responsible", NameOr(organizations, due.action.responsible_organization_id)},
             {"due_on", DateJson(due.action.due_on)},
             {"status", domain::ActionStatusLabel(due.action.status)},
             {"program", due.action.program ? std::string(domain::ProgramLabel(*due.action.program)) : std::string()},
             {"overdue", overdue}});
    }
    json reviews = json::array();
    for (const domain::ReviewDue& due : work->reviews_due) {
        reviews.push_back({{"case_id", due.case_id},
                           {"case_title", due.case_title},
                           {"plan_version", due.plan_version},
                           {"lead", NameOr(organizations, due.lead_organization_id)},
                           {"review_on", DateJson(due.review_on)},
                           {"overdue", due.review_on < today}});
    }
    json referrals = json::array();
    for (const domain::Referral& referral : work->referrals_waiting) {
        referrals.push_back({{"id", referral.id},
                             {"person_name", ReferralPersonName(referral)},
                             {"from", NameOr(organizations, referral.from_organization_id)},
                             {"status", domain::ReferralStatusLabel(referral.status)},
                             {"sent_at", InstantJson(referral.sent_at)}});
    }
    json quiet_options = json::array();
    bool listed = false;
    for (int days : kQuietDayChoices) {
        listed = listed || days == quiet_days;
        quiet_options.push_back(
            {{"value", days}, {"label", std::to_string(days) + "日"}, {"selected", days == quiet_days}});
    }
    if (!listed) {
        quiet_options.push_back(
            {{"value", quiet_days}, {"label", std::to_string(quiet_days) + "日"}, {"selected", true}});
    }
    const json my_cases = CaseRows(work->my_cases, organizations);
    const json quiet_cases = CaseRows(work->without_recent_note, organizations);
    json data = {{"my_cases", my_cases},
                 {"my_cases_list", Listed(my_cases)},
                 {"actions", actions},
                 {"actions_list", Listed(actions)},
                 {"overdue_actions", overdue_actions},
                 {"has_overdue_actions", overdue_actions > 0},
                 {"reviews", reviews},
                 {"reviews_list", Listed(reviews)},
                 {"referrals", referrals},
                 {"referrals_list", Listed(referrals)},
                 {"quiet_cases", quiet_cases},
                 {"quiet_cases_list", Listed(quiet_cases)},
                 {"quiet_days", quiet_days},
                 {"quiet_options", quiet_options},
                 {"days_ahead", kDaysAhead},
                 {"organization_name", NameOr(organizations, actor.principal.user.organization_id)}};
    return RenderPage(request, "私の業務", "work", std::move(data));
}

// --- ケース一覧 -------------------------------------------------------------------------------------------------

const std::vector<std::string_view> kCaseFilterFields = {"status",  "program",     "lead_organization_id",
                                                         "area_id", "category_id", "no_note_days"};

Result<domain::CaseFilter> ParseCaseFilter(const FormFields& fields, Date today) {
    domain::CaseFilter filter;
    filter.limit = kCaseListLimit;
    const std::string status = FieldOf(fields, "status");
    if (status == "open") {
        filter.open_only = true;
    } else if (!status.empty()) {
        filter.status = domain::ParseCaseStatus(status);
        if (!filter.status) return Fail(Error::InvalidArgument("状態を選び直してください", "status"));
    }
    if (const std::string program = FieldOf(fields, "program"); !program.empty()) {
        filter.program = domain::ParseProgram(program);
        if (!filter.program) return Fail(Error::InvalidArgument("事業を選び直してください", "program"));
    }
    auto id_field = [&](std::string_view name, std::string_view message) -> Result<std::optional<std::int64_t>> {
        const std::string text = FieldOf(fields, name);
        if (text.empty()) return std::optional<std::int64_t>{};
        auto id = ParseId(text);
        if (!id) return Fail(Error::InvalidArgument(std::string(message), std::string(name)));
        return std::optional<std::int64_t>{*id};
    };
    auto lead = id_field("lead_organization_id", "主担当機関を選び直してください");
    if (!lead) return Fail(lead.error());
    filter.lead_organization_id = OptionalIdOf<OrganizationId>(*lead);
    auto area = id_field("area_id", "地区を選び直してください");
    if (!area) return Fail(area.error());
    filter.area_id = *area;
    auto category = id_field("category_id", "相談分類を選び直してください");
    if (!category) return Fail(category.error());
    filter.category_id = *category;
    auto quiet = DaysField(fields, "no_note_days", "記録なし日数");
    if (!quiet) return Fail(quiet.error());
    if (*quiet) filter.no_note_since = Date{std::chrono::sys_days{today} - std::chrono::days{**quiet}};
    return filter;
}

http::Response ShowCases(const CaseWorkPageServices& services, http::Request& request) {
    const domain::Actor actor = ActorOf(request);
    const FormFields fields = QueryFields(request);
    auto organizations_read = OrganizationNames(services, actor);
    if (!organizations_read) return RenderErrorPage(request, organizations_read.error());
    const auto& organizations = *organizations_read;

    std::vector<std::pair<std::string, std::string>> statuses = {{"open", "継続中（終結・中断を除く）"}};
    for (domain::CaseStatus status : domain::kAllCaseStatuses) {
        statuses.emplace_back(domain::CaseStatusCode(status), domain::CaseStatusLabel(status));
    }
    std::vector<std::pair<std::string, std::string>> programs;
    for (domain::Program program : domain::kAllPrograms) {
        programs.emplace_back(domain::ProgramCode(program), domain::ProgramLabel(program));
    }
    json shown = json::object();  // the reads that failed (ShowSectionError), shown with the request id
    std::vector<std::pair<std::string, std::string>> areas;
    if (auto list = services.directory->Areas(actor.principal, std::nullopt)) {
        for (const domain::Area& area : *list) {
            areas.emplace_back(std::to_string(area.id),
                               std::string(domain::AreaKindLabel(area.kind)) + "：" + area.name);
        }
    } else {
        ShowSectionError(shown, actor, "地区", list.error());
    }
    std::vector<std::pair<std::string, std::string>> categories;
    if (auto list = services.directory->Categories(actor.principal)) {
        for (const domain::WorryCategory& category : *list) {
            if (category.active) categories.emplace_back(std::to_string(category.id), category.label);
        }
    } else {
        ShowSectionError(shown, actor, "困りごとの分類", list.error());
    }
    json data = {
        {"status_options", Options(statuses, FieldOf(fields, "status"), "すべて")},
        {"program_options", Options(programs, FieldOf(fields, "program"), "すべて")},
        {"lead_options", OrganizationOptions(organizations, FieldOf(fields, "lead_organization_id"), "すべて")},
        {"area_options", Options(areas, FieldOf(fields, "area_id"), "すべて")},
        {"category_options", Options(categories, FieldOf(fields, "category_id"), "すべて")},
        {"no_note_days", FieldOf(fields, "no_note_days")},
        {"section_errors", shown.value("section_errors", json::array())},
        {"errors", json::object()}};

    auto filter = ParseCaseFilter(fields, TodayInJapan(*services.clock));
    if (!filter) {
        AddFieldError(data["errors"], filter.error(), kCaseFilterFields);
        return RenderPage(request, "支援ケース", "cases", std::move(data), 400);
    }
    auto cases = services.cases->List(actor, *filter);
    if (!cases) {
        if (!cases.error().Is(ErrorCode::kInvalidArgument)) return RenderErrorPage(request, cases.error());
        AddFieldError(data["errors"], cases.error(), kCaseFilterFields);
        return RenderPage(request, "支援ケース", "cases", std::move(data), 400);
    }
    data["cases_list"] = Listed(CaseRows(*cases, organizations));
    data["count"] = cases->size();
    data["truncated"] = cases->size() >= static_cast<std::size_t>(kCaseListLimit);
    return RenderPage(request, "支援ケース", "cases", std::move(data));
}

// --- アセスメントシートの版 -------------------------------------------------------------------------------------

json KindOptions(std::string_view selected) {
    json options = json::array();
    for (domain::FormItemKind kind : domain::kAllFormItemKinds) {
        options.push_back({{"value", domain::FormItemKindCode(kind)},
                           {"label", ItemKindLabel(kind)},
                           {"selected", domain::FormItemKindCode(kind) == selected}});
    }
    return options;
}

std::string JoinLines(const std::vector<std::string>& values) {
    std::string joined;
    for (const std::string& value : values) {
        if (!joined.empty()) joined += "\n";
        joined += value;
    }
    return joined;
}

// The editor's rows for a definition's items, plus blank rows to add items.
json EditorRows(const std::vector<domain::FormItem>& items) {
    json rows = json::array();
    int row = 0;
    for (const domain::FormItem& item : items) {
        ++row;
        rows.push_back({{"row", row},
                        {"key", item.key},
                        {"section", item.section},
                        {"label", item.label},
                        {"kind_options", KindOptions(domain::FormItemKindCode(item.kind))},
                        {"options", JoinLines(item.options)},
                        {"required", item.required},
                        {"reported", item.reported_to_state},
                        {"per_member", item.per_member}});
    }
    for (int blank = 0; blank < kBlankItemRows; ++blank) {
        ++row;
        rows.push_back({{"row", row},
                        {"key", ""},
                        {"section", ""},
                        {"label", ""},
                        {"kind_options", KindOptions("single")},
                        {"options", ""},
                        {"required", false},
                        {"reported", false},
                        {"per_member", false},
                        {"blank", true}});
    }
    return rows;
}

// The editor's rows as they were posted (input kept after an error).
json PostedRows(const FormFields& fields) {
    json rows = json::array();
    const int count = std::min(static_cast<int>(ParseId(FieldOf(fields, "item_count")).value_or(0)), kMaxItemRows);
    for (int row = 1; row <= count; ++row) {
        const std::string prefix = "item_" + std::to_string(row) + "_";
        rows.push_back({{"row", row},
                        {"key", FieldOf(fields, prefix + "key")},
                        {"section", FieldOf(fields, prefix + "section")},
                        {"label", FieldOf(fields, prefix + "label")},
                        {"kind_options", KindOptions(FieldOf(fields, prefix + "kind"))},
                        {"options", FieldOf(fields, prefix + "options")},
                        {"required", FieldOf(fields, prefix + "required") == "1"},
                        {"reported", FieldOf(fields, prefix + "reported") == "1"},
                        {"per_member", FieldOf(fields, prefix + "per_member") == "1"}});
    }
    return rows;
}

std::vector<std::string> SplitLines(std::string_view text) {
    std::vector<std::string> lines;
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        std::string line = Trim(text.substr(0, end));
        if (!line.empty()) lines.push_back(std::move(line));
        if (end == std::string_view::npos) break;
        text.remove_prefix(end + 1);
    }
    return lines;
}

// The definition the editor posted: rows with neither a key nor a label are left out (the blank rows); a new item
// without a key gets "item_<row>" (keys are what answers are stored under, and must stay stable across versions).
Result<domain::FormDefinition> ParseDefinition(const FormFields& fields) {
    domain::FormDefinition definition;
    definition.code = std::string(kAssessmentFormCode);
    definition.title = Trim(FieldOf(fields, "title"));
    const int count = std::min(static_cast<int>(ParseId(FieldOf(fields, "item_count")).value_or(0)), kMaxItemRows);
    std::set<std::string> keys;
    for (int row = 1; row <= count; ++row) {
        const std::string prefix = "item_" + std::to_string(row) + "_";
        domain::FormItem item;
        item.key = Trim(FieldOf(fields, prefix + "key"));
        item.label = Trim(FieldOf(fields, prefix + "label"));
        if (item.key.empty() && item.label.empty()) continue;
        if (item.label.empty()) {
            return Fail(Error::InvalidArgument(std::to_string(row) + "行目の項目名を入力してください", "items"));
        }
        item.section = Trim(FieldOf(fields, prefix + "section"));
        auto kind = domain::ParseFormItemKind(FieldOf(fields, prefix + "kind"));
        if (!kind) return Fail(Error::InvalidArgument(std::to_string(row) + "行目の種類を選んでください", "items"));
        item.kind = *kind;
        item.options = SplitLines(FieldOf(fields, prefix + "options"));
        item.required = FieldOf(fields, prefix + "required") == "1";
        item.reported_to_state = FieldOf(fields, prefix + "reported") == "1";
        item.per_member = FieldOf(fields, prefix + "per_member") == "1";
        if (item.key.empty()) {
            item.key = "item_" + std::to_string(row);
            for (int suffix = 2; keys.contains(item.key); ++suffix) {
                item.key = "item_" + std::to_string(row) + "_" + std::to_string(suffix);
            }
        }
        if (!keys.insert(item.key).second) {
            return Fail(Error::InvalidArgument("項目キー「" + item.key + "」が重複しています", "items"));
        }
        definition.items.push_back(std::move(item));
    }
    return definition;
}

const std::vector<std::string_view> kFormFields = {"title", "items"};

json VersionRows(const std::vector<domain::FormDefinition>& versions, domain::FormDefinitionId current) {
    json rows = json::array();
    for (std::size_t index = 0; index < versions.size(); ++index) {
        const domain::FormDefinition& version = versions[index];
        rows.push_back({{"id", version.id},
                        {"form_version", version.form_version},
                        {"title", version.title},
                        {"created_at", InstantJson(version.created_at)},
                        {"item_count", version.items.size()},
                        {"newest", index == 0},
                        {"current", version.id == current}});
    }
    return rows;
}

json ItemRows(const domain::FormDefinition& definition) {
    json rows = json::array();
    for (const domain::FormItem& item : definition.items) {
        rows.push_back({{"key", item.key},
                        {"section", item.section},
                        {"label", item.label},
                        {"kind", ItemKindLabel(item.kind)},
                        {"options", item.options},
                        {"required", item.required},
                        {"reported", item.reported_to_state},
                        {"per_member", item.per_member}});
    }
    return rows;
}

// The message for a refused edit of a version that has answers or is not the newest (the domain's kConflict,
// field "form_version").
Error FormEditError(const Error& error) {
    if (error.Is(ErrorCode::kConflict) && error.field == "form_version") {
        return Error::Conflict("回答のある版・旧版は編集できません。新しい版を作成してください。", "form_version");
    }
    return error;
}

bool ShownOnForm(const Error& error) {
    return error.Is(ErrorCode::kInvalidArgument) || error.Is(ErrorCode::kConflict) ||
           error.Is(ErrorCode::kPermissionDenied) || (error.Is(ErrorCode::kNotFound) && !error.field.empty());
}

http::Response RenderForms(const CaseWorkPageServices& services, const http::Request& request, const FormFields* posted,
                           json errors, int status) {
    const domain::Actor actor = ActorOf(request);
    auto versions = services.cases->FormVersions(actor, kAssessmentFormCode);
    if (!versions) return RenderErrorPage(request, versions.error());
    const domain::FormDefinition newest =
        versions->empty() ? domain::CaseService::DefaultAssessmentForm() : versions->front();
    json data = {{"versions", VersionRows(*versions, 0)},
                 {"has_versions", !versions->empty()},
                 {"editor",
                  {{"action", "/forms"},
                   {"title", posted ? FieldOf(*posted, "title") : newest.title},
                   {"rows", posted ? PostedRows(*posted) : EditorRows(newest.items)},
                   {"button", "新しい版として公開する"}}},
                 {"errors", std::move(errors)}};
    data["editor"]["item_count"] = data["editor"]["rows"].size();
    if (request.QueryParam("published")) data["notice"] = "新しい版を公開しました。";
    return RenderPage(request, "アセスメントシートの版", "forms", std::move(data), status);
}

http::Response ShowForms(const CaseWorkPageServices& services, http::Request& request) {
    return RenderForms(services, request, nullptr, json::object(), 200);
}

http::Response PublishForm(const CaseWorkPageServices& services, http::Request& request) {
    const FormFields fields = request.FormFields();
    auto fail = [&](const Error& error) {
        if (!ShownOnForm(error)) return FormErrorOr(request, error);
        json errors = json::object();
        AddFieldError(errors, error, kFormFields);
        return RenderForms(services, request, &fields, std::move(errors), http::HttpStatusFor(error.code));
    };
    auto definition = ParseDefinition(fields);
    if (!definition) return fail(definition.error());
    auto published = services.cases->PublishForm(ActorOf(request), *definition);
    if (!published) return fail(published.error());
    return http::Response::Redirect("/forms/" + std::to_string(published->id) + "?published=1");
}

http::Response RenderFormVersion(const CaseWorkPageServices& services, const http::Request& request,
                                 domain::FormDefinitionId id, const FormFields* posted, json errors, int status) {
    const domain::Actor actor = ActorOf(request);
    auto definition = services.cases->Form(actor, id);
    if (!definition) return RenderErrorPage(request, definition.error());
    auto versions = services.cases->FormVersions(actor, definition->code);
    if (!versions) return RenderErrorPage(request, versions.error());
    const bool newest = !versions->empty() && versions->front().id == definition->id;
    json data = {{"id", definition->id},
                 {"form_version", definition->form_version},
                 {"form_title", definition->title},
                 {"created_at", InstantJson(definition->created_at)},
                 {"items", ItemRows(*definition)},
                 {"versions", VersionRows(*versions, definition->id)},
                 {"newest", newest},
                 {"errors", std::move(errors)}};
    if (newest) {
        json editor = {{"action", "/forms/" + std::to_string(definition->id)},
                       {"title", posted ? FieldOf(*posted, "title") : definition->title},
                       {"rows", posted ? PostedRows(*posted) : EditorRows(definition->items)},
                       {"button", "この版を修正する"}};
        editor["item_count"] = editor["rows"].size();
        data["editor"] = std::move(editor);
    }
    if (request.QueryParam("published")) data["notice"] = "新しい版を公開しました。";
    if (request.QueryParam("saved")) data["notice"] = "この版を修正しました。";
    return RenderPage(request, "アセスメントシート 第" + std::to_string(definition->form_version) + "版",
                      "form_version", std::move(data), status);
}

http::Response ShowFormVersion(const CaseWorkPageServices& services, http::Request& request) {
    auto id = ParseId(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    return RenderFormVersion(services, request, *id, nullptr, json::object(), 200);
}

http::Response EditFormVersion(const CaseWorkPageServices& services, http::Request& request) {
    auto id = ParseId(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    const FormFields fields = request.FormFields();
    auto fail = [&](const Error& refused) {
        const Error error = FormEditError(refused);
        if (!ShownOnForm(error)) return FormErrorOr(request, error);
        json errors = json::object();
        AddFieldError(errors, error, kFormFields);
        return RenderFormVersion(services, request, *id, &fields, std::move(errors), http::HttpStatusFor(error.code));
    };
    auto definition = ParseDefinition(fields);
    if (!definition) return fail(definition.error());
    auto saved = services.cases->EditForm(ActorOf(request), *id, *definition);
    if (!saved) return fail(saved.error());
    return http::Response::Redirect("/forms/" + std::to_string(saved->id) + "?saved=1");
}

// --- 不足する社会資源 -------------------------------------------------------------------------------------------

const std::vector<std::string_view> kResourceFields = {"description", "case_id", "area_id", "note"};

http::Response RenderResources(const CaseWorkPageServices& services, const http::Request& request,
                               const FormFields& posted, json errors, int status) {
    const domain::Actor actor = ActorOf(request);
    auto resources = services.cases->MissingResources(actor, domain::ResourceListing::kAll);
    if (!resources) return RenderErrorPage(request, resources.error());
    std::map<AreaId, std::string> area_names;
    std::vector<std::pair<std::string, std::string>> areas;
    auto area_list = services.directory->Areas(actor.principal, std::nullopt);
    if (!area_list) return RenderErrorPage(request, area_list.error());  // the rows name their areas
    for (const domain::Area& area : *area_list) {
        area_names[area.id] = area.name;
        areas.emplace_back(std::to_string(area.id), std::string(domain::AreaKindLabel(area.kind)) + "：" + area.name);
    }
    const std::string posted_id = FieldOf(posted, "resource_id");
    json open = json::array();
    json addressed = json::array();
    for (const domain::MissingResource& resource : *resources) {
        auto area = resource.area_id ? area_names.find(*resource.area_id) : area_names.end();
        const bool this_one = posted_id == std::to_string(resource.id);
        json row = {{"id", resource.id},
                    {"description", resource.description},
                    {"case_id", resource.case_id ? json(*resource.case_id) : json(nullptr)},
                    {"meeting_id", resource.meeting_id ? json(*resource.meeting_id) : json(nullptr)},
                    {"area", area == area_names.end() ? std::string() : area->second},
                    {"noted_on", DateJson(resource.noted_on)},
                    {"addressed_note", resource.addressed_note},
                    {"note", this_one ? FieldOf(posted, "note") : std::string()},
                    {"error", this_one && errors.contains("note") ? errors["note"] : json(nullptr)}};
        (resource.addressed ? addressed : open).push_back(std::move(row));
    }
    json data = {{"open", open},
                 {"addressed", addressed},
                 {"description", FieldOf(posted, "description")},
                 {"case_id", FieldOf(posted, "case_id")},
                 {"area_options", Options(areas, FieldOf(posted, "area_id"), "（なし）")},
                 {"errors", std::move(errors)}};
    if (request.QueryParam("saved")) data["notice"] = "記録しました。";
    return RenderPage(request, "不足する社会資源", "resources", std::move(data), status);
}

http::Response ShowResources(const CaseWorkPageServices& services, http::Request& request) {
    return RenderResources(services, request, FormFields{}, json::object(), 200);
}

http::Response AddResource(const CaseWorkPageServices& services, http::Request& request) {
    const FormFields fields = request.FormFields();
    auto fail = [&](const Error& error) {
        if (!ShownOnForm(error)) return FormErrorOr(request, error);
        json errors = json::object();
        AddFieldError(errors, error, kResourceFields);
        return RenderResources(services, request, fields, std::move(errors), http::HttpStatusFor(error.code));
    };
    domain::MissingResource resource;
    resource.description = Trim(FieldOf(fields, "description"));
    if (const std::string text = Trim(FieldOf(fields, "case_id")); !text.empty()) {
        auto case_id = ParseId(text);
        if (!case_id) return fail(Error::InvalidArgument("ケース番号は数字で入力してください", "case_id"));
        resource.case_id = domain::CaseId{*case_id};
    }
    if (const std::string text = FieldOf(fields, "area_id"); !text.empty()) {
        auto area_id = ParseId(text);
        if (!area_id) return fail(Error::InvalidArgument("地区を選び直してください", "area_id"));
        resource.area_id = *area_id;
    }
    resource.noted_on = TodayInJapan(*services.clock);
    auto added = services.cases->AddMissingResource(ActorOf(request), resource);
    if (!added) return fail(added.error());
    return http::Response::Redirect("/resources?saved=1");
}

http::Response SetResourceAddressed(const CaseWorkPageServices& services, http::Request& request) {
    auto id = ParseId(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    FormFields fields = request.FormFields();
    fields["resource_id"] = std::to_string(*id);
    const auto state =
        FieldOf(fields, "addressed") != "0" ? domain::ResourceState::kAddressed : domain::ResourceState::kOpen;
    auto saved = services.cases->SetResourceAddressed(ActorOf(request), *id, state, Trim(FieldOf(fields, "note")));
    if (!saved) {
        if (!ShownOnForm(saved.error())) return FormErrorOr(request, saved.error());
        json errors = json::object();
        AddFieldError(errors, saved.error(), kResourceFields);
        if (!errors.contains("note")) errors["note"] = saved.error().message;
        return RenderResources(services, request, fields, std::move(errors), http::HttpStatusFor(saved.error().code));
    }
    return http::Response::Redirect("/resources?saved=1");
}

}  // namespace

void AddCaseWorkPages(http::Router& router, const CaseWorkPageServices& services) {
    auto page = [&router, services](std::string method, std::string pattern,
                                    http::Response (*handler)(const CaseWorkPageServices&, http::Request&)) {
        router.Add({.method = std::move(method),
                    .pattern = std::move(pattern),
                    .access = http::Access::kSignedIn,
                    .surface = http::Surface::kPage,
                    .handler = [services, handler](http::Request& request) { return handler(services, request); }});
    };
    page("GET", "/work", ShowWork);
    page("GET", "/cases", ShowCases);
    page("GET", "/forms", ShowForms);
    page("POST", "/forms", PublishForm);
    page("GET", "/forms/{id}", ShowFormVersion);
    page("POST", "/forms/{id}", EditFormVersion);
    page("GET", "/resources", ShowResources);
    page("POST", "/resources", AddResource);
    page("POST", "/resources/{id}", SetResourceAddressed);
}

}  // namespace kasane::web
