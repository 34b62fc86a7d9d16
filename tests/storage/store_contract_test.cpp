// The storage contract: every case runs on SQLite (a fresh file per test) and on PostgreSQL (one database in
// the throwaway cluster, its schema dropped and recreated per test). The PostgreSQL cases fail, never skip,
// when the cluster is missing: the environment variables below are set by tests/storage/CMakeLists.txt.
//
//   KASANE_PG_TEST_CLUSTER   the cluster directory (pg-test-cluster.sh start DIR wrote DIR/url)
//   KASANE_PG_TEST_SCRIPT    scripts/pg-test-cluster.sh, used to create the test databases

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "base/log.hpp"
#include "base/time.hpp"
#include "domain/repositories.hpp"
#include "storage/open_store.hpp"

namespace kasane::storage {
namespace {

using domain::ApiToken;
using domain::AreaKind;
using domain::AuthEvent;
using domain::AuthEventKind;
using domain::Municipality;
using domain::NewUser;
using domain::OrganizationKind;
using domain::Role;
using domain::Session;
using domain::Store;
using domain::User;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;

enum class Backend { kSqlite, kPostgres };

std::string BackendName(const testing::TestParamInfo<Backend>& info) {
    return info.param == Backend::kSqlite ? "sqlite" : "postgres";
}

#define ASSERT_OK(expression)                                                                                 \
    do {                                                                                                      \
        const auto& assert_ok_result = (expression);                                                          \
        ASSERT_TRUE(assert_ok_result.has_value()) << #expression << ": " << assert_ok_result.error().message; \
    } while (false)

#define EXPECT_ERROR(expression, expected_code, expected_field)                                  \
    do {                                                                                         \
        const auto& expect_error_result = (expression);                                          \
        ASSERT_FALSE(expect_error_result.has_value()) << #expression << " succeeded";            \
        EXPECT_EQ(ErrorCodeName(expect_error_result.error().code), ErrorCodeName(expected_code)) \
            << #expression << ": " << expect_error_result.error().message;                       \
        EXPECT_EQ(expect_error_result.error().field, expected_field) << #expression;             \
    } while (false)

std::string RequiredEnvironment(const char* name) {
    const char* value = std::getenv(name);
    if (value == nullptr || *value == '\0') {
        throw std::runtime_error(std::string("environment variable ") + name +
                                 " is not set: the PostgreSQL suite must run under CTest with the postgres_cluster "
                                 "fixture (ctest -L storage)");
    }
    return value;
}

// Runs pg-test-cluster.sh createdb and returns the URL it prints.
std::string CreateDatabase(const std::string& name, const std::string& extra = {}) {
    const std::string cluster = RequiredEnvironment("KASANE_PG_TEST_CLUSTER");
    const std::string script = RequiredEnvironment("KASANE_PG_TEST_SCRIPT");
    if (!std::filesystem::exists(cluster + "/url")) {
        throw std::runtime_error("no PostgreSQL test cluster at " + cluster + " (missing url file)");
    }
    const std::string command = "'" + script + "' createdb '" + cluster + "' " + name + " " + extra;
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) throw std::runtime_error("cannot run " + command);
    std::string output;
    char buffer[512];
    while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
    const int status = pclose(pipe);
    if (status != 0) throw std::runtime_error("failed: " + command);
    while (!output.empty() && (output.back() == '\n' || output.back() == '\r')) output.pop_back();
    if (!output.starts_with("postgresql://")) throw std::runtime_error("unexpected output of createdb: " + output);
    return output;
}

void PostgresExecute(const std::string& url, const std::string& sql) {
    PGconn* conn = PQconnectdb(url.c_str());
    if (PQstatus(conn) != CONNECTION_OK) {
        const std::string message = PQerrorMessage(conn);
        PQfinish(conn);
        throw std::runtime_error("cannot connect to " + url + ": " + message);
    }
    PGresult* result = PQexec(conn, sql.c_str());
    const ExecStatusType status = PQresultStatus(result);
    const std::string message = PQresultErrorMessage(result);
    PQclear(result);
    PQfinish(conn);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) throw std::runtime_error(sql + ": " + message);
}

void SqliteExecute(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        throw std::runtime_error("cannot open " + path);
    }
    sqlite3_busy_timeout(db, 5000);
    char* message = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
    const std::string text = message != nullptr ? message : "";
    sqlite3_free(message);
    sqlite3_close(db);
    if (rc != SQLITE_OK) throw std::runtime_error(sql + ": " + text);
}

// The one PostgreSQL database of this process, created on first use.
const std::string& PostgresUrl() {
    static const std::string url = CreateDatabase("storage_contract");
    return url;
}

std::filesystem::path NewTemporaryDirectory() {
    static std::atomic<int> counter{0};
    const auto path = std::filesystem::temp_directory_path() /
                      ("kasane-storage-test-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
    return path;
}

Instant At(int year, unsigned month, unsigned day, int hour = 0, int minute = 0, int millisecond = 0) {
    return std::chrono::sys_days{std::chrono::year{year} / std::chrono::month{month} / std::chrono::day{day}} +
           hours{hour} + minutes{minute} + milliseconds{millisecond};
}

class StoreContractTest : public testing::TestWithParam<Backend> {
protected:
    void SetUp() override {
        SetLogLevel(LogLevel::kWarning);
        directory_ = NewTemporaryDirectory();
        if (GetParam() == Backend::kSqlite) {
            sqlite_path_ = (directory_ / "kasane.db").string();
            url_ = "sqlite:" + sqlite_path_;
        } else {
            try {
                url_ = PostgresUrl();
                PostgresExecute(url_,
                                "SET client_min_messages = warning; DROP SCHEMA public CASCADE; CREATE SCHEMA public");
            } catch (const std::exception& error) {
                FAIL() << "PostgreSQL test cluster unavailable: " << error.what();
            }
        }
        auto opened = OpenStore(url_, StoreOptions{.pool_size = 4});
        ASSERT_TRUE(opened.has_value()) << opened.error().message;
        store_ = std::move(*opened);
        auto before = store_->SchemaVersion();
        ASSERT_OK(before);
        version_before_migrate_ = *before;
        auto applied = store_->Migrate();
        ASSERT_OK(applied);
        applied_in_setup_ = *applied;
    }

    void TearDown() override {
        store_.reset();
        std::error_code error;
        std::filesystem::remove_all(directory_, error);
    }

    // Raw SQL around the Store, for what its API cannot do on purpose (a newer schema).
    void ExecuteRaw(const std::string& sql) {
        if (GetParam() == Backend::kSqlite) {
            SqliteExecute(sqlite_path_, sql);
        } else {
            PostgresExecute(url_, sql);
        }
    }

    Municipality AddMunicipality(const std::string& code, const std::string& name) {
        auto created = store_->Municipalities().Create(
            Municipality{.code = code, .name = name, .prefecture_name = "鳥取県", .fictional = true});
        EXPECT_TRUE(created.has_value()) << (created ? "" : created.error().message);
        return created.value_or(Municipality{});
    }

    // Municipality A (with one organisation and one user) and B (likewise).
    struct World {
        Municipality a, b;
        domain::Organization a_org, b_org;
        User a_user, b_user;
    };
    World MakeWorld() {
        World world;
        world.a = AddMunicipality("313726", "北栄町");
        world.b = AddMunicipality("313700", "湯梨浜町");
        world.a_org =
            store_->Tenant(world.a.id)->Organizations().Create(OrganizationKind::kMunicipalDivision, "福祉課").value();
        world.b_org =
            store_->Tenant(world.b.id)->Organizations().Create(OrganizationKind::kMunicipalDivision, "福祉課").value();
        world.a_user = store_->Tenant(world.a.id)
                           ->Users()
                           .Create(NewUser{.organization_id = world.a_org.id,
                                           .username = "a-caseworker",
                                           .display_name = "北栄 花子",
                                           .roles = {Role::kCaseworker},
                                           .password_hash = "hash-a"},
                                   At(2024, 4, 1, 9))
                           .value();
        world.b_user = store_->Tenant(world.b.id)
                           ->Users()
                           .Create(NewUser{.organization_id = world.b_org.id,
                                           .username = "b-caseworker",
                                           .display_name = "湯梨浜 太郎",
                                           .roles = {Role::kCoordinator},
                                           .password_hash = "hash-b"},
                                   At(2024, 4, 1, 9))
                           .value();
        return world;
    }

    Session MakeSession(const User& user, const std::string& hash, Instant created) {
        return Session{.token_hash = hash,
                       .user_id = user.id,
                       .municipality_id = user.municipality_id,
                       .created_at = created,
                       .last_seen_at = created,
                       .expires_at = created + hours{12},
                       .remote_address = "192.0.2.10",
                       .user_agent = "Mozilla/5.0 テスト"};
    }

    std::filesystem::path directory_;
    std::string sqlite_path_;
    std::string url_;
    std::unique_ptr<Store> store_;
    int version_before_migrate_ = -1;
    int applied_in_setup_ = -1;
};

// ---------------------------------------------------------------------------------------------------------------
// Opening and schema

TEST_P(StoreContractTest, ReportsItsBackend) {
    EXPECT_EQ(store_->Backend(), GetParam() == Backend::kSqlite ? "sqlite" : "postgresql");
}

TEST_P(StoreContractTest, MigrationsApplyFromEmptyAndAreIdempotent) {
    EXPECT_EQ(version_before_migrate_, 0);
    EXPECT_GE(store_->LatestSchemaVersion(), 1);
    EXPECT_EQ(applied_in_setup_, store_->LatestSchemaVersion());
    auto version = store_->SchemaVersion();
    ASSERT_OK(version);
    EXPECT_EQ(*version, store_->LatestSchemaVersion());
    auto again = store_->Migrate();
    ASSERT_OK(again);
    EXPECT_EQ(*again, 0);
    // A second store on the same database sees the schema as current too.
    auto other = OpenStore(url_, StoreOptions{});
    ASSERT_OK(other);
    auto other_again = (*other)->Migrate();
    ASSERT_OK(other_again);
    EXPECT_EQ(*other_again, 0);
}

TEST_P(StoreContractTest, MigrateRefusesANewerSchema) {
    ExecuteRaw(
        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'from the future', "
        "'2030-01-01T00:00:00.000Z')");
    auto version = store_->SchemaVersion();
    ASSERT_OK(version);
    EXPECT_EQ(*version, 999);
    EXPECT_ERROR(store_->Migrate(), ErrorCode::kSchemaTooNew, "");
}

TEST_P(StoreContractTest, OpenStoreRejectsUnknownUrls) {
    EXPECT_ERROR(OpenStore("mysql://localhost/kasane", StoreOptions{}), ErrorCode::kInvalidArgument, "db");
    EXPECT_ERROR(OpenStore("sqlite:", StoreOptions{}), ErrorCode::kInvalidArgument, "db");
    EXPECT_ERROR(OpenStore("", StoreOptions{}), ErrorCode::kInvalidArgument, "db");
    EXPECT_ERROR(OpenStore("sqlite:/no/such/directory/kasane.db", StoreOptions{}), ErrorCode::kInvalidArgument, "db");
}

TEST_P(StoreContractTest, PingAndPoolStats) {
    ASSERT_OK(store_->Ping());
    const domain::PoolStats idle = store_->Pool();
    EXPECT_GE(idle.size, 1);
    EXPECT_EQ(idle.in_use, 0);
    EXPECT_GE(idle.waits, 0);
    domain::PoolStats during{};
    ASSERT_OK(store_->Transaction([&](Store& transaction) -> Status {
        during = transaction.Pool();
        return transaction.Ping();
    }));
    EXPECT_GE(during.in_use, 1);
    EXPECT_EQ(store_->Pool().in_use, 0);
}

// ---------------------------------------------------------------------------------------------------------------
// Municipalities

TEST_P(StoreContractTest, Municipalities) {
    auto& municipalities = store_->Municipalities();
    auto created = municipalities.Create(
        Municipality{.id = 42, .code = "313726", .name = "北栄町", .prefecture_name = "鳥取県", .fictional = true});
    ASSERT_OK(created);
    EXPECT_GT(created->id, 0);
    EXPECT_EQ(created->name, "北栄町");
    auto other = municipalities.Create(
        Municipality{.code = "312011", .name = "鳥取市", .prefecture_name = "鳥取県", .fictional = false});
    ASSERT_OK(other);

    auto got = municipalities.Get(created->id);
    ASSERT_OK(got);
    EXPECT_EQ(got->code, "313726");
    EXPECT_EQ(got->name, "北栄町");
    EXPECT_EQ(got->prefecture_name, "鳥取県");
    EXPECT_TRUE(got->fictional);

    auto by_code = municipalities.FindByCode("312011");
    ASSERT_OK(by_code);
    EXPECT_EQ(by_code->id, other->id);
    EXPECT_FALSE(by_code->fictional);

    auto list = municipalities.List();
    ASSERT_OK(list);
    ASSERT_EQ(list->size(), 2u);
    EXPECT_EQ((*list)[0].code, "312011");  // ordered by code
    EXPECT_EQ((*list)[1].code, "313726");

    EXPECT_ERROR(municipalities.Create(Municipality{.code = "313726", .name = "別名", .prefecture_name = "鳥取県"}),
                 ErrorCode::kConflict, "code");
    EXPECT_ERROR(municipalities.Get(created->id + 1000), ErrorCode::kNotFound, "");
    EXPECT_ERROR(municipalities.FindByCode("999999"), ErrorCode::kNotFound, "");
}

// ---------------------------------------------------------------------------------------------------------------
// Organizations and areas

TEST_P(StoreContractTest, OrganizationsAreScopedToTheirMunicipality) {
    const Municipality a = AddMunicipality("313726", "北栄町");
    const Municipality b = AddMunicipality("313700", "湯梨浜町");
    auto tenant_a = store_->Tenant(a.id);
    auto tenant_b = store_->Tenant(b.id);
    EXPECT_EQ(tenant_a->Tenant(), a.id);

    auto welfare = tenant_a->Organizations().Create(OrganizationKind::kMunicipalDivision, "福祉課");
    ASSERT_OK(welfare);
    EXPECT_EQ(welfare->municipality_id, a.id);
    EXPECT_EQ(welfare->kind, OrganizationKind::kMunicipalDivision);
    auto center = tenant_a->Organizations().Create(OrganizationKind::kCommunityCareCenter, "地域包括支援センター");
    ASSERT_OK(center);
    EXPECT_ERROR(tenant_a->Organizations().Create(OrganizationKind::kNpo, "福祉課"), ErrorCode::kConflict, "name");
    // The same name in another municipality is another organisation.
    auto b_welfare = tenant_b->Organizations().Create(OrganizationKind::kMunicipalDivision, "福祉課");
    ASSERT_OK(b_welfare);

    auto got = tenant_a->Organizations().Get(center->id);
    ASSERT_OK(got);
    EXPECT_EQ(got->name, "地域包括支援センター");
    EXPECT_EQ(got->kind, OrganizationKind::kCommunityCareCenter);
    auto list = tenant_a->Organizations().List();
    ASSERT_OK(list);
    ASSERT_EQ(list->size(), 2u);
    EXPECT_EQ((*list)[0].id, welfare->id);
    EXPECT_EQ((*list)[1].id, center->id);

    EXPECT_ERROR(tenant_b->Organizations().Get(welfare->id), ErrorCode::kNotFound, "");
    auto b_list = tenant_b->Organizations().List();
    ASSERT_OK(b_list);
    ASSERT_EQ(b_list->size(), 1u);
    EXPECT_EQ((*b_list)[0].id, b_welfare->id);

    // A tenant that does not exist has nothing and can create nothing.
    auto ghost = store_->Tenant(b.id + 1000);
    EXPECT_ERROR(ghost->Organizations().Create(OrganizationKind::kOther, "幽霊"), ErrorCode::kNotFound, "");
}

TEST_P(StoreContractTest, AreasAreOrderedByKindAndScoped) {
    const Municipality a = AddMunicipality("313726", "北栄町");
    const Municipality b = AddMunicipality("313700", "湯梨浜町");
    auto areas_tenant = store_->Tenant(a.id);
    auto& areas = areas_tenant->Areas();
    auto school = areas.Create(AreaKind::kElementarySchoolDistrict, "北条小学校区");
    ASSERT_OK(school);
    auto hood1 = areas.Create(AreaKind::kNeighborhood, "由良宿");
    ASSERT_OK(hood1);
    auto hood2 = areas.Create(AreaKind::kNeighborhood, "大谷");
    ASSERT_OK(hood2);
    // Same name, other kind: allowed. Same kind and name: conflict.
    ASSERT_OK(areas.Create(AreaKind::kWelfareVolunteerDistrict, "由良宿"));
    EXPECT_ERROR(areas.Create(AreaKind::kNeighborhood, "由良宿"), ErrorCode::kConflict, "name");

    auto all = areas.List(std::nullopt);
    ASSERT_OK(all);
    ASSERT_EQ(all->size(), 4u);
    EXPECT_EQ((*all)[0].id, hood1->id);
    EXPECT_EQ((*all)[1].id, hood2->id);
    EXPECT_EQ((*all)[2].id, school->id);
    EXPECT_EQ((*all)[3].kind, AreaKind::kWelfareVolunteerDistrict);

    auto neighborhoods = areas.List(AreaKind::kNeighborhood);
    ASSERT_OK(neighborhoods);
    ASSERT_EQ(neighborhoods->size(), 2u);
    EXPECT_EQ((*neighborhoods)[0].name, "由良宿");
    auto got = areas.Get(school->id);
    ASSERT_OK(got);
    EXPECT_EQ(got->name, "北条小学校区");
    EXPECT_EQ(got->municipality_id, a.id);

    auto b_areas_tenant = store_->Tenant(b.id);
    auto& b_areas = b_areas_tenant->Areas();
    EXPECT_ERROR(b_areas.Get(school->id), ErrorCode::kNotFound, "");
    auto b_all = b_areas.List(std::nullopt);
    ASSERT_OK(b_all);
    EXPECT_TRUE(b_all->empty());
    auto b_kind = b_areas.List(AreaKind::kNeighborhood);
    ASSERT_OK(b_kind);
    EXPECT_TRUE(b_kind->empty());
    ASSERT_OK(b_areas.Create(AreaKind::kNeighborhood, "由良宿"));  // names are per municipality
}

// ---------------------------------------------------------------------------------------------------------------
// Users

TEST_P(StoreContractTest, UsersCreateGetListWithSortedRoles) {
    const World world = MakeWorld();
    auto users_tenant = store_->Tenant(world.a.id);
    auto& users = users_tenant->Users();
    const Instant created_at = At(2024, 5, 2, 10, 30, 123);
    auto created = users.Create(NewUser{.organization_id = world.a_org.id,
                                        .username = "demo-coordinator",
                                        .display_name = "重層 一郎",
                                        .roles = {Role::kCaseworker, Role::kCoordinator, Role::kCaseworker},
                                        .password_hash = "$argon2id$v=19$..."},
                                created_at);
    ASSERT_OK(created);
    EXPECT_EQ(created->roles, (std::vector<Role>{Role::kCoordinator, Role::kCaseworker}));
    EXPECT_EQ(created->municipality_id, world.a.id);

    auto got = users.Get(created->id);
    ASSERT_OK(got);
    EXPECT_EQ(got->username, "demo-coordinator");
    EXPECT_EQ(got->display_name, "重層 一郎");
    EXPECT_EQ(got->organization_id, world.a_org.id);
    EXPECT_EQ(got->roles, (std::vector<Role>{Role::kCoordinator, Role::kCaseworker}));
    EXPECT_EQ(got->password_hash, "$argon2id$v=19$...");
    EXPECT_FALSE(got->disabled);
    EXPECT_EQ(got->failed_sign_ins, 0);
    EXPECT_FALSE(got->locked_until.has_value());
    EXPECT_EQ(got->created_at, created_at);  // millisecond precision survives the round trip

    auto without_roles = users.Create(NewUser{.organization_id = world.a_org.id,
                                              .username = "no-roles",
                                              .display_name = "役割 なし",
                                              .roles = {},
                                              .password_hash = "h"},
                                      created_at);
    ASSERT_OK(without_roles);
    auto list = users.List();
    ASSERT_OK(list);
    ASSERT_EQ(list->size(), 3u);
    EXPECT_EQ((*list)[0].id, world.a_user.id);
    EXPECT_EQ((*list)[0].roles, std::vector<Role>{Role::kCaseworker});
    EXPECT_EQ((*list)[1].id, created->id);
    EXPECT_EQ((*list)[1].roles.size(), 2u);
    EXPECT_EQ((*list)[2].id, without_roles->id);
    EXPECT_TRUE((*list)[2].roles.empty());
}

TEST_P(StoreContractTest, UserConflictsAndForeignOrganizations) {
    const World world = MakeWorld();
    auto a_users_tenant = store_->Tenant(world.a.id);
    auto& a_users = a_users_tenant->Users();
    auto b_users_tenant = store_->Tenant(world.b.id);
    auto& b_users = b_users_tenant->Users();
    // Usernames are unique across the installation, not per municipality.
    EXPECT_ERROR(b_users.Create(NewUser{.organization_id = world.b_org.id,
                                        .username = "a-caseworker",
                                        .display_name = "x",
                                        .roles = {},
                                        .password_hash = "h"},
                                At(2024, 4, 2)),
                 ErrorCode::kConflict, "username");
    // An organisation of another municipality is as unknown as a missing one.
    EXPECT_ERROR(a_users.Create(NewUser{.organization_id = world.b_org.id,
                                        .username = "intruder",
                                        .display_name = "x",
                                        .roles = {},
                                        .password_hash = "h"},
                                At(2024, 4, 2)),
                 ErrorCode::kNotFound, "organization_id");
    EXPECT_ERROR(a_users.Create(NewUser{.organization_id = world.b_org.id + 1000,
                                        .username = "nowhere",
                                        .display_name = "x",
                                        .roles = {},
                                        .password_hash = "h"},
                                At(2024, 4, 2)),
                 ErrorCode::kNotFound, "organization_id");
    // Nothing of the failed attempts was left behind.
    auto list = a_users.List();
    ASSERT_OK(list);
    EXPECT_EQ(list->size(), 1u);
    EXPECT_ERROR(store_->Accounts().FindUserByUsername("intruder"), ErrorCode::kNotFound, "");
}

TEST_P(StoreContractTest, UserUpdatesAreScoped) {
    const World world = MakeWorld();
    auto& accounts = store_->Accounts();
    auto a_users_tenant = store_->Tenant(world.a.id);
    auto& a_users = a_users_tenant->Users();
    auto b_users_tenant = store_->Tenant(world.b.id);
    auto& b_users = b_users_tenant->Users();

    auto failures = accounts.RecordSignInFailure(world.a_user.id, At(2024, 4, 1, 10));
    ASSERT_OK(failures);
    EXPECT_EQ(*failures, 1);
    ASSERT_OK(a_users.SetPasswordHash(world.a_user.id, "new-hash"));
    auto got = a_users.Get(world.a_user.id);
    ASSERT_OK(got);
    EXPECT_EQ(got->password_hash, "new-hash");
    EXPECT_EQ(got->failed_sign_ins, 0);
    EXPECT_FALSE(got->locked_until.has_value());

    ASSERT_OK(a_users.SetDisabled(world.a_user.id, true));
    got = a_users.Get(world.a_user.id);
    ASSERT_OK(got);
    EXPECT_TRUE(got->disabled);
    ASSERT_OK(a_users.SetDisabled(world.a_user.id, false));
    EXPECT_FALSE(a_users.Get(world.a_user.id)->disabled);

    // B can neither see nor change A's user.
    EXPECT_ERROR(b_users.Get(world.a_user.id), ErrorCode::kNotFound, "");
    EXPECT_ERROR(b_users.SetPasswordHash(world.a_user.id, "stolen"), ErrorCode::kNotFound, "");
    EXPECT_ERROR(b_users.SetDisabled(world.a_user.id, true), ErrorCode::kNotFound, "");
    auto b_list = b_users.List();
    ASSERT_OK(b_list);
    ASSERT_EQ(b_list->size(), 1u);
    EXPECT_EQ((*b_list)[0].id, world.b_user.id);
    got = a_users.Get(world.a_user.id);
    ASSERT_OK(got);
    EXPECT_EQ(got->password_hash, "new-hash");
    EXPECT_FALSE(got->disabled);
    EXPECT_ERROR(a_users.Get(world.a_user.id + 1000), ErrorCode::kNotFound, "");
}

// ---------------------------------------------------------------------------------------------------------------
// Accounts: sign-in bookkeeping

TEST_P(StoreContractTest, SignInFailuresAndSuccess) {
    const World world = MakeWorld();
    auto& accounts = store_->Accounts();
    auto found = accounts.FindUserByUsername("b-caseworker");
    ASSERT_OK(found);
    EXPECT_EQ(found->id, world.b_user.id);
    EXPECT_EQ(found->municipality_id, world.b.id);
    EXPECT_EQ(found->roles, std::vector<Role>{Role::kCoordinator});
    EXPECT_ERROR(accounts.FindUserByUsername("nobody"), ErrorCode::kNotFound, "");

    auto first = accounts.RecordSignInFailure(world.b_user.id, std::nullopt);
    ASSERT_OK(first);
    EXPECT_EQ(*first, 1);
    const Instant lock = At(2024, 4, 1, 9, 15, 500);
    auto second = accounts.RecordSignInFailure(world.b_user.id, lock);
    ASSERT_OK(second);
    EXPECT_EQ(*second, 2);
    found = accounts.FindUserByUsername("b-caseworker");
    ASSERT_OK(found);
    EXPECT_EQ(found->failed_sign_ins, 2);
    ASSERT_TRUE(found->locked_until.has_value());
    EXPECT_EQ(*found->locked_until, lock);

    ASSERT_OK(accounts.RecordSignInSuccess(world.b_user.id));
    found = accounts.FindUserByUsername("b-caseworker");
    ASSERT_OK(found);
    EXPECT_EQ(found->failed_sign_ins, 0);
    EXPECT_FALSE(found->locked_until.has_value());

    EXPECT_ERROR(accounts.RecordSignInFailure(world.b_user.id + 1000, std::nullopt), ErrorCode::kNotFound, "");
    EXPECT_ERROR(accounts.RecordSignInSuccess(world.b_user.id + 1000), ErrorCode::kNotFound, "");
}

// ---------------------------------------------------------------------------------------------------------------
// Sessions

TEST_P(StoreContractTest, SessionLifecycle) {
    const World world = MakeWorld();
    auto& accounts = store_->Accounts();
    const Instant start = At(2024, 4, 1, 9, 0, 1);
    const Session session = MakeSession(world.a_user, "hash-1", start);
    ASSERT_OK(accounts.CreateSession(session));
    EXPECT_ERROR(accounts.CreateSession(session), ErrorCode::kConflict, "token_hash");
    // A session must name the user's own municipality.
    Session mismatched = MakeSession(world.a_user, "hash-x", start);
    mismatched.municipality_id = world.b.id;
    EXPECT_ERROR(accounts.CreateSession(mismatched), ErrorCode::kNotFound, "user_id");

    auto found = accounts.FindSession("hash-1");
    ASSERT_OK(found);
    EXPECT_EQ(found->first.token_hash, "hash-1");
    EXPECT_EQ(found->first.user_id, world.a_user.id);
    EXPECT_EQ(found->first.municipality_id, world.a.id);
    EXPECT_EQ(found->first.created_at, start);
    EXPECT_EQ(found->first.last_seen_at, start);
    EXPECT_EQ(found->first.expires_at, start + hours{12});
    EXPECT_EQ(found->first.remote_address, "192.0.2.10");
    EXPECT_EQ(found->first.user_agent, "Mozilla/5.0 テスト");
    EXPECT_EQ(found->second.id, world.a_user.id);
    EXPECT_EQ(found->second.username, "a-caseworker");
    EXPECT_EQ(found->second.roles, std::vector<Role>{Role::kCaseworker});

    const Instant later = start + minutes{5} + milliseconds{7};
    ASSERT_OK(accounts.TouchSession("hash-1", later));
    found = accounts.FindSession("hash-1");
    ASSERT_OK(found);
    EXPECT_EQ(found->first.last_seen_at, later);
    EXPECT_ERROR(accounts.TouchSession("missing", later), ErrorCode::kNotFound, "");

    ASSERT_OK(accounts.DeleteSession("hash-1"));
    EXPECT_ERROR(accounts.FindSession("hash-1"), ErrorCode::kNotFound, "");
    EXPECT_ERROR(accounts.DeleteSession("hash-1"), ErrorCode::kNotFound, "");

    ASSERT_OK(accounts.CreateSession(MakeSession(world.a_user, "hash-2", start)));
    ASSERT_OK(accounts.CreateSession(MakeSession(world.a_user, "hash-3", start)));
    ASSERT_OK(accounts.CreateSession(MakeSession(world.b_user, "hash-4", start)));
    ASSERT_OK(accounts.DeleteSessionsOfUser(world.a_user.id));
    EXPECT_ERROR(accounts.FindSession("hash-2"), ErrorCode::kNotFound, "");
    EXPECT_ERROR(accounts.FindSession("hash-3"), ErrorCode::kNotFound, "");
    ASSERT_OK(accounts.FindSession("hash-4"));
}

TEST_P(StoreContractTest, ExpiredSessionsAreSwept) {
    const World world = MakeWorld();
    auto& accounts = store_->Accounts();
    const Instant start = At(2024, 4, 1, 9);
    Session idle = MakeSession(world.a_user, "idle", start);  // last seen at 9:00
    Session active = MakeSession(world.a_user, "active", start);
    active.last_seen_at = start + minutes{50};
    Session old = MakeSession(world.b_user, "old", start - hours{12});  // absolute expiry at 9:00
    old.last_seen_at = start + minutes{55};
    Session fresh = MakeSession(world.b_user, "fresh", start + minutes{40});
    for (const Session& session : {idle, active, old, fresh}) ASSERT_OK(accounts.CreateSession(session));

    const Instant now = start + minutes{60};
    auto swept = accounts.DeleteExpiredSessions(now - minutes{30}, now);
    ASSERT_OK(swept);
    EXPECT_EQ(*swept, 2);
    EXPECT_ERROR(accounts.FindSession("idle"), ErrorCode::kNotFound, "");
    EXPECT_ERROR(accounts.FindSession("old"), ErrorCode::kNotFound, "");
    ASSERT_OK(accounts.FindSession("active"));
    ASSERT_OK(accounts.FindSession("fresh"));
    auto again = accounts.DeleteExpiredSessions(now - minutes{30}, now);
    ASSERT_OK(again);
    EXPECT_EQ(*again, 0);
}

// ---------------------------------------------------------------------------------------------------------------
// API tokens

TEST_P(StoreContractTest, ApiTokens) {
    const World world = MakeWorld();
    auto a_tokens_tenant = store_->Tenant(world.a.id);
    auto& a_tokens = a_tokens_tenant->ApiTokens();
    auto b_tokens_tenant = store_->Tenant(world.b.id);
    auto& b_tokens = b_tokens_tenant->ApiTokens();
    const Instant created_at = At(2024, 4, 3, 8, 0, 250);
    auto token = a_tokens.Create(ApiToken{.id = 99,
                                          .municipality_id = world.b.id,  // ignored: the tenant decides
                                          .user_id = world.a_user.id,
                                          .name = "連携システム",
                                          .token_hash = "token-hash-1",
                                          .created_at = created_at,
                                          .expires_at = created_at + hours{24 * 365}});
    ASSERT_OK(token);
    EXPECT_GT(token->id, 0);
    EXPECT_NE(token->id, 99);
    EXPECT_EQ(token->municipality_id, world.a.id);
    auto second = a_tokens.Create(
        ApiToken{.user_id = world.a_user.id, .name = "無期限", .token_hash = "token-hash-2", .created_at = created_at});
    ASSERT_OK(second);
    EXPECT_ERROR(
        a_tokens.Create(ApiToken{
            .user_id = world.a_user.id, .name = "dup", .token_hash = "token-hash-1", .created_at = created_at}),
        ErrorCode::kConflict, "token_hash");
    // A user of another municipality cannot be the token's user.
    EXPECT_ERROR(a_tokens.Create(ApiToken{
                     .user_id = world.b_user.id, .name = "x", .token_hash = "token-hash-3", .created_at = created_at}),
                 ErrorCode::kNotFound, "user_id");

    auto list = a_tokens.List();
    ASSERT_OK(list);
    ASSERT_EQ(list->size(), 2u);
    EXPECT_EQ((*list)[0].id, token->id);
    EXPECT_EQ((*list)[0].name, "連携システム");
    EXPECT_EQ((*list)[0].token_hash, "token-hash-1");
    EXPECT_EQ((*list)[0].created_at, created_at);
    ASSERT_TRUE((*list)[0].expires_at.has_value());
    EXPECT_EQ(*(*list)[0].expires_at, created_at + hours{24 * 365});
    EXPECT_FALSE((*list)[0].revoked_at.has_value());
    EXPECT_FALSE((*list)[1].expires_at.has_value());

    auto found = store_->Accounts().FindApiToken("token-hash-1");
    ASSERT_OK(found);
    EXPECT_EQ(found->first.id, token->id);
    EXPECT_EQ(found->second.id, world.a_user.id);
    EXPECT_EQ(found->second.roles, std::vector<Role>{Role::kCaseworker});
    EXPECT_ERROR(store_->Accounts().FindApiToken("no-such-hash"), ErrorCode::kNotFound, "");

    // B cannot see or revoke A's tokens.
    auto b_list = b_tokens.List();
    ASSERT_OK(b_list);
    EXPECT_TRUE(b_list->empty());
    EXPECT_ERROR(b_tokens.Revoke(token->id, created_at + hours{1}), ErrorCode::kNotFound, "");

    const Instant revoked_at = created_at + hours{2};
    ASSERT_OK(a_tokens.Revoke(token->id, revoked_at));
    ASSERT_OK(a_tokens.Revoke(token->id, revoked_at + hours{1}));  // revoking again keeps the first instant
    found = store_->Accounts().FindApiToken("token-hash-1");
    ASSERT_OK(found);
    ASSERT_TRUE(found->first.revoked_at.has_value());
    EXPECT_EQ(*found->first.revoked_at, revoked_at);
    EXPECT_ERROR(a_tokens.Revoke(token->id + 1000, revoked_at), ErrorCode::kNotFound, "");
}

// ---------------------------------------------------------------------------------------------------------------
// Auth events

TEST_P(StoreContractTest, AuthEventsAndAddressThrottling) {
    const World world = MakeWorld();
    auto& accounts = store_->Accounts();
    const Instant start = At(2024, 4, 1, 9);
    const auto append = [&](AuthEventKind kind, std::optional<MunicipalityId> municipality, std::optional<UserId> user,
                            const std::string& address, Instant at) {
        return accounts.AppendAuthEvent(AuthEvent{.kind = kind,
                                                  .municipality_id = municipality,
                                                  .user_id = user,
                                                  .username = "typed-name",
                                                  .remote_address = address,
                                                  .at = at});
    };
    ASSERT_OK(append(AuthEventKind::kSignInFailed, world.a.id, world.a_user.id, "198.51.100.1", start));
    ASSERT_OK(append(AuthEventKind::kSignInFailed, world.b.id, world.b_user.id, "198.51.100.1", start + minutes{1}));
    ASSERT_OK(append(AuthEventKind::kSignInFailed, std::nullopt, std::nullopt, "198.51.100.1", start + minutes{2}));
    ASSERT_OK(append(AuthEventKind::kSignInSucceeded, world.a.id, world.a_user.id, "198.51.100.1", start + minutes{3}));
    ASSERT_OK(append(AuthEventKind::kSignInFailed, world.a.id, world.a_user.id, "203.0.113.9", start + minutes{4}));
    ASSERT_OK(append(AuthEventKind::kLockedOut, world.a.id, world.a_user.id, "198.51.100.1", start + minutes{5}));

    // Failures from one address over all accounts, unknown usernames included, since the given instant.
    auto count = accounts.CountSignInFailuresFromAddress("198.51.100.1", start);
    ASSERT_OK(count);
    EXPECT_EQ(*count, 3);
    count = accounts.CountSignInFailuresFromAddress("198.51.100.1", start + minutes{1});
    ASSERT_OK(count);
    EXPECT_EQ(*count, 2);
    count = accounts.CountSignInFailuresFromAddress("192.0.2.99", start);
    ASSERT_OK(count);
    EXPECT_EQ(*count, 0);

    auto recent = store_->Tenant(world.a.id)->AuthEvents().ListRecent(10);
    ASSERT_OK(recent);
    ASSERT_EQ(recent->size(), 4u);
    EXPECT_EQ((*recent)[0].kind, AuthEventKind::kLockedOut);  // newest first
    EXPECT_EQ((*recent)[0].at, start + minutes{5});
    EXPECT_EQ((*recent)[1].remote_address, "203.0.113.9");
    EXPECT_EQ((*recent)[3].kind, AuthEventKind::kSignInFailed);
    EXPECT_EQ((*recent)[3].username, "typed-name");
    EXPECT_EQ((*recent)[3].user_id, std::optional<UserId>(world.a_user.id));
    EXPECT_EQ((*recent)[3].municipality_id, std::optional<MunicipalityId>(world.a.id));
    for (const AuthEvent& event : *recent) EXPECT_EQ(event.municipality_id, std::optional(world.a.id));

    auto limited = store_->Tenant(world.a.id)->AuthEvents().ListRecent(2);
    ASSERT_OK(limited);
    ASSERT_EQ(limited->size(), 2u);
    EXPECT_EQ((*limited)[0].kind, AuthEventKind::kLockedOut);

    auto b_recent = store_->Tenant(world.b.id)->AuthEvents().ListRecent(10);
    ASSERT_OK(b_recent);
    ASSERT_EQ(b_recent->size(), 1u);
    EXPECT_EQ((*b_recent)[0].user_id, std::optional<UserId>(world.b_user.id));
    EXPECT_ERROR(store_->Tenant(world.b.id)->AuthEvents().ListRecent(-1), ErrorCode::kInvalidArgument, "limit");
}

// ---------------------------------------------------------------------------------------------------------------
// Tenant isolation, all methods at once: B sees nothing of A.

TEST_P(StoreContractTest, TenantBCannotSeeAnythingOfA) {
    const World world = MakeWorld();
    auto tenant_a = store_->Tenant(world.a.id);
    auto area = tenant_a->Areas().Create(AreaKind::kNeighborhood, "由良宿");
    ASSERT_OK(area);
    auto token = tenant_a->ApiTokens().Create(
        ApiToken{.user_id = world.a_user.id, .name = "t", .token_hash = "iso-token", .created_at = At(2024, 4, 1)});
    ASSERT_OK(token);
    ASSERT_OK(store_->Accounts().AppendAuthEvent(AuthEvent{.kind = AuthEventKind::kSignInSucceeded,
                                                           .municipality_id = world.a.id,
                                                           .user_id = world.a_user.id,
                                                           .username = "a-caseworker",
                                                           .remote_address = "192.0.2.1",
                                                           .at = At(2024, 4, 1)}));

    // A fresh municipality C with no rows at all.
    const Municipality c = AddMunicipality("312011", "鳥取市");
    auto tenant_c = store_->Tenant(c.id);
    EXPECT_ERROR(tenant_c->Organizations().Get(world.a_org.id), ErrorCode::kNotFound, "");
    EXPECT_TRUE(tenant_c->Organizations().List()->empty());
    EXPECT_ERROR(tenant_c->Areas().Get(area->id), ErrorCode::kNotFound, "");
    EXPECT_TRUE(tenant_c->Areas().List(std::nullopt)->empty());
    EXPECT_TRUE(tenant_c->Areas().List(AreaKind::kNeighborhood)->empty());
    EXPECT_ERROR(tenant_c->Users().Get(world.a_user.id), ErrorCode::kNotFound, "");
    EXPECT_TRUE(tenant_c->Users().List()->empty());
    EXPECT_ERROR(tenant_c->Users().SetPasswordHash(world.a_user.id, "x"), ErrorCode::kNotFound, "");
    EXPECT_ERROR(tenant_c->Users().SetDisabled(world.a_user.id, true), ErrorCode::kNotFound, "");
    EXPECT_ERROR(tenant_c->Users().Create(NewUser{.organization_id = world.a_org.id,
                                                  .username = "c-user",
                                                  .display_name = "x",
                                                  .roles = {},
                                                  .password_hash = "h"},
                                          At(2024, 4, 1)),
                 ErrorCode::kNotFound, "organization_id");
    EXPECT_TRUE(tenant_c->ApiTokens().List()->empty());
    EXPECT_ERROR(tenant_c->ApiTokens().Revoke(token->id, At(2024, 4, 2)), ErrorCode::kNotFound, "");
    EXPECT_ERROR(tenant_c->ApiTokens().Create(ApiToken{
                     .user_id = world.a_user.id, .name = "x", .token_hash = "c-token", .created_at = At(2024, 4, 1)}),
                 ErrorCode::kNotFound, "user_id");
    EXPECT_TRUE(tenant_c->AuthEvents().ListRecent(100)->empty());

    // And A still has all of it, unchanged.
    auto user = tenant_a->Users().Get(world.a_user.id);
    ASSERT_OK(user);
    EXPECT_FALSE(user->disabled);
    EXPECT_EQ(user->password_hash, "hash-a");
    EXPECT_FALSE(tenant_a->ApiTokens().List()->at(0).revoked_at.has_value());
}

// ---------------------------------------------------------------------------------------------------------------
// Transactions

TEST_P(StoreContractTest, TransactionCommits) {
    const Municipality a = AddMunicipality("313726", "北栄町");
    ASSERT_OK(store_->Transaction([&](Store& transaction) -> Status {
        auto tenant = transaction.Tenant(a.id);
        auto organization = tenant->Organizations().Create(OrganizationKind::kNpo, "NPO法人ひだまり");
        if (!organization) return Fail(organization.error());
        // Reads inside the transaction see its own writes.
        auto list = tenant->Organizations().List();
        if (!list || list->size() != 1) return Fail(Error::Internal("own write not visible"));
        auto area = tenant->Areas().Create(AreaKind::kNeighborhood, "大谷");
        if (!area) return Fail(area.error());
        return Status{};
    }));
    EXPECT_EQ(store_->Tenant(a.id)->Organizations().List()->size(), 1u);
    EXPECT_EQ(store_->Tenant(a.id)->Areas().List(std::nullopt)->size(), 1u);
}

TEST_P(StoreContractTest, TransactionRollsBackOnError) {
    const Municipality a = AddMunicipality("313726", "北栄町");
    const Status status = store_->Transaction([&](Store& transaction) -> Status {
        auto tenant = transaction.Tenant(a.id);
        if (auto created = tenant->Organizations().Create(OrganizationKind::kNpo, "NPO法人ひだまり"); !created) {
            return Fail(created.error());
        }
        return Fail(Error::Conflict("わざと失敗", "because"));
    });
    EXPECT_ERROR(status, ErrorCode::kConflict, "because");
    EXPECT_TRUE(store_->Tenant(a.id)->Organizations().List()->empty());
    // The store is usable afterwards, and the writer was released.
    ASSERT_OK(store_->Tenant(a.id)->Organizations().Create(OrganizationKind::kNpo, "NPO法人ひだまり"));
}

TEST_P(StoreContractTest, TransactionRollsBackOnException) {
    const Municipality a = AddMunicipality("313726", "北栄町");
    EXPECT_THROW((void)store_->Transaction([&](Store& transaction) -> Status {
        auto created = transaction.Tenant(a.id)->Organizations().Create(OrganizationKind::kNpo, "NPO法人ひだまり");
        if (!created) return Fail(created.error());
        throw std::runtime_error("boom");
    }),
                 std::runtime_error);
    EXPECT_TRUE(store_->Tenant(a.id)->Organizations().List()->empty());
    ASSERT_OK(store_->Tenant(a.id)->Organizations().Create(OrganizationKind::kNpo, "NPO法人ひだまり"));
    EXPECT_EQ(store_->Pool().in_use, 0);
}

TEST_P(StoreContractTest, FailedWriteInsideTransactionLeavesNothingBehind) {
    const World world = MakeWorld();
    // The user insert succeeds but a role insert cannot fail here; instead, make a write fail after the caller
    // ignored an error: the failed Create must not leave a partial row, and the rest commits.
    ASSERT_OK(store_->Transaction([&](Store& transaction) -> Status {
        auto tenant = transaction.Tenant(world.a.id);
        auto duplicate = tenant->Users().Create(NewUser{.organization_id = world.a_org.id,
                                                        .username = "b-caseworker",
                                                        .display_name = "x",
                                                        .roles = {Role::kAuditor},
                                                        .password_hash = "h"},
                                                At(2024, 4, 1));
        if (duplicate || !duplicate.error().Is(ErrorCode::kConflict)) return Fail(Error::Internal("expected conflict"));
        auto area = tenant->Areas().Create(AreaKind::kNeighborhood, "大谷");
        if (!area) return Fail(area.error());
        return Status{};
    }));
    EXPECT_EQ(store_->Tenant(world.a.id)->Users().List()->size(), 1u);
    EXPECT_EQ(store_->Tenant(world.a.id)->Areas().List(std::nullopt)->size(), 1u);
}

TEST_P(StoreContractTest, TransactionsDoNotNest) {
    const Status status = store_->Transaction(
        [&](Store& transaction) -> Status { return transaction.Transaction([](Store&) -> Status { return {}; }); });
    EXPECT_ERROR(status, ErrorCode::kInternal, "");
}

// ---------------------------------------------------------------------------------------------------------------
// Concurrency: reads on many threads while one thread writes.

TEST_P(StoreContractTest, ConcurrentReadsAndWrites) {
    const World world = MakeWorld();
    std::atomic<int> failures{0};
    std::atomic<bool> writing{true};
    std::vector<std::thread> readers;
    for (int t = 0; t < 6; ++t) {
        readers.emplace_back([&] {
            for (int i = 0; i < 60; ++i) {
                if (!store_->Tenant(world.a.id)->Users().Get(world.a_user.id)) ++failures;
                if (!store_->Accounts().FindUserByUsername("b-caseworker")) ++failures;
            }
        });
    }
    for (int i = 0; i < 30; ++i) {
        if (!store_->Tenant(world.a.id)->Areas().Create(AreaKind::kNeighborhood, "地区" + std::to_string(i))) {
            ++failures;
        }
    }
    writing = false;
    for (auto& reader : readers) reader.join();
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(store_->Tenant(world.a.id)->Areas().List(std::nullopt)->size(), 30u);
    const domain::PoolStats stats = store_->Pool();
    EXPECT_EQ(stats.in_use, 0);
    EXPECT_LE(stats.size, 4 + 1);  // never more than the pool size (plus SQLite's writer)
}

// ---------------------------------------------------------------------------------------------------------------
// Backup

TEST_P(StoreContractTest, BackupProducesACopyWithTheSameRows) {
    const World world = MakeWorld();
    ASSERT_OK(store_->Tenant(world.a.id)->Areas().Create(AreaKind::kNeighborhood, "由良宿"));
    const std::string archive = (directory_ / "backup.kasane").string();
    ASSERT_OK(store_->Backup(archive));
    EXPECT_TRUE(std::filesystem::exists(archive));
    EXPECT_GT(std::filesystem::file_size(archive), 0u);
    // An existing file is never overwritten.
    EXPECT_ERROR(store_->Backup(archive), ErrorCode::kInvalidArgument, "destination");
    // Writes after the backup are not in it.
    ASSERT_OK(store_->Tenant(world.a.id)->Areas().Create(AreaKind::kNeighborhood, "大谷"));

    std::string copy_url;
    if (GetParam() == Backend::kSqlite) {
        copy_url = "sqlite:" + archive;
    } else {
        try {
            copy_url = CreateDatabase("storage_contract_restore");
        } catch (const std::exception& error) {
            FAIL() << error.what();
        }
        const std::string command =
            "pg_restore --no-owner --exit-on-error --dbname='" + copy_url + "' '" + archive + "'";
        ASSERT_EQ(std::system(command.c_str()), 0) << command;
    }
    auto copy = OpenStore(copy_url, StoreOptions{});
    ASSERT_OK(copy);
    auto version = (*copy)->SchemaVersion();
    ASSERT_OK(version);
    EXPECT_EQ(*version, store_->LatestSchemaVersion());
    auto municipalities = (*copy)->Municipalities().List();
    ASSERT_OK(municipalities);
    EXPECT_EQ(municipalities->size(), 2u);
    auto user = (*copy)->Accounts().FindUserByUsername("a-caseworker");
    ASSERT_OK(user);
    EXPECT_EQ(user->roles, std::vector<Role>{Role::kCaseworker});
    auto areas = (*copy)->Tenant(world.a.id)->Areas().List(std::nullopt);
    ASSERT_OK(areas);
    ASSERT_EQ(areas->size(), 1u);
    EXPECT_EQ((*areas)[0].name, "由良宿");
    // The copy is a working database: ids continue after the restored rows.
    auto more = (*copy)->Tenant(world.a.id)->Areas().Create(AreaKind::kNeighborhood, "大谷");
    ASSERT_OK(more);
    EXPECT_GT(more->id, (*areas)[0].id);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreContractTest, testing::Values(Backend::kSqlite, Backend::kPostgres),
                         BackendName);

// ---------------------------------------------------------------------------------------------------------------
// PostgreSQL only: a database in the C ctype must be refused, with instructions.

TEST(PostgresOnly, DatabaseWithCCtypeIsRefused) {
    std::string url;
    try {
        url = CreateDatabase("storage_contract_ctype_c", "--locale C");
    } catch (const std::exception& error) {
        FAIL() << "PostgreSQL test cluster unavailable: " << error.what();
    }
    auto opened = OpenStore(url, StoreOptions{});
    ASSERT_FALSE(opened.has_value()) << "a C-ctype database was accepted";
    EXPECT_EQ(opened.error().code, ErrorCode::kUnavailable);
    EXPECT_NE(opened.error().message.find("LC_CTYPE 'C.UTF-8'"), std::string::npos) << opened.error().message;
    EXPECT_NE(opened.error().message.find("ENCODING 'UTF8'"), std::string::npos) << opened.error().message;
}

TEST(PostgresOnly, UnreachableServerIsUnavailable) {
    auto opened = OpenStore("postgresql://postgres@127.0.0.1:1/nothing?connect_timeout=2", StoreOptions{});
    ASSERT_FALSE(opened.has_value());
    EXPECT_EQ(opened.error().code, ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace kasane::storage
