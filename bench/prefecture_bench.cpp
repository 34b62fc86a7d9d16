// SPDX-License-Identifier: Apache-2.0
// 県の集計's speed (issue 17, item 6: "the prefecture roll-up over 19 towns < 1 s"): the demo town as 鳥取県's office
// and 18 more towns of the prefecture (added by the operator with their population, their figures empty), then the
// roll-up of the 年度 as the page asks for it (PrefectureStatistics::Rollup: the office looked up, each town's counts
// read by the 年度集計's own rules, the population, the releases, RollUpPrefecture, the release recorded when new, the
// audit entry), and RollUpPrefecture alone (in memory) over 19 towns of figures.
// With --persons N --contacts M, each of the 19 towns is first given N persons (in households of one to four) and M
// consultations of one contact each over the 年度, on persons of the town, with channels, sources and categories
// spread, so that every town's 年度集計 reads a town's year (the generated "town" scale has 15,000 persons and
// 15,000 contacts a year). Filled once: a town that holds persons already is left as it is.
// Usage: prefecture_bench --db sqlite:PATH|postgresql://... [--runs R] [--year 2024] [--persons N --contacts M]

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "app/services.hpp"
#include "bench_town.hpp"
#include "domain/intake.hpp"
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

double Seconds(std::chrono::steady_clock::duration d) { return std::chrono::duration<double>(d).count(); }

// Gives the town `persons` persons in households and `contacts` consultations of one contact each over the 年度
// `year`, received by `user`. Deterministic.
Status FillTown(domain::TenantStore& tenant, const domain::User& user, int year, long long persons,
                long long contacts) {
    auto categories = tenant.Categories().List();
    if (!categories) return Fail(categories.error());
    static constexpr std::array kFamily{"佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤"};
    static constexpr std::array kFamilyKana{"サトウ",   "スズキ",   "タカハシ", "タナカ",   "イトウ",
                                            "ワタナベ", "ヤマモト", "ナカムラ", "コバヤシ", "カトウ"};
    static constexpr std::array kGiven{"和子", "花子", "一郎", "健太", "美咲", "翔太", "陽子", "誠", "恵", "大輔"};
    static constexpr std::array kGivenKana{"カズコ",   "ハナコ", "イチロウ", "ケンタ", "ミサキ",
                                           "ショウタ", "ヨウコ", "マコト",   "メグミ", "ダイスケ"};
    const Instant created = std::chrono::sys_days{std::chrono::year{year} / 4 / 1} - std::chrono::days{30};
    std::vector<domain::PersonId> ids;
    constexpr long long kBatch = 5000;
    for (long long done = 0; done < persons;) {
        std::vector<domain::NewPerson> batch;
        const long long count = std::min(kBatch, persons - done);
        for (long long i = 0; i < count; ++i) {
            const long long n = done + i;
            domain::Person person;
            person.data.family_name = kFamily[static_cast<std::size_t>(n % 10)];
            person.data.given_name = kGiven[static_cast<std::size_t>(n / 10 % 10)];
            person.data.family_name_kana = kFamilyKana[static_cast<std::size_t>(n % 10)];
            person.data.given_name_kana = kGivenKana[static_cast<std::size_t>(n / 10 % 10)];
            person.data.birth_date = Date{std::chrono::year{1930 + static_cast<int>(n % 80)},
                                          std::chrono::month{static_cast<unsigned>(n % 12 + 1)},
                                          std::chrono::day{static_cast<unsigned>(n % 28 + 1)}};
            if (n % 9 == 0) person.data.unknown_reasons["phone"] = domain::UnknownReason::kNotAsked;
            person.created_by_organization_id = user.organization_id;
            person.created_by_user_id = user.id;
            person.created_at = created;
            person.updated_at = created;
            batch.push_back({.person = person, .keys = domain::PersonService::KeysOf(person.data)});
        }
        auto created_ids = tenant.Persons().CreateMany(batch);
        if (!created_ids) return Fail(created_ids.error());
        ids.insert(ids.end(), created_ids->begin(), created_ids->end());
        done += count;
    }
    // Households of 1 to 4 consecutive persons.
    std::vector<domain::Household> households;
    std::vector<std::optional<domain::HouseholdId>> household_of(ids.size());
    std::vector<std::size_t> first_of_household;
    for (std::size_t i = 0; i < ids.size();) {
        const std::size_t size = std::min<std::size_t>(i % 4 + 1, ids.size() - i);
        domain::Household household{
            .name = "試験世帯", .created_by_organization_id = user.organization_id, .created_at = created};
        for (std::size_t m = 0; m < size; ++m) {
            household.members.push_back(
                {.person_id = ids[i + m],
                 .relationship = m == 0 ? domain::Relationship::kHead : domain::Relationship::kChild,
                 .is_head = m == 0});
        }
        households.push_back(std::move(household));
        first_of_household.push_back(i);
        i += size;
        if (households.size() == 2000 || i >= ids.size()) {
            auto household_ids = tenant.Households().CreateMany(households);
            if (!household_ids) return Fail(household_ids.error());
            for (std::size_t h = 0; h < household_ids->size(); ++h) {
                const std::size_t first = first_of_household[h];
                const std::size_t members = households[h].members.size();
                for (std::size_t m = 0; m < members; ++m) household_of[first + m] = (*household_ids)[h];
            }
            households.clear();
            first_of_household.clear();
        }
    }
    // Consultations over the 年度 (minutes apart from 09:00 JST on April 1), on persons in turn.
    const Instant first = std::chrono::sys_days{std::chrono::year{year} / 4 / 1};
    const long long minutes_in_year = 365LL * 24 * 60;
    constexpr std::array kChannels{domain::Channel::kPhone, domain::Channel::kVisit, domain::Channel::kHomeVisit};
    constexpr std::array kSources{domain::Source::kSelf, domain::Source::kFamily, domain::Source::kAgency};
    for (long long done = 0; done < contacts;) {
        std::vector<domain::Consultation> batch;
        const long long count = std::min(kBatch, contacts - done);
        for (long long i = 0; i < count; ++i) {
            const long long n = done + i;
            const Instant at = first + std::chrono::minutes{n * 7919 % minutes_in_year};
            const std::size_t who =
                ids.empty() ? 0 : static_cast<std::size_t>(n * 31 % static_cast<long long>(ids.size()));
            domain::Consultation consultation;
            consultation.receiving_organization_id = user.organization_id;
            consultation.received_by_user_id = user.id;
            if (!ids.empty()) {
                consultation.person_id = ids[who];
                consultation.household_id = household_of[who];
            }
            consultation.chief_complaint = "暮らしの困りごと（県の集計の検証用）";
            if (!categories->empty()) {
                domain::CategoryChoice choice;
                choice.category_id = (*categories)[static_cast<std::size_t>(n) % categories->size()].id;
                choice.most_pressing = true;
                consultation.categories.push_back(choice);
            }
            consultation.created_at = at;
            domain::Contact contact;
            contact.occurred_at = at;
            contact.channel = kChannels[static_cast<std::size_t>(n % 3)];
            contact.source = kSources[static_cast<std::size_t>(n / 3 % 3)];
            contact.organization_id = user.organization_id;
            contact.staff_user_id = user.id;
            contact.summary = "相談を受けた。";
            contact.recorded_at = at;
            consultation.contacts.push_back(std::move(contact));
            batch.push_back(std::move(consultation));
        }
        auto created_consultations = tenant.Consultations().CreateMany(batch);
        if (!created_consultations) return Fail(created_consultations.error());
        (void)created_consultations;
        done += count;
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
    const long long persons = options.Number("persons", 0);
    const long long contacts = options.Number("contacts", 0);
    bool first_run = false;  // the towns were added now (a second run on the same database fills nothing)
    std::vector<std::string> codes;
    for (int t = 0, number = 400; t < 18; ++number) {
        const std::string code = TownCode(number);
        if (code.empty()) continue;
        ++t;
        codes.push_back(code);
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
        if (added) first_run = true;
    }
    if (first_run && (persons > 0 || contacts > 0)) {
        const auto fill_start = std::chrono::steady_clock::now();
        auto municipalities = services.store->Municipalities().List();
        if (!municipalities) return 1;
        for (const domain::Municipality& municipality : *municipalities) {
            const bool office = municipality.id == town->tenant;
            if (!office && std::find(codes.begin(), codes.end(), municipality.code) == codes.end()) continue;
            auto tenant = services.store->Tenant(municipality.id);
            auto users = tenant->Users().List();
            if (!users || users->empty()) return 1;
            const domain::User& user = office ? town->user : users->front();
            if (auto filled = FillTown(*tenant, user, year, persons, contacts); !filled) {
                std::fprintf(stderr, "fill %s: %s\n", municipality.code.c_str(), filled.error().message.c_str());
                return 1;
            }
        }
        std::printf("fill_seconds = %.1f s (19 towns, %lld persons and %lld contacts each)\n",
                    Seconds(std::chrono::steady_clock::now() - fill_start), persons, contacts);
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
