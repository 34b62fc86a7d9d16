// SPDX-License-Identifier: Apache-2.0
// The worker's desk (domain::DeskRepository): the home page's counts and lists, each one statement with the
// caller's scope in its WHERE clause.

#include "storage/sql/sql_repositories.hpp"

#include <string>
#include <vector>

#include "domain/desk_repositories.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {
namespace {  // NOLINT(google-build-namespaces,cert-dcl59-cpp): internal to src/storage/sql

using namespace sql_support;  // NOLINT(google-build-using-namespace): this file's own helpers
using domain::Date;
using domain::ReferralDirection;

constexpr SqlStatement kOpenConsultations{
    "desk_open_consultations",
    "SELECT COUNT(*), COALESCE(SUM(CASE WHEN next_contact_on IS NOT NULL AND next_contact_on <= $3 THEN 1 ELSE 0 "
    "END), 0) FROM consultations WHERE municipality_id = $1 AND received_by_user_id = $2 AND status = 'open' AND "
    "cancelled_at IS NULL"};
constexpr SqlStatement kUnansweredIncoming{
    "desk_unanswered_incoming",
    "SELECT id, from_organization_id, to_organization_id, to_user_id, sent_at FROM referrals WHERE municipality_id = "
    "$1 AND to_organization_id = $2 AND status = 'sent' AND "
    "sent_at <= $3 ORDER BY sent_at, id LIMIT $4"};
constexpr SqlStatement kUnansweredOutgoing{
    "desk_unanswered_outgoing",
    "SELECT id, from_organization_id, to_organization_id, to_user_id, sent_at FROM referrals WHERE municipality_id = "
    "$1 AND from_organization_id = $2 AND status = 'sent' AND "
    "sent_at <= $3 ORDER BY sent_at, id LIMIT $4"};
constexpr SqlStatement kMeetingsOfUser{
    "desk_meetings_of_user",
    "SELECT m.id FROM meetings m WHERE m.municipality_id = $1 AND m.held_on >= $3 AND m.held_on <= $4 AND ("
    "m.convenor_user_id = $2"
    " OR EXISTS (SELECT 1 FROM meeting_attendees a WHERE a.meeting_id = m.id AND a.municipality_id = $1 AND "
    "a.user_id = $2)"
    " OR EXISTS (SELECT 1 FROM meeting_body_named_members n WHERE n.municipality_id = $1 AND n.user_id = $2 AND "
    "(n.body_id = m.body_id OR n.body_id = m.joint_body_id))) "
    "ORDER BY m.held_on, m.id LIMIT 500"};
constexpr SqlStatement kExpiringConsents{
    "desk_expiring_consents",
    "SELECT c.id FROM consents c WHERE c.municipality_id = $1 AND c.withdrawn_at IS NULL AND c.expires_on IS NOT "
    "NULL AND c.expires_on >= $3 AND c.expires_on <= $4 AND c.given_on <= $4 AND ("
    "EXISTS (SELECT 1 FROM consent_organizations o WHERE o.consent_id = c.id AND o.municipality_id = $1 AND "
    "o.organization_id = $2)"
    " OR EXISTS (SELECT 1 FROM users u WHERE u.id = c.recorded_by AND u.municipality_id = $1 AND "
    "u.organization_id = $2)) "
    "ORDER BY c.expires_on, c.id LIMIT $5"};

Result<std::vector<std::int64_t>> Ids(const SqlResult& result) {
    std::vector<std::int64_t> ids;
    for (const auto& values : result.rows) {
        auto id = SqlRow(values).Integer(0);
        if (!id) return Fail(Corrupt("id"));
        ids.push_back(*id);
    }
    return ids;
}

class SqlDeskRepository final : public domain::DeskRepository, TenantRepository {
public:
    using TenantRepository::TenantRepository;

    Result<domain::OpenConsultationCounts> OpenConsultations(UserId user_id, Date contact_due_on_or_before) override {
        const std::string day = DateText(contact_due_on_or_before);
        return ReadInto<domain::OpenConsultationCounts>([&](SqlConnection& connection,
                                                            domain::OpenConsultationCounts& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(kOpenConsultations, {tenant_, user_id, std::string_view(day)}));
            if (result->rows.empty()) return {};
            const SqlRow row(result->rows.front());
            auto open = row.Integer(0);
            auto due = row.Integer(1);
            if (!open || !due) return Fail(Corrupt("count"));
            out.open = *open;
            out.contact_due = *due;
            return {};
        });
    }

    Result<std::vector<domain::UnansweredReferral>> UnansweredReferrals(OrganizationId organization_id,
                                                                        ReferralDirection direction,
                                                                        Instant sent_at_or_before, int limit) override {
        using List = std::vector<domain::UnansweredReferral>;
        const std::string before = FormatIso8601(sent_at_or_before);
        return ReadInto<List>([&](SqlConnection& connection, List& out) -> Status {
            KASANE_ASSIGN(result,
                          connection.Execute(
                              direction == ReferralDirection::kIncoming ? kUnansweredIncoming : kUnansweredOutgoing,
                              {tenant_, organization_id, std::string_view(before), std::int64_t{limit}}));
            for (const auto& values : result->rows) {
                const SqlRow row(values);
                auto id = row.Integer(0);
                auto from = row.Integer(1);
                auto to = row.Integer(2);
                auto sent_at = row.Time(4);
                if (!id || !from || !to || !sent_at) return Fail(Corrupt("referral"));
                out.push_back({.id = domain::ReferralId{*id},
                               .from_organization_id = OrganizationId{*from},
                               .to_organization_id = OrganizationId{*to},
                               .to_user_id = row.OptionalId<UserId>(3),
                               .sent_at = *sent_at});
            }
            return {};
        });
    }

    Result<std::vector<domain::MeetingId>> MeetingsOfUser(UserId user_id, Date from, Date to) override {
        using List = std::vector<domain::MeetingId>;
        const std::string first = DateText(from);
        const std::string last = DateText(to);
        return ReadInto<List>([&](SqlConnection& connection, List& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(kMeetingsOfUser, {tenant_, user_id, std::string_view(first),
                                                                       std::string_view(last)}));
            KASANE_ASSIGN(ids, Ids(*result));
            out = IdsOf<domain::MeetingId>(*ids);
            return {};
        });
    }

    Result<std::vector<domain::ConsentId>> ExpiringConsents(OrganizationId organization_id, Date from, Date to,
                                                            int limit) override {
        using List = std::vector<domain::ConsentId>;
        const std::string first = DateText(from);
        const std::string last = DateText(to);
        return ReadInto<List>([&](SqlConnection& connection, List& out) -> Status {
            KASANE_ASSIGN(result,
                          connection.Execute(kExpiringConsents, {tenant_, organization_id, std::string_view(first),
                                                                 std::string_view(last), std::int64_t{limit}}));
            KASANE_ASSIGN(ids, Ids(*result));
            out = IdsOf<domain::ConsentId>(*ids);
            return {};
        });
    }
};

}  // namespace

std::unique_ptr<domain::DeskRepository> MakeDeskRepository(SqlExecutor& executor, MunicipalityId tenant) {
    return std::make_unique<SqlDeskRepository>(executor, tenant);
}

}  // namespace kasane::storage
