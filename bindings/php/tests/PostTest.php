<?php

declare(strict_types=1);

namespace Sogen\Tests;

use Sogen\Sogen;

/**
 * responseFromPost: the POST fields of the golden file's `posts` as
 * arguments, what reaches the C ABI (a stand-in library that echoes its
 * arguments), Sips 1.0 end to end, and Sips 2.0 end to end once the core
 * reads it (skipped, with the reason, before).
 */
final class PostTest extends RepositoryTestCase
{
    private static ?Sogen $echo = null;

    /** @return array<string, array{0: array<string, mixed>}> the golden posts, by name */
    public function posts(): array
    {
        $cases = [];
        foreach (Support::golden()['posts'] as $case) {
            $cases[$case['name']] = [$case];
        }

        return $cases;
    }

    /** @return array<string, array{0: array<string, mixed>}> the posts that give arguments */
    public function acceptedPosts(): array
    {
        return array_filter($this->posts(), static fn (array $c): bool => !isset($c[0]['refused']));
    }

    /** @return array<string, array{0: array<string, mixed>}> the Sips 1.0 posts, with the library's answer */
    public function sips1Posts(): array
    {
        return array_filter($this->posts(), static fn (array $c): bool => isset($c[0]['output']));
    }

    /** @return array<string, string> the POST fields as $_POST holds them: bytes */
    private static function fields(array $case): array
    {
        $post = [];
        foreach ($case['post'] as [$name, $value]) {
            $post[$name] = Support::bytes($value);
        }

        return $post;
    }

    /** @return array<string, string|int> */
    private static function expected(array $case): array
    {
        return array_map(static fn ($v) => is_string($v) ? Support::bytes($v) : $v, $case['expected'] ?? []);
    }

    private static function call(Sogen $sogen, array $case): \Sogen\ResponseResult
    {
        return $sogen->responseFromPost(self::fields($case), $case['pathfile'], self::expected($case));
    }

    /** @dataProvider posts */
    public function testPostArguments(array $case): void
    {
        if (isset($case['refused'])) {
            try {
                Sogen::postArguments(self::fields($case), $case['pathfile'], self::expected($case));
                $this->fail('no exception');
            } catch (\ValueError | \TypeError $e) {
                $this->assertStringContainsString($case['refused'], $e->getMessage());
            }

            return;
        }
        $this->assertSame(array_map(Support::bytes(...), $case['args']), Sogen::postArguments(self::fields($case), $case['pathfile'], self::expected($case)));
    }

    /** @dataProvider sips1Posts */
    public function testSips1EndToEnd(array $case): void
    {
        $r = self::call(self::$sogen, $case);
        $error = $case['error'] === null ? null : Support::bytes($case['error']);
        $this->assertSame([$case['code'], $error, $case['exit_status']], [$r->code, $r->error, $r->exitStatus]);
        $this->assertSame(Support::bytes($case['output']), $r->output);
        $want = Support::goldenFields($case);
        $got = $r->fields;
        ksort($want);
        ksort($got);
        $this->assertSame($want, $got);
    }

    public function testNoResponseInThePostIsAnError(): void
    {
        $this->expectException(\ValueError::class);
        $this->expectExceptionMessage('DATA (Sips 1.0) or Data and Seal (Sips 2.0)');
        self::$sogen->responseFromPost(['amount' => '2500'], Support::PATHFILE);
    }

    /** @dataProvider acceptedPosts */
    public function testWhatReachesTheLibrary(array $case): void
    {
        $echoed = implode('', array_map(static fn (string $a): string => strlen($a) . ":$a;", array_map(Support::bytes(...), $case['args'])));
        $this->assertSame($echoed, self::call(self::echo(), $case)->output);
    }

    /** bindings/testdata/echo.c built as a library: it answers with its arguments. */
    private static function echo(): Sogen
    {
        if (self::$echo === null) {
            $library = Support::tempDir('sogen-php-echo-') . '/libsogen-echo.so';
            exec('cc -shared -fPIC -o ' . escapeshellarg($library) . ' ' . escapeshellarg(Support::repo() . '/bindings/testdata/echo.c'), $out, $status);
            self::assertSame(0, $status, 'cc echo.c');
            self::$echo = new Sogen($library);
        }

        return self::$echo;
    }

    public static function tearDownAfterClass(): void
    {
        if (self::$echo !== null) {
            Support::removeDir(dirname(self::$echo->library()));
        }
    }

    // ------------------------------------------------------------ Sips 2.0

    /** @return array<string, mixed> bindings/testdata/sips2.json */
    private static function sips2(): array
    {
        return json_decode(file_get_contents(Support::repo() . '/bindings/testdata/sips2.json'), true, 8, JSON_THROW_ON_ERROR);
    }

    /**
     * The automatic response of sips2.json as the payment server posts it,
     * sealed with the key file's key; $changed alters one field after sealing.
     *
     * @param array{0: string, 1: string}|null $changed
     *
     * @return array<string, string>
     */
    private static function sips2Post(?array $changed = null): array
    {
        $sips2 = self::sips2();
        preg_match('/^SECRET_KEY!(.*)!$/m', file_get_contents(Support::repo() . '/' . $sips2['key_file']), $key);
        $encoded = static fn (array $fields): string => base64_encode(implode('|', array_map(static fn (array $f): string => "$f[0]=$f[1]", $fields)));
        $data = $encoded($sips2['fields']);
        $seal = hash_hmac('sha256', $data, $key[1]);
        if ($changed !== null) {
            $data = $encoded(array_map(static fn (array $f): array => $f[0] === $changed[0] ? $changed : $f, $sips2['fields']));
        }

        return ['Data' => $data, 'Seal' => $seal, 'Encode' => 'base64', 'InterfaceVersion' => $sips2['interface_version']];
    }

    /** Skips the test until the core reads Sips 2.0 responses. */
    private function requireSips2(): void
    {
        $answer = self::$sogen->responseFromPost(self::sips2Post(), self::sips2()['pathfile']);
        if ($answer->exitStatus === 255 && preg_match('/number of arguments|seal=/', (string) $answer->error)) {
            $this->markTestSkipped("the core does not read Sips 2.0 responses yet (response answers: {$answer->error})");
        }
    }

    public function testSips2EndToEnd(): void
    {
        $this->requireSips2();
        $sips2 = self::sips2();
        $post = self::sips2Post();
        $r = self::$sogen->responseFromPost($post, $sips2['pathfile']);
        $this->assertSame([0, null], [$r->code, $r->error]);
        foreach ($sips2['values'] as $name => $value) {
            $this->assertSame($value, $r[$name], $name);
        }
        $direct = ["message={$post['Data']}", "seal={$post['Seal']}", 'encode=base64', "pathfile={$sips2['pathfile']}"];
        $this->assertSame(self::$sogen->response($direct), $r->output);
    }

    public function testSips2SealAndExpectations(): void
    {
        $this->requireSips2();
        $sips2 = self::sips2();
        $this->assertSame(-1, self::$sogen->responseFromPost(self::sips2Post($sips2['tampered']), $sips2['pathfile'])->code);
        $r = self::$sogen->responseFromPost(self::sips2Post(), $sips2['pathfile'], ['amount' => 2501]);
        $this->assertSame(-1, $r->code);
        $this->assertStringContainsString('does not match', (string) $r->error);
    }
}
