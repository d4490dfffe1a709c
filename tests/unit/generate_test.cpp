#include "core/generate.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

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

// An output's content hash takes each block's checksum in its place: it changes with any byte,
// inside a block or between blocks, and with the blocks' places; places that do not fit the
// text give none.
TEST(Generate, TheContentHashIsOverTheBytesBetweenBlocksAndTheBlocksChecksums) {
    const std::string text = "head\nblock one\nmiddle\nblock two\ntail\n";
    const std::vector<Span> blocks{{5, 10}, {22, 10}};
    const std::optional<util::Digest128> hash = output_hash(text, blocks);
    ASSERT_TRUE(hash);
    OutputHash by_hand;
    by_hand.gap("head\n");
    by_hand.block(util::xxh3_128("block one\n"));
    by_hand.gap("middle\n");
    by_hand.block(util::xxh3_128("block two\n"));
    by_hand.gap("tail\n");
    EXPECT_EQ(*hash, by_hand.digest());
    EXPECT_NE(*hash, util::xxh3_128(text));
    for (std::size_t i = 0; i < text.size(); ++i) {
        std::string edited = text;
        edited[i] ^= 1;
        EXPECT_NE(output_hash(edited, blocks), hash) << "byte " << i;
    }
    EXPECT_NE(output_hash(text, std::vector<Span>{{5, 10}, {22, 9}}), hash);
    EXPECT_EQ(output_hash(text, std::vector<Span>{{5, 10}, {12, 10}}), std::nullopt);
    EXPECT_EQ(output_hash(text, std::vector<Span>{{5, 10}, {22, 100}}), std::nullopt);
    EXPECT_EQ(output_hash(text, std::vector<Span>{}), util::xxh3_128(text));
}

// However the pieces come (gaps longer than the hash's buffer, many blocks, empty gaps), the
// hash is XXH3-128 of the gaps and checksums one after the other.
TEST(Generate, TheContentHashIsTheHashOfItsPiecesInOrder) {
    std::string text(10000, 'p');  // a long first gap
    std::vector<Span> blocks;
    for (int i = 0; i < 600; ++i) {
        const std::string block = "block " + std::to_string(i) + std::string(i % 50, 'b');
        blocks.push_back({text.size(), block.size()});
        text += block;
        text += std::string(i % 3, '\n');  // no gap after every third
    }
    text += std::string(5000, 't');
    std::string pieces;
    std::size_t at = 0;
    for (const Span& b : blocks) {
        pieces += text.substr(at, b.start - at);
        const util::Digest128 c = util::xxh3_128(std::string_view(text).substr(b.start, b.length));
        pieces.append(reinterpret_cast<const char*>(c.data()), c.size());
        at = b.start + b.length;
    }
    pieces += text.substr(at);
    EXPECT_EQ(output_hash(text, blocks), util::xxh3_128(pieces));
}

// Read in pieces of any size (a file through a small buffer), blocks running over a piece's
// end, the text gives the hash it gives whole; places that do not fit give none either way.
TEST(Generate, TheContentHashOfATextReadInPiecesIsTheSame) {
    std::string text = "head\n";
    std::vector<Span> blocks;
    for (int i = 0; i < 40; ++i) {
        const std::string block = "block " + std::to_string(i) + std::string(i * 7 % 60, 'b');
        blocks.push_back({text.size(), block.size()});
        text += block;
        text += std::string(i % 3, '\n');
    }
    text += "tail";
    const std::optional<util::Digest128> whole = output_hash(text, blocks);
    ASSERT_TRUE(whole);
    for (std::size_t size : {1, 2, 7, 64, 1000, 100000}) {
        OutputHashStream stream(blocks);
        for (std::size_t at = 0; at < text.size(); at += size) {
            stream.update(std::string_view(text).substr(at, size));
        }
        EXPECT_EQ(stream.digest(), whole) << size;
    }
    OutputHashStream short_text(blocks);
    short_text.update(std::string_view(text).substr(0, blocks.back().start + 1));
    EXPECT_EQ(short_text.digest(), std::nullopt);
    const std::vector<Span> overlapping{{5, 10}, {12, 10}};
    OutputHashStream bad(overlapping);
    bad.update(text);
    EXPECT_EQ(bad.digest(), std::nullopt);
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
    EXPECT_EQ(whole.text_hash, output_hash(whole.text, whole.fragments));
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
                return borrowed(sources[i]);
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
            return borrowed(sources[i]);
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
        [&](std::size_t i) -> std::shared_ptr<const Source> {
            ++asked;
            return i == 0 ? nullptr : borrowed(sources[2]);
        },
        {}, TextSink{buffer, [] {}});
    EXPECT_FALSE(unread.ok());
    EXPECT_EQ(asked, 3u);
}

// A streamed run of many inputs, each made by `header(i)` (nullopt: unreadable), with or without
// parsing ahead: what it wrote, said and was fed.
struct StreamedRun {
    std::string text;
    std::vector<std::string> diagnostics;
    std::vector<std::size_t> fed;
    bool ok = false;
    bool inputs_read = false;
    std::size_t parsed = 0;
};

StreamedRun streamed_run(const std::vector<std::optional<std::string>>& headers, bool ahead) {
    std::vector<std::string> inputs;
    for (std::size_t i = 0; i < headers.size(); ++i) {
        inputs.push_back("h" + std::to_string(i) + ".h");
    }
    StreamedRun run;
    std::string buffer;
    TextSink sink{buffer, [&] {
                      run.text += buffer;
                      buffer.clear();
                  }};
    GenerateResult r = generate_to(
        inputs,
        [&](std::size_t i) -> std::shared_ptr<const Source> {
            run.fed.push_back(i);  // fed one at a time, in order
            if (!headers[i]) {
                return nullptr;
            }
            // Owned by the run, as a streamed run's inputs are: released once emitted.
            return std::make_shared<const Source>(make_source(inputs[i], *headers[i]));
        },
        {}, sink, StreamOptions{.parse_ahead = ahead});
    run.text += buffer;
    for (const Diagnostic& d : r.diagnostics) {
        run.diagnostics.push_back(format_diagnostic(d));
    }
    run.ok = r.ok();
    run.inputs_read = r.inputs_read;
    run.parsed = r.stats.headers_parsed;
    return run;
}

std::optional<std::string> wrappers(int h, int count) {
    std::string text;
    for (int w = 0; w < count; ++w) {
        text += "int co_wrapper bdrv_h" + std::to_string(h) + "_w" + std::to_string(w) +
                "(BlockDriverState *bs, int64_t offset);\n";
    }
    return text;
}

void expect_same(const StreamedRun& ahead, const StreamedRun& alone) {
    EXPECT_EQ(ahead.text, alone.text);
    EXPECT_EQ(ahead.diagnostics, alone.diagnostics);
    EXPECT_EQ(ahead.fed, alone.fed);
    EXPECT_EQ(ahead.ok, alone.ok);
    EXPECT_EQ(ahead.inputs_read, alone.inputs_read);
    EXPECT_EQ(ahead.parsed, alone.parsed);
}

TEST(Generate, ParsingAheadChangesNothingARunWritesOrSays) {
    std::vector<std::optional<std::string>> headers;
    for (int h = 0; h < 24; ++h) {
        headers.push_back(wrappers(h, 30));
    }
    const StreamedRun alone = streamed_run(headers, false);
    ASSERT_TRUE(alone.ok);
    ASSERT_EQ(alone.parsed, 24u);
    expect_same(streamed_run(headers, true), alone);

    // Errors: a parse error, a wrapper declared in two headers, then an unreadable input.
    headers[5] = "int co_wrapper bdrv_broken(int a;\n";
    headers[9] = *headers[9] + "int co_wrapper bdrv_h3_w7(BlockDriverState *bs);\n";
    const StreamedRun failing = streamed_run(headers, false);
    ASSERT_FALSE(failing.ok);
    ASSERT_GE(failing.diagnostics.size(), 2u);
    expect_same(streamed_run(headers, true), failing);
    headers[14] = std::nullopt;
    const StreamedRun unreadable = streamed_run(headers, false);
    ASSERT_FALSE(unreadable.inputs_read);
    ASSERT_EQ(unreadable.parsed, 14u);  // the rest are only read
    ASSERT_EQ(unreadable.fed.size(), 24u);
    expect_same(streamed_run(headers, true), unreadable);
}

TEST(Generate, PrototypesCollectedWhileParsingAheadKeepTheInputsOrder) {
    std::vector<Source> sources;
    for (int h = 0; h < 24; ++h) {
        std::string text = *wrappers(h, 20);
        for (int p = 0; p < 20; ++p) {
            text += "int bdrv_h" + std::to_string(h) + "_p" + std::to_string(p) +
                    "(BlockDriverState *bs);\n";
        }
        sources.push_back(make_source("h" + std::to_string(h) + ".h", text));
    }
    const auto names = [&](bool ahead) {
        std::vector<Prototype> prototypes;
        GenerateOptions options;
        options.parse.collect_prototypes = true;
        options.parse.prototypes_out = &prototypes;
        std::string buffer;
        const GenerateResult r = generate_to(
            std::vector<std::string>(sources.size(), "h.h"),
            [&](std::size_t i) { return borrowed(sources[i]); }, options,
            TextSink{buffer, [&] { buffer.clear(); }}, StreamOptions{.parse_ahead = ahead});
        EXPECT_TRUE(r.ok());
        std::vector<std::string> out;
        for (const Prototype& p : prototypes) {
            out.push_back(p.name);
        }
        return out;
    };
    const std::vector<std::string> alone = names(false);
    ASSERT_EQ(alone.size(), 24u * 20u);
    // One list filled by the parse: only one thread may parse, in order.
    for (int round = 0; round < 5; ++round) {
        EXPECT_EQ(names(true), alone);
    }
}

TEST(Generate, AFeedThatThrowsStopsARunThatParsesAhead) {
    std::string buffer;
    std::size_t fed = 0;
    const auto run = [&] {
        return generate_to(
            {"a.h", "b.h", "c.h", "d.h"},
            [&](std::size_t i) -> std::shared_ptr<const Source> {
                ++fed;
                if (i == 2) {
                    throw std::runtime_error("out of memory");
                }
                return std::make_shared<const Source>(make_source("a.h", *wrappers(0, 2)));
            },
            {}, TextSink{buffer, [] {}}, StreamOptions{.parse_ahead = true});
    };
    EXPECT_THROW(run(), std::runtime_error);
    EXPECT_EQ(fed, 3u);  // nothing is fed after the failure
}

TEST(Generate, ARunThatStopsWhileParsingAheadStopsItsThread) {
    std::vector<Source> sources;
    for (int h = 0; h < 24; ++h) {
        sources.push_back(make_source("h.h", *wrappers(h, 30)));
    }
    std::string buffer;
    std::size_t fed = 0;
    // The sink fails after the first wrapper (a full disk): the thread, parsing ahead, must not
    // be left waiting.
    int flushes = 0;
    EXPECT_THROW(generate_to(
                     std::vector<std::string>(sources.size(), "h.h"),
                     [&](std::size_t i) {
                         ++fed;
                         return borrowed(sources[i]);
                     },
                     {},
                     TextSink{buffer,
                              [&] {
                                  if (++flushes == 2) {
                                      throw std::runtime_error("disk full");
                                  }
                              }},
                     StreamOptions{.parse_ahead = true}),
                 std::runtime_error);
    EXPECT_EQ(flushes, 2);
    EXPECT_LT(fed, sources.size());  // it stopped a few inputs ahead
}

TEST(Generate, AParseErrorFailsTheRun) {
    Source src = make_source("a.h", "int co_wrapper bdrv_x(int a;\n");
    GenerateResult r = generate({src}, {});
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(r.stats.headers_parsed, 1u);
}

}  // namespace
}  // namespace cowrap
