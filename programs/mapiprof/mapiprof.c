/*
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>

int main(int argc, char **argv)
{
    fprintf(stderr, "mapiprof: not built yet\n");
    return 1;
}
