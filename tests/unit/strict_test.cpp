// check_strict: each wrapper against its target's declarations, one rule per test.
#include "core/strict.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace cowrap {
namespace {

using ::testing::HasSubstr;

struct Checked {
    std::vector<Source> sources;
    std::vector<Finding> findings;
};

// Parses the files (path, text) like `check --strict` does and runs the check.
Checked run(const std::vector<std::pair<std::string, std::string>>& files,
            const StrictOptions& options = {}) {
    Checked c;
    std::vector<Declaration> decls;
    // The declarations view their sources (not moved: reserved) and arenas.
    std::vector<TextArena> arenas;
    c.sources.reserve(files.size());
    for (const auto& [path, text] : files) {
        c.sources.push_back(make_source(path, text));
        ParseResult r = parse_source(c.sources.back());
        EXPECT_FALSE(has_errors(r.diagnostics)) << path;
        decls.insert(decls.end(), r.declarations.begin(), r.declarations.end());
        arenas.push_back(std::move(r.arena));
    }
    c.findings = check_strict(decls, collect_prototypes(c.sources, {}), options);
    return c;
}

Checked run(const std::string& text, const StrictOptions& options = {}) {
    return run({{"t.h", text}}, options);
}

std::string dump(const Checked& c) {
    std::string out;
    for (const Finding& f : c.findings) {
        out += format_finding(f, c.sources);
    }
    return out;
}

std::string at(const Location& l) {
    return std::to_string(l.line) + ":" + std::to_string(l.column);
}

// Exactly one finding, of `severity`, at line:col of t.h, with `words`; its notes' places.
const Finding& expect_one(const Checked& c, Severity severity, Location loc,
                          const std::string& words, const std::vector<Location>& notes = {}) {
    static const Finding none;
    EXPECT_EQ(c.findings.size(), 1u) << dump(c);
    if (c.findings.size() != 1) {
        return none;
    }
    const Finding& f = c.findings.front();
    EXPECT_EQ(f.diagnostic.severity, severity) << dump(c);
    EXPECT_EQ(f.diagnostic.file, "t.h");
    EXPECT_EQ(at(f.diagnostic.loc), at(loc)) << dump(c);
    EXPECT_THAT(f.diagnostic.message, HasSubstr(words));
    EXPECT_EQ(f.notes.size(), notes.size()) << dump(c);
    for (std::size_t i = 0; i < notes.size() && i < f.notes.size(); ++i) {
        EXPECT_EQ(f.notes[i].severity, Severity::note);
        EXPECT_EQ(at(f.notes[i].loc), at(notes[i])) << dump(c);
    }
    return f;
}

// ---------------------------------------------------------------------------------------------
// Matching declarations
// ---------------------------------------------------------------------------------------------

TEST(Strict, MatchingTargetGivesNothing) {
    Checked c =
        run("int coroutine_fn GRAPH_RDLOCK bdrv_co_foo(BlockDriverState *bs, int64_t off);\n"
            "int co_wrapper_mixed_bdrv_rdlock bdrv_foo(BlockDriverState *bs, int64_t off);\n"
            "BlockBackend * coroutine_fn no_co_wrapper blk_co_new(const char *name);\n"
            "BlockBackend *blk_new(const char *name);\n");
    EXPECT_TRUE(c.findings.empty()) << dump(c);
}

TEST(Strict, NamesLayoutAndTopLevelQualifiersDoNotCount) {
    Checked c =
        run("int coroutine_fn bdrv_co_foo(BlockDriverState*a, const int64_t b, char *const c,\n"
            "                             void (*cb)(void *));\n"
            "int co_wrapper bdrv_foo(BlockDriverState * bs, int64_t off, char *buf,\n"
            "                        void (*fn)(void *opaque));\n"
            "void coroutine_fn bdrv_co_bar(void);\n"
            "void co_wrapper bdrv_bar();\n");
    EXPECT_TRUE(c.findings.empty()) << dump(c);
}

TEST(Strict, ArrayParameterMatchesPointer) {
    Checked c =
        run("int coroutine_fn bdrv_co_foo(uint8_t *buf);\n"
            "int co_wrapper bdrv_foo(uint8_t buf[16]);\n");
    EXPECT_TRUE(c.findings.empty()) << dump(c);
}

TEST(Strict, TargetInAnotherInput) {
    Checked c = run({{"a.h", "int co_wrapper bdrv_foo(BlockDriverState *bs);\n"},
                     {"b.h", "int coroutine_fn bdrv_co_foo(BlockDriverState *bs);\n"}});
    EXPECT_TRUE(c.findings.empty()) << dump(c);
}

// ---------------------------------------------------------------------------------------------
// Signature errors: at the wrapper, a note at the target
// ---------------------------------------------------------------------------------------------

TEST(Strict, ParameterCount) {
    Checked c =
        run("int coroutine_fn bdrv_co_foo(BlockDriverState *bs);\n"
            "int co_wrapper bdrv_foo(BlockDriverState *bs, int64_t off);\n");
    const Finding& f = expect_one(c, Severity::error, {2, 16},
                                  "'bdrv_foo' (co_wrapper) has 2 parameters but its target "
                                  "'bdrv_co_foo' has 1",
                                  {{1, 18}});
    ASSERT_EQ(f.notes.size(), 1u);
    EXPECT_EQ(f.notes[0].file, "t.h");
    EXPECT_THAT(f.notes[0].message, HasSubstr("'bdrv_co_foo' is declared here"));
}

TEST(Strict, VariadicTargetHasAnotherCount) {
    Checked c =
        run("int coroutine_fn bdrv_co_foo(BlockDriverState *bs, ...);\n"
            "int co_wrapper bdrv_foo(BlockDriverState *bs);\n");
    expect_one(c, Severity::error, {2, 16}, "has 1 parameter but its target", {{1, 18}});
}

TEST(Strict, ParameterType) {
    Checked c =
        run("int coroutine_fn bdrv_co_foo(BlockDriverState *bs,\n"
            "                             int64_t offset);\n"
            "int co_wrapper bdrv_foo(BlockDriverState *bs, int offset);\n");
    expect_one(c, Severity::error, {3, 47},
               "parameter 2 of 'bdrv_foo' ('int offset') has type 'int' but parameter 2 of its "
               "target 'bdrv_co_foo' has type 'int64_t'",
               {{2, 30}});
}

TEST(Strict, EveryDifferingParameter) {
    Checked c =
        run("int coroutine_fn bdrv_co_foo(BdrvChild *c, int64_t a, int64_t b);\n"
            "int co_wrapper bdrv_foo(BlockDriverState *bs, int64_t a, int b);\n");
    ASSERT_EQ(c.findings.size(), 2u) << dump(c);
    EXPECT_THAT(c.findings[0].diagnostic.message, HasSubstr("parameter 1"));
    EXPECT_THAT(c.findings[1].diagnostic.message, HasSubstr("parameter 3"));
}

TEST(Strict, ReturnType) {
    Checked c =
        run("int64_t coroutine_fn bdrv_co_foo(BlockDriverState *bs);\n"
            "int co_wrapper bdrv_foo(BlockDriverState *bs);\n");
    expect_one(c, Severity::error, {2, 16},
               "'bdrv_foo' (co_wrapper) returns 'int' but its target 'bdrv_co_foo' returns "
               "'int64_t'",
               {{1, 22}});
}

TEST(Strict, NoCoSignature) {
    Checked c =
        run("BdrvChild *bdrv_open_child(const char *filename, QDict *options);\n"
            "BdrvChild * coroutine_fn no_co_wrapper\n"
            "bdrv_co_open_child(const char *filename);\n");
    expect_one(c, Severity::error, {3, 1}, "has 1 parameter but its target 'bdrv_open_child' has 2",
               {{1, 12}});
}

TEST(Strict, EachDeclarationOfTheTargetIsCompared) {
    Checked c = run({{"t.h",
                      "int coroutine_fn bdrv_co_foo(BlockDriverState *bs);\n"
                      "int co_wrapper bdrv_foo(BlockDriverState *bs);\n"},
                     {"u.h", "int coroutine_fn bdrv_co_foo(BdrvChild *c);\n"}});
    const Finding& f =
        expect_one(c, Severity::error, {2, 25}, "has type 'BlockDriverState *'", {{1, 30}});
    ASSERT_EQ(f.notes.size(), 1u);
    EXPECT_EQ(f.notes[0].file, "u.h");
}

// ---------------------------------------------------------------------------------------------
// coroutine_fn
// ---------------------------------------------------------------------------------------------

TEST(Strict, CoTargetMustBeCoroutineFn) {
    for (std::string mark : {"co_wrapper", "co_wrapper_mixed", "co_wrapper_bdrv_rdlock",
                             "co_wrapper_mixed_bdrv_rdlock", "generated_co_wrapper"}) {
        SCOPED_TRACE(mark);
        Checked c =
            run("int GRAPH_RDLOCK bdrv_co_foo(BlockDriverState *bs);\n"
                "int " +
                mark + " bdrv_foo(BlockDriverState *bs);\n");
        const Finding& f = expect_one(
            c, Severity::error, {2, 6 + mark.size()},
            "the target 'bdrv_co_foo' of 'bdrv_foo' (" + mark + ") is not declared coroutine_fn",
            {{1, 18}});
        ASSERT_EQ(f.notes.size(), 1u);
        EXPECT_THAT(f.notes[0].message, HasSubstr("without coroutine_fn"));
    }
}

TEST(Strict, CoroutineFnAsTrailingAnnotationCounts) {
    Checked c =
        run("int bdrv_co_foo(BlockDriverState *bs) coroutine_fn;\n"
            "int co_wrapper bdrv_foo(BlockDriverState *bs);\n");
    EXPECT_TRUE(c.findings.empty()) << dump(c);
}

TEST(Strict, CoroutineFnOnOneDeclarationIsEnough) {
    Checked c =
        run("int bdrv_co_foo(BlockDriverState *bs);\n"
            "int coroutine_fn bdrv_co_foo(BlockDriverState *bs) { return 0; }\n"
            "int co_wrapper bdrv_foo(BlockDriverState *bs);\n");
    EXPECT_TRUE(c.findings.empty()) << dump(c);
}

TEST(Strict, CoroutineMixedFnTargetIsAllowed) {
    // Callable in and out of coroutines, so from the generated coroutine and the bottom half.
    Checked c =
        run("int coroutine_mixed_fn bdrv_co_foo(BlockDriverState *bs);\n"
            "int co_wrapper bdrv_foo(BlockDriverState *bs);\n"
            "int coroutine_mixed_fn bdrv_bar(BlockDriverState *bs);\n"
            "int coroutine_fn no_co_wrapper bdrv_co_bar(BlockDriverState *bs);\n");
    EXPECT_TRUE(c.findings.empty()) << dump(c);
}

TEST(Strict, NoCoTargetMustNotBeCoroutineFn) {
    for (std::string mark :
         {"no_co_wrapper", "no_co_wrapper_bdrv_rdlock", "no_co_wrapper_bdrv_wrlock"}) {
        SCOPED_TRACE(mark);
        Checked c =
            run("int coroutine_fn bdrv_foo(BlockDriverState *bs);\n"
                "int coroutine_fn " +
                mark + " bdrv_co_foo(BlockDriverState *bs);\n");
        const Finding& f = expect_one(
            c, Severity::error, {2, 19 + mark.size()},
            "the target 'bdrv_foo' of 'bdrv_co_foo' (" + mark + ") is declared coroutine_fn",
            {{1, 18}});
        ASSERT_EQ(f.notes.size(), 1u);
        EXPECT_THAT(f.notes[0].message, HasSubstr("coroutine_fn"));
    }
}

TEST(Strict, NoCoTargetNoCoroutineFnIsFine) {
    Checked c =
        run("int no_coroutine_fn GRAPH_WRLOCK bdrv_foo(BlockDriverState *bs);\n"
            "int coroutine_fn no_co_wrapper_bdrv_wrlock bdrv_co_foo(BlockDriverState *bs);\n");
    EXPECT_TRUE(c.findings.empty()) << dump(c);
}

// A wrapper's generated function is a declaration too: co wrappers are no_coroutine_fn (mixed
// ones also coroutine_mixed_fn), no_co wrappers coroutine_fn.
TEST(Strict, TargetThatIsAWrapper) {
    Checked ok =
        run("int coroutine_fn no_co_wrapper bdrv_co_foo(BlockDriverState *bs);\n"
            "int co_wrapper bdrv_foo(BlockDriverState *bs);\n");
    // bdrv_co_foo's target is bdrv_foo (a co wrapper, callable outside coroutines): fine;
    // bdrv_foo's target is bdrv_co_foo (generated coroutine_fn): fine.
    EXPECT_TRUE(ok.findings.empty()) << dump(ok);

    Checked bad =
        run("int coroutine_fn no_co_wrapper bdrv_co_foo(BlockDriverState *bs);\n"
            "int co_wrapper bdrv_foo(BdrvChild *c);\n");
    ASSERT_EQ(bad.findings.size(), 2u) << dump(bad);
    for (const Finding& f : bad.findings) {
        ASSERT_EQ(f.notes.size(), 1u);
        EXPECT_THAT(f.notes[0].message, HasSubstr("as a wrapper"));
    }
}

// ---------------------------------------------------------------------------------------------
// Targets that are not there; wrappers also declared as ordinary functions
// ---------------------------------------------------------------------------------------------

TEST(Strict, MissingTargetWarns) {
    Checked c = run("int co_wrapper bdrv_foo(BlockDriverState *bs);\n");
    expect_one(c, Severity::warning, {1, 16},
               "the target 'bdrv_co_foo' of 'bdrv_foo' (co_wrapper) is not declared in any "
               "input");
    EXPECT_FALSE(has_errors(c.findings));
}

TEST(Strict, MissingTargetIsAnErrorWithRequireTargets) {
    StrictOptions o;
    o.require_targets = true;
    Checked c = run("void coroutine_fn no_co_wrapper blk_co_unref(BlockBackend *blk);\n", o);
    expect_one(c, Severity::error, {1, 33}, "the target 'blk_unref' of 'blk_co_unref'");
    EXPECT_TRUE(has_errors(c.findings));
}

TEST(Strict, TargetInsideIfZeroIsNotDeclared) {
    Checked c =
        run("#if 0\nint coroutine_fn bdrv_co_foo(BlockDriverState *bs);\n#endif\n"
            "int co_wrapper bdrv_foo(BlockDriverState *bs);\n");
    expect_one(c, Severity::warning, {4, 16}, "is not declared in any input");
}

TEST(Strict, WrapperAlsoDeclaredAsOrdinaryFunction) {
    Checked c =
        run("int coroutine_fn bdrv_co_foo(BlockDriverState *bs);\n"
            "int co_wrapper bdrv_foo(BlockDriverState *bs);\n"
            "int bdrv_foo(BlockDriverState *bs);\n");
    const Finding& f = expect_one(c, Severity::warning, {2, 16},
                                  "'bdrv_foo' (co_wrapper) is also declared as an ordinary "
                                  "function",
                                  {{3, 5}});
    ASSERT_EQ(f.notes.size(), 1u);
    EXPECT_THAT(f.notes[0].message, HasSubstr("declared here as an ordinary function"));
}

TEST(Strict, WrapperAlsoDefined) {
    Checked c =
        run("int coroutine_fn bdrv_co_foo(BlockDriverState *bs);\n"
            "int co_wrapper bdrv_foo(BlockDriverState *bs);\n"
            "static inline int bdrv_foo(BlockDriverState *bs) { return 0; }\n");
    const Finding& f = expect_one(c, Severity::warning, {2, 16}, "also declared", {{3, 19}});
    ASSERT_EQ(f.notes.size(), 1u);
    EXPECT_THAT(f.notes[0].message, HasSubstr("defined here"));
}

// A context header's wrappers are declarations of their names (here the target of a wrapper
// of the checked header), but are not checked themselves (bdrv_orphan's target is nowhere).
TEST(Strict, ContextWrappersAreDeclarationsButNotChecked) {
    Source checked = make_source("io.h", "int co_wrapper bdrv_lock(BlockDriverState *bs);\n");
    Source context = make_source("ctx.h",
                                 "int no_co_wrapper bdrv_co_lock(BlockDriverState *bs);\n"
                                 "int co_wrapper bdrv_orphan(BlockDriverState *bs);\n");
    ParseResult mine = parse_source(checked);
    ParseResult theirs = parse_source(context);
    StrictOptions o;
    o.require_targets = true;
    const auto without = check_strict(mine.declarations, {}, o);
    ASSERT_EQ(without.size(), 1u);
    EXPECT_THAT(without[0].diagnostic.message, HasSubstr("not declared in any input"));
    for (const Finding& f : check_strict(mine.declarations, {}, o, theirs.declarations)) {
        EXPECT_THAT(f.diagnostic.message, ::testing::Not(HasSubstr("not declared in any input")))
            << f.diagnostic.message;
        EXPECT_EQ(f.diagnostic.file, "io.h");
    }
}

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------

TEST(Strict, FormatShowsBothPlacesWithCarets) {
    Checked c =
        run("int coroutine_fn bdrv_co_foo(BlockDriverState *bs);\n"
            "int co_wrapper bdrv_foo(BdrvChild *c);\n");
    ASSERT_EQ(c.findings.size(), 1u);
    EXPECT_EQ(format_finding(c.findings[0], c.sources),
              "t.h:2:25: error: parameter 1 of 'bdrv_foo' ('BdrvChild *c') has type "
              "'BdrvChild *' but parameter 1 of its target 'bdrv_co_foo' has type "
              "'BlockDriverState *'\n"
              "    2 | int co_wrapper bdrv_foo(BdrvChild *c);\n"
              "      |                         ^\n"
              "t.h:1:30: note: 'bdrv_co_foo' is declared here\n"
              "    1 | int coroutine_fn bdrv_co_foo(BlockDriverState *bs);\n"
              "      |                              ^\n");
}

TEST(Strict, PrototypeParameterLocations) {
    Source s = make_source("t.h",
                           "int f(int a,\n      void (*cb)(int, char),\n      char b[4]);\n"
                           "int g(void);\n");
    ParseOptions o;
    o.collect_prototypes = true;
    ParseResult r = parse_source(s, o);
    ASSERT_EQ(r.prototypes.size(), 2u);
    ASSERT_EQ(r.prototypes[0].param_locs.size(), 3u);
    EXPECT_EQ(at(r.prototypes[0].param_locs[0]), "1:7");
    EXPECT_EQ(at(r.prototypes[0].param_locs[1]), "2:7");
    EXPECT_EQ(at(r.prototypes[0].param_locs[2]), "3:7");
    EXPECT_TRUE(r.prototypes[1].param_locs.empty());
}

}  // namespace
}  // namespace cowrap
