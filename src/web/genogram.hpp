// SPDX-License-Identifier: Apache-2.0
#pragma once

// The genogram and eco-map (ジェノグラム・エコマップ) of a case, drawn as SVG by the server: the picture social
// workers draw by hand at an assessment. A pure function: data in, SVG text out, no I/O, the same output for the
// same input (members are placed by generation, then by birth date), so that the page, the printed case record
// and the tests all see the same drawing.
//
// Conventions (as taught for 家族支援・ソーシャルワーク):
//   - male ■ square, female ● circle, other or unknown ◆ diamond; the person of the case (本人) double-outlined;
//   - the age inside the symbol, the name below it;
//   - parents one row above their children, joined to them by lines; spouses joined by a horizontal line;
//   - a dashed box around the members living together (同居);
//   - eco-map relations as labelled nodes around the household, joined by a line whose style tells the
//     strength: strong = thick, normal = thin, weak = dashed, stressful = a red zigzag.
// The viewBox is fixed (800 × 520, about the width of an A4 page and half its height), so that the printed case
// record keeps room for the rest; every text is HTML-escaped.

#include <optional>
#include <string>
#include <vector>

#include "base/japanese_date.hpp"
#include "domain/person.hpp"
#include "domain/support_case.hpp"

namespace kasane::web {

struct GenogramMember {
    domain::PersonId person_id{};
    std::string name;  // as the viewer may see it (masked names stay masked)
    std::optional<domain::Sex> sex;
    std::optional<Date> birth_date;
    // 続柄 to the head of the household; none for a case without a household (the person alone).
    std::optional<domain::Relationship> relationship;
};

struct GenogramInput {
    domain::PersonId case_person_id{};
    std::vector<GenogramMember> members;  // the current household members; the case person among them
    std::vector<domain::EcoRelation> relations;
    Date today{};  // ages are counted on this day (JST)
};

constexpr int kGenogramWidth = 800;
constexpr int kGenogramHeight = 520;

// An inline <svg> element (role="img", with <title> and <desc> naming the members and the relations).
std::string RenderGenogram(const GenogramInput& input);

}  // namespace kasane::web
