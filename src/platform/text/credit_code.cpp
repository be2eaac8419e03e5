#include "platform/text/credit_code.h"

#include <utf8proc.h>

#include <array>
#include <stdexcept>
#include <vector>

namespace fleetkam::text {

namespace {

// The 31 characters of GB 32100: digits and upper-case letters without I O Z S V. A character's
// index here is its value in the final check.
constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr std::string_view kAuthorities = "123456789ABCDEFGHNY";
constexpr std::array<int, 17> kCodeWeights = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
constexpr std::array<int, 8> kOrganisationWeights = {3, 7, 9, 10, 5, 8, 4, 2};
constexpr size_t kLength = 18;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// GB 11714: digits count as themselves, letters A=10 … Z=35 (unlike the final check).
char organisation_check(std::string_view body8) {
  int sum = 0;
  for (size_t i = 0; i < kOrganisationWeights.size(); ++i) {
    char c = body8[i];
    int value = is_digit(c) ? c - '0' : c - 'A' + 10;
    sum += value * kOrganisationWeights[i];
  }
  int check = 11 - sum % 11;
  if (check == 10) return 'X';
  if (check == 11) return '0';
  return static_cast<char>('0' + check);
}

char code_check(std::string_view first17) {
  int sum = 0;
  for (size_t i = 0; i < kCodeWeights.size(); ++i) {
    sum += static_cast<int>(kAlphabet.find(first17[i])) * kCodeWeights[i];
  }
  return kAlphabet[(31 - sum % 31) % 31];
}

// Splits text into its characters as UTF-8 byte ranges; a byte that starts no valid sequence is a
// character of its own, so garbage is reported at a position instead of breaking the count.
std::vector<std::string_view> characters(std::string_view text) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < text.size()) {
    utf8proc_int32_t cp = 0;
    auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + i),
                              static_cast<utf8proc_ssize_t>(text.size() - i), &cp);
    size_t len = n > 0 ? static_cast<size_t>(n) : 1;
    out.push_back(text.substr(i, len));
    i += len;
  }
  return out;
}

bool allowed_at(size_t position, char c) {
  if (kAlphabet.find(c) == std::string_view::npos) return false;
  if (position == 1) return kAuthorities.find(c) != std::string_view::npos;
  if (position >= 3 && position <= 8) return is_digit(c);
  if (position == 17) return is_digit(c) || c == 'X';
  return true;
}

const char* role_of(size_t position) {
  if (position == 1) return " (registration authority)";
  if (position >= 3 && position <= 8) return " (division code digit)";
  if (position == 17) return " (organisation-code check: digit or X)";
  return "";
}

}  // namespace

std::optional<std::string> credit_code_problem(std::string_view code) {
  auto chars = characters(code);
  if (chars.size() != kLength) return "must be 18 characters, not " + std::to_string(chars.size());
  for (size_t i = 0; i < chars.size(); ++i) {
    size_t position = i + 1;
    if (chars[i].size() != 1 || !allowed_at(position, chars[i][0])) {
      return "character '" + std::string(chars[i]) + "' not allowed at position " + std::to_string(position) +
             role_of(position);
    }
  }
  if (code[16] != organisation_check(code.substr(8, 8))) {
    return std::string("wrong GB 11714 organisation-code check character at position 17");
  }
  char expected = code_check(code.substr(0, 17));
  if (code[17] != expected) return std::string("wrong check character, expected ") + expected;
  return std::nullopt;
}

std::string normalize_credit_code(std::string_view input) {
  std::string out;
  out.reserve(input.size());
  size_t i = 0;
  while (i < input.size()) {
    utf8proc_int32_t cp = 0;
    auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(input.data() + i),
                              static_cast<utf8proc_ssize_t>(input.size() - i), &cp);
    if (n <= 0) {  // not UTF-8: keep the byte, validation will name it
      out.push_back(input[i]);
      ++i;
      continue;
    }
    if (cp >= 0xFF01 && cp <= 0xFF5E) {
      cp -= 0xFEE0;  // full-width ASCII to ASCII
    } else if (cp == 0x3000) {
      cp = ' ';  // ideographic space
    }
    if (cp < 0x80) {
      char c = static_cast<char>(cp);
      out.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
    } else {
      out.append(input.substr(i, static_cast<size_t>(n)));
    }
    i += static_cast<size_t>(n);
  }
  constexpr std::string_view kSpace = " \t\n\r\f\v";
  auto begin = out.find_first_not_of(kSpace);
  if (begin == std::string::npos) return {};
  auto end = out.find_last_not_of(kSpace);
  return out.substr(begin, end - begin + 1);
}

std::string complete_credit_code(std::string_view first16) {
  if (first16.size() != 16 || first16.find_first_not_of(kAlphabet) != std::string_view::npos) {
    throw std::invalid_argument("complete_credit_code needs 16 characters of the credit-code alphabet");
  }
  std::string code(first16);
  code.push_back(organisation_check(code.substr(8, 8)));
  code.push_back(code_check(code));
  if (auto problem = credit_code_problem(code)) throw std::invalid_argument("complete_credit_code: " + *problem);
  return code;
}

}  // namespace fleetkam::text
