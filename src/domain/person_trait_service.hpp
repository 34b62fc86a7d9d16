// SPDX-License-Identifier: Apache-2.0
#pragma once

// The use cases of 課題と特性 (person_traits.hpp): reading and setting a person's traits. Who may is the person's
// access decision (PersonService::Authorize, MayReadPersonTraits) and, for a change, the change policy of the
// person's record (PersonService::DecideChangeOf, ChangeKind::kIdentity); nothing is decided twice. Every read is
// audited like a read of the person, every change in one transaction with its audit entry.

#include <string>
#include <vector>

#include "base/time.hpp"
#include "domain/intake.hpp"
#include "domain/person_trait_repositories.hpp"
#include "domain/person_traits.hpp"
#include "domain/repositories.hpp"

namespace kasane::domain {

struct PersonTraitsView {
    PersonTraits traits;
    std::string person_name;      // as the reader may see it
    std::string updated_by_name;  // empty when never set
    bool may_edit = false;
};

class PersonTraitService {
public:
    PersonTraitService(Store& store, PersonTraitRepositories repositories, const Clock& clock, AuditRecorder& audit,
                       PersonService& persons);

    // kNotFound for a person the actor may not read (as the person's page); kPermissionDenied for one who reads the
    // person but not its 要配慮個人情報. The read is audited (record type person_traits) on the decision's basis.
    Result<PersonTraitsView> Get(const Actor& actor, PersonId id);
    // Sets the traits to the codes given (ParsePersonTraits: an unknown code kInvalidArgument naming "traits", a code
    // given twice kept once). Refused as Get refuses, and with kPermissionDenied (the change policy's reason) for a
    // reader who may not change the person's record. Audited as an update of the person (fields "traits", the codes
    // before and after in the detail).
    Result<PersonTraitsView> Set(const Actor& actor, PersonId id, const std::vector<std::string>& codes);

private:
    // The decision for the person when the actor may read its traits.
    Result<AccessDecision> Readable(const Actor& actor, PersonId id);
    Result<PersonTraitsView> ViewOf(const Actor& actor, PersonId id, const AccessDecision& decision);

    Store& store_;
    PersonTraitRepositories repositories_;
    const Clock& clock_;
    AuditRecorder& audit_;
    PersonService& persons_;
};

}  // namespace kasane::domain
