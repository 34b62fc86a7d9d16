// SPDX-License-Identifier: Apache-2.0
#pragma once

// Outcomes (issue 17, item 7): whether anyone is less lonely, measured with the national items, never with a
// threshold of Kasane's own.
//
//   - 直接質問 of 内閣府「人々のつながりに関する基礎調査」: 「あなたはどの程度、孤独であると感じることがありますか」,
//     coded in its own order 1 決してない, 2 ほとんどない, 3 たまにある, 4 時々ある, 5 しばしばある・常にある
//     (たまにある is below 時々ある).
//   - 間接質問, the UCLA 孤独感尺度 日本語版 3項目短縮版: 人とのつきあいがない, 取り残されている,
//   他の人たちから孤立して
//     いる, each 1 決してない, 2 ほとんどない, 3 時々ある, 4 常にある; the total 3–12 in the survey's bands
//     3 / 4–6 / 7–9 / 10–12.
//
// A measure records the instrument's version (a report never mixes versions), who administered it, and the phase
// (受付時, 経過確認, 終結時). The outcome report gives the distribution at intake and at the latest measure, and each
// person's paired change from one to the other. The national distribution is shown beside it as a population
// reference, labelled so; a local alert level is the town's own setting, labelled local. Pure: no storage here.

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/ids.hpp"
#include "base/japanese_date.hpp"
#include "base/result.hpp"
#include "base/time.hpp"

namespace kasane::domain {

using PersonId = Id<struct PersonTag>;              // as in person.hpp
using ConsultationId = Id<struct ConsultationTag>;  // as in consultation.hpp
using LonelinessMeasureId = Id<struct LonelinessMeasureTag>;

// The version of the items asked, as the town names it (e.g. "内閣府2024"); measures of different versions are
// never put in one distribution or one pair.
inline constexpr std::string_view kDefaultLonelinessVersion = "内閣府 人々のつながりに関する基礎調査（令和6年）";

enum class MeasurePhase {
    kIntake,    // 受付時
    kFollowUp,  // 経過確認
    kClosing,   // 終結時
};
std::string_view MeasurePhaseCode(MeasurePhase phase);   // intake, follow_up, closing
std::string_view MeasurePhaseLabel(MeasurePhase phase);  // 受付時, 経過確認, 終結時
std::optional<MeasurePhase> ParseMeasurePhase(std::string_view code);

// The 直接質問's wording, as the survey asks it.
inline constexpr std::string_view kDirectQuestion = "あなたはどの程度、孤独であると感じることがありますか";
inline constexpr int kDirectAnswerCount = 5;
// 1 決してない … 5 しばしばある・常にある; empty outside 1..5.
std::string_view DirectAnswerLabel(int code);

inline constexpr int kUclaItemCount = 3;
// The item's question (1..3) and an answer's label (1 決してない … 4 常にある).
std::string_view UclaItemLabel(int item);
std::string_view UclaAnswerLabel(int code);

// The UCLA total's band, as the national survey reports it.
enum class UclaBand {
    k3,       // 3: 決してない
    k4To6,    // 4–6: ほとんどない
    k7To9,    // 7–9: 時々ある
    k10To12,  // 10–12: 常にある
};
inline constexpr UclaBand kUclaBands[] = {UclaBand::k3, UclaBand::k4To6, UclaBand::k7To9, UclaBand::k10To12};
std::string_view UclaBandLabel(UclaBand band);  // 「3点」「4〜6点」…
UclaBand UclaBandOf(int total);                 // precondition: 3 ≤ total ≤ 12

// Optional isolation items (孤立): contact by channel, participation, someone to rely on. Codes as the town's form
// asks them; only their presence is checked here.
struct IsolationAnswers {
    std::optional<int>
        family_contact_in_person;  // 同居していない家族や友人と直接会って話すこと: 1 全くない … 6 週4回以上
    std::optional<int> family_contact_by_phone;    // 電話（ビデオ通話を含む）
    std::optional<int> family_contact_online;      // SNS・メール等
    std::optional<bool> takes_part_in_activities;  // 地域・ボランティア・趣味などの活動への参加
    std::optional<bool> has_someone_to_rely_on;    // 困ったときに頼れる人がいる
};

struct LonelinessAnswers {
    std::string version;                                  // the instrument's version
    std::optional<int> direct;                            // 1..5
    std::optional<std::array<int, kUclaItemCount>> ucla;  // each 1..4, all three or none
    IsolationAnswers isolation;

    std::optional<int> UclaTotal() const;  // 3..12 when the three items are answered
};

// kInvalidArgument naming the field: an empty version, a code out of range, a contact code outside 1..6, or no item
// answered at all (a measure with nothing in it is not a measure).
Status CheckLonelinessAnswers(const LonelinessAnswers& answers);

struct LonelinessMeasure {
    LonelinessMeasureId id{};
    PersonId person_id{};
    MeasurePhase phase = MeasurePhase::kIntake;
    Date administered_on{};
    UserId administered_by{};  // who asked the items
    LonelinessAnswers answers;
    // The consultation it was recorded on (at intake, or at a follow-up of it), and when it was recorded. The person
    // is the unit of the paired change, whichever of their consultations a measure was recorded on.
    ConsultationId consultation_id{};
    Instant recorded_at{};
};

// One person's change on one instrument version, from the first measure (by date, then id) to the latest: the
// consultation page's history. A value is absent when no measure of the version answered the instrument; first and
// latest are the same measure's when only one did.
struct MeasureChange {
    std::string version;
    std::optional<int> direct_first;
    std::optional<int> direct_latest;
    std::optional<int> ucla_first;  // totals, 3..12
    std::optional<int> ucla_latest;
    int measures = 0;  // of the version
};
// Per version, in the order the versions first appear. Precondition: the measures are one person's.
std::vector<MeasureChange> ChangesOf(const std::vector<LonelinessMeasure>& measures);

// The outcome report of one instrument version.
struct LonelinessDistribution {
    std::array<long long, kDirectAnswerCount> direct{};  // persons per answer 1..5
    std::array<long long, 4> ucla{};                     // persons per band, in kUclaBands order
    long long direct_persons = 0;
    long long ucla_persons = 0;
};

struct PairedChange {
    long long persons = 0;  // persons with a first and a later measure of the same version
    long long better = 0;   // lower (less lonely) at the latest
    long long same = 0;
    long long worse = 0;
    double mean_change = 0;  // latest − first, averaged (negative: less lonely)
};

struct LonelinessOutcome {
    std::string version;
    LonelinessDistribution at_intake;  // each person's first measure of the version
    LonelinessDistribution latest;     // each person's latest measure of the version
    PairedChange direct_change;        // on the 直接質問 (1..5)
    PairedChange ucla_change;          // on the UCLA total (3..12)
};

// One outcome per instrument version, in the order the versions first appear. A person's first measure is the
// earliest by date (then id); the latest the last; a pair needs two measures of the version answering the same
// instrument, the first before the latest. Pure.
std::vector<LonelinessOutcome> LonelinessOutcomes(const std::vector<LonelinessMeasure>& measures);

// The town's local alert level (a setting of the town, never Kasane's threshold): of one version's persons with a UCLA
// total, how many were at or above `level` at their first measure and at their latest (as LonelinessOutcomes picks
// them). Pure.
struct LocalAlertCounts {
    long long at_intake = 0;
    long long latest = 0;
};
LocalAlertCounts AtOrAboveLocalLevel(const std::vector<LonelinessMeasure>& measures, std::string_view version,
                                     int level);

// The national distribution of the 直接質問, a population reference and never a threshold: 内閣府「人々のつながりに
// 関する基礎調査（令和6年）」 (16歳以上, 2024年12月, 有効回答 10,876), as published: しばしばある・常にある 4.3%,
// 時々ある 15.4%, たまにある 19.6% (孤独感がある 計 39.3%).
struct NationalReference {
    std::string_view source;
    std::string_view answer;  // 直接質問's answer label
    double percent = 0;
};
const std::vector<NationalReference>& NationalDirectReference();

}  // namespace kasane::domain
