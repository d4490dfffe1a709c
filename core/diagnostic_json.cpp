#include "core/diagnostic_json.hpp"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

namespace cowrap {

namespace {

using nlohmann::json;

json gcc_location(const Diagnostic& d) {
    json locations = json::array();
    if (!d.file.empty() && d.loc.line != 0) {
        locations.push_back({{"caret",
                              {{"file", d.file},
                               {"line", d.loc.line},
                               {"display-column", d.loc.column},
                               {"byte-column", d.loc.column},
                               {"column", d.loc.column}}}});
    }
    return locations;
}

json gcc_object(const Diagnostic& d) {
    return {{"kind", severity_name(d.severity)}, {"message", d.message},
            {"children", json::array()},         {"column-origin", 1},
            {"locations", gcc_location(d)},      {"escape-source", false}};
}

// RFC 3986: unreserved characters and '/' stay, every other byte is %XX.
std::string uri_path(std::string_view path) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : path) {
        if (std::isalnum(c) != 0 || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

json artifact_location(const std::string& file) {
    if (!file.empty() && file.front() == '/') {
        return {{"uri", "file://" + uri_path(file)}};
    }
    return {{"uri", uri_path(file)}, {"uriBaseId", "PWD"}};
}

json physical_location(const Diagnostic& d, const ShownSources& sources) {
    json out = {{"artifactLocation", artifact_location(d.file)}};
    if (d.loc.line == 0) {  // SARIF lines start at 1: no region at all
        return out;
    }
    out["region"] = {{"startLine", d.loc.line}};
    if (d.loc.column != 0) {
        out["region"]["startColumn"] = d.loc.column;
        out["region"]["endColumn"] = d.loc.column + 1;
    }
    if (const Source* s = find_source(sources, d.file)) {
        out["contextRegion"] = {{"startLine", d.loc.line},
                                {"snippet", {{"text", std::string(line_text(*s, d.loc.line))}}}};
    }
    return out;
}

}  // namespace

void append_groups(std::vector<DiagnosticGroup>& out, const std::vector<Diagnostic>& diagnostics) {
    bool may_join = false;  // the last group is this batch's, so a note may join it
    for (const Diagnostic& d : diagnostics) {
        if (d.severity == Severity::note && may_join) {
            out.back().notes.push_back(d);
        } else {
            out.push_back({d, {}});
            may_join = d.severity != Severity::note;
        }
    }
}

std::string diagnostics_json(const std::vector<DiagnosticGroup>& groups) {
    json out = json::array();
    for (const DiagnosticGroup& g : groups) {
        json o = gcc_object(g.diagnostic);
        for (const Diagnostic& n : g.notes) {
            o["children"].push_back(gcc_object(n));
        }
        out.push_back(std::move(o));
    }
    return out.dump() + '\n';
}

std::string diagnostics_sarif(const std::vector<DiagnosticGroup>& groups,
                              const ShownSources& sources, std::string_view cwd) {
    json results = json::array();
    json artifacts = json::array();
    std::vector<std::string> seen;
    auto add_artifact = [&](const std::string& file) {
        if (file.empty() || std::find(seen.begin(), seen.end(), file) != seen.end()) {
            return;
        }
        seen.push_back(file);
        artifacts.push_back({{"location", artifact_location(file)}, {"sourceLanguage", "c"}});
    };
    bool ok = true;
    for (const DiagnosticGroup& g : groups) {
        const Diagnostic& d = g.diagnostic;
        ok = ok && d.severity != Severity::error;
        json r = {{"ruleId", severity_name(d.severity)},
                  {"level", severity_name(d.severity)},  // SARIF's levels spell them alike
                  {"message", {{"text", d.message}}},
                  {"locations", json::array()}};
        if (!d.file.empty()) {
            add_artifact(d.file);
            r["locations"].push_back({{"physicalLocation", physical_location(d, sources)}});
        }
        if (!g.notes.empty()) {
            r["relatedLocations"] = json::array();
            for (const Diagnostic& n : g.notes) {
                json related = {{"message", {{"text", n.message}}}};
                if (!n.file.empty()) {
                    add_artifact(n.file);
                    related["physicalLocation"] = physical_location(n, sources);
                }
                r["relatedLocations"].push_back(std::move(related));
            }
        }
        results.push_back(std::move(r));
    }
    std::string base = uri_path(cwd);
    if (base.empty() || base.back() != '/') {
        base += '/';
    }
    json run = {{"tool",
                 {{"driver",
                   {{"name", "cowrap"},
                    {"fullName", std::string("cowrap ") + COWRAP_VERSION},
                    {"version", COWRAP_VERSION},
                    {"rules", json::array()}}}}},
                {"invocations", json::array({{{"executionSuccessful", ok},
                                              {"toolExecutionNotifications", json::array()}}})},
                {"originalUriBaseIds", {{"PWD", {{"uri", "file://" + base}}}}},
                {"artifacts", artifacts},
                {"results", results}};
    json log = {{"$schema",
                 "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
                 "sarif-schema-2.1.0.json"},
                {"version", "2.1.0"},
                {"runs", json::array({run})}};
    return log.dump() + '\n';
}

}  // namespace cowrap
