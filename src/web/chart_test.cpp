// SPDX-License-Identifier: Apache-2.0
// The reports' charts: the figures drawn, a hidden figure never drawn (marked χ), the shares of a year that holds a
// hidden figure never shown, every text escaped, and the same drawing for the same data.

#include "web/chart.hpp"

#include <gtest/gtest.h>

#include <string>

namespace kasane::web {
namespace {

std::size_t Count(const std::string& text, const std::string& what) {
    std::size_t count = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++count;
    return count;
}

Chart Trend() {
    return Chart{
        .id = "trend",
        .title = "実人数と延べ件数の推移",
        .categories = {"令和4年度", "令和5年度", "令和6年度（～9月）"},
        .series = {{.name = "実人数", .values = {12, std::nullopt, 7}}, {.name = "延べ件数", .values = {30, 41, 18}}}};
}

TEST(Chart, BarsDrawEachShownFigureAndMarkAHiddenOne) {
    const std::string svg = BarChartSvg(Trend());
    EXPECT_TRUE(svg.starts_with("<svg class=\"chart chart--bars\" id=\"trend\""));
    EXPECT_TRUE(svg.ends_with("</svg>"));
    EXPECT_EQ(Count(svg, "class=\"chart__bar\""), 5U);  // six figures, one hidden
    EXPECT_EQ(Count(svg, "class=\"chart__hidden\""), 1U);
    EXPECT_NE(svg.find(">41</text>"), std::string::npos);
    // The data in words for a screen reader, χ for the hidden one.
    EXPECT_NE(svg.find("令和5年度: 実人数 χ、延べ件数 41。"), std::string::npos);
    EXPECT_EQ(svg, BarChartSvg(Trend()));
}

TEST(Chart, LinesBreakAtAHiddenFigure) {
    Chart chart = Trend();
    const std::string svg = LineChartSvg(chart);
    // 実人数: 12 | χ | 7 gives two one-point pieces; 延べ件数 one line through three points.
    EXPECT_EQ(Count(svg, "class=\"chart__line\""), 3U);
    EXPECT_EQ(Count(svg, "<circle"), 5U);
}

TEST(Chart, SharesOfAYearWithAHiddenFigureAreNotShown) {
    const std::string svg = StackedShareChartSvg(Trend());
    // 令和4年度: 12 + 30 = 42 → 28.6% and 71.4%; 令和5年度 holds a χ: one grey bar, no shares.
    EXPECT_NE(svg.find(">28.6%</text>"), std::string::npos);
    EXPECT_NE(svg.find(">71.4%</text>"), std::string::npos);
    EXPECT_EQ(Count(svg, "class=\"chart__empty\""), 1U);
    EXPECT_EQ(Count(svg, "class=\"chart__share\""), 4U);
}

TEST(Chart, EveryTextIsEscaped) {
    Chart chart = Trend();
    chart.title = "<script>alert(1)</script>";
    chart.series[0].name = "A&B";
    for (const std::string& svg : {BarChartSvg(chart), LineChartSvg(chart), StackedShareChartSvg(chart)}) {
        EXPECT_EQ(svg.find("<script>"), std::string::npos);
        EXPECT_NE(svg.find("A&amp;B"), std::string::npos);
    }
}

TEST(Chart, AnEmptyChartIsStillAPicture) {
    const Chart empty{.id = "empty", .title = "なし", .categories = {}, .series = {}};
    EXPECT_TRUE(BarChartSvg(empty).ends_with("</svg>"));
    EXPECT_TRUE(LineChartSvg(empty).ends_with("</svg>"));
    EXPECT_TRUE(StackedShareChartSvg(empty).ends_with("</svg>"));
}

}  // namespace
}  // namespace kasane::web
