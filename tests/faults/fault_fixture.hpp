// SPDX-License-Identifier: Apache-2.0
#pragma once

// The fault-injection suites (issue 12, item 5): the demo town on a real store (SQLite, or PostgreSQL from the
// postgres_cluster fixture) whose executor is a FaultyExecutor, the real use cases, the API and page routes, and a
// way to call a route as the server does after matching it. A scenario's write is repeated with a fault armed on
// each of its first K statements, on its commit(s) and as a lost connection at each of those statements; after
// each failure the caller must have got a visible error, the database must equal its state before the attempt,
// and the audit chain must still verify.

#include <gtest/gtest.h>

#include <chrono>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/crypto.hpp"
#include "demo/demo_town.hpp"
#include "domain/administration.hpp"
#include "domain/audit_recorder.hpp"
#include "domain/case_service.hpp"
#include "domain/directory.hpp"
#include "domain/intake.hpp"
#include "domain/sharing_service.hpp"
#include "http/api/api.hpp"
#include "http/cookies.hpp"
#include "storage/open_store.hpp"
#include "storage/sql/faulty_executor.hpp"
#include "tests/storage/contract_support.hpp"
#include "web/pages.hpp"

namespace kasane::faults {

using Json = nlohmann::json;
using storage::Backend;
using storage::FaultKind;
using storage::FaultPlan;
using storage::FaultScope;

inline bool Contains(std::string_view haystack, std::string_view needle) {
    return haystack.find(needle) != haystack.npos;
}

inline std::string KindName(FaultKind kind) {
    switch (kind) {
        case FaultKind::kStatement: return "statement";
        case FaultKind::kCommit: return "commit";
        case FaultKind::kConnection: return "connection";
    }
    return "?";
}

// A response and the request id the call carried.
struct Outcome {
    http::Response response;
    std::string request_id;
    bool threw = false;
};

class FaultFixture : public ::testing::TestWithParam<Backend> {
public:
    struct Session {
        std::string cookie;
        std::string csrf;
    };

protected:
    void SetUp() override {
        ASSERT_TRUE(InitializeCrypto());
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        std::string name = std::string(info->test_suite_name()) + "_" + info->name();
        for (auto& c : name) c = std::isalnum(static_cast<unsigned char>(c)) ? std::tolower(c) : '_';
        std::string url;
        if (GetParam() == Backend::kSqlite) {
            directory_ = storage::NewTemporaryDirectory();
            url = "sqlite:" + (directory_ / "k.db").string();
        } else {
            url = storage::CreateDatabase(("kf_" + name).substr(0, 60));
        }
        storage::StoreOptions options{.pool_size = 4};
        options.decorate_executor = [this](storage::SqlExecutor& inner) {
            auto decorated = std::make_unique<storage::FaultyExecutor>(inner);
            faulty_ = decorated.get();
            return decorated;
        };
        auto store = storage::OpenStore(url, options);
        ASSERT_TRUE(store) << store.error().message;
        store_ = std::move(*store);
        ASSERT_NE(faulty_, nullptr);
        ASSERT_TRUE(store_->Migrate());
        auto town = demo::LoadDemoTown(*store_, clock_);
        ASSERT_TRUE(town) << town.error().message;
        town_ = *town;
        audit_ = std::make_unique<domain::AuditRecorder>(*store_, domain::AuditRecorder::Options{});
        auth_ = std::make_unique<domain::AuthService>(*store_, clock_, domain::AuthSettings{});
        administration_ = std::make_unique<domain::Administration>(*store_, clock_);
        persons_ = std::make_unique<domain::PersonService>(*store_, clock_, *audit_);
        households_ = std::make_unique<domain::HouseholdService>(*store_, clock_, *audit_);
        consultations_ = std::make_unique<domain::ConsultationService>(*store_, clock_, *audit_, *persons_);
        referrals_ = std::make_unique<domain::ReferralService>(*store_, clock_, *audit_, *persons_);
        reports_ = std::make_unique<domain::ReportService>(*store_, clock_, *audit_);
        sharing_ = std::make_unique<domain::SharingService>(*store_, clock_, *audit_, *persons_);
        audit_reports_ = std::make_unique<domain::AuditService>(*store_, clock_, *audit_);
        cases_ = std::make_unique<domain::CaseService>(*store_, clock_, *audit_, *persons_);
        town_directory_ = std::make_unique<domain::Directory>(*store_);
        http::api::AddApiRoutes(router_, http::api::ApiDependencies{.directory = *town_directory_,
                                                                    .clock = clock_,
                                                                    .auth = *auth_,
                                                                    .administration = *administration_,
                                                                    .persons = *persons_,
                                                                    .households = *households_,
                                                                    .consultations = *consultations_,
                                                                    .referrals = *referrals_,
                                                                    .reports = *reports_,
                                                                    .sharing = *sharing_,
                                                                    .audit = *audit_reports_,
                                                                    .cases = *cases_});
        web::AddPages(router_, web::WebDependencies{.auth = *auth_,
                                                    .directory = *town_directory_,
                                                    .clock = clock_,
                                                    .sharing = *sharing_,
                                                    .audit = *audit_reports_,
                                                    .fictional_banner_default = false,
                                                    .persons = *persons_,
                                                    .households = *households_,
                                                    .consultations = *consultations_,
                                                    .referrals = *referrals_,
                                                    .reports = *reports_,
                                                    .cases = *cases_,
                                                    .administration = administration_.get()});
    }

    void TearDown() override {
        if (faulty_ != nullptr) faulty_->Disarm();
        cases_.reset();
        town_directory_.reset();
        audit_reports_.reset();
        sharing_.reset();
        reports_.reset();
        referrals_.reset();
        consultations_.reset();
        households_.reset();
        persons_.reset();
        administration_.reset();
        auth_.reset();
        audit_.reset();
        store_.reset();
        if (!directory_.empty()) {
            std::error_code ignored;
            std::filesystem::remove_all(directory_, ignored);
        }
    }

    // Matches and runs a route as the server does (http/server.cpp Dispatch and Handle): authentication from the
    // session cookie (not counted by the fault: it happens before the handler), the handler, and a thrown
    // exception answered as a 500 error. The request id is the one a client sent in X-Request-Id.
    Outcome Call(const std::string& method, const std::string& target, std::string body, const Session* session,
                 std::string_view content_type = "application/json") {
        Outcome outcome;
        outcome.request_id = "fault-" + std::to_string(++request_counter_);
        http::Request request;
        request.method = method;
        request.target = target;
        const std::size_t question = target.find('?');
        request.path = target.substr(0, question);
        request.query = question == std::string::npos ? "" : target.substr(question + 1);
        request.body = std::move(body);
        if (session != nullptr) {
            request.headers.push_back({"Cookie", std::string(http::kSessionCookieName) + "=" + session->cookie});
        }
        if (!request.body.empty()) request.headers.push_back({"Content-Type", std::string(content_type)});
        request.headers.push_back({"User-Agent", "faults-test"});
        request.remote_address = "192.0.2.1";
        request.request_id = outcome.request_id;
        auto match = router_.Find(request.method, request.path);
        if (!match.route) {
            outcome.response = http::Response::ErrorJson(Error::NotFound());
            return outcome;
        }
        request.path_params = match.params;
        const bool api = request.IsApi();
        try {
            if (match.route->access == http::Access::kSignedIn) {
                storage::FaultyExecutor::Pause pause(*faulty_);
                auto cookie = request.Cookie(http::kSessionCookieName);
                auto principal = cookie ? auth_->AuthenticateSession(*cookie) : Fail(Error::Unauthenticated());
                if (!principal) {
                    outcome.response = http::Response::ErrorJson(principal.error());
                    return outcome;
                }
                request.principal = *principal;
                request.session_token = *cookie;
            }
            outcome.response = match.route->handler(request);
        } catch (const std::exception& exception) {
            outcome.threw = true;
            outcome.response =
                api ? http::Response::ErrorJson(Error::Internal()) : web::RenderErrorPage(request, Error::Internal());
        }
        return outcome;
    }

    // An API call that must succeed (setup, unfaulted); returns the JSON body.
    Json Api(const std::string& method, const std::string& target, const Json& body, const Session& session,
             int expected_status) {
        auto outcome = Call(method, target, body.is_null() ? std::string() : body.dump(), &session);
        EXPECT_EQ(outcome.response.status, expected_status) << method << " " << target << ": " << outcome.response.body;
        if (outcome.response.body.empty()) return Json();
        return Json::parse(outcome.response.body, nullptr, false);
    }

    Session SignIn(std::string_view username) {
        auto outcome =
            Call("POST", "/api/v1/sessions", Json{{"username", username}, {"password", "kasane-demo"}}.dump(), nullptr);
        EXPECT_EQ(outcome.response.status, 201) << outcome.response.body;
        const std::string cookie(outcome.response.HeaderValue("Set-Cookie"));
        const std::string prefix = std::string(http::kSessionCookieName) + "=";
        EXPECT_TRUE(cookie.starts_with(prefix)) << cookie;
        const Json body = Json::parse(outcome.response.body, nullptr, false);
        return Session{.cookie = cookie.substr(prefix.size(), cookie.find(';') - prefix.size()),
                       .csrf = body.value("csrf_token", "")};
    }

    // ---------------------------------------------------------------------------------------------------------
    // The database as rows, table by table, read around the fault (not through it).

    using Dump = std::map<std::string, std::vector<std::string>>;

    // Tables a request changes before its handler runs: authenticating a session touches its row.
    static bool Excluded(const std::string& table) { return table == "sessions"; }

    Dump DumpDatabase() {
        // Read audits are committed by the recorder's thread a few milliseconds after a request: wait for them, so
        // that a dump holds everything the requests so far have written.
        EXPECT_TRUE(audit_->Flush());
        Dump dump;
        static const storage::SqlStatement kSqliteTables{
            "faults_sqlite_tables",
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"};
        static const storage::SqlStatement kPostgresTables{
            "faults_postgres_tables",
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND "
            "table_type = 'BASE TABLE' ORDER BY table_name"};
        const auto status = faulty_->Inner().Read([&](storage::SqlConnection& connection) -> Status {
            auto tables = connection.Execute(store_->Backend() == "sqlite" ? kSqliteTables : kPostgresTables, {});
            if (!tables) return Fail(tables.error());
            for (const auto& table_row : tables->rows) {
                const std::string table = table_row.at(0).value_or("");
                if (Excluded(table)) continue;
                auto rows = connection.Execute(SelectAll(table), {});
                if (!rows) return Fail(rows.error());
                auto& lines = dump[table];
                for (const auto& row : rows->rows) {
                    std::string line;
                    for (const auto& value : row) line += (value ? *value : std::string("NULL")) + "\x1f";
                    lines.push_back(std::move(line));
                }
                std::sort(lines.begin(), lines.end());
            }
            return {};
        });
        EXPECT_TRUE(status) << status.error().message;
        return dump;
    }

    // A statement per table, kept for the life of the process (the backends cache statements by address).
    static const storage::SqlStatement& SelectAll(const std::string& table) {
        static std::map<std::string, std::pair<std::string, std::string>> texts;
        static std::map<std::string, storage::SqlStatement> statements;
        if (auto found = statements.find(table); found != statements.end()) return found->second;
        auto& text = texts[table];
        text = {"faults_dump_" + table, "SELECT * FROM " + table};
        return statements.emplace(table, storage::SqlStatement{text.first.c_str(), text.second.c_str()}).first->second;
    }

    // The first difference, described; empty when equal.
    static std::string Difference(const Dump& before, const Dump& after) {
        std::ostringstream out;
        for (const auto& [table, rows] : after) {
            auto found = before.find(table);
            const std::vector<std::string> empty;
            const auto& old_rows = found == before.end() ? empty : found->second;
            if (rows == old_rows) continue;
            out << "table " << table << ": " << old_rows.size() << " rows before, " << rows.size() << " after";
            std::vector<std::string> added;
            std::set_difference(rows.begin(), rows.end(), old_rows.begin(), old_rows.end(), std::back_inserter(added));
            for (std::size_t i = 0; i < added.size() && i < 3; ++i) {
                std::string shown = added[i].substr(0, 200);
                for (auto& c : shown)
                    if (c == '\x1f') c = '|';
                out << "\n    new or changed: " << shown;
            }
            out << "\n";
        }
        return out.str();
    }

    // Empty when every municipality's chain is intact.
    std::string AuditChainProblem() {
        auto checks = domain::AuditService::Verify(*store_);
        if (!checks) return "verify failed: " + checks.error().message;
        for (const auto& check : *checks) {
            if (!check.intact) {
                return "chain of municipality " + std::to_string(check.municipality_id) + " broken at " +
                       std::to_string(check.first_broken_sequence) + ": " + check.problem;
            }
        }
        return {};
    }

    // ---------------------------------------------------------------------------------------------------------
    // Write scenarios.

    // How a failed attempt must look to its caller: an API call a 5xx JSON error; a page a 5xx error page that
    // names the request id.
    static std::string VisibleErrorProblem(const Outcome& outcome) {
        const http::Response& response = outcome.response;
        if (response.status < 500) {
            return "answered " + std::to_string(response.status) +
                   " (not a 5xx error): " + response.body.substr(0, 300);
        }
        const std::string_view type = response.HeaderValue("Content-Type");
        if (Contains(type, "application/json")) {
            const Json body = Json::parse(response.body, nullptr, false);
            if (!body.is_object() || !body.contains("error")) return "5xx without a JSON error: " + response.body;
            return {};
        }
        if (!Contains(response.body, outcome.request_id)) {
            return "error page without the request id " + outcome.request_id + ": " + response.body.substr(0, 1500);
        }
        return {};
    }

    struct ScenarioResult {
        int statements = 0;  // in a clean run of the attempt
        int commits = 0;
        int attempts = 0;
    };

    // `setup` prepares fresh records (unfaulted) and returns the attempt to make on them; the attempt must succeed
    // when no fault fires. Then, for each fault in turn — each of the first `k` statements, each commit, a lost
    // connection at each of the first `k` statements — a fresh setup, the attempt with the fault armed, and the
    // three checks.
    ScenarioResult RunScenario(const std::string& name, const std::function<std::function<Outcome()>()>& setup, int k) {
        ScenarioResult result;
        {
            auto attempt = setup();
            faulty_->Arm(std::nullopt);
            const Outcome clean = attempt();
            const auto report = faulty_->Report();
            faulty_->Disarm();
            EXPECT_LT(clean.response.status, 400)
                << name << ": the attempt fails without a fault: " << clean.response.body;
            result.statements = report.statements;
            result.commits = report.commits;
        }
        std::vector<FaultPlan> plans;
        const int statements = std::min(k, result.statements);
        for (int n = 1; n <= statements; ++n) plans.push_back({.kind = FaultKind::kStatement, .nth = n});
        for (int n = 1; n <= result.commits; ++n) plans.push_back({.kind = FaultKind::kCommit, .nth = n});
        for (int n = 1; n <= statements; ++n) plans.push_back({.kind = FaultKind::kConnection, .nth = n});
        for (const FaultPlan& plan : plans) {
            auto attempt = setup();
            if (::testing::Test::HasFatalFailure()) return result;
            const Dump before = DumpDatabase();
            faulty_->Arm(plan);
            const Outcome outcome = attempt();
            const auto report = faulty_->Report();
            faulty_->Disarm();
            ++result.attempts;
            const std::string what = name + ", " + KindName(plan.kind) + " fault #" + std::to_string(plan.nth) + " (" +
                                     report.statement + ")";
            if (!report.fired) {
                // This run took a shorter path than the clean one (it ran fewer statements): nothing failed, and
                // the attempt must then have succeeded.
                std::cout << "[ note ] " << what << ": did not fire (" << report.statements << " statements ran)\n";
                EXPECT_LT(outcome.response.status, 400) << what << ": " << outcome.response.body;
                continue;
            }
            if (const std::string visible = VisibleErrorProblem(outcome); !visible.empty()) {
                ADD_FAILURE() << what << ": the failure is not visible: " << visible;
            }
            if (const std::string difference = Difference(before, DumpDatabase()); !difference.empty()) {
                ADD_FAILURE() << what << ": half-written:\n" << difference;
            }
            if (const std::string chain = AuditChainProblem(); !chain.empty()) ADD_FAILURE() << what << ": " << chain;
        }
        std::cout << "[ scenario ] " << name << " on " << store_->Backend() << ": " << result.statements
                  << " statements, " << result.commits << " commit(s), " << result.attempts << " faulted attempts"
                  << (result.statements > k ? " (statements beyond K=" + std::to_string(k) + " not faulted)" : "")
                  << "\n";
        return result;
    }

    storage::FaultyExecutor* faulty_ = nullptr;
    std::filesystem::path directory_;
    ManualClock clock_{std::chrono::sys_days{std::chrono::year{2024} / 6 / 3} + std::chrono::hours{1}};
    std::unique_ptr<domain::Store> store_;
    demo::DemoTown town_;
    std::unique_ptr<domain::AuditRecorder> audit_;
    std::unique_ptr<domain::AuthService> auth_;
    std::unique_ptr<domain::Administration> administration_;
    std::unique_ptr<domain::Directory> town_directory_;
    std::unique_ptr<domain::PersonService> persons_;
    std::unique_ptr<domain::HouseholdService> households_;
    std::unique_ptr<domain::ConsultationService> consultations_;
    std::unique_ptr<domain::ReferralService> referrals_;
    std::unique_ptr<domain::ReportService> reports_;
    std::unique_ptr<domain::SharingService> sharing_;
    std::unique_ptr<domain::AuditService> audit_reports_;
    std::unique_ptr<domain::CaseService> cases_;
    http::Router router_;
    int request_counter_ = 0;
};

// The demo town's sessions, organisations and meeting bodies, and fresh records for each attempt.
class TownFaults : public FaultFixture {
protected:
    void SetUp() override {
        FaultFixture::SetUp();
        if (HasFatalFailure()) return;
        coordinator_ = SignIn("demo-coordinator");
        caseworker_ = SignIn("demo-caseworker");
        const Json organizations = Api("GET", "/api/v1/organizations", nullptr, coordinator_, 200);
        for (const auto& organization : organizations["items"]) {
            organization_ids_[organization["name"].get<std::string>()] = organization["id"].get<std::int64_t>();
        }
        const Json bodies = Api("GET", "/api/v1/meeting-bodies", nullptr, coordinator_, 200);
        for (const auto& body : bodies["items"]) {
            body_ids_[body["legal_basis"].get<std::string>()] = body["id"].get<std::int64_t>();
        }
        const Json me = Api("GET", "/api/v1/me", nullptr, coordinator_, 200);
        coordinator_user_id_ = me.contains("user") ? me["user"]["id"] : me["id"];
    }

    std::int64_t Organization(const std::string& name) {
        EXPECT_TRUE(organization_ids_.contains(name)) << name;
        return organization_ids_[name];
    }

    // A birth date no other person of these scenarios has, so that no duplicate check stops a save.
    std::string UniqueBirthDate() {
        const int n = ++people_;
        return std::to_string(1950 + n / 336) + "-" + (1 + (n / 28) % 12 < 10 ? "0" : "") +
               std::to_string(1 + (n / 28) % 12) + "-" + (1 + n % 28 < 10 ? "0" : "") + std::to_string(1 + n % 28);
    }

    std::int64_t NewPerson(const Session& session) {
        const Json person = Api("POST", "/api/v1/persons",
                                Json{{"family_name", "浜野"},
                                     {"given_name", "修"},
                                     {"family_name_kana", "ハマノ"},
                                     {"given_name_kana", "オサム"},
                                     {"birth_date", UniqueBirthDate()},
                                     {"sex", "male"}},
                                session, 201);
        return person.value("id", std::int64_t{0});
    }

    std::int64_t NewCase(std::int64_t person_id) {
        const Json opened = Api("POST", "/api/v1/cases",
                                Json{{"person_id", person_id},
                                     {"title", "浜野さん世帯"},
                                     {"lead_organization_id", Organization("福祉課")},
                                     {"coordinator_user_id", coordinator_user_id_},
                                     {"programs", {"collaboration"}}},
                                coordinator_, 201);
        return opened.value("id", std::int64_t{0});
    }

    Session coordinator_;
    Session caseworker_;
    Json coordinator_user_id_;
    std::map<std::string, std::int64_t> organization_ids_;
    std::map<std::string, std::int64_t> body_ids_;
    int people_ = 0;
};

}  // namespace kasane::faults
