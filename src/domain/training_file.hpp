// SPDX-License-Identifier: Apache-2.0
#pragma once

// 人材育成's 年度 as the file it leaves the system in (issue 17, items 4 and 9): the 研修受講者数 of the 年度 (in all,
// then per course kind) and its courses with their counts, written through report_file.hpp as CSV (UTF-8 with BOM,
// or Windows-31J) or XLSX like every report. No attendee is named in it: counts only.

#include "domain/report_file.hpp"
#include "domain/training_service.hpp"

namespace kasane::domain {

// 「延べ95名（市民33名、専門職62名）」: the 評価指標's wording of a 年度's 研修受講者数.
std::string TraineeTotalText(const TraineeCounts& counts);

// The preamble (集計 人材育成（令和4年度）, 年度, 研修受講者数 as TraineeTotalText), then 研修受講者数 (総数, then each
// course kind: 延べ, 市民, 専門職, 実人数 and its split, 修了者数, 開催回数, 講座数) and 講座 (each course: its kind,
// 主催, 対象 and counts). Pure.
ReportFile TrainingYearFile(const TrainingYear& year);

}  // namespace kasane::domain
