/*
 * call_response: where the customer comes back from the payment server
 * (RETURN_URL / CANCEL_URL), with the result in the posted DATA. A CGI program.
 *
 *   cc -o call_response call_response.c $(pkg-config --cflags --libs libsogen)
 */
#include <sogen.h>

#include "sample.h"

int main(void) {
    char *body = read_body();
    char *data = form_value(body, "DATA");
    const char *pathfile = setting("SOGEN_PATHFILE", SAMPLE_PATHFILE);
    char *message = malloc(strlen("message=") + (data ? strlen(data) : 0) + 1);
    char *pathfile_arg = malloc(strlen("pathfile=") + strlen(pathfile) + 1);
    if (!body || !message || !pathfile_arg) return 1;
    sprintf(message, "message=%s", data ? data : "");
    sprintf(pathfile_arg, "pathfile=%s", pathfile);

    const char *args[] = {message, pathfile_arg};
    char *json = sogen_response_json(2, args);

    printf("Content-Type: text/html; charset=ISO-8859-1\r\n\r\n");
    printf("<!DOCTYPE html>\n<html>\n<head><title>Sogenactif - payment result</title></head>\n"
           "<body style=\"font-family: sans-serif\">\n<h1>Demo shop - payment result</h1>\n");
    if (json_int(json, "code") != 0) {
        char *error = json_string(json, "error");
        fputs("<p id=\"shop-error\">Payment API error (response):</p>\n<pre>", stdout);
        print_html(error ? error : "?");
        fputs("</pre>\n", stdout);
        free(error);
    } else {
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
    printf("<p><a href=\"call_request\">New order</a></p>\n</body>\n</html>\n");
    sogen_free(json); /* every string libsogen returns, exactly once */
    free(message);
    free(pathfile_arg);
    free(data);
    free(body);
    return 0;
}
