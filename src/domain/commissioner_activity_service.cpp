// SPDX-License-Identifier: Apache-2.0
#include "domain/commissioner_activity_service.hpp"

#include <algorithm>
#include <map>

#include "base/japan_time.hpp"
#include "domain/access_policy.hpp"
#include "domain/administration.hpp"
#include "domain/directory.hpp"
#include "domain/export_rights.hpp"
#include "domain/intake_support.hpp"
#include "domain/report_delivery.hpp"

namespace kasane::domain {

using intake_support::EntryFor;
using std::chrono::year_month;

namespace {

constexpr std::string_view kMonthRecord = "commissioner_activity";
constexpr std::string_view kNoteRecord = "commissioner_note";

std::optional<Commissioner> FindCommissioner(const std::vector<Commissioner>& commissioners, UserId user_id) {
    for (const Commissioner& commissioner : commissioners) {
        if (commissioner.user_id == user_id) return commissioner;
    }
    return std::nullopt;
}

// The month's audit entry: the commissioner's user id as the record, the month in the detail.
AuditEntry MonthEntry(const Actor& actor, Instant now, AuditAction action, UserId commissioner, year_month month,
                      const std::string& basis) {
    AuditEntry entry = EntryFor(actor, now, action, kMonthRecord, commissioner, std::nullopt, "*");
    entry.basis = basis;
    entry.detail = MonthCode(month);
    return entry;
}

}  // namespace

const CommissionerCouncil* CommissionerStanding::CouncilOf(CommissionerCouncilId id) const {
    for (const CommissionerCouncil& council : councils) {
        if (council.id == id) return &council;
    }
    return nullptr;
}

struct CommissionerActivityService::Context {
    std::vector<CommissionerCouncil> councils;
    std::vector<Commissioner> commissioners;

    const CommissionerCouncil* CouncilOf(CommissionerCouncilId id) const {
        for (const CommissionerCouncil& council : councils) {
            if (council.id == id) return &council;
        }
        return nullptr;
    }
};

CommissionerActivityService::CommissionerActivityService(Store& store, const Clock& clock, AuditRecorder& audit)
    : store_(store), clock_(clock), audit_(audit) {}

bool CommissionerActivityService::MayOpen(const Principal& principal) {
    return principal.HasRole(Role::kWelfareVolunteer) || IsProfessional(principal) ||
           principal.HasRole(Role::kMunicipalAdministrator);
}

Result<CommissionerActivityService::Context> CommissionerActivityService::Load(const Actor& actor) {
    auto tenant = store_.Tenant(actor.Tenant());
    auto councils = tenant->CommissionerActivity().Councils();
    if (!councils) return Fail(councils.error());
    auto commissioners = tenant->CommissionerActivity().Commissioners();
    if (!commissioners) return Fail(commissioners.error());
    return Context{.councils = std::move(*councils), .commissioners = std::move(*commissioners)};
}

Result<CommissionerStanding> CommissionerActivityService::Standing(const Actor& actor) {
    if (!MayOpen(actor.principal)) return Fail(Error::PermissionDenied("民生委員の活動記録を開く権限がありません"));
    auto context = Load(actor);
    if (!context) return Fail(context.error());
    CommissionerStanding standing;
    standing.self = FindCommissioner(context->commissioners, actor.principal.user.id);
    if (standing.self && !actor.principal.HasRole(Role::kWelfareVolunteer)) standing.self.reset();
    standing.councils = context->councils;
    for (const CommissionerCouncil& council : context->councils) {
        if (CouncilRollUpAccess(actor.principal, council, standing.self).allowed) {
            standing.roll_ups.push_back(council.id);
        }
    }
    standing.municipal_total = MunicipalActivityTotalAccess(actor.principal, context->councils).allowed;
    for (const Commissioner& commissioner : context->commissioners) {
        const CommissionerCouncil* council = context->CouncilOf(commissioner.council_id);
        if (commissioner.user_id == actor.principal.user.id) continue;
        if (CommissionerMonthAccess(actor.principal, commissioner.user_id, council).allowed) {
            standing.commissioners_in_charge.push_back(commissioner);
        }
    }
    return standing;
}

Result<CommissionerMonthView> CommissionerActivityService::Month(const Actor& actor, UserId commissioner_id,
                                                                 year_month month) {
    auto context = Load(actor);
    if (!context) return Fail(context.error());
    const auto commissioner = FindCommissioner(context->commissioners, commissioner_id);
    if (!commissioner) return Fail(Error::NotFound("民生委員が見つかりません"));
    const ActivityAccess access =
        CommissionerMonthAccess(actor.principal, commissioner_id, context->CouncilOf(commissioner->council_id));
    if (!access.allowed) return Fail(Error::NotFound("民生委員が見つかりません"));
    auto stored = store_.Tenant(actor.Tenant())->CommissionerActivity().Month(commissioner_id, month);
    if (!stored) return Fail(stored.error());
    audit_.Record(MonthEntry(actor, clock_.Now(), AuditAction::kRead, commissioner_id, month, access.basis));
    if (*stored) return CommissionerMonthView{*commissioner, std::move(**stored), access.basis};
    ActivityMonth empty;
    empty.user_id = commissioner_id;
    empty.month = month;
    empty.council_id = commissioner->council_id;
    return CommissionerMonthView{*commissioner, std::move(empty), access.basis};
}

Result<CommissionerMonthView> CommissionerActivityService::RecordMonth(const Actor& actor, UserId commissioner_id,
                                                                       ActivityMonth month, int expected_version) {
    auto context = Load(actor);
    if (!context) return Fail(context.error());
    const auto commissioner = FindCommissioner(context->commissioners, commissioner_id);
    if (!commissioner) return Fail(Error::NotFound("民生委員が見つかりません"));
    const ActivityAccess access =
        CommissionerMonthAccess(actor.principal, commissioner_id, context->CouncilOf(commissioner->council_id));
    if (!access.allowed) return Fail(Error::NotFound("民生委員が見つかりません"));
    const Instant now = clock_.Now();
    if (auto valid = ValidateActivityMonth(month, JstDate(now)); !valid) return Fail(valid.error());
    if (expected_version < 0) return Fail(Error::InvalidArgument("版が正しくありません", "version"));
    // Every item is stored, 0 where the form left it empty, so that a month reads back as entered.
    for (const ActivityItem& item : kActivityItems) month.counts.try_emplace(std::string(item.code), 0);
    month.user_id = commissioner_id;
    month.council_id = commissioner->council_id;
    month.recorded_by = actor.principal.user.id;
    month.recorded_at = now;
    ActivityMonth saved;
    const Status written = store_.Transaction([&](Store& transaction) -> Status {
        auto tenant = transaction.Tenant(actor.Tenant());
        auto result = tenant->CommissionerActivity().SaveMonth(month, expected_version);
        if (!result) return Fail(result.error());
        saved = std::move(*result);
        std::vector<AuditEntry> entries{MonthEntry(actor, now,
                                                   expected_version == 0 ? AuditAction::kCreate : AuditAction::kUpdate,
                                                   commissioner_id, month.month, access.basis)};
        return tenant->Audit().Append(entries);
    });
    if (!written) return Fail(written.error());
    return CommissionerMonthView{.commissioner = *commissioner, .month = std::move(saved), .basis = access.basis};
}

Result<CouncilRollUp> CommissionerActivityService::CouncilMonth(const Actor& actor, CommissionerCouncilId council_id,
                                                                year_month month) {
    if (!MayOpen(actor.principal)) return Fail(Error::NotFound("民児協が見つかりません"));
    auto context = Load(actor);
    if (!context) return Fail(context.error());
    const CommissionerCouncil* council = context->CouncilOf(council_id);
    if (council == nullptr) return Fail(Error::NotFound("民児協が見つかりません"));
    auto self = FindCommissioner(context->commissioners, actor.principal.user.id);
    const ActivityAccess access = CouncilRollUpAccess(actor.principal, *council, self);
    if (!access.allowed) return Fail(Error::NotFound("民児協が見つかりません"));
    auto months = store_.Tenant(actor.Tenant())->CommissionerActivity().Months(council_id, month, month);
    if (!months) return Fail(months.error());
    CouncilRollUp roll_up{.council = *council, .month = month, .totals = SumActivity(*months), .basis = access.basis};
    for (const Commissioner& commissioner : context->commissioners) {
        if (commissioner.council_id == council_id) ++roll_up.member_count;
    }
    roll_up.recorded_count = static_cast<int>(roll_up.totals.reporters.size());
    if (access.basis != "council_member") {
        // Who has not yet handed in the month: for the staff in charge, who chases it.
        Directory directory(store_);
        auto users = directory.Users(actor.principal);
        if (!users) return Fail(users.error());
        std::map<UserId, std::string> names;
        for (const User& user : *users) names[user.id] = user.display_name;
        for (const Commissioner& commissioner : context->commissioners) {
            if (commissioner.council_id != council_id) continue;
            const bool recorded = std::binary_search(roll_up.totals.reporters.begin(), roll_up.totals.reporters.end(),
                                                     commissioner.user_id);
            roll_up.members.push_back(
                {.user_id = commissioner.user_id, .name = names[commissioner.user_id], .recorded = recorded});
        }
    }
    AuditEntry entry = EntryFor(actor, clock_.Now(), AuditAction::kRead, "commissioner_council_roll_up", council_id,
                                std::nullopt, "*");
    entry.basis = access.basis;
    entry.detail = MonthCode(month);
    audit_.Record(std::move(entry));
    return roll_up;
}

Result<MunicipalActivityTotal> CommissionerActivityService::MunicipalTotal(const Actor& actor, year_month from,
                                                                           year_month to) {
    if (to < from) return Fail(Error::InvalidArgument("終わりの月は始まりの月より後にしてください", "to"));
    if (from + std::chrono::months{11} < to) {
        return Fail(Error::InvalidArgument("集計は12か月（1年度）までです", "to"));
    }
    auto context = Load(actor);
    if (!context) return Fail(context.error());
    const ActivityAccess access = MunicipalActivityTotalAccess(actor.principal, context->councils);
    if (!access.allowed) return Fail(Error::PermissionDenied("町全体の活動記録の集計を見る権限がありません"));
    auto months = store_.Tenant(actor.Tenant())->CommissionerActivity().Months(std::nullopt, from, to);
    if (!months) return Fail(months.error());
    MunicipalActivityTotal total{.from = from,
                                 .to = to,
                                 .totals = SumActivity(*months),
                                 .commissioner_count = static_cast<int>(context->commissioners.size()),
                                 .basis = access.basis};
    for (const CommissionerCouncil& council : context->councils) {
        std::vector<ActivityMonth> of_council;
        for (const ActivityMonth& month : *months) {
            if (month.council_id == council.id) of_council.push_back(month);
        }
        total.councils.emplace_back(council, SumActivity(of_council));
    }
    return total;
}

Result<ReportExport> CommissionerActivityService::ExportMunicipalTotal(const Actor& actor, year_month from,
                                                                       year_month to, ReportFormat format) {
    auto total = MunicipalTotal(actor, from, to);
    if (!total) return Fail(total.error());
    // 区分, 項目, 合計, then each 民児協.
    ReportSection section{.name = "民生委員活動状況", .heading = {"区分", "項目", "合計"}, .rows = {}};
    for (const auto& [council, totals] : total->councils) section.heading.push_back(council.name);
    for (const ActivityItem& item : kActivityItems) {
        ReportRow row{
            std::string(item.code),
            {std::string(ActivityGroupLabel(item.group)), std::string(item.label), total->totals.Count(item.code)}};
        for (const auto& [council, totals] : total->councils) row.cells.emplace_back(totals.Count(item.code));
        section.rows.push_back(std::move(row));
    }
    ReportRow reporters{
        "reporters",
        {std::string("記録した委員"), std::string("人数"), static_cast<long long>(total->totals.reporters.size())}};
    for (const auto& [council, totals] : total->councils) {
        reporters.cells.emplace_back(static_cast<long long>(totals.reporters.size()));
    }
    section.rows.push_back(std::move(reporters));
    ReportFile table;
    table.sections.push_back(std::move(section));
    // Counts only, no one named.
    return DeliverReportFile(store_, actor, clock_, table, "minsei-katsudo-" + MonthCode(from) + "_" + MonthCode(to),
                             format,
                             {.record_type = "commissioner_activity_total",
                              .what = "民生委員活動状況（福祉行政報告例）" + MonthCode(from) + "〜" + MonthCode(to),
                              .basis = total->basis});
}

Result<CommissionerNote> CommissionerActivityService::AddNote(const Actor& actor, CommissionerNote note) {
    auto context = Load(actor);
    if (!context) return Fail(context.error());
    // Only she writes her notes: the staff in charge reads them.
    if (!actor.principal.HasRole(Role::kWelfareVolunteer) ||
        !FindCommissioner(context->commissioners, actor.principal.user.id)) {
        return Fail(Error::PermissionDenied("個人の記録は民生委員本人だけが書けます"));
    }
    const Instant now = clock_.Now();
    note.user_id = actor.principal.user.id;
    note.created_at = now;
    if (auto valid = ValidateCommissionerNote(note, JstDate(now)); !valid) return Fail(valid.error());
    CommissionerNote saved;
    const Status written = store_.Transaction([&](Store& transaction) -> Status {
        auto tenant = transaction.Tenant(actor.Tenant());
        auto result = tenant->CommissionerActivity().AddNote(note);
        if (!result) return Fail(result.error());
        saved = std::move(*result);
        AuditEntry entry = EntryFor(actor, now, AuditAction::kCreate, kNoteRecord, saved.id, std::nullopt, "*");
        entry.basis = "own_entry";
        std::vector<AuditEntry> entries{std::move(entry)};
        return tenant->Audit().Append(entries);
    });
    if (!written) return Fail(written.error());
    return saved;
}

Result<std::vector<CommissionerNote>> CommissionerActivityService::Notes(const Actor& actor, UserId commissioner_id) {
    auto context = Load(actor);
    if (!context) return Fail(context.error());
    const auto commissioner = FindCommissioner(context->commissioners, commissioner_id);
    if (!commissioner) return Fail(Error::NotFound("民生委員が見つかりません"));
    const ActivityAccess access =
        CommissionerNotesAccess(actor.principal, commissioner_id, context->CouncilOf(commissioner->council_id));
    if (!access.allowed) return Fail(Error::NotFound("民生委員が見つかりません"));
    auto notes = store_.Tenant(actor.Tenant())->CommissionerActivity().Notes(commissioner_id);
    if (!notes) return Fail(notes.error());
    const Instant now = clock_.Now();
    for (const CommissionerNote& note : *notes) {
        AuditEntry entry = EntryFor(actor, now, AuditAction::kRead, kNoteRecord, note.id, std::nullopt, "*");
        entry.basis = access.basis;
        audit_.Record(std::move(entry));
    }
    return notes;
}

Result<CommissionerCouncil> CommissionerActivityService::CreateCouncil(const Actor& actor, std::string name,
                                                                       std::optional<UserId> staff) {
    if (!actor.principal.HasRole(Role::kMunicipalAdministrator)) {
        return Fail(Error::PermissionDenied("民児協の登録は町の管理者だけができます"));
    }
    if (auto valid = ValidateName(name, "name", 100); !valid) return Fail(valid.error());
    auto tenant = store_.Tenant(actor.Tenant());
    if (staff) {
        auto user = tenant->Users().Get(*staff);
        if (!user) return Fail(Error::InvalidArgument("担当職員が見つかりません", "staff_user_id"));
        if (!user->HasRole(Role::kCaseworker) && !user->HasRole(Role::kCoordinator)) {
            return Fail(Error::InvalidArgument("担当職員は相談支援員か推進員にしてください", "staff_user_id"));
        }
    }
    const Instant now = clock_.Now();
    CommissionerCouncil saved;
    const Status written = store_.Transaction([&](Store& transaction) -> Status {
        auto in = transaction.Tenant(actor.Tenant());
        auto result = in->CommissionerActivity().CreateCouncil(
            {.municipality_id = actor.Tenant(), .name = name, .staff_user_id = staff, .created_at = now});
        if (!result) return Fail(result.error());
        saved = std::move(*result);
        std::vector<AuditEntry> entries{
            EntryFor(actor, now, AuditAction::kCreate, "commissioner_council", saved.id, std::nullopt, "*")};
        return in->Audit().Append(entries);
    });
    if (!written) return Fail(written.error());
    return saved;
}

Status CommissionerActivityService::AssignCommissioner(const Actor& actor, const Commissioner& commissioner) {
    if (!actor.principal.HasRole(Role::kMunicipalAdministrator)) {
        return Fail(Error::PermissionDenied("民生委員の担当区の登録は町の管理者だけができます"));
    }
    auto tenant = store_.Tenant(actor.Tenant());
    auto user = tenant->Users().Get(commissioner.user_id);
    if (!user) return Fail(Error::InvalidArgument("利用者が見つかりません", "user_id"));
    if (!user->HasRole(Role::kWelfareVolunteer)) {
        return Fail(Error::InvalidArgument("民生委員の役割を持つ利用者を選んでください", "user_id"));
    }
    auto area = tenant->Areas().Get(commissioner.district_area_id);
    if (!area) return Fail(Error::InvalidArgument("民生委員区が見つかりません", "district_area_id"));
    if (area->kind != AreaKind::kWelfareVolunteerDistrict) {
        return Fail(Error::InvalidArgument("民生委員区を選んでください", "district_area_id"));
    }
    const Instant now = clock_.Now();
    return store_.Transaction([&](Store& transaction) -> Status {
        auto in = transaction.Tenant(actor.Tenant());
        if (auto assigned = in->CommissionerActivity().AssignCommissioner(commissioner); !assigned) {
            return assigned;
        }
        AuditEntry entry =
            EntryFor(actor, now, AuditAction::kUpdate, "commissioner", commissioner.user_id, std::nullopt, "*");
        entry.detail = "area:" + std::to_string(commissioner.district_area_id) +
                       " council:" + std::to_string(commissioner.council_id);
        std::vector<AuditEntry> entries{std::move(entry)};
        return in->Audit().Append(entries);
    });
}

}  // namespace kasane::domain
