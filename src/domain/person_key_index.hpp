// SPDX-License-Identifier: Apache-2.0
#pragma once

// Which of many persons' keys some recorded person has: the import's duplicate check against the recorded persons
// (import_service.hpp) asks it once for a whole file, then runs PersonService::FindDuplicates only for the persons
// one of whose keys is recorded — FindDuplicates finds a candidate only through a recorded birth date, phone or
// address, so the others have none, and a year's file has thousands of persons (three statements each, twice).
//
// An optional capability of a PersonRepository (the SQL store's offers it; the import asks with dynamic_cast and,
// without it, checks every person as before). Kept out of intake_repositories.hpp so that adding it did not rebuild
// every translation unit; it belongs there when that header next changes.

#include <set>
#include <string>

#include "base/japanese_date.hpp"
#include "base/result.hpp"

namespace kasane::domain {

struct RecordedPersonKeys {
    std::set<Date> birth_dates;
    std::set<std::string> phone_keys;
    std::set<std::string> address_keys;
};

class PersonKeyIndex {
public:
    virtual ~PersonKeyIndex() = default;
    // Of the given birth dates, phone keys and address keys (PersonSearchKeys), those that some person of the tenant
    // has, merged-away records included: a person none of whose keys is among them has no hit in FindByBirthDate,
    // FindByPhone nor, once the hits are compared on the whole address key, in FindByGrams of the address. A few
    // statements however many keys.
    virtual Result<RecordedPersonKeys> RecordedKeys(const std::set<Date>& birth_dates,
                                                    const std::set<std::string>& phone_keys,
                                                    const std::set<std::string>& address_keys) = 0;
};

}  // namespace kasane::domain
