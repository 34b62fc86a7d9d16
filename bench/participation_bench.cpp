// SPDX-License-Identifier: Apache-2.0
// 参加支援's speed (issue 16: "match suggestions < 50 ms"): a resource directory of 10,000 services (200 hosts of 50
// services each, imported as HSDS in one transaction) and a person with 希望・制約; then the person's 参加支援 as the
// page asks for it (ParticipationMatchService::OfPerson: the access decision, the wishes, every service read from the
// database, ranked, the matches, the audit entries), and the ranking alone (RankSuggestions, in memory). Then the
// directory's search over the same 10,000 services ("search < 20 ms"), as the page /resource-directory and
// GET /api/v1/resources call it (ResourceDirectoryService::Directory) by area, kind, day, free text and all four, and
// unsearched (what the public file /resource-directory/public.html and the 参加支援 page's list are made from); and
// the first request of each after a service is edited (the directory read again).
// Prints "name = value unit" lines (p50 and p99 of each) after the human-readable ones.
// Usage: participation_bench --db sqlite:PATH|postgresql://... [--services N] [--runs R] [--search-runs S]
// (S, default R: fewer for a build that reads the whole directory on every search.)

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "app/services.hpp"
#include "bench_town.hpp"
#include "demo/demo_town.hpp"
#include "domain/participation_match.hpp"
#include "domain/participation_match_service.hpp"
#include "domain/resource_directory.hpp"
#include "domain/resource_directory_service.hpp"

using namespace kasane;

namespace {

domain::UuidSource Counter() {
    auto next = std::make_shared<int>(0);
    return [next] {
        char text[37];
        std::snprintf(text, sizeof text, "00000000-0000-4000-8000-%012d", ++*next);
        return std::string(text);
    };
}

constexpr const char* kAreas[] = {"東浜", "西浜", "中央", "山手", "北町", "南町", "川沿", "丘の上"};
constexpr const char* kDays[] = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};
constexpr const char* kWords[] = {"静か", "本", "動物", "料理", "体を動かす", "土", "手仕事", "子ども"};

}  // namespace

int main(int argc, char** argv) {
    const bench::BenchOptions options(argc, argv);
    const std::string db = options.Text("db");
    const int service_count = static_cast<int>(options.Number("services", 10000));
    const int runs = static_cast<int>(options.Number("runs", 200));
    const int search_runs = static_cast<int>(options.Number("search-runs", runs));
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    if (db.empty()) {
        std::fprintf(stderr, "usage: participation_bench --db URL [--services N] [--runs R]\n");
        return 64;
    }
    auto town = bench::OpenBenchTown(db, "demo-caseworker", "participation-bench");
    if (!town) return 1;
    app::Services& services = *town->services;
    domain::Store& store = *services.store;
    const domain::Actor& actor = town->actor;

    // The directory: 200 hosts of 50 services, kinds, areas, days and hours spread over the town.
    const domain::UuidSource uuids = Counter();
    Json contents = Json::array();
    const int per_host = 50;
    for (int host = 0; host * per_host < service_count; ++host) {
        domain::ResourceOrganization organization = domain::WriteOrganizationForm(
            {.name = "受入先 " + std::to_string(host + 1),
             .sector = domain::kAllHostSectors[host % 7],
             .cooperating = host % 3 == 0 ? domain::CooperatingHost::kYes : domain::CooperatingHost::kNo},
            Json::object(), uuids);
        std::vector<domain::ResourceService> hosted;
        for (int k = 0; k < per_host && host * per_host + k < service_count; ++k) {
            const int n = host * per_host + k;
            domain::ServiceForm form{.name = "活動 " + std::to_string(n + 1) + "（" + kWords[n % 8] + "）",
                                     .description = std::string("地域の") + kWords[(n / 8) % 8] + "の活動",
                                     .status = "active",
                                     .kinds = {domain::kAllResourceKinds[n % 10]},
                                     .areas_served = {kAreas[n % 8], kAreas[(n / 8) % 8]},
                                     .schedule = domain::ResourceSchedule{.days = {kDays[n % 7], kDays[(n + 3) % 7]},
                                                                          .opens_at = n % 2 == 0 ? "09:00" : "13:00",
                                                                          .closes_at = n % 2 == 0 ? "12:00" : "16:00",
                                                                          .description = {}},
                                     .minimum_age = n % 5 == 0 ? std::optional<int>(65) : std::nullopt,
                                     .accessibility = n % 4 == 0 ? "段差なし" : ""};
            hosted.push_back(domain::WriteServiceForm(form, Json::object(), uuids));
        }
        contents.push_back(domain::OrganizationFull(organization, hosted));
    }
    auto start = std::chrono::steady_clock::now();
    auto imported = services.resource_directory->Import(actor, Json{{"contents", contents}});
    if (!imported || !imported->problems.empty()) {
        std::fprintf(stderr, "import: %s\n",
                     imported ? imported->problems.front().message.c_str() : imported.error().message.c_str());
        return 1;
    }
    std::printf("directory: %d services of %d hosts imported in %.1f s\n", imported->services, imported->organizations,
                bench::Milliseconds(std::chrono::steady_clock::now() - start) / 1000.0);

    // A person the caseworker records (so sees in full), with wishes.
    auto created = services.persons->Create(actor, {.family_name = "浜田",
                                                    .given_name = "静",
                                                    .family_name_kana = "ハマダ",
                                                    .given_name_kana = "シズカ",
                                                    .unknown_reasons = {{"phone", domain::UnknownReason::kRefused},
                                                                        {"address", domain::UnknownReason::kRefused},
                                                                        {"birth_date", domain::UnknownReason::kRefused},
                                                                        {"sex", domain::UnknownReason::kRefused}}});
    if (!created) {
        std::fprintf(stderr, "person: %s\n", created.error().message.c_str());
        return 1;
    }
    const std::optional<domain::PersonId> person = created->id;
    const domain::ParticipationWishes wishes{
        .kinds = {domain::ResourceKind::kVolunteer, domain::ResourceKind::kFarmExperience},
        .tags = {"静か", "本", "土"},
        .free_text = "人の少ないところで",
        .areas = {"東浜", "中央"},
        .days = {"TU", "TH", "FR"},
        .earliest = "09:00",
        .latest = "13:00",
        .transport = domain::Transport::kBicycle,
        .age = 24,
        .needs_accessibility = true,
        .host_share = {}};
    domain::ParticipationMatchService& participation = *services.participation;
    if (auto saved = participation.SaveWishes(actor, *person, wishes); !saved) {
        std::fprintf(stderr, "wishes: %s\n", saved.error().message.c_str());
        return 1;
    }

    std::vector<double> page_times;
    std::size_t suggested = 0;
    for (int run = 0; run < runs; ++run) {
        start = std::chrono::steady_clock::now();
        auto view = participation.OfPerson(actor, *person);
        page_times.push_back(bench::Milliseconds(std::chrono::steady_clock::now() - start));
        if (!view) {
            std::fprintf(stderr, "of person: %s\n", view.error().message.c_str());
            return 1;
        }
        suggested = view->suggestions.size();
    }
    std::printf("suggestions shown: %zu (best first)\n", suggested);
    bench::ReportTimes("the person's 参加支援 (OfPerson: read 10,000 services, rank, audit)", page_times);

    // The ranking alone, on the services as read once.
    auto tenant = store.Tenant(town->tenant);
    std::vector<domain::ResourceService> all;
    std::vector<domain::ResourceOrganization> organizations;
    {
        auto view = services.resource_directory->Directory(actor, {});
        if (!view) return 1;
        for (const auto& row : view->services) all.push_back(row.service);
        organizations = view->organizations;
    }
    std::vector<double> rank_times;
    std::size_t ranked = 0;
    for (int run = 0; run < runs; ++run) {
        start = std::chrono::steady_clock::now();
        ranked = domain::RankSuggestions(wishes, all, organizations).size();
        rank_times.push_back(bench::Milliseconds(std::chrono::steady_clock::now() - start));
    }
    std::printf("services that fit: %zu of %zu\n", ranked, all.size());
    bench::ReportTimes("RankSuggestions alone (in memory)", rank_times);

    // The directory's search, as the page and the API call it.
    struct Search {
        const char* name;
        domain::ResourceSearch search;
    };
    const std::vector<Search> searches{
        {"search_area", {.area = "東浜", .kind = std::nullopt, .day = std::nullopt, .text = {}}},
        {"search_kind", {.area = std::nullopt, .kind = domain::ResourceKind::kFarmExperience, .day = {}, .text = {}}},
        {"search_day", {.area = std::nullopt, .kind = std::nullopt, .day = "TH", .text = {}}},
        {"search_text", {.area = std::nullopt, .kind = std::nullopt, .day = std::nullopt, .text = "動物"}},
        {"search_all_four", {.area = "中央", .kind = domain::ResourceKind::kVolunteer, .day = "TU", .text = "活動"}},
        {"directory_unsearched", {}},
    };
    domain::ResourceDirectoryService& directory = *services.resource_directory;
    std::vector<std::pair<std::string, double>> lines;
    const auto quantile = [](std::vector<double> times, double q) {
        std::ranges::sort(times);
        return times[std::min(times.size() - 1, static_cast<std::size_t>(q * static_cast<double>(times.size())))];
    };
    for (const Search& search : searches) {
        std::vector<double> times;
        std::size_t found = 0;
        for (int run = 0; run < search_runs; ++run) {
            start = std::chrono::steady_clock::now();
            auto view = directory.Directory(actor, search.search);
            times.push_back(bench::Milliseconds(std::chrono::steady_clock::now() - start));
            if (!view) {
                std::fprintf(stderr, "%s: %s\n", search.name, view.error().message.c_str());
                return 1;
            }
            found = view->services.size();
        }
        std::printf("%s: %zu of %zu services\n", search.name, found, all.size());
        bench::ReportTimes(search.name, times);
        lines.emplace_back(std::string(search.name) + "_p50", quantile(times, 0.50));
        lines.emplace_back(std::string(search.name) + "_p99", quantile(times, 0.99));
    }

    // The first request after a change: one service edited, then the search, then the person's 参加支援.
    std::vector<double> search_after_change;
    std::vector<double> suggestions_after_change;
    const int changes = std::min(runs, 10);
    for (int run = 0; run < changes; ++run) {
        const domain::ResourceService& edited = all[static_cast<std::size_t>(run * 997) % all.size()];
        domain::ServiceForm form = domain::FormOf(edited);
        form.description = "変更 " + std::to_string(run + 1);
        if (auto saved = directory.SaveService(actor, edited.id, edited.organization_id, form); !saved) {
            std::fprintf(stderr, "edit: %s\n", saved.error().message.c_str());
            return 1;
        }
        start = std::chrono::steady_clock::now();
        if (!directory.Directory(actor, searches.front().search)) return 1;
        search_after_change.push_back(bench::Milliseconds(std::chrono::steady_clock::now() - start));
        if (auto saved = directory.SaveService(actor, edited.id, edited.organization_id, domain::FormOf(edited));
            !saved) {
            return 1;
        }
        start = std::chrono::steady_clock::now();
        if (!participation.OfPerson(actor, *person)) return 1;
        suggestions_after_change.push_back(bench::Milliseconds(std::chrono::steady_clock::now() - start));
    }
    bench::ReportTimes("search_area, the first after a service is edited", search_after_change);
    bench::ReportTimes("OfPerson, the first after a service is edited", suggestions_after_change);

    lines.emplace(lines.begin(), "suggestions_of_person_p50", quantile(page_times, 0.50));
    lines.emplace(lines.begin() + 1, "suggestions_of_person_p99", quantile(page_times, 0.99));
    lines.emplace(lines.begin() + 2, "rank_suggestions_alone_p50", quantile(rank_times, 0.50));
    lines.emplace(lines.begin() + 3, "rank_suggestions_alone_p99", quantile(rank_times, 0.99));
    lines.emplace_back("search_after_change_p50", quantile(search_after_change, 0.50));
    lines.emplace_back("search_after_change_max", quantile(search_after_change, 1.0));
    lines.emplace_back("suggestions_after_change_p50", quantile(suggestions_after_change, 0.50));
    lines.emplace_back("suggestions_after_change_max", quantile(suggestions_after_change, 1.0));
    for (const auto& [name, value] : lines) std::printf("%s = %.2f ms\n", name.c_str(), value);
    return 0;
}
