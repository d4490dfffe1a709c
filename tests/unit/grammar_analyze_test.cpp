// The grammar has no rule that can loop without consuming input (PEGTL's static analysis).
#include <gtest/gtest.h>

#include <tao/pegtl/contrib/analyze.hpp>

#include "core/parse/grammar.hpp"

namespace {

TEST(GrammarAnalyze, TranslationUnitHasNoIssues) {
    EXPECT_EQ(tao::pegtl::analyze<cowrap::grammar::translation_unit>(), 0u);
}

TEST(GrammarAnalyze, TokenStreamHasNoIssues) {
    EXPECT_EQ(tao::pegtl::analyze<cowrap::grammar::token_stream>(), 0u);
}

}  // namespace
