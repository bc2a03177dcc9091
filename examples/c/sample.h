/*
 * Helpers of the three C samples (CGI programs): settings, form fields, HTML
 * escaping, and reading one string of libsogen's JSON results.
 *
 * The legacy string cannot always be split at '!' (a response value may
 * contain one), so the samples read sogen_request_json / sogen_response_json,
 * whose strings carry each byte as a code point U+0000-U+00FF: a control
 * escaped as \u00XX, a byte from 0x80 as its two bytes of UTF-8.
 */
#ifndef SOGEN_SAMPLE_H
#define SOGEN_SAMPLE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The pathfile: edit it, or set SOGEN_PATHFILE. The demo's is relative to the
   repository root, where the tests run the samples. */
#ifndef SAMPLE_PATHFILE
#define SAMPLE_PATHFILE "demo/pathfile"
#endif
#ifndef SAMPLE_MERCHANT_ID
#define SAMPLE_MERCHANT_ID "000000000000001"
#endif
#ifndef SAMPLE_LOGFILE
#define SAMPLE_LOGFILE "/tmp/sogen-autoresponse.log"
#endif

static inline const char *setting(const char *name, const char *fallback) {
    const char *value = getenv(name);
    return value && *value ? value : fallback;
}

/* The 42 response fields, in the order of the legacy line. */
static const char *const RESPONSE_FIELDS[42] = {
    "merchant_id", "merchant_country", "amount", "transaction_id", "payment_means",
    "transmission_date", "payment_time", "payment_date", "response_code", "payment_certificate",
    "authorisation_id", "currency_code", "card_number", "cvv_flag", "cvv_response_code",
    "bank_response_code", "complementary_code", "complementary_info", "return_context", "caddie",
    "receipt_complement", "merchant_language", "language", "customer_id", "order_id",
    "customer_email", "customer_ip_address", "capture_day", "capture_mode", "data",
    "order_validity", "transaction_condition", "statement_reference", "card_validity",
    "score_value", "score_color", "score_info", "score_threshold", "score_profile", "upan",
    "threed_ls_code", "threed_relegation_code",
};

static inline int hex_digit(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* The value of `name` in an application/x-www-form-urlencoded string,
   decoded (malloc'd), or NULL. */
static inline char *form_value(const char *form, const char *name) {
    size_t n = strlen(name);
    for (const char *p = form; p && *p; p = strchr(p, '&') ? strchr(p, '&') + 1 : NULL) {
        if (strncmp(p, name, n) != 0 || p[n] != '=') continue;
        const char *v = p + n + 1;
        size_t len = strcspn(v, "&");
        char *out = malloc(len + 1), *o = out;
        if (!out) return NULL;
        for (size_t i = 0; i < len; i++) {
            if (v[i] == '+') {
                *o++ = ' ';
            } else if (v[i] == '%' && i + 2 < len && hex_digit(v[i + 1]) >= 0 && hex_digit(v[i + 2]) >= 0) {
                *o++ = (char)(hex_digit(v[i + 1]) * 16 + hex_digit(v[i + 2]));
                i += 2;
            } else {
                *o++ = v[i];
            }
        }
        *o = '\0';
        return out;
    }
    return NULL;
}

/* The CGI request body (POST), NUL-terminated, malloc'd ("" without one). */
static inline char *read_body(void) {
    long len = strtol(setting("CONTENT_LENGTH", "0"), NULL, 10);
    if (len < 0 || len > 1 << 20) len = 0;
    char *body = calloc((size_t)len + 1, 1);
    if (body && len > 0 && fread(body, 1, (size_t)len, stdin) != (size_t)len) body[0] = '\0';
    return body;
}

static inline void print_html(const char *s) {
    for (; *s; s++) {
        switch (*s) {
        case '<': fputs("&lt;", stdout); break;
        case '>': fputs("&gt;", stdout); break;
        case '&': fputs("&amp;", stdout); break;
        case '"': fputs("&quot;", stdout); break;
        case '\'': fputs("&#39;", stdout); break;
        default: putchar(*s);
        }
    }
}

/* The string value of `"key":"…"` in libsogen's JSON, as the bytes it stands
   for (malloc'd), or NULL (absent or null). A raw `"key":"` can only be a
   key: inside a JSON string every quote is escaped. The code points are
   U+0000-U+00FF: from U+0080 they come as C2 or C3 and a continuation byte. */
static inline char *json_string(const char *json, const char *key) {
    char pattern[64];
    snprintf(pattern, sizeof pattern, "\"%s\":\"", key);
    const char *p = strstr(json, pattern);
    if (!p) return NULL;
    p += strlen(pattern);
    char *out = malloc(strlen(p) + 1), *o = out;
    if (!out) return NULL;
    while (*p && *p != '"') {
        unsigned char c = (unsigned char)*p;
        if ((c == 0xC2 || c == 0xC3) && ((unsigned char)p[1] & 0xC0) == 0x80) {
            *o++ = (char)(((c & 0x1F) << 6) | ((unsigned char)p[1] & 0x3F));
            p += 2;
            continue;
        }
        if (c != '\\') {
            *o++ = *p++;
            continue;
        }
        p++;
        if (!*p) break;
        switch (*p) {
        case 'b': *o++ = '\b'; break;
        case 'f': *o++ = '\f'; break;
        case 'n': *o++ = '\n'; break;
        case 'r': *o++ = '\r'; break;
        case 't': *o++ = '\t'; break;
        case 'u': { /* \u00XX: a control character */
            int v = 0, i = 1;
            for (; i <= 4 && hex_digit(p[i]) >= 0; i++) v = v * 16 + hex_digit(p[i]);
            *o++ = (char)v;
            p += i - 1;
            break;
        }
        default: *o++ = *p; /* \" \\ \/ */
        }
        p++;
    }
    *o = '\0';
    return out;
}

/* The integer value of `"key":N` in libsogen's JSON. */
static inline long json_int(const char *json, const char *key) {
    char pattern[64];
    snprintf(pattern, sizeof pattern, "\"%s\":", key);
    const char *p = strstr(json, pattern);
    return p ? strtol(p + strlen(pattern), NULL, 10) : -1;
}

#endif
