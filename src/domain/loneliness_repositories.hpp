// SPDX-License-Identifier: Apache-2.0
#pragma once

// Port of the loneliness outcomes (loneliness.hpp). Same conventions as repositories.hpp: every method acts within
// the TenantStore's municipality. Reached through LonelinessRepositories (as community_development_repositories.hpp),
// not through TenantStore, whose header every module includes.

#include <functional>
#include <memory>
#include <vector>

#include "base/result.hpp"
#include "domain/loneliness.hpp"

namespace kasane::domain {

class LonelinessRepository {
public:
    virtual ~LonelinessRepository() = default;
    // Stores a new measure (id ignored) with its answers and isolation items. Invalid argument naming the field for a
    // consultation, person or user not of this municipality.
    virtual Result<LonelinessMeasure> Add(const LonelinessMeasure& measure) = 0;
    // The measures recorded on one consultation, by date then id.
    virtual Result<std::vector<LonelinessMeasure>> OfConsultation(ConsultationId consultation_id) = 0;
    // The measures of one person, on any consultation, by date then id.
    virtual Result<std::vector<LonelinessMeasure>> OfPerson(PersonId person_id) = 0;
    // The measures administered on the days [first_day, end_day), by date then id: the outcome report's.
    virtual Result<std::vector<LonelinessMeasure>> Between(Date first_day, Date end_day) = 0;
};

class TenantStore;
// The repository of a tenant store (of a transaction too): storage::LonelinessOf in the composition root.
using LonelinessRepositories = std::function<std::unique_ptr<LonelinessRepository>(TenantStore&)>;

}  // namespace kasane::domain
