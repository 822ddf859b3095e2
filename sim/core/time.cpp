// Go's duration syntax and RFC 3339 timestamps, reproduced byte for byte so that
// scenario files and printed objects read exactly as the Go components' do.
#include "sim/core/time.h"

#include <cstdint>
#include <cstdio>
#include <string>

#include "sim/core/ascii.h"

namespace xnsim {
namespace {

// Go's time.quote, which differs from strconv.Quote: printable ASCII as is (with " and
// \ escaped), every other byte as \xNN.
std::string TimeQuote(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c >= 0x80 || c < ' ') {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    } else {
      if (c == '"' || c == '\\') out += '\\';
      out += static_cast<char>(c);
    }
  }
  out += '"';
  return out;
}

Status InvalidDuration(std::string_view orig) {
  return InputError("time: invalid duration " + TimeQuote(orig));
}


constexpr uint64_t kTwo63 = uint64_t{1} << 63;

uint64_t UnitNanos(std::string_view u) {
  if (u == "ns") return 1;
  if (u == "us" || u == "\xC2\xB5s" || u == "\xCE\xBCs") return 1000;  // us, µs (U+00B5), μs (U+03BC)
  if (u == "ms") return 1000 * 1000;
  if (u == "s") return kSecond;
  if (u == "m") return kMinute;
  if (u == "h") return kHour;
  return 0;
}

// Howard Hinnant's days_from_civil: days since 1970-01-01 of a proleptic Gregorian date.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int64_t>(yoe) + era * 400 + (m <= 2);
}

bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned DaysInMonth(int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

}  // namespace

// Mirrors Go's time.ParseDuration step by step, including its use of float64 for the
// fractional part (so "1.0000000001h" truncates exactly as Go truncates it).
StatusOr<SimDuration> ParseDuration(std::string_view text) {
  const std::string_view orig = text;
  std::string_view s = text;
  bool neg = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s == "0") return SimDuration{0};
  if (s.empty()) return InvalidDuration(orig);

  uint64_t d = 0;
  while (!s.empty()) {
    if (!(s[0] == '.' || IsDigit(s[0]))) return InvalidDuration(orig);

    // Leading integer; overflow past 2^63 is an error.
    uint64_t v = 0;
    size_t i = 0;
    for (; i < s.size() && IsDigit(s[i]); ++i) {
      if (v > kTwo63 / 10) return InvalidDuration(orig);
      v = v * 10 + static_cast<uint64_t>(s[i] - '0');
      if (v > kTwo63) return InvalidDuration(orig);
    }
    const bool pre = i != 0;
    s.remove_prefix(i);

    // Fraction: stops accumulating precision on overflow instead of failing.
    uint64_t f = 0;
    double scale = 1;
    bool post = false;
    if (!s.empty() && s[0] == '.') {
      s.remove_prefix(1);
      size_t j = 0;
      bool overflow = false;
      for (; j < s.size() && IsDigit(s[j]); ++j) {
        if (overflow) continue;
        if (f > (kTwo63 - 1) / 10) {
          overflow = true;
          continue;
        }
        uint64_t y = f * 10 + static_cast<uint64_t>(s[j] - '0');
        if (y > kTwo63) {
          overflow = true;
          continue;
        }
        f = y;
        scale *= 10;
      }
      post = j != 0;
      s.remove_prefix(j);
    }
    if (!pre && !post) return InvalidDuration(orig);

    size_t u = 0;
    while (u < s.size() && !(s[u] == '.' || IsDigit(s[u]))) ++u;
    if (u == 0) return InputError("time: missing unit in duration " + TimeQuote(orig));
    const std::string_view unit_text = s.substr(0, u);
    s.remove_prefix(u);
    const uint64_t unit = UnitNanos(unit_text);
    if (unit == 0) {
      return InputError("time: unknown unit " + TimeQuote(unit_text) + " in duration " +
                        TimeQuote(orig));
    }
    if (v > kTwo63 / unit) return InvalidDuration(orig);
    v *= unit;
    if (f > 0) {
      v += static_cast<uint64_t>(static_cast<double>(f) * (static_cast<double>(unit) / scale));
      if (v > kTwo63) return InvalidDuration(orig);
    }
    d += v;
    if (d > kTwo63) return InvalidDuration(orig);
  }
  if (neg) return static_cast<SimDuration>(0 - d);  // -2^63 wraps to INT64_MIN as in Go
  if (d > kTwo63 - 1) return InvalidDuration(orig);
  return static_cast<SimDuration>(d);
}

namespace {

// Go's fmtFrac: writes v/10^prec's fraction without trailing zeros (and without the
// point when it is zero) ending at buf[w]; returns the new start and v/10^prec.
int FmtFrac(char* buf, int w, uint64_t& v, int prec) {
  bool print = false;
  for (int i = 0; i < prec; ++i) {
    const uint64_t digit = v % 10;
    print = print || digit != 0;
    if (print) buf[--w] = static_cast<char>('0' + digit);
    v /= 10;
  }
  if (print) buf[--w] = '.';
  return w;
}

int FmtInt(char* buf, int w, uint64_t v) {
  if (v == 0) {
    buf[--w] = '0';
    return w;
  }
  while (v > 0) {
    buf[--w] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  return w;
}

}  // namespace

std::string FormatDuration(SimDuration d) {
  char buf[32];
  int w = sizeof(buf);
  uint64_t u = static_cast<uint64_t>(d);
  const bool neg = d < 0;
  if (neg) u = 0 - u;

  if (u < static_cast<uint64_t>(kSecond)) {
    int prec = 0;
    buf[--w] = 's';
    --w;
    if (u == 0) {
      buf[w] = '0';
      return std::string(buf + w, sizeof(buf) - w);
    } else if (u < static_cast<uint64_t>(kMicrosecond)) {
      prec = 0;
      buf[w] = 'n';
    } else if (u < static_cast<uint64_t>(kMillisecond)) {
      prec = 3;
      --w;  // "µ" is two bytes in UTF-8
      buf[w] = '\xC2';
      buf[w + 1] = '\xB5';
    } else {
      prec = 6;
      buf[w] = 'm';
    }
    w = FmtFrac(buf, w, u, prec);
    w = FmtInt(buf, w, u);
  } else {
    buf[--w] = 's';
    w = FmtFrac(buf, w, u, 9);
    w = FmtInt(buf, w, u % 60);
    u /= 60;
    if (u > 0) {
      buf[--w] = 'm';
      w = FmtInt(buf, w, u % 60);
      u /= 60;
      if (u > 0) {
        buf[--w] = 'h';
        w = FmtInt(buf, w, u);
      }
    }
  }
  if (neg) buf[--w] = '-';
  return std::string(buf + w, sizeof(buf) - w);
}

std::string FormatTimestamp(SimTime t) {
  // metav1.Time marshals with second precision: the fraction is dropped (floored).
  const int64_t unix_seconds = kEpochUnixSeconds + FloorDiv(t, kSecond);
  const int64_t days = FloorDiv(unix_seconds, 86400);
  const int64_t secs_of_day = unix_seconds - days * 86400;
  int64_t y;
  unsigned m, d;
  CivilFromDays(days, y, m, d);
  char buf[48];
  std::snprintf(buf, sizeof(buf), "%04lld-%02u-%02uT%02d:%02d:%02dZ", static_cast<long long>(y), m,
                d, static_cast<int>(secs_of_day / 3600), static_cast<int>(secs_of_day / 60 % 60),
                static_cast<int>(secs_of_day % 60));
  return buf;
}

namespace {

// Reads exactly n digits at s[pos]; false if any is missing.
bool ReadDigits(std::string_view s, size_t& pos, int n, int64_t& out) {
  if (pos + n > s.size()) return false;
  int64_t v = 0;
  for (int i = 0; i < n; ++i) {
    const char c = s[pos + i];
    if (!IsDigit(c)) return false;
    v = v * 10 + (c - '0');
  }
  pos += n;
  out = v;
  return true;
}

bool Expect(std::string_view s, size_t& pos, char c) {
  if (pos >= s.size() || s[pos] != c) return false;
  ++pos;
  return true;
}

}  // namespace

StatusOr<SimTime> ParseTimestamp(std::string_view text) {
  const Status bad = InputError("parsing time \"" + std::string(text) +
                                "\": not an RFC 3339 time like \"2006-01-02T15:04:05Z\"");
  size_t pos = 0;
  int64_t year, month, day, hour, minute, second;
  if (!ReadDigits(text, pos, 4, year) || !Expect(text, pos, '-') ||
      !ReadDigits(text, pos, 2, month) || !Expect(text, pos, '-') ||
      !ReadDigits(text, pos, 2, day) || !Expect(text, pos, 'T') ||
      !ReadDigits(text, pos, 2, hour) || !Expect(text, pos, ':') ||
      !ReadDigits(text, pos, 2, minute) || !Expect(text, pos, ':') ||
      !ReadDigits(text, pos, 2, second)) {
    return bad;
  }
  if (month < 1 || month > 12 || day < 1 ||
      day > DaysInMonth(year, static_cast<unsigned>(month)) || hour > 23 || minute > 59 ||
      second > 59) {
    return bad;
  }
  int64_t frac_nanos = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    int digits = 0;
    int64_t scale = kSecond;
    while (pos < text.size() && IsDigit(text[pos])) {
      if (digits < 9) {
        scale /= 10;
        frac_nanos += (text[pos] - '0') * scale;
      }
      ++digits;
      ++pos;
    }
    if (digits == 0) return bad;
  }
  int64_t offset_seconds = 0;
  if (pos < text.size() && text[pos] == 'Z') {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    const int64_t sign = text[pos] == '-' ? -1 : 1;
    ++pos;
    int64_t oh, om;
    if (!ReadDigits(text, pos, 2, oh) || !Expect(text, pos, ':') ||
        !ReadDigits(text, pos, 2, om) || oh > 23 || om > 59) {
      return bad;
    }
    offset_seconds = sign * (oh * 3600 + om * 60);
  } else {
    return bad;
  }
  if (pos != text.size()) return bad;

  const int64_t days =
      DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  const int64_t unix_seconds = days * 86400 + hour * 3600 + minute * 60 + second - offset_seconds;
  return (unix_seconds - kEpochUnixSeconds) * kSecond + frac_nanos;
}

}  // namespace xnsim
