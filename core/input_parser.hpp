// The inputs of a streamed run, read and parsed in order: on the emitting thread, or shared
// with a second one (the parse is most of a run's work, emitting and writing the rest). With a
// second thread, both threads take the next input to parse as they become free: the helper
// parses ahead of the emitter, and the emitter parses an input itself instead of waiting for
// one, so a monolithic run of many headers takes about half the sum of the two threads' work
// instead of the longer one. Either way inputs are read one at a time in order, and the run
// sees them in the same order, so its output and diagnostics are the same.
#pragma once

#include <array>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "core/declaration.hpp"
#include "core/diagnostic.hpp"
#include "core/parse.hpp"
#include "core/source.hpp"
#include "core/text_arena.hpp"

namespace cowrap {

// Input `index` (asked for in order, once each, one call at a time), or null when it cannot be
// read (the feed has said why). The declarations view the source: the run holds it until they
// are emitted.
using SourceFeed = std::function<std::shared_ptr<const Source>(std::size_t index)>;

// A source the caller keeps alive for the whole run (no ownership passes).
inline std::shared_ptr<const Source> borrowed(const Source& source) {
    return std::shared_ptr<const Source>(std::shared_ptr<const Source>(), &source);
}

// One input as the parse left it.
struct ParsedInput {
    std::shared_ptr<const Source> source;  // null: it could not be read
    bool parsed = false;  // false after an unreadable input: the rest are only read
    std::vector<Declaration> declarations;
    std::vector<Diagnostic> diagnostics;
    TextArena arena;
};

class InputParser {
public:
    // `ahead`: share the parsing with a second thread, at most `room` inputs ahead of next().
    // A parse that collects prototypes into one list (`prototypes_out`) stays on that thread
    // alone, so that the list keeps the inputs' order.
    InputParser(std::size_t count, const SourceFeed& feed, const ParseOptions& options, bool ahead);
    ~InputParser();  // stops the thread (a run that stops early) and joins it
    InputParser(const InputParser&) = delete;
    InputParser& operator=(const InputParser&) = delete;

    // The next input, in order; rethrows what its reading or parse threw.
    ParsedInput next();

private:
    static constexpr std::size_t room = 16;
    struct Slot {
        ParsedInput input;
        std::exception_ptr failure;
        bool done = false;
    };

    // Reads the next input and parses it into its slot, if one may be taken now (not all taken,
    // at most `room` ahead of next(), no failure, not stopping); false if not.
    bool parse_one();
    void run_helper();
    // Under mutex_: nothing more will be taken; one input may be taken now.
    bool finished() const { return stop_ || failed_ || claimed_ == count_; }
    bool may_claim() const { return !finished() && claimed_ - taken_ < room; }

    std::size_t count_;
    SourceFeed feed_;  // a copy: the caller's may be a temporary
    const ParseOptions& options_;

    // Held while an input is taken and read: inputs are fed one at a time, in order.
    std::mutex feed_mutex_;
    bool all_readable_ = true;  // so far; guarded by feed_mutex_

    std::mutex mutex_;  // guards what follows
    std::condition_variable changed_;
    std::array<Slot, room> slots_;  // input i in slots_[i % room] until next() takes it
    std::size_t taken_ = 0;         // inputs next() has returned
    std::size_t claimed_ = 0;       // inputs given to a thread to read and parse
    bool failed_ = false;           // a read or parse threw: nothing more is taken
    bool stop_ = false;
    std::thread thread_;
};

}  // namespace cowrap
