// SPDX-License-Identifier: Apache-2.0
#include "web/template.hpp"

#include <gtest/gtest.h>

namespace kasane::web {
namespace {

using nlohmann::json;

// Parses one template named "t" (plus any partials) and renders it; fails the test on a parse error.
std::string Render(std::string_view source, const json& data,
                   std::map<std::string, std::string, std::less<>> partials = {}) {
    partials["t"] = std::string(source);
    auto set = TemplateSet::Parse(partials);
    if (!set) {
        ADD_FAILURE() << "parse failed: " << set.error().message;
        return {};
    }
    auto rendered = set->Render("t", data);
    if (!rendered) {
        ADD_FAILURE() << "render failed: " << rendered.error().message;
        return {};
    }
    return *rendered;
}

Error ParseFailure(std::string_view source, std::map<std::string, std::string, std::less<>> others = {}) {
    others["broken"] = std::string(source);
    auto set = TemplateSet::Parse(others);
    if (set) {
        ADD_FAILURE() << "expected a parse error for: " << source;
        return Error{};
    }
    return set.error();
}

TEST(EscapeHtml, EscapesTheFiveSpecialCharacters) {
    EXPECT_EQ(EscapeHtml(R"(<a href="x">'&'</a>)"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    EXPECT_EQ(EscapeHtml("重ね Kasane"), "重ね Kasane");
    EXPECT_EQ(EscapeHtml(""), "");
}

TEST(Template, TextWithoutTagsIsCopied) {
    EXPECT_EQ(Render("<p>こんにちは</p>\n", json::object()), "<p>こんにちは</p>\n");
}

TEST(Template, VariablesAreEscapedByDefault) {
    const json data = {{"name", R"(<script>alert("x") & 'y'</script>)"}};
    EXPECT_EQ(Render("<p>{{name}}</p>", data),
              "<p>&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;</p>");
    EXPECT_EQ(Render("<p>{{ name }}</p>", data),
              "<p>&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;</p>");
}

TEST(Template, TripleMustacheAndAmpersandAreRaw) {
    const json data = {{"fragment", "<b>太字</b>"}};
    EXPECT_EQ(Render("{{{fragment}}}", data), "<b>太字</b>");
    EXPECT_EQ(Render("{{& fragment}}", data), "<b>太字</b>");
}

TEST(Template, MissingNamesRenderEmpty) {
    EXPECT_EQ(Render("[{{missing}}][{{{missing}}}][{{a.b.c}}]", json::object()), "[][][]");
    EXPECT_EQ(Render("[{{value}}]", json{{"value", nullptr}}), "[]");
}

TEST(Template, NumbersAndBooleansRenderAsJson) {
    EXPECT_EQ(Render("{{n}} {{f}} {{t}} {{b}}", json{{"n", 42}, {"f", 1.5}, {"t", true}, {"b", false}}),
              "42 1.5 true false");
}

TEST(Template, DottedNames) {
    const json data = {{"municipality", {{"name", "架空町"}, {"code", "999999"}}}};
    EXPECT_EQ(Render("{{municipality.name}}（{{municipality.code}}）", data), "架空町（999999）");
    // Once the first part is found, the rest is not searched for in outer contexts.
    const json shadow = {{"a", {{"b", "outer"}}}, {"items", json::array({{{"a", {{"c", 1}}}}})}};
    EXPECT_EQ(Render("{{#items}}[{{a.b}}]{{/items}}", shadow), "[]");
}

TEST(Template, SectionsIterateArraysWithNestedContextLookup) {
    const json data = {{"prefix", "役割"},
                       {"roles", json::array({{{"label", "相談支援員"}}, {{"label", "民生委員"}}})}};
    EXPECT_EQ(Render("{{#roles}}<li>{{prefix}}: {{label}}</li>{{/roles}}", data),
              "<li>役割: 相談支援員</li><li>役割: 民生委員</li>");
    EXPECT_EQ(Render("{{#names}}[{{.}}]{{/names}}", json{{"names", {"a", "<b>"}}}), "[a][&lt;b&gt;]");
}

TEST(Template, SectionsOnObjectsAndScalars) {
    EXPECT_EQ(Render("{{#user}}{{display_name}}{{/user}}", json{{"user", {{"display_name", "山田"}}}}), "山田");
    EXPECT_EQ(Render("{{#flag}}yes{{/flag}}", json{{"flag", true}}), "yes");
    EXPECT_EQ(Render("{{#count}}{{.}}件{{/count}}", json{{"count", 0}}), "0件");
    EXPECT_EQ(Render("{{#text}}<{{.}}>{{/text}}", json{{"text", "x"}}), "<x>");
}

TEST(Template, FalsyValuesSkipSectionsAndShowInvertedSections) {
    for (const json& value : {json(nullptr), json(false), json(""), json::array()}) {
        const json data = {{"v", value}};
        EXPECT_EQ(Render("{{#v}}shown{{/v}}{{^v}}empty{{/v}}", data), "empty") << value.dump();
    }
    EXPECT_EQ(Render("{{#missing}}shown{{/missing}}{{^missing}}empty{{/missing}}", json::object()), "empty");
    EXPECT_EQ(Render("{{^v}}empty{{/v}}", json{{"v", {1}}}), "");
}

TEST(Template, NestedSections) {
    const json data = {
        {"groups", json::array({{{"name", "A"}, {"items", {1, 2}}}, {{"name", "B"}, {"items", json::array()}}})}};
    EXPECT_EQ(Render("{{#groups}}{{name}}:{{#items}}{{.}}{{/items}}{{^items}}なし{{/items}};{{/groups}}", data),
              "A:12;B:なし;");
}

TEST(Template, PartialsUseTheCurrentContext) {
    const json data = {{"people", json::array({{{"name", "<佐藤>"}}, {{"name", "鈴木"}}})}};
    EXPECT_EQ(Render("{{#people}}{{>person}}{{/people}}", data, {{"person", "<i>{{name}}</i>"}}),
              "<i>&lt;佐藤&gt;</i><i>鈴木</i>");
}

TEST(Template, CommentsRenderNothing) { EXPECT_EQ(Render("a{{! これは注釈 }}b", json::object()), "ab"); }

TEST(Template, StandaloneTagsTakeTheirLine) {
    const std::string source =
        "<ul>\n"
        "  {{#items}}\n"
        "  <li>{{.}}</li>\n"
        "  {{/items}}\n"
        "  {{! comment }}\n"
        "</ul>\n";
    EXPECT_EQ(Render(source, json{{"items", {1, 2}}}), "<ul>\n  <li>1</li>\n  <li>2</li>\n</ul>\n");
    // Not standalone: other text on the line stays.
    EXPECT_EQ(Render("a {{#x}}b{{/x}} c\n", json{{"x", true}}), "a b c\n");
}

TEST(Template, RenderingAnUnknownTemplateIsNotFound) {
    auto set = TemplateSet::Parse({{"t", "x"}});
    ASSERT_TRUE(set);
    EXPECT_TRUE(set->Has("t"));
    EXPECT_FALSE(set->Has("u"));
    auto rendered = set->Render("u", json::object());
    ASSERT_FALSE(rendered);
    EXPECT_EQ(rendered.error().code, ErrorCode::kNotFound);
}

TEST(Template, RecursivePartialsStopWithAnError) {
    auto set = TemplateSet::Parse({{"loop", "x{{>loop}}"}});
    ASSERT_TRUE(set);  // recursion is legitimate when a section stops it; this one never stops
    auto rendered = set->Render("loop", json::object());
    ASSERT_FALSE(rendered);
    EXPECT_EQ(rendered.error().code, ErrorCode::kInternal);

    auto tree = TemplateSet::Parse({{"node", "({{name}}{{#children}}{{>node}}{{/children}})"}});
    ASSERT_TRUE(tree);
    // Leaves say "children": [] themselves; otherwise, as in Mustache, the lookup would find their parent's.
    const json data = {{"name", "a"},
                       {"children", json::array({{{"name", "b"}, {"children", json::array()}},
                                                 {{"name", "c"}, {"children", json::array()}}})}};
    EXPECT_EQ(*tree->Render("node", data), "(a(b)(c))");
}

TEST(TemplateParse, UnclosedTag) {
    const Error error = ParseFailure("<p>\n{{name</p>");
    EXPECT_EQ(error.code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(error.field, "broken");
    EXPECT_NE(error.message.find("「broken」の 2 行目"), std::string::npos) << error.message;
    EXPECT_NE(error.message.find("閉じられていません"), std::string::npos) << error.message;
}

TEST(TemplateParse, UnclosedTripleMustache) {
    const Error error = ParseFailure("{{{raw}}");
    EXPECT_NE(error.message.find("{{{"), std::string::npos) << error.message;
}

TEST(TemplateParse, UnclosedSection) {
    const Error error = ParseFailure("a\n\n{{#items}}\n<li>{{.}}</li>\n");
    EXPECT_NE(error.message.find("3 行目"), std::string::npos) << error.message;
    EXPECT_NE(error.message.find("{{#items}} が閉じられていません"), std::string::npos) << error.message;
}

TEST(TemplateParse, MismatchedClosingTag) {
    const Error error = ParseFailure("{{#a}}{{#b}}{{/a}}{{/b}}");
    EXPECT_NE(error.message.find("{{/a}} は {{#b}}"), std::string::npos) << error.message;
}

TEST(TemplateParse, ClosingTagWithoutOpening) {
    const Error error = ParseFailure("x{{/a}}");
    EXPECT_NE(error.message.find("対応する開始タグがありません"), std::string::npos) << error.message;
}

TEST(TemplateParse, UnknownPartial) {
    const Error error = ParseFailure("{{>nowhere}}", {{"somewhere", ""}});
    EXPECT_NE(error.message.find("{{>nowhere}}"), std::string::npos) << error.message;
}

TEST(TemplateParse, BadNamesAndDelimiterChanges) {
    EXPECT_NE(ParseFailure("{{}}").message.find("名前が正しくありません"), std::string::npos);
    EXPECT_NE(ParseFailure("{{a b}}").message.find("名前が正しくありません"), std::string::npos);
    EXPECT_NE(ParseFailure("{{a..b}}").message.find("名前が正しくありません"), std::string::npos);
    EXPECT_NE(ParseFailure("{{#}}{{/}}").message.find("名前が正しくありません"), std::string::npos);
    EXPECT_NE(ParseFailure("{{=<% %>=}}").message.find("区切り文字"), std::string::npos);
}

TEST(TemplateParse, FirstErrorOfSeveralTemplatesIsReported) {
    auto set = TemplateSet::Parse({{"good", "{{a}}"}, {"bad", "{{#a}}"}});
    ASSERT_FALSE(set);
    EXPECT_EQ(set.error().field, "bad");
}

}  // namespace
}  // namespace kasane::web
