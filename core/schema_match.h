// Whether a torch call's arguments fit one of its operator's typed schemas, as TorchScript's schema matching
// decides it: by each argument's type where it is certain, taking every other argument to fit. JT513 asks it about
// the certain types of arguments; JT305 about an unannotated parameter, which TorchScript types `Tensor`.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/torch_ops.h"

namespace jitlint {

// An argument's type as far as it is certain; Unknown fits every schema. TensorInDisplay is a tuple or list
// display holding a Tensor (`(b, n, d)` with `n` a Tensor): TorchScript never converts it to a list of numbers.
enum class ArgumentKind { Unknown, Tensor, Int, Float, Bool, Str, None, TensorInDisplay };

struct CallArgument {
  TSNode node{};
  ArgumentKind kind = ArgumentKind::Unknown;
};

struct CallArguments {
  std::vector<CallArgument> positional;  // the receiver first for `x.op(...)`
  std::vector<std::pair<std::string_view, CallArgument>> keywords;
  size_t size() const { return positional.size() + keywords.size(); }
  // Argument `index`: positional ones first, then the keywords.
  const CallArgument& at(size_t index) const {
    return index < positional.size() ? positional[index] : keywords[index - positional.size()].second;
  }
};

// The arguments of `call` to `callee`, each typed by `kind_of`; false when a `*xs` / `**kw` leaves their number
// open or a keyword is one no overload takes (JT510's finding).
template <typename KindOf>
bool read_call_arguments(const Source& source, TSNode call, const TorchCallee& callee, KindOf kind_of,
                         CallArguments& out) {
  const TSNode arguments = field(call, fld.arguments);
  if (!is(arguments, sym.argument_list)) return false;
  if (callee.method) out.positional.push_back({field(strip_parens(field(call, fld.function)), fld.object),
                                               ArgumentKind::Tensor});
  for (TSNode argument : NamedChildren(arguments)) {
    if (is(argument, sym.list_splat) || is(argument, sym.dictionary_splat)) return false;
    if (is(argument, sym.keyword_argument)) {
      const std::string_view name = text(source, field(argument, fld.name));
      if (!has_name(callee.keywords, name)) return false;
      const TSNode value = field(argument, fld.value);
      out.keywords.push_back({name, {value, kind_of(value)}});
    } else if (!is(argument, sym.comment)) {
      out.positional.push_back({argument, kind_of(argument)});
    }
  }
  return true;
}

// Whether `schema` takes the call, with the argument at `ignored` (an index as in `CallArguments::at`) taken to
// fit whatever its type (SIZE_MAX: none ignored). With `complete`, also every argument without a default must be
// given; without it, the arguments given must fit and the call may leave any out.
bool schema_fits(const Schema& schema, const CallArguments& call, bool aten, size_t ignored, bool complete = false);

// Whether any overload of `callee` takes the call, with the argument at `ignored` taken to fit.
bool any_schema_fits(const TorchCallee& callee, const CallArguments& call, size_t ignored, bool complete = false);

// The first argument of `schema` without a default that the call does not give (empty: none; the call does not fit
// `schema`; or a list argument taking the rest of the positional values leaves their count open).
std::string_view missing_argument(const Schema& schema, const CallArguments& call, bool aten);

// The types the overloads that would take the call (were argument `index` of any type) have at that argument,
// each once, in the table's codes (core/torch_ops.h).
std::vector<std::string_view> wanted_types(const TorchCallee& callee, const CallArguments& call, size_t index);

// The types `wanted_types` gives, described and joined: "a device or None", "a Tensor, an int or a list of ints".
std::string describe_schema_types(const std::vector<std::string_view>& types);

}  // namespace jitlint
