/*
 * A stand-in for libsogen that answers with the arguments it was given, so
 * that a binding's test sees exactly which arguments reach the C ABI, byte
 * for byte. Built by the tests: cc -shared -fPIC -o libsogen-echo.so echo.c
 *
 * Every entry point answers `<length>:<argument>;` for each argument, in
 * order: sogen_request and sogen_response as that text, the _json ones as a
 * result of the library's shape whose `output` is that text (each byte above
 * 0x7E and below 0x20 written \u00XX, the code point of its number).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* `<length>:<argument>;` for each argument, malloc'd. */
static char *echo(int argc, const char *const *argv) {
    size_t size = 1;
    for (int i = 0; i < argc; i++) size += strlen(argv[i]) + 24;
    char *out = malloc(size), *o = out;
    if (!out) return NULL;
    *o = '\0';
    for (int i = 0; i < argc; i++) {
        size_t n = strlen(argv[i]);
        o += sprintf(o, "%zu:", n);
        memcpy(o, argv[i], n);
        o += n;
        *o++ = ';';
        *o = '\0';
    }
    return out;
}

/* `text` as the body of a JSON string, malloc'd. */
static char *json_text(const char *text) {
    char *out = malloc(strlen(text) * 6 + 1), *o = out;
    if (!out) return NULL;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (*p < 0x20 || *p > 0x7E || *p == '"' || *p == '\\') {
            o += sprintf(o, "\\u%04x", *p);
        } else {
            *o++ = (char)*p;
        }
    }
    *o = '\0';
    return out;
}

static char *echo_json(const char *program, const char *fields, int argc, const char *const *argv) {
    char *text = echo(argc, argv);
    char *escaped = text ? json_text(text) : NULL;
    char *out = escaped ? malloc(strlen(escaped) + 200) : NULL;
    if (out) {
        sprintf(out, "{\"program\":\"%s\",\"exit_status\":0,\"code\":0,\"error\":null,%s\"output\":\"%s\"}",
                program, fields, escaped);
    }
    free(text);
    free(escaped);
    return out;
}

char *sogen_request(int argc, const char *const *argv) { return echo(argc, argv); }
char *sogen_response(int argc, const char *const *argv) { return echo(argc, argv); }

char *sogen_request_json(int argc, const char *const *argv) {
    return echo_json("request", "\"debug\":\"\",\"form\":\"\",", argc, argv);
}

char *sogen_response_json(int argc, const char *const *argv) {
    return echo_json("response", "\"fields\":{},", argc, argv);
}

void sogen_free(char *s) { free(s); }

const char *sogen_version(void) { return "echo"; }
