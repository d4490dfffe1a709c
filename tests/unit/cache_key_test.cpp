#include "cache/key.hpp"

#include <gtest/gtest.h>

#include "cache/schema.hpp"
#include "make_decl.hpp"

namespace cowrap {
namespace {

using cache::declaration_key;
using cache::make_key_context;

Declaration sample() {
    Declaration d = test::decl(Mark::co_wrapper_mixed, "int", "bdrv_pread",
                               {test::child(), test::param("int64_t", "offset")}, 10);
    d.text = "int co_wrapper_mixed bdrv_pread ( BdrvChild * child , int64_t offset ) ;";
    return d;
}

cache::Key key_of(const Declaration& d, const GenerateOptions& o = {}) {
    return declaration_key(make_key_context(o), d);
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

TEST(CacheKey, SameDeclarationSameKey) {
    EXPECT_EQ(key_of(sample()), key_of(sample()));
}

TEST(CacheKey, DialectChangesTheKey) {
    GenerateOptions o82, o90;
    o82.dialect = resolve_dialect("qemu-8.2");
    o90.dialect = resolve_dialect("qemu-9.0");
    EXPECT_NE(key_of(sample(), o82), key_of(sample(), o90));
    // No dialect means the newest, which is the same key as naming it.
    GenerateOptions newest;
    newest.dialect = &newest_dialect();
    EXPECT_EQ(key_of(sample(), {}), key_of(sample(), newest));
}

TEST(CacheKey, EmitOptionsChangeTheKey) {
    GenerateOptions lines;
    lines.emit.line_directives = true;
    EXPECT_NE(key_of(sample()), key_of(sample(), lines));
}

TEST(CacheKey, ParseOptionsChangeTheKey) {
    GenerateOptions ann;
    ann.parse.annotations = {"MY_ANNOTATION"};
    EXPECT_NE(key_of(sample()), key_of(sample(), ann));
    GenerateOptions two;
    two.parse.annotations = {"MY", "ANNOTATION"};
    EXPECT_NE(key_of(sample(), ann), key_of(sample(), two));
}

TEST(CacheKey, IncludeListDoesNotChangeTheKey) {
    // Includes only shape the prologue, which is never cached.
    GenerateOptions inc;
    inc.emit.includes = {"\"my.h\""};
    EXPECT_EQ(key_of(sample()), key_of(sample(), inc));
}

TEST(CacheKey, VersionAndSchemaChangeTheKey) {
    Declaration d = sample();
    GenerateOptions o;
    auto base = declaration_key(make_key_context(o, "1.0.0", 1), d);
    EXPECT_NE(base, declaration_key(make_key_context(o, "1.0.1", 1), d));
    EXPECT_NE(base, declaration_key(make_key_context(o, "1.0.0", 2), d));
    EXPECT_EQ(declaration_key(make_key_context(o), d),
              declaration_key(make_key_context(o, COWRAP_VERSION, cache::schema_version), d));
}

TEST(CacheKey, DeclarationTextChangesTheKey) {
    Declaration d = sample();
    d.text = "int co_wrapper_mixed bdrv_pread ( BdrvChild * child , int64_t offset2 ) ;";
    EXPECT_NE(key_of(sample()), key_of(d));
}

TEST(CacheKey, ModelChangesTheKey) {
    Declaration mark = sample();
    mark.mark = Mark::co_wrapper;
    EXPECT_NE(key_of(sample()), key_of(mark));
    Declaration param = sample();
    param.params[1].name = "off";
    EXPECT_NE(key_of(sample()), key_of(param));
    Declaration ret = sample();
    ret.return_type = "int64_t";
    EXPECT_NE(key_of(sample()), key_of(ret));
}

TEST(CacheKey, LayoutOnlyChangesKeepTheKey) {
    // The same declaration moved down the header, indented differently, in another file:
    // only locations differ, and they are not part of the key without #line.
    Declaration moved = sample();
    moved.file = "other/place.h";
    moved.mark_loc = {42, 9};
    moved.name_loc = {43, 1};
    moved.params[0].loc = {44, 5};
    moved.params[1].name_loc = {45, 12};
    EXPECT_EQ(key_of(sample()), key_of(moved));
}

TEST(CacheKey, LocationsCountWithLineDirectives) {
    GenerateOptions lines;
    lines.emit.line_directives = true;
    Declaration moved = sample();
    moved.name_loc.line += 1;
    EXPECT_NE(key_of(sample(), lines), key_of(moved, lines));
    Declaration renamed = sample();
    renamed.file = "other.h";
    EXPECT_NE(key_of(sample(), lines), key_of(renamed, lines));
}

TEST(CacheKey, HeaderKeyFollowsContentAndParseOptions) {
    auto ctx = make_key_context({});
    auto a =
        cache::header_key(ctx, cache::hash_bytes("int co_wrapper bdrv_x(BlockDriverState *bs);"));
    auto b =
        cache::header_key(ctx, cache::hash_bytes("int co_wrapper bdrv_x(BlockDriverState *bs); "));
    EXPECT_NE(a, b);
    GenerateOptions ann;
    ann.parse.annotations = {"X"};
    EXPECT_NE(a,
              cache::header_key(make_key_context(ann),
                                cache::hash_bytes("int co_wrapper bdrv_x(BlockDriverState *bs);")));
    // The dialect does not change how a header parses.
    GenerateOptions old;
    old.dialect = resolve_dialect("qemu-6.2");
    EXPECT_EQ(a,
              cache::header_key(make_key_context(old),
                                cache::hash_bytes("int co_wrapper bdrv_x(BlockDriverState *bs);")));
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
