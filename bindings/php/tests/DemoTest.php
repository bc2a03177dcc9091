<?php

declare(strict_types=1);

namespace Sogen\Tests;

use PHPUnit\Framework\TestCase;
use Sogen\Sogen;

/**
 * The demo merchant of the repository (demo/pathfile): runs everywhere.
 * Expected outputs are built here from what went in: the legacy framing and
 * the values sealed into bindings/testdata/demo-responses.json.
 */
final class DemoTest extends TestCase
{
    private const ACTION = 'http://127.0.0.1:8090/cgis-payment/demo/callpayment';

    private static Sogen $sogen;

    private string $cwd;

    public static function setUpBeforeClass(): void
    {
        self::$sogen = new Sogen(Support::library());
    }

    protected function setUp(): void
    {
        // demo/pathfile names its files relative to the repository root.
        $this->cwd = getcwd();
        chdir(Support::repo());
    }

    protected function tearDown(): void
    {
        chdir($this->cwd);
    }

    private static function demo(array $extra = []): array
    {
        return ['pathfile' => Support::PATHFILE, 'merchant_id' => Support::DEMO_MERCHANT, 'amount' => 2500] + $extra;
    }

    public function testRequestGivesTheDemoForm(): void
    {
        $r = self::$sogen->requestResult(self::demo(['order_id' => 'ORDER-1']));
        $this->assertSame([0, null, 0, ''], [$r->code, $r->error, $r->exitStatus, $r->debug]);
        $this->assertTrue($r->isOk());
        $this->assertStringStartsWith('<FORM METHOD=POST ACTION="' . self::ACTION . '" target="_top">', $r->form);
        foreach (['CB', 'VISA', 'MASTERCARD'] as $means) {
            $this->assertStringContainsString("NAME=$means ", $r->form);
        }
        $this->assertSame("!0!!{$r->form}!", $r->output);
        $this->assertMatchesRegularExpression('/NAME=DATA VALUE="[0-9a-f]{400,}"/', $r->form);
    }

    public function testListAndArrayGiveTheSameRequest(): void
    {
        $list = self::$sogen->request(['pathfile=' . Support::PATHFILE, 'merchant_id=' . Support::DEMO_MERCHANT, 'amount=2500']);
        $array = self::$sogen->request(self::demo());
        $this->assertStringStartsWith('!0!!<FORM METHOD=POST', $list);
        $this->assertStringEndsWith('</FORM>!', $list);
        $this->assertSame(Support::normalize($list), Support::normalize($array));
    }

    /** @return array<string, array{0: list<string>, 1: string, 2: int}> */
    public function requestErrors(): array
    {
        $m = Support::DEMO_MERCHANT;

        return [
            'unknown keyword' => [['toto=1'], '!-1!Invalid Keyword in parameter (toto=1)!!', 255],
            '45 arguments' => [array_fill(0, 45, "merchant_id=$m"), '!-1!invalid number of arguments (must be <= 44 )!!', 255],
            'amount not numeric' => [['pathfile=demo/pathfile', "merchant_id=$m", 'amount=25a00'],
                '!-1!' . Support::errBlock('Error in call parameters structure', 'amount (25a00) not numeric') . '!!', 0],
            'no pathfile' => [['pathfile=missing/pathfile', "merchant_id=$m", 'amount=2500'],
                '!-1!' . Support::errBlock('Error reading pathfile', 'missing/pathfile') . '!!', 0],
            'unknown merchant' => [['pathfile=demo/pathfile', 'merchant_id=000000000000002', 'amount=2500'],
                '!-1!' . Support::errBlock('Error reading merchant parameters definition', 'demo/param/parmcom.000000000000002') . '!!', 0],
        ];
    }

    /** @dataProvider requestErrors */
    public function testRequestErrors(array $args, string $output, int $exit): void
    {
        $this->assertSame($output, self::$sogen->request($args));
        $r = self::$sogen->requestResult($args);
        $this->assertSame([-1, $output, $exit, ''], [$r->code, $r->output, $r->exitStatus, $r->form]);
        $this->assertStringContainsString($r->error, $output);
        $this->assertFalse($r->isOk());
    }

    /** @return array<string, array{0: list<string>, 1: string}> */
    public function responseErrors(): array
    {
        return [
            'no arguments' => [[], '!-1!invalid number of arguments (must be > 1)!!'],
            'short message' => [['pathfile=demo/pathfile', 'message=0123456789abcdef'],
                '!-1!' . Support::errBlock('Error get DATA response parameter ', 'wrong length') . str_repeat('!', 42)],
        ];
    }

    /** @dataProvider responseErrors */
    public function testResponseErrors(array $args, string $output): void
    {
        $this->assertSame($output, self::$sogen->response($args));
        $r = self::$sogen->responseResult($args);
        $this->assertSame([-1, $output], [$r->code, $r->output]);
        $this->assertSame([''], array_values(array_unique($r->fields)));
    }

    public function testEveryDemoResponseDecodesToWhatWasSealed(): void
    {
        $names = Support::responseNames();
        $this->assertCount(42, $names);
        foreach (Support::demoResponses()['cases'] as $case) {
            $want = Support::demoFields($case);
            $this->assertSame($names, array_keys($want));
            $args = ['pathfile' => Support::PATHFILE, 'message' => $case['message']];
            // The legacy line: code 0, no debug, the 42 values joined by '!'.
            $output = '!0!!' . implode('!', $want);
            $this->assertSame($output, self::$sogen->response($args), $case['name']);
            $r = self::$sogen->responseResult($args);
            $this->assertSame([0, null, 0], [$r->code, $r->error, $r->exitStatus]);
            $this->assertSame($want, $r->fields); // same values, same order
            $this->assertSame($output, $r->output);
        }
    }

    public function testAll42FieldsAndTheDecipheredCustomerId(): void
    {
        $case = Support::demoResponses()['cases'][0];
        $this->assertSame('accepted_all_fields', $case['name']);
        $this->assertTrue($case['customer_id_ciphered']);
        $this->assertNotContains('', $case['fields']); // all 42 set
        $r = self::$sogen->responseResult(['pathfile' => Support::PATHFILE, 'message' => $case['message']]);
        $this->assertSame('client-42', $r['customer_id']); // enciphered in DATA (flag 108)
        $this->assertSame("1 x cr\xE8me br\xFBl\xE9e ! 10%", $r['caddie']); // latin-1 bytes and a '!'
        $this->assertSame('info ! bonus', $r->field('complementary_info'));
        $this->assertSame('00', $r['response_code']);
        // Two values hold a '!': the legacy line has 46 of them, not 44.
        $this->assertSame(46, substr_count($r->output, '!'));
        $this->expectException(\OutOfRangeException::class);
        $r->field('no_such_field');
    }

    /** @return array<string, array{0: string}> */
    public function alterations(): array
    {
        return ['in the MAC' => ['mac'], 'in the payload' => ['payload']];
    }

    /** @dataProvider alterations */
    public function testAlteredMessageFailsTheMac(string $where): void
    {
        $message = Support::demoResponses()['cases'][0]['message'];
        $i = $where === 'mac' ? strlen($message) - 1 : intdiv(strlen($message), 2);
        $message[$i] = $message[$i] === '0' ? '1' : '0';
        $r = self::$sogen->responseResult(['pathfile' => Support::PATHFILE, 'message' => $message]);
        // No .old certificate beside the demo one: the legacy reports the MAC
        // failure as the failure to open it.
        $detail = 'error open certificate file demo/param/certif.fr.000000000000001.old.php';
        $this->assertSame(-1, $r->code);
        $this->assertSame("Error in MAC key generation ($detail)", $r->error);
        $this->assertSame('!-1!' . Support::errBlock('Error in MAC key generation', $detail) . str_repeat('!', 42), $r->output);
        $this->assertSame([''], array_values(array_unique($r->fields)));
    }

    public function testRequestDataReadsBack(): void
    {
        $form = self::$sogen->requestResult(self::demo(['transaction_id' => 424242, 'order_id' => 'ORDER-42', 'caddie' => "panier \xE9t\xE9"]))->form;
        $this->assertSame(1, preg_match('/NAME=DATA VALUE="([0-9a-f]+)"/', $form, $m));
        $r = self::$sogen->responseResult(['message' => $m[1], 'pathfile' => Support::PATHFILE]);
        $this->assertTrue($r->isOk(), (string) $r->error);
        $this->assertSame([Support::DEMO_MERCHANT, '2500', '424242', 'ORDER-42', "panier \xE9t\xE9"],
            [$r['merchant_id'], $r['amount'], $r['transaction_id'], $r['order_id'], $r['caddie']]);
    }
}
