// SPDX-License-Identifier: Apache-2.0
#include "domain/survey_offline_sync.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <set>

#include "base/japanese_date.hpp"

namespace kasane::domain {

namespace {

constexpr std::string_view kAnswerPrefix = "answers.";

std::string DateField(Date date) {
    if (!date.ok()) return "";
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    return text;
}

void PutAnswers(VisitFields& fields, const std::map<std::string, std::string>& answers) {
    for (const auto& [key, answer] : answers) {
        if (!answer.empty()) fields[std::string(kAnswerPrefix) + key] = answer;
    }
}

std::string ValueOf(const VisitFields& fields, const std::string& name) {
    const auto found = fields.find(name);
    return found == fields.end() ? std::string() : found->second;
}

}  // namespace

VisitFields FieldsOfVisit(const SurveyVisit& visit) {
    VisitFields fields{{"visited_on", DateField(visit.visited_on)},
                       {"visitors", visit.visitors},
                       {"outcome", std::string(VisitOutcomeCode(visit.outcome))},
                       {"notice", visit.notice}};
    PutAnswers(fields, visit.answers);
    return fields;
}

VisitFields FieldsOfInput(const VisitInput& input) {
    VisitFields fields{{"visited_on", DateField(input.visited_on)},
                       {"visitors", input.visitors},
                       {"outcome", input.outcome},
                       {"notice", input.notice}};
    PutAnswers(fields, input.answers);
    return fields;
}

Result<VisitInput> InputOfFields(const SurveyVisit& visit, const VisitFields& fields) {
    VisitInput input{.household_id = visit.household_id, .area_id = visit.area_id};
    auto date = ParseJapaneseDate(ValueOf(fields, "visited_on"), "visited_on");
    if (!date) return Fail(date.error());
    input.visited_on = *date;
    input.visitors = ValueOf(fields, "visitors");
    input.outcome = ValueOf(fields, "outcome");
    input.notice = ValueOf(fields, "notice");
    for (const auto& [name, value] : fields) {
        if (name.starts_with(kAnswerPrefix) && !value.empty()) input.answers[name.substr(kAnswerPrefix.size())] = value;
    }
    return input;
}

Status ValidateIdempotencyKey(std::string_view key) {
    bool valid = key.size() == 36;
    for (std::size_t i = 0; valid && i < key.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        valid = dash ? key[i] == '-' : std::isxdigit(static_cast<unsigned char>(key[i])) != 0;
    }
    if (!valid) {
        return Fail(Error::InvalidArgument("端末の送信番号（idempotency_key）は UUID の形式です", "idempotency_key"));
    }
    return {};
}

VisitMerge MergeVisitEdit(const VisitFields& base, const VisitFields& server, const VisitFields& device) {
    std::set<std::string> names;
    for (const VisitFields* fields : {&base, &server, &device}) {
        for (const auto& entry : *fields) names.insert(entry.first);
    }
    VisitMerge merge;
    for (const std::string& name : names) {
        const std::string was = ValueOf(base, name);
        const std::string theirs = ValueOf(server, name);
        const std::string mine = ValueOf(device, name);
        std::string value;
        if (theirs == was || theirs == mine) {
            value = mine;
        } else if (mine == was) {
            value = theirs;
        } else {
            merge.conflicts.push_back(FieldConflict{.field = name, .server_value = theirs, .device_value = mine});
            continue;
        }
        if (!value.empty()) merge.merged[name] = std::move(value);
    }
    return merge;
}

std::string_view OfflineSyncStatusCode(OfflineSyncStatus status) {
    switch (status) {
        case OfflineSyncStatus::kRecorded: return "recorded";
        case OfflineSyncStatus::kAlreadySynced: return "already_synced";
        case OfflineSyncStatus::kConflict: return "conflict";
        case OfflineSyncStatus::kRefused: return "refused";
    }
    return "refused";
}

}  // namespace kasane::domain
