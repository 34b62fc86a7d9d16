// SPDX-License-Identifier: Apache-2.0
#include "http/query_params.hpp"

#include <gtest/gtest.h>

#include <string>

namespace kasane::http {
namespace {

Request WithQuery(std::string query) {
    Request request;
    request.query = std::move(query);
    return request;
}

TEST(FiscalYearQuery, ReadsTheWaysATownWritesAYear) {
    EXPECT_EQ(FiscalYearQuery(WithQuery("year=2024"), "year", std::nullopt).value(), 2024);
    EXPECT_EQ(FiscalYearQuery(WithQuery("year=R6"), "year", std::nullopt).value(), 2024);
    EXPECT_EQ(FiscalYearQuery(WithQuery("year=%E4%BB%A4%E5%92%8C6%E5%B9%B4%E5%BA%A6"), "year", std::nullopt).value(),
              2024);
}

TEST(FiscalYearQuery, AbsentOrEmptyIsTheFallback) {
    EXPECT_EQ(FiscalYearQuery(WithQuery(""), "year", 2030).value(), 2030);
    EXPECT_EQ(FiscalYearQuery(WithQuery("year="), "year", 2030).value(), 2030);
}

TEST(FiscalYearQuery, AbsentWithoutAFallbackNamesTheParameter) {
    auto year = FiscalYearQuery(WithQuery("year=2024"), "fiscal_year", std::nullopt);
    ASSERT_FALSE(year);
    EXPECT_EQ(year.error().field, "fiscal_year");
    EXPECT_EQ(year.error().message, "fiscal_year（年度）を指定してください");
}

TEST(FiscalYearQuery, MalformedOrTooLongIsAnErrorOnTheParameter) {
    auto bad = FiscalYearQuery(WithQuery("to=abc"), "to", 2024, "終わりの年度");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().field, "to");
    EXPECT_NE(bad.error().message.find("終わりの年度"), std::string::npos);
    auto long_text = FiscalYearQuery(WithQuery("year=" + std::string(41, '1')), "year", 2024);
    ASSERT_FALSE(long_text);
    EXPECT_EQ(long_text.error().message, "年度の形式が正しくありません");
}

TEST(ThroughMonthQuery, TheWholeYearUnlessAMonthIsAsked) {
    EXPECT_EQ(ThroughMonthQuery(WithQuery("")).value(), 3);
    EXPECT_EQ(ThroughMonthQuery(WithQuery("through=9")).value(), 9);
    EXPECT_FALSE(ThroughMonthQuery(WithQuery("through=13")));
}

}  // namespace
}  // namespace kasane::http
