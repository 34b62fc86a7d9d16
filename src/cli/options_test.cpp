// SPDX-License-Identifier: Apache-2.0
#include "cli/options.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

namespace kasane::cli {
namespace {

const std::vector<FlagSpec> kSpecs = {{"db", "database", "sqlite:var/kasane.db"},
                                      {"listen", "address", "127.0.0.1:8080"},
                                      {"load-demo", "demo", "", true}};

TEST(Options, CommandLineBeatsEnvironmentBeatsDefault) {
    ::setenv("KASANE_LISTEN", "0.0.0.0:9000", 1);
    auto options = Options::Parse({"--db", "sqlite:/tmp/x.db"}, kSpecs);
    ASSERT_TRUE(options.has_value());
    EXPECT_EQ(options->Get("db"), "sqlite:/tmp/x.db");
    EXPECT_EQ(options->Get("listen"), "0.0.0.0:9000");
    auto overridden = Options::Parse({"--listen=127.0.0.1:1"}, kSpecs);
    EXPECT_EQ(overridden->Get("listen"), "127.0.0.1:1");
    ::unsetenv("KASANE_LISTEN");
    auto defaults = Options::Parse({}, kSpecs);
    EXPECT_EQ(defaults->Get("listen"), "127.0.0.1:8080");
}

TEST(Options, SwitchesFromFlagOrEnvironment) {
    auto absent = Options::Parse({}, kSpecs);
    EXPECT_FALSE(absent->Switch("load-demo"));
    auto present = Options::Parse({"--load-demo"}, kSpecs);
    EXPECT_TRUE(present->Switch("load-demo"));
    ::setenv("KASANE_LOAD_DEMO", "1", 1);
    EXPECT_TRUE(Options::Parse({}, kSpecs)->Switch("load-demo"));
    ::unsetenv("KASANE_LOAD_DEMO");
}

TEST(Options, UnknownFlagAndMissingValueAreErrors) {
    const auto unknown = Options::Parse({"--nope"}, kSpecs);
    ASSERT_FALSE(unknown.has_value());
    EXPECT_EQ(unknown.error().field, "nope");
    EXPECT_FALSE(Options::Parse({"--db"}, kSpecs).has_value());
    EXPECT_TRUE(Options::Parse({"--help"}, kSpecs)->HelpRequested());
    EXPECT_EQ(Options::EnvironmentName("max-connections"), "KASANE_MAX_CONNECTIONS");
}

}  // namespace
}  // namespace kasane::cli
