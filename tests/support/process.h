#pragma once
// Runs the real newswired binary (and other tools) from tests.

#include <chrono>
#include <string>
#include <vector>

#include <sys/types.h>

namespace newswired::testing {

struct Child {
  pid_t pid = -1;
  std::string stdout_path;
  std::string stderr_path;
};

// Starts argv[0] with stdout/stderr redirected to `log_prefix`.out / .err.
Child spawn(const std::vector<std::string>& argv, const std::string& log_prefix);
// Waits at most `timeout`; kills with SIGKILL after it and returns -1. Else the exit status
// (128+signal if killed by a signal).
int wait_for(const Child& c, std::chrono::seconds timeout);
// Runs to completion (at most `timeout`).
int run(const std::vector<std::string>& argv, const std::string& log_prefix,
        std::chrono::seconds timeout = std::chrono::seconds(120));
std::string read_file(const std::string& path);

}  // namespace newswired::testing
