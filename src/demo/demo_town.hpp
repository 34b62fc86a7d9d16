// SPDX-License-Identifier: Apache-2.0
#pragma once

// The demo town: a fictional municipality modelled on the seed's 北栄町 (a rural town of about 15,000 in
// Tottori), with its organisations, area masters and a demo account for every role. Everything in it is
// marked fictional, and the UI says so on every page.

#include <string>
#include <vector>

#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/repositories.hpp"

namespace kasane::demo {

inline constexpr std::string_view kDemoMunicipalityCode = "319996";
inline constexpr std::string_view kDemoPassword = "kasane-demo";

struct DemoAccount {
    std::string username;
    std::string role_label;
    std::string organization_name;
};

struct DemoTown {
    domain::Municipality municipality;
    bool created = false;  // false when it was already there
    std::vector<DemoAccount> accounts;
};

// Loads the demo town unless a municipality with its code exists; idempotent. All in one transaction, so
// an interrupted load leaves nothing behind.
Result<DemoTown> LoadDemoTown(domain::Store& store, const Clock& clock);

}  // namespace kasane::demo
