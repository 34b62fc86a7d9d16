// SPDX-License-Identifier: Apache-2.0
// 利用者の管理 (issue 14, item 2): the administrator creates a staff member with a first post, moves a user between
// organisations on a date (異動: one post ends, another starts, in one action) and unlocks an account locked out
// after failed sign-ins. Each change is audited in its own transaction; accounts are never deleted (the audit
// trail names them) — DisableUser in administration.cpp keeps the last active administrator.

#include <algorithm>
#include <string>

#include "base/crypto.hpp"
#include "base/japan_time.hpp"
#include "domain/administration.hpp"
#include "domain/audit.hpp"

namespace kasane::domain {

namespace {

Status RequireAdministratorToChange(const Principal& principal) {
    if (!Administration::IsAdministrator(principal)) {
        return Fail(Error::PermissionDenied("この操作は管理者だけが行えます"));
    }
    return {};
}

Status RefuseSystemRoleUnlessSystem(const Principal& principal, const std::vector<Role>& roles) {
    // Only a system administrator may make another system administrator (as AddUser and AddPost).
    if (std::find(roles.begin(), roles.end(), Role::kSystemAdministrator) != roles.end() &&
        !principal.HasRole(Role::kSystemAdministrator)) {
        return Fail(Error::PermissionDenied("システム管理者の役割を付与できるのはシステム管理者だけです"));
    }
    return {};
}

std::vector<Role> Normalized(std::vector<Role> roles) {
    std::sort(roles.begin(), roles.end());
    roles.erase(std::unique(roles.begin(), roles.end()), roles.end());
    return roles;
}

Status AppendUserAudit(Store& transaction, const Principal& principal, AuditAction action, UserId user_id,
                       std::string_view fields, std::string detail, Instant at) {
    std::vector<AuditEntry> entries{EntryBy(principal, at, action, "user_account", user_id, fields)};
    entries.front().detail = std::move(detail);
    return transaction.Tenant(principal.Tenant())->Audit().Append(entries);
}

}  // namespace

bool Administration::IsLockedOut(const User& user, Instant now) {
    return user.locked_until.has_value() && *user.locked_until > now;
}

Result<User> Administration::CreateStaff(const Principal& principal, const StaffRequest& request) {
    if (auto allowed = RequireAdministratorToChange(principal); !allowed) return Fail(allowed.error());
    if (auto valid = ValidateUsername(request.username); !valid) return Fail(valid.error());
    if (auto valid = ValidateName(request.display_name, "display_name", 100); !valid) return Fail(valid.error());
    if (auto valid = ValidatePassword(request.password); !valid) return Fail(valid.error());
    const std::vector<Role> roles = Normalized(request.roles);
    if (roles.empty()) return Fail(Error::InvalidArgument("役割を1つ以上選んでください", "roles"));
    if (auto allowed = RefuseSystemRoleUnlessSystem(principal, roles); !allowed) return Fail(allowed.error());
    Post first{.id = 0,
               .user_id = UserId{},
               .municipality_id = principal.Tenant(),
               .organization_id = request.organization_id,
               .roles = roles,
               .starts_on = request.starts_on,
               .ends_on = std::nullopt,
               .created_at = {}};
    if (auto valid = ValidatePost(first); !valid) return Fail(valid.error());
    auto hash = HashPassword(request.password);
    if (!hash) return Fail(hash.error());
    const Instant now = clock_.Now();
    User created;
    const Status stored = store_.Transaction([&](Store& transaction) -> Status {
        auto tenant = transaction.Tenant(principal.Tenant());
        auto organization = tenant->Organizations().Get(request.organization_id);
        if (!organization) {
            if (organization.error().Is(ErrorCode::kNotFound)) {
                return Fail(Error::InvalidArgument("所属機関を選んでください", "organization_id"));
            }
            return Fail(organization.error());
        }
        auto user = tenant->Users().Create(NewUser{.organization_id = request.organization_id,
                                                   .username = request.username,
                                                   .display_name = request.display_name,
                                                   .roles = roles,
                                                   .password_hash = std::move(*hash)},
                                           now);
        if (!user) return Fail(user.error());
        created = *user;
        std::string role_codes;
        for (Role role : roles) role_codes += (role_codes.empty() ? "" : ",") + std::string(RoleCode(role));
        if (auto audited = AppendUserAudit(transaction, principal, AuditAction::kCreate, created.id,
                                           "username,display_name,organization_id,roles",
                                           "username=" + created.username + " roles=" + role_codes, now);
            !audited) {
            return audited;
        }
        first.user_id = created.id;
        auto post = tenant->Posts().Create(first, now);
        if (!post) return Fail(post.error());
        return AppendPostAudit(transaction, principal, AuditAction::kCreate, *post,
                               "organization_id,roles,starts_on,ends_on", now);
    });
    if (!stored) return Fail(stored.error());
    return created;
}

Result<PostMove> Administration::MoveUser(const Principal& principal, const MoveRequest& request) {
    if (auto allowed = RequireAdministratorToChange(principal); !allowed) return Fail(allowed.error());
    if (auto allowed = RefuseSystemRoleUnlessSystem(principal, request.roles); !allowed) return Fail(allowed.error());
    const Instant now = clock_.Now();
    PostMove done;
    const Status stored = store_.Transaction([&](Store& transaction) -> Status {
        auto tenant = transaction.Tenant(principal.Tenant());
        auto user = tenant->Users().Get(request.user_id);
        if (!user) return Fail(user.error());
        auto posts = tenant->Posts().ListOfUser(request.user_id);
        if (!posts) return Fail(posts.error());
        Post current;
        bool carried = false;
        if (request.from_post_id == 0) {
            if (!posts->empty()) return Fail(Error::InvalidArgument("異動元の所属を選んでください", "from_post_id"));
            // The account's own organisation and roles, as AddPost carries them over (post.hpp).
            current = Post{.id = 0,
                           .user_id = user->id,
                           .municipality_id = principal.Tenant(),
                           .organization_id = user->organization_id,
                           .roles = user->roles,
                           .starts_on = JstDate(user->created_at),
                           .ends_on = std::nullopt,
                           .created_at = now};
            carried = true;
        } else {
            const auto it = std::find_if(posts->begin(), posts->end(),
                                         [&](const Post& post) { return post.id == request.from_post_id; });
            if (it == posts->end()) return Fail(Error::NotFound("異動元の所属が見つかりません"));
            current = *it;
        }
        auto target = tenant->Organizations().Get(request.organization_id);
        if (!target) {
            if (target.error().Is(ErrorCode::kNotFound)) {
                return Fail(Error::InvalidArgument("異動先の機関を選んでください", "organization_id"));
            }
            return Fail(target.error());
        }
        auto move = PlanMove(current, request.organization_id, request.roles, request.moves_on);
        if (!move) return Fail(move.error());
        if (carried) {
            // The carried-over post is stored already ended.
            auto stored_post = tenant->Posts().Create(move->ended, now);
            if (!stored_post) return Fail(stored_post.error());
            move->ended = *stored_post;
            if (auto audited = AppendPostAudit(transaction, principal, AuditAction::kCreate, move->ended,
                                               "organization_id,roles,starts_on,ends_on", now);
                !audited) {
                return audited;
            }
        } else {
            if (auto set = tenant->Posts().SetEndsOn(move->ended.id, *move->ended.ends_on); !set) return set;
            if (auto audited =
                    AppendPostAudit(transaction, principal, AuditAction::kUpdate, move->ended, "ends_on", now);
                !audited) {
                return audited;
            }
        }
        auto started = tenant->Posts().Create(move->started, now);
        if (!started) return Fail(started.error());
        move->started = *started;
        if (auto audited = AppendPostAudit(transaction, principal, AuditAction::kCreate, move->started,
                                           "organization_id,roles,starts_on", now);
            !audited) {
            return audited;
        }
        done = std::move(*move);
        return {};
    });
    if (!stored) return Fail(stored.error());
    return done;
}

Status Administration::UnlockUser(const Principal& principal, UserId user_id) {
    if (auto allowed = RequireAdministratorToChange(principal); !allowed) return allowed;
    const Instant now = clock_.Now();
    return store_.Transaction([&](Store& transaction) -> Status {
        auto tenant = transaction.Tenant(principal.Tenant());
        auto user = tenant->Users().Get(user_id);
        if (!user) return Fail(user.error());
        if (!IsLockedOut(*user, now) && user->failed_sign_ins == 0) {
            return Fail(Error::InvalidArgument("この利用者はロックされていません", "user_id"));
        }
        // The same reset a successful sign-in makes: the failure count to 0, the lock cleared.
        if (auto cleared = transaction.Accounts().RecordSignInSuccess(user_id); !cleared) return cleared;
        return AppendUserAudit(transaction, principal, AuditAction::kUpdate, user_id, "failed_sign_ins,locked_until",
                               "管理者がロックを解除 failed_sign_ins=" + std::to_string(user->failed_sign_ins), now);
    });
}

}  // namespace kasane::domain
