// SPDX-License-Identifier: Apache-2.0
#pragma once

// The use cases of 官民連携プラットフォーム and 協議会 (partnership_platform.hpp). Nothing of them is personal data:
// read by MayReadPartnershipPlatform, kept by MayManagePartnershipPlatform. Every change is made in one transaction
// with its audit entry.

#include <optional>
#include <string>
#include <vector>

#include "base/time.hpp"
#include "domain/auth.hpp"
#include "domain/intake.hpp"
#include "domain/partnership_platform.hpp"
#include "domain/partnership_platform_repositories.hpp"
#include "domain/repositories.hpp"

namespace kasane::domain {

// A statutory meeting body of the town a council may be linked to (the 会議体 of town set-up).
struct BodyOption {
    MeetingBodyId id{};
    std::string name;
    LegalBasis legal_basis = LegalBasis::kOther;
};

struct PlatformList {
    std::vector<PartnershipPlatform> platforms;
    std::vector<BodyOption> bodies;  // for a manager's form: the town's bodies a council may be linked to
    bool may_manage = false;
};

struct PlatformView {
    PartnershipPlatform platform;
    std::string meeting_body_name;  // the linked body's name, when one is linked
    std::vector<PlatformMember> members;
    std::vector<PlatformSubgroup> subgroups;
    std::vector<PlatformEntry> entries;  // newest first
    bool may_manage = false;
};

class PartnershipService {
public:
    PartnershipService(Store& store, PartnershipRepositories repositories, const Clock& clock);

    Result<PlatformList> List(const Actor& actor);
    Result<PlatformView> Get(const Actor& actor, PartnershipPlatformId id);
    // A platform of no id is added; else its fields are replaced. ValidatePlatform (against the town's own code), and
    // the meeting body, when named, one of the town's with MayLinkBody.
    Result<PartnershipPlatform> SavePlatform(const Actor& actor, const PartnershipPlatform& platform);
    Result<PlatformMember> AddMember(const Actor& actor, const PlatformMember& member);
    Result<PlatformSubgroup> AddSubgroup(const Actor& actor, const PlatformSubgroup& subgroup);
    Result<PlatformEntry> AddEntry(const Actor& actor, const PlatformEntry& entry);

private:
    Status CheckManager(const Actor& actor);

    Store& store_;
    PartnershipRepositories repositories_;
    const Clock& clock_;
};

}  // namespace kasane::domain
