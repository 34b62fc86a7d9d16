// SPDX-License-Identifier: Apache-2.0
// 「県の集計」 (issue 17, item 6): the prefecture's analysts see its towns' figures side by side and in total, as
// PrefectureStatistics releases them (no hidden figure ever reaches the page), keep the floor and the 圏域, and
// record the prefecture's support visits. Who may: domain::MayReadPrefectureRollup, asked by the use case; anyone
// else gets the missing page.

#include "web/prefecture_pages.hpp"
#include "http/query_params.hpp"

#include <atomic>
#include <charconv>
#include <map>
#include <string>
#include <vector>

#include "base/japan_time.hpp"
#include "base/japanese_date.hpp"
#include "web/page_context.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"

namespace kasane::web {

namespace {

using nlohmann::json;

// The forms as typed, and their errors by field.
struct Forms {
    json programs = json::object();  // program-<code>, from-<code> as typed
    json settings = json::object();
    json visit = json::object();
    json errors = json::object();
};

void AddError(Forms& forms, const Error& error) {
    forms.errors["_summary"].push_back(error.message);
    forms.errors["_any"] = true;
    const std::string field = error.field.empty() ? "_form" : error.field;
    if (!forms.errors.contains(field)) forms.errors[field] = error.message;
}

// 東部圏域: 313254, 313645 — one 圏域 a line.
std::string AreasText(const std::vector<domain::RollupArea>& areas) {
    std::string text;
    for (const domain::RollupArea& area : areas) {
        text += area.name + ":";
        for (std::size_t i = 0; i < area.town_codes.size(); ++i) text += (i == 0 ? " " : ", ") + area.town_codes[i];
        text += "\n";
    }
    return text;
}

Result<std::vector<domain::RollupArea>> ParseAreas(const std::string& text) {
    std::vector<domain::RollupArea> areas;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        const std::string line = Trim(text.substr(start, end - start));
        start = end + 1;
        if (line.empty()) continue;
        std::size_t colon = line.find(':');
        std::size_t skip = 1;
        if (colon == std::string::npos) {
            colon = line.find("：");
            skip = std::string("：").size();
        }
        if (colon == std::string::npos) {
            return Fail(Error::InvalidArgument("圏域は「圏域名: 団体コード, 団体コード」の形で1行に1つ書いてください",
                                               "areas"));
        }
        domain::RollupArea area{.name = Trim(line.substr(0, colon)), .town_codes = {}};
        std::string codes = line.substr(colon + skip);
        for (char& c : codes) {
            if (c == ',' || c == ' ') c = '\n';
        }
        std::size_t at = 0;
        while (at < codes.size()) {
            std::size_t next = codes.find('\n', at);
            if (next == std::string::npos) next = codes.size();
            std::string code = Trim(codes.substr(at, next - at));
            // 、 (the Japanese comma) between codes as well.
            std::size_t ten = 0;
            while ((ten = code.find("、")) != std::string::npos) {
                if (ten > 0) area.town_codes.push_back(code.substr(0, ten));
                code = code.substr(ten + std::string("、").size());
            }
            if (!code.empty()) area.town_codes.push_back(code);
            at = next + 1;
        }
        areas.push_back(std::move(area));
    }
    return areas;
}

json CellsJson(const domain::RollupRow& row) {
    json cells = json::array();
    for (std::size_t m = 0; m < row.cells.size(); ++m) {
        const domain::RollupCell& cell = row.cells[m];
        json item = {{"text", domain::CellText(cell)},
                     {"hidden", cell.mark == domain::CellMark::kSuppressed},
                     {"measure", domain::RollupMeasures()[m].code}};
        if (domain::RollupMeasures()[m].rated) item["rate"] = domain::RateText(cell);
        cells.push_back(std::move(item));
    }
    return cells;
}

json RowJson(const domain::RollupRow& row) {
    std::string towns;
    for (const std::string& name : row.town_names) towns += (towns.empty() ? "" : "・") + name;
    return {{"label", row.label},
            {"area", row.kind == domain::RowKind::kArea},
            {"towns", towns},
            {"key", row.town_codes.empty() ? std::string("total") : row.town_codes.front()},
            {"population", row.population ? std::to_string(*row.population) : std::string("…")},
            {"cells", CellsJson(row)}};
}

http::Response Show(domain::PrefectureStatistics& prefecture, const Clock& clock, http::Request& request, Forms forms,
                    int status) {
    const domain::Actor actor = ActorOf(request);
    auto overview = prefecture.Overview(actor);
    if (!overview) return RenderErrorPage(request, overview.error());
    int year = FiscalYearOf(TodayInJapan(clock));
    json period_errors = json::object();
    if (auto parsed = http::FiscalYearQuery(request, "year", year)) {
        year = *parsed;
    } else {
        period_errors["year"] = parsed.error().message;
    }
    const bool first_half = request.QueryParam("through").value_or("") == "9";
    auto period = domain::PartYearPeriod(year, first_half ? 9 : 3);
    if (!period) return RenderErrorPage(request, period.error());
    auto rollup = prefecture.Rollup(actor, *period);
    if (!rollup) return RenderErrorPage(request, rollup.error());

    json measures = json::array();
    for (const domain::RollupMeasure& measure : domain::RollupMeasures()) {
        measures.push_back({{"label", measure.label}, {"rated", measure.rated}});
    }
    json rows = json::array();
    for (const domain::RollupRow& row : rollup->rows) rows.push_back(RowJson(row));
    json towns = json::array();
    std::map<std::string, std::string> names;
    for (const domain::PrefectureTown& town : overview->towns) {
        towns.push_back({{"code", town.code}, {"name", town.name}});
        names[town.code] = town.name;
    }
    json visits = json::array();
    for (const domain::SupportVisit& visit : overview->visits) {
        visits.push_back({{"date", FormatWareki(visit.visited_on)},
                          {"town", visit.town_code.empty() ? std::string("（県全体）") : names[visit.town_code]},
                          {"purpose", domain::SupportVisitPurposeLabel(visit.purpose)},
                          {"notes", visit.notes}});
    }
    json programs = json::array();
    for (const domain::PrefectureTown& town : overview->towns) {
        std::string program = forms.programs.value("program-" + town.code, std::string());
        std::string from = forms.programs.value("from-" + town.code, std::string());
        if (!forms.programs.contains("program-" + town.code)) {
            for (const domain::TownProgramStatus& status : overview->programs) {
                if (status.town_code != town.code) continue;
                program = std::string(domain::TownProgramCode(status.program));
                from = std::to_string(status.from_year);
            }
        }
        std::string shown = "未実施";
        if (const auto parsed = domain::ParseTownProgram(program)) {
            shown = std::string(domain::TownProgramLabel(*parsed)) + (from.empty() ? "" : "（" + from + "年度から）");
        }
        programs.push_back({{"code", town.code},
                            {"name", town.name},
                            {"shown", shown},
                            {"from", from},
                            {"integrated", program == "integrated"},
                            {"transition", program == "transition"},
                            {"none", program.empty()}});
    }
    if (!forms.settings.contains("floor")) {
        forms.settings = {{"floor", std::to_string(overview->settings.floor)},
                          {"merge_below_population", std::to_string(overview->settings.merge_below_population)},
                          {"areas", AreasText(overview->settings.areas)}};
    }
    if (!forms.errors.contains("_summary")) forms.errors["_summary"] = json::array();
    json data = {{"prefecture", overview->prefecture.name},
                 {"label", rollup->label},
                 {"year", year},
                 {"first_half", first_half},
                 {"floor", rollup->floor},
                 {"measures", std::move(measures)},
                 {"rows", std::move(rows)},
                 {"total", RowJson(rollup->total)},
                 {"towns", std::move(towns)},
                 {"visits", std::move(visits)},
                 {"programs", std::move(programs)},
                 {"settings", forms.settings},
                 {"visit", forms.visit},
                 {"errors", forms.errors},
                 {"period_errors", period_errors},
                 {"export_query", "year=" + std::to_string(year) + (first_half ? "&through=9" : "")},
                 {"saved_settings", request.QueryParam("saved").value_or("") == "settings"},
                 {"saved_visit", request.QueryParam("saved").value_or("") == "visit"},
                 {"saved_programs", request.QueryParam("saved").value_or("") == "programs"}};
    return RenderPage(request, "県の集計", "prefecture", std::move(data), status);
}

http::Response SaveSettings(domain::PrefectureStatistics& prefecture, const Clock& clock, http::Request& request) {
    Forms forms;
    forms.errors["_summary"] = json::array();
    forms.settings = {{"floor", Trim(FormField(request, "floor"))},
                      {"merge_below_population", Trim(FormField(request, "merge_below_population"))},
                      {"areas", FormField(request, "areas")}};
    domain::PrefectureStatisticsSettings settings;
    const std::string floor = forms.settings["floor"];
    const auto [floor_end, floor_error] = std::from_chars(floor.data(), floor.data() + floor.size(), settings.floor);
    if (floor.empty() || floor_error != std::errc{} || floor_end != floor.data() + floor.size()) {
        AddError(forms, Error::InvalidArgument("秘匿の基準は数字で入力してください（例: 10）", "floor"));
    }
    const std::string merge = forms.settings["merge_below_population"];
    if (!merge.empty()) {
        const auto [end, error] =
            std::from_chars(merge.data(), merge.data() + merge.size(), settings.merge_below_population);
        if (error != std::errc{} || end != merge.data() + merge.size()) {
            AddError(forms,
                     Error::InvalidArgument("圏域にまとめる人口は数字で入力してください", "merge_below_population"));
        }
    }
    auto areas = ParseAreas(forms.settings["areas"]);
    if (!areas) {
        AddError(forms, areas.error());
    } else {
        settings.areas = std::move(*areas);
    }
    if (!forms.errors.value("_any", false)) {
        auto saved = prefecture.SaveSettings(ActorOf(request), settings);
        if (!saved) {
            if (!saved.error().Is(ErrorCode::kInvalidArgument)) return RenderErrorPage(request, saved.error());
            AddError(forms, saved.error());
        }
    }
    if (forms.errors.value("_any", false)) return Show(prefecture, clock, request, std::move(forms), 400);
    return http::Response::Redirect("/prefecture?saved=settings");
}

http::Response SavePrograms(domain::PrefectureStatistics& prefecture, const Clock& clock, http::Request& request) {
    Forms forms;
    forms.errors["_summary"] = json::array();
    auto overview = prefecture.Overview(ActorOf(request));
    if (!overview) return RenderErrorPage(request, overview.error());
    std::vector<domain::TownProgramStatus> programs;
    for (const domain::PrefectureTown& town : overview->towns) {
        const std::string program = Trim(FormField(request, "program-" + town.code));
        const std::string from = Trim(FormField(request, "from-" + town.code));
        forms.programs["program-" + town.code] = program;
        forms.programs["from-" + town.code] = from;
        if (program.empty()) continue;
        const auto parsed = domain::ParseTownProgram(program);
        int year = 0;
        const auto [end, error] = std::from_chars(from.data(), from.data() + from.size(), year);
        if (!parsed || from.empty() || error != std::errc{} || end != from.data() + from.size()) {
            AddError(forms, Error::InvalidArgument(town.name + "の開始年度を西暦の数字で入力してください（例: 2023）",
                                                   "programs"));
            continue;
        }
        programs.push_back({.town_code = town.code, .program = *parsed, .from_year = year});
    }
    if (!forms.errors.value("_any", false)) {
        auto saved = prefecture.SavePrograms(ActorOf(request), programs);
        if (!saved) {
            if (!saved.error().Is(ErrorCode::kInvalidArgument)) return RenderErrorPage(request, saved.error());
            AddError(forms, saved.error());
        }
    }
    if (forms.errors.value("_any", false)) return Show(prefecture, clock, request, std::move(forms), 400);
    return http::Response::Redirect("/prefecture?saved=programs");
}

http::Response AddVisit(domain::PrefectureStatistics& prefecture, const Clock& clock, http::Request& request) {
    Forms forms;
    forms.errors["_summary"] = json::array();
    const domain::SupportVisitRequest visit{.town_code = Trim(FormField(request, "town_code")),
                                            .visited_on = Trim(FormField(request, "visited_on")),
                                            .purpose = Trim(FormField(request, "purpose")),
                                            .notes = Trim(FormField(request, "notes"))};
    forms.visit = {{"town_code", visit.town_code},
                   {"visited_on", visit.visited_on},
                   {"purpose", visit.purpose},
                   {"notes", visit.notes}};
    auto added = prefecture.AddVisit(ActorOf(request), visit);
    if (!added) {
        if (!added.error().Is(ErrorCode::kInvalidArgument)) return RenderErrorPage(request, added.error());
        AddError(forms, added.error());
        return Show(prefecture, clock, request, std::move(forms), 400);
    }
    return http::Response::Redirect("/prefecture?saved=visit");
}

std::atomic<domain::PrefectureStatistics*> offered{nullptr};

}  // namespace

bool OffersPrefecturePage(const domain::Principal& principal) {
    domain::PrefectureStatistics* prefecture = offered.load();
    return prefecture != nullptr && prefecture->Offers(principal);
}

void AddPrefecturePages(http::Router& router, domain::PrefectureStatistics& prefecture, const Clock& clock) {
    offered.store(&prefecture);
    router.Add({.method = "GET",
                .pattern = "/prefecture",
                .access = http::Access::kSignedIn,
                .surface = http::Surface::kPage,
                .handler =
                    [&prefecture, &clock](http::Request& request) {
                        Forms forms;
                        return Show(prefecture, clock, request, std::move(forms), 200);
                    },
                .doc = {}});
    router.Add(
        {.method = "POST",
         .pattern = "/prefecture/settings",
         .access = http::Access::kSignedIn,
         .surface = http::Surface::kPage,
         .handler = [&prefecture, &clock](http::Request& request) { return SaveSettings(prefecture, clock, request); },
         .doc = {}});
    router.Add(
        {.method = "POST",
         .pattern = "/prefecture/programs",
         .access = http::Access::kSignedIn,
         .surface = http::Surface::kPage,
         .handler = [&prefecture, &clock](http::Request& request) { return SavePrograms(prefecture, clock, request); },
         .doc = {}});
    router.Add(
        {.method = "POST",
         .pattern = "/prefecture/visits",
         .access = http::Access::kSignedIn,
         .surface = http::Surface::kPage,
         .handler = [&prefecture, &clock](http::Request& request) { return AddVisit(prefecture, clock, request); },
         .doc = {}});
}

}  // namespace kasane::web
