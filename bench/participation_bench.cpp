// SPDX-License-Identifier: Apache-2.0
// 参加支援's speed (issue 16: "match suggestions < 50 ms"): a resource directory of 10,000 services (200 hosts of 50
// services each, imported as HSDS in one transaction) and a person with 希望・制約; then the person's 参加支援 as the
// page asks for it (ParticipationMatchService::OfPerson: the access decision, the wishes, every service read from the
// database, ranked, the matches, the audit entries), and the ranking alone (RankSuggestions, in memory).
// Usage: participation_bench --db sqlite:PATH|postgresql://... [--services N] [--runs R]

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
        for (auto& row : view->services) all.push_back(std::move(row.service));
        organizations = std::move(view->organizations);
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
    return 0;
}
