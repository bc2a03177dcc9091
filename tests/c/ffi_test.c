/*
 * Exercises the C ABI the way a C integration would: arguments in, legacy
 * string out, released with sogen_free. Prints one line per check and exits
 * non-zero on the first failure. Usage: ffi_test <pathfile>
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sogen.h"
#include "helpers.h"

static int failures = 0;

static void check(int ok, const char *what, const char *got) {
    printf("%s %s\n", ok ? "ok" : "FAIL", what);
    if (!ok) {
        printf("  got: %.300s\n", got ? got : "(null)");
        failures++;
    }
}

/* (request enciphers customer_id without the 108 flag: response prints the
   16-digit ciphertext, and refuses longer ones, as the legacy did.) */

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s <pathfile>\n", argv[0]);
        return 2;
    }
    char pathfile[1024];
    snprintf(pathfile, sizeof pathfile, "pathfile=%s", argv[1]);

    check(sogen_version() != NULL && strlen(sogen_version()) > 0, "sogen_version", sogen_version());

    const char *req[] = {pathfile, "merchant_id=000000000000001", "merchant_country=fr",
                         "amount=2599", "transaction_id=123456", "customer_id=JD42"};
    char *form = sogen_request(6, req);
    check(starts_with(form, "!0!!<FORM METHOD=POST ACTION=\""), "sogen_request succeeds", form);

    char *data = form ? extract_data(form) : NULL;
    check(data != NULL && strlen(data) > 100, "the form carries DATA", form);
    if (data) {
        char *message = malloc(strlen(data) + 16);
        sprintf(message, "message=%s", data);
        const char *res[] = {message, pathfile};
        char *result = sogen_response(2, res);
        check(starts_with(result, "!0!!000000000000001!fr!2599!123456!"), "sogen_response reads it back", result);
        sogen_free(result);
        free(message);
        free(data);
    }
    sogen_free(form);

    const char *bad[] = {"toto=12"};
    char *err = sogen_request(1, bad);
    check(err && strcmp(err, "!-1!Invalid Keyword in parameter (toto=12)!!") == 0, "argument error text", err);
    sogen_free(err);

    char *none = sogen_response(0, NULL);
    check(none && strcmp(none, "!-1!invalid number of arguments (must be > 1)!!") == 0, "response without arguments", none);
    sogen_free(none);

    char *negative = sogen_request(-1, NULL);
    check(starts_with(negative, "!-1!"), "negative argc is an error string", negative);
    sogen_free(negative);

    char *null_argv = sogen_request(2, NULL);
    check(starts_with(null_argv, "!-1!"), "NULL argv is an error string", null_argv);
    sogen_free(null_argv);

    const char *with_null[] = {NULL};
    char *null_elem = sogen_request(1, with_null);
    check(null_elem && strcmp(null_elem, "!-1!Invalid Keyword in parameter ()!!") == 0, "NULL element is an empty argument", null_elem);
    sogen_free(null_elem);

    char *json = sogen_response_json(0, NULL);
    check(json && strstr(json, "\"code\":-1") && strstr(json, "\"exit_status\":255"), "sogen_response_json reports argument errors", json);
    sogen_free(json);

    sogen_free(NULL);
    check(1, "sogen_free(NULL) is harmless", "");

    return failures == 0 ? 0 : 1;
}
