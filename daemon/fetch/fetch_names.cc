// The names reports and events go by in logs and metric labels: a closed list, so that label
// cardinality stays bounded.

#include "daemon/fetch/fetcher.h"

namespace newswired {

std::string_view to_string(FetchReport::Result r) {
  using R = FetchReport::Result;
  switch (r) {
    case R::kOk:
      return "ok";
    case R::kNotModified:
      return "not_modified";
    case R::kHttpError:
      return "http_error";
    case R::kTransportError:
      return "transport_error";
    case R::kTooLarge:
      return "too_large";
  }
  return "unknown";
}

std::string_view to_string(FetchEvent::Kind k) {
  using K = FetchEvent::Kind;
  switch (k) {
    case K::kMoved:
      return "moved";
    case K::kGone:
      return "gone";
    case K::kCircuitOpened:
      return "circuit_opened";
    case K::kCircuitProbe:
      return "circuit_probe";
    case K::kCircuitClosed:
      return "circuit_closed";
    case K::kQuiet:
      return "quiet";
    case K::kActive:
      return "active";
  }
  return "unknown";
}

}  // namespace newswired
