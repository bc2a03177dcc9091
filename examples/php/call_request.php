<?php

// call_request: shows the payment means of the shop; the customer's click
// posts the signed DATA to the payment server. (The vendor's sample ran the
// `request` executable with exec(); this calls libsogen in-process.)
require __DIR__ . '/config.inc.php';

$amount = preg_replace('/\D/', '', $_GET['amount'] ?? '') ?: '2500';
// What the response must carry back (call_response.php checks it): stored below.
$order = [
    'merchant_id' => $merchant_id,
    'transaction_id' => date('His'), // the plug-in's default made explicit: hhmmss, one order per second
    'amount' => $amount,             // in cents: 25.00 EUR
    'currency_code' => '978',        // EUR
];
// The return pages name the order, so that they read the response against it.
// (On this host: a shop writes its own URLs here, or leaves them to the parmcom.)
$back = ['transaction_id' => $order['transaction_id']];

// The request: keyword => value, as in the data dictionary. The parmcom files
// of the pathfile give the rest; a value given here wins over them.
$params = $order + [
    'merchant_country' => 'fr',
    'pathfile' => $pathfile,
    'normal_return_url' => sibling_url('call_response.php', $back),
    'cancel_return_url' => sibling_url('call_response.php', $back),
    'automatic_response_url' => sibling_url('call_autoresponse.php', $back),
    // 'language' => 'fr',
    // 'payment_means' => 'CB,2,VISA,2,MASTERCARD,2',
    // 'header_flag' => 'yes',
    // 'capture_day' => '0', 'capture_mode' => 'AUTHOR_CAPTURE',
    // With API_VERSION!P617! in the pathfile: 'customer_name' => 'Dupont', 'billing_city' => 'Paris'…
    'customer_id' => 'client-42',
    'order_id' => 'ORDER-' . $order['transaction_id'],
    'caddie' => '1 x sample item',
];

$result = Sogen\Sogen::default()->requestResult($params);
if ($result->isOk()) {
    store_order($orders, $order);
}
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
