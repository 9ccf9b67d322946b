#include <catch2/catch.hpp>

#include "core/source.h"

using namespace jitlint;

TEST_CASE("positions count characters, UTF-16 units and skip a BOM", "[source]") {
  std::string error;
  auto source = Source::from_bytes("\xEF\xBB\xBFx = 1\r\ny = \"\xC3\xA9\xF0\x9F\x98\x80\" + z\n", &error);
  REQUIRE(source);
  CHECK(source->bom_length() == 3);
  CHECK(source->line_count() == 3);
  CHECK(source->line_text(0) == "x = 1");  // no BOM, no \r
  Position x = source->position(3);
  CHECK(x.line == 0);
  CHECK(x.char_column == 0);
  const uint32_t z = static_cast<uint32_t>(source->text().find('z'));
  Position pz = source->position(z);
  CHECK(pz.line == 1);
  CHECK(pz.char_column == 11);   // y = "é😀" + z : é and 😀 are one character each
  CHECK(pz.utf16_column == 12);  // 😀 is two UTF-16 units
  CHECK(pz.byte_column == 15);
  CHECK(source->offset_of(1, 11) == z);
}

TEST_CASE("invalid UTF-8 is an error naming the line", "[source]") {
  std::string error;
  CHECK_FALSE(Source::from_bytes("a = 1\nb = '\xFF'\n", &error));
  CHECK(error.find("not valid UTF-8") != std::string::npos);
  CHECK(error.find("line 2") != std::string::npos);
  CHECK_FALSE(Source::from_bytes("\xC0\x80", &error));        // overlong
  CHECK_FALSE(Source::from_bytes("\xED\xA0\x80", &error));    // surrogate
  CHECK(Source::from_bytes("", &error));
}
