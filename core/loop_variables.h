// The loop-variable analysis rules and fixes share: what a loop target iterates over (through `enumerate` and
// `zip`), and the `for` loop whose variable indexes a container, with every read of that variable.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/rule.h"

namespace jitlint {

// What one target of `for <targets> in <iterable>` takes its values from. `element` is the target's index in a
// tuple of targets, or -1 for a single target. `for i, m in enumerate(xs)`: m iterates `xs`, i is a position;
// `for a, b in zip(xs, ys)`: b iterates `ys`. nullopt when the source does not tell (unpacking other values).
struct IteratedBy {
  TSNode iterable{};      // the container the target's values come from (null for a position)
  bool position = false;  // the target counts positions (`enumerate`'s index)
};
std::optional<IteratedBy> iterated_by(const SemanticModel& model, TSNode iterable, int element);

// What a `for` loop iterates when TorchScript unrolls it, copying the body once per element ("the module container
// `self.layers`", "a tuple", also through `enumerate` / `zip` and a ModuleDict's `.items()` / `.values()` /
// `.keys()`); empty when it does not (a real loop, or an iterable the engine cannot tell).
std::string unrolled_iterable(const RuleContext& context, TSNode iterable);

// Whether TorchScript compiles `for ... in <iterable>` as a real loop (a graph loop whose body is one block): over a
// `range`, a list display or comprehension, or a value the engine is sure is a list, a dict, a string or a tensor,
// also through `enumerate` / `zip` / `reversed`. False when it may unroll it or the engine cannot tell.
bool runtime_loop(const RuleContext& context, TSNode iterable, int depth = 0);

struct IndexUse {
  TSNode identifier{};
  TSNode parent{};         // the node holding the read
  TSFieldId field = 0;     // the field it fills there
  TSNode grandparent{};
  TSFieldId parent_field = 0;
};

struct IndexingLoop {
  TSNode loop{};                // the for_statement
  size_t frame = 0;             // its frame in the rule's path
  std::string variable;         // its loop variable
  std::vector<IndexUse> uses;   // every read of the variable in the loop body
};

// The `for` loop binding `index` (an identifier child of the rule's current node), when rewriting that loop to
// iterate the container itself keeps its meaning: the variable is bound only there and never reassigned, and the
// body has no `break`/`continue` of its own (TorchScript unrolls loops over module containers and rejects both).
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

// `layers` -> `layer`, `heads` -> `head`, else the container's name; fresh in the function.
std::string element_name(const RuleContext& context, std::string_view container,
                         const std::vector<std::string>& also_taken = {});

}  // namespace jitlint
