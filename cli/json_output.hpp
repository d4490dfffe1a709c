// The envelope of every `--format json` output (docs/json.md): one object on stdout whose
// "format" is the contract's version and "command" the command that wrote it.
#pragma once

#include <iostream>
#include <nlohmann/json.hpp>
#include <string_view>

namespace cowrap::cli {

// Bumped when a key changes meaning or goes away; new keys keep the version.
inline constexpr int kJsonFormat = 1;

inline nlohmann::ordered_json json_document(std::string_view command) {
    return {{"format", kJsonFormat}, {"command", command}};
}

inline void print_json(const nlohmann::ordered_json& document) {
    // Bytes that are not UTF-8 (a header in Latin-1) become U+FFFD rather than an exception.
    std::cout << document.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
              << '\n';
}

}  // namespace cowrap::cli
