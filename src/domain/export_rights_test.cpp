// SPDX-License-Identifier: Apache-2.0
// The right to export: who may be granted it, the default grant, and the row count kept in the audit detail.

#include "domain/export_rights.hpp"

#include "domain/report_delivery.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace kasane::domain {
namespace {

Principal With(std::vector<Role> roles) {
    Principal principal;
    std::sort(roles.begin(), roles.end());
    principal.user.roles = std::move(roles);
    return principal;
}

TEST(ExportRights, ByDefaultCoordinatorsAndTownAdministratorsExportCaseworkersDoNot) {
    const std::vector<Role> exporters = DefaultPersonalDataExporters();
    EXPECT_TRUE(MayExport(With({Role::kCoordinator}), ExportKind::kPersonalData, exporters));
    EXPECT_TRUE(MayExport(With({Role::kMunicipalAdministrator}), ExportKind::kPersonalData, exporters));
    EXPECT_FALSE(MayExport(With({Role::kCaseworker}), ExportKind::kPersonalData, exporters));
    EXPECT_TRUE(MayExport(With({Role::kCaseworker}), ExportKind::kPersonalData, {Role::kCaseworker}));
}

TEST(ExportRights, VolunteersAnalystsAuditorsNeverExportPersonalData) {
    const std::vector<Role> everyone(std::begin(kAllRoles), std::end(kAllRoles));
    EXPECT_FALSE(MayExport(With({Role::kWelfareVolunteer}), ExportKind::kPersonalData, everyone));
    EXPECT_FALSE(MayExport(With({Role::kPrefectureAnalyst}), ExportKind::kPersonalData, everyone));
    EXPECT_FALSE(MayExport(With({Role::kAuditor}), ExportKind::kPersonalData, everyone));
    EXPECT_FALSE(MayExport(With({Role::kSystemAdministrator}), ExportKind::kPersonalData, everyone));
    // A coordinator's account that is also the prefecture's analyst does not export either.
    EXPECT_FALSE(MayExport(With({Role::kCoordinator, Role::kPrefectureAnalyst}), ExportKind::kPersonalData, everyone));
    for (Role role : {Role::kWelfareVolunteer, Role::kPrefectureAnalyst, Role::kAuditor, Role::kSystemAdministrator}) {
        EXPECT_FALSE(MayBeGrantedPersonalDataExport(role)) << RoleCode(role);
    }
}

TEST(ExportRights, TheAuditorExportsTheTrail) {
    EXPECT_TRUE(MayExport(With({Role::kAuditor}), ExportKind::kAuditTrail, {}));
    EXPECT_TRUE(
        MayExport(With({Role::kMunicipalAdministrator}), ExportKind::kAuditTrail, {Role::kMunicipalAdministrator}));
    EXPECT_FALSE(MayExport(With({Role::kMunicipalAdministrator}), ExportKind::kAuditTrail, {Role::kCoordinator}));
    EXPECT_FALSE(MayExport(With({Role::kCoordinator}), ExportKind::kAuditTrail, {Role::kCoordinator}));
}

TEST(ExportRights, RowCountsRoundTripThroughTheDetail) {
    EXPECT_EQ(ExportDetail(12, "開示請求"), "rows=12; 開示請求");
    EXPECT_EQ(ExportRows(ExportDetail(12, "開示請求")), 12);
    EXPECT_EQ(ExportRows(ExportDetail(0, "")), 0);
    EXPECT_EQ(ExportRows("開示請求"), std::nullopt);
    EXPECT_EQ(ExportRows("to_organization:5"), std::nullopt);
    EXPECT_EQ(ExportRows("rows=x"), std::nullopt);
    EXPECT_EQ(ExportRolesText({Role::kMunicipalAdministrator, Role::kCoordinator}),
              "municipal_administrator,coordinator");
}

TEST(ExportRights, AReportFileSaysWhatItIsItsFormatItsFiguresAndWhatShiftJisLacked) {
    const ReportFileAudit national{.record_type = "report", .record_id = 2024, .what = "国報告（令和6年度）"};
    EXPECT_EQ(ReportFileDetail(national, ReportFormat::kCsvUtf8, 0), "国報告（令和6年度）のCSV出力");
    const ReportFileAudit counts{.record_type = "report",
                                 .record_id = 2024,
                                 .what = "集計（令和6年度）",
                                 .figures = FiguresLabel(Figures::kSmallCellsSuppressed)};
    EXPECT_EQ(ReportFileDetail(counts, ReportFormat::kCsvWindows31j, 2),
              "集計（令和6年度）のCSV出力（秘匿あり）、Windows-31Jにない文字2字を〓で出力");
    EXPECT_EQ(ReportFileDetail(counts, ReportFormat::kXlsx, 0), "集計（令和6年度）のXLSX出力（秘匿あり）");
    EXPECT_EQ(FiguresLabel(Figures::kExact), "正確な数");
}

}  // namespace
}  // namespace kasane::domain
