// One wrapper block: the struct, the coroutine entry or bottom half, the public function.
#include "core/emit.hpp"

#include "core/names.hpp"

namespace cowrap {

namespace {

// Everything a wrapper block refers to, derived once.
struct Block {
    const Declaration& decl;
    const Dialect& d;
    const EmitOptions& options;
    std::string target;  // T
    std::string name;    // S
    bool returns;        // R is not void
};

std::string type_and_name(const std::string& type, std::string_view name) {
    // "BlockDriverState *" + "ret" -> "BlockDriverState *ret"
    std::string out = type;
    if (!out.ends_with('*')) {
        out += ' ';
    }
    out += name;
    return out;
}

// P1..Pn, each name behind `prefix` ("s->").
std::vector<std::string> args(const Declaration& decl, std::string_view prefix) {
    std::vector<std::string> out;
    for (const Param& p : decl.params) {
        out.push_back(std::string(prefix) + p.name);
    }
    return out;
}

// The parameter declarators as written, or `void` when there are none.
std::vector<std::string> decls(const Declaration& decl) {
    std::vector<std::string> out;
    for (const Param& p : decl.params) {
        out.push_back(p.decl);
    }
    if (out.empty()) {
        out.emplace_back("void");
    }
    return out;
}

const Param* first_param(const Block& b) {
    return b.decl.params.empty() ? nullptr : &b.decl.params.front();
}

// CTX from P1's type (qemu-8.0 .. 8.2), on P1's real name behind `prefix`.
std::string p1_context(const Block& b, std::string_view prefix) {
    const Param* p1 = first_param(b);
    if (p1 && p1->type == "BlockDriverState *") {
        return "bdrv_get_aio_context(" + std::string(prefix) + p1->name + ")";
    }
    if (p1 && p1->type == "BdrvChild *") {
        return "bdrv_get_aio_context(" + std::string(prefix) + p1->name + "->bs)";
    }
    if (p1 && p1->type == "BlockBackend *") {
        return "blk_get_aio_context(" + std::string(prefix) + p1->name + ")";
    }
    return "qemu_get_aio_context()";
}

// BS from P1's type (qemu-5.2 .. 6.2); validate() rejected every other type.
std::string p1_bs(const Block& b) {
    const Param* p1 = first_param(b);
    if (!p1) {
        return "NULL";
    }
    if (p1->type == "BdrvChild *") {
        return p1->name + "->bs";
    }
    if (p1->type == "BlockBackend *") {
        return "blk_bs(" + p1->name + ")";
    }
    return p1->name;
}

// The `.poll_state.ctx = ...` / `.poll_state.bs = ...` line of the co initializer.
std::string poll_state_origin(const Block& b) {
    switch (b.d.context) {
        case ContextSource::bs_from_p1:
            return ".poll_state.bs = " + p1_bs(b) + ",";
        case ContextSource::ctx_from_p1:
            return ".poll_state.ctx = " + p1_context(b, "") + ",";
        case ContextSource::current_context:
            break;
    }
    return ".poll_state.ctx = qemu_get_current_aio_context(),";
}

constexpr std::size_t kWidth = 80;  // QEMU's line length

// Appends lines at one indentation level (4 spaces each); "" is a blank line.
struct Lines {
    std::string text;
    void add(int depth, std::string_view line) {
        if (!line.empty()) {
            text.append(static_cast<std::size_t>(depth) * 4, ' ');
            text += line;
        }
        text += '\n';
    }
    // head + "item, item, ..." + tail; too long a line breaks after commas, continuation
    // lines aligned under the first item as in hand-written QEMU code.
    void add_list(int depth, const std::string& head, const std::vector<std::string>& items,
                  std::string_view tail) {
        const std::size_t indent = static_cast<std::size_t>(depth) * 4;
        std::string line = head;
        for (std::size_t i = 0; i < items.size(); ++i) {
            std::string piece = items[i] + (i + 1 < items.size() ? "," : std::string(tail));
            std::size_t room = indent + line.size() + 1 + piece.size();
            if (i > 0 && room > kWidth) {
                add(depth, line);
                line = std::string(head.size(), ' ');
            } else if (i > 0) {
                line += ' ';
            }
            line += piece;
        }
        if (items.empty()) {
            line += tail;
        }
        add(depth, line);
    }
};

void comment(Lines& out, const Block& b) {
    const bool co = b.decl.kind() == Kind::co;
    out.add(0, "/*");
    out.add(0,
            " * Wrapper for " + b.target + " (" + std::string(mark_info(b.decl.mark).name) + "):");
    out.add(0, " * struct " + b.name + ", " + (co ? "coroutine entry " : "bottom half ") +
                   b.target + (co ? "_entry()," : "_bh(),"));
    out.add(0, " * public function " + b.decl.name + "().");
    out.add(0, " */");
    out.add(0, "");
}

void struct_definition(Lines& out, const Block& b) {
    const bool co = b.decl.kind() == Kind::co;
    out.add(0, "typedef struct " + b.name + " {");
    out.add(1, co ? "BdrvPollCo poll_state;" : "Coroutine *co;");
    if (b.returns && (b.d.ret_in_struct || !co)) {
        out.add(1, type_and_name(b.decl.return_type, "ret") + ";");
    }
    for (const Param& p : b.decl.params) {
        out.add(1, p.field_decl + ";");
    }
    out.add(0, "} " + b.name + ";");
    out.add(0, "");
}

// `.Pi = Pi,` for each parameter, after the fixed fields.
void initializer_fields(Lines& out, const Block& b, int depth) {
    for (const Param& p : b.decl.params) {
        out.add(depth, "." + p.name + " = " + p.name + ",");
    }
}

void co_entry(Lines& out, const Block& b) {
    std::string result;
    if (b.returns) {
        result = b.d.ret_in_struct ? "s->ret = " : "s->poll_state.ret = ";
    }
    out.add(0, "static void coroutine_fn " + b.target + "_entry(void *opaque)");
    out.add(0, "{");
    out.add(1, b.name + " *s = opaque;");
    out.add(0, "");
    if (b.decl.rdlock()) {
        out.add(1, "bdrv_graph_co_rdlock();");
    }
    out.add_list(1, result + b.target + "(", args(b.decl, "s->"), ");");
    if (b.decl.rdlock()) {
        out.add(1, "bdrv_graph_co_rdunlock();");
    }
    out.add(1, "s->poll_state.in_progress = false;");
    out.add(0, "");
    out.add(1, "aio_wait_kick();");
    out.add(0, "}");
    out.add(0, "");
}

void line_directive(Lines& out, const Block& b) {
    if (!b.options.line_directives) {
        return;
    }
    std::string path;
    for (char c : b.decl.file) {
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
    out.add(0, "#line " + std::to_string(b.decl.name_loc.line) + " \"" + path + "\"");
}

// Creates the coroutine and polls until it is done; `depth` is the indentation.
void co_create_and_poll(Lines& out, const Block& b, int depth) {
    out.add_list(depth, "s.poll_state.co = qemu_coroutine_create(", {b.target + "_entry", "&s"},
                 ");");
    out.add(0, "");
    if (!b.d.ret_in_struct) {
        // Up to qemu-6.2 the result travels in poll_state.ret, returned by bdrv_poll_co().
        out.add(depth, std::string(b.returns ? "return " : "") + "bdrv_poll_co(&s.poll_state);");
        return;
    }
    out.add(depth, "bdrv_poll_co(&s.poll_state);");
    if (b.returns) {
        out.add(depth, "return s.ret;");
    }
}

void co_public(Lines& out, const Block& b) {
    line_directive(out, b);
    out.add_list(0, type_and_name(b.decl.return_type, b.decl.name) + "(", decls(b.decl), ")");
    out.add(0, "{");
    const int depth = b.decl.mixed() ? 2 : 1;
    if (b.decl.mixed()) {
        out.add(1, "if (qemu_in_coroutine()) {");
        if (b.decl.rdlock()) {
            out.add(2, "assume_graph_lock();");
        }
        out.add_list(2, (b.returns ? "return " : "") + b.target + "(", args(b.decl, ""), ");");
        out.add(1, "} else {");
    }
    out.add(depth, b.name + " s = {");
    out.add(depth + 1, poll_state_origin(b));
    out.add(depth + 1, ".poll_state.in_progress = true,");
    if (!b.decl.params.empty()) {
        out.add(0, "");
        initializer_fields(out, b, depth + 1);
    }
    out.add(depth, "};");
    if (!b.decl.mixed()) {
        out.add(depth, "assert(!qemu_in_coroutine());");
    }
    out.add(0, "");
    co_create_and_poll(out, b, depth);
    if (b.decl.mixed()) {
        out.add(1, "}");
    }
    out.add(0, "}");
}

void no_co_bh(Lines& out, const Block& b) {
    const bool acquire = b.d.bh_acquires_context;
    const std::string lock_arg = b.d.wrlock_takes_null ? "NULL" : "";
    out.add(0, "static void " + b.target + "_bh(void *opaque)");
    out.add(0, "{");
    out.add(1, b.name + " *s = opaque;");
    if (acquire) {
        out.add(1, "AioContext *ctx = " + p1_context(b, "s->") + ";");
    }
    out.add(0, "");
    if (b.decl.rdlock()) {
        out.add(1, "bdrv_graph_rdlock_main_loop();");
    }
    if (b.decl.wrlock()) {
        out.add(1, "bdrv_graph_wrlock(" + lock_arg + ");");
    }
    if (acquire) {
        out.add(1, "aio_context_acquire(ctx);");
    }
    out.add_list(1, (b.returns ? "s->ret = " : "") + b.target + "(", args(b.decl, "s->"), ");");
    if (acquire) {
        out.add(1, "aio_context_release(ctx);");
    }
    if (b.decl.rdlock()) {
        out.add(1, "bdrv_graph_rdunlock_main_loop();");
    }
    if (b.decl.wrlock()) {
        out.add(1, "bdrv_graph_wrunlock(" + lock_arg + ");");
    }
    out.add(0, "");
    out.add(1, "aio_co_wake(s->co);");
    out.add(0, "}");
    out.add(0, "");
}

void no_co_public(Lines& out, const Block& b) {
    line_directive(out, b);
    out.add_list(0, b.decl.return_type + " coroutine_fn " + b.decl.name + "(", decls(b.decl), ")");
    out.add(0, "{");
    out.add(1, b.name + " s = {");
    out.add(2, ".co = qemu_coroutine_self(),");
    initializer_fields(out, b, 2);
    out.add(1, "};");
    out.add(1, "assert(qemu_in_coroutine());");
    out.add(0, "");
    out.add_list(1, "aio_bh_schedule_oneshot(", {"qemu_get_aio_context()", b.target + "_bh", "&s"},
                 ");");
    out.add(1, "qemu_coroutine_yield();");
    if (b.returns) {
        out.add(0, "");
        out.add(1, "return s.ret;");
    }
    out.add(0, "}");
}

}  // namespace

std::string emit_wrapper(const Declaration& decl, const Dialect& d, const EmitOptions& options) {
    std::string target = target_name(decl.name, decl.kind()).value_or(decl.name);
    std::string from = d.struct_from_wrapper ? decl.name : target;
    std::string name = camel_case(from).value_or(from);
    const Block b{decl, d, options, std::move(target), std::move(name), decl.return_type != "void"};

    Lines out;
    out.add(0, "");
    out.add(0, "");
    comment(out, b);
    struct_definition(out, b);
    if (decl.kind() == Kind::co) {
        co_entry(out, b);
        co_public(out, b);
    } else {
        no_co_bh(out, b);
        no_co_public(out, b);
    }
    return out.text;
}

}  // namespace cowrap
