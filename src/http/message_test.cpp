// SPDX-License-Identifier: Apache-2.0
#include "http/message.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace kasane::http {
namespace {

TEST(PercentDecode, DecodesEscapesAndPlus) {
    EXPECT_EQ(PercentDecode("a%20b%2Fc", PlusSign::kLiteral), "a b/c");
    EXPECT_EQ(PercentDecode("a+b", PlusSign::kSpace), "a b");
    EXPECT_EQ(PercentDecode("a+b", PlusSign::kLiteral), "a+b");
    EXPECT_EQ(PercentDecode("%E4%BD%90%E8%97%A4", PlusSign::kLiteral), "佐藤");
    EXPECT_EQ(PercentDecode("", PlusSign::kLiteral), "");
}

TEST(PercentDecode, RejectsMalformedEscapes) {
    EXPECT_EQ(PercentDecode("%", PlusSign::kLiteral), std::nullopt);
    EXPECT_EQ(PercentDecode("%4", PlusSign::kLiteral), std::nullopt);
    EXPECT_EQ(PercentDecode("abc%", PlusSign::kLiteral), std::nullopt);
    EXPECT_EQ(PercentDecode("%zz", PlusSign::kLiteral), std::nullopt);
    EXPECT_EQ(PercentDecode("%4g", PlusSign::kLiteral), std::nullopt);
}

TEST(PercentDecode, RejectsInvalidUtf8) {
    EXPECT_EQ(PercentDecode("%FF", PlusSign::kLiteral), std::nullopt);
    EXPECT_EQ(PercentDecode("%C0%AF", PlusSign::kLiteral), std::nullopt);     // overlong '/'
    EXPECT_EQ(PercentDecode("%ED%A0%80", PlusSign::kLiteral), std::nullopt);  // surrogate
    EXPECT_EQ(PercentDecode("%E4%BD", PlusSign::kLiteral), std::nullopt);     // truncated
    EXPECT_EQ(PercentDecode("\xff", PlusSign::kLiteral), std::nullopt);       // raw invalid byte
}

TEST(PercentEncode, EscapesAllButUnreserved) {
    EXPECT_EQ(PercentEncode("/cases?id=1&x=a b"), "%2Fcases%3Fid%3D1%26x%3Da%20b");
    EXPECT_EQ(PercentEncode("AZaz09-._~"), "AZaz09-._~");
    EXPECT_EQ(PercentDecode(PercentEncode("佐藤 / 髙橋"), PlusSign::kLiteral), "佐藤 / 髙橋");
}

TEST(Request, HeadersAreCaseInsensitive) {
    Request request;
    request.headers = {{"Content-Type", "application/json"}, {"X-Thing", "1"}};
    EXPECT_EQ(request.HeaderValue("content-type"), "application/json");
    EXPECT_EQ(request.HeaderValue("X-THING"), "1");
    EXPECT_EQ(request.HeaderValue("missing"), "");
}

TEST(Request, QueryParams) {
    Request request;
    request.query = "q=%E4%BD%90%E8%97%A4+%E8%8A%B1%E5%AD%90&page=2&empty=&flag&bad=%zz";
    EXPECT_EQ(request.QueryParam("q"), "佐藤 花子");
    EXPECT_EQ(request.QueryParam("page"), "2");
    EXPECT_EQ(request.QueryParam("empty"), "");
    EXPECT_EQ(request.QueryParam("flag"), "");
    EXPECT_EQ(request.QueryParam("bad"), std::nullopt);
    EXPECT_EQ(request.QueryParam("none"), std::nullopt);
}

TEST(Request, Cookies) {
    Request request;
    request.headers = {{"Cookie", "a=1; kasane_session=abc.def ; other=\"quoted\""}, {"cookie", "late=2"}};
    EXPECT_EQ(request.Cookie("kasane_session"), "abc.def");
    EXPECT_EQ(request.Cookie("other"), "quoted");
    EXPECT_EQ(request.Cookie("late"), "2");
    EXPECT_EQ(request.Cookie("kasane"), std::nullopt);
}

TEST(Request, FormFieldsFirstOccurrenceWins) {
    Request request;
    request.body = "_csrf=t%2Bk&name=%E5%B1%B1%E7%94%B0+%E5%A4%AA%E9%83%8E&name=second&bad=%FF";
    const auto fields = request.FormFields();
    EXPECT_EQ(fields.at("_csrf"), "t+k");
    EXPECT_EQ(fields.at("name"), "山田 太郎");
    EXPECT_FALSE(fields.contains("bad"));
}

TEST(Request, PathParamsAndApiSurface) {
    Request request;
    request.path = "/api/v1/organizations/7";
    request.path_params = {{"id", "7"}};
    EXPECT_EQ(request.PathParam("id"), "7");
    EXPECT_EQ(request.PathParam("other"), "");
    EXPECT_TRUE(request.IsApi());
    request.path = "/cases";
    EXPECT_FALSE(request.IsApi());
}

TEST(Response, ErrorJsonUsesTheStatusTable) {
    const Response response = Response::ErrorJson(Error::InvalidArgument("名前を入力してください", "name"));
    EXPECT_EQ(response.status, 400);
    EXPECT_EQ(response.HeaderValue("content-type"), "application/json; charset=utf-8");
    const auto body = nlohmann::json::parse(response.body);
    EXPECT_EQ(body["error"]["code"], "invalid_argument");
    EXPECT_EQ(body["error"]["message"], "名前を入力してください");
    EXPECT_EQ(body["error"]["field"], "name");
    const auto not_found = nlohmann::json::parse(Response::ErrorJson(Error::NotFound()).body);
    EXPECT_TRUE(not_found["error"]["field"].is_null());
}

TEST(Response, HeadersSetAndAdd) {
    Response response = Response::Redirect("/signin");
    EXPECT_EQ(response.status, 303);
    EXPECT_EQ(response.HeaderValue("Location"), "/signin");
    response.AddHeader("Set-Cookie", "a=1");
    response.AddHeader("Set-Cookie", "b=2");
    EXPECT_EQ(std::ranges::count_if(response.headers, [](const Header& h) { return h.name == "Set-Cookie"; }), 2);
    response.SetHeader("set-cookie", "c=3");
    EXPECT_EQ(response.headers.size(), 2u);
    EXPECT_EQ(response.HeaderValue("Set-Cookie"), "c=3");
}

TEST(HttpStatusFor, Table) {
    EXPECT_EQ(HttpStatusFor(ErrorCode::kInvalidArgument), 400);
    EXPECT_EQ(HttpStatusFor(ErrorCode::kNotFound), 404);
    EXPECT_EQ(HttpStatusFor(ErrorCode::kConflict), 409);
    EXPECT_EQ(HttpStatusFor(ErrorCode::kUnauthenticated), 401);
    EXPECT_EQ(HttpStatusFor(ErrorCode::kPermissionDenied), 403);
    EXPECT_EQ(HttpStatusFor(ErrorCode::kCsrfRejected), 403);
    EXPECT_EQ(HttpStatusFor(ErrorCode::kTooManyRequests), 429);
    EXPECT_EQ(HttpStatusFor(ErrorCode::kPayloadTooLarge), 413);
    EXPECT_EQ(HttpStatusFor(ErrorCode::kUnsupportedMediaType), 415);
    EXPECT_EQ(HttpStatusFor(ErrorCode::kMethodNotAllowed), 405);
    EXPECT_EQ(HttpStatusFor(ErrorCode::kSchemaTooNew), 503);
    EXPECT_EQ(HttpStatusFor(ErrorCode::kUnavailable), 503);
    EXPECT_EQ(HttpStatusFor(ErrorCode::kInternal), 500);
}

}  // namespace
}  // namespace kasane::http
