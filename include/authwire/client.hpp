#pragma once
// authwire — the client layer: drivers that run the OAuth messages over a user-supplied http_executor.
