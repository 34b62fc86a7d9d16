// SPDX-License-Identifier: Apache-2.0
// 孤独感の測定 (issue 17, item 7), in Japanese:
//   GET  /consultations/{id}/loneliness   the measures of the consultation, the person's change, and the form
//   POST /consultations/{id}/loneliness   records a measure (受付時, 経過確認, 終結時)
//   GET  /reports/loneliness              孤独感の変化: per version, the distribution at intake and latest, the paired
//                                         change, and the national distribution as a population reference
// Each handler calls one use case of domain::LonelinessService; who may see what is the domain's.

#include "web/loneliness_pages.hpp"
#include "http/query_params.hpp"

#include <cstdio>
#include <initializer_list>
#include <utility>

#include "base/japan_time.hpp"
#include "base/japanese_date.hpp"
#include "web/page_context.hpp"
#include "web/page_routes.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"

namespace kasane::web {

namespace {

using nlohmann::json;

struct Services {
    domain::LonelinessService& loneliness;
    const Clock& clock;
};

const std::vector<std::string_view> kFields = {"phase",
                                               "administered_on",
                                               "version",
                                               "direct",
                                               "ucla",
                                               "family_contact_in_person",
                                               "family_contact_by_phone",
                                               "family_contact_online",
                                               "takes_part",
                                               "has_someone_to_rely_on",
                                               "consultation"};

json CountText(const domain::ShownCount& count) {
    if (count.IsSuppressed()) return "χ";
    return count.Value();
}

std::string SignedText(int change) {
    if (change > 0) return "+" + std::to_string(change);
    if (change < 0) return "−" + std::to_string(-change);
    return "±0";
}

std::string DirectText(int code) {
    return std::to_string(code) + "（" + std::string(domain::DirectAnswerLabel(code)) + "）";
}

std::string UclaText(int total) {
    return std::to_string(total) + "点（" + std::string(domain::UclaBandLabel(domain::UclaBandOf(total))) + "）";
}

// "a → b（change）", or the one value when first and latest are the same measure's.
json ChangeText(const std::optional<int>& first, const std::optional<int>& latest, int measures,
                std::string (*text)(int)) {
    if (!first || !latest) return nullptr;
    if (measures < 2) return text(*first);
    return text(*first) + " → " + text(*latest) + "（" + SignedText(*latest - *first) + "）";
}

json Choices(int count, std::string_view (*label)(int), const std::string& selected, const std::string& name) {
    json choices = json::array();
    for (int code = 1; code <= count; ++code) {
        choices.push_back({{"value", code},
                           {"label", label(code)},
                           {"name", name},
                           {"id", name + "-" + std::to_string(code)},
                           {"checked", selected == std::to_string(code)}});
    }
    return choices;
}

json ContactChoices(const std::string& selected) {
    json options = json::array();
    options.push_back({{"value", ""}, {"label", "未回答"}, {"selected", selected.empty()}});
    for (int code = 1; code <= 6; ++code) {
        std::string label = std::to_string(code);
        if (code == 1) label += " 全くない";
        if (code == 6) label += " 週4回以上";
        options.push_back(
            {{"value", std::to_string(code)}, {"label", label}, {"selected", selected == std::to_string(code)}});
    }
    return options;
}

json YesNoChoices(const std::string& name, const std::string& selected) {
    json choices = json::array();
    using Choice = std::pair<std::string, std::string>;
    for (const auto& [value, label] :
         std::initializer_list<Choice>{{"", "未回答"}, {"yes", "はい"}, {"no", "いいえ"}}) {
        choices.push_back({{"value", value},
                           {"label", label},
                           {"name", name},
                           {"id", name + "-" + (value.empty() ? std::string("none") : value)},
                           {"checked", selected == value}});
    }
    return choices;
}

json FormOf(const http::Request& request) {
    json form = json::object();
    for (const char* name :
         {"phase", "administered_on", "version", "direct", "ucla_1", "ucla_2", "ucla_3", "family_contact_in_person",
          "family_contact_by_phone", "family_contact_online", "takes_part", "has_someone_to_rely_on"}) {
        form[name] = FormField(request, name);
    }
    return form;
}

http::Response ShowHistory(Services& services, const http::Request& request, domain::ConsultationId id, json form,
                           json errors, int status) {
    auto history = services.loneliness.History(ActorOf(request), id);
    if (!history) return RenderErrorPage(request, history.error());
    json rows = json::array();
    for (std::size_t i = 0; i < history->measures.size(); ++i) {
        const domain::LonelinessMeasure& measure = history->measures[i];
        const auto total = measure.answers.UclaTotal();
        rows.push_back({{"id", measure.id},
                        {"on", FormatWareki(measure.administered_on)},
                        {"phase", domain::MeasurePhaseLabel(measure.phase)},
                        {"direct", measure.answers.direct ? json(DirectText(*measure.answers.direct)) : json("—")},
                        {"ucla", total ? json(UclaText(*total)) : json("—")},
                        {"by", history->administered_by_names.at(i)},
                        {"version", measure.answers.version}});
    }
    json changes = json::array();
    for (const domain::MeasureChange& change : history->changes) {
        changes.push_back(
            {{"version", change.version},
             {"measures", change.measures},
             {"direct", ChangeText(change.direct_first, change.direct_latest, change.measures, DirectText)},
             {"ucla", ChangeText(change.ucla_first, change.ucla_latest, change.measures, UclaText)}});
    }
    if (form.is_null()) {
        form = {{"phase", history->measures.empty() ? "intake" : "follow_up"},
                {"administered_on", IsoDate(TodayInJapan(services.clock))},
                {"version", std::string(domain::kDefaultLonelinessVersion)}};
    }
    const auto value = [&form](const char* name) { return form.value(name, std::string()); };
    json phases = json::array();
    for (domain::MeasurePhase phase :
         {domain::MeasurePhase::kIntake, domain::MeasurePhase::kFollowUp, domain::MeasurePhase::kClosing}) {
        const std::string code(domain::MeasurePhaseCode(phase));
        phases.push_back({{"value", code},
                          {"label", domain::MeasurePhaseLabel(phase)},
                          {"id", "phase-" + code},
                          {"checked", value("phase") == code}});
    }
    json ucla_items = json::array();
    for (int item = 1; item <= domain::kUclaItemCount; ++item) {
        const std::string name = "ucla_" + std::to_string(item);
        ucla_items.push_back({{"number", item},
                              {"question", domain::UclaItemLabel(item)},
                              {"choices", Choices(4, domain::UclaAnswerLabel, value(name.c_str()), name)}});
    }
    json contacts = json::array();
    using ContactItem = std::pair<std::string, std::string>;
    for (const auto& [name, label] : std::initializer_list<ContactItem>{
             {"family_contact_in_person", "同居していない家族や友人と直接会って話すこと"},
             {"family_contact_by_phone", "電話（ビデオ通話を含む）で話すこと"},
             {"family_contact_online", "SNS・メール等でやりとりすること"}}) {
        contacts.push_back({{"name", name}, {"label", label}, {"options", ContactChoices(value(name.c_str()))}});
    }
    if (!errors.is_object()) errors = json::object();
    errors["_any"] = errors.contains("_summary") && !errors["_summary"].empty();
    const domain::Consultation& c = history->consultation;
    json data = {
        {"id", c.id},
        {"person_id", c.person_id ? json(*c.person_id) : json(nullptr)},
        {"anonymous", !c.person_id.has_value()},
        {"chief_complaint", c.chief_complaint},
        {"rows", std::move(rows)},
        {"has_rows", !history->measures.empty()},
        {"changes", std::move(changes)},
        {"form", form},
        {"errors", std::move(errors)},
        {"phases", std::move(phases)},
        {"direct_question", domain::kDirectQuestion},
        {"direct_choices", Choices(domain::kDirectAnswerCount, domain::DirectAnswerLabel, value("direct"), "direct")},
        {"ucla_items", std::move(ucla_items)},
        {"contacts", std::move(contacts)},
        {"takes_part", YesNoChoices("takes_part", value("takes_part"))},
        {"has_someone", YesNoChoices("has_someone_to_rely_on", value("has_someone_to_rely_on"))},
        {"saved", request.QueryParam("saved").has_value()}};
    return RenderPage(request, "孤独感の測定", "loneliness", std::move(data), status);
}

http::Response HistoryPage(Services& services, const http::Request& request) {
    const auto id = ParseId<domain::ConsultationId>(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    return ShowHistory(services, request, *id, nullptr, json::object(), 200);
}

std::optional<int> CodeOf(const std::string& text) {
    if (text.empty() || text.size() > 2) return std::nullopt;
    int value = 0;
    for (const char ch : text) {
        if (ch < '0' || ch > '9') return std::nullopt;
        value = value * 10 + (ch - '0');
    }
    return value;
}

std::optional<bool> YesNoOf(const std::string& text) {
    if (text == "yes") return true;
    if (text == "no") return false;
    return std::nullopt;
}

http::Response Record(Services& services, const http::Request& request) {
    const auto id = ParseId<domain::ConsultationId>(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    json form = FormOf(request);
    const auto value = [&form](const char* name) { return form[name].get<std::string>(); };
    json errors = json::object();
    domain::LonelinessInput input;
    const auto phase = domain::ParseMeasurePhase(value("phase"));
    if (!phase) AddFieldError(errors, Error::InvalidArgument("時点を選んでください", "phase"), kFields);
    auto on = ParseJapaneseDate(Trim(value("administered_on")), "実施した日");
    if (!on) {
        Error error = on.error();
        error.field = "administered_on";
        AddFieldError(errors, error, kFields);
    }
    input.answers.version = Trim(value("version"));
    if (!value("direct").empty()) {
        input.answers.direct = CodeOf(value("direct"));
        if (!input.answers.direct) {
            AddFieldError(errors, Error::InvalidArgument("孤独感（直接質問）は1から5の回答を選んでください", "direct"),
                          kFields);
        }
    }
    // The UCLA items: all three or none; one left out is a missing item.
    std::array<std::optional<int>, domain::kUclaItemCount> ucla{CodeOf(value("ucla_1")), CodeOf(value("ucla_2")),
                                                                CodeOf(value("ucla_3"))};
    int answered = 0;
    for (const auto& item : ucla) answered += item ? 1 : 0;
    if (answered == domain::kUclaItemCount) {
        input.answers.ucla = std::array<int, domain::kUclaItemCount>{*ucla[0], *ucla[1], *ucla[2]};
    } else if (answered > 0) {
        AddFieldError(errors, Error::InvalidArgument("孤独感（間接質問）は3問すべてに回答してください", "ucla"),
                      kFields);
    }
    domain::IsolationAnswers& isolation = input.answers.isolation;
    isolation.family_contact_in_person = CodeOf(value("family_contact_in_person"));
    isolation.family_contact_by_phone = CodeOf(value("family_contact_by_phone"));
    isolation.family_contact_online = CodeOf(value("family_contact_online"));
    isolation.takes_part_in_activities = YesNoOf(value("takes_part"));
    isolation.has_someone_to_rely_on = YesNoOf(value("has_someone_to_rely_on"));
    if (!errors.empty()) return ShowHistory(services, request, *id, std::move(form), std::move(errors), 400);
    input.phase = *phase;
    input.administered_on = *on;
    auto saved = services.loneliness.Record(ActorOf(request), *id, std::move(input));
    if (!saved) {
        if (!saved.error().Is(ErrorCode::kInvalidArgument)) return RenderErrorPage(request, saved.error());
        AddFieldError(errors, saved.error(), kFields);
        return ShowHistory(services, request, *id, std::move(form), std::move(errors), 400);
    }
    return http::Response::Redirect("/consultations/" + std::to_string(id->value()) + "/loneliness?saved=1");
}

json DistributionRows(const domain::ShownOutcome& outcome, bool direct) {
    json rows = json::array();
    const std::pair<const char*, const domain::ShownDistribution*> rows_of[] = {
        {"受付時（年度内の最初の測定）", &outcome.at_intake}, {"最新（年度内の最後の測定）", &outcome.latest}};
    for (const auto& [label, distribution] : rows_of) {
        json cells = json::array();
        if (direct) {
            for (const domain::ShownCount& count : distribution->direct) cells.push_back(CountText(count));
        } else {
            for (const domain::ShownCount& count : distribution->ucla) cells.push_back(CountText(count));
        }
        rows.push_back({{"label", label},
                        {"cells", std::move(cells)},
                        {"total", CountText(direct ? distribution->direct_persons : distribution->ucla_persons)}});
    }
    return rows;
}

json ChangeRow(const char* label, const domain::ShownChange& change) {
    std::string mean = "χ";
    if (change.mean_change) {
        char text[32];
        std::snprintf(text, sizeof text, "%+.2f", *change.mean_change);
        mean = text;
    } else if (!change.persons.IsSuppressed()) {
        mean = "—";
    }
    return {{"label", label},
            {"persons", CountText(change.persons)},
            {"better", CountText(change.better)},
            {"same", CountText(change.same)},
            {"worse", CountText(change.worse)},
            {"mean", mean}};
}

http::Response ReportPage(Services& services, const http::Request& request) {
    const int current = FiscalYearOf(TodayInJapan(services.clock));
    auto parsed_year = http::FiscalYearQuery(request, "year", current);
    if (!parsed_year) return RenderErrorPage(request, parsed_year.error());
    const int year = *parsed_year;
    auto report = services.loneliness.Report(ActorOf(request), year);
    if (!report) return RenderErrorPage(request, report.error());
    json direct_labels = json::array();
    for (int code = 1; code <= domain::kDirectAnswerCount; ++code)
        direct_labels.push_back(domain::DirectAnswerLabel(code));
    json band_labels = json::array();
    for (domain::UclaBand band : domain::kUclaBands) band_labels.push_back(domain::UclaBandLabel(band));
    json versions = json::array();
    for (const domain::ShownOutcome& outcome : report->outcomes) {
        versions.push_back(
            {{"version", outcome.version},
             {"direct_rows", DistributionRows(outcome, true)},
             {"ucla_rows", DistributionRows(outcome, false)},
             {"changes", json::array({ChangeRow("孤独感（直接質問、1〜5）", outcome.direct_change),
                                      ChangeRow("孤独感（間接質問、UCLA合計3〜12点）", outcome.ucla_change)})},
             {"local_alert", outcome.local_alert ? json{{"level", outcome.local_alert->level},
                                                        {"at_intake", outcome.local_alert->counts.at_intake},
                                                        {"latest", outcome.local_alert->counts.latest}}
                                                 : json(false)}});
    }
    json reference = json::array();
    std::string source;
    for (const domain::NationalReference& row : domain::NationalDirectReference()) {
        source = std::string(row.source);
        char percent[16];
        std::snprintf(percent, sizeof percent, "%.1f%%", row.percent);
        reference.push_back({{"answer", row.answer}, {"percent", percent}});
    }
    json years = json::array();
    for (int option = current; option >= current - 9; --option) {
        years.push_back({{"value", option}, {"label", FiscalYearLabel(option)}, {"selected", option == year}});
    }
    json data = {{"label", report->label},
                 {"year", year},
                 {"versions", std::move(versions)},
                 {"has_versions", !report->outcomes.empty()},
                 {"direct_labels", std::move(direct_labels)},
                 {"band_labels", std::move(band_labels)},
                 {"reference", std::move(reference)},
                 {"reference_source", source},
                 {"years", std::move(years)},
                 {"suppressed", report->figures == domain::Figures::kSmallCellsSuppressed}};
    return RenderPage(request, "孤独感の変化", "report_loneliness", std::move(data));
}

}  // namespace

void AddLonelinessPages(http::Router& router, domain::LonelinessService& loneliness, const Clock& clock) {
    auto services = std::make_shared<Services>(Services{loneliness, clock});
    const auto add = SignedInPageAdder(router, services);
    add("GET", "/consultations/{id}/loneliness", HistoryPage);
    add("POST", "/consultations/{id}/loneliness", Record);
    add("GET", "/reports/loneliness", ReportPage);
}

}  // namespace kasane::web
