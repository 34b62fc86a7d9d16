// SPDX-License-Identifier: Apache-2.0
#pragma once

// 世帯名簿の取り込み (issue 15, item 2): the rows of a household list read from a file's first table (CSV in UTF-8 or
// Shift_JIS, or XLSX, through list_upload.hpp) and checked, writing nothing. Columns (headers matched after NFKC):
// 住所 (required), 世帯主 / 氏名, optionally 自治会 / 地区 (a 自治会 of the town by name); other columns (世帯人数 …)
// are not read. The use case (HouseholdSurveyService::PlanHouseholdImport / ImportHouseholds) keeps, reads and
// imports; the rule of each row is here.

#include <optional>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "domain/household_survey.hpp"
#include "domain/import_table.hpp"
#include "domain/master_data.hpp"

namespace kasane::domain {

// One row of a household list (世帯名簿) read and checked: `error` (Japanese) when it cannot be imported; `existing`
// when the 自治会's list has a household of the same address and 世帯主 already (nothing is added for it: importing
// the same file again adds nothing).
struct SurveyHouseholdImportRow {
    int line = 0;  // the row's number in the file or sheet
    AreaId area_id = 0;
    std::string area_name;
    std::string address;
    std::string head_name;
    bool existing = false;
    std::string error;
};
struct SurveyHouseholdImportPlan {
    std::string file_name;
    std::string sha256;
    std::string table_name;
    std::string encoding;  // as found (CSV), or the format, for the screen
    std::vector<SurveyHouseholdImportRow> rows;
    int errors = 0;
    int to_create = 0;
    int existing = 0;
};

// Every row of `table` checked: a 自治会 named in the row must be an active 自治会 of `areas` (a row naming none goes
// to `default_area`, else it is an error); ValidateSurveyHousehold's rules; a second row of the same 自治会, address
// and 世帯主 is an error naming the first; a row matching a household of `on_list` (the same 自治会, address and
// 世帯主, compared after NFKC) is `existing` and adds nothing. kInvalidArgument ("file") without an address column or
// rows;
// ("area_id") for a `default_area` that is not an active 自治会 of `areas`. file_name, sha256 and encoding are left
// for the caller.
Result<SurveyHouseholdImportPlan> PlanHouseholdRows(const Table& table, const std::vector<Area>& areas,
                                                    const std::vector<SurveyHousehold>& on_list,
                                                    std::optional<AreaId> default_area);

}  // namespace kasane::domain
