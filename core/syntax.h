// RAII over tree-sitter and the small set of node helpers every other part uses.
// One Parser per thread; a Tree owns its TSTree and borrows the Source it was parsed from.
#pragma once

#include <tree_sitter/api.h>

#include <initializer_list>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/kinds.h"
#include "core/source.h"

extern "C" const TSLanguage* tree_sitter_python(void);

namespace jitlint {

// Thrown when the grammar's ABI is outside what the linked runtime accepts (a build problem, not user input).
class GrammarError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

const TSLanguage* python_language();

class Tree {
 public:
  Tree(TSTree* tree, const Source& source) : tree_(tree, &ts_tree_delete), source_(&source) {}
  TSNode root() const { return ts_tree_root_node(tree_.get()); }
  const Source& source() const { return *source_; }
  bool has_error() const { return ts_node_has_error(root()); }

 private:
  std::unique_ptr<TSTree, void (*)(TSTree*)> tree_;
  const Source* source_;
};

class Parser {
 public:
  Parser();  // throws GrammarError when the grammar ABI does not match the runtime
  Tree parse(const Source& source);

 private:
  std::unique_ptr<TSParser, void (*)(TSParser*)> parser_;
};

// ---- node helpers -------------------------------------------------------------------------------------------------
// Kinds and fields are ids (core/kinds.h): `is(node, sym.call)`, `field(node, fld.function)`.

inline bool is(TSNode node, TSSymbol kind) { return !ts_node_is_null(node) && ts_node_symbol(node) == kind; }
inline TSNode field(TSNode node, TSFieldId id) { return ts_node_child_by_field_id(node, id); }
// Whether `name` is one of `names` (the rules' tables of torch and builtin names).
inline bool one_of(std::string_view name, std::initializer_list<std::string_view> names) {
  for (const std::string_view n : names) {
    if (n == name) return true;
  }
  return false;
}
inline std::string_view text(const Source& source, TSNode node) {
  return source.slice(ts_node_start_byte(node), ts_node_end_byte(node));
}
inline bool same_node(TSNode a, TSNode b) { return ts_node_eq(a, b); }
inline bool contains(TSNode outer, TSNode inner) {
  return ts_node_start_byte(outer) <= ts_node_start_byte(inner) && ts_node_end_byte(inner) <= ts_node_end_byte(outer);
}
// The first / last statement of a block, comments aside; null when it has none.
inline TSNode first_statement(TSNode block) {
  const uint32_t count = ts_node_is_null(block) ? 0 : ts_node_named_child_count(block);
  for (uint32_t i = 0; i < count; ++i) {
    const TSNode child = ts_node_named_child(block, i);
    if (!is(child, sym.comment)) return child;
  }
  return TSNode{};
}
inline TSNode last_statement(TSNode block) {
  for (uint32_t i = ts_node_is_null(block) ? 0 : ts_node_named_child_count(block); i > 0; --i) {
    const TSNode child = ts_node_named_child(block, i - 1);
    if (!is(child, sym.comment)) return child;
  }
  return TSNode{};
}
// `statement` (a statement, or the assignment an expression statement holds) is a statement of `block` itself, not of
// a block nested in it.
inline bool is_statement_of(TSNode block, TSNode statement) {
  const uint32_t count = ts_node_is_null(block) ? 0 : ts_node_named_child_count(block);
  for (uint32_t i = 0; i < count; ++i) {
    const TSNode child = ts_node_named_child(block, i);
    if (same_node(child, statement) || (is(child, sym.expression_statement) && ts_node_named_child_count(child) == 1 &&
                                        same_node(ts_node_named_child(child, 0), statement))) {
      return true;
    }
  }
  return false;
}
// `node` is the right operand of `in` / `not in` in the two-operand comparison `comparison` (`k in xs`).
inline bool is_membership_right(TSNode comparison, TSNode node) {
  if (ts_node_named_child_count(comparison) != 2 || !same_node(ts_node_named_child(comparison, 1), node)) return false;
  const uint32_t count = ts_node_child_count(comparison);
  for (uint32_t i = 0; i < count; ++i) {
    const TSNode child = ts_node_child(comparison, i);
    if (is(child, sym.kw_in) || is(child, sym.kw_not_in)) return true;
  }
  return false;
}

// The named children of a node, comments excluded, without building a vector:
// `for (TSNode child : NamedChildren(node))`.
// `ts_node_named_child(node, i)` walks the children from the first each time, so indexing costs O(n^2) over a node
// with many children (a module, a long body, a long argument list); past a few children the iterator walks a tree
// cursor instead, which steps from one child to the next.
class NamedChildren {
 public:
  class iterator {
   public:
    iterator(TSNode parent, uint32_t count, bool at_end) : parent_(parent), count_(count) {
      if (at_end || count == 0) return;
      done_ = false;
      if (count > kIndexedUpTo) {
        cursor_ = ts_tree_cursor_new(parent);
        cursor_live_ = true;
        done_ = !ts_tree_cursor_goto_first_child(&cursor_);
        if (!done_) current_ = ts_tree_cursor_current_node(&cursor_);
      } else {
        current_ = ts_node_named_child(parent_, 0);
      }
      skip();
    }
    iterator(iterator&& other) noexcept
        : parent_(other.parent_), current_(other.current_), index_(other.index_), count_(other.count_),
          done_(other.done_), cursor_live_(other.cursor_live_), cursor_(other.cursor_) {
      other.cursor_live_ = false;
    }
    iterator(const iterator&) = delete;
    iterator& operator=(const iterator&) = delete;
    iterator& operator=(iterator&&) = delete;
    ~iterator() {
      if (cursor_live_) ts_tree_cursor_delete(&cursor_);
    }
    TSNode operator*() const { return current_; }
    iterator& operator++() {
      advance();
      skip();
      return *this;
    }
    // Only ever compared with end(): whether children remain.
    bool operator!=(const iterator& /*end*/) const { return !done_; }

   private:
    static constexpr uint32_t kIndexedUpTo = 6;
    void advance() {
      if (cursor_live_) {
        done_ = !ts_tree_cursor_goto_next_sibling(&cursor_);
        if (!done_) current_ = ts_tree_cursor_current_node(&cursor_);
      } else if (++index_ < count_) {
        current_ = ts_node_named_child(parent_, index_);
      } else {
        done_ = true;
      }
    }
    void skip() {
      while (!done_ && ((cursor_live_ && !ts_node_is_named(current_)) || ts_node_symbol(current_) == sym.comment)) {
        advance();
      }
    }
    TSNode parent_{};
    TSNode current_{};
    uint32_t index_ = 0, count_ = 0;
    bool done_ = true;
    bool cursor_live_ = false;
    TSTreeCursor cursor_{};
  };
  explicit NamedChildren(TSNode node) : node_(node), count_(ts_node_is_null(node) ? 0 : ts_node_named_child_count(node)) {}
  iterator begin() const { return iterator(node_, count_, false); }
  iterator end() const { return iterator(node_, count_, true); }

 private:
  TSNode node_;
  uint32_t count_;
};

std::vector<TSNode> named_children(TSNode node);
// Skips parentheses: `(x)` -> `x`.
TSNode strip_parens(TSNode node);
// The end of a compound statement's header (`try:`, `for x in xs:`, `def f(x):`): its own first `:` token; the
// statement's end when it has none. Diagnostics on compound statements underline the header, not the block.
uint32_t header_end(TSNode compound);

// A subscripted type as written, `List[int]`, `Dict[str, Tensor]`, `Tuple[int, ...]` (a `generic_type` in an
// annotation, a `subscript` in a string or an expression): its head and its argument nodes in order. Null head when
// the node is neither.
struct TypeApplication {
  TSNode head{};
  std::vector<TSNode> arguments;
};
TypeApplication type_application(TSNode node);

// The parts of `body if condition else alternative`; all null when the node is not a whole conditional expression.
struct ConditionalParts {
  TSNode body{}, condition{}, alternative{};
  bool whole() const { return !ts_node_is_null(alternative); }
};
ConditionalParts conditional_parts(TSNode conditional_expression);

// A comparison `x is None` / `x is not None` (None on either side): `x`, parentheses stripped, and whether the
// test is `is not`. nullopt for any other comparison.
struct NoneTest {
  TSNode operand{};
  bool is_not = false;
};
std::optional<NoneTest> none_test(TSNode comparison);

// `self.name` (with `self_name` the method's first parameter) -> "name"; otherwise empty.
std::string_view self_attribute(const Source& source, TSNode node, std::string_view self_name);

// A plain str literal (not an f-string or bytes), also implicit concatenation of such literals.
bool is_plain_string(const Source& source, TSNode node);
// A statement that is a string alone (a docstring, when it comes first in a body).
bool is_docstring(TSNode statement);
// The characters of a plain string literal (its `string_content` parts, escapes left as written).
std::string string_value(const Source& source, TSNode node);
// An integer literal, optionally negated: `3`, `-1`.
bool is_integer_literal(TSNode node);
// A byte that can be part of a Python identifier (ASCII letters, digits, `_`, and any byte of a UTF-8 sequence).
inline bool is_identifier_byte(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') || (byte >= '0' && byte <= '9') ||
         byte == '_' || byte >= 0x80;
}
// `+`, `-`, `*`, `/`, `//`, `%`, `**`, `@`, `&`, `|`, `^`, `<<`, `>>`: binary operators whose overloads take no
// Optional or NoneType operand.
bool is_arithmetic_operator(std::string_view op);

// `word` occurs in `text` as a whole identifier (not inside a longer name); comments and strings count too, so a
// caller that asks "is this name unused?" errs towards "used".
bool mentions_word(std::string_view text, std::string_view word);

// Visits every node below `root` (not `root` itself) in source order without recursion. `visit` returns false to
// skip a node's children.
template <typename Visit>
void walk_descendants(TSNode root, Visit&& visit) {
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  if (ts_tree_cursor_goto_first_child(&cursor)) {
    for (;;) {
      const bool descend = visit(ts_tree_cursor_current_node(&cursor));
      if (descend && ts_tree_cursor_goto_first_child(&cursor)) continue;
      bool moved = false;
      while (!moved) {
        if (ts_tree_cursor_goto_next_sibling(&cursor)) { moved = true; break; }
        if (!ts_tree_cursor_goto_parent(&cursor)) break;
        if (ts_node_eq(ts_tree_cursor_current_node(&cursor), root)) break;
      }
      if (!moved) break;
    }
  }
  ts_tree_cursor_delete(&cursor);
}

// Nodes that start a new Python scope: the walk over a function body does not enter them.
inline bool is_nested_scope(TSNode node) {
  const TSSymbol kind = ts_node_symbol(node);
  return kind == sym.function_definition || kind == sym.class_definition || kind == sym.lambda;
}

}  // namespace jitlint
