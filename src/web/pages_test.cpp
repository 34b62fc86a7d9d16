// SPDX-License-Identifier: Apache-2.0
// Page handlers against a real SQLite store holding the demo town. The handlers are called through the router
// (as the server would after matching and authenticating), so what is checked is the HTML they produce.

#include "web/pages.hpp"

#include <gtest/gtest.h>

#include "web/assets.hpp"
#include "web/pages_test_fixture.hpp"

namespace kasane::web {
namespace {

using page_tests::Contains;

// The shell's pages: sign-in, home, errors, assets.
class PagesTest : public page_tests::DemoTownPagesTest {
protected:
    PagesTest()
        : DemoTownPagesTest({.name = "pages_test", .today = std::chrono::sys_days{std::chrono::year{2024} / 4 / 1}}) {}

    // Signs in through the form and returns the session token from Set-Cookie.
    std::string SignIn(std::string_view username) { return DemoTownPagesTest::SignIn(username, false).cookie; }
};

TEST_F(PagesTest, SignInFormIsJapaneseAndKeepsASafeNext) {
    auto response = Call("GET", "/signin?next=%2Fpersons%3Fq%3D1");
    EXPECT_EQ(response.status, 200);
    EXPECT_TRUE(response.HeaderValue("Content-Type").starts_with("text/html"));
    const std::string& html = response.body;
    EXPECT_TRUE(Contains(html, "<html lang=\"ja\">"));
    EXPECT_TRUE(Contains(html, "<title>サインイン | 重ね Kasane</title>"));
    EXPECT_TRUE(Contains(html, "<label class=\"form-field__label\" for=\"username\">ユーザー名</label>"));
    EXPECT_TRUE(Contains(html, ">パスワード</label>"));
    EXPECT_TRUE(Contains(html, "name=\"next\" value=\"/persons?q=1\""));
    EXPECT_TRUE(Contains(html, "本文へ移動"));
    EXPECT_TRUE(Contains(html, "\"includeIndicatorStyles\":false") ||
                Contains(html, "&quot;includeIndicatorStyles&quot;:false"));
    // No session yet: no CSRF meta, no sign-out form. fictional_banner_default is false here.
    EXPECT_FALSE(Contains(html, "csrf-token"));
    EXPECT_FALSE(Contains(html, "/signout"));
    EXPECT_FALSE(Contains(html, "これは架空のデモデータです"));

    for (const char* unsafe : {"%2F%2Fevil.example%2F", "https%3A%2F%2Fevil.example", "%2F%5Cevil.example",
                               "%2Fa%0D%0ASet-Cookie%3A%20x", "%2Fsignin", "javascript%3Aalert(1)"}) {
        auto page = Call("GET", std::string("/signin?next=") + unsafe);
        EXPECT_TRUE(Contains(page.body, "name=\"next\" value=\"/\"")) << unsafe;
    }
}

TEST_F(PagesTest, WrongPasswordAndUnknownUserGetTheSameAnswer) {
    auto wrong = Call("POST", "/signin", "username=demo-caseworker&password=wrong-password&next=%2F");
    auto unknown = Call("POST", "/signin", "username=nobody-here&password=wrong-password&next=%2F");
    for (const auto* response : {&wrong, &unknown}) {
        EXPECT_EQ(response->status, 401);
        EXPECT_TRUE(Contains(response->body, "ユーザー名またはパスワードが正しくありません"));
        EXPECT_TRUE(Contains(response->body, "role=\"alert\""));
        EXPECT_FALSE(Contains(response->body, "wrong-password"));  // the password is never echoed
        EXPECT_TRUE(response->HeaderValue("Set-Cookie").empty());
    }
    EXPECT_TRUE(Contains(wrong.body, "value=\"demo-caseworker\""));  // the username is kept for a retry

    auto empty = Call("POST", "/signin", "username=&password=");
    EXPECT_EQ(empty.status, 400);
    EXPECT_TRUE(Contains(empty.body, "ユーザー名とパスワードを入力してください"));
}

TEST_F(PagesTest, ALockedAccountLooksLikeAWrongPassword) {
    // Issue #11 item 7: a locked account (even with the right password), a disabled one, an unknown username and a
    // wrong password give the same status, headers and page, so that the form tells an attacker nothing.
    auto wrong = Call("POST", "/signin", "username=demo-npo&password=wrong&next=%2F");
    for (int attempt = 1; attempt < domain::AuthSettings{}.max_failures_per_account; ++attempt) {
        Call("POST", "/signin", "username=demo-npo&password=wrong&next=%2F");
    }
    auto locked = Call("POST", "/signin", "username=demo-npo&password=kasane-demo&next=%2F");
    auto unknown = Call("POST", "/signin", "username=nobody-here&password=kasane-demo&next=%2F");
    EXPECT_EQ(locked.status, 401);
    EXPECT_EQ(locked.status, wrong.status);
    EXPECT_EQ(locked.body, wrong.body);
    auto header_lines = [](const http::Response& response) {
        std::vector<std::string> lines;
        for (const auto& header : response.headers) lines.push_back(header.name + ": " + header.value);
        return lines;
    };
    EXPECT_EQ(header_lines(locked), header_lines(wrong));
    EXPECT_EQ(unknown.status, wrong.status);
    // The typed username is echoed back into the form; apart from it the pages are the same.
    std::string unknown_body = unknown.body;
    const std::string typed = "value=\"nobody-here\"";
    unknown_body.replace(unknown_body.find(typed), typed.size(), "value=\"demo-npo\"");
    EXPECT_EQ(unknown_body, wrong.body);
    EXPECT_FALSE(Contains(locked.body, "以降にやり直してください"));  // no hint that a lock exists
    EXPECT_TRUE(locked.HeaderValue("Set-Cookie").empty());
}

TEST_F(PagesTest, SignInRedirectsToNextWithASessionCookie) {
    auto response =
        Call("POST", "/signin", "username=demo-caseworker&password=kasane-demo&next=%2Fpersons%3Fq%3D%E4%BD%90");
    EXPECT_EQ(response.status, 303);
    // The form field was percent-decoded; non-ASCII is not allowed in a Location, so it falls back to "/".
    EXPECT_EQ(response.HeaderValue("Location"), "/");
    auto plain = Call("POST", "/signin", "username=demo-caseworker&password=kasane-demo&next=%2Fpersons%3Fq%3D1");
    EXPECT_EQ(plain.HeaderValue("Location"), "/persons?q=1");
    const std::string_view cookie = plain.HeaderValue("Set-Cookie");
    EXPECT_TRUE(cookie.starts_with("kasane_session="));
    EXPECT_TRUE(Contains(cookie, "HttpOnly"));
    EXPECT_TRUE(Contains(cookie, "SameSite=Strict"));
}

TEST_F(PagesTest, HomeShowsMunicipalityOrganisationUserAndRoles) {
    const std::string token = SignIn("demo-caseworker");
    auto response = Call("GET", "/", {}, {{"Cookie", "kasane_session=" + token}});
    ASSERT_EQ(response.status, 200) << response.body;
    const std::string& html = response.body;
    EXPECT_TRUE(Contains(html, town_.municipality.name)) << html;
    EXPECT_TRUE(Contains(html, town_.municipality.code));
    EXPECT_TRUE(Contains(html, "全国地方公共団体コード"));
    EXPECT_TRUE(Contains(html, "福祉課"));
    EXPECT_TRUE(
        Contains(html, std::string(domain::OrganizationKindLabel(domain::OrganizationKind::kMunicipalDivision))));
    EXPECT_TRUE(Contains(html, "相談 はるか（デモ）"));
    EXPECT_TRUE(Contains(html, std::string(domain::RoleLabel(domain::Role::kCaseworker))));
    EXPECT_TRUE(Contains(html, "これは架空のデモデータです"));  // the demo town is fictional
    EXPECT_TRUE(Contains(html, "aria-current=\"page\">ホーム"));

    const std::string csrf = domain::AuthService::CsrfTokenFor(token);
    EXPECT_TRUE(Contains(html, "<meta name=\"csrf-token\" content=\"" + csrf + "\">"));
    EXPECT_TRUE(Contains(html, "name=\"_csrf\" value=\"" + csrf + "\""));
    EXPECT_TRUE(Contains(html, "hx-headers=\"{&quot;X-CSRF-Token&quot;:&quot;" + csrf + "&quot;}\""));
}

TEST_F(PagesTest, DisplayNamesAreEscaped) {
    auto tenant = store_->Tenant(town_.municipality.id);
    auto organizations = tenant->Organizations().List();
    ASSERT_TRUE(organizations && !organizations->empty());
    auto hash = HashPassword("kasane-demo");
    ASSERT_TRUE(hash);
    auto created = tenant->Users().Create(domain::NewUser{.organization_id = organizations->front().id,
                                                          .username = "xss-test",
                                                          .display_name = "<script>alert('x')</script>",
                                                          .roles = {domain::Role::kCaseworker},
                                                          .password_hash = *hash},
                                          clock_.Now());
    ASSERT_TRUE(created) << created.error().message;
    const std::string token = SignIn("xss-test");
    auto response = Call("GET", "/", {}, {{"Cookie", "kasane_session=" + token}});
    EXPECT_FALSE(Contains(response.body, "<script>alert"));
    EXPECT_TRUE(Contains(response.body, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
}

TEST_F(PagesTest, SignOutEndsTheSessionAndClearsTheCookie) {
    const std::string token = SignIn("demo-caseworker");
    auto response = Call("POST", "/signout", "_csrf=" + domain::AuthService::CsrfTokenFor(token),
                         {{"Cookie", "kasane_session=" + token}});
    EXPECT_EQ(response.status, 303);
    EXPECT_EQ(response.HeaderValue("Location"), "/signin");
    EXPECT_TRUE(Contains(response.HeaderValue("Set-Cookie"), "Max-Age=0"));
    EXPECT_FALSE(auth_->AuthenticateSession(token));
    auto home = Call("GET", "/", {}, {{"Cookie", "kasane_session=" + token}});
    EXPECT_EQ(home.status, 303);
}

TEST_F(PagesTest, ErrorPagesAreJapaneseWithTheRightStatus) {
    struct Case {
        Error error;
        int status;
        std::string_view title;
    };
    const Case cases[] = {
        {Error::InvalidArgument("生年月日の形式が正しくありません", "birth_date"), 400, "入力内容に誤りがあります"},
        {Error::Unauthenticated(), 401, "サインインが必要です"},
        {Error::PermissionDenied(), 403, "権限がありません"},
        {Error::CsrfRejected(), 403, "操作を確認できませんでした"},
        {Error::NotFound(), 404, "ページが見つかりません"},
        {Error{ErrorCode::kMethodNotAllowed, "このメソッドは使えません", {}}, 405, "この操作はできません"},
        {Error::Conflict("すでに登録されています"), 409, "ほかの操作と重なりました"},
        {Error::PayloadTooLarge("大きすぎます"), 413, "送信された内容が大きすぎます"},
        {Error::TooManyRequests("しばらく待ってください"), 429, "しばらくお待ちください"},
        {Error::Internal("secret detail"), 500, "エラーが発生しました"},
        {Error::Unavailable("connection refused at 10.0.0.1"), 503, "ただいま利用できません"},
    };
    http::Request request;
    request.method = "GET";
    request.target = request.path = "/somewhere";
    request.request_id = "req-123";
    for (const Case& c : cases) {
        auto response = RenderErrorPage(request, c.error);
        EXPECT_EQ(response.status, c.status) << c.title;
        EXPECT_TRUE(Contains(response.body, "<h1 class=\"page-title\">" + std::string(c.title) + "</h1>"))
            << response.body;
        EXPECT_TRUE(Contains(response.body, "<html lang=\"ja\">"));
        EXPECT_TRUE(Contains(response.body, "href=\"/\""));
        EXPECT_TRUE(Contains(response.body, "req-123"));
    }
    // Details that could leak internals are not shown; helpful ones are.
    EXPECT_FALSE(Contains(RenderErrorPage(request, Error::Internal("secret detail")).body, "secret detail"));
    EXPECT_FALSE(Contains(RenderErrorPage(request, Error::Unavailable("10.0.0.1")).body, "10.0.0.1"));
    EXPECT_TRUE(Contains(RenderErrorPage(request, cases[0].error).body, "生年月日の形式が正しくありません"));
    EXPECT_TRUE(Contains(RenderErrorPage(request, Error::Unauthenticated()).body, "/signin?next=%2Fsomewhere"));
}

TEST_F(PagesTest, UnknownPathsGetThe404Page) {
    auto response = Call("GET", "/no/such/page");
    EXPECT_EQ(response.status, 404);
    EXPECT_TRUE(Contains(response.body, "ページが見つかりません"));
}

TEST_F(PagesTest, AssetsAreServedWithTypesAndCaching) {
    const std::string url = AssetUrls()["kasane_css"];
    auto hashed = Call("GET", url);
    EXPECT_EQ(hashed.status, 200);
    EXPECT_EQ(hashed.HeaderValue("Content-Type"), "text/css; charset=utf-8");
    EXPECT_EQ(hashed.HeaderValue("Cache-Control"), "public, max-age=31536000, immutable");
    const std::string etag(hashed.HeaderValue("ETag"));
    EXPECT_FALSE(etag.empty());
    EXPECT_TRUE(Contains(hashed.body, "@media print"));

    auto plain = Call("GET", "/assets/htmx.min.js");
    EXPECT_EQ(plain.status, 200);
    EXPECT_EQ(plain.HeaderValue("Content-Type"), "text/javascript; charset=utf-8");
    EXPECT_EQ(plain.HeaderValue("Cache-Control"), "no-cache");

    auto revalidated = Call("GET", url, {}, {{"If-None-Match", "\"other\", " + etag}});
    EXPECT_EQ(revalidated.status, 304);
    EXPECT_TRUE(revalidated.body.empty());

    EXPECT_EQ(Call("GET", "/assets/kasane.0123456789abcdef.css").status, 404);
    EXPECT_EQ(Call("GET", "/assets/layout.html").status, 404);
}

}  // namespace
}  // namespace kasane::web
