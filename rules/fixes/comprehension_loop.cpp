#include "rules/fixes/comprehension_loop.h"

#include <unordered_map>
#include <vector>

#include "core/expr_types.h"
#include "core/edits.h"
#include "core/loop_variables.h"

namespace jitlint {
namespace {

// Where the comprehension sits in its statement decides the rewrite.
enum class Shape {
  AssignName,  // `name = [...]` / `name: T = [...]`: fill `name` directly
  Hoist,       // anywhere else allowed: fill a fresh local before the statement and use it in place
};

std::string spell(const SemanticModel& model, const std::string& type) {
  // `Tensor` may not be imported by name; `torch.Tensor` always works where torch is.
  if (model.imports().binds("Tensor")) return type;
  std::string out;
  for (size_t i = 0; i < type.size();) {
    const bool word_start = i == 0 || !(std::isalnum(static_cast<unsigned char>(type[i - 1])) || type[i - 1] == '_' || type[i - 1] == '.');
    if (word_start && type.compare(i, 6, "Tensor") == 0 &&
        (i + 6 == type.size() || !(std::isalnum(static_cast<unsigned char>(type[i + 6])) || type[i + 6] == '_'))) {
      out += "torch.Tensor";
      i += 6;
    } else {
      out += type[i++];
    }
  }
  return out;
}

// Whether the set held in `name` (or the set comprehension itself, when `name` is empty) is used as a set: a
// method call (`s.add(x)`, `s.union(t)`) or a set operator (`s | t`, `s -= t`). A dict cannot stand in there.
bool used_as_set(const RuleContext& context, const std::string& name) {
  auto set_like_use = [&](const NodePath& at) {
    const TSNode value = at.node();
    const TSNode parent = at.parent();
    if (is(parent, sym.attribute) && at.field() == fld.object) return true;
    if (is(parent, sym.binary_operator) || is(parent, sym.augmented_assignment)) {
      const std::string_view op = ts_node_type(field(parent, fld.operator_));
      return op == "|" || op == "&" || op == "-" || op == "^" || op == "|=" || op == "&=" || op == "-=" || op == "^=";
    }
    return is(parent, sym.comparison_operator) && !same_node(ts_node_named_child(parent, 0), value);  // s <= t
  };
  if (name.empty()) return set_like_use(context.path());
  bool found = false;
  walk(context.function().definition, [&](const NodePath& at) {
    if (found) return false;
    if (is(at.node(), sym.identifier) && context.text(at.node()) == name && set_like_use(at)) found = true;
    return true;
  });
  return found;
}

// The call a generator expression (the path's current node) is an argument of, or a null node.
TSNode consuming_call(const NodePath& path) {
  if (!is(path.node(), sym.generator_expression)) return TSNode{};
  size_t up = 1;
  if (is(path.ancestor(up), sym.argument_list)) ++up;
  return is(path.ancestor(up), sym.call) ? path.ancestor(up) : TSNode{};
}

// A generator consumed by a function that may stop early (`any`, `all`): the loop form evaluates every element.
bool short_circuits(const SemanticModel& model, const NodePath& path) {
  TSNode call = consuming_call(path);
  if (ts_node_is_null(call)) return false;
  TSNode function = field(call, fld.function);
  return model.is_builtin(function, "any") || model.is_builtin(function, "all");
}

// `next(x for x in xs if c)` needs an iterator: a list in its place would be a TypeError.
bool needs_iterator(const SemanticModel& model, const NodePath& path) {
  TSNode call = consuming_call(path);
  return !ts_node_is_null(call) && model.is_builtin(field(call, fld.function), "next");
}

// The parts of a comprehension the rewrite needs.
struct Comprehension {
  TSNode node{};
  TSNode body{};                // the element (a `pair` for a dict)
  std::vector<TSNode> clauses;  // for / if clauses in source order
  bool is_dict = false;
  bool is_set = false;          // becomes a `Dict[T, bool]` whose keys are the set (TorchScript has no set type)
};

// Comprehension variables become loop variables, which outlive the loop: rename those the function uses
// elsewhere or binds again, and learn their types for the element type. False when no rewrite keeps the meaning.
bool bind_loop_variables(RuleContext& context, const Comprehension& comp, ExprTypes& types,
                         std::unordered_map<std::string, std::string>& renames) {
  const SemanticModel& model = context.model();
  for (TSNode clause : comp.clauses) {
    if (!is(clause, sym.for_in_clause)) continue;
    TSNode left = strip_parens(field(clause, fld.left));
    std::vector<TSNode> targets;
    if (is(left, sym.identifier)) targets.push_back(left);
    else if (is(left, sym.pattern_list) || is(left, sym.tuple_pattern)) targets = named_children(left);
    else return false;
    for (TSNode target : targets) {
      if (!is(target, sym.identifier)) return false;  // nested unpacking: leave it alone
      const std::string name(context.text(target));
      if (name_used_outside(context, name, comp.node) || !context.function().scope.single(name)) {
        renames[name] = fresh_name(context, name);
      }
    }
    TSNode iterable = strip_parens(field(clause, fld.right));
    auto bind = [&](TSNode target, std::optional<InferredType> type) {
      if (type) types.bind(std::string(context.text(target)), *type);
    };
    for (size_t i = 0; i < targets.size(); ++i) {
      auto source = iterated_by(model, iterable, targets.size() == 1 ? -1 : static_cast<int>(i));
      if (!source) continue;
      bind(targets[i], source->position ? InferredType{Type::of(Type::Kind::Int), true} : types.element_of(source->iterable));
    }
  }
  // A lambda, or a nested comprehension that may rebind a renamed name, would be rewritten wrongly.
  bool conflict = false;
  walk_descendants(comp.node, [&](TSNode n) {
    conflict = conflict || is(n, sym.lambda) ||
               (!renames.empty() && (is(n, sym.list_comprehension) || is(n, sym.dictionary_comprehension) ||
                                     is(n, sym.generator_expression) || is(n, sym.set_comprehension)));
    return !conflict;
  });
  return !conflict;
}

// `List[T]` / `Dict[K, V]` / `Dict[T, bool]` from the element's type; `certain` turns false on an uncertain type.
// An element whose type is not known at all is spelled `Tensor` (TorchScript's default) and sets `guessed`: the
// fix then stands only if the statement declares the container's type itself.
std::optional<Type> container_type(const Comprehension& comp, const ExprTypes& types, bool* certain, bool* guessed) {
  using Kind = Type::Kind;
  auto type_or_guess = [&](TSNode expr) {
    auto t = types.of(expr);
    if (!t) {
      *certain = false;
      *guessed = true;
      return Type::of(Kind::Tensor);
    }
    *certain = *certain && t->certain;
    return t->type;
  };
  if (comp.is_dict) {
    if (!is(comp.body, sym.pair)) return std::nullopt;
    return Type::of(Kind::Dict, {type_or_guess(field(comp.body, fld.key)), type_or_guess(field(comp.body, fld.value))});
  }
  if (comp.is_set) return Type::of(Kind::Dict, {type_or_guess(comp.body), Type::of(Kind::Bool)});
  return Type::of(Kind::List, {type_or_guess(comp.body)});
}

// Where the result goes: the assigned name itself (`name = [...]`), or a fresh local filled before the statement.
struct Target {
  Shape shape = Shape::Hoist;
  std::string name;
  bool reorders = false;  // evaluation order of the statement changes
};

std::optional<Target> choose_target(RuleContext& context, const Comprehension& comp, TSNode statement,
                                    const ExprTypes& types, Type* type, bool* certain) {
  Target target;
  if (is(statement, sym.expression_statement) && ts_node_named_child_count(statement) == 1) {
    TSNode assignment = ts_node_named_child(statement, 0);
    if (is(assignment, sym.assignment) && same_node(field(assignment, fld.right), comp.node) &&
        is(field(assignment, fld.left), sym.identifier)) {
      const std::string name(context.text(field(assignment, fld.left)));
      // `xs = [x for x in xs if ...]`: filling `xs` first would clobber the iterable.
      bool reads_itself = false;
      walk_descendants(comp.node, [&](TSNode n) {
        reads_itself = reads_itself || (is(n, sym.identifier) && context.text(n) == name);
        return !reads_itself;
      });
      if (!reads_itself) {
        target.shape = Shape::AssignName;
        target.name = name;
        if (auto declared = types.annotation(field(assignment, fld.type))) {
          *type = *declared;
          *certain = true;
        }
        return target;
      }
    }
  }
  if (!hoistable(context.path(), statement, &target.reorders)) return std::nullopt;
  target.name = fresh_name(context, comp.is_dict ? "mapping" : comp.is_set ? "seen" : "items");
  // `return [...]` in a function whose return type is written down: that is the container's type.
  if (!comp.is_set && is(statement, sym.return_statement) && same_node(ts_node_named_child(statement, 0), comp.node)) {
    if (auto declared = types.annotation(field(context.function().definition, fld.return_type))) {
      if (declared->is(comp.is_dict ? Type::Kind::Dict : Type::Kind::List)) {
        *type = *declared;
        *certain = true;
      }
    }
  }
  return target;
}

// The declaration and the loops, one level deeper per clause, filling the container.
std::string loop_code(const Source& source, const SemanticModel& model, const Comprehension& comp,
                      const StatementPlace& place, const std::string& result, const std::string& type,
                      const std::unordered_map<std::string, std::string>& renames) {
  const std::string& nl = place.newline;
  std::string code = result + ": " + spell(model, type) + " = " + (comp.is_dict || comp.is_set ? "{}" : "[]") + nl;
  std::string indent = place.indent;
  for (TSNode clause : comp.clauses) {
    if (is(clause, sym.for_in_clause)) {
      code += indent + "for " + render(source, field(clause, fld.left), renames) + " in " +
              render(source, field(clause, fld.right), renames) + ":" + nl;
    } else {
      code += indent + "if " + render(source, ts_node_named_child(clause, 0), renames) + ":" + nl;
    }
    indent += place.unit;
  }
  if (comp.is_dict) {
    code += indent + result + "[" + render(source, field(comp.body, fld.key), renames) + "] = " +
            render(source, field(comp.body, fld.value), renames) + nl;
  } else if (comp.is_set) {
    code += indent + result + "[" + render(source, comp.body, renames) + "] = True" + nl;
  } else {
    code += indent + result + ".append(" + render(source, comp.body, renames) + ")" + nl;
  }
  return code;
}

// Every piece moves out of the comprehension's brackets into statements; a piece spanning lines would keep its
// old continuation indentation there, which need not fit the new block.
bool pieces_fit_on_their_lines(const Source& source, const Comprehension& comp) {
  auto one_line = [&](TSNode n) { return source.line_of(ts_node_start_byte(n)) == source.line_of(ts_node_end_byte(n)); };
  for (TSNode clause : comp.clauses) {
    if (!one_line(is(clause, sym.for_in_clause) ? field(clause, fld.right) : ts_node_named_child(clause, 0))) return false;
  }
  return one_line(comp.body);
}

}  // namespace

std::optional<Fix> comprehension_to_loop(RuleContext& context, TSNode node) {
  const Source& source = context.source();
  const SemanticModel& model = context.model();
  // Inside a lambda or nested definition, the function's names and statements are not the comprehension's.
  if (context.path().in_nested_scope()) return std::nullopt;
  if (has_comment(node) || needs_iterator(model, context.path())) return std::nullopt;
  auto place = statement_place(context);
  if (!place) return std::nullopt;

  Comprehension comp;
  comp.node = node;
  comp.body = field(node, fld.body);
  comp.is_dict = is(node, sym.dictionary_comprehension);
  comp.is_set = is(node, sym.set_comprehension);
  for (TSNode child : NamedChildren(node)) {
    if (is(child, sym.for_in_clause) || is(child, sym.if_clause)) comp.clauses.push_back(child);
  }
  if (comp.clauses.empty() || !is(comp.clauses.front(), sym.for_in_clause)) return std::nullopt;
  if (!pieces_fit_on_their_lines(source, comp)) return std::nullopt;

  std::unordered_map<std::string, std::string> renames;
  ExprTypes types(model, context.function());
  if (!bind_loop_variables(context, comp, types, renames)) return std::nullopt;
  bool certain = true, guessed = false;
  auto type = container_type(comp, types, &certain, &guessed);
  if (!type) return std::nullopt;
  auto target = choose_target(context, comp, place->statement, types, &*type, &certain);
  if (!target) return std::nullopt;
  // An element type jitlint does not know is not guessed: without a declared type there is no fix (a wrong
  // `List[Tensor]` would only trade one TorchScript error for another).
  if (guessed && !certain) return std::nullopt;
  if (comp.is_set && used_as_set(context, target->shape == Shape::AssignName ? target->name : std::string())) {
    return std::nullopt;
  }
  // `any(f(t) for t in ts if c)` stops at the first true element; the loop form evaluates every one.
  if (short_circuits(model, context.path())) target->reorders = true;

  Fix fix;
  const std::string spelled = type->spell();
  if (type->is(Type::Kind::List)) fix.typing_imports.push_back("List");
  if (type->is(Type::Kind::Dict)) fix.typing_imports.push_back("Dict");
  if (spelled.find("Tuple[") != std::string::npos) fix.typing_imports.push_back("Tuple");
  fix.isolation_scope = naming_scope(context);
  // A dict stands in for a set only where the code uses it like one (`in`, `len`, iteration): always unsafe.
  fix.applicability = certain && !target->reorders && !comp.is_set ? Applicability::Safe : Applicability::Unsafe;

  std::string code = loop_code(source, model, comp, *place, target->name, spelled, renames);
  const TSNode statement = place->statement;
  if (target->shape == Shape::AssignName) {
    fix.message = "Rewrite the comprehension as a loop filling `" + target->name + "`";
    code.erase(code.size() - place->newline.size());  // the statement's own line ending stays
    fix.edits.push_back(replace_node(statement, code));
  } else {
    fix.message = "Build the comprehension's result in `" + target->name + "` with a loop before this statement";
    fix.edits.push_back(insert_before(*place, code));
    // `sum(x for x in xs if c)`: the generator's parentheses are the call's.
    const bool sole_argument = is(node, sym.generator_expression) && is(context.parent(), sym.call);
    fix.edits.push_back(replace_node(node, sole_argument ? "(" + target->name + ")" : target->name));
  }
  if (comp.is_set) fix.message += " (a `Dict[T, bool]` replaces the set: check that only `in`, `len` and iteration use it)";
  else if (!certain) fix.message += " (the element type is a guess: check the annotation)";
  return fix;
}

}  // namespace jitlint
