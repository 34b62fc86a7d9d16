// SPDX-License-Identifier: Apache-2.0
#pragma once

// Ports of 官民連携プラットフォーム and 協議会 (partnership_platform.hpp). Same conventions as repositories.hpp: every
// method acts within the TenantStore's municipality; a record of another municipality is kNotFound, and a reference
// to one (an organisation, a meeting body, a member, a 分科会) is kInvalidArgument naming the field.

#include <functional>
#include <memory>
#include <vector>

#include "base/result.hpp"
#include "domain/partnership_platform.hpp"

namespace kasane::domain {

class PartnershipRepository {
public:
    virtual ~PartnershipRepository() = default;
    // Stores a new platform (id 0) or replaces one's fields.
    virtual Result<PartnershipPlatform> SavePlatform(const PartnershipPlatform& platform) = 0;
    virtual Result<PartnershipPlatform> GetPlatform(PartnershipPlatformId id) = 0;
    virtual Result<std::vector<PartnershipPlatform>> Platforms() = 0;  // by id
    virtual Result<PlatformMember> AddMember(const PlatformMember& member) = 0;
    virtual Result<std::vector<PlatformMember>> Members(PartnershipPlatformId platform_id) = 0;  // by id
    // A 分科会 with its members.
    virtual Result<PlatformSubgroup> AddSubgroup(const PlatformSubgroup& subgroup) = 0;
    virtual Result<std::vector<PlatformSubgroup>> Subgroups(PartnershipPlatformId platform_id) = 0;  // by id
    virtual Result<PlatformEntry> AddEntry(const PlatformEntry& entry) = 0;
    // Newest first (by date, then id).
    virtual Result<std::vector<PlatformEntry>> Entries(PartnershipPlatformId platform_id) = 0;
};

class TenantStore;
// The repository of a tenant store (of the store or of a transaction), given by the composition root
// (storage::PartnershipOf), as CommunityRepositories is.
using PartnershipRepositories = std::function<std::unique_ptr<PartnershipRepository>(TenantStore&)>;

}  // namespace kasane::domain
