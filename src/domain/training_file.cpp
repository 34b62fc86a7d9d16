// SPDX-License-Identifier: Apache-2.0
#include "domain/training_file.hpp"

#include <string>
#include <utility>
#include <vector>

#include "base/japanese_date.hpp"

namespace kasane::domain {

namespace {

// The counts' cells, in the order of the headings below.
std::vector<XlsxCell> CountCells(const TraineeCounts& counts) {
    return {counts.total,         counts.citizens,           counts.professionals, counts.real,
            counts.real_citizens, counts.real_professionals, counts.completed,     counts.sessions};
}

const std::vector<std::string>& CountHeadings() {
    static const std::vector<std::string> headings = {
        "延べ", "市民", "専門職", "実人数", "実人数（市民）", "実人数（専門職）", "修了者数", "開催回数"};
    return headings;
}

}  // namespace

std::string TraineeTotalText(const TraineeCounts& counts) {
    return "延べ" + std::to_string(counts.total) + "名（市民" + std::to_string(counts.citizens) + "名、専門職" +
           std::to_string(counts.professionals) + "名）";
}

ReportFile TrainingYearFile(const TrainingYear& year) {
    const std::string label = FiscalYearLabel(year.fiscal_year);
    ReportFile file;
    file.preamble = {
        {"集計", "人材育成（" + label + "）"}, {"年度", label}, {"研修受講者数", TraineeTotalText(year.totals.all)}};

    ReportSection totals{.name = "研修受講者数", .heading = {"区分", "項目"}, .rows = {}};
    totals.heading.insert(totals.heading.end(), CountHeadings().begin(), CountHeadings().end());
    totals.heading.emplace_back("講座数");
    auto totals_row = [](std::string key, std::string group, std::string item, const TraineeCounts& counts) {
        std::vector<XlsxCell> cells{std::move(group), std::move(item)};
        for (XlsxCell& cell : CountCells(counts)) cells.push_back(std::move(cell));
        cells.emplace_back(counts.courses);
        return ReportRow{std::move(key), std::move(cells)};
    };
    totals.rows.push_back(totals_row("all", "総数", "合計", year.totals.all));
    for (const CourseKind kind : kAllCourseKinds) {
        const auto found = year.totals.by_kind.find(kind);
        const TraineeCounts counts = found == year.totals.by_kind.end() ? TraineeCounts{} : found->second;
        totals.rows.push_back(totals_row("kind:" + std::string(CourseKindCode(kind)), "講座の種類別",
                                         std::string(CourseKindLabel(kind)), counts));
    }

    ReportSection courses{.name = "講座", .heading = {"講座", "種類", "主催", "対象"}, .rows = {}};
    courses.heading.insert(courses.heading.end(), CountHeadings().begin(), CountHeadings().end());
    for (const TrainingCourseRow& row : year.courses) {
        std::vector<XlsxCell> cells{row.course.name, std::string(CourseKindLabel(row.course.kind)),
                                    row.course.organizer, row.course.audience};
        for (XlsxCell& cell : CountCells(row.counts)) cells.push_back(std::move(cell));
        courses.rows.push_back(ReportRow{"course:" + std::to_string(row.course.id.value()), std::move(cells)});
    }
    file.sections = {std::move(totals), std::move(courses)};
    return file;
}

}  // namespace kasane::domain
