// The blocks at the top of a function's body: the `if`, loop, `try`, `with` and `match` statements that hold
// conditional or repeated code. The flow rules ask it before their analysis: a function whose variables are all
// bound outside these blocks (or first bound outside them) gives their analysis nothing to find.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "core/semantic_model.h"

namespace jitlint {

class BodyBlocks {
 public:
  explicit BodyBlocks(const FunctionInfo& function) {
    for (TSNode statement : NamedChildren(field(function.definition, fld.body))) {
      const TSSymbol kind = ts_node_symbol(statement);
      if (kind == sym.if_statement || kind == sym.for_statement || kind == sym.while_statement ||
          kind == sym.try_statement || kind == sym.with_statement || kind == sym.match_statement) {
        ranges_.emplace_back(ts_node_start_byte(statement), ts_node_end_byte(statement));
      }
    }
  }
  bool empty() const { return ranges_.empty(); }
  // Whether `node` lies inside one of the blocks (nested blocks lie inside the outermost).
  bool contains(TSNode node) const {
    const uint32_t at = ts_node_start_byte(node);
    for (const auto& [start, end] : ranges_) {
      if (at >= start && at < end) return true;
    }
    return false;
  }

 private:
  std::vector<std::pair<uint32_t, uint32_t>> ranges_;
};

}  // namespace jitlint
