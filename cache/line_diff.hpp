// A unified diff of two short texts, line by line, as `diff -u` prints it: what `cache why`
// shows for a declaration that changed. Written here (an LCS over lines) so that nothing
// external runs.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace cowrap::cache {

// "--- LABEL\n+++ LABEL\n" then hunks ("@@ -1,3 +1,3 @@", a count of 1 left out as diff
// does) with `context` unchanged lines around each change; empty when the texts' lines are
// equal. A final newline does not make a line.
std::string unified_diff(std::string_view before, std::string_view after,
                         std::string_view before_label, std::string_view after_label,
                         std::size_t context = 3);

}  // namespace cowrap::cache
