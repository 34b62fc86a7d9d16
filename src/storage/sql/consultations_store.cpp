// SPDX-License-Identifier: Apache-2.0
// Consultations and their contacts (domain::ConsultationRepository).

#include "storage/sql/sql_repositories.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cstdio>
#include <deque>
#include <iterator>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "domain/consultation_book_file.hpp"
#include "storage/sql/intake_support.hpp"
#include "storage/sql/report_aggregates_store.hpp"
#include "storage/sql/rows_insert.hpp"

namespace kasane::storage {
namespace {

using domain::BookRow;

// ---------------------------------------------------------------------------------------------------------------
// Consultations and contacts

// The 対応結果 is read from `result` (migration 11); the released `outcome` column is written with the nearest code
// it allows (consultation_lifecycle_schema.cpp).
std::string_view ReleasedOutcomeCode(domain::Outcome outcome) {
    return outcome == domain::Outcome::kContinuing ? domain::OutcomeCode(domain::Outcome::kOpen)
                                                   : domain::OutcomeCode(outcome);
}

constexpr SqlStatement kInsertConsultation{
    "intake_insert_consultation",
    "INSERT INTO consultations (municipality_id, receiving_organization_id, received_by_user_id, person_id, "
    "household_id, chief_complaint, outcome, outcome_note, created_at, version, result, next_contact_on, received_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, $10, $11, $12) RETURNING id"};
constexpr SqlStatement kSelectConsultation{
    "intake_select_consultation",
    "SELECT id, municipality_id, receiving_organization_id, received_by_user_id, person_id, household_id, "
    "chief_complaint, result, outcome_note, created_at, version, status, outcome_referral_id, outcome_case_id, "
    "next_contact_on, cancelled_at, cancelled_by, cancel_reason FROM consultations "
    "WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kUpdateConsultation{
    "intake_update_consultation",
    "UPDATE consultations SET outcome = $3, result = $4, outcome_note = $5, outcome_referral_id = $6, "
    "outcome_case_id = $7, status = $8, next_contact_on = $9, cancelled_at = $10, cancelled_by = $11, "
    "cancel_reason = $12, version = version + 1 WHERE id = $1 AND municipality_id = $2 AND version = $13"};
constexpr SqlStatement kSetContactsResult{
    "intake_set_contacts_result",
    "UPDATE contacts SET outcome = $3, result = $4 WHERE consultation_id = $1 AND municipality_id = $2"};
constexpr SqlStatement kSetContactCounted{"intake_set_contact_counted",
                                          "UPDATE contacts SET counted = $3 WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kCancelContact{
    "intake_cancel_contact",
    "UPDATE contacts SET cancelled_at = $4, cancelled_by = $5, cancel_reason = $6, counted = $7 "
    "WHERE id = $1 AND consultation_id = $2 AND municipality_id = $3 AND cancelled_at IS NULL"};
constexpr SqlStatement kBumpConsultationVersion{
    "intake_bump_consultation_version",
    "UPDATE consultations SET version = version + 1 WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kInsertConsultationEvent{
    "intake_insert_consultation_event",
    "INSERT INTO consultation_events (municipality_id, consultation_id, kind, at, user_id, reason) "
    "VALUES ($1, $2, $3, $4, $5, $6)"};
constexpr SqlStatement kSelectConsultationEvents{
    "intake_select_consultation_events",
    "SELECT kind, at, user_id, reason FROM consultation_events WHERE consultation_id = $1 AND municipality_id = $2 "
    "ORDER BY at, id"};
constexpr SqlStatement kConsultationsDueForContact{
    "intake_consultations_due_for_contact",
    "SELECT id FROM consultations WHERE municipality_id = $1 AND received_by_user_id = $2 AND status = 'open' "
    "AND cancelled_at IS NULL AND next_contact_on IS NOT NULL AND next_contact_on <= $3 "
    "ORDER BY next_contact_on, id LIMIT 200"};
constexpr SqlStatement kReferralOfTenant{"intake_referral_of_tenant",
                                         "SELECT id FROM referrals WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kCaseOfTenant{"intake_case_of_tenant",
                                     "SELECT id FROM cases WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kInsertConsultationCategory{
    "intake_insert_consultation_category",
    "INSERT INTO consultation_categories (consultation_id, municipality_id, category_id, most_pressing) "
    "VALUES ($1, $2, $3, $4)"};
constexpr SqlStatement kSelectConsultationCategories{
    "intake_select_consultation_categories",
    "SELECT category_id, most_pressing FROM consultation_categories WHERE consultation_id = $1 AND "
    "municipality_id = $2 ORDER BY category_id"};
constexpr SqlStatement kInsertContact{
    "intake_insert_contact",
    "INSERT INTO contacts (municipality_id, consultation_id, person_id, household_id, occurred_at, channel, source, "
    "caller_name, caller_relationship, caller_phone, caller_organization_id, organization_id, staff_user_id, "
    "summary, summary_tag, recorded_at, outcome, category_ids, result, counted) VALUES ($1, $2, $3, $4, $5, $6, $7, "
    "$8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20) RETURNING id"};
constexpr SqlStatement kSelectContacts{
    "intake_select_contacts",
    "SELECT id, consultation_id, occurred_at, channel, source, caller_name, caller_relationship, caller_phone, "
    "caller_organization_id, organization_id, staff_user_id, summary, summary_tag, recorded_at, cancelled_at, "
    "cancelled_by, cancel_reason FROM contacts "
    "WHERE consultation_id = $1 AND municipality_id = $2 ORDER BY occurred_at, id"};
constexpr SqlStatement kSetConsultationPerson{
    "intake_set_consultation_person",
    "UPDATE consultations SET person_id = $3, version = version + 1 WHERE id = $1 AND municipality_id = $2 "
    "AND version = $4 AND person_id IS NULL"};
constexpr SqlStatement kSetContactsPerson{
    "intake_set_contacts_person",
    "UPDATE contacts SET person_id = $3 WHERE consultation_id = $1 AND municipality_id = $2 AND person_id IS NULL"};
constexpr SqlStatement kConsultationsOfPerson{
    "intake_consultations_of_person", "SELECT id FROM consultations WHERE municipality_id = $1 AND person_id = $2"};

// A cancellation from (cancelled_at, cancelled_by, cancel_reason) at `first`; nullopt when not cancelled.
Result<std::optional<domain::Cancellation>> CancellationOf(const SqlRow& row, std::size_t first) {
    auto at = row.OptionalTime(first);
    if (!at) return Fail(Corrupt("cancelled_at"));
    if (!at->has_value()) return std::optional<domain::Cancellation>{};
    auto user_id = row.Integer(first + 1);
    auto reason = row.Text(first + 2);
    if (!user_id || !reason) return Fail(Corrupt("cancellation"));
    return std::optional<domain::Cancellation>(
        domain::Cancellation{.user_id = UserId{*user_id}, .at = **at, .reason = std::move(*reason)});
}

// 相談受付簿 (domain::ConsultationRepository::Book). The caller's scope is part of the query ($2: only what this user
// received, a 民生委員; $3: what this organisation took part in or was given by an accepted referral — BookScopeOf),
// then the filter: $4 window, $5 worker, $6 source of the first contact, $7 status, $8 category ids (",1,5," any
// of them; "" none asked), and for a period $11 <= 受付日時 < $12. A consultation's 受付日時 (received_at, migration
// 13) is its first contact's time; the first contact (the one it was created with, the lowest id) also gives its
// 相談経路. Newest first by received_at, so that the index consultations_by_received_at yields a page without
// sorting the period. A cancelled consultation (取消) is never listed and a cancelled contact never counted
// (domain::IsCounted); status is the thread's own (対応中 / 終了). The contact subqueries name no municipality, so that
// SQLite searches them by consultation; so is a referral to the organisation, by referrals_by_consultation (migration
// 58: a list of every referral the organisation accepted, built for each page, grew with the town). Its OFFSET 0 keeps
// PostgreSQL from turning the EXISTS back into that list (a hashed subplan, which its estimate of the period's rows
// prefers, not knowing that the page stops at 50: 33 of the 53 ms of a page at 1,000,000 persons). An anonymous
// consultation (migration 14) has no person: the LEFT JOIN gives its name as NULLs.
#define KASANE_BOOK_SELECT(DATED)                                                                                      \
    "SELECT c.id, c.person_id, p.family_name, p.given_name, p.family_name_kana, p.given_name_kana, f.occurred_at, "    \
    "f.channel, f.source, c.receiving_organization_id, c.received_by_user_id, c.result, c.chief_complaint, c.status, " \
    "f.category_ids, (SELECT COUNT(*) FROM contacts n WHERE n.consultation_id = c.id AND n.cancelled_at IS NULL) "     \
    "FROM consultations c "                                                                                            \
    "JOIN contacts f ON f.id = (SELECT MIN(x.id) FROM contacts x WHERE x.consultation_id = c.id) "                     \
    "AND f.municipality_id = c.municipality_id "                                                                       \
    "LEFT JOIN persons p ON p.id = c.person_id AND p.municipality_id = c.municipality_id "                             \
    "WHERE c.municipality_id = $1 AND c.cancelled_at IS NULL AND ("                                                    \
    "(CAST($2 AS BIGINT) <> 0 AND c.received_by_user_id = $2) OR (CAST($3 AS BIGINT) <> 0 AND ("                       \
    "c.receiving_organization_id = $3 OR EXISTS (SELECT 1 FROM contacts y WHERE y.consultation_id = c.id AND "         \
    "y.organization_id = $3) OR EXISTS (SELECT 1 FROM referrals r WHERE r.consultation_id = c.id AND "                 \
    "r.municipality_id = $1 AND r.to_organization_id = $3 AND r.status IN ('accepted', 'in_progress', "                \
    "'completed') LIMIT 1 OFFSET 0)))) "                                                                               \
    "AND (CAST($4 AS BIGINT) = 0 OR c.receiving_organization_id = $4) "                                                \
    "AND (CAST($5 AS BIGINT) = 0 OR c.received_by_user_id = $5) "                                                      \
    "AND (CAST($7 AS TEXT) = 'any' OR (CAST($7 AS TEXT) = 'open' AND c.status = 'open') OR "                           \
    "(CAST($7 AS TEXT) = 'done' AND c.status = 'closed')) "                                                            \
    "AND (CAST($8 AS TEXT) = '' OR EXISTS (SELECT 1 FROM consultation_categories cc WHERE cc.consultation_id = c.id "  \
    "AND CAST($8 AS TEXT) LIKE ('%,' || CAST(cc.category_id AS TEXT) || ',%'))) "                                      \
    "AND (CAST($6 AS TEXT) = '' OR f.source = $6)" DATED " ORDER BY c.received_at DESC, c.id DESC LIMIT $9 OFFSET $10"
constexpr SqlStatement kBook{"intake_book", KASANE_BOOK_SELECT("")};
constexpr SqlStatement kBookDated{"intake_book_dated",
                                  KASANE_BOOK_SELECT(" AND c.received_at >= $11 AND c.received_at < $12")};
// Keyset paging (domain::BookPages, the background export): after the first page (kBookDated at offset 0), only what
// comes after the cursor ($12 received_at, $13 id) in the book's order, from $11 on. The cursor is the one upper
// bound on received_at (the period's end is implied: the cursor's row was before it), so that the index
// consultations_by_received_at seeks to it; with a second upper bound SQLite kept the period's and scanned each
// page from the newest row, every page slower than the last.
constexpr SqlStatement kBookAfter{"intake_book_after",
                                  KASANE_BOOK_SELECT(" AND c.received_at >= $11 AND c.received_at <= $12"
                                                     " AND (c.received_at < $12 OR c.id < $13)")};
// The rows of the whole filter: the same query with no page, counted.
constexpr SqlStatement kCountBook{
    "intake_count_book",
    "SELECT COUNT(*) FROM (" KASANE_BOOK_SELECT(" AND c.received_at >= $11 AND c.received_at < $12") ") AS book"};
#undef KASANE_BOOK_SELECT

Result<BookRow> BookRowFrom(const SqlRow& row) {
    auto id = row.Integer(0);
    // An anonymous consultation has no person (and no name: the LEFT JOIN gives NULLs).
    const std::optional<PersonId> person_id = row.OptionalId<PersonId>(1);
    auto family_name = person_id ? row.Text(2) : Result<std::string>(std::string());
    auto given_name = person_id ? row.Text(3) : Result<std::string>(std::string());
    auto family_kana = person_id ? row.Text(4) : Result<std::string>(std::string());
    auto given_kana = person_id ? row.Text(5) : Result<std::string>(std::string());
    auto received_at = row.Time(6);
    auto channel = domain::ParseChannel(row.Text(7).value_or(""));
    auto source = domain::ParseSource(row.Text(8).value_or(""));
    auto window = row.Integer(9);
    auto user_id = row.Integer(10);
    auto outcome = domain::ParseOutcome(row.Text(11).value_or(""));
    auto complaint = row.Text(12);
    auto status = domain::ParseConsultationStatus(row.Text(13).value_or(""));
    auto category_ids = row.Text(14);
    auto contacts = row.Integer(15);
    if (!id || !family_name || !given_name || !family_kana || !given_kana || !received_at || !channel || !source ||
        !window || !user_id || !outcome || !complaint || !status || !category_ids || !contacts) {
        return Fail(Corrupt("consultation_book"));
    }
    BookRow out{.id = ConsultationId{*id},
                .person_id = person_id,
                .person_name = *family_name + (given_name->empty() ? "" : " " + *given_name),
                .person_name_kana = *family_kana + (given_kana->empty() ? "" : " " + *given_kana),
                .received_at = *received_at,
                .channel = *channel,
                .source = *source,
                .window = OrganizationId{*window},
                .received_by_user_id = UserId{*user_id},
                .status = *status,
                .outcome = *outcome,
                .chief_complaint = std::move(*complaint),
                .category_ids = {},
                .contacts = static_cast<int>(*contacts)};
    std::string_view ids = *category_ids;
    while (!ids.empty()) {
        const std::size_t comma = ids.find(',');
        const std::string_view part = ids.substr(0, comma);
        CategoryId value = 0;
        if (std::from_chars(part.data(), part.data() + part.size(), value).ec == std::errc{}) {
            out.category_ids.push_back(value);
        }
        if (comma == std::string_view::npos) break;
        ids.remove_prefix(comma + 1);
    }
    return out;
}

Result<Contact> ContactFromRow(const SqlRow& row) {
    auto id = row.Integer(0);
    auto consultation_id = row.Integer(1);
    auto occurred_at = row.Time(2);
    auto channel = domain::ParseChannel(row.Text(3).value_or(""));
    auto source = domain::ParseSource(row.Text(4).value_or(""));
    auto caller_name = row.Text(5);
    auto caller_relationship = row.Text(6);
    auto caller_phone = row.Text(7);
    auto organization_id = row.Integer(9);
    auto staff_user_id = row.Integer(10);
    auto summary = row.Text(11);
    auto tag = domain::ParseTextTag(row.Text(12).value_or(""));
    auto recorded_at = row.Time(13);
    if (!id || !consultation_id || !occurred_at || !channel || !source || !caller_name || !caller_relationship ||
        !caller_phone || !organization_id || !staff_user_id || !summary || !tag || !recorded_at) {
        return Fail(Corrupt("contact"));
    }
    KASANE_ASSIGN(cancellation, CancellationOf(row, 14));
    return Contact{.id = *id,
                   .consultation_id = domain::ConsultationId{*consultation_id},
                   .occurred_at = *occurred_at,
                   .channel = *channel,
                   .source = *source,
                   .caller = domain::Caller{.name = std::move(*caller_name),
                                            .relationship = std::move(*caller_relationship),
                                            .phone = std::move(*caller_phone),
                                            .organization_id = row.OptionalId<OrganizationId>(8)},
                   .organization_id = OrganizationId{*organization_id},
                   .staff_user_id = UserId{*staff_user_id},
                   .summary = std::move(*summary),
                   .summary_tag = *tag,
                   .recorded_at = *recorded_at,
                   .cancelled = std::move(*cancellation)};
}

Status ReadConsultation(SqlConnection& connection, MunicipalityId tenant, ConsultationId id, Consultation& out) {
    KASANE_ASSIGN(result, connection.Execute(kSelectConsultation, {id, tenant}));
    if (result->Empty()) return Fail(NotFoundField("相談が見つかりません", "consultation_id"));
    const SqlRow row(result->rows.front());
    auto consultation_id = row.Integer(0);
    auto municipality_id = row.Integer(1);
    auto organization_id = row.Integer(2);
    auto user_id = row.Integer(3);
    auto complaint = row.Text(6);
    auto outcome = domain::ParseOutcome(row.Text(7).value_or(""));
    auto note = row.Text(8);
    auto created_at = row.Time(9);
    auto version = row.Integer(10);
    auto status = domain::ParseConsultationStatus(row.Text(11).value_or(""));
    if (!consultation_id || !municipality_id || !organization_id || !user_id || !complaint || !outcome || !note ||
        !created_at || !version || !status) {
        return Fail(Corrupt("consultation"));
    }
    KASANE_ASSIGN(next_contact_on, OptionalDate(row, 14));
    KASANE_ASSIGN(cancellation, CancellationOf(row, 15));
    out = Consultation{.id = ConsultationId{*consultation_id},
                       .municipality_id = MunicipalityId{*municipality_id},
                       .receiving_organization_id = OrganizationId{*organization_id},
                       .received_by_user_id = UserId{*user_id},
                       .person_id = row.OptionalId<PersonId>(4),  // empty: an anonymous consultation
                       .household_id = row.OptionalId<HouseholdId>(5),
                       .chief_complaint = std::move(*complaint),
                       .categories = {},
                       .outcome = *outcome,
                       .outcome_note = std::move(*note),
                       .outcome_referral_id = row.OptionalId<domain::ReferralId>(12),
                       .outcome_case_id = row.OptionalId<domain::CaseId>(13),
                       .status = *status,
                       .next_contact_on = *next_contact_on,
                       .cancelled = std::move(*cancellation),
                       .events = {},
                       .contacts = {},
                       .created_at = *created_at,
                       .version = static_cast<int>(*version)};
    KASANE_ASSIGN(categories, connection.Execute(kSelectConsultationCategories, {id, tenant}));
    for (const auto& values : categories->rows) {
        const SqlRow category(values);
        auto category_id = category.Integer(0);
        auto most_pressing = category.Boolean(1);
        if (!category_id || !most_pressing) return Fail(Corrupt("consultation_category"));
        out.categories.push_back(domain::CategoryChoice{.category_id = *category_id, .most_pressing = *most_pressing});
    }
    KASANE_ASSIGN(contacts, connection.Execute(kSelectContacts, {id, tenant}));
    for (const auto& values : contacts->rows) {
        KASANE_ASSIGN(contact, ContactFromRow(SqlRow(values)));
        out.contacts.push_back(std::move(*contact));
    }
    KASANE_ASSIGN(events, connection.Execute(kSelectConsultationEvents, {id, tenant}));
    for (const auto& values : events->rows) {
        const SqlRow event(values);
        auto kind = domain::ParseConsultationEventKind(event.Text(0).value_or(""));
        auto at = event.Time(1);
        auto event_user = event.Integer(2);
        auto reason = event.Text(3);
        if (!kind || !at || !event_user || !reason) return Fail(Corrupt("consultation_event"));
        out.events.push_back(domain::ConsultationEvent{
            .kind = *kind, .at = *at, .user_id = UserId{*event_user}, .reason = std::move(*reason)});
    }
    return {};
}

// What a contact row copies from its consultation (see the contacts table in intake_schema.cpp).
struct ContactCopies {
    std::optional<PersonId> person_id;  // empty while the consultation is anonymous
    std::optional<HouseholdId> household_id;
    domain::Outcome outcome = domain::Outcome::kOpen;
    std::string category_ids;  // "12,15"
    bool counted = true;       // domain::IsCounted
};

std::string CategoryIdsText(const std::vector<CategoryId>& ids) {
    std::string text;
    for (CategoryId id : ids) {
        if (!text.empty()) text += ',';
        text += std::to_string(id);
    }
    return text;
}

// The records a write names, each checked once (Exists) however often it is named: an import names the same
// organisation, user and categories on every row.
class ReferenceChecks {
public:
    Status Check(SqlConnection& connection, const SqlStatement& statement, std::int64_t id, MunicipalityId tenant,
                 std::string_view message, std::string_view field) {
        if (checked_.contains({&statement, id})) return {};
        KASANE_TRY(Exists(connection, statement, id, tenant, std::string(message), std::string(field)));
        checked_.insert({&statement, id});
        return {};
    }

    // Many ids that `statement` would check one by one, checked in one read: `many` selects those of the tenant
    // among the id set $2. Each then counts as checked by `statement`.
    Status CheckMany(SqlConnection& connection, const SqlStatement& statement, const IdSetStatement& many,
                     std::vector<std::int64_t> ids, MunicipalityId tenant, std::string_view message,
                     std::string_view field) {
        std::erase_if(ids, [&](std::int64_t id) { return checked_.contains({&statement, id}); });
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
        if (ids.empty()) return {};
        const IdSet id_set(ids);
        KASANE_ASSIGN(found, connection.Execute(many.For(id_set), {tenant, id_set.Param()}));
        if (found->rows.size() != ids.size()) return Fail(NotFoundField(std::string(message), std::string(field)));
        for (std::int64_t id : ids) checked_.insert({&statement, id});
        return {};
    }

private:
    std::set<std::pair<const SqlStatement*, std::int64_t>> checked_;
};

Result<domain::ContactId> InsertContact(SqlConnection& connection, MunicipalityId tenant,
                                        ConsultationId consultation_id, const ContactCopies& copies,
                                        const Contact& contact, ReferenceChecks& checks) {
    KASANE_TRY(checks.Check(connection, kOrganizationExists, contact.organization_id, tenant,
                            "受付機関が見つかりません", "organization_id"));
    KASANE_TRY(checks.Check(connection, kUserExists, contact.staff_user_id, tenant, "対応職員が見つかりません",
                            "staff_user_id"));
    if (contact.caller.organization_id) {
        KASANE_TRY(checks.Check(connection, kOrganizationExists, *contact.caller.organization_id, tenant,
                                "相談者の機関が見つかりません", "caller.organization_id"));
    }
    const std::string occurred_at = FormatIso8601(contact.occurred_at);
    const std::string recorded_at = FormatIso8601(contact.recorded_at);
    KASANE_ASSIGN(inserted, connection.Execute(kInsertContact, {tenant,
                                                                consultation_id,
                                                                IdOrNull(copies.person_id),
                                                                IdOrNull(copies.household_id),
                                                                std::string_view(occurred_at),
                                                                domain::ChannelCode(contact.channel),
                                                                domain::SourceCode(contact.source),
                                                                contact.caller.name,
                                                                contact.caller.relationship,
                                                                contact.caller.phone,
                                                                IdOrNull(contact.caller.organization_id),
                                                                contact.organization_id,
                                                                contact.staff_user_id,
                                                                contact.summary,
                                                                domain::TextTagCode(contact.summary_tag),
                                                                std::string_view(recorded_at),
                                                                ReleasedOutcomeCode(copies.outcome),
                                                                std::string_view(copies.category_ids),
                                                                domain::OutcomeCode(copies.outcome),
                                                                copies.counted}));
    return IdOf(inserted);
}

// What a consultation names, checked before it is written: at least one contact, and its person, household,
// receiving organisation and receiving user of this municipality (each checked once per write, ReferenceChecks).
Status CheckReferences(SqlConnection& connection, MunicipalityId tenant, const Consultation& consultation,
                       ReferenceChecks& checks) {
    if (consultation.contacts.empty()) {
        return Fail(Error::InvalidArgument("相談には少なくとも1件の対応記録が必要です", "contacts"));
    }
    if (consultation.person_id) {
        KASANE_TRY(checks.Check(connection, kPersonExists, *consultation.person_id, tenant,
                                "本人の記録が見つかりません", "person_id"));
    }
    if (consultation.household_id) {
        KASANE_TRY(checks.Check(connection, kHouseholdExists, *consultation.household_id, tenant,
                                "世帯が見つかりません", "household_id"));
    }
    KASANE_TRY(checks.Check(connection, kOrganizationExists, consultation.receiving_organization_id, tenant,
                            "受付機関が見つかりません", "receiving_organization_id"));
    return checks.Check(connection, kUserExists, consultation.received_by_user_id, tenant, "受付職員が見つかりません",
                        "received_by_user_id");
}

// A consultation with its categories and contacts, written; the ids it was given.
Result<domain::CreatedConsultation> InsertConsultation(SqlConnection& connection, MunicipalityId tenant,
                                                       const Consultation& consultation, ReferenceChecks& checks) {
    KASANE_TRY(CheckReferences(connection, tenant, consultation, checks));
    const std::string created_at = FormatIso8601(consultation.created_at);
    const auto next_contact_on = OptionalDateText(consultation.next_contact_on);
    // 受付日時: the first contact's time (migration 13), the 相談受付簿's order.
    const std::string received_at = FormatIso8601(consultation.contacts.front().occurred_at);
    KASANE_ASSIGN(inserted, connection.Execute(kInsertConsultation,
                                               {tenant, consultation.receiving_organization_id,
                                                consultation.received_by_user_id, IdOrNull(consultation.person_id),
                                                IdOrNull(consultation.household_id), consultation.chief_complaint,
                                                ReleasedOutcomeCode(consultation.outcome), consultation.outcome_note,
                                                std::string_view(created_at), domain::OutcomeCode(consultation.outcome),
                                                TextOrNull(next_contact_on), std::string_view(received_at)}));
    domain::CreatedConsultation out{.id = ConsultationId{IdOf(inserted)}, .contact_ids = {}};
    for (const domain::CategoryChoice& choice : consultation.categories) {
        KASANE_TRY(checks.Check(connection, kCategoryExists, choice.category_id, tenant, "相談の分類が見つかりません",
                                "category_id"));
        auto added =
            connection.Execute(kInsertConsultationCategory, {out.id, tenant, choice.category_id, choice.most_pressing});
        if (!added) {
            if (added.error().Is(ErrorCode::kConflict)) {
                return Fail(Error::InvalidArgument("同じ分類が重複しています", "category_id"));
            }
            return Fail(added.error());
        }
    }
    std::vector<CategoryId> category_ids;
    for (const auto& choice : consultation.categories) category_ids.push_back(choice.category_id);
    std::sort(category_ids.begin(), category_ids.end());
    const ContactCopies copies{.person_id = consultation.person_id,
                               .household_id = consultation.household_id,
                               .outcome = consultation.outcome,
                               .category_ids = CategoryIdsText(category_ids),
                               .counted = true};
    for (const Contact& contact : consultation.contacts) {
        KASANE_ASSIGN(contact_id, InsertContact(connection, tenant, out.id, copies, contact, checks));
        out.contact_ids.push_back(*contact_id);
    }
    return out;
}

constexpr IdSetStatement kPersonsOfTenant KASANE_ID_SET_STATEMENT(
    "intake_consultations_persons_of_tenant", "SELECT id FROM persons WHERE municipality_id = $1 AND id IN (", ")");
constexpr IdSetStatement kHouseholdsOfTenant
    KASANE_ID_SET_STATEMENT("intake_consultations_households_of_tenant",
                            "SELECT id FROM households WHERE municipality_id = $1 AND id IN (", ")");

// Many consultations as InsertConsultation writes one, a batch at a time: each batch's consultations, categories and
// contacts go many rows a statement (rows_insert.hpp), so that a year's 受付簿 costs hundreds of round trips, not
// hundreds of thousands. The tables being filled have their statistics refreshed each time the rows written double
// (1,000, 2,000, 4,000 …): the plans of the statements that follow, foreign-key checks among them, are then made
// for tables of about their real size, not for the empty ones of before the import (docs/performance.md).
Result<std::vector<domain::CreatedConsultation>> InsertConsultations(SqlConnection& connection, MunicipalityId tenant,
                                                                     const std::vector<Consultation>& consultations,
                                                                     ReferenceChecks& checks) {
    static const sql_support::RowsInsert kInsertConsultations(
        "intake_insert_consultations",
        "INSERT INTO consultations (municipality_id, receiving_organization_id, received_by_user_id, person_id, "
        "household_id, chief_complaint, outcome, outcome_note, created_at, version, result, next_contact_on, "
        "received_at) VALUES ",
        13, " RETURNING id");
    static const sql_support::RowsInsert kInsertCategories(
        "intake_insert_consultation_categories",
        "INSERT INTO consultation_categories (consultation_id, municipality_id, category_id, most_pressing) VALUES ", 4,
        "");
    static const sql_support::RowsInsert kInsertContacts(
        "intake_insert_contacts",
        "INSERT INTO contacts (municipality_id, consultation_id, person_id, household_id, occurred_at, channel, "
        "source, caller_name, caller_relationship, caller_phone, caller_organization_id, organization_id, "
        "staff_user_id, summary, summary_tag, recorded_at, outcome, category_ids, result, counted) VALUES ",
        20, " RETURNING id");
    static constexpr std::array<std::string_view, 3> kFilled{"consultations", "consultation_categories", "contacts"};
    constexpr std::size_t kBatch = 500;

    std::vector<domain::CreatedConsultation> out;
    out.reserve(consultations.size());
    std::size_t next_refresh = 1000;
    for (std::size_t first = 0; first < consultations.size(); first += kBatch) {
        const std::size_t last = std::min(consultations.size(), first + kBatch);
        std::deque<std::string> texts;  // what the parameters view; a deque keeps them in place as it grows
        auto text = [&](std::string value) { return SqlParam(std::string_view(texts.emplace_back(std::move(value)))); };
        std::vector<SqlParam> rows;
        std::vector<std::string> category_texts(last - first);
        // The batch's persons and households in one read each (an import names thousands of new ones).
        std::vector<std::int64_t> person_ids;
        std::vector<std::int64_t> household_ids;
        for (std::size_t n = first; n < last; ++n) {
            if (consultations[n].person_id) person_ids.push_back(consultations[n].person_id->value());
            if (consultations[n].household_id) household_ids.push_back(consultations[n].household_id->value());
        }
        KASANE_TRY(checks.CheckMany(connection, kPersonExists, kPersonsOfTenant, std::move(person_ids), tenant,
                                    "本人の記録が見つかりません", "person_id"));
        KASANE_TRY(checks.CheckMany(connection, kHouseholdExists, kHouseholdsOfTenant, std::move(household_ids), tenant,
                                    "世帯が見つかりません", "household_id"));
        for (std::size_t n = first; n < last; ++n) {
            const Consultation& consultation = consultations[n];
            KASANE_TRY(CheckReferences(connection, tenant, consultation, checks));
            std::vector<CategoryId> category_ids;
            for (const domain::CategoryChoice& choice : consultation.categories) {
                KASANE_TRY(checks.Check(connection, kCategoryExists, choice.category_id, tenant,
                                        "相談の分類が見つかりません", "category_id"));
                category_ids.push_back(choice.category_id);
            }
            std::sort(category_ids.begin(), category_ids.end());
            if (std::adjacent_find(category_ids.begin(), category_ids.end()) != category_ids.end()) {
                return Fail(Error::InvalidArgument("同じ分類が重複しています", "category_id"));
            }
            category_texts[n - first] = CategoryIdsText(category_ids);
            for (const Contact& contact : consultation.contacts) {
                KASANE_TRY(checks.Check(connection, kOrganizationExists, contact.organization_id, tenant,
                                        "受付機関が見つかりません", "organization_id"));
                KASANE_TRY(checks.Check(connection, kUserExists, contact.staff_user_id, tenant,
                                        "対応職員が見つかりません", "staff_user_id"));
                if (contact.caller.organization_id) {
                    KASANE_TRY(checks.Check(connection, kOrganizationExists, *contact.caller.organization_id, tenant,
                                            "相談者の機関が見つかりません", "caller.organization_id"));
                }
            }
            const auto next_contact_on = OptionalDateText(consultation.next_contact_on);
            rows.insert(
                rows.end(),
                {SqlParam(tenant.value()), SqlParam(consultation.receiving_organization_id.value()),
                 SqlParam(consultation.received_by_user_id.value()), IdOrNull(consultation.person_id),
                 IdOrNull(consultation.household_id), SqlParam(std::string_view(consultation.chief_complaint)),
                 SqlParam(ReleasedOutcomeCode(consultation.outcome)),
                 SqlParam(std::string_view(consultation.outcome_note)), text(FormatIso8601(consultation.created_at)),
                 SqlParam(std::int64_t{1}), SqlParam(domain::OutcomeCode(consultation.outcome)),
                 next_contact_on ? text(*next_contact_on) : SqlParam(),
                 // 受付日時: the first contact's time (migration 13), the 相談受付簿's order.
                 text(FormatIso8601(consultation.contacts.front().occurred_at))});
        }
        KASANE_ASSIGN(ids, kInsertConsultations.RunReturningIds(connection, rows));
        rows.clear();
        for (std::size_t n = first; n < last; ++n) {
            const ConsultationId id{(*ids)[n - first]};
            out.push_back({.id = id, .contact_ids = {}});
            for (const domain::CategoryChoice& choice : consultations[n].categories) {
                rows.insert(rows.end(), {SqlParam(id.value()), SqlParam(tenant.value()),
                                         SqlParam(std::int64_t{choice.category_id}), SqlParam(choice.most_pressing)});
            }
        }
        KASANE_TRY(kInsertCategories.Run(connection, rows));
        rows.clear();
        for (std::size_t n = first; n < last; ++n) {
            const Consultation& consultation = consultations[n];
            for (const Contact& contact : consultation.contacts) {
                rows.insert(rows.end(), {SqlParam(tenant.value()),
                                         SqlParam(out[n].id.value()),
                                         IdOrNull(consultation.person_id),
                                         IdOrNull(consultation.household_id),
                                         text(FormatIso8601(contact.occurred_at)),
                                         SqlParam(domain::ChannelCode(contact.channel)),
                                         SqlParam(domain::SourceCode(contact.source)),
                                         SqlParam(std::string_view(contact.caller.name)),
                                         SqlParam(std::string_view(contact.caller.relationship)),
                                         SqlParam(std::string_view(contact.caller.phone)),
                                         IdOrNull(contact.caller.organization_id),
                                         SqlParam(contact.organization_id.value()),
                                         SqlParam(contact.staff_user_id.value()),
                                         SqlParam(std::string_view(contact.summary)),
                                         SqlParam(domain::TextTagCode(contact.summary_tag)),
                                         text(FormatIso8601(contact.recorded_at)),
                                         SqlParam(ReleasedOutcomeCode(consultation.outcome)),
                                         SqlParam(std::string_view(category_texts[n - first])),
                                         SqlParam(domain::OutcomeCode(consultation.outcome)),
                                         SqlParam(true)});
            }
        }
        KASANE_ASSIGN(contact_ids, kInsertContacts.RunReturningIds(connection, rows));
        std::size_t at = 0;
        for (std::size_t n = first; n < last; ++n) {
            for (std::size_t k = 0; k < consultations[n].contacts.size(); ++k) {
                out[n].contact_ids.push_back(domain::ContactId{(*contact_ids)[at++]});
            }
        }
        if (last >= next_refresh && last < consultations.size()) {
            KASANE_TRY(connection.RefreshStatistics(kFilled));
            next_refresh *= 2;
        }
    }
    return out;
}

class SqlConsultationRepository final : public domain::ConsultationRepository, TenantRepository {
public:
    using TenantRepository::TenantRepository;

    Result<Consultation> Create(const Consultation& consultation) override {
        ConsultationId id{};
        const Status status = executor_.Write([&](SqlConnection& connection) -> Status {
            ReferenceChecks checks;
            KASANE_ASSIGN(created, InsertConsultation(connection, tenant_, consultation, checks));
            id = created->id;
            AggregateChange change(executor_, tenant_);
            KASANE_TRY(change.AddConsultation(connection, id, +1));
            return change.Flush(connection);
        });
        if (!status) return Fail(status.error());
        return Get(id);
    }

    Result<std::vector<domain::CreatedConsultation>> CreateMany(
        const std::vector<Consultation>& consultations) override {
        std::vector<domain::CreatedConsultation> out;
        const Status status = executor_.Write([&](SqlConnection& connection) -> Status {
            out.clear();
            ReferenceChecks checks;
            KASANE_ASSIGN(created, InsertConsultations(connection, tenant_, consultations, checks));
            out = std::move(*created);
            AggregateChange change(executor_, tenant_);
            for (const auto& consultation : out) KASANE_TRY(change.AddConsultation(connection, consultation.id, +1));
            return change.Flush(connection);
        });
        if (!status) return Fail(status.error());
        return out;
    }

    Result<Consultation> Get(ConsultationId id) override {
        return ReadInto<Consultation>([&](SqlConnection& connection, Consultation& out) {
            return ReadConsultation(connection, tenant_, id, out);
        });
    }

    Result<Consultation> AddContact(ConsultationId id, const Contact& contact) override {
        const Status status = executor_.Write([&](SqlConnection& connection) -> Status {
            Consultation stored;
            KASANE_TRY(ReadConsultation(connection, tenant_, id, stored));
            std::vector<CategoryId> category_ids;
            for (const auto& choice : stored.categories) category_ids.push_back(choice.category_id);
            const ContactCopies copies{.person_id = stored.person_id,
                                       .household_id = stored.household_id,
                                       .outcome = stored.outcome,
                                       .category_ids = CategoryIdsText(category_ids),
                                       .counted = domain::IsCounted(stored, contact)};
            ReferenceChecks checks;
            KASANE_ASSIGN(contact_id, InsertContact(connection, tenant_, id, copies, contact, checks));
            AggregateChange change(executor_, tenant_);
            KASANE_TRY(change.AddContact(connection, *contact_id, +1));
            return change.Flush(connection);
        });
        if (!status) return Fail(status.error());
        return Get(id);
    }

    Result<Consultation> SetOutcome(ConsultationId id, int expected_version, domain::Outcome outcome,
                                    std::string_view note) override {
        auto stored = Get(id);
        if (!stored) return Fail(stored.error());
        stored->outcome = outcome;
        stored->outcome_note = std::string(note);
        if (outcome != domain::Outcome::kReferred) stored->outcome_referral_id.reset();
        if (outcome != domain::Outcome::kEscalated) stored->outcome_case_id.reset();
        return Update(*stored, expected_version, std::nullopt);
    }

    Result<Consultation> Update(const Consultation& consultation, int expected_version,
                                const std::optional<domain::ConsultationEvent>& event) override {
        const ConsultationId id = consultation.id;
        const auto next_contact_on = OptionalDateText(consultation.next_contact_on);
        const auto cancelled_at = consultation.cancelled
                                      ? std::optional<std::string>(FormatIso8601(consultation.cancelled->at))
                                      : std::nullopt;
        const auto cancelled_by =
            consultation.cancelled ? std::optional<std::int64_t>(consultation.cancelled->user_id) : std::nullopt;
        const auto cancel_reason =
            consultation.cancelled ? std::optional<std::string>(consultation.cancelled->reason) : std::nullopt;
        const Status status = executor_.Write([&](SqlConnection& connection) -> Status {
            if (consultation.outcome_referral_id) {
                KASANE_TRY(Exists(connection, kReferralOfTenant, *consultation.outcome_referral_id, tenant_,
                                  "つなぎが見つかりません", "referral_id"));
            }
            if (consultation.outcome_case_id) {
                KASANE_TRY(Exists(connection, kCaseOfTenant, *consultation.outcome_case_id, tenant_,
                                  "ケースが見つかりません", "case_id"));
            }
            if (consultation.cancelled) {
                KASANE_TRY(Exists(connection, kUserExists, consultation.cancelled->user_id, tenant_,
                                  "取り消した職員が見つかりません", "cancelled_by"));
            }
            // The 対応結果 and what counts are copied onto the contacts: the aggregates take them out and back.
            AggregateChange change(executor_, tenant_);
            KASANE_TRY(change.AddConsultation(connection, id, -1));
            KASANE_ASSIGN(
                updated,
                connection.Execute(
                    kUpdateConsultation,
                    {id, tenant_, ReleasedOutcomeCode(consultation.outcome), domain::OutcomeCode(consultation.outcome),
                     consultation.outcome_note, IdOrNull(consultation.outcome_referral_id),
                     IdOrNull(consultation.outcome_case_id), domain::ConsultationStatusCode(consultation.status),
                     TextOrNull(next_contact_on), TextOrNull(cancelled_at), IdOrNull(cancelled_by),
                     TextOrNull(cancel_reason), std::int64_t{expected_version}}));
            if (updated->affected_rows == 0) {
                KASANE_TRY(
                    Exists(connection, kConsultationExists, id, tenant_, "相談が見つかりません", "consultation_id"));
                return Fail(VersionConflict());
            }
            KASANE_EXECUTE(connection, kSetContactsResult, id, tenant_, ReleasedOutcomeCode(consultation.outcome),
                           domain::OutcomeCode(consultation.outcome));
            // The counted copies, from the rule (a cancelled consultation counts none of its contacts).
            Consultation stored;
            KASANE_TRY(ReadConsultation(connection, tenant_, id, stored));
            for (const Contact& contact : stored.contacts) {
                KASANE_EXECUTE(connection, kSetContactCounted, contact.id, tenant_, domain::IsCounted(stored, contact));
            }
            KASANE_TRY(change.AddConsultation(connection, id, +1));
            KASANE_TRY(change.Flush(connection));
            if (event) {
                KASANE_TRY(Exists(connection, kUserExists, event->user_id, tenant_, "職員が見つかりません", "user_id"));
                const std::string at = FormatIso8601(event->at);
                KASANE_EXECUTE(connection, kInsertConsultationEvent, tenant_, id,
                               domain::ConsultationEventKindCode(event->kind), std::string_view(at), event->user_id,
                               std::string_view(event->reason));
            }
            return {};
        });
        if (!status) return Fail(status.error());
        return Get(id);
    }

    Result<Consultation> CancelContact(ConsultationId id, domain::ContactId contact_id,
                                       const domain::Cancellation& cancellation) override {
        const std::string at = FormatIso8601(cancellation.at);
        const Status status = executor_.Write([&](SqlConnection& connection) -> Status {
            Consultation stored;
            KASANE_TRY(ReadConsultation(connection, tenant_, id, stored));
            const auto contact = std::find_if(stored.contacts.begin(), stored.contacts.end(),
                                              [&](const Contact& item) { return item.id == contact_id; });
            if (contact == stored.contacts.end()) return Fail(NotFoundField("対応記録が見つかりません", "contact_id"));
            KASANE_TRY(Exists(connection, kUserExists, cancellation.user_id, tenant_, "取り消した職員が見つかりません",
                              "cancelled_by"));
            Contact cancelled = *contact;
            cancelled.cancelled = cancellation;
            AggregateChange change(executor_, tenant_);
            KASANE_TRY(change.AddContact(connection, contact_id, -1));
            KASANE_ASSIGN(updated, connection.Execute(kCancelContact, {contact_id, id, tenant_, std::string_view(at),
                                                                       cancellation.user_id, cancellation.reason,
                                                                       domain::IsCounted(stored, cancelled)}));
            if (updated->affected_rows == 0) {
                return Fail(Error::Conflict("この対応記録はすでに取り消されています", "contact_id"));
            }
            KASANE_EXECUTE(connection, kBumpConsultationVersion, id, tenant_);
            KASANE_TRY(change.AddContact(connection, contact_id, +1));
            return change.Flush(connection);
        });
        if (!status) return Fail(status.error());
        return Get(id);
    }

    Result<std::vector<Consultation>> DueForContact(UserId user_id, Date on_or_before) override {
        using List = std::vector<Consultation>;
        const std::string day = DateText(on_or_before);
        return ReadInto<List>([&](SqlConnection& connection, List& out) -> Status {
            KASANE_ASSIGN(found,
                          connection.Execute(kConsultationsDueForContact, {tenant_, user_id, std::string_view(day)}));
            for (const auto& values : found->rows) {
                Consultation consultation;
                KASANE_TRY(ReadConsultation(
                    connection, tenant_, domain::ConsultationId{SqlRow(values).Integer(0).value_or(0)}, consultation));
                out.push_back(std::move(consultation));
            }
            return {};
        });
    }

    Result<std::vector<Consultation>> OfPersons(const std::vector<PersonId>& person_ids) override {
        using List = std::vector<Consultation>;
        return ReadInto<List>([&](SqlConnection& connection, List& out) {
            return ReadEachFound(connection, tenant_, kConsultationsOfPerson, person_ids, ReadConsultation,
                                 NewestCreatedFirst<Consultation>, out);
        });
    }
    Result<Consultation> SetPerson(ConsultationId id, int expected_version, PersonId person_id) override {
        const Status status = executor_.Write([&](SqlConnection& connection) -> Status {
            KASANE_TRY(
                Exists(connection, kPersonExists, person_id, tenant_, "本人の記録が見つかりません", "person_id"));
            KASANE_ASSIGN(updated, connection.Execute(kSetConsultationPerson,
                                                      {id, tenant_, person_id, std::int64_t{expected_version}}));
            if (updated->affected_rows == 0) {
                Consultation stored;
                KASANE_TRY(ReadConsultation(connection, tenant_, id, stored));
                if (stored.person_id) {
                    return Fail(Error::Conflict("この相談にはすでに本人が結び付けられています", "person_id"));
                }
                return Fail(VersionConflict());
            }
            AggregateChange change(executor_, tenant_);
            KASANE_TRY(change.AddConsultation(connection, id, -1));
            KASANE_EXECUTE(connection, kSetContactsPerson, id, tenant_, person_id);
            KASANE_TRY(change.AddConsultation(connection, id, +1));
            return change.Flush(connection);
        });
        if (!status) return Fail(status.error());
        return Get(id);
    }

    Result<std::vector<BookRow>> Book(const domain::BookQuery& query) override {
        using Rows = std::vector<BookRow>;
        std::string categories;
        if (query.categories) {
            categories = ",";
            for (CategoryId id : *query.categories) categories += std::to_string(id) + ",";
        }
        const std::int64_t scope_user =
            query.scope.kind == domain::BookScope::Kind::kEnteredBy ? query.scope.user_id : UserId{};
        const std::int64_t scope_organization =
            query.scope.kind == domain::BookScope::Kind::kOrganization ? query.scope.organization_id : OrganizationId{};
        if (scope_user == 0 && scope_organization == 0) return Rows{};
        const std::string from = FormatIso8601(query.from.value_or(Instant{}));
        const std::string to =
            FormatIso8601(query.to.value_or(Instant{std::chrono::sys_days{std::chrono::year{9999} / 1 / 1}}));
        const bool dated = query.from.has_value() || query.to.has_value();
        std::vector<SqlParam> params{tenant_,
                                     scope_user,
                                     scope_organization,
                                     query.window.value_or(OrganizationId{}),
                                     query.worker.value_or(UserId{}),
                                     query.source ? domain::SourceCode(*query.source) : std::string_view(""),
                                     domain::BookStatusCode(query.status),
                                     std::string_view(categories),
                                     std::int64_t{query.limit},
                                     std::int64_t{query.offset}};
        if (dated) {
            params.emplace_back(std::string_view(from));
            params.emplace_back(std::string_view(to));
        }
        return ReadInto<Rows>([&](SqlConnection& connection, Rows& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(dated ? kBookDated : kBook, params));
            for (const auto& values : result->rows) {
                KASANE_ASSIGN(row, BookRowFrom(SqlRow(values)));
                out.push_back(std::move(*row));
            }
            return {};
        });
    }
};

// 相談受付簿 in keyset pages (domain::BookPages): the book's query with a cursor instead of an offset, and counted.
class SqlBookPages final : public domain::BookPages, TenantRepository {
public:
    using TenantRepository::TenantRepository;

    Result<std::vector<BookRow>> Page(const domain::BookQuery& query,
                                      std::optional<domain::BookCursor> after) override {
        using Rows = std::vector<BookRow>;
        Params params(tenant_, query);
        if (params.empty_scope) return Rows{};
        std::string cursor_at;
        if (after) {
            cursor_at = FormatIso8601(after->received_at);
            params.values[11] = std::string_view(cursor_at);
            params.values.emplace_back(static_cast<std::int64_t>(after->id));
        }
        const SqlStatement& statement = after ? kBookAfter : kBookDated;
        return ReadInto<Rows>([&](SqlConnection& connection, Rows& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(statement, params.values));
            for (const auto& values : result->rows) {
                KASANE_ASSIGN(row, BookRowFrom(SqlRow(values)));
                out.push_back(std::move(*row));
            }
            return {};
        });
    }

    Result<long long> Count(const domain::BookQuery& query) override {
        Params params(tenant_, query);
        if (params.empty_scope) return 0LL;
        params.values[8] = std::numeric_limits<std::int64_t>::max();
        return ReadInto<long long>([&](SqlConnection& connection, long long& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(kCountBook, params.values));
            KASANE_ASSIGN(count, SqlRow(result->rows.front()).Integer(0));
            out = *count;
            return {};
        });
    }

private:
    // $1 … $12 of the book's statements, as SqlConsultationRepository::Book has them (the period always; no offset).
    struct Params {
        Params(std::int64_t tenant, const domain::BookQuery& query) {
            if (query.categories) {
                categories = ",";
                for (CategoryId id : *query.categories) categories += std::to_string(id) + ",";
            }
            const std::int64_t scope_user =
                query.scope.kind == domain::BookScope::Kind::kEnteredBy ? query.scope.user_id : UserId{};
            const std::int64_t scope_organization = query.scope.kind == domain::BookScope::Kind::kOrganization
                                                        ? query.scope.organization_id
                                                        : OrganizationId{};
            empty_scope = scope_user == 0 && scope_organization == 0;
            from = FormatIso8601(query.from.value_or(Instant{}));
            to = FormatIso8601(query.to.value_or(Instant{std::chrono::sys_days{std::chrono::year{9999} / 1 / 1}}));
            values = {tenant,
                      scope_user,
                      scope_organization,
                      query.window.value_or(OrganizationId{}),
                      query.worker.value_or(UserId{}),
                      query.source ? domain::SourceCode(*query.source) : std::string_view(""),
                      domain::BookStatusCode(query.status),
                      std::string_view(categories),
                      std::int64_t{query.limit},
                      std::int64_t{0},
                      std::string_view(from),
                      std::string_view(to)};
        }
        Params(const Params&) = delete;
        Params& operator=(const Params&) = delete;
        std::string categories;
        std::string from;
        std::string to;
        bool empty_scope = false;
        std::vector<SqlParam> values;
    };
};

}  // namespace

std::unique_ptr<domain::BookPages> MakeBookPages(SqlExecutor& executor, MunicipalityId tenant) {
    return std::make_unique<SqlBookPages>(executor, tenant);
}

std::unique_ptr<domain::ConsultationRepository> MakeConsultationRepository(SqlExecutor& executor,
                                                                           MunicipalityId tenant) {
    return std::make_unique<SqlConsultationRepository>(executor, tenant);
}

}  // namespace kasane::storage
