// SPDX-License-Identifier: Apache-2.0
#include "web/genogram.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numbers>

#include "base/grapheme.hpp"
#include "base/japanese_date.hpp"
#include "web/template.hpp"

namespace kasane::web {

namespace {

// The household box and the ring of eco-map nodes around it (viewBox units).
constexpr double kBoxLeft = 230;
constexpr double kBoxRight = 570;
constexpr double kBoxTop = 110;
constexpr double kBoxBottom = 400;
constexpr double kCenterX = kGenogramWidth / 2.0;
constexpr double kCenterY = (kBoxTop + kBoxBottom) / 2.0;
constexpr double kRingRadiusX = 318;
constexpr double kRingRadiusY = 212;
constexpr double kNodeRadiusX = 64;
constexpr double kNodeRadiusY = 22;
constexpr double kSymbol = 34;  // side of the square, diameter of the circle
constexpr std::size_t kMaxNameCharacters = 10;

std::string Number(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f", value);
    std::string text = buffer;
    if (text.ends_with(".0")) text.resize(text.size() - 2);
    return text;
}

// At most `limit` characters (grapheme clusters), with "…" when cut: a long name must not run into its neighbour.
std::string Shorten(const std::string& text, std::size_t limit) { return CutGraphemes(text, limit); }

// The generation of a member relative to the head (0): parents above (-1), children below (+1).
int GenerationOf(const GenogramMember& member) {
    if (!member.relationship) return 0;
    switch (*member.relationship) {
        case domain::Relationship::kGrandparent: return -2;
        case domain::Relationship::kParent: return -1;
        case domain::Relationship::kChild:
        case domain::Relationship::kChildInLaw: return 1;
        case domain::Relationship::kGrandchild: return 2;
        default: return 0;
    }
}

// Who, in a row, is a child of the row above (in-laws and non-relatives are not).
bool IsChildOfRowAbove(const GenogramMember& member) {
    if (!member.relationship) return false;
    switch (*member.relationship) {
        case domain::Relationship::kHead:
        case domain::Relationship::kSibling:
        case domain::Relationship::kChild:
        case domain::Relationship::kGrandchild:
        case domain::Relationship::kParent:  // a grandparent's child
            return true;
        default: return false;
    }
}

// Who, in a row, is a parent of the row below.
bool IsParentOfRowBelow(const GenogramMember& member) {
    if (!member.relationship) return false;
    switch (*member.relationship) {
        case domain::Relationship::kHead:
        case domain::Relationship::kSpouse:
        case domain::Relationship::kParent:
        case domain::Relationship::kGrandparent:
        case domain::Relationship::kChild:
        case domain::Relationship::kChildInLaw: return true;
        default: return false;
    }
}

// Couples within a row: head and spouse, two parents, two grandparents, a child and a child-in-law.
bool IsCouple(const GenogramMember& a, const GenogramMember& b) {
    if (!a.relationship || !b.relationship) return false;
    using R = domain::Relationship;
    auto pair = [&](R x, R y) {
        return (*a.relationship == x && *b.relationship == y) || (*a.relationship == y && *b.relationship == x);
    };
    return pair(R::kHead, R::kSpouse) || pair(R::kParent, R::kParent) || pair(R::kGrandparent, R::kGrandparent) ||
           pair(R::kChild, R::kChildInLaw);
}

struct Placed {
    const GenogramMember* member;
    double x;
    double y;
    int generation;
};

std::string SexClass(const std::optional<domain::Sex>& sex) {
    if (sex == domain::Sex::kMale) return "male";
    if (sex == domain::Sex::kFemale) return "female";
    return "unknown";
}

// The symbol's outline, `grow` units larger than the plain one (the case person's second outline).
std::string Shape(const Placed& placed, double grow, const std::string& css_class) {
    const double half = kSymbol / 2 + grow;
    const std::string sex = SexClass(placed.member->sex);
    if (sex == "male") {
        return "<rect class=\"" + css_class + "\" x=\"" + Number(placed.x - half) + "\" y=\"" +
               Number(placed.y - half) + "\" width=\"" + Number(2 * half) + "\" height=\"" + Number(2 * half) +
               "\" fill=\"#fff\" stroke=\"#1a1a1a\" stroke-width=\"2\"/>";
    }
    if (sex == "female") {
        return "<circle class=\"" + css_class + "\" cx=\"" + Number(placed.x) + "\" cy=\"" + Number(placed.y) +
               "\" r=\"" + Number(half) + "\" fill=\"#fff\" stroke=\"#1a1a1a\" stroke-width=\"2\"/>";
    }
    const double reach = half * 1.25;
    return "<polygon class=\"" + css_class + "\" points=\"" + Number(placed.x) + "," + Number(placed.y - reach) + " " +
           Number(placed.x + reach) + "," + Number(placed.y) + " " + Number(placed.x) + "," + Number(placed.y + reach) +
           " " + Number(placed.x - reach) + "," + Number(placed.y) +
           "\" fill=\"#fff\" stroke=\"#1a1a1a\" stroke-width=\"2\"/>";
}

std::string Line(double x1, double y1, double x2, double y2, const std::string& css_class,
                 const std::string& extra = "stroke=\"#1a1a1a\" stroke-width=\"1.5\"") {
    return "<line class=\"" + css_class + "\" x1=\"" + Number(x1) + "\" y1=\"" + Number(y1) + "\" x2=\"" + Number(x2) +
           "\" y2=\"" + Number(y2) + "\" " + extra + "/>";
}

// A zigzag from (x1, y1) to (x2, y2): the hand-drawn sign of a stressful relationship.
std::string Zigzag(double x1, double y1, double x2, double y2) {
    const double length = std::hypot(x2 - x1, y2 - y1);
    const int steps = std::max(2, static_cast<int>(length / 9));
    const double normal_x = -(y2 - y1) / std::max(length, 1.0);
    const double normal_y = (x2 - x1) / std::max(length, 1.0);
    std::string points;
    for (int step = 0; step <= steps; ++step) {
        const double t = static_cast<double>(step) / steps;
        const double offset = (step == 0 || step == steps) ? 0.0 : (step % 2 == 0 ? 5.0 : -5.0);
        if (!points.empty()) points += ' ';
        points += Number(x1 + (x2 - x1) * t + normal_x * offset) + "," + Number(y1 + (y2 - y1) * t + normal_y * offset);
    }
    return "<polyline class=\"eco-line eco-line--stressful\" points=\"" + points +
           "\" fill=\"none\" stroke=\"#c00\" stroke-width=\"2\"/>";
}

std::string EcoLine(domain::EcoStrength strength, double x1, double y1, double x2, double y2) {
    switch (strength) {
        case domain::EcoStrength::kStrong:
            return Line(x1, y1, x2, y2, "eco-line eco-line--strong", "stroke=\"#1a1a1a\" stroke-width=\"5\"");
        case domain::EcoStrength::kWeak:
            return Line(x1, y1, x2, y2, "eco-line eco-line--weak",
                        "stroke=\"#1a1a1a\" stroke-width=\"1.5\" stroke-dasharray=\"6 5\"");
        case domain::EcoStrength::kStressful: return Zigzag(x1, y1, x2, y2);
        case domain::EcoStrength::kNormal: break;
    }
    return Line(x1, y1, x2, y2, "eco-line eco-line--normal", "stroke=\"#1a1a1a\" stroke-width=\"1.5\"");
}

// Where the segment from the box's centre towards (x, y) leaves the household box.
std::pair<double, double> BoxExit(double x, double y) {
    const double dx = x - kCenterX;
    const double dy = y - kCenterY;
    const double half_width = (kBoxRight - kBoxLeft) / 2;
    const double half_height = (kBoxBottom - kBoxTop) / 2;
    const double scale =
        std::min(dx == 0 ? 1e9 : half_width / std::abs(dx), dy == 0 ? 1e9 : half_height / std::abs(dy));
    return {kCenterX + dx * scale, kCenterY + dy * scale};
}

bool BornBefore(const GenogramMember* a, const GenogramMember* b) {
    // Older first; unknown birth dates last; the id keeps the order stable.
    if (a->birth_date && b->birth_date && *a->birth_date != *b->birth_date) return *a->birth_date < *b->birth_date;
    if (a->birth_date.has_value() != b->birth_date.has_value()) return a->birth_date.has_value();
    return a->person_id < b->person_id;
}

}  // namespace

std::string RenderGenogram(const GenogramInput& input) {
    // Rows by generation, each sorted by birth date; a couple's members are kept side by side.
    std::map<int, std::vector<const GenogramMember*>> rows;
    for (const GenogramMember& member : input.members) rows[GenerationOf(member)].push_back(&member);
    for (auto& [generation, row] : rows) {
        std::stable_sort(row.begin(), row.end(), BornBefore);
        for (std::size_t i = 0; i < row.size(); ++i) {
            for (std::size_t j = i + 2; j < row.size(); ++j) {
                if (IsCouple(*row[i], *row[j])) {
                    const GenogramMember* partner = row[j];
                    row.erase(row.begin() + static_cast<std::ptrdiff_t>(j));
                    row.insert(row.begin() + static_cast<std::ptrdiff_t>(i) + 1, partner);
                    break;
                }
            }
        }
    }

    std::vector<Placed> placed;
    const double row_gap = rows.empty() ? 0 : (kBoxBottom - kBoxTop) / static_cast<double>(rows.size() + 1);
    int row_index = 0;
    for (const auto& [generation, row] : rows) {
        ++row_index;
        const double y = kBoxTop + row_gap * row_index - 8;  // room for the name below
        const double column_gap = (kBoxRight - kBoxLeft) / static_cast<double>(row.size() + 1);
        for (std::size_t i = 0; i < row.size(); ++i) {
            placed.push_back({row[i], kBoxLeft + column_gap * static_cast<double>(i + 1), y, generation});
        }
    }

    std::string svg;
    svg += "<svg class=\"genogram\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " +
           std::to_string(kGenogramWidth) + " " + std::to_string(kGenogramHeight) +
           "\" role=\"img\" aria-labelledby=\"genogram-title genogram-desc\" font-family=\"sans-serif\">";
    svg += "<title id=\"genogram-title\">ジェノグラム・エコマップ</title>";
    std::string description = "世帯員: ";
    for (std::size_t i = 0; i < placed.size(); ++i) {
        const GenogramMember& member = *placed[i].member;
        if (i > 0) description += "、";
        description += member.name;
        if (member.relationship)
            description += "（" + std::string(domain::RelationshipLabel(*member.relationship)) + "）";
        if (member.person_id == input.case_person_id) description += "［本人］";
    }
    if (!input.relations.empty()) {
        description += "。関係: ";
        for (std::size_t i = 0; i < input.relations.size(); ++i) {
            if (i > 0) description += "、";
            description += input.relations[i].name + "（" +
                           std::string(domain::EcoStrengthLabel(input.relations[i].strength)) + "）";
        }
    }
    svg += "<desc id=\"genogram-desc\">" + EscapeHtml(description) + "</desc>";

    // The household (同居) as a dashed box.
    if (!placed.empty()) {
        svg += "<rect class=\"genogram__household\" x=\"" + Number(kBoxLeft) + "\" y=\"" + Number(kBoxTop) +
               "\" width=\"" + Number(kBoxRight - kBoxLeft) + "\" height=\"" + Number(kBoxBottom - kBoxTop) +
               "\" rx=\"12\" fill=\"none\" stroke=\"#1a1a1a\" stroke-width=\"1.5\" stroke-dasharray=\"8 5\"/>";
        svg += "<text class=\"genogram__household-label\" x=\"" + Number(kBoxLeft + 8) + "\" y=\"" +
               Number(kBoxTop + 16) + "\" font-size=\"12\" fill=\"#555\">同居</text>";
    }

    // Eco-map relations first, so that the nodes and the symbols are drawn over the lines.
    std::string nodes;
    const std::size_t relation_count = input.relations.size();
    for (std::size_t i = 0; i < relation_count; ++i) {
        const domain::EcoRelation& relation = input.relations[i];
        // Evenly round the ring, starting at the top and going clockwise.
        const double angle =
            -std::numbers::pi / 2 + 2 * std::numbers::pi * static_cast<double>(i) / static_cast<double>(relation_count);
        const double node_x = kCenterX + kRingRadiusX * std::cos(angle);
        const double node_y = kCenterY + kRingRadiusY * std::sin(angle);
        double from_x = 0;
        double from_y = 0;
        auto member = std::find_if(placed.begin(), placed.end(), [&](const Placed& p) {
            return relation.member_person_id && p.member->person_id == *relation.member_person_id;
        });
        if (member != placed.end()) {
            from_x = member->x;
            from_y = member->y;
        } else {
            std::tie(from_x, from_y) = BoxExit(node_x, node_y);
        }
        // Stop the line at the node's edge (approximately) so that it does not cross the label.
        const double dx = from_x - node_x;
        const double dy = from_y - node_y;
        const double length = std::max(std::hypot(dx, dy), 1.0);
        const double edge =
            std::min(kNodeRadiusX * std::abs(dx) / length + kNodeRadiusY * std::abs(dy) / length, length / 2);
        svg += EcoLine(relation.strength, node_x + dx / length * edge, node_y + dy / length * edge, from_x, from_y);
        nodes += "<g class=\"eco-node eco-node--" + std::string(domain::EcoKindCode(relation.kind)) + "\">";
        nodes += "<ellipse cx=\"" + Number(node_x) + "\" cy=\"" + Number(node_y) + "\" rx=\"" + Number(kNodeRadiusX) +
                 "\" ry=\"" + Number(kNodeRadiusY) + "\" fill=\"#f2f2f2\" stroke=\"#1a1a1a\" stroke-width=\"1\"/>";
        nodes += "<text x=\"" + Number(node_x) + "\" y=\"" + Number(node_y - 2) +
                 "\" font-size=\"12\" text-anchor=\"middle\">" +
                 EscapeHtml(Shorten(relation.name, kMaxNameCharacters)) + "</text>";
        nodes += "<text x=\"" + Number(node_x) + "\" y=\"" + Number(node_y + 13) +
                 "\" font-size=\"10\" text-anchor=\"middle\" fill=\"#555\">" +
                 EscapeHtml(std::string(domain::EcoKindLabel(relation.kind)) + "・" +
                            std::string(domain::EcoStrengthLabel(relation.strength))) +
                 "</text></g>";
    }

    // Couples: a horizontal line between the two symbols.
    for (std::size_t i = 0; i + 1 < placed.size(); ++i) {
        const Placed& a = placed[i];
        const Placed& b = placed[i + 1];
        if (a.generation == b.generation && IsCouple(*a.member, *b.member)) {
            svg += Line(a.x + kSymbol / 2, a.y, b.x - kSymbol / 2, b.y, "genogram__couple");
        }
    }
    // Parents and children: from the parents (the middle of the couple) down to a sibling bar, then to each child.
    for (const auto& [generation, row] : rows) {
        if (!rows.contains(generation + 1)) continue;
        std::vector<const Placed*> parents;
        std::vector<const Placed*> children;
        for (const Placed& p : placed) {
            if (p.generation == generation && IsParentOfRowBelow(*p.member)) parents.push_back(&p);
            if (p.generation == generation + 1 && IsChildOfRowAbove(*p.member)) children.push_back(&p);
        }
        if (parents.empty() || children.empty()) continue;
        // With two or more parents, the line leaves the middle of the first couple; alone, the parent itself.
        double parent_x = parents.front()->x;
        double parent_y = parents.front()->y + kSymbol / 2;
        if (parents.size() >= 2 && IsCouple(*parents[0]->member, *parents[1]->member)) {
            parent_x = (parents[0]->x + parents[1]->x) / 2;
            parent_y = parents[0]->y;
        }
        const double bar_y = children.front()->y - kSymbol / 2 - 10;
        double left = parent_x;
        double right = parent_x;
        for (const Placed* child : children) {
            left = std::min(left, child->x);
            right = std::max(right, child->x);
            svg += Line(child->x, bar_y, child->x, child->y - kSymbol / 2 - 2, "genogram__descent");
        }
        svg += Line(parent_x, parent_y, parent_x, bar_y, "genogram__descent");
        svg += Line(left, bar_y, right, bar_y, "genogram__descent");
    }

    // The members: symbol, age inside, name below.
    for (const Placed& p : placed) {
        const GenogramMember& member = *p.member;
        const bool is_case_person = member.person_id == input.case_person_id;
        svg += "<g class=\"genogram__member genogram__member--" + SexClass(member.sex) +
               (is_case_person ? " genogram__member--case" : "") + "\" data-person-id=\"" +
               std::to_string(member.person_id) + "\">";
        if (is_case_person) svg += Shape(p, 5, "genogram__outline");
        svg += Shape(p, 0, "genogram__symbol");
        if (member.birth_date) {
            const int age = AgeOn(*member.birth_date, input.today);
            if (age >= 0) {
                svg += "<text class=\"genogram__age\" x=\"" + Number(p.x) + "\" y=\"" + Number(p.y + 5) +
                       "\" font-size=\"13\" text-anchor=\"middle\">" + std::to_string(age) + "</text>";
            }
        }
        std::string label = Shorten(member.name, kMaxNameCharacters);
        svg += "<text class=\"genogram__name\" x=\"" + Number(p.x) + "\" y=\"" + Number(p.y + kSymbol / 2 + 18) +
               "\" font-size=\"12\" text-anchor=\"middle\">" + EscapeHtml(label) + "</text>";
        if (member.relationship || is_case_person) {
            std::string caption =
                member.relationship ? std::string(domain::RelationshipLabel(*member.relationship)) : "";
            if (is_case_person) caption += caption.empty() ? "本人" : "・本人";
            svg += "<text class=\"genogram__relationship\" x=\"" + Number(p.x) + "\" y=\"" +
                   Number(p.y + kSymbol / 2 + 32) + "\" font-size=\"10\" text-anchor=\"middle\" fill=\"#555\">" +
                   EscapeHtml(caption) + "</text>";
        }
        svg += "</g>";
    }
    svg += nodes;
    svg += "</svg>";
    return svg;
}

}  // namespace kasane::web
