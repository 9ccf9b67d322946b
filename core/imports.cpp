#include "core/imports.h"

#include "core/walk.h"

namespace jitlint {
namespace {

std::string dotted(const Source& source, TSNode node) {
  // dotted_name children are identifiers separated by '.'; relative_import starts with dots.
  return std::string(text(source, node));
}

}  // namespace

std::string canonical_name(std::string name) {
  auto starts = [&](std::string_view prefix) { return name.compare(0, prefix.size(), prefix) == 0; };
  if (starts("torch.nn.modules.")) {
    const auto last = name.rfind('.');
    name = "torch.nn." + name.substr(last + 1);
  } else if (starts("torch.jit._")) {
    const auto last = name.rfind('.');
    if (last > 10) name = "torch.jit." + name.substr(last + 1);
  } else if (starts("typing_extensions.")) {
    name = "typing." + name.substr(18);
  }
  return name;
}

void ImportTable::add(std::string_view local, std::string qualified) {
  if (qualified == "torch" || qualified.compare(0, 6, "torch.") == 0) imports_torch_ = true;
  names_[local] = std::move(qualified);
}

void ImportTable::record(const Source& source, TSNode node) {
  if (is(node, sym.import_statement)) {
    for (TSNode name : NamedChildren(node)) {
      if (is(name, sym.aliased_import)) {
        add(text(source, field(name, fld.alias)), dotted(source, field(name, fld.name)));
      } else if (is(name, sym.dotted_name)) {
        // `import torch.nn` binds `torch`.
        const std::string_view full = text(source, name);
        const std::string_view head = full.substr(0, full.find('.'));
        add(head, std::string(head));
      }
    }
    return;
  }
  if (!is(node, sym.import_from_statement)) return;
  TSNode module_name = field(node, fld.module_name);
  std::string base;
  if (is(module_name, sym.dotted_name)) {
    base = dotted(source, module_name);
  } else if (is(module_name, sym.relative_import)) {
    base = absolute_module(source, module_name);
  }
  if (base.empty()) return;
  if (base == "torch" || base.compare(0, 6, "torch.") == 0) imports_torch_ = true;
  for (TSNode name : NamedChildren(node)) {
    if (same_node(name, module_name)) continue;
    if (is(name, sym.aliased_import)) {
      add(text(source, field(name, fld.alias)), base + "." + dotted(source, field(name, fld.name)));
    } else if (is(name, sym.dotted_name)) {
      const std::string_view local = text(source, name);
      add(local, base + "." + std::string(local));
    }
  }
}

std::string ImportTable::absolute_module(const Source& source, TSNode relative_import) const {
  if (module_.empty()) return {};
  size_t dots = 0;
  std::string rest;
  for (TSNode child : NamedChildren(relative_import)) {
    if (is(child, sym.import_prefix)) dots = text(source, child).size();
    else if (is(child, sym.dotted_name)) rest = dotted(source, child);
  }
  if (dots == 0) return {};
  // `.` is the package holding this module (the module itself for a package's __init__.py); each further dot
  // goes one package up.
  std::string package = module_;
  size_t up = is_package_ ? dots - 1 : dots;
  for (; up > 0; --up) {
    const size_t last = package.rfind('.');
    if (last == std::string::npos) return {};  // above the top package
    package.resize(last);
  }
  return rest.empty() ? package : package + "." + rest;
}

void ImportTable::collect(const Source& source, TSNode module) {
  walk(module, [&](const NodePath& path) {
    TSNode node = path.node();
    if (is_nested_scope(node)) return false;
    if (is(node, sym.import_statement) || is(node, sym.import_from_statement)) {
      record(source, node);
      return false;
    }
    return true;
  });
}

std::string ImportTable::qualified_name(const Source& source, TSNode expr) const {
  expr = strip_parens(expr);
  std::string suffix;
  while (is(expr, sym.attribute)) {
    suffix = "." + std::string(text(source, field(expr, fld.attribute))) + suffix;
    expr = strip_parens(field(expr, fld.object));
  }
  if (!is(expr, sym.identifier)) return {};
  auto it = names_.find(text(source, expr));
  if (it == names_.end()) return {};
  return canonical_name(it->second + suffix);
}

}  // namespace jitlint
