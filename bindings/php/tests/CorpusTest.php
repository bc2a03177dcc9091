<?php

declare(strict_types=1);

namespace Sogen\Tests;

use PHPUnit\Framework\TestCase;
use Sogen\Sogen;

/**
 * Every recorded legacy case replayed through the binding.
 *
 * Responses compare byte for byte. Requests run on the real clock (the C ABI
 * has no injected clock), so their DATA value, transmission date and trace
 * prefixes are normalised on both sides; everything else must be identical.
 * The parsed results (the JSON entry points) are checked against the legacy line.
 */
final class CorpusTest extends TestCase
{
    /**
     * Two cases record the legacy overwrite of customer_email by a long
     * customer_id without an `expected_clean` (divergence 3 of
     * docs/compatibility.md: libsogen keeps the received e-mail); the core's
     * tests/corpus_response.rs checks them. Here only their parsing is checked.
     */
    private const LEGACY_EMAIL_OVERWRITE = ['resp_customer_id_9_chars', 'rv_pub_old_accepted_uppercase'];

    private const TRACE_LINES = '/\A(?:\d{3}:\d\d:\d\d:\d\d--\(\d+\)-[^\n]*\n)*/';

    private static Sogen $sogen;

    private string $cwd;

    private ?string $dir = null;

    public static function setUpBeforeClass(): void
    {
        self::$sogen = new Sogen(Support::library());
    }

    protected function setUp(): void
    {
        $this->cwd = getcwd();
    }

    protected function tearDown(): void
    {
        chdir($this->cwd);
        if ($this->dir !== null) {
            Support::removeDir($this->dir);
        }
    }

    /** @return array<string, array{0: array<string, mixed>}> */
    public function cases(): array
    {
        $cases = [];
        foreach ([...Support::corpus('legacy.jsonl'), ...Support::corpus('response.jsonl')] as $case) {
            // In-process calls run with this process's uid; the recorded
            // permission cases need another one (the Rust tests replay them).
            if (!isset($case['run_as_uid'])) {
                $cases[$case['name']] = [$case];
            }
        }
        if ($cases === []) {
            return ['corpus absent' => [null]];
        }

        return $cases;
    }

    /** @dataProvider cases */
    public function testCase(?array $case): void
    {
        if ($case === null) {
            fwrite(STDERR, "\n" . Support::corpusNotice() . "\n");
            $this->markTestSkipped(Support::corpusNotice());
        }
        $this->dir = Support::tempDir();
        $sub = fn (string $s): string => str_replace('{DIR}', $this->dir, Support::bytes($s));
        foreach ($case['files'] ?? [] as $name => $content) {
            file_put_contents("{$this->dir}/$name", $sub($content));
        }
        foreach ($case['file_modes'] ?? [] as $name => $mode) {
            chmod("{$this->dir}/$name", octdec($mode));
        }
        chdir($this->dir);
        $args = array_map($sub, $case['args']);
        $wanted = $sub($case['expected_clean'] ?? $case['expected']);
        if ($case['binary'] === 'request') {
            $this->checkRequest($case, $args, $wanted);
        } else {
            $this->checkResponse($case, $args, $wanted, $sub);
        }
    }

    private function checkRequest(array $case, array $args, string $wanted): void
    {
        $auto = in_array('auto_transaction_id', $case['volatile'] ?? [], true);
        $raw = self::$sogen->request($args);
        $this->assertSame(Support::normalize($wanted, $auto), Support::normalize($raw, $auto));

        $r = self::$sogen->requestResult($args);
        $this->assertSame(Support::normalize($raw, $auto), Support::normalize($r->output, $auto));
        $this->assertSame($case['exit'], $r->exitStatus);
        $line = preg_replace(self::TRACE_LINES, '', $r->output);
        if ($r->code === 0) {
            $this->assertNull($r->error);
            $this->assertSame("!0!{$r->debug}!{$r->form}!", $line);
        } else {
            $this->assertSame(-1, $r->code);
            $this->assertStringStartsWith('!-1!', $line);
            $this->assertSame('', $r->form);
            // (The HTML error block shows a newline of the detail as a space.)
            $this->assertStringContainsString(str_replace("\n", ' ', $r->error), $line);
        }
    }

    private function checkResponse(array $case, array $args, string $wanted, \Closure $sub): void
    {
        $raw = self::$sogen->response($args);
        $r = self::$sogen->responseResult($args);
        $this->assertSame($raw, $r->output); // response does not read the clock
        $names = Support::responseNames();
        $this->assertSame($names, array_keys($r->fields));
        $line = preg_replace(self::TRACE_LINES, '', $raw);

        if (isset($case['expected_clean_prefix'])) {
            // The legacy executable crashed here; a well-formed error is required.
            $this->assertStringStartsWith($sub($case['expected_clean_prefix']), $raw);
            $this->assertSame(-1, $r->code);
            $this->assertNotEmpty($r->error);

            return;
        }
        if (!in_array($case['name'], self::LEGACY_EMAIL_OVERWRITE, true)) {
            // Only the trace line of an .old certificate carries the time and pid.
            $this->assertSame(Support::normalize($wanted), Support::normalize($raw));
        }
        $this->assertSame($case['exit'], $r->exitStatus);
        if ($r->exitStatus === 255) { // argument errors: a plain line, no fields
            $this->assertSame("!-1!{$r->error}!!", $line);

            return;
        }
        $this->assertSame(str_starts_with($line, '!0!') ? 0 : -1, $r->code);
        $this->assertSame($r->code === 0, $r->error === null);
        // The 42 values, as the legacy line ends with them.
        $this->assertStringEndsWith('!' . implode('!', $r->fields), $line);
        if ($r->code === 0 && substr_count($line, '!') === 44) {
            // No value contains '!': the legacy line splits unambiguously.
            $this->assertSame(array_values($r->fields), array_slice(explode('!', $line), 3));
        }
    }
}
