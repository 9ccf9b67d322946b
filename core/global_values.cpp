// Module-level Python values: see core/global_values.h.
#include "core/global_values.h"

#include "core/syntax.h"
#include "core/torch_ops.h"

namespace jitlint {
namespace {

bool is_literal_tree(TSNode node) {
  node = strip_parens(node);
  if (is(node, sym.integer) || is(node, sym.float_) || is(node, sym.true_) || is(node, sym.false_) ||
      is(node, sym.string) || is(node, sym.concatenated_string)) {
    return true;
  }
  if (is(node, sym.unary_operator)) return is_literal_tree(field(node, fld.argument));
  if (is(node, sym.tuple) || is(node, sym.list)) {
    for (TSNode element : NamedChildren(node)) {
      if (!is_literal_tree(element)) return false;
    }
    return true;
  }
  return false;
}

// `class ClassInstantier(OrderedDict)`: every base a builtin dict or list (or collections' dicts). An instance is
// a container to TorchScript's resolver, which cannot use it however it is read.
bool derives_only_containers(const SemanticModel& model, const ClassInfo& info) {
  const TSNode bases = field(info.definition, fld.superclasses);
  if (ts_node_is_null(bases) || ts_node_named_child_count(bases) == 0) return false;
  for (TSNode base : NamedChildren(bases)) {
    if (is(base, sym.keyword_argument)) return false;
    const std::string qualified = model.qualified_name(base);
    const bool builtin = is(base, sym.identifier) && (model.is_builtin(base, "dict") || model.is_builtin(base, "list"));
    if (!builtin && qualified != "collections.OrderedDict" && qualified != "collections.defaultdict" &&
        qualified != "typing.OrderedDict") {
      return false;
    }
  }
  return true;
}

// Calls whose result is a tensor, a device or a number: values TorchScript cannot take from Python.
bool is_value_factory(const std::string& qualified) {
  static const char* const kFactories[] = {
      "torch.tensor", "torch.ones",  "torch.zeros",    "torch.full",  "torch.empty", "torch.arange", "torch.eye",
      "torch.randn",  "torch.rand",  "torch.linspace", "torch.as_tensor", "torch.from_numpy", "torch.device",
      "math.sqrt",      "math.log",    "math.exp",    "math.pow"};
  for (const char* factory : kFactories) {
    if (qualified == factory) return true;
  }
  return false;
}

// What a module-level value is, as TorchScript would see it.
GlobalValue classify(const SemanticModel& model, TSNode value, int depth) {
  if (depth > 8 || ts_node_is_null(value)) return GlobalValue::None;
  value = strip_parens(value);
  const Source& source = model.source();
  if (is(value, sym.integer) || is(value, sym.float_) || is(value, sym.true_) || is(value, sym.false_) ||
      is(value, sym.string) || is(value, sym.concatenated_string)) {
    return GlobalValue::Plain;
  }
  if (is(value, sym.unary_operator)) return classify(model, field(value, fld.argument), depth + 1);
  if (is(value, sym.binary_operator)) {
    // `2 ** 10`, `1 / 255`, `"a" + "b"`: literals combined.
    const bool left = classify(model, field(value, fld.left), depth + 1) == GlobalValue::Plain;
    const bool right = classify(model, field(value, fld.right), depth + 1) == GlobalValue::Plain;
    return left && right && is_literal_tree(field(value, fld.left)) && is_literal_tree(field(value, fld.right))
               ? GlobalValue::Plain
               : GlobalValue::None;
  }
  if (is(value, sym.list) || is(value, sym.dictionary) || is(value, sym.set) || is(value, sym.list_comprehension) ||
      is(value, sym.dictionary_comprehension) || is(value, sym.set_comprehension)) {
    return GlobalValue::Plain;
  }
  if (is(value, sym.tuple)) {
    // A tuple of types (`(int, float)`) is an isinstance argument; only tuples of literals are ours.
    for (TSNode element : NamedChildren(value)) {
      if (!is_literal_tree(element)) return GlobalValue::None;
    }
    return GlobalValue::Plain;
  }
  if (is(value, sym.attribute)) {
    const std::string qualified = model.qualified_name(value);
    if (is_torch_dtype(qualified) || qualified == "math.pi" || qualified == "math.e" || qualified == "math.inf" ||
        qualified == "math.tau" || qualified == "math.nan") {
      return GlobalValue::Plain;
    }
    return GlobalValue::None;
  }
  if (is(value, sym.call)) {
    const TSNode callee = strip_parens(field(value, fld.function));
    const std::string qualified = model.qualified_name(callee);
    if (!qualified.empty()) return is_value_factory(qualified) ? GlobalValue::Plain : GlobalValue::None;
    if (!is(callee, sym.identifier)) return GlobalValue::None;
    const std::string_view name = text(source, callee);
    for (std::string_view builtin : {"int", "float", "str", "bool", "tuple", "list", "dict", "set", "frozenset"}) {
      if (name == builtin && model.is_builtin(callee, builtin)) {
        return name == "tuple" ? GlobalValue::None : GlobalValue::Plain;  // tuple(...) may hold types
      }
    }
    // An instance of a plain (not nn.Module, not scripted) class of this file.
    const int cls = model.find_class(name);
    if (cls >= 0) {
      const ClassInfo& info = model.classes()[cls];
      if (derives_only_containers(model, info)) return GlobalValue::Plain;
      if (!info.is_module && !info.decorators.script && info.torch_base.empty() && info.local_bases.empty() &&
          ts_node_is_null(field(info.definition, fld.superclasses))) {
        return GlobalValue::Object;
      }
    }
    return GlobalValue::None;
  }
  return GlobalValue::None;
}

std::string describe(const SemanticModel& model, TSNode value) {
  value = strip_parens(value);
  if (is(value, sym.unary_operator)) return describe(model, field(value, fld.argument));
  if (is(value, sym.binary_operator)) {
    return describe(model, field(value, fld.left)) == "string" ? "string" : "number";
  }
  if (is(value, sym.integer)) return "int";
  if (is(value, sym.float_)) return "float";
  if (is(value, sym.true_) || is(value, sym.false_)) return "bool";
  if (is(value, sym.string) || is(value, sym.concatenated_string)) return "string";
  if (is(value, sym.list) || is(value, sym.list_comprehension)) return "list";
  if (is(value, sym.dictionary) || is(value, sym.dictionary_comprehension)) return "dict";
  if (is(value, sym.set) || is(value, sym.set_comprehension)) return "set";
  if (is(value, sym.tuple)) return "tuple";
  if (is(value, sym.call)) {
    const std::string qualified = model.qualified_name(strip_parens(field(value, fld.function)));
    if (qualified == "torch.device") return "torch.device";
    if (qualified.compare(0, 6, "torch.") == 0) return "tensor";
    if (qualified.compare(0, 5, "math.") == 0) return "float";
    if (qualified.empty()) {
      const TSNode callee = strip_parens(field(value, fld.function));
      if (model.find_class(text(model.source(), callee)) >= 0) {
        return "object of class `" + std::string(text(model.source(), callee)) + "`";
      }
    }
  }
  if (is(value, sym.attribute) && is_torch_dtype(model.qualified_name(value))) return "dtype";
  return "value";
}
}  // namespace

GlobalValue classify_global_value(const SemanticModel& model, TSNode value) { return classify(model, value, 0); }

std::string describe_global_value(const SemanticModel& model, TSNode value) { return describe(model, value); }

}  // namespace jitlint
