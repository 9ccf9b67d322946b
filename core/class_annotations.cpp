#include "core/class_annotations.h"

#include "core/python_calls.h"
#include "core/syntax.h"

namespace jitlint {

std::optional<std::string> captured_spelling(const Source& source, TSNode annotation) {
  if (is(annotation, sym.type)) annotation = ts_node_named_child(annotation, 0);
  if (ts_node_is_null(annotation)) return std::nullopt;
  if (is(annotation, sym.identifier)) return std::string(text(source, annotation));
  if (is(annotation, sym.none)) return std::string("None");
  if (is(annotation, sym.attribute)) {
    auto object = captured_spelling(source, field(annotation, fld.object));
    if (!object) return std::nullopt;
    return *object + "." + std::string(text(source, field(annotation, fld.attribute)));
  }
  const TypeApplication application = type_application(annotation);
  if (ts_node_is_null(application.head) || application.arguments.empty()) return std::nullopt;
  auto spelled = captured_spelling(source, application.head);
  if (!spelled) return std::nullopt;
  std::string joined;
  for (TSNode argument : application.arguments) {
    auto part = captured_spelling(source, argument);
    if (!part) return std::nullopt;
    joined += (joined.empty() ? "" : ",") + *part;
  }
  return *spelled + "[" + joined + "]";
}

namespace {

void capture(const Source& source, TSNode type, std::unordered_set<std::string>& keys) {
  if (ts_node_is_null(type) || is(ts_node_named_child(type, 0), sym.string)) return;
  if (auto spelled = captured_spelling(source, type)) keys.insert(std::move(*spelled));
}

}  // namespace

std::unordered_set<std::string> captured_annotations(const SemanticModel& model, const ClassInfo& cls) {
  std::unordered_set<std::string> keys;
  const Source& source = model.source();
  if (postponed_annotations(model)) return keys;
  for (const auto& [name, index] : cls.methods) {
    const FunctionInfo& method = model.functions()[index];
    for (const Parameter& parameter : method.signature.parameters) {
      if (parameter.kind == Parameter::Kind::Positional) capture(source, parameter.annotation, keys);
    }
    capture(source, method.signature.return_type, keys);
  }
  return keys;
}

bool plain_script_class(const SemanticModel& model, const ClassInfo& cls) {
  // `@torch.jit.script` on the class resolves in the globals of the file, as a function does
  if (cls.is_module || cls.decorators.dataclass || cls.decorators.interface || cls.decorators.script ||
      !cls.remote_bases.empty()) {
    return false;
  }
  const TSNode bases = field(cls.definition, fld.superclasses);
  if (ts_node_is_null(bases)) return true;
  for (TSNode base : NamedChildren(bases)) {
    if (is(base, sym.comment)) continue;
    if (!is(base, sym.identifier) || text(model.source(), base) != "object") return false;
  }
  return true;
}

namespace {

// `unresolved_class_annotation` below `node`.
std::optional<UnresolvedClassName> uncaptured_name(const SemanticModel& model, TSNode node,
                                                   const std::unordered_set<std::string>& captured) {
  const Source& source = model.source();
  node = strip_parens(node);
  if (ts_node_is_null(node)) return std::nullopt;
  if (is(node, sym.type)) return uncaptured_name(model, ts_node_named_child(node, 0), captured);
  if (is(node, sym.binary_operator) || is(node, sym.union_type)) {
    for (TSNode side : NamedChildren(node)) {
      if (auto found = uncaptured_name(model, side, captured)) return found;
    }
    return std::nullopt;
  }
  const auto dotted = [&](TSNode name, bool constructor) -> std::optional<UnresolvedClassName> {
    auto spelled = captured_spelling(source, name);
    if (!spelled || captured.count(*spelled) > 0) return std::nullopt;
    return UnresolvedClassName{name, std::move(*spelled), constructor, nullptr};
  };
  if (is(node, sym.attribute)) {
    // torch's parser knows `torch.Tensor` and its typed aliases by their spelling
    const TSNode object = field(node, fld.object);
    const std::string_view leaf = text(source, field(node, fld.attribute));
    if (is(object, sym.identifier) && text(source, object) == "torch" &&
        (leaf == "Tensor" || leaf == "LongTensor" || leaf == "FloatTensor" || leaf == "DoubleTensor")) {
      return std::nullopt;
    }
    return dotted(node, false);
  }
  const TypeApplication application = type_application(node);
  if (ts_node_is_null(application.head)) return std::nullopt;
  if (is(application.head, sym.attribute)) {
    if (model.qualified_name(application.head).rfind("typing.", 0) != 0) return std::nullopt;
    return dotted(application.head, true);
  }
  for (TSNode argument : application.arguments) {
    if (auto found = uncaptured_name(model, argument, captured)) return found;
  }
  return std::nullopt;
}

}  // namespace

std::optional<UnresolvedClassName> unresolved_class_annotation(const SemanticModel& model, const FunctionInfo& function,
                                                               TSNode type) {
  // a static method is compiled where it is called, as a function resolving names in its globals
  if (function.owner_class < 0 || function.decorators.staticmethod || function.decorators.classmethod) {
    return std::nullopt;
  }
  const ClassInfo& cls = model.classes()[function.owner_class];
  if (!plain_script_class(model, cls)) return std::nullopt;
  const std::unordered_set<std::string> captured = captured_annotations(model, cls);
  const TSNode annotation = ts_node_named_child(type, 0);
  if (captured.count(std::string(text(model.source(), annotation))) > 0) return std::nullopt;  // resolved whole
  auto found = uncaptured_name(model, annotation, captured);
  if (found) found->cls = &cls;
  return found;
}

}  // namespace jitlint
