// SPDX-License-Identifier: Apache-2.0
// kasane: one binary for serving, migrating, loading the demo town, managing users and taking backups.

#include "cli/commands.hpp"

int main(int argc, char** argv) { return kasane::cli::Main(argc, argv); }
