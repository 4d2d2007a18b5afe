#include "all_headers.hpp"

void const* tu1_category() { return &authwire::error_category(); }
std::string tu1_challenge() {
    return authwire::oauth::make_code_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk").value();
}
