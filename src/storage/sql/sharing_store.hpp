#pragma once

// The repositories of domain/sharing_repositories.hpp (consents, meeting bodies and meetings, emergency access),
// written once over SqlExecutor like those of intake_store.hpp, and migration 3 that creates their tables, written
// once for both dialects.

#include <memory>
#include <string>
#include <vector>

#include "domain/access.hpp"
#include "domain/sharing_repositories.hpp"
#include "storage/sql/intake_store.hpp"
#include "storage/sql/sql.hpp"

namespace kasane::storage {

Migration SharingMigration(const DdlTypes& types);
Migration PersonalSharingMigration(const DdlTypes& types);
// Migration 9: acknowledgements of the administrators' alerts (emergency accesses and DV protection removals).
Migration AlertAcknowledgementMigration(const DdlTypes& types);

// CHECK (column IN (…)) lists for migration 3, built from the domain's codes.
std::string LegalBasisCheckList();
std::string ConsentMethodCheckList();

// Fills consents, meetings and emergencies of facts[i] for the persons of groups[i] (one identity group each), on
// `connection` (PersonRepository::AccessFactsOfMany calls it inside its own read). Five statements at most for all
// the groups together, each over the set of their persons: consents with their organisations and bodies, agenda
// items, emergency accesses. Every emergency access of a group is returned, expired or not: the policy compares
// expires_at with its own clock. case_teams is left untouched.
Status ReadSharingFacts(SqlConnection& connection, MunicipalityId tenant,
                        const std::vector<std::vector<domain::PersonId>>& groups,
                        std::vector<domain::PersonAccessFacts>& facts);

// The three repositories of one municipality over one executor.
class SharingRepositories {
public:
    SharingRepositories(SqlExecutor& executor, MunicipalityId tenant);
    ~SharingRepositories();
    SharingRepositories(const SharingRepositories&) = delete;
    SharingRepositories& operator=(const SharingRepositories&) = delete;

    domain::ConsentRepository& Consents();
    domain::MeetingRepository& Meetings();
    domain::EmergencyAccessRepository& EmergencyAccesses();
    domain::AlertAcknowledgementRepository& AlertAcknowledgements();

private:
    struct Parts;
    std::unique_ptr<Parts> parts_;
};

}  // namespace kasane::storage
