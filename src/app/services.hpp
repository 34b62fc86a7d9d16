// SPDX-License-Identifier: Apache-2.0
#pragma once

// The composition root: opens the store named by a URL and builds the domain services on it.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/administration.hpp"
#include "domain/audit_recorder.hpp"
#include "domain/auth.hpp"
#include "domain/case_service.hpp"
#include "domain/commissioner_activity_service.hpp"
#include "domain/community_development_service.hpp"
#include "domain/directory.hpp"
#include "domain/drafts.hpp"
#include "domain/evaluation_plan_service.hpp"
#include "domain/export_job_service.hpp"
#include "domain/household_survey_service.hpp"
#include "domain/import_service.hpp"
#include "domain/intake.hpp"
#include "domain/loneliness_service.hpp"
#include "domain/mutual_aid_liaison_service.hpp"
#include "domain/national_report.hpp"
#include "domain/operator_console.hpp"
#include "domain/outreach_service.hpp"
#include "domain/participation_match_service.hpp"
#include "domain/partnership_platform_service.hpp"
#include "domain/person_trait_service.hpp"
#include "domain/prefecture_statistics.hpp"
#include "domain/repositories.hpp"
#include "domain/resource_directory_service.hpp"
#include "domain/sasaeai_map_service.hpp"
#include "domain/sharing_service.hpp"
#include "domain/town_setup.hpp"
#include "domain/training_service.hpp"
#include "domain/watch_list_service.hpp"

namespace kasane::app {

// The server's clock: the system clock, or, for golden-file tests only, one instant that never moves (see
// `--test-fixed-clock` in src/cli/commands.cpp). A frozen clock never expires a session, so production never
// sets it.
class ServicesClock final : public Clock {
public:
    Instant Now() const override { return fixed_ ? *fixed_ : system_.Now(); }
    void Freeze(Instant at) { fixed_ = at; }

private:
    SystemClock system_;
    std::optional<Instant> fixed_;
};

// Members are destroyed in reverse order: the audit recorder flushes before the store closes.
struct Services {
    std::unique_ptr<domain::Store> store;
    // A hot standby of `store` that the aggregate counting of reports reads (--read-db); null without one.
    std::unique_ptr<domain::Store> standby;
    ServicesClock clock;
    std::unique_ptr<domain::AuditRecorder> audit;
    std::unique_ptr<domain::AuthService> auth;
    std::unique_ptr<domain::Administration> administration;
    std::unique_ptr<domain::Directory> directory;
    std::unique_ptr<domain::PersonService> persons;
    std::unique_ptr<domain::HouseholdService> households;
    std::unique_ptr<domain::ConsultationService> consultations;
    std::unique_ptr<domain::ReferralService> referrals;
    std::unique_ptr<domain::ReportService> reports;
    std::unique_ptr<domain::SharingService> sharing;
    std::unique_ptr<domain::AuditService> audit_reports;
    std::unique_ptr<domain::CaseService> cases;
    std::unique_ptr<domain::DraftService> drafts;    // drafts of forms and submit keys (issue 13, item 4)
    std::unique_ptr<domain::TownSetup> setup;        // the first run: kasane init, /setup (issue 14, item 1)
    std::unique_ptr<domain::ImportService> imports;  // moving in from Excel (issue 14, item 4)
    std::unique_ptr<domain::CommissionerActivityService> commissioner_activity;  // 民生委員の活動記録 (issue 15)
    std::unique_ptr<domain::WatchListService> watch_list;                        // 見守り (issue 15, item 3)
    std::unique_ptr<domain::HouseholdSurveyService> household_surveys;    // 世帯訪問調査 (issue 15, item 2)
    std::unique_ptr<domain::MutualAidLiaisonService> mutual_aid_liaison;  // 支え愛連絡会 (issue 15, item 3)
    std::unique_ptr<domain::SasaeaiMapService> sasaeai_maps;              // 支え愛マップ (issue 15, item 3)
    std::unique_ptr<domain::OperatorConsole> operator_console;  // the operator of many towns (issue 14, item 3)
    std::unique_ptr<domain::OutreachService> outreach;          // アウトリーチ (issue 15, item 1)
    // The directory parsed once per town, shared by its search and 参加支援's ranking (before both).
    std::unique_ptr<domain::ResourceDirectoryCache> resource_directory_cache;
    std::unique_ptr<domain::ResourceDirectoryService> resource_directory;  // 資源台帳 (issue 16, item 1)
    std::unique_ptr<domain::CommunityDevelopmentService> community;        // 地域づくり (issue 16, items 4, 5)
    std::unique_ptr<domain::ParticipationMatchService> participation;      // 参加支援 (issue 16, item 3)
    std::unique_ptr<domain::PrefectureStatistics> prefecture;              // 県の集計 (issue 17, item 6)
    std::unique_ptr<domain::LonelinessService> loneliness;                 // 孤独感の測定 (issue 17, item 7)
    std::unique_ptr<domain::PartnershipService> partnerships;  // 官民連携プラットフォーム・協議会 (issue 16, item 6)
    std::unique_ptr<domain::TrainingService> training;                // 人材育成 (issue 17, item 9)
    std::unique_ptr<domain::EvaluationPlanService> evaluation_plans;  // 実施計画と評価 (issue 17, item 8)
    std::unique_ptr<domain::NationalReportService> national_report;   // 国報告 (issue 17, item 10)
    std::unique_ptr<domain::ExportJobService> exports;  // 出力ファイル, background exports (issue 17, item 4)
    std::unique_ptr<domain::PersonTraitService> person_traits;  // 課題と特性 (issue 17, item 3)
};

enum class Migration { kApply, kRequireCurrent };

struct ServicesOptions {
    int pool_size = 8;
    Migration migration = Migration::kApply;
    domain::AuthSettings auth;
    std::optional<Instant> fixed_clock;  // tests only: every service reads this instant as "now"
    // Where background exports write their files. Empty: $KASANE_EXPORTS_DIR, else "exports" beside a SQLite
    // database, else kasane-exports-<hash of the database URL> in the system's temporary directory.
    std::filesystem::path exports_dir;
    // PostgreSQL only: a streaming-replication hot standby of the database, for the aggregate counting of reports
    // (domain/aggregate_reads.hpp). Empty: everything is read from the database.
    std::string read_database_url;
};

// Opens `database_url` (sqlite:PATH, creating missing parent directories, or postgresql://...), applies or
// checks migrations, and builds the services. kSchemaTooNew when the database was migrated by a newer binary.
// With `read_database_url`: kInvalidArgument (field "read-db") unless both URLs are PostgreSQL; kUnavailable when
// the standby cannot be reached at start (a mistyped URL is not left to send every report to the primary).
Result<std::unique_ptr<Services>> OpenServices(std::string_view database_url, const ServicesOptions& options);

}  // namespace kasane::app
