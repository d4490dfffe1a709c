// `cowrap show NAME`: a wrapper (or its target) as the cache knows it, with its generated code.
#include <iostream>
#include <memory>

#include "cache/listing.hpp"
#include "cli/cmd_cache.hpp"
#include "cli/commands.hpp"
#include "cli/inputs.hpp"

namespace cowrap::cli {

namespace {

struct ShowArgs {
    std::string path;
    std::string name;
};

int show(const ShowArgs& a) {
    return with_cache(a.path, false, [&](cache::Database& db) {
        auto found = cache::find_wrapper(db, a.name);
        if (found.empty()) {
            print_error("no wrapper or target named '" + a.name + "' in the cache");
            return 1;
        }
        std::cout << cache::show_text(found);
        return 0;
    });
}

}  // namespace

void add_show_command(CLI::App& app, int& status) {
    auto args = std::make_shared<ShowArgs>();
    CLI::App* cmd = app.add_subcommand(
        "show", "Where a wrapper is declared, its kind, target and shard, and its code");
    add_cache_path_option(*cmd, args->path);
    cmd->add_option("name", args->name, "A wrapper (W) or its target (T)")->required();
    cmd->callback([args, &status] { status = show(*args); });
}

}  // namespace cowrap::cli
