// Compile-time probe (bench/compile/measure): the baseline — Boost.JSON and Boost.URL headers alone.
#include <boost/json.hpp>
#include <boost/url.hpp>
