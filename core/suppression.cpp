#include "core/suppression.h"

#include <algorithm>
#include <cctype>
#include <unordered_set>

#include "core/rule.h"

namespace jitlint {
namespace {

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

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

// Parses what follows "noqa" in a comment: nothing (blanket) or ": CODE[, CODE...]". `spans` gets each code's
// [start, end) offsets in `rest`.
bool parse_codes(std::string_view rest, bool* all, std::vector<std::string>* codes,
                 std::vector<std::pair<size_t, size_t>>* spans = nullptr) {
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
    if (spans) spans->emplace_back(start, i);
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
    std::vector<std::pair<size_t, size_t>> spans;
    if (!parse_codes(rest, &directive.all, &directive.codes, &spans)) continue;
    if (!spans.empty()) {
      const uint32_t rest_start = static_cast<uint32_t>(pos + 4);
      WrittenDirective written;
      written.line = line;
      written.start = comment_start + static_cast<uint32_t>(before.size() - 1);
      written.end = rest_start + static_cast<uint32_t>(spans.back().second);
      written.comment_start = comment_start;
      written.comment_end = ts_node_end_byte(node);
      written.own_line = own_line;
      for (size_t k = 0; k < spans.size(); ++k) {
        written.codes.push_back({upper(directive.codes[k]), rest_start + static_cast<uint32_t>(spans[k].first),
                                 rest_start + static_cast<uint32_t>(spans[k].second)});
      }
      result.written_.push_back(std::move(written));
    }
    Directive& existing = result.lines_[line];
    existing.all = existing.all || directive.all;
    existing.codes.insert(existing.codes.end(), directive.codes.begin(), directive.codes.end());
  }
  // Codes are written upper case in diagnostics.
  for (auto& [line, directive] : result.lines_) {
    for (auto& code : directive.codes) code = upper(code);
  }
  for (auto& code : result.file_.codes) code = upper(code);
  // A line with two directives is left alone by the unused-code check (which one to edit is a guess).
  std::unordered_map<uint32_t, int> per_line;
  for (const WrittenDirective& w : result.written_) ++per_line[w.line];
  result.written_.erase(std::remove_if(result.written_.begin(), result.written_.end(),
                                       [&](const WrittenDirective& w) { return per_line[w.line] > 1; }),
                        result.written_.end());
  return result;
}

bool Suppressions::suppresses(uint32_t line, std::string_view code) const {
  if (has_file_directive_ && file_.matches(code)) return true;
  auto it = lines_.find(line);
  return it != lines_.end() && it->second.matches(code);
}

std::vector<UnusedCodes> unused_codes(const Source& source, const Suppressions& suppressions,
                                      const std::vector<Diagnostic>& diagnostics,
                                      const std::function<bool(std::string_view code)>& checked) {
  std::vector<UnusedCodes> out;
  if (suppressions.written().empty()) return out;
  std::unordered_set<std::string> reported;  // "line:code" of every diagnostic
  for (const Diagnostic& d : diagnostics) {
    reported.insert(std::to_string(source.line_of(d.start)) + ":" + std::string(d.rule->code));
  }
  for (const WrittenDirective& directive : suppressions.written()) {
    UnusedCodes found;
    found.directive = &directive;
    std::vector<const WrittenDirective::Code*> kept;
    for (const WrittenDirective::Code& code : directive.codes) {
      // Only jitlint's own codes, of rules that ran: `E501` belongs to another linter, an unselected rule may
      // still fire on the line in another run.
      const bool ours = code.code.size() > 2 && code.code.compare(0, 2, "JT") == 0 && checked(code.code);
      if (ours && !reported.count(std::to_string(directive.line) + ":" + code.code)) {
        found.unused.push_back(code.code);
      } else {
        kept.push_back(&code);
      }
    }
    if (found.unused.empty()) continue;
    if (!kept.empty()) {
      // `# noqa: JT201, JT101` -> `# noqa: JT101`: the codes that stay, in their order.
      std::string codes;
      for (const auto* code : kept) codes += (codes.empty() ? "" : ", ") + std::string(source.slice(code->start, code->end));
      found.removal = Edit{directive.codes.front().start, directive.end, codes};
    } else if (directive.own_line && directive.start == directive.comment_start) {
      // A comment line of its own: the whole line goes.
      const uint32_t start = source.line_start(directive.line);
      const uint32_t next = directive.line + 1 < source.line_count() ? source.line_start(directive.line + 1)
                                                                     : static_cast<uint32_t>(source.text().size());
      found.removal = Edit{start, next, ""};
    } else {
      // The directive (with the whole comment when it is the comment) and the spaces before it.
      uint32_t start = directive.start;
      const uint32_t end = directive.start == directive.comment_start ? directive.comment_end : directive.end;
      while (start > 0 && (source.text()[start - 1] == ' ' || source.text()[start - 1] == '\t')) --start;
      found.removal = Edit{start, end, ""};
    }
    out.push_back(std::move(found));
  }
  return out;
}

}  // namespace jitlint
