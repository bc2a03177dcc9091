/* The installed libsogen from C: built with pkg-config, a request for a test
 * merchant and its DATA read back by response; prints the library mapped. */
#include <sogen.h>
#include <stdio.h>
#include <string.h>

static int fail(const char *what, const char *got) {
    fprintf(stderr, "%s: %.300s\n", what, got);
    return 1;
}

int main(int argc, char **argv) {
    if (argc != 2) return fail("usage", "smoke <pathfile>");
    char pathfile[512], message[8192];
    snprintf(pathfile, sizeof pathfile, "pathfile=%s", argv[1]);
    const char *req[] = {pathfile, "merchant_id=000000000000001", "amount=2500", "caddie=cr\xe8me"};
    char *form = sogen_request(4, req);
    const char *data = strstr(form, "NAME=DATA VALUE=\"");
    if (strncmp(form, "!0!!<FORM", 9) != 0 || data == NULL) return fail("request", form);
    data += strlen("NAME=DATA VALUE=\"");
    snprintf(message, sizeof message, "message=%.*s", (int)strcspn(data, "\""), data);
    sogen_free(form);
    const char *resp[] = {message, pathfile};
    char *reply = sogen_response(2, resp);
    if (strncmp(reply, "!0!!000000000000001!fr!2500!", 28) != 0 || strstr(reply, "!cr\xe8me!") == NULL)
        return fail("response", reply);
    sogen_free(reply);
    FILE *maps = fopen("/proc/self/maps", "r");
    char line[1024];
    while (maps && fgets(line, sizeof line, maps))
        if (strstr(line, "libsogen")) { printf("LIB %s", strchr(line, '/')); break; }
    printf("OK C %s\n", sogen_version());
    return 0;
}
