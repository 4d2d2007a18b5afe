# Settings for authwire's own targets (tests, examples, benchmarks, fuzzers) — never exported to users.

# Warnings as errors on our code; Boost and OpenSSL come from system include directories and stay quiet.
add_library(authwire_dev INTERFACE)
target_compile_options(authwire_dev INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Werror)
# Prove that no deprecated OpenSSL API is used: with these, deprecated declarations do not exist.
target_compile_definitions(authwire_dev INTERFACE OPENSSL_API_COMPAT=30000 OPENSSL_NO_DEPRECATED)
target_link_libraries(authwire_dev INTERFACE authwire::authwire)

# authwire_example(<name> <sources>...): an executable built with the developer settings.
function(authwire_executable name)
    add_executable(${name} ${ARGN})
    target_link_libraries(${name} PRIVATE authwire_dev)
endfunction()
