<?php

declare(strict_types=1);

namespace Sogen\Tests;

use PHPUnit\Framework\TestCase;
use Sogen\Sogen;

/**
 * 10^5 calls with a stable resident set size.
 *
 * Every result is at least ~500 bytes (the HTML error block, or a decoded
 * response), so forgetting sogen_free, or keeping the argument buffers, on any
 * path would leak tens of megabytes over the loop: the 8 MB bound catches it
 * and leaves room for allocator noise.
 */
final class LeakTest extends TestCase
{
    private const CALLS = 100_000;
    private const BOUND = 8 * 1024 * 1024;

    private static function rss(): int
    {
        // statm's second field: resident pages (libsogen's memory is outside PHP's allocator).
        [, $pages] = explode(' ', file_get_contents('/proc/self/statm'));

        return (int) $pages * 4096;
    }

    public function testNoGrowthOver100000Calls(): void
    {
        $cwd = getcwd();
        chdir(Support::repo());
        try {
            $sogen = new Sogen(Support::library());
            $accepted = ['pathfile' => Support::PATHFILE, 'message' => Support::goldenCase('accepted_all_fields')['message']];
            $short = ['message=0123456789', 'pathfile=' . Support::PATHFILE]; // ERR block + 42 '!'
            $badAmount = ['pathfile' => Support::PATHFILE, 'merchant_id' => Support::DEMO_MERCHANT, 'amount' => 'x'];
            $calls = [
                static fn () => $sogen->response($short),
                static fn () => $sogen->responseResult($short),
                static fn () => $sogen->request($badAmount),
                static fn () => $sogen->requestResult($badAmount),
                static fn () => $sogen->responseResult($accepted), // a full decode, customer_id deciphered
            ];
            $run = static function (int $n) use ($calls): void {
                for ($i = 0; $i < $n; $i++) {
                    $calls[$i % 5]();
                }
            };
            $run(10_000); // warm-up: caches, allocator arenas
            $before = self::rss();
            $phpBefore = memory_get_usage();
            $start = microtime(true);
            $run(self::CALLS);
            $elapsed = microtime(true) - $start;
            $growth = self::rss() - $before;
            $phpGrowth = memory_get_usage() - $phpBefore;
            fwrite(STDERR, sprintf("\n%d calls in %.1f s, RSS %.1f MB -> growth %d kB (PHP heap %+d kB)\n",
                self::CALLS, $elapsed, $before / 2 ** 20, intdiv($growth, 1024), intdiv($phpGrowth, 1024)));
            $this->assertLessThan(self::BOUND, $growth, "RSS grew by $growth bytes over " . self::CALLS . ' calls');
            $this->assertLessThan(1024 * 1024, $phpGrowth, 'the PHP heap grew');
        } finally {
            chdir($cwd);
        }
    }
}
