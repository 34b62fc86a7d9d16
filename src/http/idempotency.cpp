// SPDX-License-Identifier: Apache-2.0
#include "http/idempotency.hpp"

#include <chrono>
#include <string>
#include <thread>

#include "base/log.hpp"

namespace kasane::http {

namespace {

// How long a repeat waits for the first submit of its key to answer, and how often it looks.
constexpr auto kWaitForFirst = std::chrono::seconds(5);
constexpr auto kPollInterval = std::chrono::milliseconds(100);

std::string_view TrimSpaces(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

bool IsForm(const Request& request) {
    const std::string_view type = request.HeaderValue("Content-Type");
    return type.substr(0, type.find(';')) == "application/x-www-form-urlencoded";
}

Response Replay(const domain::SubmitAnswer& answer) {
    Response response;
    response.status = answer.status;
    response.body = answer.body;
    if (!answer.content_type.empty()) response.SetHeader("Content-Type", answer.content_type);
    if (!answer.location.empty()) response.SetHeader("Location", answer.location);
    response.SetHeader("Idempotent-Replayed", "true");
    return response;
}

class IdempotentHandler {
public:
    IdempotentHandler(Handler inner, Surface surface, domain::DraftService& drafts, SubmitErrorRenderer page_errors)
        : inner_(std::move(inner)), surface_(surface), drafts_(drafts), page_errors_(std::move(page_errors)) {}

    Response operator()(Request& request) const {
        if (!request.principal) return inner_(request);
        std::string key(TrimSpaces(request.HeaderValue("Idempotency-Key")));
        bool from_form = false;
        if (key.empty() && surface_ == Surface::kPage && IsForm(request)) {
            const auto fields = request.FormFields();
            if (const auto it = fields.find("_submit_key"); it != fields.end()) {
                key = it->second;
                from_form = true;
            }
        }
        if (key.empty()) return inner_(request);

        const domain::Principal& principal = *request.principal;
        const std::string scope = request.method + " " + request.path;
        const auto deadline = std::chrono::steady_clock::now() + kWaitForFirst;
        while (true) {
            auto claim = drafts_.Claim(principal, scope, key);
            if (!claim) return Error(request, claim.error());
            switch (claim->kind) {
                case domain::SubmitClaim::Kind::kReplay: return Replay(claim->answer);
                case domain::SubmitClaim::Kind::kFirst: return RunFirst(request, scope, key, from_form);
                case domain::SubmitClaim::Kind::kInFlight: break;
            }
            if (std::chrono::steady_clock::now() >= deadline) {
                return Error(request, Error::Conflict(claim->abandoned ? "前回の送信が完了したか確認できませんでした。"
                                                                         "記録が登録されているか一覧で確かめてください"
                                                                       : "同じ内容を処理しています。しばらくしてから"
                                                                         "画面を確かめてください",
                                                      "Idempotency-Key"));
            }
            std::this_thread::sleep_for(kPollInterval);
        }
    }

private:
    Response RunFirst(Request& request, const std::string& scope, const std::string& key, bool from_form) const {
        const domain::Principal principal = *request.principal;  // a copy: the handler may change the request
        Response response;
        try {
            response = inner_(request);
        } catch (...) {
            (void)drafts_.Release(principal, scope, key);
            throw;
        }
        if (response.status >= 400) {
            // Nothing was created (a field error, a conflict): a corrected submit with the same key runs again.
            if (auto released = drafts_.Release(principal, scope, key); !released) {
                Log(LogLevel::kError, "releasing a submit key failed",
                    {{"request_id", request.request_id}, {"error", released.error().message}});
            }
            return response;
        }
        const domain::SubmitAnswer answer{.status = response.status,
                                          .location = std::string(response.HeaderValue("Location")),
                                          .content_type = std::string(response.HeaderValue("Content-Type")),
                                          .body = response.body};
        if (auto completed = drafts_.Complete(principal, scope, key, answer); !completed) {
            Log(LogLevel::kError, "recording a submit's answer failed",
                {{"request_id", request.request_id}, {"error", completed.error().message}});
        }
        if (from_form) {
            if (auto discarded = drafts_.Discard(principal, request.path); !discarded) {
                Log(LogLevel::kWarning, "discarding a submitted form's draft failed",
                    {{"request_id", request.request_id}, {"error", discarded.error().message}});
            }
        }
        return response;
    }

    Response Error(const Request& request, const kasane::Error& error) const {
        if (surface_ == Surface::kPage && page_errors_) return page_errors_(request, error);
        return Response::ErrorJson(error);
    }

    Handler inner_;
    Surface surface_;
    domain::DraftService& drafts_;
    SubmitErrorRenderer page_errors_;
};

}  // namespace

void MakeSubmitsIdempotent(Router& router, domain::DraftService& drafts, SubmitErrorRenderer page_errors) {
    router.WrapHandlers([&drafts, page_errors](const Route& route) -> Handler {
        if (route.method != "POST" || route.access != Access::kSignedIn) return route.handler;
        return IdempotentHandler(route.handler, route.surface, drafts, page_errors);
    });
}

}  // namespace kasane::http
