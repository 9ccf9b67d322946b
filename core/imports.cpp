#include "core/imports.h"

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

void ImportTable::add(std::string local, std::string qualified) { names_[std::move(local)] = std::move(qualified); }

void ImportTable::collect(const Source& source, TSNode module) {
  walk_descendants(module, [&](TSNode node) {
    if (is_nested_scope(node)) return false;
    if (is(node, "import_statement")) {
      for (TSNode name : named_children(node)) {
        if (is(name, "aliased_import")) {
          add(std::string(text(source, field(name, "alias"))), dotted(source, field(name, "name")));
        } else if (is(name, "dotted_name")) {
          // `import torch.nn` binds `torch`.
          const std::string full = dotted(source, name);
          const std::string head = full.substr(0, full.find('.'));
          add(head, head);
        }
      }
      return false;
    }
    if (is(node, "import_from_statement")) {
      TSNode module_name = field(node, "module_name");
      if (!is(module_name, "dotted_name")) return false;  // relative imports: names from this project
      const std::string base = dotted(source, module_name);
      for (TSNode name : named_children(node)) {
        if (same_node(name, module_name)) continue;
        if (is(name, "aliased_import")) {
          add(std::string(text(source, field(name, "alias"))), base + "." + dotted(source, field(name, "name")));
        } else if (is(name, "dotted_name")) {
          const std::string local = dotted(source, name);
          add(local, base + "." + local);
        }
      }
      return false;
    }
    return true;
  });
}

std::string ImportTable::qualified_name(const Source& source, TSNode expr) const {
  expr = strip_parens(expr);
  std::string suffix;
  while (is(expr, "attribute")) {
    suffix = "." + std::string(text(source, field(expr, "attribute"))) + suffix;
    expr = strip_parens(field(expr, "object"));
  }
  if (!is(expr, "identifier")) return {};
  auto it = names_.find(std::string(text(source, expr)));
  if (it == names_.end()) return {};
  return canonical_name(it->second + suffix);
}

}  // namespace jitlint
