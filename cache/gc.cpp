#include "cache/gc.hpp"

#include <fmt/format.h>

#include <cctype>
#include <charconv>

#include "cache/stats.hpp"

namespace cowrap::cache {

std::optional<std::int64_t> parse_age(std::string_view age) {
    std::int64_t n = 0;
    auto [end, ec] = std::from_chars(age.data(), age.data() + age.size(), n);
    if (ec != std::errc() || end == age.data() || n < 0) {
        return std::nullopt;
    }
    std::string_view unit(end, static_cast<std::size_t>(age.data() + age.size() - end));
    std::int64_t scale = 0;
    if (unit.empty() || unit == "d") {
        scale = 86400;
    } else if (unit == "s") {
        scale = 1;
    } else if (unit == "m") {
        scale = 60;
    } else if (unit == "h") {
        scale = 3600;
    } else if (unit == "w") {
        scale = 7 * 86400;
    } else {
        return std::nullopt;
    }
    // Checked before the product, which could overflow (9223372036854775807w).
    if (n > max_age_seconds / scale) {
        return std::nullopt;
    }
    return n * scale;
}

std::string gc_text(const GcResult& r) {
    return fmt::format("Removed {}, {}, {} and {}\n", counted(r.headers, "header"),
                       counted(r.outputs, "output"), counted(r.wrappers, "wrapper"),
                       counted(r.runs, "run"));
}

}  // namespace cowrap::cache
