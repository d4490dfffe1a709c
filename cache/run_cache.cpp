#include "cache/run_cache.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <ostream>
#include <utility>

#include "cache/cross_shard.hpp"
#include "cache/paths.hpp"
#include "cache/pending.hpp"
#include "cache/previous_state.hpp"
#include "cache/run_hints.hpp"
#include "cache/store.hpp"
#include "cache/wrapper_list.hpp"
#include "core/diagnostic.hpp"

namespace cowrap::cache {

RunCache::RunCache(const std::string& path, const GenerateOptions& opts,
                   const std::string& output_path, std::string group, std::ostream& warning_stream,
                   bool may_defer)
    : cache_path_(path),
      // Only an active cache reads it; resolving it walks the output's folders.
      output_(path.empty() ? std::string() : absolute_path(output_path)),
      group_(std::move(group)),
      options_(opts),
      keys_(make_key_context(opts)),
      warnings_(&warning_stream),
      started_(std::chrono::steady_clock::now()),
      may_defer_(may_defer) {
    if (cache_path_.empty()) {
        return;
    }
    if (auto problem = unusable_cache_path(cache_path_)) {
        disable(*problem);
        return;
    }
    if (may_defer && can_defer(cache_path_, output_)) {
        deferred_ = true;
        return;
    }
    // The first run of a new cache creates it (an empty database, written whole, and the name
    // digest) so that the cache is where the build put it, but leaves its record pending all
    // the same: for a cold monolithic output, recording is what costs.
    const bool new_cache = may_defer && ::access(cache_path_.c_str(), F_OK) != 0 &&
                           ::access(output_.c_str(), F_OK) != 0;
    if (new_cache && start_new_cache()) {
        deferred_ = true;
        return;
    }
    if (may_defer && !new_cache) {
        // Opened by the first question that needs it: an edited shard's run may learn from the
        // run-key hints that its lookup misses, and then never open it.
        unopened_ = true;
        return;
    }
    open_database();
    if (new_cache && db_) {  // opened: it is sound, and its digest exists
        db_.reset();
        deferred_ = true;
    }
}

bool RunCache::start_new_cache() {
    try {
        create_database(cache_path_);
        return start_digest(cache_path_) && cache_can_defer(cache_path_);
    } catch (const std::exception&) {
        return false;  // the full opening says why
    }
}

void RunCache::open_database() {
    deferred_ = false;
    unopened_ = false;
    try {
        db_.emplace(Store::for_generate(cache_path_));
        // Before any lookup: a pending run may be this output's last.
        folded_ = fold_pending_runs(*db_, cache_path_, Fold::before_lookups, output_) > 0;
    } catch (const std::exception& e) {
        disable(e.what());
    }
}

void RunCache::disable(std::string_view reason) {
    db_.reset();
    deferred_ = false;
    unopened_ = false;
    reused_ = false;  // the taken output stays taken: the run's output never depends on the cache
    if (!warned_) {
        warned_ = true;
        *warnings_ << "cowrap: warning: not using the cache '" << cache_path_ << "': " << reason
                   << "\n";
    }
}

template <typename F>
auto RunCache::guarded(F&& body) -> decltype(body()) {
    if (!active()) {
        return {};
    }
    try {
        return body();
    } catch (const std::exception& e) {
        disable(e.what());
        return {};
    }
}

const std::string& RunCache::absolute(std::string_view path, bool not_a_link) {
    return absolute_paths_.of(path, not_a_link);
}

const std::optional<std::vector<Key>>& RunCache::input_hashes(
    const std::vector<std::string>& inputs) {
    const bool streamed =
        !seen_.empty() &&
        std::all_of(seen_.begin(), seen_.end(), [](const auto& s) { return s.has_value(); });
    if (streamed) {
        content_hashes_.emplace();
        for (const std::optional<Seen>& s : seen_) {
            content_hashes_->push_back(s->hash);
        }
    } else if (!content_hashes_ || content_hashes_->size() != inputs.size()) {
        content_hashes_.emplace();
        for (const std::string& path : inputs) {
            const std::optional<util::Digest128> hash = util::hash_file(path);
            if (!hash) {
                content_hashes_.reset();  // the run reports the input
                break;
            }
            content_hashes_->push_back(Key{*hash});
        }
    }
    return content_hashes_;
}

std::optional<Key> RunCache::run_key(const std::vector<std::string>& inputs) {
    const std::optional<std::vector<Key>>& known = input_hashes(inputs);
    if (!known) {
        return std::nullopt;
    }
    const std::vector<Key>& hashes = *known;
    KeyBuilder b;
    b.add(keys_.emit);
    // The include list and the inputs as given shape the prologue.
    b.add(static_cast<std::uint64_t>(options_.emit.includes.size()));
    for (const std::string& include : options_.emit.includes) {
        b.add(include);
    }
    b.add(static_cast<std::uint64_t>(inputs.size()));
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        b.add(inputs[i]);
        b.add(hashes[i]);
    }
    return b.finish();
}

// ---- the whole output -------------------------------------------------------------------

// Only a run of one input asks the hints: a generated run of several inputs stores its record at
// once (record() below), so it opens the database anyway and its lookup costs little more. A
// hint that names another key is trusted whatever `PATH.pending/changed` says: the slot is
// written after its run's record, so it names the key of the last run recorded, and it is wrong
// only when that run was killed before writing it, two runs of one output raced, or something
// else wrote the database (an older cowrap). Then this run generates what the recorded run did,
// leaves the unchanged output as it is, and records the right key: a miss, never a wrong output
// or record. A hint that names this key proves nothing (the record may be pending, the output
// edited), so that run opens the database and looks up, folding first as the policy says.
bool RunCache::sure_miss(const std::vector<std::string>& inputs) {
    if (inputs.size() != 1) {
        return false;
    }
    const std::optional<Key> key = run_key(inputs);
    if (!key) {
        return false;
    }
    hint_ = read_run_hint(cache_path_, output_);
    return hint_->differs_from(*key) && cache_can_defer(cache_path_);
}

// After the record is appended or stored: a kill in between leaves the slot as it was, which
// costs the next run at most a regeneration (sure_miss above). A failed run keeps the row's run
// key (store_write.cpp), so its slot stays; a run with diagnostics clears the key, and its slot
// says so. A slot that already says it is not written again (a warm run).
void RunCache::note_run_key(const RunRecord& r) {
    if (!r.content_hash || (hint_ && hint_->known && hint_->run_key == r.run_key)) {
        return;
    }
    write_run_hint(cache_path_, output_, r.run_key);
}

bool RunCache::reuse_output(const std::vector<std::string>& inputs) {
    if (!active() || deferred_) {  // deferred: there is no output to take
        return false;
    }
    try {
        if (!db_) {
            if (sure_miss(inputs)) {
                unopened_ = false;
                deferred_ = true;
                return false;
            }
            open_database();
            if (!db_) {
                return false;
            }
        }
        // No file (a cold run): nothing to reuse, and no query to pay for.
        if (::access(output_.c_str(), F_OK) != 0) {
            return false;
        }
        const std::optional<Key> key = run_key(inputs);
        if (!key) {
            return false;
        }
        std::optional<OutputRow> last = db_->reusable_output(output_, *key);
        if (!last || !last->content_hash) {
            return false;
        }
        // Checked as it is read through a small buffer, and not held: read whole, a 12 MB output
        // cost a warm monolithic run 3,100 fresh pages, more than generating it.
        util::UniqueFd file(
            ::open(output_.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));  // a FIFO: no wait
        const util::FileStamp checked =
            file ? util::stamp_of_regular(file.get()) : util::FileStamp{};
        if (checked.inode == 0) {
            return false;
        }
        if (file_content_hash(file.get(), last->wrappers) != last->content_hash) {
            return false;
        }
        // An output that joins a group is generated again: the name digest holds only the
        // wrappers of groups (cache/name_digest.hpp), and a full record puts its names there.
        if (!group_.empty() && last->group != group_) {
            return false;
        }
        // Another shard of the group may have come to define one of its wrappers since: then
        // the run takes the full path, whose check names both places.
        if (!group_.empty() && recorded_clash(*db_, cache_path_, output_, group_)) {
            return false;
        }
        reused_ = true;
        reused_wrappers_ = last->wrapper_count;
        reused_hash_ = *last->content_hash;
        row_kept_ = last->group == group_;
        refresh_due_ =
            last->refreshed < static_cast<std::int64_t>(std::time(nullptr)) - refresh_seconds;
        taken_ = Taken{std::move(file), checked, std::move(last->wrappers)};
        return true;
    } catch (const std::exception& e) {
        disable(e.what());
        return false;
    }
}

WriteResult RunCache::keep_taken_output(StagedWrite& output, const std::string& path,
                                        std::string& error) {
    if (!taken_) {
        error = "no output was taken";
        return WriteResult::failed;
    }
    if (util::stamp_of(output_).same_file_state(taken_->stamp)) {
        output.keep(path);
        return WriteResult::unchanged;
    }
    // Replaced or changed since it was checked (another run writing the same output): the
    // checked bytes are put back, as a generated output would be, if the file held open still
    // has them.
    std::string bytes;
    const bool read = util::read_pieces(taken_->file.get(), [&](std::string_view piece) {
        bytes += piece;
        return true;
    });
    if (!read || output_content_hash(bytes, taken_->list) != reused_hash_) {
        error = "'" + path + "' changed while it was being taken as it was; run again";
        return WriteResult::failed;
    }
    return output.stage(path, bytes, error);
}

// ---- the cross-shard rule -------------------------------------------------------------------

void RunCache::check_duplicates(GenerateResult& result, const std::vector<std::string>& inputs) {
    if (!active() || !result.ok() || group_.empty()) {
        return;
    }
    try {
        std::vector<std::string> own;
        for (const std::string& path : inputs) {
            own.push_back(absolute(path));
        }
        // The name digest is the rule's filter (defined_in_other_shards asks it too): a deferred
        // run only opens the database when it may hold a clash, and then the other outputs' rows
        // must be whole: pending runs are stored first.
        if (!digest_may_clash(cache_path_, result.declarations, own)) {
            return;
        }
        if (!db_) {
            open_database();
            if (!active()) {
                return;
            }
        }
        folded_ = fold_pending_runs(*db_, cache_path_) > 0 || folded_;
        std::vector<Diagnostic> found = defined_in_other_shards(
            *db_, cache_path_, options_.parse, result.declarations, own, output_, group_);
        result.diagnostics.insert(result.diagnostics.end(), found.begin(), found.end());
    } catch (const std::exception& e) {
        disable(e.what());
    }
}

// ---- the record -------------------------------------------------------------------------

namespace {

// What a failed run printed: its diagnostics as GCC prints them (without colour, each with its
// source line), then `printed`; cut at a line to at most max_kept_text bytes.
std::string error_text(const std::vector<Source>& sources, const GenerateResult& result,
                       std::string_view printed) {
    std::string text;
    for (const Diagnostic& d : result.diagnostics) {
        std::string_view line;
        for (const Source& source : sources) {
            if (source.path == d.file) {
                line = line_text(source, d.loc.line);
                break;
            }
        }
        text += format_diagnostic(d, line);
        if (text.size() > max_kept_text) {
            break;
        }
    }
    text += printed;
    if (text.size() > max_kept_text) {
        constexpr std::size_t room = 64;  // for the line that says how much was cut
        std::size_t cut = text.rfind('\n', max_kept_text - room);
        cut = cut == std::string::npos ? max_kept_text - room : cut + 1;
        const std::size_t dropped = text.size() - cut;
        text.resize(cut);
        text += "[" + std::to_string(dropped) + " more bytes not kept]\n";
    }
    return text;
}

}  // namespace

// The headers the run parsed. One that changed while it was read is left out: the bytes parsed
// may be a mix that never existed on disk. A header whose settled stamp still held once it was
// emitted is as it was read; any other is hashed again and compared (reading them all again cost
// a monolithic run 1.75 M of 21 M).
std::vector<HeaderRow> RunCache::header_rows(const std::vector<std::string>& inputs) {
    std::vector<HeaderRow> rows;
    for (std::size_t i = 0; i < inputs.size() && i < seen_.size(); ++i) {
        if (!seen_[i]) {
            continue;
        }
        const Seen& seen = *seen_[i];
        const util::FileStamp now = seen.after.inode != 0 ? seen.after : util::stamp_of(inputs[i]);
        if (!seen.stamp.settled || !now.same_file_state(seen.stamp)) {
            const std::optional<util::Digest128> again = util::hash_file(inputs[i]);
            if (!again || Key{*again} != seen.hash) {
                continue;
            }
        }
        rows.push_back({absolute(inputs[i]), seen.hash, now.size, now.mtime_ns});
    }
    return rows;
}

std::function<void(const InputEmitted&)> RunCache::observer() {
    if (!active()) {
        return {};
    }
    return [this](const InputEmitted& input) { observe(input); };
}

// Each wrapper's list entry is encoded as its block is emitted, from views of its declaration:
// no copy of each string (a row of five strings a wrapper cost a monolithic run 4.6 M of 21 M),
// and no declaration kept for the record.
void RunCache::observe(const InputEmitted& in) {
    if (seen_.size() <= in.index) {
        seen_.resize(in.index + 1);
    }
    if (list_.size() == 0 && deferred_ && group_.empty()) {
        // The journal is this list's only reader (the digest holds only groups' wrappers): it
        // streams it from a spill, and the run holds no page of it (util/spill.hpp). Of a cold
        // monolithic run of 10,000 wrappers that was 2 MB, and 4.7 of its 50 ms.
        list_.spill();
    }
    const util::FileStamp after = util::stamp_of(in.source.path, util::Links::refuse);
    seen_[in.index] = Seen{hash_bytes(in.source.text), in.source.stamp, after};
    // The input's declarations all come from it: its absolute path is looked up once.
    const std::string& header = absolute(in.source.path, after.inode != 0);
    for (std::size_t i = 0; i < in.blocks.size(); ++i) {
        const Declaration& d = in.declarations[i];
        const Span& span = in.blocks[i];
        list_.add({d.name,
                   {},
                   mark_info(d.mark).name,
                   header,
                   static_cast<std::int64_t>(d.name_loc.line),
                   static_cast<std::int64_t>(span.start),
                   static_cast<std::int64_t>(span.length),
                   Key{in.block_hashes[i]},
                   d.text});
    }
    if (!list_reserved_ && list_.size() > 0 && !list_.spilling()) {
        // Room for the rest, guessed from this input's wrappers: reserved, not touched, since a
        // page costs only once written. Grown by doubling, a list of megabytes was written twice
        // into fresh pages: most of a cold monolithic run's page faults, which cost this machine
        // more than encoding the list.
        constexpr std::size_t most = std::size_t{64} << 20;
        list_.reserve(std::min(most, list_.bytes() * 2 * (in.count - in.index)));
        list_reserved_ = true;
    }
}

RunRecord RunCache::make_record(const std::vector<std::string>& inputs,
                                const std::vector<Source>& shown, const GenerateResult& result,
                                RunStatus status, std::string_view printed) {
    RunRecord r;
    r.output = output_;
    r.dialect = options_.dialect_record.empty()
                    ? std::string((options_.dialect ? *options_.dialect : newest_dialect()).name)
                    : options_.dialect_record;
    r.group = group_;
    r.time = static_cast<std::int64_t>(std::time(nullptr));
    r.duration_us = std::chrono::duration_cast<std::chrono::microseconds>(
                        std::chrono::steady_clock::now() - started_)
                        .count();
    r.status = status;
    r.reused = reused_;
    r.refresh = !reused_ || refresh_due_;
    const bool ok = status != RunStatus::failed;
    if (ok) {
        // A taken output keeps its row's hash: the run has its bytes, not its blocks' places.
        r.content_hash = reused_            ? std::optional(reused_hash_)
                         : result.text_hash ? std::optional(Key{*result.text_hash})
                                            : std::nullopt;
    }
    // Only a run without diagnostics may be skipped next time: a skipped run prints nothing.
    if (ok && result.diagnostics.empty()) {
        r.run_key = run_key(inputs);
    }
    // Read before taking the lock: the file is not renamed until this run has recorded.
    if (status == RunStatus::written) {
        r.previous_hash = previous_state(output_, std::nullopt, util::FileStamp{});
    }
    if (const std::optional<std::vector<Key>>& hashes = input_hashes(inputs)) {
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            r.inputs.emplace_back(absolute(inputs[i]), (*hashes)[i]);
        }
    }
    const GenerateStats& st = result.stats;
    r.hits = reused_ ? reused_wrappers_ : 0;
    r.misses = static_cast<std::int64_t>(st.fragments_emitted);
    r.headers_parsed = static_cast<std::int64_t>(st.headers_parsed);
    r.headers_reused = reused_ ? static_cast<std::int64_t>(inputs.size()) : 0;
    if (!reused_) {
        r.headers = header_rows(inputs);
    }
    if (ok && !reused_) {
        if (list_.spilling()) {
            streamed_list_ = list_.finish_streamed();
        } else {
            r.wrapper_list = list_.finish();
        }
    }
    if (!ok) {
        r.error_text = error_text(shown, result, printed);
    }
    return r;
}

void RunCache::record(const std::vector<std::string>& inputs, const std::vector<Source>& shown,
                      const GenerateResult& result, WriteResult written, std::string_view printed) {
    if (!active()) {
        return;
    }
    RunStatus status = !result.ok() || written == WriteResult::failed ? RunStatus::failed
                       : written == WriteResult::written              ? RunStatus::written
                                                                      : RunStatus::unchanged;
    try {
        if (unopened_) {  // a run that asked nothing before (--strict)
            open_database();
            if (!active()) {
                return;
            }
        }
        RunRecord r = make_record(inputs, shown, result, status, printed);
        // A generated shard (one input) and a run that took its output as it was defer like a
        // cold run when they can: compiling the statements is most of what storing their record
        // costs (a warm shard's record, stored at once, cost 0.75 M, more than its parse). A
        // generated run of several inputs stores its many rows at once (deferred, they cost
        // more to encode and fold: 114 + 32 M against 135 M for 40 x 50, docs/cache.md), and a
        // run that has just folded the journal stores its own record with the rest.
        if (!deferred_ && may_defer_ && !folded_ && (reused_ || inputs.size() == 1) &&
            journal_has_room(cache_path_)) {
            db_.reset();
            deferred_ = true;
        }
        if (deferred_) {
            add_pending_run(cache_path_, r, /*changes_rows=*/!row_kept_,
                            streamed_list_ ? &*streamed_list_ : nullptr);
        } else {
            if (streamed_list_) {
                r.wrapper_list = streamed_list_->joined();
            }
            if (db_->store(r)) {
                add_to_digest(cache_path_, r);
            }
        }
        note_run_key(r);
    } catch (const std::exception& e) {
        disable(e.what());
    }
}

}  // namespace cowrap::cache
