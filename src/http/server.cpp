// SPDX-License-Identifier: Apache-2.0
#include <utility>  // before Asio: Boost 1.74 with g++ 12 needs it

#include "http/server.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <charconv>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <unordered_map>
#include <vector>

#include "base/crypto.hpp"
#include "base/log.hpp"
#include "http/metrics.hpp"
#include "http/request_conversion.hpp"

namespace kasane::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;

namespace {

constexpr std::string_view kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; manifest-src 'self'; worker-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'";
constexpr std::string_view kSessionCookie = "kasane_session";
// After an error response that ends a connection, unread request bytes are drained for this long (and at most
// kLingerBytes): closing a socket with unread data makes the kernel send RST, and the client may then lose the
// response it was about to read.
constexpr std::chrono::seconds kLingerTime{2};
constexpr std::size_t kLingerBytes = 1024 * 1024;
// At shutdown, how long an idle connection may still deliver a request that its client sent before we stopped.
constexpr std::chrono::milliseconds kShutdownIdleWait{300};

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return Lower(x) == Lower(y); });
}

std::string_view Trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

// "application/json; charset=utf-8" -> "application/json", lower-cased.
std::string MediaType(std::string_view content_type) {
    std::string media(Trim(content_type.substr(0, content_type.find(';'))));
    for (auto& c : media) c = Lower(c);
    return media;
}

bool IsStateChanging(std::string_view method) {
    return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

// "https://example.org:443" -> "example.org", "http://a:8080" -> "a:8080": the authority without the default
// port of its scheme, lower-cased, so that it compares with a Host header.
std::string NormalizedAuthority(std::string_view authority, std::string_view scheme) {
    std::string text(authority);
    for (auto& c : text) c = Lower(c);
    if (scheme == "http" && text.ends_with(":80")) text.resize(text.size() - 3);
    if (scheme == "https" && text.ends_with(":443")) text.resize(text.size() - 4);
    return text;
}

// A browser sends Origin on every cross-site (and most same-site) state-changing request. If it names another
// site, the request was forged, whatever cookies came with it. Without an Origin (curl, older clients) the
// CSRF token is the defence.
bool OriginMatchesHost(const Request& request) {
    const std::string_view origin = Trim(request.HeaderValue("Origin"));
    if (origin.empty()) return true;
    const std::size_t separator = origin.find("://");
    if (separator == std::string_view::npos) return false;  // "null" and anything unparsable
    std::string scheme(origin.substr(0, separator));
    for (auto& c : scheme) c = Lower(c);
    const std::string_view authority = origin.substr(separator + 3);
    const std::string_view host = Trim(request.HeaderValue("Host"));
    if (host.empty() || authority.empty()) return false;
    return NormalizedAuthority(authority, scheme) == NormalizedAuthority(host, scheme);
}

std::string HtmlEscape(std::string_view text) {
    std::string escaped;
    for (const char c : text) {
        switch (c) {
            case '&': escaped += "&amp;"; break;
            case '<': escaped += "&lt;"; break;
            case '>': escaped += "&gt;"; break;
            case '"': escaped += "&quot;"; break;
            case '\'': escaped += "&#39;"; break;
            default: escaped.push_back(c);
        }
    }
    return escaped;
}

bool SafeHeaderText(std::string_view text) {
    return std::ranges::none_of(text, [](char c) { return c == '\r' || c == '\n' || c == '\0'; });
}

// Each io thread runs its own io_context, and a connection lives on one of them for its whole life: all of its
// handlers (reads, writes, the stream's timeout timer, the shutdown posts below) run on that one thread, so it
// needs no strand and no lock. See docs/performance.md for the measurements behind this choice and its cost: a
// handler that blocks delays the other connections of its thread (not those of other threads).
using Executor = asio::io_context::executor_type;
template <typename T = void>
using Task = asio::awaitable<T, Executor>;
constexpr asio::use_awaitable_t<Executor> kUseTask;
using Stream = beast::basic_stream<tcp, Executor, beast::unlimited_rate_policy>;
using Socket = asio::basic_stream_socket<tcp, Executor>;
using Acceptor = asio::basic_socket_acceptor<tcp, Executor>;
using Timer =
    asio::basic_waitable_timer<std::chrono::steady_clock, asio::wait_traits<std::chrono::steady_clock>, Executor>;
using Signals = asio::basic_signal_set<Executor>;

// kIdle: waiting for a request's first byte; kReading: reading the rest of it; kBusy: handling it and writing the
// response.
enum class Phase { kIdle, kReading, kBusy };

// What the server knows of one connection. Touched only on its io thread, except `executor` and `context`,
// which are set before the connection is shared.
struct Connection {
    explicit Connection(Executor connection_executor) : executor(std::move(connection_executor)) {}
    Executor executor;
    std::size_t context = 0;   // index of the io_context (and thread) serving it
    Stream* stream = nullptr;  // lives in the connection's coroutine frame
    Phase phase = Phase::kBusy;
    std::uint64_t key = 0;  // unique for the server's life; the ConnectionLimiter's key
    bool limited = false;   // counted by the per-address limiter (false for trusted proxies)
    bool evicted = false;   // the limiter named it for closing: it ends when next idle
};

// The result of handling one request, with what the access log, the metrics and the response writer need.
struct Outcome {
    Response response;
    std::string_view route = "unmatched";  // a route pattern (owned by the Router) or a literal
    std::string method;
    std::string request_id;
    std::string remote_address;
    std::optional<UserId> user_id;
    bool authenticated = false;
};

void LogCoroutineFailure(std::exception_ptr failure) {
    if (!failure) return;
    try {
        std::rethrow_exception(failure);
    } catch (const std::exception& exception) {
        Log(LogLevel::kError, "connection task failed", {{"error", exception.what()}});
    } catch (...) {
        Log(LogLevel::kError, "connection task failed", {{"error", "unknown exception"}});
    }
}

bool IsStandardHeader(std::string_view name) {
    return EqualsIgnoreCase(name, "X-Request-Id") || EqualsIgnoreCase(name, "Content-Security-Policy") ||
           EqualsIgnoreCase(name, "X-Content-Type-Options") || EqualsIgnoreCase(name, "Referrer-Policy") ||
           EqualsIgnoreCase(name, "X-Frame-Options");
}

void AppendHeader(std::string& wire, std::string_view name, std::string_view value) {
    wire.append(name);
    wire.append(": ");
    wire.append(value);
    wire.append("\r\n");
}

// The whole response as bytes on the wire, in `wire` (cleared first; its capacity is reused from one response of
// a connection to the next). Written directly rather than through Beast's message and serializer, which cost an
// allocation per header field and a copy of every header; the framing rules are Beast's prepare_payload and
// keep_alive rules:
// - Content-Length is always sent, except for 1xx, 204 and 304, which never have a body (a handler's body for
//   those is dropped, where Beast would have thrown);
// - HTTP/1.1: "Connection: close" when the connection ends; HTTP/1.0: "Connection: keep-alive" when it stays.
// The security headers are added here, replacing any of the same name that the handler set, as
// Response::SetHeader would: X-Request-Id, Content-Security-Policy, X-Content-Type-Options, Referrer-Policy,
// X-Frame-Options, and Cache-Control: no-store for authenticated responses and errors (personal data must not
// linger in shared or browser caches; errors must not be cached as if final).
// A response with a file (Response::file, OpenResponseFile) has its head serialized here and its body, file_bytes
// long, sent by the caller from the file.
void SerializeResponse(std::string& wire, const Response& response, std::string_view request_id, bool authenticated,
                       unsigned version, bool keep_alive, std::optional<std::uint64_t> file_bytes = std::nullopt) {
    const int status = response.status >= 100 && response.status <= 999 ? response.status : 500;
    const bool no_store = authenticated || status >= 400;
    wire.clear();
    wire.append(version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ");
    char digits[4] = {static_cast<char>('0' + status / 100), static_cast<char>('0' + status / 10 % 10),
                      static_cast<char>('0' + status % 10), ' '};
    wire.append(digits, sizeof digits);
    const beast::string_view reason = bhttp::obsolete_reason(bhttp::int_to_status(static_cast<unsigned>(status)));
    wire.append(reason.data(), reason.size());
    wire.append("\r\n");
    for (const auto& header : response.headers) {
        // Framing is the server's business; and a header with CR or LF would split the response.
        if (EqualsIgnoreCase(header.name, "Content-Length") || EqualsIgnoreCase(header.name, "Transfer-Encoding") ||
            EqualsIgnoreCase(header.name, "Connection") || IsStandardHeader(header.name) ||
            (no_store && EqualsIgnoreCase(header.name, "Cache-Control"))) {
            continue;
        }
        if (header.name.empty() || !SafeHeaderText(header.name) || !SafeHeaderText(header.value)) {
            Log(LogLevel::kError, "dropped an unsafe response header", {{"name", header.name}});
            continue;
        }
        AppendHeader(wire, header.name, header.value);
    }
    AppendHeader(wire, "X-Request-Id", request_id);
    AppendHeader(wire, "Content-Security-Policy", kContentSecurityPolicy);
    AppendHeader(wire, "X-Content-Type-Options", "nosniff");
    // same-origin, not no-referrer: with no-referrer Chromium sends "Origin: null" on our own form posts, which the
    // Origin check must refuse; same-origin still sends nothing to other sites.
    AppendHeader(wire, "Referrer-Policy", "same-origin");
    AppendHeader(wire, "X-Frame-Options", "DENY");
    if (no_store) AppendHeader(wire, "Cache-Control", "no-store");
    if (version >= 11 && !keep_alive) AppendHeader(wire, "Connection", "close");
    if (version < 11 && keep_alive) AppendHeader(wire, "Connection", "keep-alive");
    const bool bodiless = status < 200 || status == 204 || status == 304;
    if (!bodiless) {
        char length[24];
        const std::uint64_t body_bytes = file_bytes ? *file_bytes : response.body.size();
        const auto [end, error] = std::to_chars(length, length + sizeof length, body_bytes);
        (void)error;
        AppendHeader(wire, "Content-Length", std::string_view(length, static_cast<std::size_t>(end - length)));
    }
    wire.append("\r\n");
    if (!bodiless && !file_bytes) wire.append(response.body);
}

// A handler that answers with a file on disk (a background export, domain/export_job.hpp) names it in
// Response::file instead of filling the body: the server sends Content-Length from the file's size and then the
// file in 64 KiB chunks, so that a file of any size is never held in memory. A file that cannot be read becomes a
// 404.
std::optional<std::uint64_t> OpenResponseFile(Response& response, std::ifstream& file) {
    if (!response.file) return std::nullopt;
    const std::filesystem::path path = std::move(*response.file);
    response.file.reset();
    std::error_code error;
    const std::uintmax_t size = std::filesystem::file_size(path, error);
    if (!error) file.open(path, std::ios::binary);
    if (error || !file) {
        Log(LogLevel::kError, "response file not readable", {{"path", path.string()}});
        response = Response::ErrorJson(Error::NotFound("ファイルが見つかりません"));
        return std::nullopt;
    }
    return size;
}

}  // namespace

class Server::Impl {
public:
    Impl(ServerOptions options, const Router& router, AuthHooks hooks, PageErrorRenderer page_errors, Metrics* metrics)
        : options_(std::move(options)),
          router_(router),
          hooks_(std::move(hooks)),
          page_errors_(std::move(page_errors)),
          metrics_(metrics),
          connection_counts_(static_cast<std::size_t>(std::max(1, options_.threads))),
          limiter_(options_.per_address),
          contexts_(MakeContexts(std::max(1, options_.threads))),
          acceptor_(Control()),
          grace_timer_(Control()) {
        (void)InitializeCrypto();  // request ids come from libsodium's generator
    }

    ~Impl() { destroying_.store(true); }

    Result<unsigned short> Listen() {
        error_code ec;
        for (const std::string& proxy : options_.trusted_proxies) {
            const auto parsed = asio::ip::make_address(proxy, ec);
            if (ec) {
                return Fail(Error::InvalidArgument("信頼するプロキシのアドレスが正しくありません: " + proxy,
                                                   "trusted-proxies"));
            }
            trusted_proxies_.push_back(Unmapped(parsed));
        }
        const auto address = asio::ip::make_address(options_.address, ec);
        if (ec) return Fail(Error::Unavailable("待ち受けアドレスが正しくありません: " + options_.address));
        const tcp::endpoint endpoint(address, options_.port);
        acceptor_.open(endpoint.protocol(), ec);
        if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
        if (!ec) acceptor_.bind(endpoint, ec);
        if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
        if (ec) {
            error_code ignored;
            acceptor_.close(ignored);
            return Fail(Error::Unavailable(options_.address + ":" + std::to_string(options_.port) +
                                           " で待ち受けできません: " + ec.message()));
        }
        const auto bound = acceptor_.local_endpoint(ec);
        if (ec) return Fail(Error::Unavailable("待ち受けポートを取得できません: " + ec.message()));
        return bound.port();
    }

    void Run() {
        if (!acceptor_.is_open()) {
            Log(LogLevel::kError, "Server::Run called without a successful Listen");
            return;
        }
        // Every io_context but the control one may have nothing to do until the acceptor hands it a connection;
        // the guards keep their run() from returning meanwhile. BeginShutdown releases them.
        for (auto& context : contexts_) work_guards_.emplace_back(context->get_executor());
        asio::co_spawn(Control(), AcceptLoop(), LogCoroutineFailure);
        signals_.emplace(Control(), SIGINT, SIGTERM);
        signals_->async_wait([this](const error_code& ec, int signal_number) {
            if (ec) return;
            Log(LogLevel::kInfo, "shutting down on signal", {{"signal", signal_number}});
            BeginShutdown();
        });
        if (stop_requested_.load()) asio::post(Control(), [this] { BeginShutdown(); });

        std::vector<std::thread> threads;
        for (std::size_t i = 1; i < contexts_.size(); ++i) {
            threads.emplace_back([this, i] { RunIo(*contexts_[i]); });
        }
        RunIo(*contexts_[0]);
        for (auto& thread : threads) thread.join();
        signals_.reset();
        Log(LogLevel::kInfo, "server stopped");
        FlushLogs();  // the access log of the last requests is written before Run returns
    }

    void Stop() {
        stop_requested_.store(true);
        asio::post(Control(), [this] { BeginShutdown(); });
    }

private:
    static std::vector<std::unique_ptr<asio::io_context>> MakeContexts(int count) {
        std::vector<std::unique_ptr<asio::io_context>> contexts;
        // Concurrency hint 1: each io_context is run by exactly one thread.
        for (int i = 0; i < count; ++i) contexts.push_back(std::make_unique<asio::io_context>(1));
        return contexts;
    }

    // An IPv4 peer reaches a dual-stack (::) listener as ::ffff:a.b.c.d: compare and count it as a.b.c.d.
    static asio::ip::address Unmapped(const asio::ip::address& address) {
        if (address.is_v6() && address.to_v6().is_v4_mapped()) {
            return asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6());
        }
        return address;
    }

    bool IsTrustedProxy(const asio::ip::address& peer) const {
        return std::find(trusted_proxies_.begin(), trusted_proxies_.end(), peer) != trusted_proxies_.end();
    }

    // The acceptor, the signal set, the grace timer and BeginShutdown live on the first io_context (whose thread
    // also serves connections).
    Executor Control() const { return contexts_.front()->get_executor(); }

    static void RunIo(asio::io_context& context) {
        // A handler that throws is caught in Handle(); anything reaching here is a bug in the server itself.
        // Keep the thread serving rather than take the process down mid-response for other clients.
        for (;;) {
            try {
                context.run();
                return;
            } catch (const std::exception& exception) {
                Log(LogLevel::kError, "io thread caught an exception", {{"error", exception.what()}});
            }
        }
    }

    // On the control context.
    void BeginShutdown() {
        if (stopping_.exchange(true)) return;
        Log(LogLevel::kInfo, "shutting down: no longer accepting connections");
        error_code ignored;
        // Connections whose handshake the kernel has already completed (the listen backlog) are open from the
        // client's point of view, and it may have sent a request on them: closing the listening socket would reset
        // them without an answer. Take them in and serve what they sent; only then stop listening.
        acceptor_.non_blocking(true, ignored);
        for (std::size_t drained = 0; !ignored && drained < 4096; ++drained) {
            const std::size_t context = PickContext();
            Socket socket = acceptor_.accept(contexts_[context]->get_executor(), ignored);
            if (!ignored) StartConnection(std::move(socket), context);
        }
        acceptor_.close(ignored);
        if (signals_) signals_->cancel(ignored);
        std::vector<std::shared_ptr<Connection>> snapshot;
        {
            const std::lock_guard lock(connections_mutex_);
            for (const auto& [key, connection] : connections_) snapshot.push_back(connection);
        }
        for (const auto& connection : snapshot) {
            // Idle keep-alive connections close now; busy ones close after writing their response (Serve checks
            // stopping_ after each request).
            // An idle connection closes after kShutdownIdleWait unless a request arrives meanwhile: one the client
            // sent before we stopped may still be on its way (loopback delivery itself can lag under load).
            asio::post(connection->executor, [connection] {
                if (connection->phase != Phase::kIdle || !connection->stream) return;
                auto timer = std::make_shared<Timer>(connection->executor, kShutdownIdleWait);
                timer->async_wait([connection, timer](const error_code&) {
                    if (connection->phase != Phase::kIdle || !connection->stream) return;
                    error_code ec;
                    if (connection->stream->socket().available(ec) > 0 && !ec) return;  // being read: served
                    connection->stream->close();
                });
            });
        }
        // From now on each io_context returns from run() once its connections are gone.
        for (auto& guard : work_guards_) guard.reset();
        if (snapshot.empty()) return;
        grace_timer_.expires_after(options_.shutdown_grace);
        grace_timer_.async_wait([this](const error_code& ec) {
            if (ec) return;
            std::vector<std::shared_ptr<Connection>> remaining;
            {
                const std::lock_guard lock(connections_mutex_);
                for (const auto& [key, connection] : connections_) remaining.push_back(connection);
            }
            Log(LogLevel::kWarning, "shutdown grace period over; closing busy connections",
                {{"connections", remaining.size()}});
            for (const auto& connection : remaining) {
                asio::post(connection->executor, [connection] {
                    if (connection->stream) connection->stream->close();
                });
            }
        });
    }

    void Register(const std::shared_ptr<Connection>& connection) {
        const std::lock_guard lock(connections_mutex_);
        connections_.emplace(connection->key, connection);
    }

    // Closes connections the limiter evicted, each on its own thread.
    void Evict(const std::vector<ConnectionLimiter::ConnectionKey>& keys) {
        if (keys.empty()) return;
        std::vector<std::shared_ptr<Connection>> evicted;
        {
            const std::lock_guard lock(connections_mutex_);
            for (const auto key : keys) {
                if (const auto it = connections_.find(key); it != connections_.end()) evicted.push_back(it->second);
            }
        }
        for (auto& connection : evicted) {
            // A connection still reading its request is closed too: the limiter counted it idle when it chose it,
            // and one that trickles its request would otherwise stay uncounted. One whose request is being handled
            // ends after its response (with Connection: close).
            asio::post(connection->executor, [connection] {
                connection->evicted = true;
                if (connection->phase != Phase::kBusy && connection->stream) connection->stream->close();
            });
        }
    }

    // A refusal is logged at most once a second: an attack must not flood the log.
    void LogRefusal(const std::string& address) {
        const auto now = std::chrono::steady_clock::now().time_since_epoch().count();
        auto last = last_refusal_log_.load(std::memory_order_relaxed);
        if (now - last < std::chrono::steady_clock::duration(std::chrono::seconds(1)).count()) return;
        if (!last_refusal_log_.compare_exchange_strong(last, now)) return;
        Log(LogLevel::kWarning, "connection refused: too many connections from one address",
            {{"remote_address", address}, {"max_connections_per_address", options_.per_address.max_per_address}});
    }

    void Unregister(const std::shared_ptr<Connection>& connection) {
        active_connections_.fetch_sub(1);
        connection_counts_[connection->context].fetch_sub(1, std::memory_order_relaxed);
        if (metrics_) metrics_->ConnectionClosed();
        bool last = false;
        {
            const std::lock_guard lock(connections_mutex_);
            connections_.erase(connection->key);
            last = connections_.empty();
        }
        // The last connection gone during shutdown: nothing is left for the grace timer to guard, and it
        // would otherwise keep Run() waiting for the whole grace period.
        if (last && stopping_.load() && !destroying_.load()) {
            asio::post(Control(), [this] { grace_timer_.cancel(); });
        }
    }

    struct ConnectionGuard {
        Impl* impl;
        std::shared_ptr<Connection> connection;
        ~ConnectionGuard() {
            connection->stream = nullptr;
            if (connection->limited) impl->limiter_.Close(connection->key);
            impl->Unregister(connection);
        }
    };

    // The io_context with the fewest open connections, so that long-lived connections spread evenly.
    std::size_t PickContext() const {
        std::size_t best = 0;
        for (std::size_t i = 1; i < connection_counts_.size(); ++i) {
            if (connection_counts_[i].load(std::memory_order_relaxed) <
                connection_counts_[best].load(std::memory_order_relaxed)) {
                best = i;
            }
        }
        return best;
    }

    Task<> AcceptLoop() {
        for (;;) {
            const std::size_t context = PickContext();
            error_code ec;
            Socket socket =
                co_await acceptor_.async_accept(contexts_[context]->get_executor(), asio::redirect_error(kUseTask, ec));
            if (ec) {
                if (ec == asio::error::operation_aborted || !acceptor_.is_open()) co_return;
                // Typically EMFILE: back off briefly instead of spinning.
                Log(LogLevel::kWarning, "accept failed", {{"error", ec.message()}});
                Timer pause(Control(), std::chrono::milliseconds(100));
                co_await pause.async_wait(asio::redirect_error(kUseTask, ec));
                continue;
            }
            StartConnection(std::move(socket), context);
        }
    }

    // On the control context.
    void StartConnection(Socket socket, std::size_t context) {
        error_code ec;
        const auto endpoint = socket.remote_endpoint(ec);
        if (ec) return;  // the peer is already gone
        const asio::ip::address peer = Unmapped(endpoint.address());
        std::string peer_address = peer.to_string();
        const bool trusted = IsTrustedProxy(peer);
        const std::uint64_t key = next_connection_key_++;
        bool limited = false;
        if (!trusted) {
            // Refused cheaply: closed before any byte is read or written. The client may retry once one of its
            // own connections has ended; other addresses are not affected.
            const ConnectionLimiter::Admission admission = limiter_.Open(key, peer_address);
            Evict(admission.evict);
            if (!admission.accepted) {
                LogRefusal(peer_address);
                socket.close(ec);
                return;
            }
            limited = true;
        }
        socket.set_option(tcp::no_delay(true), ec);
        auto connection = std::make_shared<Connection>(socket.get_executor());
        connection->context = context;
        connection->key = key;
        connection->limited = limited;
        connection_counts_[context].fetch_add(1, std::memory_order_relaxed);
        const int active = active_connections_.fetch_add(1) + 1;
        if (metrics_) metrics_->ConnectionOpened();
        Register(connection);
        auto executor = connection->executor;
        if (active > options_.max_connections) {
            asio::co_spawn(executor, RejectBusy(std::move(socket), connection), LogCoroutineFailure);
        } else {
            asio::co_spawn(executor, Serve(std::move(socket), connection, std::move(peer_address), trusted),
                           LogCoroutineFailure);
        }
    }

    Task<> RejectBusy(Socket socket, std::shared_ptr<Connection> connection) {
        const ConnectionGuard guard{this, connection};
        Stream stream(std::move(socket));
        connection->stream = &stream;
        Response response =
            Response::ErrorJson(Error::Unavailable("ただいま混み合っています。しばらくしてからもう一度お試しください"));
        response.SetHeader("Retry-After", "1");
        const std::string request_id = NewRequestId();
        co_await WriteFinalResponse(stream, response, request_id, 11);
        Log(LogLevel::kWarning, "connection refused: too many connections",
            {{"request_id", request_id}, {"max_connections", options_.max_connections}});
    }

    Task<> Serve(Socket socket, std::shared_ptr<Connection> connection, std::string peer_address, bool trusted_peer) {
        const ConnectionGuard guard{this, connection};
        Stream stream(std::move(socket));
        connection->stream = &stream;
        beast::flat_buffer buffer;
        std::string wire;  // the response being written; its capacity is kept for the next one
        error_code ec;
        for (;;) {
            if (buffer.size() == 0) {
                // Between requests: wait up to idle_timeout for the first byte of the next one. A connection that
                // starts once shutdown has begun (see BeginShutdown) waits only kShutdownIdleWait for its request.
                if (connection->evicted) break;
                connection->phase = Phase::kIdle;
                if (connection->limited) Evict(limiter_.MarkIdle(connection->key));
                stream.expires_after(stopping_.load() ? std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                                            kShutdownIdleWait)
                                                      : std::chrono::steady_clock::duration(options_.idle_timeout));
                const std::size_t received =
                    co_await stream.async_read_some(buffer.prepare(8192), asio::redirect_error(kUseTask, ec));
                connection->phase = Phase::kReading;
                if (connection->limited) limiter_.MarkBusy(connection->key);
                buffer.commit(received);
                if (ec) break;
            }
            connection->phase = Phase::kReading;

            // The whole request, header and body, must arrive within read_timeout of its first byte: the
            // deadline is not extended by each trickled byte, so a slowloris client is cut off.
            stream.expires_after(options_.read_timeout);
            bhttp::request_parser<bhttp::string_body> parser;
            parser.header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(options_.header_limit, UINT32_MAX)));
            parser.body_limit(static_cast<std::uint64_t>(options_.body_limit));
            co_await bhttp::async_read(stream, buffer, parser, asio::redirect_error(kUseTask, ec));
            connection->phase = Phase::kBusy;
            const auto started = std::chrono::steady_clock::now();
            if (ec) {
                if (ec.category() != bhttp::make_error_code(bhttp::error::bad_target).category() ||
                    ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message) {
                    break;  // the peer went away, or a timeout: nobody to answer
                }
                co_await AnswerProtocolError(stream, ec, peer_address, started);
                break;
            }

            const unsigned version = parser.get().version();
            bool keep_alive = parser.get().keep_alive();
            Outcome outcome = Handle(parser.release(), peer_address, trusted_peer);
            keep_alive = keep_alive && !stopping_.load() && !connection->evicted;
            std::ifstream file;
            const std::optional<std::uint64_t> file_bytes = OpenResponseFile(outcome.response, file);
            SerializeResponse(wire, outcome.response, outcome.request_id, outcome.authenticated, version, keep_alive,
                              file_bytes);
            const int status =
                outcome.response.status >= 100 && outcome.response.status <= 999 ? outcome.response.status : 500;
            stream.expires_after(std::max(options_.read_timeout, std::chrono::seconds(30)));
            co_await asio::async_write(stream, asio::buffer(wire), asio::redirect_error(kUseTask, ec));
            if (!ec && file_bytes && status >= 200 && status != 204 && status != 304) {
                // The file in chunks, each write given the timeout afresh; a file that shrank ends the connection.
                std::vector<char> chunk(64 * 1024);
                std::uint64_t left = *file_bytes;
                while (!ec && left > 0) {
                    file.read(chunk.data(), static_cast<std::streamsize>(std::min<std::uint64_t>(left, chunk.size())));
                    const auto got = static_cast<std::size_t>(file.gcount());
                    if (got == 0) {
                        keep_alive = false;
                        break;
                    }
                    stream.expires_after(std::max(options_.read_timeout, std::chrono::seconds(30)));
                    co_await asio::async_write(stream, asio::buffer(chunk.data(), got),
                                               asio::redirect_error(kUseTask, ec));
                    left -= got;
                }
            }
            RecordRequest(outcome, status, started);
            if (ec || !keep_alive) break;
            if (wire.capacity() > 256 * 1024) std::string().swap(wire);  // a large page is not kept per connection
        }
        if (stream.socket().is_open()) {
            error_code ignored;
            stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
            stream.close();
        }
    }

    // 400 for a malformed request, 431 for oversized headers, 413 for an oversized body; then the connection
    // closes, since the rest of the byte stream can no longer be framed.
    Task<> AnswerProtocolError(Stream& stream, const error_code& ec, const std::string& peer_address,
                               std::chrono::steady_clock::time_point started) {
        Response response;
        if (ec == bhttp::error::header_limit) {
            response = Response::ErrorJson(Error::PayloadTooLarge("リクエストヘッダーが大きすぎます"));
            response.status = 431;
        } else if (ec == bhttp::error::body_limit) {
            response = Response::ErrorJson(Error::PayloadTooLarge("リクエストの本文が大きすぎます"));
        } else {
            response = Response::ErrorJson(Error::InvalidArgument("リクエストの形式が正しくありません"));
        }
        Outcome outcome;
        outcome.route = "invalid";
        outcome.method = "-";
        outcome.request_id = NewRequestId();
        outcome.remote_address = peer_address;
        const int status = response.status;
        Log(LogLevel::kInfo, "malformed request", {{"request_id", outcome.request_id}, {"error", ec.message()}});
        co_await WriteFinalResponse(stream, response, outcome.request_id, 11);
        RecordRequest(outcome, status, started);
    }

    // Writes a response that ends the connection, then drains and closes it gracefully.
    Task<> WriteFinalResponse(Stream& stream, const Response& response, std::string_view request_id, unsigned version) {
        std::string wire;
        SerializeResponse(wire, response, request_id, /*authenticated=*/false, version, /*keep_alive=*/false);
        error_code ec;
        stream.expires_after(std::chrono::seconds(5));
        co_await asio::async_write(stream, asio::buffer(wire), asio::redirect_error(kUseTask, ec));
        if (ec) co_return;
        stream.socket().shutdown(tcp::socket::shutdown_send, ec);
        stream.expires_after(kLingerTime);
        std::array<char, 4096> scratch;
        std::size_t drained = 0;
        while (!ec && drained < kLingerBytes) {
            drained += co_await stream.async_read_some(asio::buffer(scratch), asio::redirect_error(kUseTask, ec));
        }
        stream.close();
    }

    Response RenderError(const Request& request, Surface surface, const Error& error) const {
        if (error.code == ErrorCode::kInternal) {
            // The message is generic by contract; never let a handler's detail reach the client.
            if (surface == Surface::kApi) return Response::ErrorJson(Error::Internal());
        }
        if (surface == Surface::kApi) return Response::ErrorJson(error);
        if (page_errors_) {
            try {
                return page_errors_(request, error);
            } catch (const std::exception& exception) {
                Log(LogLevel::kError, "page error renderer threw",
                    {{"request_id", request.request_id}, {"error", exception.what()}});
            } catch (...) {
                Log(LogLevel::kError, "page error renderer threw", {{"request_id", request.request_id}});
            }
        }
        return Response::Html(HttpStatusFor(error.code),
                              "<!doctype html><html lang=\"ja\"><head><meta charset=\"utf-8\"><title>エラー</title>"
                              "</head><body><p>" +
                                  HtmlEscape(error.message) + "</p></body></html>");
    }

    // Bearer token first (API clients), then the session cookie (browsers).
    Result<domain::Principal> Authenticate(Request& request, const Route& route, bool& by_session,
                                           std::unique_ptr<domain::ReadAheadScope>& read_ahead) const {
        by_session = false;
        const std::string_view authorization = Trim(request.HeaderValue("Authorization"));
        if (authorization.size() > 7 && EqualsIgnoreCase(authorization.substr(0, 7), "Bearer ")) {
            const std::string_view token = Trim(authorization.substr(7));
            if (token.empty() || !hooks_.authenticate_token) return Fail(Error::Unauthenticated());
            return hooks_.authenticate_token(token);
        }
        const auto cookie = request.Cookie(kSessionCookie);
        if (!cookie || cookie->empty() || !hooks_.authenticate_session) return Fail(Error::Unauthenticated());
        auto principal = hooks_.authenticate_session(
            *cookie, route.follow_up ? route.follow_up(request) : domain::SessionFollowUp{}, read_ahead);
        if (principal) {
            request.session_token = *cookie;
            by_session = true;
        }
        return principal;
    }

    static bool CsrfTokenValid(const Request& request) {
        const std::string& expected = request.principal->csrf_token;
        if (expected.empty()) return false;
        std::string provided(Trim(request.HeaderValue("X-CSRF-Token")));
        if (provided.empty() && MediaType(request.HeaderValue("Content-Type")) == "application/x-www-form-urlencoded") {
            const auto fields = request.FormFields();
            const auto it = fields.find("_csrf");
            if (it != fields.end()) provided = it->second;
        }
        return !provided.empty() && ConstantTimeEquals(provided, expected);
    }

    Response Dispatch(Request& request, Surface& surface, Outcome& outcome) const {
        auto match = router_.Find(request.method, request.path);
        if (!match.route) {
            if (!match.allowed_methods.empty()) {
                std::string allow;
                for (const auto& method : match.allowed_methods) allow += (allow.empty() ? "" : ", ") + method;
                Response response =
                    RenderError(request, surface, Error{ErrorCode::kMethodNotAllowed, "このメソッドは使えません", {}});
                response.SetHeader("Allow", allow);
                return response;
            }
            return RenderError(request, surface, Error::NotFound());
        }
        const Route& route = *match.route;
        outcome.route = route.pattern;
        surface = route.surface;
        request.path_params = std::move(match.params);

        const bool state_changing = IsStateChanging(request.method);
        if (state_changing && !OriginMatchesHost(request)) {
            return RenderError(request, surface, Error::PermissionDenied("別のサイトからのリクエストは受け付けません"));
        }
        if (hooks_.before_sign_in) {
            if (auto answered = hooks_.before_sign_in(request, route)) return std::move(*answered);
        }
        // Lives until the handler has answered: it serves the read the route named (Route::follow_up).
        std::unique_ptr<domain::ReadAheadScope> read_ahead;
        if (route.access == Access::kSignedIn) {
            bool by_session = false;
            auto principal = Authenticate(request, route, by_session, read_ahead);
            if (!principal) {
                if (surface == Surface::kPage && principal.error().Is(ErrorCode::kUnauthenticated)) {
                    return Response::Redirect("/signin?next=" + PercentEncode(request.target));
                }
                return RenderError(request, surface, principal.error());
            }
            request.principal = std::move(*principal);
            outcome.user_id = request.principal->user.id;
            // A bearer token is not sent by the browser on its own, so only cookie sessions need the token.
            if (state_changing && by_session && !CsrfTokenValid(request)) {
                return RenderError(request, surface, Error::CsrfRejected());
            }
        }
        if (surface == Surface::kApi && state_changing && !request.body.empty() &&
            MediaType(request.HeaderValue("Content-Type")) != "application/json") {
            return RenderError(request, surface,
                               Error{ErrorCode::kUnsupportedMediaType,
                                     "本文は Content-Type: application/json で送ってください", "Content-Type"});
        }
        return route.handler(request);
    }

    Outcome Handle(bhttp::request<bhttp::string_body>&& message, const std::string& peer_address,
                   bool trusted_peer) const {
        Outcome outcome;
        outcome.method = std::string(message.method_string());
        const ConnectionFacts facts{.peer_address = peer_address, .tls = false, .trust_proxy = trusted_peer};
        auto converted = ConvertRequest(std::move(message), facts);
        if (!converted) {
            outcome.request_id = NewRequestId();
            outcome.remote_address = peer_address;
            outcome.response = Response::ErrorJson(converted.error());
            return outcome;
        }
        Request& request = *converted;
        Surface surface = request.IsApi() ? Surface::kApi : Surface::kPage;
        try {
            outcome.response = Dispatch(request, surface, outcome);
        } catch (const std::exception& exception) {
            Log(LogLevel::kError, "handler threw",
                {{"request_id", request.request_id}, {"route", outcome.route}, {"error", exception.what()}});
            outcome.response = RenderError(request, surface, Error::Internal());
        } catch (...) {
            Log(LogLevel::kError, "handler threw",
                {{"request_id", request.request_id}, {"route", outcome.route}, {"error", "unknown exception"}});
            outcome.response = RenderError(request, surface, Error::Internal());
        }
        outcome.authenticated = request.principal.has_value();
        outcome.request_id = std::move(request.request_id);
        outcome.remote_address = std::move(request.remote_address);
        return outcome;
    }

    void RecordRequest(const Outcome& outcome, int status, std::chrono::steady_clock::time_point started) const {
        const auto duration = std::chrono::steady_clock::now() - started;
        if (LogEnabled(LogLevel::kInfo)) {
            const double duration_ms = std::chrono::duration<double, std::milli>(duration).count();
            if (outcome.user_id) {
                LogFields(LogLevel::kInfo, "request",
                          {{"request_id", outcome.request_id},
                           {"method", outcome.method},
                           {"route", outcome.route},
                           {"status", status},
                           {"duration_ms", duration_ms},
                           {"remote_address", outcome.remote_address},
                           {"user_id", static_cast<std::int64_t>(*outcome.user_id)}});
            } else {
                LogFields(LogLevel::kInfo, "request",
                          {{"request_id", outcome.request_id},
                           {"method", outcome.method},
                           {"route", outcome.route},
                           {"status", status},
                           {"duration_ms", duration_ms},
                           {"remote_address", outcome.remote_address}});
            }
        }
        if (metrics_) metrics_->RecordRequest(outcome.route, outcome.method, status, duration);
    }

    // Declared before the io_contexts: coroutine frames destroyed with them still reach these through
    // ConnectionGuard.
    ServerOptions options_;
    const Router& router_;
    AuthHooks hooks_;
    PageErrorRenderer page_errors_;
    Metrics* metrics_;
    std::mutex connections_mutex_;
    std::unordered_map<std::uint64_t, std::shared_ptr<Connection>> connections_;
    std::atomic<int> active_connections_{0};
    std::atomic<bool> stopping_{false};
    std::atomic<bool> stop_requested_{false};
    std::atomic<bool> destroying_{false};

    std::vector<std::atomic<int>> connection_counts_;  // open connections per io_context
    ConnectionLimiter limiter_;

    std::vector<std::unique_ptr<asio::io_context>> contexts_;
    std::vector<asio::executor_work_guard<Executor>> work_guards_;
    Acceptor acceptor_;
    std::optional<Signals> signals_;
    Timer grace_timer_;
    std::vector<asio::ip::address> trusted_proxies_;  // set by Listen, read-only afterwards
    std::uint64_t next_connection_key_ = 1;           // on the control context only
    std::atomic<std::chrono::steady_clock::rep> last_refusal_log_{0};
};

Server::Server(ServerOptions options, const Router& router, AuthHooks hooks, PageErrorRenderer page_errors,
               Metrics* metrics)
    : impl_(std::make_unique<Impl>(std::move(options), router, std::move(hooks), std::move(page_errors), metrics)) {}

Server::~Server() = default;

Result<unsigned short> Server::Listen() { return impl_->Listen(); }
void Server::Run() { impl_->Run(); }
void Server::Stop() { impl_->Stop(); }

}  // namespace kasane::http
