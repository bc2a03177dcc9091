<?php

declare(strict_types=1);

namespace Sogen\Tests;

use PHPUnit\Framework\TestCase;

/**
 * The package installs with Composer into a project, offline: a path
 * repository (packagist disabled), its platform requirements (php, ext-ffi)
 * checked by Composer, and vendor/autoload.php finds the classes.
 */
final class ComposerTest extends TestCase
{
    /** @return array{0: int, 1: string} */
    private static function exec(array $command, string $cwd, array $env): array
    {
        $process = proc_open($command, [1 => ['pipe', 'w'], 2 => ['redirect', 1]], $pipes, $cwd, $env + getenv());
        $out = stream_get_contents($pipes[1]);
        fclose($pipes[1]);

        return [proc_close($process), $out];
    }

    public function testInstallsFromAPathRepositoryAndAutoloads(): void
    {
        $composer = '';
        foreach (explode(':', (string) getenv('PATH')) as $dir) {
            if ($dir !== '' && is_executable("$dir/composer")) {
                $composer = "$dir/composer";
                break;
            }
        }
        if ($composer === '') {
            $this->markTestSkipped('composer is not installed (make deps-bindings installs it)');
        }
        $project = Support::tempDir('sogen-composer-');
        try {
            $env = ['COMPOSER_HOME' => "$project/.composer", 'COMPOSER_DISABLE_NETWORK' => '1', 'COMPOSER_NO_INTERACTION' => '1'];
            [$status, $out] = self::exec([$composer, 'validate', '--strict', '--no-check-publish', '--no-check-lock'], dirname(__DIR__), $env);
            $this->assertSame(0, $status, $out);

            file_put_contents("$project/composer.json", json_encode([
                'name' => 'example/shop',
                'repositories' => [
                    ['type' => 'path', 'url' => dirname(__DIR__), 'options' => ['symlink' => false]],
                    ['packagist.org' => false],
                ],
                'require' => ['libsogen/sogen' => '*@dev'],
            ], JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES));
            [$status, $out] = self::exec([$composer, 'install', '--no-progress'], $project, $env);
            $this->assertSame(0, $status, $out);
            $this->assertFileExists("$project/vendor/libsogen/sogen/src/Sogen.php");

            $code = 'require "vendor/autoload.php"; $s = new Sogen\Sogen(); echo $s->request(["toto=1"]);';
            [$status, $out] = self::exec([PHP_BINARY, '-r', $code], $project, ['SOGEN_LIBRARY' => Support::library()]);
            $this->assertSame(0, $status, $out);
            $this->assertSame('!-1!Invalid Keyword in parameter (toto=1)!!', $out);
        } finally {
            Support::removeDir($project);
        }
    }
}
