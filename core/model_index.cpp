// Building the semantic model, reading each part of the file once and only what can matter:
//   1. the module level, statement by statement: imports, classes with their methods and class-body facts,
//      functions with their signatures and decorators;
//   2. in files that import torch (the only files where anything can be compiled): the statements of every
//      method, for what `self.x` is assigned; the `torch.jit.script(...)` calls, only in files whose text has
//      one; then the compiled region, indexing the whole body of each function as it becomes compiled (local
//      bindings, calls, static-condition sites), from which the closure and the dead code follow.
// Functions never compiled keep their signatures only: their bodies' expressions are never walked.
#include "core/semantic_model.h"

#include <algorithm>

#include "core/project_index.h"

namespace jitlint {
namespace {

// A call whose callee's last name is `script` may be `torch.jit.script(name)`: worth resolving later.
bool may_be_script_call(const Source& source, TSNode call) {
  TSNode callee = field(call, fld.function);
  TSNode last = is(callee, sym.attribute) ? field(callee, fld.attribute) : callee;
  return is(last, sym.identifier) && text(source, last) == "script";
}

bool is_final_annotation(const SemanticModel& model, TSNode type) {
  if (ts_node_is_null(type)) return false;
  TSNode expr = ts_node_named_child(type, 0);  // `type` wraps the expression
  if (ts_node_is_null(expr)) expr = type;
  if (is(expr, sym.generic_type)) expr = ts_node_named_child(expr, 0);
  if (is(expr, sym.subscript)) expr = field(expr, fld.value);
  const std::string name = model.qualified_name(expr);
  return name == "typing.Final" || name == "torch.jit.Final" ||
         (name.empty() && is(expr, sym.identifier) && text(model.source(), expr) == "Final");
}

// Kinds whose children are statements (or clauses holding statements): the module-level read descends into these
// only, so expressions at module level are visited only when a `torch.jit.script(...)` call may be among them.
bool holds_statements(TSSymbol kind) {
  return kind == sym.module || kind == sym.block || kind == sym.if_statement || kind == sym.elif_clause ||
         kind == sym.else_clause || kind == sym.for_statement || kind == sym.while_statement ||
         kind == sym.try_statement || kind == sym.except_clause || kind == sym.except_group_clause ||
         kind == sym.finally_clause || kind == sym.with_statement || kind == sym.match_statement ||
         kind == sym.case_clause || kind == sym.decorated_definition;
}

// Whether the text may call `<something>.script(...)`: `script` followed by optional blanks and `(`.
bool may_call_script(std::string_view text) {
  for (size_t at = text.find("script"); at != std::string_view::npos; at = text.find("script", at + 6)) {
    size_t next = at + 6;
    while (next < text.size() && (text[next] == ' ' || text[next] == '\t')) ++next;
    if (next < text.size() && text[next] == '(') return true;
  }
  return false;
}

}  // namespace

class ModelIndexer {
 public:
  explicit ModelIndexer(SemanticModel& model) : model_(model), source_(*model.source_) {}

  void index(TSNode module) {
    index_declarations(module);
    if (model_.indexed_bodies_ && !model_.context_.summary_only) index_region(module);
  }

  // What a file's summary reads: classes, their kinds, attributes, functions, imports.
  void index_declarations(TSNode module) {
    index_module_level(module);
    // Without an import of torch nothing here can be compiled (no nn.Module base, no torch.jit.script): the
    // bodies are left unread. (Classes with bases imported from elsewhere keep their signatures; analysis across
    // files can index their bodies on demand.)
    model_.resolve_class_kinds();
    model_.indexed_bodies_ = model_.imports_.imports_torch() || model_.compiled_from_elsewhere() ||
                             std::any_of(model_.classes_.begin(), model_.classes_.end(),
                                         [](const ClassInfo& cls) { return cls.is_module; });
    if (!model_.indexed_bodies_) return;
    for (const FunctionInfo& fn : model_.functions_) {
      if (fn.owner_class >= 0 && !fn.self_name.empty()) {
        scan_attributes(static_cast<int>(&fn - model_.functions_.data()));
      }
    }
    model_.merge_inherited_attributes();
  }

  // The compiled region and what compiled code reads at module level.
  void index_region(TSNode module) {
    if (may_call_script(source_.text())) scan_script_calls();
    model_.compute_compiled_region();
    if (std::any_of(model_.functions_.begin(), model_.functions_.end(),
                    [](const FunctionInfo& fn) { return fn.compiled; })) {
      record_module_bindings(module);
    }
  }

 private:
  // Every binding at module level (and in module-level `if` / `try` / `with` / `for` blocks), nested scopes left
  // out: what a free name of compiled code reads.
  void record_module_bindings(TSNode module) {
    walk(module, path_, [&](const NodePath& path) {
      const TSNode node = path.node();
      if (is(node, sym.lambda)) return false;
      const bool descend = model_.module_bindings_.record(source_, node);
      if (is(node, sym.function_definition) || is(node, sym.class_definition)) return false;
      return descend;
    });
  }

  // ---- 1. module level -------------------------------------------------------------------------------------------
  void index_module_level(TSNode module) {
    walk(module, path_, [&](const NodePath& path) {
      TSNode node = path.node();
      const TSSymbol kind = ts_node_symbol(node);
      if (kind == sym.function_definition) {
        const int index = add_function(node, path.parent(), -1);
        // A later definition of the same name wins, as in Python.
        model_.module_function_by_name_[model_.functions_[index].name] = index;
        return false;
      }
      if (kind == sym.class_definition) {
        add_class(node, path.parent());
        return false;  // classes nested in classes are not modelled
      }
      if (kind == sym.import_statement || kind == sym.import_from_statement) {
        model_.imports_.record(source_, node);
        return false;
      }
      if (holds_statements(kind)) return true;
      if (ts_node_is_named(node)) model_.module_expressions_.push_back(node);
      return false;
    });
  }

  int add_function(TSNode definition, TSNode parent, int owner) {
    FunctionInfo fn;
    fn.definition = definition;
    fn.name = text(source_, field(definition, fld.name));
    fn.owner_class = owner;
    fn.decorators = model_.read_decorators(parent);
    fn.signature = Signature::parse(source_, definition);
    if (owner >= 0) {
      fn.owner_name = model_.classes_[owner].name;
      if (!fn.decorators.staticmethod && !fn.signature.parameters.empty() &&
          fn.signature.parameters[0].kind != Parameter::Kind::VarArgs) {
        fn.self_name = std::string(fn.signature.parameters[0].name);
      }
    }
    model_.functions_.push_back(std::move(fn));
    return static_cast<int>(model_.functions_.size()) - 1;
  }

  void add_class(TSNode definition, TSNode parent) {
    ClassInfo cls;
    cls.definition = definition;
    cls.name = text(source_, field(definition, fld.name));
    cls.decorators = model_.read_decorators(parent);
    model_.classes_.push_back(std::move(cls));
    const int class_index = static_cast<int>(model_.classes_.size()) - 1;
    model_.class_by_name_[model_.classes_[class_index].name] = class_index;
    for (TSNode statement : NamedChildren(field(definition, fld.body))) {
      TSNode definition_node = is(statement, sym.decorated_definition) ? field(statement, fld.definition) : statement;
      if (is(definition_node, sym.function_definition)) {
        const int index = add_function(definition_node, statement, class_index);
        ClassInfo& owner = model_.classes_[class_index];
        // Overload stubs do not replace the implementation.
        if (!model_.functions_[index].decorators.overload || !owner.methods.count(model_.functions_[index].name)) {
          owner.methods[model_.functions_[index].name] = index;
        }
        continue;
      }
      model_.module_expressions_.push_back(statement);
      if (is(statement, sym.expression_statement)) class_body_statement(class_index, statement);
    }
  }

  // `x: Final[int] = 3`, `__constants__ = [...]`, `__jit_unused_properties__ = [...]` in a class body.
  void class_body_statement(int class_index, TSNode statement) {
    TSNode assignment = ts_node_named_child(statement, 0);
    if (!is(assignment, sym.assignment)) return;
    TSNode left = field(assignment, fld.left);
    if (!is(left, sym.identifier)) return;
    const std::string_view name = text(source_, left);
    model_.classes_[class_index].body_names.insert(name);
    if (is_final_annotation(model_, field(assignment, fld.type))) {
      // `use_bias: Final[bool] = False` in the class body is the value as well as the declaration.
      TSNode right = field(assignment, fld.right);
      AttrFact& fact = model_.classes_[class_index].attributes[name];
      if (!ts_node_is_null(right)) record_attribute(fact, model_.classify_value(right), AttrSite{assignment, right, -1});
      fact.is_final = true;
      return;
    }
    if (name != "__constants__" && name != "__jit_unused_properties__") return;
    TSNode right = strip_parens(field(assignment, fld.right));
    if (!is(right, sym.list) && !is(right, sym.tuple) && !is(right, sym.set)) return;
    ClassInfo& cls = model_.classes_[class_index];
    for (TSNode element : NamedChildren(right)) {
      if (!is_plain_string(source_, element)) continue;
      std::string literal = string_value(source_, element);
      if (name == "__constants__") cls.attributes[model_.own(std::move(literal))].is_final = true;
      else cls.unused_properties.insert(std::move(literal));
    }
    if (name == "__jit_unused_properties__") cls.defines_unused_properties = true;
  }

  static void record_attribute(AttrFact& fact, AttrFact value, AttrSite site) {
    value.sites.push_back(site);
    fact.merge(value);
  }

  // ---- 2. attributes ---------------------------------------------------------------------------------------------
  // The statements of a method, for `self.x = value` and `self.register_buffer("x", value)` (helpers called from
  // __init__ build attributes too). Expressions are not entered: attributes are assigned by statements.
  void scan_attributes(int function_index) {
    ClassInfo& cls = model_.classes_[model_.functions_[function_index].owner_class];
    walk(field(model_.functions_[function_index].definition, fld.body), path_, [&](const NodePath& path) {
      TSNode node = path.node();
      const TSSymbol kind = ts_node_symbol(node);
      if (holds_statements(kind)) return true;
      if (kind != sym.expression_statement) return false;
      TSNode expression = ts_node_named_child(node, 0);
      const TSSymbol expression_kind = ts_node_symbol(expression);
      if (expression_kind == sym.assignment) {
        assigned_attribute(cls, function_index, expression);
      } else if (expression_kind == sym.augmented_assignment) {
        std::string_view attr =
            self_attribute(source_, field(expression, fld.left), model_.functions_[function_index].self_name);
        if (!attr.empty()) {
          record_attribute(cls.attributes[attr], AttrFact::of(AttrKind::Unknown),
                           AttrSite{expression, TSNode{}, function_index});
        }
      } else if (expression_kind == sym.call) {
        registered_attribute(cls, function_index, expression);
      }
      return false;
    });
  }

  // `self.x = value`, `self.a = self.b = value` (the outermost assignment of a chain), `self.a, self.b = pair`.
  void assigned_attribute(ClassInfo& cls, int function_index, TSNode node) {
    const std::string& self_name = model_.functions_[function_index].self_name;
    const bool final_annotation = is_final_annotation(model_, field(node, fld.type));
    TSNode value = field(node, fld.right);
    TSNode link = node;
    for (;;) {
      TSNode target = strip_parens(field(link, fld.left));
      TSNode right = field(link, fld.right);
      while (is(value, sym.assignment)) value = field(value, fld.right);
      std::string_view attr = self_attribute(source_, target, self_name);
      if (!attr.empty()) {
        AttrFact fact = ts_node_is_null(value) ? AttrFact::of(AttrKind::Unknown) : model_.classify_value(value);
        if (fact.kinds == static_cast<uint32_t>(AttrKind::Unknown) && !ts_node_is_null(value)) {
          fact = method_result(function_index, value, -1, 0);
        }
        if (final_annotation) fact.is_final = true;
        record_attribute(cls.attributes[attr], std::move(fact), AttrSite{node, value, function_index});
      } else if (is(target, sym.pattern_list) || is(target, sym.tuple_pattern) || is(target, sym.expression_list)) {
        const int arity = static_cast<int>(ts_node_named_child_count(target));
        int position = 0;
        for (TSNode element : NamedChildren(target)) {
          std::string_view name = self_attribute(source_, element, self_name);
          if (!name.empty()) {
            AttrFact fact = ts_node_is_null(value) ? AttrFact::of(AttrKind::Unknown)
                                                   : method_result(function_index, value, position, arity);
            record_attribute(cls.attributes[name], std::move(fact), AttrSite{node, TSNode{}, function_index});
          }
          ++position;
        }
      }
      if (!is(right, sym.assignment)) break;
      link = right;
    }
  }

  // What `self.m(...)` gives when `m` is a method of the class (through its bases of this file) that no class of
  // this file below it overrides: the facts of its return statements merged, or of element `position` of each when
  // every one returns a tuple display of `arity` elements (`self.stage2, channels = self._make_stage(...)`, HRNet).
  // Unknown when any return is something else, or the method yields.
  AttrFact method_result(int function_index, TSNode value, int position, int arity) {
    const FunctionInfo& caller = model_.functions_[function_index];
    value = strip_parens(value);
    TSNode function = is(value, sym.call) ? field(value, fld.function) : TSNode{};
    if (!is(function, sym.attribute) || !is(field(function, fld.object), sym.identifier) ||
        text(source_, field(function, fld.object)) != caller.self_name) {
      return AttrFact::of(AttrKind::Unknown);
    }
    const std::string_view name = text(source_, field(function, fld.attribute));
    const int method = model_.find_method(caller.owner_class, name);
    if (method < 0 || !overridden_nowhere_below(caller.owner_class, method, name)) return AttrFact::of(AttrKind::Unknown);
    const FunctionInfo& callee = model_.functions_[method];
    if (callee.decorators.staticmethod || callee.decorators.classmethod || callee.decorators.property) {
      return AttrFact::of(AttrKind::Unknown);
    }
    std::vector<TSNode> returned;
    bool readable = true;
    NodePath path;  // scan_attributes' walk holds path_
    walk(field(callee.definition, fld.body), path, [&](const NodePath& at) {
      const TSSymbol kind = ts_node_symbol(at.node());
      if (kind == sym.function_definition || kind == sym.class_definition || kind == sym.lambda) return false;
      if (kind == sym.yield) readable = false;
      if (kind == sym.return_statement) {
        TSNode result = ts_node_named_child(at.node(), 0);
        if (position >= 0) {
          if (ts_node_is_null(result) || !is(strip_parens(result), sym.expression_list) ||
              static_cast<int>(ts_node_named_child_count(strip_parens(result))) != arity) {
            readable = false;
          } else {
            result = ts_node_named_child(strip_parens(result), static_cast<uint32_t>(position));
          }
        }
        returned.push_back(result);
        return false;
      }
      return readable;
    });
    if (!readable || returned.empty()) return AttrFact::of(AttrKind::Unknown);
    AttrFact fact;
    for (TSNode result : returned) {
      AttrFact one = ts_node_is_null(result) ? AttrFact::of(AttrKind::None) : model_.classify_value(result);
      if (one.kinds & static_cast<uint32_t>(AttrKind::Unknown)) return AttrFact::of(AttrKind::Unknown);
      fact.merge(one);
    }
    return fact;
  }

  // No class of this file that has `owner` among its bases defines `name` ahead of the method found.
  bool overridden_nowhere_below(int owner, int method, std::string_view name) const {
    for (size_t index = 0; index < model_.classes_.size(); ++index) {
      const std::vector<int>& mro = model_.classes_[index].mro;
      if (std::find(mro.begin(), mro.end(), owner) == mro.end()) continue;
      if (model_.find_method(static_cast<int>(index), name) != method) return false;
    }
    return true;
  }

  // self.register_buffer("name", value) / register_parameter / add_module / register_module, setattr(self, ...)
  void registered_attribute(ClassInfo& cls, int function_index, TSNode call) {
    const std::string& self_name = model_.functions_[function_index].self_name;
    TSNode function = field(call, fld.function);
    std::string_view method_called;
    size_t name_arg = 0;
    TSNode arguments = field(call, fld.arguments);
    if (is(function, sym.attribute) && is(field(function, fld.object), sym.identifier) &&
        text(source_, field(function, fld.object)) == self_name) {
      method_called = text(source_, field(function, fld.attribute));
    } else if (is(function, sym.identifier) && text(source_, function) == "setattr") {
      TSNode first = ts_node_named_child(arguments, 0);
      if (ts_node_is_null(first) || text(source_, first) != self_name) return;
      method_called = "setattr";
      name_arg = 1;
    }
    if (method_called != "register_buffer" && method_called != "register_parameter" &&
        method_called != "add_module" && method_called != "register_module" && method_called != "setattr") {
      return;
    }
    TSNode args[3] = {};
    size_t count = 0;
    for (TSNode argument : NamedChildren(arguments)) {
      if (count < 3) args[count] = argument;
      ++count;
    }
    if (count <= name_arg + 1 || !is_plain_string(source_, args[name_arg]) ||
        is(args[name_arg], sym.concatenated_string)) {
      return;  // a computed name: no fact about any attribute
    }
    const std::string_view literal = model_.own(string_value(source_, args[name_arg]));
    AttrFact fact = model_.classify_value(args[name_arg + 1]);
    if ((method_called == "add_module" || method_called == "register_module") && fact.kind() == AttrKind::Unknown) {
      fact.kinds = static_cast<uint32_t>(AttrKind::Module);
    }
    record_attribute(cls.attributes[literal], std::move(fact), AttrSite{call, args[name_arg + 1], function_index});
  }

  // ---- torch.jit.script(name) -------------------------------------------------------------------------------------
  // Every call whose callee's last name is `script`, anywhere in the file (asked only when the text has one).
  void scan_script_calls() {
    auto scan = [&](TSNode root) {
      if (is(root, sym.call) && may_be_script_call(source_, root)) model_.script_calls_.push_back(root);
      walk(root, path_, [&](const NodePath& path) {
        if (is(path.node(), sym.call) && may_be_script_call(source_, path.node())) {
          model_.script_calls_.push_back(path.node());
        }
        return true;
      });
    };
    for (TSNode expression : model_.module_expressions_) scan(expression);
    for (const FunctionInfo& fn : model_.functions_) scan(field(fn.definition, fld.body));
  }

  SemanticModel& model_;
  const Source& source_;
  NodePath path_;  // reused by every walk
};

// The whole body of a function becoming compiled: its local bindings, its calls and its static-condition sites.
void SemanticModel::index_body(FunctionInfo& fn) {
  fn.scope.add_parameters(*source_, fn.signature);
  NodePath path;
  walk(field(fn.definition, fld.body), path, [&](const NodePath& at) {
    TSNode node = at.node();
    const TSSymbol kind = ts_node_symbol(node);
    const bool descend = fn.scope.record(*source_, node);
    // A nested definition binds its name here; what is inside it is another scope.
    if (kind == sym.function_definition || kind == sym.class_definition || kind == sym.lambda) return false;
    if (kind == sym.call) {
      fn.calls.push_back(node);
    } else if (kind == sym.if_statement || kind == sym.assert_statement) {
      fn.conditions.push_back(ConditionSite{node, at.parent()});
    } else if (kind == sym.conditional_expression) {
      fn.conditions.push_back(ConditionSite{node, TSNode{}});
    } else if (kind == sym.return_statement) {
      fn.returns.push_back(node);
    }
    return descend;
  });
}

bool SemanticModel::complete(TSNode module, const ModelContext& context) {
  if (!context_.summary_only || asked_project_ || context.summary_only) return false;
  context_ = context;
  // Bodies left unread because nothing seemed compiled, while the index now says another file compiles a function
  // of this one: the declarations must be read again with bodies.
  if (!indexed_bodies_ && compiled_from_elsewhere()) return false;
  if (indexed_bodies_) ModelIndexer(*this).index_region(module);
  return true;
}

SemanticModel SemanticModel::build(const Source& source, TSNode module, const ModelContext& context) {
  SemanticModel model;
  model.source_ = &source;
  model.module_ = module;
  model.context_ = context;
  model.imports_.set_module(context.module, context.is_package);
  ModelIndexer(model).index(module);
  return model;
}

}  // namespace jitlint
