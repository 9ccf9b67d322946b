// The operator tables behind core/torch_ops.h, built once from core/op_schemas.inc.
#include "core/torch_ops.h"

#include <unordered_map>
#include <unordered_set>

#include "core/expr_types.h"
#include "core/syntax.h"

namespace jitlint {
namespace {

struct OpEntry {
  int method = 0;  // 0: not a Tensor method; 1: a Python method; 2: a C method (numpy aliases in eager)
  std::string_view keywords;
};
struct FunctionEntry {
  std::string_view op;        // the aten operator; empty for a function compiled from its Python source
  bool c = false;             // implemented in C (numpy aliases in eager)
  std::string_view keywords;  // compiled from source: its parameters
};

struct Tables {
  std::unordered_map<std::string_view, OpEntry> ops;
  std::unordered_map<std::string_view, FunctionEntry> functions;
  std::unordered_map<std::string_view, std::vector<Schema>> schemas;  // aten op or python name -> overloads
  std::unordered_set<std::string_view> tensor_attributes;              // beyond the ops with a method
};

// `self:T other:N= *alpha:N=` -> its arguments.
Schema parse_schema(std::string_view encoded) {
  Schema schema;
  size_t pos = 0;
  while (pos < encoded.size()) {
    size_t end = encoded.find(' ', pos);
    if (end == std::string_view::npos) end = encoded.size();
    std::string_view token = encoded.substr(pos, end - pos);
    pos = end + 1;
    SchemaArgument argument;
    if (!token.empty() && token.front() == '*') {
      argument.keyword_only = true;
      token.remove_prefix(1);
    }
    if (token == "...") {  // any further positional values
      schema.push_back(SchemaArgument{token, token, false});
      continue;
    }
    const size_t colon = token.find(':');
    if (colon == std::string_view::npos) continue;
    argument.name = token.substr(0, colon);
    argument.type = token.substr(colon + 1);
    if (!argument.type.empty() && argument.type.back() == '=') {
      argument.has_default = true;
      argument.type.remove_suffix(1);
    }
    schema.push_back(argument);
  }
  return schema;
}

const Tables& tables() {
  static const Tables built = [] {
    Tables t;
#define JITLINT_OP(name, method, keywords) t.ops.emplace(name, OpEntry{method, keywords});
#define JITLINT_FUNCTION(name, op, c) t.functions.emplace(name, FunctionEntry{op, c, {}});
#define JITLINT_PYFUNCTION(name, keywords) t.functions.emplace(name, FunctionEntry{{}, false, keywords});
#define JITLINT_SCHEMA(name, arguments) t.schemas[name].push_back(parse_schema(arguments));
#define JITLINT_TENSOR_ATTRIBUTE(name) t.tensor_attributes.emplace(name);
#include "core/op_schemas.inc"
#undef JITLINT_OP
#undef JITLINT_FUNCTION
#undef JITLINT_PYFUNCTION
#undef JITLINT_SCHEMA
#undef JITLINT_TENSOR_ATTRIBUTE
    return t;
  }();
  return built;
}

const std::vector<Schema>* schemas_of(std::string_view name) {
  const auto& schemas = tables().schemas;
  const auto found = schemas.find(name);
  return found == schemas.end() ? nullptr : &found->second;
}

}  // namespace

bool tensor_may_have_attribute(std::string_view name) {
  const Tables& t = tables();
  const auto op = t.ops.find(name);
  return (op != t.ops.end() && op->second.method != 0) || t.tensor_attributes.count(name) != 0;
}

bool is_torch_dtype(std::string_view qualified) {
  static constexpr std::string_view kDtypes =
      "float32 float float64 double float16 half bfloat16 int8 uint8 int16 short int32 int int64 long bool "
      "complex64 complex128 cfloat cdouble";
  constexpr std::string_view kTorch = "torch.";
  return qualified.substr(0, kTorch.size()) == kTorch && has_name(kDtypes, qualified.substr(kTorch.size()));
}

bool has_name(std::string_view names, std::string_view name) {
  size_t pos = 0;
  while (pos <= names.size()) {
    size_t end = names.find(' ', pos);
    if (end == std::string_view::npos) end = names.size();
    if (names.substr(pos, end - pos) == name) return true;
    pos = end + 1;
  }
  return false;
}

std::optional<TorchCallee> resolve_torch_callee(const SemanticModel& model, const FunctionInfo& function,
                                                TSNode callee) {
  const Tables& t = tables();
  const Source& source = model.source();
  const std::string qualified = model.qualified_name(callee);
  TorchCallee out;
  if (!qualified.empty()) {
    // `torch.sum`, `F.softmax`: the head name must not be rebound in the function.
    TSNode head = callee;
    while (is(head, sym.attribute)) head = strip_parens(field(head, fld.object));
    if (!is(head, sym.identifier) || function.scope.all(text(source, head))) return std::nullopt;
    const auto found = t.functions.find(qualified);
    if (found == t.functions.end()) return std::nullopt;
    out.display = qualified;
    if (found->second.op.empty()) {
      out.keywords = found->second.keywords;
      out.schemas = schemas_of(found->first);
      return out;
    }
    const auto op = t.ops.find(found->second.op);
    if (op == t.ops.end()) return std::nullopt;
    out.keywords = op->second.keywords;
    out.numpy_aliases = found->second.c;
    out.aten = true;
    out.schemas = schemas_of(op->first);
    return out;
  }
  if (!is(callee, sym.attribute)) return std::nullopt;
  const std::string_view method = text(source, field(callee, fld.attribute));
  const auto op = t.ops.find(method);
  if (op == t.ops.end() || op->second.method == 0) return std::nullopt;
  ExprTypes types(model, function);
  types.none_default_parameters_as_tensor();
  const auto receiver = types.of(field(callee, fld.object));
  if (!receiver || !receiver->certain || !receiver->type.is(Type::Kind::Tensor)) return std::nullopt;
  out.display = "Tensor." + std::string(method);
  out.keywords = op->second.keywords;
  out.numpy_aliases = op->second.method == 2;
  out.aten = true;
  out.method = true;
  out.schemas = schemas_of(op->first);
  return out;
}

}  // namespace jitlint
