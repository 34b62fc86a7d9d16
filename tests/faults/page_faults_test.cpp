// SPDX-License-Identifier: Apache-2.0
// Pages under injected faults (issue 12, item 5): a page whose section cannot load must show a visible error with
// the request id — the whole page as an error page, or the section as an error that names the request id — never
// the page without the section. For the case page, the printed case record, the person page (its consultations),
// the meeting page, the referral page and list, the household page and the audit of a person, each of the page's
// first K read statements fails in turn. Also the 相談受付 form (POST /intake, a person and a consultation in one
// write): each failure must show the request id and write nothing.
//
// Registered as its own ctest entry (faults_pages_sqlite): it fails while page sections swallow errors; the
// failure lists each swallowed statement and the page it vanished from.

#include "fault_fixture.hpp"

namespace kasane::faults {
namespace {

// K for the pages: the read statements of one page view beyond it are not faulted.
constexpr int kPageStatements = 120;
// K for the referral, household and audit pages: their first reads hold every section (kept small so that the
// suite stays fast).
constexpr int kSmallPageStatements = 30;
// K for the intake form's write.
constexpr int kFormStatements = 40;

class PageFaults : public TownFaults {
protected:
    void SetUp() override {
        TownFaults::SetUp();
        if (HasFatalFailure()) return;
        person_id_ = NewPerson(coordinator_);
        Api("POST", "/api/v1/consultations",
            Json{{"person_id", person_id_},
                 {"chief_complaint", "息子が長くひきこもっている。"},
                 {"categories", {{{"code", "hikikomori"}, {"most_pressing", true}}}},
                 {"first_contact",
                  {{"occurred_at", "2024-06-02T01:30:00Z"},
                   {"channel", "phone"},
                   {"source", "family"},
                   {"summary", "母から電話。"},
                   {"summary_tag", "fact"}}}},
            coordinator_, 201);
        case_id_ = NewCase(person_id_);
        const std::string case_path = "/api/v1/cases/" + std::to_string(case_id_);
        Api("POST", case_path + "/notes",
            Json{{"occurred_at", "2024-06-03 00:00"},
                 {"method", "visit"},
                 {"tag", "fact"},
                 {"text", "自宅訪問。長男とドア越しに話せた。"},
                 {"about_person_id", person_id_}},
            coordinator_, 201);
        Api("POST", case_path + "/relations",
            Json{{"member_person_id", person_id_},
                 {"kind", "relative"},
                 {"name", "妹（県外在住）"},
                 {"strength", "weak"}},
            coordinator_, 201);
        Api("POST", case_path + "/plans",
            Json{{"goals", "少しずつ外に出たい。"},
                 {"review_on", "2024-07-01"},
                 {"actions",
                  {{{"description", "世帯の生活費の確認"}, {"responsible_organization_id", Organization("福祉課")}}}}},
            coordinator_, 201);
        const Json meeting =
            Api("POST", "/api/v1/meetings",
                Json{{"body_id", body_ids_["article_106_6"]},
                     {"held_on", "2024-06-03"},
                     {"attendees", {{{"name", "調整 みどり"}, {"organization_id", Organization("福祉課")}}}},
                     {"agenda",
                      {{{"person_id", person_id_},
                        {"case_id", case_id_},
                        {"shared_summary", "50代男性。長期のひきこもり。"}}}},
                     {"minutes", "役割分担を確認した。"},
                     {"decisions", {{{"kind", "other"}, {"text", "地域包括が同意の説明を行う"}}}}},
                coordinator_, 201);
        meeting_id_ = meeting.value("id", std::int64_t{0});
        const Json household =
            Api("POST", "/api/v1/households",
                Json{{"name", "浜野家"}, {"members", {{{"person_id", person_id_}, {"relationship", "head"}}}}},
                coordinator_, 201);
        household_id_ = household.value("id", std::int64_t{0});
        const Json referral = Api("POST", "/api/v1/referrals",
                                  Json{{"person_id", person_id_},
                                       {"to_organization_id", Organization("NPO法人 ひだまりの家（ひきこもり支援）")},
                                       {"reason", "ひきこもり支援の居場所と訪問支援を依頼したい。"},
                                       {"done", "母からの電話相談を実施。"}},
                                  coordinator_, 201);
        referral_id_ = referral.value("id", std::int64_t{0});
        Api("POST", "/api/v1/meetings/" + std::to_string(meeting_id_) + "/decisions",
            Json{{"case_id", case_id_},
                 {"kind", "roles_assigned"},
                 {"text", "役割分担を確認"},
                 {"roles", {{{"organization_id", Organization("福祉課")}, {"role", "全体調整"}}}}},
            coordinator_, 201);
    }

    // Fails each of the page's first K read statements in turn; returns one line per fault the page hid.
    std::vector<std::string> SilentSections(const std::string& target, const Session* as, int k) {
        const Session* session = as != nullptr ? as : &coordinator_;
        faulty_->Arm(FaultPlan{.kind = FaultKind::kStatement, .nth = 0, .scope = FaultScope::kReads});
        const Outcome clean = Call("GET", target, {}, session);
        const int statements = faulty_->Report().statements;
        faulty_->Disarm();
        EXPECT_EQ(clean.response.status, 200) << target << ": " << clean.response.body.substr(0, 500);
        EXPECT_GT(statements, 0) << target;
        std::vector<std::string> silent;
        const int limit = std::min(statements, k);
        for (int n = 1; n <= limit; ++n) {
            faulty_->Arm(FaultPlan{.kind = FaultKind::kStatement, .nth = n, .scope = FaultScope::kReads});
            const Outcome outcome = Call("GET", target, {}, session);
            const auto report = faulty_->Report();
            faulty_->Disarm();
            if (!report.fired) {
                // The page ran fewer reads this time (a failed read skipped later ones): nothing failed.
                continue;
            }
            const bool shows_id = Contains(outcome.response.body, outcome.request_id);
            if (!shows_id) {
                silent.push_back(target + " read #" + std::to_string(n) + " " + report.statement + " -> " +
                                 std::to_string(outcome.response.status) + " without the request id");
            }
        }
        std::cout << "[ page ] " << target << ": " << statements << " read statements, " << limit << " faulted, "
                  << silent.size() << " hidden\n";
        return silent;
    }

    void ExpectNoSilentSection(const std::string& target, const Session* as = nullptr, int k = kPageStatements) {
        const auto silent = SilentSections(target, as, k);
        std::string list;
        for (const auto& line : silent) list += "\n  " + line;
        EXPECT_TRUE(silent.empty()) << silent.size() << " failed reads left no visible error:" << list;
    }

    std::int64_t person_id_ = 0;
    std::int64_t case_id_ = 0;
    std::int64_t meeting_id_ = 0;
    std::int64_t household_id_ = 0;
    std::int64_t referral_id_ = 0;
};

TEST_P(PageFaults, CasePage) { ExpectNoSilentSection("/cases/" + std::to_string(case_id_)); }

TEST_P(PageFaults, PrintedCaseRecord) { ExpectNoSilentSection("/cases/" + std::to_string(case_id_) + "/print"); }

TEST_P(PageFaults, PersonPageWithConsultations) { ExpectNoSilentSection("/persons/" + std::to_string(person_id_)); }

TEST_P(PageFaults, MeetingPage) { ExpectNoSilentSection("/meetings/" + std::to_string(meeting_id_)); }

TEST_P(PageFaults, ReferralPage) {
    ExpectNoSilentSection("/referrals/" + std::to_string(referral_id_), nullptr, kSmallPageStatements);
}

TEST_P(PageFaults, ReferralList) { ExpectNoSilentSection("/referrals", nullptr, kSmallPageStatements); }

TEST_P(PageFaults, HouseholdPage) {
    ExpectNoSilentSection("/households/" + std::to_string(household_id_), nullptr, kSmallPageStatements);
}

TEST_P(PageFaults, AuditOfAPerson) {
    const Session auditor = SignIn("demo-auditor");
    ExpectNoSilentSection("/audit/person?person_id=" + std::to_string(person_id_), &auditor, kSmallPageStatements);
}

TEST_P(PageFaults, IntakeForm) {
    RunScenario(
        "intake form (POST /intake)",
        [&] {
            const std::string body =
                "_csrf=" + http::PercentEncode(caseworker_.csrf) +
                "&action=save&person_id=new&family_name=" + http::PercentEncode("浜野") +
                "&given_name=" + http::PercentEncode("修") + "&family_name_kana=" + http::PercentEncode("ハマノ") +
                "&given_name_kana=" + http::PercentEncode("オサム") + "&birth_date=" + UniqueBirthDate() +
                "&sex=male&occurred_at=2024-06-02T10%3A30&channel=phone&source=family" +
                "&chief_complaint=" + http::PercentEncode("息子が長くひきこもっている") +
                "&summary=" + http::PercentEncode("母から電話") + "&summary_tag=fact";
            return std::function<Outcome()>([this, body] {
                return Call("POST", "/intake", body, &caseworker_, "application/x-www-form-urlencoded");
            });
        },
        kFormStatements);
}

INSTANTIATE_TEST_SUITE_P(Backends, PageFaults, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         storage::BackendName);

}  // namespace
}  // namespace kasane::faults
