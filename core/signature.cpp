#include "core/signature.h"

namespace jitlint {

LiteralKind literal_kind(const Source& source, TSNode expr) {
  expr = strip_parens(expr);
  const TSSymbol kind = ts_node_symbol(expr);
  if (kind == sym.none) return LiteralKind::None;
  if (kind == sym.true_ || kind == sym.false_) return LiteralKind::Bool;
  if (kind == sym.integer) return LiteralKind::Int;
  if (kind == sym.float_) return LiteralKind::Float;
  if (kind == sym.unary_operator) {
    const LiteralKind inner = literal_kind(source, field(expr, fld.argument));
    return inner == LiteralKind::Int || inner == LiteralKind::Float ? inner : LiteralKind::Other;
  }
  if (kind == sym.string || kind == sym.concatenated_string) {
    if (is_plain_string(source, expr)) return LiteralKind::Str;
    const std::string_view spelled = text(source, expr);
    for (char c : spelled.substr(0, spelled.find_first_of("'\""))) {
      if (c == 'b' || c == 'B') return LiteralKind::Bytes;
    }
    return LiteralKind::Other;  // an f-string
  }
  if (kind == sym.list) return ts_node_named_child_count(expr) == 0 ? LiteralKind::EmptyList : LiteralKind::List;
  if (kind == sym.dictionary) return ts_node_named_child_count(expr) == 0 ? LiteralKind::EmptyDict : LiteralKind::Dict;
  if (kind == sym.tuple) return LiteralKind::Tuple;
  if (kind == sym.lambda) return LiteralKind::Lambda;
  if (kind == sym.call) return LiteralKind::Call;
  if (kind == sym.identifier || kind == sym.attribute) return LiteralKind::Name;
  return LiteralKind::Other;
}

Signature Signature::parse(const Source& source, TSNode definition) {
  Signature signature;
  signature.return_type = field(definition, fld.return_type);
  signature.parameters_node = field(definition, fld.parameters);
  const TSNode body = field(definition, fld.body);
  if (!ts_node_is_null(body) && !ts_node_is_null(signature.parameters_node)) {
    const uint32_t from = ts_node_end_byte(signature.parameters_node);
    uint32_t to = ts_node_end_byte(body);
    for (TSNode statement : NamedChildren(body)) {
      if (is(statement, sym.comment)) continue;  // the type comment may be the block's first child
      to = ts_node_start_byte(statement);
      break;
    }
    if (to > from) {
      const std::string_view between = source.text().substr(from, to - from);
      signature.type_comment = between.find("# type:") != std::string_view::npos;
    }
  }
  bool keyword_only = false;
  for (TSNode node : NamedChildren(signature.parameters_node)) {
    const TSSymbol kind = ts_node_symbol(node);
    if (kind == sym.positional_separator) {
      for (Parameter& earlier : signature.parameters) earlier.kind = Parameter::Kind::PositionalOnly;
      continue;
    }
    if (kind == sym.keyword_separator) {
      keyword_only = true;
      continue;
    }
    Parameter parameter;
    parameter.node = node;
    TSNode target = node;  // the identifier or the splat pattern
    if (kind == sym.typed_parameter) {
      parameter.annotation = field(node, fld.type);
      target = ts_node_named_child(node, 0);
    } else if (kind == sym.default_parameter || kind == sym.typed_default_parameter) {
      parameter.annotation = field(node, fld.type);
      parameter.default_value = field(node, fld.value);
      parameter.default_kind = literal_kind(source, parameter.default_value);
      target = field(node, fld.name);
    }
    parameter.kind = keyword_only ? Parameter::Kind::KeywordOnly : Parameter::Kind::Positional;
    if (is(target, sym.list_splat_pattern)) {
      parameter.kind = Parameter::Kind::VarArgs;
      keyword_only = true;
      target = ts_node_named_child(target, 0);
    } else if (is(target, sym.dictionary_splat_pattern)) {
      parameter.kind = Parameter::Kind::VarKwargs;
      target = ts_node_named_child(target, 0);
    }
    if (is(target, sym.identifier)) {
      parameter.name_node = target;
      parameter.name = text(source, target);
    }
    signature.parameters.push_back(parameter);
  }
  return signature;
}

bool Signature::first_input_is_tensor(const Source& source) const {
  if (type_comment || parameters.size() < 2) return false;
  const Parameter& first = parameters[1];
  if (first.kind != Parameter::Kind::Positional && first.kind != Parameter::Kind::PositionalOnly) return false;
  if (!ts_node_is_null(first.default_value)) return false;
  if (ts_node_is_null(first.annotation)) return true;
  const std::string_view spelled = text(source, first.annotation);
  return spelled == "Tensor" || spelled == "torch.Tensor";
}

const Parameter* Signature::find(std::string_view name) const {
  for (const Parameter& parameter : parameters) {
    if (parameter.name == name) return &parameter;
  }
  return nullptr;
}

}  // namespace jitlint
