// `# noqa` comments, parsed once per file: `# noqa` / `# noqa: JT201, JT101` on the reported line, and
// `# jitlint: noqa` (optionally with codes) on a line of its own for the whole file.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/diagnostic.h"
#include "core/syntax.h"

namespace jitlint {

// A `# noqa: CODE, ...` directive that names codes, as written on its line.
struct WrittenDirective {
  struct Code {
    std::string code;  // upper case
    uint32_t start = 0, end = 0;
  };
  uint32_t line = 0;
  uint32_t start = 0;          // its `#`
  uint32_t end = 0;            // after its last code
  uint32_t comment_start = 0;  // the comment holding it (it may follow other text: `# type: ignore  # noqa: X`)
  uint32_t comment_end = 0;
  bool own_line = false;       // the comment stands alone on its line
  std::vector<Code> codes;
};

class Suppressions {
 public:
  static Suppressions collect(const Source& source, TSNode root);
  bool suppresses(uint32_t line, std::string_view code) const;
  // The line directives that name codes, in source order (a line with two directives keeps neither).
  const std::vector<WrittenDirective>& written() const { return written_; }

 private:
  struct Directive {
    bool all = false;
    std::vector<std::string> codes;
    bool matches(std::string_view code) const;
  };
  std::unordered_map<uint32_t, Directive> lines_;
  Directive file_;
  bool has_file_directive_ = false;
  std::vector<WrittenDirective> written_;
};

// A directive's jitlint codes that suppressed nothing: JT codes for which `checked(code)` (the rule ran on this
// file) holds and no diagnostic of `diagnostics` (the file's, before suppression) starts on the directive's line.
struct UnusedCodes {
  const WrittenDirective* directive = nullptr;
  std::vector<std::string> unused;
  Edit removal;  // drops the unused codes, or the whole directive (and the comment, when it is all) when none stays
};
std::vector<UnusedCodes> unused_codes(const Source& source, const Suppressions& suppressions,
                                      const std::vector<Diagnostic>& diagnostics,
                                      const std::function<bool(std::string_view code)>& checked);

}  // namespace jitlint
