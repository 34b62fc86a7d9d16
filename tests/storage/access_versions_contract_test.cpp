// SPDX-License-Identifier: Apache-2.0
// The access facts a store keeps between reads (issue 18, item 4; storage/sql/access_facts_cache.hpp) are never used
// after a change to them has committed through another store on the same database — another process's pool on
// PostgreSQL, another set of connections on the SQLite file: a withdrawn consent, an ended referral, a case-team
// member removed, a contact by a new organisation and a merge (名寄せ) show on the very next read of the first store,
// as does a session signed out. Each step reads through store A first (so that A keeps the facts), changes through
// store B, and reads through A again: without the access versions of migration 60 A would answer its old facts.

#include <sqlite3.h>

#include <algorithm>
#include <thread>

#include "base/japan_time.hpp"
#include "contract_support.hpp"
#include "domain/case_repositories.hpp"
#include "domain/post.hpp"
#include "domain/read_ahead.hpp"
#include "domain/referral.hpp"
#include "domain/sharing_repositories.hpp"
#include "domain/support_case.hpp"
#include "storage/bulk_load_port.hpp"
#include "storage/postgres/postgres_store.hpp"

namespace kasane::storage {
namespace {

using domain::PersonAccessFacts;
using domain::Role;

const std::string& PostgresUrl() {
    static const std::string url = CreateDatabase("kasane_access_versions_contract");
    return url;
}

class AccessVersionsContractTest : public TwoTownStoreTest {
protected:
    void SetUp() override {
        ASSERT_NO_FATAL_FAILURE(OpenTwoTowns(PostgresUrl));
        auto other = OpenStore(url_, StoreOptions{.pool_size = 2});
        ASSERT_TRUE(other.has_value()) << other.error().message;
        other_ = std::move(*other);
        ob_ = other_->Tenant(a_.id);
        shakyo_ = ta_->Organizations().Create(domain::OrganizationKind::kSocialWelfareCouncil, "社協").value().id;
        shakyo_staff_ = AddUser(*ta_, shakyo_, "shakyo-staff");
    }

    void TearDown() override {
        ob_.reset();
        other_.reset();
        TwoTownStoreTest::TearDown();
    }

    // The facts as store A reads them (twice, so that the second read may come from what A kept).
    PersonAccessFacts FactsThroughA(domain::PersonId person) {
        auto first = ta_->Persons().AccessFacts(person);
        EXPECT_TRUE(first.has_value()) << (first ? "" : first.error().message);
        auto again = ta_->Persons().AccessFacts(person);
        EXPECT_TRUE(again.has_value()) << (again ? "" : again.error().message);
        return again.value_or(PersonAccessFacts{});
    }

    // A written consent of `person` to share with 社協, given on 10 May 2024.
    domain::Consent ConsentToShakyo(domain::PersonId person) const {
        domain::Consent consent;
        consent.person_id = person;
        consent.organizations = {shakyo_};
        consent.purpose = "支援のための情報共有";
        consent.given_on = Day(2024, 5, 10);
        consent.method = domain::ConsentMethod::kWritten;
        consent.explanation_version = "説明文書 v2";
        consent.recorded_by = staff_;
        consent.recorded_at = At(2024, 5, 10, 3);
        return consent;
    }

    // A session of staff_ at 福祉課 (the stores find it by its hash whatever its expiry).
    domain::Session StaffSession(const std::string& token_hash) const {
        return domain::Session{.token_hash = token_hash,
                               .user_id = staff_,
                               .municipality_id = a_.id,
                               .created_at = At(2024, 4, 1, 9),
                               .last_seen_at = At(2024, 4, 1, 9),
                               .expires_at = At(2024, 4, 1, 21),
                               .remote_address = "192.0.2.10",
                               .user_agent = "テスト"};
    }

    // Runs `sql` past the stores (as an operator's SQL would be), on either database; the first value of its first
    // row, or "" when it has none.
    std::string PastTheStores(const std::string& sql) {
        std::string first;
        if (GetParam() == Backend::kPostgres) {
            PGconn* conn = PQconnectdb(url_.c_str());
            PGresult* result = PQexec(conn, sql.c_str());
            const ExecStatusType status = PQresultStatus(result);
            EXPECT_TRUE(status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) << sql << ": " << PQerrorMessage(conn);
            if (status == PGRES_TUPLES_OK && PQntuples(result) > 0) first = PQgetvalue(result, 0, 0);
            PQclear(result);
            PQfinish(conn);
            return first;
        }
        sqlite3* database = nullptr;
        EXPECT_EQ(sqlite3_open(url_.substr(std::string_view("sqlite:").size()).c_str(), &database), SQLITE_OK);
        sqlite3_busy_timeout(database, 5000);
        char* message = nullptr;
        const auto keep_first = [](void* out, int columns, char** values, char**) {
            auto& text = *static_cast<std::string*>(out);
            if (text.empty() && columns > 0 && values[0] != nullptr) text = values[0];
            return 0;
        };
        const int status = sqlite3_exec(database, sql.c_str(), keep_first, &first, &message);
        EXPECT_EQ(status, SQLITE_OK) << sql << ": " << (message != nullptr ? message : "");
        sqlite3_free(message);
        sqlite3_close(database);
        return first;
    }

    // A post of staff_ at 社協 from 1 April 2024, given through store B.
    Result<domain::Post> GivePostAtShakyoThroughB() {
        return ob_->Posts().Create(domain::Post{.user_id = staff_,
                                                .municipality_id = a_.id,
                                                .organization_id = shakyo_,
                                                .roles = {Role::kCaseworker},
                                                .starts_on = Day(2024, 4, 1)},
                                   At(2024, 4, 1));
    }

    // The account version of `user` (migration 66) as the database has it: 0 before its first change.
    std::int64_t AccountVersion(UserId user) {
        const std::string version = PastTheStores(
            "SELECT COALESCE((SELECT version FROM account_versions WHERE user_id = " + std::to_string(user.value()) +
            "), 0)");
        return version.empty() ? -1 : std::stoll(version);
    }

    static bool Names(const std::vector<OrganizationId>& organizations, OrganizationId organization) {
        return std::find(organizations.begin(), organizations.end(), organization) != organizations.end();
    }

    std::unique_ptr<domain::Store> other_;
    std::unique_ptr<domain::TenantStore> ob_;
    OrganizationId shakyo_{};
    UserId shakyo_staff_{};
};

TEST_P(AccessVersionsContractTest, AWithdrawnConsentShowsOnTheNextReadOfTheOtherStore) {
    const domain::PersonId person = AddPerson("佐藤", "花子");
    EXPECT_TRUE(FactsThroughA(person).consents.empty());

    auto given = ob_->Consents().Create(ConsentToShakyo(person));
    ASSERT_OK(given);
    PersonAccessFacts facts = FactsThroughA(person);
    ASSERT_EQ(facts.consents.size(), 1u);
    EXPECT_FALSE(facts.consents[0].withdrawn_at.has_value());
    EXPECT_TRUE(facts.consents[0].InForce(At(2024, 6, 1)));

    ASSERT_OK(ob_->Consents().Withdraw(given->id, At(2024, 8, 1, 2)));
    facts = FactsThroughA(person);
    ASSERT_EQ(facts.consents.size(), 1u);
    EXPECT_EQ(facts.consents[0].withdrawn_at, At(2024, 8, 1, 2));
    EXPECT_FALSE(facts.consents[0].InForce(At(2024, 8, 2)));
}

TEST_P(AccessVersionsContractTest, AnEndedReferralShowsOnTheNextReadOfTheOtherStore) {
    const domain::PersonId person = AddPerson("鈴木", "一郎");
    domain::Referral referral;
    referral.person_id = person;
    referral.from_organization_id = org_;
    referral.to_organization_id = shakyo_;
    referral.reason = "就労支援のため";
    referral.sheet = nlohmann::json{{"person", {{"name", "鈴木 一郎"}}}};
    referral.sent_at = At(2024, 5, 1);
    referral.events.push_back(domain::ReferralEvent{.status = domain::ReferralStatus::kSent,
                                                    .at = At(2024, 5, 1),
                                                    .user_id = staff_,
                                                    .organization_id = org_,
                                                    .note = ""});
    EXPECT_TRUE(FactsThroughA(person).referrals.empty());
    auto sent = ob_->Referrals().Create(referral);
    ASSERT_OK(sent);
    PersonAccessFacts facts = FactsThroughA(person);
    ASSERT_EQ(facts.referrals.size(), 1u);
    EXPECT_EQ(facts.referrals[0].status, domain::ReferralStatus::kSent);

    ASSERT_OK(ob_->Referrals().Transition(sent->id, sent->version,
                                          domain::ReferralEvent{.status = domain::ReferralStatus::kDeclined,
                                                                .at = At(2024, 5, 2),
                                                                .user_id = shakyo_staff_,
                                                                .organization_id = shakyo_,
                                                                .note = "対象外"}));
    facts = FactsThroughA(person);
    ASSERT_EQ(facts.referrals.size(), 1u);
    EXPECT_EQ(facts.referrals[0].status, domain::ReferralStatus::kDeclined);
}

TEST_P(AccessVersionsContractTest, ARemovedCaseTeamMemberShowsOnTheNextReadOfTheOtherStore) {
    const domain::PersonId person = AddPerson("田中", "次郎");
    domain::SupportCase support_case;
    support_case.person_id = person;
    support_case.title = "8050世帯";
    support_case.lead_organization_id = org_;
    support_case.status = domain::CaseStatus::kAssessment;
    support_case.programs = {domain::ProgramStatus{.program = domain::Program::kCollaboration,
                                                   .status = domain::CaseStatus::kAssessment,
                                                   .started_on = Day(2024, 5, 1),
                                                   .ended_on = std::nullopt,
                                                   .end_reason = "",
                                                   .carried_on_by = std::nullopt}};
    support_case.opened_on = Day(2024, 5, 1);
    support_case.team = {domain::TeamMember{.id = 0,
                                            .organization_id = shakyo_,
                                            .role = "就労の相談",
                                            .agreed_on = Day(2024, 5, 1),
                                            .agreed_at_meeting_id = std::nullopt,
                                            .left_on = std::nullopt}};
    support_case.created_by = staff_;
    support_case.created_at = At(2024, 5, 1, 1);
    support_case.updated_at = support_case.created_at;
    EXPECT_TRUE(FactsThroughA(person).case_teams.empty());
    auto opened = ob_->Cases().Create(support_case);
    ASSERT_OK(opened);
    const auto active_member = [&](const PersonAccessFacts& facts) {
        return std::any_of(facts.case_teams.begin(), facts.case_teams.end(), [&](const domain::CaseTeamFact& fact) {
            return fact.organization_id == shakyo_ && !fact.lead && fact.active;
        });
    };
    EXPECT_TRUE(active_member(FactsThroughA(person)));

    domain::SupportCase changed = *opened;
    changed.team.clear();
    ASSERT_OK(ob_->Cases().Update(opened->id, opened->version, changed));
    EXPECT_FALSE(active_member(FactsThroughA(person)));
}

TEST_P(AccessVersionsContractTest, AContactAndAMergeThroughTheOtherStoreShowOnTheNextRead) {
    const domain::PersonId person = AddPerson("高橋", "三郎");
    const domain::ConsultationId consultation = AddConsultation(person, "生活費", At(2024, 5, 2, 9));
    EXPECT_FALSE(Names(FactsThroughA(person).recording_organizations, shakyo_));

    // A contact entered by the 社協 on the town's consultation: the 社協 recorded the person now.
    domain::Contact contact;
    contact.occurred_at = At(2024, 5, 3, 9);
    contact.channel = domain::Channel::kPhone;
    contact.organization_id = shakyo_;
    contact.staff_user_id = shakyo_staff_;
    contact.summary = "電話";
    contact.recorded_at = contact.occurred_at;
    ASSERT_OK(ob_->Consultations().AddContact(consultation, contact));
    EXPECT_TRUE(Names(FactsThroughA(person).recording_organizations, shakyo_));

    // 名寄せ: a record the 社協 made merged into the person brings its recorder into the survivor's facts.
    const UserId second_staff = AddUser(*ta_, shakyo_, "shakyo-second");
    domain::Person duplicate;
    duplicate.data.family_name = "高橋";
    duplicate.data.given_name = "三郎";
    duplicate.created_by_organization_id = shakyo_;
    duplicate.created_by_user_id = second_staff;
    duplicate.created_at = At(2024, 5, 4, 10);
    duplicate.updated_at = duplicate.created_at;
    auto created = ob_->Persons().Create(duplicate, domain::PersonSearchKeys{.name_key = "高橋三郎"});
    ASSERT_OK(created);
    const PersonAccessFacts before_merge = FactsThroughA(person);
    EXPECT_EQ(std::find(before_merge.recording_users.begin(), before_merge.recording_users.end(), second_staff),
              before_merge.recording_users.end());
    ASSERT_OK(ob_->Persons().Merge(person, created->id, staff_, At(2024, 5, 5)));
    const PersonAccessFacts merged = FactsThroughA(person);
    EXPECT_NE(std::find(merged.recording_users.begin(), merged.recording_users.end(), second_staff),
              merged.recording_users.end());
}

TEST_P(AccessVersionsContractTest, ASessionSignedOutThroughTheOtherStoreEndsAtOnce) {
    auto& accounts = store_->Accounts();
    ASSERT_OK(accounts.CreateSession(StaffSession("hash-a")));
    ASSERT_OK(accounts.FindSession("hash-a"));
    ASSERT_OK(accounts.FindSession("hash-a"));
    ASSERT_OK(other_->Accounts().DeleteSession("hash-a"));
    EXPECT_ERROR(accounts.FindSession("hash-a"), ErrorCode::kNotFound, "");
}

// A bulk load session (`kasane demo`'s generation) sets the triggers aside, as they would read whole tables without
// the indexes it drops: what it writes raises no person's version. Its end puts them back and raises the epoch, so
// that facts kept before the session are read again, and the triggers keep the versions as before afterwards.
TEST_P(AccessVersionsContractTest, ABulkSessionRaisesTheEpochAtItsEndAndLeavesTheTriggersAsTheyWere) {
    const domain::PersonId person = AddPerson("一括", "読込");
    EXPECT_TRUE(FactsThroughA(person).consents.empty());
    auto bulk = BulkLoadOf(*other_, a_.id);
    ASSERT_NE(bulk, nullptr);
    ASSERT_OK(bulk->Begin());
    auto given = ob_->Consents().Create(ConsentToShakyo(person));
    ASSERT_OK(given);
    ASSERT_OK(bulk->Finish());
    PersonAccessFacts facts = FactsThroughA(person);
    ASSERT_EQ(facts.consents.size(), 1u) << "the consent written during the session was not read again";

    ASSERT_OK(ob_->Consents().Withdraw(given->id, At(2024, 8, 1, 2)));
    facts = FactsThroughA(person);
    ASSERT_EQ(facts.consents.size(), 1u);
    EXPECT_EQ(facts.consents[0].withdrawn_at, At(2024, 8, 1, 2)) << "the triggers did not come back";
}

// The names of the organisations that know a person (PersonService's KnownTo) in one round trip on PostgreSQL, with
// the same results as one Get each; SQLite has no read-ahead.
TEST_P(AccessVersionsContractTest, OrganizationsReadAheadInOneRoundTripOnPostgreSQL) {
    auto* ahead = dynamic_cast<domain::ReadAhead*>(store_.get());
    ASSERT_NE(ahead, nullptr);
    if (GetParam() == Backend::kSqlite) return;  // it reads nothing ahead: its session scope is tested below
    const OrganizationId third =
        ta_->Organizations().Create(domain::OrganizationKind::kNpo, "NPO法人 ひだまり").value().id;
    const std::vector<OrganizationId> ids{org_, shakyo_, third, OrganizationId{third.value() + 1000}};
    const auto read_names = [&]() {
        std::string names;
        for (OrganizationId id : ids) {
            auto organization = ta_->Organizations().Get(id);
            names += organization ? organization->name : std::string("(none)");
            names += "/";
        }
        return names;
    };
    std::int64_t before = postgres::PostgresRoundTrips(*store_);
    const std::string plain = read_names();
    EXPECT_GE(postgres::PostgresRoundTrips(*store_) - before, 4);  // one each (and the first prepares)
    EXPECT_EQ(plain, "福祉課/社協/NPO法人 ひだまり/(none)/");
    for (int time = 0; time < 2; ++time) {  // the first prepares the statement in the same pipeline
        before = postgres::PostgresRoundTrips(*store_);
        auto scope = ahead->Organizations(a_.id, ids);
        EXPECT_EQ(read_names(), plain);
        EXPECT_EQ(postgres::PostgresRoundTrips(*store_) - before, 1);
    }
}

// A report of a whole 年度 streams its rows (single-row mode on PostgreSQL); the session's read-ahead that follows
// on the same connection is a pipeline. libpq can leave a Stream's single-row mode set for the pipeline's first
// statement, whose row then came as a single tuple: the pipeline lost its place, the connection stayed in pipeline
// mode and every later request on it failed (the API suite's 年度集計 explanations, then any sign-in check).
TEST_P(AccessVersionsContractTest, ASessionReadAheadAfterAStreamedReportOnTheSameConnection) {
    auto one = OpenStore(url_, StoreOptions{.pool_size = 1});
    ASSERT_TRUE(one.has_value()) << one.error().message;
    const domain::PersonId person = AddPerson("年度", "集計");
    AddConsultation(person, "相談", At(2024, 6, 3, 1));
    ASSERT_OK(store_->Accounts().CreateSession(StaffSession("hash-stream")));
    auto* ahead = dynamic_cast<domain::ReadAhead*>(one->get());
    for (int time = 0; time < 3; ++time) {
        auto counts =
            (*one)->Tenant(a_.id)->Reports().CountConsultations(StartOfFiscalYear(2024), StartOfFiscalYear(2025));
        ASSERT_OK(counts);
        EXPECT_EQ(counts->persons, 1);
        std::unique_ptr<domain::ReadAheadScope> scope;
        if (ahead != nullptr) scope = ahead->Session("hash-stream", {});
        auto found = (*one)->Accounts().FindSession("hash-stream");
        ASSERT_OK(found);
        EXPECT_EQ(found->first.user_id, staff_);
        scope.reset();
        ASSERT_OK((*one)->Accounts().FindSession("hash-stream"));
    }
}

// Migration 66: whatever changes a user's row, roles, posts or posts' roles raises the user's account version in the
// same transaction, through the stores or past them; another user's change leaves it.
TEST_P(AccessVersionsContractTest, EveryChangeToAUsersAccountRaisesItsVersion) {
    std::int64_t version = AccountVersion(staff_);
    ASSERT_GE(version, 0);
    const auto raised = [&](const char* what) {
        const std::int64_t now = AccountVersion(staff_);
        EXPECT_GT(now, version) << what;
        version = now;
    };
    ASSERT_OK(ob_->Users().SetDisabled(staff_, domain::AccountState::kDisabled));
    raised("disabled");
    ASSERT_OK(ob_->Users().SetDisabled(staff_, domain::AccountState::kActive));
    raised("enabled");
    ASSERT_OK(other_->Accounts().RecordSignInFailure(staff_, std::nullopt));
    raised("a failed sign-in");
    auto post = GivePostAtShakyoThroughB();
    ASSERT_OK(post);
    raised("a post given");
    ASSERT_OK(ob_->Posts().SetEndsOn(post->id, Day(2025, 3, 31)));
    raised("the post ended");
    const std::string user = std::to_string(staff_.value());
    const std::string auditor(domain::RoleCode(Role::kAuditor));
    PastTheStores("INSERT INTO user_roles (user_id, role) VALUES (" + user + ", '" + auditor + "')");
    raised("a role given");
    PastTheStores("UPDATE user_roles SET role = '" + std::string(domain::RoleCode(Role::kCoordinator)) +
                  "' WHERE user_id = " + user + " AND role = '" + auditor + "'");
    raised("a role changed");
    PastTheStores("DELETE FROM user_roles WHERE user_id = " + user + " AND role = '" +
                  std::string(domain::RoleCode(Role::kCoordinator)) + "'");
    raised("a role taken");
    PastTheStores("DELETE FROM user_post_roles WHERE post_id = " + std::to_string(post->id));
    raised("the post's role taken");
    ASSERT_OK(ob_->Users().SetDisabled(shakyo_staff_, domain::AccountState::kDisabled));
    EXPECT_EQ(AccountVersion(staff_), version) << "another user's change";
}

// On PostgreSQL the read-ahead of a session keeps its user and posts between requests (postgres_store.cpp,
// KeptAccounts) and reads only the session row with the user's account version while it stands. Each change made
// through store B (another process) shows on store A's very next read, exactly as A reads it without the read-ahead.
TEST_P(AccessVersionsContractTest, ASessionsUserAndPostsKeptByTheReadAheadAreReadAgainAfterEveryChange) {
    auto* ahead = dynamic_cast<domain::ReadAhead*>(store_.get());
    ASSERT_NE(ahead, nullptr);
    if (GetParam() == Backend::kSqlite) return;  // it reads nothing ahead: its session scope is tested below
    ASSERT_OK(store_->Accounts().CreateSession(StaffSession("hash-kept")));
    // The session as AuthService reads it, as text; `round_trips` gets what the read took.
    const auto read = [&](bool read_ahead, std::int64_t* round_trips) {
        const std::int64_t before = postgres::PostgresRoundTrips(*store_);
        std::unique_ptr<domain::ReadAheadScope> scope;
        if (read_ahead) scope = ahead->Session("hash-kept", {});
        auto found = store_->Accounts().FindSession("hash-kept");
        std::string text = "none";
        if (found) {
            text =
                "post " + std::to_string(found->first.post_id) + (found->second.disabled ? " disabled" : "") + " roles";
            std::vector<std::string> roles;  // in the order of the rows, which no statement sets
            for (Role role : found->second.roles) roles.emplace_back(domain::RoleCode(role));
            std::sort(roles.begin(), roles.end());
            for (const std::string& role : roles) text += " " + role;
            auto posts = ta_->Posts().ListOfUser(found->second.id);
            EXPECT_TRUE(posts.has_value());
            for (const domain::Post& post : posts.value_or(std::vector<domain::Post>{})) {
                text += " | post " + std::to_string(post.id) + (post.ends_on ? " ended" : "");
                for (Role role : post.roles) text += " " + std::string(domain::RoleCode(role));
            }
        }
        *round_trips = postgres::PostgresRoundTrips(*store_) - before;
        return text;
    };
    // A's reads after a change: plain, then read ahead twice, the second from what the first kept.
    const auto through_a = [&](const std::string& what) {
        std::int64_t round_trips = 0;
        const std::string plain = read(false, &round_trips);
        EXPECT_EQ(read(true, &round_trips), plain) << what;
        EXPECT_EQ(read(true, &round_trips), plain) << what;
        EXPECT_EQ(round_trips, 1) << what;
        return plain;
    };
    const std::string start = through_a("start");
    EXPECT_EQ(start, "post 0 roles caseworker");

    ASSERT_OK(ob_->Users().SetDisabled(staff_, domain::AccountState::kDisabled));
    EXPECT_EQ(through_a("disabled"), "post 0 disabled roles caseworker");
    ASSERT_OK(ob_->Users().SetDisabled(staff_, domain::AccountState::kActive));
    EXPECT_EQ(through_a("enabled"), start);

    auto post = GivePostAtShakyoThroughB();
    ASSERT_OK(post);
    const std::string with_post = start + " | post " + std::to_string(post->id);
    EXPECT_EQ(through_a("a post given"), with_post + " caseworker");
    ASSERT_OK(ob_->Posts().SetEndsOn(post->id, Day(2025, 3, 31)));
    EXPECT_EQ(through_a("the post ended"), with_post + " ended caseworker");

    const std::string user = std::to_string(staff_.value());
    const std::string ended = " | post " + std::to_string(post->id) + " ended";
    PastTheStores("INSERT INTO user_roles (user_id, role) VALUES (" + user + ", 'auditor')");
    EXPECT_EQ(through_a("a role given"), "post 0 roles auditor caseworker" + ended + " caseworker");
    PastTheStores("DELETE FROM user_post_roles WHERE post_id = " + std::to_string(post->id));
    EXPECT_EQ(through_a("the post's role taken"), "post 0 roles auditor caseworker" + ended);

    ASSERT_OK(other_->Accounts().SetSessionPost("hash-kept", post->id));
    EXPECT_EQ(through_a("the session's post"),
              "post " + std::to_string(post->id) + " roles auditor caseworker" + ended);
    ASSERT_OK(other_->Accounts().DeleteSession("hash-kept"));
    EXPECT_EQ(through_a("signed out"), "none");
}

// SQLite reads nothing ahead, but a session's scope (a request) holds one reader in one read transaction: the
// request's reads see one snapshot, taken again once the store has committed anything since (the request's own write,
// another thread's), so that a read sees every write of this process before it; another process's commit shows on
// the next request, or after this process's next commit. A store whose pool has one reader keeps it free.
TEST_P(AccessVersionsContractTest, ARequestsReadsOnSQLiteShareOneSnapshotUntilTheStoreCommits) {
    if (GetParam() == Backend::kPostgres) return;  // each read is its own statement there
    auto* ahead = dynamic_cast<domain::ReadAhead*>(store_.get());
    ASSERT_NE(ahead, nullptr);
    const auto name_through_a = [&](domain::TenantStore& tenant, OrganizationId id) {
        auto organization = tenant.Organizations().Get(id);
        EXPECT_TRUE(organization.has_value());
        return organization ? organization->name : std::string();
    };
    const auto kind = domain::OrganizationKind::kSocialWelfareCouncil;
    const auto division = domain::OrganizationKind::kMunicipalDivision;
    {
        auto scope = ahead->Session("the request", {});
        EXPECT_EQ(name_through_a(*ta_, shakyo_), "社協");
        ASSERT_OK(ob_->Organizations().Update(shakyo_, kind, "社会福祉協議会"));
        EXPECT_EQ(name_through_a(*ta_, shakyo_), "社協") << "the request's snapshot";
        ASSERT_OK(ta_->Organizations().Update(org_, division, "福祉課（本庁）"));
        EXPECT_EQ(name_through_a(*ta_, org_), "福祉課（本庁）") << "its own write";
        EXPECT_EQ(name_through_a(*ta_, shakyo_), "社会福祉協議会") << "the other's, after its write";
        ASSERT_OK(ob_->Organizations().Update(shakyo_, kind, "社協"));
        EXPECT_EQ(name_through_a(*ta_, shakyo_), "社会福祉協議会") << "the snapshot taken after its write";
        std::thread([&] { ASSERT_OK(store_->Tenant(a_.id)->Organizations().Update(org_, division, "福祉課")); }).join();
        EXPECT_EQ(name_through_a(*ta_, org_), "福祉課") << "another thread's write, as the audit recorder's";
        EXPECT_EQ(name_through_a(*ta_, shakyo_), "社協");
    }
    {
        auto scope = ahead->Session("the next request", {});
        EXPECT_EQ(name_through_a(*ta_, shakyo_), "社協");
        ASSERT_OK(ob_->Organizations().Update(shakyo_, kind, "社会福祉協議会"));
    }
    EXPECT_EQ(name_through_a(*ta_, shakyo_), "社会福祉協議会") << "after the request";

    auto one = OpenStore(url_, StoreOptions{.pool_size = 1});
    ASSERT_TRUE(one.has_value()) << one.error().message;
    auto one_a = (*one)->Tenant(a_.id);
    auto* one_ahead = dynamic_cast<domain::ReadAhead*>(one->get());
    ASSERT_NE(one_ahead, nullptr);
    auto scope = one_ahead->Session("one reader", {});
    EXPECT_EQ(name_through_a(*one_a, shakyo_), "社会福祉協議会");
    ASSERT_OK(ob_->Organizations().Update(shakyo_, kind, "社協"));
    EXPECT_EQ(name_through_a(*one_a, shakyo_), "社協") << "its one reader is not held";
}

INSTANTIATE_TEST_SUITE_P(Backends, AccessVersionsContractTest, testing::Values(Backend::kSqlite, Backend::kPostgres),
                         BackendName);

}  // namespace
}  // namespace kasane::storage
