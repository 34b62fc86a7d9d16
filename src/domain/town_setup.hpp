// SPDX-License-Identifier: Apache-2.0
#pragma once

// The first run of an installation (issue 14, item 1): on a database with no municipality, one set-up creates the
// municipality with its figures by 年度, the administrator's organisation, the first administrator and the national
// defaults (the worry categories of the intake form, whose 分野 are the national ones of consultation_book.hpp, and
// the statutory meeting bodies as unconfigured bodies), all or nothing, in one transaction, audited. Two callers:
// the operator at the machine (`kasane init`) and whoever holds the one-time token `kasane serve` prints on an empty
// database (the /setup page and POST /api/v1/setup).

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/master_data.hpp"
#include "domain/repositories.hpp"
#include "domain/sharing.hpp"
#include "domain/user.hpp"

namespace kasane::domain {

// "35.2" or "35.2%" (at most one decimal, 0..100) as tenths of a percent; kInvalidArgument naming `field`.
Result<int> ParseAgingRate(std::string_view text, std::string_view field);
std::string FormatAgingRate(int permille);  // 352 → "35.2"

struct TownSetupRequest {
    std::string code;                  // 全国地方公共団体コード, 6 digits with its check digit
    std::string name;                  // 北栄町
    std::string prefecture_name;       // 鳥取県 (must be the one the code's first two digits name)
    std::vector<YearFigures> figures;  // at least one 年度
    std::string organization_name;     // the administrator's own 課 (a 市町村担当課), e.g. 福祉課
    std::string admin_username;
    std::string admin_display_name;
    std::string admin_password;
};

// Whether the town's figures by 年度 must be given: at the first run they must (the installation's only town needs
// its denominators); a town the operator adds later may have them entered by its administrator afterwards.
enum class FiguresRule { kRequired, kOptional };

// Every error of the request, in the order of the form, each naming its field ("code", "name", "prefecture_name",
// "figures", "figures[0].fiscal_year", "figures[0].population", "figures[0].households",
// "figures[0].aging_rate", "organization_name", "admin_username", "admin_display_name", "admin_password").
// Empty when it may be set up.
std::vector<Error> ValidateTownSetup(const TownSetupRequest& request, FiguresRule figures = FiguresRule::kRequired);

// A statutory meeting body with its own secrecy regime, created at set-up as a body of the town without members:
// nothing is shared through a body until the administrator names its members and their pledges
// (access_policy.hpp: MeetingReaderOf), so a template stays inert until it is configured.
struct StatutoryBodyTemplate {
    std::string_view code;          // "article_106_6"
    std::string_view display_name;  // the body's first name; the town may rename it
    LegalBasis basis;
    std::string_view secrecy;  // the provision on secrecy, quoted on the set-up page
    int sharing_days = 90;
};
const std::vector<StatutoryBodyTemplate>& StatutoryBodyTemplates();

struct TownSetupResult {
    Municipality municipality;
    Organization organization;
    User administrator;
    std::vector<YearFigures> figures;
    int worry_categories = 0;
    std::vector<MeetingBody> meeting_bodies;
};

class TownSetup {
public:
    TownSetup(Store& store, const Clock& clock);

    // True while the database holds no municipality. Once false it stays false (a municipality is never deleted).
    Result<bool> Pending();
    // A new one-time token for the set-up page, stored as its hash; valid for `lifetime`. kConflict when the
    // installation is set up already.
    Result<std::string> IssueToken(std::chrono::minutes lifetime = std::chrono::hours(24));
    // kPermissionDenied, field "token", unless the token is known, unused and unexpired.
    Status CheckToken(std::string_view token);

    // The operator at the machine (`kasane init`).
    Result<TownSetupResult> SetUp(const TownSetupRequest& request);
    // Whoever holds the token; the token is used up by a set-up that succeeds, and only then.
    Result<TownSetupResult> SetUpWithToken(std::string_view token, const TownSetupRequest& request,
                                           std::string_view remote_address);

    // Another town of an installation set up already, by the operator signed in (operator_console.hpp, which
    // checks the role): the same rules, records and audit as the first run (figures optional), in one transaction,
    // the audit entries naming `by_operator`. kConflict, field "code", when the code is taken.
    Result<TownSetupResult> AddTown(const TownSetupRequest& request, UserId by_operator,
                                    std::string_view remote_address);

    static Error AlreadySetUp();
    static Error SetUpPending();

private:
    // The first run (the installation's one set-up, recorded once) or another town added by the operator.
    struct RunKind {
        bool first_run = true;
        const std::string* token_hash = nullptr;
        UserId by{};  // the operator's account; none at the first run
    };
    Result<TownSetupResult> Run(const TownSetupRequest& request, const RunKind& kind, std::string_view by,
                                std::string_view remote_address);

    Store& store_;
    const Clock& clock_;
    std::atomic<bool> set_up_{false};
};

}  // namespace kasane::domain
