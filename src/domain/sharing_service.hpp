// SPDX-License-Identifier: Apache-2.0
#pragma once

// Use cases of lawful sharing: consents, meeting bodies and meetings, emergency access, the "who can see this
// record and why" explanation, disclosure copies, and the privacy officer's audit reports.

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/result.hpp"
#include "domain/audit.hpp"
#include "domain/export_rights.hpp"
#include "domain/intake.hpp"
#include "domain/sharing.hpp"

namespace kasane::domain {

// One line of a person's 共有 tab: an organisation (or a named user) that can see the record now, how much, and why.
struct AccessExplanation {
    OrganizationId organization_id{};
    std::string organization_name;
    std::optional<UserId> user_id;  // for grounds that belong to one user (emergency access, 民生委員's own entries)
    std::string user_name;
    ViewLevel level = ViewLevel::kNone;
    AccessBasis basis = AccessBasis::kOwnRecord;
    std::string basis_detail;
    std::string explanation;  // plain Japanese: 「本人の同意（令和6年4月1日、書面）により閲覧できます」
    bool address_and_contact = true;
};

// What was shared about a person for a meeting, as its members see it.
struct SharedItem {
    MeetingId meeting_id{};
    std::string body_name;
    Date held_on{};
    std::string shared_summary;
};

// A meeting as a list names it (the desk, the person page's timeline): its date and body, nothing of its record.
struct MeetingMention {
    MeetingId id{};
    Date held_on{};
    MeetingBodyId body_id{};
    std::string body_name;
};

// How a list read for a summary is used: only counted (nothing of its records is shown, so nothing is audited as
// read), or shown with its records (each audited).
enum class ListingUse { kCountOnly, kShown };

class SharingService {
public:
    SharingService(Store& store, const Clock& clock, AuditRecorder& audit, PersonService& persons);

    // Consent of the person or a proxy. The recording organisation must see the person in full.
    Result<Consent> RecordConsent(const Actor& actor, const Consent& consent);
    Result<Consent> WithdrawConsent(const Actor& actor, ConsentId id);
    Result<std::vector<Consent>> ConsentsOf(const Actor& actor, PersonId person_id);

    // Meeting bodies: municipal administrators and coordinators.
    Result<MeetingBody> CreateBody(const Actor& actor, const MeetingBody& body);
    Result<MeetingBody> UpdateBody(const Actor& actor, MeetingBodyId id, int expected_version, const MeetingBody& body);
    Result<std::vector<MeetingBody>> Bodies(const Actor& actor);
    Result<MeetingBody> Body(const Actor& actor, MeetingBodyId id);
    // The public announcement (公示) of a 孤独・孤立対策地域協議会: its name, 調整機関 and member organisations.
    Result<std::string> AnnouncementText(const Actor& actor, MeetingBodyId id);

    // Meetings: convened by coordinators (or administrators); visible to the convenor and to pledged members of
    // the body. Meetings and their papers are not public.
    Result<Meeting> CreateMeeting(const Actor& actor, const Meeting& meeting);
    Result<Meeting> UpdateMeeting(const Actor& actor, MeetingId id, int expected_version, const Meeting& meeting);
    Result<Meeting> GetMeeting(const Actor& actor, MeetingId id);
    Result<std::vector<Meeting>> Meetings(const Actor& actor, std::optional<MeetingBodyId> body_id);
    // Of `meetings`, the ids of those the user reads (MeetingReaderOf, as GetMeeting decides): a page links a
    // meeting only when its record would open, never to a "not found". Reads no record's contents; audits nothing.
    Result<std::set<MeetingId>> ReadableMeetings(const Actor& actor, const std::vector<Meeting>& meetings);
    // The meetings held in [from, to] that the actor reads (MeetingReaderOf), earliest first: the candidates come
    // from one query scoped to the actor (convenor, attendee, named member: DeskRepository::MeetingsOfUser).
    Result<std::vector<MeetingMention>> MeetingsHeld(const Actor& actor, Date from, Date to);
    // The meetings with the person (or a record merged into it) on the agenda that the actor reads
    // (MeetingReaderOf) and where the item about the person is not withheld (MayBeOnAgenda), newest first.
    // kNotFound when the actor may not see the person.
    Result<std::vector<MeetingMention>> MeetingsAbout(const Actor& actor, PersonId person_id);
    // Consents about to expire (ConsentExpiringSoon) that name the actor's organisation or were recorded by it, of
    // persons the actor sees in full (consent records need full access), earliest expiry first, at most `limit`.
    // Professionals only. Each one listed to be shown is audited as a search (kShown); a caller that shows only
    // their number (the home page's count) reads no person's consent and audits nothing (kCountOnly).
    Result<std::vector<Consent>> ConsentsExpiring(const Actor& actor, int limit, ListingUse use);
    // What was shared about a person in meetings the actor may see through (kMeetingShared).
    Result<std::vector<SharedItem>> SharedWith(const Actor& actor, PersonId person_id);

    // 本人の生命・身体の保護: opens a person's record to the actor for `hours` (1..24) with a stated reason, and
    // alerts administrators.
    Result<EmergencyAccess> RequestEmergencyAccess(const Actor& actor, PersonId person_id, std::string_view reason,
                                                   int hours);
    Result<std::vector<EmergencyAccess>> EmergencyAlerts(const Actor& actor, AlertListing listing);
    Result<EmergencyAccess> AcknowledgeEmergency(const Actor& actor, EmergencyAccessId id);

    // Who can see this record right now, and why: every organisation of the municipality (and named users) with
    // the policy's decision for it, in plain words. Visible to whoever sees the record in full, and to auditors.
    Result<std::vector<AccessExplanation>> WhoCanSee(const Actor& actor, PersonId person_id);

    // A copy for a disclosure request (開示請求): the person's record and consultations with third-party information
    // and staff assessment (所見) withheld and marked as such. Recorded as an export.
    // Needs the right to export personal data (ExportKind::kPersonalData), checked before anything else so that
    // a refusal says nothing of the person.
    Result<nlohmann::json> DisclosureCopy(const Actor& actor, PersonId person_id);

    // An export a page makes (a print): checks the right, then records it as an export with its row count,
    // appended before the page is served. kPermissionDenied: nothing is recorded.
    Status RecordExport(const Actor& actor, ExportKind kind, const ExportRecord& record);
    // Whether the actor may make an export of this kind (a page asks before building a print): kPermissionDenied,
    // with a Japanese message, when not. The rule is AuthorizeExport's (export_rights.hpp).
    Status MayExport(const Actor& actor, ExportKind kind);

private:
    Result<MeetingBody> SaveBody(const Actor& actor, MeetingBody& record,
                                 const std::function<Result<MeetingBody>(TenantStore&)>& write);

    Store& store_;
    const Clock& clock_;
    AuditRecorder& audit_;
    PersonService& persons_;
};

struct ChainCheck {
    MunicipalityId municipality_id{};
    std::int64_t entries = 0;
    bool intact = true;
    std::int64_t first_broken_sequence = 0;  // when !intact
    std::string problem;                     // what was wrong there
    std::string head_hash;                   // the newest hash: an operator may note it elsewhere to anchor the chain
};

// Whether a report is read on screen or written out to a file.
enum class Delivery { kOnScreen, kToFile };

// The privacy officer's reports (auditors; municipal administrators too) and the chain check.
// A person as the privacy officer picks one whose trail to read (issue 13, item 10): the name and birth date only.
struct AuditPersonMatch {
    PersonId id{};
    std::string name;
    std::string kana;
    std::optional<Date> birth_date;
};

class AuditService {
public:
    AuditService(Store& store, const Clock& clock, AuditRecorder& audit);
    // The persons whose name or reading contains `query` (folded as every search folds it), for the auditor and
    // the administrator to pick a trail by name instead of typing an internal id. Only name, reading and birth
    // date come back (no record is opened); the search itself is recorded in the trail.
    Result<std::vector<AuditPersonMatch>> FindPersons(const Actor& actor, std::string_view query, int limit);
    // Who accessed this person (and records merged into it), and on what basis, newest first.
    Result<std::vector<AuditEntry>> AccessesOfPerson(const Actor& actor, PersonId person_id, int limit);
    // What a user accessed in [from, to), to size a leak report: entries, and the distinct persons.
    // kToFile: the caller writes the entries out (CSV): needs the right to export the audit trail
    // (ExportKind::kAuditTrail) and is recorded as an export with its row count instead of a read.
    Result<std::vector<AuditEntry>> AccessesByUser(const Actor& actor, UserId user_id, Instant from, Instant to,
                                                   int limit, Delivery delivery = Delivery::kOnScreen);
    // Exports and provisions in [from, to), oldest first; of one user when user_id is given.
    Result<std::vector<AuditEntry>> Exports(const Actor& actor, Instant from, Instant to, int limit,
                                            std::optional<UserId> user_id = std::nullopt,
                                            Delivery delivery = Delivery::kOnScreen);

    // Which roles may export personal data: seen by municipal administrators and auditors, changed by the municipal
    // administrator (recorded in the audit trail). Roles that may never export are refused (field "roles").
    Result<std::vector<Role>> ExportRoles(const Actor& actor);
    Result<std::vector<Role>> SetExportRoles(const Actor& actor, const std::vector<Role>& roles);

    // Recomputes every chain (all municipalities) and reports the first broken link of each. For `kasane audit verify`.
    static Result<std::vector<ChainCheck>> Verify(Store& store);

private:
    Store& store_;
    const Clock& clock_;
    AuditRecorder& audit_;
};

}  // namespace kasane::domain
