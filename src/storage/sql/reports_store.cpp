// SPDX-License-Identifier: Apache-2.0
// The counts of the reports over consultations and contacts (domain::ReportRepository).

#include "storage/sql/sql_repositories.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cstdio>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "base/japan_time.hpp"
#include "domain/consultation_book.hpp"
#include "domain/household_membership.hpp"
#include "domain/report.hpp"
#include "domain/report_aggregates.hpp"
#include "storage/sql/intake_support.hpp"
#include "storage/sql/merged_persons.hpp"
#include "storage/sql/report_aggregates_store.hpp"

namespace kasane::storage {
namespace {

// ---------------------------------------------------------------------------------------------------------------
// Reports
//
// CountConsultations reads the period once: contacts_by_occurred_at covers every column the count needs
// (consultation, person, household, channel, source, organisation, and the consultation's result, category ids and
// whether it counts copied onto each contact; migration 11), so the period is one index range scan, streamed row by
// row, and every breakdown is aggregated here in that one pass. Distinct persons per bucket are tracked per person (the
// few buckets each person touched), which keeps memory at persons × buckets touched; ids go through an open-addressing
// table.
//
// Measured with tests/storage/storage_bench.cpp, Release build, on a 2-core VM shared with other builds:
// 200,000 persons, 333,642 consultations and 1,000,000 contacts all in the fiscal year (a year's share of
// 5,000,000): SQLite 0.70–0.73 s, PostgreSQL 15 0.65–0.81 s per CountConsultations (Debug build: ~3.5 s). An
// earlier version that read the consultations (outcome, categories) with a second, semi-join query spent 0.7 s
// in SQLite on that query alone, which is why outcome and category ids are copied onto the contacts.

constexpr SqlStatement kReportContacts{
    "intake_report_contacts",
    "SELECT c.consultation_id, c.person_id, c.household_id, c.channel, c.source, c.organization_id, c.result, "
    "c.category_ids FROM contacts c WHERE c.municipality_id = $1 AND c.occurred_at >= $2 AND c.occurred_at < $3 "
    "AND c.counted = $4"};
// The same rows as kReportContacts, each with its id and instant (the explanation of a cell, report_explain.hpp).
constexpr SqlStatement kReportContactRows{
    "intake_report_contact_rows",
    "SELECT c.id, c.occurred_at, c.consultation_id, c.person_id, c.household_id, c.channel, c.source, "
    "c.organization_id, c.result, c.category_ids FROM contacts c WHERE c.municipality_id = $1 AND c.occurred_at >= $2 "
    "AND c.occurred_at < $3 AND c.counted = $4 ORDER BY c.occurred_at, c.id"};
// 世帯人員 and データの質 (issue 17, items 3 and 10): every membership, and every surviving person's unknown reasons,
// joined to the persons counted here.
constexpr SqlStatement kReportMemberships{
    "intake_report_memberships",
    "SELECT id, household_id, person_id, moved_in, moved_out FROM household_members WHERE municipality_id = $1"};
constexpr SqlStatement kReportUnknownReasons{
    "intake_report_unknown_reasons",
    "SELECT id, unknown_reasons FROM persons WHERE municipality_id = $1 AND merged_into IS NULL"};
constexpr SqlStatement kReportOrganizations{
    "intake_report_organizations", "SELECT id, name FROM organizations WHERE municipality_id = $1 ORDER BY id"};

template <class Range, class Code>
int CodeIndex(const Range& values, Code code, std::string_view text) {
    int index = 0;
    for (auto value : values) {
        if (code(value) == text) return index;
        ++index;
    }
    return -1;
}

// Positive ids → dense indexes 0, 1, 2 … in order of first sight; linear probing, grown at half full. Several
// times faster than std::unordered_map for a million lookups, which is most of the report's time.
class DenseIds {
public:
    DenseIds() : slots_(1024) {}

    // The id's index, and whether it was new.
    std::pair<std::uint32_t, bool> Insert(std::int64_t id) {
        if ((size_ + 1) * 2 > slots_.size()) Grow();
        std::size_t slot = Hash(id) & (slots_.size() - 1);
        while (slots_[slot].id != 0) {
            if (slots_[slot].id == id) return {slots_[slot].index, false};
            slot = (slot + 1) & (slots_.size() - 1);
        }
        slots_[slot] = {id, size_};
        return {size_++, true};
    }

    std::uint32_t Size() const { return size_; }

    // The id's index, if inserted.
    std::optional<std::uint32_t> Find(std::int64_t id) const {
        for (std::size_t slot = Hash(id) & (slots_.size() - 1); slots_[slot].id != 0;
             slot = (slot + 1) & (slots_.size() - 1)) {
            if (slots_[slot].id == id) return slots_[slot].index;
        }
        return std::nullopt;
    }

private:
    struct Slot {
        std::int64_t id = 0;
        std::uint32_t index = 0;
    };

    static std::size_t Hash(std::int64_t id) {
        return static_cast<std::size_t>(static_cast<std::uint64_t>(id) * 0x9E3779B97F4A7C15ULL >> 17);
    }

    void Grow() {
        std::vector<Slot> old(slots_.size() * 2);
        old.swap(slots_);
        for (const Slot& entry : old) {
            if (entry.id == 0) continue;
            std::size_t slot = Hash(entry.id) & (slots_.size() - 1);
            while (slots_[slot].id != 0) slot = (slot + 1) & (slots_.size() - 1);
            slots_[slot] = entry;
        }
    }

    std::vector<Slot> slots_;
    std::uint32_t size_ = 0;
};

class SqlReportRepository final : public domain::ReportRepository, TenantRepository {
public:
    using TenantRepository::TenantRepository;

private:
    // 世帯人員 of each person counted, as domain::HouseholdSizeOn takes it on the period's last day (the memberships
    // current on it: IsCurrentMembership; the household of the person's lowest such membership), 不明 with none.
    template <class Survivor>
    Status CountHouseholdSizes(SqlConnection& connection, Instant to, const Survivor& survivor_of,
                               const DenseIds& persons, const std::vector<long long>& person_contacts,
                               long long anonymous_contacts, std::vector<domain::CountBucket>& out) {
        // The day of the period's last instant (the day before `to` when it starts one).
        const domain::Date last_day = JstDate(to - Instant::duration{1});
        // Streamed, not materialised: the town's every membership (1,000,001 rows on the prefecture set) held as
        // values cost most of this function; households go through the same open-addressing table as the persons.
        DenseIds households;
        std::vector<long long> members;  // dense household → current members
        constexpr std::uint32_t kNoHousehold = UINT32_MAX;
        std::vector<std::uint32_t> household_of(persons.Size(), kNoHousehold);  // dense person → dense household
        std::vector<std::int64_t> membership_of(persons.Size(), 0);             // the membership that decided it
        bool corrupt = false;
        const std::array<SqlParam, 1> params{tenant_};
        KASANE_TRY(connection.Stream(kReportMemberships, params, [&](const SqlCursor& row) {
            std::optional<domain::Date> dates[2];
            for (int column : {3, 4}) {
                if (row.IsNull(column)) continue;
                const auto date = ParseDate(row.Text(column));
                if (!date) {
                    corrupt = true;
                    return false;
                }
                dates[column - 3] = *date;
            }
            if (!domain::IsCurrentMembership(dates[0], dates[1], last_day)) return true;
            const auto [household, new_household] = households.Insert(row.Integer(1));
            if (new_household) members.push_back(0);
            ++members[household];
            const auto person = persons.Find(survivor_of(domain::PersonId{row.Integer(2)}).value());
            const std::int64_t membership = row.Integer(0);
            if (person && (household_of[*person] == kNoHousehold || membership < membership_of[*person])) {
                household_of[*person] = household;
                membership_of[*person] = membership;
            }
            return true;
        }));
        if (corrupt) return Fail(Corrupt("household_members.moved_out"));
        for (const auto& bucket : domain::HouseholdSizeBuckets()) {
            out.push_back({std::string(bucket.code), std::string(bucket.label), 0, 0});
        }
        out.at(domain::HouseholdSizeIndex(std::nullopt)).contacts += anonymous_contacts;
        for (std::uint32_t person = 0; person < persons.Size(); ++person) {
            std::optional<long long> size;
            if (household_of[person] != kNoHousehold) size = members.at(household_of[person]);
            auto& bucket = out.at(domain::HouseholdSizeIndex(size));
            ++bucket.persons;
            bucket.contacts += person_contacts.at(person);
        }
        return {};
    }

    // データの質: the unknown reasons kept on the persons counted, per field (domain::QualityReasons).
    Status CountUnknowns(SqlConnection& connection, const DenseIds& persons, std::vector<domain::UnknownCounts>& out) {
        for (const auto& field : domain::QualityFields()) out.push_back({.field = std::string(field.field)});
        // Streamed, and each distinct text parsed once: a town's persons hold a few dozen different sets of reasons
        // ("{}" for most), so parsing every person's JSON was the cost.
        std::map<std::string, std::vector<std::optional<domain::UnknownReason>>, std::less<>> parsed;
        bool corrupt = false;
        const std::array<SqlParam, 1> params{tenant_};
        KASANE_TRY(connection.Stream(kReportUnknownReasons, params, [&](const SqlCursor& row) {
            if (!persons.Find(row.Integer(0))) return true;
            const std::string_view text = row.IsNull(1) ? std::string_view("{}") : row.Text(1);
            auto known = parsed.find(text);
            if (known == parsed.end()) {
                auto reasons = domain::QualityReasons(text);
                if (!reasons) {
                    corrupt = true;
                    return false;
                }
                known = parsed.emplace(std::string(text), std::move(*reasons)).first;
            }
            for (std::size_t field = 0; field < out.size() && field < known->second.size(); ++field) {
                if (!known->second[field]) continue;
                switch (*known->second[field]) {
                    case domain::UnknownReason::kUnknown: ++out[field].unknown; break;
                    case domain::UnknownReason::kRefused: ++out[field].refused; break;
                    case domain::UnknownReason::kNotAsked: ++out[field].not_asked; break;
                }
            }
            return true;
        }));
        if (corrupt) return Fail(Corrupt("person.unknown_reasons"));
        return {};
    }

public:
    Result<domain::ConsultationCounts> CountConsultations(Instant from, Instant to) override {
        const std::string from_text = FormatIso8601(from);
        const std::string to_text = FormatIso8601(to);
        using Counts = domain::ConsultationCounts;
        return ReadInto<Counts>([&](SqlConnection& connection, Counts& out) -> Status {
            // Buckets: channels, sources, outcomes, then the categories and organisations of the municipality.
            std::vector<domain::CountBucket> buckets;
            for (auto channel : kChannels) {
                buckets.push_back(
                    {std::string(domain::ChannelCode(channel)), std::string(domain::ChannelLabel(channel)), 0, 0});
            }
            const std::size_t source_base = buckets.size();
            for (auto source : kSources) {
                buckets.push_back(
                    {std::string(domain::SourceCode(source)), std::string(domain::SourceLabel(source)), 0, 0});
            }
            const std::size_t outcome_base = buckets.size();
            for (auto outcome : kOutcomes) {
                buckets.push_back(
                    {std::string(domain::OutcomeCode(outcome)), std::string(domain::OutcomeLabel(outcome)), 0, 0});
            }
            const std::size_t category_base = buckets.size();
            std::vector<domain::WorryCategory> categories;
            KASANE_TRY(ReadCategories(connection, tenant_, categories));
            std::unordered_map<std::int64_t, std::uint32_t> category_bucket;
            for (const auto& category : categories) {
                category_bucket.emplace(category.id, static_cast<std::uint32_t>(buckets.size()));
                buckets.push_back({category.code, category.label, 0, 0});
            }
            // 分野: each category's field (FieldOfCategory), a contact counted once per field.
            const std::size_t field_base = buckets.size();
            for (auto field : domain::AllFields()) {
                buckets.push_back(
                    {std::string(domain::FieldCode(field)), std::string(domain::FieldLabel(field)), 0, 0});
            }
            std::unordered_map<std::int64_t, std::uint32_t> category_field;
            for (const auto& category : categories) {
                category_field.emplace(category.id, static_cast<std::uint32_t>(domain::FieldOfCategory(category.code)));
            }
            const std::size_t organization_base = buckets.size();
            std::unordered_map<std::int64_t, std::uint32_t> organization_bucket;
            KASANE_ASSIGN(organizations, connection.Execute(kReportOrganizations, {tenant_}));
            for (const auto& values : organizations->rows) {
                const SqlRow row(values);
                const std::int64_t id = row.Integer(0).value_or(0);
                organization_bucket.emplace(id, static_cast<std::uint32_t>(buckets.size()));
                buckets.push_back({std::to_string(id), row.Text(1).value_or(""), 0, 0});
            }
            // The counted buckets, each kind to its list of the answer.
            const auto split_buckets = [&](Counts& counts) {
                auto slice = [&](std::size_t begin, std::size_t end) {
                    return std::vector<domain::CountBucket>(buckets.begin() + static_cast<std::ptrdiff_t>(begin),
                                                            buckets.begin() + static_cast<std::ptrdiff_t>(end));
                };
                counts.by_channel = slice(0, source_base);
                counts.by_source = slice(source_base, outcome_base);
                counts.by_outcome = slice(outcome_base, category_base);
                counts.by_category = slice(category_base, field_base);
                counts.by_field = slice(field_base, organization_base);
                counts.by_organization = slice(organization_base, buckets.size());
            };

            // A whole 年度 is read from the maintained aggregates (report_aggregates_store.cpp), every other period
            // recounted from its contacts below.
            if (const auto year = domain::WholeFiscalYearBetween(from, to)) {
                StoredYear stored;
                KASANE_TRY(ReadStoredYear(connection, tenant_, *year, stored));
                auto contacts_of = [&](const std::string& key) {
                    const auto found = stored.contacts.find(key);
                    return found == stored.contacts.end() ? 0LL : found->second;
                };
                auto members_of = [&](const std::string& key) {
                    const auto found = stored.members.find(key);
                    return found == stored.members.end() ? 0LL : found->second;
                };
                auto fill = [&](std::size_t begin, std::size_t end, const std::string& prefix,
                                const std::vector<std::string>& keys) {
                    for (std::size_t i = begin; i < end; ++i) {
                        buckets[i].contacts = contacts_of(prefix + keys[i - begin]);
                        buckets[i].persons = members_of(prefix + keys[i - begin]);
                    }
                };
                std::vector<std::string> keys;
                for (auto channel : kChannels) keys.emplace_back(domain::ChannelCode(channel));
                fill(0, source_base, "channel:", keys);
                keys.clear();
                for (auto source : kSources) keys.emplace_back(domain::SourceCode(source));
                fill(source_base, outcome_base, "source:", keys);
                keys.clear();
                for (auto outcome : kOutcomes) keys.emplace_back(domain::OutcomeCode(outcome));
                fill(outcome_base, category_base, "outcome:", keys);
                keys.clear();
                for (const auto& category : categories) keys.push_back(std::to_string(category.id));
                fill(category_base, field_base, "category:", keys);
                keys.clear();
                for (auto field : domain::AllFields()) keys.emplace_back(domain::FieldCode(field));
                fill(field_base, organization_base, "field:", keys);
                keys.clear();
                for (std::size_t i = organization_base; i < buckets.size(); ++i) keys.push_back(buckets[i].code);
                fill(organization_base, buckets.size(), "organization:", keys);
                out.contacts = contacts_of(std::string(domain::kAllBucket));
                out.persons = members_of(std::string(domain::kAllBucket));
                out.households = members_of(std::string(domain::kHouseholdBucket));
                out.consultations = members_of(std::string(domain::kConsultationBucket));
                split_buckets(out);
                domain::CountFromFacets(stored.facets, out.contacts, out.by_household_size, out.person_unknowns);
                return {};
            }

            // Every other period is recounted. 実人数 counts a merged record as its survivor.
            MergedPersons merged;
            KASANE_TRY(merged.Read(connection, tenant_));
            auto survivor_of = [&](PersonId id) { return PersonId{merged.SurvivorOf(id.value())}; };
            DenseIds persons;
            DenseIds households;
            DenseIds consultations;
            std::vector<std::vector<std::uint32_t>> person_buckets;  // by dense person index
            std::vector<long long> person_contacts;                  // by dense person index
            long long anonymous_contacts = 0;
            long long contacts = 0;
            bool corrupt = false;
            // An anonymous consultation's contact (no person: kAnonymous) counts in 延べ, never in 実人数.
            constexpr std::uint32_t kAnonymous = UINT32_MAX;
            auto count = [&](std::uint32_t person, std::size_t bucket) {
                ++buckets[bucket].contacts;
                if (person == kAnonymous) return;
                auto& seen = person_buckets[person];
                if (std::find(seen.begin(), seen.end(), bucket) == seen.end()) {
                    seen.push_back(static_cast<std::uint32_t>(bucket));
                    ++buckets[bucket].persons;
                }
            };
            // Only what counts (contacts.counted, the copy of domain::IsCounted: nothing cancelled).
            const std::array<SqlParam, 4> period{tenant_, std::string_view(from_text), std::string_view(to_text), true};
            KASANE_TRY(connection.Stream(kReportContacts, period, [&](const SqlCursor& row) {
                ++contacts;
                consultations.Insert(row.Integer(0));
                std::uint32_t person = kAnonymous;
                if (!row.IsNull(1)) {
                    auto [index, new_person] = persons.Insert(survivor_of(domain::PersonId{row.Integer(1)}));
                    if (new_person) {
                        person_buckets.emplace_back();
                        person_contacts.push_back(0);
                    }
                    person = index;
                    ++person_contacts[index];
                } else {
                    ++anonymous_contacts;
                }
                if (!row.IsNull(2)) households.Insert(row.Integer(2));
                const int channel = CodeIndex(kChannels, domain::ChannelCode, row.Text(3));
                const int source = CodeIndex(kSources, domain::SourceCode, row.Text(4));
                const int outcome = CodeIndex(kOutcomes, domain::OutcomeCode, row.Text(6));
                if (channel < 0 || source < 0 || outcome < 0) {
                    corrupt = true;
                    return false;
                }
                count(person, static_cast<std::size_t>(channel));
                count(person, source_base + static_cast<std::size_t>(source));
                count(person, outcome_base + static_cast<std::size_t>(outcome));
                if (auto found = organization_bucket.find(row.Integer(5)); found != organization_bucket.end()) {
                    count(person, found->second);
                }
                const std::string_view ids = row.Text(7);
                unsigned fields = 0;  // the 分野 of this contact, as bits
                for (std::size_t begin = 0; begin < ids.size();) {
                    std::size_t end = ids.find(',', begin);
                    if (end == std::string_view::npos) end = ids.size();
                    std::int64_t category_id = 0;
                    std::from_chars(ids.data() + begin, ids.data() + end, category_id);
                    if (auto found = category_bucket.find(category_id); found != category_bucket.end()) {
                        count(person, found->second);
                    }
                    if (auto found = category_field.find(category_id); found != category_field.end()) {
                        fields |= 1U << found->second;
                    }
                    begin = end + 1;
                }
                for (std::size_t field = 0; field < domain::AllFields().size(); ++field) {
                    if ((fields & (1U << field)) != 0) count(person, field_base + field);
                }
                return true;
            }));
            if (corrupt) return Fail(Corrupt("contact codes"));

            out.contacts = contacts;
            out.persons = persons.Size();
            out.households = households.Size();
            out.consultations = consultations.Size();
            split_buckets(out);
            KASANE_TRY(CountHouseholdSizes(connection, to, survivor_of, persons, person_contacts, anonymous_contacts,
                                           out.by_household_size));
            KASANE_TRY(CountUnknowns(connection, persons, out.person_unknowns));
            return {};
        });
    }

    // The rows CountConsultations counts, one by one: the same query and the same merge of persons, so that the
    // explanation of a cell lists what its figure counts.
    Result<std::vector<domain::CountedContact>> ListCountedContacts(Instant from, Instant to) override {
        const std::string from_text = FormatIso8601(from);
        const std::string to_text = FormatIso8601(to);
        using Rows = std::vector<domain::CountedContact>;
        return ReadInto<Rows>([&](SqlConnection& connection, Rows& out) -> Status {
            std::vector<domain::WorryCategory> categories;
            KASANE_TRY(ReadCategories(connection, tenant_, categories));
            std::unordered_map<std::int64_t, std::string> category_code;
            for (const auto& category : categories) category_code.emplace(category.id, category.code);
            MergedPersons merged;
            KASANE_TRY(merged.Read(connection, tenant_));
            auto survivor_of = [&](PersonId id) { return PersonId{merged.SurvivorOf(id.value())}; };
            const std::array<SqlParam, 4> period{tenant_, std::string_view(from_text), std::string_view(to_text), true};
            bool corrupt = false;
            KASANE_TRY(connection.Stream(kReportContactRows, period, [&](const SqlCursor& row) {
                auto occurred_at = ParseIso8601(row.Text(1));
                if (!occurred_at) {
                    corrupt = true;
                    return false;
                }
                domain::CountedContact contact{.contact_id = row.Integer(0),
                                               .consultation_id = domain::ConsultationId{row.Integer(2)},
                                               .occurred_at = *occurred_at,
                                               .person_id = std::nullopt,
                                               .household_id = std::nullopt,
                                               .channel = std::string(row.Text(5)),
                                               .source = std::string(row.Text(6)),
                                               .organization = std::to_string(row.Integer(7)),
                                               .outcome = std::string(row.Text(8)),
                                               .category_codes = {}};
                if (!row.IsNull(3)) contact.person_id = survivor_of(domain::PersonId{row.Integer(3)});
                if (!row.IsNull(4)) contact.household_id = domain::HouseholdId{row.Integer(4)};
                const std::string_view ids = row.Text(9);
                for (std::size_t begin = 0; begin < ids.size();) {
                    std::size_t end = ids.find(',', begin);
                    if (end == std::string_view::npos) end = ids.size();
                    std::int64_t category_id = 0;
                    std::from_chars(ids.data() + begin, ids.data() + end, category_id);
                    if (auto found = category_code.find(category_id); found != category_code.end()) {
                        contact.category_codes.push_back(found->second);
                    }
                    begin = end + 1;
                }
                out.push_back(std::move(contact));
                return true;
            }));
            if (corrupt) return Fail(Corrupt("contact instant"));
            return {};
        });
    }
};

}  // namespace

std::unique_ptr<domain::ReportRepository> MakeReportRepository(SqlExecutor& executor, MunicipalityId tenant) {
    return std::make_unique<SqlReportRepository>(executor, tenant);
}

}  // namespace kasane::storage
