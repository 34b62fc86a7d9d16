// SPDX-License-Identifier: Apache-2.0
// Handing a report out as a file: written in the format asked, and recorded in the audit trail as an export before
// it leaves (export_rights.hpp), with its row count, its format and the characters Windows-31J could not hold. Every
// report a town takes as a file (年度集計, 推移, 国報告, 県の集計, 孤独感, 民生委員活動状況, 人材育成, 評価シート,
// 事業別実績, 関係者調査) goes out through here; the caller has already asked whether the actor may take it.

#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/time.hpp"
#include "domain/report_file.hpp"

namespace kasane::domain {

class Store;
struct Actor;

// What the audit entry says of the file.
struct ReportFileAudit {
    std::string_view record_type;  // "report", "prefecture_rollup", "training_totals", …
    std::int64_t record_id = 0;    // the 年度 for a yearly report, else the record's id (0 for none)
    std::string what;              // Japanese: 「国報告（令和6年度）」
    std::string figures;  // 「正確な数」 or 「秘匿あり」 when the report could carry either; else empty
    std::string basis;    // AccessBasisCode of the read, or "" for the town's own report
};

// 「正確な数」 or 「秘匿あり」: the figures a report file carries, as its audit entry says.
std::string FiguresLabel(Figures figures);

// The detail line: 「国報告（令和6年度）のCSV出力（正確な数）、Windows-31Jにない文字2字を〓で出力」.
std::string ReportFileDetail(const ReportFileAudit& audit, ReportFormat format, int substituted);

// WriteReportFile, then one audit entry (action export) appended in its own transaction; the file only when both
// succeed.
Result<ReportExport> DeliverReportFile(Store& store, const Actor& actor, const Clock& clock, const ReportFile& table,
                                       std::string_view stem, ReportFormat format, const ReportFileAudit& audit);

}  // namespace kasane::domain
