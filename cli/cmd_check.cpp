// `cowrap check`: parse and validate only; with --strict also cross-check wrappers and targets.
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/inputs.hpp"
#include "cli/usage.hpp"
#include "core/generate.hpp"
#include "core/strict.hpp"

namespace cowrap::cli {

namespace {

struct CheckArgs {
    std::vector<std::string> inputs;
    std::string dialect;
    std::vector<std::string> annotations;
    std::string format = "text";
    bool strict = false;
    bool require_targets = false;
    bool verbose = false;
};

std::string_view severity_name(Severity s) {
    return s == Severity::error ? "error" : s == Severity::warning ? "warning" : "note";
}

nlohmann::json to_json(const Diagnostic& d) {
    return {{"severity", severity_name(d.severity)},
            {"file", d.file},
            {"line", d.loc.line},
            {"column", d.loc.column},
            {"message", d.message}};
}

nlohmann::json to_json(const Diagnostic& d, const std::vector<Diagnostic>& notes) {
    nlohmann::json out = to_json(d);
    out["notes"] = nlohmann::json::array();
    for (const Diagnostic& n : notes) {
        out["notes"].push_back(to_json(n));
    }
    return out;
}

int run_check(const CheckArgs& a) {
    int status = 0;
    std::optional<Loaded> in = load(a.dialect, a.inputs, a.annotations, status);
    if (!in) {
        return status;
    }
    const std::vector<Source>& sources = in->sources;
    GenerateResult result = analyze(sources, in->options);
    std::vector<Finding> findings;
    if (a.strict || a.require_targets) {
        StrictOptions strict;
        strict.require_targets = a.require_targets;
        findings = check_strict(result.declarations, collect_prototypes(sources, in->options.parse),
                                strict);
    }
    const bool failed = !result.ok() || has_errors(findings);

    if (a.format == "json") {
        nlohmann::json out = nlohmann::json::array();
        for (const Diagnostic& d : result.diagnostics) {
            if (d.severity != Severity::note || a.verbose) {
                out.push_back(to_json(d, {}));
            }
        }
        for (const Finding& f : findings) {
            out.push_back(to_json(f.diagnostic, f.notes));
        }
        std::cout << out.dump(2) << '\n';
    } else {
        print_diagnostics(result.diagnostics, sources, a.verbose);
        for (const Finding& f : findings) {
            std::cerr << format_finding(f, sources);
        }
    }
    return failed ? 1 : 0;
}

}  // namespace

void add_check_command(CLI::App& app, int& status) {
    auto args = std::make_shared<CheckArgs>();
    CLI::App* cmd = app.add_subcommand("check", "Parse and validate the headers; write nothing");
    cmd->add_option("--dialect", args->dialect, "QEMU release to check against (qemu-X.Y)");
    cmd->add_option("--annotation", args->annotations, "An annotation macro (repeatable)");
    cmd->add_flag("--strict", args->strict,
                  "Also check each wrapper against its target's declarations in the inputs");
    cmd->add_flag("--require-targets", args->require_targets,
                  "With --strict (implied): a target declared in no input is an error");
    cmd->add_option("--format", args->format, "text (on stderr) or json (on stdout)")
        ->check(CLI::IsMember({"text", "json"}));
    cmd->add_option("inputs", args->inputs, "Headers to read")->required();
    cmd->callback([args, &status] {
        args->verbose = verbosity().verbose;  // -v: before or after the command
        status = run_check(*args);
    });
}

}  // namespace cowrap::cli
