# A libFuzzer smoke run of one target (CTest, -DAUTHWIRE_LIBFUZZER=ON): the seed corpus is copied to a scratch
# directory in the build tree (the source tree is never written), then the fuzzer runs for SECONDS or RUNS
# inputs, whichever ends first, with the target's dictionary when it has one. A property violation, a sanitizer
# report, a leak, an input slower than 20 s or more than 2 GiB of memory fails the test; the input that did it is
# left in SCRATCH (crash-*, timeout-*, oom-*, leak-*), and libFuzzer prints it in base64.
foreach(var FUZZER CORPUS DICT SCRATCH SECONDS RUNS)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "smoke.cmake needs -D${var}=…")
    endif()
endforeach()
file(REMOVE_RECURSE ${SCRATCH})
file(MAKE_DIRECTORY ${SCRATCH}/corpus)
file(GLOB seeds ${CORPUS}/*)
file(COPY ${seeds} DESTINATION ${SCRATCH}/corpus)
set(args -max_total_time=${SECONDS} -runs=${RUNS} -seed=1 -timeout=20 -rss_limit_mb=2048 -print_final_stats=1
         -artifact_prefix=${SCRATCH}/)
if(EXISTS ${DICT})
    list(APPEND args -dict=${DICT})
endif()
execute_process(COMMAND ${FUZZER} ${args} ${SCRATCH}/corpus RESULT_VARIABLE rc
                OUTPUT_FILE ${SCRATCH}/fuzzer.log ERROR_FILE ${SCRATCH}/fuzzer.log)
# The fuzzer's log without its progress lines (one per new corpus input, thousands of them): what is left is the
# set-up, the report of a failure (sanitizer, FUZZ_CHECK, the input in base64) and the final statistics, so that
# a failure is at the top of the test's output, not after pages of progress. The whole log stays in SCRATCH.
file(READ ${SCRATCH}/fuzzer.log log)
string(REGEX REPLACE "\n#[0-9]+\t(NEW|REDUCE|pulse|INITED|RELOAD)[^\n]*" "" log "\n${log}")
string(REGEX REPLACE "\n\tNEW_FUNC[^\n]*" "" log "${log}")
message("${log}")
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${FUZZER} failed (${rc}); the input is in ${SCRATCH}, the whole log in "
                        "${SCRATCH}/fuzzer.log")
endif()
