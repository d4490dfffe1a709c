#include "cache/stats.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <ctime>
#include <filesystem>

#include "cache/paths.hpp"

namespace cowrap::cache {

const std::vector<std::string>& counter_names() {
    static const std::vector<std::string> names = {
        "runs", "runs_failed", "outputs_written", "outputs_unchanged",
        "hits", "misses",      "headers_parsed",  "headers_reused",
    };
    return names;
}

namespace {

std::int64_t file_size(const std::string& path) {
    std::error_code ec;
    auto size = std::filesystem::file_size(path, ec);
    return ec ? 0 : static_cast<std::int64_t>(size);
}

std::string percent(std::int64_t part, std::int64_t whole) {
    if (whole == 0) {
        return "";
    }
    return fmt::format(" ({:6.2f} %)",
                       100.0 * static_cast<double>(part) / static_cast<double>(whole));
}

}  // namespace

Stats read_stats(Store& store, const std::string& database) {
    Stats s;
    s.database = database;
    s.schema = store.stored_schema();
    s.headers = store.header_count();
    s.outputs = store.output_count();
    s.wrappers = store.wrapper_count();
    Stats stored;  // every counter row, in the store's order
    stored.counters = store.counters();
    for (const std::string& name : counter_names()) {
        s.counters.emplace_back(name, counter(stored, name));
    }
    s.zeroed_at = counter(stored, "zeroed_at");
    s.last_run = store.last_run();
    s.database_size = file_size(database) + file_size(database + "-wal");
    return s;
}

std::int64_t counter(const Stats& stats, std::string_view name) {
    for (const auto& [n, v] : stats.counters) {
        if (n == name) {
            return v;
        }
    }
    return 0;
}

std::string format_size(std::int64_t bytes) {
    if (bytes < 1000) {
        return fmt::format("{} bytes", bytes);
    }
    double v = static_cast<double>(bytes);
    for (const char* unit : {"kB", "MB", "GB"}) {
        v /= 1000.0;
        if (v < 1000.0 || std::string_view(unit) == "GB") {
            return fmt::format("{:.1f} {}", v, unit);
        }
    }
    return {};
}

std::string counted(std::int64_t n, std::string_view word, std::string_view plural) {
    if (n == 1) {
        return fmt::format("1 {}", word);
    }
    return plural.empty() ? fmt::format("{} {}s", n, word) : fmt::format("{} {}", n, plural);
}

std::string format_time(std::int64_t unix_seconds) {
    std::time_t t = static_cast<std::time_t>(unix_seconds);
    return fmt::format("{:%Y-%m-%d %H:%M:%S}", fmt::localtime(t));
}

std::string stats_text(const Stats& s) {
    auto n = [&](std::string_view name) { return counter(s, name); };
    std::int64_t lookups = n("hits") + n("misses");
    std::int64_t headers_read = n("headers_parsed") + n("headers_reused");
    std::string out;
    auto line = [&](std::string_view label, const std::string& value) {
        out += value.empty() ? fmt::format("{}\n", label) : fmt::format("{:<22}{}\n", label, value);
    };
    auto figure = [&](std::string_view label, std::int64_t value, std::int64_t whole) {
        std::string v = fmt::format("{:>8}", value);
        if (whole >= 0) {
            v += fmt::format(" / {:>8}{}", whole, percent(value, whole));
        }
        line(label, v);
    };
    line("Cache database:", s.database);
    figure("Headers:", s.headers, -1);
    figure("Outputs:", s.outputs, -1);
    figure("Wrappers:", s.wrappers, -1);
    figure("Runs:", n("runs"), -1);
    figure("  Rewritten:", n("outputs_written"), n("runs"));
    figure("  Left alone:", n("outputs_unchanged"), n("runs"));
    figure("  Failed:", n("runs_failed"), n("runs"));
    line("Wrapper blocks:", "");
    figure("  Hits:", n("hits"), lookups);
    figure("  Misses:", n("misses"), lookups);
    line("Headers read:", "");
    figure("  Reused:", n("headers_reused"), headers_read);
    figure("  Parsed:", n("headers_parsed"), headers_read);
    if (s.last_run) {
        const LastRun& r = *s.last_run;
        line("Last run:",
             fmt::format("{}, {}, {} in {:.3f} s", format_time(r.time), shown_path(r.output),
                         r.status == "written"     ? "rewritten"
                         : r.status == "unchanged" ? "left alone"
                                                   : "failed",
                         static_cast<double>(r.duration_us) / 1e6));
    } else {
        line("Last run:", "never");
    }
    line("Database size:", format_size(s.database_size));
    line("Statistics zeroed:", s.zeroed_at ? format_time(s.zeroed_at) : "never");
    return out;
}

std::vector<std::pair<std::string, std::int64_t>> stats_figures(const Stats& s) {
    std::vector<std::pair<std::string, std::int64_t>> f = {
        {"schema_version", s.schema},
        {"headers", s.headers},
        {"outputs", s.outputs},
        {"wrappers", s.wrappers},
    };
    f.insert(f.end(), s.counters.begin(), s.counters.end());
    f.emplace_back("last_run_time", s.last_run ? s.last_run->time : 0);
    f.emplace_back("database_size", s.database_size);
    f.emplace_back("stats_zeroed_time", s.zeroed_at);
    return f;
}

std::string stats_tab(const Stats& s) {
    std::string out;
    for (const auto& [name, value] : stats_figures(s)) {
        out += fmt::format("{}\t{}\n", name, value);
    }
    return out;
}

}  // namespace cowrap::cache
