// SPDX-License-Identifier: Apache-2.0
// Writes under injected faults (issue 12, item 5): for each scenario — an intake of a person with a consultation
// (the 相談受付 form), a referral, a consent, a meeting's decision applied to a case, a support plan update and a
// user added by the administrator — each of the first K statements, each commit, and the connection at each of
// those statements fail in turn. Every failure must reach the caller as a 5xx error (JSON for the API, an error
// page with the request id for a form), leave the database exactly as before, and keep the audit chain intact.

#include "fault_fixture.hpp"

namespace kasane::faults {
namespace {

// K for the write scenarios: enough to fault every statement of each (the longest, a meeting decision, runs 78);
// statements beyond it would not be faulted (the scenario's line says when that happens).
constexpr int kWriteStatements = 80;

class WriteFaults : public TownFaults {};

TEST_P(WriteFaults, IntakeOfAPersonWithAConsultation) {
    RunScenario(
        "intake of a new person with a consultation (POST /api/v1/consultations)",
        [&] {
            const Json body{{"new_person",
                             {{"family_name", "浜野"},
                              {"given_name", "修"},
                              {"family_name_kana", "ハマノ"},
                              {"given_name_kana", "オサム"},
                              {"birth_date", UniqueBirthDate()},
                              {"sex", "male"}}},
                            {"chief_complaint", "息子が長くひきこもっている。"},
                            {"categories", {{{"code", "hikikomori"}, {"most_pressing", true}}, {{"code", "8050"}}}},
                            {"first_contact",
                             {{"occurred_at", "2024-06-02T01:30:00Z"},
                              {"channel", "phone"},
                              {"source", "family"},
                              {"summary", "母から電話。"},
                              {"summary_tag", "fact"}}}};
            return std::function<Outcome()>(
                [this, body] { return Call("POST", "/api/v1/consultations", body.dump(), &caseworker_); });
        },
        kWriteStatements);
}

TEST_P(WriteFaults, Referral) {
    RunScenario(
        "referral (POST /api/v1/referrals)",
        [&] {
            const std::int64_t person = NewPerson(caseworker_);
            const Json body{{"person_id", person},
                            {"to_organization_id", Organization("NPO法人 ひだまりの家（ひきこもり支援）")},
                            {"reason", "ひきこもり支援の居場所と訪問支援を依頼したい。"},
                            {"done", "母からの電話相談を実施。"}};
            return std::function<Outcome()>(
                [this, body] { return Call("POST", "/api/v1/referrals", body.dump(), &caseworker_); });
        },
        kWriteStatements);
}

TEST_P(WriteFaults, Consent) {
    RunScenario(
        "consent (POST /api/v1/persons/{id}/consents)",
        [&] {
            const std::int64_t person = NewPerson(coordinator_);
            const Json body{{"organizations", {Organization("福祉課"), Organization("栄浜町地域包括支援センター")}},
                            {"bodies", {body_ids_["multilayer_meeting"]}},
                            {"purpose", "多機関協働による支援のための情報共有"},
                            {"given_on", "2024-06-01"},
                            {"method", "written"},
                            {"explanation_version", "説明文書 v2"}};
            const std::string target = "/api/v1/persons/" + std::to_string(person) + "/consents";
            return std::function<Outcome()>(
                [this, body, target] { return Call("POST", target, body.dump(), &coordinator_); });
        },
        kWriteStatements);
}

TEST_P(WriteFaults, MeetingDecisionAppliedToACase) {
    RunScenario(
        "meeting decision on a case (POST /api/v1/meetings/{id}/decisions)",
        [&] {
            const std::int64_t person = NewPerson(coordinator_);
            const std::int64_t case_id = NewCase(person);
            const Json meeting =
                Api("POST", "/api/v1/meetings",
                    Json{{"body_id", body_ids_["article_106_6"]},
                         {"held_on", "2024-06-03"},
                         {"attendees", {{{"name", "調整 みどり"}, {"organization_id", Organization("福祉課")}}}},
                         {"agenda",
                          {{{"person_id", person},
                            {"case_id", case_id},
                            {"shared_summary", "50代男性。長期のひきこもり。"}}}},
                         {"minutes", "役割分担を確認した。"}},
                    coordinator_, 201);
            const Json body{{"case_id", case_id},
                            {"kind", "roles_assigned"},
                            {"text", "役割分担を確認"},
                            {"roles",
                             {{{"organization_id", Organization("栄浜町地域包括支援センター")}, {"role", "母の介護"}},
                              {{"organization_id", Organization("福祉課")}, {"role", "全体調整"}}}}};
            const std::string target =
                "/api/v1/meetings/" + std::to_string(meeting.value("id", std::int64_t{0})) + "/decisions";
            return std::function<Outcome()>(
                [this, body, target] { return Call("POST", target, body.dump(), &coordinator_); });
        },
        kWriteStatements);
}

TEST_P(WriteFaults, SupportPlanUpdate) {
    RunScenario(
        "support plan update (PUT /api/v1/plans/{id})",
        [&] {
            const std::int64_t case_id = NewCase(NewPerson(coordinator_));
            Json plan{
                {"goals", "少しずつ外に出たい。"},
                {"household_goal", "母の介護体制を整える。"},
                {"review_on", "2024-07-01"},
                {"actions",
                 {{{"description", "母の介護サービス調整"},
                   {"responsible_organization_id", Organization("栄浜町地域包括支援センター")}},
                  {{"description", "世帯の生活費の確認"}, {"responsible_organization_id", Organization("福祉課")}}}}};
            const Json drafted =
                Api("POST", "/api/v1/cases/" + std::to_string(case_id) + "/plans", plan, coordinator_, 201);
            plan["version"] = drafted.value("version", 0);
            plan["goals"] = "少しずつ外に出たい。居場所に通う。";
            plan["actions"].push_back(
                {{"description", "長男への訪問支援"},
                 {"responsible_organization_id", Organization("NPO法人 ひだまりの家（ひきこもり支援）")}});
            const std::string target = "/api/v1/plans/" + std::to_string(drafted.value("id", std::int64_t{0}));
            return std::function<Outcome()>(
                [this, plan, target] { return Call("PUT", target, plan.dump(), &coordinator_); });
        },
        kWriteStatements);
}

TEST_P(WriteFaults, UserAddedByTheAdministrator) {
    const Session admin = SignIn("demo-town-admin");
    RunScenario(
        "user administration (POST /api/v1/users)",
        [&] {
            const Json body{{"organization_id", Organization("福祉課")},
                            {"username", "fault-user-" + std::to_string(++people_)},
                            {"display_name", "障害 試験"},
                            {"roles", {"caseworker"}},
                            {"password", "a-long-password-1"}};
            return std::function<Outcome()>(
                [this, body, admin] { return Call("POST", "/api/v1/users", body.dump(), &admin); });
        },
        kWriteStatements);
}

INSTANTIATE_TEST_SUITE_P(Backends, WriteFaults, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         storage::BackendName);

}  // namespace
}  // namespace kasane::faults
