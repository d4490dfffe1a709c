// `cowrap show NAME`: a wrapper (or its target) as the cache knows it, with its generated code.
#include <iostream>

#include "cache/json.hpp"
#include "cache/listing.hpp"
#include "cli/cmd_cache.hpp"
#include "cli/commands.hpp"
#include "cli/inputs.hpp"
#include "cli/json_output.hpp"

namespace cowrap::cli {

int run_show(const ShowArgs& a) {
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

}  // namespace cowrap::cli
