// SPDX-License-Identifier: Apache-2.0
#pragma once

// Posts (職・所属): a user may hold posts in more than one organisation of the municipality at once — 出向 (a
// secondment: the 福祉課 caseworker who also works for the 地域包括支援センター) — and moves between organisations
// (異動) by one post ending and another starting. Each post carries its own roles for its own dates; a session acts
// in one post at a time, and every decision of the access policy and every audit entry is made with the post's
// organisation and roles (sharing-rules.md: the organisation, not the person, is the unit a record is shared with,
// so the same person must not carry one organisation's records into another's work).
//
// A user without post rows keeps the organisation and roles of the account itself (users.organization_id and
// user_roles): the user's own post, id 0. Once a user has post rows, those are the whole truth: the first post an
// administrator adds carries the account's own organisation and roles over as a post of its own (starting the day
// the account was made), so that adding a secondment takes nothing away, and a move is that post ending.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/ids.hpp"
#include "base/japanese_date.hpp"
#include "base/result.hpp"
#include "domain/user.hpp"

namespace kasane::domain {

struct Post {
    PostId id = 0;
    UserId user_id{};
    MunicipalityId municipality_id{};
    OrganizationId organization_id{};
    std::vector<Role> roles;  // sorted, no duplicates
    Date starts_on{};
    std::optional<Date> ends_on;  // the last day of the post (inclusive); unset: open-ended
    Instant created_at{};

    // A post gives its rights from its first day to its last, both inclusive, in JST; before and after, nothing.
    bool ActiveOn(Date day) const { return starts_on <= day && (!ends_on.has_value() || day <= *ends_on); }
};

// The posts active on `today`, in the order given.
std::vector<Post> ActivePosts(const std::vector<Post>& posts, Date today);

// The post a new session starts in: among the posts active today, the one in the account's own organisation
// (users.organization_id), else the earliest started (then the lowest id). nullopt when none is active.
std::optional<Post> DefaultPost(const User& user, const std::vector<Post>& posts, Date today);

// Which post a session acts in.
struct SessionPost {
    enum class Kind {
        kOwn,    // the user has no posts: the account's own organisation and roles (post id 0)
        kPost,   // `post`
        kEnded,  // the session's post has ended (or no post of the user is active): the session ends
    };
    Kind kind = Kind::kOwn;
    std::optional<Post> post;
    bool moved = false;  // the session had no post yet (the posts were added after sign-in): store `post` as its own
};
// `session_post_id` 0: the session started before the user had posts (or has none). A session whose post has ended
// or not yet started is refused rather than moved to another post: rights never change silently mid-session.
SessionPost ResolveSessionPost(const User& user, const std::vector<Post>& posts, PostId session_post_id, Date today);

// The account acting in the post: the post's organisation and roles replace the account's own.
User ActingIn(User user, const Post& post);

// A new post, or one ending: a first day; a last day not before the first; at least one role.
Status ValidatePost(const Post& post);
Status ValidatePostEnd(const Post& post, Date ends_on);

// "2024-04-01", for audit details.
std::string PostDateText(Date date);

}  // namespace kasane::domain
