// The one Boost.Test entry point each layer's test executable links.
#define BOOST_TEST_MODULE authwire
#include <boost/test/unit_test.hpp>
