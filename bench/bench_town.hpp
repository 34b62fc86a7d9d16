// SPDX-License-Identifier: Apache-2.0
#pragma once

// What the C++ benches share: their options (--name value pairs), and the demo town opened on a database with one
// of its users as the actor. A failure is printed and the bench exits with the code given back.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/services.hpp"
#include "demo/demo_town.hpp"

namespace kasane::bench {

// A bench's options, given as "--rows 1000 --db url".
class BenchOptions {
public:
    BenchOptions(int argc, char** argv) {
        for (int i = 1; i + 1 < argc; i += 2) {
            const std::string_view name = argv[i];
            if (name.starts_with("--")) values_[std::string(name.substr(2))] = argv[i + 1];
        }
    }
    std::string Text(std::string_view name, std::string fallback = {}) const {
        const auto found = values_.find(name);
        return found == values_.end() ? fallback : found->second;
    }
    long long Number(std::string_view name, long long fallback) const {
        const auto found = values_.find(name);
        return found == values_.end() ? fallback : std::stoll(found->second);
    }

private:
    std::map<std::string, std::string, std::less<>> values_;
};

struct BenchTown {
    std::unique_ptr<app::Services> services;
    MunicipalityId tenant{};
    domain::User user;
    domain::Actor actor;
};

// The services on `db` with the demo town loaded, acting as its user `username`; nullopt (the reason printed) when
// the database cannot be opened, the town loaded, or the user found.
inline std::optional<BenchTown> OpenBenchTown(const std::string& db, std::string_view username,
                                              std::string request_id) {
    auto services = app::OpenServices(db, {});
    if (!services) {
        std::fprintf(stderr, "open: %s\n", services.error().message.c_str());
        return std::nullopt;
    }
    auto town = demo::LoadDemoTown(*(*services)->store, (*services)->clock);
    if (!town) {
        std::fprintf(stderr, "demo: %s\n", town.error().message.c_str());
        return std::nullopt;
    }
    auto users = (*services)->store->Tenant(town->municipality.id)->Users().List();
    if (!users) {
        std::fprintf(stderr, "users: %s\n", users.error().message.c_str());
        return std::nullopt;
    }
    for (const domain::User& user : *users) {
        if (user.username != username) continue;
        domain::Actor actor{.principal = {.user = user}, .remote_address = "127.0.0.1", .request_id = request_id};
        return BenchTown{
            .services = std::move(*services), .tenant = town->municipality.id, .user = user, .actor = std::move(actor)};
    }
    std::fprintf(stderr, "no user %.*s in the demo town\n", static_cast<int>(username.size()), username.data());
    return std::nullopt;
}

// A duration in milliseconds.
inline double Milliseconds(std::chrono::steady_clock::duration d) {
    return std::chrono::duration<double, std::milli>(d).count();
}

// Prints the times of one measured call (ms): "what: runs N, p50 …, p99 …, max …".
inline void ReportTimes(const char* what, std::vector<double> times) {
    if (times.empty()) return;
    std::ranges::sort(times);
    const auto at = [&](double q) {
        return times[std::min(times.size() - 1, static_cast<std::size_t>(q * static_cast<double>(times.size())))];
    };
    std::printf("%s: runs %zu, p50 %.2f ms, p99 %.2f ms, max %.2f ms\n", what, times.size(), at(0.50), at(0.99),
                times.back());
}

}  // namespace kasane::bench
