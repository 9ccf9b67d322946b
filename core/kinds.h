// Node kinds and field names of the tree-sitter-python grammar, resolved once to the grammar's ids.
//
// Comparing a node's symbol with `sym.call` is one integer compare, where comparing `ts_node_type` with "call" is
// a string compare on every test; `field(node, fld.body)` skips tree-sitter's name-to-id lookup. A misspelt
// member does not compile; a name the grammar does not have (a grammar upgrade renamed it) resolves to 0 and is
// listed by `unresolved_grammar_names()`, which the Engine checks at construction (and a test checks always).
#pragma once

#include <tree_sitter/api.h>

#include <string>
#include <vector>

namespace jitlint {

// Named node kinds, spelled as the grammar spells them.
#define JITLINT_NAMED_KINDS(X)                                                                                       \
  X(aliased_import) X(argument_list) X(as_pattern_target) X(assert_statement) X(assignment) X(attribute)           \
  X(augmented_assignment) X(await) X(binary_operator) X(block) X(boolean_operator) X(case_clause) X(break_statement) X(call)      \
  X(class_definition) X(comment) X(comparison_operator) X(concatenated_string) X(conditional_expression)            \
  X(continue_statement) X(decorated_definition) X(decorator) X(default_parameter) X(delete_statement)              \
  X(dictionary) X(dictionary_comprehension) X(dictionary_splat) X(dictionary_splat_pattern) X(dotted_name)          \
  X(elif_clause) X(else_clause) X(except_clause) X(except_group_clause) X(expression_list) X(expression_statement) X(finally_clause) X(for_in_clause)      \
  X(for_statement) X(function_definition) X(future_import_statement) X(generator_expression) X(generic_type)        \
  X(global_statement) X(identifier) X(if_clause) X(if_statement) X(import_from_statement) X(import_prefix) X(import_statement) \
  X(integer) X(interpolation) X(keyword_argument) X(keyword_separator) X(lambda) X(lambda_parameters) X(list)       \
  X(list_comprehension) X(list_pattern) X(list_splat) X(list_splat_pattern) X(match_statement) X(module) X(named_expression) X(none)  \
  X(nonlocal_statement) X(not_operator) X(pair) X(parameters) X(parenthesized_expression) X(pass_statement)         \
  X(pattern_list) X(positional_separator) X(raise_statement) X(relative_import) X(return_statement) X(set) X(set_comprehension) \
  X(slice) X(string) X(string_content) X(string_start) X(subscript) X(try_statement) X(tuple)               \
  X(tuple_pattern) X(type) X(typed_default_parameter) X(typed_parameter) X(unary_operator) X(while_statement)       \
  X(union_type) X(with_statement) X(yield)

// Named kinds whose names are C++ keywords: member name, then the kind.
#define JITLINT_RENAMED_KINDS(X) X(true_, "true") X(false_, "false") X(float_, "float")

// Anonymous tokens (keywords, operators): member name, then the token.
#define JITLINT_TOKENS(X)                                                                                             \
  X(kw_and, "and") X(kw_or, "or") X(kw_not, "not") X(kw_in, "in") X(kw_not_in, "not in") X(kw_is, "is")              \
  X(kw_is_not, "is not") X(op_minus, "-") X(op_plus, "+") X(colon, ":")

// Field names.
#define JITLINT_FIELDS(X)                                                                                             \
  X(alias) X(alternative) X(argument) X(arguments) X(attribute) X(body) X(condition) X(consequence) X(definition)     \
  X(function) X(key) X(left) X(module_name) X(name) X(object) X(parameters) X(return_type) X(right)       \
  X(subscript) X(superclasses) X(type) X(value)

struct NodeKinds {
#define JITLINT_DECLARE(name) TSSymbol name = 0;
#define JITLINT_DECLARE_TOKEN(name, token) TSSymbol name = 0;
  JITLINT_NAMED_KINDS(JITLINT_DECLARE)
  JITLINT_RENAMED_KINDS(JITLINT_DECLARE_TOKEN)
  JITLINT_TOKENS(JITLINT_DECLARE_TOKEN)
#undef JITLINT_DECLARE
#undef JITLINT_DECLARE_TOKEN
};

// Field names that are C++ keywords: member name, then the field.
#define JITLINT_RENAMED_FIELDS(X) X(operator_, "operator")

struct FieldIds {
#define JITLINT_DECLARE(name) TSFieldId name = 0;
#define JITLINT_DECLARE_RENAMED(name, field) TSFieldId name = 0;
  JITLINT_FIELDS(JITLINT_DECLARE)
  JITLINT_RENAMED_FIELDS(JITLINT_DECLARE_RENAMED)
#undef JITLINT_DECLARE
#undef JITLINT_DECLARE_RENAMED
};

// Resolved at load time against the linked grammar (nothing reads them before main: rules and the engine are
// function-local statics).
extern const NodeKinds sym;
extern const FieldIds fld;

// Names above that the grammar does not have ("kind call", "field body"); empty when all resolved.
const std::vector<std::string>& unresolved_grammar_names();

// The grammar's id for a named node kind, or 0 when it has none (for validating rule subscriptions).
TSSymbol named_kind_id(const char* name);
// Whether `symbol` is a named kind of the grammar a node can have.
bool is_named_kind(TSSymbol symbol);

}  // namespace jitlint
