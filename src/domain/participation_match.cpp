// SPDX-License-Identifier: Apache-2.0
#include "domain/participation_match.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <utility>

namespace kasane::domain {

namespace {

struct StageRow {
    MatchStage stage;
    std::string_view code;
    std::string_view label;
};
constexpr std::array<StageRow, 7> kStages{{{MatchStage::kProposed, "proposed", "提案"},
                                           {MatchStage::kTrial, "trial", "見学・体験"},
                                           {MatchStage::kStarted, "started", "開始"},
                                           {MatchStage::kCheck1, "check_1", "定着確認（1か月）"},
                                           {MatchStage::kCheck3, "check_3", "定着確認（3か月）"},
                                           {MatchStage::kCheck6, "check_6", "定着確認（6か月）"},
                                           {MatchStage::kEnded, "ended", "終了"}}};

int Order(MatchStage stage) { return static_cast<int>(stage); }

bool Contains(const std::vector<std::string>& values, std::string_view value) {
    return std::ranges::find(values, value) != values.end();
}

// "10:00" and "10:00:00" compare as text once cut to HH:MM.
std::string Minutes(const std::string& time) { return time.size() >= 5 ? time.substr(0, 5) : time; }

bool HoursFit(const ResourceSchedule& schedule, const ParticipationWishes& wishes) {
    if (!wishes.earliest.empty() && !schedule.opens_at.empty() &&
        Minutes(schedule.opens_at) < Minutes(wishes.earliest)) {
        return false;
    }
    if (!wishes.latest.empty() && !schedule.closes_at.empty() && Minutes(schedule.closes_at) > Minutes(wishes.latest)) {
        return false;
    }
    return true;
}

}  // namespace

std::string_view MatchStageCode(MatchStage stage) { return kStages[static_cast<std::size_t>(Order(stage))].code; }
std::string_view MatchStageLabel(MatchStage stage) { return kStages[static_cast<std::size_t>(Order(stage))].label; }

std::optional<MatchStage> ParseMatchStage(std::string_view code) {
    for (const StageRow& row : kStages) {
        if (row.code == code) return row.stage;
    }
    return std::nullopt;
}

std::vector<MatchSuggestion> RankSuggestions(const ParticipationWishes& wishes,
                                             const std::vector<ResourceService>& services,
                                             const std::vector<ResourceOrganization>& organizations) {
    std::map<ResourceOrganizationId, CooperatingHost> hosts;
    for (const ResourceOrganization& organization : organizations) hosts[organization.id] = organization.cooperating;
    const bool own_area_only = wishes.transport == Transport::kWalk || wishes.transport == Transport::kNeedsPickup;
    std::vector<std::pair<std::size_t, MatchSuggestion>> ranked;
    for (std::size_t index = 0; index < services.size(); ++index) {
        const ResourceService& service = services[index];
        if (!IsPublic(service)) continue;
        if (wishes.age && ((service.minimum_age && *wishes.age < *service.minimum_age) ||
                           (service.maximum_age && *wishes.age > *service.maximum_age))) {
            continue;
        }
        MatchSuggestion suggestion{.service_id = service.id, .score = 0, .reasons = {}};
        // Area: reachable, or left out for a person who cannot travel beyond her own.
        std::string area_reached;
        for (const std::string& area : service.areas_served) {
            if (Contains(wishes.areas, area)) {
                area_reached = area;
                break;
            }
        }
        if (area_reached.empty() && own_area_only && !wishes.areas.empty()) continue;
        // Days and hours: at least one schedule the person can attend, when both sides say.
        std::string day_fits;
        bool hours_fit = false;
        bool any_schedule_fits = service.schedules.empty();
        for (const ResourceSchedule& schedule : service.schedules) {
            std::string day;
            for (const std::string& candidate : schedule.days) {
                if (wishes.days.empty() || Contains(wishes.days, candidate)) {
                    day = candidate;
                    break;
                }
            }
            const bool day_ok = schedule.days.empty() || !day.empty();
            const bool hours_ok = HoursFit(schedule, wishes);
            if (day_ok && hours_ok) {
                any_schedule_fits = true;
                if (day_fits.empty() && !day.empty()) day_fits = day;
                hours_fit = hours_fit || !schedule.opens_at.empty();
            }
        }
        if (!any_schedule_fits) continue;
        for (const ResourceKind kind : wishes.kinds) {
            if (std::ranges::find(service.kinds, kind) != service.kinds.end()) {
                suggestion.score += 40;
                suggestion.reasons.push_back("希望の種類（" + std::string(ResourceKindLabel(kind)) + "）");
            }
        }
        if (!area_reached.empty()) {
            suggestion.score += 20;
            suggestion.reasons.push_back("行ける地域（" + area_reached + "）");
        }
        if (!day_fits.empty() && !wishes.days.empty()) {
            suggestion.score += 15;
            suggestion.reasons.push_back(std::string(WeekdayLabel(day_fits)) + "曜に参加できる");
        }
        if (hours_fit && (!wishes.earliest.empty() || !wishes.latest.empty())) {
            suggestion.score += 10;
            suggestion.reasons.push_back("時間帯が合う");
        }
        for (const std::string& tag : wishes.tags) {
            if (tag.empty()) continue;
            if (service.name.find(tag) != std::string::npos || service.description.find(tag) != std::string::npos) {
                suggestion.score += 10;
                suggestion.reasons.push_back("「" + tag + "」");
            }
        }
        if (wishes.needs_accessibility && !service.accessibility.empty()) {
            suggestion.score += 10;
            suggestion.reasons.push_back("配慮あり（" + service.accessibility + "）");
        }
        if (const auto host = hosts.find(service.organization_id);
            host != hosts.end() && host->second == CooperatingHost::kYes) {
            suggestion.score += 5;
            suggestion.reasons.emplace_back("協力事業者");
        }
        ranked.emplace_back(index, std::move(suggestion));
    }
    std::ranges::stable_sort(ranked, [](const auto& a, const auto& b) { return a.second.score > b.second.score; });
    std::vector<MatchSuggestion> suggestions;
    suggestions.reserve(ranked.size());
    for (auto& [index, suggestion] : ranked) suggestions.push_back(std::move(suggestion));
    return suggestions;
}

Status ValidateStageChange(const MatchStageChange& change, Date began_on, Date last_change_on, Date today) {
    if (change.from == MatchStage::kEnded) {
        return Fail(Error::InvalidArgument("終了したマッチは進められません", "to"));
    }
    if (change.to == MatchStage::kEnded) {
        const std::size_t length = CodePointCount(change.reason);
        if (length == 0 || length > 500) {
            return Fail(Error::InvalidArgument("終了の理由を500文字以内で入力してください", "reason"));
        }
    } else {
        const int step = Order(change.to) - Order(change.from);
        const bool skips_trial = change.from == MatchStage::kProposed && change.to == MatchStage::kStarted;
        if (step != 1 && !skips_trial) {
            return Fail(Error::InvalidArgument(std::string(MatchStageLabel(change.from)) + "の次に" +
                                                   std::string(MatchStageLabel(change.to)) + "には進めません",
                                               "to"));
        }
    }
    if (change.on < began_on) return Fail(Error::InvalidArgument("マッチを始めた日より前の日付です", "on"));
    if (change.on < last_change_on) return Fail(Error::InvalidArgument("前の段階の日付より前の日付です", "on"));
    if (change.on > today) return Fail(Error::InvalidArgument("まだ来ていない日付です", "on"));
    return {};
}

Date CheckDue(Date started_on, MatchStage check) {
    const int months = check == MatchStage::kCheck1 ? 1 : check == MatchStage::kCheck3 ? 3 : 6;
    const std::chrono::year_month target =
        std::chrono::year_month{started_on.year(), started_on.month()} + std::chrono::months{months};
    const std::chrono::day last =
        std::chrono::year_month_day_last{target.year(), std::chrono::month_day_last{target.month()}}.day();
    return Date{target.year(), target.month(), std::min(started_on.day(), last)};
}

std::optional<Date> NextCheckDue(MatchStage stage, std::optional<Date> started_on) {
    if (!started_on) return std::nullopt;
    switch (stage) {
        case MatchStage::kStarted: return CheckDue(*started_on, MatchStage::kCheck1);
        case MatchStage::kCheck1: return CheckDue(*started_on, MatchStage::kCheck3);
        case MatchStage::kCheck3: return CheckDue(*started_on, MatchStage::kCheck6);
        default: return std::nullopt;
    }
}

RetentionMeasure CountRetention(const std::vector<MatchStage>& stages_reached) {
    RetentionMeasure measure;
    for (const MatchStage stage : stages_reached) {
        if (stage == MatchStage::kEnded || Order(stage) < Order(MatchStage::kStarted)) continue;
        ++measure.started;
        if (Order(stage) >= Order(MatchStage::kCheck3)) ++measure.retained_3_months;
    }
    return measure;
}

}  // namespace kasane::domain
