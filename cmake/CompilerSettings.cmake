# Warning policy and sanitizers, applied to project targets through sluice_project_options.
add_library(sluice_project_options INTERFACE)
target_compile_options(sluice_project_options INTERFACE
  $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
    -Wold-style-cast -Wcast-align -Wunused -Woverloaded-virtual -Wconversion
    -Wsign-conversion -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough>)
if(SLUICE_WERROR)
  target_compile_options(sluice_project_options INTERFACE -Werror)
endif()
if(SLUICE_SANITIZE)
  target_compile_options(sluice_project_options INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  target_link_options(sluice_project_options INTERFACE -fsanitize=address,undefined)
  # GCC 12 at -O2 with the sanitizers warns "may be used uninitialized" inside
  # libstdc++'s own <regex> (std::function in _State, GCC bug 105562): not our code, and
  # the same sources build clean without the sanitizers, where the check stays on.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(sluice_project_options INTERFACE -Wno-maybe-uninitialized)
  endif()
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
if(SLUICE_FUZZ)
  # Coverage instrumentation for every project library; the fuzz targets add the driver.
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

# sluice_add_library(name SOURCES... DEPS... [PRIVATE_DEPS...]): one static library per
# module, the module being the folder it is declared in. Its sources include
# "<module>/file.hpp"; the project root is on no module's include path. Instead each
# module gets a folder of its own in the build tree that holds only a link to itself,
# so a target sees its own headers and those of the modules it links: DEPS (its headers
# include theirs, so its users see them too) and PRIVATE_DEPS (only its sources do). An
# include of a module it does not link fails to compile. docs/architecture.md has the
# table of what may use what; ci/check-module-includes checks the sources against it.
function(sluice_add_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  sluice_module_headers(${name})
  target_link_libraries(${name} PUBLIC sluice_project_options ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
endfunction()

# sluice_module_headers(target): the module's own headers, and no others, on the
# target's include path (and on that of whatever links it).
function(sluice_module_headers target)
  get_filename_component(module "${CMAKE_CURRENT_SOURCE_DIR}" NAME)
  set(headers "${PROJECT_BINARY_DIR}/module-headers/${module}")
  file(MAKE_DIRECTORY "${headers}")
  file(CREATE_LINK "${CMAKE_CURRENT_SOURCE_DIR}" "${headers}/${module}" SYMBOLIC)
  target_include_directories(${target} PUBLIC "${headers}")
endfunction()
