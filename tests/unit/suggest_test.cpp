#include "cli/suggest.hpp"

#include <gtest/gtest.h>

namespace cowrap::cli {
namespace {

const std::vector<std::string> kCommands = {"generate", "check", "list",
                                            "dialects", "cache", "show"};

TEST(Suggest, EditDistanceCountsInsertionsDeletionsSubstitutionsAndSwaps) {
    EXPECT_EQ(edit_distance("list", "list"), 0u);
    EXPECT_EQ(edit_distance("lst", "list"), 1u);    // insertion
    EXPECT_EQ(edit_distance("listt", "list"), 1u);  // deletion
    EXPECT_EQ(edit_distance("lisy", "list"), 1u);   // substitution
    EXPECT_EQ(edit_distance("lsit", "list"), 1u);   // swap of neighbours
    EXPECT_EQ(edit_distance("", "show"), 4u);
    EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
}

TEST(Suggest, ClosestCandidateWithinTheDistance) {
    EXPECT_EQ(closest_match("lst", kCommands), "list");
    EXPECT_EQ(closest_match("generat", kCommands), "generate");
    EXPECT_EQ(closest_match("chekc", kCommands), "check");
    EXPECT_EQ(closest_match("dialect", kCommands), "dialects");
    EXPECT_EQ(closest_match("shwo", kCommands), "show");
}

TEST(Suggest, NothingWhenTooFarOrExact) {
    EXPECT_EQ(closest_match("out", kCommands), std::nullopt);
    EXPECT_EQ(closest_match("block-gen", kCommands), std::nullopt);
    EXPECT_EQ(closest_match("list", kCommands), std::nullopt);  // not a typo
    EXPECT_EQ(closest_match("lst", kCommands, 0), std::nullopt);
    EXPECT_EQ(closest_match("x", {}), std::nullopt);
}

TEST(Suggest, TiesGoToTheFirstCandidate) {
    EXPECT_EQ(closest_match("ab", {"abc", "abd"}), "abc");
}

}  // namespace
}  // namespace cowrap::cli
