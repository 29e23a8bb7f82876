#include "wine/test.h"
START_TEST(alloc)
{
    ok(1, "placeholder\n");
}
