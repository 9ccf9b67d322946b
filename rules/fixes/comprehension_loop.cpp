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

}  // namespace

std::optional<Fix> comprehension_to_loop(RuleContext& context, TSNode comprehension) {
  const Source& source = context.source();
  const SemanticModel& model = context.model();
  if (has_comment(comprehension) || needs_iterator(model, comprehension)) return std::nullopt;
  auto place = statement_place(source, comprehension);
  if (!place) return std::nullopt;
  const bool is_dict = is(comprehension, "dictionary_comprehension");
  // A set comprehension becomes a `Dict[T, bool]` whose keys are the set (TorchScript has no set type).
  const bool is_set = is(comprehension, "set_comprehension");

  // Clauses in order: body first, then for / if clauses.
  TSNode body = field(comprehension, "body");
  std::vector<TSNode> clauses;
  for (TSNode child : named_children(comprehension)) {
    if (is(child, "for_in_clause") || is(child, "if_clause")) clauses.push_back(child);
  }
  if (clauses.empty() || !is(clauses.front(), "for_in_clause")) return std::nullopt;

  // Comprehension variables leak into the function once they are loop variables: rename any that are used
  // outside the comprehension, or bound elsewhere.
  std::unordered_map<std::string, std::string> renames;
  ExprTypes types(model, context.function());
  bool certain = true;
  for (TSNode clause : clauses) {
    if (!is(clause, "for_in_clause")) continue;
    TSNode left = strip_parens(field(clause, "left"));
    std::vector<TSNode> targets;
    if (is(left, "identifier")) targets.push_back(left);
    else if (is(left, "pattern_list") || is(left, "tuple_pattern")) targets = named_children(left);
    else return std::nullopt;
    for (TSNode target : targets) {
      if (!is(target, "identifier")) return std::nullopt;  // nested unpacking: leave it alone
      const std::string name(context.text(target));
      if (name_used_outside(context, name, comprehension) || !context.function().scope.single(name)) {
        renames[name] = fresh_name(context, name);
      }
    }
    // Types of the variables, for the element type.
    TSNode iterable = strip_parens(field(clause, "right"));
    if (targets.size() == 1) {
      if (auto t = types.element_of(iterable)) types.bind(std::string(context.text(targets[0])), *t);
    } else if (is(iterable, "call") && model.is_builtin(field(iterable, "function"), "enumerate") && targets.size() == 2) {
      types.bind(std::string(context.text(targets[0])), InferredType{"int", true});
      auto args = named_children(field(iterable, "arguments"));
      if (!args.empty()) {
        if (auto t = types.element_of(args[0])) types.bind(std::string(context.text(targets[1])), *t);
      }
    } else if (is(iterable, "call") && model.is_builtin(field(iterable, "function"), "zip")) {
      auto args = named_children(field(iterable, "arguments"));
      for (size_t i = 0; i < targets.size() && i < args.size(); ++i) {
        if (auto t = types.element_of(args[i])) types.bind(std::string(context.text(targets[i])), *t);
      }
    }
  }
  // A nested comprehension that rebinds a renamed name would be renamed wrongly.
  bool conflict = false;
  walk_descendants(comprehension, [&](TSNode n) {
    if (is(n, "lambda")) conflict = true;
    if ((is(n, "list_comprehension") || is(n, "dictionary_comprehension") || is(n, "generator_expression") ||
         is(n, "set_comprehension")) && !renames.empty()) {
      conflict = true;
    }
    return !conflict;
  });
  if (conflict) return std::nullopt;

  // The container's type.
  std::string container_type;
  std::vector<std::string> typing_names;
  auto type_or_guess = [&](TSNode expr) {
    auto t = types.of(expr);
    if (!t) {
      certain = false;
      return std::string("Tensor");
    }
    certain = certain && t->certain;
    return t->name;
  };
  TSNode key{}, value{};
  if (is_dict) {
    if (!is(body, "pair")) return std::nullopt;
    key = field(body, "key");
    value = field(body, "value");
    container_type = "Dict[" + type_or_guess(key) + ", " + type_or_guess(value) + "]";
  } else if (is_set) {
    key = body;
    container_type = "Dict[" + type_or_guess(key) + ", bool]";
  } else {
    container_type = "List[" + type_or_guess(body) + "]";
  }

  // Which statement shape.
  TSNode statement = place->statement;
  Shape shape = Shape::Hoist;
  std::string result;
  TSNode assignment{};
  if (is(statement, "expression_statement") && ts_node_named_child_count(statement) == 1) {
    assignment = ts_node_named_child(statement, 0);
    if (is(assignment, "assignment") && same_node(field(assignment, "right"), comprehension) &&
        is(field(assignment, "left"), "identifier")) {
      const std::string name(context.text(field(assignment, "left")));
      // `xs = [x for x in xs if ...]`: filling `xs` first would clobber the iterable.
      bool reads_itself = false;
      walk_descendants(comprehension, [&](TSNode n) {
        reads_itself = reads_itself || (is(n, "identifier") && context.text(n) == name);
        return !reads_itself;
      });
      if (!reads_itself) {
        shape = Shape::AssignName;
        result = name;
        if (auto declared = types.annotation(field(assignment, "type"))) {
          container_type = *declared;
          certain = true;
        }
      }
    }
  }
  bool reorders = false;
  if (shape == Shape::Hoist) {
    if (!hoistable(comprehension, statement, &reorders)) return std::nullopt;
    result = fresh_name(context, is_dict ? "mapping" : is_set ? "seen" : "items");
    // `return [...]` in a function whose return type is written down: that is the container's type.
    if (!is_set && is(statement, "return_statement") && same_node(ts_node_named_child(statement, 0), comprehension)) {
      if (auto declared = types.annotation(field(context.function().definition, "return_type"))) {
        std::string declared_head, declared_args;
        if (split_generic(*declared, &declared_head, &declared_args) && declared_head == (is_dict ? "Dict" : "List")) {
          container_type = *declared;
          certain = true;
        }
      }
    }
  }

  if (is_set && used_as_set(context, comprehension, shape == Shape::AssignName ? result : std::string())) {
    return std::nullopt;
  }
  // `any(f(t) for t in ts if c)` stops at the first true element; the loop form evaluates every one.
  if (short_circuits(model, comprehension)) reorders = true;

  std::string head, args;
  split_generic(container_type, &head, &args);
  if (head == "List" || head == "Dict") typing_names.push_back(head);
  if (container_type.find("Tuple[") != std::string::npos) typing_names.push_back("Tuple");

  // Every piece moves out of the comprehension's brackets into statements; a piece spanning lines would keep its
  // old continuation indentation there, which need not fit the new block: no fix then.
  for (TSNode clause : clauses) {
    TSNode piece = is(clause, "for_in_clause") ? field(clause, "right") : ts_node_named_child(clause, 0);
    if (source.line_of(ts_node_start_byte(piece)) != source.line_of(ts_node_end_byte(piece))) return std::nullopt;
  }
  if (source.line_of(ts_node_start_byte(body)) != source.line_of(ts_node_end_byte(body))) return std::nullopt;

  // The loops, one level deeper per clause, filling the container.
  const std::string& nl = place->newline;
  std::string code = result + ": " + spell(model, container_type) + " = " + (is_dict || is_set ? "{}" : "[]") + nl;
  std::string indent = place->indent;
  for (TSNode clause : clauses) {
    if (is(clause, "for_in_clause")) {
      code += indent + "for " + render(source, field(clause, "left"), renames) + " in " +
              render(source, field(clause, "right"), renames) + ":" + nl;
    } else {
      code += indent + "if " + render(source, ts_node_named_child(clause, 0), renames) + ":" + nl;
    }
    indent += place->unit;
  }
  if (is_dict) {
    code += indent + result + "[" + render(source, key, renames) + "] = " + render(source, value, renames) + nl;
  } else if (is_set) {
    code += indent + result + "[" + render(source, key, renames) + "] = True" + nl;
  } else {
    code += indent + result + ".append(" + render(source, body, renames) + ")" + nl;
  }

  Fix fix;
  fix.typing_imports = typing_names;
  fix.isolation_scope = naming_scope(context);
  // A dict stands in for a set only where the code uses it like one (`in`, `len`, iteration): always unsafe.
  fix.applicability = certain && !reorders && !is_set ? Applicability::Safe : Applicability::Unsafe;
  const uint32_t statement_start = ts_node_start_byte(statement);
  if (shape == Shape::AssignName) {
    fix.message = "Rewrite the comprehension as a loop filling `" + result + "`";
    code.erase(code.size() - nl.size());  // the statement's own line ending stays
    fix.edits.push_back(Edit{statement_start, ts_node_end_byte(statement), code});
  } else {
    fix.message = "Build the comprehension's result in `" + result + "` with a loop before this statement";
    fix.edits.push_back(Edit{statement_start, statement_start, code + place->indent});
    fix.edits.push_back(Edit{ts_node_start_byte(comprehension), ts_node_end_byte(comprehension),
                             is(comprehension, "generator_expression") &&
                                     is(ts_node_parent(comprehension), "call")
                                 ? "(" + result + ")"
                                 : result});
  }
  if (is_set) fix.message += " (a `Dict[T, bool]` replaces the set: check that only `in`, `len` and iteration use it)";
  else if (!certain) fix.message += " (the element type is a guess: check the annotation)";
  return fix;
}

}  // namespace jitlint
