// SPDX-License-Identifier: Apache-2.0
#pragma once

// 関係者調査 (issue 17, item 8): a survey of the agencies about the people and households they know of — counts only,
// never a name (北栄町's H30 関係者調査: 複合的課題を抱える世帯 112世帯, ひきこもり状態にある方 54人, as each agency
// reported them). A survey has its items (the two of the seed by default; the town may add its own), and each
// responding agency its count per item; the totals are summed here. There is no field for a person at all: the text
// fields are a title, item labels and an agency's name, short, and labelled on the page as not for names.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/ids.hpp"
#include "base/japanese_date.hpp"
#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/report_file.hpp"

namespace kasane {
using StakeholderSurveyId = Id<struct StakeholderSurveyTag>;
using SurveyResponseId = Id<struct SurveyResponseTag>;
}  // namespace kasane

namespace kasane::domain {

// The items a new survey has when none are given (the seed's H30 関係者調査).
inline constexpr std::string_view kDefaultSurveyItems[] = {"複合的課題を抱える世帯（世帯数）",
                                                           "ひきこもり状態にある方（人数）"};
inline constexpr std::size_t kMaxSurveyItems = 20;

struct StakeholderSurvey {
    StakeholderSurveyId id{};
    std::string title;  // 関係者調査（平成30年度）
    int fiscal_year = 0;
    std::optional<Date> conducted_on;  // 調査基準日, when known
    std::vector<std::string> items;    // the question items, in order
    UserId created_by{};
    Instant created_at{};
};

// One agency's answer: a count per item, by the items' order (nullopt: not answered; an item added after the answer
// has none).
struct SurveyResponse {
    SurveyResponseId id{};
    StakeholderSurveyId survey_id{};
    std::optional<OrganizationId> organization_id;  // an organisation of the town, or
    std::string agency;                             // the agency's name typed (read from the directory when an id)
    std::vector<std::optional<long long>> counts;
    UserId created_by{};
    Instant created_at{};
};

// kInvalidArgument naming the field: a title of 1..200 bytes ("title"), a 年度 from kEarliestPlanYear to next 年度
// ("fiscal_year"), a date in that 年度 ("conducted_on"), 1..kMaxSurveyItems items each of 1..100 bytes ("items").
Status ValidateSurvey(const StakeholderSurvey& survey, Date today);
// An item of 1..100 bytes, and room for it ("item").
Status ValidateSurveyItem(const StakeholderSurvey& survey, const std::string& item);
// An organisation or an agency name of 1..100 bytes ("agency"), no more counts than items and each a whole number
// ≥ 0 ("counts").
Status ValidateSurveyResponse(const StakeholderSurvey& survey, const SurveyResponse& response);

// Parses a count as typed: empty is not answered (nullopt), half- or full-width digits a count; anything else (a sign,
// a decimal point, a word) kInvalidArgument naming `field`: 「件数は0以上の整数で入力してください」.
Result<std::optional<long long>> ParseSurveyCount(std::string_view text, std::string field);

struct SurveyTotals {
    std::vector<long long> totals;  // per item: the sum of the counts answered
    std::vector<int> answered;      // per item: how many agencies answered it
    int responses = 0;
};
SurveyTotals TotalsOf(const StakeholderSurvey& survey, const std::vector<SurveyResponse>& responses);

// The survey as a file: one sheet 関係者調査 (回答機関, one column per item; the 合計 last), the title and 年度 (和暦)
// in the preamble. `agencies` are the responses' names as shown, in their order. Pure.
ReportFile SurveyFile(const StakeholderSurvey& survey, const std::vector<SurveyResponse>& responses,
                      const std::vector<std::string>& agencies);

}  // namespace kasane::domain
