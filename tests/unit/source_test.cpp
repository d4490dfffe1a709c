#include "core/source.hpp"

#include <gtest/gtest.h>

namespace cowrap {
namespace {

TEST(Source, LocatesOffsetsOnLfLines) {
    Source s = make_source("a.h", "ab\ncd\n\nx");
    EXPECT_EQ(locate(s, 0), (Location{1, 1}));
    EXPECT_EQ(locate(s, 1), (Location{1, 2}));
    EXPECT_EQ(locate(s, 3), (Location{2, 1}));
    EXPECT_EQ(locate(s, 7), (Location{4, 1}));
    EXPECT_EQ(line_text(s, 2), "cd");
    EXPECT_EQ(line_text(s, 3), "");
    EXPECT_EQ(line_text(s, 4), "x");
}

TEST(Source, TreatsCrLfAndLoneCrAsLineEnds) {
    Source crlf = make_source("a.h", "ab\r\ncd\r\n");
    EXPECT_EQ(locate(crlf, 4), (Location{2, 1}));
    EXPECT_EQ(line_text(crlf, 1), "ab");
    Source cr = make_source("a.h", "ab\rcd\ref");
    EXPECT_EQ(locate(cr, 6), (Location{3, 1}));
    EXPECT_EQ(line_text(cr, 2), "cd");
}

TEST(Source, OutOfRangeLineIsEmpty) {
    Source s = make_source("a.h", "");
    EXPECT_EQ(line_text(s, 0), "");
    EXPECT_EQ(line_text(s, 5), "");
    EXPECT_EQ(locate(s, 0), (Location{1, 1}));
}

}  // namespace
}  // namespace cowrap
