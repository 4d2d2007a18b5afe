#pragma once
// authwire — the server layer: sans-IO authorization-server and resource-server endpoints.
