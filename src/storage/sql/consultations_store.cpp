// SPDX-License-Identifier: Apache-2.0
// Consultations and their contacts (domain::ConsultationRepository).

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

#include "storage/sql/intake_support.hpp"

namespace kasane::storage {
namespace {

using domain::BookRow;

// ---------------------------------------------------------------------------------------------------------------
// Consultations and contacts

constexpr SqlStatement kInsertConsultation{
    "intake_insert_consultation",
    "INSERT INTO consultations (municipality_id, receiving_organization_id, received_by_user_id, person_id, "
    "household_id, chief_complaint, outcome, outcome_note, created_at, version) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1) RETURNING id"};
constexpr SqlStatement kSelectConsultation{
    "intake_select_consultation",
    "SELECT id, municipality_id, receiving_organization_id, received_by_user_id, person_id, household_id, "
    "chief_complaint, outcome, outcome_note, created_at, version FROM consultations "
    "WHERE id = $1 AND municipality_id = $2"};
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
    "summary, summary_tag, recorded_at, outcome, category_ids) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
    "$12, $13, $14, $15, $16, $17, $18) RETURNING id"};
constexpr SqlStatement kSelectContacts{
    "intake_select_contacts",
    "SELECT id, consultation_id, occurred_at, channel, source, caller_name, caller_relationship, caller_phone, "
    "caller_organization_id, organization_id, staff_user_id, summary, summary_tag, recorded_at FROM contacts "
    "WHERE consultation_id = $1 AND municipality_id = $2 ORDER BY occurred_at, id"};
constexpr SqlStatement kSetOutcome{"intake_set_outcome",
                                   "UPDATE consultations SET outcome = $3, outcome_note = $4, version = version + 1 "
                                   "WHERE id = $1 AND municipality_id = $2 AND version = $5"};
constexpr SqlStatement kSetContactsOutcome{
    "intake_set_contacts_outcome",
    "UPDATE contacts SET outcome = $3 WHERE consultation_id = $1 AND municipality_id = $2"};
constexpr SqlStatement kConsultationsOfPerson{
    "intake_consultations_of_person", "SELECT id FROM consultations WHERE municipality_id = $1 AND person_id = $2"};

// 相談受付簿 (domain::ConsultationRepository::Book). The caller's scope is part of the query ($2: only what this user
// received, a 民生委員; $3: what this organisation took part in or was given by an accepted referral — BookScopeOf),
// then the filter: $4 window, $5 worker, $6 source of the first contact, $7 status, $8 category ids (",1,5," any
// of them; "" none asked). A consultation's first contact (the one it was created with, the lowest id) gives its
// 受付日時 and 相談経路. The contact subqueries name no municipality, so that SQLite searches them by consultation.
#define KASANE_BOOK_SELECT(DATED_INNER, DATED_OUTER, LIMITS)                                                          \
    "SELECT b.id, b.person_id, p.family_name, p.given_name, p.family_name_kana, p.given_name_kana, f.occurred_at, "   \
    "f.channel, f.source, b.receiving_organization_id, b.received_by_user_id, b.outcome, b.chief_complaint, "         \
    "f.category_ids, (SELECT COUNT(*) FROM contacts n WHERE n.consultation_id = b.id) FROM ("                         \
    "SELECT c.id, c.municipality_id, c.person_id, c.receiving_organization_id, c.received_by_user_id, c.outcome, "    \
    "c.chief_complaint, (SELECT MIN(x.id) FROM contacts x WHERE x.consultation_id = c.id) AS first_contact_id "       \
    "FROM consultations c WHERE c.municipality_id = $1 AND ("                                                         \
    "(CAST($2 AS BIGINT) <> 0 AND c.received_by_user_id = $2) OR (CAST($3 AS BIGINT) <> 0 AND ("                      \
    "c.receiving_organization_id = $3 OR EXISTS (SELECT 1 FROM contacts y WHERE y.consultation_id = c.id AND "        \
    "y.organization_id = $3) OR c.id IN (SELECT r.consultation_id FROM referrals r WHERE r.municipality_id = $1 "     \
    "AND r.to_organization_id = $3 AND r.consultation_id IS NOT NULL AND r.status IN ('accepted', 'in_progress', "    \
    "'completed'))))) "                                                                                               \
    "AND (CAST($4 AS BIGINT) = 0 OR c.receiving_organization_id = $4) "                                               \
    "AND (CAST($5 AS BIGINT) = 0 OR c.received_by_user_id = $5) "                                                     \
    "AND (CAST($7 AS TEXT) = 'any' OR (CAST($7 AS TEXT) = 'open' AND c.outcome = 'open') OR "                         \
    "(CAST($7 AS TEXT) = 'done' AND c.outcome <> 'open')) "                                                           \
    "AND (CAST($8 AS TEXT) = '' OR EXISTS (SELECT 1 FROM consultation_categories cc WHERE cc.consultation_id = c.id " \
    "AND CAST($8 AS TEXT) LIKE ('%,' || CAST(cc.category_id AS TEXT) || ',%')))" DATED_INNER                          \
    ") b JOIN contacts f ON f.id = b.first_contact_id AND f.municipality_id = b.municipality_id "                     \
    "JOIN persons p ON p.id = b.person_id AND p.municipality_id = b.municipality_id "                                 \
    "WHERE (CAST($6 AS TEXT) = '' OR f.source = $6)" DATED_OUTER " ORDER BY f.occurred_at DESC, b.id DESC " LIMITS
// A date range first narrows the consultations to those with a contact in it (contacts_by_occurred_at).
constexpr SqlStatement kBook{"intake_book", KASANE_BOOK_SELECT("", "", "LIMIT $9 OFFSET $10")};
constexpr SqlStatement kBookDated{
    "intake_book_dated",
    KASANE_BOOK_SELECT(" AND c.id IN (SELECT d.consultation_id FROM contacts d WHERE d.municipality_id = $1 AND "
                       "d.occurred_at >= $11 AND d.occurred_at < $12)",
                       " AND f.occurred_at >= $11 AND f.occurred_at < $12", "LIMIT $9 OFFSET $10")};
#undef KASANE_BOOK_SELECT

Result<BookRow> BookRowFrom(const SqlRow& row) {
    auto id = row.Integer(0);
    auto person_id = row.Integer(1);
    auto family_name = row.Text(2);
    auto given_name = row.Text(3);
    auto family_kana = row.Text(4);
    auto given_kana = row.Text(5);
    auto received_at = row.Time(6);
    auto channel = domain::ParseChannel(row.Text(7).value_or(""));
    auto source = domain::ParseSource(row.Text(8).value_or(""));
    auto window = row.Integer(9);
    auto user_id = row.Integer(10);
    auto outcome = domain::ParseOutcome(row.Text(11).value_or(""));
    auto complaint = row.Text(12);
    auto category_ids = row.Text(13);
    auto contacts = row.Integer(14);
    if (!id || !person_id || !family_name || !given_name || !family_kana || !given_kana || !received_at || !channel ||
        !source || !window || !user_id || !outcome || !complaint || !category_ids || !contacts) {
        return Fail(Corrupt("consultation_book"));
    }
    BookRow out{.id = *id,
                .person_id = *person_id,
                .person_name = *family_name + (given_name->empty() ? "" : " " + *given_name),
                .person_name_kana = *family_kana + (given_kana->empty() ? "" : " " + *given_kana),
                .received_at = *received_at,
                .channel = *channel,
                .source = *source,
                .window = *window,
                .received_by_user_id = *user_id,
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
    return Contact{.id = *id,
                   .consultation_id = *consultation_id,
                   .occurred_at = *occurred_at,
                   .channel = *channel,
                   .source = *source,
                   .caller = domain::Caller{.name = std::move(*caller_name),
                                            .relationship = std::move(*caller_relationship),
                                            .phone = std::move(*caller_phone),
                                            .organization_id = row.OptionalInteger(8)},
                   .organization_id = *organization_id,
                   .staff_user_id = *staff_user_id,
                   .summary = std::move(*summary),
                   .summary_tag = *tag,
                   .recorded_at = *recorded_at};
}

Status ReadConsultation(SqlConnection& connection, MunicipalityId tenant, ConsultationId id, Consultation& out) {
    KASANE_ASSIGN(result, connection.Execute(kSelectConsultation, {id, tenant}));
    if (result->Empty()) return Fail(NotFoundField("相談が見つかりません", "consultation_id"));
    const SqlRow row(result->rows.front());
    auto consultation_id = row.Integer(0);
    auto municipality_id = row.Integer(1);
    auto organization_id = row.Integer(2);
    auto user_id = row.Integer(3);
    auto person_id = row.Integer(4);
    auto complaint = row.Text(6);
    auto outcome = domain::ParseOutcome(row.Text(7).value_or(""));
    auto note = row.Text(8);
    auto created_at = row.Time(9);
    auto version = row.Integer(10);
    if (!consultation_id || !municipality_id || !organization_id || !user_id || !person_id || !complaint || !outcome ||
        !note || !created_at || !version) {
        return Fail(Corrupt("consultation"));
    }
    out = Consultation{.id = *consultation_id,
                       .municipality_id = *municipality_id,
                       .receiving_organization_id = *organization_id,
                       .received_by_user_id = *user_id,
                       .person_id = *person_id,
                       .household_id = row.OptionalInteger(5),
                       .chief_complaint = std::move(*complaint),
                       .categories = {},
                       .outcome = *outcome,
                       .outcome_note = std::move(*note),
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
    return {};
}

// What a contact row copies from its consultation (see the contacts table in intake_schema.cpp).
struct ContactCopies {
    PersonId person_id = 0;
    std::optional<HouseholdId> household_id;
    std::string_view outcome;
    std::string category_ids;  // "12,15"
};

std::string CategoryIdsText(const std::vector<CategoryId>& ids) {
    std::string text;
    for (CategoryId id : ids) {
        if (!text.empty()) text += ',';
        text += std::to_string(id);
    }
    return text;
}

Status InsertContact(SqlConnection& connection, MunicipalityId tenant, ConsultationId consultation_id,
                     const ContactCopies& copies, const Contact& contact) {
    KASANE_TRY(Exists(connection, kOrganizationExists, contact.organization_id, tenant, "受付機関が見つかりません",
                      "organization_id"));
    KASANE_TRY(
        Exists(connection, kUserExists, contact.staff_user_id, tenant, "対応職員が見つかりません", "staff_user_id"));
    if (contact.caller.organization_id) {
        KASANE_TRY(Exists(connection, kOrganizationExists, *contact.caller.organization_id, tenant,
                          "相談者の機関が見つかりません", "caller.organization_id"));
    }
    const std::string occurred_at = FormatIso8601(contact.occurred_at);
    const std::string recorded_at = FormatIso8601(contact.recorded_at);
    KASANE_EXECUTE(connection, kInsertContact, tenant, consultation_id, copies.person_id, IdOrNull(copies.household_id),
                   std::string_view(occurred_at), domain::ChannelCode(contact.channel),
                   domain::SourceCode(contact.source), contact.caller.name, contact.caller.relationship,
                   contact.caller.phone, IdOrNull(contact.caller.organization_id), contact.organization_id,
                   contact.staff_user_id, contact.summary, domain::TextTagCode(contact.summary_tag),
                   std::string_view(recorded_at), copies.outcome, std::string_view(copies.category_ids));
    return {};
}

class SqlConsultationRepository final : public domain::ConsultationRepository, TenantRepository {
public:
    using TenantRepository::TenantRepository;

    Result<Consultation> Create(const Consultation& consultation) override {
        if (consultation.contacts.empty()) {
            return Fail(Error::InvalidArgument("相談には少なくとも1件の対応記録が必要です", "contacts"));
        }
        const std::string created_at = FormatIso8601(consultation.created_at);
        ConsultationId id = 0;
        const Status status = executor_.Write([&](SqlConnection& connection) -> Status {
            KASANE_TRY(Exists(connection, kPersonExists, consultation.person_id, tenant_, "本人の記録が見つかりません",
                              "person_id"));
            if (consultation.household_id) {
                KASANE_TRY(Exists(connection, kHouseholdExists, *consultation.household_id, tenant_,
                                  "世帯が見つかりません", "household_id"));
            }
            KASANE_TRY(Exists(connection, kOrganizationExists, consultation.receiving_organization_id, tenant_,
                              "受付機関が見つかりません", "receiving_organization_id"));
            KASANE_TRY(Exists(connection, kUserExists, consultation.received_by_user_id, tenant_,
                              "受付職員が見つかりません", "received_by_user_id"));
            KASANE_ASSIGN(
                inserted,
                connection.Execute(kInsertConsultation,
                                   {tenant_, consultation.receiving_organization_id, consultation.received_by_user_id,
                                    consultation.person_id, IdOrNull(consultation.household_id),
                                    consultation.chief_complaint, domain::OutcomeCode(consultation.outcome),
                                    consultation.outcome_note, std::string_view(created_at)}));
            id = IdOf(inserted);
            for (const domain::CategoryChoice& choice : consultation.categories) {
                KASANE_TRY(Exists(connection, kCategoryExists, choice.category_id, tenant_,
                                  "相談の分類が見つかりません", "category_id"));
                auto added = connection.Execute(kInsertConsultationCategory,
                                                {id, tenant_, choice.category_id, choice.most_pressing});
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
                                       .outcome = domain::OutcomeCode(consultation.outcome),
                                       .category_ids = CategoryIdsText(category_ids)};
            for (const Contact& contact : consultation.contacts) {
                KASANE_TRY(InsertContact(connection, tenant_, id, copies, contact));
            }
            return {};
        });
        if (!status) return Fail(status.error());
        return Get(id);
    }

    Result<Consultation> Get(ConsultationId id) override {
        return ReadInto<Consultation>([&](SqlConnection& connection, Consultation& out) {
            return ReadConsultation(connection, tenant_, id, out);
        });
    }

    Result<Consultation> AddContact(ConsultationId id, const Contact& contact) override {
        const Status status = executor_.Write([&](SqlConnection& connection) -> Status {
            KASANE_ASSIGN(found, connection.Execute(kSelectConsultation, {id, tenant_}));
            if (found->Empty()) return Fail(NotFoundField("相談が見つかりません", "consultation_id"));
            const SqlRow row(found->rows.front());
            KASANE_ASSIGN(person_id, row.Integer(4));
            KASANE_ASSIGN(outcome, row.Text(7));
            auto parsed_outcome = domain::ParseOutcome(*outcome);
            if (!parsed_outcome) return Fail(Corrupt("consultation.outcome"));
            KASANE_ASSIGN(categories, connection.Execute(kSelectConsultationCategories, {id, tenant_}));
            std::vector<CategoryId> category_ids;
            for (const auto& values : categories->rows) category_ids.push_back(SqlRow(values).Integer(0).value_or(0));
            const ContactCopies copies{.person_id = *person_id,
                                       .household_id = row.OptionalInteger(5),
                                       .outcome = domain::OutcomeCode(*parsed_outcome),
                                       .category_ids = CategoryIdsText(category_ids)};
            return InsertContact(connection, tenant_, id, copies, contact);
        });
        if (!status) return Fail(status.error());
        return Get(id);
    }

    Result<Consultation> SetOutcome(ConsultationId id, int expected_version, domain::Outcome outcome,
                                    std::string_view note) override {
        const Status status = executor_.Write([&](SqlConnection& connection) -> Status {
            KASANE_ASSIGN(updated, connection.Execute(kSetOutcome, {id, tenant_, domain::OutcomeCode(outcome), note,
                                                                    std::int64_t{expected_version}}));
            if (updated->affected_rows == 0) {
                KASANE_TRY(
                    Exists(connection, kConsultationExists, id, tenant_, "相談が見つかりません", "consultation_id"));
                return Fail(VersionConflict());
            }
            KASANE_EXECUTE(connection, kSetContactsOutcome, id, tenant_, domain::OutcomeCode(outcome));
            return {};
        });
        if (!status) return Fail(status.error());
        return Get(id);
    }

    Result<std::vector<Consultation>> OfPersons(const std::vector<PersonId>& person_ids) override {
        using List = std::vector<Consultation>;
        return ReadInto<List>([&](SqlConnection& connection, List& out) {
            return ReadEachFound(connection, tenant_, kConsultationsOfPerson, person_ids, ReadConsultation,
                                 NewestCreatedFirst<Consultation>, out);
        });
    }
    Result<std::vector<BookRow>> Book(const domain::BookQuery& query) override {
        using Rows = std::vector<BookRow>;
        std::string categories;
        if (query.categories) {
            categories = ",";
            for (CategoryId id : *query.categories) categories += std::to_string(id) + ",";
        }
        const std::int64_t scope_user =
            query.scope.kind == domain::BookScope::Kind::kEnteredBy ? query.scope.user_id : 0;
        const std::int64_t scope_organization =
            query.scope.kind == domain::BookScope::Kind::kOrganization ? query.scope.organization_id : 0;
        if (scope_user == 0 && scope_organization == 0) return Rows{};
        const std::string from = FormatIso8601(query.from.value_or(Instant{}));
        const std::string to =
            FormatIso8601(query.to.value_or(Instant{std::chrono::sys_days{std::chrono::year{9999} / 1 / 1}}));
        const bool dated = query.from.has_value() || query.to.has_value();
        std::vector<SqlParam> params{tenant_,
                                     scope_user,
                                     scope_organization,
                                     query.window.value_or(0),
                                     query.worker.value_or(0),
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

}  // namespace

std::unique_ptr<domain::ConsultationRepository> MakeConsultationRepository(SqlExecutor& executor,
                                                                           MunicipalityId tenant) {
    return std::make_unique<SqlConsultationRepository>(executor, tenant);
}

}  // namespace kasane::storage
