// SPDX-License-Identifier: Apache-2.0
// 県の集計's speed (issue 17, item 6: "the prefecture roll-up over 19 towns < 1 s"): the demo town as 鳥取県's office
// and 18 more towns of the prefecture (added by the operator with their population, their figures empty), then the
// roll-up of the 年度 as the page asks for it (PrefectureStatistics::Rollup: the office looked up, each town's counts
// read by the 年度集計's own rules, the population, the releases, RollUpPrefecture, the release recorded when new, the
// audit entry), and RollUpPrefecture alone (in memory) over 19 towns of figures.
// Usage: prefecture_bench --db sqlite:PATH|postgresql://... [--runs R] [--year 2024]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "app/services.hpp"
#include "bench_town.hpp"
#include "domain/master_data.hpp"
#include "domain/prefecture_rollup.hpp"
#include "domain/prefecture_statistics.hpp"

using namespace kasane;

namespace {

// A valid 団体コード of prefecture 31 from a 3-digit town number: the check digit found by the rule itself.
std::string TownCode(int number) {
    char five[16];
    std::snprintf(five, sizeof five, "31%03d", number);
    for (char digit = '0'; digit <= '9'; ++digit) {
        const std::string code = std::string(five) + digit;
        if (domain::ValidateLocalGovernmentCode(code)) return code;
    }
    return {};
}

}  // namespace

int main(int argc, char** argv) {
    const bench::BenchOptions options(argc, argv);
    const std::string db = options.Text("db");
    const int runs = static_cast<int>(options.Number("runs", 20));
    const int year = static_cast<int>(options.Number("year", 2024));
    if (db.empty()) {
        std::fprintf(stderr, "usage: prefecture_bench --db URL [--runs R] [--year Y]\n");
        return 2;
    }
    auto town = bench::OpenBenchTown(db, "demo-admin", "prefecture-bench");
    if (!town) return 1;
    app::Services& services = *town->services;
    domain::PrefectureStatistics& prefecture = *services.prefecture;
    if (auto office = prefecture.DesignateOffice(town->actor, "31", "319996"); !office) {
        std::fprintf(stderr, "office: %s\n", office.error().message.c_str());
        return 1;
    }
    for (int t = 0, number = 400; t < 18; ++number) {
        const std::string code = TownCode(number);
        if (code.empty()) continue;
        ++t;
        domain::TownSetupRequest request{.code = code,
                                         .name = "試験町" + std::to_string(t),
                                         .prefecture_name = "鳥取県",
                                         .figures = {{.fiscal_year = year,
                                                      .population = 3000 + t * 1000,
                                                      .households = 1200 + t * 400,
                                                      .aging_rate_permille = 380}},
                                         .organization_name = "福祉課",
                                         .admin_username = "bench-admin-" + code,
                                         .admin_display_name = "試験 管理者",
                                         .admin_password = "correct horse battery"};
        auto added = services.operator_console->AddTown(town->actor.principal, request, "127.0.0.1");
        if (!added && !added.error().Is(ErrorCode::kConflict)) {
            std::fprintf(stderr, "town %s: %s\n", code.c_str(), added.error().message.c_str());
            return 1;
        }
    }
    auto analysts = services.store->Tenant(town->tenant)->Users().List();
    if (!analysts) return 1;
    domain::Actor analyst = town->actor;
    for (const domain::User& user : *analysts) {
        if (user.username == "demo-analyst") analyst.principal = {.user = user};
    }
    auto period = domain::FiscalYearPeriod(year);
    if (!period) return 1;

    std::vector<double> times;
    std::size_t rows = 0;
    for (int run = 0; run < runs; ++run) {
        const auto start = std::chrono::steady_clock::now();
        auto rollup = prefecture.Rollup(analyst, *period);
        times.push_back(bench::Milliseconds(std::chrono::steady_clock::now() - start));
        if (!rollup) {
            std::fprintf(stderr, "rollup: %s\n", rollup.error().message.c_str());
            return 1;
        }
        rows = rollup->rows.size();
    }
    std::printf("towns in the roll-up: %zu\n", rows);
    bench::ReportTimes("PrefectureStatistics::Rollup (19 towns read from the database)", times);

    // The rules alone, over 19 towns of figures.
    std::vector<domain::TownRollupInput> inputs;
    for (int t = 0; t < 19; ++t) {
        inputs.push_back({.code = TownCode(400 + t),
                          .name = "町" + std::to_string(t),
                          .population = 3000 + t * 1000,
                          .figures = std::vector<long long>(domain::RollupMeasures().size(), (t * 7) % 40)});
    }
    std::vector<double> pure;
    for (int run = 0; run < 200; ++run) {
        const auto start = std::chrono::steady_clock::now();
        auto rollup = domain::RollUpPrefecture(*period, inputs, {}, {});
        pure.push_back(bench::Milliseconds(std::chrono::steady_clock::now() - start));
        if (rollup.rows.empty()) return 1;
    }
    bench::ReportTimes("RollUpPrefecture (19 towns, in memory)", pure);
    return 0;
}
