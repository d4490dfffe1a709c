#include "cache/wrapper_list.hpp"

#include <gtest/gtest.h>

#include "cache/key.hpp"
#include "core/output_hash.hpp"

namespace cowrap {
namespace {

std::vector<cache::WrapperRow> sample() {
    return {
        {"bdrv_a", "bdrv_co_a", "co_wrapper", "/h/a.h", 7, 100, 50, cache::hash_bytes("a"),
         "int co_wrapper bdrv_a ( BlockDriverState * bs ) ;"},
        {"bdrv_b", "bdrv_co_b", "co_wrapper_mixed_bdrv_rdlock", "/h/b.h", 9, 150, 60,
         cache::hash_bytes("b"), ""},
        {"bdrv_co_c", "bdrv_c", "no_co_wrapper", "/h/a.h", 12, 210, 70, cache::hash_bytes("c"),
         "x"},
    };
}

TEST(CacheWrapperList, RoundTripsWithEachHeaderOnce) {
    const std::string bytes = cache::encode_wrapper_list(sample());
    EXPECT_EQ(cache::decode_wrapper_list(bytes), sample());
    // Two of the three wrappers share a header, written once.
    std::size_t at = 0;
    int copies = 0;
    while ((at = bytes.find("/h/a.h", at)) != std::string::npos) {
        ++copies;
        ++at;
    }
    EXPECT_EQ(copies, 1);
    EXPECT_EQ(
        cache::decode_wrapper_list(cache::encode_wrapper_list(std::vector<cache::WrapperRow>{})),
        std::vector<cache::WrapperRow>{});
}

// The target is not stored: it follows from the name and the mark.
TEST(CacheWrapperList, TheTargetComesFromTheNameAndTheMark) {
    const std::string bytes = cache::encode_wrapper_list(sample());
    EXPECT_EQ(bytes.find("bdrv_co_a"), std::string::npos);
    std::vector<cache::WrapperRow> odd = sample();
    odd[0].name = "nounderscore";  // no target can be made of it
    odd[0].target = "";
    EXPECT_EQ(cache::decode_wrapper_list(cache::encode_wrapper_list(odd)), odd);
}

// A list as a cowrap before 2026-12 wrote it (format 1): with the target, one wrapper.
std::string list_of_format_one(const cache::Key& checksum) {
    std::string v1(1, '\x01');
    v1 += '\x01';  // one header
    v1 += '\x06';
    v1 += "/h/a.h";
    v1 += '\x01';  // one wrapper
    for (std::string_view field : {"bdrv_a", "stored_target", "co_wrapper"}) {
        v1 += static_cast<char>(field.size());
        v1 += field;
    }
    v1 += std::string{'\x00', '\x07', '\x02', '\x03'};  // header 0, line 7, at 2, 3 bytes
    v1.append(reinterpret_cast<const char*>(checksum.bytes.data()), checksum.bytes.size());
    v1 += '\x01';
    v1 += "x";
    return v1;
}

// A list as a cowrap wrote it until version 3 (format 2): absolute starts, two wrappers.
std::string list_of_format_two(const cache::Key& checksum) {
    std::string v2(1, '\x02');
    v2 += '\x01';  // one header
    v2 += '\x06';
    v2 += "/h/a.h";
    v2 += '\x02';  // two wrappers
    for (const char* name : {"bdrv_a", "bdrv_b"}) {
        v2 += '\x06';
        v2 += name;
        v2 += '\x0a';
        v2 += "co_wrapper";
        // header 0, line 7, at 2 (the first) or 9 (the second), 3 bytes
        v2 += std::string{'\x00', '\x07', name[5] == 'a' ? '\x02' : '\x09', '\x03'};
        v2.append(reinterpret_cast<const char*>(checksum.bytes.data()), checksum.bytes.size());
        v2 += '\x01';
        v2 += "x";
    }
    return v2;
}

TEST(CacheWrapperList, AListOfVersionTwoKeepsItsAbsoluteStarts) {
    const cache::Key checksum = cache::hash_bytes("a");
    const std::string v2 = list_of_format_two(checksum);
    const auto rows = cache::decode_wrapper_list(v2);
    ASSERT_TRUE(rows);
    ASSERT_EQ(rows->size(), 2u);
    EXPECT_EQ((*rows)[0].start, 2);
    EXPECT_EQ((*rows)[1].start, 9);
    EXPECT_FALSE(cache::wrapper_list_parts(v2));  // stored whole, as it was
    // Its output's hash is over the blocks, as the cowrap that recorded it made it.
    const std::vector<Span> blocks = {{2, 3}, {9, 3}};
    EXPECT_EQ(cache::output_content_hash("--abc--def--", v2),
              cache::Key{*output_hash("--abc--def--", blocks)});
}

// A header's wrappers are the same bytes wherever their blocks land: an edit that makes a
// block before them longer changes the parts of the headers it is in, and no other.
TEST(CacheWrapperList, AHeadersPartIsTheSameBytesWhereverItsBlocksLand) {
    auto list = [](std::int64_t a_length) {
        return cache::encode_wrapper_list(std::vector<cache::WrapperRow>{
            {"bdrv_a", "", "co_wrapper", "/h/a.h", 3, 100, a_length, cache::hash_bytes("a"), "a"},
            {"bdrv_b", "", "co_wrapper", "/h/b.h", 5, 120 + a_length, 40, cache::hash_bytes("b"),
             "b"},
            {"bdrv_c", "", "co_wrapper", "/h/b.h", 9, 170 + a_length, 30, cache::hash_bytes("c"),
             "c"},
        });
    };
    const std::string before = list(10);
    const std::string after = list(25);
    const std::optional<std::vector<std::size_t>> cuts = cache::wrapper_list_parts(before, 1);
    const std::optional<std::vector<std::size_t>> cuts_after = cache::wrapper_list_parts(after, 1);
    // With more headers a part, both are in one.
    EXPECT_EQ(cache::wrapper_list_parts(before, 2)->size(), 1u);
    ASSERT_TRUE(cuts && cuts_after);
    ASSERT_EQ(cuts->size(), 2u);  // a.h's part, then b.h's
    ASSERT_EQ(*cuts, *cuts_after);
    EXPECT_EQ(before.substr(0, (*cuts)[0]), after.substr(0, (*cuts)[0]));  // the head
    EXPECT_NE(before.substr((*cuts)[0], (*cuts)[1] - (*cuts)[0]),
              after.substr((*cuts)[0], (*cuts)[1] - (*cuts)[0]));
    EXPECT_EQ(before.substr((*cuts)[1]), after.substr((*cuts)[1]));
    // And the starts read back are where the blocks are.
    const auto rows = cache::decode_wrapper_list(after);
    ASSERT_TRUE(rows);
    EXPECT_EQ((*rows)[1].start, 145);
    EXPECT_EQ((*rows)[2].start, 195);
    // A list without wrappers is all head.
    const std::string empty = cache::encode_wrapper_list(std::vector<cache::WrapperRow>{});
    EXPECT_EQ(cache::wrapper_list_parts(empty), std::vector<std::size_t>{empty.size()});
}

// An edit compares the parts that changed: read with their list's head, they give the wrappers
// the whole list gives there, but for where the blocks start.
TEST(CacheWrapperList, PartsReadWithTheirHeadGiveTheirWrappers) {
    std::vector<cache::WrapperRow> rows;
    for (int h = 0; h < 20; ++h) {
        const std::string name = "bdrv_" + std::to_string(h);
        rows.push_back({name, "", h % 2 ? "co_wrapper" : "co_wrapper_mixed",
                        "/h/h" + std::to_string(h) + ".h", h + 1, 100 + 50 * h, 40,
                        cache::hash_bytes(name), "text of " + name});
    }
    const std::string list = cache::encode_wrapper_list(rows);
    const std::optional<std::vector<std::size_t>> cuts = cache::wrapper_list_parts(list);
    ASSERT_TRUE(cuts);
    ASSERT_EQ(cuts->size(), 3u);  // headers 0-7, 8-15, 16-19
    const std::string_view whole(list);
    const std::string_view head = whole.substr(0, (*cuts)[0]);
    const std::vector<std::string_view> some = {whole.substr((*cuts)[1], (*cuts)[2] - (*cuts)[1]),
                                                whole.substr((*cuts)[2])};
    const std::optional<std::vector<cache::WrapperView>> read =
        cache::decode_part_views(head, some);
    ASSERT_TRUE(read);
    ASSERT_EQ(read->size(), 12u);
    for (std::size_t i = 0; i < read->size(); ++i) {
        const cache::WrapperRow& want = rows[8 + i];
        const cache::WrapperView& got = (*read)[i];
        EXPECT_EQ(got.name, want.name);
        EXPECT_EQ(got.mark, want.mark);
        EXPECT_EQ(got.header, want.header);
        EXPECT_EQ(got.line, want.line);
        EXPECT_EQ(got.length, want.length);
        EXPECT_EQ(got.checksum, want.checksum);
        EXPECT_EQ(got.text, want.text);
    }
    // Damage, or a head that is not one (the whole list), reads as nothing.
    EXPECT_FALSE(cache::decode_part_views(whole, some));
    const std::vector<std::string_view> cut_short = {some[0].substr(0, some[0].size() - 1)};
    EXPECT_FALSE(cache::decode_part_views(head, cut_short));

    EXPECT_TRUE(cache::same_paths(head, list));
    rows.back().header = "/h/other.h";
    EXPECT_FALSE(cache::same_paths(head, cache::encode_wrapper_list(rows)));
    rows.back().header = "/h/h19.h";
    rows.back().length = 99;  // other bytes, the same paths
    EXPECT_TRUE(cache::same_paths(head, cache::encode_wrapper_list(rows)));
}

// A list written before the targets were left out (version 1) is read with its targets.
TEST(CacheWrapperList, AListOfVersionOneKeepsItsTargets) {
    const cache::Key checksum = cache::hash_bytes("a");
    const auto rows = cache::decode_wrapper_list(list_of_format_one(checksum));
    ASSERT_TRUE(rows);
    ASSERT_EQ(rows->size(), 1u);
    EXPECT_EQ((*rows)[0], (cache::WrapperRow{"bdrv_a", "stored_target", "co_wrapper", "/h/a.h", 7,
                                             2, 3, checksum, "x"}));
}

// An output recorded with a list of format 2 has its hash over the blocks' checksums at the
// list's places; one recorded with a list of format 1, or none, over every byte, as the
// cowrap that recorded it made it.
TEST(CacheWrapperList, TheOutputsHashIsTheKindItsListWasRecordedWith) {
    const std::string text = "--abc--def--";
    std::vector<cache::WrapperRow> rows = sample();
    rows.resize(2);
    rows[0].start = 2;
    rows[0].length = 3;
    rows[1].start = 7;
    rows[1].length = 3;
    const std::string v2 = cache::encode_wrapper_list(rows);
    EXPECT_EQ(cache::output_content_hash(text, v2),
              cache::Key{*output_hash(text, std::vector<Span>{{2, 3}, {7, 3}})});
    EXPECT_NE(cache::output_content_hash(text, v2), cache::hash_bytes(text));
    EXPECT_EQ(cache::output_content_hash(text, list_of_format_one(cache::hash_bytes("abc"))),
              cache::hash_bytes(text));
    EXPECT_EQ(cache::output_content_hash(text, ""), cache::hash_bytes(text));
    EXPECT_EQ(cache::output_content_hash(text, v2.substr(0, v2.size() - 1)), std::nullopt);
    EXPECT_EQ(cache::output_content_hash("--ab", v2), std::nullopt);  // places past the end
}

TEST(CacheWrapperList, AnythingElseIsNoList) {
    const std::string bytes = cache::encode_wrapper_list(sample());
    EXPECT_FALSE(cache::decode_wrapper_list(""));  // an output recorded before schema 7
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        EXPECT_FALSE(cache::decode_wrapper_list(bytes.substr(0, i))) << "length " << i;
    }
    EXPECT_FALSE(cache::decode_wrapper_list(bytes + "x"));
    std::string other = bytes;
    other[0] = 4;  // a version this cowrap does not know
    EXPECT_FALSE(cache::decode_wrapper_list(other));
    // A header index past the paths: after the version, the count and the two paths (7 bytes
    // each), the count of wrappers and the first wrapper's two strings.
    std::string bad = bytes;
    const std::size_t index = 1 + 1 + 2 * 7 + 1 + 7 + 11;
    ASSERT_EQ(bad[index], 0);
    bad[index] = 5;
    EXPECT_FALSE(cache::decode_wrapper_list(bad));
}

}  // namespace
}  // namespace cowrap
