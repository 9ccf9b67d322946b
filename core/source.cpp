#include "core/source.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace jitlint {
namespace {

// Length of the UTF-8 sequence starting at `p`, or 0 when it is not a valid, shortest-form scalar value.
size_t utf8_sequence_length(const unsigned char* p, size_t available) {
  const unsigned char c = p[0];
  if (c < 0x80) return 1;
  size_t length;
  uint32_t min_value;
  uint32_t value;
  if ((c & 0xE0) == 0xC0) { length = 2; min_value = 0x80; value = c & 0x1F; }
  else if ((c & 0xF0) == 0xE0) { length = 3; min_value = 0x800; value = c & 0x0F; }
  else if ((c & 0xF8) == 0xF0) { length = 4; min_value = 0x10000; value = c & 0x07; }
  else return 0;
  if (length > available) return 0;
  for (size_t i = 1; i < length; ++i) {
    if ((p[i] & 0xC0) != 0x80) return 0;
    value = (value << 6) | (p[i] & 0x3F);
  }
  if (value < min_value || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return 0;
  return length;
}

}  // namespace

std::optional<Source> Source::from_bytes(std::string bytes, std::string* error) {
  Source source;
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t size = bytes.size();
  if (size > UINT32_MAX - 1) {
    if (error) *error = "file is too large (over 4 GiB)";
    return std::nullopt;
  }
  for (size_t i = 0; i < size;) {
    // Source is mostly ASCII: step over eight such bytes at a time.
    uint64_t word;
    if (i + 8 <= size && (std::memcpy(&word, data + i, 8), (word & 0x8080808080808080ull) == 0)) {
      i += 8;
      continue;
    }
    const size_t length = utf8_sequence_length(data + i, size - i);
    if (length == 0) {
      if (error) {
        // Only now is the line worth counting.
        const size_t line = 1 + std::count(data, data + i, '\n');
        const unsigned char* newline = static_cast<const unsigned char*>(memrchr(data, '\n', i));
        const size_t line_start = newline ? static_cast<size_t>(newline - data) + 1 : 0;
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02x", data[i]);
        *error = "not valid UTF-8 (invalid byte " + std::string(hex) + " at line " + std::to_string(line) +
                 ", byte column " + std::to_string(i - line_start + 1) + ")";
      }
      return std::nullopt;
    }
    i += length;
  }
  source.bytes_ = std::move(bytes);
  const std::string_view text = source.bytes_;
  source.bom_length_ = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  source.line_starts_.push_back(source.bom_length_);
  for (const char* at = text.data(); (at = static_cast<const char*>(std::memchr(at, '\n', text.data() + text.size() - at)));) {
    ++at;
    source.line_starts_.push_back(static_cast<uint32_t>(at - text.data()));
  }
  const size_t first_newline = text.find('\n');
  source.crlf_ = first_newline != std::string_view::npos && first_newline > 0 && text[first_newline - 1] == '\r';
  return source;
}

uint32_t Source::line_end(uint32_t line) const {
  uint32_t end = line + 1 < line_count() ? line_starts_[line + 1] - 1 : size();
  if (line + 1 < line_count() && end > line_starts_[line] && bytes_[end - 1] == '\r') --end;
  if (line + 1 == line_count() && end > line_starts_[line] && bytes_[end - 1] == '\r') --end;
  return end;
}

std::string_view Source::line_text(uint32_t line) const {
  return slice(line_starts_[line], line_end(line));
}

uint32_t Source::line_of(uint32_t byte_offset) const {
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), byte_offset);
  return it == line_starts_.begin() ? 0 : static_cast<uint32_t>(it - line_starts_.begin() - 1);
}

Position Source::position(uint32_t byte_offset) const {
  byte_offset = std::min(byte_offset, size());
  Position pos;
  pos.line = line_of(byte_offset);
  const uint32_t start = std::max(line_starts_[pos.line], std::min(byte_offset, line_starts_[pos.line]));
  pos.byte_column = byte_offset >= start ? byte_offset - start : 0;
  for (uint32_t i = start; i < byte_offset;) {
    const auto c = static_cast<unsigned char>(bytes_[i]);
    const uint32_t length = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    pos.char_column += 1;
    pos.utf16_column += length == 4 ? 2 : 1;
    i += length;
  }
  return pos;
}

uint32_t Source::offset_of(uint32_t line, uint32_t char_column) const {
  if (line >= line_count()) return size();
  uint32_t i = line_starts_[line];
  const uint32_t end = line_end(line);
  for (uint32_t c = 0; c < char_column && i < end; ++c) {
    const auto byte = static_cast<unsigned char>(bytes_[i]);
    i += byte < 0x80 ? 1 : (byte & 0xE0) == 0xC0 ? 2 : (byte & 0xF0) == 0xE0 ? 3 : 4;
  }
  return std::min(i, end);
}

}  // namespace jitlint
