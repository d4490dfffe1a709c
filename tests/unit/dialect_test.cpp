#include "core/dialect.hpp"

#include <gtest/gtest.h>

namespace cowrap {
namespace {

std::string resolved(std::string_view name) {
    const Dialect* d = resolve_dialect(name);
    return d ? std::string(d->name) : "none";
}

TEST(Dialect, TableIsOldestFirstAndNewestIsDefault) {
    const auto& all = all_dialects();
    ASSERT_EQ(all.size(), 7u);
    for (std::size_t i = 1; i < all.size(); ++i) {
        EXPECT_LT(all[i - 1].version, all[i].version);
    }
    EXPECT_EQ(newest_dialect().name, "qemu-9.0");
}

TEST(Dialect, ExactNamesResolveToThemselves) {
    for (const Dialect& d : all_dialects()) {
        EXPECT_EQ(resolved(d.name), d.name);
    }
}

TEST(Dialect, ReleasesResolveToTheNewestDialectNotAfterThem) {
    EXPECT_EQ(resolved("qemu-10.1"), "qemu-9.0");
    EXPECT_EQ(resolved("qemu-10.2"), "qemu-9.0");
    EXPECT_EQ(resolved("qemu-9.2"), "qemu-9.0");
    EXPECT_EQ(resolved("qemu-8.2"), "qemu-8.2");
    EXPECT_EQ(resolved("qemu-7.0"), "qemu-6.2");
    EXPECT_EQ(resolved("qemu-7.2"), "qemu-6.2");
    EXPECT_EQ(resolved("qemu-6.0"), "qemu-5.2");
    EXPECT_EQ(resolved("qemu-5.2"), "qemu-5.2");
    EXPECT_EQ(resolved("7.1"), "qemu-6.2");
    EXPECT_EQ(resolved("qemu-8.10"), "qemu-8.2");  // 8.10 is newer than 8.2
}

TEST(Dialect, FullReleaseNumbersAreAccepted) {
    EXPECT_EQ(resolved("qemu-10.0.2"), "qemu-9.0");
    EXPECT_EQ(resolved("qemu-7.2.0"), "qemu-6.2");
    EXPECT_EQ(resolved("8.0.5"), "qemu-8.0");
}

std::string release(std::string_view version) {
    std::optional<QemuRelease> r = qemu_release_of(version);
    return r ? std::to_string(r->major) + "." + std::to_string(r->minor) : "none";
}

// QEMU's VERSION numbers: .0-.49 are the release and its stable updates, .50 the
// development tree after it, .90-.99 the release candidates of the next release.
TEST(Dialect, VersionNumbersStandForTheirRelease) {
    EXPECT_EQ(release("7.2.0"), "7.2");
    EXPECT_EQ(release("7.2.17"), "7.2");
    EXPECT_EQ(release("10.0.2"), "10.0");
    EXPECT_EQ(release("8.0.49"), "8.0");
    EXPECT_EQ(release("8.1"), "8.1");
    EXPECT_EQ(release("8.0.50"), "8.1");  // master after 8.0
    EXPECT_EQ(release("8.1.50"), "8.2");
    EXPECT_EQ(release("7.2.50"), "8.0");  // after X.2 comes (X+1).0
    EXPECT_EQ(release("8.2.90"), "9.0");  // 9.0.0-rc0
    EXPECT_EQ(release("6.0.94"), "6.1");  // 6.1.0-rc4
    EXPECT_EQ(release("6.0.99"), "6.1");
    EXPECT_EQ(release("5.1.50"), "5.2");
    EXPECT_EQ(release("10.2.50"), "11.0");
    for (std::string_view bad : {"", "8", "8.", "8.0.", "8.0.x", "v8.0.0", "8.0.0-rc1", " 8.0.0"}) {
        EXPECT_EQ(release(bad), "none") << bad;
    }
}

TEST(Dialect, DevelopmentAndCandidateVersionsPickTheNextReleasesDialect) {
    EXPECT_EQ(resolved("qemu-8.0.50"), "qemu-8.1");
    EXPECT_EQ(resolved("qemu-7.2.50"), "qemu-8.0");
    EXPECT_EQ(resolved("qemu-6.0.94"), "qemu-6.1");
    EXPECT_EQ(resolved("qemu-6.0.0"), "qemu-5.2");
    EXPECT_EQ(resolved("qemu-8.1.90"), "qemu-8.2");
    EXPECT_EQ(resolved("qemu-8.2.50"), "qemu-9.0");
    EXPECT_EQ(resolved("qemu-6.1.50"), "qemu-6.2");
    EXPECT_EQ(resolved("qemu-5.1.50"), "qemu-5.2");  // the first dialect, reached from below
    EXPECT_EQ(resolved("qemu-5.1.49"), "none");
    EXPECT_EQ(resolved("qemu-4.2.50"), "none");  // 5.0
    EXPECT_EQ(resolved("qemu-10.1.93"), "qemu-9.0");
}

TEST(Dialect, OlderThanEveryDialectIsNone) {
    EXPECT_EQ(resolved("qemu-5.1"), "none");
    EXPECT_EQ(resolved("qemu-4.2"), "none");
    EXPECT_EQ(resolved("qemu-0.0"), "none");
}

TEST(Dialect, MalformedNamesAreNone) {
    for (std::string_view bad :
         {"", "qemu-", "qemu-9", "qemu-9.", "qemu-.0", "qemu-9.0.", "qemu-x.y", "qemu-9.0a",
          "qemu--9.0", "qemu-+9.0", "qemu-9.-1", "QEMU-9.0", "qemu 9.0", "9", "qemu-99999.0",
          "qemu-9.100", "qemu-9.0.x", "qemu-9.0.1.2"}) {
        EXPECT_EQ(resolved(bad), "none") << bad;
    }
}

TEST(Dialect, SwitchesFollowTheSpecTable) {
    auto at = [](std::string_view n) { return *resolve_dialect(n); };
    EXPECT_TRUE(at("qemu-5.2").bdrv_prefix_required);
    EXPECT_FALSE(at("qemu-6.1").bdrv_prefix_required);
    EXPECT_FALSE(at("qemu-6.1").block_backend_p1);
    EXPECT_TRUE(at("qemu-6.2").block_backend_p1);
    EXPECT_TRUE(at("qemu-6.2").generated_co_wrapper_only);
    EXPECT_FALSE(at("qemu-8.0").generated_co_wrapper_only);
    EXPECT_FALSE(at("qemu-6.2").struct_from_wrapper);
    EXPECT_TRUE(at("qemu-8.0").struct_from_wrapper);
    EXPECT_FALSE(at("qemu-6.2").ret_in_struct);
    EXPECT_TRUE(at("qemu-8.0").ret_in_struct);
    EXPECT_EQ(at("qemu-6.2").context, ContextSource::bs_from_p1);
    EXPECT_EQ(at("qemu-8.2").context, ContextSource::ctx_from_p1);
    EXPECT_EQ(at("qemu-9.0").context, ContextSource::current_context);
    EXPECT_FALSE(at("qemu-8.0").bh_acquires_context);
    EXPECT_TRUE(at("qemu-8.1").bh_acquires_context);
    EXPECT_TRUE(at("qemu-8.2").bh_acquires_context);
    EXPECT_FALSE(at("qemu-9.0").bh_acquires_context);
    EXPECT_FALSE(at("qemu-8.1").no_co_locks);
    EXPECT_TRUE(at("qemu-8.2").no_co_locks);
    EXPECT_TRUE(at("qemu-8.2").wrlock_takes_null);
    EXPECT_FALSE(at("qemu-9.0").wrlock_takes_null);
}

TEST(Dialect, IncludesGainDirtyBitmapFromQemu80) {
    std::vector<std::string> old = {"\"qemu/osdep.h\"", "\"block/coroutines.h\"",
                                    "\"block/block-gen.h\"", "\"block/block_int.h\""};
    EXPECT_EQ(default_includes(*resolve_dialect("qemu-6.2")), old);
    old.push_back("\"block/dirty-bitmap.h\"");
    EXPECT_EQ(default_includes(*resolve_dialect("qemu-8.0")), old);
    EXPECT_EQ(default_includes(newest_dialect()), old);
}

}  // namespace
}  // namespace cowrap
