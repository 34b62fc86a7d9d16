// SPDX-License-Identifier: Apache-2.0
#include "cli/commands.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "app/scale_generation.hpp"
#include "app/serve.hpp"
#include "app/services.hpp"
#include "base/crypto.hpp"
#include "base/japan_time.hpp"
#include "base/japanese_date.hpp"
#include "base/json.hpp"
#include "base/log.hpp"
#include "base/version.hpp"
#include "cli/exit_codes.hpp"
#include "cli/options.hpp"
#include "demo/demo_living_town.hpp"
#include "demo/demo_scale.hpp"
#include "demo/demo_town.hpp"
#include "domain/audit_anchor.hpp"
#include "domain/report_explain.hpp"
#include "domain/sharing_service.hpp"
#include "domain/town_setup.hpp"
#include "storage/bulk_copy.hpp"
#include "storage/bulk_load_port.hpp"
#include "storage/report_aggregates_port.hpp"
#include "storage/restore.hpp"

namespace kasane::cli {

namespace {

constexpr std::string_view kVersion = kKasaneVersion;

const FlagSpec kDbFlag{"db", "database: sqlite:PATH or postgresql://...", "sqlite:var/kasane.db"};
const FlagSpec kLogLevelFlag{"log-level", "debug, info, warning or error", "info"};

struct Command {
    std::string name;
    std::string summary;
    std::vector<FlagSpec> flags;
    std::function<Status(const Options&)> run;
};

int Report(const Error& error) {
    std::cerr << "kasane: " << error.message;
    if (!error.field.empty()) std::cerr << " (" << error.field << ")";
    std::cerr << "\n";
    return ExitCodeFor(error.code);
}

Result<int> ParseInt(std::string_view text, std::string_view flag, int minimum, int maximum) {
    int value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size() || value < minimum || value > maximum) {
        return Fail(Error::InvalidArgument("--" + std::string(flag) + " は " + std::to_string(minimum) + "〜" +
                                               std::to_string(maximum) + " の整数で指定してください",
                                           std::string(flag)));
    }
    return value;
}

Status ApplyLogLevel(const Options& options) {
    const std::string level = options.Get("log-level");
    if (level == "debug")
        SetLogLevel(LogLevel::kDebug);
    else if (level == "info")
        SetLogLevel(LogLevel::kInfo);
    else if (level == "warning")
        SetLogLevel(LogLevel::kWarning);
    else if (level == "error")
        SetLogLevel(LogLevel::kError);
    else
        return Fail(
            Error::InvalidArgument("--log-level は debug / info / warning / error のいずれかです", "log-level"));
    return {};
}

// --test-fixed-clock INSTANT freezes the clock of every service at one instant, so that golden-file tests
// (tests/golden) get the same pages, exports and demo town on every run. It is refused unless --test-mode is
// given too: a frozen clock never expires a session or a second-factor code, which no real server may do.
const FlagSpec kTestModeFlag{"test-mode", "allow the flags meant for tests only (never in production)", "", true};
const FlagSpec kTestFixedClockFlag{"test-fixed-clock",
                                   "tests only, with --test-mode: freeze the clock at this ISO 8601 instant", ""};

Result<std::optional<Instant>> TestFixedClock(const Options& options) {
    const std::string text = options.Get("test-fixed-clock");
    if (text.empty()) return std::optional<Instant>{};
    if (!options.Switch("test-mode")) {
        return Fail(Error::InvalidArgument("--test-fixed-clock はテスト専用です（--test-mode と一緒に指定します）",
                                           "test-fixed-clock"));
    }
    auto instant = ParseIso8601(text);
    if (!instant) {
        return Fail(Error::InvalidArgument("--test-fixed-clock は 2025-06-02T01:00:00.000Z の形で指定してください",
                                           "test-fixed-clock"));
    }
    Log(LogLevel::kWarning, "clock frozen for tests", {{"now", FormatIso8601(*instant)}});
    return std::optional<Instant>{*instant};
}

Result<std::unique_ptr<app::Services>> Open(const Options& options, app::ServicesOptions services_options = {}) {
    if (auto level = ApplyLogLevel(options); !level) return Fail(level.error());
    auto fixed_clock = TestFixedClock(options);
    if (!fixed_clock) return Fail(fixed_clock.error());
    services_options.fixed_clock = *fixed_clock;
    return app::OpenServices(options.Get("db"), services_options);
}

// --- serve ---------------------------------------------------------------------------------------------------

// --trusted-proxies A,B,... (exact IPv4 or IPv6 addresses). --trust-proxy, the older switch, keeps its documented
// setting (nginx on the same host) by trusting the loopback addresses; it no longer trusts every peer.
Result<std::vector<std::string>> TrustedProxies(const Options& options) {
    std::vector<std::string> proxies;
    const std::string list = options.Get("trusted-proxies");
    std::string_view remaining = list;
    while (!remaining.empty()) {
        const auto comma = remaining.find(',');
        std::string address(remaining.substr(0, comma));
        remaining = comma == std::string_view::npos ? std::string_view{} : remaining.substr(comma + 1);
        while (!address.empty() && address.front() == ' ') address.erase(address.begin());
        while (!address.empty() && address.back() == ' ') address.pop_back();
        if (address.empty()) continue;
        unsigned char scratch[sizeof(in6_addr)];
        if (inet_pton(AF_INET, address.c_str(), scratch) != 1 && inet_pton(AF_INET6, address.c_str(), scratch) != 1) {
            return Fail(Error::InvalidArgument(
                "--trusted-proxies には IP アドレスをカンマ区切りで指定してください: " + address, "trusted-proxies"));
        }
        proxies.push_back(std::move(address));
    }
    if (options.Switch("trust-proxy")) {
        proxies.push_back("127.0.0.1");
        proxies.push_back("::1");
    }
    return proxies;
}

Status RunServe(const Options& options) {
    app::ServicesOptions services_options;
    auto pool_size = ParseInt(options.Get("pool-size"), "pool-size", 1, 256);
    if (!pool_size) return Fail(pool_size.error());
    services_options.pool_size = *pool_size;
    services_options.read_database_url = options.Get("read-db");
    auto idle = ParseInt(options.Get("session-idle-minutes"), "session-idle-minutes", 1, 24 * 60);
    if (!idle) return Fail(idle.error());
    services_options.auth.session_idle_timeout = std::chrono::minutes(*idle);
    auto lifetime = ParseInt(options.Get("session-hours"), "session-hours", 1, 24 * 7);
    if (!lifetime) return Fail(lifetime.error());
    services_options.auth.session_absolute_lifetime = std::chrono::hours(*lifetime);
    // The key that seals second-factor secrets at rest: the whole content of a file only the server can read.
    if (const std::string key_file = options.Get("secret-key-file"); !key_file.empty()) {
        std::ifstream in(key_file, std::ios::binary);
        std::string key((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (!in.good() && !in.eof()) {
            return Fail(Error::InvalidArgument("--secret-key-file を読めません: " + key_file, "secret-key-file"));
        }
        while (!key.empty() && (key.back() == '\n' || key.back() == '\r')) key.pop_back();
        if (key.size() < 32) {
            return Fail(
                Error::InvalidArgument("--secret-key-file の鍵は32バイト以上にしてください", "secret-key-file"));
        }
        services_options.auth.secret_key = std::move(key);
    }

    app::ServeConfig config;
    const std::string listen = options.Get("listen");
    const auto colon = listen.rfind(':');
    if (colon == std::string::npos) {
        return Fail(Error::InvalidArgument("--listen は HOST:PORT の形で指定してください", "listen"));
    }
    config.listen_address = listen.substr(0, colon);
    auto port = ParseInt(std::string_view(listen).substr(colon + 1), "listen", 0, 65535);
    if (!port) return Fail(port.error());
    config.port = static_cast<unsigned short>(*port);
    auto threads = ParseInt(options.Get("threads"), "threads", 1, 256);
    if (!threads) return Fail(threads.error());
    config.threads = *threads;
    auto connections = ParseInt(options.Get("max-connections"), "max-connections", 1, 1000000);
    if (!connections) return Fail(connections.error());
    config.max_connections = *connections;
    auto body_limit = ParseInt(options.Get("body-limit-kib"), "body-limit-kib", 1, 1024 * 1024);
    if (!body_limit) return Fail(body_limit.error());
    config.body_limit = static_cast<std::size_t>(*body_limit) * 1024;
    auto per_address = ParseInt(options.Get("max-connections-per-address"), "max-connections-per-address", 1, 1000000);
    if (!per_address) return Fail(per_address.error());
    config.max_connections_per_address = *per_address;
    auto idle_per_address = ParseInt(options.Get("max-idle-per-address"), "max-idle-per-address", 0, 1000000);
    if (!idle_per_address) return Fail(idle_per_address.error());
    config.max_idle_per_address = *idle_per_address;
    auto proxies = TrustedProxies(options);
    if (!proxies) return Fail(proxies.error());
    config.trusted_proxies = std::move(*proxies);
    config.load_demo = options.Switch("load-demo");
    config.living_demo = options.Switch("living-demo");
    if (config.living_demo && !config.load_demo) {
        return Fail(Error::InvalidArgument("--living-demo は --load-demo と一緒に指定してください", "living-demo"));
    }

    auto services = Open(options, services_options);
    if (!services) return Fail(services.error());
    return app::Serve(**services, config);
}

// --- migrate, demo, version ----------------------------------------------------------------------------------

Status RunMigrate(const Options& options) {
    if (auto level = ApplyLogLevel(options); !level) return level;
    auto services = app::OpenServices(options.Get("db"), {.migration = app::Migration::kRequireCurrent});
    if (!services) return Fail(services.error());
    auto applied = (*services)->store->Migrate();
    if (!applied) return Fail(applied.error());
    std::cout << *applied << " 件のマイグレーションを適用しました（スキーマ版 "
              << (*services)->store->LatestSchemaVersion() << "）\n";
    return {};
}

// The scaled set for a PostgreSQL database: generated into a SQLite file beside the system's temporary files and
// copied into the database while it is generated (app/scale_generation.hpp). The database must hold no municipality
// yet (CopySqliteIntoPostgres).
Result<std::pair<demo::DemoScaleReport, storage::CopyReport>> GenerateThroughSqlite(
    const Options& options, const demo::DemoScaleOptions& scale_options) {
    std::string label = demo::DemoScaleLabel(scale_options);
    std::ranges::replace(label, ' ', '-');
    const std::filesystem::path file =
        std::filesystem::temp_directory_path() / ("kasane-scale-" + std::to_string(::getpid()) + "-" + label + ".db");
    auto fixed_clock = TestFixedClock(options);
    if (!fixed_clock) return Fail(fixed_clock.error());
    return app::GenerateScaleThroughSqlite(options.Get("db"), file, *fixed_clock, scale_options);
}

Status RunDemo(const Options& options) {
    std::string scale_code = options.Get("scale");
    auto scale = demo::ParseDemoScale(scale_code);
    if (!scale_code.empty() && !scale) {
        return Fail(Error::InvalidArgument("--scale は town / city / prefecture のいずれかです", "scale"));
    }
    // --persons N: a set of N persons (five contacts each) instead of a named scale, for the growth measurements.
    long long persons = 0;
    if (const std::string persons_text = options.Get("persons"); !persons_text.empty()) {
        const auto [persons_end, persons_error] =
            std::from_chars(persons_text.data(), persons_text.data() + persons_text.size(), persons);
        if (persons_error != std::errc{} || persons_end != persons_text.data() + persons_text.size() ||
            persons < demo::kDemoScaleMinPersons || persons > demo::kDemoScaleMaxPersons) {
            return Fail(Error::InvalidArgument("--persons は " + std::to_string(demo::kDemoScaleMinPersons) + " 以上 " +
                                                   std::to_string(demo::kDemoScaleMaxPersons) + " 以下の整数です",
                                               "persons"));
        }
        if (scale) return Fail(Error::InvalidArgument("--scale と --persons は一緒に指定できません", "persons"));
        if (options.Switch("living")) {
            return Fail(Error::InvalidArgument("--living と --persons は一緒に指定できません", "living"));
        }
        scale = demo::DemoScale::kPrefecture;  // not used for the size: `persons` overrides it
    }
    if (scale && options.Switch("living")) {
        return Fail(Error::InvalidArgument("--living と --scale は一緒に指定できません", "living"));
    }
    std::uint64_t seed = 0;
    const std::string seed_text = options.Get("seed");
    const auto [end, error] = std::from_chars(seed_text.data(), seed_text.data() + seed_text.size(), seed);
    if (error != std::errc{} || end != seed_text.data() + seed_text.size()) {
        return Fail(Error::InvalidArgument("--seed は 0 以上の整数で指定してください", "seed"));
    }
    demo::DemoScaleOptions scale_options{.scale = scale.value_or(demo::DemoScale::kTown), .persons = persons};
    if (scale) scale_code = demo::DemoScaleLabel(scale_options);
    auto services = Open(options);
    if (!services) return Fail(services.error());
    const auto started = std::chrono::steady_clock::now();
    auto progress = [](std::string_view line) { std::cerr << "  " << line << "\n"; };
    // A PostgreSQL database that holds no municipality yet gets the scaled set generated into a SQLite file through
    // the bulk path and copied in with COPY (storage/bulk_copy.hpp), demo town included; one that holds the demo
    // town already is loaded through the repositories as on SQLite.
    std::optional<std::pair<demo::DemoScaleReport, storage::CopyReport>> relayed;
    if (scale && !options.Switch("living") && (*services)->store->Backend() == "postgresql") {
        auto municipalities = (*services)->store->Municipalities().List();
        if (!municipalities) return Fail(municipalities.error());
        if (municipalities->empty()) {
            const demo::DemoScaleSize size = demo::SizeOf(scale_options);
            std::cerr << "規模 " << scale_code << "（本人 " << size.persons << " 人、対応記録 " << size.contacts
                      << " 件、令和3〜7年度）をシード " << seed << " で SQLite に生成し、PostgreSQL へ COPY します\n";
            scale_options.seed = seed;
            scale_options.progress = progress;
            auto generated = GenerateThroughSqlite(options, scale_options);
            if (!generated) return Fail(generated.error());
            relayed = std::move(*generated);
        }
    }
    auto town = demo::LoadDemoTown(*(*services)->store, (*services)->clock);
    if (!town) return Fail(town.error());
    std::cout << (town->created ? "デモ自治体を読み込みました: " : "デモ自治体は読み込み済みです: ")
              << town->municipality.prefecture_name << town->municipality.name << "（架空・コード "
              << town->municipality.code << "）\n";
    std::cout << "デモ用サインイン（パスワードはすべて " << demo::kDemoPassword << "）:\n";
    for (const demo::DemoAccount& account : town->accounts) {
        std::cout << "  " << account.username << "  " << account.role_label << "  " << account.organization_name
                  << "\n";
    }
    if (options.Switch("living")) {
        auto living = demo::LoadLivingTown(*(*services)->store, *town, JstDate((*services)->clock.Now()),
                                           [](std::string_view line) { std::cerr << "  " << line << "\n"; });
        if (!living) return Fail(living.error());
        std::cout << "今日までの5年分の業務データを" << (living->created ? "読み込みました" : "読み込み済みです")
                  << ": 本人 " << living->persons << " 人、世帯 " << living->households << "、相談 "
                  << living->consultations << " 件、ケース " << living->cases << " 件\n";
        return {};
    }
    if (!scale) return {};
    Result<demo::DemoScaleReport> loaded = demo::DemoScaleReport{};
    std::optional<storage::CopyReport> copied;
    if (relayed) {
        loaded = relayed->first;
        copied = relayed->second;
    } else {
        const demo::DemoScaleSize size = demo::SizeOf(scale_options);
        std::cerr << "規模 " << scale_code << "（本人 " << size.persons << " 人、対応記録 " << size.contacts
                  << " 件、令和3〜7年度）をシード " << seed << " で読み込みます\n";
        domain::Store& store = *(*services)->store;
        auto bulk = storage::BulkLoadOf(store, town->municipality.id);
        scale_options.seed = seed;
        scale_options.progress = progress;
        scale_options.bulk = bulk.get();
        loaded = demo::LoadDemoScale(store, *town, scale_options);
    }
    if (!loaded) return Fail(loaded.error());
    if (!loaded->created) {
        std::cout << "規模 " << scale_code << "・シード " << seed << " のデモデータは読み込み済みです\n";
        return {};
    }
    const double elderly_share =
        loaded->persons > 0 ? 100.0 * static_cast<double>(loaded->elderly) / static_cast<double>(loaded->persons) : 0;
    char line[512];
    std::snprintf(line, sizeof line,
                  "規模 %s を読み込みました: 本人 %lld 人（65歳以上 %.1f%%）、世帯 %lld、相談 %lld 件、"
                  "対応記録 %lld 件、つなぎ %lld 件、監査記録 %lld 件、%.1f 秒\n",
                  scale_code.c_str(), loaded->persons, elderly_share, loaded->households, loaded->consultations,
                  loaded->contacts, loaded->referrals, loaded->audit_entries, loaded->seconds);
    std::cout << line;
    if (copied) {
        std::snprintf(line, sizeof line, "PostgreSQL へ COPY しました: %lld 表、%lld 行、%.1f 秒\n", copied->tables,
                      copied->rows, copied->seconds);
        std::cout << line;
    }
    if (loaded->cases > 0) {
        std::cout << "多機関協働: ケース " << loaded->cases << " 件、承認済みプラン " << loaded->plans << " 件、会議 "
                  << loaded->meetings << " 回、支援経過 " << loaded->progress_notes << " 件\n";
    }
    char total[96];
    std::snprintf(total, sizeof total, "生成の合計: %.1f 秒\n",
                  std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    std::cout << total;
    return {};
}

Status RunVersion(const Options&) {
    std::cout << "kasane " << kVersion << "\n";
    return {};
}

Status RunBackup(const Options& options) {
    const std::string destination = options.Get("to");
    if (destination.empty()) return Fail(Error::InvalidArgument("--to にバックアップ先を指定してください", "to"));
    auto services = Open(options, {.migration = app::Migration::kRequireCurrent});
    if (!services) return Fail(services.error());
    if (auto backed_up = (*services)->store->Backup(destination); !backed_up) return backed_up;
    std::cout << "バックアップを作成しました: " << destination << "\n";
    // Recorded in every town, for the operator's view (/operator). The copy is made: a failure to record it is
    // reported, not a failed backup.
    std::optional<std::int64_t> size;
    std::error_code size_error;
    if (const auto bytes = std::filesystem::file_size(destination, size_error); !size_error) {
        size = static_cast<std::int64_t>(bytes);
    }
    if (auto recorded = (*services)->operator_console->RecordBackup(
            domain::BackupRun{.finished_at = (*services)->clock.Now(),
                              .backend = std::string((*services)->store->Backend()),
                              .size_bytes = size});
        !recorded) {
        std::cerr << "バックアップの記録（運用者の画面に表示）に失敗しました: " << recorded.error().message << "\n";
    }
    return {};
}

// --- audit ---------------------------------------------------------------------------------------------------

Result<std::string> ReadTextFile(const std::string& path, std::string_view flag) {
    std::ifstream file(path, std::ios::binary);
    if (!file) return Fail(Error::InvalidArgument("ファイルを読めません: " + path, std::string(flag)));
    std::ostringstream content;
    content << file.rdbuf();
    if (content.str().size() > 16 * 1024 * 1024) {
        return Fail(Error::PayloadTooLarge("ファイルが大きすぎます: " + path, std::string(flag)));
    }
    return content.str();
}

// Writes `text` to `path` through a temporary file and a rename, so that a reader (the copy to the second machine)
// never sees half a file. `mode` applies to a new file; O_EXCL refuses to replace an existing one when asked.
Status WriteFileAtomically(const std::string& path, std::string_view text, mode_t mode, bool replace,
                           std::string_view flag) {
    if (!replace && std::filesystem::exists(path)) {
        return Fail(Error::Conflict("既にあるファイルは上書きしません: " + path, std::string(flag)));
    }
    const std::string temporary = path + ".tmp";
    ::unlink(temporary.c_str());
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0) return Fail(Error::InvalidArgument("ファイルを作成できません: " + temporary, std::string(flag)));
    std::size_t written = 0;
    while (written < text.size()) {
        const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
        if (n <= 0) break;
        written += static_cast<std::size_t>(n);
    }
    const bool synced = written == text.size() && ::fsync(fd) == 0;
    ::close(fd);
    if (!synced || ::rename(temporary.c_str(), path.c_str()) != 0) {
        ::unlink(temporary.c_str());
        return Fail(Error::InvalidArgument("ファイルを書き込めません: " + path, std::string(flag)));
    }
    return {};
}

std::string Trimmed(std::string text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
    std::size_t start = 0;
    while (start < text.size() && std::isspace(static_cast<unsigned char>(text[start]))) ++start;
    return text.substr(start);
}

Status RunAuditAnchorKey(const Options& options) {
    const std::string out = options.Get("out");
    if (out.empty()) return Fail(Error::InvalidArgument("--out に秘密鍵ファイルの書き込み先を指定してください", "out"));
    if (auto ready = InitializeCrypto(); !ready) return ready;
    const SigningKeyPair keys = GenerateSigningKeyPair();
    // Owner-only, as ssh keys: a group- or world-readable secret key lets others sign anchors.
    if (auto written = WriteFileAtomically(out, keys.secret_key_hex + "\n", 0600, false, "out"); !written) {
        return written;
    }
    std::cout << "監査アンカー用の署名鍵を作成しました: " << out << "（所有者だけが読めます）\n"
              << "公開鍵（検証する側に控えてください。audit verify --public-key に指定します）:\n"
              << keys.public_key_hex << "\n";
    return {};
}

Result<std::string> ReadSecretKey(const std::string& path) {
    struct stat status {};
    if (::stat(path.c_str(), &status) != 0) {
        return Fail(Error::InvalidArgument("秘密鍵ファイルを読めません: " + path, "key-file"));
    }
    if ((status.st_mode & 077) != 0) {
        return Fail(Error::InvalidArgument(
            "秘密鍵ファイルが所有者以外からも読めます。chmod 600 " + path + " としてください", "key-file"));
    }
    auto text = ReadTextFile(path, "key-file");
    if (!text) return Fail(text.error());
    return Trimmed(std::move(*text));
}

Status RunAuditAnchor(const Options& options) {
    const std::string key_file = options.Get("key-file");
    const std::string out = options.Get("out");
    if (key_file.empty())
        return Fail(Error::InvalidArgument("--key-file に署名用の秘密鍵ファイルを指定してください", "key-file"));
    if (out.empty()) return Fail(Error::InvalidArgument("--out にアンカーの書き込み先を指定してください", "out"));
    if (auto ready = InitializeCrypto(); !ready) return ready;
    auto secret_key = ReadSecretKey(key_file);
    if (!secret_key) return Fail(secret_key.error());
    auto services = Open(options, {.migration = app::Migration::kRequireCurrent});
    if (!services) return Fail(services.error());
    auto anchor = domain::CreateAuditAnchor(*(*services)->store, (*services)->clock, *secret_key);
    if (!anchor) {
        if (anchor.error().field == "key") return Fail(Error::InvalidArgument(anchor.error().message, "key-file"));
        return Fail(anchor.error());
    }
    if (auto written = WriteFileAtomically(out, domain::AuditAnchorToJson(*anchor), 0644, true, "out"); !written) {
        return written;
    }
    std::cout << "監査記録の連鎖の先頭に署名しました: " << out << "（" << FormatIso8601(anchor->at) << "）\n";
    for (const domain::AnchoredHead& head : anchor->heads) {
        std::cout << "  " << head.municipality_code << ": 連番 " << head.sequence
                  << (head.hash.empty() ? "" : "  " + head.hash) << "\n";
    }
    return {};
}

// kasane report explain: the records behind a cell of the 年度集計 (report_explain.hpp), as the staff member whose
// API token is given sees them — the same access rule as the page (exact figures only) and audited as a read.
Status RunReportExplain(const Options& options) {
    auto year = ParseInt(options.Get("year"), "year", domain::kEarliestReportYear, domain::kLatestReportYear);
    if (!year) return Fail(year.error());
    auto through = ParseInt(options.Get("through"), "through", 1, 12);
    if (!through) return Fail(through.error());
    auto period = domain::PartYearPeriod(*year, *through);
    if (!period) return Fail(period.error());
    const std::string token = options.Get("api-token");
    if (token.empty()) {
        return Fail(
            Error::InvalidArgument("--api-token（集計を見る職員のAPIトークン）を指定してください", "api-token"));
    }
    auto services = Open(options, {.migration = app::Migration::kRequireCurrent});
    if (!services) return Fail(services.error());
    auto principal = (*services)->auth->AuthenticateApiToken(token);
    if (!principal) return Fail(principal.error());
    const domain::Actor actor{.principal = *principal, .remote_address = "cli", .request_id = "cli-report-explain"};
    auto explanation = (*services)->reports->Explain(actor, *period, options.Get("cell"));
    if (!explanation) return Fail(explanation.error());
    std::cout << explanation->label << " " << explanation->cell_label << "（" << explanation->definition << "）: 集計 "
              << explanation->figure << "、記録から数えた数 " << explanation->listed_figure << "、記録 "
              << explanation->records.size() << " 件、会議 " << explanation->meetings.size() << " 回、ケース "
              << explanation->cases.size() << " 件\n"
              << explanation->cell_definition << "\n";
    for (const domain::ExplainedRecord& record : explanation->records) {
        std::string categories;
        for (const std::string& category : record.categories) categories += (categories.empty() ? "" : "、") + category;
        std::cout << FormatJst(record.occurred_at) << "\t相談 " << record.consultation_id.value() << "\t対応 "
                  << record.contact_id << "\t" << record.person << "\t" << categories << "\t" << record.channel << "\t"
                  << record.source << "\n";
    }
    // 会議の開催状況's cells: the meetings, no person named.
    for (const domain::ExplainedMeeting& meeting : explanation->meetings) {
        std::cout << FormatWareki(meeting.held_on) << "\t会議 " << meeting.meeting_id.value() << "\t" << meeting.body
                  << "\t" << meeting.joint_body.value_or("") << "\t議題の人 " << meeting.person_items
                  << "\t議題のケース " << meeting.case_items << "\n";
    }
    // 多機関協働's cells: the cases (plan versions), a case the reader may not see without its title.
    for (const domain::ExplainedCase& row : explanation->cases) {
        std::cout << FormatWareki(row.on) << "\tケース " << row.case_id.value() << "\t"
                  << row.title.value_or("閲覧できないケース");
        if (row.plan_version) std::cout << "\t第" << *row.plan_version << "版";
        std::cout << "\n";
    }
    return {};
}

// kasane report verify: every maintained aggregate of the 年度集計 (report_aggregates.hpp) recounted from the records,
// each difference named; a failure (exit status non-zero) on any.
Status RunReportVerify(const Options& options) {
    auto services = Open(options, {.migration = app::Migration::kRequireCurrent});
    if (!services) return Fail(services.error());
    domain::Store& store = *(*services)->store;
    std::vector<domain::Municipality> towns;
    if (const std::string code = options.Get("municipality"); !code.empty()) {
        auto town = store.Municipalities().FindByCode(code);
        if (!town) return Fail(Error::InvalidArgument("市町村コード " + code + " が見つかりません", "municipality"));
        towns.push_back(std::move(*town));
    } else {
        auto all = store.Municipalities().List();
        if (!all) return Fail(all.error());
        towns = std::move(*all);
    }
    long long differences = 0;
    for (const domain::Municipality& town : towns) {
        auto tenant = store.Tenant(town.id);
        auto aggregates = storage::ReportAggregatesOf(*tenant);
        if (aggregates == nullptr) return Fail(Error::InvalidArgument("この保存先には集計表がありません", "db"));
        auto found = aggregates->Verify();
        if (!found) return Fail(found.error());
        const std::string name = town.name + "（" + town.code + "）";
        if (found->empty()) {
            std::cout << name << ": 年度集計の集計表は記録から数え直した値と一致しました\n";
            continue;
        }
        differences += static_cast<long long>(found->size());
        std::cout << name << ": 集計表が記録と " << found->size() << " か所で違います\n";
        for (const std::string& difference : *found) std::cout << "  " << difference << "\n";
    }
    if (differences > 0) {
        return Fail(Error::Conflict("年度集計の集計表が記録と " + std::to_string(differences) +
                                    " か所で違います（kasane report verify の出力を見てください）"));
    }
    return {};
}

Status RunAuditVerify(const Options& options) {
    const std::string anchor_file = options.Get("anchor");
    const std::string public_key = Trimmed(options.Get("public-key"));
    std::optional<domain::AuditAnchor> anchor;
    if (!anchor_file.empty()) {
        if (public_key.empty()) {
            return Fail(Error::InvalidArgument(
                "--anchor には --public-key（audit anchor-key が表示した公開鍵）も指定してください", "public-key"));
        }
        if (auto ready = InitializeCrypto(); !ready) return ready;
        auto text = ReadTextFile(anchor_file, "anchor");
        if (!text) return Fail(text.error());
        auto parsed = domain::AuditAnchorFromJson(*text);
        if (!parsed) return Fail(Error::InvalidArgument(parsed.error().message, "anchor"));
        anchor = std::move(*parsed);
    }
    auto services = Open(options, {.migration = app::Migration::kRequireCurrent});
    if (!services) return Fail(services.error());
    auto checks = domain::AuditService::Verify(*(*services)->store);
    if (!checks) return Fail(checks.error());
    bool intact = true;
    for (const domain::ChainCheck& check : *checks) {
        auto municipality = (*services)->store->Municipalities().Get(check.municipality_id);
        const std::string name = municipality ? municipality->name + "（" + municipality->code + "）"
                                              : std::to_string(check.municipality_id);
        if (check.intact) {
            std::cout << name << ": " << check.entries << " 件の監査記録を検証し、改ざんはありませんでした"
                      << (check.head_hash.empty() ? "" : "（最新の連鎖ハッシュ " + check.head_hash + "）") << "\n";
        } else {
            intact = false;
            std::cout << name << ": 改ざんを検出しました。最初に壊れている記録は連番 " << check.first_broken_sequence
                      << " です（" << check.problem << "）\n";
        }
    }
    if (anchor) {
        auto anchored = domain::CheckAuditAnchor(*(*services)->store, *anchor, public_key);
        if (!anchored) {
            std::cout << "アンカー " << anchor_file << ": " << anchored.error().message << "\n";
            return Fail(Error::Conflict("監査アンカーの署名が正しくありません"));
        }
        for (const domain::AnchorCheck& check : *anchored) {
            if (check.intact) {
                std::cout << check.municipality_code << ": アンカー（" << FormatIso8601(anchor->at) << "、連番 "
                          << check.anchored_sequence << "）以降も連鎖が続いています（現在の連番 "
                          << check.current_sequence << "）\n";
            } else {
                intact = false;
                std::cout << check.municipality_code << ": アンカー（" << FormatIso8601(anchor->at)
                          << "）と一致しません: " << check.problem << "\n";
            }
        }
    }
    if (!intact) return Fail(Error::Conflict("監査記録の連鎖が壊れています"));
    return {};
}

Status RunRestore(const Options& options) {
    const std::string source = options.Get("from");
    if (source.empty()) return Fail(Error::InvalidArgument("--from に復元するバックアップを指定してください", "from"));
    if (auto level = ApplyLogLevel(options); !level) return level;
    if (auto restored = storage::RestoreDatabase(
            options.Get("db"), source,
            options.Switch("overwrite") ? storage::Existing::kOverwrite : storage::Existing::kRefuse);
        !restored) {
        return restored;
    }
    // What came back must be a database this binary can run, with an intact audit trail.
    auto services = app::OpenServices(options.Get("db"), {.migration = app::Migration::kApply});
    if (!services) return Fail(services.error());
    auto checks = domain::AuditService::Verify(*(*services)->store);
    if (!checks) return Fail(checks.error());
    long long entries = 0;
    for (const domain::ChainCheck& check : *checks) {
        if (!check.intact) return Fail(Error::Conflict("復元したデータの監査記録の連鎖が壊れています"));
        entries += check.entries;
    }
    std::cout << "復元しました: " << source << "（監査記録 " << entries << " 件の連鎖を確認）\n";
    return {};
}

// --- user ----------------------------------------------------------------------------------------------------

Result<std::string> ReadPassword(const Options& options) {
    if (options.Switch("password-stdin")) {
        std::string line;
        if (!std::getline(std::cin, line)) {
            return Fail(Error::InvalidArgument("標準入力からパスワードを読めません", "password-stdin"));
        }
        if (!line.empty() && line.back() == '\r') line.pop_back();
        return line;
    }
    std::string password = options.Get("password");
    if (password.empty()) {
        return Fail(Error::InvalidArgument(
            "パスワードを --password-stdin（推奨）または環境変数 KASANE_PASSWORD で指定してください", "password"));
    }
    return password;
}

Result<domain::Municipality> ChooseMunicipality(domain::Store& store, const Options& options) {
    const std::string code = options.Get("municipality");
    if (!code.empty()) {
        auto found = store.Municipalities().FindByCode(code);
        if (!found && found.error().Is(ErrorCode::kNotFound)) {
            return Fail(Error::NotFound("全国地方公共団体コード " + code + " の自治体はありません"));
        }
        return found;
    }
    auto all = store.Municipalities().List();
    if (!all) return Fail(all.error());
    if (all->size() != 1) {
        return Fail(Error::InvalidArgument("自治体が1つではないため --municipality にコードを指定してください",
                                           "municipality"));
    }
    return all->front();
}

Result<domain::Organization> ChooseOrganization(domain::TenantStore& tenant, std::string_view wanted) {
    auto organizations = tenant.Organizations().List();
    if (!organizations) return Fail(organizations.error());
    for (const domain::Organization& organization : *organizations) {
        if (organization.name == wanted || std::to_string(organization.id) == wanted) return organization;
    }
    return Fail(Error::NotFound("機関「" + std::string(wanted) + "」はこの自治体にありません"));
}

Status RunUserAdd(const Options& options) {
    auto services = Open(options);
    if (!services) return Fail(services.error());
    domain::Store& store = *(*services)->store;
    auto municipality = ChooseMunicipality(store, options);
    if (!municipality) return Fail(municipality.error());
    auto organization = ChooseOrganization(*store.Tenant(municipality->id), options.Get("organization"));
    if (!organization) return Fail(organization.error());
    std::vector<domain::Role> roles;
    const std::string role_text = options.Get("roles");
    std::string_view remaining = role_text;
    while (!remaining.empty()) {
        const auto comma = remaining.find(',');
        const std::string_view code = remaining.substr(0, comma);
        const auto role = domain::ParseRole(code);
        if (!role) return Fail(Error::InvalidArgument("不明な役割です: " + std::string(code), "roles"));
        roles.push_back(*role);
        remaining = comma == std::string_view::npos ? std::string_view{} : remaining.substr(comma + 1);
    }
    auto password = ReadPassword(options);
    if (!password) return Fail(password.error());
    auto user = (*services)->administration->AddUser(municipality->id,
                                                     domain::UserRequest{.organization_id = organization->id,
                                                                         .username = options.Get("username"),
                                                                         .display_name = options.Get("display-name"),
                                                                         .roles = roles,
                                                                         .password = *password});
    if (!user) return Fail(user.error());
    std::cout << "ユーザー " << user->username << " を追加しました（id " << user->id << "）\n";
    return {};
}

Result<domain::User> FindUser(domain::Store& store, const Options& options) {
    const std::string username = options.Get("username");
    if (username.empty()) return Fail(Error::InvalidArgument("--username を指定してください", "username"));
    auto user = store.Accounts().FindUserByUsername(username);
    if (!user && user.error().Is(ErrorCode::kNotFound)) {
        return Fail(Error::NotFound("ユーザー " + username + " はいません"));
    }
    return user;
}

Status RunUserPasswd(const Options& options) {
    auto services = Open(options);
    if (!services) return Fail(services.error());
    auto user = FindUser(*(*services)->store, options);
    if (!user) return Fail(user.error());
    auto password = ReadPassword(options);
    if (!password) return Fail(password.error());
    if (auto changed = (*services)->administration->ChangePassword(user->municipality_id, user->id, *password);
        !changed) {
        return changed;
    }
    std::cout << "ユーザー " << user->username << " のパスワードを変更し、サインイン中のセッションを終了しました\n";
    return {};
}

Status RunUserDisable(const Options& options) {
    auto services = Open(options);
    if (!services) return Fail(services.error());
    auto user = FindUser(*(*services)->store, options);
    if (!user) return Fail(user.error());
    if (auto disabled = (*services)->administration->DisableUser(user->municipality_id, user->id); !disabled) {
        return disabled;
    }
    std::cout << "ユーザー " << user->username << " を無効にし、サインイン中のセッションを終了しました\n";
    return {};
}

// --- init: the first run ----------------------------------------------------------------------------------------

// The CLI flag of a set-up field (domain/town_setup.hpp names "figures[1].population" and the like).
std::string InitFlagOf(std::string_view field) {
    if (field.starts_with("figures")) return "figures";
    if (field == "prefecture_name") return "prefecture-name";
    if (field == "organization_name") return "organization";
    if (field == "admin_username") return "admin-username";
    if (field == "admin_display_name") return "admin-display-name";
    if (field == "admin_password") return "password";
    return std::string(field);
}

// --figures 2025:14300:5420:36.2,2024:14500:5400:35.8 (年度:人口:世帯数:高齢化率%, one entry per 年度).
Result<std::vector<domain::YearFigures>> ParseFigures(std::string_view text) {
    std::vector<domain::YearFigures> figures;
    const Error wrong = Error::InvalidArgument(
        "--figures は 年度:人口:世帯数:高齢化率 をカンマ区切りで指定してください（例: 2025:14300:5420:36.2）",
        "figures");
    while (!text.empty()) {
        const auto comma = text.find(',');
        std::string_view entry = text.substr(0, comma);
        text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
        std::vector<std::string_view> parts;
        while (true) {
            const auto colon = entry.find(':');
            parts.push_back(entry.substr(0, colon));
            if (colon == std::string_view::npos) break;
            entry = entry.substr(colon + 1);
        }
        if (parts.size() != 4) return Fail(wrong);
        domain::YearFigures year;
        auto number = [](std::string_view s, auto& out) {
            const auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), out);
            return error == std::errc{} && end == s.data() + s.size();
        };
        if (!number(parts[0], year.fiscal_year) || !number(parts[1], year.population) ||
            !number(parts[2], year.households)) {
            return Fail(wrong);
        }
        auto rate = domain::ParseAgingRate(parts[3], "figures");
        if (!rate) return Fail(rate.error());
        year.aging_rate_permille = *rate;
        figures.push_back(year);
    }
    return figures;
}

// The administrator's password: the first line of stdin with --password-stdin, else asked twice at the terminal
// without echo. Never a flag: the command line is visible to every user of the machine (ps).
Result<std::string> ReadNewPassword(const Options& options) {
    auto read_line = [](std::string& line) {
        if (!std::getline(std::cin, line)) return false;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        return true;
    };
    if (options.Switch("password-stdin")) {
        std::string line;
        if (!read_line(line)) {
            return Fail(Error::InvalidArgument("標準入力からパスワードを読めません", "password-stdin"));
        }
        return line;
    }
    if (!::isatty(STDIN_FILENO)) {
        return Fail(Error::InvalidArgument(
            "管理者のパスワードは端末で入力するか、--password-stdin で標準入力から渡してください", "password-stdin"));
    }
    termios saved{};
    ::tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    std::string first;
    std::string second;
    std::cerr << "管理者のパスワード（10文字以上）: " << std::flush;
    const bool read_first = read_line(first);
    std::cerr << "\nもう一度: " << std::flush;
    const bool read_second = read_first && read_line(second);
    std::cerr << "\n";
    ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    if (!read_second) return Fail(Error::InvalidArgument("パスワードを読めません", "password"));
    if (first != second) return Fail(Error::InvalidArgument("2回入力したパスワードが一致しません", "password"));
    return first;
}

Status RunInit(const Options& options) {
    auto figures = ParseFigures(options.Get("figures"));
    if (!figures) return Fail(figures.error());
    domain::TownSetupRequest request{.code = options.Get("code"),
                                     .name = options.Get("name"),
                                     .prefecture_name = options.Get("prefecture-name"),
                                     .figures = std::move(*figures),
                                     .organization_name = options.Get("organization"),
                                     .admin_username = options.Get("admin-username"),
                                     .admin_display_name = options.Get("admin-display-name"),
                                     .admin_password = {}};
    // Everything but the password is checked before asking for it, and every error is named at once.
    request.admin_password = std::string(10, 'x');
    std::vector<Error> errors = domain::ValidateTownSetup(request);
    if (errors.empty()) {
        auto password = ReadNewPassword(options);
        if (!password) return Fail(password.error());
        request.admin_password = std::move(*password);
        errors = domain::ValidateTownSetup(request);
    }
    if (!errors.empty()) {
        for (std::size_t i = 0; i + 1 < errors.size(); ++i) {
            std::cerr << "kasane: " << errors[i].message << " (" << InitFlagOf(errors[i].field) << ")\n";
        }
        Error last = errors.back();
        last.field = InitFlagOf(last.field);
        return Fail(std::move(last));
    }
    auto services = Open(options);
    if (!services) return Fail(services.error());
    auto result = (*services)->setup->SetUp(request);
    if (!result) {
        Error error = result.error();
        error.field = InitFlagOf(error.field);
        return Fail(std::move(error));
    }
    std::cout << "初期設定が完了しました: " << result->municipality.prefecture_name << result->municipality.name
              << "（団体コード " << result->municipality.code << "）\n"
              << "  人口・世帯数・高齢化率: " << result->figures.size() << " 年度分\n"
              << "  相談分類: " << result->worry_categories << " 件（分野: 高齢・障がい・子ども・生活困窮・その他）\n"
              << "  会議体（構成員は未設定）: " << result->meeting_bodies.size() << " 件\n"
              << "  機関: " << result->organization.name << "\n"
              << "  管理者: " << result->administrator.username << "（" << result->administrator.display_name << "）\n"
              << "kasane serve で起動し、管理者としてサインインしてください。\n";
    return {};
}

// --- tenant --------------------------------------------------------------------------------------------------

Status RunTenantAddMunicipality(const Options& options) {
    auto services = Open(options);
    if (!services) return Fail(services.error());
    auto created = (*services)->administration->CreateMunicipality(domain::Municipality{
        .code = options.Get("code"), .name = options.Get("name"), .prefecture_name = options.Get("prefecture-name")});
    if (!created) {
        Error error = created.error();
        if (error.field == "prefecture_name") error.field = "prefecture-name";
        return Fail(std::move(error));
    }
    std::cout << "自治体を追加しました: " << created->prefecture_name << created->name << "（コード " << created->code
              << "、id " << created->id << "）\n";
    return {};
}

Status RunTenantAddPrefecture(const Options& options) {
    auto services = Open(options);
    if (!services) return Fail(services.error());
    auto created = (*services)->administration->CreatePrefecture(options.Get("code"), options.Get("name"));
    if (!created) return Fail(created.error());
    std::cout << "都道府県を登録しました: " << created->name << "（都道府県コード " << created->code << "、団体コード "
              << domain::PrefectureLocalGovernmentCode(created->code) << "）\n";
    return {};
}

Status RunTenantAddOrganization(const Options& options) {
    auto services = Open(options);
    if (!services) return Fail(services.error());
    auto municipality = ChooseMunicipality(*(*services)->store, options);
    if (!municipality) return Fail(municipality.error());
    const auto kind = domain::ParseOrganizationKind(options.Get("kind"));
    if (!kind) return Fail(Error::InvalidArgument("--kind が正しくありません", "kind"));
    auto created = (*services)->administration->CreateOrganization(municipality->id, *kind, options.Get("name"));
    if (!created) return Fail(created.error());
    std::cout << "機関を追加しました: " << created->name << "（id " << created->id << "）\n";
    return {};
}

std::vector<Command> Commands() {
    const FlagSpec password{"password", "the new password (prefer --password-stdin)", ""};
    const FlagSpec password_stdin{"password-stdin", "read the password from the first line of stdin", "", true};
    const FlagSpec username{"username", "the account's username", ""};
    return {
        {"serve",
         "serve the web UI and the JSON API",
         {kDbFlag,
          {"read-db",
           "PostgreSQL only: a hot standby of --db (postgresql://...) that aggregate reports count on; everything "
           "personal and every access decision stays on --db",
           ""},
          {"listen", "address and port to listen on (port 0: any free port)", "127.0.0.1:8080"},
          {"threads", "I/O threads", "2"},
          {"pool-size", "database connections", "8"},
          {"max-connections", "concurrent connections", "1024"},
          {"body-limit-kib", "largest request body in KiB", "1024"},
          {"session-idle-minutes", "sign out after this many idle minutes", "30"},
          {"session-hours", "sign out this many hours after sign-in, however active", "12"},
          {"max-connections-per-address", "concurrent connections of one client address", "64"},
          {"max-idle-per-address", "idle keep-alive connections of one client address (oldest closed first)", "16"},
          {"trusted-proxies", "comma-separated proxy addresses whose X-Forwarded-For / X-Forwarded-Proto are believed",
           ""},
          {"trust-proxy", "same as --trusted-proxies 127.0.0.1,::1 (nginx on this host)", "", true},
          {"secret-key-file", "file whose content (32 bytes or more) seals second-factor secrets at rest", ""},
          {"load-demo", "load the demo town when the database holds no municipality", "", true},
          {"living-demo", "with --load-demo: the living demo (63 自治会, five 法人, a year of work ending today)", "",
           true},
          kTestModeFlag,
          kTestFixedClockFlag,
          kLogLevelFlag},
         RunServe},
        {"migrate", "apply database migrations", {kDbFlag, kLogLevelFlag}, RunMigrate},
        {"init",
         "set up an empty database: the municipality, its first administrator and the national defaults",
         {kDbFlag,
          {"code", "全国地方公共団体コード, 6 digits with the check digit (e.g. 313726)", ""},
          {"name", "名称 (e.g. 北栄町)", ""},
          {"prefecture-name", "都道府県名 (e.g. 鳥取県)", ""},
          {"figures", "年度:人口:世帯数:高齢化率, comma-separated (e.g. 2025:14300:5420:36.2)", ""},
          {"organization", "the administrator's own 課 (e.g. 福祉課)", "福祉課"},
          {"admin-username", "the first administrator's username", ""},
          {"admin-display-name", "the first administrator's 氏名", ""},
          password_stdin,
          kLogLevelFlag},
         RunInit},
        {"demo",
         "load the fictional demo town and print its sign-ins",
         {kDbFlag,
          {"scale", "also load generated volume: town, city or prefecture (deterministic from --seed)", ""},
          {"persons",
           "instead of --scale: generated volume of this many persons, five contacts each (1000 to 10000000)", ""},
          {"seed", "seed of the generated volume", "1"},
          {"living", "also load the living demo of make run: 63 自治会, five 法人, the town volume ending today", "",
           true},
          kTestModeFlag,
          kTestFixedClockFlag,
          kLogLevelFlag},
         RunDemo},
        {"user add",
         "add a user account",
         {kDbFlag,
          {"municipality", "全国地方公共団体コード (may be left out when there is one municipality)", ""},
          {"organization", "the organisation's name or id", ""},
          username,
          {"display-name", "氏名", ""},
          {"roles",
           "comma-separated: system_administrator, municipal_administrator, coordinator, caseworker, "
           "welfare_volunteer, auditor, prefecture_analyst",
           ""},
          password,
          password_stdin,
          kLogLevelFlag},
         RunUserAdd},
        {"user passwd",
         "set a user's password and end their sessions",
         {kDbFlag, username, password, password_stdin, kLogLevelFlag},
         RunUserPasswd},
        {"user disable",
         "disable a user account and end its sessions",
         {kDbFlag, username, kLogLevelFlag},
         RunUserDisable},
        {"backup",
         "write a consistent copy of the database while it is in use",
         {kDbFlag, {"to", "destination file (SQLite copy, or pg_dump archive for PostgreSQL)", ""}, kLogLevelFlag},
         RunBackup},
        {"restore",
         "bring a backup back (stop the server first)",
         {kDbFlag,
          {"from", "the backup file made by kasane backup", ""},
          {"overwrite", "replace an existing database", "", true},
          kLogLevelFlag},
         RunRestore},
        {"report explain",
         "list the records behind a cell of the 年度集計 (the town's own staff with exact figures; audited)",
         {kDbFlag,
          {"year", "年度 (e.g. 2024 for 令和6年度)", ""},
          {"through", "the month a part year runs to (3 for the whole year)", "3"},
          {"cell",
           "contacts, persons, households, consultations, or a row: category:debt:contacts, field:elderly:persons, "
           "household_size:2:contacts …, or meetings held: meetings:held, meetings:internal:held, "
           "meetings:body:12:held, or 多機関協働: cases:opened, cases:closed, cases:plans_approved",
           "contacts"},
          {"api-token", "the API token of the staff member who reads (their access rules apply)", ""},
          kLogLevelFlag},
         RunReportExplain},
        {"report verify",
         "recount every maintained aggregate of the 年度集計 from the records; exit non-zero naming each difference",
         {kDbFlag, {"municipality", "only this town (市町村コード); every town when empty", ""}, kLogLevelFlag},
         RunReportVerify},
        {"audit verify",
         "prove the hash chain of the audit trail and name the first broken link",
         {kDbFlag,
          {"anchor", "also check a signed anchor file made by `audit anchor` (tail cut or chain rewritten since)", ""},
          {"public-key", "the anchor key's public key (hex, as printed by `audit anchor-key`); needed with --anchor",
           ""},
          kLogLevelFlag},
         RunAuditVerify},
        {"audit anchor",
         "sign the audit chain head of every municipality into an anchor file",
         {kDbFlag,
          {"key-file", "the secret key file made by `audit anchor-key` (mode 0600)", ""},
          {"out", "the anchor file to write (replaced atomically)", ""},
          kLogLevelFlag},
         RunAuditAnchor},
        {"audit anchor-key",
         "create an Ed25519 key for audit anchors and print its public key",
         {{"out", "the secret key file to create (mode 0600; an existing file is not replaced)", ""}},
         RunAuditAnchorKey},
        {"tenant add-municipality",
         "add a municipality (the tenant): 全国地方公共団体コード with its check digit",
         {kDbFlag,
          {"code", "全国地方公共団体コード, 6 digits (e.g. 313726)", ""},
          {"name", "名称 (e.g. 北栄町)", ""},
          {"prefecture-name", "都道府県名 (e.g. 鳥取県); may be left out when the prefecture is registered", ""},
          kLogLevelFlag},
         RunTenantAddMunicipality},
        {"tenant add-prefecture",
         "register a prefecture; once any is registered, municipalities are added only in registered ones",
         {kDbFlag,
          {"code", "都道府県コード, 2 digits 01-47 (e.g. 31), or its 6-digit 団体コード (e.g. 310000)", ""},
          {"name", "都道府県名 as JIS X 0401 gives it (e.g. 鳥取県)", ""},
          kLogLevelFlag},
         RunTenantAddPrefecture},
        {"tenant add-organization",
         "add an organisation to a municipality",
         {kDbFlag,
          {"municipality", "全国地方公共団体コード (may be left out when there is one municipality)", ""},
          {"kind", "municipal_division, community_care_center, social_welfare_council, npo, ...", "municipal_division"},
          {"name", "名称", ""},
          kLogLevelFlag},
         RunTenantAddOrganization},
        {"version", "print the version", {}, RunVersion},
    };
}

void PrintUsage(const std::vector<Command>& commands) {
    std::cout << "重ね Kasane " << kVersion << " — 重層的支援体制整備事業のための相談・支援記録システム\n\n"
              << "usage: kasane <command> [flags]    (kasane <command> --help for its flags)\n\n";
    for (const Command& command : commands) {
        std::string name = command.name;
        name.resize(std::max<std::size_t>(name.size() + 2, 18), ' ');
        std::cout << "  " << name << command.summary << "\n";
    }
    std::cout << "\nEvery flag --some-name may also be set as the environment variable KASANE_SOME_NAME.\n";
}

}  // namespace

int Main(int argc, char** argv) {
    std::vector<std::string> arguments(argv + 1, argv + argc);
    const std::vector<Command> commands = Commands();
    if (arguments.empty() || arguments[0] == "--help" || arguments[0] == "-h" || arguments[0] == "help") {
        PrintUsage(commands);
        return arguments.empty() ? 64 : 0;
    }
    if (arguments[0] == "--version") arguments[0] = "version";
    std::string name = arguments[0];
    std::size_t consumed = 1;
    if (name == "user" || name == "audit" || name == "tenant" || name == "report") {
        if (arguments.size() < 2 || arguments[1].starts_with("-")) {
            std::cout << (name == "report" ? "usage: kasane report explain|verify [flags]\n"
                          : name == "user" ? "usage: kasane user add|passwd|disable [flags]\n"
                          : name == "audit"
                              ? "usage: kasane audit verify|anchor|anchor-key [flags]\n"
                              : "usage: kasane tenant add-prefecture|add-municipality|add-organization [flags]\n");
            return arguments.size() >= 2 && (arguments[1] == "--help" || arguments[1] == "-h") ? 0 : 64;
        }
        name += " " + arguments[1];
        consumed = 2;
    }
    for (const Command& command : commands) {
        if (command.name != name) continue;
        auto options =
            Options::Parse({arguments.begin() + static_cast<long>(consumed), arguments.end()}, command.flags);
        if (!options) return Report(options.error());
        if (options->HelpRequested()) {
            std::cout << "usage: kasane " << command.name << " [flags]\n"
                      << command.summary << "\n\n"
                      << Options::Usage(command.flags);
            return 0;
        }
        try {
            const Status status = command.run(*options);
            if (!status) return Report(status.error());
            return 0;
        } catch (const std::exception& error) {
            Log(LogLevel::kError, "uncaught exception", {{"what", error.what()}});
            return Report(Error::Internal());
        }
    }
    std::cerr << "kasane: 不明なコマンドです: " << name << "（kasane --help で一覧を表示）\n";
    return 64;
}

}  // namespace kasane::cli
