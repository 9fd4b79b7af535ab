# The Debian package (deploy/debian) built with dpkg-buildpackage around the binary built here,
# checked with dpkg-deb and unpacked into a scratch root (docs/operations.md, Tests).
add_test(NAME deploy.debian_package
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/debian_package_test.sh ${PROJECT_SOURCE_DIR}
          $<TARGET_FILE:newswired> ${CMAKE_CURRENT_BINARY_DIR}/debian)
set_tests_properties(deploy.debian_package PROPERTIES LABELS "integration;deploy" TIMEOUT 600)
