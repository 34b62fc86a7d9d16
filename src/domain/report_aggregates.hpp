// SPDX-License-Identifier: Apache-2.0
#pragma once

// The 年度集計's maintained aggregates (issue 18, item 2): counts kept up to date in the same transaction as the
// contacts they count, so that a whole 年度 is read from a few hundred counter rows instead of recounting every
// contact. One home for what a counted contact adds to them; the storage writes the rows and keeps them exact.
//
//   延べ   per (municipality, Japan-time day, bucket): contacts. A period of whole days sums its days.
//   実     per (municipality, 年度, bucket, member): contacts of that member (a person — the survivor of a merged
//          record —, a household or a consultation) in the 年度; and per (municipality, 年度, bucket) the number of
//          such rows with contacts > 0. A merge moves a person's rows to the survivor, an unmerge moves them back.
//
// The bucket of a contact: "all", "channel:<code>", "source:<code>", "outcome:<code>", "organization:<id>",
// "category:<id>" (each category), "field:<code>" (each 分野 once); members of "all" and every other bucket are
// persons; "household" and "consultation" count households and threads. Days and 年度 are Japan time
// (base/japan_time.hpp): a contact at 23:59 JST on 31 March belongs to the 年度 before one at 00:00 JST on 1 April.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/ids.hpp"
#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/intake_repositories.hpp"
#include "domain/person.hpp"
#include "domain/person_traits.hpp"

namespace kasane::domain {

inline constexpr std::string_view kAllBucket = "all";
inline constexpr std::string_view kHouseholdBucket = "household";
inline constexpr std::string_view kConsultationBucket = "consultation";

// A contact as the aggregates count it (only contacts that count: domain::IsCounted).
struct AggregatedContact {
    Instant occurred_at{};
    std::int64_t consultation_id = 0;
    std::optional<std::int64_t> person_id;  // the survivor of a merged record; nullopt when anonymous
    std::optional<std::int64_t> household_id;
    std::string channel;  // codes
    std::string source;
    std::string outcome;
    std::int64_t organization_id = 0;
    std::vector<std::int64_t> category_ids;
};

// The day key of an instant: the Japan-time date as yyyymmdd (20250331).
int AggregateDayKey(Instant instant);
// The 年度 of an instant, in Japan time.
int AggregateFiscalYear(Instant instant);
// The 延べ buckets of a contact ("all" first); `field_of_category` gives the 分野 code of each of the town's
// categories (an id not in it counts under its category bucket only).
std::vector<std::string> ContactBuckets(const AggregatedContact& contact,
                                        const std::unordered_map<std::int64_t, std::string>& field_of_category);

// A whole set of aggregates, or a change to them.
struct AggregateSet {
    std::map<std::pair<int, std::string>, long long> days;                    // (day, bucket) → contacts
    std::map<std::tuple<int, std::string, std::int64_t>, long long> members;  // (年度, bucket, member)
    std::map<std::pair<int, std::string>, long long> distinct;                // (年度, bucket) → members
    std::map<std::pair<int, std::string>, long long> facet_persons;           // (年度, facet) → persons
    std::map<std::pair<int, std::string>, long long> facet_contacts;          // (年度, facet) → their contacts
};

// Facets (migration 65): what 世帯人員, データの質 and 課題と特性 count of each person of a 年度's "all" members, kept
// per (年度, facet) as the persons carrying it and their contacts, so that a whole 年度 reads a few dozen rows instead
// of the town's memberships and its counted persons. A person's facets in a 年度:
//   "household_size:<code>"    one, HouseholdSizeBuckets' code of HouseholdSizeOn the 年度's last day;
//   "unknown:<field>:<reason>" one per QualityFields field the person (the survivor) keeps a reason for;
//   "trait:<code>"             one per trait of the person or of a record merged into it, "trait:none" for none.
// Every write that can change them (a contact, a membership or its dates, the person's unknown reasons or traits, a
// merge or an unmerge) takes the persons it touches out before it and puts them back after it
// (report_aggregates_store.cpp).

// 世帯人員 on `day`: how many members are current on it (Household::CurrentMembers) in the household of the current
// membership with the lowest id among `group` (a person and every record merged into it); nullopt in none.
// `households`: every household a member of `group` belongs to, with all its members.
std::optional<long long> HouseholdSizeOn(const std::vector<PersonId>& group,
                                         const std::vector<const Household*>& households, Date day);
// The reason a person's unknown_reasons (a JSON object, field → UnknownReasonCode) keeps for each QualityFields field,
// in its order: nullopt for none (or a value that is not a string), 不明 for a code this program does not know.
// nullopt when the text is not a JSON object.
std::optional<std::vector<std::optional<UnknownReason>>> QualityReasons(std::string_view unknown_reasons);
// `traits`: the union of the person's and its merged records' (any order, repeats allowed).
std::vector<std::string> PersonFacets(std::optional<long long> household_size,
                                      const std::vector<std::optional<UnknownReason>>& reasons,
                                      const std::vector<PersonTrait>& traits);
// Adds `sign` times a person counted in `year` with `contacts` (> 0) and these facets.
void AddPersonFacets(AggregateSet& set, int year, const std::vector<std::string>& facets, long long contacts, int sign);
// 世帯人員 and データの質 of a whole 年度 from its facets (facet → persons, contacts); the 延べ not of a person
// (`contacts` less the persons') counts under 世帯人員 不明.
struct FacetCount {
    long long persons = 0;
    long long contacts = 0;
};
using Facets = std::map<std::string, FacetCount, std::less<>>;
void CountFromFacets(const Facets& facets, long long contacts, std::vector<CountBucket>& household_sizes,
                     std::vector<UnknownCounts>& unknowns);
// 課題と特性別 of a whole 年度 from its facets, as CountTraits counts the persons.
TraitCounts TraitCountsFromFacets(const Facets& facets);

// Adds `sign` (+1 or -1) times the contact to the days and members of `set` (not its distinct counts).
void AddContact(AggregateSet& set, const AggregatedContact& contact,
                const std::unordered_map<std::int64_t, std::string>& field_of_category, int sign);
// Counts many contacts at once (the recount of a whole town): the sums AddContact(set, contact, fields, +1) makes for
// each, kept under integer keys (each bucket's name made once for each kind of contact) and added to a set in one pass
// at AddTo(), instead of a lookup in the string-keyed maps for every bucket of every contact (on 5,000,000 contacts the
// largest cost of a bulk load's end, docs/performance.md). Not thread-safe.
class AggregateCounter {
public:
    explicit AggregateCounter(const std::unordered_map<std::int64_t, std::string>& field_of_category)
        : field_of_category_(field_of_category) {}
    void Add(const AggregatedContact& contact);
    // Adds the counts to `set` (its days and members; not its distinct counts), and empties the counter.
    void AddTo(AggregateSet& set);

private:
    int BucketOf(std::string name);

    const std::unordered_map<std::int64_t, std::string>& field_of_category_;
    std::unordered_map<std::string, int> bucket_ids_;          // bucket → its index in buckets_
    std::vector<std::string> buckets_;                         // by index
    std::unordered_map<std::string, std::vector<int>> kinds_;  // a contact's kind → its buckets ("all" first)
    std::vector<std::uint64_t> days_;                          // (day << 24 | bucket), one a contact and bucket
    std::vector<std::uint64_t> members_;                       // (年度 - 1900) << 56 | bucket << 40 | member
    AggregateSet overflow_;  // contacts whose keys do not fit the packing above, counted the usual way
};

// The distinct counts of a set from its members (rows with contacts > 0); zero entries dropped everywhere.
void FinishAggregateSet(AggregateSet& set);
// Every difference between the aggregates recounted from the records and those stored, in words, e.g.
// "延べ 2025-03-31 channel:phone: 記録から 3, 集計表 4"; empty when they agree. Zero and absent rows are equal.
std::vector<std::string> AggregateDifferences(const AggregateSet& recounted, const AggregateSet& stored);

// The 年度 whose whole span [from, to) is, when it is one (1 April 00:00 JST to the next): the periods the maintained
// 実人数 answer. nullopt for a part year or a range of days (those are recounted from the contacts).
std::optional<int> WholeFiscalYearBetween(Instant from, Instant to);

// The maintained aggregates of one town as `kasane report verify` sees them.
class ReportAggregates {
public:
    virtual ~ReportAggregates() = default;
    // Recounts every maintained aggregate from the records and names each difference; empty when they agree.
    virtual Result<std::vector<std::string>> Verify() = 0;
    // Replaces the town's aggregates with a recount (after a bulk load, or to repair).
    virtual Status Rebuild() = 0;
};

}  // namespace kasane::domain
