/*
 * call_request: shows the payment means of the shop; the customer's click
 * posts the signed DATA to the payment server. A CGI program (the vendor's
 * sample was a script running the `request` executable; this calls libsogen).
 *
 *   cc -o call_request call_request.c $(pkg-config --cflags --libs libsogen)
 */
#include <ctype.h>
#include <time.h>

#include <sogen.h>

#include "sample.h"

int main(void) {
    char merchant_id[64], amount[32] = "amount=2500", pathfile[1100], order_id[32];
    snprintf(merchant_id, sizeof merchant_id, "merchant_id=%s", setting("SOGEN_MERCHANT_ID", SAMPLE_MERCHANT_ID));
    snprintf(pathfile, sizeof pathfile, "pathfile=%s", setting("SOGEN_PATHFILE", SAMPLE_PATHFILE));
    /* ?amount=1234 (in cents): digits only. */
    char *requested = form_value(setting("QUERY_STRING", ""), "amount");
    if (requested && *requested && strspn(requested, "0123456789") == strlen(requested) && strlen(requested) < 13)
        snprintf(amount, sizeof amount, "amount=%s", requested);
    free(requested);
    time_t now = time(NULL);
    strftime(order_id, sizeof order_id, "order_id=ORDER-%H%M%S", localtime(&now));

    /* The request: keyword=value strings, as in the data dictionary; the
       parmcom files of the pathfile give the rest. No quoting: these are
       arguments of a function, not of a command line. */
    const char *args[] = {
        merchant_id, "merchant_country=fr", amount, "currency_code=978", pathfile,
        /* "transaction_id=123456", default: the time, hhmmss */
        /* "normal_return_url=http://www.example.org/cgi-bin/call_response", */
        "customer_id=client-42", order_id, "caddie=1 x sample item",
    };
    char *json = sogen_request_json((int)(sizeof args / sizeof *args), args);
    long code = json_int(json, "code");
    char *error = json_string(json, "error"), *debug = json_string(json, "debug"), *form = json_string(json, "form");
    sogen_free(json); /* every string libsogen returns, exactly once */

    long cents = strtol(amount + strlen("amount="), NULL, 10);
    printf("Content-Type: text/html; charset=ISO-8859-1\r\n\r\n");
    printf("<!DOCTYPE html>\n<html>\n<head><title>Sogenactif - demo shop</title></head>\n"
           "<body style=\"font-family: sans-serif\">\n<h1>Demo shop</h1>\n"
           "<p>Your order: <b>%ld,%02ld EUR</b>.</p>\n", cents / 100, cents % 100);
    if (code != 0) {
        fputs("<p id=\"shop-error\">Payment API error (request):</p><pre>", stdout);
        print_html(error ? error : "?");
        fputs("</pre>\n", stdout);
    }
    /* DEBUG!YES! in the pathfile: the plug-in's own HTML first; then the payment means. */
    printf("%s%s\n</body>\n</html>\n", debug ? debug : "", form ? form : "");
    free(error);
    free(debug);
    free(form);
    return 0;
}
