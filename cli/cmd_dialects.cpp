// `cowrap dialects`: the dialect table, for people.
#include <iostream>

#include "cli/commands.hpp"
#include "core/dialect.hpp"

namespace cowrap::cli {

void add_dialects_command(CLI::App& app, int& status) {
    CLI::App* cmd = app.add_subcommand("dialects", "List the dialects and the marks each knows");
    cmd->callback([&status] {
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
        status = 0;
    });
}

}  // namespace cowrap::cli
