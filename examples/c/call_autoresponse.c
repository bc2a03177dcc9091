/*
 * call_autoresponse: the payment server posts the same DATA here itself, with
 * no browser (AUTO_RESPONSE_URL): nothing to show, no redirection. As the
 * vendor's sample did, every field is appended to a log file; a shop would
 * update its order here. The answer is an empty HTTP 200. A CGI program.
 *
 *   cc -o call_autoresponse call_autoresponse.c $(pkg-config --cflags --libs libsogen)
 */
#include <sys/file.h>
#include <time.h>

#include <sogen.h>

#include "sample.h"

int main(void) {
    char *body = read_body();
    char *data = form_value(body ? body : "", "DATA");
    const char *pathfile = setting("SOGEN_PATHFILE", SAMPLE_PATHFILE);
    char *message = malloc(strlen("message=") + (data ? strlen(data) : 0) + 1);
    char *pathfile_arg = malloc(strlen("pathfile=") + strlen(pathfile) + 1);
    if (!message || !pathfile_arg) return 1;
    sprintf(message, "message=%s", data ? data : "");
    sprintf(pathfile_arg, "pathfile=%s", pathfile);

    const char *args[] = {message, pathfile_arg};
    char *json = sogen_response_json(2, args);

    FILE *log = fopen(setting("SOGEN_AUTORESPONSE_LOG", SAMPLE_LOGFILE), "a");
    if (log) {
        flock(fileno(log), LOCK_EX); /* responses for several orders may arrive at once */
        char stamp[32];
        time_t now = time(NULL);
        strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", localtime(&now));
        fprintf(log, "%s automatic response\n", stamp);
        if (json_int(json, "code") != 0) {
            char *error = json_string(json, "error");
            fprintf(log, "API call error.\nError message : %s\n", error ? error : "?");
            free(error);
        } else {
            for (int i = 0; i < 42; i++) {
                char *value = json_string(json, RESPONSE_FIELDS[i]);
                fprintf(log, "%s : %s\n", RESPONSE_FIELDS[i], value ? value : "");
                free(value);
            }
        }
        fprintf(log, "-------------------------------------------\n");
        fclose(log); /* releases the lock */
    } else {
        perror("call_autoresponse: log file");
    }
    sogen_free(json); /* every string libsogen returns, exactly once */
    printf("Status: 200 OK\r\nContent-Type: text/plain\r\n\r\n");
    free(message);
    free(pathfile_arg);
    free(data);
    free(body);
    return 0;
}
