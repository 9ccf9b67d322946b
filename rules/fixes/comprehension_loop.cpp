#include "rules/fixes/comprehension_loop.h"

#include <unordered_map>
#include <vector>

#include "core/expr_types.h"
#include "rules/fixes/statement_edit.h"

namespace jitlint {
namespace {

// Where the comprehension sits in its statement decides the rewrite.
enum class Shape {
  AssignName,  // `name = [...]` / `name: T = [...]`: fill `name` directly
  Hoist,       // anywhere else allowed: fill a fresh local before the statement and use it in place
};

bool contains_kind(TSNode node, std::string_view kind) {
  if (is(node, kind)) return true;
  bool found = false;
  walk_descendants(node, [&](TSNode n) {
    found = found || is(n, kind);
    return !found;
  });
  return found;
}

// Whether moving the comprehension before its statement keeps when (and whether) it is evaluated.
// Returns false for contexts evaluated conditionally or repeatedly; sets `reorders` when something before it in the
// statement is a call (hoisting would evaluate the comprehension first).
bool hoistable(TSNode comprehension, TSNode statement, bool* reorders) {
  const bool comprehension_calls = contains_kind(comprehension, "call");
  TSNode child = comprehension;
  for (TSNode parent = ts_node_parent(child); !same_node(child, statement);
       child = parent, parent = ts_node_parent(parent)) {
    if (is(parent, "conditional_expression") || is(parent, "boolean_operator") || is(parent, "lambda") ||
        is(parent, "list_comprehension") || is(parent, "dictionary_comprehension") ||
        is(parent, "generator_expression") || is(parent, "set_comprehension") || is(parent, "elif_clause") ||
        is(parent, "while_statement") || is(parent, "else_clause") || is(parent, "with_statement") ||
        is(parent, "for_in_clause") || is(parent, "if_clause") || is(parent, "decorator") ||
        is(parent, "default_parameter") || is(parent, "assert_statement")) {
      return false;
    }
    if (is(parent, "for_statement") && !same_node(field(parent, "right"), child)) return false;
    if (is(parent, "if_statement") && !same_node(field(parent, "condition"), child)) return false;
    // Anything evaluated before `child` inside `parent` now runs after the comprehension: a call there may see
    // the comprehension's side effects, and a read of an attribute or an item may see what its calls changed.
    const uint32_t count = ts_node_named_child_count(parent);
    for (uint32_t i = 0; i < count; ++i) {
      TSNode sibling = ts_node_named_child(parent, i);
      if (ts_node_start_byte(sibling) >= ts_node_start_byte(child)) break;
      // The function being called is evaluated first but is not a call itself (`torch.stack([...])`).
      if (is(parent, "call") && same_node(field(parent, "function"), sibling)) continue;
      if (contains_kind(sibling, "call") ||
          (comprehension_calls && (contains_kind(sibling, "attribute") || contains_kind(sibling, "subscript")))) {
        *reorders = true;
      }
    }
  }
  return true;
}

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
bool used_as_set(const RuleContext& context, TSNode comprehension, const std::string& name) {
  auto set_like_use = [&](TSNode value) {
    TSNode parent = ts_node_parent(value);
    if (is(parent, "attribute") && same_node(field(parent, "object"), value)) return true;
    if (is(parent, "binary_operator") || is(parent, "augmented_assignment")) {
      const std::string_view op = ts_node_type(field(parent, "operator"));
      return op == "|" || op == "&" || op == "-" || op == "^" || op == "|=" || op == "&=" || op == "-=" || op == "^=";
    }
    return is(parent, "comparison_operator") && !same_node(ts_node_named_child(parent, 0), value);  // s <= t
  };
  if (name.empty()) return set_like_use(comprehension);
  bool found = false;
  walk_descendants(context.function().definition, [&](TSNode node) {
    if (found) return false;
    if (is(node, "identifier") && context.text(node) == name && set_like_use(node)) found = true;
    return true;
  });
  return found;
}

// A generator consumed by a function that may stop early (`any`, `all`): the loop form evaluates every element.
bool short_circuits(const SemanticModel& model, TSNode comprehension) {
  if (!is(comprehension, "generator_expression")) return false;
  TSNode parent = ts_node_parent(comprehension);
  if (is(parent, "argument_list")) parent = ts_node_parent(parent);
  if (!is(parent, "call")) return false;
  TSNode function = field(parent, "function");
  return model.is_builtin(function, "any") || model.is_builtin(function, "all");
}

// `next(x for x in xs if c)` needs an iterator: a list in its place would be a TypeError.
bool needs_iterator(const SemanticModel& model, TSNode comprehension) {
  if (!is(comprehension, "generator_expression")) return false;
  TSNode parent = ts_node_parent(comprehension);
  if (is(parent, "argument_list")) parent = ts_node_parent(parent);
  return is(parent, "call") && model.is_builtin(field(parent, "function"), "next");
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
    if (!is(clause, "for_in_clause")) continue;
    TSNode left = strip_parens(field(clause, "left"));
    std::vector<TSNode> targets;
    if (is(left, "identifier")) targets.push_back(left);
    else if (is(left, "pattern_list") || is(left, "tuple_pattern")) targets = named_children(left);
    else return false;
    for (TSNode target : targets) {
      if (!is(target, "identifier")) return false;  // nested unpacking: leave it alone
      const std::string name(context.text(target));
      if (name_used_outside(context, name, comp.node) || !context.function().scope.single(name)) {
        renames[name] = fresh_name(context, name);
      }
    }
    TSNode iterable = strip_parens(field(clause, "right"));
    auto bind = [&](TSNode target, std::optional<InferredType> type) {
      if (type) types.bind(std::string(context.text(target)), *type);
    };
    if (targets.size() == 1) {
      bind(targets[0], types.element_of(iterable));
    } else if (is(iterable, "call") && model.is_builtin(field(iterable, "function"), "enumerate") && targets.size() == 2) {
      bind(targets[0], InferredType{"int", true});
      auto args = named_children(field(iterable, "arguments"));
      if (!args.empty()) bind(targets[1], types.element_of(args[0]));
    } else if (is(iterable, "call") && model.is_builtin(field(iterable, "function"), "zip")) {
      auto args = named_children(field(iterable, "arguments"));
      for (size_t i = 0; i < targets.size() && i < args.size(); ++i) bind(targets[i], types.element_of(args[i]));
    }
  }
  // A lambda, or a nested comprehension that may rebind a renamed name, would be rewritten wrongly.
  bool conflict = false;
  walk_descendants(comp.node, [&](TSNode n) {
    conflict = conflict || is(n, "lambda") ||
               (!renames.empty() && (is(n, "list_comprehension") || is(n, "dictionary_comprehension") ||
                                     is(n, "generator_expression") || is(n, "set_comprehension")));
    return !conflict;
  });
  return !conflict;
}

// `List[T]` / `Dict[K, V]` / `Dict[T, bool]` from the element's type; `certain` turns false on a guess.
std::optional<std::string> container_type(const Comprehension& comp, const ExprTypes& types, bool* certain) {
  auto type_or_guess = [&](TSNode expr) {
    auto t = types.of(expr);
    if (!t) {
      *certain = false;
      return std::string("Tensor");  // TorchScript's default element type
    }
    *certain = *certain && t->certain;
    return t->name;
  };
  if (comp.is_dict) {
    if (!is(comp.body, "pair")) return std::nullopt;
    return "Dict[" + type_or_guess(field(comp.body, "key")) + ", " + type_or_guess(field(comp.body, "value")) + "]";
  }
  if (comp.is_set) return "Dict[" + type_or_guess(comp.body) + ", bool]";
  return "List[" + type_or_guess(comp.body) + "]";
}

// Where the result goes: the assigned name itself (`name = [...]`), or a fresh local filled before the statement.
struct Target {
  Shape shape = Shape::Hoist;
  std::string name;
  bool reorders = false;  // evaluation order of the statement changes
};

std::optional<Target> choose_target(RuleContext& context, const Comprehension& comp, TSNode statement,
                                    const ExprTypes& types, std::string* type, bool* certain) {
  Target target;
  if (is(statement, "expression_statement") && ts_node_named_child_count(statement) == 1) {
    TSNode assignment = ts_node_named_child(statement, 0);
    if (is(assignment, "assignment") && same_node(field(assignment, "right"), comp.node) &&
        is(field(assignment, "left"), "identifier")) {
      const std::string name(context.text(field(assignment, "left")));
      // `xs = [x for x in xs if ...]`: filling `xs` first would clobber the iterable.
      bool reads_itself = false;
      walk_descendants(comp.node, [&](TSNode n) {
        reads_itself = reads_itself || (is(n, "identifier") && context.text(n) == name);
        return !reads_itself;
      });
      if (!reads_itself) {
        target.shape = Shape::AssignName;
        target.name = name;
        if (auto declared = types.annotation(field(assignment, "type"))) {
          *type = *declared;
          *certain = true;
        }
        return target;
      }
    }
  }
  if (!hoistable(comp.node, statement, &target.reorders)) return std::nullopt;
  target.name = fresh_name(context, comp.is_dict ? "mapping" : comp.is_set ? "seen" : "items");
  // `return [...]` in a function whose return type is written down: that is the container's type.
  if (!comp.is_set && is(statement, "return_statement") && same_node(ts_node_named_child(statement, 0), comp.node)) {
    if (auto declared = types.annotation(field(context.function().definition, "return_type"))) {
      std::string declared_head, declared_args;
      if (split_generic(*declared, &declared_head, &declared_args) && declared_head == (comp.is_dict ? "Dict" : "List")) {
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
    if (is(clause, "for_in_clause")) {
      code += indent + "for " + render(source, field(clause, "left"), renames) + " in " +
              render(source, field(clause, "right"), renames) + ":" + nl;
    } else {
      code += indent + "if " + render(source, ts_node_named_child(clause, 0), renames) + ":" + nl;
    }
    indent += place.unit;
  }
  if (comp.is_dict) {
    code += indent + result + "[" + render(source, field(comp.body, "key"), renames) + "] = " +
            render(source, field(comp.body, "value"), renames) + nl;
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
    if (!one_line(is(clause, "for_in_clause") ? field(clause, "right") : ts_node_named_child(clause, 0))) return false;
  }
  return one_line(comp.body);
}

}  // namespace

std::optional<Fix> comprehension_to_loop(RuleContext& context, TSNode node) {
  const Source& source = context.source();
  const SemanticModel& model = context.model();
  if (has_comment(node) || needs_iterator(model, node)) return std::nullopt;
  auto place = statement_place(source, node);
  if (!place) return std::nullopt;

  Comprehension comp;
  comp.node = node;
  comp.body = field(node, "body");
  comp.is_dict = is(node, "dictionary_comprehension");
  comp.is_set = is(node, "set_comprehension");
  for (TSNode child : named_children(node)) {
    if (is(child, "for_in_clause") || is(child, "if_clause")) comp.clauses.push_back(child);
  }
  if (comp.clauses.empty() || !is(comp.clauses.front(), "for_in_clause")) return std::nullopt;
  if (!pieces_fit_on_their_lines(source, comp)) return std::nullopt;

  std::unordered_map<std::string, std::string> renames;
  ExprTypes types(model, context.function());
  if (!bind_loop_variables(context, comp, types, renames)) return std::nullopt;
  bool certain = true;
  auto type = container_type(comp, types, &certain);
  if (!type) return std::nullopt;
  auto target = choose_target(context, comp, place->statement, types, &*type, &certain);
  if (!target) return std::nullopt;
  if (comp.is_set && used_as_set(context, node, target->shape == Shape::AssignName ? target->name : std::string())) {
    return std::nullopt;
  }
  // `any(f(t) for t in ts if c)` stops at the first true element; the loop form evaluates every one.
  if (short_circuits(model, node)) target->reorders = true;

  Fix fix;
  std::string head, args;
  split_generic(*type, &head, &args);
  if (head == "List" || head == "Dict") fix.typing_imports.push_back(head);
  if (type->find("Tuple[") != std::string::npos) fix.typing_imports.push_back("Tuple");
  fix.isolation_scope = naming_scope(context);
  // A dict stands in for a set only where the code uses it like one (`in`, `len`, iteration): always unsafe.
  fix.applicability = certain && !target->reorders && !comp.is_set ? Applicability::Safe : Applicability::Unsafe;

  std::string code = loop_code(source, model, comp, *place, target->name, *type, renames);
  const TSNode statement = place->statement;
  const uint32_t statement_start = ts_node_start_byte(statement);
  if (target->shape == Shape::AssignName) {
    fix.message = "Rewrite the comprehension as a loop filling `" + target->name + "`";
    code.erase(code.size() - place->newline.size());  // the statement's own line ending stays
    fix.edits.push_back(Edit{statement_start, ts_node_end_byte(statement), code});
  } else {
    fix.message = "Build the comprehension's result in `" + target->name + "` with a loop before this statement";
    fix.edits.push_back(Edit{statement_start, statement_start, code + place->indent});
    // `sum(x for x in xs if c)`: the generator's parentheses are the call's.
    const bool sole_argument = is(node, "generator_expression") && is(ts_node_parent(node), "call");
    fix.edits.push_back(Edit{ts_node_start_byte(node), ts_node_end_byte(node),
                             sole_argument ? "(" + target->name + ")" : target->name});
  }
  if (comp.is_set) fix.message += " (a `Dict[T, bool]` replaces the set: check that only `in`, `len` and iteration use it)";
  else if (!certain) fix.message += " (the element type is a guess: check the annotation)";
  return fix;
}

}  // namespace jitlint
