// SPDX-License-Identifier: Apache-2.0
#pragma once

// The ports: what the domain needs from storage. storage/sqlite and storage/postgres implement them, and one
// contract suite (tests/storage) holds both to the same behaviour.
//
// Conventions for every method:
//   - kNotFound when the row does not exist *or* belongs to another municipality (tenant scoping is done by
//     the storage layer, never by the caller);
//   - kConflict with `field` set when a uniqueness rule is broken;
//   - kUnavailable when the database cannot be reached; kInternal for anything unexpected;
//   - no method throws.
// Repositories are used from many threads at once; each call is atomic on its own. Use Store::Transaction
// to make several calls atomic together.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/ids.hpp"
#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/case_repositories.hpp"
#include "domain/commissioner_activity_repositories.hpp"
#include "domain/desk_repositories.hpp"
#include "domain/draft_repositories.hpp"
#include "domain/household_survey_repositories.hpp"
#include "domain/import_repositories.hpp"
#include "domain/intake_repositories.hpp"
#include "domain/master_data.hpp"
#include "domain/mutual_aid_liaison_repositories.hpp"
#include "domain/outreach_repositories.hpp"
#include "domain/post.hpp"
#include "domain/sasaeai_map_repositories.hpp"
#include "domain/sharing_repositories.hpp"
#include "domain/store_health.hpp"
#include "domain/town_setup_repositories.hpp"
#include "domain/user.hpp"
#include "domain/watch_list_repositories.hpp"

namespace kasane::domain {

class MunicipalityRepository {
public:
    virtual ~MunicipalityRepository() = default;
    // Stores a new municipality (id ignored). kConflict, field "code", when the code is taken.
    virtual Result<Municipality> Create(const Municipality& municipality) = 0;
    virtual Result<Municipality> Get(MunicipalityId id) = 0;
    virtual Result<Municipality> FindByCode(std::string_view code) = 0;
    virtual Result<std::vector<Municipality>> List() = 0;  // ordered by code
};

class PrefectureRepository {
public:
    virtual ~PrefectureRepository() = default;
    // Stores a new prefecture (code and name already validated). kConflict, field "code", when the code is taken.
    virtual Result<Prefecture> Create(const Prefecture& prefecture) = 0;
    // By the 2-digit 都道府県コード; kNotFound when not registered.
    virtual Result<Prefecture> Get(std::string_view code) = 0;
    virtual Result<std::vector<Prefecture>> List() = 0;  // ordered by code
};

class OrganizationRepository {
public:
    virtual ~OrganizationRepository() = default;
    // kConflict, field "name", when the municipality already has an organisation of that name.
    virtual Result<Organization> Create(OrganizationKind kind, std::string_view name) = 0;
    virtual Result<Organization> Get(OrganizationId id) = 0;
    virtual Result<std::vector<Organization>> List() = 0;  // ordered by id
    // Renames the organisation and sets its kind. kNotFound for one of another municipality; kConflict, field
    // "name", when another organisation has the name.
    virtual Result<Organization> Update(OrganizationId id, OrganizationKind kind, std::string_view name) = 0;
};

class AreaRepository {
public:
    virtual ~AreaRepository() = default;
    // kConflict, field "name", when an area of the same kind and name exists.
    virtual Result<Area> Create(AreaKind kind, std::string_view name) = 0;
    virtual Result<Area> Get(AreaId id) = 0;
    // All areas (retired ones included), or those of one kind; ordered by kind, then id.
    virtual Result<std::vector<Area>> List(std::optional<AreaKind> kind) = 0;
    // kConflict, field "name", when another area of its kind has the name; kNotFound for no such area.
    virtual Status Rename(AreaId id, std::string_view name) = 0;
    virtual Status SetHouseholds(AreaId id, std::optional<int> households, std::optional<int> households_year) = 0;
    // Retires (false) or restores (true) an area; areas are never deleted.
    virtual Status SetActive(AreaId id, bool active) = 0;
};

class UserRepository {
public:
    virtual ~UserRepository() = default;
    // kConflict, field "username", when the username is taken anywhere in the installation;
    // kNotFound, field "organization_id", when the organisation is not of this municipality.
    virtual Result<User> Create(const NewUser& user, Instant created_at) = 0;
    virtual Result<User> Get(UserId id) = 0;
    virtual Result<std::vector<User>> List() = 0;  // ordered by id
    // Sets the hash and clears failed_sign_ins and locked_until.
    virtual Status SetPasswordHash(UserId id, std::string_view password_hash) = 0;
    virtual Status SetDisabled(UserId id, AccountState state) = 0;
};

// A user's posts (post.hpp). Posts are never deleted: a post ends (ends_on), so that the audit trail's post ids
// keep naming something.
class PostRepository {
public:
    virtual ~PostRepository() = default;
    // Stores a new post (id and created_at as given are ignored; created_at is `created_at`).
    // kNotFound, field "user_id" or "organization_id", when the user or organisation is not of this municipality.
    virtual Result<Post> Create(const Post& post, Instant created_at) = 0;
    virtual Result<Post> Get(PostId id) = 0;
    // The user's posts, ordered by starts_on, then id; empty when the user has none (or is of another municipality).
    virtual Result<std::vector<Post>> ListOfUser(UserId user_id) = 0;
    // Sets the last day of the post.
    virtual Status SetEndsOn(PostId id, Date ends_on) = 0;
};

class ApiTokenRepository {
public:
    virtual ~ApiTokenRepository() = default;
    // kNotFound, field "user_id", when the user is not of this municipality. Ignores token.id.
    virtual Result<ApiToken> Create(const ApiToken& token) = 0;
    virtual Result<std::vector<ApiToken>> List() = 0;  // ordered by id; hashes included
    virtual Status Revoke(ApiTokenId id, Instant at) = 0;
};

class AuthEventRepository {
public:
    virtual ~AuthEventRepository() = default;
    // The newest `limit` events of this municipality, newest first.
    virtual Result<std::vector<AuthEvent>> ListRecent(int limit) = 0;
};

// The repositories of one municipality. Everything reached through it is filtered to that municipality.
class TenantStore {
public:
    virtual ~TenantStore() = default;
    virtual MunicipalityId Tenant() const = 0;
    virtual OrganizationRepository& Organizations() = 0;
    virtual AreaRepository& Areas() = 0;
    virtual UserRepository& Users() = 0;
    virtual PostRepository& Posts() = 0;
    virtual ApiTokenRepository& ApiTokens() = 0;
    virtual AuthEventRepository& AuthEvents() = 0;
    // 断らない相談 (intake_repositories.hpp)
    virtual PersonRepository& Persons() = 0;
    virtual HouseholdRepository& Households() = 0;
    virtual CategoryRepository& Categories() = 0;
    virtual ConsultationRepository& Consultations() = 0;
    virtual ReferralRepository& Referrals() = 0;
    virtual ReportRepository& Reports() = 0;
    virtual AuditRepository& Audit() = 0;
    virtual SettingsRepository& Settings() = 0;
    // Lawful sharing (sharing_repositories.hpp)
    virtual ConsentRepository& Consents() = 0;
    virtual MeetingRepository& Meetings() = 0;
    virtual EmergencyAccessRepository& EmergencyAccesses() = 0;
    virtual AlertAcknowledgementRepository& AlertAcknowledgements() = 0;
    // 多機関協働 (case_repositories.hpp)
    virtual CaseRepository& Cases() = 0;
    virtual FormRepository& Forms() = 0;
    virtual PlanRepository& Plans() = 0;
    virtual ProgressNoteRepository& ProgressNotes() = 0;
    virtual MissingResourceRepository& MissingResources() = 0;
    // The worker's desk (desk_repositories.hpp)
    virtual DeskRepository& Desk() = 0;
    // Moving in: uploads and external ids (import_repositories.hpp)
    virtual ImportRepository& Imports() = 0;
    virtual CommissionerActivityRepository& CommissionerActivity() = 0;  // 民生委員の活動記録
    virtual WatchListRepository& WatchList() = 0;                        // 見守り
    virtual SasaeaiMapRepository& SasaeaiMaps() = 0;                     // 支え愛マップ
    virtual HouseholdSurveyRepository& HouseholdSurveys() = 0;           // 世帯訪問調査
    virtual OutreachRepository& Outreach() = 0;                          // アウトリーチ
    virtual MutualAidLiaisonRepository& MutualAidLiaison() = 0;          // 支え愛連絡会
};

// Look-ups that come before the tenant is known: sign-in by username, and sessions and API tokens by the
// hash of their secret. Each returns the user with the municipality it belongs to, from which the caller
// opens a TenantStore.
class AccountRepository {
public:
    virtual ~AccountRepository() = default;
    virtual Result<User> FindUserByUsername(std::string_view username) = 0;
    // Increments failed_sign_ins and sets locked_until (nullopt leaves it unset). Returns the new count.
    virtual Result<int> RecordSignInFailure(UserId id, std::optional<Instant> locked_until) = 0;
    // Resets failed_sign_ins to 0 and clears locked_until.
    virtual Status RecordSignInSuccess(UserId id) = 0;

    virtual Status CreateSession(const Session& session) = 0;
    // The session with its user; expiry is the caller's rule, not the repository's.
    virtual Result<std::pair<Session, User>> FindSession(std::string_view token_hash) = 0;
    virtual Status TouchSession(std::string_view token_hash, Instant last_seen_at) = 0;
    // Moves the session to another post of its user (post.hpp). kNotFound when the session does not exist.
    virtual Status SetSessionPost(std::string_view token_hash, PostId post_id) = 0;
    virtual Status DeleteSession(std::string_view token_hash) = 0;
    virtual Status DeleteSessionsOfUser(UserId id) = 0;
    // Deletes sessions idle since before `idle_before` or past their absolute expiry at `now`; returns the count.
    virtual Result<int> DeleteExpiredSessions(Instant idle_before, Instant now) = 0;

    // The token (revoked or not) with its user.
    virtual Result<std::pair<ApiToken, User>> FindApiToken(std::string_view token_hash) = 0;

    virtual Status AppendAuthEvent(const AuthEvent& event) = 0;
    // Failed sign-ins from one address since `since`, over all accounts (throttling per address).
    virtual Result<int> CountSignInFailuresFromAddress(std::string_view remote_address, Instant since) = 0;

    // --- the second factor, by user id (the caller has checked the user's municipality) ---
    // kNotFound when the user has none (confirmed or not).
    virtual Result<SecondFactor> FindSecondFactor(UserId user_id) = 0;
    // Stores an unconfirmed second factor, replacing any earlier one of the user and its recovery codes.
    virtual Status StartSecondFactor(const SecondFactor& second_factor) = 0;
    // Confirms the user's second factor at `step` and stores the hashes of its recovery codes.
    // kNotFound when the user has no second factor.
    virtual Status ConfirmSecondFactor(UserId user_id, Instant confirmed_at, std::int64_t step,
                                       const std::vector<std::string>& recovery_code_hashes) = 0;
    // Sets last_step to `step` only if it is newer; false when it is not (a replayed code). Atomic.
    virtual Result<bool> AdvanceSecondFactorStep(UserId user_id, std::int64_t step) = 0;
    // Marks the unused recovery code of that hash used; false when there is none (unknown or used). Atomic.
    virtual Result<bool> UseRecoveryCode(UserId user_id, std::string_view code_hash, Instant used_at) = 0;
    virtual Result<int> CountUnusedRecoveryCodes(UserId user_id) = 0;
    // Removes the second factor and its recovery codes (nothing to remove is not an error).
    virtual Status DeleteSecondFactor(UserId user_id) = 0;

    // --- the pending state between the password and the second factor ---
    virtual Status CreatePendingSignIn(const PendingSignIn& pending) = 0;
    // kNotFound when unknown; expiry is the caller's rule.
    virtual Result<PendingSignIn> FindPendingSignIn(std::string_view token_hash) = 0;
    virtual Status DeletePendingSignIn(std::string_view token_hash) = 0;
    // Deletes every pending sign-in of the user (a new password, a second factor removed).
    virtual Status DeletePendingSignInsOfUser(UserId user_id) = 0;
    // Deletes the pending sign-ins past their expiry at `now` (never completed, never presented again); returns the
    // count.
    virtual Result<int> DeleteExpiredPendingSignIns(Instant now) = 0;
};

class Store {
public:
    virtual ~Store() = default;
    virtual std::string_view Backend() const = 0;  // "sqlite" or "postgresql"

    virtual MunicipalityRepository& Municipalities() = 0;
    virtual PrefectureRepository& Prefectures() = 0;
    virtual AccountRepository& Accounts() = 0;
    // Drafts of forms and submit keys, by user (draft_repositories.hpp).
    virtual DraftRepository& Drafts() = 0;
    // The one set-up of the installation, its one-time tokens and the towns' figures (town_setup_repositories.hpp).
    virtual TownSetupRepository& TownSetups() = 0;
    virtual std::unique_ptr<TenantStore> Tenant(MunicipalityId municipality_id) = 0;

    // Runs `work` in one transaction; commits when it returns success, rolls back when it returns an error
    // (which is returned) or throws (which is rethrown). Everything reached through the Store& passed to
    // `work` is bound to that transaction. Do not nest.
    virtual Status Transaction(const std::function<Status(Store&)>& work) = 0;

    // Checks that the database answers (SELECT 1). Used by /healthz.
    virtual Status Ping() = 0;
    virtual PoolStats Pool() = 0;

    // Schema: versioned, forward-only migrations recorded in table schema_migrations.
    virtual int LatestSchemaVersion() const = 0;  // what this binary knows
    virtual Result<int> SchemaVersion() = 0;      // what the database has (0 when empty)
    // The size of the whole database in bytes, as the database reports it (SQLite: page_count × page_size of the
    // main file; PostgreSQL: pg_database_size of the current database). Every town's rows together: the towns share
    // the tables, so no town's own share is measured.
    virtual Result<std::int64_t> StoredBytes() = 0;
    // Applies the missing migrations, each in its own transaction; returns how many were applied.
    // kSchemaTooNew when the database is newer than the binary.
    virtual Result<int> Migrate() = 0;

    // A consistent copy of the whole database, taken while the server keeps writing. For SQLite `destination`
    // is a file path (the online backup API); for PostgreSQL a pg_dump custom-format archive path.
    virtual Status Backup(std::string_view destination) = 0;
};

}  // namespace kasane::domain
