#include "base/japanese_date.hpp"
#include "domain/intake.hpp"
#include "domain/intake_support.hpp"

namespace kasane::domain {

using namespace intake_support;

ReportService::ReportService(Store& store, const Clock& clock, AuditRecorder& audit)
    : store_(store), clock_(clock), audit_(audit) {}

Result<FiscalYearReport> ReportService::FiscalYear(const Actor& actor, int fiscal_year) {
    const Principal& principal = actor.principal;
    // The municipality's programme counts: its coordinators, administrators, auditors, the prefecture, and
    // caseworkers of its own divisions; partner agencies report their own work, not the town's.
    bool allowed = principal.HasRole(Role::kCoordinator) || principal.HasRole(Role::kMunicipalAdministrator) ||
                   principal.HasRole(Role::kPrefectureAnalyst) || principal.HasRole(Role::kAuditor);
    if (!allowed && principal.HasRole(Role::kCaseworker)) {
        auto kind = OrganizationKindOf(store_, actor);
        if (!kind) return Fail(kind.error());
        allowed = *kind == OrganizationKind::kMunicipalDivision;
    }
    if (!allowed) return Fail(Error::PermissionDenied("集計を閲覧する権限がありません"));
    if (fiscal_year < 1989 || fiscal_year > 2100) {
        return Fail(Error::InvalidArgument("年度が正しくありません", "year"));
    }
    // 年度 runs from 1 April to 31 March, in JST: [YYYY-04-01T00:00+09:00, (YYYY+1)-04-01T00:00+09:00).
    constexpr auto kJst = std::chrono::hours{9};
    const Instant from = std::chrono::sys_days{std::chrono::year{fiscal_year} / 4 / 1} - kJst;
    const Instant to = std::chrono::sys_days{std::chrono::year{fiscal_year + 1} / 4 / 1} - kJst;
    auto counts = store_.Tenant(actor.Tenant())->Reports().CountConsultations(from, to);
    if (!counts) return Fail(counts.error());
    FiscalYearReport report{.fiscal_year = fiscal_year, .label = FiscalYearLabel(fiscal_year), .counts = *counts};
    for (const CountBucket& bucket : report.counts.by_source) {
        if (bucket.code == SourceCode(Source::kAgency) && report.counts.contacts > 0) {
            report.partner_share = static_cast<double>(bucket.contacts) / static_cast<double>(report.counts.contacts);
        }
    }
    // 多機関協働 counts over the same 年度, by date: [YYYY-04-01, (YYYY+1)-04-01).
    const Date from_day{std::chrono::year{fiscal_year} / 4 / 1};
    const Date to_day{std::chrono::year{fiscal_year + 1} / 4 / 1};
    auto cases = store_.Tenant(actor.Tenant())->Cases().Count(from_day, to_day);
    if (!cases) return Fail(cases.error());
    report.cases = std::move(*cases);
    AuditEntry entry = EntryFor(actor, clock_.Now(), AuditAction::kRead, "report", fiscal_year, std::nullopt,
                                "fiscal_year_counts");
    audit_.Record(std::move(entry));
    return report;
}

}  // namespace kasane::domain
