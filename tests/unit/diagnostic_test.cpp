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

TEST(Diagnostic, LimitErrorsKeepsTheFirstOfEachFileThenOneStopLine) {
    std::vector<Diagnostic> ds;
    for (std::size_t i = 1; i <= 5; ++i) {
        ds.push_back(error_at("a.h", {i, 1}, "e" + std::to_string(i)));
        ds.push_back(note_at("a.h", {i, 2}, "n" + std::to_string(i)));
    }
    ds.push_back(error_at("b.h", {1, 1}, "other file"));
    limit_errors(ds, 3);
    std::vector<std::string> got;
    for (const Diagnostic& d : ds) {
        got.push_back(d.file + ":" + std::to_string(d.loc.line) + " " + d.message);
    }
    EXPECT_EQ(got, (std::vector<std::string>{"a.h:1 e1", "a.h:1 n1", "a.h:2 e2", "a.h:2 n2",
                                             "a.h:3 e3", "a.h:3 n3",
                                             "a.h:4 too many errors in this file (3 shown); "
                                             "stopping",
                                             "b.h:1 other file"}));
    std::vector<Diagnostic> few = {error_at("a.h", {1, 1}, "one"), error_at("a.h", {2, 1}, "two")};
    limit_errors(few, 3);
    EXPECT_EQ(few.size(), 2u);
}

}  // namespace
}  // namespace cowrap
