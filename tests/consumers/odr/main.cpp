#include <cstdio>
#include <string>

void const* tu1_category();
void const* tu2_category();
std::string tu1_challenge();
std::string tu2_challenge();

int main() {
    // One error category object program-wide, and the same answers from both translation units.
    if (tu1_category() != tu2_category()) return 1;
    if (tu1_challenge() != tu2_challenge() || tu1_challenge() != "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
        return 2;
    std::puts("odr: ok");
    return 0;
}
