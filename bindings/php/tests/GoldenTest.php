<?php

declare(strict_types=1);

namespace Sogen\Tests;

/**
 * Every case of bindings/testdata/golden.json through the binding: the exact
 * bytes, the parsed result, and the same arguments as an associative array.
 */
final class GoldenTest extends RepositoryTestCase
{
    /** @return array<string, array{0: array<string, mixed>}> */
    public function cases(): array
    {
        $cases = [];
        foreach (Support::golden()['cases'] as $case) {
            $cases[$case['name']] = [$case];
        }

        return $cases;
    }

    /** @return list<string> the case's arguments as bytes */
    private static function args(array $case): array
    {
        return array_map(Support::bytes(...), $case['args']);
    }

    /** @dataProvider cases */
    public function testExactBytes(array $case): void
    {
        $this->assertSame(Support::bytes($case['output']), self::$sogen->{$case['program']}(self::args($case)));
    }

    /** @dataProvider cases */
    public function testParsedResult(array $case): void
    {
        $r = self::$sogen->{$case['program'] . 'Result'}(self::args($case));
        $error = $case['error'] === null ? null : Support::bytes($case['error']);
        $this->assertSame([$case['code'], $error, $case['exit_status'], $case['code'] === 0], [$r->code, $r->error, $r->exitStatus, $r->isOk()]);
        $this->assertSame(Support::bytes($case['output']), $r->output);
        if ($case['program'] === 'request') {
            $this->assertSame([Support::bytes($case['debug']), Support::bytes($case['form'])], [$r->debug, $r->form]);

            return;
        }
        $this->assertSame(Support::golden()['response_fields'], array_keys($r->fields)); // output order
        $want = Support::goldenFields($case);
        ksort($want);
        $got = $r->fields;
        ksort($got);
        $this->assertSame($want, $got);
    }

    /**
     * The cases whose arguments are all keyword=value with distinct keywords,
     * with those arguments as an associative array.
     *
     * @return array<string, array{0: array<string, mixed>, 1: array<string, string>}>
     */
    public function arrayCases(): array
    {
        $cases = [];
        foreach (Support::golden()['cases'] as $case) {
            $params = [];
            foreach (self::args($case) as $arg) {
                [$keyword, $value] = explode('=', $arg, 2) + [1 => null];
                if ($value === null || $keyword === '' || isset($params[$keyword])) {
                    continue 2;
                }
                $params[$keyword] = $value;
            }
            $cases[$case['name']] = [$case, $params];
        }

        return $cases;
    }

    /** @dataProvider arrayCases */
    public function testAssociativeArrayGivesTheSameBytes(array $case, array $params): void
    {
        $this->assertSame(Support::bytes($case['output']), self::$sogen->{$case['program']}($params));
    }

    public function testP617KeywordsPassLikeAnyOther(): void
    {
        // A shop on kit version P617 writes its new keywords as it writes the others.
        $params = ['pathfile' => 'bindings/testdata/p617.pathfile', 'merchant_id' => Support::DEMO_MERCHANT, 'amount' => '12x',
            'customer_name' => "Zo\xE9", 'customer_firstname' => "Ana\xC3\xAFs", 'billing_city' => "Saint-\xC9tienne",
            'delivery_company' => 'A ! B', 'home_zipcode' => 42000];
        $this->assertSame(Support::bytes(Support::goldenCase('p617_request_new_keywords')['output']), self::$sogen->request($params));
        $this->assertArrayHasKey('p617_request_new_keywords', $this->arrayCases());
        $this->assertArrayHasKey('p617_request_debug_error', $this->arrayCases());
        $this->assertStringContainsString('Invalid Keyword in parameter (billing_city=Paris)',
            self::$sogen->request(['pathfile' => Support::PATHFILE, 'billing_city' => 'Paris']));
    }

    public function testExpectationsPassLikeAnyOtherArgument(): void
    {
        $case = Support::goldenCase('expected_amount_differs');
        $params = ['pathfile' => Support::PATHFILE, 'message' => Support::goldenCase('accepted_all_fields')['message'],
            'expected_amount' => 2501, 'expected_max_age' => 1_000_000_000];
        $this->assertSame(Support::bytes($case['output']), self::$sogen->response($params));
        $this->assertSame(Support::bytes($case['error']), self::$sogen->responseResult($params)->error);
    }

    public function testRefusedBeforeTheCall(): void
    {
        foreach (Support::golden()['refused'] as $refused) {
            try {
                self::$sogen->request(array_map(Support::bytes(...), $refused['args']));
                $this->fail("{$refused['name']}: no exception");
            } catch (\ValueError $e) {
                $this->assertStringContainsString('NUL', $e->getMessage(), $refused['name']);
            }
        }
    }
}
