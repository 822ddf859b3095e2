# CLI tests: tools/cli_test.sh drives the built xnsim binary over scenarios/ and
# tools/testdata/ (exit codes, error messages, failure reports, determinism, report
# files). One CTest test per group of checks, so a failure names what broke.
find_program(XNSIM_BASH bash REQUIRED)
get_filename_component(xnsim_cli_root "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)

set(xnsim_cli_test_groups usage run validate bad-input failing determinism reports conformance
    capacity graph explain explore golden diff)
foreach(group IN LISTS xnsim_cli_test_groups)
  add_test(NAME cli.${group}
           COMMAND ${XNSIM_BASH} ${xnsim_cli_root}/tools/cli_test.sh
                   $<TARGET_FILE:xnsim> ${group}
           WORKING_DIRECTORY ${xnsim_cli_root})
  set_tests_properties(cli.${group} PROPERTIES LABELS cli TIMEOUT 300)
endforeach()
