# Settings for authwire's own targets (tests, examples, benchmarks, fuzzers) — never exported to users.

# The strict warnings on our code, as errors when AUTHWIRE_WERROR is on (the presets); Boost and OpenSSL come from
# system include directories and stay quiet. authwire_dev_flags: the settings alone (authwire::compiled takes them
# too when authwire's own targets use it); authwire_dev: the settings and the library.
add_library(authwire_dev_flags INTERFACE)
target_compile_options(authwire_dev_flags INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion)
if(AUTHWIRE_WERROR)
    target_compile_options(authwire_dev_flags INTERFACE -Werror)
    # gcc 12 reports a memcpy overlap (-Wrestrict) inside libstdc++'s std::string when "literal" + std::string
    # is inlined at -O3 — a compiler bug (GCC PR 105329, PR 105651), not an overlap. It stays a warning there.
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
        target_compile_options(authwire_dev_flags INTERFACE -Wno-error=restrict)
    endif()
endif()
# Prove that no deprecated OpenSSL API is used: with these, deprecated declarations do not exist.
target_compile_definitions(authwire_dev_flags INTERFACE OPENSSL_API_COMPAT=30000 OPENSSL_NO_DEPRECATED)

add_library(authwire_dev INTERFACE)
target_link_libraries(authwire_dev INTERFACE authwire_dev_flags)
# Header-only (the default) or, with AUTHWIRE_SEPARATE_COMPILATION (the clang preset), the library compiled once:
# the same tests then check the declarations-only headers and the definitions of <authwire/src.hpp>, which is
# itself compiled with the same settings.
if(AUTHWIRE_SEPARATE_COMPILATION)
    target_link_libraries(authwire_dev INTERFACE authwire::compiled)
    target_link_libraries(authwire_compiled PRIVATE authwire_dev_flags)
else()
    target_link_libraries(authwire_dev INTERFACE authwire::authwire)
endif()

# authwire_example(<name> <sources>...): an executable built with the developer settings.
function(authwire_executable name)
    add_executable(${name} ${ARGN})
    target_link_libraries(${name} PRIVATE authwire_dev)
endfunction()

# authwire_executables_under(<directory> <out>): the executable targets defined in <directory> (which must have
# been added with add_subdirectory) and in its subdirectories, recursively.
function(authwire_executables_under directory out)
    set(found)
    get_property(targets DIRECTORY ${directory} PROPERTY BUILDSYSTEM_TARGETS)
    foreach(target ${targets})
        get_target_property(type ${target} TYPE)
        if(type STREQUAL "EXECUTABLE")
            list(APPEND found ${target})
        endif()
    endforeach()
    get_property(subdirectories DIRECTORY ${directory} PROPERTY SUBDIRECTORIES)
    foreach(sub ${subdirectories})
        authwire_executables_under(${sub} below)
        list(APPEND found ${below})
    endforeach()
    set(${out} ${found} PARENT_SCOPE)
endfunction()
