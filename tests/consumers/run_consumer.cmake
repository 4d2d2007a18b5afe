# Configure, build and run one consumer project.
# cmake -DKIND=<find_package|add_subdirectory|single_header|odr|pkg_config|deb> -DAUTHWIRE_SOURCE_DIR=…
#       -DAUTHWIRE_BINARY_DIR=… -DWORK_DIR=… -DCXX=… -DGENERATOR=… -DWERROR=<ON|OFF> -P run_consumer.cmake
function(run)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "consumer ${KIND}: failed (${rc}): ${ARGN}")
    endif()
endfunction()

# A program built with nothing but the compiler and `pkg-config --cflags --libs authwire` (PKG_CONFIG_PATH from
# `pc_path`, empty for the system's), checked against `pkg-config --modversion`.
function(pkg_config_consumer pc_path)
    set(pc ${CMAKE_COMMAND} -E env PKG_CONFIG_PATH=${pc_path} pkg-config)
    execute_process(COMMAND ${pc} --cflags --libs authwire OUTPUT_VARIABLE flags RESULT_VARIABLE rc
                    OUTPUT_STRIP_TRAILING_WHITESPACE)
    execute_process(COMMAND ${pc} --modversion authwire OUTPUT_VARIABLE version OUTPUT_STRIP_TRAILING_WHITESPACE)
    if(NOT rc EQUAL 0 OR NOT version)
        message(FATAL_ERROR "consumer ${KIND}: pkg-config does not find authwire (PKG_CONFIG_PATH=${pc_path})")
    endif()
    message(STATUS "pkg-config --cflags --libs authwire: ${flags}")
    separate_arguments(flags UNIX_COMMAND "${flags}")
    run(${CXX} -std=c++20 -Wall -Wextra -Werror -DAUTHWIRE_EXPECTED_VERSION="${version}"
        ${AUTHWIRE_SOURCE_DIR}/tests/consumers/common/main.cpp ${flags} -o ${WORK_DIR}/pkg-config-consumer)
    run(${WORK_DIR}/pkg-config-consumer)
endfunction()

file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
set(args -G ${GENERATOR} -DCMAKE_CXX_COMPILER=${CXX} -DCMAKE_BUILD_TYPE=Release
    -DAUTHWIRE_SOURCE_DIR=${AUTHWIRE_SOURCE_DIR} -DAUTHWIRE_WERROR=${WERROR})

if(KIND STREQUAL "pkg_config")
    # Install exactly as a user would, to a private prefix; consume it through pkg-config alone.
    run(${CMAKE_COMMAND} --install ${AUTHWIRE_BINARY_DIR} --prefix ${WORK_DIR}/prefix)
    pkg_config_consumer(${WORK_DIR}/prefix/share/pkgconfig)
    return()
endif()

if(KIND STREQUAL "deb")
    # The Debian package: built by CPack, its control fields checked, then installed with apt (which must find
    # its dependencies) and consumed through find_package and pkg-config from /usr, then removed. apt needs
    # root: elsewhere the package is unpacked into the work directory and consumed from there instead.
    run(cpack -G DEB --config ${AUTHWIRE_BINARY_DIR}/CPackConfig.cmake -B ${WORK_DIR}/package)
    file(GLOB debs ${WORK_DIR}/package/libauthwire-dev_*_all.deb)
    list(LENGTH debs n)
    if(NOT n EQUAL 1)
        message(FATAL_ERROR "consumer deb: expected one libauthwire-dev_<version>_all.deb, found: ${debs}")
    endif()
    execute_process(COMMAND dpkg-deb --field ${debs} Package Version Architecture Depends OUTPUT_VARIABLE fields)
    message(STATUS "${debs}:\n${fields}")
    foreach(expected "Package: libauthwire-dev" "Architecture: all" "libboost-url1.81-dev" "libboost-json1.81-dev"
                     "libssl-dev")
        string(FIND "${fields}" "${expected}" at)
        if(at EQUAL -1)
            message(FATAL_ERROR "consumer deb: the control fields lack \"${expected}\"")
        endif()
    endforeach()
    execute_process(COMMAND id -u OUTPUT_VARIABLE uid OUTPUT_STRIP_TRAILING_WHITESPACE)
    if(uid STREQUAL "0")
        run(${CMAKE_COMMAND} -E env DEBIAN_FRONTEND=noninteractive
            apt-get install -y -qq --no-install-recommends ${debs})
        set(prefix /usr)
        set(pc_path "")
    else()
        run(dpkg-deb -x ${debs} ${WORK_DIR}/root)
        set(prefix ${WORK_DIR}/root/usr)
        set(pc_path ${prefix}/share/pkgconfig)
        message(STATUS "not root: the package is unpacked into ${WORK_DIR}/root, not installed")
    endif()
    execute_process(COMMAND ${CMAKE_COMMAND} -S ${AUTHWIRE_SOURCE_DIR}/tests/consumers/find_package
                            -B ${WORK_DIR}/build ${args} -DCMAKE_PREFIX_PATH=${prefix} RESULT_VARIABLE rc1)
    if(rc1 EQUAL 0)
        execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK_DIR}/build RESULT_VARIABLE rc1)
    endif()
    if(rc1 EQUAL 0)
        execute_process(COMMAND ${WORK_DIR}/build/consumer RESULT_VARIABLE rc1)
    endif()
    if(rc1 EQUAL 0)
        execute_process(COMMAND ${WORK_DIR}/build/consumer_compiled RESULT_VARIABLE rc1)
    endif()
    if(rc1 EQUAL 0)
        execute_process(COMMAND ${WORK_DIR}/build/consumer_adapters RESULT_VARIABLE rc1)
    endif()
    if(rc1 EQUAL 0)
        pkg_config_consumer("${pc_path}")
    endif()
    if(uid STREQUAL "0")
        run(${CMAKE_COMMAND} -E env DEBIAN_FRONTEND=noninteractive dpkg --remove libauthwire-dev)
    endif()
    if(NOT rc1 EQUAL 0)
        message(FATAL_ERROR "consumer deb: the find_package consumer of the installed package failed (${rc1})")
    endif()
    return()
endif()

if(KIND STREQUAL "find_package")
    # Install the library exactly as a user would, to a private prefix, and find it there.
    run(${CMAKE_COMMAND} --install ${AUTHWIRE_BINARY_DIR} --prefix ${WORK_DIR}/prefix)
    list(APPEND args -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix)
endif()

run(${CMAKE_COMMAND} -S ${AUTHWIRE_SOURCE_DIR}/tests/consumers/${KIND} -B ${WORK_DIR}/build ${args})
run(${CMAKE_COMMAND} --build ${WORK_DIR}/build)
run(${WORK_DIR}/build/consumer)
if(KIND MATCHES "^(find_package|add_subdirectory|odr)$")  # these also build a separately compiled consumer
    run(${WORK_DIR}/build/consumer_compiled)
endif()
if(KIND MATCHES "^(find_package|add_subdirectory|single_header)$")  # these also build the adapters' consumer
    run(${WORK_DIR}/build/consumer_adapters)
endif()
