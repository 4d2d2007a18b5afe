#pragma once
// authwire — the core layer: errors, results, encodings, randomness, secrets, forms, JSON, HTTP values.

#include <authwire/core/base64.hpp>
#include <authwire/core/constant_time.hpp>
#include <authwire/core/error.hpp>
#include <authwire/core/form.hpp>
#include <authwire/core/http_executor.hpp>
#include <authwire/core/http_message.hpp>
#include <authwire/core/json.hpp>
#include <authwire/core/limits.hpp>
#include <authwire/core/location.hpp>
#include <authwire/core/random.hpp>
#include <authwire/core/result.hpp>
#include <authwire/core/secret.hpp>
#include <authwire/version.hpp>
