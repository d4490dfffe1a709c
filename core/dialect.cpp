#include "core/dialect.hpp"

#include <charconv>

namespace cowrap {

namespace {

using enum ContextSource;

// clang-format off
const std::vector<Dialect> kDialects = {
    // name       ver  releases      gen_only no_co_locks S_from_W ret    context          bh_ctx wrlock_null bb_p1  bdrv_  bitmap
    {"qemu-5.2",  502, "5.2 - 6.0",  true,    false,      false,   false, bs_from_p1,      false, false,      false, true,  false},
    {"qemu-6.1",  601, "6.1",        true,    false,      false,   false, bs_from_p1,      false, false,      false, false, false},
    {"qemu-6.2",  602, "6.2 - 7.2",  true,    false,      false,   false, bs_from_p1,      false, false,      true,  false, false},
    {"qemu-8.0",  800, "8.0",        false,   false,      true,    true,  ctx_from_p1,     false, false,      true,  false, true},
    {"qemu-8.1",  801, "8.1",        false,   false,      true,    true,  ctx_from_p1,     true,  false,      true,  false, true},
    {"qemu-8.2",  802, "8.2",        false,   true,       true,    true,  ctx_from_p1,     true,  true,       true,  false, true},
    {"qemu-9.0",  900, "9.0 - 10.2", false,   true,       true,    true,  current_context, false, false,      true,  false, true},
};
// clang-format on

bool parse_number(std::string_view s, int& out) {
    // Digits only: from_chars alone would accept a sign ("qemu-9.-1").
    if (s.empty() || s.size() > 4 || s.find_first_not_of("0123456789") != std::string_view::npos) {
        return false;
    }
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && ptr == s.data() + s.size();
}

}  // namespace

const std::vector<Dialect>& all_dialects() {
    return kDialects;
}

const Dialect& newest_dialect() {
    return kDialects.back();
}

std::optional<QemuRelease> qemu_release_of(std::string_view version) {
    // X.Y or X.Y.Z, digits only.
    std::size_t dot = version.find('.');
    std::size_t dot2 = dot == std::string_view::npos ? dot : version.find('.', dot + 1);
    QemuRelease r;
    int micro = 0;
    if (dot == std::string_view::npos || !parse_number(version.substr(0, dot), r.major) ||
        !parse_number(
            version.substr(dot + 1, dot2 == std::string_view::npos ? dot2 : dot2 - dot - 1),
            r.minor) ||
        r.minor >= 100 ||
        (dot2 != std::string_view::npos && !parse_number(version.substr(dot2 + 1), micro))) {
        return std::nullopt;
    }
    if (micro >= 50) {  // development tree or release candidate: the next release
        if (r.minor >= 2) {
            ++r.major;
            r.minor = 0;
        } else {
            ++r.minor;
        }
    }
    return r;
}

const Dialect* dialect_for_release(QemuRelease release) {
    const int version = release.major * 100 + release.minor;
    const Dialect* best = nullptr;
    for (const Dialect& d : kDialects) {
        if (d.version <= version) {
            best = &d;
        }
    }
    return best;
}

const Dialect* resolve_dialect(std::string_view name) {
    if (name.starts_with("qemu-")) {
        name.remove_prefix(5);
    }
    std::optional<QemuRelease> release = qemu_release_of(name);
    return release ? dialect_for_release(*release) : nullptr;
}

bool supports_mark(const Dialect& d, Mark m) {
    switch (m) {
        case Mark::generated_co_wrapper:
            return d.generated_co_wrapper_only;
        case Mark::no_co_wrapper_bdrv_rdlock:
        case Mark::no_co_wrapper_bdrv_wrlock:
            return d.no_co_locks;
        default:
            return !d.generated_co_wrapper_only;
    }
}

const Dialect& dialect_introducing(Mark m) {
    for (const Dialect& d : kDialects) {
        if (supports_mark(d, m)) {
            return d;
        }
    }
    return kDialects.front();
}

std::vector<std::string> default_includes(const Dialect& d) {
    std::vector<std::string> includes = {"\"qemu/osdep.h\"", "\"block/coroutines.h\"",
                                         "\"block/block-gen.h\"", "\"block/block_int.h\""};
    if (d.dirty_bitmap_include) {
        includes.push_back("\"block/dirty-bitmap.h\"");
    }
    return includes;
}

}  // namespace cowrap
