// unified_diff: the hunks `diff -u` prints for the same texts (the expected texts below are
// GNU diff's), and for random texts a diff that is minimal and turns the old text into the
// new one.
#include <gtest/gtest.h>

#include <random>
#include <sstream>

#include "cache/line_diff.hpp"

namespace cowrap {
namespace {

using cache::unified_diff;

std::string numbered(int from, int to) {
    std::string out;
    for (int i = from; i <= to; ++i) {
        out += std::to_string(i) + "\n";
    }
    return out;
}

std::string replaced(std::string text, const std::string& line, const std::string& by) {
    text.replace(text.find("\n" + line + "\n") + 1, line.size(), by);
    return text;
}

TEST(LineDiff, EqualTextsGiveNothing) {
    EXPECT_EQ(unified_diff("a\nb\n", "a\nb\n", "old", "new"), "");
    EXPECT_EQ(unified_diff("a\nb", "a\nb\n", "old", "new"), "");  // a final newline is no line
    EXPECT_EQ(unified_diff("", "", "old", "new"), "");
}

TEST(LineDiff, OneChangedLineWithThreeLinesAround) {
    EXPECT_EQ(unified_diff(numbered(1, 9), replaced(numbered(1, 9), "5", "five"), "old", "new"),
              "--- old\n+++ new\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
}

TEST(LineDiff, ChangesFarApartAreTwoHunksAndCloseOnesOne) {
    const std::string text = numbered(1, 16);
    EXPECT_EQ(
        unified_diff(text, replaced(replaced(text, "2", "two"), "14", "fourteen"), "old", "new"),
        "--- old\n+++ new\n"
        "@@ -1,5 +1,5 @@\n 1\n-2\n+two\n 3\n 4\n 5\n"
        "@@ -11,6 +11,6 @@\n 11\n 12\n 13\n-14\n+fourteen\n 15\n 16\n");
    EXPECT_EQ(unified_diff(text, replaced(replaced(text, "2", "two"), "8", "eight"), "old", "new"),
              "--- old\n+++ new\n@@ -1,11 +1,11 @@\n"
              " 1\n-2\n+two\n 3\n 4\n 5\n 6\n 7\n-8\n+eight\n 9\n 10\n 11\n");
}

TEST(LineDiff, RangesAsDiffWritesThem) {
    EXPECT_EQ(unified_diff("", "x\ny\n", "old", "new"),
              "--- old\n+++ new\n@@ -0,0 +1,2 @@\n+x\n+y\n");
    EXPECT_EQ(unified_diff("a\nb\nc\n", "a\nc\n", "o", "n"),
              "--- o\n+++ n\n@@ -1,3 +1,2 @@\n a\n-b\n c\n");
    EXPECT_EQ(unified_diff("x\n", "y\n", "o", "n"), "--- o\n+++ n\n@@ -1 +1 @@\n-x\n+y\n");
}

// Applies `diff` to `before`, checking each hunk's header against its lines.
std::string apply(const std::string& before, const std::string& diff) {
    std::vector<std::string> old_lines;
    std::istringstream in(before);
    for (std::string line; std::getline(in, line);) {
        old_lines.push_back(line);
    }
    std::istringstream d(diff);
    std::string line;
    std::getline(d, line);
    EXPECT_EQ(line.rfind("--- ", 0), 0u);
    std::getline(d, line);
    EXPECT_EQ(line.rfind("+++ ", 0), 0u);
    std::string out;
    std::size_t at = 0;  // old lines copied so far
    while (std::getline(d, line)) {
        EXPECT_EQ(line.rfind("@@ -", 0), 0u) << diff;
        std::size_t old_start = 0, old_count = 1, new_start = 0, new_count = 1;
        char comma = 0;
        std::istringstream h(line.substr(4));
        h >> old_start;
        if (h.peek() == ',') {
            h >> comma >> old_count;
        }
        h.ignore(2);  // " +"
        h >> new_start;
        if (h.peek() == ',') {
            h >> comma >> new_count;
        }
        const std::size_t first = old_count == 0 ? old_start : old_start - 1;
        EXPECT_GE(first, at) << diff;
        for (; at < first; ++at) {
            out += old_lines.at(at) + "\n";
        }
        std::size_t olds = 0, news = 0;
        while (olds < old_count || news < new_count) {
            EXPECT_TRUE(std::getline(d, line)) << diff;
            if (line[0] != '+') {
                EXPECT_EQ(old_lines.at(at), line.substr(1)) << diff;
                ++at;
                ++olds;
            }
            if (line[0] != '-') {
                out += line.substr(1) + "\n";
                ++news;
            }
        }
        EXPECT_EQ(olds, old_count);
        EXPECT_EQ(news, new_count);
    }
    for (; at < old_lines.size(); ++at) {
        out += old_lines[at] + "\n";
    }
    return out;
}

TEST(LineDiff, RandomTextsGiveMinimalDiffsThatApply) {
    std::mt19937 rng(19);
    for (int round = 0; round < 300; ++round) {
        auto text = [&] {
            std::string t;
            const int lines = static_cast<int>(rng() % 12);
            for (int i = 0; i < lines; ++i) {
                t += static_cast<char>('a' + rng() % 4);
                t += "\n";
            }
            return t;
        };
        const std::string a = text();
        const std::string b = text();
        const std::string diff = unified_diff(a, b, "a", "b");
        ASSERT_EQ(diff.empty(), a == b);
        if (diff.empty()) {
            continue;
        }
        EXPECT_EQ(apply(a, diff), b) << a << "--\n" << b << "--\n" << diff;
        // Minimal: as many changed lines as the longest common subsequence leaves.
        std::vector<char> x, y;
        for (std::size_t i = 0; i < a.size(); i += 2)
            x.push_back(a[i]);
        for (std::size_t i = 0; i < b.size(); i += 2)
            y.push_back(b[i]);
        std::vector<std::vector<std::size_t>> l(x.size() + 1,
                                                std::vector<std::size_t>(y.size() + 1));
        for (std::size_t i = x.size(); i-- > 0;)
            for (std::size_t j = y.size(); j-- > 0;)
                l[i][j] = x[i] == y[j] ? l[i + 1][j + 1] + 1 : std::max(l[i + 1][j], l[i][j + 1]);
        std::size_t changed = 0;
        std::istringstream d(diff);
        for (std::string line; std::getline(d, line);) {
            changed += (line[0] == '-' || line[0] == '+') && line.rfind("---", 0) != 0 &&
                       line.rfind("+++", 0) != 0;
        }
        EXPECT_EQ(changed, x.size() + y.size() - 2 * l[0][0]) << diff;
    }
}

}  // namespace
}  // namespace cowrap
