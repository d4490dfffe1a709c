// `cowrap cache stats|print|zero|ls|why|verify|gc|clear`: the cache's inspection commands.
// Each is a query in cache/ and a printed form; this file only wires them to the command line.
#include "cli/cmd_cache.hpp"

#include <unistd.h>

#include <ctime>
#include <iostream>
#include <memory>
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

void add_cache_path_option(CLI::App& cmd, std::string& path) {
    cmd.add_option("--cache", path, "The cache database (default: $COWRAP_CACHE)")
        ->envname("COWRAP_CACHE");
}

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

struct CacheArgs {
    std::string path;
    std::string format;
    std::string header;
    std::string output;
    std::string older_than;
    std::string color = "auto";
};

std::int64_t now() {
    return static_cast<std::int64_t>(std::time(nullptr));
}

// `document` with the command's fields added to the envelope, on stdout.
void print_cache_json(std::string_view command, const nlohmann::ordered_json& fields) {
    nlohmann::ordered_json doc = json_document(command);
    doc.update(fields);
    print_json(doc);
}

int stats(const CacheArgs& a) {
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

int print(const CacheArgs& a) {
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

int zero(const CacheArgs& a) {
    return with_cache(a.path, true, [&](cache::Store& store) {
        store.zero_counters(now());
        std::cout << "Statistics zeroed\n";
        return 0;
    });
}

int ls(const CacheArgs& a) {
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

int why(const CacheArgs& a) {
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

int verify(const CacheArgs& a) {
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

int gc(const CacheArgs& a) {
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

int clear(const CacheArgs& a) {
    return with_cache(a.path, true, [&](cache::Store& store) {
        store.clear();
        cache::reset_digest(store, a.path);
        cache::remove_run_hints(a.path);
        std::cout << "Cache cleared\n";
        return 0;
    });
}

CLI::App* sub(CLI::App& parent, const std::string& name, const std::string& help,
              const std::shared_ptr<CacheArgs>& args, int (*run)(const CacheArgs&), int& status) {
    CLI::App* cmd = parent.add_subcommand(name, help);
    add_cache_path_option(*cmd, args->path);
    cmd->callback([args, run, &status] { status = run(*args); });
    return cmd;
}

}  // namespace

void add_cache_command(CLI::App& app, int& status) {
    auto args = std::make_shared<CacheArgs>();
    CLI::App* group = app.add_subcommand("cache", "Inspect and maintain the cache database");
    group->require_subcommand(1);

    auto text_or_json = [&](CLI::App* cmd) {
        cmd->add_option("--format", args->format, "text (default) or json (docs/json.md)")
            ->check(CLI::IsMember({"text", "json"}));
    };
    text_or_json(sub(*group, "stats", "Summary: headers, wrappers, outputs, hits and misses, size",
                     args, stats, status));
    CLI::App* p = sub(*group, "print", "The same figures for scripts, one per line or as JSON",
                      args, print, status);
    p->add_option("--format", args->format, "tab (default) or json")
        ->check(CLI::IsMember({"tab", "json"}));
    sub(*group, "zero", "Reset the counters", args, zero, status);
    CLI::App* l = sub(*group, "ls", "Every wrapper the recorded outputs hold", args, ls, status);
    text_or_json(l);
    l->add_option("--header", args->header, "Only the wrappers declared in this header");
    CLI::App* w =
        sub(*group, "why", "The last runs for OUTPUT and what changed in each", args, why, status);
    w->add_option("output", args->output, "A generated file")->required();
    text_or_json(w);
    w->add_option("--color", args->color,
                  "Colour the diffs as git does: auto (stdout is a terminal, NO_COLOR unset), "
                  "always or never")
        ->check(one_of(color_modes));
    text_or_json(sub(*group, "verify",
                     "Check the database, the stored code and the recorded outputs", args, verify,
                     status));
    CLI::App* g =
        sub(*group, "gc", "Forget headers and outputs that no longer exist", args, gc, status);
    g->add_option("--older-than", args->older_than,
                  "Also forget what was not used for AGE (30d, 12h, 90m; days by default)");
    sub(*group, "clear", "Empty the cache", args, clear, status);
}

}  // namespace cowrap::cli
