#include "core/suppression.h"

#include <cctype>

namespace jitlint {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The next "noqa" in any letter case at or after `from` (npos when none), without a lowered copy of the file.
size_t find_noqa(std::string_view text, size_t from) {
  for (size_t pos = from; pos + 4 <= text.size(); ++pos) {
    // `c | 0x20` folds ASCII case: it equals 'n' only for 'n' and 'N'.
    if ((text[pos] | 0x20) == 'n' && (text[pos + 1] | 0x20) == 'o' && (text[pos + 2] | 0x20) == 'q' &&
        (text[pos + 3] | 0x20) == 'a') {
      return pos;
    }
  }
  return std::string_view::npos;
}

// Parses what follows "noqa" in a comment: nothing (blanket) or ": CODE[, CODE...]".
bool parse_codes(std::string_view rest, bool* all, std::vector<std::string>* codes) {
  size_t i = 0;
  while (i < rest.size() && rest[i] == ' ') ++i;
  if (i >= rest.size() || rest[i] != ':') {
    // `# noqa` followed by nothing, a space or another comment: blanket. `# noqaX` is not a directive.
    if (!rest.empty() && rest[0] != ' ' && rest[0] != '\t' && rest[0] != '#') return false;
    *all = true;
    return true;
  }
  ++i;
  for (;;) {
    while (i < rest.size() && (rest[i] == ' ' || rest[i] == ',')) ++i;
    size_t start = i;
    while (i < rest.size() && std::isalnum(static_cast<unsigned char>(rest[i]))) ++i;
    if (i == start) break;
    codes->emplace_back(rest.substr(start, i - start));
  }
  if (codes->empty()) *all = true;  // `# noqa:` with no codes acts as a blanket noqa, as in ruff
  return true;
}

}  // namespace

bool Suppressions::Directive::matches(std::string_view code) const {
  if (all) return true;
  for (const auto& c : codes) {
    if (c == code) return true;
  }
  return false;
}

Suppressions Suppressions::collect(const Source& source, TSNode root) {
  Suppressions result;
  const std::string_view haystack = source.text();
  for (size_t pos = find_noqa(haystack, 0); pos != std::string_view::npos; pos = find_noqa(haystack, pos + 4)) {
    TSNode node = ts_node_descendant_for_byte_range(root, static_cast<uint32_t>(pos), static_cast<uint32_t>(pos + 4));
    if (!is(node, sym.comment)) continue;
    const uint32_t comment_start = ts_node_start_byte(node);
    const std::string comment = lower(text(source, node));
    const size_t offset = pos - comment_start;
    // The directive starts the comment (after `#` and spaces), or follows another comment's text after a `#`.
    std::string_view before = std::string_view(comment).substr(0, offset);
    while (!before.empty() && before.back() == ' ') before.remove_suffix(1);
    const std::string_view rest = std::string_view(comment).substr(offset + 4);
    Directive directive;
    const uint32_t line = source.line_of(comment_start);
    const bool own_line = source.line_text(line).find_first_not_of(" \t") ==
                          static_cast<size_t>(comment_start - source.line_start(line));
    if (before.size() >= 8 && before.substr(before.size() - 8) == "jitlint:") {
      // `# jitlint: noqa` applies to the file when the comment stands on its own line.
      if (!own_line || !parse_codes(rest, &directive.all, &directive.codes)) continue;
      result.has_file_directive_ = true;
      result.file_.all = result.file_.all || directive.all;
      result.file_.codes.insert(result.file_.codes.end(), directive.codes.begin(), directive.codes.end());
      continue;
    }
    if (before.empty() || before.back() != '#') continue;
    if (!parse_codes(rest, &directive.all, &directive.codes)) continue;
    Directive& existing = result.lines_[line];
    existing.all = existing.all || directive.all;
    existing.codes.insert(existing.codes.end(), directive.codes.begin(), directive.codes.end());
  }
  // Codes are written upper case in diagnostics.
  for (auto& [line, directive] : result.lines_) {
    for (auto& code : directive.codes) code = [&] { std::string up = code; for (char& c : up) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c))); return up; }();
  }
  for (auto& code : result.file_.codes) {
    for (char& c : code) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return result;
}

bool Suppressions::suppresses(uint32_t line, std::string_view code) const {
  if (has_file_directive_ && file_.matches(code)) return true;
  auto it = lines_.find(line);
  return it != lines_.end() && it->second.matches(code);
}

}  // namespace jitlint
