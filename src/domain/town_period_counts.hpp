// SPDX-License-Identifier: Apache-2.0
#pragma once

// One town's counts of a period, read from the store by the town's own counting rules (report_service.cpp): the
// 年度集計's figures for the town's readers (ReportService) and for the prefecture's roll-up (PrefectureStatistics).

#include "base/ids.hpp"
#include "base/result.hpp"
#include "domain/person_trait_repositories.hpp"
#include "domain/report.hpp"
#include "domain/repositories.hpp"

namespace kasane::domain {

// The counts of one period of a town, shown at the figures: no access check, no audit (the callers do both).
Result<FiscalYearReport> ReadTownPeriod(Store& store, MunicipalityId town, const ReportPeriod& period, Figures figures);
// The same with 課題と特性別 (FiscalYearReport::by_trait) read through `traits`
// (PersonTraitRepository::CountedPersons); an empty `traits` reads none.
Result<FiscalYearReport> ReadTownPeriod(Store& store, const PersonTraitRepositories& traits, MunicipalityId town,
                                        const ReportPeriod& period, Figures figures);

}  // namespace kasane::domain
