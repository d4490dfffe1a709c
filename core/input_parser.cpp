#include "core/input_parser.hpp"

#include <system_error>
#include <utility>

namespace cowrap {

InputParser::InputParser(std::size_t count, const SourceFeed& feed, const ParseOptions& options,
                         bool ahead)
    : count_(count), feed_(feed), options_(options) {
    if (ahead && count > 1) {
        try {
            thread_ = std::thread([this] { run_ahead(); });
        } catch (const std::system_error&) {
            // No thread to be had (a process limit): the run parses on its own.
        }
    }
}

InputParser::~InputParser() {
    if (thread_.joinable()) {
        {
            std::lock_guard lock(mutex_);
            stop_ = true;
        }
        changed_.notify_all();
        thread_.join();
    }
}

ParsedInput InputParser::take(std::size_t index) {
    ParsedInput in;
    in.source = feed_(index);
    if (in.source == nullptr) {
        all_readable_ = false;
    } else if (all_readable_) {
        ParseResult parsed = parse_source(*in.source, options_);
        in.parsed = true;
        in.declarations = std::move(parsed.declarations);
        in.diagnostics = std::move(parsed.diagnostics);
        in.arena = std::move(parsed.arena);
    }
    return in;
}

void InputParser::run_ahead() {
    for (std::size_t i = 0; i < count_; ++i) {
        ParsedInput in;
        try {
            in = take(i);
        } catch (...) {
            std::lock_guard lock(mutex_);
            failure_ = std::current_exception();
            changed_.notify_all();
            return;
        }
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return ready_.size() < room || stop_; });
        if (stop_) {
            return;
        }
        ready_.push_back(std::move(in));
        // Woken by batches: a wake-up per header cost more than the overlap saved.
        if (ready_.size() == batch || i + 1 == count_) {
            changed_.notify_all();
        }
    }
    std::lock_guard lock(mutex_);
    finished_ = true;
    changed_.notify_all();
}

ParsedInput InputParser::next() {
    if (!thread_.joinable()) {
        return take(fed_++);
    }
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return ready_.size() >= batch || finished_ || failure_; });
    if (ready_.empty()) {
        std::rethrow_exception(failure_);
    }
    ParsedInput in = std::move(ready_.front());
    ready_.pop_front();
    if (ready_.size() == room - batch) {
        changed_.notify_all();
    }
    return in;
}

}  // namespace cowrap
