# The container image (deploy/Dockerfile) built by podman around the binary built here and run
# read-only against the services fixture's broker (docs/operations.md, Tests). The base root file
# system and podman's storage are kept in deploy/container-cache of the build tree between runs.
add_test(NAME deploy.container
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/container_test.sh ${PROJECT_SOURCE_DIR}
          $<TARGET_FILE:newswired> ${CMAKE_BINARY_DIR}/deploy/container-cache
          ${CMAKE_CURRENT_BINARY_DIR}/container)
# NW_IT_DIR as tests/integration sets it: the fixture's broker writes its address there.
set_tests_properties(deploy.container PROPERTIES
  LABELS "integration;deploy" FIXTURES_REQUIRED services SKIP_RETURN_CODE 77 TIMEOUT 900
  ENVIRONMENT "NW_IT_DIR=${CMAKE_BINARY_DIR}/integration")
