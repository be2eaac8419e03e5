# FLEETKAM_FUZZ: the libFuzzer targets of fuzz/ (clang only), each linking the few sources it
# exercises rather than fleetkam_core, so that CI's cold build of them stays short. `make
# fuzz-build` configures build-fuzz with it; the other targets of this project are not built there.
option(FLEETKAM_FUZZ "Build the libFuzzer targets of fuzz/ (needs clang)" OFF)
if(NOT FLEETKAM_FUZZ)
  return()
endif()
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "FLEETKAM_FUZZ needs clang (configure with -DCMAKE_CXX_COMPILER=clang++)")
endif()

# The whole of UndefinedBehaviorSanitizer (this build is small, unlike FLEETKAM_SANITIZE's), every
# report fatal so that libFuzzer counts it as a crash and keeps the input. -O1: libFuzzer's own
# advice, fast to run and to compile; line tables for the stack traces; no NDEBUG, so assert()s hold.
set(FLEETKAM_FUZZ_SANITIZERS address,undefined)
set(CMAKE_CXX_FLAGS_RELWITHDEBINFO "-O1 -gline-tables-only")
set(FLEETKAM_FUZZ_FLAGS -fno-omit-frame-pointer -fno-sanitize-recover=all)

# Sources in the order of the areas: JSON bodies, spreadsheets, text rules, duplicate matcher (with
# the reference data it and pinyin read).
add_library(fleetkam_fuzz_code STATIC
  ${CMAKE_SOURCE_DIR}/src/platform/http/json_input.cpp
  ${CMAKE_SOURCE_DIR}/src/platform/sheets/sheets.cpp
  ${CMAKE_SOURCE_DIR}/src/platform/text/credit_code.cpp
  ${CMAKE_SOURCE_DIR}/src/platform/text/chinese.cpp
  ${CMAKE_SOURCE_DIR}/src/platform/text/pinyin.cpp
  ${CMAKE_SOURCE_DIR}/src/platform/refdata/divisions.cpp
  ${CMAKE_SOURCE_DIR}/src/modules/dedup/agency_names.cpp
  ${CMAKE_SOURCE_DIR}/src/modules/dedup/normaliser.cpp
  ${CMAKE_SOURCE_DIR}/src/modules/dedup/scoring.cpp
  ${CMAKE_SOURCE_DIR}/src/modules/dedup/name_index.cpp
  ${CMAKE_BINARY_DIR}/generated/refdata_data.cpp)
target_include_directories(fleetkam_fuzz_code PUBLIC ${CMAKE_SOURCE_DIR}/src)
target_compile_options(fleetkam_fuzz_code PUBLIC ${FLEETKAM_FUZZ_FLAGS}
  PRIVATE -fsanitize=fuzzer-no-link,${FLEETKAM_FUZZ_SANITIZERS})
target_link_libraries(fleetkam_fuzz_code PUBLIC
  PkgConfig::OPENCC PkgConfig::UTF8PROC PkgConfig::XLSXWRITER PkgConfig::LIBZIP PkgConfig::PUGIXML PkgConfig::ICU
  nlohmann_json::nlohmann_json)
# The embedded reference data is one string literal: instrumenting it buys nothing.
set_source_files_properties(${CMAKE_BINARY_DIR}/generated/refdata_data.cpp PROPERTIES COMPILE_OPTIONS -O0)

set(FLEETKAM_FUZZ_TARGETS fuzz_json_body fuzz_csv fuzz_xlsx fuzz_credit_code fuzz_pinyin fuzz_dedup)
foreach(name ${FLEETKAM_FUZZ_TARGETS})
  add_executable(${name} ${CMAKE_SOURCE_DIR}/fuzz/${name}.cpp)
  target_compile_options(${name} PRIVATE -fsanitize=fuzzer,${FLEETKAM_FUZZ_SANITIZERS})
  target_link_options(${name} PRIVATE -fsanitize=fuzzer,${FLEETKAM_FUZZ_SANITIZERS})
  target_include_directories(${name} PRIVATE ${CMAKE_SOURCE_DIR})
  target_link_libraries(${name} PRIVATE fleetkam_fuzz_code)
endforeach()
add_custom_target(fuzz_all DEPENDS ${FLEETKAM_FUZZ_TARGETS})

# Writes the .xlsx seeds of fuzz/corpus/fuzz_xlsx with the server's own writer (not part of fuzz_all:
# run it when the seeds change, and commit what it writes).
add_executable(fuzz_make_xlsx_seeds EXCLUDE_FROM_ALL ${CMAKE_SOURCE_DIR}/fuzz/make_xlsx_seeds.cpp)
target_link_options(fuzz_make_xlsx_seeds PRIVATE -fsanitize=${FLEETKAM_FUZZ_SANITIZERS})
target_link_libraries(fuzz_make_xlsx_seeds PRIVATE fleetkam_fuzz_code)
target_include_directories(fuzz_make_xlsx_seeds PRIVATE ${CMAKE_SOURCE_DIR})
