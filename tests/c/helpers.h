/* Helpers shared by the C test programs (header-only: each program is one file). */
#ifndef SOGEN_TEST_HELPERS_H
#define SOGEN_TEST_HELPERS_H

#include <stdlib.h>
#include <string.h>

static int starts_with(const char *s, const char *prefix) {
    return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The DATA value of a request result, copied (caller frees), or NULL. */
static char *extract_data(const char *form) {
    const char *start = strstr(form, "NAME=DATA VALUE=\"");
    if (!start) return NULL;
    start += strlen("NAME=DATA VALUE=\"");
    const char *end = strchr(start, '"');
    if (!end) return NULL;
    char *data = malloc((size_t)(end - start) + 1);
    if (!data) return NULL;
    memcpy(data, start, (size_t)(end - start));
    data[end - start] = '\0';
    return data;
}

#endif
