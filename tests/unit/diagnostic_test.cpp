#include "core/diagnostic.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/diagnostic_json.hpp"

namespace cowrap {
namespace {

TEST(Diagnostic, FormatsLocationLineAndCaret) {
    Diagnostic d = error_at("x.h", {3, 5}, "unknown mark 'co_wrapperx'");
    EXPECT_EQ(format_diagnostic(d, "int co_wrapperx f(void);"),
              "x.h:3:5: error: unknown mark 'co_wrapperx'\n"
              "    3 | int co_wrapperx f(void);\n"
              "      |     ^\n");
}

TEST(Diagnostic, KeepsTabsSoTheCaretLinesUp) {
    Diagnostic d = warning_at("x.h", {1, 3}, "w");
    EXPECT_EQ(format_diagnostic(d, "\t\tint"),
              "x.h:1:3: warning: w\n    1 | \t\tint\n      | \t\t^\n");
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
    std::size_t src = out.find(" | ") + 3;
    std::size_t x = out.find('X');
    std::size_t caret_line = out.find(" | ", src) + 3;
    EXPECT_EQ(out.find('^') - caret_line, x - src);
}

// GCC >= 9: the number right-aligned in 4 columns, wider when it needs more.
TEST(Diagnostic, GutterGrowsWithTheLineNumber) {
    EXPECT_EQ(format_diagnostic(error_at("x.h", {123456, 2}, "m"), "ab"),
              "x.h:123456:2: error: m\n 123456 | ab\n        |  ^\n");
}

// The escapes GCC writes with its default GCC_COLORS.
TEST(Diagnostic, ColourAsGccPrintsIt) {
    EXPECT_EQ(
        format_diagnostic(error_at("x.h", {3, 5}, "unknown mark 'm'"), "int m f(void);", true),
        "\33[01m\33[Kx.h:3:5:\33[m\33[K \33[01;31m\33[Kerror: \33[m\33[K"
        "unknown mark '\33[01m\33[Km\33[m\33[K'\n"
        "    3 | int m f(void);\n"
        "      |     \33[01;31m\33[K^\33[m\33[K\n");
    EXPECT_NE(format_diagnostic(warning_at("x.h", {1, 1}, "w"), {}, true).find("\33[01;35m"),
              std::string::npos);
    EXPECT_NE(format_diagnostic(note_at("x.h", {1, 1}, "n"), {}, true).find("\33[01;36m"),
              std::string::npos);
    EXPECT_EQ(format_diagnostic(error_at("x.h", {3, 5}, "m"), "line").find('\33'),
              std::string::npos);
}

TEST(DiagnosticJson, NotesBecomeChildrenOfTheErrorBeforeThem) {
    std::vector<DiagnosticGroup> groups;
    append_groups(groups, {error_at("a.h", {2, 3}, "dup"), note_at("a.h", {1, 3}, "first"),
                           warning_at("b.h", {4, 1}, "w")});
    const nlohmann::json j = nlohmann::json::parse(diagnostics_json(groups));
    ASSERT_EQ(j.size(), 2u);
    EXPECT_EQ(j[0]["kind"], "error");
    EXPECT_EQ(j[0]["message"], "dup");
    EXPECT_EQ(j[0]["locations"][0]["caret"]["file"], "a.h");
    EXPECT_EQ(j[0]["locations"][0]["caret"]["line"], 2);
    EXPECT_EQ(j[0]["locations"][0]["caret"]["column"], 3);
    ASSERT_EQ(j[0]["children"].size(), 1u);
    EXPECT_EQ(j[0]["children"][0]["kind"], "note");
    EXPECT_EQ(j[0]["children"][0]["locations"][0]["caret"]["line"], 1);
    EXPECT_EQ(j[1]["kind"], "warning");
    EXPECT_TRUE(j[1]["children"].empty());
}

TEST(DiagnosticJson, SarifLogWithRegionsSnippetsAndEncodedUris) {
    std::vector<Source> sources{make_source("dir/a b.h", "int x;\nint co_wrapperx f(void);\n")};
    std::vector<DiagnosticGroup> groups;
    append_groups(groups, {error_at("dir/a b.h", {2, 5}, "unknown mark"),
                           note_at("dir/a b.h", {1, 1}, "see"), warning_at("/abs/c.h", {}, "w")});
    const nlohmann::json j = nlohmann::json::parse(diagnostics_sarif(groups, sources, "/w d"));
    EXPECT_EQ(j["version"], "2.1.0");
    const nlohmann::json& run = j["runs"][0];
    EXPECT_EQ(run["tool"]["driver"]["name"], "cowrap");
    EXPECT_EQ(run["originalUriBaseIds"]["PWD"]["uri"], "file:///w%20d/");
    EXPECT_FALSE(run["invocations"][0]["executionSuccessful"]);
    ASSERT_EQ(run["results"].size(), 2u);
    const nlohmann::json& r = run["results"][0];
    EXPECT_EQ(r["level"], "error");
    EXPECT_EQ(r["message"]["text"], "unknown mark");
    const nlohmann::json& loc = r["locations"][0]["physicalLocation"];
    EXPECT_EQ(loc["artifactLocation"]["uri"], "dir/a%20b.h");
    EXPECT_EQ(loc["artifactLocation"]["uriBaseId"], "PWD");
    EXPECT_EQ(loc["region"]["startLine"], 2);
    EXPECT_EQ(loc["region"]["startColumn"], 5);
    EXPECT_EQ(loc["contextRegion"]["snippet"]["text"], "int co_wrapperx f(void);");
    EXPECT_EQ(r["relatedLocations"][0]["message"]["text"], "see");
    EXPECT_EQ(run["results"][1]["level"], "warning");
    EXPECT_EQ(run["results"][1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
              "file:///abs/c.h");
    EXPECT_EQ(run["artifacts"].size(), 2u);
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
