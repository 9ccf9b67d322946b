#include "core/syntax.h"

namespace jitlint {

const TSLanguage* python_language() { return tree_sitter_python(); }

Parser::Parser() : parser_(ts_parser_new(), &ts_parser_delete) {
  const TSLanguage* language = python_language();
  const uint32_t abi = ts_language_version(language);
  if (abi < TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION || abi > TREE_SITTER_LANGUAGE_VERSION ||
      !ts_parser_set_language(parser_.get(), language)) {
    throw GrammarError("the tree-sitter-python grammar has ABI " + std::to_string(abi) +
                       " but the tree-sitter runtime accepts " +
                       std::to_string(TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION) + ".." +
                       std::to_string(TREE_SITTER_LANGUAGE_VERSION) + "; rebuild jitlint with a matching pair");
  }
}

Tree Parser::parse(const Source& source) {
  // A UTF-8 BOM is not Python: parse from just after it so byte offsets stay file-relative.
  if (source.bom_length() > 0) {
    TSRange range{{0, source.bom_length()}, {UINT32_MAX, UINT32_MAX}, source.bom_length(), UINT32_MAX};
    ts_parser_set_included_ranges(parser_.get(), &range, 1);
  } else {
    ts_parser_set_included_ranges(parser_.get(), nullptr, 0);
  }
  TSTree* tree = ts_parser_parse_string_encoding(parser_.get(), nullptr, source.text().data(), source.size(),
                                                 TSInputEncodingUTF8);
  return Tree(tree, source);
}

std::vector<TSNode> named_children(TSNode node) {
  std::vector<TSNode> out;
  if (ts_node_is_null(node)) return out;
  out.reserve(ts_node_named_child_count(node));
  for (TSNode child : NamedChildren(node)) out.push_back(child);
  return out;
}

TSNode strip_parens(TSNode node) {
  while (is(node, sym.parenthesized_expression)) {
    TSNode only{};
    int count = 0;
    for (TSNode child : NamedChildren(node)) {
      only = child;
      ++count;
    }
    if (count != 1) break;
    node = only;
  }
  return node;
}

std::string_view self_attribute(const Source& source, TSNode node, std::string_view self_name) {
  node = strip_parens(node);
  if (self_name.empty() || !is(node, sym.attribute)) return {};
  TSNode object = field(node, fld.object);
  if (!is(object, sym.identifier) || text(source, object) != self_name) return {};
  return text(source, field(node, fld.attribute));
}

bool is_docstring(TSNode statement) {
  return is(statement, sym.expression_statement) && ts_node_named_child_count(statement) == 1 &&
         is(ts_node_named_child(statement, 0), sym.string);
}

bool is_plain_string(const Source& source, TSNode node) {
  node = strip_parens(node);
  if (is(node, sym.concatenated_string)) {
    for (TSNode part : NamedChildren(node)) {
      if (!is_plain_string(source, part)) return false;
    }
    return true;
  }
  if (!is(node, sym.string)) return false;
  for (TSNode part : NamedChildren(node)) {
    if (is(part, sym.interpolation)) return false;
    if (is(part, sym.string_start)) {
      // An f-string is built at run time even without placeholders (`f"b"`); a bytes literal is not a str.
      for (char c : text(source, part)) {
        if (c == 'f' || c == 'F' || c == 'b' || c == 'B') return false;
      }
    }
  }
  return true;
}

std::string string_value(const Source& source, TSNode node) {
  std::string out;
  node = strip_parens(node);
  auto add_content = [&](TSNode part) {
    for (TSNode piece : NamedChildren(part)) {
      if (is(piece, sym.string_content)) out += text(source, piece);
    }
  };
  if (is(node, sym.concatenated_string)) {
    for (TSNode part : NamedChildren(node)) add_content(part);
  } else {
    add_content(node);
  }
  return out;
}

bool is_integer_literal(TSNode node) {
  node = strip_parens(node);
  if (is(node, sym.unary_operator)) {
    TSNode op = field(node, fld.operator_);
    if (!is(op, sym.op_minus) && !is(op, sym.op_plus)) return false;
    node = strip_parens(field(node, fld.argument));
  }
  return is(node, sym.integer);
}

ConditionalParts conditional_parts(TSNode node) {
  TSNode parts[3] = {};
  uint32_t count = 0;
  if (is(node, sym.conditional_expression)) {
    for (TSNode part : NamedChildren(node)) {
      if (count < 3) parts[count] = part;
      ++count;
    }
  }
  if (count != 3) return {};
  return ConditionalParts{parts[0], parts[1], parts[2]};
}

std::optional<NoneTest> none_test(TSNode comparison) {
  if (!is(comparison, sym.comparison_operator)) return std::nullopt;
  TSNode operands[2] = {};
  uint32_t count = 0;
  for (TSNode operand : NamedChildren(comparison)) {
    if (count < 2) operands[count] = strip_parens(operand);
    ++count;
  }
  if (count != 2) return std::nullopt;
  bool is_not = false, is_is = false;
  for (uint32_t i = 0; i < ts_node_child_count(comparison); ++i) {
    TSNode child = ts_node_child(comparison, i);
    is_not = is_not || is(child, sym.kw_is_not);
    is_is = is_is || is(child, sym.kw_is);
  }
  if (!is_is && !is_not) return std::nullopt;
  if (is(operands[1], sym.none)) return NoneTest{operands[0], is_not};
  if (is(operands[0], sym.none)) return NoneTest{operands[1], is_not};
  return std::nullopt;
}

uint32_t header_end(TSNode compound) {
  const uint32_t count = ts_node_child_count(compound);
  for (uint32_t i = 0; i < count; ++i) {
    const TSNode child = ts_node_child(compound, i);
    if (ts_node_symbol(child) == sym.colon) return ts_node_end_byte(child);
  }
  return ts_node_end_byte(compound);
}

TypeApplication type_application(TSNode node) {
  TypeApplication application;
  if (is(node, sym.generic_type)) {
    application.head = ts_node_named_child(node, 0);
    for (TSNode child : NamedChildren(node)) {
      if (same_node(child, application.head)) continue;
      for (TSNode argument : NamedChildren(child)) application.arguments.push_back(argument);  // type_parameter
    }
  } else if (is(node, sym.subscript)) {
    application.head = field(node, fld.value);
    for (TSNode child : NamedChildren(node)) {
      if (same_node(child, application.head) || is(child, sym.comment)) continue;
      if (is(child, sym.tuple)) {
        for (TSNode element : NamedChildren(child)) application.arguments.push_back(element);
      } else {
        application.arguments.push_back(child);
      }
    }
  }
  return application;
}

bool is_arithmetic_operator(std::string_view op) {
  return op == "+" || op == "-" || op == "*" || op == "/" || op == "//" || op == "%" || op == "**" || op == "@" ||
         op == "&" || op == "|" || op == "^" || op == "<<" || op == ">>";
}

bool mentions_word(std::string_view text, std::string_view word) {
  if (word.empty()) return false;
  for (size_t at = text.find(word); at != std::string_view::npos; at = text.find(word, at + 1)) {
    const size_t end = at + word.size();
    if ((at == 0 || !is_identifier_byte(text[at - 1])) && (end == text.size() || !is_identifier_byte(text[end]))) {
      return true;
    }
  }
  return false;
}

}  // namespace jitlint
