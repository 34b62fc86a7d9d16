// SPDX-License-Identifier: Apache-2.0
#include "web/chart.hpp"

#include <algorithm>
#include <cstdio>

#include "web/template.hpp"

namespace kasane::web {

namespace {

constexpr double kWidth = 720;
constexpr double kHeight = 320;
constexpr double kLeft = 64;
constexpr double kRight = 704;
constexpr double kTop = 48;
constexpr double kBottom = 256;
// Distinct hues of different lightness, so that series stay apart in grey print too.
constexpr const char* kColours[] = {"#1f5f99", "#e08a2c", "#3b8f4f", "#8e44ad",
                                    "#b03a2e", "#5d6d7e", "#c9a227", "#17a2b8"};
constexpr const char* kDashes[] = {"", "8 4", "2 3", "10 3 2 3", "4 4", "1 2", "12 4", "6 2 2 2"};

const char* Colour(std::size_t series) { return kColours[series % std::size(kColours)]; }
const char* Dash(std::size_t series) { return kDashes[series % std::size(kDashes)]; }

std::string Number(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", value);
    return text;
}

// The axis: a round step (1, 2 or 5 times a power of ten, at least 1) and the top it reaches.
struct Axis {
    long long step = 1;
    long long top = 1;
};

Axis AxisFor(long long largest) {
    Axis axis;
    const double wanted = static_cast<double>(std::max(largest, 1LL)) / 4.0;
    long long power = 1;
    while (power * 10 <= wanted) power *= 10;
    for (long long factor : {1LL, 2LL, 5LL, 10LL}) {
        if (static_cast<double>(factor * power) >= wanted) {
            axis.step = factor * power;
            break;
        }
    }
    axis.top = std::max(axis.step, (std::max(largest, 1LL) + axis.step - 1) / axis.step * axis.step);
    return axis;
}

long long Largest(const Chart& chart) {
    long long largest = 0;
    for (const ChartSeries& series : chart.series) {
        for (const auto& value : series.values) largest = std::max(largest, value.value_or(0));
    }
    return largest;
}

double YOf(long long value, const Axis& axis) {
    return kBottom - (kBottom - kTop) * static_cast<double>(value) / static_cast<double>(axis.top);
}

double CategoryWidth(const Chart& chart) {
    return (kRight - kLeft) / static_cast<double>(std::max<std::size_t>(chart.categories.size(), 1));
}

double CategoryCentre(const Chart& chart, std::size_t category) {
    return kLeft + CategoryWidth(chart) * (static_cast<double>(category) + 0.5);
}

std::string Text(double x, double y, const std::string& text, const std::string& attributes = {}) {
    return "<text x=\"" + Number(x) + "\" y=\"" + Number(y) + "\"" + attributes + ">" + EscapeHtml(text) + "</text>";
}

// The data in words, for a screen reader: 令和5年度: 実人数 12、延べ件数 30。
std::string Description(const Chart& chart) {
    std::string text;
    for (std::size_t category = 0; category < chart.categories.size(); ++category) {
        text += chart.categories[category] + ": ";
        for (std::size_t series = 0; series < chart.series.size(); ++series) {
            if (series > 0) text += "、";
            const auto& values = chart.series[series].values;
            const auto value = category < values.size() ? values[category] : std::nullopt;
            text += chart.series[series].name + " " + (value ? std::to_string(*value) : std::string("χ"));
        }
        text += "。";
    }
    return text;
}

std::string Open(const Chart& chart, const char* kind) {
    std::string svg = "<svg class=\"chart chart--" + std::string(kind) + "\" id=\"" + EscapeHtml(chart.id) +
                      "\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + Number(kWidth) + " " +
                      Number(kHeight) + "\" role=\"img\" aria-labelledby=\"" + EscapeHtml(chart.id) + "-title " +
                      EscapeHtml(chart.id) + "-desc\" font-family=\"sans-serif\" font-size=\"12\">";
    svg += "<title id=\"" + EscapeHtml(chart.id) + "-title\">" + EscapeHtml(chart.title) + "</title>";
    svg += "<desc id=\"" + EscapeHtml(chart.id) + "-desc\">" + EscapeHtml(Description(chart)) + "</desc>";
    return svg;
}

// The legend along the top: a swatch (or a dashed line) and the name of each series.
std::string Legend(const Chart& chart, bool lines) {
    std::string svg = "<g class=\"chart__legend\">";
    double x = kLeft;
    for (std::size_t series = 0; series < chart.series.size(); ++series) {
        if (lines) {
            svg += "<line x1=\"" + Number(x) + "\" y1=\"20\" x2=\"" + Number(x + 24) + "\" y2=\"20\" stroke=\"" +
                   Colour(series) + "\" stroke-width=\"3\" stroke-dasharray=\"" + Dash(series) + "\"/>";
        } else {
            svg +=
                "<rect x=\"" + Number(x) + "\" y=\"13\" width=\"14\" height=\"14\" fill=\"" + Colour(series) + "\"/>";
        }
        const double text_x = x + (lines ? 30 : 20);
        svg += Text(text_x, 25, chart.series[series].name);
        // About 13 px a character; Japanese names are mostly full width.
        x = text_x + 13.0 * static_cast<double>(chart.series[series].name.size()) / 3.0 + 20;
    }
    return svg + "</g>";
}

// Grid lines with their figures, the base line, and the category labels below.
std::string Frame(const Chart& chart, const Axis& axis) {
    std::string svg = "<g class=\"chart__axis\" fill=\"#333\">";
    for (long long tick = 0; tick <= axis.top; tick += axis.step) {
        const double y = YOf(tick, axis);
        svg += "<line x1=\"" + Number(kLeft) + "\" y1=\"" + Number(y) + "\" x2=\"" + Number(kRight) + "\" y2=\"" +
               Number(y) + "\" stroke=\"" + (tick == 0 ? "#333" : "#ddd") + "\"/>";
        svg += Text(kLeft - 6, y + 4, std::to_string(tick), " text-anchor=\"end\"");
    }
    for (std::size_t category = 0; category < chart.categories.size(); ++category) {
        svg +=
            Text(CategoryCentre(chart, category), kBottom + 20, chart.categories[category], " text-anchor=\"middle\"");
    }
    return svg + "</g>";
}

std::optional<long long> ValueAt(const ChartSeries& series, std::size_t category) {
    return category < series.values.size() ? series.values[category] : std::nullopt;
}

std::string Hidden(double x) { return Text(x, kBottom - 4, "χ", " text-anchor=\"middle\" class=\"chart__hidden\""); }

}  // namespace

std::string BarChartSvg(const Chart& chart) {
    const Axis axis = AxisFor(Largest(chart));
    std::string svg = Open(chart, "bars") + Legend(chart, false) + Frame(chart, axis);
    const double group = CategoryWidth(chart) * 0.8;
    const double bar = group / static_cast<double>(std::max<std::size_t>(chart.series.size(), 1));
    for (std::size_t category = 0; category < chart.categories.size(); ++category) {
        const double start = CategoryCentre(chart, category) - group / 2;
        for (std::size_t series = 0; series < chart.series.size(); ++series) {
            const double x = start + bar * static_cast<double>(series);
            const auto value = ValueAt(chart.series[series], category);
            if (!value) {
                svg += Hidden(x + bar / 2);
                continue;
            }
            const double y = YOf(*value, axis);
            svg += "<rect class=\"chart__bar\" x=\"" + Number(x + 1) + "\" y=\"" + Number(y) + "\" width=\"" +
                   Number(bar - 2) + "\" height=\"" + Number(kBottom - y) + "\" fill=\"" + Colour(series) + "\"/>";
            svg += Text(x + bar / 2, y - 4, std::to_string(*value), " text-anchor=\"middle\"");
        }
    }
    return svg + "</svg>";
}

std::string LineChartSvg(const Chart& chart) {
    const Axis axis = AxisFor(Largest(chart));
    std::string svg = Open(chart, "lines") + Legend(chart, true) + Frame(chart, axis);
    for (std::size_t series = 0; series < chart.series.size(); ++series) {
        // A line through consecutive shown figures; a hidden one breaks it.
        std::string points;
        auto flush = [&] {
            if (!points.empty()) {
                svg += "<polyline class=\"chart__line\" fill=\"none\" stroke=\"" + std::string(Colour(series)) +
                       "\" stroke-width=\"2.5\" stroke-dasharray=\"" + Dash(series) + "\" points=\"" + points + "\"/>";
            }
            points.clear();
        };
        std::string marks;
        for (std::size_t category = 0; category < chart.categories.size(); ++category) {
            const double x = CategoryCentre(chart, category);
            const auto value = ValueAt(chart.series[series], category);
            if (!value) {
                flush();
                marks += Hidden(x);
                continue;
            }
            const double y = YOf(*value, axis);
            points += (points.empty() ? "" : " ") + Number(x) + "," + Number(y);
            marks += "<circle cx=\"" + Number(x) + "\" cy=\"" + Number(y) + "\" r=\"4\" fill=\"" + Colour(series) +
                     "\"/>" + Text(x + 6, y - 6, std::to_string(*value));
        }
        flush();
        svg += marks;
    }
    return svg + "</svg>";
}

std::string StackedShareChartSvg(const Chart& chart) {
    std::string svg = Open(chart, "shares") + Legend(chart, false);
    // The axis in percent.
    svg += "<g class=\"chart__axis\" fill=\"#333\">";
    for (int percent = 0; percent <= 100; percent += 25) {
        const double y = kBottom - (kBottom - kTop) * percent / 100.0;
        svg += "<line x1=\"" + Number(kLeft) + "\" y1=\"" + Number(y) + "\" x2=\"" + Number(kRight) + "\" y2=\"" +
               Number(y) + "\" stroke=\"" + (percent == 0 ? "#333" : "#ddd") + "\"/>";
        svg += Text(kLeft - 6, y + 4, std::to_string(percent) + "%", " text-anchor=\"end\"");
    }
    for (std::size_t category = 0; category < chart.categories.size(); ++category) {
        svg +=
            Text(CategoryCentre(chart, category), kBottom + 20, chart.categories[category], " text-anchor=\"middle\"");
    }
    svg += "</g>";
    const double width = CategoryWidth(chart) * 0.6;
    for (std::size_t category = 0; category < chart.categories.size(); ++category) {
        const double x = CategoryCentre(chart, category) - width / 2;
        long long total = 0;
        bool hidden = false;
        for (const ChartSeries& series : chart.series) {
            const auto value = ValueAt(series, category);
            hidden = hidden || !value;
            total += value.value_or(0);
        }
        if (hidden || total == 0) {
            svg += "<rect class=\"chart__empty\" x=\"" + Number(x) + "\" y=\"" + Number(kTop) + "\" width=\"" +
                   Number(width) + "\" height=\"" + Number(kBottom - kTop) + "\" fill=\"#eee\" stroke=\"#999\"/>";
            svg += Text(x + width / 2, (kTop + kBottom) / 2, hidden ? "χ" : "0件",
                        " text-anchor=\"middle\" class=\"chart__hidden\"");
            continue;
        }
        double bottom = kBottom;
        for (std::size_t series = 0; series < chart.series.size(); ++series) {
            const long long value = ValueAt(chart.series[series], category).value_or(0);
            if (value == 0) continue;
            const double share = static_cast<double>(value) / static_cast<double>(total);
            const double height = (kBottom - kTop) * share;
            svg += "<rect class=\"chart__share\" x=\"" + Number(x) + "\" y=\"" + Number(bottom - height) +
                   "\" width=\"" + Number(width) + "\" height=\"" + Number(height) + "\" fill=\"" + Colour(series) +
                   "\"/>";
            if (height >= 16) {
                svg += Text(x + width / 2, bottom - height / 2 + 4, Number(share * 100) + "%",
                            " text-anchor=\"middle\" fill=\"#fff\"");
            }
            bottom -= height;
        }
    }
    return svg + "</svg>";
}

}  // namespace kasane::web
