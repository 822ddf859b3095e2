#include "sim/core/quote.h"

#include <gtest/gtest.h>

namespace xnsim {
namespace {

TEST(Quote, GoQuoteEscapesLikeStrconvQuote) {
  EXPECT_EQ(GoQuote("db"), "\"db\"");
  EXPECT_EQ(GoQuote("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(GoQuote("x\ny\tz\a\v"), "\"x\\ny\\tz\\a\\v\"");
  EXPECT_EQ(GoQuote(std::string_view("\x01\x7f", 2)), "\"\\x01\\x7f\"");
  EXPECT_EQ(GoQuote("ü"), "\"ü\"");
}

TEST(Quote, JsonStringLikeGoEncodingJson) {
  EXPECT_EQ(JsonQuote("a\"b\\c\n"), "\"a\\\"b\\\\c\\n\"");
  EXPECT_EQ(JsonQuote(std::string_view("\b\x1f", 2)), "\"\\u0008\\u001f\"");
  EXPECT_EQ(JsonQuote("<a&b>"), "\"<a&b>\"");
  EXPECT_EQ(JsonQuote("<a&b>", /*escape_html=*/true), "\"\\u003ca\\u0026b\\u003e\"");
}

}  // namespace
}  // namespace xnsim
