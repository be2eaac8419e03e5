#include "platform/auth/password.h"

#include <sodium.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <set>
#include <stdexcept>

namespace fleetkam::auth {
namespace {
std::atomic<HashCost> cost{HashCost::interactive};

void limits(unsigned long long& ops, size_t& mem) {
  switch (cost.load()) {
    case HashCost::interactive:
      ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
      mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
      break;
    case HashCost::moderate:
      ops = crypto_pwhash_OPSLIMIT_MODERATE;
      mem = crypto_pwhash_MEMLIMIT_MODERATE;
      break;
    case HashCost::minimum:
      ops = crypto_pwhash_OPSLIMIT_MIN;
      mem = crypto_pwhash_MEMLIMIT_MIN;
      break;
  }
}

void ensure_sodium() {
  static const int ready = sodium_init();
  if (ready < 0) throw std::runtime_error("libsodium failed to initialise");
}
}  // namespace

void set_hash_cost(HashCost c) { cost.store(c); }

std::string hash_password(std::string_view password) {
  ensure_sodium();
  unsigned long long ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
  size_t mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
  limits(ops, mem);
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), ops, mem, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("out of memory while hashing a password");
  }
  return out;
}

bool verify_password(std::string_view hash, std::string_view password) {
  ensure_sodium();
  std::string stored(hash);
  return crypto_pwhash_str_verify(stored.c_str(), password.data(), password.size()) == 0;
}

void verify_dummy(std::string_view password) {
  static const std::string dummy = hash_password("fleetkam-dummy-password-0");
  verify_password(dummy, password);
}

std::optional<std::string> password_problem(std::string_view password, std::string_view username) {
  size_t characters = 0;
  for (unsigned char c : password) characters += (c & 0xC0) != 0x80;
  if (characters < 10) return "must be at least 10 characters";
  if (characters > 128) return "must be at most 128 characters";
  bool letter = false, digit = false, other = false;
  for (unsigned char c : password) {
    if (std::isalpha(c) || c >= 0x80) {  // any non-ASCII character (Chinese) counts as a letter
      letter = true;
    } else if (std::isdigit(c)) {
      digit = true;
    } else {
      other = true;
    }
  }
  if (letter + digit + other < 2) return "must mix at least two of: letters, digits, other characters";
  std::string lower_password(password), lower_user(username);
  auto lower = [](std::string& s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  };
  lower(lower_password);
  lower(lower_user);
  if (!lower_user.empty() && lower_password.find(lower_user) != std::string::npos) {
    return "must not contain the username";
  }
  // The passwords of ten or more characters that lead the published lists of leaked ones (ASVS
  // 2.1.7), and the keyboard and pinyin ones Chinese users favour; compared without case.
  static const std::set<std::string, std::less<>> common = {
      "1234567890",   "12345678910", "123456789a",  "123456789q",  "1q2w3e4r5t",  "1qaz2wsx3edc", "a123456789",
      "abc1234567",   "abcd123456",  "admin12345",  "admin123456", "asdfghjkl1",  "iloveyou12",   "password01",
      "password12",   "password123", "passw0rd12",  "p@ssw0rd123", "qwerty1234",  "qwerty12345",  "qwertyuiop1",
      "qwe123456789", "woaini1314",  "woaini520",   "5201314520",  "1314520520",  "aa123456789",  "zxcvbnm123",
      "qazwsx123456", "welcome123",  "changeme123", "letmein123",  "football123", "computer123",  "baidu123456"};
  if (common.count(lower_password)) return "is one of the most common passwords";
  return std::nullopt;
}

}  // namespace fleetkam::auth
