// SPDX-License-Identifier: Apache-2.0
#include "domain/stakeholder_survey.hpp"

#include <charconv>
#include <utility>

#include "base/japanese_text.hpp"
#include "domain/program_result.hpp"
#include "domain/record_text.hpp"

namespace kasane::domain {

namespace {

Status Invalid(std::string message, std::string field) {
    return Fail(Error::InvalidArgument(std::move(message), std::move(field)));
}

constexpr std::size_t kMaxItemBytes = 100;

}  // namespace

Status ValidateSurvey(const StakeholderSurvey& survey, Date today) {
    if (auto title = CheckText(survey.title, "調査名", "title", 200, true); !title) return title;
    if (auto year = ValidateRecordYear(survey.fiscal_year, today); !year) return year;
    if (survey.conducted_on) {
        if (!survey.conducted_on->ok()) return Invalid("調査基準日がありえない日付です", "conducted_on");
        if (FiscalYearOf(*survey.conducted_on) != survey.fiscal_year) {
            return Invalid("調査基準日が" + FiscalYearLabel(survey.fiscal_year) + "の日付ではありません",
                           "conducted_on");
        }
    }
    if (survey.items.empty()) return Invalid("調査項目を1つ以上入力してください", "items");
    if (survey.items.size() > kMaxSurveyItems) {
        return Invalid("調査項目は" + std::to_string(kMaxSurveyItems) + "までです", "items");
    }
    for (const std::string& item : survey.items) {
        if (auto text = CheckText(item, "調査項目", "items", kMaxItemBytes, true); !text) return text;
    }
    return {};
}

Status ValidateSurveyItem(const StakeholderSurvey& survey, const std::string& item) {
    if (auto text = CheckText(item, "調査項目", "item", kMaxItemBytes, true); !text) return text;
    if (survey.items.size() >= kMaxSurveyItems) {
        return Invalid("調査項目は" + std::to_string(kMaxSurveyItems) + "までです", "item");
    }
    return {};
}

Status ValidateSurveyResponse(const StakeholderSurvey& survey, const SurveyResponse& response) {
    if (!response.organization_id) {
        if (auto agency = CheckText(response.agency, "回答機関", "agency", 100, true); !agency) return agency;
    }
    if (response.counts.size() > survey.items.size()) return Invalid("調査項目より件数が多すぎます", "counts");
    for (const std::optional<long long>& count : response.counts) {
        if (count && *count < 0) return Invalid("件数は0以上の整数で入力してください", "counts");
    }
    return {};
}

Result<std::optional<long long>> ParseSurveyCount(std::string_view text, std::string field) {
    // NFKC folds full-width digits (１１２) to ASCII; blanks around the number are forgiven.
    std::string folded = NormalizeNfkc(text);
    const auto first = folded.find_first_not_of(" \t");
    if (first == std::string::npos) return std::optional<long long>{};
    const auto last = folded.find_last_not_of(" \t");
    const std::string_view digits = std::string_view(folded).substr(first, last - first + 1);
    long long value = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (error != std::errc{} || end != digits.data() + digits.size() || digits.front() == '-' ||
        digits.front() == '+') {
        return Fail(Error::InvalidArgument("件数は0以上の整数で入力してください", std::move(field)));
    }
    return std::optional<long long>{value};
}

SurveyTotals TotalsOf(const StakeholderSurvey& survey, const std::vector<SurveyResponse>& responses) {
    SurveyTotals totals{.totals = std::vector<long long>(survey.items.size(), 0),
                        .answered = std::vector<int>(survey.items.size(), 0),
                        .responses = static_cast<int>(responses.size())};
    for (const SurveyResponse& response : responses) {
        for (std::size_t i = 0; i < response.counts.size() && i < survey.items.size(); ++i) {
            if (!response.counts[i]) continue;
            totals.totals[i] += *response.counts[i];
            ++totals.answered[i];
        }
    }
    return totals;
}

ReportFile SurveyFile(const StakeholderSurvey& survey, const std::vector<SurveyResponse>& responses,
                      const std::vector<std::string>& agencies) {
    ReportFile file;
    file.preamble = {{"関係者調査", survey.title}, {"年度", FiscalYearLabel(survey.fiscal_year)}};
    if (survey.conducted_on) file.preamble.push_back({"調査基準日", FormatWareki(*survey.conducted_on)});
    ReportSection section{.name = "関係者調査", .heading = {"回答機関"}, .rows = {}};
    for (const std::string& item : survey.items) section.heading.push_back(item);
    for (std::size_t r = 0; r < responses.size(); ++r) {
        std::vector<XlsxCell> cells = {r < agencies.size() ? agencies[r] : responses[r].agency};
        for (std::size_t i = 0; i < survey.items.size(); ++i) {
            const bool answered = i < responses[r].counts.size() && responses[r].counts[i];
            cells.push_back(answered ? XlsxCell(*responses[r].counts[i]) : XlsxCell(std::string()));
        }
        section.rows.push_back({"response:" + std::to_string(responses[r].id.value()), std::move(cells)});
    }
    const SurveyTotals totals = TotalsOf(survey, responses);
    std::vector<XlsxCell> total_cells = {std::string("合計")};
    for (long long total : totals.totals) total_cells.push_back(total);
    section.rows.push_back({"total", std::move(total_cells)});
    file.sections.push_back(std::move(section));
    return file;
}

}  // namespace kasane::domain
