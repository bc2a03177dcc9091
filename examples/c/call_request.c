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

/* The request's page: the amount, then the plug-in's HTML or its error. */
static void page(long cents, const char *json) {
    char *error = json_string(json, "error"), *debug = json_string(json, "debug"), *form = json_string(json, "form");
    printf("Content-Type: text/html; charset=ISO-8859-1\r\n\r\n");
    printf("<!DOCTYPE html>\n<html>\n<head><title>Sogenactif - demo shop</title></head>\n"
           "<body style=\"font-family: sans-serif\">\n<h1>Demo shop</h1>\n"
           "<p>Your order: <b>%ld,%02ld EUR</b>.</p>\n", cents / 100, cents % 100);
    if (json_int(json, "code") != 0) {
        fputs("<p id=\"shop-error\">Payment API error (request):</p><pre>", stdout);
        print_html(error ? error : "?");
        fputs("</pre>\n", stdout);
    }
    /* DEBUG!YES! in the pathfile: the plug-in's own HTML first; then the payment means. */
    printf("%s%s\n</body>\n</html>\n", debug ? debug : "", form ? form : "");
    free(error);
    free(debug);
    free(form);
}

int main(void) {
    char amount[16] = "2500", transaction_id[8], merchant_id[64], pathfile[1100], normal[1200], automatic[1200];
    /* ?amount=1234 (in cents): digits only. */
    char *requested = form_value(setting("QUERY_STRING", ""), "amount");
    if (requested && *requested && strspn(requested, "0123456789") == strlen(requested) && strlen(requested) < 13)
        snprintf(amount, sizeof amount, "%s", requested);
    free(requested);
    /* What the response must carry back (call_response checks it): the
       merchant, the transaction (the plug-in's default hhmmss, made
       explicit), the amount and the currency, stored when the form is made. */
    const char *merchant = setting("SOGEN_MERCHANT_ID", SAMPLE_MERCHANT_ID);
    time_t now = time(NULL);
    strftime(transaction_id, sizeof transaction_id, "%H%M%S", localtime(&now));
    /* The return pages name the order, so that they read the response against it. */
    sibling_url(normal, sizeof normal, "call_response", transaction_id);
    sibling_url(automatic, sizeof automatic, "call_autoresponse", transaction_id);
    snprintf(merchant_id, sizeof merchant_id, "merchant_id=%s", merchant);
    snprintf(pathfile, sizeof pathfile, "pathfile=%s", setting("SOGEN_PATHFILE", SAMPLE_PATHFILE));

    /* The request: keyword=value strings, as in the data dictionary; the
       parmcom files of the pathfile give the rest. No quoting: these are
       arguments of a function, not of a command line. */
    char *owned[] = {
        joined("transaction_id=", transaction_id), joined("amount=", amount), joined("normal_return_url=", normal),
        joined("cancel_return_url=", normal), joined("automatic_response_url=", automatic),
        joined("order_id=ORDER-", transaction_id),
    };
    const char *args[] = {
        merchant_id, owned[0], owned[1], "currency_code=978", "merchant_country=fr", pathfile,
        owned[2], owned[3], owned[4], "customer_id=client-42", owned[5], "caddie=1 x sample item",
    };
    char *json = sogen_request_json((int)(sizeof args / sizeof *args), args);
    if (json_int(json, "code") == 0) store_order(merchant, transaction_id, amount, "978");
    page(strtol(amount, NULL, 10), json);
    sogen_free(json); /* every string libsogen returns, exactly once */
    for (size_t i = 0; i < sizeof owned / sizeof *owned; i++) free(owned[i]);
    return 0;
}
