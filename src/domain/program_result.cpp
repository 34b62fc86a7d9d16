// SPDX-License-Identifier: Apache-2.0
#include "domain/program_result.hpp"

#include <utility>

#include "domain/code_table.hpp"
#include "domain/record_text.hpp"

namespace kasane::domain {

namespace {

constexpr CodeTable<SubProgramme, 5> kPrograms{{{
    {SubProgramme::kIntake, "intake", "包括的相談支援事業"},
    {SubProgramme::kCollaboration, "collaboration", "多機関協働事業"},
    {SubProgramme::kOutreach, "outreach", "アウトリーチ等を通じた継続的支援事業"},
    {SubProgramme::kParticipation, "participation", "参加支援事業"},
    {SubProgramme::kCommunity, "community", "地域づくり事業"},
}}};

constexpr CodeTable<Operation, 3> kOperations{{{
    {Operation::kDirect, "direct", "直営"},
    {Operation::kCommissioned, "commissioned", "委託"},
    {Operation::kPartlyCommissioned, "partly_commissioned", "一部委託"},
}}};

Status Invalid(std::string message, std::string field) {
    return Fail(Error::InvalidArgument(std::move(message), std::move(field)));
}

}  // namespace

std::string_view SubProgrammeCode(SubProgramme program) { return kPrograms.Code(program); }
std::string_view SubProgrammeLabel(SubProgramme program) { return kPrograms.Label(program); }
std::optional<SubProgramme> ParseSubProgramme(std::string_view code) { return kPrograms.Parse(code); }
std::string_view OperationCode(Operation operation) { return kOperations.Code(operation); }
std::string_view OperationLabel(Operation operation) { return kOperations.Label(operation); }
std::optional<Operation> ParseOperation(std::string_view code) { return kOperations.Parse(code); }

Status ValidateRecordYear(int fiscal_year, Date today) {
    const int last = FiscalYearOf(today) + 1;
    if (fiscal_year < kEarliestPlanYear || fiscal_year > last) {
        return Invalid("年度は" + FiscalYearLabel(kEarliestPlanYear) + "から" + FiscalYearLabel(last) + "までです",
                       "fiscal_year");
    }
    return {};
}

Status ValidateProgramResult(const ProgramResult& result, Date today) {
    if (auto year = ValidateRecordYear(result.fiscal_year, today); !year) return year;
    if (result.operation == Operation::kDirect && !result.contractors.empty()) {
        return Invalid("直営の事業に委託先は書けません（委託・一部委託を選んでください）", "contractors");
    }
    if (result.operation != Operation::kDirect && result.contractors.empty()) {
        return Invalid(std::string(OperationLabel(result.operation)) + "の事業には委託先を1つ以上入力してください",
                       "contractors");
    }
    if (result.contractors.size() > kMaxContractors) {
        return Invalid("委託先は" + std::to_string(kMaxContractors) + "までです", "contractors");
    }
    for (const Contractor& contractor : result.contractors) {
        if (contractor.organization_id) continue;
        if (auto name = CheckText(contractor.name, "委託先", "contractors", 200, true); !name) return name;
    }
    return CheckText(result.activities, "実施内容", "activities", 4000, false);
}

std::vector<ProgramCount> ProgramCountsOf(SubProgramme program, const RecordCounts& counts) {
    switch (program) {
        case SubProgramme::kIntake:
            return {{"相談受付件数（延べ）", "件", counts.contacts}, {"相談実人数", "人", counts.persons}};
        case SubProgramme::kCollaboration:
            return {{"事例受付数", "件", counts.cases_opened},
                    {"支援会議・重層的支援会議の開催数", "回", counts.meetings}};
        case SubProgramme::kOutreach:
            return {{"アウトリーチ等 実人数", "人", counts.outreach_persons},
                    {"訪問件数", "件", counts.outreach_visits}};
        case SubProgramme::kParticipation:
            return {{"参加支援 対象者数", "人", counts.participation_persons},
                    {"協力事業者数", "者", counts.cooperating_hosts}};
        case SubProgramme::kCommunity:
            return {{"地域づくり 拠点数", "か所", counts.community_places},
                    {"参加者数（延べ）", "人", counts.community_participants}};
    }
    return {};
}

ReportFile ProgramResultsFile(int fiscal_year, const std::vector<ProgramResultRow>& rows) {
    ReportFile file;
    file.preamble = {{"事業別実績", FiscalYearLabel(fiscal_year)}};
    ReportSection section{.name = "事業別実績",
                          .heading = {"事業", "実施方法", "委託先", "実施内容", "項目", "件数", "単位"},
                          .rows = {}};
    for (const ProgramResultRow& row : rows) {
        std::string contractors;
        for (const std::string& name : row.contractor_names) {
            if (!contractors.empty()) contractors += "、";
            contractors += name;
        }
        const std::string operation = row.result ? std::string(OperationLabel(row.result->operation)) : "未記録";
        const std::string activities = row.result ? row.result->activities : std::string();
        const std::string key(SubProgrammeCode(row.program));
        if (row.counts.empty()) {
            section.rows.push_back({key,
                                    {std::string(SubProgrammeLabel(row.program)), operation, contractors, activities,
                                     std::string(), std::string(), std::string()}});
        }
        for (std::size_t i = 0; i < row.counts.size(); ++i) {
            const ProgramCount& count = row.counts[i];
            XlsxCell value = count.value ? XlsxCell(*count.value) : XlsxCell(std::string("—"));
            // The 事業's own columns on its first row only, so that a sum of 件数 counts each figure once.
            std::vector<XlsxCell> cells = {i == 0 ? std::string(SubProgrammeLabel(row.program)) : std::string(),
                                           i == 0 ? operation : std::string(),
                                           i == 0 ? contractors : std::string(),
                                           i == 0 ? activities : std::string(),
                                           std::string(count.label),
                                           value,
                                           std::string(count.unit)};
            section.rows.push_back({key + ":" + std::to_string(i), std::move(cells)});
        }
    }
    file.sections.push_back(std::move(section));
    return file;
}

}  // namespace kasane::domain
