#include "core/validate.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "make_decl.hpp"

namespace cowrap {
namespace {

using test::bs;
using test::child;
using test::decl;
using test::param;
using ::testing::HasSubstr;
using ::testing::Not;

const Dialect& dialect(std::string_view name) {
    return *resolve_dialect(name);
}

std::vector<Diagnostic> check(const std::vector<Declaration>& decls, std::string_view d) {
    return validate(decls, dialect(d));
}

std::vector<Diagnostic> check(const Declaration& one, std::string_view d) {
    return check(std::vector<Declaration>{one}, d);
}

// Exactly one error, at `loc` in block.h, whose message contains `text`.
void expect_error(const std::vector<Diagnostic>& got, Location loc, std::string_view text) {
    std::string all;
    for (const Diagnostic& d : got) {
        all += d.message + "\n";
    }
    ASSERT_EQ(got.size(), 1u) << all;
    EXPECT_EQ(got[0].severity, Severity::error);
    EXPECT_EQ(got[0].file, "block.h");
    EXPECT_EQ(got[0].loc, loc);
    EXPECT_THAT(got[0].message, HasSubstr(std::string(text)));
}

const std::vector<std::string_view> kNewDialects = {"qemu-8.0", "qemu-8.1", "qemu-8.2", "qemu-9.0"};
const std::vector<std::string_view> kOldDialects = {"qemu-5.2", "qemu-6.1", "qemu-6.2"};

// A dialect picked from the tree's VERSION: the error for a mark it lacks says so.
TEST(Validate, MarkTheDialectLacksNamesWhereTheDialectCameFrom) {
    Declaration d = decl(Mark::generated_co_wrapper, "int", "bdrv_flush", {bs()});
    std::vector<Diagnostic> got =
        validate({d}, dialect("qemu-8.0"), "from ../VERSION: 7.2.50 \u2192 qemu-8.0");
    ASSERT_EQ(got.size(), 1u);
    EXPECT_THAT(got[0].message, HasSubstr("'generated_co_wrapper'"));
    EXPECT_THAT(got[0].message, HasSubstr("from ../VERSION: 7.2.50"));
    EXPECT_THAT(check(d, "qemu-8.0")[0].message, Not(HasSubstr("VERSION")));
}

TEST(Validate, AcceptsEveryKnownMarkInTheNewestDialect) {
    std::vector<Declaration> all = {
        decl(Mark::co_wrapper, "int", "bdrv_a", {bs()}),
        decl(Mark::co_wrapper_mixed, "void", "bdrv_b", {child()}),
        decl(Mark::co_wrapper_bdrv_rdlock, "BlockDriverState *", "bdrv_c", {}),
        decl(Mark::co_wrapper_mixed_bdrv_rdlock, "int64_t", "blk_d", {test::blk()}),
        decl(Mark::no_co_wrapper, "int", "bdrv_co_e", {bs()}),
        decl(Mark::no_co_wrapper_bdrv_rdlock, "void", "bdrv_co_f", {bs()}),
        decl(Mark::no_co_wrapper_bdrv_wrlock, "const char *", "bdrv_co_g", {}),
    };
    EXPECT_TRUE(check(all, "qemu-9.0").empty());
    EXPECT_TRUE(check(all, "qemu-8.2").empty());
}

TEST(Validate, AcceptsTheLegacyMarkInOldDialects) {
    std::vector<Declaration> all = {
        decl(Mark::generated_co_wrapper, "int", "bdrv_flush", {bs()}),
        decl(Mark::generated_co_wrapper, "int", "bdrv_preadv", {child(), param("int64_t", "o")}),
    };
    for (std::string_view d : kOldDialects) {
        EXPECT_TRUE(check(all, d).empty()) << d;
    }
}

TEST(Validate, CoWrapperMarksNeedQemu80) {
    for (std::string_view d : kOldDialects) {
        for (Mark m : {Mark::co_wrapper, Mark::co_wrapper_mixed, Mark::co_wrapper_bdrv_rdlock,
                       Mark::co_wrapper_mixed_bdrv_rdlock}) {
            expect_error(check(decl(m, "int", "bdrv_flush", {bs()}), d), {1, 5},
                         "is not supported by dialect " + std::string(d) +
                             "; it was introduced in qemu-8.0");
        }
        expect_error(check(decl(Mark::no_co_wrapper, "int", "bdrv_co_x", {bs()}), d), {1, 5},
                     "'no_co_wrapper' is not supported by dialect " + std::string(d) +
                         "; it was introduced in qemu-8.0");
    }
}

TEST(Validate, NoCoLockMarksNeedQemu82) {
    for (std::string_view d : {"qemu-6.2", "qemu-8.0", "qemu-8.1"}) {
        for (Mark m : {Mark::no_co_wrapper_bdrv_rdlock, Mark::no_co_wrapper_bdrv_wrlock}) {
            expect_error(check(decl(m, "int", "bdrv_co_x", {bs()}), d), {1, 5},
                         "it was introduced in qemu-8.2");
        }
    }
    EXPECT_TRUE(check(decl(Mark::no_co_wrapper, "int", "bdrv_co_x", {bs()}), "qemu-8.1").empty());
}

TEST(Validate, GeneratedCoWrapperBecameCoWrapperMixed) {
    for (std::string_view d : kNewDialects) {
        expect_error(check(decl(Mark::generated_co_wrapper, "int", "bdrv_flush", {bs()}), d),
                     {1, 5},
                     "'generated_co_wrapper' is not supported by dialect " + std::string(d) +
                         ": it became 'co_wrapper_mixed' in qemu-8.0");
    }
}

TEST(Validate, CoWrapperNameMustNotContainCo) {
    auto got = check(decl(Mark::co_wrapper, "int", "bdrv_co_flush", {bs()}), "qemu-9.0");
    expect_error(got, {1, 20},
                 "wrapper name 'bdrv_co_flush' must not contain '_co_' for co_wrapper (the "
                 "target would be 'bdrv_co_co_flush'; to wrap 'bdrv_co_flush', name the "
                 "wrapper 'bdrv_flush')");
    expect_error(check(decl(Mark::generated_co_wrapper, "int", "bdrv_x_co_y", {bs()}), "qemu-6.2"),
                 {1, 20}, "must not contain '_co_' for generated_co_wrapper");
}

TEST(Validate, CoWrapperNameNeedsTwoWords) {
    for (std::string name : {"flush", "_flush", "bdrv_"}) {
        expect_error(check(decl(Mark::co_wrapper_mixed, "int", name, {bs()}), "qemu-9.0"), {1, 20},
                     "must have the form A_B for co_wrapper_mixed");
    }
}

TEST(Validate, NoCoWrapperNameNeedsCoAsSecondWord) {
    for (std::string name : {"bdrv_unref", "bdrv_x_co_y", "bdrv_co_", "unref"}) {
        expect_error(check(decl(Mark::no_co_wrapper, "void", name, {bs()}), "qemu-9.0"), {1, 20},
                     "'" + name + "' must have the form A_co_B for no_co_wrapper");
    }
}

TEST(Validate, EmptyWordsCannotMakeAStructName) {
    for (std::string name : {"bdrv__flush", "bdrv_flush_"}) {
        expect_error(check(decl(Mark::co_wrapper, "int", name, {bs()}), "qemu-9.0"), {1, 20},
                     "has an empty word");
        expect_error(check(decl(Mark::generated_co_wrapper, "int", name, {bs()}), "qemu-6.2"),
                     {1, 20}, "has an empty word");
    }
    expect_error(check(decl(Mark::no_co_wrapper, "int", "bdrv_co__x", {bs()}), "qemu-9.0"), {1, 20},
                 "has an empty word");
}

// The words these checks look for are found as whole identifiers only, wherever they stand
// (first, last, after a near miss that shares their first byte).
TEST(Validate, WordsInSpellingsAreWholeIdentifiers) {
    // S is BdrvFlush.
    for (const char* type : {"BdrvFlush *", "struct BdrvFlush *", "const BdrvFlush",
                             "BdrvFlushX BdrvFlush *", "BBdrvFlush BdrvFlush"}) {
        expect_error(check(decl(Mark::co_wrapper, "int", "bdrv_flush", {bs(), param(type, "x")}),
                           "qemu-9.0"),
                     {1, 50}, "names the wrapper's generated struct 'BdrvFlush'");
    }
    for (const char* type : {"BdrvFlushX *", "XBdrvFlush *", "BdrvFlus", "Bdrv_Flush", "B",
                             "BdrvFlush_ *", "BdrvFlush0"}) {
        EXPECT_TRUE(
            check(decl(Mark::co_wrapper, "int", "bdrv_flush", {bs(), param(type, "x")}), "qemu-9.0")
                .empty())
            << type;
    }
    expect_error(
        check(decl(Mark::co_wrapper, "int", "bdrv_flush", {bs(), param("register int", "x")}),
              "qemu-9.0"),
        {1, 50}, "is declared 'register'");
    // After near misses, at the end, and where the field is the declarator itself.
    for (const char* type :
         {"const rregister register int", "int registe_ register", "registerregister register"}) {
        expect_error(check(decl(Mark::co_wrapper, "int", "bdrv_flush", {bs(), param(type, "x")}),
                           "qemu-9.0"),
                     {1, 50}, "is declared 'register'");
    }
    // A size naming another parameter, seen in the field (the array kept, inside a pointer)
    // whether or not the field is the declarator's own text.
    expect_error(check(decl(Mark::co_wrapper, "int", "bdrv_flush",
                            {bs(), param("int", "n"), param("int (*", "m", "int (*m)[n]")}),
                       "qemu-9.0"),
                 {1, 60}, "variably modified");
    expect_error(check(decl(Mark::co_wrapper, "int", "bdrv_flush",
                            {bs(), param("int", "n"), param("int (*", "m)[n]")}),
                       "qemu-9.0"),
                 {1, 60}, "variably modified");
    EXPECT_TRUE(check(decl(Mark::co_wrapper, "int", "bdrv_flush",
                           {bs(), param("registers", "x"), param("my_register", "y"),
                            param("rregister", "z")}),
                      "qemu-9.0")
                    .empty());
}

TEST(Validate, Qemu52NeedsBdrvPrefix) {
    auto blk_name = decl(Mark::generated_co_wrapper, "int", "blk_flush", {bs()});
    expect_error(check(blk_name, "qemu-5.2"), {1, 20},
                 "wrapper name 'blk_flush' must start with 'bdrv_' in dialect qemu-5.2");
    EXPECT_TRUE(check(blk_name, "qemu-6.1").empty());
}

TEST(Validate, LegacyReturnTypeMustBeInt) {
    for (std::string_view d : kOldDialects) {
        expect_error(check(decl(Mark::generated_co_wrapper, "int64_t", "bdrv_x", {bs()}), d),
                     {1, 20}, "must be 'int' in dialect " + std::string(d) + ", not 'int64_t'");
    }
    for (std::string_view d : kNewDialects) {
        EXPECT_TRUE(check(decl(Mark::co_wrapper, "int64_t", "bdrv_x", {bs()}), d).empty());
    }
}

TEST(Validate, LegacyFirstParameterMustNameABlockDriverState) {
    for (std::string_view d : kOldDialects) {
        auto none = check(decl(Mark::generated_co_wrapper, "int", "bdrv_x", {}), d);
        expect_error(none, {1, 20}, "needs a first parameter of type 'BlockDriverState *'");
        auto other = check(
            decl(Mark::generated_co_wrapper, "int", "bdrv_x", {param("Job *", "job"), bs()}), d);
        expect_error(other, {1, 45}, "first parameter 'job' has type 'Job *'");
        auto konst = check(decl(Mark::generated_co_wrapper, "int", "bdrv_x",
                                {param("const BlockDriverState *", "bs")}),
                           d);
        expect_error(konst, {1, 45}, "has type 'const BlockDriverState *'");
        EXPECT_TRUE(check(decl(Mark::generated_co_wrapper, "int", "bdrv_x", {child()}), d).empty());
    }
    for (std::string_view d : kNewDialects) {
        EXPECT_TRUE(
            check(decl(Mark::co_wrapper, "int", "bdrv_x", {param("Job *", "job")}), d).empty());
        EXPECT_TRUE(check(decl(Mark::co_wrapper, "int", "bdrv_x", {}), d).empty());
    }
}

TEST(Validate, BlockBackendFirstParameterNeedsQemu62) {
    auto d = decl(Mark::generated_co_wrapper, "int", "bdrv_x", {test::blk()});
    for (std::string_view old : {"qemu-5.2", "qemu-6.1"}) {
        expect_error(check(d, old), {1, 45},
                     "first parameter 'blk' of type 'BlockBackend *' is not supported by "
                     "dialect " +
                         std::string(old));
    }
    EXPECT_TRUE(check(d, "qemu-6.2").empty());
}

TEST(Validate, ParameterNamedSIsReservedEverywhere) {
    for (const Dialect& d : all_dialects()) {
        Mark m = d.generated_co_wrapper_only ? Mark::generated_co_wrapper : Mark::co_wrapper;
        auto got = validate({decl(m, "int", "bdrv_x", {bs(), param("int", "s")})}, d);
        expect_error(got, {1, 55}, "parameter name 's' is reserved");
    }
    auto no_co =
        check(decl(Mark::no_co_wrapper, "int", "bdrv_co_x", {param("int", "s")}), "qemu-9.0");
    expect_error(no_co, {1, 45}, "parameter name 's' is reserved");
}

TEST(Validate, FixedFieldNamesAreReservedByKind) {
    auto poll = decl(Mark::co_wrapper, "int", "bdrv_x", {bs(), param("int", "poll_state")});
    expect_error(check(poll, "qemu-9.0"), {1, 55}, "parameter name 'poll_state' is reserved");
    auto co_in_co = decl(Mark::co_wrapper, "int", "bdrv_x", {bs(), param("int", "co")});
    EXPECT_TRUE(check(co_in_co, "qemu-9.0").empty());

    auto co = decl(Mark::no_co_wrapper, "int", "bdrv_co_x", {bs(), param("int", "co")});
    expect_error(check(co, "qemu-9.0"), {1, 55}, "parameter name 'co' is reserved");
    auto poll_in_no_co =
        decl(Mark::no_co_wrapper, "int", "bdrv_co_x", {bs(), param("int", "poll_state")});
    EXPECT_TRUE(check(poll_in_no_co, "qemu-9.0").empty());

    auto legacy =
        decl(Mark::generated_co_wrapper, "int", "bdrv_x", {bs(), param("int", "poll_state")});
    expect_error(check(legacy, "qemu-6.2"), {1, 55}, "'poll_state' is reserved");
}

TEST(Validate, RetIsReservedOnlyWhenTheStructHasARetField) {
    auto ret = [](Mark m, std::string r, std::string w) {
        return decl(m, std::move(r), std::move(w), {bs(), param("int *", "ret")});
    };
    for (std::string_view d : kNewDialects) {
        expect_error(check(ret(Mark::co_wrapper, "int", "bdrv_x"), d), {1, 55},
                     "parameter name 'ret' is reserved");
        expect_error(check(ret(Mark::no_co_wrapper, "int", "bdrv_co_x"), d), {1, 55},
                     "parameter name 'ret' is reserved");
        EXPECT_TRUE(check(ret(Mark::co_wrapper, "void", "bdrv_x"), d).empty());
        EXPECT_TRUE(check(ret(Mark::no_co_wrapper, "void", "bdrv_co_x"), d).empty());
    }
    for (std::string_view d : kOldDialects) {
        // The result lives in poll_state.ret there.
        EXPECT_TRUE(check(ret(Mark::generated_co_wrapper, "int", "bdrv_x"), d).empty());
    }
}

TEST(Validate, StructNameMustNotBeAKnownType) {
    expect_error(check(decl(Mark::co_wrapper, "int", "bdrv_child", {bs()}), "qemu-9.0"), {1, 20},
                 "struct name 'BdrvChild' (built from 'bdrv_child') clashes with a QEMU type");
    expect_error(check(decl(Mark::co_wrapper, "int", "block_driver", {bs()}), "qemu-8.0"), {1, 20},
                 "struct name 'BlockDriver'");
    expect_error(check(decl(Mark::no_co_wrapper, "int", "Job_co_", {}), "qemu-9.0"), {1, 20},
                 "must have the form A_co_B");
    // Before qemu-8.0 S comes from T, so bdrv_child is fine (BdrvCoChild).
    EXPECT_TRUE(
        check(decl(Mark::generated_co_wrapper, "int", "bdrv_child", {bs()}), "qemu-6.2").empty());
}

TEST(Validate, TwoWrappersMustNotShareAStructName) {
    std::vector<Declaration> both = {
        decl(Mark::co_wrapper, "int", "bdrv_foo_bar", {bs()}, 3),
        decl(Mark::co_wrapper, "int", "bdrv_fooBar", {bs()}, 9),
    };
    auto got = check(both, "qemu-9.0");
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got[0].severity, Severity::error);
    EXPECT_EQ(got[0].loc, (Location{9, 20}));
    EXPECT_EQ(got[0].message,
              "struct name 'BdrvFooBar' of wrapper 'bdrv_fooBar' is already used by wrapper "
              "'bdrv_foo_bar' (at block.h:3:20)");
    EXPECT_EQ(got[1].severity, Severity::note);
    EXPECT_EQ(got[1].loc, (Location{3, 20}));
}

TEST(Validate, StructNamesClashOnTheDialectsSource) {
    // From W in 8.0+: bdrv_co_x (no_co) -> BdrvCoX and co bdrv_x -> BdrvX: no clash.
    std::vector<Declaration> pair = {
        decl(Mark::co_wrapper, "int", "bdrv_x", {bs()}, 1),
        decl(Mark::no_co_wrapper, "int", "bdrv_co_x", {bs()}, 2),
    };
    EXPECT_TRUE(check(pair, "qemu-9.0").empty());
    // From T before 8.0: bdrv_a_b and bdrv_aB give BdrvCoAB twice.
    std::vector<Declaration> legacy = {
        decl(Mark::generated_co_wrapper, "int", "bdrv_a_b", {bs()}, 1),
        decl(Mark::generated_co_wrapper, "int", "bdrv_aB", {bs()}, 2),
    };
    auto got = check(legacy, "qemu-6.2");
    ASSERT_EQ(got.size(), 2u);
    EXPECT_THAT(got[0].message, HasSubstr("struct name 'BdrvCoAB'"));
}

TEST(Validate, DuplicateWrapperIsReportedAtTheSecondWithANoteAtTheFirst) {
    Declaration first = decl(Mark::co_wrapper, "int", "bdrv_flush", {bs()}, 4);
    first.file = "a.h";
    Declaration second = decl(Mark::co_wrapper_mixed, "int", "bdrv_flush", {bs()}, 7);
    second.file = "b.h";
    auto got = check({first, second}, "qemu-9.0");
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got[0].severity, Severity::error);
    EXPECT_EQ(got[0].file, "b.h");
    EXPECT_EQ(got[0].loc, (Location{7, 20}));
    EXPECT_EQ(got[0].message, "wrapper 'bdrv_flush' is declared twice (first at a.h:4:20)");
    EXPECT_EQ(got[1].severity, Severity::note);
    EXPECT_EQ(got[1].file, "a.h");
    EXPECT_EQ(got[1].loc, (Location{4, 20}));
    EXPECT_EQ(got[1].message, "'bdrv_flush' was first declared here");
}

TEST(Validate, HeaderByHeaderGivesWhatOneCallGives) {
    // Enough wrappers that the name tables grow, with duplicate names and struct names across
    // the headers (from T before 8.0: bdrv_wN_b and bdrv_wNB give the same struct).
    std::vector<std::vector<Declaration>> headers(3);
    std::vector<Declaration> all;
    for (std::size_t i = 0; i < 300; ++i) {
        std::string name = "bdrv_w" + std::to_string(i % 200) + (i % 3 == 0 ? "_b" : "B");
        Declaration d = decl(Mark::generated_co_wrapper, "int", name, {bs()}, i + 1);
        d.file = test::kept("h" + std::to_string(i / 100) + ".h");
        headers[i / 100].push_back(d);
        all.push_back(d);
    }
    const std::vector<Diagnostic> whole = validate(all, dialect("qemu-6.2"));
    Validator v(dialect("qemu-6.2"));
    std::vector<Diagnostic> split;
    for (const std::vector<Declaration>& h : headers) {
        v.add(h, split);
    }
    ASSERT_FALSE(whole.empty());
    ASSERT_EQ(split.size(), whole.size());
    for (std::size_t i = 0; i < whole.size(); ++i) {
        EXPECT_EQ(split[i].file, whole[i].file);
        EXPECT_EQ(split[i].loc, whole[i].loc);
        EXPECT_EQ(split[i].message, whole[i].message);
    }
    // A wrapper first declared in h0.h, named again in h2.h.
    bool across = false;
    for (const Diagnostic& d : split) {
        across =
            across || (d.file == "h2.h" && d.message.find("first at h0.h:") != std::string::npos);
    }
    EXPECT_TRUE(across);
}

TEST(Validate, ReportsEveryProblemOfADeclaration) {
    auto d = decl(Mark::generated_co_wrapper, "void", "blk_x", {param("int", "s")});
    auto got = check(d, "qemu-5.2");
    ASSERT_EQ(got.size(), 4u);
    EXPECT_THAT(got[0].message, HasSubstr("must start with 'bdrv_'"));
    EXPECT_THAT(got[1].message, HasSubstr("must be 'int'"));
    EXPECT_THAT(got[2].message, HasSubstr("'s' is reserved"));
    EXPECT_THAT(got[3].message, HasSubstr("first parameter 's' has type 'int'"));
}

}  // namespace
}  // namespace cowrap
