// One wrapper block: the struct, the coroutine entry or bottom half, the public function.
#include "core/emit.hpp"

#include <algorithm>
#include <cstring>
#include <string_view>

#include "core/names.hpp"

namespace cowrap {

namespace {

// Everything a wrapper block refers to, derived once.
struct Block {
    const Declaration& decl;
    const Dialect& d;
    const EmitOptions& options;
    std::string_view target;  // T
    std::string_view name;    // S
    bool returns;             // R is not void
};

const Param* first_param(const Block& b) {
    return b.decl.params.empty() ? nullptr : &b.decl.params.front();
}

constexpr std::size_t kWidth = 80;  // QEMU's line length

// Writes straight into the output through a cursor: the text is sized ahead (zero-filled
// once, then overwritten), so a piece is a bounds check and a copy whose length is often known
// at compile time, not a std::string append per piece (this is the hot path for large trees).
// The destructor trims the text to what was written. Lines are indented 4 spaces per depth.
class Out {
public:
    explicit Out(std::string& s) : s_(s), start_(s.size()) {
        s_.resize(start_ + ahead);
        cur_ = s_.data() + start_;
        end_ = s_.data() + s_.size();
    }
    ~Out() { s_.resize(size()); }
    Out(const Out&) = delete;
    Out& operator=(const Out&) = delete;

    // Where the next byte goes, counted from the start of the whole text.
    std::size_t size() const { return static_cast<std::size_t>(cur_ - s_.data()); }
    [[gnu::always_inline]] void put(std::string_view v) {
        room(v.size());
        // An empty piece may be a default view, whose null pointer memcpy must not get (even
        // for 0 bytes); the test folds away for literals.
        if (!v.empty()) {
            std::memcpy(cur_, v.data(), v.size());
        }
        cur_ += v.size();
    }
    template <std::size_t N>
    [[gnu::always_inline]] void put(const char (&literal)[N]) {
        put(std::string_view(literal, N - 1));
    }
    [[gnu::always_inline]] void put(char c) {
        room(1);
        *cur_++ = c;
    }
    void spaces(std::size_t n) {
        room(n);
        std::memset(cur_, ' ', n);
        cur_ += n;
    }

    void cat() {}
    template <typename First, typename... Rest>
    void cat(const First& first, const Rest&... rest) {
        put(first);
        cat(rest...);
    }
    void blank() { put('\n'); }
    // One non-empty line.
    template <typename... Parts>
    void line(int depth, const Parts&... parts) {
        spaces(static_cast<std::size_t>(depth) * 4);
        cat(parts...);
        put('\n');
    }

private:
    // A wrapper block is 1-2 kB: most need no second sizing.
    static constexpr std::size_t ahead = 4096;
    // Inlined: it is the whole cost of most pieces; growing is the rare case.
    [[gnu::always_inline]] void room(std::size_t n) {
        if (static_cast<std::size_t>(end_ - cur_) < n) [[unlikely]] {
            grow(n);
        }
    }
    [[gnu::noinline]] void grow(std::size_t n) {
        const std::size_t at = size();
        s_.resize(at + std::max(n, ahead));
        cur_ = s_.data() + at;
        end_ = s_.data() + s_.size();
    }

    std::string& s_;
    std::size_t start_;
    char* cur_ = nullptr;
    char* end_ = nullptr;
};

// head + "item, item, ..." + tail; too long a line breaks after commas, continuation lines
// aligned under the first item as in hand-written QEMU code.
class List {
public:
    template <typename... Head>
    List(Out& out, int depth, std::size_t count, std::string_view tail, const Head&... head)
        : out_(out), count_(count), tail_(tail), line_start_(out.size()) {
        indent_ = static_cast<std::size_t>(depth) * 4;
        out_.spaces(indent_);
        out_.cat(std::string_view(head)...);
        head_ = out_.size() - line_start_ - indent_;
    }
    // The next item, written as the concatenation of its parts.
    void item(std::string_view a, std::string_view b = {}) {
        const std::string_view sep = i_ + 1 < count_ ? std::string_view(",") : tail_;
        const std::size_t piece = a.size() + b.size() + sep.size();
        if (i_ > 0 && out_.size() - line_start_ + 1 + piece > kWidth) {
            out_.put('\n');
            line_start_ = out_.size();
            out_.spaces(indent_ + head_);
        } else if (i_ > 0) {
            out_.put(' ');
        }
        out_.put(a);
        out_.put(b);
        out_.put(sep);
        ++i_;
    }
    void finish() {
        if (count_ == 0) {
            out_.put(tail_);
        }
        out_.put('\n');
    }

private:
    Out& out_;
    std::size_t count_;
    std::string_view tail_;
    std::size_t line_start_;
    std::size_t indent_ = 0;
    std::size_t head_ = 0;
    std::size_t i_ = 0;
};

// P1..Pn, each name behind `prefix` ("s->").
void args(List& list, const Declaration& decl, std::string_view prefix) {
    for (const Param& p : decl.params) {
        list.item(prefix, p.name);
    }
    list.finish();
}

// The parameter declarators as written, or `void` when there are none.
void decls(Out& out, const Declaration& decl, std::string_view type, std::string_view gap) {
    List list(out, 0, decl.params.empty() ? 1 : decl.params.size(), ")", type, gap, decl.name, "(");
    for (const Param& p : decl.params) {
        list.item(p.decl);
    }
    if (decl.params.empty()) {
        list.item("void");
    }
    list.finish();
}

// " " between a type and a name unless the type ends in '*'.
std::string_view type_gap(std::string_view type) {
    return type.ends_with('*') ? "" : " ";
}

// CTX from P1's type (qemu-8.0 .. 8.2), on P1's real name behind `prefix`.
void p1_context(Out& out, const Block& b, std::string_view prefix) {
    const Param* p1 = first_param(b);
    if (p1 && p1->type == "BlockDriverState *") {
        out.cat("bdrv_get_aio_context(", prefix, p1->name, ")");
    } else if (p1 && p1->type == "BdrvChild *") {
        out.cat("bdrv_get_aio_context(", prefix, p1->name, "->bs)");
    } else if (p1 && p1->type == "BlockBackend *") {
        out.cat("blk_get_aio_context(", prefix, p1->name, ")");
    } else {
        out.cat("qemu_get_aio_context()");
    }
}

// BS from P1's type (qemu-5.2 .. 6.2); validate() rejected every other type.
void p1_bs(Out& out, const Block& b) {
    const Param* p1 = first_param(b);
    if (!p1) {
        out.cat("NULL");
    } else if (p1->type == "BdrvChild *") {
        out.cat(p1->name, "->bs");
    } else if (p1->type == "BlockBackend *") {
        out.cat("blk_bs(", p1->name, ")");
    } else {
        out.cat(p1->name);
    }
}

// The `.poll_state.ctx = ...` / `.poll_state.bs = ...` line of the co initializer.
void poll_state_origin(Out& out, const Block& b, int depth) {
    out.spaces(static_cast<std::size_t>(depth) * 4);
    switch (b.d.context) {
        case ContextSource::bs_from_p1:
            out.cat(".poll_state.bs = ");
            p1_bs(out, b);
            break;
        case ContextSource::ctx_from_p1:
            out.cat(".poll_state.ctx = ");
            p1_context(out, b, "");
            break;
        case ContextSource::current_context:
            out.cat(".poll_state.ctx = qemu_get_current_aio_context()");
            break;
    }
    out.cat(",\n");
}

void comment(Out& out, const Block& b) {
    const bool co = b.decl.kind() == Kind::co;
    out.line(0, "/*");
    out.line(0, " * Wrapper for ", b.target, " (", mark_info(b.decl.mark).name, "):");
    out.line(0, " * struct ", b.name, ", ", co ? "coroutine entry " : "bottom half ", b.target,
             co ? "_entry()," : "_bh(),");
    out.line(0, " * public function ", b.decl.name, "().");
    out.line(0, " */");
    out.blank();
}

void struct_definition(Out& out, const Block& b) {
    const bool co = b.decl.kind() == Kind::co;
    out.line(0, "typedef struct ", b.name, " {");
    out.line(1, co ? "BdrvPollCo poll_state;" : "Coroutine *co;");
    if (b.returns && (b.d.ret_in_struct || !co)) {
        out.line(1, b.decl.return_type, type_gap(b.decl.return_type), "ret;");
    }
    for (const Param& p : b.decl.params) {
        out.line(1, p.field_decl, ";");
    }
    out.line(0, "} ", b.name, ";");
    out.blank();
}

// `.Pi = Pi,` for each parameter, after the fixed fields.
void initializer_fields(Out& out, const Block& b, int depth) {
    for (const Param& p : b.decl.params) {
        out.line(depth, ".", p.name, " = ", p.name, ",");
    }
}

void co_entry(Out& out, const Block& b) {
    std::string_view result;
    if (b.returns) {
        result = b.d.ret_in_struct ? "s->ret = " : "s->poll_state.ret = ";
    }
    out.line(0, "static void coroutine_fn ", b.target, "_entry(void *opaque)");
    out.line(0, "{");
    out.line(1, b.name, " *s = opaque;");
    out.blank();
    if (b.decl.rdlock()) {
        out.line(1, "bdrv_graph_co_rdlock();");
    }
    List call(out, 1, b.decl.params.size(), ");", result, b.target, "(");
    args(call, b.decl, "s->");
    if (b.decl.rdlock()) {
        out.line(1, "bdrv_graph_co_rdunlock();");
    }
    out.line(1, "s->poll_state.in_progress = false;");
    out.blank();
    out.line(1, "aio_wait_kick();");
    out.line(0, "}");
    out.blank();
}

void line_directive(Out& out, const Block& b) {
    if (!b.options.line_directives) {
        return;
    }
    // The path as the file comment shows it: relative to the tree's root, never to the build
    // folder (docs/frontends.md, "--line-directives").
    std::string path;
    for (char c : shown_path(b.decl.file, b.options)) {
        if (c == '"' || c == '\\') {
            path += '\\';
            path += c;
        } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
            // Octal escapes: always exactly three digits, so a following digit is safe.
            const auto u = static_cast<unsigned char>(c);
            path += '\\';
            path += static_cast<char>('0' + (u >> 6));
            path += static_cast<char>('0' + ((u >> 3) & 7));
            path += static_cast<char>('0' + (u & 7));
        } else {
            path += c;
        }
    }
    out.line(0, "#line ", std::to_string(b.decl.name_loc.line), " \"", path, "\"");
}

// Creates the coroutine and polls until it is done; `depth` is the indentation.
void co_create_and_poll(Out& out, const Block& b, int depth) {
    List create(out, depth, 2, ");", "s.poll_state.co = qemu_coroutine_create(");
    create.item(b.target, "_entry");
    create.item("&s");
    create.finish();
    out.blank();
    if (!b.d.ret_in_struct) {
        // Up to qemu-6.2 the result travels in poll_state.ret, returned by bdrv_poll_co().
        out.line(depth, b.returns ? "return " : "", "bdrv_poll_co(&s.poll_state);");
        return;
    }
    out.line(depth, "bdrv_poll_co(&s.poll_state);");
    if (b.returns) {
        out.line(depth, "return s.ret;");
    }
}

void co_public(Out& out, const Block& b) {
    line_directive(out, b);
    decls(out, b.decl, b.decl.return_type, type_gap(b.decl.return_type));
    out.line(0, "{");
    const int depth = b.decl.mixed() ? 2 : 1;
    if (b.decl.mixed()) {
        out.line(1, "if (qemu_in_coroutine()) {");
        if (b.decl.rdlock()) {
            out.line(2, "assume_graph_lock();");
        }
        List call(out, 2, b.decl.params.size(), ");", b.returns ? "return " : "", b.target, "(");
        args(call, b.decl, "");
        out.line(1, "} else {");
    }
    out.line(depth, b.name, " s = {");
    poll_state_origin(out, b, depth + 1);
    out.line(depth + 1, ".poll_state.in_progress = true,");
    if (!b.decl.params.empty()) {
        out.blank();
        initializer_fields(out, b, depth + 1);
    }
    out.line(depth, "};");
    if (!b.decl.mixed()) {
        out.line(depth, "assert(!qemu_in_coroutine());");
    }
    out.blank();
    co_create_and_poll(out, b, depth);
    if (b.decl.mixed()) {
        out.line(1, "}");
    }
    out.line(0, "}");
}

void no_co_bh(Out& out, const Block& b) {
    const bool acquire = b.d.bh_acquires_context;
    const std::string_view lock_arg = b.d.wrlock_takes_null ? "NULL" : "";
    out.line(0, "static void ", b.target, "_bh(void *opaque)");
    out.line(0, "{");
    out.line(1, b.name, " *s = opaque;");
    if (acquire) {
        out.cat("    AioContext *ctx = ");
        p1_context(out, b, "s->");
        out.cat(";\n");
    }
    out.blank();
    if (b.decl.rdlock()) {
        out.line(1, "bdrv_graph_rdlock_main_loop();");
    }
    if (b.decl.wrlock()) {
        out.line(1, "bdrv_graph_wrlock(", lock_arg, ");");
    }
    if (acquire) {
        out.line(1, "aio_context_acquire(ctx);");
    }
    List call(out, 1, b.decl.params.size(), ");", b.returns ? "s->ret = " : "", b.target, "(");
    args(call, b.decl, "s->");
    if (acquire) {
        out.line(1, "aio_context_release(ctx);");
    }
    if (b.decl.rdlock()) {
        out.line(1, "bdrv_graph_rdunlock_main_loop();");
    }
    if (b.decl.wrlock()) {
        out.line(1, "bdrv_graph_wrunlock(", lock_arg, ");");
    }
    out.blank();
    out.line(1, "aio_co_wake(s->co);");
    out.line(0, "}");
    out.blank();
}

void no_co_public(Out& out, const Block& b) {
    line_directive(out, b);
    decls(out, b.decl, b.decl.return_type, " coroutine_fn ");
    out.line(0, "{");
    out.line(1, b.name, " s = {");
    out.line(2, ".co = qemu_coroutine_self(),");
    initializer_fields(out, b, 2);
    out.line(1, "};");
    out.line(1, "assert(qemu_in_coroutine());");
    out.blank();
    List schedule(out, 1, 3, ");", "aio_bh_schedule_oneshot(");
    schedule.item("qemu_get_aio_context()");
    schedule.item(b.target, "_bh");
    schedule.item("&s");
    schedule.finish();
    out.line(1, "qemu_coroutine_yield();");
    if (b.returns) {
        out.blank();
        out.line(1, "return s.ret;");
    }
    out.line(0, "}");
}

}  // namespace

void emit_wrapper_to(std::string& text, const Declaration& decl, const Dialect& d,
                     const EmitOptions& options) {
    // One pair of strings for every wrapper a thread emits: no allocation per wrapper.
    thread_local std::string target, name;
    if (!target_name_to(target, decl.name, decl.kind())) {
        target.assign(decl.name);
    }
    const std::string_view from = d.struct_from_wrapper ? std::string_view(decl.name) : target;
    if (!camel_case_to(name, from)) {
        name.assign(from);
    }
    const Block b{decl, d, options, target, name, decl.return_type != "void"};

    Out out(text);
    out.blank();
    out.blank();
    comment(out, b);
    struct_definition(out, b);
    if (decl.kind() == Kind::co) {
        co_entry(out, b);
        co_public(out, b);
    } else {
        no_co_bh(out, b);
        no_co_public(out, b);
    }
}

std::string emit_wrapper(const Declaration& decl, const Dialect& d, const EmitOptions& options) {
    std::string text;
    emit_wrapper_to(text, decl, d, options);
    return text;
}

}  // namespace cowrap
