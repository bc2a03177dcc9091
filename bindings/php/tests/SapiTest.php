<?php

declare(strict_types=1);

namespace Sogen\Tests;

use PHPUnit\Framework\TestCase;

/**
 * The binding under a web SAPI (php -S, the CLI server): FFI::cdef with
 * ffi.enable=true; FFI::scope after ffi.preload or opcache.preload with the
 * default ffi.enable=preload; and the exception naming ffi.enable when neither.
 */
final class SapiTest extends TestCase
{
    private static string $docroot;

    private static string $libDir;

    public static function setUpBeforeClass(): void
    {
        self::$docroot = Support::tempDir('sogen-php-docroot-');
        chmod(self::$docroot, 0755); // the opcache test serves it as nobody
        self::writeIndex(self::$docroot, dirname(__DIR__));
        // A directory holding the library under its SONAME, as an installation would.
        self::$libDir = Support::tempDir('sogen-php-lib-');
        symlink(Support::library(), self::$libDir . '/libsogen.so.1');
    }

    /** The page every test serves: the binding at $binding, one request and one response. */
    private static function writeIndex(string $docroot, string $binding): void
    {
        file_put_contents($docroot . '/index.php', '<?php
require ' . var_export($binding . '/autoload.php', true) . ';
try {
    $sogen = new Sogen\Sogen();
    echo $sogen->library(), "|", $sogen->request(["toto=1"]), "|", $sogen->responseResult(["message=short"])->error;
} catch (Sogen\SogenException $e) {
    echo get_class($e), ": ", $e->getMessage();
}
');
        chmod($docroot . '/index.php', 0644);
    }

    public static function tearDownAfterClass(): void
    {
        Support::removeDir(self::$docroot);
        Support::removeDir(self::$libDir);
    }

    private const EXPECTED = '|!-1!Invalid Keyword in parameter (toto=1)!!|Error get DATA response parameter  (wrong length)';

    /** @param list<string> $options */
    private function page(array $options, array $env = [], array $prefix = [], ?string $docroot = null): string
    {
        [$server, $url, $log] = Support::startServer($docroot ?? self::$docroot, $options, $env, $prefix);
        try {
            [$status, $body] = Support::http("$url/index.php");
            $this->assertSame(200, $status, $body . file_get_contents($log));

            return $body;
        } finally {
            Support::stopServer($server);
            @unlink($log);
        }
    }

    public function testFfiEnabledUsesCdef(): void
    {
        $body = $this->page(['-d', 'ffi.enable=1'], ['SOGEN_LIBRARY' => Support::library()]);
        $this->assertSame(Support::library() . self::EXPECTED, $body);
    }

    public function testPreloadModeWithoutPreloadingNamesTheSetting(): void
    {
        $body = $this->page(['-d', 'ffi.enable=preload'], ['SOGEN_LIBRARY' => Support::library()]);
        $this->assertStringStartsWith('Sogen\FfiUnavailableException: ', $body);
        $this->assertStringContainsString('ffi.enable=preload', $body);
        $this->assertStringContainsString('opcache.preload=', $body);
    }

    public function testFfiPreloadHeaderAndPreloadedClassesGiveTheScope(): void
    {
        // The setup for a PHP started as root (php-fpm, Apache): the library
        // from ffi.preload (sogen-ffi.h names libsogen.so.1, found here through
        // LD_LIBRARY_PATH), the classes from opcache.preload, as this user.
        $user = posix_getpwuid(posix_geteuid())['name'];
        $body = $this->page(
            ['-d', 'ffi.enable=preload', '-d', 'ffi.preload=' . dirname(__DIR__) . '/sogen-ffi.h',
                '-d', 'opcache.enable=1', '-d', 'opcache.preload=' . dirname(__DIR__) . '/preload.php',
                '-d', "opcache.preload_user=$user"],
            ['LD_LIBRARY_PATH' => self::$libDir, 'SOGEN_LIBRARY' => ''],
        );
        $this->assertSame('scope:sogen' . self::EXPECTED, $body);
    }

    public function testOpcachePreloadAloneGivesTheScope(): void
    {
        // The setup for a PHP started as an ordinary user: preload.php loads
        // the library itself (FFI::load, which PHP refuses when preloading as
        // opcache.preload_user, i.e. as root): run the server as nobody.
        [$prefix, $binding, $library, $docroot] = [[], dirname(__DIR__), Support::library(), self::$docroot];
        if (posix_geteuid() === 0) {
            $runuser = is_executable('/usr/sbin/runuser') ? '/usr/sbin/runuser' : '/sbin/runuser';
            if (!is_executable($runuser)) {
                $this->markTestSkipped('running as root without runuser');
            }
            $prefix = [$runuser, '-u', 'nobody', '--'];
            // A checkout in a private directory is out of nobody's reach: serve a copy.
            if (!self::readableBy($prefix, [$binding . '/preload.php', $library])) {
                [$binding, $library, $docroot] = self::publicCopy($binding, $library);
            }
        }
        try {
            $body = $this->page(
                ['-d', 'ffi.enable=preload', '-d', 'opcache.enable=1', '-d', 'opcache.preload=' . $binding . '/preload.php',
                    '-d', 'sogen.library=' . $library],
                ['SOGEN_LIBRARY' => ''],
                $prefix,
                $docroot,
            );
            $this->assertSame('scope:sogen' . self::EXPECTED, $body);
        } finally {
            if ($docroot !== self::$docroot) {
                Support::removeDir(dirname($binding));
            }
        }
    }

    /** @param list<string> $prefix @param list<string> $files */
    private static function readableBy(array $prefix, array $files): bool
    {
        foreach ($files as $file) {
            $check = proc_open([...$prefix, 'test', '-r', $file], [], $pipes);
            if (proc_close($check) !== 0) {
                return false;
            }
        }

        return true;
    }

    /**
     * The binding, the library and a docroot copied under a fresh directory
     * anyone can read. @return array{string, string, string}
     */
    private static function publicCopy(string $binding, string $library): array
    {
        $root = Support::tempDir('sogen-php-public-');
        mkdir("$root/php/src", 0755, true);
        mkdir("$root/docroot", 0755);
        foreach (['preload.php', 'autoload.php', ...array_map(fn ($f) => 'src/' . basename($f), glob("$binding/src/*.php"))] as $file) {
            copy("$binding/$file", "$root/php/$file");
        }
        copy($library, "$root/libsogen.so");
        self::writeIndex("$root/docroot", "$root/php");
        exec('chmod -R a+rX ' . escapeshellarg($root));

        return ["$root/php", "$root/libsogen.so", "$root/docroot"];
    }
}
