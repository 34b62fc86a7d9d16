// SPDX-License-Identifier: Apache-2.0
#include "domain/post.hpp"

#include <algorithm>
#include <cstdio>

namespace kasane::domain {

std::vector<Post> ActivePosts(const std::vector<Post>& posts, Date today) {
    std::vector<Post> active;
    for (const Post& post : posts) {
        if (post.ActiveOn(today)) active.push_back(post);
    }
    return active;
}

std::optional<Post> DefaultPost(const User& user, const std::vector<Post>& posts, Date today) {
    std::optional<Post> chosen;
    for (const Post& post : ActivePosts(posts, today)) {
        if (!chosen) {
            chosen = post;
            continue;
        }
        const bool own = post.organization_id == user.organization_id;
        const bool chosen_own = chosen->organization_id == user.organization_id;
        if (own != chosen_own) {
            if (own) chosen = post;
            continue;
        }
        if (post.starts_on < chosen->starts_on || (post.starts_on == chosen->starts_on && post.id < chosen->id)) {
            chosen = post;
        }
    }
    return chosen;
}

SessionPost ResolveSessionPost(const User& user, const std::vector<Post>& posts, PostId session_post_id, Date today) {
    SessionPost resolved;
    if (posts.empty()) {
        resolved.kind = session_post_id == 0 ? SessionPost::Kind::kOwn : SessionPost::Kind::kEnded;
        return resolved;
    }
    if (session_post_id == 0) {
        resolved.post = DefaultPost(user, posts, today);
        resolved.kind = resolved.post ? SessionPost::Kind::kPost : SessionPost::Kind::kEnded;
        resolved.moved = resolved.post.has_value();
        return resolved;
    }
    const auto it =
        std::find_if(posts.begin(), posts.end(), [&](const Post& post) { return post.id == session_post_id; });
    if (it == posts.end() || it->user_id != user.id || !it->ActiveOn(today)) {
        resolved.kind = SessionPost::Kind::kEnded;
        return resolved;
    }
    resolved.kind = SessionPost::Kind::kPost;
    resolved.post = *it;
    return resolved;
}

User ActingIn(User user, const Post& post) {
    user.organization_id = post.organization_id;
    user.roles = post.roles;
    return user;
}

Status ValidatePost(const Post& post) {
    if (!post.starts_on.ok()) return Fail(Error::InvalidArgument("開始日を正しく入力してください", "starts_on"));
    if (post.roles.empty()) return Fail(Error::InvalidArgument("役割を1つ以上選んでください", "roles"));
    if (post.ends_on.has_value()) {
        if (!post.ends_on->ok()) return Fail(Error::InvalidArgument("終了日を正しく入力してください", "ends_on"));
        if (*post.ends_on < post.starts_on) {
            return Fail(Error::InvalidArgument("終了日は開始日以降の日付にしてください", "ends_on"));
        }
    }
    return {};
}

Status ValidatePostEnd(const Post& post, Date ends_on) {
    if (!ends_on.ok()) return Fail(Error::InvalidArgument("終了日を正しく入力してください", "ends_on"));
    if (ends_on < post.starts_on) {
        return Fail(Error::InvalidArgument("終了日は開始日以降の日付にしてください", "ends_on"));
    }
    if (post.ends_on.has_value() && *post.ends_on < ends_on) {
        return Fail(Error::Conflict("この職はすでに終了しています（終了日を延ばすことはできません）", "ends_on"));
    }
    return {};
}

Result<PostMove> PlanMove(const Post& current, OrganizationId to, std::vector<Role> roles, Date moves_on) {
    if (!moves_on.ok()) return Fail(Error::InvalidArgument("異動日を正しく入力してください", "moves_on"));
    if (roles.empty()) roles = current.roles;
    std::sort(roles.begin(), roles.end());
    roles.erase(std::unique(roles.begin(), roles.end()), roles.end());
    if (to == current.organization_id && roles == current.roles) {
        return Fail(Error::InvalidArgument("異動先が今の所属・役割と同じです", "organization_id"));
    }
    if (moves_on <= current.starts_on) {
        return Fail(Error::InvalidArgument(
            "異動日は今の所属の開始日（" + FormatWareki(current.starts_on) + "）より後の日付にしてください",
            "moves_on"));
    }
    const Date last_day{std::chrono::sys_days{moves_on} - std::chrono::days{1}};
    if (current.ends_on.has_value() && *current.ends_on < last_day) {
        return Fail(Error::InvalidArgument(
            "今の所属は" + FormatWareki(*current.ends_on) + "に終了しています。異動日はその翌日までにしてください",
            "moves_on"));
    }
    PostMove move{.ended = current, .started = current};
    move.ended.ends_on = last_day;
    move.started.id = 0;
    move.started.organization_id = to;
    move.started.roles = std::move(roles);
    move.started.starts_on = moves_on;
    move.started.ends_on = std::nullopt;
    if (auto valid = ValidatePost(move.started); !valid) return Fail(valid.error());
    return move;
}

std::string PostDateText(Date date) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    return buffer;
}

}  // namespace kasane::domain
