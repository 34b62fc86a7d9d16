// SPDX-License-Identifier: Apache-2.0

#include "domain/report_delivery.hpp"

#include <utility>

#include "domain/export_rights.hpp"
#include "domain/intake_support.hpp"
#include "domain/repositories.hpp"

namespace kasane::domain {

std::string FiguresLabel(Figures figures) { return figures == Figures::kExact ? "正確な数" : "秘匿あり"; }

std::string ReportFileDetail(const ReportFileAudit& audit, ReportFormat format, int substituted) {
    std::string detail = audit.what + "の" + (format == ReportFormat::kXlsx ? "XLSX" : "CSV") + "出力";
    if (!audit.figures.empty()) detail += "（" + audit.figures + "）";
    if (substituted > 0) detail += "、Windows-31Jにない文字" + std::to_string(substituted) + "字を〓で出力";
    return detail;
}

Result<ReportExport> DeliverReportFile(Store& store, const Actor& actor, const Clock& clock, const ReportFile& table,
                                       std::string_view stem, ReportFormat format, const ReportFileAudit& audit) {
    auto file = WriteReportFile(table, stem, format);
    if (!file) return Fail(file.error());
    AuditEntry entry = intake_support::EntryFor(actor, clock.Now(), AuditAction::kExport, audit.record_type,
                                                audit.record_id, std::nullopt, ReportFormatCode(format));
    entry.basis = audit.basis;
    entry.detail = ExportDetail(file->rows, ReportFileDetail(audit, format, file->substituted));
    const Status recorded = store.Transaction([&](Store& transaction) -> Status {
        return intake_support::AppendOne(*transaction.Tenant(actor.Tenant()), std::move(entry));
    });
    if (!recorded) return Fail(recorded.error());
    return file;
}

}  // namespace kasane::domain
