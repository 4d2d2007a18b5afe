#pragma once
// authwire examples — sending the user to the authorization URL (RFC 8252 §6: the system browser, never an
// embedded web view): start the desktop's URL opener without a shell, and always print the URL as well.

#include <spawn.h>
#include <sys/wait.h>

#include <iostream>
#include <string>

extern char** environ;

namespace authwire::examples {

/// Starts `xdg-open URL` (`open URL` on macOS) as a separate program, arguments passed as-is (no shell, so the
/// URL cannot inject commands). True when the opener ran and reported success.
[[nodiscard]] inline bool open_in_browser(std::string const& url) {
#ifdef __APPLE__
    std::string opener = "open";
#else
    std::string opener = "xdg-open";
#endif
    std::string arg = url;
    char* argv[] = {opener.data(), arg.data(), nullptr};
    pid_t pid = 0;
    if (posix_spawnp(&pid, opener.c_str(), nullptr, nullptr, argv, environ) != 0) return false;
    int status = 0;
    if (waitpid(pid, &status, 0) != pid) return false;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/// Print the URL for the user, and try the browser unless `print_only`. Flushed at once: the CLI then waits for the
/// browser, and when its output is a pipe (a program driving it), the URL must not sit in a buffer meanwhile.
inline void send_user_to(std::string const& url, bool print_only, std::ostream& out = std::cout) {
    out << "Open this URL in your browser to authorize the client:\n  " << url << std::endl;
    if (!print_only && !open_in_browser(url)) out << "(no browser could be started; open the URL yourself)" << std::endl;
}

} // namespace authwire::examples
