// SPDX-License-Identifier: Apache-2.0
#include "cli/options.hpp"

#include <algorithm>
#include <cstdlib>

namespace kasane::cli {

namespace {

const FlagSpec* FindSpec(const std::vector<FlagSpec>& specs, std::string_view name) {
    const auto it = std::find_if(specs.begin(), specs.end(), [&](const FlagSpec& spec) { return spec.name == name; });
    return it == specs.end() ? nullptr : &*it;
}

bool Truthy(std::string_view value) { return value == "1" || value == "true" || value == "yes" || value == "on"; }

}  // namespace

std::string Options::EnvironmentName(std::string_view flag) {
    std::string name = "KASANE_";
    for (const char c : flag)
        name.push_back(c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    return name;
}

Result<Options> Options::Parse(const std::vector<std::string>& arguments, const std::vector<FlagSpec>& specs) {
    Options options;
    options.specs_ = specs;
    for (std::size_t i = 0; i < arguments.size(); ++i) {
        const std::string& argument = arguments[i];
        if (argument == "--help" || argument == "-h") {
            options.help_ = true;
            continue;
        }
        if (!argument.starts_with("--")) {
            options.positional_.push_back(argument);
            continue;
        }
        std::string name = argument.substr(2);
        std::optional<std::string> value;
        if (const auto equals = name.find('='); equals != std::string::npos) {
            value = name.substr(equals + 1);
            name.resize(equals);
        }
        const FlagSpec* spec = FindSpec(specs, name);
        if (spec == nullptr) return Fail(Error::InvalidArgument("不明なオプションです: --" + name, name));
        if (spec->is_switch) {
            options.values_[name] = value.value_or("true");
            continue;
        }
        if (!value) {
            if (i + 1 >= arguments.size()) return Fail(Error::InvalidArgument("--" + name + " に値がありません", name));
            value = arguments[++i];
        }
        options.values_[name] = *value;
    }
    return options;
}

std::string Options::Get(std::string_view name) const {
    if (const auto it = values_.find(name); it != values_.end()) return it->second;
    if (const char* env = std::getenv(EnvironmentName(name).c_str()); env != nullptr) return env;
    if (const FlagSpec* spec = FindSpec(specs_, name)) return spec->default_value;
    return {};
}

bool Options::Has(std::string_view name) const {
    return values_.contains(name) || std::getenv(EnvironmentName(name).c_str()) != nullptr;
}

bool Options::Switch(std::string_view name) const { return Has(name) && Truthy(Get(name)); }

std::string Options::Usage(const std::vector<FlagSpec>& specs) {
    std::string usage;
    for (const FlagSpec& spec : specs) {
        std::string left = "  --" + spec.name + (spec.is_switch ? "" : " VALUE");
        if (left.size() < 28) left.resize(28, ' ');
        usage += left + " " + spec.help + " [env " + EnvironmentName(spec.name);
        if (!spec.default_value.empty()) usage += ", default " + spec.default_value;
        usage += "]\n";
    }
    return usage;
}

}  // namespace kasane::cli
