#pragma once
// The process_* metrics every Prometheus client library exports (CPU, memory, file
// descriptors, start time) and prometheus-cpp does not: read from /proc at each scrape.

#include <vector>

#include <prometheus/metric_family.h>

namespace newswired {

// Empty where /proc cannot be read (not Linux, or hidden): a scrape never fails for it.
std::vector<prometheus::MetricFamily> process_metrics();

}  // namespace newswired
