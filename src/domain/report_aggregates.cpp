// SPDX-License-Identifier: Apache-2.0
#include "domain/report_aggregates.hpp"

#include <algorithm>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "base/japan_time.hpp"
#include "base/japanese_date.hpp"
#include "domain/report.hpp"

namespace kasane::domain {

int AggregateDayKey(Instant instant) {
    const Date date = JstDate(instant);
    return static_cast<int>(date.year()) * 10000 + static_cast<int>(static_cast<unsigned>(date.month())) * 100 +
           static_cast<int>(static_cast<unsigned>(date.day()));
}

int AggregateFiscalYear(Instant instant) { return FiscalYearOf(JstDate(instant)); }

std::vector<std::string> ContactBuckets(const AggregatedContact& contact,
                                        const std::unordered_map<std::int64_t, std::string>& field_of_category) {
    std::vector<std::string> buckets{std::string(kAllBucket), "channel:" + contact.channel, "source:" + contact.source,
                                     "outcome:" + contact.outcome,
                                     "organization:" + std::to_string(contact.organization_id)};
    std::vector<std::string> fields;
    for (const std::int64_t category : contact.category_ids) {
        buckets.push_back("category:" + std::to_string(category));
        const auto found = field_of_category.find(category);
        if (found != field_of_category.end() &&
            std::find(fields.begin(), fields.end(), found->second) == fields.end()) {
            fields.push_back(found->second);
        }
    }
    for (const std::string& field : fields) buckets.push_back("field:" + field);
    return buckets;
}

void AddContact(AggregateSet& set, const AggregatedContact& contact,
                const std::unordered_map<std::int64_t, std::string>& field_of_category, int sign) {
    const int day = AggregateDayKey(contact.occurred_at);
    const int year = AggregateFiscalYear(contact.occurred_at);
    for (std::string& bucket : ContactBuckets(contact, field_of_category)) {
        set.days[{day, bucket}] += sign;
        if (contact.person_id) set.members[{year, std::move(bucket), *contact.person_id}] += sign;
    }
    if (contact.household_id) set.members[{year, std::string(kHouseholdBucket), *contact.household_id}] += sign;
    set.members[{year, std::string(kConsultationBucket), contact.consultation_id}] += sign;
}

int AggregateCounter::BucketOf(std::string name) {
    const auto [found, added] = bucket_ids_.try_emplace(std::move(name), static_cast<int>(buckets_.size()));
    if (added) buckets_.push_back(found->first);
    return found->second;
}

void AggregateCounter::Add(const AggregatedContact& contact) {
    constexpr std::int64_t kMemberLimit = std::int64_t{1} << 40;
    const int day = AggregateDayKey(contact.occurred_at);
    const int year = AggregateFiscalYear(contact.occurred_at);
    const auto fits = [&](std::optional<std::int64_t> member) {
        return !member || (*member >= 0 && *member < kMemberLimit);
    };
    if (day < 0 || year < 1900 || year >= 1900 + 256 || buckets_.size() + 1024 >= (std::size_t{1} << 16) ||
        !fits(contact.person_id) || !fits(contact.household_id) || !fits(contact.consultation_id)) {
        AddContact(overflow_, contact, field_of_category_, +1);
        return;
    }
    // A contact's kind: what its buckets are made of.
    std::string kind = contact.channel;
    kind += '\x1f';
    kind += contact.source;
    kind += '\x1f';
    kind += contact.outcome;
    kind += '\x1f';
    kind += std::to_string(contact.organization_id);
    for (const std::int64_t category : contact.category_ids) {
        kind += ',';
        kind += std::to_string(category);
    }
    auto found = kinds_.find(kind);
    if (found == kinds_.end()) {
        std::vector<int> ids;
        for (std::string& bucket : ContactBuckets(contact, field_of_category_))
            ids.push_back(BucketOf(std::move(bucket)));
        found = kinds_.emplace(std::move(kind), std::move(ids)).first;
    }
    const std::uint64_t year_bits = static_cast<std::uint64_t>(year - 1900) << 56;
    for (const int bucket : found->second) {
        days_.push_back(static_cast<std::uint64_t>(day) << 24 | static_cast<std::uint64_t>(bucket));
        if (contact.person_id) {
            members_.push_back(year_bits | static_cast<std::uint64_t>(bucket) << 40 |
                               static_cast<std::uint64_t>(*contact.person_id));
        }
    }
    if (contact.household_id) {
        members_.push_back(year_bits | static_cast<std::uint64_t>(BucketOf(std::string(kHouseholdBucket))) << 40 |
                           static_cast<std::uint64_t>(*contact.household_id));
    }
    members_.push_back(year_bits | static_cast<std::uint64_t>(BucketOf(std::string(kConsultationBucket))) << 40 |
                       static_cast<std::uint64_t>(contact.consultation_id));
}

namespace {

// Adds each run of equal keys in sorted `packed` to `counts` as one count, under the key `unpack` makes of it: at the
// map's end when it starts empty (the keys come in its own order), added to what is there otherwise.
template <typename Map, typename Unpack>
void AddRuns(const std::vector<std::uint64_t>& packed, Map& counts, Unpack unpack) {
    const bool empty = counts.empty();
    for (std::size_t i = 0; i < packed.size();) {
        std::size_t end = i;
        while (end < packed.size() && packed[end] == packed[i]) ++end;
        auto key = unpack(packed[i]);
        const auto count = static_cast<long long>(end - i);
        if (empty) {
            counts.emplace_hint(counts.end(), std::move(key), count);
        } else {
            counts[std::move(key)] += count;
        }
        i = end;
    }
}

}  // namespace

void AggregateCounter::AddTo(AggregateSet& set) {
    // Buckets renumbered in the order of their names, so that sorted keys come in the maps' own order and each is
    // added at the maps' end when they start empty.
    std::vector<int> by_name(buckets_.size());
    for (std::size_t i = 0; i < by_name.size(); ++i) by_name[i] = static_cast<int>(i);
    std::sort(by_name.begin(), by_name.end(), [&](int a, int b) { return buckets_[a] < buckets_[b]; });
    std::vector<std::uint64_t> rank(buckets_.size());
    for (std::size_t i = 0; i < by_name.size(); ++i) rank[by_name[i]] = i;
    constexpr std::uint64_t kBucketMask = (std::uint64_t{1} << 16) - 1;
    for (std::uint64_t& key : days_) key = (key & ~std::uint64_t{0xFFFFFF}) | rank[key & 0xFFFFFF];
    for (std::uint64_t& key : members_) {
        key = (key & ~(kBucketMask << 40)) | rank[key >> 40 & kBucketMask] << 40;
    }
    std::sort(days_.begin(), days_.end());
    std::sort(members_.begin(), members_.end());
    AddRuns(days_, set.days, [&](std::uint64_t packed) {
        return std::pair<int, std::string>{static_cast<int>(packed >> 24), buckets_[by_name[packed & 0xFFFFFF]]};
    });
    AddRuns(members_, set.members, [&](std::uint64_t packed) {
        return std::tuple<int, std::string, std::int64_t>{
            static_cast<int>(packed >> 56) + 1900, buckets_[by_name[packed >> 40 & kBucketMask]],
            static_cast<std::int64_t>(packed & ((std::uint64_t{1} << 40) - 1))};
    });
    for (const auto& [key, count] : overflow_.days) set.days[key] += count;
    for (const auto& [key, count] : overflow_.members) set.members[key] += count;
    days_ = {};
    members_ = {};
    overflow_ = {};
}

std::optional<long long> HouseholdSizeOn(const std::vector<PersonId>& group,
                                         const std::vector<const Household*>& households, Date day) {
    std::optional<std::int64_t> lowest;
    std::optional<long long> size;
    for (const Household* household : households) {
        const std::vector<HouseholdMember> current = household->CurrentMembers(day);
        for (const HouseholdMember& member : current) {
            if (std::find(group.begin(), group.end(), member.person_id) == group.end()) continue;
            if (lowest && member.id >= *lowest) continue;
            lowest = member.id;
            size = static_cast<long long>(current.size());
        }
    }
    return size;
}

std::optional<std::vector<std::optional<UnknownReason>>> QualityReasons(std::string_view unknown_reasons) {
    const auto reasons = nlohmann::json::parse(unknown_reasons, nullptr, false);
    if (!reasons.is_object()) return std::nullopt;
    std::vector<std::optional<UnknownReason>> out;
    for (const QualityField& field : QualityFields()) {
        const auto found = reasons.find(field.field);
        if (found == reasons.end() || !found->is_string()) {
            out.emplace_back();
        } else {
            out.push_back(ParseUnknownReason(found->get<std::string>()).value_or(UnknownReason::kUnknown));
        }
    }
    return out;
}

std::vector<std::string> PersonFacets(std::optional<long long> household_size,
                                      const std::vector<std::optional<UnknownReason>>& reasons,
                                      const std::vector<PersonTrait>& traits) {
    std::vector<std::string> out{"household_size:" +
                                 std::string(HouseholdSizeBuckets().at(HouseholdSizeIndex(household_size)).code)};
    for (std::size_t field = 0; field < reasons.size() && field < QualityFields().size(); ++field) {
        if (!reasons[field]) continue;
        out.push_back("unknown:" + std::string(QualityFields()[field].field) + ":" +
                      std::string(UnknownReasonCode(*reasons[field])));
    }
    for (const PersonTrait trait : AllPersonTraits()) {
        if (std::find(traits.begin(), traits.end(), trait) != traits.end()) {
            out.push_back("trait:" + std::string(PersonTraitCode(trait)));
        }
    }
    if (traits.empty()) out.emplace_back("trait:none");
    return out;
}

void AddPersonFacets(AggregateSet& set, int year, const std::vector<std::string>& facets, long long contacts,
                     int sign) {
    if (contacts <= 0) return;
    for (const std::string& facet : facets) {
        set.facet_persons[{year, facet}] += sign;
        set.facet_contacts[{year, facet}] += sign * contacts;
    }
}

namespace {

FacetCount FacetOf(const Facets& facets, const std::string& facet) {
    const auto found = facets.find(facet);
    return found == facets.end() ? FacetCount{} : found->second;
}

}  // namespace

TraitCounts TraitCountsFromFacets(const Facets& facets) {
    TraitCounts counts;
    for (const HouseholdSizeBucket& bucket : HouseholdSizeBuckets()) {
        counts.persons += FacetOf(facets, "household_size:" + std::string(bucket.code)).persons;
    }
    for (const PersonTrait trait : AllPersonTraits()) {
        counts.by_trait.push_back(
            {.trait = trait, .persons = FacetOf(facets, "trait:" + std::string(PersonTraitCode(trait))).persons});
    }
    counts.none = FacetOf(facets, "trait:none").persons;
    return counts;
}

void CountFromFacets(const Facets& facets, long long contacts, std::vector<CountBucket>& household_sizes,
                     std::vector<UnknownCounts>& unknowns) {
    auto of = [&](const std::string& facet) { return FacetOf(facets, facet); };
    long long person_contacts = 0;
    for (const HouseholdSizeBucket& bucket : HouseholdSizeBuckets()) {
        const FacetCount count = of("household_size:" + std::string(bucket.code));
        household_sizes.push_back({std::string(bucket.code), std::string(bucket.label), count.contacts, count.persons});
        person_contacts += count.contacts;
    }
    household_sizes.at(HouseholdSizeIndex(std::nullopt)).contacts += contacts - person_contacts;
    for (const QualityField& field : QualityFields()) {
        const std::string prefix = "unknown:" + std::string(field.field) + ":";
        unknowns.push_back(
            {.field = std::string(field.field),
             .unknown = of(prefix + std::string(UnknownReasonCode(UnknownReason::kUnknown))).persons,
             .refused = of(prefix + std::string(UnknownReasonCode(UnknownReason::kRefused))).persons,
             .not_asked = of(prefix + std::string(UnknownReasonCode(UnknownReason::kNotAsked))).persons});
    }
}

namespace {

template <class Map>
void DropZeros(Map& map) {
    std::erase_if(map, [](const auto& entry) { return entry.second == 0; });
}

std::string DayText(int day) {
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d", day / 10000, day / 100 % 100, day % 100);
    return text;
}

void Difference(std::vector<std::string>& out, const std::string& what, long long recounted, long long stored) {
    if (recounted == stored) return;
    out.push_back(what + ": 記録から " + std::to_string(recounted) + ", 集計表 " + std::to_string(stored));
}

// Walks two sorted maps together, naming each key whose values differ (absent = 0).
template <class Map, class Name>
void Compare(std::vector<std::string>& out, const Map& recounted, const Map& stored, Name name) {
    auto a = recounted.begin();
    auto b = stored.begin();
    while (a != recounted.end() || b != stored.end()) {
        if (b == stored.end() || (a != recounted.end() && a->first < b->first)) {
            Difference(out, name(a->first), a->second, 0);
            ++a;
        } else if (a == recounted.end() || b->first < a->first) {
            Difference(out, name(b->first), 0, b->second);
            ++b;
        } else {
            Difference(out, name(a->first), a->second, b->second);
            ++a;
            ++b;
        }
    }
}

}  // namespace

void FinishAggregateSet(AggregateSet& set) {
    DropZeros(set.days);
    DropZeros(set.members);
    DropZeros(set.facet_persons);
    DropZeros(set.facet_contacts);
    set.distinct.clear();
    for (const auto& [key, contacts] : set.members) {
        if (contacts > 0) ++set.distinct[{std::get<0>(key), std::get<1>(key)}];
    }
}

std::vector<std::string> AggregateDifferences(const AggregateSet& recounted, const AggregateSet& stored) {
    std::vector<std::string> out;
    Compare(out, recounted.days, stored.days,
            [](const auto& key) { return "延べ " + DayText(key.first) + " " + key.second; });
    Compare(out, recounted.members, stored.members, [](const auto& key) {
        return "実 " + std::to_string(std::get<0>(key)) + "年度 " + std::get<1>(key) + " #" +
               std::to_string(std::get<2>(key));
    });
    Compare(out, recounted.distinct, stored.distinct,
            [](const auto& key) { return "実人数 " + std::to_string(key.first) + "年度 " + key.second; });
    Compare(out, recounted.facet_persons, stored.facet_persons,
            [](const auto& key) { return "人数 " + std::to_string(key.first) + "年度 " + key.second; });
    Compare(out, recounted.facet_contacts, stored.facet_contacts,
            [](const auto& key) { return "件数 " + std::to_string(key.first) + "年度 " + key.second; });
    return out;
}

std::optional<int> WholeFiscalYearBetween(Instant from, Instant to) {
    const int year = AggregateFiscalYear(from);
    if (from != StartOfFiscalYear(year) || to != StartOfFiscalYear(year + 1)) return std::nullopt;
    return year;
}

}  // namespace kasane::domain
