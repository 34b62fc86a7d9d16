// SPDX-License-Identifier: Apache-2.0
#include "domain/administration.hpp"

#include <algorithm>

#include "base/crypto.hpp"
#include "base/japan_time.hpp"
#include "base/japanese_date.hpp"
#include "base/json.hpp"
#include "base/log.hpp"
#include "domain/audit.hpp"
#include "domain/intake.hpp"

namespace kasane::domain {

namespace {

Status RequireAdministratorOrAuditor(const Principal& principal) {
    if (!Administration::IsAdministrator(principal) && !principal.HasRole(Role::kAuditor)) {
        return Fail(Error::PermissionDenied("この情報は管理者と監査担当だけが見られます"));
    }
    return {};
}

Status RequireAdministrator(const Principal& principal) {
    if (!Administration::IsAdministrator(principal)) {
        return Fail(Error::PermissionDenied("この操作は管理者だけが行えます"));
    }
    return {};
}

bool IsAdministratorAccount(const User& user) {
    return user.HasRole(Role::kMunicipalAdministrator) || user.HasRole(Role::kSystemAdministrator);
}

// Disables an account and ends its sessions, in one transaction with its audit entry and auth event. Issue 14's bad
// input: an administrator cannot lock the town out — the last active administrator of a municipality is never
// disabled, whoever asks (an administrator through the UI or API, or the operator at the machine).
Status DisableAccount(Store& store, Instant now, MunicipalityId municipality_id, UserId user_id, UserId actor,
                      OrganizationId actor_organization) {
    return store.Transaction([&](Store& transaction) -> Status {
        auto tenant = transaction.Tenant(municipality_id);
        auto user = tenant->Users().Get(user_id);
        if (!user) return Fail(user.error());
        if (IsAdministratorAccount(*user) && !user->disabled) {
            auto users = tenant->Users().List();
            if (!users) return Fail(users.error());
            const bool another = std::any_of(users->begin(), users->end(), [&](const User& other) {
                return other.id != user_id && !other.disabled && IsAdministratorAccount(other);
            });
            if (!another) {
                return Fail(Error::Conflict(
                    "最後の有効な管理者は無効にできません。先に別の利用者を管理者にしてください", "user_id"));
            }
        }
        if (auto set = tenant->Users().SetDisabled(user_id, AccountState::kDisabled); !set) return set;
        if (auto ended = transaction.Accounts().DeleteSessionsOfUser(user_id); !ended) return ended;
        if (auto audited = AppendAccountAudit(transaction, municipality_id, actor, actor_organization, "user_account",
                                              user_id, "disabled", "アカウントを無効化", now);
            !audited) {
            return audited;
        }
        return transaction.Accounts().AppendAuthEvent(AuthEvent{.kind = AuthEventKind::kUserDisabled,
                                                                .municipality_id = municipality_id,
                                                                .user_id = user_id,
                                                                .username = user->username,
                                                                .remote_address = {},
                                                                .at = now});
    });
}

}  // namespace

// The audit entry of a post added or ended, written as the administrator's own post.
Status AppendPostAudit(Store& transaction, const Principal& principal, AuditAction action, const Post& post,
                       std::string_view fields, Instant at) {
    std::vector<AuditEntry> entries{EntryBy(principal, at, action, "user_post", post.id, fields)};
    AuditEntry& entry = entries.front();
    std::string roles;
    for (Role role : post.roles) roles += (roles.empty() ? "" : ",") + std::string(RoleCode(role));
    entry.detail = "user=" + std::to_string(post.user_id) + " organization=" + std::to_string(post.organization_id) +
                   " roles=" + roles + " starts_on=" + PostDateText(post.starts_on) +
                   " ends_on=" + (post.ends_on ? PostDateText(*post.ends_on) : std::string("-"));
    return transaction.Tenant(principal.Tenant())->Audit().Append(entries);
}

Status ValidateName(std::string_view name, std::string_view field, std::size_t max_length) {
    if (!IsValidUtf8(name)) return Fail(Error::InvalidArgument("使えない文字が含まれています", std::string(field)));
    if (name.empty()) return Fail(Error::InvalidArgument("名称を入力してください", std::string(field)));
    if (CodePointCount(name) > max_length) {
        return Fail(Error::PayloadTooLarge("名称は" + std::to_string(max_length) + "文字以内にしてください",
                                           std::string(field)));
    }
    if (std::any_of(name.begin(), name.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; })) {
        return Fail(Error::InvalidArgument("名称に制御文字は使えません", std::string(field)));
    }
    return {};
}

Administration::Administration(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

bool Administration::IsAdministrator(const Principal& principal) {
    return principal.HasRole(Role::kMunicipalAdministrator) || principal.HasRole(Role::kSystemAdministrator);
}

Result<Prefecture> Administration::CreatePrefecture(std::string_view code, std::string_view name) {
    auto prefecture = ValidatePrefecture(code, name);
    if (!prefecture) return Fail(prefecture.error());
    prefecture->created_at = clock_.Now();
    return store_.Prefectures().Create(*prefecture);
}

Result<Municipality> CheckNewMunicipality(Store& store, const Municipality& requested) {
    if (auto valid = ValidateLocalGovernmentCode(requested.code); !valid) return Fail(valid.error());
    if (requested.code.substr(2, 3) == "000") {
        return Fail(Error::InvalidArgument("都道府県の団体コードです。市区町村の団体コードを入力してください", "code"));
    }
    if (auto valid = ValidateName(requested.name, "name", 50); !valid) return Fail(valid.error());
    Municipality municipality = requested;
    // The municipality belongs to the prefecture named by its code's first two digits (JIS X 0401). Once the
    // operator registers prefectures, a municipality is added only under a registered one, and carries its name:
    // the stricter rule, so that a tenant can never name a prefecture the installation does not know. (Prefectures
    // are never deleted, so the check needs no lock against a concurrent removal.)
    auto prefectures = store.Prefectures().List();
    if (!prefectures) return Fail(prefectures.error());
    if (!prefectures->empty()) {
        const std::string prefecture_code = municipality.code.substr(0, 2);
        auto prefecture = std::find_if(prefectures->begin(), prefectures->end(),
                                       [&](const Prefecture& p) { return p.code == prefecture_code; });
        if (prefecture == prefectures->end()) {
            return Fail(Error::InvalidArgument("都道府県コード" + prefecture_code + "（" +
                                                   std::string(PrefectureNameOf(prefecture_code)) +
                                                   "）が登録されていません。先に都道府県を登録してください",
                                               "code"));
        }
        if (municipality.prefecture_name.empty()) {
            municipality.prefecture_name = prefecture->name;
        } else if (municipality.prefecture_name != prefecture->name) {
            return Fail(Error::InvalidArgument(
                "団体コード" + municipality.code + "の都道府県は「" + prefecture->name + "」です", "prefecture_name"));
        }
    }
    if (auto valid = ValidateName(municipality.prefecture_name, "prefecture_name", 10); !valid) {
        return Fail(valid.error());
    }
    return municipality;
}

Result<Municipality> Administration::CreateMunicipality(const Municipality& requested) {
    auto checked = CheckNewMunicipality(store_, requested);
    if (!checked) return Fail(checked.error());
    const Municipality& municipality = *checked;
    auto created = store_.Municipalities().Create(municipality);
    if (!created) return Fail(created.error());
    // Every municipality starts with the worry categories of the intake form (idempotent, and seeded again on
    // first use should this step fail); it may add its own later.
    if (auto seeded = store_.Tenant(created->id)->Categories().EnsureSeeded(DefaultWorryCategories()); !seeded) {
        return Fail(seeded.error());
    }
    // A new municipality has no persons, so its search keys are current: recording that now spares the next start
    // a re-index of everything entered meanwhile (PersonService::RebuildSearchKeys; a failure is retried then).
    if (auto rebuilt = PersonService::RebuildSearchKeys(store_); !rebuilt) {
        Log(LogLevel::kWarning, "search key version not recorded for a new municipality",
            {{"municipality_id", created->id}, {"error", rebuilt.error().message}});
    }
    return created;
}

Result<Municipality> Administration::CreateMunicipality(const Principal& principal, const Municipality& municipality) {
    // Roles table (sharing-rules.md): the operator manages tenants. A municipal administrator manages only their
    // own municipality, so creating another is the system administrator's alone.
    if (!principal.HasRole(Role::kSystemAdministrator)) {
        return Fail(Error::PermissionDenied("自治体を追加できるのはシステム管理者だけです"));
    }
    Municipality requested = municipality;
    requested.id = {};
    requested.fictional = false;
    return CreateMunicipality(requested);
}

Result<Prefecture> Administration::CreatePrefecture(const Principal& principal, std::string_view code,
                                                    std::string_view name) {
    if (!principal.HasRole(Role::kSystemAdministrator)) {
        return Fail(Error::PermissionDenied("都道府県を登録できるのはシステム管理者だけです"));
    }
    return CreatePrefecture(code, name);
}

Result<std::vector<Prefecture>> Administration::ListPrefectures(const Principal& principal) {
    if (!principal.HasRole(Role::kSystemAdministrator)) {
        return Fail(Error::PermissionDenied("都道府県の一覧はシステム管理者だけが見られます"));
    }
    return store_.Prefectures().List();
}

Result<Organization> Administration::CreateOrganization(MunicipalityId municipality_id, OrganizationKind kind,
                                                        std::string_view name) {
    if (auto valid = ValidateName(name, "name", 100); !valid) return Fail(valid.error());
    return store_.Tenant(municipality_id)->Organizations().Create(kind, name);
}

Result<Area> Administration::CreateArea(MunicipalityId municipality_id, AreaKind kind, std::string_view name) {
    if (auto valid = ValidateName(name, "name", 100); !valid) return Fail(valid.error());
    return store_.Tenant(municipality_id)->Areas().Create(kind, name);
}

Result<User> Administration::AddUser(MunicipalityId municipality_id, const UserRequest& request) {
    if (auto valid = ValidateUsername(request.username); !valid) return Fail(valid.error());
    if (auto valid = ValidateName(request.display_name, "display_name", 100); !valid) return Fail(valid.error());
    if (request.roles.empty()) return Fail(Error::InvalidArgument("役割を1つ以上選んでください", "roles"));
    if (auto valid = ValidatePassword(request.password); !valid) return Fail(valid.error());
    auto hash = HashPassword(request.password);
    if (!hash) return Fail(hash.error());
    NewUser user{.organization_id = request.organization_id,
                 .username = request.username,
                 .display_name = request.display_name,
                 .roles = request.roles,
                 .password_hash = std::move(*hash)};
    std::sort(user.roles.begin(), user.roles.end());
    user.roles.erase(std::unique(user.roles.begin(), user.roles.end()), user.roles.end());
    return store_.Tenant(municipality_id)->Users().Create(user, clock_.Now());
}

Status Administration::ChangePassword(MunicipalityId municipality_id, UserId user_id, std::string_view password) {
    // The operator at the machine (kasane user passwd): actor 0 in the audit.
    return SetPassword(municipality_id, user_id, password, UserId{}, OrganizationId{},
                       "運用者（コマンド）がパスワードを再設定");
}

Status Administration::SetPassword(MunicipalityId municipality_id, UserId user_id, std::string_view password,
                                   UserId actor, OrganizationId actor_organization, std::string_view detail) {
    if (auto valid = ValidatePassword(password); !valid) return valid;
    auto hash = HashPassword(password);
    if (!hash) return Fail(hash.error());
    const Instant now = clock_.Now();
    return store_.Transaction([&](Store& transaction) -> Status {
        auto tenant = transaction.Tenant(municipality_id);
        auto user = tenant->Users().Get(user_id);
        if (!user) return Fail(user.error());
        if (auto set = tenant->Users().SetPasswordHash(user_id, *hash); !set) return set;
        if (auto ended = transaction.Accounts().DeleteSessionsOfUser(user_id); !ended) return ended;
        if (auto ended = transaction.Accounts().DeletePendingSignInsOfUser(user_id); !ended) return ended;
        if (auto audited = AppendAccountAudit(transaction, municipality_id, actor, actor_organization, "user_account",
                                              user_id, "password", detail, now);
            !audited) {
            return audited;
        }
        return transaction.Accounts().AppendAuthEvent(AuthEvent{.kind = AuthEventKind::kPasswordChanged,
                                                                .municipality_id = municipality_id,
                                                                .user_id = user_id,
                                                                .username = user->username,
                                                                .remote_address = {},
                                                                .at = now});
    });
}

Status Administration::DisableUser(MunicipalityId municipality_id, UserId user_id) {
    // The operator at the machine (kasane user disable): actor 0 in the audit.
    return DisableAccount(store_, clock_.Now(), municipality_id, user_id, UserId{}, OrganizationId{});
}

Result<Area> Administration::CreateArea(const Principal& principal, AreaKind kind, std::string_view name) {
    // Audited, as every area the administrator adds (area_administration.cpp).
    return AddArea(principal, AreaInput{.kind = kind, .name = std::string(name)});
}

Result<User> Administration::AddUser(const Principal& principal, const UserRequest& request) {
    if (auto allowed = RequireAdministrator(principal); !allowed) return Fail(allowed.error());
    // Only a system administrator may make another system administrator.
    const bool grants_system =
        std::find(request.roles.begin(), request.roles.end(), Role::kSystemAdministrator) != request.roles.end();
    if (grants_system && !principal.HasRole(Role::kSystemAdministrator)) {
        return Fail(Error::PermissionDenied("システム管理者の役割を付与できるのはシステム管理者だけです"));
    }
    return AddUser(principal.Tenant(), request);
}

Status Administration::ChangePassword(const Principal& principal, UserId user_id, std::string_view password) {
    // Anyone may change their own password; only an administrator resets another's, and only in their own
    // municipality (the tenant's look-up answers kNotFound for a user of another). Both are audited, naming who
    // set whose password.
    const bool own = principal.user.id == user_id;
    if (!own) {
        if (auto allowed = RequireAdministrator(principal); !allowed) return allowed;
    }
    return SetPassword(principal.Tenant(), user_id, password, principal.user.id, principal.user.organization_id,
                       own ? "本人がパスワードを変更" : "管理者がパスワードを再設定");
}

Status Administration::ChangeOwnPassword(const Principal& principal, std::string_view current_password,
                                         std::string_view new_password) {
    auto user = store_.Tenant(principal.Tenant())->Users().Get(principal.user.id);
    if (!user) return Fail(user.error());
    if (!VerifyPassword(user->password_hash, current_password)) {
        return Fail(Error::InvalidArgument("現在のパスワードが違います", "current_password"));
    }
    if (auto valid = ValidatePassword(new_password); !valid) {
        Error error = valid.error();
        error.field = "new_password";
        return Fail(std::move(error));
    }
    if (new_password == current_password) {
        return Fail(Error::InvalidArgument("新しいパスワードは現在のものと違うものにしてください", "new_password"));
    }
    return SetPassword(principal.Tenant(), principal.user.id, new_password, principal.user.id,
                       principal.user.organization_id, "本人がパスワードを変更（現在のパスワードを確認）");
}

Status Administration::DisableUser(const Principal& principal, UserId user_id) {
    if (auto allowed = RequireAdministrator(principal); !allowed) return allowed;
    if (principal.user.id == user_id) {
        return Fail(Error::InvalidArgument("自分自身のアカウントは無効にできません", "user_id"));
    }
    return DisableAccount(store_, clock_.Now(), principal.Tenant(), user_id, principal.user.id,
                          principal.user.organization_id);
}

Result<std::vector<User>> Administration::ListUsers(const Principal& principal) {
    if (auto allowed = RequireAdministratorOrAuditor(principal); !allowed) return Fail(allowed.error());
    return store_.Tenant(principal.Tenant())->Users().List();
}

Result<User> Administration::GetUser(const Principal& principal, UserId user_id) {
    if (principal.user.id != user_id) {
        if (auto allowed = RequireAdministratorOrAuditor(principal); !allowed) return Fail(allowed.error());
    }
    return store_.Tenant(principal.Tenant())->Users().Get(user_id);
}

Result<std::vector<ApiToken>> Administration::ListApiTokens(const Principal& principal) {
    if (auto allowed = RequireAdministrator(principal); !allowed) return Fail(allowed.error());
    return store_.Tenant(principal.Tenant())->ApiTokens().List();
}

Result<std::vector<AuthEvent>> Administration::ListAuthEvents(const Principal& principal, int limit) {
    if (auto allowed = RequireAdministratorOrAuditor(principal); !allowed) return Fail(allowed.error());
    if (limit < 1 || limit > 1000) return Fail(Error::InvalidArgument("件数は1〜1000で指定してください", "limit"));
    return store_.Tenant(principal.Tenant())->AuthEvents().ListRecent(limit);
}

Result<std::vector<Post>> Administration::ListPosts(const Principal& principal, UserId user_id) {
    if (principal.user.id != user_id) {
        if (auto allowed = RequireAdministratorOrAuditor(principal); !allowed) return Fail(allowed.error());
    }
    auto tenant = store_.Tenant(principal.Tenant());
    if (auto user = tenant->Users().Get(user_id); !user) return Fail(user.error());
    return tenant->Posts().ListOfUser(user_id);
}

Result<Post> Administration::AddPost(const Principal& principal, UserId user_id, const Post& requested) {
    if (auto allowed = RequireAdministrator(principal); !allowed) return Fail(allowed.error());
    Post post = requested;
    post.id = 0;
    post.user_id = user_id;
    post.municipality_id = principal.Tenant();
    std::sort(post.roles.begin(), post.roles.end());
    post.roles.erase(std::unique(post.roles.begin(), post.roles.end()), post.roles.end());
    if (auto valid = ValidatePost(post); !valid) return Fail(valid.error());
    // Only a system administrator may make another system administrator, in a post as in an account.
    if (std::find(post.roles.begin(), post.roles.end(), Role::kSystemAdministrator) != post.roles.end() &&
        !principal.HasRole(Role::kSystemAdministrator)) {
        return Fail(Error::PermissionDenied("システム管理者の役割を付与できるのはシステム管理者だけです"));
    }
    const Instant now = clock_.Now();
    Post created;
    const Status stored = store_.Transaction([&](Store& transaction) -> Status {
        auto tenant = transaction.Tenant(principal.Tenant());
        auto user = tenant->Users().Get(user_id);
        if (!user) return Fail(user.error());
        auto existing = tenant->Posts().ListOfUser(user_id);
        if (!existing) return Fail(existing.error());
        if (existing->empty()) {
            // The account's own organisation and roles become its first post, so that nothing is taken away.
            Post own{.id = 0,
                     .user_id = user_id,
                     .municipality_id = principal.Tenant(),
                     .organization_id = user->organization_id,
                     .roles = user->roles,
                     .starts_on = std::min(JstDate(user->created_at), post.starts_on),
                     .ends_on = std::nullopt,
                     .created_at = now};
            auto carried = tenant->Posts().Create(own, now);
            if (!carried) return Fail(carried.error());
            if (auto audited = AppendPostAudit(transaction, principal, AuditAction::kCreate, *carried,
                                               "organization_id,roles,starts_on", now);
                !audited) {
                return audited;
            }
        }
        auto added = tenant->Posts().Create(post, now);
        if (!added) return Fail(added.error());
        created = *added;
        return AppendPostAudit(transaction, principal, AuditAction::kCreate, created,
                               "organization_id,roles,starts_on,ends_on", now);
    });
    if (!stored) return Fail(stored.error());
    return created;
}

Result<Post> Administration::EndPost(const Principal& principal, PostId post_id, Date ends_on) {
    if (auto allowed = RequireAdministrator(principal); !allowed) return Fail(allowed.error());
    const Instant now = clock_.Now();
    Post ended;
    const Status stored = store_.Transaction([&](Store& transaction) -> Status {
        auto tenant = transaction.Tenant(principal.Tenant());
        auto post = tenant->Posts().Get(post_id);
        if (!post) return Fail(post.error());
        if (auto valid = ValidatePostEnd(*post, ends_on); !valid) return valid;
        if (auto set = tenant->Posts().SetEndsOn(post_id, ends_on); !set) return set;
        ended = *post;
        ended.ends_on = ends_on;
        return AppendPostAudit(transaction, principal, AuditAction::kUpdate, ended, "ends_on", now);
    });
    if (!stored) return Fail(stored.error());
    return ended;
}

}  // namespace kasane::domain
