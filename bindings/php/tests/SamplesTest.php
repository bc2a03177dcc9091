<?php

declare(strict_types=1);

namespace Sogen\Tests;

use PHPUnit\Framework\TestCase;

/**
 * The vendor's three sample pages rewritten on the binding (examples/php),
 * served by `php -S` as the demo shop is, with the demo merchant.
 */
final class SamplesTest extends TestCase
{
    /** @var resource */
    private static $server;

    private static string $url;

    private static string $log;

    private static string $dir;

    private static string $autoLog;

    public static function setUpBeforeClass(): void
    {
        // The orders the pages store go beside the log: in this directory.
        self::$dir = Support::tempDir('sogen-php-samples-');
        self::$autoLog = self::$dir . '/autoresponse.log';
        [self::$server, self::$url, self::$log] = Support::startServer(
            Support::repo() . '/examples/php',
            ['-d', 'ffi.enable=1'],
            ['SOGEN_LIBRARY' => Support::library(), 'SOGEN_AUTORESPONSE_LOG' => self::$autoLog, 'SOGEN_PATHFILE' => ''],
        );
    }

    public static function tearDownAfterClass(): void
    {
        Support::stopServer(self::$server);
        @unlink(self::$log);
        Support::removeDir(self::$dir);
    }

    /**
     * An order as call_request.php stores it, for the golden response $name
     * (its merchant, transaction, amount and currency), with $changes; its
     * date is months old, so a max_age keeps it recent unless $changes drops it.
     *
     * @param array<string, string|null> $changes
     */
    private static function storeOrderOf(string $name, array $changes = []): string
    {
        $f = Support::goldenFields(Support::goldenCase($name));
        $order = array_filter($changes + ['merchant_id' => $f['merchant_id'], 'transaction_id' => $f['transaction_id'],
            'amount' => $f['amount'], 'currency_code' => $f['currency_code'], 'max_age' => '1000000000'], 'is_string');
        @mkdir(self::$dir . '/sogen-orders');
        file_put_contents(self::$dir . "/sogen-orders/{$f['transaction_id']}.json", json_encode($order));

        return $f['transaction_id'];
    }

    /** Posts the golden response $name to call_response.php for its stored order: [status, page]. */
    private static function returnWith(string $name, array $changes = [], array $headers = []): array
    {
        $tid = self::storeOrderOf($name, $changes);

        return Support::http(self::$url . "/call_response.php?transaction_id=$tid", ['DATA' => Support::goldenCase($name)['message']], $headers);
    }

    public function testCallRequestShowsThePaymentMeans(): void
    {
        [$status, $body] = Support::http(self::$url . '/call_request.php');
        $this->assertSame(200, $status, $body);
        $this->assertStringContainsString('<FORM METHOD=POST ACTION="http://127.0.0.1:8090/cgis-payment/demo/callpayment"', $body);
        $this->assertMatchesRegularExpression('/<INPUT TYPE=IMAGE NAME=CB BORDER=0 SRC="\/logo\/CB.gif">/', $body);
        $this->assertMatchesRegularExpression('/NAME=DATA VALUE="[0-9a-f]{400,}"/', $body);
        $this->assertStringContainsString('<b>25,00 EUR</b>', $body);
        [, $body] = Support::http(self::$url . '/call_request.php?amount=1234');
        $this->assertStringContainsString('<b>12,34 EUR</b>', $body);
    }

    public function testCallRequestStoresWhatItsDataCarries(): void
    {
        // What the page put in DATA, read back by the binding.
        [, $body] = Support::http(self::$url . '/call_request.php?amount=4321');
        $this->assertSame(1, preg_match('/NAME=DATA VALUE="([0-9a-f]+)"/', $body, $m));
        $cwd = getcwd();
        chdir(Support::repo()); // demo/pathfile names its files relative to the repository
        try {
            $r = (new \Sogen\Sogen(Support::library()))->responseResult(['message' => $m[1], 'pathfile' => Support::PATHFILE]);
        } finally {
            chdir($cwd);
        }
        // A request enciphers customer_id without the flag a server response
        // carries, so `response` reports the legacy structure error on it
        // (behaviour.md §5.3) and, for that error only, still prints the fields.
        $this->assertSame('Error in the response structure (customer_id)', $r->error);
        $this->assertSame([Support::DEMO_MERCHANT, '4321', '1 x sample item'], [$r['merchant_id'], $r['amount'], $r['caddie']]);
        $this->assertMatchesRegularExpression('/^\d{6}$/', $r['transaction_id']);
        $this->assertSame("ORDER-{$r['transaction_id']}", $r['order_id']);
        // The order stored for the response to match.
        $stored = json_decode(file_get_contents(self::$dir . "/sogen-orders/{$r['transaction_id']}.json"), true);
        $this->assertSame(['merchant_id' => Support::DEMO_MERCHANT, 'transaction_id' => $r['transaction_id'], 'amount' => '4321', 'currency_code' => '978'], $stored);
    }

    public function testCallResponseShowsThePayment(): void
    {
        [$status, $body] = self::returnWith('accepted_all_fields');
        $this->assertSame(200, $status, $body);
        $this->assertStringContainsString('<html lang="en">', $body);
        $this->assertStringContainsString('<div id="outcome" class="paid" data-outcome="paid" data-code="00"><h2>Payment accepted</h2><p>Response code 00: authorisation accepted</p></div>', $body);
        foreach (['amount' => '25.00 EUR', 'transaction' => '123456', 'order' => 'ORDER-1', 'card' => "CB 4970 \xB7\xB7\xB7\xB7 \xB7\xB7\xB7\xB7 \xB7\xB706",
            'date' => '2026-01-15 10:35:12', 'authorisation' => '654321'] as $row => $value) {
            $this->assertMatchesRegularExpression("{<tr data-field=\"$row\"><th>[^<]+</th><td>" . preg_quote($value) . '</td></tr>}', $body, $row);
        }
        // Every value received, under the details: the empty ones left out.
        foreach (Support::goldenFields(Support::goldenCase('accepted_all_fields')) as $name => $value) {
            $cell = "<td id=\"$name\">" . htmlspecialchars($value, ENT_QUOTES | ENT_SUBSTITUTE, 'ISO-8859-1') . '</td>';
            $this->assertSame($value !== '', str_contains($body, $cell), $name);
        }
        $this->assertStringContainsString("cr\xE8me", $body); // bytes as received, page in ISO-8859-1
    }

    public function testCallResponseOutcomesInFrench(): void
    {
        $french = ['Accept-Language: fr-FR,fr;q=0.9,en;q=0.8'];
        foreach (['refused' => ['refused', '05', 'Paiement refus&eacute;'], 'cancelled' => ['cancelled', '17', 'Paiement annul&eacute;']] as $name => [$outcome, $code, $title]) {
            [, $body] = self::returnWith($name, [], $french);
            $this->assertStringContainsString('<html lang="fr">', $body);
            $this->assertStringContainsString("<div id=\"outcome\" class=\"$outcome\" data-outcome=\"$outcome\" data-code=\"$code\"><h2>$title</h2>", $body);
        }
        $this->assertStringContainsString('<p>Code r&eacute;ponse 17 : annulation de l&#39;internaute</p>', $body);
        $this->assertStringContainsString('<td>25,00 EUR</td>', $body);
        $this->assertStringContainsString('<td>15/01/2026 ', $body);
        // English when the browser prefers it.
        [, $body] = self::returnWith('refused', [], ['Accept-Language: fr;q=0.5, en-GB']);
        $this->assertStringContainsString('<h2>Payment refused</h2>', $body);
    }

    public function testCallResponseRefusesWhatTheOrderDidNotSend(): void
    {
        $cases = [
            'another amount' => [['amount' => '2501'], 'Error response does not match the request (amount 2501 expected, 2500 received)'],
            'another merchant' => [['merchant_id' => '000000000000002'], 'merchant_id 000000000000002 expected, 000000000000001 received'],
            'an old response' => [['max_age' => null], 'transmission_date 20260115103000 is not recent'],
            'escaped' => [['amount' => '<b>1</b>'], 'amount &lt;b&gt;1&lt;/b&gt; expected'],
        ];
        foreach ($cases as $what => [$changes, $error]) {
            [$status, $body] = self::returnWith('accepted_all_fields', $changes);
            $this->assertSame(200, $status, $what);
            $this->assertStringContainsString('<div id="shop-error">', $body, $what);
            $this->assertStringContainsString($error, $body, $what);
            $this->assertStringNotContainsString('id="outcome"', $body, $what);
        }
        // A MAC that does not verify.
        $tid = self::storeOrderOf('refused');
        [, $body] = Support::http(self::$url . "/call_response.php?transaction_id=$tid", ['DATA' => substr(Support::goldenCase('refused')['message'], 0, -1) . 'x']);
        $this->assertStringContainsString('Error in MAC key generation', $body);
    }

    public function testCallResponseWithoutAnOrderOrAResponse(): void
    {
        $message = Support::goldenCase('accepted_all_fields')['message'];
        foreach (['', '?transaction_id=999999', '?transaction_id=../x', '?transaction_id[]=1'] as $query) {
            [$status, $body] = Support::http(self::$url . "/call_response.php$query", ['DATA' => $message]);
            $this->assertSame(200, $status, $query);
            $this->assertStringContainsString('This page names no order of this shop.', $body, $query);
        }
        $tid = self::storeOrderOf('accepted_all_fields');
        foreach ([['data' => $message], ['DATA' => [$message]]] as $post) { // no DATA; DATA[]=…: not one string
            [$status, $body] = Support::http(self::$url . "/call_response.php?transaction_id=$tid", $post);
            $this->assertSame(200, $status);
            $this->assertStringContainsString('No payment response in this request.', $body);
        }
    }

    public function testCallAutoresponseLogsEveryField(): void
    {
        @unlink(self::$autoLog);
        $accepted = Support::goldenCase('accepted_all_fields');
        $tid = self::storeOrderOf('accepted_all_fields');
        foreach (["?transaction_id=$tid" => $accepted['message'], "?transaction_id=$tid&x" => 'garbage', '?transaction_id=1' => $accepted['message']] as $query => $data) {
            [$status, $body] = Support::http(self::$url . "/call_autoresponse.php$query", ['DATA' => $data]);
            $this->assertSame([200, ''], [$status, $body]);
        }
        $log = file_get_contents(self::$autoLog);
        foreach (Support::goldenFields($accepted) as $name => $value) {
            $this->assertStringContainsString("\n$name : $value\n", $log);
        }
        $this->assertStringContainsString("Error message : Error get DATA response parameter  (wrong length)\n", $log);
        $this->assertStringContainsString("Unknown order: transaction_id \"1\"\n", $log);
        $this->assertSame(3, substr_count($log, "-------------------------------------------\n"));
    }

    public function testLogosAreServedForTheDemoPathfile(): void
    {
        // demo/pathfile says D_LOGO!/logo/!: examples/php/logo links to examples/logo.
        if (!is_dir(Support::repo() . '/examples/logo')) {
            $this->markTestSkipped('examples/logo is not there');
        }
        [$status, $body] = Support::http(self::$url . '/logo/CB.gif');
        $this->assertSame(200, $status);
        $this->assertStringStartsWith('GIF8', $body);
    }

    public function testTheSamplesRunPreloaded(): void
    {
        // ffi.enable=preload (PHP's default) with the binding preloaded.
        $libDir = Support::tempDir('sogen-php-lib-');
        symlink(Support::library(), "$libDir/libsogen.so.1");
        $user = posix_getpwuid(posix_geteuid())['name'];
        [$server, $url, $log] = Support::startServer(
            Support::repo() . '/examples/php',
            ['-d', 'ffi.enable=preload', '-d', 'ffi.preload=' . dirname(__DIR__) . '/sogen-ffi.h', '-d', 'opcache.enable=1',
                '-d', 'opcache.preload=' . dirname(__DIR__) . '/preload.php', '-d', "opcache.preload_user=$user"],
            ['LD_LIBRARY_PATH' => $libDir, 'SOGEN_LIBRARY' => '', 'SOGEN_AUTORESPONSE_LOG' => self::$autoLog],
        );
        try {
            $tid = self::storeOrderOf('refused');
            [$status, $body] = Support::http("$url/call_response.php?transaction_id=$tid", ['DATA' => Support::goldenCase('refused')['message']]);
            $this->assertSame(200, $status, $body . file_get_contents($log));
            $this->assertStringContainsString('<td id="response_code">05</td>', $body);
        } finally {
            Support::stopServer($server);
            Support::removeDir($libDir);
            @unlink($log);
        }
    }
}
