// SPDX-License-Identifier: Apache-2.0
#include "app/serve.hpp"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <optional>

#include "app/api_dependencies.hpp"
#include "app/export_runner.hpp"
#include "base/japan_time.hpp"
#include "base/json.hpp"
#include "base/log.hpp"
#include "base/version.hpp"
#include "demo/demo_living_town.hpp"
#include "demo/demo_town.hpp"
#include "http/api/api.hpp"
#include "http/api/commissioner_activity.hpp"
#include "http/api/community_development.hpp"
#include "http/api/evaluation_plans.hpp"
#include "http/api/exports.hpp"
#include "http/api/household_survey.hpp"
#include "http/api/imports.hpp"
#include "http/api/loneliness.hpp"
#include "http/api/mutual_aid_liaison.hpp"
#include "http/api/national_report.hpp"
#include "http/api/operator.hpp"
#include "http/api/outreach.hpp"
#include "http/api/participation.hpp"
#include "http/api/partnership_platforms.hpp"
#include "http/api/person_traits.hpp"
#include "http/api/prefecture.hpp"
#include "http/api/program_results.hpp"
#include "http/api/resource_directory.hpp"
#include "http/api/sasaeai_maps.hpp"
#include "http/api/training.hpp"
#include "http/api/watch_list.hpp"
#include "http/idempotency.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "http/system_routes.hpp"
#include "web/commissioner_activity_pages.hpp"
#include "web/community_pages.hpp"
#include "web/evaluation_plan_pages.hpp"
#include "web/export_pages.hpp"
#include "web/household_survey_pages.hpp"
#include "web/import_pages.hpp"
#include "web/loneliness_pages.hpp"
#include "web/mutual_aid_liaison_pages.hpp"
#include "web/national_report_pages.hpp"
#include "web/operator_pages.hpp"
#include "web/outreach_pages.hpp"
#include "web/pages.hpp"
#include "web/participation_pages.hpp"
#include "web/partnership_pages.hpp"
#include "web/person_traits_pages.hpp"
#include "web/prefecture_pages.hpp"
#include "web/program_result_pages.hpp"
#include "web/resource_directory_pages.hpp"
#include "web/training_pages.hpp"
#include "web/watch_list_pages.hpp"

namespace kasane::app {

namespace {

constexpr std::string_view kVersion = kKasaneVersion;

Status LoadDemoOnFirstStart(Services& services, const ServeConfig& config) {
    auto municipalities = services.store->Municipalities().List();
    if (!municipalities) return Fail(municipalities.error());
    if (!municipalities->empty()) return {};
    auto town = demo::LoadDemoTown(*services.store, services.clock);
    if (!town) return Fail(town.error());
    std::cout << "デモ自治体「" << town->municipality.name << "」（架空）を読み込みました。\n";
    if (!config.living_demo) return {};
    std::cout << "今日までの5年分の業務データ（本人 約15,000人、63自治会）を読み込んでいます。1分ほどかかります…"
              << std::endl;
    auto living = demo::LoadLivingTown(*services.store, *town, JstDate(services.clock.Now()),
                                       [](std::string_view line) { std::cerr << "  " << line << "\n"; });
    if (!living) return Fail(living.error());
    std::cout << "読み込みました: 本人 " << living->persons << " 人、世帯 " << living->households << "、相談 "
              << living->consultations << " 件、ケース " << living->cases << " 件\n";
    return {};
}

void PrintDemoSignIns(Services& services) {
    auto demo_town = services.store->Municipalities().FindByCode(demo::kDemoMunicipalityCode);
    if (!demo_town) return;
    std::cout << "デモ用サインイン（パスワードはすべて " << demo::kDemoPassword << "）:\n";
    auto users = services.store->Tenant(demo_town->id)->Users().List();
    if (!users) return;
    for (const domain::User& user : *users) {
        std::string roles;
        for (const domain::Role role : user.roles)
            roles += std::string(roles.empty() ? "" : "・") + std::string(domain::RoleLabel(role));
        std::cout << "  " << user.username << "  " << roles << "  " << user.display_name << "\n";
    }
}

// On a database with no municipality, every route but set-up, health and the assets answers that set-up is
// pending (503), until the set-up succeeds (issue 14, item 1). It runs before authentication (AuthHooks::
// before_sign_in), so that a signed-in route answers that set-up is pending too, rather than 401: there is no
// account to sign in with yet.
std::optional<http::Response> GateUntilSetUp(domain::TownSetup& setup, http::Request& request,
                                             const http::Route& route) {
    const std::string& pattern = route.pattern;
    if (pattern == "/setup" || pattern == "/api/v1/setup" || pattern.starts_with("/assets/") ||
        pattern.starts_with("/healthz") || pattern.starts_with("/readyz") || pattern == "/metrics" ||
        pattern == "/api/v1/openapi.json") {
        return std::nullopt;
    }
    auto pending = setup.Pending();
    if (pending && !*pending) return std::nullopt;
    const Error error = pending ? domain::TownSetup::SetUpPending() : pending.error();
    if (route.surface == http::Surface::kApi) return http::Response::ErrorJson(error);
    return pending ? web::RenderSetupPending(request) : web::RenderErrorPage(request, error);
}

// On a database with no municipality, a one-time token for the set-up page, printed with its URL.
Status PrintSetUpUrl(Services& services, const ServeConfig& config, unsigned short port) {
    auto pending = services.setup->Pending();
    if (!pending) return Fail(pending.error());
    if (!*pending) return {};
    auto token = services.setup->IssueToken();
    if (!token) return Fail(token.error());
    std::cout
        << "この環境はまだ初期設定されていません。24時間以内に次の URL を開いて設定してください（一度だけ使えます）:\n"
        << "setup: http://" << config.listen_address << ":" << port << "/setup?token=" << *token << std::endl;
    return {};
}

}  // namespace

Status Serve(Services& services, const ServeConfig& config) {
    if (config.load_demo) {
        if (auto loaded = LoadDemoOnFirstStart(services, config); !loaded) return loaded;
    }

    http::Metrics metrics;
    http::Router router;
    domain::Store& store = *services.store;
    http::AddSystemRoutes(router, http::SystemDependencies{
                                      .backend = std::string(store.Backend()),
                                      .ping = [&store] { return store.Ping(); },
                                      .schema_version = [&store] { return store.SchemaVersion(); },
                                      .pool = [&store] { return store.Pool(); },
                                      .version = std::string(kVersion),
                                      .metrics = &metrics,
                                  });
    http::api::AddApiRoutes(router, ApiDependenciesOf(services));
    // Pages shown before sign-in carry the demo banner when the installation holds a fictional municipality.
    auto has_fictional = services.directory->AnyFictionalMunicipality();
    if (!has_fictional) return Fail(has_fictional.error());
    web::AddPages(router, web::WebDependencies{.auth = *services.auth,
                                               .directory = *services.directory,
                                               .clock = services.clock,
                                               .sharing = *services.sharing,
                                               .audit = *services.audit_reports,
                                               .fictional_banner_default = *has_fictional,
                                               .persons = *services.persons,
                                               .households = *services.households,
                                               .consultations = *services.consultations,
                                               .referrals = *services.referrals,
                                               .reports = *services.reports,
                                               .cases = *services.cases,
                                               .administration = services.administration.get(),
                                               .outreach = services.outreach.get()});
    web::AddDraftPages(router, *services.drafts);
    http::api::AddSetupRoutes(router, *services.setup);
    web::AddSetupPages(router, *services.setup);
    http::api::AddImportRoutes(router, *services.imports);
    web::AddImportPages(router, *services.imports);
    http::api::AddCommissionerActivityRoutes(router, *services.commissioner_activity, services.clock);
    web::AddCommissionerActivityPages(router, *services.commissioner_activity, *services.directory, services.clock);
    http::api::AddWatchListRoutes(router, *services.watch_list);
    http::api::AddSasaeaiMapRoutes(router, *services.sasaeai_maps);
    web::AddWatchListPages(router, *services.watch_list, *services.sasaeai_maps, *services.directory, services.clock);
    http::api::AddLonelinessRoutes(router, *services.loneliness);
    web::AddLonelinessPages(router, *services.loneliness, services.clock);
    http::api::AddOperatorRoutes(router, *services.operator_console);
    http::api::AddPrefectureRoutes(router, *services.prefecture, services.clock);
    web::AddPrefecturePages(router, *services.prefecture, services.clock);
    web::AddOperatorPages(router, *services.operator_console);
    http::api::AddHouseholdSurveyRoutes(router, *services.household_surveys);
    web::AddHouseholdSurveyPages(router, *services.household_surveys, *services.directory, services.clock);
    http::api::AddMutualAidLiaisonRoutes(router, *services.mutual_aid_liaison);
    web::AddMutualAidLiaisonPages(router, *services.mutual_aid_liaison, *services.directory);
    http::api::AddOutreachRoutes(router, *services.outreach);
    web::AddOutreachPages(router, *services.outreach, *services.directory, services.clock);
    http::api::AddResourceDirectoryRoutes(router, *services.resource_directory);
    web::AddResourceDirectoryPages(router, *services.resource_directory, *services.directory);
    http::api::AddCommunityDevelopmentRoutes(router, *services.community);
    web::AddCommunityPages(router, *services.community, *services.directory);
    http::api::AddPartnershipRoutes(router, *services.partnerships);
    web::AddPartnershipPages(router, *services.partnerships, *services.directory);
    http::api::AddParticipationRoutes(router, *services.participation);
    web::AddParticipationPages(router, *services.participation, *services.resource_directory, *services.directory,
                               services.clock);
    http::api::AddPersonTraitRoutes(router, *services.person_traits);
    web::AddPersonTraitPages(router, *services.person_traits);
    http::api::AddTrainingRoutes(router, *services.training);
    web::AddTrainingPages(router, *services.training, *services.directory);
    http::api::AddNationalReportRoutes(router, *services.national_report, services.clock);
    web::AddNationalReportPages(router, *services.national_report, services.clock);
    http::api::AddEvaluationPlanRoutes(router, *services.evaluation_plans);
    http::api::AddProgramResultRoutes(router, *services.evaluation_plans);
    web::AddEvaluationPlanPages(router, *services.evaluation_plans, *services.directory);
    web::AddProgramResultPages(router, *services.evaluation_plans, *services.directory);
    // 出力ファイル: the background exports, run by one worker thread while the server serves.
    ExportRunner export_runner(*services.exports);
    http::api::AddExportRoutes(router, *services.exports, services.clock, [&export_runner] { export_runner.Wake(); });
    web::AddExportPages(router, *services.exports, services.clock, [&export_runner] { export_runner.Wake(); });
    // Last, over every route: a repeated submit (same key) answers what the first did.
    http::MakeSubmitsIdempotent(router, *services.drafts, web::RenderErrorPage);

    domain::AuthService& auth = *services.auth;
    http::AuthHooks hooks{
        .authenticate_session =
            [&auth](std::string_view token, const domain::SessionFollowUp& then,
                    std::unique_ptr<domain::ReadAheadScope>& read_ahead) {
                return auth.AuthenticateSession(token, then, read_ahead);
            },
        .authenticate_token = [&auth](std::string_view token) { return auth.AuthenticateApiToken(token); },
        .before_sign_in = [&setup = *services.setup](
                              http::Request& request,
                              const http::Route& route) { return GateUntilSetUp(setup, request, route); },
    };
    http::ServerOptions options;
    options.address = config.listen_address;
    options.port = config.port;
    options.threads = config.threads;
    options.max_connections = config.max_connections;
    options.body_limit = config.body_limit;
    options.per_address = http::ConnectionLimits{.max_per_address = config.max_connections_per_address,
                                                 .max_idle_per_address = config.max_idle_per_address};
    options.trusted_proxies = config.trusted_proxies;
    http::Server server(options, router, hooks, web::RenderErrorPage, &metrics);
    auto port = server.Listen();
    if (!port) return Fail(port.error());

    PrintDemoSignIns(services);
    if (auto printed = PrintSetUpUrl(services, config, *port); !printed) return printed;
    std::cout << "listening on http://" << config.listen_address << ":" << *port << std::endl;
    Log(LogLevel::kInfo, "listening",
        {{"address", config.listen_address}, {"port", *port}, {"database", store.Backend()}, {"version", kVersion}});
    server.Run();
    // Requests have finished: every audit entry of what they read is committed before the process ends.
    if (auto flushed = services.audit->Flush(); !flushed) {
        Log(LogLevel::kError, "audit entries not flushed at shutdown", {{"error", flushed.error().message}});
    }
    Log(LogLevel::kInfo, "stopped");
    return {};
}

}  // namespace kasane::app
