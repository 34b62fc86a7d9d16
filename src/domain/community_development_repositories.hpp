// SPDX-License-Identifier: Apache-2.0
#pragma once

// Ports of 地域づくり and the 地域課題 register (community_development.hpp). Same conventions as repositories.hpp:
// every method acts within the TenantStore's municipality; a record of another municipality is kNotFound, and a
// reference to one (a place, an area, a workshop, a consultation) is kInvalidArgument naming the field.

#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "base/result.hpp"
#include "domain/community_development.hpp"

namespace kasane::domain {

class CommunityRepository {
public:
    virtual ~CommunityRepository() = default;
    // Stores a new place (id 0) or replaces one's fields.
    virtual Result<CommunityPlace> SavePlace(const CommunityPlace& place) = 0;
    virtual Result<CommunityPlace> GetPlace(CommunityPlaceId id) = 0;
    virtual Result<std::vector<CommunityPlace>> Places() = 0;  // by id
    virtual Result<CommunitySession> AddSession(const CommunitySession& session) = 0;
    // The sessions of one place, or of every place; by date, then id.
    virtual Result<std::vector<CommunitySession>> Sessions(std::optional<CommunityPlaceId> place_id) = 0;

    virtual Result<CommunityWorkshop> AddWorkshop(const CommunityWorkshop& workshop) = 0;
    virtual Result<CommunityWorkshop> GetWorkshop(CommunityWorkshopId id) = 0;
    virtual Result<std::vector<CommunityWorkshop>> Workshops() = 0;  // newest first

    virtual Result<CommunityIssue> AddIssue(const CommunityIssue& issue) = 0;
    virtual Result<CommunityIssue> GetIssue(CommunityIssueId id) = 0;
    virtual Result<std::vector<CommunityIssue>> Issues() = 0;  // newest first
    virtual Status SetIssueStatus(CommunityIssueId id, IssueStatus status) = 0;
    virtual Result<CommunityAction> AddAction(const CommunityAction& action) = 0;
    // The actions of one issue, or of every issue; by date, then id.
    virtual Result<std::vector<CommunityAction>> Actions(std::optional<CommunityIssueId> issue_id) = 0;
    // kConflict ("consultation_id") when the consultation is linked to the issue already.
    virtual Status LinkConsultation(const IssueConsultationLink& link) = 0;
    virtual Result<std::vector<IssueConsultationLink>> Links(std::optional<CommunityIssueId> issue_id) = 0;
    // kConflict ("missing_resource_id") when linked already; kInvalidArgument for one that does not exist.
    virtual Status LinkMissingResource(const IssueMissingResourceLink& link) = 0;
    virtual Result<std::vector<IssueMissingResourceLink>> MissingResourceLinks(
        std::optional<CommunityIssueId> issue_id) = 0;
};

class TenantStore;
// The repository of a tenant store (of the store or of a transaction), given by the composition root
// (storage::CommunityOf), as ResourceDirectoryRepositories is.
using CommunityRepositories = std::function<std::unique_ptr<CommunityRepository>(TenantStore&)>;

}  // namespace kasane::domain
