// SPDX-License-Identifier: Apache-2.0
// The operator of many towns (issue 14, item 3): who the operator is, that they see no person whatever other role
// the account holds, and that a town they add is checked by the set-up's own rules with the figures optional.

#include <gtest/gtest.h>

#include <algorithm>

#include "domain/access_policy.hpp"
#include "domain/operator_console.hpp"
#include "domain/town_setup.hpp"

namespace kasane::domain {
namespace {

Principal With(std::vector<Role> roles) {
    Principal principal;
    principal.user.id = UserId{7};
    principal.user.organization_id = OrganizationId{2};
    principal.user.municipality_id = MunicipalityId{1};
    principal.user.roles = std::move(roles);
    return principal;
}

TownSetupRequest Kotoura() {
    return TownSetupRequest{.code = "313718",
                            .name = "琴浦町",
                            .prefecture_name = "鳥取県",
                            .figures = {},
                            .organization_name = "福祉あんしん課",
                            .admin_username = "kotoura-admin",
                            .admin_display_name = "琴浦 花子",
                            .admin_password = "correct horse battery"};
}

bool Names(const std::vector<Error>& errors, std::string_view field) {
    return std::any_of(errors.begin(), errors.end(), [&](const Error& e) { return e.field == field; });
}

TEST(Operator, IsTheSystemAdministratorOnly) {
    EXPECT_TRUE(IsOperator(With({Role::kSystemAdministrator})));
    for (Role role : kAllRoles) {
        if (role == Role::kSystemAdministrator) continue;
        EXPECT_FALSE(IsOperator(With({role}))) << RoleCode(role);
    }
    // A town's administrator manages their own town, not the installation.
    EXPECT_FALSE(IsOperator(With({Role::kMunicipalAdministrator, Role::kAuditor})));
}

TEST(Operator, SeesNoPersonEvenWithAProfessionalRole) {
    PersonAccessFacts facts;
    facts.person_id = PersonId{10};
    facts.recording_organizations = {OrganizationId{2}};
    facts.recording_users = {UserId{7}};
    const Principal caseworker = With({Role::kCaseworker});
    EXPECT_EQ(DecideAccess({caseworker, OrganizationKind::kMunicipalDivision}, facts, Instant{}).level,
              ViewLevel::kFull);
    const Principal operator_and_caseworker = With({Role::kSystemAdministrator, Role::kCaseworker});
    EXPECT_EQ(DecideAccess({operator_and_caseworker, OrganizationKind::kMunicipalDivision}, facts, Instant{}).level,
              ViewLevel::kNone);
    const Principal operator_only = With({Role::kSystemAdministrator});
    EXPECT_EQ(DecideAccess({operator_only, OrganizationKind::kMunicipalDivision}, facts, Instant{}).level,
              ViewLevel::kNone);
}

TEST(OperatorAddsATown, FiguresAreOptionalButCheckedWhenGiven) {
    // The first run needs the figures; a town the operator adds may leave them to its administrator.
    EXPECT_TRUE(Names(ValidateTownSetup(Kotoura()), "figures"));
    EXPECT_TRUE(ValidateTownSetup(Kotoura(), FiguresRule::kOptional).empty());
    TownSetupRequest given = Kotoura();
    given.figures = {{.fiscal_year = 2025, .population = 16000, .households = 17000, .aging_rate_permille = 380}};
    EXPECT_TRUE(Names(ValidateTownSetup(given, FiguresRule::kOptional), "figures[0].households"));
}

TEST(OperatorAddsATown, TheSetUpsCodeRulesApply) {
    TownSetupRequest request = Kotoura();
    request.code = "313719";  // wrong check digit
    auto errors = ValidateTownSetup(request, FiguresRule::kOptional);
    ASSERT_TRUE(Names(errors, "code"));
    request.code = "310000";  // the prefecture's own code
    EXPECT_TRUE(Names(ValidateTownSetup(request, FiguresRule::kOptional), "code"));
    request = Kotoura();
    request.prefecture_name = "島根県";
    EXPECT_TRUE(Names(ValidateTownSetup(request, FiguresRule::kOptional), "prefecture_name"));
}

}  // namespace
}  // namespace kasane::domain
