// SPDX-License-Identifier: Apache-2.0
// The order of the schema's migrations after the first: one list for both dialects (each backend's schema.cpp spells
// migration 1 and its DDL types, then takes these). A new migration is added at the end, never in between.

#include <utility>

#include "storage/sql/migrations.hpp"

namespace kasane::storage {

std::vector<Migration> MigrationsAfterTheFirst(const DdlTypes& types, std::string_view backend) {
    std::vector<Migration> migrations;
    migrations.push_back(IntakeMigration(types));
    migrations.push_back(SharingMigration(types));
    migrations.push_back(CaseMigration(types));
    migrations.push_back(PersonalSharingMigration(types));
    migrations.push_back(SecondFactorMigration(types));
    migrations.push_back(PersonHolderMigration(types));
    migrations.push_back(PostMigration(types));
    migrations.push_back(PrefectureMigration(types));
    migrations.push_back(AlertAcknowledgementMigration(types));
    migrations.push_back(ConsultationLifecycleMigration(types));
    migrations.push_back(DraftMigration(types));
    migrations.push_back(ConsultationReceivedAtMigration(types));
    migrations.push_back(AnonymousConsultationMigration(types, backend));
    migrations.push_back(TownSetupMigration(types, backend));
    migrations.push_back(OrganizationKindsMigration(types, backend));
    migrations.push_back(ImportMigration(types));
    migrations.push_back(AreaHouseholdsMigration(types, backend));
    migrations.push_back(CommissionerActivityMigration(types));
    migrations.push_back(WatchListMigration(types));
    migrations.push_back(SasaeaiMapMigration(types));
    migrations.push_back(CategoryNamesMigration(types));
    migrations.push_back(OutreachMigration(types));
    migrations.push_back(HouseholdSurveyMigration(types));
    migrations.push_back(SurveyOfflineSyncMigration(types));
    migrations.push_back(MutualAidLiaisonMigration(types, backend));
    migrations.push_back(ResourceDirectoryMigration(types));
    migrations.push_back(ParticipationMatchMigration(types));
    migrations.push_back(ContactsIndexMigration(types));
    migrations.push_back(ParticipationDirectoryIndexMigration(types));
    migrations.push_back(CommunityDevelopmentMigration(types));
    migrations.push_back(CommunityIssuesMigration(types));
    migrations.push_back(PrefectureStatisticsMigration(types));
    migrations.push_back(LonelinessMigration(types));
    migrations.push_back(PartnershipPlatformMigration(types));
    migrations.push_back(TrainingMigration(types));
    migrations.push_back(InternalMeetingsMigration(backend));
    migrations.push_back(EvaluationPlanMigration(types));
    migrations.push_back(ExportJobMigration(types));
    migrations.push_back(PersonTraitsMigration(types));
    migrations.push_back(ProgramResultMigration(types));
    migrations.push_back(ExportRetentionMigration(backend));
    migrations.push_back(ReportAggregatesMigration(types));
    migrations.push_back(ReportAggregatesFillMigration());
    migrations.push_back(PersonSearchReachMigration(types));
    migrations.push_back(DeskIndexesMigration(types));
    migrations.push_back(KeyFirstColumnsMigration(backend));
    migrations.push_back(AccessVersionsMigration(types, backend));
    migrations.push_back(PersonSearchReachKeysFirstMigration());
    migrations.push_back(AccessVersionsByKeyMigration(backend));
    migrations.push_back(DeskReferralsCoveredMigration());
    migrations.push_back(ReportFacetsMigration(types));
    migrations.push_back(AccountVersionsMigration(types, backend));
    return migrations;
}

}  // namespace kasane::storage
