// A function's signature as written: every parameter with its kind, annotation and default, and the return
// annotation. Parsed once when the model is built; rules about signatures and the local scope both read it.
#pragma once

#include <string_view>
#include <vector>

#include "core/syntax.h"

namespace jitlint {

// What kind of value an expression is, as far as its own text tells (a default value, an attribute's value).
enum class LiteralKind {
  None, Int, Float, Bool, Str, Bytes, EmptyList, EmptyDict, List, Dict, Tuple, Lambda, Call, Name, Other
};
LiteralKind literal_kind(const Source& source, TSNode expr);

struct Parameter {
  enum class Kind {
    Positional,      // `x`, `x: int`, `x=1`
    PositionalOnly,  // before `/`
    VarArgs,         // `*args`
    KeywordOnly,     // after `*` or `*args`
    VarKwargs,       // `**kwargs`
  };
  TSNode node{};           // the parameter node
  TSNode name_node{};      // its identifier
  std::string_view name;
  Kind kind = Kind::Positional;
  TSNode annotation{};     // the `type` node, or null
  TSNode default_value{};  // the default's expression, or null
  LiteralKind default_kind = LiteralKind::Other;  // meaningful when there is a default
};

struct Signature {
  std::vector<Parameter> parameters;
  TSNode return_type{};  // the `type` node of `-> T`, or null
  TSNode parameters_node{};
  // `# type: (Tensor, int) -> Tensor` between the header and the body: TorchScript types the parameters from it.
  bool type_comment = false;

  static Signature parse(const Source& source, TSNode function_definition);
  const Parameter* find(std::string_view name) const;
  // A method's first parameter after `self` is one TorchScript types `Tensor`: annotated `Tensor` /
  // `torch.Tensor`, or unannotated without a default (inferred). What a module's `forward` takes as its input.
  bool first_input_is_tensor(const Source& source) const;
};

}  // namespace jitlint
