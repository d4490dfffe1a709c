// The pending journal's record format (cache/run_record_bytes.hpp): what a record holds, the
// formats before it, and any damage.
#include "cache/run_record_bytes.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cache/bytes.hpp"
#include "cache/key.hpp"
#include "cache/wrapper_list.hpp"
#include "util/spill.hpp"

namespace cowrap {
namespace {

cache::Key key_of(const std::string& text) {
    return cache::hash_bytes(text);
}

cache::RunRecord full_record() {
    cache::RunRecord r;
    r.output = "/o/out.c";
    r.dialect = "qemu-9.0";
    r.time = 1790000000;
    r.duration_us = 1234;
    r.status = cache::RunStatus::written;
    r.refresh = true;
    r.content_hash = key_of("text");
    r.run_key = key_of("run");
    r.previous_hash = "";
    r.inputs = {{"/i/a.h", key_of("a")}, {"/i/b.h", key_of("b")}};
    r.hits = 3;
    r.misses = 4;
    r.headers_parsed = 1;
    r.headers_reused = 1;
    r.headers.push_back({"/i/a.h", key_of("a"), 10, 20});
    r.wrapper_list = cache::encode_wrapper_list(std::vector<cache::WrapperRow>{
        {"bdrv_a", "bdrv_co_a", "co_wrapper", "/i/a.h", 7, 100, 50, key_of("c"),
         "int co_wrapper bdrv_a ( BlockDriverState * bs ) ;"}});
    return r;
}

TEST(RunRecord, RoundTripsThroughItsBytes) {
    const cache::RunRecord r = full_record();
    const std::string bytes = cache::serialize_run_record(r);
    EXPECT_EQ(cache::deserialize_run_record(bytes), r);

    cache::RunRecord failed;
    failed.output = "/o/x.c";
    failed.error_text = "a.h:1:5: error: unknown mark 'co_wraper'\n";
    EXPECT_EQ(cache::deserialize_run_record(cache::serialize_run_record(failed)), failed);
}

// A list of megabytes goes to the journal from its spill, a piece at a time: the same bytes as
// the record serialised whole.
TEST(RunRecord, AStreamedListGivesTheSameBytes) {
    cache::RunRecord r = full_record();
    r.error_text = "a failed run's text";
    cache::WrapperListBuilder b;
    b.spill();
    std::size_t n = 0;
    while (b.bytes() < 3 * util::SpillBuffer::piece_size) {
        const std::string name = "bdrv_" + std::to_string(n);
        const std::string text = "int co_wrapper " + name + " ( BlockDriverState * bs ) ;";
        b.add({name,
               {},
               "co_wrapper",
               "/i/h" + std::to_string(n % 7) + ".h",
               static_cast<std::int64_t>(n),
               static_cast<std::int64_t>(100 * n),
               100,
               key_of(name),
               text});
        ++n;
    }
    cache::StreamedList streamed = b.finish_streamed();
    ASSERT_GT(streamed.size(), 3 * util::SpillBuffer::piece_size);
    std::string written;
    std::size_t framed = 0;
    ASSERT_TRUE(cache::write_run_record(
        r, streamed,
        [&](std::size_t size) {
            framed = size;
            return true;
        },
        [&](std::string_view piece) {
            written += piece;
            return true;
        }));
    r.wrapper_list = streamed.joined();
    const std::string whole = cache::serialize_run_record(r);
    EXPECT_EQ(framed, whole.size());
    EXPECT_TRUE(written == whole);
    EXPECT_EQ(cache::deserialize_run_record(written), r);
    // A write that fails is said.
    EXPECT_FALSE(cache::write_run_record(
        r, streamed, [](std::size_t) { return true; }, [](std::string_view) { return false; }));
}

// `r` in format 2 (no texts) or 3, which held the wrappers field by field with a declaration
// key, and each header with its parse key: what a cowrap before left in its journal.
std::string old_format(const cache::RunRecord& r, char version) {
    cache::RunRecord bare = r;
    bare.headers.clear();
    bare.wrapper_list.reset();
    bare.error_text.clear();
    cache::ByteWriter w;
    w.out = cache::serialize_run_record(bare);
    // The checksum, the error text, "no wrappers", "no headers".
    w.out.resize(w.out.size() - 16 - 3);
    w.out[0] = version;
    w.number(r.headers.size());
    for (const cache::HeaderRow& h : r.headers) {
        w.text(h.path);
        w.key(h.content_hash);
        w.key(key_of("a parse key"));
        w.text("");  // the declarations
        w.number(0);
        w.signed_number(h.size);
        w.signed_number(h.mtime_ns);
    }
    w.number(1);
    const std::vector<cache::WrapperRow> rows = *cache::decode_wrapper_list(*r.wrapper_list);
    w.number(rows.size());
    for (const cache::WrapperRow& row : rows) {
        w.text(row.name);
        w.text(row.target);
        w.text(row.mark);
        w.text(row.header);
        w.signed_number(row.line);
        w.key(key_of("a declaration key"));
        w.signed_number(row.start);
        w.signed_number(row.length);
        w.key(row.checksum);
        if (version == 3) {
            w.text(row.text);
        }
    }
    if (version == 3) {
        w.text(r.error_text);
    }
    w.key(cache::hash_bytes(w.out));
    return std::move(w.out);
}

// A journal left by the cowrap before declaration and error texts were kept is still stored,
// and so is one from before the wrapper list.
TEST(RunRecord, TheFormatsBeforeAreStillRead) {
    cache::RunRecord r = full_record();
    EXPECT_EQ(cache::deserialize_run_record(old_format(r, 3)), r);
    std::vector<cache::WrapperRow> rows = *cache::decode_wrapper_list(*r.wrapper_list);
    rows.front().text.clear();
    r.wrapper_list = cache::encode_wrapper_list(rows);
    std::string bytes = old_format(r, 2);
    EXPECT_EQ(cache::deserialize_run_record(bytes), r);
    // Any other version is not read, even with a good checksum.
    bytes.resize(bytes.size() - 16);
    bytes[0] = 1;
    const cache::Key other = cache::hash_bytes(bytes);
    bytes.append(reinterpret_cast<const char*>(other.bytes.data()), other.bytes.size());
    EXPECT_FALSE(cache::deserialize_run_record(bytes));
}

TEST(RunRecord, AnyDamageIsRejected) {
    const std::string bytes = cache::serialize_run_record(full_record());
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        std::string flipped = bytes;
        flipped[i] = static_cast<char>(flipped[i] ^ 0x20);
        EXPECT_FALSE(cache::deserialize_run_record(flipped)) << "byte " << i;
        EXPECT_FALSE(cache::deserialize_run_record(bytes.substr(0, i))) << "length " << i;
    }
    EXPECT_FALSE(cache::deserialize_run_record(bytes + "x"));
}

}  // namespace
}  // namespace cowrap
