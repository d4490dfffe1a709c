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

TEST(Generate, UsesMemoisedFragmentsVerbatimAndStoresNewOnes) {
    Source src = make_source("a.h", "");
    Memo memo;
    memo.find_declarations = [](const Source&) {
        return std::optional<std::vector<Declaration>>{{wrapper("bdrv_a"), wrapper("bdrv_b")}};
    };
    memo.find_fragment = [](const Declaration& d) -> std::optional<std::string> {
        if (d.name == "bdrv_a") {
            return std::string("/* fragment of bdrv_a from the memo */\n");
        }
        return std::nullopt;
    };
    std::vector<std::string> stored;
    memo.store_fragment = [&](const Declaration& d, const std::string&) {
        stored.push_back(d.name);
    };
    GenerateResult r = generate({src}, {}, memo);
    ASSERT_TRUE(r.ok());
    EXPECT_NE(r.text.find("/* fragment of bdrv_a from the memo */\n"), std::string::npos);
    EXPECT_EQ(r.stats.fragments_reused, 1u);
    EXPECT_EQ(r.stats.fragments_emitted, 1u);
    EXPECT_EQ(stored, std::vector<std::string>{"bdrv_b"});
}

TEST(Generate, SameInputsGiveSameTextWithAndWithoutMemo) {
    Source src = make_source("a.h", "");
    Memo memo;
    memo.find_declarations = [](const Source&) {
        return std::optional<std::vector<Declaration>>{{wrapper("bdrv_a")}};
    };
    GenerateResult first = generate({src}, {}, memo);
    std::string fragment;
    memo.store_fragment = [&](const Declaration&, const std::string& f) { fragment = f; };
    GenerateResult second = generate({src}, {}, memo);
    memo.find_fragment = [&](const Declaration&) { return std::optional<std::string>(fragment); };
    GenerateResult third = generate({src}, {}, memo);
    EXPECT_EQ(first.text, second.text);
    EXPECT_EQ(second.text, third.text);
    EXPECT_EQ(third.stats.fragments_reused, 1u);
}

TEST(Generate, WritesNoTextWhenValidationFails) {
    Source src = make_source("a.h", "");
    Memo memo;
    memo.find_declarations = [](const Source&) {
        // Declared twice in one run: an error in every dialect.
        return std::optional<std::vector<Declaration>>{{wrapper("bdrv_a"), wrapper("bdrv_a")}};
    };
    bool emitted = false;
    memo.store_fragment = [&](const Declaration&, const std::string&) { emitted = true; };
    GenerateResult r = generate({src}, {}, memo);
    EXPECT_FALSE(r.ok());
    EXPECT_TRUE(r.text.empty());
    EXPECT_FALSE(emitted);
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
