#include "cache/why.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "cache/paths.hpp"
#include "cache/stats.hpp"

namespace cowrap::cache {

namespace {

std::vector<std::string> names_from(const nlohmann::json& j) {
    std::vector<std::string> out;
    if (j.is_array()) {
        for (const auto& n : j) {
            if (n.is_string()) {
                out.push_back(n.get<std::string>());
            }
        }
    }
    return out;
}

std::vector<std::string> names_from(const std::string& text) {
    return names_from(nlohmann::json::parse(text, nullptr, false));
}

std::string join(const std::vector<std::string>& items, bool paths) {
    std::string out;
    for (const std::string& i : items) {
        out += out.empty() ? "" : ", ";
        out += paths ? shown_path(i) : i;
    }
    return out;
}

std::vector<std::string> explain(const RunEntry& r) {
    std::vector<std::string> lines;
    if (r.status == "failed") {
        lines.push_back("generation failed with errors; the output was left as it was");
        return lines;
    }
    if (!r.compared) {
        lines.push_back(
            r.status == "written"
                ? "first run recorded for this output"
                : "first run recorded for this output; the file already held this text");
        return lines;
    }
    if (!r.added.empty()) {
        lines.push_back("added: " + join(r.added, false));
    }
    if (!r.removed.empty()) {
        lines.push_back("removed: " + join(r.removed, false));
    }
    if (!r.changed.empty()) {
        lines.push_back("changed: " + join(r.changed, false));
    }
    if (!r.inputs_added.empty()) {
        lines.push_back("new inputs: " + join(r.inputs_added, true));
    }
    if (!r.inputs_removed.empty()) {
        lines.push_back("inputs no longer given: " + join(r.inputs_removed, true));
    }
    bool declarations_changed = !r.added.empty() || !r.removed.empty() || !r.changed.empty();
    if (declarations_changed) {
        return lines;
    }
    if (!r.inputs_changed.empty()) {
        lines.push_back(join(r.inputs_changed, true) +
                        " changed, but no declaration did: only unrelated text changed "
                        "(comments, layout, other code)");
    } else if (r.status == "written") {
        lines.push_back(
            "no declaration changed: only the file's own text did (comment, "
            "includes or order)");
    } else {
        lines.push_back("nothing changed");
    }
    return lines;
}

}  // namespace

OutputHistory output_history(Database& db, const std::string& output, int limit) {
    OutputHistory h;
    h.output = absolute_path(output);
    Statement q(db,
                "SELECT r.time, r.status, r.hits, r.misses, r.headers_parsed, r.headers_reused, "
                "r.duration_us, r.compared, r.added, r.removed, r.changed, r.inputs_changed "
                "FROM runs r JOIN outputs o ON o.id = r.output_id "
                "WHERE o.path = ?1 ORDER BY r.id DESC LIMIT ?2");
    q.bind(1, h.output).bind(2, static_cast<std::int64_t>(limit));
    while (q.step()) {
        RunEntry r;
        r.time = q.integer(0);
        r.status = q.text(1);
        r.hits = q.integer(2);
        r.misses = q.integer(3);
        r.headers_parsed = q.integer(4);
        r.headers_reused = q.integer(5);
        r.duration_us = q.integer(6);
        r.compared = q.integer(7) != 0;
        r.added = names_from(q.text(8));
        r.removed = names_from(q.text(9));
        r.changed = names_from(q.text(10));
        auto inputs = nlohmann::json::parse(q.text(11), nullptr, false);
        if (inputs.is_object()) {
            r.inputs_changed = names_from(inputs.value("changed", nlohmann::json()));
            r.inputs_added = names_from(inputs.value("added", nlohmann::json()));
            r.inputs_removed = names_from(inputs.value("removed", nlohmann::json()));
        }
        h.runs.push_back(std::move(r));
    }
    Statement known(db, "SELECT 1 FROM outputs WHERE path = ?1");
    known.bind(1, h.output);
    h.known = known.step();
    return h;
}

std::string why_text(const OutputHistory& h) {
    std::string shown = shown_path(h.output);
    if (!h.known) {
        return shown + ": no run recorded for this output\n";
    }
    std::string out = fmt::format("{}: {}, newest first\n", shown,
                                  counted(static_cast<std::int64_t>(h.runs.size()), "run"));
    for (const RunEntry& r : h.runs) {
        std::string what = r.status == "written"     ? "rewritten"
                           : r.status == "unchanged" ? "left alone"
                                                     : "failed";
        out += fmt::format("{}  {:<10}  {}, {}, {} parsed, {} reused, {:.3f} s\n",
                           format_time(r.time), what, counted(r.hits, "hit"),
                           counted(r.misses, "miss", "misses"), counted(r.headers_parsed, "header"),
                           r.headers_reused, static_cast<double>(r.duration_us) / 1e6);
        for (const std::string& line : explain(r)) {
            out += "    " + line + "\n";
        }
    }
    return out;
}

}  // namespace cowrap::cache
