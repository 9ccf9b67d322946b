#include "core/schema_match.h"

#include <algorithm>

namespace jitlint {

namespace {

// Whether a value of `kind` certainly cannot be passed where the schema has `type` (core/torch_ops.h's codes).
// Only the mismatches TorchScript never converts count: a Tensor converts to a number (an int, a float, a dtype)
// and a bool passes for an int; a str converts to a Device.
bool rejects(std::string_view type, ArgumentKind kind) {
  if (kind == ArgumentKind::Unknown) return false;
  const bool optional = !type.empty() && type.back() == '?';
  if (optional) type.remove_suffix(1);
  if (kind == ArgumentKind::None) return !optional && type != "X" && type != "D";
  if (type.empty() || type == "X") return false;
  if (type.front() == '[') {
    const bool sized = type.back() != ']';  // `[I]2`: one int is taken for every element
    // A Tensor is no list; a display holding one is no list of numbers, bools or strs. Into a fixed-size list
    // torch 2.13.0 fails an internal assertion instead: no finding there.
    if (kind == ArgumentKind::Tensor) return !sized && type != "[X]";
    if (kind == ArgumentKind::TensorInDisplay) return !sized && type != "[X]" && type != "[T]";
    if (kind == ArgumentKind::Int) return !sized;
    return kind == ArgumentKind::Float || kind == ArgumentKind::Str;
  }
  if (kind == ArgumentKind::TensorInDisplay) return true;  // a tuple or list is no scalar, Tensor or Device
  switch (type.front()) {
    case 'T': return kind != ArgumentKind::Tensor;
    case 'I': return kind == ArgumentKind::Float || kind == ArgumentKind::Str;
    case 'F': return kind == ArgumentKind::Int || kind == ArgumentKind::Str;
    case 'N': return kind == ArgumentKind::Str;
    case 'B': return kind == ArgumentKind::Str || kind == ArgumentKind::Tensor;
    case 'S': return kind != ArgumentKind::Str;
    case 'D': return kind == ArgumentKind::Tensor;
    default: return false;
  }
}

// A list argument that is the last positional one takes any number of positional values (`x.view(2, -1)`), unless
// it is a fixed-size list (`int[2]`, which takes one int) or a list of a type variable.
bool takes_varargs(const Schema& schema, size_t index) {
  const SchemaArgument& argument = schema[index];
  const bool last = index + 1 == schema.size() || schema[index + 1].keyword_only;
  const std::string_view type = argument.type;
  return last && type.size() >= 3 && type.front() == '[' && type.back() == ']' && type != "[X]";
}

// "a Tensor", "an int or None", "a list of ints", ... for a type code.
std::string describe_schema_type(std::string_view type) {
  const bool optional = !type.empty() && type.back() == '?';
  if (optional) type.remove_suffix(1);
  const bool list = !type.empty() && type.front() == '[';
  const char code = list ? (type.size() > 1 ? type[1] : 'X') : (type.empty() ? 'X' : type.front());
  std::string_view noun;
  switch (code) {
    case 'T': noun = "Tensor"; break;
    case 'I': noun = "int"; break;
    case 'F': noun = "float"; break;
    case 'N': noun = "number"; break;
    case 'B': noun = "bool"; break;
    case 'S': noun = "str"; break;
    case 'D': noun = "device"; break;
    default: break;
  }
  std::string out;
  if (list) {
    out = noun.empty() ? "a list" : "a list of " + std::string(noun) + "s";
  } else {
    out = noun.empty() ? "another type" : (noun == "int" ? "an " : "a ") + std::string(noun);
  }
  return optional ? out + " or None" : out;
}

// Keyword `name` names `argument` (TorchScript takes an aten operator's `self` as `input` too).
bool names(const SchemaArgument& argument, std::string_view name, bool aten) {
  return argument.name == name || (aten && name == "input" && argument.name == "self");
}

// Matches the call's arguments to `schema`'s slots, each by its type (but the one at `ignored`); false when one has
// no slot or its type is rejected. `filled` marks the slots given; `rest_open` is set when a list argument (or a
// final `...`) takes the rest of the positional values, which leaves their count, and what is left out, open.
bool match(const Schema& schema, const CallArguments& call, bool aten, size_t ignored, std::vector<bool>& filled,
           bool& rest_open) {
  size_t positional_slots = 0;
  while (positional_slots < schema.size() && !schema[positional_slots].keyword_only) ++positional_slots;
  filled.assign(schema.size(), false);
  rest_open = false;
  for (size_t i = 0; i < call.positional.size(); ++i) {
    if (i >= positional_slots) return false;
    if (schema[i].name == "...") {  // `einsum.sublist(Tensor a, ...)`: it takes the rest, of any type
      rest_open = true;
      break;
    }
    filled[i] = true;
    if (takes_varargs(schema, i)) {
      // It takes the rest, each value an element (a Tensor converts to an int). One display alone is the list
      // itself: `x.view((b, n))`.
      rest_open = true;
      const bool alone = i + 1 == call.positional.size();
      if (alone && i != ignored && call.positional[i].kind == ArgumentKind::TensorInDisplay &&
          rejects(schema[i].type, ArgumentKind::TensorInDisplay)) {
        return false;
      }
      break;
    }
    if (i != ignored && rejects(schema[i].type, call.positional[i].kind)) return false;
  }
  for (size_t k = 0; k < call.keywords.size(); ++k) {
    const std::string_view name = call.keywords[k].first;
    size_t slot = schema.size();
    for (size_t j = 0; j < schema.size(); ++j) {
      if (names(schema[j], name, aten)) slot = j;
    }
    if (slot == schema.size() || filled[slot]) return false;
    filled[slot] = true;
    if (call.positional.size() + k != ignored && rejects(schema[slot].type, call.keywords[k].second.kind)) {
      return false;
    }
  }
  return true;
}

// The first slot without a default that the call leaves empty.
std::string_view first_left_out(const Schema& schema, const std::vector<bool>& filled, bool rest_open) {
  if (rest_open) return {};
  for (size_t j = 0; j < schema.size(); ++j) {
    if (!filled[j] && !schema[j].has_default && schema[j].name != "...") return schema[j].name;
  }
  return {};
}

}  // namespace

bool schema_fits(const Schema& schema, const CallArguments& call, bool aten, size_t ignored, bool complete) {
  std::vector<bool> filled;
  bool rest_open = false;
  if (!match(schema, call, aten, ignored, filled, rest_open)) return false;
  return !complete || first_left_out(schema, filled, rest_open).empty();
}

std::string_view missing_argument(const Schema& schema, const CallArguments& call, bool aten) {
  std::vector<bool> filled;
  bool rest_open = false;
  if (!match(schema, call, aten, static_cast<size_t>(-1), filled, rest_open)) return {};
  return first_left_out(schema, filled, rest_open);
}

bool any_schema_fits(const TorchCallee& callee, const CallArguments& call, size_t ignored, bool complete) {
  if (!callee.schemas) return true;
  for (const Schema& schema : *callee.schemas) {
    if (schema_fits(schema, call, callee.aten, ignored, complete)) return true;
  }
  return false;
}

std::vector<std::string_view> wanted_types(const TorchCallee& callee, const CallArguments& call, size_t index) {
  std::vector<std::string_view> wanted;
  if (!callee.schemas) return wanted;
  const bool is_keyword = index >= call.positional.size();
  for (const Schema& schema : *callee.schemas) {
    if (!schema_fits(schema, call, callee.aten, index)) continue;
    std::string_view type;
    if (is_keyword) {
      const std::string_view name = call.keywords[index - call.positional.size()].first;
      for (const SchemaArgument& argument : schema) {
        if (names(argument, name, callee.aten)) type = argument.type;
      }
    } else if (index < schema.size()) {
      type = schema[index].type;
    }
    bool seen = false;
    for (const std::string_view w : wanted) seen = seen || w == type;
    if (!seen && !type.empty()) wanted.push_back(type);
  }
  // `D` beside `D?` says nothing more.
  std::vector<std::string_view> distinct;
  for (const std::string_view type : wanted) {
    bool optional_too = false;
    for (const std::string_view other : wanted) {
      optional_too = optional_too || (other.size() == type.size() + 1 && other.back() == '?' &&
                                      other.substr(0, type.size()) == type);
    }
    if (!optional_too) distinct.push_back(type);
  }
  return distinct;
}

std::string describe_schema_types(const std::vector<std::string_view>& types) {
  // Each type once without its `?`, and None last when any is Optional: "an int, a list of ints or None".
  std::vector<std::string> parts;
  bool none = false;
  for (std::string_view type : types) {
    const bool optional = !type.empty() && type.back() == '?';
    if (optional) type.remove_suffix(1);
    none = none || optional;
    std::string part = describe_schema_type(type);
    if (std::find(parts.begin(), parts.end(), part) == parts.end()) parts.push_back(std::move(part));
  }
  if (none) parts.emplace_back("None");
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += i + 1 == parts.size() ? " or " : ", ";
    out += parts[i];
  }
  return out;
}

}  // namespace jitlint
