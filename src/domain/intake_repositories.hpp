// SPDX-License-Identifier: Apache-2.0
#pragma once

// Ports for 断らない相談 (persons, households, consultations, referrals), the audit trail and per-municipality
// settings. Same conventions as repositories.hpp: every method acts within the TenantStore's municipality; a row
// of another municipality is kNotFound; a stale `expected_version` is kConflict with field "version".

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/access.hpp"
#include "domain/audit.hpp"
#include "domain/consultation.hpp"
#include "domain/consultation_book.hpp"
#include "domain/person.hpp"
#include "domain/referral.hpp"

namespace kasane::domain {

// The search keys of a person, computed by the domain (NormalizeForSearch) and stored by storage beside the
// record. `grams` are the 2-grams of every name key; `address_grams` those of the address key.
struct PersonSearchKeys {
    std::string name_key;     // 氏名 (kanji), normalized, no spaces
    std::string kana_key;     // official furigana, normalized
    std::string reading_key;  // self-reported reading, normalized
    std::string address_key;
    std::string phone_key;                   // digits only
    std::vector<std::string> grams;          // distinct
    std::vector<std::string> address_grams;  // distinct
};

// A search candidate with its keys, so the domain can confirm the match and rank it.
struct PersonSearchHit {
    PersonId person_id{};
    PersonSearchKeys keys;
    std::optional<Date> birth_date;
    bool dv_protected = false;  // DV等支援措置: the search must not reveal its address or phone, not even in the audit
};

struct PersonMerge {
    std::int64_t id = 0;
    PersonId survivor_id{};
    PersonId merged_id{};
    UserId merged_by{};
    Instant merged_at{};
    std::optional<UserId> undone_by;
    std::optional<Instant> undone_at;
};

// A person to be created with its search keys (PersonRepository::CreateMany).
struct NewPerson {
    Person person;
    PersonSearchKeys keys;
};

// Which of many persons' keys some recorded person of the tenant has (PersonRepository::RecordedKeys).
struct RecordedPersonKeys {
    std::set<Date> birth_dates;
    std::set<std::string> phone_keys;
    std::set<std::string> address_keys;
};

class PersonRepository {
public:
    virtual ~PersonRepository() = default;
    // Ignores person.id and version (a new record has version 1). kNotFound, field "<area field>", when an area id
    // is not of this municipality.
    virtual Result<Person> Create(const Person& person, const PersonSearchKeys& keys) = 0;
    // Stores many persons as Create does each, all or none (an import's new persons): the organisations and users
    // they name are checked once each, and nothing is read back. The new ids, in the order given.
    virtual Result<std::vector<PersonId>> CreateMany(const std::vector<NewPerson>& persons) = 0;
    virtual Result<Person> Get(PersonId id) = 0;
    // In the order of `ids`, each once; missing ids (and those of other municipalities) are skipped. One read.
    virtual Result<std::vector<Person>> GetMany(const std::vector<PersonId>& ids) = 0;
    // Replaces the data and keys when the stored version equals expected_version; increments the version.
    virtual Result<Person> Update(PersonId id, int expected_version, const PersonData& data, Instant at,
                                  const PersonSearchKeys& keys) = 0;
    // For re-indexing when the search folding changes (PersonService::RebuildSearchKeys): the ids of every record,
    // merged ones included, after `after` in id order, at most `limit`; and the keys and postings of one record
    // replaced, leaving its data, version and updated_at as they are.
    virtual Result<std::vector<PersonId>> IdsAfter(PersonId after, int limit) = 0;
    virtual Status ReplaceSearchKeys(PersonId id, const PersonSearchKeys& keys) = 0;

    // Candidates whose name keys (field = name) or address key (field = address) contain every gram; merged-away
    // records are excluded. At most `limit`.
    enum class SearchField { kName, kAddress };
    virtual Result<std::vector<PersonSearchHit>> FindByGrams(const std::vector<std::string>& grams, SearchField field,
                                                             int limit) = 0;
    virtual Result<std::vector<PersonSearchHit>> FindByBirthDate(Date birth_date, int limit) = 0;
    virtual Result<std::vector<PersonSearchHit>> FindByPhone(std::string_view phone_key, int limit) = 0;
    // Of the given birth dates, phone keys and address keys (PersonSearchKeys), those that some person of the tenant
    // has, merged-away records included: a person none of whose keys is among them has no hit in FindByBirthDate,
    // FindByPhone nor, once the hits are compared on the whole address key, in FindByGrams of the address. A few
    // statements however many keys: an import asks it once for a whole file before its duplicate checks.
    virtual Result<RecordedPersonKeys> RecordedKeys(const std::set<Date>& birth_dates,
                                                    const std::set<std::string>& phone_keys,
                                                    const std::set<std::string>& address_keys) = 0;

    // 名寄せ: marks `merged_id` as merged into `survivor_id` and records who and when. Nothing else is rewritten:
    // the merged record's consultations keep their person id, and reads of the survivor include them.
    virtual Result<PersonMerge> Merge(PersonId survivor_id, PersonId merged_id, UserId user_id, Instant at) = 0;
    // Undoes a merge (kNotFound if it does not exist or is already undone).
    virtual Result<PersonMerge> Unmerge(std::int64_t merge_id, UserId user_id, Instant at) = 0;
    virtual Result<std::vector<PersonMerge>> Merges(PersonId person_id) = 0;  // as survivor or merged, oldest first
    // The person and every record currently merged into it (transitively), the person first.
    virtual Result<std::vector<PersonId>> IdentityGroup(PersonId person_id) = 0;

    // What bears on access to the person (access.hpp), over the person's whole identity group: the records merged
    // into it and the record it was merged into count as the person's own. kNotFound (field "person_id") when the
    // tenant has no such person.
    virtual Result<PersonAccessFacts> AccessFacts(PersonId id) = 0;
    // AccessFacts of many persons in one read, in the order of `ids` (one entry per occurrence); ids the tenant
    // does not have are skipped, not errors. Each entry equals AccessFacts of its id. Costs a small constant
    // number of statements however many ids: use it wherever several persons are decided at once.
    virtual Result<std::vector<PersonAccessFacts>> AccessFactsOfMany(const std::vector<PersonId>& ids) = 0;
    virtual Status SetDvNamedStaff(PersonId id, const std::vector<UserId>& user_ids) = 0;
    // Who holds the person's primary record from now on (名寄せ by a municipal division, or a hand-over). kNotFound
    // (field "person_id" / "organization_id") for a person or organisation the tenant does not have.
    virtual Status SetHolder(PersonId id, OrganizationId organization_id) = 0;
};

class HouseholdRepository {
public:
    virtual ~HouseholdRepository() = default;
    // Creates the household with its members (ignores ids). kNotFound, field "person_id", for a person of another
    // municipality.
    virtual Result<Household> Create(const Household& household) = 0;
    // Stores many households with their members as Create does each, all or none (an import's new households),
    // nothing read back. The new ids, in the order given.
    virtual Result<std::vector<HouseholdId>> CreateMany(const std::vector<Household>& households) = 0;
    virtual Result<Household> Get(HouseholdId id) = 0;
    // Name and notes, when the stored version equals expected_version.
    virtual Result<Household> Update(HouseholdId id, int expected_version, std::string_view name,
                                     std::string_view notes) = 0;
    virtual Result<Household> AddMember(HouseholdId id, const HouseholdMember& member) = 0;
    // Sets moved_out and its reason on a membership; the row is kept.
    virtual Result<Household> EndMembership(HouseholdId id, std::int64_t member_id, Date moved_out,
                                            std::string_view reason) = 0;
    // Households the persons were ever members of, newest first.
    virtual Result<std::vector<Household>> OfPersons(const std::vector<PersonId>& person_ids) = 0;
};

class CategoryRepository {
public:
    virtual ~CategoryRepository() = default;
    // Inserts the categories whose code is missing (idempotent).
    virtual Status EnsureSeeded(const std::vector<SeedCategory>& categories) = 0;
    virtual Result<std::vector<WorryCategory>> List() = 0;  // by sort_order
    // 相談の分類の管理 (category_master.hpp). Create: kConflict, field "code", for a code taken; field "name" for
    // the label of another active category (migration 22's index). The others: kNotFound for no such category of
    // the town.
    virtual Result<WorryCategory> Create(std::string_view code, std::string_view label, int sort_order) = 0;
    virtual Status Rename(CategoryId id, std::string_view label) = 0;
    virtual Status SetActive(CategoryId id, bool active) = 0;
    // Sets sort_order 10, 20, … in the order given.
    virtual Status SetOrder(const std::vector<CategoryId>& ids) = 0;
    // How many consultations and cases carry the category.
    virtual Result<int> Uses(CategoryId id) = 0;
    // Deletes a category no record carries (kConflict, field "id", when one does).
    virtual Status Delete(CategoryId id) = 0;
};

// The ids a consultation and its contacts were given when stored (contacts in the order given).
struct CreatedConsultation {
    ConsultationId id{};
    std::vector<ContactId> contact_ids;
};

class ConsultationRepository {
public:
    virtual ~ConsultationRepository() = default;
    // Stores the consultation and its contacts (at least one). kNotFound with the field named for a person,
    // household, organisation, user or category of another municipality.
    virtual Result<Consultation> Create(const Consultation& consultation) = 0;
    // Stores many consultations as Create does each, all or none (an import of a year's 相談受付簿): the records they
    // name are checked once each, and nothing is read back.
    virtual Result<std::vector<CreatedConsultation>> CreateMany(const std::vector<Consultation>& consultations) = 0;
    virtual Result<Consultation> Get(ConsultationId id) = 0;
    virtual Result<Consultation> AddContact(ConsultationId id, const Contact& contact) = 0;
    virtual Result<Consultation> SetOutcome(ConsultationId id, int expected_version, Outcome outcome,
                                            std::string_view note) = 0;
    // Consultations about any of the persons, newest first.
    virtual Result<std::vector<Consultation>> OfPersons(const std::vector<PersonId>& person_ids) = 0;
    // Writes the thread's state as the service decided it — outcome with its note, referral and case, status, next
    // contact date, cancellation — when the stored version equals expected_version (else kConflict, field
    // "version"; kNotFound when there is no such consultation), appending `event` (a close or a reopen) in the same
    // write, and keeps the contacts' copies (result, counted: IsCounted) equal. kNotFound with the field for a
    // referral or case of another municipality.
    virtual Result<Consultation> Update(const Consultation& consultation, int expected_version,
                                        const std::optional<ConsultationEvent>& event) = 0;
    // 取消 of one contact: kept with who, when and why, and no longer counted. kNotFound (field "contact_id") when the
    // consultation has no such contact; kConflict when it is cancelled already.
    virtual Result<Consultation> CancelContact(ConsultationId id, ContactId contact_id,
                                               const Cancellation& cancellation) = 0;
    // Open, not cancelled consultations received by the user with a next-contact date on or before the day,
    // earliest date first (the home page's reminder).
    virtual Result<std::vector<Consultation>> DueForContact(UserId user_id, Date on_or_before) = 0;
    // Joins an anonymous consultation to its person (and copies the person onto its contacts, for the yearly
    // count), when the stored version equals expected_version and no person is set yet: kConflict, field
    // "person_id", when one is; field "version" on a stale version; kNotFound (field "person_id") for a person of
    // another municipality.
    virtual Result<Consultation> SetPerson(ConsultationId id, int expected_version, PersonId person_id) = 0;
    // 相談受付簿: the rows in the query's scope matching its filter, newest first contact first (then newest id),
    // from `offset`, at most `limit` (consultation_book.hpp).
    virtual Result<std::vector<BookRow>> Book(const BookQuery& query) = 0;
};

// Fiscal-year counts, computed by storage over contacts with occurred_at in [from, to).
struct CountBucket {
    std::string code;        // category code, channel code, organisation id as text, ...
    std::string label;       // Japanese
    long long contacts = 0;  // 延べ
    long long persons = 0;   // 実人数
};
// How many persons counted leave one field empty, by the reason kept (person.hpp: UnknownReason).
struct UnknownCounts {
    std::string field;  // IsPersonFieldName
    long long unknown = 0;
    long long refused = 0;
    long long not_asked = 0;
};
struct ConsultationCounts {
    long long contacts = 0;       // 延べ件数
    long long persons = 0;        // 実人数 (distinct subject persons, merged records counted once; an anonymous
                                  // consultation's contacts count in 延べ only)
    long long households = 0;     // distinct households
    long long consultations = 0;  // threads with a contact in the period
    std::vector<CountBucket> by_category;
    std::vector<CountBucket> by_channel;
    std::vector<CountBucket> by_source;
    std::vector<CountBucket> by_organization;
    std::vector<CountBucket> by_outcome;
    // 分野 (consultation_book.hpp: FieldOfCategory of each category), every Field in enum order: a contact counts
    // once under each 分野 its categories touch, so the buckets add up to more than the 延べ件数.
    std::vector<CountBucket> by_field;
    // 世帯人員 of each person counted, in HouseholdSizeBuckets' order (report.hpp).
    std::vector<CountBucket> by_household_size;
    // 不明 / 回答拒否 / 未聴取 of the persons counted (their unknown_reasons), per field of PersonFieldNames.
    std::vector<UnknownCounts> person_unknowns;
};

// A contact the 年度集計 counts, as it counts it (the records behind a cell: report_explain.hpp).
struct CountedContact {
    ContactId contact_id = 0;
    ConsultationId consultation_id{};
    Instant occurred_at{};
    std::optional<PersonId> person_id;  // the survivor of a merged record; nullopt for an anonymous consultation
    std::optional<HouseholdId> household_id;
    std::string channel;  // codes, as the buckets of ConsultationCounts
    std::string source;
    std::string organization;  // the organisation's id as text
    std::string outcome;
    std::vector<std::string> category_codes;  // the municipality's categories only
};

class ReportRepository {
public:
    virtual ~ReportRepository() = default;
    virtual Result<ConsultationCounts> CountConsultations(Instant from, Instant to) = 0;
    // Every contact CountConsultations counts in [from, to), oldest first.
    virtual Result<std::vector<CountedContact>> ListCountedContacts(Instant from, Instant to) = 0;
};

class ReferralRepository {
public:
    virtual ~ReferralRepository() = default;
    // Stores the referral with its first event (kSent). kNotFound, field "to_organization_id", when the receiver
    // is not of this municipality.
    virtual Result<Referral> Create(const Referral& referral) = 0;
    virtual Result<Referral> Get(ReferralId id) = 0;
    // Appends the event and sets the status when the stored version equals expected_version.
    virtual Result<Referral> Transition(ReferralId id, int expected_version, const ReferralEvent& event) = 0;
    // To an organisation (inbox) or from it (outbox), newest first; statuses empty means all.
    virtual Result<std::vector<Referral>> Inbox(OrganizationId organization_id,
                                                const std::vector<ReferralStatus>& statuses) = 0;
    virtual Result<std::vector<Referral>> Outbox(OrganizationId organization_id) = 0;
    virtual Result<std::vector<Referral>> OfPersons(const std::vector<PersonId>& person_ids) = 0;
};

class AuditRepository {
public:
    virtual ~AuditRepository() = default;
    // Appends the entries in order, assigning sequence, previous_hash and hash (ChainHash) after the last entry
    // of this municipality. Must run inside Store::Transaction or be atomic on its own; serialised across
    // processes (PostgreSQL: a row lock on the chain head).
    virtual Status Append(std::vector<AuditEntry>& entries) = 0;
    // Entries about a person (any of the ids), newest first.
    virtual Result<std::vector<AuditEntry>> ForPersons(const std::vector<PersonId>& person_ids, int limit) = 0;
    // Entries by a user in [from, to), oldest first.
    virtual Result<std::vector<AuditEntry>> ByUser(UserId user_id, Instant from, Instant to, int limit) = 0;
    // Entries of one action (e.g. "export") in [from, to), oldest first.
    virtual Result<std::vector<AuditEntry>> ByAction(std::string_view action, Instant from, Instant to, int limit) = 0;
    // The chain head: the last sequence and hash appended ({0, ""} when none). `audit verify` compares it with
    // the last row, so that removing entries from the end is detected too.
    virtual Result<std::pair<std::int64_t, std::string>> Head() = 0;
    // Calls `visit` for every entry from sequence `from` on, in order, streaming (10,000,000 entries must not be
    // held in memory). Stops early when visit returns false.
    virtual Status Scan(std::int64_t from_sequence, const std::function<bool(const AuditEntry&)>& visit) = 0;
};

class SettingsRepository {
public:
    virtual ~SettingsRepository() = default;
    virtual Result<std::optional<std::string>> Get(std::string_view key) = 0;
    virtual Status Set(std::string_view key, std::string_view value) = 0;
};

}  // namespace kasane::domain
