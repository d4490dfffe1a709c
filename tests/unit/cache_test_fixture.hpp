// Shared by the cache_*_test.cpp files: a temporary folder, files in it, and a cache session
// whose warnings are captured.
#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <memory>
#include <optional>
#include <span>
#include <sstream>
#include <string>
#include <vector>

#include "cache/paths.hpp"
#include "cache/run_cache.hpp"
#include "cache/sqlite.hpp"
#include "cache/store.hpp"
#include "cache/wrapper_list.hpp"
#include "core/emit.hpp"
#include "core/output.hpp"
#include "core/output_hash.hpp"
#include "core/validate.hpp"
#include "make_decl.hpp"
#include "util/hash.hpp"

namespace cowrap::test {

class CacheTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string tmpl =
            (std::filesystem::temp_directory_path() / "cowrap-cache-XXXXXX").string();
        ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
        dir = tmpl;
        db_path = dir + "/cache.db";
    }
    void TearDown() override { std::filesystem::remove_all(dir); }

public:
    std::string path(const std::string& name) const { return dir + "/" + name; }
    // As the printed forms show it (relative when under the current folder).
    std::string shown(const std::string& name) const { return cache::shown_path(path(name)); }

    void write(const std::string& name, const std::string& text) const {
        std::filesystem::create_directories(std::filesystem::path(path(name)).parent_path());
        std::ofstream(path(name), std::ios::binary) << text;
    }

    Source source(const std::string& name, const std::string& text) const {
        write(name, text);
        return make_source(path(name), text);
    }

    // In `group`: the outputs of one build target, so the duplicate check applies.
    std::unique_ptr<cache::RunCache> session(const std::string& output,
                                             const GenerateOptions& options = {}) {
        return std::make_unique<cache::RunCache>(db_path, options, path(output), group, warnings,
                                                 may_defer);
    }

    // A declaration of `header` (under dir) with a parameter list that changes the key.
    Declaration wrapper(const std::string& header, const std::string& name, std::size_t line = 1,
                        std::vector<Param> params = {bs()}) const {
        Declaration d = decl(Mark::co_wrapper, "int", name, std::move(params), line);
        d.file = kept(path(header));
        std::string text = "int co_wrapper " + name + " (";
        for (const Param& p : d.params) {
            text += " ";
            text += p.decl;
        }
        text += " ) ;";
        d.text = kept(text);
        return d;
    }

    // What generate makes of `sources` when `parsed` is what each declares: the parser's part
    // stands in, the rest (validation, emitting, the spans and hashes) is the real code's.
    static GenerateResult emit_parsed(const std::vector<Source>& sources,
                                      const std::vector<std::vector<Declaration>>& parsed,
                                      const GenerateOptions& options) {
        const Dialect& d = options.dialect ? *options.dialect : newest_dialect();
        GenerateResult result;
        std::vector<std::string> inputs;
        for (const Source& src : sources) {
            inputs.push_back(src.path);
        }
        for (const std::vector<Declaration>& decls : parsed) {
            result.declarations.insert(result.declarations.end(), decls.begin(), decls.end());
        }
        result.stats.headers_parsed = sources.size();
        result.diagnostics = validate(result.declarations, d, options.dialect_origin);
        if (!result.ok()) {
            return result;
        }
        result.text = emit_prologue(inputs, d, options.emit);
        for (const Declaration& decl : result.declarations) {
            const std::size_t start = result.text.size();
            result.text += emit_wrapper(decl, d, options.emit);
            const std::string_view piece = std::string_view(result.text).substr(start);
            result.fragments.push_back({start, piece.size()});
            result.fragment_hashes.push_back(util::xxh3_128(piece));
            ++result.stats.fragments_emitted;
        }
        result.text_hash = output_hash(result.text, result.fragments);
        return result;
    }

    static std::vector<std::string> input_paths(const std::vector<Source>& sources) {
        std::vector<std::string> out;
        for (const Source& s : sources) {
            out.push_back(s.path);
        }
        return out;
    }

    // What generate_to shows the cache of each input (StreamOptions::observe), from a result
    // that keeps its declarations, blocks and their hashes in input order.
    static void show_inputs(cache::RunCache& s, const std::vector<Source>& sources,
                            const GenerateResult& result) {
        const std::function<void(const InputEmitted&)> observe = s.observer();
        if (!observe) {
            return;
        }
        const std::span<const Declaration> decls = result.declarations;
        std::size_t at = 0;
        for (std::size_t i = 0; i < sources.size(); ++i) {
            std::size_t n = 0;
            while (at + n < decls.size() && decls[at + n].file == sources[i].path) {
                ++n;
            }
            const std::size_t emitted =
                std::min(n, result.fragments.size() - std::min(at, result.fragments.size()));
            observe(
                {i, sources.size(), sources[i], decls.subspan(at, n),
                 std::span<const Span>(result.fragments).subspan(at, emitted),
                 std::span<const util::Digest128>(result.fragment_hashes).subspan(at, emitted)});
            at += n;
        }
    }

    // Records a failed run of `output` that read `h`, as the stream showed it.
    void record_read(const std::string& output, const Source& h) {
        auto s = session(output);
        show_inputs(*s, {h}, GenerateResult{});
        s->record({h.path}, {h}, GenerateResult{}, WriteResult::failed);
    }

    // Runs one output with the cache and records it, as `cowrap generate` does: the output is
    // taken as it is when the cache says so, else generated. `parsed` stands in for the
    // parser: what each source declares (so a test that changes it changes the source too).
    GenerateResult run(const std::string& output, const std::vector<Source>& sources,
                       const std::vector<std::vector<Declaration>>& parsed,
                       const GenerateOptions& options = {}) {
        auto s = session(output, options);
        GenerateResult result;
        const bool same = s->reuse_output(input_paths(sources));
        if (same) {
            // The file as the run keeps it, for the tests to compare.
            std::ifstream in(path(output), std::ios::binary);
            result.text.assign(std::istreambuf_iterator<char>(in), {});
        } else {
            parsed_headers += static_cast<int>(sources.size());
            result = emit_parsed(sources, parsed, options);
            show_inputs(*s, sources, result);
            s->check_duplicates(result, input_paths(sources));
        }
        WriteResult written = WriteResult::failed;
        std::string error;
        if (same) {
            StagedWrite staged;
            written = s->keep_taken_output(staged, path(output), error);
            if (!staged.commit(error)) {
                written = WriteResult::failed;
            }
        } else if (result.ok()) {
            written = write_if_changed(path(output), result.text, error);
        }
        s->record(input_paths(sources), sources, result, written);
        return result;
    }

    // The database itself, for the rows no Store method returns.
    cache::Database raw_db(bool write = false) const {
        return cache::Database(db_path, write ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY, 1000);
    }

    // An output's whole wrapper list as the database holds it: the head in its row, then its
    // parts (cache/store.hpp).
    static std::string whole_list(cache::Database& db, std::int64_t id, std::string head) {
        cache::Statement parts(db,
                               "SELECT bytes FROM list_parts WHERE output_id = ?1 ORDER BY part");
        parts.bind(1, id);
        while (parts.step()) {
            head += parts.blob(0);
        }
        return head;
    }

    // Every output's wrapper list (cache/wrapper_list.hpp) in order, as (output, wrapper).
    std::vector<std::pair<std::string, cache::WrapperRow>> recorded() const {
        cache::Database db = raw_db();
        cache::Statement q(db, "SELECT path, wrappers, id FROM outputs ORDER BY id");
        std::vector<std::pair<std::string, cache::WrapperRow>> out;
        while (q.step()) {
            for (cache::WrapperRow& w :
                 cache::decode_wrapper_list(whole_list(db, q.integer(2), q.blob(1)))
                     .value_or(std::vector<cache::WrapperRow>{})) {
                out.emplace_back(q.text(0), std::move(w));
            }
        }
        return out;
    }
    std::int64_t recorded_named(const std::string& name) const {
        std::int64_t n = 0;
        for (const auto& [output, w] : recorded()) {
            n += w.name == name;
        }
        return n;
    }
    // Rewrites every output's list through `edit` (to damage it), whole in its row.
    void edit_recorded(const std::function<void(cache::WrapperRow&)>& edit) const {
        cache::Database db = raw_db(true);
        cache::Statement q(db, "SELECT id, wrappers FROM outputs");
        std::vector<std::pair<std::int64_t, std::string>> lists;
        while (q.step()) {
            auto rows = cache::decode_wrapper_list(whole_list(db, q.integer(0), q.blob(1)));
            if (rows) {
                for (cache::WrapperRow& w : *rows) {
                    edit(w);
                }
                lists.emplace_back(q.integer(0), cache::encode_wrapper_list(*rows));
            }
        }
        q.reset();
        for (const auto& [id, list] : lists) {
            cache::Statement put(db, "UPDATE outputs SET wrappers = ?2 WHERE id = ?1");
            put.bind(1, id).bind_blob(2, list).run();
            cache::Statement(db, "DELETE FROM list_parts WHERE output_id = ?1").bind(1, id).run();
        }
    }

    int parsed_headers = 0;
    // As `cowrap generate`: a run whose output does not exist may leave its record pending.
    bool may_defer = false;
    std::string group = "target";
    std::string dir;
    std::string db_path;
    std::ostringstream warnings;
};

}  // namespace cowrap::test
