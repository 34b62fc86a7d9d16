// SPDX-License-Identifier: Apache-2.0
// Printed papers (issue 13, item 9): the case record, 経過, meeting papers, the つなぐシート and the 相談受付簿 print
// on A4 with 取扱注意 and the municipality at the top of every sheet, the signed-in user and the time of printing at
// the bottom, and "page x / y" — from the page's own print CSS (@page margin boxes, Chromium 131+), so that the
// browser's print command gives the same paper as a PDF made with the browser's own header and footer off.
//
// The margin boxes' fixed styles and the page numbers are in assets/kasane.css. Their words depend on the user
// and the time, and the Content-Security-Policy allows no inline style (style-src 'self'), so they come from
// GET /print/paper.css, written for the signed-in user with the page clock. A page that prints as a paper asks
// for it by setting "print_paper": true in its data (MarkPrintPaper); the layout then links the stylesheet.
// The time is that of loading the page (when the stylesheet is fetched), to the minute, in 和暦.

#include <string>
#include <string_view>

#include "web/page_context.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"

namespace kasane::web {
namespace {

// `text` as a CSS string literal: quotes, backslashes, control characters and "<" (so that the text can never
// close a <style> element, should the sheet ever be inlined) as hexadecimal escapes; other UTF-8 as it is.
std::string CssString(std::string_view text) {
    std::string quoted = "\"";
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\' || c == '<' || byte < 0x20 || byte == 0x7F) {
            static constexpr char kHex[] = "0123456789abcdef";
            quoted += '\\';
            if (byte >= 0x10) quoted += kHex[byte >> 4];
            quoted += kHex[byte & 0x0F];
            quoted += ' ';
        } else {
            quoted += c;
        }
    }
    quoted += '"';
    return quoted;
}

http::Response ServePaperCss(const PageContext& context, http::Request& request) {
    const domain::Principal& principal = *request.principal;
    auto municipality = context.directory->MunicipalityOf(principal);
    if (!municipality) return http::Response::ErrorJson(municipality.error());
    std::string printed_by = principal.user.display_name;
    if (auto organization = context.directory->GetOrganization(principal, principal.user.organization_id)) {
        printed_by += "（" + organization->name + "）";
    }
    const std::string printed_at = InstantJson(context.clock->Now())["wareki"].get<std::string>();
    std::string css = "@charset \"utf-8\";\n";
    css += "/* The words of the printed paper's margins for this user, now (src/web/print_pages.cpp). */\n";
    css += "@page {\n";
    css += "  @top-left { content: " + CssString("取扱注意") + "; }\n";
    css += "  @top-right { content: " + CssString(municipality->prefecture_name + " " + municipality->name) + "; }\n";
    css += "  @bottom-left { content: " + CssString("出力 " + printed_by + "　" + printed_at) + "; }\n";
    css += "}\n";
    http::Response response = http::Response::Text(200, std::move(css), "text/css; charset=utf-8");
    response.SetHeader("Cache-Control", "no-store");
    return response;
}

}  // namespace

void MarkPrintPaper(nlohmann::json& data) { data["print_paper"] = true; }

void AddPrintPages(http::Router& router, const PageContext& context) {
    router.Add({.method = "GET",
                .pattern = "/print/paper.css",
                .access = http::Access::kSignedIn,
                .surface = http::Surface::kPage,
                .handler = [context](http::Request& request) { return ServePaperCss(context, request); }});
}

}  // namespace kasane::web
