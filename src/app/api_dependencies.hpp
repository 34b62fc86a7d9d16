// SPDX-License-Identifier: Apache-2.0
// The API's dependencies taken from the opened services: one wiring for `kasane serve` and the bench servers built
// from the same pieces (bench/policy_server.cpp).

#pragma once

#include "app/services.hpp"
#include "http/api/api.hpp"

namespace kasane::app {

inline http::api::ApiDependencies ApiDependenciesOf(Services& services) {
    return http::api::ApiDependencies{.directory = *services.directory,
                                      .clock = services.clock,
                                      .auth = *services.auth,
                                      .administration = *services.administration,
                                      .persons = *services.persons,
                                      .households = *services.households,
                                      .consultations = *services.consultations,
                                      .referrals = *services.referrals,
                                      .reports = *services.reports,
                                      .sharing = *services.sharing,
                                      .audit = *services.audit_reports,
                                      .cases = *services.cases};
}

}  // namespace kasane::app
