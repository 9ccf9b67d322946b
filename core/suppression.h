// `# noqa` comments, parsed once per file: `# noqa` / `# noqa: JT201, JT101` on the reported line, and
// `# jitlint: noqa` (optionally with codes) on a line of its own for the whole file.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/syntax.h"

namespace jitlint {

class Suppressions {
 public:
  static Suppressions collect(const Source& source, TSNode root);
  bool suppresses(uint32_t line, std::string_view code) const;

 private:
  struct Directive {
    bool all = false;
    std::vector<std::string> codes;
    bool matches(std::string_view code) const;
  };
  std::unordered_map<uint32_t, Directive> lines_;
  Directive file_;
  bool has_file_directive_ = false;
};

}  // namespace jitlint
