#include "cache/key.hpp"

#include <gtest/gtest.h>

#include "cache/store.hpp"

namespace cowrap {
namespace {

using cache::make_key_context;

// The emit key: what the run key holds of the options (cache/key.hpp).
cache::Key key_of(const GenerateOptions& o = {}) {
    return make_key_context(o).emit;
}

TEST(CacheKey, HexIsThirtyTwoDigits) {
    std::string hex = cache::to_hex(cache::hash_bytes("abc"));
    EXPECT_EQ(hex.size(), 32u);
    EXPECT_EQ(hex.find_first_not_of("0123456789abcdef"), std::string::npos);
    EXPECT_NE(cache::hash_bytes("abc"), cache::hash_bytes("abd"));
}

TEST(CacheKey, FieldsAreDelimited) {
    cache::KeyBuilder a, b;
    a.add("ab");
    a.add("c");
    b.add("a");
    b.add("bc");
    EXPECT_NE(a.finish(), b.finish());
}

TEST(CacheKey, DialectChangesTheKey) {
    GenerateOptions o82, o90;
    o82.dialect = resolve_dialect("qemu-8.2");
    o90.dialect = resolve_dialect("qemu-9.0");
    EXPECT_NE(key_of(o82), key_of(o90));
    // No dialect means the newest, which is the same key as naming it.
    GenerateOptions newest;
    newest.dialect = &newest_dialect();
    EXPECT_EQ(key_of({}), key_of(newest));
}

TEST(CacheKey, EmitOptionsChangeTheKey) {
    GenerateOptions lines;
    lines.emit.line_directives = true;
    EXPECT_NE(key_of(), key_of(lines));
}

TEST(CacheKey, ParseOptionsChangeTheKey) {
    GenerateOptions ann;
    ann.parse.annotations = {"MY_ANNOTATION"};
    EXPECT_NE(key_of(), key_of(ann));
    GenerateOptions two;
    two.parse.annotations = {"MY", "ANNOTATION"};
    EXPECT_NE(key_of(ann), key_of(two));
}

TEST(CacheKey, IncludeListDoesNotChangeTheKey) {
    // Includes only shape the prologue, which is never cached.
    GenerateOptions inc;
    inc.emit.includes = {"\"my.h\""};
    EXPECT_EQ(key_of(), key_of(inc));
}

TEST(CacheKey, VersionAndSchemaChangeTheKey) {
    GenerateOptions o;
    auto base = make_key_context(o, "1.0.0", 1).emit;
    EXPECT_NE(base, make_key_context(o, "1.0.1", 1).emit);
    EXPECT_NE(base, make_key_context(o, "1.0.0", 2).emit);
    EXPECT_EQ(make_key_context(o).emit,
              make_key_context(o, COWRAP_VERSION, cache::schema_version).emit);
}

TEST(CacheKey, CheckedSliceOnlyGivesBytesThatMatchTheirChecksum) {
    const std::string text = "prologue\nblock one\nblock two\n";
    const auto sum = cache::hash_bytes("block one\n");
    auto one = cache::checked_slice(text, 9, 10, sum);
    ASSERT_TRUE(one);
    EXPECT_EQ(*one, "block one\n");
    EXPECT_FALSE(cache::checked_slice(text, 19, 10, sum));  // other bytes there
    EXPECT_FALSE(cache::checked_slice(text, 9, 10, std::nullopt));
    EXPECT_FALSE(cache::checked_slice(text, -1, 10, sum));
    EXPECT_FALSE(cache::checked_slice(text, 9, -1, sum));
    EXPECT_FALSE(cache::checked_slice(text, 25, 10, sum));  // runs past the end
    EXPECT_FALSE(cache::checked_slice(text, 100, 0, sum));
}

}  // namespace
}  // namespace cowrap
