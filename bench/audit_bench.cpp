// SPDX-License-Identifier: Apache-2.0
// Audit trail and access-policy figures for issue #4, in one process on one database:
//   1. the audit trail's sustained append rate through the group-commit recorder (target ≥ 20,000 entries/s);
//   2. `audit verify` over everything appended (target: 10,000,000 entries in under 60 s);
//   3. the cost of the policy check plus the audit append on a person read, against the same read with the
//      policy bypassed (target: at most +15 %), measured alternately in the same run.
// Usage: audit_bench --db sqlite:PATH|postgresql://... --entries N [--reads M]

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

#include "app/services.hpp"
#include "base/japanese_text.hpp"
#include "bench_town.hpp"
#include "demo/demo_town.hpp"
#include "domain/sharing_service.hpp"

using namespace kasane;

namespace {

double Seconds(std::chrono::steady_clock::duration d) { return std::chrono::duration<double>(d).count(); }

}  // namespace

int main(int argc, char** argv) {
    const bench::BenchOptions options(argc, argv);
    const std::string db = options.Text("db");
    const long long entries = options.Number("entries", 1000000);
    const int reads = static_cast<int>(options.Number("reads", 20000));
    if (db.empty()) {
        std::fprintf(stderr, "usage: audit_bench --db URL --entries N [--reads M]\n");
        return 64;
    }
    auto town = bench::OpenBenchTown(db, "demo-houkatsu", "bench");
    if (!town) return 1;
    app::Services& services = *town->services;
    domain::Store& store = *services.store;
    const MunicipalityId tenant = town->tenant;
    const domain::User& houkatsu = town->user;
    const domain::Actor& actor = town->actor;

    // 1. Append rate through the recorder.
    domain::AuditRecorder& recorder = *services.audit;
    const auto append_start = std::chrono::steady_clock::now();
    for (long long i = 0; i < entries; ++i) {
        domain::AuditEntry entry{.municipality_id = tenant,
                                 .at = services.clock.Now(),
                                 .user_id = houkatsu.id,
                                 .organization_id = houkatsu.organization_id,
                                 .action = "read",
                                 .record_type = "person",
                                 .record_id = 1 + i % 1000,
                                 .person_id = domain::PersonId{1 + i % 1000},
                                 .fields = "*",
                                 .basis = "own_record",
                                 .remote_address = "127.0.0.1",
                                 .request_id = "bench"};
        recorder.Record(std::move(entry));
        // Keep the queue bounded like a server under load would: wait for the writer every 100k entries.
        if (i % 100000 == 99999) (void)recorder.Flush(std::chrono::minutes{5});
    }
    if (auto flushed = recorder.Flush(std::chrono::minutes{10}); !flushed) {
        std::fprintf(stderr, "flush: %s\n", flushed.error().message.c_str());
        return 1;
    }
    const double append_seconds = Seconds(std::chrono::steady_clock::now() - append_start);
    std::printf("audit append: %lld entries in %.2f s = %.0f entries/s (target >= 20000)\n", entries, append_seconds,
                static_cast<double>(entries) / append_seconds);

    // 2. Verify.
    const auto verify_start = std::chrono::steady_clock::now();
    auto checks = domain::AuditService::Verify(store);
    const double verify_seconds = Seconds(std::chrono::steady_clock::now() - verify_start);
    long long verified = 0;
    for (const auto& check : *checks) verified += check.entries;
    std::printf("audit verify: %lld entries in %.2f s, intact=%s (target: 10,000,000 in < 60 s)\n", verified,
                verify_seconds, checks && !checks->empty() && checks->front().intact ? "yes" : "NO");

    // 3. Policy + audit vs bypass, on the demo person known to 地域包括 (own record), alternating in blocks.
    auto found = store.Tenant(tenant)->Persons().FindByGrams(Bigrams(NormalizeForSearch("髙橋トミ")),
                                                             domain::PersonRepository::SearchField::kName, 1);
    if (!found || found->empty()) {
        std::fprintf(stderr, "demo person not found\n");
        return 1;
    }
    const domain::PersonId person_id = found->front().person_id;
    domain::PersonService& persons = *services.persons;
    double with_policy = 0;
    double bypass = 0;
    for (int round = 0; round < 10; ++round) {
        const auto a = std::chrono::steady_clock::now();
        for (int i = 0; i < reads / 10; ++i) (void)store.Tenant(tenant)->Persons().Get(person_id);
        const auto b = std::chrono::steady_clock::now();
        for (int i = 0; i < reads / 10; ++i) (void)persons.Get(actor, person_id);
        const auto c = std::chrono::steady_clock::now();
        bypass += Seconds(b - a);
        with_policy += Seconds(c - b);
    }
    (void)recorder.Flush(std::chrono::minutes{1});
    std::printf(
        "person read: bypass %.1f us, policy+audit %.1f us per read (+%.0f %%; target <= +15 %% on the "
        "authenticated read)\n",
        bypass / reads * 1e6, with_policy / reads * 1e6, (with_policy / bypass - 1) * 100);
    return 0;
}
