// Dialects: each QEMU release's flavour of the generated code, as a table of switches.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/declaration.hpp"

namespace cowrap {

// Where the wrapper gets the AioContext it polls in.
enum class ContextSource {
    bs_from_p1,       // qemu-5.2 .. 6.2: .poll_state.bs = BS(P1)
    ctx_from_p1,      // qemu-8.0 .. 8.2: .poll_state.ctx = CTX(P1)
    current_context,  // qemu-9.0: qemu_get_current_aio_context()
};

struct Dialect {
    std::string_view name;           // "qemu-9.0"
    int version;                     // 900: first QEMU release as major * 100 + minor
    std::string_view releases;       // "9.0 - 10.2", for `cowrap dialects`
    bool generated_co_wrapper_only;  // qemu-5.2 .. 6.2: the single legacy mark, R must be int
    bool no_co_locks;                // no_co_wrapper_bdrv_rdlock / _wrlock exist (8.2+)
    bool struct_from_wrapper;        // S built from W (8.0+); before, from T
    bool ret_in_struct;              // `R ret;` field (8.0+); before, poll_state.ret
    ContextSource context;
    bool bh_acquires_context;   // no_co _bh declares ctx and acquires it (8.1, 8.2)
    bool wrlock_takes_null;     // bdrv_graph_wrlock(NULL) (8.2)
    bool block_backend_p1;      // P1 of type BlockBackend * allowed (6.2 and later)
    bool bdrv_prefix_required;  // W must start with bdrv_ (5.2)
    bool dirty_bitmap_include;  // "block/dirty-bitmap.h" among the includes (8.0+)
};

// All dialects, oldest first.
const std::vector<Dialect>& all_dialects();
const Dialect& newest_dialect();

// A QEMU release, X.Y.
struct QemuRelease {
    int major = 0;
    int minor = 0;
    friend bool operator==(const QemuRelease&, const QemuRelease&) = default;
};

// The release a QEMU version number stands for: "X.Y" and "X.Y.Z" with Z < 50 are release
// X.Y (stable updates included); Z >= 50 is the development tree after X.Y (.50) or a
// release candidate of the next release (.90 and up), so the next release: X.(Y+1), or
// (X+1).0 after X.2 (QEMU releases X.0, X.1, X.2 each year since 5.0). nullopt when the
// text is no such number.
std::optional<QemuRelease> qemu_release_of(std::string_view version);

// The newest dialect whose first release is <= `release`; nullptr when older than every one.
const Dialect* dialect_for_release(QemuRelease release);

// "qemu-X.Y[.Z]" (or "X.Y[.Z]") -> dialect_for_release(qemu_release_of(...)); nullptr when
// the name is malformed or older than every dialect.
const Dialect* resolve_dialect(std::string_view name);

// Whether the dialect knows the mark (a mark it lacks is an error).
bool supports_mark(const Dialect& d, Mark m);

// The first dialect that knows the mark.
const Dialect& dialect_introducing(Mark m);

// The default #include lines of a dialect, in order (without "#include").
std::vector<std::string> default_includes(const Dialect& d);

}  // namespace cowrap
