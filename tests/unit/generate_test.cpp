#include "core/generate.hpp"

#include <gtest/gtest.h>

namespace cowrap {
namespace {

Declaration wrapper(std::string name) {
    Declaration d;
    d.file = "stored.h";
    d.mark = Mark::co_wrapper;
    d.name = std::move(name);
    d.name_loc = {1, 5};
    d.return_type = "int";
    d.text = "int co_wrapper " + d.name + " ( void ) ;";
    return d;
}

TEST(Generate, ReusesMemoisedDeclarationsUnderTheCurrentPath) {
    Source src = make_source("renamed.h", "this text is never parsed (");
    Memo memo;
    memo.find_declarations = [](const Source&) {
        return std::optional<std::vector<Declaration>>{{wrapper("bdrv_foo")}};
    };
    bool stored = false;
    memo.store_declarations = [&](const Source&, const std::vector<Declaration>&) {
        stored = true;
    };
    GenerateResult r = analyze({src}, {}, memo);
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
    memo.find_declarations = [](const Source&) {
        return std::optional<std::vector<Declaration>>{{wrapper("bdrv_a"), wrapper("bdrv_b")}};
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
    memo.find_declarations = [](const Source&) {
        return std::optional<std::vector<Declaration>>{{wrapper("bdrv_a")}};
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
    memo.find_declarations = [](const Source&) {
        // Declared twice in one run: an error in every dialect.
        return std::optional<std::vector<Declaration>>{{wrapper("bdrv_a"), wrapper("bdrv_a")}};
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
