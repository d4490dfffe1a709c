#include "cache/why.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "cache/line_diff.hpp"
#include "cache/paths.hpp"
#include "cache/stats.hpp"

namespace cowrap::cache {

namespace {

std::string join(const std::vector<std::string>& items, bool paths) {
    std::string out;
    for (const std::string& i : items) {
        out += out.empty() ? "" : ", ";
        out += paths ? shown_path(i) : i;
    }
    return out;
}

// Each line of `text`, indented by `indent`.
std::string indented(std::string_view text, std::string_view indent) {
    std::string out;
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        out += indent;
        out += text.substr(0, end);
        out += '\n';
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    }
    return out;
}

// A diff's lines in git's default colours: headers bold, hunk headers cyan, removed lines red,
// added lines green.
std::string colored_diff(std::string_view diff) {
    std::string out;
    while (!diff.empty()) {
        const std::size_t end = diff.find('\n');
        const std::string_view line = diff.substr(0, end);
        diff = end == std::string_view::npos ? std::string_view() : diff.substr(end + 1);
        const char* color = line.starts_with("--- ") || line.starts_with("+++ ") ? "\033[1m"
                            : line.starts_with("@@")                             ? "\033[36m"
                            : line.starts_with("-")                              ? "\033[31m"
                            : line.starts_with("+")                              ? "\033[32m"
                                                                                 : "";
        out += color;
        out += line;
        out += *color != '\0' ? "\033[m\n" : "\n";
    }
    return out;
}

// What each changed declaration was and is: its diff, or why there is none.
std::string changed_texts(const RunEntry& r, bool color) {
    std::string out;
    for (const ChangedText& c : r.texts) {
        if (!c.after) {
            out += "    " + c.wrapper + ": its text was not kept (over " +
                   std::to_string(max_kept_text / 1024) + " KiB changed in this run)\n";
        } else if (!c.before) {
            out += "    " + c.wrapper + ": its earlier text was not recorded\n";
        } else {
            const std::string diff = text_diff(c);
            out += indented(color ? colored_diff(diff) : diff, "    ");
        }
    }
    std::vector<std::string> same;
    for (const std::string& name : r.changed) {
        auto has_text = [&](const ChangedText& c) { return c.wrapper == name; };
        if (std::find_if(r.texts.begin(), r.texts.end(), has_text) == r.texts.end()) {
            same.push_back(name);
        }
    }
    if (!same.empty()) {
        out += "    same declaration text: " + join(same, false) +
               " (the block changed with the dialect, the options or cowrap's version)\n";
    }
    return out;
}

std::vector<std::string> explain(const RunEntry& r) {
    std::vector<std::string> lines;
    if (r.status == "failed") {
        lines.push_back(r.error_text && !r.error_text->empty()
                            ? "generation failed with errors; the output was left as it was; it "
                              "printed:"
                            : "generation failed with errors; the output was left as it was");
        return lines;
    }
    if (r.after_failure) {
        lines.push_back("the run before failed; this one had no errors");
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

OutputHistory output_history(Store& store, const std::string& output, int limit) {
    OutputHistory h;
    h.output = absolute_path(output);
    // One more than shown: whether the run before the oldest one shown failed.
    h.runs = store.runs_of(h.output, limit + 1);
    for (std::size_t i = 0; i + 1 < h.runs.size(); ++i) {
        h.runs[i].after_failure = h.runs[i + 1].status == "failed";
    }
    if (h.runs.size() > static_cast<std::size_t>(limit)) {
        h.runs.pop_back();
    }
    h.known = store.has_output(h.output);
    return h;
}

std::string declaration_lines(std::string_view text, std::string_view wrapper) {
    // The parameter list opens at the "(" right after the name (tokens are one space apart).
    std::size_t open = std::string_view::npos;
    for (std::size_t at = text.find(wrapper); at != std::string_view::npos && !wrapper.empty();
         at = text.find(wrapper, at + 1)) {
        const std::size_t after = at + wrapper.size();
        if ((at == 0 || text[at - 1] == ' ') && text.substr(after, 2) == " (") {
            open = after + 1;
            break;
        }
    }
    if (open == std::string_view::npos) {
        return std::string(text) + "\n";
    }
    std::string out(text.substr(0, open + 1));
    out += '\n';
    std::string line;  // the parameter being read
    int depth = 1;
    std::string_view rest = text.substr(open + 1);
    while (!rest.empty()) {
        if (rest.front() == ' ') {
            rest.remove_prefix(1);
            continue;
        }
        const std::string_view token = rest.substr(0, rest.find(' '));
        rest.remove_prefix(token.size());
        if (token == "(") {
            ++depth;
        } else if (token == ")" && --depth == 0) {
            if (!line.empty()) {
                out += "    " + line + "\n";
            }
            out += std::string(token) + std::string(rest) + "\n";
            return out;
        }
        line += line.empty() ? "" : " ";
        line += token;
        if (token == "," && depth == 1) {
            out += "    " + line + "\n";
            line.clear();
        }
    }
    if (!line.empty()) {
        out += "    " + line + "\n";
    }
    return out;
}

std::string text_diff(const ChangedText& c) {
    if (!c.before || !c.after) {
        return {};
    }
    return unified_diff(declaration_lines(*c.before, c.wrapper),
                        declaration_lines(*c.after, c.wrapper), c.wrapper + " (before)",
                        c.wrapper + " (now)");
}

std::string why_text(const OutputHistory& h, bool color) {
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
        out += changed_texts(r, color);
        if (r.error_text) {
            out += indented(*r.error_text, "      ");
        }
    }
    return out;
}

}  // namespace cowrap::cache
