#pragma once
// authwire — the definitions of every function of the library, for separate compilation: include this header
// in exactly one translation unit of a program (or link the CMake target authwire::compiled, which does), and
// define AUTHWIRE_SEPARATE_COMPILATION in every translation unit. Header-only programs never include it.

#if !defined(AUTHWIRE_SEPARATE_COMPILATION)
#error "authwire/src.hpp is for separate compilation: define AUTHWIRE_SEPARATE_COMPILATION in every translation unit"
#endif
#define AUTHWIRE_SOURCE
#include <authwire/authwire.hpp>
