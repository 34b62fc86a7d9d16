// SPDX-License-Identifier: Apache-2.0
#pragma once

// The port of 課題と特性 (person_traits.hpp). Same conventions as repositories.hpp: every method acts within the
// TenantStore's municipality; a person of another municipality is kNotFound.

#include <functional>
#include <memory>
#include <vector>

#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/person_traits.hpp"

namespace kasane::domain {

class PersonTraitRepository {
public:
    virtual ~PersonTraitRepository() = default;
    // The traits of the person and of every record merged into it (名寄せ: the survivor carries the union), with when
    // and by whom the person's own traits were last set. No traits and no updated_at for a person never set;
    // kNotFound for a person not of this municipality.
    virtual Result<PersonTraits> Get(PersonId id) = 0;
    // Sets the person's traits to `traits` (an empty list clears them), replacing those of the person and of every
    // record merged into it, and records `at` and `by`. kNotFound for a person not of this municipality.
    virtual Status Replace(PersonId id, const std::vector<PersonTrait>& traits, UserId by, Instant at) = 0;
    // The persons the 実人数 of [from, to) counts — the survivors of the persons of the counted contacts
    // (contacts.counted, occurred_at in the period), as ReportRepository::CountConsultations counts them — each once,
    // with the traits of its own record and of every record merged into it. One query.
    virtual Result<std::vector<CountedPersonTraits>> CountedPersons(Instant from, Instant to) = 0;
    // 課題と特性別 of [from, to): CountTraits of CountedPersons; a whole 年度 read from the 年度集計's maintained
    // facets (report_aggregates.hpp).
    virtual Result<TraitCounts> Count(Instant from, Instant to) = 0;
};

class TenantStore;
// The repository of a tenant store (of the store or of a transaction), given by the composition root
// (storage::PersonTraitsOf), as TrainingRepositories is.
using PersonTraitRepositories = std::function<std::unique_ptr<PersonTraitRepository>(TenantStore&)>;

}  // namespace kasane::domain
