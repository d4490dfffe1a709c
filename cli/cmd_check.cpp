// `cowrap check`: parse and validate only.
#include <memory>

#include "cli/commands.hpp"
#include "cli/inputs.hpp"
#include "core/generate.hpp"

namespace cowrap::cli {

namespace {

struct CheckArgs {
    std::vector<std::string> inputs;
    std::string dialect;
    std::vector<std::string> annotations;
    bool verbose = false;
};

int run_check(const CheckArgs& a) {
    const Dialect* dialect = dialect_option(a.dialect);
    if (dialect == nullptr) {
        return 2;
    }
    std::optional<std::vector<Source>> sources = read_inputs(a.inputs);
    if (!sources) {
        return 1;
    }
    GenerateOptions options;
    options.dialect = dialect;
    options.parse.annotations = a.annotations;
    GenerateResult result = analyze(*sources, options);
    print_diagnostics(result.diagnostics, *sources, a.verbose);
    return result.ok() ? 0 : 1;
}

}  // namespace

void add_check_command(CLI::App& app, int& status) {
    auto args = std::make_shared<CheckArgs>();
    CLI::App* cmd = app.add_subcommand("check", "Parse and validate the headers; write nothing");
    cmd->add_option("--dialect", args->dialect, "QEMU release to check against (qemu-X.Y)");
    cmd->add_option("--annotation", args->annotations, "An annotation macro (repeatable)");
    cmd->add_flag("-v,--verbose", args->verbose, "Also print notes");
    cmd->add_option("inputs", args->inputs, "Headers to read")->required();
    cmd->callback([args, &status] { status = run_check(*args); });
}

}  // namespace cowrap::cli
