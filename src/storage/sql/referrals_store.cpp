// SPDX-License-Identifier: Apache-2.0
// Referrals (つなぎ) between organisations and their events (domain::ReferralRepository).

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

// ---------------------------------------------------------------------------------------------------------------
// Referrals

constexpr SqlStatement kInsertReferral{
    "intake_insert_referral",
    "INSERT INTO referrals (municipality_id, person_id, consultation_id, from_organization_id, to_organization_id, "
    "reason, sheet, status, sent_at, version, to_user_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, $10) "
    "RETURNING id"};
#define KASANE_REFERRAL_COLUMNS                                                                                  \
    "id, municipality_id, person_id, consultation_id, from_organization_id, to_organization_id, reason, sheet, " \
    "status, sent_at, version, to_user_id"
// Referrals by id, and their events, each one statement for however many are read (ReadReferrals): a list of N
// referrals (an inbox, an outbox, a person's) was 2N statements.
constexpr IdSetStatement kSelectReferrals KASANE_ID_SET_STATEMENT(
    "intake_select_referrals",
    "SELECT " KASANE_REFERRAL_COLUMNS " FROM referrals WHERE municipality_id = $1 AND id IN (", ")");
constexpr IdSetStatement kSelectReferralEvents KASANE_ID_SET_STATEMENT(
    "intake_select_referral_events",
    "SELECT referral_id, status, at, user_id, organization_id, note FROM referral_events WHERE municipality_id = $1 "
    "AND referral_id IN (",
    ") ORDER BY referral_id, id");
constexpr SqlStatement kInsertReferralEvent{
    "intake_insert_referral_event",
    "INSERT INTO referral_events (referral_id, municipality_id, status, at, user_id, organization_id, note) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7)"};
constexpr SqlStatement kTransitionReferral{
    "intake_transition_referral",
    "UPDATE referrals SET status = $3, version = version + 1 WHERE id = $1 AND municipality_id = $2 AND version = $4"};
constexpr SqlStatement kReferralExists{"intake_referral_exists",
                                       "SELECT 1 FROM referrals WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kReferralsTo{"intake_referrals_to",
                                    "SELECT id FROM referrals WHERE municipality_id = $1 AND to_organization_id = $2"};
constexpr SqlStatement kReferralsFrom{
    "intake_referrals_from", "SELECT id FROM referrals WHERE municipality_id = $1 AND from_organization_id = $2"};
constexpr SqlStatement kReferralsOfPerson{"intake_referrals_of_person",
                                          "SELECT id FROM referrals WHERE municipality_id = $1 AND person_id = $2"};

Result<Referral> ReferralFromRow(const SqlRow& row) {
    auto referral_id = row.Integer(0);
    auto municipality_id = row.Integer(1);
    auto person_id = row.Integer(2);
    auto from = row.Integer(4);
    auto to = row.Integer(5);
    auto reason = row.Text(6);
    auto sheet = row.Text(7);
    auto status = domain::ParseReferralStatus(row.Text(8).value_or(""));
    auto sent_at = row.Time(9);
    auto version = row.Integer(10);
    if (!referral_id || !municipality_id || !person_id || !from || !to || !reason || !sheet || !status || !sent_at ||
        !version) {
        return Fail(Corrupt("referral"));
    }
    auto sheet_json = nlohmann::json::parse(*sheet, nullptr, false);
    if (sheet_json.is_discarded()) return Fail(Corrupt("referral.sheet"));
    return Referral{.id = domain::ReferralId{*referral_id},
                    .municipality_id = MunicipalityId{*municipality_id},
                    .person_id = PersonId{*person_id},
                    .consultation_id = row.OptionalId<ConsultationId>(3),
                    .from_organization_id = OrganizationId{*from},
                    .to_organization_id = OrganizationId{*to},
                    .to_user_id = row.OptionalId<UserId>(11),
                    .reason = std::move(*reason),
                    .sheet = std::move(sheet_json),
                    .status = *status,
                    .events = {},
                    .sent_at = *sent_at,
                    .version = static_cast<int>(*version)};
}

// A row of kSelectReferralEvents (column 0, the referral, is the caller's).
Result<ReferralEvent> ReferralEventFromRow(const SqlRow& event) {
    auto status = domain::ParseReferralStatus(event.Text(1).value_or(""));
    auto at = event.Time(2);
    auto user_id = event.Integer(3);
    auto organization_id = event.Integer(4);
    auto note = event.Text(5);
    if (!status || !at || !user_id || !organization_id || !note) return Fail(Corrupt("referral_event"));
    return ReferralEvent{.status = *status,
                         .at = *at,
                         .user_id = UserId{*user_id},
                         .organization_id = OrganizationId{*organization_id},
                         .note = std::move(*note)};
}

// The referrals of `ids` that exist, with their events, in the order of `ids` (a repeated id once): two statements
// however many there are.
Status ReadReferrals(SqlConnection& connection, MunicipalityId tenant, const std::vector<ReferralId>& ids,
                     std::vector<Referral>& out) {
    if (ids.empty()) return {};
    const IdSet id_set(ids);
    KASANE_ASSIGN(rows, connection.Execute(kSelectReferrals.For(id_set), {tenant, id_set.Param()}));
    KASANE_ASSIGN(event_rows, connection.Execute(kSelectReferralEvents.For(id_set), {tenant, id_set.Param()}));
    KASANE_ASSIGN(events_of, RowsByKey(*event_rows));
    std::unordered_map<ReferralId, Referral> found;
    for (const auto& values : rows->rows) {
        KASANE_ASSIGN(referral, ReferralFromRow(SqlRow(values)));
        for (const SqlValues* event_values : RowsOf(*events_of, referral->id.value())) {
            KASANE_ASSIGN(event, ReferralEventFromRow(SqlRow(*event_values)));
            referral->events.push_back(std::move(*event));
        }
        const ReferralId id = referral->id;
        found.emplace(id, std::move(*referral));
    }
    for (const ReferralId id : ids) {
        auto referral = found.find(id);
        if (referral == found.end()) continue;
        out.push_back(std::move(referral->second));
        found.erase(referral);
    }
    return {};
}

Status InsertReferralEvent(SqlConnection& connection, MunicipalityId tenant, ReferralId id,
                           const ReferralEvent& event) {
    KASANE_TRY(Exists(connection, kUserExists, event.user_id, tenant, "利用者が見つかりません", "user_id"));
    KASANE_TRY(Exists(connection, kOrganizationExists, event.organization_id, tenant, "機関が見つかりません",
                      "organization_id"));
    const std::string at = FormatIso8601(event.at);
    KASANE_EXECUTE(connection, kInsertReferralEvent, id, tenant, domain::ReferralStatusCode(event.status),
                   std::string_view(at), event.user_id, event.organization_id, event.note);
    return {};
}

class SqlReferralRepository final : public domain::ReferralRepository, TenantRepository {
public:
    using TenantRepository::TenantRepository;

    // The first event (kSent, naming who sent it) must be given in referral.events; later events are ignored.
    Result<Referral> Create(const Referral& referral) override {
        if (referral.events.empty() || referral.events.front().status != ReferralStatus::kSent) {
            return Fail(Error::InvalidArgument("つなぎの最初の記録は「送付」でなければなりません", "events"));
        }
        const std::string sent_at = FormatIso8601(referral.sent_at);
        const std::string sheet = referral.sheet.is_null() ? "{}" : referral.sheet.dump();
        ReferralId id{};
        const Status status = executor_.Write([&](SqlConnection& connection) -> Status {
            KASANE_TRY(Exists(connection, kPersonExists, referral.person_id, tenant_, "本人の記録が見つかりません",
                              "person_id"));
            if (referral.consultation_id) {
                KASANE_TRY(Exists(connection, kConsultationExists, *referral.consultation_id, tenant_,
                                  "相談が見つかりません", "consultation_id"));
            }
            KASANE_TRY(Exists(connection, kOrganizationExists, referral.from_organization_id, tenant_,
                              "送付元の機関が見つかりません", "from_organization_id"));
            KASANE_TRY(Exists(connection, kOrganizationExists, referral.to_organization_id, tenant_,
                              "送付先の機関が見つかりません", "to_organization_id"));
            if (referral.to_user_id) {
                KASANE_TRY(Exists(connection, kUserExists, *referral.to_user_id, tenant_,
                                  "送付先の担当者が見つかりません", "to_user_id"));
            }
            KASANE_ASSIGN(inserted, connection.Execute(
                                        kInsertReferral,
                                        {tenant_, referral.person_id, IdOrNull(referral.consultation_id),
                                         referral.from_organization_id, referral.to_organization_id, referral.reason,
                                         std::string_view(sheet), domain::ReferralStatusCode(ReferralStatus::kSent),
                                         std::string_view(sent_at), IdOrNull(referral.to_user_id)}));
            id = domain::ReferralId{IdOf(inserted)};
            return InsertReferralEvent(connection, tenant_, id, referral.events.front());
        });
        if (!status) return Fail(status.error());
        return Get(id);
    }

    Result<Referral> Get(ReferralId id) override {
        return ReadInto<Referral>([&](SqlConnection& connection, Referral& out) -> Status {
            std::vector<Referral> found;
            KASANE_TRY(ReadReferrals(connection, tenant_, {id}, found));
            if (found.empty()) return Fail(NotFoundField("つなぎが見つかりません", "referral_id"));
            out = std::move(found.front());
            return {};
        });
    }

    Result<Referral> Transition(ReferralId id, int expected_version, const ReferralEvent& event) override {
        const Status status = executor_.Write([&](SqlConnection& connection) -> Status {
            KASANE_ASSIGN(
                updated, connection.Execute(kTransitionReferral, {id, tenant_, domain::ReferralStatusCode(event.status),
                                                                  std::int64_t{expected_version}}));
            if (updated->affected_rows == 0) {
                KASANE_TRY(Exists(connection, kReferralExists, id, tenant_, "つなぎが見つかりません", "referral_id"));
                return Fail(VersionConflict());
            }
            return InsertReferralEvent(connection, tenant_, id, event);
        });
        if (!status) return Fail(status.error());
        return Get(id);
    }

    Result<std::vector<Referral>> Inbox(OrganizationId organization_id,
                                        const std::vector<ReferralStatus>& statuses) override {
        auto referrals = Collect(kReferralsTo, {organization_id});
        if (!referrals || statuses.empty()) return referrals;
        std::erase_if(*referrals, [&](const Referral& referral) {
            return std::find(statuses.begin(), statuses.end(), referral.status) == statuses.end();
        });
        return referrals;
    }

    Result<std::vector<Referral>> Outbox(OrganizationId organization_id) override {
        return Collect(kReferralsFrom, {organization_id});
    }

    Result<std::vector<Referral>> OfPersons(const std::vector<PersonId>& person_ids) override {
        return Collect(kReferralsOfPerson, IdValues(person_ids));
    }

private:
    // The referrals `statement` finds for each key, newest first.
    Result<std::vector<Referral>> Collect(const SqlStatement& statement, const std::vector<std::int64_t>& keys) {
        using List = std::vector<Referral>;
        const auto newest_sent_first = [](const Referral& a, const Referral& b) {
            return a.sent_at != b.sent_at ? a.sent_at > b.sent_at : a.id > b.id;
        };
        return ReadInto<List>([&](SqlConnection& connection, List& out) -> Status {
            std::vector<ReferralId> ids;
            for (const std::int64_t key : keys) {
                KASANE_ASSIGN(found, connection.Execute(statement, {tenant_, key}));
                for (const auto& values : found->rows) ids.push_back(ReferralId{SqlRow(values).Integer(0).value_or(0)});
            }
            KASANE_TRY(ReadReferrals(connection, tenant_, ids, out));
            std::sort(out.begin(), out.end(), newest_sent_first);
            return {};
        });
    }
};

}  // namespace

std::unique_ptr<domain::ReferralRepository> MakeReferralRepository(SqlExecutor& executor, MunicipalityId tenant) {
    return std::make_unique<SqlReferralRepository>(executor, tenant);
}

}  // namespace kasane::storage
