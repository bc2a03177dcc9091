<?php

// call_autoresponse: the payment server posts the response here itself, with
// no browser (automatic_response_url): nothing to show, no redirection. As the
// vendor's sample did, every field is appended to a log file; a shop would
// update its order here. The answer is an empty HTTP 200.
require __DIR__ . '/config.inc.php';

$log = date('Y-m-d H:i:s') . " automatic response\n";
// What call_request.php stored for the order this URL names: the response must be its.
$order = stored_order($orders, $_GET['transaction_id'] ?? null);
try {
    $result = $order === null ? null : Sogen\Sogen::default()->responseFromPost($_POST, $pathfile, $order);
} catch (ValueError | TypeError $e) { // no DATA (Sips 1.0) nor Data and Seal (Sips 2.0), or not one string
    $result = null;
    $log .= "Not a payment response: {$e->getMessage()}\n";
}
if ($order === null) {
    $log .= 'Unknown order: transaction_id ' . json_encode($_GET['transaction_id'] ?? null) . "\n";
} elseif ($result !== null && !$result->isOk()) {
    $log .= "API call error.\nError message : {$result->error}\n";
} elseif ($result !== null) {
    // Code 0: sealed with the merchant's key and this order's; paid only when response_code is 00.
    foreach ($result->fields as $name => $value) {
        $log .= "$name : $value\n";
    }
}
$log .= "-------------------------------------------\n";
// LOCK_EX: responses for several orders may arrive at once.
file_put_contents($logfile, $log, FILE_APPEND | LOCK_EX);
