#include "core/diagnostic.hpp"

#include <gtest/gtest.h>

namespace cowrap {
namespace {

TEST(Diagnostic, FormatsLocationLineAndCaret) {
    Diagnostic d = error_at("x.h", {3, 5}, "unknown mark 'co_wrapperx'");
    EXPECT_EQ(format_diagnostic(d, "int co_wrapperx f(void);"),
              "x.h:3:5: error: unknown mark 'co_wrapperx'\n"
              "  int co_wrapperx f(void);\n"
              "      ^\n");
}

TEST(Diagnostic, KeepsTabsSoTheCaretLinesUp) {
    Diagnostic d = warning_at("x.h", {1, 3}, "w");
    EXPECT_EQ(format_diagnostic(d, "\t\tint"), "x.h:1:3: warning: w\n  \t\tint\n  \t\t^\n");
}

TEST(Diagnostic, WithoutLocationOrFile) {
    EXPECT_EQ(format_diagnostic(error_at("", {}, "boom")), "error: boom\n");
    EXPECT_EQ(format_diagnostic(note_at("x.h", {}, "here")), "x.h: note: here\n");
}

TEST(Diagnostic, CutsVeryLongLinesAroundTheColumn) {
    std::string line(100000, 'a');
    line[50000] = 'X';
    std::string out = format_diagnostic(error_at("x.h", {1, 50001}, "m"), line);
    EXPECT_LT(out.size(), 500u);
    std::size_t src = out.find("\n  ") + 3;
    std::size_t x = out.find('X');
    std::size_t caret_line = out.find('\n', src) + 3;
    EXPECT_EQ(out.find('^') - caret_line, x - src);
}

TEST(Diagnostic, HasErrorsIgnoresWarningsAndNotes) {
    EXPECT_FALSE(has_errors({warning_at("a", {}, "w"), note_at("a", {}, "n")}));
    EXPECT_TRUE(has_errors({warning_at("a", {}, "w"), error_at("a", {}, "e")}));
}

}  // namespace
}  // namespace cowrap
