#include "cache/verify.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>

#include "cache/paths.hpp"
#include "cache/previous_state.hpp"
#include "cache/stats.hpp"
#include "cache/store.hpp"
#include "cache/wrapper_list.hpp"

namespace cowrap::cache {

namespace fs = std::filesystem;

namespace {

constexpr int max_integrity_messages = 10;

void check_integrity(Store& store, VerifyReport& r) {
    for (const std::string& message : store.integrity_problems(max_integrity_messages)) {
        r.problems.push_back("integrity check: " + message);
    }
}

// Each wrapper block where the output's last run put it, against its checksum. An output
// recorded before schema 7 has no list (an empty blob) until its next run.
void check_blocks(std::string_view path, std::string_view list, const std::string& text,
                  VerifyReport& r) {
    if (list.empty()) {
        return;
    }
    const std::optional<std::vector<WrapperRow>> rows = decode_wrapper_list(list);
    if (!rows) {
        r.problems.push_back("the recorded wrapper list of " + shown_path(std::string(path)) +
                             " cannot be read");
        return;
    }
    for (const WrapperRow& w : *rows) {
        ++r.blocks;
        if (!checked_slice(text, w.start, w.length, w.checksum)) {
            r.problems.push_back(
                fmt::format("the recorded code of {} ({}:{}) does not match its checksum; it "
                            "will be regenerated",
                            w.name, shown_path(w.header), w.line));
        }
    }
}

// A run records its output before renaming it into place, so the file may also still hold
// previous_hash (an empty blob: it did not exist yet) when that run was killed in between.
void check_outputs(Store& store, VerifyReport& r) {
    for (const OutputRow& o : store.recorded_outputs()) {
        ++r.outputs;
        const std::string& path = o.path;
        std::optional<std::string> bytes = read_bytes(path);
        if (!bytes) {
            if (!o.may_be_absent) {
                r.problems.push_back("output " + shown_path(path) +
                                     " is missing (`cowrap cache gc` forgets it)");
            }
            continue;
        }
        // The content hash as the run that recorded it made it; the previous state is the
        // file's stamp or a hash of every byte (the run that made it did not have its list).
        if (o.content_hash && output_content_hash(*bytes, o.wrappers) == o.content_hash) {
            check_blocks(path, o.wrappers, *bytes, r);
        } else if (!is_previous_state(o.previous_state, path, *bytes)) {
            r.problems.push_back("output " + shown_path(path) +
                                 " differs from what cowrap last wrote (edited by hand?)");
        }
    }
}

// What would make `generate` run without the cache, though reading it works.
void check_usable(const std::string& path, VerifyReport& r) {
    const std::string folder = folder_of(path);
    if (::access(path.c_str(), W_OK) != 0) {
        r.problems.push_back("the database is read-only: cowrap runs without it");
    } else if (::access(folder.c_str(), W_OK) != 0) {
        r.problems.push_back("its folder " + folder +
                             " is read-only, and SQLite needs to create files there: cowrap "
                             "runs without the cache");
    }
    if (auto name = network_filesystem_of(folder)) {
        r.problems.push_back("it is on a network filesystem (" + std::string(*name) +
                             ") where SQLite's WAL is unsafe: cowrap runs without it");
    }
}

}  // namespace

VerifyReport verify_cache(const std::string& path) {
    VerifyReport r;
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) {
        throw Error(0, "no cache database at '" + path + "'");
    }
    check_usable(path, r);
    try {
        check_file_header(path);
    } catch (const Error& e) {
        r.problems.push_back(e.what());
    }
    try {
        Store store = Store::existing(path, false);
        check_integrity(store, r);
        // A header row holds what the file held when last read: nothing in it is reused.
        r.headers = store.header_count();
        check_outputs(store, r);
    } catch (const EmptyCache&) {
        r.empty = true;
    } catch (const Error& e) {
        r.problems.push_back(std::string("cannot read the database: ") + e.what());
    }
    return r;
}

std::string verify_text(const VerifyReport& r) {
    std::string out;
    for (const std::string& p : r.problems) {
        out += "problem: " + p + "\n";
    }
    if (r.empty) {
        out += "The cache is empty: no run has been recorded in it yet.\n";
    }
    out += fmt::format("Checked {}, {} and {}: {}\n", counted(r.blocks, "wrapper block"),
                       counted(r.headers, "header"), counted(r.outputs, "output"),
                       r.problems.empty()
                           ? std::string("no problems")
                           : counted(static_cast<std::int64_t>(r.problems.size()), "problem"));
    return out;
}

}  // namespace cowrap::cache
