// The compiled region (design.md section 3): which functions torch.jit.script compiles.
// Roots: forward, @torch.jit.export methods and properties of nn.Module subclasses (also those a mixin of this
// file provides); @torch.jit.script functions and classes; arguments of torch.jit.script(name). Closure:
// self.m(...), self.sub.m(...), module-level functions and plain classes of this file reached from live (not
// statically dead) compiled code.
#include "core/semantic_model.h"

namespace jitlint {

void SemanticModel::mark_compiled(int function_index, std::vector<int>& worklist) {
  if (function_index < 0) return;
  FunctionInfo& fn = functions_[function_index];
  if (fn.compiled || fn.decorators.ignore || fn.decorators.unused || fn.decorators.overload) return;
  if (fn.owner_class >= 0 && classes_[fn.owner_class].decorators.interface) return;  // signatures only
  fn.compiled = true;
  worklist.push_back(function_index);
}

void SemanticModel::compute_compiled_region(TSNode module) {
  std::vector<int> worklist;
  // A plain class used from compiled code becomes a TorchScript class: all its methods, __init__ included.
  auto compile_class = [&](int class_index) {
    const ClassInfo& cls = classes_[class_index];
    if (cls.is_module || cls.decorators.interface) return;
    for (const auto& [name, index] : cls.methods) mark_compiled(index, worklist);
  };

  for (size_t c = 0; c < classes_.size(); ++c) {
    const ClassInfo& cls = classes_[c];
    if (cls.decorators.script) compile_class(static_cast<int>(c));
    if (!cls.is_module) continue;
    mark_compiled(find_method(static_cast<int>(c), "forward"), worklist);
    // Exported methods and properties count wherever they are defined in the class's bases of this file, mixins
    // included (`class Model(nn.Module, Mixin)` compiles Mixin's properties), unless a subclass overrides them.
    for (int owner : local_mro(static_cast<int>(c))) {
      for (const auto& [name, index] : classes_[owner].methods) {
        if (find_method(static_cast<int>(c), name) != index) continue;
        const Decorators& d = functions_[index].decorators;
        if (d.export_ || (d.property && !cls.unused_properties.count(name))) mark_compiled(index, worklist);
      }
    }
  }
  for (size_t f = 0; f < functions_.size(); ++f) {
    if (functions_[f].owner_class < 0 && functions_[f].decorators.script) mark_compiled(static_cast<int>(f), worklist);
  }
  // torch.jit.script(name) anywhere in the file. Resolving a call's qualified name is the costly part: only for
  // calls whose callee ends in `script`.
  walk_descendants(module, [&](TSNode node) {
    if (!is(node, "call")) return true;
    TSNode callee = field(node, "function");
    TSNode last = is(callee, "attribute") ? field(callee, "attribute") : callee;
    if (!is(last, "identifier") || text(*source_, last) != "script" || qualified_name(callee) != "torch.jit.script") {
      return true;
    }
    auto args = named_children(field(node, "arguments"));
    if (args.empty() || !is(args[0], "identifier")) return true;
    const std::string_view name = text(*source_, args[0]);
    if (int f = find_module_function(name); f >= 0) mark_compiled(f, worklist);
    else if (int c = find_class(name); c >= 0) compile_class(c);
    return true;
  });

  // Closure over calls in live code.
  while (!worklist.empty()) {
    const int index = worklist.back();
    worklist.pop_back();
    // Bindings first: deciding `isinstance(x, int)` statically needs x's annotation.
    functions_[index].scope.collect(*source_, functions_[index].definition);
    compute_dead_ranges(functions_[index]);
    const FunctionInfo& caller = functions_[index];
    std::vector<int> found_functions;
    std::vector<int> found_classes;
    walk_descendants(field(caller.definition, "body"), [&](TSNode node) {
      if (is_nested_scope(node) || is_dead(caller, node)) return false;
      if (!is(node, "call")) return true;
      TSNode function = strip_parens(field(node, "function"));
      if (is(function, "identifier")) {
        const std::string_view name = text(*source_, function);
        if (int f = find_module_function(name); f >= 0) found_functions.push_back(f);
        else if (int c = find_class(name); c >= 0) found_classes.push_back(c);
        return true;
      }
      if (!is(function, "attribute")) return true;
      TSNode object = strip_parens(field(function, "object"));
      const std::string_view method = text(*source_, field(function, "attribute"));
      if (caller.owner_class >= 0 && is(object, "identifier") && text(*source_, object) == caller.self_name &&
          !caller.self_name.empty()) {
        found_functions.push_back(find_method(caller.owner_class, method));
      } else if (caller.owner_class >= 0) {
        // self.sub.method(...) where sub is an instance of a module class of this file.
        std::string_view sub = self_attribute(*source_, object, caller.self_name);
        if (!sub.empty()) {
          auto fact = attribute(caller.owner_class, sub);
          if (fact && fact->kind() == AttrKind::Module && fact->local_class >= 0) {
            found_functions.push_back(find_method(fact->local_class, method));
          }
        }
      }
      if (is(object, "identifier")) {
        // ClassName.static_method(...)
        if (int c = find_class(text(*source_, object)); c >= 0) found_functions.push_back(find_method(c, method));
      }
      return true;
    });
    for (int f : found_functions) mark_compiled(f, worklist);
    for (int c : found_classes) compile_class(c);
  }
}

}  // namespace jitlint
