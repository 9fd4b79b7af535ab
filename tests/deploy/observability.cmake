# Operators' view of newswired (docs/observability.md): alert rules and their unit tests, the
# Grafana dashboard against a live Prometheus scraping the demo daemon, docker-compose wiring.
add_test(NAME deploy.prometheus_rules
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/prometheus_rules_test.sh ${PROJECT_SOURCE_DIR})
add_test(NAME deploy.observability_live
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/observability_live_test.sh ${PROJECT_SOURCE_DIR}
          $<TARGET_FILE:newswired> ${CMAKE_CURRENT_BINARY_DIR}/observability)
add_test(NAME deploy.compose_consistency
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/compose_consistency_test.py ${PROJECT_SOURCE_DIR}
          $<TARGET_FILE:newswired>)
set_tests_properties(deploy.prometheus_rules deploy.observability_live deploy.compose_consistency
  PROPERTIES LABELS integration)
set_tests_properties(deploy.observability_live PROPERTIES TIMEOUT 300)
