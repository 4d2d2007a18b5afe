#pragma once
// authwire — how the library is compiled: header-only (the default) or separately (AUTHWIRE_SEPARATE_COMPILATION).
//
// Header-only: every header includes the definitions of its functions (its impl/*.ipp), marked `inline`.
// Separate compilation: define AUTHWIRE_SEPARATE_COMPILATION in every translation unit (the CMake target
// authwire::compiled does) and compile <authwire/src.hpp> in exactly one of them (the target does that too). The
// headers then only declare; the definitions are compiled once, not inline. Templates stay in the headers.

#if defined(AUTHWIRE_SEPARATE_COMPILATION)
#define AUTHWIRE_DECL
#if defined(AUTHWIRE_SOURCE)
#define AUTHWIRE_DEFINITIONS 1
#else
#define AUTHWIRE_DEFINITIONS 0
#endif
#else
#define AUTHWIRE_DECL inline
#define AUTHWIRE_DEFINITIONS 1
#endif
