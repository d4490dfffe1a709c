#include "core/input_parser.hpp"

#include <system_error>
#include <utility>

namespace cowrap {

InputParser::InputParser(std::size_t count, const SourceFeed& feed, const ParseOptions& options,
                         bool ahead)
    : count_(count), feed_(feed), options_(options) {
    if (ahead && count > 1) {
        try {
            thread_ = std::thread([this] { run_helper(); });
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

bool InputParser::parse_one() {
    std::size_t index = 0;
    ParsedInput in;
    bool parse = false;
    std::exception_ptr failure;
    {
        std::lock_guard feeding(feed_mutex_);
        {
            std::lock_guard lock(mutex_);
            if (!may_claim()) {
                return false;
            }
            index = claimed_++;
        }
        try {
            in.source = feed_(index);
        } catch (...) {
            failure = std::current_exception();
        }
        if (failure == nullptr && in.source == nullptr) {
            all_readable_ = false;
        }
        parse = in.source != nullptr && all_readable_;
        if (failure != nullptr) {
            std::lock_guard lock(mutex_);
            failed_ = true;  // before the next input could be fed
        }
    }
    if (parse) {
        try {
            ParseResult parsed = parse_source(*in.source, options_);
            in.parsed = true;
            in.declarations = std::move(parsed.declarations);
            in.diagnostics = std::move(parsed.diagnostics);
            in.arena = std::move(parsed.arena);
        } catch (...) {
            failure = std::current_exception();
        }
    }
    {
        std::lock_guard lock(mutex_);
        Slot& slot = slots_[index % room];
        slot.input = std::move(in);
        slot.failure = failure;
        slot.done = true;
        failed_ = failed_ || failure != nullptr;
    }
    changed_.notify_all();
    return true;
}

void InputParser::run_helper() {
    for (;;) {
        if (parse_one()) {
            continue;
        }
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return finished() || may_claim(); });
        if (finished()) {
            return;
        }
    }
}

ParsedInput InputParser::next() {
    // A list of prototypes is filled in input order: by the helper alone, when there is one.
    const bool may_parse = options_.prototypes_out == nullptr || !thread_.joinable();
    std::unique_lock lock(mutex_);
    for (;;) {
        Slot& slot = slots_[taken_ % room];
        if (slot.done) {
            Slot taken = std::move(slot);
            slot = Slot{};
            ++taken_;
            lock.unlock();
            changed_.notify_all();  // room for the helper
            if (taken.failure != nullptr) {
                std::rethrow_exception(taken.failure);
            }
            return std::move(taken.input);
        }
        bool parsed = false;
        if (may_parse) {
            // Rather than wait for this input, parse the next one not taken (perhaps this one).
            lock.unlock();
            parsed = parse_one();
            lock.lock();
        }
        if (!parsed && !slots_[taken_ % room].done) {
            changed_.wait(lock);  // a thread is parsing it
        }
    }
}

}  // namespace cowrap
