// SPDX-License-Identifier: Apache-2.0
#include "domain/directory.hpp"

#include <algorithm>

#include "domain/repositories.hpp"

namespace kasane::domain {

Directory::Directory(Store& store) : store_(store) {}

Result<Municipality> Directory::MunicipalityOf(const Principal& principal) {
    return store_.Municipalities().Get(principal.Tenant());
}

Result<std::vector<Organization>> Directory::Organizations(const Principal& principal) {
    return store_.Tenant(principal.Tenant())->Organizations().List();
}

Result<Organization> Directory::GetOrganization(const Principal& principal, OrganizationId id) {
    return store_.Tenant(principal.Tenant())->Organizations().Get(id);
}

std::string Directory::OrganizationName(const Principal& principal, OrganizationId id) {
    auto organization = GetOrganization(principal, id);
    return organization ? organization->name : std::string();
}

Result<std::vector<Area>> Directory::Areas(const Principal& principal, std::optional<AreaKind> kind) {
    return store_.Tenant(principal.Tenant())->Areas().List(kind);
}

Result<Area> Directory::GetArea(const Principal& principal, AreaId id) {
    return store_.Tenant(principal.Tenant())->Areas().Get(id);
}

Result<std::vector<WorryCategory>> Directory::Categories(const Principal& principal) {
    return store_.Tenant(principal.Tenant())->Categories().List();
}

Result<std::vector<User>> Directory::Users(const Principal& principal) {
    return store_.Tenant(principal.Tenant())->Users().List();
}

Result<User> Directory::GetUser(const Principal& principal, UserId id) {
    return store_.Tenant(principal.Tenant())->Users().Get(id);
}

Result<MeetingBody> Directory::GetMeetingBody(const Principal& principal, MeetingBodyId id) {
    return store_.Tenant(principal.Tenant())->Meetings().GetBody(id);
}

Result<bool> Directory::AnyFictionalMunicipality() {
    auto municipalities = store_.Municipalities().List();
    if (!municipalities) return Fail(municipalities.error());
    return std::any_of(municipalities->begin(), municipalities->end(),
                       [](const Municipality& municipality) { return municipality.fictional; });
}

}  // namespace kasane::domain
