#include "core/names.hpp"

#include <gtest/gtest.h>

namespace cowrap {
namespace {

TEST(TargetName, CoInsertsCoAfterTheFirstWord) {
    EXPECT_EQ(target_name("bdrv_flush", Kind::co), "bdrv_co_flush");
    EXPECT_EQ(target_name("bdrv_pwrite_zeroes", Kind::co), "bdrv_co_pwrite_zeroes");
    EXPECT_EQ(target_name("blk_pread", Kind::co), "blk_co_pread");
    EXPECT_EQ(target_name("nbd_do_establish", Kind::co), "nbd_co_do_establish");
    EXPECT_EQ(target_name("Bdrv_Foo", Kind::co), "Bdrv_co_Foo");
    EXPECT_EQ(target_name("bdrv_co", Kind::co), "bdrv_co_co");  // no "_co_" inside
}

TEST(TargetName, CoRejectsCoInfixAndMissingWords) {
    EXPECT_EQ(target_name("bdrv_co_flush", Kind::co), std::nullopt);
    EXPECT_EQ(target_name("bdrv_foo_co_bar", Kind::co), std::nullopt);
    // "_co_" anywhere after the first '_', also where a '_' before it is a near miss.
    EXPECT_EQ(target_name("bdrv__co_x", Kind::co), std::nullopt);
    EXPECT_EQ(target_name("bdrv_c_co_", Kind::co), std::nullopt);
    EXPECT_EQ(target_name("bdrv_x_co", Kind::co), "bdrv_co_x_co");
    EXPECT_EQ(target_name("bdrv_x_cox_", Kind::co), "bdrv_co_x_cox_");
    EXPECT_EQ(target_name("flush", Kind::co), std::nullopt);
    EXPECT_EQ(target_name("_flush", Kind::co), std::nullopt);
    EXPECT_EQ(target_name("bdrv_", Kind::co), std::nullopt);
    EXPECT_EQ(target_name("", Kind::co), std::nullopt);
}

TEST(TargetName, NoCoDropsTheCoWord) {
    EXPECT_EQ(target_name("bdrv_co_unref", Kind::no_co), "bdrv_unref");
    EXPECT_EQ(target_name("bdrv_co_open_blockdev_ref", Kind::no_co), "bdrv_open_blockdev_ref");
    EXPECT_EQ(target_name("blk_co_new_open", Kind::no_co), "blk_new_open");
    EXPECT_EQ(target_name("bdrv_co_co_x", Kind::no_co), "bdrv_co_x");
}

TEST(TargetName, NoCoNeedsCoAsTheSecondWord) {
    EXPECT_EQ(target_name("bdrv_unref", Kind::no_co), std::nullopt);
    EXPECT_EQ(target_name("bdrv_foo_co_bar", Kind::no_co), std::nullopt);
    EXPECT_EQ(target_name("bdrv_cox_bar", Kind::no_co), std::nullopt);
    EXPECT_EQ(target_name("bdrv_co_", Kind::no_co), std::nullopt);
    EXPECT_EQ(target_name("bdrv_co", Kind::no_co), std::nullopt);
    EXPECT_EQ(target_name("_co_bar", Kind::no_co), std::nullopt);
    EXPECT_EQ(target_name("co_bar", Kind::no_co), std::nullopt);
    EXPECT_EQ(target_name("", Kind::no_co), std::nullopt);
}

TEST(CamelCase, UpperCasesEachWord) {
    EXPECT_EQ(camel_case("bdrv_pwrite_zeroes"), "BdrvPwriteZeroes");
    EXPECT_EQ(camel_case("bdrv_co_pwrite_zeroes"), "BdrvCoPwriteZeroes");
    EXPECT_EQ(camel_case("flush"), "Flush");
    EXPECT_EQ(camel_case("bdrv_fooBar"), "BdrvFooBar");
    EXPECT_EQ(camel_case("BDRV_FOO"), "BDRVFOO");
    EXPECT_EQ(camel_case("blk_2x_read"), "Blk2xRead");
}

TEST(CamelCase, RejectsEmptyWords) {
    EXPECT_EQ(camel_case(""), std::nullopt);
    EXPECT_EQ(camel_case("bdrv__foo"), std::nullopt);
    EXPECT_EQ(camel_case("_bdrv_foo"), std::nullopt);
    EXPECT_EQ(camel_case("bdrv_foo_"), std::nullopt);
    EXPECT_EQ(camel_case("_"), std::nullopt);
}

}  // namespace
}  // namespace cowrap
