// SPDX-License-Identifier: Apache-2.0
// Issue 18: the hot statements of the home page (the worker's desk), the 相談受付簿, a new consultation's write and
// the case page search an index whose leading columns are what the caller asked for, on SQLite as Kasane runs it:
// without statistics (Kasane never runs ANALYZE on a town's file), where the planner chooses by the shape of the
// indexes alone, so that the plans on a small set are the plans on the prefecture's 1,000,000 persons.
//
// A small generated town (LoadDemoScale, 1,000 persons) is served through the real page and API routes, on a store
// whose executor asks SQLite for the plan of every statement it runs (EXPLAIN QUERY PLAN, same parameters, same
// connection) before running it. Each plan is then read for what makes a page cost grow with the town:
//   - a SCAN of a table that grows with the town (anything but the masters listed in kMasterTables);
//   - a SEARCH of such a table whose only condition is the municipality, "(municipality_id=?)": every row of the
//     town, as case_team_members_by_organization was for a case's team before migration 58.
// The failure names the statement by its SqlStatement name and prints its plan.
//
// PostgreSQL is not checked this way: its planner decides by statistics and sizes, and on tables of a small test
// set a sequential scan is the right plan (one page read), so a check would fail on good plans or, with
// enable_seqscan off, prove only that some index can serve, not that the planner takes it at a million rows
// (docs/performance.md, "The home page and the 相談受付簿 at 1,000,000 persons").

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <deque>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <regex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/crypto.hpp"
#include "demo/demo_scale.hpp"
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
#include "storage/sql/sql.hpp"
#include "storage/sql/sql_store.hpp"
#include "storage/sqlite/sqlite_store.hpp"
#include "tests/storage/contract_support.hpp"
#include "web/pages.hpp"

namespace kasane::storage {
namespace {

using Json = nlohmann::json;

// Tables whose size is the town's configuration, not its people: a scan of one of them is a few rows.
const std::set<std::string, std::less<>> kMasterTables = {
    "municipalities", "municipality_settings", "organizations", "users", "user_posts", "user_post_roles",
    "worry_categories", "meeting_bodies", "areas", "schema_migrations", "audit_chain_heads", "user_second_factors",
    "category_fields", "export_jobs", "api_tokens", "prefectures", "meeting_body_named_members",
    // a row per 年度 and bucket (report_aggregates_schema.cpp): grows with the years and the town's categories and
    // organisations, never with its persons or records
    "report_year_distinct"};

// What one statement was planned as, each time it ran (a plan may differ with its parameters' NULLs).
struct RecordedPlan {
    std::string text;
    std::set<std::string> lines;
};

// An SqlExecutor decorator that, while recording, runs EXPLAIN QUERY PLAN of each statement with its parameters on
// the same connection, then the statement itself.
class PlanRecorder final : public SqlExecutor {
public:
    explicit PlanRecorder(SqlExecutor& inner) : inner_(inner) {}

    Status Read(const SqlWork& work) override {
        return inner_.Read([&](SqlConnection& connection) {
            Connection recording(connection, *this);
            return work(recording);
        });
    }
    Status Write(const SqlWork& work) override {
        return inner_.Write([&](SqlConnection& connection) {
            Connection recording(connection, *this);
            return work(recording);
        });
    }

    void Record(bool on) {
        const std::lock_guard lock(mutex_);
        recording_ = on;
    }
    void Clear() {
        const std::lock_guard lock(mutex_);
        plans_.clear();
    }
    std::map<std::string, RecordedPlan> Plans() const {
        const std::lock_guard lock(mutex_);
        return plans_;
    }

private:
    class Connection final : public SqlConnection {
    public:
        Connection(SqlConnection& inner, PlanRecorder& recorder) : inner_(inner), recorder_(recorder) {}
        Result<SqlResult> Execute(const SqlStatement& statement, std::span<const SqlParam> params) override {
            recorder_.Explain(inner_, statement, params);
            return inner_.Execute(statement, params);
        }
        Status Stream(const SqlStatement& statement, std::span<const SqlParam> params, const SqlVisit& visit) override {
            recorder_.Explain(inner_, statement, params);
            return inner_.Stream(statement, params, visit);
        }
        Status ExecuteScript(std::string_view sql) override { return inner_.ExecuteScript(sql); }
        bool RoundTripPerStatement() const override { return inner_.RoundTripPerStatement(); }

    private:
        SqlConnection& inner_;
        PlanRecorder& recorder_;
    };

    void Explain(SqlConnection& connection, const SqlStatement& statement, std::span<const SqlParam> params) {
        const SqlStatement* explain = nullptr;
        {
            const std::lock_guard lock(mutex_);
            if (!recording_) return;
            // The backends cache prepared statements by the address of their text: one EXPLAIN per statement, kept.
            auto found = explains_.find(statement.text);
            if (found == explains_.end()) {
                texts_.push_back(std::string("plan_of_") + statement.name);
                const std::string& name = texts_.back();
                texts_.push_back(std::string("EXPLAIN QUERY PLAN ") + statement.text);
                const std::string& text = texts_.back();
                found = explains_.emplace(statement.text, SqlStatement{name.c_str(), text.c_str()}).first;
            }
            explain = &found->second;
        }
        auto plan = connection.Execute(*explain, params);
        const std::lock_guard lock(mutex_);
        RecordedPlan& recorded = plans_[statement.name];
        recorded.text = statement.text;
        if (!plan) {
            recorded.lines.insert("EXPLAIN failed: " + plan.error().message);
            return;
        }
        for (const auto& row : plan->rows) {
            if (row.size() >= 4 && row[3]) recorded.lines.insert(*row[3]);
        }
    }

    SqlExecutor& inner_;
    mutable std::mutex mutex_;
    bool recording_ = false;
    std::deque<std::string> texts_;
    std::map<const char*, SqlStatement> explains_;
    std::map<std::string, RecordedPlan> plans_;
};

// The tables a statement names, by alias: "FROM consultations c JOIN contacts f" gives c -> consultations,
// f -> contacts, and each table also under its own name.
std::map<std::string, std::string> TablesByAlias(const std::string& sql) {
    static const std::set<std::string> kKeywords = {"WHERE", "JOIN",  "LEFT",  "CROSS",  "INNER",     "ON",     "USING",
                                                    "ORDER", "GROUP", "LIMIT", "UNION",  "SET",       "VALUES", "AS",
                                                    "AND",   "OR",    "WITH",  "SELECT", "RETURNING", "NATURAL"};
    static const std::regex kTable(
        R"((?:FROM|JOIN|UPDATE|INTO)\s+([a-z_][a-z0-9_]*)(?:\s+(?:AS\s+)?([a-z_][a-z0-9_]*))?)", std::regex::icase);
    std::map<std::string, std::string> out;
    for (auto it = std::sregex_iterator(sql.begin(), sql.end(), kTable); it != std::sregex_iterator(); ++it) {
        const std::string table = (*it)[1];
        // A table-valued function (json_each of an id set) is the caller's list, not a table.
        const auto after = static_cast<std::size_t>(it->position(1) + it->length(1));
        if (after < sql.size() && sql[after] == '(') continue;
        out[table] = table;
        std::string alias = (*it)[2];
        std::string upper = alias;
        std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
        if (!alias.empty() && !kKeywords.contains(upper)) out[alias] = table;
    }
    return out;
}

// What in a plan line reads the town rather than the caller's rows; empty when nothing.
std::string TownScanIn(const std::string& line, const std::map<std::string, std::string>& tables) {
    static const std::regex kScan(R"(^SCAN ([a-z_][a-z0-9_]*)\b)");
    static const std::regex kSearch(R"(^SEARCH ([a-z_][a-z0-9_]*) USING .*\((municipality_id=\?)\)( LEFT-JOIN)?$)");
    std::smatch match;
    const bool scan = std::regex_search(line, match, kScan);
    const bool town = !scan && std::regex_search(line, match, kSearch);
    if (!scan && !town) return {};
    const std::string alias = match[1];
    auto found = tables.find(alias);
    // json_each (the id sets), subqueries and CTEs are not tables of the schema.
    if (found == tables.end()) return {};
    if (kMasterTables.contains(found->second)) return {};
    return (scan ? "a scan of " : "every row of the municipality in ") + found->second;
}

class QueryPlanTest : public ::testing::Test {
protected:
    struct Session {
        std::string cookie;
    };

    // One generated town for the suite (generation is most of its time); each test records its own plans.
    static void SetUpTestSuite() {
        ASSERT_TRUE(InitializeCrypto());
        directory_ = NewTemporaryDirectory();
        StoreOptions options{.pool_size = 2};
        options.decorate_executor = [](SqlExecutor& inner) {
            auto recorder = std::make_unique<PlanRecorder>(inner);
            recorder_ = recorder.get();
            return recorder;
        };
        auto store = OpenStore("sqlite:" + (directory_ / "plans.db").string(), options);
        ASSERT_TRUE(store) << store.error().message;
        store_ = std::move(*store);
        ASSERT_TRUE(store_->Migrate());
        auto town = demo::LoadDemoTown(*store_, clock_);
        ASSERT_TRUE(town) << town.error().message;
        auto scale = demo::LoadDemoScale(*store_, *town, demo::DemoScaleOptions{.persons = demo::kDemoScaleMinPersons});
        ASSERT_TRUE(scale) << scale.error().message;
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

    void SetUp() override {
        ASSERT_NE(recorder_, nullptr);
        recorder_->Clear();
    }

    static void TearDownTestSuite() {
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
        std::error_code ignored;
        std::filesystem::remove_all(directory_, ignored);
    }

    // Matches and runs a route as the server does after authentication (as tests/faults/fault_fixture.hpp).
    http::Response Call(const std::string& method, const std::string& target, std::string body,
                        const Session* session) {
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
        if (!request.body.empty()) request.headers.push_back({"Content-Type", "application/json"});
        request.remote_address = "192.0.2.1";
        auto match = router_.Find(request.method, request.path);
        if (!match.route) return http::Response::ErrorJson(Error::NotFound());
        request.path_params = match.params;
        if (match.route->access == http::Access::kSignedIn) {
            auto cookie = request.Cookie(http::kSessionCookieName);
            auto principal = cookie ? auth_->AuthenticateSession(*cookie) : Fail(Error::Unauthenticated());
            if (!principal) return http::Response::ErrorJson(principal.error());
            request.principal = *principal;
            request.session_token = *cookie;
        }
        return match.route->handler(request);
    }

    Session SignIn(std::string_view username) {
        auto response =
            Call("POST", "/api/v1/sessions", Json{{"username", username}, {"password", "kasane-demo"}}.dump(), nullptr);
        EXPECT_EQ(response.status, 201) << response.body;
        const std::string cookie(response.HeaderValue("Set-Cookie"));
        const std::string prefix = std::string(http::kSessionCookieName) + "=";
        return Session{.cookie = cookie.substr(prefix.size(), cookie.find(';') - prefix.size())};
    }

    // Every statement recorded, with what in its plan reads the town; the failures name the statement.
    void ExpectNoTownScans(const std::map<std::string, RecordedPlan>& plans) {
        std::cout << "[ plans ] " << plans.size() << " statements checked\n";
        for (const auto& [name, plan] : plans) {
            const auto tables = TablesByAlias(plan.text);
            std::string problems;
            for (const std::string& line : plan.lines) {
                if (line.starts_with("EXPLAIN failed")) problems += "\n    " + line;
                if (const std::string scan = TownScanIn(line, tables); !scan.empty()) {
                    problems += "\n    " + scan + ": " + line;
                }
            }
            if (problems.empty()) continue;
            std::string shown;
            for (const std::string& line : plan.lines) shown += "\n      " + line;
            ADD_FAILURE() << "statement " << name << " reads the town:" << problems << "\n  plan:" << shown
                          << "\n  sql: " << plan.text.substr(0, 600);
        }
    }

    static void ExpectRecorded(const std::map<std::string, RecordedPlan>& plans,
                               std::initializer_list<std::string_view> names) {
        for (std::string_view name : names) {
            EXPECT_TRUE(plans.contains(std::string(name))) << "statement " << name << " did not run";
        }
    }

    static inline std::filesystem::path directory_;
    // Inside the generated years (FY2021–FY2025), so that the desk has overdue referrals and reviews to count.
    static inline ManualClock clock_{std::chrono::sys_days{std::chrono::year{2025} / 6 / 2} + std::chrono::hours{1}};
    static inline PlanRecorder* recorder_ = nullptr;
    static inline std::unique_ptr<domain::Store> store_;
    static inline std::unique_ptr<domain::AuditRecorder> audit_;
    static inline std::unique_ptr<domain::AuthService> auth_;
    static inline std::unique_ptr<domain::Administration> administration_;
    static inline std::unique_ptr<domain::Directory> town_directory_;
    static inline std::unique_ptr<domain::PersonService> persons_;
    static inline std::unique_ptr<domain::HouseholdService> households_;
    static inline std::unique_ptr<domain::ConsultationService> consultations_;
    static inline std::unique_ptr<domain::ReferralService> referrals_;
    static inline std::unique_ptr<domain::ReportService> reports_;
    static inline std::unique_ptr<domain::SharingService> sharing_;
    static inline std::unique_ptr<domain::AuditService> audit_reports_;
    static inline std::unique_ptr<domain::CaseService> cases_;
    static inline http::Router router_;
};

TEST_F(QueryPlanTest, TheHomePageReadsOnlyTheCallersWork) {
    const Session coordinator = SignIn("demo-coordinator");
    recorder_->Record(true);
    const auto home = Call("GET", "/", "", &coordinator);
    const auto desk = Call("GET", "/desk", "", &coordinator);
    recorder_->Record(false);
    ASSERT_EQ(home.status, 200) << home.body.substr(0, 500);
    ASSERT_EQ(desk.status, 200) << desk.body.substr(0, 500);
    const auto plans = recorder_->Plans();
    ExpectRecorded(plans, {"desk_open_consultations", "desk_unanswered_incoming", "desk_unanswered_outgoing",
                           "desk_meetings_of_user", "desk_expiring_consents", "intake_consultations_due_for_contact",
                           "case_reviews_due_of_lead"});
    ExpectNoTownScans(plans);
}

TEST_F(QueryPlanTest, TheConsultationBookReadsOnePage) {
    const Session coordinator = SignIn("demo-coordinator");
    const Session volunteer = SignIn("demo-volunteer");
    recorder_->Record(true);
    for (const std::string target : {"/consultations?from=2024-04-01&to=2025-03-31", "/consultations",
                                     "/consultations?from=2024-04-01&to=2025-03-31&page=3",
                                     "/consultations?from=2024-04-01&to=2025-03-31&status=open&source=agency"}) {
        const auto book = Call("GET", target, "", &coordinator);
        EXPECT_EQ(book.status, 200) << target << ": " << book.body.substr(0, 500);
    }
    const auto own = Call("GET", "/consultations?from=2024-04-01&to=2025-03-31", "", &volunteer);
    EXPECT_EQ(own.status, 200) << own.body.substr(0, 500);
    recorder_->Record(false);
    const auto plans = recorder_->Plans();
    ExpectRecorded(plans, {"intake_book_dated"});
    ExpectNoTownScans(plans);
}

TEST_F(QueryPlanTest, ANewConsultationWritesWithoutReadingTheTown) {
    const Session caseworker = SignIn("demo-caseworker");
    const Json body = {
        {"new_person",
         {{"family_name", "計画"},
          {"given_name", "確認"},
          {"family_name_kana", "ケイカク"},
          {"given_name_kana", "カクニン"}}},
        {"chief_complaint", "実行計画の確認"},
        {"categories", Json::array({{{"code", "other"}, {"most_pressing", true}}})},
        {"first_contact",
         {{"occurred_at", "2025-06-02T00:30:00Z"}, {"channel", "phone"}, {"source", "agency"}, {"summary", "確認"}}}};
    recorder_->Record(true);
    const auto created = Call("POST", "/api/v1/consultations", body.dump(), &caseworker);
    ASSERT_TRUE(audit_->Flush());
    recorder_->Record(false);
    ASSERT_EQ(created.status, 201) << created.body.substr(0, 500);
    ExpectNoTownScans(recorder_->Plans());
}

TEST_F(QueryPlanTest, TheCasePageReadsOneCase) {
    const Session coordinator = SignIn("demo-coordinator");
    const auto cases = Call("GET", "/api/v1/cases?limit=5", "", &coordinator);
    ASSERT_EQ(cases.status, 200) << cases.body.substr(0, 500);
    const Json listed = Json::parse(cases.body, nullptr, false);
    const Json& items = listed.is_array() ? listed : listed.value("items", Json::array());
    ASSERT_FALSE(items.empty()) << cases.body.substr(0, 500);
    const std::string id = std::to_string(items.front().at("id").get<long long>());
    recorder_->Record(true);
    const auto page = Call("GET", "/cases/" + id, "", &coordinator);
    recorder_->Record(false);
    ASSERT_EQ(page.status, 200) << page.body.substr(0, 500);
    const auto plans = recorder_->Plans();
    EXPECT_GT(plans.size(), 10U) << "the case page ran too few statements to be the case page";
    ExpectNoTownScans(plans);
}

// A membership's end moves the 世帯人員 of everyone in the household (the 年度集計's facets, migration 65): the write
// reads the household, its members' merges, memberships and counted 年度, never the town's memberships.
TEST_F(QueryPlanTest, AMoveOutWritesWithoutReadingTheTown) {
    // A current member, counted in a 年度, of a household (the write is the repository's: who may make it is the
    // service's and the API tests' concern).
    std::int64_t town = 0;
    std::int64_t household = 0;
    std::int64_t member = 0;
    {
        sqlite3* db = nullptr;
        ASSERT_EQ(sqlite3_open((directory_ / "plans.db").string().c_str(), &db), SQLITE_OK);
        sqlite3_busy_timeout(db, 10000);
        sqlite3_stmt* statement = nullptr;
        ASSERT_EQ(sqlite3_prepare_v2(db,
                                     "SELECT h.municipality_id, h.household_id, h.id FROM household_members h JOIN "
                                     "report_year_members m ON m.member_id = h.person_id AND m.bucket = 'all' "
                                     "WHERE h.moved_out IS NULL ORDER BY h.id LIMIT 1",
                                     -1, &statement, nullptr),
                  SQLITE_OK);
        if (sqlite3_step(statement) == SQLITE_ROW) {
            town = sqlite3_column_int64(statement, 0);
            household = sqlite3_column_int64(statement, 1);
            member = sqlite3_column_int64(statement, 2);
        }
        sqlite3_finalize(statement);
        sqlite3_close(db);
    }
    ASSERT_GT(household, 0) << "no counted person lives in a household";
    recorder_->Record(true);
    const auto moved = store_->Tenant(MunicipalityId{town})
                           ->Households()
                           .EndMembership(domain::HouseholdId{household}, member,
                                          domain::Date{std::chrono::year{2025} / 3 / 31}, "転出");
    recorder_->Record(false);
    ASSERT_TRUE(moved.has_value()) << moved.error().message;
    const auto plans = recorder_->Plans();
    for (const std::string name :
         {"aggregates_memberships_of", "aggregates_household_members_of", "aggregates_counted_years_of"}) {
        EXPECT_TRUE(plans.contains(name) || plans.contains(name + "_one")) << "statement " << name << " did not run";
    }
    ExpectNoTownScans(plans);
}

// The access versions' triggers (migration 60) run inside every write of the tables they watch, where the plan
// recorder does not see them: the work of a statement with its triggers is counted instead, as SQLite's virtual
// machine steps for one update of a membership and of a case (rolled back). Before migration 63 each read every
// membership of the town through household_members_by_person, which starts with the municipality: thousands of steps
// here, a full index walk per write on the prefecture's 1,000,000 memberships.
TEST_F(QueryPlanTest, TheAccessVersionTriggersReadOnlyTheRowsTheyReach) {
    ASSERT_TRUE(audit_->Flush());  // the store's own writes done; the busy timeout waits out any other
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((directory_ / "plans.db").string().c_str(), &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 10000);
    const auto run = [&](const char* sql) -> long long {
        sqlite3_stmt* statement = nullptr;
        EXPECT_EQ(sqlite3_prepare_v2(db, sql, -1, &statement, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
        if (statement == nullptr) return -1;
        while (sqlite3_step(statement) == SQLITE_ROW) {
        }
        const long long steps = sqlite3_stmt_status(statement, SQLITE_STMTSTATUS_VM_STEP, 0);
        EXPECT_EQ(sqlite3_finalize(statement), SQLITE_OK) << sql << ": " << sqlite3_errmsg(db);
        return steps;
    };
    const auto count = [&](const char* sql) {
        sqlite3_stmt* statement = nullptr;
        long long value = -1;
        if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) == SQLITE_OK &&
            sqlite3_step(statement) == SQLITE_ROW) {
            value = sqlite3_column_int64(statement, 0);
        }
        sqlite3_finalize(statement);
        return value;
    };
    const long long memberships = count("SELECT COUNT(*) FROM household_members");
    ASSERT_GT(memberships, 1000);
    ASSERT_GT(count("SELECT COUNT(*) FROM cases WHERE household_id IS NOT NULL"), 0);
    for (const char* update :
         {"UPDATE household_members SET moved_out = '2030-01-01' WHERE id = (SELECT MAX(id) FROM household_members)",
          "UPDATE cases SET status = status WHERE id = (SELECT MAX(id) FROM cases WHERE household_id IS NOT NULL)"}) {
        run("BEGIN");
        const long long steps = run(update);
        run("ROLLBACK");
        EXPECT_GT(steps, 0) << update;
        EXPECT_LT(steps, memberships) << update << ": its triggers read the town's memberships";
    }
    sqlite3_close(db);
}

// Migration numbers are handed out before branches merge: 58 arrived after 59 was released. A database migrated
// through 59 without 58 must still get 58 (its indexes are what the tests above check); the runner once skipped
// every migration below the database's highest number.
TEST(MigrationOrder, AMigrationNumberedBelowTheNewestIsStillApplied) {
    const std::filesystem::path directory = NewTemporaryDirectory();
    SqlExecutor* executor = nullptr;
    StoreOptions options{.pool_size = 1, .decorate_executor = [&](SqlExecutor& inner) {
                             auto recorder = std::make_unique<PlanRecorder>(inner);
                             executor = recorder.get();
                             return std::unique_ptr<SqlExecutor>(std::move(recorder));
                         }};
    auto store = OpenStore("sqlite:" + (directory / "order.db").string(), options);
    ASSERT_TRUE(store) << store.error().message;
    ASSERT_NE(executor, nullptr);
    SqlDialect without = sqlite::SqliteDialect();
    const auto all = without.migrations.size();
    std::erase_if(without.migrations, [](const Migration& migration) { return migration.version == 58; });
    ASSERT_EQ(without.migrations.size() + 1, all) << "migration 58 is not in the SQLite list";
    ASSERT_TRUE(ApplyMigrations(*executor, without));
    static constexpr SqlStatement kIndex{"plan_test_index",
                                         "SELECT COUNT(*) FROM sqlite_master WHERE name = 'referrals_by_consultation'"};
    const auto index_count = [&] {
        std::int64_t count = -1;
        EXPECT_TRUE(executor->Read([&](SqlConnection& connection) -> Status {
            auto result = connection.Execute(kIndex, {});
            if (!result) return Fail(result.error());
            count = SqlRow(result->rows.front()).Integer(0).value_or(-1);
            return {};
        }));
        return count;
    };
    ASSERT_EQ(index_count(), 0);
    auto applied = (*store)->Migrate();
    ASSERT_TRUE(applied) << applied.error().message;
    EXPECT_EQ(*applied, 1);
    EXPECT_EQ(index_count(), 1);
    store->reset();
    std::error_code ignored;
    std::filesystem::remove_all(directory, ignored);
}

}  // namespace
}  // namespace kasane::storage
