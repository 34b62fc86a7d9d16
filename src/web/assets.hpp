// SPDX-License-Identifier: Apache-2.0
#pragma once

// The embedded files, as the pages see them: templates by name, and static assets with a content hash in
// their URL so that browsers may cache them for a year and still see a new version at once.

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "base/result.hpp"
#include "web/template.hpp"

namespace kasane::web {

struct Asset {
    std::string name;          // "kasane.css"
    std::string_view content;  // static storage
    std::string content_type;  // "text/css; charset=utf-8"
    std::string etag;          // "\"<sha256 prefix>\"", quoted as HTTP wants it
    std::string url;           // "/assets/kasane.3f2a1b9c04d5e6f7.css"
};

// An asset addressed by the last segment of /assets/<file>: either its hashed file name (the URL pages use,
// cacheable forever) or its plain name (for people and tools; revalidated). nullopt for anything else,
// including a hashed name whose hash is not the current one.
struct AssetLookup {
    const Asset* asset = nullptr;
    bool immutable = false;  // addressed by the current hashed name
};
std::optional<AssetLookup> FindAsset(std::string_view file);

// {"kasane_css": "/assets/kasane.<hash>.css", "htmx_min_js": ..., ...}: every asset's URL, keyed by its name
// with '.' and '-' replaced by '_', for templates ({{asset.kasane_css}}).
const nlohmann::json& AssetUrls();

// The embedded templates ("templates/<name>.html" is template <name>), parsed. Errors as TemplateSet::Parse.
Result<TemplateSet> LoadEmbeddedTemplates();

}  // namespace kasane::web
