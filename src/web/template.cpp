// SPDX-License-Identifier: Apache-2.0
#include "web/template.hpp"

#include <algorithm>
#include <vector>

namespace kasane::web {

namespace {

constexpr int kMaxPartialDepth = 32;

enum class NodeKind { kText, kEscaped, kRaw, kSection, kInverted, kPartial };

struct Node {
    NodeKind kind = NodeKind::kText;
    std::string text;               // literal text, or the name as written
    std::vector<std::string> path;  // the name split at '.'; empty for "."
    std::vector<Node> children;     // for sections
    int line = 0;
};

bool IsNameCharacter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

std::string_view Trim(std::string_view text) {
    while (!text.empty() && (IsBlank(text.front()) || text.front() == '\n')) text.remove_prefix(1);
    while (!text.empty() && (IsBlank(text.back()) || text.back() == '\n')) text.remove_suffix(1);
    return text;
}

// "." or dot-separated non-empty parts of name characters. Returns false when malformed.
bool SplitName(std::string_view name, std::vector<std::string>& path) {
    path.clear();
    if (name == ".") return true;
    if (name.empty()) return false;
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = name.find('.', start);
        const std::string_view part = name.substr(start, dot == std::string_view::npos ? name.npos : dot - start);
        if (part.empty() || !std::ranges::all_of(part, IsNameCharacter)) return false;
        path.emplace_back(part);
        if (dot == std::string_view::npos) return true;
        start = dot + 1;
    }
}

bool IsPartialName(std::string_view name) {
    return !name.empty() && std::ranges::all_of(name, [](char c) { return IsNameCharacter(c) || c == '/'; });
}

int LineOf(std::string_view source, std::size_t offset) {
    return 1 + static_cast<int>(std::count(source.begin(), source.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

Error ParseError(std::string_view template_name, int line, std::string_view what) {
    return Error::InvalidArgument(
        "テンプレート「" + std::string(template_name) + "」の " + std::to_string(line) + " 行目: " + std::string(what),
        std::string(template_name));
}

// Builds the tree of one template.
Result<std::vector<Node>> ParseTemplate(std::string_view template_name, std::string_view source) {
    std::vector<Node> root;
    // The open sections, innermost last; each points into its parent's children (stable: a parent's vector is
    // not appended to while one of its children is open).
    std::vector<Node*> open_sections;
    auto current = [&]() -> std::vector<Node>& {
        return open_sections.empty() ? root : open_sections.back()->children;
    };
    auto add_text = [&](std::string_view text) {
        if (text.empty()) return;
        auto& nodes = current();
        if (!nodes.empty() && nodes.back().kind == NodeKind::kText) {
            nodes.back().text.append(text);
        } else {
            nodes.push_back(Node{.kind = NodeKind::kText, .text = std::string(text)});
        }
    };

    std::size_t position = 0;
    while (position < source.size()) {
        const std::size_t open = source.find("{{", position);
        if (open == std::string_view::npos) {
            add_text(source.substr(position));
            break;
        }
        const int line = LineOf(source, open);
        const bool triple = open + 2 < source.size() && source[open + 2] == '{';
        const std::string_view closer = triple ? "}}}" : "}}";
        const std::size_t content_start = open + (triple ? 3 : 2);
        const std::size_t close = source.find(closer, content_start);
        if (close == std::string_view::npos) {
            return Fail(ParseError(template_name, line, std::string(triple ? "{{{" : "{{") + " が閉じられていません"));
        }
        std::size_t tag_end = close + closer.size();
        const std::string_view content = Trim(source.substr(content_start, close - content_start));

        char sigil = triple ? '&' : (content.empty() ? '\0' : content.front());
        std::string_view name = content;
        if (!triple) {
            if (sigil == '#' || sigil == '^' || sigil == '/' || sigil == '>' || sigil == '!' || sigil == '&' ||
                sigil == '=' || sigil == '{') {
                name = Trim(content.substr(1));
            } else {
                sigil = '\0';
            }
        }
        const std::string tag_text(source.substr(open, tag_end - open));
        if (sigil == '=') {
            return Fail(ParseError(template_name, line, tag_text + ": 区切り文字の変更には対応していません"));
        }
        if (sigil == '{') {
            return Fail(ParseError(template_name, line, tag_text + ": {{{ と }}} の対応が取れていません"));
        }

        // A section, closing tag, comment or partial alone on its line takes the line with it.
        std::size_t text_end = open;
        if (sigil == '#' || sigil == '^' || sigil == '/' || sigil == '!' || sigil == '>') {
            const std::size_t previous_newline = open == 0 ? std::string_view::npos : source.rfind('\n', open - 1);
            const std::size_t line_start = previous_newline == std::string_view::npos ? 0 : previous_newline + 1;
            // Whitespace only from the line's start: no other tag can lie there (a tag ends in "}}"), so the
            // previous tag ended at or before line_start.
            const bool blank_before = std::all_of(source.begin() + static_cast<std::ptrdiff_t>(line_start),
                                                  source.begin() + static_cast<std::ptrdiff_t>(open), IsBlank);
            std::size_t after = tag_end;
            while (after < source.size() && IsBlank(source[after])) ++after;
            const bool blank_after = after == source.size() || source[after] == '\n';
            if (blank_before && blank_after) {
                text_end = line_start;
                tag_end = after == source.size() ? after : after + 1;
            }
        }
        add_text(source.substr(position, text_end - position));
        position = tag_end;

        if (sigil == '!') continue;
        if (sigil == '>') {
            if (!IsPartialName(name)) {
                return Fail(ParseError(template_name, line, tag_text + ": 部分テンプレート名が正しくありません"));
            }
            current().push_back(Node{.kind = NodeKind::kPartial, .text = std::string(name), .line = line});
            continue;
        }
        Node node{.text = std::string(name), .line = line};
        if (!SplitName(name, node.path)) {
            return Fail(ParseError(template_name, line,
                                   tag_text + ": 名前が正しくありません（英数字・_・- を . で区切ったもの）"));
        }
        switch (sigil) {
            case '#':
            case '^':
                node.kind = sigil == '#' ? NodeKind::kSection : NodeKind::kInverted;
                current().push_back(std::move(node));
                open_sections.push_back(&current().back());
                break;
            case '/':
                if (open_sections.empty()) {
                    return Fail(ParseError(template_name, line, tag_text + " に対応する開始タグがありません"));
                }
                if (open_sections.back()->text != node.text) {
                    return Fail(ParseError(template_name, line,
                                           tag_text + " は {{#" + open_sections.back()->text + "}}（" +
                                               std::to_string(open_sections.back()->line) + " 行目）を閉じていません"));
                }
                open_sections.pop_back();
                break;
            case '&':
                node.kind = NodeKind::kRaw;
                current().push_back(std::move(node));
                break;
            default:
                node.kind = NodeKind::kEscaped;
                current().push_back(std::move(node));
                break;
        }
    }
    if (!open_sections.empty()) {
        const Node& unclosed = *open_sections.back();
        return Fail(ParseError(template_name, unclosed.line,
                               std::string(unclosed.kind == NodeKind::kSection ? "{{#" : "{{^") + unclosed.text +
                                   "}} が閉じられていません"));
    }
    return root;
}

const Node* FindUnknownPartial(const std::vector<Node>& nodes,
                               const std::map<std::string, std::vector<Node>, std::less<>>& templates) {
    for (const Node& node : nodes) {
        if (node.kind == NodeKind::kPartial && !templates.contains(node.text)) return &node;
        if (const Node* found = FindUnknownPartial(node.children, templates)) return found;
    }
    return nullptr;
}

bool IsFalsy(const nlohmann::json* value) {
    if (value == nullptr || value->is_null()) return true;
    if (value->is_boolean()) return !value->get<bool>();
    if (value->is_string()) return value->get_ref<const std::string&>().empty();
    if (value->is_array()) return value->empty();
    return false;
}

using ContextStack = std::vector<const nlohmann::json*>;

const nlohmann::json* Lookup(const ContextStack& contexts, const std::vector<std::string>& path) {
    if (path.empty()) return contexts.back();
    const nlohmann::json* found = nullptr;
    for (auto context = contexts.rbegin(); context != contexts.rend(); ++context) {
        if ((*context)->is_object()) {
            auto member = (*context)->find(path.front());
            if (member != (*context)->end()) {
                found = &*member;
                break;
            }
        }
    }
    // Per Mustache: once the first part is found, the rest must be found beneath it; no further search.
    for (std::size_t i = 1; found != nullptr && i < path.size(); ++i) {
        if (!found->is_object()) return nullptr;
        auto member = found->find(path[i]);
        found = member == found->end() ? nullptr : &*member;
    }
    return found;
}

// Appends text with & < > " ' replaced by entities, runs without them in one append.
void AppendEscaped(std::string_view text, std::string& out) {
    std::size_t start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        std::string_view entity;
        switch (text[i]) {
            case '&': entity = "&amp;"; break;
            case '<': entity = "&lt;"; break;
            case '>': entity = "&gt;"; break;
            case '"': entity = "&quot;"; break;
            case '\'': entity = "&#39;"; break;
            default: continue;
        }
        out.append(text, start, i - start);
        out += entity;
        start = i + 1;
    }
    out.append(text, start);
}

// Strings are appended from the JSON value itself; only numbers and booleans are formatted.
void AppendValue(const nlohmann::json* value, bool escape, std::string& out) {
    if (value == nullptr || value->is_null()) return;
    std::string formatted;
    const std::string_view text = value->is_string() ? std::string_view(value->get_ref<const std::string&>())
                                                     : std::string_view(formatted = value->dump());
    if (escape) {
        AppendEscaped(text, out);
    } else {
        out += text;
    }
}

}  // namespace

struct TemplateSet::Parsed {
    std::map<std::string, std::vector<Node>, std::less<>> templates;

    Status RenderNodes(const std::vector<Node>& nodes, ContextStack& contexts, int depth, std::string& out) const {
        for (const Node& node : nodes) {
            switch (node.kind) {
                case NodeKind::kText: out += node.text; break;
                case NodeKind::kEscaped:
                case NodeKind::kRaw:
                    AppendValue(Lookup(contexts, node.path), node.kind == NodeKind::kEscaped, out);
                    break;
                case NodeKind::kInverted:
                    if (IsFalsy(Lookup(contexts, node.path))) {
                        if (auto rendered = RenderNodes(node.children, contexts, depth, out); !rendered)
                            return rendered;
                    }
                    break;
                case NodeKind::kSection: {
                    const nlohmann::json* value = Lookup(contexts, node.path);
                    if (IsFalsy(value)) break;
                    if (value->is_array()) {
                        for (const nlohmann::json& element : *value) {
                            contexts.push_back(&element);
                            auto rendered = RenderNodes(node.children, contexts, depth, out);
                            contexts.pop_back();
                            if (!rendered) return rendered;
                        }
                    } else {
                        contexts.push_back(value);
                        auto rendered = RenderNodes(node.children, contexts, depth, out);
                        contexts.pop_back();
                        if (!rendered) return rendered;
                    }
                    break;
                }
                case NodeKind::kPartial: {
                    if (depth >= kMaxPartialDepth) {
                        return Fail(
                            Error::Internal("テンプレートの部分テンプレート「" + node.text + "」の入れ子が深すぎます"));
                    }
                    // Parse checked that every partial exists.
                    const auto& partial = templates.find(node.text)->second;
                    if (auto rendered = RenderNodes(partial, contexts, depth + 1, out); !rendered) return rendered;
                    break;
                }
            }
        }
        return {};
    }
};

std::string EscapeHtml(std::string_view text) {
    std::string escaped;
    escaped.reserve(text.size() + text.size() / 8);
    AppendEscaped(text, escaped);
    return escaped;
}

Result<TemplateSet> TemplateSet::Parse(const std::map<std::string, std::string, std::less<>>& sources) {
    auto parsed = std::make_unique<Parsed>();
    for (const auto& [name, source] : sources) {
        auto nodes = ParseTemplate(name, source);
        if (!nodes) return Fail(nodes.error());
        parsed->templates.emplace(name, std::move(*nodes));
    }
    for (const auto& [name, nodes] : parsed->templates) {
        if (const Node* unknown = FindUnknownPartial(nodes, parsed->templates)) {
            return Fail(
                ParseError(name, unknown->line, "{{>" + unknown->text + "}}: そのような部分テンプレートはありません"));
        }
    }
    return TemplateSet(std::move(parsed));
}

TemplateSet::TemplateSet(std::unique_ptr<Parsed> parsed) : parsed_(std::move(parsed)) {}
TemplateSet::TemplateSet(TemplateSet&&) noexcept = default;
TemplateSet& TemplateSet::operator=(TemplateSet&&) noexcept = default;
TemplateSet::~TemplateSet() = default;

bool TemplateSet::Has(std::string_view name) const { return parsed_->templates.contains(name); }

Result<std::string> TemplateSet::Render(std::string_view name, const nlohmann::json& data) const {
    auto found = parsed_->templates.find(name);
    if (found == parsed_->templates.end()) {
        return Fail(Error::NotFound("テンプレート「" + std::string(name) + "」はありません"));
    }
    std::string out;
    // Pages are tens of kilobytes: start big enough that most never reallocate.
    out.reserve(64 * 1024);
    ContextStack contexts{&data};
    if (auto rendered = parsed_->RenderNodes(found->second, contexts, 0, out); !rendered) return Fail(rendered.error());
    return out;
}

}  // namespace kasane::web
