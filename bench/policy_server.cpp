// SPDX-License-Identifier: Apache-2.0
// The cost of the access policy over HTTP (issue 18, item 4), for bench/policy_ratio.sh: a bench-only server built
// from the production pieces (the services of `kasane serve`, its API routes, its HTTP server and sign-in), serving
// besides GET /api/v1/persons/{id} one route that the production server does not have:
//
//   GET /bench/bypass/persons/{id}   the same authenticated read with the policy bypassed: the same session check,
//                                     the same person read (PersonRepository::Get) and merge history, rendered by
//                                     the same JSON function as the person route, as a full view — no access facts,
//                                     no decision, no change rights, no names of the organisations that know the
//                                     person, and no audit entry.
//
// Both routes are served by one process, so one run compares them under the same load. The bypass exists only in
// this program (bench/, never installed); `kasane serve` has no switch that turns the policy off.
// Usage: policy_server --db URL [--port 0] [--threads 2]; prints "listening on http://127.0.0.1:PORT".

#include <cstdio>
#include <iostream>
#include <string>

#include "app/api_dependencies.hpp"
#include "app/services.hpp"
#include "base/japan_time.hpp"
#include "bench_town.hpp"
#include "http/api/api.hpp"
#include "http/api/common.hpp"
#include "http/api/person_json.hpp"
#include "http/router.hpp"
#include "http/server.hpp"

using namespace kasane;

namespace {

// PersonService::Get without the policy and its audit entry (see the file's comment).
Result<domain::PersonView> BypassedRead(domain::Store& store, const domain::Actor& actor, domain::PersonId id) {
    auto tenant = store.Tenant(actor.Tenant());
    auto person = tenant->Persons().Get(id);
    if (!person) return Fail(person.error());
    auto merges = tenant->Persons().Merges(id);
    if (!merges) return Fail(merges.error());
    domain::PersonView view;
    view.decision = domain::AccessDecision{.level = domain::ViewLevel::kFull,
                                           .basis = domain::AccessBasis::kOwnRecord,
                                           .basis_detail = {},
                                           .sensitive_fields = true,
                                           .address_and_contact = true,
                                           .holds_record = true};
    view.holder_organization_id = person->created_by_organization_id;
    view.person = std::move(*person);
    view.merges = std::move(*merges);
    return view;
}

}  // namespace

int main(int argc, char** argv) {
    const bench::BenchOptions options(argc, argv);
    const std::string db = options.Text("db");
    if (db.empty()) {
        std::fprintf(stderr, "usage: policy_server --db URL [--port 0] [--threads 2]\n");
        return 64;
    }
    auto opened = app::OpenServices(db, {});
    if (!opened) {
        std::fprintf(stderr, "open: %s\n", opened.error().message.c_str());
        return 1;
    }
    app::Services& services = **opened;
    http::Router router;
    http::api::AddApiRoutes(router, app::ApiDependenciesOf(services));
    domain::Store& store = *services.store;
    const Clock& clock = services.clock;
    http::api::AddSignedInRoute(router, "GET", "/bench/bypass/persons/{id}",
                                http::api::ById([&store, &clock](http::Request& request, std::int64_t id) {
                                    return http::api::Reply(
                                        BypassedRead(store, http::api::ActorOf(request), domain::PersonId{id}), 200,
                                        TodayInJapan(clock));
                                }),
                                {.summary = "bench only: the person read with the policy bypassed",
                                 .tag = "bench",
                                 .response_body = http::api::schema::Person()});

    domain::AuthService& auth = *services.auth;
    http::AuthHooks hooks{
        .authenticate_session =
            [&auth](std::string_view token, const domain::SessionFollowUp& then,
                    std::unique_ptr<domain::ReadAheadScope>& read_ahead) {
                return auth.AuthenticateSession(token, then, read_ahead);
            },
        .authenticate_token = [&auth](std::string_view token) { return auth.AuthenticateApiToken(token); },
        .before_sign_in = {},
    };
    http::ServerOptions server_options;
    server_options.port = static_cast<unsigned short>(options.Number("port", 0));
    server_options.threads = static_cast<int>(options.Number("threads", 2));
    // wrk is one address holding many keep-alive connections (bench/run.sh starts kasane the same way).
    server_options.per_address = http::ConnectionLimits{.max_per_address = 4096, .max_idle_per_address = 4096};
    http::Server server(server_options, router, hooks, {});
    auto port = server.Listen();
    if (!port) {
        std::fprintf(stderr, "listen: %s\n", port.error().message.c_str());
        return 1;
    }
    std::cout << "listening on http://127.0.0.1:" << *port << std::endl;
    server.Run();
    (void)services.audit->Flush();
    return 0;
}
