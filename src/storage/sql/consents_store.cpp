// SPDX-License-Identifier: Apache-2.0
// Consents to share personal information (domain::ConsentRepository).

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

#include "storage/sql/sharing_support.hpp"

namespace kasane::storage {
namespace {

// ---------------------------------------------------------------------------------------------------------------
// Consents

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

constexpr SqlStatement kWithdrawConsent{
    "sharing_withdraw_consent",
    "UPDATE consents SET withdrawn_at = $3 WHERE id = $1 AND municipality_id = $2 AND withdrawn_at IS NULL"};

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
            return ReadConsent(connection, tenant_, domain::ConsentId{*id}, out);
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

}  // namespace

std::unique_ptr<domain::ConsentRepository> MakeConsentRepository(SqlExecutor& executor, MunicipalityId tenant) {
    return std::make_unique<SqlConsentRepository>(executor, tenant);
}

}  // namespace kasane::storage
