// SPDX-License-Identifier: Apache-2.0
#include "domain/participation_match.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <optional>
#include <unordered_set>
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
std::string_view Minutes(const std::string& time) {
    return time.size() >= 5 ? std::string_view(time).substr(0, 5) : std::string_view(time);
}

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

bool HasTag(const ResourceService& service, const std::string& tag) {
    return !tag.empty() &&
           (service.name.find(tag) != std::string::npos || service.description.find(tag) != std::string::npos);
}

// How one service fits the person: its score, and what its reasons name (written only for the services shown).
struct Fit {
    std::size_t index = 0;
    int score = 0;
    const std::string* area_reached = nullptr;
    const std::string* day_fits = nullptr;
    bool hours_fit = false;
    bool cooperating = false;
};

std::optional<Fit> FitOf(const ParticipationWishes& wishes, const ResourceService& service, bool own_area_only,
                         bool cooperating) {
    if (!IsPublic(service)) return std::nullopt;
    if (wishes.age && ((service.minimum_age && *wishes.age < *service.minimum_age) ||
                       (service.maximum_age && *wishes.age > *service.maximum_age))) {
        return std::nullopt;
    }
    Fit fit;
    // Area: reachable, or left out for a person who cannot travel beyond her own.
    for (const std::string& area : service.areas_served) {
        if (Contains(wishes.areas, area)) {
            fit.area_reached = &area;
            break;
        }
    }
    if (fit.area_reached != nullptr && fit.area_reached->empty()) fit.area_reached = nullptr;
    if (fit.area_reached == nullptr && own_area_only && !wishes.areas.empty()) return std::nullopt;
    // Days and hours: at least one schedule the person can attend, when both sides say.
    bool any_schedule_fits = service.schedules.empty();
    for (const ResourceSchedule& schedule : service.schedules) {
        const std::string* day = nullptr;
        for (const std::string& candidate : schedule.days) {
            if (wishes.days.empty() || Contains(wishes.days, candidate)) {
                day = &candidate;
                break;
            }
        }
        const bool day_ok = schedule.days.empty() || (day != nullptr && !day->empty());
        const bool hours_ok = HoursFit(schedule, wishes);
        if (day_ok && hours_ok) {
            any_schedule_fits = true;
            if (fit.day_fits == nullptr && day != nullptr && !day->empty()) fit.day_fits = day;
            fit.hours_fit = fit.hours_fit || !schedule.opens_at.empty();
        }
    }
    if (!any_schedule_fits) return std::nullopt;
    for (const ResourceKind kind : wishes.kinds) {
        if (std::ranges::find(service.kinds, kind) != service.kinds.end()) fit.score += 40;
    }
    if (fit.area_reached != nullptr) fit.score += 20;
    if (fit.day_fits != nullptr && !wishes.days.empty()) fit.score += 15;
    if (fit.hours_fit && (!wishes.earliest.empty() || !wishes.latest.empty())) fit.score += 10;
    for (const std::string& tag : wishes.tags) {
        if (HasTag(service, tag)) fit.score += 10;
    }
    if (wishes.needs_accessibility && !service.accessibility.empty()) fit.score += 10;
    fit.cooperating = cooperating;
    if (cooperating) fit.score += 5;
    return fit;
}

// The suggestion with its reasons, in the order of the points of RankSuggestions.
MatchSuggestion SuggestionOf(const ParticipationWishes& wishes, const ResourceService& service, const Fit& fit) {
    MatchSuggestion suggestion{.service_id = service.id, .score = fit.score, .reasons = {}};
    for (const ResourceKind kind : wishes.kinds) {
        if (std::ranges::find(service.kinds, kind) != service.kinds.end()) {
            suggestion.reasons.push_back("希望の種類（" + std::string(ResourceKindLabel(kind)) + "）");
        }
    }
    if (fit.area_reached != nullptr) suggestion.reasons.push_back("行ける地域（" + *fit.area_reached + "）");
    if (fit.day_fits != nullptr && !wishes.days.empty()) {
        suggestion.reasons.push_back(std::string(WeekdayLabel(*fit.day_fits)) + "曜に参加できる");
    }
    if (fit.hours_fit && (!wishes.earliest.empty() || !wishes.latest.empty())) {
        suggestion.reasons.emplace_back("時間帯が合う");
    }
    for (const std::string& tag : wishes.tags) {
        if (HasTag(service, tag)) suggestion.reasons.push_back("「" + tag + "」");
    }
    if (wishes.needs_accessibility && !service.accessibility.empty()) {
        suggestion.reasons.push_back("配慮あり（" + service.accessibility + "）");
    }
    if (fit.cooperating) suggestion.reasons.emplace_back("協力事業者");
    return suggestion;
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
    return RankSuggestions(wishes, services, organizations, services.size());
}

std::vector<MatchSuggestion> RankSuggestions(const ParticipationWishes& wishes,
                                             const std::vector<ResourceService>& services,
                                             const std::vector<ResourceOrganization>& organizations,
                                             std::size_t limit) {
    std::unordered_set<std::int64_t> cooperating;
    for (const ResourceOrganization& organization : organizations) {
        if (organization.cooperating == CooperatingHost::kYes) cooperating.insert(organization.id.value());
    }
    const bool own_area_only = wishes.transport == Transport::kWalk || wishes.transport == Transport::kNeedsPickup;
    std::vector<Fit> fits;
    for (std::size_t index = 0; index < services.size(); ++index) {
        const ResourceService& service = services[index];
        auto fit = FitOf(wishes, service, own_area_only, cooperating.contains(service.organization_id.value()));
        if (!fit) continue;
        fit->index = index;
        fits.push_back(*fit);
    }
    // Best first; among equals, the order of the input (as a stable sort by score would give).
    const auto better = [](const Fit& a, const Fit& b) {
        return a.score != b.score ? a.score > b.score : a.index < b.index;
    };
    const std::size_t shown = std::min(limit, fits.size());
    std::partial_sort(fits.begin(), fits.begin() + static_cast<std::ptrdiff_t>(shown), fits.end(), better);
    std::vector<MatchSuggestion> suggestions;
    suggestions.reserve(shown);
    for (std::size_t i = 0; i < shown; ++i)
        suggestions.push_back(SuggestionOf(wishes, services[fits[i].index], fits[i]));
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

namespace {

struct TransportRow {
    Transport transport;
    std::string_view code;
    std::string_view label;
};
constexpr std::array<TransportRow, 5> kTransports{{{Transport::kWalk, "walk", "徒歩のみ"},
                                                   {Transport::kBicycle, "bicycle", "自転車"},
                                                   {Transport::kPublicTransport, "public_transport", "公共交通"},
                                                   {Transport::kCar, "car", "自家用車"},
                                                   {Transport::kNeedsPickup, "needs_pickup", "送迎が必要"}}};

bool IsTime(std::string_view text) {
    if (text.size() != 5 || text[2] != ':') return false;
    for (const std::size_t i : {0U, 1U, 3U, 4U}) {
        if (text[i] < '0' || text[i] > '9') return false;
    }
    return (text.substr(0, 2) < "24") && (text[3] < '6');
}

Status StringList(const Json& json, const char* field, std::vector<std::string>& out) {
    if (!json.contains(field)) return {};
    const Json& value = json.at(field);
    if (!value.is_array()) return Fail(Error::InvalidArgument("文字列の配列で指定してください", field));
    for (const Json& item : value) {
        if (!item.is_string()) return Fail(Error::InvalidArgument("文字列の配列で指定してください", field));
        out.push_back(item.get<std::string>());
    }
    return {};
}

Status String(const Json& json, const char* field, std::string& out) {
    if (!json.contains(field) || json.at(field).is_null()) return {};
    if (!json.at(field).is_string()) return Fail(Error::InvalidArgument("文字列で指定してください", field));
    out = json.at(field).get<std::string>();
    return {};
}

}  // namespace

std::string_view TransportCode(Transport transport) { return kTransports[static_cast<std::size_t>(transport)].code; }
std::string_view TransportLabel(Transport transport) { return kTransports[static_cast<std::size_t>(transport)].label; }
std::optional<Transport> ParseTransport(std::string_view code) {
    for (const TransportRow& row : kTransports) {
        if (row.code == code) return row.transport;
    }
    return std::nullopt;
}

Json WishesToJson(const ParticipationWishes& wishes) {
    Json kinds = Json::array();
    for (const ResourceKind kind : wishes.kinds) kinds.push_back(std::string(ResourceKindCode(kind)));
    Json json = {{"kinds", kinds},
                 {"tags", wishes.tags},
                 {"free_text", wishes.free_text},
                 {"areas", wishes.areas},
                 {"days", wishes.days},
                 {"earliest", wishes.earliest},
                 {"latest", wishes.latest},
                 {"transport", std::string(TransportCode(wishes.transport))},
                 {"age", nullptr},
                 {"needs_accessibility", wishes.needs_accessibility},
                 {"host_share", wishes.host_share}};
    if (wishes.age) json["age"] = *wishes.age;
    return json;
}

Result<ParticipationWishes> WishesFromJson(const Json& json) {
    if (!json.is_object()) return Fail(Error::InvalidArgument("希望はオブジェクトで指定してください", "wishes"));
    ParticipationWishes wishes;
    std::vector<std::string> kinds;
    if (Status status = StringList(json, "kinds", kinds); !status) return Fail(status.error());
    for (const std::string& code : kinds) {
        const auto kind = ParseResourceKind(code);
        if (!kind) return Fail(Error::InvalidArgument("知らない種類です: " + code, "kinds"));
        wishes.kinds.push_back(*kind);
    }
    if (Status status = StringList(json, "tags", wishes.tags); !status) return Fail(status.error());
    if (Status status = String(json, "free_text", wishes.free_text); !status) return Fail(status.error());
    if (Status status = StringList(json, "areas", wishes.areas); !status) return Fail(status.error());
    if (Status status = StringList(json, "days", wishes.days); !status) return Fail(status.error());
    if (Status status = String(json, "earliest", wishes.earliest); !status) return Fail(status.error());
    if (Status status = String(json, "host_share", wishes.host_share); !status) return Fail(status.error());
    if (Status status = String(json, "latest", wishes.latest); !status) return Fail(status.error());
    std::string transport;
    if (Status status = String(json, "transport", transport); !status) return Fail(status.error());
    if (!transport.empty()) {
        const auto parsed = ParseTransport(transport);
        if (!parsed) return Fail(Error::InvalidArgument("知らない移動手段です: " + transport, "transport"));
        wishes.transport = *parsed;
    }
    if (json.contains("age") && !json.at("age").is_null()) {
        if (!json.at("age").is_number_integer()) return Fail(Error::InvalidArgument("年齢は整数です", "age"));
        wishes.age = json.at("age").get<int>();
    }
    if (json.contains("needs_accessibility")) {
        if (!json.at("needs_accessibility").is_boolean()) {
            return Fail(Error::InvalidArgument("true か false で指定してください", "needs_accessibility"));
        }
        wishes.needs_accessibility = json.at("needs_accessibility").get<bool>();
    }
    if (Status status = ValidateWishes(wishes); !status) return Fail(status.error());
    return wishes;
}

Status ValidateWishes(const ParticipationWishes& wishes) {
    if (wishes.tags.size() > 20) return Fail(Error::InvalidArgument("希望のことばは20個までです", "tags"));
    for (const std::string& tag : wishes.tags) {
        const std::size_t length = CodePointCount(tag);
        if (length == 0 || length > 50) {
            return Fail(Error::InvalidArgument("希望のことばは1つ50文字以内です", "tags"));
        }
    }
    if (CodePointCount(wishes.free_text) > 2000) {
        return Fail(Error::InvalidArgument("本人の言葉は2000文字以内です", "free_text"));
    }
    if (CodePointCount(wishes.host_share) > 1000) {
        return Fail(Error::InvalidArgument("受入先に伝えてよいことは1000文字以内です", "host_share"));
    }
    if (wishes.areas.size() > 20) return Fail(Error::InvalidArgument("地域は20個までです", "areas"));
    for (const std::string& area : wishes.areas) {
        const std::size_t length = CodePointCount(area);
        if (length == 0 || length > 100) return Fail(Error::InvalidArgument("地域は1つ100文字以内です", "areas"));
    }
    for (const std::string& day : wishes.days) {
        if (!IsWeekdayCode(day)) return Fail(Error::InvalidArgument("曜日が正しくありません", "days"));
    }
    if (!wishes.earliest.empty() && !IsTime(wishes.earliest)) {
        return Fail(Error::InvalidArgument("時刻は 10:00 の形で入力してください", "earliest"));
    }
    if (!wishes.latest.empty() && !IsTime(wishes.latest)) {
        return Fail(Error::InvalidArgument("時刻は 15:00 の形で入力してください", "latest"));
    }
    if (!wishes.earliest.empty() && !wishes.latest.empty() && wishes.earliest >= wishes.latest) {
        return Fail(Error::InvalidArgument("終わりの時刻は始まりより後にしてください", "latest"));
    }
    if (wishes.age && (*wishes.age < 0 || *wishes.age > 120)) {
        return Fail(Error::InvalidArgument("年齢は0〜120です", "age"));
    }
    return {};
}

Status ValidateHostSupportNote(const HostSupportNote& note, Date began_on, Date today) {
    const std::size_t length = CodePointCount(note.note);
    if (length == 0 || length > 2000) {
        return Fail(Error::InvalidArgument("受入先支援の内容を2000文字以内で入力してください", "note"));
    }
    if (note.on < began_on) return Fail(Error::InvalidArgument("マッチを始めた日より前の日付です", "on"));
    if (note.on > today) return Fail(Error::InvalidArgument("まだ来ていない日付です", "on"));
    return {};
}

Date LastChangeOn(const ParticipationMatch& match) {
    return match.history.empty() ? match.began_on : match.history.back().change.on;
}

ParticipationMatch ApplyStageChange(ParticipationMatch match, const MatchStageChange& change, UserId by, Instant at) {
    if (change.to == MatchStage::kEnded) {
        match.reached = change.from;
        match.end_reason = change.reason;
    }
    if (change.to == MatchStage::kStarted) match.started_on = change.on;
    match.stage = change.to;
    match.history.push_back(MatchStageRecord{.change = change, .recorded_by = by, .recorded_at = at});
    return match;
}

ParticipationCounts CountParticipation(const std::vector<ParticipationMatch>& matches,
                                       const std::vector<ResourceOrganization>& organizations) {
    ParticipationCounts counts;
    std::vector<PersonId> persons;
    std::vector<MatchStage> reached;
    for (const ParticipationMatch& match : matches) {
        if (std::ranges::find(persons, match.person_id) == persons.end()) persons.push_back(match.person_id);
        reached.push_back(match.stage == MatchStage::kEnded ? match.reached.value_or(MatchStage::kProposed)
                                                            : match.stage);
    }
    counts.persons = static_cast<int>(persons.size());
    for (const ResourceOrganization& organization : organizations) {
        if (organization.cooperating == CooperatingHost::kYes) ++counts.cooperating_hosts;
    }
    counts.retention = CountRetention(reached);
    return counts;
}

}  // namespace kasane::domain
