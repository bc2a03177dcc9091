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
#include <sys/stat.h>

#include <sogen.h>

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

/* Where call_request stores what it sent for each order: sogen-orders/
   beside the log, one small file a transaction (a shop keeps it with its
   orders). */
static inline void orders_dir(char *dir, size_t size) {
    const char *log = setting("SOGEN_AUTORESPONSE_LOG", SAMPLE_LOGFILE);
    const char *slash = strrchr(log, '/');
    if (slash) {
        snprintf(dir, size, "%.*s/sogen-orders", (int)(slash - log), log);
    } else {
        snprintf(dir, size, "sogen-orders");
    }
}

/* Records what the request sent: the values the response must carry back. */
static inline int store_order(const char *merchant_id, const char *transaction_id, const char *amount,
                              const char *currency_code) {
    char dir[1024], path[1100];
    orders_dir(dir, sizeof dir);
    mkdir(dir, 0700);
    snprintf(path, sizeof path, "%s/%s.json", dir, transaction_id);
    FILE *f = fopen(path, "w");
    if (!f) return -1;
    fprintf(f, "{\"merchant_id\":\"%s\",\"transaction_id\":\"%s\",\"amount\":\"%s\",\"currency_code\":\"%s\"}",
            merchant_id, transaction_id, amount, currency_code);
    return fclose(f);
}

/* What call_request stored for a transaction (its JSON, malloc'd), or NULL:
   unknown, or not a transaction id (6 digits at most). */
static inline char *stored_order(const char *transaction_id) {
    size_t n = transaction_id ? strlen(transaction_id) : 0;
    if (n == 0 || n > 6 || strspn(transaction_id, "0123456789") != n) return NULL;
    char dir[1024], path[1100];
    orders_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/%s.json", dir, transaction_id);
    FILE *f = fopen(path, "r");
    if (!f) return NULL;
    char *json = calloc(4096, 1);
    if (json && fread(json, 1, 4095, f) == 0) json[0] = '\0';
    fclose(f);
    return json;
}

/* `keyword` followed by `value`, malloc'd. */
static inline char *joined(const char *keyword, const char *value) {
    char *out = malloc(strlen(keyword) + strlen(value) + 1);
    if (out) sprintf(out, "%s%s", keyword, value);
    return out;
}

/* The arguments of `response` for a POST body and a stored order, as the
   bindings' response-from-post helpers make them: message= (Sips 1.0's DATA,
   or Sips 2.0's Data with seal= and, when not empty, encode=), pathfile=,
   then expected_<name>= for each value the order holds. Each is malloc'd;
   returns their number, 0 when the POST holds no payment response. */
static inline int response_arguments(const char *body, const char *pathfile, const char *order, char *args[10]) {
    static const char *const expectations[] = {"merchant_id", "transaction_id", "amount", "currency_code", "max_age"};
    int n = 0;
    char *data = form_value(body, "Data"), *seal = form_value(body, "Seal"), *v1 = form_value(body, "DATA");
    if (data && seal) {
        char *encode = form_value(body, "Encode");
        args[n++] = joined("message=", data);
        args[n++] = joined("seal=", seal);
        if (encode && *encode) args[n++] = joined("encode=", encode);
        free(encode);
    } else if (v1) {
        args[n++] = joined("message=", v1);
    }
    free(data);
    free(seal);
    free(v1);
    if (n == 0) return 0;
    args[n++] = joined("pathfile=", pathfile);
    for (size_t i = 0; i < sizeof expectations / sizeof *expectations; i++) {
        char keyword[32], *value = json_string(order, expectations[i]);
        snprintf(keyword, sizeof keyword, "expected_%s=", expectations[i]);
        if (value) args[n++] = joined(keyword, value);
        free(value);
    }
    return n;
}

/* The response posted in `body`, read for the order the URL names
   (?transaction_id=): what sogen_response_json returns (free it with
   sogen_free), or NULL and *problem when the order is unknown or the POST
   holds no payment response. */
static inline char *read_response(const char *body, const char **problem) {
    char *transaction_id = form_value(setting("QUERY_STRING", ""), "transaction_id");
    char *order = stored_order(transaction_id), *args[10];
    free(transaction_id);
    *problem = "Unknown order: the URL names no order of this shop.";
    if (!order) return NULL;
    int n = response_arguments(body, setting("SOGEN_PATHFILE", SAMPLE_PATHFILE), order, args);
    free(order);
    *problem = "Not a payment response: the POST holds no DATA (Sips 1.0) nor Data and Seal (Sips 2.0).";
    if (n == 0) return NULL;
    char *json = sogen_response_json(n, (const char *const *)args);
    for (int i = 0; i < n; i++) free(args[i]);
    *problem = NULL;
    return json;
}

/* The URL of another sample program beside this one, naming the order. */
static inline void sibling_url(char *url, size_t size, const char *program, const char *transaction_id) {
    const char *script = setting("SCRIPT_NAME", "/cgi-bin/call_request");
    const char *slash = strrchr(script, '/');
    snprintf(url, size, "http://%s%.*s/%s?transaction_id=%s", setting("HTTP_HOST", "127.0.0.1"),
             slash ? (int)(slash - script) : 0, script, program, transaction_id);
}

/* The integer value of `"key":N` in libsogen's JSON. */
static inline long json_int(const char *json, const char *key) {
    char pattern[64];
    snprintf(pattern, sizeof pattern, "\"%s\":", key);
    const char *p = strstr(json, pattern);
    return p ? strtol(p + strlen(pattern), NULL, 10) : -1;
}

#endif
