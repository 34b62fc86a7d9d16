// SPDX-License-Identifier: Apache-2.0
// The prefectures' statistics, 圏域, releases and support visits (domain::PrefectureStatisticsRepository).

#include <charconv>
#include <map>
#include <sstream>
#include <string>
#include <utility>

#include "domain/prefecture_statistics_repositories.hpp"
#include "storage/sql/account_support.hpp"
#include "storage/sql/sql.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {
namespace {

using domain::PrefectureStatisticsRecord;
using domain::PrefectureStatisticsSettings;
using domain::RollupRelease;
using domain::SupportVisit;

constexpr SqlStatement kSelectStatistics{
    "select_prefecture_statistics",
    "SELECT office_municipality_id, floor, merge_below_population, updated_at FROM prefecture_statistics "
    "WHERE prefecture_code = $1"};
constexpr SqlStatement kSelectAreas{
    "select_prefecture_areas",
    "SELECT area_name, town_code FROM prefecture_areas WHERE prefecture_code = $1 ORDER BY position, town_code"};
constexpr SqlStatement kSelectOfficeOf{
    "select_prefecture_of_office",
    "SELECT prefecture_code FROM prefecture_statistics WHERE office_municipality_id = $1"};
constexpr SqlStatement kUpsertOffice{
    "upsert_prefecture_office",
    "INSERT INTO prefecture_statistics (prefecture_code, office_municipality_id, floor, merge_below_population, "
    "updated_at) VALUES ($1, $2, 3, 0, $3) ON CONFLICT (prefecture_code) DO UPDATE SET "
    "office_municipality_id = excluded.office_municipality_id, updated_at = excluded.updated_at"};
constexpr SqlStatement kUpsertSettings{
    "upsert_prefecture_settings",
    "INSERT INTO prefecture_statistics (prefecture_code, floor, merge_below_population, updated_at) "
    "VALUES ($1, $2, $3, $4) ON CONFLICT (prefecture_code) DO UPDATE SET floor = excluded.floor, "
    "merge_below_population = excluded.merge_below_population, updated_at = excluded.updated_at"};
constexpr SqlStatement kDeleteAreas{"delete_prefecture_areas",
                                    "DELETE FROM prefecture_areas WHERE prefecture_code = $1"};
constexpr SqlStatement kInsertArea{
    "insert_prefecture_area",
    "INSERT INTO prefecture_areas (prefecture_code, town_code, area_name, position) VALUES ($1, $2, $3, $4)"};
constexpr SqlStatement kSelectReleases{
    "select_prefecture_releases",
    "SELECT first_day, last_day, floor, figures FROM prefecture_releases WHERE prefecture_code = $1 ORDER BY id"};
constexpr SqlStatement kInsertRelease{
    "insert_prefecture_release",
    "INSERT INTO prefecture_releases (prefecture_code, first_day, last_day, floor, figures, released_at) "
    "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"};
constexpr SqlStatement kSelectPrograms{
    "select_prefecture_town_programs",
    "SELECT town_code, program, from_year FROM prefecture_town_programs WHERE prefecture_code = $1 "
    "ORDER BY town_code, program"};
constexpr SqlStatement kDeletePrograms{"delete_prefecture_town_programs",
                                       "DELETE FROM prefecture_town_programs WHERE prefecture_code = $1"};
constexpr SqlStatement kInsertProgram{
    "insert_prefecture_town_program",
    "INSERT INTO prefecture_town_programs (prefecture_code, town_code, program, from_year) VALUES ($1, $2, $3, $4)"};
constexpr SqlStatement kSelectVisits{
    "select_prefecture_support_visits",
    "SELECT id, town_code, visited_on, purpose, notes, recorded_at FROM prefecture_support_visits "
    "WHERE prefecture_code = $1 ORDER BY visited_on DESC, id DESC"};
constexpr SqlStatement kInsertVisit{
    "insert_prefecture_support_visit",
    "INSERT INTO prefecture_support_visits (prefecture_code, town_code, visited_on, purpose, notes, recorded_at) "
    "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"};

// A release's figures as text: one line per row, "codes<TAB>figures", the 総計 last as "*<TAB>figures"; codes
// joined by ",", figures by "," with an empty field for one not shown. A hidden figure has no text at all.
std::string FiguresText(const RollupRelease& release) {
    auto figures = [](const std::vector<std::optional<long long>>& values) {
        std::string text;
        for (std::size_t i = 0; i < values.size(); ++i) {
            if (i > 0) text += ',';
            if (values[i]) text += std::to_string(*values[i]);
        }
        return text;
    };
    std::string text;
    for (const domain::ReleasedRow& row : release.rows) {
        for (std::size_t i = 0; i < row.town_codes.size(); ++i) {
            if (i > 0) text += ',';
            text += row.town_codes[i];
        }
        text += '\t' + figures(row.shown) + '\n';
    }
    text += "*\t" + figures(release.totals) + '\n';
    return text;
}

std::vector<std::string> Split(std::string_view text, char separator) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (;;) {
        const std::size_t end = text.find(separator, start);
        parts.emplace_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    return parts;
}

Result<std::vector<std::optional<long long>>> ParseFigures(std::string_view text) {
    std::vector<std::optional<long long>> values;
    for (const std::string& part : Split(text, ',')) {
        if (part.empty()) {
            values.emplace_back(std::nullopt);
            continue;
        }
        long long value = 0;
        const auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), value);
        if (error != std::errc{} || end != part.data() + part.size()) return Fail(Error::Internal());
        values.emplace_back(value);
    }
    return values;
}

Status ParseFiguresText(std::string_view text, RollupRelease& release) {
    for (const std::string& line : Split(text, '\n')) {
        if (line.empty()) continue;
        const std::size_t tab = line.find('\t');
        if (tab == std::string::npos) return Fail(Error::Internal());
        auto figures = ParseFigures(std::string_view(line).substr(tab + 1));
        if (!figures) return Fail(figures.error());
        if (line.substr(0, tab) == "*") {
            release.totals = std::move(*figures);
        } else {
            release.rows.push_back({.town_codes = Split(line.substr(0, tab), ','), .shown = std::move(*figures)});
        }
    }
    return {};
}

class SqlPrefectureStatisticsRepository final : public domain::PrefectureStatisticsRepository {
public:
    explicit SqlPrefectureStatisticsRepository(SqlExecutor& executor) : executor_(executor) {}

    Result<std::optional<PrefectureStatisticsRecord>> Get(std::string_view prefecture_code) override {
        using Out = std::optional<PrefectureStatisticsRecord>;
        return ReadInto<Out>(executor_, [&](SqlConnection& connection, Out& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(kSelectStatistics, {prefecture_code}));
            if (result->Empty()) return {};
            const SqlRow row(result->rows.front());
            KASANE_ASSIGN(floor, row.Integer(1));
            KASANE_ASSIGN(merge_below, row.Integer(2));
            KASANE_ASSIGN(updated_at, row.Time(3));
            PrefectureStatisticsRecord record{
                .prefecture_code = std::string(prefecture_code),
                .office = row.OptionalId<MunicipalityId>(0),
                .settings = {.floor = static_cast<int>(*floor), .merge_below_population = *merge_below, .areas = {}},
                .updated_at = *updated_at};
            KASANE_ASSIGN(areas, connection.Execute(kSelectAreas, {prefecture_code}));
            for (const auto& values : areas->rows) {
                const SqlRow area(values);
                KASANE_ASSIGN(name, area.Text(0));
                KASANE_ASSIGN(town, area.Text(1));
                if (record.settings.areas.empty() || record.settings.areas.back().name != *name) {
                    record.settings.areas.push_back({.name = *name, .town_codes = {}});
                }
                record.settings.areas.back().town_codes.push_back(*town);
            }
            out = std::move(record);
            return {};
        });
    }

    Result<std::optional<std::string>> PrefectureOfOffice(MunicipalityId municipality_id) override {
        using Out = std::optional<std::string>;
        return ReadInto<Out>(executor_, [&](SqlConnection& connection, Out& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(kSelectOfficeOf, {municipality_id.value()}));
            if (result->Empty()) return {};
            KASANE_ASSIGN(code, SqlRow(result->rows.front()).Text(0));
            out = *code;
            return {};
        });
    }

    Status PutOffice(std::string_view prefecture_code, MunicipalityId office, Instant at) override {
        return executor_.Write([&](SqlConnection& connection) -> Status {
            const std::string when = FormatIso8601(at);
            auto result = connection.Execute(kUpsertOffice, {prefecture_code, office.value(), when});
            if (!result) {
                if (result.error().Is(ErrorCode::kConflict)) {
                    return Fail(Error::Conflict("この自治体は別の都道府県に指定されています", "municipality_code"));
                }
                return Fail(result.error());
            }
            return {};
        });
    }

    Status PutSettings(std::string_view prefecture_code, const PrefectureStatisticsSettings& settings,
                       Instant at) override {
        return executor_.Write([&](SqlConnection& connection) -> Status {
            const std::string when = FormatIso8601(at);
            KASANE_EXECUTE(connection, kUpsertSettings, prefecture_code, static_cast<std::int64_t>(settings.floor),
                           static_cast<std::int64_t>(settings.merge_below_population), when);
            KASANE_EXECUTE(connection, kDeleteAreas, prefecture_code);
            std::int64_t position = 0;
            for (const domain::RollupArea& area : settings.areas) {
                for (const std::string& town : area.town_codes) {
                    KASANE_EXECUTE(connection, kInsertArea, prefecture_code, town, area.name, position);
                }
                ++position;
            }
            return {};
        });
    }

    Result<std::vector<RollupRelease>> Releases(std::string_view prefecture_code) override {
        using Out = std::vector<RollupRelease>;
        return ReadInto<Out>(executor_, [&](SqlConnection& connection, Out& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(kSelectReleases, {prefecture_code}));
            for (const auto& values : result->rows) {
                const SqlRow row(values);
                KASANE_ASSIGN(first_day, sql_support::RequiredDate(row, 0));
                KASANE_ASSIGN(last_day, sql_support::RequiredDate(row, 1));
                KASANE_ASSIGN(floor, row.Integer(2));
                KASANE_ASSIGN(figures, row.Text(3));
                RollupRelease release{.first_day = *first_day,
                                      .last_day = *last_day,
                                      .floor = static_cast<int>(*floor),
                                      .rows = {},
                                      .totals = {}};
                if (auto parsed = ParseFiguresText(*figures, release); !parsed) return parsed;
                out.push_back(std::move(release));
            }
            return {};
        });
    }

    Result<PrefectureReleaseId> AddRelease(std::string_view prefecture_code, const RollupRelease& release,
                                           Instant at) override {
        return WriteInto<PrefectureReleaseId>(
            executor_, [&](SqlConnection& connection, PrefectureReleaseId& out) -> Status {
                const std::string first_day = sql_support::DateText(release.first_day);
                const std::string last_day = sql_support::DateText(release.last_day);
                const std::string figures = FiguresText(release);
                const std::string when = FormatIso8601(at);
                KASANE_ASSIGN(result, connection.Execute(kInsertRelease,
                                                         {prefecture_code, first_day, last_day,
                                                          static_cast<std::int64_t>(release.floor), figures, when}));
                if (result->Empty()) return Fail(Error::Internal());
                KASANE_ASSIGN(id, SqlRow(result->rows.front()).Id<PrefectureReleaseId>(0));
                out = *id;
                return {};
            });
    }

    Result<std::vector<domain::TownProgramStatus>> Programs(std::string_view prefecture_code) override {
        using Out = std::vector<domain::TownProgramStatus>;
        return ReadInto<Out>(executor_, [&](SqlConnection& connection, Out& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(kSelectPrograms, {prefecture_code}));
            for (const auto& values : result->rows) {
                const SqlRow row(values);
                KASANE_ASSIGN(town, row.Text(0));
                KASANE_ASSIGN(program_code, row.Text(1));
                KASANE_ASSIGN(from_year, row.Integer(2));
                const auto program = domain::ParseTownProgram(*program_code);
                if (!program) return Fail(Error::Internal());
                out.push_back(
                    {.town_code = std::move(*town), .program = *program, .from_year = static_cast<int>(*from_year)});
            }
            return {};
        });
    }

    Status PutPrograms(std::string_view prefecture_code,
                       const std::vector<domain::TownProgramStatus>& programs) override {
        return executor_.Write([&](SqlConnection& connection) -> Status {
            KASANE_EXECUTE(connection, kDeletePrograms, prefecture_code);
            for (const domain::TownProgramStatus& status : programs) {
                KASANE_EXECUTE(connection, kInsertProgram, prefecture_code, status.town_code,
                               domain::TownProgramCode(status.program), static_cast<std::int64_t>(status.from_year));
            }
            return {};
        });
    }

    Result<std::vector<SupportVisit>> Visits(std::string_view prefecture_code) override {
        using Out = std::vector<SupportVisit>;
        return ReadInto<Out>(executor_, [&](SqlConnection& connection, Out& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(kSelectVisits, {prefecture_code}));
            for (const auto& values : result->rows) {
                const SqlRow row(values);
                KASANE_ASSIGN(id, row.Id<SupportVisitId>(0));
                KASANE_ASSIGN(town, row.Text(1));
                KASANE_ASSIGN(visited_on, sql_support::RequiredDate(row, 2));
                KASANE_ASSIGN(purpose_code, row.Text(3));
                KASANE_ASSIGN(notes, row.Text(4));
                KASANE_ASSIGN(recorded_at, row.Time(5));
                const auto purpose = domain::ParseSupportVisitPurpose(*purpose_code);
                if (!purpose) return Fail(Error::Internal());
                out.push_back({.id = *id,
                               .town_code = std::move(*town),
                               .visited_on = *visited_on,
                               .purpose = *purpose,
                               .notes = std::move(*notes),
                               .recorded_at = *recorded_at});
            }
            return {};
        });
    }

    Result<SupportVisit> AddVisit(std::string_view prefecture_code, const SupportVisit& visit) override {
        return WriteInto<SupportVisit>(executor_, [&](SqlConnection& connection, SupportVisit& out) -> Status {
            const std::string visited_on = sql_support::DateText(visit.visited_on);
            const std::string when = FormatIso8601(visit.recorded_at);
            KASANE_ASSIGN(result, connection.Execute(kInsertVisit, {prefecture_code, visit.town_code, visited_on,
                                                                    domain::SupportVisitPurposeCode(visit.purpose),
                                                                    visit.notes, when}));
            if (result->Empty()) return Fail(Error::Internal());
            KASANE_ASSIGN(id, SqlRow(result->rows.front()).Id<SupportVisitId>(0));
            out = visit;
            out.id = *id;
            return {};
        });
    }

private:
    SqlExecutor& executor_;
};

}  // namespace

std::unique_ptr<domain::PrefectureStatisticsRepository> MakePrefectureStatisticsRepository(SqlExecutor& executor);
std::unique_ptr<domain::PrefectureStatisticsRepository> MakePrefectureStatisticsRepository(SqlExecutor& executor) {
    return std::make_unique<SqlPrefectureStatisticsRepository>(executor);
}

}  // namespace kasane::storage
