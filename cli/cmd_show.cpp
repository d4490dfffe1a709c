// `cowrap show NAME`: a wrapper (or its target) as the cache knows it, with its generated code.
#include <iostream>
#include <memory>

#include "cache/json.hpp"
#include "cache/listing.hpp"
#include "cli/cmd_cache.hpp"
#include "cli/commands.hpp"
#include "cli/inputs.hpp"
#include "cli/json_output.hpp"

namespace cowrap::cli {

namespace {

struct ShowArgs {
    std::string path;
    std::string name;
    std::string format = "text";
};

int show(const ShowArgs& a) {
    return with_cache(a.path, false, [&](cache::Store& store) {
        auto found = cache::find_wrapper(store, a.name);
        if (found.empty()) {
            print_error("no wrapper or target named '" + a.name + "' in the cache");
            return 1;
        }
        if (a.format == "json") {
            nlohmann::ordered_json doc = json_document("show");
            doc["name"] = a.name;
            doc["wrappers"] = cache::shown_json(found);
            print_json(doc);
        } else {
            std::cout << cache::show_text(found);
        }
        return 0;
    });
}

}  // namespace

void add_show_command(CLI::App& app, int& status) {
    auto args = std::make_shared<ShowArgs>();
    CLI::App* cmd = app.add_subcommand(
        "show", "Where a wrapper is declared, its kind, target and shard, and its code");
    add_cache_path_option(*cmd, args->path);
    cmd->add_option("--format", args->format, "text (default) or json (docs/json.md)")
        ->check(CLI::IsMember({"text", "json"}));
    cmd->add_option("name", args->name, "A wrapper (W) or its target (T)")->required();
    cmd->callback([args, &status] { status = show(*args); });
}

}  // namespace cowrap::cli
