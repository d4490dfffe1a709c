// The lexical phases before the grammar: splices joined (and mapped back to the file), and
// `#if` conditions made of integer literals evaluated.
#include <gtest/gtest.h>

#include <string>

#include "core/parse.hpp"
#include "core/parse/conditionals.hpp"
#include "core/parse/splices.hpp"

namespace cowrap {
namespace {

TEST(Splices, JoinedAndMappedBack) {
    const std::string text = "ab\\\ncd\\\r\nef\\\rg";
    parse::Spliced s = parse::join_splices(text);
    ASSERT_TRUE(s.any);
    EXPECT_EQ(s.text, "abcdefg");
    // Each byte of the joined text maps to the same byte of the file.
    for (std::size_t i = 0; i < s.text.size(); ++i) {
        EXPECT_EQ(text[s.physical(i)], s.text[i]) << i;
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

}  // namespace
}  // namespace cowrap
