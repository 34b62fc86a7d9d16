// SPDX-License-Identifier: Apache-2.0
#pragma once

// The town's directory: what every signed-in member of a municipality reads of its master data and staff to fill
// the lists, choices and names of pages and API answers — the municipality, its organisations, areas, worry
// categories, the accounts of its staff (names and organisation, for choosing a lead or naming an author) and the
// names of its meeting bodies. No personal data of the persons supported is reached here: that goes through the
// access policy of the intake, sharing and case services. Administering these records (adding, changing,
// listing accounts with their tokens and events) is Administration's, with its role checks.
//
// Every read is scoped to the principal's own municipality (Store::Tenant): another town's record is "not found".

#include <optional>
#include <string>
#include <vector>

#include "base/ids.hpp"
#include "base/result.hpp"
#include "domain/auth.hpp"
#include "domain/consultation.hpp"
#include "domain/master_data.hpp"
#include "domain/sharing.hpp"
#include "domain/user.hpp"

namespace kasane::domain {

class Store;

class Directory {
public:
    explicit Directory(Store& store);

    Result<Municipality> MunicipalityOf(const Principal& principal);
    Result<std::vector<Organization>> Organizations(const Principal& principal);  // by id
    Result<Organization> GetOrganization(const Principal& principal, OrganizationId id);
    // The organisation's name, or "" when it cannot be read (a name on a page is not worth an error page).
    std::string OrganizationName(const Principal& principal, OrganizationId id);
    // Area masters (自治会, 小学校区, ...), of one kind when given.
    Result<std::vector<Area>> Areas(const Principal& principal, std::optional<AreaKind> kind);
    Result<Area> GetArea(const Principal& principal, AreaId id);
    Result<std::vector<WorryCategory>> Categories(const Principal& principal);  // by sort order
    // The staff accounts of the municipality, by id (names, organisation and roles; no credentials are in User).
    Result<std::vector<User>> Users(const Principal& principal);
    Result<User> GetUser(const Principal& principal, UserId id);
    // A meeting body, for its name (its members' pledges are the sharing service's to judge).
    Result<MeetingBody> GetMeetingBody(const Principal& principal, MeetingBodyId id);

    // Installation-wide, before anyone signs in: whether any municipality is fictional (the demo banner).
    Result<bool> AnyFictionalMunicipality();

private:
    Store& store_;
};

}  // namespace kasane::domain
