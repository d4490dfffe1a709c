#include "util/lock.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include <unistd.h>

namespace {

namespace fs = std::filesystem;
using cowrap::util::FileLock;

class UtilLock : public ::testing::Test {
protected:
    void TearDown() override { fs::remove_all(dir_); }
    std::string lock_path(const char* name) {
        fs::create_directories(dir_);
        return (dir_ / name).string();
    }

private:
    fs::path dir_ = fs::temp_directory_path() / ("cowrap-lock-test-" + std::to_string(::getpid()));
};

// A wait longer than 32 retries once shifted an int by 32 (undefined; UBSan aborted).
TEST_F(UtilLock, LongWaitOnAHeldLockTimesOutWithAnError) {
    const auto path = lock_path("held");
    std::string error;
    FileLock holder;
    ASSERT_TRUE(holder.lock_file(path, true, 0, error)) << error;

    FileLock waiter;
    const auto start = std::chrono::steady_clock::now();
    EXPECT_FALSE(waiter.lock_file(path, false, 700, error));
    EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(700));
    EXPECT_NE(error.find("cannot lock"), std::string::npos) << error;
    EXPECT_FALSE(waiter.locked());
}

TEST_F(UtilLock, RetryPauseStaysShortAfterManyTries) {
    const auto start = std::chrono::steady_clock::now();
    cowrap::util::sleep_before_retry(40);
    cowrap::util::sleep_before_retry(1000);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST_F(UtilLock, WaiterGetsTheLockOnceTheHolderLetsGo) {
    const auto path = lock_path("released");
    std::string error;
    FileLock holder;
    ASSERT_TRUE(holder.lock_file(path, true, 0, error)) << error;
    std::thread release([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(600));
        holder.unlock();
    });
    FileLock waiter;
    const bool got = waiter.lock_file(path, false, 10000, error);
    release.join();
    EXPECT_TRUE(got) << error;
    EXPECT_TRUE(waiter.locked());
}

}  // namespace
