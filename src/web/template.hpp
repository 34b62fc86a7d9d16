// SPDX-License-Identifier: Apache-2.0
#pragma once

// A small Mustache subset for the server-rendered pages, rendering nlohmann::json data.
//
//   {{name}}            the value, HTML-escaped (& < > " ' become entities)
//   {{{name}}}          the value unescaped: only for fragments the server rendered itself (a page body
//                       inside the layout), never for anything a person typed
//   {{#name}}…{{/name}} an array: once per element, with the element as the innermost context;
//                       another truthy value: once, with the value as the innermost context
//   {{^name}}…{{/name}} once when the value is falsy
//   {{>partial}}        another template of the same set, rendered with the current context
//   {{! comment }}      nothing
//
// Names are looked up from the innermost context outwards; "a.b.c" finds "a" that way, then descends.
// "." is the innermost context itself. A missing name renders as "" and is falsy. Falsy values: missing,
// null, false, "" and []; everything else (0 included) is truthy. Strings render as they are, numbers and
// booleans in JSON form, null as "". A tag alone on its line (a section, inverted section, closing tag,
// comment or partial) takes the whole line with it, so templates can be indented without stray blank lines.
//
// Templates are parsed once, when the set is built: a malformed template (unclosed tag or section, a closing
// tag that does not match, an unknown partial, a "{{=" delimiter change, a name with characters outside
// [A-Za-z0-9_.-]) is an error naming the template and the line, not a surprise at request time.
//
// A TemplateSet is immutable after Parse and may be rendered from many threads at once.

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "base/result.hpp"

namespace kasane::web {

// &, <, >, " and ' replaced by entities; safe in element content and in quoted attribute values.
std::string EscapeHtml(std::string_view text);

class TemplateSet {
public:
    // name -> source. kInvalidArgument (field = the template's name) for the first malformed template.
    static Result<TemplateSet> Parse(const std::map<std::string, std::string, std::less<>>& sources);

    TemplateSet(TemplateSet&&) noexcept;
    TemplateSet& operator=(TemplateSet&&) noexcept;
    ~TemplateSet();

    bool Has(std::string_view name) const;

    // kNotFound for an unknown template name; kInternal when partials nest deeper than 32 (a partial that
    // includes itself without a stopping section).
    Result<std::string> Render(std::string_view name, const nlohmann::json& data) const;

private:
    struct Parsed;
    explicit TemplateSet(std::unique_ptr<Parsed> parsed);
    std::unique_ptr<Parsed> parsed_;
};

}  // namespace kasane::web
