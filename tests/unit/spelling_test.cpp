#include "core/parse/spelling.hpp"

#include <gtest/gtest.h>

#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace cowrap::parse {
namespace {

// Written out again here by class, not taken from the table: the lookup must find each.
const std::vector<std::pair<std::string, unsigned>>& words() {
    static const std::vector<std::pair<std::string, unsigned>> w = [] {
        const std::vector<std::pair<unsigned, std::string>> groups = {
            {qualifier_word | keyword_word,
             "auto const _Atomic __const register volatile restrict __const__ __restrict "
             "__volatile __restrict__ __volatile__"},
            {keyword_word,
             "int void char long bool short float _Bool double signed static extern inline "
             "typedef unsigned _Complex __int128 __inline _Noreturn _Float128 __label__ "
             "__signed__ __inline__ __extension__"},
            {tag_word | keyword_word, "enum union struct"},
            {attribute_word, "__attribute __attribute__"}};
        std::vector<std::pair<std::string, unsigned>> all;
        for (const auto& [cls, list] : groups) {
            std::istringstream in(list);
            for (std::string word; in >> word;) {
                all.emplace_back(word, cls);
            }
        }
        return all;
    }();
    return w;
}

TEST(WordClass, FindsEveryWordWithItsClass) {
    ASSERT_EQ(words().size(), 41u);
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
