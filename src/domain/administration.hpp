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
#include "domain/audit.hpp"
#include "domain/auth.hpp"
#include "domain/category_master.hpp"
#include "domain/master_data.hpp"
#include "domain/post.hpp"
#include "domain/repositories.hpp"
#include "domain/town_settings.hpp"
#include "domain/user.hpp"

namespace kasane::domain {

struct UserRequest {
    OrganizationId organization_id{};
    std::string username;
    std::string display_name;
    std::vector<Role> roles;
    std::string password;
};

// A staff member as the administrator creates them (利用者の管理): the account and its first post, in an organisation
// of the municipality with the roles given, from `starts_on`.
struct StaffRequest {
    std::string username;
    std::string display_name;
    std::string password;
    std::vector<Role> roles;
    OrganizationId organization_id{};
    Date starts_on{};
};

// A move (異動) of a user on a date (post.hpp: PlanMove). `from_post_id` 0: the account's own organisation, for a
// user who has no posts yet (carried over as a post that ends the day before).
struct MoveRequest {
    UserId user_id{};
    PostId from_post_id = 0;
    OrganizationId organization_id{};
    std::vector<Role> roles;  // empty: the roles of the post left
    Date moves_on{};
};

// An area as the administrator adds or changes it (地域の管理).
struct AreaInput {
    AreaKind kind = AreaKind::kNeighborhood;
    std::string name;
    std::optional<int> households;
    std::optional<int> households_year;
};

// A category as 相談の分類の管理 lists it: how many consultations and cases carry it, and so whether taking it
// away deletes or retires it (RemovalOf).
struct CategoryRow {
    WorryCategory category;
    int uses = 0;
    CategoryRemoval removal = CategoryRemoval::kDelete;
};

// A setting as 設定 lists it: what it is, its value in force and whether the town set it.
struct TownSettingRow {
    TownSettingSpec spec;
    int value = 0;
    bool set_by_town = false;
};

// One row of an area list (地域の一括登録), read and checked: `error` (Japanese) when it cannot be imported.
struct AreaImportRow {
    int line = 0;  // the row's number in the file or sheet
    AreaInput area;
    std::optional<AreaId> existing;  // an area of the same kind and name: its household count is updated
    std::string error;
};
struct AreaImportPlan {
    std::string file_name;
    std::string sha256;
    std::string table_name;
    std::string encoding;  // as found (CSV), for the screen
    std::vector<AreaImportRow> rows;
    int errors = 0;
    int to_create = 0;
    int to_update = 0;
};

// One row of an organisation list (関係機関の一括登録), read and checked: `error` (Japanese) when it cannot be
// imported. An organisation of the same name exists already: its kind is set when the row names another.
struct OrganizationImportRow {
    int line = 0;  // the row's number in the file or sheet
    OrganizationKind kind = OrganizationKind::kOther;
    std::string name;
    std::optional<OrganizationId> existing;
    bool changes_kind = false;  // an existing organisation whose kind the row changes
    std::string error;
};
struct OrganizationImportPlan {
    std::string file_name;
    std::string sha256;
    std::string table_name;
    std::string encoding;  // as found (CSV), for the screen
    std::vector<OrganizationImportRow> rows;
    int errors = 0;
    int to_create = 0;
    int to_update = 0;  // existing organisations whose kind changes
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
    // The most bytes an organisation list may have; larger is refused before it is read (kPayloadTooLarge).
    static constexpr std::size_t kMaxOrganizationListBytes = 2 * 1024 * 1024;
    // Keeps an organisation list (CSV in UTF-8 or Shift_JIS, or XLSX; its first sheet) for the dry run
    // (list_upload.hpp). Administrators only. The upload's id.
    Result<std::int64_t> UploadOrganizationList(const Principal& principal, std::string_view file_name,
                                                std::string_view bytes);
    // The dry run: every row checked, writing nothing. Columns by header: 名称 (or 機関名, 団体名, 法人名, 事業所名,
    // 名前), 種別 (optional; `default_kind` when absent or empty: the labels Kasane shows, its codes, and the usual
    // short forms — 社協, 地域包括, NPO, 病院, 町内会 …). A row naming an existing organisation sets its kind.
    Result<OrganizationImportPlan> PlanOrganizationImport(const Principal& principal, std::int64_t upload_id,
                                                          OrganizationKind default_kind);
    // The import: refused (kInvalidArgument, field "file", nothing written) while any row has an error; else every
    // row in one transaction, each organisation audited (record type "organization") with the file's SHA-256.
    Result<OrganizationImportPlan> ConfirmOrganizationImport(const Principal& principal, std::int64_t upload_id,
                                                             OrganizationKind default_kind);
    Result<Area> CreateArea(const Principal& principal, AreaKind kind, std::string_view name);
    Result<User> AddUser(const Principal& principal, const UserRequest& request);
    Status ChangePassword(const Principal& principal, UserId user_id, std::string_view password);
    // A user changes their own password from a signed-in session (「パスワードの変更」): the current one must be given
    // (a session left open is not enough to take the account over); kInvalidArgument naming "current_password" when
    // it is wrong, "new_password" when the new one breaks the rules or equals the current one. Ends every session
    // of the user, this one included; audited.
    Status ChangeOwnPassword(const Principal& principal, std::string_view current_password,
                             std::string_view new_password);
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

    // --- 利用者の管理 (user_administration.cpp): administrators only, each change audited in its transaction ---
    // Creates the account and its first post (record types "user_account" and "user_post"). Errors name the field:
    // username, display_name, password, roles, organization_id, starts_on.
    Result<User> CreateStaff(const Principal& principal, const StaffRequest& request);
    // Ends the post left and starts the new one on the move date, in one transaction. The new post.
    Result<PostMove> MoveUser(const Principal& principal, const MoveRequest& request);
    // Clears a lock-out after failed sign-ins (auth.hpp: max_failures_per_account) and the failure count; audited.
    // kInvalidArgument, field "user_id", when the account is not locked.
    Status UnlockUser(const Principal& principal, UserId user_id);
    // Whether the account is locked out at `now` (auth.cpp's rule: locked_until in the future).
    static bool IsLockedOut(const User& user, Instant now);

    // --- 地域の管理 (area_administration.cpp): administrators only, audited (record type "area") ---
    // Errors name the field: kind, name, households, households_year; kConflict, field "name", for a name taken.
    Result<Area> AddArea(const Principal& principal, const AreaInput& input);
    // Renames an area and sets its household count (its kind stays). A change of nothing writes nothing.
    Result<Area> UpdateArea(const Principal& principal, AreaId id, const AreaInput& input);
    // Retires an area (active false) or restores it. Areas are never deleted: records and reports name them.
    Result<Area> SetAreaActive(const Principal& principal, AreaId id, bool active);
    // The most bytes an area list may have; larger is refused before it is read (kPayloadTooLarge, field "file").
    static constexpr std::size_t kMaxAreaListBytes = 2 * 1024 * 1024;
    // Keeps an area list (CSV in UTF-8 or Shift_JIS, or XLSX; its first sheet) for the dry run and the confirmation
    // (the import's uploads, import_repositories.hpp). kInvalidArgument (field "file") for a file that cannot be
    // read as a table. The upload's id.
    Result<std::int64_t> UploadAreaList(const Principal& principal, std::string_view file_name, std::string_view bytes);
    // The dry run: every row checked, writing nothing. Columns by header: 名称 (or 自治会名, 地域名, 名前), 種別
    // (optional; `default_kind` when absent or empty), 世帯数 (optional), 年 (the year of the count, optional; 西暦
    // or 令和・平成). A row of the same kind and name as an existing area updates its household count.
    Result<AreaImportPlan> PlanAreaImport(const Principal& principal, std::int64_t upload_id, AreaKind default_kind);
    // The import: refused (kInvalidArgument, field "file", nothing written) while any row has an error; else every
    // row in one transaction, audited with the file's SHA-256.
    Result<AreaImportPlan> ConfirmAreaImport(const Principal& principal, std::int64_t upload_id, AreaKind default_kind);

    // --- 相談の分類の管理 and 設定 (master_administration.cpp): administrators only, each change audited in its
    // transaction (record types "worry_category", "municipality_setting") ---
    // Every category of the town, retired ones included, in the town's order.
    Result<std::vector<CategoryRow>> ListCategories(const Principal& principal);
    // Adds a category at the end of the order. CheckCategoryName's errors (field "name").
    Result<WorryCategory> AddCategory(const Principal& principal, std::string_view name);
    Result<WorryCategory> RenameCategory(const Principal& principal, CategoryId id, std::string_view name);
    // Retires (false) or restores (true). Restoring checks the name against the active categories again.
    Result<WorryCategory> SetCategoryState(const Principal& principal, CategoryId id, CategoryState state);
    // Takes a category away: deleted when no record carries it, else retired (RemovalOf). What was done.
    Result<CategoryRemoval> RemoveCategory(const Principal& principal, CategoryId id);
    // Moves one category a place up or down; or sets the whole order (CheckCompleteOrder).
    Status MoveCategory(const Principal& principal, CategoryId id, MoveDirection direction);
    Status SetCategoryOrder(const Principal& principal, const std::vector<CategoryId>& ids);

    // The town's settings with their meaning, default and range (town_settings.hpp).
    Result<std::vector<TownSettingRow>> ListTownSettings(const Principal& principal);
    // Sets one (kNotFound, field "key", for an unknown key; ValidateTownSetting's errors).
    Result<TownSettingRow> SetTownSetting(const Principal& principal, std::string_view key, int value);
    // The town's wording of the 分野: anyone signed in reads it; administrators set it (CheckFieldLabel's errors).
    Result<FieldLabels> TownFieldLabels(const Principal& principal);
    Result<FieldLabels> SetFieldLabel(const Principal& principal, Field field, std::string_view label);

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

// The audit entry of a post added or ended (record type "user_post"), written as the administrator's own post, in
// `transaction`.
Status AppendPostAudit(Store& transaction, const Principal& principal, AuditAction action, const Post& post,
                       std::string_view fields, Instant at);

// Checks a display name of a master record: 1..max_length code points, valid UTF-8, no control characters.
Status ValidateName(std::string_view name, std::string_view field, std::size_t max_length);

}  // namespace kasane::domain
