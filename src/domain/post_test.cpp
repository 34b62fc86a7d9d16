// SPDX-License-Identifier: Apache-2.0
// Posts (出向・異動): which posts are active on a day, which post a session starts in and acts in, and the audit
// text that names the post without changing the text of entries written before posts existed.

#include "domain/post.hpp"

#include <gtest/gtest.h>

#include "domain/audit.hpp"

namespace kasane::domain {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

Date D(int y, unsigned m, unsigned d) { return Date{year{y}, month{m}, day{d}}; }

constexpr OrganizationId kWelfare = OrganizationId{10};   // 福祉課
constexpr OrganizationId kHoukatsu = OrganizationId{20};  // 地域包括支援センター

User Caseworker() {
    User user;
    user.id = UserId{7};
    user.municipality_id = MunicipalityId{1};
    user.organization_id = kWelfare;
    user.roles = {Role::kCaseworker};
    return user;
}

Post MakePost(PostId id, OrganizationId organization, Date starts_on, std::optional<Date> ends_on,
              std::vector<Role> roles = {Role::kCaseworker}) {
    return Post{.id = id,
                .user_id = UserId{7},
                .municipality_id = MunicipalityId{1},
                .organization_id = organization,
                .roles = std::move(roles),
                .starts_on = starts_on,
                .ends_on = ends_on,
                .created_at = {}};
}

TEST(Post, ActiveFromItsFirstDayToItsLastBothInclusive) {
    const Post post = MakePost(1, kHoukatsu, D(2024, 4, 1), D(2025, 3, 31));
    EXPECT_FALSE(post.ActiveOn(D(2024, 3, 31)));
    EXPECT_TRUE(post.ActiveOn(D(2024, 4, 1)));
    EXPECT_TRUE(post.ActiveOn(D(2025, 3, 31)));
    EXPECT_FALSE(post.ActiveOn(D(2025, 4, 1)));
    EXPECT_TRUE(MakePost(2, kWelfare, D(2020, 4, 1), std::nullopt).ActiveOn(D(2099, 1, 1)));
}

TEST(Post, ActivePostsKeepsOnlyThoseOfTheDay) {
    const std::vector<Post> posts = {MakePost(1, kWelfare, D(2020, 4, 1), std::nullopt),
                                     MakePost(2, kHoukatsu, D(2024, 4, 1), D(2024, 9, 30)),
                                     MakePost(3, kHoukatsu, D(2025, 4, 1), std::nullopt)};
    const auto active = ActivePosts(posts, D(2024, 6, 1));
    ASSERT_EQ(active.size(), 2u);
    EXPECT_EQ(active[0].id, 1);
    EXPECT_EQ(active[1].id, 2);
    EXPECT_EQ(ActivePosts(posts, D(2024, 12, 1)).size(), 1u);
}

TEST(Post, SessionsStartInThePostOfTheAccountsOwnOrganisation) {
    // Seconded to 地域包括 (an earlier start) while keeping the 福祉課 post: the session starts in 福祉課.
    const std::vector<Post> posts = {MakePost(5, kHoukatsu, D(2019, 4, 1), std::nullopt),
                                     MakePost(6, kWelfare, D(2020, 4, 1), std::nullopt)};
    EXPECT_EQ(DefaultPost(Caseworker(), posts, D(2024, 6, 1))->id, 6);
    // After a move (異動): the 福祉課 post has ended, so the earliest active post elsewhere.
    const std::vector<Post> moved = {MakePost(6, kWelfare, D(2020, 4, 1), D(2024, 3, 31)),
                                     MakePost(8, kHoukatsu, D(2024, 4, 2), std::nullopt),
                                     MakePost(7, kHoukatsu, D(2024, 4, 1), std::nullopt)};
    EXPECT_EQ(DefaultPost(Caseworker(), moved, D(2024, 6, 1))->id, 7);
    EXPECT_EQ(DefaultPost(Caseworker(), moved, D(2024, 3, 1))->id, 6);  // before the move
    EXPECT_FALSE(DefaultPost(Caseworker(), {MakePost(6, kWelfare, D(2020, 4, 1), D(2024, 3, 31))}, D(2024, 6, 1)));
}

TEST(Post, AUserWithoutPostsActsAsTheAccount) {
    const SessionPost resolved = ResolveSessionPost(Caseworker(), {}, 0, D(2024, 6, 1));
    EXPECT_EQ(resolved.kind, SessionPost::Kind::kOwn);
    EXPECT_FALSE(resolved.post.has_value());
}

TEST(Post, ASessionActsInItsPostWhileActiveAndEndsWithIt) {
    const std::vector<Post> posts = {MakePost(6, kWelfare, D(2020, 4, 1), std::nullopt),
                                     MakePost(9, kHoukatsu, D(2024, 4, 1), D(2024, 9, 30))};
    const SessionPost in_houkatsu = ResolveSessionPost(Caseworker(), posts, 9, D(2024, 9, 30));
    ASSERT_EQ(in_houkatsu.kind, SessionPost::Kind::kPost);
    EXPECT_EQ(in_houkatsu.post->organization_id, kHoukatsu);
    EXPECT_FALSE(in_houkatsu.moved);
    // The next day the post has ended: the session is refused, not moved silently to the 福祉課 post.
    EXPECT_EQ(ResolveSessionPost(Caseworker(), posts, 9, D(2024, 10, 1)).kind, SessionPost::Kind::kEnded);
    // A post id that is not one of the user's is refused too.
    EXPECT_EQ(ResolveSessionPost(Caseworker(), posts, 99, D(2024, 6, 1)).kind, SessionPost::Kind::kEnded);
}

TEST(Post, ASessionFromBeforeThePostsMovesToTheDefaultPost) {
    const std::vector<Post> posts = {MakePost(6, kWelfare, D(2020, 4, 1), std::nullopt),
                                     MakePost(9, kHoukatsu, D(2024, 4, 1), std::nullopt)};
    const SessionPost resolved = ResolveSessionPost(Caseworker(), posts, 0, D(2024, 6, 1));
    ASSERT_EQ(resolved.kind, SessionPost::Kind::kPost);
    EXPECT_TRUE(resolved.moved);
    EXPECT_EQ(resolved.post->id, 6);
    // …unless none is active.
    EXPECT_EQ(
        ResolveSessionPost(Caseworker(), {MakePost(9, kHoukatsu, D(2025, 4, 1), std::nullopt)}, 0, D(2024, 6, 1)).kind,
        SessionPost::Kind::kEnded);
}

TEST(Post, ActingInAPostTakesItsOrganisationAndRoles) {
    const User acting =
        ActingIn(Caseworker(), MakePost(9, kHoukatsu, D(2024, 4, 1), std::nullopt, {Role::kCoordinator}));
    EXPECT_EQ(acting.organization_id, kHoukatsu);
    EXPECT_EQ(acting.roles, std::vector<Role>{Role::kCoordinator});
    EXPECT_EQ(acting.id, 7);
}

TEST(Post, ValidationNamesTheField) {
    Post post = MakePost(0, kHoukatsu, D(2024, 4, 1), D(2024, 3, 31));
    auto status = ValidatePost(post);
    ASSERT_FALSE(status);
    EXPECT_EQ(status.error().field, "ends_on");
    post.ends_on.reset();
    post.roles.clear();
    status = ValidatePost(post);
    ASSERT_FALSE(status);
    EXPECT_EQ(status.error().field, "roles");
    post.roles = {Role::kCaseworker};
    EXPECT_TRUE(ValidatePost(post));

    EXPECT_FALSE(ValidatePostEnd(post, D(2024, 3, 31)));
    EXPECT_TRUE(ValidatePostEnd(post, D(2024, 4, 1)));
    post.ends_on = D(2024, 6, 30);
    EXPECT_TRUE(ValidatePostEnd(post, D(2024, 5, 31)));   // ended earlier
    EXPECT_FALSE(ValidatePostEnd(post, D(2024, 7, 31)));  // an ended post is not prolonged
}

TEST(Post, TheAuditTextNamesThePostOnlyWhenThereIsOne) {
    AuditEntry entry;
    entry.municipality_id = MunicipalityId{1};
    entry.sequence = 3;
    entry.user_id = UserId{7};
    entry.organization_id = kHoukatsu;
    entry.action = "read";
    entry.record_type = "person";
    entry.record_id = 4;
    const std::string without_post = CanonicalAuditText(entry);
    EXPECT_EQ(without_post.find("post"), std::string::npos);  // the text of every entry before posts existed
    entry.post_id = 9;
    const std::string with_post = CanonicalAuditText(entry);
    EXPECT_EQ(with_post.substr(0, without_post.size()), without_post);
    EXPECT_NE(with_post, without_post);
    EXPECT_NE(ChainHash("", entry), [&] {
        AuditEntry other = entry;
        other.post_id = 10;
        return ChainHash("", other);
    }());
}

}  // namespace
}  // namespace kasane::domain

namespace kasane::domain {
namespace {

// 異動 on a date (PlanMove): the post left ends the day before, the new one starts that day; no gap, no overlap.
TEST(PostMoveTest, EndsTheDayBeforeAndStartsOnTheMoveDate) {
    const Post current{.id = 5,
                       .user_id = UserId{7},
                       .municipality_id = MunicipalityId{1},
                       .organization_id = OrganizationId{10},
                       .roles = {Role::kCaseworker},
                       .starts_on = Date{std::chrono::year{2024}, std::chrono::month{4}, std::chrono::day{1}},
                       .ends_on = std::nullopt,
                       .created_at = {}};
    const Date moves_on{std::chrono::year{2025}, std::chrono::month{4}, std::chrono::day{1}};
    auto move = PlanMove(current, OrganizationId{20}, {}, moves_on);
    ASSERT_TRUE(move) << move.error().message;
    EXPECT_EQ(move->ended.id, 5);
    EXPECT_EQ(move->ended.ends_on, (Date{std::chrono::year{2025}, std::chrono::month{3}, std::chrono::day{31}}));
    EXPECT_EQ(move->started.id, 0);
    EXPECT_EQ(move->started.organization_id, 20);
    EXPECT_EQ(move->started.roles, std::vector<Role>{Role::kCaseworker});  // the post left's roles by default
    EXPECT_EQ(move->started.starts_on, moves_on);
    EXPECT_FALSE(move->started.ends_on.has_value());
    EXPECT_FALSE(move->ended.ActiveOn(moves_on));
    EXPECT_TRUE(move->started.ActiveOn(moves_on));

    // New roles with the move; across a month's end (3月1日 → 2月28日 of a common year).
    auto promoted = PlanMove(current, OrganizationId{20}, {Role::kCoordinator},
                             Date{std::chrono::year{2025}, std::chrono::month{3}, std::chrono::day{1}});
    ASSERT_TRUE(promoted);
    EXPECT_EQ(promoted->started.roles, std::vector<Role>{Role::kCoordinator});
    EXPECT_EQ(promoted->ended.ends_on, (Date{std::chrono::year{2025}, std::chrono::month{2}, std::chrono::day{28}}));
}

TEST(PostMoveTest, RefusesMovesThatAreNotAfterThePostOrChangeNothing) {
    Post current{.id = 5,
                 .user_id = UserId{7},
                 .municipality_id = MunicipalityId{1},
                 .organization_id = OrganizationId{10},
                 .roles = {Role::kCaseworker},
                 .starts_on = Date{std::chrono::year{2024}, std::chrono::month{4}, std::chrono::day{1}},
                 .ends_on = std::nullopt,
                 .created_at = {}};
    // On the first day itself: the old post would end before it began.
    auto same_day = PlanMove(current, OrganizationId{20}, {}, current.starts_on);
    ASSERT_FALSE(same_day);
    EXPECT_EQ(same_day.error().field, "moves_on");
    // Nothing changes: same organisation, same roles.
    auto nothing = PlanMove(current, OrganizationId{10}, {Role::kCaseworker},
                            Date{std::chrono::year{2025}, std::chrono::month{4}, std::chrono::day{1}});
    ASSERT_FALSE(nothing);
    EXPECT_EQ(nothing.error().field, "organization_id");
    // The same organisation with other roles is a move.
    EXPECT_TRUE(PlanMove(current, OrganizationId{10}, {Role::kCoordinator},
                         Date{std::chrono::year{2025}, std::chrono::month{4}, std::chrono::day{1}}));
    // A post that ended long before the move date.
    current.ends_on = Date{std::chrono::year{2024}, std::chrono::month{9}, std::chrono::day{30}};
    auto after_end = PlanMove(current, OrganizationId{20}, {},
                              Date{std::chrono::year{2025}, std::chrono::month{4}, std::chrono::day{1}});
    ASSERT_FALSE(after_end);
    EXPECT_EQ(after_end.error().field, "moves_on");
    // The day after its end is fine: no gap.
    EXPECT_TRUE(PlanMove(current, OrganizationId{20}, {},
                         Date{std::chrono::year{2024}, std::chrono::month{10}, std::chrono::day{1}}));
}

}  // namespace
}  // namespace kasane::domain
