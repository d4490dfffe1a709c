// The lexical phases before the grammar: splices joined (and mapped back to the file), and
// `#if` conditions made of integer literals evaluated.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/parse.hpp"
#include "core/parse/conditionals.hpp"
#include "core/parse/splices.hpp"

namespace cowrap {
namespace {

TEST(Splices, JoinedAndMappedBack) {
    const std::pair<std::string, std::string> cases[] = {
        {"ab\\\ncd\\\r\nef\\\rg", "abcdefg"},
        // After a splice: escapes, a backslash before a splice's backslash, a backslash and a
        // lone `\r` (a splice too), and a backslash as the last byte (the text between
        // backslashes is copied in one piece).
        {"#define A \\\n  \"x\\ny\\\\\" \\\\\nz\\\rw \\", "#define A   \"x\\ny\\\\\" \\zw \\"},
    };
    for (const auto& [text, joined] : cases) {
        parse::Spliced s = parse::join_splices(text);
        ASSERT_TRUE(s.any) << text;
        EXPECT_EQ(s.text, joined);
        // Each byte of the joined text maps to the same byte of the file.
        for (std::size_t i = 0; i < s.text.size(); ++i) {
            EXPECT_EQ(text[s.physical(i)], s.text[i]) << i;
        }
    }
}

TEST(Splices, NoneLeavesTheTextAlone) {
    parse::Spliced s = parse::join_splices("a \\n \\\\ \"\\\"\" \\");  // escapes, trailing '\'
    EXPECT_FALSE(s.any);
    EXPECT_EQ(s.physical(5), 5u);
}

TEST(Conditions, IntegerLiteralExpressions) {
    using parse::evaluate_condition;
    EXPECT_EQ(evaluate_condition(" 0"), false);
    EXPECT_EQ(evaluate_condition("1"), true);
    EXPECT_EQ(evaluate_condition("0x0"), false);
    EXPECT_EQ(evaluate_condition("0X10"), true);
    EXPECT_EQ(evaluate_condition("0L"), false);
    EXPECT_EQ(evaluate_condition("1ull"), true);
    EXPECT_EQ(evaluate_condition("00"), false);
    EXPECT_EQ(evaluate_condition("0b0"), false);
    EXPECT_EQ(evaluate_condition("!1"), false);
    EXPECT_EQ(evaluate_condition("!0"), true);
    EXPECT_EQ(evaluate_condition("( ( 0 ) ) /* c */"), false);
    EXPECT_EQ(evaluate_condition("-1"), true);
    EXPECT_EQ(evaluate_condition("~0"), true);
    EXPECT_EQ(evaluate_condition("1 && 0"), false);
    EXPECT_EQ(evaluate_condition("0 || 1 // c"), true);
}

TEST(Conditions, WhatCowrapCannotEvaluate) {
    using parse::evaluate_condition;
    for (const char* c : {"", "FOO", "defined(FOO)", "defined FOO", "1 + 1", "0x", "08", "1u2",
                          "(1", "1)", "0xffffffffffffffffff", "'a'", "1 == 1", "1.0"}) {
        EXPECT_FALSE(evaluate_condition(c).has_value()) << c;
    }
}

TEST(Conditions, DeadGroupsAreBlankedInPlace) {
    std::string text = "#if 0\nA\n#elif 1\nB\n#else\nC\n#endif\n";
    ASSERT_TRUE(parse::blank_dead_groups(text));
    EXPECT_EQ(text, "     \n \n       \nB\n     \n \n      \n");
    // A chain with a condition cowrap cannot evaluate keeps its directives and live groups.
    std::string mixed = "#ifdef X\nA\n#elif 0\nB\n#endif\n";
    ASSERT_TRUE(parse::blank_dead_groups(mixed));
    EXPECT_EQ(mixed, "#ifdef X\nA\n#elif 0\n \n#endif\n");
    // Without its #endif nothing is blanked: the grammar reports it.
    std::string open = "#if 0\nA\n";
    EXPECT_FALSE(parse::blank_dead_groups(open));
}

TEST(Lexical, DiagnosticsPointAtTheFileThroughSplices) {
    // `co_wra\` + `pper_bogus`: one identifier, an unknown mark, located where it starts.
    ParseResult r = parse_source(make_source(
        "t.h", "/* x */ \\\nint co_wra\\\npper_bogus bdrv_foo(BlockDriverState *bs);\n"));
    ASSERT_EQ(r.diagnostics.size(), 1u);
    EXPECT_EQ(r.diagnostics[0].loc, (Location{2, 5}));
    EXPECT_NE(r.diagnostics[0].message.find("co_wrapper_bogus"), std::string::npos);
}

TEST(Lexical, ParameterLocationsThroughSplicesAndDigraphs) {
    // The declarations view the source (and the joined copy in r.arena): it must outlive them.
    const Source source =
        make_source("t.h", "int co_wrapper bdrv_foo(Block\\\nDriverState *bs, char b<:4:>);\n");
    ParseResult r = parse_source(source);
    ASSERT_TRUE(r.diagnostics.empty());
    ASSERT_EQ(r.declarations.size(), 1u);
    const Declaration& d = r.declarations[0];
    ASSERT_EQ(d.params.size(), 2u);
    EXPECT_EQ(d.params[0].decl, "BlockDriverState *bs");
    EXPECT_EQ(d.params[1].name_loc, (Location{2, 23}));
    EXPECT_EQ(d.params[1].field_decl, "char *b");
    EXPECT_EQ(d.params[1].decl, "char b[4]");
}

TEST(Lexical, ConditionalBeforeTheMarkIsALocatedError) {
    ParseResult r = parse_source(make_source("t.h",
                                             "int co_wrapper\n#ifdef X\n#endif\n"
                                             "bdrv_foo(BlockDriverState *bs);\n"));
    ASSERT_FALSE(r.diagnostics.empty());
    EXPECT_EQ(r.diagnostics[0].loc, (Location{2, 1}));
    EXPECT_TRUE(r.declarations.empty());
}

// Comments end where C says, read by the memchr scans of grammar.hpp.
TEST(Lexical, CommentsEndWhereCSays) {
    // "/*/" opens a comment and does not close it; "**/" closes it.
    // The declarations view the source: it must outlive them.
    const Source source =
        make_source("t.h",
                    "/*/ int co_wrapper bdrv_a(BlockDriverState *bs); **/\n"
                    "// a line comment ends at a lone CR\rint co_wrapper bdrv_b(BdrvChild *c);\n"
                    "int co_wrapper bdrv_c(BlockDriverState *bs /* ) , */, int n // )\n);\n");
    ParseResult r = parse_source(source);
    EXPECT_TRUE(r.diagnostics.empty());
    ASSERT_EQ(r.declarations.size(), 2u);
    EXPECT_EQ(r.declarations[0].name, "bdrv_b");
    EXPECT_EQ(r.declarations[0].name_loc, (Location{3, 16}));
    ASSERT_EQ(r.declarations[1].params.size(), 2u);
    EXPECT_EQ(r.declarations[1].params[1].decl, "int n");
    EXPECT_EQ(r.declarations[1].params[1].name_loc, (Location{4, 59}));

    // An unclosed comment is reported at its opener, in a parameter list too.
    for (const char* text : {"int x; /* no end", "void f(int a /* no end);",
                             "int co_wrapper bdrv_d(BlockDriverState *bs /* no end);"}) {
        ParseResult bad = parse_source(make_source("t.h", text));
        ASSERT_EQ(bad.diagnostics.size(), 1u) << text;
        EXPECT_EQ(bad.diagnostics[0].message, "unterminated comment: '/*' without '*/'");
        const std::size_t opener = std::string_view(text).find("/*");
        EXPECT_EQ(bad.diagnostics[0].loc, (Location{1, opener + 1})) << text;
    }
}

// Parameter lists of words, `*`, parentheses, layout and comments are read by the one-loop
// paths of core/parse/fast_paths.hpp, any other by the grammar's rules: a directive before
// the closing `)` (which changes nothing else) sends the same list through the rules, and
// both must give the same declarations, prototypes and diagnostics.
TEST(Lexical, FastAndGenericParameterListsReadAlike) {
    const std::vector<std::string> lists = {
        "BlockDriverState *bs, int64_t offset, unsigned long int n, Error **errp",
        "BdrvChild *child /* the child */, const char *name, // c\n void *opaque",
        "BlockDriverState *bs, void (*cb)(void *opaque, int ret), char *(*f)(int, ...)",
        "BlockDriverState *bs, int co_wrapper_mixed",  // a misplaced mark, reported alike
        "BlockDriverState *bs, uint8_t buf[16], int n",
        "BlockDriverState *bs, int __attribute__((unused)) n",
        "BlockDriverState *\u00e9, int n",
        "BlockDriverState *, int",  // no names: reported alike
        "int **, char *const *p, void *, BdrvChild Child *",
    };
    auto read = [](const std::string& params, bool generic) {
        const std::string end = generic ? "\n#pragma p\n)" : "\n          \n)";
        const std::string text = "int coroutine_fn bdrv_co_x(" + params + end + ";\n" +
                                 "int co_wrapper bdrv_x(" + params + end + ";\n";
        std::vector<Prototype> protos;
        ParseOptions o;
        o.collect_prototypes = true;
        o.prototypes_out = &protos;
        auto source = std::make_unique<Source>(make_source("t.h", text));
        ParseResult r = parse_source(*source, o);
        std::string out;
        for (const Diagnostic& d : r.diagnostics) {
            out += std::to_string(d.loc.line) + ":" + std::to_string(d.loc.column) + " " +
                   d.message + "\n";
        }
        for (const Declaration& d : r.declarations) {
            out += std::string(d.name) + " -> " + std::string(d.return_type) + "\n";
            for (const Param& p : d.params) {
                out += std::string(p.decl) + " | " + std::string(p.field_decl) + " | " +
                       std::string(p.name) + " | " + std::string(p.type) + " @" +
                       std::to_string(p.loc.line) + ":" + std::to_string(p.loc.column) + " " +
                       std::to_string(p.name_loc.line) + ":" + std::to_string(p.name_loc.column) +
                       "\n";
            }
        }
        for (const Prototype& p : protos) {
            out += p.name + " -> " + p.return_type + "\n";
            for (std::size_t i = 0; i < p.param_types.size(); ++i) {
                out += p.param_types[i] + " @" + std::to_string(p.param_locs[i].line) + ":" +
                       std::to_string(p.param_locs[i].column) + "\n";
            }
        }
        return out;
    };
    for (const std::string& params : lists) {
        const std::string fast = read(params, false);
        EXPECT_EQ(fast, read(params, true)) << params;
    }
    // The first list gives a wrapper with its four parameters and the prototype.
    const std::string first = read(lists[0], false);
    EXPECT_NE(first.find("Error **errp | Error **errp | errp | Error ** @4:82 4:90"),
              std::string::npos)
        << first;
    EXPECT_NE(first.find("bdrv_co_x -> int\nBlockDriverState * @1:28\n"), std::string::npos)
        << first;
}

}  // namespace
}  // namespace cowrap
