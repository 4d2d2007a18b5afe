# Configure, build and run one consumer project.
# cmake -DKIND=<find_package|add_subdirectory|single_header|odr> -DAUTHWIRE_SOURCE_DIR=… -DAUTHWIRE_BINARY_DIR=…
#       -DWORK_DIR=… -DCXX=… -DGENERATOR=… -DWERROR=<ON|OFF> -P run_consumer.cmake
function(run)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "consumer ${KIND}: failed (${rc}): ${ARGN}")
    endif()
endfunction()

file(REMOVE_RECURSE ${WORK_DIR})
set(args -G ${GENERATOR} -DCMAKE_CXX_COMPILER=${CXX} -DCMAKE_BUILD_TYPE=Release
    -DAUTHWIRE_SOURCE_DIR=${AUTHWIRE_SOURCE_DIR} -DAUTHWIRE_WERROR=${WERROR})

if(KIND STREQUAL "find_package")
    # Install the library exactly as a user would, to a private prefix, and find it there.
    run(${CMAKE_COMMAND} --install ${AUTHWIRE_BINARY_DIR} --prefix ${WORK_DIR}/prefix)
    list(APPEND args -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix)
endif()

run(${CMAKE_COMMAND} -S ${AUTHWIRE_SOURCE_DIR}/tests/consumers/${KIND} -B ${WORK_DIR}/build ${args})
run(${CMAKE_COMMAND} --build ${WORK_DIR}/build)
run(${WORK_DIR}/build/consumer)
