// SPDX-License-Identifier: Apache-2.0
#pragma once

// Charts of the reports (issue 17, item 5), drawn as SVG by the server: grouped bars, trend lines and stacked
// shares. Pure functions — data in, SVG text out, the same drawing for the same data — so the page, its print and
// the tests see one picture, and nothing comes from a CDN. Each chart is drawn beside its data table (the page puts
// the table next to it); a hidden figure (「χ」) is not drawn and is marked χ where its bar or point would be. Every
// text is HTML-escaped; colours are distinct in grey print too (each series also has its own dash or pattern).

#include <optional>
#include <string>
#include <vector>

namespace kasane::web {

struct ChartSeries {
    std::string name;
    std::vector<std::optional<long long>> values;  // one per category; nullopt for a hidden figure (「χ」)
};

struct Chart {
    std::string id;                       // the element's id, and the prefix of its title's and description's ids
    std::string title;                    // 実人数と延べ件数の推移
    std::vector<std::string> categories;  // the x axis: 令和4年度, 令和5年度, 令和6年度（～9月）
    std::vector<ChartSeries> series;
};

// Bars side by side per category, one per series, with a legend and the axis from 0 to a round maximum.
std::string BarChartSvg(const Chart& chart);
// One line per series across the categories, a point at each figure.
std::string LineChartSvg(const Chart& chart);
// One bar per category split into the series' shares of the category's total (100%), the percentages written on
// segments wide enough to hold them. A category with a hidden figure is not split (its shares could give it back):
// it is drawn as a grey bar marked χ.
std::string StackedShareChartSvg(const Chart& chart);

}  // namespace kasane::web
