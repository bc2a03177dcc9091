<?php

// call_request: shows the payment means of the shop; the customer's click
// posts the signed DATA to the payment server. (The vendor's sample ran the
// `request` executable with exec(); this calls libsogen in-process.)
require __DIR__ . '/config.inc.php';

// The request: keyword => value, as in the data dictionary. The parmcom files
// of the pathfile give the rest (RETURN_URL, CANCEL_URL, AUTO_RESPONSE_URL…);
// a value given here wins over them.
$amount = preg_replace('/\D/', '', $_GET['amount'] ?? '') ?: '2500';
$params = [
    'merchant_id' => $merchant_id,
    'merchant_country' => 'fr',
    'amount' => $amount,             // in cents: 25.00 EUR
    'currency_code' => '978',        // EUR
    'pathfile' => $pathfile,
    // 'transaction_id' => '123456', // default: the time, hhmmss (one order per second)
    // 'normal_return_url' => 'http://www.example.org/call_response.php',
    // 'cancel_return_url' => 'http://www.example.org/call_response.php',
    // 'automatic_response_url' => 'http://www.example.org/call_autoresponse.php',
    // 'language' => 'fr',
    // 'payment_means' => 'CB,2,VISA,2,MASTERCARD,2',
    // 'header_flag' => 'yes',
    // 'capture_day' => '0', 'capture_mode' => 'AUTHOR_CAPTURE',
    'customer_id' => 'client-42',
    'order_id' => 'ORDER-' . date('His'),
    'caddie' => '1 x sample item',
];

$result = Sogen\Sogen::default()->requestResult($params);
?>
<!DOCTYPE html>
<html>
<head><title>Sogenactif - demo shop</title></head>
<body style="font-family: sans-serif">
<h1>Demo shop</h1>
<p>Your order: <b><?= h(number_format((int) $amount / 100, 2, ',', ' ')) ?> EUR</b>.</p>
<?php if (!$result->isOk()) { ?>
<p id="shop-error">Payment API error (request):</p>
<pre><?= h($result->error) ?></pre>
<?= $result->debug ?>
<?php } else { ?>
<?= $result->debug /* DEBUG!YES! in the pathfile: the plug-in's own HTML */ ?>
<?= $result->form /* the payment means; a click posts DATA to the payment server */ ?>
<?php } ?>
</body>
</html>
