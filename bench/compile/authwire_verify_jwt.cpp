// Compile-time probe (bench/compile/measure): the whole library through its umbrella header, one verify_jwt call.
#include <authwire/authwire.hpp>

authwire::result<authwire::jose::verified_jwt> probe(std::string_view token, authwire::jose::jws_verifier const& v,
                                                     authwire::jose::jwt_validation const& policy,
                                                     std::chrono::system_clock::time_point now) {
    return authwire::jose::verify_jwt(token, v, policy, now);
}
