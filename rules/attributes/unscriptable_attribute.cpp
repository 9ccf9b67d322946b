// JT401 unscriptable-attribute: compiled code reads a module attribute whose value TorchScript cannot type (an
// empty or mixed list/dict, a plain list of modules, a NumPy array, a lambda, a functools.partial, an instance of a
// dataclass or of a class TorchScript cannot compile).
#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "core/class_attributes.h"
#include "core/edits.h"
#include "core/expr_types.h"
#include "core/project_index.h"
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT401",
    "unscriptable-attribute",
    "attributes",
    Phase::Semantic,
    FixAvailability::Sometimes,
    "Give the attribute a value TorchScript can type (or a class-level annotation), or keep it out of compiled code",
    "but we failed to convert Python type\n"
    "but we failed to compile it to a TorchScript function",
    R"doc(## What it does
Finds reads, in compiled code, of a module attribute whose value (as every assignment in the class leaves it)
TorchScript cannot type: an empty list or dict with no class-level annotation (and not filled outside compiled
code), a list or dict mixing int, float, bool and str literals, a plain list or tuple of modules (also an empty list
that `__init__` only fills with `.append(<module>)`), a NumPy array, a lambda, a `functools.partial`, a bound
method (`self.act = self._gelu_python`; a function such as `F.gelu` compiles), an instance of a `@dataclass` of
this file, or an instance of a class of this file TorchScript cannot compile because its
`__init__` takes `*args`, `**kwargs`, keyword-only parameters with defaults, or an unannotated parameter with a
scalar default (also when the module receives the instance as an `__init__` parameter annotated with that class).
Classes of other files come from the project index: an instance of a class that is, or derives from, a
`@dataclass` (transformers' `self.config = config` with `config: BertConfig`, whose base `PreTrainedConfig` is a
dataclass) is reported at its first field read (`self.config.hidden_size`).
It reports the first read in each compiled function, with the assignment as a related location.

## Why TorchScript rejects it
Recursive scripting gives each attribute of the module instance a TorchScript type inferred from its value (unless
the class body annotates it, or `__constants__`/`Final` makes it a constant). A value it cannot type becomes a
"failed attribute": scripting succeeds until compiled code reads it, and the read fails with the reason. An empty
container has no element type; a mixed one has no single element type; a module is not a value type; NumPy arrays,
lambdas and partials have no TorchScript type. An instance of a plain class is typed by compiling its class as a
TorchScript class, which fails for dataclasses (their generated `__init__` has no source) and for signatures
TorchScript does not support; a plain subclass of a dataclass compiles as a class without the dataclass's fields,
so reading one fails ("object has no attribute or method 'hidden_size'"). An annotation written inside `__init__` (`self.names: List[str] = []`) is not used.

## The error torch 2.13.0 prints
```
RuntimeError: Module 'M' has no attribute 'names' (This attribute exists on the Python module, but we failed to convert Python type: 'list' to a TorchScript type. List trace inputs must have elements. Its type was inferred; try adding a type annotation for the attribute.):
RuntimeError: Module 'M' has no attribute 'act' (This function exists as an attribute on the Python module, but we failed to compile it to a TorchScript function.
```

## Example
```python
class Tagger(nn.Module):
    def __init__(self):
        super().__init__()
        self.names = []
        self.blocks = [nn.Linear(8, 8), nn.Linear(8, 8)]

    def forward(self, x: Tensor) -> Tensor:
        self.names.append("seen")
        for block in self.blocks:
            x = block(x)
        return x
```

## Use instead
```python
class Tagger(nn.Module):
    names: List[str]

    def __init__(self):
        super().__init__()
        self.names = []
        self.blocks = nn.ModuleList([nn.Linear(8, 8), nn.Linear(8, 8)])
    ...
```
A NumPy array becomes a tensor (`register_buffer`), a lambda a module-level `def`, a `functools.partial` its
function plus the bound arguments stored as attributes, a config object the few fields forward needs copied to
typed attributes (`self.k = config.k`).

## Fix safety
For an empty list that compiled code fills with `.append(value)`, where every appended value has one known type,
the fix adds the class-level annotation `name: List[T]`: **safe** (an annotation changes nothing in eager mode, and
it is the type the appends need). Otherwise no automatic fix.

## Known limitations
Of classes of other files only dataclasses (and their subclasses) are judged, and only their field reads are
reported (a method of a plain subclass compiles). A plain class of this file whose
methods TorchScript cannot compile is not reported (only its `__init__` signature is checked). Values the module
only receives from its callers (`self.config = config` with no annotation) are unknown, unless the constructions of
the class this file assigns to attributes (`self.projection = ConvProjection(config)`, also inside
`nn.ModuleList([...])`) all pass a parameter annotated with one dataclass of another file (the parent's `config:
CanineConfig`); a construction elsewhere is not seen.
)doc"};

// A torch.nn module class (`torch.nn.Linear`), not Parameter and friends.
bool is_torch_module_name(const std::string& qualified) {
  const std::string_view prefix = "torch.nn.";
  if (qualified.compare(0, prefix.size(), prefix) != 0) return false;
  const std::string rest = qualified.substr(prefix.size());
  if (rest.empty() || rest.find('.') != std::string::npos || !(rest[0] >= 'A' && rest[0] <= 'Z')) return false;
  return rest != "Parameter" && rest != "UninitializedParameter" && rest != "UninitializedBuffer" && rest != "Buffer";
}

bool is_module_constructor(const SemanticModel& model, TSNode value) {
  value = strip_parens(value);
  if (!is(value, sym.call)) return false;
  TSNode function = field(value, fld.function);
  const std::string qualified = model.qualified_name(function);
  if (is_torch_module_name(qualified)) return true;
  if (!qualified.empty() || !is(function, sym.identifier)) return false;
  const int index = model.find_class(text(model.source(), function));
  return index >= 0 && model.classes()[index].is_module;
}

// `activation` in `self.layers = [nn.Linear(a, b), activation]`: a parameter of the assigning method annotated
// `nn.Module` (or a module class). (Only compiled bodies have their bindings indexed: the signature says it.)
bool is_module_parameter(const SemanticModel& model, const AttrSite& site, TSNode value) {
  value = strip_parens(value);
  if (site.function < 0 || !is(value, sym.identifier)) return false;
  const FunctionInfo& function = model.functions()[site.function];
  const Parameter* parameter = function.signature.find(text(model.source(), value));
  if (!parameter || parameter->kind == Parameter::Kind::VarArgs || parameter->kind == Parameter::Kind::VarKwargs) {
    return false;
  }
  TSNode annotation = parameter->annotation;
  if (ts_node_is_null(annotation)) return false;
  if (is(annotation, sym.type) && ts_node_named_child_count(annotation) == 1) {
    annotation = ts_node_named_child(annotation, 0);
  }
  const std::string qualified = model.qualified_name(strip_parens(annotation));
  if (qualified == "torch.nn.Module" || is_torch_module_name(qualified)) return true;
  if (!qualified.empty() || !is(annotation, sym.identifier)) return false;
  const int index = model.find_class(text(model.source(), annotation));
  return index >= 0 && model.classes()[index].is_module;
}

const char* scalar_kind_name(LiteralKind kind) {
  switch (kind) {
    case LiteralKind::Int: return "int";
    case LiteralKind::Float: return "float";
    case LiteralKind::Bool: return "bool";
    case LiteralKind::Str: return "str";
    default: return nullptr;
  }
}

// `[1, "a"]`, `{"a": 1, "b": "x"}`: every element a scalar literal, of two kinds at least. Returns "int and str".
std::string mixed_literal(const Source& source, TSNode value) {
  std::vector<TSNode> keys, values;
  if (is(value, sym.list)) {
    for (TSNode element : NamedChildren(value)) values.push_back(element);
  } else if (is(value, sym.dictionary)) {
    for (TSNode pair : NamedChildren(value)) {
      if (!is(pair, sym.pair)) return "";
      keys.push_back(field(pair, fld.key));
      values.push_back(field(pair, fld.value));
    }
  } else {
    return "";
  }
  for (const auto* group : {&keys, &values}) {
    const char* first = nullptr;
    for (TSNode element : *group) {
      const char* kind = scalar_kind_name(literal_kind(source, element));
      if (!kind) break;
      if (!first) {
        first = kind;
      } else if (std::string_view(kind) != first) {
        // Every element must be a scalar literal for the verdict to be certain.
        bool all = true;
        for (TSNode other : *group) all = all && scalar_kind_name(literal_kind(source, other));
        if (all) return std::string(first) + " and " + kind;
        break;
      }
    }
  }
  return "";
}

bool is_numpy_array_constructor(const std::string& qualified) {
  static const char* const kNames[] = {
      "numpy.array", "numpy.asarray", "numpy.zeros", "numpy.ones", "numpy.empty", "numpy.full", "numpy.arange",
      "numpy.linspace", "numpy.eye", "numpy.identity", "numpy.zeros_like", "numpy.ones_like", "numpy.full_like",
      "numpy.stack", "numpy.concatenate", "numpy.random.rand", "numpy.random.randn", "numpy.meshgrid"};
  for (const char* name : kNames) {
    if (qualified == name) return true;
  }
  return false;
}

// Why TorchScript cannot compile a plain class of this file (so an instance of it cannot be a module attribute):
// empty when it may compile.
std::string uncompilable_class(const SemanticModel& model, int class_index) {
  const ClassInfo& cls = model.classes()[class_index];
  if (cls.is_module || cls.decorators.script || cls.decorators.ignore) return "";
  for (TSNode decorator : class_decorators(cls)) {
    if (model.qualified_name(decorator) == "dataclasses.dataclass") {
      return "an instance of the dataclass `" + std::string(cls.name) + "`, which TorchScript cannot type";
    }
  }
  if (!bases_all_known(model, class_index)) return "";  // a base from elsewhere may bring anything
  const int init = model.find_method(class_index, "__init__");
  if (init < 0) return "";
  const FunctionInfo& fn = model.functions()[init];
  const std::string prefix = "an instance of `" + std::string(cls.name) + "`, which TorchScript cannot type (";
  for (size_t i = 1; i < fn.signature.parameters.size(); ++i) {
    const Parameter& parameter = fn.signature.parameters[i];
    const std::string name(parameter.name);
    switch (parameter.kind) {
      case Parameter::Kind::VarArgs: return prefix + "its class's `__init__` takes `*" + name + "`)";
      case Parameter::Kind::VarKwargs: return prefix + "its class's `__init__` takes `**" + name + "`)";
      case Parameter::Kind::KeywordOnly:
        if (!ts_node_is_null(parameter.default_value)) {
          return prefix + "its class's `__init__` has the keyword-only parameter `" + name + "` with a default)";
        }
        break;
      default:
        if (ts_node_is_null(parameter.annotation) && !ts_node_is_null(parameter.default_value) &&
            scalar_kind_name(parameter.default_kind)) {
          return prefix + "its class's `__init__` parameter `" + name + "` is unannotated, hence a Tensor, with a " +
                 scalar_kind_name(parameter.default_kind) + " default)";
        }
        break;
    }
  }
  return "";
}

struct Verdict {
  enum class Kind { None, EmptyList, EmptyDict, Other, RemoteDataclass } kind = Kind::None;
  std::string what;  // "an empty list", "a NumPy array"
  const ClassFacts* remote = nullptr;  // RemoteDataclass: the class of another file
};

// A class of another file (or an installed package) that is, or derives from, a `@dataclass`: the index's facts.
// torch cannot type a dataclass ("failed to convert Python type"), and types a plain subclass of one without the
// dataclass's fields (its generated `__init__` is never compiled): reading a field fails either way, which is
// what the rule then reports (a method of the class may still compile).
Verdict remote_dataclass(const SemanticModel& model, const std::string& qualified) {
  const ClassFacts* facts = qualified.empty() ? nullptr : model.project_class(qualified);
  if (!facts || facts->is_module || facts->dataclass.empty()) return {};
  const auto short_name = [](const std::string& dotted) { return dotted.substr(dotted.rfind('.') + 1); };
  Verdict verdict{Verdict::Kind::RemoteDataclass, "", facts};
  if (facts->dataclass == facts->qualified) {
    verdict.what = "an instance of the dataclass `" + short_name(qualified) + "`, whose fields TorchScript cannot type";
  } else {
    verdict.what = "an instance of `" + short_name(qualified) + "`, a subclass of the dataclass `" +
                   short_name(facts->dataclass) + "`, whose fields TorchScript cannot type";
  }
  return verdict;
}

// Some assignment to the plain name `name` in the body of `definition` (nested scopes aside).
bool rebinds(const Source& source, TSNode definition, std::string_view name) {
  bool found = false;
  walk_descendants(field(definition, fld.body), [&](TSNode node) {
    if (found || is_nested_scope(node)) return false;
    if (is(node, sym.assignment) || is(node, sym.augmented_assignment) || is(node, sym.for_statement)) {
      TSNode left = field(node, fld.left);
      if (is(left, sym.identifier) && text(source, left) == name) found = true;
    }
    return !found;
  });
  return found;
}

// The name a parameter's annotation is (`Cfg`, `configs.Cfg`); null for another annotation or none.
TSNode annotation_name(const Parameter& parameter) {
  TSNode type = parameter.annotation;
  while (is(type, sym.type) && ts_node_named_child_count(type) == 1) type = ts_node_named_child(type, 0);
  return is(type, sym.identifier) || is(type, sym.attribute) ? type : TSNode{};
}

// The class named by the annotation of a parameter (`config: CanineConfig`), qualified; empty for another annotation.
std::string annotated_class(const SemanticModel& model, const Parameter& parameter) {
  const TSNode type = annotation_name(parameter);
  return ts_node_is_null(type) ? std::string() : model.qualified_name(type);
}

// What the constructions of `init`'s class that this file assigns to attributes (`self.projection =
// ConvProjection(config)`, also inside `nn.ModuleList([...])`) pass for `parameter` of its `__init__`, when each passes
// a parameter of the constructing method annotated with one class of another file, never rebound there: that class,
// qualified. Empty when there is none, or one passes something else. (Only `__init__`s construct submodules, and they
// are not compiled: their calls are read from the attribute facts.)
std::string constructed_with(const SemanticModel& model, const FunctionInfo& init, const Parameter& parameter) {
  if (init.name != "__init__" || init.owner_class < 0 || parameter.kind != Parameter::Kind::Positional) return {};
  const Source& source = model.source();
  const std::string_view class_name = model.classes()[init.owner_class].name;
  int position = -1;  // among the positional parameters after `self`
  for (const Parameter& each : init.signature.parameters) {
    if (each.kind != Parameter::Kind::Positional && each.kind != Parameter::Kind::PositionalOnly) break;
    if (&each == &parameter) break;
    ++position;
  }
  std::string found;
  bool conflict = false;
  auto construction = [&](TSNode call, const FunctionInfo& fn) {
    TSNode argument{};
    int index = 0;
    for (TSNode each : NamedChildren(field(call, fld.arguments))) {
      if (is(each, sym.list_splat) || is(each, sym.dictionary_splat)) {
        conflict = true;
        return;
      }
      if (is(each, sym.keyword_argument)) {
        if (text(source, field(each, fld.name)) == parameter.name) argument = field(each, fld.value);
        continue;
      }
      if (index++ == position) argument = each;
    }
    const Parameter* passed = is(argument, sym.identifier) ? fn.signature.find(text(source, argument)) : nullptr;
    const std::string qualified = passed && !ts_node_is_null(passed->annotation) &&
                                          !rebinds(source, fn.definition, passed->name)
                                      ? annotated_class(model, *passed)
                                      : std::string();
    if (qualified.empty() || (!found.empty() && found != qualified)) conflict = true;
    found = qualified;
  };
  for (size_t c = 0; c < model.classes().size() && !conflict; ++c) {
    for (const auto& [name, fact] : model.attributes_of(static_cast<int>(c))) {
      for (const AttrSite& site : fact.sites) {
        if (ts_node_is_null(site.value) || site.function < 0 || conflict) continue;
        if (!mentions_word(text(source, site.value), class_name)) continue;
        const FunctionInfo& fn = model.functions()[site.function];
        walk_descendants(site.value, [&](TSNode node) {
          if (conflict || is_nested_scope(node)) return false;
          if (is(node, sym.call) && is(field(node, fld.function), sym.identifier) &&
              text(source, field(node, fld.function)) == class_name) {
            construction(node, fn);
          }
          return true;
        });
        if (is(site.value, sym.call) && is(field(site.value, fld.function), sym.identifier) &&
            text(source, field(site.value, fld.function)) == class_name) {
          construction(site.value, fn);
        }
      }
    }
  }
  return conflict ? std::string() : found;
}

// What the value of one assignment site makes the attribute, when TorchScript cannot type it.
Verdict site_verdict(const SemanticModel& model, const AttrSite& site) {
  if (ts_node_is_null(site.value)) return {};
  const Source& source = model.source();
  TSNode value = strip_parens(site.value);
  switch (literal_kind(source, value)) {
    case LiteralKind::EmptyList: return {Verdict::Kind::EmptyList, "an empty list"};
    case LiteralKind::EmptyDict: return {Verdict::Kind::EmptyDict, "an empty dict"};
    case LiteralKind::Lambda: return {Verdict::Kind::Other, "a lambda"};
    default: break;
  }
  if (is(value, sym.list) || is(value, sym.dictionary)) {
    const std::string mixed = mixed_literal(source, value);
    // TorchScript types the value the instance holds after __init__: a method that then rewrites elements
    // (`self.coeff[2] /= self.coeff[0]`, making every element a float) may leave it typable. Silent then.
    bool elements_touched = false;
    if (!mixed.empty() && site.function >= 0) {
      const FunctionInfo& method = model.functions()[site.function];
      TSNode target = strip_parens(field(site.node, fld.left));
      const std::string subscript = is(target, sym.attribute) ? std::string(text(source, target)) + "[" : "";
      elements_touched = !subscript.empty() && text(source, method.definition).find(subscript) != std::string_view::npos;
    }
    if (!mixed.empty() && !elements_touched) {
      return {Verdict::Kind::Other, std::string(is(value, sym.list) ? "a list" : "a dict") + " mixing " + mixed};
    }
  }
  if (is(value, sym.list) || is(value, sym.tuple)) {
    bool all = ts_node_named_child_count(value) > 0;
    for (TSNode element : NamedChildren(value)) {
      all = all && (is_module_constructor(model, element) || is_module_parameter(model, site, element));
    }
    if (all) return {Verdict::Kind::Other, std::string("a plain ") + (is(value, sym.list) ? "list" : "tuple") + " of modules"};
  }
  if (is(value, sym.list_comprehension) && is_module_constructor(model, field(value, fld.body))) {
    return {Verdict::Kind::Other, "a plain list of modules"};
  }
  if (is(value, sym.call)) {
    TSNode function = field(value, fld.function);
    const std::string qualified = model.qualified_name(function);
    if (qualified == "functools.partial") return {Verdict::Kind::Other, "a `functools.partial`"};
    if (is_numpy_array_constructor(qualified)) return {Verdict::Kind::Other, "a NumPy array"};
    if (qualified.empty() && is(function, sym.identifier)) {
      const int index = model.find_class(text(source, function));
      if (index >= 0) {
        std::string why = uncompilable_class(model, index);
        if (!why.empty()) return {Verdict::Kind::Other, why};
      }
    }
    return remote_dataclass(model, qualified);
  }
  if (is(value, sym.attribute) && site.function >= 0) {
    // `self.act = self._gelu_python`: a bound method, which torch cannot convert ("Python type: 'method'").
    const FunctionInfo& fn = model.functions()[site.function];
    const std::string_view method = self_attribute(source, value, fn.self_name);
    if (!method.empty() && fn.owner_class >= 0) {
      for (int owner : model.local_mro(fn.owner_class)) {
        const auto found = model.classes()[owner].methods.find(method);
        if (found == model.classes()[owner].methods.end()) continue;
        const Decorators& d = model.functions()[found->second].decorators;
        if (d.property || d.staticmethod) return {};
        return {Verdict::Kind::Other, "a bound method (`" + std::string(text(source, value)) + "`)"};
      }
    }
    return {};
  }
  if (is(value, sym.identifier) && site.function >= 0) {
    // `self.cfg = cfg` with `cfg: Cfg` a parameter of the method, annotated with a class of this file.
    const FunctionInfo& fn = model.functions()[site.function];
    const Parameter* parameter = fn.signature.find(text(source, value));
    if (parameter && ts_node_is_null(parameter->annotation) && ts_node_is_null(parameter->default_value) &&
        !rebinds(source, fn.definition, parameter->name)) {
      // Unannotated: the class every construction of this file passes there (transformers' `ConvProjection(config)`
      // in `CanineModel.__init__(self, config: CanineConfig)`).
      const std::string passed = constructed_with(model, fn, *parameter);
      return passed.empty() ? Verdict{} : remote_dataclass(model, passed);
    }
    if (!parameter || ts_node_is_null(parameter->annotation) || !ts_node_is_null(parameter->default_value)) return {};
    const TSNode type = annotation_name(*parameter);
    if (ts_node_is_null(type) || rebinds(source, fn.definition, parameter->name)) return {};
    // `config: BertConfig` imported from another file: a dataclass there (transformers' configs derive from the
    // dataclass `PreTrainedConfig`).
    const std::string qualified = model.qualified_name(type);
    if (!qualified.empty()) return remote_dataclass(model, qualified);
    if (!is(type, sym.identifier)) return {};
    const int index = model.find_class(text(source, type));
    if (index < 0) return {};
    std::string why = uncompilable_class(model, index);
    if (!why.empty()) return {Verdict::Kind::Other, why};
  }
  return {};
}

// Uses of `self.<name>` outside compiled code, other than its assignments: whether something may fill an empty
// container before scripting (then nothing is known), and whether the only such uses append modules.
enum class Filling { None, ModulesOnly, Unknown };

Filling filling_outside_compiled_code(const SemanticModel& model, int class_index, std::string_view name) {
  bool modules = false;
  bool other = false;
  for (int current : model.local_mro(class_index)) {
    for (const auto& [method_name, index] : model.classes()[current].methods) {
      const FunctionInfo& fn = model.functions()[index];
      if (fn.compiled || fn.self_name.empty()) continue;
      NodePath path;
      walk(field(fn.definition, fld.body), path, [&](const NodePath& at) {
        TSNode node = at.node();
        if (!is(node, sym.attribute) || self_attribute(model.source(), node, fn.self_name) != name) return !other;
        TSNode parent = at.parent();
        // An assignment site itself (`self.x = []`): counted in the attribute's facts.
        if ((is(parent, sym.assignment) && at.field() == fld.left) || is(parent, sym.pattern_list)) return false;
        // Reads that cannot fill it: a truth test (`if mode and self.cache: self.cache = {}`, transformers' LeViT
        // clearing its cache in `train`), a comparison, `len(self.x)`.
        TSNode grand = at.ancestor(2);
        if (is(parent, sym.boolean_operator) || is(parent, sym.not_operator) || is(parent, sym.comparison_operator) ||
            ((is(parent, sym.if_statement) || is(parent, sym.elif_clause) || is(parent, sym.while_statement)) &&
             at.field() == fld.condition) ||
            (is(parent, sym.argument_list) && is(grand, sym.call) && model.is_builtin(field(grand, fld.function), "len"))) {
          return false;
        }
        // `self.x.append(<module>)`
        if (is(parent, sym.attribute) && at.field() == fld.object && is(grand, sym.call) &&
            text(model.source(), field(parent, fld.attribute)) == "append") {
          auto args = named_children(field(grand, fld.arguments));
          if (args.size() == 1 && is_module_constructor(model, args[0])) {
            modules = true;
            return false;
          }
        }
        other = true;
        return false;
      });
      if (other) return Filling::Unknown;
    }
  }
  return modules ? Filling::ModulesOnly : Filling::None;
}

// The element type compiled code appends to `self.<name>`, when every append agrees and the type is certain.
std::optional<Type> appended_type(const SemanticModel& model, int class_index, std::string_view name) {
  std::optional<Type> found;
  bool any = false;
  for (int current : model.local_mro(class_index)) {
    for (const auto& [method_name, index] : model.classes()[current].methods) {
      const FunctionInfo& fn = model.functions()[index];
      if (!fn.compiled || fn.self_name.empty()) continue;
      for (TSNode call : fn.calls) {
        TSNode callee = field(call, fld.function);
        if (!is(callee, sym.attribute) || text(model.source(), field(callee, fld.attribute)) != "append") continue;
        if (self_attribute(model.source(), strip_parens(field(callee, fld.object)), fn.self_name) != name) continue;
        auto args = named_children(field(call, fld.arguments));
        if (args.size() != 1 || model.is_dead(fn, call)) return std::nullopt;
        auto type = ExprTypes(model, fn).of(args[0]);
        if (!type || !type->certain || type->type.is(Type::Kind::None)) return std::nullopt;
        if (any && !(type->type == *found)) return std::nullopt;
        found = type->type;
        any = true;
      }
    }
  }
  return found;
}

bool mentions_tensor(const Type& type) {
  if (type.is(Type::Kind::Tensor)) return true;
  for (const Type& arg : type.args) {
    if (mentions_tensor(arg)) return true;
  }
  return false;
}

// `name: List[T]` as the first statement of the class body (after its docstring).
std::optional<Fix> annotation_fix(const RuleContext& context, const ClassInfo& cls, std::string_view name,
                                  const Type& element) {
  if (mentions_tensor(element) && tensor_type_spelling(context.model()) != "Tensor") return std::nullopt;
  TSNode body = field(cls.definition, fld.body);
  TSNode first{};
  bool docstring_skipped = false;
  for (TSNode statement : NamedChildren(body)) {
    if (!docstring_skipped && is(statement, sym.expression_statement) &&
        is(ts_node_named_child(statement, 0), sym.string)) {
      docstring_skipped = true;
      continue;
    }
    first = statement;
    break;
  }
  if (ts_node_is_null(first)) return std::nullopt;
  const std::string_view all = context.source().text();
  const uint32_t start = ts_node_start_byte(first);
  uint32_t line = start;
  while (line > 0 && all[line - 1] != '\n') --line;
  const std::string_view indent = all.substr(line, start - line);
  if (indent.find_first_not_of(" \t") != std::string_view::npos) return std::nullopt;  // `class A: x = 1`
  const std::string newline = line >= 2 && all[line - 2] == '\r' ? "\r\n" : "\n";
  Fix fix;
  fix.message = "Annotate `" + std::string(name) + "` in the class body";
  const std::string annotation = "List[" + element.spell() + "]";
  fix.edits.push_back(Edit{start, start, std::string(name) + ": " + annotation + newline + std::string(indent)});
  fix.typing_imports = {"List"};
  fix.isolation_scope = ts_node_start_byte(cls.definition);  // one annotation per class per round
  for (const char* typing_name : {"Dict", "Tuple", "Optional"}) {
    if (annotation.find(std::string(typing_name) + "[") != std::string::npos) fix.typing_imports.push_back(typing_name);
  }
  return fix;
}

class UnscriptableAttribute final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return Subscriptions::each_function(); }

  void check_function(RuleContext& context, const FunctionInfo& function) const override {
    if (function.owner_class < 0 || function.self_name.empty()) return;
    const SemanticModel& model = context.model();
    const ClassInfo& cls = model.classes()[function.owner_class];
    if (!cls.is_module) return;
    // Only attributes every assignment of which leaves an untypable value can be reported: most classes have none.
    // Only those the body's text reads as `self.<name>` are judged.
    // Name -> the dataclass of another file it holds (nullptr: another untypable value).
    std::unordered_map<std::string_view, const ClassFacts*> untypable;
    const std::string_view body = text(model.source(), field(function.definition, fld.body));
    for (const auto& [name, fact] : model.attributes_of(function.owner_class)) {
      if (fact.is_final || fact.sites.empty()) continue;
      if (!mentions_word(body, function.self_name + "." + std::string(name))) continue;
      const ClassFacts* remote = nullptr;
      if (std::all_of(fact.sites.begin(), fact.sites.end(), [&](const AttrSite& site) {
            const Verdict verdict = site_verdict(model, site);
            if (!remote) remote = verdict.remote;
            return verdict.kind != Verdict::Kind::None;
          })) {
        untypable.emplace(name, remote);
      }
    }
    if (untypable.empty()) return;
    std::unordered_set<std::string_view> seen;
    for_each_self_read(model, function, [&](const NodePath& at, std::string_view name) {
      const auto found = untypable.find(name);
      if (found == untypable.end()) return;
      if (found->second) {
        // A dataclass of another file: only a field read (`self.config.hidden_size`) certainly fails.
        const TSNode parent = at.parent();
        if (!is(parent, sym.attribute) || at.field() != fld.object ||
            found->second->methods.count(std::string(context.text(field(parent, fld.attribute))))) {
          return;
        }
      }
      if (seen.insert(name).second) check_read(context, function, at.node(), name);
    });
  }

 private:
  static void check_read(RuleContext& context, const FunctionInfo& function, TSNode read, std::string_view name) {
    const SemanticModel& model = context.model();
    const int class_index = function.owner_class;
    const AttrFact* fact = model.attribute(class_index, name);
    if (!fact || fact->is_final || fact->sites.empty()) return;
    if (!ts_node_is_null(class_body_annotation(model, class_index, name))) return;
    if (!ts_node_is_null(class_body_assignment(model, class_index, name))) return;
    // `__annotations__ = {...}` written out in a class body: annotations jitlint does not read.
    if (!ts_node_is_null(class_body_assignment(model, class_index, "__annotations__"))) return;
    // Every assignment leaves a value TorchScript cannot type.
    Verdict verdict;
    for (const AttrSite& site : fact->sites) {
      Verdict one = site_verdict(model, site);
      if (one.kind == Verdict::Kind::None) return;
      if (verdict.kind == Verdict::Kind::None) verdict = one;
    }
    std::optional<Fix> fix;
    const bool container = verdict.kind == Verdict::Kind::EmptyList || verdict.kind == Verdict::Kind::EmptyDict;
    if (container) {
      for (const AttrSite& site : fact->sites) {
        if (site_verdict(model, site).kind != verdict.kind) return;  // `[]` on one path, `{}` on another
      }
      switch (filling_outside_compiled_code(model, class_index, name)) {
        case Filling::Unknown: return;
        case Filling::ModulesOnly:
          if (verdict.kind != Verdict::Kind::EmptyList) return;
          verdict.what = "a plain list of modules";
          break;
        case Filling::None:
          verdict.what += " with no class-level annotation";
          if (verdict.kind == Verdict::Kind::EmptyList) {
            if (auto element = appended_type(model, class_index, name)) {
              fix = annotation_fix(context, model.classes()[class_index], name, *element);
            }
          }
          break;
      }
    }
    const std::string attr = "`" + std::string(context.text(read)) + "`";
    if (verdict.what.find("TorchScript cannot type") == std::string::npos) {
      verdict.what += ", which TorchScript cannot type";
    }
    Diagnostic& diagnostic = context.report(
        read, attr + " is " + verdict.what + ", so compiled code cannot read it",
        std::move(fix));
    const AttrSite& site = fact->sites.front();
    diagnostic.related.push_back(
        Related{ts_node_start_byte(site.node), ts_node_end_byte(site.node), attr + " is assigned here"});
  }
};

}  // namespace

const Rule& unscriptable_attribute_rule() {
  static const UnscriptableAttribute rule;
  return rule;
}

}  // namespace jitlint
