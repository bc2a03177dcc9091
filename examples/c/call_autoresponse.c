/*
 * call_autoresponse: the payment server posts the response here itself, with
 * no browser (automatic_response_url): nothing to show, no redirection. As
 * the vendor's sample did, every field is appended to a log file; a shop
 * would update its order here. The answer is an empty HTTP 200. A CGI program.
 *
 *   cc -o call_autoresponse call_autoresponse.c $(pkg-config --cflags --libs libsogen)
 */
#include <sys/file.h>
#include <time.h>

#include <sogen.h>

#include "sample.h"

/* One entry of the log: the 42 values, or why there are none. */
static void log_response(FILE *log, const char *json, const char *problem) {
    char stamp[32];
    time_t now = time(NULL);
    strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", localtime(&now));
    fprintf(log, "%s automatic response\n", stamp);
    if (!json) {
        fprintf(log, "%s\n", problem);
    } else if (json_int(json, "code") != 0) {
        char *error = json_string(json, "error");
        fprintf(log, "API call error.\nError message : %s\n", error ? error : "?");
        free(error);
    } else {
        /* Code 0: sealed with the merchant's key and this order's; paid only when response_code is 00. */
        for (int i = 0; i < 42; i++) {
            char *value = json_string(json, RESPONSE_FIELDS[i]);
            fprintf(log, "%s : %s\n", RESPONSE_FIELDS[i], value ? value : "");
            free(value);
        }
    }
    fprintf(log, "-------------------------------------------\n");
}

int main(void) {
    char *body = read_body();
    if (!body) return 1;
    /* What call_request stored for the order this URL names: the response must be its. */
    const char *problem;
    char *json = read_response(body, &problem);
    FILE *log = fopen(setting("SOGEN_AUTORESPONSE_LOG", SAMPLE_LOGFILE), "a");
    if (log) {
        flock(fileno(log), LOCK_EX); /* responses for several orders may arrive at once */
        log_response(log, json, problem);
        fclose(log); /* releases the lock */
    } else {
        perror("call_autoresponse: log file");
    }
    if (json) sogen_free(json); /* every string libsogen returns, exactly once */
    printf("Status: 200 OK\r\nContent-Type: text/plain\r\n\r\n");
    free(body);
    return 0;
}
