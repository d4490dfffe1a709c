// `cowrap cache stats|print|zero|ls|why|verify|gc|clear`: the cache's inspection commands.
// Each is a query in cache/ and a printed form (cli/command_line.cpp reads their options).
#include "cli/cmd_cache.hpp"

#include <unistd.h>

#include <ctime>
#include <iostream>
#include <optional>

#include "cache/gc.hpp"
#include "cache/json.hpp"
#include "cache/listing.hpp"
#include "cache/paths.hpp"
#include "cache/pending.hpp"
#include "cache/run_hints.hpp"
#include "cache/stats.hpp"
#include "cache/verify.hpp"
#include "cache/why.hpp"
#include "cli/commands.hpp"
#include "cli/diagnostic_output.hpp"
#include "cli/inputs.hpp"
#include "cli/json_output.hpp"

namespace cowrap::cli {

// Every command reads the cache with the runs that cold builds left pending in it: they are
// stored first, creating the database if those runs were its first, and the command goes on
// with the database they were stored in (opening it again cost as much as storing a run).
// When that is impossible (a read-only or damaged cache), the command says how many it cannot
// show, and goes on.
std::optional<cache::Store> fold_pending(const std::string& path) {
    if (!cache::has_pending_runs(path)) {
        return std::nullopt;
    }
    try {
        cache::Store store = cache::Store::for_generate(path);
        cache::fold_pending_runs(store, path);
        return store;
    } catch (const cache::Error& e) {
        std::cerr << "cowrap: warning: " << cache::count_pending_runs(path)
                  << " pending runs are not in the cache yet: " << e.what() << "\n";
        return std::nullopt;
    }
}

int with_cache(const std::string& path, bool write, const std::function<int(cache::Store&)>& body) {
    if (path.empty()) {
        print_error("no cache given: use --cache PATH or set COWRAP_CACHE");
        return 2;
    }
    try {
        std::optional<cache::Store> folded = fold_pending(path);
        cache::Store store = folded ? std::move(*folded) : cache::Store::existing(path, write);
        return body(store);
    } catch (const cache::Error& e) {
        print_error("cache '" + path + "': " + e.what());
        return 1;
    }
}

namespace {

std::int64_t now() {
    return static_cast<std::int64_t>(std::time(nullptr));
}

// `document` with the command's fields added to the envelope, on stdout.
void print_cache_json(std::string_view command, const nlohmann::ordered_json& fields) {
    nlohmann::ordered_json doc = json_document(command);
    doc.update(fields);
    print_json(doc);
}

}  // namespace

int cache_stats(const CacheArgs& a) {
    return with_cache(a.path, false, [&](cache::Store& store) {
        cache::Stats s = cache::read_stats(store, a.path);
        if (a.format == "json") {
            print_cache_json("cache stats", cache::stats_json(s));
        } else {
            std::cout << cache::stats_text(s);
        }
        return 0;
    });
}

int cache_print(const CacheArgs& a) {
    return with_cache(a.path, false, [&](cache::Store& store) {
        cache::Stats s = cache::read_stats(store, a.path);
        if (a.format == "json") {
            print_cache_json("cache print", cache::stats_json(s));
        } else {
            std::cout << cache::stats_tab(s);
        }
        return 0;
    });
}

int cache_zero(const CacheArgs& a) {
    return with_cache(a.path, true, [&](cache::Store& store) {
        store.zero_counters(now());
        std::cout << "Statistics zeroed\n";
        return 0;
    });
}

int cache_ls(const CacheArgs& a) {
    return with_cache(a.path, false, [&](cache::Store& store) {
        auto wrappers = cache::list_wrappers(store, a.header);
        if (a.format == "json") {
            print_cache_json("cache ls", {{"wrappers", cache::wrappers_json(wrappers)}});
        } else {
            std::cout << cache::wrappers_text(wrappers);
        }
        return 0;
    });
}

int cache_why(const CacheArgs& a) {
    return with_cache(a.path, false, [&](cache::Store& store) {
        cache::OutputHistory h = cache::output_history(store, a.output);
        if (a.format == "json") {
            print_cache_json("cache why", cache::history_json(h));
        } else {
            std::cout << cache::why_text(h, use_color(a.color, STDOUT_FILENO));
        }
        return h.known ? 0 : 1;
    });
}

int cache_verify(const CacheArgs& a) {
    if (a.path.empty()) {
        print_error("no cache given: use --cache PATH or set COWRAP_CACHE");
        return 2;
    }
    try {
        fold_pending(a.path);
        cache::VerifyReport r = cache::verify_cache(a.path);
        if (a.format == "json") {
            nlohmann::ordered_json fields = cache::verify_json(r);
            fields["database"] = cache::absolute_path(a.path);
            print_cache_json("cache verify", fields);
        } else {
            std::cout << cache::verify_text(r);
        }
        return r.problems.empty() ? 0 : 1;
    } catch (const cache::Error& e) {
        print_error("cache '" + a.path + "': " + e.what());
        return 1;
    }
}

int cache_gc(const CacheArgs& a) {
    std::optional<std::int64_t> age;
    if (!a.older_than.empty()) {
        age = cache::parse_age(a.older_than);
        if (!age) {
            print_error("--older-than: '" + a.older_than +
                        "' is not an age (a number with s, m, h, d or w, at most 100 years)");
            return 2;
        }
    }
    return with_cache(a.path, true, [&](cache::Store& store) {
        std::cout << cache::gc_text(store.gc(age, now()));
        cache::reset_digest(store, a.path);
        return 0;
    });
}

int cache_clear(const CacheArgs& a) {
    return with_cache(a.path, true, [&](cache::Store& store) {
        store.clear();
        cache::reset_digest(store, a.path);
        cache::remove_run_hints(a.path);
        std::cout << "Cache cleared\n";
        return 0;
    });
}

}  // namespace cowrap::cli
