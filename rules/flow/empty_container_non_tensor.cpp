// JT605 empty-container-non-tensor: `xs = []` / `d = {}` without an annotation (TorchScript types them
// `List[Tensor]` / `Dict[str, Tensor]`), later filled with values that are certainly not tensors; likewise a
// TorchScript class's `self.d = {}` used with keys that are not str.
#include <algorithm>
#include <map>

#include "core/edits.h"
#include "core/expr_types.h"
#include "core/type_certainty.h"
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT605",
    "empty-container-non-tensor",
    "flow",
    Phase::Semantic,
    FixAvailability::Sometimes,
    "TorchScript types an unannotated empty list `List[Tensor]` and an empty dict `Dict[str, Tensor]`: annotate it",
    "aten::append.t(t[](a!) self, t(c -> *) el) -> t[](a!)\n"
    "aten::insert.t(t[](a!) self, int idx, t(b -> *) el) -> ()\n"
    "Arguments for call are not valid",
    R"doc(## What it does
Finds locals of compiled functions bound once to an empty `[]` / `list()` or `{}` / `dict()` without an annotation,
then filled with a value that is certainly not a tensor: `xs.append(i)`, `xs.insert(0, "a")`, `d["k"] = 3`,
`d[i] = x` (an `int` key). The empty container is a related location.

The same for the attributes of a TorchScript class (a plain class that compiled code constructs or names in an
annotation, such as transformers' video inference caches): `self.d = {}` in `__init__` is a `Dict[str, Tensor]` in
every method, so `self.d[frame_idx]`, `frame_idx in self.d` or `self.d.get(frame_idx)` with an `int` (or an
unannotated parameter, a `Tensor`) fails, as does `self.xs.append(3)`. These are reported without a fix: the
annotation belongs in `__init__` and must fit every method's use.

## Why TorchScript rejects it
TorchScript gives a variable one static type when it is first assigned. An empty list literal has no element to
infer from, so it is `List[Tensor]`; an empty dict is `Dict[str, Tensor]`. Appending an `int` to a `List[Tensor]`
matches no schema.

## The error torch 2.13.0 prints
```
RuntimeError: aten::append.t(t[](a!) self, t(c -> *) el) -> t[](a!):
RuntimeError: aten::insert.t(t[](a!) self, int idx, t(b -> *) el) -> ():
RuntimeError: Arguments for call are not valid.
```
(the next line says `Could not match type int to t in argument 'el': Type variable 't' previously matched to type
Tensor is matched to type int.`)

## Example
```python
def sizes(x: Tensor) -> List[int]:
    out = []
    for i in range(x.dim()):
        out.append(x.size(i))
    return out
```

## Use instead
```python
def sizes(x: Tensor) -> List[int]:
    out: List[int] = []
    for i in range(x.dim()):
        out.append(x.size(i))
    return out
```

## Fix safety
When every value added to the container has the same certain type (and keys too, for a dict), and nothing else
adds to it (`extend`, `+=`, `update`, item assignment of a list), the fix annotates the assignment
(`out: List[int] = []`, `d: Dict[str, int] = {}`, importing the `typing` names). It is **safe**: an annotation does
not change what Python does, and the container can only hold values of that type. Otherwise there is no fix.

## Known limitations
Only values whose type the source makes certain are considered (literals, `len(...)`, `x.size(i)`, `range` loop
variables, annotated names); a container filled only with values of unknown type is not reported. Values that are
tensors (or may be) are fine, as TorchScript expects.
)doc"};

using Kind = Type::Kind;

// One empty container bound by `name = []` / `{}`.
struct Candidate {
  TSNode assignment{};
  TSNode target{};
  bool dict = false;
  bool literal = false;  // `[]` / `{}` (the fix annotates only these)
  bool fixable = true;   // nothing adds to it but the adds below
  std::vector<std::pair<std::optional<Type>, TSNode>> keys;    // dict item assignments: key types
  std::vector<std::pair<std::optional<Type>, TSNode>> values;  // appended / inserted / assigned values
};

bool contains_kind(const Type& type, Kind kind) {
  if (type.kind == kind) return true;
  for (const Type& arg : type.args) {
    if (contains_kind(arg, kind)) return true;
  }
  return false;
}

bool spellable(const Type& type) {
  return !contains_kind(type, Kind::Tensor) && !contains_kind(type, Kind::Named) && !contains_kind(type, Kind::None) &&
         !contains_kind(type, Kind::Optional);
}

class EmptyContainerNonTensor final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override {
    Subscriptions subscriptions = Subscriptions::each_function();
    subscriptions.classes = true;  // the attributes of TorchScript classes
    return subscriptions;
  }

  void check_function(RuleContext& context, const FunctionInfo& function) const override {
    // Only a name bound once, to an empty container, can be a candidate: most functions have none.
    const bool any_candidate = std::any_of(
        function.scope.bindings().begin(), function.scope.bindings().end(), [&](const auto& entry) {
          const std::vector<Binding>& bindings = entry.second;
          return bindings.size() == 1 && bindings[0].kind == Binding::Kind::Assignment &&
                 empty_container(context, strip_parens(bindings[0].value)).has_value();
        });
    if (!any_candidate) return;
    const SemanticModel& model = context.model();
    ExprTypes types(model, function);
    std::map<std::string_view, Candidate> candidates;
    std::vector<std::string_view> order;

    walk(field(function.definition, fld.body), [&](const NodePath& path) {
      TSNode node = path.node();
      if (is_nested_scope(node)) return false;
      if (model.is_dead(function, node)) return false;
      if (is(node, sym.assignment)) {
        TSNode left = field(node, fld.left);
        TSNode right = strip_parens(field(node, fld.right));
        if (is(left, sym.identifier)) {
          const std::string_view name = context.text(left);
          if (auto kind = empty_container(context, right);
              kind && ts_node_is_null(field(node, fld.type)) && !type_comment_after(context, path.parent())) {
            const Binding* binding = function.scope.single(name);
            if (binding && binding->kind == Binding::Kind::Assignment && same_node(binding->target, left)) {
              Candidate c;
              c.assignment = node;
              c.target = left;
              c.dict = *kind;
              c.literal = is(right, sym.list) || is(right, sym.dictionary);
              candidates.emplace(name, std::move(c));
              order.push_back(name);
            }
          }
        } else if (is(left, sym.subscript)) {
          // `d[k] = v`
          TSNode container = strip_parens(field(left, fld.value));
          if (auto* c = find(candidates, context, container)) {
            if (under_none_test(path)) {
              c->fixable = false;  // maybe in a branch TorchScript drops
            } else if (c->dict) {
              c->keys.emplace_back(certain(context, types, field(left, fld.subscript)), field(left, fld.subscript));
              c->values.emplace_back(certain(context, types, right), right);
            } else {
              c->fixable = false;
            }
          }
        }
        return true;
      }
      if (is(node, sym.augmented_assignment)) {
        if (auto* c = find(candidates, context, strip_parens(field(node, fld.left)))) c->fixable = false;
        return true;
      }
      if (is(node, sym.call)) {
        TSNode callee = strip_parens(field(node, fld.function));
        if (!is(callee, sym.attribute)) return true;
        Candidate* c = find(candidates, context, strip_parens(field(callee, fld.object)));
        if (!c) return true;
        const std::string_view method = context.text(field(callee, fld.attribute));
        auto args = named_children(field(node, fld.arguments));
        const bool positional = std::none_of(args.begin(), args.end(), [](TSNode a) {
          return is(a, sym.keyword_argument) || is(a, sym.list_splat) || is(a, sym.dictionary_splat);
        });
        if (under_none_test(path)) {
          c->fixable = false;  // maybe in a branch TorchScript drops
        } else if (!c->dict && positional && method == "append" && args.size() == 1) {
          c->values.emplace_back(certain(context, types, args[0]), args[0]);
        } else if (!c->dict && positional && method == "insert" && args.size() == 2) {
          c->values.emplace_back(certain(context, types, args[1]), args[1]);
        } else if (method == "extend" || method == "update" || method == "setdefault" || method == "__setitem__" ||
                   method == "append" || method == "insert") {
          c->fixable = false;
        }
        return true;
      }
      return true;
    });

    for (std::string_view name : order) {
      const Candidate& c = candidates.at(name);
      report_first(context, name, c);
    }
  }

 private:
  // The attributes of a TorchScript class (a plain class compiled because compiled code constructs it or names it
  // in an annotation): torch types them from `__init__`, so `self.d = {}` is a `Dict[str, Tensor]` for every
  // method. nn.Module attributes are typed from the instance's values instead (JT401's concern). One diagnostic per
  // attribute, at its first bad use in the class's compiled methods in source order: one annotation in `__init__`
  // fixes them all. Found once per class, over its compiled methods.
  struct AttributeUse {
    TSNode node{};
    std::string what;
  };

  void check_class(RuleContext& context, const ClassInfo& cls) const override {
    const SemanticModel& model = context.model();
    if (cls.is_module || !cls.remote_bases.empty() || cls.mro.size() > 1) return;
    std::map<std::string_view, bool> empty_attributes;  // name -> dict
    for (const auto& [name, fact] : cls.attributes) {
      const AttrKind kind = fact.kind();
      if ((kind != AttrKind::EmptyDict && kind != AttrKind::EmptyList) || fact.sites.size() != 1) continue;
      const AttrSite& site = fact.sites[0];
      if (site.function < 0 || model.functions()[site.function].name != "__init__") continue;
      if (!is(site.node, sym.assignment) || !ts_node_is_null(field(site.node, fld.type))) continue;
      if (!model.functions()[site.function].compiled) continue;
      empty_attributes.emplace(name, kind == AttrKind::EmptyDict);
    }
    if (empty_attributes.empty()) return;
    std::vector<const FunctionInfo*> methods;
    for (const auto& [name, index] : cls.methods) {
      const FunctionInfo& method = model.functions()[index];
      if (method.compiled && !method.self_name.empty() && !ts_node_has_error(method.definition)) {
        methods.push_back(&method);
      }
    }
    std::sort(methods.begin(), methods.end(), [](const FunctionInfo* a, const FunctionInfo* b) {
      return ts_node_start_byte(a->definition) < ts_node_start_byte(b->definition);
    });
    std::map<std::string_view, AttributeUse> first;
    for (const FunctionInfo* method : methods) {
      for (auto& [name, use] : bad_attribute_uses(context, *method, empty_attributes)) {
        first.emplace(name, std::move(use));
      }
    }
    for (const auto& [name, use] : first) {
      const bool dict = empty_attributes.at(name);
      const AttrSite& site = cls.attributes.at(name).sites[0];
      const std::string container = dict ? "an empty dict in `__init__`, which TorchScript types `Dict[str, Tensor]`"
                                         : "an empty list in `__init__`, which TorchScript types `List[Tensor]`";
      Diagnostic& diagnostic = context.report(
          use.node, "`self." + std::string(name) + "` starts as " + container + ", but it is given " + use.what +
                        "; annotate it in `__init__`");
      diagnostic.related.push_back(Related{ts_node_start_byte(site.node), ts_node_end_byte(site.node),
                                           "`self." + std::string(name) + "` is created empty here"});
    }
  }

  // The first use in `method` of each empty attribute that does not fit its type: a key certainly not a str, a
  // value (or list element) certainly not a Tensor.
  static std::map<std::string_view, AttributeUse> bad_attribute_uses(
      RuleContext& context, const FunctionInfo& method, const std::map<std::string_view, bool>& empty_attributes) {
    const SemanticModel& model = context.model();
    ExprTypes types(model, method);
    std::map<std::string_view, AttributeUse> found;
    auto attribute_of = [&](TSNode expr) -> std::optional<std::pair<std::string_view, bool>> {
      const std::string_view name = self_attribute(context.source(), strip_parens(expr), method.self_name);
      const auto at = name.empty() ? empty_attributes.end() : empty_attributes.find(name);
      if (at == empty_attributes.end()) return std::nullopt;
      return *at;
    };
    auto known = [&](TSNode expr) { return certain_in(context.source(), method, types, expr); };
    auto check_key = [&](std::string_view name, TSNode key) {
      const auto type = known(key);
      if (type && !type->is(Kind::Str) && type->kind != Kind::Named && type->kind != Kind::Optional) {
        found.emplace(name, AttributeUse{key, describe(*type) + " as a key"});
      }
    };
    auto check_value = [&](std::string_view name, TSNode value) {
      const auto type = known(value);
      if (type && not_tensor(*type)) found.emplace(name, AttributeUse{value, describe(*type)});
    };
    walk(field(method.definition, fld.body), [&](const NodePath& path) {
      TSNode node = path.node();
      if (is_nested_scope(node) || model.is_dead(method, node)) return false;
      if (under_none_test(path)) return false;  // maybe in a branch TorchScript drops
      if (is(node, sym.subscript)) {  // `self.d[k]`, read or written
        if (const auto attribute = attribute_of(field(node, fld.value)); attribute && attribute->second) {
          check_key(attribute->first, field(node, fld.subscript));
        }
      } else if (is(node, sym.assignment) && is(field(node, fld.left), sym.subscript)) {
        TSNode left = field(node, fld.left);
        if (const auto attribute = attribute_of(field(left, fld.value)); attribute && attribute->second) {
          check_key(attribute->first, field(left, fld.subscript));
          check_value(attribute->first, strip_parens(field(node, fld.right)));
        }
      } else if (is(node, sym.comparison_operator) && ts_node_named_child_count(node) == 2) {  // `k in self.d`
        const std::string_view op = context.text(ts_node_child(node, 1));
        if (op == "in" || op == "not in" || op == "not") {
          if (const auto attribute = attribute_of(ts_node_named_child(node, 1)); attribute && attribute->second) {
            check_key(attribute->first, ts_node_named_child(node, 0));
          }
        }
      } else if (is(node, sym.call)) {
        TSNode callee = strip_parens(field(node, fld.function));
        if (!is(callee, sym.attribute)) return true;
        const auto attribute = attribute_of(field(callee, fld.object));
        if (!attribute) return true;
        const std::string_view name = context.text(field(callee, fld.attribute));
        const auto args = named_children(field(node, fld.arguments));
        if (args.empty() || is(args[0], sym.keyword_argument) || is(args[0], sym.list_splat)) return true;
        if (attribute->second && (name == "get" || name == "pop")) {
          check_key(attribute->first, args[0]);
        } else if (!attribute->second && name == "append" && args.size() == 1) {
          check_value(attribute->first, args[0]);
        }
      }
      return true;
    });
    return found;
  }

  // `[]` / `list()` -> false, `{}` / `dict()` -> true; nullopt for anything else.
  static std::optional<bool> empty_container(RuleContext& context, TSNode value) {
    if (is(value, sym.list) && ts_node_named_child_count(value) == 0) return false;
    if (is(value, sym.dictionary) && ts_node_named_child_count(value) == 0) return true;
    if (is(value, sym.call) && ts_node_named_child_count(field(value, fld.arguments)) == 0) {
      TSNode function = field(value, fld.function);
      if (context.model().is_builtin(function, "list")) return false;
      if (context.model().is_builtin(function, "dict")) return true;
    }
    return std::nullopt;
  }

  // `seen = {}  # type: Dict[int, bool]`: the author did annotate it (JT131 is about the comment itself).
  static bool type_comment_after(RuleContext& context, TSNode statement) {
    if (!is(statement, sym.expression_statement)) return false;
    TSNode next = ts_node_next_named_sibling(statement);
    if (!is(next, sym.comment)) return false;
    if (ts_node_start_point(next).row != ts_node_end_point(statement).row) return false;
    std::string_view comment = context.text(next);
    comment.remove_prefix(1);
    while (!comment.empty() && comment.front() == ' ') comment.remove_prefix(1);
    return comment.substr(0, 5) == "type:";
  }

  static Candidate* find(std::map<std::string_view, Candidate>& candidates, RuleContext& context, TSNode expr) {
    if (!is(expr, sym.identifier)) return nullptr;
    auto it = candidates.find(context.text(expr));
    return it == candidates.end() ? nullptr : &it->second;
  }

  static std::optional<Type> certain(RuleContext& context, const ExprTypes& types, TSNode expr) {
    return certain_in(context.source(), context.function(), types, expr);
  }
  static std::optional<Type> certain_in(const Source& source, const FunctionInfo& function, const ExprTypes& types,
                                        TSNode expr) {
    expr = strip_parens(expr);
    if (is(expr, sym.none)) return Type::of(Kind::None);
    if (reads_rebound_local(source, function, expr)) return std::nullopt;
    auto inferred = types.of(expr);
    if (!inferred || !inferred->certain) return std::nullopt;
    return inferred->type;
  }

  static void report_first(RuleContext& context, std::string_view name, const Candidate& c) {
    // The first value (or dict key) that certainly does not fit `List[Tensor]` / `Dict[str, Tensor]`.
    TSNode bad{};
    std::string what;
    for (size_t i = 0; i < c.values.size() && ts_node_is_null(bad); ++i) {
      if (c.dict && c.keys[i].first && not_tensor(*c.keys[i].first) && !c.keys[i].first->is(Kind::Str)) {
        bad = c.keys[i].second;
        what = describe(*c.keys[i].first) + " as a key";
      } else if (c.values[i].first && not_tensor(*c.values[i].first)) {
        bad = c.values[i].second;
        what = describe(*c.values[i].first);
      }
    }
    if (ts_node_is_null(bad)) return;
    const std::string container = c.dict ? "an empty dict, which TorchScript types `Dict[str, Tensor]`"
                                         : "an empty list, which TorchScript types `List[Tensor]`";
    std::optional<Fix> fix = annotation_fix(context, c);
    std::string message = "`" + std::string(name) + "` starts as " + container + ", but it is given " + what;
    if (fix) message += "; annotate it";
    Diagnostic& diagnostic = context.report(bad, message, std::move(fix));
    diagnostic.related.push_back(Related{ts_node_start_byte(c.assignment), ts_node_end_byte(c.assignment),
                                         "`" + std::string(name) + "` is created empty here"});
  }

  // Certainly not a Tensor (Any, classes and Optionals may hold one).
  static bool not_tensor(const Type& type) {
    switch (type.kind) {
      case Kind::Int: case Kind::Float: case Kind::Bool: case Kind::Str: case Kind::None: case Kind::Tuple:
      case Kind::List: case Kind::Dict:
        return true;
      default:
        return false;
    }
  }

  static std::string describe(const Type& type) {
    switch (type.kind) {
      case Kind::None: return "`None`";
      case Kind::Int: return "an `int`";
      default: return "a `" + type.spell() + "`";
    }
  }

  // `xs: List[T] = []` when every value (and key) added has one certain type and nothing else adds to it.
  static std::optional<Fix> annotation_fix(RuleContext& context, const Candidate& c) {
    if (!c.fixable || !c.literal || c.values.empty()) return std::nullopt;
    auto agreed = [](const std::vector<std::pair<std::optional<Type>, TSNode>>& items) -> std::optional<Type> {
      std::optional<Type> type;
      for (const auto& [t, node] : items) {
        if (!t || !spellable(*t) || (type && !(*type == *t))) return std::nullopt;
        type = t;
      }
      return type;
    };
    const auto value = agreed(c.values);
    if (!value) return std::nullopt;
    Type container = Type::of(Kind::List, {*value});
    if (c.dict) {
      const auto key = agreed(c.keys);
      if (!key || key->is(Kind::Tuple) || key->is(Kind::List) || key->is(Kind::Dict)) return std::nullopt;
      container = Type::of(Kind::Dict, {*key, *value});
    }
    const std::string spelled = container.spell();
    Fix fix;
    fix.applicability = Applicability::Safe;
    fix.message = "Annotate `" + std::string(context.text(c.target)) + ": " + spelled + "`";
    fix.edits.push_back(insert_after(c.target, ": " + spelled));
    fix.typing_imports.push_back(c.dict ? "Dict" : "List");
    if (spelled.find("Tuple[") != std::string::npos) fix.typing_imports.push_back("Tuple");
    return fix;
  }
};

}  // namespace

const Rule& empty_container_non_tensor_rule() {
  static const EmptyContainerNonTensor rule;
  return rule;
}

}  // namespace jitlint
