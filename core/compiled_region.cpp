// The compiled region (design.md section 3): which functions torch.jit.script compiles. Roots: forward,
// @torch.jit.export methods and properties of nn.Module subclasses (also those a mixin of this file provides);
// @torch.jit.script functions and classes; arguments of torch.jit.script(name). Closure: self.m(...),
// self.sub.m(...), module-level functions and plain classes of this file reached from live (not statically dead)
// compiled code, and plain classes a compiled signature's annotation names; functions and plain classes of other
// checked files it calls (or names) are compiled in their own file (the project checks that file again), and so are
// the methods of module bases of other files that `self.m(...)` reaches. A function's body is indexed (bindings,
// calls, condition sites) when it becomes compiled; the closure follows its recorded calls.
#include "core/semantic_model.h"

#include "core/project_index.h"
#include "core/walk.h"

namespace jitlint {

void SemanticModel::mark_compiled(int function_index, std::vector<int>& worklist) {
  if (function_index < 0) return;
  FunctionInfo& fn = functions_[function_index];
  if (fn.compiled || fn.decorators.ignore || fn.decorators.unused || fn.decorators.overload ||
      !ts_node_is_null(fn.decorators.cache)) {
    return;
  }
  if (fn.owner_class >= 0 && classes_[fn.owner_class].decorators.interface) return;  // signatures only
  fn.compiled = true;
  index_body(fn);
  worklist.push_back(function_index);
}

// A module class of this file whose `forward` comes from a base of another file (a mixin such as transformers'
// `GenericForQuestionAnswering`): that base's file compiles it.
void SemanticModel::inherited_forward_elsewhere(int class_index) {
  for (int current : local_mro(class_index)) {
    for (const ClassFacts* remote : classes_[current].remote_bases) {
      const auto owner = remote->method_owner.find("forward");
      if (owner == remote->method_owner.end()) continue;
      compiled_calls_elsewhere_.push_back(owner->second + ".forward");
      return;
    }
  }
}

// `self.get_input_embeddings()` in a method of a module class of this file, where no class of this file in its MRO
// defines the method and a base of another file does (transformers' `PreTrainedModel`): TorchScript compiles that
// base's method for the instance, so its file compiles it (`Owner.method` in the owner's module). Empty otherwise,
// and for a property the base's class leaves to Python (`__jit_unused_properties__`).
std::string SemanticModel::inherited_method_elsewhere(const FunctionInfo& caller, TSNode call) const {
  if (caller.owner_class < 0 || caller.self_name.empty()) return {};
  const TSNode function = strip_parens(field(call, fld.function));
  if (!is(function, sym.attribute)) return {};
  const TSNode object = strip_parens(field(function, fld.object));
  if (!is(object, sym.identifier) || text(*source_, object) != caller.self_name) return {};
  const std::string method(text(*source_, field(function, fld.attribute)));
  for (int current : local_mro(caller.owner_class)) {
    for (const ClassFacts* remote : classes_[current].remote_bases) {
      const auto owner = remote->method_owner.find(method);
      if (owner == remote->method_owner.end()) continue;
      if (remote->unused_properties.count(method) > 0) return {};
      return owner->second + "." + method;
    }
  }
  return {};
}

Callee SemanticModel::resolve_call(const FunctionInfo& caller, TSNode call) const {
  Callee callee;
  TSNode function = strip_parens(field(call, fld.function));
  if (is(function, sym.identifier)) {
    const std::string_view name = text(*source_, function);
    if (int f = find_module_function(name); f >= 0) {
      callee.kind = Callee::Kind::ModuleFunction;
      callee.index = f;
    } else if (int c = find_class(name); c >= 0) {
      callee.kind = Callee::Kind::LocalClass;
      callee.index = c;
    } else if (!imports_.binds(name)) {
      callee.kind = Callee::Kind::Builtin;
      callee.qualified = std::string(name);
    } else {
      callee.kind = Callee::Kind::Qualified;
      callee.qualified = qualified_name(function);
    }
    return callee;
  }
  if (!is(function, sym.attribute)) return callee;
  TSNode object = strip_parens(field(function, fld.object));
  const std::string_view method = text(*source_, field(function, fld.attribute));
  auto method_of = [&](int class_index) {
    const int f = find_method(class_index, method);
    if (f >= 0) {
      callee.kind = Callee::Kind::Method;
      callee.index = f;
    }
  };
  if (caller.owner_class >= 0 && !caller.self_name.empty()) {
    if (is(object, sym.identifier) && text(*source_, object) == caller.self_name) {
      method_of(caller.owner_class);  // self.m(...)
      return callee;
    }
    // self.sub.m(...) where sub is an instance of a module class of this file.
    std::string_view sub = self_attribute(*source_, object, caller.self_name);
    if (!sub.empty()) {
      const AttrFact* fact = attribute(caller.owner_class, sub);
      if (fact && fact->kind() == AttrKind::Module && fact->local_class >= 0) method_of(fact->local_class);
      return callee;
    }
  }
  if (is(object, sym.identifier)) {
    // ClassName.static_method(...)
    if (int c = find_class(text(*source_, object)); c >= 0) {
      method_of(c);
      return callee;
    }
  }
  std::string qualified = qualified_name(function);
  if (!qualified.empty()) {
    callee.kind = Callee::Kind::Qualified;
    callee.qualified = std::move(qualified);
  }
  return callee;
}

// A class of this file written `class Name:` (or `class Name(object):`): the only kind a signature's annotation
// makes a TorchScript class here. Enums, NamedTuples and exceptions are types of their own or left alone by torch
// (`can_compile_class`), and a class with bases is left to torch's own verdict: jitlint cannot tell it.
bool SemanticModel::is_plain_class(int class_index) const {
  const ClassInfo& cls = classes_[class_index];
  if (cls.is_module || cls.decorators.interface || cls.decorators.dataclass) return false;
  TSNode bases = field(cls.definition, fld.superclasses);
  if (ts_node_is_null(bases)) return true;
  for (TSNode base : named_children(bases)) {
    if (!is(base, sym.identifier) || text(*source_, base) != "object") return false;
  }
  return true;
}

// The same for a class of another checked file: every method its own, no module, dataclass, Enum or NamedTuple
// among its bases. `module.Class`, or empty.
std::string SemanticModel::annotated_class_elsewhere(const std::string& qualified) const {
  std::string module;
  const std::string cls = context_.project->find_script_class(qualified, &module);
  if (cls.empty()) return {};
  const std::string target = module + "." + cls;
  const ClassFacts* facts = context_.project->find_class(target);
  if (!facts || facts->value_type) return {};
  for (const auto& [method, owner] : facts->method_owner) {
    if (owner != target) return {};
  }
  return target;
}

// Every class name in a function's parameter and return annotations, with what it was imported as: torch resolves
// each annotation when it compiles the function (`try_ann_to_type`), and a plain class there becomes a TorchScript
// class (`_recursive_compile_class`), whether or not the function calls it. A quoted name (`Optional["Cache"]`)
// counts, as torch resolves it in the function's globals.
template <typename Visit>
void SemanticModel::for_each_annotated_name(const FunctionInfo& function, Visit&& visit) const {
  auto visit_annotation = [&](TSNode annotation) {
    if (ts_node_is_null(annotation)) return;
    auto name_of = [&](TSNode node) {
      if (is(node, sym.identifier)) {
        const std::string_view name = text(*source_, node);
        visit(std::string(name), std::string(imports_.imported_as(name)));
      } else if (is(node, sym.attribute)) {
        visit(std::string{}, qualified_name(node));
      } else if (is(node, sym.string) && is_plain_string(*source_, node)) {
        const std::string quoted = string_value(*source_, node);
        if (!quoted.empty() && quoted.find_first_not_of(
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") == std::string::npos) {
          visit(quoted, std::string(imports_.imported_as(quoted)));
        }
      }
    };
    walk(annotation, [&](const NodePath& at) {
      TSNode node = at.node();
      if (is(node, sym.identifier) || is(node, sym.attribute) || is(node, sym.string)) {
        name_of(node);
        return false;
      }
      return true;
    });
  };
  for (const Parameter& parameter : function.signature.parameters) visit_annotation(parameter.annotation);
  visit_annotation(function.signature.return_type);
}

void SemanticModel::compute_compiled_region() {
  std::vector<int> worklist;
  // A plain class used from compiled code becomes a TorchScript class: all its own methods, __init__ included. Not a
  // dataclass (or a subclass of one): torch reads the source of every method first and stops at the generated
  // `__init__` ("Failed to get source for ... __init__"), so none of its own methods is ever compiled.
  auto compile_class = [&](int class_index) {
    const ClassInfo& cls = classes_[class_index];
    if (cls.is_module || cls.decorators.interface) return;
    for (int owner : local_mro(class_index)) {
      if (classes_[owner].decorators.dataclass) return;
      for (const ClassFacts* remote : classes_[owner].remote_bases) {
        if (!remote->dataclass.empty()) return;  // a dataclass base of another file
      }
    }
    // Its static methods are left out of the class (torch's `get_jit_class_def`): compiled only when called.
    for (const auto& [name, index] : cls.methods) {
      if (!functions_[index].decorators.staticmethod) mark_compiled(index, worklist);
    }
  };

  for (size_t c = 0; c < classes_.size(); ++c) {
    const ClassInfo& cls = classes_[c];
    if (cls.decorators.script) compile_class(static_cast<int>(c));
    if (!cls.is_module) continue;
    const int forward = find_method(static_cast<int>(c), "forward");
    mark_compiled(forward, worklist);
    if (forward < 0) inherited_forward_elsewhere(static_cast<int>(c));
    // Exported methods and properties count wherever they are defined in the class's bases of this file, mixins
    // included (`class Model(nn.Module, Mixin)` compiles Mixin's properties), unless a subclass overrides them.
    for (int owner : local_mro(static_cast<int>(c))) {
      for (const auto& [name, index] : classes_[owner].methods) {
        if (find_method(static_cast<int>(c), name) != index) continue;
        const Decorators& d = functions_[index].decorators;
        if (d.export_ || (d.property && !cls.unused_properties.count(std::string(name)))) mark_compiled(index, worklist);
      }
    }
  }
  for (size_t f = 0; f < functions_.size(); ++f) {
    if (functions_[f].owner_class < 0 && functions_[f].decorators.script) mark_compiled(static_cast<int>(f), worklist);
  }
  // torch.jit.script(name) anywhere in the file.
  for (TSNode call : script_calls_) {
    if (qualified_name(field(call, fld.function)) != "torch.jit.script") continue;
    TSNode first = ts_node_named_child(field(call, fld.arguments), 0);
    if (!is(first, sym.identifier)) continue;
    const std::string_view name = text(*source_, first);
    if (int f = find_module_function(name); f >= 0) mark_compiled(f, worklist);
    else if (int c = find_class(name); c >= 0) compile_class(c);
  }

  // Functions other files' compiled code calls.
  if (context_.project && !context_.module.empty()) {
    if (const auto* names = context_.project->compiled_from_elsewhere(context_.module)) {
      for (const std::string& name : *names) {
        const size_t dot = name.find('.');
        if (dot == std::string::npos) {
          // A function, or a plain class that compiled code of another file constructs.
          if (const int f = find_module_function(name); f >= 0) mark_compiled(f, worklist);
          else if (const int c = find_class(name); c >= 0) compile_class(c);
        } else if (const int owner = find_class(std::string_view(name).substr(0, dot)); owner >= 0) {
          mark_compiled(find_method(owner, std::string_view(name).substr(dot + 1)), worklist);
        }
      }
    }
  }

  // A class named by a compiled signature's annotation: compiled where it is defined.
  auto compile_annotated = [&](const std::string& name, const std::string& qualified) {
    if (const int c = name.empty() ? -1 : find_class(name); c >= 0) {
      if (is_plain_class(c)) compile_class(c);
    } else if (!qualified.empty() && context_.project && qualified.rfind("torch.", 0) != 0 &&
               qualified.rfind("typing.", 0) != 0) {  // `torch.Tensor`, `typing.Optional`: no class of the tree
      std::string target = annotated_class_elsewhere(qualified);
      if (!target.empty()) compiled_calls_elsewhere_.push_back(std::move(target));
    }
  };

  // Closure over calls in live code.
  while (!worklist.empty()) {
    const int index = worklist.back();
    worklist.pop_back();
    compute_dead_ranges(functions_[index]);
    const FunctionInfo& caller = functions_[index];
    for_each_annotated_name(caller, compile_annotated);
    for (TSNode call : caller.calls) {
      if (is_dead(caller, call)) continue;
      const Callee callee = resolve_call(caller, call);
      if (callee.kind == Callee::Kind::Method || callee.kind == Callee::Kind::ModuleFunction) {
        mark_compiled(callee.index, worklist);
      } else if (callee.kind == Callee::Kind::LocalClass) {
        compile_class(callee.index);
      } else if (callee.kind == Callee::Kind::Qualified && context_.project) {
        // A function of another checked file, or a plain class of one: compiled there (the project runs that
        // file's model again).
        std::string target = context_.project->find_function(callee.qualified);
        if (target.empty()) {
          std::string module;
          const std::string cls = context_.project->find_script_class(callee.qualified, &module);
          if (!cls.empty()) target = module + "." + cls;
        }
        if (!target.empty()) compiled_calls_elsewhere_.push_back(std::move(target));
      } else if (callee.kind == Callee::Kind::Unknown && context_.project) {
        std::string target = inherited_method_elsewhere(caller, call);
        if (!target.empty()) compiled_calls_elsewhere_.push_back(std::move(target));
      }
    }
  }
}

}  // namespace jitlint
