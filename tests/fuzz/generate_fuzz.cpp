// libFuzzer target: any bytes through the whole pipeline (generate). When it succeeds:
//  - the generated file must parse back cleanly (it holds no marks, so zero declarations and
//    no errors);
//  - generating again gives the same text, and so does a run through a memo that stores and
//    then reuses every header's declarations and every fragment (what the cache does);
//  - an error run gives no text.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "core/dialect.hpp"
#include "core/generate.hpp"
#include "core/parse.hpp"
#include "core/source.hpp"

namespace {

[[noreturn]] void broken(const std::string& what, const std::string& detail = {}) {
    std::fprintf(stderr, "invariant broken: %s\n%s\n", what.c_str(), detail.c_str());
    std::abort();
}

// An in-memory stand-in for the cache's memo: keyed by the source bytes and by W + the
// declaration's normalised text (the cache keys on the same things).
struct MemoryMemo {
    std::map<std::string, std::vector<cowrap::Declaration>> headers;
    std::map<std::string, std::string> fragments;
    cowrap::TextArena text;  // what the stored declarations view, as the cache's blob

    // A declaration whose text lives in `text` (the run's sources and arenas do not last).
    cowrap::Declaration kept(cowrap::Declaration d) {
        for (std::string_view* s : {&d.name, &d.return_type, &d.text}) {
            *s = text.keep(*s);
        }
        for (cowrap::Param& p : d.params) {
            for (std::string_view* s : {&p.decl, &p.field_decl, &p.name, &p.type}) {
                *s = text.keep(*s);
            }
        }
        return d;
    }

    cowrap::Memo hooks() {
        cowrap::Memo m;
        m.find_declarations =
            [this](const cowrap::Source& s,
                   cowrap::TextArena&) -> std::optional<std::vector<cowrap::Declaration>> {
            auto it = headers.find(s.text);
            if (it == headers.end()) {
                return std::nullopt;
            }
            return it->second;
        };
        m.store_declarations = [this](const cowrap::Source& s,
                                      const std::vector<cowrap::Declaration>& d) {
            std::vector<cowrap::Declaration>& stored = headers[s.text];
            stored.clear();
            for (const cowrap::Declaration& one : d) {
                stored.push_back(kept(one));
            }
        };
        m.find_fragment = [this](const cowrap::Declaration& d) -> std::optional<std::string_view> {
            auto it = fragments.find(key(d));
            if (it == fragments.end()) {
                return std::nullopt;
            }
            return it->second;
        };
        return m;
    }
    // Remembers the blocks of a run, as the cache does.
    void store(const cowrap::GenerateResult& r) {
        for (std::size_t i = 0; i < r.fragments.size(); ++i) {
            fragments[key(r.declarations[i])] =
                r.text.substr(r.fragments[i].start, r.fragments[i].length);
        }
    }
    static std::string key(const cowrap::Declaration& d) {
        return std::string(d.name) + '\n' + std::string(cowrap::mark_info(d.mark).name) + '\n' +
               std::string(d.text);
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace cowrap;
    if (size < 1) {
        return 0;
    }
    // First byte: dialect (low 3 bits) and whether to split the rest into two headers.
    const std::vector<Dialect>& dialects = all_dialects();
    GenerateOptions options;
    options.dialect = &dialects[(data[0] & 7) % dialects.size()];
    bool split = (data[0] & 8) != 0;
    options.emit.line_directives = (data[0] & 16) != 0;
    std::string bytes(reinterpret_cast<const char*>(data + 1), size - 1);

    std::vector<Source> sources;
    if (split) {
        std::size_t cut = bytes.size() / 2;
        sources.push_back(make_source("include/a.h", bytes.substr(0, cut)));
        sources.push_back(make_source("include/b.h", bytes.substr(cut)));
    } else {
        sources.push_back(make_source("include/a.h", bytes));
    }

    GenerateResult first = generate(sources, options);
    if (!first.ok()) {
        if (!first.text.empty()) {
            broken("an error run produced text");
        }
        return 0;
    }

    GenerateResult second = generate(sources, options);
    if (second.text != first.text) {
        broken("two runs gave different text");
    }

    MemoryMemo memory;
    GenerateResult filling = generate(sources, options, memory.hooks());
    if (filling.fragments.size() != filling.declarations.size()) {
        broken("not one span per declaration");
    }
    memory.store(filling);
    GenerateResult reusing = generate(sources, options, memory.hooks());
    if (filling.text != first.text || reusing.text != first.text) {
        broken("the memo changed the text");
    }
    if (reusing.stats.headers_parsed != 0) {
        broken("the memo did not serve the headers");
    }
    if (reusing.stats.fragments_emitted != 0) {
        broken("the memo did not serve the wrapper blocks");
    }

    Source out = make_source("out.c", first.text);
    ParseResult back = parse_source(out);
    if (has_errors(back.diagnostics)) {
        std::string detail;
        for (const Diagnostic& d : back.diagnostics) {
            detail += std::to_string(d.loc.line) + ":" + std::to_string(d.loc.column) + ": " +
                      d.message + "\n";
        }
        broken("the generated file does not parse back", detail + first.text.substr(0, 4000));
    }
    if (!back.declarations.empty()) {
        broken("the generated file holds a wrapper declaration",
               std::string(back.declarations[0].name));
    }
    return 0;
}
