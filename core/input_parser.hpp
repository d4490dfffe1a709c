// The inputs of a streamed run, read and parsed in order: on the emitting thread, or a few
// headers ahead of it on a second one (the parse is most of a run's work, emitting and writing
// the rest: overlapped, a monolithic run of many headers takes the longer of the two instead
// of their sum). Either way the run sees the same inputs in the same order, so its output and
// diagnostics are the same.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
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

// Input `index` (asked for in order, once each), or null when it cannot be read (the feed has
// said why). The declarations view the source: the run holds it until they are emitted.
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
    // `ahead`: parse on a second thread, at most a few inputs ahead of next().
    InputParser(std::size_t count, const SourceFeed& feed, const ParseOptions& options, bool ahead);
    ~InputParser();  // stops the thread (a run that stops early) and joins it
    InputParser(const InputParser&) = delete;
    InputParser& operator=(const InputParser&) = delete;

    // The next input, in order; rethrows what its parse threw.
    ParsedInput next();

private:
    ParsedInput take(std::size_t index);
    void run_ahead();

    std::size_t count_;
    SourceFeed feed_;  // a copy: the caller's may be a temporary
    const ParseOptions& options_;
    // Only the thread that parses touches these.
    std::size_t fed_ = 0;       // without a second thread: the inputs fed so far
    bool all_readable_ = true;  // so far

    // With a thread: what it has parsed and next() has not taken yet, at most `room`; each
    // side wakes the other by `batch`.
    static constexpr std::size_t room = 16;
    static constexpr std::size_t batch = 4;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<ParsedInput> ready_;
    std::exception_ptr failure_;
    bool finished_ = false;  // every input is in ready_ (or failure_ is set)
    bool stop_ = false;
    std::thread thread_;
};

}  // namespace cowrap
