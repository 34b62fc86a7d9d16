// SPDX-License-Identifier: Apache-2.0
#pragma once

// Use cases for master data and user accounts. Two kinds of caller:
//   - the operator at the machine (the `kasane` CLI), who acts on the installation as a whole;
//   - a signed-in administrator through the API or UI, who acts only within their own municipality.
// The Principal-taking methods check roles; the others are for the CLI and the demo loader.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/auth.hpp"
#include "domain/master_data.hpp"
#include "domain/repositories.hpp"
#include "domain/user.hpp"

namespace kasane::domain {

struct UserRequest {
    OrganizationId organization_id{};
    std::string username;
    std::string display_name;
    std::vector<Role> roles;
    std::string password;
};

class Administration {
public:
    Administration(Store& store, const Clock& clock);

    // --- the operator (CLI) ---
    // Registers a prefecture: the 2-digit 都道府県コード or its 6-digit 団体コード (normalised to 2 digits) and the
    // name JIS X 0401 gives that code. kInvalidArgument naming the field; kConflict, field "code", when registered.
    Result<Prefecture> CreatePrefecture(std::string_view code, std::string_view name);
    // Creates a municipality. Its prefecture is the first two digits of its code. Once any prefecture is
    // registered, that prefecture must be one of them (kInvalidArgument, field "code", otherwise), and the
    // municipality's prefecture_name is the registered name: taken from it when left empty, refused (field
    // "prefecture_name") when it differs. With no prefecture registered (an installation from before prefectures),
    // prefecture_name is required as given.
    Result<Municipality> CreateMunicipality(const Municipality& municipality);
    Result<Organization> CreateOrganization(MunicipalityId municipality_id, OrganizationKind kind,
                                            std::string_view name);
    Result<Area> CreateArea(MunicipalityId municipality_id, AreaKind kind, std::string_view name);
    Result<User> AddUser(MunicipalityId municipality_id, const UserRequest& request);
    // Sets a new password, ends the user's sessions and clears any lock-out; audited (actor 0: the operator).
    Status ChangePassword(MunicipalityId municipality_id, UserId user_id, std::string_view password);
    // Disables the account and ends its sessions at once.
    Status DisableUser(MunicipalityId municipality_id, UserId user_id);

    // --- the operator signed in (a system administrator: manages tenants, never personal data) ---
    // Creates a municipality (the tenant). kPermissionDenied for any other role; kInvalidArgument naming the field
    // for a bad 全国地方公共団体コード, name or prefecture name; kConflict when the code exists.
    Result<Municipality> CreateMunicipality(const Principal& principal, const Municipality& municipality);
    // Registers a prefecture and lists them: the system administrator only (kPermissionDenied otherwise).
    Result<Prefecture> CreatePrefecture(const Principal& principal, std::string_view code, std::string_view name);
    Result<std::vector<Prefecture>> ListPrefectures(const Principal& principal);

    // --- a signed-in administrator (municipal or system administrator) of the principal's municipality ---
    // Adds an organisation; renames it and sets its kind (organization_administration.cpp). Administrators only;
    // kInvalidArgument or kPayloadTooLarge, field "name", for a bad name; kConflict, field "name", for a name taken;
    // kNotFound for an organisation of another municipality. Audited (record type "organization"); an update that
    // changes nothing writes nothing.
    Result<Organization> CreateOrganization(const Principal& principal, OrganizationKind kind, std::string_view name);
    Result<Organization> UpdateOrganization(const Principal& principal, OrganizationId id, OrganizationKind kind,
                                            std::string_view name);
    Result<Area> CreateArea(const Principal& principal, AreaKind kind, std::string_view name);
    Result<User> AddUser(const Principal& principal, const UserRequest& request);
    Status ChangePassword(const Principal& principal, UserId user_id, std::string_view password);
    Status DisableUser(const Principal& principal, UserId user_id);

    // Administrators and auditors see the accounts of their municipality; anyone sees their own.
    Result<std::vector<User>> ListUsers(const Principal& principal);
    Result<User> GetUser(const Principal& principal, UserId user_id);
    Result<std::vector<ApiToken>> ListApiTokens(const Principal& principal);
    // Sign-in, sign-out and account events, newest first: administrators and auditors.
    Result<std::vector<AuthEvent>> ListAuthEvents(const Principal& principal, int limit);

    // --- posts (post.hpp): 出向 and 異動. Administrators add and end posts; administrators and auditors list them,
    // and anyone lists their own. Adding and ending are audited (record type "user_post").
    Result<std::vector<Post>> ListPosts(const Principal& principal, UserId user_id);
    // Adds a post (ids and dates of `post` as requested; user_id from the argument). The first post of a user who
    // had none carries the account's own organisation and roles over as a post starting the day the account was
    // made (post.hpp). kNotFound, field "organization_id", for an organisation of another municipality.
    Result<Post> AddPost(const Principal& principal, UserId user_id, const Post& post);
    // Ends a post on `ends_on` (its last day). kInvalidArgument, field "ends_on", before its first day.
    Result<Post> EndPost(const Principal& principal, PostId post_id, Date ends_on);

    static bool IsAdministrator(const Principal& principal);

private:
    Status SetPassword(MunicipalityId municipality_id, UserId user_id, std::string_view password, UserId actor,
                       OrganizationId actor_organization, std::string_view detail);

    Store& store_;
    const Clock& clock_;
};

// The rules of a new municipality, against the store (or transaction) it is to be created in: the
// 全国地方公共団体コード with its check digit, a municipality's code (not a prefecture's), the name, and the
// prefecture (registered when any is; its name taken or checked). The municipality to create, or the first error
// naming its field. Administration::CreateMunicipality and TownSetup both apply it.
Result<Municipality> CheckNewMunicipality(Store& store, const Municipality& requested);

// Checks a display name of a master record: 1..max_length code points, valid UTF-8, no control characters.
Status ValidateName(std::string_view name, std::string_view field, std::size_t max_length);

}  // namespace kasane::domain
