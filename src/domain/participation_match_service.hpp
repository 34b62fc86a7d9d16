// SPDX-License-Identifier: Apache-2.0
#pragma once

// The use cases of 参加支援 matching (participation_match.hpp): a person's 希望 and 制約, the directory's services
// ranked for them, proposing a match, moving it through its stages (ValidateStageChange), the 定着確認 due at 1, 3 and
// 6 months, 受入先支援 notes, the coordinator's list (due checks first), the host sheet and the counts. Matches are
// personal data: only staff who see the person in full (PersonService::Authorize) and whom ParticipationMatchAccess
// lets in read them; every read names the person in the audit trail with its basis, every change is audited in its
// transaction.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/time.hpp"
#include "domain/audit_recorder.hpp"
#include "domain/intake.hpp"
#include "domain/participation_match.hpp"
#include "domain/participation_match_repositories.hpp"
#include "domain/repositories.hpp"
#include "domain/resource_directory_cache.hpp"
#include "domain/resource_directory_repositories.hpp"

namespace kasane::domain {

struct ParticipationMatchRow {
    ParticipationMatch match;
    std::string person_name;
    std::string service_name;
    std::string organization_name;
    std::optional<Date> next_check_due;  // NextCheckDue
    bool check_due = false;              // the next 定着確認 is due today or was due before
    std::string basis;                   // ParticipationMatchAccess's basis
};

struct ParticipationSuggestion {
    MatchSuggestion suggestion;
    std::string service_name;
    std::string organization_name;
    std::vector<ResourceKind> kinds;
    std::vector<std::string> areas_served;
    std::string schedule;  // 「木 10:00〜12:00」…
};

struct PersonParticipation {
    PersonId person_id{};
    std::string person_name;
    std::optional<PersonWishes> wishes;
    std::vector<ParticipationSuggestion> suggestions;  // best first, at most kSuggestionLimit
    std::vector<ParticipationMatchRow> matches;        // newest first
};
inline constexpr std::size_t kSuggestionLimit = 20;

class ParticipationMatchService {
public:
    ParticipationMatchService(Store& store, ParticipationMatchRepositories matches,
                              ResourceDirectoryRepositories directory, const Clock& clock, AuditRecorder& audit,
                              PersonService& persons, ResourceDirectoryCache& directory_cache);

    // The person's 参加支援: wishes, suggestions (from the wishes; none without them) and the matches the viewer may
    // read. kNotFound for a person the viewer may not see; kPermissionDenied without MayWorkParticipation.
    Result<PersonParticipation> OfPerson(const Actor& actor, PersonId person_id);
    // Records (replaces) the person's wishes and limits (ValidateWishes).
    Result<PersonWishes> SaveWishes(const Actor& actor, PersonId person_id, const ParticipationWishes& wishes);
    // Proposes a match of the person with a public service of the directory, on `on` (not after today): 提案.
    Result<ParticipationMatchRow> Propose(const Actor& actor, PersonId person_id, ResourceServiceId service_id,
                                          Date on);
    // One match with its history and notes. kNotFound when missing or refused (the same).
    Result<ParticipationMatchRow> Get(const Actor& actor, ParticipationMatchId id);
    // Moves the match one step (ValidateStageChange: out of order, before the match began or the last step, after
    // today, 終了 without a reason — each refused naming the field).
    Result<ParticipationMatchRow> Step(const Actor& actor, ParticipationMatchId id, MatchStage to, Date on,
                                       std::string_view reason);
    // A 受入先支援 note (ValidateHostSupportNote).
    Result<HostSupportNote> AddHostSupportNote(const Actor& actor, ParticipationMatchId id, Date on,
                                               std::string_view note);
    // The coordinator's list: every match the viewer may read, those whose 定着確認 is due first (by due date), then
    // the others in progress, then the ended ones.
    Result<std::vector<ParticipationMatchRow>> Caseload(const Actor& actor);
    // What the host's contact is given (HostSheet): audited as an export naming the person.
    Result<HostSheet> HostSheetOf(const Actor& actor, ParticipationMatchId id);
    // 参加支援 対象者数, 協力事業者数 and the town's 定着 measure (counts only: no one is named).
    Result<ParticipationCounts> Counts(const Actor& actor);

private:
    Result<OrganizationKind> CheckWorker(const Actor& actor);
    Result<ParticipationMatchRow> Readable(const Actor& actor, TenantStore& tenant, OrganizationKind kind,
                                           ParticipationMatch match, Date today);

    Store& store_;
    ParticipationMatchRepositories matches_;
    ResourceDirectoryRepositories directory_;
    const Clock& clock_;
    AuditRecorder& audit_;
    PersonService& persons_;
    ResourceDirectoryCache& directory_cache_;  // the directory as ranked, parsed once and shared with its search
};

}  // namespace kasane::domain
