#include "cache/listing.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>

#include "cache/key.hpp"
#include "cache/paths.hpp"
#include "cache/wrapper_list.hpp"

namespace cowrap::cache {

namespace {

// One recorded wrapper and where its block is.
struct Recorded {
    WrapperEntry entry;
    WrapperRow row;
};

// Every wrapper of every recorded output that `keep` accepts, by name, then output: the
// inspection commands scan the outputs' lists (no name index: only people run them).
template <typename Keep>
std::vector<Recorded> recorded_wrappers(Store& store, Keep keep) {
    std::vector<Recorded> out;
    for (const OutputRow& o : store.all_wrapper_lists()) {
        for (WrapperRow& w : decode_wrapper_list(o.wrappers).value_or(std::vector<WrapperRow>{})) {
            if (keep(w)) {
                out.push_back({{w.name, w.target, w.mark, o.dialect, w.header, w.line, o.path},
                               std::move(w)});
            }
        }
    }
    std::sort(out.begin(), out.end(), [](const Recorded& a, const Recorded& b) {
        return std::tie(a.entry.name, a.entry.output) < std::tie(b.entry.name, b.entry.output);
    });
    return out;
}

bool header_matches(const std::string& stored, std::string_view wanted) {
    if (stored == absolute_path(wanted)) {
        return true;
    }
    // The end of the path, starting at a folder boundary: "io.h" matches ".../block/io.h".
    return stored.size() > wanted.size() && stored.ends_with(wanted) &&
           stored[stored.size() - wanted.size() - 1] == '/';
}

}  // namespace

std::string kind_of(std::string_view mark) {
    const MarkInfo* m = find_mark(mark);
    return !m ? "?" : m->kind == Kind::co ? "co" : "no_co";
}

std::vector<std::string> flag_names(std::string_view mark) {
    const MarkInfo* m = find_mark(mark);
    std::vector<std::string> out;
    for (auto [on, name] : {std::pair(m && m->mixed, "mixed"), std::pair(m && m->rdlock, "rdlock"),
                            std::pair(m && m->wrlock, "wrlock")}) {
        if (on) {
            out.push_back(name);
        }
    }
    return out;
}

std::string flags_of(std::string_view mark) {
    std::string flags;
    for (const std::string& name : flag_names(mark)) {
        flags += (flags.empty() ? "" : ",") + name;
    }
    return flags.empty() ? "-" : flags;
}

std::vector<WrapperEntry> list_wrappers(Store& store, std::string_view header) {
    std::vector<WrapperEntry> out;
    for (Recorded& r : recorded_wrappers(store, [&](const WrapperRow& w) {
             return header.empty() || header_matches(w.header, header);
         })) {
        out.push_back(std::move(r.entry));
    }
    return out;
}

std::string wrappers_text(const std::vector<WrapperEntry>& wrappers) {
    struct Row {
        std::string cells[6];
    };
    std::vector<Row> rows;
    rows.push_back({{"WRAPPER", "KIND", "FLAGS", "DIALECT", "DECLARED", "OUTPUT"}});
    for (const WrapperEntry& w : wrappers) {
        rows.push_back(
            {{w.name, kind_of(w.mark), flags_of(w.mark), w.dialect,
              shown_path(w.header) + ":" + std::to_string(w.line), shown_path(w.output)}});
    }
    std::size_t width[6] = {};
    for (const Row& r : rows) {
        for (int i = 0; i < 6; ++i) {
            width[i] = std::max(width[i], r.cells[i].size());
        }
    }
    std::string out;
    for (const Row& r : rows) {
        std::string line;
        for (int i = 0; i < 6; ++i) {
            line += i < 5 ? fmt::format("{:<{}}  ", r.cells[i], width[i]) : r.cells[i];
        }
        out += line + "\n";
    }
    return out;
}

std::vector<ShownWrapper> find_wrapper(Store& store, std::string_view name) {
    std::map<std::string, std::optional<std::string>> outputs;  // read once each
    std::vector<ShownWrapper> out;
    for (Recorded& r : recorded_wrappers(
             store, [&](const WrapperRow& w) { return w.name == name || w.target == name; })) {
        ShownWrapper s{std::move(r.entry), std::nullopt, false};
        auto it = outputs.find(s.entry.output);
        if (it == outputs.end()) {
            it = outputs.emplace(s.entry.output, read_bytes(s.entry.output)).first;
        }
        // The code is read from the output, where the last run put it.
        if (const std::optional<std::string>& text = it->second) {
            if (auto code = checked_slice(*text, r.row.start, r.row.length, r.row.checksum)) {
                s.fragment = std::string(*code);
            } else {
                s.damaged = true;
            }
        }
        out.push_back(std::move(s));
    }
    return out;
}

std::string show_text(const std::vector<ShownWrapper>& found) {
    std::string out;
    for (const ShownWrapper& s : found) {
        const WrapperEntry& w = s.entry;
        if (!out.empty()) {
            out += "\n";
        }
        out += fmt::format("{} ({})\n", w.name, w.mark);
        out += fmt::format("  declared at  {}:{}\n", shown_path(w.header), w.line);
        out += fmt::format("  kind         {}, flags: {}\n", kind_of(w.mark), flags_of(w.mark));
        out += fmt::format("  target       {}\n", w.target);
        out += fmt::format("  output       {} ({})\n", shown_path(w.output), w.dialect);
        if (s.fragment) {
            std::string_view code = *s.fragment;
            code.remove_prefix(std::min(code.find_first_not_of('\n'), code.size()));
            out += "\n";
            out += code;
            if (!code.ends_with('\n')) {
                out += "\n";
            }
        } else if (s.damaged) {
            out +=
                "  (the output no longer holds the code its last run wrote there; see "
                "`cowrap cache verify`)\n";
        } else {
            out +=
                "  (no code to show: the output is missing, or an older cowrap wrote it; the "
                "next build writes it again)\n";
        }
    }
    return out;
}

}  // namespace cowrap::cache
