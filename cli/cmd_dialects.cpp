// `cowrap dialects`: the dialect table, for people.
#include <iostream>

#include "cli/commands.hpp"
#include "cli/json_output.hpp"
#include "core/dialect.hpp"

namespace cowrap::cli {

int run_dialects(const std::string& format) {
    if (format == "json") {
        nlohmann::ordered_json doc = json_document("dialects");
        doc["default"] = newest_dialect().name;
        doc["dialects"] = nlohmann::ordered_json::array();
        for (const Dialect& d : all_dialects()) {
            nlohmann::ordered_json marks = nlohmann::ordered_json::array();
            for (const MarkInfo& m : all_marks()) {
                if (supports_mark(d, m.mark)) {
                    marks.push_back(m.name);
                }
            }
            doc["dialects"].push_back({{"name", d.name},
                                       {"releases", d.releases},
                                       {"default", &d == &newest_dialect()},
                                       {"marks", marks}});
        }
        print_json(doc);
        return 0;
    }
    for (const Dialect& d : all_dialects()) {
        std::cout << d.name << "  (QEMU " << d.releases << ")"
                  << (&d == &newest_dialect() ? "  [default]" : "") << "\n   ";
        for (const MarkInfo& m : all_marks()) {
            if (supports_mark(d, m.mark)) {
                std::cout << ' ' << m.name;
            }
        }
        std::cout << '\n';
    }
    return 0;
}

}  // namespace cowrap::cli
