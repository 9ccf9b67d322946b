// Shared by the fixes of JT201 and JT202: the `for` loop whose variable indexes a module container, and names for
// the elements a rewritten loop iterates over.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/rule.h"

namespace jitlint {

struct IndexingLoop {
  TSNode loop{};                // the for_statement
  std::string variable;         // its loop variable
  std::vector<TSNode> uses;     // every read of the variable in the loop body
};

// The `for` loop binding `index` (an identifier read inside its body), when rewriting that loop to iterate the
// container itself keeps its meaning: the variable is bound only there and never reassigned, and the body has no
// `break`/`continue` of its own (TorchScript unrolls loops over module containers and rejects both there).
std::optional<IndexingLoop> indexing_loop(const RuleContext& context, TSNode index);

// A read of the loop variable as the key of `self.<container>[variable]`.
struct ContainerLookup {
  TSNode subscript{};
  std::string container;
};

struct IndexUses {
  std::vector<ContainerLookup> lookups;  // in source order
  bool other_uses = false;               // the variable is read some other way (also after the loop)
};

// Sorts every read of the loop variable into lookups of the containers `wanted` accepts (given the subscript's
// `value`) and other uses. nullopt when such a lookup is written to (`self.layers[i] = ...`).
std::optional<IndexUses> classify_uses(const RuleContext& context, const IndexingLoop& loop,
                                       const std::function<bool(TSNode container)>& wanted);

// `layers` -> `layer`, `heads` -> `head`, else `<name>_item`; fresh in the function.
std::string element_name(const RuleContext& context, std::string_view container,
                         const std::vector<std::string>& also_taken = {});

}  // namespace jitlint
