// `cache verify`: is the database sound, and do the recorded outputs still hold what cowrap
// wrote, block by block?
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace cowrap::cache {

struct VerifyReport {
    std::vector<std::string> problems;  // one sentence each; empty: all is well
    std::int64_t blocks = 0;            // wrapper blocks checked in their outputs
    std::int64_t headers = 0;
    std::int64_t outputs = 0;
    bool empty = false;  // no schema yet (a first run killed early): generate adopts it
};

// Opens the database read-only itself, so that failing to open is a problem it reports.
// The database must exist (throws cache::Error otherwise).
VerifyReport verify_cache(const std::string& path);

std::string verify_text(const VerifyReport& report);

}  // namespace cowrap::cache
