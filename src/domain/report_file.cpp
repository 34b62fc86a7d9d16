// SPDX-License-Identifier: Apache-2.0
#include "domain/report_file.hpp"

#include <algorithm>
#include <utility>

#include "base/japanese_date.hpp"
#include "domain/sharing.hpp"

namespace kasane::domain {

namespace {

ReportRow Row(std::string key, std::vector<XlsxCell> cells) { return ReportRow{std::move(key), std::move(cells)}; }

std::string BucketLabel(const ReportBucket& bucket) { return bucket.label.empty() ? bucket.code : bucket.label; }

std::string BodyKey(const ReportMeetings& meetings) {
    return meetings.body_id ? "body:" + std::to_string(meetings.body_id->value()) : std::string("bodies");
}

}  // namespace

long long ReportFile::Rows() const {
    long long rows = 0;
    for (const ReportSection& section : sections) rows += static_cast<long long>(section.rows.size());
    return rows;
}

XlsxCell CountCell(const ShownCount& count) {
    if (count.IsSuppressed()) return std::string("χ");
    return count.Value();
}

std::string CellText(const XlsxCell& cell) {
    if (const auto* number = std::get_if<long long>(&cell)) return std::to_string(*number);
    return std::get<std::string>(cell);
}

ReportFile FiscalYearFile(const FiscalYearReport& report) {
    ReportFile file;
    file.preamble = {{"集計", report.label},
                     {"期間", FormatWareki(report.period.first_day) + "～" + FormatWareki(report.period.last_day)}};
    ReportSection totals{.name = "集計", .heading = {"区分", "項目", "延べ件数", "実人数"}, .rows = {}};
    totals.rows.push_back(Row(
        "contacts", {std::string("総数"), std::string("相談"), CountCell(report.contacts), CountCell(report.persons)}));
    totals.rows.push_back(
        Row("households", {std::string("総数"), std::string("世帯数"), std::string(), CountCell(report.households)}));
    totals.rows.push_back(Row("consultations", {std::string("総数"), std::string("相談（スレッド）数"),
                                                CountCell(report.consultations), std::string()}));
    const std::pair<const char*, const std::vector<ReportBucket>*> breakdowns[] = {
        {"困りごと別", &report.by_category},
        {"経路別", &report.by_channel},
        {"相談者別", &report.by_source},
        {"受付機関別", &report.by_organization},
        {"対応結果別", &report.by_outcome}};
    for (const auto& [title, buckets] : breakdowns) {
        for (const ReportBucket& bucket : *buckets) {
            totals.rows.push_back(
                Row(std::string(title) + ":" + bucket.code,
                    {std::string(title), BucketLabel(bucket), CountCell(bucket.contacts), CountCell(bucket.persons)}));
        }
    }
    // 分野 (several per consultation) and 世帯人員 (issue 17, item 3).
    const std::pair<const char*, const std::vector<ReportBucket>*> dimensions[] = {
        {"分野別（複数該当）", &report.by_field}, {"世帯人員別", &report.by_household_size}};
    for (const auto& [title, buckets] : dimensions) {
        for (const ReportBucket& bucket : *buckets) {
            totals.rows.push_back(
                Row(std::string(title) + ":" + bucket.code,
                    {std::string(title), BucketLabel(bucket), CountCell(bucket.contacts), CountCell(bucket.persons)}));
        }
    }
    // 課題と特性 (issue 17, item 3): persons only, N = 実人数, several per person.
    for (const ReportBucket& bucket : report.by_trait) {
        totals.rows.push_back(
            Row("課題と特性別:" + bucket.code, {std::string("課題と特性別（複数該当、N=実人数）"), BucketLabel(bucket),
                                                std::string(), CountCell(bucket.persons)}));
    }
    ReportSection meetings{.name = "会議",
                           .heading = {"会議体", "根拠", "開催回数", "うち共同開催", "検討人数（実）",
                                       "検討人数（延べ）", "検討ケース（実）", "検討ケース（延べ）"},
                           .rows = {}};
    auto meeting_row = [&meetings](const ReportMeetings& body, std::string key, std::string total_name) {
        meetings.rows.push_back(
            Row(std::move(key),
                {body.body_id ? body.name : std::move(total_name),
                 body.body_id ? std::string(LegalBasisLabel(body.legal_basis)) : std::string(),
                 CountCell(body.meetings_held), CountCell(body.joint_meetings), CountCell(body.persons_discussed),
                 CountCell(body.person_items), CountCell(body.cases_discussed), CountCell(body.case_items)}));
    };
    for (const ReportMeetings& body : report.cases.by_body) meeting_row(body, BodyKey(body), {});
    meeting_row(report.cases.all_meetings, BodyKey(report.cases.all_meetings), "合計（共同開催は1回）");
    // The internal meetings with no statute are counted apart (their bodies are among the rows above).
    meeting_row(report.cases.internal_meetings, "internal_bodies", "法定外の庁内会議の合計");
    file.sections = {std::move(totals), std::move(meetings)};
    // データの質: per person field, the persons (N = 実人数) whose field is 不明 / 回答拒否 / 未聴取.
    ReportSection quality{.name = "データの質", .heading = {"項目", "不明", "回答拒否", "未聴取"}, .rows = {}};
    for (const ReportQuality& field : report.quality) {
        quality.rows.push_back(Row("quality:" + field.field, {field.label, CountCell(field.unknown),
                                                              CountCell(field.refused), CountCell(field.not_asked)}));
    }
    if (!quality.rows.empty()) file.sections.push_back(std::move(quality));
    return file;
}

ReportFile TrendFile(const TrendReport& trend) {
    ReportFile file;
    ReportSection counts{.name = "推移", .heading = {"区分"}, .rows = {}};
    for (const FiscalYearReport& year : trend.years) counts.heading.push_back(year.label);
    if (!trend.years.empty()) {
        file.preamble = {{"推移", trend.years.front().label + "～" + trend.years.back().label}};
    }
    // One row of a figure per year.
    auto figure_row = [&trend](std::string key, std::string label, auto figure) {
        ReportRow row{std::move(key), {std::move(label)}};
        for (const FiscalYearReport& year : trend.years) row.cells.push_back(figure(year));
        return row;
    };
    counts.rows.push_back(
        figure_row("persons", "実人数", [](const FiscalYearReport& year) { return CountCell(year.persons); }));
    counts.rows.push_back(
        figure_row("contacts", "延べ件数", [](const FiscalYearReport& year) { return CountCell(year.contacts); }));
    counts.rows.push_back(
        figure_row("households", "世帯数", [](const FiscalYearReport& year) { return CountCell(year.households); }));
    counts.rows.push_back(figure_row("meetings", "会議開催回数（法に基づく会議体）", [](const FiscalYearReport& year) {
        return CountCell(year.cases.all_meetings.meetings_held);
    }));
    counts.rows.push_back(
        figure_row("internal_meetings", "庁内会議（法定外）の開催回数",
                   [](const FiscalYearReport& year) { return CountCell(year.cases.internal_meetings.meetings_held); }));
    // Each body's meetings, in the order the bodies first appear (every body is listed each year, with 0 too).
    std::vector<const ReportMeetings*> bodies;
    for (const FiscalYearReport& year : trend.years) {
        for (const ReportMeetings& body : year.cases.by_body) {
            if (std::none_of(bodies.begin(), bodies.end(),
                             [&body](const ReportMeetings* known) { return known->body_id == body.body_id; })) {
                bodies.push_back(&body);
            }
        }
    }
    for (const ReportMeetings* body : bodies) {
        counts.rows.push_back(
            figure_row(BodyKey(*body), body->name + "の開催回数", [body](const FiscalYearReport& year) {
                for (const ReportMeetings& held : year.cases.by_body) {
                    if (held.body_id == body->body_id) return CountCell(held.meetings_held);
                }
                return XlsxCell{0LL};
            }));
    }
    // 相談者別: 延べ件数 of each 相談者 (本人, 家族, 関係機関 …) per year, for the shares of the 関係機関 over time.
    ReportSection sources{.name = "相談者別の推移", .heading = counts.heading, .rows = {}};
    std::vector<const ReportBucket*> kinds;
    for (const FiscalYearReport& year : trend.years) {
        for (const ReportBucket& bucket : year.by_source) {
            if (std::none_of(kinds.begin(), kinds.end(),
                             [&bucket](const ReportBucket* known) { return known->code == bucket.code; })) {
                kinds.push_back(&bucket);
            }
        }
    }
    for (const ReportBucket* kind : kinds) {
        sources.rows.push_back(
            figure_row("source:" + kind->code, BucketLabel(*kind), [kind](const FiscalYearReport& year) {
                for (const ReportBucket& bucket : year.by_source) {
                    if (bucket.code == kind->code) return CountCell(bucket.contacts);
                }
                return XlsxCell{0LL};
            }));
    }
    file.sections = {std::move(counts), std::move(sources)};
    return file;
}

std::optional<ReportFormat> CsvReportFormat(std::string_view encoding_code) {
    const auto encoding = csv::ParseEncoding(encoding_code);
    if (!encoding) return std::nullopt;
    return *encoding == csv::Encoding::kUtf8 ? ReportFormat::kCsvUtf8 : ReportFormat::kCsvWindows31j;
}

std::string_view ReportFormatCode(ReportFormat format) {
    switch (format) {
        case ReportFormat::kCsvUtf8: return "csv:utf-8";
        case ReportFormat::kCsvWindows31j: return "csv:windows-31j";
        case ReportFormat::kXlsx: return "xlsx";
    }
    return "csv:utf-8";
}

std::string ReportCsvText(const ReportFile& file) {
    std::string text;
    for (const std::vector<std::string>& line : file.preamble) text += csv::Line(line);
    for (const ReportSection& section : file.sections) {
        text += csv::Line(section.heading);
        for (const ReportRow& row : section.rows) {
            std::vector<std::string> cells;
            cells.reserve(row.cells.size());
            for (const XlsxCell& cell : row.cells) cells.push_back(CellText(cell));
            text += csv::Line(cells);
        }
    }
    return text;
}

Result<ReportExport> WriteReportFile(const ReportFile& file, std::string_view stem, ReportFormat format) {
    ReportExport out{
        .bytes = {}, .file_name = std::string(stem), .content_type = {}, .rows = file.Rows(), .substituted = 0};
    if (format == ReportFormat::kXlsx) {
        std::vector<XlsxSheet> sheets;
        for (const ReportSection& section : file.sections) {
            XlsxSheet sheet{.name = section.name, .rows = {}, .column_widths = {28}, .frozen_rows = 0};
            for (const std::vector<std::string>& line : file.preamble) {
                sheet.rows.emplace_back(line.begin(), line.end());
            }
            sheet.rows.emplace_back(section.heading.begin(), section.heading.end());
            sheet.frozen_rows = sheet.rows.size();
            for (const ReportRow& row : section.rows) sheet.rows.push_back(row.cells);
            for (std::size_t column = 1; column < section.heading.size(); ++column) {
                sheet.column_widths.push_back(14);
            }
            sheets.push_back(std::move(sheet));
        }
        auto bytes = WriteXlsx(sheets);
        if (!bytes) return Fail(bytes.error());
        out.bytes = std::move(*bytes);
        out.file_name += ".xlsx";
        out.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        return out;
    }
    const csv::Encoding encoding = format == ReportFormat::kCsvUtf8 ? csv::Encoding::kUtf8 : csv::Encoding::kWindows31j;
    auto encoded = csv::Encode(ReportCsvText(file), encoding);
    if (!encoded) return Fail(encoded.error());
    out.bytes = std::move(encoded->bytes);
    out.substituted = encoded->substituted;
    out.file_name += encoding == csv::Encoding::kUtf8 ? ".csv" : "-sjis.csv";
    out.content_type = std::string(csv::ContentType(encoding));
    return out;
}

}  // namespace kasane::domain
