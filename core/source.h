// core::Source owns a file's bytes once and answers every position question about them:
// byte offset <-> (line, UTF-8 byte column, character column, UTF-16 column for LSP).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jitlint {

struct Position {
  uint32_t line = 0;         // 0-based
  uint32_t byte_column = 0;  // bytes from the line start
  uint32_t char_column = 0;  // Unicode scalar values from the line start
  uint32_t utf16_column = 0; // UTF-16 code units from the line start (LSP)
};

class Source {
 public:
  // Fails (returns nullopt, fills `error`) when the bytes are not valid UTF-8.
  static std::optional<Source> from_bytes(std::string bytes, std::string* error);

  std::string_view text() const { return bytes_; }
  uint32_t size() const { return static_cast<uint32_t>(bytes_.size()); }
  // Length of a UTF-8 byte-order mark at the start (0 or 3). The BOM is not part of line 1's columns.
  uint32_t bom_length() const { return bom_length_; }
  uint32_t line_count() const { return static_cast<uint32_t>(line_starts_.size()); }
  uint32_t line_start(uint32_t line) const { return line_starts_[line]; }
  // End of the line's content, before "\n" or "\r\n".
  uint32_t line_end(uint32_t line) const;
  std::string_view line_text(uint32_t line) const;
  uint32_t line_of(uint32_t byte_offset) const;
  Position position(uint32_t byte_offset) const;
  std::string_view slice(uint32_t start, uint32_t end) const { return std::string_view(bytes_).substr(start, end - start); }
  // The file's line ending, as its first line ends ("\r\n" or "\n"; "\n" for a single line).
  std::string_view newline() const { return crlf_ ? "\r\n" : "\n"; }
  // Byte offset of a (0-based line, character column); clamps to the line end.
  uint32_t offset_of(uint32_t line, uint32_t char_column) const;

 private:
  Source() = default;
  std::string bytes_;
  uint32_t bom_length_ = 0;
  bool crlf_ = false;
  std::vector<uint32_t> line_starts_;
};

}  // namespace jitlint
