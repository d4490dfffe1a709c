// The parser's control: PEGTL's must_if (the messages of errors.hpp) plus a depth limit on
// the rules tagged grammar::nesting.
#pragma once

#include <cstddef>
#include <type_traits>

#include <tao/pegtl.hpp>

#include "core/parse/errors.hpp"
#include "core/parse/grammar.hpp"
#include "core/parse/recovery.hpp"

namespace cowrap::parse {

namespace pegtl = tao::pegtl;

// Deeper than any real header (GCC's bracket limit is 256), shallow enough for a default 8 MB
// stack even with sanitizers (about 2 MB then).
constexpr std::size_t max_nesting = 256;

struct DepthGuard {
    std::size_t& depth;
    explicit DepthGuard(std::size_t& d) : depth(d) { ++depth; }
    ~DepthGuard() { --depth; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;
};

// must_if's control (error messages from grammar::errors), a depth limit on the rules tagged
// grammar::nesting, and error recovery at file scope (recovery.hpp).
template <typename Rule>
struct control : pegtl::must_if<grammar::errors>::control<Rule> {
    using base = typename pegtl::must_if<grammar::errors>::template control<Rule>;

    template <pegtl::apply_mode A, pegtl::rewind_mode M, template <typename...> class Action,
              template <typename...> class Control, typename ParseInput, typename... States>
    [[nodiscard]] static bool match(ParseInput& in, States&&... st) {
        if constexpr (grammar::is_nesting<Rule>) {
            const DepthGuard guard(in.private_depth);
            if (in.private_depth > max_nesting) {
                throw pegtl::parse_error("nesting too deep", in);
            }
            return base::template match<A, M, Action, Control>(in, st...);
        } else if constexpr (std::is_same_v<Rule, grammar::top_item>) {
            return match_recovering<Action, Control>(
                in, st..., [&] { return base::template match<A, M, Action, Control>(in, st...); });
        } else {
            return base::template match<A, M, Action, Control>(in, st...);
        }
    }
};

}  // namespace cowrap::parse
