/*
 * Memory discipline of the C ABI, for valgrind/ASan (`make test-valgrind`):
 * many calls on the success and error paths of every entry point, the JSON
 * forms included, from several threads at once; every result is checked and
 * released with sogen_free. Run under a memory checker, any leak, double
 * free, uninitialised read or out-of-bounds access in the library shows.
 * Usage: stress_test <pathfile>   (from the repository root for demo/pathfile)
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sogen.h"
#include "helpers.h"

#define THREADS 4
#define ROUNDS 25

static char pathfile_arg[1024];

/* One round: returns the number of failed checks. */
static int round_trip(int id, int round) {
    int failures = 0;
    char amount[32], tid[32];
    snprintf(amount, sizeof amount, "amount=%d", 100 + id * 1000 + round);
    snprintf(tid, sizeof tid, "transaction_id=%06d", id * 100 + round);
    const char *req[] = {pathfile_arg, "merchant_id=000000000000001", amount, tid, "order_id=stress"};

    char *form = sogen_request(5, req);
    if (!starts_with(form, "!0!!<FORM")) failures++;
    char *data = form ? extract_data(form) : NULL;
    sogen_free(form);
    if (!data) return failures + 1;

    char *message = malloc(strlen(data) + 16);
    sprintf(message, "message=%s", data);
    const char *res[] = {message, pathfile_arg};
    char *values = sogen_response(2, res);
    if (!starts_with(values, "!0!!000000000000001!fr!")) failures++;
    sogen_free(values);

    char *json = sogen_response_json(2, res);
    if (!json || !strstr(json, "\"code\":0")) failures++;
    sogen_free(json);

    /* The same message with its MAC altered: refused, and nothing leaks on that path. */
    message[strlen(message) - 1] = message[strlen(message) - 1] == '0' ? '1' : '0';
    char *refused = sogen_response(2, res);
    if (!starts_with(refused, "!-1!")) failures++;
    sogen_free(refused);
    free(message);
    free(data);

    char *rjson = sogen_request_json(5, req);
    if (!rjson || !strstr(rjson, "\"code\":0")) failures++;
    sogen_free(rjson);

    /* Error paths: bad keyword, missing file, too many arguments, NULL pieces. */
    const char *bad[] = {"nonsense=1"};
    char *e1 = sogen_request(1, bad);
    if (!starts_with(e1, "!-1!")) failures++;
    sogen_free(e1);
    const char *missing[] = {"pathfile=/nonexistent/pathfile", "merchant_id=1", "amount=100"};
    char *e2 = sogen_request(3, missing);
    if (!starts_with(e2, "!-1!")) failures++;
    sogen_free(e2);
    const char *many[50];
    for (int i = 0; i < 50; i++) many[i] = "amount=100";
    char *e3 = sogen_request(50, many);
    if (!starts_with(e3, "!-1!")) failures++;
    sogen_free(e3);
    const char *nulls[] = {NULL, NULL};
    char *e4 = sogen_response(2, nulls);
    if (!starts_with(e4, "!-1!")) failures++;
    sogen_free(e4);
    char *e5 = sogen_response_json(-3, NULL);
    if (!e5 || !strstr(e5, "\"code\":-1")) failures++;
    sogen_free(e5);
    return failures;
}

static void *worker(void *arg) {
    int id = (int)(long)arg;
    long failures = 0;
    for (int r = 0; r < ROUNDS; r++) failures += round_trip(id, r);
    return (void *)failures;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s <pathfile>\n", argv[0]);
        return 2;
    }
    snprintf(pathfile_arg, sizeof pathfile_arg, "pathfile=%s", argv[1]);
    long failures = round_trip(0, 0);
    pthread_t threads[THREADS];
    for (long t = 0; t < THREADS; t++) {
        if (pthread_create(&threads[t], NULL, worker, (void *)(t + 1)) != 0) {
            fprintf(stderr, "pthread_create failed\n");
            return 1;
        }
    }
    for (int t = 0; t < THREADS; t++) {
        void *r;
        pthread_join(threads[t], &r);
        failures += (long)r;
    }
    printf("%s stress_test: %d threads x %d rounds, %ld failed checks\n", failures ? "FAIL" : "ok", THREADS, ROUNDS,
           failures);
    return failures == 0 ? 0 : 1;
}
