// SPDX-License-Identifier: Apache-2.0
#pragma once

// What the storage contract suites share: the backend parameter, assertions on Result, the throwaway PostgreSQL
// cluster's databases (the PostgreSQL cases fail, never skip, when the cluster is missing: KASANE_PG_TEST_CLUSTER
// and KASANE_PG_TEST_SCRIPT are set by tests/storage/CMakeLists.txt), temporary directories and dates.

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "base/error.hpp"
#include "base/log.hpp"
#include "base/time.hpp"
#include "domain/consultation.hpp"
#include "domain/intake_repositories.hpp"
#include "domain/person.hpp"
#include "domain/repositories.hpp"
#include "storage/open_store.hpp"

namespace kasane::storage {

enum class Backend { kSqlite, kPostgres };

inline std::string BackendName(const testing::TestParamInfo<Backend>& info) {
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

inline std::string RequiredEnvironment(const char* name) {
    const char* value = std::getenv(name);
    if (value == nullptr || *value == '\0') {
        throw std::runtime_error(std::string("environment variable ") + name +
                                 " is not set: the PostgreSQL suite must run under CTest with the postgres_cluster "
                                 "fixture (ctest -L storage)");
    }
    return value;
}

// Runs pg-test-cluster.sh createdb and returns the URL it prints.
inline std::string CreateDatabase(const std::string& name, const std::string& extra = {}) {
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

inline void PostgresExecute(const std::string& url, const std::string& sql) {
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

// A new empty directory under the system's temporary directory, unique to this process and call.
inline std::filesystem::path NewTemporaryDirectory() {
    static std::atomic<int> counter{0};
    const auto path = std::filesystem::temp_directory_path() /
                      ("kasane-storage-test-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
    return path;
}

// The database of one test, empty: a file in `directory` on SQLite; on PostgreSQL the suite's database (made once
// by `postgres_url`, with CreateDatabase), its schema dropped and made again. Throws std::runtime_error when the
// PostgreSQL cluster is missing: the test fails, never skips.
inline std::string FreshDatabaseUrl(Backend backend, const std::filesystem::path& directory,
                                    const std::string& (*postgres_url)()) {
    if (backend == Backend::kSqlite) return "sqlite:" + (directory / "kasane.db").string();
    const std::string& url = postgres_url();
    PostgresExecute(url, "SET client_min_messages = warning; DROP SCHEMA public CASCADE; CREATE SCHEMA public");
    return url;
}

// The fixture of a contract suite: OpenFreshStore gives the test a fresh, migrated database of the parameter's backend
// (on PostgreSQL the suite's database made by `postgres_url`, emptied); TearDown closes it and removes its directory.
// A suite's own SetUp calls ASSERT_NO_FATAL_FAILURE(OpenFreshStore(PostgresUrl)) first, and its TearDown resets what
// it holds of the store before calling FreshStoreTest::TearDown.
class FreshStoreTest : public testing::TestWithParam<Backend> {
protected:
    void OpenFreshStore(const std::string& (*postgres_url)()) {
        SetLogLevel(LogLevel::kWarning);
        directory_ = NewTemporaryDirectory();
        try {
            url_ = FreshDatabaseUrl(GetParam(), directory_, postgres_url);
        } catch (const std::exception& error) {
            FAIL() << "PostgreSQL test cluster unavailable: " << error.what();
        }
        auto opened = OpenStore(url_, StoreOptions{.pool_size = 4});
        ASSERT_TRUE(opened.has_value()) << opened.error().message;
        store_ = std::move(*opened);
        ASSERT_OK(store_->Migrate());
    }

    void TearDown() override {
        store_.reset();
        std::error_code error;
        std::filesystem::remove_all(directory_, error);
    }

    std::filesystem::path directory_;
    std::string url_;
    std::unique_ptr<domain::Store> store_;
};

inline Instant At(int year, unsigned month, unsigned day, int hour = 0, int minute = 0, int millisecond = 0) {
    return std::chrono::sys_days{std::chrono::year{year} / std::chrono::month{month} / std::chrono::day{day}} +
           std::chrono::hours{hour} + std::chrono::minutes{minute} + std::chrono::milliseconds{millisecond};
}

inline domain::Date Day(int year, unsigned month, unsigned day) {
    return domain::Date{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
}

// Two towns of 鳥取県 on a fresh store: `a_` (北栄町), whose records a suite writes, and `b_` (湯梨浜町), whose
// records must never show in a_'s. Each has a 福祉課 (org_, b_org_) with a caseworker (staff_, b_staff_). A suite
// calls OpenTwoTowns first in its SetUp, and resets what it holds over ta_ or tb_ before TwoTownStoreTest::TearDown.
class TwoTownStoreTest : public FreshStoreTest {
protected:
    void OpenTwoTowns(const std::string& (*postgres_url)()) {
        ASSERT_NO_FATAL_FAILURE(OpenFreshStore(postgres_url));
        a_ = store_->Municipalities()
                 .Create(domain::Municipality{.code = "313726", .name = "北栄町", .prefecture_name = "鳥取県"})
                 .value();
        b_ = store_->Municipalities()
                 .Create(domain::Municipality{.code = "313700", .name = "湯梨浜町", .prefecture_name = "鳥取県"})
                 .value();
        ta_ = store_->Tenant(a_.id);
        tb_ = store_->Tenant(b_.id);
        org_ = ta_->Organizations().Create(domain::OrganizationKind::kMunicipalDivision, "福祉課").value().id;
        b_org_ = tb_->Organizations().Create(domain::OrganizationKind::kMunicipalDivision, "福祉課").value().id;
        staff_ = AddUser(*ta_, org_, "a-staff");
        b_staff_ = AddUser(*tb_, b_org_, "b-staff");
    }

    void TearDown() override {
        ta_.reset();
        tb_.reset();
        FreshStoreTest::TearDown();
    }

    UserId AddUser(domain::TenantStore& tenant, OrganizationId organization, const std::string& username,
                   domain::Role role = domain::Role::kCaseworker) {
        return tenant.Users()
            .Create(domain::NewUser{.organization_id = organization,
                                    .username = username,
                                    .display_name = username,
                                    .roles = {role},
                                    .password_hash = "x"},
                    At(2022, 4, 1))
            .value()
            .id;
    }

    // A person of town a_ recorded by staff_ (name key only: the suites here do not search).
    domain::PersonId AddPerson(const std::string& family, const std::string& given) {
        domain::Person person;
        person.data.family_name = family;
        person.data.given_name = given;
        person.created_by_organization_id = org_;
        person.created_by_user_id = staff_;
        person.created_at = At(2024, 5, 1, 10);
        person.updated_at = person.created_at;
        auto created = ta_->Persons().Create(person, domain::PersonSearchKeys{.name_key = family + given});
        EXPECT_TRUE(created.has_value()) << (created ? "" : created.error().message);
        return created ? created->id : domain::PersonId{};
    }

    // A consultation of town a_ with one contact by phone at `at`, taken by staff_ at 福祉課.
    domain::ConsultationId AddConsultation(std::optional<domain::PersonId> person, const std::string& complaint,
                                           Instant at) {
        domain::Consultation consultation{.municipality_id = a_.id,
                                          .receiving_organization_id = org_,
                                          .received_by_user_id = staff_,
                                          .person_id = person,
                                          .chief_complaint = complaint,
                                          .created_at = at};
        domain::Contact contact;
        contact.occurred_at = at;
        contact.channel = domain::Channel::kPhone;
        contact.organization_id = org_;
        contact.staff_user_id = staff_;
        contact.summary = "電話";
        contact.recorded_at = at;
        consultation.contacts.push_back(contact);
        return ta_->Consultations().Create(consultation).value().id;
    }

    domain::Municipality a_, b_;
    std::unique_ptr<domain::TenantStore> ta_, tb_;
    OrganizationId org_{}, b_org_{};
    UserId staff_{}, b_staff_{};
};

}  // namespace kasane::storage
