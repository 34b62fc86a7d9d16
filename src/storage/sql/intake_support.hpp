// SPDX-License-Identifier: Apache-2.0
#pragma once

// Internal to src/storage/sql: what the repositories of domain/intake_repositories.hpp (persons_store.cpp,
// households_store.cpp, categories_store.cpp, consultations_store.cpp, reports_store.cpp, referrals_store.cpp,
// audit_store.cpp, settings_store.cpp) share: reference checks, code lists and reads of more than one of them.

#include <algorithm>
#include <array>
#include <vector>

#include "domain/intake_repositories.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {
namespace {  // NOLINT(google-build-namespaces,cert-dcl59-cpp): internal to src/storage/sql

using namespace sql_support;  // NOLINT(google-build-using-namespace): this file's own helpers

using domain::CategoryId;
using domain::Consultation;
using domain::ConsultationId;
using domain::Contact;
using domain::Date;
using domain::Household;
using domain::HouseholdId;
using domain::HouseholdMember;
using domain::Person;
using domain::PersonData;
using domain::PersonId;
using domain::PersonMerge;
using domain::PersonSearchHit;
using domain::PersonSearchKeys;
using domain::Referral;
using domain::ReferralEvent;
using domain::ReferralId;
using domain::ReferralStatus;

inline std::int64_t IdOf(const Result<SqlResult>& result) {
    auto id = SqlRow(result->rows.at(0)).Integer(0);
    return id ? *id : 0;
}

inline std::vector<std::string> Distinct(std::vector<std::string> values) {
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    return values;
}

[[maybe_unused]] inline constexpr std::array kSexes{domain::Sex::kMale, domain::Sex::kFemale, domain::Sex::kOther,
                                                    domain::Sex::kNoAnswer};
[[maybe_unused]] inline constexpr std::array kRelationships{
    domain::Relationship::kHead,       domain::Relationship::kSpouse,     domain::Relationship::kChild,
    domain::Relationship::kParent,     domain::Relationship::kGrandchild, domain::Relationship::kGrandparent,
    domain::Relationship::kSibling,    domain::Relationship::kChildInLaw, domain::Relationship::kOtherRelative,
    domain::Relationship::kNonRelative};
[[maybe_unused]] inline constexpr std::array kChannels{domain::Channel::kVisit,     domain::Channel::kPhone,
                                                       domain::Channel::kHomeVisit, domain::Channel::kEmail,
                                                       domain::Channel::kViaAgency, domain::Channel::kOther};
[[maybe_unused]] inline constexpr std::array kSources{domain::Source::kSelf,
                                                      domain::Source::kFamily,
                                                      domain::Source::kNeighbor,
                                                      domain::Source::kWelfareVolunteer,
                                                      domain::Source::kNeighborhoodAssociation,
                                                      domain::Source::kAgency,
                                                      domain::Source::kOther,
                                                      domain::Source::kAnonymous};
[[maybe_unused]] inline constexpr std::array kOutcomes{domain::Outcome::kOpen, domain::Outcome::kInformationProvided,
                                                       domain::Outcome::kReferred, domain::Outcome::kEscalated,
                                                       domain::Outcome::kContinuing};
[[maybe_unused]] inline constexpr std::array kConsultationStatuses{domain::ConsultationStatus::kOpen,
                                                                   domain::ConsultationStatus::kClosed};
[[maybe_unused]] inline constexpr std::array kConsultationEventKinds{domain::ConsultationEventKind::kClosed,
                                                                     domain::ConsultationEventKind::kReopened};
[[maybe_unused]] inline constexpr std::array kTextTags{domain::TextTag::kFact, domain::TextTag::kThirdParty,
                                                       domain::TextTag::kAssessment};
[[maybe_unused]] inline constexpr std::array kReferralStatuses{ReferralStatus::kSent, ReferralStatus::kAccepted,
                                                               ReferralStatus::kDeclined, ReferralStatus::kInProgress,
                                                               ReferralStatus::kCompleted};

// ---------------------------------------------------------------------------------------------------------------
// Existence checks, so that a reference to another municipality's row is reported with the field it came from
// (a composite foreign key would refuse it too, but cannot say which one).

inline constexpr SqlStatement kPersonExists{"intake_person_exists",
                                            "SELECT merged_into FROM persons WHERE id = $1 AND municipality_id = $2"};
inline constexpr SqlStatement kOrganizationExists{"intake_organization_exists",
                                                  "SELECT 1 FROM organizations WHERE id = $1 AND municipality_id = $2"};
inline constexpr SqlStatement kUserExists{"intake_user_exists",
                                          "SELECT 1 FROM users WHERE id = $1 AND municipality_id = $2"};
inline constexpr SqlStatement kHouseholdExists{"intake_household_exists",
                                               "SELECT 1 FROM households WHERE id = $1 AND municipality_id = $2"};
inline constexpr SqlStatement kCategoryExists{"intake_category_exists",
                                              "SELECT 1 FROM worry_categories WHERE id = $1 AND municipality_id = $2"};
inline constexpr SqlStatement kConsultationExists{"intake_consultation_exists",
                                                  "SELECT 1 FROM consultations WHERE id = $1 AND municipality_id = $2"};
inline constexpr SqlStatement kAreaKind{"intake_area_kind",
                                        "SELECT kind FROM areas WHERE id = $1 AND municipality_id = $2"};

// A bound on merge chains, so that a corrupted cycle cannot loop forever.
inline constexpr int kMaxMergeDepth = 1000;

template <class T>
inline void SortUnique(std::vector<T>& values) {
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
}

// The records `statement` ($1 tenant, $2 key) finds for each key, each read once by `read` (connection, tenant, id,
// record) however many keys find it, and sorted by `order`.
template <class T, class Key, class Read, class Order>
inline Status ReadEachFound(SqlConnection& connection, MunicipalityId tenant, const SqlStatement& statement,
                            const std::vector<Key>& keys, Read read, Order order, std::vector<T>& out) {
    using RecordId = decltype(T::id);
    std::vector<RecordId> ids;
    for (const Key key : keys) {
        KASANE_ASSIGN(result, connection.Execute(statement, {tenant, key}));
        for (const auto& values : result->rows) ids.push_back(RecordId{SqlRow(values).Integer(0).value_or(0)});
    }
    SortUnique(ids);
    for (const RecordId id : ids) {
        T record;
        KASANE_TRY(read(connection, tenant, id, record));
        out.push_back(std::move(record));
    }
    std::sort(out.begin(), out.end(), order);
    return {};
}

// Newest first by creation, then by id.
template <class T>
inline bool NewestCreatedFirst(const T& a, const T& b) {
    return a.created_at != b.created_at ? a.created_at > b.created_at : a.id > b.id;
}

inline constexpr SqlStatement kInsertCategory{
    "intake_insert_category",
    "INSERT INTO worry_categories (municipality_id, code, label, sort_order, active) VALUES ($1, $2, $3, $4, $5) "
    "ON CONFLICT (municipality_id, code) DO NOTHING"};
inline constexpr SqlStatement kListCategories{
    "intake_list_categories",
    "SELECT id, municipality_id, code, label, sort_order, active FROM worry_categories WHERE municipality_id = $1 "
    "ORDER BY sort_order, id"};

inline Status ReadCategories(SqlConnection& connection, MunicipalityId tenant,
                             std::vector<domain::WorryCategory>& out) {
    KASANE_ASSIGN(result, connection.Execute(kListCategories, {tenant}));
    for (const auto& values : result->rows) {
        const SqlRow row(values);
        auto id = row.Integer(0);
        auto municipality_id = row.Integer(1);
        auto code = row.Text(2);
        auto label = row.Text(3);
        auto sort_order = row.Integer(4);
        auto active = row.Boolean(5);
        if (!id || !municipality_id || !code || !label || !sort_order || !active) return Fail(Corrupt("category"));
        out.push_back(domain::WorryCategory{.id = *id,
                                            .municipality_id = MunicipalityId{*municipality_id},
                                            .code = std::move(*code),
                                            .label = std::move(*label),
                                            .sort_order = static_cast<int>(*sort_order),
                                            .active = *active});
    }
    return {};
}

}  // namespace
}  // namespace kasane::storage
