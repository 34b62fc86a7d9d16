// SPDX-License-Identifier: Apache-2.0
// A timing harness for the intake storage, not part of CTest: loads a synthetic municipality (persons with search
// keys, consultations with contacts over one fiscal year) straight into the tables, then times FindByGrams,
// CountConsultations and AuditRepository::Append through the real repositories.
//
//   storage_bench sqlite:/tmp/bench.db [persons] [contacts]
//   storage_bench postgresql://…      [persons] [contacts]     (an empty database)

#include <libpq-fe.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/log.hpp"
#include "domain/repositories.hpp"
#include "storage/open_store.hpp"

namespace {

using namespace kasane;
using SteadyClock = std::chrono::steady_clock;

double MillisecondsSince(SteadyClock::time_point start) {
    return std::chrono::duration<double, std::milli>(SteadyClock::now() - start).count();
}

// Bulk rows into one table: SQLite through a prepared INSERT in one transaction, PostgreSQL through COPY.
class Loader {
public:
    explicit Loader(const std::string& url) : sqlite_(url.starts_with("sqlite:")) {
        if (sqlite_) {
            if (sqlite3_open(url.substr(7).c_str(), &db_) != SQLITE_OK) throw std::runtime_error("open");
            Exec("PRAGMA foreign_keys = OFF; PRAGMA synchronous = OFF; BEGIN");
        } else {
            conn_ = PQconnectdb(url.c_str());
            if (PQstatus(conn_) != CONNECTION_OK) throw std::runtime_error(PQerrorMessage(conn_));
            Exec("SET session_replication_role = replica; BEGIN");  // no FK triggers while loading
        }
    }
    ~Loader() {
        if (db_ != nullptr) sqlite3_close(db_);
        if (conn_ != nullptr) PQfinish(conn_);
    }

    void Exec(const std::string& sql) {
        if (sqlite_) {
            char* message = nullptr;
            if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
                throw std::runtime_error(sql + ": " + (message ? message : ""));
            }
        } else {
            PGresult* result = PQexec(conn_, sql.c_str());
            const auto status = PQresultStatus(result);
            PQclear(result);
            if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
                throw std::runtime_error(sql + ": " + PQerrorMessage(conn_));
            }
        }
    }

    void Begin(const std::string& table, const std::vector<std::string>& columns) {
        std::string list;
        std::string marks;
        for (const auto& column : columns) {
            list += (list.empty() ? "" : ", ") + column;
            marks += marks.empty() ? "?" : ", ?";
        }
        if (sqlite_) {
            const std::string sql = "INSERT INTO " + table + " (" + list + ") VALUES (" + marks + ")";
            if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &insert_, nullptr) != SQLITE_OK) {
                throw std::runtime_error(sql + ": " + sqlite3_errmsg(db_));
            }
        } else {
            PGresult* result = PQexec(conn_, ("COPY " + table + " (" + list + ") FROM STDIN").c_str());
            if (PQresultStatus(result) != PGRES_COPY_IN) throw std::runtime_error(PQerrorMessage(conn_));
            PQclear(result);
        }
    }

    // nullopt is NULL; values must not contain tabs, newlines or backslashes.
    void Row(const std::vector<std::optional<std::string>>& values) {
        if (sqlite_) {
            for (std::size_t i = 0; i < values.size(); ++i) {
                const int index = static_cast<int>(i) + 1;
                if (!values[i]) {
                    sqlite3_bind_null(insert_, index);
                } else if (!values[i]->empty() && values[i]->find_first_not_of("-0123456789") == std::string::npos &&
                           values[i]->size() < 18 && (*values[i])[0] != '0' &&
                           values[i]->find('-', 1) == std::string::npos) {
                    sqlite3_bind_int64(insert_, index, std::stoll(*values[i]));
                } else if (*values[i] == "0") {
                    sqlite3_bind_int64(insert_, index, 0);
                } else {
                    sqlite3_bind_text(insert_, index, values[i]->c_str(), -1, SQLITE_TRANSIENT);
                }
            }
            if (sqlite3_step(insert_) != SQLITE_DONE) throw std::runtime_error(sqlite3_errmsg(db_));
            sqlite3_reset(insert_);
        } else {
            line_.clear();
            for (std::size_t i = 0; i < values.size(); ++i) {
                if (i > 0) line_ += '\t';
                line_ += values[i] ? *values[i] : "\\N";
            }
            line_ += '\n';
            if (PQputCopyData(conn_, line_.data(), static_cast<int>(line_.size())) != 1) {
                throw std::runtime_error(PQerrorMessage(conn_));
            }
        }
    }

    void End() {
        if (sqlite_) {
            sqlite3_finalize(insert_);
            insert_ = nullptr;
        } else {
            if (PQputCopyEnd(conn_, nullptr) != 1) throw std::runtime_error(PQerrorMessage(conn_));
            PGresult* result = PQgetResult(conn_);
            const auto status = PQresultStatus(result);
            PQclear(result);
            while ((result = PQgetResult(conn_)) != nullptr) PQclear(result);
            if (status != PGRES_COMMAND_OK) throw std::runtime_error(PQerrorMessage(conn_));
        }
    }

    void Commit() { Exec("COMMIT"); }

private:
    bool sqlite_;
    sqlite3* db_ = nullptr;
    sqlite3_stmt* insert_ = nullptr;
    PGconn* conn_ = nullptr;
    std::string line_;
};

const std::vector<std::string> kFamilies{
    "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤", "吉田", "山田", "佐々",
    "山口", "松本", "井上", "木村", "林田", "斎藤", "清水", "山崎", "森田", "池田", "橋本", "阿部", "石川",
    "山下", "中島", "石井", "小川", "前田", "岡田", "長谷", "藤田", "後藤", "近藤", "村上", "遠藤", "青木",
    "坂本", "斉藤", "福田", "太田", "西村", "藤井", "金子", "岡本", "藤原", "中野", "三浦"};
const std::vector<std::string> kGivens{"花子", "太郎", "一郎", "次郎", "洋子", "和子", "幸子", "節子", "明美", "恵子",
                                       "直子", "裕子", "浩二", "健一", "誠一", "博之", "秀樹", "正男", "清子", "春美",
                                       "大輔", "翔太", "陽菜", "結衣", "蓮斗", "悠真", "美咲", "愛子", "茂雄", "勝也",
                                       "広志", "久美", "智子", "由美", "真理", "聡子", "隆之", "雅人", "哲也", "純子"};

std::string Iso(int day_of_year, int second) {
    // 2024-04-01 00:00 JST = 2024-03-31T15:00Z, plus days and seconds.
    const auto base = std::chrono::sys_days{std::chrono::year{2024} / 3 / 31} + std::chrono::hours{15};
    const auto at = base + std::chrono::days{day_of_year} + std::chrono::seconds{second};
    return FormatIso8601(std::chrono::time_point_cast<std::chrono::milliseconds>(at));
}

void Percentiles(const char* what, std::vector<double> times) {
    std::sort(times.begin(), times.end());
    auto at = [&](double q) { return times[static_cast<std::size_t>(q * static_cast<double>(times.size() - 1))]; };
    std::printf("%-46s n=%zu p50=%.2f ms p99=%.2f ms max=%.2f ms\n", what, times.size(), at(0.5), at(0.99),
                times.back());
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: storage_bench URL [persons] [contacts]\n");
        return 2;
    }
    SetLogLevel(LogLevel::kWarning);
    const std::string url = argv[1];
    const int persons = argc > 2 ? std::stoi(argv[2]) : 200'000;
    const int contacts = argc > 3 ? std::stoi(argv[3]) : 1'000'000;
    auto opened = storage::OpenStore(url, storage::StoreOptions{.pool_size = 4});
    if (!opened) {
        std::fprintf(stderr, "%s\n", opened.error().message.c_str());
        return 1;
    }
    auto& store = **opened;
    if (auto migrated = store.Migrate(); !migrated) {
        std::fprintf(stderr, "%s\n", migrated.error().message.c_str());
        return 1;
    }
    auto municipality = store.Municipalities()
                            .Create(domain::Municipality{
                                .code = "399999", .name = "ベンチ町", .prefecture_name = "鳥取県", .fictional = true})
                            .value();
    auto tenant = store.Tenant(municipality.id);
    std::vector<domain::Organization> organizations;
    std::vector<domain::User> users;
    for (int i = 0; i < 5; ++i) {
        organizations.push_back(tenant->Organizations()
                                    .Create(domain::OrganizationKind::kMunicipalDivision, "機関" + std::to_string(i))
                                    .value());
        users.push_back(tenant->Users()
                            .Create(domain::NewUser{.organization_id = organizations.back().id,
                                                    .username = "bench" + std::to_string(i),
                                                    .display_name = "職員",
                                                    .roles = {domain::Role::kCaseworker},
                                                    .password_hash = "h"},
                                    Instant{})
                            .value());
    }
    std::vector<domain::SeedCategory> seeds;
    std::vector<std::string> codes;
    for (int i = 0; i < 12; ++i) codes.push_back("c" + std::to_string(i));
    for (const auto& code : codes) seeds.push_back({code, code});
    (void)tenant->Categories().EnsureSeeded(seeds);
    const auto categories = tenant->Categories().List().value();

    std::mt19937_64 random(42);
    const std::string m = std::to_string(municipality.id);
    const std::string org0 = std::to_string(organizations[0].id);
    const std::string user0 = std::to_string(users[0].id);
    auto load_start = SteadyClock::now();
    {
        Loader loader(url);
        // Persons get ids 1…N (an empty database), with their search rows and name postings.
        loader.Begin("persons", {"id",
                                 "municipality_id",
                                 "family_name",
                                 "given_name",
                                 "family_name_kana",
                                 "given_name_kana",
                                 "reading_self_reported",
                                 "birth_date",
                                 "phone",
                                 "contact_notes",
                                 "address_prefecture",
                                 "address_municipality",
                                 "address_town",
                                 "address_block",
                                 "address_building",
                                 "resides_elsewhere",
                                 "unknown_reasons",
                                 "dv_protected",
                                 "created_by_organization_id",
                                 "created_by_user_id",
                                 "created_at",
                                 "updated_at",
                                 "version"});
        std::vector<std::pair<std::string, std::string>> names;
        for (int id = 1; id <= persons; ++id) {
            const auto& family = kFamilies[random() % kFamilies.size()];
            const auto& given = kGivens[random() % kGivens.size()];
            names.emplace_back(family, given);
            char birth[16];
            std::snprintf(birth, sizeof birth, "%04d-%02d-%02d", 1930 + static_cast<int>(random() % 80),
                          1 + static_cast<int>(random() % 12), 1 + static_cast<int>(random() % 28));
            loader.Row({std::to_string(id),
                        m,
                        family,
                        given,
                        "",
                        "",
                        "",
                        std::string(birth),
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "0",
                        "{}",
                        "0",
                        org0,
                        user0,
                        Iso(0, 0),
                        Iso(0, 0),
                        "1"});
        }
        loader.End();
        loader.Begin("person_search", {"person_id", "municipality_id", "name_key", "kana_key", "reading_key",
                                       "address_key", "phone_key", "grams", "address_grams"});
        auto grams_of = [](const std::string& family, const std::string& given) {
            // Each name here is 4 characters of 3 bytes: grams are the 3 adjacent pairs.
            const std::string key = family + given;
            std::vector<std::string> grams{key.substr(0, 6), key.substr(3, 6), key.substr(6, 6)};
            std::sort(grams.begin(), grams.end());
            grams.erase(std::unique(grams.begin(), grams.end()), grams.end());
            return grams;
        };
        for (int id = 1; id <= persons; ++id) {
            const auto& [family, given] = names[static_cast<std::size_t>(id - 1)];
            loader.Row({std::to_string(id), m, family + given, "", "", "", std::to_string(random() % 1'000'000'000),
                        nlohmann::json(grams_of(family, given)).dump(), "[]"});
        }
        loader.End();
        loader.Begin("person_grams", {"municipality_id", "field", "gram", "person_id"});
        for (int id = 1; id <= persons; ++id) {
            const auto& [family, given] = names[static_cast<std::size_t>(id - 1)];
            for (const auto& gram : grams_of(family, given)) loader.Row({m, "n", gram, std::to_string(id)});
        }
        loader.End();
        // Consultations of 1–5 contacts over one fiscal year; half with a household, 1–2 categories each.
        const int households = std::max(persons / 4, 1);
        loader.Begin("households",
                     {"id", "municipality_id", "name", "notes", "created_by_organization_id", "created_at", "version"});
        for (int id = 1; id <= households; ++id) {
            loader.Row({std::to_string(id), m, "世帯", "", org0, Iso(0, 0), "1"});
        }
        loader.End();
        const char* channels[] = {"visit", "phone", "home_visit", "email", "via_agency", "other"};
        const char* sources[] = {"self", "family", "neighbor", "welfare_volunteer", "agency"};
        const char* outcomes[] = {"open", "information_provided", "referred", "escalated"};
        struct Planned {
            int person;
            std::optional<std::string> household;
            int contacts;
            const char* outcome = "open";
            std::string category_ids;
        };
        std::vector<Planned> planned;
        for (int total = 0; total < contacts;) {
            const int count = std::min(1 + static_cast<int>(random() % 5), contacts - total);
            planned.push_back({1 + static_cast<int>(random() % static_cast<unsigned>(persons)),
                               random() % 2 ? std::optional<std::string>(
                                                  std::to_string(1 + random() % static_cast<unsigned>(households)))
                                            : std::nullopt,
                               count});
            total += count;
        }
        loader.Begin("consultations",
                     {"id", "municipality_id", "receiving_organization_id", "received_by_user_id", "person_id",
                      "household_id", "chief_complaint", "outcome", "outcome_note", "created_at", "version"});
        for (std::size_t i = 0; i < planned.size(); ++i) {
            const std::size_t org = random() % organizations.size();
            planned[i].outcome = outcomes[random() % 4];
            loader.Row({std::to_string(i + 1), m, std::to_string(organizations[org].id), std::to_string(users[org].id),
                        std::to_string(planned[i].person), planned[i].household, "主訴", planned[i].outcome, "",
                        Iso(0, 0), "1"});
        }
        loader.End();
        loader.Begin("consultation_categories", {"consultation_id", "municipality_id", "category_id", "most_pressing"});
        for (std::size_t i = 0; i < planned.size(); ++i) {
            const std::size_t first = random() % categories.size();
            loader.Row({std::to_string(i + 1), m, std::to_string(categories[first].id), "1"});
            planned[i].category_ids = std::to_string(categories[first].id);
            if (random() % 2) {
                const auto second = categories[(first + 1) % categories.size()].id;
                loader.Row({std::to_string(i + 1), m, std::to_string(second), "0"});
                planned[i].category_ids = std::to_string(std::min(categories[first].id, second)) + "," +
                                          std::to_string(std::max(categories[first].id, second));
            }
        }
        loader.End();
        loader.Begin("contacts",
                     {"municipality_id", "consultation_id", "person_id", "household_id", "occurred_at", "channel",
                      "source", "caller_name", "caller_relationship", "caller_phone", "organization_id",
                      "staff_user_id", "summary", "summary_tag", "recorded_at", "outcome", "category_ids"});
        for (std::size_t i = 0; i < planned.size(); ++i) {
            const int day = static_cast<int>(random() % 360);
            for (int k = 0; k < planned[i].contacts; ++k) {
                const std::size_t org = random() % organizations.size();
                const std::string at = Iso(std::min(day + k, 364), static_cast<int>(random() % 86'000));
                loader.Row({m, std::to_string(i + 1), std::to_string(planned[i].person), planned[i].household, at,
                            channels[random() % 6], sources[random() % 5], "", "", "",
                            std::to_string(organizations[org].id), std::to_string(users[org].id), "要旨", "fact", at,
                            planned[i].outcome, planned[i].category_ids});
            }
        }
        loader.End();
        loader.Commit();
        if (!url.starts_with("sqlite:")) {
            // What autovacuum would have done by the time anyone searches: statistics and the visibility map
            // (index-only scans of the posting lists skip the heap only once pages are marked all-visible).
            PGconn* conn = PQconnectdb(url.c_str());
            for (const char* table : {"persons", "person_search", "person_grams", "consultations",
                                      "consultation_categories", "contacts", "households"}) {
                PQclear(PQexec(conn, (std::string("VACUUM (FREEZE, ANALYZE) ") + table).c_str()));
            }
            PQfinish(conn);
        }
        std::printf("loaded %d persons, %zu consultations, %d contacts in %.1f s\n", persons, planned.size(), contacts,
                    MillisecondsSince(load_start) / 1000);
    }

    using Field = domain::PersonRepository::SearchField;
    // Warm the caches once, as a running server would be.
    (void)tenant->Persons().FindByGrams({"佐藤"}, Field::kName, 50);
    (void)tenant->Reports().CountConsultations(Instant{}, Instant{} + std::chrono::days{1});
    std::vector<double> one_gram;
    std::vector<double> two_grams;
    std::vector<double> rare_gram;
    std::size_t hits = 0;
    for (int i = 0; i < 200; ++i) {
        const auto& family = kFamilies[static_cast<std::size_t>(i) % kFamilies.size()];
        const auto& given = kGivens[static_cast<std::size_t>(i * 7) % kGivens.size()];
        auto start = SteadyClock::now();
        auto found = tenant->Persons().FindByGrams({family}, Field::kName, 50);
        one_gram.push_back(MillisecondsSince(start));
        if (!found) return 1;
        hits += found->size();
        start = SteadyClock::now();
        found = tenant->Persons().FindByGrams({family, given}, Field::kName, 50);
        two_grams.push_back(MillisecondsSince(start));
        if (!found) return 1;
        const std::string key = family + given;
        start = SteadyClock::now();
        found = tenant->Persons().FindByGrams({family, key.substr(3, 6), given}, Field::kName, 50);
        rare_gram.push_back(MillisecondsSince(start));
        if (!found) return 1;
    }
    Percentiles("FindByGrams 1 gram (2-char query), limit 50", one_gram);
    Percentiles("FindByGrams 2 grams, limit 50", two_grams);
    Percentiles("FindByGrams 3 grams (full name), limit 50", rare_gram);
    std::printf("  (average hits per 1-gram query: %.1f)\n", static_cast<double>(hits) / 200);

    const auto from = std::chrono::time_point_cast<std::chrono::milliseconds>(
        std::chrono::sys_days{std::chrono::year{2024} / 3 / 31} + std::chrono::hours{15});
    const auto to = from + std::chrono::days{365};
    for (int i = 0; i < 3; ++i) {
        auto start = SteadyClock::now();
        auto counts = tenant->Reports().CountConsultations(from, to);
        const double elapsed = MillisecondsSince(start);
        if (!counts) {
            std::fprintf(stderr, "%s\n", counts.error().message.c_str());
            return 1;
        }
        std::printf(
            "CountConsultations FY2024: %.0f ms (contacts %lld, persons %lld, households %lld, "
            "consultations %lld)\n",
            elapsed, counts->contacts, counts->persons, counts->households, counts->consultations);
    }

    constexpr int kBatches = 20;
    auto start = SteadyClock::now();
    for (int batch = 0; batch < kBatches; ++batch) {
        std::vector<domain::AuditEntry> entries(1000);
        for (auto& entry : entries) {
            entry.user_id = users[0].id;
            entry.organization_id = organizations[0].id;
            entry.action = "read";
            entry.record_type = "person";
            entry.record_id = 1;
            entry.person_id = domain::PersonId{1};
            entry.fields = "*";
            entry.basis = "own_record";
            entry.remote_address = "192.0.2.1";
            entry.request_id = "bench";
        }
        if (auto appended = tenant->Audit().Append(entries); !appended) {
            std::fprintf(stderr, "%s\n", appended.error().message.c_str());
            return 1;
        }
    }
    const double elapsed = MillisecondsSince(start);
    std::printf("Audit Append: %d batches of 1000 in %.0f ms = %.0f entries/s\n", kBatches, elapsed,
                kBatches * 1000 / (elapsed / 1000));
    return 0;
}
