#include "core/emit.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>

#include "make_decl.hpp"

namespace cowrap {
namespace {

using test::bs;
using test::child;
using test::decl;
using test::param;
using ::testing::HasSubstr;
using ::testing::Not;

const Dialect& dialect(std::string_view name) {
    return *resolve_dialect(name);
}

// C tokens, comments dropped, each preprocessor line one token: the spec's unit of equality.
std::vector<std::string> tokens(std::string_view text) {
    std::vector<std::string> out;
    std::size_t i = 0;
    bool line_start = true;
    while (i < text.size()) {
        char c = text[i];
        if (c == '\n') {
            line_start = true;
            ++i;
        } else if (std::isspace(static_cast<unsigned char>(c))) {
            ++i;
        } else if (text.substr(i, 2) == "/*") {
            i = text.find("*/", i + 2) + 2;
        } else if (c == '#' && line_start) {
            std::size_t end = text.find('\n', i);
            std::string line(text.substr(i, end - i));
            out.push_back(line);
            i = end;
        } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '_') {
            std::size_t start = i;
            while (i < text.size() &&
                   (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '_')) {
                ++i;
            }
            out.emplace_back(text.substr(start, i - start));
            line_start = false;
        } else if (c == '"') {
            std::size_t end = text.find('"', i + 1);
            out.emplace_back(text.substr(i, end + 1 - i));
            i = end + 1;
            line_start = false;
        } else {
            std::size_t n = text.substr(i, 2) == "->" ? 2 : 1;
            out.emplace_back(text.substr(i, n));
            i += n;
            line_start = false;
        }
    }
    return out;
}

std::string joined(const std::vector<std::string>& toks) {
    std::string out;
    for (const std::string& t : toks) {
        out += (out.empty() ? "" : " ") + t;
    }
    return out;
}

// Compares token streams; both sides are re-spaced so the failure shows readable text.
void expect_tokens(const std::string& emitted, std::string_view expected) {
    EXPECT_EQ(joined(tokens(emitted)), joined(tokens(expected))) << emitted;
}

std::string emit(const Declaration& d, std::string_view dialect_name, EmitOptions o = {}) {
    return emit_wrapper(d, dialect(dialect_name), o);
}

Declaration pwrite_zeroes(Mark m) {
    return decl(m, "int", "bdrv_pwrite_zeroes",
                {child(), param("int64_t", "offset"), param("BdrvRequestFlags", "flags")});
}

TEST(Emit, Qemu90CoWrapperWithRdlock) {
    expect_tokens(emit(pwrite_zeroes(Mark::co_wrapper_bdrv_rdlock), "qemu-9.0"), R"(
typedef struct BdrvPwriteZeroes {
    BdrvPollCo poll_state;
    int ret;
    BdrvChild *child;
    int64_t offset;
    BdrvRequestFlags flags;
} BdrvPwriteZeroes;
static void coroutine_fn bdrv_co_pwrite_zeroes_entry(void *opaque)
{
    BdrvPwriteZeroes *s = opaque;
    bdrv_graph_co_rdlock();
    s->ret = bdrv_co_pwrite_zeroes(s->child, s->offset, s->flags);
    bdrv_graph_co_rdunlock();
    s->poll_state.in_progress = false;
    aio_wait_kick();
}
int bdrv_pwrite_zeroes(BdrvChild *child, int64_t offset, BdrvRequestFlags flags)
{
    BdrvPwriteZeroes s = {
        .poll_state.ctx = qemu_get_current_aio_context(),
        .poll_state.in_progress = true,
        .child = child,
        .offset = offset,
        .flags = flags,
    };
    assert(!qemu_in_coroutine());
    s.poll_state.co = qemu_coroutine_create(bdrv_co_pwrite_zeroes_entry, &s);
    bdrv_poll_co(&s.poll_state);
    return s.ret;
}
)");
}

TEST(Emit, Qemu90MixedVoidWrapper) {
    Declaration d = decl(Mark::co_wrapper_mixed_bdrv_rdlock, "void", "blk_drain", {test::blk()});
    expect_tokens(emit(d, "qemu-9.0"), R"(
typedef struct BlkDrain {
    BdrvPollCo poll_state;
    BlockBackend *blk;
} BlkDrain;
static void coroutine_fn blk_co_drain_entry(void *opaque)
{
    BlkDrain *s = opaque;
    bdrv_graph_co_rdlock();
    blk_co_drain(s->blk);
    bdrv_graph_co_rdunlock();
    s->poll_state.in_progress = false;
    aio_wait_kick();
}
void blk_drain(BlockBackend *blk)
{
    if (qemu_in_coroutine()) {
        assume_graph_lock();
        blk_co_drain(blk);
    } else {
        BlkDrain s = {
            .poll_state.ctx = qemu_get_current_aio_context(),
            .poll_state.in_progress = true,
            .blk = blk,
        };
        s.poll_state.co = qemu_coroutine_create(blk_co_drain_entry, &s);
        bdrv_poll_co(&s.poll_state);
    }
}
)");
}

TEST(Emit, MixedWithoutRdlockHasNoAssume) {
    std::string text = emit(pwrite_zeroes(Mark::co_wrapper_mixed), "qemu-9.0");
    EXPECT_THAT(text, Not(HasSubstr("assume_graph_lock")));
    EXPECT_THAT(text, Not(HasSubstr("rdlock")));
    EXPECT_THAT(text, HasSubstr("return bdrv_co_pwrite_zeroes(child, offset, flags);"));
    EXPECT_THAT(text, Not(HasSubstr("assert(")));
}

TEST(Emit, Qemu90NoCoWrapperWithWrlock) {
    Declaration d = decl(Mark::no_co_wrapper_bdrv_wrlock, "BlockDriverState *", "bdrv_co_open",
                         {param("const char *", "filename"), param("int", "flags")});
    expect_tokens(emit(d, "qemu-9.0"), R"(
typedef struct BdrvCoOpen {
    Coroutine *co;
    BlockDriverState *ret;
    const char *filename;
    int flags;
} BdrvCoOpen;
static void bdrv_open_bh(void *opaque)
{
    BdrvCoOpen *s = opaque;
    bdrv_graph_wrlock();
    s->ret = bdrv_open(s->filename, s->flags);
    bdrv_graph_wrunlock();
    aio_co_wake(s->co);
}
BlockDriverState * coroutine_fn bdrv_co_open(const char *filename, int flags)
{
    BdrvCoOpen s = {
        .co = qemu_coroutine_self(),
        .filename = filename,
        .flags = flags,
    };
    assert(qemu_in_coroutine());
    aio_bh_schedule_oneshot(qemu_get_aio_context(), bdrv_open_bh, &s);
    qemu_coroutine_yield();
    return s.ret;
}
)");
}

TEST(Emit, NoCoRdlockUsesTheMainLoopLock) {
    Declaration d = decl(Mark::no_co_wrapper_bdrv_rdlock, "void", "bdrv_co_unref", {bs()});
    std::string text = emit(d, "qemu-9.0");
    expect_tokens(text.substr(text.find("static void")), R"(
static void bdrv_unref_bh(void *opaque)
{
    BdrvCoUnref *s = opaque;
    bdrv_graph_rdlock_main_loop();
    bdrv_unref(s->bs);
    bdrv_graph_rdunlock_main_loop();
    aio_co_wake(s->co);
}
void coroutine_fn bdrv_co_unref(BlockDriverState *bs)
{
    BdrvCoUnref s = {
        .co = qemu_coroutine_self(),
        .bs = bs,
    };
    assert(qemu_in_coroutine());
    aio_bh_schedule_oneshot(qemu_get_aio_context(), bdrv_unref_bh, &s);
    qemu_coroutine_yield();
}
)");
}

TEST(Emit, Qemu8xContextComesFromTheFirstParameterByItsRealName) {
    struct Case {
        Param p1;
        std::string ctx;
    };
    const std::vector<Case> cases = {
        {param("BlockDriverState *", "top"), "bdrv_get_aio_context(top)"},
        {param("BdrvChild *", "c"), "bdrv_get_aio_context(c->bs)"},
        {param("BlockBackend *", "be"), "blk_get_aio_context(be)"},
        {param("Job *", "job"), "qemu_get_aio_context()"},
        {param("const BlockDriverState *", "bs"), "qemu_get_aio_context()"},
    };
    for (std::string_view d : {"qemu-8.0", "qemu-8.1", "qemu-8.2"}) {
        for (const Case& c : cases) {
            std::string text = emit(decl(Mark::co_wrapper, "int", "bdrv_x", {c.p1}), d);
            EXPECT_THAT(text, HasSubstr(".poll_state.ctx = " + c.ctx + ",")) << d;
        }
        std::string none = emit(decl(Mark::co_wrapper, "int", "bdrv_x", {}), d);
        EXPECT_THAT(none, HasSubstr(".poll_state.ctx = qemu_get_aio_context(),"));
    }
    std::string current = emit(decl(Mark::co_wrapper, "int", "bdrv_x", {bs()}), "qemu-9.0");
    EXPECT_THAT(current, HasSubstr(".poll_state.ctx = qemu_get_current_aio_context(),"));
}

TEST(Emit, Qemu80NoCoBottomHalfTakesNoContext) {
    Declaration d = decl(Mark::no_co_wrapper, "int", "bdrv_co_x", {bs()});
    std::string text = emit(d, "qemu-8.0");
    expect_tokens(text.substr(text.find("static void"),
                              text.find("int coroutine_fn") - text.find("static void")),
                  R"(
static void bdrv_x_bh(void *opaque)
{
    BdrvCoX *s = opaque;
    s->ret = bdrv_x(s->bs);
    aio_co_wake(s->co);
}
)");
}

TEST(Emit, Qemu81NoCoBottomHalfAcquiresTheContext) {
    Declaration d = decl(Mark::no_co_wrapper, "int", "bdrv_co_x", {param("BdrvChild *", "kid")});
    std::string text = emit(d, "qemu-8.1");
    expect_tokens(text.substr(text.find("static void"),
                              text.find("int coroutine_fn") - text.find("static void")),
                  R"(
static void bdrv_x_bh(void *opaque)
{
    BdrvCoX *s = opaque;
    AioContext *ctx = bdrv_get_aio_context(s->kid->bs);
    aio_context_acquire(ctx);
    s->ret = bdrv_x(s->kid);
    aio_context_release(ctx);
    aio_co_wake(s->co);
}
)");
    std::string other = emit(decl(Mark::no_co_wrapper, "void", "bdrv_co_y", {}), "qemu-8.1");
    EXPECT_THAT(other, HasSubstr("AioContext *ctx = qemu_get_aio_context();"));
}

TEST(Emit, Qemu82LocksOutsideTheContextAndWrlockTakesNull) {
    Declaration w = decl(Mark::no_co_wrapper_bdrv_wrlock, "void", "bdrv_co_x", {bs()});
    std::string text = emit(w, "qemu-8.2");
    expect_tokens(text.substr(text.find("static void"),
                              text.find("void coroutine_fn") - text.find("static void")),
                  R"(
static void bdrv_x_bh(void *opaque)
{
    BdrvCoX *s = opaque;
    AioContext *ctx = bdrv_get_aio_context(s->bs);
    bdrv_graph_wrlock(NULL);
    aio_context_acquire(ctx);
    bdrv_x(s->bs);
    aio_context_release(ctx);
    bdrv_graph_wrunlock(NULL);
    aio_co_wake(s->co);
}
)");
    Declaration r = decl(Mark::no_co_wrapper_bdrv_rdlock, "void", "bdrv_co_x", {test::blk()});
    std::string rd = emit(r, "qemu-8.2");
    EXPECT_THAT(rd, HasSubstr("AioContext *ctx = blk_get_aio_context(s->blk);\n\n"
                              "    bdrv_graph_rdlock_main_loop();\n"
                              "    aio_context_acquire(ctx);"));
}

TEST(Emit, LegacyDialectsPollOnTheBlockDriverState) {
    for (std::string_view d : {"qemu-5.2", "qemu-6.1", "qemu-6.2"}) {
        expect_tokens(emit(pwrite_zeroes(Mark::generated_co_wrapper), d), R"(
typedef struct BdrvCoPwriteZeroes {
    BdrvPollCo poll_state;
    BdrvChild *child;
    int64_t offset;
    BdrvRequestFlags flags;
} BdrvCoPwriteZeroes;
static void coroutine_fn bdrv_co_pwrite_zeroes_entry(void *opaque)
{
    BdrvCoPwriteZeroes *s = opaque;
    s->poll_state.ret = bdrv_co_pwrite_zeroes(s->child, s->offset, s->flags);
    s->poll_state.in_progress = false;
    aio_wait_kick();
}
int bdrv_pwrite_zeroes(BdrvChild *child, int64_t offset, BdrvRequestFlags flags)
{
    if (qemu_in_coroutine()) {
        return bdrv_co_pwrite_zeroes(child, offset, flags);
    } else {
        BdrvCoPwriteZeroes s = {
            .poll_state.bs = child->bs,
            .poll_state.in_progress = true,
            .child = child,
            .offset = offset,
            .flags = flags,
        };
        s.poll_state.co = qemu_coroutine_create(bdrv_co_pwrite_zeroes_entry, &s);
        return bdrv_poll_co(&s.poll_state);
    }
}
)");
    }
}

TEST(Emit, LegacyBsFromEachFirstParameterType) {
    auto bs_line = [](Param p1) {
        return emit(decl(Mark::generated_co_wrapper, "int", "bdrv_x", {p1}), "qemu-6.2");
    };
    EXPECT_THAT(bs_line(param("BlockDriverState *", "top")), HasSubstr(".poll_state.bs = top,"));
    EXPECT_THAT(bs_line(param("BdrvChild *", "c")), HasSubstr(".poll_state.bs = c->bs,"));
    EXPECT_THAT(bs_line(param("BlockBackend *", "be")), HasSubstr(".poll_state.bs = blk_bs(be),"));
}

TEST(Emit, StructNameComesFromWrapperFromQemu80AndFromTargetBefore) {
    for (const Dialect& d : all_dialects()) {
        Mark m = d.generated_co_wrapper_only ? Mark::generated_co_wrapper : Mark::co_wrapper;
        std::string text = emit_wrapper(decl(m, "int", "bdrv_flush", {bs()}), d, {});
        EXPECT_THAT(text, HasSubstr(d.struct_from_wrapper ? "typedef struct BdrvFlush {"
                                                          : "typedef struct BdrvCoFlush {"))
            << d.name;
    }
}

TEST(Emit, NoParametersMeansVoidAndOnlyFixedFields) {
    std::string co = emit(decl(Mark::co_wrapper, "int", "bdrv_x", {}), "qemu-9.0");
    EXPECT_THAT(co, HasSubstr("int bdrv_x(void)\n"));
    EXPECT_THAT(co, HasSubstr("    BdrvPollCo poll_state;\n    int ret;\n} BdrvX;"));
    EXPECT_THAT(co, HasSubstr("s->ret = bdrv_co_x();"));
    EXPECT_THAT(co, HasSubstr(".poll_state.in_progress = true,\n    };"));
    std::string no_co = emit(decl(Mark::no_co_wrapper, "void", "bdrv_co_x", {}), "qemu-9.0");
    EXPECT_THAT(no_co, HasSubstr("void coroutine_fn bdrv_co_x(void)\n"));
    EXPECT_THAT(no_co, HasSubstr("    Coroutine *co;\n} BdrvCoX;"));
    EXPECT_THAT(no_co, HasSubstr("    bdrv_x();\n"));
}

TEST(Emit, FieldsUseTheAdjustedDeclaratorAndPrototypesTheWrittenOne) {
    Param buf = param("uint8_t *", "buf", "uint8_t *buf");
    buf.decl = "uint8_t buf[16]";
    Param cb = param("void (*)(void *)", "cb", "void (*cb)(void *opaque)");
    cb.decl = "void (*cb)(void *opaque)";
    std::string text = emit(decl(Mark::co_wrapper, "int", "bdrv_x", {bs(), buf, cb}), "qemu-9.0");
    EXPECT_THAT(text, HasSubstr("    uint8_t *buf;\n    void (*cb)(void *opaque);\n} BdrvX;"));
    EXPECT_THAT(text, HasSubstr("int bdrv_x(BlockDriverState *bs, uint8_t buf[16], void (*cb)(void "
                                "*opaque))\n"));
    EXPECT_THAT(text, HasSubstr(".buf = buf,\n"));
    EXPECT_THAT(text, HasSubstr("bdrv_co_x(s->bs, s->buf, s->cb);"));
}

TEST(Emit, PointerReturnTypesKeepTheirStar) {
    std::string text =
        emit(decl(Mark::co_wrapper, "const char *", "bdrv_name", {bs()}), "qemu-8.0");
    EXPECT_THAT(text, HasSubstr("    const char *ret;\n"));
    EXPECT_THAT(text, HasSubstr("\nconst char *bdrv_name(BlockDriverState *bs)\n"));
}

TEST(Emit, BlockOpensWithACommentNamingItsParts) {
    std::string text = emit(pwrite_zeroes(Mark::co_wrapper_mixed), "qemu-9.0");
    ASSERT_TRUE(text.starts_with("\n\n/*\n"));
    std::string head = text.substr(0, text.find("*/"));
    for (std::string_view part : {"bdrv_co_pwrite_zeroes", "BdrvPwriteZeroes",
                                  "bdrv_co_pwrite_zeroes_entry", "bdrv_pwrite_zeroes()"}) {
        EXPECT_THAT(head, HasSubstr(std::string(part)));
    }
    std::string bh = emit(decl(Mark::no_co_wrapper, "int", "bdrv_co_x", {bs()}), "qemu-9.0");
    EXPECT_THAT(bh.substr(0, bh.find("*/")), HasSubstr("bdrv_x_bh()"));
    EXPECT_TRUE(text.ends_with("}\n"));
}

TEST(Emit, LineDirectiveGoesRightBeforeThePublicFunction) {
    Declaration d = decl(Mark::co_wrapper, "int", "bdrv_x", {bs()}, 42);
    d.file = "inc/a \"b\"\\c.h";
    EXPECT_THAT(emit(d, "qemu-9.0"), Not(HasSubstr("#line")));
    EmitOptions o;
    o.line_directives = true;
    EXPECT_THAT(emit(d, "qemu-9.0", o),
                HasSubstr("}\n\n#line 42 \"inc/a \\\"b\\\"\\\\c.h\"\nint bdrv_x("));
    Declaration n = decl(Mark::no_co_wrapper, "int", "bdrv_co_x", {bs()}, 7);
    n.file = "/abs/x\n.h";
    o.shown_paths = {{"/abs/x\n.h", "include/x\n.h"}};
    EXPECT_THAT(emit(n, "qemu-8.2", o),
                HasSubstr("#line 7 \"include/x\\012.h\"\nint coroutine_fn bdrv_co_x("));
}

// #line names the header as the file comment does, never with the build folder's "../"
// (the same shard from any build folder).
TEST(Emit, LineDirectiveShowsThePathRelativeToTheRoot) {
    EmitOptions o;
    o.line_directives = true;
    Declaration d = decl(Mark::co_wrapper, "int", "bdrv_x", {bs()}, 3);
    d.file = "../../src/include/a.h";
    EXPECT_THAT(emit(d, "qemu-9.0", o), HasSubstr("#line 3 \"src/include/a.h\"\n"));
    o.shown_paths = {{"../../src/include/a.h", "include/a.h"}};
    EXPECT_THAT(emit(d, "qemu-9.0", o), HasSubstr("#line 3 \"include/a.h\"\n"));
    EXPECT_THAT(emit_prologue({std::string(d.file)}, dialect("qemu-9.0"), o),
                HasSubstr(" *   include/a.h\n"));
}

TEST(Prologue, NamesInputsAndDialectAndDoNotEdit) {
    std::string text =
        emit_prologue({"../include/block/block-io.h", "./x/../b.h"}, dialect("qemu-8.1"), {});
    EXPECT_TRUE(text.starts_with("/*\n"));
    EXPECT_THAT(text, HasSubstr("cowrap"));
    EXPECT_THAT(text, HasSubstr(" *   include/block/block-io.h\n *   b.h\n"));
    EXPECT_THAT(text, HasSubstr("qemu-8.1"));
    EXPECT_THAT(text, HasSubstr("Do not edit"));
    EXPECT_THAT(text, Not(HasSubstr(COWRAP_VERSION)));
}

TEST(Prologue, DefaultIncludesFollowTheDialect) {
    std::string newest = emit_prologue({"a.h"}, dialect("qemu-9.0"), {});
    EXPECT_THAT(newest, HasSubstr("#include \"qemu/osdep.h\"\n#include \"block/coroutines.h\"\n"
                                  "#include \"block/block-gen.h\"\n#include \"block/block_int.h\"\n"
                                  "#include \"block/dirty-bitmap.h\"\n"));
    EXPECT_TRUE(newest.ends_with("#include \"block/dirty-bitmap.h\"\n"));
    std::string old = emit_prologue({"a.h"}, dialect("qemu-6.2"), {});
    EXPECT_TRUE(old.ends_with("#include \"block/block_int.h\"\n"));
    EXPECT_THAT(old, Not(HasSubstr("dirty-bitmap")));
}

TEST(Prologue, UserIncludesReplaceTheList) {
    EmitOptions o;
    o.includes = {"\"my/osdep.h\"", "<stdio.h>", "bare.h"};
    std::string text = emit_prologue({"a.h"}, dialect("qemu-9.0"), o);
    EXPECT_THAT(text, HasSubstr("#include \"my/osdep.h\"\n#include <stdio.h>\n"
                                "#include \"bare.h\"\n"));
    EXPECT_THAT(text, Not(HasSubstr("block/coroutines.h")));
}

TEST(Prologue, APathCannotCloseTheComment) {
    std::string text = emit_prologue({"evil*/x.h"}, dialect("qemu-9.0"), {});
    EXPECT_EQ(text.find("*/"), text.find("*/\n\n#include"));
}

TEST(DisplayPath, NormalisesRelativePaths) {
    EXPECT_EQ(display_path("include/block/block-io.h"), "include/block/block-io.h");
    EXPECT_EQ(display_path("../include/block/block-io.h"), "include/block/block-io.h");
    EXPECT_EQ(display_path("../../qemu/include/a.h"), "qemu/include/a.h");
    EXPECT_EQ(display_path("./a/./b/../c.h"), "a/c.h");
    EXPECT_EQ(display_path("a//b.h"), "a/b.h");
    EXPECT_EQ(display_path("x/../../y.h"), "y.h");
}

TEST(DisplayPath, AbsolutePathsLoseTheirBuildFolderPrefix) {
    namespace fs = std::filesystem;
    fs::path cwd = fs::current_path();
    EXPECT_EQ(display_path((cwd / "include/block/a.h").string()), "include/block/a.h");
    // Beside the working folder: what a CMake build in <src>/build passes.
    EXPECT_EQ(display_path((cwd.parent_path() / "include/a.h").string()), "include/a.h");
    std::string far = display_path("/somewhere/else/a.h");
    EXPECT_FALSE(far.starts_with("/")) << far;
    EXPECT_FALSE(far.starts_with("..")) << far;
    EXPECT_TRUE(far.ends_with("somewhere/else/a.h")) << far;
}

}  // namespace
}  // namespace cowrap
