<?php

declare(strict_types=1);

namespace Sogen\Tests;

/**
 * Helpers shared by the tests: the repository, the demo merchant, the golden
 * file, and PHP servers started for the SAPI and sample tests.
 */
final class Support
{
    public const DEMO_MERCHANT = '000000000000001';
    public const PATHFILE = 'demo/pathfile';

    public static function repo(): string
    {
        return dirname(__DIR__, 3);
    }

    /** A golden or libsogen JSON string (one code point per byte, decoded to UTF-8) as bytes. */
    public static function bytes(string $utf8): string
    {
        return preg_replace_callback(
            '/[\xC2\xC3][\x80-\xBF]/',
            static fn (array $m): string => chr(((ord($m[0][0]) & 0x1F) << 6) | (ord($m[0][1]) & 0x3F)),
            $utf8,
        );
    }

    /** A fresh temporary directory. */
    public static function tempDir(string $prefix = 'sogen-php-'): string
    {
        $dir = sys_get_temp_dir() . '/' . $prefix . bin2hex(random_bytes(6));
        mkdir($dir, 0700);

        return $dir;
    }

    public static function removeDir(string $dir): void
    {
        if (!is_dir($dir) || is_link($dir)) {
            @unlink($dir);

            return;
        }
        foreach (array_diff(scandir($dir), ['.', '..']) as $entry) {
            self::removeDir("$dir/$entry");
        }
        rmdir($dir);
    }

    /**
     * bindings/testdata/golden.json (written by tests/golden_bindings.rs):
     * strings hold bytes as code points, kept here as json_decode gives them (UTF-8).
     *
     * @return array<string, mixed>
     */
    public static function golden(): array
    {
        static $golden = null;

        return $golden ??= json_decode(file_get_contents(self::repo() . '/bindings/testdata/golden.json'), true, 64, JSON_THROW_ON_ERROR);
    }

    /** @return array<string, mixed> the golden case called $name */
    public static function goldenCase(string $name): array
    {
        foreach (self::golden()['cases'] as $case) {
            if ($case['name'] === $name) {
                return $case;
            }
        }
        throw new \LogicException("no golden case $name");
    }

    /** @return array<string, string> a golden response case's 42 values, as bytes */
    public static function goldenFields(array $case): array
    {
        return array_map(self::bytes(...), $case['fields']);
    }

    public static function library(): string
    {
        return getenv('SOGEN_LIBRARY') ?: self::repo() . '/target/release/libsogen.so';
    }

    public static function freePort(): int
    {
        $socket = stream_socket_server('tcp://127.0.0.1:0');
        $name = stream_socket_get_name($socket, false);
        fclose($socket);

        return (int) substr($name, strrpos($name, ':') + 1);
    }

    /**
     * Starts `php [ini…] -S 127.0.0.1:PORT -t DOCROOT` in its own process group
     * and waits until it answers. Returns [process, base URL, log file].
     *
     * @param list<string> $phpOptions
     * @param array<string, string> $env
     *
     * @return array{0: resource, 1: string, 2: string}
     */
    public static function startServer(string $docroot, array $phpOptions, array $env = [], array $prefix = []): array
    {
        $port = self::freePort();
        $log = tempnam(sys_get_temp_dir(), 'sogen-php-server-');
        $command = [...$prefix, PHP_BINARY, ...$phpOptions, '-S', "127.0.0.1:$port", '-t', $docroot];
        $process = proc_open($command, [0 => ['file', '/dev/null', 'r'], 1 => ['file', $log, 'a'], 2 => ['file', $log, 'a']],
            $pipes, self::repo(), $env + getenv());
        $url = "http://127.0.0.1:$port";
        for ($i = 0; $i < 100; $i++) {
            $socket = @fsockopen('127.0.0.1', $port, $errno, $errstr, 0.1);
            if ($socket) {
                fclose($socket);

                return [$process, $url, $log];
            }
            if (!proc_get_status($process)['running']) {
                break;
            }
            usleep(50_000);
        }
        $output = file_get_contents($log);
        self::stopServer($process);
        throw new \RuntimeException("php -S did not start:\n$output");
    }

    /** @param resource $process */
    public static function stopServer($process): void
    {
        $status = proc_get_status($process);
        if ($status['running']) {
            proc_terminate($process, SIGTERM);
            for ($i = 0; $i < 50 && proc_get_status($process)['running']; $i++) {
                usleep(20_000);
            }
            if (proc_get_status($process)['running']) {
                proc_terminate($process, SIGKILL);
            }
        }
        proc_close($process);
    }

    /**
     * An HTTP request: [status, body].
     *
     * @param array<string, string>|null $post
     * @param list<string> $headers
     *
     * @return array{0: int, 1: string}
     */
    public static function http(string $url, ?array $post = null, array $headers = []): array
    {
        $options = ['http' => ['ignore_errors' => true, 'timeout' => 20, 'header' => $headers]];
        if ($post !== null) {
            $options['http']['method'] = 'POST';
            $options['http']['header'][] = 'Content-Type: application/x-www-form-urlencoded';
            $options['http']['content'] = http_build_query($post);
        }
        $body = file_get_contents($url, false, stream_context_create($options));
        preg_match('{^HTTP/\S+ (\d+)}', $http_response_header[0] ?? '', $m);

        return [(int) ($m[1] ?? 0), (string) $body];
    }
}
