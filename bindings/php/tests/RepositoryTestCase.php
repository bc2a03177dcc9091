<?php

declare(strict_types=1);

namespace Sogen\Tests;

use PHPUnit\Framework\TestCase;
use Sogen\Sogen;

/**
 * Tests that call the library on the demo merchant: demo/pathfile names its
 * files relative to the repository root, so each test runs from there.
 */
abstract class RepositoryTestCase extends TestCase
{
    protected static Sogen $sogen;

    private string $cwd;

    public static function setUpBeforeClass(): void
    {
        self::$sogen = new Sogen(Support::library());
    }

    protected function setUp(): void
    {
        $this->cwd = getcwd();
        chdir(Support::repo());
    }

    protected function tearDown(): void
    {
        chdir($this->cwd);
    }
}
