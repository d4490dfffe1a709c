# Script tests: each is `bash tests/<path>`; the same list drives tests/meson.build.
# Format of tests/script_tests.txt: one "name path [label [serial]]" per line.
# A new line in the list reconfigures, so the test is registered without a manual cmake run.
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/script_tests.txt)
file(STRINGS ${CMAKE_CURRENT_LIST_DIR}/script_tests.txt _cowrap_script_tests REGEX "^[^#]")
foreach(_line IN LISTS _cowrap_script_tests)
  string(REPLACE " " ";" _fields "${_line}")
  list(GET _fields 0 _name)
  list(GET _fields 1 _path)
  add_test(NAME ${_name} COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/${_path})
  set_tests_properties(${_name} PROPERTIES ENVIRONMENT "${COWRAP_TEST_ENV}" TIMEOUT 3600)
  list(LENGTH _fields _n)
  if(_n GREATER 2)
    list(GET _fields 2 _label)
    set_tests_properties(${_name} PROPERTIES LABELS ${_label})
  endif()
  # "serial": the test measures waits, so it runs alone, not beside other tests.
  if(_n GREATER 3)
    list(GET _fields 3 _serial)
    if(_serial STREQUAL "serial")
      set_tests_properties(${_name} PROPERTIES RUN_SERIAL TRUE)
    endif()
  endif()
endforeach()
