// Walking a subtree with a cursor that keeps the path from the walk's root to the current node.
//
// tree-sitter nodes do not store their parent: `ts_node_parent` re-descends from the tree's root on every call
// (O(depth)). Walks that need a node's parent or the field it sits in ask the path instead. The path's storage
// is reused from walk to walk, so a walk allocates nothing per node.
#pragma once

#include <cstddef>
#include <vector>

#include "core/syntax.h"

namespace jitlint {

// One step of a path: a node and the field it fills in its parent (0 for none).
struct Frame {
  TSNode node;
  TSFieldId field;
};

// The frames from the walk's root (index 0) to the current node (the last frame).
class NodePath {
 public:
  TSNode node() const { return frames_.back().node; }
  TSFieldId field() const { return frames_.back().field; }
  size_t size() const { return frames_.size(); }
  const Frame& operator[](size_t index) const { return frames_[index]; }
  // The ancestor `up` levels above the current node (1: the parent); a null node above the root.
  TSNode ancestor(size_t up) const { return up < frames_.size() ? frames_[frames_.size() - 1 - up].node : TSNode{}; }
  TSNode parent() const { return ancestor(1); }
  // The field the ancestor `up` levels above fills in its own parent (0: the current node's field).
  TSFieldId field_of(size_t up) const { return up < frames_.size() ? frames_[frames_.size() - 1 - up].field : 0; }
  // Whether any frame strictly above the current node is a function, class or lambda below the root.
  bool in_nested_scope() const {
    for (size_t i = 1; i + 1 < frames_.size(); ++i) {
      if (is_nested_scope(frames_[i].node)) return true;
    }
    return false;
  }

  void reset(TSNode root) {
    frames_.clear();
    frames_.push_back(Frame{root, 0});
  }
  void push(TSNode node, TSFieldId field) { frames_.push_back(Frame{node, field}); }
  void pop() { frames_.pop_back(); }
  void truncate(size_t size) { frames_.resize(size); }

 private:
  std::vector<Frame> frames_;
};

// Visits every named node below `root` (not `root` itself) in source order with its path; `visit(const
// NodePath&)` returns false to skip the node's children. Anonymous tokens (punctuation, keywords, operators: about
// half of all nodes) are stepped over unvisited: no visitor looks for them, and a rule that needs an operator asks
// its parent for it. `path` holds the frames: pass one kept across walks to reuse its storage.
template <typename Visit>
void walk(TSNode root, NodePath& path, Visit&& visit) {
  path.reset(root);
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  if (ts_tree_cursor_goto_first_child(&cursor)) {
    for (;;) {
      const TSNode node = ts_tree_cursor_current_node(&cursor);
      if (ts_node_is_named(node)) {
        path.push(node, ts_tree_cursor_current_field_id(&cursor));
        const bool descend = visit(static_cast<const NodePath&>(path));
        if (descend && ts_tree_cursor_goto_first_child(&cursor)) continue;
        path.pop();
      }
      bool moved = false;
      for (;;) {
        if (ts_tree_cursor_goto_next_sibling(&cursor)) {
          moved = true;
          break;
        }
        if (path.size() <= 1 || !ts_tree_cursor_goto_parent(&cursor)) break;
        path.pop();
      }
      if (!moved) break;
    }
  }
  ts_tree_cursor_delete(&cursor);
}

// The same walk with a path of its own.
template <typename Visit>
void walk(TSNode root, Visit&& visit) {
  NodePath path;
  walk(root, path, std::forward<Visit>(visit));
}

}  // namespace jitlint
