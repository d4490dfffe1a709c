// `cowrap list`: every wrapper of the inputs, as text or JSON.
#include <iostream>
#include <nlohmann/json.hpp>

#include "cache/paths.hpp"
#include "cli/commands.hpp"
#include "cli/diagnostic_output.hpp"
#include "cli/inputs.hpp"
#include "cli/json_output.hpp"
#include "core/generate.hpp"
#include "core/names.hpp"

namespace cowrap::cli {

namespace {

std::string kind_name(Kind k) {
    return k == Kind::co ? "co" : "no_co";
}

std::vector<std::string> flag_names(const Declaration& d) {
    std::vector<std::string> flags;
    if (d.mixed()) {
        flags.emplace_back("mixed");
    }
    if (d.rdlock()) {
        flags.emplace_back("rdlock");
    }
    if (d.wrlock()) {
        flags.emplace_back("wrlock");
    }
    return flags;
}

std::string param_list(const Declaration& d) {
    std::string out;
    for (const Param& p : d.params) {
        out += out.empty() ? "" : ", ";
        out += p.decl;
    }
    return out.empty() ? "void" : out;
}

// The same keys as `cache ls` (cache/json.cpp), then what only the header tells.
nlohmann::ordered_json to_json(const Declaration& d) {
    nlohmann::ordered_json params = nlohmann::ordered_json::array();
    for (const Param& p : d.params) {
        params.push_back({{"name", p.name}, {"type", p.type}, {"decl", p.decl}});
    }
    return {{"wrapper", d.name},
            {"target", target_name(d.name, d.kind()).value_or("")},
            {"kind", kind_name(d.kind())},
            {"mark", std::string(mark_info(d.mark).name)},
            {"flags", flag_names(d)},
            {"header", cache::absolute_path(d.file)},
            {"line", d.name_loc.line},
            {"return_type", d.return_type},
            {"params", params}};
}

}  // namespace

int run_list(const ListArgs& a) {
    int status = 0;
    std::optional<Loaded> in = load(a.dialect, a.inputs, a.annotations, status);
    if (!in) {
        return status;
    }
    const std::vector<Source>& sources = in->sources;
    GenerateResult result = analyze(sources, in->options);
    DiagnosticPrinter printer(a.diagnostics, sources);
    printer.print(result.diagnostics);
    printer.finish();
    if (!result.ok()) {
        return 1;
    }
    if (a.format == "json") {
        nlohmann::ordered_json doc = json_document("list");
        doc["wrappers"] = nlohmann::ordered_json::array();
        for (const Declaration& d : result.declarations) {
            doc["wrappers"].push_back(to_json(d));
        }
        print_json(doc);
        return 0;
    }
    for (const Declaration& d : result.declarations) {
        std::string flags;
        for (const std::string& f : flag_names(d)) {
            flags += (flags.empty() ? "" : ",") + f;
        }
        std::cout << d.name << " -> " << target_name(d.name, d.kind()).value_or("?") << "  "
                  << kind_name(d.kind()) << (flags.empty() ? "" : " [" + flags + "]") << "  "
                  << d.return_type << " (" << param_list(d) << ")  " << d.file << ':'
                  << d.name_loc.line << '\n';
    }
    return 0;
}

}  // namespace cowrap::cli
