#pragma once

#include "daemon/config/config.h"
#include "pipeline/tag/tagger.h"

namespace newswired {

// The tagger chain for a configuration, in the order the taggers run.
TaggerChain build_tagger(const Config& config);

}  // namespace newswired
