// SPDX-License-Identifier: Apache-2.0
#include "domain/loneliness.hpp"

#include <algorithm>
#include <iterator>
#include <map>
#include <tuple>

namespace kasane::domain {

std::string_view MeasurePhaseCode(MeasurePhase phase) {
    switch (phase) {
        case MeasurePhase::kIntake: return "intake";
        case MeasurePhase::kFollowUp: return "follow_up";
        case MeasurePhase::kClosing: return "closing";
    }
    return "intake";
}

std::string_view MeasurePhaseLabel(MeasurePhase phase) {
    switch (phase) {
        case MeasurePhase::kIntake: return "受付時";
        case MeasurePhase::kFollowUp: return "経過確認";
        case MeasurePhase::kClosing: return "終結時";
    }
    return "受付時";
}

std::optional<MeasurePhase> ParseMeasurePhase(std::string_view code) {
    for (MeasurePhase phase : {MeasurePhase::kIntake, MeasurePhase::kFollowUp, MeasurePhase::kClosing}) {
        if (MeasurePhaseCode(phase) == code) return phase;
    }
    return std::nullopt;
}

std::string_view DirectAnswerLabel(int code) {
    switch (code) {
        case 1: return "決してない";
        case 2: return "ほとんどない";
        case 3: return "たまにある";
        case 4: return "時々ある";
        case 5: return "しばしばある・常にある";
        default: return "";
    }
}

std::string_view UclaItemLabel(int item) {
    switch (item) {
        case 1: return "自分には人とのつきあいがないと感じることがありますか";
        case 2: return "自分は取り残されていると感じることがありますか";
        case 3: return "自分は他の人たちから孤立していると感じることがありますか";
        default: return "";
    }
}

std::string_view UclaAnswerLabel(int code) {
    switch (code) {
        case 1: return "決してない";
        case 2: return "ほとんどない";
        case 3: return "時々ある";
        case 4: return "常にある";
        default: return "";
    }
}

std::string_view UclaBandLabel(UclaBand band) {
    switch (band) {
        case UclaBand::k3: return "3点";
        case UclaBand::k4To6: return "4〜6点";
        case UclaBand::k7To9: return "7〜9点";
        case UclaBand::k10To12: return "10〜12点";
    }
    return "3点";
}

UclaBand UclaBandOf(int total) {
    if (total <= 3) return UclaBand::k3;
    if (total <= 6) return UclaBand::k4To6;
    if (total <= 9) return UclaBand::k7To9;
    return UclaBand::k10To12;
}

std::optional<int> LonelinessAnswers::UclaTotal() const {
    if (!ucla) return std::nullopt;
    return (*ucla)[0] + (*ucla)[1] + (*ucla)[2];
}

Status CheckLonelinessAnswers(const LonelinessAnswers& answers) {
    if (answers.version.empty()) return Fail(Error::InvalidArgument("質問の版を入れてください", "version"));
    if (answers.direct && (*answers.direct < 1 || *answers.direct > kDirectAnswerCount)) {
        return Fail(Error::InvalidArgument("孤独感（直接質問）は1から5の回答を選んでください", "direct"));
    }
    if (answers.ucla) {
        for (int item = 0; item < kUclaItemCount; ++item) {
            const int code = (*answers.ucla)[static_cast<std::size_t>(item)];
            if (code < 1 || code > 4) {
                return Fail(Error::InvalidArgument(
                    "孤独感（間接質問）の" + std::to_string(item + 1) + "問目は1から4の回答を選んでください", "ucla"));
            }
        }
    }
    const std::pair<const std::optional<int>*, const char*> contacts[] = {
        {&answers.isolation.family_contact_in_person, "family_contact_in_person"},
        {&answers.isolation.family_contact_by_phone, "family_contact_by_phone"},
        {&answers.isolation.family_contact_online, "family_contact_online"}};
    for (const auto& [contact, field] : contacts) {
        if (*contact && (**contact < 1 || **contact > 6)) {
            return Fail(Error::InvalidArgument("家族・友人との連絡の頻度は1から6で選んでください", field));
        }
    }
    const IsolationAnswers& isolation = answers.isolation;
    const bool any = answers.direct || answers.ucla || isolation.family_contact_in_person ||
                     isolation.family_contact_by_phone || isolation.family_contact_online ||
                     isolation.takes_part_in_activities || isolation.has_someone_to_rely_on;
    if (!any) return Fail(Error::InvalidArgument("どの質問にも回答がありません", "direct"));
    return {};
}

namespace {

bool Before(const LonelinessMeasure& a, const LonelinessMeasure& b) {
    return std::tie(a.administered_on, a.id) < std::tie(b.administered_on, b.id);
}

void Count(LonelinessDistribution& distribution, const LonelinessAnswers& answers, bool direct) {
    if (direct) {
        ++distribution.direct[static_cast<std::size_t>(*answers.direct - 1)];
        ++distribution.direct_persons;
    } else {
        ++distribution.ucla[static_cast<std::size_t>(UclaBandOf(*answers.UclaTotal()))];
        ++distribution.ucla_persons;
    }
}

void Pair(PairedChange& change, int first, int latest) {
    const double before_sum = change.mean_change * static_cast<double>(change.persons);
    ++change.persons;
    if (latest < first) ++change.better;
    if (latest == first) ++change.same;
    if (latest > first) ++change.worse;
    change.mean_change = (before_sum + latest - first) / static_cast<double>(change.persons);
}

}  // namespace

std::vector<LonelinessOutcome> LonelinessOutcomes(const std::vector<LonelinessMeasure>& measures) {
    // Versions in the order they first appear; per version, each person's measures in time order.
    std::vector<std::string> versions;
    std::map<std::string, std::map<std::int64_t, std::vector<const LonelinessMeasure*>>> by_version;
    for (const LonelinessMeasure& measure : measures) {
        const std::string& version = measure.answers.version;
        if (std::find(versions.begin(), versions.end(), version) == versions.end()) versions.push_back(version);
        by_version[version][measure.person_id.value()].push_back(&measure);
    }
    std::vector<LonelinessOutcome> outcomes;
    for (const std::string& version : versions) {
        LonelinessOutcome outcome{
            .version = version, .at_intake = {}, .latest = {}, .direct_change = {}, .ucla_change = {}};
        for (auto& [person, list] : by_version[version]) {
            std::sort(list.begin(), list.end(),
                      [](const LonelinessMeasure* a, const LonelinessMeasure* b) { return Before(*a, *b); });
            // Each instrument on its own: the person's first and latest measure that answered it.
            for (const bool direct : {true, false}) {
                auto answered = [direct](const LonelinessMeasure* measure) {
                    return direct ? measure->answers.direct.has_value() : measure->answers.ucla.has_value();
                };
                const auto first = std::find_if(list.begin(), list.end(), answered);
                if (first == list.end()) continue;
                const auto last = std::find_if(list.rbegin(), list.rend(), answered);
                Count(outcome.at_intake, (*first)->answers, direct);
                Count(outcome.latest, (*last)->answers, direct);
                if (*last == *first) continue;
                if (direct) {
                    Pair(outcome.direct_change, *(*first)->answers.direct, *(*last)->answers.direct);
                } else {
                    Pair(outcome.ucla_change, *(*first)->answers.UclaTotal(), *(*last)->answers.UclaTotal());
                }
            }
        }
        outcomes.push_back(std::move(outcome));
    }
    return outcomes;
}

LocalAlertCounts AtOrAboveLocalLevel(const std::vector<LonelinessMeasure>& measures, std::string_view version,
                                     int level) {
    std::map<std::int64_t, std::pair<const LonelinessMeasure*, const LonelinessMeasure*>> by_person;
    for (const LonelinessMeasure& measure : measures) {
        if (measure.answers.version != version || !measure.answers.ucla) continue;
        auto& [first, last] = by_person[measure.person_id.value()];
        if (first == nullptr || Before(measure, *first)) first = &measure;
        if (last == nullptr || Before(*last, measure)) last = &measure;
    }
    LocalAlertCounts counts;
    for (const auto& [person, ends] : by_person) {
        if (*ends.first->answers.UclaTotal() >= level) ++counts.at_intake;
        if (*ends.second->answers.UclaTotal() >= level) ++counts.latest;
    }
    return counts;
}

std::vector<MeasureChange> ChangesOf(const std::vector<LonelinessMeasure>& measures) {
    std::vector<const LonelinessMeasure*> ordered;
    ordered.reserve(measures.size());
    for (const LonelinessMeasure& measure : measures) ordered.push_back(&measure);
    std::sort(ordered.begin(), ordered.end(),
              [](const LonelinessMeasure* a, const LonelinessMeasure* b) { return Before(*a, *b); });
    std::vector<MeasureChange> changes;
    for (const LonelinessMeasure* measure : ordered) {
        auto found = std::find_if(changes.begin(), changes.end(), [measure](const MeasureChange& change) {
            return change.version == measure->answers.version;
        });
        if (found == changes.end()) {
            changes.push_back(MeasureChange{.version = measure->answers.version});
            found = std::prev(changes.end());
        }
        ++found->measures;
        if (measure->answers.direct) {
            if (!found->direct_first) found->direct_first = measure->answers.direct;
            found->direct_latest = measure->answers.direct;
        }
        if (const auto total = measure->answers.UclaTotal()) {
            if (!found->ucla_first) found->ucla_first = total;
            found->ucla_latest = total;
        }
    }
    // Versions in the order they first appear in the input (as LonelinessOutcomes).
    std::vector<MeasureChange> in_order;
    for (const LonelinessMeasure& measure : measures) {
        const auto same = [&measure](const MeasureChange& change) { return change.version == measure.answers.version; };
        if (std::find_if(in_order.begin(), in_order.end(), same) != in_order.end()) continue;
        in_order.push_back(*std::find_if(changes.begin(), changes.end(), same));
    }
    return in_order;
}

const std::vector<NationalReference>& NationalDirectReference() {
    static const std::vector<NationalReference> reference = {
        {"内閣府「人々のつながりに関する基礎調査（令和6年）」", "しばしばある・常にある", 4.3},
        {"内閣府「人々のつながりに関する基礎調査（令和6年）」", "時々ある", 15.4},
        {"内閣府「人々のつながりに関する基礎調査（令和6年）」", "たまにある", 19.6},
    };
    return reference;
}

}  // namespace kasane::domain
