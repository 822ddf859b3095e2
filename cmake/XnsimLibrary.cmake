# xnsim_library(NAME name SRCS ... [DEPS ...] [PRIVATE_DEPS ...] [TEST_DEPS ...])
#
# The one way a folder declares itself: a static library `xnsim_<name>` from SRCS,
# public DEPS (a header of ours needs them) and PRIVATE_DEPS (only the .cpp files do),
# plus, when the folder has *_test.cpp files, one GoogleTest binary `<name>_test`
# registered with CTest, and for *_bench.cpp files one Google Benchmark binary
# `<name>_bench`. Keeping heavy dependencies PRIVATE keeps them out of the
# headers that the rest of the tree includes. Executables get xnsim's operator new
# (xnsim_link_allocator).
function(xnsim_link_allocator target)
  if(TARGET xnsim_new_delete)
    target_link_libraries(${target} PRIVATE xnsim_new_delete)
  endif()
endfunction()

function(xnsim_library)
  cmake_parse_arguments(X "" "NAME" "SRCS;DEPS;PRIVATE_DEPS;TEST_DEPS" ${ARGN})
  set(target xnsim_${X_NAME})
  if(NOT X_SRCS)  # default: every .cpp of the folder that is not a test or benchmark
    file(GLOB X_SRCS CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
    list(FILTER X_SRCS EXCLUDE REGEX "_(test|bench)\\.cpp$")
  endif()
  add_library(${target} STATIC ${X_SRCS})
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(${target} PUBLIC ${X_DEPS} PRIVATE ${X_PRIVATE_DEPS})

  file(GLOB tests CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*_test.cpp)
  if(tests)
    add_executable(${X_NAME}_test ${tests})
    target_link_libraries(${X_NAME}_test PRIVATE ${target} ${X_PRIVATE_DEPS} ${X_TEST_DEPS}
                          GTest::gtest GTest::gtest_main)
    xnsim_link_allocator(${X_NAME}_test)
    gtest_discover_tests(${X_NAME}_test DISCOVERY_MODE PRE_TEST
                         PROPERTIES ENVIRONMENT "XNSIM_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
  endif()

  file(GLOB benches CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*_bench.cpp)
  if(benches AND XNSIM_BENCHMARKS)
    add_executable(${X_NAME}_bench ${benches})
    target_link_libraries(${X_NAME}_bench PRIVATE ${target} ${X_PRIVATE_DEPS} benchmark::benchmark)
    xnsim_link_allocator(${X_NAME}_bench)
  endif()
endfunction()
