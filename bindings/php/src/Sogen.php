<?php

declare(strict_types=1);

namespace Sogen;

use FFI;

/**
 * libsogen through FFI: the Sogenactif `request` and `response` executables as
 * method calls, with byte-identical results and no process spawned.
 *
 *     $sogen = new Sogen\Sogen();
 *     $result = $sogen->requestResult(['pathfile' => '/srv/sogen/pathfile',
 *         'merchant_id' => '014213245611111', 'amount' => 2500]);
 *     echo $result->isOk() ? $result->form : htmlspecialchars($result->error);
 *
 *     // call_response, call_autoresponse: the payment server's POST (Sips 1.0
 *     // or 2.0), bound to what the shop stored for the order.
 *     $reply = $sogen->responseFromPost($_POST, '/srv/sogen/pathfile', $order);
 *
 * Parameters are the executables' `keyword=value` strings, as a list
 * (`['merchant_id=…', 'amount=2500']`) or an associative array (`['amount' =>
 * 2500]`, kept in its order); both may be mixed. Strings are bytes: nothing is
 * converted, quoted or escaped.
 *
 * The library is, in the order all the bindings follow (docs/bindings.md,
 * "Conventions"): the constructor's argument; the FFI scope "sogen" when the
 * server preloaded it (preload.php, ffi.preload); the environment variable
 * SOGEN_LIBRARY, else the php.ini setting `sogen.library` (php-fpm's clear_env
 * hides the environment); the system's libsogen.so.1 (dynamic loader search),
 * then /usr/local/lib/libsogen.so.1.
 *
 * Instances may be shared: libsogen is thread-safe and keeps no state between calls.
 */
final class Sogen
{
    /** The FFI scope a preloaded libsogen is registered under (see preload.php). */
    public const SCOPE = 'sogen';

    /** This binding's version: the library's it was released with (sogen_version()). */
    public const VERSION = '0.1.0';

    /** The library's SONAME: the ABI version this binding was written for. */
    public const SONAME = 'libsogen.so.1';

    /** The C declarations of include/sogen.h this binding calls. */
    public const DECLARATIONS = <<<'C'
        char *sogen_request(int argc, const char *const *argv);
        char *sogen_response(int argc, const char *const *argv);
        char *sogen_request_json(int argc, const char *const *argv);
        char *sogen_response_json(int argc, const char *const *argv);
        void sogen_free(char *s);
        const char *sogen_version(void);
        C;

    /** What a shop may expect of a response, passed as `expected_<name>=` in this order. */
    public const EXPECTATIONS = ['merchant_id', 'transaction_id', 'amount', 'currency_code', 'max_age'];

    /** Where `make install` puts the library by default, for systems where ldconfig has not run since. */
    public const FALLBACK = '/usr/local/lib/' . self::SONAME;

    private static ?Sogen $default = null;

    private FFI $ffi;

    private string $library;

    /**
     * @param string|null $library path of libsogen.so (null: the search order above)
     *
     * @throws FfiUnavailableException when PHP's FFI cannot be used here
     * @throws LibraryNotFoundException when no library could be loaded
     */
    public function __construct(?string $library = null)
    {
        [$this->ffi, $this->library] = self::open($library);
    }

    /** An instance shared by the whole script, created on first use. */
    public static function default(): self
    {
        return self::$default ??= new self();
    }

    /** What was loaded: `scope:sogen` (preloaded) or the library path given to dlopen. */
    public function library(): string
    {
        return $this->library;
    }

    /** libsogen's version (`sogen_version()`). */
    public function version(): string
    {
        // A `const char *` return is copied into a PHP string by FFI; it is
        // static in the library and must not be freed.
        return $this->ffi->sogen_version();
    }

    /**
     * Runs `request`: exactly what the executable printed, `!0!!<FORM…>!` or `!-1!…!!`.
     *
     * @param array<int|string, string|int|\Stringable> $params
     */
    public function request(array $params): string
    {
        return $this->call('sogen_request', $params);
    }

    /**
     * Runs `response` (`message=…`, `pathfile=…`): exactly what the executable printed.
     *
     * @param array<int|string, string|int|\Stringable> $params
     */
    public function response(array $params): string
    {
        return $this->call('sogen_response', $params);
    }

    /**
     * Runs `request` and returns its parts (code, error, debug, form).
     *
     * @param array<int|string, string|int|\Stringable> $params
     */
    public function requestResult(array $params): RequestResult
    {
        $j = $this->json('sogen_request_json', $params);

        return new RequestResult(
            $j['code'],
            $j['error'] === null ? null : self::bytes($j['error']),
            self::bytes($j['debug']),
            self::bytes($j['form']),
            self::bytes($j['output']),
            $j['exit_status'],
        );
    }

    /**
     * Runs `response` and returns its parts, with the 42 fields by name: reliable
     * even when a value contains the `!` that separates them in the legacy string.
     *
     * @param array<int|string, string|int|\Stringable> $params
     */
    public function responseResult(array $params): ResponseResult
    {
        $j = $this->json('sogen_response_json', $params);

        return new ResponseResult(
            $j['code'],
            $j['error'] === null ? null : self::bytes($j['error']),
            array_map(self::bytes(...), $j['fields']),
            self::bytes($j['output']),
            $j['exit_status'],
        );
    }

    /**
     * Runs `response` on the fields the payment server posted (`$_POST`),
     * Sips 1.0 or 2.0. With `$expected` (merchant_id, transaction_id, amount,
     * currency_code, max_age: what the shop stored for the order), a response
     * that does not match is refused (code -1). See postArguments().
     *
     * @param array<string, mixed> $post
     * @param array<string, string|int> $expected
     *
     * @throws \ValueError when the fields hold no payment response, or an expectation is unknown
     */
    public function responseFromPost(array $post, string $pathfile, array $expected = []): ResponseResult
    {
        return $this->responseResult(self::postArguments($post, $pathfile, $expected));
    }

    /**
     * The arguments responseFromPost() passes to `response` for these POST
     * fields: `message=` (Sips 1.0's DATA, or Sips 2.0's Data with `seal=` and,
     * when not empty, `encode=`), `pathfile=`, then `expected_<name>=` for
     * each expectation, in the order of EXPECTATIONS.
     *
     * @param array<string, mixed> $post
     * @param array<string, string|int> $expected
     *
     * @return list<string>
     *
     * @throws \ValueError when the fields hold no payment response, or an expectation is unknown
     */
    public static function postArguments(array $post, string $pathfile, array $expected = []): array
    {
        if (array_key_exists('Data', $post) && array_key_exists('Seal', $post)) { // Sips 2.0
            $params = ['message' => $post['Data'], 'seal' => $post['Seal']];
            if (($post['Encode'] ?? '') !== '') {
                $params['encode'] = $post['Encode'];
            }
        } elseif (array_key_exists('DATA', $post)) { // Sips 1.0
            $params = ['message' => $post['DATA']];
        } else {
            throw new \ValueError('no payment response in these POST fields: DATA (Sips 1.0) or Data and Seal (Sips 2.0) expected');
        }
        $params['pathfile'] = $pathfile;
        $unknown = array_diff(array_keys($expected), self::EXPECTATIONS);
        if ($unknown !== []) {
            throw new \ValueError('unknown expectation ' . reset($unknown) . ': expected one of ' . implode(', ', self::EXPECTATIONS));
        }
        foreach (array_intersect(self::EXPECTATIONS, array_keys($expected)) as $name) {
            $params["expected_$name"] = $expected[$name];
        }

        return self::arguments($params);
    }

    /**
     * Registers libsogen as the FFI scope "sogen". Call it from an
     * opcache.preload script (preload.php does): with the default
     * `ffi.enable=preload`, a web server may then use FFI::scope('sogen').
     * (PHP refuses this when preloading as opcache.preload_user, i.e. when it
     * starts as root: use ffi.preload=sogen-ffi.h there, see preload.php.)
     *
     * @throws LibraryNotFoundException
     */
    public static function preload(?string $library = null): void
    {
        $errors = [];
        foreach (self::candidates($library) as $candidate) {
            // FFI::load reads the scope name and the library from a header file.
            $header = tempnam(sys_get_temp_dir(), 'sogen-ffi-');
            file_put_contents($header, sprintf(
                "#define FFI_SCOPE \"%s\"\n#define FFI_LIB \"%s\"\n%s\n",
                self::SCOPE,
                addcslashes($candidate, '"\\'),
                self::DECLARATIONS,
            ));
            try {
                if (@FFI::load($header) !== null) {
                    return;
                }
                $errors[] = "$candidate: " . (error_get_last()['message'] ?? 'FFI::load failed');
            } catch (FFI\Exception $e) {
                $errors[] = "$candidate: " . $e->getMessage();
            } finally {
                unlink($header);
            }
        }
        throw LibraryNotFoundException::tried($errors);
    }

    /**
     * The libraries to try, most specific first (no preloaded scope here).
     *
     * @return list<string>
     */
    public static function candidates(?string $library = null): array
    {
        if ($library !== null) {
            return [$library];
        }
        // An explicit setting is not second-guessed: if it is wrong, say so.
        $env = getenv('SOGEN_LIBRARY');
        if (is_string($env) && $env !== '') {
            return [$env];
        }
        // get_cfg_var sees php.ini lines no extension declared, such as sogen.library.
        $ini = get_cfg_var('sogen.library');
        if (is_string($ini) && $ini !== '') {
            return [$ini];
        }

        return [self::SONAME, self::FALLBACK];
    }

    /**
     * The `keyword=value` strings of a parameter array.
     *
     * @param array<int|string, mixed> $params
     *
     * @return list<string>
     */
    public static function arguments(array $params): array
    {
        $args = [];
        foreach ($params as $key => $value) {
            $what = is_int($key) ? "parameter #$key" : "parameter $key";
            if (is_int($value) || $value instanceof \Stringable) {
                $value = (string) $value;
            } elseif (!is_string($value)) {
                // A float, bool or null has no single obvious spelling for the plug-in.
                throw new \TypeError("$what: expected a string or an int, got " . get_debug_type($value));
            }
            $arg = is_int($key) ? $value : "$key=$value";
            if (str_contains($arg, "\0")) {
                // A C string (and a command line before it) ends at the first NUL.
                throw new \ValueError("$what: a NUL byte cannot be passed to the plug-in");
            }
            $args[] = $arg;
        }

        return $args;
    }

    /** @return array{0: FFI, 1: string} */
    private static function open(?string $library): array
    {
        if (!extension_loaded('ffi')) {
            throw new FfiUnavailableException(
                'libsogen needs the FFI extension, which is not loaded in this PHP: add extension=ffi '
                . 'to php.ini (Debian ships it in php8.x-common; elsewhere build PHP --with-ffi).'
            );
        }
        if ($library === null) {
            try {
                return [FFI::scope(self::SCOPE), 'scope:' . self::SCOPE];
            } catch (FFI\Exception) {
                // Not preloaded: load the library ourselves.
            }
        }
        $errors = [];
        foreach (self::candidates($library) as $candidate) {
            try {
                return [FFI::cdef(self::DECLARATIONS, $candidate), $candidate];
            } catch (FFI\Exception $e) {
                if (str_contains($e->getMessage(), 'ffi.enable')) {
                    throw FfiUnavailableException::restricted($e);
                }
                $errors[] = "$candidate: " . $e->getMessage();
            }
        }
        throw LibraryNotFoundException::tried($errors);
    }

    /** @param array<int|string, mixed> $params */
    private function call(string $function, array $params): string
    {
        $args = self::arguments($params);
        $n = count($args);
        $argv = $n > 0 ? $this->ffi->new("const char *[$n]") : null;
        // NUL-terminated C copies of the arguments, alive until the call returns.
        $buffers = [];
        foreach ($args as $i => $arg) {
            $length = strlen($arg);
            $buffer = $this->ffi->new('char[' . ($length + 1) . ']'); // zero-filled
            FFI::memcpy($buffer, $arg, $length);
            $buffers[] = $buffer;
            $argv[$i] = FFI::addr($buffer[0]);
        }
        // A `char *` return stays a pointer (FFI copies only `const char *`):
        // copy it, then hand it back to the library, whatever happens.
        $result = $this->ffi->$function($n, $argv);
        try {
            return FFI::string($result);
        } finally {
            $this->ffi->sogen_free($result);
        }
    }

    /**
     * @param array<int|string, mixed> $params
     *
     * @return array<string, mixed>
     */
    private function json(string $function, array $params): array
    {
        return json_decode($this->call($function, $params), true, 8, JSON_THROW_ON_ERROR);
    }

    /**
     * A JSON string of libsogen as the bytes it stands for: the JSON carries each
     * byte as the code point of the same number, which json_decode turns into
     * UTF-8. Above U+007F that is two bytes, C2 or C3 and a continuation byte.
     */
    private static function bytes(string $utf8): string
    {
        if (!preg_match('/[\x80-\xFF]/', $utf8)) {
            return $utf8;
        }

        return preg_replace_callback(
            '/[\xC2\xC3][\x80-\xBF]/',
            static fn (array $m): string => chr(((ord($m[0][0]) & 0x1F) << 6) | (ord($m[0][1]) & 0x3F)),
            $utf8,
        );
    }
}
