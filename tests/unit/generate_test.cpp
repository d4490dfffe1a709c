#include "core/generate.hpp"

#include <gtest/gtest.h>

namespace cowrap {
namespace {

TEST(Generate, SaysWhereEachBlockIs) {
    Source src = make_source("a.h",
                             "int co_wrapper bdrv_a(BlockDriverState *bs);\n"
                             "int co_wrapper bdrv_b(BlockDriverState *bs);\n");
    GenerateResult r = generate({src}, {});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.stats.fragments_emitted, 2u);
    EXPECT_EQ(r.stats.headers_parsed, 1u);
    ASSERT_EQ(r.fragments.size(), 2u);
    EXPECT_NE(r.text.substr(r.fragments[0].start, r.fragments[0].length).find("bdrv_a("),
              std::string::npos);
    EXPECT_EQ(r.fragments[1].start, r.fragments[0].start + r.fragments[0].length);
    EXPECT_EQ(r.fragments[1].start + r.fragments[1].length, r.text.size());
    EXPECT_NE(r.text.substr(r.fragments[1].start).find("bdrv_b("), std::string::npos);
}

TEST(Generate, WritesNoTextWhenValidationFails) {
    // Declared twice in one run: an error in every dialect.
    Source src = make_source("a.h",
                             "int co_wrapper bdrv_a(BlockDriverState *bs);\n"
                             "int co_wrapper bdrv_a(BlockDriverState *bs);\n");
    GenerateResult r = generate({src}, {});
    EXPECT_FALSE(r.ok());
    EXPECT_TRUE(r.text.empty());
    EXPECT_TRUE(r.fragments.empty());
    EXPECT_EQ(r.stats.fragments_emitted, 0u);
}

TEST(Generate, StreamingGivesGeneratesTextHashesAndSpans) {
    std::vector<Source> sources;
    for (int h = 0; h < 3; ++h) {
        std::string text;
        for (int w = 0; w < 40; ++w) {
            text += "int co_wrapper bdrv_h" + std::to_string(h) + "_w" + std::to_string(w) +
                    "(BlockDriverState *bs, int64_t offset);\n";
        }
        sources.push_back(make_source("h" + std::to_string(h) + ".h", text));
    }
    const GenerateResult whole = generate(sources, {});
    ASSERT_TRUE(whole.ok());
    ASSERT_TRUE(whole.text_hash);
    EXPECT_EQ(*whole.text_hash, util::xxh3_128(whole.text));
    std::vector<std::string> inputs{"h0.h", "h1.h", "h2.h"};
    for (bool keep : {true, false}) {
        // A sink that writes out every 1000 bytes, as the staged file does every 64 KiB.
        std::string buffer;
        std::string written;
        TextSink sink{buffer, [&] {
                          if (buffer.size() >= 1000) {
                              written += buffer;
                              buffer.clear();
                          }
                      }};
        std::vector<std::size_t> fed;
        GenerateResult r = generate_to(
            inputs,
            [&](std::size_t i) {
                fed.push_back(i);
                return &sources[i];
            },
            {}, sink, StreamOptions{.keep = keep});
        ASSERT_TRUE(r.ok());
        EXPECT_EQ(written + buffer, whole.text);
        EXPECT_EQ(fed, (std::vector<std::size_t>{0, 1, 2}));
        if (keep) {
            EXPECT_EQ(r.declarations.size(), 120u);
            ASSERT_EQ(r.fragments.size(), 120u);
            ASSERT_EQ(r.fragment_hashes.size(), 120u);
            for (std::size_t i = 0; i < r.fragments.size(); ++i) {
                EXPECT_EQ(r.fragments[i].start, whole.fragments[i].start);
                EXPECT_EQ(r.fragments[i].length, whole.fragments[i].length);
                EXPECT_EQ(r.fragment_hashes[i],
                          util::xxh3_128(
                              std::string_view(whole.text)
                                  .substr(whole.fragments[i].start, whole.fragments[i].length)));
            }
            EXPECT_EQ(r.text_hash, whole.text_hash);
        } else {
            // Nothing of a header is kept once it is emitted.
            EXPECT_TRUE(r.declarations.empty());
            EXPECT_TRUE(r.fragments.empty());
            EXPECT_FALSE(r.text_hash);
        }
    }
}

TEST(Generate, AStreamedRunStopsEmittingAtAnErrorAndStillReadsEveryInput) {
    std::vector<Source> sources = {
        make_source("a.h", "int co_wrapper bdrv_a(BlockDriverState *bs);\n"),
        make_source("b.h", "int co_wrapper bdrv_a(BlockDriverState *bs);\n"),
        make_source("c.h", "int co_wrapper bdrv_c(BlockDriverState *bs);\n"),
    };
    std::string buffer;
    std::size_t fed = 0;
    GenerateResult r = generate_to(
        {"a.h", "b.h", "c.h"},
        [&](std::size_t i) {
            ++fed;
            return &sources[i];
        },
        {}, TextSink{buffer, [] {}});
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(fed, 3u);
    EXPECT_NE(buffer.find("bdrv_a("), std::string::npos);
    EXPECT_EQ(buffer.find("bdrv_c("), std::string::npos);  // emitting stopped at b.h
    // An unreadable input: the rest are still asked for, and the run is not ok.
    std::size_t asked = 0;
    GenerateResult unread = generate_to(
        {"a.h", "b.h", "c.h"},
        [&](std::size_t i) -> const Source* {
            ++asked;
            return i == 0 ? nullptr : &sources[2];
        },
        {}, TextSink{buffer, [] {}});
    EXPECT_FALSE(unread.ok());
    EXPECT_EQ(asked, 3u);
}

TEST(Generate, AParseErrorFailsTheRun) {
    Source src = make_source("a.h", "int co_wrapper bdrv_x(int a;\n");
    GenerateResult r = generate({src}, {});
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(r.stats.headers_parsed, 1u);
}

}  // namespace
}  // namespace cowrap
