#include "core/parse/spelling.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

namespace cowrap::parse {
namespace {

constexpr unsigned Q = qualifier_word | keyword_word;
constexpr unsigned K = keyword_word;
constexpr unsigned T = tag_word | keyword_word;
constexpr unsigned A = attribute_word;

// Written out again here, not taken from the table: the lookup must find each of them.
const std::vector<std::pair<std::string, unsigned>>& words() {
    static const std::vector<std::pair<std::string, unsigned>> w = {
        {"int", K},          {"auto", Q},         {"void", K},         {"char", K},
        {"long", K},         {"bool", K},         {"enum", T},         {"const", Q},
        {"short", K},        {"float", K},        {"_Bool", K},        {"union", T},
        {"double", K},       {"signed", K},       {"struct", T},       {"static", K},
        {"extern", K},       {"inline", K},       {"_Atomic", Q},      {"__const", Q},
        {"typedef", K},      {"register", Q},     {"volatile", Q},     {"restrict", Q},
        {"unsigned", K},     {"_Complex", K},     {"__int128", K},     {"__inline", K},
        {"__const__", Q},    {"_Noreturn", K},    {"_Float128", K},    {"__label__", K},
        {"__restrict", Q},   {"__volatile", Q},   {"__signed__", K},   {"__inline__", K},
        {"__attribute", A},  {"__restrict__", Q}, {"__volatile__", Q}, {"__extension__", K},
        {"__attribute__", A}};
    return w;
}

TEST(WordClass, FindsEveryWordWithItsClass) {
    for (const auto& [word, cls] : words()) {
        EXPECT_EQ(word_class(word), cls) << word;
    }
}

TEST(WordClass, AnyOtherWordIsPlain) {
    std::set<std::string> known;
    for (const auto& [word, cls] : words()) {
        known.insert(word);
    }
    // Every one-byte change, every prefix and every word with a byte added: the hash puts
    // many of them in a keyword's slot, and only the comparison may tell them apart.
    for (const auto& [word, cls] : words()) {
        for (std::size_t i = 0; i < word.size(); ++i) {
            for (const char c : std::string("_aAzZ09sic")) {
                std::string w = word;
                w[i] = c;
                if (known.count(w) == 0) {
                    EXPECT_EQ(word_class(w), plain_word) << w;
                }
            }
            const std::string prefix = word.substr(0, i);
            if (known.count(prefix) == 0) {
                EXPECT_EQ(word_class(prefix), plain_word) << prefix;
            }
        }
        EXPECT_EQ(word_class(word + "_"), plain_word) << word;
        EXPECT_EQ(word_class("_" + word), plain_word) << word;
    }
    for (const char* w : {"", "i", "in", "Int", "INT", "size_t", "BlockDriverState",
                          "__attribute___", "coroutine_fn"}) {
        EXPECT_EQ(word_class(w), plain_word) << w;
    }
}

}  // namespace
}  // namespace cowrap::parse
