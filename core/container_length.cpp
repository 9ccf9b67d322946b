#include "core/container_length.h"

#include <cstdlib>

#include "core/walk.h"

namespace jitlint {
namespace {

std::optional<long long> integer_value(const Source& source, TSNode node) {
  node = strip_parens(node);
  if (!is(node, sym.integer)) return std::nullopt;
  const std::string digits(text(source, node));
  if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos || digits.size() > 9) {
    return std::nullopt;  // hexadecimal, underscores, huge: not a container's length
  }
  return std::atoll(digits.c_str());
}

// The one value `self.<attribute>` is given: a single assignment, a statement of its own at the top of `__init__`'s
// body (not in a branch or loop). Null otherwise. Sets `init` to that `__init__`.
TSNode init_value(const SemanticModel& model, int class_index, std::string_view attribute, int* init) {
  const AttrFact* fact = model.attribute(class_index, attribute);
  if (!fact || fact->sites.size() != 1) return TSNode{};
  const AttrSite& site = fact->sites.front();
  if (site.function < 0 || ts_node_is_null(site.value) || !is(site.node, sym.assignment)) return TSNode{};
  const FunctionInfo& method = model.functions()[site.function];
  if (method.name != "__init__") return TSNode{};
  // A statement of its own at the top of the body (nodes keep no parent: look among the body's statements).
  bool top_level = false;
  for (TSNode statement : NamedChildren(field(method.definition, fld.body))) {
    if (!contains(statement, site.node)) continue;
    top_level = is(statement, sym.expression_statement) && same_node(ts_node_named_child(statement, 0), site.node);
    break;
  }
  if (!top_level) return TSNode{};
  *init = site.function;
  return strip_parens(site.value);
}

// The text of a name or an attribute chain without blanks or line continuations: `config . n` -> `config.n`.
std::string compact(std::string_view spelled) {
  std::string out;
  for (char c : spelled) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\\') out += c;
  }
  return out;
}

// `target` (a name, or an attribute chain of one: `config.num_layers`) is bound or assigned somewhere in `init`'s
// body: an assignment or loop target (also inside a pattern), `+=`, `:=`, `del`, `global`.
bool assigned_in(const SemanticModel& model, int init, const std::string& target) {
  bool assigned = false;
  walk(field(model.functions()[init].definition, fld.body), [&](const NodePath& at) {
    if (assigned) return false;
    const TSNode node = at.node();
    if (!is(node, sym.identifier) && !is(node, sym.attribute)) return true;
    // `self.config.num_layers = ...` may assign the same object's attribute: a chain ending in a chained target
    // counts.
    const std::string spelled = compact(text(model.source(), node));
    const bool chain = target.find('.') != std::string::npos;  // `self.num_levels` does not assign `num_levels`
    const bool same = spelled == target || (chain && spelled.size() > target.size() &&
                                            spelled.compare(spelled.size() - target.size(), target.size(), target) == 0 &&
                                            spelled[spelled.size() - target.size() - 1] == '.');
    if (!same) return true;
    const TSNode parent = at.parent();
    const TSFieldId in = at.field();
    assigned = ((is(parent, sym.assignment) || is(parent, sym.augmented_assignment) ||
                 is(parent, sym.for_statement) || is(parent, sym.for_in_clause)) &&
                in == fld.left) ||
               (is(parent, sym.named_expression) && in == fld.name) || is(parent, sym.pattern_list) ||
               is(parent, sym.tuple_pattern) || is(parent, sym.list_pattern) || is(parent, sym.delete_statement) ||
               is(parent, sym.global_statement) || is(parent, sym.nonlocal_statement);
    return false;
  });
  return assigned;
}

// `name` is a parameter of `init` that its body never binds again.
bool unrebound_parameter(const SemanticModel& model, int init, std::string_view name) {
  bool parameter = false;
  for (const Parameter& p : model.functions()[init].signature.parameters) {
    parameter = parameter || (p.name == name && p.kind != Parameter::Kind::VarArgs && p.kind != Parameter::Kind::VarKwargs);
  }
  return parameter && !assigned_in(model, init, std::string(name));
}

// An integer literal, a parameter, or an attribute of a parameter (`config.num_layers`) read in `init` as a length.
// The attribute counts only when `init` never assigns it: both reads then see one value.
std::optional<ProvenLength> length_value(const SemanticModel& model, int init, TSNode value) {
  value = strip_parens(value);
  if (auto count = integer_value(model.source(), value)) return ProvenLength{count, -1, {}};
  TSNode root = value;
  while (is(root, sym.attribute)) root = strip_parens(field(root, fld.object));
  if (!is(root, sym.identifier) || !unrebound_parameter(model, init, text(model.source(), root))) return std::nullopt;
  std::string spelled = compact(text(model.source(), value));
  if (!same_node(root, value) && assigned_in(model, init, spelled)) return std::nullopt;
  return ProvenLength{std::nullopt, init, std::move(spelled)};
}

// The class changes the container's length somewhere: `self.x.append(...)`, `.extend`, `.insert`, `.pop`, `+=`,
// `del self.x[...]` (a text search over the class: cheap, and errs on the side of no proof).
bool resized(const SemanticModel& model, int class_index, std::string_view attribute) {
  const std::string_view body = text(model.source(), model.classes()[class_index].definition);
  const std::string dotted = "." + std::string(attribute);
  for (size_t at = body.find(dotted); at != std::string_view::npos; at = body.find(dotted, at + 1)) {
    std::string_view rest = body.substr(at + dotted.size());
    const size_t spaces = rest.find_first_not_of(" \t");
    rest = rest.substr(spaces == std::string_view::npos ? rest.size() : spaces);
    for (const char* change : {".append", ".extend", ".insert", ".pop", ".remove", ".clear", "+=", "*=", "["}) {
      if (rest.substr(0, std::char_traits<char>::length(change)) == change) {
        // `self.x[...]` is a read unless the statement deletes or assigns it: look at the line.
        if (std::string_view(change) == "[") {
          const size_t line_start = body.rfind('\n', at);
          const size_t line_end = body.find('\n', at);
          const std::string_view line = body.substr(line_start == std::string_view::npos ? 0 : line_start + 1,
                                                    line_end == std::string_view::npos ? std::string_view::npos
                                                                                       : line_end - line_start - 1);
          if (line.find("del ") == std::string_view::npos) continue;
        }
        return true;
      }
    }
  }
  return false;
}

}  // namespace

std::optional<ProvenLength> container_length(const SemanticModel& model, int class_index, std::string_view attribute) {
  if (class_index < 0) return std::nullopt;
  int init = -1;
  const TSNode value = init_value(model, class_index, attribute, &init);
  if (!is(value, sym.call) || resized(model, class_index, attribute)) return std::nullopt;
  const std::string callee = model.qualified_name(field(value, fld.function));
  const bool sequential = callee == "torch.nn.Sequential";
  if (!sequential && callee != "torch.nn.ModuleList" && callee != "torch.nn.ParameterList") return std::nullopt;
  const auto arguments = named_children(field(value, fld.arguments));
  for (TSNode argument : arguments) {
    if (is(argument, sym.keyword_argument) || is(argument, sym.list_splat) || is(argument, sym.dictionary_splat)) {
      return std::nullopt;
    }
  }
  if (sequential) return ProvenLength{static_cast<long long>(arguments.size()), -1, {}};
  if (arguments.size() != 1) return std::nullopt;
  const TSNode elements = strip_parens(arguments[0]);
  if (is(elements, sym.list)) {
    long long count = 0;
    for (TSNode element : NamedChildren(elements)) {
      if (is(element, sym.list_splat)) return std::nullopt;
      ++count;
    }
    return ProvenLength{count, -1, {}};
  }
  // `[make() for _ in range(n)]`: one `for` over a one-argument `range`, no `if`.
  if (!is(elements, sym.list_comprehension)) return std::nullopt;
  TSNode clause{};
  for (TSNode child : NamedChildren(elements)) {
    if (same_node(child, field(elements, fld.body))) continue;
    if (!is(child, sym.for_in_clause) || !ts_node_is_null(clause)) return std::nullopt;
    clause = child;
  }
  if (ts_node_is_null(clause)) return std::nullopt;
  const TSNode range = strip_parens(field(clause, fld.right));
  if (!is(range, sym.call) || !model.is_builtin(field(range, fld.function), "range")) return std::nullopt;
  const auto range_arguments = named_children(field(range, fld.arguments));
  if (range_arguments.size() != 1) return std::nullopt;
  return length_value(model, init, range_arguments[0]);
}

std::optional<ProvenLength> bound_length(const SemanticModel& model, const FunctionInfo& function, TSNode bound) {
  bound = strip_parens(bound);
  if (auto count = integer_value(model.source(), bound)) return ProvenLength{count, -1, {}};
  if (function.owner_class < 0) return std::nullopt;
  if (is(bound, sym.call) && model.is_builtin(field(bound, fld.function), "len")) {
    const auto arguments = named_children(field(bound, fld.arguments));
    if (arguments.size() != 1) return std::nullopt;
    const std::string_view container = self_attribute(model.source(), arguments[0], function.self_name);
    if (container.empty() || !is_indexed_container(model.attribute_kind(function, arguments[0]))) return std::nullopt;
    return container_length(model, function.owner_class, container);
  }
  const std::string_view attribute = self_attribute(model.source(), bound, function.self_name);
  if (attribute.empty()) return std::nullopt;
  int init = -1;
  const TSNode value = init_value(model, function.owner_class, attribute, &init);
  if (ts_node_is_null(value)) return std::nullopt;
  return length_value(model, init, value);
}

}  // namespace jitlint
