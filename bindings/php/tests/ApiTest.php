<?php

declare(strict_types=1);

namespace Sogen\Tests;

use PHPUnit\Framework\TestCase;
use Sogen\LibraryNotFoundException;
use Sogen\Sogen;

/** The binding itself: parameters, library search, declarations. */
final class ApiTest extends TestCase
{
    public function testListsAndArraysMakeTheSameArguments(): void
    {
        $stringable = new class () implements \Stringable {
            public function __toString(): string
            {
                return 'ORDER-7';
            }
        };
        $this->assertSame(
            ['merchant_id=1', 'amount=2500', 'order_id=ORDER-7', 'caddie=a b "c" $d;e'],
            Sogen::arguments(['merchant_id=1', 'amount' => 2500, 'order_id' => $stringable, 'caddie' => 'a b "c" $d;e']),
        );
    }

    public function testArrayOrderIsArgumentOrder(): void
    {
        // The first bad argument is the one reported.
        $sogen = new Sogen(Support::library());
        $this->assertSame('!-1!Invalid Keyword in parameter (toto=1)!!', $sogen->request(['toto' => 1, 'titi' => 2]));
        $this->assertSame('!-1!Invalid Keyword in parameter (titi=2)!!', $sogen->request(['titi' => 2, 'toto' => 1]));
    }

    public function testBytesPassUnchanged(): void
    {
        $sogen = new Sogen(Support::library());
        $this->assertSame("!-1!Invalid Keyword in parameter (caf\xE9=1)!!", $sogen->request(["caf\xE9=1"]));
        $this->assertSame("Invalid Keyword in parameter (caf\xE9=1)", $sogen->requestResult(["caf\xE9=1"])->error);
        // UTF-8 stays UTF-8: the library sees bytes, not characters.
        $this->assertSame("!-1!Invalid Keyword in parameter (caf\xC3\xA9=1)!!", $sogen->request(["caf\xC3\xA9=1"]));
    }

    /** @return array<string, array{0: array<mixed>, 1: class-string<\Throwable>}> */
    public function badParameters(): array
    {
        return [
            'float' => [['amount' => 25.0], \TypeError::class],
            'bool' => [['header_flag' => true], \TypeError::class],
            'null' => [['amount' => null], \TypeError::class],
            'array' => [[['amount=1']], \TypeError::class],
            'NUL in a value' => [['amount' => "1\x002"], \ValueError::class],
            'NUL in a list item' => [["amount=1\x002"], \ValueError::class],
        ];
    }

    /**
     * @dataProvider badParameters
     *
     * @param class-string<\Throwable> $exception
     */
    public function testBadParametersAreRefusedBeforeTheCall(array $params, string $exception): void
    {
        $this->expectException($exception);
        (new Sogen(Support::library()))->request($params);
    }

    public function testVersionIsTheCrateVersion(): void
    {
        preg_match('/^version = "([^"]+)"/m', file_get_contents(Support::repo() . '/Cargo.toml'), $m);
        $this->assertSame($m[1], (new Sogen(Support::library()))->version());
    }

    public function testDeclarationsAreThoseOfTheHeader(): void
    {
        $header = file_get_contents(Support::repo() . '/include/sogen.h');
        preg_match_all('/^(?:char|void|const char) \*?sogen_\w+\([^)]*\);/ms', $header, $m);
        $fromHeader = array_map(static fn (string $d): string => preg_replace('/\s+/', ' ', $d), $m[0]);
        $this->assertCount(6, $fromHeader);
        $this->assertSame($fromHeader, array_map('trim', explode("\n", Sogen::DECLARATIONS)));
        // The ffi.preload header declares the same functions.
        preg_match_all('/^\w.*\);$/m', file_get_contents(dirname(__DIR__) . '/sogen-ffi.h'), $p);
        $this->assertSame($fromHeader, $p[0]);
    }

    public function testMissingLibraryIsNamed(): void
    {
        try {
            new Sogen('/nonexistent/libsogen.so');
            $this->fail('no exception');
        } catch (LibraryNotFoundException $e) {
            $this->assertStringContainsString('/nonexistent/libsogen.so', $e->getMessage());
            $this->assertStringContainsString('SOGEN_LIBRARY', $e->getMessage());
            $this->assertStringContainsString('sogen.library', $e->getMessage());
            $this->assertStringContainsString('make install', $e->getMessage());
        }
    }

    public function testSearchOrder(): void
    {
        $saved = getenv('SOGEN_LIBRARY');
        try {
            putenv('SOGEN_LIBRARY');
            $this->assertSame(['/explicit.so'], Sogen::candidates('/explicit.so'));
            $this->assertSame(['libsogen.so.1', '/usr/local/lib/libsogen.so.1'], Sogen::candidates());
            putenv('SOGEN_LIBRARY=/from/env.so');
            $this->assertSame(['/from/env.so'], Sogen::candidates());
            $this->expectException(LibraryNotFoundException::class);
            new Sogen(); // an explicit setting is not second-guessed
        } finally {
            putenv($saved === false ? 'SOGEN_LIBRARY' : "SOGEN_LIBRARY=$saved");
        }
    }

    public function testPhpIniSetting(): void
    {
        // sogen.library is read from php.ini (here -d) when the environment says nothing.
        $code = 'require ' . var_export(dirname(__DIR__) . '/autoload.php', true) . ';'
            . ' $s = new Sogen\Sogen(); echo $s->library(), "|", $s->request(["toto=1"]);';
        [$status, $out] = self::php(['-d', 'sogen.library=' . Support::library(), '-r', $code], ['SOGEN_LIBRARY' => '']);
        $this->assertSame(0, $status, $out);
        $this->assertSame(Support::library() . '|!-1!Invalid Keyword in parameter (toto=1)!!', $out);
    }

    public function testTheSystemLibraryIsFoundByItsSoname(): void
    {
        // LD_LIBRARY_PATH stands for the loader's directories after `make install`.
        $dir = Support::tempDir();
        symlink(Support::library(), "$dir/libsogen.so.1");
        try {
            $code = 'require ' . var_export(dirname(__DIR__) . '/autoload.php', true) . ';'
                . ' $s = new Sogen\Sogen(); echo $s->library(), "|", $s->request(["toto=1"]);';
            [$status, $out] = self::php(['-r', $code], ['SOGEN_LIBRARY' => '', 'LD_LIBRARY_PATH' => $dir]);
            $this->assertSame(0, $status, $out);
            $this->assertSame('libsogen.so.1|!-1!Invalid Keyword in parameter (toto=1)!!', $out);
        } finally {
            Support::removeDir($dir);
        }
    }

    public function testWithoutTheFfiExtensionTheExceptionSaysSo(): void
    {
        // php -n: no php.ini, so no shared extension (Debian builds FFI shared).
        $code = 'require ' . var_export(dirname(__DIR__) . '/autoload.php', true) . ';'
            . ' try { new Sogen\Sogen(); } catch (Sogen\FfiUnavailableException $e) { echo $e->getMessage(); }';
        [$status, $out] = self::php(['-n', '-r', $code]);
        $this->assertSame(0, $status, $out);
        $this->assertStringContainsString('extension=ffi', $out);
    }

    public function testDefaultInstanceIsShared(): void
    {
        $saved = getenv('SOGEN_LIBRARY');
        putenv('SOGEN_LIBRARY=' . Support::library());
        try {
            $this->assertSame(Sogen::default(), Sogen::default());
            $this->assertSame(Support::library(), Sogen::default()->library());
        } finally {
            putenv($saved === false ? 'SOGEN_LIBRARY' : "SOGEN_LIBRARY=$saved");
        }
    }

    public function testResponseResultIsReadOnly(): void
    {
        $r = (new Sogen(Support::library()))->responseResult(['message=short']);
        $this->assertTrue(isset($r['amount']));
        $this->assertFalse(isset($r['nope']));
        $this->expectException(\LogicException::class);
        $r['amount'] = '1';
    }

    /**
     * Runs PHP (no shell) and returns [exit status, stdout + stderr].
     *
     * @param list<string> $args
     * @param array<string, string> $env
     *
     * @return array{0: int, 1: string}
     */
    public static function php(array $args, array $env = []): array
    {
        $process = proc_open([PHP_BINARY, ...$args], [1 => ['pipe', 'w'], 2 => ['redirect', 1]], $pipes, Support::repo(), $env + getenv());
        $out = stream_get_contents($pipes[1]);
        fclose($pipes[1]);

        return [proc_close($process), $out];
    }
}
