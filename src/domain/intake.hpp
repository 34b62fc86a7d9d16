// SPDX-License-Identifier: Apache-2.0
#pragma once

// Use cases of 断らない相談: persons and 名寄せ, households, consultations, referrals and fiscal-year counts.
// Every method that touches personal data asks the access policy first (a refusal is kNotFound, exactly like a
// record that does not exist) and leaves an audit entry naming the basis it used.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/access.hpp"
#include "domain/access_policy.hpp"
#include "domain/aggregate_reads.hpp"
#include "domain/audit_recorder.hpp"
#include "domain/auth.hpp"
#include "domain/change_policy.hpp"
#include "domain/consultation.hpp"
#include "domain/person.hpp"
#include "domain/person_trait_repositories.hpp"
#include "domain/referral.hpp"
#include "domain/report.hpp"
#include "domain/report_file.hpp"
#include "domain/repositories.hpp"
#include "domain/town_settings.hpp"

namespace kasane::domain {

// Who acts, from where, in which request: what the audit trail records.
struct Actor {
    Principal principal;
    std::string remote_address;
    std::string request_id;

    MunicipalityId Tenant() const { return principal.Tenant(); }
};

// An organisation that knows a person (shown with identity matches, so that staff know whom to ask).
struct KnownTo {
    OrganizationId organization_id{};
    std::string name;
};

// What the actor may change of a person's record (change_policy.hpp), for pages to offer only the forms that work.
struct ChangeRights {
    bool identity = false;
    bool address_and_contact = false;
    bool household = false;
    bool dv_protection_on = false;
    bool dv_protection_off = false;
    bool hand_over = false;  // the actor's organisation holds the primary record
    std::string refusal;     // why identity cannot be changed, when it cannot
};

struct PersonView {
    Person person;  // masked as the decision requires
    AccessDecision decision;
    ChangeRights may_change;
    OrganizationId holder_organization_id{};
    std::vector<KnownTo> known_to;
    std::vector<PersonMerge> merges;
};

struct PersonSummary {
    Person person;  // masked
    AccessDecision decision;
    std::vector<KnownTo> known_to;
    std::vector<std::string> matched_on;  // "name", "kana", "reading", "birth_date", "phone", "address"
};

struct DuplicateCandidate {
    PersonSummary summary;
    std::vector<std::string> reasons;  // "name_reading_and_birth_date", "name_and_phone", "name_and_address",
                                       // "phone", "address"
};

// A removal of DV protection (its audit entry: who, when, the reason) as an administrators' alert.
struct DvProtectionAlert {
    AuditEntry entry;
    std::optional<UserId> acknowledged_by;
};

class PersonService {
public:
    PersonService(Store& store, const Clock& clock, AuditRecorder& audit);

    Result<PersonView> Get(const Actor& actor, PersonId id);
    // One search box: kanji or kana in any form, a birth date in 和暦 or 西暦, a phone number, or an address.
    // Only persons the actor may see are returned (identity matches included); at most `limit`.
    Result<std::vector<PersonSummary>> Search(const Actor& actor, std::string_view query, int limit);
    // Likely duplicates of a person about to be entered: same name reading and birth date, same phone, same
    // address. Shown before the new record is saved.
    Result<std::vector<DuplicateCandidate>> FindDuplicates(const Actor& actor, const PersonData& data);
    Result<Person> Create(const Actor& actor, const PersonData& data);
    // kConflict (field "version") when the record changed since `expected_version`.
    Result<Person> Update(const Actor& actor, PersonId id, int expected_version, const PersonData& data);
    // 名寄せ by a person, never automatic; keeps the full history and can be undone.
    Result<PersonMerge> Merge(const Actor& actor, PersonId survivor_id, PersonId merged_id);
    Result<PersonMerge> Unmerge(const Actor& actor, std::int64_t merge_id);
    // Named staff who may see a DV-protected person's address and contact. Administrators and coordinators.
    Status SetDvNamedStaff(const Actor& actor, PersonId id, const std::vector<UserId>& user_ids);
    // DV等支援措置. Setting it: any professional who may see the person. Removing it: a named DV staff member or a
    // municipal administrator, with a reason of at least kDvRemovalReasonMinimum characters; audited (action
    // dv_protection_removed, the reason, never the address) and alerted to administrators. kPermissionDenied for a
    // caller who may read the person but not do this; kNotFound for one who may not read it.
    Result<Person> SetDvProtection(const Actor& actor, PersonId id, DvProtection protection, std::string_view reason);
    // Removals of DV protection in the last `days` days, newest first: the administrators' alerts, each with the
    // administrator who acknowledged it (the alerts' one mechanism, AlertKind::kDvProtectionRemoved, as for
    // emergency accesses); only those not yet acknowledged with AlertListing::kUnacknowledgedOnly. Municipal
    // administrators and auditors.
    Result<std::vector<DvProtectionAlert>> DvProtectionAlerts(const Actor& actor, int days,
                                                              AlertListing listing = AlertListing::kAll);
    // A municipal administrator acknowledges the alert of the audit entry `sequence` (a removal of DV protection
    // of this municipality; kNotFound otherwise). kConflict, field "acknowledged_by", when acknowledged already.
    Result<DvProtectionAlert> AcknowledgeDvProtectionAlert(const Actor& actor, std::int64_t sequence);
    // Hands the primary record over to another organisation of the municipality. The holder (or a municipal
    // administrator) only; audited.
    Status HandOver(const Actor& actor, PersonId id, OrganizationId to_organization_id);
    // The change policy for one person: kNotFound when refused as unreadable, else the decision (allowed or refused
    // with its reason). For other services' write routes.
    Result<ChangeDecision> DecideChangeOf(const Actor& actor, PersonId id, ChangeKind kind,
                                          const ChangeTarget& target = {});
    // DecideChangeOf as a Status: success, kNotFound, or kPermissionDenied with the reason.
    Status RequireChange(const Actor& actor, PersonId id, ChangeKind kind, const ChangeTarget& target = {});

    // Shared with the other services: the decision for a person, kNotFound when refused.
    Result<AccessDecision> Authorize(const Actor& actor, PersonId id);
    // Authorize for many persons with one read of their access facts: one entry per id, in order, the decision
    // when allowed and nullopt when refused or not found (a refusal still looks like "not found"). Fails only when
    // the read fails. For pages that show several persons (the household on the case page).
    Result<std::vector<std::optional<AccessDecision>>> AuthorizeMany(const Actor& actor,
                                                                     const std::vector<PersonId>& ids);
    // Search keys of a person's data: the folded keys (NormalizeForSearch, the one folding of search and the
    // duplicate check), their 2-grams, and exact-name postings (ExactNameGram) so that a one-character name
    // (林, 森, 原) or a bare family name is found by exact match.
    static PersonSearchKeys KeysOf(const PersonData& data);
    // The posting of an exact family (part 'f') or given ('g') name key, kanji or kana. Starts with a space, which
    // no folded key holds, so it never meets a 2-gram.
    static std::string ExactNameGram(char part, std::string_view key);

    // Re-indexes every person of every municipality when the folding has changed since the last run (the version
    // kSearchKeysVersion is kept in each municipality's settings): recomputes the keys and postings from the stored
    // data, in batches, leaving data and versions alone. Idempotent; safe to interrupt (the version is written
    // last, so an interrupted run starts again). Called at start-up (app/services.cpp). Returns the number of
    // persons re-indexed.
    static Result<std::int64_t> RebuildSearchKeys(Store& store);
    static constexpr std::string_view kSearchKeysVersion = "2026-12:kanjidic-unihan,yotsugana,long-vowels,exact-names";

private:
    Store& store_;
    const Clock& clock_;
    AuditRecorder& audit_;
};

struct HouseholdMemberInput {
    PersonId person_id{};
    Relationship relationship = Relationship::kOtherRelative;
    bool is_head = false;
    std::optional<Date> moved_in;
};

class HouseholdService {
public:
    HouseholdService(Store& store, const Clock& clock, AuditRecorder& audit);
    // The actor must be allowed to see every member (kFull).
    Result<Household> Create(const Actor& actor, std::string_view name, std::string_view notes,
                             const std::vector<HouseholdMemberInput>& members);
    // Visible when the actor may see at least one current member; members the actor may not see are left out.
    Result<Household> Get(const Actor& actor, HouseholdId id);
    Result<Household> Update(const Actor& actor, HouseholdId id, int expected_version, std::string_view name,
                             std::string_view notes);
    Result<Household> AddMember(const Actor& actor, HouseholdId id, const HouseholdMemberInput& member);
    Result<Household> EndMembership(const Actor& actor, HouseholdId id, std::int64_t member_id, Date moved_out,
                                    std::string_view reason);
    Result<std::vector<Household>> OfPerson(const Actor& actor, PersonId person_id);

private:
    Store& store_;
    const Clock& clock_;
    AuditRecorder& audit_;
};

struct ContactInput {
    Instant occurred_at{};
    Channel channel = Channel::kPhone;
    Source source = Source::kSelf;
    Caller caller;
    std::string summary;
    TextTag summary_tag = TextTag::kFact;
};

// A household made on the intake screen, with the subject person in it.
struct IntakeHousehold {
    std::string name;  // may be empty (「世帯 12」 is shown)
    std::string notes;
    Relationship subject_relationship = Relationship::kHead;  // the subject's 続柄 (to the head)
};

// A household member added inline on the intake screen: a new person, in the subject's household.
struct IntakeMember {
    PersonData person;
    Relationship relationship = Relationship::kOtherRelative;  // 続柄 (to the head)
    // A person already on record, chosen when the duplicate check showed them (同じ人): added to the household as
    // they are, instead of a new person made from `person` (then ignored). The actor must be able to see them.
    std::optional<PersonId> existing_person_id;
};

// The next step chosen on the intake screen (consultation.hpp: IntakeNextStep, ValidateNextStep).
struct NextStepInput {
    IntakeNextStep kind = IntakeNextStep::kNone;
    std::optional<Date> call_back_on;                  // 折り返し連絡: the consultation's next_contact_on
    std::optional<OrganizationId> to_organization_id;  // つなぐ: the referral's receiver (its reason is the 主訴)
};

struct IntakeRequest {
    // Either an existing person or a new one (then FindDuplicates should have been shown first), or neither when
    // `anonymous` (匿名の相談: the person concerned is not identified; it may join a person later).
    std::optional<PersonId> person_id;
    std::optional<PersonData> new_person;
    bool anonymous = false;
    std::optional<HouseholdId> household_id;
    std::optional<IntakeHousehold> new_household;  // instead of household_id: made with the subject in it
    // Members added inline: created as persons in the household (new_household, household_id, or a household made
    // for them when neither is given), in the same transaction as the consultation.
    std::vector<IntakeMember> new_members;
    std::string chief_complaint;
    std::vector<CategoryChoice> categories;  // from the municipality's master; one most pressing when any
    ContactInput first_contact;
    NextStepInput next_step;
    // A write that belongs with the consultation and must not outlive a failure of it (「つなぐ」 of a 世帯訪問調査
    // visit links the visit to the consultation it opens): run inside the consultation's transaction once the
    // consultation is stored, with the transaction's tenant store, the stored consultation and the audit entries
    // about to be appended (it may add its own). An error rolls back the consultation and everything else.
    std::function<Status(TenantStore&, const Consultation&, std::vector<AuditEntry>&)> within_transaction;
};

// What the intake recorded: the consultation, the persons and household it created, and the referral of 「つなぐ」.
struct IntakeResult {
    Consultation consultation;
    // The persons of IntakeRequest::new_members in their order: made, or the existing person chosen.
    std::vector<PersonId> created_members;
    std::optional<ReferralId> referral_id;
};

struct OutcomeInput {
    Outcome outcome = Outcome::kOpen;
    std::string note;
    std::optional<ReferralId> referral_id;
    std::optional<CaseId> case_id;
};

// What an outcome may name: referrals about the same person (or records merged into it) sent or received by the
// actor's organisation or the receiving window, and cases about the same person or household the actor works on.
struct OutcomeChoices {
    struct ReferralChoice {
        ReferralId id{};
        OrganizationId to_organization_id{};
        Instant sent_at{};
        ReferralStatus status = ReferralStatus::kSent;
    };
    struct CaseChoice {
        CaseId id{};
        std::string title;
        Date opened_on{};
    };
    std::vector<ReferralChoice> referrals;
    std::vector<CaseChoice> cases;
};

// A consultation due for contact, for the home page: no personal data beyond what the link needs.
struct ContactReminder {
    ConsultationId id{};
    std::optional<PersonId> person_id;  // empty for an anonymous consultation
    Date next_contact_on{};
    bool overdue = false;  // the date is before today
};

class ConsultationService {
public:
    ConsultationService(Store& store, const Clock& clock, AuditRecorder& audit, PersonService& persons);
    // Records a consultation at the actor's organisation. Categories not in the master, an invalid category set,
    // oversized text: kInvalidArgument / kPayloadTooLarge naming the field; nothing is saved.
    Result<Consultation> Record(const Actor& actor, const IntakeRequest& request);
    // The one screen of a call (相談受付): Record with the household and its members made in the same transaction,
    // and the next step — 折り返し連絡 sets next_contact_on in it; つなぐ sends the referral (ReferralService::Send,
    // reason the 主訴) once the consultation is saved; 多機関協働 is left to the case form the caller opens next
    // (a case needs its own title and 事業). Every field of every part is checked before anything is written:
    // a member's field is named "new_members[i].<field>", the next step's "next_step.<field>".
    Result<IntakeResult> RecordCall(const Actor& actor, const IntakeRequest& request);
    // An anonymous consultation joins the person once identified: an existing person the actor may see, or a new
    // one created in the same transaction. Sets the person on the consultation and its contacts (so the 年度集計
    // counts the person from then on), audited; kConflict (field "person_id") when a person is linked already,
    // kConflict (field "version") when the consultation changed since expected_version.
    Result<Consultation> JoinPerson(const Actor& actor, ConsultationId id, int expected_version,
                                    std::optional<PersonId> person_id, const std::optional<PersonData>& new_person);
    Result<Consultation> AddContact(const Actor& actor, ConsultationId id, const ContactInput& contact);
    Result<Consultation> SetOutcome(const Actor& actor, ConsultationId id, int expected_version, Outcome outcome,
                                    std::string_view note);
    // 対応結果 with what it names: 'referred' a referral, 'escalated' a case, each one of OutcomeChoices (the same
    // person or household, one the actor may use); kInvalidArgument naming "referral_id" / "case_id" otherwise.
    Result<Consultation> SetOutcome(const Actor& actor, ConsultationId id, int expected_version,
                                    const OutcomeInput& input);
    // The referrals and cases an outcome may name for this consultation (the pickers of the page).
    Result<OutcomeChoices> ChoicesForOutcome(const Actor& actor, ConsultationId id);
    // 終了 and 再開, each with a stated reason (MayClose, MayReopen); audited.
    Result<Consultation> Close(const Actor& actor, ConsultationId id, int expected_version, std::string_view reason);
    Result<Consultation> Reopen(const Actor& actor, ConsultationId id, int expected_version, std::string_view reason);
    // 取消 of an entry made by mistake: kept with who, when and why, audited, and out of every count (IsCounted).
    Result<Consultation> Cancel(const Actor& actor, ConsultationId id, int expected_version, std::string_view reason);
    Result<Consultation> CancelContact(const Actor& actor, ConsultationId id, ContactId contact_id,
                                       std::string_view reason);
    // 次回連絡予定 (nullopt clears it); a date before today in Japan is refused (ValidateNextContactOn).
    Result<Consultation> SetNextContact(const Actor& actor, ConsultationId id, int expected_version,
                                        std::optional<Date> next_contact_on);
    // The home page's reminder: the actor's own open consultations with a next-contact date today or overdue.
    Result<std::vector<ContactReminder>> DueForContact(const Actor& actor);
    // The desk's count of the actor's own open consultations (received by them, 対応中, not cancelled) and of those
    // whose next-contact date is today or past (ContactDue): one scoped count (DeskRepository).
    Result<OpenConsultationCounts> OpenOfMine(const Actor& actor);
    Result<Consultation> Get(const Actor& actor, ConsultationId id);
    // The consultations about a person (and records merged into it) that the actor may read, newest first;
    // cancelled ones only when asked (IsCounted: a list leaves them out by default).
    Result<std::vector<Consultation>> OfPerson(const Actor& actor, PersonId person_id, bool include_cancelled = false);
    // What a referral of the person may name as its もとの相談 (ReferralService::Send refuses anything else): the
    // person's own consultations (OfPerson) and the readable ones about a household the person is a current member
    // of — a neighbour's call about an old man and his son is where the son's referral starts too. Newest first.
    Result<std::vector<Consultation>> ReferralOriginsOf(const Actor& actor, PersonId person_id);
    // Every category of the town, retired ones included (records carry them and show their names).
    Result<std::vector<WorryCategory>> Categories(const Actor& actor);
    // The categories a new intake or consultation offers: the active ones in the town's order (OfferedCategories).
    Result<std::vector<WorryCategory>> OfferedCategories(const Actor& actor);
    // The town's wording of the 分野 (town_settings.hpp: ReadFieldLabels), for every page that shows one.
    Result<FieldLabels> TownFieldLabels(const Actor& actor);
    // The town's settings in force (town_settings.hpp), for the desk to say what it counted by.
    Result<TownSettings> TownSettingsInForce(const Actor& actor);
    // 相談受付簿 (consultation_book.cpp): one page of the consultations in the actor's scope (BookScopeOf) that
    // match the filter. kPermissionDenied for a role with no book; each listed consultation is audited as a search.
    Result<BookPage> Book(const Actor& actor, const BookFilter& filter);
    // Whether the book is a page for this user (the menu link): the roles with a book scope.
    static bool HasBook(const Principal& principal);
    // The whole filtered book (every page) as a CSV file, after the export right (export_rights.hpp) and audited
    // as an export with its row count before the file leaves.
    Result<BookExport> ExportBook(const Actor& actor, const BookFilter& filter, csv::Encoding encoding);

    // At most this many household members are added on one intake.
    static constexpr std::size_t kMaxIntakeMembers = 10;

private:
    // Record, telling the persons made for new_members.
    Result<Consultation> Save(const Actor& actor, const IntakeRequest& request, std::vector<PersonId>& created_members);
    // new_members[index] names a person on record: one the actor may see beyond a referral sheet, neither the
    // subject nor named twice (kNotFound / kInvalidArgument naming "new_members[index].existing_person_id").
    Status RequireMemberOnRecord(const Actor& actor, const IntakeRequest& request, std::size_t index);
    Result<OutcomeChoices> Choices(const Actor& actor, const Consultation& consultation);
    // The consultations about the person (and records merged into it) that the actor may read and `keep` accepts,
    // each read audited.
    Result<std::vector<Consultation>> Readable(const Actor& actor, PersonId person_id,
                                               const std::function<bool(const Consultation&)>& keep);
    // The consultation the actor may read, when DecideConsultationWork allows `work` on it (else its refusal).
    Result<Consultation> GetForWork(const Actor& actor, ConsultationId id, ConsultationWork work);
    // Stores the changed thread (ConsultationRepository::Update) with its audit entry, in one transaction.
    Result<Consultation> Write(const Actor& actor, const Consultation& changed, int expected_version,
                               const std::optional<ConsultationEvent>& event, AuditAction action,
                               std::string_view fields);

    Store& store_;
    const Clock& clock_;
    AuditRecorder& audit_;
    PersonService& persons_;
};

struct ReferralView {
    Referral referral;
    bool overdue = false;
    std::string from_organization_name;
    std::string to_organization_name;
    // The person the referral is addressed to by name (Referral::to_user_id: a 民生委員, say), shown on the sheet.
    std::string to_user_name;
};

// An overdue referral as the desk lists it (ReferralService::Overdue).
struct OverdueReferral {
    UnansweredReferral referral;
    std::string from_organization_name;
    std::string to_organization_name;
};

class ReferralService {
public:
    ReferralService(Store& store, const Clock& clock, AuditRecorder& audit, PersonService& persons);
    // Sends a referral from the actor's organisation to another of the same municipality, with a つなぐシート
    // built from the person's record (header, household, worries, what was done, why this agency).
    // `to_user_id` addresses it to one person of that organisation by name (a 民生委員, say).
    Result<ReferralView> Send(const Actor& actor, PersonId person_id, std::optional<ConsultationId> consultation_id,
                              OrganizationId to_organization_id, std::optional<UserId> to_user_id,
                              std::string_view reason, std::string_view done);
    // The receiver answers: accept, decline (reason required), start, complete. kConflict on a stale version;
    // kInvalidArgument for a transition the state machine does not allow.
    Result<ReferralView> Transition(const Actor& actor, ReferralId id, int expected_version, ReferralStatus to,
                                    std::string_view note);
    Result<ReferralView> Get(const Actor& actor, ReferralId id);
    // Referrals to the actor's organisation (inbox) and from it (outbox), overdue ones flagged.
    Result<std::vector<ReferralView>> Inbox(const Actor& actor);
    Result<std::vector<ReferralView>> Outbox(const Actor& actor);
    // Overdue referrals (IsOverdue) to (kIncoming) or from (kOutgoing) the actor's organisation, oldest first. None
    // for a 民生委員 (never the organisation's in/outbox) or a role that works no cases.
    Result<std::vector<OverdueReferral>> Overdue(const Actor& actor, ReferralDirection direction);
    // The referrals about a person (and records merged into it) that the actor may read (MayReadReferral), newest
    // first. kNotFound when the actor may not see the person.
    Result<std::vector<ReferralView>> OfPerson(const Actor& actor, PersonId person_id);
    // The persons a referral may be addressed to by name: the municipality's 民生委員 (active accounts), for the
    // sending form. Professionals only.
    Result<std::vector<User>> NamedReceivers(const Actor& actor);
    // Working days a referral may wait for an answer before it is overdue; per municipality, default 3.
    Result<int> OverdueWorkingDays(const Actor& actor);
    Status SetOverdueWorkingDays(const Actor& actor, int working_days);

private:
    Store& store_;
    const Clock& clock_;
    AuditRecorder& audit_;
    PersonService& persons_;
};

struct ReportExplanation;  // report_explain.hpp

class ReportService {
public:
    // `traits` gives the 課題と特性別 (by_trait); without it the reports leave that breakdown empty.
    ReportService(Store& store, const Clock& clock, AuditRecorder& audit, PersonTraitRepositories traits = {});
    // The counts read where `aggregates` says (aggregate_reads.hpp: a hot standby when configured); who may read
    // at which figures, and the audit of each read, stay on `store`, the primary.
    ReportService(Store& store, AggregateReads aggregates, const Clock& clock, AuditRecorder& audit,
                  PersonTraitRepositories traits = {});
    // Aggregates only: allowed to coordinators, caseworkers of municipal divisions, administrators, auditors and the
    // prefecture analyst; exact figures or small cells suppressed as FiguresFor() decides.
    // FiscalYearReport::computed_at is the clock's now when the counts were read.
    Result<FiscalYearReport> FiscalYear(const Actor& actor, int fiscal_year);
    // Any period (report.hpp): refused with kNotFound, like a missing page, when MayAskPeriod says no.
    Result<FiscalYearReport> Period(const Actor& actor, const ReportPeriod& period);
    // 推移 of the 年度 first_year .. last_year (at most kMaxTrendYears), the last one through `through_month` (3 for
    // the whole year). kInvalidArgument (field "from") when last_year < first_year or the span is too long.
    Result<TrendReport> Trend(const Actor& actor, int first_year, int last_year, int through_month);
    // The report of the period as a file (report_file.hpp: CSV in UTF-8 with BOM or Windows-31J, or XLSX), refused
    // as Period refuses; exact figures leave only with the export right (export_rights.hpp), and every export is
    // audited as one, with its row count, before the file leaves.
    Result<ReportExport> Export(const Actor& actor, const ReportPeriod& period, ReportFormat format);
    // Whether Export would let the actor take the period's figures away as a file: exact figures only with the export
    // right, suppressed ones freely (the pages offer the files, and the 国報告, by it). False on a refusal or an error.
    bool MayExportPeriod(const Actor& actor, const ReportPeriod& period);
    // The 推移 as a file, refused as Trend refuses and as Export for exact figures; audited as an export.
    Result<ReportExport> ExportTrend(const Actor& actor, int first_year, int last_year, int through_month,
                                     ReportFormat format);
    // The records behind a cell of the period (report_explain.hpp: ExplainReportCell), read on the primary: they
    // are personal records, each read under the access policy.
    Result<ReportExplanation> Explain(const Actor& actor, const ReportPeriod& period, std::string_view cell);

private:
    // The file written, audited as an export (what, with its row count), then handed back.
    Result<ReportExport> Deliver(const Actor& actor, const ReportFile& table, std::string_view stem,
                                 ReportFormat format, Figures figures, int fiscal_year, const std::string& what);

    Store& store_;
    AggregateReads aggregates_;
    const Clock& clock_;
    AuditRecorder& audit_;
    PersonTraitRepositories traits_;
};

}  // namespace kasane::domain
