#include "storage/sql/sharing_store.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>

#include "base/log.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {
namespace {

using namespace sql_support;  // NOLINT(google-build-using-namespace): this file's own helpers

using domain::AgendaItem;
using domain::Attendee;
using domain::BodyMember;
using domain::Consent;
using domain::ConsentId;
using domain::Date;
using domain::Decision;
using domain::EmergencyAccess;
using domain::EmergencyAccessId;
using domain::LegalBasis;
using domain::Meeting;
using domain::MeetingBody;
using domain::MeetingBodyId;
using domain::MeetingId;
using domain::NamedMember;
using domain::PersonId;

constexpr std::array kLegalBases{
    LegalBasis::kArticle106_6,      LegalBasis::kMultilayerMeeting, LegalBasis::kIsolationCouncil,
    LegalBasis::kPovertySupport,    LegalBasis::kChildProtection,   LegalBasis::kCommunityCareMeeting,
    LegalBasis::kDisabilityCouncil, LegalBasis::kPublicAssistance,  LegalBasis::kOther};
constexpr std::array kConsentMethods{domain::ConsentMethod::kWritten, domain::ConsentMethod::kOral};

Result<std::int64_t> IdOf(const SqlResult& result) {
    if (result.Empty()) return Fail(Corrupt("RETURNING id"));
    return SqlRow(result.rows.front()).Integer(0);
}

bool SortedHasDuplicates(std::vector<std::int64_t> values) {
    std::sort(values.begin(), values.end());
    return std::adjacent_find(values.begin(), values.end()) != values.end();
}

// ---------------------------------------------------------------------------------------------------------------
// Reference checks: a row of another municipality is reported with the field the caller gave it in (the composite
// foreign keys would refuse it too, but cannot say which one).

constexpr SqlStatement kPersonExists{"sharing_person_exists",
                                     "SELECT 1 FROM persons WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kHouseholdExists{"sharing_household_exists",
                                        "SELECT 1 FROM households WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kOrganizationExists{"sharing_organization_exists",
                                           "SELECT 1 FROM organizations WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kUserExists{"sharing_user_exists", "SELECT 1 FROM users WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kBodyExists{"sharing_body_exists",
                                   "SELECT 1 FROM meeting_bodies WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kMeetingExists{"sharing_meeting_exists",
                                      "SELECT 1 FROM meetings WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kCaseExists{"sharing_case_exists", "SELECT 1 FROM cases WHERE id = $1 AND municipality_id = $2"};

// ---------------------------------------------------------------------------------------------------------------
// Consents

#define KASANE_CONSENT_COLUMNS                                                                              \
    "id, municipality_id, person_id, by_proxy, proxy_name, proxy_relationship, purpose, given_on, method, " \
    "witness, explanation_version, expires_on, withdrawn_at, recorded_by, recorded_at"

constexpr SqlStatement kInsertConsent{
    "sharing_insert_consent",
    "INSERT INTO consents (municipality_id, person_id, by_proxy, proxy_name, proxy_relationship, purpose, given_on, "
    "method, witness, explanation_version, expires_on, withdrawn_at, recorded_by, recorded_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id"};
constexpr SqlStatement kInsertConsentOrganization{
    "sharing_insert_consent_organization",
    "INSERT INTO consent_organizations (consent_id, municipality_id, organization_id) VALUES ($1, $2, $3) "
    "ON CONFLICT DO NOTHING"};
constexpr SqlStatement kInsertConsentBody{
    "sharing_insert_consent_body",
    "INSERT INTO consent_bodies (consent_id, municipality_id, body_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING"};
constexpr SqlStatement kSelectConsent{
    "sharing_select_consent", "SELECT " KASANE_CONSENT_COLUMNS " FROM consents WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kSelectConsentOrganizations{
    "sharing_select_consent_organizations",
    "SELECT consent_id, organization_id FROM consent_organizations WHERE consent_id = $1 AND municipality_id = $2 "
    "ORDER BY organization_id"};
constexpr SqlStatement kSelectConsentBodies{
    "sharing_select_consent_bodies",
    "SELECT consent_id, body_id FROM consent_bodies WHERE consent_id = $1 AND municipality_id = $2 ORDER BY body_id"};
constexpr SqlStatement kSelectConsentsOfPerson{"sharing_select_consents_of_person",
                                               "SELECT " KASANE_CONSENT_COLUMNS
                                               " FROM consents WHERE municipality_id = $1 AND person_id = $2"};
// The children of all of a person's consents in one range read each (consents_by_person, then the primary key).
constexpr SqlStatement kSelectConsentOrganizationsOfPerson{
    "sharing_select_consent_organizations_of_person",
    "SELECT o.consent_id, o.organization_id FROM consents c JOIN consent_organizations o "
    "ON o.consent_id = c.id AND o.municipality_id = c.municipality_id "
    "WHERE c.municipality_id = $1 AND c.person_id = $2 ORDER BY o.consent_id, o.organization_id"};
constexpr SqlStatement kSelectConsentBodiesOfPerson{
    "sharing_select_consent_bodies_of_person",
    "SELECT b.consent_id, b.body_id FROM consents c JOIN consent_bodies b "
    "ON b.consent_id = c.id AND b.municipality_id = c.municipality_id "
    "WHERE c.municipality_id = $1 AND c.person_id = $2 ORDER BY b.consent_id, b.body_id"};
// The consents of many persons ($2, an id set) with their organisations and bodies, for the access facts.
constexpr IdSetStatement kSelectConsentsOfMany KASANE_ID_SET_STATEMENT(
    "sharing_select_consents_of_many",
    "SELECT " KASANE_CONSENT_COLUMNS " FROM consents WHERE municipality_id = $1 AND person_id IN (", ")");
constexpr IdSetStatement kSelectConsentOrganizationsOfMany
    KASANE_ID_SET_STATEMENT("sharing_select_consent_organizations_of_many",
                            "SELECT o.consent_id, o.organization_id FROM consents c JOIN consent_organizations o "
                            "ON o.consent_id = c.id AND o.municipality_id = c.municipality_id "
                            "WHERE c.municipality_id = $1 AND c.person_id IN (",
                            ") ORDER BY o.consent_id, o.organization_id");
constexpr IdSetStatement kSelectConsentBodiesOfMany
    KASANE_ID_SET_STATEMENT("sharing_select_consent_bodies_of_many",
                            "SELECT b.consent_id, b.body_id FROM consents c JOIN consent_bodies b "
                            "ON b.consent_id = c.id AND b.municipality_id = c.municipality_id "
                            "WHERE c.municipality_id = $1 AND c.person_id IN (",
                            ") ORDER BY b.consent_id, b.body_id");
constexpr SqlStatement kWithdrawConsent{
    "sharing_withdraw_consent",
    "UPDATE consents SET withdrawn_at = $3 WHERE id = $1 AND municipality_id = $2 AND withdrawn_at IS NULL"};

Result<Consent> ConsentFromRow(const SqlRow& row) {
    Consent consent;
    auto id = row.Integer(0);
    auto municipality_id = row.Integer(1);
    auto person_id = row.Integer(2);
    auto by_proxy = row.Boolean(3);
    auto proxy_name = row.Text(4);
    auto proxy_relationship = row.Text(5);
    auto purpose = row.Text(6);
    auto given_on = RequiredDate(row, 7);
    auto method = domain::ParseConsentMethod(row.Text(8).value_or(""));
    auto witness = row.Text(9);
    auto explanation_version = row.Text(10);
    auto expires_on = OptionalDate(row, 11);
    auto withdrawn_at = row.OptionalTime(12);
    auto recorded_by = row.Integer(13);
    auto recorded_at = row.Time(14);
    if (!id || !municipality_id || !person_id || !by_proxy || !proxy_name || !proxy_relationship || !purpose ||
        !given_on || !method || !witness || !explanation_version || !expires_on || !withdrawn_at || !recorded_by ||
        !recorded_at) {
        return Fail(Corrupt("consent"));
    }
    consent.id = *id;
    consent.municipality_id = *municipality_id;
    consent.person_id = *person_id;
    consent.by_proxy = *by_proxy;
    consent.proxy_name = std::move(*proxy_name);
    consent.proxy_relationship = std::move(*proxy_relationship);
    consent.purpose = std::move(*purpose);
    consent.given_on = *given_on;
    consent.method = *method;
    consent.witness = std::move(*witness);
    consent.explanation_version = std::move(*explanation_version);
    consent.expires_on = *expires_on;
    consent.withdrawn_at = *withdrawn_at;
    consent.recorded_by = *recorded_by;
    consent.recorded_at = *recorded_at;
    return consent;
}

// Appends the second column of (consent_id, x) rows to the consent it names.
Status DistributeChildren(const SqlResult& rows, std::vector<Consent>& consents,
                          std::vector<std::int64_t> Consent::*member) {
    for (const auto& values : rows.rows) {
        const SqlRow row(values);
        KASANE_ASSIGN(consent_id, row.Integer(0));
        KASANE_ASSIGN(child, row.Integer(1));
        auto found = std::find_if(consents.begin(), consents.end(),
                                  [&](const Consent& consent) { return consent.id == *consent_id; });
        if (found != consents.end()) ((*found).*member).push_back(*child);
    }
    return {};
}

Status ReadConsent(SqlConnection& connection, MunicipalityId tenant, ConsentId id, Consent& out) {
    KASANE_ASSIGN(result, connection.Execute(kSelectConsent, {id, tenant}));
    if (result->Empty()) return Fail(NotFoundField("同意の記録が見つかりません", "consent_id"));
    KASANE_ASSIGN(consent, ConsentFromRow(SqlRow(result->rows.front())));
    std::vector<Consent> one{std::move(*consent)};
    KASANE_ASSIGN(organizations, connection.Execute(kSelectConsentOrganizations, {id, tenant}));
    KASANE_TRY(DistributeChildren(*organizations, one, &Consent::organizations));
    KASANE_ASSIGN(bodies, connection.Execute(kSelectConsentBodies, {id, tenant}));
    KASANE_TRY(DistributeChildren(*bodies, one, &Consent::bodies));
    out = std::move(one.front());
    return {};
}

// The consents of one person with their organisations and bodies: three indexed reads.
Status ReadConsentsOfPerson(SqlConnection& connection, MunicipalityId tenant, PersonId person_id,
                            std::vector<Consent>& out) {
    KASANE_ASSIGN(result, connection.Execute(kSelectConsentsOfPerson, {tenant, person_id}));
    std::vector<Consent> consents;
    for (const auto& values : result->rows) {
        KASANE_ASSIGN(consent, ConsentFromRow(SqlRow(values)));
        consents.push_back(std::move(*consent));
    }
    if (consents.empty()) return {};
    KASANE_ASSIGN(organizations, connection.Execute(kSelectConsentOrganizationsOfPerson, {tenant, person_id}));
    KASANE_TRY(DistributeChildren(*organizations, consents, &Consent::organizations));
    KASANE_ASSIGN(bodies, connection.Execute(kSelectConsentBodiesOfPerson, {tenant, person_id}));
    KASANE_TRY(DistributeChildren(*bodies, consents, &Consent::bodies));
    for (Consent& consent : consents) out.push_back(std::move(consent));
    return {};
}

// Newest first: by the day it was given, then by id (the later record first).
void SortConsentsNewestFirst(std::vector<Consent>& consents) {
    std::sort(consents.begin(), consents.end(), [](const Consent& a, const Consent& b) {
        if (a.given_on != b.given_on) return a.given_on > b.given_on;
        return a.id > b.id;
    });
}

class SqlConsentRepository final : public domain::ConsentRepository, TenantRepository {
public:
    using TenantRepository::TenantRepository;

    Result<Consent> Create(const Consent& consent) override {
        if (consent.expires_on && *consent.expires_on < consent.given_on) {
            return Fail(Error::InvalidArgument("有効期限が同意日より前です", "expires_on"));
        }
        const std::string given_on = DateText(consent.given_on);
        const auto expires_on = OptionalDateText(consent.expires_on);
        const auto withdrawn_at = OptionalTimeText(consent.withdrawn_at);
        const std::string recorded_at = FormatIso8601(consent.recorded_at);
        return WriteInto<Consent>([&](SqlConnection& connection, Consent& out) -> Status {
            KASANE_TRY(Exists(connection, kPersonExists, consent.person_id, tenant_, "本人の記録が見つかりません",
                              "person_id"));
            KASANE_TRY(
                Exists(connection, kUserExists, consent.recorded_by, tenant_, "記録者が見つかりません", "recorded_by"));
            for (OrganizationId organization_id : consent.organizations) {
                KASANE_TRY(Exists(connection, kOrganizationExists, organization_id, tenant_,
                                  "同意の対象機関が見つかりません", "organizations"));
            }
            for (MeetingBodyId body_id : consent.bodies) {
                KASANE_TRY(
                    Exists(connection, kBodyExists, body_id, tenant_, "同意の対象会議体が見つかりません", "bodies"));
            }
            KASANE_ASSIGN(
                inserted,
                connection.Execute(kInsertConsent, {tenant_, consent.person_id, consent.by_proxy, consent.proxy_name,
                                                    consent.proxy_relationship, consent.purpose, given_on,
                                                    domain::ConsentMethodCode(consent.method), consent.witness,
                                                    consent.explanation_version, TextOrNull(expires_on),
                                                    TextOrNull(withdrawn_at), consent.recorded_by, recorded_at}));
            KASANE_ASSIGN(id, IdOf(*inserted));
            for (OrganizationId organization_id : consent.organizations) {
                KASANE_EXECUTE(connection, kInsertConsentOrganization, *id, tenant_, organization_id);
            }
            for (MeetingBodyId body_id : consent.bodies) {
                KASANE_EXECUTE(connection, kInsertConsentBody, *id, tenant_, body_id);
            }
            return ReadConsent(connection, tenant_, *id, out);
        });
    }

    Result<Consent> Get(ConsentId id) override {
        return ReadInto<Consent>(
            [&](SqlConnection& connection, Consent& out) { return ReadConsent(connection, tenant_, id, out); });
    }

    Result<std::vector<Consent>> OfPersons(const std::vector<PersonId>& person_ids) override {
        using List = std::vector<Consent>;
        std::vector<PersonId> ids = person_ids;
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
        return ReadInto<List>([&](SqlConnection& connection, List& out) -> Status {
            for (PersonId person_id : ids) KASANE_TRY(ReadConsentsOfPerson(connection, tenant_, person_id, out));
            SortConsentsNewestFirst(out);
            return {};
        });
    }

    Result<Consent> Withdraw(ConsentId id, Instant at) override {
        const std::string at_text = FormatIso8601(at);
        return WriteInto<Consent>([&](SqlConnection& connection, Consent& out) -> Status {
            KASANE_ASSIGN(updated, connection.Execute(kWithdrawConsent, {id, tenant_, at_text}));
            KASANE_TRY(ReadConsent(connection, tenant_, id, out));
            if (updated->affected_rows == 0) {
                return Fail(Error::Conflict("この同意は既に撤回されています", "withdrawn_at"));
            }
            return {};
        });
    }
};

// ---------------------------------------------------------------------------------------------------------------
// Meeting bodies

#define KASANE_BODY_COLUMNS                                                                  \
    "id, municipality_id, legal_basis, display_name, shares_without_consent, sharing_days, " \
    "coordinating_organization_id, created_at, version"

constexpr SqlStatement kInsertBody{
    "sharing_insert_body",
    "INSERT INTO meeting_bodies (municipality_id, legal_basis, display_name, shares_without_consent, sharing_days, "
    "coordinating_organization_id, created_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, 1) RETURNING id"};
constexpr SqlStatement kSelectBody{
    "sharing_select_body", "SELECT " KASANE_BODY_COLUMNS " FROM meeting_bodies WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kListBodies{
    "sharing_list_bodies", "SELECT " KASANE_BODY_COLUMNS " FROM meeting_bodies WHERE municipality_id = $1 ORDER BY id"};
constexpr SqlStatement kUpdateBody{
    "sharing_update_body",
    "UPDATE meeting_bodies SET display_name = $3, shares_without_consent = $4, sharing_days = $5, "
    "coordinating_organization_id = $6, version = version + 1 WHERE id = $1 AND municipality_id = $2 AND version = $7"};
constexpr SqlStatement kSelectBodyMembers{"sharing_select_body_members",
                                          "SELECT organization_id, pledge_signed_on, left_on FROM meeting_body_members "
                                          "WHERE body_id = $1 AND municipality_id = $2 ORDER BY organization_id"};
constexpr SqlStatement kDeleteBodyMembers{
    "sharing_delete_body_members", "DELETE FROM meeting_body_members WHERE body_id = $1 AND municipality_id = $2"};
constexpr SqlStatement kInsertBodyMember{
    "sharing_insert_body_member",
    "INSERT INTO meeting_body_members (body_id, municipality_id, organization_id, pledge_signed_on, left_on) "
    "VALUES ($1, $2, $3, $4, $5)"};

constexpr SqlStatement kSelectNamedMembers{
    "sharing_select_named_members",
    "SELECT user_id, organization_id, pledge_signed_on, left_on FROM meeting_body_named_members "
    "WHERE body_id = $1 AND municipality_id = $2 ORDER BY user_id"};
constexpr SqlStatement kDeleteNamedMembers{
    "sharing_delete_named_members",
    "DELETE FROM meeting_body_named_members WHERE body_id = $1 AND municipality_id = $2"};
constexpr SqlStatement kInsertNamedMember{
    "sharing_insert_named_member",
    "INSERT INTO meeting_body_named_members (body_id, municipality_id, user_id, organization_id, pledge_signed_on, "
    "left_on) VALUES ($1, $2, $3, $4, $5, $6)"};

Result<NamedMember> NamedMemberFromRow(const SqlRow& row, std::size_t first) {
    auto user_id = row.Integer(first);
    auto organization_id = row.Integer(first + 1);
    auto pledge = RequiredDate(row, first + 2);
    auto left = OptionalDate(row, first + 3);
    if (!user_id || !organization_id || !pledge || !left) return Fail(Corrupt("meeting_body_named_member"));
    return NamedMember{
        .user_id = *user_id, .organization_id = *organization_id, .pledge_signed_on = *pledge, .left_on = *left};
}

Result<BodyMember> MemberFromRow(const SqlRow& row, std::size_t first) {
    auto organization_id = row.Integer(first);
    auto pledge = OptionalDate(row, first + 1);
    auto left = OptionalDate(row, first + 2);
    if (!organization_id || !pledge || !left) return Fail(Corrupt("meeting_body_member"));
    return BodyMember{.organization_id = *organization_id, .pledge_signed_on = *pledge, .left_on = *left};
}

Result<MeetingBody> BodyFromRow(const SqlRow& row) {
    auto id = row.Integer(0);
    auto municipality_id = row.Integer(1);
    auto legal_basis = domain::ParseLegalBasis(row.Text(2).value_or(""));
    auto display_name = row.Text(3);
    auto shares = row.Boolean(4);
    auto sharing_days = row.Integer(5);
    auto created_at = row.Time(7);
    auto version = row.Integer(8);
    if (!id || !municipality_id || !legal_basis || !display_name || !shares || !sharing_days || !created_at ||
        !version) {
        return Fail(Corrupt("meeting_body"));
    }
    MeetingBody body;
    body.id = *id;
    body.municipality_id = *municipality_id;
    body.legal_basis = *legal_basis;
    body.display_name = std::move(*display_name);
    body.shares_without_consent = *shares;
    body.sharing_days = static_cast<int>(*sharing_days);
    body.coordinating_organization_id = row.OptionalInteger(6);
    body.created_at = *created_at;
    body.version = static_cast<int>(*version);
    return body;
}

Status ReadBodyMembers(SqlConnection& connection, MunicipalityId tenant, MeetingBody& body) {
    KASANE_ASSIGN(members, connection.Execute(kSelectBodyMembers, {body.id, tenant}));
    for (const auto& values : members->rows) {
        KASANE_ASSIGN(member, MemberFromRow(SqlRow(values), 0));
        body.members.push_back(*member);
    }
    KASANE_ASSIGN(named, connection.Execute(kSelectNamedMembers, {body.id, tenant}));
    for (const auto& values : named->rows) {
        KASANE_ASSIGN(member, NamedMemberFromRow(SqlRow(values), 0));
        body.named_members.push_back(*member);
    }
    return {};
}

Status ReadBody(SqlConnection& connection, MunicipalityId tenant, MeetingBodyId id, MeetingBody& out) {
    KASANE_TRY(ReadOneRow(connection, kSelectBody, id, tenant, BodyFromRow, "会議体が見つかりません", "body_id", out));
    KASANE_TRY(ReadBodyMembers(connection, tenant, out));
    return {};
}

// What CreateBody and UpdateBody both refuse before writing.
Status CheckBody(const MeetingBody& body) {
    if (body.sharing_days < 0) {
        return Fail(Error::InvalidArgument("共有期間（日数）は0以上で指定してください", "sharing_days"));
    }
    std::vector<std::int64_t> organizations;
    for (const BodyMember& member : body.members) organizations.push_back(member.organization_id);
    if (SortedHasDuplicates(std::move(organizations))) {
        return Fail(Error::InvalidArgument("同じ機関が構成機関に重複しています", "members"));
    }
    std::vector<std::int64_t> users;
    for (const NamedMember& member : body.named_members) users.push_back(member.user_id);
    if (SortedHasDuplicates(std::move(users))) {
        return Fail(Error::InvalidArgument("同じ職員が誓約者に重複しています", "named_members"));
    }
    return {};
}

Status CheckBodyReferences(SqlConnection& connection, MunicipalityId tenant, const MeetingBody& body) {
    if (body.coordinating_organization_id) {
        KASANE_TRY(Exists(connection, kOrganizationExists, *body.coordinating_organization_id, tenant,
                          "調整機関が見つかりません", "coordinating_organization_id"));
    }
    for (const BodyMember& member : body.members) {
        KASANE_TRY(Exists(connection, kOrganizationExists, member.organization_id, tenant, "構成機関が見つかりません",
                          "members"));
    }
    for (const NamedMember& member : body.named_members) {
        KASANE_TRY(
            Exists(connection, kUserExists, member.user_id, tenant, "誓約した職員が見つかりません", "named_members"));
    }
    return {};
}

Status InsertBodyMembers(SqlConnection& connection, MunicipalityId tenant, MeetingBodyId id,
                         const std::vector<BodyMember>& members, const std::vector<NamedMember>& named_members) {
    for (const BodyMember& member : members) {
        const auto pledge = OptionalDateText(member.pledge_signed_on);
        const auto left = OptionalDateText(member.left_on);
        KASANE_EXECUTE(connection, kInsertBodyMember, id, tenant, member.organization_id, TextOrNull(pledge),
                       TextOrNull(left));
    }
    for (const NamedMember& member : named_members) {
        const std::string pledge = DateText(member.pledge_signed_on);
        const auto left = OptionalDateText(member.left_on);
        KASANE_EXECUTE(connection, kInsertNamedMember, id, tenant, member.user_id, member.organization_id,
                       std::string_view(pledge), TextOrNull(left));
    }
    return {};
}

// ---------------------------------------------------------------------------------------------------------------
// Meetings

#define KASANE_MEETING_COLUMNS \
    "id, municipality_id, body_id, held_on, convenor_user_id, minutes, created_at, version, joint_body_id"

constexpr SqlStatement kInsertMeeting{
    "sharing_insert_meeting",
    "INSERT INTO meetings (municipality_id, body_id, held_on, convenor_user_id, minutes, created_at, version, "
    "joint_body_id) VALUES ($1, $2, $3, $4, $5, $6, 1, $7) RETURNING id"};
constexpr SqlStatement kSelectMeeting{
    "sharing_select_meeting", "SELECT " KASANE_MEETING_COLUMNS " FROM meetings WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kListMeetings{"sharing_list_meetings",
                                     "SELECT " KASANE_MEETING_COLUMNS
                                     " FROM meetings WHERE municipality_id = $1 ORDER BY held_on DESC, id DESC"};
constexpr SqlStatement kListMeetingsOfBody{
    "sharing_list_meetings_of_body",
    "SELECT " KASANE_MEETING_COLUMNS
    " FROM meetings WHERE municipality_id = $1 AND body_id = $2 ORDER BY held_on DESC, id DESC"};
constexpr SqlStatement kSelectMeetingsOfPerson{
    "sharing_select_meetings_of_person",
    "SELECT DISTINCT m.id, m.municipality_id, m.body_id, m.held_on, m.convenor_user_id, m.minutes, m.created_at, "
    "m.version, m.joint_body_id FROM meeting_agenda_items a JOIN meetings m ON m.id = a.meeting_id AND m.municipality_id = "
    "a.municipality_id WHERE a.municipality_id = $1 AND a.person_id = $2"};
constexpr SqlStatement kUpdateMeeting{
    "sharing_update_meeting",
    "UPDATE meetings SET minutes = $3, version = version + 1 WHERE id = $1 AND municipality_id = $2 AND version = $4"};
constexpr SqlStatement kSelectAttendees{
    "sharing_select_attendees",
    "SELECT user_id, name, organization_id FROM meeting_attendees WHERE meeting_id = $1 AND municipality_id = $2 "
    "ORDER BY id"};
constexpr SqlStatement kSelectAgenda{
    "sharing_select_agenda",
    "SELECT id, person_id, household_id, shared_summary, case_id FROM meeting_agenda_items "
    "WHERE meeting_id = $1 AND municipality_id = $2 ORDER BY id"};
constexpr SqlStatement kSelectDecisions{
    "sharing_select_decisions",
    "SELECT kind, text, case_id FROM meeting_decisions WHERE meeting_id = $1 AND municipality_id = $2 "
    "ORDER BY position"};
constexpr SqlStatement kDeleteAttendees{"sharing_delete_attendees",
                                        "DELETE FROM meeting_attendees WHERE meeting_id = $1 AND municipality_id = $2"};
constexpr SqlStatement kDeleteAgenda{"sharing_delete_agenda",
                                     "DELETE FROM meeting_agenda_items WHERE meeting_id = $1 AND municipality_id = $2"};
constexpr SqlStatement kDeleteDecisions{"sharing_delete_decisions",
                                        "DELETE FROM meeting_decisions WHERE meeting_id = $1 AND municipality_id = $2"};
constexpr SqlStatement kInsertAttendee{
    "sharing_insert_attendee",
    "INSERT INTO meeting_attendees (meeting_id, municipality_id, user_id, name, organization_id) "
    "VALUES ($1, $2, $3, $4, $5)"};
constexpr SqlStatement kInsertAgendaItem{
    "sharing_insert_agenda_item",
    "INSERT INTO meeting_agenda_items (meeting_id, municipality_id, person_id, household_id, shared_summary, "
    "case_id) VALUES ($1, $2, $3, $4, $5, $6)"};
constexpr SqlStatement kInsertDecision{
    "sharing_insert_decision",
    "INSERT INTO meeting_decisions (meeting_id, municipality_id, position, kind, text, case_id) "
    "VALUES ($1, $2, $3, $4, $5, $6)"};

Result<Meeting> MeetingFromRow(const SqlRow& row) {
    auto id = row.Integer(0);
    auto municipality_id = row.Integer(1);
    auto body_id = row.Integer(2);
    auto held_on = RequiredDate(row, 3);
    auto convenor = row.Integer(4);
    auto minutes = row.Text(5);
    auto created_at = row.Time(6);
    auto version = row.Integer(7);
    if (!id || !municipality_id || !body_id || !held_on || !convenor || !minutes || !created_at || !version) {
        return Fail(Corrupt("meeting"));
    }
    Meeting meeting;
    meeting.id = *id;
    meeting.municipality_id = *municipality_id;
    meeting.body_id = *body_id;
    meeting.held_on = *held_on;
    meeting.convenor_user_id = *convenor;
    meeting.minutes = std::move(*minutes);
    meeting.created_at = *created_at;
    meeting.version = static_cast<int>(*version);
    meeting.joint_body_id = row.OptionalInteger(8);
    return meeting;
}

Status ReadMeetingChildren(SqlConnection& connection, MunicipalityId tenant, Meeting& meeting) {
    KASANE_ASSIGN(attendees, connection.Execute(kSelectAttendees, {meeting.id, tenant}));
    for (const auto& values : attendees->rows) {
        const SqlRow row(values);
        auto name = row.Text(1);
        auto organization_id = row.Integer(2);
        if (!name || !organization_id) return Fail(Corrupt("meeting_attendee"));
        meeting.attendees.push_back(
            Attendee{.user_id = row.OptionalInteger(0), .name = std::move(*name), .organization_id = *organization_id});
    }
    KASANE_ASSIGN(agenda, connection.Execute(kSelectAgenda, {meeting.id, tenant}));
    for (const auto& values : agenda->rows) {
        const SqlRow row(values);
        auto id = row.Integer(0);
        auto person_id = row.Integer(1);
        auto summary = row.Text(3);
        if (!id || !person_id || !summary) return Fail(Corrupt("meeting_agenda_item"));
        meeting.agenda.push_back(AgendaItem{.id = *id,
                                            .person_id = *person_id,
                                            .household_id = row.OptionalInteger(2),
                                            .shared_summary = std::move(*summary),
                                            .case_id = row.OptionalInteger(4)});
    }
    KASANE_ASSIGN(decisions, connection.Execute(kSelectDecisions, {meeting.id, tenant}));
    for (const auto& values : decisions->rows) {
        const SqlRow row(values);
        auto kind = row.Text(0);
        auto text = row.Text(1);
        if (!kind || !text) return Fail(Corrupt("meeting_decision"));
        meeting.decisions.push_back(
            Decision{.kind = std::move(*kind), .text = std::move(*text), .case_id = row.OptionalInteger(2)});
    }
    return {};
}

Status ReadMeeting(SqlConnection& connection, MunicipalityId tenant, MeetingId id, Meeting& out) {
    KASANE_TRY(ReadOneRow(connection, kSelectMeeting, id, tenant, MeetingFromRow, "会議の記録が見つかりません",
                          "meeting_id", out));
    KASANE_TRY(ReadMeetingChildren(connection, tenant, out));
    return {};
}

Status AppendMeetings(SqlConnection& connection, MunicipalityId tenant, const SqlResult& result,
                      std::vector<Meeting>& out) {
    for (const auto& values : result.rows) {
        KASANE_ASSIGN(meeting, MeetingFromRow(SqlRow(values)));
        KASANE_TRY(ReadMeetingChildren(connection, tenant, *meeting));
        out.push_back(std::move(*meeting));
    }
    return {};
}

// Attendees and agenda may only name this municipality's users, organisations, persons and households.
Status CheckMeetingChildren(SqlConnection& connection, MunicipalityId tenant, const Meeting& meeting) {
    for (const Attendee& attendee : meeting.attendees) {
        if (attendee.user_id) {
            KASANE_TRY(Exists(connection, kUserExists, *attendee.user_id, tenant, "出席者の利用者が見つかりません",
                              "attendees"));
        }
        KASANE_TRY(Exists(connection, kOrganizationExists, attendee.organization_id, tenant,
                          "出席者の機関が見つかりません", "attendees"));
    }
    for (const AgendaItem& item : meeting.agenda) {
        KASANE_TRY(
            Exists(connection, kPersonExists, item.person_id, tenant, "議題の本人の記録が見つかりません", "agenda"));
        if (item.household_id) {
            KASANE_TRY(Exists(connection, kHouseholdExists, *item.household_id, tenant, "議題の世帯が見つかりません",
                              "agenda"));
        }
        if (item.case_id) {
            KASANE_TRY(
                Exists(connection, kCaseExists, *item.case_id, tenant, "議題の支援ケースが見つかりません", "agenda"));
        }
    }
    // The case_id columns were added by migration 4 with a key on the id alone: the tenant is checked here.
    for (const Decision& decision : meeting.decisions) {
        if (decision.case_id) {
            KASANE_TRY(Exists(connection, kCaseExists, *decision.case_id, tenant,
                              "決定事項の支援ケースが見つかりません", "decisions"));
        }
    }
    return {};
}

Status InsertMeetingChildren(SqlConnection& connection, MunicipalityId tenant, MeetingId id, const Meeting& meeting) {
    for (const Attendee& attendee : meeting.attendees) {
        KASANE_EXECUTE(connection, kInsertAttendee, id, tenant, IdOrNull(attendee.user_id), attendee.name,
                       attendee.organization_id);
    }
    for (const AgendaItem& item : meeting.agenda) {
        KASANE_EXECUTE(connection, kInsertAgendaItem, id, tenant, item.person_id, IdOrNull(item.household_id),
                       item.shared_summary, IdOrNull(item.case_id));
    }
    std::int64_t position = 0;
    for (const Decision& decision : meeting.decisions) {
        KASANE_EXECUTE(connection, kInsertDecision, id, tenant, position++, decision.kind, decision.text,
                       IdOrNull(decision.case_id));
    }
    return {};
}

void SortMeetingsNewestFirst(std::vector<Meeting>& meetings) {
    std::sort(meetings.begin(), meetings.end(), [](const Meeting& a, const Meeting& b) {
        if (a.held_on != b.held_on) return a.held_on > b.held_on;
        return a.id > b.id;
    });
}

class SqlMeetingRepository final : public domain::MeetingRepository, TenantRepository {
public:
    using TenantRepository::TenantRepository;

    Result<MeetingBody> CreateBody(const MeetingBody& body) override {
        KASANE_TRY(CheckBody(body));
        const std::string created_at = FormatIso8601(body.created_at);
        return WriteInto<MeetingBody>([&](SqlConnection& connection, MeetingBody& out) -> Status {
            KASANE_TRY(CheckBodyReferences(connection, tenant_, body));
            KASANE_ASSIGN(
                inserted,
                connection.Execute(kInsertBody, {tenant_, domain::LegalBasisCode(body.legal_basis), body.display_name,
                                                 body.shares_without_consent, std::int64_t{body.sharing_days},
                                                 IdOrNull(body.coordinating_organization_id), created_at}));
            KASANE_ASSIGN(id, IdOf(*inserted));
            KASANE_TRY(InsertBodyMembers(connection, tenant_, *id, body.members, body.named_members));
            return ReadBody(connection, tenant_, *id, out);
        });
    }

    Result<MeetingBody> GetBody(MeetingBodyId id) override {
        return ReadInto<MeetingBody>(
            [&](SqlConnection& connection, MeetingBody& out) { return ReadBody(connection, tenant_, id, out); });
    }

    Result<std::vector<MeetingBody>> ListBodies() override {
        using List = std::vector<MeetingBody>;
        return ReadInto<List>([&](SqlConnection& connection, List& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(kListBodies, {tenant_}));
            for (const auto& values : result->rows) {
                KASANE_ASSIGN(body, BodyFromRow(SqlRow(values)));
                KASANE_TRY(ReadBodyMembers(connection, tenant_, *body));
                out.push_back(std::move(*body));
            }
            return {};
        });
    }

    Result<MeetingBody> UpdateBody(MeetingBodyId id, int expected_version, const MeetingBody& body) override {
        KASANE_TRY(CheckBody(body));
        return WriteInto<MeetingBody>([&](SqlConnection& connection, MeetingBody& out) -> Status {
            KASANE_TRY(Exists(connection, kBodyExists, id, tenant_, "会議体が見つかりません", "body_id"));
            KASANE_TRY(CheckBodyReferences(connection, tenant_, body));
            KASANE_ASSIGN(
                updated, connection.Execute(
                             kUpdateBody, {id, tenant_, body.display_name, body.shares_without_consent,
                                           std::int64_t{body.sharing_days}, IdOrNull(body.coordinating_organization_id),
                                           std::int64_t{expected_version}}));
            if (updated->affected_rows == 0) return Fail(VersionConflict());
            KASANE_EXECUTE(connection, kDeleteNamedMembers, id, tenant_);
            KASANE_EXECUTE(connection, kDeleteBodyMembers, id, tenant_);
            KASANE_TRY(InsertBodyMembers(connection, tenant_, id, body.members, body.named_members));
            return ReadBody(connection, tenant_, id, out);
        });
    }

    Result<Meeting> CreateMeeting(const Meeting& meeting) override {
        const std::string held_on = DateText(meeting.held_on);
        const std::string created_at = FormatIso8601(meeting.created_at);
        return WriteInto<Meeting>([&](SqlConnection& connection, Meeting& out) -> Status {
            KASANE_TRY(Exists(connection, kBodyExists, meeting.body_id, tenant_, "会議体が見つかりません", "body_id"));
            if (meeting.joint_body_id) {
                KASANE_TRY(Exists(connection, kBodyExists, *meeting.joint_body_id, tenant_,
                                  "合同で開催する会議体が見つかりません", "joint_body_id"));
            }
            KASANE_TRY(Exists(connection, kUserExists, meeting.convenor_user_id, tenant_, "招集者が見つかりません",
                              "convenor_user_id"));
            KASANE_TRY(CheckMeetingChildren(connection, tenant_, meeting));
            KASANE_ASSIGN(inserted,
                          connection.Execute(kInsertMeeting,
                                             {tenant_, meeting.body_id, held_on, meeting.convenor_user_id,
                                              meeting.minutes, created_at, IdOrNull(meeting.joint_body_id)}));
            KASANE_ASSIGN(id, IdOf(*inserted));
            KASANE_TRY(InsertMeetingChildren(connection, tenant_, *id, meeting));
            return ReadMeeting(connection, tenant_, *id, out);
        });
    }

    Result<Meeting> GetMeeting(MeetingId id) override {
        return ReadInto<Meeting>(
            [&](SqlConnection& connection, Meeting& out) { return ReadMeeting(connection, tenant_, id, out); });
    }

    Result<std::vector<Meeting>> ListMeetings(std::optional<MeetingBodyId> body_id) override {
        using List = std::vector<Meeting>;
        return ReadInto<List>([&](SqlConnection& connection, List& out) -> Status {
            KASANE_ASSIGN(result, body_id ? connection.Execute(kListMeetingsOfBody, {tenant_, *body_id})
                                          : connection.Execute(kListMeetings, {tenant_}));
            return AppendMeetings(connection, tenant_, *result, out);
        });
    }

    Result<Meeting> UpdateMeeting(MeetingId id, int expected_version, const Meeting& meeting) override {
        return WriteInto<Meeting>([&](SqlConnection& connection, Meeting& out) -> Status {
            KASANE_TRY(Exists(connection, kMeetingExists, id, tenant_, "会議の記録が見つかりません", "meeting_id"));
            KASANE_TRY(CheckMeetingChildren(connection, tenant_, meeting));
            KASANE_ASSIGN(updated, connection.Execute(kUpdateMeeting,
                                                      {id, tenant_, meeting.minutes, std::int64_t{expected_version}}));
            if (updated->affected_rows == 0) return Fail(VersionConflict());
            KASANE_EXECUTE(connection, kDeleteAttendees, id, tenant_);
            KASANE_EXECUTE(connection, kDeleteAgenda, id, tenant_);
            KASANE_EXECUTE(connection, kDeleteDecisions, id, tenant_);
            KASANE_TRY(InsertMeetingChildren(connection, tenant_, id, meeting));
            return ReadMeeting(connection, tenant_, id, out);
        });
    }

    Result<std::vector<Meeting>> OfPersons(const std::vector<PersonId>& person_ids) override {
        using List = std::vector<Meeting>;
        return ReadInto<List>([&](SqlConnection& connection, List& out) -> Status {
            std::set<MeetingId> seen;
            for (PersonId person_id : person_ids) {
                KASANE_ASSIGN(result, connection.Execute(kSelectMeetingsOfPerson, {tenant_, person_id}));
                for (const auto& values : result->rows) {
                    KASANE_ASSIGN(meeting, MeetingFromRow(SqlRow(values)));
                    if (!seen.insert(meeting->id).second) continue;
                    KASANE_TRY(ReadMeetingChildren(connection, tenant_, *meeting));
                    out.push_back(std::move(*meeting));
                }
            }
            SortMeetingsNewestFirst(out);
            return {};
        });
    }
};

// ---------------------------------------------------------------------------------------------------------------
// Emergency access

// The acknowledgement lives in alert_acknowledgements (migration 9), the one mechanism of the administrators'
// alerts; emergency_accesses.acknowledged_by is no longer written (migration 9 copied it over).
#define KASANE_EMERGENCY_ACKNOWLEDGEMENT                                                            \
    "(SELECT a.acknowledged_by FROM alert_acknowledgements a"                                       \
    " WHERE a.municipality_id = emergency_accesses.municipality_id AND a.kind = 'emergency_access'" \
    " AND a.subject_id = emergency_accesses.id)"
#define KASANE_EMERGENCY_COLUMNS                                                     \
    "id, municipality_id, person_id, user_id, organization_id, reason, granted_at, " \
    "expires_at, " KASANE_EMERGENCY_ACKNOWLEDGEMENT

constexpr SqlStatement kInsertEmergency{
    "sharing_insert_emergency",
    "INSERT INTO emergency_accesses (municipality_id, person_id, user_id, organization_id, reason, granted_at, "
    "expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id"};
constexpr SqlStatement kSelectEmergency{"sharing_select_emergency",
                                        "SELECT " KASANE_EMERGENCY_COLUMNS
                                        " FROM emergency_accesses WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kListEmergencies{
    "sharing_list_emergencies",
    "SELECT " KASANE_EMERGENCY_COLUMNS
    " FROM emergency_accesses WHERE municipality_id = $1 ORDER BY granted_at DESC, id DESC LIMIT $2"};
constexpr SqlStatement kListUnacknowledgedEmergencies{
    "sharing_list_unacknowledged_emergencies",
    "SELECT " KASANE_EMERGENCY_COLUMNS
    " FROM emergency_accesses WHERE municipality_id = $1 AND " KASANE_EMERGENCY_ACKNOWLEDGEMENT
    " IS NULL "
    "ORDER BY granted_at DESC, id DESC LIMIT $2"};
constexpr SqlStatement kInsertAlertAcknowledgement{
    "sharing_insert_alert_acknowledgement",
    "INSERT INTO alert_acknowledgements (municipality_id, kind, subject_id, acknowledged_by) VALUES ($1, $2, $3, $4)"};
constexpr SqlStatement kListAlertAcknowledgements{
    "sharing_list_alert_acknowledgements",
    "SELECT subject_id, acknowledged_by FROM alert_acknowledgements WHERE municipality_id = $1 AND kind = $2"};

// The one way an administrators' alert is acknowledged (emergency accesses and DV protection removals alike).
Status InsertAlertAcknowledgement(SqlConnection& connection, MunicipalityId tenant, domain::AlertKind kind,
                                  std::int64_t subject_id, UserId administrator_id) {
    KASANE_TRY(Exists(connection, kUserExists, administrator_id, tenant, "確認した管理者が見つかりません",
                      "administrator_id"));
    auto inserted = connection.Execute(
        kInsertAlertAcknowledgement, {tenant, std::string(domain::AlertKindCode(kind)), subject_id, administrator_id});
    if (!inserted) {
        if (inserted.error().Is(ErrorCode::kConflict)) {
            return Fail(Error::Conflict("この通知は既に確認済みです", "acknowledged_by"));
        }
        return Fail(inserted.error());
    }
    return {};
}
constexpr IdSetStatement kSelectEmergencyFactsOfMany KASANE_ID_SET_STATEMENT(
    "sharing_select_emergency_facts_of_many",
    "SELECT person_id, id, user_id, expires_at FROM emergency_accesses WHERE municipality_id = $1 AND person_id IN (",
    ")");

Result<EmergencyAccess> EmergencyFromRow(const SqlRow& row) {
    auto id = row.Integer(0);
    auto municipality_id = row.Integer(1);
    auto person_id = row.Integer(2);
    auto user_id = row.Integer(3);
    auto organization_id = row.Integer(4);
    auto reason = row.Text(5);
    auto granted_at = row.Time(6);
    auto expires_at = row.Time(7);
    if (!id || !municipality_id || !person_id || !user_id || !organization_id || !reason || !granted_at ||
        !expires_at) {
        return Fail(Corrupt("emergency_access"));
    }
    return EmergencyAccess{.id = *id,
                           .municipality_id = *municipality_id,
                           .person_id = *person_id,
                           .user_id = *user_id,
                           .organization_id = *organization_id,
                           .reason = std::move(*reason),
                           .granted_at = *granted_at,
                           .expires_at = *expires_at,
                           .acknowledged_by = row.OptionalInteger(8)};
}

Status ReadEmergency(SqlConnection& connection, MunicipalityId tenant, EmergencyAccessId id, EmergencyAccess& out) {
    return ReadOneRow(connection, kSelectEmergency, id, tenant, EmergencyFromRow, "緊急時閲覧の記録が見つかりません",
                      "emergency_access_id", out);
}

class SqlEmergencyAccessRepository final : public domain::EmergencyAccessRepository, TenantRepository {
public:
    using TenantRepository::TenantRepository;

    Result<EmergencyAccess> Create(const EmergencyAccess& access) override {
        if (access.expires_at < access.granted_at) {
            return Fail(Error::InvalidArgument("閲覧期限が開始時刻より前です", "expires_at"));
        }
        const std::string granted_at = FormatIso8601(access.granted_at);
        const std::string expires_at = FormatIso8601(access.expires_at);
        return WriteInto<EmergencyAccess>([&](SqlConnection& connection, EmergencyAccess& out) -> Status {
            KASANE_TRY(Exists(connection, kPersonExists, access.person_id, tenant_, "本人の記録が見つかりません",
                              "person_id"));
            KASANE_TRY(Exists(connection, kUserExists, access.user_id, tenant_, "利用者が見つかりません", "user_id"));
            KASANE_TRY(Exists(connection, kOrganizationExists, access.organization_id, tenant_, "機関が見つかりません",
                              "organization_id"));
            KASANE_ASSIGN(inserted, connection.Execute(kInsertEmergency, {tenant_, access.person_id, access.user_id,
                                                                          access.organization_id, access.reason,
                                                                          granted_at, expires_at}));
            KASANE_ASSIGN(id, IdOf(*inserted));
            return ReadEmergency(connection, tenant_, *id, out);
        });
    }

    Result<std::vector<EmergencyAccess>> List(bool unacknowledged_only, int limit) override {
        if (limit < 0) return Fail(Error::InvalidArgument("件数は0以上で指定してください", "limit"));
        using Accesses = std::vector<EmergencyAccess>;
        return ReadInto<Accesses>([&](SqlConnection& connection, Accesses& out) -> Status {
            KASANE_ASSIGN(result,
                          connection.Execute(unacknowledged_only ? kListUnacknowledgedEmergencies : kListEmergencies,
                                             {tenant_, std::int64_t{limit}}));
            for (const auto& values : result->rows) {
                KASANE_ASSIGN(access, EmergencyFromRow(SqlRow(values)));
                out.push_back(std::move(*access));
            }
            return {};
        });
    }

    // Acknowledging twice would overwrite who reviewed it first: kConflict, field "acknowledged_by".
    Result<EmergencyAccess> Acknowledge(EmergencyAccessId id, UserId administrator_id) override {
        return WriteInto<EmergencyAccess>([&](SqlConnection& connection, EmergencyAccess& out) -> Status {
            KASANE_TRY(ReadEmergency(connection, tenant_, id, out));
            KASANE_TRY(InsertAlertAcknowledgement(connection, tenant_, domain::AlertKind::kEmergencyAccess, id,
                                                  administrator_id));
            return ReadEmergency(connection, tenant_, id, out);
        });
    }
};

class SqlAlertAcknowledgementRepository final : public domain::AlertAcknowledgementRepository, TenantRepository {
public:
    using TenantRepository::TenantRepository;

    Status Acknowledge(domain::AlertKind kind, std::int64_t subject_id, UserId administrator_id) override {
        return executor_.Write([&](SqlConnection& connection) -> Status {
            return InsertAlertAcknowledgement(connection, tenant_, kind, subject_id, administrator_id);
        });
    }

    Result<std::map<std::int64_t, UserId>> List(domain::AlertKind kind) override {
        using Acknowledged = std::map<std::int64_t, UserId>;
        return ReadInto<Acknowledged>([&](SqlConnection& connection, Acknowledged& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(kListAlertAcknowledgements,
                                                     {tenant_, std::string(domain::AlertKindCode(kind))}));
            for (const auto& values : result->rows) {
                const SqlRow row(values);
                auto subject_id = row.Integer(0);
                auto administrator_id = row.Integer(1);
                if (!subject_id || !administrator_id) return Fail(Corrupt("alert_acknowledgement"));
                out[*subject_id] = *administrator_id;
            }
            return {};
        });
    }
};

// ---------------------------------------------------------------------------------------------------------------
// Access facts

// Every meeting with one of the persons ($2, an id set) on its agenda, with its body's rule and members (LEFT JOIN:
// a body may have no members yet), one row per person and member, the person first. Reads
// meeting_agenda_items_by_person, then primary keys.
constexpr IdSetStatement kSelectMeetingFactsOfMany KASANE_ID_SET_STATEMENT(
    "sharing_select_meeting_facts_of_many",
    "SELECT a.person_id, m.id, m.body_id, b.legal_basis, b.shares_without_consent, b.sharing_days, m.held_on, "
    "m.convenor_user_id, jb.id, jb.shares_without_consent, jb.sharing_days, "
    "nm.user_id, nm.organization_id, nm.pledge_signed_on, nm.left_on "
    "FROM meeting_agenda_items a "
    "JOIN meetings m ON m.id = a.meeting_id AND m.municipality_id = a.municipality_id "
    "JOIN meeting_bodies b ON b.id = m.body_id AND b.municipality_id = m.municipality_id "
    "LEFT JOIN meeting_bodies jb ON jb.id = m.joint_body_id AND jb.municipality_id = m.municipality_id "
    "LEFT JOIN meeting_body_named_members nm ON nm.body_id = b.id AND nm.municipality_id = b.municipality_id "
    "WHERE a.municipality_id = $1 AND a.person_id IN (",
    ") "
    "ORDER BY a.person_id, m.id, nm.user_id");

// The pledges of persons of the bodies of $2 (an id set: the joint bodies of meetings).
constexpr IdSetStatement kSelectNamedMembersOfBodies KASANE_ID_SET_STATEMENT(
    "sharing_select_named_members_of_bodies",
    "SELECT body_id, user_id, organization_id, pledge_signed_on, left_on FROM meeting_body_named_members "
    "WHERE municipality_id = $1 AND body_id IN (", ") ORDER BY body_id, user_id");

// The attendees (users) of the meetings of $2, an id set of meeting ids.
constexpr IdSetStatement kSelectAttendeeFactsOfMany
    KASANE_ID_SET_STATEMENT("sharing_select_attendee_facts_of_many",
                            "SELECT meeting_id, user_id FROM meeting_attendees "
                            "WHERE municipality_id = $1 AND user_id IS NOT NULL AND meeting_id IN (",
                            ") ORDER BY meeting_id, user_id");

// Adds one person's rows of kSelectMeetingFactsOfMany to `meetings`.
Status AddMeetingFacts(const std::vector<const SqlValues*>& rows, std::map<MeetingId, domain::MeetingFact>& meetings) {
    for (const SqlValues* values : rows) {
        const SqlRow row(*values);
        auto meeting_id = row.Integer(1);
        auto body_id = row.Integer(2);
        auto legal_basis = domain::ParseLegalBasis(row.Text(3).value_or(""));
        auto shares = row.Boolean(4);
        auto sharing_days = row.Integer(5);
        auto held_on = RequiredDate(row, 6);
        auto convenor = row.Integer(7);
        if (!meeting_id || !body_id || !legal_basis || !shares || !sharing_days || !held_on || !convenor) {
            return Fail(Corrupt("meeting fact"));
        }
        auto [entry, inserted] = meetings.try_emplace(*meeting_id);
        domain::MeetingFact& fact = entry->second;
        if (inserted) {
            fact.meeting_id = *meeting_id;
            fact.body_id = *body_id;
            fact.legal_basis = *legal_basis;
            fact.shares_without_consent = *shares;
            fact.sharing_days = static_cast<int>(*sharing_days);
            fact.held_on = *held_on;
            fact.convenor_user_id = *convenor;
            if (!row.IsNull(8)) {
                auto joint_shares = row.Boolean(9);
                auto joint_days = row.Integer(10);
                if (!joint_shares || !joint_days) return Fail(Corrupt("meeting fact"));
                fact.joint = domain::JointBodyFact{.body_id = row.Integer(8).value_or(0),
                                                   .shares_without_consent = *joint_shares,
                                                   .sharing_days = static_cast<int>(*joint_days),
                                                   .named_members = {}};
            }
        }
        if (row.IsNull(11)) continue;
        KASANE_ASSIGN(member, NamedMemberFromRow(row, 11));
        // The same meeting comes once per agenda item of the group: keep each member once.
        const bool known =
            std::any_of(fact.named_members.begin(), fact.named_members.end(),
                        [&](const NamedMember& existing) { return existing.user_id == member->user_id; });
        if (!known) fact.named_members.push_back(*member);
    }
    return {};
}

// The consents of the persons of `person_set` with their organisations and bodies, by person: three
// statements (one when there are none).
Status ReadConsentsOfMany(SqlConnection& connection, MunicipalityId tenant, const IdSet& person_set,
                          std::map<PersonId, std::vector<Consent>>& out) {
    KASANE_ASSIGN(result, connection.Execute(kSelectConsentsOfMany.For(person_set), {tenant, person_set.Param()}));
    if (result->Empty()) return {};
    std::unordered_map<ConsentId, Consent> consents;
    for (const auto& values : result->rows) {
        KASANE_ASSIGN(consent, ConsentFromRow(SqlRow(values)));
        const ConsentId id = consent->id;
        consents.emplace(id, std::move(*consent));
    }
    const auto distribute = [&](const IdSetStatement& statement, std::vector<std::int64_t> Consent::*member) -> Status {
        KASANE_ASSIGN(rows, connection.Execute(statement.For(person_set), {tenant, person_set.Param()}));
        for (const auto& values : rows->rows) {
            const SqlRow row(values);
            KASANE_ASSIGN(consent_id, row.Integer(0));
            KASANE_ASSIGN(child, row.Integer(1));
            if (auto found = consents.find(*consent_id); found != consents.end())
                (found->second.*member).push_back(*child);
        }
        return {};
    };
    KASANE_TRY(distribute(kSelectConsentOrganizationsOfMany, &Consent::organizations));
    KASANE_TRY(distribute(kSelectConsentBodiesOfMany, &Consent::bodies));
    for (auto& [id, consent] : consents) out[consent.person_id].push_back(std::move(consent));
    return {};
}

}  // namespace

std::string LegalBasisCheckList() { return CodeList(kLegalBases, domain::LegalBasisCode); }
std::string ConsentMethodCheckList() { return CodeList(kConsentMethods, domain::ConsentMethodCode); }

Status ReadSharingFacts(SqlConnection& connection, MunicipalityId tenant,
                        const std::vector<std::vector<PersonId>>& groups,
                        std::vector<domain::PersonAccessFacts>& facts) {
    std::vector<PersonId> persons;
    for (const auto& group : groups) persons.insert(persons.end(), group.begin(), group.end());
    if (persons.empty()) return {};
    std::sort(persons.begin(), persons.end());
    persons.erase(std::unique(persons.begin(), persons.end()), persons.end());
    const IdSet person_set(persons);

    std::map<PersonId, std::vector<Consent>> consents_of;
    KASANE_TRY(ReadConsentsOfMany(connection, tenant, person_set, consents_of));
    KASANE_ASSIGN(meeting_result,
                  connection.Execute(kSelectMeetingFactsOfMany.For(person_set), {tenant, person_set.Param()}));
    KASANE_ASSIGN(meeting_rows, RowsByKey(*meeting_result));
    // Who attended each of those meetings in person (one statement for all of them).
    std::vector<MeetingId> meeting_ids;
    for (const auto& values : meeting_result->rows) meeting_ids.push_back(SqlRow(values).Integer(1).value_or(0));
    std::sort(meeting_ids.begin(), meeting_ids.end());
    meeting_ids.erase(std::unique(meeting_ids.begin(), meeting_ids.end()), meeting_ids.end());
    // The pledges of the joint bodies of those meetings (one statement, only when a meeting was held jointly).
    std::vector<MeetingBodyId> joint_ids;
    for (const auto& values : meeting_result->rows) {
        const SqlRow row(values);
        if (!row.IsNull(8)) joint_ids.push_back(row.Integer(8).value_or(0));
    }
    std::sort(joint_ids.begin(), joint_ids.end());
    joint_ids.erase(std::unique(joint_ids.begin(), joint_ids.end()), joint_ids.end());
    std::map<MeetingBodyId, std::vector<NamedMember>> joint_members;
    if (!joint_ids.empty()) {
        const IdSet body_set(joint_ids);
        KASANE_ASSIGN(named, connection.Execute(kSelectNamedMembersOfBodies.For(body_set), {tenant, body_set.Param()}));
        for (const auto& values : named->rows) {
            const SqlRow row(values);
            KASANE_ASSIGN(member, NamedMemberFromRow(row, 1));
            joint_members[row.Integer(0).value_or(0)].push_back(*member);
        }
    }
    SqlRowsByKey attendee_rows;
    std::optional<SqlResult> attendee_result;
    if (!meeting_ids.empty()) {
        const IdSet meeting_set(meeting_ids);
        KASANE_ASSIGN(attendees,
                      connection.Execute(kSelectAttendeeFactsOfMany.For(meeting_set), {tenant, meeting_set.Param()}));
        attendee_result = std::move(*attendees);
        KASANE_ASSIGN(by_meeting, RowsByKey(*attendee_result));
        attendee_rows = std::move(*by_meeting);
    }
    KASANE_ASSIGN(emergency_result,
                  connection.Execute(kSelectEmergencyFactsOfMany.For(person_set), {tenant, person_set.Param()}));
    KASANE_ASSIGN(emergency_rows, RowsByKey(*emergency_result));

    for (std::size_t i = 0; i < groups.size() && i < facts.size(); ++i) {
        domain::PersonAccessFacts& out = facts[i];
        std::vector<const Consent*> consents;
        std::map<MeetingId, domain::MeetingFact> meetings;
        for (PersonId person_id : groups[i]) {
            if (auto found = consents_of.find(person_id); found != consents_of.end()) {
                for (const Consent& consent : found->second) consents.push_back(&consent);
            }
            KASANE_TRY(AddMeetingFacts(RowsOf(*meeting_rows, person_id), meetings));
            for (const SqlValues* values : RowsOf(*emergency_rows, person_id)) {
                const SqlRow row(*values);
                auto id = row.Integer(1);
                auto user_id = row.Integer(2);
                auto expires_at = row.Time(3);
                if (!id || !user_id || !expires_at) return Fail(Corrupt("emergency fact"));
                out.emergencies.push_back(
                    domain::EmergencyFact{.id = *id, .user_id = *user_id, .expires_at = *expires_at});
            }
        }
        std::sort(consents.begin(), consents.end(), [](const Consent* a, const Consent* b) { return a->id < b->id; });
        for (const Consent* consent : consents) {
            out.consents.push_back(domain::ConsentFact{.consent_id = consent->id,
                                                       .organizations = consent->organizations,
                                                       .bodies = consent->bodies,
                                                       .given_on = consent->given_on,
                                                       .expires_on = consent->expires_on,
                                                       .withdrawn_at = consent->withdrawn_at});
        }
        for (auto& [id, meeting] : meetings) {
            for (const SqlValues* values : RowsOf(attendee_rows, id)) {
                meeting.attendee_user_ids.push_back(SqlRow(*values).Integer(1).value_or(0));
            }
            if (meeting.joint) {
                if (auto found = joint_members.find(meeting.joint->body_id); found != joint_members.end()) {
                    meeting.joint->named_members = found->second;
                }
            }
            out.meetings.push_back(std::move(meeting));
        }
        std::sort(out.emergencies.begin(), out.emergencies.end(),
                  [](const domain::EmergencyFact& a, const domain::EmergencyFact& b) { return a.id < b.id; });
    }
    return {};
}

struct SharingRepositories::Parts {
    Parts(SqlExecutor& executor, MunicipalityId tenant)
        : consents(executor, tenant),
          meetings(executor, tenant),
          emergency_accesses(executor, tenant),
          alert_acknowledgements(executor, tenant) {}

    SqlConsentRepository consents;
    SqlMeetingRepository meetings;
    SqlEmergencyAccessRepository emergency_accesses;
    SqlAlertAcknowledgementRepository alert_acknowledgements;
};

SharingRepositories::SharingRepositories(SqlExecutor& executor, MunicipalityId tenant)
    : parts_(std::make_unique<Parts>(executor, tenant)) {}
SharingRepositories::~SharingRepositories() = default;

domain::ConsentRepository& SharingRepositories::Consents() { return parts_->consents; }
domain::MeetingRepository& SharingRepositories::Meetings() { return parts_->meetings; }
domain::EmergencyAccessRepository& SharingRepositories::EmergencyAccesses() { return parts_->emergency_accesses; }
domain::AlertAcknowledgementRepository& SharingRepositories::AlertAcknowledgements() {
    return parts_->alert_acknowledgements;
}

}  // namespace kasane::storage
