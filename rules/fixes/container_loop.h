// Shared by the fixes of JT201 and JT202: the `for` loop whose variable indexes a module container, and names for
// the elements a rewritten loop iterates over.
#pragma once

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

// `layers` -> `layer`, `heads` -> `head`, else `<name>_item`; fresh in the function.
std::string element_name(const RuleContext& context, std::string_view container,
                         const std::vector<std::string>& also_taken = {});

}  // namespace jitlint
