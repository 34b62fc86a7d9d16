// SPDX-License-Identifier: Apache-2.0
#include "web/assets.hpp"

#include <map>
#include <vector>

#include "web/embedded_files.hpp"

namespace kasane::web {

namespace {

constexpr std::string_view kAssetPrefix = "assets/";
constexpr std::string_view kTemplatePrefix = "templates/";
constexpr std::string_view kTemplateSuffix = ".html";
// 16 hex digits (64 bits) of SHA-256 tell versions apart; the full digest would only lengthen URLs.
constexpr std::size_t kHashLength = 16;

std::string ContentTypeFor(std::string_view name) {
    auto ends_with = [&](std::string_view suffix) { return name.ends_with(suffix); };
    if (ends_with(".css")) return "text/css; charset=utf-8";
    if (ends_with(".js")) return "text/javascript; charset=utf-8";
    if (ends_with(".svg")) return "image/svg+xml";
    if (ends_with(".png")) return "image/png";
    if (ends_with(".ico")) return "image/x-icon";
    if (ends_with(".woff2")) return "font/woff2";
    if (ends_with(".txt")) return "text/plain; charset=utf-8";
    return "application/octet-stream";
}

// "kasane.css" + hash -> "kasane.<hash>.css"; "htmx.min.js" -> "htmx.min.<hash>.js".
std::string HashedName(std::string_view name, std::string_view hash) {
    const std::size_t dot = name.rfind('.');
    if (dot == std::string_view::npos) return std::string(name) + "." + std::string(hash);
    return std::string(name.substr(0, dot)) + "." + std::string(hash) + std::string(name.substr(dot));
}

std::string UrlKey(std::string_view name) {
    std::string key(name);
    for (char& c : key) {
        if (c == '.' || c == '-') c = '_';
    }
    return key;
}

struct Catalog {
    std::vector<Asset> assets;
    std::map<std::string, std::pair<std::size_t, bool>, std::less<>> by_file;  // file -> (index, immutable)
    nlohmann::json urls = nlohmann::json::object();

    Catalog() {
        for (const EmbeddedFile& file : EmbeddedFiles()) {
            if (!file.name.starts_with(kAssetPrefix)) continue;
            const std::string name(file.name.substr(kAssetPrefix.size()));
            const std::string_view hash = file.sha256.substr(0, kHashLength);
            const std::string hashed = HashedName(name, hash);
            std::string etag = "\"" + std::string(hash) + "\"";
            assets.push_back(Asset{.name = name,
                                   .content = file.content,
                                   .content_type = ContentTypeFor(name),
                                   .etag = std::move(etag),
                                   .url = "/assets/" + hashed});
            by_file[hashed] = {assets.size() - 1, true};
            by_file[name] = {assets.size() - 1, false};
            urls[UrlKey(name)] = assets.back().url;
        }
    }
};

const Catalog& TheCatalog() {
    static const Catalog catalog;
    return catalog;
}

}  // namespace

std::optional<AssetLookup> FindAsset(std::string_view file) {
    const Catalog& catalog = TheCatalog();
    auto found = catalog.by_file.find(file);
    if (found == catalog.by_file.end()) return std::nullopt;
    return AssetLookup{.asset = &catalog.assets[found->second.first], .immutable = found->second.second};
}

const nlohmann::json& AssetUrls() { return TheCatalog().urls; }

Result<TemplateSet> LoadEmbeddedTemplates() {
    std::map<std::string, std::string, std::less<>> sources;
    for (const EmbeddedFile& file : EmbeddedFiles()) {
        if (!file.name.starts_with(kTemplatePrefix) || !file.name.ends_with(kTemplateSuffix)) continue;
        std::string_view name = file.name.substr(kTemplatePrefix.size());
        name.remove_suffix(kTemplateSuffix.size());
        sources.emplace(std::string(name), std::string(file.content));
    }
    return TemplateSet::Parse(sources);
}

}  // namespace kasane::web
