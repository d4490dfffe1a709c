#include "cli/generate_args.hpp"

#include <algorithm>
#include <cstdlib>
#include <string_view>
#include <utility>

namespace cowrap::cli {

bool read_plain_args(const std::vector<std::string>& args, GenerateArgs& a) {
    if (args.empty() || args.front() != "generate" || std::getenv("COWRAP_CACHE") != nullptr) {
        return false;
    }
    using Field = std::string GenerateArgs::*;
    using List = std::vector<std::string> GenerateArgs::*;
    using Flag = bool GenerateArgs::*;
    static constexpr std::pair<std::string_view, Field> single[] = {
        {"--output", &GenerateArgs::output},
        {"--dialect", &GenerateArgs::dialect},
        {"--source-root", &GenerateArgs::source_root},
        {"--depfile", &GenerateArgs::depfile},
        {"--depfile-target", &GenerateArgs::depfile_target},
        {"--cache", &GenerateArgs::cache},
        {"--shard-group", &GenerateArgs::shard_group},
    };
    static constexpr std::pair<std::string_view, List> repeated[] = {
        {"--include", &GenerateArgs::includes},
        {"--annotation", &GenerateArgs::annotations},
        {"--context", &GenerateArgs::context},
    };
    static constexpr std::pair<std::string_view, Flag> flags[] = {
        {"--no-cache", &GenerateArgs::no_cache},
        {"--line-directives", &GenerateArgs::line_directives},
        {"--strict", &GenerateArgs::strict},
        {"--require-targets", &GenerateArgs::require_targets},
    };
    std::vector<std::string_view> seen;  // the single options and flags given
    auto first_time = [&](std::string_view name) {
        if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
            return false;
        }
        seen.push_back(name);
        return true;
    };
    // CLI11 splits "[a,b]" given to a repeatable option or as inputs.
    auto plain_value = [](const std::string& v) {
        return !v.empty() && v.front() != '-' && v.front() != '[';
    };
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (!arg.starts_with("-")) {
            if (!plain_value(arg) || arg == "generate" || arg == "help") {
                return false;  // CLI11 may read the last two as commands
            }
            a.inputs.push_back(arg);
            continue;
        }
        const std::string_view whole = arg == "-o" ? "--output" : std::string_view(arg);
        const std::size_t eq = whole.find('=');
        const std::string_view name = whole.substr(0, eq);
        std::string value;
        bool known = false;
        auto take_value = [&]() -> bool {
            if (eq != std::string_view::npos) {
                value = std::string(whole.substr(eq + 1));
            } else if (i + 1 < args.size()) {
                value = args[++i];
            } else {
                return false;
            }
            return plain_value(value);
        };
        for (const auto& [n, field] : single) {
            if (n == name) {
                if (!first_time(n) || !take_value()) {
                    return false;
                }
                a.*field = std::move(value);
                known = true;
            }
        }
        for (const auto& [n, list] : repeated) {
            if (n == name) {
                // CLI11 lets a repeatable option take the words after its value too.
                if (!take_value() || (i + 1 < args.size() && !args[i + 1].starts_with("-"))) {
                    return false;
                }
                (a.*list).push_back(std::move(value));
                known = true;
            }
        }
        for (const auto& [n, flag] : flags) {
            if (n == whole) {
                if (!first_time(n)) {
                    return false;
                }
                a.*flag = true;
                known = true;
            }
        }
        if (name == "--color" || name == "--diagnostics-format") {
            const bool color = name == "--color";
            std::string& field = color ? a.diagnostics.color : a.diagnostics.format;
            if (!first_time(name) || !take_value()) {
                return false;
            }
            const auto& values = color ? color_modes : diagnostic_formats;
            if (std::find(values.begin(), values.end(), value) == values.end()) {
                return false;
            }
            field = std::move(value);
            known = true;
        }
        if (!known) {
            return false;
        }
    }
    return !a.output.empty() && !a.inputs.empty();
}

}  // namespace cowrap::cli
