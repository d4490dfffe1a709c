// `cowrap check`: parse and validate only; with --strict also cross-check wrappers and targets.
#include <iostream>
#include <nlohmann/json.hpp>

#include "cache/paths.hpp"
#include "cli/commands.hpp"
#include "cli/diagnostic_output.hpp"
#include "cli/inputs.hpp"
#include "cli/json_output.hpp"
#include "core/generate.hpp"
#include "core/strict.hpp"

namespace cowrap::cli {

namespace {

// A diagnostic in cowrap's JSON contract: its file is "header", absolute, as everywhere.
nlohmann::ordered_json to_json(const Diagnostic& d, const std::vector<Diagnostic>& notes = {}) {
    nlohmann::ordered_json out = {
        {"severity", severity_name(d.severity)},
        {"header", d.file.empty() ? std::string() : cache::absolute_path(d.file)},
        {"line", d.loc.line},
        {"column", d.loc.column},
        {"message", d.message},
        {"notes", nlohmann::ordered_json::array()}};
    for (const Diagnostic& n : notes) {
        out["notes"].push_back(to_json(n));
    }
    return out;
}

}  // namespace

int run_check(const CheckArgs& a) {
    int status = 0;
    std::optional<Loaded> in = load(a.dialect, a.inputs, a.annotations, status);
    if (!in) {
        return status;
    }
    std::optional<Context> context = load_context(a.context, in->options);
    if (!context) {
        return 1;
    }
    std::vector<Source>& sources = in->sources;
    in->options.parse.declaration_text = false;  // no cache: nothing keys on it
    const bool strict_check = a.strict || a.require_targets;
    // --strict: the ordinary prototypes are collected by the same parse that finds the wrappers.
    std::vector<Prototype> prototypes;
    if (strict_check) {
        in->options.parse.collect_prototypes = true;
        in->options.parse.prototypes_out = &prototypes;
    }
    GenerateResult result = analyze(sources, in->options);
    in->options.parse.prototypes_out = nullptr;
    std::vector<Finding> findings;
    if (strict_check) {
        StrictOptions strict;
        strict.require_targets = a.require_targets;
        prototypes.insert(prototypes.end(), std::make_move_iterator(context->prototypes.begin()),
                          std::make_move_iterator(context->prototypes.end()));
        findings = check_strict(result.declarations, prototypes, strict, context->declarations);
    }
    // Notes may point into the context headers: the printer shows their lines too. (Moved, not
    // copied: findings hold their own copies of the paths, and the declarations, which view
    // the sources, are not read past here.)
    sources.insert(sources.end(), std::make_move_iterator(context->sources.begin()),
                   std::make_move_iterator(context->sources.end()));
    const std::vector<Source>& shown = sources;
    const bool failed = !result.ok() || has_errors(findings);

    if (a.format == "json") {
        // Each note joins the diagnostic it explains, as in --diagnostics-format=json.
        std::vector<DiagnosticGroup> groups;
        append_groups(groups, result.diagnostics);
        for (const Finding& f : findings) {
            groups.push_back({f.diagnostic, f.notes});
        }
        nlohmann::ordered_json doc = json_document("check");
        doc["ok"] = !failed;
        doc["diagnostics"] = nlohmann::ordered_json::array();
        for (const DiagnosticGroup& g : groups) {
            doc["diagnostics"].push_back(to_json(g.diagnostic, g.notes));
        }
        print_json(doc);
    } else {
        DiagnosticPrinter printer(a.diagnostics, shown);
        if (a.verbose) {
            printer.messages() << "cowrap: note: dialect " << in->dialect_why << '\n';
        }
        printer.print(result.diagnostics);
        for (const Finding& f : findings) {
            printer.print(f);
        }
        printer.finish();
    }
    return failed ? 1 : 0;
}

}  // namespace cowrap::cli
