// SPDX-License-Identifier: Apache-2.0
#include "http/server.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <thread>

#include "http/metrics.hpp"
#include "http/system_routes.hpp"

namespace kasane::http {
namespace {

using namespace std::chrono_literals;

// A blocking client over a real TCP socket: one request at a time, responses framed by Content-Length.
class Client {
public:
    explicit Client(unsigned short port, std::chrono::milliseconds receive_timeout = 5000ms) {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        timeval tv{};
        tv.tv_sec = receive_timeout.count() / 1000;
        tv.tv_usec = (receive_timeout.count() % 1000) * 1000;
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
            throw std::runtime_error("connect failed");
        }
    }
    ~Client() { ::close(fd_); }
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    bool Send(std::string_view bytes) {
        while (!bytes.empty()) {
            const ssize_t sent = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
            if (sent <= 0) return false;
            bytes.remove_prefix(static_cast<std::size_t>(sent));
        }
        return true;
    }

    struct Reply {
        int status = 0;
        std::string head;  // status line and headers, lower-cased names not applied
        std::string body;
        std::string Header(std::string_view name) const {
            std::string lower_head = Lower(head);
            const std::string key = "\r\n" + Lower(std::string(name)) + ":";
            const std::size_t at = lower_head.find(key);
            if (at == std::string::npos) return {};
            const std::size_t start = at + key.size();
            const std::size_t end = head.find("\r\n", start);
            std::string value = head.substr(start, end - start);
            while (!value.empty() && value.front() == ' ') value.erase(0, 1);
            return value;
        }
        nlohmann::json Json() const { return nlohmann::json::parse(body); }
        static std::string Lower(std::string text) {
            for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            return text;
        }
    };

    // Reads one response; status 0 when the connection closed or timed out first.
    Reply Receive() {
        Reply reply;
        std::size_t head_end;
        while ((head_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
            if (!Fill()) return reply;
        }
        reply.head = buffer_.substr(0, head_end + 2);
        buffer_.erase(0, head_end + 4);
        reply.status = std::stoi(reply.head.substr(9, 3));
        const std::string length = reply.Header("Content-Length");
        const std::size_t size = length.empty() ? 0 : std::stoul(length);
        while (buffer_.size() < size) {
            if (!Fill()) return Reply{};
        }
        reply.body = buffer_.substr(0, size);
        buffer_.erase(0, size);
        return reply;
    }

    Reply Exchange(std::string_view request) {
        if (!Send(request)) return {};
        return Receive();
    }

    // True when the server closed the connection (EOF or reset) within the receive timeout.
    bool ClosedByPeer() {
        char byte;
        const ssize_t received = ::recv(fd_, &byte, 1, 0);
        return received == 0 || (received < 0 && errno == ECONNRESET);
    }

private:
    bool Fill() {
        char chunk[4096];
        const ssize_t received = ::recv(fd_, chunk, sizeof chunk, 0);
        if (received <= 0) return false;
        buffer_.append(chunk, static_cast<std::size_t>(received));
        return true;
    }

    int fd_ = -1;
    std::string buffer_;
};

std::string Get(std::string_view target, std::string_view extra_headers = "") {
    return "GET " + std::string(target) + " HTTP/1.1\r\nHost: localhost\r\n" + std::string(extra_headers) + "\r\n";
}

std::string Post(std::string_view target, std::string_view headers, std::string_view body) {
    return "POST " + std::string(target) + " HTTP/1.1\r\nHost: localhost\r\n" + std::string(headers) +
           "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + std::string(body);
}

domain::Principal MakePrincipal(domain::AuthMethod method) {
    domain::Principal principal;
    principal.user.id = UserId{7};
    principal.user.municipality_id = MunicipalityId{1};
    principal.user.username = "demo-caseworker";
    principal.method = method;
    principal.csrf_token = method == domain::AuthMethod::kSession ? "csrf-123" : "";
    return principal;
}

class ServerTest : public ::testing::Test {
protected:
    void SetUp() override { SetUpServer(ShortTimeouts()); }

    void SetUpServer(ServerOptions options) {
        router_.Add({.method = "GET",
                     .pattern = "/api/v1/echo/{word}",
                     .access = Access::kPublic,
                     .handler = [](Request& request) {
                         return Response::Json(
                             200, {{"word", request.PathParam("word")}, {"q", request.QueryParam("q").value_or("")}});
                     }});
        router_.Add(
            {.method = "GET", .pattern = "/api/v1/me", .access = Access::kSignedIn, .handler = [](Request& request) {
                 return Response::Json(200, {{"user_id", request.principal->user.id}});
             }});
        router_.Add({.method = "POST",
                     .pattern = "/api/v1/things",
                     .access = Access::kSignedIn,
                     .handler = [](Request& request) {
                         return Response::Json(201, {{"body", request.body}});
                     }});
        router_.Add(
            {.method = "DELETE", .pattern = "/api/v1/things", .access = Access::kSignedIn, .handler = [](Request&) {
                 return Response::Text(204, "", "text/plain");
             }});
        router_.Add({.method = "POST",
                     .pattern = "/cases/new",
                     .access = Access::kSignedIn,
                     .surface = Surface::kPage,
                     .handler = [](Request&) { return Response::Redirect("/cases/1"); }});
        router_.Add({.method = "GET",
                     .pattern = "/cases",
                     .access = Access::kSignedIn,
                     .surface = Surface::kPage,
                     .handler = [](Request&) { return Response::Html(200, "<p>一覧</p>"); }});
        // A file from disk (Response::file): sent by the server in chunks with its size as Content-Length.
        router_.Add({.method = "GET",
                     .pattern = "/api/v1/files/{name}",
                     .access = Access::kPublic,
                     .handler = [](Request& request) {
                         Response response{.status = 200, .headers = {}, .body = {}};
                         response.file = std::filesystem::temp_directory_path() / request.PathParam("name");
                         response.SetHeader("Content-Type", "application/octet-stream");
                         return response;
                     }});
        router_.Add({.method = "GET",
                     .pattern = "/api/v1/boom",
                     .access = Access::kPublic,
                     .handler = [](Request&) -> Response { throw std::runtime_error("secret detail"); }});
        router_.Add(
            {.method = "GET", .pattern = "/api/v1/slow", .access = Access::kPublic, .handler = [this](Request&) {
                 slow_started_.store(true);
                 std::this_thread::sleep_for(1500ms);
                 return Response::Json(200, {{"slow", true}});
             }});
        AddSystemRoutes(router_, {.backend = "sqlite",
                                  .ping = [] { return Status{}; },
                                  .schema_version = []() -> Result<int> { return 3; },
                                  .pool = {},
                                  .version = "test",
                                  .metrics = &metrics_});

        AuthHooks hooks{
            .authenticate_session = [](std::string_view token, const domain::SessionFollowUp&,
                                       std::unique_ptr<domain::ReadAheadScope>&) -> Result<domain::Principal> {
                if (token != "good-session") return Fail(Error::Unauthenticated());
                return MakePrincipal(domain::AuthMethod::kSession);
            },
            .authenticate_token = [](std::string_view token) -> Result<domain::Principal> {
                if (token != "good-token") return Fail(Error::Unauthenticated());
                return MakePrincipal(domain::AuthMethod::kApiToken);
            },
        };
        PageErrorRenderer pages = [](const Request&, const Error& error) {
            return Response::Html(HttpStatusFor(error.code), "<p>page error</p>");
        };
        server_ = std::make_unique<Server>(options, router_, hooks, pages, &metrics_);
        auto port = server_->Listen();
        ASSERT_TRUE(port.has_value()) << port.error().message;
        port_ = *port;
        runner_ = std::thread([this] {
            server_->Run();
            run_returned_.store(true);
        });
    }

    void TearDown() override { StopServer(); }

    void StopServer() {
        if (!server_) return;
        server_->Stop();
        if (runner_.joinable()) runner_.join();
        server_.reset();
    }

    static ServerOptions ShortTimeouts() {
        ServerOptions options;
        options.port = 0;
        options.read_timeout = 2s;
        options.idle_timeout = 3s;
        options.shutdown_grace = 5s;
        options.header_limit = 2048;
        options.body_limit = 1024;
        return options;
    }

    Router router_;
    Metrics metrics_;
    std::unique_ptr<Server> server_;
    unsigned short port_ = 0;
    std::thread runner_;
    std::atomic<bool> run_returned_{false};
    std::atomic<bool> slow_started_{false};
};

class DefaultServer : public ServerTest {
protected:
    void SetUp() override { SetUpServer(ShortTimeouts()); }
};

TEST_F(DefaultServer, KeepAliveServesSeveralRequestsOnOneConnection) {
    Client client(port_);
    for (int i = 0; i < 3; ++i) {
        const auto reply = client.Exchange(Get("/api/v1/echo/%E4%BD%90%E8%97%A4?q=a+b"));
        ASSERT_EQ(reply.status, 200) << i;
        EXPECT_EQ(reply.Json()["word"], "佐藤");
        EXPECT_EQ(reply.Json()["q"], "a b");
    }
}

TEST_F(DefaultServer, SecurityHeadersAndRequestId) {
    Client client(port_);
    auto reply = client.Exchange(Get("/api/v1/echo/x", "X-Request-Id: abc.DEF-123_x\r\n"));
    ASSERT_EQ(reply.status, 200);
    EXPECT_EQ(reply.Header("X-Request-Id"), "abc.DEF-123_x");
    EXPECT_EQ(reply.Header("Content-Security-Policy"),
              "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
              "connect-src 'self'; manifest-src 'self'; worker-src 'self'; form-action 'self'; frame-ancestors 'none'; "
              "base-uri 'none'");
    EXPECT_EQ(reply.Header("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(reply.Header("Referrer-Policy"), "same-origin");
    EXPECT_EQ(reply.Header("X-Frame-Options"), "DENY");
    EXPECT_EQ(reply.Header("Cache-Control"), "");  // public, successful

    reply = client.Exchange(Get("/api/v1/echo/x", "X-Request-Id: bad id with spaces\r\n"));
    ASSERT_EQ(reply.status, 200);
    const std::string generated = reply.Header("X-Request-Id");
    EXPECT_FALSE(generated.empty());
    EXPECT_EQ(generated.find(' '), std::string::npos);

    reply = client.Exchange(Get("/api/v1/me", "Authorization: Bearer good-token\r\n"));
    ASSERT_EQ(reply.status, 200);
    EXPECT_EQ(reply.Json()["user_id"], 7);
    EXPECT_EQ(reply.Header("Cache-Control"), "no-store");
}

TEST_F(DefaultServer, AResponseFileIsStreamedInChunksWithItsLengthAndAMissingOneIs404) {
    const std::string name = "kasane-server-test-" + std::to_string(port_) + ".bin";
    const std::filesystem::path path = std::filesystem::temp_directory_path() / name;
    std::string bytes;
    for (int i = 0; i < 200 * 1024 + 17; ++i) bytes += static_cast<char>('a' + i % 23);  // three chunks and a bit
    { std::ofstream(path, std::ios::binary) << bytes; }
    Client client(port_);
    const auto reply = client.Exchange(Get("/api/v1/files/" + name));
    std::filesystem::remove(path);
    ASSERT_EQ(reply.status, 200);
    EXPECT_EQ(reply.Header("Content-Length"), std::to_string(bytes.size()));
    EXPECT_EQ(reply.Header("Content-Type"), "application/octet-stream");
    EXPECT_EQ(reply.body, bytes);
    // The connection goes on after the file.
    EXPECT_EQ(client.Exchange(Get("/api/v1/echo/x")).status, 200);
    const auto missing = client.Exchange(Get("/api/v1/files/" + name));
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(missing.Json()["error"]["code"], "not_found");
}

TEST_F(DefaultServer, MalformedRequestLineIs400) {
    Client client(port_);
    const auto reply = client.Exchange("GARBAGE\r\n\r\n");
    ASSERT_EQ(reply.status, 400);
    EXPECT_EQ(reply.Json()["error"]["code"], "invalid_argument");
    EXPECT_EQ(reply.Header("Cache-Control"), "no-store");
    EXPECT_TRUE(client.ClosedByPeer());
}

TEST_F(DefaultServer, BadlyEncodedPathIs400) {
    Client client(port_);
    EXPECT_EQ(client.Exchange(Get("/api/v1/echo/%FF")).status, 400);
}

TEST_F(DefaultServer, OversizedHeaderIs431) {
    Client client(port_);
    const auto reply = client.Exchange(Get("/api/v1/echo/x", "X-Big: " + std::string(4000, 'a') + "\r\n"));
    ASSERT_EQ(reply.status, 431);
    EXPECT_EQ(reply.Json()["error"]["code"], "payload_too_large");
}

TEST_F(DefaultServer, OversizedBodyIs413) {
    Client client(port_);
    const auto reply = client.Exchange(Post("/api/v1/things",
                                            "Authorization: Bearer good-token\r\n"
                                            "Content-Type: application/json\r\n",
                                            std::string(5000, 'x')));
    ASSERT_EQ(reply.status, 413);
    EXPECT_EQ(reply.Json()["error"]["code"], "payload_too_large");
}

TEST_F(DefaultServer, UnknownRouteIs404JsonAndWrongMethodIs405WithAllow) {
    Client client(port_);
    auto reply = client.Exchange(Get("/api/v1/nothing"));
    ASSERT_EQ(reply.status, 404);
    EXPECT_EQ(reply.Json()["error"]["code"], "not_found");
    reply = client.Exchange(Get("/api/v1/things"));
    ASSERT_EQ(reply.status, 405);
    EXPECT_EQ(reply.Header("Allow"), "DELETE, POST");
    EXPECT_EQ(reply.Json()["error"]["code"], "method_not_allowed");
}

TEST_F(DefaultServer, MissingAuthIs401OnApiAndRedirectOnPages) {
    Client client(port_);
    auto reply = client.Exchange(Get("/api/v1/me"));
    ASSERT_EQ(reply.status, 401);
    EXPECT_EQ(reply.Json()["error"]["code"], "unauthenticated");
    reply = client.Exchange(Get("/api/v1/me", "Cookie: kasane_session=wrong\r\n"));
    EXPECT_EQ(reply.status, 401);
    reply = client.Exchange(Get("/api/v1/me", "Authorization: Bearer wrong\r\n"));
    EXPECT_EQ(reply.status, 401);

    reply = client.Exchange(Get("/cases?page=2"));
    ASSERT_EQ(reply.status, 303);
    EXPECT_EQ(reply.Header("Location"), "/signin?next=%2Fcases%3Fpage%3D2");

    reply = client.Exchange(Get("/cases", "Cookie: kasane_session=good-session\r\n"));
    EXPECT_EQ(reply.status, 200);
    EXPECT_EQ(reply.Header("Cache-Control"), "no-store");
}

TEST_F(DefaultServer, CsrfIsRequiredForSessionsOnly) {
    Client client(port_);
    const std::string json = "Content-Type: application/json\r\n";
    auto reply = client.Exchange(Post("/api/v1/things", "Cookie: kasane_session=good-session\r\n" + json, "{}"));
    ASSERT_EQ(reply.status, 403);
    EXPECT_EQ(reply.Json()["error"]["code"], "csrf_rejected");

    reply = client.Exchange(
        Post("/api/v1/things", "Cookie: kasane_session=good-session\r\nX-CSRF-Token: wrong\r\n" + json, "{}"));
    ASSERT_EQ(reply.status, 403);
    EXPECT_EQ(reply.Json()["error"]["code"], "csrf_rejected");

    reply = client.Exchange(
        Post("/api/v1/things", "Cookie: kasane_session=good-session\r\nX-CSRF-Token: csrf-123\r\n" + json, "{}"));
    EXPECT_EQ(reply.status, 201);

    // DELETE without a body, with the token.
    reply = client.Exchange(
        "DELETE /api/v1/things HTTP/1.1\r\nHost: localhost\r\nCookie: kasane_session=good-session"
        "\r\nX-CSRF-Token: csrf-123\r\n\r\n");
    EXPECT_EQ(reply.status, 204);

    // A bearer token needs no CSRF token.
    reply = client.Exchange(Post("/api/v1/things", "Authorization: Bearer good-token\r\n" + json, "{}"));
    EXPECT_EQ(reply.status, 201);

    // Form field _csrf on a page.
    const std::string form =
        "Cookie: kasane_session=good-session\r\nContent-Type: application/x-www-form-urlencoded\r\n";
    reply = client.Exchange(Post("/cases/new", form, "name=x&_csrf=csrf-123"));
    EXPECT_EQ(reply.status, 303);
    reply = client.Exchange(Post("/cases/new", form, "name=x&_csrf=nope"));
    EXPECT_EQ(reply.status, 403);
    EXPECT_EQ(reply.body, "<p>page error</p>");
}

TEST_F(DefaultServer, CrossOriginStateChangeIs403AndApiNeedsJson) {
    Client client(port_);
    auto reply = client.Exchange(Post("/api/v1/things",
                                      "Authorization: Bearer good-token\r\nOrigin: https://evil.example\r\n"
                                      "Content-Type: application/json\r\n",
                                      "{}"));
    ASSERT_EQ(reply.status, 403);
    EXPECT_EQ(reply.Json()["error"]["code"], "permission_denied");
    reply = client.Exchange(Post("/api/v1/things",
                                 "Authorization: Bearer good-token\r\nOrigin: http://localhost\r\n"
                                 "Content-Type: application/json\r\n",
                                 "{}"));
    EXPECT_EQ(reply.status, 201);
    reply = client.Exchange(
        Post("/api/v1/things", "Authorization: Bearer good-token\r\nContent-Type: text/plain\r\n", "{}"));
    ASSERT_EQ(reply.status, 415);
    EXPECT_EQ(reply.Json()["error"]["code"], "unsupported_media_type");
}

TEST_F(DefaultServer, HandlerExceptionIs500AndServerLivesOn) {
    Client client(port_);
    auto reply = client.Exchange(Get("/api/v1/boom"));
    ASSERT_EQ(reply.status, 500);
    EXPECT_EQ(reply.Json()["error"]["code"], "internal");
    EXPECT_EQ(reply.body.find("secret detail"), std::string::npos);
    reply = client.Exchange(Get("/api/v1/echo/alive"));
    EXPECT_EQ(reply.status, 200);
    Client other(port_);
    EXPECT_EQ(other.Exchange(Get("/api/v1/echo/alive")).status, 200);
}

TEST_F(DefaultServer, SlowlorisIsDroppedWhileOthersAreServed) {
    std::atomic<bool> dropped{false};
    std::atomic<bool> finished{false};
    const auto started = std::chrono::steady_clock::now();
    std::thread slow([&] {
        Client client(port_, 10000ms);
        const std::string request = Get("/api/v1/echo/slow", "X-Padding: " + std::string(100, 'p') + "\r\n");
        for (const char c : request) {
            if (!client.Send(std::string_view(&c, 1))) {
                dropped.store(true);
                break;
            }
            std::this_thread::sleep_for(1000ms);
            if (std::chrono::steady_clock::now() - started > 8s) break;
        }
        if (!dropped.load()) dropped.store(client.ClosedByPeer());
        finished.store(true);
    });
    std::this_thread::sleep_for(300ms);
    const auto before = std::chrono::steady_clock::now();
    Client other(port_);
    EXPECT_EQ(other.Exchange(Get("/api/v1/echo/fast")).status, 200);
    EXPECT_LT(std::chrono::steady_clock::now() - before, 500ms);
    slow.join();
    EXPECT_TRUE(dropped.load());
    // read_timeout is 2 s: dropped well before the 8 s the client would keep trickling.
    EXPECT_LT(std::chrono::steady_clock::now() - started, 7s);
}

TEST_F(DefaultServer, IdleKeepAliveConnectionIsClosedAfterIdleTimeout) {
    Client client(port_, 6000ms);
    ASSERT_EQ(client.Exchange(Get("/api/v1/echo/x")).status, 200);
    const auto before = std::chrono::steady_clock::now();
    EXPECT_TRUE(client.ClosedByPeer());
    EXPECT_LT(std::chrono::steady_clock::now() - before, 5s);
}

TEST_F(DefaultServer, HealthzMetricsAndOpenApi) {
    Client client(port_);
    auto reply = client.Exchange(Get("/healthz"));
    ASSERT_EQ(reply.status, 200);
    EXPECT_EQ(reply.Json()["status"], "ok");
    EXPECT_EQ(reply.Json()["schema_version"], 3);
    EXPECT_EQ(reply.Json()["database"], "sqlite");
    reply = client.Exchange(Get("/metrics"));
    ASSERT_EQ(reply.status, 200);
    EXPECT_NE(reply.body.find("kasane_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"} 1"),
              std::string::npos)
        << reply.body;
    EXPECT_NE(reply.body.find("kasane_http_connections_active 1"), std::string::npos);
    reply = client.Exchange(Get("/api/v1/openapi.json"));
    ASSERT_EQ(reply.status, 200);
    EXPECT_EQ(reply.Json()["openapi"], "3.1.0");
    EXPECT_TRUE(reply.Json()["paths"].contains("/api/v1/me"));
}

class CappedServer : public ServerTest {
protected:
    void SetUp() override {
        auto options = ShortTimeouts();
        options.max_connections = 2;
        SetUpServer(options);
    }
};

TEST_F(CappedServer, ConnectionsOverTheCapGet503) {
    Client first(port_);
    Client second(port_);
    ASSERT_EQ(first.Exchange(Get("/api/v1/echo/1")).status, 200);
    ASSERT_EQ(second.Exchange(Get("/api/v1/echo/2")).status, 200);
    Client third(port_);
    const auto reply = third.Exchange(Get("/api/v1/echo/3"));
    ASSERT_EQ(reply.status, 503);
    EXPECT_EQ(reply.Json()["error"]["code"], "unavailable");
    EXPECT_TRUE(third.ClosedByPeer());
    // The first two still work.
    EXPECT_EQ(first.Exchange(Get("/api/v1/echo/1")).status, 200);
}

TEST_F(DefaultServer, StopLetsARunningRequestFinishThenRunReturns) {
    Client idle(port_);
    ASSERT_EQ(idle.Exchange(Get("/api/v1/echo/x")).status, 200);
    Client::Reply slow_reply;
    std::thread slow([&] {
        Client client(port_);
        slow_reply = client.Exchange(Get("/api/v1/slow"));
    });
    while (!slow_started_.load()) std::this_thread::sleep_for(10ms);
    const auto before = std::chrono::steady_clock::now();
    server_->Stop();
    EXPECT_TRUE(idle.ClosedByPeer());  // idle keep-alive connections close at once
    slow.join();
    EXPECT_EQ(slow_reply.status, 200);
    EXPECT_EQ(slow_reply.Json()["slow"], true);
    EXPECT_EQ(slow_reply.Header("Connection"), "close");
    runner_.join();
    EXPECT_TRUE(run_returned_.load());
    EXPECT_LT(std::chrono::steady_clock::now() - before, 4s);  // not the 5 s grace period
    // No longer accepting.
    EXPECT_THROW(Client{port_}, std::runtime_error);
}

TEST_F(DefaultServer, SigtermStopsTheServer) {
    Client client(port_);
    ASSERT_EQ(client.Exchange(Get("/api/v1/echo/x")).status, 200);  // Run has installed its signal handler
    std::raise(SIGTERM);
    runner_.join();
    EXPECT_TRUE(run_returned_.load());
}

}  // namespace
}  // namespace kasane::http
