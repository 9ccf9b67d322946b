#include "core/kinds.h"

#include <cstring>

extern "C" const TSLanguage* tree_sitter_python(void);

namespace jitlint {
namespace {

std::vector<std::string>& unresolved() {
  static std::vector<std::string> names;
  return names;
}

TSSymbol resolve_symbol(const char* name, bool named) {
  const TSSymbol id =
      ts_language_symbol_for_name(tree_sitter_python(), name, static_cast<uint32_t>(std::strlen(name)), named);
  if (id == 0) unresolved().push_back(std::string(named ? "kind " : "token ") + name);
  return id;
}

NodeKinds resolve_kinds() {
  NodeKinds kinds;
#define JITLINT_RESOLVE(name) kinds.name = resolve_symbol(#name, true);
#define JITLINT_RESOLVE_TOKEN(name, token) kinds.name = resolve_symbol(token, false);
#define JITLINT_RESOLVE_RENAMED(name, kind) kinds.name = resolve_symbol(kind, true);
  JITLINT_NAMED_KINDS(JITLINT_RESOLVE)
  JITLINT_RENAMED_KINDS(JITLINT_RESOLVE_RENAMED)
  JITLINT_TOKENS(JITLINT_RESOLVE_TOKEN)
#undef JITLINT_RESOLVE_RENAMED
#undef JITLINT_RESOLVE
#undef JITLINT_RESOLVE_TOKEN
  return kinds;
}

FieldIds resolve_fields() {
  FieldIds fields;
  const TSLanguage* language = tree_sitter_python();
#define JITLINT_RESOLVE(name)                                                                                    \
  fields.name = ts_language_field_id_for_name(language, #name, static_cast<uint32_t>(std::strlen(#name)));      \
  if (fields.name == 0) unresolved().push_back("field " #name);
#define JITLINT_RESOLVE_RENAMED(member, name)                                                                   \
  fields.member = ts_language_field_id_for_name(language, name, static_cast<uint32_t>(std::strlen(name)));      \
  if (fields.member == 0) unresolved().push_back(std::string("field ") + name);
  JITLINT_FIELDS(JITLINT_RESOLVE)
  JITLINT_RENAMED_FIELDS(JITLINT_RESOLVE_RENAMED)
#undef JITLINT_RESOLVE
#undef JITLINT_RESOLVE_RENAMED
  return fields;
}

}  // namespace

const NodeKinds sym = resolve_kinds();
const FieldIds fld = resolve_fields();

const std::vector<std::string>& unresolved_grammar_names() { return unresolved(); }

TSSymbol named_kind_id(const char* name) {
  return ts_language_symbol_for_name(tree_sitter_python(), name, static_cast<uint32_t>(std::strlen(name)), true);
}

bool is_named_kind(TSSymbol symbol) {
  const TSLanguage* language = tree_sitter_python();
  return symbol != 0 && symbol < ts_language_symbol_count(language) &&
         ts_language_symbol_type(language, symbol) == TSSymbolTypeRegular;
}

}  // namespace jitlint
