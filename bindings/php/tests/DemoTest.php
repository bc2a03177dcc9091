<?php

declare(strict_types=1);

namespace Sogen\Tests;

/**
 * What the golden file cannot hold: a successful request carries the real
 * clock (its DATA and transmission date), so its form is checked by shape,
 * and its DATA read back by response.
 */
final class DemoTest extends RepositoryTestCase
{
    private const ACTION = 'http://127.0.0.1:8090/cgis-payment/demo/callpayment';

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

    public function testListAndArrayGiveTheSameForm(): void
    {
        $list = self::$sogen->request(['pathfile=' . Support::PATHFILE, 'merchant_id=' . Support::DEMO_MERCHANT, 'amount=2500']);
        $array = self::$sogen->request(self::demo());
        // Equal but for what the clock changes: DATA and nothing else.
        $data = '/NAME=DATA VALUE="[0-9a-f]+"/';
        $this->assertSame(preg_replace($data, '', $list), preg_replace($data, '', $array));
        $this->assertStringStartsWith('!0!!<FORM METHOD=POST', $list);
        $this->assertStringEndsWith('</FORM>!', $list);
    }

    public function testAll42FieldsAndTheDecipheredCustomerId(): void
    {
        $case = Support::goldenCase('accepted_all_fields');
        $r = self::$sogen->responseResult(['pathfile' => Support::PATHFILE, 'message' => $case['message']]);
        $this->assertSame('client-42', $r['customer_id']); // enciphered in DATA (flag 108)
        $this->assertSame("1 x cr\xE8me br\xFBl\xE9e ! 10%", $r['caddie']); // latin-1 bytes and a '!'
        $this->assertSame('info ! bonus', $r->field('complementary_info'));
        // Two values hold a '!': the legacy line has 46 of them, not 44.
        $this->assertSame(46, substr_count($r->output, '!'));
        $this->expectException(\OutOfRangeException::class);
        $r->field('no_such_field');
    }

    public function testRequestDataReadsBack(): void
    {
        $form = self::$sogen->requestResult(self::demo(['transaction_id' => 424242, 'order_id' => 'ORDER-42', 'caddie' => "panier \xE9t\xE9"]))->form;
        $this->assertSame(1, preg_match('/NAME=DATA VALUE="([0-9a-f]+)"/', $form, $m));
        $r = self::$sogen->responseResult(['message' => $m[1], 'pathfile' => Support::PATHFILE]);
        $this->assertTrue($r->isOk(), (string) $r->error);
        $this->assertSame([Support::DEMO_MERCHANT, '2500', '424242', 'ORDER-42', "panier \xE9t\xE9"],
            [$r['merchant_id'], $r['amount'], $r['transaction_id'], $r['order_id'], $r['caddie']]);
        $this->assertMatchesRegularExpression('/^\d{14}$/', $r['transmission_date']);
    }
}
