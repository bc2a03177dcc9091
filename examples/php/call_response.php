<?php

// call_response: where the customer comes back from the payment server
// (RETURN_URL / CANCEL_URL), with the result in the posted DATA.
require __DIR__ . '/config.inc.php';

$result = Sogen\Sogen::default()->responseResult([
    'message' => $_POST['DATA'] ?? '',
    'pathfile' => $pathfile,
]);
$verdicts = ['00' => 'Payment accepted', '17' => 'Payment cancelled'];
?>
<!DOCTYPE html>
<html>
<head><title>Sogenactif - payment result</title></head>
<body style="font-family: sans-serif">
<h1>Demo shop - payment result</h1>
<?php if (!$result->isOk()) { ?>
<p id="shop-error">Payment API error (response):</p>
<pre><?= h($result->error) ?></pre>
<?php } else { ?>
<h2 id="verdict"><?= h($verdicts[$result['response_code']] ?? 'Payment refused') ?></h2>
<table border="1" cellpadding="3">
<?php foreach ($result->fields as $name => $value) { ?>
<tr><th><?= h($name) ?></th><td id="<?= h($name) ?>"><?= h($value) ?></td></tr>
<?php } ?>
</table>
<?php } ?>
<p><a href="call_request.php">New order</a></p>
</body>
</html>
