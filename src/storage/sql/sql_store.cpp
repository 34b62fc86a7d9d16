#include "storage/sql/sql_store.hpp"

#include <algorithm>
#include <charconv>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "base/log.hpp"
#include "storage/sql/case_store.hpp"
#include "storage/sql/intake_store.hpp"
#include "storage/sql/post_store.hpp"
#include "storage/sql/sharing_store.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {

// ---------------------------------------------------------------------------------------------------------------
// SqlRow

bool SqlRow::IsNull(std::size_t column) const { return column >= values_.size() || !values_[column].has_value(); }

Result<std::string> SqlRow::Text(std::size_t column) const {
    if (IsNull(column)) return Fail(Error::Internal());
    return *values_[column];
}

Result<std::int64_t> SqlRow::Integer(std::size_t column) const {
    if (IsNull(column)) return Fail(Error::Internal());
    const std::string& text = *values_[column];
    std::int64_t value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size()) return Fail(Error::Internal());
    return value;
}

std::optional<std::int64_t> SqlRow::OptionalInteger(std::size_t column) const {
    if (IsNull(column)) return std::nullopt;
    auto value = Integer(column);
    if (!value) return std::nullopt;
    return *value;
}

Result<bool> SqlRow::Boolean(std::size_t column) const {
    if (IsNull(column)) return Fail(Error::Internal());
    const std::string& text = *values_[column];
    if (text == "1" || text == "t" || text == "true") return true;
    if (text == "0" || text == "f" || text == "false") return false;
    return Fail(Error::Internal());
}

Result<Instant> SqlRow::Time(std::size_t column) const {
    if (IsNull(column)) return Fail(Error::Internal());
    auto parsed = ParseIso8601(*values_[column]);
    if (!parsed) return Fail(Error::Internal());
    return *parsed;
}

Result<std::optional<Instant>> SqlRow::OptionalTime(std::size_t column) const {
    if (IsNull(column)) return std::optional<Instant>{};
    auto parsed = Time(column);
    if (!parsed) return Fail(parsed.error());
    return std::optional<Instant>(*parsed);
}

namespace {

using domain::ApiToken;
using domain::Area;
using domain::AreaKind;
using domain::AuthEvent;
using domain::Municipality;
using domain::NewUser;
using domain::Organization;
using domain::OrganizationKind;
using domain::PendingSignIn;
using domain::Prefecture;
using domain::Role;
using domain::SecondFactor;
using domain::Session;
using domain::User;
using sql_support::IdOrNull;
using sql_support::OptionalTimeText;
using sql_support::ReadInto;
using sql_support::TextOrNull;
using sql_support::WithField;
using sql_support::WriteInto;

// ---------------------------------------------------------------------------------------------------------------
// Municipalities

constexpr SqlStatement kInsertMunicipality{
    "insert_municipality",
    "INSERT INTO municipalities (code, name, prefecture_name, fictional) VALUES ($1, $2, $3, $4) RETURNING id"};
constexpr SqlStatement kSelectMunicipality{
    "select_municipality", "SELECT id, code, name, prefecture_name, fictional FROM municipalities WHERE id = $1"};
constexpr SqlStatement kSelectMunicipalityByCode{
    "select_municipality_by_code",
    "SELECT id, code, name, prefecture_name, fictional FROM municipalities WHERE code = $1"};
constexpr SqlStatement kListMunicipalities{
    "list_municipalities", "SELECT id, code, name, prefecture_name, fictional FROM municipalities ORDER BY code"};

Result<Municipality> MunicipalityFromRow(const SqlRow& row) {
    Municipality municipality;
    auto id = row.Integer(0);
    auto code = row.Text(1);
    auto name = row.Text(2);
    auto prefecture_name = row.Text(3);
    auto fictional = row.Boolean(4);
    if (!id || !code || !name || !prefecture_name || !fictional) return Fail(Error::Internal());
    municipality.id = *id;
    municipality.code = std::move(*code);
    municipality.name = std::move(*name);
    municipality.prefecture_name = std::move(*prefecture_name);
    municipality.fictional = *fictional;
    return municipality;
}

Status ReadOneMunicipality(const Result<SqlResult>& result, Municipality& out) {
    if (!result) return Fail(result.error());
    if (result->Empty()) return Fail(Error::NotFound("市町村が見つかりません"));
    auto municipality = MunicipalityFromRow(SqlRow(result->rows.front()));
    if (!municipality) return Fail(municipality.error());
    out = std::move(*municipality);
    return {};
}

class SqlMunicipalityRepository final : public domain::MunicipalityRepository {
public:
    explicit SqlMunicipalityRepository(SqlExecutor& executor) : executor_(executor) {}

    Result<Municipality> Create(const Municipality& municipality) override {
        return WriteInto<Municipality>(executor_, [&](SqlConnection& connection, Municipality& out) -> Status {
            auto result = connection.Execute(
                kInsertMunicipality,
                {municipality.code, municipality.name, municipality.prefecture_name, municipality.fictional});
            if (!result) {
                if (result.error().Is(ErrorCode::kConflict)) {
                    return Fail(Error::Conflict("この団体コードの市町村は既に登録されています", "code"));
                }
                return Fail(result.error());
            }
            auto id = SqlRow(result->rows.at(0)).Integer(0);
            if (!id) return Fail(id.error());
            out = municipality;
            out.id = *id;
            return {};
        });
    }

    Result<Municipality> Get(MunicipalityId id) override {
        return ReadInto<Municipality>(executor_, [&](SqlConnection& connection, Municipality& out) {
            return ReadOneMunicipality(connection.Execute(kSelectMunicipality, {id}), out);
        });
    }

    Result<Municipality> FindByCode(std::string_view code) override {
        return ReadInto<Municipality>(executor_, [&](SqlConnection& connection, Municipality& out) {
            return ReadOneMunicipality(connection.Execute(kSelectMunicipalityByCode, {code}), out);
        });
    }

    Result<std::vector<Municipality>> List() override {
        using List = std::vector<Municipality>;
        return ReadInto<List>(executor_, [&](SqlConnection& connection, List& out) -> Status {
            auto result = connection.Execute(kListMunicipalities, {});
            if (!result) return Fail(result.error());
            for (const auto& values : result->rows) {
                auto municipality = MunicipalityFromRow(SqlRow(values));
                if (!municipality) return Fail(municipality.error());
                out.push_back(std::move(*municipality));
            }
            return {};
        });
    }

private:
    SqlExecutor& executor_;
};

// ---------------------------------------------------------------------------------------------------------------
// Prefectures

constexpr SqlStatement kInsertPrefecture{"insert_prefecture",
                                         "INSERT INTO prefectures (code, name, created_at) VALUES ($1, $2, $3)"};
constexpr SqlStatement kSelectPrefecture{"select_prefecture",
                                         "SELECT code, name, created_at FROM prefectures WHERE code = $1"};
constexpr SqlStatement kListPrefectures{"list_prefectures",
                                        "SELECT code, name, created_at FROM prefectures ORDER BY code"};

Result<Prefecture> PrefectureFromRow(const SqlRow& row) {
    auto code = row.Text(0);
    auto name = row.Text(1);
    auto created_at = row.Time(2);
    if (!code || !name || !created_at) return Fail(Error::Internal());
    return Prefecture{.code = std::move(*code), .name = std::move(*name), .created_at = *created_at};
}

class SqlPrefectureRepository final : public domain::PrefectureRepository {
public:
    explicit SqlPrefectureRepository(SqlExecutor& executor) : executor_(executor) {}

    Result<Prefecture> Create(const Prefecture& prefecture) override {
        return WriteInto<Prefecture>(executor_, [&](SqlConnection& connection, Prefecture& out) -> Status {
            auto result = connection.Execute(kInsertPrefecture,
                                             {prefecture.code, prefecture.name, FormatIso8601(prefecture.created_at)});
            if (!result) {
                if (result.error().Is(ErrorCode::kConflict)) {
                    return Fail(Error::Conflict("この都道府県は既に登録されています", "code"));
                }
                return Fail(result.error());
            }
            out = prefecture;
            return {};
        });
    }

    Result<Prefecture> Get(std::string_view code) override {
        return ReadInto<Prefecture>(executor_, [&](SqlConnection& connection, Prefecture& out) -> Status {
            auto result = connection.Execute(kSelectPrefecture, {code});
            if (!result) return Fail(result.error());
            if (result->Empty()) return Fail(Error::NotFound("都道府県が登録されていません"));
            auto prefecture = PrefectureFromRow(SqlRow(result->rows.front()));
            if (!prefecture) return Fail(prefecture.error());
            out = std::move(*prefecture);
            return {};
        });
    }

    Result<std::vector<Prefecture>> List() override {
        using List = std::vector<Prefecture>;
        return ReadInto<List>(executor_, [&](SqlConnection& connection, List& out) -> Status {
            auto result = connection.Execute(kListPrefectures, {});
            if (!result) return Fail(result.error());
            for (const auto& values : result->rows) {
                auto prefecture = PrefectureFromRow(SqlRow(values));
                if (!prefecture) return Fail(prefecture.error());
                out.push_back(std::move(*prefecture));
            }
            return {};
        });
    }

private:
    SqlExecutor& executor_;
};

// ---------------------------------------------------------------------------------------------------------------
// Organizations

constexpr SqlStatement kInsertOrganization{
    "insert_organization", "INSERT INTO organizations (municipality_id, kind, name) VALUES ($1, $2, $3) RETURNING id"};
constexpr SqlStatement kSelectOrganization{
    "select_organization",
    "SELECT id, municipality_id, kind, name FROM organizations WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kListOrganizations{
    "list_organizations",
    "SELECT id, municipality_id, kind, name FROM organizations WHERE municipality_id = $1 ORDER BY id"};

Result<Organization> OrganizationFromRow(const SqlRow& row) {
    auto id = row.Integer(0);
    auto municipality_id = row.Integer(1);
    auto kind_code = row.Text(2);
    auto name = row.Text(3);
    if (!id || !municipality_id || !kind_code || !name) return Fail(Error::Internal());
    auto kind = domain::ParseOrganizationKind(*kind_code);
    if (!kind) return Fail(Error::Internal());
    return Organization{.id = *id, .municipality_id = *municipality_id, .kind = *kind, .name = std::move(*name)};
}

class SqlOrganizationRepository final : public domain::OrganizationRepository {
public:
    SqlOrganizationRepository(SqlExecutor& executor, MunicipalityId tenant) : executor_(executor), tenant_(tenant) {}

    Result<Organization> Create(OrganizationKind kind, std::string_view name) override {
        return WriteInto<Organization>(executor_, [&](SqlConnection& connection, Organization& out) -> Status {
            auto result = connection.Execute(kInsertOrganization, {tenant_, domain::OrganizationKindCode(kind), name});
            if (!result) {
                if (result.error().Is(ErrorCode::kConflict)) {
                    return Fail(Error::Conflict("同じ名前の機関が既に登録されています", "name"));
                }
                if (result.error().Is(ErrorCode::kNotFound)) return Fail(Error::NotFound("市町村が見つかりません"));
                return Fail(result.error());
            }
            auto id = SqlRow(result->rows.at(0)).Integer(0);
            if (!id) return Fail(id.error());
            out = Organization{.id = *id, .municipality_id = tenant_, .kind = kind, .name = std::string(name)};
            return {};
        });
    }

    Result<Organization> Get(OrganizationId id) override {
        return ReadInto<Organization>(executor_, [&](SqlConnection& connection, Organization& out) -> Status {
            auto result = connection.Execute(kSelectOrganization, {id, tenant_});
            if (!result) return Fail(result.error());
            if (result->Empty()) return Fail(Error::NotFound("機関が見つかりません"));
            auto organization = OrganizationFromRow(SqlRow(result->rows.front()));
            if (!organization) return Fail(organization.error());
            out = std::move(*organization);
            return {};
        });
    }

    Result<std::vector<Organization>> List() override {
        using List = std::vector<Organization>;
        return ReadInto<List>(executor_, [&](SqlConnection& connection, List& out) -> Status {
            auto result = connection.Execute(kListOrganizations, {tenant_});
            if (!result) return Fail(result.error());
            for (const auto& values : result->rows) {
                auto organization = OrganizationFromRow(SqlRow(values));
                if (!organization) return Fail(organization.error());
                out.push_back(std::move(*organization));
            }
            return {};
        });
    }

private:
    SqlExecutor& executor_;
    MunicipalityId tenant_;
};

// ---------------------------------------------------------------------------------------------------------------
// Areas

constexpr SqlStatement kInsertArea{"insert_area",
                                   "INSERT INTO areas (municipality_id, kind, name) VALUES ($1, $2, $3) RETURNING id"};
constexpr SqlStatement kSelectArea{
    "select_area", "SELECT id, municipality_id, kind, name FROM areas WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kListAreas{
    "list_areas", "SELECT id, municipality_id, kind, name FROM areas WHERE municipality_id = $1 ORDER BY id"};
constexpr SqlStatement kListAreasOfKind{
    "list_areas_of_kind",
    "SELECT id, municipality_id, kind, name FROM areas WHERE municipality_id = $1 AND kind = $2 ORDER BY id"};

Result<Area> AreaFromRow(const SqlRow& row) {
    auto id = row.Integer(0);
    auto municipality_id = row.Integer(1);
    auto kind_code = row.Text(2);
    auto name = row.Text(3);
    if (!id || !municipality_id || !kind_code || !name) return Fail(Error::Internal());
    auto kind = domain::ParseAreaKind(*kind_code);
    if (!kind) return Fail(Error::Internal());
    return Area{.id = *id, .municipality_id = *municipality_id, .kind = *kind, .name = std::move(*name)};
}

// The enum's order, not the code's spelling: "ordered by kind" means 自治会, 小学校区, 中学校区, 民生委員区.
int AreaKindOrder(AreaKind kind) {
    int order = 0;
    for (AreaKind candidate : domain::kAllAreaKinds) {
        if (candidate == kind) return order;
        ++order;
    }
    return order;
}

class SqlAreaRepository final : public domain::AreaRepository {
public:
    SqlAreaRepository(SqlExecutor& executor, MunicipalityId tenant) : executor_(executor), tenant_(tenant) {}

    Result<Area> Create(AreaKind kind, std::string_view name) override {
        return WriteInto<Area>(executor_, [&](SqlConnection& connection, Area& out) -> Status {
            auto result = connection.Execute(kInsertArea, {tenant_, domain::AreaKindCode(kind), name});
            if (!result) {
                if (result.error().Is(ErrorCode::kConflict)) {
                    return Fail(Error::Conflict("同じ種類・同じ名前の地区が既に登録されています", "name"));
                }
                if (result.error().Is(ErrorCode::kNotFound)) return Fail(Error::NotFound("市町村が見つかりません"));
                return Fail(result.error());
            }
            auto id = SqlRow(result->rows.at(0)).Integer(0);
            if (!id) return Fail(id.error());
            out = Area{.id = *id, .municipality_id = tenant_, .kind = kind, .name = std::string(name)};
            return {};
        });
    }

    Result<Area> Get(AreaId id) override {
        return ReadInto<Area>(executor_, [&](SqlConnection& connection, Area& out) -> Status {
            auto result = connection.Execute(kSelectArea, {id, tenant_});
            if (!result) return Fail(result.error());
            if (result->Empty()) return Fail(Error::NotFound("地区が見つかりません"));
            auto area = AreaFromRow(SqlRow(result->rows.front()));
            if (!area) return Fail(area.error());
            out = std::move(*area);
            return {};
        });
    }

    Result<std::vector<Area>> List(std::optional<AreaKind> kind) override {
        using List = std::vector<Area>;
        return ReadInto<List>(executor_, [&](SqlConnection& connection, List& out) -> Status {
            auto result = kind ? connection.Execute(kListAreasOfKind, {tenant_, domain::AreaKindCode(*kind)})
                               : connection.Execute(kListAreas, {tenant_});
            if (!result) return Fail(result.error());
            for (const auto& values : result->rows) {
                auto area = AreaFromRow(SqlRow(values));
                if (!area) return Fail(area.error());
                out.push_back(std::move(*area));
            }
            // Rows come ordered by id; a stable sort by kind keeps that order within a kind.
            std::stable_sort(out.begin(), out.end(), [](const Area& a, const Area& b) {
                return AreaKindOrder(a.kind) < AreaKindOrder(b.kind);
            });
            return {};
        });
    }

private:
    SqlExecutor& executor_;
    MunicipalityId tenant_;
};

// ---------------------------------------------------------------------------------------------------------------
// Users. A user is read with one statement (users LEFT JOIN user_roles, one row per role), so that the user and
// its roles come from one snapshot; the rows are folded back into users here.

constexpr SqlStatement kSelectUser{
    "select_user",
    "SELECT u.id, u.municipality_id, u.organization_id, u.username, u.display_name, u.password_hash, u.disabled, "
    "u.failed_sign_ins, u.locked_until, u.created_at, r.role "
    "FROM users u LEFT JOIN user_roles r ON r.user_id = u.id WHERE u.id = $1 AND u.municipality_id = $2"};
constexpr SqlStatement kListUsers{
    "list_users",
    "SELECT u.id, u.municipality_id, u.organization_id, u.username, u.display_name, u.password_hash, u.disabled, "
    "u.failed_sign_ins, u.locked_until, u.created_at, r.role "
    "FROM users u LEFT JOIN user_roles r ON r.user_id = u.id WHERE u.municipality_id = $1 ORDER BY u.id"};
constexpr SqlStatement kSelectUserByUsername{
    "select_user_by_username",
    "SELECT u.id, u.municipality_id, u.organization_id, u.username, u.display_name, u.password_hash, u.disabled, "
    "u.failed_sign_ins, u.locked_until, u.created_at, r.role "
    "FROM users u LEFT JOIN user_roles r ON r.user_id = u.id WHERE u.username = $1"};
constexpr SqlStatement kInsertUser{
    "insert_user",
    "INSERT INTO users (municipality_id, organization_id, username, display_name, password_hash, disabled, "
    "failed_sign_ins, created_at) VALUES ($1, $2, $3, $4, $5, $6, 0, $7) RETURNING id"};
constexpr SqlStatement kInsertUserRole{"insert_user_role", "INSERT INTO user_roles (user_id, role) VALUES ($1, $2)"};
constexpr SqlStatement kSetPasswordHash{"set_password_hash",
                                        "UPDATE users SET password_hash = $1, failed_sign_ins = 0, locked_until = NULL "
                                        "WHERE id = $2 AND municipality_id = $3"};
constexpr SqlStatement kSetDisabled{"set_disabled",
                                    "UPDATE users SET disabled = $1 WHERE id = $2 AND municipality_id = $3"};

constexpr std::size_t kUserColumns = 11;  // the user's columns plus r.role

// Folds rows of (user columns…, role) starting at column `first` into users, in row order.
Result<std::vector<User>> UsersFromRows(const SqlResult& result, std::size_t first) {
    std::vector<User> users;
    for (const auto& values : result.rows) {
        const SqlRow row(values);
        auto id = row.Integer(first);
        if (!id) return Fail(id.error());
        if (users.empty() || users.back().id != *id) {
            User user;
            auto municipality_id = row.Integer(first + 1);
            auto organization_id = row.Integer(first + 2);
            auto username = row.Text(first + 3);
            auto display_name = row.Text(first + 4);
            auto password_hash = row.Text(first + 5);
            auto disabled = row.Boolean(first + 6);
            auto failed_sign_ins = row.Integer(first + 7);
            auto locked_until = row.OptionalTime(first + 8);
            auto created_at = row.Time(first + 9);
            if (!municipality_id || !organization_id || !username || !display_name || !password_hash || !disabled ||
                !failed_sign_ins || !locked_until || !created_at) {
                return Fail(Error::Internal());
            }
            user.id = *id;
            user.municipality_id = *municipality_id;
            user.organization_id = *organization_id;
            user.username = std::move(*username);
            user.display_name = std::move(*display_name);
            user.password_hash = std::move(*password_hash);
            user.disabled = *disabled;
            user.failed_sign_ins = static_cast<int>(*failed_sign_ins);
            user.locked_until = *locked_until;
            user.created_at = *created_at;
            users.push_back(std::move(user));
        }
        if (!row.IsNull(first + 10)) {
            auto role = domain::ParseRole(*row.Text(first + 10));
            if (!role) return Fail(Error::Internal());
            users.back().roles.push_back(*role);
        }
    }
    for (User& user : users) std::sort(user.roles.begin(), user.roles.end());
    return users;
}

Status ReadOneUser(const Result<SqlResult>& result, User& out) {
    if (!result) return Fail(result.error());
    auto users = UsersFromRows(*result, 0);
    if (!users) return Fail(users.error());
    if (users->empty()) return Fail(Error::NotFound("利用者が見つかりません"));
    out = std::move(users->front());
    return {};
}

// UPDATE … WHERE id = … AND municipality_id = …: no row changed means no such user in this municipality.
Status ExpectOneRow(const Result<SqlResult>& result, std::string_view what) {
    if (!result) return Fail(result.error());
    if (result->affected_rows == 0) return Fail(Error::NotFound(std::string(what) + "が見つかりません"));
    return {};
}

class SqlUserRepository final : public domain::UserRepository {
public:
    SqlUserRepository(SqlExecutor& executor, MunicipalityId tenant) : executor_(executor), tenant_(tenant) {}

    Result<User> Create(const NewUser& user, Instant created_at) override {
        std::vector<Role> roles = user.roles;
        std::sort(roles.begin(), roles.end());
        roles.erase(std::unique(roles.begin(), roles.end()), roles.end());
        const std::string created_text = FormatIso8601(created_at);
        return WriteInto<User>(executor_, [&](SqlConnection& connection, User& out) -> Status {
            // The composite foreign key (organization_id, municipality_id) makes an organisation of another
            // municipality fail exactly like a missing one.
            auto result = connection.Execute(kInsertUser, {tenant_, user.organization_id, user.username,
                                                           user.display_name, user.password_hash, false, created_text});
            if (!result) {
                if (result.error().Is(ErrorCode::kConflict)) {
                    return Fail(Error::Conflict("このユーザー名は既に使われています", "username"));
                }
                if (result.error().Is(ErrorCode::kNotFound)) {
                    return Fail(WithField(Error::NotFound("所属機関が見つかりません"), "organization_id"));
                }
                return Fail(result.error());
            }
            auto id = SqlRow(result->rows.at(0)).Integer(0);
            if (!id) return Fail(id.error());
            for (Role role : roles) {
                auto inserted = connection.Execute(kInsertUserRole, {*id, domain::RoleCode(role)});
                if (!inserted) return Fail(inserted.error());
            }
            out = User{.id = *id,
                       .municipality_id = tenant_,
                       .organization_id = user.organization_id,
                       .username = user.username,
                       .display_name = user.display_name,
                       .roles = roles,
                       .password_hash = user.password_hash,
                       .disabled = false,
                       .failed_sign_ins = 0,
                       .locked_until = std::nullopt,
                       .created_at = created_at};
            return {};
        });
    }

    Result<User> Get(UserId id) override {
        return ReadInto<User>(executor_, [&](SqlConnection& connection, User& out) {
            return ReadOneUser(connection.Execute(kSelectUser, {id, tenant_}), out);
        });
    }

    Result<std::vector<User>> List() override {
        using List = std::vector<User>;
        return ReadInto<List>(executor_, [&](SqlConnection& connection, List& out) -> Status {
            auto result = connection.Execute(kListUsers, {tenant_});
            if (!result) return Fail(result.error());
            auto users = UsersFromRows(*result, 0);
            if (!users) return Fail(users.error());
            out = std::move(*users);
            return {};
        });
    }

    Status SetPasswordHash(UserId id, std::string_view password_hash) override {
        return executor_.Write([&](SqlConnection& connection) {
            return ExpectOneRow(connection.Execute(kSetPasswordHash, {password_hash, id, tenant_}), "利用者");
        });
    }

    Status SetDisabled(UserId id, bool disabled) override {
        return executor_.Write([&](SqlConnection& connection) {
            return ExpectOneRow(connection.Execute(kSetDisabled, {disabled, id, tenant_}), "利用者");
        });
    }

private:
    SqlExecutor& executor_;
    MunicipalityId tenant_;
};

// ---------------------------------------------------------------------------------------------------------------
// API tokens

constexpr SqlStatement kInsertApiToken{
    "insert_api_token",
    "INSERT INTO api_tokens (municipality_id, user_id, name, token_hash, created_at, expires_at, revoked_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id"};
constexpr SqlStatement kListApiTokens{
    "list_api_tokens",
    "SELECT id, municipality_id, user_id, name, token_hash, created_at, expires_at, revoked_at "
    "FROM api_tokens WHERE municipality_id = $1 ORDER BY id"};
constexpr SqlStatement kRevokeApiToken{
    "revoke_api_token",
    "UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2 AND municipality_id = $3"};

constexpr std::size_t kApiTokenColumns = 8;

Result<ApiToken> ApiTokenFromRow(const SqlRow& row) {
    auto id = row.Integer(0);
    auto municipality_id = row.Integer(1);
    auto user_id = row.Integer(2);
    auto name = row.Text(3);
    auto token_hash = row.Text(4);
    auto created_at = row.Time(5);
    auto expires_at = row.OptionalTime(6);
    auto revoked_at = row.OptionalTime(7);
    if (!id || !municipality_id || !user_id || !name || !token_hash || !created_at || !expires_at || !revoked_at) {
        return Fail(Error::Internal());
    }
    return ApiToken{.id = *id,
                    .municipality_id = *municipality_id,
                    .user_id = *user_id,
                    .name = std::move(*name),
                    .token_hash = std::move(*token_hash),
                    .created_at = *created_at,
                    .expires_at = *expires_at,
                    .revoked_at = *revoked_at};
}

class SqlApiTokenRepository final : public domain::ApiTokenRepository {
public:
    SqlApiTokenRepository(SqlExecutor& executor, MunicipalityId tenant) : executor_(executor), tenant_(tenant) {}

    Result<ApiToken> Create(const ApiToken& token) override {
        const std::string created_at = FormatIso8601(token.created_at);
        const std::optional<std::string> expires_at = OptionalTimeText(token.expires_at);
        const std::optional<std::string> revoked_at = OptionalTimeText(token.revoked_at);
        return WriteInto<ApiToken>(executor_, [&](SqlConnection& connection, ApiToken& out) -> Status {
            auto result =
                connection.Execute(kInsertApiToken, {tenant_, token.user_id, token.name, token.token_hash, created_at,
                                                     TextOrNull(expires_at), TextOrNull(revoked_at)});
            if (!result) {
                if (result.error().Is(ErrorCode::kConflict)) {
                    return Fail(Error::Conflict("同じトークンが既に登録されています", "token_hash"));
                }
                if (result.error().Is(ErrorCode::kNotFound)) {
                    return Fail(WithField(Error::NotFound("利用者が見つかりません"), "user_id"));
                }
                return Fail(result.error());
            }
            auto id = SqlRow(result->rows.at(0)).Integer(0);
            if (!id) return Fail(id.error());
            out = token;
            out.id = *id;
            out.municipality_id = tenant_;
            return {};
        });
    }

    Result<std::vector<ApiToken>> List() override {
        using List = std::vector<ApiToken>;
        return ReadInto<List>(executor_, [&](SqlConnection& connection, List& out) -> Status {
            auto result = connection.Execute(kListApiTokens, {tenant_});
            if (!result) return Fail(result.error());
            for (const auto& values : result->rows) {
                auto token = ApiTokenFromRow(SqlRow(values));
                if (!token) return Fail(token.error());
                out.push_back(std::move(*token));
            }
            return {};
        });
    }

    Status Revoke(ApiTokenId id, Instant at) override {
        const std::string at_text = FormatIso8601(at);
        return executor_.Write([&](SqlConnection& connection) {
            return ExpectOneRow(connection.Execute(kRevokeApiToken, {at_text, id, tenant_}), "APIトークン");
        });
    }

private:
    SqlExecutor& executor_;
    MunicipalityId tenant_;
};

// ---------------------------------------------------------------------------------------------------------------
// Auth events

constexpr SqlStatement kInsertAuthEvent{
    "insert_auth_event",
    "INSERT INTO auth_events (kind, municipality_id, user_id, username, remote_address, at) "
    "VALUES ($1, $2, $3, $4, $5, $6)"};
constexpr SqlStatement kListRecentAuthEvents{
    "list_recent_auth_events",
    "SELECT id, kind, municipality_id, user_id, username, remote_address, at FROM auth_events "
    "WHERE municipality_id = $1 ORDER BY id DESC LIMIT $2"};
constexpr SqlStatement kCountSignInFailuresFromAddress{
    "count_sign_in_failures_from_address",
    "SELECT count(*) FROM auth_events WHERE remote_address = $1 AND at >= $2 AND kind = $3"};

Result<AuthEvent> AuthEventFromRow(const SqlRow& row) {
    auto id = row.Integer(0);
    auto kind_code = row.Text(1);
    auto username = row.Text(4);
    auto remote_address = row.Text(5);
    auto at = row.Time(6);
    if (!id || !kind_code || !username || !remote_address || !at) return Fail(Error::Internal());
    auto kind = domain::ParseAuthEventKind(*kind_code);
    if (!kind) return Fail(Error::Internal());
    return AuthEvent{.id = *id,
                     .kind = *kind,
                     .municipality_id = row.OptionalInteger(2),
                     .user_id = row.OptionalInteger(3),
                     .username = std::move(*username),
                     .remote_address = std::move(*remote_address),
                     .at = *at};
}

class SqlAuthEventRepository final : public domain::AuthEventRepository {
public:
    SqlAuthEventRepository(SqlExecutor& executor, MunicipalityId tenant) : executor_(executor), tenant_(tenant) {}

    Result<std::vector<AuthEvent>> ListRecent(int limit) override {
        if (limit < 0) return Fail(Error::InvalidArgument("件数は0以上で指定してください", "limit"));
        using List = std::vector<AuthEvent>;
        return ReadInto<List>(executor_, [&](SqlConnection& connection, List& out) -> Status {
            auto result = connection.Execute(kListRecentAuthEvents, {tenant_, std::int64_t{limit}});
            if (!result) return Fail(result.error());
            for (const auto& values : result->rows) {
                auto event = AuthEventFromRow(SqlRow(values));
                if (!event) return Fail(event.error());
                out.push_back(std::move(*event));
            }
            return {};
        });
    }

private:
    SqlExecutor& executor_;
    MunicipalityId tenant_;
};

// ---------------------------------------------------------------------------------------------------------------
// Accounts: look-ups before the tenant is known.

constexpr SqlStatement kRecordSignInFailure{
    "record_sign_in_failure",
    "UPDATE users SET failed_sign_ins = failed_sign_ins + 1, locked_until = $2 WHERE id = $1 "
    "RETURNING failed_sign_ins"};
constexpr SqlStatement kRecordSignInSuccess{"record_sign_in_success",
                                            "UPDATE users SET failed_sign_ins = 0, locked_until = NULL WHERE id = $1"};
constexpr SqlStatement kInsertSession{
    "insert_session",
    "INSERT INTO sessions (token_hash, user_id, municipality_id, created_at, last_seen_at, expires_at, "
    "remote_address, user_agent, post_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"};
constexpr SqlStatement kSelectSession{
    "select_session",
    "SELECT s.token_hash, s.user_id, s.municipality_id, s.created_at, s.last_seen_at, s.expires_at, "
    "s.remote_address, s.user_agent, s.post_id, "
    "u.id, u.municipality_id, u.organization_id, u.username, u.display_name, u.password_hash, u.disabled, "
    "u.failed_sign_ins, u.locked_until, u.created_at, r.role "
    "FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN user_roles r ON r.user_id = u.id "
    "WHERE s.token_hash = $1"};
constexpr SqlStatement kTouchSession{"touch_session", "UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1"};
constexpr SqlStatement kSetSessionPost{"set_session_post", "UPDATE sessions SET post_id = $2 WHERE token_hash = $1"};
constexpr SqlStatement kDeleteSession{"delete_session", "DELETE FROM sessions WHERE token_hash = $1"};
constexpr SqlStatement kDeleteSessionsOfUser{"delete_sessions_of_user", "DELETE FROM sessions WHERE user_id = $1"};
constexpr SqlStatement kDeleteExpiredSessions{"delete_expired_sessions",
                                              "DELETE FROM sessions WHERE last_seen_at < $1 OR expires_at <= $2"};
constexpr SqlStatement kSelectApiToken{
    "select_api_token",
    "SELECT t.id, t.municipality_id, t.user_id, t.name, t.token_hash, t.created_at, t.expires_at, t.revoked_at, "
    "u.id, u.municipality_id, u.organization_id, u.username, u.display_name, u.password_hash, u.disabled, "
    "u.failed_sign_ins, u.locked_until, u.created_at, r.role "
    "FROM api_tokens t JOIN users u ON u.id = t.user_id LEFT JOIN user_roles r ON r.user_id = u.id "
    "WHERE t.token_hash = $1"};

constexpr std::size_t kSessionColumns = 9;
static_assert(kUserColumns == 11 && kApiTokenColumns == 8);

Result<Session> SessionFromRow(const SqlRow& row) {
    auto token_hash = row.Text(0);
    auto user_id = row.Integer(1);
    auto municipality_id = row.Integer(2);
    auto created_at = row.Time(3);
    auto last_seen_at = row.Time(4);
    auto expires_at = row.Time(5);
    auto remote_address = row.Text(6);
    auto user_agent = row.Text(7);
    if (!token_hash || !user_id || !municipality_id || !created_at || !last_seen_at || !expires_at || !remote_address ||
        !user_agent) {
        return Fail(Error::Internal());
    }
    return Session{.token_hash = std::move(*token_hash),
                   .user_id = *user_id,
                   .municipality_id = *municipality_id,
                   .created_at = *created_at,
                   .last_seen_at = *last_seen_at,
                   .expires_at = *expires_at,
                   .remote_address = std::move(*remote_address),
                   .user_agent = std::move(*user_agent),
                   .post_id = row.OptionalInteger(8).value_or(0)};
}

constexpr SqlStatement kSelectSecondFactor{
    "select_second_factor",
    "SELECT user_id, municipality_id, sealed_secret, confirmed_at, last_step, created_at FROM user_second_factors "
    "WHERE user_id = $1"};
constexpr SqlStatement kDeleteSecondFactor{"delete_second_factor",
                                           "DELETE FROM user_second_factors WHERE user_id = $1"};
constexpr SqlStatement kInsertSecondFactor{
    "insert_second_factor",
    "INSERT INTO user_second_factors (user_id, municipality_id, sealed_secret, confirmed_at, last_step, created_at) "
    "VALUES ($1, $2, $3, NULL, $4, $5)"};
constexpr SqlStatement kConfirmSecondFactor{
    "confirm_second_factor", "UPDATE user_second_factors SET confirmed_at = $2, last_step = $3 WHERE user_id = $1"};
constexpr SqlStatement kInsertRecoveryCode{
    "insert_recovery_code", "INSERT INTO user_recovery_codes (user_id, code_hash, used_at) VALUES ($1, $2, NULL)"};
constexpr SqlStatement kAdvanceSecondFactorStep{
    "advance_second_factor_step",
    "UPDATE user_second_factors SET last_step = $2 WHERE user_id = $1 AND last_step < $2"};
constexpr SqlStatement kUseRecoveryCode{
    "use_recovery_code",
    "UPDATE user_recovery_codes SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL"};
constexpr SqlStatement kCountUnusedRecoveryCodes{
    "count_unused_recovery_codes", "SELECT count(*) FROM user_recovery_codes WHERE user_id = $1 AND used_at IS NULL"};
constexpr SqlStatement kInsertPendingSignIn{
    "insert_pending_sign_in",
    "INSERT INTO pending_sign_ins (token_hash, user_id, municipality_id, purpose, created_at, expires_at, "
    "remote_address) VALUES ($1, $2, $3, $4, $5, $6, $7)"};
constexpr SqlStatement kSelectPendingSignIn{
    "select_pending_sign_in",
    "SELECT token_hash, user_id, municipality_id, purpose, created_at, expires_at, remote_address "
    "FROM pending_sign_ins WHERE token_hash = $1"};
constexpr SqlStatement kDeletePendingSignIn{"delete_pending_sign_in",
                                            "DELETE FROM pending_sign_ins WHERE token_hash = $1"};
constexpr SqlStatement kDeletePendingSignInsOfUser{"delete_pending_sign_ins_of_user",
                                                   "DELETE FROM pending_sign_ins WHERE user_id = $1"};
constexpr SqlStatement kDeleteExpiredPendingSignIns{"delete_expired_pending_sign_ins",
                                                    "DELETE FROM pending_sign_ins WHERE expires_at <= $1"};

Result<SecondFactor> SecondFactorFromRow(const SqlRow& row) {
    auto user_id = row.Integer(0);
    auto municipality_id = row.Integer(1);
    auto sealed_secret = row.Text(2);
    auto confirmed_at = row.OptionalTime(3);
    auto last_step = row.Integer(4);
    auto created_at = row.Time(5);
    if (!user_id || !municipality_id || !sealed_secret || !confirmed_at || !last_step || !created_at) {
        return Fail(Error::Internal());
    }
    return SecondFactor{.user_id = *user_id,
                        .municipality_id = *municipality_id,
                        .sealed_secret = std::move(*sealed_secret),
                        .confirmed_at = *confirmed_at,
                        .last_step = *last_step,
                        .created_at = *created_at};
}

Result<PendingSignIn> PendingSignInFromRow(const SqlRow& row) {
    auto token_hash = row.Text(0);
    auto user_id = row.Integer(1);
    auto municipality_id = row.Integer(2);
    auto purpose_text = row.Text(3);
    auto created_at = row.Time(4);
    auto expires_at = row.Time(5);
    auto remote_address = row.Text(6);
    if (!token_hash || !user_id || !municipality_id || !purpose_text || !created_at || !expires_at || !remote_address) {
        return Fail(Error::Internal());
    }
    const auto purpose = domain::ParsePendingPurpose(*purpose_text);
    if (!purpose) return Fail(Error::Internal());
    return PendingSignIn{.token_hash = std::move(*token_hash),
                         .user_id = *user_id,
                         .municipality_id = *municipality_id,
                         .purpose = *purpose,
                         .created_at = *created_at,
                         .expires_at = *expires_at,
                         .remote_address = std::move(*remote_address)};
}

class SqlAccountRepository final : public domain::AccountRepository {
public:
    explicit SqlAccountRepository(SqlExecutor& executor) : executor_(executor) {}

    Result<User> FindUserByUsername(std::string_view username) override {
        return ReadInto<User>(executor_, [&](SqlConnection& connection, User& out) {
            return ReadOneUser(connection.Execute(kSelectUserByUsername, {username}), out);
        });
    }

    Result<int> RecordSignInFailure(UserId id, std::optional<Instant> locked_until) override {
        const std::optional<std::string> locked_text = OptionalTimeText(locked_until);
        return WriteInto<int>(executor_, [&](SqlConnection& connection, int& out) -> Status {
            auto result = connection.Execute(kRecordSignInFailure, {id, TextOrNull(locked_text)});
            if (!result) return Fail(result.error());
            if (result->Empty()) return Fail(Error::NotFound("利用者が見つかりません"));
            auto count = SqlRow(result->rows.front()).Integer(0);
            if (!count) return Fail(count.error());
            out = static_cast<int>(*count);
            return {};
        });
    }

    Status RecordSignInSuccess(UserId id) override {
        return executor_.Write([&](SqlConnection& connection) {
            return ExpectOneRow(connection.Execute(kRecordSignInSuccess, {id}), "利用者");
        });
    }

    Status CreateSession(const Session& session) override {
        const std::string created_at = FormatIso8601(session.created_at);
        const std::string last_seen_at = FormatIso8601(session.last_seen_at);
        const std::string expires_at = FormatIso8601(session.expires_at);
        return executor_.Write([&](SqlConnection& connection) -> Status {
            auto result = connection.Execute(
                kInsertSession, {session.token_hash, session.user_id, session.municipality_id, created_at, last_seen_at,
                                 expires_at, session.remote_address, session.user_agent,
                                 IdOrNull(session.post_id == 0 ? std::nullopt
                                                               : std::optional<std::int64_t>(session.post_id))});
            if (!result) {
                if (result.error().Is(ErrorCode::kConflict)) {
                    return Fail(Error::Conflict("同じセッションが既に存在します", "token_hash"));
                }
                if (result.error().Is(ErrorCode::kNotFound)) {
                    return Fail(WithField(Error::NotFound("利用者が見つかりません"), "user_id"));
                }
                return Fail(result.error());
            }
            return {};
        });
    }

    Result<std::pair<Session, User>> FindSession(std::string_view token_hash) override {
        using Found = std::pair<Session, User>;
        return ReadInto<Found>(executor_, [&](SqlConnection& connection, Found& out) -> Status {
            auto result = connection.Execute(kSelectSession, {token_hash});
            if (!result) return Fail(result.error());
            if (result->Empty()) return Fail(Error::NotFound("セッションが見つかりません"));
            auto session = SessionFromRow(SqlRow(result->rows.front()));
            if (!session) return Fail(session.error());
            auto users = UsersFromRows(*result, kSessionColumns);
            if (!users || users->size() != 1) return Fail(Error::Internal());
            out = Found(std::move(*session), std::move(users->front()));
            return {};
        });
    }

    Status TouchSession(std::string_view token_hash, Instant last_seen_at) override {
        const std::string last_seen_text = FormatIso8601(last_seen_at);
        return executor_.Write([&](SqlConnection& connection) {
            return ExpectOneRow(connection.Execute(kTouchSession, {token_hash, last_seen_text}), "セッション");
        });
    }

    Status SetSessionPost(std::string_view token_hash, PostId post_id) override {
        return executor_.Write([&](SqlConnection& connection) {
            return ExpectOneRow(connection.Execute(kSetSessionPost, {token_hash, post_id}), "セッション");
        });
    }

    Status DeleteSession(std::string_view token_hash) override {
        return executor_.Write([&](SqlConnection& connection) {
            return ExpectOneRow(connection.Execute(kDeleteSession, {token_hash}), "セッション");
        });
    }

    Status DeleteSessionsOfUser(UserId id) override {
        return executor_.Write([&](SqlConnection& connection) -> Status {
            auto result = connection.Execute(kDeleteSessionsOfUser, {id});
            if (!result) return Fail(result.error());
            return {};
        });
    }

    Result<int> DeleteExpiredSessions(Instant idle_before, Instant now) override {
        const std::string idle_text = FormatIso8601(idle_before);
        const std::string now_text = FormatIso8601(now);
        return WriteInto<int>(executor_, [&](SqlConnection& connection, int& out) -> Status {
            auto result = connection.Execute(kDeleteExpiredSessions, {idle_text, now_text});
            if (!result) return Fail(result.error());
            out = static_cast<int>(result->affected_rows);
            return {};
        });
    }

    Result<std::pair<ApiToken, User>> FindApiToken(std::string_view token_hash) override {
        using Found = std::pair<ApiToken, User>;
        return ReadInto<Found>(executor_, [&](SqlConnection& connection, Found& out) -> Status {
            auto result = connection.Execute(kSelectApiToken, {token_hash});
            if (!result) return Fail(result.error());
            if (result->Empty()) return Fail(Error::NotFound("APIトークンが見つかりません"));
            auto token = ApiTokenFromRow(SqlRow(result->rows.front()));
            if (!token) return Fail(token.error());
            auto users = UsersFromRows(*result, kApiTokenColumns);
            if (!users || users->size() != 1) return Fail(Error::Internal());
            out = Found(std::move(*token), std::move(users->front()));
            return {};
        });
    }

    Status AppendAuthEvent(const AuthEvent& event) override {
        const std::string at = FormatIso8601(event.at);
        return executor_.Write([&](SqlConnection& connection) -> Status {
            auto result = connection.Execute(kInsertAuthEvent,
                                             {domain::AuthEventKindCode(event.kind), IdOrNull(event.municipality_id),
                                              IdOrNull(event.user_id), event.username, event.remote_address, at});
            if (!result) {
                if (result.error().Is(ErrorCode::kNotFound)) {
                    return Fail(Error::NotFound("認証イベントの市町村または利用者が見つかりません"));
                }
                return Fail(result.error());
            }
            return {};
        });
    }

    Result<int> CountSignInFailuresFromAddress(std::string_view remote_address, Instant since) override {
        const std::string since_text = FormatIso8601(since);
        return ReadInto<int>(executor_, [&](SqlConnection& connection, int& out) -> Status {
            auto result = connection.Execute(
                kCountSignInFailuresFromAddress,
                {remote_address, since_text, domain::AuthEventKindCode(domain::AuthEventKind::kSignInFailed)});
            if (!result) return Fail(result.error());
            auto count = SqlRow(result->rows.at(0)).Integer(0);
            if (!count) return Fail(count.error());
            out = static_cast<int>(*count);
            return {};
        });
    }

    Result<SecondFactor> FindSecondFactor(UserId user_id) override {
        return ReadInto<SecondFactor>(executor_, [&](SqlConnection& connection, SecondFactor& out) -> Status {
            auto result = connection.Execute(kSelectSecondFactor, {user_id});
            if (!result) return Fail(result.error());
            if (result->Empty()) return Fail(Error::NotFound("二要素認証が登録されていません"));
            auto found = SecondFactorFromRow(SqlRow(result->rows.front()));
            if (!found) return Fail(found.error());
            out = std::move(*found);
            return {};
        });
    }

    Status StartSecondFactor(const SecondFactor& second_factor) override {
        const std::string created_at = FormatIso8601(second_factor.created_at);
        return executor_.Write([&](SqlConnection& connection) -> Status {
            // The recovery codes of an earlier factor go with it (ON DELETE CASCADE).
            if (auto deleted = connection.Execute(kDeleteSecondFactor, {second_factor.user_id}); !deleted) {
                return Fail(deleted.error());
            }
            auto result = connection.Execute(
                kInsertSecondFactor, {second_factor.user_id, second_factor.municipality_id, second_factor.sealed_secret,
                                      second_factor.last_step, created_at});
            if (!result) {
                if (result.error().Is(ErrorCode::kNotFound)) {
                    return Fail(WithField(Error::NotFound("利用者が見つかりません"), "user_id"));
                }
                return Fail(result.error());
            }
            return {};
        });
    }

    Status ConfirmSecondFactor(UserId user_id, Instant confirmed_at, std::int64_t step,
                               const std::vector<std::string>& recovery_code_hashes) override {
        const std::string confirmed_text = FormatIso8601(confirmed_at);
        return executor_.Write([&](SqlConnection& connection) -> Status {
            if (auto confirmed = ExpectOneRow(connection.Execute(kConfirmSecondFactor, {user_id, confirmed_text, step}),
                                              "二要素認証");
                !confirmed) {
                return confirmed;
            }
            for (const std::string& hash : recovery_code_hashes) {
                if (auto inserted = connection.Execute(kInsertRecoveryCode, {user_id, hash}); !inserted) {
                    return Fail(inserted.error());
                }
            }
            return {};
        });
    }

    Result<bool> AdvanceSecondFactorStep(UserId user_id, std::int64_t step) override {
        return WriteInto<bool>(executor_, [&](SqlConnection& connection, bool& out) -> Status {
            auto result = connection.Execute(kAdvanceSecondFactorStep, {user_id, step});
            if (!result) return Fail(result.error());
            out = result->affected_rows == 1;
            return {};
        });
    }

    Result<bool> UseRecoveryCode(UserId user_id, std::string_view code_hash, Instant used_at) override {
        const std::string used_text = FormatIso8601(used_at);
        return WriteInto<bool>(executor_, [&](SqlConnection& connection, bool& out) -> Status {
            auto result = connection.Execute(kUseRecoveryCode, {user_id, code_hash, used_text});
            if (!result) return Fail(result.error());
            out = result->affected_rows == 1;
            return {};
        });
    }

    Result<int> CountUnusedRecoveryCodes(UserId user_id) override {
        return ReadInto<int>(executor_, [&](SqlConnection& connection, int& out) -> Status {
            auto result = connection.Execute(kCountUnusedRecoveryCodes, {user_id});
            if (!result) return Fail(result.error());
            auto count = SqlRow(result->rows.at(0)).Integer(0);
            if (!count) return Fail(count.error());
            out = static_cast<int>(*count);
            return {};
        });
    }

    Status DeleteSecondFactor(UserId user_id) override {
        return executor_.Write([&](SqlConnection& connection) -> Status {
            auto result = connection.Execute(kDeleteSecondFactor, {user_id});
            if (!result) return Fail(result.error());
            return {};
        });
    }

    Status CreatePendingSignIn(const PendingSignIn& pending) override {
        const std::string created_at = FormatIso8601(pending.created_at);
        const std::string expires_at = FormatIso8601(pending.expires_at);
        return executor_.Write([&](SqlConnection& connection) -> Status {
            auto result =
                connection.Execute(kInsertPendingSignIn, {pending.token_hash, pending.user_id, pending.municipality_id,
                                                          domain::PendingPurposeCode(pending.purpose), created_at,
                                                          expires_at, pending.remote_address});
            if (!result) {
                if (result.error().Is(ErrorCode::kNotFound)) {
                    return Fail(WithField(Error::NotFound("利用者が見つかりません"), "user_id"));
                }
                return Fail(result.error());
            }
            return {};
        });
    }

    Result<PendingSignIn> FindPendingSignIn(std::string_view token_hash) override {
        return ReadInto<PendingSignIn>(executor_, [&](SqlConnection& connection, PendingSignIn& out) -> Status {
            auto result = connection.Execute(kSelectPendingSignIn, {token_hash});
            if (!result) return Fail(result.error());
            if (result->Empty()) return Fail(Error::NotFound("サインインの途中の状態が見つかりません"));
            auto found = PendingSignInFromRow(SqlRow(result->rows.front()));
            if (!found) return Fail(found.error());
            out = std::move(*found);
            return {};
        });
    }

    Status DeletePendingSignIn(std::string_view token_hash) override {
        return executor_.Write([&](SqlConnection& connection) -> Status {
            auto result = connection.Execute(kDeletePendingSignIn, {token_hash});
            if (!result) return Fail(result.error());
            return {};
        });
    }

    Status DeletePendingSignInsOfUser(UserId user_id) override {
        return executor_.Write([&](SqlConnection& connection) -> Status {
            auto result = connection.Execute(kDeletePendingSignInsOfUser, {user_id});
            if (!result) return Fail(result.error());
            return {};
        });
    }

    Result<int> DeleteExpiredPendingSignIns(Instant now) override {
        const std::string now_text = FormatIso8601(now);
        return WriteInto<int>(executor_, [&](SqlConnection& connection, int& out) -> Status {
            auto result = connection.Execute(kDeleteExpiredPendingSignIns, {now_text});
            if (!result) return Fail(result.error());
            out = static_cast<int>(result->affected_rows);
            return {};
        });
    }

private:
    SqlExecutor& executor_;
};

class SqlTenantStore final : public domain::TenantStore {
public:
    SqlTenantStore(SqlExecutor& executor, MunicipalityId tenant)
        : tenant_(tenant),
          organizations_(executor, tenant),
          areas_(executor, tenant),
          users_(executor, tenant),
          posts_(MakePostRepository(executor, tenant)),
          api_tokens_(executor, tenant),
          auth_events_(executor, tenant),
          intake_(executor, tenant),
          sharing_(executor, tenant),
          cases_(executor, tenant) {}

    MunicipalityId Tenant() const override { return tenant_; }
    domain::OrganizationRepository& Organizations() override { return organizations_; }
    domain::AreaRepository& Areas() override { return areas_; }
    domain::UserRepository& Users() override { return users_; }
    domain::PostRepository& Posts() override { return *posts_; }
    domain::ApiTokenRepository& ApiTokens() override { return api_tokens_; }
    domain::AuthEventRepository& AuthEvents() override { return auth_events_; }
    domain::PersonRepository& Persons() override { return intake_.Persons(); }
    domain::HouseholdRepository& Households() override { return intake_.Households(); }
    domain::CategoryRepository& Categories() override { return intake_.Categories(); }
    domain::ConsultationRepository& Consultations() override { return intake_.Consultations(); }
    domain::ReferralRepository& Referrals() override { return intake_.Referrals(); }
    domain::ReportRepository& Reports() override { return intake_.Reports(); }
    domain::AuditRepository& Audit() override { return intake_.Audit(); }
    domain::SettingsRepository& Settings() override { return intake_.Settings(); }
    domain::ConsentRepository& Consents() override { return sharing_.Consents(); }
    domain::MeetingRepository& Meetings() override { return sharing_.Meetings(); }
    domain::EmergencyAccessRepository& EmergencyAccesses() override { return sharing_.EmergencyAccesses(); }
    domain::AlertAcknowledgementRepository& AlertAcknowledgements() override {
        return sharing_.AlertAcknowledgements();
    }
    domain::CaseRepository& Cases() override { return cases_.Cases(); }
    domain::FormRepository& Forms() override { return cases_.Forms(); }
    domain::PlanRepository& Plans() override { return cases_.Plans(); }
    domain::ProgressNoteRepository& ProgressNotes() override { return cases_.ProgressNotes(); }
    domain::MissingResourceRepository& MissingResources() override { return cases_.MissingResources(); }

private:
    MunicipalityId tenant_;
    SqlOrganizationRepository organizations_;
    SqlAreaRepository areas_;
    SqlUserRepository users_;
    std::unique_ptr<domain::PostRepository> posts_;
    SqlApiTokenRepository api_tokens_;
    SqlAuthEventRepository auth_events_;
    IntakeRepositories intake_;
    SharingRepositories sharing_;
    CaseRepositories cases_;
};

// ---------------------------------------------------------------------------------------------------------------
// Schema

constexpr SqlStatement kSelectOne{"select_one", "SELECT 1"};
constexpr SqlStatement kSelectSchemaVersion{"select_schema_version",
                                            "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"};
constexpr SqlStatement kInsertSchemaMigration{
    "insert_schema_migration", "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)"};

Status ReadVersion(SqlConnection& connection, const SqlDialect& dialect, int& out) {
    auto exists = connection.Execute(dialect.schema_migrations_exists, {});
    if (!exists) return Fail(exists.error());
    auto present = SqlRow(exists->rows.at(0)).Boolean(0);
    if (!present) return Fail(present.error());
    if (!*present) {
        out = 0;
        return {};
    }
    auto version = connection.Execute(kSelectSchemaVersion, {});
    if (!version) return Fail(version.error());
    auto value = SqlRow(version->rows.at(0)).Integer(0);
    if (!value) return Fail(value.error());
    out = static_cast<int>(*value);
    return {};
}

Error SchemaTooNewError(int database_version, int latest) {
    return Error::SchemaTooNew("データベースのスキーマ (バージョン " + std::to_string(database_version) +
                               ") はこのプログラムが知る最新 (バージョン " + std::to_string(latest) +
                               ") より新しいため、使えません。新しい版の kasane を使ってください");
}

template <auto Codes, class Code>
std::string CheckList(Code code) {
    std::string list;
    for (auto value : Codes) {
        if (!list.empty()) list += ", ";
        list += "'";
        list += code(value);
        list += "'";
    }
    return list;
}

}  // namespace

std::string OrganizationKindCheckList() {
    return CheckList<std::to_array(domain::kAllOrganizationKinds)>(domain::OrganizationKindCode);
}
std::string AreaKindCheckList() { return CheckList<std::to_array(domain::kAllAreaKinds)>(domain::AreaKindCode); }
std::string RoleCheckList() { return CheckList<std::to_array(domain::kAllRoles)>(domain::RoleCode); }
std::string AuthEventKindCheckList() {
    using domain::AuthEventKind;
    constexpr std::array kinds{AuthEventKind::kSignInSucceeded, AuthEventKind::kSignInFailed,
                               AuthEventKind::kLockedOut,       AuthEventKind::kSignedOut,
                               AuthEventKind::kPasswordChanged, AuthEventKind::kUserDisabled,
                               AuthEventKind::kApiTokenCreated, AuthEventKind::kApiTokenRevoked};
    return CheckList<kinds>(domain::AuthEventKindCode);
}

Status PingDatabase(SqlExecutor& executor) {
    return executor.Read([](SqlConnection& connection) -> Status {
        auto result = connection.Execute(kSelectOne, {});
        if (!result) return Fail(result.error());
        return {};
    });
}

Result<int> ReadSchemaVersion(SqlExecutor& executor, const SqlDialect& dialect) {
    int version = 0;
    const Status status =
        executor.Read([&](SqlConnection& connection) { return ReadVersion(connection, dialect, version); });
    if (!status) return Fail(status.error());
    return version;
}

Result<int> ApplyMigrations(SqlExecutor& executor, const SqlDialect& dialect) {
    const int latest = LatestVersionOf(dialect);
    int applied = 0;
    for (const Migration& migration : dialect.migrations) {
        // Each step re-reads the version under the migration lock, so two processes migrating at once apply
        // each step exactly once.
        const Status status = executor.Write([&](SqlConnection& connection) -> Status {
            if (dialect.migration_lock != nullptr) {
                if (auto locked = connection.Execute(*dialect.migration_lock, {}); !locked) {
                    return Fail(locked.error());
                }
            }
            if (auto created = connection.ExecuteScript(dialect.create_schema_migrations); !created) return created;
            int version = 0;
            if (auto read = ReadVersion(connection, dialect, version); !read) return read;
            if (version > latest) return Fail(SchemaTooNewError(version, latest));
            if (version >= migration.version) return {};
            for (const std::string& statement : migration.statements) {
                if (auto executed = connection.ExecuteScript(statement); !executed) {
                    Log(LogLevel::kError, "migration failed",
                        {{"version", migration.version},
                         {"name", migration.name},
                         {"error", executed.error().message}});
                    return executed;
                }
            }
            const std::string applied_at = FormatIso8601(SystemClock().Now());
            auto recorded = connection.Execute(kInsertSchemaMigration,
                                               {std::int64_t{migration.version}, migration.name, applied_at});
            if (!recorded) return Fail(recorded.error());
            ++applied;
            Log(LogLevel::kInfo, "migration applied", {{"version", migration.version}, {"name", migration.name}});
            return {};
        });
        if (!status) return Fail(status.error());
    }
    if (dialect.migrations.empty()) {
        auto version = ReadSchemaVersion(executor, dialect);
        if (!version) return Fail(version.error());
        if (*version > latest) return Fail(SchemaTooNewError(*version, latest));
    }
    return applied;
}

// ---------------------------------------------------------------------------------------------------------------
// SqlRepositories

SqlRepositories::SqlRepositories(SqlExecutor& executor)
    : executor_(executor),
      municipalities_(std::make_unique<SqlMunicipalityRepository>(executor)),
      prefectures_(std::make_unique<SqlPrefectureRepository>(executor)),
      accounts_(std::make_unique<SqlAccountRepository>(executor)) {}

SqlRepositories::~SqlRepositories() = default;

domain::MunicipalityRepository& SqlRepositories::Municipalities() { return *municipalities_; }
domain::PrefectureRepository& SqlRepositories::Prefectures() { return *prefectures_; }
domain::AccountRepository& SqlRepositories::Accounts() { return *accounts_; }
std::unique_ptr<domain::TenantStore> SqlRepositories::Tenant(MunicipalityId municipality_id) {
    return std::make_unique<SqlTenantStore>(executor_, municipality_id);
}

// ---------------------------------------------------------------------------------------------------------------
// Transactions

class TransactionStore::PinnedExecutor final : public SqlExecutor {
public:
    explicit PinnedExecutor(SqlConnection& connection) : connection_(connection) {}

    Status Read(const SqlWork& work) override { return work(connection_); }

    Status Write(const SqlWork& work) override {
        if (auto opened = connection_.ExecuteScript("SAVEPOINT kasane_write"); !opened) return opened;
        Status status;
        try {
            status = work(connection_);
        } catch (...) {
            (void)connection_.ExecuteScript("ROLLBACK TO SAVEPOINT kasane_write; RELEASE SAVEPOINT kasane_write");
            throw;
        }
        if (!status) {
            (void)connection_.ExecuteScript("ROLLBACK TO SAVEPOINT kasane_write; RELEASE SAVEPOINT kasane_write");
            return status;
        }
        return connection_.ExecuteScript("RELEASE SAVEPOINT kasane_write");
    }

private:
    SqlConnection& connection_;
};

TransactionStore::TransactionStore(domain::Store& parent, SqlConnection& connection, const SqlDialect& dialect)
    : parent_(parent),
      dialect_(dialect),
      executor_(std::make_unique<PinnedExecutor>(connection)),
      repositories_(*executor_) {}

TransactionStore::~TransactionStore() = default;

std::string_view TransactionStore::Backend() const { return parent_.Backend(); }
domain::MunicipalityRepository& TransactionStore::Municipalities() { return repositories_.Municipalities(); }
domain::PrefectureRepository& TransactionStore::Prefectures() { return repositories_.Prefectures(); }
domain::AccountRepository& TransactionStore::Accounts() { return repositories_.Accounts(); }
std::unique_ptr<domain::TenantStore> TransactionStore::Tenant(MunicipalityId municipality_id) {
    return repositories_.Tenant(municipality_id);
}
Status TransactionStore::Transaction(const std::function<Status(domain::Store&)>&) {
    Log(LogLevel::kError, "nested Store::Transaction refused");
    return Fail(Error::Internal());
}
Status TransactionStore::Ping() { return PingDatabase(*executor_); }
domain::PoolStats TransactionStore::Pool() { return parent_.Pool(); }
int TransactionStore::LatestSchemaVersion() const { return LatestVersionOf(dialect_); }
Result<int> TransactionStore::SchemaVersion() { return ReadSchemaVersion(*executor_, dialect_); }
Result<int> TransactionStore::Migrate() {
    Log(LogLevel::kError, "Migrate() called inside a transaction");
    return Fail(Error::Internal());
}
Status TransactionStore::Backup(std::string_view) {
    Log(LogLevel::kError, "Backup() called inside a transaction");
    return Fail(Error::Internal());
}

Status RunAtomically(SqlConnection& connection, std::string_view begin, const std::function<Status()>& body) {
    if (auto begun = connection.ExecuteScript(begin); !begun) return begun;
    Status status;
    try {
        status = body();
    } catch (...) {
        (void)connection.ExecuteScript("ROLLBACK");
        throw;
    }
    if (!status) {
        (void)connection.ExecuteScript("ROLLBACK");
        return status;
    }
    if (auto committed = connection.ExecuteScript("COMMIT"); !committed) {
        (void)connection.ExecuteScript("ROLLBACK");
        return committed;
    }
    return {};
}

Status RunTransaction(domain::Store& parent, SqlConnection& connection, const SqlDialect& dialect,
                      const std::function<Status(domain::Store&)>& work) {
    return RunAtomically(connection, dialect.begin_transaction, [&]() -> Status {
        TransactionStore bound(parent, connection, dialect);
        return work(bound);
    });
}

}  // namespace kasane::storage
