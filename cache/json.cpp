#include "cache/json.hpp"

#include "cache/paths.hpp"
#include "core/declaration.hpp"

namespace cowrap::cache {

using nlohmann::ordered_json;

ordered_json wrapper_json(const WrapperEntry& w) {
    return {{"wrapper", w.name}, {"target", w.target},          {"kind", kind_of(w.mark)},
            {"mark", w.mark},    {"flags", flag_names(w.mark)}, {"header", w.header},
            {"line", w.line},    {"dialect", w.dialect},        {"output", w.output}};
}

ordered_json wrappers_json(const std::vector<WrapperEntry>& wrappers) {
    ordered_json out = ordered_json::array();
    for (const WrapperEntry& w : wrappers) {
        out.push_back(wrapper_json(w));
    }
    return out;
}

ordered_json shown_json(const std::vector<ShownWrapper>& found) {
    ordered_json out = ordered_json::array();
    for (const ShownWrapper& s : found) {
        ordered_json w = wrapper_json(s.entry);
        w["code"] = s.fragment ? ordered_json(*s.fragment) : ordered_json(nullptr);
        w["damaged"] = s.damaged;
        out.push_back(std::move(w));
    }
    return out;
}

ordered_json stats_json(const Stats& s) {
    ordered_json j;
    j["database"] = absolute_path(s.database);
    for (const auto& [name, value] : stats_figures(s)) {
        j[name] = value;
    }
    return j;
}

ordered_json history_json(const OutputHistory& h) {
    ordered_json runs = ordered_json::array();
    for (const RunEntry& r : h.runs) {
        runs.push_back(
            {{"time", r.time},
             {"status", r.status},
             {"hits", r.hits},
             {"misses", r.misses},
             {"headers_parsed", r.headers_parsed},
             {"headers_reused", r.headers_reused},
             {"duration_us", r.duration_us},
             {"compared", r.compared},
             {"wrappers", {{"added", r.added}, {"removed", r.removed}, {"changed", r.changed}}},
             {"headers",
              {{"added", r.inputs_added},
               {"removed", r.inputs_removed},
               {"changed", r.inputs_changed}}}});
        ordered_json texts = ordered_json::array();
        for (const ChangedText& c : r.texts) {
            auto text = [](const std::optional<std::string>& t) {
                return t ? ordered_json(*t) : ordered_json(nullptr);
            };
            texts.push_back({{"wrapper", c.wrapper},
                             {"old", text(c.before)},
                             {"new", text(c.after)},
                             {"diff", text_diff(c)}});
        }
        runs.back()["texts"] = std::move(texts);
        runs.back()["error_text"] =
            r.error_text ? ordered_json(*r.error_text) : ordered_json(nullptr);
    }
    return {{"output", h.output}, {"known", h.known}, {"runs", runs}};
}

ordered_json verify_json(const VerifyReport& r) {
    return {{"ok", r.problems.empty()}, {"empty", r.empty},     {"problems", r.problems},
            {"blocks", r.blocks},       {"headers", r.headers}, {"outputs", r.outputs}};
}

}  // namespace cowrap::cache
