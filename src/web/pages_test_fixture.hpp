// SPDX-License-Identifier: Apache-2.0
#pragma once

// For the page tests (src/web/*_test.cpp) only: a real SQLite store in a temporary directory holding the demo town,
// the real use cases, the page routes, and a way to call a route as the server would after matching and
// authenticating. What the tests check is the HTML the handlers produce and the status they answer with.

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <regex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/crypto.hpp"
#include "demo/demo_town.hpp"
#include "domain/audit_recorder.hpp"
#include "domain/case_service.hpp"
#include "domain/intake.hpp"
#include "domain/sharing_service.hpp"
#include "http/cookies.hpp"
#include "storage/sqlite/sqlite_store.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"

namespace kasane::web::page_tests {

inline bool Contains(std::string_view haystack, std::string_view needle) {
    return haystack.find(needle) != haystack.npos;
}

inline std::string Encode(std::string_view text) { return http::PercentEncode(text); }

class DemoTownPagesTest : public ::testing::Test {
public:
    struct Options {
        std::string name;             // of the temporary directory and the User-Agent
        std::chrono::sys_days today;  // the manual clock's start
    };

    // A signed-in browser: the session cookie and the CSRF token its pages carry.
    struct Session {
        std::string cookie;
        std::string csrf;
    };

protected:
    explicit DemoTownPagesTest(Options options) : options_(std::move(options)), clock_(options_.today) {}

    void SetUp() override {
        ASSERT_TRUE(InitializeCrypto());
        directory_ = std::filesystem::temp_directory_path() / ("kasane_" + options_.name + "_" + RandomToken(8));
        std::filesystem::create_directories(directory_);
        auto store = storage::sqlite::OpenSqliteStore((directory_ / "k.db").string(), 2);
        ASSERT_TRUE(store) << store.error().message;
        store_ = std::move(*store);
        ASSERT_TRUE(store_->Migrate());
        auto town = demo::LoadDemoTown(*store_, clock_);
        ASSERT_TRUE(town) << town.error().message;
        town_ = *town;
        audit_ = std::make_unique<domain::AuditRecorder>(*store_, domain::AuditRecorder::Options{});
        auth_ = std::make_unique<domain::AuthService>(*store_, clock_, domain::AuthSettings{});
        persons_ = std::make_unique<domain::PersonService>(*store_, clock_, *audit_);
        sharing_ = std::make_unique<domain::SharingService>(*store_, clock_, *audit_, *persons_);
        audit_reports_ = std::make_unique<domain::AuditService>(*store_, clock_, *audit_);
        households_ = std::make_unique<domain::HouseholdService>(*store_, clock_, *audit_);
        consultations_ = std::make_unique<domain::ConsultationService>(*store_, clock_, *audit_, *persons_);
        referrals_ = std::make_unique<domain::ReferralService>(*store_, clock_, *audit_, *persons_);
        reports_ = std::make_unique<domain::ReportService>(*store_, clock_, *audit_);
        cases_ = std::make_unique<domain::CaseService>(*store_, clock_, *audit_, *persons_);
        directory_service_ = std::make_unique<domain::Directory>(*store_);
        WebDependencies dependencies{.auth = *auth_,
                                     .directory = *directory_service_,
                                     .clock = clock_,
                                     .sharing = *sharing_,
                                     .audit = *audit_reports_,
                                     .fictional_banner_default = false,
                                     .persons = *persons_,
                                     .households = *households_,
                                     .consultations = *consultations_,
                                     .referrals = *referrals_,
                                     .reports = *reports_,
                                     .cases = *cases_};
        AddPages(router_, dependencies);
    }

    void TearDown() override {
        directory_service_.reset();
        cases_.reset();
        audit_reports_.reset();
        sharing_.reset();
        reports_.reset();
        referrals_.reset();
        consultations_.reset();
        households_.reset();
        persons_.reset();
        auth_.reset();
        audit_.reset();
        store_.reset();
        std::error_code ignored;
        std::filesystem::remove_all(directory_, ignored);
    }

    // Matches and runs a route as the server does; authenticates from the session cookie (in `headers`) for
    // kSignedIn routes.
    http::Response Call(std::string method, std::string target, std::string body = {},
                        std::vector<http::Header> headers = {}) {
        http::Request request;
        request.method = std::move(method);
        request.target = target;
        const std::size_t question = target.find('?');
        request.path = target.substr(0, question);
        request.query = question == std::string::npos ? "" : target.substr(question + 1);
        request.body = std::move(body);
        request.headers = std::move(headers);
        request.headers.push_back({"User-Agent", options_.name});
        if (!request.body.empty()) request.headers.push_back({"Content-Type", "application/x-www-form-urlencoded"});
        request.remote_address = "192.0.2.1";
        request.request_id = "test-request";
        auto match = router_.Find(request.method, request.path);
        if (!match.route) return RenderErrorPage(request, Error::NotFound());
        request.path_params = match.params;
        if (match.route->access == http::Access::kSignedIn) {
            auto cookie = request.Cookie(http::kSessionCookieName);
            if (!cookie) return http::Response::Redirect("/signin");
            auto principal = auth_->AuthenticateSession(*cookie);
            if (!principal) return http::Response::Redirect("/signin");
            request.principal = *principal;
            request.session_token = *cookie;
        }
        return match.route->handler(request);
    }

    // The same, as the browser of `session` (none: signed out).
    http::Response Call(std::string method, std::string target, std::string body, const Session* session) {
        std::vector<http::Header> headers;
        if (session) headers.push_back({"Cookie", std::string(http::kSessionCookieName) + "=" + session->cookie});
        return Call(std::move(method), std::move(target), std::move(body), std::move(headers));
    }

    // Signs in through the form; with `read_csrf`, reads the CSRF token from the home page.
    Session SignIn(std::string_view username, bool read_csrf = true) {
        auto response = Call("POST", "/signin", "username=" + std::string(username) + "&password=kasane-demo&next=%2F");
        EXPECT_EQ(response.status, 303) << response.body;
        const std::string cookie(response.HeaderValue("Set-Cookie"));
        const std::string prefix = std::string(http::kSessionCookieName) + "=";
        EXPECT_TRUE(cookie.starts_with(prefix)) << cookie;
        Session session{.cookie = cookie.substr(prefix.size(), cookie.find(';') - prefix.size()), .csrf = {}};
        if (!read_csrf) return session;
        auto home = Call("GET", "/", {}, &session);
        std::smatch match;
        const std::regex csrf(R"re(name="csrf-token" content="([^"]+)")re");
        if (std::regex_search(home.body, match, csrf)) session.csrf = match[1];
        return session;
    }

    // The domain's actor of a signed-in session, to set up records through the use cases directly.
    domain::Actor ActorOf(const Session& session) {
        auto principal = auth_->AuthenticateSession(session.cookie);
        EXPECT_TRUE(principal) << (principal ? "" : principal.error().message);
        return domain::Actor{.principal = *principal, .remote_address = "192.0.2.1", .request_id = "test"};
    }

    // A person (given name 修, born 昭和47年5月5日) recorded through 相談受付 by the session's user, the call made at
    // `occurred_at` (datetime-local). Returns the person's id.
    domain::PersonId RecordPerson(const Session& session, std::string_view family_name,
                                  std::string_view family_name_kana, std::string_view occurred_at) {
        const std::string body = "_csrf=" + Encode(session.csrf) +
                                 "&action=save&person_id=new&family_name=" + Encode(family_name) +
                                 "&given_name=" + Encode("修") + "&family_name_kana=" + Encode(family_name_kana) +
                                 "&given_name_kana=" + Encode("オサム") + "&birth_date=" + Encode("昭和47年5月5日") +
                                 "&sex=male&occurred_at=" + Encode(occurred_at) + "&channel=phone&source=family" +
                                 "&chief_complaint=" + Encode("息子が長くひきこもっている") +
                                 "&summary=" + Encode("母から電話") + "&summary_tag=fact";
        auto response = Call("POST", "/intake", body, &session);
        EXPECT_EQ(response.status, 303) << response.body;
        const std::string location(response.HeaderValue("Location"));
        std::smatch match;
        EXPECT_TRUE(std::regex_search(location, match, std::regex("/persons/(\\d+)"))) << location;
        return domain::PersonId{match.size() > 1 ? std::stoll(match[1].str()) : 0};
    }

    // The id of the category with this label, from the intake form.
    std::string CategoryId(const std::string& form_html, const std::string& label) {
        std::smatch match;
        const std::regex pattern("<label for=\"category_(\\d+)\">" + label + "</label>");
        EXPECT_TRUE(std::regex_search(form_html, match, pattern)) << label;
        return match.size() > 1 ? match[1].str() : "";
    }

    Options options_;
    std::filesystem::path directory_;
    ManualClock clock_;
    std::unique_ptr<domain::Store> store_;
    demo::DemoTown town_;
    std::unique_ptr<domain::AuditRecorder> audit_;
    std::unique_ptr<domain::Directory> directory_service_;
    std::unique_ptr<domain::AuthService> auth_;
    std::unique_ptr<domain::PersonService> persons_;
    std::unique_ptr<domain::HouseholdService> households_;
    std::unique_ptr<domain::ConsultationService> consultations_;
    std::unique_ptr<domain::ReferralService> referrals_;
    std::unique_ptr<domain::ReportService> reports_;
    std::unique_ptr<domain::SharingService> sharing_;
    std::unique_ptr<domain::AuditService> audit_reports_;
    std::unique_ptr<domain::CaseService> cases_;
    http::Router router_;
};

}  // namespace kasane::web::page_tests
