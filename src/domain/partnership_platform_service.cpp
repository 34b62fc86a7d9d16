// SPDX-License-Identifier: Apache-2.0
#include "domain/partnership_platform_service.hpp"

#include <utility>

#include "domain/access_policy.hpp"
#include "domain/intake_support.hpp"
#include "domain/sharing_repositories.hpp"

namespace kasane::domain {

using intake_support::AppendOne;
using intake_support::RecordEntry;

// The basis named in this service's audit entries.
constexpr std::string_view kAuditBasis = "platform_manager";

PartnershipService::PartnershipService(Store& store, PartnershipRepositories repositories, const Clock& clock)
    : store_(store), repositories_(std::move(repositories)), clock_(clock) {}

Status PartnershipService::CheckManager(const Actor& actor) {
    auto kind = intake_support::OrganizationKindOf(store_, actor);
    if (!kind) return Fail(kind.error());
    if (!MayManagePartnershipPlatform(actor.principal, *kind)) {
        return Fail(Error::PermissionDenied(
            "協議会・プラットフォームを管理できるのは町の管理者と、町・社会福祉協議会の相談支援包括化推進員です"));
    }
    return {};
}

Result<PlatformList> PartnershipService::List(const Actor& actor) {
    if (!MayReadPartnershipPlatform(actor.principal)) {
        return Fail(Error::PermissionDenied("協議会・プラットフォームを見る権限がありません"));
    }
    auto kind = intake_support::OrganizationKindOf(store_, actor);
    if (!kind) return Fail(kind.error());
    auto tenant = store_.Tenant(actor.Tenant());
    auto platforms = repositories_(*tenant)->Platforms();
    if (!platforms) return Fail(platforms.error());
    PlatformList list{.platforms = std::move(*platforms),
                      .bodies = {},
                      .may_manage = MayManagePartnershipPlatform(actor.principal, *kind)};
    if (list.may_manage) {
        auto bodies = tenant->Meetings().ListBodies();
        if (!bodies) return Fail(bodies.error());
        for (const MeetingBody& body : *bodies) {
            if (body.legal_basis == LegalBasis::kMutualAidLiaison) continue;  // a 支え愛連絡会 is no council
            list.bodies.push_back({.id = body.id, .name = body.display_name, .legal_basis = body.legal_basis});
        }
    }
    return list;
}

Result<PlatformView> PartnershipService::Get(const Actor& actor, PartnershipPlatformId id) {
    if (!MayReadPartnershipPlatform(actor.principal)) {
        return Fail(Error::PermissionDenied("協議会・プラットフォームを見る権限がありません"));
    }
    auto kind = intake_support::OrganizationKindOf(store_, actor);
    if (!kind) return Fail(kind.error());
    auto tenant = store_.Tenant(actor.Tenant());
    auto repository = repositories_(*tenant);
    auto platform = repository->GetPlatform(id);
    if (!platform) return Fail(platform.error());
    PlatformView view{.platform = std::move(*platform)};
    if (view.platform.meeting_body_id) {
        auto body = tenant->Meetings().GetBody(*view.platform.meeting_body_id);
        if (body) view.meeting_body_name = body->display_name;
    }
    auto members = repository->Members(id);
    if (!members) return Fail(members.error());
    view.members = std::move(*members);
    auto subgroups = repository->Subgroups(id);
    if (!subgroups) return Fail(subgroups.error());
    view.subgroups = std::move(*subgroups);
    auto entries = repository->Entries(id);
    if (!entries) return Fail(entries.error());
    view.entries = std::move(*entries);
    view.may_manage = MayManagePartnershipPlatform(actor.principal, *kind);
    return view;
}

Result<PartnershipPlatform> PartnershipService::SavePlatform(const Actor& actor, const PartnershipPlatform& platform) {
    if (auto manager = CheckManager(actor); !manager) return Fail(manager.error());
    auto town = store_.Municipalities().Get(actor.Tenant());
    if (!town) return Fail(town.error());
    if (auto valid = ValidatePlatform(platform, town->code); !valid) return Fail(valid.error());
    const Instant now = clock_.Now();
    PartnershipPlatform saved;
    const Status written = store_.Transaction([&](Store& transaction) -> Status {
        auto in = transaction.Tenant(actor.Tenant());
        if (platform.meeting_body_id) {
            auto body = in->Meetings().GetBody(*platform.meeting_body_id);
            if (!body) return Fail(Error::InvalidArgument("会議体が見つかりません", "meeting_body_id"));
            if (!MayLinkBody(platform.kind, body->legal_basis)) {
                return Fail(Error::InvalidArgument(
                    "孤独・孤立対策地域協議会には、孤独・孤立対策推進法の会議体だけを結び付けられます",
                    "meeting_body_id"));
            }
        }
        PartnershipPlatform record = platform;
        record.created_by = actor.principal.user.id;
        record.created_at = now;
        auto stored = repositories_(*in)->SavePlatform(record);
        if (!stored) return Fail(stored.error());
        saved = std::move(*stored);
        return AppendOne(*in,
                         RecordEntry(actor, now, platform.id.value() == 0 ? AuditAction::kCreate : AuditAction::kUpdate,
                                     "partnership_platform", saved.id.value(), kAuditBasis));
    });
    if (!written) return Fail(written.error());
    return saved;
}

Result<PlatformMember> PartnershipService::AddMember(const Actor& actor, const PlatformMember& member) {
    if (auto manager = CheckManager(actor); !manager) return Fail(manager.error());
    if (auto valid = ValidateMember(member); !valid) return Fail(valid.error());
    const Instant now = clock_.Now();
    PlatformMember saved;
    const Status written = store_.Transaction([&](Store& transaction) -> Status {
        auto in = transaction.Tenant(actor.Tenant());
        auto repository = repositories_(*in);
        if (auto platform = repository->GetPlatform(member.platform_id); !platform) return Fail(platform.error());
        PlatformMember record = member;
        record.created_by = actor.principal.user.id;
        record.created_at = now;
        auto stored = repository->AddMember(record);
        if (!stored) return Fail(stored.error());
        saved = std::move(*stored);
        return AppendOne(
            *in, RecordEntry(actor, now, AuditAction::kCreate, "platform_member", saved.id.value(), kAuditBasis));
    });
    if (!written) return Fail(written.error());
    return saved;
}

Result<PlatformSubgroup> PartnershipService::AddSubgroup(const Actor& actor, const PlatformSubgroup& subgroup) {
    if (auto manager = CheckManager(actor); !manager) return Fail(manager.error());
    const Instant now = clock_.Now();
    PlatformSubgroup saved;
    const Status written = store_.Transaction([&](Store& transaction) -> Status {
        auto in = transaction.Tenant(actor.Tenant());
        auto repository = repositories_(*in);
        if (auto platform = repository->GetPlatform(subgroup.platform_id); !platform) return Fail(platform.error());
        auto members = repository->Members(subgroup.platform_id);
        if (!members) return Fail(members.error());
        if (auto valid = ValidateSubgroup(subgroup, *members); !valid) return Fail(valid.error());
        PlatformSubgroup record = subgroup;
        record.created_by = actor.principal.user.id;
        record.created_at = now;
        auto stored = repository->AddSubgroup(record);
        if (!stored) return Fail(stored.error());
        saved = std::move(*stored);
        return AppendOne(
            *in, RecordEntry(actor, now, AuditAction::kCreate, "platform_subgroup", saved.id.value(), kAuditBasis));
    });
    if (!written) return Fail(written.error());
    return saved;
}

Result<PlatformEntry> PartnershipService::AddEntry(const Actor& actor, const PlatformEntry& entry) {
    if (auto manager = CheckManager(actor); !manager) return Fail(manager.error());
    const Instant now = clock_.Now();
    PlatformEntry saved;
    const Status written = store_.Transaction([&](Store& transaction) -> Status {
        auto in = transaction.Tenant(actor.Tenant());
        auto repository = repositories_(*in);
        if (auto platform = repository->GetPlatform(entry.platform_id); !platform) return Fail(platform.error());
        auto subgroups = repository->Subgroups(entry.platform_id);
        if (!subgroups) return Fail(subgroups.error());
        if (auto valid = ValidateEntry(entry, *subgroups); !valid) return Fail(valid.error());
        PlatformEntry record = entry;
        record.created_by = actor.principal.user.id;
        record.created_at = now;
        auto stored = repository->AddEntry(record);
        if (!stored) return Fail(stored.error());
        saved = std::move(*stored);
        return AppendOne(
            *in, RecordEntry(actor, now, AuditAction::kCreate, "platform_entry", saved.id.value(), kAuditBasis));
    });
    if (!written) return Fail(written.error());
    return saved;
}

}  // namespace kasane::domain
