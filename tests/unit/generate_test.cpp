#include "core/generate.hpp"

#include <gtest/gtest.h>

namespace cowrap {
namespace {

// As the cache gives it back: its text in the arena the run passes.
Declaration wrapper(const std::string& name, TextArena& arena) {
    Declaration d;
    d.file = "stored.h";
    d.mark = Mark::co_wrapper;
    d.name = arena.keep(name);
    d.name_loc = {1, 5};
    d.return_type = "int";
    d.text = arena.keep("int co_wrapper " + name + " ( void ) ;");
    return d;
}

TEST(Generate, ReusesMemoisedDeclarationsUnderTheCurrentPath) {
    Source src = make_source("renamed.h", "this text is never parsed (");
    Memo memo;
    memo.find_declarations = [](const Source&, TextArena& arena) {
        return std::optional<std::vector<Declaration>>{{wrapper("bdrv_foo", arena)}};
    };
    bool stored = false;
    memo.store_declarations = [&](const Source&, const std::vector<Declaration>&) {
        stored = true;
    };
    const std::vector<Source> sources{src};  // the declarations view the path
    GenerateResult r = analyze(sources, {}, memo);
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r.declarations.size(), 1u);
    EXPECT_EQ(r.declarations[0].file, "renamed.h");
    EXPECT_EQ(r.stats.headers_reused, 1u);
    EXPECT_EQ(r.stats.headers_parsed, 0u);
    EXPECT_FALSE(stored);
}

TEST(Generate, UsesMemoisedFragmentsVerbatimAndSaysWhereEachBlockIs) {
    Source src = make_source("a.h", "");
    Memo memo;
    memo.find_declarations = [](const Source&, TextArena& arena) {
        return std::optional<std::vector<Declaration>>{
            {wrapper("bdrv_a", arena), wrapper("bdrv_b", arena)}};
    };
    const std::string memoised = "/* fragment of bdrv_a from the memo */\n";
    memo.find_fragment = [&](const Declaration& d) -> std::optional<std::string_view> {
        if (d.name == "bdrv_a") {
            return memoised;
        }
        return std::nullopt;
    };
    GenerateResult r = generate({src}, {}, memo);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.stats.fragments_reused, 1u);
    EXPECT_EQ(r.stats.fragments_emitted, 1u);
    ASSERT_EQ(r.fragments.size(), 2u);
    EXPECT_EQ(r.text.substr(r.fragments[0].start, r.fragments[0].length), memoised);
    EXPECT_EQ(r.fragments[1].start, r.fragments[0].start + r.fragments[0].length);
    EXPECT_EQ(r.fragments[1].start + r.fragments[1].length, r.text.size());
    EXPECT_NE(r.text.substr(r.fragments[1].start).find("bdrv_b("), std::string::npos);
}

TEST(Generate, SameInputsGiveSameTextWithAndWithoutMemo) {
    Source src = make_source("a.h", "");
    Memo memo;
    memo.find_declarations = [](const Source&, TextArena& arena) {
        return std::optional<std::vector<Declaration>>{{wrapper("bdrv_a", arena)}};
    };
    GenerateResult first = generate({src}, {}, memo);
    ASSERT_EQ(first.fragments.size(), 1u);
    std::string fragment = first.text.substr(first.fragments[0].start, first.fragments[0].length);
    memo.find_fragment = [&](const Declaration&) {
        return std::optional<std::string_view>(fragment);
    };
    GenerateResult second = generate({src}, {}, memo);
    EXPECT_EQ(first.text, second.text);
    EXPECT_EQ(second.stats.fragments_reused, 1u);
}

TEST(Generate, WritesNoTextWhenValidationFails) {
    Source src = make_source("a.h", "");
    Memo memo;
    memo.find_declarations = [](const Source&, TextArena& arena) {
        // Declared twice in one run: an error in every dialect.
        return std::optional<std::vector<Declaration>>{
            {wrapper("bdrv_a", arena), wrapper("bdrv_a", arena)}};
    };
    bool asked = false;
    memo.find_fragment = [&](const Declaration&) -> std::optional<std::string_view> {
        asked = true;
        return std::nullopt;
    };
    GenerateResult r = generate({src}, {}, memo);
    EXPECT_FALSE(r.ok());
    EXPECT_TRUE(r.text.empty());
    EXPECT_TRUE(r.fragments.empty());
    EXPECT_FALSE(asked);
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
            {}, {}, sink, StreamOptions{.keep = keep});
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
        {}, {}, TextSink{buffer, [] {}});
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
        {}, {}, TextSink{buffer, [] {}});
    EXPECT_FALSE(unread.ok());
    EXPECT_EQ(asked, 3u);
}

TEST(Generate, ParseErrorsAreNotMemoised) {
    Source src = make_source("a.h", "int co_wrapper bdrv_x(int a;\n");
    Memo memo;
    bool stored = false;
    memo.store_declarations = [&](const Source&, const std::vector<Declaration>&) {
        stored = true;
    };
    GenerateResult r = generate({src}, {}, memo);
    EXPECT_FALSE(r.ok());
    EXPECT_FALSE(stored);
    EXPECT_EQ(r.stats.headers_parsed, 1u);
}

}  // namespace
}  // namespace cowrap
