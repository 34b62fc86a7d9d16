// SPDX-License-Identifier: Apache-2.0
#include "domain/watch_list_service.hpp"

#include "base/japan_time.hpp"
#include "domain/access_policy.hpp"
#include "domain/commissioner_activity_repositories.hpp"
#include "domain/intake_support.hpp"

namespace kasane::domain {

using intake_support::EntryFor;

namespace {

Result<std::optional<Commissioner>> SelfOf(Store& store, const Actor& actor) {
    auto commissioners = store.Tenant(actor.Tenant())->CommissionerActivity().Commissioners();
    if (!commissioners) return Fail(commissioners.error());
    for (const Commissioner& commissioner : *commissioners) {
        if (commissioner.user_id == actor.principal.user.id) return std::optional<Commissioner>(commissioner);
    }
    return std::optional<Commissioner>();
}

WatchRow RowOf(WatchEntry entry, Date today) {
    WatchRow row{.entry = std::move(entry)};
    row.due = NextContactDue(row.entry);
    row.overdue = IsOverdue(row.entry, today);
    return row;
}

AuditEntry WatchEntryAudit(const Actor& actor, Instant now, AuditAction action, const WatchEntry& entry,
                           const std::string& basis) {
    AuditEntry audit = EntryFor(actor, now, action, "watch_entry", entry.id, entry.person_id, "*");
    audit.basis = basis;
    audit.basis_detail = "district:" + std::to_string(entry.district_area_id);
    return audit;
}

}  // namespace

WatchListService::WatchListService(Store& store, const Clock& clock, AuditRecorder& audit)
    : store_(store), clock_(clock), audit_(audit) {}

Result<WatchListView> WatchListService::List(const Actor& actor, std::optional<AreaId> neighborhood) {
    auto kind = intake_support::OrganizationKindOf(store_, actor);
    if (!kind) return Fail(kind.error());
    auto self = SelfOf(store_, actor);
    if (!self) return Fail(self.error());
    WatchListView view;
    if (MayKeepWatchList(actor.principal, *kind)) {
        view.may_add = true;
        view.basis = "municipal_staff";
    } else if (*self && WatchListAccess(actor.principal, *kind, (*self)->district_area_id, *self).allowed) {
        view.district = (*self)->district_area_id;
        view.basis = "own_district";
    } else {
        return Fail(Error::PermissionDenied("見守りの一覧を見る権限がありません"));
    }
    auto entries = store_.Tenant(actor.Tenant())->WatchList().List(view.district, neighborhood);
    if (!entries) return Fail(entries.error());
    const Instant now = clock_.Now();
    const Date today = JstDate(now);
    for (WatchEntry& entry : *entries) {
        // The policy decides each row again: a row of another district never reaches a 民生委員.
        if (!WatchListAccess(actor.principal, *kind, entry.district_area_id, *self).allowed) continue;
        audit_.Record(WatchEntryAudit(actor, now, AuditAction::kRead, entry, view.basis));
        view.rows.push_back(RowOf(std::move(entry), today));
    }
    return view;
}

Result<WatchEntry> WatchListService::Add(const Actor& actor, WatchEntry entry) {
    auto kind = intake_support::OrganizationKindOf(store_, actor);
    if (!kind) return Fail(kind.error());
    if (!MayKeepWatchList(actor.principal, *kind)) {
        return Fail(Error::PermissionDenied("見守りの一覧に加えられるのは町の担当課の職員です"));
    }
    const Instant now = clock_.Now();
    auto tenant = store_.Tenant(actor.Tenant());
    // A 民生委員 watcher is named from her account, before the entry's rules are checked.
    for (Watcher& watcher : entry.watchers) {
        if (!watcher.user_id) continue;
        auto user = tenant->Users().Get(*watcher.user_id);
        if (!user || !user->HasRole(Role::kWelfareVolunteer)) {
            return Fail(Error::InvalidArgument("見守る人に選べる利用者は民生委員です", "watchers"));
        }
        watcher.name = user->display_name;
    }
    if (auto valid = ValidateWatchEntry(entry, JstDate(now)); !valid) return Fail(valid.error());
    auto neighborhood = tenant->Areas().Get(entry.neighborhood_area_id);
    if (!neighborhood || neighborhood->kind != AreaKind::kNeighborhood) {
        return Fail(Error::InvalidArgument("自治会を選んでください", "neighborhood_area_id"));
    }
    auto district = tenant->Areas().Get(entry.district_area_id);
    if (!district || district->kind != AreaKind::kWelfareVolunteerDistrict) {
        return Fail(Error::InvalidArgument("民生委員区を選んでください", "district_area_id"));
    }
    auto person = tenant->Persons().Get(entry.person_id);
    if (!person) return Fail(Error::InvalidArgument("見守る人が見つかりません", "person_id"));
    if (entry.person_name.empty()) entry.person_name = person->data.family_name + " " + person->data.given_name;
    entry.created_by = actor.principal.user.id;
    entry.created_at = now;
    WatchEntry saved;
    const Status written = store_.Transaction([&](Store& transaction) -> Status {
        auto in = transaction.Tenant(actor.Tenant());
        auto added = in->WatchList().Add(entry);
        if (!added) return Fail(added.error());
        saved = std::move(*added);
        std::vector<AuditEntry> entries{
            WatchEntryAudit(actor, now, AuditAction::kCreate, saved, std::string(WatchBasisCode(saved.basis)))};
        return in->Audit().Append(entries);
    });
    if (!written) return Fail(written.error());
    return saved;
}

Result<WatchRow> WatchListService::RecordContact(const Actor& actor, WatchEntryId id, Date on) {
    auto kind = intake_support::OrganizationKindOf(store_, actor);
    if (!kind) return Fail(kind.error());
    auto self = SelfOf(store_, actor);
    if (!self) return Fail(self.error());
    auto entry = store_.Tenant(actor.Tenant())->WatchList().Get(id);
    if (!entry) return Fail(Error::NotFound("見守りの記録が見つかりません"));
    const ActivityAccess access = WatchListAccess(actor.principal, *kind, entry->district_area_id, *self);
    if (!access.allowed) return Fail(Error::NotFound("見守りの記録が見つかりません"));
    const Instant now = clock_.Now();
    if (on > JstDate(now)) return Fail(Error::InvalidArgument("まだ来ていない日付です", "on"));
    const Status written = store_.Transaction([&](Store& transaction) -> Status {
        auto in = transaction.Tenant(actor.Tenant());
        if (auto recorded = in->WatchList().RecordContact(id, on); !recorded) return recorded;
        std::vector<AuditEntry> entries{WatchEntryAudit(actor, now, AuditAction::kUpdate, *entry, access.basis)};
        return in->Audit().Append(entries);
    });
    if (!written) return Fail(written.error());
    entry->last_contact_on = on;
    return RowOf(std::move(*entry), JstDate(now));
}

}  // namespace kasane::domain
