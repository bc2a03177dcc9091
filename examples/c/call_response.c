/*
 * call_response: where the customer comes back from the payment server
 * (normal_return_url / cancel_return_url), with the result in the POST. A
 * CGI program.
 *
 *   cc -o call_response call_response.c $(pkg-config --cflags --libs libsogen)
 */
#include <sogen.h>

#include "sample.h"

/* The fields of a response read (code 0): the verdict, then the 42 values. */
static void print_fields(const char *json) {
    /* Code 0 means sealed with the merchant's key: paid, refused or cancelled is response_code's. */
    char *response_code = json_string(json, "response_code");
    const char *verdict = !response_code ? "?"
        : strcmp(response_code, "00") == 0 ? "Payment accepted"
        : strcmp(response_code, "17") == 0 ? "Payment cancelled" : "Payment refused";
    printf("<h2 id=\"verdict\">%s</h2>\n<table border=\"1\" cellpadding=\"3\">\n", verdict);
    free(response_code);
    for (int i = 0; i < 42; i++) {
        char *value = json_string(json, RESPONSE_FIELDS[i]);
        printf("<tr><th>%s</th><td id=\"%s\">", RESPONSE_FIELDS[i], RESPONSE_FIELDS[i]);
        print_html(value ? value : "");
        printf("</td></tr>\n");
        free(value);
    }
    printf("</table>\n");
}

int main(void) {
    char *body = read_body();
    if (!body) return 1;
    /* What call_request stored for the order this URL names: the response
       must be that order's (same merchant, transaction, amount, currency,
       and a recent date), else it is refused with the reason. */
    const char *problem;
    char *json = read_response(body, &problem);

    printf("Content-Type: text/html; charset=ISO-8859-1\r\n\r\n");
    printf("<!DOCTYPE html>\n<html>\n<head><title>Sogenactif - payment result</title></head>\n"
           "<body style=\"font-family: sans-serif\">\n<h1>Demo shop - payment result</h1>\n");
    if (!json) {
        printf("<p id=\"shop-error\">%s</p>\n", problem);
    } else if (json_int(json, "code") != 0) {
        char *error = json_string(json, "error");
        /* Escaped: the error may echo what was posted. */
        fputs("<p id=\"shop-error\">Payment API error (response):</p>\n<pre>", stdout);
        print_html(error ? error : "?");
        fputs("</pre>\n", stdout);
        free(error);
    } else {
        print_fields(json);
    }
    printf("<p><a href=\"call_request\">New order</a></p>\n</body>\n</html>\n");
    if (json) sogen_free(json); /* every string libsogen returns, exactly once */
    free(body);
    return 0;
}
