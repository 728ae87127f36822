# cmake -DSLUICE=<binary> -DHELP2MAN=<help2man> -DOUT=<dir> -P ManPages.cmake
# Man pages generated from the built binary's --help, so they never disagree with it:
# sluice.1, and sluice-<command>.1 for every subcommand that `sluice --help` lists.
# gzipped with -n (no timestamp), as Debian installs them.
execute_process(COMMAND "${SLUICE}" --help OUTPUT_VARIABLE help RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "`${SLUICE} --help` failed")
endif()
string(REGEX REPLACE ".*\nSubcommands:\n" "" commands_text "${help}")
string(REPLACE "\n" ";" lines "${commands_text}")
set(commands "")
set(summaries "")
foreach(line IN LISTS lines)
  if(line MATCHES "^  ([a-z][a-z-]*) +(.*)$")
    list(APPEND commands "${CMAKE_MATCH_1}")
    string(REGEX REPLACE "\\.$" "" summary "${CMAKE_MATCH_2}")
    set("summary_${CMAKE_MATCH_1}" "${summary}")
  endif()
endforeach()
if(NOT commands)
  message(FATAL_ERROR "no subcommands found in `sluice --help`")
endif()

file(REMOVE_RECURSE "${OUT}")
file(MAKE_DIRECTORY "${OUT}")
set(see_also "[SEE ALSO]\n")
foreach(command IN LISTS commands)
  string(APPEND see_also ".BR sluice-${command} (1)\n")
endforeach()
string(APPEND see_also "\nThe full documentation is installed in /usr/share/doc/sluice-db (the sluice-db package).\n")
file(WRITE "${OUT}/see-also.h2m" "${see_also}")

function(run_help2man output name)
  execute_process(
    COMMAND "${HELP2MAN}" --no-info --no-discard-stderr --name "${name}" --include "${OUT}/see-also.h2m"
            --output "${OUT}/${output}" ${ARGN} "${SLUICE}"
    RESULT_VARIABLE result)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "help2man failed for ${output}")
  endif()
  execute_process(COMMAND gzip -9nf "${OUT}/${output}" RESULT_VARIABLE result)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "gzip failed for ${output}")
  endif()
endfunction()

run_help2man(sluice.1 "lint, snapshot and apply PostgreSQL migrations safely")
foreach(command IN LISTS commands)
  run_help2man("sluice-${command}.1" "${summary_${command}}" --help-option "${command} --help")
endforeach()
file(REMOVE "${OUT}/see-also.h2m")
file(TOUCH "${OUT}/.stamp")
