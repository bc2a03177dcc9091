#define FFI_SCOPE "sogen"
#define FFI_LIB "libsogen.so.1"
/*
 * libsogen for PHP's ffi.preload (an alternative to opcache preloading that
 * also works when PHP starts as root):
 *
 *   ffi.enable=preload
 *   ffi.preload=/path/to/bindings/php/sogen-ffi.h
 *
 * registers the FFI scope "sogen", which `new Sogen\Sogen()` uses. FFI_LIB is
 * the installed library (`make install`); for another one, copy this file and
 * change FFI_LIB. PHP reads the two #defines only as the first lines.
 */

char *sogen_request(int argc, const char *const *argv);
char *sogen_response(int argc, const char *const *argv);
char *sogen_request_json(int argc, const char *const *argv);
char *sogen_response_json(int argc, const char *const *argv);
void sogen_free(char *s);
const char *sogen_version(void);
