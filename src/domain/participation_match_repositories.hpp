// SPDX-License-Identifier: Apache-2.0
#pragma once

// Ports of 参加支援 matching (participation_match.hpp). Same conventions as repositories.hpp: every method acts
// within the TenantStore's municipality; a record of another municipality is kNotFound.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "domain/participation_match.hpp"

namespace kasane::domain {

class ParticipationMatchRepository {
public:
    virtual ~ParticipationMatchRepository() = default;
    // Stores (or replaces) the person's 希望 and 制約. kNotFound for a person not of this municipality.
    virtual Status SaveWishes(const PersonWishes& wishes) = 0;
    // The person's wishes, if recorded.
    virtual Result<std::optional<PersonWishes>> GetWishes(PersonId person) = 0;
    // Stores a new match (id 0) at 提案 with its first history row. kInvalidArgument ("service_id") for a service not
    // of this municipality; kNotFound for a person not of it.
    virtual Result<ParticipationMatch> CreateMatch(const ParticipationMatch& match) = 0;
    // A match with its history and host-support notes.
    virtual Result<ParticipationMatch> GetMatch(ParticipationMatchId id) = 0;
    // The person's matches (newest first), each with its history and notes.
    virtual Result<std::vector<ParticipationMatch>> MatchesOf(PersonId person) = 0;
    // Every match of the municipality, without history or notes (for the counts).
    virtual Result<std::vector<ParticipationMatch>> AllMatches() = 0;
    // Records a stage change: the match's stage, started_on, reached, end_reason and a history row, in one
    // transaction, only when the stored stage is still change.from (kConflict "stage" otherwise).
    virtual Status RecordStageChange(ParticipationMatchId id, const MatchStageRecord& record) = 0;
    virtual Result<HostSupportNote> AddHostSupportNote(ParticipationMatchId id, const HostSupportNote& note) = 0;
    // A fingerprint of the municipality's resource directory (its services' and organisations' count, size of their
    // documents and latest change), cheap to read: it changes when a record is added or edited, so that the
    // directory ranked for suggestions can be kept parsed between requests and read again only then.
    virtual Result<std::string> DirectoryVersion() = 0;
};

class TenantStore;
// The repository of a tenant store, given by the composition root (storage::ParticipationMatchesOf); a port of its
// own like ResourceDirectoryRepositories.
using ParticipationMatchRepositories = std::function<std::unique_ptr<ParticipationMatchRepository>(TenantStore&)>;

}  // namespace kasane::domain
