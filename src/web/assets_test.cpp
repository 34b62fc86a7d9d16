// SPDX-License-Identifier: Apache-2.0
#include "web/assets.hpp"

#include <gtest/gtest.h>

#include <regex>

#include "web/embedded_files.hpp"

namespace kasane::web {
namespace {

TEST(EmbeddedFiles, HoldTheTemplatesAndAssets) {
    std::vector<std::string> names;
    for (const EmbeddedFile& file : EmbeddedFiles()) {
        names.emplace_back(file.name);
        EXPECT_EQ(file.sha256.size(), 64u) << file.name;
    }
    for (const char* expected :
         {"assets/kasane.css", "assets/htmx.min.js", "assets/design-tokens.css", "templates/layout.html",
          "templates/signin.html", "templates/home.html", "templates/error.html"}) {
        EXPECT_NE(std::ranges::find(names, expected), names.end()) << expected;
    }
    EXPECT_TRUE(std::ranges::is_sorted(names));
}

TEST(EmbeddedTemplates, Parse) {
    auto templates = LoadEmbeddedTemplates();
    ASSERT_TRUE(templates) << templates.error().message;
    for (const char* name : {"layout", "signin", "home", "error"}) EXPECT_TRUE(templates->Has(name)) << name;
}

// The Content-Security-Policy allows no inline script or style, and municipal networks have no internet:
// the templates must carry neither, nor load anything from elsewhere.
TEST(EmbeddedTemplates, HaveNoInlineScriptStyleOrExternalResource) {
    const std::regex style_element(R"(<style[\s>])", std::regex::icase);
    const std::regex style_attribute(R"(\sstyle\s*=)", std::regex::icase);
    const std::regex event_handler(R"(\son[a-z]+\s*=)", std::regex::icase);
    const std::regex javascript_url(R"(javascript:)", std::regex::icase);
    const std::regex external(R"((src|href|action)\s*=\s*["']?(https?:)?//)", std::regex::icase);
    for (const EmbeddedFile& file : EmbeddedFiles()) {
        if (!file.name.starts_with("templates/")) continue;
        const std::string text(file.content);
        EXPECT_FALSE(std::regex_search(text, event_handler)) << file.name;
        EXPECT_FALSE(std::regex_search(text, javascript_url)) << file.name;
        EXPECT_FALSE(std::regex_search(text, external)) << file.name;
        // The one exception: the public directory (resource_directory_pages.cpp, docs/resource_directory.md) is a
        // file written out for a static web server outside the internal network, not a page Kasane serves to be
        // shown (it is sent as an attachment): one self-contained file, its own style and a few lines of script
        // inline, nothing loaded from anywhere. Likewise the public counts of 地域づくり (community_pages.cpp).
        if (file.name == "templates/resource_directory_public.html" || file.name == "templates/community_public.html") {
            continue;
        }
        EXPECT_FALSE(std::regex_search(text, style_element)) << file.name;
        EXPECT_FALSE(std::regex_search(text, style_attribute)) << file.name;
        // Every script element must load a file.
        for (std::size_t at = text.find("<script"); at != std::string::npos; at = text.find("<script", at + 1)) {
            const std::string tag = text.substr(at, text.find('>', at) - at);
            EXPECT_NE(tag.find(" src="), std::string::npos) << file.name << ": inline script " << tag;
        }
    }
}

TEST(EmbeddedAssets, OurStylesheetLoadsNothingFromOutside) {
    auto css = FindAsset("kasane.css");
    ASSERT_TRUE(css);
    const std::string text(css->asset->content);
    EXPECT_EQ(text.find("@import"), std::string::npos);
    EXPECT_EQ(text.find("url("), std::string::npos);
    EXPECT_EQ(text.find("@font-face"), std::string::npos);
    EXPECT_NE(text.find("@media print"), std::string::npos);
    EXPECT_NE(text.find("var(--color-"), std::string::npos);
}

TEST(EmbeddedAssets, DesignTokensComeFromTheDigitalAgencyPackage) {
    auto tokens = FindAsset("design-tokens.css");
    ASSERT_TRUE(tokens);
    EXPECT_NE(tokens->asset->content.find("--color-primitive-blue-"), std::string_view::npos);
    EXPECT_NE(tokens->asset->content.find("--font-size-16"), std::string_view::npos);
}

TEST(Assets, HashedAndPlainNames) {
    auto plain = FindAsset("htmx.min.js");
    ASSERT_TRUE(plain);
    EXPECT_FALSE(plain->immutable);
    const Asset& asset = *plain->asset;
    EXPECT_EQ(asset.content_type, "text/javascript; charset=utf-8");
    EXPECT_NE(asset.content.find("htmx"), std::string_view::npos);

    ASSERT_TRUE(asset.url.starts_with("/assets/htmx.min."));
    ASSERT_TRUE(asset.url.ends_with(".js"));
    const std::string hashed = asset.url.substr(std::string("/assets/").size());
    auto by_hash = FindAsset(hashed);
    ASSERT_TRUE(by_hash);
    EXPECT_TRUE(by_hash->immutable);
    EXPECT_EQ(by_hash->asset, plain->asset);

    // The hash is the content's: the ETag and the URL carry the same digest prefix.
    const std::string digest = asset.etag.substr(1, asset.etag.size() - 2);
    EXPECT_EQ(digest.size(), 16u);
    EXPECT_NE(asset.url.find("." + digest + "."), std::string::npos);
    for (const EmbeddedFile& file : EmbeddedFiles()) {
        if (file.name == "assets/htmx.min.js") {
            EXPECT_TRUE(file.sha256.starts_with(digest));
        }
    }

    EXPECT_EQ(FindAsset("htmx.min.0000000000000000.js"), std::nullopt);
    EXPECT_EQ(FindAsset("nothing.css"), std::nullopt);
    EXPECT_EQ(FindAsset(""), std::nullopt);
    EXPECT_EQ(FindAsset("../templates/layout.html"), std::nullopt);
    EXPECT_EQ(FindAsset("layout.html"), std::nullopt);  // templates are not assets
}

TEST(Assets, ContentTypes) {
    EXPECT_EQ(FindAsset("kasane.css")->asset->content_type, "text/css; charset=utf-8");
    EXPECT_EQ(FindAsset("design-tokens.css")->asset->content_type, "text/css; charset=utf-8");
    EXPECT_EQ(FindAsset("favicon.svg")->asset->content_type, "image/svg+xml");
}

TEST(Assets, UrlsForTemplates) {
    const nlohmann::json& urls = AssetUrls();
    ASSERT_TRUE(urls.contains("kasane_css"));
    ASSERT_TRUE(urls.contains("htmx_min_js"));
    ASSERT_TRUE(urls.contains("design_tokens_css"));
    EXPECT_EQ(urls["kasane_css"], FindAsset("kasane.css")->asset->url);
}

}  // namespace
}  // namespace kasane::web
