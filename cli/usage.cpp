#include "cli/usage.hpp"

namespace cowrap::cli {

Verbosity& mutable_verbosity() {
    static Verbosity v;
    return v;
}

const Verbosity& verbosity() {
    return mutable_verbosity();
}

bool is_common_flag(const std::string& arg) {
    return arg == "-v" || arg == "--verbose" || arg == "-q" || arg == "--quiet";
}

}  // namespace cowrap::cli
