#!/usr/bin/env bash
# Every C++ file is formatted by the project's .clang-format.
set -euo pipefail
cd "$1"
git ls-files -- '*.h' '*.cc' | xargs clang-format --dry-run --Werror
