// SPDX-License-Identifier: Apache-2.0
#pragma once

// Internal to src/storage/sql: what the repositories of domain/sharing_repositories.hpp (consents_store.cpp,
// meetings_store.cpp, emergency_accesses_store.cpp, alert_acknowledgements_store.cpp) and sharing_facts_store.cpp
// share.

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "domain/sharing_repositories.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {
namespace {  // NOLINT(google-build-namespaces,cert-dcl59-cpp): internal to src/storage/sql

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

// The bases released with migration 3, frozen (its CHECK); migration 15 widened it to domain::kAllLegalBases.
[[maybe_unused]] inline constexpr std::array kLegalBases{
    LegalBasis::kArticle106_6,      LegalBasis::kMultilayerMeeting, LegalBasis::kIsolationCouncil,
    LegalBasis::kPovertySupport,    LegalBasis::kChildProtection,   LegalBasis::kCommunityCareMeeting,
    LegalBasis::kDisabilityCouncil, LegalBasis::kPublicAssistance,  LegalBasis::kOther};
[[maybe_unused]] inline constexpr std::array kConsentMethods{domain::ConsentMethod::kWritten,
                                                             domain::ConsentMethod::kOral};

inline Result<std::int64_t> IdOf(const SqlResult& result) {
    if (result.Empty()) return Fail(Corrupt("RETURNING id"));
    return SqlRow(result.rows.front()).Integer(0);
}

// ---------------------------------------------------------------------------------------------------------------
// Reference checks: a row of another municipality is reported with the field the caller gave it in (the composite
// foreign keys would refuse it too, but cannot say which one).

inline constexpr SqlStatement kPersonExists{"sharing_person_exists",
                                            "SELECT 1 FROM persons WHERE id = $1 AND municipality_id = $2"};
inline constexpr SqlStatement kHouseholdExists{"sharing_household_exists",
                                               "SELECT 1 FROM households WHERE id = $1 AND municipality_id = $2"};
inline constexpr SqlStatement kOrganizationExists{"sharing_organization_exists",
                                                  "SELECT 1 FROM organizations WHERE id = $1 AND municipality_id = $2"};
inline constexpr SqlStatement kUserExists{"sharing_user_exists",
                                          "SELECT 1 FROM users WHERE id = $1 AND municipality_id = $2"};
inline constexpr SqlStatement kBodyExists{"sharing_body_exists",
                                          "SELECT 1 FROM meeting_bodies WHERE id = $1 AND municipality_id = $2"};
inline constexpr SqlStatement kMeetingExists{"sharing_meeting_exists",
                                             "SELECT 1 FROM meetings WHERE id = $1 AND municipality_id = $2"};
inline constexpr SqlStatement kCaseExists{"sharing_case_exists",
                                          "SELECT 1 FROM cases WHERE id = $1 AND municipality_id = $2"};

#define KASANE_CONSENT_COLUMNS                                                                              \
    "id, municipality_id, person_id, by_proxy, proxy_name, proxy_relationship, purpose, given_on, method, " \
    "witness, explanation_version, expires_on, withdrawn_at, recorded_by, recorded_at"

inline Result<Consent> ConsentFromRow(const SqlRow& row) {
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
    consent.id = ConsentId{*id};
    consent.municipality_id = MunicipalityId{*municipality_id};
    consent.person_id = PersonId{*person_id};
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
    consent.recorded_by = UserId{*recorded_by};
    consent.recorded_at = *recorded_at;
    return consent;
}

// Appends the second column of (consent_id, x) rows to the consent it names.
template <class Child>
inline Status DistributeChildren(const SqlResult& rows, std::vector<Consent>& consents,
                                 std::vector<Child> Consent::*member) {
    for (const auto& values : rows.rows) {
        const SqlRow row(values);
        KASANE_ASSIGN(consent_id, row.Integer(0));
        KASANE_ASSIGN(child, row.Integer(1));
        auto found = std::find_if(consents.begin(), consents.end(),
                                  [&](const Consent& consent) { return consent.id == *consent_id; });
        if (found != consents.end()) ((*found).*member).push_back(Child{*child});
    }
    return {};
}

inline Result<NamedMember> NamedMemberFromRow(const SqlRow& row, std::size_t first) {
    auto user_id = row.Integer(first);
    auto organization_id = row.Integer(first + 1);
    auto pledge = RequiredDate(row, first + 2);
    auto left = OptionalDate(row, first + 3);
    if (!user_id || !organization_id || !pledge || !left) return Fail(Corrupt("meeting_body_named_member"));
    return NamedMember{.user_id = UserId{*user_id},
                       .organization_id = OrganizationId{*organization_id},
                       .pledge_signed_on = *pledge,
                       .left_on = *left};
}

inline constexpr SqlStatement kInsertAlertAcknowledgement{
    "sharing_insert_alert_acknowledgement",
    "INSERT INTO alert_acknowledgements (municipality_id, kind, subject_id, acknowledged_by) VALUES ($1, $2, $3, $4)"};
inline constexpr SqlStatement kListAlertAcknowledgements{
    "sharing_list_alert_acknowledgements",
    "SELECT subject_id, acknowledged_by FROM alert_acknowledgements WHERE municipality_id = $1 AND kind = $2"};

// The one way an administrators' alert is acknowledged (emergency accesses and DV protection removals alike).
inline Status InsertAlertAcknowledgement(SqlConnection& connection, MunicipalityId tenant, domain::AlertKind kind,
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
}  // namespace
}  // namespace kasane::storage
