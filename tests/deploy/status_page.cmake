# The status page in a real browser: headless Chromium renders /status of a running daemon;
# the DOM and a screenshot are checked, and the screenshot is kept as
# tests/deploy/status_page/status.png under the build tree.
add_test(NAME deploy.status_page
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/status_page_test.py $<TARGET_FILE:newswired>
          ${PROJECT_SOURCE_DIR}/configs/demo/world-rss.xml ${CMAKE_CURRENT_BINARY_DIR}/status_page)
set_tests_properties(deploy.status_page PROPERTIES LABELS integration TIMEOUT 90)
