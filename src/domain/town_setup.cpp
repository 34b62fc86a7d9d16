// SPDX-License-Identifier: Apache-2.0
#include "domain/town_setup.hpp"

#include <algorithm>
#include <cstdio>
#include <set>

#include "base/crypto.hpp"
#include "base/log.hpp"
#include "domain/administration.hpp"
#include "domain/audit.hpp"
#include "domain/consultation.hpp"
#include "domain/intake.hpp"

namespace kasane::domain {

namespace {

// Figures for the 年度 of a small town up to the largest city (横浜市 3.7 million) with room to spare.
constexpr std::int64_t kMaxPopulation = 20'000'000;
constexpr std::size_t kMaxYears = 20;

Error WithField(Error error, std::string field) {
    error.field = std::move(field);
    return error;
}

std::string FigureField(std::size_t index, std::string_view name) {
    return "figures[" + std::to_string(index) + "]." + std::string(name);
}

AuditEntry SetupAudit(MunicipalityId municipality_id, std::string_view record_type, std::int64_t record_id,
                      std::string_view fields, std::string detail, std::string_view remote_address, Instant at,
                      UserId by) {
    AuditEntry entry;
    entry.municipality_id = municipality_id;
    entry.at = at;
    // The operator at the machine, or the holder of the set-up token: no account yet (0); or the operator's
    // account (of another town) when the operator adds a town.
    entry.user_id = by;
    entry.organization_id = OrganizationId{};
    entry.action = std::string(AuditActionCode(AuditAction::kCreate));
    entry.record_type = std::string(record_type);
    entry.record_id = record_id;
    entry.fields = std::string(fields);
    entry.remote_address = std::string(remote_address);
    entry.detail = std::move(detail);
    return entry;
}

}  // namespace

Result<int> ParseAgingRate(std::string_view text, std::string_view field) {
    const Error wrong =
        Error::InvalidArgument("高齢化率は0〜100の数（小数第1位まで、例: 35.2）で入力してください", std::string(field));
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    std::string value(text);
    if (!value.empty() && value.back() == '%') value.pop_back();
    const std::size_t dot = value.find('.');
    const std::string whole = value.substr(0, dot);
    const std::string fraction = dot == std::string::npos ? std::string() : value.substr(dot + 1);
    auto digits = [](const std::string& s) {
        return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    if (whole.empty() || whole.size() > 3 || !digits(whole) || fraction.size() > 1 || !digits(fraction) ||
        (dot != std::string::npos && fraction.empty())) {
        return Fail(wrong);
    }
    const int permille = std::stoi(whole) * 10 + (fraction.empty() ? 0 : fraction[0] - '0');
    if (permille > 1000) return Fail(wrong);
    return permille;
}

std::string FormatAgingRate(int permille) {
    return std::to_string(permille / 10) + "." + std::to_string(permille % 10);
}

std::vector<Error> ValidateTownSetup(const TownSetupRequest& request, FiguresRule figures_rule) {
    std::vector<Error> errors;
    auto check = [&errors](const Status& status, std::string_view field) {
        if (!status) errors.push_back(WithField(status.error(), std::string(field)));
    };
    // 全国地方公共団体コード (総務省): 6 digits, the check digit of the first five (master_data.cpp), and a
    // municipality's code, not a prefecture's (whose digits 3..5 are 000).
    const Status code = ValidateLocalGovernmentCode(request.code);
    check(code, "code");
    if (code && request.code.substr(2, 3) == "000") {
        errors.push_back(
            Error::InvalidArgument("都道府県の団体コードです。市区町村の団体コードを入力してください", "code"));
    }
    check(ValidateName(request.name, "name", 50), "name");
    // The prefecture is the one the code's first two digits name (JIS X 0401).
    if (request.prefecture_name.empty()) {
        errors.push_back(Error::InvalidArgument("都道府県名を入力してください", "prefecture_name"));
    } else if (code) {
        const std::string_view expected = PrefectureNameOf(request.code.substr(0, 2));
        if (request.prefecture_name != expected) {
            errors.push_back(Error::InvalidArgument(
                "団体コード" + request.code + "の都道府県は「" + std::string(expected) + "」です", "prefecture_name"));
        }
    }
    if (request.figures.empty() && figures_rule == FiguresRule::kRequired) {
        errors.push_back(Error::InvalidArgument("人口・世帯数・高齢化率を1年度分以上入力してください", "figures"));
    } else if (request.figures.size() > kMaxYears) {
        errors.push_back(Error::InvalidArgument(
            "人口・世帯数・高齢化率は" + std::to_string(kMaxYears) + "年度分までです", "figures"));
    }
    std::set<int> years;
    for (std::size_t i = 0; i < request.figures.size(); ++i) {
        const YearFigures& figures = request.figures[i];
        if (figures.fiscal_year < 1950 || figures.fiscal_year > 2100) {
            errors.push_back(Error::InvalidArgument("年度は西暦（1950〜2100、例: 2025）で入力してください",
                                                    FigureField(i, "fiscal_year")));
        } else if (!years.insert(figures.fiscal_year).second) {
            errors.push_back(Error::InvalidArgument(std::to_string(figures.fiscal_year) + "年度が2回入力されています",
                                                    FigureField(i, "fiscal_year")));
        }
        if (figures.population < 1 || figures.population > kMaxPopulation) {
            errors.push_back(
                Error::InvalidArgument("人口は1〜20,000,000の整数で入力してください", FigureField(i, "population")));
        }
        if (figures.households < 1 || figures.households > kMaxPopulation) {
            errors.push_back(
                Error::InvalidArgument("世帯数は1〜20,000,000の整数で入力してください", FigureField(i, "households")));
        } else if (figures.population >= 1 && figures.households > figures.population) {
            errors.push_back(Error::InvalidArgument("世帯数が人口より多くなっています", FigureField(i, "households")));
        }
        if (figures.aging_rate_permille < 0 || figures.aging_rate_permille > 1000) {
            errors.push_back(
                Error::InvalidArgument("高齢化率は0〜100（%）で入力してください", FigureField(i, "aging_rate")));
        }
    }
    check(ValidateName(request.organization_name, "organization_name", 100), "organization_name");
    check(ValidateUsername(request.admin_username), "admin_username");
    check(ValidateName(request.admin_display_name, "admin_display_name", 100), "admin_display_name");
    check(ValidatePassword(request.admin_password), "admin_password");
    return errors;
}

const std::vector<StatutoryBodyTemplate>& StatutoryBodyTemplates() {
    // Each body has its own statute and its own duty of secrecy (../shared/docs/sharing-rules.md); whether members
    // may share without the person's consent is the basis's default (sharing.cpp), which the town may make
    // stricter on the body's page.
    static const std::vector<StatutoryBodyTemplate> templates = {
        {"article_106_6", "支援会議", LegalBasis::kArticle106_6,
         "社会福祉法第106条の6: 支援会議の事務に従事する者又は従事していた者は、正当な理由がなく、支援会議の事務に"
         "関して知り得た秘密を漏らしてはならない（罰則あり）",
         90},
        {"multilayer_meeting", "重層的支援会議", LegalBasis::kMultilayerMeeting,
         "重層的支援体制整備事業実施要綱: 本人の同意を得た事例のみを扱い、守秘は町の要綱による", 90},
        {"isolation_council", "孤独・孤立対策地域協議会", LegalBasis::kIsolationCouncil,
         "孤独・孤立対策推進法: 協議会の事務に従事する者又は従事していた者の秘密保持義務（罰則あり）", 90},
        {"poverty_support", "生活困窮者自立支援法の支援会議", LegalBasis::kPovertySupport,
         "生活困窮者自立支援法第9条: 支援会議の事務に従事する者又は従事していた者の秘密保持義務（罰則あり）", 90},
        {"child_protection", "要保護児童対策地域協議会", LegalBasis::kChildProtection,
         "児童福祉法第25条の5: 協議会を構成する関係機関等の職員又は職員であった者の秘密保持義務（罰則あり）", 90},
        {"community_care_meeting", "地域ケア会議", LegalBasis::kCommunityCareMeeting,
         "介護保険法第115条の48: 会議の事務に従事する者又は従事していた者の秘密保持義務（罰則あり）", 90},
        {"disability_council", "自立支援協議会", LegalBasis::kDisabilityCouncil,
         "障害者総合支援法第89条の3: 協議会の事務に従事する者又は従事していた者の秘密保持義務", 90},
        {"public_assistance", "生活保護法の調整会議", LegalBasis::kPublicAssistance,
         "生活保護法第27条の3（令和7年4月1日施行）: 調整会議の事務に従事する者又は従事していた者の秘密保持義務", 90},
        {"consumer_safety_council", "消費者安全確保地域協議会", LegalBasis::kConsumerSafetyCouncil,
         "消費者安全法第11条の5: 協議会の事務に従事する者又は従事していた者は、正当な理由なく、協議会の事務に関して"
         "知り得た秘密を漏らしてはならない（罰則あり）",
         90},
        {"women_support_council", "支援調整会議（困難女性支援）", LegalBasis::kWomenSupportCouncil,
         "困難な問題を抱える女性への支援に関する法律第16条: 支援調整会議の事務に従事する者又は従事していた者は、正当な"
         "理由がなく、支援調整会議の事務に関して知り得た秘密を漏らしてはならない（罰則あり）",
         90},
    };
    return templates;
}

TownSetup::TownSetup(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

Error TownSetup::AlreadySetUp() {
    return Error::Conflict("この環境は初期設定が済んでいます（自治体が登録されています）", "code");
}

Error TownSetup::SetUpPending() {
    return Error::Unavailable(
        "初期設定がまだ済んでいません。サーバーの起動時に表示された初期設定用の URL を開くか、kasane init "
        "で設定してください");
}

Result<bool> TownSetup::Pending() {
    if (set_up_.load()) return false;
    auto municipalities = store_.Municipalities().List();
    if (!municipalities) return Fail(municipalities.error());
    if (!municipalities->empty()) set_up_.store(true);
    return municipalities->empty();
}

Result<std::string> TownSetup::IssueToken(std::chrono::minutes lifetime) {
    auto pending = Pending();
    if (!pending) return Fail(pending.error());
    if (!*pending) return Fail(AlreadySetUp());
    std::string token = RandomToken(32);
    const Instant now = clock_.Now();
    if (auto created = store_.TownSetups().CreateToken(Sha256Hex(token), now, now + lifetime); !created) {
        return Fail(created.error());
    }
    return token;
}

Status TownSetup::CheckToken(std::string_view token) {
    const Error refused = Error{ErrorCode::kPermissionDenied,
                                "初期設定用の URL が正しくないか、期限が切れているか、すでに使われています。"
                                "サーバーを起動し直すと新しい URL が表示されます",
                                "token"};
    if (token.empty() || token.size() > 200) return Fail(refused);
    auto usable = store_.TownSetups().TokenUsable(Sha256Hex(token), clock_.Now());
    if (!usable) return Fail(usable.error());
    if (!*usable) return Fail(refused);
    return {};
}

Result<TownSetupResult> TownSetup::SetUp(const TownSetupRequest& request) {
    return Run(request, RunKind{}, "運用者（kasane init）が初期設定", {});
}

Result<TownSetupResult> TownSetup::SetUpWithToken(std::string_view token, const TownSetupRequest& request,
                                                  std::string_view remote_address) {
    if (auto valid = CheckToken(token); !valid) return Fail(valid.error());
    const std::string hash = Sha256Hex(token);
    return Run(request, RunKind{.token_hash = &hash}, "初期設定用 URL から初期設定", remote_address);
}

Result<TownSetupResult> TownSetup::AddTown(const TownSetupRequest& request, UserId by_operator,
                                           std::string_view remote_address) {
    return Run(request, RunKind{.first_run = false, .by = by_operator}, "運用者が自治体を追加", remote_address);
}

Result<TownSetupResult> TownSetup::Run(const TownSetupRequest& request, const RunKind& kind, std::string_view by,
                                       std::string_view remote_address) {
    const FiguresRule figures_rule = kind.first_run ? FiguresRule::kRequired : FiguresRule::kOptional;
    if (auto errors = ValidateTownSetup(request, figures_rule); !errors.empty()) return Fail(errors.front());
    auto password_hash = HashPassword(request.admin_password);
    if (!password_hash) return Fail(password_hash.error());
    const Instant now = clock_.Now();
    TownSetupResult result;
    const Status stored = store_.Transaction([&](Store& transaction) -> Status {
        // The first run is refused on a database that already has a municipality. The one row of town_setup
        // (Record below) stops two set-ups racing past this check.
        auto existing = transaction.Municipalities().List();
        if (!existing) return Fail(existing.error());
        if (kind.first_run && !existing->empty()) return Fail(AlreadySetUp());
        if (!kind.first_run && existing->empty()) return Fail(SetUpPending());
        if (kind.token_hash != nullptr) {
            auto used = transaction.TownSetups().UseToken(*kind.token_hash, now);
            if (!used) return Fail(used.error());
            if (!*used)
                return Fail(Error{ErrorCode::kPermissionDenied, "初期設定用の URL はすでに使われています", "token"});
        }
        auto municipality = CheckNewMunicipality(transaction, Municipality{.id = MunicipalityId{},
                                                                           .code = request.code,
                                                                           .name = request.name,
                                                                           .prefecture_name = request.prefecture_name,
                                                                           .fictional = false});
        if (!municipality) return Fail(municipality.error());
        auto created = transaction.Municipalities().Create(*municipality);
        if (!created) return Fail(created.error());
        result.municipality = *created;
        const MunicipalityId id = created->id;
        if (kind.first_run) {
            if (auto recorded = transaction.TownSetups().Record(id, now); !recorded) {
                if (recorded.error().Is(ErrorCode::kConflict)) return Fail(AlreadySetUp());
                return recorded;
            }
        }
        auto tenant = transaction.Tenant(id);
        std::vector<AuditEntry> audit;
        audit.push_back(
            SetupAudit(id, "municipality", id, "code,name,prefecture_name",
                       std::string(by) + ": " + created->prefecture_name + created->name + "（" + created->code + "）",
                       remote_address, now, kind.by));

        // 人口・世帯数・高齢化率 by 年度, the denominators of rates.
        result.figures = request.figures;
        std::sort(result.figures.begin(), result.figures.end(),
                  [](const YearFigures& a, const YearFigures& b) { return a.fiscal_year < b.fiscal_year; });
        if (!result.figures.empty()) {
            if (auto put = transaction.TownSetups().PutFigures(id, result.figures); !put) return put;
            std::string years;
            for (const YearFigures& f : result.figures) {
                years += (years.empty() ? "" : " ") + std::to_string(f.fiscal_year) +
                         "年度=" + std::to_string(f.population) + "人/" + std::to_string(f.households) + "世帯/" +
                         FormatAgingRate(f.aging_rate_permille) + "%";
            }
            audit.push_back(SetupAudit(id, "municipality_statistics", id,
                                       "fiscal_year,population,households,aging_rate", years, remote_address, now,
                                       kind.by));
        }

        // The national defaults: the worry categories of the intake form (each in one of the national 分野).
        if (auto seeded = tenant->Categories().EnsureSeeded(DefaultWorryCategories()); !seeded) return seeded;
        auto categories = tenant->Categories().List();
        if (!categories) return Fail(categories.error());
        result.worry_categories = static_cast<int>(categories->size());
        audit.push_back(SetupAudit(id, "worry_categories", id, "code,label",
                                   "相談分類の既定値 " + std::to_string(result.worry_categories) + " 件",
                                   remote_address, now, kind.by));

        // The administrator's own 課 and the first administrator.
        auto organization =
            tenant->Organizations().Create(OrganizationKind::kMunicipalDivision, request.organization_name);
        if (!organization) return Fail(organization.error());
        result.organization = *organization;
        audit.push_back(SetupAudit(id, "organization", organization->id, "kind,name", organization->name,
                                   remote_address, now, kind.by));
        auto administrator = tenant->Users().Create(NewUser{.organization_id = organization->id,
                                                            .username = request.admin_username,
                                                            .display_name = request.admin_display_name,
                                                            .roles = {Role::kMunicipalAdministrator},
                                                            .password_hash = *password_hash},
                                                    now);
        if (!administrator) {
            Error error = administrator.error();
            if (error.field == "username") error.field = "admin_username";
            return Fail(std::move(error));
        }
        result.administrator = *administrator;
        audit.push_back(SetupAudit(id, "user_account", administrator->id, "username,display_name,roles",
                                   "最初の管理者 " + administrator->username, remote_address, now, kind.by));

        // The statutory meeting bodies, without members: inert until the administrator names them.
        for (const StatutoryBodyTemplate& body_template : StatutoryBodyTemplates()) {
            MeetingBody body;
            body.municipality_id = id;
            body.legal_basis = body_template.basis;
            body.display_name = std::string(body_template.display_name);
            body.shares_without_consent = SharesWithoutConsentByDefault(body_template.basis);
            body.sharing_days = body_template.sharing_days;
            body.created_at = now;
            auto made = tenant->Meetings().CreateBody(body);
            if (!made) return Fail(made.error());
            audit.push_back(SetupAudit(id, "meeting_body", made->id, "legal_basis,display_name,shares_without_consent",
                                       std::string(LegalBasisLabel(made->legal_basis)) + "（構成員未設定）",
                                       remote_address, now, kind.by));
            result.meeting_bodies.push_back(std::move(*made));
        }
        return tenant->Audit().Append(audit);
    });
    if (!stored) return Fail(stored.error());
    if (kind.first_run) set_up_.store(true);
    // A new municipality has no persons, so its search keys are current (as Administration::CreateMunicipality).
    if (auto rebuilt = PersonService::RebuildSearchKeys(store_); !rebuilt) {
        Log(LogLevel::kWarning, "search key version not recorded after set-up",
            {{"municipality_id", result.municipality.id}, {"error", rebuilt.error().message}});
    }
    Log(LogLevel::kInfo, "town set up",
        {{"municipality_id", result.municipality.id}, {"code", result.municipality.code}});
    return result;
}

}  // namespace kasane::domain
