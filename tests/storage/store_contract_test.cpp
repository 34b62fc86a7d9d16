// SPDX-License-Identifier: Apache-2.0
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

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "base/crypto.hpp"
#include "base/log.hpp"
#include "base/time.hpp"
#include "base/totp.hpp"
#include "contract_support.hpp"
#include "domain/administration.hpp"
#include "domain/audit.hpp"
#include "domain/auth.hpp"
#include "domain/export_job_service.hpp"
#include "domain/import_table.hpp"
#include "domain/intake.hpp"
#include "domain/person_search_reach.hpp"
#include "domain/person_traits.hpp"
#include "domain/report_explain.hpp"
#include "domain/repositories.hpp"
#include "domain/sharing.hpp"
#include "domain/town_setup.hpp"
#include "storage/export_job_port.hpp"
#include "storage/open_store.hpp"
#include "storage/person_traits_port.hpp"
#include "storage/postgres/postgres_store.hpp"
#include "storage/sql/faulty_executor.hpp"
#include "storage/sql/sql_store.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace kasane::storage {
namespace {

using domain::AccountState;
using domain::AlertListing;
using domain::ApiToken;
using domain::AreaKind;
using domain::AuthEvent;
using domain::AuthEventKind;
using domain::Municipality;
using domain::NewUser;
using domain::OrganizationKind;
using domain::Role;
using domain::SecondFactorRule;
using domain::Session;
using domain::Store;
using domain::User;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;

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

class StoreContractTest : public testing::TestWithParam<Backend> {
protected:
    void SetUp() override {
        SetLogLevel(LogLevel::kWarning);
        directory_ = NewTemporaryDirectory();
        try {
            url_ = FreshDatabaseUrl(GetParam(), directory_, PostgresUrl);
        } catch (const std::exception& error) {
            FAIL() << "PostgreSQL test cluster unavailable: " << error.what();
        }
        if (GetParam() == Backend::kSqlite) sqlite_path_ = (directory_ / "kasane.db").string();
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

// The operator's view of the installation: the whole database's size as the database reports it, the same inside a
// transaction, and larger once many rows are written.
TEST_P(StoreContractTest, ReportsTheSizeOfTheWholeDatabase) {
    auto before = store_->StoredBytes();
    ASSERT_OK(before);
    EXPECT_GT(*before, 0);
    std::int64_t inside = 0;
    ASSERT_OK(store_->Transaction([&](domain::Store& transaction) -> Status {
        auto bytes = transaction.StoredBytes();
        if (!bytes) return Fail(bytes.error());
        inside = *bytes;
        return {};
    }));
    EXPECT_GT(inside, 0);
    auto town = AddMunicipality("313726", "北栄町");
    auto tenant = store_->Tenant(town.id);
    const std::string long_text(2000, 'x');
    for (int n = 0; n < 600; ++n) {
        ASSERT_OK(tenant->Settings().Set("filler." + std::to_string(n), long_text));
    }
    auto after = store_->StoredBytes();
    ASSERT_OK(after);
    EXPECT_GT(*after, *before);
}

TEST_P(StoreContractTest, MigrationsApplyFromEmptyAndAreIdempotent) {
    EXPECT_EQ(version_before_migrate_, 0);
    EXPECT_GE(store_->LatestSchemaVersion(), 1);
    // Every migration was applied; versions may leave a gap while branches land (16 arrived before 15).
    const SqlDialect& dialect = GetParam() == Backend::kSqlite ? sqlite::SqliteDialect() : postgres::PostgresDialect();
    EXPECT_EQ(applied_in_setup_, static_cast<int>(dialect.migrations.size()));
    EXPECT_EQ(dialect.migrations.back().version, store_->LatestSchemaVersion());
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
    auto created = municipalities.Create(Municipality{
        .id = MunicipalityId{42}, .code = "313726", .name = "北栄町", .prefecture_name = "鳥取県", .fictional = true});
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
    EXPECT_ERROR(municipalities.Get(MunicipalityId{created->id.value() + 1000}), ErrorCode::kNotFound, "");
    EXPECT_ERROR(municipalities.FindByCode("999999"), ErrorCode::kNotFound, "");
}

// ---------------------------------------------------------------------------------------------------------------
// Prefectures

TEST_P(StoreContractTest, Prefectures) {
    auto& prefectures = store_->Prefectures();
    auto list = prefectures.List();
    ASSERT_OK(list);
    EXPECT_TRUE(list->empty());
    const Instant created_at = At(2024, 5, 2, 10, 30, 123);
    auto tottori = prefectures.Create(domain::Prefecture{.code = "31", .name = "鳥取県", .created_at = created_at});
    ASSERT_OK(tottori);
    ASSERT_OK(prefectures.Create(domain::Prefecture{.code = "13", .name = "東京都", .created_at = created_at}));

    auto got = prefectures.Get("31");
    ASSERT_OK(got);
    EXPECT_EQ(got->name, "鳥取県");
    EXPECT_EQ(got->created_at, created_at);
    list = prefectures.List();
    ASSERT_OK(list);
    ASSERT_EQ(list->size(), 2u);
    EXPECT_EQ((*list)[0].code, "13");  // ordered by code
    EXPECT_EQ((*list)[1].code, "31");

    EXPECT_ERROR(prefectures.Create(domain::Prefecture{.code = "31", .name = "鳥取県", .created_at = created_at}),
                 ErrorCode::kConflict, "code");
    EXPECT_ERROR(prefectures.Get("32"), ErrorCode::kNotFound, "");
    // The schema refuses a code outside 01..47 even when the domain's check is bypassed.
    EXPECT_FALSE(prefectures.Create(domain::Prefecture{.code = "48", .name = "どこか県", .created_at = created_at}));
    EXPECT_FALSE(prefectures.Create(domain::Prefecture{.code = "310", .name = "鳥取", .created_at = created_at}));
    list = prefectures.List();
    ASSERT_OK(list);
    EXPECT_EQ(list->size(), 2u);
}

// The domain's rule over each backend: once a prefecture is registered, a municipality is added only in a
// registered prefecture and takes its name; nothing is written when refused.
TEST_P(StoreContractTest, MunicipalitiesNeedTheirPrefectureOnceAnyIsRegistered) {
    ManualClock clock{At(2024, 6, 3, 1)};
    domain::Administration administration(*store_, clock);
    // No prefecture yet: the installation from before prefectures works as it did.
    ASSERT_OK(administration.CreateMunicipality(
        Municipality{.code = "312011", .name = "鳥取市", .prefecture_name = "鳥取県"}));

    // The 6-digit 団体コード is accepted and normalised; a wrong check digit, a municipality's code, a code outside
    // 01..47 and a name that is not the code's are refused, naming the field.
    auto tottori = administration.CreatePrefecture("310000", "鳥取県");
    ASSERT_OK(tottori);
    EXPECT_EQ(tottori->code, "31");
    EXPECT_EQ(tottori->created_at, clock.Now());
    EXPECT_ERROR(administration.CreatePrefecture("310001", "鳥取県"), ErrorCode::kInvalidArgument, "code");
    EXPECT_ERROR(administration.CreatePrefecture("313726", "鳥取県"), ErrorCode::kInvalidArgument, "code");
    EXPECT_ERROR(administration.CreatePrefecture("48", "どこか県"), ErrorCode::kInvalidArgument, "code");
    EXPECT_ERROR(administration.CreatePrefecture("32", "鳥取県"), ErrorCode::kInvalidArgument, "name");
    EXPECT_ERROR(administration.CreatePrefecture("31", "鳥取県"), ErrorCode::kConflict, "code");

    // 北栄町 (31): the prefecture's name is taken from the registered one when left out.
    auto hokuei = administration.CreateMunicipality(Municipality{.code = "313726", .name = "北栄町"});
    ASSERT_OK(hokuei);
    EXPECT_EQ(hokuei->prefecture_name, "鳥取県");
    // A different name for a registered prefecture is refused.
    EXPECT_ERROR(administration.CreateMunicipality(
                     Municipality{.code = "313700", .name = "湯梨浜町", .prefecture_name = "島根県"}),
                 ErrorCode::kInvalidArgument, "prefecture_name");
    // 千代田区 (13): 東京都 is not registered, so it is refused, and nothing is written.
    EXPECT_ERROR(administration.CreateMunicipality(
                     Municipality{.code = "131016", .name = "千代田区", .prefecture_name = "東京都"}),
                 ErrorCode::kInvalidArgument, "code");
    EXPECT_ERROR(store_->Municipalities().FindByCode("131016"), ErrorCode::kNotFound, "");
    // A prefecture's own code is not a municipality's.
    EXPECT_ERROR(administration.CreateMunicipality(Municipality{.code = "310000", .name = "鳥取県庁"}),
                 ErrorCode::kInvalidArgument, "code");
    // Once 東京都 is registered, 千代田区 is added.
    ASSERT_OK(administration.CreatePrefecture("13", "東京都"));
    auto chiyoda = administration.CreateMunicipality(Municipality{.code = "131016", .name = "千代田区"});
    ASSERT_OK(chiyoda);
    EXPECT_EQ(chiyoda->prefecture_name, "東京都");
    auto listed = store_->Prefectures().List();
    ASSERT_OK(listed);
    EXPECT_EQ(listed->size(), 2u);
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
    auto ghost = store_->Tenant(MunicipalityId{b.id.value() + 1000});
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

// 地域の管理 (migration 18): an area's 世帯数 with its year, renaming, retiring (never deleting); the kinds 班 and
// 地区.
TEST_P(StoreContractTest, AreasKeepHouseholdsAndRetire) {
    const Municipality a = AddMunicipality("313726", "北栄町");
    const Municipality b = AddMunicipality("313700", "湯梨浜町");
    auto tenant = store_->Tenant(a.id);
    auto& areas = tenant->Areas();
    auto hood = areas.Create(AreaKind::kNeighborhood, "由良宿");
    ASSERT_OK(hood);
    EXPECT_FALSE(hood->households.has_value());
    EXPECT_TRUE(hood->active);
    auto group = areas.Create(AreaKind::kNeighborhoodGroup, "由良宿一班");
    ASSERT_OK(group);
    auto district = areas.Create(AreaKind::kDistrict, "北条地区");
    ASSERT_OK(district);

    ASSERT_OK(areas.SetHouseholds(hood->id, 412, 2025));
    auto got = areas.Get(hood->id);
    ASSERT_OK(got);
    EXPECT_EQ(got->households, 412);
    EXPECT_EQ(got->households_year, 2025);
    ASSERT_OK(areas.SetHouseholds(hood->id, std::nullopt, std::nullopt));
    got = areas.Get(hood->id);
    ASSERT_OK(got);
    EXPECT_FALSE(got->households.has_value());
    EXPECT_FALSE(got->households_year.has_value());

    ASSERT_OK(areas.Rename(hood->id, "由良宿自治会"));
    ASSERT_OK(areas.Create(AreaKind::kNeighborhood, "大谷"));
    EXPECT_ERROR(areas.Rename(hood->id, "大谷"), ErrorCode::kConflict, "name");

    ASSERT_OK(areas.SetActive(hood->id, false));
    auto all = areas.List(std::nullopt);
    ASSERT_OK(all);
    ASSERT_EQ(all->size(), 4u);  // retired areas stay listed
    EXPECT_EQ((*all)[0].name, "由良宿自治会");
    EXPECT_FALSE((*all)[0].active);
    EXPECT_EQ((*all)[2].kind, AreaKind::kNeighborhoodGroup);
    EXPECT_EQ((*all)[3].kind, AreaKind::kDistrict);
    ASSERT_OK(areas.SetActive(hood->id, true));
    got = areas.Get(hood->id);
    ASSERT_OK(got);
    EXPECT_TRUE(got->active);

    // Another municipality's area is not found and not changed.
    auto other = store_->Tenant(b.id);
    EXPECT_ERROR(other->Areas().Rename(hood->id, "乗っ取り"), ErrorCode::kNotFound, "");
    EXPECT_ERROR(other->Areas().SetHouseholds(hood->id, 1, std::nullopt), ErrorCode::kNotFound, "");
    EXPECT_ERROR(other->Areas().SetActive(hood->id, false), ErrorCode::kNotFound, "");
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
    EXPECT_ERROR(a_users.Create(NewUser{.organization_id = OrganizationId{world.b_org.id.value() + 1000},
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

    ASSERT_OK(a_users.SetDisabled(world.a_user.id, AccountState::kDisabled));
    got = a_users.Get(world.a_user.id);
    ASSERT_OK(got);
    EXPECT_TRUE(got->disabled);
    ASSERT_OK(a_users.SetDisabled(world.a_user.id, AccountState::kActive));
    EXPECT_FALSE(a_users.Get(world.a_user.id)->disabled);

    // B can neither see nor change A's user.
    EXPECT_ERROR(b_users.Get(world.a_user.id), ErrorCode::kNotFound, "");
    EXPECT_ERROR(b_users.SetPasswordHash(world.a_user.id, "stolen"), ErrorCode::kNotFound, "");
    EXPECT_ERROR(b_users.SetDisabled(world.a_user.id, AccountState::kDisabled), ErrorCode::kNotFound, "");
    auto b_list = b_users.List();
    ASSERT_OK(b_list);
    ASSERT_EQ(b_list->size(), 1u);
    EXPECT_EQ((*b_list)[0].id, world.b_user.id);
    got = a_users.Get(world.a_user.id);
    ASSERT_OK(got);
    EXPECT_EQ(got->password_hash, "new-hash");
    EXPECT_FALSE(got->disabled);
    EXPECT_ERROR(a_users.Get(UserId{world.a_user.id.value() + 1000}), ErrorCode::kNotFound, "");
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

    EXPECT_ERROR(accounts.RecordSignInFailure(UserId{world.b_user.id.value() + 1000}, std::nullopt),
                 ErrorCode::kNotFound, "");
    EXPECT_ERROR(accounts.RecordSignInSuccess(UserId{world.b_user.id.value() + 1000}), ErrorCode::kNotFound, "");
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

// ---------------------------------------------------------------------------------------------------------------
// Posts (出向・異動) and the post a session acts in

TEST_P(StoreContractTest, PostsAreStoredWithTheirRolesDatesAndScope) {
    const World world = MakeWorld();
    auto a = store_->Tenant(world.a.id);
    auto b = store_->Tenant(world.b.id);
    const auto houkatsu =
        a->Organizations().Create(OrganizationKind::kCommunityCareCenter, "地域包括支援センター").value();
    EXPECT_TRUE(a->Posts().ListOfUser(world.a_user.id)->empty());

    const std::chrono::year_month_day april{std::chrono::year{2024}, std::chrono::month{4}, std::chrono::day{1}};
    const std::chrono::year_month_day october{std::chrono::year{2024}, std::chrono::month{10}, std::chrono::day{1}};
    const std::chrono::year_month_day march{std::chrono::year{2025}, std::chrono::month{3}, std::chrono::day{31}};
    domain::Post seconded{.id = 0,
                          .user_id = world.a_user.id,
                          .municipality_id = MunicipalityId{},
                          .organization_id = houkatsu.id,
                          .roles = {Role::kCoordinator, Role::kCaseworker, Role::kCaseworker},
                          .starts_on = october,
                          .ends_on = march,
                          .created_at = {}};
    auto created = a->Posts().Create(seconded, At(2024, 9, 1, 9));
    ASSERT_OK(created);
    EXPECT_GT(created->id, 0);
    EXPECT_EQ(created->municipality_id, world.a.id);
    EXPECT_EQ(created->roles, (std::vector<Role>{Role::kCoordinator, Role::kCaseworker}));
    domain::Post own = seconded;
    own.organization_id = world.a_org.id;
    own.roles = {Role::kCaseworker};
    own.starts_on = april;
    own.ends_on.reset();
    auto own_created = a->Posts().Create(own, At(2024, 9, 1, 9));
    ASSERT_OK(own_created);

    auto listed = a->Posts().ListOfUser(world.a_user.id);
    ASSERT_OK(listed);
    ASSERT_EQ(listed->size(), 2u);
    EXPECT_EQ((*listed)[0].id, own_created->id);  // by first day
    EXPECT_FALSE((*listed)[0].ends_on.has_value());
    EXPECT_EQ((*listed)[1].id, created->id);
    EXPECT_EQ((*listed)[1].organization_id, houkatsu.id);
    EXPECT_EQ((*listed)[1].starts_on, october);
    EXPECT_EQ((*listed)[1].ends_on, march);
    EXPECT_EQ((*listed)[1].roles, (std::vector<Role>{Role::kCoordinator, Role::kCaseworker}));
    EXPECT_EQ((*listed)[1].created_at, At(2024, 9, 1, 9));

    const std::chrono::year_month_day december{std::chrono::year{2024}, std::chrono::month{12}, std::chrono::day{31}};
    ASSERT_OK(a->Posts().SetEndsOn(created->id, december));
    EXPECT_EQ(a->Posts().Get(created->id)->ends_on, december);

    // Another municipality sees none of it, and cannot place a post in A's organisation or for A's user.
    EXPECT_ERROR(b->Posts().Get(created->id), ErrorCode::kNotFound, "");
    EXPECT_TRUE(b->Posts().ListOfUser(world.a_user.id)->empty());
    EXPECT_ERROR(b->Posts().SetEndsOn(created->id, march), ErrorCode::kNotFound, "");
    EXPECT_EQ(a->Posts().Get(created->id)->ends_on, december);
    domain::Post foreign = seconded;
    foreign.user_id = world.b_user.id;
    EXPECT_ERROR(b->Posts().Create(foreign, At(2024, 9, 1)), ErrorCode::kNotFound, "organization_id");
    foreign.user_id = world.a_user.id;
    foreign.organization_id = world.b_org.id;
    EXPECT_ERROR(b->Posts().Create(foreign, At(2024, 9, 1)), ErrorCode::kNotFound, "user_id");
    EXPECT_TRUE(b->Posts().ListOfUser(world.b_user.id)->empty());

    // A session starts without a post and is moved into one.
    auto& accounts = store_->Accounts();
    Session session = MakeSession(world.a_user, "hash-post", At(2024, 10, 1, 9));
    ASSERT_OK(accounts.CreateSession(session));
    EXPECT_EQ(accounts.FindSession("hash-post")->first.post_id, 0);
    ASSERT_OK(accounts.SetSessionPost("hash-post", created->id));
    EXPECT_EQ(accounts.FindSession("hash-post")->first.post_id, created->id);
    EXPECT_ERROR(accounts.SetSessionPost("missing", created->id), ErrorCode::kNotFound, "");
    session.token_hash = "hash-post-2";
    session.post_id = own_created->id;
    ASSERT_OK(accounts.CreateSession(session));
    EXPECT_EQ(accounts.FindSession("hash-post-2")->first.post_id, own_created->id);
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
    EXPECT_ERROR(tenant_c->Users().SetDisabled(world.a_user.id, AccountState::kDisabled), ErrorCode::kNotFound, "");
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
// 断らない相談: persons, households, categories, consultations, reports, referrals, audit trail, settings

// The 2-grams of a UTF-8 string (what the domain's NormalizeForSearch produces for a key).
std::vector<std::string> Grams(const std::string& text) {
    std::vector<std::string> characters;
    for (std::size_t i = 0; i < text.size();) {
        std::size_t length = 1;
        const auto lead = static_cast<unsigned char>(text[i]);
        if (lead >= 0xF0)
            length = 4;
        else if (lead >= 0xE0)
            length = 3;
        else if (lead >= 0xC0)
            length = 2;
        characters.push_back(text.substr(i, length));
        i += length;
    }
    std::vector<std::string> grams;
    for (std::size_t i = 0; i + 1 < characters.size(); ++i) {
        const std::string gram = characters[i] + characters[i + 1];
        if (std::find(grams.begin(), grams.end(), gram) == grams.end()) grams.push_back(gram);
    }
    return grams;
}

domain::PersonSearchKeys KeysFor(const std::string& name, const std::string& kana, const std::string& address = "",
                                 const std::string& phone = "") {
    domain::PersonSearchKeys keys{.name_key = name,
                                  .kana_key = kana,
                                  .reading_key = "",
                                  .address_key = address,
                                  .phone_key = phone,
                                  .grams = Grams(name),
                                  .address_grams = Grams(address)};
    for (const auto& gram : Grams(kana)) {
        if (std::find(keys.grams.begin(), keys.grams.end(), gram) == keys.grams.end()) keys.grams.push_back(gram);
    }
    return keys;
}

// Grams as storage hands them back: distinct, in byte order.
std::vector<std::string> Distinct3(std::string a, std::string b, std::string c) {
    std::vector<std::string> values{std::move(a), std::move(b), std::move(c)};
    std::sort(values.begin(), values.end());
    return values;
}

std::vector<domain::PersonId> HitIds(const std::vector<domain::PersonSearchHit>& hits) {
    std::vector<domain::PersonId> ids;
    for (const auto& hit : hits) ids.push_back(hit.person_id);
    return ids;
}

class IntakeContractTest : public StoreContractTest {
protected:
    domain::Person NewPerson(const User& creator, const std::string& family, const std::string& given) {
        domain::Person person;
        person.data.family_name = family;
        person.data.given_name = given;
        person.created_by_organization_id = creator.organization_id;
        person.created_by_user_id = creator.id;
        person.created_at = At(2024, 5, 1, 10);
        person.updated_at = person.created_at;
        return person;
    }

    domain::Person AddPerson(const User& creator, const std::string& family, const std::string& given,
                             std::optional<domain::Date> birth = std::nullopt, const std::string& phone = "") {
        auto person = NewPerson(creator, family, given);
        person.data.birth_date = birth;
        person.data.phone = phone;
        auto created =
            store_->Tenant(creator.municipality_id)->Persons().Create(person, KeysFor(family + given, "", "", phone));
        EXPECT_TRUE(created.has_value()) << (created ? "" : created.error().message);
        return created.value_or(domain::Person{});
    }

    domain::Contact MakeContact(const User& staff, Instant at, domain::Channel channel = domain::Channel::kPhone,
                                domain::Source source = domain::Source::kSelf) {
        return domain::Contact{.id = 0,
                               .consultation_id = domain::ConsultationId{},
                               .occurred_at = at,
                               .channel = channel,
                               .source = source,
                               .caller = {},
                               .organization_id = staff.organization_id,
                               .staff_user_id = staff.id,
                               .summary = "相談を受けた",
                               .summary_tag = domain::TextTag::kFact,
                               .recorded_at = at};
    }

    domain::Consultation MakeConsultation(const User& staff, domain::PersonId person_id,
                                          std::vector<domain::Contact> contacts) {
        domain::Consultation consultation;
        consultation.receiving_organization_id = staff.organization_id;
        consultation.received_by_user_id = staff.id;
        consultation.person_id = person_id;
        consultation.chief_complaint = "生活が苦しい";
        consultation.contacts = std::move(contacts);
        consultation.created_at = consultation.contacts.front().occurred_at;
        return consultation;
    }

    domain::Referral MakeReferral(const User& sender, domain::PersonId person_id, OrganizationId to, Instant at) {
        domain::Referral referral;
        referral.person_id = person_id;
        referral.from_organization_id = sender.organization_id;
        referral.to_organization_id = to;
        referral.reason = "就労支援のため";
        referral.sheet = nlohmann::json{{"person", {{"name", "佐藤 花子"}}}, {"worries", {"就労"}}};
        referral.sent_at = at;
        referral.events.push_back(domain::ReferralEvent{.status = domain::ReferralStatus::kSent,
                                                        .at = at,
                                                        .user_id = sender.id,
                                                        .organization_id = sender.organization_id,
                                                        .note = ""});
        return referral;
    }

    domain::AuditEntry MakeAuditEntry(const User& user, std::optional<std::int64_t> person_id, std::string action,
                                      Instant at) {
        domain::AuditEntry entry;
        entry.at = at;
        entry.user_id = user.id;
        entry.organization_id = user.organization_id;
        entry.action = std::move(action);
        entry.record_type = "person";
        entry.record_id = person_id.value_or(0);
        entry.person_id = OptionalIdOf<domain::PersonId>(person_id);
        entry.fields = "*";
        entry.basis = "own_record";
        entry.remote_address = "192.0.2.1";
        entry.request_id = "req";
        return entry;
    }
};

TEST_P(IntakeContractTest, PersonsCreateGetAndUpdateWithOptimisticConcurrency) {
    auto world = MakeWorld();
    auto tenant = store_->Tenant(world.a.id);
    auto neighborhood = tenant->Areas().Create(AreaKind::kNeighborhood, "由良宿").value();
    auto school = tenant->Areas().Create(AreaKind::kElementarySchoolDistrict, "由良小").value();
    auto person = NewPerson(world.a_user, "佐藤", "花子");
    person.data.family_name_kana = "サトウ";
    person.data.given_name_kana = "ハナコ";
    person.data.reading_self_reported = "さとう はなこ";
    person.data.birth_date = Day(1950, 2, 28);
    person.data.sex = domain::Sex::kFemale;
    person.data.phone = "0858-00-0000";
    person.data.contact_notes = "夕方は不在";
    person.data.address = {.prefecture = "鳥取県",
                           .municipality = "東伯郡北栄町",
                           .town = "由良宿",
                           .block = "1-2",
                           .building = "コーポ101"};
    person.data.resides_elsewhere = true;
    person.data.neighborhood_id = neighborhood.id;
    person.data.elementary_school_district_id = school.id;
    person.data.unknown_reasons = {{"sex", domain::UnknownReason::kRefused}};
    person.data.dv_protected = true;
    auto created = tenant->Persons().Create(person, KeysFor("佐藤花子", "サトウハナコ", "由良宿1-2", "0858000000"));
    ASSERT_OK(created);
    EXPECT_GT(created->id, 0);
    EXPECT_EQ(created->municipality_id, world.a.id);
    EXPECT_EQ(created->version, 1);
    EXPECT_FALSE(created->merged_into.has_value());

    auto read = tenant->Persons().Get(created->id);
    ASSERT_OK(read);
    EXPECT_EQ(read->data.family_name, "佐藤");
    EXPECT_EQ(read->data.given_name_kana, "ハナコ");
    EXPECT_EQ(read->data.reading_self_reported, "さとう はなこ");
    EXPECT_EQ(read->data.birth_date, Day(1950, 2, 28));
    EXPECT_EQ(read->data.sex, domain::Sex::kFemale);
    EXPECT_EQ(read->data.phone, "0858-00-0000");
    EXPECT_EQ(read->data.contact_notes, "夕方は不在");
    EXPECT_EQ(read->data.address.town, "由良宿");
    EXPECT_EQ(read->data.address.building, "コーポ101");
    EXPECT_TRUE(read->data.resides_elsewhere);
    EXPECT_EQ(read->data.neighborhood_id, neighborhood.id);
    EXPECT_EQ(read->data.elementary_school_district_id, school.id);
    EXPECT_FALSE(read->data.junior_high_school_district_id.has_value());
    ASSERT_EQ(read->data.unknown_reasons.size(), 1u);
    EXPECT_EQ(read->data.unknown_reasons.at("sex"), domain::UnknownReason::kRefused);
    EXPECT_TRUE(read->data.dv_protected);
    EXPECT_EQ(read->created_by_organization_id, world.a_org.id);
    EXPECT_EQ(read->created_by_user_id, world.a_user.id);
    EXPECT_EQ(read->created_at, At(2024, 5, 1, 10));

    auto data = read->data;
    data.given_name = "花江";
    data.birth_date.reset();
    data.neighborhood_id.reset();
    auto updated = tenant->Persons().Update(created->id, 1, data, At(2024, 6, 1),
                                            KeysFor("佐藤花江", "サトウハナエ", "由良宿1-2", "0858000000"));
    ASSERT_OK(updated);
    EXPECT_EQ(updated->version, 2);
    EXPECT_EQ(updated->data.given_name, "花江");
    EXPECT_FALSE(updated->data.birth_date.has_value());
    EXPECT_FALSE(updated->data.neighborhood_id.has_value());
    EXPECT_EQ(updated->updated_at, At(2024, 6, 1));
    EXPECT_EQ(updated->created_at, At(2024, 5, 1, 10));
    // The search index follows the new keys: the old gram is gone, the new one is found.
    EXPECT_TRUE(tenant->Persons().FindByGrams({"花子"}, domain::PersonRepository::SearchField::kName, 10)->empty());
    EXPECT_EQ(HitIds(*tenant->Persons().FindByGrams({"花江"}, domain::PersonRepository::SearchField::kName, 10)),
              std::vector<domain::PersonId>{created->id});

    // A stale version is a conflict and changes nothing.
    data.given_name = "花代";
    EXPECT_ERROR(tenant->Persons().Update(created->id, 1, data, At(2024, 6, 2), KeysFor("佐藤花代", "")),
                 ErrorCode::kConflict, "version");
    EXPECT_EQ(tenant->Persons().Get(created->id)->data.given_name, "花江");
    EXPECT_ERROR(tenant->Persons().Update(domain::PersonId{created->id.value() + 1000}, 2, data, At(2024, 6, 2),
                                          KeysFor("佐藤花代", "")),
                 ErrorCode::kNotFound, "person_id");
    EXPECT_ERROR(tenant->Persons().Get(domain::PersonId{created->id.value() + 1000}), ErrorCode::kNotFound,
                 "person_id");

    auto other = AddPerson(world.a_user, "鈴木", "一郎");
    auto many =
        tenant->Persons().GetMany({other.id, domain::PersonId{created->id.value() + 1000}, created->id, other.id});
    ASSERT_OK(many);
    ASSERT_EQ(many->size(), 2u);
    EXPECT_EQ((*many)[0].id, other.id);
    EXPECT_EQ((*many)[1].id, created->id);
    EXPECT_EQ((*many)[1].data.family_name, tenant->Persons().Get(created->id)->data.family_name);
    EXPECT_EQ((*many)[1].version, tenant->Persons().Get(created->id)->version);
    EXPECT_TRUE(tenant->Persons().GetMany({})->empty());
}

TEST_P(IntakeContractTest, PersonAreasMustBeOfThisMunicipalityAndOfTheRightKind) {
    auto world = MakeWorld();
    auto a_school = store_->Tenant(world.a.id)->Areas().Create(AreaKind::kElementarySchoolDistrict, "由良小").value();
    auto b_neighborhood = store_->Tenant(world.b.id)->Areas().Create(AreaKind::kNeighborhood, "橋津").value();
    auto tenant = store_->Tenant(world.a.id);
    auto persons = &tenant->Persons();  // valid while `tenant` lives
    auto person = NewPerson(world.a_user, "佐藤", "花子");
    person.data.neighborhood_id = b_neighborhood.id;
    EXPECT_ERROR(tenant->Persons().Create(person, KeysFor("佐藤花子", "")), ErrorCode::kNotFound, "neighborhood_id");
    person.data.neighborhood_id = a_school.id;  // an area of this municipality, but a school district
    EXPECT_ERROR(tenant->Persons().Create(person, KeysFor("佐藤花子", "")), ErrorCode::kNotFound, "neighborhood_id");
    person.data.neighborhood_id.reset();
    person.data.welfare_volunteer_district_id = a_school.id;
    EXPECT_ERROR(tenant->Persons().Create(person, KeysFor("佐藤花子", "")), ErrorCode::kNotFound,
                 "welfare_volunteer_district_id");
    person.data.welfare_volunteer_district_id.reset();
    person.data.elementary_school_district_id = a_school.id;
    auto created = tenant->Persons().Create(person, KeysFor("佐藤花子", ""));
    ASSERT_OK(created);
    auto data = created->data;
    data.junior_high_school_district_id = a_school.id;
    EXPECT_ERROR(tenant->Persons().Update(created->id, 1, data, At(2024, 6, 1), KeysFor("佐藤花子", "")),
                 ErrorCode::kNotFound, "junior_high_school_district_id");
    // A creator of another municipality is refused too.
    person.created_by_user_id = world.b_user.id;
    EXPECT_ERROR(persons->Create(person, KeysFor("佐藤花子", "")), ErrorCode::kNotFound, "created_by_user_id");
    // Nothing half-written: only the one valid person is found.
    EXPECT_EQ(tenant->Persons().FindByGrams({"佐藤"}, domain::PersonRepository::SearchField::kName, 10)->size(), 1u);
}

TEST_P(IntakeContractTest, FindByGramsIntersectsPostingListsAndSkipsMergedRecords) {
    auto world = MakeWorld();
    auto tenant = store_->Tenant(world.a.id);
    using Field = domain::PersonRepository::SearchField;
    auto hanako = AddPerson(world.a_user, "佐藤", "花子");
    auto taro = AddPerson(world.a_user, "佐藤", "太郎");
    auto suzuki = AddPerson(world.a_user, "鈴木", "花子");
    // Another municipality's 佐藤 is never found from A.
    AddPerson(world.b_user, "佐藤", "花子");

    auto sato = tenant->Persons().FindByGrams({"佐藤"}, Field::kName, 10);
    ASSERT_OK(sato);
    EXPECT_EQ(HitIds(*sato), (std::vector<domain::PersonId>{hanako.id, taro.id}));
    EXPECT_EQ((*sato)[0].keys.name_key, "佐藤花子");
    EXPECT_EQ((*sato)[0].keys.grams, Distinct3("佐藤", "花子", "藤花"));
    EXPECT_EQ(HitIds(*tenant->Persons().FindByGrams({"花子"}, Field::kName, 10)),
              (std::vector<domain::PersonId>{hanako.id, suzuki.id}));
    EXPECT_EQ(HitIds(*tenant->Persons().FindByGrams({"佐藤", "藤花", "花子"}, Field::kName, 10)),
              std::vector<domain::PersonId>{hanako.id});
    EXPECT_EQ(HitIds(*tenant->Persons().FindByGrams({"花子", "佐藤"}, Field::kName, 10)),
              std::vector<domain::PersonId>{hanako.id});
    EXPECT_TRUE(tenant->Persons().FindByGrams({"佐藤", "木花"}, Field::kName, 10)->empty());
    EXPECT_TRUE(tenant->Persons().FindByGrams({"山田"}, Field::kName, 10)->empty());
    EXPECT_TRUE(tenant->Persons().FindByGrams({}, Field::kName, 10)->empty());
    EXPECT_EQ(tenant->Persons().FindByGrams({"佐藤"}, Field::kName, 1)->size(), 1u);
    // Name grams are not address grams.
    EXPECT_TRUE(tenant->Persons().FindByGrams({"佐藤"}, Field::kAddress, 10)->empty());

    // Merged-away records are not candidates.
    ASSERT_OK(tenant->Persons().Merge(hanako.id, suzuki.id, world.a_user.id, At(2024, 7, 1)));
    EXPECT_EQ(HitIds(*tenant->Persons().FindByGrams({"花子"}, Field::kName, 10)),
              std::vector<domain::PersonId>{hanako.id});
}

// Re-indexing after a change of the search folding (issue 13): IdsAfter walks every record in id order, merged ones
// included; ReplaceSearchKeys swaps keys and postings without touching data or version; RebuildSearchKeys
// recomputes every key from the stored data once, with the exact-name postings that find a one-character family
// name, and does nothing on a second run. 500 persons, 100 of them named 佐藤.
TEST_P(IntakeContractTest, SearchKeysAreRebuiltFromStoredDataOnceAndFindExactFamilyNames) {
    auto world = MakeWorld();
    auto tenant = store_->Tenant(world.a.id);
    using Field = domain::PersonRepository::SearchField;
    const char* families[] = {"髙橋", "渡邊", "林", "森", "小林", "鈴木", "田中", "阿部"};
    const char* givens[] = {"一郎", "花子", "太郎", "和子", "勝", "節子", "実", "幸子", "清", "洋子"};
    std::vector<domain::PersonId> satos;
    domain::PersonId merged_away{};
    // Stored with keys of an older folding: the plain name as its key and its 2-grams only. 100 佐藤 and 50 of each
    // other family (a small town's share: every fifth person a 佐藤), 500 in all.
    // One transaction for the 500 (one commit: the PostgreSQL suite keeps to its time on a loaded machine).
    ASSERT_OK(store_->Transaction([&](Store& transaction) -> Status {
        auto in_transaction = transaction.Tenant(world.a.id);
        for (int i = 0, other = 0; i < 500; ++i) {
            const std::string family = i % 5 == 0 ? "佐藤" : families[other++ % 8];
            const std::string given = givens[i % 10];
            auto created =
                in_transaction->Persons().Create(NewPerson(world.a_user, family, given), KeysFor(family + given, ""));
            if (!created) return Fail(created.error());
            if (family == "佐藤") satos.push_back(created->id);
            if (i == 499) merged_away = created->id;  // an 阿部
        }
        return {};
    }));
    ASSERT_EQ(satos.size(), 100u);
    ASSERT_OK(tenant->Persons().Merge(satos.front(), merged_away, world.a_user.id, At(2024, 7, 1)));

    // IdsAfter pages through every record, merged ones included, and not another municipality's.
    AddPerson(world.b_user, "佐藤", "花子");
    std::vector<domain::PersonId> all;
    for (domain::PersonId after{};;) {
        auto page = tenant->Persons().IdsAfter(after, 700);
        ASSERT_OK(page);
        if (page->empty()) break;
        all.insert(all.end(), page->begin(), page->end());
        after = page->back();
    }
    EXPECT_EQ(all.size(), 500u);
    EXPECT_TRUE(std::is_sorted(all.begin(), all.end()));

    // Before the rebuild the old keys know no exact names, and 高橋 does not find 髙橋.
    const std::string sato_gram = domain::PersonService::ExactNameGram('f', "佐藤");
    EXPECT_TRUE(tenant->Persons().FindByGrams({sato_gram}, Field::kName, 400)->empty());
    EXPECT_TRUE(tenant->Persons().FindByGrams({"高橋"}, Field::kName, 400)->empty());

    auto version_before = tenant->Persons().Get(satos[1]);
    ASSERT_OK(version_before);
    auto rebuilt = domain::PersonService::RebuildSearchKeys(*store_);
    ASSERT_OK(rebuilt);
    EXPECT_EQ(*rebuilt, 501);  // both municipalities
    auto version_after = tenant->Persons().Get(satos[1]);
    ASSERT_OK(version_after);
    EXPECT_EQ(version_after->version, version_before->version);
    EXPECT_EQ(version_after->updated_at, version_before->updated_at);

    // The exact family name finds the 100 佐藤 and nobody else.
    auto sato = tenant->Persons().FindByGrams({sato_gram}, Field::kName, 400);
    ASSERT_OK(sato);
    std::vector<domain::PersonId> found = HitIds(*sato);
    std::sort(found.begin(), found.end());
    EXPECT_EQ(found, satos);
    // One-character family names: 林 and 森 exactly, not 小林 or 森 inside another name.
    auto hayashi = tenant->Persons().FindByGrams({domain::PersonService::ExactNameGram('f', "林")}, Field::kName, 400);
    ASSERT_OK(hayashi);
    EXPECT_EQ(hayashi->size(), 50u);
    for (const auto& hit : *hayashi) EXPECT_TRUE(hit.keys.name_key.starts_with("林")) << hit.keys.name_key;
    // The variant kanji now share keys: 高橋 finds every 髙橋, 渡辺 every 渡邊.
    EXPECT_EQ(tenant->Persons().FindByGrams({"高橋"}, Field::kName, 400)->size(), 50u);
    EXPECT_EQ(tenant->Persons().FindByGrams({"渡辺"}, Field::kName, 400)->size(), 50u);
    auto mori = tenant->Persons().FindByGrams({domain::PersonService::ExactNameGram('f', "森")}, Field::kName, 400);
    ASSERT_OK(mori);
    EXPECT_EQ(mori->size(), 50u);

    // A second run finds the version current and re-indexes nothing.
    auto again = domain::PersonService::RebuildSearchKeys(*store_);
    ASSERT_OK(again);
    EXPECT_EQ(*again, 0);

    // ReplaceSearchKeys of an unknown person is kNotFound.
    auto missing = tenant->Persons().ReplaceSearchKeys(domain::PersonId{999999}, domain::PersonSearchKeys{});
    ASSERT_FALSE(missing);
    EXPECT_TRUE(missing.error().Is(ErrorCode::kNotFound));
}

TEST_P(IntakeContractTest, FindByGramsWithManyGramsAndPagesPastNonMatches) {
    auto world = MakeWorld();
    auto tenant = store_->Tenant(world.a.id);
    using Field = domain::PersonRepository::SearchField;
    const std::string address = "鳥取県東伯郡北栄町由良宿一二三";  // 14 characters, 13 grams
    std::vector<domain::PersonId> matching;
    for (int i = 0; i < 12; ++i) {
        auto person = NewPerson(world.a_user, "山田", "太郎");
        // Every third person lives at the full address; the others share all but the last gram.
        const std::string own = i % 3 == 0 ? address : "鳥取県東伯郡北栄町由良宿一二四";
        auto created = tenant->Persons().Create(person, KeysFor("山田太郎", "", own));
        ASSERT_OK(created);
        if (i % 3 == 0) matching.push_back(created->id);
    }
    auto hits = tenant->Persons().FindByGrams(Grams(address), Field::kAddress, 10);
    ASSERT_OK(hits);
    EXPECT_EQ(HitIds(*hits), matching);
    EXPECT_EQ((*hits)[0].keys.address_key, address);
    // With a limit smaller than the candidates of the rarest 8 grams, the pages continue until `limit` matches.
    auto two = tenant->Persons().FindByGrams(Grams(address), Field::kAddress, 2);
    ASSERT_OK(two);
    EXPECT_EQ(HitIds(*two), (std::vector<domain::PersonId>{matching[0], matching[1]}));
    EXPECT_EQ(tenant->Persons().FindByGrams(Grams("由良宿一二"), Field::kAddress, 100)->size(), 12u);
}

TEST_P(IntakeContractTest, FindByBirthDateAndPhone) {
    auto world = MakeWorld();
    auto tenant = store_->Tenant(world.a.id);
    auto first = AddPerson(world.a_user, "佐藤", "花子", Day(1950, 2, 28), "0858111111");
    auto second = AddPerson(world.a_user, "佐藤", "太郎", Day(1950, 2, 28), "0858222222");
    AddPerson(world.a_user, "鈴木", "一郎", Day(1951, 2, 28), "0858111111");
    AddPerson(world.b_user, "佐藤", "花子", Day(1950, 2, 28), "0858111111");
    auto born = tenant->Persons().FindByBirthDate(Day(1950, 2, 28), 10);
    ASSERT_OK(born);
    EXPECT_EQ(HitIds(*born), (std::vector<domain::PersonId>{first.id, second.id}));
    EXPECT_EQ((*born)[0].birth_date, Day(1950, 2, 28));
    EXPECT_EQ(tenant->Persons().FindByBirthDate(Day(1950, 2, 28), 1)->size(), 1u);
    EXPECT_TRUE(tenant->Persons().FindByBirthDate(Day(1960, 1, 1), 10)->empty());
    auto phoned = tenant->Persons().FindByPhone("0858111111", 10);
    ASSERT_OK(phoned);
    EXPECT_EQ(phoned->size(), 2u);
    EXPECT_EQ((*phoned)[0].keys.phone_key, "0858111111");
    EXPECT_TRUE(tenant->Persons().FindByPhone("", 10)->empty());
    ASSERT_OK(tenant->Persons().Merge(first.id, second.id, world.a_user.id, At(2024, 7, 1)));
    EXPECT_EQ(HitIds(*tenant->Persons().FindByBirthDate(Day(1950, 2, 28), 10)),
              std::vector<domain::PersonId>{first.id});
}

// The import's check of many persons' keys at once (PersonRepository::RecordedKeys): of the keys given, those some
// person of the tenant has, merged-away records included; another municipality's persons do not count.
TEST_P(IntakeContractTest, RecordedKeysAreTheGivenKeysSomePersonOfTheTenantHas) {
    auto world = MakeWorld();
    auto tenant = store_->Tenant(world.a.id);
    auto first = AddPerson(world.a_user, "佐藤", "花子", Day(1950, 2, 28), "0858111111");
    auto second = AddPerson(world.a_user, "佐藤", "太郎", Day(1951, 3, 1), "0858222222");
    AddPerson(world.b_user, "鈴木", "一郎", Day(1960, 1, 1), "0858333333");
    auto moved = NewPerson(world.a_user, "森", "一");
    moved.data.address.town = "由良宿1-2";
    ASSERT_OK(tenant->Persons().Create(moved, KeysFor("森一", "", "由良宿1-2", "")));
    ASSERT_OK(tenant->Persons().Merge(first.id, second.id, world.a_user.id, At(2024, 7, 1)));
    domain::PersonRepository* index = &tenant->Persons();
    auto found = index->RecordedKeys({Day(1950, 2, 28), Day(1951, 3, 1), Day(1960, 1, 1), Day(1970, 1, 1)},
                                     {"0858111111", "0858222222", "0858333333", "0858999999"},
                                     {"由良宿1-2", "由良宿1", "由良宿1-2-3", "\"quoted\" \\ key"});
    ASSERT_OK(found);
    EXPECT_EQ(found->birth_dates, (std::set<domain::Date>{Day(1950, 2, 28), Day(1951, 3, 1)}));
    EXPECT_EQ(found->phone_keys, (std::set<std::string>{"0858111111", "0858222222"}));
    EXPECT_EQ(found->address_keys, (std::set<std::string>{"由良宿1-2"}));
    auto none = index->RecordedKeys({}, {}, {});
    ASSERT_OK(none);
    EXPECT_TRUE(none->birth_dates.empty() && none->phone_keys.empty() && none->address_keys.empty());
}

TEST_P(IntakeContractTest, MergeUnmergeAndIdentityGroup) {
    auto world = MakeWorld();
    auto tenant = store_->Tenant(world.a.id);
    auto a = AddPerson(world.a_user, "佐藤", "花子");
    auto b = AddPerson(world.a_user, "佐藤", "はなこ");
    auto c = AddPerson(world.a_user, "さとう", "花子");
    auto& persons = tenant->Persons();
    auto c_into_b = persons.Merge(b.id, c.id, world.a_user.id, At(2024, 7, 1));
    ASSERT_OK(c_into_b);
    EXPECT_EQ(c_into_b->survivor_id, b.id);
    EXPECT_EQ(c_into_b->merged_id, c.id);
    auto b_into_a = persons.Merge(a.id, b.id, world.a_user.id, At(2024, 7, 2));
    ASSERT_OK(b_into_a);
    EXPECT_EQ(persons.Get(b.id)->merged_into, a.id);
    EXPECT_EQ(*persons.IdentityGroup(a.id), (std::vector<domain::PersonId>{a.id, b.id, c.id}));
    EXPECT_EQ(*persons.IdentityGroup(c.id), (std::vector<domain::PersonId>{a.id, b.id, c.id}));  // survivor first

    EXPECT_ERROR(persons.Merge(a.id, b.id, world.a_user.id, At(2024, 7, 3)), ErrorCode::kConflict, "merged_id");
    EXPECT_ERROR(persons.Merge(b.id, a.id, world.a_user.id, At(2024, 7, 3)), ErrorCode::kConflict, "survivor_id");
    EXPECT_ERROR(persons.Merge(a.id, a.id, world.a_user.id, At(2024, 7, 3)), ErrorCode::kInvalidArgument, "merged_id");
    EXPECT_ERROR(persons.Merge(a.id, domain::PersonId{a.id.value() + 1000}, world.a_user.id, At(2024, 7, 3)),
                 ErrorCode::kNotFound, "merged_id");

    auto merges = persons.Merges(b.id);
    ASSERT_OK(merges);
    ASSERT_EQ(merges->size(), 2u);
    EXPECT_EQ((*merges)[0].id, c_into_b->id);
    EXPECT_EQ((*merges)[1].id, b_into_a->id);
    EXPECT_EQ((*merges)[1].merged_at, At(2024, 7, 2));
    EXPECT_FALSE((*merges)[1].undone_at.has_value());

    auto undone = persons.Unmerge(b_into_a->id, world.a_user.id, At(2024, 7, 5));
    ASSERT_OK(undone);
    EXPECT_EQ(undone->undone_by, world.a_user.id);
    EXPECT_EQ(undone->undone_at, At(2024, 7, 5));
    EXPECT_FALSE(persons.Get(b.id)->merged_into.has_value());
    EXPECT_EQ(*persons.IdentityGroup(a.id), std::vector<domain::PersonId>{a.id});
    EXPECT_EQ(*persons.IdentityGroup(c.id), (std::vector<domain::PersonId>{b.id, c.id}));
    EXPECT_EQ(persons.Merges(a.id)->at(0).undone_at, At(2024, 7, 5));
    EXPECT_ERROR(persons.Unmerge(b_into_a->id, world.a_user.id, At(2024, 7, 6)), ErrorCode::kNotFound, "merge_id");
    // The record can be merged again after an undo.
    ASSERT_OK(persons.Merge(a.id, b.id, world.a_user.id, At(2024, 7, 7)));
    EXPECT_ERROR(persons.IdentityGroup(domain::PersonId{a.id.value() + 1000}), ErrorCode::kNotFound, "person_id");
}

TEST_P(IntakeContractTest, AccessFactsGatherRecordersReferralsAndDvStaff) {
    auto world = MakeWorld();
    auto tenant = store_->Tenant(world.a.id);
    auto houkatsu =
        tenant->Organizations().Create(OrganizationKind::kMunicipalDivision, "地域包括支援センター").value();
    auto npo = tenant->Organizations().Create(OrganizationKind::kMunicipalDivision, "NPO法人").value();
    auto shakyo = tenant->Organizations().Create(OrganizationKind::kMunicipalDivision, "社会福祉協議会").value();
    auto make_user = [&](const domain::Organization& organization, const std::string& name) {
        return tenant->Users()
            .Create(NewUser{.organization_id = organization.id,
                            .username = name,
                            .display_name = name,
                            .roles = {Role::kCaseworker},
                            .password_hash = "h"},
                    At(2024, 4, 1))
            .value();
    };
    auto houkatsu_user = make_user(houkatsu, "houkatsu");
    auto npo_user = make_user(npo, "npo");
    auto person = AddPerson(world.a_user, "佐藤", "花子");
    auto duplicate = AddPerson(world.a_user, "佐藤", "ハナコ");
    // A consultation taken by 包括 about the person, with a follow-up contact by the NPO.
    auto consultation = MakeConsultation(houkatsu_user, person.id, {MakeContact(houkatsu_user, At(2024, 5, 1))});
    consultation.contacts.push_back(MakeContact(npo_user, At(2024, 5, 2)));
    ASSERT_OK(tenant->Consultations().Create(consultation));
    // The duplicate record's referral counts once the records are merged.
    auto referral = tenant->Referrals().Create(MakeReferral(world.a_user, duplicate.id, shakyo.id, At(2024, 5, 3)));
    ASSERT_OK(referral);

    auto facts = tenant->Persons().AccessFacts(person.id);
    ASSERT_OK(facts);
    EXPECT_EQ(facts->person_id, person.id);
    EXPECT_FALSE(facts->dv_protected);
    EXPECT_EQ(facts->recording_organizations, (std::vector<OrganizationId>{world.a_org.id, houkatsu.id, npo.id}));
    EXPECT_EQ(facts->recording_users, (std::vector<UserId>{world.a_user.id, houkatsu_user.id, npo_user.id}));
    EXPECT_TRUE(facts->referrals.empty());

    ASSERT_OK(tenant->Persons().Merge(person.id, duplicate.id, world.a_user.id, At(2024, 6, 1)));
    facts = tenant->Persons().AccessFacts(person.id);
    ASSERT_OK(facts);
    ASSERT_EQ(facts->referrals.size(), 1u);
    EXPECT_EQ(facts->referrals[0].referral_id, referral->id);
    EXPECT_EQ(facts->referrals[0].from_organization_id, world.a_org.id);
    EXPECT_EQ(facts->referrals[0].to_organization_id, shakyo.id);
    EXPECT_EQ(facts->referrals[0].status, domain::ReferralStatus::kSent);

    // DV: the flag and the named staff.
    auto data = person.data;
    data.dv_protected = true;
    ASSERT_OK(tenant->Persons().Update(person.id, 1, data, At(2024, 6, 2), KeysFor("佐藤花子", "")));
    ASSERT_OK(tenant->Persons().SetDvNamedStaff(person.id, {npo_user.id, houkatsu_user.id}));
    facts = tenant->Persons().AccessFacts(person.id);
    ASSERT_OK(facts);
    EXPECT_TRUE(facts->dv_protected);
    EXPECT_EQ(facts->dv_named_staff, (std::vector<UserId>{houkatsu_user.id, npo_user.id}));
    ASSERT_OK(tenant->Persons().SetDvNamedStaff(person.id, {npo_user.id}));
    EXPECT_EQ(tenant->Persons().AccessFacts(person.id)->dv_named_staff, std::vector<UserId>{npo_user.id});
    EXPECT_ERROR(tenant->Persons().SetDvNamedStaff(person.id, {world.b_user.id}), ErrorCode::kNotFound, "user_id");
    EXPECT_EQ(tenant->Persons().AccessFacts(person.id)->dv_named_staff, std::vector<UserId>{npo_user.id});
}

TEST_P(IntakeContractTest, Households) {
    auto world = MakeWorld();
    auto tenant = store_->Tenant(world.a.id);
    auto father = AddPerson(world.a_user, "山田", "一郎");
    auto son = AddPerson(world.a_user, "山田", "次郎");
    auto mother = AddPerson(world.a_user, "山田", "花子");
    domain::Household household{.id = {},
                                .municipality_id = MunicipalityId{},
                                .name = "山田さん世帯",
                                .notes = "8050",
                                .members = {{.id = 0,
                                             .person_id = son.id,
                                             .relationship = domain::Relationship::kChild,
                                             .is_head = false,
                                             .moved_in = Day(1975, 1, 1),
                                             .moved_out = std::nullopt,
                                             .moved_out_reason = ""},
                                            {.id = 0,
                                             .person_id = father.id,
                                             .relationship = domain::Relationship::kHead,
                                             .is_head = true,
                                             .moved_in = std::nullopt,
                                             .moved_out = std::nullopt,
                                             .moved_out_reason = ""}},
                                .created_by_organization_id = world.a_org.id,
                                .created_at = At(2024, 5, 1)};
    auto created = tenant->Households().Create(household);
    ASSERT_OK(created);
    EXPECT_EQ(created->version, 1);
    EXPECT_EQ(created->name, "山田さん世帯");
    ASSERT_EQ(created->members.size(), 2u);
    EXPECT_EQ(created->members[0].person_id, father.id);  // unknown moved_in first
    EXPECT_TRUE(created->members[0].is_head);
    EXPECT_EQ(created->members[1].relationship, domain::Relationship::kChild);
    EXPECT_EQ(created->members[1].moved_in, Day(1975, 1, 1));

    auto updated = tenant->Households().Update(created->id, 1, "山田家", "8050 問題");
    ASSERT_OK(updated);
    EXPECT_EQ(updated->version, 2);
    EXPECT_EQ(updated->notes, "8050 問題");
    EXPECT_ERROR(tenant->Households().Update(created->id, 1, "x", "y"), ErrorCode::kConflict, "version");
    EXPECT_ERROR(tenant->Households().Update(domain::HouseholdId{created->id.value() + 1000}, 1, "x", "y"),
                 ErrorCode::kNotFound, "household_id");

    auto added = tenant->Households().AddMember(created->id, {.id = 0,
                                                              .person_id = mother.id,
                                                              .relationship = domain::Relationship::kSpouse,
                                                              .is_head = false,
                                                              .moved_in = Day(1970, 4, 1),
                                                              .moved_out = std::nullopt,
                                                              .moved_out_reason = ""});
    ASSERT_OK(added);
    ASSERT_EQ(added->members.size(), 3u);
    EXPECT_EQ(added->members[1].person_id, mother.id);
    auto ended = tenant->Households().EndMembership(created->id, added->members[2].id, Day(2024, 3, 31), "転出");
    ASSERT_OK(ended);
    EXPECT_EQ(ended->members[2].moved_out, Day(2024, 3, 31));
    EXPECT_EQ(ended->members[2].moved_out_reason, "転出");
    EXPECT_ERROR(tenant->Households().EndMembership(created->id, added->members[2].id + 1000, Day(2024, 3, 31), ""),
                 ErrorCode::kNotFound, "member_id");

    auto second = household;
    second.name = "次郎さん世帯";
    second.members.resize(1);
    second.created_at = At(2024, 6, 1);
    auto newer = tenant->Households().Create(second);
    ASSERT_OK(newer);
    auto of = tenant->Households().OfPersons({son.id, father.id});
    ASSERT_OK(of);
    ASSERT_EQ(of->size(), 2u);
    EXPECT_EQ((*of)[0].id, newer->id);  // newest first
    EXPECT_EQ((*of)[1].id, created->id);

    // A person of another municipality cannot be a member.
    auto b_person = AddPerson(world.b_user, "湯梨浜", "太郎");
    auto foreign = household;
    foreign.members[0].person_id = b_person.id;
    EXPECT_ERROR(tenant->Households().Create(foreign), ErrorCode::kNotFound, "person_id");
    EXPECT_ERROR(tenant->Households().AddMember(created->id, foreign.members[0]), ErrorCode::kNotFound, "person_id");
    auto b = store_->Tenant(world.b.id);
    EXPECT_ERROR(b->Households().Get(created->id), ErrorCode::kNotFound, "household_id");
    EXPECT_ERROR(b->Households().Update(created->id, 2, "x", "y"), ErrorCode::kNotFound, "household_id");
    EXPECT_TRUE(b->Households().OfPersons({son.id})->empty());
}

TEST_P(IntakeContractTest, CategoriesAreSeededOncePerMunicipality) {
    auto world = MakeWorld();
    auto tenant = store_->Tenant(world.a.id);
    std::vector<domain::SeedCategory> seeds{{"living_alone", "独居"}, {"hikikomori", "ひきこもり"}, {"8050", "8050"}};
    ASSERT_OK(tenant->Categories().EnsureSeeded(seeds));
    ASSERT_OK(tenant->Categories().EnsureSeeded(seeds));
    auto list = tenant->Categories().List();
    ASSERT_OK(list);
    ASSERT_EQ(list->size(), 3u);
    EXPECT_EQ((*list)[0].code, "living_alone");
    EXPECT_EQ((*list)[1].label, "ひきこもり");
    EXPECT_EQ((*list)[2].code, "8050");
    EXPECT_TRUE((*list)[0].active);
    EXPECT_EQ((*list)[0].municipality_id, world.a.id);
    EXPECT_TRUE(store_->Tenant(world.b.id)->Categories().List()->empty());
    ASSERT_OK(store_->Tenant(world.b.id)->Categories().EnsureSeeded(seeds));
    EXPECT_EQ(store_->Tenant(world.b.id)->Categories().List()->size(), 3u);
}

// 相談の分類の管理 (migration 22): categories added, renamed, reordered, retired and restored; a name unique among
// the active categories of the town (a retired one may share it); one carried by a consultation counted and
// refused deletion; one never used deleted; settings kept per municipality.
TEST_P(IntakeContractTest, CategoriesAreKeptByTheTownAndThoseInUseAreNeverDeleted) {
    auto world = MakeWorld();
    auto tenant = store_->Tenant(world.a.id);
    ASSERT_OK(tenant->Categories().EnsureSeeded({{"hikikomori", "ひきこもり"}, {"debt", "債務"}}));
    auto seeded = tenant->Categories().List().value();
    ASSERT_EQ(seeded.size(), 2u);

    auto added = tenant->Categories().Create("local_1", "ヤングケアラー", 30);
    ASSERT_OK(added);
    EXPECT_TRUE(added->active);
    EXPECT_ERROR(tenant->Categories().Create("local_1", "別の名前", 40), ErrorCode::kConflict, "code");
    EXPECT_ERROR(tenant->Categories().Create("local_2", "ひきこもり", 40), ErrorCode::kConflict, "name");
    EXPECT_ERROR(tenant->Categories().Rename(added->id, "債務"), ErrorCode::kConflict, "name");
    ASSERT_OK(tenant->Categories().Rename(added->id, "ケアラー"));
    // Another town may use the same names and codes.
    ASSERT_OK(store_->Tenant(world.b.id)->Categories().Create("local_1", "ケアラー", 10));
    EXPECT_ERROR(store_->Tenant(world.b.id)->Categories().Rename(added->id, "x"), ErrorCode::kNotFound, "");

    // The order, given whole.
    ASSERT_OK(tenant->Categories().SetOrder({added->id, seeded[1].id, seeded[0].id}));
    auto ordered = tenant->Categories().List().value();
    ASSERT_EQ(ordered.size(), 3u);
    EXPECT_EQ(ordered[0].label, "ケアラー");
    EXPECT_EQ(ordered[0].sort_order, 10);
    EXPECT_EQ(ordered[2].code, "hikikomori");

    // A consultation carries ひきこもり: counted, and the database refuses to delete it.
    auto person = AddPerson(world.a_user, "山田", "一郎");
    auto consultation = MakeConsultation(world.a_user, person.id, {MakeContact(world.a_user, At(2024, 5, 1, 10))});
    consultation.categories = {{seeded[0].id, true}};
    ASSERT_OK(tenant->Consultations().Create(consultation));
    EXPECT_EQ(tenant->Categories().Uses(seeded[0].id).value(), 1);
    EXPECT_EQ(tenant->Categories().Uses(added->id).value(), 0);
    EXPECT_ERROR(tenant->Categories().Delete(seeded[0].id), ErrorCode::kConflict, "id");

    // Retired: it stays listed (records show its name) and its name is free for a new active category.
    ASSERT_OK(tenant->Categories().SetActive(seeded[0].id, false));
    auto retired = tenant->Categories().List().value();
    ASSERT_EQ(retired.size(), 3u);
    EXPECT_FALSE(retired[2].active);
    auto again = tenant->Categories().Create("local_2", "ひきこもり", 40);
    ASSERT_OK(again);
    // Restoring the old one while the new one is active would make two active of one name.
    EXPECT_ERROR(tenant->Categories().SetActive(seeded[0].id, true), ErrorCode::kConflict, "name");
    ASSERT_OK(tenant->Categories().Delete(again->id));  // never used
    ASSERT_OK(tenant->Categories().SetActive(seeded[0].id, true));
    EXPECT_EQ(tenant->Categories().List().value().size(), 3u);
    EXPECT_ERROR(tenant->Categories().Delete(again->id), ErrorCode::kNotFound, "");

    // Settings are per municipality.
    ASSERT_OK(tenant->Settings().Set("referral_overdue_working_days", "5"));
    ASSERT_OK(tenant->Settings().Set("referral_overdue_working_days", "6"));
    EXPECT_EQ(tenant->Settings().Get("referral_overdue_working_days").value(), std::optional<std::string>("6"));
    EXPECT_FALSE(store_->Tenant(world.b.id)->Settings().Get("referral_overdue_working_days").value().has_value());
}

// 相談受付簿: the scope is in the query (an organisation sees what it took part in or was given by an accepted
// referral; a 民生委員 what they entered), then each filter, newest first contact first, and paging.
TEST_P(IntakeContractTest, ConsultationBookScopeFiltersAndPaging) {
    auto world = MakeWorld();
    auto tenant = store_->Tenant(world.a.id);
    ASSERT_OK(tenant->Categories().EnsureSeeded({{"hikikomori", "ひきこもり"}, {"debt", "債務"}}));
    auto categories = tenant->Categories().List().value();
    auto shakyo = tenant->Organizations().Create(OrganizationKind::kSocialWelfareCouncil, "社協").value();
    auto shakyo_user = tenant->Users()
                           .Create(NewUser{.organization_id = shakyo.id,
                                           .username = "a-shakyo",
                                           .display_name = "社協 一郎",
                                           .roles = {Role::kCaseworker},
                                           .password_hash = "hash-s"},
                                   At(2024, 4, 1, 9))
                           .value();
    auto volunteer = tenant->Users()
                         .Create(NewUser{.organization_id = world.a_org.id,
                                         .username = "a-volunteer",
                                         .display_name = "民生 委員",
                                         .roles = {Role::kWelfareVolunteer},
                                         .password_hash = "hash-v"},
                                 At(2024, 4, 1, 9))
                         .value();
    auto person = AddPerson(world.a_user, "山田", "一郎");
    // 福祉課 takes three: 5/1 (family, ひきこもり), 5/2 (self, 債務; later an outcome), 5/3 (self).
    std::vector<domain::ConsultationId> ids;
    for (int day = 1; day <= 3; ++day) {
        auto consultation = MakeConsultation(world.a_user, person.id,
                                             {MakeContact(world.a_user, At(2024, 5, day, 10), domain::Channel::kPhone,
                                                          day == 1 ? domain::Source::kFamily : domain::Source::kSelf)});
        if (day <= 2) consultation.categories = {{categories[day - 1].id, true}};
        auto created = tenant->Consultations().Create(consultation);
        ASSERT_OK(created);
        ids.push_back(created->id);
    }
    {  // the second is closed (情報提供で終了): 終了 in the book's status
        auto stored = tenant->Consultations().Get(ids[1]);
        ASSERT_OK(stored);
        domain::Consultation closing = *stored;
        closing.outcome = domain::Outcome::kInformationProvided;
        closing.status = domain::ConsultationStatus::kClosed;
        ASSERT_OK(
            tenant->Consultations().Update(closing, stored->version,
                                           domain::ConsultationEvent{.kind = domain::ConsultationEventKind::kClosed,
                                                                     .at = At(2024, 5, 2, 12),
                                                                     .user_id = world.a_user.id,
                                                                     .reason = "情報提供で解決"}));
    }
    // 社協 takes one of its own; a 民生委員 enters one.
    auto own = tenant->Consultations().Create(
        MakeConsultation(shakyo_user, person.id, {MakeContact(shakyo_user, At(2024, 5, 4, 10))}));
    ASSERT_OK(own);
    auto by_volunteer = tenant->Consultations().Create(
        MakeConsultation(volunteer, person.id, {MakeContact(volunteer, At(2024, 5, 5, 10))}));
    ASSERT_OK(by_volunteer);

    const auto book = [&](domain::BookQuery query) {
        auto rows = tenant->Consultations().Book(query);
        EXPECT_TRUE(rows.has_value()) << (rows ? "" : rows.error().message);
        std::vector<domain::ConsultationId> out;
        for (const auto& row : rows.value_or(std::vector<domain::BookRow>{})) out.push_back(row.id);
        return out;
    };
    const domain::BookScope welfare{
        .kind = domain::BookScope::Kind::kOrganization, .user_id = world.a_user.id, .organization_id = world.a_org.id};
    const domain::BookScope council{
        .kind = domain::BookScope::Kind::kOrganization, .user_id = shakyo_user.id, .organization_id = shakyo.id};
    const domain::BookScope entered{
        .kind = domain::BookScope::Kind::kEnteredBy, .user_id = volunteer.id, .organization_id = OrganizationId{}};
    using Ids = std::vector<domain::ConsultationId>;

    // 福祉課 sees its own three and the one its 民生委員 entered (the volunteer belongs to 福祉課), newest first.
    EXPECT_EQ(book({.scope = welfare}), (Ids{by_volunteer->id, ids[2], ids[1], ids[0]}));
    EXPECT_EQ(book({.scope = council}), (Ids{own->id}));
    EXPECT_EQ(book({.scope = entered}), (Ids{by_volunteer->id}));
    EXPECT_EQ(book({.scope = domain::BookScope{}}), Ids{});

    // A contact taken by 社協 on 福祉課's consultation brings it into 社協's book.
    ASSERT_OK(tenant->Consultations().AddContact(ids[0], MakeContact(shakyo_user, At(2024, 5, 6, 10))));
    EXPECT_EQ(book({.scope = council}), (Ids{own->id, ids[0]}));
    // An accepted referral naming a consultation brings it in; a pending one does not.
    auto referral = MakeReferral(world.a_user, person.id, shakyo.id, At(2024, 5, 7));
    referral.consultation_id = ids[2];
    auto sent = tenant->Referrals().Create(referral);
    ASSERT_OK(sent);
    EXPECT_EQ(book({.scope = council}), (Ids{own->id, ids[0]}));
    ASSERT_OK(tenant->Referrals().Transition(sent->id, 1,
                                             {.status = domain::ReferralStatus::kAccepted,
                                              .at = At(2024, 5, 8),
                                              .user_id = shakyo_user.id,
                                              .organization_id = shakyo.id,
                                              .note = ""}));
    EXPECT_EQ(book({.scope = council}), (Ids{own->id, ids[2], ids[0]}));

    // Filters: window, worker, dates (the first contact's), status, source, categories.
    EXPECT_EQ(book({.scope = council, .window = shakyo.id}), (Ids{own->id}));
    EXPECT_EQ(book({.scope = welfare, .worker = volunteer.id}), (Ids{by_volunteer->id}));
    EXPECT_EQ(book({.scope = welfare, .from = At(2024, 5, 2), .to = At(2024, 5, 3)}), (Ids{ids[1]}));
    EXPECT_EQ(book({.scope = welfare, .from = At(2024, 5, 2, 10)}), (Ids{by_volunteer->id, ids[2], ids[1]}));
    // The follow-up on 5/6 does not move the first consultation's 受付日.
    EXPECT_EQ(book({.scope = welfare, .from = At(2024, 5, 6), .to = At(2024, 5, 7)}), Ids{});
    EXPECT_EQ(book({.scope = welfare, .status = domain::BookStatus::kDone}), (Ids{ids[1]}));
    EXPECT_EQ(book({.scope = welfare, .status = domain::BookStatus::kOpen}), (Ids{by_volunteer->id, ids[2], ids[0]}));
    EXPECT_EQ(book({.scope = welfare, .source = domain::Source::kFamily}), (Ids{ids[0]}));
    EXPECT_EQ(book({.scope = welfare, .categories = std::vector<domain::CategoryId>{categories[1].id}}), (Ids{ids[1]}));
    EXPECT_EQ(
        book({.scope = welfare, .categories = std::vector<domain::CategoryId>{categories[0].id, categories[1].id}}),
        (Ids{ids[1], ids[0]}));
    // Paging.
    EXPECT_EQ(book({.scope = welfare, .offset = 1, .limit = 2}), (Ids{ids[2], ids[1]}));
    // Another municipality's book is empty.
    EXPECT_EQ(store_->Tenant(world.b.id)->Consultations().Book({.scope = welfare})->size(), 0u);

    // What a row carries.
    auto rows = tenant->Consultations().Book({.scope = welfare, .source = domain::Source::kFamily});
    ASSERT_OK(rows);
    ASSERT_EQ(rows->size(), 1u);
    const domain::BookRow& row = rows->front();
    EXPECT_EQ(row.person_id, person.id);
    EXPECT_EQ(row.person_name, "山田 一郎");
    EXPECT_EQ(row.received_at, At(2024, 5, 1, 10));
    EXPECT_EQ(row.window, world.a_org.id);
    EXPECT_EQ(row.received_by_user_id, world.a_user.id);
    EXPECT_EQ(row.outcome, domain::Outcome::kOpen);
    EXPECT_EQ(row.category_ids, (std::vector<domain::CategoryId>{categories[0].id}));
    EXPECT_EQ(row.contacts, 2);
    EXPECT_EQ(row.chief_complaint, "生活が苦しい");
    EXPECT_EQ(row.status, domain::ConsultationStatus::kOpen);

    // 取消: a consultation entered by mistake leaves the book (kept in storage, out of every list and count).
    auto mistaken = tenant->Consultations().Get(ids[2]);
    ASSERT_OK(mistaken);
    domain::Consultation cancelled = *mistaken;
    cancelled.cancelled = domain::Cancellation{.user_id = world.a_user.id, .at = At(2024, 5, 9), .reason = "二重登録"};
    ASSERT_OK(tenant->Consultations().Update(cancelled, mistaken->version, std::nullopt));
    EXPECT_EQ(book({.scope = welfare}), (Ids{by_volunteer->id, ids[1], ids[0]}));
    EXPECT_TRUE(tenant->Consultations().Get(ids[2]).has_value());
}

// An import's write: many consultations, each with its categories and contacts, many rows a statement and the
// statistics refreshed on the way (over 1,000 rows); every id handed back is the one of its own consultation and
// contacts, in the order given. A duplicate category refuses the whole write.
// 出力ファイル (migration 49): the book read in keyset pages (BookQuery::after) yields the rows of one read, in the
// book's order, ties of received_at included, and CountBook counts them; the export jobs are kept per municipality
// and per user; and the background export's file (ExportJobService) is byte for byte the direct export's
// (ConsultationService::ExportBook) for the same filter, in UTF-8 and Windows-31J.
TEST_P(IntakeContractTest, BackgroundExportStreamsTheBookInKeysetPagesAndKeepsItsJobs) {
    auto world = MakeWorld();
    auto tenant = store_->Tenant(world.a.id);
    auto person = AddPerson(world.a_user, "髙橋", "𠮷子");
    // 13 consultations, three of them at the same instant (a tie the cursor must step through by id).
    for (int i = 0; i < 13; ++i) {
        const Instant at = i < 3 ? At(2024, 5, 1, 10) : At(2024, 5, 1 + i, 9, i);
        auto consultation = MakeConsultation(world.a_user, person.id, {MakeContact(world.a_user, at)});
        consultation.chief_complaint = "生活が苦しい " + std::to_string(i) + "、\"引用\"";
        ASSERT_OK(tenant->Consultations().Create(consultation));
    }
    const domain::BookScope scope{
        .kind = domain::BookScope::Kind::kOrganization, .user_id = world.a_user.id, .organization_id = world.a_org.id};
    domain::BookQuery whole{.scope = scope};
    whole.limit = 1000;
    auto all = tenant->Consultations().Book(whole);
    ASSERT_OK(all);
    ASSERT_EQ(all->size(), 13u);
    auto pages = BookPagesOf(*tenant);
    ASSERT_NE(pages, nullptr);
    EXPECT_EQ(pages->Count(whole).value(), 13);
    domain::BookQuery paged{.scope = scope};
    paged.limit = 4;
    std::vector<domain::ConsultationId> seen;
    std::optional<domain::BookCursor> after;
    for (int round = 0; round < 10; ++round) {
        auto rows = pages->Page(paged, after);
        ASSERT_OK(rows);
        for (const auto& row : *rows) seen.push_back(row.id);
        if (rows->size() < 4u) break;
        after = domain::BookCursor{.received_at = rows->back().received_at, .id = rows->back().id};
    }
    ASSERT_EQ(seen.size(), 13u);
    for (std::size_t i = 0; i < seen.size(); ++i) EXPECT_EQ(seen[i], (*all)[i].id) << i;
    domain::BookQuery dated{.scope = scope};
    dated.from = At(2024, 5, 5);
    dated.to = At(2024, 5, 9);
    EXPECT_EQ(pages->Count(dated).value(), 4);

    // The job table, per municipality and per user.
    auto jobs = ExportJobsOf(*tenant);
    ASSERT_NE(jobs, nullptr);
    domain::ExportJob job{.requested_by = world.a_user.id,
                          .filter = "from=2024-05-01&status=any",
                          .format = domain::ExportFormat::kCsvWindows31j,
                          .scope = scope,
                          .file_name = "soudan-uketsukebo-2024-05-01-sjis.csv",
                          .created_at = At(2024, 6, 1, 9)};
    auto added = jobs->Add(job);
    ASSERT_OK(added);
    auto got = jobs->Get(added->id);
    ASSERT_OK(got);
    EXPECT_EQ(got->filter, job.filter);
    EXPECT_EQ(got->format, domain::ExportFormat::kCsvWindows31j);
    EXPECT_EQ(got->scope.organization_id, world.a_org.id);
    EXPECT_EQ(got->status, domain::ExportJobStatus::kQueued);
    EXPECT_FALSE(got->finished_at.has_value());
    EXPECT_EQ(jobs->WithStatus(domain::ExportJobStatus::kQueued).value().size(), 1u);
    got->status = domain::ExportJobStatus::kDone;
    got->rows_done = 13;
    got->rows_total = 13;
    got->substituted = 2;
    got->finished_at = At(2024, 6, 1, 9, 1);
    ASSERT_OK(jobs->Update(*got));
    auto updated = jobs->Get(added->id).value();
    EXPECT_EQ(updated.status, domain::ExportJobStatus::kDone);
    EXPECT_EQ(updated.rows_done, 13);
    EXPECT_EQ(updated.substituted, 2);
    EXPECT_EQ(updated.finished_at, std::optional<Instant>(At(2024, 6, 1, 9, 1)));
    EXPECT_TRUE(jobs->WithStatus(domain::ExportJobStatus::kQueued).value().empty());
    EXPECT_EQ(jobs->OfUser(world.a_user.id).value().size(), 1u);
    auto other_town = ExportJobsOf(*store_->Tenant(world.b.id));
    EXPECT_ERROR(other_town->Get(added->id), ErrorCode::kNotFound, "");
    EXPECT_TRUE(other_town->OfUser(world.a_user.id).value().empty());
    EXPECT_ERROR(other_town->Update(updated), ErrorCode::kNotFound, "");

    // The background file equals the direct export, in both encodings.
    ManualClock clock(At(2024, 6, 2, 9));
    domain::AuditRecorder audit(*store_, domain::AuditRecorder::Options{});
    domain::PersonService persons(*store_, clock, audit);
    domain::ConsultationService consultations(*store_, clock, audit, persons);
    domain::ExportJobService exports(*store_, ExportJobsOf, BookPagesOf, clock, directory_ / "exports");
    User exporter = world.a_user;
    exporter.roles = {Role::kCoordinator};  // a role granted the export of personal data by default
    const domain::Actor actor{.principal = domain::Principal{.user = exporter}};
    const domain::Actor without_right{.principal = domain::Principal{.user = world.a_user}};  // a 相談員
    domain::BookFilter filter;
    filter.from = Day(2024, 5, 1);
    filter.to = Day(2024, 5, 31);
    for (const auto format : {domain::ExportFormat::kCsvUtf8, domain::ExportFormat::kCsvWindows31j}) {
        auto requested = exports.Request(actor, filter, format);
        ASSERT_OK(requested);
        EXPECT_TRUE(exports.RunNext().value());
        auto done = exports.Job(actor, requested->id);
        ASSERT_OK(done);
        ASSERT_EQ(done->status, domain::ExportJobStatus::kDone) << done->error;
        EXPECT_EQ(done->rows_total, 13);
        EXPECT_EQ(done->rows_done, 13);
        auto download = exports.Download(actor, requested->id);
        ASSERT_OK(download);
        std::ifstream in(download->path, std::ios::binary);
        const std::string streamed((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const auto encoding =
            format == domain::ExportFormat::kCsvUtf8 ? csv::Encoding::kUtf8 : csv::Encoding::kWindows31j;
        auto direct = consultations.ExportBook(actor, filter, encoding);
        ASSERT_OK(direct);
        EXPECT_EQ(streamed, direct->bytes);
        EXPECT_EQ(done->substituted, direct->substituted);
        EXPECT_EQ(download->file_name, direct->file_name);
        // Only the requester sees it; the right is checked again at the download.
        const domain::Actor other{.principal = domain::Principal{.user = world.b_user}};
        EXPECT_ERROR(exports.Job(other, requested->id), ErrorCode::kNotFound, "");
        EXPECT_ERROR(exports.Download(without_right, requested->id), ErrorCode::kPermissionDenied, "");
    }
    EXPECT_ERROR(exports.Request(without_right, filter, domain::ExportFormat::kCsvUtf8), ErrorCode::kPermissionDenied,
                 "");
    EXPECT_FALSE(exports.RunNext().value());
}

// 出力ファイル as Excel (issue 17, item 4): the background XLSX, streamed in constant memory with a sheet of 10 rows
// here so that it splits, reads back (Kasane's own XLSX reader) row for row as the direct export of the same filter;
// retention: a done file is deleted after its days by the injected clock and the job marked expired, its download
// refused saying so; and one person's queued and running jobs are bounded.
TEST_P(IntakeContractTest, BackgroundExportWritesXlsxSheetsAsTheDirectExportAndKeepsFilesTheirDays) {
    auto world = MakeWorld();
    auto tenant = store_->Tenant(world.a.id);
    auto person = AddPerson(world.a_user, "髙橋", "𠮷子");
    for (int i = 0; i < 13; ++i) {
        auto consultation =
            MakeConsultation(world.a_user, person.id, {MakeContact(world.a_user, At(2024, 5, 1 + i, 9, i))});
        consultation.chief_complaint = "生活が苦しい " + std::to_string(i) + "、\"引用\"";
        ASSERT_OK(tenant->Consultations().Create(consultation));
    }
    ManualClock clock(At(2024, 6, 2, 9));
    domain::AuditRecorder audit(*store_, domain::AuditRecorder::Options{});
    domain::PersonService persons(*store_, clock, audit);
    domain::ConsultationService consultations(*store_, clock, audit, persons);
    domain::ExportJobService exports(*store_, ExportJobsOf, BookPagesOf, clock, directory_ / "exports",
                                     domain::ExportLimits{.keep_days = 7, .active_per_user = 2, .xlsx_max_rows = 10});
    User exporter = world.a_user;
    exporter.roles = {Role::kCoordinator};
    const domain::Actor actor{.principal = domain::Principal{.user = exporter}};
    domain::BookFilter filter;
    filter.from = Day(2024, 5, 1);
    filter.to = Day(2024, 5, 31);

    auto requested = exports.Request(actor, filter, domain::ExportFormat::kXlsx);
    ASSERT_OK(requested);
    EXPECT_TRUE(exports.RunNext().value());
    auto done = exports.Job(actor, requested->id);
    ASSERT_OK(done);
    ASSERT_EQ(done->status, domain::ExportJobStatus::kDone) << done->error;
    EXPECT_EQ(done->rows_done, 13);
    EXPECT_EQ(done->rows_total, 13);
    EXPECT_EQ(done->file_name, "soudan-uketsukebo-2024-05-01-2024-05-31.xlsx");
    auto download = exports.Download(actor, requested->id);
    ASSERT_OK(download);
    EXPECT_EQ(download->content_type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    EXPECT_EQ(download->path.extension(), ".xlsx");
    // Nothing but the file is left in the directory (no .part, no constant_memory temporary file).
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(directory_ / "exports"),
                            std::filesystem::directory_iterator()),
              1);
    std::ifstream in(download->path, std::ios::binary);
    const std::string xlsx((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto sheets = domain::ReadTables(download->file_name, xlsx);
    ASSERT_OK(sheets);
    ASSERT_EQ(sheets->size(), 2u);  // 8 rows below the title and the heading, then 5
    EXPECT_EQ((*sheets)[0].name, "受付簿");
    EXPECT_EQ((*sheets)[1].name, "受付簿 (2)");
    auto direct = consultations.ExportBook(actor, filter, csv::Encoding::kUtf8);
    ASSERT_OK(direct);
    auto direct_table = domain::ReadTables(direct->file_name, direct->bytes);
    ASSERT_OK(direct_table);
    ASSERT_EQ(direct_table->size(), 1u);
    const domain::Table& csv_table = direct_table->front();
    std::vector<std::vector<std::string>> background_rows;
    for (const domain::Table& sheet : *sheets) {
        EXPECT_EQ(sheet.header, csv_table.header) << sheet.name;
        for (const domain::TableRow& row : sheet.rows) background_rows.push_back(row.cells);
    }
    ASSERT_EQ(background_rows.size(), csv_table.rows.size());
    for (std::size_t i = 0; i < background_rows.size(); ++i) {
        EXPECT_EQ(background_rows[i], csv_table.rows[i].cells) << "row " << i;
    }

    // Bounded per person: with two queued, the third is refused and nothing is stored for it.
    ASSERT_OK(exports.Request(actor, filter, domain::ExportFormat::kCsvUtf8));
    ASSERT_OK(exports.Request(actor, filter, domain::ExportFormat::kXlsx));
    const std::size_t before = exports.Jobs(actor).value().size();
    auto refused = exports.Request(actor, filter, domain::ExportFormat::kCsvUtf8);
    EXPECT_ERROR(refused, ErrorCode::kTooManyRequests, "");
    EXPECT_NE(refused.error().message.find("1人2件まで"), std::string::npos) << refused.error().message;
    EXPECT_EQ(exports.Jobs(actor).value().size(), before);
    EXPECT_TRUE(exports.RunNext().value());
    EXPECT_TRUE(exports.RunNext().value());
    EXPECT_FALSE(exports.RunNext().value());
    ASSERT_OK(exports.Request(actor, filter, domain::ExportFormat::kCsvUtf8));  // room again
    EXPECT_TRUE(exports.RunNext().value());

    // Kept 7 days from the end of each job, by the injected clock.
    clock.Advance(std::chrono::days(7) - std::chrono::minutes(1));
    EXPECT_EQ(exports.ExpireFiles().value(), 0);
    EXPECT_TRUE(std::filesystem::exists(download->path));
    clock.Advance(std::chrono::minutes(1));
    EXPECT_EQ(exports.ExpireFiles().value(), 4);
    EXPECT_FALSE(std::filesystem::exists(download->path));
    EXPECT_TRUE(std::filesystem::is_empty(directory_ / "exports"));
    auto expired = exports.Job(actor, requested->id);
    ASSERT_OK(expired);
    EXPECT_EQ(expired->status, domain::ExportJobStatus::kExpired);  // the row stays
    EXPECT_EQ(expired->rows_done, 13);
    auto gone = exports.Download(actor, requested->id);
    EXPECT_ERROR(gone, ErrorCode::kNotFound, "");
    EXPECT_NE(gone.error().message.find("保存期間（7日）を過ぎた"), std::string::npos) << gone.error().message;
    EXPECT_EQ(ExportJobsOf(*tenant)->WithStatus(domain::ExportJobStatus::kExpired).value().size(), 4u);
    EXPECT_EQ(exports.ExpireFiles().value(), 0);
}

TEST_P(IntakeContractTest, CreateManyGivesEachConsultationItsOwnIdsInOrder) {
    auto world = MakeWorld();
    auto tenant = store_->Tenant(world.a.id);
    ASSERT_OK(tenant->Categories().EnsureSeeded({{"hikikomori", "ひきこもり"}, {"debt", "借金"}}));
    auto categories = tenant->Categories().List().value();
    auto person = AddPerson(world.a_user, "山田", "一郎");
    std::vector<domain::Consultation> many;
    for (int n = 0; n < 1100; ++n) {
        auto consultation = MakeConsultation(world.a_user, person.id, {MakeContact(world.a_user, At(2024, 5, 1, 9))});
        consultation.chief_complaint = "相談 " + std::to_string(n);
        consultation.contacts[0].summary = "対応 " + std::to_string(n) + "-0";
        if (n % 3 == 0) {
            consultation.contacts.push_back(MakeContact(world.a_user, At(2024, 5, 2, 9)));
            consultation.contacts[1].summary = "対応 " + std::to_string(n) + "-1";
        }
        if (n % 2 == 0) consultation.categories = {{categories[n % 4 == 0 ? 0 : 1].id, true}};
        many.push_back(std::move(consultation));
    }
    auto created = tenant->Consultations().CreateMany(many);
    ASSERT_OK(created);
    ASSERT_EQ(created->size(), many.size());
    for (std::size_t n = 0; n < many.size(); n += 7) {
        auto stored = tenant->Consultations().Get((*created)[n].id);
        ASSERT_OK(stored);
        EXPECT_EQ(stored->chief_complaint, many[n].chief_complaint);
        ASSERT_EQ(stored->contacts.size(), many[n].contacts.size());
        ASSERT_EQ((*created)[n].contact_ids.size(), many[n].contacts.size());
        for (std::size_t k = 0; k < many[n].contacts.size(); ++k) {
            EXPECT_EQ(stored->contacts[k].id, (*created)[n].contact_ids[k]);
            EXPECT_EQ(stored->contacts[k].summary, many[n].contacts[k].summary);
        }
        ASSERT_EQ(stored->categories.size(), many[n].categories.size());
        if (!many[n].categories.empty()) {
            EXPECT_EQ(stored->categories[0].category_id, many[n].categories[0].category_id);
        }
    }
    auto listed = tenant->Consultations().OfPersons({person.id});
    ASSERT_OK(listed);
    EXPECT_EQ(listed->size(), many.size());

    std::vector<domain::Consultation> bad(many.begin(), many.begin() + 3);
    bad[2].categories = {{categories[0].id, true}, {categories[0].id, false}};
    EXPECT_ERROR(tenant->Consultations().CreateMany(bad), ErrorCode::kInvalidArgument, "category_id");
    EXPECT_EQ(tenant->Consultations().OfPersons({person.id}).value().size(), many.size());
}

// An import's persons and households: many a statement, the statistics refreshed on the way (over 1,000 rows);
// every id handed back is its own record's, in the order given, with its search keys and members. A member of
// another municipality refuses the whole write.
TEST_P(IntakeContractTest, CreateManyGivesEachPersonAndHouseholdItsOwnIdInOrder) {
    auto world = MakeWorld();
    auto tenant = store_->Tenant(world.a.id);
    std::vector<domain::NewPerson> many;
    for (int n = 0; n < 1100; ++n) {
        const std::string given = "太郎" + std::to_string(n);
        auto person = NewPerson(world.a_user, "佐藤", given);
        if (n % 5 == 0) person.data.birth_date = Day(1950, 1, 1 + n % 28);
        const std::string address = n % 2 == 0 ? "由良宿" + std::to_string(n) : "";
        person.data.address.town = address;
        many.push_back({.person = person, .keys = KeysFor("佐藤" + given, "", address, "")});
    }
    auto created = tenant->Persons().CreateMany(many);
    ASSERT_OK(created);
    ASSERT_EQ(created->size(), many.size());
    for (std::size_t n = 0; n < many.size(); n += 7) {
        auto stored = tenant->Persons().Get((*created)[n]);
        ASSERT_OK(stored);
        EXPECT_EQ(stored->data.given_name, many[n].person.data.given_name);
        EXPECT_EQ(stored->data.birth_date, many[n].person.data.birth_date);
        EXPECT_EQ(stored->data.address.town, many[n].person.data.address.town);
        EXPECT_EQ(stored->version, 1);
        EXPECT_EQ(stored->created_by_user_id, world.a_user.id);
    }
    // The search keys and grams of each: found by name and by address, as Create's are.
    using Field = domain::PersonRepository::SearchField;
    EXPECT_EQ(tenant->Persons().FindByGrams({"佐藤"}, Field::kName, 2000)->size(), many.size());
    auto having = [&](const std::vector<std::string>& grams, bool address) {
        std::vector<domain::PersonId> ids;
        for (std::size_t n = 0; n < many.size(); ++n) {
            const auto& own = address ? many[n].keys.address_grams : many[n].keys.grams;
            if (std::ranges::all_of(grams, [&](const std::string& gram) {
                    return std::find(own.begin(), own.end(), gram) != own.end();
                })) {
                ids.push_back((*created)[n]);
            }
        }
        return ids;
    };
    EXPECT_EQ(HitIds(*tenant->Persons().FindByGrams({"郎1", "09"}, Field::kName, 100)), having({"郎1", "09"}, false));
    EXPECT_EQ(HitIds(*tenant->Persons().FindByGrams({"宿4", "48"}, Field::kAddress, 100)), having({"宿4", "48"}, true));
    EXPECT_GE(having({"宿4", "48"}, true).size(), 2u);

    std::vector<domain::Household> households;
    for (std::size_t n = 0; n + 1 < many.size(); n += 2) {
        households.push_back(domain::Household{
            .municipality_id = world.a.id,
            .name = "佐藤さん世帯 " + std::to_string(n),
            .notes = "取り込み",
            .members = {{.person_id = (*created)[n], .relationship = domain::Relationship::kHead, .is_head = true},
                        {.person_id = (*created)[n + 1],
                         .relationship = domain::Relationship::kOtherRelative,
                         .is_head = false}},
            .created_by_organization_id = world.a_org.id,
            .created_at = At(2024, 5, 1, 10)});
    }
    auto made = tenant->Households().CreateMany(households);
    ASSERT_OK(made);
    ASSERT_EQ(made->size(), households.size());
    for (std::size_t n = 0; n < households.size(); n += 7) {
        auto stored = tenant->Households().Get((*made)[n]);
        ASSERT_OK(stored);
        EXPECT_EQ(stored->name, households[n].name);
        EXPECT_EQ(stored->version, 1);
        ASSERT_EQ(stored->members.size(), 2u);
        EXPECT_EQ(stored->members[0].person_id, households[n].members[0].person_id);
        EXPECT_TRUE(stored->members[0].is_head);
        EXPECT_EQ(stored->members[1].person_id, households[n].members[1].person_id);
        EXPECT_EQ(stored->members[1].relationship, domain::Relationship::kOtherRelative);
    }

    auto elsewhere = AddPerson(world.b_user, "山田", "一郎");
    std::vector<domain::Household> bad(households.begin(), households.begin() + 2);
    bad[1].members[1].person_id = elsewhere.id;
    EXPECT_ERROR(tenant->Households().CreateMany(bad), ErrorCode::kNotFound, "person_id");
    EXPECT_EQ(tenant->Households().OfPersons({(*created)[0]}).value().size(), 1u);
}

TEST_P(IntakeContractTest, ConsultationsAndContacts) {
    auto world = MakeWorld();
    auto tenant = store_->Tenant(world.a.id);
    ASSERT_OK(tenant->Categories().EnsureSeeded({{"hikikomori", "ひきこもり"}, {"debt", "借金"}}));
    auto categories = tenant->Categories().List().value();
    auto person = AddPerson(world.a_user, "山田", "一郎");
    auto consultation = MakeConsultation(
        world.a_user, person.id,
        {MakeContact(world.a_user, At(2024, 5, 1, 9), domain::Channel::kVisit, domain::Source::kFamily)});
    consultation.contacts[0].caller = {
        .name = "山田 花子", .relationship = "母", .phone = "0858", .organization_id = {}};
    consultation.categories = {{categories[1].id, true}, {categories[0].id, false}};
    auto created = tenant->Consultations().Create(consultation);
    ASSERT_OK(created);
    EXPECT_EQ(created->version, 1);
    EXPECT_EQ(created->outcome, domain::Outcome::kOpen);
    EXPECT_EQ(created->municipality_id, world.a.id);
    ASSERT_EQ(created->categories.size(), 2u);
    ASSERT_EQ(created->contacts.size(), 1u);
    EXPECT_EQ(created->contacts[0].consultation_id, created->id);
    EXPECT_EQ(created->contacts[0].channel, domain::Channel::kVisit);
    EXPECT_EQ(created->contacts[0].source, domain::Source::kFamily);
    EXPECT_EQ(created->contacts[0].caller.relationship, "母");
    EXPECT_EQ(created->contacts[0].occurred_at, At(2024, 5, 1, 9));
    int pressing = 0;
    for (const auto& choice : created->categories) pressing += choice.most_pressing ? 1 : 0;
    EXPECT_EQ(pressing, 1);

    auto follow_up = MakeContact(world.a_user, At(2024, 4, 30, 9));  // recorded late, occurred earlier
    follow_up.summary_tag = domain::TextTag::kAssessment;
    auto added = tenant->Consultations().AddContact(created->id, follow_up);
    ASSERT_OK(added);
    ASSERT_EQ(added->contacts.size(), 2u);
    EXPECT_EQ(added->contacts[0].occurred_at, At(2024, 4, 30, 9));  // oldest first
    EXPECT_EQ(added->contacts[0].summary_tag, domain::TextTag::kAssessment);

    auto outcome = tenant->Consultations().SetOutcome(created->id, 1, domain::Outcome::kReferred, "社協へ");
    ASSERT_OK(outcome);
    EXPECT_EQ(outcome->version, 2);
    EXPECT_EQ(outcome->outcome, domain::Outcome::kReferred);
    EXPECT_EQ(outcome->outcome_note, "社協へ");
    EXPECT_ERROR(tenant->Consultations().SetOutcome(created->id, 1, domain::Outcome::kEscalated, ""),
                 ErrorCode::kConflict, "version");
    EXPECT_ERROR(tenant->Consultations().SetOutcome(domain::ConsultationId{created->id.value() + 1000}, 2,
                                                    domain::Outcome::kEscalated, ""),
                 ErrorCode::kNotFound, "consultation_id");

    auto second = MakeConsultation(world.a_user, person.id, {MakeContact(world.a_user, At(2024, 6, 1))});
    auto newer = tenant->Consultations().Create(second);
    ASSERT_OK(newer);
    auto of = tenant->Consultations().OfPersons({person.id});
    ASSERT_OK(of);
    ASSERT_EQ(of->size(), 2u);
    EXPECT_EQ((*of)[0].id, newer->id);

    // References into another municipality, each named by its field.
    auto b_person = AddPerson(world.b_user, "湯梨浜", "太郎");
    auto bad = MakeConsultation(world.a_user, b_person.id, {MakeContact(world.a_user, At(2024, 6, 1))});
    EXPECT_ERROR(tenant->Consultations().Create(bad), ErrorCode::kNotFound, "person_id");
    bad = MakeConsultation(world.a_user, person.id, {MakeContact(world.a_user, At(2024, 6, 1))});
    bad.receiving_organization_id = world.b_org.id;
    EXPECT_ERROR(tenant->Consultations().Create(bad), ErrorCode::kNotFound, "receiving_organization_id");
    bad = MakeConsultation(world.a_user, person.id, {MakeContact(world.b_user, At(2024, 6, 1))});
    EXPECT_ERROR(tenant->Consultations().Create(bad), ErrorCode::kNotFound, "organization_id");
    bad = MakeConsultation(world.a_user, person.id, {MakeContact(world.a_user, At(2024, 6, 1))});
    bad.received_by_user_id = world.b_user.id;
    EXPECT_ERROR(tenant->Consultations().Create(bad), ErrorCode::kNotFound, "received_by_user_id");
    bad.received_by_user_id = world.a_user.id;
    bad.household_id = domain::HouseholdId{999999};
    EXPECT_ERROR(tenant->Consultations().Create(bad), ErrorCode::kNotFound, "household_id");
    bad.household_id.reset();
    ASSERT_OK(store_->Tenant(world.b.id)->Categories().EnsureSeeded({{"debt", "借金"}}));
    bad.categories = {{store_->Tenant(world.b.id)->Categories().List()->at(0).id, true}};
    EXPECT_ERROR(tenant->Consultations().Create(bad), ErrorCode::kNotFound, "category_id");
    bad.categories.clear();
    bad.contacts.clear();
    EXPECT_ERROR(tenant->Consultations().Create(bad), ErrorCode::kInvalidArgument, "contacts");
    EXPECT_EQ(tenant->Consultations().OfPersons({person.id})->size(), 2u);  // nothing half-written

    auto b = store_->Tenant(world.b.id);
    EXPECT_ERROR(b->Consultations().Get(created->id), ErrorCode::kNotFound, "consultation_id");
    EXPECT_ERROR(b->Consultations().AddContact(created->id, MakeContact(world.b_user, At(2024, 6, 1))),
                 ErrorCode::kNotFound, "consultation_id");
    EXPECT_ERROR(b->Consultations().SetOutcome(created->id, 2, domain::Outcome::kOpen, ""), ErrorCode::kNotFound,
                 "consultation_id");
    EXPECT_TRUE(b->Consultations().OfPersons({person.id})->empty());
}

const domain::CountBucket& Bucket(const std::vector<domain::CountBucket>& buckets, const std::string& code) {
    for (const auto& bucket : buckets) {
        if (bucket.code == code) return bucket;
    }
    throw std::runtime_error("no bucket " + code);
}

TEST_P(IntakeContractTest, CountConsultationsOnAKnownDataSet) {
    auto world = MakeWorld();
    auto tenant = store_->Tenant(world.a.id);
    ASSERT_OK(tenant->Categories().EnsureSeeded({{"hikikomori", "ひきこもり"}, {"debt", "借金"}}));
    auto categories = tenant->Categories().List().value();
    auto houkatsu =
        tenant->Organizations().Create(OrganizationKind::kMunicipalDivision, "地域包括支援センター").value();
    auto houkatsu_user = tenant->Users()
                             .Create(NewUser{.organization_id = houkatsu.id,
                                             .username = "houkatsu",
                                             .display_name = "包括",
                                             .roles = {Role::kCaseworker},
                                             .password_hash = "h"},
                                     At(2024, 4, 1))
                             .value();
    auto p1 = AddPerson(world.a_user, "佐藤", "花子");
    auto p2 = AddPerson(world.a_user, "鈴木", "一郎");
    auto p1_duplicate = AddPerson(world.a_user, "佐藤", "はなこ");
    auto outside = AddPerson(world.a_user, "山田", "太郎");
    domain::Household household{.name = "佐藤さん世帯",
                                .members = {{.person_id = p1.id}},
                                .created_by_organization_id = world.a_org.id,
                                .created_at = At(2024, 4, 1)};
    auto household_id = tenant->Households().Create(household)->id;

    // c1: p1, household, categories both; 3 contacts in FY2024 (two phone, one visit by 包括) + 1 before it.
    auto c1 = MakeConsultation(world.a_user, p1.id, {MakeContact(world.a_user, At(2024, 3, 31, 14, 59))});
    c1.household_id = household_id;
    c1.categories = {{categories[0].id, true}, {categories[1].id, false}};
    c1.contacts.push_back(MakeContact(world.a_user, At(2024, 3, 31, 15)));  // 2024-04-01 00:00 JST: inside
    c1.contacts.push_back(MakeContact(world.a_user, At(2024, 5, 1)));
    c1.contacts.push_back(MakeContact(houkatsu_user, At(2024, 6, 1), domain::Channel::kVisit, domain::Source::kFamily));
    auto c1_id = tenant->Consultations().Create(c1)->id;
    ASSERT_OK(tenant->Consultations().SetOutcome(c1_id, 1, domain::Outcome::kReferred, ""));
    // c2: the duplicate record of p1 (merged below): 1 contact, category debt.
    auto c2 = MakeConsultation(
        houkatsu_user, p1_duplicate.id,
        {MakeContact(houkatsu_user, At(2024, 7, 1), domain::Channel::kHomeVisit, domain::Source::kWelfareVolunteer)});
    c2.categories = {{categories[1].id, true}};
    ASSERT_OK(tenant->Consultations().Create(c2));
    // c3: p2, no categories, 2 contacts inside, 1 at the end of the period (outside: [from, to)).
    auto c3 = MakeConsultation(world.a_user, p2.id, {MakeContact(world.a_user, At(2024, 8, 1))});
    c3.contacts.push_back(MakeContact(world.a_user, At(2024, 8, 2), domain::Channel::kEmail));
    c3.contacts.push_back(MakeContact(world.a_user, At(2025, 3, 31, 15)));
    ASSERT_OK(tenant->Consultations().Create(c3));
    // c4: only outside the period.
    ASSERT_OK(tenant->Consultations().Create(
        MakeConsultation(world.a_user, outside.id, {MakeContact(world.a_user, At(2023, 4, 1))})));
    // Another municipality's contacts never count.
    auto b_person = AddPerson(world.b_user, "湯梨浜", "太郎");
    ASSERT_OK(store_->Tenant(world.b.id)
                  ->Consultations()
                  .Create(MakeConsultation(world.b_user, b_person.id, {MakeContact(world.b_user, At(2024, 5, 1))})));
    ASSERT_OK(tenant->Persons().Merge(p1.id, p1_duplicate.id, world.a_user.id, At(2024, 9, 1)));
    // データの質: p2's 生年月日 refused and 電話 not asked; the merged duplicate's reasons never count.
    domain::PersonData p2_data = p2.data;
    p2_data.unknown_reasons = {{"birth_date", domain::UnknownReason::kRefused},
                               {"phone", domain::UnknownReason::kNotAsked}};
    ASSERT_OK(tenant->Persons().Update(p2.id, p2.version, p2_data, At(2024, 9, 2), KeysFor("鈴木一郎", "")));

    const Instant from = At(2024, 3, 31, 15);  // 2024-04-01 JST
    const Instant to = At(2025, 3, 31, 15);    // 2025-04-01 JST
    auto counts = tenant->Reports().CountConsultations(from, to);
    ASSERT_OK(counts);
    // 分野: c1's categories are 障がい (ひきこもり) and 生活困窮 (借金): each of its contacts counts under both.
    EXPECT_EQ(Bucket(counts->by_field, "disability").contacts, 3);
    EXPECT_EQ(Bucket(counts->by_field, "poverty").contacts, 4);  // c1 ×3 + c2 ×1
    EXPECT_EQ(Bucket(counts->by_field, "poverty").persons, 1);
    EXPECT_EQ(Bucket(counts->by_field, "elderly").contacts, 0);
    EXPECT_EQ(counts->by_field.size(), domain::AllFields().size());
    // 世帯人員: p1 in a household of 1 (its 4 contacts), p2 in none (不明, 2 contacts).
    EXPECT_EQ(Bucket(counts->by_household_size, "1").persons, 1);
    EXPECT_EQ(Bucket(counts->by_household_size, "1").contacts, 4);
    EXPECT_EQ(Bucket(counts->by_household_size, "unknown").persons, 1);
    EXPECT_EQ(Bucket(counts->by_household_size, "unknown").contacts, 2);
    EXPECT_EQ(Bucket(counts->by_household_size, "2").persons, 0);
    // データの質, of the 2 persons counted.
    ASSERT_EQ(counts->person_unknowns.size(), 6u);
    for (const auto& field : counts->person_unknowns) {
        EXPECT_EQ(field.refused, field.field == "birth_date" ? 1 : 0) << field.field;
        EXPECT_EQ(field.not_asked, field.field == "phone" ? 1 : 0) << field.field;
        EXPECT_EQ(field.unknown, 0) << field.field;
    }
    EXPECT_EQ(counts->contacts, 6);  // c1: 3, c2: 1, c3: 2
    EXPECT_EQ(counts->persons, 2);   // p1 (with its merged duplicate) and p2
    EXPECT_EQ(counts->households, 1);
    EXPECT_EQ(counts->consultations, 3);

    EXPECT_EQ(Bucket(counts->by_channel, "phone").contacts, 3);  // c1 ×2, c3 ×1
    EXPECT_EQ(Bucket(counts->by_channel, "phone").persons, 2);
    EXPECT_EQ(Bucket(counts->by_channel, "visit").contacts, 1);
    EXPECT_EQ(Bucket(counts->by_channel, "home_visit").contacts, 1);
    EXPECT_EQ(Bucket(counts->by_channel, "email").persons, 1);
    EXPECT_EQ(Bucket(counts->by_channel, "other").contacts, 0);
    EXPECT_EQ(Bucket(counts->by_channel, "phone").label, std::string(domain::ChannelLabel(domain::Channel::kPhone)));
    EXPECT_EQ(Bucket(counts->by_source, "self").contacts, 4);
    EXPECT_EQ(Bucket(counts->by_source, "family").contacts, 1);
    EXPECT_EQ(Bucket(counts->by_source, "welfare_volunteer").persons, 1);

    EXPECT_EQ(Bucket(counts->by_category, "hikikomori").contacts, 3);
    EXPECT_EQ(Bucket(counts->by_category, "hikikomori").persons, 1);
    EXPECT_EQ(Bucket(counts->by_category, "debt").contacts, 4);  // c1 ×3 + c2 ×1
    EXPECT_EQ(Bucket(counts->by_category, "debt").persons, 1);   // the same person, merged
    EXPECT_EQ(Bucket(counts->by_category, "debt").label, "借金");

    const auto& welfare = Bucket(counts->by_organization, std::to_string(world.a_org.id));
    EXPECT_EQ(welfare.label, "福祉課");
    EXPECT_EQ(welfare.contacts, 4);  // c1 ×2, c3 ×2
    EXPECT_EQ(welfare.persons, 2);
    const auto& houkatsu_bucket = Bucket(counts->by_organization, std::to_string(houkatsu.id));
    EXPECT_EQ(houkatsu_bucket.contacts, 2);
    EXPECT_EQ(houkatsu_bucket.persons, 1);

    EXPECT_EQ(Bucket(counts->by_outcome, "referred").contacts, 3);
    EXPECT_EQ(Bucket(counts->by_outcome, "open").contacts, 3);
    EXPECT_EQ(Bucket(counts->by_outcome, "open").persons, 2);
    EXPECT_EQ(Bucket(counts->by_outcome, "referred").label,
              std::string(domain::OutcomeLabel(domain::Outcome::kReferred)));

    // Another municipality counts only its own; an empty period counts nothing.
    auto b_counts = store_->Tenant(world.b.id)->Reports().CountConsultations(from, to);
    ASSERT_OK(b_counts);
    EXPECT_EQ(b_counts->contacts, 1);
    EXPECT_EQ(b_counts->persons, 1);
    auto empty = tenant->Reports().CountConsultations(At(2030, 1, 1), At(2031, 1, 1));
    ASSERT_OK(empty);
    EXPECT_EQ(empty->contacts, 0);
    EXPECT_EQ(empty->consultations, 0);

    // Issue 17, item 11: the records behind each cell number its figure — every total, and every row of every
    // breakdown in both measures (延べ: the contacts; 実: the distinct persons among them), the contacts at the
    // 年度's edges in Japan time (2024-04-01 00:00 JST in, 2025-04-01 00:00 JST out) included as counted.
    auto rows = tenant->Reports().ListCountedContacts(from, to);
    ASSERT_OK(rows);
    ASSERT_EQ(rows->size(), 6u);
    EXPECT_EQ(rows->front().occurred_at, At(2024, 3, 31, 15));
    EXPECT_EQ(rows->front().person_id, p1.id);
    EXPECT_EQ(rows->at(3).person_id, p1.id);  // c2's contact: p1's merged duplicate, counted as p1
    // 世帯人員 on the 年度's last day, read as the explanation reads it.
    auto sizes = domain::HouseholdSizesOf(*tenant, *rows, domain::Date{std::chrono::year{2025} / 3 / 31});
    ASSERT_OK(sizes);
    auto figure = [&](std::string_view cell) {
        auto parsed = domain::ParseExplainCell(cell);
        EXPECT_TRUE(parsed.has_value()) << cell;
        if (!parsed) return -1LL;
        return domain::FigureOfContacts(*parsed, domain::ContactsBehind(*parsed, *rows, *sizes));
    };
    EXPECT_EQ(figure("contacts"), counts->contacts);
    EXPECT_EQ(figure("persons"), counts->persons);
    EXPECT_EQ(figure("households"), counts->households);
    EXPECT_EQ(figure("consultations"), counts->consultations);
    const std::pair<const char*, const std::vector<domain::CountBucket>*> breakdowns[] = {
        {"category", &counts->by_category},
        {"channel", &counts->by_channel},
        {"source", &counts->by_source},
        {"organization", &counts->by_organization},
        {"outcome", &counts->by_outcome},
        {"field", &counts->by_field},  // 分野 (issue 17, items 10 and 11: the 国報告's 分野別 links here)
        {"household_size", &counts->by_household_size}};
    int cells = 0;
    for (const auto& [name, buckets] : breakdowns) {
        for (const domain::CountBucket& bucket : *buckets) {
            const std::string cell = std::string(name) + ":" + bucket.code + ":";
            EXPECT_EQ(figure(cell + "contacts"), bucket.contacts) << cell;
            EXPECT_EQ(figure(cell + "persons"), bucket.persons) << cell;
            cells += 2;
        }
    }
    EXPECT_GT(cells, 40);
    EXPECT_EQ(figure("field:poverty:contacts"), 4);  // c1 ×3 + c2 ×1, as counted above
    EXPECT_EQ(figure("field:disability:persons"), 1);
    EXPECT_EQ(figure("household_size:1:contacts"), 4);       // p1 (with its merged duplicate) in a household of 1
    EXPECT_EQ(figure("household_size:unknown:persons"), 1);  // p2, in none
    // The edges: a contact at 2024-03-31 23:59 JST belongs to the year before, one at 2025-04-01 00:00 JST to the
    // next, in the list as in the count.
    auto before = tenant->Reports().ListCountedContacts(At(2023, 3, 31, 15), from);
    ASSERT_OK(before);
    auto before_counts = tenant->Reports().CountConsultations(At(2023, 3, 31, 15), from);
    ASSERT_OK(before_counts);
    EXPECT_EQ(static_cast<long long>(before->size()), before_counts->contacts);
    EXPECT_EQ(before->back().occurred_at, At(2024, 3, 31, 14, 59));
    auto after = tenant->Reports().ListCountedContacts(to, At(2026, 3, 31, 15));
    ASSERT_OK(after);
    ASSERT_EQ(after->size(), 1u);
    EXPECT_EQ(after->front().occurred_at, At(2025, 3, 31, 15));
    auto b_rows = store_->Tenant(world.b.id)->Reports().ListCountedContacts(from, to);
    ASSERT_OK(b_rows);
    EXPECT_EQ(b_rows->size(), 1u);
}

// Issue 13, item 1: the lifecycle of a consultation as storage keeps it — status apart from the result (継続 is
// stored), close and reopen events with reasons, the next-contact date and the reminder's query, 取消 of a contact
// and of a consultation (kept with who, when and why), and the yearly count leaving every cancelled entry out.
TEST_P(IntakeContractTest, ConsultationLifecycleAndCancelledEntriesOutOfTheCount) {
    auto world = MakeWorld();
    auto tenant = store_->Tenant(world.a.id);
    auto p1 = AddPerson(world.a_user, "佐藤", "花子");
    auto p2 = AddPerson(world.a_user, "鈴木", "一郎");
    auto c1 = MakeConsultation(world.a_user, p1.id, {MakeContact(world.a_user, At(2024, 5, 1))});
    c1.contacts.push_back(MakeContact(world.a_user, At(2024, 5, 2)));
    c1.contacts.push_back(MakeContact(world.a_user, At(2024, 5, 3)));
    auto created = tenant->Consultations().Create(c1);
    ASSERT_OK(created);
    EXPECT_EQ(created->status, domain::ConsultationStatus::kOpen);
    EXPECT_FALSE(created->cancelled);
    EXPECT_FALSE(created->next_contact_on);
    ASSERT_EQ(created->contacts.size(), 3u);

    // 継続 and a next-contact date; the reminder finds it on and after its day, for its receiver only.
    domain::Consultation changed = *created;
    changed.outcome = domain::Outcome::kContinuing;
    changed.next_contact_on = domain::Date{std::chrono::year{2024}, std::chrono::month{6}, std::chrono::day{10}};
    auto continuing = tenant->Consultations().Update(changed, 1, std::nullopt);
    ASSERT_OK(continuing);
    EXPECT_EQ(continuing->outcome, domain::Outcome::kContinuing);
    EXPECT_EQ(continuing->version, 2);
    EXPECT_EQ(continuing->next_contact_on, changed.next_contact_on);
    EXPECT_ERROR(tenant->Consultations().Update(changed, 1, std::nullopt), ErrorCode::kConflict, "version");
    const domain::Date june9{std::chrono::year{2024}, std::chrono::month{6}, std::chrono::day{9}};
    const domain::Date june10{std::chrono::year{2024}, std::chrono::month{6}, std::chrono::day{10}};
    EXPECT_TRUE(tenant->Consultations().DueForContact(world.a_user.id, june9)->empty());
    auto due = tenant->Consultations().DueForContact(world.a_user.id, june10);
    ASSERT_OK(due);
    ASSERT_EQ(due->size(), 1u);
    EXPECT_EQ((*due)[0].id, created->id);

    // Close with a reason, then reopen: both events kept in order; a closed one is no longer due.
    changed = *continuing;
    changed.outcome = domain::Outcome::kInformationProvided;
    changed.status = domain::ConsultationStatus::kClosed;
    auto closed =
        tenant->Consultations().Update(changed, 2,
                                       domain::ConsultationEvent{.kind = domain::ConsultationEventKind::kClosed,
                                                                 .at = At(2024, 6, 1),
                                                                 .user_id = world.a_user.id,
                                                                 .reason = "情報提供で解決"});
    ASSERT_OK(closed);
    EXPECT_EQ(closed->status, domain::ConsultationStatus::kClosed);
    EXPECT_TRUE(tenant->Consultations().DueForContact(world.a_user.id, june10)->empty());
    changed = *closed;
    changed.status = domain::ConsultationStatus::kOpen;
    auto reopened =
        tenant->Consultations().Update(changed, 3,
                                       domain::ConsultationEvent{.kind = domain::ConsultationEventKind::kReopened,
                                                                 .at = At(2024, 6, 2),
                                                                 .user_id = world.a_user.id,
                                                                 .reason = "再度の電話"});
    ASSERT_OK(reopened);
    ASSERT_EQ(reopened->events.size(), 2u);
    EXPECT_EQ(reopened->events[0].kind, domain::ConsultationEventKind::kClosed);
    EXPECT_EQ(reopened->events[0].reason, "情報提供で解決");
    EXPECT_EQ(reopened->events[1].kind, domain::ConsultationEventKind::kReopened);

    // A second consultation about another person.
    auto c2 = tenant->Consultations().Create(
        MakeConsultation(world.a_user, p2.id, {MakeContact(world.a_user, At(2024, 7, 1))}));
    ASSERT_OK(c2);
    const Instant from = At(2024, 3, 31, 15);
    const Instant to = At(2025, 3, 31, 15);
    auto before = tenant->Reports().CountConsultations(from, to);
    ASSERT_OK(before);
    EXPECT_EQ(before->contacts, 4);
    EXPECT_EQ(before->persons, 2);
    EXPECT_EQ(Bucket(before->by_outcome, "information_provided").contacts, 3);

    // 取消 of one contact: kept with who, when and why; 延べ drops by one.
    const domain::ContactId second_contact = reopened->contacts[1].id;
    auto cancelled_contact = tenant->Consultations().CancelContact(
        created->id, second_contact,
        domain::Cancellation{.user_id = world.a_user.id, .at = At(2024, 6, 3), .reason = "重複入力"});
    ASSERT_OK(cancelled_contact);
    ASSERT_TRUE(cancelled_contact->contacts[1].cancelled);
    EXPECT_EQ(cancelled_contact->contacts[1].cancelled->reason, "重複入力");
    EXPECT_EQ(cancelled_contact->contacts[1].cancelled->user_id, world.a_user.id);
    EXPECT_EQ(cancelled_contact->version, reopened->version + 1);
    EXPECT_ERROR(tenant->Consultations().CancelContact(
                     created->id, second_contact,
                     domain::Cancellation{.user_id = world.a_user.id, .at = At(2024, 6, 3), .reason = "もう一度"}),
                 ErrorCode::kConflict, "contact_id");
    EXPECT_ERROR(
        tenant->Consultations().CancelContact(
            created->id, 999999, domain::Cancellation{.user_id = world.a_user.id, .at = At(2024, 6, 3), .reason = "x"}),
        ErrorCode::kNotFound, "contact_id");
    auto after_contact = tenant->Reports().CountConsultations(from, to);
    ASSERT_OK(after_contact);
    EXPECT_EQ(after_contact->contacts, 3);
    EXPECT_EQ(after_contact->persons, 2);

    // 取消 of the second consultation: kept, and out of 延べ, 実人数 and the consultations counted.
    changed = *c2;
    changed.cancelled =
        domain::Cancellation{.user_id = world.a_user.id, .at = At(2024, 7, 2), .reason = "別人の相談として登録した"};
    auto cancelled = tenant->Consultations().Update(changed, 1, std::nullopt);
    ASSERT_OK(cancelled);
    ASSERT_TRUE(cancelled->cancelled);
    EXPECT_EQ(cancelled->cancelled->reason, "別人の相談として登録した");
    EXPECT_EQ(cancelled->cancelled->at, At(2024, 7, 2));
    EXPECT_EQ(tenant->Consultations().OfPersons({p2.id})->size(), 1u) << "kept in storage";
    auto after = tenant->Reports().CountConsultations(from, to);
    ASSERT_OK(after);
    EXPECT_EQ(after->contacts, 2);
    EXPECT_EQ(after->persons, 1);
    EXPECT_EQ(after->consultations, 1);

    // Outcome links are of this municipality.
    changed = *cancelled_contact;
    changed.outcome = domain::Outcome::kReferred;
    changed.outcome_referral_id = domain::ReferralId{999999};
    EXPECT_ERROR(tenant->Consultations().Update(changed, cancelled_contact->version, std::nullopt),
                 ErrorCode::kNotFound, "referral_id");
    changed.outcome = domain::Outcome::kEscalated;
    changed.outcome_referral_id.reset();
    changed.outcome_case_id = domain::CaseId{999999};
    EXPECT_ERROR(tenant->Consultations().Update(changed, cancelled_contact->version, std::nullopt),
                 ErrorCode::kNotFound, "case_id");
    EXPECT_EQ(tenant->Consultations().Get(created->id)->version, cancelled_contact->version) << "nothing half-written";
}

TEST_P(IntakeContractTest, ReferralTransitions) {
    auto world = MakeWorld();
    auto tenant = store_->Tenant(world.a.id);
    auto shakyo = tenant->Organizations().Create(OrganizationKind::kMunicipalDivision, "社会福祉協議会").value();
    auto shakyo_user = tenant->Users()
                           .Create(NewUser{.organization_id = shakyo.id,
                                           .username = "shakyo",
                                           .display_name = "社協",
                                           .roles = {Role::kCaseworker},
                                           .password_hash = "h"},
                                   At(2024, 4, 1))
                           .value();
    auto person = AddPerson(world.a_user, "佐藤", "花子");
    auto created = tenant->Referrals().Create(MakeReferral(world.a_user, person.id, shakyo.id, At(2024, 5, 1)));
    ASSERT_OK(created);
    EXPECT_EQ(created->status, domain::ReferralStatus::kSent);
    EXPECT_EQ(created->version, 1);
    EXPECT_EQ(created->sheet["person"]["name"], "佐藤 花子");
    ASSERT_EQ(created->events.size(), 1u);
    EXPECT_EQ(created->events[0].status, domain::ReferralStatus::kSent);
    EXPECT_EQ(created->events[0].at, At(2024, 5, 1));

    auto accepted = tenant->Referrals().Transition(created->id, 1,
                                                   {.status = domain::ReferralStatus::kAccepted,
                                                    .at = At(2024, 5, 2),
                                                    .user_id = shakyo_user.id,
                                                    .organization_id = shakyo.id,
                                                    .note = "受理しました"});
    ASSERT_OK(accepted);
    EXPECT_EQ(accepted->status, domain::ReferralStatus::kAccepted);
    EXPECT_EQ(accepted->version, 2);
    ASSERT_EQ(accepted->events.size(), 2u);
    EXPECT_EQ(accepted->events[1].note, "受理しました");
    EXPECT_ERROR(tenant->Referrals().Transition(created->id, 1,
                                                {.status = domain::ReferralStatus::kDeclined,
                                                 .at = At(2024, 5, 2),
                                                 .user_id = shakyo_user.id,
                                                 .organization_id = shakyo.id,
                                                 .note = ""}),
                 ErrorCode::kConflict, "version");
    EXPECT_EQ(tenant->Referrals().Get(created->id)->events.size(), 2u);
    ASSERT_OK(tenant->Referrals().Transition(created->id, 2,
                                             {.status = domain::ReferralStatus::kCompleted,
                                              .at = At(2024, 6, 1),
                                              .user_id = shakyo_user.id,
                                              .organization_id = shakyo.id,
                                              .note = ""}));

    auto pending = tenant->Referrals().Create(MakeReferral(world.a_user, person.id, shakyo.id, At(2024, 7, 1)));
    ASSERT_OK(pending);
    auto inbox = tenant->Referrals().Inbox(shakyo.id, {});
    ASSERT_OK(inbox);
    ASSERT_EQ(inbox->size(), 2u);
    EXPECT_EQ((*inbox)[0].id, pending->id);  // newest first
    auto sent_only = tenant->Referrals().Inbox(shakyo.id, {domain::ReferralStatus::kSent});
    ASSERT_OK(sent_only);
    ASSERT_EQ(sent_only->size(), 1u);
    EXPECT_EQ((*sent_only)[0].id, pending->id);
    EXPECT_EQ(tenant->Referrals().Outbox(world.a_org.id)->size(), 2u);
    EXPECT_TRUE(tenant->Referrals().Outbox(shakyo.id)->empty());
    EXPECT_EQ(tenant->Referrals().OfPersons({person.id})->size(), 2u);

    EXPECT_ERROR(tenant->Referrals().Create(MakeReferral(world.a_user, person.id, world.b_org.id, At(2024, 7, 1))),
                 ErrorCode::kNotFound, "to_organization_id");
    auto no_event = MakeReferral(world.a_user, person.id, shakyo.id, At(2024, 7, 1));
    no_event.events.clear();
    EXPECT_ERROR(tenant->Referrals().Create(no_event), ErrorCode::kInvalidArgument, "events");
    auto b = store_->Tenant(world.b.id);
    EXPECT_ERROR(b->Referrals().Get(created->id), ErrorCode::kNotFound, "referral_id");
    EXPECT_ERROR(b->Referrals().Transition(pending->id, 1,
                                           {.status = domain::ReferralStatus::kAccepted,
                                            .at = At(2024, 7, 2),
                                            .user_id = world.b_user.id,
                                            .organization_id = world.b_org.id,
                                            .note = ""}),
                 ErrorCode::kNotFound, "referral_id");
    EXPECT_TRUE(b->Referrals().Inbox(shakyo.id, {})->empty());
    EXPECT_TRUE(b->Referrals().OfPersons({person.id})->empty());
    // A list reads its referrals together (two statements however many): each keeps its own events, in order.
    ASSERT_EQ((*inbox)[1].id, created->id);
    ASSERT_EQ((*inbox)[1].events.size(), 3u);
    EXPECT_EQ((*inbox)[1].events[1].note, "受理しました");
    EXPECT_EQ((*inbox)[1].events[2].status, domain::ReferralStatus::kCompleted);
    EXPECT_EQ((*inbox)[0].events.size(), 1u);
    EXPECT_EQ((*inbox)[1].sheet, tenant->Referrals().Get(created->id)->sheet);
}

TEST_P(IntakeContractTest, AuditAppendChainsHashesPerMunicipality) {
    auto world = MakeWorld();
    auto a = store_->Tenant(world.a.id);
    auto b = store_->Tenant(world.b.id);
    std::vector<domain::AuditEntry> first{MakeAuditEntry(world.a_user, 7, "read", At(2024, 5, 1)),
                                          MakeAuditEntry(world.a_user, 8, "update", At(2024, 5, 2))};
    ASSERT_OK(a->Audit().Append(first));
    EXPECT_EQ(first[0].sequence, 1);
    EXPECT_EQ(first[1].sequence, 2);
    EXPECT_EQ(first[0].municipality_id, world.a.id);
    EXPECT_EQ(first[0].previous_hash, "");
    EXPECT_EQ(first[0].hash, domain::ChainHash("", first[0]));
    EXPECT_EQ(first[1].previous_hash, first[0].hash);
    EXPECT_EQ(first[1].hash, domain::ChainHash(first[0].hash, first[1]));

    std::vector<domain::AuditEntry> other{MakeAuditEntry(world.b_user, std::nullopt, "search", At(2024, 5, 1))};
    other[0].detail = "佐藤";
    ASSERT_OK(b->Audit().Append(other));
    EXPECT_EQ(other[0].sequence, 1);  // B's chain is its own
    EXPECT_EQ(other[0].previous_hash, "");

    std::vector<domain::AuditEntry> next{MakeAuditEntry(world.a_user, 7, "export", At(2024, 5, 3))};
    ASSERT_OK(a->Audit().Append(next));
    EXPECT_EQ(next[0].sequence, 3);
    EXPECT_EQ(next[0].previous_hash, first[1].hash);

    auto for_person = a->Audit().ForPersons({domain::PersonId{7}, domain::PersonId{8}}, 10);
    ASSERT_OK(for_person);
    ASSERT_EQ(for_person->size(), 3u);
    EXPECT_EQ((*for_person)[0].sequence, 3);  // newest first
    EXPECT_EQ((*for_person)[0].hash, next[0].hash);
    EXPECT_EQ(a->Audit().ForPersons({domain::PersonId{7}, domain::PersonId{8}}, 2)->size(), 2u);
    EXPECT_TRUE(b->Audit().ForPersons({domain::PersonId{7}}, 10)->empty());
    auto by_user = a->Audit().ByUser(world.a_user.id, At(2024, 5, 2), At(2024, 5, 4), 10);
    ASSERT_OK(by_user);
    ASSERT_EQ(by_user->size(), 2u);
    EXPECT_EQ((*by_user)[0].sequence, 2);  // oldest first, from inclusive
    auto exports = a->Audit().ByAction("export", At(2024, 1, 1), At(2025, 1, 1), 10);
    ASSERT_OK(exports);
    ASSERT_EQ(exports->size(), 1u);
    EXPECT_EQ((*exports)[0].action, "export");
    EXPECT_EQ((*exports)[0].person_id, 7);
    EXPECT_EQ((*exports)[0].remote_address, "192.0.2.1");
    EXPECT_EQ((*exports)[0].at, At(2024, 5, 3));
    EXPECT_TRUE(a->Audit().ByAction("export", At(2024, 5, 3, 0, 0, 1), At(2025, 1, 1), 10)->empty());
    EXPECT_EQ(b->Audit().ByAction("search", At(2024, 1, 1), At(2025, 1, 1), 10)->at(0).detail, "佐藤");
}

// A batch of entries is one INSERT of up to 32 rows, after one statement that creates or locks the chain head: the 21
// entries of one name search (20 persons and the search) were 21 single-row INSERTs after two statements on the head,
// each a round trip to PostgreSQL (docs/performance.md, "One search, fewer round trips"). Every size from 1 to 70
// chains as before, over the 32-row boundary too.
TEST_P(IntakeContractTest, AuditAppendWritesABatchInOneInsertAndChainsEverySize) {
    auto world = MakeWorld();
    storage::FaultyExecutor* counting = nullptr;
    StoreOptions options{.pool_size = 2};
    options.decorate_executor = [&counting](storage::SqlExecutor& inner) {
        auto decorated = std::make_unique<storage::FaultyExecutor>(inner);
        counting = decorated.get();
        return decorated;
    };
    auto opened = OpenStore(url_, options);
    ASSERT_TRUE(opened.has_value()) << opened.error().message;
    auto counted_store = std::move(*opened);
    ASSERT_NE(counting, nullptr);
    auto a = counted_store->Tenant(world.a.id);
    const auto batch_of = [&](int size, int first) {
        std::vector<domain::AuditEntry> batch;
        for (int i = 0; i < size; ++i) {
            batch.push_back(
                MakeAuditEntry(world.a_user, first + i, "search", At(2024, 5, 1) + milliseconds{first + i}));
        }
        return batch;
    };
    int appended = 0;
    // The first append creates the chain head; the statement count is the same.
    for (const int size : {21, 21, 1, 32, 33, 64, 70}) {
        auto batch = batch_of(size, appended);
        counting->Arm(std::nullopt);
        ASSERT_OK(a->Audit().Append(batch));
        const storage::FaultReport report = counting->Report();
        counting->Disarm();
        // The head (created or locked), ceil(size / 32) INSERTs, the head advanced; one commit.
        EXPECT_EQ(report.statements, 1 + (size + 31) / 32 + 1) << "a batch of " << size;
        EXPECT_EQ(report.commits, 1) << "a batch of " << size;
        EXPECT_EQ(batch.back().sequence, appended + size);
        appended += size;
    }
    std::int64_t expected = 1;
    std::string previous;
    bool chained = true;
    ASSERT_OK(store_->Tenant(world.a.id)->Audit().Scan(0, [&](const domain::AuditEntry& entry) {
        if (entry.sequence != expected || entry.previous_hash != previous ||
            entry.hash != domain::ChainHash(previous, entry) || entry.record_id != expected - 1) {
            chained = false;
        }
        previous = entry.hash;
        ++expected;
        return true;
    }));
    EXPECT_TRUE(chained);
    EXPECT_EQ(expected - 1, appended);
    auto head = store_->Tenant(world.a.id)->Audit().Head();
    ASSERT_OK(head);
    EXPECT_EQ(head->first, appended);
    EXPECT_EQ(head->second, previous);

    // On PostgreSQL the search's batch is five round trips: BEGIN, the head, the INSERT, the head advanced, COMMIT.
    if (GetParam() == Backend::kPostgres) {
        auto tenant = store_->Tenant(world.a.id);
        auto warm = batch_of(21, appended);
        ASSERT_OK(tenant->Audit().Append(warm));  // statements prepared on this connection first
        auto batch = batch_of(21, appended + 21);
        const std::int64_t before = postgres::PostgresRoundTrips(*store_);
        ASSERT_OK(tenant->Audit().Append(batch));
        EXPECT_EQ(postgres::PostgresRoundTrips(*store_) - before, 5);
    }
}

TEST_P(IntakeContractTest, AuditEntriesNameThePostActedIn) {
    auto world = MakeWorld();
    auto a = store_->Tenant(world.a.id);
    std::vector<domain::AuditEntry> entries{MakeAuditEntry(world.a_user, 7, "read", At(2024, 5, 1)),
                                            MakeAuditEntry(world.a_user, 7, "read", At(2024, 5, 2))};
    entries[1].post_id = 42;  // no foreign key: an entry outlives what it names
    ASSERT_OK(a->Audit().Append(entries));
    EXPECT_EQ(entries[1].hash, domain::ChainHash(entries[0].hash, entries[1]));
    auto read = a->Audit().ForPersons({domain::PersonId{7}}, 10);
    ASSERT_OK(read);
    ASSERT_EQ(read->size(), 2u);
    EXPECT_EQ((*read)[0].post_id, 42);  // newest first
    EXPECT_EQ((*read)[1].post_id, 0);
    // Both verify as stored: the post is part of the hashed text only when there is one.
    EXPECT_EQ((*read)[0].hash, domain::ChainHash((*read)[1].hash, (*read)[0]));
    EXPECT_EQ((*read)[1].hash, domain::ChainHash("", (*read)[1]));
}

TEST_P(IntakeContractTest, AuditScanStreamsInOrderAcrossPagesAndStopsEarly) {
    auto world = MakeWorld();
    auto a = store_->Tenant(world.a.id);
    // 25,010 entries in batches of 1,000 like the group-commit thread: more than two scan pages, and batches that
    // use both the full 32-row insert and a shorter one.
    constexpr int kTotal = 25'010;
    int appended = 0;
    while (appended < kTotal) {
        std::vector<domain::AuditEntry> batch;
        for (int i = 0; i < 1000 && appended < kTotal; ++i, ++appended) {
            batch.push_back(
                MakeAuditEntry(world.a_user, appended % 50, "read", At(2024, 5, 1) + milliseconds{appended}));
        }
        ASSERT_OK(a->Audit().Append(batch));
    }
    std::int64_t expected = 1;
    std::string previous;
    bool chained = true;
    ASSERT_OK(a->Audit().Scan(0, [&](const domain::AuditEntry& entry) {
        if (entry.sequence != expected || entry.previous_hash != previous ||
            entry.hash != domain::ChainHash(previous, entry)) {
            chained = false;
        }
        previous = entry.hash;
        ++expected;
        return true;
    }));
    EXPECT_TRUE(chained);
    EXPECT_EQ(expected - 1, kTotal);

    std::vector<std::int64_t> seen;
    ASSERT_OK(a->Audit().Scan(9'999, [&](const domain::AuditEntry& entry) {
        seen.push_back(entry.sequence);
        return seen.size() < 3;
    }));
    EXPECT_EQ(seen, (std::vector<std::int64_t>{9'999, 10'000, 10'001}));
    int other = 0;
    ASSERT_OK(store_->Tenant(world.b.id)->Audit().Scan(0, [&](const domain::AuditEntry&) { return ++other > 0; }));
    EXPECT_EQ(other, 0);
}

TEST_P(IntakeContractTest, SettingsArePerMunicipality) {
    auto world = MakeWorld();
    auto a = store_->Tenant(world.a.id);
    auto b = store_->Tenant(world.b.id);
    auto missing = a->Settings().Get("referral_overdue_days");
    ASSERT_OK(missing);
    EXPECT_FALSE(missing->has_value());
    ASSERT_OK(a->Settings().Set("referral_overdue_days", "5"));
    ASSERT_OK(a->Settings().Set("referral_overdue_days", "3"));
    EXPECT_EQ(a->Settings().Get("referral_overdue_days")->value_or(""), "3");
    EXPECT_FALSE(b->Settings().Get("referral_overdue_days")->has_value());
    ASSERT_OK(b->Settings().Set("referral_overdue_days", "7"));
    EXPECT_EQ(a->Settings().Get("referral_overdue_days")->value_or(""), "3");
    EXPECT_ERROR(a->Settings().Set("", "x"), ErrorCode::kInvalidArgument, "key");
}

TEST_P(IntakeContractTest, TenantBCannotReachPersonsOfA) {
    auto world = MakeWorld();
    auto a = store_->Tenant(world.a.id);
    auto b = store_->Tenant(world.b.id);
    auto person = AddPerson(world.a_user, "佐藤", "花子", Day(1950, 2, 28), "0858111111");
    auto other = AddPerson(world.a_user, "佐藤", "太郎");
    using Field = domain::PersonRepository::SearchField;
    EXPECT_ERROR(b->Persons().Get(person.id), ErrorCode::kNotFound, "person_id");
    EXPECT_TRUE(b->Persons().GetMany({person.id})->empty());
    EXPECT_ERROR(b->Persons().Update(person.id, 1, person.data, At(2024, 6, 1), KeysFor("x", "")), ErrorCode::kNotFound,
                 "person_id");
    EXPECT_TRUE(b->Persons().FindByGrams({"佐藤"}, Field::kName, 10)->empty());
    EXPECT_TRUE(b->Persons().FindByBirthDate(Day(1950, 2, 28), 10)->empty());
    EXPECT_TRUE(b->Persons().FindByPhone("0858111111", 10)->empty());
    EXPECT_ERROR(b->Persons().Merge(person.id, other.id, world.b_user.id, At(2024, 6, 1)), ErrorCode::kNotFound,
                 "survivor_id");
    auto merge = a->Persons().Merge(person.id, other.id, world.a_user.id, At(2024, 6, 1));
    ASSERT_OK(merge);
    EXPECT_ERROR(b->Persons().Unmerge(merge->id, world.b_user.id, At(2024, 6, 2)), ErrorCode::kNotFound, "merge_id");
    EXPECT_TRUE(b->Persons().Merges(person.id)->empty());
    EXPECT_ERROR(b->Persons().IdentityGroup(person.id), ErrorCode::kNotFound, "person_id");
    EXPECT_ERROR(b->Persons().AccessFacts(person.id), ErrorCode::kNotFound, "person_id");
    EXPECT_ERROR(b->Persons().SetDvNamedStaff(person.id, {world.b_user.id}), ErrorCode::kNotFound, "person_id");
    // A's merge is untouched by B's attempts.
    EXPECT_EQ(a->Persons().Get(other.id)->merged_into, person.id);
}

// Moving in (migration 17, import_store.cpp): an uploaded file comes back byte for byte, and external ids are per
// municipality, unique per source, kind and key, and recorded all or nothing.
TEST_P(IntakeContractTest, ImportUploadsAndExternalIdsArePerMunicipality) {
    auto world = MakeWorld();
    auto a = store_->Tenant(world.a.id);
    auto b = store_->Tenant(world.b.id);
    const std::string bytes("PK\x03\x04\x00\xFF\xFE 相談受付簿\r\n", 27);
    domain::ImportUpload upload{.file_name = "相談記録 令和5年度.xlsx",
                                .sha256 = std::string(64, 'a'),
                                .content = bytes,
                                .uploaded_by = world.a_user.id,
                                .uploaded_at = At(2024, 5, 1, 9)};
    auto saved = a->Imports().SaveUpload(upload);
    ASSERT_OK(saved);
    EXPECT_GT(saved->id, 0);
    auto read = a->Imports().GetUpload(saved->id);
    ASSERT_OK(read);
    EXPECT_EQ(read->content, bytes);
    EXPECT_EQ(read->file_name, "相談記録 令和5年度.xlsx");
    EXPECT_EQ(read->sha256, upload.sha256);
    EXPECT_EQ(read->uploaded_by, world.a_user.id);
    EXPECT_EQ(read->uploaded_at, At(2024, 5, 1, 9));
    EXPECT_ERROR(b->Imports().GetUpload(saved->id), ErrorCode::kNotFound, "");
    upload.uploaded_by = world.b_user.id;  // a user of another municipality
    EXPECT_FALSE(a->Imports().SaveUpload(upload));

    ASSERT_OK(a->Imports().RecordExternalIds({{"soudan-r5", "consultation", "1", 101},
                                              {"soudan-r5", "consultation", "2", 102},
                                              {"soudan-r5", "contact", "contacts:2", 201}}));
    auto consultations = a->Imports().ExternalIds("soudan-r5", "consultation");
    ASSERT_OK(consultations);
    EXPECT_EQ(*consultations, (std::map<std::string, std::int64_t>{{"1", 101}, {"2", 102}}));
    EXPECT_TRUE(a->Imports().ExternalIds("other-file", "consultation")->empty());
    EXPECT_TRUE(b->Imports().ExternalIds("soudan-r5", "consultation")->empty());
    ASSERT_OK(b->Imports().RecordExternalIds({{"soudan-r5", "consultation", "1", 7}}));
    // A key recorded already: refused, and the new one beside it is not kept either.
    EXPECT_ERROR(a->Imports().RecordExternalIds(
                     {{"soudan-r5", "consultation", "3", 103}, {"soudan-r5", "consultation", "1", 104}}),
                 ErrorCode::kConflict, "external_id");
    EXPECT_EQ(a->Imports().ExternalIds("soudan-r5", "consultation")->size(), 2u);
    EXPECT_FALSE(a->Imports().RecordExternalIds({{"soudan-r5", "case", "1", 1}}));  // no such kind
}

// 課題と特性 (domain/person_trait_repositories.hpp, migration 50): set, read back (the union over a merge), replaced,
// tenant-bound; and the persons the 実人数 counts with their traits, over the 年度 from 00:00 JST on 1 April — a
// merged duplicate's traits counted on its survivor once, a person with none counted 未記入.
TEST_P(IntakeContractTest, PersonTraitsSetReadMergedAndCountedOverTheFiscalYear) {
    using domain::PersonTrait;
    auto world = MakeWorld();
    auto tenant = store_->Tenant(world.a.id);
    auto traits = PersonTraitsOf(*tenant);
    ASSERT_NE(traits, nullptr);
    auto p1 = AddPerson(world.a_user, "佐藤", "花子");
    auto p1_duplicate = AddPerson(world.a_user, "佐藤", "はなこ");
    auto p2 = AddPerson(world.a_user, "鈴木", "一郎");
    auto before_year = AddPerson(world.a_user, "山田", "太郎");
    auto at_end = AddPerson(world.a_user, "田中", "次郎");

    // Never set: no traits, no time.
    auto empty = traits->Get(p1.id);
    ASSERT_OK(empty);
    EXPECT_TRUE(empty->traits.empty());
    EXPECT_FALSE(empty->updated_at.has_value());
    // Set, read back in the list's order with who and when.
    ASSERT_OK(
        traits->Replace(p1.id, {PersonTrait::kWithdrawal, PersonTrait::kEightyFifty}, world.a_user.id, At(2024, 4, 2)));
    auto read = traits->Get(p1.id);
    ASSERT_OK(read);
    EXPECT_EQ(read->traits, (std::vector<PersonTrait>{PersonTrait::kWithdrawal, PersonTrait::kEightyFifty}));
    ASSERT_TRUE(read->updated_at.has_value());
    EXPECT_EQ(*read->updated_at, At(2024, 4, 2));
    EXPECT_EQ(read->updated_by, world.a_user.id);
    ASSERT_OK(traits->Replace(p1_duplicate.id, {PersonTrait::kPoverty, PersonTrait::kWithdrawal}, world.a_user.id,
                              At(2024, 4, 3)));
    ASSERT_OK(traits->Replace(before_year.id, {PersonTrait::kAbuse}, world.a_user.id, At(2024, 4, 3)));
    ASSERT_OK(traits->Replace(at_end.id, {PersonTrait::kAbuse}, world.a_user.id, At(2024, 4, 3)));
    // p2 is set and then cleared: counted 未記入, with its time kept.
    ASSERT_OK(traits->Replace(p2.id, {PersonTrait::kDementia}, world.a_user.id, At(2024, 4, 3)));
    ASSERT_OK(traits->Replace(p2.id, {}, world.a_user.id, At(2024, 4, 4)));
    auto cleared = traits->Get(p2.id);
    ASSERT_OK(cleared);
    EXPECT_TRUE(cleared->traits.empty());
    EXPECT_EQ(cleared->updated_at, std::optional<Instant>(At(2024, 4, 4)));

    // Contacts: p1 at 2024-04-01 00:00 JST (inside), its duplicate in July, p2 in August; before_year at 2024-03-31
    // 23:59 JST (outside), at_end at 2025-04-01 00:00 JST (outside: the period ends before it).
    ASSERT_OK(tenant->Consultations().Create(
        MakeConsultation(world.a_user, p1.id, {MakeContact(world.a_user, At(2024, 3, 31, 15))})));
    ASSERT_OK(tenant->Consultations().Create(
        MakeConsultation(world.a_user, p1_duplicate.id, {MakeContact(world.a_user, At(2024, 7, 1))})));
    ASSERT_OK(tenant->Consultations().Create(
        MakeConsultation(world.a_user, p2.id, {MakeContact(world.a_user, At(2024, 8, 1))})));
    ASSERT_OK(tenant->Consultations().Create(
        MakeConsultation(world.a_user, before_year.id, {MakeContact(world.a_user, At(2024, 3, 31, 14, 59))})));
    ASSERT_OK(tenant->Consultations().Create(
        MakeConsultation(world.a_user, at_end.id, {MakeContact(world.a_user, At(2025, 3, 31, 15))})));
    ASSERT_OK(tenant->Persons().Merge(p1.id, p1_duplicate.id, world.a_user.id, At(2024, 9, 1)));

    // The survivor reads the union of its own and the merged record's traits.
    auto merged = traits->Get(p1.id);
    ASSERT_OK(merged);
    EXPECT_EQ(merged->traits,
              (std::vector<PersonTrait>{PersonTrait::kWithdrawal, PersonTrait::kEightyFifty, PersonTrait::kPoverty}));

    const Instant from = At(2024, 3, 31, 15);  // 2024-04-01 00:00 JST
    const Instant to = At(2025, 3, 31, 15);    // 2025-04-01 00:00 JST
    auto counted = traits->CountedPersons(from, to);
    ASSERT_OK(counted);
    const domain::TraitCounts counts = domain::CountTraits(*counted);
    auto report_counts = tenant->Reports().CountConsultations(from, to);
    ASSERT_OK(report_counts);
    EXPECT_EQ(counts.persons, report_counts->persons);  // the same persons as the 実人数
    EXPECT_EQ(counts.persons, 2);                       // p1 (with its duplicate) and p2
    EXPECT_EQ(counts.none, 1);                          // p2
    auto count_of = [&counts](PersonTrait trait) {
        for (const domain::TraitCount& count : counts.by_trait) {
            if (count.trait == trait) return count.persons;
        }
        return -1LL;
    };
    EXPECT_EQ(count_of(PersonTrait::kWithdrawal), 1);  // on both records of p1: once
    EXPECT_EQ(count_of(PersonTrait::kEightyFifty), 1);
    EXPECT_EQ(count_of(PersonTrait::kPoverty), 1);  // the merged record's, on its survivor
    EXPECT_EQ(count_of(PersonTrait::kAbuse), 0);    // before_year and at_end are outside the 年度
    EXPECT_EQ(count_of(PersonTrait::kDementia), 0);
    // The whole 年度 reads its persons from the maintained aggregates and carries the town's traits up the merges; a
    // range one millisecond shorter is counted from the contacts down the merges: both give the same figures.
    auto recounted = traits->CountedPersons(from, to - std::chrono::milliseconds{1});
    ASSERT_OK(recounted);
    const domain::TraitCounts recounted_counts = domain::CountTraits(*recounted);
    EXPECT_EQ(recounted_counts.persons, counts.persons);
    EXPECT_EQ(recounted_counts.none, counts.none);
    ASSERT_EQ(recounted_counts.by_trait.size(), counts.by_trait.size());
    for (std::size_t i = 0; i < counts.by_trait.size(); ++i) {
        EXPECT_EQ(recounted_counts.by_trait[i].persons, counts.by_trait[i].persons) << i;
    }

    // Replacing the survivor's traits replaces the merged record's too.
    ASSERT_OK(traits->Replace(p1.id, {PersonTrait::kIsolation}, world.a_user.id, At(2024, 10, 1)));
    EXPECT_EQ(traits->Get(p1.id)->traits, (std::vector<PersonTrait>{PersonTrait::kIsolation}));

    // Another municipality's store sees none of it.
    auto b_traits = PersonTraitsOf(*store_->Tenant(world.b.id));
    EXPECT_ERROR(b_traits->Get(p1.id), ErrorCode::kNotFound, "");
    EXPECT_ERROR(b_traits->Replace(p1.id, {}, world.b_user.id, At(2024, 10, 1)), ErrorCode::kNotFound, "");
    auto b_counted = b_traits->CountedPersons(from, to);
    ASSERT_OK(b_counted);
    EXPECT_TRUE(b_counted->empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, IntakeContractTest, testing::Values(Backend::kSqlite, Backend::kPostgres),
                         BackendName);

// ---------------------------------------------------------------------------------------------------------------
// Lawful sharing: consents, meeting bodies and meetings, emergency access

class SharingContractTest : public IntakeContractTest {
protected:
    domain::Consent MakeConsent(const User& recorder, domain::PersonId person_id,
                                std::vector<OrganizationId> organizations, std::vector<domain::MeetingBodyId> bodies,
                                domain::Date given_on) {
        domain::Consent consent;
        consent.person_id = person_id;
        consent.by_proxy = true;
        consent.proxy_name = "佐藤 一郎";
        consent.proxy_relationship = "成年後見人";
        consent.organizations = std::move(organizations);
        consent.bodies = std::move(bodies);
        consent.purpose = "支援のための情報共有";
        consent.given_on = given_on;
        consent.method = domain::ConsentMethod::kOral;
        consent.witness = "北栄 花子";
        consent.explanation_version = "説明文書 v2";
        consent.expires_on = Day(2025, 3, 31);
        consent.recorded_by = recorder.id;
        consent.recorded_at = At(2024, 5, 10, 3);
        return consent;
    }

    domain::MeetingBody MakeBody(std::vector<domain::BodyMember> members,
                                 std::optional<OrganizationId> coordinator = std::nullopt,
                                 std::vector<domain::NamedMember> named_members = {}) {
        domain::MeetingBody body;
        body.named_members = std::move(named_members);
        body.legal_basis = domain::LegalBasis::kArticle106_6;
        body.display_name = "包括的支援会議";
        body.shares_without_consent = true;
        body.sharing_days = 90;
        body.coordinating_organization_id = coordinator;
        body.members = std::move(members);
        body.created_at = At(2024, 4, 1, 1);
        return body;
    }

    domain::Meeting MakeMeeting(const User& convenor, domain::MeetingBodyId body_id, domain::Date held_on,
                                std::vector<domain::PersonId> persons) {
        domain::Meeting meeting;
        meeting.body_id = body_id;
        meeting.held_on = held_on;
        meeting.convenor_user_id = convenor.id;
        meeting.attendees.push_back(
            domain::Attendee{.user_id = convenor.id, .name = "北栄 花子", .organization_id = convenor.organization_id});
        meeting.attendees.push_back(domain::Attendee{
            .user_id = std::nullopt, .name = "外部 委員", .organization_id = convenor.organization_id});
        for (domain::PersonId person_id : persons) {
            meeting.agenda.push_back(domain::AgendaItem{
                .id = 0, .person_id = person_id, .household_id = std::nullopt, .shared_summary = "8050の世帯"});
        }
        meeting.minutes = "役割分担を決めた";
        meeting.decisions.push_back(
            domain::Decision{.kind = domain::DecisionKind::kRolesAssigned, .text = "包括が訪問する"});
        meeting.decisions.push_back(domain::Decision{.kind = domain::DecisionKind::kOther, .text = "次回は来月"});
        meeting.created_at = At(2024, 6, 3, 5);
        return meeting;
    }

    domain::EmergencyAccess MakeEmergency(const User& user, domain::PersonId person_id, Instant granted) {
        return domain::EmergencyAccess{.id = 0,
                                       .municipality_id = MunicipalityId{},
                                       .person_id = person_id,
                                       .user_id = user.id,
                                       .organization_id = user.organization_id,
                                       .reason = "安否確認のため",
                                       .granted_at = granted,
                                       .expires_at = granted + hours{2},
                                       .acknowledged_by = std::nullopt};
    }
};

std::vector<std::int64_t> Ids(const auto& rows) {
    std::vector<std::int64_t> ids;
    for (const auto& row : rows) ids.push_back(row.id);
    return ids;
}

TEST_P(SharingContractTest, ConsentsCreateGetOfPersonsAndWithdrawOnce) {
    auto world = MakeWorld();
    auto tenant = store_->Tenant(world.a.id);
    auto npo = tenant->Organizations().Create(OrganizationKind::kMunicipalDivision, "NPO法人").value();
    auto body = tenant->Meetings().CreateBody(MakeBody({})).value();
    auto person = AddPerson(world.a_user, "佐藤", "花子");
    auto other = AddPerson(world.a_user, "鈴木", "一郎");

    // Organisations are a set: given twice, stored once, read back in id order.
    auto created = tenant->Consents().Create(
        MakeConsent(world.a_user, person.id, {npo.id, world.a_org.id, npo.id}, {body.id}, Day(2024, 5, 10)));
    ASSERT_OK(created);
    EXPECT_GT(created->id, 0);
    EXPECT_EQ(created->municipality_id, world.a.id);
    EXPECT_EQ(created->organizations, (std::vector<OrganizationId>{world.a_org.id, npo.id}));
    EXPECT_EQ(created->bodies, std::vector<domain::MeetingBodyId>{body.id});
    auto got = tenant->Consents().Get(created->id);
    ASSERT_OK(got);
    EXPECT_EQ(got->person_id, person.id);
    EXPECT_TRUE(got->by_proxy);
    EXPECT_EQ(got->proxy_name, "佐藤 一郎");
    EXPECT_EQ(got->proxy_relationship, "成年後見人");
    EXPECT_EQ(got->purpose, "支援のための情報共有");
    EXPECT_EQ(got->given_on, Day(2024, 5, 10));
    EXPECT_EQ(got->method, domain::ConsentMethod::kOral);
    EXPECT_EQ(got->witness, "北栄 花子");
    EXPECT_EQ(got->explanation_version, "説明文書 v2");
    EXPECT_EQ(got->expires_on, Day(2025, 3, 31));
    EXPECT_FALSE(got->withdrawn_at.has_value());
    EXPECT_EQ(got->recorded_by, world.a_user.id);
    EXPECT_EQ(got->recorded_at, At(2024, 5, 10, 3));
    EXPECT_EQ(got->organizations, created->organizations);

    auto written = MakeConsent(world.a_user, person.id, {npo.id}, {}, Day(2024, 7, 1));
    written.method = domain::ConsentMethod::kWritten;
    written.by_proxy = false;
    written.expires_on = std::nullopt;
    auto later = tenant->Consents().Create(written);
    ASSERT_OK(later);
    EXPECT_FALSE(later->expires_on.has_value());
    EXPECT_EQ(later->method, domain::ConsentMethod::kWritten);
    EXPECT_TRUE(later->bodies.empty());
    auto of_other = tenant->Consents().Create(MakeConsent(world.a_user, other.id, {}, {}, Day(2024, 6, 1)));
    ASSERT_OK(of_other);

    // Newest first, over the given persons only.
    EXPECT_EQ(Ids(*tenant->Consents().OfPersons({person.id})), (std::vector<std::int64_t>{later->id, created->id}));
    EXPECT_EQ(Ids(*tenant->Consents().OfPersons({person.id, other.id})),
              (std::vector<std::int64_t>{later->id, of_other->id, created->id}));
    EXPECT_EQ(tenant->Consents().OfPersons({person.id})->back().organizations, created->organizations);
    EXPECT_TRUE(tenant->Consents().OfPersons({})->empty());

    auto withdrawn = tenant->Consents().Withdraw(created->id, At(2024, 8, 1, 2));
    ASSERT_OK(withdrawn);
    EXPECT_EQ(withdrawn->withdrawn_at, At(2024, 8, 1, 2));
    EXPECT_EQ(tenant->Consents().Get(created->id)->withdrawn_at, At(2024, 8, 1, 2));
    EXPECT_ERROR(tenant->Consents().Withdraw(created->id, At(2024, 8, 2)), ErrorCode::kConflict, "withdrawn_at");
    // The first withdrawal stands.
    EXPECT_EQ(tenant->Consents().Get(created->id)->withdrawn_at, At(2024, 8, 1, 2));
    EXPECT_ERROR(tenant->Consents().Withdraw(domain::ConsentId{created->id.value() + 1000}, At(2024, 8, 2)),
                 ErrorCode::kNotFound, "consent_id");
    EXPECT_ERROR(tenant->Consents().Get(domain::ConsentId{created->id.value() + 1000}), ErrorCode::kNotFound,
                 "consent_id");

    auto backwards = MakeConsent(world.a_user, person.id, {}, {}, Day(2024, 5, 10));
    backwards.expires_on = Day(2024, 5, 9);
    EXPECT_ERROR(tenant->Consents().Create(backwards), ErrorCode::kInvalidArgument, "expires_on");
}

TEST_P(SharingContractTest, ConsentReferencesStayInsideTheMunicipality) {
    auto world = MakeWorld();
    auto a = store_->Tenant(world.a.id);
    auto b = store_->Tenant(world.b.id);
    auto person = AddPerson(world.a_user, "佐藤", "花子");
    auto b_person = AddPerson(world.b_user, "山本", "次郎");
    auto b_body = b->Meetings().CreateBody(MakeBody({})).value();
    EXPECT_ERROR(a->Consents().Create(MakeConsent(world.a_user, person.id, {world.b_org.id}, {}, Day(2024, 5, 1))),
                 ErrorCode::kNotFound, "organizations");
    EXPECT_ERROR(a->Consents().Create(MakeConsent(world.a_user, person.id, {}, {b_body.id}, Day(2024, 5, 1))),
                 ErrorCode::kNotFound, "bodies");
    EXPECT_ERROR(a->Consents().Create(MakeConsent(world.a_user, b_person.id, {}, {}, Day(2024, 5, 1))),
                 ErrorCode::kNotFound, "person_id");
    EXPECT_ERROR(a->Consents().Create(MakeConsent(world.b_user, person.id, {}, {}, Day(2024, 5, 1))),
                 ErrorCode::kNotFound, "recorded_by");
    // Nothing was left behind by the refused writes.
    EXPECT_TRUE(a->Consents().OfPersons({person.id})->empty());
}

TEST_P(SharingContractTest, MeetingBodiesCreateListAndUpdateWithOptimisticVersion) {
    auto world = MakeWorld();
    auto tenant = store_->Tenant(world.a.id);
    auto houkatsu = tenant->Organizations().Create(OrganizationKind::kMunicipalDivision, "地域包括").value();
    auto npo = tenant->Organizations().Create(OrganizationKind::kMunicipalDivision, "NPO法人").value();
    auto created = tenant->Meetings().CreateBody(MakeBody(
        {domain::BodyMember{.organization_id = npo.id, .pledge_signed_on = std::nullopt, .left_on = std::nullopt},
         domain::BodyMember{
             .organization_id = houkatsu.id, .pledge_signed_on = Day(2024, 4, 1), .left_on = std::nullopt}},
        world.a_org.id));
    ASSERT_OK(created);
    EXPECT_EQ(created->version, 1);
    EXPECT_EQ(created->municipality_id, world.a.id);
    auto body = tenant->Meetings().GetBody(created->id);
    ASSERT_OK(body);
    EXPECT_EQ(body->legal_basis, domain::LegalBasis::kArticle106_6);
    EXPECT_EQ(body->display_name, "包括的支援会議");
    EXPECT_TRUE(body->shares_without_consent);
    EXPECT_EQ(body->sharing_days, 90);
    EXPECT_EQ(body->coordinating_organization_id, world.a_org.id);
    EXPECT_EQ(body->created_at, At(2024, 4, 1, 1));
    ASSERT_EQ(body->members.size(), 2u);  // by organisation id
    EXPECT_EQ(body->members[0].organization_id, houkatsu.id);
    EXPECT_EQ(body->members[0].pledge_signed_on, Day(2024, 4, 1));
    EXPECT_FALSE(body->members[0].left_on.has_value());
    EXPECT_EQ(body->members[1].organization_id, npo.id);
    EXPECT_FALSE(body->members[1].pledge_signed_on.has_value());

    auto multilayer = MakeBody({});
    multilayer.legal_basis = domain::LegalBasis::kMultilayerMeeting;
    multilayer.display_name = "重層的支援会議";
    multilayer.shares_without_consent = false;
    auto second = tenant->Meetings().CreateBody(multilayer);
    ASSERT_OK(second);
    EXPECT_FALSE(second->coordinating_organization_id.has_value());
    auto bodies = tenant->Meetings().ListBodies();
    ASSERT_OK(bodies);
    EXPECT_EQ(Ids(*bodies), (std::vector<std::int64_t>{created->id, second->id}));
    EXPECT_EQ((*bodies)[0].members.size(), 2u);
    EXPECT_EQ((*bodies)[1].legal_basis, domain::LegalBasis::kMultilayerMeeting);

    // Update replaces everything but the legal basis, and the members with it.
    auto change = *body;
    change.display_name = "支援会議";
    change.shares_without_consent = false;
    change.sharing_days = 30;
    change.coordinating_organization_id = std::nullopt;
    change.legal_basis = domain::LegalBasis::kOther;
    change.members = {domain::BodyMember{
        .organization_id = houkatsu.id, .pledge_signed_on = Day(2024, 4, 1), .left_on = Day(2024, 9, 30)}};
    auto updated = tenant->Meetings().UpdateBody(created->id, 1, change);
    ASSERT_OK(updated);
    EXPECT_EQ(updated->version, 2);
    EXPECT_EQ(updated->display_name, "支援会議");
    EXPECT_FALSE(updated->shares_without_consent);
    EXPECT_EQ(updated->sharing_days, 30);
    EXPECT_FALSE(updated->coordinating_organization_id.has_value());
    EXPECT_EQ(updated->legal_basis, domain::LegalBasis::kArticle106_6);
    ASSERT_EQ(updated->members.size(), 1u);
    EXPECT_EQ(updated->members[0].left_on, Day(2024, 9, 30));
    EXPECT_EQ(tenant->Meetings().GetBody(created->id)->members.size(), 1u);

    EXPECT_ERROR(tenant->Meetings().UpdateBody(created->id, 1, change), ErrorCode::kConflict, "version");
    EXPECT_ERROR(tenant->Meetings().UpdateBody(domain::MeetingBodyId{created->id.value() + 1000}, 2, change),
                 ErrorCode::kNotFound, "body_id");
    EXPECT_ERROR(tenant->Meetings().GetBody(domain::MeetingBodyId{created->id.value() + 1000}), ErrorCode::kNotFound,
                 "body_id");

    // Refused updates change nothing, members included.
    auto foreign = change;
    foreign.members.push_back(domain::BodyMember{
        .organization_id = world.b_org.id, .pledge_signed_on = std::nullopt, .left_on = std::nullopt});
    EXPECT_ERROR(tenant->Meetings().UpdateBody(created->id, 2, foreign), ErrorCode::kNotFound, "members");
    auto foreign_coordinator = change;
    foreign_coordinator.coordinating_organization_id = world.b_org.id;
    EXPECT_ERROR(tenant->Meetings().UpdateBody(created->id, 2, foreign_coordinator), ErrorCode::kNotFound,
                 "coordinating_organization_id");
    EXPECT_ERROR(tenant->Meetings().CreateBody(foreign_coordinator), ErrorCode::kNotFound,
                 "coordinating_organization_id");
    EXPECT_ERROR(tenant->Meetings().CreateBody(foreign), ErrorCode::kNotFound, "members");
    auto twice = change;
    twice.members.push_back(change.members[0]);
    EXPECT_ERROR(tenant->Meetings().UpdateBody(created->id, 2, twice), ErrorCode::kInvalidArgument, "members");
    auto negative = change;
    negative.sharing_days = -1;
    EXPECT_ERROR(tenant->Meetings().CreateBody(negative), ErrorCode::kInvalidArgument, "sharing_days");
    auto unchanged = tenant->Meetings().GetBody(created->id);
    EXPECT_EQ(unchanged->version, 2);
    ASSERT_EQ(unchanged->members.size(), 1u);
    EXPECT_EQ(unchanged->members[0].organization_id, houkatsu.id);
    EXPECT_EQ(tenant->Meetings().ListBodies()->size(), 2u);
}

TEST_P(SharingContractTest, MeetingsCreateListUpdateAndOfPersons) {
    auto world = MakeWorld();
    auto tenant = store_->Tenant(world.a.id);
    auto body = tenant->Meetings().CreateBody(MakeBody({})).value();
    auto other_body = tenant->Meetings().CreateBody(MakeBody({})).value();
    auto mother = AddPerson(world.a_user, "佐藤", "花子");
    auto son = AddPerson(world.a_user, "佐藤", "太郎");
    auto neighbour = AddPerson(world.a_user, "鈴木", "一郎");
    domain::Household household;
    household.name = "佐藤家";
    household.created_by_organization_id = world.a_org.id;
    household.created_at = At(2024, 5, 1);
    auto home = tenant->Households().Create(household).value();

    auto first_meeting = MakeMeeting(world.a_user, body.id, Day(2024, 6, 3), {mother.id, son.id});
    first_meeting.agenda[0].household_id = home.id;
    auto first = tenant->Meetings().CreateMeeting(first_meeting);
    ASSERT_OK(first);
    EXPECT_EQ(first->version, 1);
    auto got = tenant->Meetings().GetMeeting(first->id);
    ASSERT_OK(got);
    EXPECT_EQ(got->municipality_id, world.a.id);
    EXPECT_EQ(got->body_id, body.id);
    EXPECT_EQ(got->held_on, Day(2024, 6, 3));
    EXPECT_EQ(got->convenor_user_id, world.a_user.id);
    EXPECT_EQ(got->minutes, "役割分担を決めた");
    EXPECT_EQ(got->created_at, At(2024, 6, 3, 5));
    ASSERT_EQ(got->attendees.size(), 2u);
    EXPECT_EQ(got->attendees[0].user_id, world.a_user.id);
    EXPECT_EQ(got->attendees[0].name, "北栄 花子");
    EXPECT_FALSE(got->attendees[1].user_id.has_value());
    EXPECT_EQ(got->attendees[1].organization_id, world.a_org.id);
    ASSERT_EQ(got->agenda.size(), 2u);
    EXPECT_GT(got->agenda[0].id, 0);
    EXPECT_EQ(got->agenda[0].person_id, mother.id);
    EXPECT_EQ(got->agenda[0].household_id, home.id);
    EXPECT_EQ(got->agenda[0].shared_summary, "8050の世帯");
    EXPECT_EQ(got->agenda[1].person_id, son.id);
    EXPECT_FALSE(got->agenda[1].household_id.has_value());
    ASSERT_EQ(got->decisions.size(), 2u);
    EXPECT_EQ(got->decisions[0].kind, domain::DecisionKind::kRolesAssigned);
    EXPECT_EQ(got->decisions[1].text, "次回は来月");

    auto second = tenant->Meetings().CreateMeeting(MakeMeeting(world.a_user, body.id, Day(2024, 7, 1), {son.id}));
    ASSERT_OK(second);
    auto elsewhere =
        tenant->Meetings().CreateMeeting(MakeMeeting(world.a_user, other_body.id, Day(2024, 6, 20), {neighbour.id}));
    ASSERT_OK(elsewhere);

    EXPECT_EQ(Ids(*tenant->Meetings().ListMeetings(std::nullopt)),
              (std::vector<std::int64_t>{second->id, elsewhere->id, first->id}));
    EXPECT_EQ(Ids(*tenant->Meetings().ListMeetings(body.id)), (std::vector<std::int64_t>{second->id, first->id}));
    EXPECT_TRUE(tenant->Meetings().ListMeetings(domain::MeetingBodyId{body.id.value() + 1000})->empty());
    EXPECT_EQ(Ids(*tenant->Meetings().OfPersons({mother.id})), std::vector<std::int64_t>{first->id});
    // A meeting with two of the persons on its agenda comes once.
    EXPECT_EQ(Ids(*tenant->Meetings().OfPersons({mother.id, son.id})),
              (std::vector<std::int64_t>{second->id, first->id}));
    EXPECT_EQ(Ids(*tenant->Meetings().OfPersons({neighbour.id, mother.id})),
              (std::vector<std::int64_t>{elsewhere->id, first->id}));
    EXPECT_EQ(tenant->Meetings().OfPersons({son.id})->back().agenda.size(), 2u);

    // Update replaces attendees, agenda, minutes and decisions in one go.
    auto change = *got;
    change.minutes = "訪問の結果を共有した";
    change.attendees.pop_back();
    change.agenda = {domain::AgendaItem{
        .id = 0, .person_id = neighbour.id, .household_id = std::nullopt, .shared_summary = "見守りの状況"}};
    change.decisions = {domain::Decision{.kind = domain::DecisionKind::kSupportDecided, .text = "社協が見守る"}};
    auto updated = tenant->Meetings().UpdateMeeting(first->id, 1, change);
    ASSERT_OK(updated);
    EXPECT_EQ(updated->version, 2);
    EXPECT_EQ(updated->minutes, "訪問の結果を共有した");
    EXPECT_EQ(updated->attendees.size(), 1u);
    ASSERT_EQ(updated->agenda.size(), 1u);
    EXPECT_EQ(updated->agenda[0].person_id, neighbour.id);
    ASSERT_EQ(updated->decisions.size(), 1u);
    EXPECT_EQ(updated->decisions[0].kind, domain::DecisionKind::kSupportDecided);
    EXPECT_TRUE(tenant->Meetings().OfPersons({mother.id})->empty());
    EXPECT_EQ(Ids(*tenant->Meetings().OfPersons({neighbour.id})),
              (std::vector<std::int64_t>{elsewhere->id, first->id}));

    EXPECT_ERROR(tenant->Meetings().UpdateMeeting(first->id, 1, change), ErrorCode::kConflict, "version");
    EXPECT_ERROR(tenant->Meetings().UpdateMeeting(domain::MeetingId{first->id.value() + 1000}, 2, change),
                 ErrorCode::kNotFound, "meeting_id");
    EXPECT_ERROR(tenant->Meetings().GetMeeting(domain::MeetingId{first->id.value() + 1000}), ErrorCode::kNotFound,
                 "meeting_id");
    // A refused update (a person of another municipality on the agenda) leaves the meeting as it was.
    auto b_person = AddPerson(world.b_user, "山本", "次郎");
    auto foreign = change;
    foreign.agenda.push_back(
        domain::AgendaItem{.id = 0, .person_id = b_person.id, .household_id = std::nullopt, .shared_summary = ""});
    foreign.minutes = "書き換え";
    EXPECT_ERROR(tenant->Meetings().UpdateMeeting(first->id, 2, foreign), ErrorCode::kNotFound, "agenda");
    auto unchanged = tenant->Meetings().GetMeeting(first->id);
    EXPECT_EQ(unchanged->version, 2);
    EXPECT_EQ(unchanged->minutes, "訪問の結果を共有した");
    EXPECT_EQ(unchanged->agenda.size(), 1u);
}

TEST_P(SharingContractTest, MeetingReferencesStayInsideTheMunicipality) {
    auto world = MakeWorld();
    auto a = store_->Tenant(world.a.id);
    auto b = store_->Tenant(world.b.id);
    auto body = a->Meetings().CreateBody(MakeBody({})).value();
    auto b_body = b->Meetings().CreateBody(MakeBody({})).value();
    auto person = AddPerson(world.a_user, "佐藤", "花子");
    auto b_person = AddPerson(world.b_user, "山本", "次郎");

    EXPECT_ERROR(a->Meetings().CreateMeeting(MakeMeeting(world.a_user, b_body.id, Day(2024, 6, 3), {person.id})),
                 ErrorCode::kNotFound, "body_id");
    EXPECT_ERROR(a->Meetings().CreateMeeting(MakeMeeting(world.a_user, body.id, Day(2024, 6, 3), {b_person.id})),
                 ErrorCode::kNotFound, "agenda");
    auto foreign_household = MakeMeeting(world.a_user, body.id, Day(2024, 6, 3), {person.id});
    foreign_household.agenda[0].household_id = domain::HouseholdId{424242};
    EXPECT_ERROR(a->Meetings().CreateMeeting(foreign_household), ErrorCode::kNotFound, "agenda");
    auto foreign_attendee = MakeMeeting(world.a_user, body.id, Day(2024, 6, 3), {person.id});
    foreign_attendee.attendees.push_back(
        domain::Attendee{.user_id = world.b_user.id, .name = "湯梨浜 太郎", .organization_id = world.a_org.id});
    EXPECT_ERROR(a->Meetings().CreateMeeting(foreign_attendee), ErrorCode::kNotFound, "attendees");
    auto foreign_organization = MakeMeeting(world.a_user, body.id, Day(2024, 6, 3), {person.id});
    foreign_organization.attendees.push_back(
        domain::Attendee{.user_id = std::nullopt, .name = "湯梨浜 太郎", .organization_id = world.b_org.id});
    EXPECT_ERROR(a->Meetings().CreateMeeting(foreign_organization), ErrorCode::kNotFound, "attendees");
    EXPECT_ERROR(a->Meetings().CreateMeeting(MakeMeeting(world.b_user, body.id, Day(2024, 6, 3), {person.id})),
                 ErrorCode::kNotFound, "convenor_user_id");
    EXPECT_TRUE(a->Meetings().ListMeetings(std::nullopt)->empty());
}

TEST_P(SharingContractTest, EmergencyAccessesListNewestFirstAndAreAcknowledgedOnce) {
    auto world = MakeWorld();
    auto tenant = store_->Tenant(world.a.id);
    auto person = AddPerson(world.a_user, "佐藤", "花子");
    auto admin = tenant->Users()
                     .Create(NewUser{.organization_id = world.a_org.id,
                                     .username = "a-admin",
                                     .display_name = "管理 者",
                                     .roles = {Role::kMunicipalAdministrator},
                                     .password_hash = "h"},
                             At(2024, 4, 1))
                     .value();
    auto first = tenant->EmergencyAccesses().Create(MakeEmergency(world.a_user, person.id, At(2024, 6, 1, 10)));
    ASSERT_OK(first);
    EXPECT_GT(first->id, 0);
    EXPECT_EQ(first->municipality_id, world.a.id);
    EXPECT_EQ(first->person_id, person.id);
    EXPECT_EQ(first->user_id, world.a_user.id);
    EXPECT_EQ(first->organization_id, world.a_org.id);
    EXPECT_EQ(first->reason, "安否確認のため");
    EXPECT_EQ(first->granted_at, At(2024, 6, 1, 10));
    EXPECT_EQ(first->expires_at, At(2024, 6, 1, 12));
    EXPECT_FALSE(first->acknowledged_by.has_value());
    auto second = tenant->EmergencyAccesses().Create(MakeEmergency(world.a_user, person.id, At(2024, 6, 2, 10)));
    ASSERT_OK(second);

    EXPECT_EQ(Ids(*tenant->EmergencyAccesses().List(AlertListing::kAll, 10)),
              (std::vector<std::int64_t>{second->id, first->id}));
    EXPECT_EQ(Ids(*tenant->EmergencyAccesses().List(AlertListing::kAll, 1)), std::vector<std::int64_t>{second->id});
    EXPECT_ERROR(tenant->EmergencyAccesses().List(AlertListing::kAll, -1), ErrorCode::kInvalidArgument, "limit");

    auto acknowledged = tenant->EmergencyAccesses().Acknowledge(second->id, admin.id);
    ASSERT_OK(acknowledged);
    EXPECT_EQ(acknowledged->acknowledged_by, admin.id);
    EXPECT_EQ(Ids(*tenant->EmergencyAccesses().List(AlertListing::kUnacknowledgedOnly, 10)),
              std::vector<std::int64_t>{first->id});
    EXPECT_EQ(tenant->EmergencyAccesses().List(AlertListing::kAll, 10)->front().acknowledged_by, admin.id);
    EXPECT_ERROR(tenant->EmergencyAccesses().Acknowledge(second->id, world.a_user.id), ErrorCode::kConflict,
                 "acknowledged_by");
    EXPECT_ERROR(tenant->EmergencyAccesses().Acknowledge(first->id, world.b_user.id), ErrorCode::kNotFound,
                 "administrator_id");
    EXPECT_ERROR(tenant->EmergencyAccesses().Acknowledge(first->id + 1000, admin.id), ErrorCode::kNotFound,
                 "emergency_access_id");

    auto b_person = AddPerson(world.b_user, "山本", "次郎");
    EXPECT_ERROR(tenant->EmergencyAccesses().Create(MakeEmergency(world.a_user, b_person.id, At(2024, 6, 3))),
                 ErrorCode::kNotFound, "person_id");
    auto foreign_user = MakeEmergency(world.b_user, person.id, At(2024, 6, 3));
    foreign_user.organization_id = world.a_org.id;
    EXPECT_ERROR(tenant->EmergencyAccesses().Create(foreign_user), ErrorCode::kNotFound, "user_id");
    auto foreign_organization = MakeEmergency(world.a_user, person.id, At(2024, 6, 3));
    foreign_organization.organization_id = world.b_org.id;
    EXPECT_ERROR(tenant->EmergencyAccesses().Create(foreign_organization), ErrorCode::kNotFound, "organization_id");
    auto backwards = MakeEmergency(world.a_user, person.id, At(2024, 6, 3));
    backwards.expires_at = backwards.granted_at - minutes{1};
    EXPECT_ERROR(tenant->EmergencyAccesses().Create(backwards), ErrorCode::kInvalidArgument, "expires_at");
    EXPECT_EQ(tenant->EmergencyAccesses().List(AlertListing::kAll, 10)->size(), 2u);

    // The acknowledgement is the administrators' alerts' one mechanism: the same rows, by kind and subject.
    auto& alerts = tenant->AlertAcknowledgements();
    auto emergencies = alerts.List(domain::AlertKind::kEmergencyAccess);
    ASSERT_OK(emergencies);
    EXPECT_EQ(*emergencies, (std::map<std::int64_t, UserId>{{second->id, admin.id}}));
    // Acknowledging an emergency through it shows on the emergency access.
    ASSERT_OK(alerts.Acknowledge(domain::AlertKind::kEmergencyAccess, first->id, admin.id));
    EXPECT_TRUE(tenant->EmergencyAccesses().List(AlertListing::kUnacknowledgedOnly, 10)->empty());
    // Another kind with the same subject id is another alert; the first reviewer stays; users of B are unknown.
    auto dv = alerts.List(domain::AlertKind::kDvProtectionRemoved);
    ASSERT_OK(dv);
    EXPECT_TRUE(dv->empty());
    ASSERT_OK(alerts.Acknowledge(domain::AlertKind::kDvProtectionRemoved, first->id, admin.id));
    EXPECT_ERROR(alerts.Acknowledge(domain::AlertKind::kDvProtectionRemoved, first->id, world.a_user.id),
                 ErrorCode::kConflict, "acknowledged_by");
    EXPECT_ERROR(alerts.Acknowledge(domain::AlertKind::kDvProtectionRemoved, 77, world.b_user.id), ErrorCode::kNotFound,
                 "administrator_id");
    EXPECT_EQ(*alerts.List(domain::AlertKind::kDvProtectionRemoved),
              (std::map<std::int64_t, UserId>{{first->id, admin.id}}));
    // Municipality B sees none of A's acknowledgements.
    auto b_alerts = store_->Tenant(world.b.id)->AlertAcknowledgements().List(domain::AlertKind::kDvProtectionRemoved);
    ASSERT_OK(b_alerts);
    EXPECT_TRUE(b_alerts->empty());
}

TEST_P(SharingContractTest, TenantBCannotReachSharingRowsOfA) {
    auto world = MakeWorld();
    auto a = store_->Tenant(world.a.id);
    auto b = store_->Tenant(world.b.id);
    auto person = AddPerson(world.a_user, "佐藤", "花子");
    auto body = a->Meetings().CreateBody(MakeBody({})).value();
    auto consent = a->Consents()
                       .Create(MakeConsent(world.a_user, person.id, {world.a_org.id}, {body.id}, Day(2024, 5, 1)))
                       .value();
    auto meeting =
        a->Meetings().CreateMeeting(MakeMeeting(world.a_user, body.id, Day(2024, 6, 3), {person.id})).value();
    auto emergency = a->EmergencyAccesses().Create(MakeEmergency(world.a_user, person.id, At(2024, 6, 1))).value();

    EXPECT_ERROR(b->Consents().Get(consent.id), ErrorCode::kNotFound, "consent_id");
    EXPECT_TRUE(b->Consents().OfPersons({person.id})->empty());
    EXPECT_ERROR(b->Consents().Withdraw(consent.id, At(2024, 7, 1)), ErrorCode::kNotFound, "consent_id");
    EXPECT_ERROR(b->Meetings().GetBody(body.id), ErrorCode::kNotFound, "body_id");
    EXPECT_TRUE(b->Meetings().ListBodies()->empty());
    EXPECT_ERROR(b->Meetings().UpdateBody(body.id, 1, body), ErrorCode::kNotFound, "body_id");
    EXPECT_ERROR(b->Meetings().GetMeeting(meeting.id), ErrorCode::kNotFound, "meeting_id");
    EXPECT_TRUE(b->Meetings().ListMeetings(std::nullopt)->empty());
    EXPECT_TRUE(b->Meetings().ListMeetings(body.id)->empty());
    EXPECT_TRUE(b->Meetings().OfPersons({person.id})->empty());
    EXPECT_ERROR(b->Meetings().UpdateMeeting(meeting.id, 1, meeting), ErrorCode::kNotFound, "meeting_id");
    EXPECT_TRUE(b->EmergencyAccesses().List(AlertListing::kAll, 10)->empty());
    EXPECT_ERROR(b->EmergencyAccesses().Acknowledge(emergency.id, world.b_user.id), ErrorCode::kNotFound,
                 "emergency_access_id");
    // A's rows are untouched by B's attempts.
    EXPECT_FALSE(a->Consents().Get(consent.id)->withdrawn_at.has_value());
    EXPECT_EQ(a->Meetings().GetBody(body.id)->version, 1);
    EXPECT_EQ(a->Meetings().GetMeeting(meeting.id)->version, 1);
    EXPECT_FALSE(a->EmergencyAccesses().List(AlertListing::kAll, 10)->front().acknowledged_by.has_value());
}

TEST_P(SharingContractTest, AccessFactsGatherConsentsMeetingsAndEmergenciesOfTheIdentityGroup) {
    auto world = MakeWorld();
    auto tenant = store_->Tenant(world.a.id);
    auto houkatsu = tenant->Organizations().Create(OrganizationKind::kMunicipalDivision, "地域包括").value();
    auto npo = tenant->Organizations().Create(OrganizationKind::kMunicipalDivision, "NPO法人").value();
    auto person = AddPerson(world.a_user, "佐藤", "花子");
    auto duplicate = AddPerson(world.a_user, "佐藤", "ハナコ");
    auto stranger = AddPerson(world.a_user, "鈴木", "一郎");
    auto body =
        tenant->Meetings()
            .CreateBody(MakeBody(
                {domain::BodyMember{
                     .organization_id = houkatsu.id, .pledge_signed_on = Day(2024, 4, 1), .left_on = std::nullopt},
                 domain::BodyMember{
                     .organization_id = npo.id, .pledge_signed_on = Day(2024, 4, 2), .left_on = Day(2024, 9, 30)}},
                std::nullopt,
                {domain::NamedMember{.user_id = world.a_user.id,
                                     .organization_id = houkatsu.id,
                                     .pledge_signed_on = Day(2024, 4, 3),
                                     .left_on = Day(2025, 3, 31)}}))
            .value();
    // The pledges of persons come back as they were written.
    ASSERT_EQ(body.named_members.size(), 1u);
    EXPECT_EQ(body.named_members[0].user_id, world.a_user.id);
    EXPECT_EQ(body.named_members[0].organization_id, houkatsu.id);
    EXPECT_EQ(body.named_members[0].pledge_signed_on, Day(2024, 4, 3));
    EXPECT_EQ(body.named_members[0].left_on, Day(2025, 3, 31));
    auto empty_body = MakeBody({});
    empty_body.legal_basis = domain::LegalBasis::kMultilayerMeeting;
    empty_body.shares_without_consent = false;
    empty_body.sharing_days = 30;
    auto multilayer = tenant->Meetings().CreateBody(empty_body).value();

    // Everything recorded under the duplicate record, plus one consent under the person's own record.
    auto own_consent =
        tenant->Consents().Create(MakeConsent(world.a_user, person.id, {houkatsu.id}, {}, Day(2024, 5, 1))).value();
    auto duplicate_consent =
        tenant->Consents()
            .Create(MakeConsent(world.a_user, duplicate.id, {npo.id, houkatsu.id}, {body.id}, Day(2024, 5, 2)))
            .value();
    ASSERT_OK(tenant->Consents().Withdraw(duplicate_consent.id, At(2024, 8, 1)));
    ASSERT_OK(tenant->Consents().Create(MakeConsent(world.a_user, stranger.id, {npo.id}, {}, Day(2024, 5, 3))));
    // Both records on one meeting's agenda: the meeting is one fact.
    auto meeting = tenant->Meetings()
                       .CreateMeeting(MakeMeeting(world.a_user, body.id, Day(2024, 6, 3), {duplicate.id, person.id}))
                       .value();
    auto later = tenant->Meetings()
                     .CreateMeeting(MakeMeeting(world.a_user, multilayer.id, Day(2024, 7, 3), {duplicate.id}))
                     .value();
    ASSERT_OK(tenant->Meetings().CreateMeeting(MakeMeeting(world.a_user, body.id, Day(2024, 7, 9), {stranger.id})));
    auto emergency =
        tenant->EmergencyAccesses().Create(MakeEmergency(world.a_user, duplicate.id, At(2024, 6, 1, 10))).value();
    ASSERT_OK(tenant->EmergencyAccesses().Create(MakeEmergency(world.a_user, stranger.id, At(2024, 6, 1, 11))));

    // Before the merge only the person's own rows count.
    auto facts = tenant->Persons().AccessFacts(person.id);
    ASSERT_OK(facts);
    ASSERT_EQ(facts->consents.size(), 1u);
    EXPECT_EQ(facts->consents[0].consent_id, own_consent.id);
    ASSERT_EQ(facts->meetings.size(), 1u);
    EXPECT_EQ(facts->meetings[0].meeting_id, meeting.id);
    EXPECT_TRUE(facts->emergencies.empty());

    ASSERT_OK(tenant->Persons().Merge(person.id, duplicate.id, world.a_user.id, At(2024, 9, 1)));
    for (domain::PersonId asked : {person.id, duplicate.id}) {
        facts = tenant->Persons().AccessFacts(asked);
        ASSERT_OK(facts);
        ASSERT_EQ(facts->consents.size(), 2u);
        EXPECT_EQ(facts->consents[0].consent_id, own_consent.id);
        EXPECT_EQ(facts->consents[0].organizations, std::vector<OrganizationId>{houkatsu.id});
        EXPECT_TRUE(facts->consents[0].bodies.empty());
        EXPECT_EQ(facts->consents[0].given_on, Day(2024, 5, 1));
        EXPECT_EQ(facts->consents[0].expires_on, Day(2025, 3, 31));
        EXPECT_FALSE(facts->consents[0].withdrawn_at.has_value());
        EXPECT_EQ(facts->consents[1].consent_id, duplicate_consent.id);
        EXPECT_EQ(facts->consents[1].organizations, (std::vector<OrganizationId>{houkatsu.id, npo.id}));
        EXPECT_EQ(facts->consents[1].bodies, std::vector<domain::MeetingBodyId>{body.id});
        EXPECT_EQ(facts->consents[1].withdrawn_at, At(2024, 8, 1));

        ASSERT_EQ(facts->meetings.size(), 2u);
        const domain::MeetingFact& first = facts->meetings[0];
        EXPECT_EQ(first.meeting_id, meeting.id);
        EXPECT_EQ(first.body_id, body.id);
        EXPECT_EQ(first.legal_basis, domain::LegalBasis::kArticle106_6);
        EXPECT_TRUE(first.shares_without_consent);
        EXPECT_EQ(first.sharing_days, 90);
        EXPECT_EQ(first.held_on, Day(2024, 6, 3));
        EXPECT_EQ(first.convenor_user_id, world.a_user.id);
        EXPECT_EQ(first.attendee_user_ids, std::vector<UserId>{world.a_user.id});
        ASSERT_EQ(first.named_members.size(), 1u);
        EXPECT_EQ(first.named_members[0].user_id, world.a_user.id);
        EXPECT_EQ(first.named_members[0].organization_id, houkatsu.id);
        EXPECT_EQ(first.named_members[0].pledge_signed_on, Day(2024, 4, 3));
        EXPECT_EQ(first.named_members[0].left_on, Day(2025, 3, 31));
        const domain::MeetingFact& second = facts->meetings[1];
        EXPECT_EQ(second.meeting_id, later.id);
        EXPECT_EQ(second.legal_basis, domain::LegalBasis::kMultilayerMeeting);
        EXPECT_FALSE(second.shares_without_consent);
        EXPECT_EQ(second.sharing_days, 30);
        EXPECT_EQ(second.held_on, Day(2024, 7, 3));
        EXPECT_TRUE(second.named_members.empty());

        ASSERT_EQ(facts->emergencies.size(), 1u);
        EXPECT_EQ(facts->emergencies[0].id, emergency.id);
        EXPECT_EQ(facts->emergencies[0].user_id, world.a_user.id);
        EXPECT_EQ(facts->emergencies[0].expires_at, At(2024, 6, 1, 12));
        EXPECT_TRUE(facts->case_teams.empty());
    }
    // The other municipality learns nothing.
    EXPECT_ERROR(store_->Tenant(world.b.id)->Persons().AccessFacts(person.id), ErrorCode::kNotFound, "person_id");
}

std::string FormatDate(domain::Date date) {
    return std::to_string(static_cast<int>(date.year())) + "-" + std::to_string(static_cast<unsigned>(date.month())) +
           "-" + std::to_string(static_cast<unsigned>(date.day()));
}

// Every field of a person's access facts, in order, so that two reads can be compared with a readable difference.
std::string DescribeFacts(const domain::PersonAccessFacts& facts) {
    std::string text = "person " + std::to_string(facts.person_id) + (facts.dv_protected ? " dv" : "");
    const auto list = [&]<class T>(const char* name, const std::vector<T>& values) {
        text += std::string("\n") + name + ":";
        for (const T value : values) text += " " + std::to_string(value);
    };
    list("dv_named_staff", facts.dv_named_staff);
    list("recording_organizations", facts.recording_organizations);
    list("recording_users", facts.recording_users);
    for (const auto& referral : facts.referrals) {
        text += "\nreferral " + std::to_string(referral.referral_id) + " " +
                std::to_string(referral.from_organization_id) + "->" + std::to_string(referral.to_organization_id) +
                " " + std::string(domain::ReferralStatusCode(referral.status));
    }
    for (const auto& consent : facts.consents) {
        text += "\nconsent " + std::to_string(consent.consent_id) + " given " + FormatDate(consent.given_on) +
                " expires " + (consent.expires_on ? FormatDate(*consent.expires_on) : "-") + " withdrawn " +
                (consent.withdrawn_at ? FormatIso8601(*consent.withdrawn_at) : "-");
        list(" organizations", consent.organizations);
        list(" bodies", consent.bodies);
    }
    for (const auto& meeting : facts.meetings) {
        text += "\nmeeting " + std::to_string(meeting.meeting_id) + " body " + std::to_string(meeting.body_id) + " " +
                std::string(domain::LegalBasisCode(meeting.legal_basis)) +
                (meeting.shares_without_consent ? " shares" : "") + " days " + std::to_string(meeting.sharing_days) +
                " held " + FormatDate(meeting.held_on);
        text += " convenor " + std::to_string(meeting.convenor_user_id);
        list(" attendees", meeting.attendee_user_ids);
        for (const auto& member : meeting.named_members) {
            text += "\n member " + std::to_string(member.user_id) + "@" + std::to_string(member.organization_id) + " " +
                    FormatDate(member.pledge_signed_on) + " " + (member.left_on ? FormatDate(*member.left_on) : "-");
        }
    }
    for (const auto& emergency : facts.emergencies) {
        text += "\nemergency " + std::to_string(emergency.id) + " user " + std::to_string(emergency.user_id) + " " +
                FormatIso8601(emergency.expires_at);
    }
    for (const auto& team : facts.case_teams) {
        text += "\ncase " + std::to_string(team.case_id) + " organization " + std::to_string(team.organization_id) +
                (team.active ? " active" : " inactive") + " body " +
                (team.agreed_body_id ? std::to_string(*team.agreed_body_id) : "-");
    }
    return text;
}

// AccessFactsOfMany reads everyone's facts in one go: each entry must be exactly what AccessFacts says of that
// person alone, nothing of the other persons in the batch may leak into it, and unknown ids are skipped.
TEST_P(SharingContractTest, AccessFactsOfManyEqualAccessFactsOfEachPerson) {
    auto world = MakeWorld();
    auto tenant = store_->Tenant(world.a.id);
    auto houkatsu = tenant->Organizations().Create(OrganizationKind::kMunicipalDivision, "地域包括").value();
    auto npo = tenant->Organizations().Create(OrganizationKind::kMunicipalDivision, "NPO法人").value();
    auto shakyo = tenant->Organizations().Create(OrganizationKind::kSocialWelfareCouncil, "社協").value();
    auto make_user = [&](const domain::Organization& organization, const std::string& name) {
        return tenant->Users()
            .Create(NewUser{.organization_id = organization.id,
                            .username = name,
                            .display_name = name,
                            .roles = {Role::kCaseworker},
                            .password_hash = "h"},
                    At(2024, 4, 1))
            .value();
    };
    auto houkatsu_user = make_user(houkatsu, "houkatsu");
    auto npo_user = make_user(npo, "npo");
    auto person = AddPerson(world.a_user, "佐藤", "花子");
    auto duplicate = AddPerson(houkatsu_user, "佐藤", "ハナコ");
    auto older_duplicate = AddPerson(npo_user, "さとう", "はなこ");
    auto stranger = AddPerson(world.a_user, "鈴木", "一郎");
    auto neighbour = AddPerson(npo_user, "鈴木", "次郎");
    auto bare = AddPerson(world.a_user, "田中", "三郎");
    auto foreign = AddPerson(world.b_user, "山本", "次郎");

    // A chain of two merges: the older duplicate into the duplicate, the duplicate into the person.
    ASSERT_OK(tenant->Persons().Merge(duplicate.id, older_duplicate.id, world.a_user.id, At(2024, 5, 20)));
    ASSERT_OK(tenant->Persons().Merge(person.id, duplicate.id, world.a_user.id, At(2024, 5, 21)));
    // Consultations and referrals under each record.
    auto consultation = MakeConsultation(houkatsu_user, person.id, {MakeContact(houkatsu_user, At(2024, 5, 1))});
    consultation.contacts.push_back(MakeContact(npo_user, At(2024, 5, 2)));
    ASSERT_OK(tenant->Consultations().Create(consultation));
    ASSERT_OK(tenant->Consultations().Create(
        MakeConsultation(npo_user, older_duplicate.id, {MakeContact(npo_user, At(2024, 5, 3))})));
    ASSERT_OK(tenant->Consultations().Create(
        MakeConsultation(world.a_user, stranger.id, {MakeContact(houkatsu_user, At(2024, 5, 4))})));
    ASSERT_OK(tenant->Referrals().Create(MakeReferral(world.a_user, older_duplicate.id, shakyo.id, At(2024, 5, 5))));
    ASSERT_OK(tenant->Referrals().Create(MakeReferral(world.a_user, stranger.id, npo.id, At(2024, 5, 6))));
    // Consents, meetings and emergency accesses.
    auto body =
        tenant->Meetings()
            .CreateBody(MakeBody(
                {domain::BodyMember{
                     .organization_id = houkatsu.id, .pledge_signed_on = Day(2024, 4, 1), .left_on = std::nullopt},
                 domain::BodyMember{
                     .organization_id = npo.id, .pledge_signed_on = Day(2024, 4, 2), .left_on = Day(2024, 9, 30)}}))
            .value();
    ASSERT_OK(tenant->Consents().Create(MakeConsent(world.a_user, person.id, {houkatsu.id}, {}, Day(2024, 5, 1))));
    auto withdrawn = tenant->Consents().Create(
        MakeConsent(world.a_user, older_duplicate.id, {npo.id, houkatsu.id}, {body.id}, Day(2024, 5, 2)));
    ASSERT_OK(withdrawn);
    ASSERT_OK(tenant->Consents().Withdraw(withdrawn->id, At(2024, 8, 1)));
    ASSERT_OK(tenant->Consents().Create(MakeConsent(world.a_user, stranger.id, {npo.id}, {body.id}, Day(2024, 5, 3))));
    auto shared = tenant->Meetings().CreateMeeting(
        MakeMeeting(world.a_user, body.id, Day(2024, 6, 3), {duplicate.id, stranger.id, person.id}));
    ASSERT_OK(shared);
    ASSERT_OK(tenant->Meetings().CreateMeeting(MakeMeeting(world.a_user, body.id, Day(2024, 7, 9), {stranger.id})));
    ASSERT_OK(tenant->EmergencyAccesses().Create(MakeEmergency(world.a_user, older_duplicate.id, At(2024, 6, 1, 10))));
    ASSERT_OK(tenant->EmergencyAccesses().Create(MakeEmergency(npo_user, stranger.id, At(2024, 6, 1, 11))));
    // DV: the stranger is protected, with named staff.
    auto data = stranger.data;
    data.dv_protected = true;
    ASSERT_OK(tenant->Persons().Update(stranger.id, 1, data, At(2024, 6, 2), KeysFor("鈴木一郎", "")));
    ASSERT_OK(tenant->Persons().SetDvNamedStaff(stranger.id, {npo_user.id, houkatsu_user.id}));
    // 多機関協働: a case about the stranger's household, where the neighbour is a current member and the bare person
    // has moved out, with the NPO on its team; and a closed case about the duplicate.
    domain::Household household;
    household.name = "鈴木家";
    household.created_by_organization_id = world.a_org.id;
    household.created_at = At(2024, 5, 1);
    const auto member = [](domain::PersonId person_id, bool is_head, std::optional<domain::Date> moved_out) {
        return domain::HouseholdMember{
            .id = 0,
            .person_id = person_id,
            .relationship = is_head ? domain::Relationship::kHead : domain::Relationship::kChild,
            .is_head = is_head,
            .moved_in = std::nullopt,
            .moved_out = moved_out,
            .moved_out_reason = moved_out ? "転居" : ""};
    };
    household.members = {member(stranger.id, true, std::nullopt), member(neighbour.id, false, std::nullopt),
                         member(bare.id, false, Day(2024, 5, 2))};
    auto home = tenant->Households().Create(household);
    ASSERT_OK(home);
    const auto make_case = [&](domain::PersonId person_id, std::optional<domain::HouseholdId> household_id,
                               domain::CaseStatus status) {
        domain::SupportCase support_case;
        support_case.person_id = person_id;
        support_case.household_id = household_id;
        support_case.title = "8050世帯";
        support_case.lead_organization_id = world.a_org.id;
        support_case.coordinator_user_id = world.a_user.id;
        support_case.status = status;
        support_case.programs = {domain::ProgramStatus{.program = domain::Program::kCollaboration,
                                                       .status = status,
                                                       .started_on = Day(2024, 5, 1),
                                                       .ended_on = std::nullopt,
                                                       .end_reason = "",
                                                       .carried_on_by = std::nullopt}};
        support_case.opened_on = Day(2024, 5, 1);
        support_case.team = {domain::TeamMember{.id = 0,
                                                .organization_id = npo.id,
                                                .role = "就労の相談",
                                                .agreed_on = Day(2024, 5, 1),
                                                .agreed_at_meeting_id = shared->id,
                                                .left_on = std::nullopt}};
        support_case.created_by = world.a_user.id;
        support_case.created_at = At(2024, 5, 1, 1);
        support_case.updated_at = support_case.created_at;
        return tenant->Cases().Create(support_case);
    };
    ASSERT_OK(make_case(stranger.id, home->id, domain::CaseStatus::kAssessment));
    ASSERT_OK(make_case(duplicate.id, std::nullopt, domain::CaseStatus::kAssessment));

    const domain::PersonId unknown = domain::PersonId{bare.id.value() + 1000};
    const std::vector<domain::PersonId> ids{stranger.id, older_duplicate.id, foreign.id,   person.id,  unknown,
                                            bare.id,     neighbour.id,       duplicate.id, stranger.id};
    auto many = tenant->Persons().AccessFactsOfMany(ids);
    ASSERT_OK(many);
    const std::vector<domain::PersonId> expected_order{stranger.id,  older_duplicate.id, person.id,  bare.id,
                                                       neighbour.id, duplicate.id,       stranger.id};
    ASSERT_EQ(many->size(), expected_order.size());
    for (std::size_t i = 0; i < expected_order.size(); ++i) {
        EXPECT_EQ((*many)[i].person_id, expected_order[i]);
        auto one = tenant->Persons().AccessFacts(expected_order[i]);
        ASSERT_OK(one);
        EXPECT_EQ(DescribeFacts((*many)[i]), DescribeFacts(*one)) << "person " << expected_order[i];
    }
    // What the facts say, so that the comparison above cannot pass on two equally wrong reads.
    const auto& of_stranger = (*many)[0];
    EXPECT_TRUE(of_stranger.dv_protected);
    EXPECT_EQ(of_stranger.dv_named_staff, (std::vector<UserId>{houkatsu_user.id, npo_user.id}));
    EXPECT_EQ(of_stranger.recording_organizations, (std::vector<OrganizationId>{world.a_org.id, houkatsu.id}));
    EXPECT_EQ(of_stranger.referrals.size(), 1u);
    EXPECT_EQ(of_stranger.consents.size(), 1u);
    EXPECT_EQ(of_stranger.meetings.size(), 2u);
    EXPECT_EQ(of_stranger.emergencies.size(), 1u);
    EXPECT_EQ(of_stranger.case_teams.size(), 2u);  // the lead and the NPO
    const auto& of_group = (*many)[1];             // asked through the oldest record of the group
    EXPECT_FALSE(of_group.dv_protected);
    EXPECT_TRUE(of_group.dv_named_staff.empty());
    EXPECT_EQ(of_group.recording_organizations, (std::vector<OrganizationId>{world.a_org.id, houkatsu.id, npo.id}));
    ASSERT_EQ(of_group.referrals.size(), 1u);
    EXPECT_EQ(of_group.referrals[0].to_organization_id, shakyo.id);
    EXPECT_EQ(of_group.consents.size(), 2u);
    ASSERT_EQ(of_group.meetings.size(), 1u);
    EXPECT_EQ(of_group.meetings[0].meeting_id, shared->id);
    EXPECT_EQ(of_group.emergencies.size(), 1u);
    EXPECT_EQ(of_group.case_teams.size(), 2u);
    EXPECT_EQ(DescribeFacts((*many)[2]).substr(DescribeFacts((*many)[2]).find('\n')),
              DescribeFacts(of_group).substr(DescribeFacts(of_group).find('\n')));  // the survivor: the same group
    const auto& of_bare = (*many)[3];  // moved out of the household: not on its case
    EXPECT_EQ(of_bare.recording_organizations, std::vector<OrganizationId>{world.a_org.id});
    EXPECT_TRUE(of_bare.referrals.empty() && of_bare.consents.empty() && of_bare.meetings.empty() &&
                of_bare.emergencies.empty() && of_bare.case_teams.empty());
    EXPECT_EQ((*many)[4].case_teams.size(), 2u);  // the neighbour: a current member of the case's household

    EXPECT_TRUE(tenant->Persons().AccessFactsOfMany({})->empty());
    EXPECT_TRUE(tenant->Persons().AccessFactsOfMany({unknown, foreign.id})->empty());
    EXPECT_ERROR(tenant->Persons().AccessFacts(unknown), ErrorCode::kNotFound, "person_id");
    // The other municipality learns nothing of A's persons.
    EXPECT_TRUE(store_->Tenant(world.b.id)->Persons().AccessFactsOfMany({person.id, stranger.id})->empty());
}

// The worker's desk (domain/desk_repositories.hpp): each query returns only what the caller's scope names — the
// user's own open consultations, the organisation's unanswered referrals, the meetings the user convened, attended or
// is named for, the consents naming the organisation or recorded by it — within the dates asked, and nothing of
// another municipality.
TEST_P(SharingContractTest, DeskQueriesAreScopedToTheCaller) {
    auto world = MakeWorld();
    auto tenant = store_->Tenant(world.a.id);
    auto shakyo = tenant->Organizations().Create(OrganizationKind::kSocialWelfareCouncil, "社協").value();
    auto shakyo_user = tenant->Users()
                           .Create(NewUser{.organization_id = shakyo.id,
                                           .username = "desk-shakyo",
                                           .display_name = "社協 一郎",
                                           .roles = {Role::kCaseworker},
                                           .password_hash = "hash-s"},
                                   At(2024, 4, 1, 9))
                           .value();
    auto volunteer = tenant->Users()
                         .Create(NewUser{.organization_id = world.a_org.id,
                                         .username = "desk-volunteer",
                                         .display_name = "民生 委員",
                                         .roles = {Role::kWelfareVolunteer},
                                         .password_hash = "hash-v"},
                                 At(2024, 4, 1, 9))
                         .value();
    auto person = AddPerson(world.a_user, "山田", "一郎");

    // Consultations received by a_user: open with a next contact on 5/1, open without one, closed, cancelled.
    const auto consult = [&](const User& staff, int day) {
        return tenant->Consultations()
            .Create(MakeConsultation(staff, person.id, {MakeContact(staff, At(2024, 4, day, 10))}))
            .value();
    };
    const auto update = [&](domain::Consultation consultation) {
        ASSERT_OK(tenant->Consultations().Update(consultation, consultation.version, std::nullopt));
    };
    auto due = consult(world.a_user, 1);
    due.next_contact_on = Day(2024, 5, 1);
    update(due);
    consult(world.a_user, 2);
    auto closed = consult(world.a_user, 3);
    closed.status = domain::ConsultationStatus::kClosed;
    closed.outcome = domain::Outcome::kInformationProvided;
    closed.next_contact_on = Day(2024, 4, 20);
    update(closed);
    auto cancelled = consult(world.a_user, 4);
    cancelled.next_contact_on = Day(2024, 4, 20);
    cancelled.cancelled = domain::Cancellation{.user_id = world.a_user.id, .at = At(2024, 4, 5), .reason = "誤入力"};
    update(cancelled);
    consult(shakyo_user, 5);

    auto mine = tenant->Desk().OpenConsultations(world.a_user.id, Day(2024, 5, 2));
    ASSERT_OK(mine);
    EXPECT_EQ(mine->open, 2);
    EXPECT_EQ(mine->contact_due, 1);
    auto before_due = tenant->Desk().OpenConsultations(world.a_user.id, Day(2024, 4, 30));
    ASSERT_OK(before_due);
    EXPECT_EQ(before_due->contact_due, 0);
    EXPECT_EQ(tenant->Desk().OpenConsultations(shakyo_user.id, Day(2024, 5, 2)).value().open, 1);
    EXPECT_EQ(tenant->Desk().OpenConsultations(volunteer.id, Day(2024, 5, 2)).value().open, 0);

    // Referrals: 福祉課 → 社協 on 5/1 and 5/10 (unanswered); 社協 → 福祉課 on 5/1, accepted.
    auto first = tenant->Referrals().Create(MakeReferral(world.a_user, person.id, shakyo.id, At(2024, 5, 1))).value();
    auto second = tenant->Referrals().Create(MakeReferral(world.a_user, person.id, shakyo.id, At(2024, 5, 10))).value();
    auto answered =
        tenant->Referrals().Create(MakeReferral(shakyo_user, person.id, world.a_org.id, At(2024, 5, 1))).value();
    ASSERT_OK(tenant->Referrals().Transition(answered.id, answered.version,
                                             domain::ReferralEvent{.status = domain::ReferralStatus::kAccepted,
                                                                   .at = At(2024, 5, 2),
                                                                   .user_id = world.a_user.id,
                                                                   .organization_id = world.a_org.id,
                                                                   .note = ""}));
    using domain::ReferralDirection;
    const auto unanswered = [&](OrganizationId organization, ReferralDirection direction, Instant before, int limit) {
        const auto referrals = tenant->Desk().UnansweredReferrals(organization, direction, before, limit).value();
        std::vector<domain::ReferralId> ids;
        for (const auto& referral : referrals) ids.push_back(referral.id);
        return ids;
    };
    EXPECT_EQ(unanswered(world.a_org.id, ReferralDirection::kOutgoing, At(2024, 5, 5), 10),
              std::vector<domain::ReferralId>{first.id});
    EXPECT_EQ(unanswered(world.a_org.id, ReferralDirection::kOutgoing, At(2024, 5, 10), 10),
              (std::vector<domain::ReferralId>{first.id, second.id}));
    EXPECT_TRUE(unanswered(world.a_org.id, ReferralDirection::kIncoming, At(2024, 6, 1), 10).empty());
    EXPECT_EQ(unanswered(shakyo.id, ReferralDirection::kIncoming, At(2024, 6, 1), 1),
              std::vector<domain::ReferralId>{first.id});
    // Each with what the overdue rule and the desk read of it.
    const auto header =
        tenant->Desk().UnansweredReferrals(shakyo.id, ReferralDirection::kIncoming, At(2024, 6, 1), 1).value().at(0);
    EXPECT_EQ(header.from_organization_id, world.a_org.id);
    EXPECT_EQ(header.to_organization_id, shakyo.id);
    EXPECT_EQ(header.to_user_id, first.to_user_id);
    EXPECT_EQ(header.sent_at, At(2024, 5, 1));

    // Meetings of the week 6/3–6/9: M1 convened by a_user (body naming 社協's user), M2 convened by 社協's user with
    // the 民生委員 attending, M3 the week after.
    auto named_body = tenant->Meetings()
                          .CreateBody(MakeBody({}, std::nullopt,
                                               {domain::NamedMember{.user_id = shakyo_user.id,
                                                                    .organization_id = shakyo.id,
                                                                    .pledge_signed_on = Day(2024, 4, 1),
                                                                    .left_on = std::nullopt}}))
                          .value();
    auto plain_body = tenant->Meetings().CreateBody(MakeBody({})).value();
    auto m1 = tenant->Meetings()
                  .CreateMeeting(MakeMeeting(world.a_user, named_body.id, Day(2024, 6, 3), {person.id}))
                  .value();
    auto m2_input = MakeMeeting(shakyo_user, plain_body.id, Day(2024, 6, 9), {});
    m2_input.attendees.push_back(
        domain::Attendee{.user_id = volunteer.id, .name = "民生 委員", .organization_id = world.a_org.id});
    auto m2 = tenant->Meetings().CreateMeeting(m2_input).value();
    ASSERT_OK(tenant->Meetings().CreateMeeting(MakeMeeting(world.a_user, named_body.id, Day(2024, 6, 10), {})));
    EXPECT_EQ(tenant->Desk().MeetingsOfUser(world.a_user.id, Day(2024, 6, 3), Day(2024, 6, 9)).value(),
              std::vector<domain::MeetingId>{m1.id});
    EXPECT_EQ(tenant->Desk().MeetingsOfUser(shakyo_user.id, Day(2024, 6, 3), Day(2024, 6, 9)).value(),
              (std::vector<domain::MeetingId>{m1.id, m2.id}));
    EXPECT_EQ(tenant->Desk().MeetingsOfUser(volunteer.id, Day(2024, 6, 3), Day(2024, 6, 9)).value(),
              std::vector<domain::MeetingId>{m2.id});

    // Consents expiring in March 2025: one naming 福祉課 (3/31), one recorded by 社協 naming nobody (3/20), one
    // withdrawn, one expiring in April.
    auto ours =
        tenant->Consents().Create(MakeConsent(world.a_user, person.id, {world.a_org.id}, {}, Day(2024, 5, 1))).value();
    auto by_shakyo_input = MakeConsent(shakyo_user, person.id, {}, {}, Day(2024, 5, 1));
    by_shakyo_input.expires_on = Day(2025, 3, 20);
    auto by_shakyo = tenant->Consents().Create(by_shakyo_input).value();
    auto withdrawn =
        tenant->Consents().Create(MakeConsent(world.a_user, person.id, {world.a_org.id}, {}, Day(2024, 5, 1))).value();
    ASSERT_OK(tenant->Consents().Withdraw(withdrawn.id, At(2024, 6, 1)));
    auto later_input = MakeConsent(world.a_user, person.id, {world.a_org.id}, {}, Day(2024, 5, 1));
    later_input.expires_on = Day(2025, 4, 30);
    ASSERT_OK(tenant->Consents().Create(later_input));
    EXPECT_EQ(tenant->Desk().ExpiringConsents(world.a_org.id, Day(2025, 3, 1), Day(2025, 3, 31), 10).value(),
              std::vector<domain::ConsentId>{ours.id});
    EXPECT_EQ(tenant->Desk().ExpiringConsents(shakyo.id, Day(2025, 3, 1), Day(2025, 3, 31), 10).value(),
              std::vector<domain::ConsentId>{by_shakyo.id});

    // Another municipality sees none of it, even asked with these ids.
    auto other = store_->Tenant(world.b.id);
    EXPECT_EQ(other->Desk().OpenConsultations(world.a_user.id, Day(2024, 5, 2)).value().open, 0);
    EXPECT_TRUE(
        other->Desk().UnansweredReferrals(world.a_org.id, ReferralDirection::kOutgoing, At(2024, 6, 1), 10)->empty());
    EXPECT_TRUE(other->Desk().MeetingsOfUser(world.a_user.id, Day(2024, 6, 3), Day(2024, 6, 9))->empty());
    EXPECT_TRUE(other->Desk().ExpiringConsents(world.a_org.id, Day(2025, 3, 1), Day(2025, 3, 31), 10)->empty());
}

// Person search within what the caller may see (issue 18, item 1), on both databases: a partner finds only the persons
// tied to it — even when the town has far more matches than the candidates a search reads (kCandidateLimit, 400) —
// a 民生委員 only theirs, a municipal division the town; the SQL's reach equals the policy's (WithinReach) for every
// person; one character matches whole family or given names only; and bad input is refused before any read.
TEST_P(SharingContractTest, PersonSearchFindsWhatTheCallerMaySeeWithinReach) {
    auto world = MakeWorld();
    auto tenant = store_->Tenant(world.a.id);
    auto npo = tenant->Organizations().Create(OrganizationKind::kNpo, "NPO法人 よりそい").value();
    auto minjikyo = tenant->Organizations().Create(OrganizationKind::kOther, "民生委員児童委員協議会").value();
    auto make_user = [&](OrganizationId organization, const std::string& name, Role role) {
        return tenant->Users()
            .Create(NewUser{.organization_id = organization,
                            .username = name,
                            .display_name = name,
                            .roles = {role},
                            .password_hash = "h"},
                    At(2024, 4, 1))
            .value();
    };
    const User npo_user = make_user(npo.id, "npo-worker", Role::kCaseworker);
    const User volunteer = make_user(minjikyo.id, "minsei", Role::kWelfareVolunteer);
    const auto create = [&](domain::TenantStore& in, const User& creator, const std::string& family,
                            const std::string& given) -> Result<domain::Person> {
        auto person = NewPerson(creator, family, given);
        return in.Persons().Create(person, domain::PersonService::KeysOf(person.data));
    };
    // 450 佐藤 of the town recorded by 福祉課, all before the partner's: the first 400 postings hold none of its own.
    ASSERT_OK(store_->Transaction([&](Store& transaction) -> Status {
        auto in = transaction.Tenant(world.a.id);
        for (int i = 0; i < 450; ++i) {
            if (auto created = create(*in, world.a_user, "佐藤", "町民" + std::to_string(i)); !created) {
                return Fail(created.error());
            }
        }
        return {};
    }));
    auto add = [&](const User& creator, const std::string& family, const std::string& given) {
        auto created = create(*tenant, creator, family, given);
        EXPECT_TRUE(created.has_value()) << (created ? "" : created.error().message);
        return created.value_or(domain::Person{}).id;
    };
    const domain::PersonId own = add(npo_user, "佐藤", "自分");             // the NPO recorded them
    const domain::PersonId by_contact = add(world.a_user, "佐藤", "連絡");  // the NPO took a contact only
    auto consultation = MakeConsultation(world.a_user, by_contact, {MakeContact(world.a_user, At(2024, 5, 2, 9))});
    consultation.contacts.push_back(MakeContact(npo_user, At(2024, 5, 3, 9)));
    ASSERT_OK(tenant->Consultations().Create(consultation));
    const domain::PersonId referred = add(world.a_user, "佐藤", "紹介");  // an accepted referral to the NPO
    auto referral = tenant->Referrals().Create(MakeReferral(world.a_user, referred, npo.id, At(2024, 5, 1)));
    ASSERT_OK(referral);
    ASSERT_OK(tenant->Referrals().Transition(referral->id, 1,
                                             {.status = domain::ReferralStatus::kAccepted,
                                              .at = At(2024, 5, 2),
                                              .user_id = npo_user.id,
                                              .organization_id = npo.id,
                                              .note = ""}));
    const domain::PersonId pending = add(world.a_user, "佐藤", "保留");  // a sheet still waiting: not found
    ASSERT_OK(tenant->Referrals().Create(MakeReferral(world.a_user, pending, npo.id, At(2024, 5, 1))));
    const domain::PersonId consented = add(world.a_user, "佐藤", "同意");  // a consent naming the NPO
    ASSERT_OK(tenant->Consents().Create(MakeConsent(world.a_user, consented, {npo.id}, {}, Day(2024, 5, 1))));
    const domain::PersonId withdrawn = add(world.a_user, "佐藤", "撤回");  // a consent withdrawn: not found
    auto gone = tenant->Consents().Create(MakeConsent(world.a_user, withdrawn, {npo.id}, {}, Day(2024, 5, 1)));
    ASSERT_OK(gone);
    ASSERT_OK(tenant->Consents().Withdraw(gone->id, At(2024, 5, 20)));
    // On the agenda of a 支援会議 whose body names the NPO's worker under a pledge.
    const domain::PersonId discussed = add(world.a_user, "佐藤", "会議");
    auto body = tenant->Meetings()
                    .CreateBody(MakeBody({}, std::nullopt,
                                         {domain::NamedMember{.user_id = npo_user.id,
                                                              .organization_id = npo.id,
                                                              .pledge_signed_on = Day(2024, 4, 1),
                                                              .left_on = std::nullopt}}))
                    .value();
    ASSERT_OK(tenant->Meetings().CreateMeeting(MakeMeeting(world.a_user, body.id, Day(2024, 5, 30), {discussed})));
    // A record the NPO made, merged into the town's: the survivor is found through it.
    const domain::PersonId survivor = add(world.a_user, "佐藤", "統合");
    const domain::PersonId merged = add(npo_user, "佐藤", "統合前");
    ASSERT_OK(tenant->Persons().Merge(survivor, merged, world.a_user.id, At(2024, 5, 25)));
    // The 民生委員's: one they entered, one whose consultation they received.
    const domain::PersonId entered = add(volunteer, "佐藤", "見守り");
    const domain::PersonId received = add(world.a_user, "佐藤", "訪問");
    ASSERT_OK(tenant->Consultations().Create(
        MakeConsultation(volunteer, received, {MakeContact(volunteer, At(2024, 5, 5, 9))})));
    // One-character names: 林 and 森 as a whole family or given name, and inside longer names.
    const domain::PersonId hayashi = add(world.a_user, "林", "太郎");
    const domain::PersonId given_mori = add(world.a_user, "田中", "森");
    add(world.a_user, "小林", "一郎");
    add(world.a_user, "森田", "花子");
    add(world.a_user, "林田", "次郎");

    ManualClock clock(At(2024, 6, 2, 9));
    domain::AuditRecorder audit(*store_, domain::AuditRecorder::Options{});
    domain::PersonService persons(*store_, clock, audit);
    const auto ids_of = [](const std::vector<domain::PersonSummary>& found) {
        std::vector<domain::PersonId> ids;
        for (const auto& summary : found) ids.push_back(summary.person.id);
        std::sort(ids.begin(), ids.end());
        return ids;
    };
    const auto sorted = [](std::vector<domain::PersonId> ids) {
        std::sort(ids.begin(), ids.end());
        return ids;
    };
    const domain::Actor partner{.principal = domain::Principal{.user = npo_user}};
    const domain::Actor minsei{.principal = domain::Principal{.user = volunteer}};
    const domain::Actor caseworker{.principal = domain::Principal{.user = world.a_user}};

    // The partner finds exactly its own six among 460 佐藤, whatever the page size.
    const std::vector<domain::PersonId> partners = sorted({own, by_contact, referred, consented, discussed, survivor});
    for (const int limit : {20, 200}) {
        auto found = persons.Search(partner, "佐藤", limit);
        ASSERT_OK(found);
        EXPECT_EQ(ids_of(*found), partners) << "limit " << limit;
    }
    auto full_name = persons.Search(partner, "佐藤 紹介", 20);
    ASSERT_OK(full_name);
    EXPECT_EQ(ids_of(*full_name), std::vector<domain::PersonId>{referred});
    auto not_theirs = persons.Search(partner, "佐藤 町民1", 20);
    ASSERT_OK(not_theirs);
    EXPECT_TRUE(not_theirs->empty());
    // The 民生委員 finds only theirs.
    auto minsei_found = persons.Search(minsei, "佐藤", 50);
    ASSERT_OK(minsei_found);
    EXPECT_EQ(ids_of(*minsei_found), sorted({entered, received}));
    // The division finds the town: a full page, at identity level or more.
    auto town = persons.Search(caseworker, "佐藤", 50);
    ASSERT_OK(town);
    EXPECT_EQ(town->size(), 50u);
    // The candidates read grow with the page (five pages, at least 100, at most 400): every page size still fills.
    for (const std::size_t page : {1u, 20u, 200u}) {
        auto paged = persons.Search(caseworker, "佐藤", static_cast<int>(page));
        ASSERT_OK(paged);
        EXPECT_EQ(paged->size(), page) << "limit " << page;
    }
    auto town_pending = persons.Search(caseworker, "佐藤 保留", 20);
    ASSERT_OK(town_pending);
    EXPECT_EQ(ids_of(*town_pending), std::vector<domain::PersonId>{pending});

    // The SQL's reach is the policy's: for every person of the town, found within the reach exactly when
    // WithinReach holds over their access facts.
    auto* source = dynamic_cast<domain::PersonSearchSource*>(tenant.get());
    ASSERT_NE(source, nullptr);
    using Field = domain::PersonRepository::SearchField;
    const std::string sato = domain::PersonService::ExactNameGram('f', "佐藤");
    for (const User& user : {npo_user, volunteer}) {
        const domain::Viewer viewer{domain::Principal{.user = user},
                                    user.id == npo_user.id ? OrganizationKind::kNpo : OrganizationKind::kOther};
        const domain::PersonSearchReach reach = domain::PersonSearchReachOf(viewer);
        auto within = source->PersonSearch().FindByGramsWithin({sato}, Field::kName, reach, 1000);
        ASSERT_OK(within);
        auto every = tenant->Persons().FindByGrams({sato}, Field::kName, 1000);
        ASSERT_OK(every);
        ASSERT_EQ(every->size(), 460u);  // the merged-away record is not a candidate
        auto facts = tenant->Persons().AccessFactsOfMany(HitIds(*every));
        ASSERT_OK(facts);
        std::vector<domain::PersonId> expected;
        for (const auto& person_facts : *facts) {
            if (domain::WithinReach(reach, person_facts)) expected.push_back(person_facts.person_id);
        }
        EXPECT_EQ(sorted(HitIds(*within)), sorted(expected)) << user.username;
        // Paged by a small limit, in person order.
        auto first_two = source->PersonSearch().FindByGramsWithin({sato}, Field::kName, reach, 2);
        ASSERT_OK(first_two);
        EXPECT_EQ(HitIds(*first_two), std::vector<domain::PersonId>(expected.begin(), expected.begin() + 2));
    }
    // The ranking's "worked with": the candidates the organisation recorded (the merged-away record's carried up).
    auto recorded = source->PersonSearch().RecordedByAmong({own, by_contact, referred, survivor, pending}, npo.id);
    ASSERT_OK(recorded);
    EXPECT_EQ(sorted(*recorded), sorted({own, by_contact, survivor}));

    // One character matches a whole family or given name, not the character inside another name.
    auto hayashi_found = persons.Search(caseworker, "林", 20);
    ASSERT_OK(hayashi_found);
    EXPECT_EQ(ids_of(*hayashi_found), std::vector<domain::PersonId>{hayashi});
    auto mori_found = persons.Search(caseworker, "森", 20);
    ASSERT_OK(mori_found);
    EXPECT_EQ(ids_of(*mori_found), std::vector<domain::PersonId>{given_mori});

    // Bad input: spaces or symbols only, or 10,000 characters, refused with the field named.
    EXPECT_ERROR(persons.Search(caseworker, "   \u3000 ", 20), ErrorCode::kInvalidArgument, "q");
    EXPECT_ERROR(persons.Search(partner, "！？・、。「」()-", 20), ErrorCode::kInvalidArgument, "q");
    std::string long_query;
    for (int i = 0; i < 10000; ++i) long_query += "佐";
    EXPECT_ERROR(persons.Search(caseworker, long_query, 20), ErrorCode::kPayloadTooLarge, "q");
    ASSERT_OK(audit.Flush());
}

// A store whose executor is an unarmed FaultyExecutor, which passes every statement through; `executor`, when given,
// receives it. A decorated store reads nothing ahead and caches no access facts: what those must not change.
StoreOptions PassingThrough(int pool_size, SqlExecutor** executor = nullptr) {
    return StoreOptions{.pool_size = pool_size, .decorate_executor = [executor](SqlExecutor& inner) {
                            auto through = std::make_unique<FaultyExecutor>(inner);
                            if (executor != nullptr) *executor = through.get();
                            return std::unique_ptr<SqlExecutor>(std::move(through));
                        }};
}

// A second store on the same database that reads nothing ahead and caches no access facts.
Result<std::unique_ptr<domain::Store>> OpenStoreReadingPlainly(const std::string& url) {
    return OpenStore(url, PassingThrough(2));
}

// One name search's reads and audit entries (docs/performance.md, "One search, fewer round trips"): the names of the
// organisations that know the persons a page shows are read together, and the 21 audit entries are written by one
// INSERT. The results, the organisations named and the entries written are those of the rules; on PostgreSQL the
// search is four round trips and its entries five, where reading each statement on its own, the names person by
// person and one INSERT per entry took ten and 28.
TEST_P(SharingContractTest, PersonSearchReadsOrganisationNamesTogetherAndAuditsEachPersonShown) {
    auto world = MakeWorld();
    auto tenant = store_->Tenant(world.a.id);
    std::vector<domain::Organization> partners;
    std::vector<User> partner_users;
    for (int i = 0; i < 8; ++i) {
        partners.push_back(
            tenant->Organizations().Create(OrganizationKind::kNpo, "NPO法人 つなぐ" + std::to_string(i)).value());
        partner_users.push_back(tenant->Users()
                                    .Create(NewUser{.organization_id = partners.back().id,
                                                    .username = "npo-" + std::to_string(i),
                                                    .display_name = "NPO " + std::to_string(i),
                                                    .roles = {Role::kCaseworker},
                                                    .password_hash = "h"},
                                            At(2024, 4, 1))
                                    .value());
    }
    // 25 佐藤 of the town, each known to 福祉課 (which recorded them) and to two of the partners (a consultation each).
    std::map<domain::PersonId, std::vector<std::string>> expected_names;
    for (int i = 0; i < 25; ++i) {
        auto person = NewPerson(world.a_user, "佐藤", "町民" + std::to_string(i));
        auto created = tenant->Persons().Create(person, domain::PersonService::KeysOf(person.data));
        ASSERT_OK(created);
        std::vector<std::pair<OrganizationId, std::string>> known{{world.a_org.id, world.a_org.name}};
        for (const int partner : {i % 8, (i + 3) % 8}) {
            const User& staff = partner_users[static_cast<std::size_t>(partner)];
            ASSERT_OK(tenant->Consultations().Create(
                MakeConsultation(staff, created->id, {MakeContact(staff, At(2024, 5, 1 + partner, 9))})));
            known.emplace_back(partners[static_cast<std::size_t>(partner)].id,
                               partners[static_cast<std::size_t>(partner)].name);
        }
        std::sort(known.begin(), known.end());
        for (const auto& [id, name] : known) expected_names[created->id].push_back(name);
    }

    ManualClock clock(At(2024, 6, 2, 9));
    // Entries are queued only after the search has read everything, and committed when flushed (or 300 ms later), so
    // that the search's own reads are counted apart.
    domain::AuditRecorder audit(*store_,
                                domain::AuditRecorder::Options{.flush_interval = std::chrono::milliseconds{300}});
    domain::PersonService persons(*store_, clock, audit);
    const domain::Actor caseworker{.principal = domain::Principal{.user = world.a_user}};
    ASSERT_OK(persons.Search(caseworker, "佐藤", 20));  // statements prepared, access facts cached
    ASSERT_OK(audit.Flush());

    clock.Advance(std::chrono::minutes(1));
    const std::int64_t start = postgres::PostgresRoundTrips(*store_);
    auto found = persons.Search(caseworker, "佐藤", 20);
    const std::int64_t searched = postgres::PostgresRoundTrips(*store_);
    ASSERT_OK(found);
    ASSERT_OK(audit.Flush());
    const std::int64_t flushed = postgres::PostgresRoundTrips(*store_);
    ASSERT_EQ(found->size(), 20u);
    for (const domain::PersonSummary& summary : *found) {
        std::vector<std::string> names;
        for (const domain::KnownTo& known : summary.known_to) names.push_back(known.name);
        EXPECT_EQ(names, expected_names.at(summary.person.id)) << summary.person.id;
    }

    // The same page as a store that reads nothing ahead and caches no access facts.
    {
        auto plain_store = OpenStoreReadingPlainly(url_);
        ASSERT_TRUE(plain_store.has_value()) << plain_store.error().message;
        domain::AuditRecorder plain_audit(**plain_store, domain::AuditRecorder::Options{});
        domain::PersonService plain_persons(**plain_store, clock, plain_audit);
        auto plain = plain_persons.Search(caseworker, "佐藤", 20);
        ASSERT_OK(plain);
        ASSERT_EQ(plain->size(), found->size());
        for (std::size_t i = 0; i < plain->size(); ++i) {
            const domain::PersonSummary& ahead = (*found)[i];
            const domain::PersonSummary& read = (*plain)[i];
            EXPECT_EQ(ahead.person.id, read.person.id) << i;
            EXPECT_EQ(ahead.person.data.given_name, read.person.data.given_name) << i;
            EXPECT_EQ(ahead.decision.level, read.decision.level) << i;
            EXPECT_EQ(ahead.decision.basis, read.decision.basis) << i;
            EXPECT_EQ(ahead.matched_on, read.matched_on) << i;
            ASSERT_EQ(ahead.known_to.size(), read.known_to.size()) << i;
            for (std::size_t k = 0; k < read.known_to.size(); ++k) {
                EXPECT_EQ(ahead.known_to[k].organization_id, read.known_to[k].organization_id) << i;
                EXPECT_EQ(ahead.known_to[k].name, read.known_to[k].name) << i;
            }
        }
        ASSERT_OK(plain_audit.Flush());
    }

    // One entry per person shown, in the order shown, then the search's own.
    auto entries = tenant->Audit().ByAction("search", clock.Now(), clock.Now() + milliseconds{1}, 100);
    ASSERT_OK(entries);
    ASSERT_EQ(entries->size(), 42u);  // this search's and the plain store's, the same
    for (std::size_t i = 0; i < 21; ++i) {
        const domain::AuditEntry& ahead = (*entries)[i];
        const domain::AuditEntry& plain = (*entries)[21 + i];
        EXPECT_EQ(ahead.record_type, plain.record_type) << i;
        EXPECT_EQ(ahead.record_id, plain.record_id) << i;
        EXPECT_EQ(ahead.fields, plain.fields) << i;
        EXPECT_EQ(ahead.basis, plain.basis) << i;
        EXPECT_EQ(ahead.basis_detail, plain.basis_detail) << i;
        EXPECT_EQ(ahead.detail, plain.detail) << i;
    }
    for (std::size_t i = 0; i < 20; ++i) {
        const domain::AuditEntry& entry = (*entries)[i];
        const domain::PersonSummary& summary = (*found)[i];
        EXPECT_EQ(entry.record_type, "person");
        EXPECT_EQ(entry.record_id, summary.person.id);
        EXPECT_EQ(entry.person_id, std::optional<domain::PersonId>(summary.person.id));
        EXPECT_EQ(entry.fields, summary.decision.level == domain::ViewLevel::kIdentity ? "identity" : "summary");
        EXPECT_EQ(entry.basis, domain::AccessBasisCode(summary.decision.basis));
        EXPECT_EQ(entry.basis_detail, summary.decision.basis_detail);
        EXPECT_EQ(entry.detail, "佐藤");
        EXPECT_EQ(entry.user_id, world.a_user.id);
    }
    EXPECT_EQ(entries->back().record_type, "person_search");
    EXPECT_EQ(entries->back().detail, "佐藤 => 20");

    if (GetParam() == Backend::kPostgres) {
        // Three pipelines and one read: the candidates of the exact family and given names with those of 佐藤 inside
        // a name and inside an address (two characters are found inside names too); which of them 福祉課 worked with;
        // the batch's access facts' versions (the facts themselves cached by the first search) and records; the
        // names of 福祉課 and the eight partners.
        EXPECT_EQ(searched - start, 4);
        // BEGIN, the chain head, one INSERT of 21 rows, the head advanced, COMMIT.
        EXPECT_EQ(flushed - searched, 5);
    }
}

// A query of several bigrams (佐藤花: 佐藤, 藤花): FindByGrams counts each posting list first to walk the rarest, and
// on PostgreSQL those counts, in names and in addresses, ride in the search's first round trip with the exact names'
// candidates. The page is the one a store that reads nothing ahead finds.
TEST_P(SharingContractTest, SearchOfSeveralBigramsFindsWhatItFindsWithoutReadingAhead) {
    auto world = MakeWorld();
    auto tenant = store_->Tenant(world.a.id);
    for (const auto& [family, given] : std::vector<std::pair<std::string, std::string>>{
             {"佐藤", "花子"}, {"佐藤", "花江"}, {"加藤", "花子"}, {"佐藤", "一郎"}, {"佐藤花", "太郎"}}) {
        auto person = NewPerson(world.a_user, family, given);
        ASSERT_OK(tenant->Persons().Create(person, domain::PersonService::KeysOf(person.data)));
    }
    ManualClock clock(At(2024, 6, 2, 9));
    domain::AuditRecorder audit(*store_, domain::AuditRecorder::Options{});
    domain::PersonService persons(*store_, clock, audit);
    const domain::Actor caseworker{.principal = domain::Principal{.user = world.a_user}};
    const auto page = [](const Result<std::vector<domain::PersonSummary>>& found) {
        std::vector<std::string> shown;
        EXPECT_TRUE(found.has_value());
        if (!found) return shown;
        for (const domain::PersonSummary& summary : *found) {
            std::string matched;
            for (const std::string& on : summary.matched_on) matched += " " + on;
            shown.push_back(summary.person.data.family_name + summary.person.data.given_name + matched);
        }
        return shown;
    };
    ASSERT_OK(persons.Search(caseworker, "佐藤花", 20));  // statements prepared, access facts cached
    const std::int64_t start = postgres::PostgresRoundTrips(*store_);
    const std::vector<std::string> ahead = page(persons.Search(caseworker, "佐藤花", 20));
    const std::int64_t searched = postgres::PostgresRoundTrips(*store_);

    auto plain_store = OpenStoreReadingPlainly(url_);
    ASSERT_TRUE(plain_store.has_value()) << plain_store.error().message;
    domain::AuditRecorder plain_audit(**plain_store, domain::AuditRecorder::Options{});
    domain::PersonService plain_persons(**plain_store, clock, plain_audit);
    EXPECT_EQ(ahead, page(plain_persons.Search(caseworker, "佐藤花", 20)));
    EXPECT_EQ(ahead, (std::vector<std::string>{"佐藤花太郎 name", "佐藤花子 name", "佐藤花江 name"}));
    ASSERT_OK(audit.Flush());
    ASSERT_OK(plain_audit.Flush());

    if (GetParam() == Backend::kPostgres) {
        // The exact names' candidates with the counts of 佐藤 and 藤花 in names and in addresses; the names' two-gram
        // read (no address holds them, so none is read there); which of the three 福祉課 worked with; their access
        // facts' versions and records; the name of 福祉課.
        EXPECT_EQ(searched - start, 5);
    }
}

INSTANTIATE_TEST_SUITE_P(Backends, SharingContractTest, testing::Values(Backend::kSqlite, Backend::kPostgres),
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

// A PostgreSQL store in a new database, with its executor at hand for a test's own statements: an unarmed
// FaultyExecutor passes every statement through. With a pool of one, every read shares one connection. Throws when
// the test cluster or the store is unavailable, with the reason (ASSERT_NO_THROW shows it).
struct StoreWithExecutor {
    std::unique_ptr<domain::Store> store;
    SqlExecutor* executor = nullptr;
};
StoreWithExecutor OpenPostgresWithExecutor(const std::string& database, int pool_size) {
    StoreWithExecutor out;
    auto opened = OpenStore(CreateDatabase(database), PassingThrough(pool_size, &out.executor));
    if (!opened) throw std::runtime_error(opened.error().message);
    out.store = std::move(*opened);
    return out;
}

// The first row `statement` reads (none: empty).
std::vector<std::optional<std::string>> FirstRow(SqlExecutor& executor, const SqlStatement& statement) {
    std::vector<std::optional<std::string>> row;
    const Status read = executor.Read([&](SqlConnection& connection) -> Status {
        auto result = connection.Execute(statement, {});
        if (!result) return Fail(result.error());
        if (!result->rows.empty()) row = result->rows.front();
        return {};
    });
    if (!read) throw std::runtime_error(read.error().message);
    return row;
}

// Every connection runs without parallel workers (postgres_store.cpp, kSessionSettings): a Gather's two workers cost
// the access facts of three persons 75–109 ms on the prefecture set, against 6–15 ms without.
TEST(PostgresOnly, ConnectionsRunWithoutParallelWorkers) {
    StoreWithExecutor opened;
    ASSERT_NO_THROW(opened = OpenPostgresWithExecutor("storage_contract_parallel", 2));
    ASSERT_NE(opened.executor, nullptr);
    static constexpr SqlStatement kWorkers{"test_parallel_workers",
                                           "SELECT current_setting('max_parallel_workers_per_gather')"};
    EXPECT_EQ(FirstRow(*opened.executor, kWorkers), (std::vector<std::optional<std::string>>{"0"}));
}

// A gram read runs on its generic plan, not on a custom plan made again on every execution (postgres_store.cpp,
// kGenericPlansUntilSync: 0.4–0.8 ms of planning each on the prefecture set), and the setting that asks for it ends
// with its round trip: the connection's next statements plan as PostgreSQL chooses.
TEST(PostgresOnly, GramReadsRunOnTheirGenericPlan) {
    StoreWithExecutor opened;
    ASSERT_NO_THROW(opened = OpenPostgresWithExecutor("storage_contract_generic_plans", 1));
    ASSERT_NE(opened.executor, nullptr);
    ASSERT_OK(opened.store->Migrate());
    auto tenant = opened.store->Tenant(MunicipalityId{1});
    for (int i = 0; i < 7; ++i) {
        ASSERT_OK(tenant->Persons().FindByGrams({"佐藤"}, domain::PersonRepository::SearchField::kName, 10));
    }
    static constexpr SqlStatement kPlans{
        "test_gram_read_plans",
        "SELECT generic_plans, custom_plans, current_setting('plan_cache_mode') FROM pg_prepared_statements "
        "WHERE name = 'intake_find_grams_1'"};
    // Seven generic plans, no custom one, and the setting back to PostgreSQL's own choice.
    EXPECT_EQ(FirstRow(*opened.executor, kPlans), (std::vector<std::optional<std::string>>{"7", "0", "auto"}));
}

TEST(PostgresOnly, UnreachableServerIsUnavailable) {
    auto opened = OpenStore("postgresql://postgres@127.0.0.1:1/nothing?connect_timeout=2", StoreOptions{});
    ASSERT_FALSE(opened.has_value());
    EXPECT_EQ(opened.error().code, ErrorCode::kUnavailable);
}

// ---------------------------------------------------------------------------------------------------------------
// The second factor of sign-in (issue #11, item 7): storage, and the sign-in rules of AuthService on each backend.

TEST_P(StoreContractTest, SecondFactorsRecoveryCodesAndPendingSignIns) {
    const World world = MakeWorld();
    auto& accounts = store_->Accounts();
    EXPECT_ERROR(accounts.FindSecondFactor(world.a_user.id), ErrorCode::kNotFound, "");
    const domain::SecondFactor started{.user_id = world.a_user.id,
                                       .municipality_id = world.a.id,
                                       .sealed_secret = "sb1:first",
                                       .confirmed_at = std::nullopt,
                                       .last_step = 0,
                                       .created_at = At(2024, 4, 1, 9)};
    ASSERT_OK(accounts.StartSecondFactor(started));
    auto found = accounts.FindSecondFactor(world.a_user.id);
    ASSERT_OK(found);
    EXPECT_EQ(found->sealed_secret, "sb1:first");
    EXPECT_FALSE(found->confirmed_at.has_value());
    ASSERT_OK(accounts.ConfirmSecondFactor(world.a_user.id, At(2024, 4, 1, 9, 1), 100, {"hash-1", "hash-2"}));
    found = accounts.FindSecondFactor(world.a_user.id);
    ASSERT_OK(found);
    EXPECT_EQ(found->confirmed_at, At(2024, 4, 1, 9, 1));
    EXPECT_EQ(found->last_step, 100);
    EXPECT_ERROR(accounts.ConfirmSecondFactor(world.b_user.id, At(2024, 4, 1, 9), 1, {}), ErrorCode::kNotFound, "");

    // A step is accepted once, and never an older one (replay).
    EXPECT_EQ(accounts.AdvanceSecondFactorStep(world.a_user.id, 100).value_or(true), false);
    EXPECT_EQ(accounts.AdvanceSecondFactorStep(world.a_user.id, 99).value_or(true), false);
    EXPECT_EQ(accounts.AdvanceSecondFactorStep(world.a_user.id, 101).value_or(false), true);
    EXPECT_EQ(accounts.AdvanceSecondFactorStep(world.a_user.id, 101).value_or(true), false);

    // A recovery code is good once, and only for its user.
    EXPECT_EQ(accounts.CountUnusedRecoveryCodes(world.a_user.id).value_or(-1), 2);
    EXPECT_EQ(accounts.UseRecoveryCode(world.b_user.id, "hash-1", At(2024, 4, 2)).value_or(true), false);
    EXPECT_EQ(accounts.UseRecoveryCode(world.a_user.id, "hash-1", At(2024, 4, 2)).value_or(false), true);
    EXPECT_EQ(accounts.UseRecoveryCode(world.a_user.id, "hash-1", At(2024, 4, 2)).value_or(true), false);
    EXPECT_EQ(accounts.UseRecoveryCode(world.a_user.id, "hash-9", At(2024, 4, 2)).value_or(true), false);
    EXPECT_EQ(accounts.CountUnusedRecoveryCodes(world.a_user.id).value_or(-1), 1);

    // Starting again replaces the factor and its codes.
    ASSERT_OK(accounts.StartSecondFactor(domain::SecondFactor{.user_id = world.a_user.id,
                                                              .municipality_id = world.a.id,
                                                              .sealed_secret = "sb1:second",
                                                              .created_at = At(2024, 4, 3)}));
    EXPECT_EQ(accounts.CountUnusedRecoveryCodes(world.a_user.id).value_or(-1), 0);
    EXPECT_FALSE(accounts.FindSecondFactor(world.a_user.id)->confirmed_at.has_value());
    ASSERT_OK(accounts.DeleteSecondFactor(world.a_user.id));
    EXPECT_ERROR(accounts.FindSecondFactor(world.a_user.id), ErrorCode::kNotFound, "");
    ASSERT_OK(accounts.DeleteSecondFactor(world.a_user.id));  // nothing to delete is fine

    const domain::PendingSignIn pending{.token_hash = "pending-hash",
                                        .user_id = world.b_user.id,
                                        .municipality_id = world.b.id,
                                        .purpose = domain::PendingPurpose::kEnrol,
                                        .created_at = At(2024, 4, 1, 9),
                                        .expires_at = At(2024, 4, 1, 9, 5),
                                        .remote_address = "192.0.2.1"};
    ASSERT_OK(accounts.CreatePendingSignIn(pending));
    auto read = accounts.FindPendingSignIn("pending-hash");
    ASSERT_OK(read);
    EXPECT_EQ(read->user_id, world.b_user.id);
    EXPECT_EQ(read->purpose, domain::PendingPurpose::kEnrol);
    EXPECT_EQ(read->expires_at, At(2024, 4, 1, 9, 5));
    // A pending sign-in cannot name a user of another municipality.
    domain::PendingSignIn foreign = pending;
    foreign.token_hash = "foreign";
    foreign.municipality_id = world.a.id;
    EXPECT_ERROR(accounts.CreatePendingSignIn(foreign), ErrorCode::kNotFound, "user_id");
    ASSERT_OK(accounts.DeletePendingSignInsOfUser(world.b_user.id));
    EXPECT_ERROR(accounts.FindPendingSignIn("pending-hash"), ErrorCode::kNotFound, "");
}

// Pending sign-ins whose code never came are swept once past their expiry (issue 11): the one still running stays.
TEST_P(StoreContractTest, ExpiredPendingSignInsAreSwept) {
    const World world = MakeWorld();
    auto& accounts = store_->Accounts();
    const Instant start = At(2024, 4, 1, 9);
    for (const auto& [hash, minutes_after] :
         {std::pair{"abandoned", 0}, std::pair{"ending", 5}, std::pair{"live", 8}}) {
        ASSERT_OK(accounts.CreatePendingSignIn({.token_hash = hash,
                                                .user_id = world.a_user.id,
                                                .municipality_id = world.a.id,
                                                .purpose = domain::PendingPurpose::kCode,
                                                .created_at = start + minutes{minutes_after},
                                                .expires_at = start + minutes{minutes_after + 5},
                                                .remote_address = "192.0.2.1"}));
    }
    const Instant now = start + minutes{10};  // "abandoned" ran out at 9:05, "ending" at 9:10 exactly
    auto swept = accounts.DeleteExpiredPendingSignIns(now);
    ASSERT_OK(swept);
    EXPECT_EQ(*swept, 2);
    EXPECT_ERROR(accounts.FindPendingSignIn("abandoned"), ErrorCode::kNotFound, "");
    EXPECT_ERROR(accounts.FindPendingSignIn("ending"), ErrorCode::kNotFound, "");
    ASSERT_OK(accounts.FindPendingSignIn("live"));
    auto again = accounts.DeleteExpiredPendingSignIns(now);
    ASSERT_OK(again);
    EXPECT_EQ(*again, 0);
}

class SignInContractTest : public StoreContractTest {
protected:
    void SetUp() override {
        StoreContractTest::SetUp();
        ASSERT_OK(InitializeCrypto());
        world_ = MakeWorld();
        administration_ = std::make_unique<domain::Administration>(*store_, clock_);
        auth_ = std::make_unique<domain::AuthService>(*store_, clock_, domain::AuthSettings{.secret_key = "test key"});
        caseworker_ = AddUser("sf-caseworker", Role::kCaseworker);
        administrator_ = AddUser("sf-admin", Role::kMunicipalAdministrator);
    }

    User AddUser(const std::string& username, Role role) {
        auto user = administration_->AddUser(world_.a.id, domain::UserRequest{.organization_id = world_.a_org.id,
                                                                              .username = username,
                                                                              .display_name = "試験 利用者",
                                                                              .roles = {role},
                                                                              .password = "right-password-1"});
        EXPECT_TRUE(user.has_value()) << (user ? "" : user.error().message);
        return user.value_or(User{});
    }

    domain::Principal PrincipalOf(const User& user) {
        return domain::Principal{.user = user, .method = domain::AuthMethod::kSession, .csrf_token = "x"};
    }

    std::string CodeAt(const std::string& secret_base32, Instant at) {
        const std::string secret = Base32Decode(secret_base32).value();
        const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(at.time_since_epoch()).count();
        return TotpCode(secret, seconds).value();
    }

    // Enrols the caseworker as a signed-in user; returns the secret and the recovery codes.
    std::pair<std::string, std::vector<std::string>> Enrol() {
        auto enrolment = auth_->StartEnrolment(PrincipalOf(caseworker_));
        EXPECT_TRUE(enrolment.has_value());
        EXPECT_TRUE(enrolment->otpauth_uri.starts_with("otpauth://totp/Kasane:sf-caseworker?secret=" +
                                                       enrolment->secret_base32));
        auto confirmed =
            auth_->ConfirmEnrolment(PrincipalOf(caseworker_), CodeAt(enrolment->secret_base32, clock_.Now()));
        EXPECT_TRUE(confirmed.has_value()) << (confirmed ? "" : confirmed.error().message);
        return {enrolment->secret_base32, confirmed->recovery_codes};
    }

    ManualClock clock_{At(2024, 6, 3, 1)};
    World world_;
    std::unique_ptr<domain::Administration> administration_;
    std::unique_ptr<domain::AuthService> auth_;
    User caseworker_;
    User administrator_;
};

TEST_P(SignInContractTest, EveryFailedFirstStepLooksTheSame) {
    const auto answer = [&](const std::string& username, const std::string& password, const std::string& address) {
        auto step = auth_->SignIn(username, password, address, "test");
        EXPECT_FALSE(step.has_value()) << username;
        return step ? Error{} : step.error();
    };
    const Error wrong = answer("sf-caseworker", "wrong-password", "192.0.2.1");
    const Error unknown = answer("nobody-at-all", "wrong-password", "192.0.2.1");
    AddUser("sf-admin-2", Role::kMunicipalAdministrator);  // the last active administrator is never disabled
    ASSERT_OK(administration_->DisableUser(world_.a.id, administrator_.id));
    const Error disabled = answer("sf-admin", "right-password-1", "192.0.2.1");
    for (int attempt = 0; attempt < 5; ++attempt) answer("sf-caseworker", "wrong-password", "192.0.2.2");
    const Error locked = answer("sf-caseworker", "right-password-1", "192.0.2.3");
    // Twenty failures from one address throttle it, whatever the usernames (here unknown ones).
    for (int attempt = 0; attempt < 20; ++attempt) answer("nobody-" + std::to_string(attempt), "x", "198.51.100.7");
    const User other = AddUser("sf-other", Role::kAuditor);
    const Error throttled = answer("sf-other", "right-password-1", "198.51.100.7");
    for (const Error* error : {&unknown, &disabled, &locked, &throttled}) {
        EXPECT_EQ(error->code, wrong.code);
        EXPECT_EQ(error->message, wrong.message);
        EXPECT_EQ(error->field, wrong.field);
    }
    EXPECT_EQ(wrong.code, ErrorCode::kUnauthenticated);
    // The same user signs in from another address at once: the throttle is per address.
    auto elsewhere = auth_->SignIn("sf-other", "right-password-1", "203.0.113.5", "test");
    ASSERT_OK(elsewhere);
    EXPECT_TRUE(elsewhere->signed_in.has_value());

    // The events tell administrators what happened: the lock-out per account and every failure per address.
    auto events = store_->Tenant(world_.a.id)->AuthEvents().ListRecent(100);
    ASSERT_OK(events);
    EXPECT_TRUE(std::any_of(events->begin(), events->end(), [&](const AuthEvent& event) {
        return event.kind == AuthEventKind::kLockedOut && event.user_id == caseworker_.id;
    }));
    auto from_address = store_->Accounts().CountSignInFailuresFromAddress("198.51.100.7", clock_.Now() - hours{1});
    ASSERT_OK(from_address);
    EXPECT_EQ(*from_address, 21);
}

TEST_P(SignInContractTest, SecondFactorCodeRecoveryCodeAndReplay) {
    auto [secret, recovery_codes] = Enrol();
    ASSERT_EQ(recovery_codes.size(), 10u);
    // Stored sealed: neither the secret nor a recovery code is in the database as typed.
    auto stored = store_->Accounts().FindSecondFactor(caseworker_.id);
    ASSERT_OK(stored);
    EXPECT_TRUE(stored->sealed_secret.starts_with("sb1:"));
    EXPECT_EQ(stored->sealed_secret.find(secret), std::string::npos);

    auto first = auth_->SignIn("sf-caseworker", "right-password-1", "192.0.2.1", "test");
    ASSERT_OK(first);
    ASSERT_TRUE(first->second_step.has_value());
    EXPECT_FALSE(first->signed_in.has_value());  // no session before the code
    EXPECT_EQ(first->second_step->purpose, domain::PendingPurpose::kCode);
    const std::string pending = first->second_step->pending_token;
    // The pending token is no session.
    EXPECT_FALSE(auth_->AuthenticateSession(pending).has_value());

    auto wrong = auth_->CompleteSignIn(pending, "000000", "192.0.2.1", "test");
    if (CodeAt(secret, clock_.Now()) != "000000") {
        ASSERT_FALSE(wrong.has_value());
        EXPECT_EQ(wrong.error().message, domain::AuthService::WrongCode().message);
    }
    clock_.Advance(std::chrono::seconds(31));
    const std::string code = CodeAt(secret, clock_.Now());
    auto signed_in = auth_->CompleteSignIn(pending, code, "192.0.2.1", "test");
    ASSERT_OK(signed_in);
    EXPECT_TRUE(auth_->AuthenticateSession(signed_in->session_token).has_value());
    // The pending token is used up.
    EXPECT_FALSE(auth_->CompleteSignIn(pending, code, "192.0.2.1", "test").has_value());

    // The same code again, within its window, is refused.
    auto again = auth_->SignIn("sf-caseworker", "right-password-1", "192.0.2.1", "test");
    ASSERT_OK(again);
    auto replay = auth_->CompleteSignIn(again->second_step->pending_token, code, "192.0.2.1", "test");
    ASSERT_FALSE(replay.has_value());
    EXPECT_EQ(replay.error().message, domain::AuthService::WrongCode().message);

    // A recovery code works once, typed in lower case without dashes too.
    std::string typed = recovery_codes.front();
    std::erase(typed, '-');
    std::transform(typed.begin(), typed.end(), typed.begin(),
                   [](char c) { return static_cast<char>(std::tolower(c)); });
    auto recovered = auth_->CompleteSignIn(again->second_step->pending_token, typed, "192.0.2.1", "test");
    ASSERT_OK(recovered);
    auto third = auth_->SignIn("sf-caseworker", "right-password-1", "192.0.2.1", "test");
    ASSERT_OK(third);
    EXPECT_FALSE(auth_->CompleteSignIn(third->second_step->pending_token, recovery_codes.front(), "192.0.2.1", "test")
                     .has_value());
    auto state = auth_->SecondFactorStatus(PrincipalOf(caseworker_));
    ASSERT_OK(state);
    EXPECT_TRUE(state->enrolled);
    EXPECT_EQ(state->recovery_codes_left, 9);

    // A pending sign-in ends after five minutes.
    auto late = auth_->SignIn("sf-caseworker", "right-password-1", "192.0.2.1", "test");
    ASSERT_OK(late);
    clock_.Advance(std::chrono::minutes(6));
    auto expired =
        auth_->CompleteSignIn(late->second_step->pending_token, CodeAt(secret, clock_.Now()), "192.0.2.1", "test");
    ASSERT_FALSE(expired.has_value());
    EXPECT_EQ(expired.error().message, domain::AuthService::PendingEnded().message);
}

// Regression (issue 11): a pending sign-in whose code never came stayed in the table forever, and so did a session
// never presented again after its expiry. Each new pending sign-in sweeps the expired pending ones; each new session
// the expired sessions.
TEST_P(SignInContractTest, AbandonedPendingSignInsAndExpiredSessionsAreSwept) {
    Enrol();
    auto abandoned = auth_->SignIn("sf-caseworker", "right-password-1", "192.0.2.1", "test");
    ASSERT_OK(abandoned);
    const std::string abandoned_hash = Sha256Hex(abandoned->second_step->pending_token);
    ASSERT_OK(store_->Accounts().FindPendingSignIn(abandoned_hash));
    // Within its five minutes a new pending sign-in leaves it alone.
    clock_.Advance(std::chrono::minutes(4));
    auto second = auth_->SignIn("sf-caseworker", "right-password-1", "192.0.2.1", "test");
    ASSERT_OK(second);
    ASSERT_OK(store_->Accounts().FindPendingSignIn(abandoned_hash));
    // Past them, the next one sweeps it (the second is still running and stays).
    clock_.Advance(std::chrono::minutes(2));
    auto third = auth_->SignIn("sf-caseworker", "right-password-1", "192.0.2.1", "test");
    ASSERT_OK(third);
    EXPECT_ERROR(store_->Accounts().FindPendingSignIn(abandoned_hash), ErrorCode::kNotFound, "");
    ASSERT_OK(store_->Accounts().FindPendingSignIn(Sha256Hex(second->second_step->pending_token)));

    // A session never presented again after its idle expiry goes when the next session opens.
    auto administrator = auth_->SignIn("sf-admin", "right-password-1", "192.0.2.9", "test");
    ASSERT_OK(administrator);
    ASSERT_TRUE(administrator->signed_in.has_value());
    const std::string idle_hash = Sha256Hex(administrator->signed_in->session_token);
    ASSERT_OK(store_->Accounts().FindSession(idle_hash));
    clock_.Advance(std::chrono::hours(9));
    auto next = auth_->SignIn("sf-admin", "right-password-1", "192.0.2.9", "test");
    ASSERT_OK(next);
    ASSERT_TRUE(next->signed_in.has_value());
    EXPECT_ERROR(store_->Accounts().FindSession(idle_hash), ErrorCode::kNotFound, "");
    ASSERT_OK(store_->Accounts().FindSession(Sha256Hex(next->signed_in->session_token)));
}

TEST_P(SignInContractTest, WrongCodesCountTowardsTheLockOut) {
    auto [secret, recovery_codes] = Enrol();
    auto first = auth_->SignIn("sf-caseworker", "right-password-1", "192.0.2.1", "test");
    ASSERT_OK(first);
    const std::string right = CodeAt(secret, clock_.Now());
    const std::string wrong_code = right == "123456" ? "654321" : "123456";
    for (int attempt = 0; attempt < 5; ++attempt) {
        EXPECT_FALSE(
            auth_->CompleteSignIn(first->second_step->pending_token, wrong_code, "192.0.2.1", "t").has_value());
    }
    // Locked: the pending state is gone, and the right password now gets the one refusal.
    EXPECT_FALSE(auth_->CompleteSignIn(first->second_step->pending_token, right, "192.0.2.1", "t").has_value());
    auto locked = auth_->SignIn("sf-caseworker", "right-password-1", "192.0.2.1", "t");
    ASSERT_FALSE(locked.has_value());
    EXPECT_EQ(locked.error().message, domain::AuthService::WrongCredentials().message);
}

TEST_P(SignInContractTest, TownRequirementSendsProfessionalsToEnrolFirst) {
    const domain::Principal admin = PrincipalOf(administrator_);
    EXPECT_ERROR(auth_->SetSecondFactorRequired(PrincipalOf(caseworker_), SecondFactorRule::kRequired),
                 ErrorCode::kPermissionDenied, "");
    ASSERT_OK(auth_->SetSecondFactorRequired(admin, SecondFactorRule::kRequired));
    EXPECT_EQ(auth_->SecondFactorRequired(admin).value_or(false), true);

    // An administrator (not a professional role) signs in with the password alone.
    auto admin_step = auth_->SignIn("sf-admin", "right-password-1", "192.0.2.1", "t");
    ASSERT_OK(admin_step);
    EXPECT_TRUE(admin_step->signed_in.has_value());

    auto first = auth_->SignIn("sf-caseworker", "right-password-1", "192.0.2.1", "t");
    ASSERT_OK(first);
    ASSERT_TRUE(first->second_step.has_value());
    EXPECT_EQ(first->second_step->purpose, domain::PendingPurpose::kEnrol);
    const std::string pending = first->second_step->pending_token;
    // The enrolment pending state cannot be used as a code step.
    EXPECT_FALSE(auth_->CompleteSignIn(pending, "123456", "192.0.2.1", "t").has_value());
    auto enrolment = auth_->StartEnrolment(pending);
    ASSERT_OK(enrolment);
    auto confirmed = auth_->ConfirmEnrolment(pending, CodeAt(enrolment->secret_base32, clock_.Now()), "192.0.2.1", "t");
    ASSERT_OK(confirmed);
    EXPECT_EQ(confirmed->recovery_codes.size(), 10u);
    ASSERT_TRUE(confirmed->signed_in.has_value());
    EXPECT_TRUE(auth_->AuthenticateSession(confirmed->signed_in->session_token).has_value());

    // From now on the caseworker is asked for a code.
    auto next = auth_->SignIn("sf-caseworker", "right-password-1", "192.0.2.1", "t");
    ASSERT_OK(next);
    EXPECT_EQ(next->second_step->purpose, domain::PendingPurpose::kCode);

    // The administrator's reset and the requirement are audited, naming who did it to whom.
    ASSERT_OK(auth_->ResetSecondFactor(admin, caseworker_.id));
    EXPECT_ERROR(auth_->ResetSecondFactor(admin, world_.b_user.id), ErrorCode::kNotFound, "");
    EXPECT_ERROR(auth_->ResetSecondFactor(PrincipalOf(caseworker_), caseworker_.id), ErrorCode::kPermissionDenied, "");
    auto entries = store_->Tenant(world_.a.id)->Audit().ByUser(administrator_.id, At(2024, 1, 1), At(2025, 1, 1), 100);
    ASSERT_OK(entries);
    EXPECT_TRUE(std::any_of(entries->begin(), entries->end(), [&](const domain::AuditEntry& entry) {
        return entry.record_type == "user_account" && entry.record_id == caseworker_.id &&
               entry.fields == "second_factor";
    }));
    EXPECT_TRUE(std::any_of(entries->begin(), entries->end(), [&](const domain::AuditEntry& entry) {
        return entry.record_type == "municipality_setting";
    }));
    auto after_reset = auth_->SignIn("sf-caseworker", "right-password-1", "192.0.2.1", "t");
    ASSERT_OK(after_reset);
    EXPECT_EQ(after_reset->second_step->purpose, domain::PendingPurpose::kEnrol);
}

TEST_P(SignInContractTest, PasswordResetByAnAdministratorOfTheTownOnlyAndAudited) {
    const domain::Principal admin = PrincipalOf(administrator_);
    EXPECT_ERROR(administration_->ChangePassword(PrincipalOf(caseworker_), administrator_.id, "another-password-2"),
                 ErrorCode::kPermissionDenied, "");
    EXPECT_ERROR(administration_->ChangePassword(admin, world_.b_user.id, "another-password-2"), ErrorCode::kNotFound,
                 "");
    ASSERT_OK(administration_->ChangePassword(admin, caseworker_.id, "another-password-2"));
    auto entries = store_->Tenant(world_.a.id)->Audit().ByUser(administrator_.id, At(2024, 1, 1), At(2025, 1, 1), 100);
    ASSERT_OK(entries);
    const auto reset = std::find_if(entries->begin(), entries->end(), [&](const domain::AuditEntry& entry) {
        return entry.record_type == "user_account" && entry.fields == "password";
    });
    ASSERT_NE(reset, entries->end());
    EXPECT_EQ(reset->record_id, caseworker_.id);
    EXPECT_EQ(reset->detail.find("another-password-2"), std::string::npos);
    auto signed_in = auth_->SignIn("sf-caseworker", "another-password-2", "192.0.2.1", "t");
    ASSERT_OK(signed_in);
}

INSTANTIATE_TEST_SUITE_P(Backends, SignInContractTest, testing::Values(Backend::kSqlite, Backend::kPostgres),
                         BackendName);

// Issue 13, item 4 (migration 12): drafts and submit keys belong to one user; the primary key decides between two
// submits with one key; the sweeps remove what is past its time.
TEST_P(StoreContractTest, DraftsAndSubmitKeysArePerUser) {
    const World world = MakeWorld();
    auto& drafts = store_->Drafts();
    const UserId a = world.a_user.id;
    const UserId b = world.b_user.id;
    ASSERT_OK(drafts.SaveDraft(
        {.user_id = a, .form_key = "/intake", .sealed_content = "sb1:one", .saved_at = At(2024, 6, 1, 10)}));
    ASSERT_OK(drafts.SaveDraft(
        {.user_id = a, .form_key = "/intake", .sealed_content = "sb1:two", .saved_at = At(2024, 6, 1, 11)}));
    auto found = drafts.FindDraft(a, "/intake");
    ASSERT_OK(found);
    ASSERT_TRUE(found->has_value());
    EXPECT_EQ((*found)->sealed_content, "sb1:two");
    EXPECT_EQ((*found)->saved_at, At(2024, 6, 1, 11));
    auto other = drafts.FindDraft(b, "/intake");
    ASSERT_OK(other);
    EXPECT_FALSE(other->has_value());
    ASSERT_OK(drafts.SaveDraft(
        {.user_id = b, .form_key = "/intake", .sealed_content = "sb1:b", .saved_at = At(2024, 6, 1, 9)}));
    auto swept = drafts.DeleteDraftsSavedBefore(At(2024, 6, 1, 10));
    ASSERT_OK(swept);
    EXPECT_EQ(*swept, 1);
    EXPECT_TRUE(drafts.FindDraft(a, "/intake")->has_value());
    EXPECT_FALSE(drafts.FindDraft(b, "/intake")->has_value());
    ASSERT_OK(drafts.DeleteDraft(a, "/intake"));
    EXPECT_FALSE(drafts.FindDraft(a, "/intake")->has_value());

    const std::string hash(64, 'a');
    auto first = drafts.ReserveSubmitKey(a, hash, At(2024, 6, 1, 10));
    ASSERT_OK(first);
    EXPECT_TRUE(*first);
    auto second = drafts.ReserveSubmitKey(a, hash, At(2024, 6, 1, 10));
    ASSERT_OK(second);
    EXPECT_FALSE(*second);
    auto b_first = drafts.ReserveSubmitKey(b, hash, At(2024, 6, 1, 10));  // the same key of another user
    ASSERT_OK(b_first);
    EXPECT_TRUE(*b_first);
    auto reserved = drafts.FindSubmitKey(a, hash);
    ASSERT_OK(reserved);
    ASSERT_TRUE(reserved->has_value());
    EXPECT_FALSE((*reserved)->status.has_value());
    ASSERT_OK(drafts.CompleteSubmitKey(a, hash, 303, "sb1:answer"));
    auto done = drafts.FindSubmitKey(a, hash);
    ASSERT_OK(done);
    EXPECT_EQ((*done)->status, 303);
    EXPECT_EQ((*done)->sealed_response, "sb1:answer");
    // A completed key is never released; a reservation is.
    ASSERT_OK(drafts.ReleaseSubmitKey(a, hash));
    EXPECT_TRUE(drafts.FindSubmitKey(a, hash)->has_value());
    ASSERT_OK(drafts.ReleaseSubmitKey(b, hash));
    EXPECT_FALSE(drafts.FindSubmitKey(b, hash)->has_value());
    EXPECT_ERROR(drafts.CompleteSubmitKey(b, hash, 303, ""), ErrorCode::kNotFound, "");
    auto old_keys = drafts.DeleteSubmitKeysReservedBefore(At(2024, 6, 2));
    ASSERT_OK(old_keys);
    EXPECT_EQ(*old_keys, 1);
}

// ---------------------------------------------------------------------------------------------------------------
// Set-up (issue 14, item 1): one transaction, the token used once, refused once a municipality exists

domain::TownSetupRequest HokueiSetup() {
    return domain::TownSetupRequest{
        .code = "313726",
        .name = "北栄町",
        .prefecture_name = "鳥取県",
        .figures = {{.fiscal_year = 2025, .population = 14300, .households = 5420, .aging_rate_permille = 362},
                    {.fiscal_year = 2024, .population = 14500, .households = 5400, .aging_rate_permille = 358}},
        .organization_name = "福祉課",
        .admin_username = "hokuei-admin",
        .admin_display_name = "北栄 太郎",
        .admin_password = "correct horse battery"};
}

TEST_P(StoreContractTest, TownSetUpWithTheTokenIsAllOrNothingAndOnce) {
    ManualClock clock{At(2025, 6, 2, 1)};
    domain::TownSetup setup(*store_, clock);
    ASSERT_TRUE(*setup.Pending());
    auto token = setup.IssueToken(std::chrono::hours(24));
    ASSERT_OK(token);
    ASSERT_OK(setup.CheckToken(*token));
    EXPECT_ERROR(setup.CheckToken("not-the-token"), ErrorCode::kPermissionDenied, "token");

    // A failure inside the transaction (東京都 alone registered, so 鳥取県's town is refused after the token was
    // marked used) leaves nothing behind: no municipality, and the token still usable.
    ASSERT_OK(
        store_->Prefectures().Create(domain::Prefecture{.code = "13", .name = "東京都", .created_at = clock.Now()}));
    EXPECT_ERROR(setup.SetUpWithToken(*token, HokueiSetup(), "192.0.2.1"), ErrorCode::kInvalidArgument, "code");
    EXPECT_TRUE(store_->Municipalities().List()->empty());
    ASSERT_OK(setup.CheckToken(*token));
    ASSERT_OK(
        store_->Prefectures().Create(domain::Prefecture{.code = "31", .name = "鳥取県", .created_at = clock.Now()}));

    auto done = setup.SetUpWithToken(*token, HokueiSetup(), "192.0.2.1");
    ASSERT_OK(done);
    EXPECT_EQ(done->municipality.code, "313726");
    EXPECT_EQ(done->administrator.roles, std::vector<Role>{Role::kMunicipalAdministrator});
    EXPECT_EQ(done->administrator.organization_id, done->organization.id);
    EXPECT_GT(done->worry_categories, 0);
    EXPECT_EQ(done->meeting_bodies.size(), domain::StatutoryBodyTemplates().size());
    EXPECT_FALSE(*setup.Pending());
    auto tenant = store_->Tenant(done->municipality.id);
    auto bodies = tenant->Meetings().ListBodies();
    ASSERT_OK(bodies);
    EXPECT_EQ(bodies->size(), domain::StatutoryBodyTemplates().size());
    for (const auto& body : *bodies) EXPECT_TRUE(body.members.empty() && body.named_members.empty());
    auto figures = store_->TownSetups().Figures(done->municipality.id);
    ASSERT_OK(figures);
    ASSERT_EQ(figures->size(), 2U);
    EXPECT_EQ((*figures)[0].fiscal_year, 2024);  // by 年度
    EXPECT_EQ((*figures)[1].aging_rate_permille, 362);
    auto audit = tenant->Audit().ByUser(UserId{}, At(2025, 6, 1), At(2025, 6, 3), 100);
    ASSERT_OK(audit);
    EXPECT_EQ(audit->size(), 5U + domain::StatutoryBodyTemplates().size());
    EXPECT_TRUE(std::all_of(audit->begin(), audit->end(), [](const domain::AuditEntry& e) {
        return e.action == "create" && e.remote_address == "192.0.2.1";
    }));
    // The administrator signs in with the password given.
    domain::AuthService auth(*store_, clock, domain::AuthSettings{});
    EXPECT_TRUE(auth.SignIn("hokuei-admin", "correct horse battery", "192.0.2.1", "test").has_value());

    // The token worked once; and no second set-up, by token or by the operator.
    EXPECT_ERROR(setup.CheckToken(*token), ErrorCode::kPermissionDenied, "token");
    domain::TownSetupRequest other = HokueiSetup();
    other.code = "131016";
    other.name = "千代田区";
    other.prefecture_name = "東京都";
    other.admin_username = "chiyoda-admin";
    EXPECT_ERROR(setup.SetUp(other), ErrorCode::kConflict, "code");
    EXPECT_ERROR(setup.IssueToken(std::chrono::hours(1)), ErrorCode::kConflict, "code");
    EXPECT_EQ(store_->Municipalities().List()->size(), 1U);
    // The one row of town_setup stops a second set-up even past the municipality check.
    EXPECT_ERROR(store_->TownSetups().Record(done->municipality.id, clock.Now()), ErrorCode::kConflict, "code");
}

TEST_P(StoreContractTest, SetUpTokensExpire) {
    ManualClock clock{At(2025, 6, 2, 1)};
    domain::TownSetup setup(*store_, clock);
    auto token = setup.IssueToken(std::chrono::minutes(30));
    ASSERT_OK(token);
    clock.Advance(std::chrono::minutes(31));
    EXPECT_ERROR(setup.CheckToken(*token), ErrorCode::kPermissionDenied, "token");
    EXPECT_ERROR(setup.SetUpWithToken(*token, HokueiSetup(), ""), ErrorCode::kPermissionDenied, "token");
    EXPECT_TRUE(store_->Municipalities().List()->empty());
    // A used token cannot be used again, even at the repository.
    auto fresh = setup.IssueToken(std::chrono::minutes(30));
    ASSERT_OK(fresh);
    EXPECT_TRUE(*store_->TownSetups().UseToken(Sha256Hex(*fresh), clock.Now()));
    EXPECT_FALSE(*store_->TownSetups().UseToken(Sha256Hex(*fresh), clock.Now()));
}

// 匿名の相談 (issue 13, item 3; migration 14): a consultation without a person, joined to one later.

// Passes every call through, keeping the executor so that a test can run migrations on it.
class PassThroughExecutor final : public SqlExecutor {
public:
    explicit PassThroughExecutor(SqlExecutor& inner) : inner_(inner) {}
    Status Read(const SqlWork& work) override { return inner_.Read(work); }
    Status Write(const SqlWork& work) override { return inner_.Write(work); }

private:
    SqlExecutor& inner_;
};

class AnonymousConsultationContractTest : public IntakeContractTest {
protected:
    domain::Consultation Anonymous(const User& staff, Instant at) {
        auto consultation = MakeConsultation(
            staff, domain::PersonId{}, {MakeContact(staff, at, domain::Channel::kPhone, domain::Source::kAnonymous)});
        consultation.person_id.reset();
        return consultation;
    }
};

TEST_P(AnonymousConsultationContractTest, AnonymousConsultationCountsInContactsNotPersonsUntilItJoins) {
    auto world = MakeWorld();
    auto tenant = store_->Tenant(world.a.id);
    auto known = AddPerson(world.a_user, "佐藤", "花子");
    ASSERT_OK(tenant->Consultations().Create(
        MakeConsultation(world.a_user, known.id, {MakeContact(world.a_user, At(2024, 5, 1))})));
    auto anonymous = tenant->Consultations().Create(Anonymous(world.a_user, At(2024, 5, 2)));
    ASSERT_OK(anonymous);
    EXPECT_FALSE(anonymous->person_id);
    ASSERT_EQ(anonymous->contacts.size(), 1u);
    EXPECT_EQ(anonymous->contacts[0].source, domain::Source::kAnonymous);

    const Instant from = At(2024, 3, 31, 15);
    const Instant to = At(2025, 3, 31, 15);
    auto before = tenant->Reports().CountConsultations(from, to);
    ASSERT_OK(before);
    EXPECT_EQ(before->contacts, 2);
    EXPECT_EQ(before->persons, 1);
    EXPECT_EQ(before->consultations, 2);
    EXPECT_EQ(Bucket(before->by_source, "anonymous").contacts, 1);
    EXPECT_EQ(Bucket(before->by_source, "anonymous").persons, 0);

    // The book lists it without a person.
    domain::BookQuery query;
    query.scope = {.kind = domain::BookScope::Kind::kOrganization,
                   .user_id = world.a_user.id,
                   .organization_id = world.a_user.organization_id};
    query.status = domain::BookStatus::kAny;
    query.limit = 10;
    auto rows = tenant->Consultations().Book(query);
    ASSERT_OK(rows);
    ASSERT_EQ(rows->size(), 2u);
    const auto row = std::find_if(rows->begin(), rows->end(), [&](const auto& r) { return r.id == anonymous->id; });
    ASSERT_NE(row, rows->end());
    EXPECT_FALSE(row->person_id);
    EXPECT_EQ(row->person_name, "");

    // Joining: a stale version, a person of another municipality, then the person; never twice.
    auto other = store_->Tenant(world.b.id);
    domain::Person stranger = NewPerson(world.b_user, "鈴木", "一郎");
    auto stranger_saved = other->Persons().Create(stranger, KeysFor("鈴木一郎", ""));
    ASSERT_OK(stranger_saved);
    EXPECT_ERROR(tenant->Consultations().SetPerson(anonymous->id, 1, stranger_saved->id), ErrorCode::kNotFound,
                 "person_id");
    auto taro = AddPerson(world.a_user, "山田", "太郎");
    EXPECT_ERROR(tenant->Consultations().SetPerson(anonymous->id, 7, taro.id), ErrorCode::kConflict, "version");
    auto joined = tenant->Consultations().SetPerson(anonymous->id, 1, taro.id);
    ASSERT_OK(joined);
    EXPECT_EQ(joined->person_id, taro.id);
    EXPECT_EQ(joined->version, 2);
    EXPECT_ERROR(tenant->Consultations().SetPerson(anonymous->id, 2, known.id), ErrorCode::kConflict, "person_id");
    EXPECT_EQ(tenant->Consultations().OfPersons({taro.id})->size(), 1u);

    auto after = tenant->Reports().CountConsultations(from, to);
    ASSERT_OK(after);
    EXPECT_EQ(after->contacts, 2);
    EXPECT_EQ(after->persons, 2);
    EXPECT_EQ(Bucket(after->by_source, "anonymous").persons, 1);
}

// Migration 14 on a database made by migrations 1..13 with data in it: every row, contact and category is kept,
// and afterwards a consultation may have no person and a caller may be anonymous.
TEST_P(AnonymousConsultationContractTest, MigrationFourteenKeepsEveryRowOfThePreviousSchema) {
    store_.reset();
    std::string url = url_;
    if (GetParam() == Backend::kSqlite) {
        url = "sqlite:" + (directory_ / "previous.db").string();
    } else {
        ExecuteRaw("SET client_min_messages = warning; DROP SCHEMA public CASCADE; CREATE SCHEMA public");
    }
    SqlExecutor* executor = nullptr;
    StoreOptions options{.pool_size = 2, .decorate_executor = [&](SqlExecutor& inner) {
                             auto wrapped = std::make_unique<PassThroughExecutor>(inner);
                             executor = wrapped.get();
                             return std::unique_ptr<SqlExecutor>(std::move(wrapped));
                         }};
    auto opened = OpenStore(url, options);
    ASSERT_OK(opened);
    store_ = std::move(*opened);
    ASSERT_NE(executor, nullptr);
    SqlDialect previous = GetParam() == Backend::kSqlite ? sqlite::SqliteDialect() : postgres::PostgresDialect();
    // Migrations 1..13 only; Migrate() then applies 14 and every later one.
    const int latest = previous.migrations.back().version;
    const auto all = static_cast<int>(previous.migrations.size());
    while (previous.migrations.back().version >= 14) previous.migrations.pop_back();
    // Counted, not computed from the versions: they may leave a gap while branches land.
    const int later = all - static_cast<int>(previous.migrations.size());
    ASSERT_OK(ApplyMigrations(*executor, previous));
    EXPECT_EQ(*store_->SchemaVersion(), 13);

    auto world = MakeWorld();
    auto tenant = store_->Tenant(world.a.id);
    auto person = AddPerson(world.a_user, "佐藤", "花子");
    ASSERT_OK(tenant->Categories().EnsureSeeded(domain::DefaultWorryCategories()));
    auto list = tenant->Categories().List();
    ASSERT_OK(list);
    auto consultation = MakeConsultation(world.a_user, person.id, {MakeContact(world.a_user, At(2024, 5, 1))});
    consultation.contacts.push_back(MakeContact(world.a_user, At(2024, 5, 2)));
    consultation.categories = {{.category_id = list->front().id, .most_pressing = true}};
    auto created = tenant->Consultations().Create(consultation);
    ASSERT_OK(created);
    // The previous schema refuses both things migration 14 allows.
    EXPECT_FALSE(tenant->Consultations().Create(Anonymous(world.a_user, At(2024, 5, 3))));

    auto applied = store_->Migrate();
    ASSERT_OK(applied);
    EXPECT_EQ(*applied, later);
    EXPECT_EQ(*store_->SchemaVersion(), latest);
    auto kept = tenant->Consultations().Get(created->id);
    ASSERT_OK(kept);
    EXPECT_EQ(kept->person_id, person.id);
    EXPECT_EQ(kept->contacts.size(), 2u);
    ASSERT_EQ(kept->categories.size(), 1u);
    EXPECT_EQ(kept->categories[0].category_id, list->front().id);
    auto anonymous = tenant->Consultations().Create(Anonymous(world.a_user, At(2024, 5, 3)));
    ASSERT_OK(anonymous);
    EXPECT_FALSE(anonymous->person_id);
    auto counts = tenant->Reports().CountConsultations(At(2024, 3, 31, 15), At(2025, 3, 31, 15));
    ASSERT_OK(counts);
    EXPECT_EQ(counts->contacts, 3);
    EXPECT_EQ(counts->persons, 1);
    // The CHECK still refuses a source that is not one.
    if (GetParam() == Backend::kSqlite) {
        EXPECT_THROW(SqliteExecute(url.substr(7), "UPDATE contacts SET source = 'martian'"), std::runtime_error);
    } else {
        EXPECT_THROW(ExecuteRaw("UPDATE contacts SET source = 'martian'"), std::runtime_error);
    }
}

INSTANTIATE_TEST_SUITE_P(Backends, AnonymousConsultationContractTest,
                         testing::Values(Backend::kSqlite, Backend::kPostgres), BackendName);

}  // namespace
}  // namespace kasane::storage

namespace kasane::storage {
namespace {

// Migrations 15 (the legal bases of the statutory templates: 消費者安全確保地域協議会, 困難女性支援法の支援調整会議)
// and 16 (organisation kinds 企業 and 自治会) on a database made by migrations 1..14 and filled: SQLite's CHECKs are
// widened through writable_schema, PostgreSQL's by ALTER TABLE; the rows are kept and the CHECKs still refuse what is
// not a code.
class WidenedCheckContractTest : public AnonymousConsultationContractTest {};

TEST_P(WidenedCheckContractTest, MigrationsFifteenAndSixteenWidenTheChecksOfAFilledDatabase) {
    store_.reset();
    std::string url = url_;
    if (GetParam() == Backend::kSqlite) {
        url = "sqlite:" + (directory_ / "previous.db").string();
    } else {
        ExecuteRaw("SET client_min_messages = warning; DROP SCHEMA public CASCADE; CREATE SCHEMA public");
    }
    SqlExecutor* executor = nullptr;
    StoreOptions options{.pool_size = 2, .decorate_executor = [&](SqlExecutor& inner) {
                             auto wrapped = std::make_unique<PassThroughExecutor>(inner);
                             executor = wrapped.get();
                             return std::unique_ptr<SqlExecutor>(std::move(wrapped));
                         }};
    auto opened = OpenStore(url, options);
    ASSERT_OK(opened);
    store_ = std::move(*opened);
    ASSERT_NE(executor, nullptr);
    SqlDialect previous = GetParam() == Backend::kSqlite ? sqlite::SqliteDialect() : postgres::PostgresDialect();
    const int latest = previous.migrations.back().version;
    ASSERT_GE(latest, 16);
    const auto all = static_cast<int>(previous.migrations.size());
    while (previous.migrations.back().version >= 15) previous.migrations.pop_back();
    // Counted, not computed from the versions: they may leave a gap while branches land.
    const int later = all - static_cast<int>(previous.migrations.size());
    ASSERT_OK(ApplyMigrations(*executor, previous));
    EXPECT_EQ(*store_->SchemaVersion(), 14);

    auto world = MakeWorld();
    auto tenant = store_->Tenant(world.a.id);
    auto body = [&](domain::LegalBasis basis, std::string name) {
        return domain::MeetingBody{.legal_basis = basis,
                                   .display_name = std::move(name),
                                   .shares_without_consent = true,
                                   .sharing_days = 90,
                                   .created_at = At(2024, 4, 1, 1)};
    };
    auto kept_body = tenant->Meetings().CreateBody(body(domain::LegalBasis::kArticle106_6, "支援会議"));
    ASSERT_OK(kept_body);
    // The previous schema refuses both new codes.
    EXPECT_FALSE(tenant->Meetings().CreateBody(body(domain::LegalBasis::kConsumerSafetyCouncil, "見守りネットワーク")));
    EXPECT_FALSE(tenant->Organizations().Create(OrganizationKind::kCompany, "株式会社 さかえ配食"));

    auto applied = store_->Migrate();
    ASSERT_OK(applied);
    EXPECT_EQ(*applied, later);
    EXPECT_EQ(*store_->SchemaVersion(), latest);
    auto kept = tenant->Meetings().GetBody(kept_body->id);
    ASSERT_OK(kept);
    EXPECT_EQ(kept->legal_basis, domain::LegalBasis::kArticle106_6);
    EXPECT_EQ(tenant->Organizations().Get(world.a_org.id)->name, "福祉課");
    auto consumer =
        tenant->Meetings().CreateBody(body(domain::LegalBasis::kConsumerSafetyCouncil, "見守りネットワーク"));
    ASSERT_OK(consumer);
    EXPECT_EQ(tenant->Meetings().GetBody(consumer->id)->legal_basis, domain::LegalBasis::kConsumerSafetyCouncil);
    ASSERT_OK(tenant->Meetings().CreateBody(body(domain::LegalBasis::kWomenSupportCouncil, "支援調整会議")));
    auto company = tenant->Organizations().Create(OrganizationKind::kCompany, "株式会社 さかえ配食");
    ASSERT_OK(company);
    EXPECT_EQ(tenant->Organizations().Get(company->id)->kind, OrganizationKind::kCompany);
    ASSERT_OK(tenant->Organizations().Create(OrganizationKind::kNeighborhoodAssociation, "本町自治会"));
    // The CHECKs still refuse a code that is not one.
    for (const std::string statement :
         {"UPDATE meeting_bodies SET legal_basis = 'martian'", "UPDATE organizations SET kind = 'martian'"}) {
        if (GetParam() == Backend::kSqlite) {
            EXPECT_THROW(SqliteExecute(url.substr(7), statement), std::runtime_error) << statement;
        } else {
            EXPECT_THROW(ExecuteRaw(statement), std::runtime_error) << statement;
        }
    }
}

// 「機関の管理」 (issue 14, item 2) through the use case on both backends: added, renamed and given another kind,
// each change audited in its transaction; a name taken, a bad name and a caseworker are refused with nothing
// written; an update that changes nothing writes nothing.
TEST_P(WidenedCheckContractTest, OrganizationsAreAddedRenamedAndReKindedWithTheirAudit) {
    auto world = MakeWorld();
    auto tenant = store_->Tenant(world.a.id);
    ManualClock clock{At(2025, 6, 2, 1)};
    domain::Administration administration(*store_, clock);
    User admin = world.a_user;
    admin.roles = {domain::Role::kMunicipalAdministrator};
    const domain::Principal principal{.user = admin, .method = domain::AuthMethod::kSession, .csrf_token = "x"};
    const domain::Principal caseworker{.user = world.a_user, .method = domain::AuthMethod::kSession, .csrf_token = "x"};
    auto audit = [&] { return tenant->Audit().ByUser(admin.id, At(2025, 6, 1), At(2025, 6, 3), 100).value(); };

    auto added =
        administration.CreateOrganization(principal, OrganizationKind::kSocialWelfareCorporation, "さかえ福祉会");
    ASSERT_OK(added);
    ASSERT_EQ(audit().size(), 1U);
    EXPECT_EQ(audit()[0].action, "create");
    EXPECT_EQ(audit()[0].record_type, "organization");
    EXPECT_EQ(audit()[0].record_id, added->id);

    EXPECT_ERROR(administration.UpdateOrganization(principal, added->id, OrganizationKind::kCompany, "福祉課"),
                 ErrorCode::kConflict, "name");
    EXPECT_ERROR(administration.UpdateOrganization(principal, added->id, OrganizationKind::kCompany, ""),
                 ErrorCode::kInvalidArgument, "name");
    EXPECT_ERROR(administration.UpdateOrganization(caseworker, added->id, OrganizationKind::kCompany, "配食"),
                 ErrorCode::kPermissionDenied, "");
    EXPECT_ERROR(administration.UpdateOrganization(principal, world.b_org.id, OrganizationKind::kCompany, "配食"),
                 ErrorCode::kNotFound, "");
    EXPECT_EQ(tenant->Organizations().Get(added->id)->name, "さかえ福祉会");
    EXPECT_EQ(audit().size(), 1U);

    auto renamed = administration.UpdateOrganization(principal, added->id, OrganizationKind::kCompany, "株式会社 配食");
    ASSERT_OK(renamed);
    auto stored = tenant->Organizations().Get(added->id);
    ASSERT_OK(stored);
    EXPECT_EQ(stored->name, "株式会社 配食");
    EXPECT_EQ(stored->kind, OrganizationKind::kCompany);
    ASSERT_EQ(audit().size(), 2U);
    const auto& update = audit()[1].action == "update" ? audit()[1] : audit()[0];
    EXPECT_EQ(update.action, "update");
    EXPECT_EQ(update.fields, "kind,name");
    EXPECT_NE(update.detail.find("previous_name=さかえ福祉会"), std::string::npos);
    ASSERT_OK(administration.UpdateOrganization(principal, added->id, OrganizationKind::kCompany, "株式会社 配食"));
    EXPECT_EQ(audit().size(), 2U);
}

// Issue 14's bad input: an administrator cannot lock the town out. The last active administrator is never
// disabled — not by another administrator (a system administrator) and not by the operator at the machine — and a
// disabling is audited with its actor.
TEST_P(WidenedCheckContractTest, TheLastActiveAdministratorIsNeverDisabled) {
    auto world = MakeWorld();
    auto tenant = store_->Tenant(world.a.id);
    ManualClock clock{At(2025, 6, 2, 1)};
    domain::Administration administration(*store_, clock);
    auto add = [&](std::string username, Role role) {
        return tenant->Users()
            .Create(NewUser{.organization_id = world.a_org.id,
                            .username = std::move(username),
                            .display_name = "管理 太郎",
                            .roles = {role},
                            .password_hash = "hash"},
                    At(2024, 4, 1, 9))
            .value();
    };
    const User town_admin = add("town-admin", Role::kMunicipalAdministrator);
    const User second_admin = add("second-admin", Role::kMunicipalAdministrator);
    const domain::Principal principal{.user = town_admin, .method = domain::AuthMethod::kSession, .csrf_token = "x"};
    // A caseworker is disabled; the second administrator too, while the first remains.
    ASSERT_OK(administration.DisableUser(principal, world.a_user.id));
    ASSERT_OK(administration.DisableUser(principal, second_admin.id));
    EXPECT_TRUE(tenant->Users().Get(second_admin.id)->disabled);
    auto audit = tenant->Audit().ByUser(town_admin.id, At(2025, 6, 1), At(2025, 6, 3), 100);
    ASSERT_OK(audit);
    ASSERT_EQ(audit->size(), 2U);
    EXPECT_EQ((*audit)[0].record_type, "user_account");
    EXPECT_EQ((*audit)[0].fields, "disabled");
    // The first administrator is now the last: the operator cannot disable them, and nothing changes.
    EXPECT_ERROR(administration.DisableUser(world.a.id, town_admin.id), ErrorCode::kConflict, "user_id");
    EXPECT_FALSE(tenant->Users().Get(town_admin.id)->disabled);
    // Another municipality's administrators do not count.
    auto other = store_->Tenant(world.b.id)
                     ->Users()
                     .Create(NewUser{.organization_id = world.b_org.id,
                                     .username = "b-admin",
                                     .display_name = "湯梨浜 管理",
                                     .roles = {Role::kMunicipalAdministrator},
                                     .password_hash = "hash"},
                             At(2024, 4, 1, 9));
    ASSERT_OK(other);
    EXPECT_ERROR(administration.DisableUser(world.a.id, town_admin.id), ErrorCode::kConflict, "user_id");
}

INSTANTIATE_TEST_SUITE_P(Backends, WidenedCheckContractTest, testing::Values(Backend::kSqlite, Backend::kPostgres),
                         BackendName);

}  // namespace
}  // namespace kasane::storage
