// The builder the actions forward to: turns what a marked declaration (or an ordinary
// prototype) matched into the plain structs, and the small lexical helpers the actions share.
#pragma once

#include <cstddef>
#include <string_view>
#include <utility>
#include <vector>

#include "core/param_text.hpp"
#include "core/parse/state.hpp"

namespace cowrap::parse {

// Appends the tokens of [begin, end) of the text at `base` (a range the grammar accepted).
void lex_into(std::vector<Token>& out, const char* base, std::size_t begin, std::size_t end);

// The identifier at the start of a token's matched text (which includes what follows it).
std::string_view leading_word(std::string_view text);

// `#  ifndef /* c */ GUARD_H` -> {"ifndef", "GUARD_H"}.
std::pair<std::string_view, std::string_view> directive_words(std::string_view text);

// Does `extern "C"` (or "C++") stand right before `offset` (layout aside)?
bool after_extern_c(std::string_view text, std::size_t offset);

// A spelling built for a declaration, as a view that outlives the parse: the slice of the
// text the grammar read at `begin` when it has the same bytes (the usual layout), else a copy
// in the header's arena.
std::string_view settle(State& st, std::string_view built, std::size_t begin);

// "unknown mark 'X'" or "mark 'X' <what>".
void mark_error(State& st, std::size_t offset, std::string_view word, std::string_view what);

// Fills cur.mark, name and return type from cur.run; false when the run has no name after
// the mark (the mark is then reported as misplaced and reading goes on after it).
bool analyse_run(State& st, std::size_t lparen);

// A parameter's declarator read, a level at a time: the innermost frame is closed and what it
// says (its name, whether its shape is one cowrap understands) goes to the level around it;
// for a wrapper's parameter that is not simple (the last of cur.params), into its ParamRead.
void close_paren_declarator(State& st);
void close_nested_param(State& st);
void close_declarator_param(State& st);

// The declaration read (or the prototype), into st.result.
void finish_declaration(State& st);
void finish_prototype(State& st);

}  // namespace cowrap::parse
