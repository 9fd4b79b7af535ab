#include "pipeline/parse/uri.h"

#include <optional>

namespace newswired {
namespace {

struct UriParts {
  std::optional<std::string_view> scheme;
  std::optional<std::string_view> authority;
  std::string_view path;
  std::optional<std::string_view> query;
  std::optional<std::string_view> fragment;
};

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_scheme_char(char c) {
  return is_alpha(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
}

UriParts split(std::string_view s) {
  UriParts p;
  if (std::size_t hash = s.find('#'); hash != std::string_view::npos) {
    p.fragment = s.substr(hash + 1);
    s = s.substr(0, hash);
  }
  if (std::size_t q = s.find('?'); q != std::string_view::npos) {
    p.query = s.substr(q + 1);
    s = s.substr(0, q);
  }
  if (std::size_t colon = s.find(':');
      colon != std::string_view::npos && colon > 0 && is_alpha(s[0])) {
    bool valid = true;
    for (std::size_t i = 0; i < colon; ++i) valid = valid && is_scheme_char(s[i]);
    if (valid) {
      p.scheme = s.substr(0, colon);
      s = s.substr(colon + 1);
    }
  }
  if (s.starts_with("//")) {
    std::size_t end = s.find('/', 2);
    if (end == std::string_view::npos) end = s.size();
    p.authority = s.substr(2, end - 2);
    s = s.substr(end);
  }
  p.path = s;
  return p;
}

// RFC 3986 section 5.2.4.
std::string remove_dot_segments(std::string_view in) {
  std::string out;
  while (!in.empty()) {
    if (in.starts_with("../")) {
      in.remove_prefix(3);
    } else if (in.starts_with("./")) {
      in.remove_prefix(2);
    } else if (in.starts_with("/./")) {
      in.remove_prefix(2);
    } else if (in == "/.") {
      in = "/";
    } else if (in.starts_with("/../") || in == "/..") {
      in = in.size() == 3 ? std::string_view("/") : in.substr(3);
      std::size_t last = out.rfind('/');
      out.erase(last == std::string::npos ? 0 : last);
    } else if (in == "." || in == "..") {
      in = {};
    } else {
      std::size_t next = in.find('/', in.front() == '/' ? 1 : 0);
      if (next == std::string_view::npos) next = in.size();
      out.append(in.substr(0, next));
      in.remove_prefix(next);
    }
  }
  return out;
}

std::string merge(const UriParts& base, std::string_view ref_path) {
  if (base.authority && base.path.empty()) return "/" + std::string(ref_path);
  std::size_t last = base.path.rfind('/');
  if (last == std::string_view::npos) return std::string(ref_path);
  return std::string(base.path.substr(0, last + 1)) + std::string(ref_path);
}

}  // namespace

std::string resolve_reference(std::string_view base, std::string_view ref) {
  if (base.empty()) return std::string(ref);
  const UriParts b = split(base);
  const UriParts r = split(ref);
  std::optional<std::string_view> scheme = r.scheme ? r.scheme : b.scheme;
  std::optional<std::string_view> authority;
  std::optional<std::string_view> query = r.query;
  std::string path;
  if (r.scheme || r.authority) {
    authority = r.authority;
    path = remove_dot_segments(r.path);
  } else {
    authority = b.authority;
    if (r.path.empty()) {
      path = std::string(b.path);
      if (!query) query = b.query;
    } else if (r.path.front() == '/') {
      path = remove_dot_segments(r.path);
    } else {
      path = remove_dot_segments(merge(b, r.path));
    }
  }

  std::string out;
  if (scheme) out.append(*scheme).append(":");
  if (authority) out.append("//").append(*authority);
  out.append(path);
  if (query) out.append("?").append(*query);
  if (r.fragment) out.append("#").append(*r.fragment);
  return out;
}

}  // namespace newswired
