// SPDX-License-Identifier: Apache-2.0
#pragma once

// 事業別実績 (issue 17, item 8): for each of the five 事業 of the 重層的支援体制整備事業 and each 年度, how the town
// runs it — 直営, 委託 or 一部委託, the 委託先 (organisations of the town or names typed) and 実施内容 — the figures a
// 国・県 3/4 補助 report and a 委託 contract ask for. The counts beside them are read from the records by the counting
// code the 評価指標 already use (RecordCounts, EvaluationPlanService), never counted again here. Nothing names a
// person.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/ids.hpp"
#include "base/japanese_date.hpp"
#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/evaluation_plan.hpp"
#include "domain/report_file.hpp"

namespace kasane {
using ProgramResultId = Id<struct ProgramResultTag>;
}  // namespace kasane

namespace kasane::domain {

// The five 事業 of 社会福祉法106条の4第2項.
enum class SubProgramme { kIntake, kCollaboration, kOutreach, kParticipation, kCommunity };
inline constexpr SubProgramme kAllSubProgrammes[] = {SubProgramme::kIntake, SubProgramme::kCollaboration,
                                                     SubProgramme::kOutreach, SubProgramme::kParticipation,
                                                     SubProgramme::kCommunity};
std::string_view SubProgrammeCode(
    SubProgramme program);  // "intake", "collaboration", "outreach", "participation", "community"
std::string_view SubProgrammeLabel(SubProgramme program);  // 包括的相談支援事業 …
std::optional<SubProgramme> ParseSubProgramme(std::string_view code);

// How the 事業 is run in the 年度.
enum class Operation { kDirect, kCommissioned, kPartlyCommissioned };
inline constexpr Operation kAllOperations[] = {Operation::kDirect, Operation::kCommissioned,
                                               Operation::kPartlyCommissioned};
std::string_view OperationCode(Operation operation);   // "direct", "commissioned", "partly_commissioned"
std::string_view OperationLabel(Operation operation);  // 直営, 委託, 一部委託
std::optional<Operation> ParseOperation(std::string_view code);

// A 委託先: an organisation of the town (its name read from the directory when shown) or a name typed.
struct Contractor {
    std::optional<OrganizationId> organization_id;
    std::string name;
};

struct ProgramResult {
    ProgramResultId id{};
    int fiscal_year = 0;
    SubProgramme program = SubProgramme::kIntake;
    Operation operation = Operation::kDirect;
    std::vector<Contractor> contractors;  // in the order typed
    std::string activities;               // 実施内容
    UserId updated_by{};
    Instant updated_at{};
};

inline constexpr std::size_t kMaxContractors = 20;

// kInvalidArgument naming the field: a 年度 from kEarliestPlanYear to next 年度 ("fiscal_year"); 委託・一部委託 with
// at least one 委託先 and 直営 with none ("contractors"); each 委託先 an organisation or a name of 1..200 bytes, at
// most kMaxContractors; 実施内容 of at most 4000 bytes ("activities").
Status ValidateProgramResult(const ProgramResult& result, Date today);
// The 年度 a survey or a result may be of: kEarliestPlanYear .. the next 年度 ("fiscal_year").
Status ValidateRecordYear(int fiscal_year, Date today);

// One count shown beside a 事業: its label, unit and value (nullopt where not read).
struct ProgramCount {
    std::string_view label;
    std::string_view unit;
    std::optional<long long> value;
};
// The counts of the 事業 out of the 年度's RecordCounts: 相談 延べ件数・実人数 (包括的相談支援), 事例受付数・支援会議
// 開催数 (多機関協働), 実人数・訪問件数 (アウトリーチ), 対象者数・協力事業者数 (参加支援), 拠点数・参加者数
// (地域づくり). Pure.
std::vector<ProgramCount> ProgramCountsOf(SubProgramme program, const RecordCounts& counts);

// One 事業's line of the 事業別実績: what the town recorded (nullopt when nothing yet) and its counts.
struct ProgramResultRow {
    SubProgramme program = SubProgramme::kIntake;
    std::optional<ProgramResult> result;
    std::vector<std::string> contractor_names;  // the 委託先 as shown (an organisation's name from the directory)
    std::vector<ProgramCount> counts;
};

// The 事業別実績 as a file: one sheet 事業別実績 (事業, 実施方法, 委託先, 実施内容, then each count as 項目・件数・単位
// on its own row), the 年度 in 和暦 in the preamble. Pure.
ReportFile ProgramResultsFile(int fiscal_year, const std::vector<ProgramResultRow>& rows);

}  // namespace kasane::domain
