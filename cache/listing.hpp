// `cache ls` and `show`: the wrappers the recorded outputs hold now.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cache/store.hpp"

namespace cowrap::cache {

struct WrapperEntry {
    std::string name;    // W
    std::string target;  // T
    std::string mark;
    std::string dialect;
    std::string header;  // absolute
    std::int64_t line = 0;
    std::string output;  // absolute
};

// Every wrapper of every recorded output, by name. With `header` (a path as given, or the
// end of one: "block/io.h"), only those declared in that header.
std::vector<WrapperEntry> list_wrappers(Store& store, std::string_view header = {});

std::string wrappers_text(const std::vector<WrapperEntry>& wrappers);

struct ShownWrapper {
    WrapperEntry entry;
    std::optional<std::string> fragment;  // its code, read from the output
    bool damaged = false;                 // the output is there but no longer holds that code
};

// The wrappers whose W or T is `name`.
std::vector<ShownWrapper> find_wrapper(Store& store, std::string_view name);

std::string show_text(const std::vector<ShownWrapper>& found);

// "co", "no_co"; {"mixed", "rdlock"}, and "mixed,rdlock" (or "-") for a mark name.
std::string kind_of(std::string_view mark);
std::vector<std::string> flag_names(std::string_view mark);
std::string flags_of(std::string_view mark);

}  // namespace cowrap::cache
