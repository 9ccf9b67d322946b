#include "core/types.h"
#include <cctype>

namespace jitlint {
namespace {

struct Reader {
  std::string_view text;
  size_t at = 0;

  void skip_blanks() {
    while (at < text.size() && text[at] == ' ') ++at;
  }
  bool take(char c) {
    skip_blanks();
    if (at < text.size() && text[at] == c) {
      ++at;
      return true;
    }
    return false;
  }
  std::optional<Type> type(int depth) {
    if (depth > 16) return std::nullopt;
    skip_blanks();
    const size_t start = at;
    while (at < text.size() && (std::isalnum(static_cast<unsigned char>(text[at])) || text[at] == '_' || text[at] == '.')) ++at;
    if (at == start) return std::nullopt;
    const std::string_view name = text.substr(start, at - start);
    std::vector<Type> args;
    if (take('[')) {
      do {
        auto arg = type(depth + 1);
        if (!arg) return std::nullopt;
        args.push_back(std::move(*arg));
      } while (take(','));
      if (!take(']')) return std::nullopt;
    }
    struct Known {
      std::string_view name;
      Type::Kind kind;
      int arity;  // -1: any
    };
    static const Known kKnown[] = {{"Tensor", Type::Kind::Tensor, 0}, {"int", Type::Kind::Int, 0},
                                   {"float", Type::Kind::Float, 0},   {"bool", Type::Kind::Bool, 0},
                                   {"str", Type::Kind::Str, 0},       {"None", Type::Kind::None, 0},
                                   {"List", Type::Kind::List, 1},     {"Dict", Type::Kind::Dict, 2},
                                   {"Tuple", Type::Kind::Tuple, -1},  {"Optional", Type::Kind::Optional, 1}};
    for (const Known& known : kKnown) {
      if (name != known.name) continue;
      if (known.arity >= 0 && static_cast<int>(args.size()) != known.arity) return std::nullopt;
      return Type::of(known.kind, std::move(args));
    }
    return Type{Type::Kind::Named, std::move(args), std::string(name)};
  }
};

std::string_view kind_name(Type::Kind kind) {
  switch (kind) {
    case Type::Kind::Tensor: return "Tensor";
    case Type::Kind::Int: return "int";
    case Type::Kind::Float: return "float";
    case Type::Kind::Bool: return "bool";
    case Type::Kind::Str: return "str";
    case Type::Kind::None: return "None";
    case Type::Kind::List: return "List";
    case Type::Kind::Dict: return "Dict";
    case Type::Kind::Tuple: return "Tuple";
    case Type::Kind::Optional: return "Optional";
    case Type::Kind::Named: break;
  }
  return "";
}

}  // namespace

std::optional<Type> Type::parse(std::string_view spelled) {
  Reader reader{spelled};
  auto type = reader.type(0);
  reader.skip_blanks();
  if (!type || reader.at != spelled.size()) return std::nullopt;
  return type;
}

std::string Type::spell() const {
  std::string out = kind == Kind::Named ? name : std::string(kind_name(kind));
  if (args.empty()) return out;
  out += '[';
  for (size_t i = 0; i < args.size(); ++i) out += (i ? ", " : "") + args[i].spell();
  return out + ']';
}

const Type* Type::element() const {
  if (kind == Kind::List) return &args[0];
  if (kind == Kind::Dict) return &args[1];
  return nullptr;
}

}  // namespace jitlint
